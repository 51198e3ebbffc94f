-- POST /stories with a realistic 4 KB JSON story (no childId, so no lookup): the insert
-- figure of bench/run.sh. The body is read from a file that run.sh writes; its modelUsed is
-- "bench-insert", so run.sh deletes these rows after each run.
--
-- Environment: BENCH_BODY (the file), BENCH_WRK_DIR, BENCH_TOKEN.

dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local f = assert(io.open(os.getenv("BENCH_BODY"), "r"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

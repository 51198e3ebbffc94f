-- GET the URL given on wrk's command line (a list page, always the same request): the
-- list, deep and sparse figures of bench/run.sh. No request() function, so wrk sends one
-- prebuilt request and Lua costs nothing per request.
--
-- Environment: BENCH_WRK_DIR, BENCH_TOKEN.

dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

-- GET /stories/{id} of a random existing story per request: the byid figure of
-- bench/run.sh. The ids are read from a file, one a line, written by run.sh from the seed
-- (md5('story' || i)::uuid for random i).
--
-- Environment: BENCH_IDS (the file), BENCH_WRK_DIR, BENCH_TOKEN, BENCH_BYID_PATH (default /stories/).

dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local ids = {}

local function load_ids(file)
  local f = assert(io.open(file, "r"))
  for line in f:lines() do
    if line ~= "" then
      ids[#ids + 1] = line
    end
  end
  f:close()
  if #ids == 0 then
    error("no ids in " .. file)
  end
end

-- what comes before the id: /stories/, or the peer's path (bench/peer.sh)
local prefix = os.getenv("BENCH_BYID_PATH") or "/stories/"

-- each thread numbers itself, so that the two threads draw different sequences
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  load_ids(os.getenv("BENCH_IDS"))
  math.randomseed(os.time() * 1000 + (number or 0))
end

function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end

-- wrk script for tests/bench/load.py: every public page type in turn, and a JSON summary at the end.
local paths = {}
for path in string.gmatch(os.getenv("LOAD_PATHS"), "[^ ]+") do paths[#paths + 1] = path end
local index = 0

request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

dofile(os.getenv("BENCH_DIR") .. "/summary.lua")  -- done(): the JSON summary

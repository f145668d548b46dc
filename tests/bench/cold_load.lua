-- wrk script for tests/bench/cold.py: mostly addresses no one asked for before (a new combination of
-- filters, cold), some repeated ones (warm), as visitors share links; a JSON summary at the end.
local words = {"energy", "heating", "city", "health", "water", "climate", "mobility", "data", "energia", "citta"}
local countries = {"DE", "FR", "IT", "ES", "NL", "BE", "EL", "PT", "SE", "AT", "PL", "FI", "DK", "IE", "UK"}
local statuses = {"", "closed", "ongoing"}
local orders = {"", "-eu", "start", "-start", "acronym"}

math.randomseed(os.time())

local function pick(list) return list[math.random(#list)] end

request = function()
  local r = math.random()
  if r < 0.2 then
    return wrk.format("GET", pick({"/en/", "/it/", "/en/projects/", "/it/organizzazioni/"}))
  end
  local query = {}
  if math.random() < 0.5 then query[#query + 1] = "q=" .. pick(words) end
  if math.random() < 0.5 then query[#query + 1] = "country=" .. pick(countries) end
  if math.random() < 0.4 then query[#query + 1] = "year_from=" .. math.random(2014, 2021) end
  if math.random() < 0.3 then query[#query + 1] = "status=" .. pick(statuses) end
  if math.random() < 0.3 then query[#query + 1] = "min_eu=" .. math.random(0, 50) * 100000 end
  if math.random() < 0.3 then query[#query + 1] = "ordering=" .. pick(orders) end
  if math.random() < 0.2 then query[#query + 1] = "page=" .. math.random(1, 20) end
  local list = math.random() < 0.85 and "/en/projects/" or "/en/organisations/"
  return wrk.format("GET", list .. "?" .. table.concat(query, "&"), {["Accept-Language"] = "en"})
end

dofile(os.getenv("BENCH_DIR") .. "/summary.lua")  -- done(): the JSON summary

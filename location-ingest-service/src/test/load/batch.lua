-- wrk -t2 -c16 -d30s --latency -s batch.lua http://localhost:8081
-- env TOKEN / DRIVER as for ping.lua; env SIZE: pings per batch (default 500).
-- Pings per second = requests per second x SIZE (all must answer 202; the summary counts any other status).
local token = os.getenv("TOKEN")
local driver = os.getenv("DRIVER")
local size = tonumber(os.getenv("SIZE") or "500")
local body

local function iso(ms)
  local s = math.floor(ms / 1000)
  return os.date("!%Y-%m-%dT%H:%M:%S", s) .. string.format(".%03dZ", ms % 1000)
end

init = function(args)
  local base = os.time() * 1000 - 3600000
  local pings = {}
  for i = 1, size do
    pings[i] = string.format(
      '{"driverId":"%s","latitude":%.6f,"longitude":%.6f,"recordedAt":"%s","accuracyMeters":5.0,"speedMps":8.5,"headingDegrees":90.0}',
      driver, 52.5 + i / 100000, 13.4 + i / 100000, iso(base + i * 1000))
  end
  body = '{"pings":[' .. table.concat(pings, ",") .. ']}'
end

request = function()
  return wrk.format("POST", "/api/v1/locations/batch",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d / %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
  io.write(string.format("pings/s: %.0f\n", summary.requests * size / (summary.duration / 1e6)))
  io.write(string.format("p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

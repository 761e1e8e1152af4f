-- wrk -t2 -c64 -d30s --latency -s ping.lua http://localhost:8081
-- env TOKEN: a driver token for DRIVER (DevTokenCli DRIVER driver); env DRIVER: its subject.
-- Each request is one ping with a fresh recordedAt (repeats would be valid too, this just looks like real traffic).
local token = os.getenv("TOKEN")
local driver = os.getenv("DRIVER")
local start_ms = os.time() * 1000 - 60000
local n = 0

local function iso(ms)
  local s = math.floor(ms / 1000)
  return os.date("!%Y-%m-%dT%H:%M:%S", s) .. string.format(".%03dZ", ms % 1000)
end

request = function()
  n = n + 1
  local body = string.format(
    '{"driverId":"%s","latitude":%.6f,"longitude":%.6f,"recordedAt":"%s","accuracyMeters":5.0,"speedMps":8.5,"headingDegrees":90.0}',
    driver, 52.5 + (n % 1000) / 100000, 13.4 + (n % 1000) / 100000, iso(start_ms + (n % 50000)))
  return wrk.format("POST", "/api/v1/locations",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d / %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
  io.write(string.format("p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

-- wrk reporter: one JSON line with throughput and the 50th/95th/99th latency percentiles.
-- With WRK_THINK_MS set, each connection is a user who waits between its requests, at
-- random from half to one and a half times that many milliseconds (wrk's latency does not
-- count the wait).
local think_ms = tonumber(os.getenv("WRK_THINK_MS") or "0") or 0

if think_ms > 0 then
  local seeded = false
  delay = function()
    if not seeded then
      math.randomseed(os.time() + math.floor(os.clock() * 1e6))
      seeded = true
    end
    return math.random(math.floor(think_ms / 2), math.floor(think_ms * 3 / 2))
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "requests_per_second": %.1f, "socket_errors": %d, ' ..
    '"non_2xx_3xx": %d, "bytes": %d, "latency_ms": {"mean": %.3f, "p50": %.3f, "p95": %.3f, ' ..
    '"p99": %.3f, "max": %.3f}}\n',
    summary.requests, seconds, summary.requests / seconds, errors, summary.errors.status,
    summary.bytes, latency.mean / 1000, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

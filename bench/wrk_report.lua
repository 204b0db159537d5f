-- wrk reporter: one JSON line with throughput and the 50th/95th/99th latency percentiles.
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

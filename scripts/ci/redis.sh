#!/usr/bin/env bash
# Start Redis on 127.0.0.1:6379 if it is not answering (idempotent). Prints the REDIS_URL.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v redis-server >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no \
    --pidfile /tmp/redis-ci.pid --logfile /tmp/redis-ci.log --dir /tmp
fi
for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && break; sleep 0.25; done
redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG
echo "redis://127.0.0.1:6379/0"

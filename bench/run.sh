#!/usr/bin/env bash
# Runs every benchmark scenario against Herald, the bare-Netty ceiling and the Node ws peer, one server at a time,
# and rewrites docs/benchmarks.md from the results (figures, machine, ratios) plus bench/notes.md (findings).
#
#   bench/run.sh                 the real run (about 25 minutes on 2 cores)
#   bench/run.sh --quick         small numbers, a minute: proves the tool works, measures nothing
#   bench/run.sh --only fanout   one scenario (any herald-bench 'all' option passes through)
#
# Set HERALD_BENCH_NO_SYSCTL=1 to leave the local port range alone (e.g. on a machine shared with other work).
set -uo pipefail
cd "$(dirname "$0")/.."

# Each process needs a file per connection; the hard limit may be lower than we would like (20,000 here).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The client spreads connections over 127.0.0.2, .3, ...; a wider port range still helps short of that.
if [ -z "${HERALD_BENCH_NO_SYSCTL:-}" ] && [ -w /proc/sys/net/ipv4/ip_local_port_range ]; then
  original_range="$(cat /proc/sys/net/ipv4/ip_local_port_range)"
  if echo "10000 65000" > /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null; then
    trap 'echo "$original_range" > /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true' EXIT
  fi
fi

set -e
if [ ! -f herald-server/target/herald.jar ] || [ ! -f herald-bench/target/herald-bench.jar ]; then
  mvn -q -B -pl herald-bench -am package -DskipTests
fi
if command -v node >/dev/null 2>&1 && [ ! -d bench/ws-peer/node_modules/ws ]; then
  (cd bench/ws-peer && npm install --no-audit --no-fund --loglevel=error)
fi

exec java -Xms512m -Xmx2g -jar herald-bench/target/herald-bench.jar all \
  --herald-jar herald-server/target/herald.jar --peer-dir bench/ws-peer \
  --out bench/results --report docs/benchmarks.md --notes bench/notes.md "$@"

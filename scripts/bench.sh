#!/usr/bin/env bash
# Throughput and server CPU per query over loopback: the packaged server pinned to one CPU, dnsperf to another.
#   scripts/bench.sh                          # 20 s on 127.0.0.1:5300 after 5 s of warm-up
#   PORT=5353 DURATION=60 scripts/bench.sh
# Needs two CPUs and taskset; installs dnsperf with apt-get and builds the jar when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5300}
DURATION=${DURATION:-20}   # measured seconds
WARMUP=${WARMUP:-5}        # seconds of the same load first, not measured, so the JIT has compiled the query path
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
JAVA_OPTS=${JAVA_OPTS:-}
JAR=gslb-server/target/gslb-server.jar
# EDNS with a client-subnet option (code 8: IPv4, /24 of 198.51.100.0), as resolvers send to a GSLB.
ECS=8:00011800c63364

if ! command -v dnsperf >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dnsperf
fi
# The bench needs only the jar, so test sources are not even compiled.
[ -f "$JAR" ] || ./mvnw -B -q -Dmaven.test.skip=true package

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"   # SIGTERM first: the shutdown hook closes the sockets
    for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_server EXIT

# The mix, per 10 queries: 3 www A, 2 www AAAA, 2 api A (CNAME chain api -> edge -> www), 2 NXDOMAIN, 1 wildcard.
# Names that do not exist vary so nothing along the way can answer them from one cached reply.
for i in $(seq 0 999); do
  printf 'www.gslb.example A\nwww.gslb.example AAAA\napi.gslb.example A\nnx-%d.gslb.example A\nwww.gslb.example A\n' "$i"
  printf 'h%d.wild.gslb.example A\nwww.gslb.example AAAA\napi.gslb.example A\nwww.gslb.example A\nnx-%d-b.gslb.example A\n' "$i" "$i"
done > "$work/queries.txt"

# taskset execs java, so $! is the server's own PID.
# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
taskset -c "$SERVER_CPU" java $JAVA_OPTS -jar "$JAR" --zones zones --listen "127.0.0.1:$PORT" --identity bench \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
  grep -q 'serving' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.1
done
grep -q 'serving' "$work/server.log" || { cat "$work/server.log" >&2; echo "server not ready after 30 s" >&2; exit 1; }

dnsperf_cmd=(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -d "$work/queries.txt" -e -E "$ECS" -q 100)

# utime + stime of every thread of the server, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after
# the parenthesised command name, which could contain blanks).
cpu_ticks() { sed 's/^.*) //' "/proc/$server_pid/stat" | awk '{ print $12 + $13 }'; }

"${dnsperf_cmd[@]}" -l "$WARMUP" >/dev/null
before=$(cpu_ticks)
"${dnsperf_cmd[@]}" -l "$DURATION" >"$work/dnsperf.txt"
after=$(cpu_ticks)

completed=$(awk '/Queries completed:/ { print $3 }' "$work/dnsperf.txt")
lost=$(awk '/Queries lost:/ { print $3 }' "$work/dnsperf.txt")
qps=$(awk '/Queries per second:/ { print $4 }' "$work/dnsperf.txt")
codes=$(sed -n 's/^ *Response codes: *//p' "$work/dnsperf.txt")
hz=$(getconf CLK_TCK)
[ "${completed:-0}" -gt 0 ] || { cat "$work/dnsperf.txt" >&2; echo "no query completed" >&2; exit 1; }

echo "command:              ${dnsperf_cmd[*]} -l $DURATION (after $WARMUP s of warm-up)"
echo "server:               taskset -c $SERVER_CPU java ${JAVA_OPTS:+$JAVA_OPTS }-jar $JAR (pid $server_pid)"
echo "queries completed:    $completed (lost $lost)"
echo "response codes:       $codes"
echo "queries per second:   $qps"
awk -v t="$((after - before))" -v hz="$hz" -v n="$completed" -v d="$DURATION" 'BEGIN {
  cpu = t / hz
  printf "server CPU:           %.2f s in %d s (%.0f%% of one CPU)\n", cpu, d, 100 * cpu / d
  printf "server CPU per query: %.2f us\n", 1e6 * cpu / n
}'

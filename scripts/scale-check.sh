#!/usr/bin/env bash
# Start-up and reload at scale: generates a zone of RECORDS records and a policy file of NAMES GSLB names, starts the
# packaged server on loopback with its launcher (packaging/bin/meridian-server: fixed heap, G1), and reports the time from launch to the first answer for the last GSLB name, the RSS
# then, and the heap and RSS around a reload of the same data (one changed record, so the whole snapshot is rebuilt)
# until the old snapshot is released after the grace period.
#   scripts/scale-check.sh                     # 100 000 records, 100 000 names, 127.0.0.1:5310
#   NAMES=30000 RECORDS=30000 scripts/scale-check.sh
#   MERIDIAN_HEAP=1g scripts/scale-check.sh    # the launcher's heap (this script's default: 768m)
#   KEEP=1 scripts/scale-check.sh              # keep the generated files and the server's log, and say where
# Needs dig and jcmd (the JDK's); builds the jar when it is missing. Nothing leaves loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

NAMES=${NAMES:-100000}
RECORDS=${RECORDS:-100000}
PORT=${PORT:-5310}
# The launcher's default heap (256m) is sized for tens of thousands of names. 100 000 take about 190 MiB live, a
# reload holds two snapshots for a while (about 370 MiB), and the policy file's nodes are held while its names are
# built: 512m is enough (the heap in use peaks near 350 MiB during the start), 768m leaves the collector room.
export MERIDIAN_HEAP=${MERIDIAN_HEAP:-768m}
export MERIDIAN_JAR=${MERIDIAN_JAR:-gslb-server/target/gslb-server.jar}
LIMIT_SECONDS=${LIMIT_SECONDS:-10}
LIMIT_RSS_MIB=${LIMIT_RSS_MIB:-1024}
KEEP=${KEEP:-}

command -v dig >/dev/null || { echo "dig is missing (Debian: bind9-dnsutils)" >&2; exit 2; }
command -v jcmd >/dev/null || { echo "jcmd is missing (a JDK, not a JRE)" >&2; exit 2; }
[ -f "$MERIDIAN_JAR" ] || ./mvnw -B -q -DskipTests package

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server exited; the end of its log:" >&2
    tail -20 "$work/server.log" >&2
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$KEEP" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir "$work/zones"

# The zone: SOA, NS and RECORDS A records r0..r(N-1), spread over documentation space.
zone() {
  local serial=$1
  printf '$ORIGIN scale.example.\n$TTL 300\n@ IN SOA ns1 hostmaster %s 3600 900 1209600 60\n  IN NS ns1\nns1 IN A 192.0.2.53\n' "$serial"
  awk -v n="$RECORDS" 'BEGIN { for (i = 0; i < n; i++) printf "r%d IN A 198.18.%d.%d\n", i, int(i / 250) % 256, i % 250 + 1 }'
}
zone 1 >"$work/zones/scale.example.zone"

# The policy: three regions and NAMES names g0..g(N-1), cycling through the kinds of chain operators write.
{
  cat <<'YAML'
regions:
  eu-west:
    latitude: 51.51
    longitude: -0.13
    endpoints:
      lb: {addresses: [192.0.2.20, "2001:db8:e::20"]}
      lb2: {addresses: [192.0.2.21]}
  us-east:
    latitude: 39.04
    longitude: -77.49
    endpoints:
      lb: {addresses: [198.51.100.20, "2001:db8:a::20"]}
      lb2: {addresses: [198.51.100.21], weight: 3}
  us-west:
    latitude: 47.61
    longitude: -122.33
    endpoints:
      lb: {addresses: [203.0.113.20]}
overrides:
  - {network: 192.0.2.192/26, regions: [us-west, us-east]}
names:
YAML
  awk -v n="$NAMES" 'BEGIN {
    for (i = 0; i < n; i++) {
      k = i % 5
      if (k == 0) printf "  g%d: {endpoints: [eu-west/lb, us-east/lb, us-west/lb], policy: geoproximity}\n", i
      else if (k == 1) printf "  g%d: {chain: [{geofence: {countries: {US: [us-east, us-west]}, default: [eu-west, us-east]}}, health, failover]}\n", i
      else if (k == 2) printf "  g%d: {endpoints: [us-east/lb, us-east/lb2], policy: weighted}\n", i
      else if (k == 3) printf "  g%d: {chain: [health, {hash: {ipv4-prefix: 24, ipv6-prefix: 48}}]}\n", i
      else printf "  g%d: {endpoints: [us-east, eu-west], chain: [health, failover], ttl: 20}\n", i
    }
  }'
} >"$work/zones/scale.example.policy.yaml"
printf 'health:\n  embedded-agent: false\n' >"$work/scale.yaml"

rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# Heap in use after a full collection, in MiB, as jcmd reports it (G1: "garbage-first heap total ..., used ...K").
heap_mib() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.0f", v / 1024; exit } }'
}
answer() { dig @127.0.0.1 -p "$PORT" +time=1 +tries=1 +short "$1" A 2>/dev/null | grep -v "^;" | head -1 || true; }

echo "machine:    $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "input:      $RECORDS records ($(du -h "$work/zones/scale.example.zone" | cut -f1)), $NAMES GSLB names ($(du -h "$work/zones/scale.example.policy.yaml" | cut -f1))"
last="g$((NAMES - 1)).scale.example."
started=$(date +%s%N)
packaging/bin/meridian-server --zones "$work/zones" --listen "127.0.0.1:$PORT" --identity scale \
  --config "$work/scale.yaml" >"$work/server.log" 2>&1 &
server_pid=$!
first=""
for _ in $(seq 1200); do
  first=$(answer "$last")
  [ -n "$first" ] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.05
done
answered=$(date +%s%N)
[ -n "$first" ] || { tail -20 "$work/server.log" >&2; echo "no answer for $last after 60 s" >&2; exit 1; }
[ -n "$(answer "r$((RECORDS - 1)).scale.example.")" ] || { echo "no answer for the last record" >&2; exit 1; }
seconds=$(awk -v a="$started" -v b="$answered" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
rss=$(rss_mib "$server_pid")
echo "command:    MERIDIAN_HEAP=$MERIDIAN_HEAP ${MERIDIAN_JAVA_OPTS:+MERIDIAN_JAVA_OPTS=\"$MERIDIAN_JAVA_OPTS\" }packaging/bin/meridian-server --zones <generated> --listen 127.0.0.1:$PORT"
echo "first answer for $last: $first after $seconds s; RSS then $rss MiB"
heap=$(heap_mib "$server_pid")
echo "after start: heap in use $heap MiB (after a full GC), RSS $(rss_mib "$server_pid") MiB"

# Reload the same data with one changed record (the SOA serial), so the inputs differ and all is rebuilt.
zone 2 >"$work/zones/scale.example.zone"
kill -HUP "$server_pid"
for _ in $(seq 1200); do
  [ "$( (dig @127.0.0.1 -p "$PORT" +time=1 +tries=1 +short scale.example. SOA 2>/dev/null || true) | awk "{ print \$3 }")" = 2 ] && break
  sleep 0.05
done
reloaded=$(date +%s%N)
echo "reload:     $(grep -o 'reload ([^)]*): serving configuration [^,]*, [0-9]* zone(s), [0-9,]* ms' "$work/server.log" | tail -1)"
echo "just after: heap in use $(heap_mib "$server_pid") MiB (old and new snapshots), RSS $(rss_mib "$server_pid") MiB"
# The old snapshot is kept for the grace period (10 s) for queries still using it, then released.
while [ $(( ($(date +%s%N) - reloaded) / 1000000000 )) -lt 12 ]; do sleep 0.5; done
after=$(heap_mib "$server_pid")
echo "12 s after: heap in use $after MiB, RSS $(rss_mib "$server_pid") MiB, peak RSS $(hwm_mib "$server_pid") MiB"

status=0
awk -v s="$seconds" -v l="$LIMIT_SECONDS" 'BEGIN { exit !(s <= l) }' || { echo "FAIL: first answer after $seconds s > $LIMIT_SECONDS s"; status=1; }
[ "$rss" -le "$LIMIT_RSS_MIB" ] || { echo "FAIL: RSS $rss MiB > $LIMIT_RSS_MIB MiB"; status=1; }
[ "$after" -le $((heap * 3 / 2)) ] || { echo "FAIL: heap $after MiB after the grace period, $heap MiB before the reload"; status=1; }
[ "$status" -ne 0 ] || echo "OK: within $LIMIT_SECONDS s and $LIMIT_RSS_MIB MiB; the old snapshot was released"
exit "$status"

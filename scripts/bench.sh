#!/usr/bin/env bash
# Throughput and server CPU per query over loopback: the packaged server pinned to one CPU, dnsperf to another.
#   scripts/bench.sh                          # 20 s on 127.0.0.1:5300 after 5 s of warm-up
#   PORT=5353 DURATION=60 scripts/bench.sh
#   COMPARE=gdnsd scripts/bench.sh            # then the same measurement against Debian's gdnsd on PORT2 (5301)
#   JAR=../old/gslb-server/target/gslb-server.jar COMPARE=gdnsd scripts/bench.sh   # an older build, then gdnsd
#   METRICS=1 scripts/bench.sh                # with the admin API on a free loopback port, so metrics are kept
#   RRL=1 scripts/bench.sh                    # with rate limiting on, loopback exempt (dnsperf is one source)
#   COOKIE=1 scripts/bench.sh                 # every query carries a client cookie, every reply a fresh one
#   DNSSEC=1 scripts/bench.sh                 # the zone signed with a fresh key, every query with the DO bit
#   KIND=geo COMPARE=gdnsd scripts/bench.sh   # one kind of query instead of the mix: static, nxdomain or geo
#   LATENCY=1 scripts/bench.sh                # then one run at LATENCY_QPS (50000/s), every reply timed: p50, p99, max
# Needs two CPUs and taskset; installs dnsperf (and, with COMPARE=gdnsd, gdnsd and dig) with apt-get and builds the
# jar when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5300}
DURATION=${DURATION:-20}   # measured seconds
WARMUP=${WARMUP:-5}        # seconds of the same load first, not measured, so the JIT has compiled the query path
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
JAVA_OPTS=${JAVA_OPTS:-}
SERVER_ARGS=${SERVER_ARGS:-} # more options for the server, e.g. "--event-loops 2" (with SERVER_CPU=0,1)
QPS=${QPS:-}               # non-empty: dnsperf sends at most this many queries a second (-Q) instead of flat out
METRICS=${METRICS:-}       # non-empty: serve the admin API (port 0), which keeps metrics on the query path
RRL=${RRL:-}               # non-empty: rate limiting on (every reply counted), dnsperf's loopback exempt
COOKIE=${COOKIE:-}         # non-empty: queries carry a client cookie (EDNS option 10), so replies carry ours
DNSSEC=${DNSSEC:-}         # non-empty: gslb.example signed (a key made in the work directory), queries with DO set
KIND=${KIND:-mix}          # mix, or one kind (scripts/bench-queries.py): static, nxdomain, geo
LATENCY=${LATENCY:-}       # non-empty: after the measured run, one run of the same length with each reply's latency
LATENCY_QPS=${LATENCY_QPS:-50000}  # the latency run's query rate: below saturation, so it shows the server, not a queue
COMPARE=${COMPARE:-}       # "gdnsd": after the server, measure gdnsd the same way, on the same CPU
PORT2=${PORT2:-5301}       # gdnsd's port
JAR=${JAR:-gslb-server/target/gslb-server.jar}  # another build of the server, e.g. an older commit's, to compare
# EDNS with a client-subnet option (code 8: IPv4, /24 of 198.51.100.0), as resolvers send to a GSLB.
ECS=8:00011800c63364

case "$KIND" in
  mix | static | nxdomain | geo) ;;
  *) echo "KIND=$KIND: mix, static, nxdomain or geo" >&2; exit 2 ;;
esac
case "$COMPARE" in
  "" | gdnsd) ;;
  *) echo "COMPARE=$COMPARE: only gdnsd is supported" >&2; exit 2 ;;
esac
missing=()
command -v dnsperf >/dev/null || missing+=(dnsperf)
if [ "$COMPARE" = gdnsd ]; then
  command -v gdnsd >/dev/null || missing+=(gdnsd)
  command -v dig >/dev/null || missing+=(bind9-dnsutils)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
# The bench needs only the jar: tests are compiled (the server's tests use the probes' test jar) but not run.
[ -f "$JAR" ] || ./mvnw -B -q -DskipTests package

work=$(mktemp -d)
server_pid=""
gdnsd_pid=""
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"   # SIGTERM first: both servers close their sockets on it
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
stop_servers() {
  stop_pid "$server_pid"
  stop_pid "$gdnsd_pid"
  rm -rf "$work"
}
trap stop_servers EXIT

# The mix, per 10 queries: 3 www A, 2 www AAAA, 2 api A (CNAME chain api -> edge -> www), 2 NXDOMAIN, 1 wildcard.
# Names that do not exist vary so nothing along the way can answer them from one cached reply.
for i in $(seq 0 999); do
  printf 'www.gslb.example A\nwww.gslb.example AAAA\napi.gslb.example A\nnx-%d.gslb.example A\nwww.gslb.example A\n' "$i"
  printf 'h%d.wild.gslb.example A\nwww.gslb.example AAAA\napi.gslb.example A\nwww.gslb.example A\nnx-%d-b.gslb.example A\n' "$i" "$i"
done > "$work/queries.txt"
# One kind of query, each with its own client subnet, in dnsperf's binary form.
[ "$KIND" = mix ] || python3 scripts/bench-queries.py "$KIND" 200000 "$work/queries.bin"

# taskset execs java, so $! is the server's own PID.
# shellcheck disable=SC2086  # JAVA_OPTS and SERVER_ARGS are lists of options
admin=()
[ -z "$METRICS" ] || admin=(--admin 127.0.0.1:0)
# The example policy checks the demo's stand-ins (scripts/demo.sh), which do not run here: without the embedded agent
# every endpoint stays unknown and counts as up, so the answers follow geography alone, as they always have here.
printf 'health:\n  embedded-agent: false\n' >"$work/bench.yaml"
# One dnsperf source would be rate limited at once: off unless asked for, and then with loopback exempt, so every
# reply still pays for its bucket.
limits=(--rate-limit 0)
if [ -n "$RRL" ]; then
  printf 'rate-limit:\n  exempt: [127.0.0.0/8]\n' >>"$work/bench.yaml"
  limits=()
fi
if [ -n "$DNSSEC" ]; then
  java -jar "$JAR" dnssec keygen gslb.example. --dir "$work/keys" >/dev/null
  printf 'dnssec:\n  keys: %s\n' "$work/keys" >>"$work/bench.yaml"
fi
taskset -c "$SERVER_CPU" java $JAVA_OPTS -jar "$JAR" --zones zones --listen "127.0.0.1:$PORT" --identity bench \
  --config "$work/bench.yaml" "${admin[@]}" "${limits[@]}" $SERVER_ARGS \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
  grep -q 'serving' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.1
done
grep -q 'serving' "$work/server.log" || { cat "$work/server.log" >&2; echo "server not ready after 30 s" >&2; exit 1; }

# utime + stime of every thread of process $1, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after
# the parenthesised command name, which could contain blanks).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
user_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 }'; }

# measure NAME PID PORT DESCRIPTION: the warm-up, then the measured dnsperf run against 127.0.0.1:PORT; prints the
# figures and writes the CPU per query (µs) to $work/NAME.cpq.
measure() {
  local name=$1 pid=$2 port=$3 desc=$4 before after user_before user_after completed lost qps codes hz
  local dnsperf_cmd=(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$port" -q 100)
  [ -z "$QPS" ] || dnsperf_cmd+=(-Q "$QPS")
  if [ "$KIND" = mix ]; then
    dnsperf_cmd+=(-d "$work/queries.txt" -e -E "$ECS")
  else
    dnsperf_cmd+=(-B -d "$work/queries.bin")
  fi
  [ -z "$COOKIE" ] || dnsperf_cmd+=(-E 10:0102030405060708)
  [ -z "$DNSSEC" ] || dnsperf_cmd+=(-D)
  "${dnsperf_cmd[@]}" -l "$WARMUP" >/dev/null
  before=$(cpu_ticks "$pid")
  user_before=$(user_ticks "$pid")
  "${dnsperf_cmd[@]}" -l "$DURATION" >"$work/$name.dnsperf.txt"
  after=$(cpu_ticks "$pid")
  user_after=$(user_ticks "$pid")

  completed=$(awk '/Queries completed:/ { print $3 }' "$work/$name.dnsperf.txt")
  lost=$(awk '/Queries lost:/ { print $3 }' "$work/$name.dnsperf.txt")
  qps=$(awk '/Queries per second:/ { print $4 }' "$work/$name.dnsperf.txt")
  codes=$(sed -n 's/^ *Response codes: *//p' "$work/$name.dnsperf.txt")
  hz=$(getconf CLK_TCK)
  [ "${completed:-0}" -gt 0 ] || { cat "$work/$name.dnsperf.txt" >&2; echo "$name: no query completed" >&2; exit 1; }

  [ -z "$COMPARE" ] || echo "== $name"
  echo "command:              ${dnsperf_cmd[*]} -l $DURATION (after $WARMUP s of warm-up)"
  echo "server:               $desc (pid $pid)"
  echo "queries completed:    $completed (lost $lost)"
  echo "response codes:       $codes"
  echo "queries per second:   $qps"
  awk -v t="$((after - before))" -v u="$((user_after - user_before))" -v hz="$hz" -v n="$completed" \
    -v d="$DURATION" -v out="$work/$name.cpq" 'BEGIN {
    cpu = t / hz
    printf "server CPU:           %.2f s in %d s (%.0f%% of one CPU)\n", cpu, d, 100 * cpu / d
    printf "server CPU per query: %.2f us (user %.2f, kernel %.2f)\n", 1e6 * cpu / n, 1e6 * u / hz / n,
      1e6 * (t - u) / hz / n
    printf "%.4f\n", 1e6 * cpu / n > out
  }'
  if [ -n "$LATENCY" ]; then
    # dnsperf -v prints one line per reply, its latency in seconds last; printing costs dnsperf time, so this run
    # is apart from the CPU measurement.
    "${dnsperf_cmd[@]}" -l "$DURATION" -Q "$LATENCY_QPS" -v | awk '/^> / { print $NF * 1e6 }' | sort -n | awk \
      -v qps="$LATENCY_QPS" '
      { v[NR] = $1 }
      END { if (NR) printf "reply latency:        p50 %.0f us, p99 %.0f us, max %.0f us (%d replies at %d/s)\n",
              v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR], NR, qps }'
  fi
}

measure meridian "$server_pid" "$PORT" "taskset -c $SERVER_CPU java ${JAVA_OPTS:+$JAVA_OPTS }-jar $JAR"
[ "$COMPARE" = gdnsd ] || exit 0

# One query of each kind in the mix, with the same client subnet, to check that both servers answer the same.
probe() {
  local port=$1 q
  for q in "www.gslb.example A" "www.gslb.example AAAA" "api.gslb.example A" "nx-0.gslb.example A" \
           "h0.wild.gslb.example A"; do
    # shellcheck disable=SC2086  # name and type
    dig @127.0.0.1 -p "$port" +norec +tries=1 +time=2 +subnet=198.51.100.0/24 +noall +comments +answer +authority $q |
      sed -n -e 's/^;; ->>HEADER<<-.*status: \([A-Z]*\),.*/status \1/p' -e 's/^; CLIENT-SUBNET: /ecs /p' \
        -e '/^[^;]/s/[[:space:]]\{1,\}/ /gp' | sed "s/^/$q: /"
  done
}
probe "$PORT" >"$work/meridian.answers"
# One after the other: the server leaves CPU $SERVER_CPU before gdnsd takes it.
stop_pid "$server_pid"
server_pid=""

# gdnsd serving the same zone, with www as a DYNA record of the geoip plugin in city-auto mode: the policy's
# regions as datacenters, with the same coordinates and addresses. The policy's other GSLB names (shop, status,
# canary, ...) are not in the mix and are left out.
g=$work/gdnsd
mkdir -p "$g/zones"
cat >"$g/config" <<EOF
options => {
  listen => [ 127.0.0.1:$PORT2 ]
  run_dir => $work/gdnsd-run
  state_dir => $work/gdnsd-state
  # Since 3.4 gdnsd answers a CNAME to a name of the same zone with that CNAME alone. The server follows the chain
  # (api -> edge -> www) in one reply, so gdnsd is made to do the same.
  experimental_no_chain => false
}
plugins => {
  geoip => {
    maps => {
      regions => {
        geoip2_db => $PWD/geo-data/demo-city.mmdb
        datacenters => [ eu-west, us-east, us-west ]
        auto_dc_coords => {
          eu-west => [ 51.51, -0.13 ]
          us-east => [ 39.04, -77.49 ]
          us-west => [ 47.61, -122.33 ]
        }
      }
    }
    resources => {
      www => {
        map => regions
        dcmap => {
          eu-west => { addrs_v4 => [ 192.0.2.20 ], addrs_v6 => [ 2001:db8:e::20 ] }
          us-east => { addrs_v4 => [ 198.51.100.20 ], addrs_v6 => [ 2001:db8:a::20 ] }
          us-west => { addrs_v4 => [ 203.0.113.20 ] }
        }
      }
    }
  }
}
EOF
{
  cat zones/gslb.example.zone
  printf '\n; The GSLB name, for gdnsd (TTL 30 as in the policy).\nwww 30 DYNA geoip!www\n'
} >"$g/zones/gslb.example"

# "start" runs gdnsd in the foreground; taskset execs it, so $! is its PID.
taskset -c "$SERVER_CPU" gdnsd -c "$g" start >"$work/gdnsd.log" 2>&1 &
gdnsd_pid=$!
for _ in $(seq 300); do
  grep -q 'DNS listeners started' "$work/gdnsd.log" && break
  kill -0 "$gdnsd_pid" 2>/dev/null || { cat "$work/gdnsd.log" >&2; echo "gdnsd exited" >&2; exit 1; }
  sleep 0.1
done
grep -q 'DNS listeners started' "$work/gdnsd.log" || { cat "$work/gdnsd.log" >&2; echo "gdnsd not ready" >&2; exit 1; }

probe "$PORT2" >"$work/gdnsd.answers"
grep -qx 'www.gslb.example A: www.gslb.example. 30 IN A 198.51.100.20' "$work/gdnsd.answers" ||
  { cat "$work/gdnsd.answers" >&2; echo "gdnsd does not answer www A with 198.51.100.20" >&2; exit 1; }
if ! diff -u "$work/meridian.answers" "$work/gdnsd.answers" >&2; then
  echo "the server (-) and gdnsd (+) answer the mix differently" >&2
  exit 1
fi
echo "answers:              the same from both for www A and AAAA, api A, NXDOMAIN and wildcard (status, ECS scope, records)"

measure gdnsd "$gdnsd_pid" "$PORT2" \
  "taskset -c $SERVER_CPU gdnsd -c <tmp>/gdnsd start (gdnsd $(gdnsd 2>&1 | sed -n 's/^gdnsd version //p'))"
awk -v m="$(cat "$work/meridian.cpq")" -v g="$(cat "$work/gdnsd.cpq")" 'BEGIN {
  printf "== server CPU per query: meridian %.2f us, gdnsd %.2f us; meridian/gdnsd = %.2f\n", m, g, m / g
}'

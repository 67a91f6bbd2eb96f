#!/usr/bin/env bash
# Throughput and server CPU per query over loopback: the packaged server pinned to one CPU, dnsperf to another.
#   scripts/bench.sh                          # 20 s on 127.0.0.1:5300 after 5 s of warm-up
#   PORT=5353 DURATION=60 scripts/bench.sh
#   COMPARE=gdnsd scripts/bench.sh            # then the same measurement against Debian's gdnsd on PORT2 (5301)
#   DNSSEC=1 COMPARE=pdns scripts/bench.sh    # then against Debian's PowerDNS on PORT2, signing the zone live
#   PDNS_CONF=cache-ttl=0 DNSSEC=1 COMPARE=pdns scripts/bench.sh   # the same without PowerDNS's packet cache
#   JAR=../old/gslb-server/target/gslb-server.jar COMPARE=gdnsd scripts/bench.sh   # an older build, then gdnsd
#   METRICS=1 scripts/bench.sh                # with the admin API on a free loopback port, so metrics are kept
#   RRL=1 scripts/bench.sh                    # with rate limiting on, loopback exempt (dnsperf is one source)
#   COOKIE=1 scripts/bench.sh                 # every query carries a client cookie, every reply a fresh one
#   DNSSEC=1 scripts/bench.sh                 # the zone signed with a fresh key, every query with the DO bit
#   KIND=geo COMPARE=gdnsd scripts/bench.sh   # one kind of query instead of the mix: static, nxdomain or geo
#   KIND=static COMPARE=floor scripts/bench.sh  # then a JVM that only echoes each datagram (scripts/UdpEchoFloor.java)
#   FLOOR=batched KIND=static COMPARE=floor scripts/bench.sh   # the echo batched as the server reads on Linux
#   LATENCY=1 scripts/bench.sh                # then one run at LATENCY_QPS (50000/s), every reply timed: p50, p99, max
#   ROUNDS=4 KIND=geo COMPARE=gdnsd scripts/bench.sh   # both up at once, measured in turn DURATION s each, 4 times
# Needs two CPUs and taskset; installs dnsperf (and, with COMPARE, gdnsd or pdns-server with its bind backend, and dig)
# with apt-get and builds the jar when they are missing.
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
COMPARE=${COMPARE:-}       # "gdnsd", "pdns" or "floor": after the server, measure that one the same way, same CPU
ROUNDS=${ROUNDS:-1}        # with COMPARE, above 1: both serve at once and are measured in turn, ROUNDS times each, so
                           # a drift of the machine's speed over the run weighs on both alike
PORT2=${PORT2:-5301}       # the other server's port
PDNS_CONF=${PDNS_CONF:-}   # with COMPARE=pdns, more pdns.conf lines, e.g. "cache-ttl=0" (no packet cache)
FLOOR=${FLOOR:-channel}    # with COMPARE=floor: "channel" (the JDK's DatagramChannel) or "batched" (recvmmsg, JNA)
JAR=${JAR:-gslb-server/target/gslb-server.jar}  # another build of the server, e.g. an older commit's, to compare
# EDNS with a client-subnet option (code 8: IPv4, /24 of 198.51.100.0), as resolvers send to a GSLB.
ECS=8:00011800c63364

case "$KIND" in
  mix | static | nxdomain | geo) ;;
  *) echo "KIND=$KIND: mix, static, nxdomain or geo" >&2; exit 2 ;;
esac
case "$FLOOR" in
  channel | batched) ;;
  *) echo "FLOOR=$FLOOR: channel or batched" >&2; exit 2 ;;
esac
case "$COMPARE" in
  "" | gdnsd | pdns | floor) ;;
  *) echo "COMPARE=$COMPARE: gdnsd, pdns or floor" >&2; exit 2 ;;
esac
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS=$ROUNDS: a number of rounds, 1 or more" >&2; exit 2; }
if [ "$ROUNDS" -gt 1 ] && { [ -z "$COMPARE" ] || [ -n "$LATENCY" ]; }; then
  echo "ROUNDS above 1 takes turns with the COMPARE server, and not with LATENCY" >&2
  exit 2
fi
missing=()
command -v dnsperf >/dev/null || missing+=(dnsperf)
if [ "$COMPARE" = gdnsd ]; then
  command -v gdnsd >/dev/null || missing+=(gdnsd)
fi
if [ "$COMPARE" = pdns ]; then
  command -v pdns_server >/dev/null || missing+=(pdns-server)
  dpkg -s pdns-backend-bind >/dev/null 2>&1 || missing+=(pdns-backend-bind)
fi
if [ -n "$COMPARE" ]; then
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
other_pid=""   # gdnsd's or pdns_server's
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"   # SIGTERM first: every server here closes its sockets on it
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
stop_servers() {
  stop_pid "$server_pid"
  stop_pid "$other_pid"
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
# taskset execs java, so $! is the server's own PID.
# shellcheck disable=SC2086  # JAVA_OPTS and SERVER_ARGS are lists of options
taskset -c "$SERVER_CPU" java $JAVA_OPTS -jar "$JAR" --zones zones --listen "127.0.0.1:$PORT" --identity bench \
  --config "$work/bench.yaml" "${admin[@]}" "${limits[@]}" $SERVER_ARGS \
  >"$work/server.log" 2>&1 &
server_pid=$!

# wait_until NAME PID LOG COMMAND...: until COMMAND succeeds, 300 tries 0.1 s apart; if process PID exits first, or
# the tries run out, shows its LOG and stops the bench.
wait_until() {
  local name=$1 pid=$2 log=$3
  shift 3
  for _ in $(seq 300); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "$name exited" >&2; exit 1; }
    sleep 0.1
  done
  cat "$log" >&2
  echo "$name not ready" >&2
  exit 1
}
wait_until server "$server_pid" "$work/server.log" grep -q 'serving' "$work/server.log"

# utime + stime of every thread of process $1, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after
# the parenthesised command name, which could contain blanks).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
user_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 }'; }

# dnsperf_for PORT: the dnsperf command against 127.0.0.1:PORT, into the array dnsperf_cmd.
dnsperf_for() {
  dnsperf_cmd=(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$1" -q 100)
  [ -z "$QPS" ] || dnsperf_cmd+=(-Q "$QPS")
  if [ "$KIND" = mix ]; then
    dnsperf_cmd+=(-d "$work/queries.txt" -e -E "$ECS")
  else
    dnsperf_cmd+=(-B -d "$work/queries.bin")
  fi
  [ -z "$COOKIE" ] || dnsperf_cmd+=(-E 10:0102030405060708)
  [ -z "$DNSSEC" ] || dnsperf_cmd+=(-D)
}

# warm PORT: WARMUP seconds of the same load, not measured, so the JIT has compiled the query path.
warm() {
  dnsperf_for "$1"
  "${dnsperf_cmd[@]}" -l "$WARMUP" >/dev/null
}

# segment NAME PID PORT: one measured dnsperf run of DURATION seconds against 127.0.0.1:PORT; adds the server's CPU
# ticks (all, user), the queries completed and lost to $work/NAME.sum, one line per segment.
segment() {
  local name=$1 pid=$2 port=$3 before after user_before user_after completed lost
  dnsperf_for "$port"
  before=$(cpu_ticks "$pid")
  user_before=$(user_ticks "$pid")
  "${dnsperf_cmd[@]}" -l "$DURATION" >"$work/$name.dnsperf.txt"
  after=$(cpu_ticks "$pid")
  user_after=$(user_ticks "$pid")
  completed=$(awk '/Queries completed:/ { print $3 }' "$work/$name.dnsperf.txt")
  lost=$(awk '/Queries lost:/ { print $3 }' "$work/$name.dnsperf.txt")
  [ "${completed:-0}" -gt 0 ] || { cat "$work/$name.dnsperf.txt" >&2; echo "$name: no query completed" >&2; exit 1; }
  echo "$((after - before)) $((user_after - user_before)) $completed $lost" >>"$work/$name.sum"
}

# report NAME PID PORT DESCRIPTION: prints what NAME's segments measured, summed, and writes its CPU per query (µs)
# to $work/NAME.cpq.
report() {
  local name=$1 pid=$2 port=$3 desc=$4 codes
  dnsperf_for "$port"
  codes=$(sed -n 's/^ *Response codes: *//p' "$work/$name.dnsperf.txt")
  [ -z "$COMPARE" ] || echo "== $name"
  echo "command:              ${dnsperf_cmd[*]} -l $DURATION (after $WARMUP s of warm-up$(
    [ "$ROUNDS" -eq 1 ] || echo "; $ROUNDS turns, alternating with the other server"))"
  echo "server:               $desc (pid $pid)"
  awk -v hz="$(getconf CLK_TCK)" -v d="$DURATION" -v codes="$codes" -v out="$work/$name.cpq" '
    { t += $1; u += $2; n += $3; lost += $4; segments++ }
    END {
      cpu = t / hz
      printf "queries completed:    %d (lost %d)\n", n, lost
      printf "response codes:       %s%s\n", codes, (segments > 1 ? " (the last turn)" : "")
      printf "queries per second:   %.0f\n", n / (d * segments)
      printf "server CPU:           %.2f s in %d s (%.0f%% of one CPU)\n", cpu, d * segments, 100 * cpu / (d * segments)
      printf "server CPU per query: %.2f us (user %.2f, kernel %.2f)\n", 1e6 * cpu / n, 1e6 * u / hz / n,
        1e6 * (t - u) / hz / n
      printf "%.4f\n", 1e6 * cpu / n > out
    }' "$work/$name.sum"
}

# measure NAME PID PORT DESCRIPTION: the warm-up, then the measured dnsperf run against 127.0.0.1:PORT; prints the
# figures and writes the CPU per query (µs) to $work/NAME.cpq.
measure() {
  local name=$1 pid=$2 port=$3 desc=$4
  warm "$port"
  segment "$name" "$pid" "$port"
  report "$name" "$pid" "$port" "$desc"
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

# measure_other NAME PID PORT DESCRIPTION: measures the other server; with ROUNDS above 1, the server (still serving)
# and the other in turn: both warmed, then a segment of each, ROUNDS times, and each turn's ratio.
measure_other() {
  local name=$1 pid=$2 port=$3 desc=$4
  if [ "$ROUNDS" -eq 1 ]; then
    measure "$@"
    return
  fi
  warm "$PORT"
  warm "$port"
  for _ in $(seq "$ROUNDS"); do
    segment meridian "$server_pid" "$PORT"
    segment "$name" "$pid" "$port"
  done
  report meridian "$server_pid" "$PORT" "$server_desc"
  report "$name" "$pid" "$port" "$desc"
  echo "== each turn: meridian/$name = $(paste -d ' ' "$work/meridian.sum" "$work/$name.sum" |
    awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), ($1 / $3) / ($5 / $7) }')"
}

server_desc="taskset -c $SERVER_CPU java ${JAVA_OPTS:+$JAVA_OPTS }-jar $JAR"
[ "$ROUNDS" -gt 1 ] || measure meridian "$server_pid" "$PORT" "$server_desc"
[ -n "$COMPARE" ] || exit 0

# Signed answers are compared only with PowerDNS, which signs too: then the probe sets DO, as dnsperf does.
probe_opts=()
[ "$COMPARE" != pdns ] || [ -z "$DNSSEC" ] || probe_opts=(+dnssec)

# One query of each kind in the mix, with the same client subnet, to check that both servers answer the same.
probe() {
  local port=$1 q
  for q in "www.gslb.example A" "www.gslb.example AAAA" "api.gslb.example A" "nx-0.gslb.example A" \
           "h0.wild.gslb.example A"; do
    # shellcheck disable=SC2086  # name and type
    dig @127.0.0.1 -p "$port" +norec +tries=1 +time=2 +subnet=198.51.100.0/24 "${probe_opts[@]}" \
        +noall +comments +answer +authority $q |
      sed -n -e '/^[^;]/s/[[:space:]]\{1,\}/ /gp' \
        -e 's/^;; ->>HEADER<<-.*status: \([A-Z]*\),.*/status \1/p' -e 's/^; CLIENT-SUBNET: /ecs /p' | sed "s/^/$q: /"
  done
}
probe "$PORT" >"$work/meridian.answers"
# One after the other: the server leaves CPU $SERVER_CPU before the other takes it; in turns, both stay.
if [ "$ROUNDS" -eq 1 ]; then
  stop_pid "$server_pid"
  server_pid=""
fi

# gdnsd serving the same zone, with www as a DYNA record of the geoip plugin in city-auto mode: the policy's
# regions as datacenters, with the same coordinates and addresses. The policy's other GSLB names (shop, status,
# canary, ...) are not in the mix and are left out.
compare_gdnsd() {
  local g=$work/gdnsd
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
  other_pid=$!
  wait_until gdnsd "$other_pid" "$work/gdnsd.log" grep -q 'DNS listeners started' "$work/gdnsd.log"

  probe "$PORT2" >"$work/gdnsd.answers"
  grep -qx 'www.gslb.example A: www.gslb.example. 30 IN A 198.51.100.20' "$work/gdnsd.answers" ||
    { cat "$work/gdnsd.answers" >&2; echo "gdnsd does not answer www A with 198.51.100.20" >&2; exit 1; }
  if ! diff -u "$work/meridian.answers" "$work/gdnsd.answers" >&2; then
    echo "the server (-) and gdnsd (+) answer the mix differently" >&2
    exit 1
  fi
  echo "answers:              the same from both for www A and AAAA, api A, NXDOMAIN and wildcard (status, ECS scope," \
    "records)"

  measure_other gdnsd "$other_pid" "$PORT2" \
    "taskset -c $SERVER_CPU gdnsd -c <tmp>/gdnsd start (gdnsd $(gdnsd 2>&1 | sed -n 's/^gdnsd version //p'))"
}

# comparable FILE: FILE's probe without what the two servers answer differently by design: signatures and denial
# records (RRSIG, NSEC, NSEC3), and the client subnet, which PowerDNS does not echo without a GeoIP backend. A compact
# denial (NOERROR with an NSEC at the name listing NXNAME, which dig of bind 9.18 prints as TYPE128) reads as the
# NXDOMAIN it stands for. Sorted, as the records of a section have no order.
comparable() {
  awk 'NR == FNR { if ($6 == "NSEC" && / (NXNAME|TYPE128)( |$)/) compact[$1 FS $2] = 1; next }
       $3 == "ecs" || $6 == "RRSIG" || $6 == "NSEC" || $6 == "NSEC3" { next }
       $3 == "status" && $4 == "NOERROR" && ($1 FS $2) in compact { $4 = "NXDOMAIN" }
       { print }' "$1" "$1" | sort
}
# denial FILE: how FILE's probe answers nx-0: the status and the denial records it carries.
denial() {
  awk '$1 == "nx-0.gslb.example" && $3 == "status" { status = $4 }
       $1 == "nx-0.gslb.example" && ($6 == "NSEC" || $6 == "NSEC3") {
         n[$6]++
         if (/ (NXNAME|TYPE128)( |$)/) nxname = " listing NXNAME"
       }
       END {
         printf "%s", status
         for (t in n) printf " with %d %s%s", n[t], t, (t == "NSEC" ? nxname : "")
         print ""
       }' "$1"
}
# client_subnet FILE: the ECS option of the reply to www A in FILE's probe (source/scope), or "none".
client_subnet() {
  local ecs
  ecs=$(sed -n 's/^www\.gslb\.example A: ecs //p' "$1")
  echo "${ecs:-none}"
}

# pdnsutil_in ARGS...: pdnsutil on the work directory's PowerDNS configuration; stops the bench if it fails.
pdnsutil_in() {
  pdnsutil --config-dir="$work/pdns" "$@" >>"$work/pdnsutil.log" 2>&1 ||
    { cat "$work/pdnsutil.log" >&2; echo "pdnsutil $* failed" >&2; exit 1; }
}
# answers_soa PORT: whether 127.0.0.1:PORT answers gslb.example's SOA.
answers_soa() { [[ $(dig @127.0.0.1 -p "$1" +norec +tries=1 +time=1 +noall +answer gslb.example SOA) == *SOA* ]]; }

# PowerDNS (the bind backend) serving the same zone file, with www as plain records: the answer the policy gives the
# bench's client subnet (198.51.100.0/24, us-east). No GeoIP here, so PowerDNS gives every client that answer.
# With DNSSEC, the zone is signed live: one ECDSA P-256 key (algorithm 13, like the server's), signatures made on the
# first answer and kept in PowerDNS's signature cache; denial by NSEC3 in narrow mode, the white lies: a fresh NSEC3
# record hashed and signed for each name asked, as the server signs a compact denial for each name. Its packet cache
# (whole replies, 20 s) and query cache keep their defaults unless PDNS_CONF changes them. Nothing outside the work
# directory is read or written, nothing leaves loopback.
compare_pdns() {
  local p=$work/pdns version desc
  mkdir -p "$p/run"
  {
    cat zones/gslb.example.zone
    printf '\n; The GSLB name as the policy answers the bench (us-east, TTL 30), for PowerDNS.\n'
    printf 'www 30 IN A 198.51.100.20\nwww 30 IN AAAA 2001:db8:a::20\n'
  } >"$p/gslb.example.zone"
  printf 'zone "gslb.example" { type master; file "%s"; };\n' "$p/gslb.example.zone" >"$p/named.conf"
  cat >"$p/pdns.conf" <<EOF
launch=bind
bind-config=$p/named.conf
bind-dnssec-db=$p/dnssec.sqlite3
local-address=127.0.0.1
local-port=$PORT2
socket-dir=$p/run
guardian=no
daemon=no
# Runs as whoever runs the bench: no setuid or setgid, no guardian, in the foreground.
setuid=
setgid=
disable-syslog=yes
# No security-status query to powerdns.com, no notifies, no transfers, no web server (ALIAS records, which would
# resolve, are not expanded by default and the zone has none).
security-poll-suffix=
primary=no
secondary=no
webserver=no
api=no
edns-subnet-processing=no
default-ksk-algorithm=ecdsa256
$PDNS_CONF
EOF
  pdnsutil_in create-bind-db "$p/dnssec.sqlite3"
  if [ -n "$DNSSEC" ]; then
    pdnsutil_in secure-zone gslb.example
    # RFC 9276: no extra iterations, no salt.
    pdnsutil_in set-nsec3 gslb.example '1 0 0 -' narrow
  fi

  # taskset execs pdns_server, so $! is its PID.
  taskset -c "$SERVER_CPU" pdns_server --config-dir="$p" --daemon=no --guardian=no >"$work/pdns.log" 2>&1 &
  other_pid=$!
  wait_until pdns "$other_pid" "$work/pdns.log" answers_soa "$PORT2"

  probe "$PORT2" >"$work/pdns.answers"
  if [ -n "$DNSSEC" ]; then
    local name
    for name in meridian pdns; do
      grep -q '^www.gslb.example A: www.gslb.example. 30 IN RRSIG A 13 ' "$work/$name.answers" ||
        { cat "$work/$name.answers" >&2; echo "$name does not sign www A with algorithm 13" >&2; exit 1; }
    done
  fi
  if ! diff -u <(comparable "$work/meridian.answers") <(comparable "$work/pdns.answers") >&2; then
    echo "the server (-) and PowerDNS (+) answer the mix differently" >&2
    exit 1
  fi
  echo "answers:              the same from both for www A and AAAA, api A, NXDOMAIN and wildcard (status, records;" \
    "signatures, denial records and ECS aside)"
  echo "client subnet:        meridian $(client_subnet "$work/meridian.answers")," \
    "pdns $(client_subnet "$work/pdns.answers")"
  if [ -n "$DNSSEC" ]; then
    echo "denial of nx-0:       meridian $(denial "$work/meridian.answers"), pdns $(denial "$work/pdns.answers")"
  fi

  # pdns_server --version exits with a failure status; the package's version says as much.
  version=$(dpkg-query -W -f '${Version}' pdns-server)
  desc="taskset -c $SERVER_CPU pdns_server --config-dir=<tmp>/pdns (PowerDNS $version, bind backend"
  measure_other pdns "$other_pid" "$PORT2" "$desc${DNSSEC:+, signing live})"
}

# The JVM's floor: a process that reads each datagram and sends it back (QR set), through the same JDK calls as the
# server's UDP readers, and does nothing else. Its replies are no answers, so nothing is compared but the cost.
compare_floor() {
  # Source-file mode: the JVM compiles the one file at start, before the warm-up; taskset execs java. The server's
  # jar is on the class path for JNA.
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  taskset -c "$SERVER_CPU" java $JAVA_OPTS -cp "$JAR" scripts/UdpEchoFloor.java "$PORT2" "$FLOOR" \
    >"$work/floor.log" 2>&1 &
  other_pid=$!
  wait_until floor "$other_pid" "$work/floor.log" grep -q 'echoing on' "$work/floor.log"
  measure_other floor "$other_pid" "$PORT2" "taskset -c $SERVER_CPU java scripts/UdpEchoFloor.java $FLOOR (echo, no answer)"
}

"compare_$COMPARE"
awk -v m="$(cat "$work/meridian.cpq")" -v o="$(cat "$work/$COMPARE.cpq")" -v name="$COMPARE" 'BEGIN {
  printf "== server CPU per query: meridian %.2f us, %s %.2f us; meridian/%s = %.2f\n", m, name, o, name, m / o
}'

#!/usr/bin/env bash
# The Meridian demo, on loopback only: three regions' load balancers (stand-ins, small HTTP servers), two DNS nodes
# in one cluster, and a probe agent in each region, serving zones/ with its policy and the demo GeoIP database.
#
#   scripts/demo.sh                   start everything, print what to try, run until Ctrl-C (which stops it all)
#   scripts/demo.sh fail REGION       stop that region's stand-in: its checks fail and DNS answers move away
#   scripts/demo.sh recover REGION    start it again: the region takes its traffic back
#   scripts/demo.sh stop              stop a demo running in another terminal
#
# Every process is started through packaging/bin (the launchers a real installation uses) or, for the stand-ins,
# with java and a single source file, and recorded by PID in the run directory (target/demo, or
# $MERIDIAN_DEMO_DIR); stopping means those PIDs and nothing else. Needs Java 17 and the built jars:
# ./mvnw -B -q -DskipTests package.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
run=${MERIDIAN_DEMO_DIR:-$root/target/demo}
bin=$root/packaging/bin

# Where each region's stand-in listens; the policy's checks (zones/gslb.example.policy.yaml) name the same.
regions=(eu-west us-east us-west)
declare -A standin=([eu-west]=127.0.1.1 [us-east]=127.0.1.2 [us-west]=127.0.1.3)
standin_port=8080
# The DNS nodes: DNS on port 5300 and the admin API and status page on 8053, each node on its own address. Their
# cluster ports share 127.0.0.1 (Hazelcast binds only addresses an interface carries, and lo carries 127.0.0.1
# alone); each takes votes on its cluster port + 1.
nodes=(node-a node-b)
declare -A node_address=([node-a]=127.0.0.1 [node-b]=127.0.0.2)
declare -A node_region=([node-a]=eu-west [node-b]=us-east)
declare -A node_cluster=([node-a]=127.0.0.1:5701 [node-b]=127.0.0.1:5711)
dns_port=5300
admin_port=8053
members="${node_cluster[node-a]},${node_cluster[node-b]}"
cluster_name=meridian-demo
failback_delay=5s
ready_seconds=90

if [ -n "${JAVA:-}" ]; then java=$JAVA
elif [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java
else java=java
fi

say() { printf '%s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# A recorded PID that still runs one of our programs (a PID file can outlive its process and the PID be reused):
# the launcher until it has exec'd the JVM, then the JVM with its jar, or a stand-in.
live_pid() {
  local file=$1 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE 'bin/meridian-(server|agent) |gslb-(server|agent)\.jar|StandIn\.java' || return 1
  printf '%s' "$pid"
}

start_standin() {
  local region=$1
  # nohup: a stand-in started by "recover" from another terminal outlives that terminal; the demo stops it by PID.
  nohup "$java" -Xmx16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$root/scripts/demo/StandIn.java" \
    "$region" "${standin[$region]}" "$standin_port" >>"$run/standin-$region.log" 2>&1 &
  echo $! >"$run/standin-$region.pid"
}

# One configuration file for both nodes: its path is part of the configuration version the nodes compare.
write_node_config() {
  cat >"$run/meridian.yaml" <<EOF
# Written by scripts/demo.sh. The agents probe; the DNS nodes only decide, and a recovered region takes traffic
# back ${failback_delay} after the agents see it up (30 s by default), so the demo does not keep you waiting.
health:
  embedded-agent: false
  failback-delay: ${failback_delay}
EOF
}

start_node() {
  local node=$1 address=${node_address[$1]}
  mkdir -p "$run/$node"
  "$bin/meridian-server" --config "$run/meridian.yaml" --zones "$root/zones" \
    --geoip "$root/geo-data/demo-city.mmdb" --identity "$node" --region "${node_region[$node]}" \
    --listen "$address:$dns_port" --admin "$address:$admin_port" --state-file "$run/$node/health.state" \
    --member "$members" --cluster-bind "${node_cluster[$node]}" --cluster-name "$cluster_name" \
    >"$run/$node.log" 2>&1 &
  echo $! >"$run/$node.pid"
}

start_agent() {
  local region=$1
  "$bin/meridian-agent" --region "$region" --name "probe-$region" --member "$members" \
    --cluster-name "$cluster_name" >"$run/agent-$region.log" 2>&1 &
  echo $! >"$run/agent-$region.pid"
}

# Whether something accepts TCP connections there (bash's /dev/tcp: no extra tool needed).
listening() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

await_listening() {
  local what=$1 address=$2 port=$3 pidfile=$4 log=$5 deadline=$((SECONDS + ready_seconds))
  until listening "$address" "$port"; do
    live_pid "$pidfile" >/dev/null || { tail -n 20 "$log" >&2; die "$what stopped before listening on $address:$port"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$log" >&2; die "$what not listening on $address:$port after ${ready_seconds}s"; }
    sleep 0.2
  done
}

# Stops every process recorded in the run directory: SIGTERM (the DNS nodes leave the cluster cleanly), then SIGKILL
# for any still there after 15 s.
stop_all() {
  local file pid pids=()
  for file in "$run"/*.pid; do
    [ -e "$file" ] || continue
    if pid=$(live_pid "$file"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$file"
  done
  local deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

known_region() {
  [ -n "${1:-}" ] && [ -n "${standin[$1]:-}" ] || die "name a region: ${regions[*]}"
}

require_running() {
  live_pid "$run/node-a.pid" >/dev/null || die "no demo running (start it with scripts/demo.sh)"
}

case "${1:-start}" in
  start) ;;
  fail)
    known_region "${2:-}"
    require_running
    pid=$(live_pid "$run/standin-$2.pid") || die "$2 has already failed (scripts/demo.sh recover $2)"
    kill -TERM "$pid"
    rm -f "$run/standin-$2.pid"
    say "$2: stand-in (PID $pid) stopped; its checks fail from now on"
    exit 0 ;;
  recover)
    known_region "${2:-}"
    require_running
    ! live_pid "$run/standin-$2.pid" >/dev/null || die "$2 is running already"
    start_standin "$2"
    await_listening "stand-in $2" "${standin[$2]}" "$standin_port" "$run/standin-$2.pid" "$run/standin-$2.log"
    say "$2: stand-in (PID $(cat "$run/standin-$2.pid")) serving again; it takes traffic back after 2 passed checks and ${failback_delay}"
    exit 0 ;;
  stop)
    stop_all
    say "demo stopped"
    exit 0 ;;
  *)
    die "usage: scripts/demo.sh [start | fail REGION | recover REGION | stop]" ;;
esac

for jar in "$root/gslb-server/target/gslb-server.jar" "$root/gslb-probes/target/gslb-agent.jar"; do
  [ -f "$jar" ] || die "$jar is missing: build with ./mvnw -B -q -DskipTests package"
done
mkdir -p "$run"
for file in "$run"/*.pid; do
  [ -e "$file" ] || continue
  ! live_pid "$file" >/dev/null || die "a demo is running already (PIDs in $run; scripts/demo.sh stop ends it)"
  rm -f "$file"
done
for port in "127.0.0.1 $dns_port" "127.0.0.2 $dns_port" "127.0.0.1 $admin_port" "127.0.0.2 $admin_port" \
    "${node_cluster[node-a]/:/ }" "${node_cluster[node-b]/:/ }"; do
  # shellcheck disable=SC2086 # address and port
  ! listening $port || die "something else listens on ${port/ /:}; stop it first"
done

trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

say "Starting the Meridian demo (logs and PIDs in $run) ..."
for region in "${regions[@]}"; do start_standin "$region"; done
# The load balancers serve before anything checks them, so no region starts out failed.
for region in "${regions[@]}"; do
  await_listening "stand-in $region" "${standin[$region]}" "$standin_port" "$run/standin-$region.pid" \
    "$run/standin-$region.log"
done
write_node_config
for node in "${nodes[@]}"; do start_node "$node"; done
for region in "${regions[@]}"; do start_agent "$region"; done
for node in "${nodes[@]}"; do
  await_listening "$node" "${node_address[$node]}" "$dns_port" "$run/$node.pid" "$run/$node.log"
done

cat <<EOF

Meridian demo running:
  DNS nodes    node-a 127.0.0.1 port $dns_port (eu-west), node-b 127.0.0.2 port $dns_port (us-east), one cluster
  load balancers (stand-ins)  eu-west http://127.0.1.1:$standin_port/  us-east http://127.0.1.2:$standin_port/  us-west http://127.0.1.3:$standin_port/
  probe agents eu-west, us-east, us-west: each checks every region every second
  status page  http://127.0.0.1:$admin_port/

Ask it, from another terminal (EDNS Client Subnet places the client):
  dig @127.0.0.1 -p $dns_port www.gslb.example +subnet=192.0.2.0/25 +short      # London: 192.0.2.20 (eu-west)
  dig @127.0.0.2 -p $dns_port www.gslb.example +subnet=192.0.2.0/25 +short      # the same from the other node
  dig @127.0.0.1 -p $dns_port www.gslb.example +subnet=198.51.100.0/24 +short   # Virginia: 198.51.100.20 (us-east)
  dig @127.0.0.1 -p $dns_port www.gslb.example +subnet=203.0.113.0/24 +short    # Seattle: 203.0.113.20 (us-west)
  dig @127.0.0.1 -p $dns_port CH TXT health.meridian +short                     # what node-a holds down, and its digest

Make a region fail, then recover:
  scripts/demo.sh fail eu-west       # within about 3 s London gets 198.51.100.20 (us-east, the next nearest)
  scripts/demo.sh recover eu-west    # after 2 passed checks and the ${failback_delay} failback delay, London is back on eu-west

Ctrl-C stops everything the demo started.
EOF

# Runs until Ctrl-C (the traps stop everything) or until both DNS nodes have exited.
wait "$(cat "$run/node-a.pid")" "$(cat "$run/node-b.pid")" || true

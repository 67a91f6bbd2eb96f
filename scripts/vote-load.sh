#!/usr/bin/env bash
# Health votes under load: ENDPOINTS endpoints checked over TCP every second by one agent against one DNS node, each
# role (backends, node, agent) its own JVM on loopback, so each one's CPU can be read on its own. Prints, after a
# warm-up, the agent's and the node's CPU (% of one core, from /proc/PID/stat), their RSS and the vote messages per
# second the node received. Builds the probes module (tests skipped) unless SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."

ENDPOINTS=${ENDPOINTS:-2000}
LISTENERS=${LISTENERS:-20}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-60}
CLUSTER_PORT=${CLUSTER_PORT:-15701}
BACKEND_PORT=${BACKEND_PORT:-16000}
JAVA_OPTS=${JAVA_OPTS:-}
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-}   # e.g. -XX:StartFlightRecording=filename=agent.jfr to profile the agent

if [ "${SKIP_BUILD:-}" != 1 ]; then
  ./mvnw -B -q -o -pl gslb-probes -DskipTests package test-compile
fi
CP=gslb-probes/target/gslb-agent.jar:gslb-probes/target/test-classes
MAIN=dev.meridian.probes.vote.VoteLoadSimulation
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# utime + stime of every thread of process $1, in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

java $JAVA_OPTS -cp "$CP" "$MAIN" backends "$BACKEND_PORT" "$LISTENERS" >"$work/backends.log" 2>&1 &
pids+=($!)
java $JAVA_OPTS -cp "$CP" "$MAIN" node "$CLUSTER_PORT" "$ENDPOINTS" "$BACKEND_PORT" "$LISTENERS" >"$work/node.log" 2>&1 &
node=$!
pids+=($node)
sleep 5
java $JAVA_OPTS $AGENT_JAVA_OPTS -cp "$CP" "$MAIN" agent "$CLUSTER_PORT" >"$work/agent.log" 2>&1 &
agent=$!
pids+=($agent)

sleep "$WARMUP"
hz=$(getconf CLK_TCK)
a0=$(cpu_ticks "$agent"); n0=$(cpu_ticks "$node"); t0=$(date +%s.%N)
sleep "$DURATION"
a1=$(cpu_ticks "$agent"); n1=$(cpu_ticks "$node"); t1=$(date +%s.%N)

awk -v a="$((a1 - a0))" -v n="$((n1 - n0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" -v e="$ENDPOINTS" \
    -v ar="$(rss_mib "$agent")" -v nr="$(rss_mib "$node")" 'BEGIN {
  s = t1 - t0
  printf "endpoints %d, checks/s %d, measured over %.0f s\n", e, e, s
  printf "agent: %.1f %% of a core, RSS %d MiB\n", 100 * a / hz / s, ar
  printf "node:  %.1f %% of a core, RSS %d MiB\n", 100 * n / hz / s, nr
}'
echo "node's last reports:"; grep '^node:' "$work/node.log" | tail -3
echo "agent's last reports:"; grep '^agent:' "$work/agent.log" | tail -3

#!/usr/bin/env bash
# The side-by-side benchmark in one command: Node-RED 4.1.8 against the Touchstone agent through the same scale
# driver, Mosquitto broker and pty, closed loop (one declared item per frame), rounds alternating order.
#
#   bench/run.sh                 # 3 rounds, 100 warm-up + 250 measured frames at 5/s, agent with the post options and with defaults
#   ROUNDS=5 N=500 bench/run.sh  # other load; every harness.sh variable passes through (see bench/README.md)
#   NO_NODE_RED=1 bench/run.sh   # agents only (no npm install)
#
# Needs java 17, node + npm (Node-RED is npm-installed under $BENCH_HOME, default ~/.cache/touchstone-bench),
# mosquitto, socat, python3. Builds agent/target/touchstone-agent.jar when it is missing (BUILD=1 forces it).
# Never part of CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
export AGENT_JAR="${AGENT_JAR:-$root/agent/target/touchstone-agent.jar}"
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$AGENT_JAR" ]; then
    echo "[bench] building $AGENT_JAR" >&2
    (cd "$root" && ./mvnw -q -pl agent -am package -DskipTests)
fi
home="${BENCH_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/touchstone-bench}"
mkdir -p "$home"
# The template journal: one passed scale verification recorded by the agent's own CLI (the scale is not read).
tpl="$home/agent-template"
rm -rf "$tpl"; mkdir -p "$tpl"
BENCH_TTY=/dev/null BENCH_MQTT_URL=tcp://127.0.0.1:1 "$here/agent/make-config.sh" "$tpl/agent.yaml" "$tpl"
java -jar "$AGENT_JAR" calibrate scale -c "$tpl/agent.yaml" --device scale-1 \
    --procedure "$here/agent/procedure.yaml" >"$tpl/calibrate.log" 2>&1 ||
    { echo "[bench] recording the template verification failed:" >&2; cat "$tpl/calibrate.log" >&2; exit 1; }
export BENCH_AGENT_TEMPLATE="$tpl"

export MODE="${MODE:-inspect}" ROUNDS="${ROUNDS:-3}" N="${N:-250}" WARMUP="${WARMUP:-100}" RATE="${RATE:-5}"
export AGENT_TOPIC="${AGENT_TOPIC:-touchstone/bench/alerts}" AGENT_FENCE="${AGENT_FENCE:-alert}"
export CMD_ROOT="${CMD_ROOT:-touchstone/bench}"
export AGENT_SEQ_KEY="${AGENT_SEQ_KEY:-verdict.findings.0.evidence.measuredGrams}"
# The first agent runs with the JVM options docs/operations.md recommends for a post, the second with the JVM's defaults.
export AGENT_LABEL="${AGENT_LABEL:-agent-post}"
export AGENT_CMD="${AGENT_CMD:-AGENT_JAVA_OPTS='${AGENT_OPTS:--Xms8m -Xmx64m -Xmn4m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k}' exec $here/agent/agent-run.sh}"
if [ "${ONE_AGENT:-0}" != 1 ]; then
    export AGENT2_LABEL="${AGENT2_LABEL:-agent-defaults}"
    export AGENT2_CMD="${AGENT2_CMD:-AGENT_JAVA_OPTS='${AGENT2_OPTS:-}' exec $here/agent/agent-run.sh}"
fi
[ "${NO_NODE_RED:-0}" = 1 ] && export SKIP_NODE_RED=1
exec "$here/harness.sh"

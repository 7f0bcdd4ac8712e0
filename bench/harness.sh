#!/usr/bin/env bash
# Touchstone side-by-side harness (ported from the peer-bench): Node-RED as the peer a user might pick instead
# of the agent. Installs (idempotently, under $BENCH_HOME, default ~/.cache/touchstone-bench) Node-RED + node-red-node-serialport, starts a
# mosquitto on a free 127.0.0.1 port and a socat pty pair, runs our flow headless, drives
# it with bench_driver.py and prints one summary line per contender.  Optionally the Java
# agent (AGENT_CMD) goes through the same driver, pty paths, broker and topic, and a
# ratio line is printed.  Every process started here is stopped by its PID on exit.
#
# Usually started by bench/run.sh (the one command); see bench/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEER="${BENCH_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/touchstone-bench}"
NR_DIR="$PEER/nr"
NODE_RED_VERSION="${NODE_RED_VERSION:-4.1.8}"          # 5.x needs node >= 22.9
SERIAL_NODE_VERSION="${SERIAL_NODE_VERSION:-2.0.3}"    # -> serialport 12 -> @serialport/bindings-cpp 12.0.1
N="${N:-2000}"
RATE="${RATE:-200}"
WARMUP="${WARMUP:-200}"
DECLARED_G="${DECLARED_G:-1000}"
TOL_PCT="${TOL_PCT:-0.5}"
TOPIC="bench/alerts"
AGENT_CMD="${AGENT_CMD:-}"
AGENT_LABEL="${AGENT_LABEL:-java-agent}"
AGENT_SEQ_KEY="${AGENT_SEQ_KEY:-measuredG}"
AGENT_VALUE_FACTOR="${AGENT_VALUE_FACTOR:-1}"
SKIP_NODE_RED="${SKIP_NODE_RED:-0}"
AGENT2_CMD="${AGENT2_CMD:-}"                           # optional third contender (same seq key/topic/fence as the agent)
AGENT2_LABEL="${AGENT2_LABEL:-java-agent-2}"
ROUNDS="${ROUNDS:-1}"                                  # contenders alternate A B / B A per round
MODE="${MODE:-stream}"                                 # stream (original, open loop) | inspect (one declaration per frame)
AGENT_TOPIC="${AGENT_TOPIC:-$TOPIC}"                   # where the agent's alerts appear (touchstone/<post>/alerts)
AGENT_FENCE="${AGENT_FENCE:-none}"                     # inspect: alert = wait for the previous item's UPDATED alert
CMD_ROOT="${CMD_ROOT:-touchstone/bench}"               # inspect: the agent's <root>/<post>
CYCLE_TIMEOUT="${CYCLE_TIMEOUT:-3}"

log() { echo "[peer-bench] $*" >&2; }

# ------------------------------------------------------------------ install (idempotent)
nr_installed() {
    [ "$(cd "$NR_DIR" 2>/dev/null && node -p "require('node-red/package.json').version" 2>/dev/null)" = "$NODE_RED_VERSION" ] &&
    [ "$(cd "$NR_DIR" && node -p "require('node-red-node-serialport/package.json').version" 2>/dev/null)" = "$SERIAL_NODE_VERSION" ]
}
binding_loads() {
    (cd "$NR_DIR" && node -e "require('@serialport/bindings-cpp/dist/load-bindings')" >/dev/null 2>&1)
}
binding_path() {
    (cd "$NR_DIR" && node -p "require('node-gyp-build').path(require('path').dirname(require.resolve('@serialport/bindings-cpp/package.json')))" 2>/dev/null) || echo "?"
}
compile_binding() {
    # Offline node-gyp build: node-gyp would fetch headers from the internet unless
    # --nodedir points at an installed header tree (Debian/NodeSource: /usr/include/node).
    local hdr="" d gyp
    for d in /usr /usr/local "$(dirname "$(dirname "$(command -v node)")")"; do
        if [ -f "$d/include/node/node_api.h" ] && [ -f "$d/include/node/common.gypi" ]; then hdr="$d"; break; fi
    done
    [ -n "$hdr" ] || { log "no node headers under /usr/include/node: cannot compile offline"; return 1; }
    gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
    [ -f "$gyp" ] || { log "npm's bundled node-gyp not found at $gyp"; return 1; }
    log "compiling @serialport/bindings-cpp with node-gyp --nodedir=$hdr (offline)"
    (cd "$NR_DIR/node_modules/@serialport/bindings-cpp" &&
        NODE_PATH="$NR_DIR/node_modules" npm_config_nodedir="$hdr" timeout 300 node "$gyp" rebuild --nodedir="$hdr" >"$PEER/node-gyp.log" 2>&1) ||
        { log "node-gyp failed, see $PEER/node-gyp.log"; return 1; }
}
install_all() {
    local need=()
    command -v mosquitto >/dev/null || need+=(mosquitto)
    command -v socat >/dev/null || need+=(socat)
    command -v python3 >/dev/null || need+=(python3)
    if [ "${#need[@]}" -gt 0 ]; then
        log "apt-get install ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    command -v node >/dev/null && command -v npm >/dev/null || { log "node/npm missing"; return 1; }
    mkdir -p "$NR_DIR"
    if nr_installed; then
        log "node-red $NODE_RED_VERSION + node-red-node-serialport $SERIAL_NODE_VERSION already in $NR_DIR"
    else
        [ -f "$NR_DIR/package.json" ] || echo '{"name":"peer-bench-node-red","private":true}' >"$NR_DIR/package.json"
        log "npm install node-red@$NODE_RED_VERSION node-red-node-serialport@$SERIAL_NODE_VERSION into $NR_DIR"
        (cd "$NR_DIR" && timeout 600 npm install --no-audit --no-fund --loglevel=error \
            --cache "$PEER/npm-cache" "node-red@$NODE_RED_VERSION" "node-red-node-serialport@$SERIAL_NODE_VERSION" >"$PEER/npm-install.log" 2>&1) ||
            { log "npm install failed, see $PEER/npm-install.log"; return 1; }
    fi
    if [ "${BENCH_FORCE_COMPILE:-0}" = 1 ] || ! binding_loads; then
        compile_binding
    fi
    binding_loads || { log "serialport native binding does not load"; return 1; }
    log "serialport binding: $(binding_path)"
}

# ------------------------------------------------------------------ process helpers
STARTED=()
alive() {   # running and not a zombie
    local st
    st="$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
stop_pid() {   # TERM, up to 5 s, then KILL; only PIDs this script started; forget it once reaped
    local pid="$1" i keep=()
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 50); do alive "$pid" || break; sleep 0.1; done
        if alive "$pid"; then log "pid $pid ignored TERM, KILL"; kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
    fi
    wait "$pid" 2>/dev/null || true
    for i in "${STARTED[@]}"; do [ "$i" = "$pid" ] || keep+=("$i"); done
    STARTED=("${keep[@]}")
}
cleanup() {
    local i pids=("${STARTED[@]}")
    for ((i=${#pids[@]}-1; i>=0; i--)); do stop_pid "${pids[$i]}"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_port() {   # bounded: 10 s
    local i
    for i in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# ------------------------------------------------------------------ pieces
start_broker() {
    MQTT_PORT="${BENCH_BROKER_PORT:-$(free_port)}"
    cat >"$RUN/mosquitto.conf" <<EOF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 100000
set_tcp_nodelay ${MOSQ_NODELAY:-true}
log_dest stderr
log_type error
log_type warning
EOF
    mosquitto -c "$RUN/mosquitto.conf" >"$RUN/mosquitto.log" 2>&1 &
    MQTT_PID=$!; STARTED+=("$MQTT_PID")
    wait_port "$MQTT_PORT" || { log "mosquitto did not listen on $MQTT_PORT"; cat "$RUN/mosquitto.log" >&2; return 1; }
    log "mosquitto pid $MQTT_PID on 127.0.0.1:$MQTT_PORT"
}
start_pty_pair() {   # fresh pair per contender, same paths every time
    rm -f "$RUN/tty-app" "$RUN/tty-drv"
    socat -d -d "pty,raw,echo=0,link=$RUN/tty-app" "pty,raw,echo=0,link=$RUN/tty-drv" >"$RUN/socat.$1.log" 2>&1 &
    SOCAT_PID=$!; STARTED+=("$SOCAT_PID")
    local i
    for i in $(seq 100); do [ -e "$RUN/tty-app" ] && [ -e "$RUN/tty-drv" ] && break; sleep 0.05; done
    [ -e "$RUN/tty-app" ] && [ -e "$RUN/tty-drv" ] || { log "socat pty pair did not appear"; return 1; }
}
bench_env() {
    export BENCH_TTY="$RUN/tty-app" BENCH_MQTT_HOST=127.0.0.1 BENCH_MQTT_PORT="$MQTT_PORT" \
           BENCH_MQTT_URL="tcp://127.0.0.1:$MQTT_PORT" BENCH_TOPIC="$TOPIC" \
           BENCH_DECLARED_G="$DECLARED_G" BENCH_TOL_PCT="$TOL_PCT"
}
drive() {   # label pid seq-key value-factor round topic fence
    # In the background + wait, so a TERM/INT to this script runs the cleanup at once.
    python3 "$HERE/bench_driver.py" --tty "$RUN/tty-drv" --mqtt-port "$MQTT_PORT" --topic "$6" \
        --n "$N" --rate "$RATE" --warmup "$WARMUP" --pid "$2" --label "$1" \
        --seq-key "$3" --value-factor "$4" --json-out "$RUN/result.$1.$5.json" \
        --mode "$MODE" --fence "$7" --cmd-root "$CMD_ROOT" --declared-g "$DECLARED_G" --cycle-timeout "$CYCLE_TIMEOUT" &
    local dpid=$! drc=0; STARTED+=("$dpid")
    wait "$dpid" || drc=$?
    stop_pid "$dpid"
    return "$drc"
}
contender_done() {   # stop the contender and its pty pair
    stop_pid "$1"; stop_pid "$SOCAT_PID"
}

run_node_red() {   # round
    start_pty_pair "node-red.$1" || return 1
    bench_env
    cp "$HERE/flow.json" "$RUN/flows.json"
    BENCH_FLOW_FILE="$RUN/flows.json" NODE_RED_DISABLE_TELEMETRY=1 \
        node "$NR_DIR/node_modules/node-red/red.js" --userDir "$NR_DIR" --settings "$HERE/settings.js" \
        >"$RUN/node-red.$1.log" 2>&1 &
    local pid=$!; STARTED+=("$pid")
    log "round $1: node-red pid $pid (log $RUN/node-red.$1.log)"
    local rc=0
    drive node-red "$pid" measuredG 1 "$1" "$TOPIC" none || rc=$?
    [ "$rc" = 0 ] || { log "driver rc=$rc; node-red log tail:"; tail -20 "$RUN/node-red.$1.log" >&2; }
    contender_done "$pid"
    return "$rc"
}
run_agent() {   # round [label cmd]
    local label="${2:-$AGENT_LABEL}" cmd="${3:-$AGENT_CMD}"
    start_pty_pair "$label.$1" || return 1
    bench_env
    # AGENT_CMD should exec the JVM (not fork it) so that $! is the process we measure.
    bash -c "$cmd" >"$RUN/$label.$1.log" 2>&1 &
    local pid=$!; STARTED+=("$pid")
    log "round $1: $label pid $pid (log $RUN/$label.$1.log)"
    local rc=0
    drive "$label" "$pid" "$AGENT_SEQ_KEY" "$AGENT_VALUE_FACTOR" "$1" "$AGENT_TOPIC" "$AGENT_FENCE" || rc=$?
    [ "$rc" = 0 ] || { log "driver rc=$rc; $label log tail:"; tail -20 "$RUN/$label.$1.log" >&2; }
    contender_done "$pid"
    return "$rc"
}
# ------------------------------------------------------------------ main
install_all
[ "${INSTALL_ONLY:-0}" = 1 ] && exit 0
mkdir -p "$PEER"
# keep the 10 newest run folders (logs + result JSON), drop older ones
# (fixed: with no run.* yet, ls fails and pipefail + set -e ended the script silently with rc 2)
{ ls -dt "$PEER"/run.* 2>/dev/null || true; } | tail -n +10 | while read -r d; do rm -rf -- "$d"; done
RUN="$(mktemp -d "$PEER/run.XXXXXX")"
log "run dir $RUN; MODE=$MODE N=$N RATE=$RATE WARMUP=$WARMUP declared=${DECLARED_G}g tol=${TOL_PCT}%"
echo "$RUN" >"$PEER/last-run"
start_broker
case "$ROUNDS" in [1-9]|10) ;; *) log "ROUNDS must be 1..10"; exit 2 ;; esac
CONTENDERS=()
[ "$SKIP_NODE_RED" = 1 ] || CONTENDERS+=(node-red)
[ -z "$AGENT_CMD" ] || CONTENDERS+=(agent)
[ -z "$AGENT2_CMD" ] || CONTENDERS+=(agent2)
[ "${#CONTENDERS[@]}" -gt 0 ] || { log "nothing to run"; exit 2; }
RC=0
for ((round = 1; round <= ROUNDS; round++)); do
    order=("${CONTENDERS[@]}")
    nc=${#order[@]}
    if [ "$nc" = 2 ] && [ $((round % 2)) = 0 ]; then order=("${order[1]}" "${order[0]}"); fi
    if [ "$nc" = 3 ]; then r=$(((round - 1) % 3)); order=("${order[@]:$r}" "${order[@]:0:$r}"); fi   # rotate
    log "round $round order: ${order[*]}"
    for c in "${order[@]}"; do
        case "$c" in
            node-red) run_node_red "$round" || RC=$? ;;
            agent) run_agent "$round" || RC=$? ;;
            agent2) run_agent "$round" "$AGENT2_LABEL" "$AGENT2_CMD" || RC=$? ;;
        esac
    done
done
if [ "$ROUNDS" -gt 1 ] || [ "${#CONTENDERS[@]}" -ge 2 ]; then
    python3 "$HERE/summarize.py" "$RUN" node-red "$AGENT_LABEL" || true
    [ -z "$AGENT2_CMD" ] || python3 "$HERE/summarize.py" "$RUN" node-red "$AGENT2_LABEL" --ratio-only || true
fi
exit "$RC"

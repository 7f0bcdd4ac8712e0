#!/usr/bin/env bash
# AGENT_CMD target for harness.sh: a fresh data directory per start (a copy of the template journal that
# bench/run.sh made with `touchstone calibrate scale --procedure agent/procedure.yaml`, one passed verification,
# so scale-1 is TRUSTED), a generated configuration, then exec the JVM so the PID the harness measures is the JVM.
#   AGENT_JAVA_OPTS      JVM flags (e.g. -Xmx128m); default none (JVM defaults)
#   AGENT_JAR            the agent's jar (bench/run.sh sets it to agent/target/touchstone-agent.jar)
#   BENCH_AGENT_TEMPLATE folder holding the template journal.db
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="$(dirname "${BENCH_TTY:?BENCH_TTY unset}")"
d="$run_dir/agent-data.$$"
mkdir -p "$d/log"
cp "${BENCH_AGENT_TEMPLATE:?BENCH_AGENT_TEMPLATE unset (start through bench/run.sh)}/journal.db" "$d/journal.db"
"$here/make-config.sh" "$d/agent.yaml" "$d"
export TOUCHSTONE_LOG_DIR="$d/log"
echo "agent-run: pid $$ data $d opts '${AGENT_JAVA_OPTS:-}'" >&2
# shellcheck disable=SC2086
exec java ${AGENT_JAVA_OPTS:-} -jar "${AGENT_JAR:?AGENT_JAR unset}" run --config "$d/agent.yaml"

#!/usr/bin/env bash
# The engine's own costs per CPU-second, figures that hold on a busy machine: the assessment (full, one reading
# changed, a year re-assessed after a policy change) and every scale parser (frames/s and bytes allocated per
# frame). Thread CPU time, not wall time; rounds rotate the cases; medians printed.
#   bench/cpu.sh [rounds] [seconds per case]      (default 3 rounds of 2 s)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
./mvnw -q -pl agent -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$tmp/cp.txt" >/dev/null
# the reactor writes one file per module in turn: the last one is the agent's, which holds device-drivers' too
java -cp "agent/target/test-classes:agent/target/classes:device-drivers/target/test-classes:$(cat "$tmp/cp.txt")" \
    org.touchstone.agent.bench.AssessmentCpuHarness "${1:-3}" "${2:-2}"
java -cp "device-drivers/target/test-classes:device-drivers/target/classes:$(cat "$tmp/cp.txt")" \
    org.touchstone.drivers.bench.ScaleParserCpuHarness "${1:-3}" "${2:-1}"

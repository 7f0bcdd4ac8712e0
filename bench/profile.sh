#!/usr/bin/env bash
# Where a frame's CPU goes: the side-by-side load (bench/run.sh, agent only, one round) with async-profiler 4.2
# (tools.profiler:async-profiler from Maven Central) sampling the agent's CPU every millisecond (itimer: works in a
# VM without perf events, and jSerialComm's SIGUSR2 handling does not silence it as it does JFR), then the top
# frames per thread and under the desk thread (bench/profile_top.py).
#   bench/profile.sh                     # 1200 frames at 20/s, the post's JVM options
#   N=600 RATE=5 AGENT_OPTS='...' bench/profile.sh
# The collapsed stacks stay in $BENCH_HOME/profile.<date>.collapsed (flame-graph input). Never part of CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
home="${BENCH_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/touchstone-bench}"
ap="$home/async-profiler-4.2"
if [ ! -f "$ap/linux-x64/libasyncProfiler.so" ]; then
    mkdir -p "$ap"
    (cd "$root" && ./mvnw -q org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
        -Dartifact=tools.profiler:async-profiler:4.2 -DoutputDirectory="$ap")
    (cd "$ap" && unzip -q -o async-profiler-4.2.jar 'linux-x64/*')
fi
out="$home/profile.$(date +%Y%m%d-%H%M%S).collapsed"
opts="${AGENT_OPTS:--Xms8m -Xmx64m -Xmn4m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k}"
NO_NODE_RED=1 ONE_AGENT=1 ROUNDS=1 N="${N:-1200}" RATE="${RATE:-20}" AGENT_LABEL=agent-profiled \
    AGENT_OPTS="$opts -agentpath:$ap/linux-x64/libasyncProfiler.so=start,event=itimer,interval=1ms,threads,collapsed,file=$out" \
    "$here/run.sh" | grep 'PEER-BENCH label'
python3 "$here/profile_top.py" "$out"

#!/usr/bin/env bash
# Time to ready: from `java -jar touchstone-agent.jar run` being started to the agent's online presence arriving at
# an MQTT subscriber (what headquarters and a supervisor see), for several JVM option sets, rounds rotating the
# order, one fresh data directory per start. Wall time, so it depends on the machine's load: the script prints the
# load average beside the figures.
#   bench/ready.sh [rounds]            (default 5)
#   BENCH_MQTT_URL=tcp://host:port     the broker (default tcp://127.0.0.1:1883, which must be running)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-5}"
url="${BENCH_MQTT_URL:-tcp://127.0.0.1:1883}"
host="${url#tcp://}"; port="${host##*:}"; host="${host%:*}"
jar="agent/target/touchstone-agent.jar"
[ -f "$jar" ] || ./mvnw -q -pl agent -am package -DskipTests -Denforcer.skip
command -v mosquitto_sub >/dev/null || { echo "ready.sh: needs mosquitto_sub (apt-get install mosquitto-clients)" >&2; exit 2; }
command -v socat >/dev/null || { echo "ready.sh: needs socat" >&2; exit 2; }
tmp="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

# The scale's serial line: a pty pair, as a post's USB adapter would be.
socat pty,raw,echo=0,link="$tmp/tty" pty,raw,echo=0,link="$tmp/tty-peer" & pids+=($!)
for _ in $(seq 1 50); do [ -e "$tmp/tty" ] && break; sleep 0.1; done

post_opts="-Xms8m -Xmx64m -Xmn4m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k"

# One start: prints the milliseconds from the JVM's launch to the online presence.
start_once() { # $1 label, $2 JVM options
  local d="$tmp/data.$RANDOM$RANDOM" post="ready$RANDOM"
  mkdir -p "$d/log"
  BENCH_TTY="$tmp/tty" BENCH_MQTT_URL="$url" bench/agent/make-config.sh "$d/agent.yaml" "$d"
  sed -i "s/^  id: bench$/  id: $post/" "$d/agent.yaml"
  mosquitto_sub -h "$host" -p "$port" -R -C 1 -t "touchstone/$post/status" > "$d/presence" &
  local sub=$!
  sleep 0.3 # the subscriber connects first; this wait is outside the measured span
  local t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  TOUCHSTONE_LOG_DIR="$d/log" java $2 -jar "$jar" run --config "$d/agent.yaml" >"$d/out" 2>&1 &
  local agent=$!
  wait "$sub"
  t1=$(date +%s%N)
  grep -q online "$d/presence" || echo "ready.sh: $1: unexpected presence $(cat "$d/presence")" >&2
  kill -TERM "$agent"; wait "$agent" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

# A class data sharing archive of the agent's classes, made by one training start (JDK 17: ArchiveClassesAtExit).
jsa="$tmp/touchstone.jsa"
start_once training "-XX:ArchiveClassesAtExit=$jsa $post_opts" >/dev/null
[ -f "$jsa" ] || { echo "ready.sh: no CDS archive was written" >&2; exit 1; }

labels=(defaults post-options post-options+AppCDS)
opts=("" "$post_opts" "$post_opts -XX:SharedArchiveFile=$jsa")
declare -A results
for r in $(seq 1 "$rounds"); do
  for k in 0 1 2; do
    i=$(( (k + r) % 3 ))
    ms=$(start_once "${labels[$i]}" "${opts[$i]}")
    results[$i]="${results[$i]:-} $ms"
  done
done
echo "time to ready (JVM launch -> online presence at a subscriber), $rounds starts each, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in 0 1 2; do
  # shellcheck disable=SC2086
  sorted=$(printf '%s\n' ${results[$i]} | sort -n | tr '\n' ' ')
  median=$(printf '%s\n' ${results[$i]} | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  printf '%-22s median %5s ms   all: %s\n' "${labels[$i]}" "$median" "$sorted"
done

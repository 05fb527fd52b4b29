#!/usr/bin/env bash
# Prints the server's startup time (java -jar until the "switchboard ready" line) over several runs,
# and the size of the runnable jar. Builds the jar first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_need_build_tools
bench_need python3=python3
RUNS="${RUNS:-5}"
JAR=server/target/switchboard.jar
[ -f "$JAR" ] || bench_mvn -DskipTests package

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

times=()
for i in $(seq 1 "$RUNS"); do
  log="$work/run$i.log"; : > "$log"
  start=$(date +%s%N)
  java -jar "$JAR" --data "$work/data$i" --bind 127.0.0.1 --http-port "$(port)" --sip-port "$(port)" \
       --turn-port "$(port)" --rtp-ports 61000-61099 > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    grep -q "switchboard ready" "$log" && break
    kill -0 "$pid" 2>/dev/null || { echo "server exited:"; cat "$log"; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  grep -q "switchboard ready" "$log" || { echo "not ready after 30 s:"; cat "$log"; kill -9 "$pid"; exit 1; }
  kill -TERM "$pid"; wait "$pid" || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms to ready"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "startup median: $(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p") ms, max: $(echo "$sorted" | tail -1) ms over $RUNS runs"
echo "jar size: $(stat -c %s "$JAR") bytes ($(du -h "$JAR" | cut -f1))"

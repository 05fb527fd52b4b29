#!/usr/bin/env bash
# SIP edge benchmark: complete calls (INVITE, 100, 200, ACK, BYE, 200) from SIPp's built-in uac against the
# edge with a handler that answers at once, at increasing rates until calls fail or SIPp falls behind; then
# the same SIPp runs against SIPp's own uas as the tool's ceiling, and through Kamailio (Debian package, installed
# here when missing) as a transaction-stateful proxy in front of a SIPp uas (bench/sip/kamailio.cfg). Prints
# calls/s, failures, retransmissions and CPU time per call of the process under test (from /proc, with its
# child processes), the edge's heap after GC at the start and the end, and one table of all three.
# Then digest authentication: the same steps with a digest-authenticated call (bench/sip/uac_digest.xml: INVITE,
# 401, ACK, INVITE with credentials, 200, ACK, BYE, 200) from 127.0.0.2 through the edge's digest trunk, and
# through Kamailio with the auth module (static user, -A WITH_AUTH in bench/sip/kamailio.cfg); the table gives
# their calls/s and CPU per call beside the others, and the CPU a digest costs the edge per call.
#
# Usage: bench/sip/run.sh [--rates "500 1000 2000"] [--seconds 10] [--soak SECONDS@RATE]
#                         [--kamailio-workers N] [--no-kamailio]
# Everything runs on 127.0.0.1 with ephemeral ports; every process started here is stopped on exit.
set -euo pipefail

RATES="500 1000 1500 2000 2500 3000 4000"
SECONDS_PER_STEP=10
SOAK=""
KAMAILIO=1
KAMAILIO_WORKERS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES="$2"; shift 2 ;;
    --seconds) SECONDS_PER_STEP="$2"; shift 2 ;;
    --soak) SOAK="$2"; shift 2 ;;
    --kamailio-workers) KAMAILIO_WORKERS="$2"; shift 2 ;;
    --no-kamailio) KAMAILIO=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/bench/lib.sh"
bench_need_build_tools
bench_need sipp=sip-tester python3=python3 pgrep=procps getconf=libc-bin timeout=coreutils
[ "$KAMAILIO" = 1 ] && bench_need kamailio=kamailio
KAMAILIO_BIN="$(command -v kamailio || echo /usr/sbin/kamailio)"
OUT="$(mktemp -d /tmp/sip-bench.XXXXXX)"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT

# user + system ticks of a process and its children (Kamailio works in forked processes)
cpu_ticks() {
  local p t=0
  for p in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "building sip-edge..." >&2
# -am builds the modules it depends on in the same run (the last module written, sip-edge's, wins the file)
(cd "$ROOT" && bench_mvn -pl sip-edge -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test) >&2
CP="$ROOT/sip-edge/target/classes:$(cat "$OUT/cp.txt")"

EDGE_PORT="$(free_port)"
mkfifo "$OUT/edge.in"
BENCH_LOG="$OUT/edge.log" java -Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Dlogback.configurationFile="$ROOT/bench/sip/logback-bench.xml" \
  -DBENCH_LOG="$OUT/edge.log" -cp "$CP" "$ROOT/bench/sip/BenchServer.java" "$EDGE_PORT" <"$OUT/edge.in" >"$OUT/edge.out" 2>&1 &
EDGE_PID=$!
PIDS+=("$EDGE_PID")
exec 3>"$OUT/edge.in"
for _ in $(seq 1 200); do grep -q '^ready' "$OUT/edge.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$OUT/edge.out" || { echo "edge did not start:"; cat "$OUT/edge.out"; exit 1; }

heap_after_gc() {
  jcmd "$EDGE_PID" GC.run >/dev/null 2>&1 || true
  # sum the "used" of the Java heap generations (Metaspace and class space lines are not heap)
  jcmd "$EDGE_PID" GC.heap_info 2>/dev/null | awk '/Metaspace|class space/ {next} {for (i=1;i<NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?$/,"",v); s+=v}} END {printf "%d KiB\n", s}'
}

# one SIPp uac run: prints "rate calls/s successful failed retransmissions seconds cpu_ms_per_call", where calls/s
# is completed calls over the seconds from SIPp's start to its last completed call (to within SIPp's 1 s rows).
# DIGEST=1 runs the digest-authenticated call from 127.0.0.2 instead of the built-in uac from 127.0.0.1.
DIGEST=0
run_step() {
  local target_port="$1" rate="$2" measure_pid="$3" name="$4"
  local calls=$((rate * SECONDS_PER_STEP)) dir="$OUT/$name-$rate"
  local call=(-sn uac -i 127.0.0.1)
  [ "$DIGEST" = 1 ] && call=(-sf "$ROOT/bench/sip/uac_digest.xml" -i 127.0.0.2 -auth_uri "+15550100@127.0.0.1:$target_port")
  mkdir -p "$dir"
  local before_cpu=0 start end
  [ -n "$measure_pid" ] && before_cpu="$(cpu_ticks "$measure_pid")"
  start="$(date +%s.%N)"
  (cd "$dir" && timeout $((SECONDS_PER_STEP * 3 + 30)) sipp "${call[@]}" "127.0.0.1:$target_port" -s +15550100 \
      -p "$(free_port)" -r "$rate" -m "$calls" -l $((rate * 4)) -nostdin -trace_stat -stf stats.csv -fd 1 \
      -timeout $((SECONDS_PER_STEP * 3 + 20))s >sipp.out 2>&1) || true
  end="$(date +%s.%N)"
  local after_cpu=0
  [ -n "$measure_pid" ] && after_cpu="$(cpu_ticks "$measure_pid")"
  python3 - "$dir/stats.csv" "$start" "$end" "$before_cpu" "$after_cpu" "$CLK_TCK" "$rate" <<'PY'
import sys, csv
path, start, end, b, a, tck, rate = sys.argv[1:]
rows = list(csv.reader(open(path), delimiter=';'))
h, last = rows[0], rows[-1]
v = lambda k: int(last[h.index(k)])
ok, failed, retrans = v('SuccessfulCall(C)'), v('FailedCall(C)'), v('Retransmissions(C)')
# the time until the last call completed, from SIPp's rows once a second (CurrentTime's third field is epoch
# seconds): failed calls wait out SIPp's timeout, which must not count as time spent completing calls
done, at = h.index('SuccessfulCall(C)'), h.index('CurrentTime')
epoch = lambda r: float(r[at].split('\t')[-1])
first_final = next(r for r in rows[1:] if int(r[done]) == ok)
elapsed = epoch(first_final) - epoch(rows[1]) if ok else float(end) - float(start)
if elapsed <= 0:
    elapsed = float(end) - float(start)
cpu_ms = (int(a) - int(b)) * 1000.0 / int(tck)
per_call = cpu_ms / ok if ok else float('nan')
print(f"{rate:>6} {ok/elapsed:>10.0f} {ok:>9} {failed:>7} {retrans:>8} {elapsed:>8.1f} {per_call:>12.3f}")
PY
}

header() { printf "%6s %10s %9s %7s %8s %8s %12s %12s\n" "rate" "calls/s" "complete" "failed" "retrans" "secs" "cpu-ms/call" "${1:-edge-retrans}"; }

# results for the closing table: "calls/s failed retrans cpu-ms" per system and rate
declare -A RESULT
record() { RESULT["$1 $2"]="$(echo "$3" | awk '{print $2, $4, $5, $7}')"; }

# runs the steps against one target until a step fails; prints each line and records it under NAME
sweep() {
  local port="$1" pid="$2" name="$3" r line failed
  for r in $RATES; do
    line="$(run_step "$port" "$r" "$pid" "$name")"
    echo "$line"
    record "$name" "$r" "$line"
    failed="$(echo "$line" | awk '{print $4}')"
    if [ "$failed" != "0" ]; then echo "(failures at $r calls/s: stopping)"; break; fi
  done
}

# the edge's cumulative counter NAME, asked for over the control FIFO
edge_metric() {
  local before
  before="$(grep -c '^end-metrics' "$OUT/edge.out" || true)"
  echo "metrics" >&3
  for _ in $(seq 1 100); do
    [ "$(grep -c '^end-metrics' "$OUT/edge.out" || true)" -gt "$before" ] && break
    sleep 0.05
  done
  grep "^metric $1 " "$OUT/edge.out" | tail -1 | awk '{print $3}'
}

# one edge step: the SIPp line plus the 200 OKs the edge had to retransmit (its ACKs came late) in that step
edge_step() {
  local r="$1" before after
  before="$(edge_metric retransmissions_sent_total)"
  line="$(run_step "$EDGE_PORT" "$r" "$EDGE_PID" "${2:-edge}")"
  after="$(edge_metric retransmissions_sent_total)"
  printf "%s %12s\n" "$line" "$((after - before))"
}

echo "edge heap after GC at start: $(heap_after_gc) (jcmd GC.heap_info 'used')"
echo
echo "== warm-up (JIT): 10 s at 500 calls/s, not part of the results"
header
SECONDS_PER_STEP=10 edge_step 500 warmup
echo
echo "== SIPp uac -> Switchboard SIP edge (handler answers at once), $SECONDS_PER_STEP s per step"
header
for r in $RATES; do
  line="$(edge_step "$r")"
  echo "$line"
  record edge "$r" "$line"
  failed="$(echo "$line" | awk '{print $4}')"
  if [ "$failed" != "0" ]; then echo "(failures at $r calls/s: stopping)"; break; fi
done

if [ -n "$SOAK" ]; then
  soak_s="${SOAK%@*}"; soak_rate="${SOAK#*@}"
  echo
  echo "== soak: $soak_s s at $soak_rate calls/s"
  echo "heap after GC before soak: $(heap_after_gc)"
  # heap after GC every minute during the soak: flat means no growth per call
  ( for i in $(seq 1 $((soak_s / 60))); do sleep 60; echo "  soak minute $i: heap after GC $(heap_after_gc)"; done ) &
  HEAP_PID=$!
  PIDS+=("$HEAP_PID")
  header
  SECONDS_PER_STEP="$soak_s" edge_step "$soak_rate" soak
  wait "$HEAP_PID" 2>/dev/null || true
  echo "heap after GC after soak: $(heap_after_gc)"
fi

echo
echo "== SIPp digest-authenticated calls from 127.0.0.2 -> the edge's digest trunk (401, then credentials), $SECONDS_PER_STEP s per step"
header
challenges_before="$(edge_metric auth_challenges_total)"
failures_before="$(edge_metric auth_failures_total)"
for r in $RATES; do
  line="$(DIGEST=1 edge_step "$r" edge-digest)"
  echo "$line"
  record edge-digest "$r" "$line"
  failed="$(echo "$line" | awk '{print $4}')"
  if [ "$failed" != "0" ]; then echo "(failures at $r calls/s: stopping)"; break; fi
done
echo "edge digest challenges in these steps: $(( $(edge_metric auth_challenges_total) - challenges_before )), failed authentications: $(( $(edge_metric auth_failures_total) - failures_before ))"

echo
echo "edge heap after GC at end: $(heap_after_gc)"
for m in calls_answered_total calls_active retransmissions_sent_total parse_dropped_total server_transactions_active; do
  echo "edge $m: $(edge_metric "$m")"
done

UAS_PORT="$(free_port)"
mkdir -p "$OUT/uas"
(cd "$OUT/uas" && exec sipp -sn uas -i 127.0.0.1 -p "$UAS_PORT" -nostdin >/dev/null 2>&1) &
UAS_PID=$!
PIDS+=("$UAS_PID")
sleep 0.5
echo
echo "== ceiling: SIPp uac -> SIPp uas, same steps"
header "-"
sweep "$UAS_PORT" "$UAS_PID" sipp

# starts Kamailio (bench/sip/kamailio.cfg) in front of the SIPp uas into KAM_PORT/KAM_PID; extra arguments
# (-A WITH_AUTH) go to kamailio
start_kamailio() {
  local dir="$OUT/kamailio$1"
  shift
  KAM_PORT="$(free_port)"
  mkdir -p "$dir"
  # foreground (-DD), log to stderr (-E), 1 GiB shared memory for tm's transactions (-m 1024)
  "$KAMAILIO_BIN" -f "$ROOT/bench/sip/kamailio.cfg" -DD -E -m 1024 -M 16 -n "$KAMAILIO_WORKERS" \
    -Y "$dir" -P "$dir/kamailio.pid" -l "udp:127.0.0.1:$KAM_PORT" \
    -A "UAS_URI=\"sip:127.0.0.1:$UAS_PORT\"" "$@" >"$dir/kamailio.log" 2>&1 &
  KAM_PID=$!
  PIDS+=("$KAM_PID")
  for _ in $(seq 1 50); do grep -q "127.0.0.1\]:$KAM_PORT" "$dir/kamailio.log" 2>/dev/null && break; sleep 0.1; done
  sleep 0.5
  kill -0 "$KAM_PID" 2>/dev/null || { echo "kamailio did not start:"; cat "$dir/kamailio.log"; exit 1; }
}

stop_kamailio() {
  kill "$KAM_PID" 2>/dev/null || true
  wait "$KAM_PID" 2>/dev/null || true
}

if [ "$KAMAILIO" = 1 ]; then
  start_kamailio ""
  echo
  echo "== SIPp uac -> Kamailio $("$KAMAILIO_BIN" -v | awk 'NR==1 {print $3}') (tm, stateful, $KAMAILIO_WORKERS UDP worker(s)) -> SIPp uas, same steps"
  header "-"
  sweep "$KAM_PORT" "$KAM_PID" kamailio
  stop_kamailio

  start_kamailio "-auth" -A WITH_AUTH
  echo
  echo "== SIPp digest-authenticated calls from 127.0.0.2 -> Kamailio with auth (401, static user, nonce-count checked) -> SIPp uas, same steps"
  header "-"
  DIGEST=1 sweep "$KAM_PORT" "$KAM_PID" kamailio-auth
  stop_kamailio
fi

echo
echo "== all three: completed calls/s (failed calls, retransmissions, CPU ms per call of the system under test)"
printf "%6s  %-26s %-26s %-26s\n" "rate" "Switchboard edge" "SIPp uas (ceiling)" "Kamailio proxy"
cell() {
  local v="${RESULT["$1 $2"]:-}"
  if [ -z "$v" ]; then echo "-"; else echo "$v" | awk '{printf "%s (%s, %s, %s)", $1, $2, $3, $4}'; fi
}
for r in $RATES; do
  printf "%6s  %-26s %-26s %-26s\n" "$r" "$(cell edge "$r")" "$(cell sipp "$r")" "$(cell kamailio "$r")"
done
echo
echo "== digest-authenticated calls: completed calls/s (failed calls, retransmissions, CPU ms per call), and what"
echo "   the digest adds to a call's CPU (digest call minus plain call at the same rate)"
printf "%6s  %-26s %-12s %-26s %-12s\n" "rate" "Switchboard digest trunk" "edge +cpu" "Kamailio with auth" "Kamailio +cpu"
extra_cpu() {
  local a="${RESULT["$1 $3"]:-}" b="${RESULT["$2 $3"]:-}"
  if [ -z "$a" ] || [ -z "$b" ]; then echo "-"; else
    echo "$a $b" | awk '{printf "%+.3f ms", $4 - $8}'; fi
}
for r in $RATES; do
  printf "%6s  %-26s %-12s %-26s %-12s\n" "$r" "$(cell edge-digest "$r")" "$(extra_cpu edge-digest edge "$r")" \
    "$(cell kamailio-auth "$r")" "$(extra_cpu kamailio-auth kamailio "$r")"
done
echo "machine: $(nproc) cores, load average before the run $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "files: $OUT"

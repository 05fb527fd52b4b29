#!/usr/bin/env bash
# Contact-center benchmark, end to end: calls per second that go SIPp caller -> flow -> queue -> desk-phone agent
# (SIPp UAS) -> bridge -> hang-up -> CTR on disk, with zero lost CTRs. For each RATE: a fresh server (the packaged
# jar, a generated instance, a temp data directory, free ports) with AGENTS desk-phone agents logged in over the
# HTTP API and Available (bench/cc/CcBench.java); one SIPp UAS as every agent's phone (the trunk's destination):
# it answers at once, the agent whisper and customer whisper play, the caller and the phone are bridged, and the
# phone hangs up after HOLD seconds; the agent is in After Contact Work for ACW seconds and takes calls again.
# SIPp places RATE calls/s for SECONDS_OFFERED seconds to the DID, whose flow puts each caller in queue Bench;
# each caller waits for the server's BYE (no agent within 60 s: a failed call).
#
#   bench/cc/run.sh 100 200 300
#
# One line per RATE: calls attempted/successful/failed (the callers' SIPp), the calls the phones answered, the CTR
# lines in streams/ctr (a contact has two: at its end, and updated when the ACW ends), the contacts they name, those with
# an Agent section and a ConnectedToAgentTimestamp, and those whose ACW end reached the record,
# lost = successful calls without such a CTR, CTRs per second (p50 and max over the run's middle, by their
# DisconnectTimestamp), the longest queue wait (CTR Queue.Duration), the callers' setup time (INVITE to 200) and
# call time (INVITE to BYE) p50/p99 from SIPp, the server's CPU per completed call and its CPU over the run
# (1.0 = one core), its GC pauses and the machine's CPU pressure. A rate is sustained when every call completed,
# every call was bridged, no CTR was lost and the longest wait stayed under 5 s. Then the cost of one CTR write (bench/records, the day
# file with fsync and the SQLite record store, RECORDS records).
#
# Environment: SECONDS_OFFERED (20), HOLD (4 s on the line with the agent from the phone's answer: the whispers take about 2 s of it), ACW (1 s), AGENTS (enough for the
# largest rate: RATE x (HOLD + ACW + 4 s)), RECORDS (5000; 0 skips the record writer), JAVA_OPTS (none),
# SKIP_BUILD=1 uses the jar already built, KEEP=1 keeps the work directory. Everything runs on 127.0.0.1; every process started here is stopped.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bench/cc/run.sh RATE [RATE...]" >&2; exit 2; }
for r in "$@"; do [[ "$r" =~ ^[1-9][0-9]*$ ]] || { echo "not a rate: $r" >&2; exit 2; }; done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/bench/lib.sh"
bench_need_build_tools
bench_need sipp=sip-tester python3=python3 curl=curl getconf=libc-bin
OFFERED="${SECONDS_OFFERED:-20}"
HOLD="${HOLD:-4}"
ACW="${ACW:-1}"
RECORDS="${RECORDS:-5000}"
max_rate=0
for r in "$@"; do [ "$r" -gt "$max_rate" ] && max_rate="$r"; done
AGENTS="${AGENTS:-$((max_rate * (HOLD + ACW + 4)))}"
OUT="$(mktemp -d /tmp/cc-bench.XXXXXX)"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "files: $OUT" >&2; else rm -rf "$OUT"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each call holds four or so UDP sockets in the server (caller and agent endpoints), plus SIPp's sockets.
need=$((max_rate * (HOLD + 10) * 8 + 4096))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$need" ]; then
  ulimit -Hn "$need" 2>/dev/null || echo "open files: hard limit $(ulimit -Hn) < $need; high rates may fail" >&2
fi
[ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt "$need" ] && ulimit -Sn "$(ulimit -Hn)"

echo "building..." >&2
[ "${SKIP_BUILD:-0}" = 1 ] || (cd "$ROOT" && bench_mvn -pl server -am -DskipTests package) >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
JAR="$ROOT/server/target/switchboard.jar"
bench_java() { java -cp "$JAR" "$ROOT/bench/cc/CcBench.java" "$@"; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_pressure() { awk '/^some/ {split($5, t, "="); print t[2]}' /proc/pressure/cpu 2>/dev/null || echo 0; }
gc_totals() {
  curl -s "http://127.0.0.1:$HTTP/metrics" | awk '/^jvm_gc_collection_seconds_count/ {n += $NF} /^jvm_gc_collection_seconds_sum/ {s += $NF} END {print n + 0, s + 0}'
}
# "attempted successful failed" from the last row of a SIPp -trace_stat file
sipp_totals() {
  python3 - "$1" <<'PY'
import csv, sys
try:
    rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
    h, last = rows[0], rows[-1]
    print(last[h.index('TotalCallCreated')], last[h.index('SuccessfulCall(C)')], last[h.index('FailedCall(C)')])
except Exception:
    print("? ? ?")
PY
}
# "p50 p99" in ms of a SIPp response-time column (rtd N), from the -trace_rtt file
rtt_quantiles() {
  python3 - "$1" "$2" <<'PY'
import csv, glob, sys
files = glob.glob(sys.argv[1])
values = []
for f in files:
    for row in csv.reader(open(f), delimiter=';'):
        if len(row) >= 3 and row[2] == sys.argv[2]:
            try:
                values.append(float(row[1]))
            except ValueError:
                pass
values.sort()
q = lambda p: values[min(len(values) - 1, int(p * len(values)))] if values else float('nan')
print("%.0f %.0f" % (q(0.5), q(0.99)))
PY
}

echo "rate agents attempted successful failed phone_answered ctr... (one line per rate)" >&2
best=0
for rate in "$@"; do
  dir="$OUT/r$rate"
  mkdir -p "$dir"
  HTTP="$(free_port)"; SIP="$(free_port)"; TURN="$(free_port)"; PHONE="$(free_port)"; CALLER="$(free_port)"
  RTP_LOW="$(free_udp_range 8000 20000 40000)"
  bench_java instance "$dir/instance" "$AGENTS" "$PHONE" "$ACW"

  # every agent's phone; -d is how long each stays on the line
  (cd "$dir" && exec sipp -sf "$ROOT/bench/cc/agent_phone.xml" -i 127.0.0.1 -p "$PHONE" -mp "$(free_port)" \
      -d $((HOLD * 1000)) -nostdin -trace_stat -stf phone-stats.csv -fd 1 -trace_err) >"$dir/phone.out" 2>&1 &
  phone=$!
  PIDS+=("$phone")

  # shellcheck disable=SC2086
  SWITCHBOARD_DRAIN_TIMEOUT_SECONDS=5 java ${JAVA_OPTS:-} -jar "$JAR" --instance "$dir/instance" --data "$dir/data" \
    --bind 127.0.0.1 --http-port "$HTTP" --sip-port "$SIP" --turn-port "$TURN" \
    --rtp-ports "$RTP_LOW-$((RTP_LOW + 7999))" >"$dir/server.log" 2>&1 &
  server=$!
  PIDS+=("$server")
  for _ in $(seq 1 600); do
    grep -q "switchboard ready" "$dir/server.log" && break
    kill -0 "$server" 2>/dev/null || { echo "server exited:"; tail -20 "$dir/server.log"; exit 1; }
    sleep 0.1
  done
  grep -q "switchboard ready" "$dir/server.log" || { echo "server not ready after 60 s"; tail -20 "$dir/server.log"; exit 1; }
  login="$(bench_java login "$HTTP" "$AGENTS")"

  read -r gn0 gs0 < <(gc_totals)
  s0="$(cpu_ticks "$server")"; q0="$(cpu_pressure)"; w0="$(date +%s.%N)"
  calls=$((rate * OFFERED))
  (cd "$dir" && exec sipp "127.0.0.1:$SIP" -sf "$ROOT/bench/cc/caller.xml" -s +15550200 -i 127.0.0.1 -p "$CALLER" \
      -mp "$(free_port)" -r "$rate" -m "$calls" -l $((rate * (HOLD + 60))) -nostdin -trace_stat -stf caller-stats.csv \
      -fd 1 -trace_rtt -rtt_freq 1 -trace_err -timeout $((OFFERED + 120))s) >"$dir/caller.out" 2>&1 || true
  s1="$(cpu_ticks "$server")"; q1="$(cpu_pressure)"; w1="$(date +%s.%N)"
  read -r gn1 gs1 < <(gc_totals)
  # the last contacts' records: the agent's ACW has no bearing on the CTR, which is written at the contact's end
  sleep 2

  read -r attempted successful failed < <(sipp_totals "$dir/caller-stats.csv")
  kill "$phone" 2>/dev/null || true; wait "$phone" 2>/dev/null || true
  kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  PIDS=()
  answered="$(sipp_totals "$dir/phone-stats.csv" | cut -d' ' -f2)"
  records="$(bench_java records "$dir/data")"
  # the contacts whose whispers ended and whose caller was bridged to the phone (from the server's log: no figure
  # counts bridges; a phone that hangs up during the whispers ends the call unbridged)
  bridged="$(grep -c ': agent[0-9]* bridged$' "$dir/server.log" || true)"
  with_agent="$(sed -n 's/.*ctr_with_agent=\([0-9]*\).*/\1/p' <<<"$records")"
  wait_max="$(sed -n 's/.*queue_wait_max_s=\([0-9]*\).*/\1/p' <<<"$records")"
  lost=$(( ${successful//\?/0} > ${with_agent:-0} ? ${successful//\?/0} - ${with_agent:-0} : 0 ))
  read -r setup50 setup99 < <(rtt_quantiles "$dir/*_rtt.csv" 1)
  read -r call50 call99 < <(rtt_quantiles "$dir/*_rtt.csv" 2)
  window=$(awk -v a="$w0" -v b="$w1" 'BEGIN{printf "%.3f", b-a}')
  cpu_s=$(awk -v a="$s0" -v b="$s1" -v c="$CLK_TCK" 'BEGIN{printf "%.3f", (b-a)/c}')
  echo "rate=$rate agents=$AGENTS $login attempted=$attempted successful=$successful failed=$failed" \
    "phone_answered=$answered bridged=$bridged $records lost_ctrs=$lost setup_ms_p50/p99=$setup50/$setup99" \
    "call_ms_p50/p99=$call50/$call99" \
    "server_cpu_ms_per_call=$(awk -v c="$cpu_s" -v n="${successful//\?/0}" 'BEGIN{printf "%.2f", n ? c*1000/n : 0}')" \
    "server_cpu=$(awk -v c="$cpu_s" -v s="$window" 'BEGIN{printf "%.2f", c/s}')" \
    "gc_pauses=$((gn1 - gn0)) gc_pause_ms=$(awk -v a="$gs0" -v b="$gs1" 'BEGIN{printf "%.0f", (b-a)*1000}')" \
    "machine_cpu_pressure=$(awk -v a="${q0:-0}" -v b="${q1:-0}" -v s="$window" 'BEGIN{printf "%.2f", (b-a)/1e6/s}')" \
    "load=$(cut -d' ' -f1 /proc/loadavg)"
  if [ "$failed" = 0 ] && [ "$successful" = "$calls" ] && [ "$lost" = 0 ] && [ "$bridged" = "$calls" ] && [ "${wait_max:-99}" -lt 5 ] \
      && [ "$rate" -gt "$best" ]; then
    best="$rate"
  fi
done
echo "largest sustained rate: $best calls/s (of $*; $(nproc) cores, $OFFERED s offered, agents on the line $HOLD s," \
  "ACW $ACW s, $AGENTS agents)"

if [ "$RECORDS" != 0 ]; then
  echo "CTR write cost (bench/records, $RECORDS records):"
  cp="$(cd "$ROOT" && bench_module_classpath routing-adapter)"
  (cd "$ROOT" && java -Xms512m -Xmx1g -cp "$cp" bench/records/RecordBench.java "$RECORDS")
fi

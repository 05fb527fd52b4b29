#!/usr/bin/env bash
# IVR benchmark: how many concurrent live calls to the demo IVR this machine carries with every prompt packet on
# time. For each N: a fresh server (the packaged jar, demo instance with its call and queue limits lifted, a temp
# data directory, free ports), SIPp placing N calls to +15550100 at RATE calls/s and holding each until the
# measurement is over, and bench/ivr/ivrload (C) as the callers' phones: it hears the prompts, sends 20 ms of
# silence back like a phone (CALLER_AUDIO=0: one packet a second, enough for the media timeout), and presses
# 2 (RFC 4733) DIGIT_AFTER ms into the call, during the menu, which sends the caller to the Support queue's
# hold music. Once all N calls are up and WARMUP seconds have passed, it measures for SECONDS_MEASURED.
#
#   bench/ivr/run.sh 250 500 1000 1250
#
# One line per N: calls attempted/established/failed (SIPp), digits that reached the queue (the contacts
# waiting in Support at the end of the window, from the server's /metrics), RTP streams measured, packets, the deviation of each packet's
# inter-arrival time from 20 ms (p50/p99/p999/max, microseconds, kernel receive timestamps), packets lost by
# sequence number, prompt_switches (packets with the marker bit: a new prompt or source started, whose first
# packet is sent at once rather than on the 20 ms grid; included in the deviations), the server's CPU over the
# window (1.0 = one core, /proc/PID/stat), the load generators' CPU (ivrload and SIPp), the server's GC pauses
# in the window, its media loops' CPU and time spent waiting for a CPU (/proc/PID/task/*/schedstat), its
# busiest threads, and the machine's CPU pressure (the share of the window in which some task waited for a
# CPU). Then the largest N with p99 < 5 ms and no failed call.
#
# Environment: RATE (50 calls/s), WARMUP (5 s), SECONDS_MEASURED (20 s), DIGIT_AFTER (7000 ms: the welcome
# prompt is 5 s long), CALLER_AUDIO (1), SOCKETS (4: the calls share that many ivrload sockets, round-robin),
# JAVA_OPTS (none: the server runs as users run it), NICE (0; e.g. -10 runs server and SIPp ahead of other
# work on a shared machine, approximating a dedicated one; needs root), KEEP=1 keeps the work directory
# (server log, SIPp files, ivrload output), TRACE_GAPS (microseconds: ivrload lists every larger deviation in
# its ivrload.err, with KEEP=1). Everything runs on 127.0.0.1; every process started here is stopped.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bench/ivr/run.sh N [N...]" >&2; exit 2; }
for n in "$@"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "not a number of calls: $n" >&2; exit 2; }; done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/bench/lib.sh"
bench_need_build_tools
bench_need sipp=sip-tester gcc=gcc python3=python3 curl=curl ps=procps setsid=util-linux
RATE="${RATE:-50}"
WARMUP="${WARMUP:-5}"
MEASURED="${SECONDS_MEASURED:-20}"
DIGIT_AFTER="${DIGIT_AFTER:-7000}"
CALLER_AUDIO="${CALLER_AUDIO:-1}"
SOCKETS="${SOCKETS:-4}"
NICE="${NICE:-0}"
OUT="$(mktemp -d /tmp/ivr-bench.XXXXXX)"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "files: $OUT" >&2; else rm -rf "$OUT"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# a sleep that a signal interrupts at once (bash runs traps only between foreground commands)
pause() { sleep "$1" & wait $!; }

# Each call holds one UDP socket in the server (two when the caller does not multiplex RTCP; these callers do),
# besides about 30 descriptors of its own; the JVM raises its soft limit to the hard one, so the hard limit is
# what counts. ivrload (one per socket of SOCKETS) and SIPp (one UDP socket) need a few each.
max_n=0
for n in "$@"; do [ "$n" -gt "$max_n" ] && max_n="$n"; done
need=$((2 * max_n + 1024))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$need" ]; then
  ulimit -Hn "$need" 2>/dev/null || { echo "open files: hard limit $(ulimit -Hn) < $need needed for $max_n calls" >&2; exit 1; }
fi
[ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt "$need" ] && ulimit -Sn "$need"

echo "building..." >&2
(cd "$ROOT" && bench_mvn -DskipTests package) >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
JAR="$ROOT/server/target/switchboard.jar"
gcc -O2 -Wall -o "$OUT/ivrload" "$ROOT/bench/ivr/ivrload.c"

# the demo instance with the limits a benchmark would hit: the trunk's 100 calls and the queues' 50 contacts
INSTANCE="$OUT/instance"
cp -r "$ROOT/config/src/main/resources/io/switchboard/config/demo" "$INSTANCE"
rm -f "$INSTANCE/index.txt"
sed -i 's/^\(\s*maxConcurrentCalls:\).*/\1 0/; s/^\(\s*maxContacts:\).*/\1 0/' "$INSTANCE/instance.yaml"

# ivrload runs 10 steps behind the server: its bursts of sends (the callers' audio, delivered into the server's
# sockets in ivrload's own time slice on loopback) otherwise hold up a media loop woken on the same core, which
# a network card would not do. Its own delays do not matter: arrival times are the kernel's.
LOAD_NICE=$((NICE + 10 > 19 ? 19 : NICE + 10))
# With NICE, each process runs in its own session: with autogroup scheduling (Linux's default for desktops and
# many VMs) a nice value only ranks a process within its session's group, so the group is given the nice value too.
launcher() {
  if [ "$NICE" != 0 ]; then echo "setsid nice -n $1"; else echo "nice -n $(( $1 - NICE ))"; fi
}
prioritize() {
  [ "$NICE" != 0 ] || return 0
  # only once the process leads its own session (setsid has run), or the nice value would land on ours
  for _ in $(seq 1 100); do
    [ "$(ps -o sid= -p "$1" | tr -d ' ')" = "$1" ] && break
    sleep 0.01
  done
  if [ "$(ps -o sid= -p "$1" | tr -d ' ')" = "$1" ] && [ -w "/proc/$1/autogroup" ]; then
    echo "$2" >"/proc/$1/autogroup" 2>/dev/null || true
  fi
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# every thread of PID: "tid<TAB>name<TAB>ns on CPU<TAB>ns waiting for a CPU<TAB>times scheduled"
# (/proc/PID/task/*/schedstat)
thread_snapshot() {
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\t%s\n' "${t##*/}" "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $1 "\t" $2 "\t" $3}' "$t/schedstat" 2>/dev/null)"
  done
}
# from two snapshots over SECONDS: the media loops' CPU and run-queue wait (1.0 = one core-second per second),
# how often they were put on a CPU (wake-ups), and the busiest threads
thread_report() {
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
def load(path):
    out = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) == 5 and f[2].isdigit():
            out[f[0]] = (f[1], int(f[2]), int(f[3]), int(f[4]))
    return out
a, b, secs = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
rows = []
for tid, (name, cpu, wait, runs) in b.items():
    c0, w0, r0 = a[tid][1:] if tid in a else (0, 0, 0)
    rows.append((name, (cpu - c0) / 1e9 / secs, (wait - w0) / 1e9 / secs, (runs - r0) / secs))
media = [r for r in rows if re.match(r"media-\d+-\d+$", r[0])]
rows.sort(key=lambda r: -r[1])
print("media_loops_cpu=%.2f media_loops_runq_wait=%.2f media_loops_runs_per_s=%.0f busiest_threads=%s" % (
    sum(r[1] for r in media), sum(r[2] for r in media), sum(r[3] for r in media),
    ",".join("%s:%.2f" % (r[0], r[1]) for r in rows[:4])))
PY
}
cpu_pressure() { awk '/^some/ {split($5, t, "="); print t[2]}' /proc/pressure/cpu 2>/dev/null || echo 0; }
metric() { curl -s "http://127.0.0.1:$HTTP/metrics" | awk -v m="$1" '$1 == m {printf "%d", $2}'; }
# "pauses seconds" of every garbage collector together, from the server's /metrics
gc_totals() {
  curl -s "http://127.0.0.1:$HTTP/metrics" | awk '/^jvm_gc_collection_seconds_count/ {n += $NF} /^jvm_gc_collection_seconds_sum/ {s += $NF} END {print n + 0, s + 0}'
}

best=0
for n in "$@"; do
  dir="$OUT/n$n"
  mkdir -p "$dir"
  HTTP="$(free_port)"; SIP="$(free_port)"; TURN="$(free_port)"
  rtp_count=$((4 * n > 2000 ? 4 * n : 2000))
  RTP_LOW="$(free_udp_range "$rtp_count" 20000 32000)"
  LOAD_BASE="$(free_udp_range "$SOCKETS" 16000 19999)"

  # shellcheck disable=SC2086
  # a short drain, so that a server left with calls by an interrupted run stops soon
  SWITCHBOARD_DRAIN_TIMEOUT_SECONDS=5 $(launcher "$NICE") java ${JAVA_OPTS:-} -jar "$JAR" --instance "$INSTANCE" --data "$dir/data" --bind 127.0.0.1 --http-port "$HTTP" \
    --sip-port "$SIP" --turn-port "$TURN" --rtp-ports "$RTP_LOW-$((RTP_LOW + rtp_count - 1))" >"$dir/server.log" 2>&1 &
  server=$!
  PIDS+=("$server")
  prioritize "$server" "$NICE"
  for _ in $(seq 1 300); do
    grep -q "switchboard ready" "$dir/server.log" && break
    kill -0 "$server" 2>/dev/null || { echo "server exited:"; tail -20 "$dir/server.log"; exit 1; }
    sleep 0.1
  done
  grep -q "switchboard ready" "$dir/server.log" || { echo "server not ready after 30 s"; tail -20 "$dir/server.log"; exit 1; }

  audio_flag=""; [ "$CALLER_AUDIO" = 1 ] && audio_flag="--caller-audio"
  [ -n "${TRACE_GAPS:-}" ] && audio_flag="$audio_flag --trace-gaps $TRACE_GAPS"
  # shellcheck disable=SC2086
  $(launcher "$LOAD_NICE") "$OUT/ivrload" --base "$LOAD_BASE" --socks "$SOCKETS" --digit 2 --digit-after "$DIGIT_AFTER" --event-pt 101 \
    $audio_flag >"$dir/ivrload.out" 2>"$dir/ivrload.err" &
  load=$!
  PIDS+=("$load")
  prioritize "$load" "$LOAD_NICE"
  for _ in $(seq 1 50); do grep -q '^ready' "$dir/ivrload.out" && break; sleep 0.1; done
  grep -q '^ready' "$dir/ivrload.out" || { echo "ivrload did not start:"; cat "$dir/ivrload.err"; exit 1; }

  { echo SEQUENTIAL; for i in $(seq 0 $((n - 1))); do echo "$((LOAD_BASE + i % SOCKETS));"; done; } >"$dir/ports.csv"
  ramp=$(( (n + RATE - 1) / RATE ))
  # every call stays until the window is over: ramp, setup stragglers, warm-up, window, and margin
  hold_s=$((ramp + 15 + WARMUP + MEASURED + 10))
  # shellcheck disable=SC2016
  $(launcher "$NICE") sh -c 'cd "$0" && exec "$@"' "$dir" sipp "127.0.0.1:$SIP" -sf "$ROOT/bench/ivr/ivr_caller.xml" -s +15550100 -i 127.0.0.1 \
      -p "$(free_port)" -inf "$dir/ports.csv" -r "$RATE" -l "$n" -m "$n" -d $((hold_s * 1000)) -nostdin \
      -trace_stat -stf stats.csv -fd 1 -trace_counts -timeout $((hold_s + 60))s >"$dir/sipp.out" 2>&1 &
  sipp=$!
  PIDS+=("$sipp")
  prioritize "$sipp" "$NICE"

  # all N calls up (or the ramp plus 15 s gone, with what is up), then the warm-up
  deadline=$((SECONDS + ramp + 15))
  while [ "$SECONDS" -lt "$deadline" ]; do
    [ "$(metric switchboard_calls_active)" = "$n" ] && break
    sleep 0.5
  done
  pause "$WARMUP"

  # /metrics briefly stops the JVM (its thread figures take a safepoint): asked outside the window
  read -r gn0 gs0 < <(gc_totals)
  active_at_start="$(metric switchboard_calls_active)"
  pause 1
  s0="$(cpu_ticks "$server")"; l0="$(cpu_ticks "$load")"; p0="$(cpu_ticks "$sipp")"
  thread_snapshot "$server" >"$dir/threads-start.tsv"; q0="$(cpu_pressure)"; w0="$(date +%s.%N)"
  kill -USR1 "$load"
  pause "$MEASURED"
  kill -USR2 "$load"
  s1="$(cpu_ticks "$server")"; l1="$(cpu_ticks "$load")"; p1="$(cpu_ticks "$sipp")"
  thread_snapshot "$server" >"$dir/threads-end.tsv"; q1="$(cpu_pressure)"; w1="$(date +%s.%N)"
  # the seconds between the samples (a busy machine can stretch the window past SECONDS_MEASURED)
  window=$(awk -v a="$w0" -v b="$w1" 'BEGIN{printf "%.3f", b-a}')
  read -r gn1 gs1 < <(gc_totals)
  active_at_end="$(metric switchboard_calls_active)"
  queued="$(metric 'switchboard_queue_contacts{queue="Support"}')"
  for _ in $(seq 1 50); do grep -q '^streams_seen' "$dir/ivrload.out" && break; sleep 0.1; done

  wait "$sipp" || true
  kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true
  kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  PIDS=() # all stopped and reaped: their ids may be reused

  stats="$(ls "$dir"/stats.csv 2>/dev/null || true)"
  counts="$(ls "$dir"/*_counts.csv 2>/dev/null | head -1 || true)"
  read -r attempted failed < <(python3 - "$stats" <<'PY'
import csv, sys
try:
    rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
    h, last = rows[0], rows[-1]
    print(last[h.index('TotalCallCreated')], last[h.index('FailedCall(C)')])
except Exception:
    print("? ?")
PY
)
  # established: 200 OKs to the INVITE (the scenario's first 200) that SIPp received
  established="$(python3 - "$counts" <<'PY'
import csv, re, sys
try:
    rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
    h, last = rows[0], rows[-1]
    print(last[next(i for i, k in enumerate(h) if re.fullmatch(r"\d+_200_Recv", k))])
except Exception:
    print('?')
PY
)"
  load_line="$(grep '^streams_seen' "$dir/ivrload.out" || echo 'ivrload=no-report')"
  p99="$(sed -n 's/.* dev_p99_us=\([0-9]*\).*/\1/p' <<<"$load_line")"
  server_cpu=$(awk -v a="$s0" -v b="$s1" -v c="$CLK_TCK" -v s="$window" 'BEGIN{printf "%.2f", (b-a)/c/s}')
  load_cpu=$(awk -v a="$l0" -v b="$l1" -v c="$CLK_TCK" -v s="$window" 'BEGIN{printf "%.2f", (b-a)/c/s}')
  sipp_cpu=$(awk -v a="$p0" -v b="$p1" -v c="$CLK_TCK" -v s="$window" 'BEGIN{printf "%.2f", (b-a)/c/s}')
  threads="$(thread_report "$dir/threads-start.tsv" "$dir/threads-end.tsv" "$window")"
  # the share of the window in which some runnable task on the machine waited for a CPU (PSI)
  pressure=$(awk -v a="${q0:-0}" -v b="${q1:-0}" -v s="$window" 'BEGIN{printf "%.2f", (b-a)/1e6/s}')
  gc=$(awk -v a="$gn0" -v b="$gn1" -v c="$gs0" -v d="$gs1" 'BEGIN{printf "gc_pauses=%d gc_pause_ms=%.0f", b-a, (d-c)*1000}')
  echo "N=$n calls_attempted=$attempted established=$established failed=$failed digits_queued=$queued" \
    "active=$active_at_start/$active_at_end $(sed 's/load_cpu=[0-9.]*//; s/ *$//' <<<"$load_line")" \
    "server_cpu=$server_cpu ivrload_cpu=$load_cpu sipp_cpu=$sipp_cpu $gc $threads" \
    "machine_cpu_pressure=$pressure load=$(cut -d' ' -f1 /proc/loadavg)"
  if [ -n "$p99" ] && [ "$p99" -lt 5000 ] && [ "$failed" = 0 ] && [ "$established" = "$n" ] && [ "$n" -gt "$best" ]; then
    best="$n"
  fi
done
echo "largest N with p99 < 5 ms and no failed call: $best (of $*; $(nproc) cores, rate $RATE calls/s," \
  "caller audio $([ "$CALLER_AUDIO" = 1 ] && echo on || echo off), window $MEASURED s, nice $NICE)"

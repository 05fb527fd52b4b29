#!/usr/bin/env bash
# Our TURN server against coturn's turnserver (Debian coturn), same machine, same run, same clients:
#  1. allocations per second: bench/turn/TurnAllocLoad.java (401, Allocate, Refresh 0, each on a new 5-tuple,
#     in parallel loops)
#  2. relayed packets per server CPU-second, 172-byte packets, with turnutils_uclient and turnutils_peer:
#     ChannelData (uclient's default) over UDP and over TCP to the server (-t: ChannelData with TCP framing),
#     and Send/Data indications (uclient -s)
# Each server runs alone on 127.0.0.1 with the same limits (no per-user or total allocation quota that the load
# reaches, no bandwidth cap); its CPU is read from /proc before and after each phase, in nanoseconds (the sum of
# its threads' schedstat), not in the 10 ms ticks of /proc/PID/stat. The relay port ranges (6,000 ports each)
# lie below Linux's ephemeral range (ip_local_port_range, 32768-60999 by default), so that the clients' own
# sockets never take a port a server wants for a relay. The relay figures are taken before the allocation load,
# which leaves coturn's relay ports held for a while after Refresh 0.
# Both servers run alternately for ROUNDS rounds (default 3); each figure is printed per round and as the median.
# Usage: [ROUNDS=3] [WARMUP=2] bench/turn/run.sh [alloc threads 8] [alloc seconds 10] [uclient clients 20] [messages per client 2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
bench_need turnserver=coturn turnutils_uclient=coturn turnutils_peer=coturn

THREADS=${1:-8}
SECONDS_ALLOC=${2:-10}
CLIENTS=${3:-20}
MESSAGES=${4:-2000}
ROUNDS=${ROUNDS:-3}
OURS_PORT=23478
COTURN_PORT=24478
PEER_PORT=23480
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cp=$(bench_module_classpath turn)
cpu_seconds() { # CPU time of a process's threads, in seconds (schedstat's first field is nanoseconds on a CPU)
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ ns += $1 } END { printf "%.4f", ns / 1e9 }'
}
read -r EPHEMERAL_LOW _ </proc/sys/net/ipv4/ip_local_port_range
if [ "$EPHEMERAL_LOW" -le 21999 ]; then
  echo "the ephemeral port range ($(cat /proc/sys/net/ipv4/ip_local_port_range)) overlaps the relay ports 10000-21999" >&2
  exit 1
fi

# OURS_JAVA_OPTS adds JVM flags to our server, e.g. a flight recording: -XX:StartFlightRecording=filename=turn.jfr
# It logs at the server's level (bench/turn/logback-bench.xml), not at logback's default DEBUG.
# shellcheck disable=SC2086
java ${OURS_JAVA_OPTS:-} -Xms256m -Xmx512m -Dlogback.configurationFile=bench/turn/logback-bench.xml -cp "$cp" \
  bench/turn/TurnBenchServer.java "$OURS_PORT" 10000 15999 >"$WORK/ours.log" 2>&1 &
OURS=$!; PIDS+=("$OURS")
turnserver -n --no-cli --no-tls --no-dtls --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 \
  --listening-port="$COTURN_PORT" --min-port=16000 --max-port=21999 --lt-cred-mech \
  --user-quota=100000 --total-quota=100000 --max-bps=0 --bps-capacity=0 --no-rfc5780 --no-stun-backward-compatibility \
  --user=turn-demo:demo-password --realm=switchboard --allow-loopback-peers --no-software-attribute \
  --log-file=stdout --simple-log >"$WORK/coturn.log" 2>&1 &
COTURN=$!; PIDS+=("$COTURN")
turnutils_peer -L 127.0.0.1 -p "$PEER_PORT" >"$WORK/peer.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do grep -q "ready" "$WORK/ours.log" && break; sleep 0.1; done
sleep 1

alloc() { # SERVER_PORT -> "allocations_per_second failed failure_reasons"
  java -cp "$cp" bench/turn/TurnAllocLoad.java 127.0.0.1 "$1" "$THREADS" "$SECONDS_ALLOC" | tee /dev/stderr \
    | sed -n 's/.*failed=\([0-9]*\).*per_second=\([0-9]*\) failures=\(.*\)/\2 \1 \3/p'
}

relay() { # SERVER_PORT SERVER_PID [uclient flags] -> "packets cpu_seconds loss%"
  local port=$1 pid=$2; shift 2
  local before after out sent recv lost
  before=$(cpu_seconds "$pid")
  out=$(turnutils_uclient -c -m "$CLIENTS" -n "$MESSAGES" -l 172 -z 5 -e 127.0.0.1 -r "$PEER_PORT" -p "$port" \
        -u turn-demo -w demo-password "$@" 127.0.0.1 2>&1) || echo "turnutils_uclient -p $port $* failed: $(echo "$out" | tail -3)" >&2
  after=$(cpu_seconds "$pid")
  sent=$(echo "$out" | sed -n 's/.*start_mclient: tot_send_msgs=\([0-9]*\), tot_recv_msgs=\([0-9]*\).*/\1/p' | tail -1)
  recv=$(echo "$out" | sed -n 's/.*start_mclient: tot_send_msgs=\([0-9]*\), tot_recv_msgs=\([0-9]*\).*/\2/p' | tail -1)
  lost=$(echo "$out" | sed -n 's/.*Total lost packets [0-9]* (\([0-9.]*\)%).*/\1/p' | tail -1)
  # every message crosses the server twice: client -> peer and the echo peer -> client
  echo "$(( ${sent:-0} + ${recv:-0} )) $(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.3f", b - a }') ${lost:-?}"
}

per_cpu() { awk -v p="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.0f", p / c; else print "n/a" }'; }
median() { # numbers as arguments -> their median ("n/a" ignored)
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
                               else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The relay paths: name and uclient flags (ChannelData is uclient's default; -t is TCP to the server, -s Send/Data)
PATHS=("ChannelData UDP" "ChannelData TCP" "Send/Data UDP")
FLAGS=("" "-t" "-s")
declare -A FIG LINE

# WARMUP passes of every path on both servers first (default 2): one pass leaves our JIT compiler still at work
# in the measured rounds (a third of our CPU there), which a long-running server no longer pays
WARMUP=${WARMUP:-2}
echo "warming up both servers on every relay path, $WARMUP passes (JIT for ours, same load for coturn)..."
for i in $(for _ in $(seq 1 "$WARMUP"); do echo "${!PATHS[@]}"; done); do
  # shellcheck disable=SC2086
  relay "$OURS_PORT" "$OURS" ${FLAGS[$i]} >/dev/null; relay "$COTURN_PORT" "$COTURN" ${FLAGS[$i]} >/dev/null
done

# Both servers alternately, ROUNDS times, in the same run: a machine shared with other work moves a single
# figure by a third, a median of rounds far less. Odd rounds start with ours, even ones with coturn, so that
# neither always runs right after the other's load.
for round in $(seq 1 "$ROUNDS"); do
  order=(ours coturn)
  [ $((round % 2)) -eq 0 ] && order=(coturn ours)
  for i in "${!PATHS[@]}"; do
    for server in "${order[@]}"; do
      if [ "$server" = ours ]; then port=$OURS_PORT pid=$OURS; else port=$COTURN_PORT pid=$COTURN; fi
      # shellcheck disable=SC2086
      read -r p c l <<<"$(relay "$port" "$pid" ${FLAGS[$i]})"
      FIG[$server,$i,$round]=$(per_cpu "$p" "$c")
      LINE[$server,$i,$round]="$p/$c/$l"
      echo "round $round ${PATHS[$i]} $server: ${FIG[$server,$i,$round]} packets per CPU-second (packets/CPU s/loss % $p/$c/$l)" >&2
    done
  done
done

echo "allocation load: warm-up on ours, then $ROUNDS measured runs on each, alternately"
alloc "$OURS_PORT" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  order=(ours coturn)
  [ $((round % 2)) -eq 0 ] && order=(coturn ours)
  for server in "${order[@]}"; do
    if [ "$server" = ours ]; then port=$OURS_PORT; else port=$COTURN_PORT; fi
    read -r a f why <<<"$(alloc "$port")"
    FIG[$server,alloc,$round]=$a
    LINE[$server,alloc,$round]="$f ${why:--}"
    FIG[$server,437,$round]=$(echo "$why" | tr ',' '\n' | awk -F= '$1 ~ /:437$/ { n += $2 } END { print n + 0 }')
  done
done

col() { # KEY -> the median over rounds of both servers' figures for KEY ("ours coturn")
  local server r vals
  for server in ours coturn; do
    vals=()
    for r in $(seq 1 "$ROUNDS"); do vals+=("${FIG[$server,$1,$r]}"); done
    printf '%s ' "$(median "${vals[@]}")"
  done
}

echo
echo "TURN benchmark: $ROUNDS rounds; $THREADS allocation threads for $SECONDS_ALLOC s;" \
  "relay: $CLIENTS uclient clients x $MESSAGES messages of 172 bytes, 5 ms apart"
printf "%-52s %16s %16s\n" "figure (median of $ROUNDS rounds)" "switchboard" "coturn $(turnserver --version 2>/dev/null | head -1 | awk '{print $NF}')"
read -r o c <<<"$(col alloc)"
printf "%-52s %16s %16s\n" "allocations per second (401+Allocate+Refresh 0)" "$o" "$c"
read -r o c <<<"$(col 437)"
printf "%-52s %16s %16s\n" "  allocations answered 437 (Allocation Mismatch)" "$o" "$c"
for i in "${!PATHS[@]}"; do
  read -r o c <<<"$(col "$i")"
  printf "%-52s %16s %16s\n" "${PATHS[$i]}: relayed packets per server CPU-second" "$o" "$c"
done
echo
echo "rounds (relay: packets per CPU-second, then packets/server CPU s/loss %; allocations: per second, then failed and step:error=count)"
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!PATHS[@]}"; do
    printf "%-6s %-16s %8s %-24s %8s %-24s\n" "$r" "${PATHS[$i]}" "${FIG[ours,$i,$r]}" "(${LINE[ours,$i,$r]})" \
      "${FIG[coturn,$i,$r]}" "(${LINE[coturn,$i,$r]})"
  done
  printf "%-6s %-16s %8s %-24s %8s %s\n" "$r" "allocations/s" "${FIG[ours,alloc,$r]}" "(${LINE[ours,alloc,$r]})" \
    "${FIG[coturn,alloc,$r]}" "(${LINE[coturn,alloc,$r]})"
done

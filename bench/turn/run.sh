#!/usr/bin/env bash
# Our TURN server against coturn's turnserver (Debian coturn), same machine, same run, same clients:
#  1. allocations per second: bench/turn/TurnAllocLoad.java (401, Allocate, Refresh 0, each on a new 5-tuple,
#     in parallel loops)
#  2. relayed packets per server CPU-second, 172-byte packets, with turnutils_uclient and turnutils_peer:
#     ChannelData (uclient's default) and Send/Data indications (uclient -s)
# Each server runs alone on 127.0.0.1; its CPU is read from /proc before and after each phase.
# Usage: bench/turn/run.sh [alloc threads 8] [alloc seconds 10] [uclient clients 20] [messages per client 2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
bench_need turnserver=coturn turnutils_uclient=coturn turnutils_peer=coturn

THREADS=${1:-8}
SECONDS_ALLOC=${2:-10}
CLIENTS=${3:-20}
MESSAGES=${4:-2000}
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
TICKS=$(getconf CLK_TCK)
cpu_seconds() { # utime + stime of a process and its threads, in seconds
  awk -v t="$TICKS" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$1/stat"
}

java -Xms256m -Xmx512m -cp "$cp" bench/turn/TurnBenchServer.java "$OURS_PORT" 40000 44999 >"$WORK/ours.log" 2>&1 &
OURS=$!; PIDS+=("$OURS")
turnserver -n --no-cli --no-tls --no-dtls --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 \
  --listening-port="$COTURN_PORT" --min-port=45000 --max-port=49999 --lt-cred-mech \
  --user=turn-demo:demo-password --realm=switchboard --allow-loopback-peers --no-software-attribute \
  --log-file=stdout --simple-log >"$WORK/coturn.log" 2>&1 &
COTURN=$!; PIDS+=("$COTURN")
turnutils_peer -L 127.0.0.1 -p "$PEER_PORT" >"$WORK/peer.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do grep -q "ready" "$WORK/ours.log" && break; sleep 0.1; done
sleep 1

alloc() { # SERVER_PORT -> allocations per second
  java -cp "$cp" bench/turn/TurnAllocLoad.java 127.0.0.1 "$1" "$THREADS" "$SECONDS_ALLOC" | tee /dev/stderr \
    | sed -n 's/.*per_second=\([0-9]*\).*/\1/p'
}

relay() { # SERVER_PORT SERVER_PID [uclient flags] -> "packets cpu_seconds loss%"
  local port=$1 pid=$2; shift 2
  local before after out sent recv lost
  before=$(cpu_seconds "$pid")
  out=$(turnutils_uclient -c -m "$CLIENTS" -n "$MESSAGES" -l 172 -z 5 -e 127.0.0.1 -r "$PEER_PORT" -p "$port" \
        -u turn-demo -w demo-password "$@" 127.0.0.1 2>&1)
  after=$(cpu_seconds "$pid")
  sent=$(echo "$out" | sed -n 's/.*start_mclient: tot_send_msgs=\([0-9]*\), tot_recv_msgs=\([0-9]*\).*/\1/p' | tail -1)
  recv=$(echo "$out" | sed -n 's/.*start_mclient: tot_send_msgs=\([0-9]*\), tot_recv_msgs=\([0-9]*\).*/\2/p' | tail -1)
  lost=$(echo "$out" | sed -n 's/.*Total lost packets [0-9]* (\([0-9.]*\)%).*/\1/p' | tail -1)
  # every message crosses the server twice: client -> peer and the echo peer -> client
  echo "$(( ${sent:-0} + ${recv:-0} )) $(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.3f", b - a }') ${lost:-?}"
}

per_cpu() { awk -v p="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.0f", p / c; else print "n/a" }'; }

echo "warming up both servers (JIT for ours, same load for coturn)..."
alloc "$OURS_PORT" >/dev/null; alloc "$COTURN_PORT" >/dev/null
relay "$OURS_PORT" "$OURS" >/dev/null; relay "$COTURN_PORT" "$COTURN" >/dev/null
relay "$OURS_PORT" "$OURS" -s >/dev/null; relay "$COTURN_PORT" "$COTURN" -s >/dev/null

ours_alloc=$(alloc "$OURS_PORT"); coturn_alloc=$(alloc "$COTURN_PORT")
read -r ours_cd_p ours_cd_c ours_cd_l <<<"$(relay "$OURS_PORT" "$OURS")"
read -r coturn_cd_p coturn_cd_c coturn_cd_l <<<"$(relay "$COTURN_PORT" "$COTURN")"
read -r ours_si_p ours_si_c ours_si_l <<<"$(relay "$OURS_PORT" "$OURS" -s)"
read -r coturn_si_p coturn_si_c coturn_si_l <<<"$(relay "$COTURN_PORT" "$COTURN" -s)"

echo
echo "TURN benchmark: $THREADS allocation threads for $SECONDS_ALLOC s; relay: $CLIENTS uclient clients x $MESSAGES messages of 172 bytes, 5 ms apart"
printf "%-48s %14s %14s\n" "figure" "switchboard" "coturn $(turnserver --version 2>/dev/null | head -1 | awk '{print $NF}')"
printf "%-48s %14s %14s\n" "allocations per second (401+Allocate+Refresh 0)" "$ours_alloc" "$coturn_alloc"
printf "%-48s %14s %14s\n" "ChannelData: relayed packets per CPU-second" "$(per_cpu "$ours_cd_p" "$ours_cd_c")" "$(per_cpu "$coturn_cd_p" "$coturn_cd_c")"
printf "%-48s %14s %14s\n" "  (packets, server CPU s, loss %)" "$ours_cd_p/$ours_cd_c/$ours_cd_l" "$coturn_cd_p/$coturn_cd_c/$coturn_cd_l"
printf "%-48s %14s %14s\n" "Send/Data: relayed packets per CPU-second" "$(per_cpu "$ours_si_p" "$ours_si_c")" "$(per_cpu "$coturn_si_p" "$coturn_si_c")"
printf "%-48s %14s %14s\n" "  (packets, server CPU s, loss %)" "$ours_si_p/$ours_si_c/$ours_si_l" "$coturn_si_p/$coturn_si_c/$coturn_si_l"

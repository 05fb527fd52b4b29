#!/usr/bin/env bash
# Our TURN server against coturn's turnserver (Debian coturn), same machine, same run, same clients:
#  1. allocations per second: bench/turn/TurnAllocLoad.java (401, Allocate, Refresh 0, each on a new 5-tuple,
#     in parallel loops)
#  2. relayed packets per server CPU-second, 172-byte packets, with turnutils_uclient and turnutils_peer:
#     ChannelData (uclient's default) and Send/Data indications (uclient -s)
# Each server runs alone on 127.0.0.1 with the same limits (no per-user or total allocation quota that the load
# reaches, no bandwidth cap); its CPU is read from /proc before and after each phase, in nanoseconds (the sum of
# its threads' schedstat), not in the 10 ms ticks of /proc/PID/stat. The relay port ranges (6,000 ports each)
# lie below Linux's ephemeral range (ip_local_port_range, 32768-60999 by default), so that the clients' own
# sockets never take a port a server wants for a relay. The relay figures are taken before the allocation load,
# which leaves coturn's relay ports held for a while after Refresh 0.
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
cpu_seconds() { # CPU time of a process's threads, in seconds (schedstat's first field is nanoseconds on a CPU)
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ ns += $1 } END { printf "%.4f", ns / 1e9 }'
}
read -r EPHEMERAL_LOW _ </proc/sys/net/ipv4/ip_local_port_range
if [ "$EPHEMERAL_LOW" -le 21999 ]; then
  echo "the ephemeral port range ($(cat /proc/sys/net/ipv4/ip_local_port_range)) overlaps the relay ports 10000-21999" >&2
  exit 1
fi

java -Xms256m -Xmx512m -cp "$cp" bench/turn/TurnBenchServer.java "$OURS_PORT" 10000 15999 >"$WORK/ours.log" 2>&1 &
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

echo "warming up both servers on both relay paths (JIT for ours, same load for coturn)..."
relay "$OURS_PORT" "$OURS" >/dev/null; relay "$COTURN_PORT" "$COTURN" >/dev/null
relay "$OURS_PORT" "$OURS" -s >/dev/null; relay "$COTURN_PORT" "$COTURN" -s >/dev/null
read -r ours_cd_p ours_cd_c ours_cd_l <<<"$(relay "$OURS_PORT" "$OURS")"
read -r coturn_cd_p coturn_cd_c coturn_cd_l <<<"$(relay "$COTURN_PORT" "$COTURN")"
read -r ours_si_p ours_si_c ours_si_l <<<"$(relay "$OURS_PORT" "$OURS" -s)"
read -r coturn_si_p coturn_si_c coturn_si_l <<<"$(relay "$COTURN_PORT" "$COTURN" -s)"

echo "allocation load: warm-up on ours, then one measured run on each"
alloc "$OURS_PORT" >/dev/null
read -r ours_alloc ours_alloc_f ours_alloc_why <<<"$(alloc "$OURS_PORT")"
read -r coturn_alloc coturn_alloc_f coturn_alloc_why <<<"$(alloc "$COTURN_PORT")"

echo
echo "TURN benchmark: $THREADS allocation threads for $SECONDS_ALLOC s; relay: $CLIENTS uclient clients x $MESSAGES messages of 172 bytes, 5 ms apart"
printf "%-48s %14s %14s\n" "figure" "switchboard" "coturn $(turnserver --version 2>/dev/null | head -1 | awk '{print $NF}')"
printf "%-48s %14s %14s\n" "allocations per second (401+Allocate+Refresh 0)" "$ours_alloc" "$coturn_alloc"
printf "%-48s %14s %14s\n" "  failed allocations" "$ours_alloc_f" "$coturn_alloc_f"
printf "%-48s %14s %14s\n" "  (failed at step:error code=count)" "${ours_alloc_why:--}" "${coturn_alloc_why:--}"
printf "%-48s %14s %14s\n" "ChannelData: relayed packets per CPU-second" "$(per_cpu "$ours_cd_p" "$ours_cd_c")" "$(per_cpu "$coturn_cd_p" "$coturn_cd_c")"
printf "%-48s %14s %14s\n" "  (packets, server CPU s, loss %)" "$ours_cd_p/$ours_cd_c/$ours_cd_l" "$coturn_cd_p/$coturn_cd_c/$coturn_cd_l"
printf "%-48s %14s %14s\n" "Send/Data: relayed packets per CPU-second" "$(per_cpu "$ours_si_p" "$ours_si_c")" "$(per_cpu "$coturn_si_p" "$coturn_si_c")"
printf "%-48s %14s %14s\n" "  (packets, server CPU s, loss %)" "$ours_si_p/$ours_si_c/$ours_si_l" "$coturn_si_p/$coturn_si_c/$coturn_si_l"

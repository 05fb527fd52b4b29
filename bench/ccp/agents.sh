#!/usr/bin/env bash
# Concurrent logged-in softphone agents one server holds: a fresh server (the packaged jar, the demo instance
# plus as many simulated agents as the largest step, a temp data directory, free ports) and a browserless
# agent simulator (bench/ccp/agents/*.java, on the DTLS-SRTP pieces of bench/webrtc/calls) that, for each
# agent, logs in over HTTP, opens the agent WebSocket with the session token, answers the server's pings,
# offers softphone media as the CCP page does, completes ICE-lite (STUN Binding with USE-CANDIDATE and
# MESSAGE-INTEGRITY) and DTLS (bctls client), chooses Available and keeps ICE consent fresh (RFC 7675, a
# Binding request every 4-6 s). All of it on a dozen threads (one UDP selector, one timer, two HTTP/WebSocket
# threads, a few DTLS handshake threads during the ramp), not a thread per agent.
#
#   bench/ccp/agents.sh                    # steps 500 1000 2000 2500, each held 60 s, then 5 calls
#   bench/ccp/agents.sh 200 400            # those steps
#
# Per step: agents set up (and the rate), failed, dropped during the hold; the server's own view from /metrics
# (agent panels open and routable, agents online and available, media endpoints, panels found unreachable);
# the server's heap after a full GC (jcmd GC.run; GC.heap_info) and RSS (/proc) at the start and end of the
# hold, with the growth over the hold and the memory per agent over the server with no agent; the server's and
# the simulator's CPU over the hold (1.0 = one core). Then CALLS SIPp calls to the bench number (a flow that
# queues the caller in Sales at once): the simulated agents accept the offers and count the SRTP packets the
# caller's side (SIPp echoing the server's audio) sends them.
#
# Environment: HOLD_SECONDS (60), CALLS (5; 0 skips them), SERVER_JAVA_OPTS (none: the server runs as users run
# it), SIM_JAVA_OPTS (-Xmx1g), KEEP=1 keeps the work directory (server log, instance). Everything runs on
# 127.0.0.1; every process started here is stopped. Run it under the shared build lock on a shared machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. bench/lib.sh
bench_need_build_tools
bench_need jcmd=openjdk-17-jdk-headless curl=curl
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(500 1000 2000 2500)
for n in "${STEPS[@]}"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "not a number of agents: $n" >&2; exit 2; }; done
HOLD="${HOLD_SECONDS:-60}"
CALLS="${CALLS:-5}"
[ "$CALLS" -gt 0 ] && bench_need sipp=sip-tester
max_n=0
for n in "${STEPS[@]}"; do [ "$n" -gt "$max_n" ] && max_n="$n"; done

OUT="$(mktemp -d /tmp/ccp-agents-bench.XXXXXX)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "files: $OUT" >&2; else rm -rf "$OUT"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each agent holds a TCP connection and a UDP socket in the server and in the simulator, besides a few hundred
# descriptors of each JVM; the JVM raises its soft limit to the hard one, so the hard limit is what counts.
need=$((2 * max_n + 1024))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$need" ]; then
  ulimit -Hn "$need" 2>/dev/null || { echo "open files: hard limit $(ulimit -Hn) < $need needed for $max_n agents" >&2; exit 1; }
fi

echo "building..." >&2
cp=$(bench_module_classpath server)
JAR="$ROOT/server/target/switchboard.jar"
mkdir -p "$OUT/classes"
javac -nowarn -cp "$cp" -d "$OUT/classes" bench/webrtc/calls/*.java bench/ccp/agents/*.java
logback="-Dlogback.configurationFile=$ROOT/bench/webrtc/logback-bench.xml -Djava.util.logging.config.file=/dev/null"
sim() {
  # shellcheck disable=SC2086
  java ${SIM_JAVA_OPTS:--Xmx1g} $logback -cp "$OUT/classes:$cp" io.switchboard.bench.ccp.agents.AgentBench "$@"
}

sim instance "$OUT/instance" "$max_n"
HTTP="$(sim port)"; SIP="$(sim port)"; TURN="$(sim port)"
# every endpoint takes an even/odd port pair; twice that for the agents, and room for the calls' endpoints
rtp_count=$((4 * max_n + 1000))
RTP_LOW="$(sim udp-range "$rtp_count" 20000 32000)"
# shellcheck disable=SC2086
SWITCHBOARD_DRAIN_TIMEOUT_SECONDS=5 java ${SERVER_JAVA_OPTS:-} -jar "$JAR" --instance "$OUT/instance" \
  --data "$OUT/data" --bind 127.0.0.1 --public-address 127.0.0.1 --http-port "$HTTP" --sip-port "$SIP" \
  --turn-port "$TURN" --rtp-ports "$RTP_LOW-$((RTP_LOW + rtp_count - 1))" >"$OUT/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  grep -q "switchboard ready" "$OUT/server.log" && break
  kill -0 "$server" 2>/dev/null || { echo "server exited:" >&2; tail -20 "$OUT/server.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "switchboard ready" "$OUT/server.log" || { echo "server not ready after 30 s" >&2; tail -20 "$OUT/server.log" >&2; exit 1; }

echo "agents: ${STEPS[*]}, each held ${HOLD} s; ${CALLS} calls at the end; server pid $server, http $HTTP" >&2
sim run "http://127.0.0.1:$HTTP" "$server" "$HOLD" "$CALLS" "$SIP" "${STEPS[@]}"

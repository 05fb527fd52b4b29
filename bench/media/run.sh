#!/usr/bin/env bash
# Media relay benchmark on this machine: the relay (a JVM driven through the public API) and the C load
# generator (rtpload, a separate process) share the cores.
#
#   bench/media/run.sh bridge 250 500 1000 1500 2000   # bridged calls, both directions at 50 packets/s
#   bench/media/run.sh players 1000                     # prompt pacing with N concurrent players
#   bench/media/run.sh record 500                       # bridged calls, each recorded in stereo
#   bench/media/run.sh rtpengine 500 1000               # the same bridged load through rtpengine (Debian
#                                                       # rtpengine-daemon, userspace forwarding, ng protocol)
#   bench/media/run.sh compare 1000 1250 1500 1750       # both relays at each N, then the largest clean N of
#                                                       # each and the ratio of packets per relay CPU-second
#
# A bridged run is clean when the generator offered its whole schedule (offered_pct >= 99.9: below that the
# machine could not even offer the load) and lost or late packets (late: more than 50 ms through the relay,
# which a phone's jitter buffer discards) stay under 0.1% of those sent.
#
# For each N it prints one line: the generator's figures (loss, relayed packets/s, latency percentiles),
# the relay's CPU over the measured window (1.0 = one core; relay_sys is the kernel's part of it), relayed packets per relay CPU-second, and the
# heap per bridged call (or player). Environment: SECONDS_MEASURED (10), WARMUP (3), THREADS (2),
# SOCKETS (16), SLOTS (20: calls spread over 20 phases of 1 ms; 1: all in phase), JAVA_OPTS, NICE (e.g. -10 to run relay and generator ahead of other work on a shared
# machine, approximating a dedicated one; needs root).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:?usage: run.sh bridge|players|record|rtpengine|compare N...}
shift
measured=${SECONDS_MEASURED:-10}
warmup=${WARMUP:-3}
threads=${THREADS:-2}
sockets=${SOCKETS:-16}
out=$(mktemp -d /tmp/relay-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT

# -am builds the modules it depends on in the same run (the last module written, media-relay's, wins the file)
mvn -B -o -q -pl media-relay -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" \
    -Dmdep.includeScope=runtime
cp="media-relay/target/classes:$(cat "$out/cp.txt")"
gcc -O2 -Wall -o "$out/rtpload" bench/media/rtpload.c

clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }

# The value of KEY in a line of key=value pairs.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

run_one() {
    local kind=$1 n=$2
    ports="$out/ports-$kind-$n.txt"; rm -f "$ports"
    a_base=$((61000)); b_base=$((61000 + sockets))
    if [[ "$kind" == rtpengine ]]; then
        # userspace forwarding only (--table=-1), as many threads as the relay's loops
        nice -n "${NICE:-0}" rtpengine --foreground --log-stderr --table=-1 --interface=127.0.0.1 \
            --listen-ng=127.0.0.1:22222 --port-min=30000 --port-max=60000 --num-threads="$threads" -L 3 \
            > "$out/relay-$n.log" 2>&1 &
        relay=$!
        sleep 1
        python3 bench/media/rtpengine_calls.py 22222 "$n" "$a_base" "$b_base" "$sockets" "$ports" >> "$out/relay-$n.log"
        ready="heap_per_bridged_call=n/a"
    else
        # shellcheck disable=SC2086
        nice -n "${NICE:-0}" java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$cp" bench/media/RelayBench.java "$kind" "$n" \
            "$a_base" "$b_base" "$sockets" "$ports" "$threads" > "$out/relay-$n.log" 2>&1 &
        relay=$!
        for _ in $(seq 1 600); do
            [[ -f "$ports" ]] && grep -q relay_ready "$out/relay-$n.log" && break
            kill -0 "$relay" 2>/dev/null || { cat "$out/relay-$n.log"; exit 1; }
            sleep 0.2
        done
        ready=$(grep relay_ready "$out/relay-$n.log")
    fi
    extra="--slots ${SLOTS:-20}"
    [[ "$kind" == players ]] && extra="--listen"
    nice -n "${NICE:-0}" "$out/rtpload" --ports "$ports" --a-base "$a_base" --b-base "$b_base" --socks "$sockets" \
        --seconds "$measured" --warmup "$warmup" $extra > "$out/gen-$n.txt" &
    gen=$!
    sleep "$warmup"
    t0=$(cpu_ticks "$relay"); s0=$(sys_ticks "$relay")
    sleep "$measured"
    t1=$(cpu_ticks "$relay"); s1=$(sys_ticks "$relay")
    wait "$gen"
    rec=""
    if [[ "$kind" == record ]]; then
        touch "$ports.stop"
        for _ in $(seq 1 400); do
            grep -q recordings_closed "$out/relay-$n.log" && break
            sleep 0.1
        done
        rec=" $(grep -o 'recordings_closed=.*' "$out/relay-$n.log") recordings_with_dropped_samples=$(grep -c 'late samples cut' "$out/relay-$n.log" || true)"
    fi
    kill "$relay" 2>/dev/null || true
    wait "$relay" 2>/dev/null || true
    gen_line=$(cat "$out/gen-$n.txt")
    relay_cpu=$(awk -v a="$t0" -v b="$t1" -v c="$clk" -v s="$measured" 'BEGIN{printf "%.2f", (b-a)/c/s}')
    relay_sys=$(awk -v a="$s0" -v b="$s1" -v c="$clk" -v s="$measured" 'BEGIN{printf "%.2f", (b-a)/c/s}')
    pps=$(sed -n 's/.*relayed_pps=\([0-9]*\).*/\1/p' <<<"$gen_line")
    per_cpu=""
    if [[ -n "$pps" ]]; then
        per_cpu=$(awk -v p="$pps" -v c="$relay_cpu" 'BEGIN{ if (c > 0) printf " pps_per_relay_cpu=%.0f", p/c }')
    fi
    heap=$(grep -o 'heap_per_[a-z_]*=[0-9a-z/]*' <<<"$ready")
    clean=""
    if [[ "$kind" != players ]]; then
        clean=" clean=$(awk -v o="$(field offered_pct "$gen_line")" -v l="$(field loss_pct "$gen_line")" \
            -v t="$(field late_pct "$gen_line")" 'BEGIN{print (o >= 99.9 && l + t < 0.1) ? "yes" : "no"}')"
    fi
    echo "relay=$([[ "$kind" == rtpengine ]] && echo rtpengine || echo switchboard) $gen_line relay_cpu=$relay_cpu relay_sys=$relay_sys$per_cpu $heap threads=$threads nice=${NICE:-0} load=$(cut -d' ' -f1 /proc/loadavg)$rec$clean"
}

if [[ "$mode" != compare ]]; then
    for n in "$@"; do
        run_one "$mode" "$n"
    done
    exit 0
fi

# compare: the same N through both relays, one after the other, and a summary
best_sb=0; best_re=0
for n in "$@"; do
    sb=$(run_one bridge "$n"); echo "$sb"
    re=$(run_one rtpengine "$n"); echo "$re"
    [[ $(field clean "$sb") == yes ]] && best_sb=$n
    [[ $(field clean "$re") == yes ]] && best_re=$n
    awk -v n="$n" -v a="$(field pps_per_relay_cpu "$sb")" -v b="$(field pps_per_relay_cpu "$re")" \
        'BEGIN{ if (a > 0 && b > 0) printf "calls=%d pps_per_relay_cpu_ratio=%.2f (switchboard/rtpengine)\n", n, a/b }'
done
echo "summary largest_clean_calls switchboard=$best_sb rtpengine=$best_re (of the N tried: $*)"

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
#   BASE=0247d71 ROUNDS=3 bench/media/run.sh compare 1000 1500
#                                                       # the same, plus the relay built from commit BASE:
#                                                       # this tree and BASE alternate ROUNDS times at each N
#                                                       # in one run, and a summary gives their ratio
#   BASE=0247d71 ROUNDS=3 bench/media/run.sh bridge 1000  # only the two builds, alternating
#
# A bridged run is clean when the generator offered its whole schedule (offered_pct >= 99.9: below that the
# machine could not even offer the load) and lost or late packets (late: more than 50 ms through the relay,
# which a phone's jitter buffer discards) stay under 0.1% of those sent.
#
# For each N it prints one line: the generator's figures (loss, relayed packets/s, latency percentiles),
# the relay's CPU over the measured window (1.0 = one core; relay_sys is the kernel's part of it), relayed
# packets per relay CPU-second, and the heap per bridged call (or player). With BASE set, a line for the
# base build says relay=switchboard@<commit>; the base is checked out in a temporary git worktree under /tmp
# (removed at exit), built there, and driven by its own RelayBench.java against the same rtpload.
#
# Environment: SECONDS_MEASURED (10), WARMUP (3), THREADS (2), SOCKETS (16), SLOTS (20: calls spread over
# 20 phases of 1 ms; 1: all in phase), JAVA_OPTS, NICE (e.g. -10 to run relay and generator ahead of other
# work on a shared machine, approximating a dedicated one; needs root), BASE (a commit to compare with),
# ROUNDS (1), MVN_ARGS (extra Maven arguments, e.g. -Dmaven.repo.local=DIR).
#
# Needs Java 17, Maven, gcc and, for the rtpengine and compare modes, rtpengine: bench/media/setup.sh
# installs what is missing (run.sh calls it when rtpengine is wanted and absent).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
mode=${1:?usage: run.sh bridge|players|record|rtpengine|compare N...}
shift
measured=${SECONDS_MEASURED:-10}
warmup=${WARMUP:-3}
threads=${THREADS:-2}
sockets=${SOCKETS:-16}
rounds=${ROUNDS:-1}
out=$(mktemp -d /tmp/relay-bench.XXXXXX)
base_tree=""
cleanup() {
    if [[ -n "$base_tree" ]]; then
        git -C "$root" worktree remove --force "$base_tree" >/dev/null 2>&1 || rm -rf "$base_tree"
    fi
    rm -rf "$out"
}
trap cleanup EXIT

# Builds the relay of the tree $1 and prints its runtime classpath. Offline first (quick, and enough once the
# local repository holds everything); when that fails, as on a fresh machine that never downloaded the
# dependency plugin, online, so Maven fetches what is missing. -am builds the modules it depends on in the
# same run (the last module written, media-relay's, wins the classpath file).
build_relay() {
    local tree=$1 cpfile=$2
    # shellcheck disable=SC2206
    local args=(-B -q -f "$tree/pom.xml" -pl media-relay -am -DskipTests package dependency:build-classpath
        -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime ${MVN_ARGS:-})
    if ! mvn -o "${args[@]}" > "$out/mvn-offline.log" 2>&1; then
        echo "offline build of $tree failed; building online" >&2
        mvn "${args[@]}" >&2
    fi
    echo "$tree/media-relay/target/classes:$(cat "$cpfile")"
}

if [[ "$mode" == rtpengine || "$mode" == compare ]] && ! command -v rtpengine >/dev/null 2>&1; then
    bash bench/media/setup.sh >&2
fi
this_cp=$(build_relay "$root" "$out/cp.txt")
base_label=""
if [[ -n "${BASE:-}" ]]; then
    base_rev=$(git rev-parse --short "$BASE^{commit}")
    base_label="switchboard@$base_rev"
    base_tree=$(mktemp -d /tmp/relay-bench-base.XXXXXX)
    git worktree add --detach -q "$base_tree" "$base_rev"
    base_cp=$(build_relay "$base_tree" "$out/cp-base.txt")
fi
gcc -O2 -Wall -o "$out/rtpload" bench/media/rtpload.c

clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }

# The value of KEY in a line of key=value pairs.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

# run_one KIND N [LABEL TREE CLASSPATH]: one measured run; KIND bridge|players|record uses the relay of TREE
# (this tree by default), rtpengine uses rtpengine.
run_one() {
    local kind=$1 n=$2 label=${3:-switchboard} tree=${4:-$root} cp=${5:-$this_cp}
    [[ "$kind" == rtpengine ]] && label=rtpengine
    local tag="$label-$kind-$n"
    ports="$out/ports-$tag.txt"; rm -f "$ports"
    a_base=$((61000)); b_base=$((61000 + sockets))
    if [[ "$kind" == rtpengine ]]; then
        # userspace forwarding only (--table=-1), as many threads as the relay's loops
        nice -n "${NICE:-0}" rtpengine --foreground --log-stderr --table=-1 --interface=127.0.0.1 \
            --listen-ng=127.0.0.1:22222 --port-min=30000 --port-max=60000 --num-threads="$threads" -L 3 \
            > "$out/relay-$tag.log" 2>&1 &
        relay=$!
        sleep 1
        python3 bench/media/rtpengine_calls.py 22222 "$n" "$a_base" "$b_base" "$sockets" "$ports" >> "$out/relay-$tag.log"
        ready="heap_per_bridged_call=n/a"
    else
        # shellcheck disable=SC2086
        nice -n "${NICE:-0}" java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$cp" "$tree/bench/media/RelayBench.java" "$kind" "$n" \
            "$a_base" "$b_base" "$sockets" "$ports" "$threads" > "$out/relay-$tag.log" 2>&1 &
        relay=$!
        for _ in $(seq 1 600); do
            [[ -f "$ports" ]] && grep -q relay_ready "$out/relay-$tag.log" && break
            kill -0 "$relay" 2>/dev/null || { cat "$out/relay-$tag.log" >&2; exit 1; }
            sleep 0.2
        done
        ready=$(grep relay_ready "$out/relay-$tag.log")
    fi
    extra="--slots ${SLOTS:-20}"
    [[ "$kind" == players ]] && extra="--listen"
    nice -n "${NICE:-0}" "$out/rtpload" --ports "$ports" --a-base "$a_base" --b-base "$b_base" --socks "$sockets" \
        --seconds "$measured" --warmup "$warmup" $extra > "$out/gen-$tag.txt" &
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
            grep -q recordings_closed "$out/relay-$tag.log" && break
            sleep 0.1
        done
        rec=" $(grep -o 'recordings_closed=.*' "$out/relay-$tag.log") recordings_with_dropped_samples=$(grep -c 'late samples cut' "$out/relay-$tag.log" || true)"
    fi
    kill "$relay" 2>/dev/null || true
    wait "$relay" 2>/dev/null || true
    gen_line=$(cat "$out/gen-$tag.txt")
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
    echo "relay=$label $gen_line relay_cpu=$relay_cpu relay_sys=$relay_sys$per_cpu $heap threads=$threads nice=${NICE:-0} load=$(cut -d' ' -f1 /proc/loadavg)$rec$clean"
}

# One round of this tree's relay and, with BASE, the base build's; the order alternates by round (this, base;
# then base, this) so that a drift of the machine's load does not favour either.
run_builds() {
    local kind=$1 n=$2 round=$3
    if [[ -z "$base_label" ]]; then
        run_one "$kind" "$n"
    elif (( round % 2 == 1 )); then
        run_one "$kind" "$n"
        run_one "$kind" "$n" "$base_label" "$base_tree" "$base_cp"
    else
        run_one "$kind" "$n" "$base_label" "$base_tree" "$base_cp"
        run_one "$kind" "$n"
    fi
}

# The mean of FIELD over the lines of relay LABEL at N in the results file.
mean_of() {
    awk -v label="relay=$1" -v n="calls=$2" -v f="$3" '
        { has_label = 0; has_n = 0; v = "" }
        { for (i = 1; i <= NF; i++) { if ($i == label) has_label = 1; if ($i == n) has_n = 1;
              if (index($i, f "=") == 1) v = substr($i, length(f) + 2) } }
        has_label && has_n && v != "" { sum += v; count++ }
        END { if (count > 0) printf "%.4f", sum / count; else print "" }' "$out/results.txt"
}

# This tree against the base build at each N: mean packets per relay CPU-second, loss and p99 of each.
summarise_base() {
    local n this base
    for n in "$@"; do
        this=$(mean_of switchboard "$n" pps_per_relay_cpu)
        base=$(mean_of "$base_label" "$n" pps_per_relay_cpu)
        awk -v n="$n" -v r="$rounds" -v a="$this" -v b="$base" -v bl="$base_label" \
            -v la="$(mean_of switchboard "$n" loss_pct)" -v lb="$(mean_of "$base_label" "$n" loss_pct)" \
            -v pa="$(mean_of switchboard "$n" latency_p99_us)" -v pb="$(mean_of "$base_label" "$n" latency_p99_us)" \
            'BEGIN { if (a > 0 && b > 0) printf "summary calls=%d rounds=%d pps_per_relay_cpu switchboard=%.0f %s=%.0f" \
                " ratio=%.3f change_pct=%+.1f within_5pct=%s loss_pct switchboard=%.4f base=%.4f" \
                " latency_p99_us switchboard=%.0f base=%.0f\n", n, r, a, bl, b, a / b, (a / b - 1) * 100,
                (a / b >= 0.95) ? "yes" : "no", la, lb, pa, pb }'
    done
}

: > "$out/results.txt"
if [[ "$mode" != compare && "$mode" != rtpengine ]]; then
    for n in "$@"; do
        for round in $(seq 1 "$rounds"); do
            run_builds "$mode" "$n" "$round" | tee -a "$out/results.txt"
        done
    done
    if [[ -n "$base_label" && "$mode" != players ]]; then
        summarise_base "$@"
    fi
    exit 0
fi
if [[ "$mode" == rtpengine ]]; then
    for n in "$@"; do
        run_one rtpengine "$n"
    done
    exit 0
fi

# compare: the same N through the relays, one after the other, and a summary
best_sb=0; best_re=0
for n in "$@"; do
    for round in $(seq 1 "$rounds"); do
        run_builds bridge "$n" "$round" | tee -a "$out/results.txt"
    done
    re=$(run_one rtpengine "$n"); echo "$re" | tee -a "$out/results.txt"
    sb=$(grep " calls=$n " "$out/results.txt" | grep "^relay=switchboard " | tail -1)
    [[ $(field clean "$sb") == yes ]] && best_sb=$n
    [[ $(field clean "$re") == yes ]] && best_re=$n
    awk -v n="$n" -v a="$(mean_of switchboard "$n" pps_per_relay_cpu)" -v b="$(field pps_per_relay_cpu "$re")" \
        'BEGIN{ if (a > 0 && b > 0) printf "calls=%d pps_per_relay_cpu_ratio=%.2f (switchboard/rtpengine)\n", n, a/b }'
done
echo "summary largest_clean_calls switchboard=$best_sb rtpengine=$best_re (of the N tried: $*)"
if [[ -n "$base_label" ]]; then
    summarise_base "$@"
fi

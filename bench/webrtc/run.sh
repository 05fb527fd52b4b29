#!/usr/bin/env bash
# WebRTC endpoint benchmarks on this machine.
#
#   bench/webrtc/run.sh jmh                # JMH: SRTP protect+unprotect per 172-byte packet (both profiles),
#                                          # DTLS-SRTP handshakes per second (our server and client in one JVM)
#   bench/webrtc/run.sh calls              # the largest number of concurrent WebRTC<->RTP bridged calls with
#                                          # under 0.1% loss: ramps 600, 800, 1000, ... until loss, a failure
#                                          # or a saturated CPU; the same number of RTP<->RTP calls per step
#   bench/webrtc/run.sh calls 200 400 600  # those steps only (still stopping at the first unclean one)
#
# The calls benchmark runs the relay in its own JVM (bench/webrtc/calls/BenchRelay, its CPU read in that
# process) and the DTLS-SRTP + RTP load generator in another.
#
# Environment: JMH_ARGS (extra JMH options, e.g. "-f 1 -wi 3 -i 5"), SECONDS_MEASURED (10), JAVA_OPTS (both
# JVMs), RELAY_JAVA_OPTS (the relay's JVM only).
# Needs Java 17 and Maven; JMH comes from Maven Central on the first run (pinned in the parent POM).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
mode=${1:?usage: run.sh jmh | calls [N...]}
shift
work=$(mktemp -d /tmp/webrtc-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

cp=$(bench_module_classpath media-relay)

case "$mode" in
  jmh)
    jmh_cp_file="$work/jmh.cp"
    bench_mvn -f bench/webrtc/jmh-pom.xml dependency:build-classpath -Dmdep.outputFile="$jmh_cp_file" >/dev/null
    jmh_cp=$(cat "$jmh_cp_file")
    mkdir -p "$work/classes"
    # the JMH annotation processor generates the benchmark harness next to the class
    javac -processorpath "$jmh_cp" -cp "$cp:$jmh_cp" -d "$work/classes" bench/webrtc/WebRtcBenchmarks.java
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -Dlogback.configurationFile=bench/webrtc/logback-bench.xml \
        -cp "$work/classes:$cp:$jmh_cp" org.openjdk.jmh.Main ${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s} \
        "io.switchboard.bench.webrtc.WebRtcBenchmarks"
    ;;
  calls)
    mkdir -p "$work/classes"
    javac -cp "$cp" -d "$work/classes" bench/webrtc/calls/*.java
    logback="-Dlogback.configurationFile=bench/webrtc/logback-bench.xml -Djava.util.logging.config.file=/dev/null"
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} $logback -Dbench.relay.jvm="${JAVA_OPTS:-} ${RELAY_JAVA_OPTS:-} $logback" \
        -cp "$work/classes:$cp" io.switchboard.bench.webrtc.calls.CallBench "${SECONDS_MEASURED:-10}" "$@"
    ;;
  *)
    echo "unknown mode $mode (jmh | calls)" >&2
    exit 1
    ;;
esac

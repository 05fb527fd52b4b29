#!/usr/bin/env bash
# WebRTC endpoint benchmarks on this machine.
#
#   bench/webrtc/run.sh jmh                # JMH: SRTP protect+unprotect per 172-byte packet (both profiles),
#                                          # DTLS-SRTP handshakes per second (our server and client in one JVM)
#   bench/webrtc/run.sh calls 100 200 400  # concurrent WebRTC<->RTP bridged calls: a relay (its own JVM) and a
#                                          # DTLS-SRTP + RTP load generator (another JVM), loss per N
#
# Environment: JMH_ARGS (extra JMH options, e.g. "-f 1 -wi 3 -i 5"), SECONDS_MEASURED (10), JAVA_OPTS.
# Needs Java 17 and Maven; JMH comes from Maven Central on the first run (pinned in the parent POM).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
mode=${1:?usage: run.sh jmh | calls N...}
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
    [ "$#" -gt 0 ] || { echo "usage: run.sh calls N..." >&2; exit 1; }
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -Dlogback.configurationFile=bench/webrtc/logback-bench.xml \
        -Djava.util.logging.config.file=/dev/null -cp "$cp" bench/webrtc/WebRtcCallBench.java "${SECONDS_MEASURED:-10}" "$@"
    ;;
  *)
    echo "unknown mode $mode (jmh | calls)" >&2
    exit 1
    ;;
esac

#!/usr/bin/env bash
# Time from the agent's Accept click on the CCP to two-way audio, p50/p95 over N calls (default 20), measured
# in headless Chromium (click -> the page's analyser hears the caller) and at the SIPp caller's RTP peer
# (click -> the caller hears the page's microphone tone), on the packaged demo server.
#
#   bench/ccp/run.sh [N]
#
# Needs Java 17, Maven, chromium, chromium-driver and sipp (scripts/install-test-deps.sh). Runs the IT-style
# harness server/src/test/java/io/switchboard/server/CcpAcceptLatencyBench.java through failsafe under the
# shared build lock, and prints its figure line. The harness skips (and says so) when Chromium is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
bench_need chromium=chromium chromedriver=chromium-driver sipp=sip-tester
calls=${1:-20}
log=$(mktemp /tmp/ccp-bench.XXXXXX.log)
trap 'rm -f "$log"' EXIT
bench_mvn -pl server -am verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=CcpAcceptLatencyBench -Dfailsafe.failIfNoSpecifiedTests=false -Dccp.bench.calls="$calls" \
    >"$log" 2>&1 || { tail -50 "$log" >&2; exit 1; }
if grep -q "ccp accept-to-audio" "$log"; then
  grep "ccp accept-to-audio" "$log"
else
  grep -h -A3 "CcpAcceptLatencyBench" server/target/failsafe-reports/*.txt 2>/dev/null || true
  grep -h "skipped\|Assumption" server/target/failsafe-reports/TEST-io.switchboard.server.CcpAcceptLatencyBench.xml 2>/dev/null | head -3
  echo "no figures: the harness was skipped (see above)" >&2
  exit 1
fi

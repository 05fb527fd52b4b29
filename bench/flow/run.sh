#!/usr/bin/env bash
# Prints flow actions executed per second by the flow engine alone (virtual clock, no media).
# Usage: bench/flow/run.sh [callers per round, default 20000] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
cp=$(bench_module_classpath routing-adapter)
java -Xms512m -Xmx1g -cp "$cp" bench/flow/FlowBench.java "$@"

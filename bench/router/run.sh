#!/usr/bin/env bash
# Prints router decisions per second and the latency of one decision (virtual clock, the router alone).
# Usage: bench/router/run.sh [agents 10000] [queues 200] [waiting contacts 100000] [events per phase 200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
cp=$(bench_module_classpath routing-adapter)
java -Xms1g -Xmx2g -cp "$cp" bench/router/RouterBench.java "$@"

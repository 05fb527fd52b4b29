#!/usr/bin/env bash
# Prints router decisions per second and the latency of one decision (virtual clock, the router alone).
# Usage: bench/router/run.sh [agents 10000] [queues 200] [waiting contacts 100000] [events per phase 200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# -am builds the modules it depends on in the same run (the last module written, routing-adapter's, wins the file)
bench_mvn -pl routing-adapter -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cp_file" >/dev/null
java -Xms1g -Xmx2g -cp "routing-adapter/target/classes:$(cat "$cp_file")" bench/router/RouterBench.java "$@"

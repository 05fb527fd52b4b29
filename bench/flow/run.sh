#!/usr/bin/env bash
# Prints flow actions executed per second by the flow engine alone (virtual clock, no media).
# Usage: bench/flow/run.sh [callers per round, default 20000] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# -am builds the modules it depends on in the same run (the last module written, routing-adapter's, wins the file)
bench_mvn -pl routing-adapter -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cp_file" >/dev/null
java -Xms512m -Xmx1g -cp "routing-adapter/target/classes:$(cat "$cp_file")" bench/flow/FlowBench.java "$@"

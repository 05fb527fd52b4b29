#!/usr/bin/env bash
# Prints flow actions executed per second by the flow engine alone (virtual clock, no media).
# Usage: bench/flow/run.sh [callers per round, default 20000] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl routing-adapter -DskipTests package
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o -pl routing-adapter dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null
java -Xms512m -Xmx1g -cp "routing-adapter/target/classes:$(cat "$cp_file")" bench/flow/FlowBench.java "$@"

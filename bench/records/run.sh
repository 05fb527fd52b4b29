#!/usr/bin/env bash
# Prints the cost of writing one contact trace record (day file with fsync, then the SQLite record store),
# side by side with the day file alone: records per second, CPU microseconds per record, p50/p99 latency.
# Usage: bench/records/run.sh [records 20000] [in flight 256]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_need_build_tools
cp=$(bench_module_classpath routing-adapter)
java -Xms512m -Xmx1g -cp "$cp" bench/records/RecordBench.java "$@"

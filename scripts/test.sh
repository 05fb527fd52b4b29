#!/usr/bin/env bash
# Installs what the tests need (Debian packages, idempotently), then runs every test:
# unit tests (Surefire) and integration tests against real peers (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-deps.sh
exec mvn -B verify "$@"

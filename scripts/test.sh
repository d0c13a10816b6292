#!/usr/bin/env bash
# The whole test suite: unit tests of every module, then the end-to-end tests that run the
# built jars as real processes on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec mvn -B -ntp verify "$@"

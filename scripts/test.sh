#!/usr/bin/env bash
# Runs every test: unit tests of the pure libraries, and integration tests that start their own
# mosquitto on 127.0.0.1 (a free port) and use a real SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
# One plain summary line (the tests are Swift Testing; XCTest's own summary counts none of them).
total=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} .*/\1/p' "$log" | tail -1)
failed=$(grep -c '^✘ Test .* failed' "$log" || true)
if [ -n "$total" ]; then echo "$((total - failed)) passed, $failed failed"; fi
exit $status

#!/usr/bin/env bash
# Runs every test: unit tests of the pure libraries, integration tests that start their own
# mosquitto on 127.0.0.1 (a free port) and use a real SQLite file, then the console in a real
# browser (scripts/browser-test.sh: headless Chromium; screenshots in artifacts/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
log=$(mktemp)
browser_log=$(mktemp)
trap 'rm -f "$log" "$browser_log"' EXIT
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
browser_status=0
FIREWATCH_BIN="$(swift build --show-bin-path)/firewatch" bash scripts/browser-test.sh 2>&1 | tee "$browser_log" || browser_status=$?
# One plain summary (the tests are Swift Testing; XCTest's own summary counts none of them):
# the Swift tests, the browser test's own line, and both together.
total=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} .*/\1/p' "$log" | tail -1)
failed=$(grep -E '^✘ Test .* failed after' "$log" | grep -vc '^✘ Test run with' || true)
browser_line=$(grep '^browser test: ' "$browser_log" | tail -1 || true)
[ -n "$browser_line" ] || browser_line="browser test: did not finish (exit $browser_status)"
# The browser test counts as one test (its own line counts its checks).
if [ "$browser_status" -eq 0 ]; then browser_passed=1 browser_failed=0; else browser_passed=0 browser_failed=1; fi
echo
if [ -n "$total" ]; then echo "swift tests: $((total - failed)) passed, $failed failed"; fi
echo "$browser_line"
echo "$(( ${total:-0} - failed + browser_passed )) passed, $(( failed + browser_failed )) failed"
[ "$status" -ne 0 ] || status=$browser_status
exit $status

#!/usr/bin/env bash
# Runs every test: unit tests of the pure libraries, and integration tests that start their own
# mosquitto on 127.0.0.1 (a free port) and use a real SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build

#!/usr/bin/env bash
# Alerting benchmark (docs/benchmarks.md, "Alerting benchmark"): a fault storm (10,000 fault
# frames/min across 1,000 gateways) with fire alarms mixed in, through a private mosquitto and the
# release `firewatch run` on a fresh SQLite file. Prints fire frame → unit notice committed (≤ the
# 确认) and → notice delivered to the broker (≤ its arrival at a subscriber), p50/p99/max; the
# fault rate achieved and its 确认 latency; notices created per second by kind; the daemon's CPU
# and peak RSS; a database cross-check. Everything it starts is stopped on exit.
#
#   bash scripts/bench-alerting.sh                     build (release) + run (~75 s)
#   NO_BUILD=1 bash scripts/bench-alerting.sh          reuse the release binaries
#   SCRATCH=.build-bench                               build folder (swift build --scratch-path; default .build)
#   GATEWAYS=1000 CONNECTIONS=4 WARMUP=5 DURATION=60   the defaults
#   KEEP=1                                             keep the temp folder (logs, registry, database)
#   FIREWATCH_BIN=/path/to/firewatch                   measure another daemon build (A/B of a patch)
#   bash scripts/bench-alerting.sh --faults-per-minute 0    extra arguments go to AlertingBenchmark
#       (--faults-per-minute F (10000; 0: fires only, the no-storm reference), --fire-interval S (0.5),
#        --daemon-env KEY=VALUE sets a daemon variable)
#
# Figures are only meaningful on an otherwise idle machine: stop builds, tests and fuzzers first.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

gateways="${GATEWAYS:-1000}"
connections="${CONNECTIONS:-4}"
warmup="${WARMUP:-5}"
duration="${DURATION:-60}"
scratch="${SCRATCH:-.build}"
prefix="firewatch/v1"

source scripts/lib/bench-common.sh
bench_prepare AlertingBenchmark firewatch-bench-alerting

bench_start_broker

# The registry: 1 department, 2 brigades, 100 units (fewer if N < 100), N buildings bldg-00000…
# with one gateway gw-00000… each (so every fire opens its own incident). Building i belongs to
# unit i mod 100. The sourceAddress is what AlertingBenchmark puts in its frames.
awk -v n="$gateways" 'BEGIN {
    units = n < 100 ? n : 100
    print "departments:\n  - {id: dept-01, name: 基准测试支队}\nbrigades:"
    for (b = 0; b < 2; b++) printf "  - {id: brig-%02d, name: 第%d大队, department: dept-01}\n", b, b + 1
    print "units:"
    for (u = 0; u < units; u++) printf "  - {id: unit-%03d, name: 单位%03d, brigade: brig-%02d, contacts: [{role: controlRoom, phone: \"0250000%04d\"}]}\n", u, u, u % 2, u
    print "buildings:"
    for (i = 0; i < n; i++) printf "  - {id: bldg-%05d, name: 大楼%05d, unit: unit-%03d, address: 某市某路%d号}\n", i, i, i % units, i + 1
    print "gateways:"
    for (i = 0; i < n; i++) printf "  - {id: gw-%05d, building: bldg-%05d, sourceAddress: \"%02x%02x%02x268753\"}\n", i, i, i % 256, int(i / 256) % 256, int(i / 65536) % 256
}' > "$tmp/registry.yaml"

# The daemon runs on config/firewatch.yaml with environment overrides (AlertingBenchmark adds the
# broker, topic prefix and database path): no 查岗 traffic, and logging that does not dominate.
export FIREWATCH_ESCALATION_PATROL_ENABLED="${FIREWATCH_ESCALATION_PATROL_ENABLED:-false}"
export FIREWATCH_LOG_LEVEL="${FIREWATCH_LOG_LEVEL:-warning}"
bench_daemon_environment

bench_run AlertingBenchmark "$@"

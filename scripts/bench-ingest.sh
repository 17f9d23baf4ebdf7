#!/usr/bin/env bash
# Ingest benchmark (docs/benchmarks.md, "Ingest benchmark"): N simulated gateways → a private
# mosquitto → (a) the C responder Benchmarks/responder.c (broker-only floor), then (b) the release
# `firewatch run` on a fresh SQLite file. Prints throughput, frame → 确认 latency at a fixed
# offered load, the daemon's peak RSS and CPU per frame, and checks the database against the
# 确认 received. Everything it starts is stopped on exit.
#
#   bash scripts/bench-ingest.sh                      build (release) + run
#   NO_BUILD=1 bash scripts/bench-ingest.sh           reuse the release binaries
#   GATEWAYS=1000 CONNECTIONS=4 WARMUP=2 DURATION=10  the defaults
#   KEEP=1                                            keep the temp folder (logs, database)
#   FIREWATCH_BIN=/path/to/firewatch                  measure another daemon build (A/B of a patch)
#   SCRATCH=.build-bench                              build folder of the release binaries (default .build)
#   bash scripts/bench-ingest.sh --rate 5000          extra arguments go to IngestBenchmark
#       (--rate R fixes the offered load; --daemon-env KEY=VALUE sets a daemon variable, e.g.
#        --daemon-env FIREWATCH_DATABASE_GROUP_COMMIT_MAX_FRAMES=64; --no-baseline with
#        --rate skips the broker-only phases, e.g. to profile the daemon)
#   bash scripts/bench-ingest.sh --rounds 8 --timeline   fixed-load rounds (default 4); the slowest
#       确认 per 250 ms of each round
#   The fixed load alternates, round by round, between the responder, the responder in --sync mode
#   (Benchmarks/responder.c: every frame written, the 确认s of a group after one fdatasync: the
#   durable floor, what any persist-before-确认 daemon pays on this disk) and the daemon; each
#   answers on its own topic prefix for the whole run.
#
# Figures are only meaningful on an otherwise idle machine: stop builds, tests and fuzzers first.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

gateways="${GATEWAYS:-1000}"
scratch="${SCRATCH:-.build}"
connections="${CONNECTIONS:-4}"
warmup="${WARMUP:-2}"
duration="${DURATION:-10}"
prefix="firewatch/v1"

source scripts/lib/bench-common.sh
bench_prepare IngestBenchmark firewatch-bench

cc -O2 "$root/Benchmarks/responder.c" -lmosquitto -o "$tmp/responder"

bench_start_broker

# The registry: N gateways gw-00000…, one building and one unit each, 10 brigades. The
# sourceAddress is what IngestBenchmark puts in its frames (so the daemon's check runs and passes).
awk -v n="$gateways" 'BEGIN {
    print "departments:\n  - {id: dept-01, name: 基准测试支队}\nbrigades:"
    for (b = 0; b < 10; b++) printf "  - {id: brig-%02d, name: 第%d大队, department: dept-01}\n", b, b + 1
    print "units:"
    for (i = 0; i < n; i++) printf "  - {id: unit-%05d, name: 单位%05d, brigade: brig-%02d, contacts: [{role: controlRoom, phone: \"0250000%04d\"}]}\n", i, i, i % 10, i % 10000
    print "buildings:"
    for (i = 0; i < n; i++) printf "  - {id: bldg-%05d, name: 大楼%05d, unit: unit-%05d, address: 某市某路%d号}\n", i, i, i, i + 1
    print "gateways:"
    for (i = 0; i < n; i++) printf "  - {id: gw-%05d, building: bldg-%05d, sourceAddress: \"%02x%02x%02x268753\"}\n", i, i, i % 256, int(i / 256) % 256, int(i / 65536) % 256
}' > "$tmp/registry.yaml"

# The daemon runs on config/firewatch.yaml with environment overrides (IngestBenchmark adds the
# broker, topic prefix and database path).
bench_daemon_environment

# --durable-floor: the fixed load also against the responder in --sync mode (write + fdatasync per
# group): what persisting before 确认 costs on this disk with no decoding and no database.
bench_run IngestBenchmark --responder "$tmp/responder" --durable-floor "$@"

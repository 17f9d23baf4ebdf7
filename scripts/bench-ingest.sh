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
#        --daemon-env FIREWATCH_DATABASE_GROUP_COMMIT_MAX_WAIT_MILLISECONDS=0; --no-baseline with
#        --rate skips the broker-only phases, e.g. to profile the daemon)
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

bash scripts/install-deps.sh
if ! command -v sqlite3 >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends sqlite3
fi

if [ -z "${NO_BUILD:-}" ]; then
    echo "== building release (the first release build of the daemon's dependencies takes several minutes)"
    swift build -c release --scratch-path "$scratch" --product firewatch
    swift build -c release --scratch-path "$scratch" --product IngestBenchmark
fi
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
daemon="${FIREWATCH_BIN:-$bin/firewatch}"
for b in "$daemon" "$bin/IngestBenchmark"; do
    [ -x "$b" ] || { echo "missing $b: run without NO_BUILD" >&2; exit 1; }
done

tmp="$(mktemp -d -t firewatch-bench.XXXXXX)"
: > "$tmp/pids"
broker=""
bench=""
cleanup() {
    set +e
    local pid
    if [ -n "$bench" ]; then kill "$bench" 2>/dev/null; wait "$bench" 2>/dev/null; fi
    # Children the benchmark started (responder, daemon), by the ids it recorded.
    while read -r pid; do
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi
    done < "$tmp/pids"
    if [ -n "$broker" ]; then kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null; fi
    if [ -n "${KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -O2 "$root/Benchmarks/responder.c" -lmosquitto -o "$tmp/responder"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port="$(free_port)"
http_port="$(free_port)"

cat > "$tmp/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
max_queued_messages 0
max_inflight_messages 0
persistence false
log_dest stderr
log_type error
log_type warning
EOF
mosquitto -c "$tmp/mosquitto.conf" > "$tmp/mosquitto.log" 2>&1 &
broker=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "mosquitto did not start:"; cat "$tmp/mosquitto.log"; exit 1; } >&2

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
export FIREWATCH_REGISTRY_PATH="$tmp/registry.yaml"
export FIREWATCH_HTTP_PORT="$http_port"
export FIREWATCH_MQTT_PORT="$port"
export FIREWATCH_DATABASE_PATH="$tmp/firewatch.sqlite"
"$daemon" check-config --config config/firewatch.yaml > /dev/null

echo "== broker 127.0.0.1:$port (pid $broker), work folder $tmp, daemon $daemon"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (dirty tree)')"
"$bin/IngestBenchmark" --host 127.0.0.1 --port "$port" --prefix "$prefix" \
    --gateways "$gateways" --connections "$connections" --warmup "$warmup" --duration "$duration" \
    --responder "$tmp/responder" --firewatch "$daemon" --config "$root/config/firewatch.yaml" \
    --workdir "$tmp" --broker-pid "$broker" --pids-file "$tmp/pids" "$@" &
bench=$!
status=0
wait "$bench" || status=$?
bench=""
exit "$status"

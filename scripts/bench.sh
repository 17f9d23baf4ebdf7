#!/usr/bin/env bash
# Builds and runs the codec benchmark (Sources/ProtocolBenchmark) in release mode, with a malloc
# call counter preloaded so it can print allocations per frame.
#
#   scripts/bench.sh [workload…]   build + run (all workloads, or the named ones)
#   NO_BUILD=1 scripts/bench.sh    run the existing release binary
#
# Figures are only meaningful on an otherwise idle machine: stop fuzzers and builds first.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ -z "${NO_BUILD:-}" ]; then
    swift build -c release --product ProtocolBenchmark
fi
binary="$(swift build -c release --show-bin-path)/ProtocolBenchmark"

# The counter (scripts/malloc-count.c) is glibc-specific; without it the benchmark prints n/a.
shim_dir="$root/.build/malloc-count"
shim="$shim_dir/libmalloc-count.so"
mkdir -p "$shim_dir"
if [ ! -f "$shim" ] || [ "$root/scripts/malloc-count.c" -nt "$shim" ]; then
    cc -O2 -shared -fPIC -o "$shim" "$root/scripts/malloc-count.c" || shim=""
fi

# Arguments select workloads (a, a-string, a-notext, text, text-string, frame, adu, payload, b, b-full); none = all.
if [ -n "$shim" ]; then
    LD_PRELOAD="$shim" "$binary" "$@"
else
    echo "(malloc counter not built: allocations print as n/a)"
    "$binary" "$@"
fi

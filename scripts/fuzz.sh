#!/usr/bin/env bash
# Fuzzes the PanelProtocol codec with libFuzzer (Fuzz/FrameFuzzer.swift).
#
#   scripts/fuzz.sh [seconds]        default 60; extra libFuzzer flags via FUZZ_FLAGS
#
# Compiles every Sources/PanelProtocol/**/*.swift plus the fuzzer into one module with
# -sanitize=fuzzer,address (the same language mode and upcoming features as Package.swift),
# seeds Fuzz/corpus/ from Tests/PanelProtocolTests/Vectors/vectors.json (override with VECTORS=…) and runs
# for a bounded time. Crash/hang inputs land in Fuzz/out/ (git-ignored, like Fuzz/corpus/).
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
vectors="${VECTORS:-$root/Tests/PanelProtocolTests/Vectors/vectors.json}"
out="$root/Fuzz/out"
corpus="$root/Fuzz/corpus"
mkdir -p "$out" "$corpus"

mapfile -t sources < <(find "$root/Sources/PanelProtocol" -name '*.swift' | sort)
echo "compiling ${#sources[@]} PanelProtocol sources + Fuzz/FrameFuzzer.swift" >&2
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -swift-version 6 \
    -enable-upcoming-feature ExistentialAny \
    -enable-upcoming-feature MemberImportVisibility \
    -enable-upcoming-feature InternalImportsByDefault \
    -module-name PanelProtocol \
    -module-cache-path "$out/module-cache" \
    "${sources[@]}" "$root/Fuzz/FrameFuzzer.swift" \
    -o "$out/frame-fuzzer" 2>"$out/compile.log" || { cat "$out/compile.log" >&2; exit 1; }
# ld.gold lists every ASan helper it cannot export; show anything else.
grep -v "Cannot export local symbol" "$out/compile.log" >&2 || true

python3 "$root/Fuzz/seed_corpus.py" "$vectors" "$corpus" >&2

log="$out/fuzz-$(date +%Y%m%d-%H%M%S).log"
echo "running for ${seconds}s; log: $log" >&2
set +e
# Swift's own crash backtracer would race libFuzzer's and ASan's handlers: leave crashes to them.
# shellcheck disable=SC2086
SWIFT_BACKTRACE=enable=no "$out/frame-fuzzer" "$corpus" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=5 -max_len=4096 \
    -artifact_prefix="$out/" -print_final_stats=1 ${FUZZ_FLAGS:-} 2>"$log"
status=$?
set -e

# The last progress line carries execs, cov, ft and corpus size.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "libFuzzer exited with $status — see $log and $out/crash-* / timeout-*" >&2
    grep -E 'ERROR|Fatal error|fatalError|SUMMARY' "$log" | head -n 20 >&2 || true
fi
exit "$status"

#!/usr/bin/env bash
# The benchmark series of BENCHMARKS.md, every item of it, on generated inputs.
# Usage: scripts/bench.sh [DIR]   (DIR: where the inputs are generated/kept, default bench-data)
# Run it on an idle machine; it prints `RESULT key=value` lines and the load before each step.
set -euo pipefail
D=${1:-bench-data}
cargo build --release --bin kg-bench --example bench_query
B=${CARGO_TARGET_DIR:-target}/release/kg-bench
Q=${CARGO_TARGET_DIR:-target}/release/examples/bench_query
T="/usr/bin/time -f maxrss_kb=%M"
L() { echo "== $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
mkdir -p "$D"
for n in 1000 10000 100000; do
  [ -d "$D/schema-$n" ] || $B gen-schema --base schemas --persons $n --out "$D/schema-$n"
done
for s in 1MB 10MB 100MB 1GB; do
  c="$D/corpus-$(echo $s | tr A-Z a-z)"
  [ -d "$c" ] || $B gen-corpus --schemas "$D/schema-1000" --size $s --out "$c" --jsonl
done
[ -d "$D/corpus-100mb-reprints" ] || $B gen-corpus --schemas "$D/schema-1000" --size 100MB \
  --out "$D/corpus-100mb-reprints" --jsonl --repeat-every 4761
L
$B read "$D/corpus-10mb" | grep RESULT
$B read "$D/corpus-1gb" | grep RESULT
for j in 1 2; do $B scan --in-memory --schemas "$D/schema-1000" -j $j "$D/corpus-10mb" | grep RESULT; done
$B scan --schemas "$D/schema-1000" -j 2 "$D/corpus-1gb" | grep RESULT
L
for j in 1 2; do for r in 1 2; do $B extract --schemas "$D/schema-1000" -j $j "$D/corpus-10mb" | grep RESULT; done; done
$B extract --in-memory --schemas "$D/schema-1000" -j 1 "$D/corpus-10mb" | grep RESULT
$B extract --schemas "$D/schema-1000" -j 2 "$D/corpus-100mb" | grep RESULT
L
$B extract --schemas "$D/schema-1000" -j 2 "$D/corpus-1gb" | grep RESULT
L
for j in 1 2 2; do $T $B build --schemas "$D/schema-1000" -j $j "$D/corpus-10mb" 2>&1 | grep -E "RESULT|maxrss"; done
$B build --stages --schemas "$D/schema-1000" -j 2 "$D/corpus-10mb" 2>&1 | grep RESULT
L
for c in 100mb 100mb-reprints; do $T $B build --schemas "$D/schema-1000" -j 2 "$D/corpus-$c" 2>&1 | grep -E "RESULT|maxrss"; done
L
for n in 1000 10000 100000; do
  $B extract --in-memory --schemas "$D/schema-$n" -j 1 "$D/corpus-1mb" | grep RESULT
  $B scan --in-memory --schemas "$D/schema-$n" -j 1 "$D/corpus-1mb" | grep RESULT
done
L
$B export --edges 10000,100000,1000000 2>&1 | grep RESULT
L
$Q 1000000 5
L
$T $B build --schemas "$D/schema-1000" -j 2 "$D/corpus-1gb" 2>&1 | grep -E "RESULT|maxrss"
L

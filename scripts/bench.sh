#!/usr/bin/env bash
# Runs every benchmark and prints its figures.
set -euo pipefail
build=${1:-build}
for b in "$build"/bench/bench_runtime; do
  [[ -x $b ]] || continue
  echo "== $(basename "$b")"
  "$b"
done

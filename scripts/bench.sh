#!/usr/bin/env bash
# Runs every benchmark and prints its figures.
set -euo pipefail
build=${1:-build}
echo "== runtime"
"$build/bench/bench_runtime"
echo "== json"
"$build/bench/bench_json_convert"
echo "== typed events"
"$build/bench/bench_events"
echo "== aws clients in a function"
"$build/bench/bench_aws_clients"
echo "== service model"
"$build/bench/bench_synthesize"
"$(dirname "$0")/../bench/compile_bench.sh" "$build"
echo "== provision"
"$(dirname "$0")/../bench/provision_bench.sh" "$build"
echo "== local cloud"
"$(dirname "$0")/../bench/local_cloud_bench.sh" "$build"

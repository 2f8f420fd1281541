#!/usr/bin/env bash
# Builds the consumer project against Sparta in one of two ways and invokes
# its function: proves the CMake package works for users.
#   run_consumer.sh <mode: find_package|add_subdirectory> <sparta source> <sparta build> <work dir>
#                   [sanitized: 1 when the Sparta build uses ASan+UBSan]
set -euo pipefail
mode=$1 src=$2 build=$3 work=$4 sanitized=${5:-0}
rm -rf "$work" && mkdir -p "$work"
args=(-S "$src/tests/package/consumer" -B "$work/build" -G Ninja -DSPARTA_CONSUMER_MODE="$mode")
if [[ $mode == add_subdirectory ]]; then
  # The whole library is compiled here, which is what this mode checks: it
  # builds and works inside a user's project. Unoptimized (and without
  # debug info) it takes a fraction of a Release build's time.
  args+=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_C_FLAGS_DEBUG=-O0)
else
  args+=(-DCMAKE_BUILD_TYPE=Release)
fi
if [[ $sanitized == 1 ]]; then
  # Sanitized libraries need the sanitizer runtime, which cannot be linked
  # statically: build the consumer the same way.
  args+=(-DCMAKE_CXX_FLAGS="-fsanitize=address,undefined" -DSPARTA_STATIC_BOOTSTRAP=OFF
         -DSPARTA_SANITIZE=ON)
  export SPARTA_ALLOW_HOST_DEPENDENT_BOOTSTRAP=1
fi
if [[ $mode == find_package ]]; then
  cmake --install "$build" --prefix "$work/prefix" >/dev/null
  args+=(-DCMAKE_PREFIX_PATH="$work/prefix")
else
  args+=(-DSPARTA_SOURCE_DIR="$src")
fi
cmake "${args[@]}" >/dev/null
cmake --build "$work/build" -j 2 >/dev/null
out=$(echo '{"a": 2, "b": 40}' | "$work/build/consumer" invoke Add --event - 2>/dev/null)
[[ $out == 42 ]] || { echo "expected 42, got: $out" >&2; exit 1; }
"$work/build/consumer" build --output-dir "$work/out" >/dev/null
[[ -s $work/out/Consumer-code.zip && -s $work/out/Consumer-cftemplate.json ]]
echo "consumer ($mode): invoke Add -> $out; build wrote template and artifact"
rm -rf "$work"

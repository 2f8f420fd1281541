#!/usr/bin/env bash
# First provision and no-op re-provision of the hello example against
# moto_server (an AWS emulator) on loopback: wall time and bytes uploaded.
#   provision_bench.sh <build dir>
set -euo pipefail
build=${1:-build}
hello=$(cd "$build/examples/hello" && pwd)/hello
if ! command -v moto_server >/dev/null; then
  echo "provision bench: skipped (moto_server is not installed)"
  exit 0
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; wait $moto 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.1
done
: >"$work/config"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
       AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE="$work/config" \
       AWS_SHARED_CREDENTIALS_FILE="$work/config"
unset AWS_PROFILE AWS_SESSION_TOKEN

run() {
  local start end
  start=$(date +%s.%N)
  (cd "$work" && "$hello" provision --endpoint-url "http://127.0.0.1:$port" --output json) \
    | tail -n 1 >"$work/result.json"
  end=$(date +%s.%N)
  python3 - "$work/result.json" "$start" "$end" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
secs = float(sys.argv[3]) - float(sys.argv[2])
print(f"  {sys.argv[4]:<28} {secs*1000:8.0f} ms  outcome {r['outcome']:<10} uploaded {r['bytesUploaded']:>9} bytes")
PY
}
echo "provision of hello against moto_server (loopback)"
run "first provision"
run "no-op re-provision"

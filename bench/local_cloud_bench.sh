#!/usr/bin/env bash
# The embedded local cloud: first provision and no-op re-provision of the
# hello example against sparta-local (wall time, bytes uploaded), then Invoke
# round trips per second to its warm Echo function through the Lambda API.
#   local_cloud_bench.sh <build dir>
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
hello="$build/examples/hello/hello"
work=$(mktemp -d)
"$build/sparta-local" --port 0 --data-dir "$work/cloud" >"$work/ready" 2>"$work/cloud.log" &
cloud=$!
trap 'kill -TERM $cloud 2>/dev/null; wait $cloud 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 200); do grep -q ' ready on ' "$work/ready" && break; sleep 0.05; done
endpoint=$(sed -n 's/.* ready on \(http:[^ ]*\).*/\1/p' "$work/ready")
: >"$work/config"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
       AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE="$work/config" \
       AWS_SHARED_CREDENTIALS_FILE="$work/config"
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL

# Build once first, so the figures are the provision itself (as for moto).
(cd "$work" && "$hello" build >/dev/null)
run() {
  local start end
  start=$(date +%s.%N)
  (cd "$work" && "$hello" provision --endpoint-url "$endpoint" --output json) \
    | tail -n 1 >"$work/result.json"
  end=$(date +%s.%N)
  python3 - "$work/result.json" "$start" "$end" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
secs = float(sys.argv[3]) - float(sys.argv[2])
print(f"  {sys.argv[4]:<28} {secs*1000:8.0f} ms  outcome {r['outcome']:<10} uploaded {r['bytesUploaded']:>9} bytes")
PY
}
echo "provision of hello against sparta-local (loopback)"
run "first provision"
run "no-op re-provision"
echo "Invoke API round trips to a warm function (SpartaHello-Echo)"
"$build/bench/bench_local_invoke" "$endpoint" SpartaHello-Echo 2000 4

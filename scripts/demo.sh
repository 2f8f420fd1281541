#!/usr/bin/env bash
# The main job: start the embedded local cloud (sparta-local) on a free
# loopback port, provision the hello example into it with the same code path
# as for AWS, call its function through the Lambda Invoke API, show the stack
# and the results, then stop the local cloud, leaving nothing running.
set -euo pipefail
build=${1:-build}
hello="$build/examples/hello/hello"
cloud="$build/sparta-local"
work=$(mktemp -d "${TMPDIR:-/tmp}/sparta-demo-XXXXXX")
pid=""

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
stop_cloud() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap 'stop_cloud; rm -rf "$work"' EXIT

step "sparta-local --port 0 --data-dir $work/cloud   (the embedded local cloud)"
"$cloud" --port 0 --data-dir "$work/cloud" >"$work/ready" 2>"$work/cloud.log" &
pid=$!
for _ in $(seq 200); do
  grep -q ' ready on ' "$work/ready" && break
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/cloud.log" >&2; exit 1; fi
  sleep 0.05
done
cat "$work/ready"
endpoint=$(sed -n 's/.* ready on \(http:[^ ]*\).*/\1/p' "$work/ready")
[ -n "$endpoint" ] || { echo "sparta-local did not become ready" >&2; exit 1; }

# The local cloud's credentials; nothing of the user's own AWS setup is read.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
       AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
       AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL

step "hello provision --endpoint-url $endpoint"
"$hello" provision --endpoint-url "$endpoint" --output-dir "$work/out"

step "hello status --endpoint-url $endpoint"
"$hello" status --endpoint-url "$endpoint"

step "hello call Hello --logs   (Lambda Invoke API -> the deployed artifact, running)"
echo '{"name": "Sparta"}' | "$hello" call Hello --event - --logs --endpoint-url "$endpoint"

step "hello call Hello with a bad event (a function error, as Lambda reports it)"
echo '{"name": ""}' | "$hello" call Hello --event - --endpoint-url "$endpoint" ||
  echo "(exit code $?: the function returned an error)"

step "hello provision again (no changes: nothing uploaded, no stack update)"
"$hello" provision --endpoint-url "$endpoint" --output-dir "$work/out"

step "stop sparta-local"
stop_cloud
cat "$work/cloud.log"
# Functions run from task roots inside the data dir: none may outlive the cloud.
left=""
for proc in /proc/[0-9]*; do
  for link in cwd exe; do
    target=$(readlink "$proc/$link" 2>/dev/null || true)
    case "$target" in "$work"/*) left="$left ${proc#/proc/}" ;; esac
  done
done
if [ -n "$left" ]; then
  echo "processes were left running:$left" >&2
  exit 1
fi
echo "nothing left running"

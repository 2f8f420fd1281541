#!/usr/bin/env bash
# Installs the Debian 12 packages Sparta C++ needs to build and test.
# Idempotent: silent and fast when everything is already present.
set -euo pipefail

packages=(
  g++ make cmake ninja-build pkg-config
  libboost1.81-dev          # JSON, Asio, Beast (one library for JSON and HTTP)
  libcli11-dev              # command-line parsing (cli layer only)
  libfmt-dev                # formatting for human output (never in the Lambda runtime)
  zlib1g-dev                # deflate for the artifact zip
  libssl-dev                # digests and TLS for the AWS client
  libpugixml-dev            # XML responses of the AWS Query and S3 protocols
  libgtest-dev libgmock-dev # tests
  libbenchmark-dev          # micro benchmarks
  unzip zip                 # an independent zip reader and writer for tests
  openssl                   # an independent digest and TLS tool for tests
)
# The AWS CLI drives sparta-local in tests; Debian's package (AWS CLI v2)
# unless an `aws` is already on PATH (v1 and v2 both work).
if ! command -v aws >/dev/null 2>&1; then
  packages+=(awscli)
fi

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing missing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to apt-get install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# The main job (for now, until the embedded local cloud lands): build the hello
# example, synthesize its template, package its artifact, and invoke its
# function locally exactly as Lambda would.
set -euo pipefail
build=${1:-build}
hello="$build/examples/hello/hello"
out="$build/demo"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "hello build --output-dir $out"
"$hello" build --output-dir "$out"

step "the template's resources"
python3 - "$out/SpartaHello-cftemplate.json" <<'PY' 2>/dev/null || grep -o '"Type": "[^"]*"' "$out/SpartaHello-cftemplate.json"
import json, sys
t = json.load(open(sys.argv[1]))
for name, r in sorted(t["Resources"].items()):
    print(f"  {name:32} {r['Type']}")
PY

step "the artifact"
unzip -Z -l "$out/SpartaHello-code.zip" | sed -n '3p'
sha256sum "$out/SpartaHello-code.zip"

step "hello invoke Hello (event {\"name\": \"Sparta\"})"
echo '{"name": "Sparta"}' | "$hello" invoke Hello --event -

step "hello invoke Hello with a bad event (a function error, as Lambda reports it)"
echo '{"name": ""}' | "$hello" invoke Hello --event - || echo "(exit code $? : the function returned an error)"

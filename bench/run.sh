#!/usr/bin/env bash
# Compares `cdk synth` of the reference stacks: the C# reference app vs the same stacks in JavaScript
# (bench/stacks.mjs), through the same pinned CDK CLI, N runs each (default 5). Prints the median times and
# the ratio, and checks both apps write identical templates. Usage: bench/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true CDK_DISABLE_VERSION_CHECK=1 AWS_EC2_METADATA_DISABLED=true
[ -d bench/node_modules ] || (cd bench && npm ci --no-audit --no-fund)
[ -d node_modules ] || npm ci --no-audit --no-fund
dotnet build examples/ReferenceApp -c Release -v q -clp:ErrorsOnly >/dev/null
out=$(mktemp -d)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_app() {  # time_app <label> <app command>
  for _ in $(seq "$runs"); do
    rm -rf "$out/$1"
    local s e
    s=$(date +%s.%N)
    npx cdk synth -q --app "$2" -o "$out/$1" >/dev/null 2>&1
    e=$(date +%s.%N)
    echo "$e - $s" | bc
  done | median
}
time_direct() {  # the app alone, without the CLI: time_direct <label> <command...>
  local label=$1; shift
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N)
    CDK_OUTDIR="$out/direct-$label" "$@" >/dev/null
    e=$(date +%s.%N)
    echo "$e - $s" | bc
  done | median
}
cs=$(time_app cs "dotnet examples/ReferenceApp/bin/Release/net10.0/ReferenceApp.dll")
js=$(time_app js "node bench/stacks.mjs")
cs_app=$(time_direct cs dotnet examples/ReferenceApp/bin/Release/net10.0/ReferenceApp.dll)
js_app=$(time_direct js node bench/stacks.mjs)
for t in "$out"/js/*.template.json; do
  name=$(basename "$t")
  if ! diff -q <(python3 -m json.tool --sort-keys "$t") <(python3 -m json.tool --sort-keys "$out/cs/$name") >/dev/null; then
    echo "bench: $name differs between the C# and the JavaScript app:"; diff <(python3 -m json.tool --sort-keys "$t") <(python3 -m json.tool --sort-keys "$out/cs/$name") | head -20
  fi
done
printf 'bench: cdk synth, median of %s runs: C# %.2f s, JavaScript %.2f s, ratio %.2fx\n' "$runs" "$cs" "$js" "$(echo "$cs / $js" | bc -l)"
printf 'bench: the app alone (no CLI):        C# %.2f s, JavaScript %.2f s, ratio %.2fx\n' "$cs_app" "$js_app" "$(echo "$cs_app / $js_app" | bc -l)"
rm -rf "$out"

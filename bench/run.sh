#!/usr/bin/env bash
# Synth-time benchmark: the C# reference app against the same stacks written in JavaScript (bench/stacks.mjs),
# paired. Each round runs both, in alternating order, so load from other work on the machine hits both alike; the
# report gives medians of wall time, CPU time (user + system, the whole process tree) and peak memory (the
# largest single process, as GNU time reports it), and the median of the per-round ratios C#/JS, for
#   app   the app process alone: `dotnet ReferenceApp.dll` vs `node bench/stacks.mjs`
#   cli   `cdk synth` through the pinned CLI as a user runs it (cdk.json: the build check, then the app) vs
#         `cdk synth --app "node bench/stacks.mjs"`
# and checks both apps write identical templates. Usage: bench/run.sh [rounds] (default 7). Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export CDK_DISABLE_CLI_TELEMETRY=true CDK_DISABLE_VERSION_CHECK=1 AWS_EC2_METADATA_DISABLED=true
[ -d bench/node_modules ] || (cd bench && npm ci --no-audit --no-fund)
[ -d node_modules ] || npm ci --no-audit --no-fund
node tools/build-app.mjs
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir "$out/r"
cdk=node_modules/.bin/cdk

run() {  # run <label> <outdir> <command...>: appends "wall cpu peakMiB" to $out/r/<label>
  local label=$1 dir=$2; shift 2
  rm -rf "$dir"
  CDK_OUTDIR="$dir" /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" \
    || { cat "$out/stderr"; echo "bench: $label failed"; exit 1; }
  tail -1 "$out/time" | awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' >> "$out/r/$label"
}
round() {  # round <i>: one run of each, the order alternating
  local cs_app=(dotnet examples/ReferenceApp/bin/synth/ReferenceApp.dll)
  local js_app=(node bench/stacks.mjs)
  if (( $1 % 2 )); then
    run js-app "$out/js" "${js_app[@]}"; run cs-app "$out/cs" "${cs_app[@]}"
    run js-cli "$out/js-cli" "$cdk" synth -q --app "node bench/stacks.mjs" --build "" -o "$out/js-cli"
    run cs-cli "$out/cs-cli" "$cdk" synth -q -o "$out/cs-cli"
  else
    run cs-app "$out/cs" "${cs_app[@]}"; run js-app "$out/js" "${js_app[@]}"
    run cs-cli "$out/cs-cli" "$cdk" synth -q -o "$out/cs-cli"
    run js-cli "$out/js-cli" "$cdk" synth -q --app "node bench/stacks.mjs" --build "" -o "$out/js-cli"
  fi
}
for i in $(seq "$rounds"); do round "$i"; done

for t in "$out"/js/*.template.json; do
  name=$(basename "$t")
  if ! diff -q <(python3 -m json.tool --sort-keys "$t") <(python3 -m json.tool --sort-keys "$out/cs/$name") >/dev/null; then
    echo "bench: $name differs between the C# and the JavaScript app:"
    diff <(python3 -m json.tool --sort-keys "$t") <(python3 -m json.tool --sort-keys "$out/cs/$name") | head -20
  fi
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$out/r/$1" | median; }
ratio() { paste -d' ' "$out/r/$1" "$out/r/$2" | awk -v c="$3" '{print $c / $(c + 3)}' | median; }
printf 'bench: %s paired rounds (medians)   wall      cpu    peak    C#/JS wall  C#/JS cpu\n' "$rounds"
for kind in app cli; do
  for lang in cs js; do
    printf 'bench: %-3s %-26s %6.2f s %6.2f s %5d MiB' "$kind" "$([ $lang = cs ] && echo 'C# reference app' || echo 'JavaScript twin')" \
      "$(col $lang-$kind 1)" "$(col $lang-$kind 2)" "$(col $lang-$kind 3)"
    if [ $lang = cs ]; then printf '   %6.2fx    %6.2fx' "$(ratio cs-$kind js-$kind 1)" "$(ratio cs-$kind js-$kind 2)"; fi
    echo
  done
done

#!/usr/bin/env bash
# Records the library's current public API in PublicAPI.Unshipped.txt (a deliberate, reviewed diff): empties the
# file, lets the public API analyzer's own code fix (RS0016: declare a public symbol) write every public symbol that
# PublicAPI.Shipped.txt does not hold, through `dotnet format analyzers`, and sorts the result so the diff shows only
# what changed. No build output is read.
set -euo pipefail
cd "$(dirname "$0")/../src/ContainerPatterns"
echo "#nullable enable" > PublicAPI.Unshipped.txt
dotnet format analyzers ContainerPatterns.csproj --diagnostics RS0016 --severity warn
for f in PublicAPI.Unshipped.txt; do
  { echo "#nullable enable"; grep -v '^#nullable' "$f" | grep -v '^$' | LC_ALL=C sort -u; } > "$f.tmp" && mv "$f.tmp" "$f"
done
echo "PublicAPI.Unshipped.txt: $(($(wc -l < PublicAPI.Unshipped.txt) - 1)) symbols"

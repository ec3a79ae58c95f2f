#!/usr/bin/env bash
# Records the library's current public API in PublicAPI.Unshipped.txt (a deliberate, reviewed diff):
# builds with the API analyzer's findings as warnings, then writes the symbols it reports.
set -euo pipefail
cd "$(dirname "$0")/../src/ContainerPatterns"
out=$(dotnet build -c Release --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= 2>&1 || true)
{
  echo "#nullable enable"
  grep -v '^#nullable' PublicAPI.Unshipped.txt || true
  printf '%s\n' "$out" | grep -o "warning RS0016: Symbol '[^']*'" | sed "s/warning RS0016: Symbol '//; s/'\$//" || true
} | awk 'NR==1 || !seen[$0]++' > PublicAPI.Unshipped.tmp
# Drop symbols the analyzer says no longer exist (RS0017).
printf '%s\n' "$out" | grep -o "warning RS0017: Symbol '[^']*'" | sed "s/warning RS0017: Symbol '//; s/'\$//" | sort -u > removed.tmp || true
if [ -s removed.tmp ]; then grep -vxF -f removed.tmp PublicAPI.Unshipped.tmp > PublicAPI.Unshipped.tmp2 || true; mv PublicAPI.Unshipped.tmp2 PublicAPI.Unshipped.tmp; fi
{ head -1 PublicAPI.Unshipped.tmp; tail -n +2 PublicAPI.Unshipped.tmp | LC_ALL=C sort -u; } > PublicAPI.Unshipped.txt
rm -f PublicAPI.Unshipped.tmp removed.tmp
echo "PublicAPI.Unshipped.txt: $(($(wc -l < PublicAPI.Unshipped.txt) - 1)) symbols"

"""Gate g, first half: checks a packed ContainerPatterns .nupkg is what a consumer needs.

Usage: python3 tools/check-package.py <path.nupkg>
Fails (exit 1) unless the package holds the assembly with its XML docs and README, declares the
metadata NuGet shows, and depends on exactly these version ranges: Amazon.CDK.Lib from 2.160.0 (the build floor)
below 3.0.0, Constructs 10.x from 10.0.5, and Amazon.JSII.Runtime from 1.142.0 (so a consumer gets the fast jsii
runtime without a pin of its own).
"""
import json
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

# The Amazon.CDK.Lib range comes from .projenrc.cs (tools/repository-facts.json); NuGet writes ranges with a space.
with open(os.path.join(os.path.dirname(__file__), "repository-facts.json"), encoding="utf-8") as facts:
    CDK_RANGE = json.load(facts)["cdkRange"].replace(",", ", ")

EXPECTED_DEPENDENCIES = {
    "Amazon.CDK.Lib": CDK_RANGE,
    "Constructs": "[10.0.5, 11.0.0)",
    "Amazon.JSII.Runtime": "[1.142.0, 2.0.0)",
}
REQUIRED_FILES = ["lib/net10.0/ContainerPatterns.dll", "lib/net10.0/ContainerPatterns.xml", "README.md"]
REQUIRED_METADATA = ["id", "version", "authors", "description", "license", "readme", "tags"]


def main(path):
    problems = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        problems += [f"missing file {f}" for f in REQUIRED_FILES if f not in names]
        nuspec = next(n for n in names if n.endswith(".nuspec"))
        root = ET.fromstring(z.read(nuspec))
    ns = {"n": root.tag.split("}")[0].strip("{")}
    meta = root.find("n:metadata", ns)
    for key in REQUIRED_METADATA:
        el = meta.find(f"n:{key}", ns)
        if el is None or not (el.text or "").strip():
            problems.append(f"nuspec metadata <{key}> is missing or empty")
    deps = {}
    for group in meta.findall("n:dependencies/n:group", ns):
        for d in group.findall("n:dependency", ns):
            deps[d.get("id")] = d.get("version")
    for dep_id, expected in EXPECTED_DEPENDENCIES.items():
        if deps.get(dep_id) != expected:
            problems.append(f"dependency {dep_id} should be {expected}, found {deps.get(dep_id)!r}")
    extra = sorted(set(deps) - set(EXPECTED_DEPENDENCIES))
    if extra:
        problems.append(f"unexpected runtime dependencies: {', '.join(extra)}")
    for p in problems:
        print(f"package: {p}")
    print(f"package: {path.rsplit('/', 1)[-1]}: {len(names)} files, dependencies {deps}, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

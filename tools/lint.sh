#!/usr/bin/env bash
# `snakemake --lint`, failing on any finding that is not kept on purpose in tools/lint-allow.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(.venv/bin/snakemake --lint 2>&1 || true)
.venv/bin/python - "$out" <<'PY'
import re, sys
from pathlib import Path

text = sys.argv[1]
allowed = [
    line.split("#", 1)[0].strip()
    for line in Path("tools/lint-allow.txt").read_text().splitlines()
    if line.split("#", 1)[0].strip()
]
rule, bad, kept = "?", [], 0
for line in text.splitlines():
    m = re.match(r"Lints for (rule \S+|snakefile \S+)", line)
    if m:
        rule = m.group(1)
    m = re.match(r"\s+\* (.+?):?$", line)
    if m:
        title = m.group(1).rstrip(":")
        if any(title.startswith(a) for a in allowed):
            kept += 1
        else:
            bad.append(f"{rule}: {title}")
if "Error" in text and not re.search(r"Lints for", text) and "Congratulations" not in text:
    print(text)
    sys.exit("snakemake --lint could not run")
if bad:
    print(text)
    sys.exit("snakemake --lint findings:\n  " + "\n  ".join(bad))
print(f"snakemake --lint: clean ({kept} findings kept on purpose, see tools/lint-allow.txt)")
PY

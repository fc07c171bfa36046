#!/usr/bin/env bash
# The whole test suite with its quality gates; CI runs exactly this (.ci/run).
#
#   bash tools/test.sh [pytest args]
#
# 1. set-up (idempotent, no workflow run)  2. ruff check + ruff format --check
# 3. snakefmt --check  4. snakemake --lint  5. pytest (unit + end-to-end workflow tests)
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh --no-run
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff check"; ruff check .
echo "== ruff format --check"; ruff format --check .
echo "== snakefmt --check"; snakefmt --check Snakefile rules/
echo "== snakemake --lint"; bash tools/lint.sh
echo "== pytest"; python -m pytest -q -ra "$@"

#!/usr/bin/env bash
# Regenerate requirements.lock (every dependency pinned, with hashes) from pyproject.toml.
# Run after changing dependencies in pyproject.toml, then `bash tools/setup.sh --no-run`.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
  --index-url https://pypi.org/simple --no-header -o requirements.lock

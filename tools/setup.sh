#!/usr/bin/env bash
# Set up Sourcebook on a fresh Debian machine, then build the dossier from seeds/.
#
#   bash tools/setup.sh            # install (idempotent) and run the workflow on seeds/
#   bash tools/setup.sh --no-run   # install only (what tools/test.sh and CI call)
#
# Installs: the Debian packages below (apt-get; needs root or sudo), a virtual environment in
# .venv, every Python dependency pinned with hashes from requirements.lock, and the project itself
# (editable). A second run checks and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN=1
for arg in "$@"; do
  case "$arg" in
    --no-run) RUN=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

# Debian packages: OCR engine and language data, PDF tools, a font for rendered test pages,
# and chromium for the report's browser tests.
APT_PACKAGES=(tesseract-ocr tesseract-ocr-eng poppler-utils fonts-dejavu-core chromium)
PYTHON=${PYTHON:-python3}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r tools/bootstrap.lock
fi
# Every dependency, pinned and hash-checked; then the project itself without resolving again.
.venv/bin/uv pip install --quiet --python .venv/bin/python --require-hashes -r requirements.lock
if ! .venv/bin/python -c "import sourcebook" 2>/dev/null; then
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
fi
# Byte-compile everything once: where PYTHONDONTWRITEBYTECODE is set (as on these machines) no
# .pyc is ever written, and each of the workflow's jobs would compile spaCy, pandas & co. from
# source again at start-up (2-4 s a job). compileall skips what is already compiled.
.venv/bin/python -m compileall -q -j 0 "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" src \
  >/dev/null 2>&1 || true
echo "setup: environment ready (.venv)"

if ((RUN)); then
  cores=$(nproc)
  echo "setup: running the workflow on seeds/ with $cores cores"
  .venv/bin/snakemake --cores "$cores"
  echo
  echo "The dossier report: $(pwd)/results/dossier/report.html"
  echo "Markdown: results/dossier/report.md; tables: results/dossier/*.csv|*.parquet, results/dossier/dossier.duckdb"
fi

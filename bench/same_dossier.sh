#!/usr/bin/env bash
# Run the workflow on seeds/ and on the 1k corpus of bench/corpus.py into OUT, or compare two
# such folders file by file: how a refactoring is shown to change no result.
#
#   bash bench/same_dossier.sh run OUT          # OUT/{seeds,c1k}/results/dossier/...
#   bash bench/same_dossier.sh compare A B      # cmp every dossier file (dossier.duckdb excepted)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SM="$REPO/.venv/bin/snakemake"
case "${1:-}" in
  run)
    OUT=$2
    CORPUS=${CORPUS_1K:-/var/tmp/sourcebook-corpus1k}
    [ -d "$CORPUS" ] || "$REPO/.venv/bin/python" "$REPO/bench/corpus.py" "$CORPUS" --n 1000 >/dev/null
    for name in seeds c1k; do
      if [ "$name" = seeds ]; then in="$REPO/seeds"; else in="$CORPUS"; fi
      wd="$OUT/$name"; rm -rf "$wd"; mkdir -p "$wd"
      "$SM" --snakefile "$REPO/Snakefile" --configfile "$REPO/config.yaml" --directory "$wd" \
        --cores 2 --config input_dir="$in" >"$wd/snakemake.log" 2>&1 || {
        echo "failed: $name (see $wd/snakemake.log)"; exit 1; }
    done ;;
  compare)
    A=$2 B=$3 differ=0
    for name in seeds c1k; do
      for f in "$A/$name"/results/dossier/*; do
        base=$(basename "$f")
        [ "$base" = dossier.duckdb ] && continue
        if ! cmp -s "$f" "$B/$name/results/dossier/$base"; then echo "differs: $name/$base"; differ=1; fi
      done
    done
    [ $differ = 0 ] && echo "same dossier bytes (seeds and 1k corpus)"; exit $differ ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac

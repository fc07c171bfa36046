"""Issue 19 on its gold set: outlet, authors, date and title of 140 documents (txt, md, html,
born-digital PDFs, scanned PNGs) through the real stages, scored by format and layout.

The stages run as a user runs them: ``python -m sourcebook normalise <docs folder>`` (ingest →
OCR → normalise with the settings of config.yaml), whose metadata records are mapped back to
their files through the manifest and scored with ``metadata_gold.score``. The score table is
printed (``pytest -s`` or ``-rP`` shows it); the issue's bars are asserted.

Figures on this gold (see the printed table): outlet 0.979, date 0.986, title 0.957, author
precision 1.000, recall 0.992. The scans are the weak spot (title 0.45: Tesseract misreads
headlines); a few outlets come from the shipped table of known outlets, which is part of the
mechanism (data/outlets.tsv).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from metadata_gold import GOLD_DIR, format_score, load_gold, score

from sourcebook.core.manifest import build_manifest

DOCS = GOLD_DIR / "docs"
#: the issue's bars
BARS = {"outlet": 0.95, "author_precision": 0.98, "author_recall": 0.90, "date": 0.95}
TITLE_BAR = 0.95


def predictions() -> dict[str, dict[str, object]]:
    """File name → predicted outlet, authors, date, title, from the normalise stage's records."""
    out = subprocess.run(
        [sys.executable, "-m", "sourcebook", "normalise", str(DOCS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout
    path_of = {e.doc_id: e.path for e in build_manifest(DOCS, "auto")}
    pred: dict[str, dict[str, object]] = {}
    for line in out.splitlines():
        row = json.loads(line)
        if row.get("table") != "metadata":
            continue
        pred[path_of[row["doc_id"]]] = {
            "outlet": row["outlet"] or None,
            "authors": [a for a in row["author"].split("; ") if a],
            "date": row["date"] or None,
            "title": row["title"] or None,
            "origins": {k: row[f"{k}_source"] for k in ("outlet", "author", "date", "title")},
        }
    return pred


@pytest.mark.engine  # the scans go through Tesseract
def test_metadata_gold_meets_the_issue_bars() -> None:
    gold = load_gold()
    pred = predictions()
    result = score(gold, pred)
    print("\n" + format_score(result, mismatches=40))
    assert not result.missing and not result.unknown
    overall = result.overall
    for name, bar in BARS.items():
        assert getattr(overall, name) >= bar, (name, getattr(overall, name))
    assert overall.title >= TITLE_BAR, overall.title
    # every value says where it came from
    for name, p in pred.items():
        for field in ("outlet", "date", "title"):
            assert bool(p[field]) == bool(p["origins"][field]), (name, field)

"""Cross-document entities on the entity gold (issue 20): the real workflow, scored.

The gold's 163 articles (10 events, headlines in title case and all capitals) are written as
plain text into one input folder, one sub-folder per event, and run through every stage up to
the dossier in-process, by the runners the workflow's jobs call (what ``python -m sourcebook
merge DIR`` does). The dossier's mentions (document path, page 1, start/end into the raw text,
entity_id) are handed to the gold's scorer (tests/extract/entity_gold.py). Printed: mention
recall and precision, pairwise and B-cubed P/R/F1, for the system and for the exact-string
baselines (folded, and raw surface as written).

Issue 20's bars: named-mention recall >= 0.95 and B-cubed F1 >= 0.93 (and >= 0.15 above the
exact-string baseline). Reached when this test was written (report of issue 20): recall 0.895,
B-cubed F1 0.888 (raw baseline 0.804, folded 0.855); session 7: recall 0.906, B-cubed F1 0.896;
session 8 (names the corpus knows found where a document left them untagged, a shared surname
is its nearest namesake): recall 0.926, B-cubed F1 0.912; then (place transliterations, short
given names, first names, a short form in its document, a body named with its place, a
person's first name spread where the document names the person): recall 0.927, B-cubed F1
0.920 (P 0.964, R 0.880); with the title lines of commit 79e0d8b (datelines and credit lines
such as "Wenatchee, Wash., Aug. 16" no longer read as text, their mentions lost): recall
0.925, B-cubed F1 0.919. Session 9 (headline lines in any language and their short forms; role
words, ship prefixes, country prefixes, score lines, flight numbers and products' makers and
versions at extraction; spreading by multi-word names, joined mentions split, short forms by
shared context, shared surnames, bracketed other names, US state abbreviations at merge):
recall 0.953 (3486/3659), B-cubed F1 0.938 (P 0.963, R 0.914), pairwise F1 0.916; round 2
(titles of ranks and offices, names split at "and" joined by their acronym, products by the
document's models; spelling-only joins need shared context, Washington the state by its
document, roads and streets) and the review's narrowing: recall 0.959 (3509/3659), B-cubed F1
0.944 (P 0.969, R 0.921), pairwise F1 0.931. Session 10 (context weighted by how few
documents give a name; Georgia the US state by its stories; a club named by its place where
its sentence reads it as the club; titled surnames; a relative's possessor; tickers; a body
named with its nationality; a facility's name with its place; names NER left that a capital
inside, a hyphenated place, a state's abbreviation, a stock exchange or an organisation's first
word give; then narrowed by a review on news outside the gold): recall 0.964 (3527/3659),
B-cubed F1 0.9542 (P 0.979, R 0.930), pairwise F1 0.945.
All three bars are met and asserted (the third, 0.15 over the raw exact-string baseline
0.8039, is 0.9539: met by 0.0003, about one mention); the floors sit just below what is
reached, so that a regression fails.
"""

from __future__ import annotations

from pathlib import Path

import entity_gold as eg
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

#: just below what the pipeline reaches today (see the module docstring)
FLOOR_RECALL = 0.963
FLOOR_BCUBED_F1 = 0.954
ISSUE_RECALL, ISSUE_BCUBED_F1, ISSUE_OVER_BASELINE = 0.95, 0.93, 0.15


def dossier_predictions(corpus, workdir: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Run ingest → merge on the gold's plain texts; the mentions as the scorer wants them."""
    import pyarrow.parquet as pq

    from sourcebook.cli import Workspace, locate
    from sourcebook.core.config import load_config

    inputs = workdir / "gold"
    for key, (text, _) in corpus.items():
        path = inputs / f"{key}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = load_config(str(REPO / "config.yaml"))
    config["input_dir"] = str(inputs)
    dossier = Workspace(config, locate([inputs], config), workdir / "results").merge()
    paths = {
        d["doc_id"]: d["path"] for d in pq.read_table(dossier / "documents.parquet").to_pylist()
    }
    predicted: dict[str, list[tuple[int, int, str]]] = {}
    for row in pq.read_table(dossier / "mentions.parquet").to_pylist():
        if row["page"] != 1:
            continue
        key = paths[row["doc_id"]].removesuffix(".txt")
        predicted.setdefault(key, []).append((row["start"], row["end"], row["entity_id"]))
    return predicted


@pytest.mark.workflow
def test_entities_against_the_cross_document_gold(tmp_path: Path, capsys) -> None:
    corpus = eg.load_corpus()
    got = eg.score(corpus, dossier_predictions(corpus, tmp_path))
    folded, raw = eg.baseline(corpus), eg.baseline(corpus, fold=False)
    with capsys.disabled():
        print()
        print(eg.summary(corpus))
        print("sourcebook:")
        print(eg.format_score(got))
        print(f"exact-string baseline, folded: B-cubed F1 {folded.bcubed.f1:.3f}")
        print(f"exact-string baseline, raw:    B-cubed F1 {raw.bcubed.f1:.3f}")
        print(
            f"issue 20's bars: mention recall {ISSUE_RECALL} (reached {got.mention_recall:.3f}),"
            f" B-cubed F1 {ISSUE_BCUBED_F1} (reached {got.bcubed.f1:.4f}), B-cubed F1"
            f" {ISSUE_OVER_BASELINE} over the raw baseline {raw.bcubed.f1:.4f}:"
            f" {raw.bcubed.f1 + ISSUE_OVER_BASELINE:.4f}"
        )
    assert got.mention_recall >= max(FLOOR_RECALL, ISSUE_RECALL), got
    assert got.bcubed.f1 >= max(FLOOR_BCUBED_F1, ISSUE_BCUBED_F1), got
    assert got.bcubed.f1 >= raw.bcubed.f1 + ISSUE_OVER_BASELINE, (got.bcubed, raw.bcubed)
    assert got.bcubed.f1 > folded.bcubed.f1 > raw.bcubed.f1
    assert got.pairwise.f1 > folded.pairwise.f1

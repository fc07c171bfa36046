"""Figure cross-checking measured on the figure gold (issue 17), through the real workflow.

Each event of ``tests/merge/gold/figures/`` is written as plain text files (the markup stripped,
as the scorer gives them) into its own input folder and the workflow runs on it, once per event.
The dossier's figures (document = file name, page 1, offsets into the raw text) with their
cluster's status are scored by ``figure_crosscheck_gold.score``; the score is printed and the
issue's bars are asserted where the pipeline reaches them, else the level it reaches today (see
``REACHED``): a drop below either fails.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import run_snakemake
from figure_crosscheck_gold import Gold, Score, format_score, load_gold, score

pytestmark = pytest.mark.workflow

# the bars (issue 17: "Done when")
BARS = {
    "conflict_recall": 0.95,
    "conflict_precision": 0.95,
    "agree": 0.95,
    "update": 0.95,
    "lookalike_merge_rate": 0.02,
    "chained_clusters": 0,
}
# where the pipeline stood at the last measure (a floor: a drop below fails the test), with a
# margin for the extraction and metadata still moving under it. Measured through the workflow in
# session 8 (2026-11-30, after the read-through): agree 0.968 (0.975 before it), conflict
# 1.000, update 0.973 (109/112), single 0.947; conflict precision 1.000, recall 1.000 (17/17);
# look-alikes merged 0.000; chained clusters 0 — all meet the bars (second round: update
# 0.920; first round: agree 0.960, update 0.893, recall 0.824; session 7: agree 0.866,
# conflict 0.584, update 0.536, recall 0.471, look-alikes 0.011, 1 chained). Each floor is
# about one gold item below.
REACHED: dict[str, float] = {
    "update": 0.96,
}


@pytest.fixture(scope="module")
def gold() -> Gold:
    return load_gold()


@pytest.fixture(scope="module")
def dossiers(gold: Gold, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One workflow run per event; event → its dossier folder."""
    base = tmp_path_factory.mktemp("figure_crosscheck")
    out = {}
    for event, files in sorted(gold.docs.items()):
        inputs = base / event / "input"
        inputs.mkdir(parents=True)
        for name, (plain, _) in files.items():
            (inputs / name).write_text(plain, encoding="utf-8")
        out[event] = run_snakemake(base / event / "work", inputs).dossier
    return out


def predicted_rows(event: str, dossier: Path) -> list[dict]:
    """The scorer's rows for one event's dossier: each clustered figure on page 1 with its file
    name, offsets and its cluster's status."""
    names = {
        d["doc_id"]: Path(d["path"]).name
        for d in pq.read_table(dossier / "documents.parquet").to_pylist()
    }
    status = {
        c["cluster_id"]: c["status"]
        for c in pq.read_table(dossier / "figure_clusters.parquet").to_pylist()
    }
    return [
        {
            "event": event,
            "file": names[f["doc_id"]],
            "start": f["start"],
            "end": f["end"],
            "cluster_id": f["cluster_id"],
            "status": status[f["cluster_id"]],
        }
        for f in pq.read_table(dossier / "figures.parquet").to_pylist()
        if f["cluster_id"] and f["page"] == 1
    ]


@pytest.fixture(scope="module")
def measured(gold: Gold, dossiers: dict[str, Path]) -> Score:
    rows = [row for event, d in dossiers.items() for row in predicted_rows(event, d)]
    s = score(gold, rows)
    print("\nfigure cross-check on the gold (issue 17):\n" + format_score(s))
    return s


def _bar(name: str) -> float:
    return REACHED.get(name, BARS[name])


def test_conflicts_found_and_precise(measured: Score) -> None:
    assert measured.conflict_recall >= _bar("conflict_recall"), format_score(measured)
    assert measured.conflict_precision >= _bar("conflict_precision"), format_score(measured)


def test_agree_and_update_status(measured: Score) -> None:
    assert measured.status_accuracy["agree"] >= _bar("agree"), format_score(measured)
    assert measured.status_accuracy["update"] >= _bar("update"), format_score(measured)


def test_lookalikes_stay_apart_and_nothing_chains(measured: Score) -> None:
    assert measured.lookalike_merge_rate <= _bar("lookalike_merge_rate"), format_score(measured)
    assert measured.chained_clusters <= _bar("chained_clusters"), format_score(measured)


def test_every_cluster_names_its_rule(dossiers: dict[str, Path]) -> None:
    for dossier in dossiers.values():
        for c in pq.read_table(dossier / "figure_clusters.parquet").to_pylist():
            assert c["status"] in ("agree", "conflict", "update", "single"), c
            assert c["reason"] and c["summary"], c

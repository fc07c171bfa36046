"""A quotation carried by many sources lists a bounded number of them in the report, and every
wording and every speaker among them is shown (the differences are what a reader checks)."""

from __future__ import annotations

from sourcebook.report.build import CLUSTER_MEMBERS, _telling_members

SAID = "NATO will take over the coordination of military aid"


def _row(i: int, text: str = SAID, speaker: str = "person:jens-stoltenberg") -> dict:
    return {"doc_id": f"d{i:03d}", "text": text, "speaker_entity_id": speaker, "speaker_text": ""}


def test_many_sources_are_capped_but_each_wording_and_speaker_is_shown() -> None:
    rows = [_row(i) for i in range(40)]
    rows[25] = _row(25, speaker="person:jake-sullivan")  # the attribution conflict
    rows[33] = _row(33, text=SAID + " to Ukraine")  # another wording
    shown = _telling_members(rows, [SAID, SAID + " to Ukraine"])
    assert len(shown) == CLUSTER_MEMBERS
    ids = [r["doc_id"] for r in shown]
    assert {"d000", "d025", "d033"} <= set(ids)
    assert ids == sorted(ids)  # in order of appearance


def test_a_small_cluster_is_shown_whole() -> None:
    rows = [_row(i) for i in range(3)]
    assert _telling_members(rows, [SAID]) == rows

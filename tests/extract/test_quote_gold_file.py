"""The quotation gold set of issue 21 parses, strips cleanly, is big and varied enough, and the
scorer in quote_gold.py gives exact numbers on hand-made predictions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from quote_gold import (
    GoldDoc,
    GoldFormatError,
    load_clusters,
    load_passages,
    parse_file,
    parse_markup,
    score,
    score_clusters,
    stats,
)

GOLD = Path(__file__).parent / "gold" / "quotes"
PASSAGES = GOLD / "passages"
MULTI = GOLD / "multisource"
CLUSTERS = GOLD / "clusters.yaml"
TAG = re.compile(r"⟦/?[qsx][0-9][0-9,]*[a-z]?(?:\|[^⟧]*)?⟧")


@pytest.fixture(scope="module")
def passages() -> dict[str, GoldDoc]:
    return load_passages(PASSAGES)


@pytest.fixture(scope="module")
def multi() -> dict[str, GoldDoc]:
    return load_passages(MULTI)


def _check_doc(name: str, raw: str, doc: GoldDoc) -> None:
    assert TAG.sub("", raw) == doc.text, name
    assert "⟦" not in doc.text and "⟧" not in doc.text, name
    assert not re.search(r"\|(direct|partial|indirect)\|", doc.text), name
    for q in doc.quotes:
        for s, e in q.spans:
            piece = doc.text[s:e]
            assert piece and piece == piece.strip(), (name, q.qid, piece)
        if q.speaker_span:
            s, e = q.speaker_span
            who = doc.text[s:e]
            assert who and who == who.strip(), (name, q.qid, who)
            assert not any(s < qe and qs < e for qs, qe in q.spans), (name, q.qid)


def test_every_gold_file_parses_and_strips_to_clean_text(
    passages: dict[str, GoldDoc], multi: dict[str, GoldDoc]
) -> None:
    for root, docs in ((PASSAGES, passages), (MULTI, multi)):
        assert docs
        for name, doc in docs.items():
            _check_doc(name, (root / name).read_text("utf-8"), doc)
    text, quotes = parse_file(PASSAGES / "001_wire.txt")
    assert text.startswith("Turkey quake toll") and len(quotes) == 6
    assert quotes[0].speaker_entity == "afad"


def test_malformed_markup_is_refused() -> None:
    bad = [
        '⟦q1|direct|say|x|named|after⟧"a"',  # never closed
        '⟦q1|direct|say|x|named|after⟧"a"⟦/q1⟧',  # named speaker without a span
        '⟦q1|quoted|say|-|anonymous|after⟧"a"⟦/q1⟧ ⟦s1⟧they⟦/s1⟧',  # unknown kind
        '⟦q1|direct|say|-|anonymous|after⟧"a"⟦/q1⟧ ⟦s2⟧they⟦/s2⟧',  # speaker of no quote
        '⟦q1a|direct|say|-|anonymous|after⟧"a"⟦/q1a⟧ ⟦s1⟧x⟦/s1⟧ ⟦q1b⟧"b"⟦/q1b⟧',  # parts
    ]
    for marked in bad:
        with pytest.raises(GoldFormatError):
            parse_markup(marked)


def test_counts_and_variety_meet_the_minimums(passages: dict[str, GoldDoc]) -> None:
    c = stats(passages)
    assert c["files"]["all"] >= 65
    assert c["quotes"]["all"] >= 320
    for style in ("straight", "curly", "single", "guillemets", "german"):
        assert c["style"][style] >= 10, (style, c["style"])
    assert c["style"]["cjk"] >= 3 and c["style"]["dash"] >= 3
    assert c["style"]["unbalanced"] >= 5
    for pos in ("before", "after", "inverted", "interrupted"):
        assert c["position"][pos] >= 10, (pos, c["position"])
    assert c["speaker_kind"]["pronoun"] >= 50
    assert c["speaker_kind"]["anonymous"] >= 30
    assert c["speaker_kind"]["named"] >= 10 and c["speaker_kind"]["description"] >= 10
    resolved = sum(
        q.speaker_kind == "description" and q.speaker_entity != "-"
        for d in passages.values()
        for q in d.quotes
    )
    assert resolved >= 10
    for flag in ("org", "headline", "far", "nearest-wrong", "translated"):
        assert c["flags"][flag] >= 5, (flag, c["flags"])
    assert c["kind"]["partial"] >= 10 and c["kind"]["indirect"] >= 60
    for cue in ("say", "tell", "according_to", "announce", "warn", "add", "insist", "claim"):
        assert c["cue"][cue] >= 10, (cue, c["cue"])
    assert c["cue"]["deny"] >= 5 and c["cue"]["write"] + c["cue"]["post"] >= 5
    assert c["distractors"]["all"] >= 15
    assert c["shape"]["multi-paragraph"] >= 3
    for style in (
        "wire",
        "broadsheet",
        "tabloid",
        "liveblog",
        "translated",
        "pressrelease",
        "local",
    ):
        assert c["file_style"][style] >= 5, (style, c["file_style"])


def test_multisource_set_and_clusters_are_consistent(multi: dict[str, GoldDoc]) -> None:
    stories: dict[str, int] = {}
    for name in multi:
        stories[name.split("/")[0]] = stories.get(name.split("/")[0], 0) + 1
    assert len(stories) >= 6 and all(3 <= n <= 6 for n in stories.values()), stories
    gold = load_clusters(CLUSTERS)
    quotes = {(f, q.qid): q for f, d in multi.items() for q in d.quotes}
    items = [it for members in gold.clusters.values() for it in members]
    assert sorted(items) == sorted(quotes), "every multisource quote in exactly one cluster"
    assert len(gold.conflicts) >= 3
    in_conflict = {c["cluster"] for c in gold.conflicts}
    for cid, members in gold.clusters.items():
        speakers = {quotes[it].speaker_entity for it in members} - {"-"}
        assert (len(speakers) > 1) == (cid in in_conflict), (cid, speakers)
    for conflict in gold.conflicts:
        assert len(conflict["attributions"]) >= 2
        for entity, its in conflict["attributions"].items():
            for it in its:
                assert it in gold.clusters[conflict["cluster"]]
                assert quotes[it].speaker_entity == entity, it


SAMPLE = (
    "⟦s1⟧Mark Rutte⟦/s1⟧ said ⟦q1|indirect|say|mark-rutte|named|before⟧NATO would take over "
    "the coordination⟦/q1⟧.\n\n"
    '⟦q2a|direct|say|mark-rutte|pronoun|interrupted⟧"We will,"⟦/q2a⟧ ⟦s2⟧he⟦/s2⟧ said, '
    '⟦q2b⟧"take over."⟦/q2b⟧\n\n'
    '⟦q3|direct|say|-|anonymous|after⟧"It is done,"⟦/q3⟧ ⟦s3⟧a diplomat⟦/s3⟧ said. '
    'They called it a ⟦x1⟧"historic day"⟦/x1⟧.'
)


def _at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_scorer_gives_exact_numbers_on_hand_made_predictions() -> None:
    doc = parse_markup(SAMPLE)
    t = doc.text
    assert [q.qid for q in doc.quotes] == ["q1", "q2", "q3"]
    assert len(doc.quotes[1].spans) == 2 and doc.quotes[1].length == 22
    clause = _at(t, "NATO would take over the coordination")
    diplomat = _at(t, "a diplomat")
    preds = [
        {"start": clause[0], "end": clause[1], "kind": "indirect", "speaker_entity": "Mark Rutte"},
        {
            "start": _at(t, '"We will,"')[0],
            "end": _at(t, '"We will,"')[1],
            "kind": "direct",
            "speaker_entity": "Jens Stoltenberg",
        },
        {
            "start": _at(t, '"It is done,"')[0],
            "end": _at(t, '"It is done,"')[1],
            "kind": "direct",
            "speaker_start": diplomat[0],
            "speaker_end": diplomat[1],
        },
        {
            "start": _at(t, '"historic day"')[0],
            "end": _at(t, '"historic day"')[1],
            "kind": "partial",
        },
    ]
    r = score({"a.txt": doc}, {"a.txt": preds})
    det = r["detection"]
    assert (det["all"]["tp"], det["all"]["pred"], det["all"]["gold"]) == (3, 4, 3)
    assert det["all"]["precision"] == pytest.approx(0.75)
    assert det["all"]["recall"] == pytest.approx(1.0)
    assert det["all"]["f1"] == pytest.approx(6 / 7)
    assert det["direct+partial"]["precision"] == pytest.approx(2 / 3)
    assert det["direct+partial"]["recall"] == pytest.approx(1.0)
    assert det["indirect"]["f1"] == pytest.approx(1.0)
    sp = r["speaker"]
    assert (sp["named"]["right"], sp["named"]["matched"]) == (1, 1)
    assert (sp["pronoun"]["right"], sp["pronoun"]["matched"]) == (0, 1)
    assert (sp["anonymous"]["right"], sp["anonymous"]["matched"]) == (1, 1)
    assert sp["all"]["accuracy"] == pytest.approx(2 / 3)
    e2e = r["end_to_end"]
    assert (e2e["tp"], e2e["precision"], e2e["recall"]) == (2, 0.5, pytest.approx(2 / 3))
    assert e2e["f1"] == pytest.approx(4 / 7)
    assert r["distractors"] == {"hit": 1, "total": 1}
    assert score({"a.txt": doc}, {})["end_to_end"]["recall"] == 0.0

    # the 50% rule: overlap must reach half of the shorter of (prediction, gold union)
    end = _at(t, '"It is done,"')[1]
    said = _at(t, "a diplomat said")[1]
    for first, matched in (('done,"', False), (' done,"', True)):
        start = t.index(first)
        assert end - start in (6, 7)
        r = score({"a.txt": doc}, {"a.txt": [{"start": start, "end": said, "kind": "direct"}]})
        assert r["detection"]["all"]["tp"] == int(matched)


def test_perfect_predictions_score_one_on_the_whole_gold(
    passages: dict[str, GoldDoc], multi: dict[str, GoldDoc]
) -> None:
    for docs in (passages, multi):
        preds = {
            name: [
                {
                    "spans": q.spans,
                    "kind": q.kind,
                    "speaker_start": q.speaker_span[0] if q.speaker_span else None,
                    "speaker_end": q.speaker_span[1] if q.speaker_span else None,
                    "speaker_entity": None if q.speaker_entity == "-" else q.speaker_entity,
                }
                for q in doc.quotes
            ]
            for name, doc in docs.items()
        }
        r = score(docs, preds)
        assert r["end_to_end"]["f1"] == 1.0
        assert all(d["f1"] == 1.0 for d in r["detection"].values())
        assert r["distractors"]["hit"] == 0
    gold = load_clusters(CLUSTERS)
    perfect = {it: cid for cid, members in gold.clusters.items() for it in members}
    rc = score_clusters(gold, perfect)
    assert rc["f1"] == 1.0
    assert rc["conflicts"]["found"] == rc["conflicts"]["expected"] == len(gold.conflicts)


def test_cluster_scorer_gives_exact_numbers() -> None:
    gold = {
        "clusters": {
            "A": [["f1", "q1"], ["f2", "q1"], ["f3", "q2"]],
            "B": [["f1", "q2"]],
            "C": [["f2", "q2"], ["f3", "q1"]],
        },
        "conflicts": [{"cluster": "A", "attributions": {"x": [("f1", "q1")], "y": [("f3", "q2")]}}],
    }
    pred = {
        ("f1", "q1"): 1,
        ("f2", "q1"): 1,
        ("f3", "q2"): 2,
        ("f1", "q2"): 2,
        ("f2", "q2"): 3,
        ("f3", "q1"): 3,
        ("zz", "q9"): 3,  # not a gold item: ignored
    }
    r = score_clusters(gold, pred)
    assert (r["tp"], r["pred"], r["gold"]) == (2, 3, 4)
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(0.5)
    assert r["f1"] == pytest.approx(4 / 7)
    assert r["conflicts"] == {"found": 0, "expected": 1, "spurious": 0}
    flagged = [{("f1", "q1"), ("f3", "q2")}, {("f2", "q2"), ("f3", "q1")}]
    r = score_clusters(gold, pred, predicted_conflicts=flagged)
    assert r["conflicts"] == {"found": 1, "expected": 1, "spurious": 1}

"""The figure cross-check gold (issue 17) is well-formed; its scorer is exact on hand-made cases.

Checks the gold files only (tests/merge/gold/figures/): markup parses and is stripped, the counts
meet the issue's minimums, every quantity id is declared and used as its status requires, and the
scorer gives the expected numbers for a perfect prediction, one chained cluster and one missed
conflict. Nothing from ``sourcebook`` is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

import pytest
from figure_crosscheck_gold import (
    GOLD_ROOT,
    STATUSES,
    Gold,
    GoldFigure,
    format_score,
    load_gold,
    parse_event,
    parse_text,
    score,
)

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
NUMBER_WORD = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|forty|"
    r"dozen|single|fourth)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def gold() -> Gold:
    return load_gold(GOLD_ROOT)


def files_of(gold: Gold) -> dict[str, set[str]]:
    """Quantity id -> the article files that state it."""
    out: dict[str, set[str]] = defaultdict(set)
    for _event, name, fig in gold.figures():
        out[fig.qid].add(name)
    return out


def perfect(gold: Gold) -> list[dict[str, Any]]:
    """One prediction per gold figure, clustered by quantity, with the gold status."""
    return [
        {
            "event": event,
            "file": name,
            "start": fig.start,
            "end": fig.end,
            "cluster_id": fig.qid,
            "status": gold.quantities[fig.qid].status,
        }
        for event, name, fig in gold.figures()
    ]


def date_patterns(iso: str) -> list[str]:
    """Ways an article's head may give the date ``iso`` (dateline, Published line, numeric)."""
    d = dt.date.fromisoformat(iso)
    m = MONTHS[d.month - 1]
    ms = m[:3]
    day, month, year = d.day, d.month, d.year
    return [
        d.isoformat(),
        rf"\b0?{day}[./]0?{month}[./]{year}",
        rf"\b0?{month}/0?{day}/{year}",
        rf"\b({m}|{ms})\.? 0?{day}\b",
        rf"\b0?{day}(st|nd|rd|th)? ({m}|{ms})\b",
        rf"\b({m}|{ms})\.? 0?{day}(st|nd|rd|th)\b",
    ]


def test_parse_text_offsets_and_errors() -> None:
    annotated = "Staff: [[about 700 personnel|nato-staff]], not 800; [[€40bn|aid-eur]]."
    plain, figs = parse_text(annotated)
    assert plain == "Staff: about 700 personnel, not 800; €40bn."
    assert figs == [
        GoldFigure(7, 26, "about 700 personnel", "nato-staff"),
        GoldFigure(37, 42, "€40bn", "aid-eur"),
    ]
    with pytest.raises(ValueError, match="malformed"):
        parse_text("broken [[700 staff|Bad Id]] here")


def test_files_parse_and_markup_is_stripped(gold: Gold) -> None:
    for event, files in gold.docs.items():
        assert files == parse_event(GOLD_ROOT / event)
        for name, (plain, figs) in files.items():
            assert "[[" not in plain and "]]" not in plain, (event, name)
            assert not re.search(r"\|[a-z]+-[a-z0-9-]+", plain), (event, name)
            for fig in figs:
                assert plain[fig.start : fig.end] == fig.text, (event, name, fig)
                assert fig.text == fig.text.strip() and NUMBER_WORD.search(fig.text), fig
            starts = [f.start for f in figs]
            assert starts == sorted(starts)


def test_counts_meet_minimums(gold: Gold) -> None:
    statuses = [q.status for q in gold.quantities.values()]
    assert len(gold.docs) >= 9
    assert len(gold.quantities) >= 110
    assert len(gold.lookalikes) >= 60
    assert statuses.count("single") >= 10
    assert statuses.count("conflict") >= 10 and statuses.count("update") >= 10
    assert set(statuses) == set(STATUSES)
    for event, files in gold.docs.items():
        assert 4 <= len(files) <= 8, event
        assert all(re.fullmatch(r"\d\d_[a-z0-9-]+\.txt", name) for name in files), event
        for name, (plain, _) in files.items():
            assert 150 <= len(plain.split()) <= 450, (event, name, len(plain.split()))


def test_articles_have_metadata_and_dates(gold: Gold) -> None:
    for event, files in gold.docs.items():
        for name, (plain, _) in files.items():
            article = gold.articles[(event, name)]
            head = "\n".join(plain.splitlines()[:15])
            assert any(re.search(p, head, re.IGNORECASE) for p in date_patterns(article.date)), (
                event,
                name,
                article.date,
            )
            assert article.copy_of is None or article.copy_of in files, (event, name)
    assert set(gold.articles) == {(e, n) for e, files in gold.docs.items() for n in files}


def test_every_quantity_id_is_declared_and_used(gold: Gold) -> None:
    used = files_of(gold)
    for event, _name, fig in gold.figures():
        assert fig.qid in gold.quantities, fig.qid
        assert gold.quantities[fig.qid].event == event, fig.qid
    for event in gold.docs:
        prefixes = {q.id.split("-")[0] for q in gold.quantities.values() if q.event == event}
        assert len(prefixes) == 1, (event, prefixes)
    independent: dict[str, set[str]] = defaultdict(set)
    for event, name, fig in gold.figures():
        independent[fig.qid].add(gold.articles[(event, name)].copy_of or name)
    for q in gold.quantities.values():
        n = len(used.get(q.id, ()))
        if q.status == "single":
            assert n == 1, (q.id, n)
        else:
            assert len(independent[q.id]) >= 2, (q.id, "needs two independent sources")
        assert q.description, q.id


def test_lookalikes_are_declared_pairs_of_one_event(gold: Gold) -> None:
    seen = set()
    for a, b in gold.lookalikes:
        assert a != b and a in gold.quantities and b in gold.quantities, (a, b)
        assert gold.quantities[a].event == gold.quantities[b].event, (a, b)
        pair = frozenset((a, b))
        assert pair not in seen, (a, b)
        seen.add(pair)


def test_update_sequences_follow_article_dates(gold: Gold) -> None:
    used = files_of(gold)
    for q in gold.quantities.values():
        if q.status != "update":
            assert not q.sequence, q.id
            continue
        assert len(q.sequence) >= 2 and len({v for _, v in q.sequence}) >= 2, q.id
        days = [d[:10] for d, _ in q.sequence]
        assert days == sorted(days), q.id
        article_days = {gold.articles[(q.event, name)].date for name in used[q.id]}
        assert set(days) <= article_days, (q.id, days, article_days)


def test_multi_unit_quantities_label_every_figure(gold: Gold) -> None:
    labels: dict[str, set[str]] = defaultdict(set)
    for _event, _name, fig in gold.figures():
        q = gold.quantities[fig.qid]
        if q.units:
            label = q.unit_label(fig.text)
            assert label is not None, (q.id, fig.text)
            labels[q.id].add(label)
    assert labels and all(len(v) >= 2 for v in labels.values()), labels


def test_score_perfect_prediction(gold: Gold) -> None:
    s = score(gold, perfect(gold))
    assert s.matched == s.gold_figures == len(gold.figures())
    assert s.ignored == 0 and s.duplicates == 0
    assert s.status_accuracy == dict.fromkeys(STATUSES, 1.0)
    assert s.conflict_precision == 1.0 and s.conflict_recall == 1.0
    assert s.conflict_clusters == s.conflict_quantities
    assert s.lookalike_merge_rate == 0.0 and s.lookalikes_merged == []
    assert s.pair_recall == 1.0 and s.cross_unit_pair_recall == 1.0 and s.cross_unit_pairs > 0
    assert s.chained_clusters == 0
    assert "chained clusters 0" in format_score(s)


def test_score_one_chained_cluster(gold: Gold) -> None:
    """A purchase price and its cash part put into one agreeing cluster."""
    rows = perfect(gold)
    for row in rows:
        if row["cluster_id"] == "acq-cash":
            row["cluster_id"] = "acq-price-usd"
    s = score(gold, rows)
    assert s.chained_clusters == 1
    assert s.chained == [(("acquisition-lumio", "acq-price-usd"), ("acq-cash", "acq-price-usd"))]
    assert s.lookalikes_merged == [("acq-price-usd", "acq-cash")]
    assert s.lookalike_merge_rate == pytest.approx(1 / len(gold.lookalikes))
    assert s.status_accuracy == dict.fromkeys(STATUSES, 1.0)
    assert s.pair_recall == 1.0
    assert s.conflict_precision == 1.0 and s.conflict_recall == 1.0


def test_score_one_missed_conflict(gold: Gold) -> None:
    """The NATO staff numbers (700 / 800 / 1,000) shown as agreeing."""
    rows = perfect(gold)
    for row in rows:
        if row["cluster_id"] == "nato-staff":
            row["status"] = "agree"
    s = score(gold, rows)
    conflicts = [q.id for q in gold.quantities.values() if q.status == "conflict"]
    conflict_figs = [f for *_, f in gold.figures() if gold.quantities[f.qid].status == "conflict"]
    staff_figs = [f for f in conflict_figs if f.qid == "nato-staff"]
    assert s.conflict_recall == pytest.approx((len(conflicts) - 1) / len(conflicts))
    assert s.conflict_precision == 1.0
    assert s.missed_conflicts == ["nato-staff"]
    assert s.status_counts["conflict"] == (len(conflict_figs) - len(staff_figs), len(conflict_figs))
    assert s.status_accuracy["agree"] == 1.0
    assert s.chained_clusters == 0 and s.lookalike_merge_rate == 0.0


def test_score_matches_by_overlap_and_ignores_stray_predictions(gold: Gold) -> None:
    rows = perfect(gold)
    for row in rows:
        row["end"] = max(row["start"] + 1, row["end"] - 1)
    first = dict(rows[0])
    rows.append({**first, "start": first["start"], "end": first["start"] + 1, "cluster_id": "x"})
    rows.append({**first, "start": 0, "end": 0, "cluster_id": "y", "status": "conflict"})
    s = score(gold, rows)
    assert s.matched == s.gold_figures
    assert s.duplicates == 1 and s.ignored == 1
    assert s.status_accuracy == dict.fromkeys(STATUSES, 1.0)
    assert s.pair_recall == 1.0 and s.chained_clusters == 0

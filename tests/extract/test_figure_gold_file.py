"""The figures-with-units gold file is well formed, covers issue 18's cases, and scores as claimed.

These tests check the gold itself and the scorer in ``figure_gold.py``; they do not run the
extractor (the extractor's score on this gold belongs in the extractor's own test).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from figure_gold import (
    CASE_TAGS,
    DIMENSIONS,
    GoldFigure,
    GoldFormatError,
    GoldSentence,
    dimension_of,
    format_score,
    load_gold,
    score,
    unit_allowed,
)

GOLD = Path(__file__).parent / "gold" / "figures_news.yaml"
# Dimensions whose figures carry no SI value (the numerator of a rate decides).
NO_BASE = {"count", "currency", "percent", "magnitude"}


@pytest.fixture(scope="module")
def gold() -> list[GoldSentence]:
    return load_gold(GOLD)


def _figures(gold: list[GoldSentence]) -> list[tuple[GoldSentence, GoldFigure]]:
    return [(s, f) for s in gold for f in s.figures]


def test_gold_size_and_ids(gold: list[GoldSentence]) -> None:
    assert len(gold) >= 300
    assert all(re.fullmatch(r"f\d{4}", s.id) for s in gold)
    assert sum(1 for s in gold if not s.figures) >= 40, "too few sentences without a figure"
    assert sum(1 for s in gold if len(s.figures) >= 3) >= 30, "too few sentences with 3+ figures"


def test_units_are_in_the_vocabulary(gold: list[GoldSentence]) -> None:
    bad = [(s.id, f.unit) for s, f in _figures(gold) if not unit_allowed(f.unit)]
    assert not bad


def test_figures_are_consistent(gold: list[GoldSentence]) -> None:
    problems = []
    for s, f in _figures(gold):
        if f.text not in s.sentence:
            problems.append((s.id, f.text, "text not in sentence"))
        if f.dimension != dimension_of(f.unit):
            problems.append((s.id, f.text, f"dimension {f.dimension} != {dimension_of(f.unit)}"))
        if f.dimension.split("/")[0] not in DIMENSIONS:
            problems.append((s.id, f.text, f"unknown dimension {f.dimension}"))
        if (f.counted is not None) != (f.dimension == "count"):
            problems.append((s.id, f.text, "counted must be set exactly for counts"))
        if " / " in f.unit and f.per != f.unit.split(" / ")[1]:
            problems.append((s.id, f.text, f"per {f.per!r} is not the rate's denominator"))
        if " / " not in f.unit and f.per is not None:
            problems.append((s.id, f.text, "per set on a non-rate unit"))
        if f.value_max is not None and f.value_max <= f.value:
            problems.append((s.id, f.text, "value_max must exceed value"))
        needs_base = f.dimension.split("/")[0] not in NO_BASE
        if needs_base != (f.value_base is not None):
            problems.append((s.id, f.text, "value_base presence is wrong"))
        if needs_base and (f.value_max is not None) != (f.value_max_base is not None):
            problems.append((s.id, f.text, "value_max_base presence is wrong"))
    for s in gold:
        problems += [(s.id, n, "not in sentence") for n in s.not_figures if n not in s.sentence]
    assert not problems


def test_every_case_is_covered(gold: list[GoldSentence]) -> None:
    counts = Counter(c for s in gold for c in s.cases)
    assert set(counts) <= set(CASE_TAGS), set(counts) - set(CASE_TAGS)
    thin = {c: counts[c] for c in CASE_TAGS if counts[c] < 3}
    assert not thin
    assert sum(1 for c in CASE_TAGS if counts[c] >= 8) >= len(CASE_TAGS) - 3
    assert counts["issue_example"] <= 40


def test_some_value_bases(gold: list[GoldSentence]) -> None:
    """Spot-check the SI conversions of a few figures by hand."""
    by_text = {(s.id, f.text): f for s, f in _figures(gold)}
    hits = {text: f for (_, text), f in by_text.items()}
    assert hits["300 °C"].value_base == pytest.approx(573.15)
    assert hits["572 °F"].value_base == pytest.approx(573.15)
    assert hits["6,900-tonne"].value_base == pytest.approx(6.9e6)
    assert hits["116,347 sq mi"].value_base == pytest.approx(116347 * 2589988.110336, rel=1e-5)
    assert hits["25lbs"].value_base == pytest.approx(25 * 0.45359237, rel=1e-5)
    assert hits["1500b"].value_base == 1500


def test_load_gold_names_the_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "- id: x1\n  style: wire\n  cases: []\n  sentence: 'It weighed 3kg.'\n"
        "  figures:\n    - {text: 3kg, value: 3, value_max: null, unit: kilogram,\n"
        "       dimension: mass, counted: null, per: null, qualifier: roughly}\n"
        "  not_figures: []\n",
        "utf-8",
    )
    with pytest.raises(GoldFormatError, match="x1: qualifier 'roughly'"):
        load_gold(path)


# ---------------------------------------------------------------------------------------------
# the scorer on hand-made predictions


def _fig(text: str, value: float, unit: str, dimension: str, **kw: Any) -> GoldFigure:
    return GoldFigure(
        text=text,
        value=value,
        value_max=kw.get("value_max"),
        unit=unit,
        dimension=dimension,
        counted=kw.get("counted"),
        per=kw.get("per"),
        qualifier=kw.get("qualifier", "exact"),
    )


SENT = "Around 700 drones hit 3 cities at 04:00 on 9 May, 10km from the border, at $2.5bn cost."
MINI = [
    GoldSentence(
        id="t1",
        style="wire",
        cases=("approximations",),
        sentence=SENT,
        figures=(
            _fig(
                "Around 700 drones",
                700,
                "count",
                "count",
                counted="drones",
                qualifier="approximate",
            ),
            _fig("3 cities", 3, "count", "count", counted="cities"),
            _fig("10km", 10, "kilometer", "length"),
            _fig("$2.5bn", 2.5e9, "USD", "currency"),
        ),
        not_figures=("04:00", "9 May"),
    ),
    GoldSentence(
        id="t2",
        style="local",
        cases=("range_both_units",),
        sentence="Doses of 44 mg to 50 mg.",
        figures=(_fig("44 mg to 50 mg", 44, "milligram", "mass", value_max=50),),
        not_figures=(),
    ),
]


def _pred(text: str, value: float, unit: str, dimension: str, **kw: Any) -> dict[str, Any]:
    return {
        "text": text,
        "value": value,
        "value_max": kw.get("value_max"),
        "unit": unit,
        "dimension": dimension,
        "counted": kw.get("counted"),
        "per": kw.get("per"),
        "qualifier": kw.get("qualifier", "exact"),
        **({"kind": kw["kind"]} if "kind" in kw else {}),
    }


PERFECT = {
    SENT: [
        _pred("700 drones", 700, "count", "count", counted="drone", qualifier="approximate"),
        _pred("3 cities", 3.0, "count", "count", counted="city"),
        _pred("10km", 10.02, "kilometer", "length"),  # within 0.5 %
        _pred("$2.5bn", 2.5e9, "USD", "currency"),
        _pred("9 May", 9, "", "date", kind="date"),  # ignored
    ],
    "Doses of 44 mg to 50 mg.": [_pred("44 mg to 50 mg", 44, "milligram", "mass", value_max=50)],
}


def _predictor(table: Mapping[str, Sequence[dict[str, Any]]]):
    return lambda sentence: list(table[sentence])


def test_score_perfect() -> None:
    s = score(MINI, _predictor(PERFECT))
    assert (s.gold.total, s.pred.total, s.gold.matched) == (5, 5, 5)
    assert s.precision == 1.0 and s.recall == 1.0 and s.f1 == 1.0
    assert s.value_recall == 1.0
    # "drone"/"drones" and "city"/"cities" count as the same noun
    assert (s.counted.matched, s.counted.total) == (2, 2)
    assert (s.qualifier.matched, s.qualifier.total) == (5, 5)
    assert s.not_figure_fp == 0
    table = format_score(s)
    assert "value+unit   P 1.000   R 1.000" in table
    assert "count" in table and "mass" in table


def test_score_wrong_unit() -> None:
    preds = {k: list(v) for k, v in PERFECT.items()}
    preds[SENT] = [dict(p) for p in preds[SENT]]
    preds[SENT][2]["unit"] = "meter"  # 10km read as 10 metres
    s = score(MINI, _predictor(preds))
    assert s.gold.matched == 4
    assert s.precision == pytest.approx(4 / 5)
    assert s.recall == pytest.approx(4 / 5)
    assert s.value_recall == 1.0  # the value was found, only the unit is wrong
    assert s.gold_by_dim["length"].matched == 0
    assert s.pred_by_dim["length"].total == 1 and s.pred_by_dim["length"].matched == 0
    assert s.misses == [("t1", "10km", 10, None, "kilometer")]


def test_score_missed_and_extra() -> None:
    preds = {
        SENT: [
            _pred("700 drones", 700, "count", "count", counted="drones", qualifier="exact"),
            # "3 cities" missed; an extra figure read off the clock time instead
            _pred("04", 4, "count", "count", counted="cities"),
            _pred("10km", 10, "kilometer", "length"),
            _pred("$2.5bn", 2.5e9, "USD", "currency"),
        ],
        # the range read as a single value: a miss and an extra
        "Doses of 44 mg to 50 mg.": [_pred("44 mg", 44, "milligram", "mass")],
    }
    s = score(MINI, _predictor(preds))
    assert (s.gold.total, s.pred.total, s.gold.matched) == (5, 5, 3)
    assert s.precision == pytest.approx(3 / 5)
    assert s.recall == pytest.approx(3 / 5)
    assert s.f1 == pytest.approx(3 / 5)
    assert s.value_recall == pytest.approx(3 / 5)
    assert s.not_figure_fp == 1  # "04" overlaps the clock time "04:00"
    assert (s.qualifier.matched, s.qualifier.total) == (2, 3)  # "Around 700" read as exact
    assert (s.counted.matched, s.counted.total) == (1, 1)
    assert s.gold_by_dim["count"].rate == pytest.approx(1 / 2)
    assert s.pred_by_dim["count"].rate == pytest.approx(1 / 2)
    assert {m[1] for m in s.misses} == {"3 cities", "44 mg to 50 mg"}


def test_score_nothing_predicted() -> None:
    s = score(MINI, lambda sentence: [])
    assert (s.precision, s.recall, s.f1, s.value_recall) == (0.0, 0.0, 0.0, 0.0)
    assert ("mass", 1, 0.0, 0, None, 0.0) in s.by_dimension()
    assert "-" in format_score(s)

"""Figures-with-units gold (issue 18): loader, vocabulary and scorer.

The gold file (``gold/figures_news.yaml``) is a YAML list with one record per news sentence::

    - id: f0001
      style: wire            # wire | rewrite | liveblog | local | broadsheet | scan | pressrelease
                             # | feature
      cases: [glued_unit, hyphenated]          # tags from CASE_TAGS
      sentence: "A magnitude-5.9 quake struck 10km deep ..."
      figures:
        - {text: "10km", value: 10, value_max: null, unit: "kilometer", dimension: "length",
           counted: null, per: null, qualifier: "exact", value_base: 10000}
      not_figures: ["Tuesday"]  # surfaces that must not be reported as a (non-date) figure

Conventions (the contract the extractor is built to):

* ``value`` is the number in the unit as written, scales applied ("$2.5bn" -> 2.5e9 USD);
  ranges put the low end in ``value`` and the high end in ``value_max``; accounting brackets and
  minus signs give negative values.
* ``unit`` is pint's canonical spelling ("kilometer", "metric_ton", "degree_Celsius",
  "kilometer ** 2", "oil_barrel" for barrels of oil), an ISO 4217 code for money, "percent",
  "count" or "magnitude". Rates are "numerator / denominator" ("USD / hour") and ``per`` is the
  denominator. Speeds keep dimension "speed".
* ``dimension`` is one of DIMENSIONS, or "<numerator>/<denominator>" for rates.
* ``counted`` is the noun a count counts (only for dimension "count"); it is compared on its
  last word, case-insensitively and tolerant of a plural "s"/"es"/"ies".
* ``qualifier`` is exact | approximate ("about", "some", "roughly", "an estimated") |
  upper_bound ("nearly", "almost", "up to", "just under") | lower_bound ("more than", "over",
  "at least").
* ``value_base`` / ``value_max_base`` hold the value in SI base units (meter, kilogram, second,
  kelvin, meter ** 2, meter ** 3, meter / second, joule, watt, byte) for every figure whose
  numerator is physical; counts, money, percent and quake magnitudes have none.
* Dates, clock times, years, ordinals, codes, list numbers, phone numbers, scores are never gold
  figures; where a sentence has them they are listed in ``not_figures``. Ages written
  "22-year-old" are durations in years.

Scoring: ``score(load_gold(path), predict)`` where ``predict(sentence) -> list[dict]`` with keys
text, value, value_max, unit, dimension, counted, per, qualifier. Predictions whose dimension is
"date"/"time" or whose kind is "date"/"time"/"ordinal" are ignored. A prediction matches a gold
figure of the same sentence when value and value_max agree (relative tolerance 0.5 %, absolute
1e-9 around 0; two None values agree) and the units agree once spaces are removed; matching is
one-to-one and greedy, preferring a prediction whose text overlaps the gold text.
``format_score(score)`` renders the result as a printable table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

STYLES = frozenset(
    {"wire", "rewrite", "liveblog", "local", "broadsheet", "scan", "pressrelease", "feature"}
)
QUALIFIERS = frozenset({"exact", "approximate", "upper_bound", "lower_bound"})
CASE_TAGS = (
    "glued_unit",
    "glued_scale_currency",
    "hyphenated",
    "space_thousands",
    "negative_accounting",
    "range_both_units",
    "range_one_unit",
    "range_words",
    "number_words",
    "fractions",
    "area",
    "volume",
    "rate",
    "speed",
    "temperature",
    "pound_mass",
    "pound_currency",
    "dual_units",
    "not_figure",
    "counts_plain",
    "approximations",
    "percent",
    "money_words",
    "multi_figure",
    "scan_noise",
    "duration",
    "data",
    "nautical",
    "energy_power",
    "issue_example",
)
_UNITS_BY_DIMENSION: dict[str, tuple[str, ...]] = {
    "length": (
        "meter",
        "kilometer",
        "centimeter",
        "millimeter",
        "mile",
        "foot",
        "inch",
        "yard",
        "nautical_mile",
    ),
    "mass": ("kilogram", "gram", "milligram", "metric_ton", "ton", "pound", "ounce"),
    "duration": ("second", "minute", "hour", "day", "week", "month", "year"),
    "area": (
        "hectare",
        "acre",
        "square_mile",
        "square_foot",
        "kilometer ** 2",
        "meter ** 2",
        "nautical_mile ** 2",
    ),
    "volume": (
        "liter",
        "milliliter",
        "gallon",
        "barrel",
        "oil_barrel",
        "cup",
        "tablespoon",
        "teaspoon",
        "meter ** 3",
    ),
    "temperature": ("degree_Celsius", "degree_Fahrenheit", "kelvin"),
    "speed": ("kilometer / hour", "mile / hour", "meter / second", "knot"),
    "energy": ("joule", "kilowatt_hour", "megawatt_hour", "gigawatt_hour", "terawatt_hour"),
    "power": ("watt", "kilowatt", "megawatt", "gigawatt", "horsepower"),
    "data": ("byte", "kilobyte", "megabyte", "gigabyte", "terabyte"),
    "magnitude": ("magnitude",),
    "count": ("count",),
    "percent": ("percent",),
}
CURRENCIES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CHF",
        "INR",
        "UAH",
        "RUB",
        "AUD",
        "CAD",
        "HKD",
        "CNY",
        "NOK",
        "SEK",
        "DKK",
        "PLN",
        "KRW",
        "ZAR",
        "TRY",
        "NGN",
        "BRL",
        "MXN",
    ]
)
DIMENSIONS = frozenset([*_UNITS_BY_DIMENSION, "currency"])
DIMENSION_OF: dict[str, str] = {u: d for d, units in _UNITS_BY_DIMENSION.items() for u in units} | {
    c: "currency" for c in CURRENCIES
}
ALLOWED_UNITS = frozenset(DIMENSION_OF)
IGNORED_DIMENSIONS = frozenset({"date", "time"})
IGNORED_KINDS = frozenset({"date", "time", "ordinal"})
REL_TOL = 0.005
ABS_TOL = 1e-9


class GoldFormatError(ValueError):
    """A gold record is malformed; the message names the record and the field to fix."""


@dataclass(frozen=True)
class GoldFigure:
    """One expected figure of a sentence."""

    text: str
    value: float
    value_max: float | None
    unit: str
    dimension: str
    counted: str | None
    per: str | None
    qualifier: str
    value_base: float | None = None
    value_max_base: float | None = None


@dataclass(frozen=True)
class GoldSentence:
    """One gold sentence with its expected figures and the surfaces that are not figures."""

    id: str
    style: str
    cases: tuple[str, ...]
    sentence: str
    figures: tuple[GoldFigure, ...]
    not_figures: tuple[str, ...]


def unit_key(unit: str | None) -> str:
    """The comparison key of a unit string: spaces removed ("USD / hour" -> "USD/hour")."""
    return "".join((unit or "").split())


def _atom_allowed(atom: str) -> bool:
    return atom in ALLOWED_UNITS


def unit_allowed(unit: str) -> bool:
    """True when ``unit`` is in the vocabulary, canonically spaced ("a / b", "a ** 2")."""
    if unit in ALLOWED_UNITS:
        return True
    parts = unit.split(" / ")
    return len(parts) == 2 and all(_atom_allowed(p) for p in parts)


def dimension_of(unit: str) -> str:
    """The dimension a vocabulary unit implies; rates give "<num>/<den>" unless they are speeds."""
    if unit in DIMENSION_OF:
        return DIMENSION_OF[unit]
    num, den = unit.split(" / ")
    return f"{DIMENSION_OF[num]}/{DIMENSION_OF[den]}"


def _number(rec_id: str, name: str, raw: Any, *, optional: bool) -> float | None:
    if raw is None and optional:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise GoldFormatError(f"{rec_id}: figure field {name!r} must be a number, got {raw!r}")
    return float(raw)


_FIGURE_KEYS = ("text", "value", "value_max", "unit", "dimension", "counted", "per", "qualifier")


def _figure(rec_id: str, raw: Mapping[str, Any]) -> GoldFigure:
    if not isinstance(raw, Mapping):
        raise GoldFormatError(f"{rec_id}: each figure must be a mapping, got {raw!r}")
    missing = [k for k in _FIGURE_KEYS if k not in raw]
    if missing:
        raise GoldFormatError(f"{rec_id}: figure {raw.get('text')!r} lacks {missing}")
    qualifier = raw["qualifier"]
    if qualifier not in QUALIFIERS:
        raise GoldFormatError(f"{rec_id}: qualifier {qualifier!r} not in {sorted(QUALIFIERS)}")
    for name in ("text", "unit", "dimension"):
        if not isinstance(raw[name], str) or not raw[name]:
            raise GoldFormatError(f"{rec_id}: figure field {name!r} must be a non-empty string")
    for name in ("counted", "per"):
        if raw[name] is not None and not isinstance(raw[name], str):
            raise GoldFormatError(f"{rec_id}: figure field {name!r} must be a string or null")
    value = _number(rec_id, "value", raw["value"], optional=False)
    assert value is not None
    return GoldFigure(
        text=raw["text"],
        value=value,
        value_max=_number(rec_id, "value_max", raw["value_max"], optional=True),
        unit=raw["unit"],
        dimension=raw["dimension"],
        counted=raw["counted"],
        per=raw["per"],
        qualifier=qualifier,
        value_base=_number(rec_id, "value_base", raw.get("value_base"), optional=True),
        value_max_base=_number(rec_id, "value_max_base", raw.get("value_max_base"), optional=True),
    )


def _sentence(raw: Mapping[str, Any]) -> GoldSentence:
    if not isinstance(raw, Mapping):
        raise GoldFormatError(f"each record must be a mapping, got {raw!r}")
    rec_id = str(raw.get("id", "?"))
    for key in ("id", "style", "cases", "sentence", "figures", "not_figures"):
        if key not in raw:
            raise GoldFormatError(f"{rec_id}: record lacks {key!r}")
    if raw["style"] not in STYLES:
        raise GoldFormatError(f"{rec_id}: style {raw['style']!r} not in {sorted(STYLES)}")
    for key in ("cases", "figures", "not_figures"):
        if not isinstance(raw[key], list):
            raise GoldFormatError(f"{rec_id}: {key!r} must be a list")
    if not isinstance(raw["sentence"], str) or not raw["sentence"].strip():
        raise GoldFormatError(f"{rec_id}: 'sentence' must be a non-empty string")
    return GoldSentence(
        id=rec_id,
        style=raw["style"],
        cases=tuple(str(c) for c in raw["cases"]),
        sentence=raw["sentence"],
        figures=tuple(_figure(rec_id, f) for f in raw["figures"]),
        not_figures=tuple(str(n) for n in raw["not_figures"]),
    )


def load_gold(path: str | Path) -> list[GoldSentence]:
    """Read a gold YAML file; raise GoldFormatError naming the record if one is malformed."""
    data = yaml.safe_load(Path(path).read_text("utf-8"))
    if not isinstance(data, list):
        raise GoldFormatError(f"{path}: the gold file must be a YAML list of records")
    sentences = [_sentence(r) for r in data]
    seen: set[str] = set()
    for s in sentences:
        if s.id in seen:
            raise GoldFormatError(f"{path}: duplicate id {s.id}")
        seen.add(s.id)
    return sentences


# ---------------------------------------------------------------------------------------------
# scoring


def values_equal(a: float | None, b: float | None) -> bool:
    """Equal within 0.5 % relative (1e-9 absolute near 0); two None values are equal."""
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if a == 0 or b == 0:
        return abs(a - b) <= ABS_TOL
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def _noun_key(noun: str | None) -> str:
    words = re.findall(r"[\w-]+", (noun or "").lower())
    return words[-1] if words else ""


def counted_equal(gold: str | None, pred: str | None) -> bool:
    """Compare counted nouns on their last word, case-insensitively, tolerant of plurals."""
    g, p = _noun_key(gold), _noun_key(pred)
    if not g or not p:
        return g == p
    if g == p:
        return True
    for a, b in ((g, p), (p, g)):
        if b in (a + "s", a + "es") or (a.endswith("y") and b == a[:-1] + "ies"):
            return True
    return False


def is_ignored(pred: Mapping[str, Any]) -> bool:
    """Dates, times and ordinals are not figures for this gold; such predictions are skipped."""
    return pred.get("dimension") in IGNORED_DIMENSIONS or pred.get("kind") in IGNORED_KINDS


def _matches(pred: Mapping[str, Any], gold: GoldFigure, *, with_unit: bool) -> bool:
    if not values_equal(gold.value, pred.get("value")):
        return False
    if not values_equal(gold.value_max, pred.get("value_max")):
        return False
    return not with_unit or unit_key(gold.unit) == unit_key(pred.get("unit"))


def _overlaps(a: str | None, b: str | None) -> bool:
    a, b = (a or "").strip().lower(), (b or "").strip().lower()
    return bool(a and b) and (a in b or b in a)


def _match(
    figures: Sequence[GoldFigure], preds: Sequence[Mapping[str, Any]], *, with_unit: bool
) -> list[tuple[int, int]]:
    """One-to-one greedy matching; gold in order, preferring a pred whose text overlaps."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(figures):
        candidates = [
            pi
            for pi, p in enumerate(preds)
            if pi not in used and _matches(p, g, with_unit=with_unit)
        ]
        if not candidates:
            continue
        best = next((pi for pi in candidates if _overlaps(preds[pi].get("text"), g.text)), None)
        pi = candidates[0] if best is None else best
        used.add(pi)
        pairs.append((gi, pi))
    return pairs


@dataclass
class Tally:
    """Matched and total numbers for one slice (a dimension, or a whole set)."""

    matched: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        """matched / total (0.0 when there is nothing to count: an empty slice never flatters)."""
        return self.matched / self.total if self.total else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """The result of scoring predictions against the gold."""

    sentences: int = 0
    gold: Tally = field(default_factory=Tally)  # matched gold figures / gold figures
    pred: Tally = field(default_factory=Tally)  # matched predictions / predictions
    value_only: Tally = field(default_factory=Tally)  # gold figures matched on value alone
    counted: Tally = field(default_factory=Tally)  # right counted noun / matched count figures
    qualifier: Tally = field(default_factory=Tally)  # right qualifier / matched pairs
    gold_by_dim: dict[str, Tally] = field(default_factory=dict)
    pred_by_dim: dict[str, Tally] = field(default_factory=dict)
    not_figure_fp: int = 0  # unmatched predictions whose text overlaps a not_figure surface
    not_figure_surfaces: int = 0
    misses: list[tuple[str, str, float, float | None, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, Any, Any, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Value+unit precision."""
        return self.pred.rate

    @property
    def recall(self) -> float:
        """Value+unit recall."""
        return self.gold.rate

    @property
    def f1(self) -> float:
        """Value+unit F1."""
        return _f1(self.precision, self.recall)

    @property
    def value_recall(self) -> float:
        """Recall on value (and value_max) alone, whatever the unit."""
        return self.value_only.rate

    def by_dimension(self) -> list[tuple[str, int, float | None, int, float | None, float]]:
        """Rows (dimension, gold n, recall, predicted n, precision, F1), biggest gold first.

        Recall is None for a dimension with no gold figure, precision None for one with no
        prediction; F1 is then 0.
        """
        dims = sorted(set(self.gold_by_dim) | set(self.pred_by_dim))
        dims.sort(key=lambda d: -(self.gold_by_dim.get(d, Tally()).total))
        rows = []
        for d in dims:
            g = self.gold_by_dim.get(d, Tally())
            p = self.pred_by_dim.get(d, Tally())
            r_ = g.rate if g.total else None
            p_ = p.rate if p.total else None
            f = _f1(p_, r_) if p_ is not None and r_ is not None else 0.0
            rows.append((d, g.total, r_, p.total, p_, f))
        return rows


def score(
    gold: Iterable[GoldSentence], predict: Callable[[str], Sequence[Mapping[str, Any]]]
) -> Score:
    """Run ``predict`` on every gold sentence and score its figures (see the module docstring)."""
    out = Score()
    for s in gold:
        out.sentences += 1
        preds = [p for p in predict(s.sentence) if not is_ignored(p)]
        pairs = _match(s.figures, preds, with_unit=True)
        value_pairs = _match(s.figures, preds, with_unit=False)
        matched_gold = {gi for gi, _ in pairs}
        matched_pred = {pi for _, pi in pairs}
        out.gold.total += len(s.figures)
        out.gold.matched += len(pairs)
        out.pred.total += len(preds)
        out.pred.matched += len(pairs)
        out.value_only.total += len(s.figures)
        out.value_only.matched += len(value_pairs)
        for gi, g in enumerate(s.figures):
            tally = out.gold_by_dim.setdefault(g.dimension, Tally())
            tally.total += 1
            tally.matched += gi in matched_gold
            if gi not in matched_gold:
                out.misses.append((s.id, g.text, g.value, g.value_max, g.unit))
        for pi, p in enumerate(preds):
            tally = out.pred_by_dim.setdefault(str(p.get("dimension") or "?"), Tally())
            tally.total += 1
            tally.matched += pi in matched_pred
            if pi not in matched_pred:
                out.false_positives.append(
                    (s.id, str(p.get("text")), p.get("value"), p.get("value_max"), p.get("unit"))
                )
                if any(_overlaps(p.get("text"), n) for n in s.not_figures):
                    out.not_figure_fp += 1
        out.not_figure_surfaces += len(s.not_figures)
        for gi, pi in pairs:
            g, p = s.figures[gi], preds[pi]
            out.qualifier.total += 1
            out.qualifier.matched += (p.get("qualifier") or "exact") == g.qualifier
            if g.counted is not None:
                out.counted.total += 1
                out.counted.matched += counted_equal(g.counted, p.get("counted"))
    return out


def format_score(s: Score) -> str:
    """A plain-text table of the score, for printing in a test or a benchmark."""
    lines = [
        f"sentences {s.sentences}   gold figures {s.gold.total}   predictions {s.pred.total}   "
        f"matched {s.gold.matched}",
        f"value+unit   P {s.precision:.3f}   R {s.recall:.3f}   F1 {s.f1:.3f}",
        f"value only   R {s.value_recall:.3f} ({s.value_only.matched}/{s.value_only.total})",
        f"counted noun accuracy  {s.counted.rate:.3f} ({s.counted.matched}/{s.counted.total})",
        f"qualifier accuracy     {s.qualifier.rate:.3f} "
        f"({s.qualifier.matched}/{s.qualifier.total})",
        f"false positives on not_figures  {s.not_figure_fp} "
        f"(of {s.not_figure_surfaces} listed surfaces)",
        "",
        f"{'dimension':<22}{'gold':>6}{'recall':>8}{'pred':>6}{'prec':>8}{'F1':>8}",
    ]
    for d, gn, r, pn, p, f in s.by_dimension():
        rs = "-" if r is None else f"{r:.3f}"
        ps = "-" if p is None else f"{p:.3f}"
        lines.append(f"{d:<22}{gn:>6}{rs:>8}{pn:>6}{ps:>8}{f:>8.3f}")
    return "\n".join(lines)

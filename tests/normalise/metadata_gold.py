"""Document-metadata gold set (issue 19): loader and scorer for outlet, authors, date and title.

The gold lives in ``tests/normalise/gold/metadata/``: ``expected.yaml`` maps each file name in
``docs/`` to its expected outlet, authors, publication date, title, layout tags and format (the
conventions are written at the top of that file). Predictions are plain dicts keyed by file name,
each holding ``outlet``, ``authors``, ``date`` and ``title``::

    gold = load_gold(GOLD_DIR)
    result = score(gold, {"m001_evia_fire.txt": {"outlet": "The Guardian", ...}, ...})
    print(format_score(result))

Matching: outlet and title after casefold, whitespace collapse, curly -> straight quotes and
stripping a leading "the "; a null expected value is matched only by a null (or empty)
prediction. Dates are compared as exact ``YYYY-MM-DD`` strings. Authors are scored as one set
precision/recall over all documents (names casefolded, whitespace collapsed, curly -> straight
quotes). A document missing from the predictions counts as predicting nothing. Pure Python apart
from PyYAML for reading the gold file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "metadata"
FIELDS = ("outlet", "authors", "date", "title")
FORMATS = {"txt": ".txt", "md": ".md", "html": ".html", "pdf": ".pdf", "png": ".png"}

LAYOUTS: dict[str, str] = {
    "url_line": "copy-pasted web page whose first line is the article URL",
    "url_date_path": "the URL line carries the date (/2024/07/11/, /2024/jul/11/, -2024-07-11)",
    "url_no_date_path": "the URL line carries no date",
    "outlet_line": "the outlet name alone on a line under the headline",
    "byline": "a byline or name line naming the author(s)",
    "multi_author": "two or more authors",
    "caps_byline": 'byline in capitals ("By JANE DOE", "by Lucie PERRAULT")',
    "wire_byline": 'name plus outlet credit ("Jane Doe, Reuters", "Jane Doe | AFP", "· CBC News")',
    "label_byline": '"Words by", "Author:", "Compiled by", "Text:" forms',
    "reuters_credits": '"Reporting by X; Editing by Y" credit line',
    "staff_byline": 'a byline with no person ("Staff and agencies", "Special Correspondent", ...)',
    "photo_credit": 'photo credits naming people ("Photo: John Smith/AP") that are not authors',
    "non_author_credit": "editors, contributors, translators, press contacts named: not authors",
    "dateline": 'wire dateline ("KYIV, July 11 (Reuters) -", "WASHINGTON (AP) —", "(AFP) -")',
    "wire_copy": "wire agency copy as distributed (outlet = the wire)",
    "wire_rewrite": "a newspaper or site running/rewriting wire copy (outlet = the page)",
    "published_line": "a visible Published/date line in one of many formats",
    "updated_line": "an Updated line (alone or besides Published; Published wins)",
    "live_blog": "live blog with timestamped entries; date = the blog's date",
    "date_prefix": 'a " date YYYY-MM-DD" prefix line',
    "reprint": '"This article first appeared in X" and similar',
    "html_meta": "HTML with og:site_name / JSON-LD / article:published_time / meta author",
    "misleading_meta": "meta that misleads or is missing (outlet as author, footer year, ...)",
    "pdf_placeholder_meta": 'PDF Info with placeholders ("untitled", "anonymous", Word names)',
    "multiline_title": "headline printed over two or more lines",
    "late_date": "the date appears late (line 5 of a PDF page, an end credit, page 2)",
    "press_release": "press release or statement: outlet = the issuing body",
    "scan": "rendered page image (PNG) that needs OCR",
    "no_date": "the document states no publication date (expected null)",
    "no_author": "no person is credited (expected empty list)",
    "name_like_headline": 'short title-case/caps lines that look like names ("THE WHITE HOUSE")',
    "front_matter": "Markdown with YAML front matter (clip dates are not publication dates)",
    "no_title": "no headline (expected null)",
    "translated": "translated copy",
}

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
)


class GoldError(ValueError):
    """The gold file is malformed; the message names the entry, the problem and the fix."""


@dataclass(frozen=True)
class GoldMeta:
    """Expected metadata of one gold document."""

    name: str
    format: str
    outlet: str | None
    authors: tuple[str, ...]
    date: str | None
    title: str | None
    layout: tuple[str, ...]


@dataclass
class FieldStats:
    """Counts behind the accuracies and author precision/recall of one group of documents."""

    n: int = 0
    outlet_ok: int = 0
    date_ok: int = 0
    title_ok: int = 0
    author_tp: int = 0
    author_pred: int = 0
    author_gold: int = 0

    @property
    def outlet(self) -> float:
        """Outlet accuracy."""
        return self.outlet_ok / self.n if self.n else 1.0

    @property
    def date(self) -> float:
        """Date accuracy."""
        return self.date_ok / self.n if self.n else 1.0

    @property
    def title(self) -> float:
        """Title accuracy."""
        return self.title_ok / self.n if self.n else 1.0

    @property
    def author_precision(self) -> float:
        """Share of predicted author names that are gold authors (1.0 when none predicted)."""
        return self.author_tp / self.author_pred if self.author_pred else 1.0

    @property
    def author_recall(self) -> float:
        """Share of gold author names predicted (1.0 when the group has no gold authors)."""
        return self.author_tp / self.author_gold if self.author_gold else 1.0


@dataclass(frozen=True)
class Mismatch:
    """One wrong field of one document (authors: the whole list when the sets differ)."""

    doc: str
    field: str
    expected: Any
    predicted: Any


@dataclass
class Score:
    """Result of :func:`score`: overall, by format and by layout tag, plus every mismatch."""

    overall: FieldStats
    by_format: dict[str, FieldStats]
    by_layout: dict[str, FieldStats]
    mismatches: list[Mismatch] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _text(value: Any, where: str, key: str, nullable: bool = True) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        raise GoldError(f"{where}: '{key}' must be a non-empty string{' or null' * nullable}")
    return value


def _entry(name: str, raw: Any) -> GoldMeta:
    where = f"expected.yaml entry {name!r}"
    if not isinstance(raw, Mapping):
        raise GoldError(f"{where}: must be a mapping with keys {sorted(FIELDS)} + layout, format")
    extra = set(raw) - {*FIELDS, "layout", "format"}
    absent = {*FIELDS, "layout", "format"} - set(raw)
    if extra or absent:
        raise GoldError(f"{where}: unknown keys {sorted(extra)}, missing keys {sorted(absent)}")
    fmt = raw["format"]
    if fmt not in FORMATS or not name.endswith(FORMATS[fmt]):
        raise GoldError(
            f"{where}: format {fmt!r} must be one of {sorted(FORMATS)} and match the name"
        )
    day = raw["date"]
    if isinstance(day, Date):
        raise GoldError(f'{where}: quote the date ("{day.isoformat()}") so YAML keeps it a string')
    if day is not None and not (isinstance(day, str) and _DATE_RE.match(day)):
        raise GoldError(f"{where}: date must be 'YYYY-MM-DD' or null, got {day!r}")
    if day is not None:
        Date.fromisoformat(day)
    authors = raw["authors"]
    if not isinstance(authors, list) or not all(isinstance(a, str) and a.strip() for a in authors):
        raise GoldError(f"{where}: authors must be a list of names ([] when none)")
    layout = raw["layout"]
    if not isinstance(layout, list) or not layout:
        raise GoldError(f"{where}: layout must be a non-empty list of tags")
    unknown = [tag for tag in layout if tag not in LAYOUTS]
    if unknown:
        raise GoldError(f"{where}: unknown layout tags {unknown}; add them to LAYOUTS first")
    return GoldMeta(
        name=name,
        format=fmt,
        outlet=_text(raw["outlet"], where, "outlet"),
        authors=tuple(authors),
        date=day,
        title=_text(raw["title"], where, "title"),
        layout=tuple(layout),
    )


def load_gold(path: str | Path = GOLD_DIR) -> dict[str, GoldMeta]:
    """Read and validate the gold; ``path`` is the gold directory or the expected.yaml file."""
    path = Path(path)
    file = path / "expected.yaml" if path.is_dir() else path
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or not data:
        raise GoldError(f"{file}: expected a non-empty mapping of file name -> metadata")
    return {str(name): _entry(str(name), raw) for name, raw in data.items()}


def normalise_text(value: Any) -> str | None:
    """Outlet/title key: casefold, straight quotes, collapsed spaces, no leading "the "."""
    if value is None:
        return None
    text = " ".join(str(value).translate(_QUOTES).casefold().split())
    if text.startswith("the "):
        text = text[4:]
    return text or None


def normalise_name(value: Any) -> str:
    """Author key: casefold, straight quotes, collapsed spaces."""
    return " ".join(str(value).translate(_QUOTES).casefold().split())


def _date_key(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Date):
        return value.isoformat()[:10]
    text = str(value).strip()
    return text or None


def _author_keys(value: Any) -> set[str]:
    if value is None:
        return set()
    names: Iterable[Any] = [value] if isinstance(value, str) else value
    return {key for key in (normalise_name(n) for n in names) if key}


def _add(stats: FieldStats, ok: Mapping[str, bool], tp: int, n_pred: int, n_gold: int) -> None:
    stats.n += 1
    stats.outlet_ok += ok["outlet"]
    stats.date_ok += ok["date"]
    stats.title_ok += ok["title"]
    stats.author_tp += tp
    stats.author_pred += n_pred
    stats.author_gold += n_gold


def score(gold: Mapping[str, GoldMeta], predicted: Mapping[str, Mapping[str, Any]]) -> Score:
    """Score predictions (file name -> {outlet, authors, date, title}) against the gold."""
    result = Score(FieldStats(), {}, {})
    result.unknown = sorted(set(predicted) - set(gold))
    for name, meta in sorted(gold.items()):
        pred = predicted.get(name)
        if pred is None:
            result.missing.append(name)
            pred = {}
        ok = {
            "outlet": normalise_text(pred.get("outlet")) == normalise_text(meta.outlet),
            "date": _date_key(pred.get("date")) == meta.date,
            "title": normalise_text(pred.get("title")) == normalise_text(meta.title),
        }
        for key, good in ok.items():
            if not good:
                result.mismatches.append(Mismatch(name, key, getattr(meta, key), pred.get(key)))
        want = _author_keys(meta.authors)
        got = _author_keys(pred.get("authors"))
        if want != got:
            result.mismatches.append(
                Mismatch(name, "authors", list(meta.authors), pred.get("authors"))
            )
        counts = (len(want & got), len(got), len(want))
        _add(result.overall, ok, *counts)
        _add(result.by_format.setdefault(meta.format, FieldStats()), ok, *counts)
        for tag in meta.layout:
            _add(result.by_layout.setdefault(tag, FieldStats()), ok, *counts)
    result.by_format = dict(sorted(result.by_format.items()))
    result.by_layout = dict(sorted(result.by_layout.items()))
    return result


def _row(label: str, s: FieldStats) -> str:
    return (
        f"{label:<22}{s.n:>5}{s.outlet:>9.3f}{s.date:>9.3f}{s.title:>9.3f}"
        f"{s.author_precision:>9.3f}{s.author_recall:>9.3f}"
    )


def format_score(result: Score, mismatches: int = 0) -> str:
    """A plain-text table of the score; with ``mismatches`` > 0, also list that many errors."""
    head = f"{'group':<22}{'n':>5}{'outlet':>9}{'date':>9}{'title':>9}{'auth P':>9}{'auth R':>9}"
    lines = [head, _row("overall", result.overall), "-- by format"]
    lines += [_row(fmt, stats) for fmt, stats in result.by_format.items()]
    lines.append("-- by layout")
    lines += [_row(tag, stats) for tag, stats in result.by_layout.items()]
    if result.missing:
        lines.append(f"{len(result.missing)} gold documents had no prediction")
    if result.unknown:
        lines.append(f"{len(result.unknown)} predicted documents are not in the gold")
    for m in result.mismatches[:mismatches]:
        lines.append(f"{m.doc}: {m.field} expected {m.expected!r}, got {m.predicted!r}")
    return "\n".join(lines)

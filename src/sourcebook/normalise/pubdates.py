"""Publication dates as pages print them: header date lines, Published/Updated labels, wire
datelines, URL date paths.

Full dates come from :mod:`sourcebook.core.dates`: :func:`~sourcebook.core.dates.find_dates`
("Wed 10 Jul 2024 18.00 BST", "July 8, 2024", "2024-07-08") and the forms header lines add,
:func:`~sourcebook.core.dates.written_dates` (ISO date-times, numeric dates with a four-digit
year, foreign month names). This module adds a year glued to the time ("July 10, 20247:42 AM")
and month-day dates without a year ("KYIV, July 10 (Reuters)") given the year the document
states elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sourcebook.core.dates import MONTHS, WEEKDAYS, closest_date, find_dates, written_dates

_GLUED_TIME = re.compile(r"\b((?:19|20)\d\d)(?=\d{1,2}:\d\d)")
_GLUED_YEAR = re.compile(r"(?<=\d),(?=(?:19|20)\d\d\b)")
_FULL = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEARLESS = re.compile(r"^--(\d{2})-(\d{2})$")

#: label words before a date: which date of the page it is; an export's stamps ("Date and
#: Time:", "Load-Date:", "Printed") date the copy, not the article
_LABEL = re.compile(
    r"(?i)\b(?P<label>date\s+and\s+time|load-date|printed(?:\s+on)?|downloaded|accessed|"
    r"retrieved|(?:first\s+|originally\s+)?(?:published|posted|appeared)|(?:last\s+)?updated|"
    r"(?:last\s+)?modified|issued|released|dated?|date\s+published|pub(?:lished)?\s+date)\b"
)
_EXPORT_LABEL = re.compile(r"(?i)date\s+and|load|print|download|access|retriev")
_LABEL_ONLY = re.compile(
    r"(?i)^\W{0,3}(?:(?:first\s+)?published|posted|appeared|(?:last\s+)?updated|(?:last\s+)?modified|"
    r"issued|released|date)(?:\s+(?:on|at))?\s*[:\-–—|]?\s*$"
)
_TIME = re.compile(
    r"(?i)\b\d{1,2}(?:[:.]\d\d){1,2}\s*(?:[ap]\.?\s?m\.?\b)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)"
)
_ZONE = re.compile(
    r"(?i)\b(?:GMT|UTC|BST|CET|CEST|EET|EEST|EDT|EST|CDT|CST|CT|ET|PT|PDT|PST|MT|IST|JST|KST|"
    r"AEST|AEDT|SGT|HKT|WIB|MSK|Uhr|local time|hrs|h)\b(?:\s*[+-]\s*\d{1,2}(?::\d\d)?)?"
)
_AGO = re.compile(
    r"(?i)\b(?:\d+|an?|one)\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?"
    r"|years?)\s+ago\b|\b\d+\s+min(?:ute)?s?\s+read\b"
)
_LEFTOVER_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_WEEKDAY_WORDS = frozenset(WEEKDAYS) | {w[:3] for w in WEEKDAYS} | {"tues", "thur", "thurs"}
_FILLER = re.compile(
    r"(?i)\b(?:" + "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True)) + r"|on|at)\b\.?"
)


@dataclass(frozen=True)
class DateHit:
    """A full date in a line: ISO day, span, the label before it ("published", "updated" or
    ``""``) and whether its year had to be supplied."""

    iso: str
    start: int
    end: int
    label: str = ""
    year_inferred: bool = False


def _label_kind(label: str) -> str:
    label = label.lower()
    if _EXPORT_LABEL.match(label):
        return "export"
    return "updated" if ("updated" in label or "modified" in label) else "published"


def date_text(text: str) -> str:
    """``text`` as dates are read in it (offsets of :func:`full_dates` refer to this): a year
    glued to the time or to a comma parted ("July 10, 20247:42", "July 10,2024"); a line in
    capitals in title case ("FRIDAY, JULY 12, 2024"), month names being matched as written."""
    text = _GLUED_TIME.sub(r"\1 ", text)
    text = _GLUED_YEAR.sub(", ", text)
    if not any(c.islower() for c in text) and len(text.title()) == len(text):
        text = text.title()
    return text


def full_dates(text: str, reference: dt.date | None = None) -> list[DateHit]:
    """Every full date (day, month, year) in ``text`` with the label before it; month-day dates
    without a year get the year closest to ``reference`` (marked ``year_inferred``)."""
    text = date_text(text)
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for iso, start, end in written_dates(text, reference):
        hits.append(DateHit(iso, start, end))
        taken.append((start, end))
    for d in find_dates(text):
        if _overlaps((d.start, d.end), taken) or d.is_range:
            continue
        if _FULL.match(d.iso):
            hits.append(DateHit(d.iso, d.start, d.end))
        elif (y := _YEARLESS.match(d.iso)) and reference is not None:
            iso = closest_date(int(y[1]), int(y[2]), reference)
            if iso:
                hits.append(DateHit(iso, d.start, d.end, year_inferred=True))
    hits.sort(key=lambda h: h.start)
    return _labelled(text, hits)


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _labelled(text: str, hits: list[DateHit]) -> list[DateHit]:
    """The hits with the label written between the previous date and each one."""
    out = []
    prev = 0
    for h in hits:
        labels = list(_LABEL.finditer(text, prev, h.start))
        label = _label_kind(labels[-1]["label"]) if labels else ""
        out.append(DateHit(h.iso, h.start, h.end, label, h.year_inferred))
        prev = h.end
    return out


def is_label_only(text: str) -> bool:
    """A line holding only a date label ("Published on", "Updated:"): its date is on the next
    line."""
    return _LABEL_ONLY.match(text) is not None


def date_line_rest(text: str, hits: Sequence[DateHit]) -> str | None:
    """What a header line holds besides its dates, times, time zones and labels (a name, an
    outlet, a place), or None when it holds too much to be a date line. ``hits`` are
    :func:`full_dates` of ``text``."""
    rest = date_text(text)
    for h in sorted(hits, key=lambda h: -h.start):
        rest = rest[: h.start] + " " + rest[h.end :]
    for pattern in (_AGO, _LABEL, _TIME, _ZONE, _FILLER):
        rest = pattern.sub(" ", rest)
    if len(_LEFTOVER_WORD.findall(rest)) > 6:
        return None
    return " ".join(rest.split()).strip(" ,;|·•-–—()")


# --- URL date paths ------------------------------------------------------------------------------

_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) >= 3), key=len, reverse=True))
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$|[-_])"),
    re.compile(r"/((?:19|20)\d\d)/(" + _MONTH_NAMES + r")/(\d{1,2})(?:/|$)", re.IGNORECASE),
    re.compile(r"[/_-]((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|[-_]|$)"),
)


def url_date(url: str) -> str:
    """The ISO date a URL's path carries (/2024/07/11/, /2024/jul/11/, -2024-07-11, /20240711/),
    or ``""``."""
    path = re.sub(r"(?i)^[a-z]+://[^/]+", "", url.strip())
    for pattern in _URL_DATES:
        m = pattern.search(path)
        if not m:
            continue
        month = m[2] if m[2].isdigit() else str(MONTHS[m[2].lower()])
        try:
            return dt.date(int(m[1]), int(month), int(m[3])).isoformat()
        except ValueError:
            continue
    return ""

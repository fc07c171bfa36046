"""Date expressions in news text, normalised to ISO 8601 against the document's date.

:func:`find_dates` returns every date expression of a text (absolute: "5 July 2024",
"2024-06-26", "July 9–11", "January 2023", "In April", a year; relative: "Friday",
"last month", "this year", "a year ago") with its ISO form. The anchor is the document's
publication date; without one, relative expressions keep an empty ``iso`` and month-day dates
without a year use ISO 8601's reduced form ``--MM-DD``. A weekday is resolved with the tense
of its clause: "will meet on Thursday" is the next Thursday, "met on Thursday" the last.

ISO forms: a day ``2024-07-05``, a month ``2024-06``, a year ``2024``, an ISO week
``2024-W28``, an interval ``2024-07-09/2024-07-11`` (a decade: ``1990/1999``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_MONTH = (
    r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
#: a month in capitals ("OCT 20", "AUG 13, 2026": wire and agency datelines), read as the same
#: month in title case
_CAPS_MONTH = re.compile(
    r"\b(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|"
    r"DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)\b"
)
_CAPS = re.compile(r"[ADFJMNOS][A-Z]{2}")  # a quick look before _CAPS_MONTH (most texts: none)
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:1[89]|20)\d\d)"
_DASH = r"\s*(?:–|—|-|to|until|through)\s*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "weekday",
        re.compile(
            r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:\s*\(\s*(?P<paren>[^()]{3,30}?)\s*\))?"
        ),
    ),
    # 2024-06-26, also unpadded or with slashes: 2024-6-26, 2024/06/26
    ("iso", re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)([-/])(?P<m>[01]?\d)\2(?P<d>[0-3]?\d)\b")),
    # 9–11 July 2024, 5 July 2024, 5 July
    (
        "dmy",
        re.compile(
            r"\b"
            + _DAY.format(n="d")
            + r"(?:"
            + _DASH
            + _DAY.format(n="d2")
            + r")?\s+(?:of\s+)?"
            + _MONTH.format(n="m")
            + r"(?:,?\s+"
            + _YEAR.format(n="y")
            + r")?\b"
        ),
    ),
    # July 9–11, 2024 / July 9 to 11 / July 5th, 2024 / June 14
    (
        "mdy",
        re.compile(
            r"\b"
            + _MONTH.format(n="m")
            + r"\s+"
            + _DAY.format(n="d")
            + r"(?:"
            + _DASH
            + _DAY.format(n="d2")
            + r")?(?:,?\s+"
            + _YEAR.format(n="y")
            + r")?(?![\d:])\b"
        ),
    ),
    # January 2023
    ("my", re.compile(r"\b" + _MONTH.format(n="m") + r",?\s+" + _YEAR.format(n="y") + r"\b")),
    # In April, since November (a bare month needs a preposition: "may" is a verb)
    (
        "m",
        re.compile(
            r"\b(?:in|In|since|Since|until|Until|by|By|from|From|during|During|early|Early|"
            r"late|Late|mid|of|Of|last|next|this)[\s-]" + _MONTH.format(n="m") + r"\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>(?:earlier|later)\s+this|this|last|next|past)\s+"
            r"(?P<unit>year|month|week)\b(?!s)",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(r"\b(?P<n>a|one|two|three|\d{1,2})\s+(?P<unit>year|month|week|day)s?\s+ago\b"),
    ),
    ("day", re.compile(r"\b(?P<word>today|yesterday|tomorrow)\b", re.IGNORECASE)),
    ("decade", re.compile(r"\b(?P<y>(?:1[89]|20)\d0)[’']?s\b")),
    (
        "year",
        re.compile(
            r"(?<![\d,.$€£-])\b" + _YEAR.format(n="y") + r"\b(?![,.]\d|\d|%|-\w|\s+[a-z]{3,}s\b)"
        ),
    ),
]

_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class DateSpan:
    """A date expression: character span, ISO form (possibly empty), whether it is relative."""

    start: int
    end: int
    text: str
    iso: str
    relative: bool = False
    is_range: bool = False


def parse_iso_date(value: str) -> dt.date | None:
    """A date from the YYYY-MM-DD prefix of ``value``, or None."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _month_of(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def closest_year(month: int, day: int, anchor: dt.date | None) -> int | None:
    """The year that puts month/day closest to the anchor (news rarely reaches > 6 months)."""
    if anchor is None:
        return None
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, min(day, 28) if day else 15)
        except ValueError:
            continue
        gap = abs((d - anchor).days)
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else None


def closest_date(month: int, day: int, anchor: dt.date | None) -> str:
    """Month and day as an ISO date in the year closest to ``anchor`` (:func:`closest_year`);
    ``""`` without an anchor or when the day does not exist that year."""
    year = closest_year(month, day, anchor)
    return _ymd(year, month, day) if year else ""


def weekday_year(
    month: int, day: int, weekday: int | None, after: int | None, today: dt.date | None = None
) -> int | None:
    """The year of a month-day written without one ("March 24 (Reuters) - … on Tuesday"):
    the latest year up to ``today`` (the clock by default: a text is read after it was written)
    and from ``after`` (the latest past year the text states) on in which the day falls on
    ``weekday`` (0 = Monday; any weekday when None); when none, the first such year after
    ``after`` (a text dated later than the clock). None when no year fits."""
    today = today or dt.date.today()
    low = after if after is not None else today.year - 11
    fits = []
    for year in range(low, max(today.year, low) + 12):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if weekday is None or d.weekday() == weekday:
            fits.append(d)
    past = [d for d in fits if d <= today]
    if past:
        return past[-1].year
    return fits[0].year if fits and after is not None else None


def _ymd(y: int | None, m: int, d: int | None) -> str:
    if d is not None:
        try:
            dt.date(y or 2000, m, d)  # validates day of month (2000 is a leap year)
        except ValueError:
            return ""
        return f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}"
    return f"{y:04d}-{m:02d}" if y else f"--{m:02d}"


#: words before a weekday that put it in the future ("will meet on Thursday", "is due to
#: arrive on Friday", "until Monday", "next Tuesday"); otherwise a weekday is the last one
_FUTURE = re.compile(
    r"(?i)\b(?:will|won't|shall|is to|are to|is due|are due|set to|scheduled|expected to|"
    r"plans? to|planned|going to|aims? to|intends? to|until|till|next|upcoming)\b|['’]ll\b"
)
_CLAUSE_START = re.compile(r"[.!?;:]\s|\b(?:but|while|after|when|as|and said|said)\b")


def looks_ahead(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ("NATO will meet on", "the
    ban stays until"): a weekday there is the next one, not the last."""
    before = text[max(0, start - 100) : start]
    cuts = list(_CLAUSE_START.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    return _FUTURE.search(before) is not None


def _resolve(kind: str, m: re.Match[str], anchor: dt.date | None) -> tuple[str, bool, bool]:
    """ISO form, relative?, range? of one match."""
    g = m.groupdict()
    if kind == "iso":
        try:
            return dt.date(int(g["y"]), int(g["m"]), int(g["d"])).isoformat(), False, False
        except ValueError:
            return "", False, False
    if kind in ("dmy", "mdy", "my", "m"):
        month = _month_of(g["m"])
        day = int(g["d"]) if g.get("d") else None
        day2 = int(g["d2"]) if g.get("d2") else None
        year = int(g["y"]) if g.get("y") else closest_year(month, day or 15, anchor)
        if day is not None and not 1 <= day <= 31:
            return "", False, False
        first = _ymd(year, month, day)
        if day2 is not None and day is not None and day2 > day:
            return f"{first}/{_ymd(year, month, day2)}", not g.get("y"), True
        return first, not g.get("y"), False
    if kind == "weekday":
        if g.get("paren"):
            inner = find_dates(g["paren"], anchor)
            if inner and inner[0].iso:
                return inner[0].iso, inner[0].relative, False
        if anchor is None:
            return "", True, False
        day = WEEKDAYS[g["wd"].lower()]
        if looks_ahead(m.string, m.start()):
            return (
                (anchor + dt.timedelta(days=(day - anchor.weekday()) % 7)).isoformat(),
                True,
                False,
            )
        back = (anchor.weekday() - day) % 7
        return (anchor - dt.timedelta(days=back)).isoformat(), True, False
    if kind == "relative":
        if anchor is None:
            return "", True, False
        rel = g["rel"].lower().split()[-1]
        shift = {"this": 0, "last": -1, "past": -1, "next": 1}[rel]
        unit = g["unit"].lower()
        if unit == "year":
            return f"{anchor.year + shift:04d}", True, False
        if unit == "month":
            idx = anchor.year * 12 + anchor.month - 1 + shift
            return f"{idx // 12:04d}-{idx % 12 + 1:02d}", True, False
        iso_year, week, _ = (anchor + dt.timedelta(weeks=shift)).isocalendar()
        return f"{iso_year:04d}-W{week:02d}", True, False
    if kind == "ago":
        if anchor is None:
            return "", True, False
        n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "year":
            return f"{anchor.year - n:04d}", True, False
        if unit == "month":
            idx = anchor.year * 12 + anchor.month - 1 - n
            return f"{idx // 12:04d}-{idx % 12 + 1:02d}", True, False
        days = n * (7 if unit == "week" else 1)
        return (anchor - dt.timedelta(days=days)).isoformat(), True, False
    if kind == "day":
        if anchor is None:
            return "", True, False
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
        return (anchor + dt.timedelta(days=shift)).isoformat(), True, False
    if kind == "year":
        return g["y"], False, False
    if kind == "decade":
        y = int(g["y"])
        return f"{y}/{y + 9}", False, True
    raise ValueError(kind)


def find_dates(text: str, anchor: dt.date | None = None) -> list[DateSpan]:
    """Every date expression of ``text``, longest first where they overlap, in text order;
    months in capitals too ("OCT 20")."""
    taken: list[tuple[int, int]] = []
    out: list[DateSpan] = []
    written = text
    if _CAPS.search(text) and _CAPS_MONTH.search(text):  # the same length: offsets stay
        text = _CAPS_MONTH.sub(lambda m: m[0].title(), text)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span("m") if kind == "m" else m.span()
            if kind == "weekday" and m["paren"] and not find_dates(m["paren"]):
                e = m.end("wd")  # "Friday (local time)": the parenthesis is no date
            if any(s < te and ts < e for ts, te in taken):
                continue
            iso, relative, is_range = _resolve(kind, m, anchor)
            if kind in ("dmy", "mdy") and not iso:
                continue
            taken.append((s, e))
            out.append(DateSpan(s, e, written[s:e], iso, relative, is_range))
    out.sort(key=lambda d: d.start)
    return out


def header_date(text: str) -> dt.date | None:
    """The full date (day, month and year) a header line states, e.g. "5 July 2024"."""
    for d in find_dates(text):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.iso):
            return parse_iso_date(d.iso)
    return None


# --- dates as page headers print them (normalise.pubdates) ---------------------------------

_ISO_DATETIME = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?=T\d)")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d)(?![\d/]|[.-]\d)")
_MONTH_NUMERIC = re.compile(
    r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)-(\d{1,2})-((?:19|20)\d\d)\b"
)
#: month names of the languages news is often translated from (day-first dates)
_FOREIGN_MONTHS = {
    **dict.fromkeys(("januar", "janvier", "enero", "gennaio", "jänner"), 1),
    **dict.fromkeys(("februar", "février", "fevrier", "febrero", "febbraio"), 2),
    **dict.fromkeys(("märz", "maerz", "mars", "marzo"), 3),
    **dict.fromkeys(("avril", "abril", "aprile"), 4),
    **dict.fromkeys(("mai", "mayo", "maggio"), 5),
    **dict.fromkeys(("juni", "juin", "junio", "giugno"), 6),
    **dict.fromkeys(("juli", "juillet", "julio", "luglio"), 7),
    **dict.fromkeys(("août", "aout", "agosto"), 8),
    **dict.fromkeys(("septembre", "septiembre", "settembre"), 9),
    **dict.fromkeys(("oktober", "octobre", "octubre", "ottobre"), 10),
    **dict.fromkeys(("novembre", "noviembre"), 11),
    **dict.fromkeys(("dezember", "décembre", "decembre", "diciembre", "dicembre"), 12),
}
_FOREIGN = re.compile(
    r"(?i)\b(\d{1,2})\.?\s+(?:de\s+)?("
    + "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))
    + r")\.?\s+(?:de\s+)?((?:19|20)\d\d)\b"
)


#: time zones beside a numeric date: day-first (Europe, Africa, Asia) or month-first (US)
_DAY_FIRST_ZONE = re.compile(
    r"\b(?:GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|MSK|SAST|IST|PKT|WIB|AEST|AEDT)\b|"
    r"\b(?:GMT|UTC)\s*[+-]\s*\d|\bUhr\b"
)
_MONTH_FIRST_ZONE = re.compile(r"\b(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|HST|ET|PT)\b")


#: how far from a numeric date (characters either side) a time zone says how to read it
ZONE_REACH = 40


def _day_first(text: str, sep: str) -> bool:
    """How to read an ambiguous numeric date of ``text`` without a reference: day-first with
    dots or beside a European, African or Asian time zone ("08/03/2027 - 09:44 GMT+1"),
    month-first with slashes or a US zone."""
    if _MONTH_FIRST_ZONE.search(text):
        return False
    return sep == "." or _DAY_FIRST_ZONE.search(text) is not None


def _numeric_iso(
    a: int, b: int, year: int, sep: str, reference: dt.date | None, day_first: bool = False
) -> str:
    """ISO form of a numeric date "a<sep>b<sep>year"; ``""`` when it is no date."""
    options = []
    for month, day in ((b, a), (a, b)):  # day-first, then month-first
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        return ""
    if len(options) == 2 and options[0] != options[1]:
        if reference is not None:
            return min(options, key=lambda d: abs((d - reference).days)).isoformat()
        return (options[0] if day_first else options[1]).isoformat()
    return options[0].isoformat()


def written_dates(text: str, reference: dt.date | None = None) -> list[tuple[str, int, int]]:
    """The full dates of ``text`` that :func:`find_dates` leaves to page headers, as (ISO date,
    start, end): day-first dates with a month name of the languages news is translated from
    ("14. März 2024"), ISO date-times ("2024-07-11T14:03Z"), "Jul-10-2024", and numeric dates with
    a four-digit year ("14.08.2024", "07/16/2024"; an ambiguous one is settled by ``reference``,
    else read day-first with dots or beside a non-US time zone, month-first with slashes). Not
    overlapping each other."""
    hits: list[tuple[str, int, int]] = []
    for m in _FOREIGN.finditer(text):
        try:
            day = dt.date(int(m[3]), _FOREIGN_MONTHS[m[2].lower()], int(m[1]))
        except ValueError:
            continue
        hits.append((day.isoformat(), m.start(), m.end()))
    for m in _ISO_DATETIME.finditer(text):
        d = parse_iso_date(m.group())
        if d:
            hits.append((d.isoformat(), m.start(), m.end()))
    for m in _MONTH_NUMERIC.finditer(text):
        try:
            day = dt.date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
        except ValueError:
            continue
        hits.append((day.isoformat(), m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        # the time zone written beside the date, not anywhere in a long text
        first = _day_first(text[max(0, m.start() - ZONE_REACH) : m.end() + ZONE_REACH], m[2])
        iso = _numeric_iso(int(m[1]), int(m[3]), int(m[4]), m[2], reference, first)
        if iso and not any(s < m.end() and m.start() < e for _, s, e in hits):
            hits.append((iso, m.start(), m.end()))
    return hits

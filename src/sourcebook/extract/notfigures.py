"""Numbers that are no figures: clock times, codes, list numbers, labels, year spans, scores.

:func:`blocked_spans` marks, before any figure is read, the spans of a paragraph no figure may
overlap: clock times ("18.00 BST", "0900 GMT", "11.15am", "at 11.05"), phone numbers and other
runs of digit groups that are no thousands ("0800 555 111", "509-555-0142", a scan's "49 1mm"),
coordinates ("36° 12' N"), minute marks ("87'"), the list or paragraph number that opens a paragraph
("16.  On or about …"), and year spans ("2013-14", "2025-26"). :func:`label_before` tells whether a
number is a name's number ("Category 4", "No. 101", "Route 66", "page 3", "Boeing 737"): a
capitalised word or a label word right before it, unless the paragraph is a title-case headline.
Scores ("3-1", "voted 52 to 48") are recognised where ranges are read, in
:mod:`sourcebook.extract.figures`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sourcebook.core.dates import MONTHS, WEEKDAYS
from sourcebook.core.text import word_set

_ZONES = (
    r"GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|MSK|IST|JST|KST|AEST|AEDT|HKT|SGT|EST|EDT|CST|CDT|"
    r"MST|MDT|PST|PDT|ET|CT|MT|PT|Z"
)
# every pattern starts with a digit, so the scan skips the text between digits quickly; the
# lookbehind right after that digit keeps it from starting inside a word or a number
_CLOCK = re.compile(
    r"\d(?<![\w.,]\d)(?:"
    r"\d?[:.]\d{2}(?:[:.]\d{2})?\s*(?:(?i:[ap]\.?m\.?(?![a-z])|hours\b|hrs\b|h\b|local\b)|"
    rf"(?:{_ZONES})\b)"
    r"|\d?:\d{2}(?::\d{2})?\b(?!\s*(?:%|per\s?cent))"
    rf"|\d?\s*(?i:[ap]\.m\.|[ap]m\b)(?:\s*(?:{_ZONES})\b)?"
    r"|(?<=[0-2])\d[0-5]\d\b\s*"
    rf"(?:(?i:hours\b|hrs\b|h\b|local\s+time\b)|(?:{_ZONES})\b)"
    r"|(?<=\bat\s\d)\d?\.[0-5]\d(?=\s*(?:[,;)]|\.(?:\s|$)|$|\s+(?:and|or|on|in)\b))"
    r")"
)
# digit groups separated by single spaces that are not thousands: phone numbers, codes, the
# broken reading of a scan ("49 1mm")
_DIGIT_RUN = re.compile(r"\d(?<![\d.,]\d)\d*(?:[ \u00a0]\d+)+(?![\d/]|[.,]\d)")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:[ \u00a0]\d{3})+")
_COORDINATE = re.compile(
    r"(?<!\d)\d{1,3}\s?°\s?\d{1,2}(?:[.,]\d+)?\s?['’′]|(?<![\d.,])\d{1,3}['’′](?![\w'’])"
    r"|(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s?°\s?[NSEW]\b"
)
# three or more digit groups joined by hyphens or dots: phone numbers, references
# ("509-555-0142", "24-117-3"); dates such as "2024-06-26" were read before
_HYPHEN_RUN = re.compile(r"\d(?<![\w.,]\d)\d*(?:[-.]\d+){2,}(?![\w-])")
_LIST_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)](?=\s)", re.MULTILINE)
_YEAR_SPAN = re.compile(r"[12](?<!\w[12])[09](\d\d)[-–/](\d\d)\b(?![-–/]\d)")

# words that name the number after them ("page 3", "No. 101", "course 270")
LABEL_WORDS = word_set(
    """article articles chapter section clause resolution phase stage level number no nos
    flight route highway room apartment unit windows version season episode grade block
    category type class model series mark page pages bay bays course incident case exhibit tab
    sample paragraph para item items platform gate terminal ward box lot table figure fig annex
    schedule appendix rule runway track channel plot row verse act scene volume vol issue
    edition amendment protocol question option round day week heading line code ref reference
    bus train road exit junction pier berth"""
)
# words that may stand capitalised before a figure without naming it ("Only 3 of …")
_NOT_LABELS = word_set(
    """a an the about around approximately approx roughly some nearly almost over under up
    more less fewer than just only at least most between from to of in on for by with and or
    but nor as all each every another these those some any no not estimated an total just
    still even also another both while when after before since until during including
    including plus minus some said says according rs"""
)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_SHORT_NUMBER = re.compile(r"\d{1,3}\b(?![.,]\d)")


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that hold no figure: clock times, digit runs that are codes,
    coordinates and minute marks, the paragraph's list number, year spans."""
    spans = [m.span() for m in _CLOCK.finditer(text)]
    for m in _DIGIT_RUN.finditer(text):
        if not _THOUSANDS.fullmatch(m.group(0)):
            spans.append(m.span())
    if "'" in text or "’" in text or "′" in text or "°" in text:
        spans.extend(m.span() for m in _COORDINATE.finditer(text))
    spans.extend(m.span() for m in _LIST_NUMBER.finditer(text))
    spans.extend(m.span() for m in _HYPHEN_RUN.finditer(text))
    for m in _YEAR_SPAN.finditer(text):
        if (
            text[m.start() : m.start() + 2] in ("19", "20")
            and int(m.group(2)) == (int(m.group(1)) + 1) % 100
        ):
            spans.append(m.span())
    return spans


def is_title_case(text: str) -> bool:
    """A headline in title case ("Russia Launches 700 Drones At Kyiv"): most longer words
    capitalised, so a capital says nothing about names."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _previous_word(text: str, start: int) -> tuple[str, bool]:
    """The word right before ``start`` (one or two spaces, an optional full stop between:
    "No. 101") and whether a full stop stands between, or ("", False) when something else
    stands there."""
    if start and text[start - 1] == "(":  # "Law No. (1)", "Article (10)"; not "Bay (82,000 dwt"
        if not _SHORT_NUMBER.match(text, start):
            return "", False
        start -= 1
    end = start
    while end > 0 and start - end < 2 and text[end - 1] == " ":
        end -= 1
    if end == start:
        return "", False
    dot = bool(end) and text[end - 1] == "."
    if dot:
        end -= 1
    begin = end
    while begin > 0 and text[begin - 1].isascii() and text[begin - 1].isalnum():
        begin -= 1
    word = text[begin:end]
    if not word or not word[0].isalpha() or (begin and text[begin - 1].isalnum()):
        return "", False
    return word, dot


def label_before(text: str, start: int, title_case: Callable[[], bool]) -> str:
    """What names the number at ``start``: ``"word"`` for a label word before it ("page 3",
    "No. 101", "course 270", "runway 27L": no figure whatever follows), ``"name"`` for a
    capitalised word that is no month, weekday or function word ("Category 4", "Route 66",
    "Boeing 737": no figure unless a unit follows), ``""`` for neither or in a title-case
    headline (``title_case`` is asked only then). After a full stop only a label word names the
    number ("No. 101"); a capitalised word there ends a sentence ("Cal Fire. Two firemen")."""
    word, dot = _previous_word(text, start)
    if not word:
        return ""
    low = word.lower()
    if low in LABEL_WORDS or (low.endswith("s") and low[:-1] in LABEL_WORDS):
        return "word"
    if dot or low in _NOT_LABELS or low in MONTHS or low in WEEKDAYS or word.islower():
        return ""
    return "" if title_case() else "name"

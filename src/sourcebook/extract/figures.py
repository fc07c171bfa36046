"""Figures: numbers with what they count, normalised the way an analyst compares them.

:func:`find_figures` scans one cleaned paragraph with regular expressions (no model), in two
passes: dates first (:mod:`sourcebook.dates`, so a year inside a date is never a count), then
numbers. A number becomes a :class:`FigureSpan` with

- ``value`` (``value_max`` for ranges): digits with separators and scale words ("500,000",
  "$500 billion", "€40bn", "40 billion euros"), written numbers ("nine", "half a million",
  "three and a half"), hyphenated compounds ("700-person", "three-star");
- ``unit``: an ISO 4217 code for money, ``percent``, or the counted noun ("troops",
  "countries"; a compound's noun is pluralised: "600-mile frontlines" → ``miles``);
- ``kind``: count, currency, percent, ordinal, range or date;
- ``qualifier``: exact, approximate ("around", "some", "nearly"), lower_bound ("over",
  "more than", "at least", "… or more") or upper_bound ("up to", "less than");
- ``subject``: the phrase the figure describes, for clustering across sources (the counted
  noun phrase, or the "of/in …" phrase after money and percentages).

Numbers inside names ("F-16", "Article 5", "G7") are skipped; a bare number with no noun
("it would grow to 500,000") takes the unit of the nearest count before it in the paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sourcebook.core.dates import MONTHS, find_dates

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mn": 1e6,
    "tn": 1e12,
    "m": 1e6,
    "k": 1e3,
}
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
}
CURRENCY_CODES = {"USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "CHF", "INR", "CAD", "AUD"}

QUALIFIERS = [
    (
        "approximate",
        "around|about|approximately|roughly|some|nearly|almost|close to|circa|an estimated|"
        "estimated|~",
    ),
    (
        "lower_bound",
        "over|more than|at least|upwards of|in excess of|exceeding|above|just over|well over|"
        "no fewer than|no less than",
    ),
    (
        "upper_bound",
        "up to|less than|fewer than|under|at most|no more than|just under|below|as many as|"
        "as much as",
    ),
]
_QUAL_RE = re.compile(
    r"(?:^|[\s(“\"])(?P<q>" + "|".join(f"(?:{alts})" for _, alts in QUALIFIERS) + r")\s*$",
    re.IGNORECASE,
)
_QUAL_KIND = {alt.lower(): kind for kind, alts in QUALIFIERS for alt in alts.split("|")}

_WRITTEN_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_WRITTEN_TENS = "|".join(TENS)
_WRITTEN_CORE = rf"(?:(?:{_WRITTEN_TENS})(?:-(?:{_WRITTEN_UNIT}))?|{_WRITTEN_UNIT})"
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?:"
    rf"(?P<digits>{_DIGITS})(?:\s*(?P<dscale>{_SCALE_WORDS})\b|(?P<abbr>bn|mn|tn|m|k)\b)?"
    rf"|(?P<half>half)\s+an?\s+(?P<hscale>{_SCALE_WORDS})\b"
    rf"|\b(?P<a>a)\s+(?P<ascale>dozen|{_SCALE_WORDS})\b"
    rf"|\b(?P<word>{_WRITTEN_CORE})\b(?P<andhalf>\s+and\s+a\s+half)?"
    rf"(?:\s+(?P<wscale>{_SCALE_WORDS})\b)?"
    r")"
    r"(?P<ordinal>(?<=\d)(?:st|nd|rd|th)\b)?",
    re.IGNORECASE,
)

# words that end a counted-noun phrase
STOP = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "nor",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "this",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "my",
        "per",
        "than",
        "as",
        "into",
        "over",
        "under",
        "across",
        "within",
        "after",
        "before",
        "since",
        "until",
        "while",
        "more",
        "less",
        "alone",
        "each",
        "ago",
        "so",
        "if",
        "not",
        "no",
        "said",
        "says",
        "say",
        "told",
        "also",
        "just",
        "only",
        "even",
        "still",
        "yet",
        "already",
        "then",
        "there",
        "here",
        "it",
        "they",
        "we",
        "he",
        "she",
        "you",
        "i",
        "between",
        "among",
        "against",
        "during",
        "about",
        "around",
        "through",
        "toward",
        "towards",
        "like",
        "what",
        "up",
        "down",
        "out",
        "off",
        "ever",
        "never",
        "again",
        "too",
        "very",
        "such",
        "all",
        "both",
        "either",
        "neither",
        "some",
        "any",
        "other",
        "another",
        "own",
        "same",
    ]
)
TIME_NOUNS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
    ]
)
NAME_NUMBER_WORDS = frozenset(
    [
        "article",
        "articles",
        "chapter",
        "section",
        "clause",
        "resolution",
        "phase",
        "stage",
        "level",
        "number",
        "no",
        "flight",
        "route",
        "highway",
        "room",
        "apartment",
        "unit",
        "windows",
        "version",
        "season",
        "episode",
        "grade",
        "block",
        "category",
        "type",
        "class",
        "model",
        "series",
        "mark",
    ]
)
_NEXT_WORD = re.compile(r" {1,3}([A-Za-z][A-Za-z’'.-]*)")


@dataclass(frozen=True)
class FigureSpan:
    """One figure found in a text; offsets are into that text."""

    start: int
    end: int
    text: str
    value: float | None
    value_max: float | None = None
    unit: str = ""
    kind: str = "count"
    qualifier: str = "exact"
    subject: str = ""
    date_iso: str = ""


def _word_value(word: str) -> float:
    word = word.lower()
    if "-" in word:
        tens, units = word.split("-", 1)
        return TENS[tens] + UNITS[units]
    return UNITS.get(word, TENS.get(word, 0))


def _number_value(m: re.Match[str]) -> tuple[float, bool] | None:
    """The value of a number match and whether it carries a scale word (so is no bare word)."""
    g = m.groupdict()
    if g["digits"]:
        v = float(g["digits"].replace(",", ""))
        scale = g["dscale"] or g["abbr"]
        return (v * SCALES[scale.lower()] if scale else v), bool(scale)
    if g["half"]:
        return 0.5 * SCALES[g["hscale"].lower()], True
    if g["a"]:
        s = g["ascale"].lower()
        return (12.0 if s == "dozen" else SCALES[s]), True
    v = _word_value(g["word"])
    if g["andhalf"]:
        v += 0.5
    if g["wscale"]:
        return v * SCALES[g["wscale"].lower()], True
    return v, bool(g["andhalf"])


def pluralise(noun: str) -> str:
    n = noun.lower()
    if n in ("person", "people"):
        return "people"
    if n.endswith(("s", "x", "ch", "sh")):
        return n + "es" if not n.endswith("s") else n
    if n.endswith("y") and n[-2:-1] not in "aeiou":
        return n[:-1] + "ies"
    return n + "s"


IRREGULAR_PLURALS = frozenset(
    [
        "people",
        "personnel",
        "police",
        "staff",
        "children",
        "men",
        "women",
        "troops",
        "forces",
        "cattle",
    ]
)


def _is_plural(word: str) -> bool:
    w = _clean_noun(word)
    if w in IRREGULAR_PLURALS:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ics"))


def _noun_phrase(text: str, pos: int, max_words: int = 4) -> tuple[list[str], int]:
    """Words of the counted-noun phrase right after ``pos`` and the offset where it ends."""
    words: list[str] = []
    ends: list[int] = []
    i = pos
    while len(words) < max_words:
        m = _NEXT_WORD.match(text, i)
        if not m:
            break
        w = m.group(1).rstrip(".")
        low = _clean_noun(w)
        if low in STOP or low in MONTHS:
            break
        if words and low.endswith(("ing", "ed")) and not words[-1].lower().endswith("ly"):
            break  # "700 personnel working", "50 countries led by"
        if words and _is_plural(words[-1]) and w.islower():
            break  # a plural noun ends the phrase: "three warships left", "households remain"
        words.append(w)
        ends.append(m.start(1) + len(w))
        i = ends[-1]
        if w.endswith(("’s", "'s")) or text[i : i + 1] in ",;:)":
            break
    while words and words[-1].lower().endswith("ly"):
        words.pop()
        ends.pop()
    return words, (ends[-1] if ends else pos)


def _of_phrase(text: str, pos: int) -> str:
    """The "of/in/on/for/worth of …" phrase after money or a percentage, determiners dropped."""
    m = re.match(
        r"\s+(?:worth\s+of|of|in|on|for)\s+(?:(?:the|their|its|his|her|our|total)\s+)?", text[pos:]
    )
    if not m:
        return ""
    words, _ = _noun_phrase(text, pos + m.end() - 1, max_words=4)
    return " ".join(words)


_CHANGE_BEFORE = re.compile(
    r"(?:^|[.;:!?“\"]\s*)(?P<np>[A-Za-z][\w’'-]*(?:\s+[\w’'-]+){0,7}?)\s+"
    r"(?:(?:is|are|was|were|has|have|had|will|would|could)\s+)?(?:been\s+)?"
    r"(?:up|down|rose|fell|grew|increased|decreased|dropped|jumped|climbed|reached|"
    r"totalled|totaled|stood\s+at|amounted\s+to|cost|costs|is|are|was|were)"
    r"(?:\s+(?:by|to|at))?\s*$"
)
_NP_END = re.compile(r"\s+(?:across|among|in|of|at|on|for|from|with|and|by)\s.*$")


def _subject_of_amount(text: str, start: int, end: int) -> str:
    """What money or a percentage measures: the "of/in …" phrase after it, else the noun phrase
    before a change verb ("defense spending across … is up 18%" → "defense spending")."""
    after = _of_phrase(text, end)
    if after:
        return after.lower()
    m = _CHANGE_BEFORE.search(text[max(0, start - 120) : start])
    if not m:
        return ""
    np = _NP_END.sub("", m.group("np"))
    words = [w for w in np.split() if w.lower() not in ("the", "a", "an", "our", "their", "its")]
    return " ".join(words[-4:]).lower()


def _clean_noun(word: str) -> str:
    return re.sub(r"(’s|'s|’|')$", "", word).lower()


def _in_name(text: str, s: int, e: int) -> bool:
    """A number that is part of a name or code: "F-16", "G7", "Article 5", "COVID-19"."""
    before = text[max(0, s - 2) : s]
    if re.search(r"[A-Za-z][-‑]?$", before) and not re.search(r"[$€£¥]$", before):
        return True
    if re.match(r"[A-Za-z]", text[e : e + 1]) and not re.match(r"(?:st|nd|rd|th|s)\b", text[e:]):
        return True
    prev = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, s - 25) : s])
    if prev:
        w = prev.group(1)
        if w.lower() in NAME_NUMBER_WORDS:
            return True
    return False


def _qualifier(text: str, s: int) -> tuple[str, int]:
    """Qualifier words right before position ``s`` (after any currency symbol)."""
    m = _QUAL_RE.search(text[max(0, s - 30) : s])
    if not m:
        return "exact", s
    q = m.group("q").lower()
    kind = _QUAL_KIND.get(q)
    if kind is None:
        kind = next(k for k, alts in QUALIFIERS if re.fullmatch(alts, q, re.IGNORECASE))
    return kind, max(0, s - 30) + m.start("q")


_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|CET\b|EST\b|local time\b)"
    r"|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)


def find_figures(text: str, anchor: dt.date | None = None) -> list[FigureSpan]:
    """Every figure of ``text`` (dates included), in text order."""
    out: list[FigureSpan] = []
    taken: list[tuple[int, int]] = []
    for d in find_dates(text, anchor):
        taken.append((d.start, d.end))
        out.append(FigureSpan(d.start, d.end, d.text, None, kind="date", date_iso=d.iso))
    taken.extend(m.span() for m in _CLOCK.finditer(text))  # times of day are no figures

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    last_count: FigureSpan | None = None
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if not free(s, e):
            continue
        parsed = _number_value(m)
        if parsed is None:
            continue
        value, scaled = parsed
        word = m.group("word")
        if word and word.lower() in ("one", "zero") and not scaled:
            continue  # "one arm", "the previous one": rarely a figure
        if m.group("digits") and _in_name(text, s, e):
            continue
        abbr = (m.group("abbr") or "").lower()
        if abbr in ("m", "k") and not re.search(r"[$€£¥]\s*$", text[max(0, s - 3) : s]):
            continue  # "5m" without money is a distance; skip rather than guess
        fig = _figure_at(text, m, s, e, value, scaled)
        if fig is None:
            continue
        if fig.kind == "count" and not fig.unit:
            if last_count is not None and s - last_count.end < 400:
                fig = FigureSpan(
                    fig.start,
                    fig.end,
                    fig.text,
                    fig.value,
                    fig.value_max,
                    last_count.unit,
                    fig.kind,
                    fig.qualifier,
                    last_count.subject,
                )
            elif word:
                continue  # "nine" alone, with nothing counted: not a figure
        if fig.kind in ("count", "range") and fig.unit:
            last_count = fig
        taken.append((fig.start, fig.end))
        out.append(fig)
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _figure_at(
    text: str, m: re.Match[str], s: int, e: int, value: float, scaled: bool
) -> FigureSpan | None:
    """Build the figure of the number match ``m`` from its left and right context."""
    if m.group("ordinal"):
        words, _ = _noun_phrase(text, e, max_words=3)
        return FigureSpan(s, e, text[s:e], value, kind="ordinal", subject=" ".join(words).lower())
    unit, kind, start = "", "count", s
    cur = _currency_before(text, s)
    if cur is not None:
        unit, start = cur
        kind = "currency"
    qualifier, qstart = _qualifier(text, start)
    if qualifier != "exact":
        start = qstart
    value_max, e = _range_end(text, m, start, e, value)
    rest = text[e:]

    # hyphenated compound: "700-person headquarters", "three-star general", "600-mile frontlines"
    comp = re.match(r"[-‑]([a-z]+)\b", rest)
    if comp and kind != "currency":
        e2 = e + comp.end()
        words, _ = _noun_phrase(text, e2, max_words=3)
        subject = " ".join(words).lower()
        unit = pluralise(comp.group(1))
        return FigureSpan(
            start, e2, text[start:e2], value, value_max, unit, "count", qualifier, subject
        )

    pct = re.match(r"\s*(%|percent\b|per\s+cent\b|percentage\s+points?\b)", rest)
    if pct:
        e += pct.end()
        unit = "percentage points" if "point" in pct.group(1) else "percent"
        subject = _subject_of_amount(text, start, e)
        return _span(text, start, e, value, value_max, unit, "percent", qualifier, subject)
    if kind != "currency":
        unit, e = _currency_after(text, e)
        kind = "currency" if unit else kind
    if kind == "currency":
        post = re.match(r"\s+(?:or\s+more|plus)\b", text[e:])
        if post:
            qualifier = "lower_bound"
            e += post.end()
        subject = _subject_of_amount(text, start, e)
        return _span(text, start, e, value, value_max, unit, "currency", qualifier, subject)
    return _count(text, m, start, e, value, value_max, scaled, qualifier)


_CURRENCY_BEFORE = re.compile(
    r"(US\$|\\?\$|€|£|¥|₹|\b(?:" + "|".join(CURRENCY_CODES) + r")\s?)\s*$"
)
_RANGE_AFTER = re.compile(
    r"(?:\s*(?:–|—|to)\s*|[-‑])(?:\\?\$|€|£)?("
    + _DIGITS
    + r")(?:\s*("
    + _SCALE_WORDS
    + r")\b)?(?![\w-])"
)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_AND_AFTER = re.compile(r"\s+and\s+(" + _DIGITS + r")")
_CURRENCY_WORD_AFTER = re.compile(r"\s+(?:US\s+)?([A-Za-z]+)\b")


def _currency_before(text: str, s: int) -> tuple[str, int] | None:
    """The currency written before the number at ``s`` ("$500", "US$ 5", "\\$325", "€40bn",
    "USD 5") and where the figure then starts; ``None`` when there is none."""
    cur = _CURRENCY_BEFORE.search(text[max(0, s - 5) : s])
    if not cur:
        return None
    sym = cur.group(1).strip().lstrip("\\")
    unit = CURRENCY_SYMBOLS.get(sym, sym if sym in CURRENCY_CODES else "")
    return unit, max(0, s - 5) + cur.start(1)


def _range_end(
    text: str, m: re.Match[str], start: int, e: int, value: float
) -> tuple[float | None, int]:
    """The upper value of a range after the number ("9 to 11", "10–20", "between 10 and 20")
    and where the figure then ends; ``(None, e)`` when the number is no range."""
    value_max: float | None = None
    rng = _RANGE_AFTER.match(text[e:])
    if rng and m.group("digits"):
        hi = float(rng.group(1).replace(",", ""))
        if rng.group(2):
            hi *= SCALES[rng.group(2).lower()]
        elif m.group("dscale") or m.group("abbr"):
            hi *= SCALES[(m.group("dscale") or m.group("abbr")).lower()]
        if hi > value:
            value_max = hi
            e = e + rng.end()
    between = _BETWEEN_BEFORE.search(text[max(0, start - 10) : start])
    if between and value_max is None:
        rng2 = _AND_AFTER.match(text[e:])
        if rng2:
            value_max = float(rng2.group(1).replace(",", ""))
            e += rng2.end()
    return value_max, e


def _currency_after(text: str, e: int) -> tuple[str, int]:
    """The currency word or code right after the number ("40 billion euros", "5 USD") and
    where the figure then ends; ``("", e)`` when there is none."""
    curw = _CURRENCY_WORD_AFTER.match(text[e:])
    if not curw:
        return "", e
    w = curw.group(1)
    code = CURRENCY_WORDS.get(w.lower()) or (w if w in CURRENCY_CODES else "")
    return (code, e + curw.end()) if code else ("", e)


def _span(
    text: str,
    start: int,
    end: int,
    value: float,
    value_max: float | None,
    unit: str,
    kind: str,
    qualifier: str,
    subject: str,
) -> FigureSpan:
    """The figure over ``[start, end)`` of ``text``: a range when it has a ``value_max``."""
    return FigureSpan(
        start,
        end,
        text[start:end],
        value,
        value_max,
        unit,
        "range" if value_max is not None else kind,
        qualifier,
        subject,
    )


def _count(
    text: str,
    m: re.Match[str],
    start: int,
    e: int,
    value: float,
    value_max: float | None,
    scaled: bool,
    qualifier: str,
) -> FigureSpan | None:
    """A count: the number with the noun phrase it counts after ``e`` ("500,000 troops",
    "ten or so ships"); ``None`` before a month name (a date) or for a lone small digit."""
    # a four-digit year-like number with nothing counted was taken by the date pass already
    words, nend = _noun_phrase(text, e)
    if words and words[0].lower() in MONTHS:
        return None
    post = re.match(r"\s+(?:or\s+(?:more|so)|plus)\b", text[nend if words else e :])
    if post:
        qualifier = (
            "lower_bound" if "more" in post.group(0) or "plus" in post.group(0) else "approximate"
        )
    if not words and not scaled and m.group("word") is None and value < 10 and qualifier == "exact":
        # a lone small digit with nothing counted ("page 3", "in 5 minutes' time"): too weak
        return None
    end = nend if words else e
    unit = _clean_noun(words[-1]) if words else ""
    return _span(
        text, start, end, value, value_max, unit, "count", qualifier, " ".join(words).lower()
    )

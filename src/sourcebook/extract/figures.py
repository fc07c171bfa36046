"""Figures: numbers with what they measure or count, normalised the way an analyst compares them.

:func:`find_figures` scans one cleaned paragraph with regular expressions (no model). Dates come
first (:mod:`sourcebook.core.dates`, so a year inside a date is never a count), then the spans
that hold no figure (:mod:`sourcebook.extract.notfigures`: clock times, phone numbers and codes,
list numbers, year spans), then numbers (:mod:`sourcebook.extract.numbers`: digits, number words,
fractions, scales). Each number becomes a :class:`FigureSpan` with

- ``value`` (``value_max`` for ranges) in the unit as written, scale applied ("$2.5bn" is 2.5e9
  USD, "($12.4m)" is -12.4e6, "⅓ cup" is 0.333 cup); shares written as fractions are percent
  ("two thirds of" is 66.7 percent, "one in three" 33.3); a volume per area is a depth of rain
  in millimetres ("180 litres per square metre" is 180 mm);
- ``unit``: the canonical unit (:mod:`sourcebook.extract.units`, on pint): "kilometer",
  "metric_ton", "degree_Celsius", "kilometer ** 2", "USD", "percent", "magnitude", rates as
  "USD / hour"; a count's unit is ``count`` and what it counts is ``counted``; an age is in
  years with ``counted`` "age" however written ("a 19-year-old", "aged 19", "Tillman, 19, of",
  "Novak (34) was", "gave his age as 19"); "degrees" alone is Fahrenheit when the paragraph
  writes its temperatures so, or gives weather too hot for Celsius ("temperatures reached 104
  degrees"), else Celsius; an angle ("degree") after a turning verb or before a direction
  ("turned 180 degrees", "50 degrees north");
- ``dimension`` (length, mass, currency, count, percent, …) and ``value_base`` /
  ``value_max_base`` in SI base units (none for money, counts, percentages, magnitudes);
- ``counted``: the noun a count counts ("troops", "F-16"; a compound's noun pluralised:
  "700-person" → "people"); ``per``: the denominator of a rate ("hour" in "£12.21 an hour");
- ``kind``: the number's form: count, currency, percent, ordinal, range or date;
- ``qualifier``: exact, approximate ("around", "some", "nearly"), lower_bound ("over",
  "more than", "at least", "… or more") or upper_bound ("up to", "less than");
- ``subject``: the phrase the figure describes, for clustering across sources (the counted
  noun phrase, or the "of/in …" phrase after money, percentages and measures).

What a number measures is read around it: a currency before ("$", "US$", "CHF", "Rs") or after
("€", "euros", "kroner"), a sign or accounting brackets, a unit after it — glued ("4km",
"-10C"), spaced, hyphenated ("a 6,900-tonne destroyer", "magnitude-5.9"), squared or cubed
("km2", "sq mi", "cubic metres"), with a rate ("per hour", "/hour", "a year", "bpd") — or on
both ends of a range ("44 mg to 50 mg", "$10.6bn-$11.4bn", "8- to 16-meter", "between 45 and 50
mg"). "pound" is money or mass by what follows ("200 pounds of cocaine", "a twenty pound bag"
are mass). A number with no unit counts the noun phrase after it; a bare number ("it would grow
to 500,000", "six were injured") takes the counted noun of the nearest count before it, "46 of
the 52 drones" the noun of the count after it, "a crew of 23" the noun before it; one that a
casualty verb or a tally governs ("shelling kills nine", "the death toll rose to three") counts
what happened to them ("killed", after ``data/news_synonyms.tsv``). Also counts: a further death
("A fourth person has died": 4 people), a name's number after a count of its clause ("won 23
seats, and EKRE 19"), a list of names and numbers under a label ("Seat distribution: Isamaa 27,
Reform 23, EKRE 19": seats).

Across one document's paragraphs, :func:`lend_currency` gives a bare amount ("Damage of 1.2
billion", a headline's) the currency the document states the same amount in.

No figures: numbers inside names and codes ("F-16", "G7", "MACS J1149.5+6663"), a number named
by the word before it ("Category 4", "No. 101", "Route 66", "page 3"), scores ("3-1", "voted 52
to 48"), a count of a singular noun ("the 787 line"), "one" alone ("under one umbrella"),
"three times".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TypeVar

from sourcebook.core.dates import MONTHS, find_dates
from sourcebook.core.schema import Figure
from sourcebook.core.text import news_synonym_sets, word_set
from sourcebook.extract import units as U
from sourcebook.extract.notfigures import blocked_spans, is_title_case, label_before
from sourcebook.extract.numbers import (
    AMBIGUOUS_ABBREVIATIONS,
    NUMBER,
    SCALES,
    SMALL,
    TENS,
    Num,
    candidates,
    parse,
    parse_at,
)

QUALIFIERS = [
    (
        "approximate",
        r"around|about|approximately|approx\.?|approxim-\s+ately|roughly|some|nearly|almost|"
        r"close to|circa|an estimated|estimated|~",
    ),
    (
        "lower_bound",
        r"over|more than|at least|upwards of|in excess of|exceeding|above|just over|well over|"
        r"no fewer than|no less than|not fewer than|not less than",
    ),
    (
        "upper_bound",
        r"up to|less than|fewer than|under|at most|no more than|not more than|just under|below|"
        r"as many as|as much as",
    ),
]
_QUAL_RE = re.compile(
    r"(?<![^\s(“\"])(?P<q>" + "|".join(f"(?:{alts})" for _, alts in QUALIFIERS) + r")[ \u00a0]*$",
    re.IGNORECASE,
)
_QUAL_KIND = {
    re.sub(r"\W", "", alt.lower()): kind for kind, alts in QUALIFIERS for alt in alts.split("|")
}
# the last word of every qualifier: the regex runs only after one of them
_QUAL_LAST = frozenset(
    re.sub(r"\\.|\?", "", re.split(r"\\s\+|\s+", alt)[-1]).lower()
    for _, alts in QUALIFIERS
    for alt in alts.split("|")
)

# words that end a counted-noun phrase
STOP = word_set(
    """of in on at to for from by with and or but nor the a an that which who whom whose where
    when why how is are was were will would could should can may might must have has had be been
    being do does did this these those their its his her our your my per than as into over under
    across within after before since until while more less alone each ago so if not no said says
    say told also just only even still yet already then there here it they we he she you i
    between among against during about around through toward towards like what up down out off
    ever never again too very such all both either neither some any other another own same
    remain remains remained"""
)
# no noun of "a crew of 23"
# (nor of "a total of 52", "a higher figure of 112": nouns that name a number, not a group)
_NOT_COLLECTIVE = (
    STOP
    | frozenset(SMALL)
    | word_set("total figure number toll tally count sum estimate average maximum minimum")
)
# nouns that count without a plural "s"
INVARIANT = word_set(
    """people personnel police staff children men women troops forces cattle aircraft crew
    sheep fish deer livestock offspring series species headquarters militia infantry
    artillery"""
)
# a count of these is no count of a singular noun: participles and adjectives used as nouns
_NOMINAL = word_set("dead injured wounded hurt missing killed alive homeless more others")
# what money is paid as: "20-pound notes" are money, "a 40-pound pack" is mass
MONEY_NOUNS = word_set(
    """note notes banknote banknotes coin coins fine fines fee fees bill bills prize prizes
    ticket tickets voucher vouchers bet bets bonus bonuses payment payments donation donations
    deposit deposits loan loans grant grants reward rewards tip tips charge charges budget
    salary wage wages levy tax jackpot purse cheque cheques check checks sum"""
)
_PENCE_WORDS = "|".join(sorted(SMALL, key=len, reverse=True)) + "|twenty|thirty|forty|fifty|"
_PENCE_WORDS += "sixty|seventy|eighty|ninety"
_NEXT_WORD = re.compile(
    r"[ \u00a0]{1,3}[“\"‘']?((?:[A-Za-z]|\d[\d.,]*[A-Za-z])[\w’'.-]*|\d{1,4}(?=[ \u00a0]+[A-Za-z]))"
)
_DIMENSION_ADJ = r"deep|long|wide|high|tall|thick|across|in\s+diameter|round"
_INCH_CONTEXT = re.compile(rf"[ \u00a0]+(?:{_DIMENSION_ADJ})\b")
_PERCENT = re.compile(
    r"[ \u00a0]?(?:%|(?i:per[ \u00a0]?cent|percent|pct|pc)(?![A-Za-z]))"
    r"|[ \u00a0](?P<points>(?i:percentage[ \u00a0]points?))\b"
)
_MAGNITUDE_AFTER = re.compile(r"[ \u00a0-](?i:magnitude)\b")
_MAGNITUDE_BEFORE = re.compile(
    r"\b(?:(?i:magnitude)(?:[ \u00a0]+(?:at|of))?[ \u00a0-]+|(?P<measuring>(?:measuring|"
    r"measured(?:[ \u00a0]+it)?[ \u00a0]+at|(?i:quake|earthquake|aftershock|tremor|temblor)"
    r"[ \u00a0]+of)[ \u00a0]+|Mw?[ \u00a0]?))"
    r"(?=\d{1,2}(?:\.\d)?\b)"
)
_M_NUMBER = re.compile(r"M(?<!\wM)w? ?\d")  # "M 6.4", "Mw6.1": a magnitude where quakes are
_QUAKE = re.compile(r"(?i:quake|tremor|aftershock|temblor|seismic)")
_SYMBOL_AFTER = re.compile(r"[ \u00a0]?([€£¥₹])")
_WORDS_AFTER = re.compile(r"(?:[ \u00a0]+|-)([A-Za-z][A-Za-z.]*)(?:[ \u00a0]+([A-Za-z]+))?")
# a currency after a scaled number and a Romance "of": "millones de euros", "miliardi di euro"
_OF_CURRENCY = re.compile(r"[ \u00a0]+(?:de|di|d[’'])[ \u00a0]*([A-Za-z]+)\b")
_PENCE = re.compile(r"p(?![A-Za-z\d])")
_GAP = re.compile(r"[ \u00a0]{0,2}(?:-(?=[A-Za-z]))?")
_CURRENCY_BEFORE = re.compile(
    r"(?:(?P<sym>US\$|U\.S\.\$|A\$|AU\$|C\$|CA\$|HK\$|NZ\$|NT\$|MX\$|S\$|R\$|\\?\$|€|£|¥|₹|₽|₴|₩|₺|₦|₪)"
    r"|\b(?P<code>Rs\.?|[A-Z]{3}))[ \u00a0]?$"
)
_CURRENCY_END = frozenset("$€£¥₹₽₴₩₺₦₪.ABCDEFGHIJKLMNOPQRSTUVWXYZs")
_NON_WORD = re.compile(r"\W")
_OF_NOUN = re.compile(r"[ \u00a0]+of[ \u00a0]+[a-z]")
_STERLING = re.compile(r"[ \u00a0]+sterling\b")
_STERLING_WORTH = re.compile(r"[ \u00a0]+(?:sterling|worth)\b")
_PENCE_AFTER = re.compile(rf"[ \u00a0]+(\d{{1,2}}|{_PENCE_WORDS})\b", re.IGNORECASE)
_PENCE_NEXT = re.compile(
    rf"[ \u00a0]+(?:\d{{1,2}}|{_PENCE_WORDS})\b(?![ \u00a0]*(?:%|[a-z]))", re.IGNORECASE
)
_OF_STUFF = re.compile(
    r"[ \u00a0]+of[ \u00a0]+(?!the\b|their\b|its\b|his\b|her\b|our\b|public\b)[a-z]"
)
_LOWER_WORD = re.compile(r"[ \u00a0]+([a-z]+)\b")
_OPEN_BRACKET = re.compile(r"[ \u00a0]*\([ \u00a0]*")
_POSSESSIVE = ("’s", "'s", "’", "'")
_DIGIT = re.compile(r"\d")
_SIGN_BEFORE = re.compile(r"(?<![^\s(\[])(?:[-‑−+]|(?i:minus)[ \u00a0]+)$")
_BETWEEN_BEFORE = re.compile(r"\bbetween[ \u00a0]+$", re.IGNORECASE)
_CHANGE_FROM = re.compile(
    r"(?:\bby|\b(?:rose|rise[sn]?|rising|fell|falls?|falling|fallen|increased?|increasing|"
    r"decreased?|decreasing|dropped|drops?|grew|grow(?:s|n|ing)?|climbed|jumped|slipped|"
    r"declined?|declining|surged|plunged|cut|raised|lowered|widened|narrowed|up|down)"
    r"(?:[ \u00a0]+\w+){0,2}?[ \u00a0]+from)[ \u00a0]+$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(
    r"(?P<j>[ \u00a0]*[-‑–—][ \u00a0]*(?:to[ \u00a0]+)?|[ \u00a0]+(?P<w>(?i:to|and))[ \u00a0]+"
    r"|[ \u00a0]*(?P<by>by|x|×)[ \u00a0]*(?=\d))"
    r"(?P<cur>US\$|\\?\$|€|£|¥|₹)?"
)
_RATE_JOIN = re.compile(
    r"(?P<slash>[ \u00a0]*/[ \u00a0]*)|[ \u00a0]+per[ \u00a0]+|(?P<a>[ \u00a0]+an?[ \u00a0]+|-an?-)"
    r"|(?P<of>[ \u00a0]+of[ \u00a0]+[a-z]+[ \u00a0]+(?:an?|per)[ \u00a0]+)"
)
_PER_ANNUM = re.compile(r"(?i:annum)\b")
_TIME_SYMBOLS = {"s": "second", "h": "hour", "hr": "hour", "d": "day", "yr": "year", "y": "year"}
_TIME_SYMBOL = re.compile(r"(s|hr|h|d|yr|y)\b")
_NOT_RATE = re.compile(r"[ \u00a0]+(?:earlier|later|ago|before|after|or\s+so|on\s+year)\b")
_POST_QUALIFIER = re.compile(
    r"[ \u00a0]+(?:or[ \u00a0]+(?:more|so)|plus)\b(?![ \u00a0]+(?:an?\b|[$€£¥\d]))"
)
_OF_NEXT = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?(?=\d|[A-Za-z]+\b)")
_NOUN_OF = re.compile(r"\b([A-Za-z]+)[ \u00a0]+of[ \u00a0]+$")
_ONE_IN = re.compile(r"[ \u00a0]+in[ \u00a0]+(\d{1,3}|[a-z]+)\b")
_FRACTION_OF = re.compile(r"[ \u00a0]+of\b")
_FRACTION_OF_A = re.compile(r"[ \u00a0]+(?:of[ \u00a0]+)?an?[ \u00a0]+")
_PART_BEFORE = re.compile(
    r"\b(?i:first|second|third|final|last|other|latter|former|top|bottom|upper|lower|back|"
    r"front|northern|southern|eastern|western)[ \u00a0]+$"
)
_BY_BEFORE = re.compile(r"\bby[ \u00a0]+$")
_ENDS_CLAUSE = re.compile(r"[ \u00a0]*(?:[,.;:!?)]|$)")
_MONEY_HEADER = re.compile(
    r"\([ \u00a0]*(?P<cur>[£$€¥])[ \u00a0]*(?P<scale>'?000|m|bn)[ \u00a0]*\)"
)
_RESTATED = re.compile(r"\d[\d,.]*(?:[ \u00a0]*[A-Za-z]+){0,2}[ \u00a0]*$")
_AFTER_PAREN_SCALE = re.compile(r"\)[ \u00a0]+(thousand|million|billion)\b")
_WEIGH = re.compile(r"\bweigh", re.IGNORECASE)
_LABEL_OF = re.compile(r"(?:[ \u00a0]+(?:of|and|to|or)[ \u00a0]+|[ \u00a0]*[-–][ \u00a0]*)\d+\b")
_COMPOUND = re.compile(r"[-‑]([a-z]+)\b")
# what makes a bare number a count of its own: the object of a verb that counts casualties or
# arrests ("shelling kills nine", "arrested four"), the value a tally reaches ("the death toll
# rose to three", "bringing the number of people in custody to four", "the victims are now two")
_TALLY_BEFORE = re.compile(
    r"(?:\b(?P<verb>(?i:kill|injur|wound|arrest|detain|rescu|evacuat|hospitali[sz]))(?:s|es|ed|ing|e)?"
    r"|\b(?i:toll|tally|total|number|count)\b[^.;:!?\n]{0,90}?\b(?:to|at|reached|reaches|hit|"
    r"hits|of)"
    r"|\b(?i:victims|dead|deaths|casualties|fatalities|injured|wounded)[ \u00a0]+(?:are|were|"
    r"is|was|stands?|stood|rose|rises|risen|climbed|climbs|reached|reaches)"
    r"(?:[ \u00a0]+(?:now|at|to))?)[ \u00a0]+$"
)
# "A fourth person has died", "a third victim was killed": the toll the death brings
_NTH = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_NTH.update({"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12})
_NTH_DEATH = re.compile(
    r"\b[Aa][ \u00a0]+(?P<nth>(?i:" + "|".join(_NTH) + r")|\d{1,3}(?:st|nd|rd|th))"
    r"[ \u00a0]+(?P<noun>[a-z]+)[ \u00a0]+(?:(?:has|had|have)[ \u00a0]+)?(?:died|dies|succumbed|"
    r"(?:was|has[ \u00a0]+been|had[ \u00a0]+been)[ \u00a0]+(?:killed|found[ \u00a0]+dead|confirmed"
    r"[ \u00a0]+dead))\b"
)
# ages, one unit however written: after a unit of time "a 19-year-old", "19 years old", "19
# years of age"; a bare number after "aged 19", "his age as 19", "described him as 19", a name's
# "Cody Tillman, 19, of Greenville" or "Jan Novak (34) was", or joined to an age ("aged 24 and 31")
_AGE_AFTER = re.compile(r"[-‑ \u00a0]+olds?\b|[ \u00a0]+of[ \u00a0]+age\b")
_AGE_CUE = re.compile(
    r"\b(?i:aged|age|ages)(?:[ \u00a0]+(?:of|as|is|was|at|between|from))?[ \u00a0]+$"
)
_AGE_AS = re.compile(
    r"(?:\b(?:him|her)|\b[A-Z][a-z][\w’'-]*[ \u00a0]+as)[ \u00a0]+(?:as[ \u00a0]+)?$"
)
_AGE_NAME = re.compile(
    r"\b[A-Z][a-z][\w’'-]*(?P<sep>,|(?:[ \u00a0]+[A-Z][\w’'.-]*)+[ \u00a0]*\()[ \u00a0]*$"
)
_AGE_NEXT = re.compile(r"(?:,|\)(?!,))[ \u00a0]+(?!and\b|or\b|to\b|vs\b|the\b)[a-z]")
# before a one-word "name" with an age after its comma: the start of the text or a sentence
_OPENING_WORD = re.compile(r"(?:^|[.!?:;][\"'”’)]*[ \u00a0]+|\n)[\"'“‘(]*$")
_AGE_JOIN = re.compile(r"[ \u00a0]*(?:,|,?[ \u00a0]+(?:and|or|to))[ \u00a0]+")
# bare "degrees" of a temperature: Fahrenheit when the paragraph writes its temperatures so (and
# not in Celsius), or when the weather it gives could not be Celsius ("temperatures reached 104
# degrees"); Celsius otherwise
_FAHRENHEIT = re.compile(r"\d[ \u00a0]*°[ \u00a0]?F\b|ºF|(?i:fahrenheit)|degrees F\b")
_CELSIUS = re.compile(r"\d[ \u00a0]*°[ \u00a0]?C\b|ºC|(?i:celsius|centigrade)|degrees C\b")
# an angle, not a temperature: a turning verb or a bearing before the number, a direction or
# a turn after "degrees" ("turned 180 degrees", "tilted 30 degrees", "a 180-degree turn",
# "52 degrees north")
_ANGLE_BEFORE = re.compile(
    r"(?i:\b(?:turn(?:s|ed|ing)?|rotat\w*|tilt\w*|swivel\w*|spun|spin(?:s|ning)?|pivot\w*|"
    r"swung|veer\w*|lean(?:s|ed|ing)?|inclin\w*|bank(?:ed|ing)|angle[sd]?|slope[sd]?|"
    r"heading|bearing|latitude|longitude|arc)\b)"
)
_ANGLE_AFTER = re.compile(
    r"(?i:[ \u00a0-]*(?:north|south|east|west|[NSEW]\b|angle|turn|arc|of (?:latitude|longitude)|"
    r"to the (?:left|right)|(?:counter|anti)?clockwise))"
)
_WEATHER = re.compile(
    r"(?i:\b(?:temperatures?|heat(?:wave)?|hot(?:ter|test)?|high(?:s|er|est)?|lows?|lower|"
    r"lowest|forecasts?|weather|thermometers?|mercury|warm(?:er|est|th)?|cool(?:er|est)?|"
    r"cold(?:er|est)?)\b)"
)
_OBJECT_NEXT = re.compile(
    r"[ \u00a0]+(?:\d|(?:the|a|an|its|his|her|their|some|only|" + "|".join(SMALL) + r")\b)"
)
_MORE = re.compile(r"[ \u00a0]+(?:more|other|others|additional|further)\b")
# "…won 23 seats, and the far-right EKRE 19 seats", "… 13 mandates and the Center Party 11": a
# name and its number after a count of the clause, the count's noun left out
_GAPPED = re.compile(
    r"(?:,|\b(?:and|while|whereas|but|with))[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){0,3}$"
)
# a list of names with their numbers under a label: "Seat distribution: Isamaa 27, Reform 23,
# EKRE 19" (three items at least)
_LIST_COLON = re.compile(r":[ \u00a0]+(?=[A-Z][^\s,:]*(?:[ \u00a0][A-Z][^\s,:]*){0,3}[ \u00a0]\d)")
_LIST_LABEL = re.compile(r"\b(?P<label>[A-Z][a-z]+)(?:[ \u00a0][a-z]+){0,2}$")
_LIST_ITEM = re.compile(
    r"[A-Z][\w’'.&-]*(?:[ \u00a0][A-Z][\w’'.&-]*){0,3}[ \u00a0](?P<n>\d{1,3}(?:,\d{3})*)"
    r"(?:,[ \u00a0]+|[ \u00a0]+and[ \u00a0]+|(?=[.;)]|$))"
)


@dataclass(frozen=True, slots=True)
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
    dimension: str = ""
    value_base: float | None = None
    value_max_base: float | None = None
    counted: str = ""
    per: str = ""


@dataclass(slots=True)
class _Quantity:
    """A number read with what is written around it, on its way to becoming a figure."""

    start: int  # first character of the figure: qualifier, sign, bracket or currency
    end: int  # just past what was read: number, scale, unit, range, rate
    value: float
    num: Num
    value_max: float | None = None
    unit: U.Unit | None = None
    prefix: bool = False  # the unit was written before the number ("$5", "magnitude 6")
    qualifier: str = "exact"
    bracket: int = -1  # an opening bracket right before: accounting minus or restatement
    subject: str = ""


@dataclass(slots=True)
class _Scan:
    """One paragraph being read: its text, what is taken, the figures so far."""

    text: str
    mask: bytearray
    out: list[FigureSpan] = field(default_factory=list)
    last_count: FigureSpan | None = None
    lone_ones: list[FigureSpan] = field(default_factory=list)  # "one" + noun: kept if contrasted
    _title: bool | None = None

    def block(self, s: int, e: int) -> None:
        """No number may start or end in ``[s, e)`` any more."""
        self.mask[s:e] = b"\x01" * (e - s)

    def blocked(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a date, a time, a code or a figure already read."""
        return 1 in self.mask[s:e]

    def title_case(self) -> bool:
        """Whether the paragraph is a title-case headline (computed once, when asked)."""
        if self._title is None:
            self._title = is_title_case(self.text)
        return self._title


def find_figures(text: str, anchor: dt.date | None = None) -> list[FigureSpan]:
    """Every figure of ``text`` (dates included), in text order."""
    scan = _Scan(text, bytearray(len(text)))
    for d in find_dates(text, anchor):
        scan.block(d.start, d.end)
        scan.out.append(FigureSpan(d.start, d.end, d.text, None, kind="date", date_iso=d.iso))
    for s, e in blocked_spans(text):
        scan.block(s, e)
    header = _MONEY_HEADER.search(text) if "(" in text else None
    if _magnitude_hint(text):
        _magnitudes(scan)
    if ":" in text:
        _name_lists(scan)
    if " died" in text or " dies" in text or " dead" in text or " killed" in text:
        _nth_deaths(scan)
    pos = 0
    for start in candidates(text):
        if start < pos or (m := NUMBER.match(text, start)) is None:
            continue
        num = parse(m)
        pos = num.end if num is not None and num.written else m.end()
        if num is None or scan.blocked(num.start, num.end):
            continue
        pos = max(pos, _read(scan, num, header))
    _a_unit_figures(scan)
    _inherit(scan)
    return sorted(scan.out, key=lambda f: (f.start, f.end))


# --- one number --------------------------------------------------------------------------------


def _read(scan: _Scan, num: Num, header: re.Match[str] | None) -> int:
    """Read the figure at ``num`` (appended to ``scan.out`` if it is one); returns how far the
    text was read."""
    text = scan.text
    if num.ordinal:
        words, _ = _noun_phrase(text, num.end, max_words=3)
        subject = " ".join(words).lower()
        scan.out.append(FigureSpan(num.start, num.end, text[num.start : num.end], num.value,
                                   kind="ordinal", subject=subject))  # fmt: skip
        return num.end
    if _is_code(text, num):
        return num.end
    if num.fraction == "word":
        return _fraction(scan, num)
    q = _left(scan, num)
    if q is None:
        return num.end
    if q.start == num.start and label_before(text, num.start, scan.title_case) == "word":
        return _skip_label(scan, num.end)  # "runway 27L", "page 3 of 12"
    if q.unit is None and _one_in(scan, q):
        return q.end
    _unit(scan, q)
    if not _range(scan, q):
        return q.end
    if q.unit is not None and q.unit.dimension != "count":
        _rate(scan, q)
        return _measure(scan, q)
    if num.fraction:  # "1/4", "½" with no unit: a date, a score, a code
        return q.end
    return _count(scan, q, header)


def _magnitude_hint(text: str) -> bool:
    """Whether a magnitude may be written in ``text``: the word, a measure, a quake's "of",
    "M 6.4" (substring tests first: most paragraphs have none)."""
    return (
        "agnitude" in text
        or "measur" in text
        or any(w in text for w in ("uake of", "hock of", "remor of", "emblor of"))
        or _M_NUMBER.search(text) is not None
    )


def _magnitudes(scan: _Scan) -> None:
    """An earthquake's magnitude written before the number: "a magnitude-5.9 quake", "magnitude
    6.1", "an aftershock measuring 4.8" (only where the text speaks of a quake)."""
    text = scan.text
    for m in _MAGNITUDE_BEFORE.finditer(text):
        if m.group("measuring") and not _QUAKE.search(text):
            continue
        num = parse_at(text, m.end())
        if num is None or scan.blocked(num.start, num.end):
            continue
        q = _Quantity(m.start(), num.end, num.value, num, unit=U.MAGNITUDE, prefix=True)
        if m.group("measuring"):
            q.start = num.start
        _qualify(text, q)
        _add(scan, q, "count")


def _name_lists(scan: _Scan) -> None:
    """The numbers of a list of names under a label ("Seat distribution: Isamaa 27, Reform 23,
    EKRE 19, SDE 13"): counts of what the label names ("seats"), though a name stands before
    each."""
    text = scan.text
    for colon in _LIST_COLON.finditer(text):
        head = _LIST_LABEL.search(text, max(0, colon.start() - 40), colon.start())
        if head is None:
            continue
        items = []
        pos = colon.end()
        while (m := _LIST_ITEM.match(text, pos)) is not None:
            items.append(m)
            pos = m.end()
        if len(items) < 3:
            continue
        noun = head["label"].lower()
        counted = "" if noun in STOP else noun if _is_plural(noun) else pluralise(noun)
        for m in items:
            num = parse_at(text, m.start("n"))
            if num is None or scan.blocked(num.start, num.end):
                continue
            q = _Quantity(num.start, num.end, num.value, num, subject=counted)
            _keep_count(scan, _add(scan, q, "count", counted))


def _nth_deaths(scan: _Scan) -> None:
    """The toll a further death brings ("A fourth person has died": 4 people), a count of the
    noun's plural."""
    for m in _NTH_DEATH.finditer(scan.text):
        s, e = m.start("nth"), m.end("noun")
        if scan.blocked(s, e):
            continue
        nth = m["nth"].lower()
        value = _NTH.get(nth) or int(nth[:-2])
        counted = pluralise(m["noun"])
        q = _Quantity(s, e, float(value), Num(s, e, float(value), written=True), subject=counted)
        _keep_count(scan, _add(scan, q, "count", counted))


def _is_code(text: str, num: Num) -> bool:
    """A number that is a code, not a quantity: a leading zero ("0800", "052D"), three capitals
    glued before that are no currency ("LGA1156"), letters glued after that are no unit
    ("27L" is a litre only by accident of spelling; "5G", "4x100m")."""
    s = num.start
    if text[s] == "0" and num.end > s + 1 and text[s + 1].isdigit():
        return True
    if s and text[s - 1].isalpha() and text[max(0, s - 3) : s] not in U.CURRENCY_CODES:
        return True
    after = text[num.end : num.end + 1]
    return bool(after) and after.isalpha() and not num.abbr and not _unit_glued(text, num)


def _unit_glued(text: str, num: Num) -> bool:
    """Something that reads as a unit, scale or ordinal is glued after the number."""
    rest = text[num.end : num.end + 12]
    return bool(U.unit_regex().match(rest) or _PERCENT.match(rest) or _PENCE.match(rest))


def _left(scan: _Scan, num: Num) -> _Quantity | None:
    """The number with what is written before it: a currency ("$", "US$", "CHF", "Rs"), a sign
    ("-", "minus"), an opening bracket, a qualifier ("about", "more than"), "magnitude"."""
    text = scan.text
    q = _Quantity(num.start, num.end, num.value, num)
    cur = None
    if num.start and (
        text[num.start - 1] in _CURRENCY_END
        or text[num.start - 2 : num.start - 1].isalnum()
        or text[num.start - 2 : num.start - 1] in _CURRENCY_END
    ):
        cur = _CURRENCY_BEFORE.search(text, max(0, num.start - 6), num.start)
    if cur is not None:
        code = U.currency_of(
            cur.group("sym").lstrip("\\") if cur.group("sym") else cur.group("code")
        )
        if not code:
            if cur.group("code") and text[num.start - 1].isalpha():
                return None  # "LGA1156": letters glued before
        elif cur.group("code") and text[num.start - 1].isalpha() and not (num.scaled or num.abbr):
            return None  # "COP29": a name, not 29 Colombian pesos
        else:
            q.unit, q.prefix, q.start = U.currency(code), True, cur.start()
    before = text[q.start - 1 : q.start] if q.start else ""
    sign = None
    if before in ("-", "‑", "−", "+", " ", "\u00a0"):
        sign = _SIGN_BEFORE.search(text, max(0, q.start - 7), q.start)
    if sign is not None:
        q.start = sign.start()
        if sign.group(0)[0] in "-‑−mM":
            q.value = -q.value
    if q.start and text[q.start - 1] == "(":
        q.bracket = q.start - 1
    _qualify(text, q)
    return q


def _qualify(text: str, q: _Quantity) -> bool:
    """Take the qualifier right before ``q`` ("about", "more than", "up to") into it."""
    tail = text[max(0, q.start - 30) : q.start].rstrip(" \u00a0")
    last = tail[tail.rfind(" ") + 1 :].lower().rstrip(".")
    if last not in _QUAL_LAST and not tail.endswith("~"):
        return False
    qual = _QUAL_RE.search(text, max(0, q.start - 30), q.start)
    if qual is None:
        return False
    q.qualifier = _QUAL_KIND.get(_NON_WORD.sub("", qual.group("q").lower()), "approximate")
    q.start = qual.start("q")
    return True


def _one_in(scan: _Scan, q: _Quantity) -> bool:
    """ "one in three" (a share: 33.3 percent); the figure is added when it is one."""
    m = _ONE_IN.match(scan.text, q.num.end)
    if not m or q.value != int(q.value):
        return False
    word = m.group(1).lower()
    every = int(word) if word.isdigit() else SMALL.get(word, 0)
    if every <= q.value:
        return False
    q.end = m.end()
    q.value = 100.0 * q.value / every
    q.unit = U.PERCENT
    _add(scan, q, kind="percent")
    return True


def _unit(scan: _Scan, q: _Quantity) -> None:
    """The unit written after the number, if any (an ambiguous scale letter is settled first:
    "$3.1m" is a million, "5.2m" a length)."""
    text, num = scan.text, q.num
    money = q.unit is not None and q.unit.dimension == "currency"
    if num.abbr:
        scale = AMBIGUOUS_ABBREVIATIONS[num.abbr]
        if (
            money
            or _money_word_after(text, num.abbr_end)
            or (num.abbr == "m" and _plural_noun_after(text, num.abbr_end))
        ):
            q.value *= scale
            q.end = num.abbr_end
            num.scaled = True
        elif num.abbr in ("B", "T"):
            q.end = -1  # "500B": a code
            return
    found = _unit_at(scan, q, q.end, money)
    if found is None:
        return
    unit, multiple, end = found
    if unit.dimension == "currency" and money:
        q.end = end  # "US$ 4.5m dollars": the same currency twice
        return
    if (
        q.unit is not None
        and q.prefix
        and unit.dimension != "currency"
        and q.unit is not U.MAGNITUDE
    ):
        return  # "$5 kg": no such thing; the currency stays
    q.unit, q.end = unit, end
    q.value *= multiple


def _unit_at(scan: _Scan, q: _Quantity, pos: int, money: bool) -> tuple[U.Unit, float, int] | None:
    """The unit written at ``pos`` (after a number): percent, a currency, pence, magnitude, or a
    pint unit; with its multiple (a decade is 10 years, a penny 0.01 pounds) and end."""
    text = scan.text
    if pos < 0:
        return None
    pct = _PERCENT.match(text, pos)
    if pct:
        return (U.PERCENTAGE_POINT if pct.group("points") else U.PERCENT), 1.0, pct.end()
    if not money:
        cur = _currency_after(scan, q, pos)
        if cur is not None:
            return cur
        pence = _PENCE.match(text, pos)
        if pence and abs(q.value) < 1000:
            return U.currency("GBP"), 0.01, pence.end()
    mag = _MAGNITUDE_AFTER.match(text, pos)
    if mag:
        return U.MAGNITUDE, 1.0, mag.end()
    return _pint_unit_at(scan, q, pos)


def _pint_unit_at(scan: _Scan, q: _Quantity, pos: int) -> tuple[U.Unit, float, int] | None:
    """A unit of pint's at ``pos`` (after a space, a hyphen or nothing), checked against the
    context its spelling needs ("in" only before "deep", "long"…; "b" only glued)."""
    text = scan.text
    gap = _GAP.match(text, pos)
    start = gap.end() if gap else pos
    m = U.unit_regex().match(text, start)
    if m is None:
        return None
    surface = m.group("u")
    if len(surface) == 1 and surface.isupper() and text[m.end() : m.end() + 1] in ("-", "‑"):
        return None  # "19 F-16s": a name
    if surface in U.GLUED_ONLY and start != pos:
        return None
    if surface in U.CONTEXT_ONLY and not (q.num.fraction or _INCH_CONTEXT.match(text, m.end())):
        return None
    found = U.lookup(surface)
    if found is None:
        return None
    unit, multiple = found
    if unit.name == "degree_Celsius" and surface.lower() in ("degrees", "degree"):
        unit = _bare_degrees(scan, q, m.end())
    money = unit.name == "pound" and surface.lower().startswith("pound")
    if money and not _pound_is_mass(scan, q, m.end()):
        return U.currency("GBP"), 1.0, _sterling_end(text, m.end())
    exponent = 3 if (m.group("pre") or "").lower().startswith("cu") else 2
    if m.group("pow"):
        exponent = 3 if m.group("pow").strip().lower() in ("³", "3", "cubed") else 2
    if (m.group("pre") or m.group("pow")) and unit.dimension == "length":
        unit = U.power(unit, exponent)
    return unit, multiple, m.end()


@lru_cache(maxsize=64)
def _scales_written(text: str) -> tuple[bool, bool]:
    """Whether ``text`` writes a Fahrenheit and a Celsius temperature: read once per paragraph,
    not once per bare "degrees" in it."""
    return bool(_FAHRENHEIT.search(text)), bool(_CELSIUS.search(text))


def _bare_degrees(scan: _Scan, q: _Quantity, end: int) -> U.Unit:
    """The unit of "degrees" written alone (ending at ``end``): an angle where a turning verb or
    a bearing comes before the number in its clause, or a direction or turn after it; else a
    temperature in the paragraph's other temperatures' scale (one scale only), else Fahrenheit
    for weather too hot for Celsius (over 60), else Celsius."""
    text = scan.text
    clause = max(text.rfind(c, 0, q.start) for c in ".;:!?") + 1
    if _ANGLE_AFTER.match(text, end) or _ANGLE_BEFORE.search(
        text, max(clause, q.start - 60), q.start
    ):
        return U.unit("degree")
    fahrenheit, celsius = _scales_written(text)
    if fahrenheit != celsius:
        return U.unit("degree_Fahrenheit" if fahrenheit else "degree_Celsius")
    if 60 < q.value <= 140 and _WEATHER.search(text, max(0, q.start - 80), q.start):
        return U.unit("degree_Fahrenheit")
    return U.unit("degree_Celsius")


def _currency_after(scan: _Scan, q: _Quantity, pos: int) -> tuple[U.Unit, float, int] | None:
    """A currency written after the number: a symbol ("-15€"), a code ("5 USD"), a name
    ("40 billion euros", "Australian dollars"); "pounds" only when they are money."""
    text = scan.text
    sym = _SYMBOL_AFTER.match(text, pos)
    if sym:
        return U.currency(U.CURRENCY_SYMBOLS[sym.group(1)]), 1.0, sym.end()
    of = _OF_CURRENCY.match(text, pos) if q.num.scaled else None
    if of and (code := U.currency_of(of.group(1))):  # "1,2 miliardi di euro", "9 milliards d'euros"
        return U.currency(code), 1.0, of.end()
    words = _WORDS_AFTER.match(text, pos)
    if not words:
        return None
    first, second = words.group(1), words.group(2)
    if second and U.currency_of(f"{first} {second}"):
        code, end = U.currency_of(f"{first} {second}"), words.end(2)
    else:
        code, end = U.currency_of(first.rstrip(".")), words.end(1)
        if first.rstrip(".") != first:
            end -= len(first) - len(first.rstrip("."))
    if not code:
        return None
    if first.lower().startswith("pound") and _pound_is_mass(scan, q, end):
        return None
    if first.lower().startswith("pound"):
        end = _sterling_end(text, end)
        pence = _PENCE_AFTER.match(text, end)
        if pence:
            p = pence.group(1).lower()
            q.value += (int(p) if p.isdigit() else _pence_value(p)) / 100
            end = pence.end()
    return U.currency(code), 1.0, end


def _pence_value(word: str) -> int:
    """The value of pence written as a word ("fifty")."""
    return SMALL.get(word, TENS.get(word, 0))


def _sterling_end(text: str, end: int) -> int:
    """Past "sterling" after "pounds", if it follows."""
    m = _STERLING.match(text, end)
    return m.end() if m else end


def _pound_is_mass(scan: _Scan, q: _Quantity, end: int) -> bool:
    """Whether "pound(s)" after a number is a weight: "200 pounds of cocaine", "a twenty pound
    bag", "a 40-pound pack" are; "5 million pounds", "paid three pounds for", "20-pound notes",
    "six pounds fifty", "pounds sterling" are money."""
    text = scan.text
    if q.num.scaled or _STERLING_WORTH.match(text, end) or _PENCE_NEXT.match(text, end):
        return False
    if _OF_STUFF.match(text, end):
        return True
    if text[end - 1 : end] not in ("s", "S"):
        noun = _LOWER_WORD.match(text, end)
        if noun:  # attributive: "a twenty pound bag"
            return noun.group(1) not in MONEY_NOUNS
    lo = max([q.start - 40] + [f.end for f in scan.out if f.end <= q.start and f.kind != "date"])
    return bool(_WEIGH.search(text, max(0, lo), q.start))  # "weighs 20 pounds" (not "costs")


def _money_word_after(text: str, pos: int) -> bool:
    """A currency name right after ("5m euros"): an "m" before it is a million."""
    words = _WORDS_AFTER.match(text, pos)
    return bool(words) and bool(U.currency_of(words.group(1)))


def _plural_noun_after(text: str, pos: int) -> bool:
    """A plural noun right after ("2.6m customers"): an "m" before it is a million."""
    m = _LOWER_WORD.match(text, pos)
    return bool(m) and _is_plural(m.group(1)) and m.group(1) not in (
        "tall", "long", "deep", "high", "wide", "thick",
    )  # fmt: skip


# --- ranges and rates --------------------------------------------------------------------------


def _range(scan: _Scan, q: _Quantity) -> bool:
    """Extend ``q`` over a range after it ("10-20", "44 mg to 50 mg", "$5-6 billion",
    "between 45 and 50 mg", "8- to 16-meter"); False when the pair is a score ("3-1",
    "52 to 48") or a code, both then no figures."""
    text = scan.text
    if q.end < 0:
        return False
    join = _RANGE_JOIN.match(text, q.end)
    if join is None:
        return True
    word = (join.group("w") or "").lower()
    if word == "and" and not _BETWEEN_BEFORE.search(text, max(0, q.num.start - 12), q.num.start):
        return True
    if word == "to" and _CHANGE_FROM.search(text, max(0, q.start - 40), q.start):
        return True  # "fell by 837,000 to 122.4 million", "rose from 3% to 5%": two figures
    second = parse_at(text, join.end())
    if second is None or second.fraction or second.ordinal:
        return True
    if text[second.start] == "0" and second.end > second.start + 1:
        scan.block(q.num.start, second.end)
        return False  # "25-034": a code
    hi = _Quantity(second.start, second.end, second.value, second)
    if join.group("cur") and q.unit is not None and q.prefix:
        hi.unit, hi.prefix = q.unit, True
    _unit(scan, hi)
    if hi.end < 0:
        return True
    if join.group("by"):  # "26 by 48 inches", "3 x 4 m": two lengths in the unit after
        if q.unit is None and hi.unit is not None and hi.unit.dimension == "length":
            q.unit = hi.unit
        return True
    lo_unit, hi_unit = q.unit, hi.unit
    if lo_unit is None and hi_unit is None and hi.value <= q.value and word != "and":
        scan.block(q.num.start, hi.end)
        return False  # a score or a tally: "3-1", "voted 52 to 48"
    if (
        hi_unit is not None
        and lo_unit is not None
        and hi_unit.name != lo_unit.name
        and not (q.prefix and hi_unit.dimension != "currency")
    ):
        return True
    if hi_unit is None and lo_unit is not None and not q.prefix:
        return True  # "rose 21% to 120": no range
    lo = q.value
    if (
        (q.unit is None or q.prefix)
        and second.scaled
        and not q.num.scaled
        and abs(lo) <= second.raw
    ):
        lo *= second.value / second.raw  # "$5-6 billion": the scale holds for both
    if hi.value <= lo:
        return True
    q.value, q.value_max, q.end = lo, hi.value, hi.end
    if hi_unit is not None and not (q.prefix and hi_unit.dimension == "currency"):
        q.unit, q.prefix = hi_unit, False
    elif hi_unit is not None:
        q.unit = hi_unit
    return True


def _rate(scan: _Scan, q: _Quantity) -> None:
    """A rate after the unit: "per hour", "/hour", "an hour", "a year", "-a-year", "per annum",
    "of gas a year"; the unit becomes ``"<unit> / <denominator>"``."""
    text = scan.text
    assert q.unit is not None
    if "/" in q.unit.name or q.unit is U.MAGNITUDE:
        return
    join = _RATE_JOIN.match(text, q.end)
    if join is None:
        return
    pos = join.end()
    annum = _PER_ANNUM.match(text, pos) if not join.group("a") else None
    time_symbol = _TIME_SYMBOL.match(text, pos) if join.group("slash") else None
    if annum is not None:
        den, end = U.unit("year"), annum.end()
    elif time_symbol is not None:  # "m3/s", "km/hr": symbols that stand alone for no unit
        den, end = U.unit(_TIME_SYMBOLS[time_symbol.group(1)]), time_symbol.end()
    else:
        m = U.unit_regex().match(text, pos)
        if m is None:
            return
        if m.group("pre") or m.group("pow"):
            _depth(q, m)  # "litres per square metre"
            return
        found = U.lookup(m.group("u"))
        if found is None or found[0].dimension in ("currency",) or "/" in found[0].name:
            return
        den, end = found[0], m.end()
        if (join.group("a") or join.group("of")) and not m.group("u").isalpha():
            return  # "a" takes a unit's name, not its symbol
        if join.group("of") and den.dimension != "duration":
            return
        if (join.group("a") or join.group("of")) and _NOT_RATE.match(text, end):
            return  # "$3.1m a year earlier"
    q.unit, q.end = U.rate(q.unit, den), end


def _depth(q: _Quantity, m: re.Match[str]) -> None:
    """A volume per area is a depth of rain: "180 litres per square metre" is 180 mm, "2 m3/m2"
    2 metres; ``q`` becomes millimetres when the unit after is an area."""
    assert q.unit is not None
    found = U.lookup(m.group("u"))
    if q.unit.dimension != "volume" or found is None or found[0].dimension != "length":
        return
    cubed = (m.group("pre") or "").lower().startswith("cu") or (m.group("pow") or "").strip(
        " \u00a0-"
    ).lower() in ("³", "3", "cubed")
    depth = None if cubed else U.depth(q.unit, U.power(found[0], 2))
    if depth is None:
        return
    q.value = float(f"{q.value * depth:.12g}")
    q.value_max = None if q.value_max is None else float(f"{q.value_max * depth:.12g}")
    q.unit, q.end = U.unit("millimeter"), m.end()


# --- building figures --------------------------------------------------------------------------


def _measure(scan: _Scan, q: _Quantity) -> int:
    """The figure of a quantity with a unit: money, percent, a measure."""
    text = scan.text
    assert q.unit is not None
    if q.bracket >= 0 and q.unit.dimension.split("/")[0] == "currency":
        _accounting(scan, q)
    if q.unit is U.MAGNITUDE and q.num.fraction:
        return q.end
    post = _POST_QUALIFIER.match(text, q.end)
    if post and q.unit.dimension.startswith("currency"):
        q.qualifier = "approximate" if post.group(0).endswith("so") else "lower_bound"
        q.end = post.end()
    dim = q.unit.dimension
    if dim.startswith(("currency", "percent")):
        q.subject = _subject_of_amount(text, q.start, q.end)
    else:
        q.subject = _of_phrase(text, q.end)
        if not q.subject and text[q.num.end : q.num.end + 1] in "-‑":
            words, _ = _noun_phrase(text, q.end, max_words=3)
            q.subject = " ".join(words).lower()
    kind = dim.split("/")[0] if dim.startswith(("currency", "percent")) else "count"
    _add(scan, q, kind, _age_of_duration(scan, q) if dim == "duration" else "")
    return q.end


def _age_of_duration(scan: _Scan, q: _Quantity) -> str:
    """``"age"`` for a duration that is someone's age ("a 19-year-old", "19 years old", "aged
    19 years"), its end moved past "old"; else ``""``."""
    text = scan.text
    old = _AGE_AFTER.match(text, q.end)
    if old is not None:
        q.end = old.end()
        return "age"
    return "age" if _AGE_CUE.search(text, max(0, q.start - 20), q.start) else ""


def _is_age(scan: _Scan, q: _Quantity) -> bool:
    """Whether a bare whole number is an age: after "aged", "age as", "him"/"her", "<Name> as"
    (those ending their clause), a name's "Tillman, 19, of", "Novak (34) was", or joined to an
    age just before ("aged 24 and 31")."""
    text, num = scan.text, q.num
    if num.scaled or not float(q.value).is_integer() or not 0 < q.value < 120:
        return False
    lo = max(0, q.start - 40)
    if _AGE_CUE.search(text, lo, q.start):
        return True
    prev = scan.out[-1] if scan.out else None
    if prev is not None and prev.counted == "age" and _AGE_JOIN.fullmatch(text, prev.end, q.start):
        return True
    if num.written:
        return False
    if _AGE_AS.search(text, lo, q.start):
        return bool(_ENDS_CLAUSE.match(text, q.end))
    name = _AGE_NAME.search(text, lo, q.start)
    if name is None or (name.group("sep") == "," and text[q.end : q.end + 1] != ","):
        return False
    if name.group("sep") == "," and _OPENING_WORD.search(text, 0, name.start()):
        return False  # "Overall, 45, were arrested": a sentence's opening word is no name
    if name.group("sep") != "," and text[q.end : q.end + 1] != ")":
        return False
    return bool(_AGE_NEXT.match(text, q.end))


def _add_age(scan: _Scan, q: _Quantity) -> int:
    """Add the bare number ``q`` as an age in years."""
    q.unit = U.unit("year")
    _add(scan, q, "count", "age")
    return q.end


def _accounting(scan: _Scan, q: _Quantity) -> None:
    """Money in brackets: "($12.4m)" is a loss (negative), "£12,500 (…)" after a written amount
    restates it; "($1,204) thousand" scales it."""
    text = scan.text
    close = text[q.end : q.end + 1] == ")"
    if not close:
        return
    prev = scan.out[-1] if scan.out else None
    if prev is not None and prev.kind != "date" and not text[prev.end : q.bracket].strip():
        return  # a restatement: "Twelve Thousand Five Hundred Pounds (£12,500)"
    if _RESTATED.search(text, max(0, q.bracket - 20), q.bracket):
        return  # "150 million lari ($54 million)": the amount before, in another currency
    q.value = -abs(q.value)
    q.start, q.end = q.bracket, q.end + 1
    scale = _AFTER_PAREN_SCALE.match(text, q.end - 1)
    if scale:
        q.value *= SCALES[scale.group(1)]
        q.end = scale.end()


def _add(scan: _Scan, q: _Quantity, kind: str, counted: str = "") -> FigureSpan:
    """Append the figure of ``q`` (its unit, or a count) to the scan."""
    unit = q.unit or U.COUNT
    fig = FigureSpan(
        start=q.start,
        end=q.end,
        text=scan.text[q.start : q.end],
        value=q.value,
        value_max=q.value_max,
        unit=unit.name,
        kind="range" if q.value_max is not None else kind,
        qualifier=q.qualifier,
        subject=q.subject,
        dimension=unit.dimension,
        value_base=_rounded(unit.to_base(q.value)),
        value_max_base=_rounded(unit.to_base(q.value_max)),
        counted=counted,
        per=unit.name.split(" / ")[1] if " / " in unit.name else "",
    )
    scan.out.append(fig)
    scan.block(q.num.start, min(q.num.end, q.end) if q.end > q.num.start else q.num.end)
    return fig


def _rounded(value: float | None) -> float | None:
    """A base value without the float noise of a conversion (12 significant digits)."""
    return None if value is None else float(f"{value:.12g}")


def _fraction(scan: _Scan, num: Num) -> int:
    """A written fraction: "half an hour" (0.5 hour), "three-quarters of a cup" (0.75 cup), a
    share ("two thirds of the land", "cut by half": percent); else no figure ("a third night")."""
    text = scan.text
    q = _left(scan, num)
    if q is None:
        return num.end
    of_a = _FRACTION_OF_A.match(text, num.end)
    if of_a:
        found = _pint_unit_at(scan, q, of_a.end())
        if found is not None and found[0].dimension != "currency":
            q.unit, q.end = found[0], found[2]
            q.value *= found[1]
            _add(scan, q, "count")
            return q.end
        if num.half:
            return num.end
    if _PART_BEFORE.search(text, max(0, num.start - 12), num.start):
        return num.end  # "the first half of the match", "the northern third": a part, no share
    by_half = num.half is False and _BY_BEFORE.search(text, max(0, num.start - 4), num.start)
    if _FRACTION_OF.match(text, num.end) or (by_half and _ENDS_CLAUSE.match(text, num.end)):
        q.value *= 100.0
        q.unit = U.PERCENT
        q.subject = _of_phrase(text, num.end)
        _add(scan, q, "percent")
    return num.end


def _count(scan: _Scan, q: _Quantity, header: re.Match[str] | None) -> int:
    """A count: the number with the noun phrase it counts ("500,000 troops", "a 700-person
    headquarters"), or a bare number that takes its noun from around it."""
    text, num = scan.text, q.num
    comp = _COMPOUND.match(text, q.end)
    if comp is not None and q.value_max is None:
        words, _ = _noun_phrase(text, comp.end(), max_words=3)
        q.subject = " ".join(words).lower()
        q.end = comp.end()
        _keep_count(scan, _add(scan, q, "count", pluralise(comp.group(1))))
        return q.end
    core = q.end
    words, nend = _noun_phrase(text, q.end)
    if words and (words[0].lower() in MONTHS or _clean_noun(words[0]) in ("times", "time")):
        return q.end
    if not words and header is not None and header.end() <= num.start:
        return _header_money(scan, q, header)
    if not words and _is_age(scan, q):
        return _add_age(scan, q)
    if q.start == num.start and label_before(text, num.start, scan.title_case):
        if _gapped(scan, q, words, nend):
            return q.end
        return _skip_label(scan, q.end)
    one = num.written and num.value == 1 and not num.scaled
    if one and not words:
        return q.end  # "the previous one"
    post = _POST_QUALIFIER.match(text, nend if words else q.end)
    if post:
        q.qualifier = "approximate" if "so" in post.group(0) else "lower_bound"
    if len(words) == 1 and _verb_after_of(text, q, nend):
        return _bare(scan, q, post)  # "the crew of 21 includes 17 Filipinos"
    if words:
        head = _clean_noun(words[-1])
        if num.value != 1 and not _countable(words[-1]):
            return q.end  # "the 787 line", "at 14 High St": a name, not a count
        if head.endswith("ed") and head not in _NOMINAL and not float(q.value).is_integer():
            return q.end  # "an aftershock of 4.1 followed": a verb, not what is counted
        q.subject, q.end = " ".join(words).lower(), nend
        fig = _add(scan, q, "count", head)
        _keep_count(scan, fig)
        if one:  # "one person was killed and six …" yes, "with one arm tied" no: _inherit
            scan.lone_ones.append(fig)
        return core
    return _bare(scan, q, post)


def _verb_after_of(text: str, q: _Quantity, nend: int) -> bool:
    """Whether the one word after "a crew of 21" is its verb, an object after it ("includes 17
    Filipinos", "needs the")."""
    return bool(_OBJECT_NEXT.match(text, nend)) and bool(
        _NOUN_OF.search(text, max(0, q.start - 30), q.start)
    )


def _gapped(scan: _Scan, q: _Quantity, words: list[str], nend: int) -> bool:
    """A name's number that counts what the count before it in the clause counts, its noun
    left out or repeated ("won 23 seats, and the far-right EKRE 19 seats", "13 mandates and the
    Center Party 11"); added as that count when so."""
    last, text = scan.last_count, scan.text
    if last is None or not last.counted or q.num.start - last.end > 120:
        return False
    between = text[last.end : q.num.start]
    if any(c in between for c in ".;:!?") or not _GAPPED.search(between):
        return False
    if words and _clean_noun(words[-1]) != last.counted:
        return False
    if not words and not _ENDS_CLAUSE.match(text, q.end):
        return False
    q.subject = last.subject
    q.end = nend if words else q.end
    _keep_count(scan, _add(scan, q, "count", last.counted))
    return True


def _skip_label(scan: _Scan, end: int) -> int:
    """After a label's number, its "of N" is no figure either ("page 3 of 12")."""
    of = _LABEL_OF.match(scan.text, end)
    if of:
        scan.block(end, of.end())
        return of.end()
    return end


def _bare(scan: _Scan, q: _Quantity, post: re.Match[str] | None) -> int:
    """A number with no unit and no noun: "a crew of 23", "46 of the 52 drones", "and wounded
    23" (what a casualty verb says befell them, before any noun around), "six were injured"
    (the noun of the count before), or a lone large number."""
    text, num = scan.text, q.num
    end = q.end
    noun_of = _NOUN_OF.search(text, max(0, q.start - 30), q.start)
    collective = noun_of.group(1).lower() if noun_of else ""
    if collective and collective not in _NOT_COLLECTIVE and not collective.endswith("s"):
        # "a crew of 23" (but "the deaths of 200,000" counts what the count before counts)
        q.subject = collective
        _keep_count(scan, _add(scan, q, "count", q.subject))
        return end
    if _OF_NEXT.match(text, end):
        _add(scan, q, "count")  # its noun comes from the count after: _inherit
        return end
    tally = _TALLY_BEFORE.search(text, max(0, q.start - 120), q.start)
    if tally and tally.group("verb") and not _MORE.match(text, end):
        _add(scan, q, "count", _outcome(tally.group(0)))  # "and wounded 23": what befell them
        return end
    last = scan.last_count
    if last is not None and 0 <= num.start - last.end < 400:  # a count before it, not after
        q.subject = last.subject
        if post:
            q.end = post.end()
        _add(scan, q, "count", last.counted)
        return q.end
    if tally and not _MORE.match(text, end):
        _add(scan, q, "count", _outcome(tally.group(0)))  # "kills nine", "the toll rose to three"
        return end
    if num.written or (not num.scaled and abs(num.value) < 10 and q.qualifier == "exact"):
        return end  # "nine" alone, "page 3": nothing counted, too weak
    _add(scan, q, "count")
    return end


#: the synonym sets of ``data/news_synonyms.tsv`` that say what befalls the people a tally counts
_OUTCOME_HEADS = ("kill", "injure", "arrest", "displace")
_TOKEN = re.compile(r"[a-z]+")


@cache
def _outcome_words() -> tuple[tuple[str, str], ...]:
    """(word, participle of its set's head) for the words of the outcome sets, longest first."""
    out = []
    for words in news_synonym_sets():
        if words[0] not in _OUTCOME_HEADS:
            continue
        participle = words[0] + ("d" if words[0].endswith("e") else "ed")
        # a verb's stem without its "e" ("injure" → "injur"): "injuring", "evacuating"
        out.extend((w[:-1] if w.endswith("e") and len(w) > 4 else w, participle) for w in words)
    return tuple(sorted(((w, p) for w, p in out if len(w) >= 4), key=lambda x: -len(x[0])))


def _outcome(phrase: str) -> str:
    """What happened to the people a tally counts, as the participle a count takes: the first
    word of ``phrase`` of an outcome set ("shelling kills" → "killed", "the number of people in
    custody" → "arrested"), or ``""``."""
    for token in _TOKEN.findall(phrase.lower()):
        for word, participle in _outcome_words():
            if token.startswith(word):
                return participle
    return ""


def _keep_count(scan: _Scan, fig: FigureSpan) -> None:
    """Remember a count with a noun: a bare number after it counts the same."""
    if fig.counted:
        scan.last_count = fig


def _header_money(scan: _Scan, q: _Quantity, header: re.Match[str]) -> int:
    """A bare number under a money header ("Operating result (£000) … (2,417)"): money in the
    header's currency and scale, brackets a loss."""
    scale = {"000": 1e3, "'000": 1e3, "m": 1e6, "bn": 1e9}[header.group("scale")]
    q.unit = U.currency(U.CURRENCY_SYMBOLS[header.group("cur")])
    q.value *= scale
    if q.bracket >= 0 and scan.text[q.end : q.end + 1] == ")":
        q.value, q.start, q.end = -q.value, q.bracket, q.end + 1
    _add(scan, q, "currency")
    return q.end


def _a_unit_figures(scan: _Scan) -> None:
    """ "a decade" (10 years), "about a week", "a pound of cherries": one of a unit, when a
    multiple, a qualifier or an "of" says it is a quantity ("a year earlier" is none)."""
    text = scan.text
    names = _a_unit_names()
    for m in _A_WORD.finditer(text):
        s, e = m.span()
        if m.group(1).lower() not in names or scan.blocked(s, e):
            continue
        found = U.lookup(m.group(1))
        if found is None:
            continue
        unit, multiple = found
        q = _Quantity(s, e, multiple, Num(s, e, 1.0), unit=unit)
        qual = _qualify(text, q)
        of = _OF_NOUN.match(text, e)
        if not (multiple != 1 or qual or (of and unit.dimension != "duration")):
            continue
        if unit.name == "pound" and not _pound_is_mass(scan, q, e):
            continue
        q.subject = _of_phrase(text, e)
        _add(scan, q, "count")


_A_WORD = re.compile(r"\b[Aa]n?[ \u00a0]+([A-Za-z]+)\b")


@cache
def _a_unit_names() -> frozenset[str]:
    """Units' singular names that may follow "a"/"an" ("a decade", "a pound of"): no symbols,
    no "ton" ("a ton of" is a lot)."""
    _, folded = U.lexicon()
    names = {s for s in folded if s.isalpha() and not s.endswith("s") and s != "ton"}
    return frozenset(names | {"decades", "centuries"})


def _inherit(scan: _Scan) -> None:
    """What figures take from their neighbours: "46 of the 52 drones" the counted noun of the
    count after; "€120" after "€95.40 per megawatt hour" the rate's denominator; "(6,880
    hectares)" after "more than 17,000 acres" its qualifier."""
    text = scan.text
    drop = {id(f) for f in scan.lone_ones if not _count_follows(scan.out, f, text)}
    figs = sorted((f for f in scan.out if id(f) not in drop), key=lambda f: f.start)
    out: list[FigureSpan] = []
    for i, f in enumerate(figs):
        if f.kind == "date" or f.kind == "ordinal":
            out.append(f)
            continue
        if f.unit == "count" and not f.counted and i + 1 < len(figs):
            nxt = figs[i + 1]
            of = _OF_NEXT.match(text, f.end)
            if of and nxt.start == of.end() and nxt.counted:
                f = _with(f, counted=nxt.counted, subject=nxt.subject)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind != "date"
            and _OPEN_BRACKET.fullmatch(text, prev.end, f.start)
        ):
            f = _with(f, qualifier=prev.qualifier)
        if f.dimension == "currency" and not f.per:
            f = _rate_of(out, f, text)
        out.append(f)
    scan.out[:] = out


_BARE_AMOUNT = re.compile(r"[\d.,\s\u00a0]*\d[\s\u00a0]*(?i:million|billion|trillion|bn|m)?")
_Fig = TypeVar("_Fig", FigureSpan, Figure)


def lend_currency(figures: Sequence[_Fig]) -> list[_Fig]:
    """One document's figures, a bare amount of a million or more ("Damage of 1.2 billion", a
    headline's) taking the currency of the one amount of the same value the document states in
    money ("1.2 billion euros"). One pass; a value stated in two currencies lends none."""
    money: dict[tuple[float, float | None], str] = {}
    for f in figures:
        if f.kind in ("currency", "range") and f.dimension == "currency" and f.value:
            key = (f.value, f.value_max)
            money[key] = "" if money.get(key, f.unit) != f.unit else f.unit
    if not money:
        return list(figures)
    out = []
    for f in figures:
        code = money.get((f.value, f.value_max), "") if f.unit == "count" and f.value else ""
        if code and abs(f.value) >= 1e6 and _bare_amount(f.text):
            f = _with(f, unit=code, kind="currency" if f.kind == "count" else f.kind,
                      dimension="currency", counted="")  # fmt: skip
        out.append(f)
    return out


def _bare_amount(text: str) -> bool:
    """Whether a figure's text is a number with at most a scale after it (its qualifier
    before): no counted noun written in it."""
    words = text.split()
    while len(words) > 1 and not _DIGIT.search(words[0]):
        words.pop(0)  # "about", "more than"
    return bool(_BARE_AMOUNT.fullmatch(" ".join(words)))


def _count_follows(figs: list[FigureSpan], one: FigureSpan, text: str) -> bool:
    """Another count after "one …" in its sentence: "One person was killed and six were
    injured" contrasts them, "with one arm tied behind their back" does not."""
    return any(
        f.dimension == "count" and f.start > one.end and ". " not in text[one.end : f.start]
        for f in figs
    )


def _rate_of(before: list[FigureSpan], f: FigureSpan, text: str) -> FigureSpan:
    """Money after a rate in the same currency and sentence, of a like size, is a rate too:
    "€95.40 per megawatt hour, down from €120"."""
    for prev in reversed(before):
        if prev.per and prev.unit.startswith(f.unit + " / ") and prev.value and f.value:
            if ". " in text[prev.end : f.start] or not 0.1 <= f.value / prev.value <= 10:
                return f
            return _with(f, unit=prev.unit, per=prev.per, dimension=prev.dimension)
    return f


def _with(f: FigureSpan, **changes: object) -> FigureSpan:
    """``f`` with some fields changed."""
    from dataclasses import replace

    return replace(f, **changes)  # type: ignore[arg-type]


# --- noun phrases and subjects -----------------------------------------------------------------


def pluralise(noun: str) -> str:
    """The plural of a noun, for the counted noun of a compound ("700-person" → "people")."""
    n = noun.lower()
    if n in ("person", "people"):
        return "people"
    if n.endswith(("s", "x", "ch", "sh")):
        return n + "es" if not n.endswith("s") else n
    if n.endswith("y") and n[-2:-1] not in "aeiou":
        return n[:-1] + "ies"
    return n + "s"


def _is_plural(word: str) -> bool:
    """A plural noun: "troops", "children", "staff" (not "bus", "crisis", "physics")."""
    w = _clean_noun(word)
    if w in INVARIANT or w.endswith(("children", "men", "people")):
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ics"))


def _countable(word: str) -> bool:
    """Whether a noun can be counted by a number other than one: a plural, an invariant
    ("aircraft", "staff"), a participle or adjective used as a noun ("14 wounded")."""
    w = _clean_noun(word)
    if _is_plural(word) or w in _NOMINAL or w.endswith("ed"):
        return True
    return word.endswith("s") and len(word) > 2  # "F-16s", "MiGs"


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
        if w.isdigit() and not (words and words[-1][:1].isupper()):
            break  # a number in a noun phrase only names a model: "30 Leopard 1 tanks"
        low = _clean_noun(w)
        if low in STOP or low in MONTHS:
            break
        if words and _phrase_ends(words[-1], w, low):
            break
        words.append(w)
        ends.append(m.start(1) + len(w))
        i = ends[-1]
        if w.endswith(("’s", "'s")) or text[i : i + 1] in ',;:)"”':
            break
    while words and words[-1].lower().endswith("ly"):
        words.pop()
        ends.pop()
    return words, (ends[-1] if ends else pos)


def _phrase_ends(prev: str, word: str, low: str) -> bool:
    """Whether ``word`` ends a counted-noun phrase after ``prev``: a participle ("700 personnel
    working", "50 countries led by") or any lower-case word after a plural ("three warships
    left"); a name goes on ("120 Bradley fighting vehicles", "40 Abrams tanks")."""
    name = not prev.islower()
    plural = _is_plural(prev)
    if low.endswith(("ing", "ed")) and not prev.endswith("ly") and not (name and not plural):
        return True
    return plural and word.islower() and not (name and _is_plural(word))


def _of_phrase(text: str, pos: int) -> str:
    """The "of/in/on/for/worth of …" phrase after money or a percentage, determiners dropped."""
    m = re.match(
        r"\s+(?:worth\s+of|of|in|on|for)\s+(?:(?:the|their|its|his|her|our|total)\s+)?", text[pos:]
    )
    if not m:
        return ""
    words, _ = _noun_phrase(text, pos + m.end() - 1, max_words=4)
    return " ".join(words).lower()


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
    """A noun without its possessive, lower-cased unless it is a model name ("F-16")."""
    if word.isalpha():
        return word.lower()
    for suffix in _POSSESSIVE:
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if _DIGIT.search(word):  # "F-16s", "MiG-29s": the model, as written
        return word[:-1] if word[-1:] == "s" and word[-2:-1].isdigit() else word
    return word.lower()

"""Numbers as news writes them, with their value: digits, number words, fractions and scales.

:data:`NUMBER` finds one number per match, :func:`parse` reads it into a :class:`Num`:

- digits with thousands separators ("500,000", "10 000", "1 204 532" with spaces or no-break
  spaces), decimals with a point, a comma ("67,3") or a middle dot ("2·4"), and the stray space
  of scanned text ("1 ,340", "38 ,2", "11 .5");
- number words, compound ones included ("nine", "twenty-three", "a hundred and two",
  "three million, two hundred & forty", "Twelve Thousand Five Hundred", "one and a half
  billion", "two dozen"), "half a million";
- fractions: "½", "1½", "1/4", "2 1/2", and written ones ("a third", "two thirds",
  "three-quarters", "half"), whose reading (a share in percent, or a part of a unit) the caller
  decides from what follows;
- scale words and abbreviations after the number ("2.5 billion", "$2.5bn", "€10B", "0.5k",
  "Rs 500 crore", "4 lakh", "mil- lion" broken by a scan). The letters that are also units or
  need money around them to be a scale ("m", "b", "B", "T") are not applied here: ``abbr`` keeps
  them for the caller.

A number glued to letters or to another number by a slash or a hyphen ("F-16", "G7", "354/2025")
never matches; a minus sign or plus sign counts as a sign only after a space, a bracket or at the
start, so "5-7" is two numbers of a range, not 5 and -7.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SMALL = {
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
    "lakh": 1e5,
    "million": 1e6,
    "crore": 1e7,
    "billion": 1e9,
    "trillion": 1e12,
}
# the scale words of the languages whose pages an English dossier most often quotes, after
# digits only ("1,2 miliardi", "3,5 millones", "4 Milliarden"); "billion" and "Billion" stay
# English (a thousand milliards in French and German)
FOREIGN_SCALES = {
    "millón": 1e6,
    "millones": 1e6,
    "mil millones": 1e9,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "millionen": 1e6,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "milione": 1e6,
    "milioni": 1e6,
    "miliardo": 1e9,
    "miliardi": 1e9,
    "miljoen": 1e6,
    "miljard": 1e9,
    "miljarden": 1e9,
    "milhão": 1e6,
    "milhões": 1e6,
    "mil milhões": 1e9,
}
# abbreviations that are a scale wherever they are glued to a number
ABBREVIATIONS = {
    "k": 1e3,
    "K": 1e3,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "cr": 1e7,
}
# letters that are a scale only around money ("$3.1m", "€10B"); otherwise a unit or nothing
AMBIGUOUS_ABBREVIATIONS = {"m": 1e6, "b": 1e9, "B": 1e9, "T": 1e12}
FRACTION_CHARS = {
    "½": 1 / 2,
    "⅓": 1 / 3,
    "⅔": 2 / 3,
    "¼": 1 / 4,
    "¾": 3 / 4,
    "⅕": 1 / 5,
    "⅖": 2 / 5,
    "⅗": 3 / 5,
    "⅘": 4 / 5,
    "⅙": 1 / 6,
    "⅚": 5 / 6,
    "⅛": 1 / 8,
    "⅜": 3 / 8,
    "⅝": 5 / 8,
    "⅞": 7 / 8,
}
DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}

_SMALL_RE = "|".join(sorted(SMALL, key=len, reverse=True))
_TENS_RE = "|".join(TENS)
_WORD = rf"(?:(?:{_TENS_RE})(?:-(?:{_SMALL_RE}))?|{_SMALL_RE}|hundred|thousand|million|billion|"
_WORD += r"trillion|dozen|lakh|crore)"
_JOIN = r"(?:\s*,\s*|\s+(?:and|&)\s+|\s*-\s*|\s+)"
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion|lakh|crore"
_FOREIGN_SCALE = "|".join(
    w.replace(" ", r"\s+") for w in sorted(FOREIGN_SCALES, key=len, reverse=True)
)
_BROKEN_SCALE = r"mil-\s+lion|bil-\s+lion|tril-\s+lion"  # hyphenated across a line in scans
_FRACS = "".join(FRACTION_CHARS)
_DENOMS = "|".join(sorted(DENOMINATORS, key=len, reverse=True))
_SPACE = "[ \u00a0\u202f]"

# not inside a word or a code; a sign only after a space, a bracket or at the start; three
# capitals before are allowed for a glued currency code ("CHF2.3bn"), checked by the caller
_GUARD = r"(?:(?<![\w.,/·])|(?<=\b[A-Z]{3}))(?<![\w.,/)\]][+\-‑−])"
_BODY = (
    r"(?:"
    # slash fractions, first so that "2 1/2" is one number: 1/4, 2 1/2
    r"(?P<sf>(?:(?P<sfw>\d{1,3})\s)?(?P<sfn>\d{1,2})/(?P<sfd>\d{1,2})(?![\d/]))"
    # digits: 1,234.5 | 10 000 | 1 ,340 | 38 ,2 | 67,3 | 2·4 | 1.5 | 15, then ½ glued on
    r"|(?P<d>(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!,\d)"
    rf"|(?<!\d{_SPACE})\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d|{_SPACE}\d)"
    r"|\d{1,3} ,\d{3}(?!\d)"
    r"|\d+ ?[.,·]\d+|\d+)(?!\d|/\d))"
    rf"(?P<dfrac>[{_FRACS}])?"
    rf"|(?P<vf>[{_FRACS}])"
    # half a million; half an hour ("half" waits for its unit)
    rf"|\b(?P<half>[Hh]alf)(?:\s+an?\s+(?P<hscale>(?i:{_SCALE_WORDS}|dozen))\b|(?=\s+an?\s))"
    # written fractions: a third, two thirds, three-quarters, half (of)
    rf"|\b(?P<fw>(?:(?P<fwn>(?i:an?|{_SMALL_RE}))[\s-]+)?(?P<fwd>(?i:{_DENOMS})))\b"
    # number words, "a hundred and two", "a dozen"
    rf"|\b(?P<w>(?:[Aa]n?\s+(?=(?i:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?i:{_WORD}(?:{_JOIN}{_WORD})*)(?:\s+and\s+a\s+half)?)\b"
    r")"
    # a scale after it: "2.5 billion", "$137-million", "mil- lion"; or a glued abbreviation
    rf"(?:(?:\s*|-)(?P<sw>(?i:{_SCALE_WORDS})|{_BROKEN_SCALE})\b"
    rf"|(?<=\d)[ \u00a0]+(?P<sf2>(?i:{_FOREIGN_SCALE}))(?!\w)"
    r"|[ \u00a0]?(?P<sa>(?i:bn|bln|mn|mln|tn|trn))(?![A-Za-z\d²³/])"
    r"|(?P<sb>cr|k|K|m|b|B|T)(?![A-Za-z\d²³/]))?"
    r"(?P<ordinal>(?<=\d)(?:st|nd|rd|th)\b)?"
)
NUMBER = re.compile(_GUARD + _BODY)
_NUMBER_AT = re.compile(_BODY)  # the second number of a range: "5-7", "$10.6bn-$11.4bn"
# where a number may start: digits, fraction characters, or a word that begins number words
_CANDIDATE = re.compile(rf"[\d{_FRACS}]+|[A-Za-z]+")
_WORD_STARTS = frozenset([*SMALL, *TENS, "a", "an", "half"])
_COMMA_DECIMAL = re.compile(r"\d+,\d{1,2}")  # "67,3": a decimal comma (3 digits are thousands)
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?|&|,")


@dataclass(slots=True)
class Num:
    """One number: its span (with any scale word), value, and how it was written."""

    start: int
    end: int
    value: float
    raw: float = 0.0  # the value before any scale word or abbreviation
    scaled: bool = False  # a scale word or abbreviation multiplied it ("2.5bn")
    written: bool = False  # number words ("nine", "a dozen")
    fraction: str = ""  # "word" ("a third"), "char" ("½"), "slash" ("1/4")
    abbr: str = ""  # an ambiguous letter glued after it, not applied: "m", "b", "B", "T"
    abbr_end: int = 0
    ordinal: bool = False
    half: bool = False  # a bare "half" waiting for "a million" or "an hour"

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.value


def digits_value(raw: str) -> float:
    """The value of digits as written: thousands separators (comma, space), decimal point,
    comma or middle dot, a scan's stray space ("1 ,340" = 1340, "38 ,2" = 38.2)."""
    s = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("·", ".")
    if "," in s and "." not in s and _COMMA_DECIMAL.fullmatch(s):
        s = s.replace(",", ".")
    return float(s.replace(",", ""))


def words_value(text: str) -> tuple[float, int, float] | None:
    """The value of number words and how many characters of ``text`` make it up: a join
    ("and", "&", ",") only after "hundred" or a larger scale, so "three and four" stops after
    "three"; with the scale word that ends them ("three million": 1e6; else 1). None when the
    words make no number."""
    total = current = 0.0
    trailing = 1.0
    last = ""  # "small", "tens", "hundred", "scale"
    end = 0
    pending_join = False
    for tok in _TOKEN.finditer(text):
        w = tok.group(0).lower()
        if w in (",", "&", "and"):
            if last not in ("hundred", "scale") or pending_join:
                break
            pending_join = True
            continue
        if w in ("a", "an"):
            if last:
                break
            continue
        kind, value = _word_kind(w)
        if kind is None or not _follows(last, kind, value, pending_join):
            break
        if kind == "hundred":
            current = (current or 1) * 100
        elif kind == "scale":
            total += (current or 1) * value
            current, trailing = 0, value
        elif kind == "dozen":
            current = (current or 1) * 12
        else:
            current += value
        if kind != "scale":
            trailing = 1.0
        last, end, pending_join = kind, tok.end(), False
    if not last:
        return None
    value = total + current
    half = _AND_A_HALF.match(text, end)
    if half:
        value, end = value + 0.5, half.end()
    return value, end, trailing


def _word_kind(w: str) -> tuple[str | None, float]:
    """What a number word is (small, tens, hundred, dozen, scale) and its value."""
    if w in SMALL:
        return "small", SMALL[w]
    if w in TENS:
        return "tens", TENS[w]
    if "-" in w:
        tens, _, unit = w.partition("-")
        if tens in TENS and unit in SMALL and SMALL[unit] < 10:
            return "small", TENS[tens] + SMALL[unit]
        return None, 0
    if w == "hundred":
        return "hundred", 100
    if w == "dozen":
        return "dozen", 12
    if w in SCALES:
        return "scale", SCALES[w]
    return None, 0


def _follows(last: str, kind: str, value: float, joined: bool) -> bool:
    """Whether a number word of ``kind`` may follow one of ``last`` ("twenty five", "hundred
    and two", "million, two hundred" yes; "five six", "twenty fifty" no)."""
    if not last:
        return not joined
    if kind == "small":
        return last in ("hundred", "scale") or (last == "tens" and value < 10 and not joined)
    if kind == "tens":
        return last in ("hundred", "scale")
    if kind in ("hundred", "dozen"):
        return last in ("small", "tens") and not joined
    return last in ("small", "tens", "hundred", "dozen") and not joined  # a scale


def parse(m: re.Match[str]) -> Num | None:
    """The :class:`Num` of a :data:`NUMBER` match (None for words that make no number)."""
    g = m.groupdict()
    s = m.start()
    if g["sf"]:
        den = int(g["sfd"])
        if den == 0 or int(g["sfn"]) >= den:
            return None
        value = int(g["sfn"]) / den + (int(g["sfw"]) if g["sfw"] else 0)
        return Num(s, m.end("sf"), value, fraction="slash")
    if g["vf"]:
        return Num(s, m.end("vf"), FRACTION_CHARS[g["vf"]], fraction="char")
    if g["half"]:
        if g["hscale"]:
            scale = g["hscale"].lower()
            value = 0.5 * (12 if scale == "dozen" else SCALES[scale])
            return Num(s, m.end("hscale"), value, scaled=True, written=True)
        return Num(s, m.end("half"), 0.5, written=True, fraction="word", half=True)
    if g["fw"]:
        den = DENOMINATORS[g["fwd"].lower()]
        num = (g["fwn"] or "").lower()
        if not num and den != 2:
            return None  # "the third day": an ordinal
        numerator = 1 if num in ("", "a", "an") else SMALL[num]
        return Num(s, m.end("fw"), numerator / den, written=True, fraction="word")
    if g["d"]:
        value = digits_value(g["d"])
        if g["dfrac"]:
            value += FRACTION_CHARS[g["dfrac"]]
        num = Num(s, m.end("dfrac") if g["dfrac"] else m.end("d"), value)
    else:
        parsed = words_value(g["w"])
        if parsed is None:
            return None
        value, length, trailing = parsed
        num = Num(s, s + length, value, value / trailing, scaled=value >= 100, written=True)
        if num.end < m.end("w"):
            return num  # the words stopped early: a scale after them is not theirs
    return _scaled(num, m)


def _scaled(num: Num, m: re.Match[str]) -> Num:
    """``num`` with the scale word or abbreviation after it applied (ambiguous letters kept)."""
    if not num.written:
        num.raw = num.value
    if m.group("sw"):
        word = re.sub(r"-\s+", "", m.group("sw").lower())
        num.value *= SCALES[word]
        num.scaled, num.end = True, m.end("sw")
    elif m.group("sf2"):  # "1,2 miliardi"
        num.value *= FOREIGN_SCALES[" ".join(m.group("sf2").lower().split())]
        num.scaled, num.end = True, m.end("sf2")
    elif m.group("sa"):  # "bn", "Mln": a scale with or without a space
        num.value *= ABBREVIATIONS[m.group("sa").lower()]
        num.scaled, num.end = True, m.end("sa")
    elif m.group("sb"):
        abbr = m.group("sb")
        if abbr in ABBREVIATIONS:
            num.value *= ABBREVIATIONS[abbr]
            num.scaled, num.end = True, m.end("sb")
        else:
            num.abbr, num.abbr_end = abbr, m.end("sb")
    if m.group("ordinal"):
        num.ordinal, num.end = True, m.end("ordinal")
    return num


def parse_at(text: str, pos: int) -> Num | None:
    """The number starting exactly at ``pos`` (no guard: the second end of "5-7")."""
    m = _NUMBER_AT.match(text, pos)
    return parse(m) if m else None


def candidates(text: str) -> list[int]:
    """The offsets of ``text`` where a number may start, in order: cheaper than searching
    :data:`NUMBER` through the whole text (its number words make every position a try)."""
    out = []
    for m in _CANDIDATE.finditer(text):
        s = m.start()
        first = text[s]
        if first.isalpha():
            if m.group(0).lower() in _WORD_STARTS:
                out.append(s)
        elif not (s and text[s - 1] in ",.·"):
            out.append(s)
    return out

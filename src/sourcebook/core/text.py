"""Text utilities every stage shares: one ASCII folding, one set of name suffixes.

:func:`ascii_fold` is the single accent/case folding of the project (names, words, ids,
file-name slugs all build on it), so two stages can never fold the same text differently.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: generational suffixes of personal names, as written ("Jr.") and folded ("jr")
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def ascii_fold(text: str, casefold: bool = True) -> str:
    """``text`` with accents dropped (NFKD, non-ASCII removed), case-folded unless told not to."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.casefold() if casefold else text


# --- sentences -----------------------------------------------------------------------------
# A sentence ends at . ! ? (or …), after any closing quotes and brackets, before white space and
# a character that can start a sentence (not a lower-case letter, which follows abbreviations:
# "approx. ten"). The period of an abbreviation or an initial does not end a sentence: titles
# and other abbreviations written with a period ("Gen.", "Dr.", "No.", "Jan."), single-letter
# initials ("Donald J. Trump") and dotted acronyms ("U.S.", "a.m."), which Punkt-style splitters
# treat the same way.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+(?![a-z])\S|\s*$)")
_ABBREVIATION_WORDS = (
    "mr mrs ms mx dr prof sr jr st mt ft gen lt col maj capt cpt sgt cpl pvt adm "
    "cmdr cdr gov sen rep pres sec amb rev hon fr messrs esq no nos vol pp fig "
    "approx est dept univ inc corp ltd co bros vs etc al jan feb mar apr jun jul aug "
    "sep sept oct nov dec mon tue tues wed thu thurs fri sat sun"
)
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_LAST_WORD = re.compile(r"(\w+(?:\.\w+)*)\.?[\"'”’»)\]]*$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period before ``end`` closes an abbreviation, an initial or an acronym."""
    m = _LAST_WORD.search(text, max(0, end - 40), end)
    if m is None or text[end - 1 : end] == "" or "." not in text[m.start() : end]:
        return False
    word = m.group(1)
    if "." in word:  # dotted acronym: U.S., a.m., e.g.
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "J." (or a list letter)
        return True
    return word.casefold() in ABBREVIATIONS


@functools.lru_cache(maxsize=1 << 14)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` of every sentence of ``text`` (white space around them left out)."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, end):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return tuple(out)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[s:e] for s, e in sentence_spans(text)]


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``[start, end)`` (several, when the span crosses a
    boundary), by the one splitter every stage uses."""
    spans = sentence_spans(text)
    first = next((s for s, e in spans if e > start), None)
    last = next((e for s, e in reversed(spans) if s < end), None)
    if first is None or last is None:
        return text.strip()
    return text[min(first, start) : max(last, end)].strip()

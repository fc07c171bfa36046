"""Quotes, step 1: quote marks of every style paired into quotations (:func:`quote_spans`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sourcebook.extract.quotes.lexicon import CUE_LEMMA, REPORTING, STOP_FORWARD

DOUBLE = '"“”„‟«»'

SINGLE = "'‘’‚‛‹›"

_OPENING_GLYPH = frozenset("“„‟«‘‚‛‹")

_CLOSING_GLYPH = frozenset("”»’›")

_CJK = {"「": "」", "『": "』"}

_FAMILY_RE = {family: re.compile("[" + family + "]") for family in (DOUBLE, SINGLE)}

QUOTE_CHARS = DOUBLE + SINGLE + "「」『』"

_BEFORE_OPEN = frozenset(" \t\n([{—–-/:;" + QUOTE_CHARS)

_AFTER_CLOSE = frozenset(" \t\n)]}.,;:!?—–-…" + QUOTE_CHARS)

_DASH_LEAD = re.compile(r"^(?:[—–-]\s+|[—–](?=[A-Z]))(?=[A-Z“\"‘])")


@dataclass(frozen=True)
class Piece:
    """Part of a quote inside one paragraph (``pos`` = the paragraph's place in the document)."""

    pos: int
    start: int
    end: int


def _role(text: str, i: int) -> str:
    """``open``, ``close`` or ``""`` for the quote mark at ``text[i]``, from its neighbours."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    ch = text[i]
    if ch in SINGLE and prev.isalnum() and nxt.isalnum():
        return ""  # an apostrophe inside a word
    can_open = (prev in _BEFORE_OPEN) and not nxt.isspace() and nxt not in ",.;:!?"
    can_close = not prev.isspace() and (nxt in _AFTER_CLOSE or i + 1 == len(text))
    if ch == "’":  # never opens: at a word's start it elides ("the ’90s", "’em")
        can_open = False
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if can_open and can_close:
        return "open" if ch in _OPENING_GLYPH else "close" if ch in _CLOSING_GLYPH else "toggle"
    return _spaced_role(text, i, prev, nxt)


def _spaced_role(text: str, i: int, prev: str, nxt: str) -> str:
    """The role of a double mark set off by a space inside, as French typography sets
    guillemets: « concrete answers »."""
    ch = text[i]
    if ch in "“«„" and nxt == " " and prev in _BEFORE_OPEN and text[i + 2 : i + 3].isalnum():
        return "open"
    if ch in "”»" and i > 1 and prev == " " and (nxt in _AFTER_CLOSE or i + 1 == len(text)):
        return "close" if text[i - 2 : i - 1].strip() else ""
    return ""


def _family_marks(text: str, family: str, skip: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """(offset, role) of the marks of one family, outside the ``skip`` spans."""
    out = []
    for m in _FAMILY_RE[family].finditer(text):
        i = m.start()
        if not any(s <= i < e for s, e in skip):
            role = _role(text, i)
            if role:
                out.append((i, role))
    return out


def _possessive_close(text: str, i: int, later: bool) -> bool:
    """A single closing mark that reads as a plural possessive ("the officials’ plans", not
    "the ‘Bond Street Bandits’ by staff")."""
    nxt = re.match(r"\s+([a-z]+)", text[i + 1 :])
    return later and text[i - 1 : i] == "s" and nxt is not None and nxt[1] not in STOP_FORWARD


def _scan_family(
    texts: Sequence[str], family: str, skip: Sequence[list[tuple[int, int]]]
) -> list[list[Piece]]:
    """Quotes of one mark family over a document's paragraphs (each a list of pieces)."""
    quotes: list[list[Piece]] = []
    current: list[Piece] = []
    opened: tuple[int, int] | None = None  # (pos, offset) of the open mark
    for pos, text in enumerate(texts):
        marks = _family_marks(text, family, skip[pos])
        if opened is not None:  # a quote running on from the paragraph before
            if marks and marks[0][0] == len(text) - len(text.lstrip()) and marks[0][1] != "close":
                opened = (pos, marks[0][0])
                marks = marks[1:]
            else:
                quotes.append(current)
                current, opened = [], None
        for k, (i, role) in enumerate(marks):
            if opened is None:
                if role in ("open", "toggle"):
                    opened = (pos, i)
                continue
            if role == "open" and opened[0] == pos:  # a new opener: the last one never closed
                quotes.append([*current, Piece(pos, opened[1], _unclosed_end(text, opened[1], i))])
                current, opened = [], (pos, i)
                continue
            if role in ("close", "toggle"):
                later = any(r != "open" for _, r in marks[k + 1 :])
                if family == SINGLE and _possessive_close(text, i, later):
                    continue
                quotes.append([*current, Piece(pos, opened[1], i + 1)])
                current, opened = [], None
        if opened is not None:
            cut = _INNER_ATTRIBUTION.search(text, opened[1])
            current.append(
                Piece(pos, opened[1], cut.start() + 1 if cut else trim_end(text, len(text)))
            )
            if cut:  # “They'll be right, he said. — the closing mark was forgotten
                quotes.append(current)
                current, opened = [], None
    if current:
        quotes.append(current)
    return [q for q in quotes if all(p.end > p.start + 1 for p in q)]


_INNER_ATTRIBUTION = re.compile(
    r",\s+(?:he|she|they|we|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:"
    + "|".join(sorted((f for f, lemma in CUE_LEMMA.items() if lemma in REPORTING), key=len)[::-1])
    + r")\b"
)


def _unclosed_end(text: str, start: int, opener: int) -> int:
    """End of a quote opened at ``start`` and never closed before the opener at ``opener``:
    the end of its last sentence when the sentence of the new opener introduces it ("‘… leave
    alone. A spokesman said: ‘Officers …"), else right before the new opener."""
    lead = text[start:opener].rstrip()
    if lead.endswith((":", ",")):
        stops = list(re.finditer(r"[.!?](?=\s+[A-Z])", lead))
        if stops:
            return start + stops[-1].end()
    return trim_end(text, opener)


def trim_end(text: str, end: int) -> int:
    """``end`` moved back over white space."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _cjk_and_dash(texts: Sequence[str]) -> list[list[Piece]]:
    """CJK corner brackets (always paired) and dialogue dashes opening a paragraph."""
    out: list[list[Piece]] = []
    for pos, text in enumerate(texts):
        for opener, closer in _CJK.items():
            for m in re.finditer(re.escape(opener) + "[^" + closer + "]+" + closer, text):
                out.append([Piece(pos, m.start(), m.end())])
        if _DASH_LEAD.match(text):
            stop = re.search(r",?\s+(?:[—–-]\s+|[—–])(?=[a-z])", text)
            out.append([Piece(pos, 0, stop.start() if stop else trim_end(text, len(text)))])
    return out


def quote_spans(texts: Sequence[str]) -> list[list[Piece]]:
    """Every quotation marked in a document's paragraphs, in document order; a quote over
    several paragraphs has one piece per paragraph. Quotes inside another are dropped."""
    doubles = _scan_family(texts, DOUBLE, [[] for _ in texts])
    inside: list[list[tuple[int, int]]] = [[] for _ in texts]
    for q in doubles:
        for p in q:
            inside[p.pos].append((p.start, p.end))
    singles = _scan_family(texts, SINGLE, inside)
    found = doubles + singles + _cjk_and_dash(texts)
    found.sort(key=lambda q: (q[0].pos, q[0].start, -q[-1].pos, -q[-1].end))
    kept: list[list[Piece]] = []
    for q in found:
        if any(_contains(k, q) for k in kept):
            continue
        kept.append(q)
    return kept


def _contains(outer: list[Piece], inner: list[Piece]) -> bool:
    """Quote ``inner`` lies within quote ``outer``."""
    a, b = outer[0], outer[-1]
    c, d = inner[0], inner[-1]
    return (a.pos, a.start) <= (c.pos, c.start) and (d.pos, d.end) <= (b.pos, b.end)

"""Cleaning steps as small pure functions on text that remembers where it came from.

Every step takes an :class:`Aligned` text and returns a new one. An :class:`Aligned` holds,
for each of its characters, the raw span ``[start, end)`` of the page text it stands for, so
any cleaned span maps back to the raw characters (:meth:`Aligned.raw_span`) and the paragraph's
source map (:func:`sourcebook.align.to_raw`) is derived at the end (:meth:`Aligned.segments`).

Edits are expressed as small replacements (delete ``**``, delete ``](url)``, turn ``\\n`` into
a space) so the characters that stay keep their exact one-to-one position.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import ftfy
import numpy as np

from sourcebook.core.dates import find_dates
from sourcebook.normalise.align import Segment

Edit = tuple[int, int, str]  # replace [start, end) of the current text with the string


@dataclass(frozen=True)
class Aligned:
    """Text plus, per character, the raw span it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, raw: str, start: int = 0, end: int | None = None) -> Aligned:
        """``raw[start:end]`` mapped to itself."""
        end = len(raw) if end is None else end
        return cls(raw[start:end], tuple(range(start, end)), tuple(range(start + 1, end + 1)))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> Aligned:
        return Aligned(self.text[start:end], self.starts[start:end], self.ends[start:end])

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covered by the cleaned span ``[start, end)``."""
        if end > start:
            return self.starts[start], self.ends[end - 1]
        if start < len(self.starts):
            return self.starts[start], self.starts[start]
        pos = self.ends[-1] if self.ends else 0
        return pos, pos

    def edit(self, edits: Iterable[Edit]) -> Aligned:
        """Apply non-overlapping replacements; a replacement stands for the raw span it covers.

        An insertion (``start == end``) stands for the empty raw span at its position.
        """
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for a, b, repl in sorted(edits, key=lambda e: (e[0], e[1])):
            if a < pos:
                continue  # overlaps an earlier edit: skipped
            text.append(self.text[pos:a])
            starts.extend(self.starts[pos:a])
            ends.extend(self.ends[pos:a])
            if repl:
                rs, re_ = self.raw_span(a, b)
                text.append(repl)
                starts.extend([rs] * len(repl))
                ends.extend([re_] * len(repl))
            pos = b
        if pos == 0 and not text:
            return self
        text.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return Aligned("".join(text), tuple(starts), tuple(ends))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Aligned:
        """Replace every match of ``pattern`` as a whole (see :meth:`edit`)."""
        fn = repl if callable(repl) else (lambda _m: repl)
        edits = [
            (m.start(), m.end(), r)
            for m in pattern.finditer(self.text)
            if (r := fn(m)) != m.group()
        ]
        return self.edit(edits) if edits else self

    def keep_groups(self, pattern: re.Pattern[str], group: int | str = 1) -> Aligned:
        """Delete each match except its ``group``, which keeps its own alignment."""
        edits: list[Edit] = []
        for m in pattern.finditer(self.text):
            gs, ge = m.span(group)
            if gs < 0:
                edits.append((m.start(), m.end(), ""))
                continue
            edits.append((m.start(), gs, ""))
            edits.append((ge, m.end(), ""))
        return self.edit(e for e in edits if e[0] < e[1]) if edits else self

    def strip(self) -> Aligned:
        lead = len(self.text) - len(self.text.lstrip())
        return self.slice(lead, lead + len(self.text.strip()))

    def segments(self) -> list[Segment]:
        """``[clean_start, raw_start, clean_len, raw_len]`` runs, the form :mod:`align` stores.

        A run is either one-to-one (each character is the raw character at the same distance)
        or a substitution (characters that together stand for one raw span).
        """
        n = len(self.starts)
        if n == 0:
            return []
        s0 = self.starts[0]
        if self.starts == tuple(range(s0, s0 + n)) and self.ends == tuple(
            range(s0 + 1, s0 + n + 1)
        ):
            return [(0, s0, n, n)]  # untouched text: one run
        s = np.fromiter(self.starts, dtype=np.int64, count=n)
        e = np.fromiter(self.ends, dtype=np.int64, count=n)
        ident = (e - s) == 1
        same = (s[1:] == s[:-1]) & (e[1:] == e[:-1])
        joins = (ident[1:] & ident[:-1] & (s[1:] == e[:-1])) | (same & ~ident[1:])
        breaks = [0, *(np.flatnonzero(~joins) + 1).tolist(), n]
        out: list[Segment] = []
        for a, b in itertools.pairwise(breaks):
            raw_len = b - a if ident[a] else int(e[a] - s[a])
            out.append((a, int(s[a]), b - a, raw_len))
        return out


def concat(parts: Sequence[Aligned], sep: str = " ") -> Aligned:
    """Join aligned pieces; each separator stands for the raw gap between its neighbours."""
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, p in enumerate(parts):
        if i and sep:
            gs = ends[-1] if ends else 0
            ge = p.starts[0] if p.starts else gs
            text.append(sep)
            starts.extend([gs] * len(sep))
            ends.extend([max(ge, gs)] * len(sep))
        text.append(p.text)
        starts.extend(p.starts)
        ends.extend(p.ends)
    return Aligned("".join(text), tuple(starts), tuple(ends))


# --- encoding --------------------------------------------------------------------------------

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _fix_run(run: str) -> str:
    return ftfy.fix_text(
        run,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        normalization="NFC",
    )


def fix_mojibake(t: Aligned) -> Aligned:
    """Repair mojibake ("â€™" → "’") with ftfy, run by run of non-ASCII characters."""
    if t.text.isascii():
        return t

    edits = []
    for m in _NON_ASCII_RUN.finditer(t.text):
        fixed = _fix_run(m.group())
        if fixed != m.group():
            edits.append((m.start(), m.end(), fixed))
    return t.edit(edits) if edits else t


# --- markdown ---------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^)\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_MD_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_MD_REF_DEF = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:\s+\S+.*$")
_MD_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_MD_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+(?=\S)")
_MD_HEADING_CLOSE = re.compile(r"(?m)[ \t]+#+[ \t]*$")
_MD_SETEXT = re.compile(r"(?m)(?<=\S)\n {0,3}(?:=+|-+)[ \t]*$")
_MD_RULE = re.compile(r"(?m)^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_QUOTE = re.compile(r"(?m)^ {0,3}>[ \t]?")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_MD_EMPH_STAR = re.compile(r"(?<![*\w\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!\*)", re.S)
_MD_EMPH_UNDER = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~\"'])")


def strip_markdown(t: Aligned) -> Aligned:
    """Markdown → text: headings, emphasis, links → their text, escapes → the character,
    images, reference definitions, rules and quote markers dropped (list bullets: see
    :func:`split_lines`, which also makes each item a paragraph)."""
    if not any(c in t.text for c in "#*_[]`\\>=-!<"):
        return t
    text = t.text
    if "](" in text:
        t = t.sub(_MD_IMAGE, "")
    if "]:" in text:
        t = t.sub(_MD_REF_DEF, "")
    if "[" in text:
        t = t.keep_groups(_MD_LINK)
        t = t.keep_groups(_MD_REF_LINK)
    if "<" in text:
        t = t.keep_groups(_MD_AUTOLINK)
    if any(c in text for c in "*-_="):
        t = t.sub(_MD_RULE, "")
        t = t.sub(_MD_SETEXT, "")
    if "#" in text:
        t = t.sub(_MD_HEADING, "")
        t = t.sub(_MD_HEADING_CLOSE, "")
    if ">" in text:
        t = t.sub(_MD_QUOTE, "")
    if "`" in text:
        t = t.keep_groups(_MD_CODE)
    if "**" in text or "__" in text:
        t = t.keep_groups(_MD_STRONG, 2)
    if "*" in text:
        t = t.keep_groups(_MD_EMPH_STAR)
    if "_" in text:
        t = t.keep_groups(_MD_EMPH_UNDER)
    return t.keep_groups(_MD_ESCAPE) if "\\" in text else t


_ATX_HEADING = re.compile(r"(?m)^ {0,3}(#{1,6})[ \t]+(\S.*?)[ \t#]*$")
_SETEXT_HEADING = re.compile(r"(?m)^ {0,3}(\S[^\n]*)\n {0,3}(=+|-+)[ \t]*$")


def heading_starts(raw: str) -> dict[int, int]:
    """Raw offset of each Markdown heading's text → its level (``# Title``: 1; a line
    underlined with ``===``: 1, with ``---``: 2)."""
    out = {m.start(2): len(m.group(1)) for m in _ATX_HEADING.finditer(raw)}
    for m in _SETEXT_HEADING.finditer(raw):
        if not m.group(1).lstrip().startswith(("#", "-", "*", ">")):
            out.setdefault(m.start(1), 1 if m.group(2)[0] == "=" else 2)
    return out


# --- blocks, lines, paragraphs ------------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
#: a line longer than this is not hard-wrapped: its line breaks end paragraphs
WRAP_WIDTH = 100


def split_blocks(t: Aligned) -> list[Aligned]:
    """Blocks of text separated by blank lines, whitespace-trimmed, empty ones dropped; in the
    page's header (:func:`split_header`) a line break between two complete header lines
    separates blocks too."""
    out, pos = [], 0
    for m in [*_BLANK.finditer(t.text), None]:
        end = m.start() if m else len(t)
        block = t.slice(pos, end).strip()
        if block.text:
            out.append(block)
        if m:
            pos = m.end()
    return split_header(out, t.text)


def _lines(t: Aligned) -> list[Aligned]:
    out, pos = [], 0
    while (i := t.text.find("\n", pos)) >= 0:
        out.append(t.slice(pos, i))
        pos = i + 1
    out.append(t.slice(pos, len(t)))
    return out


#: in a block of three or more wrapped lines, a line shorter than this share of the longest
#: ends a paragraph (PDF text layers have no blank lines between paragraphs)
SHORT_LINE = 0.75


def split_lines(block: Aligned, wrap_width: int = WRAP_WIDTH) -> list[Aligned]:
    """Paragraphs of one block: hard-wrapped lines are joined (line-end hyphenation removed);
    a block of long lines, or a line ending in a Markdown hard break, has one paragraph per line;
    a short line among wrapped ones ends a paragraph (a title, a byline, a paragraph's end), and
    starts one unless it reads as the paragraph's last words; a web address is a paragraph.
    """
    lines = _lines(block)
    if len(lines) == 1:
        return [strip_bullet(block)]
    paras: list[list[Aligned]] = [[]]
    for line, starts in zip(lines, line_breaks([x.text for x in lines], wrap_width), strict=True):
        if starts and paras[-1]:
            paras.append([])
        paras[-1].append(line)
    out = []
    for group in paras:
        group = [g.strip() for g in group if g.text.strip()]
        if group:
            out.append(strip_bullet(join_wrapped(group)))
    return out


def line_breaks(
    lines: Sequence[str], wrap_width: int = WRAP_WIDTH, upto: int | None = None
) -> list[bool]:
    """For each line of a block (the first ``upto`` lines only: the block's shape is read off
    all of them), whether it starts a paragraph (see :func:`split_lines`)."""
    lengths = [len(x.rstrip()) for x in lines]
    width = max(lengths)
    # lines longer than any wrap: one paragraph a line (one stray long line in a page of
    # wrapped text, a long address or link, does not make the page unwrapped)
    one_per_line = width > wrap_width and sum(n > wrap_width for n in lengths) * 4 >= len(lines)
    short = SHORT_LINE * width  # a short line ends its paragraph
    out = [True]
    for prev, line in itertools.pairwise(lines[:upto]):
        out.append(
            bool(
                one_per_line
                or _HARD_BREAK.search(prev)
                or len(prev.strip()) < short
                or URL_LINE.match(prev)
                or _LIST_ITEM.match(line)
                or URL_LINE.match(line)
                # a short line of its own under a long one: a name, a date
                or (len(line.strip()) < short and not _closes_paragraph(prev, line.strip()))
            )
        )
    return out


_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[*+\-•▪◦]|\d{1,3}[.)])[ \t]+(?=\S)")
#: a line that is a web address (a paragraph of its own)
URL_LINE = re.compile(r"(?i)^\W{0,2}(?:https?://|www\.)\S+\s*$")
#: the end of a sentence, closing quotes and brackets included
SENTENCE_CLOSE = re.compile(r"[.!?…][\"”’')\]]*\s*$")
_OPEN_LINE_END = re.compile(r"(?:[-,;:–—]|\b(?:a|an|the|of|and|or|to|in|on|for|with|by|at))\s*$")


def _closes_paragraph(prev: str, line: str) -> bool:
    """Whether a short line under a long one holds the paragraph's last words: it starts in
    lower case, ends a sentence, or the line above breaks off mid-phrase; otherwise it is a
    line of its own (an outlet, a name, a date under a headline)."""
    return bool(
        _LOWER_START.match(line) or SENTENCE_CLOSE.search(line) or _OPEN_LINE_END.search(prev)
    )


# --- the header of a page: lines a reader sees as separate ------------------------------------

#: the header: at most this many lines at the top of a page, up to its first body line
HEADER_LINES = 12
#: a page whose lines longer than the wrap width hold this share of its characters is not
#: hard-wrapped: every line break in it is the writer's
UNWRAPPED_SHARE = 0.5
#: on a hard-wrapped page a line at least this share of the wrap width is body text
BODY_LINE = 0.9
_OPEN_END = re.compile(_OPEN_LINE_END.pattern, re.IGNORECASE)  # "…Ukraine: An" too
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
#: a name that starts in lower case: "gCaptain", "evertonfc.example"
_NAME_TOKEN = re.compile(r"^(?:[a-z]+[A-Z][\w-]*|[\w-]+(?:\.[a-z]{2,})+)(?![\w.])")
_FINAL_PUNCT = re.compile(r"[.,;:!?]$")
_OPENING_MARKS = "\"“‘'([«„¿¡*"


#: the wrap width is the length this share of a page's lines (within the wrap) reach at most:
#: a stray longer line (an address, a table row) does not widen it
WRAP_QUANTILE = 0.9


def page_wrap_width(text: str) -> float:
    """The width a page's text is wrapped at (:data:`WRAP_QUANTILE` of its lines within
    :data:`WRAP_WIDTH` are no longer), or infinity when most of its text stands in longer
    lines (a copied web page: no wrapping). Linear: the lengths are counted, not sorted."""
    counts = [0] * (WRAP_WIDTH + 1)
    total = long_chars = 0
    for line in text.split("\n"):
        n = len(line.rstrip())
        total += n
        if n > WRAP_WIDTH:
            long_chars += n
        else:
            counts[n] += 1
    if total and long_chars >= UNWRAPPED_SHARE * total:
        return float("inf")
    need, seen = WRAP_QUANTILE * sum(counts[1:]), 0
    for n in range(1, WRAP_WIDTH + 1):
        seen += counts[n]
        if seen and seen >= need:
            return float(n)
    return float(WRAP_WIDTH)


def _starts_upper(line: str) -> bool:
    """The line opens (after quotes or brackets) with a capital or a digit."""
    c = line.lstrip(_OPENING_MARKS)[:1]
    return c.isupper() or c.isdigit()


def is_date_line(line: str) -> bool:
    """A short line that gives a date or a time ("Published 8 June 2026, 13:02")."""
    if len(line.split()) > 12 or not any(c.isdigit() for c in line):
        return False
    return bool(_NUMERIC_DATE.search(line)) or any(d.iso for d in find_dates(line))


def is_name_line(line: str) -> bool:
    """A short name-shaped line: an outlet, a site, a person (at most five words, no final
    punctuation, a capital or a lower-case name like "gCaptain" first)."""
    words = line.split()
    return (
        0 < len(words) <= 5
        and not _FINAL_PUNCT.search(line)
        and (_starts_upper(line) or _NAME_TOKEN.match(line) is not None)
    )


def _is_headline(line: str) -> bool:
    """Headline-shaped: a capital first, at most 30 words, not broken off mid-phrase."""
    return len(line.split()) <= 30 and _starts_upper(line) and not _OPEN_END.search(line)


def header_break(prev: str, nxt: str, width: float) -> bool:
    """Does the line break between two header lines separate them? Not when the next line's
    first word would not have fit on the line above (the text is wrapped at ``width``) or the
    phrase goes on; yes before a web address, a date line, a name line (on a wrapped page only
    a one-word name) and between two headline-shaped lines of an unwrapped page (a headline and
    its translation). After a line that breaks off mid-phrase ("…runs on") only a date, an
    address or, on an unwrapped page, a one-word name stands apart."""
    if not prev or not nxt or _LIST_ITEM.match(nxt):
        return False
    if URL_LINE.match(prev) or URL_LINE.match(nxt):
        return True
    if len(prev) + 1 + len(nxt.split(None, 1)[0]) > width:
        return False
    unwrapped = width == float("inf")
    one_word_name = " " not in nxt and is_name_line(nxt)
    if _OPEN_END.search(prev):
        return unwrapped and one_word_name
    if is_date_line(nxt):
        return True
    if _LOWER_START.match(nxt) and not _NAME_TOKEN.match(nxt):
        return False
    if not unwrapped:
        return one_word_name
    return is_name_line(nxt) or (_is_headline(prev) and _is_headline(nxt))


def _is_body_line(n: int, width: float) -> bool:
    """A line of ``n`` characters is body text: longer than any wrap, or near ``width``."""
    return n > WRAP_WIDTH or (width != float("inf") and n >= BODY_LINE * width)


def split_header(blocks: Sequence[Aligned], page_text: str) -> list[Aligned]:
    """The blocks of a page with its header's blocks cut at each :func:`header_break`: the
    first :data:`HEADER_LINES` lines before the first body line (longer than any wrap, or
    near the page's wrap width). Only the header is cut; the page's width is measured once,
    when a header block has more than one line."""
    if not any("\n" in b.text for b in blocks[:HEADER_LINES]):
        return list(blocks)  # nothing to cut
    width = page_wrap_width(page_text)
    out: list[Aligned] = []
    seen = 0
    for i, block in enumerate(blocks):
        all_lines = block.text.split("\n")
        spans = _line_spans(all_lines[: HEADER_LINES + 1])
        lines = [block.text[a:b] for a, b in spans]
        if seen >= HEADER_LINES or _is_body_line(len(lines[0]), width):
            return [*out, *blocks[i:]]
        breaks = line_breaks(all_lines, upto=len(lines))  # the pieces keep the block's cuts
        start, done = 0, len(all_lines) > len(lines)
        for j in range(1, len(lines)):
            if seen + j >= HEADER_LINES or _is_body_line(len(lines[j]), width):
                done = True  # the header ends inside this block
                break
            if breaks[j] or header_break(lines[j - 1], lines[j], width):
                out.append(block.slice(spans[start][0], spans[j - 1][1]))
                start = j
        out.append(block.slice(spans[start][0], len(block)) if start else block)
        seen += len(all_lines)
        if done:
            return [*out, *blocks[i + 1 :]]
    return out


def _line_spans(lines: Sequence[str]) -> list[tuple[int, int]]:
    """``[start, end)`` of each of the first lines of a text, outer white space left out."""
    out, pos = [], 0
    for line in lines:
        lead = len(line) - len(line.lstrip())
        out.append((pos + lead, pos + max(lead, len(line.rstrip()))))
        pos += len(line) + 1
    return out


_BULLET = re.compile(r"^[ \t]{0,3}[*+\-•▪◦][ \t]+(?=\S)")


def strip_bullet(t: Aligned) -> Aligned:
    """A list item's bullet ("* ", "- ", "• ") dropped; numbers of numbered items stay."""
    m = _BULLET.match(t.text)
    return t.slice(m.end(), len(t)) if m else t


_HYPHEN_END = re.compile(r"(?<=[a-z])[-\u00ad]$")


def join_wrapped(lines: Sequence[Aligned]) -> Aligned:
    """Join hard-wrapped lines with spaces; "con-" + "ducted" → "conducted"."""
    if len(lines) == 1:
        return lines[0]
    pieces = [lines[0]]
    for line in lines[1:]:
        prev = pieces[-1]
        if _HYPHEN_END.search(prev.text) and line.text[:1].islower():
            merged = concat([prev.slice(0, len(prev) - 1), line], sep="")
            pieces[-1] = merged
        else:
            pieces.append(line)
    return concat(pieces, sep=" ") if len(pieces) > 1 else pieces[0]


_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]…]\s*$")
_LOWER_START = re.compile(r"^[\"“‘']?[a-z]")


def is_broken_sentence(prev: str, nxt: str) -> bool:
    """Does a paragraph break split one sentence ("…have been conducted" / "through the …")?"""
    return not _SENTENCE_END.search(prev) and _LOWER_START.match(nxt) is not None


def join_broken_sentences(paras: Sequence[Aligned]) -> list[Aligned]:
    """Merge paragraphs separated by a blank line in the middle of a sentence.

    The paragraphs of one sentence are gathered first and joined once (joining each to the
    growing result, and searching its whole text for the sentence end, took quadratic time:
    minutes on a page of 300,000 short lines). Whether the sentence goes on is read off the
    last paragraph of the group with text, as it was off the end of the joined text.

    A web address is no sentence's continuation, nor in the page's header (its first
    :data:`HEADER_LINES` paragraphs up to the first longer than :data:`WRAP_WIDTH`) a name
    that starts in lower case ("gCaptain", "site.example — News") under a complete line."""
    groups: list[list[Aligned]] = []
    tail = ""
    header = True
    for i, p in enumerate(paras):
        header = header and i < HEADER_LINES and len(p) <= WRAP_WIDTH
        if (
            groups
            and is_broken_sentence(tail, p.text)
            and not URL_LINE.match(p.text)
            and not (header and _NAME_TOKEN.match(p.text) and not _OPEN_END.search(tail))
        ):
            groups[-1].append(p)
            if p.text.strip():
                tail = p.text
        else:
            groups.append([p])
            tail = p.text
    return [concat(g, sep=" ") if len(g) > 1 else g[0] for g in groups]


# --- characters -----------------------------------------------------------------------------------

_QUOTES = {
    "\u201e": "\u201c",  # „ low double → “
    "\u201f": "\u201c",
    "\u00ab": "\u201c",  # « → “
    "\u00bb": "\u201d",
    "\u2039": "\u2018",
    "\u203a": "\u2019",
    "\u201a": "\u2018",  # ‚ low single → ‘
    "\u201b": "\u2018",
    "\u2032": "\u2019",  # prime used as apostrophe
    "\u02bc": "\u2019",
    "\u00b4": "\u2019",
    "\u0060": "\u2018",
}
_QUOTE_RE = re.compile("``|''|[" + "".join(_QUOTES) + "]")
_QUOTE_CHARS = frozenset(_QUOTES) | {"'"}


def normalise_quotes(t: Aligned) -> Aligned:
    """One set of quote marks: the typographic “ ” ‘ ’ (and ASCII " ' as they are);
    ``TeX quotes'', guillemets, low-9 quotes, primes and acute accents used as quotes map to it."""
    if not _QUOTE_CHARS.intersection(t.text):
        return t
    return t.sub(
        _QUOTE_RE,
        lambda m: {"``": "\u201c", "''": "\u201d"}.get(m.group(), _QUOTES.get(m.group(), "")),
    )


_DASH_RE = re.compile(r"(?<=\w) ?--- ?(?=\w)|(?<=\w) ?-- ?(?=\w)|(?<=\s)--?(?=\s)|[\u2012\u2015]")
_HYPHEN_CHARS = re.compile(r"[\u2010\u2011\u2043]")


def normalise_dashes(t: Aligned) -> Aligned:
    """ASCII dashes "--" and " - " between words → "—"; figure/bar dashes → "—"; Unicode
    hyphens → "-"."""
    if "--" in t.text or " -" in t.text or "\u2012" in t.text or "\u2015" in t.text:
        t = t.sub(_DASH_RE, "\u2014")
    return t if t.text.isascii() else t.sub(_HYPHEN_CHARS, "-")


_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RUN = re.compile(r" \s+|[^\S ]\s*")  # any whitespace but a lone space (\s is Unicode)


def normalise_whitespace(t: Aligned) -> Aligned:
    """Soft hyphens and zero-width characters removed; every whitespace run → one space."""
    if not t.text.isascii():
        t = t.sub(_INVISIBLE, "")
    t = t.sub(_SPACE_RUN, " ")
    return t.strip()


_STRAY_BACKSLASH = re.compile(r"\\(?=\s|$)|(?<=\s)\\(?=\w)")


def remove_stray_backslashes(t: Aligned) -> Aligned:
    """Backslashes left over from escaping: at a line end (Markdown hard break) or before a word."""
    if "\\" not in t.text:
        return t
    return t.sub(_STRAY_BACKSLASH, "")


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_LIGATURE_RE = re.compile("[" + "".join(_LIGATURES) + "]")


def expand_ligatures(t: Aligned) -> Aligned:
    """Typographic ligatures from PDF text layers ("ﬁ") → their letters ("fi")."""
    return t if t.text.isascii() else t.sub(_LIGATURE_RE, lambda m: _LIGATURES[m.group()])


def clean_inline(t: Aligned, typography: bool = True) -> Aligned:
    """The character-level steps on one paragraph; without ``typography``, quotes and dashes
    stay as printed (a headline kept as the page prints it)."""
    t = expand_ligatures(t)
    t = remove_stray_backslashes(t)
    if typography:
        t = normalise_quotes(t)
        t = normalise_dashes(t)
    return normalise_whitespace(t)


# --- boilerplate --------------------------------------------------------------------------------

BOILERPLATE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "contact footer",
        re.compile(r"(?i)^to (?:contact|reach|write to) .{0,120}?(?:visit|write|email)\b.{0,80}$"),
    ),
    (
        "subscription footer",
        re.compile(
            r"(?i)^(?:subscribe|sign up|join)\b.{0,160}\b(?:newsletter|inbox|updates|subscri\w+)"
            r"\b.{0,80}$|^(?:follow us|share this article|support our journalism)\b.{0,160}$"
        ),
    ),
    ("copyright notice", re.compile(r"(?i)^(?:copyright\s*)?(?:©|\(c\))\s*\d{4}.{0,160}$")),
    ("rights notice", re.compile(r"(?i)^.{0,120}\ball rights reserved\.?$")),
    (
        "source trailer",
        re.compile(
            r"(?i)^\((?:this|the) (?:article|report|story) "
            r"(?:references|is based on|draws on|cites)\b.{0,200}\)\.?$"
        ),
    ),
    (
        "bare link",
        re.compile(r"(?i)^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$"),
    ),
    (
        "page number",
        re.compile(r"(?i)^[-–—(\[]?\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*[-–—)\]]?$"),
    ),
    (
        "cookie notice",
        re.compile(
            r"(?i)^.{0,200}\b(?:we use cookies|cookie policy|accept (?:all )?cookies)\b.{0,200}$"
        ),
    ),
)


def boilerplate_reason(text: str) -> str:
    """The reason a whole paragraph is site furniture, or ``""`` if it is content."""
    if len(text) > 400:
        return ""
    lower = text.lower()
    for reason, pattern in BOILERPLATE:
        hint = _HINTS.get(reason)
        if hint is not None and not any(h in lower for h in hint):
            continue  # cheap test first: the pattern cannot match without one of these words
        if pattern.match(text):
            return reason
    return ""


_HINTS: dict[str, tuple[str, ...]] = {
    "contact footer": ("to contact", "to reach", "to write"),
    "copyright notice": ("©", "(c)"),
    "rights notice": ("all rights reserved",),
    "source trailer": ("(th",),
    "cookie notice": ("cookie",),
}


_META_PREFIX = re.compile(
    r"^\W{0,3}(?P<label>date|published|posted|updated|dateline)\s*[:\-–—]?\s*"
    r"(?P<value>\d{4}-\d{2}-\d{2}(?:T[\d:.+\-Z]+)?|\d{1,2} [A-Z][a-z]+ \d{4}|"
    r"[A-Z][a-z]+\.? \d{1,2},? \d{4})\b[\s|,;:.\-–—]*",
    re.IGNORECASE,
)


def metadata_prefix(text: str) -> re.Match[str] | None:
    """A leading "date 2024-06-26 " / "Published: July 5, 2024 |" label glued to the text."""
    return _META_PREFIX.match(text)


def normalised_key(text: str) -> str:
    """Comparison key for repeated paragraphs: lower-case letters and digits only."""
    return _NON_WORD.sub("", text.lower())


_NON_WORD = re.compile(r"[\W_]+")


def repeated_indices(texts: Sequence[str], min_chars: int = 40) -> list[int]:
    """Indices of paragraphs repeating an earlier paragraph of the same document."""
    seen: set[str] = set()
    out = []
    for i, text in enumerate(texts):
        key = normalised_key(text)
        if len(key) < min_chars:
            continue
        if key in seen:
            out.append(i)
        seen.add(key)
    return out


def running_lines(
    paras: Sequence[tuple[int, str]], min_pages: int = 3, max_chars: int = 100
) -> list[int]:
    """Indices of running headers/footers: a short paragraph on ``min_pages`` or more pages.

    ``paras`` is (page, text) per paragraph, in order. Page numbers inside the line
    ("Harbour Times · page 3") are ignored when comparing.
    """

    def key(text: str) -> str:
        return normalised_key(re.sub(r"\d+", "#", text))

    pages: dict[str, set[int]] = {}
    for page, text in paras:
        if len(text) <= max_chars:
            pages.setdefault(key(text), set()).add(page)
    return [
        i
        for i, (_page, text) in enumerate(paras)
        if len(text) <= max_chars and len(pages.get(key(text), ())) >= min_pages
    ]


# --- language -----------------------------------------------------------------------------------

_STOPWORDS = {
    "en": "the of and to in is that for it with as was on be by at this are from",
    "de": "der die und das ist nicht mit den von zu ein eine auf für sich dem des",
    "fr": "le la les et des est une que pour dans qui pas sur du au avec",
    "es": "el la los las y que en es por una para con del se al como",
    "it": "il di che la per una sono della non con gli del nel alla",
    "nl": "de het een van en is dat op te voor niet met zijn die",
    "pt": "o a os que de do da em para com uma não por dos se",
}
_STOP_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str, min_hits: int = 5) -> str:
    """ISO 639-1 code by stop-word counts on the first 5,000 characters, ``""`` if unsure."""
    words = Counter(_WORD.findall(text[:5000].lower()))
    if not words:
        return ""
    scores = {lang: sum(words[w] for w in stops) for lang, stops in _STOP_SETS.items()}
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < min_hits or ranked[0] < 1.5 * ranked[1]:
        return ""
    return best


# --- corpus level (for the merge stage: it needs every shard) -------------------------------


def recurring_paragraphs(
    docs: Mapping[str, tuple[str, Sequence[str]]],
    min_docs: int = 3,
    max_chars: int = 300,
    keys: dict[str, str] | None = None,
) -> dict[str, list[int]]:
    """Paragraphs that recur in ``min_docs`` or more documents of one outlet: site furniture.

    ``docs`` maps doc_id → (outlet, paragraph texts). Returns doc_id → indices of such
    paragraphs. Only short paragraphs count (a story syndicated twice is a duplicate, not
    boilerplate), and documents without an outlet are never grouped. This needs the whole
    corpus, so it belongs to merge, never to a per-shard rule. ``keys`` (text →
    :func:`normalised_key`) is filled with every paragraph keyed, each distinct text once
    (boilerplate repeats); the caller may pass a dict to reuse them.
    """
    seen: dict[tuple[str, str], set[str]] = {}
    keys = {} if keys is None else keys

    def key_of(text: str) -> str:
        key = keys.get(text)
        if key is None:
            key = keys[text] = normalised_key(text)
        return key

    for doc_id, (outlet, texts) in docs.items():
        if not outlet:
            continue
        for text in texts:
            if len(text) > max_chars:
                continue  # checked first: most paragraphs are longer, and keys cost
            key = key_of(text)
            if key:
                seen.setdefault((outlet, key), set()).add(doc_id)
    out: dict[str, list[int]] = {}
    for doc_id, (outlet, texts) in docs.items():
        hits = [
            i
            for i, text in enumerate(texts)
            if outlet
            and len(text) <= max_chars
            and len(seen.get((outlet, key_of(text)), ())) >= min_docs
        ]
        if hits:
            out[doc_id] = hits
    return out

"""Quotes: a paragraph prepared for the rules (tokens, sentences), speakers and quotes found."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import sentence_spans
from sourcebook.extract.quotes.lexicon import TOKEN
from sourcebook.extract.quotes.marks import Piece, trim_end


@dataclass
class Para:
    """One paragraph prepared for the rules: tokens, sentence starts, quote spans in it."""

    para: Paragraph
    pos: int
    text: str
    mentions: list[Mention]
    quoted: list[tuple[int, int]] = field(default_factory=list)
    known: frozenset[str] = frozenset()  # words of the document's entity names
    spoken: set[int] = field(default_factory=set)  # starts of the quotes someone said
    roles: dict[tuple[int, int], set[str]] = field(default_factory=dict)  # see role_words
    tokens: list[tuple[int, int, str]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # token start offsets (bisect)
    sentences: list[int] = field(default_factory=list)  # sentence start offsets

    def prepare(self) -> None:
        """Tokenise the text outside quotes and find its sentence starts."""
        self.tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(self.text)]
        if self.quoted:
            self.quoted.sort()
            self.tokens = _outside(self.tokens, self.quoted)
        self.starts = [t[0] for t in self.tokens]
        self.sentences = sentence_starts(self.text, self.quoted)

    def in_quote(self, i: int) -> bool:
        """Offset ``i`` lies inside a quote."""
        return any(s <= i < e for s, e in self.quoted)

    def sentence(self, i: int) -> tuple[int, int]:
        """[start, end) of the sentence holding offset ``i``."""
        k = bisect.bisect_right(self.sentences, i) - 1
        start = self.sentences[k] if k >= 0 else 0
        end = self.sentences[k + 1] if k + 1 < len(self.sentences) else len(self.text)
        return start, trim_end(self.text, end)

    def token_at(self, i: int) -> int:
        """Index of the first token starting at or after ``i``."""
        return bisect.bisect_left(self.starts, i)

    def mention_at(self, s: int, e: int) -> list[Mention]:
        """The mentions overlapping ``[s, e)``."""
        return [m for m in self.mentions if m.para_start < e and s < m.para_end]


def _outside(
    tokens: list[tuple[int, int, str]], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """The tokens starting outside the sorted ``spans`` (one pass over both)."""
    kept = []
    k = 0
    for t in tokens:
        while k < len(spans) and spans[k][1] <= t[0]:
            k += 1
        if k < len(spans) and spans[k][0] <= t[0]:
            continue
        kept.append(t)
    return kept


def sentence_starts(text: str, quoted: Sequence[tuple[int, int]]) -> list[int]:
    """Sentence starts by the project's splitter (:func:`sentence_spans`), none inside a quote."""
    out = [0]
    for start, _ in sentence_spans(text)[1:]:
        if not any(s < start < e for s, e in quoted):
            out.append(start)
    for s, _ in quoted:
        if s > 0 and text[:s].rstrip().endswith((".", "!", "?")) and s not in out:
            out.append(s)
    return sorted(out)


@dataclass
class Speaker:
    """A speaker found in the text, then resolved to an entity when possible."""

    pos: int
    start: int
    end: int
    text: str
    kind: str  # named, pronoun, description, anonymous
    head: str = ""  # head word (lower case) of a pronoun or description
    mention: Mention | None = None
    name: str = ""
    entity_id: str = ""
    anonymous_hint: bool = False


@dataclass
class Found:
    """A quotation or reported clause before it becomes a :class:`Quote` record."""

    pieces: list[Piece]
    kind: str
    cue: str = ""
    speaker: Speaker | None = None
    implicit: bool = False
    forward: bool = False  # a headline quote whose speaker the story names later
    attribution: tuple[int, int, int] | None = None  # (pos, start, end) of "he said"

    @property
    def key(self) -> tuple[int, int]:
        """(paragraph position, start) of the first piece: the text order."""
        return self.pieces[0].pos, self.pieces[0].start

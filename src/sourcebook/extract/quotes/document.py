"""Quotes of one document: every step in order, then :class:`Quote` records with raw offsets."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from sourcebook.core.schema import Mention, Paragraph, Quote
from sourcebook.core.text import sentence_of
from sourcebook.extract.quotes.direct import (
    attribute,
    block_quotes,
    forward_speakers,
    joins_previous,
)
from sourcebook.extract.quotes.indirect import LABEL, headline_speech, indirect_speech
from sourcebook.extract.quotes.lexicon import ACCORDING, CUE_LEMMA
from sourcebook.extract.quotes.marks import DOUBLE, quote_spans
from sourcebook.extract.quotes.names import untagged_people
from sourcebook.extract.quotes.paragraphs import Found, Para, Speaker
from sourcebook.extract.quotes.resolve import resolve_speakers
from sourcebook.normalise.align import to_raw

#: what opens a quote: a double or typographic mark; a straight single mark after a space
_OPENERS = DOUBLE + "‘「『"
_SINGLE_OPEN = re.compile(r"(?:^|[\s(—])'")
_WORD = re.compile(r"\w+")


def _candidate(text: str) -> bool:
    """A paragraph that may hold a quote or reported speech: a quote mark, an opening dash,
    "according to" or a speech verb (plain look-ups: several times faster than one pattern
    of every verb form)."""
    return (
        any(c in text for c in _OPENERS)
        or text[:1] in ("—", "–")
        or ("'" in text and _SINGLE_OPEN.search(text) is not None)
        or ("ccording to" in text and ACCORDING.search(text) is not None)
        or not CUE_LEMMA.keys().isdisjoint(_WORD.findall(text))
    )


def find_quotes(paragraphs: Sequence[Paragraph], mentions: Sequence[Mention]) -> list[Found]:
    """Every quote and reported clause of one document, speakers resolved, in text order."""
    paras = sorted(paragraphs, key=lambda p: p.index)
    by_para: dict[int, list[Mention]] = {}
    for m in mentions:
        by_para.setdefault(m.paragraph, []).append(m)
    for para in paras:
        found = by_para.setdefault(para.index, [])
        found += untagged_people(para, found)
        found.sort(key=lambda m: m.para_start)
    known = frozenset(w for ms in by_para.values() for m in ms for w in m.text.split())
    ps = [
        Para(para, i, para.text, by_para.get(para.index, []), known=known)
        for i, para in enumerate(paras)
    ]
    spans = quote_spans([p.text for p in ps])
    for q in spans:
        for piece in q:
            ps[piece.pos].quoted.append((piece.start, piece.end))
    for p in ps:
        if p.quoted or _candidate(p.text) or LABEL.match(p.text):
            p.prepare()
    found: list[Found] = []
    for q in spans:
        if found and joins_previous(ps, found[-1], q):
            found[-1].pieces.extend(q)
            continue
        f = attribute(ps, q, found)
        if f is not None:
            found.append(f)
    for f in found:
        for pc in f.pieces:
            ps[pc.pos].spoken.add(pc.start)
    marked = {piece.pos for q in spans for piece in q}
    found += block_quotes(ps, found, marked)
    taken: dict[int, list[tuple[int, int]]] = {}
    for f in found:  # a partial quote's verb may report a clause beside it: "said A and that “B”"
        if f.attribution is not None and f.kind == "direct":
            taken.setdefault(f.attribution[0], []).append(f.attribution[1:])
    for p in ps:
        if p.tokens and p.para.kind in ("body", ""):
            found += indirect_speech(p, taken.get(p.pos, []))
        elif p.tokens and p.para.kind == "title":
            found += headline_speech(p, taken.get(p.pos, []))
    found.sort(key=lambda f: f.key)
    resolve_speakers(ps, found)
    forward_speakers(ps, found)
    _carry_implicit(found)
    return [f for f in found if f.speaker is not None]


def _carry_implicit(found: Sequence[Found]) -> None:
    """A follow-up quote takes the resolved speaker of the quote it follows."""
    for f in found:
        if f.implicit and f.speaker is not None:
            f.speaker = Speaker(
                f.speaker.pos,
                f.speaker.start,
                f.speaker.end,
                f.speaker.text,
                "implicit",
                mention=f.speaker.mention,
                name=f.speaker.name,
                entity_id=f.speaker.entity_id,
            )


def _raw(para: Paragraph, s: int, e: int) -> tuple[int, int]:
    """Raw page offsets of the paragraph span ``[s, e)``."""
    return to_raw(para.source_map, para.start, s, e)


def quote_records(
    paragraphs: Sequence[Paragraph], found: Sequence[Found], doc_id: str
) -> list[Quote]:
    """The found quotes as :class:`Quote` records with raw offsets."""
    paras = sorted(paragraphs, key=lambda p: p.index)
    out = []
    for n, f in enumerate(found, 1):
        first, last = f.pieces[0], f.pieces[-1]
        p0, p1 = paras[first.pos], paras[last.pos]
        raws = [(paras[pc.pos].page, *_raw(paras[pc.pos], pc.start, pc.end)) for pc in f.pieces]
        joined = ""
        for i, pc in enumerate(f.pieces):
            sep = "" if i == 0 else " … " if pc.pos == f.pieces[i - 1].pos else " "
            joined += sep + paras[pc.pos].text[pc.start : pc.end]
        end = raws[-1][2] if p1.page == p0.page else raws[0][2]
        sp = f.speaker
        spoken = sp is not None and not f.implicit
        s_raw = _raw(paras[sp.pos], sp.start, sp.end) if spoken and sp else (None, None)
        out.append(
            Quote(
                doc_id=doc_id,
                quote_id=f"{doc_id}:q{n:04d}",
                paragraph=p0.index,
                page=p0.page,
                start=raws[0][1],
                end=end,
                text=joined,
                kind=f.kind,
                cue=f.cue,
                speaker_text=sp.text if spoken and sp else "",
                speaker_start=s_raw[0],
                speaker_end=s_raw[1],
                speaker_entity_id=sp.entity_id if sp else "",
                speaker_name=sp.name if sp else "",
                speaker_kind=sp.kind if sp else "",
                speaker_page=paras[sp.pos].page if spoken and sp else None,
                parts=json.dumps([list(r) for r in raws]) if len(raws) > 1 else "",
                sentence=_sentence_text(paras, f),
                para_start=first.start,
                para_end=last.end,
            )
        )
    return out


def _sentence_text(paras: Sequence[Paragraph], f: Found) -> str:
    """The sentence(s) of the paragraph that hold the quote, by the project's one splitter
    (abbreviations and initials such as "Dr." or "Donald J." do not end a sentence)."""
    first, last = f.pieces[0], f.pieces[-1]
    if first.pos != last.pos:
        return ""
    return sentence_of(paras[first.pos].text, first.start, last.end)


def extract_quotes(paragraphs: Sequence[Paragraph], mentions: Sequence[Mention]) -> list[Quote]:
    """Quotes of one document's paragraphs with speakers (its mentions give the entities)."""
    if not paragraphs:
        return []
    return quote_records(paragraphs, find_quotes(paragraphs, mentions), paragraphs[0].doc_id)

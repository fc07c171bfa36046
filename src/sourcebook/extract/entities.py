"""Extract: entity mentions and figures from cleaned paragraphs, with offsets back to the source.

Entities: header lines (byline, dateline) are split from the text around their dates before NER,
so "Andre Damon 5 July 2024" never becomes one PERSON; all segments of a shard go through one
``nlp.pipe`` call. Afterwards, per document, people are made consistent: a surname or possessive
of a full PERSON name in the same document ("Stoltenberg", "Zelenskyy") is that person, whatever
label NER gave it, and gets the person's canonical id; a name right after a personal title
("President", "Chancellor") is a PERSON unless the gazetteer knows it.

Figures: :func:`sourcebook.figures.find_figures` on every paragraph, with the document's date
(from normalise's metadata, else from a header line) as the anchor of relative dates.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sourcebook.core.dates import find_dates, header_date, parse_iso_date
from sourcebook.core.schema import Figure, Mention, Paragraph
from sourcebook.core.text import NAME_SUFFIXES, ascii_fold, sentence_of
from sourcebook.extract.figures import find_figures
from sourcebook.normalise.align import to_raw

log = logging.getLogger(__name__)

KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
HEADER_KINDS = frozenset({"byline", "dateline"})
TITLES = (
    r"President|Vice President|Chancellor|Prime Minister|Minister|Secretary|Secretary-General|"
    r"Secretary General|Senator|Sen\.|Representative|Rep\.|Gen\.|General|Adm\.|Admiral|"
    r"Ambassador|Governor|Gov\.|Mayor|King|Queen|Prince|Pope|Mr\.|Mrs\.|Ms\.|Dr\.|spokesperson|"
    r"spokesman|spokeswoman"
)
_TITLE_START = re.compile(r"(?:(?:" + TITLES + r")\s+)+")
_TITLE_BEFORE = re.compile(r"(?:\b(?:" + TITLES + r"))\s+$")
ROLES = (
    r"ambassador|spokesperson|spokesman|spokeswoman|secretary|minister|adviser|advisor|"
    r"official|president|general|senator|representative|historian|analyst|professor|"
    r"chancellor|director|chairman|chairwoman|chief|commander|envoy|diplomat|lawmaker|"
    r"economist|researcher|journalist|correspondent|premier|governor|mayor|founder|ceo"
)
_ROLE_AFTER = re.compile(
    r",\s+(?:a|an|the|who\s+(?:is|was))\s+(?:[\w.’'-]+\s+){0,4}?(?:" + ROLES + r")\b"
)
_HEADER_PREFIX = re.compile(r"^\W*(?:(?:date|published|posted|updated|on)\b\W*)?$", re.IGNORECASE)
_SUFFIXES = NAME_SUFFIXES


# --- header lines and the document date ---------------------------------------------------


def is_header(para: Paragraph, position: int) -> bool:
    """A byline/dateline: marked so by normalise, or a short early paragraph holding a full date."""
    if para.kind in HEADER_KINDS:
        return True
    if position > 4 or len(para.text) > 100:
        return False
    return header_date(para.text) is not None


def ner_segments(para: Paragraph, position: int) -> list[tuple[int, int]]:
    """Spans of the paragraph that go to NER separately: header dates are cut out."""
    text = para.text
    if is_header(para, position):
        cuts = [(d.start, d.end) for d in find_dates(text) if d.iso and not d.relative]
    else:
        first = next(iter(find_dates(text[:60])), None)
        lead = first is not None and _HEADER_PREFIX.match(text[: first.start]) is not None
        cuts = [(0, first.end)] if lead and first.iso else []  # "date 2024-06-26 …"
    if not cuts:
        return [(0, len(text))]
    segments, pos = [], 0
    for s, e in cuts:
        segments.append((pos, s))
        pos = e
    segments.append((pos, len(text)))
    out = []
    for s, e in segments:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip(" ,;:-–—|·"))
        trail = len(chunk.rstrip(" ,;:-–—|·"))
        if trail > lead and not _HEADER_PREFIX.match(chunk):  # not a bare "Date:" label
            out.append((s + lead, s + trail))
    return out


def document_date(
    metadata_date: str, paragraphs: Sequence[Paragraph]
) -> tuple[dt.date | None, str]:
    """The anchor for relative dates: normalise's Metadata.date, else a header line's date."""
    d = parse_iso_date(metadata_date)
    if d is not None:
        return d, "metadata"
    for pos, para in enumerate(sorted(paragraphs, key=lambda p: p.index)[:6]):
        if is_header(para, pos):
            found = header_date(para.text)
            if found:
                return found, f"header paragraph {para.index}"
        first = next(iter(find_dates(para.text[:60])), None)
        if first is not None and _HEADER_PREFIX.match(para.text[: first.start]):
            found = (
                parse_iso_date(first.iso) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", first.iso) else None
            )
            if found:
                return found, f"leading date of paragraph {para.index}"
    return None, ""


# --- entities ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    para: Paragraph
    start: int
    end: int


def _mention(para: Paragraph, s: int, e: int, label: str, canonical_id: str) -> Mention:
    start, end = to_raw(para.source_map, para.start, s, e)
    return Mention(
        doc_id=para.doc_id,
        paragraph=para.index,
        page=para.page,
        start=start,
        end=end,
        text=para.text[s:e],
        label=label,
        canonical_id=canonical_id,
        sentence=sentence_of(para.text, s, e),
        para_start=s,
        para_end=e,
    )


def segments_of(paragraphs: Sequence[Paragraph]) -> list[_Segment]:
    out = []
    by_doc: dict[str, list[Paragraph]] = defaultdict(list)
    for p in paragraphs:
        by_doc[p.doc_id].append(p)
    for doc_paras in by_doc.values():
        for pos, para in enumerate(sorted(doc_paras, key=lambda p: p.index)):
            out.extend(_Segment(para, s, e) for s, e in ner_segments(para, pos))
    return out


_EMPHASIS = re.compile(r"\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}")


def mask_markup(text: str) -> str:
    """Markdown emphasis left in the text ("*Wall Street Journal*") blanked out for NER, same
    length so offsets hold."""
    return _EMPHASIS.sub(lambda m: " " * len(m.group(0)), text) if "*" in text else text


def raw_mentions(nlp, segments: Sequence[_Segment], batch_size: int = 64) -> list[Mention]:
    """NER over all segments in one ``nlp.pipe`` call, as mentions of their paragraphs."""
    mentions: list[Mention] = []
    texts = (mask_markup(seg.para.text[seg.start : seg.end]) for seg in segments)
    for seg, doc in zip(segments, nlp.pipe(texts, batch_size=batch_size), strict=True):
        for ent in doc.ents:
            if ent.label_ not in KEEP_LABELS:
                continue
            s, e = seg.start + ent.start_char, seg.start + ent.end_char
            label = ent.label_
            if label == "PERSON" and re.search(r"\d", ent.text):
                cut = re.search(r"\s*\d", ent.text)
                e = s + cut.start()
                if e <= s:
                    continue
            if label == "PERSON":
                title = _TITLE_START.match(seg.para.text, s, e)
                if title and title.end() < e:  # "Secretary General Stoltenberg" → the name
                    s = title.end()
            mentions.append(_mention(seg.para, s, e, label, ent.ent_id_))
    return mentions


def _strip_possessive(text: str) -> str:
    return re.sub(r"(?:['’]s?)$", "", text.strip())


def person_slug(name: str) -> str:
    """Canonical id of a person, folded so that transliteration and spelling variants meet:
    accents dropped, doubled letters collapsed ("Zelenskyy"/"Zelensky", "Sullivan"/"Sulivan")."""
    t = ascii_fold(name)
    t = re.sub(r"([a-z])\1+", r"\1", t)
    return "person:" + re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def _full_names(mentions: Sequence[Mention]) -> dict[str, str]:
    """Surname → full name of the PERSON mentions of one document (unambiguous ones only)."""
    fulls: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.label != "PERSON" or m.canonical_id:
            continue
        words = _person_key(m.text).split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            full = " ".join(words)
            fulls[words[-1]].add(full)
            fulls[full].add(full)
    return {k: next(iter(v)) for k, v in fulls.items() if len(v) == 1}


def _person_key(text: str) -> str:
    words = [w for w in _strip_possessive(text).split() if w.lower() not in _SUFFIXES]
    return " ".join(words)


def _junk(m: Mention) -> bool:
    """Fragments NER sometimes returns: "F-", "*", a lone letter."""
    return m.text.endswith("-") or not re.search(r"[A-Za-z]{2}", m.text)


def _titled(m: Mention, text: str) -> bool:
    """A personal title right before ("President X") or a role right after ("X, a former
    US ambassador")."""
    if _TITLE_BEFORE.search(text[max(0, m.para_start - 25) : m.para_start]):
        return True
    return _ROLE_AFTER.match(text, m.para_end) is not None


def fix_people(mentions: list[Mention], paragraphs: Sequence[Paragraph]) -> list[Mention]:
    """Make one document's people consistent (see the module docstring)."""
    texts = {p.index: p.text for p in paragraphs}
    mentions = [
        replace(m, label="PERSON")
        if m.label in ("GPE", "ORG", "NORP", "LOC")
        and not m.canonical_id
        and _titled(m, texts.get(m.paragraph, ""))
        else m
        for m in mentions
        if not _junk(m)
    ]
    names = _full_names(mentions)
    out: list[Mention] = []
    for m in mentions:
        key = _person_key(m.text)
        if key in names and not (m.canonical_id and not m.canonical_id.startswith("person:")):
            out.append(replace(m, label="PERSON", canonical_id=person_slug(names[key])))
        else:
            out.append(m)
    # a single name seen as a PERSON in this document is a PERSON everywhere in it
    single = {_person_key(m.text) for m in out if m.label == "PERSON" and " " not in m.text}
    out = [
        replace(m, label="PERSON")
        if m.label != "PERSON" and not m.canonical_id and _person_key(m.text) in single
        else m
        for m in out
    ]
    # surnames NER did not tag at all
    surnames = sorted((k for k in names if " " not in k), key=len, reverse=True)
    if surnames:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, surnames)) + r")\b")
        taken = defaultdict(list)
        for m in out:
            taken[m.paragraph].append((m.para_start, m.para_end))
        for para in paragraphs:
            for hit in pattern.finditer(para.text):
                s, e = hit.span()
                if any(s < te and ts < e for ts, te in taken[para.index]):
                    continue
                out.append(_mention(para, s, e, "PERSON", person_slug(names[hit.group(0)])))
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


def extract_mentions(nlp, paragraphs: Sequence[Paragraph], batch_size: int = 64) -> list[Mention]:
    """Mentions of one document's (or several documents') paragraphs."""
    mentions = raw_mentions(nlp, segments_of(paragraphs), batch_size)
    return postprocess_mentions(mentions, paragraphs)


def postprocess_mentions(
    mentions: Sequence[Mention], paragraphs: Sequence[Paragraph]
) -> list[Mention]:
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    paras_by_doc: dict[str, list[Paragraph]] = defaultdict(list)
    for p in paragraphs:
        paras_by_doc[p.doc_id].append(p)
    out: list[Mention] = []
    for doc_id in sorted(paras_by_doc):
        out.extend(fix_people(by_doc.get(doc_id, []), paras_by_doc[doc_id]))
    return out


# --- figures -----------------------------------------------------------------------------


def extract_figures(paragraphs: Sequence[Paragraph], anchor: dt.date | None) -> list[Figure]:
    """Figures of one document's paragraphs; relative dates resolved against ``anchor``."""
    figures: list[Figure] = []
    for para in sorted(paragraphs, key=lambda p: p.index):
        for f in find_figures(para.text, anchor):
            start, end = to_raw(para.source_map, para.start, f.start, f.end)
            figures.append(
                Figure(
                    doc_id=para.doc_id,
                    paragraph=para.index,
                    page=para.page,
                    start=start,
                    end=end,
                    text=f.text,
                    value=None if f.value is None else float(f.value),
                    value_max=None if f.value_max is None else float(f.value_max),
                    unit=f.unit,
                    kind=f.kind,
                    qualifier=f.qualifier,
                    subject=f.subject,
                    date_iso=f.date_iso,
                    sentence=sentence_of(para.text, f.start, f.end),
                    para_start=f.start,
                    para_end=f.end,
                )
            )
    return figures

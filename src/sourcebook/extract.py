"""Extract: named-entity mentions from cleaned paragraphs, with offsets back to the source."""

from __future__ import annotations

from collections.abc import Sequence

from .align import to_raw
from .schema import Mention, Paragraph

KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around [start, end), by punctuation (no parser needed)."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    s = left + 2 if left >= 0 else 0
    right = [i for i in (text.find(". ", end), text.find("? ", end), text.find("! ", end)) if i >= 0]
    e = min(right) + 1 if right else len(text)
    return text[s:e].strip()


def extract_mentions(nlp, paragraphs: Sequence[Paragraph], batch_size: int = 64) -> list[Mention]:
    """Run NER over the paragraphs (one ``nlp.pipe`` call) and map entities back to the source."""
    mentions: list[Mention] = []
    docs = nlp.pipe((p.text for p in paragraphs), batch_size=batch_size)
    for para, doc in zip(paragraphs, docs, strict=True):
        for ent in doc.ents:
            if ent.label_ not in KEEP_LABELS:
                continue
            start, end = to_raw(para.source_map, para.start, ent.start_char, ent.end_char)
            mentions.append(
                Mention(
                    doc_id=para.doc_id,
                    paragraph=para.index,
                    page=para.page,
                    start=start,
                    end=end,
                    text=ent.text,
                    label=ent.label_,
                    canonical_id=ent.ent_id_,
                    sentence=sentence_of(para.text, ent.start_char, ent.end_char),
                    para_start=ent.start_char,
                    para_end=ent.end_char,
                )
            )
    return mentions

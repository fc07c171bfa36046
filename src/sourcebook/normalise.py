"""Normalise: raw page text → cleaned paragraphs with offsets back to the source, metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .schema import Metadata, Page, Paragraph, Removed

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_SPACES = re.compile(r"\s+")


def split_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph (blocks separated by blank lines), whitespace trimmed."""
    pos = 0
    for m in [*_BLANK_LINES.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            lead = len(block) - len(block.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        if m:
            pos = m.end()


def clean_whitespace(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalise_pages(
    doc_id: str, pages: list[Page]
) -> tuple[list[Paragraph], Metadata, list[Removed]]:
    """Paragraphs of a document's pages, with basic metadata (title = first paragraph)."""
    paragraphs: list[Paragraph] = []
    for page in pages:
        for start, end in split_paragraphs(page.text):
            paragraphs.append(
                Paragraph(
                    doc_id=doc_id,
                    index=len(paragraphs),
                    page=page.page,
                    start=start,
                    end=end,
                    text=clean_whitespace(page.text[start:end]),
                )
            )
    title = paragraphs[0].text.lstrip("# ").strip() if paragraphs else ""
    meta = Metadata(doc_id=doc_id, title=title, title_source="first paragraph" if title else "")
    return paragraphs, meta, []

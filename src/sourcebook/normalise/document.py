"""Normalise: raw page text → cleaned paragraphs with offsets back to the source, metadata.

The steps (each a pure function in :mod:`sourcebook.clean`): mojibake repair, Markdown → text,
paragraphs from blank-line blocks (hard-wrapped lines joined, line-end hyphenation removed),
sentences broken by a blank line joined, quotes/dashes/whitespace/stray backslashes normalised;
then per document: Markdown front matter and a metadata prefix ("date 2024-06-26 …") are cut,
the document's :class:`Metadata` (outlet, authors, date, title, each with where it came from)
is read by :mod:`sourcebook.normalise.metadata`, which also finds the title, byline and
dateline paragraphs (kept as paragraphs of their ``kind``, not ``body``); site furniture
(contact and subscription footers, "(This article references …)" trailers, bare links) and
repeated paragraphs are removed into :class:`Removed` records with the reason.

Text that recurs across many documents of one outlet is a corpus-level question: it is left to
the merge stage, so a shard's result never depends on other shards.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sourcebook.core.schema import Metadata, Page, Paragraph, Removed
from sourcebook.core.text import PIECE_CHARS, text_pieces
from sourcebook.normalise.align import dumps
from sourcebook.normalise.clean import (
    WRAP_WIDTH,
    Aligned,
    boilerplate_reason,
    clean_inline,
    fix_mojibake,
    guess_language,
    heading_starts,
    join_broken_sentences,
    metadata_prefix,
    repeated_indices,
    running_lines,
    split_blocks,
    split_lines,
    strip_markdown,
)
from sourcebook.normalise.header import DocText, meta_value
from sourcebook.normalise.metadata import front_matter, read_metadata
from sourcebook.normalise.outlets import Outlets, shipped_outlets
from sourcebook.normalise.pubdates import full_dates


@dataclass
class _Para:
    page: int
    text: Aligned
    kind: str = "body"


def page_paragraphs(page: Page) -> list[Aligned]:
    """The cleaned paragraphs of one page, aligned to its raw text."""
    t = fix_mojibake(Aligned.of(page.text))
    if page.source in ("text", "markdown"):
        t = strip_markdown(t)
    wrap = 0 if page.source == "html" else WRAP_WIDTH  # extracted HTML: one paragraph a line
    paras = [p for b in split_blocks(t) for p in split_lines(b, wrap)]
    paras = join_broken_sentences(paras)
    return [piece for c in (clean_inline(p) for p in paras) if c.text for piece in in_pieces(c)]


def in_pieces(t: Aligned, most: int = PIECE_CHARS) -> list[Aligned]:
    """A paragraph as itself, or when longer than ``most`` characters as pieces of at most
    ``most``, cut after sentence ends (:func:`sourcebook.core.text.text_pieces`; white space
    around the cuts left out): a 10 MB line is 1,000 paragraphs, not one."""
    if len(t) <= most:
        return [t]
    out = []
    for s, e in text_pieces(t.text, most):
        piece = t.text[s:e]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
        if trail > lead:
            out.append(t.slice(s + lead, s + trail))
    return out


#: longest plausible metadata values; longer ones are page text that leaked into metadata
MAX_META_CHARS = {"title": 300, "author": 200, "outlet": 100, "date": 10, "language": 16}


def outlet_from_sources(path: str, sources: Mapping[str, str] | None) -> str:
    """The outlet config's ``sources`` table gives a file (first matching glob wins)."""
    for pattern, outlet in (sources or {}).items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern):
            return str(outlet)
    return ""


#: the metadata fields, each stored with its ``<name>_source``
META_FIELDS = ("title", "author", "date", "outlet", "language")


@dataclass
class _Findings:
    """What cleaning one document finds: metadata values, each with where it came from (the
    first value found for a field wins), and the page text it removes."""

    doc_id: str
    raw_of: dict[int, str]  # page number → raw page text
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (value, source)
    removed: list[Removed] = field(default_factory=list)

    def found(self, name: str, value: str, source: str) -> None:
        """Keep ``value`` for ``name`` unless it is empty, too long or the field has one."""
        value = " ".join(value.split())
        if value and name not in self.values and len(value) <= MAX_META_CHARS.get(name, 300):
            self.values[name] = (value, source)

    def remove(self, page: int, t: Aligned, reason: str) -> None:
        """Record the raw text of ``t`` on ``page`` as removed for ``reason``."""
        s, e = t.raw_span(0, len(t))
        self.removed.append(Removed(self.doc_id, page, s, e, self.raw_of[page][s:e], reason))

    def metadata(self) -> Metadata:
        """The document's metadata from the values found."""
        fields: dict[str, str] = {}
        for name in META_FIELDS:
            fields[name], fields[f"{name}_source"] = self.values.get(name, ("", ""))
        return Metadata(doc_id=self.doc_id, **fields)


def normalise_pages(
    doc_id: str,
    pages: list[Page],
    source_meta: Mapping[str, object] | None = None,
    path: str = "",
    sources: Mapping[str, str] | None = None,
    outlets: Outlets | None = None,
) -> tuple[list[Paragraph], Metadata, list[Removed]]:
    """Cleaned paragraphs, metadata and removed text of one document's pages; ``sources`` is
    config's file-glob → outlet table, ``outlets`` the known outlets (the shipped table)."""
    pages = sorted(pages, key=lambda p: p.page)
    findings = _Findings(doc_id, {p.page: p.text for p in pages})
    paras: list[_Para] = [_Para(page.page, a) for page in pages for a in page_paragraphs(page)]
    front = _cut_front_matter(findings, paras, pages)
    prefix_date = _cut_metadata_prefix(findings, paras)
    doc = DocText(
        lines=[p.text.text for p in paras],
        printed=lambda i: _printed(paras[i], findings.raw_of, pages[0].source),
        headings=_heading_levels(paras, pages),
        source=pages[0].source if pages else "text",
        source_meta=source_meta or {},
        front=front,
        prefix_date=prefix_date,
        path=path,
    )
    meta = read_metadata(doc, outlets or shipped_outlets(), outlet_from_sources(path, sources))
    for i, kind in meta.kinds.items():
        paras[i].kind = kind
    for name, (value, origin) in meta.values.items():
        findings.found(name, value, origin)
    paras = _without_furniture(findings, paras)
    body = " ".join(p.text.text for p in paras if p.kind == "body")
    findings.found("language", meta_value(doc.source_meta, "language", "lang"), "file metadata")
    findings.found("language", guess_language(body), "stop words")
    return _paragraph_records(doc_id, paras), findings.metadata(), findings.removed


def _cut_front_matter(
    findings: _Findings, paras: list[_Para], pages: Sequence[Page]
) -> dict[str, object]:
    """Remove the YAML front matter opening a text or Markdown file; return its keys."""
    if not pages or pages[0].source not in ("text", "markdown"):
        return {}
    front, end = front_matter(pages[0].text)
    if not end:
        return {}
    cut = [p for p in paras if p.page == pages[0].page and _raw_start(p) < end]
    for p in cut:
        findings.remove(p.page, p.text, "front matter")
        paras.remove(p)
    return front


_WRAP_HYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def _printed(p: _Para, raw_of: Mapping[int, str], source: str) -> str:
    """A paragraph as printed: its raw text with mojibake repaired, Markdown marks stripped
    and whitespace collapsed, quotes and dashes as they are."""
    if not len(p.text):
        return ""
    s, e = p.text.raw_span(0, len(p.text))
    t = fix_mojibake(Aligned.of(_WRAP_HYPHEN.sub("", raw_of[p.page][s:e])))
    if source in ("text", "markdown"):
        t = strip_markdown(t)
    return clean_inline(t, typography=False).text


def _raw_start(p: _Para) -> int:
    """Raw offset of a paragraph's first character (-1 for an empty one)."""
    return p.text.raw_span(0, 1)[0] if len(p.text) else -1


def _heading_levels(paras: Sequence[_Para], pages: Sequence[Page]) -> dict[int, int]:
    """Index → level of the paragraphs that are Markdown headings in their raw text."""
    levels = {
        (page.page, start): level
        for page in pages
        if page.source in ("text", "markdown")
        for start, level in heading_starts(page.text).items()
    }
    out = {}
    for i, p in enumerate(paras):
        level = levels.get((p.page, _raw_start(p)))
        if level:
            out[i] = level
    return out


def _cut_metadata_prefix(findings: _Findings, paras: list[_Para]) -> str:
    """Remove a metadata label glued to one of the first paragraphs ("date 2024-06-26 NATO
    will …"); return its date."""
    for p in paras[:3]:
        m = metadata_prefix(p.text.text)
        if m:
            findings.remove(p.page, p.text.slice(0, m.end()), "metadata prefix")
            p.text = p.text.slice(m.end(), len(p.text)).strip()
            hits = full_dates(m.group("value"))
            return hits[0].iso if hits else ""
    return ""


def _without_furniture(findings: _Findings, paras: list[_Para]) -> list[_Para]:
    """The paragraphs without site furniture, running headers or footers and repeats (each
    recorded as removed)."""
    kept: list[_Para] = []
    for p in paras:
        reason = boilerplate_reason(p.text.text) if p.text.text else "empty"
        if reason and reason != "empty":
            findings.remove(p.page, p.text, reason)
        if not reason:
            kept.append(p)
    paras = kept
    for i in sorted(running_lines([(p.page, p.text.text) for p in paras]), reverse=True):
        findings.remove(paras[i].page, paras[i].text, "running header or footer")
        del paras[i]
    for i in sorted(repeated_indices([p.text.text for p in paras]), reverse=True):
        findings.remove(paras[i].page, paras[i].text, "repeated paragraph")
        del paras[i]
    return paras


def _paragraph_records(doc_id: str, paras: list[_Para]) -> list[Paragraph]:
    """The paragraph records of the kept paragraphs, numbered in order."""
    paragraphs = []
    for p in paras:
        s, e = p.text.raw_span(0, len(p.text))
        paragraphs.append(
            Paragraph(
                doc_id=doc_id,
                index=len(paragraphs),
                page=p.page,
                start=s,
                end=e,
                text=p.text.text,
                kind=p.kind,
                source_map=dumps(p.text.segments()),
            )
        )
    return paragraphs


# --- readable per-document outputs ---------------------------------------------------------------


def readable_text(paragraphs: Sequence[Paragraph]) -> str:
    """A document's cleaned text for people: one paragraph per block, in order."""
    return (
        "".join(p.text + "\n\n" for p in sorted(paragraphs, key=lambda p: p.index)).rstrip() + "\n"
    )


def readable_metadata(meta: Metadata, path: str = "", removed: Sequence[Removed] = ()) -> dict:
    """The metadata JSON written next to the text: values with their sources, what was cut."""
    out: dict[str, object] = {"doc_id": meta.doc_id, "path": path}
    for name in META_FIELDS:
        out[name] = {"value": getattr(meta, name), "source": getattr(meta, f"{name}_source")}
    out["removed"] = [{"reason": r.reason, "page": r.page, "text": r.text} for r in removed]
    return out


def dumps_json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"

"""Normalise: raw page text → cleaned paragraphs with offsets back to the source, metadata.

The steps (each a pure function in :mod:`sourcebook.clean`): mojibake repair, Markdown → text,
paragraphs from blank-line blocks (hard-wrapped lines joined, line-end hyphenation removed),
sentences broken by a blank line joined, quotes/dashes/whitespace/stray backslashes normalised;
then per document: a metadata prefix ("date 2024-06-26 …"), site furniture (contact and
subscription footers, "(This article references …)" trailers, bare links) and repeated
paragraphs are removed into :class:`Removed` records with the reason; title, byline and
dateline are recognised and kept as paragraphs of their ``kind`` (not ``body``), and become
the document's :class:`Metadata`, each value with where it came from.

Text that recurs across many documents of one outlet is a corpus-level question: it is left to
the merge stage, so a shard's result never depends on other shards.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sourcebook.core.dates import find_dates, header_date
from sourcebook.core.schema import Metadata, Page, Paragraph, Removed
from sourcebook.normalise.align import dumps
from sourcebook.normalise.clean import (
    WRAP_WIDTH,
    Aligned,
    boilerplate_reason,
    clean_inline,
    fix_mojibake,
    guess_language,
    heading_lines,
    join_broken_sentences,
    metadata_prefix,
    repeated_indices,
    running_lines,
    split_blocks,
    split_lines,
    strip_markdown,
)


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
    return [c for c in (clean_inline(p) for p in paras) if c.text]


_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|der|da|bin|al-?))*"
_BYLINE = re.compile(
    r"^(?:by\s+)?(?P<name>" + _NAME + r")(?:\s*(?:,|\||—|–|-|for|in)\s*(?P<outlet>[A-Z].{1,40}))?$",
    re.IGNORECASE,
)
_BY = re.compile(r"^by\s+", re.IGNORECASE)


def byline(text: str) -> tuple[str, str] | None:
    """(author, outlet) of a byline such as "Andre Damon", "By Jane Doe, Reuters"."""
    if len(text) > 80 or text.endswith((".", "?", "!", ":")):
        return None
    m = _BYLINE.match(text)
    if m is None:
        return None
    name = m.group("name").strip()
    words = name.split()
    explicit = _BY.match(text) is not None
    if not (2 <= len(words) <= 4 or (explicit and 1 <= len(words) <= 6)):
        return None
    if not all(w[0].isupper() or w.islower() for w in words) or not words[0][0].isupper():
        return None
    if header_date(text) is not None or (not explicit and m.group("outlet")):
        return None
    return name, (m.group("outlet") or "").strip()


#: longest plausible metadata values; longer ones are page text that leaked into metadata
MAX_META_CHARS = {"title": 300, "author": 120, "outlet": 100, "date": 10, "language": 16}


def looks_like_name(text: str) -> bool:
    """A short run of capitalised words ("Weekly Sentinel", "The New York Times")."""
    words = text.split()
    return (
        1 <= len(words) <= 6
        and len(text) <= 60
        and all(w[:1].isupper() or w in ("of", "the", "and", "de") for w in words)
    )


def dateline(text: str) -> str:
    """ISO date of a short header line stating a full date ("5 July 2024"), else ``""``."""
    if len(text) > 60:
        return ""
    d = header_date(text)
    return d.isoformat() if d else ""


def looks_like_title(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 30 and len(text) <= 200 and not text.endswith((".", ",", ";"))


def outlet_from_sources(path: str, sources: Mapping[str, str] | None) -> str:
    """The outlet config's ``sources`` table gives a file (first matching glob wins)."""
    for pattern, outlet in (sources or {}).items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern):
            return str(outlet)
    return ""


def _meta_value(meta: Mapping[str, object], *keys: str) -> str:
    lowered = {k.lower().rsplit(":", 1)[-1]: v for k, v in meta.items()}  # "pdf:Title" → title
    for k in keys:
        v = lowered.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


def _iso_of(value: str) -> str:
    m = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    if m:
        return m.group()
    found = [d for d in find_dates(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.iso)]
    return found[0].iso if found else ""


#: the metadata fields, each stored with its ``<name>_source``
META_FIELDS = ("title", "author", "date", "outlet", "language")

#: the file metadata keys read for each field
_FILE_META_KEYS = {
    "title": ("title",),
    "author": ("author", "authors"),
    "date": ("date", "published"),  # not a PDF's CreationDate: when the file was made
    "outlet": ("sitename", "site_name", "publisher"),
    "language": ("language", "lang"),
}


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
) -> tuple[list[Paragraph], Metadata, list[Removed]]:
    """Cleaned paragraphs, metadata and removed text of one document's pages."""
    findings = _Findings(doc_id, {p.page: p.text for p in pages})
    paras: list[_Para] = [
        _Para(page.page, a)
        for page in sorted(pages, key=lambda p: p.page)
        for a in page_paragraphs(page)
    ]
    findings.found("outlet", outlet_from_sources(path, sources), "config sources")
    for name, keys in _FILE_META_KEYS.items():
        value = _meta_value(source_meta or {}, *keys)
        findings.found(name, _iso_of(value) if name == "date" else value, "file metadata")
    _cut_metadata_prefix(findings, paras)
    paras = _without_furniture(findings, paras)
    _mark_header_lines(findings, paras, pages)
    body = " ".join(p.text.text for p in paras if p.kind == "body")
    findings.found("language", guess_language(body), "stop words")
    if "outlet_footer" in findings.values:
        findings.found("outlet", *findings.values["outlet_footer"])
    return _paragraph_records(doc_id, paras), findings.metadata(), findings.removed


def _cut_metadata_prefix(findings: _Findings, paras: list[_Para]) -> None:
    """Remove a metadata label glued to one of the first paragraphs ("date 2024-06-26 NATO
    will …"), keeping its date."""
    for p in paras[:3]:
        m = metadata_prefix(p.text.text)
        if m:
            findings.remove(p.page, p.text.slice(0, m.end()), "metadata prefix")
            findings.found("date", _iso_of(m.group("value")), "metadata prefix")
            p.text = p.text.slice(m.end(), len(p.text)).strip()
            break


def _without_furniture(findings: _Findings, paras: list[_Para]) -> list[_Para]:
    """The paragraphs without site furniture, running headers or footers and repeats (each
    recorded as removed); a contact footer's link names the outlet."""
    kept: list[_Para] = []
    last_reason = ""
    for p in paras:
        reason = boilerplate_reason(p.text.text) if p.text.text else "empty"
        if reason and reason != "empty":
            findings.remove(p.page, p.text, reason)
        if reason == "bare link" and last_reason == "contact footer":
            domain = re.sub(r"^(?:https?://)?(?:www\.)?", "", p.text.text).split("/")[0]
            findings.found("outlet_footer", domain.lower(), "contact footer link")
        if not reason:
            kept.append(p)
        last_reason = reason
    paras = kept
    for i in sorted(running_lines([(p.page, p.text.text) for p in paras]), reverse=True):
        findings.remove(paras[i].page, paras[i].text, "running header or footer")
        del paras[i]
    for i in sorted(repeated_indices([p.text.text for p in paras]), reverse=True):
        findings.remove(paras[i].page, paras[i].text, "repeated paragraph")
        del paras[i]
    return paras


def _mark_header_lines(findings: _Findings, paras: list[_Para], pages: list[Page]) -> None:
    """Title, byline and dateline among the first paragraphs: kept as paragraphs of their
    kind, their values found; the first body paragraph ends the header."""
    heads = {
        s
        for page in pages
        if page.source in ("text", "markdown")
        for s, _e, _t in heading_lines(page.text)
    }
    html_title = findings.values.get("title", ("", ""))[0]
    for pos, p in enumerate(paras[:4]):
        if p.kind != "body":
            continue
        if not _mark_header(findings, p, pos, heads, html_title, several=len(paras) > 1):
            break


def _mark_header(
    findings: _Findings, p: _Para, pos: int, heads: set[int], html_title: str, several: bool
) -> bool:
    """Give the header paragraph ``p`` (at ``pos``) its kind; False if it is body text.

    ``heads`` are the raw offsets of Markdown headings, ``html_title`` the file's title and
    ``several`` whether the document has more than one paragraph.
    """
    text = p.text.text
    raw_start = p.text.raw_span(0, len(p.text))[0]
    if pos == 0 and raw_start in heads:
        p.kind = "title"
        findings.found("title", text, "markdown heading")
        return True
    if pos == 0 and html_title and _similar(text, html_title):
        p.kind = "title"
        if not _same(text, html_title):  # e.g. a PDF title in a misread encoding
            findings.values["title"] = (text, "first line (matches file metadata)")
        return True
    iso = dateline(text)
    if iso:
        _mark_dateline(findings, p, iso)
        return True
    by = byline(text)
    if by and pos <= 3:
        _mark_byline(findings, p, by)
        return True
    if pos == 0 and several and looks_like_title(text):
        p.kind = "title"
        findings.found("title", text, "first line")
        return True
    return False


def _mark_dateline(findings: _Findings, p: _Para, iso: str) -> None:
    """A dateline: its date, and the outlet ("Weekly Sentinel — Washington, …") or the byline
    ("Andre Damon 9 July 2024") beside the date."""
    p.kind = "dateline"
    findings.found("date", iso, "dateline")
    rest = _without_dates(p.text.text)
    parts = [x.strip() for x in re.split(r"\s+[—–|]\s+|\s+-\s+", rest) if x.strip()]
    if len(parts) > 1 and looks_like_name(parts[0]):
        findings.found("outlet", parts[0], "dateline")
        return
    by = byline(rest)
    if by:
        _mark_byline(findings, p, by)


def _mark_byline(findings: _Findings, p: _Para, by: tuple[str, str]) -> None:
    """A byline: its author and outlet."""
    p.kind = "byline"
    findings.found("author", by[0], "byline")
    findings.found("outlet", by[1], "byline")


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


def _without_dates(text: str) -> str:
    for d in sorted(find_dates(text), key=lambda d: -d.start):
        text = text[: d.start] + text[d.end :]
    return text.strip(" ,;|·-–—")


def _similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(a.lower(), b.lower()) >= 85


def _same(a: str, b: str) -> bool:
    key = lambda s: re.sub(r"\W+", "", s.lower())  # noqa: E731
    return key(a) == key(b)


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

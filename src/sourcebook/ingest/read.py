"""Ingest: read one input file into raw text per page.

The text returned here is the coordinate system for all offsets downstream, so it is kept as
extracted (decoded, newlines unified) and never cleaned: cleaning is the normalise stage's job.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from sourcebook.core.errors import DecodeError, UnsupportedFormatError
from sourcebook.core.limits import Limits
from sourcebook.core.manifest import detect_format
from sourcebook.core.schema import Document, Page, Status

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    document: Document
    pages: list[Page]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; returns (text, encoding). UTF-8 (with or without BOM) first."""
    for enc in ("utf-8-sig",):
        try:
            return data.decode(enc), "utf-8"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("the bytes are not text in any encoding that could be detected")
    text = str(best)
    if best.encoding != "cp1252" and _same_as_cp1252(data, text):
        return text, "cp1252"  # the same characters: name the most common code page
    return text, best.encoding


def _same_as_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_pages(data: bytes, fmt: str) -> tuple[list[Page], str]:
    """A .txt or .md file as one page of raw text."""
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise DecodeError("the file contains NUL bytes: it is binary, not text")
    source = "markdown" if fmt == "md" else "text"
    return [Page(doc_id="", page=1, text=unify_newlines(text), source=source)], encoding


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
HTML_META_KEYS = ("title", "author", "date", "sitename", "description", "url")


def read_html_pages(data: bytes) -> tuple[list[Page], str, dict[str, str]]:
    """A saved web page as one page: its main text (trafilatura drops navigation, banners,
    footers) with one paragraph a line, and the page's metadata (title, author, date, site name,
    language)."""
    import trafilatura

    html, encoding = decode_text(data)
    if "\x00" in html:
        raise DecodeError("the file contains NUL bytes: it is binary, not HTML")
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True
    )
    text = (getattr(result, "text", None) or "") if result is not None else ""
    meta = {
        k: str(v)
        for k in HTML_META_KEYS
        if result is not None and (v := getattr(result, k, None)) and isinstance(v, str)
    }
    lang = _HTML_LANG.search(html[:5000])
    if lang:
        meta["language"] = lang.group(1).lower()
    page = Page(doc_id="", page=1, text=unify_newlines(text), source="html")
    return [page], encoding, meta


def ingest_file(
    path: Path,
    doc_id: str,
    rel_path: str,
    shard: str,
    limits: Limits | None = None,
    pdf_passwords: Sequence[str] = (),
) -> IngestResult:
    """Read one file. Raises :class:`InputError` subclasses for bad input."""
    fmt = detect_format(rel_path)
    data = path.read_bytes()
    base = Document(
        doc_id=doc_id,
        path=rel_path,
        format=fmt,
        size=len(data),
        sha256=sha256_bytes(data),
        shard=shard,
        status=Status.OK.value,
    )
    meta: dict[str, str] = {}
    encoding = ""
    if fmt in ("txt", "md"):
        pages, encoding = read_text_pages(data, fmt)
    elif fmt == "html":
        pages, encoding, meta = read_html_pages(data)
    elif fmt == "pdf":
        from sourcebook.ingest.pdf import pdf_pages

        pages, meta = pdf_pages(data, doc_id, passwords=pdf_passwords, limits=limits)
    elif fmt == "image":
        from sourcebook.ingest.pdf import image_pages

        pages = image_pages(data, doc_id, limits=limits)
    else:
        raise UnsupportedFormatError(
            f"unsupported format {Path(rel_path).suffix or '(no extension)'!r}: "
            "Sourcebook reads .txt, .md, .html, .pdf and images (.png, .jpg, .tif, .webp)"
        )
    pages = [Page(**{**p.__dict__, "doc_id": doc_id}) for p in pages]
    doc = Document(
        **{
            **base.__dict__,
            "n_pages": len(pages),
            "encoding": encoding,
            "source_meta": json.dumps(meta, sort_keys=True, ensure_ascii=False),
        }
    )
    return IngestResult(document=doc, pages=pages)

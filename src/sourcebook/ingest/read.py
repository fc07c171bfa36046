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
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from sourcebook.core.errors import DecodeError, UnsupportedFormatError
from sourcebook.core.limits import Limits
from sourcebook.core.manifest import detect_format, display_path
from sourcebook.core.schema import Document, Page, Status
from sourcebook.ingest.htmlfacts import html_facts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    document: Document
    pages: list[Page]
    #: (kind, message) of what was read with a compromise (bad bytes replaced, tags dropped)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes) -> tuple[str, str, list[tuple[str, str]]]:
    """Decode bytes of a text file; returns (text, encoding, warnings).

    UTF-16 without a BOM first (text whose every other byte is NUL: Latin-script UTF-16 is
    valid UTF-8 too); then UTF-8 (with or without BOM); then UTF-8 with its invalid bytes
    replaced by U+FFFD and a warning saying how many, when the file's valid UTF-8 sequences
    outnumber them (a few bad bytes in a UTF-8 file); else the encoding charset-normalizer
    finds (a legacy code page: cp1252, latin-1, …, or UTF-16/32 with a BOM).
    """
    utf16 = _bomless_utf16(data)  # also valid UTF-8 when it is Latin script: first
    if utf16 is not None:
        return *utf16, []
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad
    if valid >= bad:
        message = (
            f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD (the rest of the file is "
            "UTF-8); re-save the file as UTF-8 to keep those characters"
        )
        return text, "utf-8", [("decode-replaced", message)]
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("the bytes are not text in any encoding that could be detected")
    text = str(best)
    if best.encoding != "cp1252" and _same_as_cp1252(data, text):
        return text, "cp1252", []  # the same characters: name the most common code page
    return text, best.encoding, []


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # with a BOM (UTF-16 or UTF-32): charset-normalizer


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of UTF-16 without a byte-order mark: most bytes at odd positions
    (little-endian) or even ones (big-endian) are NUL, as in Latin-script text, and the bytes
    decode to text without NULs. None for anything else."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data or data[:2] in _UTF16_BOMS:
        return None
    half = len(data) // 2
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) < 0.3 * half:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, encoding
    return None


def _same_as_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_pages(data: bytes, fmt: str) -> tuple[list[Page], str, list[tuple[str, str]]]:
    """A .txt or .md file as one page of raw text; also its encoding and decoding warnings."""
    text, encoding, warnings = decode_text(data)
    if "\x00" in text:
        raise DecodeError("the file contains NUL bytes: it is binary, not text")
    source = "markdown" if fmt == "md" else "text"
    return [Page(doc_id="", page=1, text=unify_newlines(text), source=source)], encoding, warnings


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
HTML_META_KEYS = ("title", "author", "date", "sitename", "description", "url")


def read_html_pages(
    data: bytes,
) -> tuple[list[Page], str, dict[str, str], list[tuple[str, str]]]:
    """A saved web page as one page: its main text (trafilatura drops navigation, banners,
    footers) with one paragraph a line, and the page's metadata (title, author, date, site name,
    language); also its encoding and warnings. A page nested deeper than the HTML parser goes
    (libxml2 stops at 255 levels and drops the rest) is read again with its deepest tags
    dropped (:func:`flatten_html`), keeping their text."""
    html, encoding, warnings = decode_text(data)
    if "\x00" in html:
        raise DecodeError("the file contains NUL bytes: it is binary, not HTML")
    result = _extract_html(html)
    if not _html_text(result):
        flat, dropped = flatten_html(html)
        if dropped:
            result = _extract_html(flat)
            warnings = [
                *warnings,
                (
                    "html-too-deep",
                    f"the page nests its elements more than {MAX_HTML_DEPTH} levels deep, "
                    f"deeper than the HTML parser reads: read with {dropped:,} of its deepest "
                    "tags dropped (their text kept)",
                ),
            ]
    meta = {
        k: str(v)
        for k in HTML_META_KEYS
        if result is not None and (v := getattr(result, k, None)) and isinstance(v, str)
    }
    lang = _HTML_LANG.search(html[:5000])
    if lang:
        meta["language"] = lang.group(1).lower()
    meta.update({f"html:{k}": v for k, v in html_facts(html).items()})
    page = Page(doc_id="", page=1, text=unify_newlines(_html_text(result)), source="html")
    return [page], encoding, meta, warnings


def _extract_html(html: str):
    """trafilatura's main text and metadata of a page (None when it finds nothing)."""
    import trafilatura

    return trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True
    )


def _html_text(result) -> str:
    return (getattr(result, "text", None) or "") if result is not None else ""


#: elements nested deeper than this are dropped by :func:`flatten_html` (libxml2 stops at 255)
MAX_HTML_DEPTH = 200
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "blockquote",
        "pre",
    ]
)


class _Flattener(HTMLParser):
    """Re-writes HTML with the tags nested deeper than ``limit`` dropped (a block boundary
    among them becomes one ``<br>``); text, entities and the shallower tags pass unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.depth = 0
        self.limit = limit
        self.dropped = 0

    def _boundary(self, tag: str) -> None:
        if tag in _BLOCK and (not self.out or self.out[-1] != "<br>"):
            self.out.append("<br>")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _VOID:
            self.depth += 1
            if self.depth > self.limit:
                self.dropped += 1
                self._boundary(tag)
                return
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.depth <= self.limit:
            self.out.append(f"</{tag}>")
        else:
            self._boundary(tag)
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def flatten_html(html: str, limit: int = MAX_HTML_DEPTH) -> tuple[str, int]:
    """``html`` with the elements nested deeper than ``limit`` unwrapped (their text kept), and
    how many tags were dropped (0: nothing was that deep)."""
    flattener = _Flattener(limit)
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out), flattener.dropped


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
        path=display_path(rel_path),
        format=fmt,
        size=len(data),
        sha256=sha256_bytes(data),
        shard=shard,
        status=Status.OK.value,
    )
    meta: dict[str, str] = {}
    encoding = ""
    warnings: list[tuple[str, str]] = []
    if fmt in ("txt", "md"):
        pages, encoding, warnings = read_text_pages(data, fmt)
    elif fmt == "html":
        pages, encoding, meta, warnings = read_html_pages(data)
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
    return IngestResult(document=doc, pages=pages, warnings=warnings)

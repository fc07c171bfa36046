"""Typed records that travel between the stages.

Every stage writes its records as Parquet tables, one file per table per shard, so any
stage's output can be read and tested alone. The dataclasses here are the single source of
truth for the column names and types; :mod:`sourcebook.tables` turns them into Arrow schemas.

Offsets: ``page`` is 1-based; ``start``/``end`` are character offsets (Python ``str``
indices, end exclusive) into :attr:`Page.text`, the raw text extracted from that page of the
source (the file's decoded text for .txt/.md, the extracted article text for HTML, the text
layer or OCR output for PDFs and images). Every later record keeps them, so any mention or
figure leads back to the exact characters of the source it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Outcome of one document in one stage."""

    OK = "ok"
    PARTIAL = "partial"  # some pages or parts failed; the rest is usable
    ERROR = "error"  # nothing usable; an :class:`ErrorRecord` says why


class Severity(StrEnum):
    """How bad an :class:`ErrorRecord` is: an error fails a strict run, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


class Format(StrEnum):
    """An input file's format, from its extension."""

    TXT = "txt"
    MD = "md"
    HTML = "html"
    PDF = "pdf"
    IMAGE = "image"
    UNSUPPORTED = "unsupported"


class PageSource(StrEnum):
    """Where a page's raw text came from."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF_TEXT = "pdf-text"
    OCR = "ocr"


class ParagraphKind(StrEnum):
    BODY = "body"
    TITLE = "title"
    BYLINE = "byline"
    DATELINE = "dateline"


class FigureKind(StrEnum):
    COUNT = "count"
    CURRENCY = "currency"
    PERCENT = "percent"
    DATE = "date"
    ORDINAL = "ordinal"
    RANGE = "range"


class Qualifier(StrEnum):
    """How a figure's value is meant: as stated, about, at least, at most."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    LOWER_BOUND = "lower_bound"
    UPPER_BOUND = "upper_bound"


@dataclass(frozen=True)
class Document:
    """One input file, as found by the manifest and read by ingest."""

    doc_id: str = field(metadata={"doc": "stable, file-system-safe id derived from the file name"})
    path: str = field(metadata={"doc": "path relative to input_dir, POSIX separators"})
    format: Format = field(metadata={"doc": "txt, md, html, pdf, image or unsupported"})
    size: int = field(metadata={"doc": "file size in bytes"})
    sha256: str = field(metadata={"doc": "content hash of the file's bytes"})
    shard: str = field(metadata={"doc": "shard the document was assigned to"})
    status: Status = field(metadata={"doc": "ok, partial or error (Status)"})
    n_pages: int = field(default=0, metadata={"doc": "pages extracted (1 for text formats)"})
    encoding: str = field(default="", metadata={"doc": "detected text encoding, if any"})
    source_meta: str = field(
        default="{}",
        metadata={"doc": "JSON object of metadata found in the file (HTML meta, PDF info)"},
    )


@dataclass(frozen=True)
class Page:
    """Raw text of one page; the coordinate system of every offset downstream."""

    doc_id: str
    page: int = field(metadata={"doc": "1-based page number"})
    text: str = field(metadata={"doc": "raw extracted text of the page"})
    source: PageSource = field(metadata={"doc": "text, markdown, html, pdf-text or ocr"})
    needs_ocr: bool = field(default=False, metadata={"doc": "ingest decided OCR is needed"})
    ocr_reason: str = field(default="", metadata={"doc": "why OCR was or was not used"})
    ocr_confidence: float | None = field(
        default=None, metadata={"doc": "mean word confidence 0-100, OCR pages only"}
    )
    ocr_low_confidence: bool = field(
        default=False,
        metadata={"doc": "OCR page whose mean word confidence is below ocr.low_confidence"},
    )


@dataclass(frozen=True)
class Paragraph:
    """A cleaned paragraph with offsets back into its page's raw text."""

    doc_id: str
    index: int = field(metadata={"doc": "0-based paragraph number within the document"})
    page: int
    start: int = field(metadata={"doc": "offset of the paragraph's first character in Page.text"})
    end: int = field(metadata={"doc": "offset just past the paragraph's last character"})
    text: str = field(metadata={"doc": "cleaned text"})
    kind: ParagraphKind = field(
        default=ParagraphKind.BODY, metadata={"doc": "body, title, byline or dateline"}
    )
    source_map: str = field(
        default="",
        metadata={
            "doc": "alignment of cleaned to raw text: JSON list of [clean_start, raw_start, "
            "length] segments; empty means identity from start"
        },
    )


@dataclass(frozen=True)
class Metadata:
    """Document-level metadata, each value with where it came from."""

    doc_id: str
    title: str = ""
    title_source: str = ""
    author: str = ""
    author_source: str = ""
    date: str = field(default="", metadata={"doc": "ISO 8601 date (YYYY-MM-DD) or empty"})
    date_source: str = ""
    outlet: str = ""
    outlet_source: str = ""
    language: str = ""
    language_source: str = ""


@dataclass(frozen=True)
class Removed:
    """Text removed by cleaning, kept with the reason instead of silently lost."""

    doc_id: str
    page: int
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention."""

    doc_id: str
    paragraph: int = field(metadata={"doc": "Paragraph.index the mention is in"})
    page: int
    start: int = field(metadata={"doc": "offset into Page.text"})
    end: int
    text: str
    label: str = field(metadata={"doc": "entity type (spaCy label, possibly corrected)"})
    canonical_id: str = field(default="", metadata={"doc": "gazetteer id (spaCy ent_id), if known"})
    sentence: str = field(default="", metadata={"doc": "the sentence containing the mention"})
    para_start: int = field(default=0, metadata={"doc": "offset within the cleaned paragraph"})
    para_end: int = 0


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts."""

    doc_id: str
    paragraph: int
    page: int
    start: int
    end: int
    text: str = field(metadata={"doc": "surface text of the figure"})
    value: float | None = field(metadata={"doc": "numeric value (lower end for ranges)"})
    value_max: float | None = field(default=None, metadata={"doc": "upper end of a range"})
    unit: str = field(
        default="",
        metadata={
            "doc": "canonical unit: pint's name (kilometer, metric_ton, degree_Celsius, "
            "kilometer ** 2; a rate 'USD / hour'), an ISO 4217 currency, percent, "
            "percentage_point, count (what is counted is in counted) or magnitude; empty for "
            "dates and ordinals"
        },
    )
    kind: FigureKind = field(
        default=FigureKind.COUNT,
        metadata={
            "doc": "the number's form: count, currency, percent, date, ordinal, range "
            "(what it measures is dimension)"
        },
    )
    qualifier: Qualifier = field(
        default=Qualifier.EXACT, metadata={"doc": "exact, approximate, lower_bound or upper_bound"}
    )
    subject: str = field(default="", metadata={"doc": "phrase the figure describes"})
    date_iso: str = field(default="", metadata={"doc": "ISO date for date figures"})
    sentence: str = ""
    para_start: int = 0
    para_end: int = 0
    dimension: str = field(
        default="",
        metadata={
            "doc": "what the unit measures: length, area, volume, mass, duration, temperature, "
            "speed, energy, power, data, currency, percent, count, magnitude, or "
            "'<numerator>/<denominator>' for other rates (currency/duration); empty for dates "
            "and ordinals"
        },
    )
    value_base: float | None = field(
        default=None,
        metadata={
            "doc": "value in SI base units (meter, kilogram, second, kelvin, meter ** 2, "
            "meter ** 3, meter / second; data in bytes); none for money, counts, percentages "
            "and magnitudes"
        },
    )
    value_max_base: float | None = field(
        default=None, metadata={"doc": "value_max in SI base units (see value_base)"}
    )
    counted: str = field(
        default="",
        metadata={
            "doc": "the noun a count counts (troops, F-16; age: an age in years); empty otherwise"
        },
    )
    per: str = field(
        default="", metadata={"doc": "the denominator of a rate (hour in '£12.21 an hour')"}
    )


@dataclass(frozen=True)
class ErrorRecord:
    """Why a document (or part of it) failed a stage; it travels to the report."""

    doc_id: str
    path: str
    stage: str
    kind: str = field(metadata={"doc": "short machine-readable error kind"})
    message: str = field(metadata={"doc": "a reason a person understands, with the remedy"})
    severity: Severity = Severity.ERROR
    page: int = 0


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or reported statement with its speaker (extract's ``quotes`` table)."""

    doc_id: str
    quote_id: str = field(metadata={"doc": "<doc_id>:qNNNN, in document order"})
    paragraph: int = field(metadata={"doc": "Paragraph.index of the quote's first part"})
    page: int
    start: int = field(metadata={"doc": "offset into Page.text of the first character"})
    end: int = field(metadata={"doc": "offset just past the last character (of the last part)"})
    text: str = field(metadata={"doc": "the quote; parts of an interrupted quote joined by ' … '"})
    kind: str = field(metadata={"doc": "direct, partial (quoted fragment) or indirect (reported)"})
    cue: str = field(
        default="", metadata={"doc": "lemma of the speech verb (say, tell, according_to, …)"}
    )
    speaker_text: str = field(default="", metadata={"doc": "the speaker as written"})
    speaker_start: int | None = field(default=None, metadata={"doc": "offset into Page.text"})
    speaker_end: int | None = None
    speaker_entity_id: str = field(
        default="", metadata={"doc": "canonical id of the entity the speaker refers to, if known"}
    )
    speaker_name: str = field(default="", metadata={"doc": "that entity's fullest name here"})
    speaker_kind: str = field(
        default="",
        metadata={
            "doc": "named, pronoun, description, anonymous, implicit (a follow-up quote whose "
            "speaker is the previous one's) or empty (none found)"
        },
    )
    speaker_page: int | None = field(default=None, metadata={"doc": "page of the speaker span"})
    parts: str = field(
        default="",
        metadata={"doc": "JSON [[page, start, end], …] of every part, when there are several"},
    )
    sentence: str = field(default="", metadata={"doc": "the sentence(s) around the quote"})
    para_start: int = field(default=0, metadata={"doc": "offset within the first paragraph"})
    para_end: int = field(default=0, metadata={"doc": "offset within the last paragraph"})

"""Who, where and when: a document's outlet, authors, publication date and title, each with
its origin.

:func:`read_metadata` reads them from a document's paragraphs (site furniture included: the URL
line of a copy-pasted page names its outlet), its file metadata (HTML meta and JSON-LD, PDF
Info) and its Markdown front matter, in order of trust:

- **outlet**: config ``sources``; the page's own site name (HTML meta); the page's URL (a domain
  of the known-outlet table, :mod:`sourcebook.normalise.outlets`); an outlet line under the
  headline that names a known outlet or the page's own domain ("The Millbrook Ledger" on
  millbrookledger.com), never any other short line; a byline's outlet ("Jane Doe, Reuters"); a
  wire dateline's credit ("KYIV, July 10 (Reuters) -"); a closing credit ("Source: dpa",
  "— AP", "dpa kw/ho"); a reprint note ("first appeared in X"); the bare domain.
- **authors**: bylines only ("By …", "Author:", "Words by", "Reporting by …" credits, a name
  line next to the date, the outlet line or another byline), each checked to be a person's
  name (:mod:`sourcebook.normalise.bylines`); then front matter, HTML and PDF authors checked
  the same way. Several authors are joined with ``"; "``.
- **date**: front matter ``published``; the HTML publication date (htmldate, from ingest); a
  Published line; a ``" date YYYY-MM-DD"`` prefix; a date line in the header; a wire
  dateline (a yearless one takes the year the text states, else the year its weekday gives:
  "DUBAI, March 24 (Reuters) - … on Tuesday"); an Updated line; the URL's date path; a
  Published note at the end; PDF Info dates that are not placeholders
  (:mod:`sourcebook.normalise.pubdates`). A web address in the first lines, even one run into a
  date line, settles a day-month order ("04/03/2026 … /20260304-…").
- **title**: the first heading (multi-line headings joined, Markdown marks already stripped);
  the line above the byline/outlet/date block of a copy-pasted page; HTML and PDF titles when
  they are no placeholder ("untitled", "Microsoft Word - x.docx"), without a " | Outlet" tail.

The header lines it recognises get a paragraph kind (title, byline, dateline), so they are not
read as body text downstream.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from sourcebook.core.dates import (
    WEEKDAYS,
    find_dates,
    looks_ahead,
    parse_iso_date,
    weekday_year,
)
from sourcebook.normalise.bylines import (
    credit_authors,
    is_desk,
    parse_byline,
    person_name,
)
from sourcebook.normalise.clean import URL_LINE
from sourcebook.normalise.header import (
    BARE_DOMAIN,
    MAX_HEADER,
    TAIL,
    Candidate,
    Context,
    DocText,
    Found,
    Header,
    Line,
    clean_title,
    is_placeholder,
    meta_value,
    page_url,
    pdf_info_date,
    read_header,
)
from sourcebook.normalise.outlets import (
    ORG_WORDS,
    Outlets,
    host_of,
    masthead_name,
    name_key,
    normal_case_name,
    urls_in,
)
from sourcebook.normalise.pubdates import (
    DateHit,
    full_dates,
    url_date,
)

# --- authors --------------------------------------------------------------------------------------

_CREDIT_LINE = re.compile(
    r"(?i)^\W{0,2}(?:additional\s+)?(?:reporting|writing|written|reported|compiled)\s+by\b"
)
_CREDIT_PAREN = re.compile(r"\((?:additional\s+)?(?:reporting|writing)\s+by\b", re.IGNORECASE)
_SPLIT_AUTHORS = re.compile(r"\s*(?:;|\n|,|\band\b|&)\s*")


def header_authors(header: Header) -> list[str]:
    """The people of the header's bylines and name lines, in order."""
    out: list[str] = []
    for _i, line in sorted(header.lines.items()):
        if line.byline is not None and line.kind in ("byline", "name", "date"):
            out.extend(a for a in line.byline.authors if a not in out)
    return out


def credited_authors(lines: Sequence[str], ctx: Context) -> list[str]:
    """The reporters and writers of "Reporting by …" credit lines anywhere in the text."""
    out: list[str] = []
    for text in lines:
        credit = text if _CREDIT_LINE.match(text) else ""
        if not credit and (m := _CREDIT_PAREN.search(text)):
            credit = text[m.start() :]  # "… officials said. (Reporting by A; Editing by B)"
        if credit and len(credit) <= 400:
            out.extend(a for a in credit_authors(credit, ctx.outlet_named) if a not in out)
    return out


def listed_authors(value: object, ctx: Context) -> list[str]:
    """People among file-metadata or front-matter authors ("A; B", ["[[A]]", "B"]): outlets,
    desks and placeholders dropped."""
    items = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        text = re.sub(r"\[\[|\]\]|\[|\]\([^)]*\)", "", str(item or ""))
        for piece in _SPLIT_AUTHORS.split(text):
            piece = piece.strip().strip("\"'")
            if not piece or ctx.outlet_named(piece) or is_desk(piece) or is_placeholder(piece):
                continue
            name = person_name(piece)
            if name and name not in out:
                out.append(name)
    return out


# --- wire datelines and closing credits -----------------------------------------------------------

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'./\- ]{2,40}(?:,\s*[A-Z][\w./]*(?:\s[A-Z][\w.]*)?)?)"
    r"(?:,\s*(?P<date>[^()\n]{3,30}?))?\s*(?:\((?P<credit>[^()\n]{2,40})\))?\s*[-–—:]\s"
)
_CREDITED_PLACE = re.compile(
    r"^(?P<place>[A-Z][\w’'.\- ]{2,40}?)(?:,\s*(?P<date>[^()\n]{3,30}?))?"
    r"\s*\((?P<credit>[^()\n]{2,40})\)\s*[-–—:]\s"
)
_PLACE_DATE = re.compile(r"^[A-Z][\w’'.\- ]{1,40},\s+(?P<date>[^–—\n]{6,30}?)\s*[-–—]\s")
_MONTH_DAY = re.compile(r"[A-Z][a-z]{2,8}\.?\s+[0-3]?\d")  # a dateline with no place: "June 8"
_ON_WEEKDAY = re.compile(r"\bon\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_YEARLESS_ISO = re.compile(r"--(\d\d)-(\d\d)$")
_DIGIT_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


@dataclass(frozen=True)
class Dateline:
    """A body paragraph's opening dateline: its date (maybe with the year supplied), credit."""

    date: DateHit | None
    credit: str


def dateline(text: str, reference: dt.date | None) -> Dateline | None:
    """The wire dateline opening ``text`` ("KYIV, July 10 (Reuters) -", "YAKIMA, Wash. (AP) —",
    "BERLIN, 10 January (dpa) -", "Copenhagen, 18 February 2025 –", "June 8 (Reuters) -"), or
    None."""
    m = _DATELINE.match(text) or _CREDITED_PLACE.match(text)
    if m and (m["credit"] or m["date"]) and len(m["place"].split(",")[0].strip()) >= 3:
        date = m["date"] or (m["place"] if _MONTH_DAY.fullmatch(m["place"].strip()) else "")
        hits = full_dates(date, reference) if date else []
        if m["date"] and not hits and not m["credit"]:
            return None
        return Dateline(hits[0] if hits else None, (m["credit"] or "").strip())
    m = _PLACE_DATE.match(text)
    if m:
        hits = [h for h in full_dates(m["date"]) if not h.year_inferred]
        if hits and hits[0].end >= len(m["date"]) - 1:
            return Dateline(hits[0], "")
    return None


def body_dateline(
    lines: Sequence[str], header: Header, reference: dt.date | None
) -> tuple[int, Dateline] | None:
    """The dateline of the first body paragraphs, with its index."""
    for i in range(header.body_start, min(len(lines), header.body_start + 3)):
        found = dateline(lines[i], reference)
        if found is not None:
            return i, found
    return None


_SOURCE_CREDIT = re.compile(
    r"(?i)^\W{0,3}(?:source|sources|credit|via|quelle)\s*:\s*(?P<name>[^:]{2,60})$"
)
_DASH_CREDIT = re.compile(r"^[—–-]\s*(?P<name>[^—–\-]{2,40})$|^\((?P<paren>[^()]{2,40})\)$")
_SIGNOFF = re.compile(r"^(?P<name>\w[\w-]{1,20})\s+(?:[a-z]{1,4}(?:[/-][a-z]{1,4})+)\s*$")
_COPYRIGHT = re.compile(
    r"(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[,\s]*"
    r"(?P<name>[^.|]{2,60}?)(?:[.|].*)?$"
)
_COMPANY = re.compile(
    r"(?i)(?:\s*,)?\s+(?:media group|media network|media|publishing|digital news & media|"
    r"news & media|newspapers?|group|ltd\.?|limited|inc\.?|llc|plc|gmbh|ag|ab|s\.a\.|"
    r"corporation|corp\.?|company|co\.)(?:\s+(?:ltd\.?|limited|inc\.?|llc|plc))?\s*$"
)
_REPRINT = re.compile(
    r"\b(?:[Ff]irst|[Oo]riginally)\s+(?:appeared|published|ran)\s+(?:in|on|by|at)\s+"
    r"(?P<name>(?:[Tt]he\s+)?[A-Z][\w&'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z0-9][\w&'’-]*){0,5})"
)


def tail_outlet(lines: Sequence[str], ctx: Context) -> tuple[str, str]:
    """(outlet, origin) of the closing lines: a source credit ("Source: dpa", "— AP", "(AFP)",
    "dpa kw/ho"), a copyright line naming a known outlet or the page's domain."""
    for text in reversed(lines[-TAIL:]):
        text = " ".join(text.split())
        for pattern, origin in ((_SOURCE_CREDIT, "source credit"), (_DASH_CREDIT, "wire credit")):
            m = pattern.match(text)
            if m:
                name = m.group("name") or m.groupdict().get("paren") or ""
                outlet = ctx.outlet_named(name)
                if outlet:
                    return outlet, origin
        m = _SIGNOFF.match(text)
        if m and ctx.outlets.named(m["name"]):
            return ctx.outlets.named(m["name"]), "wire sign-off"
        m = _COPYRIGHT.match(text) if len(text) <= 200 else None
        holder = _COMPANY.sub("", m["name"]).strip(" ,.") if m else ""
        if holder and (ctx.outlet_named(holder) or masthead_name(holder)):
            return ctx.outlet_named(holder) or masthead_name(holder), "copyright line"
        if URL_LINE.match(text) or BARE_DOMAIN.match(text):
            known = ctx.outlets.of_url(text)
            if known:
                return known, "footer link"
    return "", ""


def reprint_outlet(lines: Sequence[str], ctx: Context) -> str:
    """The outlet a reprint note names ("This article first appeared in Yale E360")."""
    for text in [*lines[:MAX_HEADER], *lines[-TAIL:]]:
        if len(text) > 300:
            continue
        m = _REPRINT.search(text)
        if m:
            return ctx.outlets.canonical(m["name"].strip(" .,"))
    return ""


def tail_date(lines: Sequence[str], reference: dt.date | None) -> str:
    """A publication date stated at the end or in a note at the top ("Published 11 July 2024",
    "(First published on 3 June 2024)", "This article first appeared in X on 14 November
    2024")."""
    for text in [*reversed(lines[-TAIL:]), *lines[:3]]:
        if len(text) > 300:
            continue
        for hit in full_dates(text, reference):
            if hit.label == "published" and not hit.year_inferred:
                return hit.iso
    return ""


# --- front matter ---------------------------------------------------------------------------------

_FRONT = re.compile(r"\A\s*---[ \t]*\n(?P<body>.*?\n)---[ \t]*(?:\n|\Z)", re.S)


def front_matter(raw: str) -> tuple[dict[str, object], int]:
    """The YAML front matter opening a Markdown file and the offset just past it, or ({}, 0)."""
    m = _FRONT.match(raw[:20000])
    if not m:
        return {}, 0
    import yaml

    try:
        data = yaml.safe_load(m.group("body"))
    except yaml.YAMLError:
        return {}, 0
    if not isinstance(data, dict):
        return {}, 0
    return {str(k).lower(): v for k, v in data.items()}, m.end()


#: front-matter keys of the publication date ("created", "clipped", "accessed" are clip dates)
_FRONT_DATE_KEYS = ("published", "date_published", "publish_date", "publication_date", "pubdate")
#: front-matter keys naming the outlet ("source" may hold the page's URL instead)
_FRONT_OUTLET_KEYS = ("publication", "publisher", "site", "site_name", "outlet", "source")


def _front_outlet(front: Mapping[str, object], ctx: Context) -> str:
    for key in _FRONT_OUTLET_KEYS:
        value = front.get(key)
        if isinstance(value, str) and value.strip() and "/" not in value and len(value) <= 60:
            return ctx.outlets.canonical(value.strip())
    return ""


def _front_date(front: Mapping[str, object]) -> str:
    for key in (*_FRONT_DATE_KEYS, "date"):
        value = front.get(key)
        if isinstance(value, dt.date):
            return value.isoformat()[:10]
        if value:
            hits = full_dates(str(value))
            if hits:
                return hits[0].iso
    return ""


# --- putting it together --------------------------------------------------------------------------


def read_metadata(doc: DocText, outlets: Outlets, sources_outlet: str = "") -> Found:
    """The document's title, author(s), date and outlet with their origins, and the kinds of
    its header paragraphs. ``sources_outlet`` is the outlet config ``sources`` gives its file."""
    if doc.source == "ocr":
        doc = replace(doc, lines=[ocr_tidy(t) for t in doc.lines], printed=_tidied(doc.printed))
    found = Found()
    ctx = Context(outlets, page_url(doc))
    reference = (
        parse_iso_date(url_date(ctx.url))
        or parse_iso_date(_html_date(doc))
        or _header_url_date(doc.lines)
    )
    header = read_header(doc.lines, ctx, reference, doc.headings)
    found.first(
        "outlet", (sources_outlet, "config sources"), *_outlets(doc, ctx, header, reference)
    )
    found.first("author", *_authors(doc, ctx, header))
    found.first("date", *_dates(doc, ctx, header, reference))
    found.first("title", *_titles(doc, ctx, header.title, found))
    _mark_kinds(found, doc, header, header.title)
    return found


_OCR_SPECKS = re.compile(r"(?<!\S)[|_~°*¢§]+(?!\S)|(?<=\s)-(?=[A-Z])|(?<=[^\W\d_])[’‘'](?=\s+\d)")
_OCR_TAIL = re.compile(r"[-.,;:'‘’_~|*°]*(?:\s+[-.,;:'‘’_~|*°]+)+\s*$")


def ocr_tidy(text: str) -> str:
    """An OCR'd header line without the specks Tesseract reads as punctuation: stray bars,
    underscores and degree signs, a hyphen glued to a capitalised word ("THE FENLAND
    -CHRONICLE"), a quote between a month and its year ("14 August’ 2024"), a trail of dots
    and dashes parted by spaces at the end ("until March 2026. .")."""
    text = _OCR_SPECKS.sub("", text)
    return " ".join(_OCR_TAIL.sub("", text).split())


def _tidied(printed: Callable[[int], str] | None) -> Callable[[int], str] | None:
    return None if printed is None else (lambda i: ocr_tidy(printed(i)))


#: the longest first line whose web address may date the page (a URL line, a date line)
HEADER_URL_LINE = 200


def _header_url_date(lines: Sequence[str]) -> dt.date | None:
    """The date path of a web address in the first lines, even one run into a date line
    ("Issued on: 04/03/2026 - 11:26 https://…/20260304-…"): it settles a day-month order. A
    long line is running text, whose links may be to older stories: not read."""
    for text in lines[:5]:
        for url in urls_in(text) if "http" in text and len(text) <= HEADER_URL_LINE else ():
            found = parse_iso_date(url_date(url))
            if found:
                return found
    return None


def _html_date(doc: DocText) -> str:
    return meta_value(doc.source_meta, "date", "published") if doc.source == "html" else ""


def _site_name(doc: DocText, ctx: Context) -> str:
    """The outlet HTML metadata names (og:site_name, JSON-LD publisher), if it is a name."""
    site = meta_value(doc.source_meta, "sitename", "site_name", "publisher")
    if not site or "," in site or len(site) > 60:
        return ""
    if re.fullmatch(r"(?i)(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+", site):
        return ctx.outlets.of_host(host_of(site))
    return ctx.outlets.canonical(site)


def _outlets(
    doc: DocText, ctx: Context, header: Header, reference: dt.date | None
) -> list[Candidate]:
    """Outlet candidates, most trusted first."""
    lines = doc.lines
    heads = [(i, line) for i, line in sorted(header.lines.items()) if line.outlet]
    bylines = [line.byline.outlet for line in header.lines.values() if line.byline is not None]

    def credit() -> str:
        wire = body_dateline(lines, header, reference)
        text = wire[1].credit if wire else ""
        return ctx.outlet_named(text) or _credit_name(text)

    copyright_line = meta_value(doc.source_meta, "copyright")
    return [
        (lambda: _site_name(doc, ctx), "html metadata"),
        (lambda: _front_outlet(doc.front, ctx), "front matter"),
        (lambda: ctx.outlets.of_url(ctx.url) if ctx.url else "", "url"),
        (lambda: _logo_outlet(doc, ctx), "html logo"),
        (heads[0][1].outlet if heads else "", _outlet_origin(heads)),
        (next((o for o in bylines if o), ""), "byline"),
        (credit, "dateline credit"),
        (lambda: letterhead(lines, header, ctx), "letterhead"),
        lambda: tail_outlet([*lines, copyright_line], ctx),
        (lambda: reprint_outlet(lines, ctx), "reprint note"),
        (lambda: _spelled_domain(ctx, lines), "url domain"),
        (lambda: ctx.domain, "url domain"),
    ]


def _logo_outlet(doc: DocText, ctx: Context) -> str:
    """The outlet a web page's logo names: a known one, the page's domain spelt out or a
    newspaper's name (not a slogan)."""
    logo = meta_value(doc.source_meta, "logo").strip(" .")
    return ctx.outlet_named(logo) or masthead_name(logo) if logo else ""


def _outlet_origin(heads: Sequence[tuple[int, Line]]) -> str:
    return "dateline" if heads and heads[0][1].kind == "date" else "outlet line"


_LETTERHEAD_CUT = re.compile(
    r"\s*(?:\||—|–|\s-\s|,|\.\.|\bPRESS RELEASE\b|\bNEWS RELEASE\b|\bMEDIA RELEASE\b|"
    r"\bPUBLIC STATEMENT\b|\bStatement\b|\bIssue\b|\bNo\.|\s\d).*$"
)


def letterhead(lines: Sequence[str], header: Header, ctx: Context) -> str:
    """The organisation a report's or a release's letterhead names on its first lines ("PORT
    OF ANTWERP-BRUGES", "Environment Agency | 7", "HAKI MONITOR KENYA — P.O. Box …") above
    the headline: a known outlet, a newspaper's name, or capitals or an organisation's name
    (Agency, Institute, Council …) of up to seven words."""
    first_title = header.title[0] if header.title else len(lines)
    for i in sorted(header.lines)[:2]:
        if i >= first_title or header.lines[i].kind in ("url", "body"):
            continue
        text = _LETTERHEAD_CUT.sub("", " ".join(lines[i].split())).strip(" .:;‘’'\"“”_~-")
        words = text.split()
        if not 1 <= len(words) <= 7 or any(c.isdigit() for c in text) or person_name(text):
            continue
        known = ctx.outlet_named(text) or masthead_name(text)
        if known:
            return known
        if (text.isupper() and len(words) >= 2) or _org_name(words):
            return normal_case_name(text)
    return ""


def _org_name(words: Sequence[str]) -> bool:
    """Capitalised words with an organisation's head word ("Environment Agency")."""
    glue = ("of", "the", "for", "and")
    return any(w.lower() in ORG_WORDS for w in words) and all(
        w[:1].isupper() or w in glue for w in words
    )


def _credit_name(credit: str) -> str:
    """An unknown wire credit that reads as a name ("(Kyodo)"), not a note ("(file photo)")."""
    words = credit.split()
    if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        return credit
    return ""


def _spelled_domain(ctx: Context, lines: Sequence[str]) -> str:
    """A run of capitalised words in the header or the tail that spells the page's unknown
    domain ("Irish Examiner" for irishexaminer.com)."""
    if not ctx.domain:
        return ""
    for text in [*lines[:MAX_HEADER], *lines[-TAIL:]]:
        words = re.findall(r"[\w&'’-]+", text)
        for i, w in enumerate(words):
            if not w[:1].isupper():
                continue
            for j in range(i + 1, min(len(words), i + 5) + 1):
                phrase = " ".join(words[i:j])
                if ctx.names_page(phrase) and all(x[:1].isupper() for x in words[i:j]):
                    return phrase
    return ""


def _authors(doc: DocText, ctx: Context, header: Header) -> list[tuple[str, str]]:
    """Author candidates (people joined with "; "), most trusted first."""
    people = header_authors(header)
    credited = [a for a in credited_authors(doc.lines, ctx) if a not in people]
    meta_author = meta_value(doc.source_meta, "author", "authors", "creator")
    html_byline = parse_byline(meta_value(doc.source_meta, "byline"), ctx.outlet_named)
    return [
        ("; ".join(people + credited), "byline" if people else "credit line"),
        ("; ".join(html_byline.authors) if html_byline else "", "html byline"),
        (
            "; ".join(listed_authors(doc.front.get("author") or doc.front.get("authors"), ctx)),
            "front matter",
        ),
        ("; ".join(listed_authors(meta_author, ctx)), "file metadata"),
    ]


def _dates(
    doc: DocText, ctx: Context, header: Header, reference: dt.date | None
) -> list[Candidate]:
    """Date candidates, most trusted first."""
    hits = [h for _i, line in sorted(header.lines.items()) for h in line.dates]
    published = next((h.iso for h in hits if h.label == "published"), "")
    plain = next((h.iso for h in hits if not h.label), "")
    updated = next((h.iso for h in hits if h.label == "updated"), "")

    def wire() -> tuple[str, str]:
        year_of = reference or _stated_date(doc.lines) or _copy_date(doc)
        found = body_dateline(doc.lines, header, year_of)
        if found is not None and found[1].date is None and year_of is None:
            guess = _weekday_reference(doc.lines, found[0])
            found = body_dateline(doc.lines, header, guess) if guess else found
        hit = found[1].date if found else None
        if hit is None:
            return "", ""
        return hit.iso, "wire dateline" + (" (year inferred)" if hit.year_inferred else "")

    def pdf() -> str:
        if doc.source not in ("pdf-text", "ocr"):
            return ""
        return pdf_info_date(meta_value(doc.source_meta, "creationdate", "moddate"))

    return [
        (lambda: _front_date(doc.front), "front matter"),
        (lambda: _html_date(doc), "html metadata"),
        (published, "published line"),
        (doc.prefix_date, "metadata prefix"),
        (plain, "dateline"),
        wire,
        (updated, "updated line"),
        (lambda: url_date(ctx.url), "url path"),
        (lambda: tail_date(doc.lines, reference), "published note"),
        (pdf, "pdf metadata"),
    ]


def _copy_date(doc: DocText) -> dt.date | None:
    """When the copy was made (a clip date in front matter, a PDF's creation date): the year
    of a yearless dateline when the text states none."""
    for key in ("created", "clipped", "accessed", "saved", "date"):
        value = doc.front.get(key)
        hits = full_dates(str(value)) if value else []
        if hits:
            return parse_iso_date(hits[0].iso)
    return parse_iso_date(pdf_info_date(meta_value(doc.source_meta, "creationdate")))


def _weekday_reference(lines: Sequence[str], i: int) -> dt.date | None:
    """The date a yearless dateline states when nothing else gives its year ("DUBAI, March 24
    (Reuters) - … struck on Tuesday"): the year in which its month-day falls on the weekday its
    paragraph first names, not before the latest past year the text states, nor after today
    (:func:`~sourcebook.core.dates.weekday_year`)."""
    text = lines[i]
    found = next(((d, m) for d in find_dates(text[:80]) if (m := _YEARLESS_ISO.match(d.iso))), None)
    if found is None:
        return None
    day, md = found
    month, mday = int(md[1]), int(md[2])
    weekday = next(
        (
            WEEKDAYS[w[1].lower()]
            for w in _ON_WEEKDAY.finditer(text, day.end)
            if not looks_ahead(text, w.start())
        ),
        None,
    )
    today = dt.date.today()
    stated = [
        int(d.iso)
        for line in lines
        if _DIGIT_YEAR.search(line)
        for d in find_dates(line)
        if len(d.iso) == 4 and d.iso.isdigit() and not looks_ahead(line, d.start)
    ]
    after = min(max(stated), today.year) if stated else None
    year = weekday_year(month, mday, weekday, after, today)
    return dt.date(year, month, mday) if year else None


def _stated_date(lines: Sequence[str]) -> dt.date | None:
    """The first full date the text states anywhere (the year of a yearless dateline)."""
    for text in lines:
        for hit in full_dates(text):
            return parse_iso_date(hit.iso)
    return None


def _titles(doc: DocText, ctx: Context, idx: Sequence[int], found: Found) -> list[tuple[str, str]]:
    """Title candidates, most trusted first."""
    outlet = found.values.get("outlet", ("", ""))[0]
    text_title = " ".join((doc.printed(i) if doc.printed else "") or doc.lines[i] for i in idx)
    heading = bool(idx) and idx[0] in doc.headings
    file_title = meta_value(doc.source_meta, "title")
    file_title = "" if is_placeholder(file_title) else clean_title(file_title, outlet, ctx)
    front_title = str(doc.front.get("title") or "")
    if doc.source == "html":
        heading = meta_value(doc.source_meta, "h1")
        return [
            (heading, "html heading"),
            (file_title, "file metadata"),
            (text_title, "headline line"),
        ]
    return [
        (text_title if heading else "", "markdown heading"),
        (front_title, "front matter"),
        (text_title, "headline line"),
        (file_title, "file metadata"),
    ]


def _mark_kinds(found: Found, doc: DocText, header: Header, title_idx: Sequence[int]) -> None:
    """Give the recognised header paragraphs their kind (title, byline, dateline)."""
    for i in title_idx:
        found.kinds[i] = "title"
    title = found.values.get("title", ("", ""))[0]
    for i, line in header.lines.items():
        if line.kind in ("byline", "name", "outlet", "desk", "section"):
            found.kinds.setdefault(i, "byline")
        elif line.kind in ("date", "label"):
            found.kinds.setdefault(i, "dateline")
        elif title and line.kind == "title" and name_key(doc.lines[i]) == name_key(title):
            found.kinds.setdefault(i, "title")

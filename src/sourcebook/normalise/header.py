"""The document as metadata are read from it (:class:`DocText`, its file metadata) and its top:
what names its page (:class:`Context`: the URL and the outlet it
points to), what each of the first lines is (:func:`classify`, :func:`read_header`: title, date
line, byline, outlet line, masthead, photo credit …) and which of them make the title
(:func:`title_lines`, :func:`clean_title`). :mod:`sourcebook.normalise.metadata` puts them
together with the file's own metadata."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sourcebook.core.dates import find_dates
from sourcebook.normalise.bylines import (
    Byline,
    parse_byline,
)
from sourcebook.normalise.clean import SENTENCE_CLOSE, URL_LINE
from sourcebook.normalise.outlets import (
    Outlets,
    credit_line_name,
    host_of,
    masthead_name,
    name_key,
    registered_domain,
    urls_in,
)
from sourcebook.normalise.pubdates import (
    DateHit,
    date_line_rest,
    full_dates,
    is_label_only,
)

#: paragraphs read as the header: the first ones, up to the second body paragraph

#: paragraphs read as the header: the first ones, up to the second body paragraph
MAX_HEADER = 40
#: paragraphs read as the tail (closing credits, "Source: dpa", reprint notes)
TAIL = 8


@dataclass(frozen=True)
class DocText:
    """What the metadata are read from: the document's paragraphs in order, with furniture.

    ``headings`` maps the index of a Markdown heading paragraph to its level; ``front`` is the
    Markdown front matter; ``prefix_date`` the date of a cut " date YYYY-MM-DD" prefix;
    ``source`` the pages' source (text, markdown, html, pdf-text, ocr).
    """

    lines: Sequence[str]
    printed: Callable[[int], str] | None = None  # line i as printed (quotes, dashes untouched)
    headings: Mapping[int, int] = field(default_factory=dict)
    source: str = "text"
    source_meta: Mapping[str, object] = field(default_factory=dict)
    front: Mapping[str, object] = field(default_factory=dict)
    prefix_date: str = ""
    path: str = ""


#: a metadata value and its origin; the value, or the pair, may be computed on demand
Candidate = tuple[str | Callable[[], str], str] | Callable[[], tuple[str, str]]


@dataclass
class Found:
    """The metadata read: field → (value, origin), and paragraph index → kind."""

    values: dict[str, tuple[str, str]] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)

    def first(self, name: str, *candidates: Candidate) -> None:
        """Keep the first non-empty (value, origin) of ``candidates`` for ``name``; a value
        (or a whole candidate) may be a function, called only when the ones before are empty."""
        for candidate in candidates:
            value, origin = candidate() if callable(candidate) else candidate
            value = " ".join(str((value() if callable(value) else value) or "").split())
            if value:
                self.values[name] = (value, origin)
                return


# --- file metadata --------------------------------------------------------------------------------


def meta_value(meta: Mapping[str, object], *keys: str) -> str:
    """The first non-empty string of ``keys`` in file metadata ("pdf:Title" answers "title")."""
    lowered = {k.lower().rsplit(":", 1)[-1]: v for k, v in meta.items()}
    for k in keys:
        v = lowered.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


_FILE_NAME = re.compile(
    r"(?i)^(?:microsoft\s+(?:word|powerpoint|excel)\s*-\s*)|"
    r"\.(?:docx?|pdf|odt|rtf|txt|html?|indd|pages|pptx?|xlsx?|qxd|tex)\s*$"
)
_PLACEHOLDER = re.compile(
    r"(?i)^(?:untitled(?:\s+document)?|no\s+title|title|document\d*|doc\d*|draft\d*|"
    r"anonymous|unknown|none|null|n/?a|user|admin(?:istrator)?|owner|author|"
    r"(?:windows|microsoft\s+office|office|mac|apple)\s+user|slide\s*\d+|page\s*\d+|"
    r"[\w-]*\d[\w-]*|[a-z]+_[\w-]+)$"
)


def is_placeholder(value: str) -> bool:
    """A file-metadata value that says nothing: a tool's default ("untitled", "anonymous"), a
    file name ("Microsoft Word - draft3.docx", "report_v2"), an account name."""
    value = " ".join(value.split())
    return not value or bool(_FILE_NAME.search(value)) or bool(_PLACEHOLDER.match(value))


_PDF_DATE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)(\d\d)")


def pdf_info_date(value: str) -> str:
    """ISO day of a PDF Info date ("D:20240715093000+02'00'"), ``""`` for none or a tool's
    fixed placeholder (2000-01-01, the Unix epoch)."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return ""
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return ""
    return "" if day in (dt.date(2000, 1, 1), dt.date(1970, 1, 1)) else day.isoformat()


# --- context: the page's URL and what names it --------------------------------------------------


@dataclass(frozen=True)
class Context:
    """The known outlets, the page's own URL and domain."""

    outlets: Outlets
    url: str = ""

    @functools.cached_property
    def domain(self) -> str:
        """The registered domain of the page's URL ("theguardian.com")."""
        return registered_domain(host_of(self.url)) if self.url else ""

    @functools.cached_property
    def _labels(self) -> frozenset[str]:
        label = self.domain.split(".", 1)[0]
        if len(label) < 4:
            return frozenset()
        return frozenset({label, label.removeprefix("the")} - {""})

    def names_page(self, text: str) -> bool:
        """``text`` spells the page's own domain ("The Millbrook Ledger", millbrookledger.com)."""
        key = name_key(text)
        labels = self._labels
        return bool(key) and key in labels

    def leads_with_page(self, text: str) -> bool:
        """``text`` is a short name (five words at most, not in lower case) opening with the
        page's own domain label of four letters or more: the site's name with its channel or
        slogan ("WNCT 9 On Your Side" on wnct.com)."""
        key = name_key(text)
        return (
            len(text.split()) <= 5
            and not text.islower()
            and any(len(label) >= 4 and key.startswith(label) for label in self._labels)
        )

    def outlet_named(self, text: str) -> str:
        """The outlet a short line names: a known one, or the page's own domain spelt out."""
        text = " ".join(text.strip(" *_#|·•-–—").split())
        if not text or len(text) > 90:
            return ""
        known = self.outlets.named(text)
        if known:
            return known
        return text if self.names_page(text) and not text.islower() else ""


def page_url(doc: DocText) -> str:
    """The page's own address: HTML metadata, front matter, a URL line at the top or the end."""
    front = [str(doc.front.get(k) or "") for k in ("source", "url", "link", "canonical")]
    for value in (meta_value(doc.source_meta, "url"), *front):
        if value.startswith(("http://", "https://")):
            return value
    lines = list(doc.lines)
    tail = [t for t in lines[-3:] if t.lstrip().startswith(("http://", "https://"))]
    for text in [*lines[:5], *tail]:
        urls = urls_in(text)
        edge = urls and (text.strip().startswith(urls[0]) or text.strip().endswith(urls[-1]))
        if edge and len(" ".join(urls)) >= len(text.strip()) * 0.6:
            return urls[0]
    return ""


# --- the header: what each of the first lines is ------------------------------------------------


@dataclass
class Line:
    """One header line, classified: url, label, date, byline, name, outlet, body, title or
    other."""

    kind: str
    dates: tuple[DateHit, ...] = ()
    byline: Byline | None = None
    outlet: str = ""


_PHOTO_CREDIT = re.compile(
    r"(?i)^\W{0,2}(?:photo(?:graph)?s?|photography|images?|pictures?|video|illustrations?|"
    r"graphics?|credit)\s*(?:by\b|:)"
)
_DIGIT = re.compile(r"\d")
#: a dash or a bar between the parts of a credit line
_SITE_SEP = re.compile(r"\s+[—–|·•-]\s+")
_RELEASE = re.compile(r"(?i)\s+(?:press|news|media)\s+release\s*$")
_PRINT_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d\d(?:\s*[AaPp]\.?[Mm]\.?)?\b")
BARE_DOMAIN = re.compile(r"(?i)^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?$")
_TITLE_END = re.compile(r"[.,;:]$")
_STREET = re.compile(
    r"\b\d{1,5}[a-z]?,?\s+(?:[A-Z][\w.'’-]*\s+){0,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.?|"
    r"Boulevard|Blvd\.?|Lane|Drive|Square|Place|Plaza|Way|Quay)\b|\bP\.?\s?O\.? Box\b|"
    r"\b\w+(?:plein|straat|strasse|straße|gasse|weg|laan|gade|vej)\s+\d"
)
_TITLE_START = re.compile(r"^[\"'“‘(]?[^\W_a-z]")
_ADDRESS = re.compile(r"(?i)https?://|www\.|@\w+\.\w|\.(?:com|org|net|example)\b")
#: a numbered section ("2. FOLLOW THE CUSTOMER"), a mail header ("From: A To: B")
_ITEM_LEAD = re.compile(r"^(?:\d{1,2}\.\s|(?:From|To|Cc|Sent):\s)")
#: a live page's entry opening with its time ("16:45 — Death toll rises", "5:45 p.m. — …")
_CLOCK_LEAD = re.compile(r"^\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?\s*[—–:|-]\s")


def is_body(text: str) -> bool:
    """A paragraph of running text (not a header line)."""
    words = len(text.split())
    return words >= 25 or (words >= 12 and SENTENCE_CLOSE.search(text) is not None)


def is_title_like(text: str) -> bool:
    """A line that may be a headline: three to 30 words opening with a capital or a digit,
    not ending like a sentence piece, no web or mail address, no " | " (a menu, a letterhead),
    not mostly numbers, no postal address, not opening like a live page's timed entry, a
    numbered section or a mail header."""
    words = text.split()
    numbers = sum(any(c.isdigit() for c in w) for w in words)
    return (
        _headline_shape(text)
        and numbers * 3 < len(words)
        and not (numbers and text.count(", ") >= 2)  # a postal address
    )


def _headline_shape(text: str) -> bool:
    """The shape of :func:`is_title_like`, whatever numbers the line holds."""
    words = text.split()
    return (
        3 <= len(words) <= 30
        and len(text) <= 250
        and not _TITLE_END.search(text)
        and " | " not in text
        and not _ADDRESS.search(text)
        and _TITLE_START.match(text) is not None
        and not _STREET.search(text)
        and not _CLOCK_LEAD.match(text)
        and not _ITEM_LEAD.match(text)
    )


def classify(text: str, ctx: Context, reference: dt.date | None) -> Line:
    """What one header line is."""
    text = " ".join(text.split())
    if URL_LINE.match(text):
        return Line("url")
    if _PRINT_STAMP.match(text):
        return Line("other")  # a browser's print header: when the page was printed
    if is_label_only(text):
        return Line("label")
    if len(text) <= 200 and _DIGIT.search(text):
        found = _date_line(text, ctx, reference)
        if found is not None:
            return found
    if _DIGIT.search(text) and _yearless_dateline(text):
        return Line("date")  # its day without a year gives no date
    if _PHOTO_CREDIT.match(text):
        return Line("photo")
    by = parse_byline(text, ctx.outlet_named)
    if by is not None:
        kind = "byline" if by.explicit else "name" if by.authors else "desk"
        return Line(kind, byline=by)
    outlet = ctx.outlet_named(text) or ctx.outlet_named(_RELEASE.sub("", text))
    if outlet:
        return Line("outlet", outlet=outlet)
    if masthead_name(text):
        return Line("masthead", outlet=masthead_name(text))
    if is_body(text):
        return Line("body")
    return Line("title" if is_title_like(text) else "other")


_BY_AFTER = re.compile(r"[\s,;|—–-][Bb]y\s+(?=[A-Z])")


def _date_line(text: str, ctx: Context, reference: dt.date | None) -> Line | None:
    """A date line and what else it holds: an outlet ("Weekly Sentinel — Washington, 6 July
    2024"), a byline ("Andre Damon 9 July 2024", "Published 14 January 2025 by A, with B");
    None when ``text`` is no date line."""
    by = _BY_AFTER.search(text)
    head = text[: by.start()] if by else text
    hits = full_dates(head, reference)
    if not hits or hits[0].year_inferred:
        return None
    rest = date_line_rest(head, hits)
    if rest is None:
        return None
    if by:
        found = parse_byline(text[by.start() + 1 :], ctx.outlet_named, explicit_only=True)
        return Line("date", dates=tuple(hits), byline=found)
    return _date_line_rest(hits, rest, ctx)


def _date_line_rest(hits: list[DateHit], rest: str, ctx: Context) -> Line:
    """A date line with the outlet or byline its ``rest`` holds."""
    parts = [p for p in re.split(r"\s+[—–|•·]\s+|\s+-\s+|\s*\|\s*", rest) if p.strip()]
    outlet = ctx.outlet_named(rest) or (ctx.outlet_named(parts[0]) if parts else "")
    if not outlet and len(parts) > 1 and _masthead(parts[0]):
        outlet = parts[0].strip(" *_")
    by = None if outlet else parse_byline(rest, ctx.outlet_named) if rest else None
    return Line("date", dates=tuple(hits), byline=by, outlet=outlet)


def _yearless_dateline(text: str) -> bool:
    """A place (three capitalised words at most) and a day without its year, parted by a
    dash or a bar ("Los Angeles, CA — October 21", "21 October | Gdynia")."""
    parts = _SITE_SEP.split(text.strip())
    if len(parts) != 2:
        return False
    for day, place in (parts, parts[::-1]):
        spans = find_dates(day)
        whole = len(spans) == 1 and spans[0].text == day.strip() and spans[0].iso.startswith("--")
        if whole and len(place.split()) <= 3 and _masthead(place.replace(",", " ")):
            return True
    return False


def _masthead(text: str) -> bool:
    """A capitalised name before a place and a date on one line ("Weekly Sentinel — …")."""
    words = text.strip(" *_").split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() or w in ("of", "the") for w in words)


@dataclass
class Header:
    """The classified header lines (index → line), where the body starts, the headline's
    lines."""

    lines: dict[int, Line]
    body_start: int
    title: list[int] = field(default_factory=list)


def read_header(
    lines: Sequence[str], ctx: Context, reference: dt.date | None, headings: Mapping[int, int]
) -> Header:
    """Classify the first lines, up to two body paragraphs in a row; find the headline; keep
    name lines and mastheads that sit where bylines and mastheads do (see
    :func:`_confirm_names`)."""
    out: dict[int, Line] = {}
    for i, text in enumerate(lines[:MAX_HEADER]):
        out[i] = classify(text, ctx, reference)
        if out[i].kind == "body" and i > 0 and out[i - 1].kind == "body":
            break
    bodies = [i for i, line in out.items() if line.kind == "body"]
    header = Header(out, bodies[0] if bodies else len(out))
    _credit_lines(header, lines, ctx)
    header.title = title_lines(lines, header, headings)
    _confirm_names(header, lines)
    return header


#: line kinds a heading may have to be the headline (a heading naming the outlet is a masthead)
_HEADLINE_KINDS = ("title", "other", "name", "body")
#: line kinds that credit the text (a headline sits above them); a "section" line names a
#: site's section or edition ("Glimmer — Celebrity", "Translated from Spanish")
_CREDIT_KINDS = (
    "date",
    "label",
    "byline",
    "outlet",
    "name",
    "masthead",
    "photo",
    "desk",
    "section",
)
#: the credits that come after the headline (a menu may name the outlet above it)
_STRONG_CREDITS = ("date", "label", "byline", "desk")


def _credit_lines(header: Header, lines: Sequence[str], ctx: Context) -> None:
    """Before the headline is chosen: with an explicit byline ("By …"), a line read as a list
    of names is no byline (a headline such as "Price Gets Probation, Community Service", an
    outlet's name); a short line next to a headline-like one, or below the first line of
    text, is a credit line when it reads as one ("Euronews with AFP", "Glimmer — Celebrity", see
    :func:`~sourcebook.normalise.outlets.credit_line_name`) or when it is a bare name, much
    shorter than the headline above it, over a byline or a date ("The Daily Reflector"): an
    outlet line when it names an outlet, else a section line; the site's own name under the
    headline is a section line (:func:`_site_name`)."""
    if any(line.kind == "byline" for line in header.lines.values()):
        for i, line in header.lines.items():
            if line.kind == "name":
                header.lines[i] = classify_unnamed(lines[i], ctx)
    cands = [i for i, line in header.lines.items() if line.kind in ("title", "other")]
    named = {i: credit_line_name(lines[i], ctx.outlet_named) for i in cands}
    headlines = {i for i in cands if named[i] is None and header.lines[i].kind == "title"}
    for i in cands:
        name = named[i]
        if name is None and i - 1 in headlines and _bare_name(header, lines, i):
            name = lines[i]
        if name is None and i - 1 in headlines and _site_name(header, lines, i, ctx):
            name = ""  # the site's own name under the headline: a section line
        near = i - 1 in headlines or i + 1 in headlines
        below = header.lines[i].kind == "title" and _below_text(header, i)
        if name is None or not (near or below):
            continue
        outlet = ctx.outlet_named(name) or masthead_name(name) if name else ""
        header.lines[i] = Line("outlet", outlet=outlet) if outlet else Line("section")


def _below_text(header: Header, i: int) -> bool:
    """Line ``i`` comes after the first line of text (a headline, a standfirst)."""
    text = ("title", "other", "body")
    return any(j < i and line.kind in text for j, line in header.lines.items())


def classify_unnamed(text: str, ctx: Context) -> Line:
    """A line that is no byline: an outlet's or a newspaper's name, a title-like line or
    another line."""
    outlet = ctx.outlet_named(text) or masthead_name(text)
    if outlet:
        return Line("outlet", outlet=outlet)
    return Line("title" if is_title_like(text) else "other")


def _bare_name(header: Header, lines: Sequence[str], i: int) -> bool:
    """Line ``i`` is a short run of capitalised words (no verb in lower case), at most half
    as long as the line above, over a byline, a name or a date line."""
    words = lines[i].split()
    return (
        not _joins(lines[i - 1], lines[i])
        and len(words) <= 4
        and len(words) * 2 <= len(lines[i - 1].split())
        and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "&") for w in words)
        and _kind(header, i + 1) in (*_STRONG_CREDITS, "name")
    )


def _site_name(header: Header, lines: Sequence[str], i: int, ctx: Context) -> bool:
    """Line ``i`` names the page's own site (:meth:`Context.leads_with_page`) over a URL, a
    byline or a date line ("Headline / WNCT 9 On Your Side / https://www.wnct.com/…")."""
    over = _kind(header, i + 1) in (*_STRONG_CREDITS, "name", "url")
    return over and ctx.leads_with_page(lines[i])


def _confirm_names(header: Header, lines: Sequence[str]) -> None:
    """A name line is a byline only below the headline, next to the headline or another
    credit line, and when no explicit byline ("By …") names the authors; a masthead-shaped
    line only next to the headline or a credit line."""
    explicit = any(line.kind == "byline" for line in header.lines.values())
    first = header.title[0] if header.title else -1
    for i, line in list(header.lines.items()):
        near = _next_to_credit(header, i)
        if line.kind == "name" and (explicit or i < first or not near):
            header.lines[i] = Line("title" if is_title_like(lines[i]) else "other")
        elif line.kind == "masthead":
            header.lines[i] = Line("outlet", outlet=line.outlet) if near else Line("other")


def _next_to_credit(header: Header, i: int) -> bool:
    for j in (i - 1, i + 1):
        near = header.lines.get(j)
        if j in header.title or (near is not None and near.kind in _CREDIT_KINDS):
            return True
    return False


# --- title ----------------------------------------------------------------------------------------

_OPEN_END = re.compile(
    r"(?i)(?:\b(?:a|an|the|of|and|or|but|to|in|on|at|for|with|from|by|as|into|over|after|"
    r"before|amid|says|say|its|their|his|her)|[:,–—-])$"
)


def _joins(first: str, second: str) -> bool:
    """Whether ``second`` continues the headline line ``first`` (a headline broken over lines):
    ``first`` breaks off mid-phrase, ``second`` starts in lower case, or a headline in
    capitals ends in a short line of capitals."""
    caps = first.isupper() and second.isupper() and len(second.split()) <= 3
    return bool(_OPEN_END.search(first)) or second[:1].islower() or caps


def title_lines(lines: Sequence[str], header: Header, headings: Mapping[int, int]) -> list[int]:
    """The indices of the headline's lines: the first top-level heading in the header; else
    the headline found by :func:`_headline_index`; a headline broken over lines is joined."""
    start = _heading_index(header, headings)
    if start is None:
        start = _headline_index(lines, header)
    if start is None:
        return []
    picked = [start]
    while picked[0] - 1 >= 0 and _continues(header, picked[0] - 1, picked[0], lines, back=True):
        picked.insert(0, picked[0] - 1)
    while _continues(header, picked[-1], picked[-1] + 1, lines, back=False):
        picked.append(picked[-1] + 1)
    return picked


def _heading_index(header: Header, headings: Mapping[int, int]) -> int | None:
    inside = {
        i: lvl
        for i, lvl in headings.items()
        if i in header.lines and i <= header.body_start and _kind(header, i) in _HEADLINE_KINDS
    }
    if not inside:
        return None
    top = min(inside.values())
    return min(i for i, lvl in inside.items() if lvl == top)


def _headline_index(lines: Sequence[str], header: Header) -> int | None:
    """The headline among the header's title-like lines.

    In order, among the lines above the last byline or date: the last one directly above an
    outlet line (the copy-pasted page's "Headline / Outlet / standfirst / Byline / Date");
    in a text without byline, the line that opens the body when every credit line is above
    it (a press release or a letterhead: the credits are the sender's); the last line within
    three lines above a credit line (a standfirst there gives way to the headline above it, a
    line the body's lede does not echo to the one above it that it does, :func:`_echoed`);
    without a byline, the first line below the credits (a letterhead's date over the
    headline), the line that opens the body; the first title-like line, under credit lines
    only ("Europol press release — The Hague / Headline / 6 May"). Before all these, a
    first line that reads as sentences ("Piracy Is Back. The World Has Fewer Ships to Stop
    It.") directly over an outlet, section or byline line (:func:`_sentence_headline`). A line
    that opens the body below two more title-like lines ends a list, not a headline. Last, a
    first line shaped as a headline over the URL, a site line or a credit line
    (:func:`_top_headline`: "3 dead, 9 hurt in …" over its URL).
    """
    first = _sentence_headline(lines, header)
    if first is not None:
        return first
    cands = [i for i, line in header.lines.items() if line.kind == "title"]
    credits = [i for i, line in header.lines.items() if line.kind in _CREDIT_KINDS]
    strong = [i for i, line in header.lines.items() if line.kind in _STRONG_CREDITS]
    before = [c for c in cands if not strong or c < max(strong)]
    over_outlet = [c for c in before if _kind(header, c + 1) in ("outlet", "masthead", "section")]
    if over_outlet:
        return over_outlet[-1]
    opens_body = [
        c
        for c in cands
        if c < header.body_start
        and _kind(header, c + 1) == "body"
        and len(lines[c].split()) >= 4
        and not SENTENCE_CLOSE.search(lines[c])
        and not any(c < k <= c + 3 for k in credits)
        and not (_kind(header, c - 1) == _kind(header, c - 2) == "title")
    ]
    bylines = any(line.kind in ("byline", "name") for line in header.lines.values())
    if opens_body and credits and not bylines and all(k < opens_body[0] for k in credits):
        return opens_body[0]  # a press release: the credits above are the sender's
    above = [c for c in before if any(c < k <= c + 3 for k in credits)]
    if above:
        if len(above) > 1 and _standfirst(lines[above[-1]]):
            return above[-2]
        if len(above) > 1 and above[-2] == above[-1] - 1:
            return _echoed(lines, header, above[-2], above[-1])
        return above[-1]
    explicit = any(line.kind == "byline" for line in header.lines.values())
    after = [c for c in cands if strong and c > max(strong) and not explicit]
    if after:
        return after[0]
    if opens_body and not explicit:
        return opens_body[0]
    opening = cands and all(_kind(header, j) in (*_CREDIT_KINDS, "url") for j in range(cands[0]))
    if opening and len(lines) > cands[0] + 1:
        return cands[0]
    return _top_headline(lines, header)


_WORD = re.compile(r"[^\W\d_]{4,}")


def _stems(text: str) -> set[str]:
    """The first five letters of each word of four letters or more, case folded."""
    return {w[:5] for w in _WORD.findall(text.casefold())}


def _echoed(lines: Sequence[str], header: Header, upper: int, lower: int) -> int:
    """Of two title-like lines in a row over the credits, the headline: the lower one (a
    headline broken from a kicker above it), unless no word of it comes back in the body's
    first paragraph while the upper one's words do (the lower one credits the page: a
    site's line the shapes of :func:`credit_line_name` do not know)."""
    if header.body_start >= len(lines):
        return lower
    lede = _stems(lines[header.body_start])
    if not _stems(lines[lower]) & lede and len(_stems(lines[upper]) & lede) >= 2:
        return upper
    return lower


#: what sits under a headline
_UNDER_HEADLINE = ("outlet", "masthead", "section", "byline", "name", "desk", "date")


def _sentence_headline(lines: Sequence[str], header: Header) -> int | None:
    """The first line of text when it reads as a short paragraph (a headline written as
    sentences or a question) and an outlet, section, byline or date line follows it."""
    first = next((i for i in sorted(header.lines) if header.lines[i].kind != "url"), None)
    if first is None or header.lines[first].kind not in ("body", "other"):
        return None
    text = lines[first]
    short = (
        4 <= len(text.split()) <= 24 and _TITLE_START.match(text) and SENTENCE_CLOSE.search(text)
    )
    return first if short and _kind(header, first + 1) in _UNDER_HEADLINE else None


#: a word in lower case (a headline's verb or preposition: "3 dead, 9 hurt in shooting")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")


def _site_line(text: str) -> bool:
    """A line opening with a web address, alone or before a separator ("evertonfc.example —
    Club News — 29/07")."""
    head = _SITE_SEP.split(text.strip(), maxsplit=1)[0]
    return bool(BARE_DOMAIN.match(head) or URL_LINE.match(head))


def _top_headline(lines: Sequence[str], header: Header) -> int | None:
    """The first line of text when it has a headline's shape (:func:`_headline_shape`; with
    numbers and commas, "3 dead, 9 hurt in …", it needs a word in lower case) directly over
    the page's URL, a site line (:func:`_site_line`), a date or another credit line; a line
    read as names only over a URL or a site line."""
    first = next((i for i in sorted(header.lines) if header.lines[i].kind != "url"), None)
    if first is None or first + 1 >= len(lines):
        return None
    kind, text = header.lines[first].kind, lines[first]
    if kind not in ("title", "other", "name") or not _headline_shape(text):
        return None
    if not is_title_like(text) and not _LOWER_WORD.search(text):
        return None
    under = _kind(header, first + 1)
    site = under == "url" or _site_line(lines[first + 1])
    return first if site or (kind != "name" and under in _CREDIT_KINDS) else None


def _kind(header: Header, i: int) -> str:
    line = header.lines.get(i)
    return line.kind if line is not None else ""


def _standfirst(text: str) -> bool:
    return len(text.split()) >= 14 or SENTENCE_CLOSE.search(text) is not None


def _continues(header: Header, a: int, b: int, lines: Sequence[str], back: bool) -> bool:
    """Line ``b`` continues line ``a`` of a headline (``back``: ``a`` is the one added)."""
    new = header.lines.get(a if back else b)
    if new is None or new.kind not in ("title", "other", "name") or b >= len(lines):
        return False
    if _BRAND.match(lines[a if back else b]) or _site_line(lines[a if back else b]):
        return False
    if credit_line_name(lines[b], _unknown) is not None:
        return False  # "gCaptain", "TechCrunch", "Site (English edition), 12.07.2024"
    if is_body(lines[a if back else b]):
        return False
    return _joins(lines[a], lines[b]) and len(lines[a]) + len(lines[b]) <= 250


def _unknown(name: str) -> str:
    """No outlet known by ``name``: only a line's own shape may make it a credit line."""
    return ""


#: one word in mixed case: a site's name ("TechCrunch", "gCaptain"), not a headline's end
_BRAND = re.compile(r"^\s*\S*[a-z][A-Z]\S*\s*$")
_TITLE_TAIL = re.compile(r"\s+(?:\||[-–—:·•])\s+(?P<tail>[^|–—·•]{2,80})$")


def clean_title(title: str, outlet: str, ctx: Context) -> str:
    """A file-metadata title without the " | Section | Outlet" or " - Outlet" tail."""
    title = " ".join(title.split())
    if " | " in title:
        parts = [p.strip() for p in title.split(" | ")]
        if any(_is_outlet(p, outlet, ctx) for p in parts[1:]):
            return parts[0]
    m = _TITLE_TAIL.search(title)
    if m and _is_outlet(m.group("tail"), outlet, ctx):
        return title[: m.start()].strip()
    return title


def _is_outlet(text: str, outlet: str, ctx: Context) -> bool:
    return bool(ctx.outlet_named(text)) or (bool(outlet) and name_key(text) == name_key(outlet))

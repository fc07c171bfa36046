"""The dossier report: self-contained HTML and Markdown from the dossier tables.

The report reads the merge stage's tables (the contract of issue 6: documents, entities,
mentions, figures, figure_clusters, duplicates, claims, plus errors) and, per shard, the
normalised paragraphs, the removed boilerplate and the OCR page decisions. Every table is read
defensively: a missing file or column gives an empty section ("none found"), never a crash, so
the report works on whatever subset of the contract a run produced.

Every quote links to an anchor inside the same page: a per-source view that shows the
document's normalised paragraphs with the quoted passage wrapped in ``<mark>`` at its recorded
offsets. All source text goes through Jinja autoescaping; the only unescaped strings are the
report's own CSS, JS and the SVG markup built here from escaped pieces. A strict
Content-Security-Policy (hash-pinned inline style and script, nothing else) backs this up.
"""

from __future__ import annotations

import base64
import bisect
import dataclasses
import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sourcebook.core.settings import ReportOptions
from sourcebook.core.text import strip_controls
from sourcebook.report.columns import annotate_html, legend_markdown
from sourcebook.report.mdwrap import wrap_markdown
from sourcebook.report.timeline import GROUPS, is_conditional, iso_span, order_events, timeline_svg

log = logging.getLogger(__name__)

# the dossier tables the report reads (issue 6 contract) and the columns it uses from each
CONTRACT: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id", "path", "format", "title", "outlet", "author", "date", "language",
        "pages", "ocr_pages", "chars", "status", "error",
    ),
    "entities": ("entity_id", "name", "type", "variants", "doc_ids", "mentions", "merge_rules"),
    # the heat map counts them, the entities link to their first mention in each source
    "mentions": ("entity_id", "doc_id", "page", "start", "end"),
    "figures": (
        "figure_id", "doc_id", "value", "unit", "qualifier", "subject", "text", "start", "end",
        "page", "sentence", "cluster_id", "kind", "date_iso",
    ),
    "figure_clusters": ("cluster_id", "subject", "unit", "status", "values", "doc_ids",
                        "reason", "summary", "value_sources", "independent_sources"),
    "duplicates": ("doc_a", "doc_b", "kind", "score", "evidence"),
    "claims": ("claim_id", "text", "doc_ids", "independent_sources", "status", "reason",
               "cluster_ids", "contested_by"),
    "boilerplate": ("doc_id", "paragraph", "outlet", "text", "reason"),
    "errors": ("doc_id", "path", "stage", "kind", "message", "severity", "page"),
    "quotes": (
        "quote_id", "doc_id", "page", "start", "end", "text", "kind", "cue", "speaker_text",
        "speaker_entity_id", "speaker_kind", "cluster_id",
    ),
}  # fmt: skip

# tables read as one row per distinct value of their key columns, with ``n``, how many rows
# have it, and the other columns of the first of them (600,000 mentions at 10k documents are
# about 30,000 entity × document pairs: the heat map's counts and each first mention)
COUNTED: dict[str, tuple[str, ...]] = {"mentions": ("entity_id", "doc_id")}

# older column names still found in tables written before the contract (main's merge)
ALIASES: dict[str, dict[str, str]] = {
    "documents": {"pages": "n_pages"},
    "entities": {"type": "label", "doc_ids": "documents", "mentions": "n_mentions",
                 "merge_rules": "rule"},
}  # fmt: skip

STATUS_ORDER = {"conflict": 0, "update": 1, "agree": 2, "single": 3}
CLAIM_ORDER = {"contested": 0, "corroborated": 1, "single source": 2}
# ISO forms the dates module writes: day, month, year, ISO week, interval (start/end)
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?(/\d{4}[-\dW]*)?$")
DATE_UNITS = ("date", "day", "days", "year", "month")


# ---------------------------------------------------------------- reading, defensively


def _read_parquet(
    path: Path, columns: Sequence[str], aliases: dict[str, str], counted: Sequence[str] = ()
) -> list[dict]:
    """Rows of ``path`` with exactly ``columns`` (missing ones None); [] if there is no file.
    ``counted`` (key columns): one row per distinct key, with ``n``, how many rows have it,
    and the other columns of the first of them."""
    import pyarrow.parquet as pq

    if not path.exists():
        log.info("report: %s not found; its section says none found", path.name)
        return []
    try:
        names = set(pq.read_schema(path).names)
        wanted = {c: c if c in names else aliases.get(c) for c in columns}
        wanted = {c: src for c, src in wanted.items() if src in names}
        table = pq.read_table(path, columns=sorted(set(wanted.values())))
    except Exception as exc:  # a broken table must not take the whole report down
        log.warning("report: cannot read %s (%s); its section says none found", path, exc)
        return []
    if counted and table.num_rows:  # one row per distinct key, "n" rows of them
        keys = [wanted[c] for c in counted if c in wanted]
        rest = [src for src in table.column_names if src not in keys]
        table = table.group_by(keys, use_threads=False).aggregate(
            [([], "count_all"), *((src, "first") for src in rest)]
        )
        wanted = {c: f"{src}_first" if src in rest else src for c, src in wanted.items()}
        columns = (*columns, "n")
        wanted["n"] = "count_all"
    data = table.to_pydict()
    n = table.num_rows
    none = [None] * n
    lists = [data[wanted[c]] if c in wanted else none for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*lists, strict=True)]


def read_tables(dossier_dir: str | Path) -> dict[str, list[dict]]:
    """Every contract table of ``dossier_dir`` as rows (an empty list for a missing table)."""
    d = Path(dossier_dir)
    return {
        name: _read_parquet(
            d / f"{name}.parquet", cols, ALIASES.get(name, {}), counted=COUNTED.get(name, ())
        )
        for name, cols in CONTRACT.items()
    }


def read_shard_rows(paths: Iterable[str | Path], columns: Sequence[str]) -> list[dict]:
    rows: list[dict] = []
    for p in paths:
        rows.extend(_read_parquet(Path(p), columns, {}))
    return rows


def as_list(value: Any) -> list[str]:
    """A list column, whether stored as a list or as text joined with |."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v) != ""]
    return [v for v in str(value).split("|") if v]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def fmt_number(value: Any) -> str:
    v = _float(value)
    if v is None:
        return _text(value)
    return f"{int(v):,}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")


def shorten(value: Any, n: int = 160) -> str:
    """At most ``n`` characters, cut at a word with an ellipsis."""
    text = _text(value)
    if len(text) <= n:
        return text
    return text[:n].rsplit(" ", 1)[0] + "…"


def anchor(prefix: str, key: str) -> str:
    """An HTML id made of safe characters only (doc ids are file-system-safe already)."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '_', key)}"


# ---------------------------------------------------------------- offsets → marks


def clean_offset(source_map: str, base: int, raw: int, *, is_end: bool) -> int:
    """Offset in a paragraph's cleaned text of raw page offset ``raw`` (inverse of align.to_raw)."""
    segments = json.loads(source_map) if source_map else []
    if not segments:
        return raw - base
    starts = [s[1] for s in segments]
    probe = raw - 1 if is_end else raw
    i = bisect.bisect_right(starts, probe) - 1
    if i < 0:
        return 0
    c0, r0, clen, rlen = segments[i][:4]
    if probe >= r0 + rlen:  # in a gap (removed raw text): snap to the segment edge
        return c0 + clen
    if clen == rlen:
        return c0 + (probe - r0) + (1 if is_end else 0)
    return c0 + clen if is_end else c0


@dataclasses.dataclass
class SourceView:
    """One document's normalised paragraphs and the marks placed on them."""

    doc_id: str
    paragraphs: list[dict]
    marks: dict[int, list[tuple[int, int, str]]] = dataclasses.field(default_factory=dict)
    by_span: dict[tuple[int, int, int], str] = dataclasses.field(default_factory=dict)

    def locate(self, page: int, start: int, end: int, text: str) -> tuple[int, int, int] | None:
        """(paragraph position, clean start, clean end) of a raw-offset span, or None."""
        for pos, p in enumerate(self.paragraphs):
            if _int(p["page"], 1) != page or not (_int(p["start"]) <= start < _int(p["end"])):
                continue
            ptext = _text(p["text"])
            cs = clean_offset(_text(p["source_map"]), _int(p["start"]), start, is_end=False)
            ce = clean_offset(_text(p["source_map"]), _int(p["start"]), end, is_end=True)
            cs, ce = max(0, min(cs, len(ptext))), max(0, min(ce, len(ptext)))
            if text and ptext[cs:ce] != text:
                found = _find_near(ptext, text, cs)
                if found is not None:
                    cs, ce = found, found + len(text)
            if ce > cs:
                return pos, cs, ce
        return self.find(text) if text else None

    def find(self, text: str) -> tuple[int, int, int] | None:
        """First occurrence of ``text`` (or of its first 60 characters) in the paragraphs."""
        for needle in (text, text[:60]):
            needle = needle.strip()
            if len(needle) < 3:
                return None
            for pos, p in enumerate(self.paragraphs):
                i = _text(p["text"]).find(needle)
                if i >= 0:
                    return pos, i, i + len(needle)
        return None

    def mark(self, span: tuple[int, int, int]) -> str:
        """The id of a <mark> over ``span``.

        Marks nest (a claim's sentence around a figure) or are disjoint; a span that would
        cross an existing mark reuses that mark instead, so the HTML stays well formed.
        """
        if span in self.by_span:
            return self.by_span[span]
        pos, cs, ce = span
        for s, e, mid in self.marks.get(pos, []):
            crosses = s < ce and cs < e and not (s <= cs and ce <= e) and not (cs <= s and e <= ce)
            if crosses:
                self.by_span[span] = mid
                return mid
        mid = anchor("q", f"{self.doc_id}-{len(self.by_span)}")
        self.marks.setdefault(pos, []).append((cs, ce, mid))
        self.by_span[span] = mid
        return mid

    def pieces(self, pos: int) -> list[tuple[str, str, int]]:
        """Tokens of paragraph ``pos`` for the template: ("text", text, depth),
        ("open", mark id, depth) and ("close", "", depth); the template escapes the text."""
        text = _text(self.paragraphs[pos]["text"])
        out: list[tuple[str, str, int]] = []
        at, stack = 0, []

        def emit(upto: int) -> None:
            nonlocal at
            if upto > at:
                out.append(("text", text[at:upto], len(stack)))
                at = upto

        for s, e, mid in sorted(self.marks.get(pos, []), key=lambda m: (m[0], -m[1])):
            while stack and stack[-1] <= s:
                emit(stack.pop())
                out.append(("close", "", len(stack)))
            emit(s)
            out.append(("open", mid, len(stack)))
            stack.append(e)
        while stack:
            emit(stack.pop())
            out.append(("close", "", len(stack)))
        emit(len(text))
        return out


def _find_near(haystack: str, needle: str, around: int) -> int | None:
    hits = [m.start() for m in re.finditer(re.escape(needle), haystack)]
    return min(hits, key=lambda h: abs(h - around)) if hits else None


class Linker:
    """Gives every quote a link target: a <mark> in its source view, else the view itself."""

    def __init__(self, paragraphs: dict[str, list[dict]]) -> None:
        self.paragraphs = paragraphs
        self.views: dict[str, SourceView] = {}

    def view(self, doc_id: str) -> SourceView:
        if doc_id not in self.views:
            self.views[doc_id] = SourceView(doc_id, self.paragraphs.get(doc_id, []))
        return self.views[doc_id]

    def quote(self, doc_id: str, page: Any, start: Any, end: Any, text: str) -> str:
        """Link to the passage raw[start:end] of ``doc_id`` (marked), or to the document."""
        if not doc_id:
            return ""
        v = self.view(doc_id)
        if start is not None and end is not None:
            span = v.locate(_int(page, 1), _int(start), _int(end), text)
        else:
            span = v.find(text) if text else None
        return "#" + (v.mark(span) if span else anchor("src", doc_id))

    def source(self, doc_id: str) -> str:
        if not doc_id:
            return ""
        self.view(doc_id)
        return "#" + anchor("src", doc_id)


# ---------------------------------------------------------------- sections


def _cap(rows: list, n: int) -> tuple[list, int]:
    return rows[:n], max(0, len(rows) - n)


def _doc_label(doc: dict | None, doc_id: str) -> str:
    """A source as people name it: outlet · short title · date (those it has), else its id."""
    if not doc:
        return doc_id
    parts = (_text(doc.get("outlet")), shorten(doc.get("title"), 40), _text(doc.get("date")))
    return " · ".join(p for p in parts if p) or doc_id


def source_labels(docs: Sequence[dict]) -> dict[str, str]:
    """Every document's label, made unique: a label two documents share gets their ids."""
    labels = {_text(d["doc_id"]): _doc_label(d, _text(d["doc_id"])) for d in docs}
    counts = Counter(labels.values())
    return {
        doc_id: label if counts[label] == 1 or label == doc_id else f"{label} ({doc_id})"
        for doc_id, label in labels.items()
    }


def ocr_summary(pages: list[dict]) -> dict[str, dict]:
    """Per document: pages, OCR pages, mean OCR confidence and the OCR decisions' reasons."""
    out: dict[str, dict] = {}
    for p in pages:
        d = out.setdefault(
            _text(p["doc_id"]),
            {
                "pages": 0,
                "ocr_pages": 0,
                "conf": [],
                "reasons": Counter(),
                "needs_ocr": 0,
            },
        )
        d["pages"] += 1
        if _text(p["source"]) == "ocr":
            d["ocr_pages"] += 1
        if p["needs_ocr"]:
            d["needs_ocr"] += 1
        c = _float(p["ocr_confidence"])
        if c is not None:
            d["conf"].append(c)
        if p["ocr_reason"]:
            d["reasons"][_text(p["ocr_reason"])] += 1
    for d in out.values():
        d["confidence"] = round(sum(d["conf"]) / len(d["conf"]), 1) if d["conf"] else None
    return out


def figure_date(f: dict) -> str:
    """ISO date of a date figure ("" if it is not one or cannot be placed on a calendar)."""
    iso = _text(f.get("date_iso"))
    if iso:
        return iso if DATE_RE.match(iso) else ""
    if _text(f.get("dimension")) == "duration":  # "a 1,500-year-old church", "three days"
        return ""
    unit = _text(f.get("unit")).lower()
    # a number without unit or value is how the merge table writes a date figure
    unitless = not unit and f.get("value") is None and not _text(f.get("kind"))
    if _text(f.get("kind")) != "date" and unit not in DATE_UNITS and not unitless:
        return ""
    from sourcebook.core.dates import find_dates

    for text in (_text(f.get("text")), _text(f.get("value"))):
        if DATE_RE.match(text):
            return text
        for d in find_dates(text):
            if d.iso and DATE_RE.match(d.iso):
                return d.iso
    value = _float(f.get("value"))
    if unit == "year" and value is not None and 1000 <= value <= 2999:
        return str(int(value))
    return ""


HEAT_LEVELS = 6  # colour steps of the heat map (CSS classes h1…h6)


def heatmap_table(
    counts: dict[tuple[str, str], int],
    entities: list[tuple[str, str]],
    sources: list[tuple[str, str]],
    linked: int | None = None,
) -> Markup:
    """Entity × source matrix as an HTML table over the page's full width: entity names in
    full (the first ``linked`` linking to their row of the entities table), source names
    written upwards (each linking to the source's text), every cell with its count and a
    tooltip; colour steps by mention count. Text is escaped."""
    if not entities or not sources:
        return Markup("")
    peak = max(counts.values(), default=1) or 1
    head = "".join(
        f'<th scope="col" class="vh" title="{escape(label)}"><a href="#{anchor("src", doc_id)}">'
        f"<span>{escape(shorten(label, 48))}</span></a></th>"
        for doc_id, label in sources
    )
    rows = []
    for i, (eid, name) in enumerate(entities):
        row_head = escape(name)
        if linked is None or i < linked:
            row_head = f'<a href="#{anchor("ent", eid)}">{row_head}</a>'
        cells = []
        for doc_id, label in sources:
            n = counts.get((eid, doc_id), 0)
            level = 0 if not n else 1 + round((HEAT_LEVELS - 1) * (n / peak) ** 0.5)
            tip = f"{name} in {label}: {n} mention(s)"
            cells.append(f'<td class="h{level}" title="{escape(tip)}">{n or ""}</td>')
        rows.append(f'<tr><th scope="row">{row_head}</th>{"".join(cells)}</tr>')
    return Markup(
        '<table class="heatmap" aria-label="Mentions per entity and source"><thead><tr>'
        f'<th scope="col" class="corner">entities ↓ sources →</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def bars_svg(rows: list[tuple[str, str, dict[str, int]]], colours: dict[str, str]) -> Markup:
    """Stacked horizontal bars (figures per source by cluster status) as inline SVG."""
    if not rows:
        return Markup("")
    bar, left = 16, 190
    peak = max(sum(c.values()) for _, _, c in rows) or 1
    scale = 420 / peak
    height = bar * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{left + 470}" '
        f'height="{height}" role="img" aria-label="Figures per source">'
    ]
    for i, (doc_id, label, counts) in enumerate(rows):
        y = i * bar
        parts.append(
            f'<a href="#{anchor("src", doc_id)}"><text x="{left - 6}" y="{y + bar - 4}" '
            f'text-anchor="end" class="hl">{escape(label[:28])}</text></a>'
        )
        x = float(left)
        for status, colour in colours.items():
            n = counts.get(status, 0)
            if n:
                w = n * scale
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{bar - 4}" '
                    f'fill="{colour}"><title>{escape(label)}: {n} {status}</title></rect>'
                )
                x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + bar - 4}" class="hl">{sum(counts.values())}</text>'
        )
    lx = left
    for status, colour in colours.items():
        parts.append(
            f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="{height - 5}" class="hl">{status}</text>'
        )
        lx += 100
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclasses.dataclass
class TimelineEvents:
    """The timeline's shown events (each with its figure ``f`` for the quote link), how many
    more there are, and the chart of them all."""

    shown: list[dict]
    more: int
    chart: Markup
    conditional: int = 0  # dates under a condition ("if … wins in November"), left out


def timeline_events(
    figures: list[dict], shard_figures: list[dict], docs: list[dict], max_rows: int
) -> TimelineEvents:
    """Dated events: date figures and publication dates, the event's period first, each
    group in calendar order, dates under a condition left out (:mod:`.timeline`; pure: the
    source labels and quote links are the report's to add).

    ISO dates come from the figures table or, when it leaves them out (the merge
    contract has no date column), from extract's shard figures at the same offsets.
    """
    resolved = {
        (
            _text(f["doc_id"]),
            _int(f["page"], 1),
            _int(f["start"]),
            _int(f["end"]),
        ): f
        for f in shard_figures
        if _text(f["kind"]) == "date" or _text(f["date_iso"])
    }
    dated = []
    for f in figures:
        key = (
            _text(f["doc_id"]),
            _int(f["page"], 1),
            _int(f["start"]),
            _int(f["end"]),
        )
        extra = resolved.pop(key, None)
        if extra is not None and not _text(f["date_iso"]):
            f = {**f, "date_iso": extra["date_iso"], "kind": extra["kind"]}
        dated.append(f)
    dated.extend(
        {**f, "unit": "", "value": None, "cluster_id": ""} for _, f in sorted(resolved.items())
    )
    events = []
    conditional = 0
    for f in dated:
        iso = figure_date(f)
        if iso and is_conditional(_text(f["sentence"]), _text(f["text"])):
            conditional += 1
        elif iso:
            events.append(
                {
                    "date": iso,
                    "doc_id": _text(f["doc_id"]),
                    "text": _text(f["sentence"]) or _text(f["text"]),
                    "kind": "event",
                    "f": f,
                }
            )
    for d in docs:
        if DATE_RE.match(_text(d["date"])):
            events.append(
                {
                    "date": _text(d["date"]),
                    "doc_id": _text(d["doc_id"]),
                    "text": f"Published: {_text(d['title'])}",
                    "kind": "publication",
                    "f": None,
                }
            )
    published = [span[0] for d in docs if (span := iso_span(_text(d["date"])))]
    events = order_events(events, published)
    shown, more = _cap(events, max_rows)
    return TimelineEvents(shown, more, timeline_svg(events), conditional)


def sorted_documents(tables: dict[str, list[dict]]) -> list[dict]:
    """The documents table's rows in doc_id order."""
    return sorted(tables.get("documents", []), key=lambda d: _text(d["doc_id"]))


class _Shared:
    """What every section builder reads: the tables, the options, the documents and the quote
    linker. The linker also records what the sections quote, for the source views; so the
    sections are built in the report's order (their marks are numbered as they are made)."""

    def __init__(
        self, tables: dict[str, list[dict]], paragraphs: list[dict], opt: ReportOptions
    ) -> None:
        self.tables, self.opt = tables, opt
        self.docs = sorted_documents(tables)
        self.by_doc = {_text(d["doc_id"]): d for d in self.docs}
        self.labels = source_labels(self.docs)
        paras: dict[str, list[dict]] = defaultdict(list)
        for p in paragraphs:
            paras[_text(p["doc_id"])].append(p)
        for v in paras.values():
            v.sort(key=lambda p: (_int(p["index"]), _int(p["page"]), _int(p["start"])))
        self.link = Linker(paras)

    def label(self, doc_id: str) -> str:
        """How the report names a source: outlet · short title · date, unique, else its id."""
        return self.labels.get(doc_id) or doc_id


# Each section builder returns the template keys of its section.


def sources_section(s: _Shared, ocr: dict[str, dict]) -> dict[str, Any]:
    """Every document with its pages, OCR pages and status."""
    rows = []
    for d in s.docs:
        o = ocr.get(_text(d["doc_id"]), {})
        rows.append(
            {
                **{k: _text(v) for k, v in d.items()},
                "pages": _int(d["pages"], o.get("pages", 0)),
                "ocr_pages": _int(d["ocr_pages"], o.get("ocr_pages", 0)),
                "ocr_confidence": o.get("confidence"),
                "status": _text(d["status"]) or "ok",
            }
        )
    shown, more = _cap(rows, s.opt.max_rows)
    for row in shown:
        row["href"] = s.link.source(row["doc_id"])
    return {
        "sources": shown,
        "sources_more": more,
        "n_pages": sum(row["pages"] for row in rows),
        "n_ocr_pages": sum(row["ocr_pages"] for row in rows),
    }


def key_figures_section(s: _Shared) -> dict[str, Any]:
    """Figure clusters, conflicts first, each with its values and their sources in one line,
    the rule behind its status and every source's quote; the counts per status (the header's,
    and the table's), and the chart of figures per source."""
    figures = s.tables.get("figures", [])
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for f in figures:
        if f["cluster_id"] not in (None, ""):
            by_cluster[_text(f["cluster_id"])].append(f)
    clusters = sorted(
        s.tables.get("figure_clusters", []),
        key=lambda c: (
            STATUS_ORDER.get(_text(c["status"]), len(STATUS_ORDER)),
            -len(as_list(c["doc_ids"])),
            _text(c["cluster_id"]),
        ),
    )
    shown, more = _cap(clusters, s.opt.max_rows)
    rows = [_cluster_row(s, c, by_cluster.get(_text(c["cluster_id"]), [])) for c in shown]
    counts = Counter(_text(c["status"]) or "unknown" for c in clusters)
    return {
        "key_figures": rows,
        "key_figures_more": more,
        "figures_chart": _figures_chart(s, figures, clusters),
        "figure_status_counts": [(st, counts.get(st, 0)) for st in STATUS_ORDER],
        "n_figures": len(figures),
        "n_clusters": len(clusters),
        "n_conflicts": counts.get("conflict", 0),
        "n_updates": counts.get("update", 0),
        "n_agreements": counts.get("agree", 0),
        "n_singles": counts.get("single", 0),
    }


def figure_value(f: dict) -> str:
    """A figure's value as a reader writes it, its qualifier in words: "about 700",
    "at least €40bn", "24.8%", "229 m"."""
    from sourcebook.merge.quantity import qualified, readable

    value = _float(f["value"])
    if value is None:
        return _text(f["text"])
    unit = _text(f["unit"])
    kind = "currency" if re.fullmatch(r"[A-Z]{3}", unit) else "percent" * (unit == "percent")
    text = readable(value, None, unit, kind)
    if not kind and unit not in ("", "count"):
        text = f"{text} {unit}"
    return qualified(text, _text(f["qualifier"]))


#: sources listed under one value of a figure cluster, one claim, or the contradictions of one
#: claim; the rest are counted ("and 312 more"): the tables list them all
SOURCES_LISTED = 12


def _value_sources(s: _Shared, c: dict) -> list[dict[str, Any]]:
    """Each value of a cluster with the sources that give it ("about 700: Reuters, AP"), at
    most :data:`SOURCES_LISTED` of them, the rest counted in ``more``."""
    out = []
    for item in as_list(c.get("value_sources")):
        label, _, docs = _text(item).rpartition(": ")
        ids, more = _cap([d for d in docs.split(", ") if d and label], SOURCES_LISTED)
        out.append(
            {
                "value": label or _text(item),
                "sources": [{"label": s.label(d), "href": s.link.source(d)} for d in ids],
                "more": more,
            }
        )
    return out


def _cluster_row(s: _Shared, c: dict, members: list[dict]) -> dict[str, Any]:
    """One figure cluster: its values with their sources, the rule behind its status, and the
    quotes of its first ``max_rows`` figures."""
    members = sorted(members, key=lambda f: (_text(f["doc_id"]), _int(f["start"])))
    quotes = [
        {
            "doc_id": _text(f["doc_id"]),
            "source": s.label(_text(f["doc_id"])),
            "value": figure_value(f),
            "text": _text(f["text"]),
            "sentence": _text(f["sentence"]) or _text(f["text"]),
            "href": s.link.quote(
                _text(f["doc_id"]), f["page"], f["start"], f["end"], _text(f["text"])
            ),
        }
        for f in members[: s.opt.max_rows]
    ]
    doc_ids = as_list(c["doc_ids"])
    return {
        "cluster_id": _text(c["cluster_id"]),
        "subject": _text(c["subject"]),
        "unit": _text(c["unit"]),
        "status": _text(c["status"]) or "unknown",
        "reason": _text(c.get("reason")),
        "summary": _text(c.get("summary"))
        or " · ".join(fmt_number(v) for v in as_list(c["values"])),
        "value_sources": _value_sources(s, c),
        "independent": _int(c.get("independent_sources"), len(doc_ids)),
        "values_list": [fmt_number(v) for v in as_list(c["values"])],
        "doc_ids": doc_ids,
        "quotes": quotes,
        "more": max(0, len(members) - s.opt.max_rows),
    }


def _figures_chart(s: _Shared, figures: list[dict], clusters: list[dict]) -> Markup:
    """Figures by source (the most first), coloured by their cluster's status."""
    status = {_text(c["cluster_id"]): _text(c["status"]) for c in clusters}
    per_source: dict[str, Counter] = defaultdict(Counter)
    for f in figures:
        per_source[_text(f["doc_id"])][status.get(_text(f["cluster_id"]), "") or "unclustered"] += 1
    bar_docs = sorted(per_source, key=lambda d: (-sum(per_source[d].values()), d))
    bar_docs = bar_docs[: s.opt.heatmap_sources]
    for d in bar_docs:
        s.link.source(d)  # its label links to the source's view
    return bars_svg(
        [(d, s.label(d), dict(per_source[d])) for d in bar_docs],
        {"agree": "#2e8540", "conflict": "#c62828", "update": "#b26a00", "single": "#8a8a8a",
         "unclustered": "#c9d6e8"},
    )  # fmt: skip


def entities_section(s: _Shared) -> dict[str, Any]:
    """Canonical entities (in most documents first) and the entity × source heat map."""
    entities = sorted(
        s.tables.get("entities", []),
        key=lambda e: (
            -len(as_list(e["doc_ids"])),
            -_int(e["mentions"]),
            _text(e["name"]),
        ),
    )
    shown, more = _cap(entities, s.opt.max_rows)
    rows = [
        {
            "entity_id": _text(e["entity_id"]),
            "id": anchor("ent", _text(e["entity_id"])),
            "name": _text(e["name"]),
            "type": _text(e["type"]),
            "variants": [v for v in as_list(e["variants"]) if v != _text(e["name"])],
            "n_docs": len(as_list(e["doc_ids"])),
            "mentions": _int(e["mentions"], 0),
            "merge_rules": ", ".join(sorted(set(as_list(e["merge_rules"])))),
        }
        for e in shown
    ]
    first = _first_mentions(s, {r["entity_id"] for r in rows})
    for row in rows:
        found = first.get(row["entity_id"], [])
        row["where"] = [
            {
                "source": s.label(_text(m["doc_id"])),
                "n": _int(m.get("n"), 1),
                "href": s.link.quote(_text(m["doc_id"]), m["page"], m["start"], m["end"], ""),
            }
            for m in found[:ENTITY_SOURCES]
        ]
        row["where_more"] = max(0, len(found) - ENTITY_SOURCES)
    heatmap = _heatmap(s, entities)
    return {"entities": rows, "entities_more": more, "n_entities": len(entities), **heatmap}


ENTITY_SOURCES = 5  # sources linked under each entity: its first mention in each


def _first_mentions(s: _Shared, ids: set[str]) -> dict[str, list[dict]]:
    """The first mention of each of the entities ``ids`` in each source (the mentions table
    is read one row per entity and source, see :data:`COUNTED`), the sources that mention it
    most first."""
    out: dict[str, list[dict]] = defaultdict(list)
    for m in s.tables.get("mentions", []):
        if _text(m["entity_id"]) in ids:
            out[_text(m["entity_id"])].append(m)
    for found in out.values():
        found.sort(key=lambda m: (-_int(m.get("n"), 1), _text(m["doc_id"])))
    return out


def _mention_counts(s: _Shared, entities: list[dict]) -> Counter:
    """Mentions per (entity id, doc_id)."""
    counts: Counter = Counter()
    mentions = s.tables.get("mentions", [])
    if mentions:
        for m in mentions:  # read_tables counts them ("n"); a mention row counts once
            counts[(_text(m["entity_id"]), _text(m["doc_id"]))] += _int(m.get("n"), 1)
    else:  # no mentions table: presence from the entities' documents
        for e in entities:
            for d in as_list(e["doc_ids"]):
                counts[(_text(e["entity_id"]), d)] += 1
    return counts


def _heatmap(s: _Shared, entities: list[dict]) -> dict[str, Any]:
    """The heat map of the first ``heatmap_entities`` entities over the sources that mention
    them most, and its corner as rows for the Markdown."""
    counts = _mention_counts(s, entities)
    hm_entities = [(_text(e["entity_id"]), _text(e["name"])) for e in entities]
    hm_entities = hm_entities[: s.opt.heatmap_entities]
    hm_ids = {eid for eid, _ in hm_entities}
    totals: Counter = Counter()
    for (eid, d), n in counts.items():
        if eid in hm_ids:
            totals[d] += n
    hm_docs = [d for d, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    hm_sources = [(d, s.label(d)) for d in hm_docs[: s.opt.heatmap_sources]]
    for d, _ in hm_sources:
        s.link.source(d)  # its label links to the source's view
    return {
        "heatmap": heatmap_table(counts, hm_entities, hm_sources, linked=s.opt.max_rows),
        "heatmap_shape": (len(hm_entities), len(hm_sources)),
        "heatmap_rows": [
            {"name": name, "counts": [counts.get((eid, d), 0) for d, _ in hm_sources[:8]]}
            for eid, name in hm_entities[:10]
        ],
        "heatmap_cols": [lbl for _, lbl in hm_sources[:8]],
    }


def duplicates_section(s: _Shared) -> dict[str, Any]:
    """Copies, rewrites and shared paragraphs, by kind, best score first."""
    dups = sorted(
        s.tables.get("duplicates", []),
        key=lambda r: (_text(r["kind"]), -(_float(r["score"]) or 0), _text(r["doc_a"])),
    )
    shown, more = _cap(dups, s.opt.max_rows)
    rows = []
    for r in shown:
        a, b, score = _text(r["doc_a"]), _text(r["doc_b"]), _float(r["score"])
        rows.append(
            {
                "doc_a": a,
                "doc_b": b,
                "label_a": s.label(a),
                "label_b": s.label(b),
                "href_a": s.link.source(a),
                "href_b": s.link.source(b),
                "kind": _text(r["kind"]),
                "score": "" if score is None else f"{score:.2f}",
                "evidence": _text(r["evidence"]),
            }
        )
    return {"duplicates": rows, "duplicates_more": more, "n_duplicates": len(dups)}


def _claim_row(s: _Shared, c: dict) -> dict[str, Any]:
    """One claim: its sources and the figures that contradict it, at most
    :data:`SOURCES_LISTED` of each, the rest counted."""
    contested, contested_more = _cap(as_list(c.get("contested_by")), SOURCES_LISTED)
    docs, docs_more = _cap(as_list(c["doc_ids"]), SOURCES_LISTED)
    return {
        "claim_id": _text(c["claim_id"]),
        "anchor": anchor("claim", _text(c["claim_id"])),
        "text": _text(c["text"]),
        "independent_sources": _int(c["independent_sources"]),
        "status": _text(c.get("status")),
        "reason": _text(c.get("reason")),
        "contested_by": [_contest(s, _text(x)) for x in contested],
        "contested_more": contested_more,
        "sources": [
            {
                "doc_id": d,
                "label": s.label(d),
                "href": s.link.quote(d, None, None, None, _text(c["text"])),
            }
            for d in docs
        ],
        "sources_more": docs_more,
    }


def claims_section(s: _Shared) -> dict[str, Any]:
    """Claims, contested first, then by independent sources; each source links to the claim's
    sentence in it, and a contested claim names the sources (and their claims) that give
    another figure."""
    claims = sorted(
        s.tables.get("claims", []),
        key=lambda c: (
            CLAIM_ORDER.get(_text(c.get("status")), len(CLAIM_ORDER)),
            -_int(c["independent_sources"]),
            -len(as_list(c["doc_ids"])),
        ),
    )
    shown, more = _cap(claims, s.opt.max_rows)
    rows = [_claim_row(s, c) for c in shown]
    counts = Counter(_text(c.get("status")) for c in claims)
    return {
        "claims": rows,
        "claims_more": more,
        "n_claims": len(claims),
        "n_corroborated": counts.get("corroborated", 0),
        "n_contested": counts.get("contested", 0),
    }


def _contest(s: _Shared, item: str) -> dict[str, Any]:
    """One contradicting figure of a contested claim: "<doc_id>: <figure> → <claim ids>"."""
    who, _, claims = item.partition(" → ")
    doc, _, figure = who.partition(": ")
    return {
        "label": s.label(doc),
        "href": s.link.source(doc),
        "figure": figure,
        "claims": [
            {"claim_id": cid, "href": "#" + anchor("claim", cid)}
            for cid in claims.split(", ")
            if cid
        ],
    }


SPEAKER_QUOTES = 5  # quotes shown under each speaker of "Who said what"


def quotes_section(s: _Shared) -> dict[str, Any]:
    """Who said what: each speaker's quotes with their sources (the most quoted speakers
    first), quotes carried by several sources with their first appearance, attribution
    conflicts, and anonymous sourcing per outlet."""
    from sourcebook.merge.quotes import summarise

    quotes = sorted(
        s.tables.get("quotes", []), key=lambda q: (_text(q["doc_id"]), _int(q["start"]))
    )
    names = {_text(e["entity_id"]): _text(e["name"]) for e in s.tables.get("entities", [])}
    by_speaker: dict[str, list[dict]] = defaultdict(list)
    for q in quotes:
        if _text(q["speaker_entity_id"]) and _text(q["speaker_kind"]) != "anonymous":
            by_speaker[_text(q["speaker_entity_id"])].append(q)
    order = sorted(by_speaker, key=lambda k: (-len(by_speaker[k]), k))
    shown, more = _cap(order, s.opt.max_rows)
    speakers = [
        {
            "name": names.get(k) or k.split(":", 1)[-1],
            "entity_id": k,
            "n": len(by_speaker[k]),
            "n_sources": len({_text(q["doc_id"]) for q in by_speaker[k]}),
            "quotes": [_quote_row(s, q) for q in by_speaker[k][:SPEAKER_QUOTES]],
            "more": max(0, len(by_speaker[k]) - SPEAKER_QUOTES),
        }
        for k in shown
    ]
    dates = {_text(d["doc_id"]): _text(d["date"]) for d in s.docs}
    clusters = summarise(quotes, dates)
    clusters.sort(key=lambda c: (not c.conflict, -len({r["doc_id"] for r in c.rows}), c.first_date))
    shown_c, more_c = _cap(clusters, s.opt.max_rows)
    return {
        "speakers": speakers,
        "speakers_more": more,
        "quote_clusters": [_quote_cluster_row(s, c, names) for c in shown_c],
        "quote_clusters_more": more_c,
        "anonymous": _anonymous_rows(s, quotes),
        "n_quotes": len(quotes),
        "n_attribution_conflicts": sum(c.conflict for c in clusters),
    }


def _quote_row(s: _Shared, q: dict) -> dict[str, Any]:
    doc_id = _text(q["doc_id"])
    return {
        "text": shorten(q["text"], 240),
        "kind": _text(q["kind"]),
        "cue": _text(q["cue"]).replace("_", " "),
        "speaker_text": _text(q["speaker_text"]),
        "cluster_id": _text(q["cluster_id"]),
        "source": s.label(doc_id),
        "href": s.link.quote(doc_id, q["page"], q["start"], q["end"], _text(q["text"])),
    }


def _quote_cluster_row(s: _Shared, c: Any, names: dict[str, str]) -> dict[str, Any]:
    """One quotation across sources: its first appearance, each source's wording and speaker."""
    first = c.rows[0]
    return {
        "cluster_id": c.cluster_id,
        "conflict": c.conflict,
        "text": shorten(first["text"], 240),
        "first_source": s.label(c.first_doc),
        "first_date": c.first_date,
        "n_sources": len({r["doc_id"] for r in c.rows}),
        "n_wordings": len(c.wordings),
        "speakers": [names.get(k) or k.split(":", 1)[-1] for k in c.speakers],
        "members": [
            {**_quote_row(s, r), "speaker": names.get(_text(r["speaker_entity_id"]))
             or _text(r["speaker_text"]) or "unattributed"}
            for r in _telling_members(c.rows, c.wordings)
        ],
        "members_more": max(0, len(c.rows) - CLUSTER_MEMBERS),
    }  # fmt: skip


CLUSTER_MEMBERS = 12  # sources listed under one quotation carried by several sources


def _telling_members(rows: Sequence[dict], wordings: Sequence[str]) -> list[dict]:
    """At most :data:`CLUSTER_MEMBERS` of a quote cluster's rows (in order of appearance): the
    first source of each wording and of each speaker first, so that every difference is shown,
    then the next sources in order."""
    wording_left, speakers, picked = set(wordings), set(), []
    for i, r in enumerate(rows):
        speaker = _text(r["speaker_entity_id"]) or _text(r["speaker_text"])
        if r["text"] in wording_left or speaker not in speakers:
            picked.append(i)
        wording_left.discard(r["text"])
        speakers.add(speaker)
    chosen = set(picked)
    rest = [i for i in range(len(rows)) if i not in chosen]
    return [rows[i] for i in sorted((picked + rest)[:CLUSTER_MEMBERS])]


def _anonymous_rows(s: _Shared, quotes: list[dict]) -> list[dict[str, Any]]:
    """Per outlet: its quotes, how many come from anonymous sources, and the share."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for q in quotes:
        doc = s.by_doc.get(_text(q["doc_id"]))
        outlet = _text(doc["outlet"]) if doc else ""
        counts[outlet or s.label(_text(q["doc_id"]))][_text(q["speaker_kind"]) == "anonymous"] += 1
    rows = [
        {"outlet": o, "quotes": c[True] + c[False], "anonymous": c[True],
         "share": f"{100 * c[True] / (c[True] + c[False]):.0f} %"}
        for o, c in counts.items()
    ]  # fmt: skip
    rows.sort(key=lambda r: (-r["anonymous"], -r["quotes"], r["outlet"]))
    return rows[: s.opt.max_rows]


def timeline_section(s: _Shared, events: TimelineEvents) -> dict[str, Any]:
    """The dated events (:func:`timeline_events`) shown, each linked to its quote or
    source."""
    rows = []
    for e in events.shown:
        f = e.pop("f")
        href = (
            s.link.quote(e["doc_id"], f["page"], f["start"], f["end"], _text(f["text"]))
            if f
            else s.link.source(e["doc_id"])
        )
        # labelled when shown: 120,000 events at 10k documents, 300 rows
        rows.append({**e, "source": s.label(e["doc_id"]), "href": href})
    return {
        "timeline": rows,
        "timeline_more": events.more,
        "timeline_chart": events.chart,
        "timeline_groups": GROUPS,
        "timeline_conditional": events.conditional,
    }


def processing_log_section(s: _Shared, ocr: dict[str, dict], removed: list[dict]) -> dict[str, Any]:
    """OCR decisions, removed boilerplate (grouped by text) and errors per document."""
    ocr_shown, ocr_more = _cap(_ocr_rows(s, ocr), s.opt.max_rows)
    for o in ocr_shown:
        o["href"] = s.link.source(o["doc_id"])
    removed_shown, removed_more = _cap(_removed_rows(removed), s.opt.max_rows)
    errors = _error_rows(s)
    errors_shown, errors_more = _cap(errors, s.opt.max_rows)
    return {
        "ocr": ocr_shown,
        "ocr_more": ocr_more,
        "removed": removed_shown,
        "removed_more": removed_more,
        "n_removed": len(removed),
        "errors": errors_shown,
        "errors_more": errors_more,
        "n_errors": len(errors),
    }


def _ocr_rows(s: _Shared, ocr: dict[str, dict]) -> list[dict[str, Any]]:
    """The documents OCR touched or was considered for, with its decisions' reasons."""
    return [
        {
            "doc_id": d,
            "label": s.label(d),
            "pages": o["pages"],
            "ocr_pages": o["ocr_pages"],
            "needs_ocr": o["needs_ocr"],
            "confidence": o["confidence"],
            "reasons": "; ".join(f"{r} ({n})" if n > 1 else r for r, n in o["reasons"].items()),
        }
        for d, o in sorted(ocr.items())
        if o["ocr_pages"] or o["needs_ocr"] or o["reasons"]
    ]


def _removed_rows(removed: list[dict]) -> list[dict[str, Any]]:
    """Removed passages grouped by reason and (folded, cut) text, the most frequent first."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    times: Counter = Counter()
    for r in removed:
        key = (_text(r["reason"]), " ".join(_text(r["text"]).split())[:300])
        groups[key].add(_text(r["doc_id"]))
        times[key] += 1
    return [
        {"reason": k[0], "text": k[1], "count": times[k], "docs": len(v)}
        for k, v in sorted(groups.items(), key=lambda kv: (-times[kv[0]], kv[0]))
    ]


def _error_rows(s: _Shared) -> list[dict[str, Any]]:
    """The errors table's rows, and the documents table's error messages no row gives."""
    errors = [
        {
            "doc_id": _text(e["doc_id"]),
            "path": _text(e["path"]),
            "stage": _text(e["stage"]),
            "kind": _text(e["kind"]),
            "message": _text(e["message"]),
            "severity": _text(e["severity"]) or "error",
            "page": _int(e["page"]),
        }
        for e in s.tables.get("errors", [])
    ]
    seen = {(e["doc_id"], e["message"]) for e in errors}
    for d in s.docs:  # the documents table's error column, when no error row says it
        msg = _text(d["error"])
        if msg and (_text(d["doc_id"]), msg) not in seen:
            errors.append(
                {
                    "doc_id": _text(d["doc_id"]),
                    "path": _text(d["path"]),
                    "stage": "",
                    "kind": _text(d["status"]),
                    "message": msg,
                    "severity": "error",
                    "page": 0,
                }
            )
    errors.sort(key=lambda e: (e["path"], e["stage"], e["page"], e["kind"]))
    return errors


def source_views_section(s: _Shared) -> dict[str, Any]:
    """The documents linked so far, their text with the quoted passages marked.

    Past ``max_sources`` only their anchors are written, so every link still lands on
    the document's entry; past ``max_paragraphs`` only the quoted paragraphs are shown.
    """
    views = s.link.views
    ids = sorted(views)
    shown, more = _cap(ids, s.opt.max_sources)
    stubs = [
        {
            "id": anchor("src", d),
            "doc_id": d,
            "label": s.label(d),
            "mark_ids": [mid for m in views[d].marks.values() for _, _, mid in m],
        }
        for d in ids[s.opt.max_sources :]
    ]
    rows = [_source_view(s, views[doc_id]) for doc_id in shown]
    return {"source_views": rows, "source_views_more": more, "source_stubs": stubs}


def _source_view(s: _Shared, v: SourceView) -> dict[str, Any]:
    """One document's entry: its fields and its paragraphs as marked pieces."""
    keep = set(range(len(v.paragraphs)))
    if len(v.paragraphs) > s.opt.max_paragraphs:
        keep = set(range(3)) | set(v.marks)
    # a document the shards know but the documents table does not: its id alone
    doc = s.by_doc.get(v.doc_id) or dict.fromkeys(CONTRACT["documents"], "") | {"doc_id": v.doc_id}
    return {
        "doc_id": v.doc_id,
        "id": anchor("src", v.doc_id),
        "doc": {k: _text(x) for k, x in doc.items()},
        "paragraphs": [
            {"index": _int(v.paragraphs[i]["index"]), "pieces": v.pieces(i)} for i in sorted(keep)
        ],
        "hidden": len(v.paragraphs) - len(keep),
        "marks": sum(len(m) for m in v.marks.values()),
    }


def build_context(
    tables: dict[str, list[dict]],
    paragraphs: list[dict],
    removed: list[dict],
    pages: list[dict],
    options: ReportOptions | None = None,
    shard_figures: list[dict] | None = None,
    timeline: Callable[[], TimelineEvents] | None = None,
) -> dict[str, Any]:
    """Everything the templates show, computed from the tables (pure: no file access).

    ``timeline`` gives the timeline's events when its section is built (the runner may be
    finding them meanwhile: see :func:`read_timeline_events`); without it they are
    :func:`timeline_events` of the figures and ``shard_figures``."""
    s = _Shared(tables, paragraphs, options or ReportOptions())
    ocr = ocr_summary(pages)
    ctx: dict[str, Any] = {}
    ctx |= sources_section(s, ocr)
    ctx |= key_figures_section(s)
    ctx |= entities_section(s)
    ctx |= duplicates_section(s)
    ctx |= claims_section(s)
    ctx |= quotes_section(s)
    if timeline is None:
        events = timeline_events(
            tables.get("figures", []), shard_figures or [], s.docs, s.opt.max_rows
        )
    else:
        events = timeline()
    ctx |= timeline_section(s, events)
    ctx |= processing_log_section(s, ocr, removed)
    ctx |= source_views_section(s)  # last: it shows what the sections above linked to
    ctx["summary"] = {
        "documents": len(s.docs),
        "errors": ctx["n_errors"],
        "entities": ctx["n_entities"],
        "clusters": ctx["n_clusters"],
        "conflicts": ctx["n_conflicts"],
        "updates": ctx["n_updates"],
        "agreements": ctx["n_agreements"],
        "singles": ctx["n_singles"],
        "duplicates": ctx["n_duplicates"],
        "claims": ctx["n_claims"],
        "quotes": ctx["n_quotes"],
        "attribution_conflicts": ctx["n_attribution_conflicts"],
        "pages": sum(o["pages"] for o in ocr.values()) or ctx["n_pages"],
        "ocr_pages": sum(o["ocr_pages"] for o in ocr.values()) or ctx["n_ocr_pages"],
    }
    return ctx


# ---------------------------------------------------------------- rendering


def _asset(name: str) -> str:
    return resources.files("sourcebook").joinpath("templates", name).read_text("utf-8")


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_asset),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    env.filters["num"] = fmt_number
    env.filters["short"] = shorten
    return env


def md_cell(value: Any) -> str:
    """Text made safe for a Markdown table cell: no pipes, newlines or raw HTML."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
    text = text.replace("[", "\\[").replace("]", "\\]")
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def render_html(context: dict[str, Any]) -> str:
    """report.html: the template under a Content-Security-Policy that allows only its own
    (hash-pinned) style and script, every column heading explained."""
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; style-src '{csp_hash(css)}'; script-src '{csp_hash(js)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    page = (
        _env()
        .get_template("report.html.j2")
        .render(**context, css=Markup(css), js=Markup(js), csp=Markup(csp))
    )
    return annotate_html(page)  # every column heading explained: tooltip and legend


def render_markdown(context: dict[str, Any]) -> str:
    """report.md: the template's Markdown, lines wrapped for a terminal, and the columns'
    meanings at the end."""
    env = _env()
    env.autoescape = False
    # no control character of a document reaches a terminal that shows the file (ESC, BEL…)
    text = strip_controls(env.get_template("report.md.j2").render(**context))
    return wrap_markdown(text.rstrip("\n") + "\n\n" + legend_markdown())


SHARD_FIGURE_COLUMNS = ("doc_id", "page", "start", "end", "text", "kind", "date_iso", "sentence")


def read_timeline_events(
    figures: list[dict], shard_figure_paths: Sequence[str], docs: list[dict], max_rows: int
) -> TimelineEvents:
    """:func:`timeline_events`, reading extract's shard figures (for their ISO dates)."""
    return timeline_events(
        figures, read_shard_rows(shard_figure_paths, SHARD_FIGURE_COLUMNS), docs, max_rows
    )

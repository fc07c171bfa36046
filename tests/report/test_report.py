"""The dossier report: sections, quote links, escaping, scale, a real browser, snakemake --report.

Unit tests build the merge contract's tables (issue 6) in tmp_path, complete, partial or
missing, and render them; browser tests open the result in Debian's headless chromium; the
workflow tests read the session's seeds run and run ``snakemake --report`` on it.
"""

from __future__ import annotations

import re
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import Run, run_snakemake

from sourcebook.normalise.align import AlignedBuilder, dumps
from sourcebook.report import browser
from sourcebook.report.build import (
    ReportOptions,
    build_context,
    clean_offset,
    csp_hash,
    figure_date,
    render_html,
    render_markdown,
)

needs_chromium = pytest.mark.skipif(
    browser.chromium_path() is None,
    reason="Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium",
)

EVIL_SCRIPT = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
EVIL_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"

# raw page texts; doc b's paragraph is cleaned (double space and line break folded)
RAW = {
    "a": "NATO will set up a 700-person headquarters in Wiesbaden.\n\n"
    "About 50 countries support Ukraine. The summit opens on 2024-07-09.",
    "b": "Officials  said\naround 700 personnel will serve there.",
    "evil": f"Breaking {EVIL_SCRIPT} news.\n\n40 countries {EVIL_IMG} back it.",
}


def run_report(dossier: str, html: str, md: str, workers: int = 1, **inputs) -> None:
    """The report stage's runner on a dossier folder (and shard tables), default settings."""
    from sourcebook.core.settings import ReportSettings
    from sourcebook.report import run
    from sourcebook.report.build import ReportOptions

    run.run(
        run.Inputs(dossier, **inputs),
        ReportSettings(ReportOptions()),
        run.Outputs(html=html, md=md),
        workers=workers,
    )


def _para(doc_id: str, index: int, start: int, end: int, text: str, source_map: str = "") -> dict:
    return {
        "doc_id": doc_id,
        "index": index,
        "page": 1,
        "start": start,
        "end": end,
        "text": text,
        "kind": "body",
        "source_map": source_map,
    }


def paragraphs() -> list[dict]:
    a = RAW["a"]
    a1 = a.index("About")
    b = AlignedBuilder()
    raw_b = RAW["b"]
    b.copy(raw_b, 0, 9)
    b.emit(" ", 9, 11)
    b.copy(raw_b, 11, 15)
    b.emit(" ", 15, 16)
    b.copy(raw_b, 16, len(raw_b))
    e = RAW["evil"]
    e1 = e.index("40 countries")
    return [
        _para("a", 0, 0, a.index("\n\n"), a[: a.index("\n\n")]),
        _para("a", 1, a1, len(a), a[a1:]),
        _para("b", 0, 0, len(raw_b), b.text, dumps(b.segments)),
        _para("evil", 0, 0, e.index("\n\n"), e[: e.index("\n\n")]),
        _para("evil", 1, e1, len(e), e[e1:]),
    ]


def _span(doc: str, text: str) -> tuple[int, int]:
    i = RAW[doc].index(text)
    return i, i + len(text)


def _documents() -> list[dict]:
    """The documents table: two sources and a hostile one."""
    return [
        {
            "doc_id": "a",
            "path": "a.txt",
            "format": "txt",
            "title": "NATO HQ",
            "outlet": "Daily A",
            "author": "",
            "date": "2024-07-05",
            "language": "en",
            "pages": 1,
            "ocr_pages": 0,
            "chars": len(RAW["a"]),
            "status": "ok",
            "error": "",
        },
        {
            "doc_id": "b",
            "path": "b.pdf",
            "format": "pdf",
            "title": "HQ for Ukraine",
            "outlet": "Weekly B",
            "author": "",
            "date": "2024-07-06",
            "language": "en",
            "pages": 1,
            "ocr_pages": 1,
            "chars": len(RAW["b"]),
            "status": "ok",
            "error": "",
        },
        {
            "doc_id": "evil",
            "path": "evil.html",
            "format": "html",
            "title": EVIL_SCRIPT,
            "outlet": EVIL_IMG,
            "author": "",
            "date": "",
            "language": "en",
            "pages": 1,
            "ocr_pages": 0,
            "chars": 9,
            "status": "partial",
            "error": f"bad {EVIL_IMG}",
        },
    ]


def _mentions() -> list[dict]:
    """The mentions of the entities' documents (the hostile one's name is a script)."""
    return [
        {
            "entity_id": "nato",
            "doc_id": "a",
            "text": "NATO",
            "label": "ORG",
            "start": 0,
            "end": 4,
            "page": 1,
            "sentence": "NATO will set up",
        },
        {
            "entity_id": "nato",
            "doc_id": "b",
            "text": "NATO",
            "label": "ORG",
            "start": 0,
            "end": 0,
            "page": 1,
            "sentence": "",
        },
        {
            "entity_id": "x",
            "doc_id": "evil",
            "text": EVIL_SCRIPT,
            "label": "PERSON",
            "start": 9,
            "end": 9 + len(EVIL_SCRIPT),
            "page": 1,
            "sentence": EVIL_SCRIPT,
        },
    ]


def _figures() -> list[dict]:
    """Figures that agree (700), conflict (50 vs 40) and a date, at their offsets in RAW."""
    s700a, s700b = _span("a", "700-person"), _span("b", "700 personnel")
    s50, s40 = _span("a", "50 countries"), _span("evil", "40 countries")
    sdate = _span("a", "2024-07-09")
    fig = {"unit": "", "qualifier": "exact", "page": 1}
    return [
        {
            **fig,
            "figure_id": "f1",
            "doc_id": "a",
            "value": 700.0,
            "unit": "personnel",
            "subject": "headquarters",
            "text": "700-person",
            "start": s700a[0],
            "end": s700a[1],
            "sentence": "NATO will set up a 700-person headquarters",
            "cluster_id": "c-agree",
        },
        {
            **fig,
            "figure_id": "f2",
            "doc_id": "b",
            "value": 700.0,
            "unit": "personnel",
            "qualifier": "approximate",
            "subject": "personnel",
            "text": "700 personnel",
            "start": s700b[0],
            "end": s700b[1],
            "sentence": "around 700 personnel will serve",
            "cluster_id": "c-agree",
        },
        {
            **fig,
            "figure_id": "f3",
            "doc_id": "a",
            "value": 50.0,
            "unit": "countries",
            "subject": "countries",
            "text": "50 countries",
            "start": s50[0],
            "end": s50[1],
            "sentence": "About 50 countries support Ukraine.",
            "cluster_id": "c-conflict",
        },
        {
            **fig,
            "figure_id": "f4",
            "doc_id": "evil",
            "value": 40.0,
            "unit": "countries",
            "subject": "countries",
            "text": "40 countries",
            "start": s40[0],
            "end": s40[1],
            "sentence": f"40 countries {EVIL_IMG} back it.",
            "cluster_id": "c-conflict",
        },
        {
            **fig,
            "figure_id": "f5",
            "doc_id": "a",
            "value": None,
            "unit": "date",
            "subject": "summit",
            "text": "2024-07-09",
            "start": sdate[0],
            "end": sdate[1],
            "sentence": "The summit opens on 2024-07-09.",
            "cluster_id": "",
        },
    ]


def contract_tables() -> dict[str, list[dict]]:
    """A small dossier with every table of the merge contract, one source hostile."""
    return {
        "documents": _documents(),
        "entities": [
            {
                "entity_id": "nato",
                "name": "NATO",
                "type": "ORG",
                "variants": ["NATO"],
                "doc_ids": ["a", "b"],
                "mentions": 2,
                "merge_rules": ["identical"],
            },
            {
                "entity_id": "x",
                "name": EVIL_SCRIPT,
                "type": "PERSON",
                "variants": [EVIL_IMG],
                "doc_ids": ["evil"],
                "mentions": 1,
                "merge_rules": ["identical"],
            },
        ],
        "mentions": _mentions(),
        "figures": _figures(),
        "figure_clusters": [
            {
                "cluster_id": "c-agree",
                "subject": "headquarters personnel",
                "unit": "personnel",
                "status": "agree",
                "values": [700.0, 700.0],
                "doc_ids": ["a", "b"],
            },
            {
                "cluster_id": "c-conflict",
                "subject": "supporting countries",
                "unit": "countries",
                "status": "conflict",
                "values": [50.0, 40.0],
                "doc_ids": ["a", "evil"],
            },
        ],
        "duplicates": [
            {
                "doc_a": "a",
                "doc_b": "b",
                "kind": "rewrite",
                "score": 0.81,
                "evidence": f"shared sentences {EVIL_SCRIPT}",
            },
        ],
        "claims": [
            {
                "claim_id": "k1",
                "text": "About 50 countries support Ukraine.",
                "doc_ids": ["a", "evil"],
                "independent_sources": 2,
            },
            {
                "claim_id": "k2",
                "text": f"claim {EVIL_IMG}",
                "doc_ids": ["evil"],
                "independent_sources": 1,
            },
        ],
        "errors": [
            {
                "doc_id": "evil",
                "path": "evil.html",
                "stage": "ingest",
                "kind": "bad_html",
                "message": f"could not parse {EVIL_SCRIPT}",
                "severity": "warning",
                "page": 0,
            },
        ],
    }


PAGES = [
    {"doc_id": "a", "page": 1, "source": "text", "needs_ocr": False, "ocr_reason": "text layer ok",
     "ocr_confidence": None},
    {"doc_id": "b", "page": 1, "source": "ocr", "needs_ocr": True, "ocr_reason": "no text layer",
     "ocr_confidence": 91.5},
]  # fmt: skip
REMOVED = [
    {"doc_id": "a", "page": 1, "start": 0, "end": 5, "text": "Subscribe now", "reason": "boiler"},
    {"doc_id": "b", "page": 1, "start": 0, "end": 5, "text": "Subscribe now", "reason": "boiler"},
    {"doc_id": "evil", "page": 1, "start": 0, "end": 5, "text": EVIL_IMG, "reason": "footer"},
]


def write_dossier(root: Path, tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """The tables as Parquet under root/dossier, shard inputs under root/shards/0."""
    (root / "dossier").mkdir(parents=True)
    for name, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows), root / "dossier" / f"{name}.parquet")
    shard = root / "shards" / "0"
    shard.mkdir(parents=True)
    inputs = {}
    for name, rows in (("paragraphs", paragraphs()), ("removed", REMOVED), ("pages", PAGES)):
        pq.write_table(pa.Table.from_pylist(rows), shard / f"{name}.parquet")
        inputs[name] = [str(shard / f"{name}.parquet")]
    return inputs


class Parsed(HTMLParser):
    """Ids, links, marks, scripts and every attribute of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.urls: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.marks: dict[str, str] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
            if k == "id":
                self.ids.add(v)
            if k == "href":
                self.hrefs.append(v)
            if k in ("src", "href", "action", "srcset", "poster", "data", "xlink:href"):
                self.urls.append(v)
        if tag == "mark":
            self._open.append(dict(attrs).get("id"))
            self.marks[self._open[-1]] = ""

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open.pop()

    def handle_data(self, data):
        for mid in self._open:
            self.marks[mid] += data


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Path, str, str]:
    inputs = write_dossier(tmp_path, contract_tables())
    html, md = tmp_path / "report.html", tmp_path / "report.md"
    run_report(str(tmp_path / "dossier"), str(html), str(md), **inputs)
    return html, html.read_text(), md.read_text()


def _row(html: str, marker: str) -> str:
    return next(r for r in html.split("<tr") if marker in r)


def test_sections_figures_and_quote_links(rendered) -> None:
    _, html, _ = rendered
    page = Parsed(html)
    for section in ("sources", "figures", "entities", "duplicates", "claims", "timeline", "log"):
        assert section in page.ids
    assert 'class="conflict" data-cluster="c-conflict"' in html
    assert 'class="agree" data-cluster="c-agree"' in html
    # every in-page link has its target, and quotes land on a <mark> of the quoted text
    targets = [h[1:] for h in page.hrefs]
    assert targets and all(h.startswith("#") for h in page.hrefs)
    assert not [t for t in targets if t not in page.ids]
    agree = _row(html, 'data-cluster="c-agree"')
    quote_ids = re.findall(r'class="quote" href="#([^"]+)"', agree)
    assert sorted(page.marks[q] for q in quote_ids) == ["700 personnel", "700-person"]
    # doc b's paragraph was cleaned: raw offsets are mapped through its source map
    assert "Officials said around <mark" in html
    # the other sections
    assert "Daily A" in html and "91.5" in html and "no text layer" in html
    assert "rewrite" in html and "0.81" in html and "Subscribe now" in html
    assert 'class="heatmap"' in html and 'class="bars"' in html and 'class="timeline"' in html
    assert "2024-07-09" in _row(html, "The summit opens")
    claims = html[html.index('id="claims"') : html.index('id="timeline"')]
    assert claims.index("About 50 countries") < claims.index("claim &lt;img")
    # a claim's sentence is marked around the figure it contains (nested marks)
    claim_link = re.search(r'class="quote" href="#([^"]+)">Daily A', claims).group(1)
    assert page.marks[claim_link] == "About 50 countries support Ukraine."


def test_markdown_has_the_same_content(rendered) -> None:
    _, _, md = rendered
    for heading in (
        "## Sources",
        "## Key figures",
        "## Entities",
        "### Entities × sources",
        "## Duplicates and rewrites",
        "## Claims",
        "## Timeline",
        "## Processing log",
        "## Source texts",
    ):
        assert heading in md
    # the key figures are wider than a terminal: one list item per cluster (issue 22)
    flat = " ".join(md.split())
    assert (
        "**Status:** **conflict** · **Subject:** supporting countries · **Unit:** countries" in flat
    )
    assert "**Status:** **agree**" in flat
    assert "**700 personnel**" in md and "](#q-" in md
    for anchor_id in re.findall(r"\]\(#([^)]+)\)", md):
        assert f'<a id="{anchor_id}"></a>' in md
    assert "<script>" not in md and "<img" not in md and "&lt;script&gt;" in md


def test_missing_tables_say_none_found(tmp_path: Path) -> None:
    (tmp_path / "dossier").mkdir()
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    run_report(str(tmp_path / "dossier"), str(html), str(md))
    text = html.read_text()
    nothing = (
        "sources",
        "figure clusters",
        "entities",
        "duplicates or rewrites",
        "claims made by several sources",
        "dated events",
        "OCR decisions",
        "removed boilerplate",
    )
    for what in nothing:
        assert f"No {what} found." in text
        assert f"No {what} found." in md.read_text()


def test_missing_columns_and_old_names(tmp_path: Path) -> None:
    """Tables from before the contract (main's merge) or with columns left out still render."""
    tables = {
        "documents": [{"doc_id": "a", "path": "a.txt", "n_pages": 3, "status": "ok"}],
        "entities": [
            {
                "entity_id": "nato",
                "name": "NATO",
                "label": "ORG",
                "documents": "a",
                "n_mentions": 4,
                "variants": "NATO|Nato",
                "rule": "same normalised name",
            },
        ],
        "figures": [{"doc_id": "a", "text": "700", "value": 700.0}],
        "figure_clusters": [{"cluster_id": "c1", "values": ["a: 700 troops (700)"]}],
        "claims": [{"text": "Something happened."}],
        "duplicates": [{"doc_a": "a"}],
    }
    root = tmp_path / "d"
    root.mkdir()
    for name, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows), root / f"{name}.parquet")
    (root / "errors.parquet").write_text("not parquet")
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    run_report(str(root), str(html), str(md))
    text = html.read_text()
    assert "<td>ORG</td>" in text and "Nato" in text and "same normalised name" in text
    assert "<td>3</td>" in text  # pages from n_pages
    assert "Something happened." in text and "unknown" in text
    assert "<li>a: 700 troops (700)</li>" in text  # a cluster without figures shows its values


def test_source_text_is_escaped(rendered) -> None:
    _, html, _ = rendered
    page = Parsed(html)
    assert page.tags.count("script") == 1 and page.tags.count("img") == 0
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert "&lt;script&gt;document.documentElement" in html
    assert "onerror=&#34;document" in html or "onerror=&quot;document" in html


def test_self_contained_with_strict_csp(rendered) -> None:
    _, html, _ = rendered
    page = Parsed(html)
    assert all(u.startswith("#") for u in page.urls)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    js = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    assert f"'{csp_hash(css)}'" in csp and f"'{csp_hash(js)}'" in csp


def test_clean_offset_inverts_the_source_map() -> None:
    b = AlignedBuilder()
    raw = "Officials  said\naround 700"
    b.copy(raw, 0, 9)
    b.emit(" ", 9, 11)
    b.copy(raw, 11, 15)
    b.emit(" ", 15, 16)
    b.copy(raw, 16, len(raw))
    smap = dumps(b.segments)
    s, e = raw.index("700"), raw.index("700") + 3
    cs, ce = clean_offset(smap, 0, s, is_end=False), clean_offset(smap, 0, e, is_end=True)
    assert b.text[cs:ce] == "700"
    assert clean_offset("", 40, 45, is_end=False) == 5


def test_figure_dates() -> None:
    assert figure_date({"date_iso": "2024-07-09/2024-07-11"}) == "2024-07-09/2024-07-11"
    assert figure_date({"unit": "date", "text": "5 July 2024", "value": None}) == "2024-07-05"
    assert figure_date({"unit": "troops", "text": "500,000", "value": 5e5}) == ""
    # a duration in years is not a date (units are pint names since issue 18)
    church = {"unit": "year", "dimension": "duration", "text": "1,500-year-old", "value": 1500}
    assert figure_date(church) == ""


def test_stays_fast_at_10k_documents() -> None:
    n = 10_000
    docs = [
        {"doc_id": f"d{i:05}", "path": f"d{i:05}.txt", "format": "txt", "title": f"Title {i}",
         "outlet": f"Outlet {i % 50}", "author": "", "date": f"2024-07-{1 + i % 28:02}",
         "language": "en", "pages": 1, "ocr_pages": 0, "chars": 100, "status": "ok",
         "error": ""}
        for i in range(n)
    ]  # fmt: skip
    paras = [
        {"doc_id": f"d{i:05}", "index": 0, "page": 1, "start": 0, "end": 40,
         "text": f"Story {i}: 700 troops arrived in Kyiv today.", "source_map": ""}
        for i in range(n)
    ]  # fmt: skip
    figures = [
        {"figure_id": f"f{i}", "doc_id": f"d{i:05}", "value": 700.0, "unit": "troops",
         "qualifier": "exact", "subject": "troops", "text": "700 troops", "start": 10 + len(
             str(i)), "end": 20 + len(str(i)), "page": 1, "sentence": "700 troops arrived",
         "cluster_id": f"c{i % 2000}", "kind": None, "date_iso": None}
        for i in range(n)
    ]  # fmt: skip
    clusters = [
        {"cluster_id": f"c{i}", "subject": "troops", "unit": "troops",
         "status": ("agree", "conflict", "single")[i % 3], "values": [700.0],
         "doc_ids": [f"d{j:05}" for j in range(i, n, 2000)]}
        for i in range(2000)
    ]  # fmt: skip
    entities = [
        {"entity_id": f"e{i}", "name": f"Entity {i}", "type": "ORG", "variants": [],
         "doc_ids": [f"d{j:05}" for j in range(i, n, 500)], "mentions": n // 500,
         "merge_rules": []}
        for i in range(500)
    ]  # fmt: skip
    mentions = [
        {"entity_id": f"e{i % 500}", "doc_id": f"d{i:05}", "text": "x", "label": "ORG",
         "start": 0, "end": 1, "page": 1, "sentence": ""}
        for i in range(n)
    ]  # fmt: skip
    tables = {"documents": docs, "figures": figures, "figure_clusters": clusters,
              "entities": entities, "mentions": mentions}  # fmt: skip
    t0 = time.monotonic()
    ctx = build_context(tables, paras, [], [], ReportOptions())
    html = render_html(ctx)
    md = render_markdown(ctx)
    elapsed = time.monotonic() - t0
    assert elapsed < 30, f"report of 10k documents took {elapsed:.1f}s"
    assert len(html) < 8_000_000, f"report.html is {len(html) / 1e6:.1f} MB"
    assert "9,700 more sources not shown" in html and "1,700 more figure clusters" in html
    assert "more sources not shown" in md
    page = Parsed(html)
    assert not [h for h in page.hrefs if h[1:] not in page.ids], "a link without its target"
    assert "more sources are not shown" in html
    for anchor_id in re.findall(r"\]\(#([^)]+)\)", md):
        assert f'<a id="{anchor_id}"></a>' in md
    print(
        f"10k documents: {elapsed:.1f}s, html {len(html) / 1e6:.2f} MB, md {len(md) / 1e6:.2f} MB"
    )


# ---------------------------------------------------------------- a real browser


@needs_chromium
def test_browser_loads_offline_runs_no_injected_script(rendered, tmp_path: Path) -> None:
    html, _, _ = rendered
    page = browser.load(html)
    assert 'data-report-js="ok"' in page.dom, "the report's own script did not run"
    assert not re.search(r"<html[^>]*data-pwned", page.dom), "an injected script ran"
    assert page.console_problems == []
    assert page.page_requests == []
    assert 'class="sortable' in page.dom  # the script made the tables sortable
    for section in ("sources", "figures", "entities", "duplicates", "claims", "timeline", "log"):
        assert f'id="{section}"' in page.dom
    assert 'data-cluster="c-conflict"' in page.dom and 'data-cluster="c-agree"' in page.dom
    link = re.search(r'class="quote" href="#([^"]+)"', page.dom).group(1)
    assert re.search(rf'<mark id="{link}">', page.dom)
    assert "&lt;script&gt;document.documentElement" in page.dom
    png = browser.screenshot(html, tmp_path / "results" / "report.png")
    assert png.stat().st_size > 10_000


# ---------------------------------------------------------------- the workflow


@pytest.mark.workflow
def test_workflow_report(seeds_run: Run) -> None:
    d = seeds_run.dossier
    html, md = (d / "report.html").read_text(), (d / "report.md").read_text()
    page = Parsed(html)
    for section in ("sources", "figures", "entities", "duplicates", "claims", "timeline", "log"):
        assert section in page.ids
    assert not [h for h in page.hrefs if h[1:] not in page.ids]
    assert page.marks, "no quote was highlighted in a source view"
    assert "## Sources" in md and "## Processing log" in md
    log = (seeds_run.workdir / "logs" / "report" / "report.log").read_text()
    assert "report: read dossier tables" in log and "wrote" in log


@needs_chromium
@pytest.mark.workflow
def test_workflow_report_in_browser_with_screenshot(seeds_run: Run) -> None:
    # "--" ends the --config list the runner passes, so the target is read as a target
    run_snakemake(
        seeds_run.workdir, seeds_run.workdir.parent / "seeds", "--", "results/dossier/report.png"
    )
    png = seeds_run.dossier / "report.png"
    assert png.stat().st_size > 10_000
    page = browser.load(seeds_run.dossier / "report.html")
    assert 'data-report-js="ok"' in page.dom
    assert page.console_problems == [] and page.page_requests == []
    link = re.search(r'href="#(q-[^"]+)"', page.dom).group(1)
    assert f'id="{link}"' in page.dom


@pytest.mark.workflow
def test_snakemake_report_archive(seeds_run: Run) -> None:
    run_snakemake(
        seeds_run.workdir, seeds_run.workdir.parent / "seeds", "--report", "results/report.zip"
    )
    archive = seeds_run.workdir / "results" / "report.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert any(n.endswith("report.html") for n in names)
    assert any("report.md" in n for n in names)


def test_timeline_takes_dates_resolved_by_extract() -> None:
    """The contract's figures table has no ISO date; extract's shard figures have it."""
    para = _para("a", 0, 0, 40, "The summit opens next week in Washington.")
    fig = {c: None for c in ("figure_id", "qualifier", "subject", "cluster_id", "kind")}
    tables = {
        "documents": [{"doc_id": "a", "path": "a.txt", "status": "ok", "date": "", "error": ""}],
        "figures": [
            {**fig, "doc_id": "a", "value": None, "unit": "", "text": "next week", "start": 17,
             "end": 26, "page": 1, "sentence": "The summit opens next week", "date_iso": None},
            {**fig, "doc_id": "a", "value": None, "unit": "", "text": "9 July 2024", "start": 0,
             "end": 0, "page": 1, "sentence": "On 9 July 2024", "date_iso": None},
        ],
    }  # fmt: skip
    extracted = [
        {"doc_id": "a", "page": 1, "start": 17, "end": 26, "text": "next week", "kind": "date",
         "date_iso": "2024-W28", "sentence": "The summit opens next week"},
    ]  # fmt: skip
    tables["documents"][0] |= {k: None for k in ("title", "outlet", "pages", "ocr_pages")}
    tables["documents"][0] |= {"format": "txt", "author": "", "language": "", "chars": 0}
    ctx = build_context(tables, [para], [], [], ReportOptions(), shard_figures=extracted)
    # in calendar order: ISO week 28 starts on Monday 8 July (issue 22)
    assert [(e["date"], e["href"]) for e in ctx["timeline"]] == [
        ("2024-W28", "#q-a-0"),
        ("2024-07-09", "#src-a"),
    ]


def test_the_timeline_found_in_a_second_process_gives_the_same_report(tmp_path: Path) -> None:
    """run_report with workers=2 reads extract's shard figures in a forked child. (The
    removed passages name documents the documents table lacks: their source views show the
    id alone; they used to end the report.)"""
    fig = {c: None for c in ("figure_id", "qualifier", "subject", "cluster_id", "kind")}
    doc = {"doc_id": "a", "path": "a.txt", "status": "ok", "date": "2024-07-01", "error": ""}
    doc |= {"title": "Summit", "outlet": "Wire", "pages": 1, "ocr_pages": 0, "format": "txt"}
    tables = {
        "documents": [doc | {"author": "", "language": "", "chars": 0}],
        "figures": [
            {**fig, "doc_id": "a", "value": None, "unit": "", "text": "next week", "start": 17,
             "end": 26, "page": 1, "sentence": "The summit opens next week", "date_iso": None},
        ],
    }  # fmt: skip
    inputs = write_dossier(tmp_path, tables)
    extracted = [
        {"doc_id": "a", "page": 1, "start": 17, "end": 26, "text": "next week", "kind": "date",
         "date_iso": "2024-W28", "sentence": "The summit opens next week"},
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(extracted), tmp_path / "shards" / "0" / "figures.parquet")
    para = _para("a", 0, 0, 40, "The summit opens next week in Washington.")
    pq.write_table(pa.Table.from_pylist([para]), inputs["paragraphs"][0])
    inputs["figures"] = [str(tmp_path / "shards" / "0" / "figures.parquet")]
    out = {}
    for workers in (1, 2):
        html, md = tmp_path / f"r{workers}.html", tmp_path / f"r{workers}.md"
        run_report(str(tmp_path / "dossier"), str(html), str(md), **inputs, workers=workers)
        out[workers] = (html.read_text(), md.read_text())
    assert out[1] == out[2]
    assert "2024-W28" in out[2][0] and "Published: Summit" in out[2][0]

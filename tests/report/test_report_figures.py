"""The report's key figures and claims as a reader checks them (issue 17): conflicts first, one
line of values per quantity with the sources of each value, qualifiers in words and readable
amounts, a legend, a "conflicts only" filter that works in a real browser, header counts that
match the table, and contested claims linked both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sourcebook.report import browser
from sourcebook.report.build import build_context, figure_value, read_tables, render_html

needs_chromium = pytest.mark.skipif(
    browser.chromium_path() is None,
    reason="Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium",
)

SENTENCES = {
    "a": "The command has about 700 personnel and allies pledged at least €40 billion.",
    "b": "The command currently employs some 800 personnel, officials said.",
    "c": "The command has around 700 staff, the paper said.",
    "d": "Six people were killed on Tuesday; the toll rose to nine on Wednesday.",
}


def cluster(cid: str, status: str, summary: str, sources: list[str], docs: list[str]) -> dict:
    return {
        "cluster_id": cid,
        "subject": "personnel",
        "unit": "staff",
        "status": status,
        "values": [],
        "doc_ids": docs,
        "reason": f"rule for {status}",
        "summary": summary,
        "value_sources": sources,
        "independent_sources": len(docs),
    }


def figure(fid: str, doc: str, text: str, value: float, unit: str, qual: str, cid: str) -> dict:
    start = SENTENCES[doc].index(text)
    return {
        "figure_id": fid, "doc_id": doc, "value": value, "unit": unit, "qualifier": qual,
        "subject": "", "text": text, "start": start, "end": start + len(text), "page": 1,
        "sentence": SENTENCES[doc], "cluster_id": cid,
    }  # fmt: skip


def write(folder: Path, rows: list[dict], name: str) -> None:
    pq.write_table(pa.Table.from_pylist(rows), folder / f"{name}.parquet")


@pytest.fixture
def report(tmp_path: Path) -> tuple[Path, str]:
    d = tmp_path / "dossier"
    d.mkdir()
    write(d, [{"doc_id": k, "path": f"{k}.txt", "title": f"Paper {k.upper()}", "outlet": "",
               "date": "2026-02-12", "format": "txt", "status": "ok"} for k in SENTENCES],
          "documents")  # fmt: skip
    write(
        d,
        [
            cluster("fc1", "agree", "€40bn ×1", ["€40bn: a"], ["a"]),
            cluster("fc2", "conflict", "about 700 ×2 · about 800 ×1",
                    ["about 700: a, c", "about 800: b"], ["a", "b", "c"]),
            cluster("fc3", "update", "6 ×1 · 9 ×1", ["6: d", "9: d"], ["d"]),
        ],
        "figure_clusters",
    )  # fmt: skip
    write(
        d,
        [
            figure("a:1", "a", "about 700 personnel", 700, "count", "approximate", "fc2"),
            figure("a:2", "a", "at least €40 billion", 4e10, "EUR", "lower_bound", "fc1"),
            figure("b:1", "b", "some 800 personnel", 800, "count", "approximate", "fc2"),
            figure("c:1", "c", "around 700 staff", 700, "count", "approximate", "fc2"),
        ],
        "figures",
    )
    write(
        d,
        [
            {"claim_id": "c00001", "text": SENTENCES["a"], "doc_ids": ["a", "c"],
             "independent_sources": 2, "status": "contested",
             "reason": "another source gives a contradicting figure", "cluster_ids": ["fc2"],
             "contested_by": ["b: some 800 personnel"]},
        ],
        "claims",
    )  # fmt: skip
    html_path = tmp_path / "report.html"
    html = render_html(build_context(read_tables(d), [], [], []))
    html_path.write_text(html, encoding="utf-8")
    return html_path, html


def test_readable_values_with_qualifiers_in_words() -> None:
    def f(value: float, unit: str, qualifier: str = "exact") -> str:
        return figure_value({"value": value, "unit": unit, "qualifier": qualifier, "text": ""})

    assert f(4e10, "EUR", "lower_bound") == "at least €40bn"
    assert f(2.5e9, "USD", "approximate") == "about $2.5bn"
    assert f(700, "count", "approximate") == "about 700"
    assert f(24.8, "percent") == "24.8%"
    assert f(229, "metre") == "229 metre"
    assert f(1000, "count", "upper_bound") == "up to 1,000"


def test_conflicts_first_with_values_sources_legend_and_counts(report) -> None:
    _, html = report
    section = html[html.index('id="figures"') : html.index('id="entities"')]
    statuses = re.findall(r'<tr class="(\w+)" data-cluster', section)
    assert statuses == ["conflict", "update", "agree"]  # conflicts first
    assert "about 700 ×2 · about 800 ×1" in section
    conflict = section[section.index('data-cluster="fc2"') :].split("</tr>")[0]
    assert re.search(r"<b>about 800</b>: <a [^>]*>Paper B", conflict)
    assert "<b>about 700 personnel</b>" not in conflict and "<b>about 700</b>" in conflict
    assert "at least €40bn" in section  # the qualifier in words, the amount readable
    for word in ("conflict", "update", "agree", "single", "independent sources"):
        assert f"<dt>{word}</dt>" in section or f'badge {word}">{word}</span></dt>' in section
    assert 'id="conflicts-only"' in section and "3 of 3 rows shown" in section
    # the header's counts are the table's
    header = html[: html.index("</header>")]
    assert "3 figure clusters (1 conflict, 1 update, 1 agree, 0 single)" in header
    assert len(statuses) == 3


def test_contested_claim_names_the_other_side(report) -> None:
    _, html = report
    claims = html[html.index('id="claims"') : html.index('id="quotes"')]
    assert "contested" in claims and "contradicted by" in claims
    assert "Paper B" in claims and "some 800 personnel" in claims


@needs_chromium
def test_conflicts_only_filter_in_a_browser(report, tmp_path: Path) -> None:
    path, _ = report
    page = browser.load(path)
    assert 'data-report-js="ok"' in page.dom and page.console_problems == []
    rows = re.findall(r"<tr ([^>]*data-status=\"\w+\"[^>]*)>", page.dom)
    assert len(rows) == 3 and not [r for r in rows if "hidden" in r]
    assert "3 of 3 rows shown" in page.dom
    # a reader's link to the filtered table: only the conflict stays
    page = browser.load(path, fragment="figures-conflicts")
    rows = re.findall(r"<tr ([^>]*data-status=\"\w+\"[^>]*)>", page.dom)
    visible = [r for r in rows if "hidden" not in r]
    assert len(rows) == 3 and len(visible) == 1 and 'data-status="conflict"' in visible[0]
    assert "1 of 3 rows shown" in page.dom
    assert re.search(r'id="conflicts-only"[^>]*checked|checked[^>]*id="conflicts-only"', page.dom)
    png = browser.screenshot(path, tmp_path / "figures.png", size=(1200, 1400))
    assert png.stat().st_size > 10_000


def test_a_value_or_claim_carried_by_many_sources_lists_some_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    """A figure every copy of a wire story carries: the report names 12 sources per value and
    per claim and counts the rest (the tables keep them all), so it stays readable and small."""
    from sourcebook.report.build import SOURCES_LISTED

    d = tmp_path / "dossier"
    d.mkdir()
    docs = [f"d{i:03d}" for i in range(40)]
    write(d, [{"doc_id": k, "path": f"{k}.txt", "title": f"Copy {k}", "outlet": "",
               "date": "2026-02-12", "format": "txt", "status": "ok"} for k in docs],
          "documents")  # fmt: skip
    sources = [f"about 700: {', '.join(docs[:30])}", f"about 800: {', '.join(docs[30:])}"]
    write(d, [cluster("fc1", "conflict", "about 700 ×30 · about 800 ×10", sources, docs)],
          "figure_clusters")  # fmt: skip
    write(d, [{"claim_id": "c00001", "text": "The command has about 700 personnel.",
               "doc_ids": docs[:30], "independent_sources": 30, "status": "contested",
               "reason": "another source gives a contradicting figure", "cluster_ids": ["fc1"],
               "contested_by": [f"{k}: some 800 personnel" for k in docs[20:]]}],
          "claims")  # fmt: skip
    html = render_html(build_context(read_tables(d), [], [], []))
    figures = html[html.index('id="figures"') : html.index('id="claims"')]
    claims = html[html.index('id="claims"') : html.index('id="quotes"')]
    assert f"and {30 - SOURCES_LISTED} more" in figures and "Copy d029" not in figures
    assert f"and {30 - SOURCES_LISTED} more" in claims
    assert claims.count("contradicted by") == SOURCES_LISTED == 12
    assert "and 8 more contradicting figures" in claims

"""The report as people read it (issue 22, point 9), checked in Debian's headless chromium.

A report of 40 sources is rendered into the test's tmp folder; a copy of it gets a measuring
script (and no Content-Security-Policy, which would block that script) and is loaded with
``--dump-dom``: the script writes what it measured (label boxes, scroll boxes, search hits)
into the DOM. Screenshots go to the test's tmp folder, never into the repository.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from sourcebook.report import browser
from sourcebook.report.build import CONTRACT, ReportOptions, build_context, render_html
from sourcebook.report.mdwrap import WIDTH
from sourcebook.report.timeline import is_conditional, iso_span, order_events

needs_chromium = pytest.mark.skipif(
    browser.chromium_path() is None,
    reason="Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium",
)

OUTLETS = (
    "World Socialist Web Site", "Deutsche Welle (English service)", "The Kyiv Independent",
    "Associated Press", "Politico Europe", "The Northern Ledger", "Harbour Times",
    "Riverside Gazette", "Capital Wire", "Radio Free Europe / Radio Liberty",
)  # fmt: skip
ENTITIES = (
    ("org:nato", "North Atlantic Treaty Organization", "ORG"),
    ("person:jens-stoltenberg", "Jens Stoltenberg", "PERSON"),
    ("country:UA", "Ukraine", "GPE"),
    ("org:udcg", "Ukraine Defense Contact Group", "ORG"),
    ("city:washington", "Washington", "GPE"),
    ("city:wiesbaden", "Wiesbaden", "GPE"),
    ("person:volodymyr-zelensky", "Volodymyr Zelensky", "PERSON"),
    ("person:joe-biden", "Joe Biden", "PERSON"),
    ("country:DE", "Germany", "GPE"),
    ("country:HU", "Hungary", "GPE"),
    ("person:viktor-orban", "Viktor Orban", "PERSON"),
    ("org:nsatu", "NATO Security Assistance and Training for Ukraine", "ORG"),
)
# sentences with a date phrase, its ISO form, and how often documents carry it
DATED = (
    ("The summit opens in Washington on 9 July.", "9 July", "2024-07-09"),
    ("Leaders will decide next week on the new command.", "next week", "2024-W28"),
    ("Talks on the command began in the week of 1 July.", "the week of 1 July", "2024-W27"),
    ("Aid deliveries run from 10 to 20 July.", "from 10 to 20 July", "2024-07-10/2024-07-20"),
    ("The alliance was founded in 1949.", "1949", "1949"),
    ("Americans elect a president in November.", "November", "2024-11"),
    ("Support could end if Trump wins in November.", "November", "2024-11"),
    ("If talks fail, a new round is planned for 2025.", "2025", "2025"),
)
N_DOCS = 40


def _row(table: str, **values: object) -> dict:
    return dict.fromkeys(CONTRACT[table]) | values


def corpus() -> tuple[dict[str, list[dict]], list[dict]]:
    """Forty sources about one summit: documents, paragraphs, entities, mentions, dates."""
    tables: dict[str, list[dict]] = {t: [] for t in CONTRACT}
    paragraphs = []
    for i in range(N_DOCS):
        doc = f"d{i:02d}"
        outlet = OUTLETS[i % len(OUTLETS)]
        published = date(2024, 7, 1) + timedelta(days=i % 12)
        tables["documents"].append(
            _row("documents", doc_id=doc, path=f"{doc}.txt", format="txt", outlet=outlet,
                 title=f"Summit report {i}", date=published.isoformat(), pages=1,
                 ocr_pages=0, status="ok", error="")
        )  # fmt: skip
        names = [ENTITIES[(i + k) % len(ENTITIES)] for k in range(1 + i % 5)]
        lead = " and ".join(n for _, n, _ in names) + f" met in Wiesbaden, source {i} says."
        texts = [lead] + [s for k, (s, _, _) in enumerate(DATED) if (i + k) % 3 == 0]
        start = 0
        for index, text in enumerate(texts):
            paragraphs.append(
                {"doc_id": doc, "index": index, "page": 1, "start": start,
                 "end": start + len(text), "text": text, "source_map": ""}
            )  # fmt: skip
            for sentence, phrase, iso in DATED:
                if text == sentence:
                    at = start + sentence.index(phrase)
                    tables["figures"].append(
                        _row("figures", figure_id=f"{doc}:f{index}", doc_id=doc, text=phrase,
                             start=at, end=at + len(phrase), page=1, sentence=sentence,
                             kind="date", date_iso=iso, cluster_id="")
                    )  # fmt: skip
            start += len(text) + 2
        offset = 0
        for eid, name, _ in names:
            at = lead.index(name, offset)
            for _ in range(1 + i % 3):  # the heat map counts them
                tables["mentions"].append(
                    _row("mentions", entity_id=eid, doc_id=doc, page=1, start=at,
                         end=at + len(name))
                )  # fmt: skip
            offset = at + len(name)
    for eid, name, label in ENTITIES:
        docs = sorted({m["doc_id"] for m in tables["mentions"] if m["entity_id"] == eid})
        count = sum(m["entity_id"] == eid for m in tables["mentions"])
        tables["entities"].append(
            _row("entities", entity_id=eid, name=name, type=label, variants=[name],
                 doc_ids=docs, mentions=count, merge_rules=[])
        )  # fmt: skip
    return tables, paragraphs


def counted(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The mentions as the report reads them: one row per entity and source, with ``n``."""
    first: dict[tuple[str, str], dict] = {}
    for m in tables["mentions"]:
        key = (m["entity_id"], m["doc_id"])
        first.setdefault(key, {**m, "n": 0})["n"] += 1
    return {**tables, "mentions": list(first.values())}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tables, paragraphs = corpus()
    ctx = build_context(counted(tables), paragraphs, [], [], ReportOptions())
    out = tmp_path_factory.mktemp("layout") / "report.html"
    out.write_text(render_html(ctx), encoding="utf-8")
    return out, ctx


# ---------------------------------------------------------------- the timeline, unit level


def test_iso_forms_sort_by_the_days_they_cover() -> None:
    forms = ["2024-11", "2024-W27", "2024", "2024-07-09", "1949", "2024-07-10/2024-07-20"]
    ordered = sorted(forms, key=lambda f: iso_span(f))  # type: ignore[arg-type, return-value]
    assert ordered == ["1949", "2024", "2024-W27", "2024-07-09", "2024-07-10/2024-07-20",
                       "2024-11"]  # fmt: skip
    assert iso_span("2024-W27") == (date(2024, 7, 1), date(2024, 7, 7))
    assert iso_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))


def test_conditional_dates_are_not_events() -> None:
    assert is_conditional("Support could end if Trump wins in November.", "November")
    assert is_conditional("If talks fail, a new round is planned for 2025.", "2025")
    assert is_conditional("Whether it opens in March is unclear.", "March")
    assert not is_conditional("Americans elect a president in November.", "November")
    assert not is_conditional("Leaders meet on 9 July, if the weather allows.", "9 July")


def test_the_timeline_leads_with_the_events_own_dates(report) -> None:
    _, ctx = report
    dates = [e["date"] for e in ctx["timeline"]]
    groups = [e["group"] for e in ctx["timeline"]]
    assert groups == sorted(groups, key=["event", "later", "period", "earlier"].index)
    assert groups[0] == "event" and dates[0] != "1949"
    assert dates.index("2024-W27") < dates.index("2024-11")  # not as text ("2024-1" < "2024-W")
    assert dates.index("2024-11") < dates.index("1949")  # background last
    texts = " ".join(e["text"] for e in ctx["timeline"])
    assert "if Trump wins" not in texts and "If talks fail" not in texts
    assert ctx["timeline_conditional"] > 0
    event_days = [iso_span(d) for d, g in zip(dates, groups, strict=True) if g == "event"]
    assert event_days == sorted(event_days)  # type: ignore[type-var]


def test_order_events_without_publication_dates_uses_the_events() -> None:
    events = [
        {"date": d, "doc_id": "a", "text": d} for d in ("1949", "2024-07-09", "2024-07-10")
    ] + [{"date": "2024-07-11", "doc_id": "a", "text": "x"}]
    ordered = order_events(events, [])
    assert [e["date"] for e in ordered][-1] == "1949"


# ---------------------------------------------------------------- in the browser

MEASURE = """
<script>
(function () {
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function box(el) {
    var r = el.getBoundingClientRect();
    return {l: r.left, r: r.right, t: r.top, b: r.bottom};
  }
  function overlap(a, b) {
    return a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  }
  function pairs(boxes) {
    var n = 0;
    for (var i = 0; i < boxes.length; i++)
      for (var j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) n++;
    return n;
  }
  function outside(boxes, o) {
    return boxes.filter(function (c) {
      return c.l < o.l - 0.5 || c.r > o.r + 0.5 || c.t < o.t - 0.5 || c.b > o.b + 0.5;
    }).length;
  }
  var out = {};
  var hm = document.querySelector("table.heatmap"), main = document.querySelector("main");
  var mb = box(main), ms = getComputedStyle(main);
  out.mainWidth = mb.r - mb.l - parseFloat(ms.paddingLeft) - parseFloat(ms.paddingRight);
  var hb = box(hm);
  out.heatmapWidth = hb.r - hb.l;
  var labels = all(hm, "th.vh span"), cols = labels.map(box);
  out.columnLabelOverlaps = pairs(cols);
  out.columnLabelsClipped = outside(cols, hb);
  out.columnLabelsCut = labels.filter(function (s) {
    return s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1;
  }).length;
  out.rowLabelsCut = all(hm, "tbody th").filter(function (th) {
    return th.scrollWidth > th.clientWidth + 1;
  }).length;
  out.pageWidth = document.documentElement.scrollWidth;
  out.viewWidth = window.innerWidth;
  out.tablesInScrollBoxes = all(document, "table.data").filter(function (t) {
    for (var el = t.parentElement; el && el !== document.body; el = el.parentElement) {
      var s = getComputedStyle(el);
      if (/(auto|scroll|hidden)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1)
        return true;
    }
    return false;
  }).map(function (t) { return t.id; });
  var svg = document.querySelector("svg.timeline"), sb = box(svg);
  var dots = all(svg, ".ev").map(box), ticks = all(svg, "text.tick").map(box);
  out.timelineDotOverlaps = pairs(dots);
  out.timelineTicks = ticks.length;
  out.timelineTickOverlaps = pairs(ticks);
  out.timelineOutside = outside(ticks.concat(dots), sb);
  out.timelineWidth = sb.r - sb.l;
  out.headingsWithoutHelp = all(document, "table.data thead th").filter(function (th) {
    return !th.getAttribute("title");
  }).map(function (th) { return th.textContent; });
  out.legends = all(document, "details.legend").length;
  var input = document.getElementById("search");
  input.value = "Wiesbaden";
  window.sourcebookSearch();
  out.searchShown = {};
  all(document, "main section").forEach(function (sec) {
    var rows = "table.data tbody tr:not(.hidden):not(.group), article.source:not(.hidden)";
    out.searchShown[sec.id] = {n: all(sec, rows).length, hidden: sec.classList.contains("no-hits")};
  });
  out.searchHits = document.getElementById("search-hits").textContent;
  input.value = "";
  window.sourcebookSearch();
  document.body.setAttribute("data-layout", JSON.stringify(out));
})();
</script>
"""


def measured(report_html: Path, tmp: Path, width: int = 1400) -> dict:
    """What the measuring script saw in a window ``width`` pixels wide."""
    page = report_html.read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    probe = tmp / f"measure-{width}.html"
    probe.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = browser.load(probe, size=(width, 1000)).dom
    found = re.search(r'data-layout="([^"]*)"', dom)
    assert found, dom[-2000:]
    return json.loads(html_lib.unescape(found.group(1)))


def section_only(report_html: Path, section: str, tmp: Path) -> Path:
    """A copy of the report that shows one section at the top (for its screenshot)."""
    page = report_html.read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    hide = f"<style>.cards, main > section:not(#{section}) {{ display: none; }}</style>"
    copy = tmp / f"only-{section}.html"
    copy.write_text(page.replace("</head>", hide + "</head>"), encoding="utf-8")
    return copy


@needs_chromium
@pytest.mark.parametrize("width", [1400, 1000])
def test_heat_map_timeline_and_tables_read_well(report, tmp_path: Path, width: int) -> None:
    html, _ = report
    m = measured(html, tmp_path, width)
    assert m["heatmapWidth"] >= 0.95 * m["mainWidth"], m  # the full width, not 40 %
    assert m["columnLabelOverlaps"] == 0 and m["columnLabelsClipped"] == 0, m
    assert m["columnLabelsCut"] == 0 and m["rowLabelsCut"] == 0, m
    assert m["pageWidth"] <= m["viewWidth"] + 1, m  # nothing pushes the page sideways
    assert m["tablesInScrollBoxes"] == [], m  # every row on the page, none in a small box
    assert m["timelineTicks"] >= 3 and m["timelineTickOverlaps"] == 0, m
    assert m["timelineDotOverlaps"] == 0 and m["timelineOutside"] == 0, m
    assert m["timelineWidth"] >= 0.9 * m["mainWidth"], m
    assert m["headingsWithoutHelp"] == [] and m["legends"] >= 3, m
    for part in ("entities", "timeline"):  # for people to look at: the test's tmp folder
        png = browser.screenshot(
            section_only(html, part, tmp_path), tmp_path / f"{part}-{width}.png", size=(width, 1600)
        )
        assert png.stat().st_size > 20_000


@needs_chromium
def test_one_search_reaches_every_section(report, tmp_path: Path) -> None:
    html, _ = report
    m = measured(html, tmp_path)
    shown = m["searchShown"]
    # "Wiesbaden" is an entity and in every source text; it is in no timeline row
    assert shown["entities"]["n"] > 0 and shown["source-views"]["n"] == N_DOCS, shown
    assert shown["timeline"] == {"n": 0, "hidden": True}, shown  # a section without hits
    assert "Entities" in m["searchHits"] and "Source texts" in m["searchHits"], m["searchHits"]


def test_entities_link_to_their_mentions(report) -> None:
    html, ctx = report
    page = html.read_text(encoding="utf-8")
    for e in ctx["entities"]:
        assert e["where"], e["name"]
        for w in e["where"]:
            mark = w["href"][1:]
            found = re.search(rf'<mark id="{mark}">([^<]*)</mark>', page)
            assert found and found.group(1) == e["name"], (e["name"], w)
    # the heat map's rows lead to the entities' rows
    for eid, _, _ in ENTITIES:
        assert f'href="#ent-{re.sub(r"[^A-Za-z0-9_-]", "_", eid)}"' in page


def test_markdown_lines_fit_a_terminal(report) -> None:
    from sourcebook.report.build import render_markdown

    _, ctx = report
    md = render_markdown(ctx)

    def breakable(line: str) -> bool:  # a space a line could break at (not in "<a id=")
        rest = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line.replace("<a id=", "<a_id="))
        return " " in rest.strip()

    long = [line for line in md.splitlines() if len(line) > WIDTH and breakable(line)]
    assert long == [], long[:3]
    assert max(map(len, md.splitlines())) < 200  # the template's rows ran to thousands
    assert "## What the columns mean" in md

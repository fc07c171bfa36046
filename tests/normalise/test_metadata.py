"""Issue 19: outlet, authors, date and title of real-world layouts, each with its origin.

One test per layout and per defect the issue names: the outlet line under the headline, the
URL line of a copy-pasted page, wire credits, bylines of every form (and the lines that are no
byline), dates in all their printed forms, PDF placeholders, multi-line headlines, HTML
markup, front matter, config ``outlets``, tense-aware weekdays, the readable JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sourcebook.core.dates import find_dates, weekday_year
from sourcebook.core.schema import Metadata, Page
from sourcebook.ingest.htmlfacts import html_facts
from sourcebook.ingest.read import ingest_file
from sourcebook.normalise.bylines import credit_authors, parse_byline, person_name
from sourcebook.normalise.document import normalise_pages, readable_metadata
from sourcebook.normalise.header import is_placeholder, pdf_info_date
from sourcebook.normalise.outlets import load_outlets, masthead_name, shipped_outlets
from sourcebook.normalise.pubdates import full_dates, url_date

BODY = (
    "Firefighters battled the blaze through the night as strong winds pushed the flames towards "
    "several coastal villages, officials said on Tuesday.\n\n"
    "The fire service said more than 300 firefighters and 12 aircraft were deployed.\n"
)


def meta_of(text: str, source: str = "text", **kw) -> Metadata:
    """The metadata of one page of text."""
    return normalise_pages("d", [Page("d", 1, text, source)], **kw)[1]


def authors(meta: Metadata) -> list[str]:
    return [a for a in meta.author.split("; ") if a]


# --- outlet ----------------------------------------------------------------------------------


def test_outlet_line_under_the_headline_is_the_outlet_and_the_next_line_the_author() -> None:
    paras, meta, _ = normalise_pages(
        "d",
        [
            Page(
                "d",
                1,
                "Greek government under fire as Evia blaze forces thousands from homes\n"
                "The Guardian\nHelena Sarris in Athens\nTue 13 Aug 2024 18.00 BST\n\n" + BODY,
                "text",
            )
        ],
    )
    assert (meta.outlet, meta.outlet_source) == ("The Guardian", "outlet line")
    assert (meta.author, meta.date) == ("Helena Sarris", "2024-08-13")
    assert meta.title == "Greek government under fire as Evia blaze forces thousands from homes"
    assert [p.kind for p in paras[:4]] == ["title", "byline", "byline", "dateline"]


def test_url_line_names_the_outlet_and_its_path_the_date() -> None:
    text = (
        "https://www.kyivindependent.com/news/2024/06/20/kyiv-power-outages-extended/\n"
        "Kyiv power outages extended after strike on thermal plant\n\n" + BODY
    )
    meta = meta_of(text)
    assert (meta.outlet, meta.outlet_source) == ("The Kyiv Independent", "url")
    assert (meta.date, meta.date_source) == ("2024-06-20", "url path")
    assert meta.title == "Kyiv power outages extended after strike on thermal plant"


def test_an_unknown_domain_spelt_out_under_the_headline_is_the_outlet() -> None:
    text = (
        "https://www.millbrookledger.com/news/local/council-approves-flood-barrier/\n"
        "Council approves flood barrier for River Street\nThe Millbrook Ledger\n"
        "By RUTH ANN PELLETIER\nLedger Staff Writer\nUpdated: 07/11/2024 2:14 p.m. ET\n\n" + BODY
    )
    meta = meta_of(text)
    assert meta.outlet == "The Millbrook Ledger"
    assert (meta.author, meta.date) == ("Ruth Ann Pelletier", "2024-07-11")


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("KYIV, July 10 (Reuters) - Russian drones struck a grain terminal overnight.", "Reuters"),
        ("YAKIMA, Wash. (AP) — A fast-moving wildfire forced the evacuation of 2,000 homes.", None),
        ("BERLIN, 10 January (dpa) - Germany's train drivers began a three-day strike.", "dpa"),
    ],
)
def test_wire_dateline_credit_names_the_outlet(line: str, outlet: str | None) -> None:
    meta = meta_of(line + " " + BODY)
    assert meta.outlet == (outlet or "Associated Press")
    assert meta.outlet_source == "dateline credit"


def test_closing_credits_name_the_wire() -> None:
    assert meta_of(BODY + "\nSource: dpa\n").outlet == "dpa"
    assert meta_of(BODY + "\n— AP\n").outlet == "Associated Press"
    assert meta_of(BODY + "\ndpa kw/ho/aj\n").outlet == "dpa"


def test_a_short_line_is_never_guessed_to_be_an_outlet() -> None:
    meta = meta_of("Ferry service suspended after dock damage\nPort Haven\n\n" + BODY)
    assert meta.outlet == "" and meta.author == ""


def test_letterhead_of_a_release_names_the_issuer() -> None:
    text = (
        "PORT OF ANTWERP-BRUGES\nPRESS RELEASE\nAntwerp, 3 October 2024\n"
        "Port of Antwerp-Bruges resumes operations after 24-hour strike\n\n" + BODY
    )
    meta = meta_of(text)
    assert (meta.outlet, meta.outlet_source) == ("Port of Antwerp-Bruges", "letterhead")
    assert meta.title == "Port of Antwerp-Bruges resumes operations after 24-hour strike"
    assert meta.date == "2024-10-03"


def test_config_outlets_extend_the_shipped_table() -> None:
    text = "https://harbourtimes.example/x\nHarbour reopens after storm damage repaired\n\n" + BODY
    assert meta_of(text).outlet == "harbourtimes.example"
    outlets = load_outlets({"harbourtimes.example": "Harbour Times"})
    assert meta_of(text, outlets=outlets).outlet == "Harbour Times"
    assert load_outlets({"HT": "Harbour Times"}).named("HT") == "Harbour Times"
    assert shipped_outlets().named("DER SPIEGEL") == "Der Spiegel"
    assert shipped_outlets().of_url("https://edition.cnn.com/2024/07/11/x") == "CNN"


def test_masthead_names() -> None:
    assert masthead_name("THE ATHENS REVIEW") == "The Athens Review"
    assert masthead_name("Bangor Daily News") == "Bangor Daily News"
    assert masthead_name("Greek government under fire") == ""
    assert masthead_name("Jane Doe") == ""


# --- authors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "people", "outlet"),
    [
        ("By Jane Doe and John Roe, Reuters", ("Jane Doe", "John Roe"), "Reuters"),
        ("By RUTH ANN PELLETIER", ("Ruth Ann Pelletier",), ""),
        ("by Lucie PERRAULT, with Ana MORALES in Valencia", ("Lucie Perrault", "Ana Morales"), ""),
        ("Elke Brandhorst | Jan Meyer-Krahl", ("Elke Brandhorst", "Jan Meyer-Krahl"), ""),
        ("Jane Doe · CBC News", ("Jane Doe",), "CBC News"),
        ("Words by Saoirse Kavanagh · Photography by Lukas Brenner", ("Saoirse Kavanagh",), ""),
        ("Author: Dr. Fatima Al-Sayed", ("Fatima Al-Sayed",), ""),
        ("Owen Thackeray (now) and Priya Desai (earlier)", ("Owen Thackeray", "Priya Desai"), ""),
        ("By DANA WHITFIELD The Associated Press", ("Dana Whitfield",), "Associated Press"),
        ("Kyiv Independent by Oksana Hrytsenko", ("Oksana Hrytsenko",), "The Kyiv Independent"),
        ("A Commentary by Konstantin Rehberg", ("Konstantin Rehberg",), ""),
        ("By Al Jazeera Staff", (), ""),
        ("Staff and agencies", (), ""),
    ],
)
def test_bylines(line: str, people: tuple[str, ...], outlet: str) -> None:
    by = parse_byline(line, shipped_outlets().named)
    assert by is not None and (by.authors, by.outlet) == (people, outlet)


@pytest.mark.parametrize(
    "line",
    [
        "Greek government under fire",
        "Published on",
        "THE WHITE HOUSE",
        "Kathimerini",
        "Health Policy Watch",
        "TOI News Desk",
        "Special Correspondent",
        "NATO Support and Procurement Agency",
        "The summit opens.",
    ],
)
def test_lines_that_are_no_byline_give_no_author(line: str) -> None:
    by = parse_byline(line, shipped_outlets().named)
    assert by is None or by.authors == ()


def test_person_names() -> None:
    assert person_name("K. Lakshmi Narayanan") == "K. Lakshmi Narayanan"
    assert person_name("Ursula von der Leyen") == "Ursula von der Leyen"
    assert person_name("Eoin Ó Súilleabháin") == "Eoin Ó Súilleabháin"
    assert person_name("O'BRIEN MCCARTHY") == "O'Brien Mccarthy"
    for text in ("anonymous", "Staff", "Windows User", "Policy Brief No 4", "Reuters"):
        assert person_name(text) == "" or (text == "Reuters" and shipped_outlets().named(text))


def test_reuters_credits_name_reporters_not_editors() -> None:
    line = "Reporting by Olena Petrenko and Mark Tilden in Kyiv; Additional reporting by Jane Roe; "
    line += "Editing by Nick Carrow"
    assert credit_authors(line, shipped_outlets().named) == [
        "Olena Petrenko",
        "Mark Tilden",
        "Jane Roe",
    ]
    meta = meta_of(BODY + "\n(Reporting by Kaito Morimoto; Editing by Dana Pryce)\n")
    assert (meta.author, meta.author_source) == ("Kaito Morimoto", "credit line")


def test_name_line_only_next_to_a_date_outlet_or_byline() -> None:
    lone = meta_of("Nikos Vasilakis\n\n" + BODY)
    assert lone.author == ""
    meta = meta_of(
        "Greek Government Under Fire\nKathimerini\nNikos Vasilakis\n14.08.2024\n\n" + BODY
    )
    assert (meta.author, meta.outlet, meta.date) == ("Nikos Vasilakis", "Kathimerini", "2024-08-14")
    assert meta.title == "Greek Government Under Fire"


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Wed 10 Jul 2024 18.00 BST", "2024-07-10"),
        ("July 10, 20247:42 AM GMT+1Updated 4 months ago", "2024-07-10"),
        ("14.08.2024 • 09:41", "2024-08-14"),
        ("07/16/2024", "2024-07-16"),
        ("2024-07-11T14:03:00Z", "2024-07-11"),
        ("15. Juli 2024, 18:03 Uhr", "2024-07-15"),
        ("FRIDAY, JULY 12, 2024 — 5:30 P.M.", "2024-07-12"),
        ("Published 4th Dec 2024, 14:22 GMT", "2024-12-04"),
    ],
)
def test_printed_dates(line: str, iso: str) -> None:
    assert full_dates(line)[0].iso == iso


def test_published_wins_over_updated_and_exports_are_no_date() -> None:
    text = "Title of the story here\nUpdated 19 September 2024\nPublished 18 September 2024\n"
    assert meta_of(text + "\n" + BODY).date == "2024-09-18"
    assert [h.label for h in full_dates("Date and Time: Thursday, November 21, 2024")] == ["export"]
    stamp = "7/15/24, 9:02 AM Ukraine grain exports rise\nGrain exports rise in June\n"
    assert meta_of(stamp + "\n" + BODY).date == ""


def test_late_date_line_of_a_pdf_page_and_of_a_scan() -> None:
    text = "BALTIC SECURITY INSTITUTE\nRiga\nPolicy Brief\nEastern Flank Programme\n15 July 2024\n"
    for source in ("pdf-text", "ocr"):
        assert meta_of(text + "\n" + BODY, source).date == "2024-07-15"


def test_url_date_paths() -> None:
    assert url_date("https://www.theguardian.com/world/2024/aug/13/x") == "2024-08-13"
    assert url_date("https://www.reuters.com/world/odesa-two-dead-2024-07-10/") == "2024-07-10"
    assert url_date("https://www.aljazeera.com/news/2024/5/21/ferry") == "2024-05-21"
    assert url_date("https://example.com/news/123456") == ""


def test_yearless_dateline_takes_the_year_the_document_gives() -> None:
    text = "BERLIN, 10 January (dpa) - Train drivers began a strike. " + BODY
    meta = meta_of(text + "\nThe strike ends on Friday 12 January 2024.\n")
    assert (meta.date, meta.date_source) == ("2024-01-10", "wire dateline (year inferred)")


def test_yearless_dateline_takes_the_year_of_its_weekday() -> None:
    """No year anywhere: the year in which the day falls on the weekday the lede names, not
    before the latest past year the text states, not after today."""
    lede = "DUBAI, March 24 (Reuters) - A quake struck western Iran on Tuesday, killing two. "
    meta = meta_of(lede + BODY)
    assert (meta.date, meta.date_source) == ("2026-03-24", "wire dateline (year inferred)")
    placeless = "June 8 (Reuters) - Corvane said on Monday it would buy Lumio. " + BODY
    assert meta_of(placeless).date == "2026-06-08"
    later = "TALLINN, March 8 (Reuters) - Results showed on Monday a shift since 2022. " + BODY
    assert meta_of(later).date == "2027-03-08"  # no Monday 8 March from 2022 up to today
    slash = "NAIROBI/GAROWE, April 7 (Reuters) - Pirates hijacked a ship on Tuesday. " + BODY
    assert meta_of(slash).date == "2026-04-07"


def test_weekday_year() -> None:
    today = dt.date(2026, 11, 30)
    assert weekday_year(3, 24, 1, None, today) == 2026  # a Tuesday
    assert weekday_year(3, 8, 0, 2022, today) == 2027  # Monday; 2021 is before 2022
    assert weekday_year(2, 12, 3, 1990, today) == 2026
    assert weekday_year(7, 6, None, None, today) == 2026
    assert weekday_year(12, 24, None, None, today) == 2025  # not yet this year


def test_day_first_beside_a_european_zone_and_a_url_date_in_a_run_on_line() -> None:
    assert full_dates("Published on 08/03/2027 - 09:44 GMT+1")[0].iso == "2027-03-08"
    assert full_dates("Updated 08/03/2027 9:44 AM EST")[0].iso == "2027-08-03"
    head = (
        "Iran quake toll climbs to 34\nFrance 24 with AFP\nIssued on: 04/03/2026 - 11:26\n"
        "https://www.france24.com/en/middle-east/20260304-iran-quake-toll-climbs-to-34\n\n"
    )
    assert meta_of(head + BODY).date == "2026-03-04"
    lede = (
        "Iran quake toll climbs to 34\nIssued on: 04/03/2026 - 11:26\n"
        "Rescuers searched the rubble through the night, officials said, a year after the last"
        " quake in the province (https://www.example.com/en/middle-east/20250304-quake-kills-"
        "nine) left nine dead and hundreds homeless in villages along the fault line.\n\n"
    )
    assert meta_of(lede + BODY).date != "2026-03-04"  # a link in running text dates nothing


def test_dates_in_capitals() -> None:
    assert meta_of(
        "Heat feeds a megafire\n\nLos Angeles - AUG 13, 2026 - 09:15 CEST\n\n" + BODY
    ).date == ("2026-08-13")
    assert [d.iso for d in find_dates("BOLOGNA, OCT 20 - Two people died")] == ["--10-20"]


def test_date_prefix_and_no_date() -> None:
    meta = meta_of(" date 2024-06-26 Kenyan police fired tear gas at protesters. " + BODY)
    assert (meta.date, meta.date_source, meta.title) == ("2024-06-26", "metadata prefix", "")
    seed3 = "NATO chief says headquarters will be set up\n\nStoltenberg said on Sunday (July 7th) "
    assert meta_of(seed3 + BODY).date == ""


def test_weekdays_follow_the_tense() -> None:
    tuesday = dt.date(2024, 7, 9)
    ahead = find_dates("Leaders will meet on Thursday in Washington.", tuesday)
    back = find_dates("Leaders met on Thursday in Washington.", tuesday)
    assert (ahead[0].iso, back[0].iso) == ("2024-07-11", "2024-07-04")
    assert find_dates("The port stays closed until Monday.", tuesday)[0].iso == "2024-07-15"


# --- titles and file metadata ------------------------------------------------------------------


def test_pdf_placeholders_are_ignored() -> None:
    for value in ("untitled", "anonymous", "Microsoft Word - draft3.docx", "ferrymen_final_v7"):
        assert is_placeholder(value)
    assert not is_placeholder("NSPA signs contracts for Stinger missiles")
    assert pdf_info_date("D:20000101000000+00'00'") == ""
    assert pdf_info_date("D:20240709143000+02'00'") == "2024-07-09"
    meta = meta_of(
        "A report on the summit and its aftermath\n\n" + BODY,
        "pdf-text",
        source_meta={"pdf:Title": "untitled", "pdf:Author": "anonymous"},
    )
    assert (meta.title, meta.author) == ("A report on the summit and its aftermath", "")


def test_headline_over_two_lines_is_joined() -> None:
    text = (
        "15 July 2024\n\nThe Washington Summit and Ukraine: An\nUnfinished Bridge to Membership\n\n"
        "Marta Liepina and Jonas Petrauskas\n\n" + BODY
    )
    meta = meta_of(text, "pdf-text", source_meta={"pdf:Title": "untitled"})
    assert meta.title == "The Washington Summit and Ukraine: An Unfinished Bridge to Membership"
    assert authors(meta) == ["Marta Liepina", "Jonas Petrauskas"]


def test_markdown_heading_and_front_matter() -> None:
    text = (
        "---\ntitle: Missile strike damages Kyiv hospital\nsource: https://www.reuters.com/x\n"
        'author:\n  - "[[Olena Petrenko]]"\npublished: 2024-07-08\ncreated: 2025-01-15\n---\n'
        "# Missile strike damages *Kyiv* hospital\n\n" + BODY
    )
    paras, meta, removed = normalise_pages("d", [Page("d", 1, text, "markdown")])
    assert (meta.title, meta.title_source) == (
        "Missile strike damages Kyiv hospital",
        "markdown heading",
    )
    assert (meta.date, meta.outlet, meta.author) == ("2024-07-08", "Reuters", "Olena Petrenko")
    assert "front matter" in {r.reason for r in removed}
    assert not any("created:" in p.text for p in paras)


def test_html_headline_byline_and_logo_from_the_markup(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        """<html><head><title>Fire forces evacuations | Local | The Spokesman-Review</title>
<meta name="author" content="Associated Press"></head><body>
<header><a class="logo" href="/">The Spokesman-Review</a></header><article>
<h1>Wildfire forces evacuation of 2,000 homes near Yakima</h1>
<div class="byline">By <span class="author">LENA HOLCOMB</span> Associated Press</div>
<p>YAKIMA, Wash. (AP) — A fast-moving wildfire west of Yakima forced the evacuation of about
2,000 homes on Thursday as temperatures topped 100 degrees, officials said.</p>
<p>Crews from three counties were fighting the fire, which had burned 4,000 acres.</p>
</article><footer><p>Copyright © 2024, The Spokesman-Review</p></footer></body></html>""",
        "utf-8",
    )
    facts = html_facts(page.read_text("utf-8"))
    assert facts["h1"].startswith("Wildfire") and facts["logo"] == "The Spokesman-Review"
    result = ingest_file(page, "p", "p.html", "0")
    meta = normalise_pages("p", result.pages, json.loads(result.document.source_meta))[1]
    assert meta.title == "Wildfire forces evacuation of 2,000 homes near Yakima"
    assert (meta.author, meta.author_source) == ("Lena Holcomb", "html byline")
    assert meta.outlet == "The Spokesman-Review"


def test_readable_json_shows_each_origin() -> None:
    meta = meta_of("Title of the story here\nBy Jane Doe\n5 July 2024\n\n" + BODY)
    info = readable_metadata(meta, "a.txt")
    assert info["author"] == {"value": "Jane Doe", "source": "byline"}
    assert info["date"] == {"value": "2024-07-05", "source": "dateline"}
    assert info["title"]["source"] == "headline line"


# --- titles: the credit lines around a copy-pasted page's headline ---------------------------

HEADLINE = "Ferry strike strands thousands of travellers on Baltic routes"


@pytest.mark.parametrize(
    "credit",
    [
        "Nordlicht TV with Reuters",  # an outlet crediting a wire
        "Gazeta Portowa in English",  # a language edition
        "The Harbour Bell — Travel",  # a site and its section
        "Harbour Bell | World News",
        "Tideline — a newsletter about the sea",  # a site and its description
        "Kurier Morski. Translated from Polish",
        "The Lantern",  # a bare name over the byline
    ],
)
def test_a_credit_line_under_the_headline_is_not_the_title(credit: str) -> None:
    paras, meta, _ = normalise_pages(
        "d", [Page("d", 1, f"{HEADLINE}\n{credit}\nBy Tom Reyes\n14 May 2025\n\n" + BODY, "text")]
    )
    assert meta.title == HEADLINE
    kinds = {p.text: p.kind for p in paras}
    assert kinds.get(" ".join(credit.split()), "byline") == "byline"  # no entity mentions there


def test_a_site_and_section_line_over_the_headline_is_not_the_title() -> None:
    meta = meta_of(f"Port Authority press release — Gdynia\n{HEADLINE}\n14 May\n\n" + BODY)
    assert meta.title == HEADLINE


def test_a_headline_shaped_like_a_section_line_stays_the_title() -> None:
    meta = meta_of("Baltic Ferries — Live Updates\nBy Tom Reyes\n14 May 2025\n\n" + BODY)
    assert meta.title == "Baltic Ferries — Live Updates"


def test_a_headline_in_sentences_over_a_section_line() -> None:
    meta = meta_of(
        "Ferries Are Stuck Again. Nobody Seems to Mind.\nThe Harbour Bell — Opinion\n"
        "By Tom Reyes\n\n" + BODY
    )
    assert meta.title == "Ferries Are Stuck Again. Nobody Seems to Mind."


def test_a_translation_note_is_not_joined_to_a_headline_ending_in_says() -> None:
    meta = meta_of(
        "Port expansion will go ahead next year, minister says\n\n"
        "Kurier Morski (English edition), 12.05.2025. Translated from Polish.\n\n" + BODY
    )
    assert meta.title == "Port expansion will go ahead next year, minister says"


def test_a_live_page_keeps_its_headline_over_timed_entries() -> None:
    entry = (
        "Crews reopened the coastal road after clearing fallen trees, the county said in a "
        "statement on Tuesday evening, while thousands of homes remained without power.\n\n"
    )
    meta = meta_of(
        "LIVE: Storm batters the coast as ferries are cancelled\n"
        "June 3, 2025 · Last updated 18:20\n\n"
        "18:20 — Power returns to some homes\n\n"
        + entry
        + "17:05 — Coastal road closed\n\n"
        + entry
    )
    assert meta.title == "LIVE: Storm batters the coast as ferries are cancelled"


@pytest.mark.parametrize(
    "headline",
    [
        "Dana Ortiz Gets Probation, Community Service for Dock Fire",  # read as names
        "Wildfire grows to 18,400 acres, crews gain ground",  # a number's comma
    ],
)
def test_a_headline_over_an_explicit_byline(headline: str) -> None:
    meta = meta_of(f"{headline}\nBy Dana Whitfield\n\n" + BODY)
    assert meta.title == headline


def test_a_numbered_section_of_a_newsletter_is_not_its_title() -> None:
    item = (
        "Dockers at three Baltic ports walked out on Monday over pay, and the operators say the "
        "backlog of ships waiting to unload could take a week to clear once work resumes.\n\n"
    )
    meta = meta_of(
        "THE HARBOUR BRIEF: FERRIES STALL, PORTS WAIT\n\n"
        "Your 5-minute briefing before the bell. Tuesday, May 14.\n\n"
        "1. THE STRIKE EVERYONE IS WATCHING\n\n"
        + item
        + "2. FOLLOW THE CARGO\n\n"
        + item
        + "3. THE ANALYST VIEW\n\n"
        + item
    )
    assert meta.title == "THE HARBOUR BRIEF: FERRIES STALL, PORTS WAIT"


def test_of_two_headline_like_lines_the_one_the_lede_echoes_is_the_title() -> None:
    headline = "Firefighters battle coastal blaze as winds push flames towards villages"
    meta = meta_of(
        f"{headline}\nWeekend Reads For Curious Minds\nBy Tom Reyes\n14 May 2025\n\n" + BODY
    )
    assert meta.title == headline


def test_the_sites_name_under_the_headline_is_not_the_title() -> None:
    headline = "Storm closes harbour road as ferries wait"
    meta = meta_of(
        f"{headline}\nKTVQ 2 Coast News\nhttps://www.ktvq.example/news/storm-harbour-road/\n"
        "Posted: Jun 3, 2025 / 12:15 AM\n\n" + BODY
    )
    assert meta.title == headline


def test_a_headline_opening_with_a_number_over_the_url_line() -> None:
    headline = "2 dead, 5 hurt in ferry fire off Gdynia, Poland, officials say"
    meta = meta_of(
        f"{headline}\nhttps://www.harbourbell.example/news/ferry-fire-gdynia-rcna1234\n"
        "Harbour Bell · June 3, 2025, 3:31 PM / Source: Reuters\n\n" + BODY
    )
    assert meta.title == headline


def test_a_headline_read_as_names_over_a_site_line() -> None:
    meta = meta_of(
        "Dana Ortiz Joins Harbour United\n\nharbourunited.example — Club News — 03/06\n\n" + BODY
    )
    assert meta.title == "Dana Ortiz Joins Harbour United"


def test_a_letterhead_address_over_a_web_address_is_no_title() -> None:
    meta = meta_of("Unit 4, Riverside Park, Leeds LS1 4AB\nwww.dockline.example\n\n" + BODY)
    assert meta.title != "Unit 4, Riverside Park, Leeds LS1 4AB"


def test_a_place_and_a_day_without_year_is_a_dateline_not_the_headline() -> None:
    meta = meta_of(
        "FOR IMMEDIATE RELEASE\n\nSTATEMENT ON BEHALF OF THE HARBOUR BOARD\n\n"
        "Gdynia, Poland — May 14\n\n"
        "The Harbour Board thanks the crews for their work through the night as strong winds "
        "pushed the flames towards several coastal villages, officials said on Tuesday.\n\n"
        "The fire service said more than 300 firefighters and 12 aircraft were deployed.\n"
    )
    assert meta.title == "STATEMENT ON BEHALF OF THE HARBOUR BOARD"

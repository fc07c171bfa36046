"""Figures and dates: the examples of issue 5 and the seeds, one small case each."""

from __future__ import annotations

import datetime as dt

import pytest

from sourcebook.core.dates import find_dates, header_date
from sourcebook.extract.figures import find_figures, pluralise

ANCHOR = dt.date(2024, 7, 9)  # a Tuesday


def only(text: str, anchor: dt.date | None = ANCHOR, kind: str | None = None):
    figs = [f for f in find_figures(text, anchor) if kind is None or f.kind == kind]
    assert len(figs) == 1, figs
    return figs[0]


def what(f) -> str:
    """What a figure is of: a count's counted noun, else its unit (issue 18: counts have unit
    "count" and the noun in ``counted``; measures have pint's unit name)."""
    return f.counted if f.unit == "count" else f.unit


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("we have 500,000 troops on high readiness", 500_000, "troops", "count"),
        ("will invest over $500 billion in defense", 500e9, "USD", "currency"),
        ("will invest over \\$325 billion", 325e9, "USD", "currency"),
        ("a pledge of €40bn for Ukraine", 40e9, "EUR", "currency"),
        ("at least 40 billion euros worth of security assistance", 40e9, "EUR", "currency"),
        ("£2.5 million was paid", 2.5e6, "GBP", "currency"),
        ("USD 300 was paid", 300, "USD", "currency"),
        ("spending is up 18% this year", 18, "percent", "percent"),
        ("spending 2 percent of their GDP", 2, "percent", "percent"),
        ("a rise of 30 per cent", 30, "percent", "percent"),
        ("only nine NATO allies were spending", 9, "allies", "count"),
        ("half a million troops at high readiness", 500_000, "troops", "count"),
        ("twenty-three drones were shot down", 23, "drones", "count"),
        ("a dozen jets", 12, "jets", "count"),
        ("the past three and a half years", 3.5, "year", "count"),
        ("a 700-person headquarters in Germany", 700, "people", "count"),
        ("along the 600-mile frontlines", 600, "mile", "count"),
        ("led by a three-star general", 3, "stars", "count"),
        ("the three-day summit", 3, "day", "count"),
        ("around 700 personnel working at a NATO headquarters", 700, "personnel", "count"),
        ("an informal group of 50 countries led by the US", 50, "countries", "count"),
        ("2.5 million refugees", 2.5e6, "refugees", "count"),
    ],
)
def test_value_and_unit(text: str, value: float, unit: str, kind: str) -> None:
    f = only(text, kind=kind)
    assert f.value == pytest.approx(value)
    assert what(f) == unit


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("around 700 personnel", "approximate"),
        ("some 90,000 troops", "approximate"),
        ("approximately 20 member countries", "approximate"),
        ("nearly 300 tanks", "approximate"),
        ("over 90% of total security assistance", "lower_bound"),
        ("more than 200 drones", "lower_bound"),
        ("at least 40,000 people", "lower_bound"),
        ("just over $325 billion", "lower_bound"),
        ("the estimated deaths of 200,000 or more people", "lower_bound"),
        ("up to 1,500 soldiers", "upper_bound"),
        ("fewer than 10 ships", "upper_bound"),
        ("500,000 troops", "exact"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    assert only(text).qualifier == qualifier


def test_qualifier_is_part_of_the_surface_text() -> None:
    assert only("will invest over $500 billion in defense").text == "over $500 billion"


def test_subject_is_kept_for_clustering() -> None:
    assert only("at least 40 billion euros worth of security assistance").subject == (
        "security assistance"
    )
    assert only("spending 2 percent of their GDP on defense").subject == "gdp"
    assert only("a 700-person headquarters in Germany").subject == "headquarters"
    assert only("approximately 20 member countries will sign").subject == "member countries"


def test_numeric_ranges() -> None:
    f = only("10–20 troops were sent")
    assert (f.value, f.value_max, what(f), f.kind) == (10, 20, "troops", "range")
    f = only("between 3 and 5 tanks")
    assert (f.value, f.value_max, what(f)) == (3, 5, "tanks")


def test_bare_number_takes_the_unit_of_the_count_before_it() -> None:
    text = "within 10 days, allies could have 100,000 forces. In weeks it would grow to 500,000."
    counts = [f for f in find_figures(text, ANCHOR) if f.kind == "count"]
    assert [(f.value, what(f)) for f in counts] == [
        (10, "day"),
        (100_000, "forces"),
        (500_000, "forces"),
    ]


def test_ordinal_is_marked_ordinal() -> None:
    f = only("its upcoming 75th anniversary summit")
    assert (f.kind, f.value, f.unit) == ("ordinal", 75, "")
    assert f.subject.startswith("anniversary")


@pytest.mark.parametrize(
    "text",
    [
        "the provision of F-16s",
        "get F-16 fighter jets into the air",
        "the meaning of the Article 5 guarantee",
        "a G7 statement",
        "the COVID-19 pandemic",
        "with one arm tied behind their back",
        "under one umbrella",
    ],
)
def test_numbers_inside_names_and_pronoun_one_are_not_figures(text: str) -> None:
    assert [f for f in find_figures(text, ANCHOR) if f.kind != "date"] == []


def test_years_are_dates_not_counts() -> None:
    figs = find_figures("In 2022 and 2023, as the war went on; in the 2024 election", ANCHOR)
    assert [(f.kind, f.date_iso) for f in figs] == [
        ("date", "2022"),
        ("date", "2023"),
        ("date", "2024"),
    ]


def test_a_four_digit_count_is_not_a_year() -> None:
    f = only("2000 soldiers arrived")
    assert (f.kind, f.value, f.unit, f.counted) == ("count", 2000, "count", "soldiers")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Andre Damon 5 July 2024", "2024-07-05"),
        ("date 2024-06-26 NATO will offer", "2024-06-26"),
        ("said on Sunday (July 7th) that", "2024-07-07"),
        ("which will be held from July 9 to 11.", "2024-07-09/2024-07-11"),
        ("during the July 9–11 meeting", "2024-07-09/2024-07-11"),
        ("the 9-11 July meeting", "2024-07-09/2024-07-11"),
        ("July 5, 2024", "2024-07-05"),
        ("on June 14. he told", "2024-06-14"),
        ("in January 2023.", "2023-01"),
        ("In April, the administration", "2024-04"),
        ("wins the presidency in November", "2024-11"),
        ("Jake Sullivan said Tuesday", "2024-07-09"),
        ("NATO said Friday", "2024-07-05"),
        ("Last month, CNN reported", "2024-06"),
        ("this year alone", "2024"),
        ("At last year’s summit", "2023"),
        ("next week’s summit", "2024-W29"),
        ("This week, US bases", "2024-W28"),
        ("a year ago in Vilnius", "2023"),
        ("support Ukraine today", "2024-07-09"),
    ],
)
def test_dates_are_normalised_against_the_anchor(text: str, iso: str) -> None:
    assert only(text, kind="date").date_iso == iso


def test_without_anchor_relative_dates_stay_unresolved() -> None:
    assert only("Last month, CNN reported", anchor=None).date_iso == ""
    assert only("on Sunday (July 7th) that", anchor=None).date_iso == "--07-07"
    assert only("in November", anchor=None).date_iso == "--11"


def test_bare_month_needs_a_preposition() -> None:
    assert [d for d in find_dates("They may go. The May Day parade") if d.iso] == []


def test_month_day_picks_the_year_closest_to_the_anchor() -> None:
    assert only("on December 30", anchor=dt.date(2025, 1, 3)).date_iso == "2024-12-30"


def test_header_date() -> None:
    assert header_date("Andre Damon 9 July 2024") == dt.date(2024, 7, 9)
    assert header_date("Andre Damon") is None


def test_offsets_point_at_the_surface_text() -> None:
    text = "NATO allies have provided over 90% of total security assistance."
    for f in find_figures(text, ANCHOR):
        assert text[f.start : f.end] == f.text


def test_pluralise() -> None:
    assert [pluralise(w) for w in ("mile", "person", "country", "day")] == [
        "miles",
        "people",
        "countries",
        "days",
    ]


def test_subject_of_a_percentage_before_a_change_verb() -> None:
    text = "“defense spending across European allies and Canada is up 18% this year alone."
    assert only(text, kind="percent").subject == "defense spending"
    assert only("Inflation was 3% in May.", kind="percent").subject == "inflation"
    assert only("It was a quiet day for 3 reporters.").subject == "reporters"


@pytest.mark.parametrize("text", ["the vote at 10:30 on", "by 9 a.m. local", "at 6pm the talks"])
def test_times_of_day_are_not_figures(text: str) -> None:
    assert find_figures(text, ANCHOR) == []


def test_decades_are_dates() -> None:
    f = only("In the 1990s, Russia was weak.")
    assert (f.kind, f.date_iso) == ("date", "1990/1999")


@pytest.mark.parametrize("text", ["date 2024-6-26 NATO", "on 2024/06/26 NATO"])
def test_unpadded_and_slashed_iso_dates(text: str) -> None:
    assert only(text, kind="date").date_iso == "2024-06-26"
    assert [f for f in find_figures(text, ANCHOR) if f.kind != "date"] == []


@pytest.mark.parametrize(
    ("text", "surface", "value", "counted"),
    [
        ("Afghan shelling kills six in Pakistan border district", "six", 6, "killed"),
        ("Earthquake in western Iran kills 2, rattles region", "2", 2, "killed"),
        ("The death toll rose to three on Wednesday after rescuers found a body", "three", 3,
         "killed"),
        ("bringing the number of people in custody to four, prosecutors said", "four", 4,
         "arrested"),
        ("Police arrest suspects in Lyon heist, bringing total to four", "four", 4, ""),
        ("The body of a woman has been found. The victims are now two.", "two", 2, ""),
        ("The storm injured 7, officials said", "7", 7, "injured"),
    ],
)  # fmt: skip
def test_a_bare_number_a_tally_reaches_is_a_count(
    text: str, surface: str, value: int, counted: str
) -> None:
    """What happened to them is the counted noun (``data/news_synonyms.tsv``'s sets)."""
    f = only(text, kind="count")
    assert (f.text, f.value, f.counted) == (surface, value, counted)


def test_numbers_no_tally_counts_stay_out() -> None:
    assert find_figures("Police arrest two more suspects in the heist", ANCHOR) == []
    assert find_figures("He was one of the first to arrive", ANCHOR) == []
    assert find_figures("The line to platform nine was closed", ANCHOR) == []


def test_a_further_death_states_the_toll() -> None:
    f = only("A fourth person has died after the shooting, police said.")
    assert (f.text, f.value, f.counted) == ("fourth person", 4, "people")
    assert find_figures("the fourth person in line was served", ANCHOR) == []


def test_gapped_counts_and_name_lists() -> None:
    figs = find_figures("Reform won 23 seats, and the far-right EKRE 19 seats.", ANCHOR)
    assert [(f.text, f.counted) for f in figs] == [("23 seats", "seats"), ("19 seats", "seats")]
    figs = find_figures("Social Democrats won 13 mandates and the Center Party 11.", ANCHOR)
    assert [(f.text, f.counted) for f in figs] == [("13 mandates", "mandates"), ("11", "mandates")]
    figs = find_figures("Seat distribution: Isamaa 27, Reform 23, EKRE 19, SDE 13.", ANCHOR)
    assert [(f.value, f.counted) for f in figs] == [(27, "seats"), (23, "seats"), (19, "seats"),
                                                    (13, "seats")]  # fmt: skip
    assert find_figures("He flew a Boeing 737 to Lyon, then an Airbus 320.", ANCHOR) == []


def test_a_sentence_end_is_no_label_and_a_bracket_keeps_a_measure() -> None:
    figs = find_figures("Crews came from Cal Fire. Two firefighters have been injured.", ANCHOR)
    assert [(f.text, f.counted) for f in figs] == [("Two firefighters", "firefighters")]
    f = only("The Kestrel Bay (82,000 dwt, built in 2014) was boarded", kind="count")
    assert (f.value, f.unit) == (82_000, "metric_ton")
    assert find_figures("See Bay (3) of the port plan", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Both agencies put the magnitude at 5.4.", 5.4),
        ("The US Geological Survey measured it at 5.9 after the quake.", 5.9),
        ("An aftershock of 4.1 followed about an hour later.", 4.1),
    ],
)
def test_magnitudes_stated_after_the_word(text: str, value: float) -> None:
    f = [f for f in find_figures(text, ANCHOR) if f.unit == "magnitude"]
    assert [x.value for x in f] == [value]


def test_hurt_is_counted() -> None:
    f = [f for f in find_figures("3 dead, 9 hurt in shooting", ANCHOR) if f.value == 9]
    assert f[0].counted == "hurt"

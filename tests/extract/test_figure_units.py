"""Figures with real units (issue 18): one small case for each miss and false reading the issue
lists, plus the unit registry, the number grammar and the spans that hold no figure."""

from __future__ import annotations

import datetime as dt

import pytest

from sourcebook.extract import units
from sourcebook.extract.figures import FigureSpan, find_figures, lend_currency
from sourcebook.extract.notfigures import blocked_spans, label_before
from sourcebook.extract.numbers import NUMBER, digits_value, parse, words_value

ANCHOR = dt.date(2025, 3, 4)


def figures(text: str) -> list[FigureSpan]:
    return [f for f in find_figures(text, ANCHOR) if f.kind not in ("date", "ordinal")]


def read(text: str) -> list[tuple[float | None, float | None, str]]:
    return [(f.value, f.value_max, f.unit) for f in figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # glued units and scales
        ("a warhead of 10kg (25lbs)", [(10, None, "kilogram"), (25, None, "pound")]),
        ("the crater lies 4km from the town", [(4, None, "kilometer")]),
        ("lows of -10C overnight", [(-10, None, "degree_Celsius")]),
        ("a patch of only 1500b was pushed", [(1500, None, "byte")]),
        ("they had walked 0.5k miles by June", [(500, None, "mile")]),
        ("the bank set aside €10B", [(10e9, None, "EUR")]),
        ("a valuation above $2.174T", [(2.174e12, None, "USD")]),
        ("it paid $2.5bn, then €40bn", [(2.5e9, None, "USD"), (40e9, None, "EUR")]),
        # hyphenated wire-copy forms
        ("a magnitude-5.9 quake hit the coast", [(5.9, None, "magnitude")]),
        ("the $137-million robbery", [(137e6, None, "USD")]),
        ("a 6,900-tonne frigate", [(6900, None, "metric_ton")]),
        ("the quake was 10km deep", [(10, None, "kilometer")]),
        # space thousands, negatives, accounting
        ("a payout of 10 000 dollars each", [(10000, None, "USD")]),
        ("a credit note of -15€", [(-15, None, "EUR")]),
        ("the refund line showed ($99.99) on Monday", [(-99.99, None, "USD")]),
        # ranges with the unit on both ends or once
        ("doses of 44 mg to 50 mg ethanol", [(44, 50, "milligram")]),
        ("between 45 and 50 mg of it", [(45, 50, "milligram")]),
        (
            "8- to 16-meter (320- to 640-inch) shafts",
            [(8, 16, "meter"), (320, 640, "inch")],
        ),
        ("a sentence of from 7 to 10 years", [(7, 10, "year")]),
        ("$5-6 billion, analysts said", [(5e9, 6e9, "USD")]),
        # compound number words and fractions
        ("a hundred and two tents", [(102, None, "count")]),
        ("three million, two hundred & forty pounds was lost", [(3_000_240, None, "GBP")]),
        ("stir in ⅓ cup of milk", [(1 / 3, None, "cup")]),
        ("a board 1/4 inch thick", [(0.25, None, "inch")]),
        ("a tin 2 1/2 in deep", [(2.5, None, "inch")]),
        ("two thirds of the votes", [(200 / 3, None, "percent")]),
        # area, volume, rates
        (
            "it covered 301,338 km2 (116,347 sq mi)",
            [(301338, None, "kilometer ** 2"), (116347, None, "square_mile")],
        ),
        ("some 4 km squared of forest", [(4, None, "kilometer ** 2")]),
        ("40 million cubic metres of water", [(40e6, None, "meter ** 3")]),
        ("winds of 200 kilometres per hour", [(200, None, "kilometer / hour")]),
        ("staff earn $15.4/hour now", [(15.4, None, "USD / hour")]),
        ("farmers got $350 per kg", [(350, None, "USD / kilogram")]),
        ("output of 411,000 bpd", [(411000, None, "oil_barrel / day")]),
        # temperatures, and the pound that is a weight
        (
            "up to 300 °C (572 °F)",
            [(300, None, "degree_Celsius"), (572, None, "degree_Fahrenheit")],
        ),
        ("it was 30 C outside", [(30, None, "degree_Celsius")]),
        ("a twenty pound bag of rice", [(20, None, "pound")]),
        ("seized 200 pounds of heroin", [(200, None, "pound")]),
        ("fined 4,000 pounds", [(4000, None, "GBP")]),
        ("a 5 metre shark", [(5, None, "meter")]),
    ],
)
def test_figures_with_units(text: str, expected: list[tuple]) -> None:
    got = read(text)
    assert len(got) == len(expected), got
    for (v, vm, u), (ev, evm, eu) in zip(got, expected, strict=True):
        assert v == pytest.approx(ev)
        assert (vm is None) == (evm is None) and (vm is None or vm == pytest.approx(evm))
        assert u == eu


@pytest.mark.parametrize(
    "text",
    [
        "the cluster MACS J1149.5+6663 was imaged",
        "a Core i5 and an LGA1156 socket",
        "17.  The witness saw nothing further.",
        "Press Release No. 101 — all clear",
        "the 18.00 BST train was cancelled",
        "in the 2013-14 season",
        "the G7 and COP29 talks",
        "City won 3-1 and the Senate voted 52 to 48",
        "a Category 4 storm near Route 66",
        "call 0800 555 111 now",
        "under one umbrella",
        "it happened three times",
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == []


def test_a_model_name_is_counted_not_a_unit() -> None:
    (f,) = figures("Norway pledged 19 F-16s on Friday")
    assert (f.value, f.unit, f.dimension, f.counted) == (19, "count", "count", "F-16")
    assert [(f.value, f.unit) for f in figures("a 8 MB LGA1156 cache")] == [(8, "megabyte")]


def test_fields_of_a_measure_a_count_and_a_rate() -> None:
    km, troops = figures("about 12 km away, 300 troops waited")
    assert (km.dimension, km.value_base, km.qualifier, km.counted) == (
        "length",
        12000,
        "approximate",
        "",
    )
    assert (troops.unit, troops.dimension, troops.counted, troops.value_base) == (
        "count",
        "count",
        "troops",
        None,
    )
    (wage,) = figures("the living wage rises to £12.21 an hour")
    assert (wage.unit, wage.dimension, wage.per, wage.kind) == (
        "GBP / hour",
        "currency/duration",
        "hour",
        "currency",
    )
    (temp,) = figures("it reached 572 °F")
    assert temp.value_base == pytest.approx(573.15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a change is two figures, a span of values one range
        ("the population fell by 837,000 to 122.4 million", [(837e3, None), (122.4e6, None)]),
        ("inflation rose from 3.2% to 4.5%", [(3.2, None), (4.5, None)]),
        ("estimates ranged from $3bn to $5bn", [(3e9, 5e9)]),
        # names in a counted noun phrase
        (
            "it received 40 Abrams tanks and 120 Bradley fighting vehicles",
            [(40, None), (120, None)],
        ),
        ("Berlin sent 30 Leopard 1 tanks", [(30, None)]),
        # labels, indices and headlines
        ("the S&P 500 rose 1.2% while the FTSE 250 slipped", [(1.2, None)]),
        ("the M6 was shut between junctions 10 and 11", []),
        ("Russia Launches 700 Drones At Kyiv", [(700, None)]),
        # weight or money, by the verb of the clause
        ("each box weighs 20 pounds and costs 15 pounds to ship", [(20, None), (15, None)]),
        # currency prefixes and rates written with symbols
        ("revenue of NT$759.7 billion", [(759.7e9, None)]),
        ("a flow of 3,500 m3/s", [(3500, None)]),
    ],
)
def test_more_news_forms(text: str, expected: list[tuple]) -> None:
    got = [(f.value, f.value_max) for f in figures(text)]
    assert got == [
        (pytest.approx(v), vm if vm is None else pytest.approx(vm)) for v, vm in expected
    ]


def test_units_of_the_more_news_forms() -> None:
    box, fee = figures("each box weighs 20 pounds and costs 15 pounds to ship")
    assert (box.unit, fee.unit) == ("pound", "GBP")
    assert figures("revenue of NT$759.7 billion")[0].unit == "TWD"
    assert figures("a flow of 3,500 m3/s")[0].unit == "meter ** 3 / second"


def test_one_is_a_figure_only_beside_another_count() -> None:
    one, six = figures("One driver was killed and six were hurt on the A3.")
    assert (one.value, one.counted, six.value, six.counted) == (1, "driver", 6, "driver")
    assert figures("They fought with one hand tied behind their back.") == []


def test_the_noun_before_of() -> None:
    (crew,) = figures("its crew of 23 was rescued")
    assert crew.counted == "crew"
    text = "killing at least 900 people and the estimated deaths of 3,000 or more"
    assert [(f.value, f.counted, f.qualifier) for f in figures(text)] == [
        (900, "people", "lower_bound"),
        (3000, "people", "lower_bound"),
    ]


def test_neighbours_lend_nouns_rates_and_qualifiers() -> None:
    text = "Only 46 of the 52 drones were downed; power cost €95.40 per MWh, down from €120."
    drones, all_drones, price, before = figures(text)
    assert drones.counted == all_drones.counted == "drones"
    assert before.unit == price.unit == "EUR / megawatt_hour"
    acres, hectares = figures("more than 17,000 acres (6,880 hectares) burned")
    assert acres.qualifier == hectares.qualifier == "lower_bound"


# --- the unit registry, numbers, spans -----------------------------------------------------


def test_unit_registry_reads_names_symbols_plurals_and_abbreviations() -> None:
    for surface, name in [
        ("kilometres", "kilometer"),
        ("km", "kilometer"),
        ("tonnes", "metric_ton"),
        ("lbs", "pound"),
        ("sq mi", "square_mile"),
        ("mph", "mile / hour"),
        ("kWh", "kilowatt_hour"),
        ("GB", "gigabyte"),
        ("°C", "degree_Celsius"),
        ("hrs", "hour"),
    ]:
        found = units.lookup(surface)
        assert found is not None and found[0].name == name, surface
    assert units.lookup("decade") == (units.unit("year"), 10.0)
    assert units.lookup("s") is None  # "the 1990s", not seconds


def test_unit_conversions_and_compounds() -> None:
    assert units.unit("mile").to_base(1) == pytest.approx(1609.344)
    assert units.unit("gigabyte").to_base(2) == pytest.approx(2e9)  # data in bytes
    assert units.unit("degree_Fahrenheit").to_base(212) == pytest.approx(373.15)
    assert units.power(units.unit("kilometer"), 2).name == "kilometer ** 2"
    assert units.power(units.unit("foot"), 2).name == "square_foot"
    speed = units.rate(units.unit("kilometer"), units.unit("hour"))
    assert (speed.name, speed.dimension) == ("kilometer / hour", "speed")
    assert speed.to_base(36) == pytest.approx(10)
    pay = units.rate(units.currency("USD"), units.unit("hour"))
    assert (pay.dimension, pay.to_base(15)) == ("currency/duration", None)
    assert units.registry() is units.registry()  # loaded once per process


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234.5", 1234.5), ("10 000", 10000), ("1 ,340", 1340), ("38 ,2", 38.2), ("2·4", 2.4)],
)
def test_digits(text: str, value: float) -> None:
    assert digits_value(text) == value


def test_number_words() -> None:
    assert words_value("a hundred and two")[:2] == (102, 17)  # type: ignore[index]
    assert words_value("five and six")[:2] == (5, 4)  # type: ignore[index]
    m = NUMBER.search("one and a half billion rupees")
    num = parse(m)  # type: ignore[arg-type]
    assert num is not None and num.value == 1.5e9 and num.raw == 1.5


def test_spans_that_hold_no_figure() -> None:
    text = "16.  At 02.30 hours, call 020 7947 6000; the 2025-26 budget; 87' goal"
    got = [text[s:e] for s, e in blocked_spans(text)]
    assert {"16.", "02.30 hours", "020 7947 6000", "2025-26", "87'"} <= set(got)
    assert label_before("see page 3", 9, lambda: False) == "word"
    assert label_before("a Boeing 737 jet", 9, lambda: False) == "name"
    assert label_before("Russia Launches 700 Drones", 16, lambda: True) == ""


def _measures(text: str) -> list[tuple[str, str, float | None, str]]:
    """(text, unit, value, counted) of each non-date figure of ``text``."""
    return [(f.text, f.unit, f.value, f.counted) for f in find_figures(text) if f.kind != "date"]


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("A 42-year-old woman was taken to hospital.", ["42-year-old"]),
        ("The driver was 67 years old, officials said.", ["67 years old"]),
        ("The brothers, aged 15 and 18, were questioned.", ["15", "18"]),
        ("Officers said Marta Kowalski, 36, of Leeds, was arrested.", ["36"]),
        ("Police named the victim as Henrik Lund (52) from Aarhus.", ["52"]),
        ("Relatives gave her age as 88, but a passport lists her as 91.", ["88", "91"]),
        ("Prosecutors described Okafor as 23, though friends say he is older.", ["23"]),
    ],
)
def test_ages_are_years_however_written(text: str, ages: list[str]) -> None:
    got = [(t, u, c) for t, u, _, c in _measures(text)]
    assert got == [(a, "year", "age") for a in ages]


@pytest.mark.parametrize(
    "text",
    [
        "Comments (27)",
        "The Greens (12), the Liberals (9) and others lost seats.",
        "Ferris, 31, Anders, 22: the final tally of the count.",
        "He served 12 years in prison.",
    ],
)
def test_numbers_beside_names_are_no_ages(text: str) -> None:
    assert all(c != "age" for *_, c in _measures(text))


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("The heat index hit 112 degrees in Tucson on Friday.", "112 degrees", "degree_Fahrenheit"),
        (
            "Highs near 95 degrees Fahrenheit, lows of 58 degrees.",
            "58 degrees",
            "degree_Fahrenheit",
        ),
        (
            "Madrid saw 39 degrees Celsius; Toledo reached 41 degrees.",
            "41 degrees",
            "degree_Celsius",
        ),
        ("Temperatures stayed around 34 degrees all week.", "around 34 degrees", "degree_Celsius"),
        ("Roast the lamb at 200 degrees for an hour.", "200 degrees", "degree_Celsius"),
    ],
)
def test_bare_degrees_take_the_scale_the_evidence_gives(text: str, figure: str, unit: str) -> None:
    assert [u for t, u, *_ in _measures(text) if t == figure] == [unit]


def test_litres_per_square_metre_are_a_depth_of_rain() -> None:
    got = find_figures("Some valleys got 95 litres per square metre overnight.")[0]
    assert (got.unit, got.value, got.dimension, got.value_base) == (
        "millimeter",
        95,
        "length",
        0.095,
    )
    ranged = find_figures("Forecasters expect 40 to 60 l/m² by Sunday.")[0]
    assert (ranged.unit, ranged.value, ranged.value_max) == ("millimeter", 40, 60)
    assert find_figures("It costs 30 euros per square metre.")[0].unit == "EUR"


def test_a_bare_amount_takes_the_currency_the_document_states_it_in() -> None:
    doc = ["Bridge repairs to cost 2.4 billion", "The ministry put repairs at 2.4 billion kronor."]
    doc.append("Some 2.4 billion people use such bridges; 2.4 million were spent on studies.")
    figs = lend_currency([f for text in doc for f in find_figures(text)])
    got = [(f.text, f.unit, f.kind) for f in figs]
    assert got[0] == ("2.4 billion", "SEK", "currency")
    assert ("Some 2.4 billion people", "count", "count") in got
    assert got[-1][1] == "count"  # another value: no currency lent
    twice = ["A bill of 5 million", "It is 5 million euros, or 5 million dollars."]
    assert lend_currency([f for t in twice for f in find_figures(t)])[0].unit == "count"


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Officials said 40 people were hurt; the Red Cross gave a total of 52.", "people"),
        ("The squad of 26 includes three goalkeepers.", "squad"),
        ("The blast killed five people, among them two guards, and wounded 31.", "injured"),
        ("A landslide buried 12 homes, killing two residents and injuring 14.", "injured"),
        ("Police arrested three men and detained 2 more.", "men"),
    ],
)
def test_what_a_bare_number_counts(text: str, counted: str) -> None:
    bare = [f for f in find_figures(text) if f.text.isdigit()]
    assert [f.counted for f in bare] == [counted]


def test_extract_lends_a_headlines_bare_amount_the_bodys_currency() -> None:
    """Wired into extract: the dossier's figure of the headline is money, not a count."""
    from sourcebook.core.schema import Paragraph
    from sourcebook.extract.entities import extract_figures

    texts = ["Flood damage put at 1.2 billion", "The region estimates damage at 1.2 billion euros."]
    paras = [Paragraph("d", i, 1, 0, len(t), t) for i, t in enumerate(texts)]
    figs = extract_figures(paras, None)
    assert [(f.paragraph, f.unit) for f in figs if f.value == 1.2e9] == [(0, "EUR"), (1, "EUR")]


def test_weather_words_are_whole_words_and_a_later_count_lends_no_noun() -> None:
    """ "allowing" holds no "low": an angle is not read as a Fahrenheit temperature; a count found
    later in the text ("A third person has died") gives no noun to a bare number before it."""
    (turn,) = find_figures("The crane turned 90 degrees, allowing the ship to pass.")
    assert turn.unit != "degree_Fahrenheit"
    figs = find_figures("About 300 were evacuated on Monday. A third person has died, police said.")
    bare = next(f for f in figs if f.value == 300)
    assert bare.counted != "people", bare


@pytest.mark.parametrize(
    "text",
    [
        "The car turned 90 degrees and stopped.",
        "The ship swung 180 degrees as temperatures hit 35 °C.",
        "The town lies at 42 degrees north.",
        "The tower tilts about 4 degrees to the south.",
    ],
)
def test_bare_degrees_after_a_turn_or_before_a_direction_are_an_angle(text: str) -> None:
    """A turning verb before the number or a direction after "degrees" makes an angle, even
    where the paragraph writes a temperature scale."""
    angle = next(f for f in find_figures(text) if "degree" in f.text)
    assert angle.unit == "degree", angle


def test_a_sentences_opening_word_before_a_number_in_commas_is_no_name_with_an_age() -> None:
    """ "Overall, 45, were arrested": the opening word is no name, 45 no age; a name inside the
    sentence still gives one."""
    (count,) = find_figures("Overall, 45, were arrested, police said.")
    assert count.counted != "age", count
    (age,) = find_figures("Police said Tillman, 19, of Greenville was held.")
    assert (age.unit, age.counted) == ("year", "age")


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Die Kosten liegen bei 1,2 Milliarden Euro.", "1,2 Milliarden Euro", 1.2e9),
        ("Il costo è di 1,2 miliardi di euro.", "1,2 miliardi di euro", 1.2e9),
        ("El robo asciende a 3,5 millones de euros.", "3,5 millones de euros", 3.5e6),
        ("Virelli vaut 9 milliards d'euros.", "9 milliards d'euros", 9e9),
    ],
)
def test_a_quoted_pages_scale_word_and_currency_after_its_of(
    text: str, surface: str, value: float
) -> None:
    """Pages in German, Italian, Spanish or French give their amounts with their own scale words
    and "de"/"di"/"d'" before the currency: the same euros as the English pages."""
    (money,) = [f for f in find_figures(text) if f.unit == "EUR"]
    assert (money.text, money.value) == (surface, value)

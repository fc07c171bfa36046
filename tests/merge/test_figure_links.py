"""Figure clusters (issue 17) once extract fills units and metadata finds dates: a value
converted into another unit, a measure one source frames and another does not, a document
repeating a figure, and contradicting values ordered by their dated sources only."""

from __future__ import annotations

from dataclasses import replace

from sourcebook.merge.corroborate import FigureItem, cluster_figures
from sourcebook.merge.figcluster import rival_statements
from sourcebook.merge.figstatus import Member, decide
from sourcebook.merge.quantity import bound, reach


def level(fid: str, doc: str, value: float, unit: str, factor: float, sentence: str) -> FigureItem:
    """A river level ``value`` ``unit`` (``factor`` metres each) stated in ``sentence``."""
    text = f"{value:g} {unit}"
    assert text in sentence
    return FigureItem(fid, doc, value, None, unit, "count", "exact", "", text, sentence,
                      dimension="length", value_base=value * factor)  # fmt: skip


def test_a_converted_value_joins_without_words_in_common() -> None:
    clusters, assignment = cluster_figures(
        [
            level("a", "a", 8.9, "meter", 1.0, "The Lamone reached 8.9 meter at the bridge."),
            level("b", "b", 29.2, "foot", 0.3048, "Crest of 29.2 foot overtopped Tuesday."),
        ]
    )
    assert assignment["a"] == assignment["b"] and clusters[0].status == "agree"


def test_a_measure_framed_on_one_side_only_still_joins() -> None:
    _, assignment = cluster_figures(
        [
            level("a", "a", 8.9, "meter", 1.0, "The river hit 8.9 meter, beyond the 2023 mark."),
            level("b", "b", 8.9, "meter", 1.0, "Water reached 8.9 meter in the afternoon."),
        ]
    )
    assert assignment["a"] == assignment["b"]


def test_a_document_repeating_a_telling_value_is_one_figure() -> None:
    _, assignment = cluster_figures(
        [
            level("a1", "a", 229.0, "meter", 1.0, "The 229 meter carrier was boarded."),
            level("a2", "a", 229.0, "meter", 1.0, "Pirates held the 229 meter vessel overnight."),
        ]
    )
    assert assignment["a1"] == assignment["a2"]


def member(doc: str, date: str, value: float) -> Member:
    return Member(doc, date, "", reach(value, None, "exact"), bound(value, None, "exact"))


def test_an_undated_source_does_not_turn_an_update_into_a_conflict() -> None:
    verdict = decide(
        [
            member("a", "2026-01-18", 0),
            member("b", "2026-01-19", 8),
            member("c", "", 8),
            member("d", "2026-01-20", 21),
        ]
    )
    assert verdict.status == "update"


def test_values_no_dated_source_can_order_are_a_conflict() -> None:
    assert decide([member("a", "", 86), member("b", "", 112)]).status == "conflict"


def test_one_small_count_of_one_named_thing_joins_across_sources() -> None:
    def pieces(fid: str, sentence: str) -> FigureItem:
        return FigureItem(fid, fid, 9.0, None, "count", "count", "exact", "pieces",
                          "nine pieces", sentence, dimension="count", counted="pieces")  # fmt: skip

    _, assignment = cluster_figures(
        [
            pieces("a", "The thieves grabbed nine pieces from the display."),
            pieces("b", "Police said nine pieces vanished overnight."),
        ]
    )
    assert assignment["a"] == assignment["b"]


def count(fid: str, value: float, text: str, sentence: str, noun: str = "") -> FigureItem:
    """A count ``text`` of ``sentence`` in its own document ``fid``."""
    assert text in sentence
    return FigureItem(fid, fid, value, None, "count", "count", "exact", noun, text, sentence,
                      dimension="count", counted=noun)  # fmt: skip


def test_killed_and_injured_are_two_quantities() -> None:
    _, assignment = cluster_figures(
        [
            count("a", 9, "nine people", "Shelling in Bajaur killed nine people, police said.",
                  "people"),
            count("b", 11, "11 people", "Shelling in Bajaur injured 11 people, police said.",
                  "people"),
        ]
    )  # fmt: skip
    assert assignment["a"] != assignment["b"]


def test_persons_and_one_kind_of_persons_are_two_counts() -> None:
    _, assignment = cluster_figures(
        [
            count("a", 9, "nine people", "Shelling killed nine people near the border.", "people"),
            count("b", 4, "four civilians", "Shelling killed four civilians near the border.",
                  "civilians"),
        ]
    )  # fmt: skip
    assert assignment["a"] != assignment["b"]


def test_a_contrast_without_a_source_sets_two_quantities_side_by_side() -> None:
    s = "Lumio's shares closed up 26% on Monday, while Corvane's shares fell 3%."
    pct = [
        FigureItem(f"a{v}", "a", v, None, "percent", "percent", "exact", "", f"{v:g}%", s)
        for v in (26.0, 3.0)
    ]
    clusters, assignment = cluster_figures(pct)
    assert assignment["a26.0"] != assignment["a3.0"]
    assert all(c.status == "single" for c in clusters)


def test_owners_of_different_values_keep_them_apart() -> None:
    a = "Poland has sent 25 officers to the NSATU command in Wiesbaden."
    b = "Germany has sent about 40 officers to the NSATU command in Wiesbaden."
    figures = [
        count("a", 25, "25 officers", a, "officers"),
        replace(count("b", 40, "about 40 officers", b, "officers"), qualifier="approximate"),
    ]
    _, apart = cluster_figures(
        figures, entities={("a", a): [("Poland", "gpe:poland")], ("b", b): [("Germany", "gpe:de")]}
    )
    assert apart["a"] != apart["b"]


def test_a_document_repeating_a_small_count_of_one_outcome_is_one_figure() -> None:
    head, body = "Three dead in park shooting", "A gunman killed three people at the show."
    _, assignment = cluster_figures(
        [
            FigureItem("h", "a", 3, None, "count", "count", "exact", "dead", "Three dead", head,
                       dimension="count", counted="dead"),
            FigureItem("b", "a", 3, None, "count", "count", "exact", "people", "three people",
                       body, dimension="count", counted="people"),
        ]
    )  # fmt: skip
    assert assignment["h"] == assignment["b"]


def test_rival_statements_in_one_document() -> None:
    usgs = count("a", 5.9, "5.9", "The U.S. Geological Survey said the magnitude was 5.9.")
    iran = count("a", 6.1, "6.1", "Iran's seismological centre put the magnitude at 6.1.")
    plan = count("a", 1200, "1,200", "The command is to grow to 1,200 by 2027.")
    assert rival_statements(usgs, iran) and not rival_statements(usgs, plan)


def test_a_count_of_a_named_dimension_meets_that_dimension() -> None:
    s1, s2 = "The quake had a magnitude of 5.9.", "The magnitude 5.9 quake struck at dawn."
    counted = count("a", 5.9, "5.9", s1, "magnitude")
    measured = FigureItem("b", "b", 5.9, None, "magnitude", "count", "exact", "",
                          "magnitude 5.9", s2, dimension="magnitude")  # fmt: skip
    _, assignment = cluster_figures([counted, measured])
    assert assignment["a"] == assignment["b"]

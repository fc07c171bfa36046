"""Figure clusters (issue 17) once extract fills units and metadata finds dates: a value
converted into another unit, a measure one source frames and another does not, a document
repeating a figure, and contradicting values ordered by their dated sources only."""

from __future__ import annotations

from sourcebook.merge.corroborate import FigureItem, cluster_figures
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

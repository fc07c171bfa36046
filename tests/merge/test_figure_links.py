"""Figure clusters (issue 17) once extract fills units and metadata finds dates: a value
converted into another unit, a measure one source frames and another does not, a document
repeating a figure, and contradicting values ordered by their dated sources only."""

from __future__ import annotations

from dataclasses import replace

from sourcebook.merge.corroborate import FigureItem, cluster_figures
from sourcebook.merge.figcluster import rival_statements
from sourcebook.merge.figcontext import read_figures
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


def dated(
    fid: str, date: str, value: float, text: str, sentence: str, noun: str, **kw
) -> FigureItem:
    """A count of ``noun`` in its own document ``fid`` published on ``date``."""
    return replace(count(fid, value, text, sentence, noun), date=date, **kw)


def test_rival_values_of_one_kind_each_source_counts_once_conflict() -> None:
    # no word beside the figures in common but the noun; each document counts its staff once
    clusters, assignment = cluster_figures(
        [
            dated("a", "2026-02-12", 700, "about 700 personnel",
                  "The Wiesbaden command has about 700 personnel from 31 nations.", "personnel",
                  qualifier="approximate"),
            dated("b", "2026-02-12", 800, "some 800 personnel",
                  "The Wiesbaden headquarters currently employs some 800 personnel.",
                  "personnel", qualifier="approximate"),
        ]
    )  # fmt: skip
    assert assignment["a"] == assignment["b"] and clusters[0].status == "conflict"


def test_a_document_counting_one_noun_twice_needs_more_than_the_noun() -> None:
    a = "Isamaa won 27 seats and Reform 23 seats, the count showed."
    _, assignment = cluster_figures(
        [
            count("a1", 27, "27 seats", a, "seats"),
            replace(count("a2", 23, "23 seats", a, "seats"), doc_id="a1"),
            count("b", 19, "19 seats", "EKRE took 19 seats in the vote.", "seats"),
        ]
    )
    assert len({assignment["a1"], assignment["a2"], assignment["b"]}) == 3


def test_values_an_order_of_magnitude_apart_never_join() -> None:
    s = "Two people have died and more than 1,000 have been forced from their homes."
    _, assignment = cluster_figures(
        [
            dated("a", "2026-10-20", 1000, "more than 1,000", s, "", qualifier="lower_bound"),
            dated("b", "2026-10-21", 3, "three people",
                  "Flooding has been forced on the region, killing three people.", "people"),
        ]
    )  # fmt: skip
    assert assignment["a"] != assignment["b"]


def test_a_live_blog_tally_is_one_quantity_updated() -> None:
    first = "At least three people were killed when shells struck houses, police said."
    later = "The district emergency officer confirms six people have now died."
    clusters, assignment = cluster_figures(
        [
            replace(dated("a1", "2026-05-19", 3, "three people", first, "people"),
                    entry="09:10", qualifier="lower_bound"),
            replace(dated("a2", "2026-05-19", 6, "six people", later, "people"), doc_id="a1",
                    entry="16:45"),
        ]
    )  # fmt: skip
    assert assignment["a1"] == assignment["a2"] and clusters[0].status == "update"


def test_one_story_counted_in_another_place_is_another_quantity() -> None:
    _, assignment = cluster_figures(
        [
            dated("a", "2026-07-05", 3, "three people",
                  "A gunman opened fire in Greenville, killing three people.", "people"),
            dated("b", "2026-07-06", 11, "At least 11 people",
                  "At least 11 people were killed in shootings in Chicago.", "people",
                  qualifier="lower_bound"),
        ],
        entities={
            ("a", "A gunman opened fire in Greenville, killing three people."):
                [("Greenville", "gpe:greenville")],
            ("b", "At least 11 people were killed in shootings in Chicago."):
                [("Chicago", "city:chicago")],
        },
    )  # fmt: skip
    assert assignment["a"] != assignment["b"]


def test_two_sentences_of_one_source_are_not_rivals() -> None:
    a = count("a", 4, "fourth person", "A fourth person has died, police said on Monday.")
    b = count("a", 11, "11 people", "At least 11 people were killed in Chicago, police said.")
    assert not rival_statements(a, b)


def tally(doc: str, date: str, value: float, entry: str = "") -> Member:
    return Member(doc, date, entry, reach(value, None, "exact"), bound(value, None, "exact"),
                  tally=True)  # fmt: skip


def test_status_of_values_stated_on_one_day_and_after() -> None:
    # a lower value given again after a higher one: rival values, not a revision
    stale = [member("a", "2026-08-12", 15000), member("b", "2026-08-12", 12000),
             member("c", "2026-08-13", 12000)]  # fmt: skip
    assert decide(stale).status == "conflict"
    # a running count that grows: "11 injured" at 09:10, "23" that day and the next
    grows = [tally("a", "2026-05-19", 11, "09:10"), tally("b", "2026-05-19", 23),
             tally("c", "2026-05-20", 23)]  # fmt: skip
    assert decide(grows).status == "update"
    # the same values of something that does not run (staff, employees): a conflict
    static = [member("a", "2026-06-08", 1200), member("b", "2026-06-08", 1500),
              member("c", "2026-06-09", 1500)]  # fmt: skip
    assert decide(static).status == "conflict"


def test_a_people_and_its_adjective_count_one_crew() -> None:
    # "17 Filipinos" and "18 Filipino seafarers": one people counted, rival values
    s1 = "The ship's manager said the crew included 17 Filipinos."
    s2 = "The 18 Filipino seafarers aboard the hijacked ship are unharmed, the ministry said."
    entities = {
        ("a", s1): [("Filipinos", "norp:filipino")],
        ("b", s2): [("Filipino", "norp:filipino")],
    }
    clusters, assignment = cluster_figures(
        [
            dated("a", "2026-04-08", 17, "17 Filipinos", s1, "Filipinos"),
            dated("b", "2026-04-08", 18, "18 Filipino seafarers", s2, "seafarers"),
        ],
        entities=entities,
    )
    assert assignment["a"] == assignment["b"] and clusters[0].status == "conflict"


def test_persons_named_by_their_deed_are_of_its_kind() -> None:
    # "Four men … robbed" are thieves; men arrested "in connection with the robbery" are not
    sentences = [
        "Four men on scooters robbed a private museum on Sunday morning.",
        "French police have arrested two men in connection with Sunday's robbery.",
        "The gang consisted of three thieves on two scooters.",
    ]
    readings = read_figures(
        [(str(k), s) for k, s in enumerate(sentences)],
        [("Four men", "men", "4"), ("two men", "men", "2"), ("three thieves", "thieves", "3")],
        {},
    )
    assert [r.noun for r in readings] == ["attacker", "person", "attacker"]


def test_what_befell_persons_said_by_their_lives_homes_or_own_words() -> None:
    sentences = [
        "At least 19 people lost their lives when the earthquake struck at dawn.",
        "More than 1,000 have been forced from their homes, officials said.",
        "There are about 3,500 displaced persons across the province.",
    ]
    readings = read_figures(
        [(str(k), s) for k, s in enumerate(sentences)],
        [("19 people", "people", "19"), ("1,000", "", "1000"),
         ("about 3,500 displaced persons", "persons", "3500")],
        {},
    )  # fmt: skip
    assert [set(r.outcome) for r in readings] == [{"kill"}, {"displac"}, {"displac"}]
    assert "down" not in readings[0].frame  # "lost their lives" is no fall


def share(fid: str, value: float, sentence: str, entry: str) -> FigureItem:
    """A share of ``value`` percent in live blog "lb", entry ``entry``."""
    text = f"{value:g} percent"
    assert text in sentence
    return FigureItem(fid, "lb", value, None, "percent", "percent", "exact", "", text, sentence,
                      dimension="percent", date="2031-04-02", entry=entry)  # fmt: skip


def test_a_live_blog_revising_one_owners_share_is_an_update() -> None:
    early = "With postal ballots counted, the Greens lead on 31.5 percent, ahead of Labour."
    late = (
        "According to the final tally of the Electoral Office (EO), the Greens took "
        "28.7 percent of the vote and Labour 22.4 percent."
    )
    ents = [("Greens", "org:greens"), ("Labour", "org:labour")]
    clusters, assignment = cluster_figures(
        [
            share("g1", 31.5, early, "21:10"),
            share("g2", 28.7, late, "23:40"),
            share("l2", 22.4, late, "23:40"),
        ],
        entities={
            ("lb", early): ents,
            ("lb", late): [("Electoral Office", "org:electoral-office"), ("EO", "org:eo"), *ents],
        },
    )
    # the Greens' early share is revised by the later entry; Labour's share is another quantity
    assert assignment["g1"] == assignment["g2"] != assignment["l2"]
    status = {c.cluster_id: c.status for c in clusters}
    assert status[assignment["g1"]] == "update"

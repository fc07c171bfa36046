"""Figure cross-checking (issue 17): the writers' rounding, the same quantity, agree / conflict /
update / single with the rule behind each, no chaining, and claims that count independent
sources and name the sources that contradict them."""

from __future__ import annotations

from sourcebook.merge.corroborate import (
    FigureItem,
    cluster_figures,
    cluster_figures_grouped,
    group_claims,
    independent_count,
)
from sourcebook.merge.docsim import SentenceSpace, sentences_of
from sourcebook.merge.figcontext import frames_meet, noun_class, nouns_meet, read_sentence
from sourcebook.merge.figstatus import Member, decide, entry_times
from sourcebook.merge.quantity import Relation, bound, reach, readable, relation, rounding_unit

QUALIFIER = {"about": "approximate", "around": "approximate", "some": "approximate",
             "more": "lower_bound", "at": "lower_bound", "nearly": "upper_bound"}  # fmt: skip


def item(fid: str, doc: str, value: float, text: str, sentence: str, **kw) -> FigureItem:
    """A count figure ``text`` of ``sentence`` (its qualifier read from its first word)."""
    assert text in sentence
    noun = kw.pop("noun", text.split()[-1] if not text.split()[-1][0].isdigit() else "")
    qualifier = QUALIFIER.get(text.split()[0].lower(), "exact")
    return FigureItem(fid, doc, value, None, "count", "count", qualifier, noun, text, sentence,
                      dimension="count", counted=noun, **kw)  # fmt: skip


def rel(a: tuple, b: tuple) -> Relation:
    return relation(reach(*a), bound(*a), reach(*b), bound(*b))


# --- the writers' rounding ----------------------------------------------------------------------


def test_rounding_reaches() -> None:
    assert rounding_unit(700) == 100 and rounding_unit(24.8) == 0.1 and rounding_unit(1000) == 100
    assert reach(700, None, "approximate") == (650, 750)  # "about 700": 650–749
    assert reach(800, None, "approximate") == (750, 850)  # "some 800": 750–849
    assert reach(1000, None, "upper_bound") == (900, 1000)  # "nearly 1,000": 900–999
    assert bound(500, None, "lower_bound") == (500, float("inf"))  # "more than 500"
    assert rel((700, None, "approximate"), (800, None, "approximate")) is Relation.CONTRADICT
    assert rel((700, None, "approximate"), (680, None, "exact")) is Relation.AGREE
    assert rel((51.4, None, "exact"), (51, None, "exact")) is Relation.AGREE  # "51%"
    assert rel((1200, None, "lower_bound"), (1240, None, "exact")) is Relation.AGREE
    assert rel((6, None, "lower_bound"), (9, None, "exact")) is Relation.COMPATIBLE
    assert rel((60, None, "lower_bound"), (140, None, "lower_bound")) is Relation.COMPATIBLE
    assert rel((1200, None, "approximate"), (1500, None, "lower_bound")) is Relation.CONTRADICT
    assert rel((8, 10, "exact"), (9, None, "exact")) is Relation.AGREE  # a range


def test_units_compared_after_conversion() -> None:
    def metres(fid: str, value: float, unit: str, factor: float) -> FigureItem:
        s = f"The tower is {value:g} {unit} tall."
        return FigureItem(fid, fid, value, None, unit, "count", "exact", "", f"{value:g} {unit}",
                          s, dimension="length", value_base=value * factor)  # fmt: skip

    ft = 0.3048
    assert (
        cluster_figures([metres("a", 948, "ft", ft), metres("b", 289, "m", 1)])[0][0].status
        == "agree"
    )
    clusters, _ = cluster_figures([metres("a", 948, "ft", ft), metres("b", 984, "ft", ft)])
    assert [c.status for c in clusters] == ["conflict"]


def test_readable_amounts() -> None:
    assert readable(4e10, None, "EUR", "currency") == "€40bn"
    assert readable(9e8, None, "USD", "currency") == "$900m"
    assert readable(41.5, None, "USD", "currency") == "$41.50"
    assert readable(1_180_000, None, "count", "count") == "1.18 million"


# --- what a figure is about --------------------------------------------------------------------


def test_words_go_to_the_nearest_figure() -> None:
    s = "Gunfire killed two people and wounded at least six, police said."
    (two, _, _, two_happened), (six, _, _, six_happened) = read_sentence(
        s, [("two people", "people", "2"), ("at least six", "", "6")], "2026"
    )
    assert "kill" in two and "kill" not in six and "injur" in six  # wounded → injur
    assert two_happened == {"kill"} and six_happened == {"injur"}
    # what happened, said by the noun or by the closest words, even nearer another figure
    s = "09:10 — Three killed, 11 injured in Bajaur"
    (_, _, _, three), (_, _, _, eleven) = read_sentence(
        s, [("Three", "", "3"), ("11 injured", "injured", "11")], "2026"
    )
    assert three == {"kill"} and eleven == {"injur"}
    assert noun_class("personnel")[0] == noun_class("staff")[0] == "staff"
    assert nouns_meet("person", "troops") and not nouns_meet("ship", "person")
    assert noun_class("figure") == ("", False)  # "a higher figure of 112" counts what 86 does


def test_other_time_frames() -> None:
    s = "Last year's quake in the province killed 31 people."
    ((_, frame, _, _),) = read_sentence(s, [("31 people", "people", "31")], "2026")
    assert frame == {"past"}
    s = "The command is expected to grow to some 1,200 personnel by 2027."
    ((_, frame, _, _),) = read_sentence(s, [("some 1,200 personnel", "personnel", "1200")], "2026")
    assert frame == {"future", "y2027"}
    # a part of another quantity, and a change with its direction, are other quantities
    s = "More than 560 people were injured, and about 80 of them remain in hospital."
    (_, (_, part, _, _)) = read_sentence(
        s, [("More than 560 people", "people", "560"), ("about 80", "", "80")], "2026"
    )
    assert part == {"part"}
    s = "Lumio's shares closed up 26%, while Corvane's fell 3% and Vantor's rose to 12%."
    figures = [("26%", "", "26"), ("3%", "", "3"), ("12%", "", "12")]
    frames = [frame for _, frame, _, _ in read_sentence(s, figures, "2026")]
    assert frames == [{"up"}, {"down"}, set()]  # "rose to 12%" is a level
    # a year opening the sentence dates it; a founding year or a compared year does not
    s = "In 2017, a 7.3-magnitude quake in Kermanshah province, also in the west, killed 600."
    ((_, frame, _, _),) = read_sentence(s, [("600", "", "600")], "2026")
    assert frame == {"y2017", "past"}
    # a past year meets the past ("the previous record", "the record of May 2023"), not a
    # future or another year; anything meets an unframed value that agrees
    assert frames_meet(frozenset({"past"}), frame) and frames_meet(frozenset(), frame)
    assert not frames_meet(frozenset({"past", "y2024"}), frame)
    assert not frames_meet(frozenset({"future"}), frozenset({"past"}))
    assert frames_meet(frozenset({"y2017"}), frame)  # a source whose date is unknown
    s = "Lumio, which was set up in Amsterdam in 2015, has more than 1,500 staff."
    ((_, frame, _, _),) = read_sentence(s, [("more than 1,500 staff", "staff", "1500")], "2026")
    s2 = "Turnout of about 61% was lower than in 2023."
    ((_, frame2, _, _),) = read_sentence(s2, [("about 61%", "", "61")], "2026")
    assert frame == frame2 == set()


# --- clusters ----------------------------------------------------------------------------------


def test_agree_conflict_and_no_chaining() -> None:
    figures = [
        item("a1", "a", 700, "about 700 personnel",
             "The Wiesbaden command currently employs about 700 personnel, Reuters reported."),
        item("b1", "b", 700, "around 700 staff",
             "The Wiesbaden command currently employs around 700 staff."),
        item("c1", "c", 800, "some 800 personnel",
             "The Wiesbaden command currently employs some 800 personnel, officials said."),
    ]  # fmt: skip
    clusters, assignment = cluster_figures(figures)
    assert len({assignment[f] for f in ("a1", "b1", "c1")}) == 1
    (c,) = clusters
    assert c.status == "conflict" and c.summary == "about 700 ×2 · about 800 ×1"
    assert c.value_sources == ["about 700: a, b", "about 800: c"]
    # 50, 51 … 199 in similar sentences: neighbours agree, the ends do not; no cluster spans
    # values that contradict each other while agreeing only through a chain
    chain = [
        item(f"f{v}", f"d{v}", v, f"{v} boats", f"Officials counted {v} boats in the harbour.")
        for v in range(50, 200)
    ]
    clusters, _ = cluster_figures(chain)
    assert all(c.status != "agree" or len(c.doc_ids) < 20 for c in clusters)


def test_one_document_states_one_quantity_once() -> None:
    s = "The command has about 700 personnel and is expected to grow to 1,200 personnel."
    figures = [
        item("a1", "a", 700, "about 700 personnel", s),
        item("a2", "a", 1200, "1,200 personnel", s),
        item("b1", "b", 1200, "1,200 personnel", "It is expected to grow to 1,200 personnel."),
    ]
    _, assignment = cluster_figures(figures)
    assert assignment["a1"] != assignment["a2"] == assignment["b1"]


def test_rivals_side_by_side_are_one_quantity() -> None:
    s = "Police estimated the crowd at about 2,000, while the city put it at some 5,000."
    figures = [item("a1", "a", 2000, "about 2,000", s), item("a2", "a", 5000, "some 5,000", s)]
    (c,), _ = cluster_figures(figures)
    assert c.status == "conflict" and c.reason == "one document gives contradicting values"


def test_status_rules() -> None:
    def m(doc: str, value: float, date: str, entry: str = "", q: str = "exact") -> Member:
        return Member(doc, date, entry, reach(value, None, q), bound(value, None, q))

    day1, day2 = "2026-03-03", "2026-03-04"
    assert decide([m("a", 19, day1), m("b", 19, day2)]).status == "agree"
    assert decide([m("a", 19, day1)]).status == "single"
    v = decide([m("a", 19, day1), m("b", 34, day2)])
    assert (v.status, v.reason) == ("update", "a later source revises the value")
    v = decide([m("a", 6, day1, q="lower_bound"), m("b", 9, day1)])
    assert v.status == "update"  # "at least six", then "nine"
    v = decide([m("a", 4, day1), m("b", 3, day2), m("c", 4, "2026-03-05")])
    assert (v.status, v.reason) == ("conflict", "an older value is restated after a newer one")
    assert decide([m("a", 700, day1), m("b", 800, day1)]).status == "conflict"
    live = [m("a", 26.1, day1, "20:05"), m("a", 24.8, day1, "23:50"), m("b", 24.8, day2)]
    assert decide(live).status == "update"  # a live blog's later entry
    assert decide([m("a", 19, ""), m("b", 34, day2)]).status == "conflict"


def test_live_blog_entry_times() -> None:
    paragraphs = [
        {"doc_id": "a", "index": i, "text": t}
        for i, t in enumerate(
            ["Live", "2:10 p.m. — A third victim died", "Police said", "12:15 a.m. — Two dead"]
        )
    ]
    assert entry_times(paragraphs) == {("a", 1): "14:10", ("a", 2): "14:10", ("a", 3): "00:15"}


# --- claims ------------------------------------------------------------------------------------


def test_claims_count_independent_sources_and_name_contradictions() -> None:
    rows = [
        ("a", 0, "The Wiesbaden command has about 700 personnel drawn from allied nations."),
        ("b", 0, "The Wiesbaden command has about 700 personnel drawn from allied nations."),
        ("c", 0, "The Wiesbaden command has some 800 personnel drawn from allied nations."),
        ("d", 0, "The Wiesbaden command has around 700 personnel drawn from allied countries."),
    ]
    space = SentenceSpace(sentences_of(rows, 4))
    texts = ("about 700 personnel", "about 700 personnel", "some 800 personnel",
             "around 700 personnel")  # fmt: skip
    figures = [
        item(f"{d}1", d, v, text, t)
        for (d, _, t), v, text in zip(rows, (700, 700, 800, 700), texts, strict=True)
    ]
    got = cluster_figures_grouped(figures)
    assert [c.status for c in got.clusters] == ["conflict"]
    claims = group_claims(
        space.sentences, space.similar_pairs(0.3), {d: d for d in "abcd"}, **got.claim_keys()
    )
    by_docs = {tuple(c.doc_ids): c for c in claims}
    seven = by_docs[("a", "b", "d")]
    assert seven.independent_sources == 2  # a and b carry the very same sentence
    assert seven.status == "contested" and seven.contested_by == [
        "c: some 800 personnel"
    ]  # the other side makes no claim of its own (one document)
    assert ("c",) not in by_docs  # one document is no claim
    assert independent_count(["a", "b", "c"], {"b": "a"}, {"c": "Reuters", "a": "reuters"}) == 1


def test_what_sets_a_figure_in_another_time() -> None:
    def frame(s: str, figures: list[tuple[str, str, str]], at: int = 0) -> frozenset[str]:
        return read_sentence(s, figures, "2026")[at][1]

    # a past marker trailing another figure, past a clause break, is that figure's
    s = "It had revenue of $310 million last year and employs about 1,200 people."
    figs = [("$310 million", "", "310000000"), ("about 1,200 people", "people", "1200")]
    assert frame(s, figs, 1) == set()
    # … and the clause it leads to: "a magnitude 5.6 earthquake last year that killed 31"
    s = "The region was struck by a magnitude 5.6 earthquake last year that killed 31 people."
    assert frame(s, [("5.6", "", "5.6"), ("31 people", "people", "31")], 1) == {"past"}
    # "last night" is the news itself; "since" a year runs until now; a contrast's year is
    # the other clause's
    s = "The toll is three victims, with the discovery last night of a body."
    assert frame(s, [("three victims", "victims", "3")]) == set()
    s = "Allies have trained more than 150,000 troops since the invasion in February 2022."
    assert frame(s, [("more than 150,000 troops", "troops", "150000")]) == set()
    s = "Police described him as 19, but court records from a 2024 case make him 21."
    assert frame(s, [("19", "", "19"), ("21", "", "21")]) == set()
    # a part of another count: "of whom roughly 400", "including two children"
    s = "It has more than 1,500 employees, of whom roughly 400 in Amsterdam."
    figs = [("more than 1,500 employees", "employees", "1500"), ("roughly 400", "", "400")]
    assert frame(s, figs, 1) == {"part"}
    assert noun_class("thieves")[0] == noun_class("thief")[0] == "attacker"
    # a step of a level reached is no earlier value of it; it never meets an unframed value
    s = "The toll rose to five on Wednesday after two people died of their injuries."
    figs = [("five", "", "5"), ("two people", "people", "2")]
    assert [f[1] for f in read_sentence(s, figs, "2026")] == [set(), {"more"}]
    assert not frames_meet(frozenset(), frozenset({"more"}))
    assert frames_meet(frozenset(), frozenset({"part"}))  # "including 180 mm in a single day"
    # a schedule is a target, deal terms are not
    s = "It now employs around 1,000 personnel and is due to reach 1,200 staff within two years."
    figs = [("around 1,000 personnel", "personnel", "1000"), ("1,200 staff", "staff", "1200")]
    assert [f[1] for f in read_sentence(s, figs, "2026")] == [set(), {"future"}]
    s = "It has about 700 personnel from 31 nations and is expected to grow to some 1,200 staff."
    figs = [("about 700 personnel", "personnel", "700"), ("31 nations", "nations", "31"),
            ("some 1,200 staff", "staff", "1200")]  # fmt: skip
    assert [f[1] for f in read_sentence(s, figs, "2026")] == [set(), set(), {"future"}]
    s = "Corvane will pay $1.6 billion in cash, funded by new debt."
    assert frame(s, [("$1.6 billion", "", "1600000000")]) == set()

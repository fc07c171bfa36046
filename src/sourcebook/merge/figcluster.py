"""Which figures state one quantity: candidate pairs, then clusters joined cluster to cluster.

A figure (:class:`FigureItem`) is compared only within its dimension (:func:`dimension_key`).
Candidate pairs share one of their most telling context words or a telling value (also
within one document: a headline and its body), agree after conversion between units
(:func:`conversions`: "8.9 metres", "29.2 feet") (:func:`candidate_pairs`), count one kind of
thing or one thing that happened, next to each other in value order (:func:`noun_pairs`), or
are rival values set side by side in one sentence (:func:`rival_pairs`). A measure ("$1.6bn",
"8.9 metres") may be framed in time on one side only; one small count of one named thing
("nine pieces") counts its noun as one more word in common. :func:`join_figures` offers the
pairs strongest first — agreeing values first, then rivals, then the other contradicting
values — and joins two *clusters* only when the clusters as wholes admit each other
(:class:`Clusterer`): nouns that may name one thing, one time frame, values within an order
of magnitude (``MAX_SPREAD``), nothing else happened to them, no two owners or places of one
kind, one quantity per document, and similar enough words (each cluster's summed bag of
words, its norm kept up to date, against the other's). Contradicting values of one listed
kind of thing, or of one thing that happened, that each document counts once
(:func:`sole_values`: "about 700 personnel", "some 800 personnel"; "11 injured", "wounded
23"; one people counted, "17 Filipinos", "18 Filipino seafarers") need only that noun and the
story's words or entities in common. Generic persons named by their deed are of its kind ("four
men … robbed": thieves, :func:`sourcebook.merge.figcontext.doers`). Each cluster
keeps a summary of its values (:class:`Values`) so that comparing two clusters costs the same
whatever their size; the work grows with the number of candidate pairs, which the index's caps
keep linear in the corpus.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from heapq import merge
from itertools import combinations

from sourcebook.merge.figcontext import (
    Reading,
    attributed,
    contrast_between,
    frames_meet,
    noun_classes,
    nouns_meet,
    outcomes,
    sources,
    words_only,
)
from sourcebook.merge.quantity import Relation, bound, overlaps, reach, relation, to_base

Span = tuple[tuple[float, float], tuple[float, float]]
# rival or revised values of one quantity stay within an order of magnitude ("about 700", "around
# 1,000"; 8 killed, later 34): values further apart are different quantities
MAX_SPREAD = 10.0
# rival estimates of one thing at one time stay closer ("about 700", "around 1,000"; "some
# 800", "more than 1,200"): a document's values of one noun further apart ("about 700
# personnel" in the command, "about 100 personnel" at the hub) are not rivals of each other
RIVAL_SPREAD = 3.0


@dataclass(frozen=True)
class FigureItem:
    """What clustering needs of one figure (a row of the figures table, with its document's
    date and the time of the live-blog entry it sits in)."""

    figure_id: str
    doc_id: str
    value: float | None
    value_max: float | None
    unit: str
    kind: str
    qualifier: str
    subject: str
    text: str
    sentence: str
    date: str = ""
    entry: str = ""
    dimension: str = ""
    value_base: float | None = None
    value_max_base: float | None = None
    counted: str = ""
    per: str = ""


@dataclass(frozen=True)
class FigureOptions:
    """How similar the words around two figures must be to state one quantity, and how wide
    the candidate index looks."""

    agree_similarity: float = 0.12
    equal_similarity: float = 0.0
    compatible_similarity: float = 0.1
    conflict_similarity: float = 0.1
    top_words: int = 5
    max_posting: int = 32
    partners: int = 8
    telling_value: float = 20.0


def dimension_key(f: FigureItem) -> str:
    """The block a figure is compared in: its dimension (a currency with its code; a rate with
    what it is per)."""
    if f.kind == "ordinal":
        return "ordinal"  # "the 75th anniversary" counts nothing
    dim = f.dimension or {"currency": "currency", "percent": "percent"}.get(f.kind, "count")
    if dim == "currency":
        dim = f"currency:{f.unit.upper()}"
    return f"{dim}/{f.per}" if f.per else dim


def counted_noun(f: FigureItem) -> str:
    """What a figure counts: ``counted`` when extract gave it, else a count's unit word."""
    if f.counted:
        return f.counted
    if f.dimension in ("", "count") and f.kind not in ("currency", "percent"):
        return "" if f.unit == "count" else f.unit
    return ""


def value_span(f: FigureItem) -> Span:
    """The figure's reach and bound (:mod:`sourcebook.merge.quantity`) in its base unit."""
    assert f.value is not None
    return _span(f.value, f.value_max, f.qualifier, f.value_base if f.dimension else None, f.unit)


@cache
def _span(
    value: float, value_max: float | None, qualifier: str, base: float | None, unit: str
) -> Span:
    """:func:`value_span` of these fields (cached: a story's values recur across its sources)."""

    def conv(interval: tuple[float, float]) -> tuple[float, float]:
        """``interval`` in the base unit, low end first."""
        lo, hi = (to_base(x, value, base, unit) for x in interval)
        return (lo, hi) if lo <= hi else (hi, lo)

    return conv(reach(value, value_max, qualifier)), conv(bound(value, value_max, qualifier))


def telling(value: float, at_least: float) -> bool:
    """Whether a value is unlikely to recur by chance: not a small whole number ("two",
    "12"), which many quantities of one story share."""
    return value >= at_least or not float(value).is_integer()


# ---------------------------------------------------------------- a cluster's values


@dataclass
class Values:
    """What a cluster's values allow, whatever its size: their reaches merged into disjoint
    intervals, the lowest open lower bound and the highest open upper bound."""

    reaches: list[tuple[float, float]]
    lower: float = math.inf
    upper: float = -math.inf

    @classmethod
    def of(cls, span: Span) -> Values:
        """The values of one figure (its reach and bound)."""
        r, b = span
        lower = b[0] if math.isinf(b[1]) else math.inf  # "more than 500": open above
        upper = b[1] if math.isinf(b[0]) else -math.inf
        return cls([r], lower, upper)

    def merge(self, other: Values) -> None:
        """Take in ``other``'s values (reaches that overlap become one interval)."""
        merged: list[tuple[float, float]] = []
        for lo, hi in sorted(self.reaches + other.reaches):
            if merged and overlaps((lo, hi), merged[-1]):
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        self.reaches = merged
        self.lower, self.upper = min(self.lower, other.lower), max(self.upper, other.upper)

    def spread(self, other: Values) -> float:
        """How many times the highest value of both exceeds the lowest (1 when a value is not
        positive: "0% contained", later "21%")."""
        lo = min(self.reaches[0][0], other.reaches[0][0])
        hi = max(self.reaches[-1][1], other.reaches[-1][1])
        return hi / lo if lo > 0 else 1.0

    def relation(self, other: Values) -> Relation:
        """AGREE when some value of each agrees, COMPATIBLE when an open bound takes the other's
        values, else CONTRADICT (as :func:`sourcebook.merge.quantity.relation` member by
        member)."""
        i = j = 0
        a, b = self.reaches, other.reaches
        while i < len(a) and j < len(b):
            if overlaps(a[i], b[j]):
                return Relation.AGREE
            if a[i][1] <= b[j][1]:
                i += 1
            else:
                j += 1
        if (self.lower < b[-1][1] or other.lower < a[-1][1]) or (
            self.upper > b[0][0] or other.upper > a[0][0]
        ):
            return Relation.COMPATIBLE
        both_lower = self.lower < math.inf and other.lower < math.inf
        both_upper = self.upper > -math.inf and other.upper > -math.inf
        return Relation.COMPATIBLE if both_lower or both_upper else Relation.CONTRADICT


# ---------------------------------------------------------------- bags with their norms


@dataclass
class Bag:
    """A sum of normalised word bags and its norm, kept up to date as bags are added."""

    weights: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0

    @classmethod
    def of(cls, weights: dict[str, float]) -> Bag:
        """A bag of ``weights`` (copied) with its norm."""
        return cls(dict(weights), math.fsum(v * v for v in weights.values()))

    def dot(self, other: Bag) -> float:
        """The dot product with ``other``."""
        return dot(self.weights, other.weights)

    def cosine(self, other: Bag) -> float:
        """The cosine with ``other`` (0 for an empty bag)."""
        if not self.norm2 or not other.norm2:
            return 0.0
        return self.dot(other) / math.sqrt(self.norm2 * other.norm2)

    def add(self, other: Bag) -> None:
        """Add ``other``'s weights; the norm follows without a pass over the sum."""
        self.norm2 += other.norm2 + 2 * self.dot(other)
        for k, v in other.weights.items():
            self.weights[k] = self.weights.get(k, 0.0) + v


# ---------------------------------------------------------------- clusters


@dataclass
class Group:
    """A cluster being built: its members and what every merge must respect."""

    members: list[int]
    bag: Bag
    words: Bag
    near: Bag
    frames: Counter[frozenset[str]]
    nouns: Counter[str]
    by_doc: dict[str, list[int]]
    values: Values
    outcomes: Counter[str]
    owners: Counter[str]
    places: Counter[str]
    # members that are their document's only value of their noun, of what happened to them
    # (:func:`sole_values`)
    sole: int = 1
    sole_outcome: int = 1
    story: set[str] = field(default_factory=set)  # the named entities of its documents
    peoples: Counter[str] = field(default_factory=Counter)  # "18 Filipino seafarers"

    def plain(self) -> bool:
        """Whether every member is its document's only value of its noun: the noun tells which
        quantity the cluster is."""
        return self.sole == len(self.members)

    def plain_outcome(self) -> bool:
        """Whether every member is its document's only count of what happened to them."""
        return self.sole_outcome == len(self.members)

    def absorb(self, h: Group) -> None:
        """Take in the cluster ``h``: members, words, frames, nouns, documents and values."""
        self.members += h.members
        self.bag.add(h.bag)
        self.words.add(h.words)
        self.near.add(h.near)
        self.frames.update(h.frames)
        self.nouns.update(h.nouns)
        for d, ms in h.by_doc.items():
            self.by_doc.setdefault(d, []).extend(ms)
        self.values.merge(h.values)
        self.outcomes.update(h.outcomes)
        self.owners.update(h.owners)
        self.places.update(h.places)
        self.sole += h.sole
        self.sole_outcome += h.sole_outcome
        self.story |= h.story
        self.peoples.update(h.peoples)


class Clusterer:
    """Figures joined cluster to cluster (see the module docstring)."""

    def __init__(
        self,
        items: Sequence[FigureItem],
        readings: Sequence[Reading],
        opts: FigureOptions,
        stories: Mapping[str, frozenset[str]] = {},
    ) -> None:
        self.items, self.readings, self.opts, self.stories = items, readings, opts, stories
        self.spans = [value_span(f) for f in items]
        self.sole = sole_values(
            items,
            readings,
            [kind_key(f, r) for f, r in zip(items, readings, strict=True)],
            RIVAL_SPREAD,
        )
        self.sole_outcome = sole_values(
            items, readings, [outcome_key(r) for r in readings], MAX_SPREAD
        )
        self.parent = list(range(len(items)))
        self.groups: dict[int, Group] = {}  # made when a figure is first offered

    def group(self, root: int) -> Group:
        """The cluster whose root figure is ``root`` (a figure alone until it is offered)."""
        g = self.groups.get(root)
        if g is None:
            r = self.readings[root]
            g = self.groups[root] = Group(
                [root],
                Bag.of(r.bag),
                Bag.of(words_only(r.bag)),
                Bag.of(r.near),
                Counter([r.frame]),
                Counter([r.noun]),
                {self.items[root].doc_id: [root]},
                Values.of(self.spans[root]),
                Counter(r.outcome if len(r.outcome) == 1 else ()),
                Counter(r.owners),
                Counter(r.places),
                int(self.sole[root]),
                int(self.sole_outcome[root]),
                set(self.stories.get(self.items[root].doc_id, ())),
                Counter(r.groups),
            )
        return g

    def clusters(self) -> list[list[int]]:
        """Every cluster's members (figures never joined are clusters of one)."""
        return [
            sorted(self.groups[i].members) if i in self.groups else [i]
            for i in range(len(self.items))
            if self.parent[i] == i
        ]

    def find(self, i: int) -> int:
        """The cluster (its root figure) of figure ``i``."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def admits(self, a: Group, b: Group, rel: Relation, rival: bool = False) -> bool:
        """Whether clusters ``a`` and ``b`` may be one quantity (similarity aside)."""
        i = a.members[0]
        strict = rel is not Relation.AGREE
        # the nouns they mostly count must be one thing; any other may be a looser word for it
        # ("some 800 operators" beside "some 800 rescuers")
        if not nouns_meet(top(a.nouns), top(b.nouns), strict):
            return False
        if not all(nouns_meet(x, y) for x in a.nouns for y in b.nouns):
            return False
        if not same_story(a, b):
            return False  # "three killed" in a flood, "three killed" in a shooting
        if strict and a.values.spread(b.values) > MAX_SPREAD:
            return False  # "three people" killed, "more than 1,000" forced from their homes
        if strict and persons_and_kind(a.nouns, b.nouns) and not one_people(a, b):
            return False  # "at least nine people", "four civilians": two counts
        if a.outcomes and b.outcomes and not a.outcomes.keys() & b.outcomes.keys():
            return False  # "six killed", "11 injured"
        if strict and places_differ(a, b):
            return False  # "killed in Greenville", "killed in shootings in Chicago"
        # a cluster already holding several values agrees with any value in their range: one
        # that says nothing of what happened to it stays out ("at least three" … "nine"
        # killed, and "four in Afghanistan")
        unsaid = not strict and len(a.values.reaches) + len(b.values.reaches) > 2
        if (strict or unsaid) and (hinted_apart(a, b, unsaid) or hinted_apart(b, a, unsaid)):
            return False  # "11 injured", "the death toll … rose to nine"
        frame_a, frame_b = main(a.frames), main(b.frames)
        if rival:
            pass  # "19, but court records … list his date of birth as March 2005 … 21"
        elif strict and owners_differ(a.owners, b.owners):
            return False  # "Poland has sent 25 officers", "Germany supplies about 40"
        elif frame_a != frame_b and (
            rel is not Relation.AGREE
            or not frames_meet(frame_a, frame_b)
            or (
                "past" in frame_a | frame_b
                and not (frame_a and frame_b)
                and not measured(self.items[i])
            )
        ):
            # may agree: "€40bn", "€40bn pledged in 2024"; "record of May 2023"; a count of the
            # news is not one of a past event: "more than 1,000 … forced from their homes", "a
            # flood in September 2024 forced more than 1,000 people to evacuate"
            return False
        shared = a.by_doc.keys() & b.by_doc.keys()
        return all(self._one_document(a.by_doc[d], b.by_doc[d]) for d in shared)

    def _one_document(self, mine: Sequence[int], theirs: Sequence[int]) -> bool:
        """Figures of one document in both clusters. One document states a quantity once, or
        repeats it (headline and body), or converts it ("40 km (25 miles)"); two values of it
        only as rivals set side by side ("about 2,000, while the city put it at some 5,000")
        or in two sentences each naming its source ("The USGS said … 5.9." "Iran's centre put
        the magnitude at 6.1."), or as a live blog's successive entries
        (:func:`rival_statements`). Any other pair are two quantities: "about 700 personnel …
        to grow to some 1,200" are the staff now and the staff planned."""
        for i in mine:
            for j in theirs:
                fi, fj = self.items[i], self.items[j]
                one_sentence = fi.sentence == fj.sentence
                if relation(*self.spans[i], *self.spans[j]) is Relation.AGREE:
                    if one_sentence and fi.unit == fj.unit:
                        return False  # two figures of one sentence
                elif not rival_statements(fi, fj):
                    return False
        return True

    def _revised(self, a: Group, b: Group) -> bool:
        """Whether a live blog gives both clusters' values in different entries, each in the
        same unit and belonging to the same one owner ("20:05 … Isamaa is in first place with
        26.1 percent", "23:50 … Isamaa won 24.8 percent"): one quantity, its earlier value
        revised (:func:`revision_pairs`)."""
        shared = a.by_doc.keys() & b.by_doc.keys()
        return any(
            revision(self.items[i], self.items[j], self.readings[i], self.readings[j])
            for d in shared
            for i in a.by_doc[d]
            for j in b.by_doc[d]
        )

    def _need(self, rel: Relation, equal: bool) -> float:
        """The similarity two clusters need to join, by how their values relate."""
        if rel is Relation.CONTRADICT:
            return self.opts.conflict_similarity
        if rel is Relation.COMPATIBLE:
            return self.opts.compatible_similarity
        return self.opts.equal_similarity if equal else self.opts.agree_similarity

    def _alike(self, a: Group, b: Group, rel: Relation, equal: bool, named: bool = False) -> bool:
        """Whether the words around two clusters' figures are alike enough. Their counted noun
        counts only for a telling value stated twice, or for rival values of one listed kind
        of thing ("800 personnel", "1,000 staff"); "three troops" and "3 forces" need more in
        common, and values that differ also need words right beside them in common."""
        # one thing happened to both ("19 dead", "killing at least 19 people"): as telling as
        # an equal large value
        happened = rel is Relation.AGREE and same_outcome(a.outcomes, b.outcomes)
        need = self._need(rel, equal or happened)
        if need <= 0:
            return True
        kind = (
            rel is Relation.CONTRADICT
            and a.plain()
            and b.plain()
            and (
                (
                    (same_kind(a.nouns, b.nouns) or one_people(a, b))
                    and a.values.spread(b.values) <= RIVAL_SPREAD
                )
                or self._unit_only(a, b)
            )
        ) or (
            rel is not Relation.AGREE
            and dimension_key(self.items[a.members[0]]) == "count"
            and a.plain_outcome()
            and b.plain_outcome()
            and same_outcome(a.outcomes, b.outcomes)
        )
        noun_counts = (rel is Relation.AGREE and (equal or named)) or kind
        alike = a.bag.cosine(b.bag) if noun_counts else a.words.cosine(b.words)
        if kind:
            # one listed kind of thing, or one thing that happened, counted with rival or revised
            # values ("about 700 personnel", "some 800 personnel"; "11 injured", "wounded 23"),
            # each its document's only such count: that is the word in common, with the named
            # entities around (the place, the command), the words of the story, or the story
            # itself (a live blog's entries: "Three killed" at 09:10, "six people" at 16:45;
            # a bound refined in documents surely of one story: "more than 1,000" displaced,
            # later 6,200)
            if (
                (alike >= need and share_word(a.words, b.words))  # not the noun alone
                or share_entity(a.bag, b.bag)
                or not a.by_doc.keys().isdisjoint(b.by_doc)
                or (rel is Relation.COMPATIBLE and one_story(a, b))
            ):
                return True
            alike = a.words.cosine(b.words)  # else as any other values: the words alike
        return alike >= need and (rel is Relation.AGREE or a.near.cosine(b.near) >= need)

    def _unit_only(self, a: Group, b: Group) -> bool:
        """Whether two clusters measure in units and count no noun ("4,000 acres", "18,400
        acres"): the dimension is what they are of. Not a duration: a story's durations are of
        many things ("a 19-year-old", "a 52-year-old"; "seven minutes", "within two minutes")."""
        f = self.items[a.members[0]]
        return not top(a.nouns) and not top(b.nouns) and in_units(f) and f.dimension != "duration"

    def offer(self, i: int, j: int, equal: bool, rival: bool = False) -> None:
        """Join the clusters of figures ``i`` and ``j`` if the clusters admit each other
        (``equal``: the two figures state the same telling value; ``rival``: one sentence
        sets them side by side as rival values, whatever else is near either)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        a, b = self.group(ri), self.group(rj)
        rel = a.values.relation(b.values)
        if not self.admits(a, b, rel, rival):
            return
        # an equal value in another time frame needs words in common: "23 soldiers killed in
        # October 2025" is not "wounded 23"; a measured one ("8.9 metres", "$1.6bn") may be
        # unframed on one side only
        frame_a, frame_b = main(a.frames), main(b.frames)
        equal = equal and (
            frame_a == frame_b or (not (frame_a and frame_b) and measured(self.items[i]))
        )
        fi, fj = self.items[i], self.items[j]
        named = fi.value == fj.value and fi.unit == fj.unit and same_noun(a.nouns, b.nouns)
        if not rival and not self._revised(a, b) and not self._alike(a, b, rel, equal, named):
            return
        keep, gone = (ri, rj) if len(a.members) >= len(b.members) else (rj, ri)
        self.parent[gone] = keep
        self.groups[keep].absorb(self.groups.pop(gone))


def kind_key(f: FigureItem, r: Reading) -> str:
    """What a figure is a value of, for :func:`sole_values`: its counted noun's class, or its
    dimension for a measure with no noun ("4,000 acres")."""
    if r.noun:
        return r.noun
    return f"u:{dimension_key(f)}" if in_units(f) else ""


def outcome_key(r: Reading) -> str:
    """What happened to a figure's count, and to what kind of persons when its noun names one
    ("11 injured", "four children" among them: two counts)."""
    if not r.outcome:
        return ""
    kind = "" if r.noun in ("", "person") else r.noun
    return "|".join(sorted(r.outcome)) + "/" + kind


def sole_values(
    items: Sequence[FigureItem], readings: Sequence[Reading], whats: Sequence[str], spread: float
) -> list[bool]:
    """Whether each figure is the only value its document gives of its ``what`` (its counted
    noun, or what happened to them) in its time frame (repeats of that value, and values more
    than ``spread`` times away, aside): then that alone says which quantity it is ("Eight pirates"
    … "about a dozen pirates"; "11 injured" … "wounded 23"); a document that counts seats for
    every party, or employees in all and in one office, needs more to tell its figures
    apart."""
    values: dict[tuple[str, str, str, frozenset[str]], set[float]] = defaultdict(set)
    keys = []
    for f, r, what in zip(items, readings, whats, strict=True):
        key = (f"{f.doc_id}@{f.entry}", dimension_key(f), what, r.frame)  # a live blog's entry
        if f.value is not None:
            values[key].add(f.value)
        keys.append(key)
    return [
        bool(k[2])
        and f.value is not None
        and not any(v != f.value and near_value(v, f.value, spread) for v in values[k])
        for f, k in zip(items, keys, strict=True)
    ]


def near_value(a: float, b: float, spread: float) -> bool:
    """Whether two values lie within ``spread`` times each other (or one is not positive)."""
    lo, hi = min(a, b), max(a, b)
    return lo <= 0 or hi <= lo * spread


def owners_differ(a: Counter[str], b: Counter[str]) -> bool:
    """Whether two clusters belong to different owners: owners of one kind on both sides
    ("Poland", "Germany": countries), none shared. Owners of different kinds ("the Tasnim
    agency" beside "Iran"; "Emilia-Romagna" beside "Italy") say nothing: one may be a source
    read as an owner, or a part of the other."""
    return tags_differ(a, b, _owner_kind)


def places_differ(a: Group, b: Group) -> bool:
    """Whether two clusters happened in different places of one kind ("in Greenville", "in
    Chicago"), neither naming the other's place anywhere in its words ("in Greenville, North
    Carolina" beside "in North Carolina" may be one place); "in Bajaur" and "in Pakistan"
    (other kinds) may be one place, one within the other."""
    if not tags_differ(a.places, b.places, _place_kind):
        return False
    return not any(_named(p, b.bag) for p in a.places) and not any(
        _named(p, a.bag) for p in b.places
    )


def _named(place: str, bag: Bag) -> bool:
    """Whether a place tag ``p:<type>:<id>`` is named in a cluster's words."""
    return "e:" + place[2:] in bag.weights


def tags_differ(a: Counter[str], b: Counter[str], kind_of: Callable[[str], str]) -> bool:
    """Whether two clusters' entity tags share none and share a kind (:func:`_owner_kind`,
    :func:`_place_kind`)."""
    if not a or not b or not a.keys().isdisjoint(b):
        return False
    return bool(({kind_of(e) for e in a} & {kind_of(e) for e in b}) - {""})


SMALL_PLACES = frozenset({"city", "loc", "fac"})
ACTORS = frozenset({"org", "norp", "person"})


def _entity_type(tag: str) -> str:
    """The entity type of a tag ``<prefix>:<type>:<id>`` ("p:city:chicago" → "city")."""
    return tag.split(":")[1] if tag.count(":") >= 2 else ""


def _place_kind(place: str) -> str:
    """The kind of a place: a country, or a place within one (a region, a city, a site: their
    entity types are often mixed up, "gpe:greenville" beside "city:chicago"); "" for an
    entity not typed as a place ("org:bajaur", "norp:pakistani")."""
    kind = _entity_type(place)
    if kind == "country":
        return kind
    return "place" if kind in SMALL_PLACES or kind == "gpe" else ""


def _owner_kind(owner: str) -> str:
    """The kind of an owner: its entity type, an actor for any organisation, group or person
    (their types are often mixed up, "e:org:reform-party" beside "e:norp:social-democrats"),
    "" for a small place ("e:city:tehran"), more often where a figure happened than whose it
    is."""
    kind = _entity_type(owner)
    if kind in SMALL_PLACES:
        return ""
    return "actor" if kind in ACTORS else kind


def rival_statements(a: FigureItem, b: FigureItem) -> bool:
    """Whether two different values of one document may be rival statements of one quantity:
    a live blog's different entries, one sentence setting them side by side, or two sentences
    each naming the source that gives its value."""
    if a.entry and b.entry and a.entry != b.entry:
        return True
    if a.sentence == b.sentence:
        return contrast_between(a.sentence, a.text, b.text)
    # two sources: "The USGS said … 5.9", "Iran's centre put it at 6.1"; not one source twice
    # ("a fourth person has died, police said", "11 people were killed in Chicago, police said")
    return (
        attributed(a.sentence)
        and attributed(b.sentence)
        and sources(a.sentence).isdisjoint(sources(b.sentence))
    )


def revision(a: FigureItem, b: FigureItem, ra: Reading, rb: Reading) -> bool:
    """Whether two figures of one document are a live blog's successive values of one
    quantity: different entries, one unit, and one named owner, the same on both sides."""
    return (
        bool(a.entry and b.entry)
        and a.entry != b.entry
        and a.unit == b.unit
        and len(ra.owners) == 1
        and ra.owners == rb.owners
    )


def revision_pairs(
    items: Sequence[FigureItem], readings: Sequence[Reading], window: int
) -> list[tuple[int, int]]:
    """Figures of one live blog with one unit and one named owner (:func:`revision`), each
    paired with the ``window`` next ones in entry order: a value and its later revisions."""
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, (f, r) in enumerate(zip(items, readings, strict=True)):
        if f.entry and len(r.owners) == 1:
            blocks[(f.doc_id, f.unit, next(iter(r.owners)))].append(i)
    out = []
    for members in blocks.values():
        order = sorted(members, key=lambda i: (items[i].entry, i))
        for k, a in enumerate(order):
            out.extend(
                (a, b)
                for b in order[k + 1 : k + 1 + window]
                if revision(items[a], items[b], readings[a], readings[b])
            )
    return out


def measured(f: FigureItem) -> bool:
    """Whether a figure's value is a measure (a length, a sum of money, a share) or a fraction:
    unlike a small count, such a value seldom recurs by chance across a story's quantities."""
    return dimension_key(f) not in ("count", "ordinal") or not float(f.value or 0).is_integer()


def in_units(f: FigureItem) -> bool:
    """Whether a figure is a measure in a unit ("seven minutes", "180 mm", "€28m"): an equal
    value in the same dimension is as telling as a large count. Not a share ("8%"): small
    shares of many things recur in one story."""
    return dimension_key(f).split("/")[0] not in ("count", "ordinal", "percent")


def hinted_apart(a: Group, b: Group, unsaid: bool) -> bool:
    """Whether cluster ``a`` says what happened ("11 injured") and ``b`` says nothing right
    beside its figures, while its words name only something else that happens ("the death
    toll … rose to nine"), or (``unsaid``) do not name it either ("nine people on the
    Pakistani side and four in Afghanistan")."""
    if not a.outcomes or b.outcomes:
        return False
    hinted = {o for o in outcomes() if o in b.bag.weights}
    return not hinted & a.outcomes.keys() and (unsaid or bool(hinted))


STORY_ENTITIES = 1  # named entities two documents of one story have in common at least


def same_story(a: Group, b: Group) -> bool:
    """Whether two clusters may come from one story: they share a document, or their
    documents name ``STORY_ENTITIES`` entities in common (the place, the people, the
    organisations), or one side names none."""
    if not a.story or not b.story or not a.by_doc.keys().isdisjoint(b.by_doc):
        return True
    small, big = sorted((a.story, b.story), key=len)
    shared = 0
    for e in small:
        shared += e in big
        if shared >= STORY_ENTITIES:
            return True
    return False


STORY_SHARED = 3  # named entities two documents of one story surely have in common


def one_story(a: Group, b: Group) -> bool:
    """Whether two clusters' documents surely tell one story: they name ``STORY_SHARED``
    entities in common (the place, the region, the agency)."""
    small, big = sorted((a.story, b.story), key=len)
    return sum(e in big for e in small) >= STORY_SHARED


def share_word(a: Bag, b: Bag) -> bool:
    """Whether two clusters' words have one in common besides what happened ("killed" in two
    stories is not one story)."""
    small, big = sorted((a.weights, b.weights), key=len)
    done = outcomes()
    return any(k in big and k not in done for k in small)


def share_entity(a: Bag, b: Bag) -> bool:
    """Whether two clusters' words name one entity in common ("in Bajaur", "NSATU")."""
    small, big = sorted((a.weights, b.weights), key=len)
    return any(k.startswith("e:") and k in big for k in small)


def top(counts: Counter[str]) -> str:
    """The most common noun class of a cluster; in a tie, a listed class ("rescuer" before
    "noun:operator"), a kind of persons before generic persons ("four men" beside "four men"
    who robbed: thieves), and then the first in order."""
    return max(
        counts, key=lambda k: (counts[k], not k.startswith("noun:"), k != "person", -len(k), k)
    )


def same_outcome(a: Counter[str], b: Counter[str]) -> bool:
    """Whether what mostly happened to two clusters' counts is the same ("killed")."""
    return bool(a) and bool(b) and a.most_common(1)[0][0] == b.most_common(1)[0][0]


def same_noun(a: Counter[str], b: Counter[str]) -> bool:
    """Whether two clusters mostly count one named thing, listed or not ("nine pieces", "nine
    pieces"), other than generic persons."""
    noun = top(a)
    return noun == top(b) and bool(noun) and noun != "person"


def persons_and_kind(a: Counter[str], b: Counter[str]) -> bool:
    """Whether one cluster mostly counts persons in general and the other mostly one listed
    kind of persons ("nine people", "four civilians"): their different values are two
    counts, one part of the other, not rival values of one."""
    ka, kb = top(a), top(b)
    persons = noun_classes()[1]
    return ka != kb and "person" in (ka, kb) and ka in persons and kb in persons


def one_people(a: Group, b: Group) -> bool:
    """Whether two clusters count persons of one people, each all of its members ("17
    Filipinos", "18 Filipino seafarers"): the people says which persons they are."""
    return any(n == len(a.members) and b.peoples[g] == len(b.members) for g, n in a.peoples.items())


def same_kind(a: Counter[str], b: Counter[str]) -> bool:
    """Whether two clusters mostly count one listed kind of thing (not generic persons)."""
    kind = top(a)
    return kind == top(b) and bool(kind) and kind != "person" and not kind.startswith("noun:")


def main(frames: Counter[frozenset[str]]) -> frozenset[str]:
    """A cluster's time frame: its members' most common one (a tie to a marked frame)."""
    return max(frames, key=lambda f: (frames[f], len(f), sorted(f)))


# ---------------------------------------------------------------- candidate pairs


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two bags (their cosine when both are normalised)."""
    if len(a) > len(b):
        a, b = b, a
    return math.fsum(v * b[k] for k, v in a.items() if k in b)


def rival_pairs(items: Sequence[FigureItem]) -> list[tuple[int, int]]:
    """Figures of one dimension that one sentence sets side by side as rival values ("about
    2,000, while the city put attendance at some 5,000"; "worth €40 million, far more than the
    €28 million put forward by prosecutors")."""
    by_sentence: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(items):
        by_sentence[(f.doc_id, f.sentence, dimension_key(f))].append(i)
    spans = {i: value_span(items[i]) for idx in by_sentence.values() if len(idx) > 1 for i in idx}
    return [
        (a, b)
        for idx in by_sentence.values()
        for a, b in combinations(idx, 2)
        if relation(*spans[a], *spans[b]) is Relation.CONTRADICT
        and contrast_between(items[a].sentence, items[a].text, items[b].text)
    ]


def conversions(items: Sequence[FigureItem], at_most: int) -> list[list[int]]:
    """Figures of one measured dimension written in different units whose values agree after
    conversion ("8.9 metres", "29.2 feet"; "180 mm", "more than 7 inches"): as telling as an
    equal value. One sweep over each dimension's reaches in value order, each figure looking
    only at the figures of its dimension's other units; each keeps its first ``at_most`` such
    partners."""
    by_dim: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(items):
        if f.value is not None and f.value_base is not None:
            by_dim[dimension_key(f)].append(i)
    out = []
    for idx in by_dim.values():
        spans = {i: value_span(items[i]) for i in idx}
        order = sorted(idx, key=lambda i: spans[i][0])
        at_unit: dict[str, list[int]] = defaultdict(list)  # unit → its positions in ``order``
        for k, i in enumerate(order):
            at_unit[items[i].unit].append(k)
        for k, a in enumerate(order):
            others = [  # lazily: a figure seldom looks past its first few partners
                map(ks.__getitem__, range(bisect_right(ks, k), len(ks)))
                for u, ks in at_unit.items()
                if u != items[a].unit
            ]
            found = 0
            for kb in merge(*others):
                b = order[kb]
                if spans[b][0][0] > spans[a][0][1] or found >= at_most:
                    break  # reaches further on start above this one's end
                if relation(*spans[a], *spans[b]) is Relation.AGREE:
                    out.append([a, b])
                    found += 1
    return out


def repeats(
    items: Sequence[FigureItem], readings: Sequence[Reading], at_most: int, alike: float
) -> list[tuple[int, int]]:
    """Figures of one document stating one small value of one thing twice ("Three dead" in
    the headline, "killed three people" in the body): the same value of one dimension, and
    the same thing happened to them, the same named thing counted, or words around them
    alike to ``alike`` ("bringing total to four" in the headline, "bringing the number of
    people in custody to four" below)."""
    by_value: dict[tuple[str, str, float, float | None], list[int]] = defaultdict(list)
    for i, f in enumerate(items):
        if f.value is not None and not telling(f.value, math.inf):
            by_value[(f.doc_id, dimension_key(f), f.value, f.value_max)].append(i)
    out = []
    for members in by_value.values():
        for a, b in combinations(members[:at_most], 2):
            ra, rb = readings[a], readings[b]
            if (
                (ra.outcome and ra.outcome == rb.outcome)
                or one_kind(ra, rb)
                or dot(ra.bag, rb.bag) >= alike
            ):
                out.append((a, b))
    return out


def one_kind(a: Reading, b: Reading) -> bool:
    """Whether two figures count one named kind of thing ("nine pieces", "nine pieces"), or
    one of them a kind of persons and the other persons in general ("Three masked men" who
    stole, "three men had entered"), and nothing different happened to them."""
    kinds = {a.noun, b.noun} - {"", "person"}
    if len(kinds) != 1 or not nouns_meet(a.noun, b.noun, strict=True):
        return False
    return not (a.outcome and b.outcome and a.outcome != b.outcome)


def noun_pairs(
    items: Sequence[FigureItem], readings: Sequence[Reading], window: int
) -> list[tuple[int, int]]:
    """Figures of one dimension that count one kind of thing ("eight pirates", "about a dozen
    pirates"; "700 staff", "1,000 personnel") or to whom one thing happened ("three killed",
    "six people died"): what a fact-checker compares first, whatever the words around. Each
    figure is paired with the ``window`` figures next to it in value order within its
    (dimension, noun class) block: rival values of one quantity lie close together, and the
    work stays linear however large a block grows."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (f, r) in enumerate(zip(items, readings, strict=True)):
        if f.value is None:
            continue
        if r.noun:
            blocks[(dimension_key(f), r.noun)].append(i)
        if len(r.outcome) == 1:  # what happened to them: "killing six", "nine people died"
            blocks[(dimension_key(f), f"o:{next(iter(r.outcome))}")].append(i)
    out = []
    for members in blocks.values():
        order = sorted(members, key=lambda i: (items[i].value_base or items[i].value or 0.0, i))
        for k, a in enumerate(order):
            out.extend((a, b) for b in order[k + 1 : k + 1 + window])
    return out


def candidate_pairs(
    items: Sequence[FigureItem], readings: Sequence[Reading], opts: FigureOptions
) -> list[tuple[float, int, int, bool]]:
    """Pairs of figures worth comparing, with their similarity, strongest first: figures of one
    dimension sharing one of their ``top_words`` most telling words (words shared by more than
    ``max_posting`` figures tell nothing), or stating the same telling value. Two figures of
    one sentence are a pair only when their units differ (a conversion); pairs whose nouns can
    never meet are left out; each figure keeps its ``partners`` strongest pairs (and every
    pair of an equal telling value): one is enough to reach its cluster."""
    posting: dict[tuple[str, str], list[int]] = defaultdict(list)
    equal: dict[tuple[str, float, float | None], list[int]] = defaultdict(list)
    for i, (f, r) in enumerate(zip(items, readings, strict=True)):
        dim = dimension_key(f)
        for w in sorted(r.bag, key=lambda w: (-r.bag[w], w))[: opts.top_words]:
            posting[(dim, w)].append(i)
        if f.value is not None and (telling(f.value, opts.telling_value) or in_units(f)):
            equal[(dim, f.value, f.value_max)].append(i)
    pairs: dict[tuple[int, int], bool] = {}
    for members in posting.values():
        if 1 < len(members) <= opts.max_posting:
            for a, b in combinations(members, 2):
                pairs.setdefault((a, b), False)
    for members in [*equal.values(), *conversions(items, opts.max_posting)]:
        for a, b in combinations(members[: opts.max_posting], 2):
            pairs[(a, b)] = True  # across documents, or one repeating it (headline, body)
    for a, b in repeats(items, readings, opts.max_posting, opts.agree_similarity):
        pairs[(a, b)] = True
    kinds = {
        (min(a, b), max(a, b))
        for a, b in [
            *noun_pairs(items, readings, opts.partners),
            *revision_pairs(items, readings, opts.partners),
        ]
    }
    for key in kinds:
        pairs.setdefault(key, False)
    scored = []
    for (a, b), same_value in pairs.items():
        fa, fb, ra, rb = items[a], items[b], readings[a], readings[b]
        if fa.sentence == fb.sentence and fa.doc_id == fb.doc_id and fa.unit == fb.unit:
            continue
        if not nouns_meet(ra.noun, rb.noun):
            continue
        scored.append((dot(ra.bag, rb.bag), a, b, same_value))
    scored.sort(key=lambda p: (-p[0], p[1], p[2]))
    degree: Counter[int] = Counter()
    kept = []
    for pair in scored:  # each figure's strongest partners: enough to reach its cluster
        _, a, b, same_value = pair
        # pairs of one kind of thing are few per figure already (a window in value order)
        capped = not same_value and (a, b) not in kinds
        if not capped or (degree[a] < opts.partners and degree[b] < opts.partners):
            kept.append(pair)
            degree[a] += 1
            degree[b] += 1
    return kept


def join_figures(
    items: Sequence[FigureItem],
    readings: Sequence[Reading],
    opts: FigureOptions,
    stories: Mapping[str, frozenset[str]] = {},
) -> list[list[int]]:
    """The clusters of ``items`` (indices): agreeing pairs first, then rivals side by side,
    then the other contradicting pairs join whole value groups (``stories``: each document's
    named entities, :func:`same_story`)."""
    clusterer = Clusterer(items, readings, opts, stories)
    pairs = candidate_pairs(items, readings, opts)
    later = []
    for _, a, b, equal in pairs:
        if relation(*clusterer.spans[a], *clusterer.spans[b]) is Relation.CONTRADICT:
            later.append((a, b, equal))
        else:
            clusterer.offer(a, b, equal)
    for a, b in rival_pairs(items):
        clusterer.offer(a, b, False, rival=True)
    for a, b, equal in later:
        clusterer.offer(a, b, equal)
    return clusterer.clusters()

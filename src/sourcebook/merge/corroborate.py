"""Figures and claims across sources: which sources agree, which conflict, which revise a figure,
and how many of them are independent.

**Figure clusters.** A cluster is one quantity: the same measure of the same thing, stated by
one or more documents. Figures are compared only within their *dimension* (a count, a currency,
percent, a length…; lengths in metres and feet meet after conversion, currencies only with the
same currency). Two figures may state the same quantity when

- their counted nouns may name the same thing (:func:`sourcebook.merge.figcontext.nouns_meet`:
  personnel/staff/people/employees, troops/soldiers; never ships and people),
- they stand in the same time frame (no other year, "last year's", "expected by 2027", "a
  further …", "80 of them", "up 24%" against "fell 3%" near one of them only:
  :mod:`sourcebook.merge.figcontext`),
- nothing else happened to them ("six killed", "11 injured"), and values that differ lie within
  an order of magnitude, belong to no two different named owners of one kind ("Poland has
  sent 25 officers", "Germany supplies about 40"), happened in no two places ("in Greenville",
  "in shootings in Chicago") and count no persons in general against one kind of persons
  ("nine people", "four civilians"),
- one document does not give them as two quantities: two of its figures with different values
  ("about 700 personnel … to grow to some 1,200") or two figures of one sentence ("killing two
  and wounding six") are two quantities, unless the sentence sets them side by side as rival
  values with a source ("about 2,000, while the city put it at some 5,000"; not "Lumio closed
  up 26%, while Corvane fell 3%"), two sentences each name a different source of their value
  ("The USGS said … 5.9." "Iran's centre put the magnitude at 6.1."), one converts the other
  ("40 km (25 miles)") or they sit in a live blog's different timed entries,
- and the words around them (each word of a sentence goes to its nearest figure, weighted by
  distance and rarity) are similar enough: a cosine of ``agree_similarity`` for values that
  agree within the writers' rounding (:mod:`sourcebook.merge.quantity`), of
  ``conflict_similarity`` for values that contradict; rival values of one listed kind of thing
  or of one thing that happened, each document's only such count, need only the story's words
  or entities in common (:func:`sourcebook.merge.figcluster.sole_values`).

Pairs are found through an index of each figure's most telling words within its dimension
(plus equal telling values, one document's repeats of a small value of one thing — "Three
dead" in a headline, "killed three people" below it — and rivals side by side), and joined
strongest first, *cluster to cluster* (:mod:`sourcebook.merge.figcluster`): a figure joins a
cluster when the cluster as a whole (the sum of its members' words, every member's frame,
noun and document) admits it, never through its nearest neighbour alone — so 50, 51 … 199 in
similar sentences do not chain into one agreeing cluster. Each cluster's status (agree,
conflict, update, single) and the rule behind it come from :mod:`sourcebook.merge.figstatus`.

**Claims.** Sentences of different documents whose IDF-weighted cosine reaches
``claim_similarity``, or ``claim_similarity_shared`` when they also share an entity or a figure
value, are grouped (connected components), except two sentences that state different values of
one figure cluster: those are rival claims. A claim lists its documents and its independent
sources (documents that copy or rewrite each other, articles of one outlet and the very same
sentence count once); it is *corroborated* with two or more independent sources, *contested*
when another source gives a contradicting value of one of its figures (``contested_by`` names
those sources, and their own claim names this one's), else *single source*.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from sourcebook.merge.docsim import Sentence
from sourcebook.merge.figcluster import (
    FigureItem,
    FigureOptions,
    counted_noun,
    dimension_key,
    join_figures,
    value_span,
)
from sourcebook.merge.figcontext import Reading, read_figures, singular
from sourcebook.merge.figstatus import STATUSES, Member, Verdict, decide
from sourcebook.merge.quantity import Relation, qualified, readable, relation
from sourcebook.merge.textsim import union_find

__all__ = [
    "STATUSES",
    "Claim",
    "Clustering",
    "FigureCluster",
    "FigureItem",
    "FigureOptions",
    "cluster_figures",
    "cluster_figures_grouped",
    "group_claims",
    "singular",
    "unit_class",
    "values_agree",
    "with_sources",
]

UNIT_CLASSES = {
    "people": "people", "person": "people", "persons": "people", "personnel": "people",
    "staff": "people", "employees": "people", "troops": "troops", "forces": "troops",
    "soldiers": "troops", "countries": "countries", "nations": "countries", "states": "countries",
}  # fmt: skip
DEFAULT_OPTIONS = FigureOptions()


@dataclass(frozen=True)
class FigureCluster:
    """Figures of one quantity across sources (the ``figure_clusters`` table)."""

    cluster_id: str
    subject: str
    unit: str
    status: str = field(metadata={"doc": "agree, conflict, update or single"})
    values: list[str] = field(metadata={"doc": "each figure as 'doc_id: value (quote)'"})
    doc_ids: list[str]
    reason: str = field(default="", metadata={"doc": "the rule that decided the status"})
    summary: str = field(
        default="", metadata={"doc": "each value with its document count: 'about 700 ×4 · 800 ×1'"}
    )
    value_sources: list[str] = field(
        default_factory=list, metadata={"doc": "each value with its documents: 'value: doc, doc'"}
    )
    independent_sources: int = field(
        default=0, metadata={"doc": "documents counted once per group of copies/rewrites/outlet"}
    )


@dataclass(frozen=True)
class Claim:
    """Sentences of several sources stating the same thing (the ``claims`` table)."""

    claim_id: str
    text: str = field(metadata={"doc": "a representative sentence"})
    doc_ids: list[str]
    independent_sources: int = field(
        metadata={"doc": "documents counted once per group of copies/rewrites/same sentence"}
    )
    status: str = field(
        default="", metadata={"doc": "corroborated (≥ 2 independent sources), contested, single"}
    )
    reason: str = field(default="", metadata={"doc": "why the claim has its status"})
    cluster_ids: list[str] = field(
        default_factory=list, metadata={"doc": "the figure clusters its sentences state"}
    )
    contested_by: list[str] = field(
        default_factory=list,
        metadata={"doc": "contradicting figures: '<doc_id>: <value> (<claim_id or quote>)'"},
    )


def unit_class(unit: str, kind: str) -> str:
    """A coarse class of a figure's unit ("personnel" → people, "USD" → usd), for claim keys."""
    u = unit.casefold().strip()
    if kind in ("currency", "percent") or not u:
        return u or kind
    return UNIT_CLASSES.get(u) or singular(u)


def values_agree(a: FigureItem, b: FigureItem) -> bool:
    """Whether two values are the same within their writers' rounding and qualifiers."""
    if a.value is None or b.value is None:
        return False
    return relation(*value_span(a), *value_span(b)) is Relation.AGREE


@dataclass(frozen=True)
class Clustering:
    """The figure clusters, figure_id → cluster_id, and what claims need of them: each
    sentence's (cluster_id, value group, figure text) and the clusters in conflict."""

    clusters: list[FigureCluster]
    assignment: dict[str, str]
    by_sentence: dict[tuple[str, str], frozenset[tuple[str, int, str]]]

    def claim_keys(self) -> dict:
        """The keyword arguments :func:`group_claims` takes from the clusters."""
        conflicts = frozenset(c.cluster_id for c in self.clusters if c.status == "conflict")
        return {"figure_values": self.by_sentence, "conflicts": conflicts}


def cluster_figures(
    figures: Sequence[FigureItem],
    options: FigureOptions = DEFAULT_OPTIONS,
    entities: Mapping[tuple[str, str], Sequence[tuple[str, str]]] = {},
) -> tuple[list[FigureCluster], dict[str, str]]:
    """Cluster figures across documents; returns the clusters and figure_id → cluster_id."""
    got = cluster_figures_grouped(figures, options, entities)
    return got.clusters, got.assignment


def cluster_figures_grouped(
    figures: Sequence[FigureItem],
    options: FigureOptions = DEFAULT_OPTIONS,
    entities: Mapping[tuple[str, str], Sequence[tuple[str, str]]] = {},
) -> Clustering:
    """Cluster figures across documents (see the module docstring).

    ``entities``: each (doc_id, sentence)'s named entities as (text, entity id): what a
    figure belongs to ("Lumio has 1,200 employees", "Corvane, which has 14,000")."""
    items = named_dimensions([f for f in figures if f.kind != "date" and f.value is not None])
    years = {f.doc_id: f.date[:4] for f in items if f.date}
    readings = read_figures(
        [(f.doc_id, f.sentence) for f in items],
        [(f.text, counted_noun(f), f"{f.value:g}") for f in items],
        years,
        entities,
    )
    stories: dict[str, set[str]] = defaultdict(set)
    for (doc, _), found in entities.items():
        stories[doc].update(eid for _, eid in found if eid)
    groups = join_figures(items, readings, options, {d: frozenset(e) for d, e in stories.items()})
    return _clusters(items, groups, readings)


def named_dimensions(items: list[FigureItem]) -> list[FigureItem]:
    """``items`` with each count of a noun that names a dimension other figures are measured
    in ("a magnitude of 5.9" beside "magnitude 6.1") in that dimension: one quantity, written
    two ways, is compared in one block."""
    names = {f.dimension for f in items if f.dimension and f.dimension != "count"}
    out = []
    for f in items:
        noun = singular(f.counted.casefold().strip()) if f.dimension == "count" else ""
        if noun in names and f.value_base is None:
            f = replace(f, dimension=noun, unit=noun, counted="")
        out.append(f)
    return out


def _clusters(
    items: Sequence[FigureItem], groups: Sequence[list[int]], readings: Sequence[Reading]
) -> Clustering:
    """The cluster rows (numbered by status — conflicts first — then by how many documents
    they span), figure_id → cluster_id and each sentence's clustered values."""
    spans = [value_span(f) for f in items]
    made = []
    for g in groups:
        g = sorted(g)
        verdict = decide(
            [
                Member(items[i].doc_id, items[i].date, items[i].entry, *spans[i],
                       tally=bool(readings[i].outcome))
                for i in g
            ]
        )  # fmt: skip
        made.append((g, verdict, sorted({items[i].doc_id for i in g})))
    rank = {s: k for k, s in enumerate(STATUSES)}
    made.sort(key=lambda m: (rank[m[1].status], -len(m[2]), m[0][0]))
    clusters, assignment = [], {}
    by_sentence: dict[tuple[str, str], set[tuple[str, int, str]]] = defaultdict(set)
    for k, (g, verdict, docs) in enumerate(made, 1):
        cid = f"fc{k:05d}"
        clusters.append(_cluster_row(cid, items, (g, docs), verdict, readings))
        for i, grp in zip(g, verdict.groups, strict=True):
            assignment[items[i].figure_id] = cid
            by_sentence[(items[i].doc_id, items[i].sentence)].add((cid, grp, items[i].text))
    return Clustering(clusters, assignment, {k: frozenset(v) for k, v in by_sentence.items()})


def _cluster_row(
    cid: str,
    items: Sequence[FigureItem],
    group: tuple[list[int], list[str]],
    verdict: Verdict,
    readings: Sequence[Reading],
) -> FigureCluster:
    """One ``figure_clusters`` row: every figure, and each value group with its documents
    (``group``: the cluster's figures and its documents, each in order)."""
    members, doc_ids = group
    by_group: dict[int, list[int]] = defaultdict(list)
    for i, grp in zip(members, verdict.groups, strict=True):
        by_group[grp].append(i)
    summary, sources = [], []
    for grp in sorted(by_group, key=lambda x: (-len(by_group[x]), x)):
        idx = by_group[grp]
        rep = items[min(idx, key=lambda i: (items[i].qualifier != "exact", i))]
        label = _label(rep.value, rep.value_max, rep.unit, rep.kind, rep.qualifier)
        docs = sorted({items[i].doc_id for i in idx})
        summary.append(f"{label} ×{len(docs)}")
        sources.append(f"{label}: {', '.join(docs)}")
    first = items[members[0]]
    unit = first.unit
    if dimension_key(first) == "count":
        unit = _most_common([readings[i].noun.removeprefix("noun:") for i in members])
    return FigureCluster(
        cluster_id=cid,
        subject=_majority([items[i].subject for i in members if items[i].subject]) or unit,
        unit=unit or dimension_key(first),
        status=verdict.status,
        values=[
            f"{items[i].doc_id}: {_fmt(items[i])} ({items[i].text})"
            for i in sorted(members, key=lambda i: (items[i].doc_id, i))
        ],
        doc_ids=doc_ids,
        reason=verdict.reason,
        summary=" · ".join(summary),
        value_sources=sources,
    )


@cache
def _label(value: float | None, value_max: float | None, unit: str, kind: str, qual: str) -> str:
    """A value as a reader writes it, with its qualifier in words ("about 700", "€40bn")."""
    return qualified(readable(value, value_max, unit, kind), qual)


def _majority(values: Sequence[str]) -> str:
    """The most common of ``values`` (a tie to the shortest, then the first in order)."""
    if len(values) < 2:
        return values[0] if values else ""
    c = Counter(values)
    return sorted(c, key=lambda v: (-c[v], len(v), v))[0]


def _most_common(values: Sequence[str]) -> str:
    """The most common of ``values`` (a tie to the first seen)."""
    return values[0] if len(values) == 1 else Counter(values).most_common(1)[0][0]


def _fmt(f: FigureItem) -> str:
    """A figure's value in the ``values`` column ("~700 count", "≥1,500 staff")."""
    return _value_text(f.value, f.value_max, f.qualifier, f.unit)


@cache
def _value_text(value: float | None, value_max: float | None, qualifier: str, unit: str) -> str:
    """:func:`_fmt` of these fields (cached: values recur)."""
    v = f"{value:,.10g}"
    if value_max is not None:
        v += f"–{value_max:,.10g}"
    mark = {"approximate": "~", "lower_bound": "≥", "upper_bound": "≤"}.get(qualifier, "")
    return f"{mark}{v} {unit}".strip()


def with_sources(
    clusters: Sequence[FigureCluster], source_of: Mapping[str, str], outlet_of: Mapping[str, str]
) -> list[FigureCluster]:
    """The clusters with their independent sources counted (copies, rewrites and articles of
    one outlet count once)."""
    return [
        replace(c, independent_sources=independent_count(c.doc_ids, source_of, outlet_of))
        for c in clusters
    ]


def independent_count(
    docs: Sequence[str],
    source_of: Mapping[str, str],
    outlet_of: Mapping[str, str],
    together: Sequence[Sequence[str]] = (),
) -> int:
    """How many independent sources ``docs`` are: documents joined by a copy or rewrite
    (``source_of``), by one outlet (``outlet_of``) or by ``together`` (e.g. documents carrying
    the very same sentence) count once."""
    docs = sorted(set(docs))
    pos = {d: k for k, d in enumerate(docs)}
    first_src: dict[str, str] = {}
    first_outlet: dict[str, str] = {}
    links = []
    for d in docs:
        links.append((pos[d], pos[first_src.setdefault(source_of.get(d, d), d)]))
        outlet = " ".join((outlet_of.get(d) or "").casefold().split())
        if outlet:
            links.append((pos[d], pos[first_outlet.setdefault(outlet, d)]))
    for group in together:
        ds = sorted(d for d in set(group) if d in pos)
        links += [(pos[ds[0]], pos[d]) for d in ds[1:]]
    return len(set(union_find(len(docs), links)))


# ---------------------------------------------------------------- claims


def group_claims(
    sents: Sequence[Sentence],
    pairs: Sequence[tuple[int, int, float]],
    source_of: Mapping[str, str],
    sentence_keys: Mapping[tuple[str, str], frozenset[str]] = {},
    similarity: float = 0.5,
    similarity_shared: float = 0.35,
    min_words: int = 5,
    outlet_of: Mapping[str, str] = {},
    figure_values: Mapping[tuple[str, str], frozenset[tuple[str, int, str]]] = {},
    conflicts: frozenset[str] = frozenset(),
) -> list[Claim]:
    """Claims from similar sentence pairs (i, j, cosine: indices into ``sents``) of different
    documents.

    ``source_of`` maps doc_id → its independent source (see
    :func:`sourcebook.merge.docsim.source_groups`); ``sentence_keys`` maps (doc_id, sentence) →
    the entity ids and figure values it carries; ``outlet_of`` maps doc_id → outlet: two
    articles of one outlet are one source, not two independent ones. ``figure_values`` maps
    (doc_id, sentence) → (cluster_id, value group, value as written) of its clustered figures:
    sentences giving different value groups of one cluster are rival claims, never one, and
    when the cluster is one of ``conflicts`` each contests the other.
    """
    # bylines and datelines are too short to claim; "To contact us visit:" introduces
    claims_ok = [len(s.terms) >= min_words and not s.text.endswith(":") for s in sents]
    stated = [figure_values.get(_key(s), frozenset()) for s in sents]
    keys = [sentence_keys.get(_key(s), frozenset()) for s in sents]
    links = []
    for i, j, c in pairs:
        if not (claims_ok[i] and claims_ok[j]) or _rivals(stated[i], stated[j]):
            continue
        if c >= similarity or (c >= similarity_shared and not keys[i].isdisjoint(keys[j])):
            links.append((i, j))
    claims = []
    for members in _components(links):
        docs = sorted({sents[s].doc_id for s in members})
        if len(docs) < 2:
            continue
        independent = _independent(sents, members, docs, source_of, outlet_of)
        rep = min(members, key=lambda s: (sents[s].doc_id, s))
        values = frozenset(v for s in members for v in figure_values.get(_key(sents[s]), ()))
        claims.append((docs, independent, sents[rep].text, values))
    claims.sort(key=lambda c: (-c[1], -len(c[0]), c[0], c[2]))
    ids = [f"c{k:05d}" for k in range(1, len(claims) + 1)]
    return _claim_rows(ids, claims, figure_values, conflicts)


def _key(s: Sentence) -> tuple[str, str]:
    return s.doc_id, s.text


def _rivals(a: frozenset[tuple[str, int, str]], b: frozenset[tuple[str, int, str]]) -> bool:
    """Whether two sentences give different value groups of one figure cluster."""
    if not a or not b:
        return False
    groups_a: dict[str, set[int]] = defaultdict(set)
    for cid, grp, _ in a:
        groups_a[cid].add(grp)
    return any(cid in groups_a and grp not in groups_a[cid] for cid, grp, _ in b)


def _components(links: Sequence[tuple[int, int]]) -> list[list[int]]:
    involved = sorted({i for pair in links for i in pair})
    pos = {s: k for k, s in enumerate(involved)}
    roots = union_find(len(involved), [(pos[a], pos[b]) for a, b in links])
    groups: dict[int, list[int]] = defaultdict(list)
    for k, s in enumerate(involved):
        groups[roots[k]].append(s)
    return list(groups.values())


def _independent(
    sents: Sequence[Sentence],
    members: Sequence[int],
    docs: Sequence[str],
    source_of: Mapping[str, str],
    outlet_of: Mapping[str, str],
) -> int:
    """Independent sources of one claim: one per group of copies/rewrites, per outlet and per
    verbatim-identical sentence."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for s in members:
        by_text[" ".join(sents[s].text.casefold().split())].add(sents[s].doc_id)
    return independent_count(docs, source_of, outlet_of, [sorted(d) for d in by_text.values()])


def _claim_rows(
    ids: Sequence[str],
    claims: Sequence[tuple[list[str], int, str, frozenset[tuple[str, int, str]]]],
    figure_values: Mapping[tuple[str, str], frozenset[tuple[str, int, str]]],
    conflicts: frozenset[str],
) -> list[Claim]:
    """The claim rows with their status: a claim is contested by every source that gives
    another value group of one of its conflicting figure clusters (with that source's claim,
    when it makes one)."""
    claim_of_value: dict[tuple[str, int], list[str]] = defaultdict(list)
    for cid, (_, _, _, values) in zip(ids, claims, strict=True):
        for cluster, grp, _ in values:
            claim_of_value[(cluster, grp)].append(cid)
    stated: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (doc, _), values in figure_values.items():
        for cluster, grp, text in values:
            if cluster in conflicts:
                stated[cluster][grp].add(f"{doc}: {text}")
    rows = []
    for cid, (docs, independent, text, values) in zip(ids, claims, strict=True):
        against: dict[str, None] = {}
        for cluster, grp, _ in sorted(values):
            for other, whos in sorted(stated.get(cluster, {}).items()):
                rival = ", ".join(claim_of_value.get((cluster, other), []))
                for who in sorted(whos) if other != grp else ():
                    against[f"{who} → {rival}" if rival else who] = None
        rows.append(_claim(cid, text, docs, independent, values, list(against)))
    return rows


def _claim(
    cid: str,
    text: str,
    docs: list[str],
    independent: int,
    values: frozenset[tuple[str, int, str]],
    against: list[str],
) -> Claim:
    if against:
        status, reason = "contested", "another source gives a contradicting figure"
    elif independent >= 2:
        status, reason = "corroborated", f"{independent} independent sources"
    else:
        status, reason = "single source", "its documents copy one another or share an outlet"
    return Claim(
        claim_id=cid,
        text=text,
        doc_ids=docs,
        independent_sources=independent,
        status=status,
        reason=reason,
        cluster_ids=sorted({cluster for cluster, _, _ in values}),
        contested_by=against,
    )

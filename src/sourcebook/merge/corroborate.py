"""Figures and claims across sources: which sources agree, which conflict, how many are independent.

**Figure clusters.** Figures (dates left out) are compared within a *unit class*: the counted
noun folded with its synonyms (people/personnel/persons, troops/forces/soldiers, …), or the
currency, or percent. Two figures of different documents

- *agree* when their values are compatible under their qualifiers (:func:`values_agree`:
  "around 700" allows ±10 %, "more than 50" any value ≥ 50, exact values ±1 %) and their
  subjects are compatible: they share a subject word, or one subject only repeats the unit
  ("700 personnel" ~ "700-person headquarters");
- *conflict* when they share a specific subject word (not the unit itself) and their
  sentences share context (IDF-weighted cosine ≥ ``conflict_context``), but the values do
  not agree.

Clusters are the connected components of agreements, joined by conflicts; a cluster is
``conflict`` if it holds a conflicting pair, ``agree`` if it spans two or more documents, else
``single``.

**Claims.** Sentences of different documents whose IDF-weighted cosine reaches
``claim_similarity``, or ``claim_similarity_shared`` when they also share an entity or a figure
value, are grouped (connected components). A claim lists its documents and the number of
independent sources: documents that copy or rewrite each other count once, and so do documents
carrying the very same sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sourcebook.merge.docsim import Sentence
from sourcebook.merge.textsim import content_words, union_find

UNIT_CLASSES = {
    "people": "people",
    "person": "people",
    "persons": "people",
    "personnel": "people",
    "staff": "people",
    "staffers": "people",
    "employees": "people",
    "individuals": "people",
    "troops": "troops",
    "forces": "troops",
    "soldiers": "troops",
    "servicemembers": "troops",
    "service members": "troops",
    "countries": "countries",
    "nations": "countries",
    "states": "countries",
    "stars": "stars",
    "star": "stars",
}
BOUND_REACH = 1.5
TOLERANCE = {"exact": 0.01, "approximate": 0.1, "lower_bound": 0.01, "upper_bound": 0.01}


@dataclass(frozen=True)
class FigureItem:
    """What clustering needs of one figure (a row of the figures table)."""

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


@dataclass(frozen=True)
class FigureCluster:
    """Figures of several sources about one subject (the ``figure_clusters`` table)."""

    cluster_id: str
    subject: str
    unit: str
    status: str = field(metadata={"doc": "agree, conflict or single"})
    values: list[str] = field(metadata={"doc": "each figure as 'doc_id: value (quote)'"})
    doc_ids: list[str]


@dataclass(frozen=True)
class Claim:
    """Sentences of several sources stating the same thing (the ``claims`` table)."""

    claim_id: str
    text: str = field(metadata={"doc": "a representative sentence"})
    doc_ids: list[str]
    independent_sources: int = field(
        metadata={"doc": "documents counted once per group of copies/rewrites/same sentence"}
    )


def unit_class(unit: str, kind: str) -> str:
    """The class figures are compared within ("personnel" → people, "USD" → USD)."""
    u = unit.casefold().strip()
    if kind in ("currency", "percent") or not u:
        return u or kind
    if u in UNIT_CLASSES:
        return UNIT_CLASSES[u]
    return singular(u)


def singular(word: str) -> str:
    """A crude English singular ("allies" → "ally", "days" → "day", "miles" → "mile")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _bounds(value: float, value_max: float | None, qualifier: str) -> tuple[float, float]:
    """The interval a figure allows: its tolerance, and for bounds a half-open interval cut at
    ``BOUND_REACH`` × the value ("more than 50" reaches 75, not 500: another fact)."""
    tol = TOLERANCE.get(qualifier, 0.01)
    lo, hi = value, value_max if value_max is not None else value
    if qualifier == "lower_bound":
        return lo * (1 - tol), hi * BOUND_REACH
    if qualifier == "upper_bound":
        return lo / BOUND_REACH, hi * (1 + tol)
    return lo * (1 - tol), hi * (1 + tol)


def _interval(f: FigureItem) -> tuple[float, float]:
    lo, hi = sorted(_bounds(f.value, f.value_max, f.qualifier))  # type: ignore[arg-type]
    return lo, hi


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def values_agree(a: FigureItem, b: FigureItem) -> bool:
    """Whether two values are compatible, honouring qualifiers and ranges."""
    if a.value is None or b.value is None:
        return False
    return _overlap(_interval(a), _interval(b))


def _subject_words(item: FigureItem, uclass: str) -> set[str]:
    unit_words = {unit_class(w, "count") for w in item.unit.casefold().split()} | {uclass}
    return {
        w
        for w in (unit_class(t, "count") for t in content_words(item.subject, stem=30))
        if w not in unit_words
    }


def _same_large(a: FigureItem, b: FigureItem, at_least: float = 1000) -> bool:
    """The same large value in the same unit class: agreement even when the sentences share no
    words (a unit taken from an earlier sentence: "… 100,000 forces … it would grow to 500,000").
    Small values coincide too often to count without shared context."""
    return (
        a.value is not None
        and a.value >= at_least
        and a.value == b.value
        and a.value_max == b.value_max
        and a.doc_id != b.doc_id
    )


def cluster_figures(
    figures: Sequence[FigureItem],
    conflict_context: float = 0.2,
    generic_context: float = 0.1,
    window: int = 8,
) -> tuple[list[FigureCluster], dict[str, str]]:
    """Cluster figures across documents; returns the clusters and figure_id → cluster_id.

    Figures are compared within their unit class, each with its ``window`` neighbours in value
    order (see :func:`_candidate_pairs`); ``conflict_context`` and ``generic_context`` are the
    context cosines a conflict and an agreement without a shared subject word need."""
    items = [f for f in figures if f.kind != "date" and f.value is not None]
    by_class: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(items):
        by_class[unit_class(f.unit, f.kind)].append(i)
    subj = _subjects(items, by_class)
    context = _Context(items)
    rank = [0] * len(items)  # each figure's place in value order
    for r, i in enumerate(sorted(range(len(items)), key=lambda i: (items[i].value, i))):
        rank[i] = r
    # each figure's interval once (values_agree per pair recomputed both: 400k pairs at 10k docs)
    bounds = [_interval(f) for f in items]
    links: list[tuple[int, int]] = []
    conflicts: set[tuple[int, int]] = set()
    for _uclass, idx in sorted(by_class.items()):
        for a, b in _candidate_pairs(idx, subj, rank, window):
            fa, fb = items[a], items[b]
            agree = _overlap(bounds[a], bounds[b])  # values_agree, intervals computed once
            shared = subj[a] & subj[b]
            if agree and (shared or context.cos(a, b) >= generic_context or _same_large(fa, fb)):
                links.append((a, b))
            elif (
                not agree
                and shared
                and fa.doc_id != fb.doc_id
                and context.cos(a, b) >= conflict_context
            ):
                links.append((a, b))
                conflicts.add((a, b))
    return _clusters(items, subj, links, conflicts)


def _subjects(
    items: Sequence[FigureItem], by_class: Mapping[str, list[int]]
) -> dict[int, set[str]]:
    """Each figure's subject words, the unit's words left out (computed once per distinct
    subject, unit and class)."""
    subj = {}
    cache: dict[tuple[str, str, str], set[str]] = {}
    for uclass, idx in by_class.items():
        for i in idx:
            key = (items[i].subject, items[i].unit, uclass)
            if key not in cache:
                cache[key] = _subject_words(items[i], uclass)
            subj[i] = cache[key]
    return subj


class _Context:
    """How much context two figures share: the IDF-weighted cosine of their sentences' content
    words."""

    def __init__(self, items: Sequence[FigureItem]) -> None:
        words: dict[str, frozenset[str]] = {}
        for f in items:
            if f.sentence not in words:
                words[f.sentence] = frozenset(content_words(f.sentence))
        self.ctx = [words[f.sentence] for f in items]
        df = Counter(t for c in self.ctx for t in c)
        n = max(len(items), 1)
        idf = {t: math.log((n + 1) / c) + 1.0 for t, c in df.items()}
        self.w2 = {t: v * v for t, v in idf.items()}
        # one norm per distinct sentence (its figures share one context set)
        norm_of = {s: math.sqrt(math.fsum(self.w2[t] for t in c)) for s, c in words.items()}
        self.norm = [norm_of[f.sentence] for f in items]

    def cos(self, i: int, j: int) -> float:
        """The cosine of figures ``i`` and ``j``."""
        common = self.ctx[i] & self.ctx[j]
        if not common:
            return 0.0
        w2 = self.w2
        return math.fsum(w2[t] for t in common) / (self.norm[i] * self.norm[j])


def _candidate_pairs(
    idx: Sequence[int], subj: Mapping[int, set[str]], rank: Sequence[int], window: int
) -> list[tuple[int, int]]:
    """The pairs of one unit class's figures ``idx`` worth comparing: figures sharing a
    subject word, or any figure with a generic subject, each with its ``window`` neighbours
    in value order (``rank``) — agreeing values are neighbours, and a conflict shows at the
    boundary between two runs of values."""

    def value_order(members: Sequence[int]) -> list[int]:
        return sorted(members, key=rank.__getitem__)

    by_word: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        for w in sorted(subj[i]):
            by_word[w].append(i)
    pairs: set[tuple[int, int]] = set()
    generic = {i for i in idx if not subj[i]}
    for members in by_word.values():
        order = value_order(members)
        for x, a in enumerate(order):
            pairs.update((min(a, b), max(a, b)) for b in order[x + 1 : x + 1 + window])
    order = value_order(idx)
    for x, a in enumerate(order):
        for b in order[x + 1 : x + 1 + window]:
            if a in generic or b in generic:
                pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def _clusters(
    items: Sequence[FigureItem],
    subj: Mapping[int, set[str]],
    links: Sequence[tuple[int, int]],
    conflicts: set[tuple[int, int]],
) -> tuple[list[FigureCluster], dict[str, str]]:
    """The clusters (connected components of ``links``, numbered by how many documents they
    span) and figure_id → cluster_id."""
    roots = union_find(len(items), links)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(roots):
        groups[r].append(i)
    in_conflict = {roots[a] for a, _ in conflicts}
    clusters, assignment = [], {}
    ordered = sorted(groups.values(), key=lambda g: (-len({items[i].doc_id for i in g}), g[0]))
    for k, g in enumerate(ordered, 1):
        docs = sorted({items[i].doc_id for i in g})
        if roots[g[0]] in in_conflict:
            status = "conflict"
        else:
            status = "agree" if len(docs) > 1 else "single"
        words = Counter(w for i in g for w in subj[i])
        first = items[g[0]]
        subject = _majority([items[i].subject for i in g if items[i].subject]) or first.unit
        cid = f"fc{k:05d}"
        clusters.append(
            FigureCluster(
                cluster_id=cid,
                subject=subject if words or subject else first.unit,
                unit=unit_class(first.unit, first.kind),
                status=status,
                values=[
                    f"{items[i].doc_id}: {_fmt(items[i])} ({items[i].text})"
                    for i in sorted(g, key=lambda i: (items[i].doc_id, i))
                ],
                doc_ids=docs,
            )
        )
        for i in g:
            assignment[items[i].figure_id] = cid
    return clusters, assignment


def _majority(values: Sequence[str]) -> str:
    if not values:
        return ""
    c = Counter(values)
    return sorted(c, key=lambda v: (-c[v], len(v), v))[0]


def _fmt(f: FigureItem) -> str:
    v = f"{f.value:,.10g}"
    if f.value_max is not None:
        v += f"–{f.value_max:,.10g}"
    mark = {"approximate": "~", "lower_bound": "≥", "upper_bound": "≤"}.get(f.qualifier, "")
    return f"{mark}{v} {f.unit}".strip()


def group_claims(
    sents: Sequence[Sentence],
    pairs: Sequence[tuple[int, int, float]],
    source_of: Mapping[str, str],
    sentence_keys: Mapping[tuple[str, str], frozenset[str]] = {},
    similarity: float = 0.5,
    similarity_shared: float = 0.35,
    min_words: int = 5,
    outlet_of: Mapping[str, str] = {},
) -> list[Claim]:
    """Claims from similar sentence pairs (i, j, cosine: indices into ``sents``) of different
    documents.

    ``source_of`` maps doc_id → its independent source (see
    :func:`sourcebook.merge.docsim.source_groups`); ``sentence_keys`` maps (doc_id, sentence) →
    the entity ids and figure values it carries; ``outlet_of`` maps doc_id → outlet: two
    articles of one outlet are one source, not two independent ones.
    """
    links = []
    for i, j, c in pairs:
        if min(len(sents[i].terms), len(sents[j].terms)) < min_words:
            continue  # bylines, datelines
        if sents[i].text.endswith(":") or sents[j].text.endswith(":"):
            continue  # "To contact us visit:" introduces, it does not claim
        if c >= similarity:
            links.append((i, j))
        elif c >= similarity_shared:
            ka = sentence_keys.get((sents[i].doc_id, sents[i].text), frozenset())
            kb = sentence_keys.get((sents[j].doc_id, sents[j].text), frozenset())
            if ka & kb:
                links.append((i, j))
    involved = sorted({i for pair in links for i in pair})
    pos = {s: k for k, s in enumerate(involved)}
    roots = union_find(len(involved), [(pos[a], pos[b]) for a, b in links])
    groups: dict[int, list[int]] = defaultdict(list)
    for k, s in enumerate(involved):
        groups[roots[k]].append(s)
    claims = []
    for members in groups.values():
        docs = sorted({sents[s].doc_id for s in members})
        if len(docs) < 2:
            continue
        # one source per group of copies/rewrites, and per verbatim-identical sentence
        by_text: dict[str, set[str]] = defaultdict(set)
        for s in members:
            by_text[" ".join(sents[s].text.casefold().split())].add(sents[s].doc_id)
        pos_d = {d: k for k, d in enumerate(docs)}
        first_of: dict[str, str] = {}
        l2 = []
        for d in docs:
            src = source_of.get(d, d)
            l2.append((pos_d[d], pos_d[first_of.setdefault(src, d)]))
        for ds in by_text.values():
            ds_sorted = sorted(ds)
            l2 += [(pos_d[ds_sorted[0]], pos_d[d]) for d in ds_sorted[1:]]
        first_of_outlet: dict[str, str] = {}
        for d in docs:
            outlet = " ".join((outlet_of.get(d) or "").casefold().split())
            if outlet:
                l2.append((pos_d[d], pos_d[first_of_outlet.setdefault(outlet, d)]))
        r2 = union_find(len(docs), l2)
        independent = len(set(r2))
        rep = min(members, key=lambda s: (sents[s].doc_id, s))
        claims.append((docs, independent, sents[rep].text))
    claims.sort(key=lambda c: (-c[1], -len(c[0]), c[0], c[2]))
    return [
        Claim(claim_id=f"c{k:05d}", text=text, doc_ids=docs, independent_sources=ind)
        for k, (docs, ind, text) in enumerate(claims, 1)
    ]

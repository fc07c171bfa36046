"""Merge across sources: canonical entities from the mentions of every document.

Mentions become nodes (one per canonical id from extract/the gazetteer, else one per folded
name), nodes are joined by rules, and every join is recorded so a user can see why two names
became one (:attr:`Entity.merge_rules`, entries ``"<rule>: <variant> → <name>"``):

- ``case/title folding``: the same name up to case, accents, punctuation, "the", possessives
  and personal titles ("President Biden" → "biden");
- ``canonical id``: extract's id (gazetteer entry, or a person id shared by spelling variants);
- ``alias data``: the gazetteer names the folded form (Kiev → city:kyiv);
- ``same name as identified mention``: an unidentified mention whose folded name is, elsewhere,
  always given one canonical id;
- ``surname in same document`` / ``surname unambiguous in corpus``: "Stoltenberg" → the one full
  PERSON name ending in it, in the mention's document, else in the whole corpus;
- ``person name variant``: the same person name without middle initials and suffixes, accents
  and doubled letters ("Donald J. Trump" = "Donald Trump");
- ``string similarity``: rapidfuzz ratio ≥ ``similarity`` between names of one type;
- ``acronym defined in text``: "NATO Security Assistance and Training for Ukraine, or NSATU",
  "NMU - for NATO Mission Ukraine", "… (NSATU)".

The type of an entity is the majority label over all its mentions.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sourcebook.core.schema import Mention
from sourcebook.core.text import NAME_SUFFIXES, ascii_fold
from sourcebook.extract.entities import TITLES
from sourcebook.merge.textsim import union_find


@dataclass(frozen=True)
class Entity:
    """A canonical entity: mentions grouped across documents (the ``entities`` table)."""

    entity_id: str = field(
        metadata={"doc": "canonical id: gazetteer id, person:<slug> or type:slug"}
    )
    name: str = field(metadata={"doc": "canonical name"})
    type: str = field(metadata={"doc": "entity type, the majority label over its mentions"})
    variants: list[str] = field(metadata={"doc": "surface forms seen"})
    doc_ids: list[str] = field(metadata={"doc": "documents that mention it"})
    mentions: int = field(metadata={"doc": "number of mentions"})
    merge_rules: list[str] = field(
        metadata={"doc": "why variants were merged: '<rule>: <variant> → <name>'"}
    )


_TITLE_LEAD = re.compile(r"^(?:(?:[A-Z][A-Za-z.]*\s+)?(?:" + TITLES + r")\s+)+")
_ACRONYM = r"([A-Z][A-Za-z]?[A-Z]{1,8}s?)"
_LONG = r"((?:[A-Z][\w’'.-]*\s+(?:(?:of|for|and|the|in|on|to|de)\s+)*){1,10}[A-Z][\w’'-]*)"
_DEFINITIONS = (
    re.compile(
        _LONG + r"\s*(?:,\s*or|,\s*known as|\(|,\s*also known as)\s*(?:the\s+)?" + _ACRONYM + r"\b"
    ),
    re.compile(r"\b" + _ACRONYM + r"\s*(?:-|–|—|,|\()?\s*(?:for|short for|stands for)\s+" + _LONG),
)
_CAPS = re.compile(r"[A-Z][A-Za-z]?[A-Z]")
# what a text must contain for each of _DEFINITIONS to match anywhere in it (its connector and
# the start of the acronym or long form): cheap tests that spare most paragraphs the patterns
_DEFINITION_HINTS = (
    re.compile(r"(?:\(|,\s*or|known as)\s*(?:the\s+)?[A-Z][A-Za-z]?[A-Z]"),
    re.compile(r"for\s+[A-Z]"),  # "for", "short for", "stands for", then the long form
)
_MINOR = frozenset({"of", "for", "and", "the", "in", "on", "to", "de"})
_SUFFIXES = NAME_SUFFIXES


@functools.lru_cache(maxsize=1 << 16)
def fold_name(text: str, titles: bool = True) -> str:
    """Folded key of a name: personal titles (if ``titles``), "the", possessive, case, accents
    and punctuation dropped ("President Biden" → "biden", "The *Wall Street Journal" →
    "wall street journal")."""
    t = re.sub(r"['’]s?$", "", text.strip())
    if titles:
        t = _TITLE_LEAD.sub("", t) or t
    t = re.sub(r"[^a-z0-9]+", " ", ascii_fold(t)).strip()
    return re.sub(r"^the\s+", "", t)


def person_key(folded: str) -> str:
    """A folded person name reduced for variant matching: middle initials and suffixes dropped,
    doubled letters collapsed ("donald j trump" → "donald trump", "zelenskyy" → "zelensky")."""
    ws = [w for w in folded.split() if w not in _SUFFIXES]
    if len(ws) > 2:
        ws = [ws[0], *(w for w in ws[1:-1] if len(w) > 1), ws[-1]]
    return re.sub(r"([a-z])\1+", r"\1", " ".join(ws))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_name(text) or text.casefold()).strip("-") or "entity"


def acronym_matches(acronym: str, long_form: str) -> bool:
    """Whether ``acronym`` is made of the initials of ``long_form``'s words (minor words may
    be skipped): NSATU ~ NATO Security Assistance and Training for Ukraine."""
    acr = acronym.rstrip("s").upper()
    ws = [w for w in re.split(r"[\s-]+", long_form) if w]
    full = "".join(w[0].upper() for w in ws)
    major = "".join(w[0].upper() for w in ws if w.lower() not in _MINOR)
    return len(acr) >= 2 and acr in (full, major)


def find_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronym → long form, from definitions in the text (an acronym defined two ways is left
    out)."""
    found: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        if not _CAPS.search(text):
            continue  # no acronym, no definition
        for pattern, hint in zip(_DEFINITIONS, _DEFINITION_HINTS, strict=True):
            if not hint.search(text):
                continue
            for m in pattern.finditer(text):
                a, b = m.group(1), m.group(2)
                acr, long_form = (b, a) if pattern is _DEFINITIONS[0] else (a, b)
                ws = long_form.split()
                # the long form may have picked up capitalised words before it: keep the tail
                for k in range(len(ws)):
                    tail = " ".join(ws[k:])
                    if ws[k].lower() not in _MINOR and acronym_matches(acr, tail):
                        found[acr].add(tail)
                        break
    return {a: next(iter(v)) for a, v in sorted(found.items()) if len(v) == 1}


class _Joiner:
    """Union-find over node keys that remembers the rule of every join."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)
        self.pos = {k: i for i, k in enumerate(self.keys)}
        self.links: list[tuple[int, int]] = []
        self.rule: dict[str, str] = {}  # node → rule by which it joined another

    def add(self, key: str) -> None:
        if key not in self.pos:
            self.pos[key] = len(self.keys)
            self.keys.append(key)

    def join(self, node: str, target: str, rule: str) -> None:
        if node == target:
            return
        self.links.append((self.pos[node], self.pos[target]))
        self.rule.setdefault(node, rule)

    def roots(self) -> dict[str, str]:
        r = union_find(len(self.keys), self.links)
        return {k: self.keys[r[i]] for i, k in enumerate(self.keys)}


def _majority(counter: Counter) -> str:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def canonical_entities(
    mentions: Sequence[Mention],
    gazetteer=None,
    texts: Iterable[str] = (),
    similarity: float = 92.0,
    acronyms: Mapping[str, str] | None = None,
) -> tuple[list[Entity], list[str]]:
    """Cluster mentions into entities; returns the entities and each mention's entity_id.

    ``gazetteer`` (a :class:`sourcebook.core.gazetteer.Gazetteer`) is the alias data; ``texts``
    are the paragraphs scanned for acronym definitions, or ``acronyms`` the definitions
    :func:`find_acronyms` found in them already. The rules join the mentions' nodes in the
    order of the module's docstring, each seeing the joins of the ones before.
    """
    graph = _Graph.of(mentions)
    _join_same_name(graph, gazetteer)
    _join_people(graph)
    long_forms = _join_acronyms(graph, find_acronyms(texts) if acronyms is None else acronyms)
    _join_similar(graph, similarity)
    return _entities(graph, gazetteer, long_forms)


@dataclass
class _Graph:
    """The mentions as nodes, and the joins between nodes (:class:`_Joiner`).

    A mention's node is its canonical id, else ``name:<folded name>``, except that a surname
    given in a document with one full PERSON name ending in it joins that name's node
    (``node_rule`` remembers why); ``long:<folded name>`` nodes stand for acronyms' long forms
    no mention gives."""

    mentions: Sequence[Mention]
    folded: list[str]  # each mention's folded name
    node_of: list[str]  # each mention's node ("" for a name that folds to nothing)
    node_rule: dict[str, str]  # folded surname → the rule that put it in another node
    nodes: list[str]  # the mentions' nodes, sorted
    node_mentions: dict[str, list[int]]  # node → its mentions' positions
    labels: dict[str, Counter]  # node → its mentions' labels
    forms: dict[str, Counter]  # node → its mentions' folded names
    joiner: _Joiner

    @classmethod
    def of(cls, mentions: Sequence[Mention]) -> _Graph:
        cache: dict[tuple[str, bool], str] = {}
        folded = []
        for m in mentions:
            key = (m.text, m.label == "PERSON")
            f = cache.get(key)
            if f is None:
                f = cache[key] = fold_name(m.text, titles=key[1])
            folded.append(f)
        node_of, node_rule = _nodes(mentions, folded)
        node_mentions: dict[str, list[int]] = defaultdict(list)
        for i, node in enumerate(node_of):
            if node:
                node_mentions[node].append(i)
        nodes = sorted(node_mentions)
        return cls(
            mentions,
            folded,
            node_of,
            node_rule,
            nodes,
            node_mentions,
            {n: Counter(_field(mentions, node_mentions[n], "label")) for n in nodes},
            {n: Counter(map(folded.__getitem__, node_mentions[n])) for n in nodes},
            _Joiner(nodes),
        )

    def is_person(self, node: str) -> bool:
        """Whether at least half the node's mentions are PERSON."""
        return self.labels[node]["PERSON"] * 2 >= sum(self.labels[node].values())


def _nodes(mentions: Sequence[Mention], folded: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Each mention's node: its canonical id, else the one full PERSON name of its document
    ending in its (one-word) name, else its folded name; and the rule of every surname put in
    a full name's node."""
    full_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, f in zip(mentions, folded, strict=True):
        ws = f.split()
        if m.label == "PERSON" and len(ws) >= 2:
            full_in_doc[(m.doc_id, ws[-1])].add(m.canonical_id or "name:" + f)
    node_of: list[str] = []
    node_rule: dict[str, str] = {}
    for m, f in zip(mentions, folded, strict=True):
        if m.canonical_id:
            node_of.append(m.canonical_id)
            continue
        fulls = full_in_doc.get((m.doc_id, f), set()) if f and " " not in f else set()
        if len(fulls) == 1:
            node = next(iter(fulls))
            node_of.append(node)
            node_rule.setdefault(f, "surname in same document")
        else:
            node_of.append("name:" + f if f else "")
    return node_of, node_rule


def _join_same_name(graph: _Graph, gazetteer) -> None:
    """Unidentified names: the id the same name has elsewhere, or the alias data's."""
    ids_of_name: dict[str, set[str]] = defaultdict(set)
    for m, f in zip(graph.mentions, graph.folded, strict=True):
        if m.canonical_id and f:
            ids_of_name[f].add(m.canonical_id)
    joiner = graph.joiner
    for n in graph.nodes:
        if not n.startswith("name:"):
            continue
        f = n[5:]
        ids = ids_of_name.get(f, set())
        if " " not in f and all(i.startswith("person:") for i in ids):
            ids = set()  # a surname: linked by the surname rules
        if len(ids) == 1:
            joiner.join(n, next(iter(ids)), "same name as identified mention")
            continue
        entry = gazetteer.lookup(f) if gazetteer is not None else None
        if entry is not None:
            joiner.add(entry.id)
            joiner.join(n, entry.id, f"alias data ({entry.id})")


def _join_people(graph: _Graph) -> None:
    """Person names: variants of one name, then surnames unambiguous in the corpus."""
    joiner = graph.joiner
    people = [n for n in graph.nodes if graph.is_person(n)]
    by_pkey: dict[str, list[str]] = defaultdict(list)
    for n in people:
        longest = max(graph.forms[n], key=lambda f: (len(f.split()), len(f), f))
        if len(longest.split()) >= 2:
            by_pkey[person_key(longest)].append(n)
    for group in by_pkey.values():
        for n in group[1:]:
            joiner.join(n, group[0], "person name variant")
    roots = joiner.roots()
    surname_of: dict[str, set[str]] = defaultdict(set)
    for n in people:
        for f in graph.forms[n]:
            ws = f.split()
            if len(ws) >= 2:
                surname_of[ws[-1]].add(roots[n])
    for n in people:
        if not n.startswith("name:") or " " in n[5:]:
            continue
        targets = surname_of.get(n[5:], set()) - {roots[n]}
        if len(targets) == 1:
            joiner.join(n, next(iter(targets)), "surname unambiguous in corpus")


def _join_acronyms(graph: _Graph, defined: Mapping[str, str]) -> dict[str, str]:
    """Acronyms defined in the text joined with their long forms (a ``long:`` node when no
    mention gives the long form); returns acronym node → long form."""
    joiner = graph.joiner
    long_forms: dict[str, str] = {}
    for acr, long_form in defined.items():
        a_node, l_key = "name:" + fold_name(acr), fold_name(long_form)
        if a_node not in joiner.pos:
            continue
        l_nodes = [
            n
            for n in graph.nodes
            if n.startswith("name:")
            and n != a_node
            and (n[5:] == l_key or (l_key.startswith(n[5:] + " ") and len(n[5:].split()) >= 3))
        ]
        if ("name:" + l_key) not in l_nodes:
            joiner.add("long:" + l_key)
            graph.forms["long:" + l_key] = Counter({l_key: 1})
            graph.node_mentions["long:" + l_key] = []
            graph.labels["long:" + l_key] = Counter()
            l_nodes.append("long:" + l_key)
        rule = f"acronym defined in text ({acr} = {long_form})"
        for n in l_nodes:
            joiner.join(n, a_node, rule)
        joiner.rule.setdefault(a_node, rule)
        long_forms[a_node] = long_form
    return long_forms


def _join_similar(graph: _Graph, similarity: float) -> None:
    """Names of one type (and first letter) whose rapidfuzz ratio reaches ``similarity`` and
    whose digits are the same."""
    from rapidfuzz import fuzz, process

    joiner = graph.joiner
    roots = joiner.roots()
    cluster_label: dict[str, Counter] = defaultdict(Counter)
    for n in graph.nodes:
        cluster_label[roots[n]].update(graph.labels[n])
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for n in graph.nodes:
        f = _majority(graph.forms[n])
        if len(f) >= 6:
            blocks[(_majority(cluster_label[roots[n]]), f[0])].append((f, n))
    for block in blocks.values():
        if len(block) < 2:
            continue
        names = [f for f, _ in block]
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=similarity)
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j and re.sub(r"\D", "", names[i]) == re.sub(r"\D", "", names[j]):
                a, b = block[i][1], block[j][1]
                if roots[a] != roots[b]:
                    joiner.join(b, a, f"string similarity {scores[i, j]:.0f}")


def _entities(
    graph: _Graph, gazetteer, long_forms: Mapping[str, str]
) -> tuple[list[Entity], list[str]]:
    """The entities of the joined nodes (most documents first) and each mention's entity id."""
    roots = graph.joiner.roots()
    members: dict[str, list[str]] = defaultdict(list)
    for n in graph.joiner.keys:
        members[roots[n]].append(n)
    mentions = graph.mentions
    entities: list[Entity] = []
    node_entity: dict[str, str] = {}
    used_ids: set[str] = set()
    for root in sorted(members, key=lambda r: min(members[r])):
        group = members[root]
        idx = sorted(i for n in group for i in graph.node_mentions.get(n, []))
        if not idx:
            continue
        etype = _majority(Counter(_field(mentions, idx, "label")))
        acr = next((n for n in group if n in long_forms), "")
        name, entity_id = _name_and_id(idx, mentions, etype, gazetteer, acr, long_forms.get(acr))
        base, k = entity_id, 2
        while entity_id in used_ids:
            entity_id, k = f"{base}-{k}", k + 1
        used_ids.add(entity_id)
        variants = sorted(Counter(_field(mentions, idx, "text")))
        variants += [long_forms[n] for n in group if n in long_forms]
        entities.append(
            Entity(
                entity_id=entity_id,
                name=name,
                type=etype,
                variants=sorted(set(variants)),
                doc_ids=sorted({mentions[i].doc_id for i in idx}),
                mentions=len(idx),
                merge_rules=_merge_rules(graph, group, name),
            )
        )
        for n in group:
            node_entity[n] = entity_id
    assignment = [node_entity.get(n, "") for n in graph.node_of]
    entities.sort(key=lambda e: (-len(e.doc_ids), -e.mentions, e.entity_id))
    return entities, assignment


def _merge_rules(graph: _Graph, group: Sequence[str], name: str) -> list[str]:
    """Why each variant of the nodes ``group`` became the entity ``name``:
    ``"<rule>: <variant> → <name>"``, sorted."""
    rules = set()
    for n in group:
        rule = graph.joiner.rule.get(n)
        for i in graph.node_mentions.get(n, []):
            v = graph.mentions[i].text
            if fold_name(v) == fold_name(name):
                if v != name:
                    rules.add(f"case/title folding: {v} → {name}")
                continue
            r = rule or _id_rule(graph.mentions[i], name, graph.node_rule)
            rules.add(f"{r}: {v} → {name}")
    return sorted(rules)


def _id_rule(m: Mention, name: str, node_rule: dict[str, str]) -> str:
    """The rule that put a mention with extract's id (or a same-document surname) in its node."""
    f = fold_name(m.text)
    cid = m.canonical_id
    if cid and not cid.startswith("person:"):
        return f"alias data ({cid})"
    if cid:
        if " " not in f and fold_name(name).split()[-1:] == [f]:
            return "surname in same document"
        return f"person name variant ({cid})"
    return node_rule.get(f, "same node")


def _field(mentions: Sequence[Mention], idx: Iterable[int], name: str) -> Iterator[Any]:
    """``mentions[i].<name>`` for i in ``idx`` (map and attrgetter: twice a generator's speed
    over the 600,000 mentions of a 10k corpus)."""
    return map(attrgetter(name), map(mentions.__getitem__, idx))


_POSSESSIVE = re.compile(r"['’]s?$")
_THE_LEAD = re.compile(r"^[Tt]he\s+")


def _name_and_id(
    idx: Sequence[int],
    mentions: Sequence[Mention],
    etype: str,
    gazetteer,
    acr_node: str = "",
    long_form: str | None = None,
) -> tuple[str, str]:
    """Canonical name and id: the gazetteer's, an acronym's long form, else the most
    frequent (for people: the longest) form without titles."""
    ids = Counter(mentions[i].canonical_id for i in idx if mentions[i].canonical_id)
    gaz_ids = [i for i in ids if not i.startswith("person:")]
    if gaz_ids and gazetteer is not None:
        best = sorted(gaz_ids, key=lambda i: (-ids[i], i))[0]
        entry = next((e for e in gazetteer.entries if e.id == best), None)
        if entry is not None:
            return entry.names[0], best
    if acr_node and long_form:
        return long_form, f"{etype.lower()}:{slug(acr_node[5:])}"
    forms: Counter = Counter()
    for text, n in Counter(_field(mentions, idx, "text")).items():  # each distinct text once
        t = _POSSESSIVE.sub("", text.strip())
        if etype == "PERSON":
            t = _TITLE_LEAD.sub("", t) or t
        t = _THE_LEAD.sub("", t).strip(" *_")
        forms[t] += n
    name = sorted(forms, key=lambda f: (-len(f.split()) if etype == "PERSON" else 0, -forms[f], f))[
        0
    ]
    if gaz_ids:
        return name, sorted(gaz_ids, key=lambda i: (-ids[i], i))[0]
    if etype == "PERSON":
        pid = [i for i in ids if i.startswith("person:")]
        if pid:
            return name, sorted(pid, key=lambda i: (-ids[i], i))[0]
        return name, "person:" + slug(name)
    return name, f"{etype.lower()}:{slug(name)}"

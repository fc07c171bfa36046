"""Merge across sources: canonical entities from the mentions of every document.

Mentions become nodes (one per canonical id from extract/the gazetteer, else one per folded
name), nodes are joined by rules, and every join is recorded so a user can see why two names
became one (:attr:`Entity.merge_rules`, entries ``"<rule>: <variant> → <name>"``):

- ``case/title/suffix folding``: the same name up to case, accents, punctuation, "the",
  possessives, personal titles (people: "President Biden" → "biden", "Dr Gupta" → "gupta") and
  legal suffixes (the rest: "Microsoft Corp." → "microsoft");
- ``canonical id``: extract's id (gazetteer entry, or the person of a full name in the document);
- ``alias data``: the gazetteer names the mention as written (Kiev → city:kyiv; a name the
  gazetteer knows only as written must be written so: "Us" is not country:US), unless the
  text defines that acronym as something else ("Piracy Reporting Centre (PRC)");
- ``same name as identified mention``: an unidentified mention whose folded name is, elsewhere,
  always given one canonical id (same case rule, and a compatible type);
- ``surname in same document`` / ``surname unambiguous in corpus``: a capitalised one-word
  PERSON name ("Stoltenberg") → the one full PERSON name ending in it, in the mention's
  document, else in the whole corpus (also where the document names a second person of that
  surname otherwise: a first name of the corpus, "Yazan" of "Yazan Haddad", or a full name
  NER tagged ORG; then ``surname of the corpus's most named full name``);
- ``surname with the title of one full name``: a one-word PERSON name after a title ("Judge
  Johnson") that exactly one person of the corpus of that surname is written after ("Judge
  Harriet M. Johnson"), whichever Johnson its document names in full;
- ``relative's possessive``: a one-word name before "'s", a relative and the relative's name
  ("Gaddafi's son Saif al-Islam") is not the relative but the one other person of the corpus
  of that surname ("Muammar Gaddafi");
- ``short form in same document``: a capitalised one-word name (no acronym, no surname, no
  group) → the one two-word ORG name of its document that starts with it ("Alaska" in an
  article on "Alaska Airlines", whatever NER called it), if the corpus writes the word mostly
  in such documents;
- ``person name variant``: the same person name without middle initials and suffixes, accents
  and doubled letters ("Donald J. Trump" = "Donald Trump", "Zelenskyy" = "Zelensky");
- ``transliteration variant`` / ``person name in another order``: one consonant skeleton
  ("Gaddafi" = "Kadhafi", "Wolodymyr Selenskyj" = "Volodymyr Zelensky"), the same three words
  or more in another order ("Park Ji-hoon" = "Ji-hoon Park");
- ``short form of a given name``: "Matt Hollis" = "Matthew R. Hollis" (one Hollis it fits);
- ``first name unambiguous in corpus``: a capitalised one-word PERSON name, no surname, that
  starts exactly one full name of the corpus ("Yazan" = "Yazan Haddad"); ``first name and
  surname in its documents``: of several, the one whose surname its documents write;
- ``acronym defined in text``: "NATO Security Assistance and Training for Ukraine, or NSATU",
  "NMU - for NATO Mission Ukraine", "… (NSATU)", "European Union Naval Force (EUNAVFOR)";
- ``initials of a name in corpus``: an acronym in capitals that is the initials of exactly one
  longer name of the corpus ("NTSB" = "National Transportation Safety Board", "L.A.");
- ``ticker of a name in corpus``: a stock ticker in capitals, in sentences on a stock's move
  ("MSFT was flat"), whose letters the first word of exactly one organisation name of its
  documents holds in order ("Microsoft");
- ``initials of an acronym in corpus``: a longer name left alone whose initials are exactly one
  acronym of the corpus ("U.S. Geological Survey" = "USGS");
- ``place transliteration``: place names of one consonant skeleton written alike ("Sebha" =
  "Sabha", "Tskaltubo" = "Tsqaltubo"), never two gazetteer places, never a demonym;
- ``short form of a name in corpus``: an organisation named by the first words of exactly one
  longer organisation name of the corpus ("Spirit" = "Spirit AeroSystems"); ``short form of a
  name in its context``: of several, the one whose documents share the most names with its
  own ("United" = "United Airlines" beside Boeing and the FAA, not the United Nations);
- ``the same body with its place``: an organisation's name that is a place or nationality of
  the corpus before exactly one other organisation name ("U.S. Federal Aviation
  Administration", "Spanish National Police");
- ``club named by its place``: a place that a club's name holds ("Madrid" of "Real Madrid
  C.F."), in a document naming the club, where its sentence reads it as an agent ("Madrid has
  been looking for a striker", not "in Madrid" nor a dateline);
- ``other name in brackets``: "the National Police (Policía Nacional)";
- ``US state abbreviation``: "Calif." = "California" (the AP's abbreviations); a gazetteer
  city named like a US state that its sentence writes as a region ("Renton, Washington,",
  "eastern Washington", "Washington state") is the state (``gpe:washington``), not the city;
  a country named like one ("Georgia") is where its documents say so ("Macon, Georgia,") and
  share their names with the documents that do, not with those that name its people
  ("Georgian");
- ``the same road``: one road's names in documents that share their context ("SR 20" =
  "State Route 20" = "Highway 20", "Calle de Serrano" = "Serrano Street");
- ``string similarity``: rapidfuzz ratio ≥ ``similarity`` between names of one type.

Rules join only names of compatible types (a person never joins a place or an organisation by
name alone), never two gazetteer places by their spelling, and a name joined across the corpus
by its spelling alone (a surname or first name of one full name of the corpus, a place's
transliteration, string similarity) only where the documents of the two share a tenth of their
other names, each weighted by how few documents give it (:meth:`_Context.shared`: "Atalanta",
the EU's naval operation, is no "Atlanta", though the stories of both name the U.S. and NATO).

Before the joins, :func:`spread_known_names` finds the corpus's names where a document writes
one and NER left it untagged (the small model tags a name in one article and not the next): a
name NER tagged in most of the places it stands alone becomes a mention wherever it does, in
headlines too; a person's first name or surname tagged less often, where its document names
the person in full; an acronym's long form the text defines, wherever it stands alone; and a
mention NER ran over two known names ("Real Madrid Champions League") becomes those names. The
type of an entity is the majority label over all its mentions; its id is the gazetteer's, else
``<type>:<slug of its canonical name>`` with the spelling kept ("person:jake-sullivan").
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

from sourcebook.core.dates import MONTHS, WEEKDAYS
from sourcebook.core.gazetteer import STOCK_EXCHANGES, US_STATE_ABBREVIATIONS, US_STATE_CODES
from sourcebook.core.schema import Mention
from sourcebook.core.text import (
    NAME_SUFFIXES,
    fold_name_key,
    is_title_word,
    name_slug,
    sentence_of,
    strip_possessive,
    strip_titles,
    word_set,
)
from sourcebook.extract.cleanup import credit_spans
from sourcebook.extract.headlines import headline_case
from sourcebook.extract.numbers import SMALL, TENS
from sourcebook.normalise.align import to_raw


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
#: legal forms an acronym may keep the initial of ("TSMC": Taiwan Semiconductor Manufacturing Co.)
_COMPANY = frozenset({"co", "corp", "company", "corporation"})
_SUFFIXES = NAME_SUFFIXES


@functools.lru_cache(maxsize=1 << 16)
def fold_name(text: str, titles: bool = True) -> str:
    """Folded key of a name: personal titles (if ``titles``), "the", possessive, case, accents
    and punctuation dropped ("President Biden" → "biden", "The *Wall Street Journal" →
    "wall street journal"); :func:`sourcebook.core.text.fold_name_key` after
    :func:`sourcebook.core.text.strip_titles`."""
    return fold_name_key(strip_titles(text) if titles else text)


@functools.lru_cache(maxsize=1 << 16)
def node_name(text: str, person: bool) -> str:
    """The folded name a mention's node is keyed by: a person's without titles, any other
    name's without its legal suffix ("Microsoft Corp." → "microsoft") and with a model
    number's plural dropped ("F-16s" → "f 16")."""
    if person:
        return fold_name(text)
    return _CODE_PLURAL.sub(r"\1", fold_name_key(text, legal_suffixes=True))


_CODE_PLURAL = re.compile(r"(\d)s\b")  # "MAX 9s", "F-16s": the model, not a plural
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1 << 16)
def person_key(folded: str) -> str:
    """A folded person name reduced for variant matching: middle initials and suffixes dropped,
    doubled letters collapsed ("donald j trump" → "donald trump", "zelenskyy" → "zelensky")."""
    ws = [w for w in folded.split() if w not in _SUFFIXES]
    if len(ws) > 2:
        ws = [ws[0], *(w for w in ws[1:-1] if len(w) > 1), ws[-1]]
    return re.sub(r"([a-z])\1+", r"\1", " ".join(ws))


#: the fewest words of a name matched in another order (family name first or last: "Park
#: Ji-hoon" = "Ji-hoon Park"); two words ("Li Wei", "Wei Li") may be two people
ORDER_MIN_WORDS = 3


#: words that say whose son or daughter follows: the order of such a name's words tells two
#: people apart ("Hamad bin Khalifa" is not "Khalifa bin Hamad")
_PATRONYMIC = frozenset({"bin", "ibn", "bint", "binti", "ben", "ould", "bte"})


def order_key(folded: str) -> str:
    """A folded person name's words (:func:`person_key`) in sorted order, "" when it has fewer
    than :data:`ORDER_MIN_WORDS` words or names a parent (:data:`_PATRONYMIC`)."""
    ws = person_key(folded).split()
    if len(ws) < ORDER_MIN_WORDS or _PATRONYMIC.intersection(ws):
        return ""
    return " ".join(sorted(ws))


_PARTICLES = frozenset({"al", "el", "ad", "ibn", "bin", "abu", "van", "von", "de", "da", "di"})
_SOUNDS = str.maketrans("gqczpv", "kkksbf", "aeiouhwyj")


def _skeleton(word: str) -> str:
    """A word's consonants by sound class, doubles collapsed ("gaddafi", "kadhafi" → "kdf"); a
    "w" that starts the word is a "v" (German and Polish spelling: "Wolodymyr" = "Volodymyr")."""
    if word[:1] == "w":
        word = "v" + word[1:]
    return re.sub(r"(.)\1+", r"\1", word.translate(_SOUNDS))


def sound_key(folded: str) -> str:
    """A folded person name reduced to its consonant skeleton, given names run together, for
    transliterations ("muammar gaddafi" = "moammar gadhafi" → "mr kdf", "abdul hamid dbeibah"
    = "abdelhamid dbeibah"); "" when too short to tell people apart."""
    ws = [w for w in folded.split() if w not in _PARTICLES and w not in _SUFFIXES]
    if len(ws) < 2:
        return ""
    given, last = "".join(map(_skeleton, ws[:-1])), _skeleton(ws[-1])
    enough = len(given) >= 2 and len(last) >= 2 and len(given + last) >= 5
    return f"{given} {last}" if enough else ""


def slug(text: str) -> str:
    """The id part of a name: folded, words joined by hyphens, spelling kept ("General
    Atomics" → "general-atomics")."""
    return name_slug(text) or re.sub(r"\W+", "-", text.casefold()).strip("-") or "entity"


def acronym_matches(acronym: str, long_form: str) -> bool:
    """Whether ``acronym`` is made of the initials of ``long_form``'s words (minor words may
    be skipped): NSATU ~ NATO Security Assistance and Training for Ukraine; or, for one of
    :data:`CLIPPED_MIN` letters or more, of the starts of its words in order (every word but
    a minor one gives one letter or more): EUNAVFOR ~ European Union Naval Force."""
    acr = acronym.rstrip("s").upper()
    ws = [w for w in re.split(r"[\s-]+", long_form) if w]
    full = "".join(w[0].upper() for w in ws)
    major = "".join(w[0].upper() for w in ws if w.lower() not in _MINOR)
    if len(acr) >= 2 and acr in (full, major):
        return True
    return len(acr) >= CLIPPED_MIN and _clipped(acr, tuple(w.upper() for w in ws))


#: the fewest letters of an acronym made of the starts of words (EUNAVFOR, not "EUN")
CLIPPED_MIN = 5


@functools.lru_cache(maxsize=1 << 12)
def _clipped(acr: str, words: tuple[str, ...]) -> bool:
    """Whether ``acr`` is the starts of ``words`` in order, one letter or more of each (a
    minor word may give none)."""
    if not words:
        return not acr
    w, rest = words[0], words[1:]
    if w.lower() in _MINOR and _clipped(acr, rest):
        return True
    k = 1
    while k <= min(len(w), len(acr)) and acr[k - 1] == w[k - 1]:
        if _clipped(acr[k:], rest):
            return True
        k += 1
    return False


def find_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronym → long form, from definitions in the text, stock tickers among them ("Nortessa
    Semiconductor (NASDAQ: NTSA)"); an acronym defined two ways is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        if not _CAPS.search(text):
            continue  # no acronym, no definition
        if "(" in text and _TICKER_HINT.search(text):
            for m in _TICKER.finditer(text):
                found[m.group(2) or m.group(3)].add(_company(m.group(1)))
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


#: a company and its stock ticker: "Nortessa Semiconductor (NASDAQ: NTSA)", "Boeing (BA.N)"
_TICKER = re.compile(
    r"((?:[A-Z][\w’'&.-]*\s+){0,6}[A-Z][\w’'&.-]*?),?\s*\("
    r"(?:(?:" + STOCK_EXCHANGES + r")"
    r"\s*:\s*([A-Z]{1,5})(?:\.[A-Z]{1,2})?|([A-Z]{1,5})\.[A-Z]{1,2})\)"
)
_TICKER_HINT = re.compile(r"\((?:[A-Z][A-Za-z]+\s*:\s*)?[A-Z]{1,5}\b")


def _company(long_form: str) -> str:
    """The company of a ticker definition: the capitalised words before it, without a "The"."""
    return re.sub(r"^(?:The|Shares of)\s+", "", long_form.strip())


class _Joiner:
    """Union-find over node keys (the root of a cluster is its first key) that remembers the
    rule of every join: ``rule`` of the node that joined, ``met`` of the node it joined."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)
        self.pos = {k: i for i, k in enumerate(self.keys)}
        self.parent = list(range(len(self.keys)))
        self.rule: dict[str, str] = {}  # node → rule by which it joined another
        self.met: dict[str, str] = {}  # node → rule of the first join onto it

    def add(self, key: str) -> None:
        if key not in self.pos:
            self.pos[key] = len(self.keys)
            self.keys.append(key)
            self.parent.append(self.pos[key])

    def _find(self, i: int) -> int:
        """The root index of index ``i`` (paths halved on the way)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def find(self, key: str) -> str:
        """The root of ``key``'s cluster."""
        return self.keys[self._find(self.pos[key])]

    def join(self, node: str, target: str, rule: str) -> None:
        """Put ``node``'s cluster into ``target``'s, remembering ``rule``."""
        if node == target:
            return
        a, b = self._find(self.pos[node]), self._find(self.pos[target])
        if a != b:
            self.parent[max(a, b)] = min(a, b)
        self.rule.setdefault(node, rule)
        self.met.setdefault(target, rule)

    def roots(self) -> dict[str, str]:
        """Every key's root."""
        return {k: self.keys[self._find(i)] for i, k in enumerate(self.keys)}


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
    defined = find_acronyms(texts) if acronyms is None else acronyms
    redefined = _redefined(defined, gazetteer)
    if redefined:  # the text's definition beats the alias data, in the documents that give it
        where = _defining_docs(mentions, {a: defined[a] for a, _ in redefined})
        mentions = [
            replace(m, canonical_id="")
            if (m.text, m.canonical_id) in redefined and m.doc_id in where.get(m.text, ())
            else m
            for m in mentions
        ]
    graph = _Graph.of(_us_states(mentions))
    _join_same_name(graph, gazetteer, {node_name(a, False) for a, _ in redefined})
    _join_people(graph)
    long_forms = _join_acronyms(graph, defined)
    _join_initials(graph)
    _join_tickers(graph)
    _join_place_spellings(graph)
    _join_short_forms(graph)
    _join_place_qualified(graph)
    _join_bracketed(graph)
    _join_state_abbreviations(graph)
    _join_roads(graph)
    _join_similar(graph, similarity)
    return _entities(graph, gazetteer, long_forms)


def _redefined(defined: Mapping[str, str], gazetteer) -> set[tuple[str, str]]:
    """(acronym, id) of the acronyms the text defines as something else than the gazetteer
    entry they name ("Piracy Reporting Centre (PRC)", not China): the text's definition
    beats the alias data."""
    out = set()
    for acr, long_form in defined.items() if gazetteer is not None else ():
        entry = gazetteer.lookup_as_written(acr)
        if (
            entry is not None
            and acronym_matches(acr, long_form)
            and fold_name_key(long_form) not in {fold_name_key(n) for n in entry.names}
        ):
            out.add((acr, entry.id))
    return out


def _defining_docs(
    mentions: Sequence[Mention], long_forms: Mapping[str, str]
) -> dict[str, set[str]]:
    """The documents that give each acronym of ``long_forms`` (acronym → long form) its long
    form: one of their mentions is the long form, or the acronym's sentence writes it ("the
    Piracy Reporting Centre (PRC)"); elsewhere "PRC" stays the alias data's China."""
    keys = {fold_name_key(lf): acr for acr, lf in long_forms.items()}
    out: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        acr = keys.get(fold_name_key(m.text))
        if acr is not None:
            out[acr].add(m.doc_id)
        elif m.text in long_forms and long_forms[m.text].casefold() in m.sentence.casefold():
            out[m.text].add(m.doc_id)
    return out


#: labels that may name the same thing: a rule never joins names of two different groups
_GROUPS = {"GPE": "place", "LOC": "place", "FAC": "place", "PERSON": "person", "NORP": "group"}


def compatible(a: str, b: str) -> bool:
    """Whether labels ``a`` and ``b`` may name one entity (places among themselves, people
    only with people, groups with groups; organisations, products, events … with each other)."""
    return _GROUPS.get(a, "thing") == _GROUPS.get(b, "thing")


@dataclass
class _Graph:
    """The mentions as nodes, and the joins between nodes (:class:`_Joiner`).

    A mention's node is its canonical id, else ``name:<folded name>``, except that a surname
    given in a document with one full PERSON name ending in it joins that name's node
    (``node_rule`` remembers why); ``long:<folded name>`` nodes stand for acronyms' long forms
    no mention gives."""

    mentions: Sequence[Mention]
    folded: list[str]  # each mention's folded name (:func:`node_name`)
    node_of: list[str]  # each mention's node ("" for a name that folds to nothing)
    node_rule: dict[str, str]  # folded surname → the rule that put it in another node
    nodes: list[str]  # the mentions' nodes, sorted
    node_mentions: dict[str, list[int]]  # node → its mentions' positions
    labels: dict[str, Counter]  # node → its mentions' labels
    forms: dict[str, Counter]  # node → its mentions' folded names
    joiner: _Joiner
    moved: set[int] = field(default_factory=set)  # short forms, tickers: never its name
    near: _Context | None = None  # built on first use (:meth:`context`)

    @classmethod
    def of(cls, mentions: Sequence[Mention]) -> _Graph:
        folded = [node_name(m.text, m.label == "PERSON") for m in mentions]
        named_clubs = list(_club_names(mentions, folded))  # read once, for both rules
        folded = _club_forms(folded, named_clubs)
        people = {  # one-word names their sentences read as another person of the corpus
            **{
                i: (n, "relative's possessive")
                for i, n in _kin_possessors(mentions, folded).items()
            },
            **{
                i: (n, "surname with the title of one full name")
                for i, n in _titled_surnames(mentions, folded).items()
            },
        }
        clubs = _club_places(mentions, folded, named_clubs)
        read = {i: (n, "club named by its place") for i, n in clubs.items()} | people
        if read:  # the club's, not the gazetteer place's; the titled person's
            mentions = [
                replace(m, canonical_id="") if i in read else m for i, m in enumerate(mentions)
            ]
        node_of, node_rule, moved = _nodes(mentions, folded, read)
        node_mentions: dict[str, list[int]] = defaultdict(list)
        for i, node in enumerate(node_of):
            if node:
                node_mentions[node].append(i)
        nodes = sorted(node_mentions)
        labels = {n: Counter(_field(mentions, node_mentions[n], "label")) for n in nodes}
        for i in moved:  # a short form counts as the organisation it names, a surname read
            labels[node_of[i]][mentions[i].label] -= 1  # as a person's as that person
            labels[node_of[i]]["PERSON" if i in people else "ORG"] += 1
        return cls(
            mentions,
            folded,
            node_of,
            node_rule,
            nodes,
            node_mentions,
            {n: +c for n, c in labels.items()},
            {n: Counter(map(folded.__getitem__, node_mentions[n])) for n in nodes},
            _Joiner(nodes),
            set(moved),
        )

    def is_person(self, node: str) -> bool:
        """Whether at least half the node's mentions are PERSON."""
        return self.labels[node]["PERSON"] * 2 >= sum(self.labels[node].values())

    def label(self, node: str) -> str:
        """The node's majority label ("" for a node without mentions)."""
        return _majority(self.labels[node]) if self.labels.get(node) else ""

    def place_forms(self) -> set[str]:
        """The folded names of the nodes whose majority label is a place's."""
        return {
            f for n in self.nodes if _GROUPS.get(self.label(n)) == "place" for f in self.forms[n]
        }

    def surfaces(self, node: str) -> set[str]:
        """The node's mentions as written."""
        return set(_field(self.mentions, self.node_mentions.get(node, []), "text"))

    def context(self) -> _Context:
        """The names around each name (:class:`_Context`), built once."""
        if self.near is None:
            self.near = _Context(self)
        return self.near


def _capitalised(text: str) -> bool:
    """Whether a name as written starts with a capital ("Bush", not "thick bush")."""
    return text[:1].isupper()


def _nodes(
    mentions: Sequence[Mention], folded: Sequence[str], read: Mapping[int, tuple[str, str]]
) -> tuple[list[str], dict[str, str], list[int]]:
    """Each mention's node: the node its sentence reads it as, and why (``read``: a club named by
    its place, a titled surname, a relative's possessor; :func:`_club_places`,
    :func:`_titled_surnames`, :func:`_kin_possessors`), its canonical id, else (a capitalised
    PERSON surname) the one full person name of its document ending in it
    (:func:`_surname_people`), else the organisation a short form in its document names
    (:func:`_short_forms`), else its folded name; the rule of every name put in a longer name's
    node; and the positions of the short forms. A surname extract gave the id of its document's
    one full PERSON name loses it where the document names another person of that surname
    otherwise: the corpus's rules decide."""
    full_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, f in zip(mentions, folded, strict=True):
        ws = f.split()
        if m.label == "PERSON" and len(ws) >= 2:
            full_in_doc[(m.doc_id, ws[-1])].add(m.canonical_id or "name:" + f)
    short = _short_forms(mentions, folded, {surname for _, surname in full_in_doc})
    named, people = _surname_people(mentions, folded, full_in_doc)
    node_of: list[str] = []
    node_rule: dict[str, str] = {}
    shared = {key for key, found in people.items() if len(found) > 1}
    words = {surname for _, surname in people}  # a quick test before the exact one
    for i, (m, f) in enumerate(zip(mentions, folded, strict=True)):
        key = (m.doc_id, f) if f in words else None
        two = key in shared and m.label == "PERSON" and _capitalised(m.text)
        if i in read:
            node_of.append(read[i][0])
            node_rule.setdefault(f, read[i][1])
            continue
        if m.canonical_id and not (two and len(full_in_doc.get(key, ())) == 1):
            node_of.append(m.canonical_id)
            continue
        fulls: set[str] = set()
        if m.label == "PERSON" and not two and " " not in f and _capitalised(m.text):
            fulls = full_in_doc.get((m.doc_id, f), set()) | named.get((m.doc_id, f), set())
        if len(fulls) == 1:
            node_of.append(next(iter(fulls)))
            node_rule.setdefault(f, "surname in same document")
        elif i in short:
            node_of.append(short[i])
            node_rule.setdefault(f, "short form in same document")
        else:
            node_of.append("name:" + f if f else "")
    return node_of, node_rule, sorted([*short, *read])


def _surname_people(
    mentions: Sequence[Mention],
    folded: Sequence[str],
    full_in_doc: Mapping[tuple[str, str], set[str]],
) -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]]]:
    """(doc_id, surname) → the nodes of the full names the corpus mostly tags PERSON that NER
    here called something else ("Marisol Price" tagged ORG), and → the people
    (:func:`person_key`) the document names of that surname, where it names one so or by a
    lone first name that starts one full name of the corpus ("Yazan" of "Yazan Haddad", in an
    article on his father "Ibrahim Haddad": its surname alone may be either person), with its
    full PERSON names (``full_in_doc``)."""
    labels = list(map(attrgetter("label"), mentions))
    fulls = _people(Counter(zip(folded, labels, strict=True)))
    first_of: dict[str, dict[str, str]] = defaultdict(dict)  # first name → person → surname
    for f in fulls:
        first_of[f.split()[0]][person_key(f)] = f.split()[-1]
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    firsts = {f for f, of in first_of.items() if len(of) == 1}
    for i in [i for i, f in enumerate(folded) if f in fulls or f in firsts]:
        m, f, label = mentions[i], folded[i], labels[i]
        if " " in f and label != "PERSON":
            named[(m.doc_id, f.split()[-1])].add(m.canonical_id or "name:" + f)
            people[(m.doc_id, f.split()[-1])].add(person_key(f))
        elif " " not in f and label == "PERSON":
            ((full, surname),) = first_of[f].items()
            people[(m.doc_id, surname)].add(full)
    for key, found in people.items():
        found.update(
            person_key(n.split(":", 1)[1].replace("-", " ")) for n in full_in_doc.get(key, ())
        )
    return named, people


#: a club's form at the end of its name, as written ("FC", "C.F.", "AFC", "C. F.")
_CLUB_FORM = re.compile(r"\s(?:A\.?\s?)?(?:F\.?\s?C|C\.?\s?F)\.?$")
#: the words before a place that read it as the place ("in Madrid", "across Liverpool"), in
#: English and the Romance and German words news copy and translations keep
_LOCATIVE = word_set(
    "in at from to into onto across near for of around outside inside through via toward "
    "towards en de à desde em nach bei aus dans"
)
#: what follows a name read as an agent: an auxiliary or modal ("Madrid has been looking")
_AGENT_AFTER = re.compile(
    r"\s+(?:is|was|were|are|has|have|had|will|would|could|should|can|may|might|must|did|"
    r"does|do)\b"
)
#: a dateline's place: at the start, then "/", "(" or ", " and a date ("MADRID, April 10")
_DATELINE_AFTER = re.compile(r"\s*(?:/|\(|,\s*(?:\d|[A-Z][a-z]+\.? \d))")


def _place_names(mentions: Sequence[Mention], folded: Sequence[str]) -> set[str]:
    """The folded names that NER or the gazetteer gives as places mostly (a club's name with
    its form left out)."""
    votes: Counter = Counter()
    for m, f in zip(mentions, folded, strict=True):
        if _CLUB_FORM.search(m.text):
            continue
        place = m.label in ("GPE", "LOC") or m.canonical_id.startswith(("city:", "country:"))
        votes[f] += 1 if place else -1
    return {f for f, v in votes.items() if v > 0}


def _club_names(
    mentions: Sequence[Mention], folded: Sequence[str]
) -> Iterator[tuple[int, str, set[str]]]:
    """Each mention of a club named with its form (:data:`_CLUB_FORM`: "Liverpool FC", "Real
    Madrid C.F."): its position, its name without the form, folded, and the places of the
    corpus that name holds ("liverpool"; "madrid")."""
    places = None
    for i, m in enumerate(mentions):  # the last letter first: most names end in no form
        if m.text[-1:] in "CF." and m.label != "PERSON" and _CLUB_FORM.search(m.text):
            places = _place_names(mentions, folded) if places is None else places
            base = fold_name_key(m.text, legal_suffixes=True)
            yield i, base, {base, *base.split()} & places


def _club_forms(
    folded: Sequence[str], named_clubs: Iterable[tuple[int, str, set[str]]]
) -> list[str]:
    """``folded`` with a club's form kept where its name without it is a place's ("Liverpool
    FC" is no "Liverpool"; ``named_clubs``: :func:`_club_names`)."""
    out = list(folded)
    for i, base, places in named_clubs:
        if base in places:
            out[i] = base + " fc"
    return out


def _club_places(
    mentions: Sequence[Mention],
    folded: Sequence[str],
    named_clubs: Iterable[tuple[int, str, set[str]]],
) -> dict[int, str]:
    """Position → club node of the mentions of a place that a club's name holds ("Madrid" of
    "Real Madrid C.F.", "Liverpool" of "Liverpool FC"; a club named with its form somewhere in
    the corpus, the only one of that place) that read as the club (:func:`_reading`): the
    place NER took for an organisation or a person ("Liverpool were willing"), in a document
    that names a club of the corpus by its name; an agent ("Madrid has been looking", "Madrid
    was the dream."), in a document on football, one that names two of its clubs. Never after
    a word that reads it as the place ("in Madrid", "across Liverpool") nor as a dateline;
    "Madrid has asked Brussels" in a story naming no club stays the city, "Manchester was in
    mourning" in one naming Manchester United F.C. alone too. ``named_clubs``: the clubs'
    mentions (:func:`_club_names`)."""
    clubs: dict[str, set[str]] = defaultdict(set)  # place → club nodes
    club_names: set[str] = set()  # the clubs' names as folded, with or without their form
    for i, base, places in named_clubs:
        for place in places:
            clubs[place].add("name:" + folded[i])
        club_names |= {folded[i]} | ({base} - places)
    club_of = {p: next(iter(c)) for p, c in clubs.items() if len(c) == 1}
    if not club_of:
        return {}
    in_doc: dict[str, set[str]] = defaultdict(set)  # document → the clubs it names
    for m, f in zip(mentions, folded, strict=True):
        if f in club_names:
            in_doc[m.doc_id].add(f)
    least = {"body": 1, "agent": 2}  # the clubs a document must name for a reading
    return {
        i: club_of[f]
        for i, (m, f) in enumerate(zip(mentions, folded, strict=True))
        if f in club_of and len(in_doc.get(m.doc_id, ())) >= least.get(_reading(m), 99)
    }


def _reading(m: Mention) -> str:
    """How mention ``m`` of a place reads in its sentence: "place" (after a word that reads it
    so, :data:`_LOCATIVE`, or as a dateline), "body" (NER took it for an organisation or a
    person), "agent" (a verb's auxiliary after it, or the clause's end, not after "and", "or"
    or a comma), or ""."""
    if m.sentence.count(m.text) != 1:
        return ""
    at = m.sentence.index(m.text)
    before, after = m.sentence[:at], m.sentence[at + len(m.text) :]
    words = before.split()
    last = words[-1].strip("\"'“‘(").casefold() if words else ""
    if last in _LOCATIVE or (not before.strip() and _DATELINE_AFTER.match(after)):
        return "place"
    if m.label in ("ORG", "PERSON"):
        return "body"
    if _AGENT_AFTER.match(after) is not None:
        return "agent"
    listed = last in ("and", "or", "&") or before.rstrip().endswith(",")
    return "agent" if not listed and re.match(r"\s*[.?!;:\"”]", after) else ""


def _title_before(m: Mention) -> str:
    """The title written right before mention ``m`` in its sentence ("Judge" of "Judge
    Johnson"; of the places the sentence writes the name, the one no other name runs into:
    not "Marcus Johnson"), folded without its punctuation, or ""."""
    text, sentence = m.text, m.sentence
    words = []
    at = sentence.find(text)
    while at >= 0:
        end = at + len(text)
        whole = end == len(sentence) or not (sentence[end].isalnum() or sentence[end] in "'’-")
        if whole and (at == 0 or sentence[at - 1].isspace()):
            before = sentence[:at].rsplit(None, 1)
            word = before[-1].lstrip("\"'“‘(") if before else ""
            if not word or is_title_word(word) or not _capitalised(word):
                words.append(word)
        at = sentence.find(text, at + 1)
    if len(words) != 1 or not words[0] or not is_title_word(words[0]):
        return ""
    return words[0].rstrip(".,:").casefold()


def _titled_surnames(mentions: Sequence[Mention], folded: Sequence[str]) -> dict[int, str]:
    """Position → full name node of the one-word PERSON names after a title of office ("Judge
    Johnson"; no courtesy title: "Mr.", "Dr.") that exactly one person of the corpus
    (:func:`person_key`) of that surname is written after ("Judge Harriet M. Johnson"), in a
    document that shares its names with one of theirs (three names' worth, weighted as in
    :meth:`_Context.weights`): that person, not the document's other Johnson ("Marcus
    Johnson", whom extract's surname rule gave it); "Sen. Kennedy" of a Louisiana story is no
    "Sen. Edward Kennedy" of a Massachusetts one."""
    titled = {
        i: (f, title)
        for i, (m, f) in enumerate(zip(mentions, folded, strict=True))
        if m.label == "PERSON"
        and f
        and " " not in f
        and (title := _title_before(m))
        and title not in _COURTESY
    }
    if not titled:
        return {}
    surnames = {f for f, _ in titled.values()}
    bearers: dict[tuple[str, str], set[str]] = defaultdict(set)  # (surname, title) → people
    nodes: dict[str, Counter] = defaultdict(Counter)  # person → the nodes of their mentions
    written: dict[tuple[str, str], set[str]] = defaultdict(set)  # (person, title) → documents
    for m, f in zip(mentions, folded, strict=True):
        surname = f.rsplit(" ", 1)[-1]
        if m.label == "PERSON" and " " in f and surname in surnames and (t := _title_before(m)):
            bearers[(surname, t)].add(person_key(f))
            nodes[person_key(f)][m.canonical_id or "name:" + f] += 1
            written[(person_key(f), t)].add(m.doc_id)
    found = {i: next(iter(bearers[k])) for i, k in titled.items() if len(bearers.get(k, ())) == 1}
    if not found:
        return {}
    names, weight = _document_names(zip(map(attrgetter("doc_id"), mentions), folded, strict=True))
    out = {}
    for i, person in found.items():
        doc, (surname, title) = mentions[i].doc_id, titled[i]
        docs = written[(person, title)]
        own = names[doc] - {surname}
        shared = (sum(weight[n] for n in own & names[d]) for d in docs)
        if doc in docs or any(w >= SHARED_NAMES_LEAST for w in shared):
            out[i] = _majority(nodes[person])
    return out


#: courtesy titles, which tell nothing of who of a surname is meant
_COURTESY = word_set("mr mrs ms miss mx dr")


_POSSESSIVE_HINT = re.compile(r"['’][sS]\s")
#: the words for a relative after a possessive surname ("Gaddafi's son")
_KIN = (
    "sons?|daughters?|father|mother|wife|husband|widow|widower|brothers?|sisters?|nephew|niece|"
    "grandson|granddaughter|grandfather|grandmother|uncle|aunt|cousin|heir"
)


def _kin_possessors(mentions: Sequence[Mention], folded: Sequence[str]) -> dict[int, str]:
    """Position → person node of the one-word names before "'s", a relative and the relative's
    name ("Gaddafi's Son Saif al-Islam"): the possessor is not the relative, so of the corpus's
    people of that surname it is the one left when the relative is set aside, if exactly one
    is ("Muammar Gaddafi"). Not when the relative is unnamed ("Biden's son said": either),
    named as no person of the corpus ("Obama's daughters Malia and Sasha") or with a
    generational suffix ("Trump's son Donald Jr.")."""
    found = {}
    for i, (m, f) in enumerate(zip(mentions, folded, strict=True)):
        if (
            f
            and " " not in f
            and m.label in ("PERSON", "ORG")
            and _POSSESSIVE_HINT.search(m.sentence)
        ):
            hits = [h for h in _KIN_PATTERN.finditer(m.sentence) if h["name"] == m.text]
            if hits:
                found[i] = (f, fold_name_key(hits[0]["after"] or ""))
    if not found:
        return {}
    surnames = {f for f, _ in found.values()}
    people: dict[str, Counter] = defaultdict(Counter)  # surname → person → mentions
    nodes: dict[str, Counter] = defaultdict(Counter)  # person → nodes
    for m, f in zip(mentions, folded, strict=True):
        if m.label == "PERSON" and " " in f and (surname := f.rsplit(" ", 1)[-1]) in surnames:
            people[surname][person_key(f)] += 1
            nodes[person_key(f)][m.canonical_id or "name:" + f] += 1
    out = {}
    for i, (surname, after) in found.items():
        if not after or set(after.split()) & _SUFFIXES:  # "Trump's son Donald Jr.": his name
            continue
        relatives = {p for p in people[surname] if _names_start(after, p)}
        left = set(people[surname]) - relatives
        if relatives and len(left) == 1:
            out[i] = _majority(nodes[next(iter(left))])
    return out


def _names_start(words: str, person: str) -> bool:
    """Whether the folded ``words`` start with the given names of ``person`` (a folded full
    name), or the person's name with them ("saif al islam registers", "saif al islam
    gaddafi")."""
    given = person.rsplit(" ", 1)[0]
    return words.startswith(given + " ") or words == given or person.startswith(words)


#: a name, "'s", a relative (:data:`_KIN`) and the name written after it, if any
_KIN_PATTERN = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][\w’'-]*?)['’][sS]\s+(?i:" + _KIN + r")\b"
    r"(?:,?\s+(?P<after>(?:[A-Z][\w’'-]*|al|el|bin|de)(?:\s+(?:[A-Z][\w’'-]*|al-[A-Z][\w-]*))*))?"
)


def _short_forms(
    mentions: Sequence[Mention], folded: Sequence[str], surnames: Collection[str]
) -> dict[int, str]:
    """Position → organisation node of the capitalised one-word names without an id (no
    acronym, no surname of the corpus, whatever NER called them but a person or a group) that
    start the one two-word ORG name of their document ("Alaska" in an article on "Alaska
    Airlines"), for a word written so mostly in documents that name such an organisation (a
    place in its own right elsewhere stays one: "Texas", not "Texas Instruments"); not for a
    club's name with its form (:func:`_club_places` decides those)."""
    org_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, f in zip(mentions, folded, strict=True):
        if m.label == "ORG" and f.count(" ") == 1 and not f.endswith(" fc"):
            org_in_doc[(m.doc_id, f.split()[0])].add(m.canonical_id or "name:" + f)
    starts = {word for _, word in org_in_doc}
    found: dict[int, str] = {}
    seen: Counter = Counter()
    for i, (m, f) in enumerate(zip(mentions, folded, strict=True)):
        if f not in starts or m.canonical_id or m.label in ("PERSON", "NORP"):
            continue
        if not _capitalised(m.text) or m.text.isupper() or f in surnames:
            continue  # an acronym has rules of its own, a surname is NER's label for a person
        seen[f] += 1
        orgs = org_in_doc.get((m.doc_id, f), ())
        if len(orgs) == 1:
            found[i] = next(iter(orgs))
    shorts = Counter(folded[i] for i in found)
    return {i: node for i, node in found.items() if 2 * shorts[folded[i]] >= seen[folded[i]]}


def _alias(graph: _Graph, node: str, gazetteer):
    """The one gazetteer entry all the node's names, as written, name (a person only an entry
    of a person; a country also a name NER took for an organisation), else None."""
    if gazetteer is None:
        return None
    found = {gazetteer.lookup_as_written(t) for t in graph.surfaces(node)}
    if len(found) != 1 or None in found:  # every name of the node, as written
        return None
    entry = next(iter(found))
    country = entry.id.startswith("country:") and graph.label(node) == "ORG"  # "the Netherlands
    return entry if country or compatible(graph.label(node), entry.label) else None  # won"


def _same_as_identified(graph: _Graph, node: str, target: str, id_labels, gazetteer) -> bool:
    """Whether an unidentified node may take the id ``target`` its folded name has elsewhere:
    a compatible type, and for a name the gazetteer matches only as written, written so."""
    full_name = target.startswith("person:") and " " in node[5:]  # NER's label matters less
    if not full_name and not compatible(graph.label(node), _majority(id_labels[target])):
        return False
    entry = gazetteer.entry(target) if gazetteer is not None else None
    if entry is None or entry.case == "any":
        return True
    return all(gazetteer.lookup_as_written(t) is entry for t in graph.surfaces(node))


def _join_same_name(graph: _Graph, gazetteer, redefined: Collection[str] = ()) -> None:
    """Unidentified names: the id the same name has elsewhere, or the alias data's; not the
    acronyms the text defines otherwise (``redefined``, folded)."""
    ids_of_name: dict[str, set[str]] = defaultdict(set)
    id_labels: dict[str, Counter] = defaultdict(Counter)
    for m, f in zip(graph.mentions, graph.folded, strict=True):
        if m.canonical_id and f:
            ids_of_name[f].add(m.canonical_id)
            id_labels[m.canonical_id][m.label] += 1
    joiner = graph.joiner
    for n in graph.nodes:
        if not n.startswith("name:") or n[5:] in redefined:
            continue
        f = n[5:]
        ids = ids_of_name.get(f, set())
        if " " not in f and all(i.startswith("person:") for i in ids):
            ids = set()  # a surname: linked by the surname rules
        if len(ids) == 1:
            target = next(iter(ids))
            if _same_as_identified(graph, n, target, id_labels, gazetteer):
                joiner.join(n, target, "same name as identified mention")
                continue
        entry = _alias(graph, n, gazetteer)
        if entry is not None:
            joiner.add(entry.id)
            joiner.join(n, entry.id, f"alias data ({entry.id})")


def _join_people(graph: _Graph) -> None:
    """Person names: variants of one name (initials and suffixes, doubled letters, or one
    transliteration: "Gaddafi" = "Gadhafi" = "Qaddafi"), a name that starts exactly one longer
    one ("Saif al-Islam" = "Saif al-Islam Gaddafi"), then capitalised surnames of one full name
    of the corpus, or of one far more often named than the others (also one-word ORG names no
    organisation name starts with: NER's label for a surname it did not know)."""
    joiner = graph.joiner
    people = [n for n in graph.nodes if graph.is_person(n)]
    longest = {n: max(graph.forms[n], key=lambda f: (len(f.split()), len(f), f)) for n in people}
    full = [n for n in people if " " in longest[n]]
    for key, rule in (
        (person_key, "person name variant"),
        (sound_key, "transliteration variant"),
        (order_key, "person name in another order"),
    ):
        by_key: dict[str, list[str]] = defaultdict(list)
        for n in full:
            k = key(longest[n])
            if k:
                by_key[k].append(n)
        for group in by_key.values():
            for part in _by_initials(group, longest):
                for n in part[1:]:
                    joiner.join(n, part[0], rule)
    _join_short_given_names(graph, full, longest)
    _join_leading_names(graph, full, longest)
    _join_surnames(graph, people)
    _join_first_names(graph, people)


def _initials(folded: str) -> tuple[str, ...]:
    """The middle initials of a folded person name ("george h w bush" → ("h", "w"))."""
    ws = [w for w in folded.split() if w not in _SUFFIXES]
    return tuple(w for w in ws[1:-1] if len(w) == 1)


def _by_initials(group: Sequence[str], longest: Mapping[str, str]) -> list[list[str]]:
    """``group`` (person nodes of one name) parted by the middle initials of their longest
    names: two sets of initials are two people ("George W. Bush", "George H. W. Bush"), and a
    name without any is either, so it joins none of them; with one set (or none) it is one
    person ("Donald J. Trump" = "Donald Trump")."""
    sets = {_initials(longest[n]) for n in group} - {()}
    if len(sets) <= 1:
        return [list(group)]
    return [[n for n in group if _initials(longest[n]) == s] for s in sorted(sets)]


#: the shortest given name taken for the short form of a longer one ("Matt" of "Matthew")
SHORT_GIVEN_NAME = 3


def _join_short_given_names(graph: _Graph, full: Sequence[str], longest: Mapping[str, str]) -> None:
    """A person name whose given name is the start of the given name of exactly one other
    person name of the same surname: a short form ("Matt Hollis" = "Matthew R. Hollis", "Walt
    Smith" = "Walter E. Smith")."""
    joiner = graph.joiner
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in full:
        ws = person_key(longest[n]).split()
        if len(ws) == 2:
            by_surname[ws[1]].append((ws[0], n))
    for group in by_surname.values():
        for given, n in group if len(group) > 1 else ():
            if len(given) < SHORT_GIVEN_NAME:
                continue
            found = {joiner.find(m) for g, m in group if g != given and _short_of(given, g)}
            targets = found - {joiner.find(n)}
            if len(targets) == 1:
                joiner.join(n, next(iter(targets)), "short form of a given name")


def _short_of(short: str, given: str) -> bool:
    """Whether ``short`` may be a short form of the given name ``given`` ("matt", "matthew";
    "chris", "christina"): its start, two letters shorter at least ("paul" and "paula", "eric"
    and "erica" are two names)."""
    return given.startswith(short) and len(given) - len(short) >= 2


def _join_leading_names(graph: _Graph, full: Sequence[str], longest: Mapping[str, str]) -> None:
    """A person name of two words or more that starts exactly one longer person name."""
    joiner = graph.joiner
    starts: dict[str, set[str]] = defaultdict(set)
    for n in full:
        ws = longest[n].split()
        for k in range(2, len(ws)):
            starts[" ".join(ws[:k])].add(n)
    for n in full:
        targets = {joiner.find(t) for t in starts.get(longest[n], ())} - {joiner.find(n)}
        if len(targets) == 1:
            joiner.join(n, next(iter(targets)), "first names of a name in corpus")


def _join_surnames(graph: _Graph, people: Sequence[str]) -> None:
    """Capitalised one-word names joined to the one full name of the corpus that ends in them,
    or to the one named at least twice as often as all the others together."""
    joiner = graph.joiner
    roots = joiner.roots()
    size: Counter = Counter()
    for n in graph.nodes:
        size[roots[n]] += len(graph.node_mentions.get(n, ()))
    surname_of: dict[str, set[str]] = defaultdict(set)
    for ws, n in _full_names(graph, people):
        surname_of[ws[-1]].add(roots[n])
    for n in [*people, *_lone_org_words(graph)]:
        if not _one_word_name(graph, n):
            continue
        targets = sorted(surname_of.get(n[5:], set()) - {roots[n]}, key=lambda r: -size[r])
        if targets and not graph.context().shared(n, targets[0]):
            continue  # "Ortega" of one story, "Luis Ortega" of another
        if len(targets) == 1:
            joiner.join(n, targets[0], "surname unambiguous in corpus")
        elif targets and size[targets[0]] >= 2 * sum(size[r] for r in targets[1:]):
            joiner.join(n, targets[0], "surname of the corpus's most named full name")


def _full_names(graph: _Graph, people: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """The words of each form of two words or more of the person names always written
    capitalised ("thick bush" is no full name), with its node."""
    for n in people:
        if all(_capitalised(t) for t in graph.surfaces(n)):
            for f in graph.forms[n]:
                if len(ws := f.split()) >= 2:
                    yield ws, n


def _one_word_name(graph: _Graph, n: str) -> bool:
    """Whether node ``n`` is a one-word name written capitalised at least once (a surname or a
    first name the rules may take)."""
    if not n.startswith("name:") or " " in n[5:]:
        return False
    return any(_capitalised(t) for t in graph.surfaces(n))


def _join_first_names(graph: _Graph, people: Sequence[str]) -> None:
    """Capitalised one-word person names left alone that are no surname of the corpus and the
    first name of exactly one full name of the corpus ("Yazan" = "Yazan Haddad" in an article
    that never gives his full name); a "full name" that starts with a place is none ("Russia
    Michael McFaul": NER ran two names together)."""
    joiner = graph.joiner
    roots = joiner.roots()
    sizes = Counter(roots.values())
    places = graph.place_forms()
    first_of: dict[str, set[str]] = defaultdict(set)
    surnames: set[str] = set()
    for ws, n in _full_names(graph, people):
        surnames.add(ws[-1])
        if ws[0] not in places:
            first_of[ws[0]].add(roots[n])
    for n in people:
        if not _one_word_name(graph, n) or n[5:] in surnames or sizes[roots[n]] > 1:
            continue
        targets = {joiner.find(r) for r in first_of.get(n[5:], ())} - {joiner.find(n)}
        if len(targets) == 1 and graph.context().shared(n, next(iter(targets))):
            joiner.join(n, next(iter(targets)), "first name unambiguous in corpus")
        elif len(targets) > 1:  # "Denise": "Denise Price" where her documents write "Price"
            words = graph.context().last_words(n)
            fits = {t for t in targets if _surnames_of(graph, t) & words}
            if len(fits) == 1:
                joiner.join(n, next(iter(fits)), "first name and surname in its documents")


def _surnames_of(graph: _Graph, root: str) -> set[str]:
    """The last words of the full names of the cluster of ``root`` (its node's forms)."""
    return {f.split()[-1] for f in graph.forms.get(root, ()) if " " in f}


def _lone_org_words(graph: _Graph) -> list[str]:
    """One-word ORG names that start no longer organisation name of the corpus: NER's label
    for a surname it did not know ("Dbeibah"), which the surname rule may take."""
    starts = {
        f.split()[0]
        for n in graph.nodes
        if graph.label(n) == "ORG"
        for f in graph.forms[n]
        if " " in f
    }
    return [
        n
        for n in graph.nodes
        if n.startswith("name:") and graph.label(n) == "ORG" and n[5:] not in starts
    ]


def _join_acronyms(graph: _Graph, defined: Mapping[str, str]) -> dict[str, str]:
    """Acronyms defined in the text joined with their long forms (a ``long:`` node when no
    mention gives the long form); returns acronym node → long form."""
    joiner = graph.joiner
    long_forms: dict[str, str] = {}
    for acr, long_form in defined.items():
        a_node, l_key = "name:" + node_name(acr, False), node_name(long_form, False)
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
        if acronym_matches(acr, long_form):  # a ticker names no entity: its company does
            long_forms[a_node] = long_form
    return long_forms


def _unjoined_names(graph: _Graph, people: bool = False) -> list[str]:
    """The name nodes not joined to anything yet (people's only if ``people``), longest name
    first."""
    roots = graph.joiner.roots()
    sizes = Counter(roots.values())
    found = [
        n
        for n in graph.nodes
        if n.startswith("name:") and sizes[roots[n]] == 1 and (people or not graph.is_person(n))
    ]
    return sorted(found, key=lambda n: (-len(n), n))


def _join_initials(graph: _Graph) -> None:
    """Acronyms in capitals (3-6 letters, or 2 written with periods: "L.A.") that are the
    initials of exactly one longer name of a compatible type ("NTSB" = "National
    Transportation Safety Board"), its legal form included or not when it is a company's
    ("TSMC" = "Taiwan Semiconductor Manufacturing Co.")."""
    initials: dict[str, set[str]] = defaultdict(set)
    for n in graph.nodes:
        if graph.is_person(n):
            continue
        for f in graph.forms[n]:
            ws = f.split()
            if len(ws) >= 2:
                initials["".join(w[0] for w in ws)].add(n)
                initials["".join(w[0] for w in ws if w not in _MINOR)].add(n)
        if graph.label(n) == "ORG" and any(" " in f for f in graph.forms[n]):
            for ws in (fold_name_key(t).split() for t in graph.surfaces(n)):
                if ws[-1:] and ws[-1] in _COMPANY:  # "Co." counts, "Ltd" does not ("ASML")
                    initials["".join(w[0] for w in ws)].add(n)
    for n in _unjoined_names(graph):
        # written with periods ("L.A.", "N.T.S.B."), two letters are an initialism too
        dotted = " " in n[5:] and all(len(w) == 1 for w in n[5:].split())
        acr = n[5:].replace(" ", "") if dotted else n[5:]
        if not ((2 if dotted else 3) <= len(acr) <= 6 and acr.isalpha()):
            continue
        if not any(t.replace(".", "").isupper() for t in graph.surfaces(n)):
            continue
        label = graph.label(n)
        root = graph.joiner.find(n)
        found = {graph.joiner.find(r) for r in initials.get(acr, set())} - {root}
        targets = {r for r in found if compatible(label, graph.label(r))}
        if len(targets) == 1:
            graph.joiner.join(n, next(iter(targets)), "initials of a name in corpus")
    _join_long_forms(graph)


#: a stock ticker written alone ("MSFT", "NVDA")
_LONE_TICKER = re.compile(r"[A-Z]{3,5}")
#: what a sentence quoting a stock's move says ("MSFT was flat", "NTSA slipped 4%")
_MARKET = re.compile(
    r"%|\b(?:shares?|stocks?|symbol|ticker|nasdaq|nyse|flat|unchanged|rose|fell|slipped|gained|"
    r"dropped|climbed|tumbled|jumped|premarket|traded|trading)\b",
    re.IGNORECASE,
)


def _join_tickers(graph: _Graph) -> None:
    """Stock tickers in capitals left alone, each written in a sentence on a stock's move ("MSFT
    was flat", "NVDA +0.8%"): the one organisation of the ticker's documents whose name's first
    word holds the ticker's letters in order, from its first, with a letter to spare
    ("Microsoft", "Nvidia Corp", "Tesla"; not "Broadcom" for "AVGO"; not "Ubisoft" for a
    "UBS" the stories also name away from the market: "UBS said it would cut jobs"). A ticker is
    never the entity's name."""
    for n in _unjoined_names(graph):
        if graph.label(n) != "ORG" or not all(map(_LONE_TICKER.fullmatch, graph.surfaces(n))):
            continue
        sentences = _field(graph.mentions, graph.node_mentions[n], "sentence")
        if not all(_MARKET.search(s) for s in sentences):
            continue  # "the NOS public broadcaster", "UBS said it would cut jobs": no ticker
        ticker, root = n[5:], graph.joiner.find(n)
        around = graph.context().of(n)
        targets = {
            graph.joiner.find(t)
            for t in around
            if graph.label(t) == "ORG"
            and any(_holds(f.split()[0], ticker) for f in graph.forms.get(t, ()) if f)
        } - {root}
        if len(targets) == 1:
            graph.joiner.join(n, next(iter(targets)), "ticker of a name in corpus")
            graph.moved.update(graph.node_mentions[n])


#: stock indices and exchanges, which market sentences name like tickers ("FTSE fell 1.2%")
_MARKETS = word_set(
    "ftse dax cac stoxx nikkei kospi sensex nifty tsx asx ibex mib aex smi djia nasdaq nyse "
    "amex lse hkex sse szse"
)


def _holds(word: str, ticker: str) -> bool:
    """Whether ``word`` holds the letters of ``ticker`` in order, from its first, with one or
    more letters to spare and not as its start ("microsoft" and "msft", "tesla" and "tsla";
    not "ingenico" and "ING", a name of its own), the ticker no market's ("FTSE")."""
    if len(word) < len(ticker) + 1 or word[0] != ticker[0] or not word.isalpha():
        return False
    if word.startswith(ticker) or ticker in _MARKETS:
        return False
    rest = iter(word[1:])
    return all(c in rest for c in ticker[1:])


def _join_long_forms(graph: _Graph) -> None:
    """A longer name not joined to anything whose initials are exactly one acronym of the
    corpus (in capitals, 3-6 letters, of a compatible type), already joined to another long
    form ("High National Elections Commission" = "HNEC", defined in another article as "High
    National Electoral Commission"; "U.S. Geological Survey" = "USGS")."""
    joiner = graph.joiner
    for n in _unjoined_names(graph):
        ws = n[5:].split()
        if len(ws) < 2:
            continue
        keys = {"".join(w[0] for w in ws), "".join(w[0] for w in ws if w not in _MINOR)}
        acronyms = [
            "name:" + k
            for k in keys
            if 3 <= len(k) <= 6 and "name:" + k in graph.labels and _in_capitals(graph, k)
        ]
        found = {joiner.find(a) for a in acronyms} - {joiner.find(n)}
        targets = {r for r in found if compatible(graph.label(n), graph.label(r))}
        if len(targets) == 1:
            joiner.join(n, next(iter(targets)), "initials of an acronym in corpus")


def _in_capitals(graph: _Graph, folded: str) -> bool:
    """Whether the name node of ``folded`` is written in capitals somewhere ("HNEC")."""
    return folded.isalpha() and any(t.isupper() for t in graph.surfaces("name:" + folded))


def _join_short_forms(graph: _Graph) -> None:
    """Short forms of longer names of the corpus, when exactly one longer name fits: an
    organisation (or a one-word name no person of the corpus bears, whatever NER called it) by
    its first words ("Spirit" = "Spirit AeroSystems", "Virelli" = "Virelli Networks"), a
    product by its last words or its words in another order ("MAX 9" = "Boeing 737 MAX 9" =
    "737-9 MAX"), or by the same numbers and some of its words ("737-9" = "737-9 MAX" = "Boeing
    737 MAX 9"). A short form takes the label of the name it joins; an organisation's name of
    two words or more that its documents give before the longer one is no short form of it
    (:func:`_named_first`: "Real Madrid", then "Real Madrid TV", a part of it)."""
    joiner = graph.joiner
    surnames = {
        f.split()[-1] for n in graph.nodes if graph.is_person(n) for f in graph.forms[n] if " " in f
    }
    starts: dict[str, set[str]] = defaultdict(set)
    ends: dict[str, set[str]] = defaultdict(set)
    codes: dict[str, set[str]] = defaultdict(set)  # a product's words with digits → its nodes
    words: dict[str, set[str]] = defaultdict(set)  # a product node → the words of its names
    places: dict[str, set[str]] = defaultdict(set)  # the same of FAC, LOC and EVENT names
    for n in graph.nodes:
        label = graph.label(n)
        for f in graph.forms[n] if label in _NAMED_PLACES else ():
            ws = f.split()
            for k in range(1, len(ws)):
                places[" ".join(ws[:k])].add(n)
        for f in graph.forms[n] if label in ("ORG", "PRODUCT") else ():
            ws = f.split()
            table = starts if label == "ORG" else ends
            for k in range(1, len(ws)):
                table[" ".join(ws[:k] if label == "ORG" else ws[k:])].add(n)
            if label == "PRODUCT":
                ends[" ".join(sorted(ws))].add(n)
                codes[" ".join(w for w in ws if _DIGIT.search(w))].add(n)
                words[n].update(ws)
    for n in _unjoined_names(graph, people=True):
        f, label = n[5:], graph.label(n)
        if label == "PRODUCT":
            found = (ends.get(f, set()) | ends.get(" ".join(sorted(f.split())), set())) - {n}
            # a longer name it ends, rather than its words in another order ("737-9 MAX" =
            # "Boeing 737-9 MAX", not the "737 MAX 9" that is its equal)
            longer = {t for t in found if len(words[t]) > len(set(f.split()))}
            found = longer or found
            if not found:  # "737-9" = "737-9 MAX" = "Boeing 737 MAX 9": the same numbers
                ws = f.split()
                key = " ".join(w for w in ws if _DIGIT.search(w))
                found = {t for t in codes.get(key, ()) if words[t].issuperset(ws)} if key else set()
        elif label == "ORG" or (label == "PERSON" and " " not in f and f not in surnames):
            found = starts.get(f, set())
            if " " not in f:  # "Methow" (ORG) of "Methow Valley" (LOC), if named as often
                size = len(graph.node_mentions[n])
                found = found | {
                    t for t in places.get(f, ()) if len(graph.node_mentions[t]) >= size
                }
        else:
            continue
        root = joiner.find(n)
        targets = {joiner.find(t) for t in found} - {root}
        rule = "short form of a name in corpus"
        if len(targets) > 1 and label != "PRODUCT":  # "United": the airline, or the UN?
            targets = graph.context().likeliest(n, targets)
            rule = "short form of a name in its context"
        if len(targets) == 1 and " " in f and label == "ORG" and _named_first(graph, n, found):
            continue  # "Real Madrid", then "Real Madrid TV": a part of it, not its full name
        if len(targets) == 1:
            target = next(iter(targets))
            joiner.join(n, target, rule)
            total = sum(graph.labels[n].values())
            graph.labels[n] = Counter({graph.label(target) or label: total})


def _named_first(graph: _Graph, short: str, longer: Collection[str]) -> bool:
    """Whether every document that gives both the name ``short`` and one of the ``longer``
    names gives the short one first (one such document at least): news names a body in full
    first ("Goldman Sachs Group Inc", then "Goldman Sachs"), so a longer name after the short
    one is another thing ("Real Madrid", then "Real Madrid TV")."""
    first: dict[str, dict[str, tuple[int, int]]] = {}
    for node in (short, *longer):
        for i in graph.node_mentions.get(node, ()):
            m = graph.mentions[i]
            key = "short" if node == short else "long"
            at = first.setdefault(key, {}).get(m.doc_id)
            if at is None or (m.page, m.start) < at:
                first[key][m.doc_id] = (m.page, m.start)
    shared = first.get("short", {}).keys() & first.get("long", {}).keys()
    return bool(shared) and all(first["short"][d] < first["long"][d] for d in shared)


#: labels of the named places, facilities and events a one-word ORG or PERSON name may be the
#: short form of (NER's labels for a word it did not know)
_NAMED_PLACES = frozenset({"FAC", "LOC", "EVENT"})

#: the most documents of a name read for its context (:class:`_Context`)
CONTEXT_DOCS = 50


class _Context:
    """The names around a name: the nodes of the documents of its mentions, read for the few
    names that need them (each document's mentions found by bisection in the dossier's
    order)."""

    def __init__(self, graph: _Graph) -> None:
        self.graph = graph
        self.doc_ids = list(map(attrgetter("doc_id"), graph.mentions))
        self.in_order = self.doc_ids == sorted(self.doc_ids)
        self.by_doc: dict[str, list[int]] | None = None  # when not in order
        self.cache: dict[str, set[str]] = {}
        self.around: dict[str, set[str]] = {}  # node → :meth:`of`
        self.weight: dict[str, float] | None = None  # node → :meth:`weights`

    def mentions_of(self, doc: str) -> Iterable[int]:
        """The positions of the mentions of document ``doc``."""
        if self.in_order:
            return range(bisect_left(self.doc_ids, doc), bisect_right(self.doc_ids, doc))
        if self.by_doc is None:
            self.by_doc = defaultdict(list)
            for i, d in enumerate(self.doc_ids):
                self.by_doc[d].append(i)
        return self.by_doc.get(doc, [])

    def docs(self, node: str) -> list[str]:
        """The documents of ``node``'s mentions, sorted."""
        return sorted(
            set(_field(self.graph.mentions, self.graph.node_mentions.get(node, ()), "doc_id"))
        )

    def _doc_nodes(self, doc: str) -> set[str]:
        """The nodes of the mentions of document ``doc``."""
        if doc not in self.cache:
            self.cache[doc] = {self.graph.node_of[i] for i in self.mentions_of(doc)} - {""}
        return self.cache[doc]

    def of(self, node: str) -> set[str]:
        """The nodes of (at most :data:`CONTEXT_DOCS` of) the documents of ``node``."""
        if node not in self.around:
            docs = self.docs(node)[:CONTEXT_DOCS]
            self.around[node] = set().union(*map(self._doc_nodes, docs))
        return self.around[node]

    def shared(self, a: str, b: str) -> bool:
        """Whether the documents of nodes ``a`` and ``b`` share :data:`CONTEXT_MIN_OVERLAP` of
        the other names of the documents of the less talked-about one, each name weighted by
        how few documents give it (:meth:`weights`: a "U.S." every story names counts little).
        A name joined across the corpus by its spelling alone needs it: "Atalanta", the EU's
        naval operation, is no "Atlanta"; "Oliver", a town, is no "Oliver Sutton". Documents
        that name nothing else tell nothing: then they may."""
        find = self.graph.joiner.find  # the names as joined so far
        skip = {find(a), find(b)}
        weight = self.weights()
        around_a, around_b = (
            {find(n): weight[n] for n in self.of(x) if find(n) not in skip} for x in (a, b)
        )
        fewer = min(sum(around_a.values()), sum(around_b.values()))
        both = sum(min(w, around_b[n]) for n, w in around_a.items() if n in around_b)
        return both >= CONTEXT_MIN_OVERLAP * fewer

    def weights(self) -> dict[str, float]:
        """Each node's weight as the context of another (:func:`name_weights`)."""
        if self.weight is None:
            self.weight = name_weights(zip(self.doc_ids, self.graph.node_of, strict=True))
        return self.weight

    def last_words(self, node: str) -> set[str]:
        """The last words of the folded names of (at most :data:`CONTEXT_DOCS` of) the documents
        of ``node`` (a surname, whether NER gave it alone or in a full name, whatever the
        label)."""
        folded = self.graph.folded
        return {
            folded[i].rsplit(" ", 1)[-1]
            for doc in self.docs(node)[:CONTEXT_DOCS]
            for i in self.mentions_of(doc)
            if folded[i]
        }

    def likeliest(self, node: str, targets: Collection[str]) -> set[str]:
        """The one of ``targets`` whose documents share the most names with ``node``'s, with
        :data:`CONTEXT_MIN_SHARED` or more and twice as many as any other; else none."""
        around = self.of(node) - {node}
        shared = sorted(((len(around & self.of(t)), t) for t in targets), reverse=True)
        (best, target), (second, _) = shared[0], shared[1]
        return {target} if best >= CONTEXT_MIN_SHARED and best >= 2 * second else set()


#: the weight of shared names that tells two documents tell one story: three names that half
#: the corpus gives (:func:`name_weights`)
SHARED_NAMES_LEAST = 3 * math.log1p(2.0)


def _document_names(
    named: Iterable[tuple[str, str]],
) -> tuple[dict[str, set[str]], dict[str, float]]:
    """Each document's names and each name's weight (:func:`name_weights`), from (document,
    name) pairs."""
    names: dict[str, set[str]] = defaultdict(set)
    for doc, name in named:
        names[doc].add(name)
    return names, name_weights((d, n) for d, ns in names.items() for n in ns)


def name_weights(named: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Each name's weight as the context of another, from (document, name) pairs: log(1 +
    documents / the name's documents), so that a name every document gives ("U.S.", "NATO")
    tells less than one few give ("Tbilisi")."""
    docs: dict[str, set[str]] = defaultdict(set)
    for doc, name in named:
        docs[name].add(doc)
    total = len(set().union(*docs.values())) if docs else 0
    return {n: math.log1p(total / len(d)) for n, d in docs.items()}


#: the fewest names a short form's documents must share with its long name's
CONTEXT_MIN_SHARED = 3
#: the share of the names around the less talked-about of two names that the documents of a
#: name joined by its spelling alone (a first name, a surname, a transliteration) must share
CONTEXT_MIN_OVERLAP = 0.1


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
        label = _majority(cluster_label[roots[n]])
        if label == "PERSON":  # a person by the full name (surnames have their own rules)
            f = max(graph.forms[n], key=lambda f: (len(f.split()), len(f), f))
            if " " not in f:
                continue
        else:  # a name node by its name (not a short form of it), an id's by its usual name
            f = n[5:] if n.startswith("name:") else _majority(graph.forms[n])
        if len(f) >= 6:
            blocks[(label, f[0])].append((f, n))
    for (label, _), block in blocks.items():
        if len(block) < 2:
            continue
        names = [f for f, _ in block]
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=similarity)
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j and re.sub(r"\D", "", names[i]) == re.sub(r"\D", "", names[j]):
                a, b = block[i][1], block[j][1]
                if roots[a] == roots[b] or (_known_id(roots[a]) and _known_id(roots[b])):
                    continue
                ia, ib = _initials(names[i]), _initials(names[j])
                if label == "PERSON" and ia and ib and ia != ib:
                    continue  # "George W. Bush" is no "George H. W. Bush"
                # a group's plural is no spelling ("Russians"); "Atalanta" is no "Atlanta"
                if label == "NORP" or graph.context().shared(a, b):
                    joiner.join(b, a, f"string similarity {scores[i, j]:.0f}")


def _known_id(node: str) -> bool:
    """Whether ``node`` is an id of the gazetteer's or a US state's (:func:`_us_states`): two
    such are two things, whatever their names ("Washington" the state and the city)."""
    return not node.startswith(("name:", "long:", "person:"))


#: the fewest words of an organisation's name that a place before it may qualify
QUALIFIED_MIN_WORDS = 2


def _join_place_qualified(graph: _Graph) -> None:
    """An organisation's or facility's name that is a place or a nationality of the corpus (and
    "state") before exactly one other name of that label: the same body named with its country
    or state ("U.S. Federal Aviation Administration" = "Federal Aviation Administration",
    "Washington State Department of Natural Resources" = "Department of Natural Resources",
    "London Heathrow Airport" = "Heathrow Airport"), unless the corpus puts two places before
    that name (two bodies: "Texas Department of Transportation", "U.S. Department of
    Transportation"). A body of two words ("National Police", "Supreme Court") or named with a
    nationality ("Spanish National Police") is every country's: only where the documents of
    the name alone also name that place or nationality (:func:`_names_nearby`)."""
    joiner = graph.joiner
    places = graph.place_forms()
    groups = {f for n in graph.nodes if graph.label(n) == "NORP" for f in graph.forms[n]}
    named: dict[tuple[str, str], set[str]] = defaultdict(set)  # (label, name) → its nodes
    for n in graph.nodes:
        if (label := graph.label(n)) in ("ORG", "FAC"):
            for f in graph.forms[n]:
                if len(f.split()) >= QUALIFIED_MIN_WORDS:
                    named[(label, f)].add(n)
    qualified: dict[tuple[str, str], set[str]] = defaultdict(set)  # a name → its places
    found: list[tuple[str, str, str, str]] = []
    for (label, f), nodes in named.items():
        ws = f.split()
        for k in range(1, len(ws) - QUALIFIED_MIN_WORDS + 1):
            prefix, rest = " ".join(ws[:k]), " ".join(ws[k + 1 :] if ws[k] == "state" else ws[k:])
            if (prefix in places or prefix in groups) and (label, rest) in named:
                qualified[(label, rest)].add(prefix)
                found.extend((n, label, prefix, rest) for n in nodes)
    for n, label, prefix, rest in found:
        targets = {joiner.find(t) for t in named[(label, rest)]} - {joiner.find(n)}
        if len(qualified[(label, rest)]) != 1 or len(targets) != 1:  # "Texas" and "U.S." DOT
            continue
        every_states = prefix in groups or (label == "ORG" and len(rest.split()) < 3)
        if every_states and not _names_nearby(graph, named[(label, rest)], prefix):
            continue  # "Israeli Supreme Court", and "the Supreme Court" of a U.S. story
        joiner.join(n, next(iter(targets)), "the same body with its place")


def _names_nearby(graph: _Graph, nodes: Collection[str], form: str) -> bool:
    """Whether the documents of ``nodes`` give a name folded as ``form`` ("spanish")."""
    around = set().union(*(graph.context().of(n) for n in nodes))
    return any(form in graph.forms.get(x, ()) for x in around)


#: what marks a US state's name written as a region, not the city of that name, around ``{}``:
#: after a place and a comma (not in a list of places) and before a comma or the sentence's end
#: ("Renton, Washington,"), after a compass adjective ("eastern Washington") or before "state"
_STATE_MARKS = {
    "place": r"(?<!, )\b(?P<place>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?), {}(?=,|[.;)]?\s*$)",
    "region": r"\b(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west|north-central|south-central|upstate)(?:ern)? {}\b|\b{} state\b",
}
#: what marks one mention of a state's name as the state: the title of its senator, governor
#: or representative and a name after it ("Washington Sen. Maria Cantwell")
_STATE_TITLE = (
    r"\b{} (?:Sen\.|Sens\.|Gov\.|Rep\.|Reps\.|Lt\. Gov\.|Senator|Governor|Congressman|"
    r"Congresswoman|state Sen\.|state Rep\.)(?= [A-Z])"
)


@functools.lru_cache(maxsize=64)
def _state_marks(name: str, kind: str) -> re.Pattern[str]:
    """The pattern of a mark of :data:`_STATE_MARKS` ("place", "region") or :data:`_STATE_TITLE`
    ("title") for the state ``name``."""
    return re.compile(_STATE_MARKS.get(kind, _STATE_TITLE).replace("{}", re.escape(name)))


def _us_states(mentions: Sequence[Mention]) -> Sequence[Mention]:
    """Mentions of a gazetteer place named like a US state (the cities Washington and New
    York, the country Georgia), as written, that name the state: they take its id,
    ``gpe:<slug>``. One sense a document, where it writes the name as the state
    (:data:`_STATE_MARKS`): a city's as a region ("Renton, Washington", "eastern Washington";
    a name beside "D.C." stays the city), a country's after a place the gazetteer does not
    give ("Macon, Georgia,", not "Tbilisi, Georgia,"), never beside the country's demonym
    ("Georgian", "Georgian Dream"), and where its names are those of the other marked
    documents rather than of the country's ("Tqibuli, Georgia" is the country); a country's
    document that does neither takes the sense of the documents it shares its names with
    (:func:`_sense_by_context`: an article on the singer from Macon that says "back to
    Georgia"). One mention, before a state official's title ("Washington Sen. Maria Cantwell"):
    that mention alone."""
    states = set(US_STATE_ABBREVIATIONS.values())
    places = [
        i
        for i, m in enumerate(mentions)
        if m.text in states and m.canonical_id.startswith(("city:", "country:"))
    ]
    if not places:
        return mentions
    named = {mentions[i].text for i in places}
    stems = {name[:-1]: name for name in named}  # "Georgian(s)" for Georgia, in any name
    demonyms = {
        (m.doc_id, stems[w[: len(stem)]])
        for m in mentions
        for stem in stems
        if stem in m.text
        for w in map(strip_possessive, m.text.split())
        if w.startswith(stem) and w[len(stem) :] in ("an", "ans")
    }
    known = {  # places the gazetteer gives outside the US ("Tbilisi")
        m.text for m in mentions if m.canonical_id.startswith(("city:", "country:"))
    } - named
    marked: set[tuple[str, str]] = set()
    titled: set[int] = set()
    for i in places:
        m = mentions[i]
        if (m.doc_id, m.text) in demonyms or m.sentence.count(m.text) != 1:
            continue
        if _state_marks(m.text, "title").search(m.sentence):
            titled.add(i)
        elif m.canonical_id.startswith("city:"):
            if any(_state_marks(m.text, k).search(m.sentence) for k in _STATE_MARKS):
                marked.add((m.doc_id, m.text))
        elif (hit := _state_marks(m.text, "place").search(m.sentence)) and hit[
            "place"
        ] not in known:
            marked.add((m.doc_id, m.text))
    countries = [i for i in places if mentions[i].canonical_id.startswith("country:")]
    if countries and marked:  # "Tqibuli, Georgia" is the country: its documents' names tell
        pairs = {(mentions[i].doc_id, mentions[i].text) for i in countries}
        marked = (marked - pairs) | _sense_by_context(mentions, pairs, marked & pairs, demonyms)
    if not marked and not titled:
        return mentions
    out = list(mentions)
    for i in places:
        m = mentions[i]
        state = (m.doc_id, m.text) in marked and not re.search(r",?\s*D\.\s?C\b", m.sentence)
        if state or i in titled:
            out[i] = replace(m, canonical_id="gpe:" + slug(m.text))
    return out


#: the most documents of each sense a document's names are compared with
#: (:func:`_sense_by_context`)
SENSE_DOCS = 50


def _sense_by_context(
    mentions: Sequence[Mention],
    pairs: set[tuple[str, str]],
    marked: set[tuple[str, str]],
    settled: set[tuple[str, str]],
) -> set[tuple[str, str]]:
    """The (document, name) ``pairs`` that name the state: those whose document shares three
    names' worth (weighted as in :meth:`_Context.weights`) with another marked document, and
    as much (``marked`` ones) or twice as much (the others, not ``settled``) as with a
    document settled as the place."""
    names, weight = _document_names((m.doc_id, fold_name_key(m.text)) for m in mentions)
    least = SHARED_NAMES_LEAST
    out = set()
    for doc, name in sorted(pairs - settled):
        own = names[doc] - {fold_name_key(name)}
        state, place = (
            _most_shared(own, names, weight, doc, name, side) for side in (marked, settled)
        )
        if state >= least and (state >= 2 * place or ((doc, name) in marked and state >= place)):
            out.add((doc, name))
    return out


def _most_shared(
    own: set[str],
    names: Mapping[str, set[str]],
    weight: Mapping[str, float],
    doc: str,
    name: str,
    side: set[tuple[str, str]],
) -> float:
    """The most weight of names ``own`` (document ``doc``'s) shares with one other document of
    ``side`` that writes ``name`` (at most :data:`SENSE_DOCS` of them)."""
    others = sorted(d for d, t in side if t == name and d != doc)[:SENSE_DOCS]
    return max((sum(weight[n] for n in own & names[d]) for d in others), default=0.0)


def _join_state_abbreviations(graph: _Graph) -> None:
    """A place written as a US state's abbreviation ("Calif.", "CA": :data:`US_STATE_ABBREVIATIONS`,
    :data:`US_STATE_CODES`)
    joins the state's name where the corpus names it as a place without an id ("California";
    "Wash." not "Washington" the gazetteer's city)."""
    joiner = graph.joiner
    for n in graph.nodes:
        if not n.startswith("name:") or _GROUPS.get(graph.label(n)) != "place":
            continue
        states = {
            US_STATE_ABBREVIATIONS.get(t.strip()) or US_STATE_CODES.get(t.strip())
            for t in graph.surfaces(n)
        }
        if len(states) == 1 and None not in states:
            state = next(iter(states))
            target = "name:" + node_name(state, False)
            if "gpe:" + slug(state) in graph.labels:  # the state named as a region
                target = "gpe:" + slug(state)
            known = target in graph.labels and _GROUPS.get(graph.label(target)) == "place"
            if known and not joiner.find(target).startswith("city:"):  # no gazetteer city's
                joiner.join(n, target, "US state abbreviation")


#: the words of a numbered road's name, by the class of road they name: a state or
#: national route ("State Route 20", "SR 20", "Highway 20"), an Interstate, a US route
_ROAD_CLASSES = {
    **dict.fromkeys(("state", "route", "highway", "hwy", "sr", "road", "rd"), "route"),
    **dict.fromkeys(("interstate", "i"), "interstate"),
    **dict.fromkeys(("us", "u", "s"), "us"),
}
#: street words (a closed class: English, German and Romance ones) and the kind of street they
#: name; a Romance language puts its word first ("Calle de Serrano"), English and German last
_STREET_FIRST = {
    **dict.fromkeys(("calle", "rue", "via", "rua", "carrer"), "street"),
    **dict.fromkeys(("avenida", "avenue", "viale"), "avenue"),
    **dict.fromkeys(("plaza", "place", "piazza", "praca", "placa"), "square"),
    **dict.fromkeys(("boulevard", "bulevar"), "boulevard"),
}
_STREET_LAST = {
    **dict.fromkeys(("street", "st", "strasse", "gasse"), "street"),
    **dict.fromkeys(("avenue", "ave", "allee"), "avenue"),
    **dict.fromkeys(("square", "plaza", "platz"), "square"),
    **dict.fromkeys(("boulevard", "blvd"), "boulevard"),
}
#: the little words between a Romance street word and its name ("Calle de Serrano")
_STREET_LINKS = frozenset({"de", "del", "la", "des", "du", "di", "della", "do", "da", "dos"})


def road_key(folded: str) -> str:
    """The road a folded name names, whatever its form: ``"route 20"`` for "State Route 20",
    "SR 20" and "Highway 20", ``"street serrano"`` for "Calle de Serrano", "Calle Serrano" and
    "Serrano Street"; "" for a name that is no road's."""
    ws = folded.split()
    if len(ws) < 2:
        return ""
    if ws[-1].isdigit():  # "U.S. Route 2": the US route (the class more precise than "route")
        kinds = {_ROAD_CLASSES.get(w) for w in ws[:-1]}
        kinds = kinds - {"route"} or kinds
        return f"{kinds.pop()} {ws[-1]}" if len(kinds) == 1 and None not in kinds else ""
    if ws[0] in _STREET_FIRST:
        rest = ws[1:]
        while len(rest) > 1 and rest[0] in _STREET_LINKS:
            rest = rest[1:]
        return f"{_STREET_FIRST[ws[0]]} {' '.join(rest)}"
    if ws[-1] in _STREET_LAST:
        return f"{_STREET_LAST[ws[-1]]} {' '.join(ws[:-1])}"
    return ""


def _join_roads(graph: _Graph) -> None:
    """Names of one road (:func:`road_key`, whatever NER called them) whose documents share
    their context: "SR 20" = "State Route 20" = "Highway 20", "Calle de Serrano" = "Serrano
    Street" (two streets of one name in two towns stay apart)."""
    joiner = graph.joiner
    roads: dict[str, list[str]] = defaultdict(list)
    for n in graph.nodes:
        keys = {road_key(f) for f in graph.forms[n]} - {""}
        if len(keys) == 1:  # NER's label for "Calle Serrano" may be a person's
            roads[keys.pop()].append(n)
    for nodes in roads.values():
        nodes.sort(key=lambda n: -len(graph.node_mentions[n]))
        for n in nodes[1:]:
            target = joiner.find(nodes[0])
            if joiner.find(n) != target and graph.context().shared(n, nodes[0]):
                joiner.join(n, target, "the same road")


def _join_bracketed(graph: _Graph) -> None:
    """An organisation's name of two words or more and the one in brackets right after it:
    the same body by another name, a translation most often ("the Spanish National Police
    (Policía Nacional)"; an acronym has rules of its own)."""
    ms = graph.mentions
    starts = list(map(attrgetter("para_start"), ms))
    ends = list(map(attrgetter("para_end"), ms))
    for i in [i for i in range(len(ms) - 1) if starts[i + 1] - ends[i] == 2]:
        a, b = ms[i], ms[i + 1]
        if (
            a.label == b.label == "ORG"
            and " " in a.text
            and " " in b.text
            and (a.doc_id, a.paragraph) == (b.doc_id, b.paragraph)
            and f"{a.text} ({b.text})" in a.sentence
            and graph.node_of[i]
            and graph.node_of[i + 1]
        ):
            graph.joiner.join(graph.node_of[i + 1], graph.node_of[i], "other name in brackets")


#: how alike two place names of one consonant skeleton must be written (rapidfuzz ratio) to be
#: one place's transliterations; names of a two-consonant skeleton ("sebha", "sabha") need more
PLACE_SPELLING_RATIO, SHORT_PLACE_SPELLING_RATIO = 75.0, 80.0


def _join_place_spellings(graph: _Graph) -> None:
    """Place names of one consonant skeleton (:func:`_skeleton`, word by word) written alike:
    transliterations of one place ("Tskaltubo" = "Tsqaltubo", "Sebha" = "Sabha", "Libia" =
    "Libya"); never two places the gazetteer tells apart (two canonical ids). A one-word name
    NER called an organisation or a person (no surname of the corpus), joined to nothing, may
    join a place named more often ("Tskhaltubo" ORG, "Kutaissi" PERSON)."""
    from rapidfuzz import fuzz

    joiner = graph.joiner
    roots = joiner.roots()
    cluster_label: dict[str, Counter] = defaultdict(Counter)
    for n in graph.nodes:
        cluster_label[roots[n]].update(graph.labels[n])
    size = {r: sum(c.values()) for r, c in cluster_label.items()}
    loose = _loose_words(graph, roots, size)
    # skeleton → (places, loose words): pairs of places, and a place with a loose word
    blocks: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for n in graph.nodes:
        if n not in loose and _GROUPS.get(_majority(cluster_label[roots[n]])) != "place":
            continue
        f = _majority(graph.forms[n])
        key = " ".join(map(_skeleton, f.split()))
        if len(key.replace(" ", "")) >= 2 and not _DIGIT.search(f):
            blocks[key][n in loose].append((f, n))
    for key, (places, words) in blocks.items():
        cutoff = SHORT_PLACE_SPELLING_RATIO if len(key) < 3 else PLACE_SPELLING_RATIO
        for i, (fa, a) in enumerate(places):
            for fb, b in [*places[i + 1 :], *words]:
                if b in loose and size[roots[a]] <= size[roots[b]]:
                    continue  # a loose word joins a place named more often
                ra, rb = joiner.find(a), joiner.find(b)
                identified = not ra.startswith("name:") and not rb.startswith("name:")
                if ra == rb or identified or not _spellings_of_one(fa, fb, cutoff):
                    continue
                if not graph.context().shared(a, b):  # "Atalanta", the EU's operation
                    continue
                joiner.join(b, a, f"place transliteration ({fuzz.ratio(fa, fb):.0f})")


def _loose_words(graph: _Graph, roots: Mapping[str, str], size: Mapping[str, int]) -> set[str]:
    """One-word ORG or PERSON name nodes joined to nothing and no surname of the corpus: NER's
    label for a foreign word it did not know ("Tskhaltubo", "Kutaissi")."""
    surnames = {
        f.split()[-1] for n in graph.nodes if graph.is_person(n) for f in graph.forms[n] if " " in f
    }
    return {
        n
        for n in graph.nodes
        if n.startswith("name:")
        and " " not in n[5:]
        and n[5:] not in surnames
        and graph.label(n) in ("ORG", "PERSON")
        and size[roots[n]] == len(graph.node_mentions[n])
    }


def _spellings_of_one(fa: str, fb: str, cutoff: float) -> bool:
    """Whether the names ``fa`` and ``fb`` may be one place written two ways: alike (ratio ≥
    ``cutoff``), of lengths within one letter and neither the start of the other (no demonym:
    "Ukraine", "Ukrainian")."""
    from rapidfuzz import fuzz

    if abs(len(fa) - len(fb)) > 1 or fa.startswith(fb) or fb.startswith(fa):
        return False
    return fuzz.ratio(fa, fb) >= cutoff


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
        etype = _majority(sum((graph.labels.get(n, Counter()) for n in group), Counter()))
        acr = next((n for n in group if n in long_forms), "")
        named = [i for i in idx if i not in graph.moved] or idx  # its own name, not a short form
        name, entity_id = _name_and_id(named, mentions, etype, gazetteer, acr, long_forms.get(acr))
        base, k = entity_id, 2
        while entity_id in used_ids:
            entity_id, k = f"{base}-{k}", k + 1
        used_ids.add(entity_id)
        variants = {strip_possessive(t) or t for t in _field(mentions, idx, "text")}
        variants |= {long_forms[n] for n in group if n in long_forms}
        entities.append(
            Entity(
                entity_id=entity_id,
                name=name,
                type=etype,
                variants=sorted(variants),
                doc_ids=sorted({mentions[i].doc_id for i in idx}),
                mentions=len(idx),
                merge_rules=_merge_rules(graph, group, name, etype),
            )
        )
        for n in group:
            node_entity[n] = entity_id
    assignment = [node_entity.get(n, "") for n in graph.node_of]
    entities.sort(key=lambda e: (-len(e.doc_ids), -e.mentions, e.entity_id))
    return entities, assignment


def _merge_rules(graph: _Graph, group: Sequence[str], name: str, etype: str) -> list[str]:
    """Why each variant of the nodes ``group`` became the entity ``name``:
    ``"<rule>: <variant> → <name>"``, sorted."""
    rules = set()
    key = node_name(name, etype == "PERSON")
    for n in group:
        rule = graph.joiner.rule.get(n)
        for i in graph.node_mentions.get(n, []):
            v = strip_possessive(graph.mentions[i].text) or graph.mentions[i].text
            if graph.folded[i] == key or fold_name(v) == fold_name(name):
                if v != name:
                    rules.add(f"case/title/suffix folding: {v} → {name}")
                continue
            r = rule or _id_rule(graph.mentions[i], name, graph.node_rule, graph.joiner.met.get(n))
            rules.add(f"{r}: {v} → {name}")
    return sorted(rules)


def _id_rule(m: Mention, name: str, node_rule: dict[str, str], met: str | None) -> str:
    """The rule that put a mention with extract's id (or a same-document surname) in its node;
    for a node others joined, the rule of the first such join (``met``)."""
    f = fold_name(m.text)
    cid = m.canonical_id
    if cid and not cid.startswith("person:"):
        return f"alias data ({cid})"
    if cid:
        if " " not in f and fold_name(name).split()[-1:] == [f]:
            return "surname in same document"
        return f"person name variant ({cid})"
    return node_rule.get(f) or met or "same node"


def _field(mentions: Sequence[Mention], idx: Iterable[int], name: str) -> Iterator[Any]:
    """``mentions[i].<name>`` for i in ``idx`` (map and attrgetter: twice a generator's speed
    over the 600,000 mentions of a 10k corpus)."""
    return map(attrgetter(name), map(mentions.__getitem__, idx))


_THE_LEAD = re.compile(r"^[Tt]he\s+")


def _canonical_form(idx: Sequence[int], mentions: Sequence[Mention], etype: str) -> str:
    """The most frequent form without possessive, "the" and (people) titles; for people the
    most frequent full name (more words first among equals)."""
    forms: Counter = Counter()
    for text, n in Counter(_field(mentions, idx, "text")).items():  # each distinct text once
        t = strip_possessive(text)
        if etype == "PERSON":
            t = strip_titles(t)
        t = _THE_LEAD.sub("", t).strip(" *_")
        forms[t] += n
    if etype == "PERSON" and any(" " in f for f in forms):  # a full name, the most used one
        forms = Counter({f: n for f, n in forms.items() if " " in f})
    return sorted(forms, key=lambda f: (-forms[f], -len(f.split()), f))[0]


def _name_and_id(
    idx: Sequence[int],
    mentions: Sequence[Mention],
    etype: str,
    gazetteer,
    acr_node: str = "",
    long_form: str | None = None,
) -> tuple[str, str]:
    """Canonical name and id: the gazetteer's, an acronym's long form (id: the acronym), else
    the canonical form (:func:`_canonical_form`) and its slug."""
    ids = Counter(mentions[i].canonical_id for i in idx if mentions[i].canonical_id)
    gaz_ids = sorted((i for i in ids if not i.startswith("person:")), key=lambda i: (-ids[i], i))
    if gaz_ids:
        entry = gazetteer.entry(gaz_ids[0]) if gazetteer is not None else None
        if entry is not None:
            return entry.names[0], gaz_ids[0]
    if acr_node and long_form:
        return long_form, f"{etype.lower()}:{slug(acr_node[5:])}"
    name = _canonical_form(idx, mentions, etype)
    if gaz_ids:
        return name, gaz_ids[0]
    return name, f"{etype.lower()}:{slug(name)}"


# ---------------------------------------------------------------- names the corpus knows
# The small NER model tags "Marisol Price" in one article and not in the next. A name NER
# tagged in most of the places the corpus writes it is a mention wherever it stands alone.

#: a name is spread only when NER tagged at least this share of the places it stands alone
SPREAD_MIN_TAGGED = 0.5
#: a name of two words or more is rarer by chance (NER misses a name it does not know in
#: most of its places): the share it needs is this part of ``SPREAD_MIN_TAGGED``
SPREAD_LONG_SHARE = 0.5


def _upper_class() -> str:
    """A character class of the upper-case letters of the Basic Multilingual Plane."""
    ranges: list[list[int]] = []
    for c in range(0x10000):
        if chr(c).isupper():
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges
    )


_CAP = _upper_class()
#: a capitalised word (or one with digits: "MAX 9"), an Arabic article before it ("al-Islam"),
#: without a possessive, a sentence's period (an initialism keeps its own: "U.S.") or a
#: lower-case word after a hyphen ("NATO-led")
_NAME_WORD = (
    rf"(?:(?:al|el|ad|ul)-)?[{_CAP}0-9][\w&+]*(?:[’'.](?!s\b)[\w&+]+|-(?![a-z])[\w&+]+)*"
    r"(?:\.(?<=\b\w\.))?"
)
#: words that join the capitalised words of one name ("Bank of England", "Trinidad and Tobago")
_NAME_GLUE = r"(?:of|and|for|the|de|del|la|y|von|van|der|du|da|di|le|&)"
#: a run of capitalised words and the words that may join them, not inside a longer word
_NAME_RUN = re.compile(
    rf"(?=[a-z{_CAP}0-9])(?<![\w’'&.-]){_NAME_WORD}(?:(?: {_NAME_GLUE})* {_NAME_WORD})*"
)
_GLUE_WORDS = frozenset(_NAME_GLUE[3:-1].split("|"))
_SPACED_WORD = re.compile(r"\S+")
#: words that may open a sentence before a name and are no part of it ("In Brussels")
_OPENERS = word_set(
    "a an the this that these those and or but nor so yet if when while after before as since "
    "though although because until unless once in on at to for from by with without about "
    "against among between during into over under through across near despite per via of "
    "he she it we they i you his her its our their my your there here then now also still "
    "meanwhile however instead only even both either neither each every all some many most "
    "no not yes later earlier today yesterday tomorrow what who which where why how "
    "said says according asked told"
)


def run_names(
    run: str, names: frozenset[str], groups: Collection[str] = ()
) -> tuple[tuple[int, int], ...]:
    """The names of ``names`` a run of capitalised words (:data:`_NAME_RUN`) writes standing
    alone, as spans of the run, longest first and none overlapping another: the whole run, or
    a part of it between joining words or scores, or before a title ("Brussels and Paris" →
    "Brussels", "Paris"; "Real Madrid 2-1 Bayern Munich" → "Real Madrid", "Bayern Munich";
    "Virelli CTO Sven Lloyd" → "Virelli", "Sven Lloyd"), without opening words,
    titles and nationalities (``groups``: "In Brussels", "President Biden", "the English
    Premier League" → "Brussels", "Biden", "Premier League")."""
    if run in names:
        return ((0, len(run)),)
    if " " not in run:
        return ()
    pieces: list[list[int]] = []
    glued = True  # whether the next word starts a new piece
    for w in _SPACED_WORD.finditer(run):
        if w.group() in _GLUE_WORDS:
            glued = True
        elif _NUMBER.fullmatch(w.group()):  # a score between two names: a piece of its own
            pieces.append([w.start(), w.end()])
            glued = True
        elif glued or is_title_word(w.group()):  # a title starts a piece: "Virelli CTO Sven"
            pieces.append([w.start(), w.end()])
            glued = False
        else:
            pieces[-1][1] = w.end()
    spans = {
        span
        for a in range(len(pieces))
        for b in range(a, min(a + 3, len(pieces)))
        for span in _without_openers(run, pieces[a][0], pieces[b][1], groups)
        if run[span[0] : span[1]] in names
    }
    taken: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda se: (se[0] - se[1], se[0])):
        if not any(a < e and s < b for a, b in taken):
            taken.append((s, e))
    return tuple(taken)


_NUMBER = re.compile(r"\d{1,2}[–:-]\d{1,2}")  # a score: "2-1", "1:0" (not a model: "737-9")


def _without_openers(
    text: str, s: int, e: int, groups: Collection[str] = ()
) -> Iterator[tuple[int, int]]:
    """``(s, e)``, and the same without each opening word, title, number (in figures or words),
    day or month name or nationality (``groups``) of ``text[s:e]`` in turn ("On Monday NATO" →
    "NATO", "Ten Premier League" → "Premier League")."""
    yield s, e
    while True:
        space = text.find(" ", s, e)
        word = text[s:space]
        folded = word.casefold()
        opener = folded in _OPENERS or folded in MONTHS or folded in WEEKDAYS or word.isdigit()
        opener = opener or folded in SMALL or folded in TENS or word in groups
        if space < 0 or not (opener or is_title_word(word)):
            return
        s = space + 1
        yield s, e


def _spread_keys(texts: Iterable[str]) -> dict[str, str]:
    """Each distinct text of the mentions → its name as looked for (possessive and a leading
    "the" dropped), for those with a capital letter and two characters at least."""
    keys = {}
    for text in texts:
        t = _THE_LEAD.sub("", strip_possessive(text))
        if len(t) >= 2 and not t[:1].islower() and any(c.isupper() for c in t):
            keys[text] = t
    return keys


@dataclass
class _Places:
    """Where the paragraphs write known names standing alone: how often each name, and the
    places no mention has exactly (paragraph row, start, end)."""

    alone: Counter = field(default_factory=Counter)
    untagged: dict[str, list[tuple[int, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def _places(
    paragraphs: Sequence[Mapping[str, Any]],
    names: frozenset[str],
    tagged_at: Collection[tuple[str, int, int, int]],
    groups: Collection[str] = (),
) -> _Places:
    """Where the paragraphs (bylines never) write the ``names`` standing alone
    (:func:`run_names`), and where no mention has exactly that span (``tagged_at``: (doc_id,
    paragraph, start, end) of the mentions). Each distinct paragraph text is read once."""
    rows_of: dict[str, list[int]] = defaultdict(list)
    for row, p in enumerate(paragraphs):
        if p.get("kind") != "byline":
            rows_of[p["text"]].append(row)
    out = _Places()
    of_run: dict[str, tuple[tuple[int, int], ...]] = {}  # each distinct run read once
    upper: dict[str, str] | None = None
    for text, rows in rows_of.items():
        places = []
        for run in _NAME_RUN.finditer(text):
            g = run.group()
            spans = of_run.get(g)
            if spans is None:
                spans = of_run[g] = run_names(g, names, groups)
            if spans:
                at = run.start()
                places.extend((g[s:e], at + s, at + e) for s, e in spans)
        case = _headline(text) if len(text) <= _HEADLINE_CHARS else ""
        if case == "title":
            places = _in_headline(text, {}, names, places)
        elif case == "upper":
            if upper is None:  # a name of two words or more in capitals → the name
                upper = {n.upper(): n for n in sorted(names) if " " in n}  # one run as the next
            places = _in_headline(text, upper, (), places)
        if not places:
            continue
        for name, _, _ in places:
            out.alone[name] += len(rows)
        # a text's copies were read by NER as it was: where the first one (in document order,
        # whatever the rows' order) is tagged, so are they (a document's own passes tag more)
        for row in sorted(
            rows, key=lambda r: (paragraphs[r]["doc_id"], int(paragraphs[r]["index"]))
        ):
            doc, index = paragraphs[row]["doc_id"], int(paragraphs[row]["index"])
            places = [t for t in places if (doc, index, t[1], t[2]) not in tagged_at]
            for name, s, e in places:
                out.untagged[name].append((row, s, e))
            if not places:
                break
    return out


#: the longest line read as a possible headline
_HEADLINE_CHARS = 200


def _headline(text: str) -> str:
    """ "title" or "upper" for a title-case or all-capitals headline
    (:func:`sourcebook.extract.headlines.headline_case`), tested only where most words start
    with a capital (a quick test first: most lines are sentences), else ""."""
    words = text.split()
    if 2 * sum(w[:1].isupper() for w in words) <= len(words):
        return ""
    return headline_case(text)


def _in_headline(
    text: str,
    in_capitals: Mapping[str, str],
    names: Collection[str],
    places: list[tuple[str, int, int]],
) -> list[tuple[str, int, int]]:
    """``places`` and the names of two words or more a headline writes inside its runs of
    capitalised words, where every word has a capital and no word tells where a name ends
    ("Everton Agree Deal With Real Madrid" → "Real Madrid"), longest first, none overlapping
    another: ``names`` as written, or written in capitals (``in_capitals`` → the name)."""
    found = list(places)
    for run in _NAME_RUN.finditer(text):
        words = [
            (run.start() + w.start(), run.start() + w.end())
            for w in _SPACED_WORD.finditer(run.group())
        ]
        spans = [
            (words[a][0], words[b][1])
            for a in range(len(words))
            for b in range(a + 1, min(a + 6, len(words)))
            if text[words[a][0] : words[b][1]] in names
            or text[words[a][0] : words[b][1]] in in_capitals
        ]
        for s, e in sorted(spans, key=lambda se: se[0] - se[1]):
            if not any(a < e and s < b for _, a, b in found):
                found.append((in_capitals.get(text[s:e], text[s:e]), s, e))
    return found


def _paragraph_spans(
    mentions: Sequence[Mention], doc_ids: Sequence[str], wanted: Collection[tuple[str, int]]
) -> dict[tuple[str, int], list[tuple[int, int, int]]]:
    """(doc_id, paragraph) of ``wanted`` → its mentions as (start, end, position), the
    paragraph's offsets; ``mentions`` are in document order, so each document's are found
    by bisection, not by a pass over them all."""
    out: dict[tuple[str, int], list[tuple[int, int, int]]] = defaultdict(list)
    for doc in {d for d, _ in wanted}:
        for i in range(bisect_left(doc_ids, doc), bisect_right(doc_ids, doc)):
            m = mentions[i]
            if (doc, m.paragraph) in wanted:
                out[(doc, m.paragraph)].append((m.para_start, m.para_end, i))
    return out


def _free(
    hits: Sequence[tuple[int, int, int]],
    paragraphs: Sequence[Mapping[str, Any]],
    spans: Mapping[tuple[str, int], list[tuple[int, int, int]]],
) -> list[tuple[int, int, int, list[int]]]:
    """The hits (paragraph row, start, end) no mention covers or overlaps, but mentions wholly
    inside them ("Madrid" in "Real Madrid"), with those mentions' positions; none in a credit
    clause ("Reporting by …"). Each paragraph's mentions are sorted and its credit clauses read
    once, and a hit looks only at the mentions that can reach it (a long paragraph holds many)."""
    out = []
    seen: dict[int, tuple[list[int], list[tuple[int, int, int]], int, list[tuple[int, int]]]] = {}
    for row, s, e in hits:
        if row not in seen:
            p = paragraphs[row]
            ts = sorted(spans.get((p["doc_id"], int(p["index"])), ()))
            longest = max((b - a for a, b, _ in ts), default=0)
            seen[row] = ([a for a, _, _ in ts], ts, longest, credit_spans(p["text"]))
        starts, ts, longest, credits = seen[row]
        near = ts[bisect_left(starts, s - longest) : bisect_left(starts, e)]
        over = [t for t in near if t[0] < e and s < t[1]]
        if all(s <= a and b <= e and (a, b) != (s, e) for a, b, _ in over) and not any(
            a <= s and e <= b for a, b in credits
        ):
            out.append((row, s, e, [i for _, _, i in over]))
    return out


#: month and day names: never spread as a name, whatever NER tagged them as
_CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)


def spread_known_names(
    mentions: Sequence[Mention],
    paragraphs: Sequence[Mapping[str, Any]],
    min_tagged: float = SPREAD_MIN_TAGGED,
    defined: Mapping[str, str] | None = None,
) -> list[Mention]:
    """The mentions, and a mention wherever a paragraph writes, standing alone and untagged, a
    name the corpus's mentions give: a run of capitalised words (or the part of one between
    joining words, without an opening word or title: :func:`run_names`) that is, as written,
    a mention's text elsewhere. Only names NER tagged in at least ``min_tagged`` of the places
    they stand alone (half that for a name of two words or more), a one-word name at least
    twice, and no nationality (also a language); a person's first name or surname tagged less
    often (a PERSON mostly) only in the documents whose PERSON mentions give it as a full
    name's first or last word; the long form of an acronym the text defines (``defined``:
    acronym → long form, :func:`find_acronyms`) wherever it stands alone. A new mention takes
    the name's majority label and most common id, and replaces the mentions inside it.
    ``mentions`` and the result are in the dossier's order (doc_id, page, start, end, label);
    ``paragraphs`` are rows with ``doc_id``, ``index``, ``text``, ``kind``, ``page``,
    ``start`` and ``source_map`` (:class:`sourcebook.core.schema.Paragraph`). First, a mention
    NER ran over two names the corpus knows becomes those names (:func:`split_joined_names`)."""
    mentions = split_joined_names(mentions, paragraphs)
    texts = list(map(attrgetter("text"), mentions))
    keys = _spread_keys(set(texts))
    long_forms = {f for a, f in (defined or {}).items() if " " in f and acronym_matches(a, f)}
    names = _known_names(texts, keys) | long_forms
    doc_ids = list(map(attrgetter("doc_id"), mentions))
    at = (map(attrgetter(a), mentions) for a in ("paragraph", "para_start", "para_end"))
    labelled = Counter(zip(texts, map(attrgetter("label"), mentions), strict=True))
    groups = _nationalities(labelled)
    places = _places(paragraphs, names, set(zip(doc_ids, *at, strict=True)), groups)
    # a name NER tagged too rarely where it stands alone is left alone: a quick first test
    # (a place inside a longer mention counts as untagged here), then the exact one below
    parts = _name_parts(mentions, _people(labelled))
    part_words = {w for _, w in parts}
    cands = {
        k: hits
        for k, hits in places.untagged.items()
        if k in long_forms
        or k in part_words
        or _tagged_share(places, k, len(hits)) >= _least(k, min_tagged)
    }
    rows = {r for h in cands.values() for r, _, _ in h}
    wanted = {(paragraphs[r]["doc_id"], int(paragraphs[r]["index"])) for r in rows}
    spans = _paragraph_spans(mentions, doc_ids, wanted)
    free = {k: f for k, hits in cands.items() if (f := _free(hits, paragraphs, spans))}
    labels, id_counts = _labels_and_ids(mentions, texts, keys, free.keys())
    ids = {k: _majority(c) if c else "" for k, c in id_counts.items()}
    added: list[Mention] = []
    dropped: set[int] = set()
    rare: dict[str, list[tuple[int, int, int, list[int]]]] = {}
    for name, hits in free.items():
        label = _majority(labels[name]) if labels[name] else "ORG"  # an acronym's long form
        if label == "NORP" or name.casefold() in _CALENDAR_WORDS:
            continue  # "May" tagged a person in most places is still a month elsewhere
        tagged_here = places.alone[name] - len(places.untagged[name])
        if name not in long_forms and tagged_here < _least(name, min_tagged) * (
            tagged_here + len(hits)
        ):
            rare[name] = hits
            continue
        for row, s, e, inner in hits:
            added.append(_spread_mention(paragraphs[row], s, e, label, ids.get(name, "")))
            dropped.update(inner)
    # a person's first name or surname tagged too rarely: where the document names the person
    parts |= _name_parts(added)
    for name, hits in rare.items():
        if " " not in name and _majority(labels[name]) == "PERSON":
            for row, s, e, inner in hits:
                if (paragraphs[row]["doc_id"], name) in parts:
                    added.append(_spread_mention(paragraphs[row], s, e, "PERSON", ids[name]))
                    dropped.update(inner)
    return _with(mentions, added, dropped)


def _known_names(texts: Sequence[str], keys: Mapping[str, str]) -> frozenset[str]:
    """The names of the mentions' texts (``keys``: a text's name) of two words or more, or
    tagged twice or more."""
    tagged: Counter = Counter()
    for text, n in Counter(texts).items():
        if text in keys:
            tagged[keys[text]] += n
    return frozenset(k for k, n in tagged.items() if " " in k or n >= 2)


def _least(name: str, min_tagged: float) -> float:
    """The share of its places NER must have tagged ``name`` in for it to spread."""
    return min_tagged * (SPREAD_LONG_SHARE if " " in name else 1)


def _tagged_share(places: _Places, name: str, untagged: int) -> float:
    """The share of the places ``name`` stands alone that NER tagged, ``untagged`` not."""
    alone = places.alone[name]
    return (alone - untagged) / alone if alone else 0.0


#: the words a mention may join two names with ("Calif. & Eindhoven", "Goa and Sea Guardian")
_JOINING = frozenset({"and", "&"})


def split_joined_names(
    mentions: Sequence[Mention], paragraphs: Sequence[Mapping[str, Any]]
) -> list[Mention]:
    """The mentions, a mention NER ran over names the corpus knows replaced by those names: a
    text tagged once (no gazetteer entry: "Bosnia and Herzegovina"), made of names each tagged
    twice or more as written (no nationality), joined by "and", "&" or a possessive
    ("Eindhoven's Virelli"), or written side by side when both have two words or more and the
    first is no place ("Real Madrid Champions League", not "Los Angeles Superior Court"), or
    one name after a nationality ("the American Nortessa"). Each name takes its majority label
    and id (:func:`_joined`)."""
    texts = list(map(attrgetter("text"), mentions))
    labelled = Counter(zip(texts, map(attrgetter("label"), mentions), strict=True))
    tagged = Counter(texts)
    groups = _nationalities(labelled)
    known = frozenset(t for t, n in tagged.items() if n >= 2 and t not in groups)
    votes: dict[str, Counter] = defaultdict(Counter)
    for (text, label), n in labelled.items():
        if text in known:
            votes[text][label] += n
    places = {t for t, c in votes.items() if _GROUPS.get(_majority(c)) == "place"}
    found = {
        i: spans
        for i, t in enumerate(texts)
        if tagged[t] == 1
        and " " in t
        and mentions[i].canonical_id.partition(":")[0] in ("", "person")  # no gazetteer name
        and (spans := _joined(t, known, groups, places))
    }
    if not found:
        return list(mentions)
    names = {texts[i][s:e] for i, spans in found.items() for s, e in spans}
    name_labels, name_ids = _labels_and_ids(mentions, texts, {t: t for t in known}, names)
    wanted = {(mentions[i].doc_id, mentions[i].paragraph) for i in found}
    rows = {key: p for p in paragraphs if (key := (p["doc_id"], int(p["index"]))) in wanted}
    added: list[Mention] = []
    dropped: set[int] = set()
    for i, spans in found.items():
        m = mentions[i]
        p = rows.get((m.doc_id, m.paragraph))
        if p is None or p["text"][m.para_start : m.para_end] != m.text:
            continue  # no paragraph offsets to place the names by
        for s, e in spans:
            name = m.text[s:e]
            label, cid = _majority(name_labels[name]), _majority(name_ids[name])
            added.append(_spread_mention(p, m.para_start + s, m.para_start + e, label, cid))
        dropped.add(i)
    return _with(mentions, added, dropped)


@functools.lru_cache(maxsize=1 << 14)
def _joined_words(text: str) -> tuple[tuple[int, int, str], ...]:
    """The words of ``text`` as (start, end, word)."""
    return tuple((w.start(), w.end(), w.group()) for w in _SPACED_WORD.finditer(text))


def _joined(
    text: str, known: frozenset[str], groups: Collection[str], places: Collection[str]
) -> list[tuple[int, int]]:
    """The spans of the names of ``known`` that make up ``text`` (see
    :func:`split_joined_names`), two names at least, or a one-word name after a nationality
    ("American Nortessa"; not "American Red Cross": a body of that country's own); a place
    side by side with the name after it is one name ("Los Angeles Superior Court"), the same
    name twice is one too ("Johnson & Johnson"); else []."""
    words = _joined_words(text)
    k = 1 if words and (words[0][2] in groups or words[0][2].casefold() == "the") else 0
    lead = k
    spans: list[tuple[int, int]] = []
    sep = True  # whether a joining word or a possessive came before the next name
    while k < len(words):
        if words[k][2] in _JOINING and spans:
            k, sep = k + 1, True
            continue
        for j in range(len(words), k, -1):
            s, e = words[k][0], words[j - 1][1]
            poss = text[s:e].endswith(("'s", "’s")) and j < len(words)
            name = text[s : e - 2] if poss else text[s:e]
            last = text[slice(*spans[-1])] if spans else ""
            if name in known and (sep or (" " in name and " " in last and last not in places)):
                spans.append((s, s + len(name)))
                k, sep = j, poss
                break
        else:
            return []
    if len(spans) < 2 and not (lead and spans and words[0][2] in groups and _one_word(text, spans)):
        return []  # "American Red Cross" is no "Red Cross", "Chinese Communist Party" no party
    return spans if len({text[s:e] for s, e in spans}) == len(spans) else []


def _one_word(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the one name of ``spans`` in ``text`` is a single word ("American Nortessa")."""
    return len(spans) == 1 and " " not in text[slice(*spans[0])]


def _nationalities(labelled: Mapping[tuple[str, str], int]) -> set[str]:
    """The one-word texts tagged NORP twice or more and more often than not ("English", not a
    name NER once called so); ``labelled``: (text, label) → how often."""
    votes: Counter = Counter()
    norp: Counter = Counter()
    for (text, label), n in labelled.items():
        if " " not in text:
            votes[text] += n
            norp[text] += n if label == "NORP" else 0
    return {t for t, n in norp.items() if n >= 2 and 2 * n > votes[t]}


def _name_parts(mentions: Iterable[Mention], people: Collection[str] = ()) -> set[tuple[str, str]]:
    """(doc_id, word) of the first and last words of the PERSON names of two words or more
    that each document's ``mentions`` give (possessive dropped), whatever the label of a name
    of ``people`` (the corpus's people: "Marisol Price", tagged ORG here)."""
    parts = set()
    for m in mentions:
        if " " in m.text and (m.label == "PERSON" or m.text in people):
            ws = strip_possessive(m.text).split()
            parts.add((m.doc_id, ws[0]))
            parts.add((m.doc_id, ws[-1]))
    return parts


def _people(labelled: Mapping[tuple[str, str], int]) -> set[str]:
    """The texts of two words or more tagged PERSON more often than not (``labelled``: (text,
    label) → how often)."""
    votes: Counter = Counter()
    for (text, label), n in labelled.items():
        if " " in text:
            votes[text] += n if label == "PERSON" else -n
    return {t for t, v in votes.items() if v > 0}


def _labels_and_ids(
    mentions: Sequence[Mention],
    texts: Sequence[str],
    keys: Mapping[str, str],
    names: Collection[str],
) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """The labels and ids of the mentions of ``names`` (``texts``: each mention's, ``keys``:
    a text's name)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    ids: dict[str, Counter] = defaultdict(Counter)
    wanted = {t for t, k in keys.items() if k in names}
    for i in [i for i, t in enumerate(texts) if t in wanted]:
        m = mentions[i]
        labels[keys[m.text]][m.label] += 1
        ids[keys[m.text]][m.canonical_id] += 1
    return labels, ids


def _with(mentions: Sequence[Mention], added: list[Mention], dropped: set[int]) -> list[Mention]:
    """``mentions`` without the positions ``dropped`` and with ``added``, in the dossier's order
    (each one added put in place by bisection: no sort of them all)."""
    if not added and not dropped:
        return list(mentions)
    key = attrgetter("doc_id", "page", "start", "end", "label")
    kept = [m for i, m in enumerate(mentions) if i not in dropped] if dropped else list(mentions)
    out: list[Mention] = []
    last = 0
    for m in sorted(added, key=key):
        at = bisect_right(kept, key(m), lo=last, key=key)
        out.extend(kept[last:at])
        out.append(m)
        last = at
    out.extend(kept[last:])
    return out


def _spread_mention(p: Mapping[str, Any], s: int, e: int, label: str, cid: str) -> Mention:
    """A mention of paragraph row ``p`` at ``[s, e)``, with raw offsets and its sentence."""
    text = p["text"]
    start, end = to_raw(p.get("source_map") or "", int(p.get("start") or 0), s, e)
    return Mention(
        doc_id=p["doc_id"],
        paragraph=int(p["index"]),
        page=int(p.get("page") or 1),
        start=start,
        end=end,
        text=text[s:e],
        label=label,
        canonical_id=cid,
        sentence=sentence_of(text, s, e),
        para_start=s,
        para_end=e,
    )

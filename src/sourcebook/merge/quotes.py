"""Merge across sources: the same quotation in several documents, and who it is attributed to.

Every quote extract found (:class:`sourcebook.core.schema.Quote`) becomes a row of the dossier's
``quotes`` table, its speaker given the dossier's entity id (through the mention extract named it
after). Quotes of different documents are grouped into clusters (``cluster_id``, ``qc0001`` on,
numbered by first appearance; empty for a quote no other document carries):

- **verbatim or trimmed**: the same words, or one quote's words a run inside the other's (at
  least three words, or the same short quote in sentences that share most of their words:
  "strike “anywhere” inside Russian territory");
- **paraphrased or translated**: most content words shared (word stems, so "coordinate" meets
  "coordination", and figures: "four dead, 61 injured" / "killed four and injured 61"): at
  least :data:`MIN_SHARED` of them and :data:`PARAPHRASE` of the shorter quote's, by the same
  speaker or one left unnamed; one speaker's quotes giving two of the same figures;
- **short and reordered**: one named speaker's quotes whose shorter one's stems (two or more)
  are all in the other ("not a dream, they are a necessity" / "a necessity, not a dream");
- quotes of one sentence by one speaker ("X announced that “…” under “…”") are one statement:
  they join the same cluster; so do one speaker's quotes of one document found alike (a
  headline and the quote it sums up).

Candidates come from buckets of quotes with the same words or one of the same rarest stems
that another quote has too (each compared with the few before it in its bucket), so the work
grows with the corpus, not its square. Speakers are compared as one id per person: a surname
alone ("person:muresan") is the one full name of that surname ("person:radu-muresan"), a name
NER took for an organisation in one document is the person of that name.
A cluster whose members name different speakers (named entities, not anonymous or unresolved
ones) for the same words is an **attribution conflict** (:func:`summarise`); a paraphrase joins a
cluster only when that adds no speaker to either side (so it may join a conflict it agrees with).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from sourcebook.core.schema import Mention, Quote
from sourcebook.core.text import ascii_fold, word_set
from sourcebook.extract.quotes import entity_key
from sourcebook.merge.textsim import union_find

#: share of the shorter quote's content stems two paraphrases have in common
PARAPHRASE = 0.5
#: content stems two paraphrases share at least
MIN_SHARED = 3
#: a quote is compared with the quotes sharing one of its this many rarest stems ...
RARE_STEMS = 6
#: ... the last this many of them before it
WINDOW = 10
#: share of the shorter sentence's stems two sentences around the same short quote share
SAME_SENTENCE = 0.6

_STOP = word_set(
    "the a an and or but of to in on at for with by from as that this these those it its is are "
    "was were be been being has have had will would can could should may might must do does did "
    "not no we our us you your they their them he his him she her i me my there here what which "
    "who whom whose when where while than then so if about into over after before also just very "
    "more most said says say told"
)


@dataclasses.dataclass(frozen=True)
class QuoteRow:
    """A quotation or reported statement in the dossier, with its speaker and cluster."""

    quote_id: str = dataclasses.field(metadata={"doc": "<doc_id>:qNNNN"})
    doc_id: str
    page: int
    start: int = dataclasses.field(metadata={"doc": "offset into the page's raw text"})
    end: int
    text: str
    kind: str = dataclasses.field(metadata={"doc": "direct, partial or indirect"})
    cue: str = dataclasses.field(metadata={"doc": "speech verb lemma, according_to, or empty"})
    speaker_text: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_entity_id: str = dataclasses.field(metadata={"doc": "the speaker's entities row"})
    speaker_kind: str = dataclasses.field(
        metadata={"doc": "named, pronoun, description, anonymous, implicit or empty"}
    )
    cluster_id: str = dataclasses.field(metadata={"doc": "the same quote in other documents"})


def speaker_ids(
    mentions: Sequence[Mention], entity_ids: Sequence[str]
) -> dict[tuple[str, str], str]:
    """(doc_id, extract's entity key) → the dossier's entity id, from the mentions."""
    out: dict[tuple[str, str], str] = {}
    for m, eid in zip(mentions, entity_ids, strict=True):
        if eid:
            out.setdefault((m.doc_id, entity_key(m)), eid)
    return out


@functools.lru_cache(maxsize=65536)
def _stems(text: str) -> tuple[str, ...]:
    """Content words of ``text``, folded and cut to six letters (a crude stem); numbers of
    any length ("61 injured" / "injured 61")."""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", ascii_fold(text))
    return tuple(w[:6] for w in words if w not in _STOP and (len(w) > 2 or w.isdigit()))


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> str:
    """``text`` as folded words joined by single spaces (quote marks and punctuation gone)."""
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(text)))


@dataclasses.dataclass
class _Item:
    index: int
    doc_id: str
    words: str
    stems: frozenset[str]
    sentence: frozenset[str]
    speaker: str
    weight: float = 0.0  # the idf of its stems, summed (see cluster_quotes)

    @property
    def numbers(self) -> frozenset[str]:
        """The figures among its stems."""
        return frozenset(w for w in self.stems if w.isdigit())


def _same_words(a: _Item, b: _Item) -> bool:
    """Verbatim or trimmed: one quote's words a run of the other's."""
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if not short.words or f" {short.words} " not in f" {long_.words} ":
        return False
    if short.words.count(" ") >= 2:
        return True
    small = min(len(a.sentence), len(b.sentence))
    return small > 0 and len(a.sentence & b.sentence) >= SAME_SENTENCE * small


def _paraphrase(a: _Item, b: _Item, idf: Mapping[str, float]) -> bool:
    """Most content stems shared (weighted by their rarity among the quotes: "NATO" in a
    corpus about NATO counts little), by the same speaker or one left unnamed; or, by one
    named speaker, all the stems (two or more) of the shorter quote."""
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return False
    shared = a.stems & b.stems
    if len(shared) >= 2 and a.speaker and shared == min(a.stems, b.stems, key=len):
        return True  # one speaker's short words reordered: "a necessity, not a dream"
    if len(shared) < MIN_SHARED:
        return False
    if a.speaker and a.speaker == b.speaker and len(a.numbers & b.numbers) >= 2:
        return True  # one speaker's same figures: "212 passengers … licensed for 150"
    return sum(idf[w] for w in shared) >= PARAPHRASE * min(a.weight, b.weight)


def _distinct(
    quotes: Sequence[Quote], speakers: Sequence[str]
) -> tuple[list[_Item], list[int], list[tuple[int, int]]]:
    """One item per distinct wording (its first quote), the quote each item stands for, and
    the pairs joining every repeat of a wording to its first quote: a corpus retelling one
    story repeats its quotes thousands of times, and they need comparing only once."""
    first: dict[str, int] = {}
    items: list[_Item] = []
    rep: list[int] = []
    repeats: list[tuple[int, int]] = []
    for i, (q, sp) in enumerate(zip(quotes, speakers, strict=True)):
        words = _words(q.text)
        if words in first:
            repeats.append((first[words], i))
            continue
        first[words] = i
        rep.append(i)
        items.append(
            _Item(len(items), q.doc_id, words, frozenset(_stems(q.text)),
                  frozenset(_stems(q.sentence)), sp)
        )  # fmt: skip
    return items, rep, repeats


def _candidates(
    items: Sequence[_Item], idf: Mapping[str, float], unique: float
) -> list[tuple[int, int]]:
    """Pairs of quotes worth comparing (of different documents, or one speaker's in one: a
    headline and the quote it sums up), in linear time: quotes are put
    in buckets by their exact words and by each of their rarest stems that another quote has
    too (``unique`` is the idf of a stem of one quote), and each member of a bucket is paired
    with the :data:`WINDOW` members before it."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for it in items:
        buckets["=" + it.words].append(it.index)
        shared = [w for w in it.stems if idf[w] < unique]
        for w in sorted(shared, key=lambda w: (-idf[w], w))[:RARE_STEMS]:
            buckets[w].append(it.index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for k in range(1, len(members)):
            for i in members[max(0, k - WINDOW) : k]:
                a, b = items[i], items[members[k]]
                if a.doc_id != b.doc_id or (a.speaker and a.speaker == b.speaker):
                    pairs.add((i, members[k]))
    return sorted(pairs)


def _speakers_linked(speakers: Sequence[str]) -> list[str]:
    """Speakers as one id per person: a name some document's NER took for an organisation
    ("org:ulrike-brandt") as the person of that name, and a person named by a surname alone
    ("person:muresan", a document that never gives the full name) as the one person of that
    surname the others name in full ("person:radu-muresan"), when there is exactly one."""
    distinct = set(speakers)
    people = {sp[7:] for sp in distinct if sp.startswith("person:")}
    full: dict[str, set[str]] = defaultdict(set)
    for name in people:
        if "-" in name:
            full[name.rsplit("-", 1)[1]].add(name)
    canon = {}
    for sp in distinct:
        label, _, name = sp.partition(":")
        if label != "person" and name in people:
            canon[sp] = "person:" + name
        elif label == "person" and len(full.get(name, ())) == 1:
            canon[sp] = "person:" + next(iter(full[name]))
    return [canon.get(sp, sp) for sp in speakers]


def cluster_quotes(quotes: Sequence[Quote], speakers: Sequence[str]) -> list[str]:
    """Each quote's cluster id ("" for a quote no other document carries); ``speakers`` are
    the quotes' speaker entity ids."""
    named = _speakers_linked(
        [
            sp if q.speaker_kind not in ("anonymous", "") else ""
            for q, sp in zip(quotes, speakers, strict=True)
        ]
    )
    items, rep, verbatim = _distinct(quotes, named)
    df: dict[str, int] = defaultdict(int)
    for it in items:
        for w in it.stems:
            df[w] += 1
    idf = {w: math.log((len(items) + 1) / n) for w, n in df.items()}
    for it in items:
        it.weight = sum(idf[w] for w in it.stems)
    similar = []
    for i, j in _candidates(items, idf, math.log(len(items) + 1) - 1e-9):
        if _same_words(items[i], items[j]):
            verbatim.append((rep[i], rep[j]))
        elif _paraphrase(items[i], items[j], idf):
            similar.append((rep[i], rep[j]))
    statement: dict[tuple[str, str, str], int] = {}
    for i, q in enumerate(quotes):  # one sentence, one speaker: one statement
        key = (q.doc_id, q.sentence, named[i] or q.speaker_text)
        if q.sentence and key in statement:
            verbatim.append((statement[key], i))
        else:
            statement.setdefault(key, i)
    root = _join(named, verbatim, similar)
    docs: dict[int, set[str]] = defaultdict(set)
    for i, q in enumerate(quotes):
        docs[root[i]].add(q.doc_id)
    ids: dict[int, str] = {}
    out = []
    for i in range(len(quotes)):
        r = root[i]
        if len(docs[r]) < 2:
            out.append("")
            continue
        if r not in ids:
            ids[r] = f"qc{len(ids) + 1:04d}"
        out.append(ids[r])
    return out


def _join(
    named: Sequence[str], verbatim: Sequence[tuple[int, int]], similar: Sequence[tuple[int, int]]
) -> list[int]:
    """Cluster roots of the quotes (``named``: each one's speaker, "" if unnamed): verbatim
    pairs always join (different speakers then make a conflict); a paraphrase joins two
    clusters only when they name no two different speakers, so no chain of paraphrases makes
    a conflict."""
    root = union_find(len(named), verbatim)
    speakers: dict[int, set[str]] = defaultdict(set)
    for i, sp in enumerate(named):
        if sp:
            speakers[root[i]].add(sp)
    parent = {r: r for r in set(root)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in similar:
        a, b = find(root[i]), find(root[j])
        one, two = speakers[a], speakers[b]
        if a == b or (one and two and not (one <= two or two <= one)):
            continue  # joining would make a new conflict; one inside the other makes none
        a, b = min(a, b), max(a, b)
        parent[b] = a
        speakers[a] |= speakers.pop(b, set())
    return [find(r) for r in root]


def quote_rows(quotes: Sequence[Quote], ids: Mapping[tuple[str, str], str]) -> list[QuoteRow]:
    """The dossier's quotes table: speakers under the dossier's entity ids (``ids`` from
    :func:`speaker_ids`), clusters across documents."""
    speakers = [ids.get((q.doc_id, q.speaker_entity_id), q.speaker_entity_id) for q in quotes]
    clusters = cluster_quotes(quotes, speakers)
    return [
        QuoteRow(
            q.quote_id, q.doc_id, q.page, q.start, q.end, q.text, q.kind, q.cue,
            q.speaker_text, q.speaker_start, q.speaker_end, sp, q.speaker_kind, cid,
        )
        for q, sp, cid in zip(quotes, speakers, clusters, strict=True)
    ]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class QuoteCluster:
    """One quotation across sources, for the report."""

    cluster_id: str
    rows: tuple[dict, ...]  # the quotes table's rows, first appearance first
    first_doc: str
    first_date: str
    speakers: tuple[str, ...]  # distinct named speakers' entity ids
    wordings: tuple[str, ...]  # distinct wordings, first appearance first

    @property
    def conflict(self) -> bool:
        """Different named speakers for the same words."""
        return len(self.speakers) > 1


def summarise(rows: Sequence[Mapping], dates: Mapping[str, str]) -> list[QuoteCluster]:
    """The clusters of the quotes table's ``rows``: first appearance by the documents' dates
    (undated last), distinct wordings and named speakers."""
    groups: dict[str, list[Mapping]] = defaultdict(list)
    for r in rows:
        if r["cluster_id"]:
            groups[r["cluster_id"]].append(r)
    out = []
    for cid in sorted(groups):
        members = sorted(
            groups[cid], key=lambda r: (dates.get(r["doc_id"]) or "9999", r["doc_id"], r["start"])
        )
        named = [
            r["speaker_entity_id"] for r in members if r["speaker_kind"] not in ("anonymous", "")
        ]
        wordings: dict[str, str] = {}  # folded words → the first text worded so
        for r in members:
            wordings.setdefault(_words(r["text"]), r["text"])
        first = members[0]
        out.append(
            QuoteCluster(
                cid,
                tuple(dict(r) for r in members),
                first["doc_id"],
                dates.get(first["doc_id"]) or "",
                tuple(dict.fromkeys(s for s in named if s)),
                tuple(wordings.values()),
            )
        )
    return out

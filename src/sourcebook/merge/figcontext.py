"""What a figure is about, read from its sentence: the words around it, its time frame and the
kind of thing it counts.

- **Words around it.** A sentence's words are shared out between its figures: each word goes to
  the figure it is nearest to (in words), so in "killing two people and wounding at least six"
  *killing* belongs to two and *wounding* to six. A word's weight falls with its distance and
  rises with its rarity in the corpus (IDF over sentences); stems are crude suffix strips.
- **Time frame.** A year other than the document's ("the 2017 Thomas Fire", "in October
  2025"), a past marker ("last year's quake", "the previous record"), a future one ("expected
  to grow to", "by 2027", "a poll projected") or an increment ("a further 30,000") near the
  figure marks another time than the news itself: such figures are other quantities, as are a
  part of another one ("about 80 of them remain in hospital") and a change with its direction
  right beside it ("up 24%" is not "fell 3%").
- **What happened.** The synonym set (``data/news_synonyms.tsv``: killed, injured, arrested,
  displaced) of the words right beside a figure or inside it ("3,500 displaced persons"), of
  its noun ("11 injured"), or what of "their" own they lost ("forced from their homes"): "six
  killed" and "11 injured" are two quantities whatever else their sentences share.
- **Whom it belongs to.** The named entities before a figure, other than a source giving it
  ("the USGS said", "according to") or a place it happened in ("in Ventura County"): "Poland
  has sent 25 officers" and "Germany supplies about 40" are two quantities.
- **Counted noun.** Folded to its class (``data/counted_nouns.tsv``): "personnel", "staff",
  "employees" are one class; generic persons ("people", "men", "victims") meet every person
  class; two different classes never meet ("ships" vs "people"). Generic persons who did a deed
  whose doers are a listed kind are of that kind ("Four men … robbed": thieves,
  :func:`doers`); a people counted is persons and names its group ("17 Filipinos", "18
  Filipino seafarers": :func:`counted_groups`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

from sourcebook.core.dates import WEEKDAYS
from sourcebook.core.text import news_synonym_sets
from sourcebook.merge.textsim import STOPWORDS, fold


def _words(text: str) -> frozenset[str]:
    """The set of the words of ``text``."""
    return frozenset(text.split())


TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")
YEAR = re.compile(r"^(1[89]|20)\d\d$")
NUMBER_WORDS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion trillion dozen dozens half quarter percent per "
    "cent"
)
# words of a qualifier ("around 700", "an estimated 28m"): how sure, not what is counted
QUALIFYING = _words(
    "around roughly approximately nearly almost estimated least just barely fewer less"
)
PAST = _words("last previous earlier prior ago preceding")
# a target rather than a level: "expected to grow to 1,200" (and "due to reach 1,200 staff":
# :func:`_scheduled`)
FUTURE = _words(
    "expected expects plan plans planned target targets projected projection "
    "forecast forecasts poll polls"
)
MORE = _words("further another additional extra")
# "last night", "last Tuesday": the news itself, not another time
RECENT = _words("night evening morning afternoon weekend") | frozenset(WEEKDAYS)
# words that end one clause and start another: "… last year and employs about 1,200"
CLAUSE_BREAK = _words("and but while whereas although though")
CLAUSE_MARKS = frozenset(",;:()")
# words dating a beginning, not a figure: "founded in 2015", "set up in Amsterdam in 2015"
ORIGIN = _words("founded established set formed created launched incorporated born birth built")
# "about 80 of them remain in hospital", "of whom roughly 400 in Amsterdam": a part of another
# quantity
PARTITIVE = _words("them whom those these which")
INCLUDING = _words("including among")
# a change's direction right beside it ("up 24%", "fell 3%", "26% higher"): a rise and a fall
# are two quantities ("rose to 63%" states a level, not a change)
UP = _words("up rose rise rises risen gained gains jumped climbed surged soared higher increased")
DOWN = _words(
    "down fell fall falls fallen lost dropped declined slid slumped plunged lower decreased"
)
IGNORED = STOPWORDS | NUMBER_WORDS | QUALIFYING
CONTRAST = _words(
    "while but whereas although though however than versus vs instead rather contrary"
)
# words of a source giving a figure ("the city put it at", "according to", "gave a higher
# figure of"): after a contrast word they make two values rival estimates of one quantity
ATTRIBUTION = _words(
    "said says say put puts according estimated estimates estimate reported reports measured "
    "measures counted give gave gives cite cited cites claim claimed claims told list listed lists "
    "recorded records "
    "figure figures tally toll"
)
# words before a place where something happened ("in Ventura County", "off the coast of")
LOCATIVE = _words("in at near from of across outside inside off on into within around")
# words before the place where something happened ("in Chicago", "near Ojai")
WHERE = _words("in at near inside outside across")
# nouns that refer back to what another figure counts ("a higher figure of 112")
REFERRING = _words("figure figures number numbers total tally estimate")
YEAR_REACH = 8  # words between a figure and a year that sets its frame
MARKER_REACH = 8  # … and a past or future marker
MORE_REACH = 2  # … and an increment ("a further 30,000")
MAX_REACH = 14  # words further than this from a figure do not describe it
NEAR_REACH = 3  # the words right beside a figure: what rival values must share
IDF_POWER = 0.5  # a story's own words ("killed") still tell which figure is which
NOUN_WEIGHT = 0.6  # the class of the counted noun, as one more word around the figure
NEIGHBOUR_REACH = 3  # another figure this close says which one this is ("180 mm in 24 hours")


@dataclass(frozen=True)
class Reading:
    """One figure's context: weighted stems, time frame and counted-noun class."""

    bag: dict[str, float]
    frame: frozenset[str]
    noun: str
    person: bool
    near: dict[str, float] = field(default_factory=dict)
    outcome: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()  # the peoples it counts: "18 Filipino seafarers"


@cache
def noun_classes() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """noun → class, the person classes, and the generic person nouns (class ``person``)."""
    text = resources.files("sourcebook").joinpath("data", "counted_nouns.tsv").read_text("utf-8")
    of: dict[str, str] = {}
    persons: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, person, nouns = line.split("\t")
        for noun in nouns.split():
            of.setdefault(noun, name)
        if person == "person":
            persons.add(name)
    generic = frozenset(n for n, c in of.items() if c == "person")
    return of, frozenset(persons), generic


def singular(word: str) -> str:
    """A crude English singular ("allies" → "ally", "days" → "day", "miles" → "mile")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if word == "men" or (word.endswith("men") and len(word) > 4):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A crude stem: "killed"/"killing"/"kills" → "kill", "injuries"/"injured" → "injur",
    "evacuation"/"evacuate" → "evacuat"."""
    w = singular(word)
    for suffix, keep in (("ion", 5), ("ing", 3), ("ed", 3), ("es", 3), ("ly", 3)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    return w.rstrip("ey") if len(w) > 4 else w


def noun_class(noun: str) -> tuple[str, bool]:
    """The class of a counted noun and whether it names persons ("" for none)."""
    of, persons, _ = noun_classes()
    words = fold(noun).split()
    if not words:
        return "", False
    head = singular(words[-1])
    if head in REFERRING or words[-1] in REFERRING:
        return "", False
    name = of.get(head) or of.get(words[-1])
    if name is None and words[-1].endswith("ves"):  # "thieves" → thief, "wives" → wife
        stem_ = words[-1][:-3]
        name = of.get(stem_ + "f") or of.get(stem_ + "fe")
    if name is None:
        return f"noun:{head}", False
    return name, name in persons


def nouns_meet(a: str, b: str, strict: bool = False) -> bool:
    """Whether two counted-noun classes may name the same thing: the same class, a generic
    person and a person class, no noun on one side, or (unless ``strict``: figures whose values
    differ need more) an unlisted noun and a person class ("Some 800 operators", "some 800
    rescuers")."""
    if not a or not b or a == b:
        return True
    _, persons, _ = noun_classes()
    if "person" in (a, b):
        return a in persons and b in persons
    if strict:
        return False
    return (a.startswith("noun:") and b in persons) or (b.startswith("noun:") and a in persons)


def _spans(sentence: str, texts: Sequence[str]) -> list[tuple[int, int] | None]:
    """The character span of each figure text in ``sentence`` (repeats: successive hits)."""
    out: list[tuple[int, int] | None] = []
    used: Counter = Counter()
    for t in texts:
        at, n = -1, used[t]
        for _ in range(n + 1):
            at = sentence.find(t, at + 1)
            if at < 0:
                break
        used[t] += 1
        out.append((at, at + len(t)) if at >= 0 and t else None)
    return out


def _token_span(tokens: Sequence[tuple[int, int]], span: tuple[int, int] | None) -> range:
    if span is None:
        return range(0)
    hit = [k for k, (s, e) in enumerate(tokens) if s < span[1] and span[0] < e]
    return range(hit[0], hit[-1] + 1) if hit else range(0)


Region = list[tuple[str, int, str, int]]
# a figure's bag, frame, the words right beside it, and its tags: what happened (:func:`outcome`)
# and whom it belongs to (:func:`owners`, as ``e:<entity id>``), the peoples it counts (``g:``)
Raw = tuple[dict[str, float], frozenset[str], frozenset[str], frozenset[str]]


def _regions(words: Sequence[str], owned: Sequence[range]) -> list[Region]:
    """Each figure's words as (word, distance, side, token index): every word outside the
    figures goes to the nearest figure (a figure whose text is not in the sentence gets all of
    them, at one middling distance)."""
    inside = {k for r in owned for k in r}
    regions: list[Region] = [[] for _ in owned]
    for k, w in enumerate(words):
        if k in inside:
            continue
        dist = [
            (r.start - k, "left") if k < r.start else (k - r.stop + 1, "right") if r else (99, "")
            for r in owned
        ]
        best = min(dist)  # a tie goes to the figure after the word: modifiers come first
        if best[0] <= MAX_REACH:
            regions[dist.index(best)].append((w, best[0], best[1], k))
        for i, r in enumerate(owned):
            if not r:  # a figure not found in its sentence: the whole sentence, evenly
                regions[i].append((w, NEAR_REACH, "", k))
    return regions


def _frame(
    words: Sequence[str],
    r: range,
    region: Region,
    doc_year: str,
    trailing: frozenset[int],
    counts: bool = False,
) -> frozenset[str]:
    """The time frame of the figure at tokens ``r``: another year or a past marker near it or
    opening the sentence ("last year's quake, which killed 31"; "Last October, clashes along
    the 1,600-mile frontier killed 23"; not one trailing another figure, ``trailing``: "had
    revenue of $310 million last year and employs about 1,200"), a future marker or an
    increment in the words that are its own (``region``: "expected to grow to 1,200", not "700
    … and is expected"). A year after "since" between it and the figure starts a period that
    runs until now ("trained 150,000 troops since the invasion in February 2022"); one after a
    contrast belongs to the other clause ("as 19, but court records from a 2024 case"), not
    one after "and" ("Floods in May 2023 killed 17 people and caused €8.5bn of damage"). A
    direction after a figure that ``counts`` a noun is what the things did ("19 people lost
    their lives"), not a change of the figure ("26% higher")."""
    marks: set[str] = set()
    own = {k for _, _, _, k in region}
    for k, w in enumerate(words):
        if not r or k in r:
            continue
        d = r.start - k if k < r.start else k - r.stop + 1
        if YEAR.match(w):
            between = words[r.stop : k] if k >= r.stop else words[k + 1 : r.start]
            if (
                w != doc_year
                and _dates(words, k, d, k in own)
                and not ({"since"} | CLAUSE_BREAK).intersection(between) - {"and"}
            ):
                marks.add("y" + w)
                if doc_year.isdigit() and w < doc_year:
                    marks.add("past")  # "in May 2023" is as past as "the previous record"
        elif (
            w in PAST
            and (d <= MARKER_REACH or k == 0)
            and _past(words, k, r, k in own or k not in trailing)
        ):
            marks.add("past")
    if r and _partitive(words[r.stop : r.stop + 2], words[max(r.start - 2, 0) : r.start]):
        marks.add("part")
    for w, d, side, k in region:
        if (w in FUTURE or _scheduled(words, k)) and d <= MARKER_REACH and side == "left":
            marks.add("future")
        elif w in MORE and d <= MORE_REACH and side == "left":
            marks.add("more")
        elif (
            (w in UP or w in DOWN)
            and (d == 1 or (d == 2 and words[k + 1] == "by"))
            and not (side == "right" and counts)  # "19 people lost their lives"
        ):
            marks.add("up" if w in UP else "down")
    return frozenset(marks)


def _ahead(words: Sequence[str], r: range, inside: frozenset[int]) -> frozenset[str]:
    """A future marker that looks ahead to the figure at tokens ``r``: within ``MARKER_REACH``
    words before it, with no other figure between ("has about 700 personnel drawn from 31
    nations and is expected to grow to some 1,200": the plan is the 1,200, whichever figure
    the word is nearer)."""
    if not r:
        return frozenset()
    for k in range(r.start - 1, max(r.start - MARKER_REACH, 0) - 1, -1):
        if k in inside:
            break
        if words[k] in FUTURE or _scheduled(words, k):
            return frozenset({"future"})
    return frozenset()


def _scheduled(words: Sequence[str], k: int) -> bool:
    """Whether the word at ``k`` opens a schedule: "due to" and a verb ("is due to reach 1,200
    staff"), not "due to" a cause ("due to the floods")."""
    after = words[k + 1 : k + 3]
    return (
        words[k] == "due" and after[:1] == ["to"] and after[1:] != [] and after[1] not in STOPWORDS
    )


def _past(words: Sequence[str], k: int, r: range, near: bool) -> bool:
    """Whether the past marker at token ``k`` puts the figure at tokens ``r`` in another time:
    ``near`` it (its own word, or one not trailing another figure), or trailing another figure
    in the clause that leads to this one ("a magnitude 5.6 earthquake last year that killed
    31", not "revenue of $310 million last year and employs about 1,200"); not a recent time
    of the news itself ("the discovery last night")."""
    if k + 1 < len(words) and words[k + 1] in RECENT:
        return False
    if k >= r.stop and k - r.stop >= NEAR_REACH:
        return False  # a later clause's: "kills 2, rattles a region still recovering from an
        # earlier quake"; not "killed 31 people last year"
    if near:
        return True
    return k < r.start and not CLAUSE_BREAK.intersection(words[k + 1 : r.start])


def _partitive(after: Sequence[str], before: Sequence[str]) -> bool:
    """Whether the words right after or before a figure make it a part of another quantity:
    "80 of them", "of whom roughly 400", "including two children"."""
    if len(after) == 2 and after[0] == "of" and after[1] in PARTITIVE:
        return True
    if len(before) == 2 and before[0] == "of" and before[1] in PARTITIVE:
        return True
    return bool(INCLUDING.intersection(before))  # "including two", "among them two"


def _dates(words: Sequence[str], k: int, d: int, own: bool = True) -> bool:
    """Whether the year at token ``k``, ``d`` words from a figure, dates the figure: near it
    and among its ``own`` words (nearer it than any other figure), or opening the sentence ("In
    2017, a 7.3-magnitude quake … killed more than 600"); not "since 2022" (until now), "lower
    than in 2023" (the other value's year) nor "founded in 2015" (a beginning)."""
    opening = k <= 3 and "in" in words[:k]
    if (d > YEAR_REACH or not own) and not opening:
        return False  # far, or nearer another figure: "32 allies … a pledge made in 2024 to …"
    if {"since", "than"} & set(words[max(k - 2, 0) : k]):
        return False
    return not ORIGIN.intersection(words[max(k - 5, 0) : k])


def frames_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the time frames of two agreeing values may be one time: the same, one side
    unframed and the other only dated, planned or a part of a larger count ("€40bn", "€40bn
    pledged in 2024"; "a three-star general", "expected to be under a three-star general";
    "180 mm", "including 180 mm in a single day"; not a step of another count or a change:
    "two people", "after two people died of their injuries"), or one naming
    the year of the other's past ("the previous record", "the record of May 2023")."""
    if a == b:
        return True
    if not a or not b:
        return all(m in ("past", "part", "future") or m.startswith("y") for m in a | b)
    if _has_year(a) and _has_year(b):  # one year, past by the document's date or undated
        return a - {"past"} == b - {"past"}
    small, big = (a, b) if len(a) < len(b) else (b, a)
    return small < big and all(m.startswith("y") for m in big - small)


def _has_year(frame: frozenset[str]) -> bool:
    """Whether a time frame names a year."""
    return any(m.startswith("y") for m in frame)


def proximity(distance: int) -> float:
    """How much a word at ``distance`` words from a figure says about it."""
    return 1.0 / (1.0 + 0.6 * (distance - 1))


def _entity_words(
    words: list[str], tokens: Sequence[tuple[int, int]], sentence: str, entities: Sequence
) -> list[str]:
    """``words`` with each named entity's first word replaced by ``e:<entity id>`` and its
    other words blanked: an entity counts once, by its canonical id across spellings."""
    out = list(words)
    for text, eid in entities:
        at = sentence.find(text)
        if at < 0 or not eid:
            continue
        hit = [k for k, (s, e) in enumerate(tokens) if s < at + len(text) and at < e]
        for n, k in enumerate(hit):
            out[k] = f"e:{eid}" if n == 0 else ""
    return out


def _neighbours(owned: Sequence[range], labels: Sequence[str]) -> list[dict[str, float]]:
    """The other figures of the sentence close to each figure, as ``f:<value> <noun>`` words
    ("180 mm in 24 hours": the rain is the one over 24 hours)."""
    out: list[dict[str, float]] = [{} for _ in owned]
    for i, a in enumerate(owned):
        for j, b in enumerate(owned):
            if i == j or not a or not b:
                continue
            d = b.start - a.stop + 1 if b.start >= a.stop else a.start - b.stop + 1
            if 0 < d <= NEIGHBOUR_REACH:
                out[i][f"f:{labels[j]}"] = proximity(d)
    return out


def read_sentence(
    sentence: str, figures: Sequence[tuple[str, str, str]], doc_year: str, entities: Sequence = ()
) -> list[Raw]:
    """Each figure of one sentence (``figures``: text, counted noun, value label): its stems
    with proximity weights (a named entity as one word: ``entities`` are the sentence's
    (text, entity id)), its frame and the words right beside it."""
    matches = list(TOKEN.finditer(sentence))
    tokens = [m.span() for m in matches]
    words = [_folded(m.group()) for m in matches]
    words = _entity_words(words, tokens, sentence, entities)
    owned = [_token_span(tokens, s) for s in _spans(sentence, [f[0] for f in figures])]
    others = _neighbours(owned, [f"{f[2]} {stem(singular(f[1]))}".strip() for f in figures])
    happened = _happened(words, owned)
    steps = _steps(words, owned, [f[2] for f in figures])
    out = []
    regions = _regions(words, owned)
    inside = frozenset(k for r in owned for k in r)
    breaks = _breaks(sentence, tokens)
    # words on the right of the figure they are nearest to: "$310 million last year"
    trailing = frozenset(k for reg in regions for _, _, side, k in reg if side == "right")
    for region, extra, fig, r, events, step in zip(
        regions, others, figures, owned, happened, steps, strict=True
    ):
        bag: dict[str, float] = dict(extra)
        # its noun is not context, unless it says what happened ("19 dead", "9 hurt")
        own = {_key(w)[1] for w in fold(fig[1]).split() if stem(w) not in synonyms()}
        near: set[str] = set()
        for w, d, _, _ in region:
            s, base = (w, "") if w.startswith("e:") else _key(w)
            if not s or base in own:
                continue
            bag[s] = max(bag.get(s, 0.0), proximity(d))
            if d <= NEAR_REACH:
                near.add(s)
        frame = _frame(words, r, region, doc_year, trailing, bool(fig[1]))
        frame |= step | _ahead(words, r, inside)
        events = events or their_loss(words, r, inside)
        peoples = counted_groups(words, r, fig[1]) | doers(words, r, inside, events)
        # the people counted (an entity), what they did ("robbed"): words right beside it
        for g in {p[2:] if p.startswith("d:") else p for p in peoples if p[:2] in ("e:", "d:")}:
            bag[g] = max(bag.get(g, 0.0), NOUN_WEIGHT)
            near.add(g)
        for way in frame & {"up", "down"}:  # "closed up 26%", "were up 24%": one change
            bag[f"d:{way}"] = 1.0
            near.add(f"d:{way}")
        tags = outcome(fig[1], events) | owners(words, region, breaks) | places(words, region)
        tags |= {"g:" + g[2:] if g.startswith("e:") else g for g in peoples if g[:2] != "d:"}
        out.append((bag, frame, frozenset(near), tags))
    return out


GROUP_NOUN = "g"  # the mark of a count whose noun is a people ("17 Filipinos")
DEED_REACH = 6  # words between a count of persons and what they did ("Four men on scooters robbed")


@cache
def deed_kinds() -> dict[str, str]:
    """The synonym sets of ``data/news_synonyms.tsv`` that name a listed kind of persons (a
    deed and its doers: "stole … thieves", "employs … employees"): set head → the kind's class
    (``data/counted_nouns.tsv``)."""
    out: dict[str, str] = {}
    _, persons, _ = noun_classes()
    for s in set(synonyms().values()):
        words = [w for w, head in _synonym_words() if head == s]
        kinds = {noun_class(w)[0] for w in words} & (persons - {"person"})
        if len(kinds) == 1:
            out[s] = next(iter(kinds))
    return out


def doers(
    words: Sequence[str], r: range, inside: frozenset[int], events: frozenset[str]
) -> frozenset[str]:
    """The kind of persons a count of people is, by what they did: a deed whose doers are a
    listed kind (:func:`deed_kinds`) within ``DEED_REACH`` words after it, before any other
    figure or clause break ("Four men on scooters robbed a museum": thieves, as "three
    thieves" counts), as ``k:<class>``. Not for persons something happened to ("arrested two
    men in connection with the robbery")."""
    if not r or events:
        return frozenset()
    for w in _clause_after(words, r, inside):
        kind = deed_kinds().get(_key(w)[0]) if w and not w.startswith("e:") else None
        if kind:
            return frozenset({"k:" + kind, "d:" + _key(w)[0]})
    return frozenset()


def counted_groups(words: Sequence[str], r: range, noun: str) -> frozenset[str]:
    """The peoples (nationalities, ethnic or religious groups: named entities of type NORP) a
    figure's own words name, as ``e:<entity id>`` ("18 Filipino seafarers", "17 Filipinos"),
    with ``GROUP_NOUN`` when the people is the counted noun itself ("17 Filipinos": persons,
    the same as "18 Filipino seafarers" counts)."""
    found = {words[k] for k in r if words[k].startswith("e:norp:")}
    if not found:
        return frozenset()
    plain = {words[k] for k in r if words[k] and not words[k].startswith("e:")}
    head = (fold(noun).split() or [""])[-1]
    return frozenset(found | ({GROUP_NOUN} if head and head not in plain else set()))


def _clause_after(words: Sequence[str], r: range, inside: frozenset[int]) -> list[str]:
    """The ``DEED_REACH`` words after the figure at ``r``, up to another figure or a clause
    break."""
    out = []
    for k in range(r.stop, min(r.stop + DEED_REACH, len(words))) if r else ():
        if k in inside or words[k] in CLAUSE_BREAK:
            break
        out.append(words[k])
    return out


# what befell persons, said by what of "their" own they lost or left, as a word of the synonym
# sets of ``data/news_synonyms.tsv``
THEIR = {"home": "displaced", "homes": "displaced", "lives": "killed"}


def their_loss(words: Sequence[str], r: range, inside: frozenset[int]) -> frozenset[str]:
    """What happened to persons, said by what of theirs the words after them name ("forced from
    their homes", "remained out of their homes": displaced; "lost their lives": killed), as
    the head of its synonym set."""
    after = _clause_after(words, r, inside)
    for p, w in pairwise(after):
        if p == "their" and w in THEIR:
            return frozenset({synonym(stem(THEIR[w]))})
    return frozenset()


def _steps(
    words: Sequence[str], owned: Sequence[range], values: Sequence[str]
) -> list[frozenset[str]]:
    """Each figure's increment mark: a smaller value after a level reached in its sentence
    ("The toll rose to five after two people died of their injuries": the two are a step of
    the five, not an earlier toll)."""
    level: tuple[int, float] | None = None
    for r, v in zip(owned, values, strict=True):
        x = _number(v)
        reached = r and r.start >= 2 and words[r.start - 1] == "to" and words[r.start - 2] in UP
        if reached and x is not None:
            level = (r.stop, x)
            break
    out = []
    for r, v in zip(owned, values, strict=True):
        x = _number(v)
        step = level and r and r.start >= level[0] and x is not None and x < level[1]
        out.append(frozenset({"more"}) if step else frozenset())
    return out


def _number(label: str) -> float | None:
    """A value label as a number (None when it is not one)."""
    try:
        return float(label)
    except ValueError:
        return None


def _breaks(sentence: str, tokens: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The token indices that open a new clause of ``sentence``: a comma, colon, semicolon or
    bracket between them and the token before."""
    return frozenset(
        k
        for k in range(1, len(tokens))
        if CLAUSE_MARKS.intersection(sentence[tokens[k - 1][1] : tokens[k][0]])
    )


def owners(
    words: Sequence[str], region: Region, breaks: frozenset[int] = frozenset()
) -> frozenset[str]:
    """Whom a figure belongs to: the named entities before it among its words ("Poland has
    sent 25 officers", "Reform … won 23 seats"), not those giving it as a source ("the USGS
    said", "according to the health ministry", "told Geo News") nor places it happened in
    ("in Southern California's Ventura County, burning 4,000 acres"). The words before an
    entity are read back to the start of its clause (``breaks``): "According to the results
    of the electoral committee (VVK), Isamaa won 24.8 percent" is Isamaa's."""
    out = set()
    for w, _, side, k in region:
        if side != "left" or not w.startswith("e:"):
            continue
        after = [x for x in words[k + 1 : k + 8] if x][:2]
        # the words before it, other entities aside: "in Southern California's Ventura County"
        start = max([k - 8, 0, *(b for b in breaks if b < k)])
        before = [x for x in words[start:k] if x and x != "the" and x[:2] != "e:"]
        before = before[-2:]
        if ATTRIBUTION.intersection(after) or "according" in before:
            continue  # a source: "the USGS said", "according to Reuters"
        if before and before[-1] in ATTRIBUTION:
            continue  # its audience: "told Geo News that"
        if LOCATIVE.intersection(before):
            continue  # where it happened: "in Ventura County", "in eastern North Carolina"
        out.add(w)
    return frozenset(out)


def places(words: Sequence[str], region: Region) -> frozenset[str]:
    """Where a figure happened, as ``p:<entity id>``: the named entities among its words right
    after "in", "at", "near" ("killed in shootings in Chicago", "four civilians in Kunar")."""
    out = set()
    for w, _, _, k in region:
        if w.startswith("e:") and k > 0 and words[k - 1] in WHERE:
            out.add("p:" + w[2:])
    return frozenset(out)


def _happened(words: Sequence[str], owned: Sequence[range]) -> list[frozenset[str]]:
    """Each figure's closest words of what happened (:func:`outcomes`) within ``NEAR_REACH``,
    whether or not another figure is as close ("six people have now died, including two
    women": both died; "killing two and wounding six": the closer word decides), not across a
    clause break ("Two people have died and more than 1,000 have been forced from their
    homes"); its own words first ("about 3,500 displaced persons")."""
    out: list[dict[str, int]] = [{} for _ in owned]
    for k, w in enumerate(words):
        s = _key(w)[0] if w and not w.startswith("e:") else ""
        if s not in outcomes():
            continue
        for i, r in enumerate(owned):
            d = 0 if k in r else r.start - k if k < r.start else k - r.stop + 1
            if not r or not 0 <= d <= NEAR_REACH:
                continue  # the words between are read only for a near one
            between = words[k + 1 : r.start] if k < r.start else words[r.stop : k]
            if not CLAUSE_BREAK.intersection(between):
                out[i][s] = min(out[i].get(s, d), d)
    return [frozenset(s for s, d in got.items() if d == min(got.values())) for got in out]


@cache
def _synonym_words() -> tuple[tuple[str, str], ...]:
    """Each word of ``data/news_synonyms.tsv`` with the stem of its set's head."""
    return tuple((w, stem(words[0])) for words in news_synonym_sets() for w in words)


@cache
def synonyms() -> dict[str, str]:
    """stem → the stem standing for its synonyms (``data/news_synonyms.tsv``)."""
    return {stem(w): head for w, head in _synonym_words()}


@cache
def outcomes() -> frozenset[str]:
    """The stems standing for what happened to the persons a figure counts ("kill", "injur",
    "arrest", "displac"): the synonym sets (``data/news_synonyms.tsv``) of the generic person
    nouns that say it ("dead", "injured", "arrested"). One of them right beside two figures
    says whether they can be one quantity ("six killed" is not "11 injured")."""
    heads = set(synonyms().values())
    return frozenset(s for n in noun_classes()[2] if (s := synonym(stem(n))) in heads)


@cache
def _folded(token: str) -> str:
    """A token's first folded word (cached: words repeat)."""
    return (fold(token).split() or [""])[0]


@cache
def _key(word: str) -> tuple[str, str]:
    """A folded word's key in a bag (its stem, synonyms joined; "" for a word that says
    nothing) and its singular stem (cached: words repeat)."""
    base = stem(singular(word))
    if not word or not word[0].isalpha() or len(word) < 3 or word in IGNORED:
        return "", base
    return synonym(stem(word)), base


def synonym(s: str) -> str:
    """The stem standing for ``s`` and its synonyms ("wound", "hurt" → "injur")."""
    return synonyms().get(s, s)


SentenceKey = tuple[str, tuple[tuple[str, str, str], ...], str, tuple]


def read_figures(
    keys: Sequence[tuple[str, str]],
    figures: Sequence[tuple[str, str, str]],
    doc_year: Mapping[str, str],
    entities: Mapping[tuple[str, str], Sequence[tuple[str, str]]] = {},
) -> list[Reading]:
    """The :class:`Reading` of every figure (``keys``: its (doc_id, sentence); ``figures``: its
    text, counted noun and value label; ``entities``: each sentence's (text, entity id)).

    A reading depends only on the sentence, its figures, the document's year and the
    sentence's entities, which copies and rewrites share: each distinct one is read once (the
    IDF still counts every document's sentence)."""
    by_sentence: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        by_sentence[key].append(i)
    seen: Counter[SentenceKey] = Counter()
    which: list[tuple[SentenceKey, int]] = [(("", (), "", ()), 0)] * len(keys)
    for (doc, sentence), idx in by_sentence.items():
        key = (
            sentence,
            tuple(figures[i] for i in idx),
            doc_year.get(doc, ""),
            tuple(entities.get((doc, sentence), ())),
        )
        seen[key] += 1
        for k, i in enumerate(idx):
            which[i] = (key, k)
    raw = {key: _classed(read_sentence(*key), key[1]) for key in seen}
    df: Counter = Counter()
    for key, count in seen.items():
        for s in {s for (bag, *_), _ in raw[key] for s in bag}:
            df[s] += count
    n = max(len(by_sentence), 1)
    idf = {s: (math.log((n + 1) / c) + 1.0) ** IDF_POWER for s, c in df.items()}
    readings = {key: [_reading(r, idf) for r in got] for key, got in raw.items()}
    return [readings[key][k] for key, k in which]


Classed = tuple[Raw, tuple[str, bool]]


def _classed(raw: list[Raw], figures: Sequence[tuple[str, str, str]]) -> list[Classed]:
    """Each figure's raw context with its counted-noun class (a listed class as one more word
    of its bag: "people" says little, most counts of a story are of people)."""
    out = []
    for (bag, frame, near, tags), fig in zip(raw, figures, strict=True):
        # a people counted is persons ("17 Filipinos"); persons a deed's doers, of their kind
        cls = ("person", True) if GROUP_NOUN in tags else noun_class(fig[1])
        did = sorted(t[2:] for t in tags if t.startswith("k:"))
        if did and cls[0] == "person":
            cls = (did[0], True)
        if cls[0] and cls[0] != "person":
            bag = {**bag, f"n:{cls[0]}": NOUN_WEIGHT}
        out.append(((bag, frame, near, tags), cls))
    return out


def outcome(noun: str, beside: frozenset[str]) -> frozenset[str]:
    """What happened to what a figure counts (:func:`outcomes`): said by its noun ("11
    injured"), else by the closest such words ``beside`` it ("killing two", "six have died")."""
    said = {synonym(stem(w)) for w in fold(noun).split()} & outcomes()
    return frozenset(said) or beside


def _reading(got: Classed, idf: Mapping[str, float]) -> Reading:
    """A figure's :class:`Reading`: its raw context weighted by IDF and normalised."""
    (bag, frame, near, tags), (cls, person) = got
    weighted = {s: w * idf[s] for s, w in bag.items()}
    close = {s: weighted[s] for s in near}
    whose = frozenset(t for t in tags if t.startswith("e:"))
    where = frozenset(t for t in tags if t.startswith("p:"))
    peoples = frozenset(t for t in tags if t.startswith("g:"))
    what = frozenset(t for t in tags - whose - where - peoples if ":" not in t and t != GROUP_NOUN)
    return Reading(_unit(weighted), frame, cls, person, _unit(close), what, whose, where, peoples)


def contrast_between(sentence: str, a: str, b: str) -> bool:
    """Whether one sentence sets two figure texts side by side as rival values: a contrast word
    ("while", "but", "far more than") between them, and a source giving a figure after it ("…
    while the city put it at some 5,000"; "… far more than the €28 million put forward by
    prosecutors"). Without a source the sentence contrasts two quantities ("Lumio's shares
    closed up 26%, while Corvane's fell 3%")."""
    sa, sb = sentence.find(a), sentence.find(b)
    if sa < 0 or sb < 0 or a == b:
        return False
    lo, hi = (sa + len(a), sb) if sa < sb else (sb + len(b), sa)
    between = [fold(m.group()) for m in TOKEN.finditer(sentence[lo:hi])]
    at = next((k for k, w in enumerate(between) if w in CONTRAST), None)
    if at is None:
        return False
    after = between[at + 1 :] + [fold(m.group()) for m in TOKEN.finditer(sentence[hi:])]
    return any(w in ATTRIBUTION for w in after)


@lru_cache(maxsize=1 << 16)
def attributed(sentence: str) -> bool:
    """Whether a sentence names a source giving its figures ("the USGS said", "according to",
    "Iran's seismological centre put the magnitude at")."""
    return any(fold(m.group()) in ATTRIBUTION for m in TOKEN.finditer(sentence))


SOURCE_REACH = 3  # words on each side of "said", "according to" … that name the source


@lru_cache(maxsize=1 << 16)
def sources(sentence: str) -> frozenset[str]:
    """The words naming who gives a sentence's figures: those within ``SOURCE_REACH`` before
    its attribution words ("the USGS said" → usgs), or after "according to" ("according to the
    health ministry" → health, ministry), stopwords and attribution words aside."""
    words = [fold(m.group()) for m in TOKEN.finditer(sentence)]
    out = set()
    for k, w in enumerate(words):
        if w in ATTRIBUTION:
            at = (k + 1, k + SOURCE_REACH + 2) if w == "according" else (k - SOURCE_REACH, k)
            for x in words[max(at[0], 0) : at[1]]:
                if x not in ATTRIBUTION and x not in IGNORED and x[:1].isalpha():
                    out.add(x)
    return frozenset(out)


def _unit(bag: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(math.fsum(v * v for v in bag.values())) or 1.0
    return {s: v / norm for s, v in bag.items()}


def words_only(bag: Mapping[str, float]) -> dict[str, float]:
    """A bag without its counted-noun class and neighbouring figures: the words alone."""
    return {k: v for k, v in bag.items() if not k.startswith(("n:", "f:"))}

"""Extract: entity mentions and figures from cleaned paragraphs, with offsets back to the source.

Entities: header lines (byline, dateline) are split from the text around their dates before NER,
so "Andre Damon 5 July 2024" never becomes one PERSON; headlines and other title-case or
all-capitals lines are read re-cased (:mod:`sourcebook.extract.headlines`); all segments of a
shard go through one ``nlp.pipe`` call. Afterwards, per document (:func:`clean_document`):
spans are cut where names end and junk is dropped with its reason
(:mod:`sourcebook.extract.cleanup`), types are corrected (:mod:`sourcebook.extract.products`),
the body's names are found wherever the document repeats them (:mod:`sourcebook.extract.spread`)
and set the headlines' spans, and people are made consistent: a surname, first name or
possessive of a full PERSON name in the same document ("Stoltenberg", "Zelenskyy") is that
person, whatever label NER gave it, and gets the person's canonical id (``person:`` and the full
name's slug, spelling kept); a name right after a personal title ("President", "Chancellor") is
a PERSON unless the gazetteer knows it; a span that runs from common words into a full name the
document gives is cut to it ("Jeweller Ignacio Alcántara"); a capitalised word before one of the
document's surnames is another full name ("Marisol Price" beside "Denise Price"), and a surname
two of its people share is the one of them given the same title ("Judge Johnson"), else the one
named last before it (without an id before either).

Figures: :func:`sourcebook.extract.figures.find_figures` on every paragraph, with the document's
date (from normalise's metadata, else from a header line) as the anchor of relative dates; each
figure keeps its canonical unit, dimension, base value, counted noun and rate denominator.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS

from sourcebook.core.dates import find_dates, header_date, parse_iso_date
from sourcebook.core.schema import Figure, Mention, Paragraph
from sourcebook.core.text import (
    NAME_SUFFIXES,
    is_title_word,
    name_slug,
    sentence_of,
    strip_possessive,
    word_set,
)
from sourcebook.extract.cleanup import (
    credit_spans,
    cut_lead_words,
    division_names,
    drop_junk,
    join_and_names,
    join_of_names,
    join_particle_names,
    join_split_names,
    list_items,
    partner_firms,
    role_offices,
    split_country,
    split_legal_of,
    split_spans,
    split_tickers,
    split_titles,
    titled_names,
    trim_spans,
    untagged_names,
    widen_to_legal_forms,
    widen_to_names,
)
from sourcebook.extract.figures import find_figures, lend_currency
from sourcebook.extract.headlines import (
    CaseForms,
    headline_case,
    is_headline,
    occurrences,
    recase,
    reconcile,
    sentence_initial,
)
from sourcebook.extract.nlp import Lexicon
from sourcebook.extract.products import fix_types, is_designation, known_codes, platform_x
from sourcebook.extract.spread import spread_names
from sourcebook.normalise.align import to_raw

log = logging.getLogger(__name__)

KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
HEADER_KINDS = frozenset({"byline", "dateline"})
TITLES = (
    r"President|Vice President|Chancellor|Prime Minister|Minister|Secretary|Secretary-General|"
    r"Secretary General|Senator|Sen\.|Representative|Rep\.|Gen\.|General|Adm\.|Admiral|"
    r"Ambassador|Governor|Gov\.|Mayor|King|Queen|Prince|Pope|Mr\.|Mrs\.|Ms\.|Dr\.|spokesperson|"
    r"spokesman|spokeswoman"
)
_TITLE_START = re.compile(r"(?:(?:" + TITLES + r")\s+)+")
_TITLE_BEFORE = re.compile(r"(?:\b(?:" + TITLES + r"))\s+$")
ROLES = (
    r"ambassador|spokesperson|spokesman|spokeswoman|secretary|minister|adviser|advisor|"
    r"official|president|general|senator|representative|historian|analyst|professor|"
    r"chancellor|director|chairman|chairwoman|chief|commander|envoy|diplomat|lawmaker|"
    r"economist|researcher|journalist|correspondent|premier|governor|mayor|founder|ceo"
)
_ROLE_AFTER = re.compile(
    r",\s+(?:a|an|the|who\s+(?:is|was))\s+(?:[\w.’'-]+\s+){0,4}?(?:" + ROLES + r")\b"
)
_HEADER_PREFIX = re.compile(r"^\W*(?:(?:date|published|posted|updated|on)\b\W*)?$", re.IGNORECASE)
_SUFFIXES = NAME_SUFFIXES


# --- header lines and the document date ---------------------------------------------------


def is_header(para: Paragraph, position: int) -> bool:
    """A byline/dateline: marked so by normalise, or a short early paragraph holding a full date."""
    if para.kind in HEADER_KINDS:
        return True
    if position > 4 or len(para.text) > 100:
        return False
    return header_date(para.text) is not None


def ner_segments(para: Paragraph, position: int) -> list[tuple[int, int]]:
    """Spans of the paragraph that go to NER separately: header dates are cut out."""
    text = para.text
    if is_header(para, position):
        cuts = [(d.start, d.end) for d in find_dates(text) if d.iso and not d.relative]
    else:
        first = next(iter(find_dates(text[:60])), None)
        lead = first is not None and _HEADER_PREFIX.match(text[: first.start]) is not None
        cuts = [(0, first.end)] if lead and first.iso else []  # "date 2024-06-26 …"
    if not cuts:
        return [(0, len(text))]
    segments, pos = [], 0
    for s, e in cuts:
        segments.append((pos, s))
        pos = e
    segments.append((pos, len(text)))
    out = []
    for s, e in segments:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip(" ,;:-–—|·"))
        trail = len(chunk.rstrip(" ,;:-–—|·"))
        if trail > lead and not _HEADER_PREFIX.match(chunk):  # not a bare "Date:" label
            out.append((s + lead, s + trail))
    return out


def document_date(
    metadata_date: str, paragraphs: Sequence[Paragraph]
) -> tuple[dt.date | None, str]:
    """The anchor for relative dates: normalise's Metadata.date, else a header line's date."""
    d = parse_iso_date(metadata_date)
    if d is not None:
        return d, "metadata"
    for pos, para in enumerate(sorted(paragraphs, key=lambda p: p.index)[:6]):
        if is_header(para, pos):
            found = header_date(para.text)
            if found:
                return found, f"header paragraph {para.index}"
        first = next(iter(find_dates(para.text[:60])), None)
        if first is not None and _HEADER_PREFIX.match(para.text[: first.start]):
            found = (
                parse_iso_date(first.iso) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", first.iso) else None
            )
            if found:
                return found, f"leading date of paragraph {para.index}"
    return None, ""


# --- entities ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    para: Paragraph
    start: int
    end: int
    case: str = ""  # "upper" or "title": a headline line, re-cased for NER
    body: CaseForms | None = None  # how the rest of its document writes words


def _mention(para: Paragraph, s: int, e: int, label: str, canonical_id: str) -> Mention:
    start, end = to_raw(para.source_map, para.start, s, e)
    return Mention(
        doc_id=para.doc_id,
        paragraph=para.index,
        page=para.page,
        start=start,
        end=end,
        text=para.text[s:e],
        label=label,
        canonical_id=canonical_id,
        sentence=sentence_of(para.text, s, e),
        para_start=s,
        para_end=e,
    )


def _by_doc(paragraphs: Sequence[Paragraph]) -> dict[str, list[Paragraph]]:
    """Each document's paragraphs in order."""
    by_doc: dict[str, list[Paragraph]] = defaultdict(list)
    for p in paragraphs:
        by_doc[p.doc_id].append(p)
    return {d: sorted(ps, key=lambda p: p.index) for d, ps in by_doc.items()}


def segments_of(paragraphs: Sequence[Paragraph]) -> list[_Segment]:
    """The spans that go to NER: every paragraph's :func:`ner_segments`; a headline line carries
    its case and its document's spellings, so that NER reads it re-cased."""
    out = []
    for doc_paras in _by_doc(paragraphs).values():
        heads = {p.index: headline_case(p.text) for p in doc_paras if is_headline(p)}
        body = CaseForms.of(p.text for p in doc_paras if p.index not in heads) if heads else None
        for pos, para in enumerate(doc_paras):
            case = heads.get(para.index, "")
            out.extend(
                _Segment(para, s, e, case, body if case else None)
                for s, e in ner_segments(para, pos)
            )
    return out


_EMPHASIS = re.compile(r"\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}")


def mask_markup(text: str) -> str:
    """Markdown emphasis left in the text ("*Wall Street Journal*") blanked out for NER, same
    length so offsets hold."""
    return _EMPHASIS.sub(lambda m: " " * len(m.group(0)), text) if "*" in text else text


def _ner_text(seg: _Segment, lexicon: Lexicon) -> str:
    """What NER reads for a segment: its text, re-cased if it is a headline, markup blanked."""
    text = seg.para.text[seg.start : seg.end]
    if seg.case and seg.body is not None:
        text = recase(text, seg.case, seg.body, lexicon)
    return mask_markup(text)


#: what NER found in one text: (start, end, label, gazetteer id) of each kept entity
_Found = tuple[tuple[int, int, str, str], ...]

#: a job keeps at most this many texts' NER results (a shard holds about 10,000 paragraphs)
NER_MEMO_TEXTS = 200_000


def ner_found(nlp, texts: Sequence[str], batch_size: int, memo: dict[str, _Found]) -> None:
    """NER over every text of ``texts`` that ``memo`` does not hold yet, each distinct text once,
    in one ``nlp.pipe`` call; the entities found go into ``memo``. A paragraph is read on its own
    (its own spaCy Doc), so a text repeated word for word (wire copy reprinted by several outlets,
    a paragraph quoted whole) gets the same entities without running the model again."""
    distinct = list(dict.fromkeys(texts))
    new = [t for t in distinct if t not in memo]
    if len(memo) + len(new) > NER_MEMO_TEXTS:  # full: start afresh with this call's texts
        memo.clear()
        new = distinct
    for text, doc in zip(new, nlp.pipe(new, batch_size=batch_size), strict=True):
        memo[text] = tuple(
            (ent.start_char, ent.end_char, ent.label_, ent.ent_id_)
            for ent in doc.ents
            if ent.label_ in KEEP_LABELS
        )


def _seg_mentions(seg: _Segment, text: str, found: _Found) -> Iterator[Mention]:
    """The mentions of one segment from what NER found in its text: a PERSON span cut before a
    digit (a name and a model designation after it is a product: "Embraer E195-E2"), a leading
    title ("Secretary General Stoltenberg") left out."""
    for start, end, label, ent_id in found:
        s, e = seg.start + start, seg.start + end
        if label == "PERSON" and re.search(r"\d", text[start:end]):
            if is_designation(text[start:end]):  # "Embraer E195-E2": a maker and a model
                yield _mention(seg.para, s, e, "PRODUCT", "")
                continue
            cut = re.search(r"\s*\d", text[start:end])
            e = s + cut.start()
            if e <= s:
                continue
        if label == "PERSON":
            title = _TITLE_START.match(seg.para.text, s, e)
            if title and title.end() < e:  # "Secretary General Stoltenberg" → the name
                s = title.end()
        yield _mention(seg.para, s, e, label, ent_id)


def raw_mentions(
    nlp, segments: Sequence[_Segment], batch_size: int = 64, memo: dict[str, _Found] | None = None
) -> list[Mention]:
    """NER over all segments (each distinct text once, :func:`ner_found`), as mentions of their
    paragraphs. ``memo`` carries what NER found from one call to the next (a job's chunks)."""
    memo = {} if memo is None else memo
    lexicon = Lexicon.of(nlp)
    texts = [_ner_text(seg, lexicon) for seg in segments]
    ner_found(nlp, texts, batch_size, memo)
    mentions: list[Mention] = []
    for seg, text in zip(segments, texts, strict=True):
        mentions.extend(_seg_mentions(seg, text, memo[text]))
    return mentions


def person_slug(name: str) -> str:
    """Canonical id of a person: ``person:`` and the name's slug, spelling kept ("Jake
    Sullivan" → person:jake-sullivan; accents dropped). Spelling variants ("Zelenskyy" /
    "Zelensky") get their own ids here and meet in the merge by a separate key."""
    return "person:" + (name_slug(name) or "unnamed")


_PARTICLES = word_set("al el bin ibn bint abu van von der den de da di du del la le ter y")


def _name_like(words: Sequence[str]) -> bool:
    """Words that can make a person's full name: capitalised, or particles ("al", "van")."""
    return 2 <= len(words) <= 5 and all(
        w[:1].isupper() or w.lower() in _PARTICLES or w.split("-")[0].lower() in _PARTICLES
        for w in words
    )


def _name_table(mentions: Sequence[Mention]) -> tuple[dict[str, str], set[str]]:
    """Surname (or first name) → full name of the PERSON mentions of one document (unambiguous
    ones only), and the surnames two of its full names share."""
    fulls: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.label != "PERSON" or m.canonical_id:
            continue
        words = _person_key(m.text).split()
        if _name_like(words):
            full = " ".join(words)
            fulls[words[-1]].add(full)
            fulls[full].add(full)
            if words[0].lower() not in _PARTICLES:
                fulls[words[0]].add(full)
    names, shared = {}, set()
    for k, v in fulls.items():
        v = _shortest(v)
        if len(v) == 1:
            names[k] = v.pop()
        elif any(f.rsplit(" ", 1)[-1] == k for f in v):
            shared.add(k)
    return names, shared


def _shortest(names: set[str]) -> set[str]:
    """The names that do not merely run on from another of them ("Yazan Haddad Joins", a
    headline's overrun of "Yazan Haddad")."""
    return {n for n in names if not any(n != o and n.startswith(o + " ") for o in names)}


def _person_key(text: str) -> str:
    words = [w for w in strip_possessive(text).split() if w.lower() not in _SUFFIXES]
    return " ".join(words)


def _titled(m: Mention, text: str) -> bool:
    """A personal title right before ("President X") or a role right after ("X, a former
    US ambassador")."""
    if _TITLE_BEFORE.search(text[max(0, m.para_start - 25) : m.para_start]):
        return True
    return _ROLE_AFTER.match(text, m.para_end) is not None


def _people_labels(out: list[Mention]) -> list[Mention]:
    """A single name that is mostly a PERSON in the document is a PERSON everywhere in it."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in out:
        if " " not in m.text.strip():
            votes[_person_key(m.text)][m.label == "PERSON"] += 1
    single = {k for k, v in votes.items() if v[True] and v[True] >= v[False]}
    return [
        replace(m, label="PERSON")
        if m.label != "PERSON" and not m.canonical_id and _person_key(m.text) in single
        else m
        for m in out
    ]


def _not_people(out: list[Mention]) -> list[Mention]:
    """A one-word PERSON that only starts names of places or organisations of the document, and
    no person's name, takes their label ("Ramstein" beside "Ramstein Air Base", "Everton"
    beside "Everton Football Club")."""
    in_people = {
        w for m in out if m.label == "PERSON" and " " in m.text.strip() for w in m.text.split()
    }
    starts: dict[str, str] = {}
    for m in out:
        ws = m.text.split()
        if m.label != "PERSON" and len(ws) >= 2 and ws[0][:1].isupper():
            starts.setdefault(ws[0], m.label)
    return [
        replace(m, label=starts[m.text])
        if m.label == "PERSON"
        and not m.canonical_id
        and m.text in starts
        and m.text not in in_people
        else m
        for m in out
    ]


def _untagged_surnames(
    out: list[Mention],
    paragraphs: Sequence[Paragraph],
    names: dict[str, str],
    lexicon: Lexicon,
    shared: Collection[str] = (),
) -> list[Mention]:
    """Mentions of the document's surnames and first names that NER did not tag at all (a
    first name that is a common English word not at a sentence start: "Rose said", not "Rose …"
    opening a sentence); a surname ``shared`` by two of its people ("Price": Marisol and Denise
    Price) is a PERSON without an id (the merge tells which)."""
    surnames = [k for k in names if " " not in k] + [k for k in shared if k not in names]
    if not surnames:
        return []
    taken = defaultdict(list)
    for m in out:
        taken[m.paragraph].append((m.para_start, m.para_end))
    found = []
    for para in paragraphs:
        if para.kind == "byline":
            continue
        for s, e, word in occurrences(para.text, surnames, taken[para.index]):
            if word not in names:
                found.append(_mention(para, s, e, "PERSON", ""))
                continue
            first = names[word].split()[-1] != word  # a first name, not the surname
            if first and lexicon.is_common(word.lower()) and sentence_initial(para.text, s):
                continue
            found.append(_mention(para, s, e, "PERSON", person_slug(names[word])))
    return found


def _loose_word(word: str, lexicon: Lexicon) -> bool:
    """A word NER may run into a person's name: a common English word ("Jeweller", "Joins"), a
    title, or a short abbreviation in capitals that is no name suffix (a rank: "WPC")."""
    bare = word.strip(".,:;")
    if bare.lower() in _SUFFIXES:
        return False
    return (
        lexicon.is_common(bare.lower())
        or is_title_word(bare)
        or (bare.isupper() and 2 <= len(bare) <= 4)
    )


_NON_SPACE = re.compile(r"\S+")


def _cut_to_known(
    m: Mention,
    para: Paragraph | None,
    names: Mapping[str, str],
    fulls: Collection[str],
    lexicon: Lexicon,
) -> Mention:
    """A span that runs from loose words (:func:`_loose_word`) into a full PERSON name the
    document gives on its own ("Jeweller Ignacio Alcántara", "WPC Yvonne Fletcher" as an ORG)
    cut to that name; a PERSON span also loose words after the name (a headline's "Yazan Haddad
    Joins"). A word of another of the document's full names is never loose ("Gaddafi" of
    "Muammar Gaddafi")."""
    if para is None or m.canonical_id:
        return m
    words = list(_NON_SPACE.finditer(m.text))
    n = len(words)
    whole = _person_key(m.text)
    others = [f.split() for f in fulls if f != whole]
    for i in range(n - 1):
        for j in range(n, i + 1, -1) if m.label == "PERSON" else (n,):
            if (i, j) == (0, n):
                continue
            key = _person_key(" ".join(w.group() for w in words[i:j]))
            if " " not in key or names.get(key) != key:
                continue
            loose = [w.group() for w in words[:i] + words[j:]]
            if all(_loose_word(w, lexicon) and not any(w in f for f in others) for w in loose):
                s, e = m.para_start + words[i].start(), m.para_start + words[j - 1].end()
                return _mention(para, s, e, "PERSON", "")
    return m


_CAP_WORD = r"[A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*"
_CAP_WORD_RE = re.compile(_CAP_WORD)


def _untagged_full_names(
    mentions: list[Mention],
    paras: Mapping[int, Paragraph],
    heads: Collection[int],
    names: Mapping[str, str],
    lexicon: Lexicon,
) -> tuple[list[Mention], list[Mention]]:
    """A capitalised word right before the surname of one of the document's full names, the
    two not covered by one mention, is another full name ("If Marisol Price wanted" beside
    "Denise Price", "Marisol" + "Price" tagged apart): a PERSON, in place of the one-word
    mentions inside it (headlines too: "Marisol" + "Price" there). Not a title, a function
    word, a possessive, a common word opening a sentence, in a headline a word no PERSON
    mention of the document has ("Honors Stoltenberg"), or that full name itself. Returns the
    mentions and the full names found."""
    fulls = {full for full in names.values() if " " in full}
    last = {f.split()[-1] for f in fulls}
    surnames = sorted((w for w in last if _CAP_WORD_RE.fullmatch(w)), key=len, reverse=True)
    if not surnames:
        return mentions, []
    person_words = {w for m in mentions if m.label == "PERSON" for w in m.text.split()}
    pattern = _pattern(rf"(?<![\w-])({_CAP_WORD}) ({'|'.join(map(re.escape, surnames))})(?![\w-])")
    by_para: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_para[m.paragraph].append(m)
    drop: set[int] = set()
    added = []
    for i, para in paras.items():
        if para.kind == "byline":
            continue
        head = i in heads
        for hit in pattern.finditer(para.text):
            s, e = hit.span()
            first = hit.group(1)
            low = first.lower()
            if f"{first} {hit.group(2)}" in fulls or is_title_word(first) or low in _SUFFIXES:
                continue
            if low in STOP_WORDS or first.endswith(("'s", "’s")):
                continue
            if head and first not in person_words:
                continue
            if lexicon.is_common(low) and sentence_initial(para.text, s):
                continue
            over = [m for m in by_para[i] if m.para_start < e and s < m.para_end]
            if any(m.para_start < s or m.para_end > e or " " in m.text.strip() for m in over):
                continue
            if any(a <= s and e <= b for a, b in credit_spans(para.text)):
                continue
            drop.update(map(id, over))
            added.append(_mention(para, s, e, "PERSON", ""))
    if not added:
        return mentions, added
    return [m for m in mentions if id(m) not in drop] + added, added


@functools.lru_cache(maxsize=1 << 10)
def _pattern(source: str) -> re.Pattern[str]:
    """``source`` compiled (documents of one story share their people's surnames)."""
    return re.compile(source)


def fix_people(
    mentions: list[Mention],
    paragraphs: Sequence[Paragraph],
    lexicon: Lexicon | None = None,
    heads: Collection[int] = (),
) -> list[Mention]:
    """Make one document's people consistent (see the module docstring); the full names that
    surnames are matched to come from outside the headlines ``heads``."""
    texts = {p.index: p.text for p in paragraphs}
    mentions = [
        replace(m, label="PERSON")
        if m.label in ("GPE", "ORG", "NORP", "LOC")
        and not m.canonical_id
        and _titled(m, texts.get(m.paragraph, ""))
        else m
        for m in mentions
    ]
    lexicon = lexicon or Lexicon.current()
    paras = {p.index: p for p in paragraphs}
    names, shared = _name_table([m for m in mentions if m.paragraph not in heads])
    if any(" " in full for full in names.values()):
        mentions, found = _untagged_full_names(mentions, paras, heads, names, lexicon)
        if found:
            names, shared = _name_table([m for m in mentions if m.paragraph not in heads] + found)
    fulls = set(names.values())
    out: list[Mention] = []
    for m in mentions:
        if m.text.count(" ") >= 2:
            m = _cut_to_known(m, paras.get(m.paragraph), names, fulls, lexicon)
        key = _person_key(m.text)
        if key in names and not (m.canonical_id and not m.canonical_id.startswith("person:")):
            out.append(replace(m, label="PERSON", canonical_id=person_slug(names[key])))
        else:
            out.append(m)
    out = _not_people(_people_labels(out))
    out.extend(_untagged_surnames(out, paragraphs, names, lexicon, shared))
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return _nearest_people(out, shared, heads, texts) if shared else out


_WORD_BEFORE = re.compile(r"([^\W\d_][\w.-]*)\s+$")


def _title_before(m: Mention, text: str) -> str:
    """The title written right before a mention ("Judge" in "Judge Johnson"), folded, or ""."""
    hit = _WORD_BEFORE.search(text, max(0, m.para_start - 30), m.para_start)
    return hit.group(1).rstrip(".").casefold() if hit and is_title_word(hit.group(1)) else ""


def _nearest_people(
    mentions: list[Mention],
    shared: Collection[str],
    heads: Collection[int],
    texts: Mapping[int, str],
) -> list[Mention]:
    """A surname ``shared`` by two of the document's people ("Johnson": Marcus and Harriet M.
    Johnson) is the one of them the document gives the same title ("Judge Johnson" after
    "Judge Harriet M. Johnson"), else the one named last before it, outside the headlines (the
    nearest antecedent, as a reader takes it); before either is named it stays without an id.
    ``mentions`` are in document order; ``texts``: paragraph index → text."""
    people = [m for m in mentions if m.label == "PERSON" and m.paragraph not in heads]
    titled: dict[tuple[str, str], set[str]] = defaultdict(set)  # (surname, title) → ids
    for m in people:
        key = _person_key(m.text)
        if " " in key and m.canonical_id.startswith("person:"):
            title = _title_before(m, texts.get(m.paragraph, ""))
            if title:
                titled[(key.rsplit(" ", 1)[-1], title)].add(m.canonical_id)
    last: dict[str, str] = {}  # surname → id of the full name named last
    chosen: dict[int, str] = {}
    for m in people:
        key = _person_key(m.text)
        if " " in key and m.canonical_id.startswith("person:"):
            last[key.rsplit(" ", 1)[-1]] = m.canonical_id
        elif not m.canonical_id and key in shared:
            same = titled.get((key, _title_before(m, texts.get(m.paragraph, ""))), set())
            pick = next(iter(same)) if len(same) == 1 else last.get(key)
            if pick:
                chosen[id(m)] = pick
    return [replace(m, canonical_id=chosen[id(m)]) if id(m) in chosen else m for m in mentions]


def extract_mentions(nlp, paragraphs: Sequence[Paragraph], batch_size: int = 64) -> list[Mention]:
    """Mentions of one document's (or several documents') paragraphs."""
    mentions = raw_mentions(nlp, segments_of(paragraphs), batch_size)
    return postprocess_mentions(mentions, paragraphs, Lexicon.of(nlp))


def clean_document(
    mentions: Sequence[Mention],
    paragraphs: Sequence[Paragraph],
    lexicon: Lexicon,
    reasons: Counter,
) -> list[Mention]:
    """One document's raw mentions made into its entity mentions: spans cut where names end,
    types fixed, junk dropped (``reasons`` counts why), titles cut, split names joined, the
    body's names found wherever the document repeats them, headlines set by the body, people
    made consistent."""
    paras = {p.index: p for p in paragraphs}
    heads = {i for i, p in paras.items() if is_headline(p)}
    body = CaseForms.of(p.text for i, p in paras.items() if i not in heads)
    credits = {i: credit_spans(p.text) for i, p in paras.items()}
    kept = split_legal_of(split_spans(mentions, paras, _mention, lexicon), paras, _mention)
    kept = split_tickers(kept, paras, _mention)
    kept = widen_to_legal_forms(kept, paras, _mention)
    kept = division_names(join_of_names(kept, paras, _mention), paras, _mention)
    kept = split_country(trim_spans(kept, paras, _mention, lexicon), paras, _mention, lexicon)
    kept = join_and_names(kept, paras, _mention, lexicon)
    kept = fix_types(kept, paras, _mention, lexicon)  # a product is no generic word
    kept = drop_junk(kept, paras, body, lexicon, credits, reasons)
    kept = cut_lead_words(split_titles(kept, paras, _mention), paras, _mention, lexicon)
    kept = join_particle_names(join_split_names(kept, paras, _mention), paras, _mention)
    kept = untagged_names(kept, paras, heads, lexicon, credits, _mention)
    kept = split_spans(kept, paras, _mention, lexicon, lists_only=True)  # "ASML, …" known now
    kept = partner_firms(list_items(kept, paras, _mention), paras, _mention)
    kept = spread_names(kept, paragraphs, heads, lexicon, _mention, credits)
    kept = widen_to_names(kept, paras, heads, _mention)
    kept = platform_x(known_codes(kept, paras, _mention), paras, _mention)
    kept = titled_names(role_offices(kept, paras, _mention), paras, heads, body, _mention, lexicon)
    kept = reconcile(kept, paragraphs, _mention)
    return fix_people(kept, paragraphs, lexicon, heads)


def postprocess_mentions(
    mentions: Sequence[Mention], paragraphs: Sequence[Paragraph], lexicon: Lexicon | None = None
) -> list[Mention]:
    """Every document's mentions through :func:`clean_document`; ``lexicon`` defaults to that of
    the pipeline loaded last (:meth:`Lexicon.current`)."""
    lexicon = lexicon if lexicon is not None else Lexicon.current()
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    reasons: Counter = Counter()
    out: list[Mention] = []
    for doc_id, paras in sorted(_by_doc(paragraphs).items()):
        out.extend(clean_document(by_doc.get(doc_id, []), paras, lexicon, reasons))
    if reasons:  # called once per document: the job log's INFO lines stay per shard
        log.debug(
            "dropped %d mentions as junk: %s",
            sum(reasons.values()),
            ", ".join(f"{why} {n}" for why, n in reasons.most_common()),
        )
    return out


# --- figures -----------------------------------------------------------------------------


def extract_figures(
    paragraphs: Sequence[Paragraph], anchor: dt.date | None, memo: dict | None = None
) -> list[Figure]:
    """Figures of one document's paragraphs; relative dates resolved against ``anchor``.
    ``memo`` keeps :func:`find_figures` of each (text, anchor) for the next paragraph that
    repeats it word for word."""
    figures: list[Figure] = []
    memo = {} if memo is None else memo
    if len(memo) > NER_MEMO_TEXTS:
        memo.clear()
    for para in sorted(paragraphs, key=lambda p: p.index):
        found = memo.get((para.text, anchor))
        if found is None:
            found = memo[para.text, anchor] = find_figures(para.text, anchor)
        for f in found:
            start, end = to_raw(para.source_map, para.start, f.start, f.end)
            figures.append(
                Figure(
                    doc_id=para.doc_id,
                    paragraph=para.index,
                    page=para.page,
                    start=start,
                    end=end,
                    text=f.text,
                    value=None if f.value is None else float(f.value),
                    value_max=None if f.value_max is None else float(f.value_max),
                    unit=f.unit,
                    kind=f.kind,
                    qualifier=f.qualifier,
                    subject=f.subject,
                    date_iso=f.date_iso,
                    sentence=sentence_of(para.text, f.start, f.end),
                    para_start=f.start,
                    para_end=f.end,
                    dimension=f.dimension,
                    value_base=f.value_base,
                    value_max_base=f.value_max_base,
                    counted=f.counted,
                    per=f.per,
                )
            )
    return lend_currency(figures)  # a headline's bare "1.2 billion" takes the body's euros

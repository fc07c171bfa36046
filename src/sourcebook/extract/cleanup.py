"""One document's mentions cleaned: junk dropped with a recorded reason, titles cut from people's
names, types corrected.

Junk (:func:`junk_reason`, each drop counted by reason in the extract log): mentions in byline
and outlet lines or in credit clauses ("Reporting by …", "Photo: …"), fragments, time zones
(every abbreviation the tz database uses: CET, BST, EDT …), day and month names, names without a
capital letter ("thick bush"), and generic capitalised words (one common English word, not in
the gazetteer, that the document also writes in lower case or uses as part of a title:
"the Alliance" beside "the alliance", "Defense Secretary").

Titles (:func:`split_titles`): honorifics and roles before a person's name are cut off ("Chair
Jennifer Homendy", "Ms Chikovani", "Sgt Omar Haddad"); a capitalised name before the role stays a
mention of its own ("Kutaisi Mayor Zurab Lomidze" → "Kutaisi", "Zurab Lomidze"). A span cut by
a title phrase keeps the part before it ("US National Security Adviser" → "US"). A role at the
front of any span before a name is cut (:func:`cut_lead_words`: "Jeweller Ignacio Alcántara",
"Lawyer Milan Jovanović" tagged ORG); capitalised words after a title that NER left (partly)
untagged are a person (:func:`titled_names`: "Superintendent Renee Fulton", "Deputy DA Carmen
Ruiz"); an office named by its holder's title is an organisation (:func:`role_offices`: "the
District Attorney's Office").

Spans (:func:`split_spans`, :func:`join_of_names`, :func:`trim_spans`, :func:`join_split_names`,
:func:`widen_to_names`): a span NER ran across brackets, dashes or a preposition is cut there
("Nortessa (NTSA" → "Nortessa", "NTSA"; "Sevilla at Hill Dickinson Stadium" → "Sevilla", "Hill
Dickinson Stadium"); a span ending in "of" and the name after it are one ("University of" +
"Washington"); a trailing connector or slash is no part of a name ("SAN FRANCISCO/"); a lone
capitalised word right before a PERSON name is its first name ("Yazan" GPE + "Haddad" PERSON →
"Yazan Haddad"), not the end of a title ("Secretary of State"); a name the body gives whole
replaces the parts NER tagged where it is written again ("Madrid" in "Real Madrid"). Also cut:
a score between teams and a flight number ("Real Madrid 1-0 Bayern", "Lion Air Flight 610"),
places joined by "and", a country before its state's body (:func:`split_country`: "U.S." +
"Federal Aviation Administration"), the period of a legal form that ends the sentence; joined:
a name to its legal form (:func:`widen_to_legal_forms`: "Thalheim Sensorik GmbH") or a
compound body ("NATO-Ukraine Council"), a name ending in an initial to its surname ("Walter E."
+ "Washington"), two organisations split at an "and" inside one name (:func:`join_and_names`:
"Ministry of Ports" + "Marine Transport", "… Training for Ukraine (NSATU)"), a division's word
before "of" and a place (:func:`division_names`: "the Community of Madrid"), an organisation
to its head word (:func:`widen_to_legal_forms`: "… Dialogue" + "Forum"). In a list of names a
span is cut at the list's last "and" ("ASML, ASM International and BE Semiconductor"), and the
untagged last item of a list of one kind is a name of that kind (:func:`list_items`: "Seattle,
Portland and Anchorage"). A place right before a facility is the start of its name
(:func:`_place_facility`: "Liverpool" + "John Lennon Airport"); an opening quote is no part of a
name ('the "Pink Panthers'). Acronyms and words with a capital inside that NER left untagged in
running text are organisations (:func:`untagged_names`: "UKMTO", "StarBeat", "FlashPoint Media").
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from sourcebook.core.dates import MONTHS, WEEKDAYS
from sourcebook.core.gazetteer import STOCK_EXCHANGES, US_STATE_ABBREVIATIONS, US_STATE_CODES
from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import LEGAL_SUFFIXES, is_title_word, strip_possessive, word_set
from sourcebook.extract.headlines import CaseForms, occurrences, sentence_initial
from sourcebook.extract.spread import _names, mention_spans

log = logging.getLogger(__name__)

MakeMention = Callable[[Paragraph, int, int, str, str], Mention]

_CREDIT = re.compile(
    r"\b(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|produced|photos?|"
    r"photograph(?:s|y)?|pictures?|images?|video|credits?|graphics?|illustrations?)"
    r"\s*(?:by\b|:)[^;)\]\n]*",
    re.IGNORECASE,
)
_DATELINE_WIRE = re.compile(r"[^()\n]{0,80}?\(([^()\n]{1,40})\)\s*[-–—]")
_CONTRIBUTED = re.compile(
    r"[^.;()\n]*\bcontributed\s+(?:reporting\s+)?to\s+(?:this|the)\s+(?:report|story|article)",
    re.IGNORECASE,
)
#: a line that credits its source: "Contributed by U.S. Geological Survey"
_CONTRIBUTED_BY = re.compile(r"^\s*Contributed\s+by\b[^;)\]\n]*", re.MULTILINE)
_TOKEN = re.compile(r"\S+")
_WORDS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_CONTRACTED = word_set("m s re ve ll d t")  # what follows the apostrophe: "I’m", "we’ll"


@functools.cache
def time_zones() -> frozenset[str]:
    """Every alphabetic time-zone abbreviation of the tz database (CET, BST, EDT, …), read from
    it (winter and summer of each zone)."""
    import zoneinfo

    found = set()
    for name in zoneinfo.available_timezones():
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (ValueError, OSError):
            continue
        for month in (1, 7):
            abbr = dt.datetime(2024, month, 15, tzinfo=zone).tzname()
            if abbr and abbr.isalpha() and len(abbr) >= 3:
                found.add(abbr)
    return frozenset(found | {"UTC", "GMT"})


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of a paragraph that credit the work ("Reporting by …; Editing by …", "Photo: …",
    "… contributed to this report", a line "Contributed by …", the wire in a dateline:
    "WASHINGTON (Reuters) -")."""
    spans = [m.span() for m in _CREDIT.finditer(text)]
    wire = _DATELINE_WIRE.match(text)
    if wire:
        spans.append(wire.span(1))
    if "contributed" in text:
        spans += [m.span() for m in _CONTRIBUTED.finditer(text)]
    if "Contributed" in text:
        spans += [m.span() for m in _CONTRIBUTED_BY.finditer(text)]
    return spans


def junk_reason(m: Mention, para: Paragraph, body: CaseForms, lexicon, credits) -> str:
    """Why mention ``m`` of ``para`` is no entity ("" when it is one): see the module docstring.
    ``credits`` are the paragraph's :func:`credit_spans`."""
    text = m.text.strip()
    if para.kind == "byline":
        return "byline or outlet line"
    if any(s <= m.para_start and m.para_end <= e for s, e in credits):
        return "credit line"
    letters = sum(c.isalpha() for c in text)
    if text.endswith("-") or letters == 0 or len(text) < 2:
        return "fragment"
    bare = strip_possessive(text)
    if bare in time_zones():
        return "time zone"
    if bare.lower() in WEEKDAYS or (bare.lower() in MONTHS and m.label != "PERSON"):
        return "day or month name"
    if m.canonical_id:
        return ""
    if not any(c.isupper() for c in text):
        return "not capitalised"
    words = _WORDS.findall(text.lower())
    if all(w in STOP_WORDS or w in _CONTRACTED for w in words) and not _DIGIT.search(text):
        return "function words"  # not a code: "M-30", "A-4"
    if all(is_title_word(w) for w in text.split()):
        return "title"
    if _generic(m, bare, para.text, body, lexicon):
        return "generic word"
    return ""


def _generic(m: Mention, bare: str, text: str, body: CaseForms, lexicon) -> bool:
    """A common English word capitalised as a name ("State", "Alliance", "Training"): one word,
    not a person or a group (nationalities are capitalised words), that the document also
    writes in lower case, or, for an organisation, that starts a title ("Defense Secretary") or
    follows a lower-case "the" ("the Commission"); or one that ends a title ("Secretary of
    State")."""
    if m.label in ("PERSON", "NORP") or " " in bare or not bare.istitle():
        return False
    low = bare.lower()
    if "-" in low:  # "Euro-Atlantic": an adjective of common words, unless a company's name
        parts = low.split("-")  # or a code ("M-30")
        common = all(p.isalpha() and lexicon.is_common(p) for p in parts)
        return m.label not in ("ORG", "PRODUCT") and common
    if not lexicon.is_common(low):
        return False
    if body.lower_used(low):
        return True
    # an organisation's short form after a lower-case "the" ("the Commission", "the Navy"); a
    # plural may be a nickname ("the Reds")
    after_the = text[max(0, m.para_start - 4) : m.para_start] == "the "
    if _after_title_of(text, m.para_start):  # "Secretary of State": part of the title
        return True
    return m.label == "ORG" and (_before_role(text, m.para_end) or (after_the and low[-1] != "s"))


_TITLE_OF = re.compile(r"(\S+)\s+of\s+$")


def _after_title_of(text: str, start: int) -> bool:
    """Whether a title and "of" come right before ``start`` ("Secretary of State")."""
    m = _TITLE_OF.search(text[max(0, start - 30) : start])
    return m is not None and is_title_word(m.group(1))


_NEXT_WORDS = re.compile(r"(?:\s+[A-Z][\w-]*\.?){1,3}")


def _before_role(text: str, end: int) -> bool:
    """Whether a title follows ``end`` within three capitalised words ("… Secretary", "…
    Intelligence Chairman")."""
    m = _NEXT_WORDS.match(text, end)
    return m is not None and any(is_title_word(w) for w in m.group().split())


def split_titles(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """People's names without the titles before them; a name before the title kept apart, also
    when the title ends the span and the name follows it ("Oliver Mayor" + "Grant Lindholm")."""
    out: list[Mention] = []
    for m in mentions:
        para = paras.get(m.paragraph)
        if (
            para is None
            or m.label != "PERSON"
            or m.canonical_id.split(":")[0] not in ("", "person")
        ):
            out.append(m)
            continue
        words = list(_TOKEN.finditer(para.text, m.para_start, m.para_end))
        last = max((i for i, w in enumerate(words[:-1]) if is_title_word(w.group())), default=-1)
        if last < 0 and len(words) > 1 and _role_before_name(words, para.text):
            out.append(make(para, words[0].start(), words[-2].end(), "ORG", ""))
            continue
        if last < 0:
            out.append(m)
            continue
        first = min(i for i, w in enumerate(words) if is_title_word(w.group()))
        out.append(make(para, words[last + 1].start(), m.para_end, "PERSON", ""))
        lead = [w for w in words[:first] if w.group()[:1].isupper()]
        if lead and len(lead) == first and not all(w.group().lower() in _STOP for w in lead):
            out.append(make(para, lead[0].start(), lead[-1].end(), "ORG", ""))
    return out


_STOP = word_set("the a an former late acting new then")
#: a capitalised word next: the name a title before it belongs to ("Oliver Mayor Grant …")
_NAME_AFTER = re.compile(r"\s[A-Z][a-z]")


def _role_before_name(words: list[re.Match[str]], text: str) -> bool:
    """Whether a PERSON span ends in a title and a name follows it ("Oliver Mayor" + "Grant
    Lindholm"): the words before the title are a place or body, not a person."""
    end = words[-1]
    return (
        is_title_word(end.group())
        and _NAME_AFTER.match(text, end.end()) is not None
        and not any(is_title_word(w.group()) or w.group().lower() in _STOP for w in words[:-1])
    )


def _agent_noun(low: str, lexicon) -> bool:
    """Whether ``low`` names a person by what they do, made from a dictionary word ("charterer"
    from "charter", "jeweller" from "jewel")."""
    if not low.endswith(("er", "or")) or len(low) < 6:
        return False
    stem = low[:-2]
    return any(lexicon.is_common(w) for w in (stem, stem + "e", stem[:-1]) if len(w) > 2)


def _lead_words(
    words: list[re.Match[str]], text: str, lexicon, noun_used: Callable[[str], bool]
) -> tuple[int, bool]:
    """How many words at the front of a span are a role, not a name: title words ("Lawyer",
    "Catholicos-Patriarch"), or a dictionary word or an agent noun made from one, capitalised
    only because it opens the sentence, that the document also uses as a common noun (after
    "the", "a", a possessive: ``noun_used``): "Jeweller … the jeweller"; not "Parker Hannifin",
    nor "Rose Marie Byrne" beside "prices rose"; and whether a title was among them."""
    k = 0
    while k < len(words) - 1 and is_title_word(words[k].group()):
        k += 1
    if k:
        return k, True
    first = words[0].group()
    low = first.lower()
    if not first.isalpha() or not sentence_initial(text, words[0].start()) or low in _STOP:
        return 0, False
    known = lexicon.is_common(low) or _agent_noun(low, lexicon)
    return int(known and noun_used(low)), False


#: a common noun after a determiner or possessive ("the jeweller", "her lawyer")
_NOUN_AFTER = r"\b(?:the|a|an|this|that|his|her|their|its|our|my|your)\s+{}\b"


def _noun_use(paras: dict[int, Paragraph]) -> Callable[[str], bool]:
    """Whether the document of ``paras`` writes a lower-case word as a common noun (see
    :data:`_NOUN_AFTER`); the document's text is joined once, at the first question."""
    text: list[str] = []

    def used(low: str) -> bool:
        if not text:
            text.append("\n".join(p.text for p in paras.values()))
        return re.search(_NOUN_AFTER.format(re.escape(low)), text[0]) is not None

    return used


def _name_word(word: str, lexicon) -> bool:
    """A word that can only be part of a name: capitalised, no dictionary word (a Roman numeral
    or a legal form also)."""
    bare = word.strip(".,")
    low = bare.lower()
    if low in LEGAL_SUFFIXES or (bare.isupper() and set(bare) <= set("IVX")):
        return True
    return bare[:1].isupper() and not lexicon.is_common(low) and low not in STOP_WORDS


def cut_lead_words(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention, lexicon
) -> list[Mention]:
    """A span that starts with a role (:func:`_lead_words`) before a name of two words or more,
    all of them name words (:func:`_name_word`), is the name: "Jeweller Ignacio Alcántara",
    "Charterer Petrovia SA"; after a title, capitalised words that end in a name word are a
    person ("Lawyer Milan Jovanović" tagged ORG; "Milan" is also a dictionary word; not "Queen
    Mary University"). Not a name the gazetteer knows; "Porter Airlines" stays."""
    noun_used = _noun_use(paras)
    out: list[Mention] = []
    for m in mentions:
        para = paras.get(m.paragraph)
        if para is None or m.canonical_id or m.text.count(" ") < 2 or m.label == "NORP":
            out.append(m)
            continue
        words = list(_TOKEN.finditer(para.text, m.para_start, m.para_end))
        k, titled = _lead_words(words, para.text, lexicon, noun_used)
        rest = words[k:]
        names = [_name_word(w.group(), lexicon) for w in rest]
        capitalised = all(w.group()[:1].isupper() for w in rest)
        if k and len(rest) >= 2 and (all(names) or (titled and capitalised and names[-1])):
            label = "PERSON" if titled else m.label
            out.append(make(para, rest[0].start(), m.para_end, label, ""))
        else:
            out.append(m)
    return out


def drop_junk(
    mentions: Sequence[Mention],
    paras: dict[int, Paragraph],
    body: CaseForms,
    lexicon,
    credits: dict[int, list[tuple[int, int]]],
    reasons: Counter,
) -> list[Mention]:
    """``mentions`` without junk; ``reasons`` counts the drops by reason; ``credits`` are each
    paragraph's :func:`credit_spans`."""
    kept = []
    for m in mentions:
        para = paras.get(m.paragraph)
        spans = credits.get(m.paragraph, [])
        why = "" if para is None else junk_reason(m, para, body, lexicon, spans)
        if why:
            reasons[why] += 1
            log.debug("dropped %r (%s): %s", m.text, m.label, why)
        else:
            kept.append(m)
    return kept


# --- spans ---------------------------------------------------------------------------------

#: where a name cannot go on: brackets, a dash between words, a preposition no name holds, a
#: score, a flight number, a comma (but before a legal or generational suffix: "Nortessa,
#: Inc.", "Smith, Jr.")
_BREAK = re.compile(
    r"\s*[()\[\]]\s*|\s*--+\s*|\.{2,}|…|\s+[—–]\s+|\s+(?:at|to|from|vs\.?|versus|v\.?|against|via|into)\s+"
    r"|\s+\d{1,2}\s?[-–]\s?\d{1,2}\s+"  # a score between two teams: "Real Madrid 1-0 Bayern"
    r"|\s+Flight\s+[A-Z]{0,3}\d+\b.*"  # a flight number is no part of its airline's name
    r"|,\s+(?!(?:Inc|Corp|Co|Ltd|LLC|L\.?P|plc|PLC|Jr|Sr|S\.?A|N\.?V|AG|GmbH)\b)"
)


#: places are also two where "and" joins them ("Tskhaltubo and Tsqaltubo", "Calif. &
#: EINDHOVEN"); a country named so is the gazetteer's ("Trinidad and Tobago")
_PLACE_BREAK = re.compile(_BREAK.pattern + r"|\s+(?:and|&)\s+")


_LIST_BREAK = re.compile(_BREAK.pattern + r"|\s+and\s+")


def _breaks(m: Mention, text: str, listed: bool, lexicon) -> re.Pattern[str]:
    """Where ``m`` cannot go on: :data:`_BREAK`; for a place (or a dateline's state and "&":
    :data:`_STATE_AND`) also at "and" and "&"; in a list
    of names (``listed``: another name and a comma before it; or a comma inside it) also at
    the list's last "and" ("ASML, ASM International and BE Semiconductor"), unless the two
    pieces are one name (:func:`_shared_head`: "… Department of Health and Human Services")."""
    if m.label in ("GPE", "LOC") or _STATE_AND.match(m.text):
        return _PLACE_BREAK
    if not (listed or ", " in m.text) or " and " not in m.text:
        return _BREAK
    first, _, second = m.text.rpartition(" and ")
    first = _BREAK.split(first)[-1]
    return _BREAK if _shared_head(first, second, lexicon) else _LIST_BREAK


#: a US state's abbreviation and "&" at the start of a span: two places of a dateline
#: ("SANTA CLARA, Calif. & EINDHOVEN, the Netherlands")
_STATE_AND = re.compile("(?:" + "|".join(re.escape(a) for a in US_STATE_ABBREVIATIONS) + r")\s+&\s")
_AND = re.compile(r"\s+and\s+")
_NEVER = re.compile(r"(?!)")


def split_spans(
    mentions: Sequence[Mention],
    paras: dict[int, Paragraph],
    make,
    lexicon,
    lists_only: bool = False,
) -> list[Mention]:
    """Spans cut where a name cannot go on (see the module docstring and :func:`_breaks`); the
    capitalised pieces stay, with the span's label. With ``lists_only`` only a list's last
    "and" is a cut (run again once more of the document's names are known)."""
    anded = any(" and " in m.text for m in mentions)  # where a list may part names
    ends = {(m.paragraph, m.para_end) for m in mentions} if anded else set()
    out: list[Mention] = []
    for m in mentions:
        para = paras.get(m.paragraph)
        if para is None or m.canonical_id or (lists_only and " and " not in m.text):
            out.append(m)
            continue
        comma = para.text[m.para_start - 2 : m.para_start] == ", "
        listed = comma and (m.paragraph, m.para_start - 2) in ends  # "ASML, " before it
        breaks = _breaks(m, para.text, listed, lexicon)
        if lists_only:
            breaks = _AND if breaks is _LIST_BREAK else _NEVER
        if not breaks.search(m.text):
            out.append(m)
            continue
        pos = m.para_start
        for piece in [*breaks.finditer(m.text), None]:
            end = m.para_start + (piece.start() if piece else len(m.text))
            text = para.text[pos:end]
            if text[:1].isupper() or text.lower().startswith("the "):
                out.append(make(para, pos, end, m.label, ""))
            pos = m.para_start + piece.end() if piece else pos
    return out


_SPLIT_FIRST = frozenset({"GPE", "ORG", "LOC", "FAC", "PERSON"})


def _join_adjacent(
    mentions: Sequence[Mention],
    paras: dict[int, Paragraph],
    make: MakeMention,
    label_of: Callable[[Mention, Mention, str], str | None],
    gap: re.Pattern[str] | None = None,
) -> list[Mention]:
    """Mentions in text order, each joined with the one before it when a single space (or
    what ``gap`` matches whole) parts them in the same paragraph and ``label_of(before,
    mention, paragraph text)`` gives the joined span's label (None: kept apart)."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.paragraph, m.para_start)):
        prev = out[-1] if out else None
        para = paras.get(m.paragraph)
        label = (
            label_of(prev, m, para.text)
            if prev is not None
            and para is not None
            and prev.paragraph == m.paragraph
            and (
                para.text[prev.para_end : m.para_start] == " "
                if gap is None
                else gap.fullmatch(para.text, prev.para_end, m.para_start) is not None
            )
            else None
        )
        if label is None:
            out.append(m)
        else:
            out[-1] = make(para, prev.para_start, m.para_end, label, "")
    return out


def _first_name_of(prev: Mention, m: Mention, text: str) -> str | None:
    """PERSON when ``prev`` is a capitalised one-word mention (no gazetteer id) right before
    the PERSON ``m``: its first name; not a title, nor the end of one."""
    first = (
        m.label == "PERSON"
        and prev.label in _SPLIT_FIRST
        and not prev.canonical_id
        and " " not in prev.text
        and prev.text[:1].isupper()
        and not is_title_word(prev.text)
        and not _after_title_of(text, prev.para_start)
    )
    return "PERSON" if first else None


def join_split_names(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A capitalised one-word mention (no gazetteer id) right before a PERSON name is its first
    name: the two become one PERSON ("Yazan" + "Haddad"); not a title, nor the end of one
    ("Secretary of State" + "Antony Blinken"). A person's name that ends in an initial and the
    one-word name after it are one PERSON too ("Walter E." + "Washington", tagged a city)."""
    return _join_adjacent(
        mentions,
        paras,
        make,
        lambda p, m, t: _first_name_of(p, m, t) or _after_initial(p, m) or _place_facility(p, m),
    )


def _place_facility(prev: Mention, m: Mention) -> str | None:
    """FAC when ``prev`` is a place right before a facility whose name ends in the head of
    one (:data:`FACILITY_HEADS`): the place is the start of its name ("Liverpool" + "John
    Lennon Airport"; not "New York's" + "John F. Kennedy International Airport")."""
    place = (
        prev.label in ("GPE", "LOC")
        and " " in m.text.strip()
        and strip_possessive(prev.text) == prev.text
    )
    return "FAC" if place and m.label == "FAC" and m.text.split()[-1] in FACILITY_HEADS else None


#: the particles inside a person's name ("Cor van der Klugt", "Ursula von der Leyen")
_PARTICLES = re.compile(
    r" (?:(?:van|von|der|den|de|del|della|di|da|du|le|la|ten|ter|dos|das|bin|ibn|al|el|y) )+"
)


def join_particle_names(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A PERSON and the capitalised name (no gazetteer id) after the particles between them are
    one PERSON ("Cor" + "van der" + "Klugt")."""
    return _join_adjacent(
        mentions,
        paras,
        make,
        lambda p, m, t: (
            "PERSON"
            if p.label == "PERSON" and not m.canonical_id and m.text[:1].isupper()
            else None
        ),
        _PARTICLES,
    )


#: a capitalised word (a title?) and the two or three capitalised words after it
_TITLED = re.compile(  # a look-ahead: each capitalised word is tried, overlapping
    r"(?<![\w.-])(?=([A-Z][a-z]+\.?|[A-Z]{2,4}) ([A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*"
    r"(?: [A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*){1,2})(?![\w-]))"
)


def titled_names(
    mentions: Sequence[Mention],
    paras: dict[int, Paragraph],
    heads: Collection[int],
    body: CaseForms,
    make: MakeMention,
    lexicon,
) -> list[Mention]:
    """Two or three capitalised words after a personal title are a person's name where NER
    tagged none of it or only part ("Marshal Khalifa Haftar", "Superintendent Renee Fulton"
    with "Fulton" alone): a PERSON in place of the parts. Not in headlines, not when a word is
    a title, a function word, a month or day, or one the document writes in lower case
    ("Judge Business School"), nor across a mention that runs on outside the words; at least
    one word is no dictionary word ("Prince Sultan Air Base" gives no "Air Base"), and a
    person NER tagged inside grows only over such words ("Sergeant Major Basil Plumley" keeps
    "Basil Plumley")."""
    by_para: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_para[m.paragraph].append(m)
    drop: set[int] = set()
    added: list[Mention] = []
    for i, para in paras.items():
        if i in heads or para.kind == "byline":
            continue
        for hit in _TITLED.finditer(para.text):
            if not is_title_word(hit.group(1)) or not _plain_name(hit.group(2).split(), body):
                continue
            s, e = hit.span(2)
            over = [m for m in by_para[i] if m.para_start < e and s < m.para_end]
            if any(m.para_start < s or m.para_end > e for m in over):
                continue
            if not _grows_over_names(para.text, s, e, over, lexicon):
                continue
            if any((m.para_start, m.para_end) == (s, e) or _known_thing(m) for m in over):
                continue
            drop.update(map(id, over))
            added.append(make(para, s, e, "PERSON", ""))
    if not added:
        return list(mentions)
    out = [m for m in mentions if id(m) not in drop] + added
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


def _grows_over_names(text: str, s: int, e: int, over: Sequence[Mention], lexicon) -> bool:
    """Whether the words ``text[s:e]`` after a title hold a word no dictionary knows, and the
    ones outside a PERSON NER tagged among them (``over``) are all such words."""
    words = list(_TOKEN.finditer(text, s, e))
    common = [lexicon.is_common(w.group().strip(_PUNCT).lower()) for w in words]
    if all(common):
        return False
    people = [m for m in over if m.label == "PERSON"]
    outside = [
        c
        for w, c in zip(words, common, strict=True)
        if not any(m.para_start <= w.start() < m.para_end for m in people)
    ]
    return not people or not any(outside)


_PUNCT = ".,;:!?\"'’“”()"


_NON_SPACE = re.compile(r"\S+")
#: a role's office: a title, "'s Office" ("Attorney General's Office"), and before the title the
#: capitalised words of the place or body it serves ("Los Angeles County District Attorney's")
_ROLE_OFFICE = re.compile(r"(?<![\w'’.-])((?:[A-Z][\w.-]*\s+)*)([A-Z][a-z]+)['’]s Office(?![\w-])")


def role_offices(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """An office named by its holder's title is an organisation ("the District Attorney's
    Office", "Okanogan County Sheriff's Office", "Public Prosecutor's Office"): an ORG in place
    of the mentions inside it; not at a possessive after a name ("Biden's Office"), nor across a
    mention that runs on outside it."""
    found, inside = [], set()
    for i, para in paras.items():
        if "s Office" not in para.text or para.kind == "byline":
            continue
        for hit in _ROLE_OFFICE.finditer(para.text):
            if not is_title_word(hit.group(2)):
                continue
            s, e = hit.start(2), hit.end()
            for word in reversed(list(_NON_SPACE.finditer(para.text, hit.start(1), hit.end(1)))):
                w = word.group()
                if w.lower() in STOP_WORDS or (w.endswith(".") and "." not in w[:-1]):
                    break  # "The District Attorney's", "… PDX. The Washington County Sheriff's"
                s = word.start()
            over = [m for m in mentions if m.paragraph == i and m.para_start < e and s < m.para_end]
            if any(m.para_start < s or m.para_end > e for m in over):
                continue
            inside.update(map(id, over))
            found.append(make(para, s, e, "ORG", ""))
    if not found:
        return list(mentions)
    out = [m for m in mentions if id(m) not in inside] + found
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


#: the next item of a list: a comma or "and", then one to three capitalised words
_NEXT_ITEM = re.compile(
    r"(?:,\s+and|,|\s+and)\s+([A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+){0,2})(?![\w'’-])"
)
_LISTED = frozenset({"GPE", "LOC", "ORG", "PERSON"})


def list_items(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """The untagged item that ends a list of names of one kind ("Seattle, Portland and
    Anchorage" with "Anchorage" untagged): a mention of that kind. The two names before it
    must be mentions of that label parted by a comma; the item is no function word, month or
    day, nor a word the model knows as a title."""
    found: list[Mention] = []
    ordered = sorted(mentions, key=lambda m: (m.paragraph, m.para_start))
    for a, b, c in zip(ordered, ordered[1:], [*ordered[2:], None], strict=False):
        para = paras.get(b.paragraph)
        if para is None or a.paragraph != b.paragraph or a.label != b.label:
            continue
        if b.label not in _LISTED or para.text[a.para_end : b.para_start] != ", ":
            continue
        hit = _NEXT_ITEM.match(para.text, b.para_end)
        if hit is None or (
            c is not None and c.paragraph == b.paragraph and c.para_start < hit.end()
        ):
            continue
        words = hit.group(1).split()
        if any(
            w.lower() in STOP_WORDS
            or w.lower() in MONTHS
            or w.lower() in WEEKDAYS
            or is_title_word(w)
            for w in words
        ):
            continue
        found.append(make(para, hit.start(1), hit.end(1), b.label, ""))
    if not found:
        return list(mentions)
    return sorted([*mentions, *found], key=lambda m: (m.paragraph, m.para_start, m.para_end))


#: what ends a place's or a building's name ("Queen Elizabeth Hospital", "King Street")
PLACE_HEADS = word_set(
    "Street Road Avenue Square Bridge Park Hospital School University College Airport Station "
    "Hall House Palace Church Cathedral Stadium Arena Museum Gardens Company Motors Base "
    "Causeway Highway Port Harbour Harbor Barracks"
)


#: the heads of :data:`PLACE_HEADS` that end a facility's name and no common surname ("Park",
#: "Hall", "Church", "House", "Street", "Port" do), nor a body's ("Hospital", "School")
FACILITY_HEADS = word_set(
    "Road Avenue Square Bridge Airport Station Palace Cathedral Stadium Arena Museum Gardens "
    "Causeway Highway Harbour Harbor Barracks"
)


def _known_thing(m: Mention) -> bool:
    """Whether the gazetteer gives ``m`` as something other than a person ("NATO")."""
    return bool(m.canonical_id) and not m.canonical_id.startswith("person:")


def _plain_name(words: list[str], body: CaseForms) -> bool:
    """Whether ``words`` can only be a name: no title, function word, month or day, acronym
    or possessive before the last word ("Cavoli's NATO"), none the document also writes in
    lower case, and no head of a place's, building's or body's name last ("Queen Elizabeth
    Hospital", "General Motors Company")."""
    if any(w.endswith(("'s", "’s")) for w in words[:-1]) or words[-1] in PLACE_HEADS:
        return False
    if words[-1].lower() in LEGAL_SUFFIXES or words[-1] in _ORG_HEADS:
        return False
    return not any(
        w.isupper()
        or is_title_word(w)
        or w.lower() in STOP_WORDS
        or w.lower() in MONTHS
        or w.lower() in WEEKDAYS
        or body.lower_used(w)
        for w in words
    )


_INITIAL_END = re.compile(r"\s[A-Z]\.$")


def _after_initial(prev: Mention, m: Mention) -> str | None:
    """PERSON when ``prev`` is a PERSON ending in an initial ("Walter E.") and ``m`` one
    capitalised word (the surname), or when both are names of two words or more without an
    id, which no two people's names written side by side are ("Saif al-Islam" + "Muammar
    al-Qadhafi")."""
    initial = (
        prev.label == "PERSON"
        and _INITIAL_END.search(prev.text) is not None
        and " " not in m.text.strip()
        and m.text[:1].isupper()
    )
    halves = (
        prev.label == m.label == "PERSON"
        and not prev.canonical_id
        and not m.canonical_id
        and " " in prev.text.strip()
        and " " in m.text.strip()
    )
    return "PERSON" if initial or halves else None


#: a company's legal form, then "of" and a place: the company's name ends at the form
_LEGAL_OF = re.compile(r"\s(\w+)\.?\s+of\s+(?P<tail>(?=[A-Z]))")


def split_legal_of(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A company name NER ran on past its legal form into "of" and a place ("Onex Corp. of
    Toronto", "Halcyon Tankers Ltd of Piraeus") is the company and the place (a GPE)."""
    if not any(" of " in m.text for m in mentions):
        return list(mentions)
    return _split_after_legal_form(
        mentions, paras, make, _LEGAL_OF, "GPE", lambda m: " of " in m.text
    )


#: a stock ticker written after a company's legal form, wire style ("Cetus Corp CTUS",
#: "Volkswagen AG VOWG.F", "NV Philips Gloeilampenfabrieken PGLO.AS")
_TICKER_AFTER = re.compile(r"(\S+?)\.?\s+(?P<tail>[A-Z]{2,5}(?:\.[A-Z]{1,2})?)$")


def split_tickers(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A company name NER ran on into the stock ticker after its legal form is the company
    and the ticker, an ORG of its own ("Cetus Corp" + "CTUS"): the name then meets its other
    mentions; the ticker is a mention of the company as the gold's convention has it."""
    return _split_after_legal_form(
        mentions, paras, make, _TICKER_AFTER, "ORG", lambda m: m.label == "ORG"
    )


def _split_after_legal_form(
    mentions: Sequence[Mention],
    paras: dict[int, Paragraph],
    make: MakeMention,
    pattern: re.Pattern[str],
    tail_label: str,
    wanted: Callable[[Mention], bool],
) -> list[Mention]:
    """Each ``wanted`` mention without a gazetteer id where ``pattern`` finds a legal form
    (group 1, with its period) and what NER ran on into after it (group "tail") is two: the
    company, an ORG, and the tail, a ``tail_label`` mention."""
    out: list[Mention] = []
    for m in mentions:
        hit = pattern.search(m.text) if wanted(m) and not m.canonical_id else None
        para = paras.get(m.paragraph)
        if hit is None or para is None or hit.group(1).lower() not in LEGAL_SUFFIXES:
            out.append(m)
            continue
        company_end = m.para_start + hit.end(1) + (m.text[hit.end(1)] == ".")
        out.append(make(para, m.para_start, company_end, "ORG", ""))
        out.append(make(para, m.para_start + hit.start("tail"), m.para_end, tail_label, ""))
    return out


#: a lower-case word NER ran on to after a name
_LOWER_LAST = re.compile(r"\s+([a-z]+)$")


def _before_lower_tail(text: str, s: int, e: int) -> int:
    """End of a name without a connector ("University of", "Police and", "Geneva/") or the
    lower-case words after it ("Ramstein air base", "Misurata municipal council"), but for a
    legal form ("Beazley plc")."""
    k = text.rfind(" ", s, e)
    lower_last = k >= 0 and (text[k + 1 : k + 2].islower() or text[k + 1] in "&/")
    if not lower_last and text[e - 1 : e] != "/":
        return e  # the last word is capitalised: the common case, nothing to cut
    dangling = _DANGLING.search(text, s, e)
    if dangling and dangling.start() > s:
        e = dangling.start()
    while (last := _LOWER_LAST.search(text, s, e)) and last.group(1) not in LEGAL_SUFFIXES:
        e = last.start()
    return e


#: a span that ends in a connector no name ends with ("University of", "National Police and")
_DANGLING = re.compile(r"(?:\s+(?:of|of the|and|or|&)|\s*/)$")


_OF_NAMES = frozenset({"ORG", "LOC", "FAC", "GPE"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})


def _of_name_label(prev: Mention, m: Mention, text: str) -> str | None:
    """``prev``'s label when it is an organisation or place ending in "of" and ``m`` the
    capitalised name after it (a place, or a name the gazetteer does not know)."""
    joins = (
        prev.label in _OF_NAMES
        and prev.text.endswith((" of", " of the"))
        and m.text[:1].isupper()
        and (m.label in _PLACES or not m.canonical_id)
    )
    return prev.label if joins else None


#: an administrative division's word and "of" before a place: "the Community of" + "Madrid"
_DIVISION_OF = re.compile(
    r"(?<![\w-])(?:City|County|State|Province|Region|Community|Republic|Kingdom|Commonwealth|"
    r"Municipality|District|Prefecture|Governorate|Canton|Oblast|Emirate|Principality) of $"
)


def division_names(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A place named as an administrative division "of" a place ("the Community of Madrid",
    "the Province of Ontario") is one place name, which the gazetteer's place alone is not: a
    GPE from the division's word, with no gazetteer id."""
    out: list[Mention] = []
    for m in mentions:
        para = paras.get(m.paragraph)
        hit = None
        if (
            para is not None
            and m.label == "GPE"
            and para.text[m.para_start - 4 : m.para_start] == " of "
        ):
            hit = _DIVISION_OF.search(para.text, max(0, m.para_start - 20), m.para_start)
        out.append(make(para, hit.start(), m.para_end, "GPE", "") if hit else m)
    return out


def join_of_names(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A span of an organisation or a place that ends in "of" and the name right after it are
    one name ("University of" + "Washington", "Gulf of" + "Guinea": the gazetteer's place cut
    NER's name short), with the first span's label; not when the second is an organisation
    the gazetteer knows ("… of the" + "North Atlantic Treaty Organization")."""
    return _join_adjacent(mentions, paras, make, _of_name_label)


#: an acronym in brackets right after a name ("… Training for Ukraine (NSATU)")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z]{3,8})\)")
#: words an acronym may skip (also "and" in Spanish, French and German)
_MINOR_WORDS = word_set("of for and the in on to de y et und")
#: what may part two pieces of one name an acronym is defined for: "and", "of", "in", a dash
_ACRONYM_GAPS = frozenset({" and ", " y ", " et ", " und ", " of ", " for ", " in ", " – ", " — "})


def _initials(text: str) -> tuple[str, str]:
    """The initials of ``text``'s words (not a leading "the", nor a dash): of all of them, and
    of all but the minor ones."""
    words = [w for w in re.split(r"[\s-]+", text.strip()) if w[:1].isalnum()]
    words = words[1:] if words and words[0].lower() == "the" else words
    every = "".join(w[0] for w in words).upper()
    major = "".join(w[0] for w in words if w.lower() not in _MINOR_WORDS).upper()
    return every, major


def _common_words(text: str, lexicon) -> bool:
    """Whether every word of ``text`` is a capitalised dictionary word ("Marine Transport",
    "Transportation Commission"): no word that makes a name of its own."""
    words = text.split()
    return all(w[:1].isupper() and w.isalpha() and lexicon.is_common(w.lower()) for w in words)


def _shared_head(first: str, second: str, lexicon) -> bool:
    """Whether two names joined by "and" are one: the second is two common words or more and
    ends in a body's head word the first lacks ("Washington Utilities and Transportation
    Commission") or the first is a body "of" something ("Ministry of Ports and Marine
    Transport")."""
    a, b = first.split(), second.split()
    if len(b) < 2 or not _common_words(second, lexicon):  # "Airbus" is a dictionary word too
        return False
    a = a[1:] if a and a[0].lower() == "the" else a
    if b[-1] in _ORG_HEADS:
        return not any(w in _ORG_HEADS for w in a)
    return (
        len(a) > 2 and a[0] in _ORG_HEADS and a[1] == "of" and not any(w in _ORG_HEADS for w in b)
    )


def _one_name(prev: Mention, m: Mention, gap: str, text: str, lexicon) -> bool:
    """Whether organisation ``prev`` and mention ``m`` after it, ``gap`` between them, are one
    name that NER split: the acronym the text gives right after is the whole's, not the
    second's ("NATO Security Assistance and Training for Ukraine (NSATU)", "United Nations
    Support Mission in Libya (UNSMIL)"); or, parted by "and", two organisations that share a
    head (:func:`_shared_head`). Not organisations the gazetteer knows ("the Federal Reserve
    and European Central Bank")."""
    if prev.label != "ORG" or prev.canonical_id:
        return False
    acr = _ACRONYM_AFTER.match(text, m.para_end) if gap in _ACRONYM_GAPS else None
    if acr and not (m.canonical_id and m.label == "ORG"):
        whole = text[prev.para_start : m.para_end]
        return acr.group(1) in _initials(whole) and acr.group(1) not in _initials(m.text)
    return (
        gap == " and "
        and m.label == "ORG"
        and not m.canonical_id
        and _shared_head(prev.text, m.text, lexicon)
    )


def join_and_names(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention, lexicon
) -> list[Mention]:
    """An organisation NER split at an "and", "of", "in" or a dash inside its name joined
    (:func:`_one_name`: "Ministry of Ports" + "Marine Transport")."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.paragraph, m.para_start)):
        prev = out[-1] if out else None
        para = paras.get(m.paragraph)
        if (
            prev is not None
            and para is not None
            and prev.paragraph == m.paragraph
            and 0 < m.para_start - prev.para_end <= 5
            and _one_name(prev, m, para.text[prev.para_end : m.para_start], para.text, lexicon)
        ):
            out[-1] = make(para, prev.para_start, m.para_end, "ORG", "")
        else:
            out.append(m)
    return out


#: up to two capitalised words and a company's legal form in capitals after a name
_LEGAL_TAIL = re.compile(r"((?: [A-Z][\w&-]*){0,2}) ([A-Z][A-Za-z]{1,4})(?![\w&-])")


def _legal_end(text: str, end: int, spans: list[tuple[int, int]]) -> int:
    """End of a company's name that runs on after a mention to its legal form ("Thalheim" +
    " Sensorik GmbH", "Goldman Sachs & Co." + " LLC"); ``end`` when there is none. The form in
    capitals or mixed case ("LLC", "GmbH"), or an abbreviation in title case ("Inc", "Co");
    the words between are no other mention's."""
    hit = _LEGAL_TAIL.match(text, end)
    if hit is None or hit.group(2).lower() not in LEGAL_SUFFIXES:
        return end
    form = hit.group(2)
    if form.istitle() and form not in _TITLE_FORMS:  # "Spa", "Se": words or names too
        return end
    at = (hit.start(2), hit.end(2))
    if any(a < at[0] and end < b and (a, b) != at for a, b in spans):
        return end
    dot = form in _TITLE_FORMS and text[hit.end() : hit.end() + 1] == "."  # "Co.", "Inc."
    return hit.end() + dot


_TITLE_FORMS = frozenset({"Inc", "Corp", "Co", "Ltd", "Plc"})


#: what names a body at the end of its name ("… Council", "… Commission")
_ORG_HEADS = word_set(
    "Council Committee Commission Forum Group Mission Partnership Centre Center Board Agency "
    "Authority Office Bureau Service Ministry Department Directorate"
)
#: a hyphen and a capitalised word, then up to two capitalised words ("-Ukraine Council")
_COMPOUND_TAIL = re.compile(r"-[A-Z][\w]+((?: [A-Z][\w]+){1,2})(?![\w-])")


def _compound_end(text: str, end: int) -> int:
    """End of a body's name that NER (or the gazetteer) ended inside a compound ("NATO" of
    "NATO-Ukraine Council"): to the head word that ends it; ``end`` when there is none."""
    hit = _COMPOUND_TAIL.match(text, end)
    return hit.end() if hit and hit.group(1).rsplit(" ", 1)[-1] in _ORG_HEADS else end


#: a capitalised word right after a name
_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)(?![\w'’-])")


def _head_end(text: str, end: int, spans: list[tuple[int, int]]) -> int:
    """End of a body's name that NER ended before its head word ("Libyan Political Dialogue" +
    " Forum"): the head of :data:`_ORG_HEADS` right after, no other mention's; ``end`` if none."""
    hit = _WORD_AFTER.match(text, end)
    if hit is None or hit.group(1) not in _ORG_HEADS:
        return end
    return end if any(a < hit.end() and hit.start(1) < b for a, b in spans) else hit.end()


def widen_to_legal_forms(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A name NER ended before the rest of a company's name and its legal form is the company
    (:func:`_legal_end`): "Thalheim Sensorik GmbH" (NER: "Thalheim"), "Goldman Sachs & Co.
    LLC" (NER: "Goldman Sachs & Co." + "LLC"), an ORG; a legal form tagged alone is dropped.
    So is a name ended inside a compound that a body's name goes on from ("NATO-Ukraine
    Council", :func:`_compound_end`), and an organisation ended before its head word
    (:func:`_head_end`: "Libyan Political Dialogue Forum")."""
    by_para = mention_spans(mentions)
    out: list[Mention] = []
    covered: set[tuple[int, int, int]] = set()
    for m in sorted(mentions, key=lambda m: (m.paragraph, m.para_start)):
        para = paras.get(m.paragraph)
        if (m.paragraph, m.para_start, m.para_end) in covered:
            continue
        end = m.para_end
        if para is not None and para.text[end : end + 1] == "-":
            end = _compound_end(para.text, end)
        elif para is not None and not m.canonical_id and not _POSSESSIVE_END.search(m.text):
            end = _legal_end(para.text, m.para_end, by_para[m.paragraph])
            if end == m.para_end and m.label == "ORG":
                end = _head_end(para.text, end, by_para[m.paragraph])
        if end == m.para_end:
            out.append(m)
            continue
        out.append(make(para, m.para_start, end, "ORG", ""))
        covered.update((m.paragraph, a, b) for a, b in by_para[m.paragraph] if m.para_end < a < end)
    return out


#: a firm named by its partners and a word that names no one alone: "Samuel Montagu and Sons
#: Ltd", "Alex. Brown & Sons Inc", "Stifel, Nicolaus and Co Inc", "Lazard Freres et Cie"
_PARTNER_FIRM = re.compile(
    r"(?<![\w.])(?:[A-Z][\w.'’-]*,?\s+){0,3}[A-Z][\w.'’-]*\s+(?:and|&|et)\s+"
    r"(?:Sons|Son|Co\b\.?|Company|Cie|Brothers|Bros\b\.?|Partners|Associates)"
    r"(?:,?\s+(?:Inc|Ltd|LLC|LLP|Corp|plc|PLC|SA|AG|NV|Co)\b\.?)?"
)


_FIRST_WORD = re.compile(r"([\w.'’-]+),?\s+")


def partner_firms(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """A firm named by its partners and "and Sons", "& Co", "Brothers", with its legal form
    (:data:`_PARTNER_FIRM`), is one ORG in place of the pieces NER made of it ("Samuel
    Montagu" PERSON + "Sons Ltd"); a function word before the names ("The") is left out, and
    a firm that would take in a gazetteer's name is not made."""
    by_para: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_para[m.paragraph].append(m)
    drop: set[int] = set()
    added: list[Mention] = []
    for i, para in paras.items():
        if " and " not in para.text and "&" not in para.text and " et " not in para.text:
            continue
        for hit in _PARTNER_FIRM.finditer(para.text):
            s, e = hit.span()
            lead = _FIRST_WORD.match(para.text, s)
            if lead and lead.group(1).lower() in STOP_WORDS:
                s = lead.end()  # "The Smith & Sons Ltd"
            over = [m for m in by_para[i] if m.para_start < e and s < m.para_end]
            if any(m.canonical_id for m in over):
                continue
            drop.update(map(id, over))
            added.append(make(para, s, e, "ORG", ""))
    if not added:
        return list(mentions)
    out = [m for m in mentions if id(m) not in drop] + added
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


_LEAD_LOWER = re.compile(r"(?:[Tt]he\s+)?(?:[a-z][\w-]*\s+)+(?=[A-Z])")
#: an opening quotation mark (after "the") before a name whose closing one NER left out
_LEAD_QUOTE = re.compile(r"(?:[Tt]he\s+)?[\"“‘](?=[A-Z])")


def _before_title(text: str, s: int, e: int, lexicon) -> int:
    """End of a name that a title follows or ends: role words dropped ("FEMA Administrator" →
    "FEMA"), and, when a role ends the phrase, the common words between an acronym and the
    role ("US National Security Adviser" → "US"); not when only a common word would stay
    ("Prime Minister")."""
    words = list(_TOKEN.finditer(text, s, e))
    role = False
    while len(words) > 1 and is_title_word(words[-1].group()):
        words.pop()
        role = True
    if not words:
        return e
    rest = words[0].group() if len(words) == 1 else ""
    acronym = rest.isupper() and not text[s:e].isupper()  # "FEMA Administrator", not a shout
    if rest and not acronym and lexicon.is_common(rest.lower().strip(".,")):
        return e
    role = role or _before_role(text, e)
    head = words[0].group()
    tail = [w.group().lower().strip(".,") for w in words[1:]]
    if role and tail and head.isupper() and all(lexicon.is_common(w) for w in tail):
        return words[0].end()
    return words[-1].end()


_POSSESSIVE_END = re.compile(r"\w{2}['’]s$")
#: a legal form without inner dots, its period last ("Corp.", "Inc.", "Ltd.", not "N.V.")
_SENTENCE_END_FORM = re.compile(r" (?:Inc|Corp|Co|Ltd|Bros|Cos)\.$")
#: what follows a period that also ends the sentence: the paragraph's end, or a new sentence
#: (a function word, or a capitalised word then a lower-case one: "Inc. The Sanctuary", "Inc.
#: Shares rose"; not "Corp. (NASDAQ: …)", not a title run "Corp. Chief Executive Satya Nadella")
_SENTENCE_NEXT = re.compile(
    r"\s*$|\s+[\"“‘']?(?:[A-Z][\w'’-]*[,;:]?\s+[a-z]|(?:"
    + "|".join(sorted((w.capitalize() for w in STOP_WORDS if w.isalpha()), key=len, reverse=True))
    + r")\b)"
)


def _bare_used(name: str, text: str) -> bool:
    """Whether the document (``text``) writes the possessive ``name`` ("Premier League's")
    without its "'s" too: then the name is the bare one ("Lloyd's" stays)."""
    return text.count(name[:-2]) > text.count(name)


def trim_spans(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make, lexicon
) -> list[Mention]:
    """Names without the words NER put around them: lower-case words in front ("the state
    Department of Ecology" → "Department of Ecology") and an opening quotation mark whose
    closing one NER left out ('the "Pink Panthers' → "Pink Panthers"), but for people a role
    behind ("FEMA Administrator" → "FEMA", "Oliver Mayor" → "Oliver"; not when only a common
    word would stay: "Prime Minister"), a connector or lower-case words behind ("University of",
    "Police and", "Geneva/", "Ramstein air base"), the period of a legal form that also ends the
    sentence ("Amazon.com Inc." before the next sentence: the sentence's), and a possessive the
    document also writes without (:func:`_bare_used`), so that the name is found where the
    document repeats it."""
    out: list[Mention] = []
    doc_text: str | None = None  # the document's text, joined when a possessive needs it
    for m in mentions:
        para = paras.get(m.paragraph)
        if para is None or m.canonical_id:
            out.append(m)
            continue
        s, e = m.para_start, m.para_end
        lead = _LEAD_LOWER.match(para.text, s, e)
        if lead:
            s = lead.end()
        quote = _LEAD_QUOTE.match(para.text, s, e)  # 'the "Pink Panthers' → 'Pink Panthers'
        if quote and para.text.count(para.text[quote.end() - 1], s, e) == 1:
            s = quote.end()
        e = _before_lower_tail(para.text, s, e)
        if m.label != "PERSON":
            e = _before_title(para.text, s, e, lexicon)
        if para.text[e - 1 : e] == "." and _SENTENCE_END_FORM.search(para.text, s, e):
            e -= 1 if _SENTENCE_NEXT.match(para.text, e) else 0  # "… Amazon.com Inc." ends it
        if _POSSESSIVE_END.search(para.text, s, e):
            if doc_text is None:
                doc_text = "\n".join(p.text for p in paras.values())
            e -= 2 if _bare_used(para.text[s:e], doc_text) else 0
        out.append(m if (s, e) == (m.para_start, m.para_end) else make(para, s, e, m.label, ""))
    return out


#: how the name of a state's own body starts and ends: "Federal … Administration", "National
#: … Police", "Ministry of …" (a closed class: a country before them is no part of the name)
_BODY_START = word_set("Federal National State Ministry Department Interior Foreign")
_BODY_HEAD = word_set(
    "Administration Commission Board Agency Police Bureau Authority Service Office Council "
    "Ministry Department Directorate Inspectorate"
)
#: the words of a body every state has ("Foreign Ministry", "National Police", "Ministry of
#: Interior"): with its country's name it is one name, or every country's would be one entity
_PORTFOLIO = word_set(
    "Foreign Interior Internal Home Defence Defense Justice Finance Health Affairs Security "
    "Public Emergency Emergencies Situations Economy Education Police Guard Army Navy of the for "
    "and"
)
#: a country before a name: an abbreviation ("U.S.", "UK") or a nationality adjective
_COUNTRY = re.compile(
    r"(?:[Tt]he\s+)?((?:[A-Z]\.){2,3}|[A-Z]{2,3}|[A-Z][a-z]+(?:an|ese|ish|ch|i))\s+"
)


def _country_of(m: Mention, lexicon) -> re.Match[str] | None:
    """The country written before the name of one of its state's bodies (:data:`_BODY_START`,
    :data:`_BODY_HEAD`) in ``m``, or None."""
    hit = _COUNTRY.match(m.text)
    if hit is None:
        return None
    prefix, rest = hit.group(1), m.text[hit.end() :].split()
    if len(rest) < 2 or rest[0] not in _BODY_START:
        return None
    if all(w.strip(".,") in _BODY_START | _BODY_HEAD | _PORTFOLIO for w in rest):
        return None  # "Indian Foreign Ministry", "Spanish National Police": the country's own
    head = rest[rest.index("of") - 1] if "of" in rest else rest[-1]
    adjective = prefix[:1].isupper() and prefix[1:].islower()
    if adjective and prefix.lower() not in lexicon.index.get("adj", ()):
        return None
    return hit if head.strip(".,") in _BODY_HEAD else None


def split_country(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention, lexicon
) -> list[Mention]:
    """A country before the name of one of its state's bodies is a mention of its own, and the
    body one without it ("U.S. Federal Aviation Administration" → "U.S." GPE + "Federal
    Aviation Administration"): the body's name is then the one its short form elsewhere
    gives. Not a company or party named after its country ("U.S. Steel", "British Airways",
    "Scottish National Party"), nor a body every state has ("Indian Foreign Ministry",
    "Spanish National Police": without the country, India's and Pakistan's would be one)."""
    out: list[Mention] = []
    for m in mentions:
        para = paras.get(m.paragraph)
        hit = None if para is None or m.canonical_id else _country_of(m, lexicon)
        if hit is None:
            out.append(m)
            continue
        s = m.para_start + hit.start(1)
        prefix = hit.group(1)
        label = "NORP" if prefix[1:].islower() else "GPE"
        out.append(make(para, s, s + len(prefix), label, ""))
        out.append(make(para, m.para_start + hit.end(), m.para_end, m.label, ""))
    return out


_ACRONYM = re.compile(r"(?<![\w.&/-])[A-Z][A-Z&]{2,7}(?![\w&/-])")
_ROMAN = re.compile(r"[IVXLCDM]+$")
_NUMBER_NEAR = re.compile(r"\d")


def untagged_names(
    mentions: Sequence[Mention],
    paras: dict[int, Paragraph],
    heads,
    lexicon,
    skip: dict[int, list[tuple[int, int]]],
    make,
) -> list[Mention]:
    """Names NER left untagged in running text, outside headlines, bylines and credits. Places: a
    US state's abbreviation after a place or a party's letter ("SANTA CLARA, Calif.",
    "(R-Wash.)") and a name of capitalised words joined by hyphens and little words
    ("Mar-a-Lago", "Port-au-Prince"). Organisations: a stock exchange before a ticker ("(NASDAQ:
    NTSA)"), acronyms ("UKMTO", "IFRC": a word of 3-8 capitals, not a dictionary word, a time
    zone or a Roman numeral, not next to a number: a currency or a unit, "USD 40") and words
    with a capital inside ("StarBeat", "CoWoS", "FlashPoint Media" with the capitalised words
    after it; not a surname's "McAllister"), which no common word has."""
    taken = mention_spans(mentions)
    out = list(mentions)
    for i, para in paras.items():
        if i in heads or para.kind == "byline":
            continue
        spans = taken.get(i, []) + skip.get(i, [])
        found = [(s, e, "GPE") for s, e in [*_us_states(para.text), *_particle_names(para.text)]]
        found += [
            (s, e, "ORG")
            for s, e in [
                *_exchanges(para.text),
                *_acronyms(para.text, lexicon),
                *_camel_names(para.text),
            ]
        ]
        for s, e, label in found:
            if not any(a < e and s < b for a, b in spans):
                out.append(make(para, s, e, label, ""))
                spans.append((s, e))
    return out


#: a US state's abbreviation or postal code after a place and a comma ("SANTA CLARA, Calif. &",
#: "Los Angeles, CA —") or after a party's letter ("Rep. Tom Hadley (R-Wash.)")
_US_STATE = re.compile(
    r"(?:(?<=[A-Za-z], )|(?<=\([RDI]-))(?P<state>"
    + "|".join(
        re.escape(a)
        for a in sorted({*US_STATE_ABBREVIATIONS, *US_STATE_CODES}, key=len, reverse=True)
    )
    + r")(?=\s*(?:[—–,;&)|]|-{1,2}|$)|\s+\()"
)


#: capitalised words joined by hyphens and the little words of a place's name ("Mar-a-Lago",
#: "Port-au-Prince", "Stratford-upon-Avon"), which no common word is
_PARTICLE_NAME = re.compile(
    r"(?<![\w-])[A-Z][a-z]+(?:-(?:a|au|aux|de|des|du|la|le|les|sur|sous|upon|on|en|of|the|in|"
    r"by|am|an|im|bei)-[A-Z][a-z]+)+(?![\w-])"
)


def _particle_names(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the names of :data:`_PARTICLE_NAME` in ``text``."""
    return (hit.span() for hit in _PARTICLE_NAME.finditer(text))


def _us_states(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the US states of :func:`untagged_names` in ``text`` (a period that is the
    abbreviation's kept)."""
    for hit in _US_STATE.finditer(text):
        yield hit.span("state")


#: a stock exchange before a ticker in brackets ("(NASDAQ: NTSA)")
_EXCHANGE = re.compile(r"\((" + STOCK_EXCHANGES + r")\s*:\s*[A-Z]{1,5}\b")


def _exchanges(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the stock exchanges of :func:`untagged_names` in ``text``."""
    return (hit.span(1) for hit in _EXCHANGE.finditer(text))


def _acronyms(text: str, lexicon) -> Iterator[tuple[int, int]]:
    """The spans of the acronyms of :func:`untagged_names` in ``text``."""
    for hit in _ACRONYM.finditer(text):
        s, e = hit.span()
        word = hit.group()
        if _ROMAN.match(word):
            continue
        low = word.lower()
        if word in time_zones() or low in STOP_WORDS or lexicon.is_common(low.strip("&")):
            continue
        if not _NUMBER_NEAR.search(text[max(0, s - 3) : s] + text[e : e + 3]):
            yield s, e


#: a word with a capital inside ("StarBeat", "CoWoS", "eBay"), not a handle, a path, a file
#: name or a surname's prefix ("McAllister", "DeSantis"), without digits ("GeoFan77")
_CAMEL = re.compile(
    r"(?<![\w@#/.:&-])(?!(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|O)[A-Z])"
    r"(?:[A-Z][a-z]+[A-Z][A-Za-z]*|[a-z][A-Z][A-Za-z]+)(?![\w@/&-]|[.:][A-Za-z])"
)
#: capitalised words right after a name (one space before each): the rest of it ("Media")
_CAPITALISED_AFTER = re.compile(r"(?: [A-Z][a-z]+)+")


def _camel_names(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the names with a capital inside of :func:`untagged_names` in ``text``,
    with the capitalised words after them that are no function words."""
    for hit in _CAMEL.finditer(text):
        s, e = hit.span()
        after = _CAPITALISED_AFTER.match(text, e)
        if after:
            words = after.group().split()
            k = next((j for j, w in enumerate(words) if w.lower() in STOP_WORDS), len(words))
            e += len(" ".join(words[:k])) + (1 if k else 0)
        yield s, e


def widen_to_names(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], heads: Collection[int], make
) -> list[Mention]:
    """A name of two words or more that the document's body gives as a mention is one mention
    wherever the body writes it and NER tagged only parts of it ("Madrid" in "Real Madrid",
    "Spirit" in "Spirit AeroSystems", "Boeing 737" + "Max 9" in "Boeing 737 Max 9"): the parts
    give way to the name (its label and id). Not where a mention runs past the name."""
    names = _names([m for m in mentions if " " in m.text.strip() and m.paragraph not in heads])
    if not names:
        return list(mentions)
    by_para: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_para[m.paragraph].append(m)
    drop: set[int] = set()
    added: list[Mention] = []
    parts = {w for n in names for w in n.split()}
    for i, ms in by_para.items():
        para = paras.get(i)
        if para is None or i in heads or para.kind == "byline":
            continue
        if not any(m.text.split()[0] in parts and m.text not in names for m in ms if m.text):
            continue  # no mention that may be part of a longer name
        present = [n for n in names if n in para.text]
        for s, e, name in occurrences(para.text, present) if present else ():
            inner = [m for m in ms if s <= m.para_start and m.para_end <= e]
            if not inner or any((m.para_start, m.para_end) == (s, e) for m in inner):
                continue
            inside = set(map(id, inner))
            if any(m.para_start < e and s < m.para_end for m in ms if id(m) not in inside):
                continue  # a mention runs past the name: leave the spans as they are
            drop |= inside
            added.append(make(para, s, e, *names[name]))
    if not added:
        return list(mentions)
    out = [m for m in mentions if id(m) not in drop] + added
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out

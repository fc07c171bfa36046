"""Text utilities every stage shares: one ASCII folding, one set of name suffixes.

:func:`ascii_fold` is the single accent/case folding of the project (names, words, ids,
file-name slugs all build on it), so two stages can never fold the same text differently.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from importlib import resources

#: generational suffixes of personal names, as written ("Jr.") and folded ("jr")
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def ascii_fold(text: str, casefold: bool = True) -> str:
    """``text`` with accents dropped (NFKD, non-ASCII removed), case-folded unless told not to."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.casefold() if casefold else text


# --- names ---------------------------------------------------------------------------------


def word_set(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` as a set (word lists written as prose)."""
    return frozenset(text.split())


#: legal forms of companies (and clubs: "F.C."; a holding company's "Holdings"), folded
#: ("Corp." → "corp", "N.V." → "n v"): dropped from the end of a name by :func:`fold_name_key`
#: when asked, so "Microsoft Corp." meets "Microsoft"
LEGAL_SUFFIXES = word_set(
    "inc incorporated corp corporation co ltd limited plc llc llp lp ag sa se nv bv gmbh "
    "spa srl sarl oyj asa ab kk pjsc ojsc pte pty fc cf afc holdings holding"
)
#: honorifics and ranks written before a name, folded, with or without a period ("Dr", "Dr."),
#: with the military ranks' abbreviations (US/NATO forms: "Brig.", "Cdre", "Pfc.") and "Atty."
HONORIFICS = word_set(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr hon sen rep gov amb gen lt col maj "
    "capt cpt cmdr cdr adm sgt cpl pvt insp det supt brig cdre ens pfc spc atty dsupt"
)
#: offices written as capitals before a name, matched as written (not "Ada", "Da Silva"): a
#: district attorney and an assistant one ("DA", "ADA"), an assistant US attorney ("AUSA"), UK
#: police ranks that are no other common short form ("WPC", "DCI"; not "PC", "DC", "DS")
TITLE_ACRONYMS = frozenset({"DA", "ADA", "AUSA", "WPC", "DCI"})
#: words that name a role or office: a name after them is a person's; a capitalised word
#: before them is often part of the title ("Defense Secretary", "Kutaisi Mayor")
ROLE_WORDS = word_set(
    "president vice minister premier chancellor secretary undersecretary adviser advisor "
    "spokesperson spokesman spokeswoman chair chairman chairwoman chairperson chief director "
    "administrator commissioner governor mayor senator representative congressman "
    "congresswoman lawmaker mp mep councillor councilor councilman councilwoman ambassador "
    "envoy diplomat general admiral colonel captain commander lieutenant sergeant "
    "corporal marshal brigadier commodore ensign airman "
    "sheriff deputy inspector detective superintendent constable officer "
    "judge justice magistrate prosecutor attorney counsel lawyer solicitor barrister "
    "advocate procurator coroner bailiff clerk ombudsman registrar notary "
    "ceo cfo coo cto executive founder cofounder co-founder owner manager coach organizer "
    "organiser coordinator leader boss professor doctor king queen prince princess emperor "
    "sultan emir sheikh pope patriarch catholicos archbishop bishop cardinal rabbi imam "
    "reverend pastor analyst economist historian researcher scientist seismologist "
    "meteorologist forecaster striker midfielder defender goalkeeper winger correspondent "
    "reporter editor journalist columnist photographer singer rapper actor actress pilot "
    "nurse provost rector trustee delegate"
)
#: the same written with dots between letters, folded ("S.A." → "s a", "L.P." → "l p")
_DOTTED_SUFFIX = re.compile(r"(?:\s(?:n v|s a|b v|l p|s e|a g|s p a|p l c|l l c|f c|c f))+$")
_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_OWNER = re.compile(r"['’]s?$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_possessive(text: str) -> str:
    """``text`` without outer white space and a trailing possessive ("Rutte's " → "Rutte",
    "Reuters’" → "Reuters")."""
    return _OWNER.sub("", text.strip())


@functools.lru_cache(maxsize=1 << 16)
def fold_name_key(text: str, legal_suffixes: bool = False) -> str:
    """The one name folding of the project: possessive, case, accents, punctuation and a
    leading "the" dropped ("the Kremlin's" → "kremlin", "Zelenskyy" → "zelenskyy"); with
    ``legal_suffixes`` also a company's legal form at the end ("Microsoft Corp." →
    "microsoft", "Nortessa Semiconductor N.V." → "nortessa semiconductor"). Doubled letters
    are kept: ids made from it keep the spelling ("jake-sullivan")."""
    t = _POSSESSIVE.sub("", text.strip())
    t = _NON_ALNUM.sub(" ", ascii_fold(t)).strip()
    if t.startswith("the "):
        t = t[4:]
    if legal_suffixes:
        words = _DOTTED_SUFFIX.sub("", t).split()
        while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
            words.pop()
        while len(words) > 1 and words[-1] == "and":  # "Smith and Co" → "smith"
            words.pop()
        t = " ".join(words)
    return t


def is_title_word(word: str) -> bool:
    """A role or honorific as written before a name ("Mayor", "Dr", "Dr.", "Sgt",
    "Catholicos-Patriarch")."""
    if word.rstrip(".,:") in TITLE_ACRONYMS:
        return True
    w = word.rstrip(".,:").casefold()
    if w in ROLE_WORDS or w in HONORIFICS:
        return True
    parts = w.split("-")
    return len(parts) > 1 and all(p in ROLE_WORDS or p in HONORIFICS for p in parts)


def strip_titles(text: str) -> str:
    """``text`` without the titles in front of a name ("President Biden" → "Biden", "German
    Chancellor Olaf Scholz" → "Olaf Scholz", "Dr Sanjay Gupta" → "Sanjay Gupta"); unchanged
    when there is none, or nothing would be left."""
    words = text.split()
    i = 1 if len(words) > 2 and not is_title_word(words[0]) and is_title_word(words[1]) else 0
    j = i
    while j < len(words) - 1 and is_title_word(words[j]):
        j += 1
    return " ".join(words[j:]) if j > i else text


def name_slug(text: str, legal_suffixes: bool = False) -> str:
    """``text`` folded by :func:`fold_name_key`, words joined by hyphens ("Jake Sullivan" →
    "jake-sullivan"); "" when nothing is left."""
    return fold_name_key(text, legal_suffixes).replace(" ", "-")


# --- sentences -----------------------------------------------------------------------------
# A sentence ends at . ! ? (or …), after any closing quotes and brackets, before white space and
# a character that can start a sentence (not a lower-case letter, which follows abbreviations:
# "approx. ten"). The period of an abbreviation or an initial does not end a sentence: titles
# and other abbreviations written with a period ("Gen.", "Dr.", "No.", "Jan."), single-letter
# initials ("Donald J. Trump") and dotted acronyms ("U.S.", "a.m."), which Punkt-style splitters
# treat the same way.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+(?![a-z])\S|\s*$)")
_ABBREVIATION_WORDS = (
    "mr mrs ms mx dr prof sr jr st mt ft gen lt col maj capt cpt sgt cpl pvt adm "
    "cmdr cdr gov sen rep pres sec amb rev hon fr messrs esq no nos vol pp fig "
    "approx est dept univ inc corp ltd co bros vs etc al jan feb mar apr jun jul aug "
    "sep sept oct nov dec mon tue tues wed thu thurs fri sat sun"
)
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_LAST_WORD = re.compile(r"(\w+(?:\.\w+)*)\.?[\"'”’»)\]]*$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period before ``end`` closes an abbreviation, an initial or an acronym."""
    m = _LAST_WORD.search(text, max(0, end - 40), end)
    if m is None or text[end - 1 : end] == "" or "." not in text[m.start() : end]:
        return False
    word = m.group(1)
    if "." in word:  # dotted acronym: U.S., a.m., e.g.
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "J." (or a list letter)
        return True
    return word.casefold() in ABBREVIATIONS


@functools.lru_cache(maxsize=1 << 14)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` of every sentence of ``text`` (white space around them left out)."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, end):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return tuple(out)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[s:e] for s, e in sentence_spans(text)]


@functools.lru_cache(maxsize=256)
def _sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """The starts and the ends of :func:`sentence_spans` (both ascending: sentences do not
    overlap), for a search by bisection."""
    spans = sentence_spans(text)
    return [s for s, _ in spans], [e for _, e in spans]


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``[start, end)`` (several, when the span crosses a
    boundary), by the one splitter every stage uses. Found by bisection: a long text asked for
    many spans is not read once per span."""
    starts, ends = _sentence_bounds(text)
    i = bisect.bisect_right(ends, start)  # the first sentence ending after ``start``
    j = bisect.bisect_left(starts, end) - 1  # the last one starting before ``end``
    if i >= len(ends) or j < 0:
        return text.strip()
    return text[min(starts[i], start) : max(ends[j], end)].strip()


# --- what a reader sees ----------------------------------------------------------------------
#: categories of characters that show nothing: controls, format characters (zero-width space
#: and joiners, BOM, soft hyphen, direction marks) and separators (NBSP among them)
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def has_visible_text(text: str) -> bool:
    """Whether ``text`` holds a character a reader sees (a file of NBSP and zero-width spaces
    does not)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE for ch in text)


#: control characters a terminal obeys (ESC sequences, BEL, BS, C1 controls, DEL) and the
#: explicit direction controls that reorder what follows them (right-to-left override, …)
_DISPLAY_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """``text`` without the characters that act instead of showing: C0/C1 controls but tab,
    newline and carriage return, DEL, and the bidirectional embeddings, overrides and isolates
    (U+202A–U+202E, U+2066–U+2069: an override makes a title read backwards). For text shown
    to people (titles, the report); the tables keep the source's characters."""
    return _DISPLAY_CONTROLS.sub("", text)


# --- long texts in pieces ----------------------------------------------------------------------
#: longest paragraph the stages after normalise see (normalise cuts longer ones, extract cuts
#: NER spans again): spaCy refuses texts over 1,000,000 characters (E088), and several steps
#: take time that grows faster than a paragraph's length
PIECE_CHARS = 10_000
_PIECE_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_PIECE_SPACE = re.compile(r"\s+")


def text_pieces(
    text: str, most: int, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """``[start, end)`` spans that cover ``text[start:end]`` in order, each at most ``most``
    characters: a piece ends after the last sentence end in its last quarter, else after its
    last white space there, else at ``most`` characters (a word that long). For steps whose
    work grows faster than a text's length (NER, the paragraph-level ones)."""
    end = len(text) if end is None else end
    spans = []
    while end - start > most:
        low, high = start + most * 3 // 4, start + most
        cut = high
        for pattern in (_PIECE_SENTENCE_END, _PIECE_SPACE):
            ends = [m.end() for m in pattern.finditer(text, low, high)]
            if ends:
                cut = ends[-1]
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


@functools.cache
def news_synonym_sets() -> tuple[tuple[str, ...], ...]:
    """The word sets of ``data/news_synonyms.tsv``, one a line, its first word standing for
    the set ("kill killed dead …"): read once for extract and merge."""
    text = resources.files("sourcebook").joinpath("data", "news_synonyms.tsv").read_text("utf-8")
    return tuple(
        tuple(line.split())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )

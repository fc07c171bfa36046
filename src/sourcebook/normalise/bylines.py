"""Bylines: who wrote a news text, checked to be people.

:func:`person_name` accepts a string only when it has the shape of a personal name (two to
five capitalised words, particles such as "de" or "van" allowed, no function words, no words
that name desks, roles, media or organisations) and returns it in normal case ("RUTH ANN
PELLETIER" → "Ruth Ann Pelletier"). :func:`parse_byline` reads a byline line ("By A and B",
"By A, Reuters", "A | AFP", "Words by A", "A in Athens", "By Staff Reporter") into its authors
and the outlet it credits; :func:`credit_authors` reads Reuters-style trailers ("Reporting by
A and B; Editing by C": A and B). An outlet is never an author.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from sourcebook.core.text import NAME_SUFFIXES, word_set
from sourcebook.normalise.outlets import MASTHEAD_WORDS, ORG_WORDS, capitalised

#: lower-case words that may stand inside a name ("Ursula von der Leyen", "Ali bin Said")
PARTICLES = word_set(
    """de del della der den di da das do dos du la le van von ter ten al el bin ibn ben bint zu af
    av y e st. st"""
)

#: function words never part of a personal name (a line holding one is a phrase, not a name)
_FUNCTION_WORDS = word_set(
    """a an the and or nor but of in on at to for from with without by via into onto over under
    above below about after before between through during against among as is are was were be
    been being am has have had do does did will would shall should can could may might must not
    no yes this that these those it its he she they we you i me my our your his her their them
    who whom whose which what when where why how all any each every some more most other such
    only own same than too very just also now then here there out up down off again once says
    said say new our"""
) - {"will", "may"}

#: words that make a phrase a desk, a role, a medium, an organisation or a heading, not a person
_NON_NAME = word_set(
    """staff staffer writer writers reporter reporters correspondent correspondents editor editors
    editorial desk team bureau newsroom news service services agency agencies wire wires press
    media network online digital times post daily weekly journal herald tribune gazette
    chronicle review magazine radio television tv channel world international national global
    group office ministry department government council committee commission parliament house
    court police army university institute foundation centre center association union party
    company corporation inc ltd llc plc bank federal state city county republic kingdom united
    nations european update updated published posted live latest breaking exclusive analysis
    opinion comment photo photos photograph photography video graphics contributor contributors
    special senior chief political foreign business sports sport economics reporting writing
    editing additional compiled author authors byline courier ledger observer independent
    telegraph examiner monitor sentinel register express standard inquirer bulletin dispatch
    today echo beacon leader globe mail advocate citizen guardian spectator insider digest
    report reports statement release briefing room summary explainer explained analysis podcast
    newsletter subscribe subscribers sign share read more minutes min january february march
    april june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday secretary minister president spokesperson spokesman
    spokeswoman general officials staffers user users admin administrator owner"""
)
NON_NAME_WORDS = _NON_NAME | MASTHEAD_WORDS | ORG_WORDS

#: words that make a byline piece a desk or a role ("Staff and agencies", "Senior
#: Correspondent", "Ledger Staff Writer"): no person, but no reason to doubt the byline either
DESK_WORDS = word_set(
    """staff staffer staffers writer reporter reporters correspondent correspondents editor
    editors desk team bureau newsroom service agencies agency wires contributor contributors
    columnist"""
)
#: words of an author's role or affiliation ("Senior Lecturer in Hydrology, University of
#: Leeds"): a piece holding one is no person and no reason to doubt the byline
ROLE_WORDS = word_set(
    """professor lecturer fellow director researcher scientist economist analyst chair head
    dean associate assistant candidate student professeur expert adviser advisor consultant
    university institute school college department centre center faculty lab laboratory"""
)

_GLUE = frozenset({"of", "in", "for", "and", "the", "at", "on", "de"})
_STRAY_DOT = re.compile(r"(?<=[^\W\d_]{3})\.(?=\s)")  # "Yaroslava. Hnatiuk" (OCR)
_HONORIFICS = re.compile(r"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame|Lord|Lady|Rev|Fr)\.?\s+)+")
_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$")
_INITIAL = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_]$")


def normal_case(name: str) -> str:
    """A name written in capitals in normal case; a name in mixed case as written, with its
    capitalised tokens ("Lucie PERRAULT") fixed."""
    tokens = name.split()
    return " ".join(
        capitalised(t) if t.isupper() and len(t.strip(".")) > 1 and not _INITIAL.match(t) else t
        for t in tokens
    )


def _key(token: str) -> str:
    return token.strip(".,'’").casefold()


@functools.lru_cache(maxsize=8192)
def person_name(text: str) -> str:
    """``text`` as a personal name in normal case, or ``""`` when it has no name's shape."""
    text = " ".join(text.strip(" ,;:|·•-–—*_‘’“”'\"").split())
    text = _HONORIFICS.sub("", text)
    if not text or len(text) > 60 or any(c.isdigit() or c in "@#/\\()[]{}<>=+&|:" for c in text):
        return ""
    if not text.isupper() and any(_is_acronym(t) for t in text.split()[:-1]):
        return ""  # "TOI News Desk", "NATO Support": an acronym before the last word
    name = normal_case(_STRAY_DOT.sub("", text))
    tokens = name.split()
    core = [t for t in tokens if t.casefold() not in PARTICLES and _key(t) not in NAME_SUFFIXES]
    if not 2 <= len(core) <= 5 or len(tokens) > 6:
        return ""
    if not all(_TOKEN.match(t) for t in tokens) or all(_INITIAL.match(t) for t in core):
        return ""
    if not all(t[0].isupper() for t in core) or tokens[-1].casefold() in PARTICLES:
        return ""
    if any(_key(t) in _FUNCTION_WORDS or _key(t) in NON_NAME_WORDS for t in tokens):
        return ""
    return name


def _is_acronym(token: str) -> bool:
    """A short all-capitals token that is no initial ("TOI", "NATO"; not "J.")."""
    bare = token.strip(".,")
    return bare.isupper() and 2 <= len(bare) <= 4 and not _INITIAL.match(token)


def is_desk(text: str) -> bool:
    """A byline piece naming a desk, a role or an affiliation, no person ("Staff", "Senior
    Correspondent", "University of Leeds"): a desk or role word in a short or capitalised
    phrase (not a headline that mentions a service)."""
    raw = text.split()
    words = [_key(w) for w in raw]
    short = len(words) <= 4 or all(w[:1].isupper() or _key(w) in _GLUE for w in raw)
    return 0 < len(words) <= 8 and short and any(w in DESK_WORDS or w in ROLE_WORDS for w in words)


# --- byline lines ---------------------------------------------------------------------------

# "By" then a name, a desk ("By the Associated Press", "by our reporter", "by staff"); not "By
# now you will have seen …", "By contrast": a lower-case word other than those opens a sentence

_MARKER = re.compile(
    r"(?i)^\W{0,3}(?:(?:(?:an?\s+)?(?:commentary|analysis|opinion|column|essay|feature|review|"
    r"explainer)\s+)?(?:words|written|compiled|reported|report|story|text|interview|reporting|"
    r"additional reporting)?\s*by\b(?!\s+(?-i:(?!(?:the|our|an?|staff)\b)[a-z]))"
    r"|(?:authors?|text|words|byline|writer|reporter|"
    r"written by|reported by)\s*[:\-–—]|(?:par|von|door|por|di|av|af)\s+(?=[A-Z]))\s*"
)
_OUTLET_BY = re.compile(r"^(?P<outlet>[^\W\d][^|·•]{1,58}?)\s+(?=[Bb]y\s+[A-Z])")
_PARENS = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]")
_SEGMENTS = re.compile(r"\s+[|·•—–]\s+|\s*\|\s*|\s+-\s+")
_PIECES = re.compile(r"\s*;\s*|\s*,\s*(?:with\s+)?|\s+(?:and|&|und|et|y|with)\s+")
_IN_PLACE = re.compile(r"\s+(?:in|from|at)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}$")
_FOR_OUTLET = re.compile(r"\s+for\s+(?P<outlet>(?:the\s+)?[A-Z].{1,50})$")


@dataclass(frozen=True)
class Byline:
    """A byline's authors (people only) and the outlet it credits, if any."""

    authors: tuple[str, ...]
    outlet: str = ""
    explicit: bool = False  # opened by "By", "Author:", "Words by" …


def parse_byline(
    text: str, outlet_of: Callable[[str], str], explicit_only: bool = False
) -> Byline | None:
    """The byline in ``text``, or None when the line is not one.

    ``outlet_of`` names the known outlet a piece of text is (``""`` if none). A line opened by a
    byline marker ("By …") is a byline even when it credits no person ("By Staff Reporter");
    a line without one is a byline only when every piece of it is a person or an outlet and at
    least one is a person ("Jane Doe | AFP", "Elke Brandhorst | Jan Meyer-Krahl").
    """
    text = " ".join(text.split())
    if len(text) > 160 or text.endswith(("?", "!")):
        return None
    m = _MARKER.match(text)
    credited = _OUTLET_BY.match(text) if m is None else None
    if credited and outlet_of(credited["outlet"]):  # "Kyiv Independent by Jane Doe"
        found = parse_byline(text[credited.end("outlet") :], outlet_of, explicit_only=True)
        if found is not None:
            return Byline(found.authors, outlet_of(credited["outlet"]), explicit=True)
    if m is None and (explicit_only or text.endswith(".")):
        return None
    rest = _PARENS.sub("", text[m.end() :] if m else text).strip(" .,;")
    authors: list[str] = []
    outlet = ""
    unknown = 0
    for i, segment in enumerate(_SEGMENTS.split(rest)):
        for piece in _pieces(segment):
            piece, tail_outlet = _outlet_tail(piece, outlet_of)
            outlet = outlet or tail_outlet
            known = outlet_of(piece)
            name = "" if known else person_name(piece)
            if name and name not in authors:
                authors.append(name)
            elif known:
                outlet = outlet or known
            elif not name and not is_desk(piece) and (i == 0 or m is None):
                unknown += 1
    if m is not None:
        return Byline(tuple(authors), outlet, explicit=True)
    desk = any(is_desk(p) and not outlet_of(p) for p in _pieces(rest))
    if not unknown and (authors or desk):
        return Byline(tuple(authors), outlet)  # people, or only a desk: "Staff and agencies"
    return None


def _outlet_tail(piece: str, outlet_of: Callable[[str], str]) -> tuple[str, str]:
    """A byline piece with a known outlet at its end split off ("DANA WHITFIELD The
    Associated Press" → ("DANA WHITFIELD", "Associated Press")); else (piece, "")."""
    words = piece.split()
    for k in range(min(4, len(words) - 2), 0, -1):
        outlet = outlet_of(" ".join(words[-k:]))
        if outlet:
            return " ".join(words[:-k]), outlet
    return piece, ""


def _pieces(segment: str) -> list[str]:
    """The names of one byline segment: split at commas, "and", "&"; places ("in Athens") and
    outlets ("for the Guardian") cut off into pieces of their own."""
    out: list[str] = []
    for piece in _PIECES.split(segment):
        piece = piece.strip(" .")
        if not piece:
            continue
        m = _FOR_OUTLET.search(piece)
        if m:
            out.extend([piece[: m.start()], m.group("outlet")])
            continue
        out.append(_IN_PLACE.sub("", piece))
    return [p for p in out if p.strip()]


_CREDIT = re.compile(
    r"(?i)\b(?P<role>(?:additional\s+)?reporting|writing|written|reported|compiled|editing|"
    r"edited|graphics|photos?|translat\w+|fact[- ]checking|production)\s+by\s+"
    r"(?P<names>[^;()]+)"
)
_AUTHOR_ROLES = ("reporting", "additional reporting", "writing", "written", "reported", "compiled")


def credit_authors(text: str, outlet_of: Callable[[str], str]) -> list[str]:
    """The reporters and writers a credit line names ("Reporting by A and B in Kyiv;
    Additional reporting by C; Editing by D" → A, B, C); editors, photographers and
    translators are not authors."""
    authors: list[str] = []
    for m in _CREDIT.finditer(text):
        role = " ".join(m.group("role").lower().split())
        if role not in _AUTHOR_ROLES:
            continue
        for piece in _pieces(m.group("names").strip(" .")):
            name = "" if outlet_of(piece) else person_name(piece)
            if name and name not in authors:
                authors.append(name)
    return authors

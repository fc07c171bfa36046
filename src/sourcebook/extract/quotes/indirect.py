"""Quotes, step 3: indirect speech — a speech verb with a subject and a reported clause,
"according to X", a headline ending "…, X says" and "Name: …" headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sourcebook.core.text import word_set
from sourcebook.extract.quotes.lexicon import (
    ACCORDING,
    ADDRESSEE,
    ADJACENT,
    BE,
    CUE_LEMMA,
    DATELINE,
    DETERMINERS,
    MANNER,
    NAMING,
    PREPOSITIONS,
    REPORTING,
    STOP_BACK,
    TIME,
)
from sourcebook.extract.quotes.marks import Piece, trim_end
from sourcebook.extract.quotes.paragraphs import Found, Para, Speaker
from sourcebook.extract.quotes.subjects import (
    cue_at,
    modifies_noun,
    sentence_subject,
    skip_aux_back,
    subject_after,
    subject_before,
)

#: ", U.S. and NATO officials said." closing a clause another verb reports
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:[\w’'.-]+\s+){0,6}?(?:"
    + "|".join(sorted((f for f, lemma in CUE_LEMMA.items() if lemma in REPORTING), key=len)[::-1])
    + r")\b(?=\s*(?:[.,;]|$))"
)

#: verbs whose content is an infinitive ("urged residents to sign up", "vowed to fight")
_DIRECTIVE = word_set("urge warn vow pledge promise ask tell threaten")

#: verbs whose infinitive is what was said ("vowed to fight on")
_COMMISSIVE = word_set("vow pledge promise threaten")

#: where a statement is made ("said in a statement", "told a press conference")
_SETTINGS = word_set("statement interview conference briefing post speech letter email release")

_NOT_CLAUSE = word_set("to for about of on with by against")

#: a second reported clause of the same verb: "said A and that B"
_AND_THAT = re.compile(r",?\s+(?:and|but)\s+that\s+")

#: a speaker's request for anonymity
_NOT_NAMED = re.compile(r"\bnot (?:to )?be (?:named|identified|used|quoted)\b")

#: words linking a reported clause to what follows it
_LINK = re.compile(r",?\s+(?:and|but)\s+|,\s+(?:as|while)\s+")


def _clause_end(p: Para, start: int, stop: int) -> int:
    """End of a reported clause: the sentence end, or a following ", X said" / "according to"
    attribution."""
    for pattern in (ACCORDING, _TRAILING_ATTRIBUTION):
        cut = pattern.search(p.text, start, stop)
        if cut:
            stop = cut.start()
    return trim_end(p.text, stop)


def _clause(p: Para, start: int, end: int) -> tuple[int, int] | None:
    """A reported clause of at least four words, clear of quote marks (quotes inside it are
    reported as partial quotes)."""
    text = p.text[start:end]
    trimmed = text.rstrip(" ,;:.—–-")
    lead = len(text) - len(text.lstrip(" ,"))
    s, e = start + lead, start + len(trimmed)
    if e - s < 10 or len(p.text[s:e].split()) < 4:
        return None
    first = p.text[s:e].split()[:2]
    subordinate = first[0] == "even" and first[1:] and first[1] in STOP_BACK
    if first[0].lower() in STOP_BACK - {"that", "to", "not"} or subordinate:
        return None  # "…, X said, even though …": no clause of hers
    if _quotes_in(p, s, e):
        return None
    return s, e


def _quotes_in(p: Para, s: int, e: int) -> list[int]:
    """Starts of the quotes overlapping ``text[s:e]`` that report someone's words (not terms
    defined in parentheses, nicknames or names: "what staff called ‘ghost accounts’")."""
    return [qs for qs, qe in p.quoted if qs < e and s < qe and qs in p.spoken]


def _clause_after(p: Para, j: int, cue: str) -> int | None:
    """Where the clause reported by the speech verb at token ``j`` starts ("that" skipped, an
    addressee skipped after "told", an adverbial before a comma skipped)."""
    sent_end = p.sentence(p.tokens[j][0])[1]
    k = j + 1
    for i in range(j + 1, min(j + 13, len(p.tokens))):
        tok = p.tokens[i][2]
        if p.tokens[i][0] >= sent_end or tok in ".;:!?":
            break
        if tok == "that":
            return p.tokens[i][1]
        if tok in ("and", "but") or cue_at(p, i):  # "said A and that B"; another verb's "that"
            break
    if k >= len(p.tokens) or p.tokens[k][0] >= sent_end or p.tokens[k][2] == "by":
        return None  # nothing, or a passive: "the measures announced by X"
    if cue in ADDRESSEE:
        objs = [m for m in p.mentions if m.para_start == p.tokens[k][0]]
        if objs:
            k = p.token_at(objs[0].para_end)
        elif p.tokens[k][2].lower() in DETERMINERS:
            k += 2
        elif p.tokens[k][2].islower() and p.tokens[k][2] not in _NOT_CLAUSE:
            k += 1  # "told reporters", not "told of"
    while k < len(p.tokens) and p.tokens[k][2].endswith("ly") and p.tokens[k][2].islower():
        k += 1  # "spoke vaguely of": the adverb is no clause
    negated = k + 1 < len(p.tokens) and p.tokens[k][2] == "not" and p.tokens[k + 1][2] == "to"
    directive = k < len(p.tokens) and cue in _DIRECTIVE and (p.tokens[k][2] == "to" or negated)
    k = _past_adverbial(p, k) if not directive else k
    if (
        k < len(p.tokens)
        and not directive
        and (p.tokens[k][2] in PREPOSITIONS or p.tokens[k][2].lower() in TIME)
    ):
        comma = next(
            (i for i in range(k, min(k + 9, len(p.tokens))) if p.tokens[i][2] == ","), None
        )
        if comma is None or p.tokens[comma][0] >= sent_end:
            return None
        k = comma + 1
    if k >= len(p.tokens):
        return None
    after = p.tokens[k + 1][2] if k + 1 < len(p.tokens) else ""
    about = p.tokens[k][2] == "about" and after[:1].isdigit()  # "said about 34,000 homes"
    infinitive = cue in _DIRECTIVE and p.tokens[k][2] == "to"
    if p.tokens[k][2].lower() in _NOT_CLAUSE and not infinitive and not about:
        return None
    return p.tokens[k][0]


def _past_adverbial(p: Para, k: int) -> int:
    """Token index after a short time or setting adverbial at token ``k`` ("on Tuesday", "in
    a statement", "last week,"), else ``k``."""
    if k >= len(p.tokens):
        return k
    low = p.tokens[k][2].lower()
    if low not in PREPOSITIONS and low not in TIME and low != "last":
        return k
    for i in range(k, min(k + 5, len(p.tokens))):
        word = p.tokens[i][2].lower()
        if word in TIME or word in _SETTINGS or word[:1].isdigit():
            i += 1
            while i < len(p.tokens) and (
                p.tokens[i][2] in (",", ")") or p.tokens[i][2][:1].isdigit()
            ):
                i += 1
            return i
        if p.tokens[i][2] in ",.;:":
            return k
    return k


def _reported_before(p: Para, j: int, cue: str) -> list[tuple[Speaker, int, int]]:
    """``X said (that) CLAUSE``: [(speaker, clause start, clause end)] (two clauses for "said
    A and that “B” …"); the second of two verbs ("X said … and urged …") takes the sentence's
    subject."""
    speaker = subject_before(p, j)
    if speaker is None and j > 0 and p.tokens[skip_aux_back(p, j)][2] in ("and", "but"):
        speaker = sentence_subject(p, p.tokens[j][0], ())
    if speaker is None:
        return []
    start = _clause_after(p, j, cue)
    if start is None:
        return []
    end = _clause_end(p, start, p.sentence(start)[1])
    return [
        (speaker if i == 0 else replace(speaker), *c) for i, c in enumerate(_clauses(p, start, end))
    ]


def _clauses(p: Para, start: int, end: int) -> list[tuple[int, int]]:
    """The reported clause ``text[start:end]``, or when quote marks are in it, its parts
    linked by "and that" clear of them ("said A and that “B”": A), else its part before the
    last link word ahead of the quote ("told analysts A and would consider “B”": A)."""
    whole = _clause(p, start, end)
    inside = _quotes_in(p, start, end)
    if whole is not None or not inside:
        return [whole] if whole else []
    cuts = [(m.start(), m.end()) for m in _AND_THAT.finditer(p.text, start, end)]
    if not cuts:
        links = list(_LINK.finditer(p.text, start, min(inside)))
        cuts = [(links[-1].start(), end)] if links else []
    bounds = [start, *(x for c in cuts for x in c), end]
    parts = (_clause(p, a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True))
    return [c for c in parts if c]


def _reported_after(p: Para, j: int) -> tuple[Speaker, int, int] | None:
    """``CLAUSE, X said.`` or ``CLAUSE, said X.``: (speaker, clause start, clause end)."""
    s, e = p.sentence(p.tokens[j][0])
    speaker = subject_after(p, j + 1) if j > 0 and p.tokens[j - 1][2] == "," else None
    if speaker is not None and ", " in (subject_before(p, j) or speaker).text:
        speaker = None  # "X, the minister, said …": the subject comes before
    if speaker is not None and _attribution_ends(p, p.token_at(speaker.end), e):
        comma = p.tokens[j - 1][0]
    else:
        speaker = subject_before(p, j)
        if speaker is None:
            return None
        k = p.token_at(speaker.start) - 1
        if k < 0 or p.tokens[k][2] != "," or not _attribution_ends(p, j + 1, e, loose=True):
            return None
        if _OBJECT_RELATIVE.search(speaker.text):
            return None  # "…, a charge the company denied": the object of another's words
        comma = p.tokens[k][0]
    start = s + (DATELINE.match(p.text[s:e]).end() if DATELINE.match(p.text[s:e]) else 0)
    clause = _clause(p, start, comma)
    return (speaker, *clause) if clause else None


#: a noun followed by another noun phrase: "a charge the company (denied)" (not a preposition's
#: object: "officials briefed on the plan")
_OBJECT_RELATIVE = re.compile(
    r"\b(?!(?:"
    + "|".join(
        PREPOSITIONS
        | word_set(
            "of for about against over under into across among near inside outside than like"
        )
    )
    + r") )[a-z]+ (?:the|a|an) "
)


def _attribution_ends(p: Para, k: int, sent_end: int, loose: bool = False) -> bool:
    """After "…, X said" the sentence or clause ends, maybe after a time or setting adverbial
    ("on Tuesday", "in a statement"); ``loose`` (after "X said", not "said X"): also after an
    addressee of "told" ("told AFP", "told reporters") or any short prepositional phrase ("in a
    memo to staff", "after the summit"); never before a "that" or another speech verb."""
    if loose and k < len(p.tokens) and CUE_LEMMA.get(p.tokens[k - 1][2]) in ADDRESSEE:
        k = _past_addressee(p, k, sent_end)
    if k >= len(p.tokens) or p.tokens[k][0] >= sent_end or p.tokens[k][2] in ".,;!?—–":
        return True
    first = p.tokens[k][2].lower()
    if (first not in PREPOSITIONS and first not in TIME) or (loose and first == "to"):
        return False
    timely = loose
    for i in range(k, min(k + 9, len(p.tokens))):
        tok = p.tokens[i]
        if tok[0] >= sent_end or (tok[2] in ".,;!?—–" and i > k):
            return timely
        low = tok[2].lower()
        timely = timely or low in TIME or low[:1].isdigit() or low in _SETTINGS
        if tok[2] == "that" or cue_at(p, i):
            return False
    return False


def _past_addressee(p: Para, k: int, sent_end: int) -> int:
    """Token index after the addressee starting at token ``k`` (a run of capitalised words,
    or a lower-case noun phrase of up to three words)."""
    first = k
    capital = p.tokens[k][2][:1].isupper()
    while k < len(p.tokens) and p.tokens[k][0] < sent_end and k < first + (6 if capital else 3):
        tok = p.tokens[k][2]
        if not tok[:1].isalpha() or tok.lower() in PREPOSITIONS or tok.lower() in TIME:
            break
        if tok[:1].isupper() != capital and not (k == first and tok.lower() in DETERMINERS):
            break
        k += 1
    return k


def _according_to(p: Para, m: re.Match[str]) -> tuple[Speaker, int, int] | None:
    """``according to X, CLAUSE`` and ``CLAUSE, according to X``."""
    k = p.token_at(m.end())
    speaker = subject_after(p, k)
    if speaker is None:
        return None
    s, e = p.sentence(m.start())
    if not p.text[s : m.start()].strip(" ,"):
        after = p.text.find(",", speaker.end, e)
        clause = _clause(p, after + 1, e) if after >= 0 else None
    else:
        start = s + (DATELINE.match(p.text[s:e]).end() if DATELINE.match(p.text[s:e]) else 0)
        clause = _clause(p, start, m.start())
    return (speaker, *clause) if clause else None


def indirect_speech(p: Para, taken: Sequence[tuple[int, int]]) -> list[Found]:
    """Reported speech without quote marks in one paragraph; ``taken`` are the character
    spans of attributions already used by quotes."""
    out: list[Found] = []
    for j, (s, _, tok) in enumerate(p.tokens):
        cue = CUE_LEMMA.get(tok)
        if cue and ((j > 0 and _determined(p, j - 1)) or modifies_noun(p, j)):
            continue  # an adjective or noun: "an estimated $1.4 million", "the report"
        if not cue or cue in NAMING or cue in MANNER or cue in ADJACENT:
            continue
        if any(a <= s < b for a, b in taken):
            continue
        if tok.endswith("ing") and not (j > 0 and p.tokens[j - 1][2].lower() in BE):
            hit = _participle_clause(p, j)
            if hit is not None:
                out.append(Found([Piece(p.pos, hit[1], hit[2])], "indirect", cue, hit[0]))
            continue
        if j + 1 < len(p.tokens) and p.tokens[j + 1][2] == "to" and cue not in _COMMISSIVE:
            continue
        if tok == cue and (j == 0 or p.tokens[j - 1][2] in ",;:(—–" or s in p.sentences):
            continue  # a bare form opening a phrase is a noun: "…, state miner X said"
        after = _reported_after(p, j)
        for speaker, cs, ce in [after] if after else _reported_before(p, j, cue):
            if _NOT_NAMED.search(p.text, max(0, cs - 4), ce):
                continue  # "asked that her name not be used": a request, not a statement
            out.append(Found([Piece(p.pos, cs, ce)], "indirect", cue, speaker))
    heading = _labelled_heading(p)
    if heading is not None:
        out.append(heading)
    for m in ACCORDING.finditer(p.text):
        if p.in_quote(m.start()):
            continue
        hit = _according_to(p, m)
        if hit is not None:
            speaker, cs, ce = hit
            out.append(Found([Piece(p.pos, cs, ce)], "indirect", "according_to", speaker))
    return _without_overlaps(out)


def _determined(p: Para, k: int) -> bool:
    """Token ``k`` is a determiner (not a name's "One": "Hydro One said")."""
    word = p.tokens[k][2]
    return word in DETERMINERS or (word.lower() in DETERMINERS and p.tokens[k][0] in p.sentences)


def headline_speech(p: Para, taken: Sequence[tuple[int, int]]) -> list[Found]:
    """A headline ending in its attribution: "EU to take charge of deportations, Markovic
    says"."""
    j = len(p.tokens) - 1
    while j > 0 and not p.tokens[j][2][:1].isalnum():
        j -= 1  # a final full stop
    cue = cue_at(p, j)
    if not cue or cue in NAMING or any(a <= p.tokens[j][0] < b for a, b in taken):
        return []
    hit = _reported_after(p, j)
    if hit is None or p.text[hit[0].end : p.tokens[j][0]].strip():
        return []  # the speaker must come right before the verb
    speaker, cs, ce = hit
    return [Found([Piece(p.pos, cs, ce)], "indirect", cue, speaker)]


def _participle_clause(p: Para, j: int) -> tuple[Speaker, int, int] | None:
    """``…, adding that CLAUSE`` / ``…, warning that CLAUSE``: the clause, spoken by the
    subject of the speech verb before it in the sentence, else by the sentence's subject."""
    if not 0 < j < len(p.tokens) - 1 or p.tokens[j - 1][2] != "," or p.tokens[j + 1][2] != "that":
        return None
    s, e = p.sentence(p.tokens[j][0])
    start = p.tokens[j + 1][1]
    clause = _clause(p, start, _clause_end(p, start, e))
    if clause is None:
        return None
    speaker = None
    for k in range(j - 2, p.token_at(s) - 1, -1):
        if cue_at(p, k) and not p.tokens[k][2].endswith("ing"):
            speaker = subject_before(p, k)
            break
    speaker = speaker or sentence_subject(p, p.tokens[j][0], ())
    return (replace(speaker), *clause) if speaker is not None else None


#: a short heading "Name: what they said" (see :func:`_labelled_heading`)
LABEL = re.compile(r"^[^:]{2,40}:\s.{8,90}$")


def _labelled_heading(p: Para) -> Found | None:
    """A short heading giving a name and what it said, no quote marks ("Basarnas: 31 bodies
    recovered" in a live blog)."""
    if len(p.text) > 100 or p.quoted or not p.mentions:
        return None
    m = p.mentions[0]
    if (
        m.para_start != 0
        or m.label not in ("PERSON", "ORG")
        or p.text[m.para_end : m.para_end + 1] != ":"
    ):
        return None
    start = m.para_end + 1 + len(p.text[m.para_end + 1 :]) - len(p.text[m.para_end + 1 :].lstrip())
    end = trim_end(p.text, len(p.text))
    if len(p.text[start:end].split()) < 3 or re.search(r"@|://", p.text[start:end]):
        return None
    speaker = Speaker(p.pos, 0, m.para_end, m.text, "named", mention=m)
    return Found([Piece(p.pos, start, end)], "indirect", "", speaker)


def _without_overlaps(found: list[Found]) -> list[Found]:
    """One clause per stretch of text: the first found of overlapping ones."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: f.key):
        piece = f.pieces[0]
        if any(o.pieces[0].start < piece.end and piece.start < o.pieces[0].end for o in out):
            continue
        out.append(f)
    return out

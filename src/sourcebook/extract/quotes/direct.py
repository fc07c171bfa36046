"""Quotes, step 2: attribution of marked quotes (speech verb after, before or in the
sentence; headlines; implicit follow-ups; block quotes after "said:")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from sourcebook.extract.quotes.lexicon import ADJACENT, CUE_LEMMA, DETERMINERS, NAMING, verb_forms
from sourcebook.extract.quotes.marks import QUOTE_CHARS, Piece, trim_end
from sourcebook.extract.quotes.paragraphs import Found, Para, Speaker
from sourcebook.extract.quotes.subjects import (
    cue_at,
    cue_subject,
    sentence_subject,
    skip_aux_back,
    speaker_of,
    subject_after,
    subject_before,
    subject_like,
)


def _after_attribution(p: Para, end: int, ends_clause: bool) -> tuple[str, Speaker, int] | None:
    """``“…,” NP said`` or ``“…,” said NP`` right after a quote ending at ``end``:
    (cue, speaker, end of the attribution)."""
    k = p.token_at(end)
    if k < len(p.tokens) and p.tokens[k][2] in (",", "—", "–", "-"):
        k += 1
    if k >= len(p.tokens) or any(end <= qs < p.tokens[k][0] for qs, _ in p.quoted):
        return None  # another quote comes first: the attribution is that one's
    cue = cue_at(p, k)
    if cue and cue not in NAMING:
        speaker = subject_after(p, k + 1)
        if speaker is not None and speaker.head != "that":
            return cue, speaker, speaker.end
        return None
    for j in range(k, min(k + 14, len(p.tokens))):
        tok = p.tokens[j][2]
        cue = cue_at(p, j)
        after = p.tokens[j + 1][2] if j + 1 < len(p.tokens) else "."
        if cue and cue not in NAMING and not tok.endswith("ing") and after != "to":
            if j == k or skip_aux_back(p, j) < k:  # not "… for asking Gulf states to"
                return None
            if ends_clause and after not in ".,;!?—":  # "NP said:" introduces the next
                return None
            speaker = speaker_of(p, p.tokens[k][0], p.tokens[skip_aux_back(p, j)][1], True)
            if speaker is None and p.tokens[j - 1][2] == ",":  # "Helmut Strasser, 58, said"
                speaker = subject_before(p, j)
                speaker = speaker if speaker and speaker.start >= p.tokens[k][0] else None
            if speaker is None:
                return None
            return cue, speaker, p.tokens[j][1]
        closing = cue_at(p, j + 1)  # the comma closing an appositive: "X, 58, said"
        if tok in ".;:!?(" or (tok == "," and not _apposition_ahead(p, j) and not closing):
            return None
    return None


def _apposition_ahead(p: Para, j: int) -> bool:
    """A comma at token ``j`` that opens an appositive inside an attribution."""
    nxt = p.tokens[j + 1][2].lower() if j + 1 < len(p.tokens) else ""
    return (
        nxt in DETERMINERS
        or nxt in ("who", "which")
        or nxt[:1].isdigit()
        or (j + 1 < len(p.tokens) and bool(p.mention_at(p.tokens[j + 1][0], p.tokens[j + 1][1])))
    )


def _before_attribution(p: Para, start: int) -> tuple[str, Speaker | None, bool, int] | None:
    """A speech verb right before a quote starting at ``start`` ("X said: “…”", "X said that
    “…”", "declaring, “…”"): (cue, speaker or None for a participle, is the link "that", the
    verb's offset)."""
    k = p.token_at(start) - 1
    if k < 0 or p.tokens[k][1] <= p.sentence(start)[0] - 1:
        return None
    link_that = False
    if p.tokens[k][2] in (":", ","):
        k -= 1
    elif p.tokens[k][2] in ("that", "as"):
        link_that, k = True, k - 1
    for j in range(k, max(k - 6, -1), -1):
        cue = cue_at(p, j)
        if cue in NAMING and _naming_only(p, j):
            return None  # "will not be called a “mission”", "what staff called ‘…’"
        if cue and (cue not in ADJACENT or j == k):
            return cue, cue_subject(p, j), link_that or j != k, p.tokens[j][0]
        if p.tokens[j][2] in ".;:!?,(" or p.tokens[j][0] < p.sentence(start)[0]:
            return None
    return None


def _naming_only(p: Para, j: int) -> bool:
    """The naming verb at token ``j`` gives what something is called, no one's words: a
    passive ("is being called"), a present tense ("Moscow still calls it"), a participle
    after a comma ("The port, dubbed"), or after "what" ("what staff called")."""
    form = p.tokens[j][2]
    lemma = CUE_LEMMA.get(form, "")
    if skip_aux_back(p, j) < 0 or form in (lemma, verb_forms(lemma)[1]):
        return True
    if form.endswith("ed") and j > 0 and p.tokens[j - 1][2] == ",":
        return subject_before(p, j) is None  # not "X, the premier, called it “…”"
    return any(t[2].lower() == "what" for t in p.tokens[max(0, j - 4) : j])


def _in_sentence_cue(p: Para, q: Piece) -> tuple[str, Speaker] | None:
    """A speech verb in the quote's sentence before it (else after it), with its speaker."""
    s, e = p.sentence(q.start)
    before = range(p.token_at(q.start) - 1, p.token_at(s) - 1, -1)
    after = range(p.token_at(q.end), p.token_at(e))
    for j in (*before, *after):
        cue = cue_at(p, j)
        if not cue or cue in ADJACENT:
            continue
        if cue in NAMING and _naming_only(p, j) and j < p.token_at(q.start):
            return None  # "what is being called “NATO Mission Ukraine”": a name
        speaker = cue_subject(p, j)
        if speaker is None and p.tokens[j][2].endswith("ing"):
            speaker = sentence_subject(p, q.start, ())
        if speaker is None and j + 1 < len(p.tokens) and j >= p.token_at(q.end):
            speaker = subject_after(p, j + 1)
        if speaker is not None:
            return cue, speaker
    return None


def _headline_speaker(p: Para, start: int) -> Speaker | None:
    """``Name: “…”`` / ``mayor: …`` at the start of a short paragraph (a headline)."""
    s = p.sentence(start)[0]
    colon = p.text.rfind(":", s, start)
    if colon < 0 or len(p.text) > 220:
        return None
    k = p.token_at(colon) - 1
    first = k
    while first >= 0 and p.tokens[first][2] not in "–—-|,.;" and k - first < 5:
        first -= 1
    if first == k:
        return None
    return speaker_of(p, p.tokens[first + 1][0], p.tokens[k][1], True)


def _lead(p: Para, start: int) -> str:
    """The text of the sentence before offset ``start``."""
    return p.text[p.sentence(start)[0] : start].strip()


def _tail_words(p: Para, end: int) -> bool:
    """Words follow offset ``end`` in its sentence (the quote is inside a sentence)."""
    return bool(re.search(r"\w", p.text[end : p.sentence(max(end - 1, 0))[1]]))


def _previous_speaker(found: Sequence[Found], pos: int) -> Speaker | None:
    """The speaker of the latest quote in this or the previous paragraph."""
    for f in reversed(found):
        if f.pieces[-1].pos < pos - 1:
            return None
        if f.speaker is not None:
            return f.speaker
    return None


def _nearest_person(p: Para, start: int, subject: bool = False) -> Speaker | None:
    """The last PERSON named in the paragraph before offset ``start`` (outside quotes; with
    ``subject``, as a sentence's subject)."""
    people = [m for m in p.mentions if m.label == "PERSON" and m.para_end <= start]
    people = [m for m in people if not p.in_quote(m.para_start)]
    if subject:
        people = [m for m in people if subject_like(p, m)]
    if not people:
        return None
    m = people[-1]
    return Speaker(p.pos, m.para_start, m.para_end, m.text, "named", mention=m)


def _defined_term(p: Para, start: int, end: int) -> bool:
    """A quote of one to three words in parentheses: a term defined ("Norlake" or the
    "Company")."""
    opening = p.text.rfind("(", max(0, start - 40), start)
    if opening < 0 or ")" in p.text[opening:start] or len(p.text[start:end].split()) > 3:
        return False
    return ")" in p.text[end : end + 40]


def _nickname(p: Para, start: int, end: int) -> bool:
    """A quote of one to three words inside a name: CALLUM ‘The Cannon’ Jones."""
    return (
        len(p.text[start:end].split()) <= 3
        and re.search(r"[A-Z][\w’'.-]*\s+$", p.text[max(0, start - 30) : start]) is not None
        and re.match(r"\s+[A-Z][a-z]", p.text[end : end + 3]) is not None
    )


def attribute(ps: Sequence[Para], q: list[Piece], found: list[Found]) -> Found | None:
    """Speaker, cue and kind of one marked quote (see the module docstring, step 2)."""
    first, last = q[0], q[-1]
    pf, pl = ps[first.pos], ps[last.pos]
    if first.pos == q[-1].pos and (
        _defined_term(pf, first.start, q[-1].end) or _nickname(pf, first.start, q[-1].end)
    ):
        return None  # a term defined in parentheses, (the “Company”), or a nickname
    content = pl.text[last.start : last.end].rstrip(QUOTE_CHARS + " ")
    ends_clause = content.endswith((".", "!", "?", "…")) and not content.endswith(",")
    after = _after_attribution(pl, last.end, ends_clause and content.endswith("."))
    if after is not None:
        cue, speaker, end = after
        kind = "partial" if _lead(pf, first.start) else "direct"
        return Found(q, kind, cue, speaker, attribution=(pl.pos, last.end, end))
    before = _before_attribution(pf, first.start)
    if before is not None:
        cue, speaker, linked, begin = before  # the attribution: from the verb (a participle's)
        if speaker is None:
            speaker = sentence_subject(pf, first.start, found)
        elif speaker.pos == pf.pos and speaker.start < first.start:
            begin = min(begin, speaker.start)  # "…, the ministry said, in a heist X called “…”"
        opening = pf.text[first.start + 1 : first.start + 3].lstrip(QUOTE_CHARS + " ")
        inside = linked or opening[:1].islower() or _tail_words(pl, last.end) or cue in NAMING
        region = (pf.pos, begin, first.start)
        return Found(q, "partial" if inside else "direct", cue, speaker, attribution=region)
    return _attribute_loosely(ps, q, found)


def _attribute_loosely(ps: Sequence[Para], q: list[Piece], found: list[Found]) -> Found | None:
    """No speech verb next to the quote: one elsewhere in its sentence (a partial quote), a
    headline ``Name: “…”``, or a quote standing alone (the previous speaker's)."""
    first, last = q[0], q[-1]
    pf = ps[first.pos]
    lead = _lead(pf, first.start)
    inside = bool(lead) or _tail_words(ps[last.pos], last.end)
    if inside:
        hit = _in_sentence_cue(pf, first)
        if hit is not None:
            return Found(q, "partial", hit[0], hit[1])
        if lead.endswith(":"):
            speaker = _headline_speaker(pf, first.start)
            if speaker is not None and (speaker.kind != "description" or not _headline(pf)):
                return Found(q, "direct", "", speaker)
        return _headline_quote(ps, q, "partial" if lead else "direct")
    introduced = _introduced(ps, q, found)
    if introduced is not None:
        return introduced
    speaker = _previous_speaker(found, first.pos)
    s = pf.sentence(first.start)[0]
    subject = _nearest_person(pf, s, subject=True) if s > 0 else None
    if subject is not None and (
        speaker is None or (speaker.pos, speaker.start) < (pf.pos, subject.start)
    ):
        speaker = subject  # "Novak smiled. “Ask me again in two years.”"
    if speaker is None:
        if s > 0:
            speaker = _nearest_person(pf, s)
        elif first.pos > 0 and ps[first.pos - 1].tokens:
            before = ps[first.pos - 1]
            speaker = _nearest_person(before, len(before.text))
    if speaker is None:
        return _headline_quote(ps, q, "direct")
    return Found(q, "direct", "", speaker, implicit=True)


def _introduced(ps: Sequence[Para], q: list[Piece], found: list[Found]) -> Found | None:
    """A quote opening its paragraph after one ending in a speech verb and a colon ("Mark
    Elwood, of the collision unit, said:"): that verb's speaker's, as for a block quote."""
    first = q[0]
    if first.pos == 0 or first.start > 1:
        return None
    a = ps[first.pos - 1]
    if not a.tokens or not a.text.rstrip().endswith(":") or len(a.tokens) < 2:
        return None
    k = len(a.tokens) - 2
    cue = cue_at(a, k)
    if not cue or cue in NAMING:
        return None
    speaker = cue_subject(a, k) or sentence_subject(a, a.tokens[k][0], found)
    region = (a.pos, a.sentence(a.tokens[k][0])[0], len(a.text))
    return Found(q, "direct", cue, speaker, attribution=region) if speaker else None


def _headline(p: Para) -> bool:
    """A headline (or a first paragraph, where normalise may have joined it with the
    standfirst)."""
    return p.para.kind == "title" or p.pos == 0


def _headline_quote(ps: Sequence[Para], q: list[Piece], kind: str) -> Found | None:
    """A quote of three or more words in the headline with no speaker there ("‘HE WOULDN’T
    LET GO’"), not a title after an article ("the ‘Beast of Bodmin’"): its speaker is the
    story's (see :func:`forward_speakers`)."""
    first = q[0]
    p = ps[first.pos]
    if not _headline(p) or len(q) > 1:
        return None
    content = p.text[first.start : q[-1].end]
    if len(re.findall(r"\w+", content)) < 3 or re.search(
        r"\b(?:the|a|an)\s*$", p.text[: first.start], re.I
    ):
        return None
    return Found(q, kind, "", None, implicit=True, forward=True)


def forward_speakers(ps: Sequence[Para], found: Sequence[Found]) -> None:
    """A headline quote takes the resolved speaker of the later quote sharing most words with
    it, else of the story's first quote whose speaker is resolved."""

    def vocabulary(f: Found) -> set[str]:
        """The quote's words of three letters or more, lower case."""
        text = " ".join(ps[pc.pos].text[pc.start : pc.end] for pc in f.pieces)
        return set(re.findall(r"\w{3,}", text.lower()))

    for f in found:
        if not f.forward:
            continue
        later = [
            g
            for g in found
            if g.key > f.key and not g.forward and g.speaker is not None and g.speaker.entity_id
        ]
        if not later:
            continue
        mine = vocabulary(f)
        best = max(
            later, key=lambda g: (len(mine & vocabulary(g)), g.kind != "indirect", -later.index(g))
        )
        f.speaker = best.speaker


#: the rest of an attribution's sentence: "…,” Lunde told a news conference. “…"
_REST_OF_ATTRIBUTION = re.compile(r"[^.!?;:" + QUOTE_CHARS + r"]{0,100}\.\s*")


def joins_previous(ps: Sequence[Para], prev: Found, q: list[Piece]) -> bool:
    """``“A,” he said, “b …”``: the quote continues the previous one after its attribution."""
    if prev.attribution is None or prev.kind != "direct" or prev.pieces[-1].pos != q[0].pos:
        return False
    pos, start, end = prev.attribution
    if pos != q[0].pos or start < prev.pieces[-1].end:
        return False
    gap = ps[pos].text[end : q[0].start]
    if re.fullmatch(r"\s*[,:;—–-]\s*", gap):
        return True
    if _REST_OF_ATTRIBUTION.fullmatch(
        gap
    ):  # “A,” he said (to X). “B.”: B goes on unless attributed
        last = q[-1]
        return _after_attribution(ps[last.pos], last.end, False) is None
    return False


def block_quotes(ps: Sequence[Para], found: list[Found], marked: set[int]) -> list[Found]:
    """A paragraph ending in a speech verb and a colon ("Stoltenberg said:") introduces the
    next paragraph, without quote marks, as a direct quote."""
    out = []
    for a, b in itertools.pairwise(ps):
        if b.pos in marked or not a.tokens or not re.search(r"[:,]\s*$", a.text):
            continue
        k = len(a.tokens) - 2
        cue = cue_at(a, k)
        if not cue or cue in NAMING or len(b.text.split()) < 4:
            continue
        speaker = cue_subject(a, k) or sentence_subject(a, a.tokens[k][0], found)
        piece = Piece(b.pos, 0, trim_end(b.text, len(b.text)))
        region = (a.pos, a.sentence(a.tokens[k][0])[0], len(a.text))
        out.append(Found([piece], "direct", cue, speaker, attribution=region))
    return out

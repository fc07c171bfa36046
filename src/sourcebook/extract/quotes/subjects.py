"""Quotes, step 4: speaker spans — the noun phrase around a speech verb, classified as a
named, pronoun, described or anonymous speaker; what a mention is in its sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sourcebook.core.schema import Mention
from sourcebook.core.text import word_set
from sourcebook.extract.quotes.lexicon import (
    ANONYMITY,
    ANONYMOUS_HEADS,
    AUX,
    BE,
    COMPANY_SUFFIXES,
    CONNECTIVES,
    CUE_LEMMA,
    DATELINE,
    DAYS,
    DETERMINERS,
    INDEFINITE,
    ORG_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    SPEAKER_LABELS,
    STOP_BACK,
    STOP_FORWARD,
    TIME,
    TITLE_WORDS,
    verb_forms,
)
from sourcebook.extract.quotes.paragraphs import Found, Para, Speaker


def _is_boundary_back(tok: str) -> bool:
    """A token no subject noun phrase reaches back over (punctuation, a clause word, a verb)."""
    return (
        (len(tok) == 1 and not tok.isalnum() and tok not in "&£$€%")
        or tok in STOP_BACK
        or tok == "by"  # "banned by the Unit, which said": the agent
        or tok in CUE_LEMMA
    )


def skip_aux_back(p: Para, k: int) -> int:
    """Token index of the last subject word before token ``k`` (a speech verb): auxiliaries
    and adverbs skipped; -1 for a passive ("is said") or nothing."""
    progressive = p.tokens[k][2].endswith("ing")  # "sources are insisting"
    k -= 1
    while k >= 0:
        tok = p.tokens[k][2]
        low = tok.lower()
        if low in BE and not progressive:
            return -1
        if low in BE:
            k -= 1
            continue
        if low in AUX or low in DAYS or (tok.islower() and tok.endswith("ly") and len(tok) > 4):
            k -= 1  # "X has also", "X today announced", "X Monday said"
            continue
        break
    return k


def _appositive_back(p: Para, k: int, floor: int) -> tuple[int, int] | None:
    """With token ``k`` a comma closing an appositive or relative clause ("X, the minister,"
    / "X, who …,"), the token range (first, last) inside it; None when it is not one."""
    j = k - 1
    while j > floor and p.tokens[j][2] != ",":
        if p.tokens[j][2] in ".;:!?":
            return None
        j -= 1
    if j <= floor or k - j < 2 or k - j > 30:
        return None
    first = p.tokens[j + 1][2]
    inner = (j + 1, k - 1)
    if first.lower() in ("who", "which", "whose", "himself", "herself", "aged") or first.isdigit():
        return inner
    if first.islower() and first.endswith(("ing", "ed")) and k - j <= 8:  # "X, standing by,"
        return inner
    if first in PREPOSITIONS | {"for"} and k - j <= 5:  # "X, for his part, said"
        return inner
    if first.lower() in DETERMINERS or p.mention_at(p.tokens[j + 1][0], p.tokens[k - 1][1]):
        return inner
    if k - j <= 5 and all(t[2][:1].isupper() for t in p.tokens[j + 1 : k]):
        return inner  # a name NER missed: "the civil protection agency, ANEPC,"
    return None


def _subject_end(p: Para, k: int, floor: int) -> int:
    """The token ending a subject whose last token is ``k``, parentheses ("Norlake Foods
    (NYSE: NLK)"), words of time ("The government has today (12 March) confirmed") and a
    legal form ("Brightleaf Baby, LLC") skipped."""
    while k > floor + 2 and p.tokens[k][2] == ")":
        opening = next((i for i in range(k - 1, max(floor, k - 8), -1) if p.tokens[i][2] == "("), k)
        k = skip_aux_back(p, opening)
    if k > floor + 2 and p.tokens[k][2] in COMPANY_SUFFIXES and p.tokens[k - 1][2] == ",":
        k -= 2
    return k


def _relative_clause(p: Para, k: int, last: int) -> bool:
    """Token ``k`` is "who" or "which" opening a relative clause that the speech verb after
    token ``last`` ends ("the Unit, which said", "a shopkeeper who gave her first name
    said"), not one with a subject of its own ("which the New York Times wrote")."""
    if p.tokens[k][2] not in ("who", "which"):
        return False
    first = p.tokens[k + 1][2] if k < last else ""
    return not first or (first.islower() and first not in DETERMINERS and first not in PRONOUNS)


def _scan_back(p: Para, last: int, floor: int) -> int:
    """The token before a noun phrase ending at token ``last`` (at most 12 words back); a bare
    speech verb opening it is a noun or a modifier ("…, state miner Andes Cobre said")."""
    k = last
    while k > floor and k > last - 12 and not _is_boundary_back(p.tokens[k][2]):
        k -= 1
    if k > floor and p.tokens[k][2] == "and" and k < last and p.tokens[k + 1][2].islower():
        # "the national search and rescue agency": "and" inside a noun phrase
        j = k - 1
        while j > floor and j > k - 4 and p.tokens[j][2].islower():
            if p.tokens[j][2] in ("the", "a", "an"):
                k = j - 1
                break
            if _is_boundary_back(p.tokens[j][2]):
                break
            j -= 1
    bare = k > floor and k < last and CUE_LEMMA.get(p.tokens[k][2]) == p.tokens[k][2]
    if bare and (k - 1 == floor or p.tokens[k - 1][2] in ",;:—–("):
        k -= 1
    return k


def subject_before(p: Para, cue_tok: int) -> Speaker | None:
    """The noun phrase right before the speech verb at token ``cue_tok`` (its subject)."""
    floor = p.token_at(p.sentence(p.tokens[cue_tok][0])[0]) - 1
    k = _subject_end(p, skip_aux_back(p, cue_tok), floor)
    if k <= floor:
        return None
    apposition = None
    if p.tokens[k][2] == ",":
        apposition = _appositive_back(p, k, floor)
        if apposition is None:
            return None
        k = apposition[0] - 2
    last = k
    k = _scan_back(p, last, floor)
    if not apposition and k - 1 > floor and _relative_clause(p, k, last):
        # "A shopkeeper who gave only her first name said", "…, the Unit (AIU), which said"
        last = _subject_end(p, k - 2 if p.tokens[k - 1][2] == "," else k - 1, floor)
        k = _scan_back(p, last, floor)
    words = p.tokens[k + 1 : last + 1]
    while words and (words[0][2] in CONNECTIVES or words[0][2].lower() in TIME):
        words = words[1:]
    cut = max((i for i, w in enumerate(words) if w[2].lower() in TIME), default=-1)
    words = words[cut + 1 :]
    if len(words) > 1 and words[-1][2].lower() in PRONOUNS and not apposition:
        words = words[-1:]  # "In a short speech he said": the pronoun alone
    if not words or not any(w[2][0].isalpha() for w in words):
        return None
    end = p.tokens[apposition[1]][1] if apposition else words[-1][1]
    speaker = speaker_of(p, words[0][0], words[-1][1], head_last=True)
    if speaker is None:
        return None
    if apposition:
        inner_s, inner_e = p.tokens[apposition[0]][0], p.tokens[apposition[1]][1]
        _apply_apposition(p, speaker, inner_s, inner_e)
        speaker.end, speaker.text = end, p.text[speaker.start : end]
    named = _PAREN_NAME.match(p.text, speaker.end)
    if named and not apposition:  # "the national search and rescue agency (Basarnas)"
        _apply_apposition(p, speaker, named.start(1), named.end(1))
    return speaker


#: a name in parentheses after a noun phrase
_PAREN_NAME = re.compile(r"\s*\(([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\)")


def subject_after(p: Para, tok: int) -> Speaker | None:
    """The noun phrase starting at token ``tok`` (an inverted subject: "said Hatice Demir")."""
    sent_end = p.sentence(p.tokens[tok][0])[1] if tok < len(p.tokens) else 0
    k = tok
    while k < len(p.tokens) and k < tok + 10 and p.tokens[k][0] < sent_end:
        t = p.tokens[k][2]
        if t == "and" and k > tok and k + 1 < len(p.tokens) and p.tokens[k + 1][2][:1].isupper():
            k += 1
            continue
        if (len(t) == 1 and not t.isalnum()) or (t in STOP_FORWARD and k > tok):
            break
        if t.lower() in TIME and k > tok:
            break
        k += 1
    if k == tok or _not_subject(p.tokens[tok][2]):
        return None
    if p.tokens[tok][2].lower() in PRONOUNS and k > tok + 1:  # "said he had spoken"
        return None
    s, e = p.tokens[tok][0], p.tokens[k - 1][1]
    speaker = speaker_of(p, s, e, head_last=True)
    if speaker is not None and k < len(p.tokens) and p.tokens[k][2] == ",":
        tail = _appositive_after(p, k)
        if tail is not None:
            _apply_apposition(p, speaker, *tail)
    return speaker


def _not_subject(word: str) -> bool:
    """A word no subject starts with (a conjunction, preposition, time word or verb)."""
    low = word.lower()
    return low in STOP_FORWARD or low in STOP_BACK or low in TIME or word in CUE_LEMMA


def _appositive_after(p: Para, k: int) -> tuple[int, int] | None:
    """The span of an appositive after the comma token ``k`` (up to the next comma)."""
    j = k + 1
    while j < len(p.tokens) and p.tokens[j][2] not in ",.;:!?" and j < k + 15:
        j += 1
    if j == k + 1:
        return None
    last = j >= len(p.tokens) or p.tokens[j][2] != ","
    if last and not all(t[2][:1].isupper() for t in p.tokens[k + 1 : j]):
        return None  # only a name closes a sentence as an appositive: "…, the agency, Indeci."
    return p.tokens[k + 1][0], p.tokens[j - 1][1]


def _apply_apposition(p: Para, speaker: Speaker, s: int, e: int) -> None:
    """Fold an appositive into a speaker: a name in it names an unnamed speaker, anonymity
    wording makes it anonymous."""
    if ANONYMITY.search(p.text[s:e]):
        speaker.anonymous_hint = True
    if speaker.kind in ("description", "anonymous") and not speaker.anonymous_hint:
        named = _head_mention(p.mention_at(s, e), s, e)
        cut_short = named is not None and re.fullmatch(_CAPITALS, p.text[s : named.para_start])
        if named is not None and (named.para_start == s or cut_short):  # "Aitor [Zubizarreta]"
            speaker.kind, speaker.mention = "named", named
        elif named is None and re.fullmatch(r"(?:[A-Z][\w’'.-]*\s*){1,4}", p.text[s:e]):
            speaker.kind, speaker.name = "named", p.text[s:e]


_CAPITALS = re.compile(r"(?:[A-Z][\w’'.-]*\s+){1,2}")


def _head_mention(mentions: Sequence[Mention], s: int, e: int) -> Mention | None:
    """The mention heading a phrase: a speaker-like label, not a possessive modifier, the
    last one (a PERSON before others)."""
    best = None
    for m in mentions:
        if m.label not in SPEAKER_LABELS or m.para_start < s or m.para_end > e:
            continue
        if m.text.endswith(("’s", "'s")) and m.para_end < e:
            continue
        if best is None or (m.label == "PERSON") >= (best.label == "PERSON"):
            best = m
    return best


#: a parenthesis or a nickname in quote marks inside a speaker's phrase
_ASIDE = re.compile(r"\([^)]*\)|[‘“\"][^‘’“”\"]{1,30}[’”\"]")


def speaker_of(p: Para, s: int, e: int, head_last: bool) -> Speaker | None:
    """Classify the phrase ``text[s:e]`` as a speaker (named/pronoun/description/anonymous)."""
    phrase = p.text[s:e]
    words = re.findall(r"[\w’'.-]+", _ASIDE.sub(" ", phrase))
    if not words:
        return None
    core = words
    for i, w in enumerate(words[1:], 1):
        if w in ("of", "for", "from", "at", "in", "with", "on", "who"):
            core = words[:i]
            break
    if len(core) == 1 and words[1:2] == ["of"] and len(words) > 2:
        partitive = core[0].lower() in DETERMINERS or core[0].lower() in QUANTIFIERS
        core = words[2:] if partitive else core  # "one of the sources": its head is sources
    head = core[-1] if head_last else core[0]
    low = head.lower().rstrip(".")
    speaker = Speaker(p.pos, s, e, phrase, "description", head=low)
    mention = _head_mention(p.mention_at(s, e), s, e)
    closing = head_last and mention is not None and mention.label == "PERSON"
    if closing and mention is not None:  # not the object of a preposition: "mayor of X"
        before = p.text[s : mention.para_start].split()[-1:]
        closing = not before or before[0].lower() not in (*PREPOSITIONS, "of", "for")
    if mention is not None and (
        (closing and not p.text[mention.para_end : e].strip(" ,’'s"))  # "Secretary for … X"
        or head in [*mention.text.split(), mention.text]
        or (low in ORG_NOUNS and mention.label == "ORG")  # "the CGT union"
    ):
        speaker.kind, speaker.mention = "named", mention
    elif low in PRONOUNS and len(core) == 1:
        speaker.kind = "pronoun"
    elif len(core) == 1 and low in ("one", "another") and len(words) == 1:
        speaker.kind = "anonymous"  # "One said …": one of the sources just mentioned
    elif len(core) == 1 and (low in DETERMINERS or low in QUANTIFIERS):
        return None
    elif len(core) == 1 and head.islower() and low.endswith("ed"):
        return None  # a verb, no subject: "rejected earlier reports that …"
    elif head[:1].isupper() and low not in TITLE_WORDS and low not in DETERMINERS:
        name = _run_of_names(core)
        at_start = len(core) == 1 and s == p.sentence(s)[0] and not head.isupper()
        if not name or (at_start and head not in p.known):
            return None if len(core) == 1 and low not in ANONYMOUS_HEADS else speaker
        speaker.kind, speaker.name = "named", name
    elif not head[:1].isalpha() or low in STOP_BACK:
        return None
    if speaker.kind == "description" and (
        (singular(low) in ANONYMOUS_HEADS and core[0].lower() != "the") or ANONYMITY.search(phrase)
    ):
        speaker.kind = "anonymous"
    return speaker


def _run_of_names(words: Sequence[str]) -> str:
    """The trailing run of capitalised words of a phrase, personal titles left out."""
    run: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or w.lower().rstrip(".") in TITLE_WORDS:
            break
        run.append(w)
    return " ".join(reversed(run))


def singular(word: str) -> str:
    """A plural noun's singular (regular English: "officials" → "official")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def cue_at(p: Para, k: int) -> str:
    """The lemma of the speech verb at token ``k`` ("" if it is none); "point out" too."""
    if k < 0 or k >= len(p.tokens):
        return ""
    lemma = CUE_LEMMA.get(p.tokens[k][2], "")
    if lemma and k > 0 and p.tokens[k - 1][2].lower() in DETERMINERS:
        form = p.tokens[k][2]  # "One said", "Two added": pronouns before a past tense
        past = form not in verb_forms(lemma)[:2] and not form.endswith("ing")
        if not (past and p.tokens[k - 1][2].lower() in INDEFINITE - {"a", "an"}):
            return ""  # a noun or adjective: "a call", "the said"
    nxt = p.tokens[k + 1][2] if lemma and k + 1 < len(p.tokens) else ""
    if nxt in _FINITE and p.tokens[k][2] in verb_forms(lemma)[:2]:
        return ""  # a noun before a verb: "the final report had been"
    return "" if modifies_noun(p, k) else lemma


#: finite auxiliaries: no speech verb in the present comes right before one
_FINITE = word_set("is are was were has had have will would can could may might must should")


def modifies_noun(p: Para, k: int) -> bool:
    """The word "state" at token ``k`` modifies a noun: "state engineers", "state Sen. X" (a
    verb only before "that" or a colon: "the rules state that")."""
    after = p.tokens[k + 1][2] if k + 1 < len(p.tokens) else ""
    return p.tokens[k][2] == "state" and after[:1].isalpha() and after != "that"


def cue_subject(p: Para, j: int) -> Speaker | None:
    """The speaker of the speech verb at token ``j``: its subject, the noun phrase between
    "quoted" and "as saying", or None (a participle: the caller looks for the clause's
    subject)."""
    form = p.tokens[j][2]
    if j >= 2 and p.tokens[j - 1][2] == "as" and form.endswith("ing"):
        quoted = next(
            (i for i in range(j - 2, max(j - 14, -1), -1) if p.tokens[i][2] == "quoted"), None
        )
        if quoted is not None:
            return speaker_of(p, p.tokens[quoted + 1][0], p.tokens[j - 2][1], True)
    if form.endswith("ing") and p.tokens[j - 1][2] in (",", "and") if j else False:
        return None
    return subject_before(p, j)


def sentence_subject(p: Para, i: int, found: Sequence[Found]) -> Speaker | None:
    """For a participle ("…, declaring “…”"): the speaker of an earlier quote of the same
    sentence, else the sentence's opening name, the subject of its first speech verb, or its
    opening noun phrase."""
    s, _ = p.sentence(i)
    for f in reversed(found):
        if f.speaker and f.pieces[-1].pos == p.pos and s <= f.pieces[-1].start < i:
            return f.speaker
    dateline = DATELINE.match(p.text[s:i])
    s += dateline.end() if dateline else 0  # "OSLO, Dec 19 (Reuters) - Norway's central bank"
    for m in p.mentions:
        opening = s <= m.para_start < i and subject_like(p, m) and plain_name(p, m)
        if opening and referent(p, m, set(SPEAKER_LABELS), ()):
            return speaker_of(p, m.para_start, m.para_end, True)
    for k in range(p.token_at(s), p.token_at(i)):  # "X has vowed … and told him to “…”"
        if cue_at(p, k) and not p.tokens[k][2].endswith("ing"):
            return subject_before(p, k) or _opening_phrase(p, s, i)
    return _opening_phrase(p, s, i)


def _opening_phrase(p: Para, s: int, i: int) -> Speaker | None:
    """The noun phrase opening the sentence at ``s`` (before offset ``i``) up to its verb, a
    determiner first ("The player himself has kept …"): a described speaker; else a name
    NER did not tag (see :func:`_opening_name`)."""
    k = p.token_at(s)
    if k >= len(p.tokens):
        return None
    if p.tokens[k][2].lower() not in ("the", "a", "an"):
        return _opening_name(p, k, i)
    last = k
    while last + 1 < len(p.tokens) and p.tokens[last + 1][0] < i and last - k < 5:
        tok = p.tokens[last + 1][2]
        if tok.lower() in AUX or tok.lower() in BE or not tok[0].isalnum() or cue_at(p, last + 1):
            break
        last += 1
    while last > k and p.tokens[last][2].lower() in _REFLEXIVE:
        last -= 1
    if last == k or last + 1 >= len(p.tokens) or p.tokens[last + 1][0] >= i:
        return None
    return speaker_of(p, p.tokens[k][0], p.tokens[last][1], True)


_REFLEXIVE = word_set("himself herself itself themselves")


def _opening_name(p: Para, k: int, i: int) -> Speaker | None:
    """Two to four capitalised words at token ``k`` opening a sentence, then a lower-case
    word before offset ``i``: the subject, a name NER did not tag ("Skyline Robotics sued
    rival Aerovance …, claiming that …")."""
    last = k
    while last + 1 < len(p.tokens) and last - k < 3 and p.tokens[last + 1][2][:1].isupper():
        last += 1
    after = last + 1
    if last == k or after >= len(p.tokens) or p.tokens[after][0] >= i:
        return None
    run = [t[2] for t in p.tokens[k:after]]
    if not p.tokens[after][2].islower() or any(_not_subject(w) or w in CONNECTIVES for w in run):
        return None
    return speaker_of(p, p.tokens[k][0], p.tokens[last][1], True)


def plain_name(p: Para, m: Mention) -> bool:
    """A mention in running text: not a capitalised dateline ("HARTFORD, Conn.") nor a
    credit in brackets ("(Reuters)")."""
    if m.text.isupper() and len(m.text) > 4:
        return False
    return not (
        p.text[m.para_start - 1 : m.para_start] == "("
        and p.text[m.para_end : m.para_end + 1] == ")"
    )


def role_words(p: Para, m: Mention) -> set[str]:
    """Lower-case words of a mention's title ("Interior Minister X"), and of an appositive
    after it (", the prime minister,") or before it ("The prime minister, X,"); kept per
    mention (string slicing only: this runs for every mention a description is tested on)."""
    key = (m.para_start, m.para_end)
    if key in p.roles:
        return p.roles[key]
    text = p.text
    before = text[max(0, m.para_start - 60) : m.para_start]
    words: list[str] = []
    for w in reversed(before.split()[-4:] if before[-1:].isspace() else []):
        low = w.lower()
        if low in STOP_BACK or low in CUE_LEMMA or low in DETERMINERS or w[-1:] in ",.;:":
            break
        words.append(w)
    after = text[m.para_end : m.para_end + 90]
    if after.startswith(", "):
        appositive = re.split(r"[,.;]", after[2:], maxsplit=1)[0].split()[:8]
        if not any(w in CUE_LEMMA for w in appositive):  # not "X, the club's president said"
            words += _head_phrase(appositive)
    before = _without_first_names(before)
    if before.endswith(", "):
        seg = before[:-2]
        cut = max(seg.rfind(c) for c in ".;,")
        words += _head_phrase(seg[cut + 1 :].split()[-8:])
    out = set()
    for w in words:
        low = w.lower().strip(".,")
        out.add(singular(low))
        out.update(singular(part) for part in re.split(r"[-’']", low) if part)
    p.roles[key] = out - DETERMINERS
    return p.roles[key]


def _without_first_names(before: str) -> str:
    """The text before a mention without the one or two capitalised words ending it, a
    name's start NER left out ("…, Per [Hagen],"); titles kept ("Interior Minister [X]")."""
    for _ in range(2):
        if not before.endswith(" ") or before.endswith(", "):
            break
        rest, _, word = before[:-1].rpartition(" ")
        if not word[:1].isupper() or not word.isalpha() or word.lower() in TITLE_WORDS:
            break
        before = rest + " "
    return before


def _head_phrase(words: list[str]) -> list[str]:
    """The words of a noun phrase before its first preposition or clause word."""
    for i, w in enumerate(words):
        if w.lower() in PREPOSITIONS or w.lower() in ("of", "who", "which", "that", "and"):
            return words[:i]
    return words


def subject_like(p: Para, m: Mention) -> bool:
    """A mention opening its sentence (after titles, articles or a leading adverbial or
    appositive: "Meanwhile, X" / "Her line manager, X,"), not an appositive ending it ("…
    met with China's envoy, Liu Wenjun."); a wire dateline before it does not count ("OSLO,
    Dec 14 (Reuters) - Norges Bank kept …")."""
    s = p.sentence(m.para_start)[0]
    lead = p.text[s : m.para_start]
    dateline = DATELINE.match(lead)
    lead = lead[dateline.end() :] if dateline else lead
    if "," in lead:
        lead = lead.rsplit(",", 1)[1]
        if re.match(r"\s*[.;:!?]|\s*$", p.text[m.para_end :]):
            return False
    return len(lead.split()) <= 3 and not re.search(r"\b(?:of|by|with|to|and|for)\s*$", lead)


def referent(
    p: Para, m: Mention, labels: set[str], reported: Sequence[tuple[int, int, int]]
) -> bool:
    """A mention a pronoun can refer to: of the right sort (a person: a PERSON, or a name
    with a personal title or role), outside quotes and reported clauses, not a possessive
    or a modifier ("the Porto Alegre manager")."""
    if m.label not in labels and not ("PERSON" in labels and _titled(p, m)):
        return False
    if p.in_quote(m.para_start) or any(
        pos == p.pos and s <= m.para_start < e for pos, s, e in reported
    ):
        return False
    before = p.text[max(0, m.para_start - 4) : m.para_start].lower()
    after = p.text[m.para_end : m.para_end + 24].split()[:1]
    if after and after[0].rstrip(",.;:").lower() in TITLE_WORDS:
        return False  # "the Porto Alegre manager": the name modifies a role
    return not m.text.endswith(("’s", "'s")) and not before.endswith(("the ", " a ", "an "))


def _titled(p: Para, m: Mention) -> bool:
    """A name NER did not label PERSON but that has a personal title or role next to it."""
    roles = role_words(p, m)
    return bool(roles & TITLE_WORDS) and m.label in ("ORG", "GPE", "NORP")

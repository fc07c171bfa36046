"""Headlines and other title-case or all-capitals lines, written the way the NER model reads well.

The small English model learned names from their capitals: in a headline nearly every word has
one ("Lindsay Lohan Checks Into Court") and the model runs past names; in an all-capitals line
none has ("BOEING GROUNDS MAX 9 JETS") and it finds few. Two steps, both local to one document
(a document's extract result must not depend on the others: it is cached on its own text):

A headline is recognised in any language and form (:func:`headline_case`): short lower-case
words count as function words ("en", "à"), words of a script without case are left out, and a
question or a run of sentences whose function words are capitalised too is still a headline.

1. **re-casing** (before NER, :func:`recase`): each word of such a line is written as the rest of
   the document writes it mid-sentence ("BOEING" → "Boeing", "MAX" stays, "Checks" → "checks"
   when the body says "checks"; a paragraph in capitals only tells no case); a word the body
   does not use is lower-cased when it is a function word or a common English word (the
   model's own lemma tables, :class:`sourcebook.extract.nlp.Lexicon`), else capitalised (a long
   all-capitals word) or left as it is; in a title-case line an acronym ("ICC") stays in
   capitals. Only the case of letters changes, so every offset holds.
2. **reconciliation** (after NER, :func:`reconcile`): the names the body gives ("The High
   National Elections Commission" without its "The"), the short forms a headline uses for them
   (a first name, a surname, the first word of a longer name: "MARISOL", "Harborview"; see
   :func:`_name_parts`) are found in the headline whatever their case, a hyphen parting two
   names ("Nortessa-Virelli"), and win where the model's spans overlap them (a span that runs
   past a name is cut back to it, unless the body writes that longer span too: "Spirit
   AeroSystems"; a short form leaves the gazetteer's id of the same span alone); the model's
   other spans stay.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS

from sourcebook.core.dates import MONTHS, WEEKDAYS
from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import is_title_word, strip_possessive
from sourcebook.extract.nlp import Lexicon

#: a word: letters, with inner apostrophes ("Lohan's" is one word; "Quake-Hit" is two)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: what a word after which a capital says nothing about the word (a sentence may start there)
_OPENERS = frozenset(".!?:;\"“”‘'([{—–-•|*#>")
_SENTENCE_END = re.compile(r"[.…][\"'”’)\]]*\s*$")
_MAX_WORDS = 30
#: month and day names: a byline's date ("Andre Damon 5 July 2024") makes no headline
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)


@functools.lru_cache(maxsize=1 << 12)
def headline_case(text: str) -> str:
    """ "upper" for an all-capitals paragraph (of any length: notices, warnings), "title" for a
    title-case line (nearly every content word capitalised), else "".

    Any language's headline counts: a short lower-case word ("en", "à", "za") is a function word
    like the English ones, a word of a script without case ("مدريد") says nothing; a question or
    exclamation may end it, and so may a full stop when function words inside it are capitalised
    too ("I Was Booked on a MAX 9 the Week After the Alaska Blowout. Here's What Happened.")."""
    words = _WORD.findall(text)
    if len(words) < 2:
        return ""
    letters = sum(len(w) for w in words)
    upper = sum(sum(c.isupper() for c in w) for w in words)
    if letters >= 4 and upper >= 0.9 * letters:
        return "upper"
    if len(words) > _MAX_WORDS:
        return ""
    cased = [w for w in words if w[0].isupper() or w[0].islower()]
    small = [w for w in cased if _function_word(w)]
    content = [w for w in cased if not _function_word(w) and w.lower() not in _CALENDAR]
    capitalised = sum(w[0].isupper() for w in content)
    if len(content) < 3 or capitalised < 0.85 * len(content):
        return ""
    lowered = sum(w[0].islower() for w in small)
    if _SENTENCE_END.search(text) and sum(w[0].isupper() for w in small[1:]) < 2:
        return ""  # a sentence, unless it capitalises its function words as titles do
    # a title-case line capitalises its content words; lower-case function words are allowed
    return "title" if 2 * capitalised > lowered else ""


def _function_word(word: str) -> bool:
    """An English function word, or a short lower-case word of any language ("de", "à")."""
    return word.lower() in STOP_WORDS or (len(word) <= 3 and word.islower())


def is_headline(para: Paragraph) -> bool:
    """A headline, subhead or other title-case/all-capitals line (normalise's title included)."""
    if para.kind in ("byline", "dateline"):
        return False
    return bool(headline_case(para.text))


@dataclass
class CaseForms:
    """How one document writes its words away from sentence starts: how often each spelling
    occurs ("Boeing": 12, "checks": 2), counted in one pass of the regular-expression engine."""

    forms: Counter

    @classmethod
    def of(cls, texts: Iterable[str]) -> CaseForms:
        """The spellings of ``texts`` (a document's paragraphs but its headlines); a text in
        capitals only (a byline "NATIONAL WEATHER SERVICE", a notice) tells no case."""
        forms: Counter = Counter()
        for text in texts:
            if text != text.upper():
                forms.update(_MID_SENTENCE_WORD.findall(text))
        return cls(forms)

    def written(self, word: str) -> str | None:
        """The document's usual spelling of ``word`` mid-sentence, or None if it never has it
        there (ties go to the capitalised spelling)."""
        low = word.lower()
        spellings = {word, low, low.capitalize(), word.upper(), word.capitalize()}
        seen = [(self.forms[w], w[:1].isupper(), w) for w in spellings if w in self.forms]
        return max(seen)[2] if seen else None

    def lower_used(self, word: str) -> bool:
        """Whether the document writes ``word`` in lower case (mid-sentence)."""
        return word.lower() in self.forms


#: a word after white space that follows no sentence opener (see :func:`sentence_initial`)
_MID_SENTENCE_WORD = re.compile(
    r"(?<=[^\s.!?:;\"“”‘'(\[{—–\-•|*#>])\s+([^\W\d_]+(?:['’][^\W\d_]+)*)"
)


def sentence_initial(text: str, start: int) -> bool:
    """Whether a word at ``start`` may be capitalised because a sentence (or a quote) starts."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in _OPENERS


def _recase_word(word: str, case: str, body: CaseForms, lexicon) -> str:
    """One word of a headline as the document (else the lexicon) would write it mid-sentence;
    in a title-case line a word in capitals that is short or no common word is an acronym and
    stays as written ("ICC", "AI", "US", "UNSMIL"; not "LIVE")."""
    if case == "title" and _acronym(word, lexicon):
        return word
    form = body.written(word)
    if form is None:
        low = word.lower()
        if low in STOP_WORDS or lexicon.is_common(low):
            form = low
        elif case == "upper":
            form = word if len(word) <= 3 else word[0] + word[1:].lower()
        else:
            form = word
    # only the case may change: keep the length (and so every offset) whatever Unicode does
    return form if len(form) == len(word) and form.lower() == word.lower() else word


def _acronym(word: str, lexicon) -> bool:
    """A word in capitals that is short or no common word ("ICC", "UNSMIL"; not "LIVE")."""
    return (
        len(word) > 1 and word.isupper() and (len(word) <= 3 or not lexicon.is_common(word.lower()))
    )


def recase(text: str, case: str, body: CaseForms, lexicon) -> str:
    """``text`` (a headline of case "upper" or "title") re-cased word by word (see the module
    docstring); the first word keeps a capital. Same length as ``text``."""
    out: list[str] = []
    pos = 0
    first = True
    for m in _WORD.finditer(text):
        word = m.group()
        new = _recase_word(word, case, body, lexicon)
        if first and new[:1].islower():
            new = new[:1].upper() + new[1:]
        first = False
        out.append(text[pos : m.start()])
        out.append(new)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


# --- after NER -----------------------------------------------------------------------------


def _bare(text: str) -> str:
    """A name as a headline may write it: lower case, without a leading "the" or a trailing
    possessive ("The High National Elections Commission" → "high national elections
    commission", "Rutte's" → "rutte")."""
    key = strip_possessive(text.lower())
    return key[4:] if key.startswith("the ") else key


def _body_names(mentions: Sequence[Mention]) -> dict[str, tuple[str, str]]:
    """Bare surface (:func:`_bare`) → (label, canonical id) of the body's names (majority
    label)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    ids: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        key = _bare(m.text)
        if len(key) >= 2:
            labels[key][m.label] += 1
            ids[key][m.canonical_id] += 1
    return {
        k: (labels[k].most_common(1)[0][0], ids[k].most_common(1)[0][0]) for k in sorted(labels)
    }


def _name_parts(
    names: Mapping[str, tuple[str, str]], texts: Sequence[str], heads: str, lexicon
) -> dict[str, tuple[str, str]]:
    """The short forms a headline uses for the body's longer names: the first word of a name
    ("Marisol" of "Marisol Price", "Harborview" of "Harborview Medical Center", "Alaska" of
    "Alaska Airlines") and a person's surname, each with the name's label (a person's id
    too). Only a word that reads as a name: one the body (``texts``) never writes in lower
    case, that is no function word or title, and that the lexicon knows at most as a noun (its
    proper nouns: "alaska"; not "new", "real", "national"), and not the head of a name "X of
    Y" ("Ministry of Defence"). Names the body gives whole are not replaced; a word two of the
    names share ("Johnson" of two people) stands for neither. Only words of the headlines
    (``heads``, lower case) are looked at."""
    from sourcebook.extract.entities import person_slug  # entities imports this module

    parts: dict[str, tuple[str, str]] = {}
    shared: set[str] = set()
    body: CaseForms | None = None
    for key, (label, _) in names.items():
        words = key.split()
        if len(words) < 2:
            continue
        person = label == "PERSON"
        if not person and words[1] in STOP_WORDS:
            continue  # "Ministry of Defence", "Gulf of Aden": the first word is no name
        for word in {words[0], words[-1]} if person else {words[0]}:
            if word in names or word not in heads:
                continue
            body = body or CaseForms.of(texts)
            if not _name_word(word, body, lexicon):
                continue
            part = (label, person_slug(key) if person else "")
            if parts.setdefault(word, part) != part:
                shared.add(word)
    return {w: part for w, part in parts.items() if w not in shared}


def _name_word(word: str, body: CaseForms, lexicon) -> bool:
    """Whether a word of one of the body's names may stand for it alone (see
    :func:`_name_parts`)."""
    if len(word) < 3 or not word.isalpha() or word in STOP_WORDS or is_title_word(word):
        return False
    if body.lower_used(word):
        return False
    if not lexicon.is_common(word):
        return True
    index = lexicon.index
    return word in index.get("noun", ()) and not any(
        word in index.get(pos, ()) for pos in ("verb", "adj", "adv")
    )


def occurrences(
    text: str, names: Iterable[str], taken: list[tuple[int, int]] | None = None
) -> Iterator[tuple[int, int, str]]:
    """Occurrences ``(start, end, name)`` of ``names`` in ``text`` on word boundaries (a letter,
    digit, hyphen or "_" on neither side), longest name first, none overlapping another or a
    span of ``taken`` (which grows by each one found). Plain ``str.find``: no pattern to
    compile per document."""
    taken = [] if taken is None else taken
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            bounded = (start == 0 or not _inside_word(text[start - 1])) and (
                end == len(text) or not _inside_word(text[end]) or _modifier(text, end)
            )
            if bounded and not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                yield start, end, name
            start = text.find(name, start + 1)


def _inside_word(ch: str) -> bool:
    """Whether ``ch`` would continue a word (so a name cannot end or start next to it)."""
    return ch.isalnum() or ch in "-_"


def _modifier(text: str, end: int) -> bool:
    """A name made into a modifier by a hyphen and a lower-case word ("U.N.-backed",
    "NATO-led"): the name still ends there."""
    return text[end] == "-" and text[end + 1 : end + 2].islower()


def _find_names(
    text: str, names: Mapping[str, tuple[str, str]], case: str
) -> list[tuple[int, int, str, str]]:
    """Occurrences of the body's names in a headline whatever their case (longest first), as
    (start, end, label, canonical id); in an all-capitals line a name that is also a function
    word ("US", "IT") is not trusted. A hyphen between letters parts two names
    ("Nortessa-Virelli Deal"), unless the body's name has it ("Okanogan-Wenatchee")."""
    keys = {_HYPHEN.sub(" ", k): k for k in names if not (case == "upper" and k in STOP_WORDS)}
    found = occurrences(_HYPHEN.sub(" ", text.lower()), keys)
    return sorted((s, e, *names[keys[k]]) for s, e, k in found)


#: a hyphen between two letters (a headline's "Nortessa-Virelli"), same length when blanked
_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def reconcile(
    mentions: Sequence[Mention], paragraphs: Sequence[Paragraph], make_mention, lexicon=None
) -> list[Mention]:
    """One document's mentions with its headlines' spans set by the body's names and their
    short forms (:func:`_name_parts`); see the module docstring. ``make_mention(para, start,
    end, label, canonical_id)`` builds a new mention; ``lexicon`` defaults to
    :meth:`Lexicon.current`."""
    heads = {p.index: p for p in paragraphs if is_headline(p)}
    if not heads:
        return list(mentions)
    body = [m for m in mentions if m.paragraph not in heads]
    names = _body_names(body)
    texts = [p.text for p in paragraphs if p.index not in heads]
    lexicon = lexicon if lexicon is not None else Lexicon.current()
    heads_text = "\n".join(p.text for p in heads.values()).lower()
    names.update(_name_parts(names, texts, heads_text, lexicon))
    out = list(body)
    written = "\n".join(texts).lower()
    for index, para in heads.items():
        model = [m for m in mentions if m.paragraph == index]
        known = [
            k
            for k in _find_names(para.text, names, headline_case(para.text))
            if not _longer_in_body(k, model, written)
        ]
        for s, e, label, cid in known:
            same = next((m for m in model if (m.para_start, m.para_end) == (s, e)), None)
            if same is not None and _known_id(same):
                out.append(same)  # the gazetteer's "Madrid", not "Atletico Madrid"'s surname
            elif same is not None:
                out.append(replace(same, label=label, canonical_id=cid or same.canonical_id))
            else:
                out.append(make_mention(para, s, e, label, cid))
        out.extend(
            m for m in model if not any(s < m.para_end and m.para_start < e for s, e, _, _ in known)
        )
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


def _known_id(m: Mention) -> bool:
    """Whether the model's mention carries the gazetteer's id (not a person's slug)."""
    return bool(m.canonical_id) and not m.canonical_id.startswith("person:")


def _longer_in_body(known: tuple[int, int, str, str], model: Sequence[Mention], body: str) -> bool:
    """Whether a model span of the headline runs past the body's name ``known`` to a longer
    name the body writes too ("Spirit AeroSystems" beside the body's "Spirit" and "Spirit
    AeroSystems Holdings Inc."): then the model's span stays (``body``: the body, lower case)."""
    s, e = known[0], known[1]
    return any(
        m.para_start <= s
        and e <= m.para_end
        and (m.para_start, m.para_end) != (s, e)
        and " " in m.text.strip()
        and m.text.strip().lower() in body
        for m in model
    )

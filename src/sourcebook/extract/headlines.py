"""Headlines and other title-case or all-capitals lines, written the way the NER model reads well.

The small English model learned names from their capitals: in a headline nearly every word has
one ("Lindsay Lohan Checks Into Court") and the model runs past names; in an all-capitals line
none has ("BOEING GROUNDS MAX 9 JETS") and it finds few. Two steps, both local to one document
(a document's extract result must not depend on the others: it is cached on its own text):

1. **re-casing** (before NER, :func:`recase`): each word of such a line is written as the rest of
   the document writes it mid-sentence ("BOEING" → "Boeing", "MAX" stays, "Checks" → "checks"
   when the body says "checks"); a word the body does not use is lower-cased when it is a
   function word or a common English word (the model's own lemma tables,
   :class:`sourcebook.extract.nlp.Lexicon`), else capitalised (a long all-capitals word) or left
   as it is. Only the case of letters changes, so every offset holds.
2. **reconciliation** (after NER, :func:`reconcile`): the names the body gives are found in the
   headline whatever their case and win where the model's spans overlap them (a span that runs
   past a name is cut back to it, unless the body writes that longer span too: "Spirit
   AeroSystems"); the model's other spans stay.
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

#: a word: letters, with inner apostrophes ("Lohan's" is one word; "Quake-Hit" is two)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: what a word after which a capital says nothing about the word (a sentence may start there)
_OPENERS = frozenset(".!?:;\"“”‘'([{—–-•|*#>")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_MAX_WORDS = 30
#: month and day names: a byline's date ("Andre Damon 5 July 2024") makes no headline
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)


@functools.lru_cache(maxsize=1 << 12)
def headline_case(text: str) -> str:
    """ "upper" for an all-capitals paragraph (of any length: notices, warnings), "title" for a
    title-case line (nearly every content word capitalised), else ""."""
    words = _WORD.findall(text)
    if len(words) < 2:
        return ""
    letters = sum(len(w) for w in words)
    upper = sum(sum(c.isupper() for c in w) for w in words)
    if letters >= 4 and upper >= 0.9 * letters:
        return "upper"
    if len(words) > _MAX_WORDS:
        return ""
    content = [w for w in words if w.lower() not in STOP_WORDS and w.lower() not in _CALENDAR]
    if len(content) < 3 or _SENTENCE_END.search(text):
        return ""
    capitalised = sum(w[0].isupper() for w in content)
    small = sum(w[0].islower() for w in words if w.lower() in STOP_WORDS)
    # a title-case line capitalises its content words; lower-case function words are allowed
    return "title" if capitalised >= 0.85 * len(content) and capitalised > small else ""


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
        """The spellings of ``texts`` (a document's paragraphs but its headlines)."""
        forms: Counter = Counter()
        for text in texts:
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
    """One word of a headline as the document (else the lexicon) would write it mid-sentence."""
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


def _body_names(mentions: Sequence[Mention]) -> dict[str, tuple[str, str]]:
    """Folded surface → (label, canonical id) of the body's names (majority label)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    ids: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        key = m.text.strip().lower()
        if len(key) >= 2:
            labels[key][m.label] += 1
            ids[key][m.canonical_id] += 1
    return {
        k: (labels[k].most_common(1)[0][0], ids[k].most_common(1)[0][0]) for k in sorted(labels)
    }


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
    word ("US", "IT") is not trusted."""
    keys = [k for k in names if not (case == "upper" and k in STOP_WORDS)]
    return sorted((s, e, *names[k]) for s, e, k in occurrences(text.lower(), keys))


def reconcile(
    mentions: Sequence[Mention], paragraphs: Sequence[Paragraph], make_mention
) -> list[Mention]:
    """One document's mentions with its headlines' spans set by the body's names (see the module
    docstring). ``make_mention(para, start, end, label, canonical_id)`` builds a new mention."""
    heads = {p.index: p for p in paragraphs if is_headline(p)}
    if not heads:
        return list(mentions)
    body = [m for m in mentions if m.paragraph not in heads]
    names = _body_names(body)
    out = list(body)
    written = "\n".join(p.text for p in paragraphs if p.index not in heads).lower()
    for index, para in heads.items():
        model = [m for m in mentions if m.paragraph == index]
        known = [
            k
            for k in _find_names(para.text, names, headline_case(para.text))
            if not _longer_in_body(k, model, written)
        ]
        for s, e, label, cid in known:
            same = next((m for m in model if (m.para_start, m.para_end) == (s, e)), None)
            if same is not None:
                out.append(replace(same, label=label, canonical_id=cid or same.canonical_id))
            else:
                out.append(make_mention(para, s, e, label, cid))
        out.extend(
            m for m in model if not any(s < m.para_end and m.para_start < e for s, e, _, _ in known)
        )
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


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

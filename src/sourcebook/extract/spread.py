"""One name, one reading per document: a name NER found once is found wherever the document
writes it again.

The small model misses a name in one sentence that it tags in the next ("If Marisol Price
wanted …"). Every name a body paragraph gives (its surface, as written) is looked for in the
document's other body paragraphs, case-sensitively and on word boundaries, and an occurrence no
mention covers, and that is not glued to another capitalised word ("Madrid" in "Real Madrid"),
becomes a mention with the name's label and id. A one-word name that is also a
common English word is not taken at a sentence start ("Price rose" in an article on Marisol
Price). The first word of an organisation's name, written alone away from a sentence's start
and from other capitalised words, is its short form ("when Real or Atleti plays" in an article
on Real Madrid). Bylines and credit clauses are left alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from sourcebook.core.dates import MONTHS, WEEKDAYS
from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import is_title_word
from sourcebook.extract.headlines import occurrences, sentence_initial

MakeMention = Callable[[Paragraph, int, int, str, str], Mention]
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)


def _names(mentions: Sequence[Mention]) -> dict[str, tuple[str, str]]:
    """Surface → (majority label, most common id) of the mentions."""
    labels: dict[str, Counter] = defaultdict(Counter)
    ids: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        t = m.text.strip()
        if len(t) >= 2 and t[:1].isupper() and not t.lower().startswith("the "):
            labels[t][m.label] += 1
            ids[t][m.canonical_id] += 1
    return {t: (labels[t].most_common(1)[0][0], ids[t].most_common(1)[0][0]) for t in labels}


_BEFORE = re.compile(r"([^\W\d_][\w'’-]*) $")
_AFTER = re.compile(r" ([^\W\d_][\w'’-]*)")


def mention_spans(mentions: Iterable[Mention]) -> defaultdict[int, list[tuple[int, int]]]:
    """Paragraph index → the (start, end) of its mentions, in the mentions' order."""
    spans: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        spans[m.paragraph].append((m.para_start, m.para_end))
    return spans


def _glued(text: str, s: int, e: int) -> bool:
    """Whether a capitalised word (not a function word) touches ``text[s:e]``: then it is part
    of a longer name ("Madrid" in "Real Madrid")."""
    before = _BEFORE.search(text, max(0, s - 40), s)
    after = _AFTER.match(text, e)
    return any(
        w is not None and w.group(1)[:1].isupper() and w.group(1).lower() not in STOP_WORDS
        for w in (before, after)
    )


def spread_names(
    mentions: Sequence[Mention],
    paragraphs: Sequence[Paragraph],
    heads: Collection[int],
    lexicon,
    make: MakeMention,
    skip: dict[int, list[tuple[int, int]]] | None = None,
) -> list[Mention]:
    """``mentions`` and the further occurrences of the body's names (see the module
    docstring); ``skip`` holds spans of a paragraph to leave alone (credits)."""
    names = _names([m for m in mentions if m.paragraph not in heads])
    if not names:
        return list(mentions)
    taken = mention_spans(mentions)
    for i, spans in (skip or {}).items():
        taken[i].extend(spans)
    firsts = _first_words(names, lexicon)
    out = list(mentions)
    for para in paragraphs:
        if para.index in heads or para.kind == "byline":
            continue
        for s, e, word in occurrences(para.text, [*names, *firsts], taken[para.index]):
            common = word in firsts or (" " not in word and lexicon.is_common(word.lower()))
            if (common and sentence_initial(para.text, s)) or _glued(para.text, s, e):
                continue
            label, cid = names.get(word, ("ORG", ""))
            out.append(make(para, s, e, label, cid))
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


def _first_words(names: dict[str, tuple[str, str]], lexicon) -> set[str]:
    """The first words of the document's organisation names of two words or more that are no
    name of the document themselves: written capitalised alone, away from a sentence's start
    and from other capitalised words, they are the organisation's short form ("For Real, the
    fee is modest" in an article on Real Madrid)."""
    out = set()
    for name, (label, _) in names.items():
        words = name.split()
        first = words[0] if len(words) > 1 and label == "ORG" else ""
        if len(first) >= 3 and first.isalpha() and first[0].isupper() and first not in names:
            low = first.lower()
            if low not in STOP_WORDS and low not in _CALENDAR and not is_title_word(first):
                out.add(first)
    return out

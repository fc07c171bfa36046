"""Which recurring paragraphs of an outlet are site furniture, and which carry the article.

A short paragraph that recurs in several documents of one outlet is a candidate
(:func:`sourcebook.normalise.clean.recurring_paragraphs`): a newsletter plea, a footer, a
"Read more" teaser. But a paragraph also recurs when the outlet's article itself recurs
(reprints, updated versions, copies saved twice), and then it is the article's content: its
entities and figures belong in the dossier (the copies are reported as duplicates instead).

An occurrence is judged in its document, by what a reader would look at:

- **kind**: a title is the article's own, never furniture;
- **form**: content is a sentence (at least :data:`MIN_WORDS` words ending in ``.``, ``!``,
  ``?`` or, introducing a quote, ``:``); furniture is a label, a name, a teaser or a button;
- **links**: furniture points elsewhere (a URL, an address, a handle, a Markdown link);
- **what it says**: content shares names or figures (capitalised words inside a sentence,
  numbers other than a year) with the rest of the document's body;
- **position**: furniture sits before the first or after the last paragraph of the document's
  own body; there, one shared name or figure is not enough (a footer may name the event), two
  are.

A candidate that passes all of these is spared; the others are set aside, each with its reason
listed in the boilerplate table and the report's processing log.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from sourcebook.normalise.clean import normalised_key

#: words a paragraph needs to read as a sentence of the article
MIN_WORDS = 8

_LINK = re.compile(r"https?://|www\.|\]\(|[\w.+-]+@[\w-]+\.\w|(?<![\w@])@\w{2,}")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")
_WORD = re.compile(r"\S+")
_YEAR = re.compile(r"(19|20)\d\d")


#: two documents tell the same story when this share of the smaller one's long sentences
#: (outside its recurring paragraphs) is in the other: rewrites of one story share about a
#: third of them, different stories of one event next to none
SAME_STORY = 0.1
#: words of a sentence that can tie two documents to one story
STORY_WORDS = 12
#: documents of a recurring paragraph compared to count its stories (evenly spread)
STORY_SAMPLE = 12

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")


class Stories:
    """How many different stories the documents of a recurring paragraph tell. Furniture
    recurs across an outlet's different articles; a paragraph that recurs only within one
    story is that story's (its reprints and versions are reported as duplicates)."""

    def __init__(self, docs: dict[str, Sequence[str]], candidates: dict[str, list[int]]) -> None:
        self.docs, self.candidates = docs, candidates
        self._prints: dict[str, frozenset[int]] = {}

    def fingerprint(self, doc_id: str) -> frozenset[int]:
        """Hashes of the document's long sentences outside its recurring paragraphs (a
        document made only of recurring paragraphs: of those paragraphs)."""
        found = self._prints.get(doc_id)
        if found is None:
            texts = self.docs[doc_id]
            skip = set(self.candidates.get(doc_id, ()))
            own = [t for i, t in enumerate(texts) if i not in skip]
            items = (
                [s for t in own for s in _SENTENCE_SPLIT.split(t) if len(s.split()) >= STORY_WORDS]
                if own
                else list(texts)  # a copy made only of recurring paragraphs: those
            )
            found = self._prints[doc_id] = frozenset(hash(normalised_key(s)) for s in items)
        return found

    def same(self, a: str, b: str) -> bool:
        """Whether documents ``a`` and ``b`` tell the same story (:data:`SAME_STORY`)."""
        fa, fb = self.fingerprint(a), self.fingerprint(b)
        shared = len(fa & fb)
        return shared > 0 and shared >= SAME_STORY * min(len(fa), len(fb))

    def count(self, doc_ids: Sequence[str]) -> int:
        """Stories told by ``doc_ids`` (at most :data:`STORY_SAMPLE`, compared pairwise)."""
        ids = sorted(doc_ids)
        if len(ids) > STORY_SAMPLE:
            step = len(ids) / STORY_SAMPLE
            ids = [ids[int(k * step)] for k in range(STORY_SAMPLE)]
        stories: list[list[str]] = []
        for d in ids:
            joined = [s for s in stories if any(self.same(d, o) for o in s)]
            merged = [d] + [o for s in joined for o in s]
            stories = [s for s in stories if s not in joined] + [merged]
        return len(stories)


def is_sentence(text: str) -> bool:
    """Whether ``text`` reads as a sentence: enough words and a sentence's last mark."""
    return len(_WORD.findall(text)) >= MIN_WORDS and bool(_SENTENCE_END.search(text.rstrip()))


def has_link(text: str) -> bool:
    """Whether ``text`` points elsewhere: a URL, an e-mail address, a handle, a Markdown link."""
    return bool(_LINK.search(text))


_TOKEN = re.compile(r"[^\W\d_][\w’'-]*|\d[\d,.]*")
_BETWEEN = frozenset(" \t\n\"'“”‘’()[]*_—–-")  # what may stand between a sentence mark and a word
_SPACES = re.compile(r"[\W_]+")


def word_index(texts: Sequence[str]) -> str:
    """The words of ``texts`` between spaces (`` w1 w2 … ``), to ask whether a word is ever
    written in lower case: ``" the " in index``."""
    return " " + _SPACES.sub(" ", " ".join(texts)) + " "


def content_tokens(text: str, words: str = "") -> set[str]:
    """The names and figures of ``text``, folded: capitalised words (at a sentence's start
    only those its document, ``words`` (:func:`word_index`), never writes in lower case:
    "Biden", not "The"), and numbers other than a year (a footer's copyright year says
    nothing)."""
    inside, openers = _token_parts(text)
    if not words:
        return set(inside)
    return inside.union(w for w in openers if f" {w} " not in words)


@lru_cache(maxsize=65_536)
def _token_parts(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The tokens of :func:`content_tokens` that do not depend on the document (numbers other
    than a year, capitalised words inside a sentence) and the capitalised words that open a
    sentence, folded. Cached: a recurring paragraph is read once, not once per document."""
    inside: set[str] = set()
    openers: list[str] = []
    for m in _TOKEN.finditer(text):
        word = m.group().rstrip(".,'’-").removesuffix("’s").removesuffix("'s")
        if not word:
            continue
        if word[0].isdigit():
            digits = re.sub(r"\D", "", word)
            if not _YEAR.fullmatch(digits):
                inside.add(digits)
        elif word[0].isupper() and len(word) > 1:
            j = m.start() - 1
            while j >= 0 and text[j] in _BETWEEN:
                j -= 1
            if j < 0 or text[j] in ".!?:":
                openers.append(word.lower())
            else:
                inside.add(word.lower())
    return frozenset(inside), tuple(openers)


def spared_candidates(
    texts: Sequence[str], kinds: Sequence[str], candidates: Sequence[int]
) -> set[int]:
    """The ``candidates`` (indices of recurring paragraphs of one document, whose paragraphs
    are ``texts`` of ``kinds``) that carry the article's content (see the module docstring)."""
    cand = set(candidates)
    own = [i for i, k in enumerate(kinds) if i not in cand and k in ("body", "")]
    if not cand:
        return set()
    # the rest of the body: the document's own paragraphs; a document made only of recurring
    # paragraphs (a copy) is compared with its other paragraphs
    pool = own or range(len(texts))
    words = word_index(texts)
    tokens = {i: content_tokens(texts[i], words) for i in {*pool, *cand}}
    counts: Counter = Counter(tok for i in pool for tok in tokens[i])
    first, last = (own[0], own[-1]) if own else (-1, len(texts))
    spared = set()
    for i in cand:
        if kinds[i] == "title":
            spared.add(i)
            continue
        if not is_sentence(texts[i]) or has_link(texts[i]):
            continue
        mine = 1 if i in pool else 0
        shared = {tok for tok in tokens[i] if counts[tok] - mine > 0}
        edge = i < first or i > last
        if len(shared) >= (2 if edge else 1):
            spared.add(i)
    return spared

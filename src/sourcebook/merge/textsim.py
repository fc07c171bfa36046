"""Text similarity primitives for merge: word tokens, stable hashes, MinHash and LSH.

Everything here is deterministic across runs and machines (no Python ``hash``), and
vectorised with numpy so a corpus of 100k documents stays near-linear:

- :func:`words` folds a text to lower-case ASCII word tokens;
- :class:`WordHasher` gives each word a stable 64-bit hash (blake2b, cached per word);
- :func:`shingle_hashes` hashes every run of ``k`` words (rolling polynomial in uint64);
- :class:`MinHasher` turns a set of shingle hashes into a signature of ``n_perm`` minima;
- :func:`lsh_candidates` bands the signatures and returns the pairs sharing a band.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from sourcebook.core.text import ascii_fold

_WORD = re.compile(r"[a-z0-9]+")
_PRIME = np.uint64(1_099_511_628_211)  # FNV prime: the rolling combiner of word hashes

STOPWORDS = frozenset(
    (  # noqa: SIM905
        "a about above after again against all also am an and any are as at be because been "
        "before being below between both but by can could did do does doing down during each few "
        "for from further had has have having he her here hers herself him himself his how i if "
        "in into is it its itself just me more most my myself no nor not now of off on once only "
        "or other our ours ourselves out over own same she should so some such than that the "
        "their theirs them themselves then there these they this those through to too under until "
        "up very was we were what when where which while who whom why will with would you your "
        "yours yourself yourselves said says say told according would will also one two new "
    ).split()
)


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` (accents dropped, apostrophes split words)."""
    return ascii_fold(text.replace("’", " ").replace("'", " "))


def words(text: str) -> list[str]:
    """Word tokens of ``text``: folded, letters and digits only."""
    return _WORD.findall(fold(text))


def content_words(text: str, stem: int = 6) -> list[str]:
    """Words that carry content: stop words dropped, crudely stemmed to ``stem`` characters so
    that "announced"/"announce" and "countries"/"country" meet."""
    return [w[:stem] for w in words(text) if w not in STOPWORDS and len(w) > 1]


class WordHasher:
    """Stable 64-bit hashes of words, computed once per distinct word."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, tokens: Sequence[str]) -> np.ndarray:
        cache = self._cache
        for w in set(tokens).difference(cache):
            cache[w] = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
        return np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def shingle_hashes(word_hashes: np.ndarray, k: int = 3) -> np.ndarray:
    """Distinct hashes of every ``k``-word shingle (the whole text if shorter than ``k``)."""
    n = len(word_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if n < k:
        k = n
    h = word_hashes[: n - k + 1].copy()
    for j in range(1, k):
        h = h * _PRIME + word_hashes[j : n - k + 1 + j]
    return np.unique(h)


class MinHasher:
    """MinHash signatures: ``n_perm`` random affine maps over uint64, minimum of each."""

    def __init__(self, n_perm: int = 128, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.n_perm = n_perm
        self.a = rng.integers(1, 2**63, size=n_perm, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, 2**63, size=n_perm, dtype=np.uint64)

    def signature(self, shingles: np.ndarray, chunk: int = 4096) -> np.ndarray:
        """Signature of one set of shingle hashes (all-max for an empty set)."""
        sig = np.full(self.n_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
        for s in range(0, len(shingles), chunk):
            part = shingles[s : s + chunk, None]
            np.minimum(sig, (part * self.a + self.b).min(axis=0), out=sig)
        return sig


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.mean(sig_a == sig_b))


def estimated_jaccards(
    signatures: np.ndarray, pairs: np.ndarray, chunk: int = 20_000
) -> np.ndarray:
    """:func:`estimated_jaccard` of many (row, row) ``pairs`` of ``signatures`` at once, a chunk
    of pairs at a time."""
    out = np.empty(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), chunk):
        part = pairs[s : s + chunk]
        out[s : s + chunk] = (signatures[part[:, 0]] == signatures[part[:, 1]]).mean(axis=1)
    return out


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sets of hashes."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def lsh_candidates(signatures: np.ndarray, bands: int, max_bucket: int = 0) -> set[tuple[int, int]]:
    """Pairs (i < j) of rows of ``signatures`` equal on at least one band of rows.

    A bucket of m members yields its m-1 pairs with its first member and the m-1 pairs of
    neighbours, not all m²/2 pairs, so one huge cluster of copies stays linear; the caller
    closes the pairs transitively. ``max_bucket`` (0: no limit) drops buckets that large.
    """
    n, width = signatures.shape
    rows = width // bands
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        for i in range(n):
            buckets[block[i].tobytes()].append(i)
        for members in buckets.values():
            if len(members) < 2 or (max_bucket and len(members) > max_bucket):
                continue
            first = members[0]
            for a, b in itertools.pairwise(members):
                pairs.add((a, b))
                if a != first:
                    pairs.add((first, b))
    return pairs


def union_find(n: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """Component root of each of ``n`` items joined by ``pairs`` (root = smallest member)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]

"""Documents across sources: copies, rewrites, shared paragraphs, and similar sentences.

- **Copies** (exact and near): MinHash signatures over 3-word shingles of each document's text,
  banded LSH for candidate pairs (linear in the corpus), kept when the estimated Jaccard
  similarity reaches ``copy_jaccard``. Identical texts are found by hash first.
- **Rewrites**: a rewrite shares few shingles with its original (seeds 002/004: 0.07 Jaccard) yet
  says the same thing sentence by sentence, while articles on the same event share topic words
  but not sentences. So the signal is *aligned sentences*: sentence pairs whose IDF-weighted
  cosine over content words reaches ``sentence_similarity``, matched one to one; two documents
  are a rewrite when at least ``rewrite_min_sentences`` sentences and ``rewrite_fraction`` of the
  shorter document's sentences are aligned. Common topic words weigh little under IDF, and a
  few shared quotes never reach the fraction.
- **Shared paragraphs**: the same paragraph (folded words) in several documents — wire copy,
  footers — listed as one row per further document, so a footer in 10k documents is 10k rows,
  not 50M pairs.

Candidate sentence pairs come from an inverted index over each sentence's rarest content words
(words in more than ``max_posting`` sentences are not indexed), so the cost grows with the
corpus, not with its square.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sourcebook.core.memo import Memo, recall
from sourcebook.core.settings import MergeOptions
from sourcebook.core.text import split_sentences
from sourcebook.merge.textsim import (
    MinHasher,
    WordHasher,
    content_words,
    estimated_jaccard,
    estimated_jaccards,
    lsh_candidates,
    shingle_hashes,
    union_find,
    words,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph (:func:`sourcebook.core.text.split_sentences`, the splitter
    every stage uses); ``terms`` are
    its distinct content words, sorted."""

    doc_id: str
    paragraph: int
    text: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """Two documents related by a copy, a rewrite or a shared paragraph."""

    doc_a: str
    doc_b: str
    kind: str  # copy | rewrite | shared_paragraph
    score: float
    evidence: str


def sentences_of(
    paragraphs: Iterable[tuple[str, int, str]],
    min_words: int,
    memo: Memo | None = None,
) -> list[Sentence]:
    """The sentences with at least ``min_words`` content words of (doc_id, index, text) rows.
    ``memo`` keeps each paragraph text's sentences and words from run to run (an edited
    document's paragraphs are the only ones split again)."""
    out = []
    shared: dict[str, str] = {}  # each distinct word and doc id held once, not per sentence
    get = shared.setdefault

    def split(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found = []
        for s in split_sentences(text):
            terms = sorted(set(content_words(s)))
            if len(terms) >= min_words:
                found.append((s, tuple(get(t, t) for t in terms)))
        return tuple(found)

    for doc_id, index, text in paragraphs:
        found = recall(memo, text, split)
        doc = get(doc_id, doc_id)
        out.extend(Sentence(doc, index, s, terms_t) for s, terms_t in found)
    return out


class SentenceSpace:
    """IDF-weighted content-word vectors of a corpus's sentences, and their similar pairs."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = sentences
        # term ids in sorted order of the terms: the same ids (and sums) in every process
        term_id = {
            t: k for k, t in enumerate(sorted(frozenset().union(*(s.terms for s in sentences))))
        }
        flat: list[int] = []
        indptr = np.zeros(len(sentences) + 1, dtype=np.int64)
        get = term_id.__getitem__
        for k, s in enumerate(sentences):
            flat.extend(sorted(map(get, s.terms)))
            indptr[k + 1] = len(flat)
        self.term_id = term_id
        self.indptr = indptr
        self.terms_flat = np.asarray(flat, dtype=np.int64)  # per sentence, sorted term ids
        df_arr = np.bincount(self.terms_flat, minlength=len(term_id))
        self.df_arr = df_arr
        n = max(len(sentences), 1)
        idf_arr = np.log((n + 1) / np.maximum(df_arr, 1)) + 1.0
        self.w2_arr = idf_arr * idf_arr
        self.df = dict(zip(term_id, df_arr.tolist(), strict=True))
        self.idf = dict(zip(term_id, idf_arr.tolist(), strict=True))
        self.w2 = dict(zip(term_id, self.w2_arr.tolist(), strict=True))
        self.norm_arr = np.sqrt(
            [math.fsum(self.w2_arr[self.terms_flat[a:b]]) for a, b in itertools.pairwise(indptr)]
        )
        self.norm = self.norm_arr.tolist()

    def cosine(self, i: int, j: int) -> float:
        common = set(self.sentences[i].terms).intersection(self.sentences[j].terms)
        if not common:
            return 0.0
        w2 = self.w2
        return math.fsum(w2[t] for t in common) / (self.norm[i] * self.norm[j])

    def cosines(self, left: np.ndarray, right: np.ndarray, chunk: int = 200_000) -> np.ndarray:
        """:meth:`cosine` of many pairs at once (vectorised): each left sentence's term ids
        are looked up among the right sentence's, a chunk of pairs at a time."""
        out = np.zeros(len(left), dtype=np.float64)
        if not len(left):
            return out
        n_terms = max(len(self.term_id), 1)
        owner = np.repeat(np.arange(len(self.sentences), dtype=np.int64), np.diff(self.indptr))
        keys = owner * n_terms + self.terms_flat  # sorted: sentences in order, ids sorted
        lengths_all = np.diff(self.indptr)
        for s in range(0, len(left), chunk):
            lc = np.asarray(left[s : s + chunk], dtype=np.int64)
            rc = np.asarray(right[s : s + chunk], dtype=np.int64)
            lengths = lengths_all[lc]
            rep = np.repeat(np.arange(len(lc)), lengths)
            first = np.repeat(np.cumsum(lengths) - lengths, lengths)
            pos = self.indptr[lc][rep] + (np.arange(len(rep)) - first)
            tids = self.terms_flat[pos]
            query = rc[rep] * n_terms + tids
            at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
            hit = keys[at] == query
            sums = np.bincount(rep[hit], weights=self.w2_arr[tids[hit]], minlength=len(lc))
            denom = self.norm_arr[lc] * self.norm_arr[rc]
            out[s : s + chunk] = np.divide(sums, denom, out=np.zeros_like(sums), where=denom > 0)
        return out

    def similar_pairs(self, threshold: float, **options: int) -> list[tuple[int, int, float]]:
        """:meth:`similar_pair_arrays` (same options) as (i, j, cosine) tuples."""
        left, right, cos = self.similar_pair_arrays(threshold, **options)
        return list(zip(left.tolist(), right.tolist(), cos.tolist(), strict=True))

    def similar_pair_arrays(
        self,
        threshold: float,
        index_words: int = 5,
        max_posting: int = 200,
        min_shared: int = 2,
        budget: int = 8,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(i, j, cosine) of sentences of different documents with cosine ≥ ``threshold``.

        Each sentence is indexed under its ``index_words`` rarest words (seen in 2 to
        ``max_posting`` sentences); a pair is a candidate when it shares ``min_shared`` of them
        (or all of the shorter list). Candidate pairs are generated with numpy, a group size at
        a time, so only the cosine of the candidates runs in Python; when there are more than
        ``budget`` per sentence (a corpus whose "rare" words are common), each sentence keeps
        the ``budget`` partners sharing the most rare words, so the work stays linear.
        """
        n = len(self.sentences)
        if n < 2:
            return _NO_PAIRS
        # each sentence's ``index_words`` rarest terms (by document frequency, then term)
        owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.indptr))
        freq = self.df_arr[self.terms_flat]
        ok = (freq > 1) & (freq <= max_posting)
        o, t, f = owner[ok], self.terms_flat[ok], freq[ok]
        order = np.lexsort((t, f, o))
        o, t = o[order], t[order]
        if not len(o):
            return _NO_PAIRS
        firsts = np.r_[0, np.flatnonzero(np.diff(o)) + 1]
        rank = np.arange(len(o)) - np.repeat(firsts, np.diff(np.r_[firsts, len(o)]))
        w, sid = t[rank < index_words], o[rank < index_words]
        n_keys = np.bincount(sid, minlength=n).astype(np.int64)
        order = np.lexsort((sid, w))
        w, sid = w[order], sid[order]
        starts = np.r_[0, np.flatnonzero(np.diff(w)) + 1]
        sizes = np.diff(np.r_[starts, len(w)])
        doc_index: dict[str, int] = {}
        doc_of = np.asarray(
            [doc_index.setdefault(s.doc_id, len(doc_index)) for s in self.sentences], np.int64
        )

        def pair_keys_by_size():
            for size in np.unique(sizes):
                if size < 2:
                    continue
                a, b = np.triu_indices(int(size), 1)
                for g in np.array_split(starts[sizes == size], 1 + len(a) * 50 // 1_000_000):
                    left = sid[g[:, None] + a[None, :]].ravel()
                    right = sid[g[:, None] + b[None, :]].ravel()
                    other = doc_of[left] != doc_of[right]
                    yield left[other] * n + right[other]

        pair_keys, counts = _count_keys(pair_keys_by_size())
        if not len(pair_keys):
            return _NO_PAIRS
        left, right = (pair_keys // n).astype(np.int32), (pair_keys % n).astype(np.int32)
        del pair_keys
        counts = counts.astype(np.int32)
        fewest = np.minimum(n_keys[left], n_keys[right])
        keep = counts >= np.minimum(min_shared, fewest)
        left, right, counts = left[keep], right[keep], counts[keep]
        if len(left) > budget * n:
            # too many: each sentence keeps its ``budget`` partners sharing the most rare words
            log.info("sentence candidates: %d, capped at %d per sentence", len(left), budget)
            keep = _top_per(left, counts, budget) | _top_per(right, counts, budget)
            left, right = left[keep], right[keep]
        cos = self.cosines(left, right)
        keep = cos >= threshold
        return left[keep], right[keep], cos[keep]


_NO_PAIRS = (np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.float64))


def _as_arrays(
    pairs: Sequence[tuple[int, int, float]] | tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) pairs as three arrays (given as arrays already, or as tuples)."""
    if isinstance(pairs, tuple) and len(pairs) == 3 and isinstance(pairs[0], np.ndarray):
        return pairs  # type: ignore[return-value]
    if not len(pairs):
        return _NO_PAIRS
    left, right, cos = zip(*pairs, strict=True)
    return (
        np.asarray(left, dtype=np.int64),
        np.asarray(right, dtype=np.int64),
        np.asarray(cos, dtype=np.float64),
    )


def _count_keys(parts: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct int64 keys of ``parts`` and how often each occurs. Sorted in place in one
    array (the parts are freed while it fills), so the peak memory is about one copy of the
    keys, not the three that ``np.unique(np.concatenate(parts))`` holds."""
    pending = list(parts)
    keys = np.empty(sum(len(p) for p in pending), dtype=np.int64)
    at = 0
    pending.reverse()
    while pending:
        part = pending.pop()
        keys[at : at + len(part)] = part
        at += len(part)
        del part
    if not len(keys):
        return keys, keys.copy()
    keys.sort()
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[first, len(keys)])
    return keys[first], counts


def _top_per(owner: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` highest-``score`` entries of each ``owner`` (ties: first come)."""
    order = np.lexsort((-score, owner))
    owned = owner[order]
    starts = np.r_[0, np.flatnonzero(np.diff(owned)) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(owned)]))
    mask = np.zeros(len(owner), dtype=bool)
    mask[order[np.arange(len(owned)) - first < k]] = True
    return mask


def find_copies(
    doc_texts: dict[str, str], opts: MergeOptions = MergeOptions(), memo: Memo | None = None
) -> list[Duplicate]:
    """Exact and near copies among documents (doc_id → full text); ``memo`` keeps each text's
    hash and MinHash signature from run to run."""
    ids = sorted(doc_texts)
    hasher, minhash = WordHasher(), MinHasher(opts.n_perm)
    sigs = np.empty((len(ids), opts.n_perm), dtype=np.uint64)
    exact: dict[bytes, list[int]] = defaultdict(list)

    def hashed(text: str) -> tuple[bytes, bytes]:
        toks = words(text)
        digest = hashlib.blake2b(" ".join(toks).encode(), digest_size=16).digest()
        return digest, minhash.signature(shingle_hashes(hasher(toks), opts.shingle)).tobytes()

    for i, d in enumerate(ids):
        found = recall(memo, doc_texts[d], hashed)
        exact[found[0]].append(i)
        sigs[i] = np.frombuffer(found[1], dtype=np.uint64)
    out: dict[tuple[int, int], Duplicate] = {}
    for members in exact.values():
        for j in members[1:]:
            a, b = members[0], j
            out[(a, b)] = Duplicate(ids[a], ids[b], "copy", 1.0, "identical text")
    todo = [p for p in sorted(lsh_candidates(sigs, opts.bands)) if p not in out]
    est = estimated_jaccards(sigs, np.asarray(todo, dtype=np.int64).reshape(-1, 2))
    for (a, b), j in zip(todo, est.tolist(), strict=True):
        if j >= opts.copy_jaccard:
            out[(a, b)] = Duplicate(
                ids[a],
                ids[b],
                "copy",
                round(j, 3),
                f"estimated Jaccard {j:.2f} on {opts.shingle}-word shingles (MinHash)",
            )
    return _star_rows(out, ids, sigs)


def _star_rows(
    pairs: dict[tuple[int, int], Duplicate], ids: Sequence[str], sigs: np.ndarray
) -> list[Duplicate]:
    """One row per further member of each group of copies, against the group's first
    document: a story copied by n outlets gives n - 1 rows, not n(n - 1)/2 (on 10,000
    documents derived from five articles: 175,773 pairs before, fewer than 10,000 now)."""
    roots = union_find(len(ids), pairs)
    best: dict[int, Duplicate] = {}  # member → its strongest verified pair
    for (a, b), dup in sorted(pairs.items()):
        for m in (a, b):
            if m not in best or dup.score > best[m].score:
                best[m] = dup
    size = Counter(roots)
    rows = []
    for m in sorted(best):
        root = roots[m]
        if m == root:
            continue
        direct = pairs.get((root, m))
        if direct is not None:
            rows.append(direct)
            continue
        via = best[m]
        other = via.doc_a if via.doc_b == ids[m] else via.doc_b
        j = estimated_jaccard(sigs[root], sigs[m])
        rows.append(
            Duplicate(
                ids[root],
                ids[m],
                "copy",
                round(j, 3),
                f"in a group of {size[root]} copies: copy of {other} ({via.evidence}); "
                f"estimated Jaccard {j:.2f} with {ids[root]}",
            )
        )
    return rows


def find_rewrites(
    space: SentenceSpace,
    pairs: Sequence[tuple[int, int, float]] | tuple[np.ndarray, np.ndarray, np.ndarray],
    group_of: Mapping[str, str] = {},
    opts: MergeOptions = MergeOptions(),
) -> list[Duplicate]:
    """Document pairs with many aligned sentences (see the module docstring); pairs already in
    one group of ``group_of`` (doc_id → group, e.g. copies) are left out. ``pairs``: (i, j,
    cosine) tuples or the three arrays of :meth:`SentenceSpace.similar_pair_arrays`."""
    doc_of = [s.doc_id for s in space.sentences]
    n_sent = Counter(doc_of)
    least = opts.rewrite_min_sentences
    left, right, cos = _as_arrays(pairs)
    # only document pairs with ``least`` similar sentences can be rewrites: found with numpy
    # (at 10k documents, 94k of 880k sentence pairs are in such document pairs)
    names = sorted(n_sent)
    code = {d: k for k, d in enumerate(names)}
    doc_code = np.fromiter((code[d] for d in doc_of), dtype=np.int64, count=len(doc_of))
    da, db = doc_code[left], doc_code[right]
    key = np.minimum(da, db) * max(len(names), 1) + np.maximum(da, db)
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    many = np.flatnonzero(counts[inverse] >= least)
    by_pair: dict[tuple[str, str], list[tuple[float, int, int]]] = defaultdict(list)
    for i, j, c in zip(left[many].tolist(), right[many].tolist(), cos[many].tolist(), strict=True):
        a, b = doc_of[i], doc_of[j]
        if a > b:
            by_pair[(b, a)].append((c, j, i))
        else:
            by_pair[(a, b)].append((c, i, j))
    kept = [  # filtered before sorting: most document pairs share a sentence or two
        (pair, cands)
        for pair, cands in by_pair.items()
        if len(cands) >= least and group_of.get(pair[0], pair[0]) != group_of.get(pair[1], pair[1])
    ]
    out = []
    for (a, b), cands in sorted(kept):
        used_a, used_b, matched = set(), set(), []
        for c, i, j in sorted(cands, key=lambda x: (-x[0], x[1], x[2])):
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            matched.append((c, i, j))
        shorter = min(n_sent[a], n_sent[b])
        frac = len(matched) / shorter if shorter else 0.0
        if len(matched) >= opts.rewrite_min_sentences and frac >= opts.rewrite_fraction:
            c, i, j = matched[0]
            mean = sum(m[0] for m in matched) / len(matched)
            out.append(
                Duplicate(
                    a,
                    b,
                    "rewrite",
                    round(frac, 3),
                    f"{len(matched)} of {shorter} sentences aligned (mean similarity "
                    f"{mean:.2f}), e.g. “{_clip(space.sentences[i].text)}” ~ "
                    f"“{_clip(space.sentences[j].text)}”",
                )
            )
    return out


def shared_paragraphs(
    paragraphs: Iterable[tuple[str, int, str]],
    group_of: Mapping[str, str] = {},
    opts: MergeOptions = MergeOptions(),
) -> list[Duplicate]:
    """Paragraphs (folded words) found in more than one document; one row per extra document,
    except documents of one group of ``group_of`` (copies share all their paragraphs)."""
    groups: dict[bytes, list[tuple[str, str]]] = defaultdict(list)
    for doc_id, _index, text in paragraphs:
        toks = words(text)
        if len(toks) < opts.min_paragraph_words:
            continue
        key = hashlib.blake2b(" ".join(toks).encode(), digest_size=16).digest()
        groups[key].append((doc_id, text))
    out = []
    for members in groups.values():
        docs = sorted({d for d, _ in members})
        if len(docs) < 2:
            continue
        text = min(t for d, t in members if d == docs[0])
        for other in docs[1:]:
            if group_of.get(docs[0], docs[0]) == group_of.get(other, other):
                continue
            out.append(
                Duplicate(
                    docs[0],
                    other,
                    "shared_paragraph",
                    1.0,
                    f"in {len(docs)} documents: “{_clip(text, 200)}”",
                )
            )
    out.sort(key=lambda d: (d.doc_a, d.doc_b, d.evidence))
    return out


def source_groups(doc_ids: Sequence[str], duplicates: Iterable[Duplicate]) -> dict[str, str]:
    """doc_id → the first doc_id of its group of copies and rewrites (one independent source)."""
    ids = sorted(doc_ids)
    pos = {d: i for i, d in enumerate(ids)}
    links = [
        (pos[d.doc_a], pos[d.doc_b])
        for d in duplicates
        if d.kind in ("copy", "rewrite") and d.doc_a in pos and d.doc_b in pos
    ]
    roots = union_find(len(ids), links)
    return {d: ids[roots[i]] for i, d in enumerate(ids)}


def _clip(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"

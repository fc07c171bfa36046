"""The dossier: corpus-wide tables built from every shard's tables.

:func:`build_tables` reads the shard tables and computes each dossier table with a pure
function of plain values: the corpus-wide boilerplate (:func:`set_aside_boilerplate`), the
documents' rows (:func:`document_rows`), the text's links (:func:`text_links`: copies,
rewrites, shared paragraphs, similar sentences), the canonical entities, the figure clusters
and the claims. The work that needs the paragraphs only is handed to the executor the runner
chose (:mod:`sourcebook.core.parallel`), so it may run beside the mentions' merge. The tables'
rows and files are :mod:`sourcebook.merge.tables`'.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow as pa

from sourcebook.core.memo import Memo
from sourcebook.core.parallel import INLINE, Executor
from sourcebook.core.schema import Document, ErrorRecord, Figure, Mention, Quote
from sourcebook.core.tables import read_concat
from sourcebook.core.text import strip_controls
from sourcebook.merge.corroborate import (
    Claim,
    Clustering,
    FigureItem,
    cluster_figures_grouped,
    group_claims,
    unit_class,
    with_sources,
)
from sourcebook.merge.docsim import (
    Duplicate,
    MergeOptions,
    Sentence,
    SentenceSpace,
    find_copies,
    find_rewrites,
    sentences_of,
    shared_paragraphs,
    source_groups,
)
from sourcebook.merge.entities import canonical_entities, find_acronyms, spread_known_names
from sourcebook.merge.figstatus import entry_times
from sourcebook.merge.quotes import quote_rows, speaker_ids
from sourcebook.merge.tables import (
    METADATA_FIELDS,
    RECORDS,
    TABLES,
    BoilerplateRow,
    DocumentRow,
    FigureRow,
    MentionRow,
    page_counts,
    page_tables,
    read_columns,
    read_sorted_records,
    record_columns,
    records_table,
    sorted_table,
)

log = logging.getLogger(__name__)

CLAIM_PARAGRAPH_KINDS = frozenset({"body", "title", ""})
MENTION_ORDER = ("doc_id", "page", "start", "end", "label")
FIGURE_ORDER = ("doc_id", "page", "start", "end")
ERROR_ORDER = ("path", "stage", "page", "kind")
QUOTE_ORDER = ("doc_id", "page", "start", "end")
#: what the dossier reads of the paragraphs (page, start and source map: where a name found
#: by :func:`sourcebook.merge.entities.spread_known_names` stands in the raw text)
PARAGRAPH_COLUMNS = ("doc_id", "index", "text", "kind", "page", "start", "source_map")


# ---------------------------------------------------------------- corpus-wide boilerplate
#: paragraph kinds of a document's header, never set aside as boilerplate
_HEADER_KINDS = frozenset({"title", "byline", "dateline"})


def boilerplate_rows(
    paragraphs: Sequence[dict], outlets: Mapping[str, str], min_docs: int, max_chars: int = 300
) -> list[BoilerplateRow]:
    """Paragraphs recurring in ``min_docs`` or more documents of the same outlet (corpus-wide
    boilerplate that no per-document rule can see), except those that carry their article's
    content (:mod:`sourcebook.merge.furniture`: an outlet's article that recurs is not site
    furniture). Their entities, figures and claims are left out of the dossier; the rows say
    what was set aside and why."""
    from sourcebook.merge.furniture import Stories, spared_candidates
    from sourcebook.normalise.clean import recurring_paragraphs

    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in sorted(paragraphs, key=lambda p: (p["doc_id"], p["index"])):
        by_doc[p["doc_id"]].append(p)
    docs = {d: (outlets.get(d, ""), [p["text"] for p in ps]) for d, ps in by_doc.items()}
    keys: dict[str, str] = {}  # text → normalised key, filled for every paragraph of a hit
    hits = recurring_paragraphs(docs, min_docs=min_docs, max_chars=max_chars, keys=keys)
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)  # documents of each
    for d, idx in hits.items():
        for key in {keys[by_doc[d][i]["text"]] for i in idx}:
            holders[(outlets[d], key)].append(d)
    stories = Stories({d: texts for d, (_, texts) in docs.items()}, hits)
    furniture = {k for k, ds in holders.items() if stories.count(ds) >= min_docs}
    rows = []
    for d in sorted(hits):
        texts = docs[d][1]
        kinds = [p.get("kind") or "body" for p in by_doc[d]]
        # furniture recurs across different stories; a paragraph recurring only within one
        # story is the article's (its copies are duplicates), else judged where it stands
        # the header's own lines (title, byline, dateline) are the document's metadata, read
        # by normalise: an author's byline recurs over their stories and is no site furniture
        recurring = [
            i
            for i in hits[d]
            if (outlets[d], keys[texts[i]]) in furniture and kinds[i] not in _HEADER_KINDS
        ]
        if not recurring:
            continue
        spared = spared_candidates(texts, kinds, recurring)
        for i in recurring:
            if i in spared:
                continue
            p = by_doc[d][i]
            n = len(holders[(outlets[d], keys[p["text"]])])
            reason = f"recurs in {n} documents of {outlets[d]}"
            rows.append(BoilerplateRow(d, int(p["index"]), outlets[d], p["text"], reason))
    return rows


def set_aside_boilerplate(
    paragraphs: list[dict], outlets: Mapping[str, str], opts: MergeOptions
) -> tuple[list[BoilerplateRow], list[dict]]:
    """The corpus-wide boilerplate rows and the paragraphs left once they are set aside."""
    boiler = boilerplate_rows(paragraphs, outlets, opts.boilerplate_min_docs)
    if boiler:
        skip = {(b.doc_id, b.paragraph) for b in boiler}
        paragraphs = [p for p in paragraphs if (p["doc_id"], int(p["index"])) not in skip]
        log.info("boilerplate: %d recurring paragraphs set aside", len(boiler))
    return boiler, paragraphs


def _outside(items: list, texts: Mapping[str, list[str]]) -> list:
    """The mentions or figures whose sentence is not in their document's boilerplate ``texts``
    (each (document, sentence) tested once: a sentence carries several mentions)."""
    # a document's boilerplate as one string: one substring search per sentence, not one per
    # paragraph (no sentence holds the NUL that separates them)
    joined = {d: "\0".join(ts) for d, ts in texts.items()}
    seen: dict[tuple[str, str], bool] = {}
    out = []
    for item in items:
        boiler = joined.get(item.doc_id)
        if boiler is None or not item.sentence:
            out.append(item)
            continue
        key = (item.doc_id, item.sentence)
        inside = seen.get(key)
        if inside is None:
            sentence = item.sentence
            inside = seen[key] = (
                sentence in boiler
                if "\0" not in sentence
                else any(sentence in t for t in texts[item.doc_id])
            )
        if not inside:
            out.append(item)
    return out


def outside_boilerplate(
    mentions: list[Mention], figures: list[Figure], boiler: Sequence[BoilerplateRow]
) -> tuple[list[Mention], list[Figure]]:
    """The mentions and figures whose sentence is not in their document's boilerplate."""
    if not boiler:
        return mentions, figures
    texts: dict[str, list[str]] = defaultdict(list)
    for b in boiler:
        texts[b.doc_id].append(b.text)
    return _outside(mentions, texts), _outside(figures, texts)


# ---------------------------------------------------------------- documents


def document_rows(
    docs: Sequence[dict],
    meta: Sequence[dict],
    pages: Mapping[str, tuple[int, int]],
    errors: Sequence[dict],
) -> list[DocumentRow]:
    """``pages`` is :func:`sourcebook.merge.tables.page_counts` of the page tables."""
    by_meta = {m["doc_id"]: m for m in meta}
    errs: dict[str, list[str]] = defaultdict(list)
    for e in errors:
        if e["severity"] == "error":
            errs[e["doc_id"]].append(f"{e['stage']}: {e['message']}")
    rows = []
    for d in sorted(docs, key=lambda d: d["doc_id"]):
        m = by_meta.get(d["doc_id"], {})
        status = d["status"]
        if status == "ok" and errs.get(d["doc_id"]):
            status = "partial"
        rows.append(
            DocumentRow(
                doc_id=d["doc_id"],
                path=d["path"],
                format=d["format"],
                # shown to people: no control or direction-override character (U+202E)
                **{k: strip_controls(str(m.get(k) or "")) for k in METADATA_FIELDS},
                pages=d["n_pages"],
                ocr_pages=pages.get(d["doc_id"], (0, 0))[1],
                chars=pages.get(d["doc_id"], (0, 0))[0],
                status=status,
                error="; ".join(errs.get(d["doc_id"], [])),
            )
        )
    return rows


# ---------------------------------------------------------------- the text's links


@dataclasses.dataclass(frozen=True)
class TextLinks:
    """What the paragraph text alone says about the documents: copies, rewrites, shared
    paragraphs, each document's independent source, and the similar sentence pairs claims are
    grouped from (``sentences`` holds only the sentences of those pairs, in corpus order)."""

    copies: list[Duplicate]
    rewrites: list[Duplicate]
    shared: list[Duplicate]
    source_of: dict[str, str]
    sentences: list[Sentence]
    # the similar pairs (i, j, cosine) as arrays: a million pairs cross the pipe as bytes
    left: np.ndarray
    right: np.ndarray
    cos: np.ndarray

    @property
    def pairs(self) -> list[tuple[int, int, float]]:
        return list(zip(self.left.tolist(), self.right.tolist(), self.cos.tolist(), strict=True))

    def keyed_sentences(self, similarity: float) -> set[tuple[str, str]]:
        """(doc_id, sentence) of the pairs below ``similarity``: the sentences whose entities
        and figures decide whether they make a claim (see group_claims)."""
        low = self.cos < similarity
        which = np.unique(np.concatenate([self.left[low], self.right[low]]))
        return {(self.sentences[k].doc_id, self.sentences[k].text) for k in which.tolist()}

    def duplicates(self) -> list[Duplicate]:
        """Copies, rewrites and shared paragraphs in the duplicates table's row order."""
        duplicates = self.copies + self.rewrites + self.shared
        duplicates.sort(key=lambda d: (d.doc_a, d.doc_b, d.kind, d.evidence))
        log.info(
            "duplicates: %d copies, %d rewrites, %d shared paragraphs",
            len(self.copies),
            len(self.rewrites),
            len(self.shared),
        )
        return duplicates


def text_links(
    doc_ids: Sequence[str],
    paragraphs: Sequence[dict],
    opts: MergeOptions,
    memo_dir: str | None = None,
) -> TextLinks:
    """Copies, rewrites, shared paragraphs and similar sentences of ``paragraphs`` (boilerplate
    already set aside); needs no mention or figure, so it can run beside them. ``memo_dir``
    keeps each text's signature and sentences for the next run (see :mod:`sourcebook.core.memo`)."""
    from sourcebook.core.cache import code_fingerprint

    code = code_fingerprint(["merge.docsim"])
    memo_path = {
        name: Path(memo_dir) / f"{name}.pickle" if memo_dir else None
        for name in ("signatures", "sentences")
    }
    sig_memo = Memo.load(memo_path["signatures"], f"{code}:{opts.shingle}:{opts.n_perm}")
    sent_memo = Memo.load(memo_path["sentences"], f"{code}:{opts.min_sentence_words}")
    doc_text: dict[str, list[str]] = defaultdict(list)
    para_rows = []
    for p in sorted(paragraphs, key=lambda p: (p["doc_id"], p["index"])):
        doc_text[p["doc_id"]].append(p["text"])
        para_rows.append((p["doc_id"], p["index"], p["text"]))
    for d in doc_ids:
        doc_text.setdefault(d, [])
    copies = find_copies({d: "\n".join(t) for d, t in doc_text.items()}, opts, sig_memo)
    groups = source_groups(list(doc_text), copies)
    claim_rows = [
        (p["doc_id"], p["index"], p["text"])
        for p in paragraphs
        if (p.get("kind") or "") in CLAIM_PARAGRAPH_KINDS
    ]
    space = SentenceSpace(sentences_of(sorted(claim_rows), opts.min_sentence_words, sent_memo))
    for name, memo in (("signatures", sig_memo), ("sentences", sent_memo)):
        log.info("memo %s: %d of %d texts from the last run", name, memo.hits, len(memo.used))
        memo.save(memo_path[name])
        memo.old = {}  # done with: its memory goes back before the pairs are found
    left, right, cos = space.similar_pair_arrays(
        opts.sentence_similarity, opts.index_words, opts.max_posting
    )
    rewrites = find_rewrites(space, (left, right, cos), groups, opts)
    shared = shared_paragraphs(para_rows, groups, opts)
    source_of = source_groups(list(doc_text), copies + rewrites)
    # claims read only the sentences of similar pairs: keep those, renumbered in order
    involved = np.unique(np.concatenate([left, right]))
    return TextLinks(
        copies,
        rewrites,
        shared,
        source_of,
        [space.sentences[k] for k in involved.tolist()],
        np.searchsorted(involved, left).astype(np.int32),
        np.searchsorted(involved, right).astype(np.int32),
        cos,
    )


# ---------------------------------------------------------------- figures and claims


def figure_ids(figures: Sequence[Figure]) -> list[str]:
    """Each figure's id: ``<doc_id>:f0001`` on, numbered in document order."""
    ids: list[str] = []
    per_doc: Counter = Counter()
    for f in figures:
        per_doc[f.doc_id] += 1
        ids.append(f"{f.doc_id}:f{per_doc[f.doc_id]:04d}")
    return ids


def figure_items(
    figures: Sequence[Figure],
    ids: Sequence[str],
    dates: Mapping[str, str] = {},
    entries: Mapping[tuple[str, int], str] = {},
) -> list[FigureItem]:
    """What clustering needs of each figure, under its id, with its document's date
    (``dates``) and its live-blog entry's time (``entries``: see
    :func:`sourcebook.merge.figstatus.entry_times`)."""
    return [
        FigureItem(
            fid, f.doc_id, f.value, f.value_max, f.unit, f.kind, f.qualifier, f.subject, f.text,
            f.sentence, date=(dates.get(f.doc_id) or "")[:10],
            entry=entries.get((f.doc_id, f.paragraph), ""),
            dimension=f.dimension or "", value_base=f.value_base,
            value_max_base=f.value_max_base, counted=f.counted or "", per=f.per or "",
        )
        for fid, f in zip(ids, figures, strict=True)
    ]  # fmt: skip


def sentence_entities(
    mentions: Sequence[Mention], entity_ids: Sequence[str]
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(doc_id, sentence) → its named entities as (text, entity id): what its figures belong
    to."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for m, eid in zip(mentions, entity_ids, strict=True):
        if eid and m.sentence:
            out[(m.doc_id, m.sentence)].append((m.text, eid))
    return out


def claims_of(
    text: TextLinks,
    mentions: Sequence[Mention],
    entity_ids: Sequence[str],
    figures: Sequence[Figure],
    opts: MergeOptions,
    outlets: Mapping[str, str],
    clustering: Clustering | None = None,
) -> list[Claim]:
    """The claims of the text's similar sentences; below ``claim_similarity`` two sentences
    must also share an entity (``entity_ids``: each mention's) or a figure value. Sentences
    giving different values of one figure cluster (``clustering``) are rival claims."""
    wanted = text.keyed_sentences(opts.claim_similarity)
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, eid in zip(mentions, entity_ids, strict=True):
        if eid and (m.doc_id, m.sentence) in wanted:
            keys[(m.doc_id, m.sentence)].add("e:" + eid)
    for f in figures:
        if f.kind != "date" and f.value is not None and (f.doc_id, f.sentence) in wanted:
            what = f.counted if f.unit == "count" and f.counted else f.unit
            keys[(f.doc_id, f.sentence)].add(f"f:{unit_class(what, f.kind)}:{f.value:g}")
    claims = group_claims(
        text.sentences,
        text.pairs,
        text.source_of,
        {k: frozenset(v) for k, v in keys.items()},
        opts.claim_similarity,
        opts.claim_similarity_shared,
        outlet_of=outlets,
        **(clustering.claim_keys() if clustering else {}),
    )
    log.info("claims: %d", len(claims))
    return claims


# ---------------------------------------------------------------- every table


def build_tables(
    documents_paths: Sequence[str],
    metadata_paths: Sequence[str],
    mentions_paths: Sequence[str],
    figures_paths: Sequence[str],
    errors_paths: Sequence[str],
    paragraphs_paths: Sequence[str] = (),
    pages_paths: Sequence[str] = (),
    gazetteer=None,
    opts: MergeOptions | None = None,
    memo_dir: str | None = None,
    executor: Executor = INLINE,
    quotes_paths: Sequence[str] = (),
) -> dict[str, pa.Table]:
    """Read every shard's tables and build the dossier tables, in a stable row order.

    The work that needs the paragraphs only (their acronyms, :func:`text_links`, the
    documents' rows) goes to ``executor`` as soon as the paragraphs are read, in the order it
    is needed here; a forking executor runs it in a second process while this one reads and
    merges the mentions and figures (fork: nothing is copied on the way in). Same tables
    either way."""
    opts = opts or MergeOptions()
    shared: dict[str, str] = {}  # one str object per distinct value across the tables
    docs = read_concat(documents_paths, Document).to_pylist()
    meta = read_columns(metadata_paths, ("doc_id", *METADATA_FIELDS), shared)
    pages = page_counts(page_tables(pages_paths))
    paragraphs = read_columns(paragraphs_paths, PARAGRAPH_COLUMNS, shared)
    errors = sorted_table(read_concat(errors_paths, ErrorRecord), ERROR_ORDER)
    outlets = {m["doc_id"]: m.get("outlet") or "" for m in meta}
    boiler, kept = set_aside_boilerplate(paragraphs, outlets, opts)
    side = executor.submit(
        partial(find_acronyms, (p["text"] for p in kept)),
        partial(text_links, [d["doc_id"] for d in docs], kept, opts, memo_dir),
        partial(document_rows, docs, meta, pages, errors.to_pylist()),
    )
    mentions = read_sorted_records(mentions_paths, Mention, MENTION_ORDER, shared)
    figures = read_sorted_records(figures_paths, Figure, FIGURE_ORDER, shared)
    quotes = read_sorted_records(quotes_paths, Quote, QUOTE_ORDER, shared)
    pa.default_memory_pool().release_unused()  # the tables read are records now
    del shared
    mentions, figures = outside_boilerplate(mentions, figures, boiler)
    acronyms = side.next()
    mentions = spread_known_names(mentions, kept, defined=acronyms)
    entities, entity_ids = canonical_entities(
        mentions, gazetteer, similarity=opts.entity_similarity, acronyms=acronyms
    )
    log.info("entities: %d from %d mentions", len(entities), len(mentions))
    fig_ids = figure_ids(figures)
    dates = {m["doc_id"]: m.get("date") or "" for m in meta}
    clustering = cluster_figures_grouped(
        figure_items(figures, fig_ids, dates, entry_times(kept)),
        entities=sentence_entities(mentions, entity_ids),
    )
    cluster_of = clustering.assignment
    log.info("figure clusters: %d from %d figures", len(clustering.clusters), len(figures))
    text: TextLinks = side.next()
    records = {
        "duplicates": text.duplicates(),
        "claims": claims_of(text, mentions, entity_ids, figures, opts, outlets, clustering),
        "entities": entities,
        "mentions": record_columns(mentions, MentionRow, entity_id=entity_ids),
        "figures": record_columns(
            figures,
            FigureRow,
            figure_id=fig_ids,
            cluster_id=[cluster_of.get(i, "") for i in fig_ids],
        ),
        "figure_clusters": with_sources(clustering.clusters, text.source_of, outlets),
        "boilerplate": boiler,
        "quotes": quote_rows(quotes, speaker_ids(mentions, entity_ids)),
        "documents": side.result(),
    }
    tables = {name: records_table(records[name], cls) for name, cls in RECORDS.items()}
    tables["errors"] = errors
    return {name: tables[name] for name in TABLES}


__all__ = ["TABLES", "TextLinks", "build_tables", "document_rows", "text_links"]

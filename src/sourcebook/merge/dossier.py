"""The dossier: corpus-wide tables from every shard, as CSV, Parquet and one DuckDB file."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .corroborate import Claim, FigureCluster, FigureItem, cluster_figures, group_claims, unit_class
from .docsim import (
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
from .memo import Memo
from .merge import Entity, canonical_entities, find_acronyms
from .parallel import Forked, Inline, start
from .schema import Document, ErrorRecord, Figure, Mention
from .tables import (
    arrow_schema,
    atomic_path,
    column_values,
    read_concat,
    records_of,
    to_table,
    write_table,
)

log = logging.getLogger(__name__)

# the dossier tables; their column names are the contract documented in the README
TABLES = (
    "documents",
    "entities",
    "mentions",
    "figures",
    "figure_clusters",
    "duplicates",
    "claims",
    "boilerplate",
    "errors",
)
METADATA_FIELDS = ("title", "outlet", "author", "date", "language")
CLAIM_PARAGRAPH_KINDS = frozenset({"body", "title", ""})


@dataclasses.dataclass(frozen=True)
class BoilerplateRow:
    """A paragraph that recurs across documents of one outlet: site furniture, not content."""

    doc_id: str = dataclasses.field(metadata={"doc": "document the paragraph was found in"})
    paragraph: int = dataclasses.field(metadata={"doc": "index of the paragraph in the document"})
    outlet: str = dataclasses.field(metadata={"doc": "the outlet whose documents repeat it"})
    text: str = dataclasses.field(metadata={"doc": "the paragraph"})
    reason: str = dataclasses.field(metadata={"doc": "why it was set aside"})


def boilerplate_rows(
    paragraphs: Sequence[dict], outlets: Mapping[str, str], min_docs: int
) -> list[BoilerplateRow]:
    """Paragraphs recurring in ``min_docs`` or more documents of the same outlet (corpus-wide
    boilerplate that no per-document rule can see). Their entities, figures and claims are
    left out of the dossier; the rows say what was set aside and why."""
    from .clean import recurring_paragraphs

    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in sorted(paragraphs, key=lambda p: (p["doc_id"], p["index"])):
        by_doc[p["doc_id"]].append(p)
    docs = {d: (outlets.get(d, ""), [p["text"] for p in ps]) for d, ps in by_doc.items()}
    keys: dict[str, str] = {}  # text → normalised key, filled for every paragraph of a hit
    hits = recurring_paragraphs(docs, min_docs=min_docs, keys=keys)
    count: Counter = Counter()
    for d, idx in hits.items():
        for key in {keys[by_doc[d][i]["text"]] for i in idx}:
            count[(outlets[d], key)] += 1
    rows = []
    for d in sorted(hits):
        for i in hits[d]:
            p = by_doc[d][i]
            n = count[(outlets[d], keys[p["text"]])]
            reason = f"recurs in {n} documents of {outlets[d]}"
            rows.append(BoilerplateRow(d, int(p["index"]), outlets[d], p["text"], reason))
    return rows


def _outside_boilerplate(items: list, texts: Mapping[str, list[str]]) -> list:
    """The mentions or figures whose sentence is not in their document's boilerplate (each
    (document, sentence) tested once: a sentence carries several mentions)."""
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


@dataclasses.dataclass(frozen=True)
class DocumentRow:
    """One source in the dossier: manifest, ingest outcome, metadata and errors."""

    doc_id: str
    path: str
    format: str
    title: str
    outlet: str
    author: str
    date: str
    language: str
    pages: int
    ocr_pages: int = dataclasses.field(metadata={"doc": "pages whose text came from OCR"})
    chars: int = dataclasses.field(metadata={"doc": "characters of page text"})
    status: str = dataclasses.field(metadata={"doc": "ok, partial or error"})
    error: str = dataclasses.field(metadata={"doc": "error messages of every stage, '; '-joined"})


@dataclasses.dataclass(frozen=True)
class MentionRow:
    entity_id: str
    doc_id: str
    text: str
    label: str
    start: int
    end: int
    page: int
    sentence: str


@dataclasses.dataclass(frozen=True)
class FigureRow:
    figure_id: str
    doc_id: str
    value: float | None
    unit: str
    qualifier: str
    subject: str
    text: str
    start: int
    end: int
    page: int
    sentence: str
    cluster_id: str


def _sorted(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    return table.sort_by([(k, "ascending") for k in keys]) if table.num_rows else table


def _sorted_records(
    table: pa.Table, cls: type, keys: Sequence[str], shared: dict[str, str]
) -> list:
    """:func:`records_of` ``table`` in the order of ``keys`` (the rows are ordered as records:
    reordering the table itself moved every string, a second on 600,000 mentions)."""
    records = records_of(table, cls, shared)
    if not records:
        return records
    order = pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys])
    return [records[i] for i in order.to_numpy().tolist()]


def read_columns(
    paths: Sequence[str], columns: Sequence[str], shared: dict[str, str] | None = None
) -> list[dict]:
    """Rows of the shard tables at ``paths``, with only ``columns`` (missing ones read as "")
    — for tables another stage may still be extending (metadata, pages). Equal strings are
    shared (see :func:`sourcebook.tables.records_of`)."""
    shared = {} if shared is None else shared
    rows: list[dict] = []
    for p in paths:
        if not Path(p).exists():
            continue
        names = pq.read_schema(p).names
        table = pq.read_table(p, columns=[c for c in columns if c in names])
        values = [
            column_values(table.column(c).combine_chunks(), shared)
            if c in table.column_names
            else [""] * table.num_rows
            for c in columns
        ]
        rows.extend(dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True))
    return rows


def page_counts(tables: Iterable[pa.Table]) -> dict[str, tuple[int, int]]:
    """doc_id → (characters of page text, pages whose text came from OCR), counted in Arrow
    (the page texts never become Python strings)."""
    out: dict[str, tuple[int, int]] = {}
    for t in tables:
        if not t.num_rows:
            continue
        counts = (
            pa.table(
                {
                    "doc_id": t["doc_id"],
                    "chars": pc.utf8_length(pc.fill_null(t["text"], "")).cast(pa.int64()),
                    "ocr": pc.equal(t["source"], "ocr").cast(pa.int64()),
                }
            )
            .group_by("doc_id")
            .aggregate([("chars", "sum"), ("ocr", "sum")])
        )
        for d, c, o in zip(
            counts["doc_id"].to_pylist(),
            counts["chars_sum"].to_pylist(),
            counts["ocr_sum"].to_pylist(),
            strict=True,
        ):
            c0, o0 = out.get(d, (0, 0))
            out[d] = (c0 + c, o0 + o)
    return out


def _page_tables(paths: Sequence[str]) -> Iterable[pa.Table]:
    for p in paths:
        if Path(p).exists():
            yield pq.read_table(p, columns=["doc_id", "text", "source"])


def document_rows(
    docs: Sequence[dict],
    meta: Sequence[dict],
    pages: Mapping[str, tuple[int, int]],
    errors: Sequence[dict],
) -> list[DocumentRow]:
    """``pages`` is :func:`page_counts` of the page tables."""
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
                **{k: "" if m.get(k) is None else str(m.get(k, "")) for k in METADATA_FIELDS},
                pages=d["n_pages"],
                ocr_pages=pages.get(d["doc_id"], (0, 0))[1],
                chars=pages.get(d["doc_id"], (0, 0))[0],
                status=status,
                error="; ".join(errs.get(d["doc_id"], [])),
            )
        )
    return rows


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


def text_links(
    doc_ids: Sequence[str],
    paragraphs: Sequence[dict],
    opts: MergeOptions,
    memo_dir: str | None = None,
) -> TextLinks:
    """Copies, rewrites, shared paragraphs and similar sentences of ``paragraphs`` (boilerplate
    already set aside); needs no mention or figure, so it can run beside them. ``memo_dir``
    keeps each text's signature and sentences for the next run (see :mod:`sourcebook.memo`)."""
    from .cache import code_fingerprint

    code = code_fingerprint(["docsim"])
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


def beside_mentions(
    doc_ids: Sequence[str],
    paragraphs: Sequence[dict],
    opts: MergeOptions,
    memo_dir: str | None,
    documents: Callable[[], list[DocumentRow]],
) -> Iterator[Any]:
    """The merge's work that needs no mention or figure, in the order the mentions' side asks
    for it: the acronyms defined in ``paragraphs``, their :func:`text_links`, then the
    ``documents`` rows."""
    yield find_acronyms(p["text"] for p in paragraphs)
    yield text_links(doc_ids, paragraphs, opts, memo_dir)
    yield documents()


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


def corpus_tables(
    mentions: Sequence[Mention],
    figures: Sequence[Figure],
    boiler_rows: Sequence[BoilerplateRow],
    side: Forked | Inline,
    gazetteer=None,
    opts: MergeOptions | None = None,
    outlets: Mapping[str, str] | None = None,
) -> dict[str, list | dict[str, list]]:
    """The merged records: entities, mentions, figures and their clusters, duplicates, claims,
    and the corpus-wide boilerplate whose mentions, figures and sentences are left out.
    Mentions and figures come as columns (name → values), the rest as records.

    ``boiler_rows`` are :func:`set_aside_boilerplate`'s rows and ``side`` the
    :func:`beside_mentions` stream of the paragraphs it left (see :func:`build_tables`)."""
    opts = opts or MergeOptions()
    if boiler_rows:
        boiler_text: dict[str, list[str]] = defaultdict(list)
        for b in boiler_rows:
            boiler_text[b.doc_id].append(b.text)
        mentions = _outside_boilerplate(mentions, boiler_text)
        figures = _outside_boilerplate(figures, boiler_text)
    acronyms = side.next()
    entities, assignment = canonical_entities(
        mentions, gazetteer, similarity=opts.entity_similarity, acronyms=acronyms
    )
    log.info("entities: %d from %d mentions", len(entities), len(mentions))

    fig_ids: list[str] = []
    per_doc: Counter = Counter()
    for f in figures:
        per_doc[f.doc_id] += 1
        fig_ids.append(f"{f.doc_id}:f{per_doc[f.doc_id]:04d}")
    items = [
        FigureItem(
            fid,
            f.doc_id,
            f.value,
            f.value_max,
            f.unit,
            f.kind,
            f.qualifier,
            f.subject,
            f.text,
            f.sentence,
        )
        for fid, f in zip(fig_ids, figures, strict=True)
    ]
    clusters, fig_cluster = cluster_figures(items)
    log.info("figure clusters: %d from %d figures", len(clusters), len(figures))

    text: TextLinks = side.next()
    wanted = text.keyed_sentences(opts.claim_similarity)
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, eid in zip(mentions, assignment, strict=True):
        if eid and (m.doc_id, m.sentence) in wanted:
            keys[(m.doc_id, m.sentence)].add("e:" + eid)
    for f in figures:
        if f.kind != "date" and f.value is not None and (f.doc_id, f.sentence) in wanted:
            keys[(f.doc_id, f.sentence)].add(f"f:{unit_class(f.unit, f.kind)}:{f.value:g}")
    duplicates = text.copies + text.rewrites + text.shared
    duplicates.sort(key=lambda d: (d.doc_a, d.doc_b, d.kind, d.evidence))
    log.info(
        "duplicates: %d copies, %d rewrites, %d shared paragraphs",
        len(text.copies),
        len(text.rewrites),
        len(text.shared),
    )
    claims = group_claims(
        text.sentences,
        text.pairs,
        text.source_of,
        {k: frozenset(v) for k, v in keys.items()},
        opts.claim_similarity,
        opts.claim_similarity_shared,
        outlet_of=outlets or {},
    )
    log.info("claims: %d", len(claims))

    # the two big tables as columns (a MentionRow per mention cost 1.5 s at 600k mentions)
    mention_rows = {
        "entity_id": assignment,
        **{
            name: [getattr(m, name) for m in mentions]
            for name in ("doc_id", "text", "label", "start", "end", "page", "sentence")
        },
    }
    figure_rows = {
        "figure_id": fig_ids,
        **{
            name: [getattr(f, name) for f in figures]
            for name in (
                "doc_id", "value", "unit", "qualifier", "subject", "text", "start", "end",
                "page", "sentence",
            )
        },
        "cluster_id": [fig_cluster.get(fid, "") for fid in fig_ids],
    }  # fmt: skip
    return {
        "entities": entities,
        "mentions": mention_rows,
        "figures": figure_rows,
        "figure_clusters": clusters,
        "duplicates": duplicates,
        "claims": claims,
        "boilerplate": boiler_rows,
    }


RECORDS = {
    "documents": DocumentRow,
    "entities": Entity,
    "mentions": MentionRow,
    "figures": FigureRow,
    "figure_clusters": FigureCluster,
    "duplicates": Duplicate,
    "claims": Claim,
    "boilerplate": BoilerplateRow,
}


def records_table(records: Sequence | Mapping[str, list], cls: type) -> pa.Table:
    """:func:`sourcebook.tables.to_table` of records, or a table of their columns (name →
    values)."""
    if isinstance(records, Mapping):
        schema = arrow_schema(cls)
        return pa.Table.from_pydict({name: records[name] for name in schema.names}, schema=schema)
    return to_table(records, cls)


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
    workers: int = 1,
    memo_dir: str | None = None,
) -> dict[str, pa.Table]:
    """Read every shard's tables and build the dossier tables, in a stable row order; with
    ``workers`` ≥ 2 the text's links (copies, rewrites, similar sentences) are found in a
    second process while this one merges mentions and figures. Same tables either way."""
    docs = read_concat(documents_paths, Document).to_pylist()
    shared: dict[str, str] = {}  # one str object per distinct value across the tables
    meta = read_columns(metadata_paths, ("doc_id", *METADATA_FIELDS), shared)
    pages = page_counts(_page_tables(pages_paths))
    paragraphs = read_columns(paragraphs_paths, ("doc_id", "index", "text", "kind"), shared)
    errors = _sorted(read_concat(errors_paths, ErrorRecord), ["path", "stage", "page", "kind"])
    outlets = {m["doc_id"]: m.get("outlet") or "" for m in meta}
    opts = opts or MergeOptions()
    boiler_rows, kept = set_aside_boilerplate(paragraphs, outlets, opts)
    # the text's links need paragraphs only: a second process finds them while this one reads
    # and merges the mentions and figures (fork: nothing is copied on the way in)
    doc_ids = [d["doc_id"] for d in docs]
    side = start(
        beside_mentions,
        doc_ids,
        kept,
        opts,
        memo_dir,
        partial(document_rows, docs, meta, pages, errors.to_pylist()),
        fork=workers > 1,
        stream=True,
    )
    mentions = _sorted_records(
        read_concat(mentions_paths, Mention),
        Mention,
        ["doc_id", "page", "start", "end", "label"],
        shared,
    )
    figures = _sorted_records(
        read_concat(figures_paths, Figure), Figure, ["doc_id", "page", "start", "end"], shared
    )
    pa.default_memory_pool().release_unused()  # the tables read are records now
    del shared
    records = corpus_tables(mentions, figures, boiler_rows, side, gazetteer, opts, outlets)
    records["documents"] = side.result()
    tables = {name: records_table(records[name], cls) for name, cls in RECORDS.items()}
    tables["errors"] = errors
    return {name: tables[name] for name in TABLES}


def _csv_ready(table: pa.Table) -> pa.Table:
    """Lists joined with | so every CSV cell is a plain value."""
    cols = []
    for col in table.columns:
        if pa.types.is_list(col.type):
            col = pa.array(["|".join(map(str, v or [])) for v in col.to_pylist()], pa.string())
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def write_csv(table: pa.Table, path: str | Path) -> None:
    with atomic_path(path) as tmp:
        pacsv.write_csv(
            _csv_ready(table),
            tmp,
            write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed"),
        )


def write_duckdb(tables: dict[str, pa.Table], path: str | Path) -> None:
    """All dossier tables in one DuckDB file, one table each."""
    import duckdb

    with atomic_path(path) as tmp:
        tmp.unlink()
        con = duckdb.connect(str(tmp))
        try:
            for name, table in tables.items():
                con.register("t", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM t')
                con.unregister("t")
        finally:
            con.close()


def run_merge(
    documents: Sequence[str],
    metadata: Sequence[str],
    mentions: Sequence[str],
    figures: Sequence[str],
    errors: Sequence[str],
    out_dir: str,
    duckdb_out: str,
    paragraphs: Sequence[str] = (),
    pages: Sequence[str] = (),
    gazetteer: Mapping | None = None,
    options: Mapping | None = None,
    workers: int = 1,
    memo_dir: str | None = None,
) -> None:
    """Build the dossier tables (on ``workers`` processes, at most 2 used) and write them as
    Parquet, CSV and one DuckDB file."""
    from .gazetteer import load_gazetteer

    g = gazetteer or {}
    gaz = load_gazetteer(g.get("extra", ()), g.get("files", ()), g.get("builtin", True))
    tables = build_tables(
        documents,
        metadata,
        mentions,
        figures,
        errors,
        paragraphs,
        pages,
        gazetteer=gaz,
        opts=MergeOptions(**(options or {})),
        workers=workers,
        memo_dir=memo_dir,
    )
    out = Path(out_dir)
    # DuckDB and Arrow's writers let go of the GIL: the database is written beside the files
    with ThreadPoolExecutor(1) as pool:
        db = pool.submit(write_duckdb, tables, duckdb_out)
        for name, table in tables.items():
            write_table(table, out / f"{name}.parquet")
            write_csv(table, out / f"{name}.csv")
        db.result()
    log.info(
        "dossier: %s",
        ", ".join(f"{n} {t.num_rows}" for n, t in tables.items()),
    )


__all__ = ["TABLES", "arrow_schema", "run_merge"]

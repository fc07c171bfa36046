"""The dossier: corpus-wide tables from every shard, as CSV, Parquet and one DuckDB file."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from .merge import Entity, group_entities
from .schema import Document, ErrorRecord, Figure, Mention, Metadata
from .tables import arrow_schema, atomic_path, read_concat, to_table, write_table

log = logging.getLogger(__name__)

# table name → record class; the column names are the contract documented in the README
TABLES = ("documents", "entities", "mentions", "figures", "errors")


@dataclasses.dataclass(frozen=True)
class DocumentRow:
    """One source in the dossier: manifest, ingest outcome and metadata."""

    doc_id: str
    path: str
    format: str
    status: str
    sha256: str
    size: int
    n_pages: int
    title: str
    author: str
    date: str
    outlet: str
    language: str


@dataclasses.dataclass(frozen=True)
class MentionRow:
    entity_id: str
    doc_id: str
    paragraph: int
    page: int
    start: int
    end: int
    text: str
    label: str
    sentence: str


def _sorted(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    return table.sort_by([(k, "ascending") for k in keys]) if table.num_rows else table


def build_tables(
    documents_paths: Sequence[str],
    metadata_paths: Sequence[str],
    mentions_paths: Sequence[str],
    figures_paths: Sequence[str],
    errors_paths: Sequence[str],
) -> dict[str, pa.Table]:
    """Read every shard's tables and build the dossier tables, in a stable row order."""
    docs = read_concat(documents_paths, Document).to_pylist()
    meta = {m["doc_id"]: m for m in read_concat(metadata_paths, Metadata).to_pylist()}
    rows = []
    for d in sorted(docs, key=lambda d: d["doc_id"]):
        m = meta.get(d["doc_id"], {})
        rows.append(
            DocumentRow(
                doc_id=d["doc_id"],
                path=d["path"],
                format=d["format"],
                status=d["status"],
                sha256=d["sha256"],
                size=d["size"],
                n_pages=d["n_pages"],
                title=m.get("title", ""),
                author=m.get("author", ""),
                date=m.get("date", ""),
                outlet=m.get("outlet", ""),
                language=m.get("language", ""),
            )
        )
    mentions_tbl = _sorted(
        read_concat(mentions_paths, Mention), ["doc_id", "page", "start", "end", "label"]
    )
    mentions = [Mention(**r) for r in mentions_tbl.to_pylist()]
    entities, assignment = group_entities(mentions)
    mention_rows = [
        MentionRow(
            entity_id=assignment.get(i, ""),
            doc_id=m.doc_id,
            paragraph=m.paragraph,
            page=m.page,
            start=m.start,
            end=m.end,
            text=m.text,
            label=m.label,
            sentence=m.sentence,
        )
        for i, m in enumerate(mentions)
    ]
    figures = _sorted(read_concat(figures_paths, Figure), ["doc_id", "page", "start", "end"])
    errors = _sorted(read_concat(errors_paths, ErrorRecord), ["path", "stage", "page", "kind"])
    return {
        "documents": to_table(rows, DocumentRow),
        "entities": to_table(entities, Entity),
        "mentions": to_table(mention_rows, MentionRow),
        "figures": figures,
        "errors": errors,
    }


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
) -> None:
    tables = build_tables(documents, metadata, mentions, figures, errors)
    out = Path(out_dir)
    for name, table in tables.items():
        write_table(table, out / f"{name}.parquet")
        write_csv(table, out / f"{name}.csv")
    write_duckdb(tables, duckdb_out)
    log.info(
        "dossier: %s",
        ", ".join(f"{n} {t.num_rows}" for n, t in tables.items()),
    )


__all__ = ["TABLES", "arrow_schema", "run_merge"]

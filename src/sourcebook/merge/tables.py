"""The dossier tables: their rows, reading the shard tables merge needs, and writing the dossier
as Parquet, CSV and one DuckDB file.

The tables' names and columns are the contract documented in the README; how their rows are
computed is :mod:`sourcebook.merge.dossier`'s business.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sourcebook.core.tables import (
    IncompleteOutputError,
    arrow_schema,
    atomic_path,
    column_values,
    read_concat,
    records_of,
    to_table,
    write_table,
)
from sourcebook.merge.corroborate import Claim, FigureCluster
from sourcebook.merge.docsim import Duplicate
from sourcebook.merge.entities import Entity
from sourcebook.merge.quotes import QuoteRow

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
    "quotes",
)
METADATA_FIELDS = ("title", "outlet", "author", "date", "language")


@dataclasses.dataclass(frozen=True)
class BoilerplateRow:
    """A paragraph that recurs across documents of one outlet: site furniture, not content."""

    doc_id: str = dataclasses.field(metadata={"doc": "document the paragraph was found in"})
    paragraph: int = dataclasses.field(metadata={"doc": "index of the paragraph in the document"})
    outlet: str = dataclasses.field(metadata={"doc": "the outlet whose documents repeat it"})
    text: str = dataclasses.field(metadata={"doc": "the paragraph"})
    reason: str = dataclasses.field(metadata={"doc": "why it was set aside"})


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
    unit: str = dataclasses.field(
        metadata={"doc": "canonical unit (pint name, ISO currency, percent, count, magnitude)"}
    )
    qualifier: str
    subject: str
    text: str
    start: int
    end: int
    page: int
    sentence: str
    cluster_id: str
    value_max: float | None = dataclasses.field(metadata={"doc": "upper end of a range"})
    dimension: str = dataclasses.field(metadata={"doc": "length, mass, currency, count, …"})
    value_base: float | None = dataclasses.field(metadata={"doc": "value in SI base units"})
    value_max_base: float | None = dataclasses.field(metadata={"doc": "value_max in SI base units"})
    counted: str = dataclasses.field(metadata={"doc": "the noun a count counts"})
    per: str = dataclasses.field(metadata={"doc": "the denominator of a rate"})


# the record class of every dossier table but errors (the shards' own ErrorRecord rows)
RECORDS = {
    "documents": DocumentRow,
    "entities": Entity,
    "mentions": MentionRow,
    "figures": FigureRow,
    "figure_clusters": FigureCluster,
    "duplicates": Duplicate,
    "claims": Claim,
    "boilerplate": BoilerplateRow,
    "quotes": QuoteRow,
}


# ---------------------------------------------------------------- reading the shard tables


def sorted_table(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    """``table`` in the order of ``keys`` (ascending)."""
    return table.sort_by([(k, "ascending") for k in keys]) if table.num_rows else table


def read_sorted_records(
    paths: Sequence[str], cls: type, keys: Sequence[str], shared: dict[str, str]
) -> list:
    """The shard tables at ``paths`` as :func:`records_of` ``cls``, in the order of ``keys``
    (the rows are ordered as records: reordering the table itself moved every string, a second
    on 600,000 mentions)."""
    table = read_concat(paths, cls)
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
    shared (see :func:`sourcebook.core.tables.records_of`)."""
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


def page_tables(paths: Sequence[str]) -> Iterable[pa.Table]:
    """The page tables at ``paths`` (those that exist), with the columns :func:`page_counts`
    reads."""
    for p in paths:
        if Path(p).exists():
            yield pq.read_table(p, columns=["doc_id", "text", "source"])


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


# ---------------------------------------------------------------- records → tables → files


def record_columns(items: Sequence, cls: type, **given: list) -> dict[str, list]:
    """The columns (name → values) of ``cls``'s table: those ``given`` as they are, the others
    read off the attributes of the same name of ``items`` (columns, not a ``cls`` record per
    item: a MentionRow per mention cost 1.5 s at 600,000 mentions)."""
    return {
        f.name: given[f.name] if f.name in given else [getattr(x, f.name) for x in items]
        for f in dataclasses.fields(cls)
    }


def records_table(records: Sequence | Mapping[str, list], cls: type) -> pa.Table:
    """:func:`sourcebook.core.tables.to_table` of records, or a table of their columns (name →
    values)."""
    if isinstance(records, Mapping):
        schema = arrow_schema(cls)
        return pa.Table.from_pydict({name: records[name] for name in schema.names}, schema=schema)
    return to_table(records, cls)


#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): the cells of the
#: CSV files that begin with one of these get a leading ' (Parquet and DuckDB keep the text)
FORMULA_START = r"^[=+\-@\t\r\x00]"


def neutralise_formulas(col: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A string column with ``'`` before every cell a spreadsheet would run as a formula
    (``=HYPERLINK(…)``, ``+cmd|…``, ``-2+3``, ``@SUM(…)``): OWASP's advice for CSV files, so
    opening the dossier in a spreadsheet program shows the text instead of running it."""
    risky = pc.fill_null(pc.match_substring_regex(col, FORMULA_START), False)
    if not pc.any(risky).as_py():
        return col
    return pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)


def _csv_ready(table: pa.Table) -> pa.Table:
    """Lists joined with | so every CSV cell is a plain value; formula-like text neutralised."""
    cols = []
    for col in table.columns:
        if pa.types.is_list(col.type):
            col = pa.array(["|".join(map(str, v or [])) for v in col.to_pylist()], pa.string())
        if pa.types.is_string(col.type):
            col = neutralise_formulas(col)
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def write_csv(table: pa.Table, path: str | Path) -> None:
    """``table`` as CSV (header, quotes where needed, lists joined with |, no cell a
    spreadsheet would run as a formula)."""
    with atomic_path(path) as tmp:
        pacsv.write_csv(
            _csv_ready(table),
            tmp,
            write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed"),
        )
        with tmp.open("rb") as fh:  # complete: the header at least, and a whole last line
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                raise IncompleteOutputError(f"{path}: the CSV file ends mid-line")


def write_duckdb(tables: Mapping[str, pa.Table], path: str | Path) -> None:
    """All dossier tables in one DuckDB file, one table each. Written under a temporary name
    and checkpointed (DuckDB reports a full disk there, not when it closes: it then leaves a
    file without tables and its journal), read back (every table, every row) and only then
    renamed; a failure leaves neither the file nor its journal."""
    import duckdb

    with atomic_path(path) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            for name, table in tables.items():
                con.register("t", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM t')
                con.unregister("t")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if tmp.with_name(tmp.name + ".wal").exists():
            raise IncompleteOutputError(f"{path}: DuckDB could not write its tables into the file")
        _check_duckdb(tmp, {name: t.num_rows for name, t in tables.items()}, path)


def _check_duckdb(tmp: Path, want: Mapping[str, int], path: str | Path) -> None:
    """Raise :class:`IncompleteOutputError` unless the DuckDB file ``tmp`` holds every table of
    ``want`` with its number of rows."""
    import duckdb

    con = duckdb.connect(str(tmp), read_only=True)
    try:
        have = {
            name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
    finally:
        con.close()
    if have != dict(want):
        raise IncompleteOutputError(f"{path}: tables read back {have}, written {dict(want)}")


def write_dossier(tables: Mapping[str, pa.Table], folder: str | Path, duckdb: str | Path) -> None:
    """Every table as ``<name>.parquet`` and ``<name>.csv`` in ``folder``, and all of them in
    the DuckDB file ``duckdb`` (written beside the files: DuckDB's and Arrow's writers let go
    of the GIL)."""
    out = Path(folder)
    with ThreadPoolExecutor(1) as pool:
        db = pool.submit(write_duckdb, tables, duckdb)
        for name, table in tables.items():
            write_table(table, out / f"{name}.parquet")
            write_csv(table, out / f"{name}.csv")
        db.result()


__all__ = ["METADATA_FIELDS", "RECORDS", "TABLES", "read_columns", "write_dossier"]

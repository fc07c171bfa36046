"""Parquet I/O for the typed records: explicit schemas, stable row order, atomic writes."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

T = TypeVar("T")


class _PandasProbeSkipped:
    """A meta-path finder that makes ``import pandas`` fail while it is installed."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ImportError("pandas probe skipped by sourcebook.tables")


def skip_pandas_probe() -> None:
    """pyarrow imports pandas (about 1 s, in every workflow job) the first time it converts a
    Python list, only to ask whether the list is a pandas object; ours never are. Let that one
    probe fail: pandas stays importable, and pyarrow imports it when pandas output is asked
    for (``Table.to_pandas``). Called by the job and CLI entry points
    (:func:`sourcebook.core.smk.configure_logging`, :func:`sourcebook.cli.main`), never on
    import: importing this module changes nothing in the interpreter."""
    if "pandas" in sys.modules:
        return
    finder = _PandasProbeSkipped()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


_ARROW_TYPES: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def _arrow_type(hint: Any) -> pa.DataType:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return _arrow_type(args[0])
    if origin is list:
        (item,) = typing.get_args(hint)
        return pa.list_(_arrow_type(item))
    if hint in _ARROW_TYPES:
        return _ARROW_TYPES[hint]
    if isinstance(hint, type) and issubclass(hint, str):
        return pa.string()
    raise TypeError(f"no Arrow type for {hint!r}")


def arrow_schema(cls: type) -> pa.Schema:
    """The Arrow schema of a record dataclass, field docs kept as field metadata."""
    hints = typing.get_type_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        doc = f.metadata.get("doc", "")
        meta = {b"doc": doc.encode()} if doc else None
        fields.append(pa.field(f.name, _arrow_type(hints[f.name]), metadata=meta))
    return pa.schema(fields)


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def row_dict(record: Any) -> dict[str, Any]:
    """A flat record's fields as a dict, in field order: ``dataclasses.asdict`` without its
    recursive deep copy (several times faster; the records here hold plain values)."""
    return {name: getattr(record, name) for name in field_names(type(record))}


def to_table(records: Iterable[Any], cls: type) -> pa.Table:
    """A table of flat records (their attributes read directly, no ``asdict`` copies)."""
    schema = arrow_schema(cls)
    rows = list(records)
    columns = {name: [getattr(r, name) for r in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def atomic_path(path: str | os.PathLike[str]):
    """Context manager yielding a temporary path that replaces ``path`` on success.

    The temporary file is ``.<name>.tmp`` beside ``path`` (for outputs with one writer at a
    time: a Snakemake job's, or the CLI's): one left by a killed writer is removed by the next,
    and nothing is left after a failure. The writer creates it, so it gets the modes of any new
    file (the umask decides who may read it). On success it is flushed to disk (``fsync``: a
    full disk or an I/O error shows here, not later) before it takes ``path``'s name.
    """
    return _AtomicPath(Path(path))


def temp_name(path: Path) -> Path:
    """The temporary name :func:`atomic_path` writes ``path`` under."""
    return path.with_name(f".{path.name}.tmp")


def remove_temp(tmp: Path) -> None:
    """Remove a temporary file and the journal DuckDB may have left beside it."""
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        p.unlink(missing_ok=True)


def fsync_file(path: Path) -> None:
    """Flush ``path``'s data to disk; raises the OSError of a full disk or a failed write."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _AtomicPath:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = temp_name(self.path)
        remove_temp(self.tmp)  # a killed writer's
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                fsync_file(self.tmp)
                os.replace(self.tmp, self.path)
            except BaseException:
                remove_temp(self.tmp)
                raise
        else:
            remove_temp(self.tmp)


class IncompleteOutputError(OSError):
    """A file just written does not read back whole (a full disk, an I/O error)."""


def write_table(table: pa.Table, path: str | os.PathLike[str]) -> None:
    """Write a Parquet file atomically; the same table always gives the same bytes. The file
    takes its name only once its footer reads back with every row."""
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", store_schema=True)
        rows = pq.read_metadata(tmp).num_rows
        if rows != table.num_rows:
            raise IncompleteOutputError(f"{path}: {rows} rows written of {table.num_rows}")


def write_records(records: Sequence[Any], cls: type, path: str | os.PathLike[str]) -> None:
    write_table(to_table(records, cls), path)


def read_records(path: str | os.PathLike[str], cls: type[T]) -> list[T]:
    """Read a table written by :func:`write_records` back into dataclasses."""
    table = pq.read_table(path)
    names = [f.name for f in dataclasses.fields(cls) if f.name in table.column_names]
    data = table.select(names).to_pylist()
    return [cls(**row) for row in data]


def records_of(table: pa.Table, cls: type[T], shared: dict[str, str] | None = None) -> list[T]:
    """The rows of ``table`` as ``cls`` records (fields in ``cls`` order), equal strings shared.

    ``Table.to_pylist`` makes a new ``str`` for every cell: a corpus's 600,000 mentions held
    their document id, label and sentence once per mention (about 1.3 KB a mention). Here each
    distinct string is kept once, in ``shared`` (pass one dict to share across tables).
    """
    shared = {} if shared is None else shared
    out: list[T] = []
    for batch in table.select(list(field_names(cls))).to_batches(100_000):
        columns = [column_values(col, shared) for col in batch.columns]
        out.extend(cls(*row) for row in zip(*columns, strict=True))
    return out


def column_values(col: pa.Array, shared: dict[str, str]) -> list:
    """The Python values of ``col``; strings through ``shared``, each distinct one converted
    once (Arrow's dictionary encoding finds them; a third faster than a str per cell)."""
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        enc = pc.dictionary_encode(col)
        get = shared.setdefault
        words = [v if v is None else get(v, v) for v in enc.dictionary.to_pylist()]
        if enc.null_count:
            return [None if i is None else words[i] for i in enc.indices.to_pylist()]
        return list(map(words.__getitem__, enc.indices.to_numpy().tolist()))
    if pa.types.is_integer(col.type) and not col.null_count:
        return col.to_numpy().tolist()
    return col.to_pylist()


def read_concat(paths: Iterable[str | os.PathLike[str]], cls: type) -> pa.Table:
    """Concatenate the shard tables of one kind (an empty table of the right schema if none)."""
    schema = arrow_schema(cls)
    tables = [pq.read_table(p, schema=schema) for p in paths]
    if not tables:
        return schema.empty_table()
    return pa.concat_tables(tables)

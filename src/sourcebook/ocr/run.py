"""The OCR stage's runner: Tesseract on exactly the pages of one shard that need it.

The only entry point of the stage: scripts/ocr.py (the workflow) and ``python -m sourcebook
ocr`` (the CLI) both call :func:`run`. How many pages are read at once is the runner's choice
(``threads``); :func:`sourcebook.ocr.engine.ocr_shard` reads them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sourcebook.core.progress import CONSOLE, Progress, duration
from sourcebook.core.schema import Document, ErrorRecord, Page
from sourcebook.core.settings import OcrSettings
from sourcebook.core.stage import ShardPages
from sourcebook.core.tables import read_records, write_records
from sourcebook.ocr.engine import OcrStats, ocr_shard

log = logging.getLogger(__name__)


Inputs = ShardPages


@dataclass(frozen=True)
class Outputs:
    pages: str
    errors: str


def run(inputs: Inputs, settings: OcrSettings, outputs: Outputs, threads: int = 1) -> None:
    """OCR one shard's pages that need it and write its page and error tables; the progress
    (pages read of those that need it) goes to the log at a steady rate."""
    documents = read_records(inputs.documents, Document)
    pages = read_records(inputs.pages, Page)
    stats = OcrStats()
    with Progress("OCR", 0, "pages", poll=lambda: (stats.done, stats.pages)) as progress:
        out, errors = ocr_shard(
            documents,
            pages,
            settings.input_dir,
            settings.options,
            threads=threads,
            cache_dir=settings.cache_dir,
            passwords=settings.pdf_passwords,
            limits=settings.limits,
            stats=stats,
            refresh=settings.refresh,
        )
    write_records(out, Page, outputs.pages)
    write_records(errors, ErrorRecord, outputs.errors)
    if not stats.pages:
        log.info("OCR: none of %d pages needed it", len(out), extra=CONSOLE)
        return
    log.info(
        "OCR: %d of %d pages read by OCR (%d from the cache%s), %d errors, in %s",
        sum(p.source == "ocr" for p in out),
        len(out),
        stats.cache_hits,
        "; forced: the cache is not read" if settings.refresh else "",
        len(errors),
        duration(progress.elapsed()),
        extra=CONSOLE,
    )

"""The seam between Snakemake and the library: logging set-up and manifest lookups."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from .manifest import Entry


def configure_logging(smk: Any) -> None:
    """Log to the job's log file and to stderr; uncaught errors land in both."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if smk.log:
        Path(smk.log[0]).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(smk.log[0], mode="w", encoding="utf-8"))
    fmt = f"%(asctime)s {smk.rule}[{','.join(f'{k}={v}' for k, v in smk.wildcards.items())}] "
    logging.basicConfig(
        level=logging.INFO, format=fmt + "%(levelname)s %(message)s", handlers=handlers, force=True
    )

    def hook(exc_type, exc, tb):
        logging.getLogger("sourcebook").critical(
            "%s failed: %s", smk.rule, exc, exc_info=(exc_type, exc, tb)
        )

    sys.excepthook = hook


def shard_input_paths(shards: dict[str, list[Entry]], shard: str, input_dir: str) -> list[str]:
    """Paths of a shard's files that can be used as Snakemake inputs.

    Only regular files (or links to them) are inputs: a broken link cannot be one, and
    Snakemake would block reading a named pipe to checksum it. Ingest still gets every entry
    and records why the others could not be read.
    """
    paths = (os.path.join(input_dir, e.path) for e in shards.get(shard, []))
    return [p for p in paths if os.path.isfile(p)]


def ocr_shards_of(shards: dict[str, list[Entry]]) -> frozenset[str]:
    """The shards holding PDFs or images: the ones whose OCR job may run Tesseract."""
    from .manifest import detect_format

    return frozenset(
        s for s, es in shards.items() if any(detect_format(e.path) in ("pdf", "image") for e in es)
    )


def ocr_threads_of(ocr_shards: frozenset[str], shard: str, threads: int = 2) -> int:
    """Threads of a shard's OCR job: ``threads`` when it is the only shard holding PDFs or
    images (its pages are OCR'd in parallel), else 1.

    Each shard's chain is ingest → ocr → normalise → extract. A 2-thread OCR job cannot start
    while one extract job runs, and no other extract is ready before its own OCR job has run:
    measured on 1,000 and 10,000 documents, 2-thread OCR jobs held the whole run to one job
    at a time. With several such shards, 1-thread OCR jobs run beside other shards' jobs and
    fill the cores; ``--set-threads ocr=N`` overrides.
    """
    return threads if ocr_shards == {shard} else 1


def shard_entries_of(shards: dict[str, list[Entry]], shard: str) -> list[list[str]]:
    return [[e.doc_id, e.path] for e in shards.get(shard, [])]

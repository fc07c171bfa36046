"""The ingest stage's runner: every input file of one shard read into raw text per page.

The only entry point of the stage: scripts/ingest.py (the workflow) and ``python -m sourcebook
ingest`` (the CLI) both call :func:`run`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sourcebook.core.failures import each_document
from sourcebook.core.limits import Limits, preflight
from sourcebook.core.manifest import detect_format
from sourcebook.core.schema import Document, ErrorRecord, Page, Severity, Status
from sourcebook.core.settings import IngestSettings
from sourcebook.core.tables import write_records
from sourcebook.ingest.read import IngestResult, ingest_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outputs:
    documents: str
    pages: str
    errors: str


def ingest_shard(
    entries: Sequence[tuple[str, str]],
    input_dir: str | Path,
    shard: str,
    limits: Limits | None = None,
    pdf_passwords: Sequence[str] = (),
) -> tuple[list[Document], list[Page], list[ErrorRecord]]:
    """Ingest ``(doc_id, relative path)`` pairs; a failed file becomes an error document."""
    limits = limits or Limits()
    docs: list[Document] = []
    pages: list[Page] = []
    errors: list[ErrorRecord] = []
    root = Path(input_dir)

    def read(entry: tuple[str, str]) -> IngestResult:
        doc_id, rel = entry
        preflight(root / rel, detect_format(rel), limits)
        return ingest_file(
            root / rel, doc_id, rel, shard, limits=limits, pdf_passwords=pdf_passwords
        )

    def failed(entry: tuple[str, str]) -> None:
        docs.append(_failed_document(root / entry[1], entry[0], entry[1], shard))

    for (doc_id, rel), result in each_document(
        sorted(entries), "ingest", lambda e: (e[0], e[1]), read, errors, on_failure=failed
    ):
        docs.append(result.document)
        pages.extend(result.pages)
        if not any(p.text.strip() or p.needs_ocr for p in result.pages):
            errors.append(
                ErrorRecord(
                    doc_id=doc_id,
                    path=rel,
                    stage="ingest",
                    kind="empty",
                    message="the file holds no text: nothing to extract",
                    severity=Severity.WARNING.value,
                )
            )
    return docs, pages, errors


def _failed_document(path: Path, doc_id: str, rel: str, shard: str) -> Document:
    """The manifest row of a file that failed ingest: size and hash if it can be read at all."""
    size, digest = 0, ""
    try:
        if path.is_file():
            size = path.stat().st_size
            with path.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        pass
    return Document(
        doc_id=doc_id,
        path=rel,
        format=detect_format(rel),
        size=size,
        sha256=digest,
        shard=shard,
        status=Status.ERROR.value,
    )


def run(
    entries: Sequence[Sequence[str]], shard: str, settings: IngestSettings, outputs: Outputs
) -> None:
    """Ingest one shard's ``[doc_id, relative path]`` entries and write its three tables."""
    docs, pages, errors = ingest_shard(
        [(e[0], e[1]) for e in entries],
        settings.input_dir,
        shard,
        settings.limits,
        pdf_passwords=settings.pdf_passwords,
    )
    write_records(docs, Document, outputs.documents)
    write_records(pages, Page, outputs.pages)
    write_records(errors, ErrorRecord, outputs.errors)
    log.info("ingested %d documents, %d pages, %d errors", len(docs), len(pages), len(errors))

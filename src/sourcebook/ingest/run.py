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
from sourcebook.core.manifest import detect_format, display_path, is_hidden
from sourcebook.core.progress import CONSOLE
from sourcebook.core.schema import Document, ErrorRecord, Page, Severity, Status
from sourcebook.core.settings import IngestSettings
from sourcebook.core.tables import write_records
from sourcebook.core.text import has_visible_text
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
    """Ingest ``(doc_id, relative path)`` pairs; a failed file becomes an error document, a
    hidden one a skipped document with a warning."""
    limits = limits or Limits()
    docs: list[Document] = []
    pages: list[Page] = []
    errors: list[ErrorRecord] = []
    root = Path(input_dir)

    def read(entry: tuple[str, str]) -> IngestResult:
        doc_id, rel = entry
        preflight(root / rel, detect_format(rel), limits, root)
        return ingest_file(
            root / rel, doc_id, rel, shard, limits=limits, pdf_passwords=pdf_passwords
        )

    def failed(entry: tuple[str, str]) -> None:
        docs.append(_failed_document(root / entry[1], entry[0], entry[1], shard))

    def warn(doc_id: str, rel: str, kind: str, message: str) -> None:
        errors.append(
            ErrorRecord(doc_id, display_path(rel), "ingest", kind, message, Severity.WARNING.value)
        )

    for doc_id, rel in sorted(e for e in entries if is_hidden(e[1])):
        failed((doc_id, rel))
        warn(doc_id, rel, "hidden", HIDDEN_MESSAGE)
    visible = sorted(e for e in entries if not is_hidden(e[1]))
    for (doc_id, rel), result in each_document(
        visible, "ingest", lambda e: (e[0], display_path(e[1])), read, errors, on_failure=failed
    ):
        docs.append(result.document)
        pages.extend(result.pages)
        for kind, message in result.warnings:
            warn(doc_id, rel, kind, message)
        if not any(has_visible_text(p.text) or p.needs_ocr for p in result.pages):
            warn(doc_id, rel, "empty", "the file holds no text: nothing to extract")
    return docs, pages, errors


HIDDEN_MESSAGE = (
    "a hidden file or folder (its name starts with '.'): skipped, as system files are "
    "(.DS_Store, .git); rename it to include it"
)


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
        path=display_path(rel),
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
    log.info(
        "ingest: %d documents, %d pages, %d errors",
        len(docs),
        len(pages),
        len(errors),
        extra=CONSOLE,
    )

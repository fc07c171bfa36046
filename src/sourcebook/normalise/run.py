"""The normalise stage's runner: raw pages → cleaned paragraphs with offsets, metadata and the
removed text of one shard, plus each document's readable text and metadata.

The only entry point of the stage: scripts/normalise.py (the workflow) and ``python -m
sourcebook normalise`` (the CLI) both call :func:`run`; scripts/texts.py calls
:func:`run_texts`, which gathers every shard's readable files.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sourcebook.core.failures import each_document, group_by_doc
from sourcebook.core.progress import CONSOLE, Progress, summary
from sourcebook.core.schema import (
    Document,
    ErrorRecord,
    Metadata,
    Page,
    Paragraph,
    Removed,
    Status,
)
from sourcebook.core.settings import NormaliseSettings
from sourcebook.core.stage import ShardPages
from sourcebook.core.tables import read_records, write_records
from sourcebook.normalise.document import (
    dumps_json,
    normalise_pages,
    readable_metadata,
    readable_text,
)
from sourcebook.normalise.outlets import Outlets, load_outlets

log = logging.getLogger(__name__)


Inputs = ShardPages


@dataclass(frozen=True)
class Outputs:
    paragraphs: str
    metadata: str
    removed: str
    errors: str
    text: str | None = None  # folder of readable <doc_id>.txt / .json, if wanted


def normalise_shard(
    documents: Sequence[Document],
    pages: Sequence[Page],
    sources: Mapping[str, str] | None = None,
    outlets: Outlets | None = None,
) -> tuple[list[Paragraph], list[Metadata], list[Removed], list[ErrorRecord]]:
    """Normalise every document of a shard; ``sources`` is config's file-glob → outlet table,
    ``outlets`` the known outlets (the shipped table, extended by config ``outlets``)."""
    paragraphs: list[Paragraph] = []
    metadata: list[Metadata] = []
    removed: list[Removed] = []
    errors: list[ErrorRecord] = []
    pages_by_doc = group_by_doc(pages)

    def normalise(doc: Document) -> tuple[list[Paragraph], Metadata, list[Removed]]:
        return normalise_pages(
            doc.doc_id,
            pages_by_doc.get(doc.doc_id, []),
            source_meta=json.loads(doc.source_meta or "{}"),
            path=doc.path,
            sources=sources,
            outlets=outlets,
        )

    readable = [d for d in documents if d.status != Status.ERROR.value]
    with Progress("normalise", len(readable)) as progress:
        for _doc, (paras, meta, rem) in each_document(
            progress.track(readable), "normalise", lambda d: (d.doc_id, d.path), normalise, errors
        ):
            paragraphs.extend(paras)
            metadata.append(meta)
            removed.extend(rem)
    return paragraphs, metadata, removed, errors


def run(inputs: Inputs, settings: NormaliseSettings, outputs: Outputs) -> None:
    """Normalise one shard and write its tables (and readable files when asked)."""
    t0 = time.monotonic()
    documents = read_records(inputs.documents, Document)
    pages = read_records(inputs.pages, Page)
    outlets = load_outlets(settings.outlets, settings.sources.values())
    paragraphs, metadata, removed, errors = normalise_shard(
        documents, pages, settings.sources, outlets
    )
    write_records(paragraphs, Paragraph, outputs.paragraphs)
    write_records(metadata, Metadata, outputs.metadata)
    write_records(removed, Removed, outputs.removed)
    write_records(errors, ErrorRecord, outputs.errors)
    if outputs.text is not None:
        write_readable(outputs.text, documents, paragraphs, metadata, removed)
    counts = {"documents": len(metadata), "paragraphs": len(paragraphs)}
    summary(
        log, "normalise", counts | {"passages set aside": len(removed), "errors": len(errors)}, t0
    )


def write_readable(
    out_dir: str | Path,
    documents: Sequence[Document],
    paragraphs: Sequence[Paragraph],
    metadata: Sequence[Metadata],
    removed: Sequence[Removed],
) -> None:
    """``<doc_id>.txt`` (cleaned text) and ``<doc_id>.json`` (metadata with sources, removed
    text) for every normalised document of a shard, for people to read."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paras, rem = group_by_doc(paragraphs), group_by_doc(removed)
    paths = {d.doc_id: d.path for d in documents}
    for meta in metadata:
        doc_id = meta.doc_id
        (out / f"{doc_id}.txt").write_text(readable_text(paras.get(doc_id, [])), "utf-8")
        info = readable_metadata(meta, paths.get(doc_id, ""), rem.get(doc_id, []))
        (out / f"{doc_id}.json").write_text(dumps_json(info), "utf-8")


def gather_readable(shard_dirs: Sequence[str | Path], out_dir: str | Path) -> int:
    """Link (or copy) every shard's readable ``<doc_id>.txt``/``.json`` into one flat folder,
    written under a temporary name and renamed, so a crash never leaves a half-filled folder.
    Returns the number of files. doc_ids are unique across shards, so names never clash."""
    out = Path(out_dir)
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    n = 0
    for shard_dir in sorted(map(Path, shard_dirs)):
        for src in sorted(shard_dir.iterdir()):
            if src.suffix in (".txt", ".json") and src.is_file():
                try:  # a hard link where the file system allows (10k documents: 20k files)
                    os.link(src, tmp / src.name)
                except OSError:
                    shutil.copyfile(src, tmp / src.name)
                n += 1
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return n


def run_texts(shard_dirs: Sequence[str], out_dir: str) -> None:
    """The ``texts`` rule: every document's readable files in one flat folder."""
    n = gather_readable(shard_dirs, out_dir)
    log.info("texts: %d files from %d shards in %s", n, len(shard_dirs), out_dir, extra=CONSOLE)

"""Shard runners: the per-stage loops the step scripts call.

Each runner processes every document of one shard in one process, turns a document's failure
into an :class:`ErrorRecord` (the other documents go on), and writes its tables atomically.
Problems with the machine itself (:class:`EnvironmentProblem`) are not a document's fault and
stop the job with their fix-it message.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import EnvironmentProblem, SourcebookError
from .ingest import ingest_file
from .limits import Limits, preflight
from .manifest import detect_format
from .normalise import normalise_pages
from .schema import (
    Document,
    ErrorRecord,
    Figure,
    Mention,
    Metadata,
    Page,
    Paragraph,
    Removed,
    Severity,
    Status,
)
from .tables import read_records, row_dict, write_records

log = logging.getLogger(__name__)


def error_record(doc_id: str, path: str, stage: str, exc: BaseException) -> ErrorRecord:
    kind = exc.kind if isinstance(exc, SourcebookError) else f"internal:{type(exc).__name__}"
    message = str(exc) or type(exc).__name__
    if not isinstance(exc, SourcebookError):
        message = f"unexpected error while processing {path}: {message}"
    return ErrorRecord(doc_id=doc_id, path=path, stage=stage, kind=kind, message=message)


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
    for doc_id, rel in sorted(entries):
        try:
            preflight(root / rel, detect_format(rel), limits)
            result = ingest_file(
                root / rel, doc_id, rel, shard, limits=limits, pdf_passwords=pdf_passwords
            )
        except EnvironmentProblem:
            raise
        except Exception as exc:  # any bad input: record it, go on with the others
            log.warning("ingest failed for %s: %s", rel, exc)
            errors.append(error_record(doc_id, rel, "ingest", exc))
            docs.append(_failed_document(root / rel, doc_id, rel, shard))
            continue
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


def group_by_doc(records: Iterable, key: str = "doc_id") -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for r in records:
        out[getattr(r, key)].append(r)
    return out


def normalise_shard(
    documents: Sequence[Document],
    pages: Sequence[Page],
    sources: dict[str, str] | None = None,
) -> tuple[list[Paragraph], list[Metadata], list[Removed], list[ErrorRecord]]:
    """Normalise every document of a shard; ``sources`` is config's file-glob → outlet table."""
    paragraphs: list[Paragraph] = []
    metadata: list[Metadata] = []
    removed: list[Removed] = []
    errors: list[ErrorRecord] = []
    pages_by_doc = group_by_doc(pages)
    for doc in documents:
        if doc.status == Status.ERROR.value:
            continue
        try:
            paras, meta, rem = normalise_pages(
                doc.doc_id,
                pages_by_doc.get(doc.doc_id, []),
                source_meta=json.loads(doc.source_meta or "{}"),
                path=doc.path,
                sources=sources,
            )
        except EnvironmentProblem:
            raise
        except Exception as exc:
            log.warning("normalise failed for %s: %s", doc.path, exc)
            errors.append(error_record(doc.doc_id, doc.path, "normalise", exc))
            continue
        paragraphs.extend(paras)
        metadata.append(meta)
        removed.extend(rem)
    return paragraphs, metadata, removed, errors


def extract_fingerprint(model: str, gaz) -> dict[str, str] | None:
    """What every document's extract result depends on besides its own paragraphs: the code
    (extract's and nlp's modules and what they import, and this module's extract functions),
    the spaCy pipeline and its version, the gazetteer. None when the model is not installed
    (no cache then: loading it reports the fix)."""
    import inspect
    from importlib.metadata import PackageNotFoundError, version

    from .cache import code_fingerprint, content_key

    try:
        model_version = version(model)
    except PackageNotFoundError:
        return None
    entries = [[e.id, e.label, list(e.names), e.case] for e in gaz.entries]
    return {
        "code": code_fingerprint(
            ("extract", "nlp", "gazetteer"),
            [inspect.getsource(f) for f in (extract_shard, _load, group_by_doc)],
        ),
        "model": f"{model}=={model_version}",
        "gazetteer": content_key(entries),
    }


def extract_shard(
    paragraphs: Sequence[Paragraph],
    documents: Sequence[Document],
    model: str,
    batch_size: int,
    metadata: Sequence[Metadata] = (),
    gazetteer: dict | None = None,
    cache_dir: str | None = None,
) -> tuple[list[Mention], list[Figure], list[ErrorRecord]]:
    """Mentions (one ``nlp.pipe`` over the shard) and figures of every document of a shard.

    ``metadata`` gives each document's date, the anchor of relative dates; ``gazetteer`` is
    config's ``gazetteer`` section (``extra`` entries, ``files``, ``builtin``). With
    ``cache_dir``, each document's result is kept under a key of its paragraphs, date, the
    code, model and gazetteer: a rerun after one document changed runs spaCy on that one only
    (and does not load spaCy at all when nothing changed).
    """
    from .cache import JsonCache, content_key
    from .extract import (
        document_date,
        extract_figures,
        postprocess_mentions,
        raw_mentions,
        segments_of,
    )
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer(**(gazetteer or {}))
    paths = {d.doc_id: d.path for d in documents}
    dates = {m.doc_id: m.date for m in metadata}
    by_doc = sorted(group_by_doc(paragraphs).items())
    fingerprint = extract_fingerprint(model, gaz) if cache_dir else None
    cache = JsonCache(cache_dir if fingerprint else None)
    keys: dict[str, str] = {}
    cached: dict[str, dict] = {}
    for doc_id, paras in by_doc:
        if fingerprint:
            keys[doc_id] = content_key(
                {
                    **fingerprint,
                    "date": dates.get(doc_id) or "",
                    "paragraphs": [row_dict(p) for p in paras],
                }
            )
            hit = cache.get(keys[doc_id])
            if isinstance(hit, dict):
                cached[doc_id] = hit
    todo = [(d, ps) for d, ps in by_doc if d not in cached]
    log.info("extract: %d documents from the cache, %d through spaCy", len(cached), len(todo))
    nlp = None
    raw = None
    if todo:
        nlp = _load(model, gaz)
        try:  # the fast path: every paragraph to extract through one nlp.pipe
            todo_paras = [p for _, ps in todo for p in ps]
            raw = group_by_doc(raw_mentions(nlp, segments_of(todo_paras), batch_size))
        except EnvironmentProblem:
            raise
        except Exception as exc:  # find the bad document below, one by one
            log.warning("shard-wide NER failed (%s); retrying document by document", exc)
            raw = None
    mentions: list[Mention] = []
    figures: list[Figure] = []
    errors: list[ErrorRecord] = []
    for doc_id, paras in by_doc:
        if doc_id in cached:
            try:
                mentions.extend([Mention(**m) for m in cached[doc_id]["mentions"]])
                figures.extend([Figure(**f) for f in cached[doc_id]["figures"]])
                continue
            except (KeyError, TypeError):  # an entry of another layout: extract again
                pass
        doc_mentions: list[Mention] = []
        try:
            if raw is not None and doc_id in raw:
                doc_raw = raw[doc_id]
            else:
                nlp = nlp or _load(model, gaz)
                doc_raw = raw_mentions(nlp, segments_of(paras), batch_size)
            doc_mentions = postprocess_mentions(doc_raw, paras)
            anchor, source = document_date(dates.get(doc_id, ""), paras)
            log.info("%s: anchor date %s (%s)", doc_id, anchor, source or "none found")
            doc_figures = extract_figures(paras, anchor)
        except EnvironmentProblem:
            raise
        except Exception as exc:
            log.warning("extract failed for %s: %s", doc_id, exc)
            errors.append(error_record(doc_id, paths.get(doc_id, ""), "extract", exc))
            mentions.extend(doc_mentions)
            continue
        mentions.extend(doc_mentions)
        figures.extend(doc_figures)
        if doc_id in keys:
            cache.put(
                keys[doc_id],
                {
                    "mentions": [row_dict(m) for m in doc_mentions],
                    "figures": [row_dict(f) for f in doc_figures],
                },
            )
    return mentions, figures, errors


def _load(model: str, gaz):
    from .nlp import load_pipeline  # spaCy: imported by the extract job only, when needed

    return load_pipeline(model, gazetteer=gaz)


# --- file-level wrappers called by the step scripts -------------------------------------


def run_ingest(
    entries: Sequence[Sequence[str]],
    input_dir: str,
    shard: str,
    documents_out: str,
    pages_out: str,
    errors_out: str,
    limits: dict | None = None,
    pdf: dict | None = None,
) -> None:
    docs, pages, errors = ingest_shard(
        [(e[0], e[1]) for e in entries],
        input_dir,
        shard,
        Limits(**(limits or {})),
        pdf_passwords=tuple((pdf or {}).get("passwords", ())),
    )
    write_records(docs, Document, documents_out)
    write_records(pages, Page, pages_out)
    write_records(errors, ErrorRecord, errors_out)
    log.info("ingested %d documents, %d pages, %d errors", len(docs), len(pages), len(errors))


def run_normalise(
    documents_in: str,
    pages_in: str,
    paragraphs_out: str,
    metadata_out: str,
    removed_out: str,
    errors_out: str,
    sources: dict[str, str] | None = None,
    text_dir: str | None = None,
) -> None:
    documents = read_records(documents_in, Document)
    pages = read_records(pages_in, Page)
    paragraphs, metadata, removed, errors = normalise_shard(documents, pages, sources)
    write_records(paragraphs, Paragraph, paragraphs_out)
    write_records(metadata, Metadata, metadata_out)
    write_records(removed, Removed, removed_out)
    write_records(errors, ErrorRecord, errors_out)
    if text_dir is not None:
        write_readable(text_dir, documents, paragraphs, metadata, removed)
    log.info("normalised %d documents into %d paragraphs", len(metadata), len(paragraphs))


def write_readable(
    out_dir: str | Path,
    documents: Sequence[Document],
    paragraphs: Sequence[Paragraph],
    metadata: Sequence[Metadata],
    removed: Sequence[Removed],
) -> None:
    """``<doc_id>.txt`` (cleaned text) and ``<doc_id>.json`` (metadata with sources, removed
    text) for every normalised document of a shard, for people to read."""
    from .normalise import dumps_json, readable_metadata, readable_text

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


def run_gather_readable(shard_dirs: Sequence[str], out_dir: str) -> None:
    n = gather_readable(shard_dirs, out_dir)
    log.info("texts: %d files from %d shards in %s", n, len(shard_dirs), out_dir)


def run_extract(
    documents_in: str,
    paragraphs_in: str,
    mentions_out: str,
    figures_out: str,
    errors_out: str,
    model: str,
    batch_size: int,
    metadata_in: str | None = None,
    gazetteer: dict | None = None,
    cache_dir: str | None = None,
) -> None:
    documents = read_records(documents_in, Document)
    paragraphs = read_records(paragraphs_in, Paragraph)
    metadata = read_records(metadata_in, Metadata) if metadata_in else []
    mentions, figures, errors = extract_shard(
        paragraphs,
        documents,
        model,
        batch_size,
        metadata=metadata,
        gazetteer=gazetteer,
        cache_dir=cache_dir,
    )
    write_records(mentions, Mention, mentions_out)
    write_records(figures, Figure, figures_out)
    write_records(errors, ErrorRecord, errors_out)
    log.info("extracted %d mentions and %d figures", len(mentions), len(figures))


def run_ocr(
    documents_in: str,
    pages_in: str,
    pages_out: str,
    errors_out: str,
    input_dir: str,
    options: dict,
    threads: int = 1,
    cache_dir: str | None = None,
    pdf: dict | None = None,
    limits: dict | None = None,
) -> None:
    from .ocr import OcrOptions, ocr_shard

    documents = read_records(documents_in, Document)
    pages = read_records(pages_in, Page)
    out, errors = ocr_shard(
        documents,
        pages,
        input_dir,
        OcrOptions(**options),
        threads=threads,
        cache_dir=cache_dir,
        passwords=tuple((pdf or {}).get("passwords", ())),
        limits=Limits(**(limits or {})),
    )
    write_records(out, Page, pages_out)
    write_records(errors, ErrorRecord, errors_out)
    log.info("OCR: %d of %d pages", sum(p.source == "ocr" for p in out), len(out))


class StrictModeError(SourcebookError):
    kind = "strict"


def strict_failures(errors: Sequence[ErrorRecord]) -> list[ErrorRecord]:
    """The records that fail a strict run: every error (warnings do not)."""
    return [e for e in errors if e.severity == Severity.ERROR.value]


def run_strict_check(errors_in: str, ok_out: str) -> None:
    failures = strict_failures(read_records(errors_in, ErrorRecord))
    if failures:
        lines = "\n".join(f"  {e.path}: [{e.stage}] {e.message}" for e in failures)
        raise StrictModeError(
            f"strict mode: {len(failures)} bad input(s); fix or remove them, or set "
            f"strict: false to record and skip them:\n{lines}"
        )
    Path(ok_out).write_text("no errors\n")

"""The extract stage's runner: entity mentions and figures of every document of one shard.

The only entry point of the stage: scripts/extract.py (the workflow) and ``python -m sourcebook
extract`` (the CLI) both call :func:`run`. With a cache folder, each document's result is kept
under a key of its paragraphs, its date, the code (this module and everything it imports), the
spaCy model and the gazetteer: a rerun after one document changed runs spaCy on that one only,
and does not load spaCy at all when nothing changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sourcebook.core.cache import JsonCache, code_fingerprint, content_key
from sourcebook.core.errors import EnvironmentProblem
from sourcebook.core.failures import each_document, group_by_doc
from sourcebook.core.schema import Document, ErrorRecord, Figure, Mention, Metadata, Paragraph
from sourcebook.core.settings import ExtractSettings
from sourcebook.core.tables import read_records, row_dict, write_records

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inputs:
    documents: str
    paragraphs: str
    metadata: str | None = None


@dataclass(frozen=True)
class Outputs:
    mentions: str
    figures: str
    errors: str


def extract_fingerprint(model: str, gaz) -> dict[str, str] | None:
    """What every document's extract result depends on besides its own paragraphs: the code
    (this module and every sourcebook module it imports), the spaCy pipeline and its version,
    the gazetteer. None when the model is not installed (no cache then: loading it reports
    the fix)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        model_version = version(model)
    except PackageNotFoundError:
        return None
    entries = [[e.id, e.label, list(e.names), e.case] for e in gaz.entries]
    return {
        "code": code_fingerprint(["extract.run"]),
        "model": f"{model}=={model_version}",
        "gazetteer": content_key(entries),
    }


class _Extractor:
    """Runs NER once over every paragraph that is not cached, then per document."""

    def __init__(self, settings: ExtractSettings, gaz) -> None:
        self.settings, self.gaz = settings, gaz
        self.nlp = None
        self.raw: dict[str, list] | None = None

    def _load(self):
        from sourcebook.extract.nlp import load_pipeline  # spaCy: only when needed

        if self.nlp is None:
            self.nlp = load_pipeline(self.settings.model, gazetteer=self.gaz)
        return self.nlp

    def prepare(self, todo: Sequence[tuple[str, list[Paragraph]]]) -> None:
        """The fast path: every paragraph to extract through one ``nlp.pipe``."""
        from sourcebook.extract.entities import raw_mentions, segments_of

        if not todo:
            return
        nlp = self._load()
        try:
            paras = [p for _, ps in todo for p in ps]
            self.raw = group_by_doc(raw_mentions(nlp, segments_of(paras), self.settings.batch_size))
        except EnvironmentProblem:
            raise
        except Exception as exc:  # find the bad document below, one by one
            log.warning("shard-wide NER failed (%s); retrying document by document", exc)
            self.raw = None

    def document(
        self, doc_id: str, paras: list[Paragraph], date: str, partial: list[Mention]
    ) -> tuple[list[Mention], list[Figure]]:
        """One document's mentions and figures; its mentions land in ``partial`` first, so a
        failure in the figures keeps them."""
        from sourcebook.extract.entities import (
            document_date,
            extract_figures,
            postprocess_mentions,
            raw_mentions,
            segments_of,
        )

        if self.raw is not None and doc_id in self.raw:
            doc_raw = self.raw[doc_id]
        else:
            doc_raw = raw_mentions(self._load(), segments_of(paras), self.settings.batch_size)
        partial.extend(postprocess_mentions(doc_raw, paras))
        anchor, source = document_date(date, paras)
        log.debug("%s: anchor date %s (%s)", doc_id, anchor, source or "none found")
        return list(partial), extract_figures(paras, anchor)


def _cached(cache: JsonCache, key: str) -> tuple[list[Mention], list[Figure]] | None:
    hit = cache.get(key)
    if not isinstance(hit, dict):
        return None
    try:
        return [Mention(**m) for m in hit["mentions"]], [Figure(**f) for f in hit["figures"]]
    except (KeyError, TypeError):  # an entry of another layout: extract again
        return None


def extract_shard(
    paragraphs: Sequence[Paragraph],
    documents: Sequence[Document],
    settings: ExtractSettings,
    metadata: Sequence[Metadata] = (),
) -> tuple[list[Mention], list[Figure], list[ErrorRecord]]:
    """Mentions (one ``nlp.pipe`` over the shard) and figures of every document of a shard;
    ``metadata`` gives each document's date, the anchor of relative dates."""
    gaz = settings.gazetteer.load()
    paths = {d.doc_id: d.path for d in documents}
    dates = {m.doc_id: m.date for m in metadata}
    by_doc = sorted(group_by_doc(paragraphs).items())
    fingerprint = extract_fingerprint(settings.model, gaz) if settings.cache_dir else None
    cache = JsonCache(settings.cache_dir if fingerprint else None)
    keys: dict[str, str] = {}
    done: dict[str, tuple[list[Mention], list[Figure]]] = {}
    for doc_id, paras in by_doc:
        if fingerprint:
            rows = [row_dict(p) for p in paras]
            keys[doc_id] = content_key(
                {**fingerprint, "date": dates.get(doc_id) or "", "paragraphs": rows}
            )
            hit = _cached(cache, keys[doc_id])
            if hit is not None:
                done[doc_id] = hit
    todo = [(d, ps) for d, ps in by_doc if d not in done]
    log.info("extract: %d documents from the cache, %d through spaCy", len(done), len(todo))
    extractor = _Extractor(settings, gaz)
    extractor.prepare(todo)
    errors: list[ErrorRecord] = []
    partial: dict[str, list[Mention]] = {}

    def work(item: tuple[str, list[Paragraph]]) -> tuple[list[Mention], list[Figure]]:
        doc_id, paras = item
        return extractor.document(doc_id, paras, dates.get(doc_id, ""), partial[doc_id])

    for doc_id, _ in todo:
        partial[doc_id] = []
    for (doc_id, _), result in each_document(
        todo, "extract", lambda it: (it[0], paths.get(it[0], "")), work, errors
    ):
        done[doc_id] = result
        if doc_id in keys:
            doc_mentions, doc_figures = result
            cache.put(
                keys[doc_id],
                {
                    "mentions": [row_dict(m) for m in doc_mentions],
                    "figures": [row_dict(f) for f in doc_figures],
                },
            )
    mentions: list[Mention] = []
    figures: list[Figure] = []
    for doc_id, _ in by_doc:  # document order, failed documents keep their mentions
        doc_mentions, doc_figures = done.get(doc_id, (partial.get(doc_id, []), []))
        mentions.extend(doc_mentions)
        figures.extend(doc_figures)
    log.info("extract: %d documents done", len(by_doc))
    return mentions, figures, errors


def run(inputs: Inputs, settings: ExtractSettings, outputs: Outputs) -> None:
    """Extract one shard and write its mention, figure and error tables."""
    documents = read_records(inputs.documents, Document)
    paragraphs = read_records(inputs.paragraphs, Paragraph)
    metadata = read_records(inputs.metadata, Metadata) if inputs.metadata else []
    mentions, figures, errors = extract_shard(paragraphs, documents, settings, metadata)
    write_records(mentions, Mention, outputs.mentions)
    write_records(figures, Figure, outputs.figures)
    write_records(errors, ErrorRecord, outputs.errors)
    log.info("extracted %d mentions and %d figures", len(mentions), len(figures))

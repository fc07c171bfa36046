"""The extract stage's runner: entity mentions, figures and quotes of every document of a shard.

The only entry point of the stage: scripts/extract.py (the workflow) and ``python -m sourcebook
extract`` (the CLI) both call :func:`run`. With a cache folder, each document's result is kept
under a key of its paragraphs, its date, the code (this module and everything it imports), the
spaCy model and the gazetteer: a rerun after one document changed runs spaCy on that one only,
and does not load spaCy at all when nothing changed. A job the user forced (``--forcerun
extract``: ``settings.refresh``) reads nothing from the cache and rewrites every entry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from sourcebook.core.cache import JsonCache, code_fingerprint, content_key
from sourcebook.core.errors import EnvironmentProblem
from sourcebook.core.failures import each_document, group_by_doc
from sourcebook.core.progress import Progress, summary
from sourcebook.core.schema import (
    Document,
    ErrorRecord,
    Figure,
    Mention,
    Metadata,
    Paragraph,
    Quote,
)
from sourcebook.core.settings import ExtractSettings
from sourcebook.core.tables import read_records, row_dict, write_records
from sourcebook.core.text import PIECE_CHARS, text_pieces

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
    quotes: str | None = None


#: documents longer than this (a book, not an article: news articles are under 50,000) get no
#: quotation search, whose speaker resolution grows with the square of a document's mentions
QUOTE_MAX_CHARS = 300_000

#: one document's mentions, figures and quotes
_Result = tuple[list[Mention], list[Figure], list[Quote]]


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


#: documents go through spaCy in chunks of about this many paragraphs: the progress advances
#: chunk by chunk, and a failure is retried document by document within its chunk only
CHUNK_PARAGRAPHS = 256


def chunks(
    todo: Sequence[tuple[str, list[Paragraph]]], size: int = CHUNK_PARAGRAPHS
) -> Iterator[list[tuple[str, list[Paragraph]]]]:
    """``todo`` (documents with their paragraphs) in order, cut into runs of whole documents
    of at least ``size`` paragraphs (the last one may be shorter)."""
    chunk: list[tuple[str, list[Paragraph]]] = []
    n = 0
    for item in todo:
        chunk.append(item)
        n += len(item[1])
        if n >= size:
            yield chunk
            chunk, n = [], 0
    if chunk:
        yield chunk


def ner_pieces(segments: Sequence, most: int = PIECE_CHARS) -> list:
    """``segments`` (paragraph spans for NER) with every span longer than ``most`` characters
    cut into pieces of at most ``most`` (:func:`sourcebook.core.text.text_pieces`)."""
    out = []
    for seg in segments:
        if seg.end - seg.start <= most:
            out.append(seg)
            continue
        for start, end in text_pieces(seg.para.text, most, seg.start, seg.end):
            out.append(replace(seg, start=start, end=end))
    return out


class _Extractor:
    """Runs NER once over every paragraph of a chunk of documents, then per document."""

    def __init__(self, settings: ExtractSettings, gaz) -> None:
        self.settings, self.gaz = settings, gaz
        self.nlp = None
        self.raw: dict[str, list] | None = None
        self.memo: dict = {}  # what NER found in each distinct text of the job (ner_found)
        self.figure_memo: dict = {}  # the figures of each distinct (text, anchor date)

    def _load(self):
        from sourcebook.extract.nlp import load_pipeline  # spaCy: only when needed

        if self.nlp is None:
            self.nlp = load_pipeline(self.settings.model, gazetteer=self.gaz)
        return self.nlp

    def prepare(self, todo: Sequence[tuple[str, list[Paragraph]]]) -> None:
        """The fast path: every paragraph of ``todo`` through one ``nlp.pipe``."""
        from sourcebook.extract.entities import raw_mentions, segments_of

        self.raw = None
        if not todo:
            return
        nlp = self._load()
        try:
            paras = [p for _, ps in todo for p in ps]
            segments = ner_pieces(segments_of(paras))
            self.raw = group_by_doc(
                raw_mentions(nlp, segments, self.settings.batch_size, self.memo)
            )
        except EnvironmentProblem:
            raise
        except Exception as exc:  # find the bad document below, one by one
            log.warning("NER of %d documents failed (%s); retrying one by one", len(todo), exc)

    def document(
        self, doc_id: str, paras: list[Paragraph], date: str, partial: list[Mention]
    ) -> _Result:
        """One document's mentions, figures and quotes; its mentions land in ``partial`` first,
        so a failure in the figures or quotes keeps them."""
        from sourcebook.extract.entities import (
            document_date,
            extract_figures,
            postprocess_mentions,
            raw_mentions,
            segments_of,
        )
        from sourcebook.extract.quotes import extract_quotes

        if self.raw is not None and doc_id in self.raw:
            doc_raw = self.raw[doc_id]
        else:
            segments = ner_pieces(segments_of(paras))
            doc_raw = raw_mentions(self._load(), segments, self.settings.batch_size, self.memo)
        partial.extend(postprocess_mentions(doc_raw, paras))
        anchor, source = document_date(date, paras)
        log.debug("%s: anchor date %s (%s)", doc_id, anchor, source or "none found")
        quotes = []
        if sum(len(p.text) for p in paras) <= QUOTE_MAX_CHARS:
            quotes = extract_quotes(paras, partial)
        else:  # speaker resolution looks back over the document: bounded, not quadratic
            log.warning(
                "%s: over %d characters, quotations not searched (entities and figures are)",
                doc_id,
                QUOTE_MAX_CHARS,
            )
        return list(partial), extract_figures(paras, anchor, self.figure_memo), quotes


def _cached(cache: JsonCache, key: str) -> _Result | None:
    hit = cache.get(key)
    if not isinstance(hit, dict):
        return None
    try:
        return (
            [Mention(**m) for m in hit["mentions"]],
            [Figure(**f) for f in hit["figures"]],
            [Quote(**q) for q in hit["quotes"]],
        )
    except (KeyError, TypeError):  # an entry of another layout: extract again
        return None


def _from_cache(
    by_doc: Sequence[tuple[str, list[Paragraph]]],
    dates: dict[str, str],
    settings: ExtractSettings,
    gaz,
) -> tuple[JsonCache, dict[str, str], dict[str, _Result]]:
    """The cache, each document's key in it, and the results found there (none when the job
    was forced: ``settings.refresh``)."""
    fingerprint = extract_fingerprint(settings.model, gaz) if settings.cache_dir else None
    cache = JsonCache(settings.cache_dir if fingerprint else None, read=not settings.refresh)
    keys: dict[str, str] = {}
    done: dict[str, _Result] = {}
    if not fingerprint:
        return cache, keys, done
    for doc_id, paras in by_doc:
        rows = [row_dict(p) for p in paras]
        keys[doc_id] = content_key(
            {**fingerprint, "date": dates.get(doc_id) or "", "paragraphs": rows}
        )
        hit = _cached(cache, keys[doc_id])
        if hit is not None:
            done[doc_id] = hit
    return cache, keys, done


def _put(cache: JsonCache, key: str, result: _Result) -> None:
    """One document's result into the cache."""
    doc_mentions, doc_figures, doc_quotes = result
    cache.put(
        key,
        {
            "mentions": [row_dict(m) for m in doc_mentions],
            "figures": [row_dict(f) for f in doc_figures],
            "quotes": [row_dict(q) for q in doc_quotes],
        },
    )


def extract_shard(
    paragraphs: Sequence[Paragraph],
    documents: Sequence[Document],
    settings: ExtractSettings,
    metadata: Sequence[Metadata] = (),
) -> tuple[list[Mention], list[Figure], list[ErrorRecord], list[Quote]]:
    """Mentions (``nlp.pipe`` over chunks of the shard), figures and quotes of every document
    of a shard; ``metadata`` gives each document's date, the anchor of relative dates. The progress
    goes to the log at a steady rate."""
    gaz = settings.gazetteer.load()
    paths = {d.doc_id: d.path for d in documents}
    dates = {m.doc_id: m.date for m in metadata}
    by_doc = sorted(group_by_doc(paragraphs).items())
    cache, keys, done = _from_cache(by_doc, dates, settings, gaz)
    todo = [(d, ps) for d, ps in by_doc if d not in done]
    log.info(
        "extract: %d documents from the cache, %d through spaCy%s",
        len(done),
        len(todo),
        " (forced: the cache is not read)" if settings.refresh else "",
    )
    extractor = _Extractor(settings, gaz)
    errors: list[ErrorRecord] = []
    partial: dict[str, list[Mention]] = {doc_id: [] for doc_id, _ in todo}

    def work(item: tuple[str, list[Paragraph]]) -> _Result:
        doc_id, paras = item
        return extractor.document(doc_id, paras, dates.get(doc_id, ""), partial[doc_id])

    with Progress("extract", len(todo)) as progress:
        for chunk in chunks(todo):
            extractor.prepare(chunk)
            for (doc_id, _), result in each_document(
                chunk, "extract", lambda it: (it[0], paths.get(it[0], "")), work, errors
            ):
                done[doc_id] = result
                if doc_id in keys:
                    _put(cache, keys[doc_id], result)
            progress.advance(len(chunk))
    mentions: list[Mention] = []
    figures: list[Figure] = []
    quotes: list[Quote] = []
    for doc_id, _ in by_doc:  # document order, failed documents keep their mentions
        doc_mentions, doc_figures, doc_quotes = done.get(doc_id, (partial.get(doc_id, []), [], []))
        mentions.extend(doc_mentions)
        figures.extend(doc_figures)
        quotes.extend(doc_quotes)
    return mentions, figures, errors, quotes


def run(inputs: Inputs, settings: ExtractSettings, outputs: Outputs) -> None:
    """Extract one shard and write its mention, figure, error and quote tables."""
    documents = read_records(inputs.documents, Document)
    paragraphs = read_records(inputs.paragraphs, Paragraph)
    metadata = read_records(inputs.metadata, Metadata) if inputs.metadata else []
    t0 = time.monotonic()
    mentions, figures, errors, quotes = extract_shard(paragraphs, documents, settings, metadata)
    write_records(mentions, Mention, outputs.mentions)
    write_records(figures, Figure, outputs.figures)
    write_records(errors, ErrorRecord, outputs.errors)
    if outputs.quotes:
        write_records(quotes, Quote, outputs.quotes)
    counts = {"documents": len({p.doc_id for p in paragraphs}), "mentions": len(mentions)}
    counts |= {"figures": len(figures), "quotes": len(quotes), "errors": len(errors)}
    summary(log, "extract", counts, t0)

"""The per-document failure loop every stage uses: a bad document becomes an error record and
the others go on (Docling's per-item status); a problem with the machine itself
(:class:`EnvironmentProblem`) is no document's fault and stops the job with its fix-it message."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from sourcebook.core.errors import EnvironmentProblem, SourcebookError
from sourcebook.core.schema import ErrorRecord

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


def error_record(doc_id: str, path: str, stage: str, exc: BaseException) -> ErrorRecord:
    """The error record of ``exc`` raised while ``stage`` processed one document."""
    kind = exc.kind if isinstance(exc, SourcebookError) else f"internal:{type(exc).__name__}"
    message = str(exc) or type(exc).__name__
    if not isinstance(exc, SourcebookError):
        message = f"unexpected error while processing {path}: {message}"
    return ErrorRecord(doc_id=doc_id, path=path, stage=stage, kind=kind, message=message)


def each_document(
    items: Iterable[T],
    stage: str,
    ident: Callable[[T], tuple[str, str]],
    work: Callable[[T], R],
    errors: list[ErrorRecord],
    on_failure: Callable[[T], None] | None = None,
) -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` for every item whose work succeeds, in order.

    ``ident(item)`` gives the document's ``(doc_id, path)``. A document whose work raises is
    logged, gets an :class:`ErrorRecord` in ``errors`` (and ``on_failure(item)`` is called, for
    a stage that keeps a row for failed documents); the loop goes on with the next one.
    """
    for item in items:
        try:
            result = work(item)
        except EnvironmentProblem:
            raise
        except Exception as exc:  # any bad input: record it, go on with the others
            doc_id, path = ident(item)
            log.warning("%s failed for %s: %s", stage, path, exc)
            errors.append(error_record(doc_id, path, stage, exc))
            if on_failure is not None:
                on_failure(item)
            continue
        yield item, result


def group_by_doc(records: Iterable, key: str = "doc_id") -> dict[str, list]:
    """Records grouped by their ``key`` attribute, in the order they come."""
    out: dict[str, list] = defaultdict(list)
    for r in records:
        out[getattr(r, key)].append(r)
    return out

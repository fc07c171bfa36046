"""The report stage's runner: the dossier tables → report.html and report.md.

The only entry point of the stage: scripts/report.py (the workflow) and ``python -m sourcebook
report`` (the CLI) both call :func:`run`. How many processes write the report is the runner's
choice, made here as an executor: with ``workers`` ≥ 2 the timeline's events are found, and the
Markdown rendered, in a second process while the first builds the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sourcebook.core.parallel import INLINE, Executor, executor
from sourcebook.core.progress import CONSOLE
from sourcebook.core.settings import ReportSettings
from sourcebook.core.tables import atomic_path
from sourcebook.report.build import (
    COUNTED,
    ReportOptions,
    build_context,
    read_shard_rows,
    read_tables,
    read_timeline_events,
    render_html,
    render_markdown,
    sorted_documents,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inputs:
    dossier: str  # folder of the dossier tables
    paragraphs: Sequence[str] = ()
    removed: Sequence[str] = ()
    pages: Sequence[str] = ()
    figures: Sequence[str] = ()


@dataclass(frozen=True)
class Outputs:
    html: str
    md: str


def run(inputs: Inputs, settings: ReportSettings, outputs: Outputs, workers: int = 1) -> None:
    """Write report.html and report.md from the dossier and shard tables."""
    run_report_paths(
        inputs.dossier,
        outputs.html,
        outputs.md,
        paragraphs=inputs.paragraphs,
        removed=inputs.removed,
        pages=inputs.pages,
        options=settings.options,
        figures=inputs.figures,
        executor=executor(workers),
    )


def run_report_paths(
    dossier_dir: str,
    html_out: str,
    md_out: str,
    paragraphs: Sequence[str] = (),
    removed: Sequence[str] = (),
    pages: Sequence[str] = (),
    options: ReportOptions | None = None,
    figures: Sequence[str] = (),
    executor: Executor = INLINE,
) -> None:
    """Read the dossier and shard tables, write report.html and report.md (logging progress).
    The timeline's events (from the shard ``figures``) and the Markdown go to ``executor``:
    a forking one finds and writes them in a second process meanwhile."""
    t0 = time.monotonic()
    tables = read_tables(dossier_dir)
    log.info(
        "report: read dossier tables (%s) in %.1fs",
        ", ".join(
            f"{n} {sum(x['n'] for x in r) if n in COUNTED else len(r)}" for n, r in tables.items()
        ),
        time.monotonic() - t0,
    )
    opts = options or ReportOptions()
    timeline = executor.submit(
        partial(
            read_timeline_events,
            tables.get("figures", []),
            list(figures),
            sorted_documents(tables),
            opts.max_rows,
        )
    )
    para_rows = read_shard_rows(
        paragraphs, ("doc_id", "index", "page", "start", "end", "text", "source_map")
    )
    removed_rows = read_shard_rows(removed, ("doc_id", "page", "start", "end", "text", "reason"))
    removed_rows += [  # corpus-wide boilerplate set aside by merge
        {"doc_id": b["doc_id"], "page": None, "start": None, "end": None, "text": b["text"],
         "reason": b["reason"]}
        for b in tables.get("boilerplate", [])
    ]  # fmt: skip
    page_rows = read_shard_rows(
        pages, ("doc_id", "page", "source", "needs_ocr", "ocr_reason", "ocr_confidence")
    )
    log.info(
        "report: read %d paragraphs, %d removed passages, %d pages from %d shards in %.1fs",
        len(para_rows),
        len(removed_rows),
        len(page_rows),
        len(paragraphs),
        time.monotonic() - t0,
    )
    context = build_context(
        tables, para_rows, removed_rows, page_rows, opts, timeline=timeline.result
    )
    log.info(
        "report: %d source views, %d key figures, %d entities (%.1fs)",
        len(context["source_views"]),
        len(context["key_figures"]),
        len(context["entities"]),
        time.monotonic() - t0,
    )
    # a forking executor renders the Markdown in a second process while this one does the HTML
    md = executor.submit(partial(_write_rendered, render_markdown, context, md_out, t0))
    _write_rendered(render_html, context, html_out, t0)
    md.result()
    log.info(
        "report: wrote %s and %s in %.1fs", html_out, md_out, time.monotonic() - t0, extra=CONSOLE
    )


def _write_rendered(render: Any, context: dict[str, Any], path: str, t0: float) -> None:
    """``render(context)`` written to ``path`` (logging its size and the time since ``t0``)."""
    text = render(context)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")  # modes as any new file's: the umask decides
    log.info("report: wrote %s (%.1f MB, %.1fs)", path, len(text) / 1e6, time.monotonic() - t0)

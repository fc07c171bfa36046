"""The dossier report: self-contained HTML and Markdown from the dossier tables."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from .tables import atomic_path

TABLES = ("documents", "entities", "mentions", "figures", "errors")


def _env() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: resources.files("sourcebook").joinpath("templates", name).read_text("utf-8")
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    return env


def md_cell(value: Any) -> str:
    """Text made safe for a Markdown table cell: no pipes, newlines or raw HTML."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def render_html(context: dict[str, Any]) -> str:
    return _env().get_template("report.html.j2").render(**context)


def render_markdown(context: dict[str, Any]) -> str:
    env = _env()
    env.autoescape = False
    return env.get_template("report.md.j2").render(**context)


def report_context(dossier_dir: str | Path) -> dict[str, Any]:
    """Everything the templates show, read from the dossier tables."""
    import pyarrow.parquet as pq

    d = Path(dossier_dir)
    return {name: pq.read_table(d / f"{name}.parquet").to_pylist() for name in TABLES}


def run_report(dossier_dir: str, html_out: str, md_out: str) -> None:
    context = report_context(dossier_dir)
    for path, text in ((html_out, render_html(context)), (md_out, render_markdown(context))):
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")

"""Debugging outside Snakemake: run the stages on some files and print what the workflow computes.

    python -m sourcebook ingest FILE ...     # the document rows and raw text per page
    python -m sourcebook ocr FILE ...        # pages after the OCR fallback
    python -m sourcebook normalise FILE ...  # cleaned paragraphs, metadata, removed text
    python -m sourcebook extract FILE ...    # entity mentions, figures and quotes
    python -m sourcebook merge FILE|DIR ...  # the dossier tables of these files as one corpus
    python -m sourcebook report FILE|DIR ... # report.md of these files (--html PATH for the page)
    python -m sourcebook shard FILE|DIR ...  # doc id and shard of files in the input folder

Each stage runs the ones before it with the settings of config.yaml (``--config``), through the
same stage runners the workflow's jobs call (``sourcebook.<stage>.run``), in a temporary folder
laid out like ``results/``: the records are the ones the workflow writes for these documents.
A file keeps the doc id and shard it has in config's ``input_dir`` when it lies there, else
those of its own folder as an input folder. Records are printed as JSON lines,
``{"table": ..., ...fields}``; every stage's errors go to the ``errors`` table.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from sourcebook.core.config import load_config
from sourcebook.core.manifest import Entry, build_manifest
from sourcebook.core.settings import (
    ExtractSettings,
    IngestSettings,
    MergeSettings,
    NormaliseSettings,
    OcrSettings,
    ReportSettings,
    stage_config,
)

SHARD_STAGES = ("ingest", "ocr", "normalise", "extract")
STAGES = (*SHARD_STAGES, "merge", "report")
#: the tables each per-shard stage writes (as in rules/<stage>.smk)
SHARD_TABLES = {
    "ingest": ("documents", "pages", "errors"),
    "ocr": ("pages", "errors"),
    "normalise": ("paragraphs", "metadata", "removed", "errors"),
    "extract": ("mentions", "figures", "errors", "quotes"),
}
STAGE_HELP = {
    "ingest": "read each file into raw text per page (documents, pages)",
    "ocr": "Tesseract on the pages that need it (pages)",
    "normalise": "cleaned paragraphs with offsets, metadata, removed text",
    "extract": "entity mentions, figures and quotes",
    "merge": "the dossier tables of the given files as one corpus",
    "report": "report.md of the given files (--html PATH writes the page too)",
    "shard": "doc id and shard of files in the input folder",
}


def locate(files: Sequence[Path], config: dict[str, Any]) -> list[tuple[Path, Entry]]:
    """``(input folder, manifest entry)`` of every file (a folder stands for its files)."""
    root = Path(config["input_dir"]).resolve()
    manifests: dict[Path, dict[str, Entry]] = {}
    found: list[tuple[Path, Entry]] = []
    for f in files:
        f = f.resolve()
        base = root if f == root or root in f.parents else (f if f.is_dir() else f.parent)
        if base not in manifests:
            manifests[base] = {e.path: e for e in build_manifest(base, config["shards"])}
        if f.is_dir():
            prefix = "" if f == base else f.relative_to(base).as_posix() + "/"
            found += [(base, e) for p, e in manifests[base].items() if p.startswith(prefix)]
        else:
            entry = manifests[base].get(f.relative_to(base).as_posix())
            if entry is None:
                raise FileNotFoundError(f"{f}: not an input file (hidden, or not found)")
            found.append((base, entry))
    return found


class Workspace:
    """A temporary ``results/`` of the given files, filled stage by stage by the runners."""

    def __init__(self, config: dict[str, Any], located: list[tuple[Path, Entry]], root: Path):
        self.config, self.root = config, root
        self.groups: dict[tuple[Path, str], list[Entry]] = {}
        self.bases: dict[Path, int] = {}
        for base, entry in located:
            self.bases.setdefault(base, len(self.bases))
            self.groups.setdefault((base, entry.shard), []).append(entry)

    def path(self, base: Path, shard: str, stage: str, table: str) -> str:
        folder = self.root / f"input{self.bases[base]}" / shard / stage
        folder.mkdir(parents=True, exist_ok=True)
        return str(folder / f"{table}.parquet")

    def settings_config(self, base: Path, stage: str) -> dict[str, Any]:
        return stage_config({**self.config, "input_dir": str(base)}, stage)

    def run_shards(self, upto: str) -> None:
        """ingest … ``upto`` on every shard of the given files."""
        from sourcebook.extract import run as extract
        from sourcebook.ingest import run as ingest
        from sourcebook.normalise import run as normalise
        from sourcebook.ocr import run as ocr

        stages = SHARD_STAGES[: SHARD_STAGES.index(upto) + 1]
        for (base, shard), entries in sorted(self.groups.items()):

            def p(stage: str, table: str, base: Path = base, shard: str = shard) -> str:
                return self.path(base, shard, stage, table)

            ingest.run(
                [[e.doc_id, e.path] for e in entries],
                shard,
                IngestSettings.from_config(self.settings_config(base, "ingest")),
                ingest.Outputs(*(p("ingest", t) for t in SHARD_TABLES["ingest"])),
            )
            if "ocr" in stages:
                ocr.run(
                    ocr.Inputs(p("ingest", "documents"), p("ingest", "pages")),
                    OcrSettings.from_config(self.settings_config(base, "ocr")),
                    ocr.Outputs(p("ocr", "pages"), p("ocr", "errors")),
                    threads=os.cpu_count() or 1,
                )
            if "normalise" in stages:
                normalise.run(
                    normalise.Inputs(p("ingest", "documents"), p("ocr", "pages")),
                    NormaliseSettings.from_config(self.settings_config(base, "normalise")),
                    normalise.Outputs(*(p("normalise", t) for t in SHARD_TABLES["normalise"])),
                )
            if "extract" in stages:
                extract.run(
                    extract.Inputs(
                        p("ingest", "documents"),
                        p("normalise", "paragraphs"),
                        p("normalise", "metadata"),
                    ),
                    ExtractSettings.from_config(self.settings_config(base, "extract")),
                    extract.Outputs(*(p("extract", t) for t in SHARD_TABLES["extract"])),
                )

    def shard_tables(self, stage: str, table: str) -> list[str]:
        return [self.path(b, s, stage, table) for b, s in sorted(self.groups)]

    def merge(self) -> Path:
        """The dossier of the given files (every shard stage first)."""
        from sourcebook.merge import run as merge

        self.run_shards("extract")
        out = self.root / "dossier"
        out.mkdir(exist_ok=True)
        errors = [t for s in SHARD_STAGES for t in self.shard_tables(s, "errors")]
        merge.run(
            merge.Inputs(
                documents=self.shard_tables("ingest", "documents"),
                metadata=self.shard_tables("normalise", "metadata"),
                mentions=self.shard_tables("extract", "mentions"),
                figures=self.shard_tables("extract", "figures"),
                errors=errors,
                paragraphs=self.shard_tables("normalise", "paragraphs"),
                pages=self.shard_tables("ocr", "pages"),
                quotes=self.shard_tables("extract", "quotes"),
            ),
            MergeSettings.from_config(stage_config(self.config, "merge")),
            merge.Outputs(folder=str(out), duckdb=str(out / "dossier.duckdb")),
            workers=2,
        )
        return out

    def report(self, html: Path | None) -> Path:
        from sourcebook.report import run as report

        dossier = self.merge()
        md = dossier / "report.md"
        report.run(
            report.Inputs(
                dossier=str(dossier),
                paragraphs=self.shard_tables("normalise", "paragraphs"),
                removed=self.shard_tables("normalise", "removed"),
                pages=self.shard_tables("ocr", "pages"),
                figures=self.shard_tables("extract", "figures"),
            ),
            ReportSettings.from_config(stage_config(self.config, "report")),
            report.Outputs(html=str(html or dossier / "report.html"), md=str(md)),
            workers=2,
        )
        return md


def table_rows(path: str | Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def records(ws: Workspace, stage: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` of what ``stage`` wrote for the given files (errors of every stage)."""
    if stage == "merge":
        from sourcebook.merge.dossier import TABLES

        folder = ws.merge()
        for name in TABLES:
            yield from ((name, r) for r in table_rows(folder / f"{name}.parquet"))
        return
    ws.run_shards(stage)
    upto = SHARD_STAGES[: SHARD_STAGES.index(stage) + 1]
    for table in SHARD_TABLES[stage]:
        if table == "errors":
            continue
        for path in ws.shard_tables(stage, table):
            yield from ((table, r) for r in table_rows(path))
    for s in upto:
        for path in ws.shard_tables(s, "errors"):
            yield from (("errors", r) for r in table_rows(path))


def _emit(rows: Iterator[tuple[str, dict[str, Any]]], out) -> None:
    for table, row in rows:
        out.write(json.dumps({"table": table, **row}, ensure_ascii=False) + "\n")


def print_shards(located: list[tuple[Path, Entry]]) -> None:
    for base, e in located:
        print(f"{e.doc_id}\tshard {e.shard}\tresults/shards/{e.shard}/\t({base})")


def parser() -> argparse.ArgumentParser:
    stages = "\n".join(f"  {s:<10} {h}" for s, h in STAGE_HELP.items())
    ap = argparse.ArgumentParser(
        prog="python -m sourcebook",
        description=__doc__.split("\n")[0],
        epilog=f"stages:\n{stages}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("stage", choices=[*STAGES, "shard"])
    ap.add_argument("files", nargs="+", type=Path, help="input files or folders")
    ap.add_argument("--config", default=None, help="config file (default: ./config.yaml)")
    ap.add_argument("--html", type=Path, default=None, help="report: also write the HTML page")
    ap.add_argument("-v", "--verbose", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from sourcebook.core.tables import skip_pandas_probe

    skip_pandas_probe()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    try:
        config = load_config(args.config)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"sourcebook: bad config: {exc}", file=sys.stderr)
        return 2
    missing = [f for f in args.files if not f.exists()]
    if missing:
        print(f"sourcebook: {missing[0]}: no such file or folder", file=sys.stderr)
        return 1
    try:
        located = locate(args.files, config)
    except FileNotFoundError as exc:
        print(f"sourcebook: {exc}", file=sys.stderr)
        return 1
    if args.stage == "shard":
        print_shards(located)
        return 0
    from sourcebook.core.errors import EnvironmentProblem

    with tempfile.TemporaryDirectory(prefix="sourcebook-") as tmp:
        ws = Workspace(config, located, Path(tmp))
        try:
            if args.stage == "report":
                sys.stdout.write(ws.report(args.html).read_text(encoding="utf-8"))
            else:
                _emit(records(ws, args.stage), sys.stdout)
        except EnvironmentProblem as exc:
            print(f"sourcebook: {exc}", file=sys.stderr)
            return 3
        except BrokenPipeError:  # e.g. piped into head
            sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Debugging outside Snakemake: run the stages on one file and print the records.

    python -m sourcebook ingest FILE      # raw text per page (+ the document row)
    python -m sourcebook ocr FILE         # pages after the OCR fallback
    python -m sourcebook normalise FILE   # cleaned paragraphs, metadata, removed text
    python -m sourcebook extract FILE     # entity mentions and figures
    python -m sourcebook shard FILE ...   # doc id and shard of files in the input folder

Each stage runs the ones before it, in memory, with the settings of config.yaml (``--config``).
Records are printed as JSON lines: ``{"table": ..., ...fields}``; errors go to the ``errors``
table exactly as they would in the workflow.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from .config import load_config

STAGES = ("ingest", "ocr", "normalise", "extract")


def _emit(table: str, records: list[Any], out) -> None:
    for r in records:
        row = dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r)
        out.write(json.dumps({"table": table, **row}, ensure_ascii=False) + "\n")


def run_stages(path: Path, stage: str, config: dict[str, Any]) -> dict[str, list[Any]]:
    """Run ingest … ``stage`` on one file; returns the tables of the last stage (and errors)."""
    from . import pipeline
    from .limits import Limits
    from .manifest import slugify
    from .ocr import OcrOptions, ocr_shard

    doc_id = slugify(path.name)
    limits = Limits(**config.get("limits", {}))
    passwords = tuple(config.get("pdf", {}).get("passwords", ()))
    docs, pages, errors = pipeline.ingest_shard(
        [(doc_id, path.name)], path.parent, "cli", limits, pdf_passwords=passwords
    )
    if stage == "ingest":
        return {"documents": docs, "pages": pages, "errors": errors}
    pages, ocr_errors = ocr_shard(
        docs,
        pages,
        path.parent,
        OcrOptions(**config["ocr"]),
        threads=os.cpu_count() or 1,
        passwords=passwords,
        limits=limits,
    )
    errors += ocr_errors
    if stage == "ocr":
        return {"pages": pages, "errors": errors}
    paragraphs, metadata, removed, norm_errors = pipeline.normalise_shard(docs, pages)
    errors += norm_errors
    if stage == "normalise":
        return {
            "metadata": metadata,
            "paragraphs": paragraphs,
            "removed": removed,
            "errors": errors,
        }
    mentions, figures, ext_errors = pipeline.extract_shard(
        paragraphs, docs, config["spacy"]["model"], config["spacy"]["batch_size"]
    )
    return {"mentions": mentions, "figures": figures, "errors": errors + ext_errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sourcebook", description=__doc__.split("\n")[0]
    )
    parser.add_argument("stage", choices=[*STAGES, "shard"])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--config", default=None, help="config file (default: ./config.yaml)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    try:
        config = load_config(args.config)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"sourcebook: bad config: {exc}", file=sys.stderr)
        return 2

    if args.stage == "shard":
        from .manifest import build_manifest

        root = Path(config["input_dir"])
        entries = {e.path: e for e in build_manifest(root, config["shards"])}
        for f in args.files:
            try:
                rel = f.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                rel = f.as_posix()
            e = entries.get(rel)
            if e is None:
                print(f"{f}: not in input_dir {root}", file=sys.stderr)
                return 1
            print(f"{e.doc_id}\tshard {e.shard}\tresults/shards/{e.shard}/")
        return 0

    from .errors import EnvironmentProblem

    for f in args.files:
        if not f.exists():
            print(f"sourcebook: {f}: no such file", file=sys.stderr)
            return 1
        try:
            tables = run_stages(f, args.stage, config)
        except EnvironmentProblem as exc:
            print(f"sourcebook: {exc}", file=sys.stderr)
            return 3
        try:
            for name, records in tables.items():
                _emit(name, records, sys.stdout)
        except BrokenPipeError:  # e.g. piped into head
            sys.stderr.close()
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The seam between Snakemake and the library: logging set-up and manifest lookups."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from sourcebook.core.manifest import Entry


def configure_logging(smk: Any) -> None:
    """Log to the job's log file and to stderr; uncaught errors land in both. (Every step
    script calls it first: it also spares the job pyarrow's pandas import.)"""
    from sourcebook.core.tables import skip_pandas_probe

    skip_pandas_probe()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if smk.log:
        Path(smk.log[0]).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(smk.log[0], mode="w", encoding="utf-8"))
    fmt = f"%(asctime)s {smk.rule}[{','.join(f'{k}={v}' for k, v in smk.wildcards.items())}] "
    logging.basicConfig(
        level=logging.INFO, format=fmt + "%(levelname)s %(message)s", handlers=handlers, force=True
    )

    def hook(exc_type, exc, tb):
        logging.getLogger("sourcebook").critical(
            "%s failed: %s", smk.rule, exc, exc_info=(exc_type, exc, tb)
        )

    sys.excepthook = hook


def shard_input_paths(shards: dict[str, list[Entry]], shard: str, input_dir: str) -> list[str]:
    """Paths of a shard's files that can be used as Snakemake inputs.

    Only regular files (or links to them) are inputs: a broken link cannot be one, and
    Snakemake would block reading a named pipe to checksum it. Ingest still gets every entry
    and records why the others could not be read.
    """
    paths = (os.path.join(input_dir, e.path) for e in shards.get(shard, []))
    return [p for p in paths if os.path.isfile(p)]


def ocr_shards_of(shards: dict[str, list[Entry]]) -> frozenset[str]:
    """The shards holding PDFs or images: the ones whose OCR job may run Tesseract."""
    from sourcebook.core.manifest import detect_format

    return frozenset(
        s for s, es in shards.items() if any(detect_format(e.path) in ("pdf", "image") for e in es)
    )


def ocr_threads_of(ocr_shards: frozenset[str], shard: str, threads: int = 2) -> int:
    """Threads of a shard's OCR job: ``threads`` when it is the only shard holding PDFs or
    images (its pages are OCR'd in parallel), else 1.

    Each shard's chain is ingest → ocr → normalise → extract. A 2-thread OCR job cannot start
    while one extract job runs, and no other extract is ready before its own OCR job has run:
    measured on 1,000 and 10,000 documents, 2-thread OCR jobs held the whole run to one job
    at a time. With several such shards, 1-thread OCR jobs run beside other shards' jobs and
    fill the cores; ``--set-threads ocr=N`` overrides.
    """
    return threads if ocr_shards == {shard} else 1


def shard_entries_of(shards: dict[str, list[Entry]], shard: str) -> list[list[str]]:
    return [[e.doc_id, e.path] for e in shards.get(shard, [])]


class InputFolderError(SystemExit):
    """The input folder cannot be used: the message says why and what to do, in one line.
    A ``SystemExit``: Snakemake prints its message and exits 1, without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(f"sourcebook: {message}")


#: where a run records the input folder its results/ were built from
INPUT_MARKER = "results/.input_dir"


def check_input_folder(input_dir: str, n_files: int, marker: str | Path = INPUT_MARKER) -> None:
    """Refuse, before any job runs, an input folder that would silently replace the results:
    a path that does not exist or is not a folder, a folder with no input file, or a folder
    other than the one ``results/`` was built from (its dossier would be overwritten)."""
    path = Path(input_dir)
    if not path.exists():
        raise InputFolderError(
            f"input_dir {input_dir!r} does not exist; nothing was run and results/ is untouched"
        )
    if not path.is_dir():
        raise InputFolderError(
            f"input_dir {input_dir!r} is a file, not a folder; give the folder that holds the "
            "documents (nothing was run, results/ is untouched)"
        )
    if n_files == 0:
        raise InputFolderError(
            f"input_dir {input_dir!r} holds no documents (hidden files are skipped); nothing was "
            "run and results/ is untouched"
        )
    marker = Path(marker)
    here = str(path.resolve())
    try:
        before = marker.read_text(encoding="utf-8").strip()
    except OSError:
        before = ""
    if before and before != here:
        raise InputFolderError(
            f"results/ holds the dossier of {before}, not of {here}: to keep both, run this folder "
            f"in its own working directory (snakemake --directory runs/NAME --configfile "
            f"config.yaml --config input_dir={input_dir}); to replace it, remove results/ first"
        )


def record_input_folder(input_dir: str, marker: str | Path = INPUT_MARKER) -> None:
    """Remember which input folder results/ is built from (see :func:`check_input_folder`)."""
    marker = Path(marker)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(Path(input_dir).resolve()) + "\n", encoding="utf-8")


def environment_problems(model: str, ocr_languages: str | None) -> list[str]:
    """What this machine lacks for the run, checked once before any job starts: the spaCy
    pipeline (found without importing spaCy) and, when OCR may be needed (``ocr_languages``
    given), Tesseract with its language data. Each problem is one line with its fix."""
    import importlib.util

    problems = []
    if importlib.util.find_spec(model) is None:
        from sourcebook.core.errors import install_hint

        problems.append(
            f"the spaCy pipeline {model!r} (config spacy.model) is not installed: "
            f"{install_hint(model)}; models cannot be downloaded at run time here"
        )
    if ocr_languages is not None:
        from sourcebook.core.errors import EnvironmentProblem
        from sourcebook.ocr.engine import ensure_tesseract

        try:
            ensure_tesseract(ocr_languages)
        except EnvironmentProblem as exc:
            problems.append(f"OCR is needed for PDFs/images but {exc}")
    return problems

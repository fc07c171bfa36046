"""The seam between Snakemake and the library: logging set-up, manifest lookups, input-folder
and environment checks, and the marks of forced jobs."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sourcebook.core.manifest import Entry


def log_prefix(rule: str, wildcards: dict[str, str]) -> str:
    """How a job's log lines start: ``extract[shard=3]``, or the rule alone (``merge``)."""
    spec = ",".join(f"{k}={v}" for k, v in wildcards.items())
    return f"{rule}[{spec}]" if spec else rule


def configure_logging(smk: Any) -> None:
    """Log every INFO line to the job's log file; the console (stderr) shows warnings, errors
    and the job's one-line summary (records marked ``CONSOLE``, see
    :mod:`sourcebook.core.progress`). Uncaught errors land in both. (Every step script calls it
    first: it also spares the job pyarrow's pandas import.)"""
    from sourcebook.core.progress import for_console
    from sourcebook.core.tables import skip_pandas_probe

    skip_pandas_probe()
    console = logging.StreamHandler(sys.stderr)
    handlers: list[logging.Handler] = [console]
    if smk.log:
        Path(smk.log[0]).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.FileHandler(smk.log[0], mode="w", encoding="utf-8", errors="backslashreplace")
        )
        console.addFilter(for_console)  # the rest is in the log file
    fmt = f"%(asctime)s {log_prefix(smk.rule, dict(smk.wildcards.items()))} "
    logging.basicConfig(
        level=logging.INFO, format=fmt + "%(levelname)s %(message)s", handlers=handlers, force=True
    )

    def hook(exc_type, exc, tb):
        logging.getLogger("sourcebook").critical(
            "%s failed: %s", smk.rule, exc, exc_info=(exc_type, exc, tb)
        )

    sys.excepthook = hook


def shard_files_key(shards: dict[str, list[Entry]], shard: str, input_dir: str) -> str:
    """A digest of the path, size and modification time of every file of a shard: the ingest
    rule's ``files`` param, which makes Snakemake rerun the shard when one of them changes.

    The input files are not Snakemake inputs: Snakemake reads an input path as a pattern (a
    name with ``{braces}`` breaks the whole run), writes every input path in its lock file
    (a name that is not UTF-8 crashes it) and stops the run when an input vanishes before its
    job starts. Ingest reads the files itself and records every one it cannot read.
    """
    digest = hashlib.sha256()
    for e in shards.get(shard, []):
        try:
            st = os.stat(os.path.join(input_dir, e.path))
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = "unreadable"
        digest.update(f"{e.doc_id}\0{stamp}\n".encode())
    return digest.hexdigest()


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
        before = marker.read_text(encoding="utf-8", errors="surrogateescape").strip()
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
    text = str(Path(input_dir).resolve()) + "\n"
    marker.write_text(text, encoding="utf-8", errors="surrogateescape")


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


# --- forced jobs: Snakemake does not tell a job that it was forced, so the main process marks
# them (onstart) beside the job's cache, and the job reads no cached result while marked.

#: the rule parameters naming a per-document cache that a forced job must not read
CACHE_PARAMS = ("cache_dir",)


def forced_mark(cache_dir: str | os.PathLike[str], wildcards: Mapping[str, str]) -> Path:
    """Where the mark of a forced job with these wildcards lies: ``<cache>/.forced/shard=3``."""
    name = ",".join(f"{k}={v}" for k, v in sorted(wildcards.items())) or "job"
    return Path(cache_dir) / ".forced" / name


def _user_forced(workflow: Any) -> tuple[set[str], set[str]]:
    """The rules and files the user forced (``--forcerun``/``-R``, ``--forceall``/``-F``,
    ``--force``/``-f`` with its targets), without the incomplete outputs Snakemake also
    reruns: a job cut off by a crash keeps using the cache (its entries are written
    atomically)."""
    settings = workflow.dag_settings
    rules = {r.name for r in workflow.dag.forcerules}
    items = set(settings.forcerun or ())
    if settings.forcetargets:
        items |= set(settings.targets or ())
    files = {os.path.relpath(f) for f in items if not workflow.is_rule(f)}
    return rules, files


def _caches(job: Any) -> list[str]:
    """The cache folders of a Snakemake job (its parameters in :data:`CACHE_PARAMS`)."""
    params = dict(job.params.items())
    return [str(params[p]) for p in CACHE_PARAMS if params.get(p)]


def mark_forced_jobs(workflow: Any) -> list[Path]:
    """Before the first job (``onstart``): mark every job to run that the user forced, and
    every job that runs after it because of it, when it keeps a cache (a parameter in
    :data:`CACHE_PARAMS`): "rerun this stage and everything after it" then recomputes
    everything. Marks left by an earlier run are removed first. Returns the marks written."""
    import shutil

    dag = workflow.dag
    for folder in {c for job in dag.jobs for c in _caches(job)}:
        shutil.rmtree(Path(folder) / ".forced", ignore_errors=True)
    rules, files = _user_forced(workflow)
    forced = [
        job
        for job in dag.needrun_jobs()
        if job.rule.name in rules or not files.isdisjoint(map(os.path.relpath, job.output))
    ]
    marks = []
    for job in dag.bfs(dag.depending, *forced, stop=lambda j: not dag.needrun(j)):
        for folder in _caches(job):
            mark = forced_mark(folder, dict(job.wildcards.items()))
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
            marks.append(mark)
    return marks


@contextmanager
def forced_job(smk: Any, param: str = "cache_dir") -> Iterator[bool]:
    """Whether this job was forced by the user (see :func:`mark_forced_jobs`): its cache must
    not be read. The mark is removed once the job has succeeded; a failed job keeps it, so its
    rerun recomputes everything too."""
    folder = getattr(smk.params, param, None)
    mark = forced_mark(folder, dict(smk.wildcards.items())) if folder else None
    forced = mark is not None and mark.exists()
    yield forced
    if forced:
        mark.unlink(missing_ok=True)  # type: ignore[union-attr]

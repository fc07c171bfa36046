"""A forced rerun really reruns, and a run tells its progress in the job logs and one line per
job on the console (issue 22, points 5 and 6)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SEEDS, Run, run_snakemake

from sourcebook.core.manifest import build_manifest

pytestmark = pytest.mark.workflow


def poison_extract_cache(work: Path) -> int:
    """Rewrite every cached extract result so that a run which reads it shows "POISON"."""
    entries = list((work / "results" / "cache" / "extract").glob("*/*.json"))
    for path in entries:
        entry = json.loads(path.read_text())
        for mention in entry["mentions"]:
            mention["text"] = "POISON"
        path.write_text(json.dumps(entry))
    return len(entries)


def extract_logs(work: Path) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((work / "logs" / "extract").glob("*.log"))}


def mention_texts(work: Path) -> set[str]:
    texts: set[str] = set()
    for path in (work / "results" / "shards").glob("*/extract/mentions.parquet"):
        texts |= set(pq.read_table(path).column("text").to_pylist())
    return texts


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Run]:
    base = tmp_path_factory.mktemp("forcerun")
    shutil.copytree(SEEDS, base / "seeds")
    run = run_snakemake(base / "work", base / "seeds", "--until", "extract")
    return base / "work", base / "seeds", run


def test_console_has_one_line_per_job_and_the_log_has_the_progress(extracted) -> None:
    """Runs first: it reads the logs of the fixture's run."""
    work, _, run = extracted
    out = run.stdout + run.stderr
    jobs = run.jobs()
    for rule in ("ingest", "normalise", "extract"):
        lines = re.findall(rf"^.* {rule}\[shard=\d+\] INFO .*$", out, flags=re.M)
        assert len(lines) == jobs[rule], (rule, lines)
    assert "gazetteer:" not in out and "loaded spaCy pipeline" not in out
    for log in extract_logs(work).values():
        assert "loaded spaCy pipeline" in log
        assert re.search(r"extract: (\d+)/\1 documents in \d+s", log), log


def test_forcerun_extract_reads_nothing_from_the_cache(extracted) -> None:
    """README: `snakemake --forcerun extract` recomputes every document (the cache is only
    rewritten), where it used to take every one from the cache."""
    work, seeds, _ = extracted
    assert poison_extract_cache(work) == len(list(SEEDS.iterdir()))
    run_snakemake(work, seeds, "--forcerun", "extract", "--until", "extract")
    logs = extract_logs(work)
    assert logs and all("0 documents from the cache" in log for log in logs.values()), logs
    assert all("forced: the cache is not read" in log for log in logs.values())
    assert "POISON" not in mention_texts(work)
    # the forced jobs rewrote the cache and left no mark behind: a job that reruns because a
    # document changed reads the cache again for the others
    assert not list((work / "results" / "cache" / "extract" / ".forced").iterdir())
    poison_extract_cache(work)
    edited = seeds / "003_ed64e6255240b6c7.txt"
    edited.write_text(edited.read_text() + "\n\nAn added paragraph about Brussels.\n")
    run_snakemake(work, seeds, "--until", "extract")
    entries = build_manifest(seeds, "auto")
    shard = next(e.shard for e in entries if e.path == edited.name)
    others = sum(e.shard == shard for e in entries) - 1
    assert others >= 1
    log = extract_logs(work)[shard]
    assert f"extract: {others} documents from the cache, 1 through spaCy" in log, log
    assert "POISON" in mention_texts(work)  # an unforced job trusts the cache (keyed by input)


def test_forcing_one_shard_recomputes_that_shard_and_what_follows(extracted) -> None:
    """README: force one shard's ingest output; its extract job reruns after it, and reads
    nothing from the cache either (the poisoned entries of the previous test go)."""
    work, seeds, _ = extracted
    before = extract_logs(work)
    shard = sorted(before)[0]
    run_snakemake(
        work, seeds, "--forcerun", f"results/shards/{shard}/ingest/documents.parquet",
        "--until", "extract",
    )  # fmt: skip
    after = extract_logs(work)
    assert "forced: the cache is not read" in after[shard]
    assert {s: log for s, log in after.items() if s != shard} == {
        s: log for s, log in before.items() if s != shard
    }
    shard_mentions = pq.read_table(work / "results/shards" / shard / "extract/mentions.parquet")
    assert "POISON" not in shard_mentions.column("text").to_pylist()


def test_log_prefix_of_a_job_without_wildcards_has_no_brackets(seeds_run: Run) -> None:
    out = seeds_run.stdout + seeds_run.stderr
    assert "merge[]" not in out and "report[]" not in out
    assert re.search(r"^\S+ \S+ merge INFO dossier: documents \d+", out, flags=re.M), out[-3000:]

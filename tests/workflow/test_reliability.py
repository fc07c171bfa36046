"""Hostile and broken inputs never crash the run; crashes mid-run recover; strict mode fails."""

from __future__ import annotations

import html
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from badfiles import (
    ENCRYPTED_PASSWORD,
    ENCRYPTED_TEXT,
    ODD_NAME,
    add_garbage_layer_pdfs,
    add_good_documents,
    encrypted_pdf,
    make_bad_corpus,
)
from conftest import REPO, SEEDS, Run, run_snakemake, snakemake_command

pytestmark = pytest.mark.workflow

SHARD_TABLES = {"normalise": ["paragraphs"], "extract": ["mentions", "figures"]}


def shard_rows(run: Run, stage: str, table: str, doc_id: str) -> list[dict]:
    rows = []
    for path in sorted((run.workdir / "results" / "shards").glob(f"*/{stage}/{table}.parquet")):
        rows += [r for r in pq.read_table(path).to_pylist() if r["doc_id"] == doc_id]
    for r in rows:
        r.pop("doc_id")
    return rows


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, dict[str, str], dict]:
    base = tmp_path_factory.mktemp("bad_run")
    inputs = base / "in"
    bad = make_bad_corpus(inputs)
    good = add_good_documents(inputs)
    add_garbage_layer_pdfs(inputs)
    return run_snakemake(base / "work", inputs), bad, good


def test_run_completes_and_every_bad_file_is_explained(bad_run) -> None:
    run, bad, _ = bad_run
    assert run.returncode == 0
    errors = pq.read_table(run.dossier / "errors.parquet").to_pylist()
    by_path: dict[str, list[dict]] = {}
    for e in errors:
        by_path.setdefault(e["path"], []).append(e)
    missing = sorted(set(bad) - set(by_path))
    assert not missing, f"bad files without an error or warning record: {missing}"
    for records in by_path.values():
        for e in records:
            assert e["stage"] and e["kind"] and len(e["message"]) > 15, e
    kinds = {p: {e["kind"] for e in by_path[p]} for p in bad}
    assert kinds["notes.docx"] == {"unsupported-format"}
    assert kinds["bomb.png"] == {"limit-exceeded"}
    assert kinds["huge.txt"] == {"limit-exceeded"}
    assert kinds["dangling.txt"] == {"unreadable"}
    assert kinds["pipe.txt"] == {"unreadable"}
    assert kinds["empty.txt"] == {"empty"}
    assert kinds["encrypted.pdf"] == {"encrypted-pdf"}
    assert "pdf.passwords" in by_path["encrypted.pdf"][0]["message"]


def test_garbage_text_layers_are_read_by_ocr(bad_run) -> None:
    run, _, _ = bad_run
    docs = {r["path"]: r for r in pq.read_table(run.dossier / "documents.parquet").to_pylist()}
    pages = []
    for path in (run.workdir / "results" / "shards").glob("*/ocr/pages.parquet"):
        pages += pq.read_table(path).to_pylist()
    for name in ("truetype_font_nomapping.pdf", "type3_font_nomapping.pdf"):
        doc = docs[name]
        assert doc["status"] == "ok", doc
        ocred = [p for p in pages if p["doc_id"] == doc["doc_id"] and p["source"] == "ocr"]
        assert ocred and all("garbage" in p["ocr_reason"] for p in ocred), ocred


def test_encrypted_pdf_opens_with_the_password_from_config(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "locked.pdf").write_bytes(encrypted_pdf(ENCRYPTED_TEXT, ENCRYPTED_PASSWORD))
    config = {"pdf": "{passwords: [wrong, " + ENCRYPTED_PASSWORD + "]}"}
    run = run_snakemake(tmp_path / "work", inputs, config=config)
    [doc] = pq.read_table(run.dossier / "documents.parquet").to_pylist()
    assert doc["status"] == "ok", doc
    assert not pq.read_table(run.dossier / "errors.parquet").to_pylist()
    names = {r["text"] for r in pq.read_table(run.dossier / "mentions.parquet").to_pylist()}
    assert "Jens Stoltenberg" in names, names


def test_report_lists_the_bad_files(bad_run) -> None:
    run, bad, _ = bad_run
    page = (run.dossier / "report.html").read_text()
    for path in bad:
        assert html.escape(path) in page, path


def test_good_documents_are_unaffected(bad_run, seeds_run: Run) -> None:
    run, _, good = bad_run
    docs = {r["path"]: r for r in pq.read_table(run.dossier / "documents.parquet").to_pylist()}
    for path, seed_id in good.items():
        assert docs[path]["status"] == "ok"
        for stage, tables in SHARD_TABLES.items():
            for table in tables:
                ours = shard_rows(run, stage, table, docs[path]["doc_id"])
                theirs = shard_rows(seeds_run, stage, table, seed_id)
                assert ours == theirs, f"{path}: {stage}/{table} differs from a clean run"
    assert shard_rows(run, "extract", "mentions", docs[ODD_NAME]["doc_id"])


def test_nothing_written_outside_the_work_folders(bad_run) -> None:
    run, _, _ = bad_run
    top = {p.name for p in run.workdir.iterdir()}
    assert top <= {"results", "logs", "benchmarks", ".snakemake"}, top
    assert not (run.workdir / "pwned").exists() and not (REPO / "pwned").exists()


def test_strict_mode_fails_the_run_naming_the_files(bad_run) -> None:
    run, _, _ = bad_run
    inputs = run.workdir.parent / "in"
    strict = run_snakemake(run.workdir, inputs, config={"strict": True}, check=False)
    out = strict.stdout + strict.stderr
    assert strict.returncode != 0
    assert "strict mode" in out and "notes.docx" in out and "bomb.png" in out


def test_sigkill_mid_run_then_rerun_gives_identical_outputs(tmp_path: Path, seeds_run: Run):
    inputs = tmp_path / "seeds"
    shutil.copytree(SEEDS, inputs)
    work = tmp_path / "work"
    work.mkdir()
    cmd = snakemake_command(work, inputs)
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 300
    shards = work / "results" / "shards"
    # kill once some stage outputs exist and the run is clearly midway
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(shards.glob("*/normalise/paragraphs.parquet"))) >= 1:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (work / "results" / "dossier" / "report.html").exists()
    # a user removes the stale lock of the killed run, then reruns
    subprocess.run([*cmd, "--unlock"], check=True, capture_output=True)
    rerun = run_snakemake(work, inputs)
    assert rerun.returncode == 0
    for name in sorted(p.name for p in seeds_run.dossier.iterdir()):
        if name.endswith((".csv", ".parquet", ".html", ".md")):
            a = (seeds_run.dossier / name).read_bytes()
            assert (rerun.dossier / name).read_bytes() == a, name

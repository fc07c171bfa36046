"""Hostile names, full disks, spreadsheets and memory (issue 23): the hostile corpus of
hostile.py through the real workflow, a disk that fills up during merge, an input deleted
while the run goes on."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import REPO, SEEDS, Run, run_snakemake, snakemake_command
from hostile import (
    BAD_BYTES_DISPLAY,
    BRACE_NAMES,
    FORMULA_LINES,
    FORMULA_NAME,
    OUTSIDE_SECRET,
    giant_blank_pdf,
    make_hostile_corpus,
)

from sourcebook.core.manifest import build_manifest

sys.path.insert(0, str(REPO / "bench"))
from memory import benchmark_peaks, declared_mem_mb

pytestmark = pytest.mark.workflow

#: the hostile run's config: a per-document OCR budget of two pages of limits.max_page_pixels
CONFIG = {"limits": "{max_ocr_pixels: 60000000}"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, dict[str, str]]:
    """The hostile corpus, in a folder whose own name holds braces, run with umask 022."""
    base = tmp_path_factory.mktemp("hostile")
    inputs = base / "in{put}"
    made = make_hostile_corpus(inputs)
    (inputs / "giant.pdf").write_bytes(giant_blank_pdf(1000))
    made["giant.pdf"] = "1,000 text-less pages of 14,400 points"
    old = os.umask(0o022)
    try:
        run = run_snakemake(base / "work", inputs, config=CONFIG)
    finally:
        os.umask(old)
    return run, made


def table(run: Run, name: str) -> list[dict]:
    return pq.read_table(run.dossier / f"{name}.parquet").to_pylist()


def by_path(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["path"], []).append(r)
    return out


def test_names_with_braces_or_bad_bytes_are_read_like_any_other(hostile) -> None:
    run, _ = hostile
    docs = {r["path"]: r for r in table(run, "documents")}
    people = {(m["doc_id"], m["text"]) for m in table(run, "mentions")}
    for path in (*BRACE_NAMES, BAD_BYTES_DISPLAY):
        assert docs[path]["status"] == "ok", docs[path]
        assert (docs[path]["doc_id"], "Jens Stoltenberg") in people, path
    # nothing left to do: the files' param is stable, no name is read as a pattern
    again = run_snakemake(run.workdir, run.workdir.parent / "in{put}", "-n", config=CONFIG)
    assert "Nothing to be done" in again.stdout + again.stderr


def test_no_csv_cell_starts_a_formula_while_parquet_keeps_the_text(hostile) -> None:
    run, _ = hostile
    risky = []
    csv.field_size_limit(sys.maxsize)  # long.txt's paragraph is one cell
    for path in sorted(run.dossier.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                risky += [(path.name, c[:40]) for c in row if c[:1] in ("=", "+", "-", "@", "\t")]
    assert not risky
    docs = (run.dossier / "documents.csv").read_text(encoding="utf-8")
    assert f"'{FORMULA_NAME}" in docs
    assert FORMULA_NAME in {r["path"] for r in table(run, "documents")}
    sentences = {m["sentence"] for m in table(run, "mentions")}
    assert any(s.startswith(FORMULA_LINES[0][:8]) for s in sentences)


def test_error_messages_are_the_same_in_every_run(hostile) -> None:
    run, _ = hostile
    messages = [e["message"] for e in table(run, "errors")]
    assert not [m for m in messages if re.search(r" at 0x[0-9a-f]+", m)]
    errors = by_path(table(run, "errors"))
    for name in ("empty.png", "empty.jpg", "corrupt.png", "corrupt.jpg"):
        assert [e["kind"] for e in errors[name]] == ["invalid-image"], errors[name]


def test_utf16_without_bom_and_a_few_bad_utf8_bytes(hostile) -> None:
    run, _ = hostile
    docs = {r["path"]: r for r in table(run, "documents")}
    assert docs["utf16.txt"]["status"] == "ok" and docs["utf16.txt"]["title"]
    errors = by_path(table(run, "errors"))
    [warning] = errors["badbytes.txt"]
    assert warning["kind"] == "decode-replaced" and warning["message"].startswith("2 invalid")
    assert warning["severity"] == "warning"
    text = (run.workdir / "results" / "text" / f"{docs['badbytes.txt']['doc_id']}.txt").read_text()
    assert "NATO allies’ support" in text and "\ufffd" in text  # curly quotes kept


def test_a_paragraph_over_spacy_max_length_keeps_its_entities_and_figures(hostile) -> None:
    run, _ = hostile
    doc_id = next(r["doc_id"] for r in table(run, "documents") if r["path"] == "long.txt")
    names = {m["text"] for m in table(run, "mentions") if m["doc_id"] == doc_id}
    figures = {f["text"] for f in table(run, "figures") if f["doc_id"] == doc_id}
    assert {"Jens Stoltenberg", "Volodymyr Zelenskyy", "Brussels"} <= names
    assert {"€40bn", "700 personnel"} <= figures
    assert "long.txt" not in by_path(table(run, "errors"))


def test_html_nested_past_the_parser_depth_keeps_its_text(hostile) -> None:
    run, _ = hostile
    docs = {r["path"]: r for r in table(run, "documents")}
    assert docs["deep.html"]["chars"] > 500
    kinds = {e["kind"] for e in by_path(table(run, "errors"))["deep.html"]}
    assert kinds == {"html-too-deep"}


def test_report_and_titles_carry_no_control_or_override_characters(hostile) -> None:
    run, _ = hostile
    md = (run.dossier / "report.md").read_text(encoding="utf-8")
    assert "summit" in md.casefold()
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", md)
    titles = [r["title"] for r in table(run, "documents")]
    assert "Summit report gnp.exe final" in titles
    assert not any("\u202e" in t for t in titles)


def test_blank_file_bomb_hidden_files_and_links_are_recorded(hostile) -> None:
    run, _ = hostile
    errors = by_path(table(run, "errors"))
    assert [e["kind"] for e in errors["blank.txt"]] == ["empty"]
    [bomb] = errors["bomb.png"]
    assert "100,000,000" in bomb["message"] and "200,000,000" not in bomb["message"]
    assert {e["kind"] for e in errors[".hidden.txt"]} == {"hidden"}
    assert {e["kind"] for e in errors[".cache"]} == {"hidden"}
    assert errors[".hidden.txt"][0]["severity"] == "warning"
    assert {e["kind"] for e in errors["outside.txt"]} == {"outside-input"}
    assert "link to a folder" in errors["linked-folder"][0]["message"]
    for path in sorted(run.dossier.iterdir()):
        if path.suffix in (".csv", ".md", ".html"):
            assert OUTSIDE_SECRET.split()[0] not in path.read_text(encoding="utf-8")


def test_outputs_respect_the_umask_and_leave_no_temporary_file(hostile) -> None:
    run, _ = hostile
    modes = {p.name: p.stat().st_mode & 0o777 for p in run.dossier.iterdir()}
    assert set(modes.values()) == {0o644}, modes
    left = [p for p in (run.workdir / "results").rglob("*") if p.name.endswith((".tmp", ".wal"))]
    assert not left


def test_ocr_work_is_bounded_per_document(hostile) -> None:
    run, _ = hostile
    [record] = by_path(table(run, "errors"))["giant.pdf"]
    assert record["kind"] == "limit-exceeded" and record["stage"] == "ocr"
    assert record["message"].startswith("998 page(s) from page 3 on") and record["page"] == 3
    docs = {r["path"]: r for r in table(run, "documents")}
    assert docs["giant.pdf"]["ocr_pages"] == 2 and docs["giant.pdf"]["pages"] == 1000


def test_no_job_outgrows_its_declared_memory(hostile) -> None:
    """The OCR job reads a 16-bit PNG of 9,999² pixels (200 MB decoded; it took 2.7 GB)."""
    run, _ = hostile
    declared = declared_mem_mb()
    peaks = benchmark_peaks(run.workdir)
    assert {"ingest", "ocr", "normalise", "extract", "merge", "report"} <= set(peaks)
    over = {r: (rss, declared[r]) for r, (rss, _) in peaks.items() if rss > declared[r]}
    assert not over


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


def test_full_disk_during_merge_fails_the_job_and_the_rerun_repairs(tmp_path: Path) -> None:
    """results/dossier on a 1 MB file system: the tables fit, the DuckDB file does not."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "003_ed64e6255240b6c7.txt", inputs / "a.txt")
    dossier = tmp_path / "work" / "results" / "dossier"
    if not _mount_tmpfs(dossier, "1m"):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        full = run_snakemake(tmp_path / "work", inputs, check=False)
        left = sorted(p.name for p in dossier.iterdir())
    finally:
        subprocess.run(["umount", str(dossier)], check=True)
    assert full.returncode != 0
    assert "dossier.duckdb" not in left and not [n for n in left if n.endswith((".tmp", ".wal"))]
    # what a killed writer leaves is cleared by the next
    (dossier / ".documents.csv.tmp").write_text("half")
    (dossier / ".dossier.duckdb.tmp.wal").write_text("half")
    rerun = run_snakemake(tmp_path / "work", inputs)
    assert sorted(p.name for p in dossier.iterdir() if p.name.startswith(".")) == []
    con = duckdb.connect(str(rerun.dossier / "dossier.duckdb"), read_only=True)
    try:
        for name in ("documents", "mentions", "errors"):
            rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            assert rows == pq.read_metadata(rerun.dossier / f"{name}.parquet").num_rows
    finally:
        con.close()


def test_inputs_deleted_while_the_run_goes_on_are_recorded(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(12):
        shutil.copy(SEEDS / "003_ed64e6255240b6c7.txt", inputs / f"doc{i:02d}.txt")
    shards = {e.path: e.shard for e in build_manifest(inputs, 4)}
    work = tmp_path / "work"
    work.mkdir()
    cmd = snakemake_command(work, inputs, "--until", "ingest", config={"shards": 4}, cores=1)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    logs = work / "logs" / "ingest"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (logs.exists() and any(logs.iterdir())):
        time.sleep(0.02)
    started = {p.stem for p in logs.iterdir()}
    gone = [path for path, shard in shards.items() if shard not in started]
    for path in gone:
        (inputs / path).unlink()
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out[-3000:]
    assert gone and "latency" not in out
    errors = []
    for path in (work / "results" / "shards").glob("*/ingest/errors.parquet"):
        errors += pq.read_table(path).to_pylist()
    recorded = {e["path"] for e in errors if "deleted during the run" in e["message"]}
    assert set(gone) <= recorded

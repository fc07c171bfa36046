"""The debugging CLI prints exactly what the workflow computes (issue 16).

``python -m sourcebook <stage> FILE ...`` runs the same stage runners the workflow's jobs call;
for every stage, on the seeds, a born-digital PDF and a scanned page, its records must equal the
workflow's shard tables for those documents, and ``merge`` / ``report`` on the whole folder
must equal the workflow's dossier and report.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import REPO, SCANS, SEEDS, Run, run_snakemake

pytestmark = pytest.mark.workflow

SHARD_TABLES = {
    "ingest": ("documents", "pages"),
    "ocr": ("pages",),
    "normalise": ("paragraphs", "metadata", "removed"),
    "extract": ("mentions", "figures", "quotes"),
}
ORDER = tuple(SHARD_TABLES)


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The workflow on the seeds plus a born-digital PDF and a scanned page."""
    base = tmp_path_factory.mktemp("cli")
    inputs = base / "inputs"
    shutil.copytree(SEEDS, inputs)
    shutil.copy(SCANS / "multipage.pdf", inputs / "multipage.pdf")
    shutil.copy(SCANS / "linn.png", inputs / "scan.png")
    return run_snakemake(base / "work", inputs)


def cli(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "sourcebook", *args, "--config", str(REPO / "config.yaml")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return proc.stdout


def canonical(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def cli_tables(out: str) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = defaultdict(list)
    for line in out.splitlines():
        row = json.loads(line)
        tables[row.pop("table")].append(canonical(row))
    return {k: sorted(v) for k, v in tables.items()}


def workflow_tables(work: Path, stage: str) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = defaultdict(list)
    for path in sorted(work.glob(f"results/shards/*/{stage}/*.parquet")):
        if path.stem in SHARD_TABLES[stage]:
            tables[path.stem] += [canonical(r) for r in pq.read_table(path).to_pylist()]
    for done in ORDER[: ORDER.index(stage) + 1]:
        for path in sorted(work.glob(f"results/shards/*/{done}/errors.parquet")):
            tables["errors"] += [canonical(r) for r in pq.read_table(path).to_pylist()]
    return {k: sorted(v) for k, v in tables.items() if v}


@pytest.mark.parametrize("stage", ORDER)
def test_each_stage_prints_the_workflows_records(mixed_run: Run, stage: str) -> None:
    inputs = mixed_run.workdir.parent / "inputs"
    files = sorted(str(p) for p in inputs.iterdir())
    got = cli_tables(cli(stage, *files))
    want = workflow_tables(mixed_run.workdir, stage)
    assert set(got) == set(want)
    for table in want:
        assert got[table] == want[table], f"{stage}: {table} differs"
    if stage == "ocr":  # the scanned page really went through Tesseract
        assert any('"source": "ocr"' in r for r in got["pages"])
    if stage == "extract":  # the date range of seed 002 resolved with the document's date
        assert any('"date_iso": "2024-07-09/2024-07-11"' in r for r in got["figures"])


def test_one_file_alone_gets_the_same_records(mixed_run: Run) -> None:
    seed = mixed_run.workdir.parent / "inputs" / "002_8794f3ef5473d852.txt"
    got = cli_tables(cli("extract", str(seed)))
    want = workflow_tables(mixed_run.workdir, "extract")
    doc = '"doc_id": "002_8794f3ef5473d852"'
    for table in ("mentions", "figures"):
        assert got[table] == [r for r in want[table] if doc in r]


def test_merge_and_report_of_a_folder_equal_the_workflows(mixed_run: Run) -> None:
    inputs = mixed_run.workdir.parent / "inputs"
    got = cli_tables(cli("merge", str(inputs)))
    for name, rows in got.items():
        table = pq.read_table(mixed_run.dossier / f"{name}.parquet").to_pylist()
        assert rows == sorted(canonical(r) for r in table), name
    report = cli("report", str(inputs))
    assert report == (mixed_run.dossier / "report.md").read_text(encoding="utf-8")


def test_shard_names_the_workflows_shard(mixed_run: Run) -> None:
    inputs = mixed_run.workdir.parent / "inputs"
    out = cli("shard", str(inputs / "scan.png"))
    doc_id, shard = out.split("\t")[:2]
    assert (mixed_run.workdir / "results" / "shards" / shard.split()[1]).is_dir()
    pages = pq.read_table(
        mixed_run.workdir / "results" / "shards" / shard.split()[1] / "ingest" / "pages.parquet"
    ).to_pylist()
    assert doc_id in {p["doc_id"] for p in pages}


def test_help_describes_the_stages() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sourcebook", "--help"], capture_output=True, text=True
    ).stdout
    for stage in (*ORDER, "merge", "report", "shard"):
        assert f"  {stage} " in out

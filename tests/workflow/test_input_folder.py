"""Input-folder safety (issue 22, point 1): a mistyped, empty or other folder never costs the
dossier already built; each refusal is one clear line, before any job runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, Run, run_snakemake

pytestmark = pytest.mark.workflow


def snapshot(work: Path) -> dict[str, bytes]:
    """Every output file under results/ with its bytes."""
    root = work / "results"
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def refusal(run: Run) -> str:
    lines = [
        line for line in (run.stdout + run.stderr).splitlines() if line.startswith("sourcebook:")
    ]
    assert len(lines) == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A working directory with the dossier of a copy of the seeds."""
    base = tmp_path_factory.mktemp("folders")
    inputs = base / "seeds"
    shutil.copytree(SEEDS, inputs)
    run_snakemake(base / "work", inputs)
    return base / "work", inputs


@pytest.mark.parametrize("kind", ["missing", "file", "empty"])
def test_a_bad_input_folder_fails_in_one_line_and_touches_nothing(
    built: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    work, _ = built
    before = snapshot(work)
    bad = {
        "missing": tmp_path / "nope",
        "file": REPO / "config.yaml",
        "empty": tmp_path / "empty",
    }[kind]
    if kind == "empty":
        bad.mkdir()
        (bad / ".hidden").write_text("skipped\n")
    run = run_snakemake(work, bad, check=False)
    assert run.returncode != 0
    line = refusal(run)
    assert str(bad.name) in line and "untouched" in line
    assert snapshot(work) == before


def test_a_second_folder_is_refused_and_both_can_be_kept(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    work, _ = built
    before = snapshot(work)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SEEDS / "003_ed64e6255240b6c7.txt", other)
    run = run_snakemake(work, other, check=False)
    assert run.returncode != 0
    assert "--directory" in refusal(run)
    assert snapshot(work) == before
    # the README's way: the second folder in its own working directory; both dossiers stay
    second = run_snakemake(tmp_path / "runs" / "other", other)
    assert (second.dossier / "report.html").is_file()
    assert snapshot(work) == before
    docs = (second.dossier / "documents.csv").read_text()
    assert "003_ed64e6255240b6c7" in docs and "000_540fe0fb6f08b3be" not in docs

"""Shared fixtures: repository paths and a runner that uses the workflow as a user would.

Every fixture lives in the repository (tests/fixtures/): no test reads outside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO / "seeds"
SCANS = FIXTURES / "scans"
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


@dataclass
class Run:
    """A finished snakemake invocation."""

    workdir: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def dossier(self) -> Path:
        return self.workdir / "results" / "dossier"

    def jobs(self) -> dict[str, int]:
        """Jobs Snakemake ran, by rule, read from its job-statistics table."""
        return parse_job_stats(self.stdout + self.stderr)


def parse_job_stats(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("job") and "count" in line:
            for row in lines[i + 2 :]:
                parts = row.split()
                if len(parts) != 2 or not parts[1].isdigit():
                    break
                if parts[0] != "total":
                    counts[parts[0]] = int(parts[1])
            break
    return counts


def snakemake_command(
    workdir: Path,
    input_dir: Path | str,
    *args: str,
    config: dict[str, object] | None = None,
    cores: int = 2,
) -> list[str]:
    """The command line a user would type to run the repo's workflow in ``workdir``."""
    cfg = [f"input_dir={input_dir}"] + [f"{k}={v}" for k, v in (config or {}).items()]
    return [
        SNAKEMAKE,
        "--snakefile",
        str(REPO / "Snakefile"),
        "--configfile",
        str(REPO / "config.yaml"),
        "--directory",
        str(workdir),
        "--cores",
        str(cores),
        "--config",
        *cfg,
        *args,
    ]


def run_snakemake(
    workdir: Path,
    input_dir: Path | str,
    *args: str,
    config: dict[str, object] | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
    cores: int = 2,
) -> Run:
    """Run the repo's workflow with ``workdir`` as working directory, as a user would."""
    workdir.mkdir(parents=True, exist_ok=True)
    cmd = snakemake_command(workdir, input_dir, *args, config=config, cores=cores)
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=workdir)
    run = Run(workdir, proc.returncode, proc.stdout, proc.stderr)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"snakemake failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
        )
    return run


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One full run of the workflow on a copy of seeds/, shared by the tests that only read it."""
    base = tmp_path_factory.mktemp("seeds_run")
    inputs = base / "seeds"
    shutil.copytree(SEEDS, inputs)
    return run_snakemake(base / "work", inputs)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The SLURM cluster test runs last. Once slurm-wlm is installed and configured, every
    Snakemake start asks ``scontrol`` for the cluster's config (the SLURM executor plugin does
    it on import); with the controller stopped that waits ~9 s, so tests run after a stopped
    cluster would each pay it."""
    for item in items:  # anything that runs the whole workflow counts as a workflow test
        if {"seeds_run", "mixed_run"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.workflow)
    items.sort(key=lambda item: item.get_closest_marker("slurm") is not None)

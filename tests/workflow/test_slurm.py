"""The workflow on a real one-node SLURM cluster gives the same dossier as a local run.

Brings the cluster up with tools/slurm/start.sh (which installs slurm-wlm and munge with apt
when they are missing: root or sudo needed), runs the workflow on the seeds with
``--executor slurm --profile profiles/slurm`` and compares the dossier tables byte for byte with
the local ``seeds_run``. If SLURM cannot start, the test fails with the daemons' logs; it never
skips. Select it with ``pytest -m slurm``, leave it out with ``-m 'not slurm'``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, Run, run_snakemake

pytestmark = [pytest.mark.slurm, pytest.mark.workflow]

TOOLS = REPO / "tools" / "slurm"
STATE = Path("/var/tmp/sourcebook-slurm")


def daemon_logs() -> str:
    parts = []
    for log in sorted((STATE / "log").glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()[-60:]
        parts.append(f"---- {log}\n" + "\n".join(lines))
    return "\n".join(parts) or f"(no daemon logs under {STATE / 'log'})"


def cluster_up() -> bool:
    try:
        proc = subprocess.run(
            ["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and proc.stdout.strip() in ("idle", "mixed", "allocated")


@pytest.fixture(scope="module")
def slurm_cluster():
    """A running one-node cluster; stopped afterwards if this fixture started it, and SLURM
    uninstalled if this fixture installed it: a SLURM client left without a controller makes
    every later Snakemake start wait ~9 s (the executor plugin asks ``scontrol`` for its config)."""
    was_installed = shutil.which("sinfo") is not None
    was_up = cluster_up()
    proc = subprocess.run(
        ["bash", str(TOOLS / "start.sh")], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        pytest.fail(
            f"the SLURM cluster did not start (tools/slurm/start.sh exit {proc.returncode}):\n"
            f"{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}\n{daemon_logs()}",
            pytrace=False,
        )
    yield
    if not was_up:
        subprocess.run(["bash", str(TOOLS / "stop.sh")], capture_output=True, text=True)
    if not was_installed:
        proc = subprocess.run(
            ["bash", str(TOOLS / "uninstall.sh")], capture_output=True, text=True, timeout=600
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert shutil.which("sinfo") is None, "the SLURM test left SLURM installed"


@pytest.fixture(scope="module")
def slurm_run(seeds_run: Run, slurm_cluster, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The seeds (the very input folder of ``seeds_run``) run through SLURM."""
    inputs = seeds_run.workdir.parent / "seeds"
    work = tmp_path_factory.mktemp("slurm_run") / "work"
    run = run_snakemake(
        work,
        inputs,
        "--executor",
        "slurm",
        "--profile",
        str(REPO / "profiles" / "slurm"),
        check=False,
    )
    if run.returncode != 0:
        pytest.fail(
            f"snakemake --executor slurm failed ({run.returncode}):\n{run.stdout[-3000:]}\n"
            f"{run.stderr[-8000:]}\n{daemon_logs()}",
            pytrace=False,
        )
    return run


def test_jobs_went_through_slurm(slurm_run: Run) -> None:
    out = slurm_run.stdout + slurm_run.stderr
    assert "submitted with SLURM jobid" in out
    # every per-shard stage, merge and report ran (as SLURM jobs or inside group jobs)
    assert {"ingest", "ocr", "normalise", "extract", "merge", "report"} <= set(slurm_run.jobs())


def test_dossier_tables_identical_to_local_run(seeds_run: Run, slurm_run: Run) -> None:
    local = sorted(p.name for p in seeds_run.dossier.iterdir() if p.suffix in (".csv", ".parquet"))
    remote = sorted(p.name for p in slurm_run.dossier.iterdir() if p.suffix in (".csv", ".parquet"))
    assert local, "the local run wrote no dossier tables"
    assert remote == local
    differ = [
        name
        for name in local
        if (seeds_run.dossier / name).read_bytes() != (slurm_run.dossier / name).read_bytes()
    ]
    assert not differ, f"dossier tables differ between the local and the SLURM run: {differ}"

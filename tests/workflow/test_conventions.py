"""Snakemake conventions (issue 22, point 7): rules that explain themselves, a workflow
description and the dossier tables in `snakemake --report`, a licence, the workflow catalog's
file, a benchmark for every job that does work."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
import yaml
from conftest import REPO, SEEDS, SNAKEMAKE, Run, run_snakemake

RULES = ("all", "ingest", "ocr", "normalise", "extract", "texts", "merge", "report")


def test_list_rules_explains_every_rule(tmp_path) -> None:
    proc = subprocess.run(
        [SNAKEMAKE, "--snakefile", str(REPO / "Snakefile"), "--configfile",
         str(REPO / "config.yaml"), "--directory", str(tmp_path), "--list-rules", "--config",
         f"input_dir={SEEDS}"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )  # fmt: skip
    described = dict(re.findall(r"^(\w+) \((.+)", proc.stdout, flags=re.M))
    for rule in RULES:
        assert len(described.get(rule, "")) > 20, (rule, proc.stdout)


def test_licence_and_catalog_file() -> None:
    licence = (REPO / "LICENSE").read_text()
    assert licence.startswith("MIT License") and "WITHOUT WARRANTY" in licence
    assert 'license = { text = "MIT" }' in (REPO / "pyproject.toml").read_text()
    usage = yaml.safe_load((REPO / ".snakemake-workflow-catalog.yml").read_text())["usage"]
    assert usage["report"] is True
    assert set(usage["software-stack-deployment"]) >= {"conda", "apptainer"}
    assert "input_dir" in usage["mandatory-flags"]["flags"]


@pytest.mark.workflow
def test_every_working_job_has_a_benchmark(seeds_run: Run) -> None:
    for rule in ("ingest", "ocr", "normalise", "extract", "texts", "merge", "report"):
        assert list((seeds_run.workdir / "benchmarks" / rule).glob("*.tsv")), rule


@pytest.mark.workflow
def test_snakemake_report_has_the_description_and_the_tables(seeds_run: Run) -> None:
    zipped = seeds_run.workdir / "results" / "conventions-report.zip"
    run_snakemake(seeds_run.workdir, seeds_run.workdir.parent / "seeds", "--report", str(zipped))
    archive = zipfile.ZipFile(zipped)
    names = archive.namelist()
    for table in ("documents", "entities", "figures", "figure_clusters", "claims", "errors"):
        assert any(n.endswith(f"{table}.csv") for n in names), (table, names)
    assert any(n.endswith("report.html") for n in names)
    text = "".join(
        archive.read(n).decode("utf-8", "replace") for n in names if n.endswith((".html", ".js"))
    )
    assert "cross-checked" in text and "Dossier tables" in text

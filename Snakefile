# Sourcebook: a folder of documents about one event → a cross-checked dossier.
# Stages: ingest → ocr → normalise → extract (per shard) → merge → report (corpus-wide).
from pathlib import Path

from snakemake.utils import min_version

from sourcebook.core.config import check_workflow_config

min_version("9.0")


configfile: "config.yaml"


# the description of `snakemake --report` (the dossier and its tables are flagged in the rules)
report: "report/workflow.rst"


# validated against schemas/config.schema.yaml, defaults filled; a bad key is named in one line
check_workflow_config(config, Path(workflow.basedir) / "schemas" / "config.schema.yaml")


include: "rules/common.smk"
include: "rules/ingest.smk"
include: "rules/ocr.smk"
include: "rules/normalise.smk"
include: "rules/extract.smk"
include: "rules/merge.smk"
include: "rules/report.smk"
include: "rules/check.smk"


rule all:
    """The dossier: report.html and report.md, the tables, every document's readable text."""
    default_target: True
    input:
        rules.report.output.html,
        rules.report.output.md,
        rules.texts.output.text,
        strict_targets(),

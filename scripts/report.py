"""Render the dossier report as self-contained HTML and as Markdown.

Inputs: the dossier tables under results/dossier/ (whichever of the merge contract exist),
every shard's normalised paragraphs and removed boilerplate, its OCR page decisions and its
extracted figures (for the ISO dates of the timeline).
Outputs: results/dossier/report.html, results/dossier/report.md.
"""

from pathlib import Path

from sourcebook.report import run_report
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_report(
        dossier_dir=str(Path(snakemake.input.tables[0]).parent),
        html_out=snakemake.output.html,
        md_out=snakemake.output.md,
        paragraphs=snakemake.input.paragraphs,
        removed=snakemake.input.removed,
        pages=snakemake.input.pages,
        figures=snakemake.input.figures,
        options=snakemake.params.options,
        workers=snakemake.threads,
    )

"""Render the dossier report as self-contained HTML and as Markdown.

Inputs: the dossier tables under results/dossier/ (whichever of the merge contract exist),
every shard's normalised paragraphs and removed boilerplate, its OCR page decisions and its
extracted figures (for the ISO dates of the timeline).
Outputs: results/dossier/report.html, results/dossier/report.md.
"""

from pathlib import Path

from sourcebook.core.settings import ReportSettings
from sourcebook.core.smk import configure_logging
from sourcebook.report import run

if __name__ == "__main__":
    configure_logging(snakemake)
    run.run(
        run.Inputs(
            dossier=str(Path(snakemake.input.tables[0]).parent),
            paragraphs=snakemake.input.paragraphs,
            removed=snakemake.input.removed,
            pages=snakemake.input.pages,
            figures=snakemake.input.figures,
        ),
        ReportSettings.from_config(snakemake.params.config),
        run.Outputs(html=snakemake.output.html, md=snakemake.output.md),
        workers=snakemake.threads,
    )

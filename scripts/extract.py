"""Extract one shard: named entities (spaCy) and figures from the cleaned paragraphs.

Inputs: ingest's documents.parquet, normalise's paragraphs.parquet.
Outputs: mentions.parquet, figures.parquet, errors.parquet.
"""

from sourcebook.pipeline import run_extract
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_extract(
        documents_in=snakemake.input.documents,
        paragraphs_in=snakemake.input.paragraphs,
        mentions_out=snakemake.output.mentions,
        figures_out=snakemake.output.figures,
        errors_out=snakemake.output.errors,
        model=snakemake.params.model,
        batch_size=snakemake.params.batch_size,
    )

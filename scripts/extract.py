"""Extract one shard: named entities (spaCy + gazetteer) and figures from the cleaned paragraphs.

Inputs: ingest's documents.parquet, normalise's paragraphs.parquet and metadata.parquet (the
document date anchors relative dates). Outputs: mentions.parquet, figures.parquet, errors.parquet.
Side store: params.cache_dir keeps each document's result (not an output: it survives reruns).
"""

from sourcebook.pipeline import run_extract
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_extract(
        documents_in=snakemake.input.documents,
        paragraphs_in=snakemake.input.paragraphs,
        metadata_in=snakemake.input.metadata,
        mentions_out=snakemake.output.mentions,
        figures_out=snakemake.output.figures,
        errors_out=snakemake.output.errors,
        model=snakemake.params.model,
        batch_size=snakemake.params.batch_size,
        gazetteer=dict(snakemake.params.gazetteer),
        cache_dir=snakemake.params.cache_dir,
    )

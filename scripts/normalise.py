"""Normalise one shard: raw pages → cleaned paragraphs with source offsets, and metadata.

Inputs: ingest's documents.parquet, OCR's pages.parquet.
Outputs: paragraphs.parquet, metadata.parquet, removed.parquet (cleaned-away text with the
reason), errors.parquet, and text/<shard>/ with <doc_id>.txt (cleaned text) and <doc_id>.json
(metadata with sources, removed text) per document for people to read.
"""

from sourcebook.pipeline import run_normalise
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_normalise(
        documents_in=snakemake.input.documents,
        pages_in=snakemake.input.pages,
        paragraphs_out=snakemake.output.paragraphs,
        metadata_out=snakemake.output.metadata,
        removed_out=snakemake.output.removed,
        errors_out=snakemake.output.errors,
        sources=dict(snakemake.params.sources),
        text_dir=snakemake.output.text,
    )

"""Normalise one shard: raw pages → cleaned paragraphs with source offsets, and metadata.

Inputs: ingest's documents.parquet, OCR's pages.parquet.
Outputs: paragraphs.parquet, metadata.parquet, removed.parquet (cleaned-away text with the
reason), errors.parquet, and text/<shard>/ with <doc_id>.txt (cleaned text) and <doc_id>.json
(metadata with sources, removed text) per document for people to read.
"""

from sourcebook.core.settings import NormaliseSettings
from sourcebook.core.smk import configure_logging
from sourcebook.normalise import run

if __name__ == "__main__":
    configure_logging(snakemake)
    run.run(
        run.Inputs(**dict(snakemake.input.items())),
        NormaliseSettings.from_config(snakemake.params.config),
        run.Outputs(**dict(snakemake.output.items())),
    )

"""Extract one shard: named entities (spaCy + gazetteer) and figures from the cleaned paragraphs.

Inputs: ingest's documents.parquet, normalise's paragraphs.parquet and metadata.parquet (the
document date anchors relative dates). Outputs: mentions.parquet, figures.parquet, errors.parquet.
Side store: params.cache_dir keeps each document's result (not an output: it survives reruns).
"""

from sourcebook.core.settings import ExtractSettings
from sourcebook.core.smk import configure_logging
from sourcebook.extract import run

if __name__ == "__main__":
    configure_logging(snakemake)
    run.run(
        run.Inputs(
            documents=snakemake.input.documents,
            paragraphs=snakemake.input.paragraphs,
            metadata=snakemake.input.metadata,
        ),
        ExtractSettings.from_config(snakemake.params.config, cache_dir=snakemake.params.cache_dir),
        run.Outputs(**dict(snakemake.output.items())),
    )

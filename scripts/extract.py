"""Extract one shard: named entities (spaCy + gazetteer), figures and quotes from the paragraphs.

Inputs: ingest's documents.parquet, normalise's paragraphs.parquet and metadata.parquet (the
document date anchors relative dates). Outputs: mentions.parquet, figures.parquet, errors.parquet,
quotes.parquet.
Side store: params.cache_dir keeps each document's result (not an output: it survives reruns);
a job the user forced (--forcerun extract) reads none of it.
"""

from sourcebook.core.settings import ExtractSettings
from sourcebook.core.smk import configure_logging, forced_job
from sourcebook.extract import run

if __name__ == "__main__":
    configure_logging(snakemake)
    with forced_job(snakemake) as forced:  # forced by the user: read nothing from the cache
        run.run(
            run.Inputs(
                documents=snakemake.input.documents,
                paragraphs=snakemake.input.paragraphs,
                metadata=snakemake.input.metadata,
            ),
            ExtractSettings.from_config(
                snakemake.params.config, cache_dir=snakemake.params.cache_dir, refresh=forced
            ),
            run.Outputs(**dict(snakemake.output.items())),
        )

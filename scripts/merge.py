"""Merge every shard into the dossier tables (CSV, Parquet) and one DuckDB file.

Inputs: every shard's documents, pages, paragraphs, metadata, mentions, figures, quotes and
error tables; the gazetteer (alias data) from config.
Outputs: results/dossier/<table>.{csv,parquet}, results/dossier/dossier.duckdb.
Side store: params.memo_dir keeps per-text signatures and sentences for the next run.
"""

from pathlib import Path

from sourcebook.core.settings import MergeSettings
from sourcebook.core.smk import configure_logging
from sourcebook.merge import run

if __name__ == "__main__":
    configure_logging(snakemake)
    run.run(
        run.Inputs(
            documents=snakemake.input.documents,
            metadata=snakemake.input.metadata,
            mentions=snakemake.input.mentions,
            figures=snakemake.input.figures,
            errors=snakemake.input.errors,
            paragraphs=snakemake.input.paragraphs,
            pages=snakemake.input.pages,
            quotes=snakemake.input.quotes,
        ),
        MergeSettings.from_config(snakemake.params.config, memo_dir=snakemake.params.memo_dir),
        run.Outputs(
            folder=str(Path(snakemake.output.duckdb).parent), duckdb=snakemake.output.duckdb
        ),
        workers=snakemake.threads,
    )

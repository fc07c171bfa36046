"""Merge every shard into the dossier tables (CSV, Parquet) and one DuckDB file.

Inputs: every shard's documents, pages, paragraphs, metadata, mentions, figures and error
tables; the gazetteer (alias data) from config.
Outputs: results/dossier/<table>.{csv,parquet}, results/dossier/dossier.duckdb.
Side store: params.memo_dir keeps per-text signatures and sentences for the next run.
"""

from pathlib import Path

from sourcebook.dossier import run_merge
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_merge(
        documents=snakemake.input.documents,
        metadata=snakemake.input.metadata,
        mentions=snakemake.input.mentions,
        figures=snakemake.input.figures,
        errors=snakemake.input.errors,
        out_dir=str(Path(snakemake.output.duckdb).parent),
        duckdb_out=snakemake.output.duckdb,
        paragraphs=snakemake.input.paragraphs,
        pages=snakemake.input.pages,
        gazetteer=snakemake.params.gazetteer,
        options=snakemake.params.options,
        workers=snakemake.threads,
        memo_dir=snakemake.params.memo_dir,
    )

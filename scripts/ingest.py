"""Ingest one shard: read every input file into raw text per page.

Inputs: the shard's input files (params.entries: [doc_id, path relative to input_dir]).
Outputs: documents.parquet (one row per file, with hash and status), pages.parquet (raw text
per page, OCR decision), errors.parquet (files that could not be read, and why).
"""

from sourcebook.pipeline import run_ingest
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_ingest(
        entries=snakemake.params.entries,
        input_dir=snakemake.params.input_dir,
        shard=snakemake.wildcards.shard,
        documents_out=snakemake.output.documents,
        pages_out=snakemake.output.pages,
        errors_out=snakemake.output.errors,
        limits=dict(snakemake.params.limits),
        pdf=dict(snakemake.params.pdf),
    )

"""Ingest one shard: read every input file into raw text per page.

Inputs: the shard's input files (params.entries: [doc_id, path relative to input_dir]).
Outputs: documents.parquet (one row per file, with hash and status), pages.parquet (raw text
per page, OCR decision), errors.parquet (files that could not be read, and why).
"""

from sourcebook.core.settings import IngestSettings
from sourcebook.core.smk import configure_logging
from sourcebook.ingest import run

if __name__ == "__main__":
    configure_logging(snakemake)
    run.run(
        entries=snakemake.params.entries,
        shard=snakemake.wildcards.shard,
        settings=IngestSettings.from_config(snakemake.params.config),
        outputs=run.Outputs(**dict(snakemake.output.items())),
    )

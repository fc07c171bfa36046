"""OCR one shard: Tesseract on the pages ingest marked as needing it; others pass through.

Inputs: ingest's documents.parquet and pages.parquet; the source files under input_dir.
Outputs: pages.parquet (final raw text per page), errors.parquet (pages OCR could not read).
Side store: params.cache_dir holds one JSON per OCR'd page image (not an output: it survives);
a job the user forced (--forcerun ocr) reads none of it.
"""

from sourcebook.core.settings import OcrSettings
from sourcebook.core.smk import configure_logging, forced_job
from sourcebook.ocr import run

if __name__ == "__main__":
    configure_logging(snakemake)
    with forced_job(snakemake) as forced:  # forced by the user: read nothing from the cache
        run.run(
            run.Inputs(**dict(snakemake.input.items())),
            OcrSettings.from_config(
                snakemake.params.config, cache_dir=snakemake.params.cache_dir, refresh=forced
            ),
            run.Outputs(**dict(snakemake.output.items())),
            threads=snakemake.threads,
        )

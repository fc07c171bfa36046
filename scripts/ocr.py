"""OCR one shard: Tesseract on the pages ingest marked as needing it; others pass through.

Inputs: ingest's documents.parquet and pages.parquet; the source files under input_dir.
Outputs: pages.parquet (final raw text per page), errors.parquet (pages OCR could not read).
Side store: params.cache_dir holds one JSON per OCR'd page image (not an output: it survives).
"""

from sourcebook.pipeline import run_ocr
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_ocr(
        documents_in=snakemake.input.documents,
        pages_in=snakemake.input.pages,
        pages_out=snakemake.output.pages,
        errors_out=snakemake.output.errors,
        input_dir=snakemake.params.input_dir,
        options=dict(snakemake.params.options),
        threads=snakemake.threads,
        cache_dir=snakemake.params.cache_dir,
        pdf=dict(snakemake.params.pdf),
        limits=dict(snakemake.params.limits),
    )

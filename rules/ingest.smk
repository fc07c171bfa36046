rule ingest:
    """Read one shard's input files into raw pages: text, Markdown and HTML as they are,
    PDFs page by page (text layer), images as pages for OCR; decide per page whether OCR is
    needed. An unreadable file becomes an error record, never a failed job. The files are
    not Snakemake inputs (names with braces or non-UTF-8 bytes would break Snakemake):
    params.files reruns the shard when one changes (see shard_files_key)."""
    output:
        documents="results/shards/{shard}/ingest/documents.parquet",
        pages="results/shards/{shard}/ingest/pages.parquet",
        errors="results/shards/{shard}/ingest/errors.parquet",
    log:
        "logs/ingest/{shard}.log",
    benchmark:
        "benchmarks/ingest/{shard}.tsv"
    resources:
        # the worst file limits admit (a 10 MB page or one-line text): bench/memory.py
        mem_mb=2000,
    params:
        entries=shard_entries,
        files=shard_files,
        config=stage_config(config, "ingest"),
    script:
        "../scripts/ingest.py"

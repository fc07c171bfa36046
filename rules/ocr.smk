rule ocr:
    """Run Tesseract on the pages of one shard that need it (scans, images, PDFs without a
    usable text layer); every page's result is cached in results/cache/ocr (a forced job
    reads every page again)."""
    input:
        documents=rules.ingest.output.documents,
        pages=rules.ingest.output.pages,
    output:
        pages="results/shards/{shard}/ocr/pages.parquet",
        errors="results/shards/{shard}/ocr/errors.parquet",
    log:
        "logs/ocr/{shard}.log",
    benchmark:
        "benchmarks/ocr/{shard}.tsv"
    threads: ocr_threads
    resources:
        mem_mb=2000,
    params:
        config=stage_config(config, "ocr"),
        # per-page OCR cache: not an output, so it survives reruns and is shared by shards
        cache_dir="results/cache/ocr",
    script:
        "../scripts/ocr.py"

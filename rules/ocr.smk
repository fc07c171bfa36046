rule ocr:
    input:
        documents=rules.ingest.output.documents,
        pages=rules.ingest.output.pages,
    output:
        pages="results/shards/{shard}/ocr/pages.parquet",
        errors="results/shards/{shard}/ocr/errors.parquet",
    params:
        input_dir=config["input_dir"],
        options=config["ocr"],
    log:
        "logs/ocr/{shard}.log",
    benchmark:
        "benchmarks/ocr/{shard}.tsv"
    threads: 2
    resources:
        mem_mb=2000,
    script:
        "../scripts/ocr.py"

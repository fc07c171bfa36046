rule normalise:
    input:
        documents=rules.ingest.output.documents,
        pages=rules.ocr.output.pages,
    output:
        paragraphs="results/shards/{shard}/normalise/paragraphs.parquet",
        metadata="results/shards/{shard}/normalise/metadata.parquet",
        removed="results/shards/{shard}/normalise/removed.parquet",
        errors="results/shards/{shard}/normalise/errors.parquet",
    log:
        "logs/normalise/{shard}.log",
    benchmark:
        "benchmarks/normalise/{shard}.tsv"
    resources:
        mem_mb=1000,
    script:
        "../scripts/normalise.py"

rule ingest:
    input:
        docs=shard_inputs,
    output:
        documents="results/shards/{shard}/ingest/documents.parquet",
        pages="results/shards/{shard}/ingest/pages.parquet",
        errors="results/shards/{shard}/ingest/errors.parquet",
    log:
        "logs/ingest/{shard}.log",
    benchmark:
        "benchmarks/ingest/{shard}.tsv"
    resources:
        mem_mb=1000,
    params:
        entries=shard_entries,
        config=stage_config(config, "ingest"),
    script:
        "../scripts/ingest.py"

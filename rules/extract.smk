rule extract:
    input:
        documents=rules.ingest.output.documents,
        paragraphs=rules.normalise.output.paragraphs,
        metadata=rules.normalise.output.metadata,
        gazetteer_files=config["gazetteer"]["files"],
    output:
        mentions="results/shards/{shard}/extract/mentions.parquet",
        figures="results/shards/{shard}/extract/figures.parquet",
        errors="results/shards/{shard}/extract/errors.parquet",
    log:
        "logs/extract/{shard}.log",
    benchmark:
        "benchmarks/extract/{shard}.tsv"
    resources:
        mem_mb=2000,
    params:
        config=stage_config(config, "extract"),
        # per-document cache: one edited document reruns spaCy on that document only
        cache_dir="results/cache/extract",
    script:
        "../scripts/extract.py"

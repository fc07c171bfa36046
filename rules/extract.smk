rule extract:
    """Find the named entities (spaCy and the gazetteer), the figures (numbers with what they
    count) and the quotes (who said what) of every document of one shard; each document's result is cached in
    results/cache/extract (a forced job extracts every document again)."""
    input:
        documents=rules.ingest.output.documents,
        paragraphs=rules.normalise.output.paragraphs,
        metadata=rules.normalise.output.metadata,
        gazetteer_files=config["gazetteer"]["files"],
    output:
        mentions="results/shards/{shard}/extract/mentions.parquet",
        figures="results/shards/{shard}/extract/figures.parquet",
        errors="results/shards/{shard}/extract/errors.parquet",
        quotes="results/shards/{shard}/extract/quotes.parquet",
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

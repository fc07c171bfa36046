rule normalise:
    input:
        documents=rules.ingest.output.documents,
        pages=rules.ocr.output.pages,
    output:
        paragraphs="results/shards/{shard}/normalise/paragraphs.parquet",
        metadata="results/shards/{shard}/normalise/metadata.parquet",
        removed="results/shards/{shard}/normalise/removed.parquet",
        errors="results/shards/{shard}/normalise/errors.parquet",
        text=directory("results/shards/{shard}/normalise/text"),
    log:
        "logs/normalise/{shard}.log",
    benchmark:
        "benchmarks/normalise/{shard}.tsv"
    resources:
        mem_mb=1000,
    params:
        config=stage_config(config, "normalise"),
    script:
        "../scripts/normalise.py"


# Every document's readable text and metadata in one flat folder: results/text/<doc_id>.txt|.json
rule texts:
    input:
        shards=all_shards(rules.normalise.output.text),
    output:
        text=directory("results/text"),
    log:
        "logs/texts/texts.log",
    script:
        "../scripts/texts.py"

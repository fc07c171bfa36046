rule normalise:
    """Clean one shard's pages into paragraphs with offsets back to the source; find each
    document's title, author, date and outlet; set aside furniture (menus, bylines, share
    buttons); write each document's readable text and metadata."""
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
        # the worst file limits admit (a 10 MB page or one-line text): bench/memory.py
        mem_mb=2000,
    params:
        config=stage_config(config, "normalise"),
    script:
        "../scripts/normalise.py"


# Every document's readable text and metadata in one flat folder: results/text/<doc_id>.txt|.json
rule texts:
    """Gather every document's readable text and metadata in one flat folder, results/text/."""
    input:
        shards=all_shards(rules.normalise.output.text),
    output:
        text=directory("results/text"),
    log:
        "logs/texts/texts.log",
    benchmark:
        "benchmarks/texts/texts.tsv"
    script:
        "../scripts/texts.py"

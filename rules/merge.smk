rule merge:
    input:
        documents=all_shards(rules.ingest.output.documents),
        pages=all_shards(rules.ocr.output.pages),
        paragraphs=all_shards(rules.normalise.output.paragraphs),
        metadata=all_shards(rules.normalise.output.metadata),
        mentions=all_shards(rules.extract.output.mentions),
        figures=all_shards(rules.extract.output.figures),
        errors=all_shards(rules.ingest.output.errors)
        + all_shards(rules.ocr.output.errors)
        + all_shards(rules.normalise.output.errors)
        + all_shards(rules.extract.output.errors),
        gazetteer_files=config["gazetteer"]["files"],
    output:
        tables=multiext(
            "results/dossier/",
            "documents.parquet",
            "documents.csv",
            "entities.parquet",
            "entities.csv",
            "mentions.parquet",
            "mentions.csv",
            "figures.parquet",
            "figures.csv",
            "figure_clusters.parquet",
            "figure_clusters.csv",
            "duplicates.parquet",
            "duplicates.csv",
            "claims.parquet",
            "claims.csv",
            "boilerplate.parquet",
            "boilerplate.csv",
            "errors.parquet",
            "errors.csv",
        ),
        duckdb="results/dossier/dossier.duckdb",
    log:
        "logs/merge/merge.log",
    benchmark:
        "benchmarks/merge/merge.tsv"
    # a second process finds copies and similar sentences while the first merges entities
    threads: 2
    resources:
        mem_mb=4000,
    params:
        config=stage_config(config, "merge"),
        # per-text signatures and sentences kept for the next run (not an output: it survives
        # reruns, so an edited document is the only one whose text is hashed and split again)
        memo_dir="results/cache/merge",
    script:
        "../scripts/merge.py"

rule merge:
    input:
        documents=all_shards(rules.ingest.output.documents),
        metadata=all_shards(rules.normalise.output.metadata),
        mentions=all_shards(rules.extract.output.mentions),
        figures=all_shards(rules.extract.output.figures),
        errors=all_shards(rules.ingest.output.errors)
        + all_shards(rules.ocr.output.errors)
        + all_shards(rules.normalise.output.errors)
        + all_shards(rules.extract.output.errors),
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
            "errors.parquet",
            "errors.csv",
        ),
        duckdb="results/dossier/dossier.duckdb",
    log:
        "logs/merge/merge.log",
    benchmark:
        "benchmarks/merge/merge.tsv"
    resources:
        mem_mb=4000,
    script:
        "../scripts/merge.py"

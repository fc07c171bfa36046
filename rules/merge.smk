rule merge:
    """Merge every shard into the cross-checked dossier tables: canonical entities, figure
    clusters (agree/conflict), copies and rewrites, corroborated claims, quotes with their
    speakers and clusters across sources, site furniture set aside, errors; as Parquet, CSV and
    one DuckDB file."""
    input:
        documents=all_shards(rules.ingest.output.documents),
        pages=all_shards(rules.ocr.output.pages),
        paragraphs=all_shards(rules.normalise.output.paragraphs),
        metadata=all_shards(rules.normalise.output.metadata),
        mentions=all_shards(rules.extract.output.mentions),
        figures=all_shards(rules.extract.output.figures),
        quotes=all_shards(rules.extract.output.quotes),
        errors=all_shards(rules.ingest.output.errors)
        + all_shards(rules.ocr.output.errors)
        + all_shards(rules.normalise.output.errors)
        + all_shards(rules.extract.output.errors),
        gazetteer_files=config["gazetteer"]["files"],
    output:
        tables=multiext(
            "results/dossier/",
            "documents.parquet",
            "entities.parquet",
            "mentions.parquet",
            "figures.parquet",
            "figure_clusters.parquet",
            "duplicates.parquet",
            "claims.parquet",
            "boilerplate.parquet",
            "errors.parquet",
            "quotes.parquet",
        ),
        # the tables as CSV, also in `snakemake --report` (Parquet and DuckDB hold the same rows)
        csv=report(
            multiext(
                "results/dossier/",
                "documents.csv",
                "entities.csv",
                "mentions.csv",
                "figures.csv",
                "figure_clusters.csv",
                "duplicates.csv",
                "claims.csv",
                "boilerplate.csv",
                "errors.csv",
                "quotes.csv",
            ),
            caption="../report/tables.rst",
            category="Dossier tables",
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

rule report:
    """Write the dossier as one self-contained HTML page (opens offline) and as Markdown."""
    input:
        tables=rules.merge.output.tables,
        paragraphs=all_shards(rules.normalise.output.paragraphs),
        removed=all_shards(rules.normalise.output.removed),
        pages=all_shards(rules.ocr.output.pages),
        figures=all_shards(rules.extract.output.figures),
    output:
        html=report(
            "results/dossier/report.html",
            caption="../report/dossier.rst",
            category="Dossier",
            labels={"file": "report.html", "format": "HTML"},
        ),
        md=report(
            "results/dossier/report.md",
            caption="../report/dossier_md.rst",
            category="Dossier",
            labels={"file": "report.md", "format": "Markdown"},
        ),
    log:
        "logs/report/report.log",
    benchmark:
        "benchmarks/report/report.tsv"
    # a second process reads the shard figures and orders the timeline meanwhile
    threads: 2
    resources:
        # 10,000 documents: 2.3 GB summed over the two processes (pages shared after the fork
        # count twice; bench/RESULTS.md)
        mem_mb=3000,
    params:
        config=stage_config(config, "report"),
    script:
        "../scripts/report.py"


# Optional target (not in `all`): a picture of the report for people to look at, taken by
# headless chromium. snakemake results/dossier/report.png
rule report_screenshot:
    """Optional: a picture of report.html taken by headless Chromium (not in the default
    target)."""
    input:
        html=rules.report.output.html,
    output:
        png="results/dossier/report.png",
    log:
        "logs/report/screenshot.log",
    script:
        "../scripts/report_screenshot.py"

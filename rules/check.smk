rule strict_check:
    """Fail the run when any document has an error (config `strict`: on)."""
    input:
        errors="results/dossier/errors.parquet",
    output:
        ok="results/dossier/strict_check.ok",
    log:
        "logs/strict_check/strict_check.log",
    script:
        "../scripts/strict_check.py"

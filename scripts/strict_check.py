"""Strict mode: fail the run if any document has an error record.

Inputs: results/dossier/errors.parquet. Output: results/dossier/strict_check.ok (only if clean).
"""

from sourcebook.pipeline import run_strict_check
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_strict_check(errors_in=snakemake.input.errors, ok_out=snakemake.output.ok)

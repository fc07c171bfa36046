"""Strict mode: fail the run if any document has an error record.

Inputs: results/dossier/errors.parquet. Output: results/dossier/strict_check.ok (only if clean).
"""

from sourcebook.core.smk import configure_logging
from sourcebook.merge.strict import run_strict_check

if __name__ == "__main__":
    configure_logging(snakemake)
    run_strict_check(errors_in=snakemake.input.errors, ok_out=snakemake.output.ok)

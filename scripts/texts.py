"""Gather every shard's readable texts into results/text/<doc_id>.txt and <doc_id>.json.

Inputs: the normalise jobs' text folders. Output: one flat folder for people to read.
"""

from sourcebook.pipeline import run_gather_readable
from sourcebook.smk import configure_logging

if __name__ == "__main__":
    configure_logging(snakemake)
    run_gather_readable(list(snakemake.input.shards), snakemake.output.text)

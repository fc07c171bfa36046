"""Gather every shard's readable texts into results/text/<doc_id>.txt and <doc_id>.json.

Inputs: the normalise jobs' text folders. Output: one flat folder for people to read.
"""

from sourcebook.core.smk import configure_logging
from sourcebook.normalise.run import run_texts

if __name__ == "__main__":
    configure_logging(snakemake)
    run_texts(list(snakemake.input.shards), snakemake.output.text)

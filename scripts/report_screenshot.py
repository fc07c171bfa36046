"""A screenshot of the dossier report, taken by headless chromium from the file on disk.

Inputs: results/dossier/report.html. Outputs: results/dossier/report.png.
"""

import logging

from sourcebook.core.smk import configure_logging
from sourcebook.report.browser import load, screenshot

if __name__ == "__main__":
    configure_logging(snakemake)
    page = load(snakemake.input.html)
    for line in page.console_problems:
        logging.getLogger("sourcebook").warning("console: %s", line)
    screenshot(snakemake.input.html, snakemake.output.png)

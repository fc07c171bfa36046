"""Normalisation throughput on a generated corpus, in one process (no Snakemake overhead).

    python bench/normalise.py [--n 500] [--seed 0] [--work DIR]

The corpus comes from bench/corpus.py (text, Markdown and HTML only: the PDF text layer and
OCR are benchmarked with their own stage). Printed per format and overall, nothing asserted:
documents/s and MB/s (of input file bytes) for ingest (decode, HTML extraction), for normalise
(cleaning, boilerplate, metadata, source maps) and for both together.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sourcebook.ingest.read import ingest_file
from sourcebook.normalise.document import normalise_pages

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from corpus import generate  # noqa: E402

SHARES = {"md": 0.3, "html": 0.2, "pdf": 0.0, "png": 0.0}


def run(corpus: Path, n: int, seed: int) -> None:
    docs = generate(corpus, n, REPO / "seeds", seed=seed, shares=SHARES)
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0, 0])
    for d in docs:
        path = corpus / d.relpath
        t0 = time.perf_counter()
        result = ingest_file(path, path.stem, d.relpath, "0")
        t1 = time.perf_counter()
        paras, _meta, _removed = normalise_pages(path.stem, result.pages, path=d.relpath)
        t2 = time.perf_counter()
        for key in (d.fmt, "all"):
            row = totals[key]
            row[0] += 1
            row[1] += result.document.size
            row[2] += t1 - t0
            row[3] += t2 - t1
            row[4] += len(paras)
    print(
        f"{'format':8} {'docs':>6} {'MB':>7} {'paras':>7}  {'ingest':>20}  {'normalise':>20}  "
        f"{'both':>20}"
    )
    for fmt in sorted(totals, key=lambda k: (k == "all", k)):
        count, size, t_in, t_norm, paras = totals[fmt]
        mb = size / 1e6

        def rate(t: float, count: int = int(count), mb: float = mb) -> str:
            return f"{count / t:7.0f} d/s {mb / t:6.2f} MB/s"

        print(
            f"{fmt:8} {count:6d} {mb:7.2f} {paras:7d}  {rate(t_in)}  {rate(t_norm)}  "
            f"{rate(t_in + t_norm)}"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None, help="corpus folder (default: a temp dir)")
    args = ap.parse_args(argv)
    if args.work is not None:
        run(args.work, args.n, args.seed)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), args.n, args.seed)


if __name__ == "__main__":
    main()

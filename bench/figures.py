"""The figure extractor's speed: the code before issue 18 beside the code now, in one run.

    python bench/figures.py [--repeat 20] [--rounds 5]

Sentences: the 344 of the figures gold (``tests/extract/gold/figures_news.yaml``), repeated
``--repeat`` times. Each round times both extractors over all of them, one call per sentence
with the same anchor date, alternating old and new so machine load hits both alike; the best
round of each is printed, in sentences per CPU second of this process (goal for the new code:
>= 5,000; CPU time, not wall time, so that other jobs on a shared machine count less). The code
before is ``src/sourcebook/extract/figures.py`` at commit 1b7b964 (the last before issue 18),
read with ``git show`` and imported from a temporary folder (it uses today's
``sourcebook.core.dates``, as the new code does). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import yaml

from sourcebook.extract.figures import find_figures

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "extract" / "gold" / "figures_news.yaml"
BEFORE = "1b7b964b7926d5a4423ee4316e50323bfd8a7c78"
ANCHOR = dt.date(2025, 3, 4)


def old_module(folder: Path) -> ModuleType:
    """The figure extractor as it was at :data:`BEFORE`, imported from ``folder``."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{BEFORE}:src/sourcebook/extract/figures.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = folder / "figures_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("figures_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["figures_before"] = module
    spec.loader.exec_module(module)
    return module


def timed(fn: Callable[[str, dt.date], list], sentences: list[str]) -> tuple[float, int]:
    """CPU seconds of this process for one pass over ``sentences`` (what other jobs on the
    machine take is not counted, as wall time would), and the figures found."""
    t = time.process_time()
    found = sum(len(fn(s, ANCHOR)) for s in sentences)
    return time.process_time() - t, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="passes over the gold sentences")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds; the best is kept")
    args = ap.parse_args()
    sentences = [r["sentence"] for r in yaml.safe_load(GOLD.read_text("utf-8"))] * args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        old = old_module(Path(tmp))
        runs = {"before (1b7b964)": old.find_figures, "now": find_figures}
        for fn in runs.values():  # warm up: pint's registry, compiled patterns
            fn("warm up: 5 km, $2bn, a decade", ANCHOR)
        best = {name: float("inf") for name in runs}
        found = {}
        for _ in range(args.rounds):
            for name, fn in runs.items():
                seconds, found[name] = timed(fn, sentences)
                best[name] = min(best[name], seconds)
    print(f"{len(sentences)} sentences ({args.repeat} x the figures gold), best of {args.rounds}")
    for name in runs:
        rate = len(sentences) / best[name]
        each = found[name] / len(sentences)
        print(f"  {name:<18} {rate:>8,.0f} sentences per CPU second  {each:.2f} figures each")
    before, now = (best[name] for name in runs)
    print(f"  now / before, CPU time: {now / before:.2f}")


if __name__ == "__main__":
    main()

"""Peak memory of every rule on the worst inputs the limits admit (issue 23), against the
``mem_mb`` each rule declares.

    python bench/memory.py [--out DIR] [--giant-pages 40] [--text-mb 10]

Writes the worst admitted inputs of config.yaml's ``limits`` (a 10 MB text of one line, a 10 MB
page of markup, a 100-million-pixel RGBA PNG and a 16-bit one, a 199 MB PDF of text-less
14,400-point pages, a 1,000-page PDF) beside the seeds, all in one shard, and runs the workflow
on them. Each job's peak is measured twice: by Snakemake's benchmark files (``max_rss``; it
samples every 0.5 s for 15 s, then every 30 s, so it can miss a short peak) and by a sampler
here that sums the resident memory of each job's process tree every 50 ms (tesseract and
forked workers included; memory shared after a fork counts twice, so it errs high). Prints a
Markdown table: rule, declared mem_mb, both peaks, seconds.

The giant-page PDF has ``--giant-pages`` pages (default 40): the pages OCR holds at once are
bounded (``sourcebook.ocr.engine.IN_FLIGHT_PIXELS``), so more pages take longer, not more memory;
``limits.max_ocr_pixels`` caps a document's OCR at 400 such pages.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests"), str(REPO / "tests" / "workflow")]

from conftest import snakemake_command  # noqa: E402
from corpus import pdf_file  # noqa: E402
from hostile import giant_blank_pdf, white_16bit_png  # noqa: E402

MB = 1_000_000


# ------------------------------------------------------------------ declared and measured


def declared_mem_mb(rules_dir: Path = REPO / "rules") -> dict[str, int]:
    """Each rule's declared ``mem_mb`` (rules without one get Snakemake's default, 1000)."""
    out: dict[str, int] = {}
    for path in sorted(rules_dir.glob("*.smk")):
        for block in re.split(r"^rule ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
            name = block.split(":", 1)[0].strip()
            mem = re.search(r"\bmem_mb\s*=\s*(\d+)", block)
            out[name] = int(mem.group(1)) if mem else 1000
    return out


def benchmark_peaks(workdir: Path) -> dict[str, tuple[float, float]]:
    """rule → (largest max_rss in MB, longest s) over its jobs' benchmark files."""
    out: dict[str, tuple[float, float]] = {}
    for tsv in sorted((workdir / "benchmarks").glob("*/*.tsv")):
        with tsv.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        rss = max((float(r["max_rss"]) for r in rows if r["max_rss"] != "NA"), default=0.0)
        secs = max(float(r["s"]) for r in rows)
        old = out.get(tsv.parent.name, (0.0, 0.0))
        out[tsv.parent.name] = (max(old[0], rss), max(old[1], secs))
    return out


class TreeSampler(threading.Thread):
    """Every ``interval`` s, the resident memory of each Snakemake job (its script process and
    every process under it), kept as the peak per rule (read off the script's name)."""

    def __init__(self, root_pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root_pid, self.interval = root_pid, interval
        self.peaks: dict[str, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        root = psutil.Process(self.root_pid)
        while not self.done.is_set():
            try:
                procs = root.children(recursive=True)
            except psutil.Error:
                break
            for proc in procs:
                rule = _rule_of(proc)
                if rule is None:
                    continue
                try:
                    tree = [proc, *proc.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree) / MB
                except psutil.Error:
                    continue
                self.peaks[rule] = max(self.peaks.get(rule, 0.0), rss)
            time.sleep(self.interval)


def _rule_of(proc) -> str | None:
    """The rule whose step script ``proc`` runs (Snakemake names it tmpXXXX.<script>.py)."""
    import psutil

    try:
        cmd = proc.cmdline()
    except psutil.Error:
        return None
    for arg in cmd:
        m = re.search(r"\.snakemake/scripts/tmp[^/.]*\.(\w+)\.py$", arg)
        if m:
            return m.group(1)
    return None


# ------------------------------------------------------------------ the worst admitted inputs


def one_line_text(size: int, rng: random.Random) -> bytes:
    """``size`` bytes of news sentences (the seeds') on one line: one paragraph for every
    stage, dense with names and figures."""
    sentences = [
        s.strip() + "."
        for p in sorted((REPO / "seeds").glob("*.txt"))
        for s in p.read_text(encoding="utf-8").replace("\n", " ").split(". ")
        if len(s) > 40
    ]
    out, n = [], 0
    while n < size:
        s = rng.choice(sentences)
        out.append(s)
        n += len(s.encode()) + 1
    return " ".join(out).encode()[:size]


def markup_page(size: int) -> bytes:
    """``size`` bytes of HTML: small elements with a word each (30,000 a MB: a large tree)."""
    cell = '<div class="c"><span data-k="v">word{}</span></div>\n'
    head = b"<html><head><title>Markup</title></head><body><article>"
    tail = b"</article></body></html>"
    out, i = [head], 0
    n = len(head) + len(tail)
    while n < size - 64:
        piece = cell.format(i).encode()
        out.append(piece)
        n += len(piece)
        i += 1
    return b"".join(out) + tail


def big_pngs(folder: Path, side: int) -> None:
    """A side² RGBA PNG with transparency (decodes to 4 bytes a pixel) and a 16-bit one."""
    (folder / "white16.png").write_bytes(white_16bit_png(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00\x00\x00\x00" * side  # transparent black: white once laid on white
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * side, 9))
        + chunk(b"IEND", b"")
    )
    (folder / "rgba.png").write_bytes(data)


def text_pdf(pages: int) -> bytes:
    """``pages`` (limits.max_pages) A4 pages with a line of Helvetica text each."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for i in range(pages):
        line = f"BT /F1 12 Tf 72 760 Td (Page {i + 1}: NATO allies met in Washington.) Tj ET"
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(line), line.encode()))
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objs))
        )
        kids.append(b"%d 0 R" % len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return pdf_file(objs, b"")


def worst_corpus(folder: Path, giant_pages: int, text_mb: float | None = None) -> dict[str, str]:
    """Write the worst admitted inputs (and the seeds) into ``folder``; returns what each is."""
    sys.path.insert(0, str(REPO / "src"))
    from sourcebook.core.settings import Limits

    limits = Limits()
    rng = random.Random(23)
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted((REPO / "seeds").iterdir()):
        shutil.copy(seed, folder / seed.name)
    text_size = int((text_mb or limits.max_text_mb) * MB) - 1000
    (folder / "one-line.txt").write_bytes(one_line_text(text_size, rng))
    (folder / "markup.html").write_bytes(markup_page(text_size))
    side = int(limits.max_pixels**0.5) - 1
    big_pngs(folder, side)
    file_size = int(limits.max_file_mb * MB) - 1_000_000
    (folder / "giant.pdf").write_bytes(giant_blank_pdf(giant_pages, pad=file_size))
    (folder / "pages.pdf").write_bytes(text_pdf(limits.max_pages))
    return {
        "one-line.txt": f"{text_size / MB:.1f} MB of news sentences on one line (max_text_mb)",
        "markup.html": f"{text_size / MB:.1f} MB of HTML, one word an element (max_text_mb)",
        "rgba.png": f"{side}² RGBA PNG, transparent (max_pixels; 400 MB decoded)",
        "white16.png": f"{side}² 16-bit gray PNG (max_pixels; 200 MB decoded)",
        "giant.pdf": f"{file_size / MB:.0f} MB PDF (max_file_mb), {giant_pages} text-less "
        "14,400-pt pages to OCR",
        "pages.pdf": f"{limits.max_pages} pages of text (max_pages)",
    }


# ------------------------------------------------------------------ the run


def run(workdir: Path, inputs: Path) -> tuple[float, dict[str, float], int]:
    """Run the workflow (one shard, 2 cores), sampling its jobs; (seconds, peaks, exit code)."""
    cmd = snakemake_command(workdir, inputs, config={"shards": 1}, cores=2)
    t0 = time.monotonic()
    with (workdir.parent / "snakemake.log").open("w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=workdir.parent)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        code = proc.wait()
        sampler.done.set()
        sampler.join()
    return time.monotonic() - t0, sampler.peaks, code


def table(declared: dict[str, int], bench: dict, sampled: dict[str, float]) -> str:
    """The Markdown table of the results, one row per rule that ran."""
    lines = [
        "| rule | declared mem_mb | peak, sampled every 50 ms (MB) | Snakemake max_rss (MB) "
        "| s | holds |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for rule in sorted(set(bench) | set(sampled)):
        peak = max(sampled.get(rule, 0.0), bench.get(rule, (0.0, 0.0))[0])
        mem = declared.get(rule, 1000)
        lines.append(
            f"| {rule} | {mem} | {sampled.get(rule, 0.0):.0f} | {bench.get(rule, (0, 0))[0]:.0f} "
            f"| {bench.get(rule, (0, 0))[1]:.1f} | {'yes' if peak <= mem else '**no**'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="folder for inputs and the run (default: a temp)")
    ap.add_argument("--giant-pages", type=int, default=40)
    ap.add_argument("--text-mb", type=float, help="text and HTML size (default max_text_mb)")
    args = ap.parse_args(argv)
    base = args.out or Path(tempfile.mkdtemp(prefix="sourcebook-memory-"))
    inputs, workdir = base / "inputs", base / "work"
    what = worst_corpus(inputs, args.giant_pages, args.text_mb)
    workdir.mkdir(parents=True, exist_ok=True)
    seconds, sampled, code = run(workdir, inputs)
    print("inputs (with the 5 seeds, all in one shard):")
    for name, desc in what.items():
        print(f"- `{name}`: {desc}")
    print(f"\nworkflow: exit {code}, {seconds:.0f} s ({base})\n")
    print(table(declared_mem_mb(), benchmark_peaks(workdir), sampled))
    return code


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())

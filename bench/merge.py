"""The merge benchmark: corpus-wide merge time and peak memory on synthetic documents.

    python bench/merge.py --n 1000 10000 [--json out.json]

No NLP: the mention, figure, paragraph and document tables a run would feed merge are generated
directly (seeded, deterministic), then :func:`sourcebook.merge.dossier.build_tables` reads them from
Parquet shard files and the dossier is written (Parquet, CSV, DuckDB) — the whole merge job.
Generation and merge run in their own processes, so the peak resident memory (``ru_maxrss``)
is the merge's alone; CPU time is printed next to wall time, which a shared machine inflates.

The corpus: stories of documents on one event (shared topic words, their own sentences); 4 % exact
copies, 4 % near copies (a few words changed), 4 % rewrites (words substituted, sentences
reordered), a footer paragraph shared by a tenth of the documents; ~30 mentions per document drawn
from people (full names, surnames, titles, spelling variants), places (gazetteer variants) and
organisations (acronyms defined in the text); ~8 figures per document from the story's facts,
some reported with a qualifier or a different value.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcebook.core.schema import Document, Figure, Mention, Metadata, Page, Paragraph  # noqa: E402
from sourcebook.core.tables import write_records  # noqa: E402

FIRST = "Anna Boris Carla Dmitri Elena Felix Greta Hans Irina Jonas Karl Lena".split()  # noqa: SIM905
LAST = "Novak Schmidt Kowalski Petrenko Olsen Rossi Dubois Meyer Horvat".split()  # noqa: SIM905
PLACES = [("Kyiv", "Kiev", "city:kyiv"), ("Ukraine", "the Ukraine", "country:UA")]
PLACES += [("Germany", "Germany", "country:DE"), ("Russia", "Russian Federation", "country:RU")]
TOPIC_SHARE = 0.1  # share of a sentence's words that are its story's topic words
UNITS = ["troops", "personnel", "countries", "tanks", "missiles", "people", "days", "percent"]


def pseudo_words(rng: random.Random, n: int) -> list[str]:
    syll = "ka lo mi ne ru sa ti vo ze pa do gri stan bel mor fen lud quin yar hol".split()  # noqa: SIM905
    out = set()
    while len(out) < n:
        out.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 5))))
    return sorted(out)


def sentence(rng: random.Random, vocab: list[str], cum: list[float], topic: list[str], n: int):
    """n words: a tenth from the story's topic, the rest Zipf-like over the vocabulary."""
    ws = rng.choices(vocab, cum_weights=cum, k=n)
    return [rng.choice(topic) if rng.random() < TOPIC_SHARE else w for w in ws]


class Where(NamedTuple):
    """Where a document's last paragraph, the one naming its people and facts, is."""

    doc_id: str
    paragraph: int
    start: int  # offset in the page text
    sentence: str  # its first sentence


FOOTER = "To contact the newsroom and the editors please visit our website and write to us today."


def generate(n_docs: int, seed: int = 0):
    """Documents, pages, paragraphs, metadata, mentions and figures of a synthetic corpus."""
    rng = random.Random(seed)
    # a vocabulary that grows with the corpus (Heaps' law), as names and rare words do
    vocab = pseudo_words(rng, max(20000, int(60 * n_docs**0.75)))
    rng.shuffle(vocab)
    cum, total = [], 0.0
    for rank in range(len(vocab)):
        total += 1.0 / (rank + 20)
        cum.append(total)
    people = [
        f"{f} {last}{k}"
        for k in range(max(1, n_docs // 40))
        for f in FIRST[:3]
        for last in LAST[:4]
    ]
    orgs = [(f"Joint Task Force {w.title()}", "JTF" + w[:2].upper()) for w in vocab[:200]]
    docs, pages, paras, meta, mentions, figures = [], [], [], [], [], []
    texts: list[list[str]] = []
    story_facts: dict[int, list[tuple[float, str, str]]] = {}
    for i in range(n_docs):
        doc_id = f"{i:06d}"
        story = i // 20
        topic = vocab[story * 10 % 19000 : story * 10 % 19000 + 10]
        facts = story_facts.setdefault(
            story,
            [
                (float(rng.choice([50, 700, 500000, 3, 12, 40])), rng.choice(UNITS), w)
                for w in topic[:4]
            ],
        )
        body = story_body(rng, texts, vocab, cum, topic)
        # names and figures woven into the text, so sentences carry them
        person = rng.choice(people)
        org, acr = rng.choice(orgs)
        place = rng.choice(PLACES)
        value, unit, subj = rng.choice(facts)
        reported = value if rng.random() > 0.1 else value * 1.5
        extra = (
            f"{person} said the {org}, or {acr}, would send {reported:g} {unit} to {place[0]}. "
            f"President {person.split()[-1]} met officials in {place[1]} about the {subj} plan."
        )
        body = [*body, extra]
        texts.append(body)
        page_text = "\n\n".join(body)
        docs.append(Document(doc_id, f"{doc_id}.txt", "txt", len(page_text), doc_id, "0", "ok", 1))
        pages.append(Page(doc_id, 1, page_text, "text"))
        meta.append(Metadata(doc_id, title=body[0][:60], outlet=f"Outlet {i % 50}"))
        pos = 0
        for k, p in enumerate(body):
            paras.append(Paragraph(doc_id, k, 1, pos, pos + len(p), p))
            pos += len(p) + 2
        at = Where(doc_id, len(body) - 1, pos - len(extra) - 2, extra.split(". ")[0] + ".")
        mentions += doc_mentions(rng, at, extra, (person, org, acr, place), people, body)
        figures += doc_figures(rng, at, (reported, unit, subj), facts, body)
    return docs, pages, paras, meta, mentions, figures


def story_body(
    rng: random.Random, texts: list[list[str]], vocab: list[str], cum: list[float], topic: list[str]
) -> list[str]:
    """A document's paragraphs: a copy, near copy or rewrite of an earlier document's
    (``texts``), else eight new paragraphs of its story's ``topic`` (one in ten with the
    shared footer)."""
    i = len(texts)
    roll = rng.random()
    if i > 0 and roll < 0.04:  # exact copy
        return list(texts[rng.randrange(i)])
    if i > 0 and roll < 0.08:  # near copy
        return [
            " ".join(w if rng.random() > 0.03 else rng.choice(vocab) for w in p.split())
            for p in texts[rng.randrange(i)]
        ]
    if i > 0 and roll < 0.12:  # rewrite: words substituted, paragraphs reordered
        src = list(texts[rng.randrange(i)])
        rng.shuffle(src)
        return [
            " ".join(w if rng.random() > 0.35 else rng.choice(topic) for w in p.split())
            for p in src
        ]
    body = []
    for _ in range(8):
        sents = []
        for _ in range(3):
            ws = sentence(rng, vocab, cum, topic, rng.randint(12, 20))
            ws[0] = ws[0].title()
            sents.append(" ".join(ws) + ".")
        body.append(" ".join(sents))
    if rng.random() < 0.1:
        body.append(FOOTER)
    return body


def doc_mentions(
    rng: random.Random, at: Where, extra: str, names: tuple, people: list[str], body: list[str]
) -> list[Mention]:
    """The mentions of the names in the last paragraph ``extra`` (``at`` gives its document,
    paragraph, offset and first sentence), and 24 filler mentions of people."""
    person, org, acr, place = names
    s1, s2 = at.sentence, extra.split(". ")[1]
    out = []
    for text, label, cid, sent in [
        (person, "PERSON", "", s1),
        (org, "ORG", "", s1),
        (acr, "ORG", "", s1),
        (place[0], "GPE", place[2], s1),
        (person.split()[-1], rng.choice(["PERSON", "ORG"]), "", s2),
        (place[1], "GPE", place[2] if rng.random() < 0.5 else "", s2),
    ]:
        i = max(extra.find(text), 0)
        out.append(
            Mention(at.doc_id, at.paragraph, 1, at.start + i, at.start + i + len(text), text,
                    label, cid, sent)
        )  # fmt: skip
    for j in range(24):  # filler mentions: the bulk of a real corpus
        name = rng.choice(people)
        form = name if j % 3 else name.split()[-1]
        out.append(Mention(at.doc_id, j % 8, 1, 0, len(form), form, "PERSON", "", body[j % 8][:80]))
    return out


def doc_figures(
    rng: random.Random, at: Where, fact: tuple, facts: list[tuple], body: list[str]
) -> list[Figure]:
    """The figure of the last paragraph (``fact``: value as reported, unit, subject; ``at``
    as for :func:`doc_mentions`) and seven more of the story's ``facts``, some doubled."""
    reported, unit, subj = fact
    qual = rng.choice(["exact", "exact", "approximate", "lower_bound"])
    kind = "percent" if unit == "percent" else "count"
    out = [
        Figure(at.doc_id, at.paragraph, 1, at.start, at.start + 5, f"{reported:g} {unit}",
               reported, None, unit, kind, qual, subj, "", at.sentence)
    ]  # fmt: skip
    for j in range(7):
        v, u, sj = rng.choice(facts)
        out.append(
            Figure(at.doc_id, j, 1, 0, 5, f"{v:g} {u}", v * (1 if rng.random() > 0.2 else 2),
                   None, u, "count", "exact", sj, "", body[j % len(body)][:80])
        )  # fmt: skip
    return out


def write_shards(n: int, d: Path, shards: int = 32) -> dict:
    """Generate N documents and write them as the shard tables merge reads."""
    t0 = time.perf_counter()
    docs, pages, paras, meta, mentions, figures = generate(n)
    paths: dict[str, list[str]] = {}
    for name, rows, cls in [
        ("documents", docs, Document),
        ("pages", pages, Page),
        ("paragraphs", paras, Paragraph),
        ("metadata", meta, Metadata),
        ("mentions", mentions, Mention),
        ("figures", figures, Figure),
    ]:
        parts: dict[int, list] = {s: [] for s in range(shards)}
        for r in rows:
            parts[int(r.doc_id) % shards].append(r)
        for s, part in parts.items():
            path = d / "shards" / f"{s:02d}" / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_records(part, cls, path)
            paths.setdefault(name, []).append(str(path))
    (d / "paths.json").write_text(json.dumps(paths))
    return {
        "n_docs": n,
        "mentions": len(mentions),
        "figures": len(figures),
        "paragraphs": len(paras),
        "generate_s": round(time.perf_counter() - t0, 1),
    }


def run_merge_in(
    d: Path, workers: int = 2, out: str = "dossier", memo_dir: str | None = None
) -> dict:
    """The merge job on the shard tables under ``d`` (its tables written to ``d/out``): wall
    time and the peak RSS of this process and, with ``workers`` 2, of its child."""
    import pyarrow.parquet as pq

    from sourcebook.core.settings import MergeSettings
    from sourcebook.merge import run
    from sourcebook.merge.docsim import MergeOptions

    paths = json.loads((d / "paths.json").read_text())
    t0, c0 = time.perf_counter(), time.process_time()
    run.run(
        run.Inputs(
            documents=paths["documents"],
            metadata=paths["metadata"],
            mentions=paths["mentions"],
            figures=paths["figures"],
            errors=[],
            paragraphs=paths["paragraphs"],
            pages=paths["pages"],
        ),
        MergeSettings(MergeOptions(), memo_dir=memo_dir),
        run.Outputs(folder=str(d / out), duckdb=str(d / out / "dossier.duckdb")),
        workers=workers,
    )
    merge_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    rows = {
        t: pq.read_metadata(d / out / f"{t}.parquet").num_rows
        for t in ("entities", "figure_clusters", "duplicates", "claims")
    }
    kinds = pq.read_table(d / out / "duplicates.parquet", columns=["kind"])
    by_kind = {k: 0 for k in ("copy", "rewrite", "shared_paragraph")}
    for k in kinds.column("kind").to_pylist():
        by_kind[k] += 1
    return {
        "merge_s": round(merge_s, 2),
        "cpu_s": round(cpu_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "child_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "rows": rows,
        "duplicates": by_kind,
    }


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--workers", type=int, default=2, help="merge processes (1 or 2)")
    ap.add_argument("--generate", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--merge-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate:
        print(json.dumps(write_shards(int(args.generate[0]), Path(args.generate[1]))))
        return
    if args.merge_dir:
        print(json.dumps(run_merge_in(Path(args.merge_dir), args.workers)))
        return
    results = []
    for n in args.n:
        with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
            r = _child("--generate", str(n), tmp)  # own process: generation memory not counted
            r.update(_child("--merge-dir", tmp, "--workers", str(args.workers)))
        results.append(r)
        print(
            f"{n:>7} docs: merge {r['merge_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
            f"peak RSS {r['peak_rss_mb']} MB (child {r['child_peak_rss_mb']} MB) "
            f"({r['mentions']} mentions, {r['figures']} figures, {r['paragraphs']} paragraphs) "
            f"→ {r['rows']}, duplicates {r['duplicates']}",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

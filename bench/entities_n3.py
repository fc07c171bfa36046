"""Cross-document entities on an unseen public corpus: Reuters-128 of the N3 collection, scored.

    python bench/entities_n3.py PATH/TO/Reuters-128.ttl [--workdir DIR] [--examples N]

Reuters-128 (github.com/dice-group/n3-collection, CC BY-NC-SA 4.0 per its README) holds 128
Reuters-21578 articles in NIF/Turtle: each ``nif:Context`` carries the text (``nif:isString``),
each mention its offsets (``nif:beginIndex``/``nif:endIndex``), surface (``nif:anchorOf``) and
entity (``itsrdf:taIdentRef``: a DBpedia URI, or an aksw.org ``notInWiki`` URI for a name with no
DBpedia entry). The gold id of a mention is that URI verbatim, so every notInWiki URI is its own
entity. A small Turtle lexer below reads the file (no rdflib).

The texts are written to ``DIR/gold/reuters128/<NNN>.txt`` and run through every stage up to the
dossier in-process, exactly as ``dossier_predictions`` of tests/extract/test_entities_gold.py
does; the dossier's mentions are scored by tests/extract/entity_gold.py (``score``, ``baseline``,
``format_score``), unchanged. Types are not compared by the scorer; every gold mention is typed
ORG (a placeholder, so none is set apart as NORP). Printed, nothing asserted: corpus counts, the
system's mention recall/precision, pairwise and B-cubed P/R/F1, and the exact-string baselines
(folded and raw surface) on the gold spans. Reuters-128 annotates only some names (mostly those
with a DBpedia entry), so the system's mention precision is not meaningful here. ``--examples N``
also prints up to N missed mentions, wrong merges and split entities.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "extract"))

import entity_gold as eg  # noqa: E402
from test_entities_gold import dossier_predictions  # noqa: E402  (the gold test's run)

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
EVENT = "reuters128"
GOLD_TYPE = "ORG"  # placeholder: the scorer does not compare types, and excludes NORP only

_TOKEN = re.compile(
    r'"""(?P<long>(?:[^"\\]|\\.|"(?!""))*)"""'
    r'|"(?P<short>(?:[^"\\\n]|\\.)*)"'
    r"|<(?P<iri>[^>\s]*)>"
    r"|\^\^|@prefix\b|@base\b|@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<pname>[A-Za-z][\w-]*(?:\.[\w-]+)*:(?:[\w-]+(?:\.[\w-]+)*)?|:[\w-]*)"
    r"|(?P<a>\ba\b)"
    r"|(?P<punct>[;,.])"
    r"|(?P<space>\s+|#[^\n]*)",
)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_CONTEXT = re.compile(r"/Reuters-128/(\d+)#char=(\d+),(\d+)$")

Term = tuple[str, str]  # ("iri", uri) or ("lit", text)


def _unescape(text: str) -> str:
    """A Turtle string's value: ``\\"``, ``\\n``, ``\\uXXXX`` … decoded."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _ESCAPES.get(m.group(3), m.group(0))

    return _ESCAPE.sub(one, text)


def _tokens(ttl: str) -> Iterator[tuple[str, str]]:
    """(kind, value) of every Turtle token; raise ValueError on a character it cannot read."""
    pos = 0
    while pos < len(ttl):
        m = _TOKEN.match(ttl, pos)
        if not m:
            line = ttl.count("\n", 0, pos) + 1
            raise ValueError(f"line {line}: cannot read Turtle at {ttl[pos : pos + 40]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "space":
            continue
        if kind == "long" or kind == "short":
            yield "lit", _unescape(m.group(kind))
        elif kind is None:
            yield "kw", m.group(0)
        else:
            yield kind, m.group(kind)


def parse_turtle(ttl: str) -> list[tuple[str, str, Term]]:
    """The (subject, predicate, object) triples of a Turtle file, IRIs expanded.

    Enough of Turtle for N3's files: @prefix, IRIs, prefixed names, ``a``, strings (short and
    long) with a datatype or language tag, ``;`` and ``,`` lists. Blank nodes are not read.
    """
    prefixes: dict[str, str] = {}
    triples: list[tuple[str, str, Term]] = []
    toks = list(_tokens(ttl))
    i = 0

    def iri(tok: tuple[str, str]) -> str:
        kind, value = tok
        if kind == "iri":
            return value
        if kind == "pname":
            prefix, local = value.split(":", 1)
            return prefixes[prefix] + local
        if kind == "a":
            return "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        raise ValueError(f"expected an IRI, got {tok!r}")

    while i < len(toks):
        if toks[i] == ("kw", "@prefix"):
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1]
            i += 4  # @prefix p: <iri> .
            continue
        subject = iri(toks[i])
        i += 1
        while True:
            predicate = iri(toks[i])
            i += 1
            while True:
                kind, value = toks[i]
                i += 1
                if kind == "lit":
                    obj: Term = ("lit", value)
                    if i < len(toks) and toks[i] == ("kw", "^^"):
                        i += 2
                    elif i < len(toks) and toks[i][0] == "lang":
                        i += 1
                else:
                    obj = ("iri", iri((kind, value)))
                triples.append((subject, predicate, obj))
                if toks[i] != ("punct", ","):
                    break
                i += 1
            if toks[i] == ("punct", ";"):
                i += 1
                if toks[i] == ("punct", "."):
                    break
                continue
            break
        if toks[i] != ("punct", "."):
            raise ValueError(f"expected '.' after the statement about {subject}, got {toks[i]!r}")
        i += 1
    return triples


def load_reuters128(path: str | Path) -> tuple[dict[str, eg.Document], list[str]]:
    """Documents keyed ``reuters128/<NNN>`` (text, gold mentions sorted by offset), and problems.

    A mention whose offsets do not give its ``nif:anchorOf`` is listed as a problem and kept out.
    """
    props: dict[str, dict[str, str]] = defaultdict(dict)
    for subject, predicate, (_, value) in parse_turtle(Path(path).read_text(encoding="utf-8")):
        if predicate.startswith(NIF):
            props[subject][predicate.removeprefix(NIF)] = value
        elif predicate.startswith(ITS):
            props[subject][predicate.removeprefix(ITS)] = value
    texts: dict[str, str] = {}
    problems: list[str] = []
    for subject, p in props.items():
        if "isString" in p:
            m = _CONTEXT.search(subject)
            if not m:
                problems.append(f"context {subject}: not a Reuters-128 context IRI")
                continue
            texts[subject] = p["isString"]
            if len(p["isString"]) != int(m.group(3)):
                problems.append(f"context {subject}: text length {len(p['isString'])}")
    mentions: dict[str, list[eg.GoldMention]] = defaultdict(list)
    for subject, p in props.items():
        if "anchorOf" not in p:
            continue
        context = p.get("referenceContext", "")
        text = texts.get(context)
        if text is None or "taIdentRef" not in p:
            problems.append(f"mention {subject}: no context text or no taIdentRef")
            continue
        start, end = int(p["beginIndex"]), int(p["endIndex"])
        if text[start:end] != p["anchorOf"]:
            problems.append(f"mention {subject}: {text[start:end]!r} != {p['anchorOf']!r}")
            continue
        mentions[context].append(
            eg.GoldMention(start, end, p["anchorOf"], GOLD_TYPE, p["taIdentRef"])
        )
    corpus: dict[str, eg.Document] = {}
    for context, text in sorted(texts.items(), key=lambda kv: int(_CONTEXT.search(kv[0])[1])):
        key = f"{EVENT}/{int(_CONTEXT.search(context)[1]):03d}"
        corpus[key] = (text, sorted(mentions[context], key=lambda m: (m.start, m.end)))
    return corpus, problems


def summary(corpus: Mapping[str, eg.Document]) -> str:
    """Counts: documents, gold mentions, entities, entities in 2+ documents, notInWiki share."""
    mentions = [m for _, ms in corpus.values() for m in ms]
    docs_of: dict[str, set[str]] = defaultdict(set)
    for key, (_, ms) in corpus.items():
        for m in ms:
            docs_of[m.entity_id].add(key)
    nil = {e for e in docs_of if "/notInWiki/" in e}
    multi = [e for e, docs in docs_of.items() if len(docs) > 1]
    words = [len(text.split()) for text, _ in corpus.values()]
    spread = dict(sorted(Counter(len(docs) for docs in docs_of.values()).items()))
    return "\n".join(
        [
            f"{len(corpus)} documents ({min(words)}-{max(words)} words), {len(mentions)} gold "
            f"mentions, {len(docs_of)} gold entities, {len(multi)} entities in 2+ documents",
            f"notInWiki: {len(nil)} entities, "
            f"{sum(m.entity_id in nil for m in mentions)} mentions (each URI its own entity)",
            f"entities by number of documents (documents: entities): {spread}",
        ]
    )


def _short(uri: str) -> str:
    """A URI without its host (``dbpedia:Brazil``, ``nil:Motorola_Inc``)."""
    uri = uri.replace("http://dbpedia.org/resource/", "dbp:")
    uri = uri.replace("http://aksw.org/notInWiki/", "nil:")
    return uri.replace("http://de.dbpedia.org/resource/", "dbp-de:")


def examples(
    corpus: Mapping[str, eg.Document], predicted: Mapping[str, Sequence[eg.Prediction]], n: int
) -> str:
    """Up to ``n`` missed mentions (with overlapping predictions), wrong merges, split entities."""
    lines: list[str] = []
    missed: list[str] = []
    found: list[tuple[str, str, str]] = []  # (gold id, predicted id, surface)
    for key, (text, mentions) in corpus.items():
        preds = list(predicted.get(key, ()))
        open_spans: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, p in enumerate(preds):
            open_spans[eg.normalise_span(text, p[0], p[1])].append(i)
        for m in mentions:
            hit = open_spans.get(eg.normalise_span(text, m.start, m.end))
            if hit:
                found.append((m.entity_id, str(preds[hit.pop(0)][2]), m.text))
                continue
            over = [f"{text[s:e]!r}" for s, e, _ in preds if s < m.end and m.start < e]
            ctx = text[max(0, m.start - 30) : m.end + 30].replace("\n", " ")
            missed.append(
                f"  {key} {m.text!r} [{_short(m.entity_id)}] overlaps {over or '-'} | …{ctx}…"
            )
    lines.append(f"missed gold mentions: {len(missed)} (first {n})")
    lines += missed[:n]
    by_pred: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for gold, pred, surface in found:
        by_pred[pred][gold] += 1
        by_gold[gold][pred] += 1
        surfaces[gold, pred][surface] += 1

    def show(gold: str, pred: str, count: int) -> str:
        names = ", ".join(f"{s!r}" for s, _ in surfaces[gold, pred].most_common(3))
        return f"{_short(gold)} x{count} ({names})"

    merges = sorted(by_pred.items(), key=lambda kv: -sum(kv[1].values()))
    merges = [(p, c) for p, c in merges if len(c) > 1]
    lines.append(f"wrong merges (predicted ids holding 2+ gold entities): {len(merges)}")
    for pred, golds in merges[:n]:
        parts = "; ".join(show(g, pred, c) for g, c in golds.most_common())
        lines.append(f"  {pred}: {parts}")
    splits = sorted(by_gold.items(), key=lambda kv: -sum(kv[1].values()))
    splits = [(g, c) for g, c in splits if len(c) > 1]
    lines.append(f"split entities (gold ids found under 2+ predicted ids): {len(splits)}")
    for gold, preds in splits[:n]:
        parts = "; ".join(
            f"{p} x{c} ({', '.join(repr(s) for s, _ in surfaces[gold, p].most_common(3))})"
            for p, c in preds.most_common()
        )
        lines.append(f"  {_short(gold)}: {parts}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse Reuters-128, run the workflow on it, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("ttl", type=Path, help="Reuters-128.ttl of the N3 collection")
    parser.add_argument("--workdir", type=Path, help="an empty or new folder (default: a temp)")
    parser.add_argument("--examples", type=int, default=0, help="print N examples of each error")
    args = parser.parse_args(argv)
    corpus, problems = load_reuters128(args.ttl)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="entities_n3_"))
    if workdir.exists() and any(workdir.iterdir()):
        parser.error(f"--workdir {workdir} is not empty")
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Reuters-128 ({args.ttl}); workdir {workdir}")
    print(summary(corpus))
    if problems:
        print(f"{len(problems)} gold problems (mentions left out): " + "; ".join(problems[:5]))
    predicted = dossier_predictions(corpus, workdir)
    note = (
        "note: Reuters-128 annotates only some names (mostly those with a DBpedia entry), so the"
        " system's mention precision is NOT meaningful (unannotated true names count against it);"
        " types are placeholders (all ORG), so 'recall by type' is overall recall"
    )
    print(note)
    print("sourcebook:")
    print(eg.format_score(eg.score(corpus, predicted)))
    print("exact-string baseline, folded (casefold, 'the ', possessive removed), on gold spans:")
    print(eg.format_score(eg.baseline(corpus)))
    print("exact-string baseline, raw surface, on gold spans:")
    print(eg.format_score(eg.baseline(corpus, fold=False)))
    if args.examples:
        print(examples(corpus, predicted, args.examples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

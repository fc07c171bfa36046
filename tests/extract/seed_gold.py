"""Scoring extraction against hand-written gold: figure precision/recall and entity recall.

Figures match on (document, kind, value, unit) — dates on (document, ISO form) — as multisets,
where the unit is a count's counted noun or the unit in pint's spelling,
so a figure stated twice must be found twice. Entities: a gold entity (label and the variants
that name it in one document) is found when some mention of that document has one of the
variants (case-, accent- and possessive-folded) and the same label (GPE and LOC count as one).

    python tests/extract/seed_gold.py results/dossier tests/extract/data/seeds_figures_gold.tsv \
        tests/extract/data/seeds_entities_gold.yaml
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sourcebook.core.gazetteer import name_key
from sourcebook.extract.units import lookup


@dataclass(frozen=True)
class Score:
    kind: str
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def __str__(self) -> str:
        return (
            f"{self.kind:<9} gold {self.gold:>3}  predicted {self.predicted:>3}  "
            f"matched {self.matched:>3}  precision {self.precision:.3f}  recall {self.recall:.3f}"
        )


def figure_key(doc: str, kind: str, value: float | None, unit: str, date_iso: str) -> tuple:
    """The key a figure is matched on; ``unit`` is the counted noun of a count or a unit in any
    spelling ("kilometres" and "kilometer" are one key, as pint reads them)."""
    if kind == "date":
        return (doc, kind, date_iso or "")
    found = lookup(unit) if unit else None
    key = found[0].name if found is not None and found[0].dimension != "currency" else unit
    return (doc, kind, None if value is None else round(float(value), 6), key or "")


def what_it_counts(unit: str, counted: str) -> str:
    """A figure's unit for :func:`figure_key`: the counted noun of a count, else the unit."""
    return counted if unit == "count" else unit


def load_figure_gold(path: str | Path) -> list[tuple]:
    keys = []
    for line in Path(path).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, kind, value, unit, iso, _surface = line.split("\t")
        keys.append(figure_key(doc, kind, float(value) if value else None, unit, iso))
    return keys


def score_figures(predicted: Iterable[tuple], gold: Sequence[tuple]) -> list[Score]:
    """Per-kind and overall scores of predicted figure keys against gold keys."""
    pred = Counter(predicted)
    want = Counter(gold)
    kinds = sorted({k[1] for k in want} | {k[1] for k in pred})
    scores = []
    for kind in [*kinds, "all"]:
        p = Counter({k: n for k, n in pred.items() if kind in ("all", k[1])})
        g = Counter({k: n for k, n in want.items() if kind in ("all", k[1])})
        scores.append(Score(kind, sum(g.values()), sum(p.values()), sum((p & g).values())))
    return scores


def _label(label: str) -> str:
    return "GPE" if label in ("GPE", "LOC") else label


def score_entities(
    mentions: Iterable[tuple[str, str, str]], gold: Mapping[str, Sequence[Sequence[str]]]
) -> tuple[list[Score], list[str]]:
    """Recall per label and overall; ``mentions`` are (doc prefix, text, label). Also the misses."""
    mentions = list(mentions)
    seen: set[tuple[str, str, str]] = {(d, name_key(t), _label(lab)) for d, t, lab in mentions}
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed = []
    for doc, entities in gold.items():
        for label, *variants in entities:
            lab = _label(label)
            total[lab] += 1
            if any((doc, name_key(v), lab) in seen for v in variants):
                found[lab] += 1
            else:
                missed.append(f"{doc} {label} {variants[0]}")
    # label precision: mentions naming a gold entity, and how many carry its gold label
    gold_label = {
        (doc, name_key(v)): _label(label)
        for doc, entities in gold.items()
        for label, *variants in entities
        for v in variants
    }
    named = [
        (gold_label[(d, name_key(t))], _label(lab))
        for d, t, lab in mentions
        if (d, name_key(t)) in gold_label
    ]
    scores = [Score(k, total[k], total[k], found[k]) for k in sorted(total)]
    scores.append(Score("all", sum(total.values()), sum(total.values()), sum(found.values())))
    scores.append(Score("labels", len(named), len(named), sum(g == p for g, p in named)))
    return scores, missed


def entity_line(s: Score) -> str:
    if s.kind == "labels":
        return f"labels    mentions {s.gold:>3}  right label {s.matched:>3}  ({s.recall:.3f})"
    return f"{s.kind:<9} gold {s.gold:>3}  found {s.matched:>3}  recall {s.recall:.3f}"


def score_dossier(dossier: str | Path, figures_gold: str | Path, entities_gold: str | Path):
    """Scores of a finished run: extract's shard figures and the dossier's mentions.parquet."""
    import pyarrow.parquet as pq
    import yaml

    # the dossier's figures table keeps the contract columns; kind and ISO date are in the
    # extract stage's shard tables beside it
    shards = Path(dossier).parent / "shards"
    figs = [
        f
        for path in sorted(shards.glob("*/extract/figures.parquet"))
        for f in pq.read_table(path).to_pylist()
    ]
    ments = pq.read_table(Path(dossier) / "mentions.parquet").to_pylist()
    pred = [
        figure_key(
            f["doc_id"][:3],
            f["kind"],
            f["value"],
            what_it_counts(f["unit"], f["counted"]),
            f["date_iso"],
        )
        for f in figs
    ]
    fig_scores = score_figures(pred, load_figure_gold(figures_gold))
    gold = yaml.safe_load(Path(entities_gold).read_text("utf-8"))
    ent_scores, missed = score_entities(
        ((m["doc_id"][:3], m["text"], m["label"]) for m in ments), gold
    )
    return fig_scores, ent_scores, missed


def main(argv: Sequence[str]) -> int:
    fig_scores, ent_scores, missed = score_dossier(*argv[:3])
    print("figures (value and unit, or ISO date, must match):")
    for s in fig_scores:
        print("  ", s)
    print("entities (recall of gold entities per document):")
    for s in ent_scores:
        print("  ", entity_line(s))
    if missed:
        print("missed entities:", "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

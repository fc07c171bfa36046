"""Figure cross-check gold set (issue 17): parse the annotated articles and score figure clusters.

Layout of ``tests/merge/gold/figures/``:

- ``<event>/<NN>_<outlet-slug>.txt`` — articles as a reader finds them (wire copy, rewrites, live
  blogs, local papers, broadsheets, translated copy). A gold figure is written
  ``[[about 700 personnel|nato-staff]]``: the figure as written (qualifier, number, unit or counted
  noun) and the id of the quantity it states. Numbers that belong to no gold quantity are left
  unmarked. ``parse_text`` removes the markup and gives offsets into the plain text.
- ``quantities.yaml`` — per event: its articles (date, outlet, kind, ``copy_of`` for a rewrite of
  another article of the folder) and its quantities (id, description, expected status ``agree`` |
  ``conflict`` | ``update`` | ``single``, the unit, for updates the sequence of values by date, and
  for quantities reported in several units a ``units`` map used to find cross-unit pairs); plus a
  top-level list ``lookalikes`` of quantity-id pairs that must never share a cluster.

The scorer takes predicted figure rows ``{event, file, start, end, cluster_id, status}``: offsets
into the plain text of the file, and ``status`` the status of the row's predicted cluster (when the
rows of one cluster disagree, the most common status is the cluster's). Each gold figure is matched
to the prediction of its file that overlaps it most; predictions that overlap no gold span are
ignored. Clusters are keyed by ``(event, cluster_id)``.

Pure Python and PyYAML; nothing from ``sourcebook`` is imported, so the gold cannot lean on the code
it measures.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

GOLD_ROOT = Path(__file__).parent / "gold" / "figures"
STATUSES = ("agree", "conflict", "update", "single")
MARKUP = re.compile(r"\[\[([^\[\]|]+)\|([a-z0-9][a-z0-9-]*)\]\]")
UNIT_TOKEN = re.compile(r"[a-z]+|[$€£%°]")

ClusterKey = tuple[str, str]


@dataclass(frozen=True)
class GoldFigure:
    """One marked figure: ``text == plain_text[start:end]`` and the quantity id it states."""

    start: int
    end: int
    text: str
    qid: str


@dataclass(frozen=True)
class Quantity:
    """One gold quantity of one event and the status a careful fact-checker gives it."""

    id: str
    event: str
    description: str
    status: str
    unit: str = ""
    units: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sequence: tuple[tuple[str, str], ...] = ()

    def unit_label(self, text: str) -> str | None:
        """The label of ``units`` whose keyword occurs as a token of the figure ``text``."""
        tokens = set(UNIT_TOKEN.findall(text.lower()))
        for label, keys in self.units:
            if tokens.intersection(keys):
                return label
        return None


@dataclass(frozen=True)
class Article:
    """What quantities.yaml says about one article file."""

    event: str
    file: str
    date: str
    outlet: str
    kind: str
    copy_of: str | None = None


Doc = tuple[str, list[GoldFigure]]


@dataclass
class Gold:
    """The whole gold set: parsed documents, quantities, look-alike pairs and article metadata."""

    docs: dict[str, dict[str, Doc]]
    quantities: dict[str, Quantity]
    lookalikes: list[tuple[str, str]]
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)

    def figures(self) -> list[tuple[str, str, GoldFigure]]:
        """Every gold figure as ``(event, file, figure)``, in file and text order."""
        return [
            (event, name, fig)
            for event, files in sorted(self.docs.items())
            for name, (_, figs) in sorted(files.items())
            for fig in figs
        ]


def parse_text(annotated: str) -> Doc:
    """Strip ``[[figure|qid]]`` markup; return the plain text and the figures with plain offsets.

    Raises ``ValueError`` when brackets are left over after stripping (malformed markup).
    """
    parts: list[str] = []
    figures: list[GoldFigure] = []
    pos = 0
    length = 0
    for m in MARKUP.finditer(annotated):
        before = annotated[pos : m.start()]
        parts.append(before)
        length += len(before)
        text, qid = m.group(1), m.group(2)
        figures.append(GoldFigure(length, length + len(text), text, qid))
        parts.append(text)
        length += len(text)
        pos = m.end()
    parts.append(annotated[pos:])
    plain = "".join(parts)
    for token in ("[[", "]]"):
        if token in plain:
            at = plain.index(token)
            raise ValueError(f"malformed figure markup near {plain[max(0, at - 30) : at + 30]!r}")
    return plain, figures


def parse_event(event_dir: Path | str) -> dict[str, Doc]:
    """Parse every ``*.txt`` article of one event folder: file name -> (plain text, figures)."""
    folder = Path(event_dir)
    return {
        path.name: parse_text(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt"))
    }


def _pair(item: Any) -> tuple[str, str]:
    """A look-alike entry, written ``[a, b]`` or ``{pair: [a, b], why: ...}``."""
    pair = item["pair"] if isinstance(item, Mapping) else item
    a, b = pair
    return str(a), str(b)


def load_gold(root: Path | str = GOLD_ROOT) -> Gold:
    """Read ``quantities.yaml`` and parse every event folder it lists."""
    root = Path(root)
    spec = yaml.safe_load((root / "quantities.yaml").read_text(encoding="utf-8"))
    docs: dict[str, dict[str, Doc]] = {}
    quantities: dict[str, Quantity] = {}
    articles: dict[tuple[str, str], Article] = {}
    for event, body in spec["events"].items():
        docs[event] = parse_event(root / event)
        for name, meta in (body.get("articles") or {}).items():
            articles[(event, name)] = Article(
                event=event,
                file=name,
                date=str(meta["date"]),
                outlet=str(meta.get("outlet", "")),
                kind=str(meta.get("kind", "")),
                copy_of=meta.get("copy_of"),
            )
        for q in body["quantities"]:
            if q["id"] in quantities:
                raise ValueError(f"quantity id {q['id']!r} declared twice")
            units = tuple(
                (str(label), tuple(str(k).lower() for k in keys))
                for label, keys in (q.get("units") or {}).items()
            )
            sequence = tuple((str(s["date"]), str(s["value"])) for s in q.get("sequence") or ())
            quantities[q["id"]] = Quantity(
                id=q["id"],
                event=event,
                description=str(q.get("description", "")),
                status=str(q["status"]),
                unit=str(q.get("unit", "")),
                units=units,
                sequence=sequence,
            )
    lookalikes = [_pair(item) for item in spec.get("lookalikes") or ()]
    return Gold(docs=docs, quantities=quantities, lookalikes=lookalikes, articles=articles)


@dataclass
class Score:
    """What ``score`` measures; ratios are in [0, 1]."""

    gold_figures: int
    matched: int
    predictions: int
    ignored: int
    duplicates: int
    status_counts: dict[str, tuple[int, int]]
    status_accuracy: dict[str, float]
    conflict_clusters: int
    conflict_clusters_pure: int
    conflict_precision: float
    conflict_quantities: int
    conflict_quantities_found: int
    conflict_recall: float
    lookalike_pairs: int
    lookalikes_merged: list[tuple[str, str]]
    lookalike_merge_rate: float
    pairs: int
    pairs_hit: int
    pair_recall: float
    cross_unit_pairs: int
    cross_unit_pairs_hit: int
    cross_unit_pair_recall: float
    chained_clusters: int
    chained: list[tuple[ClusterKey, tuple[str, ...]]]
    missed_conflicts: list[str] = field(default_factory=list)


def _ratio(hit: int, total: int, empty: float = 1.0) -> float:
    return hit / total if total else empty


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return min(a1, b1) - max(a0, b0)


def match_predictions(
    gold: Gold, predicted: Iterable[Mapping[str, Any]]
) -> tuple[dict[tuple[str, str, int], Mapping[str, Any]], int, int, int]:
    """Match each gold figure to the prediction of its file that overlaps it most.

    Returns ``(matches, n_predictions, n_ignored, n_duplicates)``; ``matches`` is keyed by
    ``(event, file, index of the figure in its file)``. Ties go to the prediction whose length is
    closest to the gold span, then to the earlier row. Predictions overlapping no gold span are
    ignored; those overlapping one but matched to none (another prediction overlapped more) count
    as duplicates.
    """
    rows = list(predicted)
    best: dict[tuple[str, str, int], tuple[tuple[int, int, int], int]] = {}
    ignored = 0
    overlapping: set[int] = set()
    for order, row in enumerate(rows):
        event, name = str(row["event"]), str(row["file"])
        start, end = int(row["start"]), int(row["end"])
        figs = gold.docs.get(event, {}).get(name, ("", []))[1]
        hit = False
        for i, fig in enumerate(figs):
            ov = _overlap(start, end, fig.start, fig.end)
            if ov <= 0:
                continue
            hit = True
            rank = (ov, -abs((end - start) - (fig.end - fig.start)), -order)
            key = (event, name, i)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, order)
        if hit:
            overlapping.add(order)
        else:
            ignored += 1
    matches = {key: rows[order] for key, (_, order) in best.items()}
    chosen = {order for _, order in best.values()}
    return matches, len(rows), ignored, len(overlapping - chosen)


def cluster_statuses(predicted: Iterable[Mapping[str, Any]]) -> dict[ClusterKey, str]:
    """The status of each predicted cluster: the most common status among its rows."""
    counts: dict[ClusterKey, Counter[str]] = defaultdict(Counter)
    for row in predicted:
        counts[(str(row["event"]), str(row["cluster_id"]))][str(row["status"])] += 1
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}


def score(gold: Gold, predicted: Iterable[Mapping[str, Any]]) -> Score:
    """Score predicted figure clusters against the gold (see the module docstring)."""
    rows = list(predicted)
    matches, n_pred, ignored, duplicates = match_predictions(gold, rows)
    status_of = cluster_statuses(rows)

    # Gold figures with their matched cluster (None when missed).
    figs: list[tuple[str, str, GoldFigure, ClusterKey | None]] = []
    for event, files in sorted(gold.docs.items()):
        for name, (_, flist) in sorted(files.items()):
            for i, fig in enumerate(flist):
                row = matches.get((event, name, i))
                key = (event, str(row["cluster_id"])) if row is not None else None
                figs.append((event, name, fig, key))

    by_quantity: dict[str, list[tuple[str, GoldFigure, ClusterKey | None]]] = defaultdict(list)
    by_cluster: dict[ClusterKey, set[str]] = defaultdict(set)
    for _event, name, fig, key in figs:
        by_quantity[fig.qid].append((name, fig, key))
        if key is not None:
            by_cluster[key].add(fig.qid)

    # Status accuracy per gold status, per figure.
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for _event, _name, fig, key in figs:
        want = gold.quantities[fig.qid].status
        total[want] += 1
        if key is not None and status_of.get(key) == want:
            right[want] += 1
    status_counts = {s: (right[s], total[s]) for s in STATUSES}
    status_accuracy = {s: _ratio(right[s], total[s]) for s in STATUSES}

    # Conflict precision: predicted conflict clusters holding gold figures of one conflict quantity.
    conflict_keys = [k for k in by_cluster if status_of.get(k) == "conflict"]
    pure = sum(
        1
        for k in conflict_keys
        if len(by_cluster[k]) == 1
        and gold.quantities[next(iter(by_cluster[k]))].status == "conflict"
    )
    gold_conflicts = sorted(q.id for q in gold.quantities.values() if q.status == "conflict")
    found, missed = 0, []
    for qid in gold_conflicts:
        keys = {key for _, _, key in by_quantity.get(qid, [])}
        ok = len(keys) == 1 and None not in keys and status_of.get(next(iter(keys))) == "conflict"
        found += ok
        if not ok:
            missed.append(qid)
    precision = _ratio(pure, len(conflict_keys), empty=0.0 if gold_conflicts else 1.0)

    # Look-alike pairs that share a predicted cluster.
    merged = [
        (a, b)
        for a, b in gold.lookalikes
        if any(a in qids and b in qids for qids in by_cluster.values())
    ]

    # Same-quantity pairs across files, overall and where the two figures use different units.
    pairs = pairs_hit = xpairs = xpairs_hit = 0
    for qid, members in by_quantity.items():
        quantity = gold.quantities[qid]
        for (n1, f1, k1), (n2, f2, k2) in itertools.combinations(members, 2):
            if n1 == n2:
                continue
            hit = k1 is not None and k1 == k2
            pairs += 1
            pairs_hit += hit
            u1, u2 = quantity.unit_label(f1.text), quantity.unit_label(f2.text)
            if u1 and u2 and u1 != u2:
                xpairs += 1
                xpairs_hit += hit

    chained = sorted((k, tuple(sorted(q))) for k, q in by_cluster.items() if len(q) >= 2)
    return Score(
        gold_figures=len(figs),
        matched=sum(1 for *_, key in figs if key is not None),
        predictions=n_pred,
        ignored=ignored,
        duplicates=duplicates,
        status_counts=status_counts,
        status_accuracy=status_accuracy,
        conflict_clusters=len(conflict_keys),
        conflict_clusters_pure=pure,
        conflict_precision=precision,
        conflict_quantities=len(gold_conflicts),
        conflict_quantities_found=found,
        conflict_recall=_ratio(found, len(gold_conflicts)),
        lookalike_pairs=len(gold.lookalikes),
        lookalikes_merged=merged,
        lookalike_merge_rate=_ratio(len(merged), len(gold.lookalikes), empty=0.0),
        pairs=pairs,
        pairs_hit=pairs_hit,
        pair_recall=_ratio(pairs_hit, pairs),
        cross_unit_pairs=xpairs,
        cross_unit_pairs_hit=xpairs_hit,
        cross_unit_pair_recall=_ratio(xpairs_hit, xpairs),
        chained_clusters=len(chained),
        chained=chained,
        missed_conflicts=missed,
    )


def format_score(s: Score) -> str:
    """A short human-readable report of a ``Score``."""
    lines = [
        f"gold figures {s.gold_figures}, matched {s.matched}; predictions {s.predictions} "
        f"(ignored {s.ignored}, duplicates {s.duplicates})",
        "status accuracy: "
        + ", ".join(
            f"{st} {s.status_accuracy[st]:.3f} ({s.status_counts[st][0]}/{s.status_counts[st][1]})"
            for st in STATUSES
        ),
        f"conflict precision {s.conflict_precision:.3f} "
        f"({s.conflict_clusters_pure}/{s.conflict_clusters} predicted conflict clusters pure), "
        f"recall {s.conflict_recall:.3f} "
        f"({s.conflict_quantities_found}/{s.conflict_quantities} gold conflicts in one cluster)",
        f"look-alike merges {s.lookalike_merge_rate:.3f} "
        f"({len(s.lookalikes_merged)}/{s.lookalike_pairs} pairs share a cluster)",
        f"same-quantity pair recall {s.pair_recall:.3f} ({s.pairs_hit}/{s.pairs}); "
        f"across units {s.cross_unit_pair_recall:.3f} "
        f"({s.cross_unit_pairs_hit}/{s.cross_unit_pairs})",
        f"chained clusters {s.chained_clusters}",
    ]
    for key, qids in s.chained[:10]:
        lines.append(f"  chained {key[0]}/{key[1]}: {', '.join(qids)}")
    for a, b in s.lookalikes_merged[:10]:
        lines.append(f"  merged look-alikes: {a} + {b}")
    if s.missed_conflicts:
        lines.append("  conflicts not found: " + ", ".join(s.missed_conflicts[:15]))
    return "\n".join(lines)

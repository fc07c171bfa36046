"""Quotation gold set (issue 21): markup parser and scorer, pure Python, no sourcebook imports.

Gold files live in ``tests/extract/gold/quotes/``: ``passages/<NNN>_<style>.txt`` (single news
passages) and ``multisource/<story>/<NN>_<outlet>.txt`` (the same story in several outlets), plus
``clusters.yaml`` (quote clusters and expected attribution conflicts over the multisource set).

Markup (stripped to give the plain text; the brackets U+27E6/U+27E7 never occur in news copy)::

    ⟦q3|kind|cue|entity|speaker_kind|position|flags⟧“quoted content”⟦/q3⟧
    ⟦s3⟧the secretary general, Mark Rutte⟦/s3⟧
    ⟦x1⟧“special military operation”⟦/x1⟧

* ``q<N>`` opens quote N; fields after the id are, in order:
  kind (direct | partial | indirect), cue (a lemma: say, tell, add, warn, announce, according_to,
  insist, claim, deny, write, ... or ``-`` when there is no cue word, as in a headline
  ``Rutte: "..."`` or an unattributed follow-up quote), speaker entity (a slug of the fullest name
  of the person or organisation the speaker refers to, resolved across the passage, or ``-``),
  speaker_kind (named | pronoun | description | anonymous | implicit), position of the speaker
  relative to the quote (before | after | inverted | interrupted | none) and optional flags,
  comma separated, used only for statistics (org, headline, far, nearest-wrong, translated).
  ``implicit`` means the quote has no speaker span at all but its speaker is clear from context
  (a follow-up quote, a headline quote whose speaker is named in the body).
* A quote interrupted by its attribution has parts ``q3a`` (carrying the fields), ``q3b``,
  ``q3c`` ...: one quote with several content spans. A quote running over several paragraphs is a
  single span from its first opening mark to its final closing mark (or end of content).
* Direct and partial spans include their quote marks; indirect spans are the reported clause.
  A partial quote is a quoted fragment inside a reported or narrative sentence; its span is the
  quoted fragment.
* ``s<N>`` marks the speaker span of quote N (the name, the pronoun, or the description);
  ``s3,4`` is one span shared by quotes 3 and 4. Quotes without a speaker span have no ``s`` tag.
* ``x<N>`` marks a distractor: quote marks that are not reported speech (scare quotes, titles,
  nicknames, slogans on signs). They are not gold quotes; they only allow counting false positives.

Scoring (``score``): a predicted quote ``{start, end, kind, speaker_start, speaker_end,
speaker_entity}`` (or ``spans: [(start, end), ...]`` instead of start/end) matches a gold quote when
their character overlap is at least half of the shorter of the predicted span and the union of the
gold spans; matching is one-to-one, greedy by overlap ratio. The speaker is right when the slugs of
the entities are equal (gold has an entity), or, for gold entity ``-``, when the predicted speaker
span overlaps the gold speaker span (or both have no speaker, when gold has no span).
End-to-end = matched and speaker right.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("direct", "partial", "indirect")
SPEAKER_KINDS = ("named", "pronoun", "description", "anonymous", "implicit")
POSITIONS = ("before", "after", "inverted", "interrupted", "none")
FLAGS = ("org", "headline", "far", "nearest-wrong", "translated")

_TOKEN = re.compile(r"⟦(/?)([qsx])([0-9][0-9,]*)([a-z]?)((?:\|[^⟧]*)?)⟧")
_CUE = re.compile(r"^(?:-|[a-z][a-z_]*)$")
_ENTITY = re.compile(r"^(?:-|[a-z0-9]+(?:-[a-z0-9]+)*)$")

OPENING_MARKS = {
    '"': "straight",
    "“": "curly",
    "”": "curly",
    "‘": "single",
    "'": "single",
    "’": "single",
    "«": "guillemets",
    "»": "guillemets",
    "‹": "guillemets",
    "„": "german",
    "‚": "german",
    "『": "cjk",
    "「": "cjk",
    "—": "dash",
    "–": "dash",
}
CLOSING_MARKS = set("\"”“’'»«›‹』」")


class GoldFormatError(ValueError):
    """The gold markup of a file is malformed."""


@dataclass
class GoldQuote:
    """One gold quotation: content spans into the plain text, its kind, cue and speaker."""

    qid: str
    spans: list[tuple[int, int]]
    kind: str
    cue: str
    speaker_entity: str
    speaker_kind: str
    speaker_span: tuple[int, int] | None
    position: str = "none"
    flags: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        """Characters covered by the content spans."""
        return sum(e - s for s, e in self.spans)


@dataclass
class Distractor:
    """Quote marks around something that is not reported speech."""

    xid: str
    span: tuple[int, int]


@dataclass
class GoldDoc:
    """A parsed gold file."""

    text: str
    quotes: list[GoldQuote]
    distractors: list[Distractor] = field(default_factory=list)

    def __iter__(self):  # allows ``text, quotes = doc``
        """Unpack as (text, quotes), the shape parse_file returns."""
        return iter((self.text, self.quotes))


# --------------------------------------------------------------------------------------------
# parsing


def parse_markup(marked: str, name: str = "<string>") -> GoldDoc:
    """Strip the markup of ``marked`` and return the plain text with its gold quotes."""
    out: list[str] = []
    pos = 0  # position in marked
    plain_len = 0
    open_tags: dict[str, tuple[int, int]] = {}  # label -> (plain start, line of tag)
    closed: dict[str, tuple[int, int]] = {}
    fields: dict[str, list[str]] = {}
    order: list[str] = []
    for m in _TOKEN.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        plain_len += len(chunk)
        pos = m.end()
        closing, tag, ids, part, rest = m.groups()
        label = f"{tag}{ids}{part}"
        line = marked.count("\n", 0, m.start()) + 1
        if closing:
            if rest:
                raise GoldFormatError(f"{name}:{line}: closing tag with fields: {m.group(0)}")
            if label not in open_tags:
                raise GoldFormatError(f"{name}:{line}: closing {label} that is not open")
            start, _ = open_tags.pop(label)
            if start == plain_len:
                raise GoldFormatError(f"{name}:{line}: empty span {label}")
            closed[label] = (start, plain_len)
            continue
        if label in open_tags or label in closed:
            raise GoldFormatError(f"{name}:{line}: {label} opened twice")
        if tag != "s" and "," in ids:
            raise GoldFormatError(f"{name}:{line}: only speaker tags may list several ids")
        if tag != "q" and part:
            raise GoldFormatError(f"{name}:{line}: only quote tags have parts: {label}")
        open_tags[label] = (plain_len, line)
        if tag == "q":
            order.append(label)
            if rest:
                fields[label] = rest[1:].split("|")
    out.append(marked[pos:])
    text = "".join(out)
    if open_tags:
        raise GoldFormatError(f"{name}: tags never closed: {sorted(open_tags)}")
    if "⟦" in text or "⟧" in text:
        i = text.find("⟦") if "⟦" in text else text.find("⟧")
        raise GoldFormatError(f"{name}: markup left in text near {text[max(0, i - 30) : i + 30]!r}")

    # group quote parts
    parts: dict[str, list[str]] = defaultdict(list)
    for label in order:
        m = re.fullmatch(r"q(\d+)([a-z]?)", label)
        assert m
        parts[m.group(1)].append(label)
    speakers: dict[str, tuple[int, int]] = {}
    for label, span in closed.items():
        if label[0] == "s":
            for qn in label[1:].split(","):
                if qn in speakers:
                    raise GoldFormatError(f"{name}: quote q{qn} has two speaker spans")
                if qn not in parts:
                    raise GoldFormatError(f"{name}: speaker {label} names no quote q{qn}")
                speakers[qn] = span
    quotes: list[GoldQuote] = []
    for qn, labels in parts.items():
        suffixes = [lab[len("q") + len(qn) :] for lab in labels]
        if len(labels) > 1:
            expect = [chr(ord("a") + i) for i in range(len(labels))]
            if suffixes != expect:
                raise GoldFormatError(f"{name}: parts of q{qn} must be a, b, c...: {suffixes}")
        elif suffixes != [""]:
            raise GoldFormatError(f"{name}: single-part quote q{qn} must not have a part letter")
        head = labels[0]
        if head not in fields:
            raise GoldFormatError(f"{name}: {head} has no fields")
        for other in labels[1:]:
            if other in fields:
                raise GoldFormatError(f"{name}: only the first part of q{qn} carries fields")
        f = fields[head]
        if len(f) not in (5, 6):
            raise GoldFormatError(f"{name}: {head} needs 5 or 6 fields, got {f}")
        kind, cue, entity, skind, position = f[:5]
        flags = tuple(x for x in (f[5].split(",") if len(f) == 6 else []) if x)
        where = f"{name}: {head}"
        if kind not in KINDS:
            raise GoldFormatError(f"{where}: kind {kind!r}")
        if not _CUE.match(cue):
            raise GoldFormatError(f"{where}: cue {cue!r}")
        if not _ENTITY.match(entity):
            raise GoldFormatError(f"{where}: entity {entity!r}")
        if skind not in SPEAKER_KINDS:
            raise GoldFormatError(f"{where}: speaker kind {skind!r}")
        if position not in POSITIONS:
            raise GoldFormatError(f"{where}: position {position!r}")
        for flag in flags:
            if flag not in FLAGS:
                raise GoldFormatError(f"{where}: flag {flag!r}")
        sspan = speakers.get(qn)
        if skind == "implicit":
            if sspan is not None or entity == "-" or position != "none":
                raise GoldFormatError(f"{where}: implicit needs an entity, no span, position none")
        else:
            if sspan is None:
                raise GoldFormatError(f"{where}: {skind} speaker needs a speaker span")
            if position == "none":
                raise GoldFormatError(f"{where}: a speaker span needs a position")
        if skind == "named" and entity == "-":
            raise GoldFormatError(f"{where}: named speaker without entity")
        if skind == "anonymous" and entity != "-":
            raise GoldFormatError(f"{where}: anonymous speaker with entity {entity!r}")
        if (position == "interrupted") != (len(labels) > 1):
            raise GoldFormatError(f"{where}: interrupted iff several parts")
        spans = [closed[lab] for lab in labels]
        for (_, e1), (s2, _) in itertools.pairwise(spans):
            if s2 < e1:
                raise GoldFormatError(f"{where}: parts overlap or are out of order")
        quotes.append(
            GoldQuote(
                qid=f"q{qn}",
                spans=spans,
                kind=kind,
                cue=cue,
                speaker_entity=entity,
                speaker_kind=skind,
                speaker_span=sspan,
                position=position,
                flags=flags,
            )
        )
    distractors = [
        Distractor(xid=label, span=span) for label, span in closed.items() if label[0] == "x"
    ]
    return GoldDoc(text=text, quotes=quotes, distractors=distractors)


def parse_file(path: str | Path) -> tuple[str, list[GoldQuote]]:
    """Parse one gold file: (plain text, gold quotes with offsets into the plain text)."""
    doc = parse_markup(Path(path).read_text("utf-8"), name=str(path))
    return doc.text, doc.quotes


def parse_doc(path: str | Path) -> GoldDoc:
    """Parse one gold file, distractors included."""
    return parse_markup(Path(path).read_text("utf-8"), name=str(path))


def load_passages(directory: str | Path) -> dict[str, GoldDoc]:
    """All ``*.txt`` gold files under ``directory``, keyed by their path relative to it."""
    root = Path(directory)
    return {p.relative_to(root).as_posix(): parse_doc(p) for p in sorted(root.rglob("*.txt"))}


@dataclass
class GoldClusters:
    """Quote clusters of the multisource set and the attribution conflicts they contain."""

    clusters: dict[str, list[tuple[str, str]]]
    conflicts: list[dict[str, Any]]


def load_clusters(path: str | Path) -> GoldClusters:
    """Read clusters.yaml: ``clusters: {id: [[file, qid], ...]}``, ``conflicts: [...]``.

    Each conflict is ``{cluster: id, note: str, attributions: {entity: [[file, qid], ...]}}``.
    """
    import yaml

    data = yaml.safe_load(Path(path).read_text("utf-8"))
    clusters = {
        str(cid): [(str(f), str(q)) for f, q in items] for cid, items in data["clusters"].items()
    }
    conflicts = []
    for c in data.get("conflicts") or []:
        attributions = {
            str(ent): [(str(f), str(q)) for f, q in items]
            for ent, items in c["attributions"].items()
        }
        conflicts.append(
            {"cluster": str(c["cluster"]), "note": c.get("note", ""), "attributions": attributions}
        )
    return GoldClusters(clusters=clusters, conflicts=conflicts)


# --------------------------------------------------------------------------------------------
# scoring


def slug(value: str | None) -> str:
    """Entity slug: ASCII-folded, lower case, non-alphanumerics to '-', leading 'the-' dropped."""
    if not value:
        return "-"
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    s = s.removeprefix("the-")
    return s or "-"


def _pred_spans(pred: Mapping[str, Any]) -> list[tuple[int, int]]:
    if pred.get("spans"):
        return [(int(s), int(e)) for s, e in pred["spans"]]
    return [(int(pred["start"]), int(pred["end"]))]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def match(gold: list[GoldQuote], predicted: list[Mapping[str, Any]]) -> dict[int, int]:
    """One-to-one matching, predicted index -> gold index, greedy by overlap ratio."""
    candidates = []
    for pi, pred in enumerate(predicted):
        ps = _pred_spans(pred)
        for gi, g in enumerate(gold):
            ov = _overlap(ps, g.spans)
            shorter = min(_length(ps), g.length)
            if shorter > 0 and ov >= 0.5 * shorter:
                candidates.append((-ov / shorter, -ov, pi, gi))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: dict[int, int] = {}
    for _, _, pi, gi in candidates:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs[pi] = gi
    return pairs


def speaker_right(gold: GoldQuote, pred: Mapping[str, Any]) -> bool:
    """Whether the predicted speaker is the gold speaker (see the module docstring)."""
    if gold.speaker_entity != "-":
        return slug(pred.get("speaker_entity")) == gold.speaker_entity
    ps, pe = pred.get("speaker_start"), pred.get("speaker_end")
    if gold.speaker_span is None:
        return ps is None and slug(pred.get("speaker_entity")) == "-"
    if ps is None or pe is None:
        return False
    gs, ge = gold.speaker_span
    return min(int(pe), ge) > max(int(ps), gs)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": p, "recall": r, "f1": f}


def _gold_quotes(doc: Any) -> list[GoldQuote]:
    if isinstance(doc, GoldDoc):
        return doc.quotes
    if isinstance(doc, tuple):
        return list(doc[1])
    return list(doc)


def score(
    gold: Mapping[str, Any], predicted: Mapping[str, list[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Score predictions against gold.

    ``gold``: file -> GoldDoc (from load_passages) or (text, quotes) or a list of GoldQuote.
    ``predicted``: file -> list of dicts with start, end (or spans), kind, speaker_start,
    speaker_end, speaker_entity. Files missing from ``predicted`` count as predicting nothing;
    predicted files missing from ``gold`` are ignored.

    Returns a dict with ``detection`` (``direct+partial``, ``indirect``, ``all`` -> P/R/F1 counts),
    ``speaker`` (speaker kind -> {right, matched, accuracy}, plus ``all``), ``end_to_end`` (P/R/F1)
    and ``distractors`` (predictions overlapping a distractor and no gold quote).
    """
    groups = {"direct+partial": ("direct", "partial"), "indirect": ("indirect",), "all": None}
    det = {g: [0, 0, 0] for g in groups}
    sp_right: Counter[str] = Counter()
    sp_matched: Counter[str] = Counter()
    e2e_tp = n_pred_all = n_gold_all = 0
    distractor_hits = n_distractors = 0
    for name, doc in gold.items():
        gq = _gold_quotes(doc)
        preds = list(predicted.get(name, []))
        for group, kinds in groups.items():
            g_sub = [g for g in gq if kinds is None or g.kind in kinds]
            p_sub = [p for p in preds if kinds is None or p.get("kind") in kinds]
            pairs = match(g_sub, p_sub)
            det[group][0] += len(pairs)
            det[group][1] += len(p_sub)
            det[group][2] += len(g_sub)
            if kinds is None:
                n_pred_all += len(p_sub)
                n_gold_all += len(g_sub)
                for pi, gi in pairs.items():
                    g = g_sub[gi]
                    ok = speaker_right(g, p_sub[pi])
                    sp_matched[g.speaker_kind] += 1
                    sp_right[g.speaker_kind] += ok
                    e2e_tp += ok
                if isinstance(doc, GoldDoc):
                    n_distractors += len(doc.distractors)
                    for pi, pred in enumerate(p_sub):
                        if pi in pairs:
                            continue
                        ps = _pred_spans(pred)
                        if any(_overlap(ps, [d.span]) > 0 for d in doc.distractors):
                            distractor_hits += 1
    speaker: dict[str, dict[str, float | int]] = {}
    for kind in [*SPEAKER_KINDS, "all"]:
        if kind == "all":
            right, matched = sum(sp_right.values()), sum(sp_matched.values())
        else:
            right, matched = sp_right[kind], sp_matched[kind]
        if matched or kind == "all":
            acc = right / matched if matched else 0.0
            speaker[kind] = {"right": right, "matched": matched, "accuracy": acc}
    return {
        "detection": {g: _prf(*v) for g, v in det.items()},
        "speaker": speaker,
        "end_to_end": _prf(e2e_tp, n_pred_all, n_gold_all),
        "distractors": {"hit": distractor_hits, "total": n_distractors},
    }


def align(
    gold: Mapping[str, Any], predicted: Mapping[str, list[Mapping[str, Any]]]
) -> dict[tuple[str, int], tuple[str, str]]:
    """(file, predicted index) -> (file, gold qid) for matched predictions.

    Use it to turn a system's clusters into the ``(file, qid) -> cluster`` dict of
    ``score_clusters``.
    """
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for name, doc in gold.items():
        gq = _gold_quotes(doc)
        for pi, gi in match(gq, list(predicted.get(name, []))).items():
            out[(name, pi)] = (name, gq[gi].qid)
    return out


def _pairs(groups: Iterable[Iterable[tuple[str, str]]]) -> set[frozenset[tuple[str, str]]]:
    out: set[frozenset[tuple[str, str]]] = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(set(members)), 2):
            out.add(frozenset((a, b)))
    return out


def score_clusters(
    gold_clusters: GoldClusters | Mapping[str, Any],
    predicted: Mapping[tuple[str, str], Any],
    predicted_conflicts: Iterable[Iterable[tuple[str, str]]] | None = None,
) -> dict[str, Any]:
    """Pairwise cluster P/R/F1 over the gold items, plus attribution conflicts found.

    ``predicted`` maps (file, gold qid) to a predicted cluster id; gold items missing from it are
    singletons, keys that are not gold items are ignored. An expected conflict is found when two
    of its items attributed to different speakers share a predicted cluster, or, when
    ``predicted_conflicts`` (sets of items a system flagged) is given, when a flagged set holds
    items of two different attributions of it; flagged sets matching no expected conflict are
    counted as ``spurious``.
    """
    if not isinstance(gold_clusters, GoldClusters):
        gold_clusters = GoldClusters(
            clusters={
                str(k): [(str(f), str(q)) for f, q in v]
                for k, v in gold_clusters["clusters"].items()
            },
            conflicts=list(gold_clusters.get("conflicts") or []),
        )
    items = {it for members in gold_clusters.clusters.values() for it in members}
    gold_pairs = _pairs(gold_clusters.clusters.values())
    by_pred: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for it in items:
        cid = predicted.get(it)
        if cid is not None:
            by_pred[cid].append(it)
    pred_pairs = _pairs(by_pred.values())
    result: dict[str, Any] = _prf(len(gold_pairs & pred_pairs), len(pred_pairs), len(gold_pairs))
    found = 0
    flagged = [set(map(tuple, s)) for s in predicted_conflicts or []]
    matched_flags: set[int] = set()
    for conflict in gold_clusters.conflicts:
        groups = [set(v) for v in conflict["attributions"].values()]
        hit = False
        if predicted_conflicts is None:
            for g1, g2 in itertools.combinations(groups, 2):
                if any(
                    predicted.get(a) is not None and predicted.get(a) == predicted.get(b)
                    for a in g1
                    for b in g2
                ):
                    hit = True
        else:
            for fi, fs in enumerate(flagged):
                if sum(bool(fs & g) for g in groups) >= 2:
                    hit = True
                    matched_flags.add(fi)
        found += hit
    result["conflicts"] = {
        "found": found,
        "expected": len(gold_clusters.conflicts),
        "spurious": len(flagged) - len(matched_flags) if predicted_conflicts is not None else 0,
    }
    return result


def format_score(result: Mapping[str, Any]) -> str:
    """Render a ``score`` or ``score_clusters`` result as a small text table."""

    def prf(label: str, d: Mapping[str, Any]) -> str:
        return (
            f"{label:<22} P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}"
            f"   (tp {d['tp']}, pred {d['pred']}, gold {d['gold']})"
        )

    lines: list[str] = []
    if "detection" in result:
        for group, d in result["detection"].items():
            lines.append(prf(f"detection {group}", d))
        for kind, d in result["speaker"].items():
            lines.append(
                f"{'speaker ' + kind:<22} acc {d['accuracy']:.3f}"
                f"   ({d['right']}/{d['matched']} matched)"
            )
        lines.append(prf("end-to-end", result["end_to_end"]))
        dis = result.get("distractors")
        if dis:
            lines.append(f"{'distractors hit':<22} {dis['hit']} (of {dis['total']})")
    if "conflicts" in result:
        lines.append(prf("clusters pairwise", result))
        c = result["conflicts"]
        lines.append(
            f"{'conflicts':<22} found {c['found']}/{c['expected']}  spurious {c['spurious']}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# statistics of the gold set itself


def quote_style(doc: GoldDoc, q: GoldQuote) -> str:
    """Quote-mark style of a direct/partial quote (from its first character), '' if indirect."""
    if q.kind == "indirect":
        return ""
    s, e = q.spans[0]
    first = doc.text[s:e].lstrip()[:1]
    return OPENING_MARKS.get(first, "other")


def unbalanced(doc: GoldDoc, q: GoldQuote) -> bool:
    """A direct/partial quote whose closing mark is missing (dash dialogue excluded)."""
    if q.kind == "indirect" or quote_style(doc, q) in ("dash", ""):
        return False
    s, e = q.spans[-1]
    return doc.text[s:e].rstrip()[-1:] not in CLOSING_MARKS


def stats(docs: Mapping[str, GoldDoc]) -> dict[str, Counter[str]]:
    """Counts of the gold set by category (used by the test for the minimums)."""
    c: dict[str, Counter[str]] = defaultdict(Counter)
    for name, doc in docs.items():
        c["files"]["all"] += 1
        style = Path(name).stem.split("_", 1)[-1]
        c["file_style"][style] += 1
        c["distractors"]["all"] += len(doc.distractors)
        for q in doc.quotes:
            c["quotes"]["all"] += 1
            c["kind"][q.kind] += 1
            c["cue"][q.cue] += 1
            c["speaker_kind"][q.speaker_kind] += 1
            c["position"][q.position] += 1
            c["quotes_by_file_style"][style] += 1
            if q.kind != "indirect":
                c["style"][quote_style(doc, q)] += 1
            if unbalanced(doc, q):
                c["style"]["unbalanced"] += 1
            if any("\n" in doc.text[s:e] for s, e in q.spans):
                c["shape"]["multi-paragraph"] += 1
            if len(q.spans) > 1:
                c["shape"]["interrupted"] += 1
            for flag in q.flags:
                c["flags"][flag] += 1
    return c

"""Cross-document entity gold: parser for the annotated articles and a scorer.

Input: ``tests/extract/gold/entities/<event>/<NNN>_<outlet-slug>.txt``, one news article per file
(headline, outlet/URL lines, byline, body, captions, trailers) in which every named mention is
written as ``[[surface text|TYPE|entity-id]]``. Output: plain text (the markup removed) with gold
mentions whose offsets point into that plain text, and the scores of a prediction against them.

This module is pure Python and imports nothing from ``sourcebook``; a test, a notebook or a
benchmark feeds it the system's mentions as ``{doc_key: [(start, end, entity_id), ...]}``.

Annotation conventions (what a reader marks):

* TYPE is one of PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT. Weapons, aircraft, vehicles,
  named ships, ship classes and software are PRODUCT (Patriot, F-16, Leopard 2, Boeing 737 MAX 9).
* The span is the name only: titles and honorifics stay outside ("President [[Joe Biden|...]]",
  "Dr [[Nino Beridze|...]]"), a leading "the" stays outside unless it is part of the name
  ("The Guardian"), company suffixes stay inside ("[[Microsoft Corp.|ORG|microsoft]]"), a
  possessive "'s" may stay inside ("[[Rutte's|PERSON|mark-rutte]]"). Tickers are mentions of
  their company. Nationality, religious and political-group words are NORP (ids ``norp-*``);
  numbers stay outside ("350 [[Palestinians|NORP|norp-palestinian]]").
* Ship prefixes stay outside like titles ("MV", "INS", "ESPS"): "INS [[Kolkata|PRODUCT|...]]".
  Nicknames that name an entity are mentions ("the [[Reds|ORG|liverpool-fc]]"); a named animal
  is a PERSON.
* Not annotated: bylines and credits ("By ...", "Reporting by ...", "Photo: ... /AFP",
  "contributed to this report"), signature blocks, contact lines and letter sign-offs, the
  outlet/section line and URL line under a headline, the wire credit inside a dateline
  ("(Reuters)"), time zones, days, months, holidays, dates, numbers, languages ("translated
  from German", "in English"), directional adjectives (Western, Eastern), generic capitalised
  words and short forms (the Alliance, the Commission, the Navy, State, House), named
  documents, laws and works. Dateline cities ARE annotated (GPE). An outlet named in running
  text ("told Reuters") is an ORG mention.
* Entity ids are lowercase-hyphenated and corpus-wide: the same real-world entity has the same id
  in every article and event (Kyiv/Kiev/KYIV -> ``kyiv``), different entities never share one
  (Washington the city ``washington-dc``, the state ``washington-state``).

Scoring (``score``):

* Mentions: a gold mention is found when a prediction has the same span after both are normalised
  (surrounding whitespace, a leading "the ", a trailing "'s"/"’s" or a bare trailing apostrophe
  after "s" removed). Matching is one-to-one; duplicate predictions are spurious. Types are not
  compared. Headline recall/precision exclude NORP; predictions that hit a NORP span are left out
  of the precision, every other unmatched prediction counts against it. NORP recall and NORP
  B-cubed are reported separately.
* Cross-document coreference over all non-NORP gold mentions of the corpus: gold clusters are the
  gold ids, predicted clusters the predicted ids of the found mentions; a missed gold mention is a
  singleton on the predicted side; spurious predictions are ignored. Pairwise and B-cubed P/R/F1.
  A ratio with a zero denominator is 0.0.
* ``baseline`` scores the exact-string baseline: every gold span predicted, its id the folded
  surface (casefold, possessive and leading "the " removed, whitespace collapsed).

Run ``python tests/extract/entity_gold.py [root]`` for corpus counts and the baseline.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TYPES: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"}
)
EXCLUDED_TYPES: frozenset[str] = frozenset({"NORP"})
GOLD_ROOT = Path(__file__).resolve().parent / "gold" / "entities"

_MARKUP = re.compile(r"\[\[([^\[\]|\n]+)\|([^\[\]|\n]+)\|([^\[\]|\n]+)\]\]")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STRAY = re.compile(r"\[\[|\]\]|\|")
_APOSTROPHES = ("'", "’")

Prediction = tuple[int, int, str]
Document = tuple[str, list["GoldMention"]]


class GoldFormatError(ValueError):
    """A gold file breaks the markup; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention: character offsets into the plain text, surface, type and id."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one measure."""

    precision: float
    recall: float
    f1: float


@dataclass
class Score:
    """Every figure of one prediction against the gold corpus (NORP kept apart)."""

    gold_mentions: int
    predicted_mentions: int
    found_mentions: int
    mention_recall: float
    mention_precision: float
    mention_f1: float
    pairwise: PRF
    bcubed: PRF
    norp_gold: int
    norp_found: int
    norp_recall: float
    norp_bcubed: PRF
    recall_by_type: dict[str, tuple[int, int]] = field(default_factory=dict)


def _line_of(markup: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``markup``."""
    return markup.count("\n", 0, offset) + 1


def parse_text(markup: str, source: str = "<string>") -> Document:
    """Strip the ``[[surface|TYPE|id]]`` markup; return plain text and its gold mentions.

    Raises GoldFormatError for an unknown type, a malformed id, a surface with outer whitespace,
    or a stray ``[[``, ``]]`` or ``|`` outside a complete mention.
    """
    parts: list[str] = []
    mentions: list[GoldMention] = []
    length = 0
    pos = 0
    for match in _MARKUP.finditer(markup):
        between = markup[pos : match.start()]
        _check_plain(between, markup, pos, source)
        parts.append(between)
        length += len(between)
        surface, etype, entity_id = match.group(1), match.group(2), match.group(3)
        line = _line_of(markup, match.start())
        if etype not in TYPES:
            raise GoldFormatError(
                f"{source}:{line}: type {etype!r} is not one of {sorted(TYPES)}; fix the type"
            )
        if not _ID.match(entity_id):
            raise GoldFormatError(
                f"{source}:{line}: id {entity_id!r} must be lowercase-hyphenated (a-z, 0-9, -)"
            )
        if surface != surface.strip():
            raise GoldFormatError(
                f"{source}:{line}: surface {surface!r} has outer whitespace; move it outside"
            )
        mentions.append(GoldMention(length, length + len(surface), surface, etype, entity_id))
        parts.append(surface)
        length += len(surface)
        pos = match.end()
    tail = markup[pos:]
    _check_plain(tail, markup, pos, source)
    parts.append(tail)
    return "".join(parts), mentions


def _check_plain(chunk: str, markup: str, offset: int, source: str) -> None:
    """Raise GoldFormatError when text outside mentions still holds markup characters."""
    stray = _STRAY.search(chunk)
    if stray:
        line = _line_of(markup, offset + stray.start())
        raise GoldFormatError(
            f"{source}:{line}: stray {stray.group()!r} outside a complete "
            "[[surface|TYPE|id]] mention; close the mention or reword the text"
        )


def parse_file(path: str | Path) -> Document:
    """Read one annotated article; return (plain_text, gold mentions)."""
    path = Path(path)
    return parse_text(path.read_text(encoding="utf-8"), source=str(path))


def load_corpus(root: str | Path = GOLD_ROOT) -> dict[str, Document]:
    """Every ``<event>/<file>.txt`` under ``root``, keyed ``"<event>/<file stem>"``, sorted."""
    root = Path(root)
    corpus: dict[str, Document] = {}
    for path in sorted(root.glob("*/*.txt")):
        corpus[f"{path.parent.name}/{path.stem}"] = parse_file(path)
    return corpus


def normalise_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``text[start:end]`` without outer whitespace, a leading "the ", a possessive."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 4 and text[start : start + 4].lower() == "the ":
        start += 4
    span = text[start:end]
    if len(span) > 2 and span[-1] in "sS" and span[-2] in _APOSTROPHES:
        end -= 2
    elif len(span) > 2 and span[-1] in _APOSTROPHES and span[-2] in "sS":
        end -= 1
    return start, end


def fold_surface(surface: str) -> str:
    """The exact-string baseline's id: casefolded, possessive and leading "the " removed."""
    start, end = normalise_span(surface, 0, len(surface))
    return " ".join(surface[start:end].casefold().split())


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, 0.0 when the denominator is zero."""
    return numerator / denominator if denominator else 0.0


def _prf(precision: float, recall: float) -> PRF:
    """Bundle precision and recall with their harmonic mean."""
    return PRF(precision, recall, _ratio(2 * precision * recall, precision + recall))


def _coreference(gold: Sequence[str], pred: Sequence[str]) -> tuple[PRF, PRF]:
    """Pairwise and B-cubed P/R/F1 of two clusterings of the same mentions (cluster labels)."""
    gold_sizes = Counter(gold)
    pred_sizes = Counter(pred)
    cells = Counter(zip(gold, pred, strict=True))
    n = len(gold)

    def pairs(size: int) -> int:
        return size * (size - 1) // 2

    common = sum(pairs(c) for c in cells.values())
    pairwise = _prf(
        _ratio(common, sum(pairs(c) for c in pred_sizes.values())),
        _ratio(common, sum(pairs(c) for c in gold_sizes.values())),
    )
    b3_p = sum(c * c / pred_sizes[p] for (_, p), c in cells.items())
    b3_r = sum(c * c / gold_sizes[g] for (g, _), c in cells.items())
    return pairwise, _prf(_ratio(b3_p, n), _ratio(b3_r, n))


def score(
    corpus: Mapping[str, Document],
    predicted: Mapping[str, Iterable[Prediction]],
) -> Score:
    """Score predicted mentions ``(start, end, entity_id)`` per doc_key against the gold corpus."""
    main_gold: list[str] = []
    main_pred: list[str] = []
    norp_gold: list[str] = []
    norp_pred: list[str] = []
    n_pred = 0
    norp_hits = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc_key, preds in predicted.items():
        if doc_key not in corpus:
            n_pred += len(list(preds))
    for doc_key, (text, mentions) in corpus.items():
        open_spans: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, mention in enumerate(mentions):
            open_spans[normalise_span(text, mention.start, mention.end)].append(index)
        assigned: dict[int, str] = {}
        for start, end, entity_id in predicted.get(doc_key, ()):
            n_pred += 1
            waiting = open_spans.get(normalise_span(text, start, end))
            if waiting:
                assigned[waiting.pop(0)] = str(entity_id)
        for index, mention in enumerate(mentions):
            missed = f"\0missed:{doc_key}:{index}"
            label = assigned.get(index, missed)
            counts = by_type[mention.type]
            counts[0] += 1
            counts[1] += index in assigned
            if mention.type in EXCLUDED_TYPES:
                norp_hits += index in assigned
                norp_gold.append(mention.entity_id)
                norp_pred.append(label)
            else:
                main_gold.append(mention.entity_id)
                main_pred.append(label)
    found = sum(not label.startswith("\0missed:") for label in main_pred)
    norp_found = sum(not label.startswith("\0missed:") for label in norp_pred)
    recall = _ratio(found, len(main_gold))
    precision = _ratio(found, n_pred - norp_hits)
    pairwise, bcubed = _coreference(main_gold, main_pred)
    _, norp_bcubed = _coreference(norp_gold, norp_pred)
    return Score(
        gold_mentions=len(main_gold),
        predicted_mentions=n_pred - norp_hits,
        found_mentions=found,
        mention_recall=recall,
        mention_precision=precision,
        mention_f1=_ratio(2 * precision * recall, precision + recall),
        pairwise=pairwise,
        bcubed=bcubed,
        norp_gold=len(norp_gold),
        norp_found=norp_found,
        norp_recall=_ratio(norp_found, len(norp_gold)),
        norp_bcubed=norp_bcubed,
        recall_by_type={t: (c[0], c[1]) for t, c in sorted(by_type.items())},
    )


def baseline(corpus: Mapping[str, Document], fold: bool = True) -> Score:
    """Score the exact-string baseline: every gold span predicted, id = its folded surface.

    With ``fold=False`` the id is the raw surface (case and possessive kept), a weaker baseline.
    """
    predicted = {
        doc_key: [(m.start, m.end, fold_surface(m.text) if fold else m.text) for m in mentions]
        for doc_key, (_, mentions) in corpus.items()
    }
    return score(corpus, predicted)


def format_score(result: Score) -> str:
    """A short multi-line report of a Score."""

    def prf(name: str, value: PRF) -> str:
        return f"{name:<10} P {value.precision:.3f}  R {value.recall:.3f}  F1 {value.f1:.3f}"

    lines = [
        f"mentions   recall {result.mention_recall:.3f} ({result.found_mentions}/"
        f"{result.gold_mentions})  precision {result.mention_precision:.3f} "
        f"({result.found_mentions}/{result.predicted_mentions})  F1 {result.mention_f1:.3f}",
        prf("pairwise", result.pairwise),
        prf("B-cubed", result.bcubed),
        f"NORP       recall {result.norp_recall:.3f} ({result.norp_found}/{result.norp_gold})"
        f"  B-cubed F1 {result.norp_bcubed.f1:.3f}",
        "recall by type: "
        + ", ".join(
            f"{t} {_ratio(found, gold):.3f} ({found}/{gold})"
            for t, (gold, found) in result.recall_by_type.items()
        ),
    ]
    return "\n".join(lines)


def summary(corpus: Mapping[str, Document]) -> str:
    """Counts of documents, events, mentions, entities and types in the corpus."""
    events = Counter(key.split("/", 1)[0] for key in corpus)
    types = Counter(m.type for _, mentions in corpus.values() for m in mentions)
    entities = {m.entity_id for _, mentions in corpus.values() for m in mentions}
    n_mentions = sum(types.values())
    words = [len(text.split()) for text, _ in corpus.values()]
    lines = [
        f"{len(corpus)} documents, {len(events)} events, {n_mentions} mentions, "
        f"{len(entities)} entities, {min(words, default=0)}-{max(words, default=0)} words",
        "events: " + ", ".join(f"{e} {n}" for e, n in sorted(events.items())),
        "types: " + ", ".join(f"{t} {n}" for t, n in types.most_common()),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """Print corpus counts and the exact-string baseline for the gold under ``argv[0]``."""
    corpus = load_corpus(argv[0] if argv else GOLD_ROOT)
    print(summary(corpus))
    print("exact-string baseline (casefolded, possessive stripped):")
    print(format_score(baseline(corpus)))
    print("raw exact-string baseline (surface as written):")
    print(format_score(baseline(corpus, fold=False)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The cross-document entity gold parses cleanly, meets its size targets, and the scorer is exact.

Reads tests/extract/gold/entities/ through tests/extract/entity_gold.py (pure Python, no
sourcebook import) and checks the scorer on a hand-made two-document corpus whose figures are
worked out by hand in the comments.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent


def _load_entity_gold() -> ModuleType:
    """Import entity_gold.py from this folder whatever pytest's import mode is."""
    name = "entity_gold"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "entity_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


eg = _load_entity_gold()

FILE_NAME = re.compile(r"^\d{3}_[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")

# Two documents, eight non-NORP mentions: jens-stoltenberg x3 (a, a, b), kyiv x2 (Kyiv, Kiev),
# nato, washington-dc, george-washington; one NORP mention.
DOC_A = (
    "[[Jens Stoltenberg|PERSON|jens-stoltenberg]] met [[Ukrainian|NORP|norp-ukrainian]] "
    "officials in [[Kyiv|GPE|kyiv]]. [[Stoltenberg's|PERSON|jens-stoltenberg]] aides flew on "
    "to [[Kiev|GPE|kyiv]]."
)
DOC_B = (
    "[[NATO|ORG|nato]] chief [[Stoltenberg|PERSON|jens-stoltenberg]] spoke in "
    "[[Washington|GPE|washington-dc]] under a portrait of "
    "[[George Washington|PERSON|george-washington]]."
)


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[str, list]]:
    """The whole gold corpus, parsed once."""
    return eg.load_corpus(eg.GOLD_ROOT)


@pytest.fixture
def tiny() -> dict[str, tuple[str, list]]:
    """The hand-made two-document corpus."""
    return {"t/a": eg.parse_text(DOC_A), "t/b": eg.parse_text(DOC_B)}


def _gold_predictions(
    tiny: dict[str, tuple[str, list]], rename: dict[tuple[str, int], str] | None = None
) -> dict[str, list[tuple[int, int, str]]]:
    """Every gold span predicted with its gold id, except ids overridden by (doc, index)."""
    rename = rename or {}
    return {
        key: [(m.start, m.end, rename.get((key, i), m.entity_id)) for i, m in enumerate(ms)]
        for key, (_, ms) in tiny.items()
    }


def test_every_gold_file_parses_and_is_clean(corpus: dict[str, tuple[str, list]]) -> None:
    """Markup is gone from the text, offsets point at the surfaces, names and sizes are right."""
    files = sorted(eg.GOLD_ROOT.glob("*/*.txt"))
    assert len(files) == len(corpus)
    for path in files:
        assert FILE_NAME.match(path.name), path
        text, mentions = eg.parse_file(path)
        assert not set("[]|") & set(text), path
        assert mentions, path
        assert 120 <= len(text.split()) <= 350, (path, len(text.split()))
        for mention in mentions:
            assert text[mention.start : mention.end] == mention.text, (path, mention)
            assert mention.type in eg.TYPES
            assert mention.text == mention.text.strip()


def test_corpus_meets_the_size_targets(corpus: dict[str, tuple[str, list]]) -> None:
    """At least 160 articles over at least 9 events, 12-25 per event from several outlets."""
    assert len(corpus) >= 160
    outlets: dict[str, set[str]] = defaultdict(set)
    for key in corpus:
        event, stem = key.split("/")
        outlets[event].add(stem.split("_", 1)[1])
    assert len(outlets) >= 9
    for event in outlets:
        n_docs = sum(key.startswith(f"{event}/") for key in corpus)
        assert 12 <= n_docs <= 25, (event, n_docs)
        assert len(outlets[event]) >= 5, (event, outlets[event])


def test_each_entity_id_has_one_type(corpus: dict[str, tuple[str, list]]) -> None:
    """A corpus-wide id names one real-world entity, so it carries one type."""
    types: dict[str, set[str]] = defaultdict(set)
    for _, mentions in corpus.values():
        for mention in mentions:
            types[mention.entity_id].add(mention.type)
    assert {eid: t for eid, t in types.items() if len(t) > 1} == {}


def test_gold_holds_the_hard_cases(corpus: dict[str, tuple[str, list]]) -> None:
    """Look-alikes keep distinct ids, variants share one, and exact strings are not enough."""
    ids_by_surface: dict[str, set[str]] = defaultdict(set)
    surfaces_by_id: dict[str, set[str]] = defaultdict(set)
    for _, mentions in corpus.values():
        for mention in mentions:
            ids_by_surface[mention.text].add(mention.entity_id)
            surfaces_by_id[mention.entity_id].add(mention.text)
    assert {"washington-dc", "washington-state"} <= ids_by_surface["Washington"]
    assert {"georgia-country", "georgia-us-state"} <= ids_by_surface["Georgia"]
    assert {"madrid", "real-madrid"} <= ids_by_surface["Madrid"]
    assert {"muammar-gaddafi", "saif-al-islam-gaddafi"} <= ids_by_surface["Gaddafi"]
    assert {"Kyiv", "Kiev", "Kiew"} <= surfaces_by_id["kyiv"]
    assert {"Zelensky", "Zelenskyy", "Zelenskiy", "Selenskyj"} <= surfaces_by_id[
        "volodymyr-zelenskyy"
    ]
    assert {"NSATU", "NATO Security Assistance and Training for Ukraine"} <= surfaces_by_id["nsatu"]
    result = eg.baseline(corpus)
    assert result.mention_recall == 1.0
    assert result.bcubed.f1 < 0.9


def test_malformed_markup_is_refused() -> None:
    """Unknown types, bad ids, outer spaces and stray brackets name the line and the fix."""
    with pytest.raises(eg.GoldFormatError, match=r"<string>:1: type 'CITY'"):
        eg.parse_text("[[Kyiv|CITY|kyiv]]")
    with pytest.raises(eg.GoldFormatError, match="lowercase-hyphenated"):
        eg.parse_text("[[Kyiv|GPE|Kyiv_City]]")
    with pytest.raises(eg.GoldFormatError, match="outer whitespace"):
        eg.parse_text("[[Kyiv |GPE|kyiv]]")
    with pytest.raises(eg.GoldFormatError, match=r"<string>:2: stray '\[\['"):
        eg.parse_text("ok\n[[Kyiv|GPE|kyiv] and more")


def test_parse_gives_offsets_into_plain_text(tiny: dict[str, tuple[str, list]]) -> None:
    """Offsets index the stripped text; the possessive stays in the gold surface."""
    text, mentions = tiny["t/a"]
    assert text.startswith("Jens Stoltenberg met Ukrainian officials in Kyiv.")
    assert [(m.text, m.type, m.entity_id) for m in mentions] == [
        ("Jens Stoltenberg", "PERSON", "jens-stoltenberg"),
        ("Ukrainian", "NORP", "norp-ukrainian"),
        ("Kyiv", "GPE", "kyiv"),
        ("Stoltenberg's", "PERSON", "jens-stoltenberg"),
        ("Kiev", "GPE", "kyiv"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_normalise_span_strips_the_and_possessives() -> None:
    """A leading "the ", a trailing 's or ’s, and a plural possessive apostrophe are dropped."""
    text = "the Pentagon's view, Stoltenberg’s aides, the Reuters' desk"
    assert text[slice(*eg.normalise_span(text, 0, 15))] == "Pentagon"
    assert text[slice(*eg.normalise_span(text, 21, 34))] == "Stoltenberg"
    assert text[slice(*eg.normalise_span(text, 42, 54))] == "Reuters"
    assert eg.fold_surface("The Guardian's") == "guardian"


def test_perfect_prediction_scores_one(tiny: dict[str, tuple[str, list]]) -> None:
    """Gold spans with gold ids: every figure is 1; NORP is counted apart."""
    predicted = _gold_predictions(tiny)
    _, mentions_a = tiny["t/a"]
    start = mentions_a[3].start  # "Stoltenberg's" predicted without the possessive
    predicted["t/a"][3] = (start, start + len("Stoltenberg"), "jens-stoltenberg")
    result = eg.score(tiny, predicted)
    assert (result.gold_mentions, result.found_mentions, result.predicted_mentions) == (8, 8, 8)
    assert result.mention_recall == result.mention_precision == 1.0
    assert result.pairwise == eg.PRF(1.0, 1.0, 1.0)
    assert result.bcubed == eg.PRF(1.0, 1.0, 1.0)
    assert (result.norp_gold, result.norp_found, result.norp_recall) == (1, 1, 1.0)
    assert result.recall_by_type["PERSON"] == (4, 4)


def test_split_entity(tiny: dict[str, tuple[str, list]]) -> None:
    """Stoltenberg split by document: pairwise R 2/4; B-cubed R (2/3+2/3+1/3+5)/8 = 5/6."""
    predicted = _gold_predictions(tiny, {("t/a", 0): "s-a", ("t/a", 3): "s-a", ("t/b", 1): "s-b"})
    result = eg.score(tiny, predicted)
    assert result.mention_recall == 1.0
    assert result.pairwise.precision == 1.0
    assert result.pairwise.recall == pytest.approx(0.5)
    assert result.pairwise.f1 == pytest.approx(2 / 3)
    assert result.bcubed.precision == 1.0
    assert result.bcubed.recall == pytest.approx(5 / 6)
    assert result.bcubed.f1 == pytest.approx(10 / 11)


def test_wrong_merge(tiny: dict[str, tuple[str, list]]) -> None:
    """Washington the city merged with George Washington: pairwise P 4/5, B-cubed P 7/8."""
    predicted = _gold_predictions(tiny, {("t/b", 2): "washington", ("t/b", 3): "washington"})
    result = eg.score(tiny, predicted)
    assert result.pairwise.precision == pytest.approx(0.8)
    assert result.pairwise.recall == 1.0
    assert result.pairwise.f1 == pytest.approx(8 / 9)
    assert result.bcubed.precision == pytest.approx(7 / 8)
    assert result.bcubed.recall == 1.0
    assert result.bcubed.f1 == pytest.approx(14 / 15)


def test_missed_spurious_and_duplicate_mentions(tiny: dict[str, tuple[str, list]]) -> None:
    """Kiev missed (a singleton), "officials" spurious, NATO twice: recall 7/8, precision 7/9."""
    predicted = _gold_predictions(tiny)
    text_a, _ = tiny["t/a"]
    predicted["t/a"].pop(4)  # Kiev
    officials = text_a.index("officials")
    predicted["t/a"].append((officials, officials + len("officials"), "officials"))
    predicted["t/b"].append(predicted["t/b"][0])  # NATO again
    result = eg.score(tiny, predicted)
    assert (result.found_mentions, result.gold_mentions, result.predicted_mentions) == (7, 8, 9)
    assert result.mention_recall == pytest.approx(7 / 8)
    assert result.mention_precision == pytest.approx(7 / 9)
    assert result.pairwise == eg.PRF(1.0, 0.75, pytest.approx(6 / 7))
    assert result.bcubed.precision == 1.0
    assert result.bcubed.recall == pytest.approx(7 / 8)


def test_exact_string_baseline(tiny: dict[str, tuple[str, list]]) -> None:
    """Folded surfaces merge only "Stoltenberg's"/"Stoltenberg": pairwise R 1/4, B-cubed R 17/24."""
    result = eg.baseline(tiny)
    assert result.mention_recall == result.mention_precision == 1.0
    assert result.pairwise.precision == 1.0
    assert result.pairwise.recall == pytest.approx(0.25)
    assert result.pairwise.f1 == pytest.approx(0.4)
    assert result.bcubed.precision == 1.0
    assert result.bcubed.recall == pytest.approx(17 / 24)
    assert result.bcubed.f1 == pytest.approx(34 / 41)
    raw = eg.baseline(tiny, fold=False)
    assert raw.pairwise.recall == 0.0
    assert raw.bcubed.recall == pytest.approx((1 / 3 * 3 + 1 / 2 * 2 + 3) / 8)
    assert "B-cubed" in eg.format_score(result)

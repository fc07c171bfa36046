"""Loading the spaCy pipeline named in config, with a fix-it message when it is missing.

Only the components extraction needs are loaded (``ner``: measured on this machine, the same
entities at 2.6× the speed of the full pipeline). Two components of ours wrap it:

- ``sourcebook_gazetteer`` (before ``ner``): marks stand-alone mentions of gazetteer names
  (countries, capitals with their transliterations, international organisations) as entities
  with their canonical id (``ent_id``), in any case where the entry allows it ("kyiv"). ``ner``
  respects them and predicts around them. A name inside a longer capitalised name ("Washington
  Post", "Ukraine Defense Contact Group") is left to ``ner``.
- ``sourcebook_canonical`` (after ``ner``): gives every entity whose text the gazetteer knows
  its canonical id and label ("Kiev" tagged PERSON → GPE, city:kyiv); a name the gazetteer
  matches only as written must be written so ("Us", the magazine, is not country:US).

:class:`Lexicon` holds the common English words of the model's lemma tables (for re-casing
headlines and telling generic capitalised words from names).
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sourcebook.core.errors import ModelNotFoundError, install_hint
from sourcebook.core.gazetteer import Gazetteer

log = logging.getLogger(__name__)


def _joins(tok) -> bool:
    """A capitalised content word, which would make a neighbouring name part of a longer one."""
    return (tok.is_title or tok.is_upper) and tok.is_alpha and not tok.is_stop


def _standalone(doc: Doc, start: int, end: int) -> bool:
    """No capitalised word glued to either side (then the name is part of a longer name: "Real
    Madrid", "Air Canada" even at a sentence start, where only a function word's capital says
    nothing: "The Kremlin", "In Kyiv")."""
    if start > 0:
        prev = doc[start - 1]
        if prev.whitespace_ and _joins(prev):
            return False
    return not (end < len(doc) and doc[end - 1].whitespace_ and _joins(doc[end]))


class GazetteerRuler:
    """Marks gazetteer names as entities before ``ner`` (assigns doc.ents, token.ent_id)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.ids: dict[int, tuple[str, str]] = {}
        self.nlp = nlp

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        by_id: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        for form, entry in gazetteer.surface_forms():
            by_id.setdefault(entry.id, []).append(form)
            labels[entry.id] = entry.label
        for entry_id, forms in by_id.items():
            key = self.nlp.vocab.strings.add(entry_id)
            self.ids[key] = (entry_id, labels[entry_id])
            self.matcher.add(entry_id, list(self.nlp.tokenizer.pipe(forms)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self.matcher(doc):
            if not _standalone(doc, start, end):
                continue
            entry_id, label = self.ids[key]
            spans.append(Span(doc, start, end, label=label, span_id=entry_id))
        if spans:
            doc.set_ents(filter_spans(spans), default="unmodified")
        return doc


class CanonicalIds:
    """After ``ner``: canonical id and label for every entity the gazetteer knows."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.gazetteer = Gazetteer([])

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        ents = []
        changed = False
        for ent in doc.ents:
            entry = None if ent.ent_id_ else self.gazetteer.lookup_as_written(ent.text)
            if entry is not None:
                ents.append(Span(doc, ent.start, ent.end, label=entry.label, span_id=entry.id))
                changed = True
            else:
                ents.append(ent)
        if changed:
            doc.ents = ents
        return doc


@Language.factory("sourcebook_gazetteer", assigns=["doc.ents", "token.ent_id"])
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, name)


@Language.factory("sourcebook_canonical", assigns=["doc.ents", "token.ent_id"])
def make_canonical(nlp: Language, name: str) -> CanonicalIds:
    return CanonicalIds(name)


class Lexicon:
    """Common English words: the lemma index of the model's rule lemmatizer (nouns, verbs,
    adjectives, adverbs) with its inflection rules and exceptions ("checks" → check, "rose" →
    rise). Read from the installed pipeline's files even when the lemmatizer itself is not
    loaded; empty for a pipeline without them (then only function words count as common)."""

    POS = ("noun", "verb", "adj", "adv")

    def __init__(self, index=None, rules=None, exceptions=None) -> None:
        self.index: dict[str, frozenset[str]] = index or {}
        self.rules: dict[str, list[tuple[str, str]]] = rules or {}
        self.exceptions: dict[str, dict[str, list[str]]] = exceptions or {}
        self._seen: dict[str, bool] = {}

    @classmethod
    def of(cls, nlp: Language) -> Lexicon:
        """The lexicon of a loaded pipeline (cached on it); it becomes :meth:`current`."""
        cached = getattr(nlp, "_sourcebook_lexicon", None)
        if cached is None:
            cached = cls.load(getattr(nlp, "path", None))
            nlp._sourcebook_lexicon = cached  # type: ignore[attr-defined]
        _CURRENT[0] = cached
        return cached

    @staticmethod
    def current() -> Lexicon:
        """The lexicon of the pipeline this process loaded last (mentions are post-processed
        after NER ran), else an empty one."""
        return _CURRENT[0]

    @classmethod
    def load(cls, path) -> Lexicon:
        """Read ``<pipeline>/lemmatizer/lookups`` (an empty lexicon when it is not there)."""
        from spacy.lookups import Lookups

        folder = None if path is None else path / "lemmatizer" / "lookups"
        if folder is None or not folder.is_dir():
            return cls()
        try:
            lookups = Lookups().from_disk(folder)
            index, rules, exc = (
                lookups.get_table(t) for t in ("lemma_index", "lemma_rules", "lemma_exc")
            )
            return cls(
                {pos: frozenset(index.get(pos, ())) for pos in cls.POS},
                {pos: [tuple(r) for r in rules.get(pos, ())] for pos in cls.POS},
                {pos: dict(exc.get(pos, {})) for pos in cls.POS},
            )
        except (KeyError, ValueError, OSError) as exc_:
            log.warning(
                "no lemma tables in %s (%s): common words are function words only", folder, exc_
            )
            return cls()

    def is_common(self, word: str) -> bool:
        """Whether lower-case ``word`` is an English dictionary word or an inflection of one."""
        hit = self._seen.get(word)
        if hit is None:
            hit = self._seen[word] = self._lookup(word)
        return hit

    def _lookup(self, word: str) -> bool:
        """:meth:`is_common` without the memo: the word, its exceptions, its inflections."""
        for pos in self.POS:
            words = self.index.get(pos, frozenset())
            if word in words or word in self.exceptions.get(pos, {}):
                return True
            for old, new in self.rules.get(pos, ()):
                if word.endswith(old) and word[: len(word) - len(old)] + new in words:
                    return True
        return False


_CURRENT: list[Lexicon] = [Lexicon()]

TOK2VEC = frozenset({"tok2vec", "transformer", "curated_transformer"})  # embedding factories


def _upstreams(node: object) -> set[str]:
    """Components a config block listens to (``upstream`` of its listener layers)."""
    found: set[str] = set()
    if isinstance(node, dict):
        if "Listener" in str(node.get("@architectures", "")) and "upstream" in node:
            found.add(str(node["upstream"]))
        for value in node.values():
            found |= _upstreams(value)
    return found


def unneeded_components(name: str, components: tuple[str, ...]) -> list[str]:
    """Components of installed pipeline ``name`` that neither ``components`` nor what they listen
    to need, read from its config.cfg, so that :func:`spacy.load` can skip loading their weights
    ([] when the config cannot be read: everything is loaded and trimmed afterwards)."""
    try:
        from spacy.util import get_package_path, load_config

        (path,) = get_package_path(name).glob("*/config.cfg")
        config = load_config(path, interpolate=False)
        pipeline = list(config["nlp"]["pipeline"])
        blocks = config["components"]
    except Exception:  # not an installed package, or an unexpected layout
        return []
    needed = set(components)
    for c in components:
        ups = _upstreams(blocks.get(c, {}))
        if "*" in ups:  # listens to any upstream model: keep every embedding component
            ups |= {p for p in pipeline if blocks.get(p, {}).get("factory") in TOK2VEC}
        needed |= ups
    return [p for p in pipeline if p not in needed]


def load_pipeline(
    name: str, components: tuple[str, ...] = ("ner",), gazetteer: Gazetteer | None = None
) -> Language:
    """Load spaCy pipeline ``name`` with only ``components`` (and what they listen to) kept.

    With a ``gazetteer``, the ruler goes before ``ner`` and the id lookup after it.
    """
    import spacy

    try:
        nlp = spacy.load(name, exclude=unneeded_components(name, components))
    except (OSError, ImportError) as exc:
        raise ModelNotFoundError(
            f"the spaCy pipeline {name!r} is not installed: {install_hint(name)}. "
            "Models cannot be downloaded at run time here (`python -m spacy download` "
            "needs the internet); the pipeline is set by `spacy.model` in config.yaml."
        ) from exc
    keep = set(components)
    for pipe_name, pipe in nlp.components:  # keep what the wanted components listen to
        if keep & set(getattr(pipe, "listening_components", []) or []):
            keep.add(pipe_name)
    for pipe_name in [p for p in nlp.component_names if p not in keep]:
        nlp.remove_pipe(pipe_name)
    if gazetteer is not None and "ner" in nlp.pipe_names:
        nlp.add_pipe("sourcebook_gazetteer", before="ner").set_gazetteer(gazetteer)
        nlp.add_pipe("sourcebook_canonical", after="ner").set_gazetteer(gazetteer)
    Lexicon.of(nlp)
    log.info("loaded spaCy pipeline %s %s, active: %s", name, nlp.meta["version"], nlp.pipe_names)
    return nlp

"""Loading the spaCy pipeline named in config, with a fix-it message when it is missing.

Only the components extraction needs are loaded (``ner``: measured on this machine, the same
entities at 2.6× the speed of the full pipeline). Two components of ours wrap it:

- ``sourcebook_gazetteer`` (before ``ner``): marks stand-alone mentions of gazetteer names
  (countries, capitals with their transliterations, international organisations) as entities
  with their canonical id (``ent_id``), in any case where the entry allows it ("kyiv"). ``ner``
  respects them and predicts around them. A name inside a longer capitalised name ("Washington
  Post", "Ukraine Defense Contact Group") is left to ``ner``.
- ``sourcebook_canonical`` (after ``ner``): gives every entity whose text the gazetteer knows
  its canonical id and label ("Kiev" tagged PERSON → GPE, city:kyiv).
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

_SENTENCE_OPENERS = frozenset({".", "!", "?", ":", ";", "“", '"', "(", "—", "–", "-"})


def _joins(tok) -> bool:
    """A capitalised content word, which would make a neighbouring name part of a longer one."""
    return (tok.is_title or tok.is_upper) and tok.is_alpha and not tok.is_stop


def _standalone(doc: Doc, start: int, end: int) -> bool:
    """No capitalised word glued to either side (then the name is part of a longer name)."""
    if start > 0:
        prev = doc[start - 1]
        at_sentence_start = start - 1 == 0 or doc[start - 2].text in _SENTENCE_OPENERS
        if prev.whitespace_ and _joins(prev) and not at_sentence_start:
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
            entry = None if ent.ent_id_ else self.gazetteer.lookup(ent.text)
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
    log.info("loaded spaCy pipeline %s %s, active: %s", name, nlp.meta["version"], nlp.pipe_names)
    return nlp

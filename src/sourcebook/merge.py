"""Merge across sources: the corpus-wide tables of the dossier."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .schema import Mention


@dataclass(frozen=True)
class Entity:
    """A canonical entity: mentions grouped across documents."""

    entity_id: str
    name: str
    label: str
    n_mentions: int
    n_documents: int
    documents: str  # doc ids joined with |
    variants: str  # surface forms joined with |
    rule: str  # why its mentions were merged


def normalise_name(text: str) -> str:
    """Case-, accent- and punctuation-folded key of a name ("the Kremlin's" → "kremlin")."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    t = re.sub(r"['’]s\b", "", t)
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"[^a-z0-9]+", " ", t).strip()
    return t


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "entity"


def group_entities(mentions: Sequence[Mention]) -> tuple[list[Entity], dict[int, str]]:
    """Group mentions by normalised name; returns the entities and mention index → entity id."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        key = normalise_name(m.text)
        if key:
            groups[key].append(i)
    entities: list[Entity] = []
    assignment: dict[int, str] = {}
    for key, idx in sorted(groups.items()):
        ms = [mentions[i] for i in idx]
        forms = Counter(m.text for m in ms)
        name = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        labels = Counter(m.label for m in ms)
        label = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        entity_id = slug(key)
        docs = sorted({m.doc_id for m in ms})
        entities.append(
            Entity(
                entity_id=entity_id,
                name=name,
                label=label,
                n_mentions=len(ms),
                n_documents=len(docs),
                documents="|".join(docs),
                variants="|".join(sorted(forms)),
                rule="same normalised name" if len(forms) > 1 else "identical",
            )
        )
        for i in idx:
            assignment[i] = entity_id
    entities.sort(key=lambda e: (-e.n_documents, -e.n_mentions, e.entity_id))
    return entities, assignment

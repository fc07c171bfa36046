"""Quotes, steps 4-5: speakers resolved to entities — pronouns and role descriptions to
the person or organisation they refer to."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sourcebook.core.schema import Mention
from sourcebook.extract.quotes.lexicon import (
    INDEFINITE,
    NOT_STORY,
    PERSON_PRONOUNS,
    TITLE_WORDS,
)
from sourcebook.extract.quotes.names import Entities, role_gender
from sourcebook.extract.quotes.paragraphs import Found, Para, Speaker
from sourcebook.extract.quotes.subjects import referent, singular, subject_like


def _antecedent(
    ps: Sequence[Para],
    history: Sequence[Speaker],
    at: tuple[int, int],
    pronoun: str,
    reported: Sequence[tuple[int, int, int]] = (),
    entities: Entities | None = None,
    quoted: frozenset[str] = frozenset(),
) -> Speaker | Mention | None:
    """What a pronoun at (paragraph position, offset) refers to: the latest earlier speaker or
    sentence subject of the right sort (and, for he/she, of a gender the text does not
    contradict) in this or the two paragraphs before; else the latest mention of that sort.
    A person named in the words ``quoted`` (capitalised words of the quote the pronoun
    speaks) is passed over when another fits: people seldom name themselves."""
    people = pronoun in PERSON_PRONOUNS
    labels = {"PERSON"} if people else {"ORG", "GPE", "NORP"}
    pos = at[0]
    candidates: list[tuple[tuple[int, int], int, Speaker | Mention]] = []
    for sp in history:
        if (sp.pos, sp.start) < at and sp.pos >= pos - 2 and sp.kind != "pronoun":
            label = sp.mention.label if sp.mention else ""
            person_like = (
                label == "PERSON"
                or sp.entity_id.startswith("person:")
                or (not label and singular(sp.head) == sp.head)
            )
            if (people and person_like) or (not people and label in labels):
                candidates.append(((sp.pos, sp.start), 2, sp))
    for p in ps[max(0, pos - 2) : pos + 1]:
        headline = p.para.kind == "title" and p.pos != pos  # the story names people anew
        for m in p.mentions if p.para.kind not in NOT_STORY and not headline else ():
            if (p.pos, m.para_start) >= at:
                continue
            sort = labels | {m.label} if people and entities and entities.is_person(m) else labels
            if not referent(p, m, sort, reported):
                continue
            rank = 2 if subject_like(p, m) else 1
            candidates.append(((p.pos, m.para_start), rank, m))
    if quoted:
        unnamed = [c for c in candidates if not quoted.intersection(_name_words(c[2], entities))]
        candidates = unnamed or candidates
    if entities is not None:
        candidates = [c for c in candidates if entities.fits(c[2], pronoun)]
        if not candidates and pronoun in ("he", "she"):  # the one who spoke further back
            earlier = [sp for sp in history if sp.entity_id and (sp.pos, sp.start) < at]
            fitting = [
                sp
                for sp in earlier
                if entities.gender_of(sp.entity_id) and entities.fits(sp, pronoun)
            ]
            return fitting[-1] if fitting else None
    if not candidates:
        return None
    strong = [c for c in candidates if c[1] == 2]
    return max(strong or candidates, key=lambda c: c[0])[2]


def _name_words(candidate: Speaker | Mention, entities: Entities | None) -> list[str]:
    """The words of a candidate referent's fullest name."""
    if isinstance(candidate, Speaker):
        return candidate.name.split()
    if entities is None:
        return candidate.text.split()
    return entities.names.get(entities.key_of(candidate), candidate.text).split()


def _refer_description(
    ps: Sequence[Para],
    history: Sequence[Speaker],
    sp: Speaker,
    reported: Sequence[tuple[int, int, int]],
    entities: Entities,
) -> None:
    """A person described by a role ("the dad-of-three", "the winger", "civil protection
    chief") that no entity's titles hold: the person it refers back to, as a pronoun of its
    gender would; else, or for an indefinite one ("A HERO mum said …"), in the story's lead
    before any person is named: the first person the next paragraphs name outside quotes
    ("…, the club's president said. “…,” Joan Ferrer said.")."""
    if entities.salient_organisation(sp, history):
        return
    words = re.findall(r"[\w’'-]+", sp.text)
    gender = role_gender(words)
    indefinite = words[0].lower() in INDEFINITE
    aged = re.search(r",\s*(?:aged\s+)?\d{1,3}\b", sp.text) is not None  # "The winger, 22,"
    role = gender or singular(sp.head) in TITLE_WORDS or aged
    if sp.anonymous_hint or not (role or (indefinite and singular(sp.head) == sp.head)):
        return
    if not indefinite:
        ante = _antecedent(
            ps, history, (sp.pos, sp.start), _GENDER_PRONOUN[gender], reported, entities
        )
        if isinstance(ante, Mention):
            entities.name(sp, ante)
        elif ante is not None:
            sp.entity_id, sp.name, sp.mention = ante.entity_id, ante.name, ante.mention
        if ante is not None:
            return
    story = [p for p in ps if p.para.kind in ("body", "")]
    if any(entities.is_person(m) for p in story if p.pos < sp.pos for m in p.mentions):
        return
    for p in story:
        for m in p.mentions if sp.pos <= p.pos <= sp.pos + 2 else ():
            after = (p.pos, m.para_start) > (sp.pos, sp.end) and not p.in_quote(m.para_start)
            if after and entities.is_person(m):
                entities.name(sp, m)
                return


#: the pronoun standing for a person of a gender ("i": any person)
_GENDER_PRONOUN = {"f": "she", "m": "he", "": "i"}


def resolve_speakers(ps: Sequence[Para], found: Sequence[Found]) -> None:
    """Give every speaker its entity (in document order, so pronouns see earlier speakers)."""
    entities = Entities(ps)
    history: list[Speaker] = []
    reported = [(pc.pos, pc.start, pc.end) for f in found for pc in f.pieces]
    for f in found:
        sp = f.speaker
        if sp is None or (f.implicit and (sp.entity_id or sp.mention is None)):
            continue
        if f.implicit:  # a follow-up to a person named in the sentence before
            entities.name(sp, sp.mention)
            continue
        if sp.kind == "named" and sp.mention is not None:
            entities.name(sp, sp.mention)
        elif sp.kind == "named":
            entities.name_text(sp)
        elif sp.kind == "pronoun" and sp.head in ("he", "she", "it", "they"):
            at = min((sp.pos, sp.start), f.key)  # before the quote, if it runs over paragraphs
            said = (
                ""
                if f.kind == "indirect"
                else " ".join(ps[p.pos].text[p.start : p.end] for p in f.pieces)
            )
            quoted = frozenset(
                re.findall(r"[A-Z][\w’'-]+", said) if sp.head in ("he", "she") else ()
            )
            ante = _antecedent(ps, history, at, sp.head, reported, entities, quoted)
            if isinstance(ante, Mention):
                entities.name(sp, ante)
            elif ante is not None:
                sp.entity_id, sp.name, sp.mention = ante.entity_id, ante.name, ante.mention
            entities.learn_gender(sp.entity_id, sp.head)
        elif sp.kind == "description" and not entities.describe(sp):
            _refer_description(ps, history, sp, reported, entities)
        if sp.anonymous_hint and sp.kind == "description":
            sp.kind = "anonymous"
        history.append(sp)

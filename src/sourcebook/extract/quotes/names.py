"""Quotes, step 4: entity ids and names of speakers, and a document's entities (fullest
names, roles, genders) for resolving descriptions."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import NAME_SUFFIXES, ascii_fold, word_set
from sourcebook.extract.entities import person_slug
from sourcebook.extract.quotes.lexicon import (
    CONNECTIVES,
    DETERMINERS,
    INDEFINITE,
    NOT_STORY,
    ORG_NOUNS,
    SPEAKER_LABELS,
    TIME,
    TITLE_TAILS,
    TITLE_WORDS,
)
from sourcebook.extract.quotes.paragraphs import Para, Speaker
from sourcebook.extract.quotes.subjects import plain_name, role_words, singular, subject_like
from sourcebook.normalise.align import to_raw

_NAME_SUFFIXES = NAME_SUFFIXES | word_set("kc qc mp mep phd md")


@functools.lru_cache(maxsize=65536)
def clean_name(text: str, label: str = "PERSON") -> str:
    """A name as the dossier shows it: no article, possessive, parenthesis, and for people no
    personal title or role ("Campaigner Sue Harding") and no post-nominal ("KC"); for others a
    possessive inside written with a typographic apostrophe ("the Sheriff’s Office")."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)
    text = re.sub(r"(?:['’]s?)$", "", text).strip()
    if label != "PERSON":
        text = re.sub(r"(?<=\w)'(?=s\b)", "’", text)
    words = text.split()
    if words and words[0].lower() in ("the",):
        words = words[1:]
    if label == "PERSON":
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
            words = words[1:]
        while len(words) > 1 and words[-1].lower().strip(".,") in _NAME_SUFFIXES:
            words = words[:-1]
    return " ".join(words)


def entity_key(m: Mention) -> str:
    """The id of the entity a mention names: extract's canonical id, else one of its label and
    folded name (a person's as :func:`person_slug` makes it)."""
    if m.canonical_id:
        return m.canonical_id
    return name_key(clean_name(m.text, m.label), m.label)


def name_key(name: str, label: str) -> str:
    """The id of a name with no canonical id: ``person:<slug>`` or ``<label>:<slug>``."""
    if label == "PERSON":
        return person_slug(name)
    folded = re.sub(r"['’]", "", ascii_fold(name))  # "Sheriff's" and "Sheriff’s" alike
    return f"{label.lower()}:" + re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


class Entities:
    """A document's entities: fullest names, titles and appositives (roles), antecedents."""

    def __init__(self, ps: Sequence[Para]) -> None:
        """Collect the names, labels and name → id index of the mentions of ``ps``."""
        self.ps = ps
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.alias: dict[str, str] = {}  # key of "State Linda Carver" → key of "Linda Carver"
        self._gender: dict[str, str] | None = None  # see gender_of
        self._keys: dict[tuple[int, int], str] = {}  # see key_of
        self._fuller: dict[str, str] = {}  # see fuller
        self._titled: set[str] = set()  # fuller names found after a personal title
        self._person: dict[str, bool] = {}  # see is_person
        for p in ps:
            for m in p.mentions:
                key, name = entity_key(m), clean_name(m.text, m.label)
                self.labels.setdefault(key, m.label)
                self.by_name.setdefault(ascii_fold(name), key)
                if len(name) > len(self.names.get(key, "")):
                    self.names[key] = name
        self._untitle()
        surnames: dict[str, set[str]] = {}
        for key, name in self.names.items():
            if self.labels[key] == "PERSON" and " " in name:
                surnames.setdefault(ascii_fold(name.split()[-1]), set()).add(name)
        for last, names in surnames.items():
            if len(names) == 1:
                self.by_name.setdefault(last, self.by_name[ascii_fold(next(iter(names)))])

    def _untitle(self) -> None:
        """Untitle every person's name (see :meth:`untitled`); a name that becomes another
        entity's makes the two one."""
        text = " ".join(p.text for p in self.ps)
        self.lowered = frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z-]+", text))
        for key, name in list(self.names.items()):
            if self.labels[key] != "PERSON" or self.untitled(name) == name:
                continue
            self.names[key] = rest = self.untitled(name)
            other = self.by_name.setdefault(ascii_fold(rest), key)
            if other != key:
                self.alias[key] = other

    def untitled(self, name: str) -> str:
        """A person's name of three or more words without the role word NER took in
        ("Sprinter Amara Osei", "State Linda Carver" of "Secretary of State Linda Carver"): a
        first word that is a title, is written in lower case elsewhere in the document, has a
        lower-case part ("Mum-of-three"), or whose rest is a name of its own there."""
        words = name.split()
        if len(words) < 3:
            return name
        first, rest = words[0], " ".join(words[1:])
        if (
            first.lower() in TITLE_WORDS
            or first.lower() in TITLE_TAILS
            or first.lower() in self.lowered
            or any(w.islower() for w in first.split("-")[1:])
            or ascii_fold(rest) in self.by_name
        ):
            return rest
        return name

    def key_of(self, m: Mention) -> str:
        """The entity id of mention ``m`` (a surname alone: the document's full name)."""
        at = (m.paragraph, m.para_start)
        if at not in self._keys:
            key = entity_key(m)
            name = clean_name(m.text, m.label)
            if " " not in name and m.label == "PERSON":
                key = self.by_name.get(ascii_fold(name), key)
            self._keys[at] = self.alias.get(key, key)
        return self._keys[at]

    def is_person(self, m: Mention) -> bool:
        """A mention of a person: labelled so, or a name of a person named in the document."""
        if m.label == "PERSON":
            return True
        if m.text not in self._person:
            key = self.by_name.get(ascii_fold(clean_name(m.text, m.label)))
            self._person[m.text] = key is not None and self.labels.get(key) == "PERSON"
        return self._person[m.text]

    def gender_of(self, key: str) -> str:
        """``m``, ``f`` or ``""`` for a person, from the text: an honorific (Mr, Ms), a
        gendered role word ("spokeswoman", "mum-of-three") or a he/she following the person
        as a sentence subject (see :func:`_gender_votes`)."""
        if self._gender is None:
            votes: dict[str, set[str]] = {}
            for p in self.ps:
                for m in p.mentions:
                    if self.is_person(m):
                        votes.setdefault(self.key_of(m), set()).update(_gender_votes(p, m))
            self._gender = {k: next(iter(v)) for k, v in votes.items() if len(v) == 1}
        return self._gender.get(key, "")

    def learn_gender(self, key: str, pronoun: str) -> None:
        """Note the gender of a person a he/she was resolved to (when none was known)."""
        if (
            key
            and pronoun in ("he", "she")
            and not self.gender_of(key)
            and self._gender is not None
        ):
            self._gender[key] = "m" if pronoun == "he" else "f"

    def fits(self, candidate: Speaker | Mention, pronoun: str) -> bool:
        """Whether a he/she can refer to the candidate (its known gender agrees)."""
        if pronoun not in ("he", "she"):
            return True
        key = candidate.entity_id if isinstance(candidate, Speaker) else self.key_of(candidate)
        gender = self.gender_of(key)
        return not gender or gender == ("m" if pronoun == "he" else "f")

    def roles(self, head: str) -> dict[str, set[str]]:
        """Entity id → words of its titles and appositives ("minister", "agency"), for the
        entities with ``head`` written near one of their mentions."""
        out: dict[str, set[str]] = {}
        for p in self.ps:
            if head not in p.text.lower():
                continue
            for m in p.mentions:
                near = p.text[max(0, m.para_start - 60) : m.para_end + 90].lower()
                if m.label in SPEAKER_LABELS and head in near:
                    out.setdefault(entity_key(m), set()).update(role_words(p, m))
        return out

    def name(self, speaker: Speaker, m: Mention) -> None:
        """Name a speaker after mention ``m`` (a surname alone: the document's full name; a
        name NER cut short: the capitalised words before it, "Karen Lindqvist"; a place or
        nationality modifying an organisation noun: the whole phrase, "the Valencian regional
        government", where "the CGT union" is the CGT)."""
        key = self.key_of(m)
        speaker.mention, speaker.entity_id = m, key
        speaker.name = self.names.get(key, clean_name(m.text, m.label))
        head = re.search(r"\b" + re.escape(speaker.head) + r"\b", speaker.text.lower())
        demonym = " " not in m.text and re.search(r"(?:an|ese|ish|ic)$", m.text) is not None
        after = head is not None and speaker.start + head.start() >= m.para_end
        within = after and head and speaker.start <= m.para_start and m.para_end <= speaker.end
        gap = speaker.text[m.para_end - speaker.start : head.start()] if within and head else ""
        apart = (
            re.search(r"\w", gap) is not None
        )  # "the Lyon prosecutor's office", not "the CGT union"
        modifier = after and (m.label != "ORG" or demonym or apart)
        if speaker.head in ORG_NOUNS and modifier and head:
            name = clean_name(speaker.text[: head.end()], "ORG")  # "the Valencian … government"
            speaker.entity_id = self.by_name.get(ascii_fold(name)) or name_key(name, "ORG")
            speaker.name = name
        elif " " not in speaker.name:
            fuller = self.fuller(speaker.name)
            if fuller != speaker.name:
                label = "PERSON" if fuller in self._titled else m.label
                speaker.entity_id = self.by_name.get(ascii_fold(fuller)) or name_key(fuller, label)
                speaker.name = fuller

    def fuller(self, name: str) -> str:
        """A one-word name's fullest form in the text, when there is one: the capitalised words
        written right before it ("Karen Lindqvist" for "Lindqvist"), titles left out."""
        if name not in self._fuller:
            nickname = r"(?:[‘“\"][^‘’“”\"]{1,30}[’”\"] )?"  # CALLUM ‘The Cannon’ Jones
            pattern = r"((?:[A-Z][\w’'-]+ ){1,3})" + nickname + re.escape(name) + r"\b"
            runs = set()
            for p in self.ps:
                for hit in re.finditer(pattern, p.text) if name in p.text else ():
                    lead = [
                        w.capitalize() if w.isupper() and len(w) > 3 else w
                        for w in hit.group(1).split()
                    ]
                    titled = False
                    if lead and lead[0].lower() in DETERMINERS:  # "The Hong Kong Observatory"
                        lead = lead[1:]
                    while lead and (lead[0].lower() in TITLE_WORDS or lead[0] in CONNECTIVES):
                        titled = titled or lead[0].lower() in TITLE_WORDS
                        lead = lead[1:]
                    if lead:
                        runs.add(" ".join([*lead, name]))
                        if titled:  # "Superintendent Karen Lindqvist": a person
                            self._titled.add(" ".join([*lead, name]))
            self._fuller[name] = runs.pop() if len(runs) == 1 else name
        return self._fuller[name]

    def name_text(self, speaker: Speaker) -> None:
        """Name a speaker NER did not tag, from its capitalised words."""
        name = self.untitled(clean_name(speaker.name))
        key = self.by_name.get(ascii_fold(name))
        if key is None:
            speaker.entity_id, speaker.name = name_key(name, "PERSON"), name
        else:
            speaker.entity_id, speaker.name = key, self.names[key]

    def describe(self, speaker: Speaker) -> bool:
        """Resolve a definite description to the one entity whose roles hold its head word."""
        words = [w.lower() for w in re.findall(r"[\w’'-]+", speaker.text)]
        if not words or words[0] in INDEFINITE or speaker.kind == "anonymous":
            return False
        if words[0] not in ("the",) and not words[0].endswith(("’s", "'s")) and len(words) > 3:
            return False
        if speaker.head in ORG_NOUNS and self._organisation(speaker, words):
            return True
        head = singular(speaker.head)
        wanted = {w for w in words if w not in DETERMINERS and not w.endswith(("’s", "'s"))}
        best: list[tuple[int, str]] = []
        own = {entity_key(m) for m in self.ps[speaker.pos].mention_at(speaker.start, speaker.end)}
        for key, roles in self.roles(head).items():
            if head in roles and key not in own:  # not "Rosario" of "the coach from Rosario"
                best.append((len(wanted & roles), key))
        if not best:
            return False
        top = max(n for n, _ in best)
        keys = {k for n, k in best if n == top}
        if len(keys) != 1:
            return False
        (key,) = keys
        speaker.entity_id, speaker.name = key, self.names.get(key, "")
        return True

    def _organisation(self, speaker: Speaker, words: list[str]) -> bool:
        """ "the prefecture" → the document's "Kumamoto Prefecture" (for a bare noun first the
        one organisation whose name holds it, else a longer name ending in the description's
        words, else an organisation whose name holds its head word); "the Lyon prosecutor's
        office" → that phrase, a name NER did not tag."""
        content = [w for w in words if w not in DETERMINERS]
        if len(content) == 1 and self._holder(speaker):  # "the directorate"
            return True
        tail = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in content) + r"\b", re.I)
        longer = []
        for p in self.ps:
            for m in tail.finditer(p.text):
                lead = []  # the capitalised words right before: "Kumamoto" Prefecture
                for w in reversed(p.text[max(0, m.start() - 60) : m.start()].split()[-4:]):
                    if not w[:1].isupper() or w[-1:] in ",.;:" or w in CONNECTIVES:
                        break
                    lead.insert(0, w)
                if lead and lead[0].lower() in DETERMINERS:
                    lead = lead[1:]
                if lead:
                    longer.append(" ".join([*lead, *m.group(0).split()]))
        if not longer:
            if self._holder(speaker):
                return True
            proper = [w for w in speaker.text.split()[1:] if w[:1].isupper()]
            modified = len(content) > 1 and content[0] not in _NOT_NAMING
            if not proper and not modified:
                return False
            longer = [clean_name(speaker.text, "ORG")]  # "the culture ministry": its name
        name = max(longer, key=len)
        speaker.name = name
        speaker.entity_id = self.by_name.get(ascii_fold(name)) or name_key(name, "ORG")
        return True

    def _holder(self, speaker: Speaker) -> bool:
        """Name a described organisation after the one organisation, facility or place of the
        document whose name holds its head word ("the directorate": "Directorate General of
        Coastal Safety")."""
        holders = {
            k
            for k, n in self.names.items()
            if self.labels[k] in ("ORG", "FAC", "GPE")
            and speaker.head in re.split(r"[\s-]+", n.lower())
        }
        if len(holders) != 1:
            return False
        (key,) = holders
        speaker.entity_id, speaker.name = key, self.names[key]
        return True

    def _organisation_speaker(self, speaker: Speaker) -> bool:
        """A speaker named after an organisation's mention: labelled ORG, or GPE with no
        gazetteer id (a company NER took for a place), with no personal title or role next
        to it ("Marta Quispe, Americas director at …" labelled ORG is a person)."""
        m = speaker.mention
        if m is None or not (m.label == "ORG" or (m.label == "GPE" and not m.canonical_id)):
            return False
        p = self.ps[speaker.pos]
        return p.para.index != m.paragraph or not role_words(p, m) & TITLE_WORDS

    def salient_organisation(self, speaker: Speaker, history: Sequence[Speaker] = ()) -> bool:
        """ "the company", "the lender" with no organisation of that name: the organisation
        that spoke last in this paragraph or the one before (``history``: the earlier
        speakers), else the one the story names most often (at least twice) up to the
        speaker; not for a state body ("the government", "the court"), which is seldom the
        story's organisation."""
        if speaker.head in _STATE_BODIES or speaker.head not in ORG_NOUNS:
            return False
        for prev in reversed(history):
            if prev.pos < speaker.pos - 1:
                break
            nouns = ORG_NOUNS.intersection(prev.name.lower().split()) - {speaker.head}
            if self._organisation_speaker(prev) and not nouns:
                speaker.entity_id, speaker.name = prev.entity_id, prev.name
                return True
        counts: dict[str, int] = {}
        for p in self.ps[: speaker.pos + 1]:
            for m in p.mentions:
                if m.label == "ORG" and p.para.kind not in NOT_STORY and plain_name(p, m):
                    key = self.key_of(m)
                    counts[key] = counts.get(key, 0) + 1
        if not counts or max(counts.values()) < 2:
            return False
        key = max(counts, key=lambda k: counts[k])  # dicts keep first-mention order
        speaker.entity_id, speaker.name = key, self.names[key]
        return True


#: modifiers that do not make an organisation noun a name ("the same agency")
_NOT_NAMING = word_set("same other another new former local both two three several whole entire")

#: organisation nouns naming a body of the state, not a story's company or agency
_STATE_BODIES = word_set(
    "government ministry department council court parliament senate congress cabinet kremlin "
    "army navy military force embassy administration assembly authorities authority police"
)

_FEMALE_ROLES = word_set(
    "woman mother mum mom wife daughter sister grandmother granny girl widow actress queen "
    "princess aunt niece girlfriend bride lady dame duchess"
)

_MALE_ROLES = word_set(
    "man father dad husband son brother grandfather grandad boy widower king prince uncle "
    "nephew boyfriend groom lord sir duke"
)

_NOT_MALE = word_set("woman human german roman ottoman")

_HONORIFIC = re.compile(r"\b(?:(Mr|Sir|Lord)|(Mrs|Ms|Miss|Dame|Lady))\.?\s+$")

#: pronouns that refer back to a sentence's subject often enough ("her" and "him" do not)
_PRONOUN_GENDER = {"he": "m", "his": "m", "she": "f", "hers": "f"}


def _gender_votes(p: Para, m: Mention) -> set[str]:
    """The genders the text gives a person's mention: an honorific before it, a gendered
    role word, or the first he/his/she after it in its sentence (or at the start of
    the next) when it is the sentence's subject and no other person comes between."""
    out: set[str] = set()
    honorific = _HONORIFIC.search(p.text[max(0, m.para_start - 6) : m.para_start])
    if honorific:
        out.add("m" if honorific.group(1) else "f")
    out.update(g for g in (role_gender([w]) for w in role_words(p, m)) if g)
    if not p.sentences or not subject_like(p, m):
        return out
    end = p.sentence(m.para_start)[1]
    nxt = p.sentence(end + 1)[0] if end + 1 < len(p.text) else end
    later = [o.para_start for o in p.mentions if o.para_start >= m.para_end and o.label == "PERSON"]
    stop = min(later, default=len(p.text))
    for w in re.finditer(r"\b[A-Za-z]+\b", p.text[m.para_end : min(stop, nxt + 4)]):
        at = m.para_end + w.start()
        if w.group().lower() in _PRONOUN_GENDER and not p.in_quote(at):
            if at < end or at - nxt < 4:
                out.add(_PRONOUN_GENDER[w.group().lower()])
            break
    return out


def role_gender(words: Sequence[str]) -> str:
    """``f``, ``m`` or ``""``: the gender a role word gives ("spokeswoman", "mum-of-three")."""
    for w in words:
        for part in w.lower().split("-"):
            if part in _FEMALE_ROLES or part.endswith("woman"):
                return "f"
            if part in _MALE_ROLES or (part.endswith("man") and part not in _NOT_MALE):
                return "m"
    return ""


#: a run of capitalised words before a comma or a lower-case word ("Interior Minister Tomasz
#: Kral, however,")
_CAPITAL_RUN = re.compile(
    r"(?<![\w’'-])(?:[A-ZÀ-Þ][\w’'-]*\s){1,5}[A-ZÀ-Þ][\w’'-]*(?![\w’'-])(?=,|\s+[a-z])"
)

_NON_SPACE = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]")
_UPPER_WORD = re.compile(r"(?<![\w’'-])[A-Z]")


def untagged_people(para: Paragraph, mentions: Sequence[Mention]) -> list[Mention]:
    """PERSON mentions for names of two or three words NER did not tag, after a personal
    title or a possessive: "Interior Minister Tomasz Kral", "Survivor Siti Rahmawati",
    "Hungary’s Zoltán Bíró"; none in a headline in title case."""
    out: list[Mention] = []
    for run in _CAPITAL_RUN.finditer(para.text):
        tokens = [(w.start(), w.group()) for w in _NON_SPACE.finditer(run.group())]
        lead = [
            i
            for i, (_, w) in enumerate(tokens)
            if w.lower() in TITLE_WORDS or w.endswith(("’s", "'s"))
        ]
        name = tokens[lead[-1] + 1 :] if lead else []
        if not 2 <= len(name) <= 3 or any(_not_a_name(w) for _, w in name):
            continue
        s, e = run.start() + name[0][0], run.end()
        if any(m.para_start < e and s < m.para_end for m in mentions):
            continue
        if len(_LOWER_WORD.findall(para.text)) < len(_UPPER_WORD.findall(para.text)):
            return []  # a headline in title case
        raw = to_raw(para.source_map, para.start, s, e)
        text = para.text[s:e]
        out.append(Mention(para.doc_id, para.index, para.page, *raw, text, "PERSON", "", "", s, e))
    return out


def _not_a_name(word: str) -> bool:
    """A capitalised word that is no part of a person's name."""
    low = word.lower()
    return (
        word.isupper()
        or low in TITLE_WORDS
        or low in ORG_NOUNS
        or low in TIME
        or word in CONNECTIVES
        or word.endswith(("’s", "'s"))
    )

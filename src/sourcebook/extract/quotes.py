"""Extract: quotations and reported speech with their speakers (issue 21).

Rules over the cleaned paragraphs and the document's entity mentions; no dependency parse.
spaCy's parser would cost another 2.3-2.5 s per 1,000 paragraphs on this machine (measured:
bare NER 3.2 s, tok2vec + parser 2.5 s per 1,000 seed paragraphs), and most news paragraphs hold
a quote mark or a speech verb, so parsing only those would still add 40-70 % to the extract
stage; these rules cost about a tenth of NER (see tests/extract/test_quotes_gold.py).

1. **Quote marks** (:func:`quote_spans`): every style — typographic “ ” ‘ ’, straight " and ',
   guillemets, low-9 and German „…“ (normalise maps some of them to “ ”, sometimes reversed),
   CJK 「」『』 and a paragraph opening with a dash. A mark's role comes from its neighbours
   (an opener is followed by a letter and preceded by a space or bracket, a closer the reverse),
   the glyph breaking ties; apostrophes inside words are never marks. A quote left open at the end
   of a paragraph goes on when the next paragraph opens with a mark of its family (a quote over
   several paragraphs), else it ends with its paragraph (an unbalanced quote), or with its last
   sentence when the next sentence introduces a new quote (``‘… alone. A spokesman said: ‘…``).
   Guillemets set off by spaces (« concrete answers ») are marks too; a closing single mark
   after an "s" is a plural possessive unless a preposition follows ("the ‘Bandits’ by staff").
   Quotes nested in another quote belong to it.
2. **Attribution** of each quote, tried in order: a speaker and speech verb right after it
   (``“…,” Kaya said`` / ``“…,” said Kaya``), which also joins a quote interrupted by its
   attribution (``“A,” he said, “b.”``); a speech verb right before it (``Kaya said: “…”``,
   ``declaring, “…”``, ``quoted an official as saying “…”``); a speech verb elsewhere in its
   sentence (a partial quote); ``Name: “…”`` in a headline; and a quote standing alone as a
   sentence takes the speaker of the quote before it (``implicit``). A paragraph ending in
   ``said:`` makes the next, unmarked paragraph a block quote; the rest of an attribution's
   sentence (``“A,” Lunde told a news conference. “B.”``) joins the next quote to it. Quote marks
   around a fragment that no speech verb governs are scare quotes or titles and are left out, as
   are terms defined in parentheses (``("Norlake" or the "Company")``), nicknames inside a name
   (CALLUM ‘The Cannon’ Jones) and what something is called (``what staff called ‘…’``,
   ``Moscow calls it “…”``, ``The port, dubbed ‘…’``, ``is being called “…”``).
3. **Indirect speech**: a speech verb with a subject and a reported clause (``X said (that) …``,
   ``X told reporters …``, ``X vowed to …``), the clause before ``…, X said.``, ``according to X``
   and a headline ending ``…, X says``. A clause holding someone's quoted words is reported
   through those quotes (partial quotes), its part clear of them kept (``said A and that “B”``:
   A; ``told analysts A and would weigh “B”``: A). A request for anonymity ("asked not to be
   named") and a passive ("the measures announced by X") report nothing.
4. **Speakers**: the noun phrase before or after the verb (an appositive, an age, a relative
   clause, a parenthesis, a legal form, a time word skipped: "A shopkeeper who gave only her
   first name said", "the Unit (AIU), which said", "Brightleaf Baby, LLC (…) today announced";
   a name in parentheses or a closing appositive names it: "the rescue agency (Basarnas)").
   Its head inside a PERSON/ORG/GPE/NORP mention → ``named`` (the entity's fullest name in the
   document); a pronoun → the nearest preceding person (or organisation for "it") that is a
   speaker or a sentence subject; a definite description ("the secretary general", "the
   disaster agency") → the one entity of the document whose titles or appositives hold its
   head word (not one named inside the description: "the coach from Rosario"), an
   organisation described with a modifier → that description as its name ("the culture
   ministry"), else ``description``; unnamed sources ("officials", "a senior AFAD official",
   any speaker who spoke on condition of anonymity) → ``anonymous``.
5. **Beyond the nearest name**: he/she only refer to a person whose gender the text does not
   contradict (an honorific, a gendered role word, a he/his/she following the person as a
   subject, an earlier he/she resolved to them), and not to a person the quote itself names
   ("“Frank was a friend,” he said"); the referent of a pronoun after a quote over several
   paragraphs is sought before the quote; a person described by a role or an age ("the
   dad-of-three", "The winger, 22,") refers back as a pronoun would, an indefinite one in the
   lead ("A HERO mum said") forward to the first person named; "the company" is the
   organisation the story names most; a headline quote with no speaker takes the speaker of
   the story's quote sharing most words with it; a one-word name takes its fuller form from
   the text ("Karen Lindqvist", a person when a title precedes it), and a role word NER took
   into a name is dropped ("Sprinter Amara Osei", "Secretary of State Linda Carver").

Offsets go back to the raw page text through each paragraph's source map, as for mentions.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from sourcebook.core.schema import Mention, Paragraph, Quote
from sourcebook.core.text import NAME_SUFFIXES, ascii_fold, sentence_spans
from sourcebook.extract.entities import TITLES, person_slug
from sourcebook.normalise.align import to_raw


def words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` as a set (word lists written as prose)."""
    return frozenset(text.split())


# --- speech verbs -----------------------------------------------------------------------------

#: verbs that report speech or a stated view, with a clause or a quote as their content
REPORTING = sorted(
    words(
        "say tell add warn announce declare state claim insist deny confirm explain note argue "
        "write ask reply respond admit acknowledge assert allege suggest stress emphasise "
        "emphasize predict promise pledge vow urge recall concede contend maintain report reveal "
        "disclose mention comment remark observe tweet post testify shout cry quip joke complain "
        "lament boast conclude caution estimate believe think speak reiterate repeat affirm "
        "answer counter retort object protest propose recommend indicate continue agree hint "
        "signal accuse threaten"
    )
)
#: verbs that take a quoted phrase as their object, not a clause ("called it “a disgrace”")
NAMING = sorted(words("call describe dub label brand term hail praise condemn criticise criticize"))
#: verbs that report speech only right next to a quote ("“…,” he continued")
ADJACENT = frozenset({"continue"})
#: verbs whose first object is the addressee ("told reporters that …")
ADDRESSEE = frozenset({"tell", "inform", "assure", "remind", "warn", "promise", "urge", "ask"})
_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "think": ("thinks", "thought", "thinking"),
    "speak": ("speaks", "spoke", "speaking", "spoken"),
}
_DOUBLING = frozenset({"admit", "quip", "regret", "commit", "rebut", "refer"})


def verb_forms(lemma: str) -> tuple[str, ...]:
    """The lemma and its inflected forms (regular English morphology, a few irregulars)."""
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    stem = lemma + lemma[-1] if lemma in _DOUBLING else lemma
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + "es" if re.search(r"(?:s|sh|ch|x|z|o)$", lemma) else lemma + "s"
    return lemma, third, stem + "ed", stem + "ing"


#: verbs of the manner of speaking: they attribute a quote next to them, never a clause
#: ("“…,” laughed Sharon Pike", but not "he laughed the suggestion off")
MANNER = sorted(words("laugh fume recount exclaim whisper sigh plead yell scream"))
CUE_LEMMA: dict[str, str] = {
    form: lemma for lemma in (*REPORTING, *NAMING, *MANNER) for form in verb_forms(lemma)
}
_CUE = re.compile(r"\b(?:" + "|".join(sorted(CUE_LEMMA, key=len, reverse=True)) + r")\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")

# --- words ------------------------------------------------------------------------------------

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_PERSON_PRONOUNS = frozenset({"he", "she", "i"})
_DETERMINERS = words(
    "the a an this that these those his her its their our my your one another some several "
    "two three four many"
)
_QUANTIFIERS = words("both all each either neither none most few others it this")
_INDEFINITE = words("a an one another some several two three four many")
#: unnamed sources: a speaker whose head is one of these and who is not named is anonymous
ANONYMOUS_HEADS = words(
    "official officials source sources person people diplomat diplomats aide aides insider "
    "insiders officer officers member members figure figures individual individuals"
)
_ANONYMITY = re.compile(
    r"anonymity|not authori[sz]ed|declined to be (?:named|identified)|asked not to be "
    r"(?:named|identified)|familiar with|briefed on",
    re.IGNORECASE,
)
_STOP_BACK = words(
    "and or but that which who whom whose while as because since although though when where "
    "after before if than so then yet once until unless whether to is are was were be been being "
    "has have had will would can could should may might must do does did not also what how"
)
_CONNECTIVES = words(
    "But And However Meanwhile Yet So Also Now Then Still Instead Separately Earlier Later "
    "Previously Elsewhere Moreover Furthermore Indeed Thus Hence Finally Again Here There"
)
_AUX = words(
    "has have had also later then again previously earlier just already reportedly publicly "
    "privately separately further would will could may might did does do once first "
    "subsequently initially repeatedly recently never always often last"
)
_BE = words("is are was were be been being")
_TIME = words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept "
    "oct nov dec yesterday today tonight morning afternoon evening night week month year "
    "weekend earlier later recently now"
)
_COMPANY_SUFFIXES = words("Inc Inc. LLC Ltd Ltd. Corp Corp. Co. plc PLC AG SA NV GmbH LP")
_DAYS = words("today yesterday tonight monday tuesday wednesday thursday friday saturday sunday")
_STOP_FORWARD = words(
    "as when who which while in at on after before during to from that because with by about "
    "and but or than where since until if said told added"
)
_TITLE_WORDS = frozenset(
    w.lower().rstrip(".") for w in re.split(r"\||\s+", TITLES.replace("\\", "")) if w
) | words(
    "chair chairperson chief head commander leader spokesperson spokesman spokeswoman cllr "
    "councillor coach judge detective inspector superintendent captain professor dame sir lord "
    "lady father bishop archbishop sheikh deputy assistant commissioner director manager "
    "chairman chairwoman ceo "
    "boss sergeant constable officer prosecutor campaigner operator historian analyst economist "
    "researcher journalist correspondent lawyer attorney activist author actor singer striker "
    "midfielder defender goalkeeper teacher parent resident witness survivor farmer driver nurse "
    "doctor surgeon student owner founder hotelier shopkeeper landlord pensioner veteran"
)
#: words ending a title before a name ("Secretary of State Linda Carver")
_TITLE_TAILS = words("state defence defense justice interior finance health education")
_NAME_SUFFIXES = NAME_SUFFIXES | words("kc qc mp mep phd md")
#: heads of noun phrases that name an organisation ("the regional prosecutor's office")
ORG_NOUNS = words(
    "company firm group agency ministry department bank union party government council office "
    "police service authority authorities court committee commission administration prefecture "
    "directorate municipality board institute observatory army force navy military embassy "
    "team club federation association organisation organization foundation charity coalition "
    "alliance corporation operator regulator watchdog utility airline insurer lender carrier "
    "broadcaster network station hospital university school museum kremlin cabinet parliament "
    "assembly senate congress secretariat bureau unit brigade command headquarters centre center"
)
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|St|Jr|Sr|Adm|Maj|Rev|"
    r"Hon|Brig|Cmdr|Inc|Corp|Ltd|Co)\.|[A-Z]\.(?=\s+[A-Z])"
    r"|\w+(?:[’'.&-]\w+)*(?:(?<=s)['’](?= [a-z]))?"  # "the miners' union": one word
    r"|[^\w\s]"
)

# --- quote marks ------------------------------------------------------------------------------

DOUBLE = '"“”„‟«»'
SINGLE = "'‘’‚‛‹›"
_OPENING_GLYPH = frozenset("“„‟«‘‚‛‹")
_CLOSING_GLYPH = frozenset("”»’›")
_CJK = {"「": "」", "『": "』"}
_FAMILY_RE = {family: re.compile("[" + family + "]") for family in (DOUBLE, SINGLE)}
_QUOTE_CHARS = DOUBLE + SINGLE + "「」『』"
_BEFORE_OPEN = frozenset(" \t\n([{—–-/:;" + _QUOTE_CHARS)
_AFTER_CLOSE = frozenset(" \t\n)]}.,;:!?—–-…" + _QUOTE_CHARS)
_DASH_LEAD = re.compile(r"^(?:[—–-]\s+|[—–](?=[A-Z]))(?=[A-Z“\"‘])")
_CANDIDATE = re.compile(
    "[" + DOUBLE + "‘「『]|(?:^|[\\s(—])'|^[—–]|" + _CUE.pattern + "|" + _ACCORDING.pattern
)


@dataclass(frozen=True)
class Piece:
    """Part of a quote inside one paragraph (``pos`` = the paragraph's place in the document)."""

    pos: int
    start: int
    end: int


def _role(text: str, i: int) -> str:
    """``open``, ``close`` or ``""`` for the quote mark at ``text[i]``, from its neighbours."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    ch = text[i]
    if ch in SINGLE and prev.isalnum() and nxt.isalnum():
        return ""  # an apostrophe inside a word
    can_open = (prev in _BEFORE_OPEN) and not nxt.isspace() and nxt not in ",.;:!?"
    can_close = not prev.isspace() and (nxt in _AFTER_CLOSE or i + 1 == len(text))
    if ch == "’":  # never opens: at a word's start it elides ("the ’90s", "’em")
        can_open = False
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if can_open and can_close:
        return "open" if ch in _OPENING_GLYPH else "close" if ch in _CLOSING_GLYPH else "toggle"
    return _spaced_role(text, i, prev, nxt)


def _spaced_role(text: str, i: int, prev: str, nxt: str) -> str:
    """The role of a double mark set off by a space inside, as French typography sets
    guillemets: « concrete answers »."""
    ch = text[i]
    if ch in "“«„" and nxt == " " and prev in _BEFORE_OPEN and text[i + 2 : i + 3].isalnum():
        return "open"
    if ch in "”»" and i > 1 and prev == " " and (nxt in _AFTER_CLOSE or i + 1 == len(text)):
        return "close" if text[i - 2 : i - 1].strip() else ""
    return ""


def _family_marks(text: str, family: str, skip: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """(offset, role) of the marks of one family, outside the ``skip`` spans."""
    out = []
    for m in _FAMILY_RE[family].finditer(text):
        i = m.start()
        if not any(s <= i < e for s, e in skip):
            role = _role(text, i)
            if role:
                out.append((i, role))
    return out


def _possessive_close(text: str, i: int, later: bool) -> bool:
    """A single closing mark that reads as a plural possessive ("the officials’ plans", not
    "the ‘Bond Street Bandits’ by staff")."""
    nxt = re.match(r"\s+([a-z]+)", text[i + 1 :])
    return later and text[i - 1 : i] == "s" and nxt is not None and nxt[1] not in _STOP_FORWARD


def _scan_family(
    texts: Sequence[str], family: str, skip: Sequence[list[tuple[int, int]]]
) -> list[list[Piece]]:
    """Quotes of one mark family over a document's paragraphs (each a list of pieces)."""
    quotes: list[list[Piece]] = []
    current: list[Piece] = []
    opened: tuple[int, int] | None = None  # (pos, offset) of the open mark
    for pos, text in enumerate(texts):
        marks = _family_marks(text, family, skip[pos])
        if opened is not None:  # a quote running on from the paragraph before
            if marks and marks[0][0] == len(text) - len(text.lstrip()) and marks[0][1] != "close":
                opened = (pos, marks[0][0])
                marks = marks[1:]
            else:
                quotes.append(current)
                current, opened = [], None
        for k, (i, role) in enumerate(marks):
            if opened is None:
                if role in ("open", "toggle"):
                    opened = (pos, i)
                continue
            if role == "open" and opened[0] == pos:  # a new opener: the last one never closed
                quotes.append([*current, Piece(pos, opened[1], _unclosed_end(text, opened[1], i))])
                current, opened = [], (pos, i)
                continue
            if role in ("close", "toggle"):
                later = any(r != "open" for _, r in marks[k + 1 :])
                if family == SINGLE and _possessive_close(text, i, later):
                    continue
                quotes.append([*current, Piece(pos, opened[1], i + 1)])
                current, opened = [], None
        if opened is not None:
            cut = _INNER_ATTRIBUTION.search(text, opened[1])
            current.append(
                Piece(pos, opened[1], cut.start() + 1 if cut else _trim_end(text, len(text)))
            )
            if cut:  # “They'll be right, he said. — the closing mark was forgotten
                quotes.append(current)
                current, opened = [], None
    if current:
        quotes.append(current)
    return [q for q in quotes if all(p.end > p.start + 1 for p in q)]


_INNER_ATTRIBUTION = re.compile(
    r",\s+(?:he|she|they|we|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:"
    + "|".join(sorted((f for f, lemma in CUE_LEMMA.items() if lemma in REPORTING), key=len)[::-1])
    + r")\b"
)


#: ", U.S. and NATO officials said." closing a clause another verb reports
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:[\w’'.-]+\s+){0,6}?(?:"
    + "|".join(sorted((f for f, lemma in CUE_LEMMA.items() if lemma in REPORTING), key=len)[::-1])
    + r")\b(?=\s*(?:[.,;]|$))"
)


def _unclosed_end(text: str, start: int, opener: int) -> int:
    """End of a quote opened at ``start`` and never closed before the opener at ``opener``:
    the end of its last sentence when the sentence of the new opener introduces it ("‘… leave
    alone. A spokesman said: ‘Officers …"), else right before the new opener."""
    lead = text[start:opener].rstrip()
    if lead.endswith((":", ",")):
        stops = list(re.finditer(r"[.!?](?=\s+[A-Z])", lead))
        if stops:
            return start + stops[-1].end()
    return _trim_end(text, opener)


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _cjk_and_dash(texts: Sequence[str]) -> list[list[Piece]]:
    """CJK corner brackets (always paired) and dialogue dashes opening a paragraph."""
    out: list[list[Piece]] = []
    for pos, text in enumerate(texts):
        for opener, closer in _CJK.items():
            for m in re.finditer(re.escape(opener) + "[^" + closer + "]+" + closer, text):
                out.append([Piece(pos, m.start(), m.end())])
        if _DASH_LEAD.match(text):
            stop = re.search(r",?\s+(?:[—–-]\s+|[—–])(?=[a-z])", text)
            out.append([Piece(pos, 0, stop.start() if stop else _trim_end(text, len(text)))])
    return out


def quote_spans(texts: Sequence[str]) -> list[list[Piece]]:
    """Every quotation marked in a document's paragraphs, in document order; a quote over
    several paragraphs has one piece per paragraph. Quotes inside another are dropped."""
    doubles = _scan_family(texts, DOUBLE, [[] for _ in texts])
    inside: list[list[tuple[int, int]]] = [[] for _ in texts]
    for q in doubles:
        for p in q:
            inside[p.pos].append((p.start, p.end))
    singles = _scan_family(texts, SINGLE, inside)
    found = doubles + singles + _cjk_and_dash(texts)
    found.sort(key=lambda q: (q[0].pos, q[0].start, -q[-1].pos, -q[-1].end))
    kept: list[list[Piece]] = []
    for q in found:
        if any(_contains(k, q) for k in kept):
            continue
        kept.append(q)
    return kept


def _contains(outer: list[Piece], inner: list[Piece]) -> bool:
    a, b = outer[0], outer[-1]
    c, d = inner[0], inner[-1]
    return (a.pos, a.start) <= (c.pos, c.start) and (d.pos, d.end) <= (b.pos, b.end)


# --- paragraphs as tokens and sentences -------------------------------------------------------


@dataclass
class _Para:
    """One paragraph prepared for the rules: tokens, sentence starts, quote spans in it."""

    para: Paragraph
    pos: int
    text: str
    mentions: list[Mention]
    quoted: list[tuple[int, int]] = field(default_factory=list)
    known: frozenset[str] = frozenset()  # words of the document's entity names
    spoken: set[int] = field(default_factory=set)  # starts of the quotes someone said
    roles: dict[tuple[int, int], set[str]] = field(default_factory=dict)  # see _role_words
    tokens: list[tuple[int, int, str]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # token start offsets (bisect)
    sentences: list[int] = field(default_factory=list)  # sentence start offsets

    def prepare(self) -> None:
        self.tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text)]
        if self.quoted:
            self.quoted.sort()
            self.tokens = _outside(self.tokens, self.quoted)
        self.starts = [t[0] for t in self.tokens]
        self.sentences = sentence_starts(self.text, self.quoted)

    def in_quote(self, i: int) -> bool:
        return any(s <= i < e for s, e in self.quoted)

    def sentence(self, i: int) -> tuple[int, int]:
        """[start, end) of the sentence holding offset ``i``."""
        k = bisect.bisect_right(self.sentences, i) - 1
        start = self.sentences[k] if k >= 0 else 0
        end = self.sentences[k + 1] if k + 1 < len(self.sentences) else len(self.text)
        return start, _trim_end(self.text, end)

    def token_at(self, i: int) -> int:
        """Index of the first token starting at or after ``i``."""
        return bisect.bisect_left(self.starts, i)

    def mention_at(self, s: int, e: int) -> list[Mention]:
        return [m for m in self.mentions if m.para_start < e and s < m.para_end]


def _outside(
    tokens: list[tuple[int, int, str]], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """The tokens starting outside the sorted ``spans`` (one pass over both)."""
    kept = []
    k = 0
    for t in tokens:
        while k < len(spans) and spans[k][1] <= t[0]:
            k += 1
        if k < len(spans) and spans[k][0] <= t[0]:
            continue
        kept.append(t)
    return kept


def sentence_starts(text: str, quoted: Sequence[tuple[int, int]]) -> list[int]:
    """Sentence starts by the project's splitter (:func:`sentence_spans`), none inside a quote."""
    out = [0]
    for start, _ in sentence_spans(text)[1:]:
        if not any(s < start < e for s, e in quoted):
            out.append(start)
    for s, _ in quoted:
        if s > 0 and text[:s].rstrip().endswith((".", "!", "?")) and s not in out:
            out.append(s)
    return sorted(out)


# --- noun phrases -----------------------------------------------------------------------------


@dataclass
class _Speaker:
    """A speaker found in the text, then resolved to an entity when possible."""

    pos: int
    start: int
    end: int
    text: str
    kind: str  # named, pronoun, description, anonymous
    head: str = ""  # head word (lower case) of a pronoun or description
    mention: Mention | None = None
    name: str = ""
    entity_id: str = ""
    anonymous_hint: bool = False


def _is_boundary_back(tok: str) -> bool:
    """A token no subject noun phrase reaches back over (punctuation, a clause word, a verb)."""
    return (
        (len(tok) == 1 and not tok.isalnum() and tok not in "&£$€%")
        or tok in _STOP_BACK
        or tok == "by"  # "banned by the Unit, which said": the agent
        or tok in CUE_LEMMA
    )


def _skip_aux_back(p: _Para, k: int) -> int:
    """Token index of the last subject word before token ``k`` (a speech verb): auxiliaries
    and adverbs skipped; -1 for a passive ("is said") or nothing."""
    progressive = p.tokens[k][2].endswith("ing")  # "sources are insisting"
    k -= 1
    while k >= 0:
        tok = p.tokens[k][2]
        low = tok.lower()
        if low in _BE and not progressive:
            return -1
        if low in _BE:
            k -= 1
            continue
        if low in _AUX or low in _DAYS or (tok.islower() and tok.endswith("ly") and len(tok) > 4):
            k -= 1  # "X has also", "X today announced", "X Monday said"
            continue
        break
    return k


def _appositive_back(p: _Para, k: int, floor: int) -> tuple[int, int] | None:
    """With token ``k`` a comma closing an appositive or relative clause ("X, the minister,"
    / "X, who …,"), the token range (first, last) inside it; None when it is not one."""
    j = k - 1
    while j > floor and p.tokens[j][2] != ",":
        if p.tokens[j][2] in ".;:!?":
            return None
        j -= 1
    if j <= floor or k - j < 2 or k - j > 30:
        return None
    first = p.tokens[j + 1][2]
    inner = (j + 1, k - 1)
    if first.lower() in ("who", "which", "whose", "himself", "herself", "aged") or first.isdigit():
        return inner
    if first.islower() and first.endswith(("ing", "ed")) and k - j <= 8:  # "X, standing by,"
        return inner
    if first in _PREPOSITIONS | {"for"} and k - j <= 5:  # "X, for his part, said"
        return inner
    if first.lower() in _DETERMINERS or p.mention_at(p.tokens[j + 1][0], p.tokens[k - 1][1]):
        return inner
    if k - j <= 5 and all(t[2][:1].isupper() for t in p.tokens[j + 1 : k]):
        return inner  # a name NER missed: "the civil protection agency, ANEPC,"
    return None


def _subject_end(p: _Para, k: int, floor: int) -> int:
    """The token ending a subject whose last token is ``k``, parentheses ("Norlake Foods
    (NYSE: NLK)"), words of time ("The government has today (12 March) confirmed") and a
    legal form ("Brightleaf Baby, LLC") skipped."""
    while k > floor + 2 and p.tokens[k][2] == ")":
        opening = next((i for i in range(k - 1, max(floor, k - 8), -1) if p.tokens[i][2] == "("), k)
        k = _skip_aux_back(p, opening)
    if k > floor + 2 and p.tokens[k][2] in _COMPANY_SUFFIXES and p.tokens[k - 1][2] == ",":
        k -= 2
    return k


def _relative_clause(p: _Para, k: int, last: int) -> bool:
    """Token ``k`` is "who" or "which" opening a relative clause that the speech verb after
    token ``last`` ends ("the Unit, which said", "a shopkeeper who gave her first name
    said"), not one with a subject of its own ("which the New York Times wrote")."""
    if p.tokens[k][2] not in ("who", "which"):
        return False
    first = p.tokens[k + 1][2] if k < last else ""
    return not first or (first.islower() and first not in _DETERMINERS and first not in PRONOUNS)


def _scan_back(p: _Para, last: int, floor: int) -> int:
    """The token before a noun phrase ending at token ``last`` (at most 12 words back); a bare
    speech verb opening it is a noun or a modifier ("…, state miner Andes Cobre said")."""
    k = last
    while k > floor and k > last - 12 and not _is_boundary_back(p.tokens[k][2]):
        k -= 1
    if k > floor and p.tokens[k][2] == "and" and k < last and p.tokens[k + 1][2].islower():
        # "the national search and rescue agency": "and" inside a noun phrase
        j = k - 1
        while j > floor and j > k - 4 and p.tokens[j][2].islower():
            if p.tokens[j][2] in ("the", "a", "an"):
                k = j - 1
                break
            if _is_boundary_back(p.tokens[j][2]):
                break
            j -= 1
    bare = k > floor and k < last and CUE_LEMMA.get(p.tokens[k][2]) == p.tokens[k][2]
    if bare and (k - 1 == floor or p.tokens[k - 1][2] in ",;:—–("):
        k -= 1
    return k


def subject_before(p: _Para, cue_tok: int) -> _Speaker | None:
    """The noun phrase right before the speech verb at token ``cue_tok`` (its subject)."""
    floor = p.token_at(p.sentence(p.tokens[cue_tok][0])[0]) - 1
    k = _subject_end(p, _skip_aux_back(p, cue_tok), floor)
    if k <= floor:
        return None
    apposition = None
    if p.tokens[k][2] == ",":
        apposition = _appositive_back(p, k, floor)
        if apposition is None:
            return None
        k = apposition[0] - 2
    last = k
    k = _scan_back(p, last, floor)
    if not apposition and k - 1 > floor and _relative_clause(p, k, last):
        # "A shopkeeper who gave only her first name said", "…, the Unit (AIU), which said"
        last = _subject_end(p, k - 2 if p.tokens[k - 1][2] == "," else k - 1, floor)
        k = _scan_back(p, last, floor)
    words = p.tokens[k + 1 : last + 1]
    while words and (words[0][2] in _CONNECTIVES or words[0][2].lower() in _TIME):
        words = words[1:]
    cut = max((i for i, w in enumerate(words) if w[2].lower() in _TIME), default=-1)
    words = words[cut + 1 :]
    if len(words) > 1 and words[-1][2].lower() in PRONOUNS and not apposition:
        words = words[-1:]  # "In a short speech he said": the pronoun alone
    if not words or not any(w[2][0].isalpha() for w in words):
        return None
    end = p.tokens[apposition[1]][1] if apposition else words[-1][1]
    speaker = _speaker_of(p, words[0][0], words[-1][1], head_last=True)
    if speaker is None:
        return None
    if apposition:
        inner_s, inner_e = p.tokens[apposition[0]][0], p.tokens[apposition[1]][1]
        _apply_apposition(p, speaker, inner_s, inner_e)
        speaker.end, speaker.text = end, p.text[speaker.start : end]
    named = _PAREN_NAME.match(p.text, speaker.end)
    if named and not apposition:  # "the national search and rescue agency (Basarnas)"
        _apply_apposition(p, speaker, named.start(1), named.end(1))
    return speaker


#: a name in parentheses after a noun phrase
_PAREN_NAME = re.compile(r"\s*\(([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\)")


def subject_after(p: _Para, tok: int) -> _Speaker | None:
    """The noun phrase starting at token ``tok`` (an inverted subject: "said Hatice Demir")."""
    sent_end = p.sentence(p.tokens[tok][0])[1] if tok < len(p.tokens) else 0
    k = tok
    while k < len(p.tokens) and k < tok + 10 and p.tokens[k][0] < sent_end:
        t = p.tokens[k][2]
        if t == "and" and k > tok and k + 1 < len(p.tokens) and p.tokens[k + 1][2][:1].isupper():
            k += 1
            continue
        if (len(t) == 1 and not t.isalnum()) or (t in _STOP_FORWARD and k > tok):
            break
        if t.lower() in _TIME and k > tok:
            break
        k += 1
    if k == tok or _not_subject(p.tokens[tok][2]):
        return None
    if p.tokens[tok][2].lower() in PRONOUNS and k > tok + 1:  # "said he had spoken"
        return None
    s, e = p.tokens[tok][0], p.tokens[k - 1][1]
    speaker = _speaker_of(p, s, e, head_last=True)
    if speaker is not None and k < len(p.tokens) and p.tokens[k][2] == ",":
        tail = _appositive_after(p, k)
        if tail is not None:
            _apply_apposition(p, speaker, *tail)
    return speaker


def _not_subject(word: str) -> bool:
    """A word no subject starts with (a conjunction, preposition, time word or verb)."""
    low = word.lower()
    return low in _STOP_FORWARD or low in _STOP_BACK or low in _TIME or word in CUE_LEMMA


def _appositive_after(p: _Para, k: int) -> tuple[int, int] | None:
    """The span of an appositive after the comma token ``k`` (up to the next comma)."""
    j = k + 1
    while j < len(p.tokens) and p.tokens[j][2] not in ",.;:!?" and j < k + 15:
        j += 1
    if j == k + 1:
        return None
    last = j >= len(p.tokens) or p.tokens[j][2] != ","
    if last and not all(t[2][:1].isupper() for t in p.tokens[k + 1 : j]):
        return None  # only a name closes a sentence as an appositive: "…, the agency, Indeci."
    return p.tokens[k + 1][0], p.tokens[j - 1][1]


def _apply_apposition(p: _Para, speaker: _Speaker, s: int, e: int) -> None:
    """Fold an appositive into a speaker: a name in it names an unnamed speaker, anonymity
    wording makes it anonymous."""
    if _ANONYMITY.search(p.text[s:e]):
        speaker.anonymous_hint = True
    if speaker.kind in ("description", "anonymous") and not speaker.anonymous_hint:
        named = _head_mention(p.mention_at(s, e), s, e)
        cut_short = named is not None and re.fullmatch(_CAPITALS, p.text[s : named.para_start])
        if named is not None and (named.para_start == s or cut_short):  # "Aitor [Zubizarreta]"
            speaker.kind, speaker.mention = "named", named
        elif named is None and re.fullmatch(r"(?:[A-Z][\w’'.-]*\s*){1,4}", p.text[s:e]):
            speaker.kind, speaker.name = "named", p.text[s:e]


_CAPITALS = re.compile(r"(?:[A-Z][\w’'.-]*\s+){1,2}")


def _head_mention(mentions: Sequence[Mention], s: int, e: int) -> Mention | None:
    """The mention heading a phrase: a speaker-like label, not a possessive modifier, the
    last one (a PERSON before others)."""
    best = None
    for m in mentions:
        if m.label not in _SPEAKER_LABELS or m.para_start < s or m.para_end > e:
            continue
        if m.text.endswith(("’s", "'s")) and m.para_end < e:
            continue
        if best is None or (m.label == "PERSON") >= (best.label == "PERSON"):
            best = m
    return best


#: a parenthesis or a nickname in quote marks inside a speaker's phrase
_ASIDE = re.compile(r"\([^)]*\)|[‘“\"][^‘’“”\"]{1,30}[’”\"]")


def _speaker_of(p: _Para, s: int, e: int, head_last: bool) -> _Speaker | None:
    """Classify the phrase ``text[s:e]`` as a speaker (named/pronoun/description/anonymous)."""
    phrase = p.text[s:e]
    words = re.findall(r"[\w’'.-]+", _ASIDE.sub(" ", phrase))
    if not words:
        return None
    core = words
    for i, w in enumerate(words[1:], 1):
        if w in ("of", "for", "from", "at", "in", "with", "on", "who"):
            core = words[:i]
            break
    if len(core) == 1 and words[1:2] == ["of"] and len(words) > 2:
        partitive = core[0].lower() in _DETERMINERS or core[0].lower() in _QUANTIFIERS
        core = words[2:] if partitive else core  # "one of the sources": its head is sources
    head = core[-1] if head_last else core[0]
    low = head.lower().rstrip(".")
    speaker = _Speaker(p.pos, s, e, phrase, "description", head=low)
    mention = _head_mention(p.mention_at(s, e), s, e)
    closing = head_last and mention is not None and mention.label == "PERSON"
    if closing and mention is not None:  # not the object of a preposition: "mayor of X"
        before = p.text[s : mention.para_start].split()[-1:]
        closing = not before or before[0].lower() not in (*_PREPOSITIONS, "of", "for")
    if mention is not None and (
        (closing and not p.text[mention.para_end : e].strip(" ,’'s"))  # "Secretary for … X"
        or head in [*mention.text.split(), mention.text]
        or (low in ORG_NOUNS and mention.label == "ORG")  # "the CGT union"
    ):
        speaker.kind, speaker.mention = "named", mention
    elif low in PRONOUNS and len(core) == 1:
        speaker.kind = "pronoun"
    elif len(core) == 1 and low in ("one", "another") and len(words) == 1:
        speaker.kind = "anonymous"  # "One said …": one of the sources just mentioned
    elif len(core) == 1 and (low in _DETERMINERS or low in _QUANTIFIERS):
        return None
    elif head[:1].isupper() and low not in _TITLE_WORDS and low not in _DETERMINERS:
        name = _run_of_names(core)
        at_start = len(core) == 1 and s == p.sentence(s)[0] and not head.isupper()
        if not name or (at_start and head not in p.known):
            return None if len(core) == 1 and low not in ANONYMOUS_HEADS else speaker
        speaker.kind, speaker.name = "named", name
    elif not head[:1].isalpha() or low in _STOP_BACK:
        return None
    if speaker.kind == "description" and (
        (_singular(low) in ANONYMOUS_HEADS and core[0].lower() != "the")
        or _ANONYMITY.search(phrase)
    ):
        speaker.kind = "anonymous"
    return speaker


def _run_of_names(words: Sequence[str]) -> str:
    """The trailing run of capitalised words of a phrase, personal titles left out."""
    run: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or w.lower().rstrip(".") in _TITLE_WORDS:
            break
        run.append(w)
    return " ".join(reversed(run))


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


# --- quotes found in a document ---------------------------------------------------------------


@dataclass
class _Found:
    """A quotation or reported clause before it becomes a :class:`Quote` record."""

    pieces: list[Piece]
    kind: str
    cue: str = ""
    speaker: _Speaker | None = None
    implicit: bool = False
    forward: bool = False  # a headline quote whose speaker the story names later
    attribution: tuple[int, int, int] | None = None  # (pos, start, end) of "he said"

    @property
    def key(self) -> tuple[int, int]:
        return self.pieces[0].pos, self.pieces[0].start


def _cue_at(p: _Para, k: int) -> str:
    """The lemma of the speech verb at token ``k`` ("" if it is none); "point out" too."""
    if k < 0 or k >= len(p.tokens):
        return ""
    lemma = CUE_LEMMA.get(p.tokens[k][2], "")
    if lemma and k > 0 and p.tokens[k - 1][2].lower() in _DETERMINERS:
        form = p.tokens[k][2]  # "One said", "Two added": pronouns before a past tense
        past = form not in verb_forms(lemma)[:2] and not form.endswith("ing")
        if not (past and p.tokens[k - 1][2].lower() in _INDEFINITE - {"a", "an"}):
            return ""  # a noun or adjective: "a call", "the said"
    return "" if _modifier(p, k) else lemma


def _modifier(p: _Para, k: int) -> bool:
    """The word "state" at token ``k`` modifies a noun: "state engineers", "state Sen. X" (a
    verb only before "that" or a colon: "the rules state that")."""
    after = p.tokens[k + 1][2] if k + 1 < len(p.tokens) else ""
    return p.tokens[k][2] == "state" and after[:1].isalpha() and after != "that"


def _after_attribution(p: _Para, end: int, ends_clause: bool) -> tuple[str, _Speaker, int] | None:
    """``“…,” NP said`` or ``“…,” said NP`` right after a quote ending at ``end``:
    (cue, speaker, end of the attribution)."""
    k = p.token_at(end)
    if k < len(p.tokens) and p.tokens[k][2] in (",", "—", "–", "-"):
        k += 1
    if k >= len(p.tokens) or any(end <= qs < p.tokens[k][0] for qs, _ in p.quoted):
        return None  # another quote comes first: the attribution is that one's
    cue = _cue_at(p, k)
    if cue and cue not in NAMING:
        speaker = subject_after(p, k + 1)
        if speaker is not None and speaker.head != "that":
            return cue, speaker, speaker.end
        return None
    for j in range(k, min(k + 14, len(p.tokens))):
        tok = p.tokens[j][2]
        cue = _cue_at(p, j)
        after = p.tokens[j + 1][2] if j + 1 < len(p.tokens) else "."
        if cue and cue not in NAMING and not tok.endswith("ing") and after != "to":
            if j == k or _skip_aux_back(p, j) < k:  # not "… for asking Gulf states to"
                return None
            if ends_clause and after not in ".,;!?—":  # "NP said:" introduces the next
                return None
            speaker = _speaker_of(p, p.tokens[k][0], p.tokens[_skip_aux_back(p, j)][1], True)
            if speaker is None and p.tokens[j - 1][2] == ",":  # "Helmut Strasser, 58, said"
                speaker = subject_before(p, j)
                speaker = speaker if speaker and speaker.start >= p.tokens[k][0] else None
            if speaker is None:
                return None
            return cue, speaker, p.tokens[j][1]
        closing = _cue_at(p, j + 1)  # the comma closing an appositive: "X, 58, said"
        if tok in ".;:!?(" or (tok == "," and not _apposition_ahead(p, j) and not closing):
            return None
    return None


def _apposition_ahead(p: _Para, j: int) -> bool:
    """A comma at token ``j`` that opens an appositive inside an attribution."""
    nxt = p.tokens[j + 1][2].lower() if j + 1 < len(p.tokens) else ""
    return (
        nxt in _DETERMINERS
        or nxt in ("who", "which")
        or nxt[:1].isdigit()
        or (j + 1 < len(p.tokens) and bool(p.mention_at(p.tokens[j + 1][0], p.tokens[j + 1][1])))
    )


def _before_attribution(p: _Para, start: int) -> tuple[str, _Speaker | None, bool, int] | None:
    """A speech verb right before a quote starting at ``start`` ("X said: “…”", "X said that
    “…”", "declaring, “…”"): (cue, speaker or None for a participle, is the link "that", the
    verb's offset)."""
    k = p.token_at(start) - 1
    if k < 0 or p.tokens[k][1] <= p.sentence(start)[0] - 1:
        return None
    link_that = False
    if p.tokens[k][2] in (":", ","):
        k -= 1
    elif p.tokens[k][2] in ("that", "as"):
        link_that, k = True, k - 1
    for j in range(k, max(k - 6, -1), -1):
        cue = _cue_at(p, j)
        if cue in NAMING and _naming_only(p, j):
            return None  # "will not be called a “mission”", "what staff called ‘…’"
        if cue and (cue not in ADJACENT or j == k):
            return cue, _cue_subject(p, j), link_that or j != k, p.tokens[j][0]
        if p.tokens[j][2] in ".;:!?,(" or p.tokens[j][0] < p.sentence(start)[0]:
            return None
    return None


def _naming_only(p: _Para, j: int) -> bool:
    """The naming verb at token ``j`` gives what something is called, no one's words: a
    passive ("is being called"), a present tense ("Moscow still calls it"), a participle
    after a comma ("The port, dubbed"), or after "what" ("what staff called")."""
    form = p.tokens[j][2]
    lemma = CUE_LEMMA.get(form, "")
    if _skip_aux_back(p, j) < 0 or form in (lemma, verb_forms(lemma)[1]):
        return True
    if form.endswith("ed") and j > 0 and p.tokens[j - 1][2] == ",":
        return subject_before(p, j) is None  # not "X, the premier, called it “…”"
    return any(t[2].lower() == "what" for t in p.tokens[max(0, j - 4) : j])


def _cue_subject(p: _Para, j: int) -> _Speaker | None:
    """The speaker of the speech verb at token ``j``: its subject, the noun phrase between
    "quoted" and "as saying", or None (a participle: the caller looks for the clause's
    subject)."""
    form = p.tokens[j][2]
    if j >= 2 and p.tokens[j - 1][2] == "as" and form.endswith("ing"):
        quoted = next(
            (i for i in range(j - 2, max(j - 14, -1), -1) if p.tokens[i][2] == "quoted"), None
        )
        if quoted is not None:
            return _speaker_of(p, p.tokens[quoted + 1][0], p.tokens[j - 2][1], True)
    if form.endswith("ing") and p.tokens[j - 1][2] in (",", "and") if j else False:
        return None
    return subject_before(p, j)


def _sentence_subject(p: _Para, i: int, found: Sequence[_Found]) -> _Speaker | None:
    """For a participle ("…, declaring “…”"): the speaker of an earlier quote of the same
    sentence, else the sentence's opening name, the subject of its first speech verb, or its
    opening noun phrase."""
    s, _ = p.sentence(i)
    for f in reversed(found):
        if f.speaker and f.pieces[-1].pos == p.pos and s <= f.pieces[-1].start < i:
            return f.speaker
    dateline = _DATELINE.match(p.text[s:i])
    s += dateline.end() if dateline else 0  # "OSLO, Dec 19 (Reuters) - Norway's central bank"
    for m in p.mentions:
        opening = s <= m.para_start < i and _subject_like(p, m) and _plain_name(p, m)
        if opening and _referent(p, m, set(_SPEAKER_LABELS), ()):
            return _speaker_of(p, m.para_start, m.para_end, True)
    for k in range(p.token_at(s), p.token_at(i)):  # "X has vowed … and told him to “…”"
        if _cue_at(p, k) and not p.tokens[k][2].endswith("ing"):
            return subject_before(p, k) or _opening_phrase(p, s, i)
    return _opening_phrase(p, s, i)


def _opening_phrase(p: _Para, s: int, i: int) -> _Speaker | None:
    """The noun phrase opening the sentence at ``s`` (before offset ``i``) up to its verb, a
    determiner first ("The player himself has kept …"): a described speaker."""
    k = p.token_at(s)
    if k >= len(p.tokens) or p.tokens[k][2].lower() not in ("the", "a", "an"):
        return None
    last = k
    while last + 1 < len(p.tokens) and p.tokens[last + 1][0] < i and last - k < 5:
        tok = p.tokens[last + 1][2]
        if (
            tok.lower() in _AUX
            or tok.lower() in _BE
            or not tok[0].isalnum()
            or _cue_at(p, last + 1)
        ):
            break
        last += 1
    while last > k and p.tokens[last][2].lower() in _REFLEXIVE:
        last -= 1
    if last == k or last + 1 >= len(p.tokens) or p.tokens[last + 1][0] >= i:
        return None
    return _speaker_of(p, p.tokens[k][0], p.tokens[last][1], True)


_REFLEXIVE = words("himself herself itself themselves")


def _in_sentence_cue(p: _Para, q: Piece) -> tuple[str, _Speaker] | None:
    """A speech verb in the quote's sentence before it (else after it), with its speaker."""
    s, e = p.sentence(q.start)
    before = range(p.token_at(q.start) - 1, p.token_at(s) - 1, -1)
    after = range(p.token_at(q.end), p.token_at(e))
    for j in (*before, *after):
        cue = _cue_at(p, j)
        if not cue or cue in ADJACENT:
            continue
        if cue in NAMING and _naming_only(p, j) and j < p.token_at(q.start):
            return None  # "what is being called “NATO Mission Ukraine”": a name
        speaker = _cue_subject(p, j)
        if speaker is None and p.tokens[j][2].endswith("ing"):
            speaker = _sentence_subject(p, q.start, ())
        if speaker is None and j + 1 < len(p.tokens) and j >= p.token_at(q.end):
            speaker = subject_after(p, j + 1)
        if speaker is not None:
            return cue, speaker
    return None


def _headline_speaker(p: _Para, start: int) -> _Speaker | None:
    """``Name: “…”`` / ``mayor: …`` at the start of a short paragraph (a headline)."""
    s = p.sentence(start)[0]
    colon = p.text.rfind(":", s, start)
    if colon < 0 or len(p.text) > 220:
        return None
    k = p.token_at(colon) - 1
    first = k
    while first >= 0 and p.tokens[first][2] not in "–—-|,.;" and k - first < 5:
        first -= 1
    if first == k:
        return None
    return _speaker_of(p, p.tokens[first + 1][0], p.tokens[k][1], True)


def _lead(p: _Para, start: int) -> str:
    """The text of the sentence before offset ``start``."""
    return p.text[p.sentence(start)[0] : start].strip()


def _tail_words(p: _Para, end: int) -> bool:
    """Words follow offset ``end`` in its sentence (the quote is inside a sentence)."""
    return bool(re.search(r"\w", p.text[end : p.sentence(max(end - 1, 0))[1]]))


def _previous_speaker(found: Sequence[_Found], pos: int) -> _Speaker | None:
    """The speaker of the latest quote in this or the previous paragraph."""
    for f in reversed(found):
        if f.pieces[-1].pos < pos - 1:
            return None
        if f.speaker is not None:
            return f.speaker
    return None


def _nearest_person(p: _Para, start: int, subject: bool = False) -> _Speaker | None:
    """The last PERSON named in the paragraph before offset ``start`` (outside quotes; with
    ``subject``, as a sentence's subject)."""
    people = [m for m in p.mentions if m.label == "PERSON" and m.para_end <= start]
    people = [m for m in people if not p.in_quote(m.para_start)]
    if subject:
        people = [m for m in people if _subject_like(p, m)]
    if not people:
        return None
    m = people[-1]
    return _Speaker(p.pos, m.para_start, m.para_end, m.text, "named", mention=m)


def _defined_term(p: _Para, start: int, end: int) -> bool:
    """A quote of one to three words in parentheses: a term defined ("Norlake" or the
    "Company")."""
    opening = p.text.rfind("(", max(0, start - 40), start)
    if opening < 0 or ")" in p.text[opening:start] or len(p.text[start:end].split()) > 3:
        return False
    return ")" in p.text[end : end + 40]


def _nickname(p: _Para, start: int, end: int) -> bool:
    """A quote of one to three words inside a name: CALLUM ‘The Cannon’ Jones."""
    return (
        len(p.text[start:end].split()) <= 3
        and re.search(r"[A-Z][\w’'.-]*\s+$", p.text[max(0, start - 30) : start]) is not None
        and re.match(r"\s+[A-Z][a-z]", p.text[end : end + 3]) is not None
    )


def _attribute(ps: Sequence[_Para], q: list[Piece], found: list[_Found]) -> _Found | None:
    """Speaker, cue and kind of one marked quote (see the module docstring, step 2)."""
    first, last = q[0], q[-1]
    pf, pl = ps[first.pos], ps[last.pos]
    if first.pos == q[-1].pos and (
        _defined_term(pf, first.start, q[-1].end) or _nickname(pf, first.start, q[-1].end)
    ):
        return None  # a term defined in parentheses, (the “Company”), or a nickname
    content = pl.text[last.start : last.end].rstrip(_QUOTE_CHARS + " ")
    ends_clause = content.endswith((".", "!", "?", "…")) and not content.endswith(",")
    after = _after_attribution(pl, last.end, ends_clause and content.endswith("."))
    if after is not None:
        cue, speaker, end = after
        kind = "partial" if _lead(pf, first.start) else "direct"
        return _Found(q, kind, cue, speaker, attribution=(pl.pos, last.end, end))
    before = _before_attribution(pf, first.start)
    if before is not None:
        cue, speaker, linked, begin = before  # the attribution: from the verb (a participle's)
        if speaker is None:
            speaker = _sentence_subject(pf, first.start, found)
        elif speaker.pos == pf.pos and speaker.start < first.start:
            begin = min(begin, speaker.start)  # "…, the ministry said, in a heist X called “…”"
        opening = pf.text[first.start + 1 : first.start + 3].lstrip(_QUOTE_CHARS + " ")
        inside = linked or opening[:1].islower() or _tail_words(pl, last.end) or cue in NAMING
        region = (pf.pos, begin, first.start)
        return _Found(q, "partial" if inside else "direct", cue, speaker, attribution=region)
    return _attribute_loosely(ps, q, found)


def _attribute_loosely(ps: Sequence[_Para], q: list[Piece], found: list[_Found]) -> _Found | None:
    """No speech verb next to the quote: one elsewhere in its sentence (a partial quote), a
    headline ``Name: “…”``, or a quote standing alone (the previous speaker's)."""
    first, last = q[0], q[-1]
    pf = ps[first.pos]
    lead = _lead(pf, first.start)
    inside = bool(lead) or _tail_words(ps[last.pos], last.end)
    if inside:
        hit = _in_sentence_cue(pf, first)
        if hit is not None:
            return _Found(q, "partial", hit[0], hit[1])
        if lead.endswith(":"):
            speaker = _headline_speaker(pf, first.start)
            if speaker is not None and (speaker.kind != "description" or not _headline(pf)):
                return _Found(q, "direct", "", speaker)
        return _headline_quote(ps, q, "partial" if lead else "direct")
    introduced = _introduced(ps, q, found)
    if introduced is not None:
        return introduced
    speaker = _previous_speaker(found, first.pos)
    s = pf.sentence(first.start)[0]
    subject = _nearest_person(pf, s, subject=True) if s > 0 else None
    if subject is not None and (
        speaker is None or (speaker.pos, speaker.start) < (pf.pos, subject.start)
    ):
        speaker = subject  # "Novak smiled. “Ask me again in two years.”"
    if speaker is None:
        if s > 0:
            speaker = _nearest_person(pf, s)
        elif first.pos > 0 and ps[first.pos - 1].tokens:
            before = ps[first.pos - 1]
            speaker = _nearest_person(before, len(before.text))
    if speaker is None:
        return _headline_quote(ps, q, "direct")
    return _Found(q, "direct", "", speaker, implicit=True)


def _introduced(ps: Sequence[_Para], q: list[Piece], found: list[_Found]) -> _Found | None:
    """A quote opening its paragraph after one ending in a speech verb and a colon ("Mark
    Elwood, of the collision unit, said:"): that verb's speaker's, as for a block quote."""
    first = q[0]
    if first.pos == 0 or first.start > 1:
        return None
    a = ps[first.pos - 1]
    if not a.tokens or not a.text.rstrip().endswith(":") or len(a.tokens) < 2:
        return None
    k = len(a.tokens) - 2
    cue = _cue_at(a, k)
    if not cue or cue in NAMING:
        return None
    speaker = _cue_subject(a, k) or _sentence_subject(a, a.tokens[k][0], found)
    region = (a.pos, a.sentence(a.tokens[k][0])[0], len(a.text))
    return _Found(q, "direct", cue, speaker, attribution=region) if speaker else None


def _headline(p: _Para) -> bool:
    """A headline (or a first paragraph, where normalise may have joined it with the
    standfirst)."""
    return p.para.kind == "title" or p.pos == 0


def _headline_quote(ps: Sequence[_Para], q: list[Piece], kind: str) -> _Found | None:
    """A quote of three or more words in the headline with no speaker there ("‘HE WOULDN’T
    LET GO’"), not a title after an article ("the ‘Beast of Bodmin’"): its speaker is the
    story's (see :func:`_forward_speakers`)."""
    first = q[0]
    p = ps[first.pos]
    if not _headline(p) or len(q) > 1:
        return None
    content = p.text[first.start : q[-1].end]
    if len(re.findall(r"\w+", content)) < 3 or re.search(
        r"\b(?:the|a|an)\s*$", p.text[: first.start], re.I
    ):
        return None
    return _Found(q, kind, "", None, implicit=True, forward=True)


def _forward_speakers(ps: Sequence[_Para], found: Sequence[_Found]) -> None:
    """A headline quote takes the resolved speaker of the later quote sharing most words with
    it, else of the story's first quote whose speaker is resolved."""

    def vocabulary(f: _Found) -> set[str]:
        """The quote's words of three letters or more, lower case."""
        text = " ".join(ps[pc.pos].text[pc.start : pc.end] for pc in f.pieces)
        return set(re.findall(r"\w{3,}", text.lower()))

    for f in found:
        if not f.forward:
            continue
        later = [
            g
            for g in found
            if g.key > f.key and not g.forward and g.speaker is not None and g.speaker.entity_id
        ]
        if not later:
            continue
        mine = vocabulary(f)
        best = max(
            later, key=lambda g: (len(mine & vocabulary(g)), g.kind != "indirect", -later.index(g))
        )
        f.speaker = best.speaker


#: the rest of an attribution's sentence: "…,” Lunde told a news conference. “…"
_REST_OF_ATTRIBUTION = re.compile(r"[^.!?;:" + _QUOTE_CHARS + r"]{0,100}\.\s*")


def _joins_previous(ps: Sequence[_Para], prev: _Found, q: list[Piece]) -> bool:
    """``“A,” he said, “b …”``: the quote continues the previous one after its attribution."""
    if prev.attribution is None or prev.kind != "direct" or prev.pieces[-1].pos != q[0].pos:
        return False
    pos, start, end = prev.attribution
    if pos != q[0].pos or start < prev.pieces[-1].end:
        return False
    gap = ps[pos].text[end : q[0].start]
    if re.fullmatch(r"\s*[,:;—–-]\s*", gap):
        return True
    if _REST_OF_ATTRIBUTION.fullmatch(
        gap
    ):  # “A,” he said (to X). “B.”: B goes on unless attributed
        last = q[-1]
        return _after_attribution(ps[last.pos], last.end, False) is None
    return False


def _block_quotes(ps: Sequence[_Para], found: list[_Found], marked: set[int]) -> list[_Found]:
    """A paragraph ending in a speech verb and a colon ("Stoltenberg said:") introduces the
    next paragraph, without quote marks, as a direct quote."""
    out = []
    for a, b in itertools.pairwise(ps):
        if b.pos in marked or not a.tokens or not re.search(r"[:,]\s*$", a.text):
            continue
        k = len(a.tokens) - 2
        cue = _cue_at(a, k)
        if not cue or cue in NAMING or len(b.text.split()) < 4:
            continue
        speaker = _cue_subject(a, k) or _sentence_subject(a, a.tokens[k][0], found)
        piece = Piece(b.pos, 0, _trim_end(b.text, len(b.text)))
        region = (a.pos, a.sentence(a.tokens[k][0])[0], len(a.text))
        out.append(_Found([piece], "direct", cue, speaker, attribution=region))
    return out


# --- indirect speech --------------------------------------------------------------------------

_DATELINE = re.compile(r"^[A-Z][A-Z .’'-]{2,},[^—–]{0,40}?(?:\([^)]*\))?\s*[—–-]\s+")
_PREPOSITIONS = words("on in at during after before via through from to with by")
#: verbs whose content is an infinitive ("urged residents to sign up", "vowed to fight")
_DIRECTIVE = words("urge warn vow pledge promise ask tell threaten")
#: verbs whose infinitive is what was said ("vowed to fight on")
_COMMISSIVE = words("vow pledge promise threaten")
#: where a statement is made ("said in a statement", "told a press conference")
_SETTINGS = words("statement interview conference briefing post speech letter email release")
_NOT_CLAUSE = words("to for about of on with by against")


#: a second reported clause of the same verb: "said A and that B"
_AND_THAT = re.compile(r",?\s+(?:and|but)\s+that\s+")


#: a speaker's request for anonymity
_NOT_NAMED = re.compile(r"\bnot (?:to )?be (?:named|identified|used|quoted)\b")


#: words linking a reported clause to what follows it
_LINK = re.compile(r",?\s+(?:and|but)\s+|,\s+(?:as|while)\s+")


def _clause_end(p: _Para, start: int, stop: int) -> int:
    """End of a reported clause: the sentence end, or a following ", X said" / "according to"
    attribution."""
    for pattern in (_ACCORDING, _TRAILING_ATTRIBUTION):
        cut = pattern.search(p.text, start, stop)
        if cut:
            stop = cut.start()
    return _trim_end(p.text, stop)


def _clause(p: _Para, start: int, end: int) -> tuple[int, int] | None:
    """A reported clause of at least four words, clear of quote marks (quotes inside it are
    reported as partial quotes)."""
    text = p.text[start:end]
    trimmed = text.rstrip(" ,;:.—–-")
    lead = len(text) - len(text.lstrip(" ,"))
    s, e = start + lead, start + len(trimmed)
    if e - s < 10 or len(p.text[s:e].split()) < 4:
        return None
    first = p.text[s:e].split()[:2]
    subordinate = first[0] == "even" and first[1:] and first[1] in _STOP_BACK
    if first[0].lower() in _STOP_BACK - {"that", "to", "not"} or subordinate:
        return None  # "…, X said, even though …": no clause of hers
    if _quotes_in(p, s, e):
        return None
    return s, e


def _quotes_in(p: _Para, s: int, e: int) -> list[int]:
    """Starts of the quotes overlapping ``text[s:e]`` that report someone's words (not terms
    defined in parentheses, nicknames or names: "what staff called ‘ghost accounts’")."""
    return [qs for qs, qe in p.quoted if qs < e and s < qe and qs in p.spoken]


def _clause_after(p: _Para, j: int, cue: str) -> int | None:
    """Where the clause reported by the speech verb at token ``j`` starts ("that" skipped, an
    addressee skipped after "told", an adverbial before a comma skipped)."""
    sent_end = p.sentence(p.tokens[j][0])[1]
    k = j + 1
    for i in range(j + 1, min(j + 13, len(p.tokens))):
        tok = p.tokens[i][2]
        if p.tokens[i][0] >= sent_end or tok in ".;:!?":
            break
        if tok == "that":
            return p.tokens[i][1]
        if tok in ("and", "but") or _cue_at(p, i):  # "said A and that B"; another verb's "that"
            break
    if k >= len(p.tokens) or p.tokens[k][0] >= sent_end or p.tokens[k][2] == "by":
        return None  # nothing, or a passive: "the measures announced by X"
    if cue in ADDRESSEE:
        objs = [m for m in p.mentions if m.para_start == p.tokens[k][0]]
        if objs:
            k = p.token_at(objs[0].para_end)
        elif p.tokens[k][2].lower() in _DETERMINERS:
            k += 2
        elif p.tokens[k][2].islower() and p.tokens[k][2] not in _NOT_CLAUSE:
            k += 1  # "told reporters", not "told of"
    while k < len(p.tokens) and p.tokens[k][2].endswith("ly") and p.tokens[k][2].islower():
        k += 1  # "spoke vaguely of": the adverb is no clause
    negated = k + 1 < len(p.tokens) and p.tokens[k][2] == "not" and p.tokens[k + 1][2] == "to"
    directive = k < len(p.tokens) and cue in _DIRECTIVE and (p.tokens[k][2] == "to" or negated)
    k = _past_adverbial(p, k) if not directive else k
    if (
        k < len(p.tokens)
        and not directive
        and (p.tokens[k][2] in _PREPOSITIONS or p.tokens[k][2].lower() in _TIME)
    ):
        comma = next(
            (i for i in range(k, min(k + 9, len(p.tokens))) if p.tokens[i][2] == ","), None
        )
        if comma is None or p.tokens[comma][0] >= sent_end:
            return None
        k = comma + 1
    if k >= len(p.tokens):
        return None
    after = p.tokens[k + 1][2] if k + 1 < len(p.tokens) else ""
    about = p.tokens[k][2] == "about" and after[:1].isdigit()  # "said about 34,000 homes"
    infinitive = cue in _DIRECTIVE and p.tokens[k][2] == "to"
    if p.tokens[k][2].lower() in _NOT_CLAUSE and not infinitive and not about:
        return None
    return p.tokens[k][0]


def _past_adverbial(p: _Para, k: int) -> int:
    """Token index after a short time or setting adverbial at token ``k`` ("on Tuesday", "in
    a statement", "last week,"), else ``k``."""
    if k >= len(p.tokens):
        return k
    low = p.tokens[k][2].lower()
    if low not in _PREPOSITIONS and low not in _TIME and low != "last":
        return k
    for i in range(k, min(k + 5, len(p.tokens))):
        word = p.tokens[i][2].lower()
        if word in _TIME or word in _SETTINGS or word[:1].isdigit():
            i += 1
            while i < len(p.tokens) and (
                p.tokens[i][2] in (",", ")") or p.tokens[i][2][:1].isdigit()
            ):
                i += 1
            return i
        if p.tokens[i][2] in ",.;:":
            return k
    return k


def _reported_before(p: _Para, j: int, cue: str) -> list[tuple[_Speaker, int, int]]:
    """``X said (that) CLAUSE``: [(speaker, clause start, clause end)] (two clauses for "said
    A and that “B” …"); the second of two verbs ("X said … and urged …") takes the sentence's
    subject."""
    speaker = subject_before(p, j)
    if speaker is None and j > 0 and p.tokens[_skip_aux_back(p, j)][2] in ("and", "but"):
        speaker = _sentence_subject(p, p.tokens[j][0], ())
    if speaker is None:
        return []
    start = _clause_after(p, j, cue)
    if start is None:
        return []
    end = _clause_end(p, start, p.sentence(start)[1])
    return [
        (speaker if i == 0 else replace(speaker), *c) for i, c in enumerate(_clauses(p, start, end))
    ]


def _clauses(p: _Para, start: int, end: int) -> list[tuple[int, int]]:
    """The reported clause ``text[start:end]``, or when quote marks are in it, its parts
    linked by "and that" clear of them ("said A and that “B”": A), else its part before the
    last link word ahead of the quote ("told analysts A and would consider “B”": A)."""
    whole = _clause(p, start, end)
    inside = _quotes_in(p, start, end)
    if whole is not None or not inside:
        return [whole] if whole else []
    cuts = [(m.start(), m.end()) for m in _AND_THAT.finditer(p.text, start, end)]
    if not cuts:
        links = list(_LINK.finditer(p.text, start, min(inside)))
        cuts = [(links[-1].start(), end)] if links else []
    bounds = [start, *(x for c in cuts for x in c), end]
    parts = (_clause(p, a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True))
    return [c for c in parts if c]


def _reported_after(p: _Para, j: int) -> tuple[_Speaker, int, int] | None:
    """``CLAUSE, X said.`` or ``CLAUSE, said X.``: (speaker, clause start, clause end)."""
    s, e = p.sentence(p.tokens[j][0])
    speaker = subject_after(p, j + 1) if j > 0 and p.tokens[j - 1][2] == "," else None
    if speaker is not None and ", " in (subject_before(p, j) or speaker).text:
        speaker = None  # "X, the minister, said …": the subject comes before
    if speaker is not None and _attribution_ends(p, p.token_at(speaker.end), e):
        comma = p.tokens[j - 1][0]
    else:
        speaker = subject_before(p, j)
        if speaker is None:
            return None
        k = p.token_at(speaker.start) - 1
        if k < 0 or p.tokens[k][2] != "," or not _attribution_ends(p, j + 1, e, loose=True):
            return None
        if _OBJECT_RELATIVE.search(speaker.text):
            return None  # "…, a charge the company denied": the object of another's words
        comma = p.tokens[k][0]
    start = s + (_DATELINE.match(p.text[s:e]).end() if _DATELINE.match(p.text[s:e]) else 0)
    clause = _clause(p, start, comma)
    return (speaker, *clause) if clause else None


#: a noun followed by another noun phrase: "a charge the company (denied)" (not a preposition's
#: object: "officials briefed on the plan")
_OBJECT_RELATIVE = re.compile(
    r"\b(?!(?:"
    + "|".join(
        _PREPOSITIONS
        | words("of for about against over under into across among near inside outside than like")
    )
    + r") )[a-z]+ (?:the|a|an) "
)


def _attribution_ends(p: _Para, k: int, sent_end: int, loose: bool = False) -> bool:
    """After "…, X said" the sentence or clause ends, maybe after a time or setting adverbial
    ("on Tuesday", "in a statement"); ``loose`` (after "X said", not "said X"): also after an
    addressee of "told" ("told AFP", "told reporters") or any short prepositional phrase ("in a
    memo to staff", "after the summit"); never before a "that" or another speech verb."""
    if loose and k < len(p.tokens) and CUE_LEMMA.get(p.tokens[k - 1][2]) in ADDRESSEE:
        k = _past_addressee(p, k, sent_end)
    if k >= len(p.tokens) or p.tokens[k][0] >= sent_end or p.tokens[k][2] in ".,;!?—–":
        return True
    first = p.tokens[k][2].lower()
    if (first not in _PREPOSITIONS and first not in _TIME) or (loose and first == "to"):
        return False
    timely = loose
    for i in range(k, min(k + 9, len(p.tokens))):
        tok = p.tokens[i]
        if tok[0] >= sent_end or (tok[2] in ".,;!?—–" and i > k):
            return timely
        low = tok[2].lower()
        timely = timely or low in _TIME or low[:1].isdigit() or low in _SETTINGS
        if tok[2] == "that" or _cue_at(p, i):
            return False
    return False


def _past_addressee(p: _Para, k: int, sent_end: int) -> int:
    """Token index after the addressee starting at token ``k`` (a run of capitalised words,
    or a lower-case noun phrase of up to three words)."""
    first = k
    capital = p.tokens[k][2][:1].isupper()
    while k < len(p.tokens) and p.tokens[k][0] < sent_end and k < first + (6 if capital else 3):
        tok = p.tokens[k][2]
        if not tok[:1].isalpha() or tok.lower() in _PREPOSITIONS or tok.lower() in _TIME:
            break
        if tok[:1].isupper() != capital and not (k == first and tok.lower() in _DETERMINERS):
            break
        k += 1
    return k


def _according_to(p: _Para, m: re.Match[str]) -> tuple[_Speaker, int, int] | None:
    """``according to X, CLAUSE`` and ``CLAUSE, according to X``."""
    k = p.token_at(m.end())
    speaker = subject_after(p, k)
    if speaker is None:
        return None
    s, e = p.sentence(m.start())
    if not p.text[s : m.start()].strip(" ,"):
        after = p.text.find(",", speaker.end, e)
        clause = _clause(p, after + 1, e) if after >= 0 else None
    else:
        start = s + (_DATELINE.match(p.text[s:e]).end() if _DATELINE.match(p.text[s:e]) else 0)
        clause = _clause(p, start, m.start())
    return (speaker, *clause) if clause else None


def indirect_speech(p: _Para, taken: Sequence[tuple[int, int]]) -> list[_Found]:
    """Reported speech without quote marks in one paragraph; ``taken`` are the character
    spans of attributions already used by quotes."""
    out: list[_Found] = []
    for j, (s, _, tok) in enumerate(p.tokens):
        cue = CUE_LEMMA.get(tok)
        if cue and ((j > 0 and _determined(p, j - 1)) or _modifier(p, j)):
            continue  # an adjective or noun: "an estimated $1.4 million", "the report"
        if not cue or cue in NAMING or cue in MANNER or cue in ADJACENT:
            continue
        if any(a <= s < b for a, b in taken):
            continue
        if tok.endswith("ing") and not (j > 0 and p.tokens[j - 1][2].lower() in _BE):
            hit = _participle_clause(p, j)
            if hit is not None:
                out.append(_Found([Piece(p.pos, hit[1], hit[2])], "indirect", cue, hit[0]))
            continue
        if j + 1 < len(p.tokens) and p.tokens[j + 1][2] == "to" and cue not in _COMMISSIVE:
            continue
        if tok == cue and (j == 0 or p.tokens[j - 1][2] in ",;:(—–" or s in p.sentences):
            continue  # a bare form opening a phrase is a noun: "…, state miner X said"
        after = _reported_after(p, j)
        for speaker, cs, ce in [after] if after else _reported_before(p, j, cue):
            if _NOT_NAMED.search(p.text, max(0, cs - 4), ce):
                continue  # "asked that her name not be used": a request, not a statement
            out.append(_Found([Piece(p.pos, cs, ce)], "indirect", cue, speaker))
    heading = _labelled_heading(p)
    if heading is not None:
        out.append(heading)
    for m in _ACCORDING.finditer(p.text):
        if p.in_quote(m.start()):
            continue
        hit = _according_to(p, m)
        if hit is not None:
            speaker, cs, ce = hit
            out.append(_Found([Piece(p.pos, cs, ce)], "indirect", "according_to", speaker))
    return _without_overlaps(out)


def _determined(p: _Para, k: int) -> bool:
    """Token ``k`` is a determiner (not a name's "One": "Hydro One said")."""
    word = p.tokens[k][2]
    return word in _DETERMINERS or (word.lower() in _DETERMINERS and p.tokens[k][0] in p.sentences)


def _headline_speech(p: _Para, taken: Sequence[tuple[int, int]]) -> list[_Found]:
    """A headline ending in its attribution: "EU to take charge of deportations, Markovic
    says"."""
    j = len(p.tokens) - 1
    while j > 0 and not p.tokens[j][2][:1].isalnum():
        j -= 1  # a final full stop
    cue = _cue_at(p, j)
    if not cue or cue in NAMING or any(a <= p.tokens[j][0] < b for a, b in taken):
        return []
    hit = _reported_after(p, j)
    if hit is None or p.text[hit[0].end : p.tokens[j][0]].strip():
        return []  # the speaker must come right before the verb
    speaker, cs, ce = hit
    return [_Found([Piece(p.pos, cs, ce)], "indirect", cue, speaker)]


def _participle_clause(p: _Para, j: int) -> tuple[_Speaker, int, int] | None:
    """``…, adding that CLAUSE`` / ``…, warning that CLAUSE``: the clause, spoken by the
    subject of the speech verb before it in the sentence, else by the sentence's subject."""
    if not 0 < j < len(p.tokens) - 1 or p.tokens[j - 1][2] != "," or p.tokens[j + 1][2] != "that":
        return None
    s, e = p.sentence(p.tokens[j][0])
    start = p.tokens[j + 1][1]
    clause = _clause(p, start, _clause_end(p, start, e))
    if clause is None:
        return None
    speaker = None
    for k in range(j - 2, p.token_at(s) - 1, -1):
        if _cue_at(p, k) and not p.tokens[k][2].endswith("ing"):
            speaker = subject_before(p, k)
            break
    speaker = speaker or _sentence_subject(p, p.tokens[j][0], ())
    return (replace(speaker), *clause) if speaker is not None else None


#: a short heading "Name: what they said" (see :func:`_labelled_heading`)
_LABEL = re.compile(r"^[^:]{2,40}:\s.{8,90}$")


def _labelled_heading(p: _Para) -> _Found | None:
    """A short heading giving a name and what it said, no quote marks ("Basarnas: 31 bodies
    recovered" in a live blog)."""
    if len(p.text) > 100 or p.quoted or not p.mentions:
        return None
    m = p.mentions[0]
    if (
        m.para_start != 0
        or m.label not in ("PERSON", "ORG")
        or p.text[m.para_end : m.para_end + 1] != ":"
    ):
        return None
    start = m.para_end + 1 + len(p.text[m.para_end + 1 :]) - len(p.text[m.para_end + 1 :].lstrip())
    end = _trim_end(p.text, len(p.text))
    if len(p.text[start:end].split()) < 3 or re.search(r"@|://", p.text[start:end]):
        return None
    speaker = _Speaker(p.pos, 0, m.para_end, m.text, "named", mention=m)
    return _Found([Piece(p.pos, start, end)], "indirect", "", speaker)


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """One clause per stretch of text: the first found of overlapping ones."""
    out: list[_Found] = []
    for f in sorted(found, key=lambda f: f.key):
        piece = f.pieces[0]
        if any(o.pieces[0].start < piece.end and piece.start < o.pieces[0].end for o in out):
            continue
        out.append(f)
    return out


# --- speakers resolved to entities ------------------------------------------------------------


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
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
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


class _Entities:
    """A document's entities: fullest names, titles and appositives (roles), antecedents."""

    def __init__(self, ps: Sequence[_Para]) -> None:
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
            first.lower() in _TITLE_WORDS
            or first.lower() in _TITLE_TAILS
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

    def fits(self, candidate: _Speaker | Mention, pronoun: str) -> bool:
        """Whether a he/she can refer to the candidate (its known gender agrees)."""
        if pronoun not in ("he", "she"):
            return True
        key = candidate.entity_id if isinstance(candidate, _Speaker) else self.key_of(candidate)
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
                if m.label in _SPEAKER_LABELS and head in near:
                    out.setdefault(entity_key(m), set()).update(_role_words(p, m))
        return out

    def name(self, speaker: _Speaker, m: Mention) -> None:
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
        modifier = after and (m.label != "ORG" or demonym)
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
                    while lead and (lead[0].lower() in _TITLE_WORDS or lead[0] in _CONNECTIVES):
                        titled = titled or lead[0].lower() in _TITLE_WORDS
                        lead = lead[1:]
                    if lead and lead[0].lower() not in _DETERMINERS:
                        runs.add(" ".join([*lead, name]))
                        if titled:  # "Superintendent Karen Lindqvist": a person
                            self._titled.add(" ".join([*lead, name]))
            self._fuller[name] = runs.pop() if len(runs) == 1 else name
        return self._fuller[name]

    def name_text(self, speaker: _Speaker) -> None:
        """Name a speaker NER did not tag, from its capitalised words."""
        name = self.untitled(clean_name(speaker.name))
        key = self.by_name.get(ascii_fold(name))
        if key is None:
            speaker.entity_id, speaker.name = name_key(name, "PERSON"), name
        else:
            speaker.entity_id, speaker.name = key, self.names[key]

    def describe(self, speaker: _Speaker) -> bool:
        """Resolve a definite description to the one entity whose roles hold its head word."""
        words = [w.lower() for w in re.findall(r"[\w’'-]+", speaker.text)]
        if not words or words[0] in _INDEFINITE or speaker.kind == "anonymous":
            return False
        if words[0] not in ("the",) and not words[0].endswith(("’s", "'s")) and len(words) > 3:
            return False
        if speaker.head in ORG_NOUNS and self._organisation(speaker, words):
            return True
        head = _singular(speaker.head)
        wanted = {w for w in words if w not in _DETERMINERS and not w.endswith(("’s", "'s"))}
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

    def _organisation(self, speaker: _Speaker, words: list[str]) -> bool:
        """ "the prefecture" → the document's "Kumamoto Prefecture" (a longer name ending in
        the description's words, or an organisation whose name holds its head word); "the
        Lyon prosecutor's office" → that phrase, a name NER did not tag."""
        content = [w for w in words if w not in _DETERMINERS]
        tail = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in content) + r"\b", re.I)
        longer = []
        for p in self.ps:
            for m in tail.finditer(p.text):
                lead = []  # the capitalised words right before: "Kumamoto" Prefecture
                for w in reversed(p.text[max(0, m.start() - 60) : m.start()].split()[-4:]):
                    if not w[:1].isupper() or w[-1:] in ",.;:" or w in _CONNECTIVES:
                        break
                    lead.insert(0, w)
                if lead and lead[0].lower() in _DETERMINERS:
                    lead = lead[1:]
                if lead:
                    longer.append(" ".join([*lead, *m.group(0).split()]))
        if not longer:
            holders = {
                k
                for k, n in self.names.items()
                if self.labels[k] in ("ORG", "FAC", "GPE")
                and speaker.head in re.split(r"[\s-]+", n.lower())
            }
            if len(holders) == 1:
                (key,) = holders
                speaker.entity_id, speaker.name = key, self.names[key]
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

    def salient_organisation(self, speaker: _Speaker) -> bool:
        """ "the company", "the lender" with no organisation of that name: the one the story
        names most often (at least twice) up to the speaker; not for a state body ("the
        government", "the court"), which is seldom the story's organisation."""
        if speaker.head in _STATE_BODIES or speaker.head not in ORG_NOUNS:
            return False
        counts: dict[str, int] = {}
        for p in self.ps[: speaker.pos + 1]:
            for m in p.mentions:
                if m.label == "ORG" and p.para.kind not in _NOT_STORY and _plain_name(p, m):
                    key = self.key_of(m)
                    counts[key] = counts.get(key, 0) + 1
        if not counts or max(counts.values()) < 2:
            return False
        key = max(counts, key=lambda k: counts[k])  # dicts keep first-mention order
        speaker.entity_id, speaker.name = key, self.names[key]
        return True


def _plain_name(p: _Para, m: Mention) -> bool:
    """A mention in running text: not a capitalised dateline ("HARTFORD, Conn.") nor a
    credit in brackets ("(Reuters)")."""
    if m.text.isupper() and len(m.text) > 4:
        return False
    return not (
        p.text[m.para_start - 1 : m.para_start] == "("
        and p.text[m.para_end : m.para_end + 1] == ")"
    )


#: modifiers that do not make an organisation noun a name ("the same agency")
_NOT_NAMING = words("same other another new former local both two three several whole entire")

#: organisation nouns naming a body of the state, not a story's company or agency
_STATE_BODIES = words(
    "government ministry department council court parliament senate congress cabinet kremlin "
    "army navy military force embassy administration assembly authorities authority police"
)


def _role_words(p: _Para, m: Mention) -> set[str]:
    """Lower-case words of a mention's title ("Interior Minister X"), and of an appositive
    after it (", the prime minister,") or before it ("The prime minister, X,"); kept per
    mention (string slicing only: this runs for every mention a description is tested on)."""
    key = (m.para_start, m.para_end)
    if key in p.roles:
        return p.roles[key]
    text = p.text
    before = text[max(0, m.para_start - 60) : m.para_start]
    words: list[str] = []
    for w in reversed(before.split()[-4:] if before[-1:].isspace() else []):
        low = w.lower()
        if low in _STOP_BACK or low in CUE_LEMMA or low in _DETERMINERS or w[-1:] in ",.;:":
            break
        words.append(w)
    after = text[m.para_end : m.para_end + 90]
    if after.startswith(", "):
        words += _head_phrase(re.split(r"[,.;]", after[2:], maxsplit=1)[0].split()[:8])
    if before.endswith(", "):
        seg = before[:-2]
        cut = max(seg.rfind(c) for c in ".;,")
        words += _head_phrase(seg[cut + 1 :].split()[-8:])
    out = set()
    for w in words:
        low = w.lower().strip(".,")
        out.add(_singular(low))
        out.update(_singular(part) for part in re.split(r"[-’']", low) if part)
    p.roles[key] = out - _DETERMINERS
    return p.roles[key]


def _head_phrase(words: list[str]) -> list[str]:
    """The words of a noun phrase before its first preposition or clause word."""
    for i, w in enumerate(words):
        if w.lower() in _PREPOSITIONS or w.lower() in ("of", "who", "which", "that", "and"):
            return words[:i]
    return words


_FEMALE_ROLES = words(
    "woman mother mum mom wife daughter sister grandmother granny girl widow actress queen "
    "princess aunt niece girlfriend bride lady dame duchess"
)
_MALE_ROLES = words(
    "man father dad husband son brother grandfather grandad boy widower king prince uncle "
    "nephew boyfriend groom lord sir duke"
)
_NOT_MALE = words("woman human german roman ottoman")
#: paragraph kinds outside the story's text (an author is no antecedent)
_NOT_STORY = frozenset({"byline", "dateline"})
_HONORIFIC = re.compile(r"\b(?:(Mr|Sir|Lord)|(Mrs|Ms|Miss|Dame|Lady))\.?\s+$")
#: pronouns that refer back to a sentence's subject often enough ("her" and "him" do not)
_PRONOUN_GENDER = {"he": "m", "his": "m", "she": "f", "hers": "f"}


def _gender_votes(p: _Para, m: Mention) -> set[str]:
    """The genders the text gives a person's mention: an honorific before it, a gendered
    role word, or the first he/his/she after it in its sentence (or at the start of
    the next) when it is the sentence's subject and no other person comes between."""
    out: set[str] = set()
    honorific = _HONORIFIC.search(p.text[max(0, m.para_start - 6) : m.para_start])
    if honorific:
        out.add("m" if honorific.group(1) else "f")
    out.update(g for g in (_role_gender([w]) for w in _role_words(p, m)) if g)
    if not p.sentences or not _subject_like(p, m):
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


def _subject_like(p: _Para, m: Mention) -> bool:
    """A mention opening its sentence (after titles, articles or a leading adverbial or
    appositive: "Meanwhile, X" / "Her line manager, X,"), not an appositive ending it ("…
    met with China's envoy, Liu Wenjun."); a wire dateline before it does not count ("OSLO,
    Dec 14 (Reuters) - Norges Bank kept …")."""
    s = p.sentence(m.para_start)[0]
    lead = p.text[s : m.para_start]
    dateline = _DATELINE.match(lead)
    lead = lead[dateline.end() :] if dateline else lead
    if "," in lead:
        lead = lead.rsplit(",", 1)[1]
        if re.match(r"\s*[.;:!?]|\s*$", p.text[m.para_end :]):
            return False
    return len(lead.split()) <= 3 and not re.search(r"\b(?:of|by|with|to|and|for)\s*$", lead)


def _referent(
    p: _Para, m: Mention, labels: set[str], reported: Sequence[tuple[int, int, int]]
) -> bool:
    """A mention a pronoun can refer to: of the right sort (a person: a PERSON, or a name
    with a personal title or role), outside quotes and reported clauses, not a possessive
    or a modifier ("the Porto Alegre manager")."""
    if m.label not in labels and not ("PERSON" in labels and _titled(p, m)):
        return False
    if p.in_quote(m.para_start) or any(
        pos == p.pos and s <= m.para_start < e for pos, s, e in reported
    ):
        return False
    before = p.text[max(0, m.para_start - 4) : m.para_start].lower()
    after = p.text[m.para_end : m.para_end + 24].split()[:1]
    if after and after[0].rstrip(",.;:") in _TITLE_WORDS:
        return False  # "the Porto Alegre manager": the name modifies a role
    return not m.text.endswith(("’s", "'s")) and not before.endswith(("the ", " a ", "an "))


def _titled(p: _Para, m: Mention) -> bool:
    """A name NER did not label PERSON but that has a personal title or role next to it."""
    roles = _role_words(p, m)
    return bool(roles & _TITLE_WORDS) and m.label in ("ORG", "GPE", "NORP")


def _antecedent(
    ps: Sequence[_Para],
    history: Sequence[_Speaker],
    at: tuple[int, int],
    pronoun: str,
    reported: Sequence[tuple[int, int, int]] = (),
    entities: _Entities | None = None,
    quoted: frozenset[str] = frozenset(),
) -> _Speaker | Mention | None:
    """What a pronoun at (paragraph position, offset) refers to: the latest earlier speaker or
    sentence subject of the right sort (and, for he/she, of a gender the text does not
    contradict) in this or the two paragraphs before; else the latest mention of that sort.
    A person named in the words ``quoted`` (capitalised words of the quote the pronoun
    speaks) is passed over when another fits: people seldom name themselves."""
    people = pronoun in _PERSON_PRONOUNS
    labels = {"PERSON"} if people else {"ORG", "GPE", "NORP"}
    pos = at[0]
    candidates: list[tuple[tuple[int, int], int, _Speaker | Mention]] = []
    for sp in history:
        if (sp.pos, sp.start) < at and sp.pos >= pos - 2 and sp.kind != "pronoun":
            label = sp.mention.label if sp.mention else ""
            person_like = (
                label == "PERSON"
                or sp.entity_id.startswith("person:")
                or (not label and _singular(sp.head) == sp.head)
            )
            if (people and person_like) or (not people and label in labels):
                candidates.append(((sp.pos, sp.start), 2, sp))
    for p in ps[max(0, pos - 2) : pos + 1]:
        for m in p.mentions if p.para.kind not in _NOT_STORY else ():
            if (p.pos, m.para_start) >= at:
                continue
            sort = labels | {m.label} if people and entities and entities.is_person(m) else labels
            if not _referent(p, m, sort, reported):
                continue
            rank = 2 if _subject_like(p, m) else 1
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


def _name_words(candidate: _Speaker | Mention, entities: _Entities | None) -> list[str]:
    """The words of a candidate referent's fullest name."""
    if isinstance(candidate, _Speaker):
        return candidate.name.split()
    if entities is None:
        return candidate.text.split()
    return entities.names.get(entities.key_of(candidate), candidate.text).split()


def _gendered_further_back(
    ps: Sequence[_Para],
    history: Sequence[_Speaker],
    at: tuple[int, int],
    pronoun: str,
    entities: _Entities,
) -> _Speaker | Mention | None:
    """For a he/she with no fitting referent nearby: the latest earlier speaker, else person
    named as a sentence subject, anywhere before, whose gender the text gives and agrees."""

    def known(key: str) -> bool:
        """The text gives the entity a gender."""
        return bool(key) and bool(entities.gender_of(key))

    spoke = [sp for sp in history if (sp.pos, sp.start) < at and known(sp.entity_id)]
    spoke = [sp for sp in spoke if entities.fits(sp, pronoun)]
    if spoke:
        return spoke[-1]
    named = [
        m
        for p in ps[: at[0] + 1]
        if p.para.kind not in _NOT_STORY
        for m in p.mentions
        if (p.pos, m.para_start) < at and entities.is_person(m) and _subject_like(p, m)
    ]
    named = [m for m in named if known(entities.key_of(m)) and entities.fits(m, pronoun)]
    return named[-1] if named else None


def _role_gender(words: Sequence[str]) -> str:
    """``f``, ``m`` or ``""``: the gender a role word gives ("spokeswoman", "mum-of-three")."""
    for w in words:
        for part in w.lower().split("-"):
            if part in _FEMALE_ROLES or part.endswith("woman"):
                return "f"
            if part in _MALE_ROLES or (part.endswith("man") and part not in _NOT_MALE):
                return "m"
    return ""


def _refer_description(
    ps: Sequence[_Para],
    history: Sequence[_Speaker],
    sp: _Speaker,
    reported: Sequence[tuple[int, int, int]],
    entities: _Entities,
) -> None:
    """A person described by a role ("the dad-of-three", "the winger", "civil protection
    chief") that no entity's titles hold: the person it refers back to, as a pronoun of its
    gender would; an indefinite one in the story's lead ("A HERO mum said …"), before any
    person is named: the first person the next paragraphs name."""
    if entities.salient_organisation(sp):
        return
    words = re.findall(r"[\w’'-]+", sp.text)
    gender = _role_gender(words)
    indefinite = words[0].lower() in _INDEFINITE
    aged = re.search(r",\s*(?:aged\s+)?\d{1,3}\b", sp.text) is not None  # "The winger, 22,"
    role = gender or _singular(sp.head) in _TITLE_WORDS or aged
    if sp.anonymous_hint or not (role or (indefinite and _singular(sp.head) == sp.head)):
        return
    if not indefinite:
        ante = _antecedent(
            ps, history, (sp.pos, sp.start), _GENDER_PRONOUN[gender], reported, entities
        )
        if isinstance(ante, Mention):
            entities.name(sp, ante)
        elif ante is not None:
            sp.entity_id, sp.name, sp.mention = ante.entity_id, ante.name, ante.mention
        return
    story = [p for p in ps if p.para.kind in ("body", "")]
    if any(entities.is_person(m) for p in story if p.pos < sp.pos for m in p.mentions):
        return
    for p in story:
        for m in p.mentions if sp.pos <= p.pos <= sp.pos + 2 else ():
            if (p.pos, m.para_start) > (sp.pos, sp.end) and entities.is_person(m):
                entities.name(sp, m)
                return


#: the pronoun standing for a person of a gender ("i": any person)
_GENDER_PRONOUN = {"f": "she", "m": "he", "": "i"}


def resolve_speakers(ps: Sequence[_Para], found: Sequence[_Found]) -> None:
    """Give every speaker its entity (in document order, so pronouns see earlier speakers)."""
    entities = _Entities(ps)
    history: list[_Speaker] = []
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


# --- records ----------------------------------------------------------------------------------


def find_quotes(paragraphs: Sequence[Paragraph], mentions: Sequence[Mention]) -> list[_Found]:
    """Every quote and reported clause of one document, speakers resolved, in text order."""
    paras = sorted(paragraphs, key=lambda p: p.index)
    by_para: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.paragraph, m.para_start)):
        by_para.setdefault(m.paragraph, []).append(m)
    known = frozenset(w for m in mentions for w in m.text.split())
    ps = [
        _Para(para, i, para.text, by_para.get(para.index, []), known=known)
        for i, para in enumerate(paras)
    ]
    spans = quote_spans([p.text for p in ps])
    for q in spans:
        for piece in q:
            ps[piece.pos].quoted.append((piece.start, piece.end))
    for p in ps:
        if p.quoted or _CANDIDATE.search(p.text) or _LABEL.match(p.text):
            p.prepare()
    found: list[_Found] = []
    for q in spans:
        if found and _joins_previous(ps, found[-1], q):
            found[-1].pieces.extend(q)
            continue
        f = _attribute(ps, q, found)
        if f is not None:
            found.append(f)
    for f in found:
        for pc in f.pieces:
            ps[pc.pos].spoken.add(pc.start)
    marked = {piece.pos for q in spans for piece in q}
    found += _block_quotes(ps, found, marked)
    taken: dict[int, list[tuple[int, int]]] = {}
    for f in found:  # a partial quote's verb may report a clause beside it: "said A and that “B”"
        if f.attribution is not None and f.kind == "direct":
            taken.setdefault(f.attribution[0], []).append(f.attribution[1:])
    for p in ps:
        if p.tokens and p.para.kind in ("body", ""):
            found += indirect_speech(p, taken.get(p.pos, []))
        elif p.tokens and p.para.kind == "title":
            found += _headline_speech(p, taken.get(p.pos, []))
    found.sort(key=lambda f: f.key)
    resolve_speakers(ps, found)
    _forward_speakers(ps, found)
    _carry_implicit(found)
    return [f for f in found if f.speaker is not None]


def _carry_implicit(found: Sequence[_Found]) -> None:
    """A follow-up quote takes the resolved speaker of the quote it follows."""
    for f in found:
        if f.implicit and f.speaker is not None:
            f.speaker = _Speaker(
                f.speaker.pos,
                f.speaker.start,
                f.speaker.end,
                f.speaker.text,
                "implicit",
                mention=f.speaker.mention,
                name=f.speaker.name,
                entity_id=f.speaker.entity_id,
            )


def _raw(para: Paragraph, s: int, e: int) -> tuple[int, int]:
    return to_raw(para.source_map, para.start, s, e)


def quote_records(
    paragraphs: Sequence[Paragraph], found: Sequence[_Found], doc_id: str
) -> list[Quote]:
    """The found quotes as :class:`Quote` records with raw offsets."""
    paras = sorted(paragraphs, key=lambda p: p.index)
    out = []
    for n, f in enumerate(found, 1):
        first, last = f.pieces[0], f.pieces[-1]
        p0, p1 = paras[first.pos], paras[last.pos]
        raws = [(paras[pc.pos].page, *_raw(paras[pc.pos], pc.start, pc.end)) for pc in f.pieces]
        joined = ""
        for i, pc in enumerate(f.pieces):
            sep = "" if i == 0 else " … " if pc.pos == f.pieces[i - 1].pos else " "
            joined += sep + paras[pc.pos].text[pc.start : pc.end]
        end = raws[-1][2] if p1.page == p0.page else raws[0][2]
        sp = f.speaker
        spoken = sp is not None and not f.implicit
        s_raw = _raw(paras[sp.pos], sp.start, sp.end) if spoken and sp else (None, None)
        out.append(
            Quote(
                doc_id=doc_id,
                quote_id=f"{doc_id}:q{n:04d}",
                paragraph=p0.index,
                page=p0.page,
                start=raws[0][1],
                end=end,
                text=joined,
                kind=f.kind,
                cue=f.cue,
                speaker_text=sp.text if spoken and sp else "",
                speaker_start=s_raw[0],
                speaker_end=s_raw[1],
                speaker_entity_id=sp.entity_id if sp else "",
                speaker_name=sp.name if sp else "",
                speaker_kind=sp.kind if sp else "",
                speaker_page=paras[sp.pos].page if spoken and sp else None,
                parts=json.dumps([list(r) for r in raws]) if len(raws) > 1 else "",
                sentence=_sentence_text(paras, f),
                para_start=first.start,
                para_end=last.end,
            )
        )
    return out


def _sentence_text(paras: Sequence[Paragraph], f: _Found) -> str:
    """The paragraph text around the quote, cut to its sentence(s) by punctuation."""
    first, last = f.pieces[0], f.pieces[-1]
    if first.pos != last.pos:
        return ""
    text = paras[first.pos].text
    s = max(text.rfind(". ", 0, first.start) + 2, 0) if ". " in text[: first.start] else 0
    e = text.find(". ", last.end)
    return text[s : e + 1 if e >= 0 else len(text)].strip()


def extract_quotes(paragraphs: Sequence[Paragraph], mentions: Sequence[Mention]) -> list[Quote]:
    """Quotes of one document's paragraphs with speakers (its mentions give the entities)."""
    if not paragraphs:
        return []
    return quote_records(paragraphs, find_quotes(paragraphs, mentions), paragraphs[0].doc_id)


def iter_documents(
    paragraphs: Sequence[Paragraph], mentions: Sequence[Mention]
) -> Iterator[tuple[str, list[Quote]]]:
    """(doc_id, quotes) of every document of a set of paragraphs."""
    by_doc: dict[str, list[Paragraph]] = {}
    for p in paragraphs:
        by_doc.setdefault(p.doc_id, []).append(p)
    ments: dict[str, list[Mention]] = {}
    for m in mentions:
        ments.setdefault(m.doc_id, []).append(m)
    for doc_id in sorted(by_doc):
        yield doc_id, extract_quotes(by_doc[doc_id], ments.get(doc_id, []))

"""Quotes: word lists and speech verbs the rules read (see :mod:`sourcebook.extract.quotes`)."""

from __future__ import annotations

import re
from functools import cache

from sourcebook.core.text import word_set
from sourcebook.extract.entities import TITLES

#: verbs that report speech or a stated view, with a clause or a quote as their content
REPORTING = sorted(
    word_set(
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
NAMING = sorted(
    word_set("call describe dub label brand term hail praise condemn criticise criticize")
)

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


@cache
def verb_forms(lemma: str) -> tuple[str, ...]:
    """The lemma and its inflected forms (regular English morphology, a few irregulars); kept
    per lemma, as every token's cue test asks again."""
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
MANNER = sorted(word_set("laugh fume recount exclaim whisper sigh plead yell scream"))

CUE_LEMMA: dict[str, str] = {
    form: lemma for lemma in (*REPORTING, *NAMING, *MANNER) for form in verb_forms(lemma)
}

ACCORDING = re.compile(r"\b[Aa]ccording to\b")

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})

PERSON_PRONOUNS = frozenset({"he", "she", "i"})

DETERMINERS = word_set(
    "the a an this that these those his her its their our my your one another some several "
    "two three four many"
)

QUANTIFIERS = word_set("both all each either neither none most few others it this")

INDEFINITE = word_set("a an one another some several two three four many")

#: unnamed sources: a speaker whose head is one of these and who is not named is anonymous
ANONYMOUS_HEADS = word_set(
    "official officials source sources person people diplomat diplomats aide aides insider "
    "insiders officer officers member members figure figures individual individuals"
)

ANONYMITY = re.compile(
    r"anonymity|not authori[sz]ed|declined to be (?:named|identified)|asked not to be "
    r"(?:named|identified)|familiar with|briefed on",
    re.IGNORECASE,
)

STOP_BACK = word_set(
    "and or but that which who whom whose while as because since although though when where "
    "after before if than so then yet once until unless whether to is are was were be been being "
    "has have had will would can could should may might must do does did not also what how"
)

CONNECTIVES = word_set(
    "But And However Meanwhile Yet So Also Now Then Still Instead Separately Earlier Later "
    "Previously Elsewhere Moreover Furthermore Indeed Thus Hence Finally Again Here There"
)

AUX = word_set(
    "has have had also later then again previously earlier just already reportedly publicly "
    "privately separately further would will could may might did does do once first "
    "subsequently initially repeatedly recently never always often last"
)

BE = word_set("is are was were be been being")

TIME = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept "
    "oct nov dec yesterday today tonight morning afternoon evening night week month year "
    "weekend earlier later recently now"
)

COMPANY_SUFFIXES = word_set("Inc Inc. LLC Ltd Ltd. Corp Corp. Co. plc PLC AG SA NV GmbH LP")

DAYS = word_set("today yesterday tonight monday tuesday wednesday thursday friday saturday sunday")

STOP_FORWARD = word_set(
    "as when who which while in at on after before during to from that because with by about "
    "and but or than where since until if said told added"
)

TITLE_WORDS = frozenset(
    w.lower().rstrip(".") for w in re.split(r"\||\s+", TITLES.replace("\\", "")) if w
) | word_set(
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
TITLE_TAILS = word_set("state defence defense justice interior finance health education")

#: heads of noun phrases that name an organisation ("the regional prosecutor's office")
ORG_NOUNS = word_set(
    "company firm group agency ministry department bank union party government council office "
    "police service authority authorities court committee commission administration prefecture "
    "directorate municipality board institute observatory army force navy military embassy "
    "team club federation association organisation organization foundation charity coalition "
    "alliance corporation operator regulator watchdog utility airline insurer lender carrier "
    "broadcaster network station hospital university school museum kremlin cabinet parliament "
    "assembly senate congress secretariat bureau unit brigade command headquarters centre center "
    "guard"
)

SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})

TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|St|Jr|Sr|Adm|Maj|Rev|"
    r"Hon|Brig|Cmdr|Inc|Corp|Ltd|Co)\.|[A-Z]\.(?=\s+[A-Z])"
    r"|\w+(?:[’'.&-]\w+)*(?:(?<=s)['’](?= [a-z]))?"  # "the miners' union": one word
    r"|[^\w\s]"
)

DATELINE = re.compile(r"^[A-Z][A-Z .’'-]{2,},[^—–]{0,40}?(?:\([^)]*\))?\s*[—–-]\s+")

PREPOSITIONS = word_set("on in at during after before via through from to with by")

#: paragraph kinds outside the story's text (an author is no antecedent)
NOT_STORY = frozenset({"byline", "dateline"})

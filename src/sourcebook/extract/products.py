"""Types of one document's mentions corrected: numbers in front of a group are not part of it
("350 Palestinians" → "Palestinians", "the 2023 Asian Cup" → "Asian Cup"); a PERSON name
ending in a legal form is an ORG ("Everton F.C."), one ending in the head of a facility's name
a FAC ("John Lennon Airport"); products, weapons and vehicles are PRODUCT:

- model designations make products and are taken into them ("Boeing" + "737 MAX 9" → "Boeing
  737 MAX 9", "MAX" → "MAX 9"); bare designations NER left ("F-16s", "C-130", "Helix-7") are
  products;
- the designations of the document's products are products where it writes them alone ("every
  737" beside "Boeing 737 MAX 9", "737 fuselages" but not "about 737 workers"; "737" and
  "737-9" beside "737-900ER"; :func:`known_codes`, run after the junk is dropped);
- a maker, a model line in capitals and a designation are a product ("Canon EOS R5"); the
  platform X where a post on it is told of ("wrote on X", :func:`platform_x`);
- a road is no product: a code before a road's kind ("the M-30 ring road") and a name ending in
  a road's kind with its number ("State Route 20") are facilities (FAC);
- a ship's name after its prefix is a product without the prefix ("INS Kolkata" → "Kolkata");
- a name right before the kind of thing it names ("Mirage fighter jets", "Bradley fighting
  vehicles", "Patriot missiles") is a product, whatever label NER gave it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from sourcebook.core.dates import MONTHS, WEEKDAYS
from sourcebook.core.gazetteer import US_STATE_ABBREVIATIONS
from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import fold_name_key, word_set
from sourcebook.extract.cleanup import FACILITY_HEADS
from sourcebook.extract.headlines import occurrences, sentence_initial
from sourcebook.extract.spread import mention_spans

MakeMention = Callable[[Paragraph, int, int, str, str], Mention]

#: a model designation: a code with digits ("737", "737-9", "F-16s", "A321neo", "8-400", "R5",
#: "E195-E2")
_CODE = re.compile(
    r"(?:[A-Z]{1,4}-?\d{1,4}[A-Za-z]{0,3}(?:-[A-Z]{0,2}\d{1,4}[A-Za-z]{0,2})?"
    r"|\d{3,4}(?:-\d{1,4})?[A-Za-z]{0,3}|\d{1,2}s?)$"
)
#: a designation standing alone: letters, a hyphen, digits ("F-16s", "C-130", "Helix-7")
_LONE_CODE = re.compile(
    r"(?<![\w-])(?:(?:[A-Z]{1,3}|[A-Z][a-z]{2,})-\d{1,4}[A-Za-z]{0,2}(?:s\b)?"
    r"|[1-9]\d{2}-\d{1,3}[A-Z]{1,3})(?![\w-])"  # or a model's variant: "737-900ER"
)
_NOT_PRODUCTS = word_set(
    "route highway road interstate motorway exit junction terminal gate platform flight room "
    "unit section article paragraph chapter level stage phase category grade covid sr state "
    "us a m i"
)
#: the word before a designation, and the designation ("the 737" + "MAX 9", not "grounded 171")
#: capitalised words after a designation that start no version of it
_NOT_VERSIONS = frozenset(MONTHS) | frozenset(WEEKDAYS) | word_set("on in at for from since by and")
_BEFORE = re.compile(r"(?:(\S+) )?(\S+) $")
_DET = word_set("the a an its their his her our this that each every any")
_LEADING_NUMBER = re.compile(r"(?:[Tt]he\s+)?(?:\d[\d,.]*\s+)+")  # "350", "the 2023"
_PRODUCT_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART"})
#: what a weapon or vehicle is called after its name ("Patriot missiles", "Mirage fighter jets")
_MODIFIERS = (
    r"air[- ]defen[cs]e|anti-\w+|cruise|ballistic|attack|fighter|fighting|combat|main battle|"
    r"armou?red|infantry|surface-to-air|long-range|multirole|transport|cargo|military"
)
_KIND_AFTER = re.compile(
    r"\s+(?:(?:" + _MODIFIERS + r")\s+)*(?:missiles?|rockets?|drones?|tanks?|howitzers?|"
    r"launchers?|rifles?|warships?|frigates?|destroyers?|submarines?|interceptors?|bombers?)\b"
    r"|\s+(?:(?:" + _MODIFIERS + r")\s+)+(?:jets?|aircraft|planes?|systems?|batteries|battery|"
    r"vehicles?|helicopters?)\b"
)
_RELABEL = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})


def _code(word: str, after_caps: bool) -> bool:
    """Whether ``word`` is a model designation; one or two digits only after a model word in
    capitals ("MAX 9")."""
    w = word.rstrip(",;:")
    if not _CODE.match(w) or re.fullmatch(r"(?:19|20)\d\d", w):
        return False
    return after_caps or not re.fullmatch(r"\d{1,2}s?", w)


def is_designation(name: str) -> bool:
    """Whether ``name`` is a capitalised word and a model designation with letters and digits
    ("Embraer E195-E2", "Canon EOS R5"; not "Marisol Price 2024" or "Route 20"), or a lone
    designation ("A-4", "F-16s")."""
    if _LONE_CODE.fullmatch(name):
        return True
    words = name.split()
    last = words[-1]
    return (
        len(words) >= 2
        and words[0][:1].isupper()
        and words[0].isalpha()
        and re.search(r"[A-Za-z]", last) is not None
        and _code(last, False)
        and words[0].lower() not in _NOT_PRODUCTS
    )


def _model_number_before(before: re.Match[str], text: str) -> bool:
    """Whether the number before a model word in capitals belongs to it ("the 737 MAX"), not
    counts it ("grounded 171 MAX 9s"): nothing, a capitalised word or a determiner before."""
    word = before.group(1) or ""
    model = _code(before.group(2), False) and text.split()[0].isupper()
    return model and (not word or word[0].isupper() or word.lower() in _DET)


#: a designation's part, a capitalised word, and its number ("F-16 Block 70", "Dash 8-400")
_VERSION = re.compile(r" ([A-Z][a-z]+) (\d[\w-]*)")
_MID_WORD = re.compile(r"-?[\w-]*\w")


def _word_end(text: str, e: int) -> int:
    """``e`` carried to the end of the word it falls in: a span that stops inside a designation
    ("BOEING 737" of "BOEING 737-9 MAX", a gazetteer name found in a longer code) takes it
    whole."""
    if e >= len(text) or not (text[e].isalnum() or text[e] == "-") or not text[e - 1].isalnum():
        return e
    hit = _MID_WORD.match(text, e)
    return hit.end() if hit else e


def _extend(text: str, s: int, e: int, product: bool = False) -> int:
    """End of a product name that starts at ``s`` and has been read to ``e``: codes and model
    words in capitals next to codes are taken in ("Boeing" → "Boeing 737 MAX 9"), a version
    word and its number after a code ("F-16 Block 70"); after a name known to be a product
    (``product``), a model number of one or two digits too ("Tomahawk 6")."""
    while True:
        m = re.match(r" (\S+)", text[e:])
        if m is None:
            return e
        word = m.group(1).rstrip(",;:.")
        prev = text[s:e].split()[-1]
        caps = prev.isupper() and prev.isalpha()
        if _code(word, caps or (product and e - s == len(prev))):
            e += 1 + len(word)
            continue
        version = _VERSION.match(text, e)
        number = version.group(2).rstrip(",;:.") if version else ""
        if (
            version
            and _CODE.match(prev)
            and _code(number, True)
            and version.group(1).lower() not in _NOT_VERSIONS
        ):
            e = version.start(2) + len(number)
            continue
        model = word.isupper() and word.isalpha() and 2 <= len(word) <= 5 and _CODE.match(prev)
        if model and not text.isupper():  # an all-capitals line: "MAX 9 JETS" is no model
            e += 1 + len(word)
            continue
        return e


def fix_types(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention, lexicon
) -> list[Mention]:
    """Numbers cut from the front of names; products by their designations and by what they
    are called (see the module docstring)."""
    out: list[Mention] = []
    for m in mentions:
        lead = _LEADING_NUMBER.match(m.text)
        para = paras.get(m.paragraph)
        if lead and lead.end() < len(m.text) and para is not None and m.label != "PRODUCT":
            m = make(para, m.para_start + lead.end(), m.para_end, m.label, m.canonical_id)
        out.append(m)
    out = [
        x for m in out for x in _operated(_road(_ship(m, paras, make), paras, make), paras, make)
    ]
    out = _joined(_outermost(_grown(out, paras, make, lexicon)), paras, make)
    out += _lone_codes(out, paras, make, lexicon)
    out += _maker_models(out, paras, make)
    alone = {m.text.strip() for m in out if " " not in m.text.strip()}  # "Arena said"
    out = [_by_kind(_facility(_company(_state(m)), alone), paras) for m in out]
    products = {m.text for m in out if m.label == "PRODUCT" and not m.canonical_id}
    out = [_as_product(m) if m.text in products else m for m in out]
    out.sort(key=lambda m: (m.paragraph, m.para_start, m.para_end))
    return out


def _grown(
    mentions: list[Mention], paras: dict[int, Paragraph], make: MakeMention, lexicon
) -> list[Mention]:
    """Product names grown over the designations around them (a known product too: "Boeing
    737" + "MAX 9" is another model)."""
    grown: list[Mention] = []
    for m in mentions:
        para = paras.get(m.paragraph)
        known = m.canonical_id and not m.canonical_id.startswith("product:")
        operator = m.label == "ORG" and m.text.rsplit(" ", 1)[-1] in _OPERATORS
        if para is None or m.label not in _PRODUCT_LABELS or known or operator:
            grown.append(m)
            continue
        s, e = m.para_start, _word_end(para.text, m.para_end)
        before = _BEFORE.search(para.text[max(0, s - 30) : s])
        if before and _model_number_before(before, m.text):
            s -= len(before.group(2)) + 1
        e2 = _extend(para.text, s, e, m.label == "PRODUCT")
        if not m.canonical_id:  # a name the gazetteer gives is whole ("Mirage 2000-5")
            s = _code_start(para.text, s, e2, lexicon)
        if (s, e2) != (m.para_start, m.para_end):
            grown.append(make(para, s, e2, "PRODUCT", ""))
        elif m.label == "ORG" and not m.canonical_id and _code(m.text.split()[-1], " " in m.text):
            grown.append(replace(m, label="PRODUCT"))
        else:
            grown.append(m)
    return grown


_WORD_AT = re.compile(r"(\S+)(\s+)")


def _code_start(text: str, s: int, e: int, lexicon) -> int:
    """Start of a product name without the capitalised common words NER put before its
    designation ("First F-16s" → "F-16s", not "Boeing 737")."""
    while True:
        m = _WORD_AT.match(text, s, e)
        if m is None or not _code(text[m.end() : e].split()[0], False):
            return s
        word = m.group(1)
        if not (word.istitle() and lexicon.is_common(word.lower())):
            return s
        s = m.end()


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """The mentions not inside another (a grown product swallowed them)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.paragraph, []).append((m.para_start, m.para_end))
    return [
        m
        for m in mentions
        if not any(
            s <= m.para_start and m.para_end <= e and (s, e) != (m.para_start, m.para_end)
            for s, e in spans[m.paragraph]
        )
    ]


#: prefixes of ships' names, written outside the name like a title ("INS Kolkata", "ESPS
#: Victoria"): navies' (HMS, USS, INS …) and merchant ships' (MV motor vessel, MT tanker, RV
#: research vessel); the ambiguous ones (SS, MS, ITS) left out
SHIP_PREFIXES = word_set(
    "HMS HMCS HMAS HMNZS USS USNS USCGC INS ESPS FS TCG HNLMS HDMS HNoMS HSwMS FGS KRI PNS BNS "
    "NRP ROKS MV MT RV"
)
_SHIP_BEFORE = re.compile(r"(?<![\w.])(\S+) $")


def _ship(m: Mention, paras: dict[int, Paragraph], make: MakeMention) -> Mention:
    """A ship's name after its prefix (:data:`SHIP_PREFIXES`) is a PRODUCT without the prefix
    ("INS Kolkata" → "Kolkata", not the city; "ESPS Victoria" tagged PERSON → "Victoria")."""
    para = paras.get(m.paragraph)
    if para is None or m.label == "NORP":
        return m
    first, _, rest = m.text.partition(" ")
    if first in SHIP_PREFIXES and rest[:1].isupper():
        return make(para, m.para_end - len(rest), m.para_end, "PRODUCT", "")
    before = _SHIP_BEFORE.search(para.text, max(0, m.para_start - 8), m.para_start)
    if before and before.group(1) in SHIP_PREFIXES and m.text[:1].isupper():
        return make(para, m.para_start, m.para_end, "PRODUCT", "")
    return m


#: what an organisation that flies or sails a model is called at the end of its name
_OPERATORS = word_set("Force Forces Army Navy Guard Corps Marines Airlines Airways")


def _operated(m: Mention, paras: dict[int, Paragraph], make: MakeMention) -> list[Mention]:
    """An organisation's name run on into the designation of a model it operates is the two
    ("Royal Jordanian Air Force C-130" → the air force, an ORG, and "C-130", a PRODUCT); a
    maker's name and its model stay one ("Boeing 737")."""
    words = m.text.split()
    para = paras.get(m.paragraph)
    if para is None or m.label != "ORG" or m.canonical_id or len(words) < 3:
        return [m]
    if words[-2] not in _OPERATORS or not _LONE_CODE.fullmatch(words[-1]):
        return [m]
    code = m.para_end - len(words[-1])
    org = make(para, m.para_start, code - 1, "ORG", "")
    return [org, make(para, code, m.para_end, "PRODUCT", "")]


def _joined(
    mentions: list[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """Products that overlap after growing ("BOEING 737-9" and "737-9 MAX" of "BOEING 737-9
    MAX") made one: a designation is in one name only; a maker's one-word name right before
    its product's too ("Cadillac" + "Escalade")."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.paragraph, m.para_start, m.para_end)):
        prev = out[-1] if out else None
        if prev is not None and prev.paragraph == m.paragraph and m.label == "PRODUCT":
            gap = paras[m.paragraph].text[prev.para_end : m.para_start]
            overlap = m.para_start < prev.para_end and prev.label == "PRODUCT"
            if overlap or (gap == " " and _maker(prev)):
                out[-1] = make(paras[m.paragraph], prev.para_start, m.para_end, "PRODUCT", "")
                continue
        out.append(m)
    return out


def _maker(m: Mention) -> bool:
    """Whether ``m`` may be a maker's name before its product: one capitalised word (not in
    capitals: "NATO Patriot" is no model) tagged ORG."""
    return m.label == "ORG" and " " not in m.text and m.text.istitle()


#: a capitalised word and one space before ``end`` / after a position
_NAME_BEFORE = re.compile(r"(?<![\w.'’-])([A-Z][\w-]+) $")
_NAME_NEXT = re.compile(r" ([A-Z][a-z]+)(?![\w'’-])")


def _maker_and_name(text: str, s: int, e: int, spans, lexicon) -> tuple[int, int]:
    """A lone designation's span with the maker's name before it and the model's name after it
    ("Sikorsky SH-60 Seahawk"): capitalised words no mention covers, not opening a sentence, no
    adjective or verb of the dictionary ("Turkish F-16s", "F-16s Arrive"; its nouns hold
    names: "Sikorsky")."""
    while (hit := _NAME_BEFORE.search(text, max(0, s - 30), s)) and _free_name(
        hit.group(1), hit.start(1), text, spans, lexicon
    ):
        s = hit.start(1)
    hit = _NAME_NEXT.match(text, e)
    if hit and _free_name(hit.group(1), hit.start(1), text, spans, lexicon):
        e = hit.end()
    return s, e


def _free_name(word: str, at: int, text: str, spans, lexicon) -> bool:
    """Whether ``word`` at ``at`` is a name no mention covers (see :func:`_maker_and_name`)."""
    low = word.lower()
    return (
        low not in _NOT_VERSIONS  # "every MH-60 Tuesday"
        and all(low not in lexicon.index.get(pos, ()) for pos in ("adj", "verb"))
        and not sentence_initial(text, at)
        and not any(a <= at < b for a, b in spans)
    )


def _lone_codes(
    mentions: list[Mention], paras: dict[int, Paragraph], make: MakeMention, lexicon
) -> list[Mention]:
    """Designations standing alone that no mention covers, as products (not road, flight or
    section numbers: "Route 20", "SR-20", "Covid-19"), with their maker's and model's names
    (:func:`_maker_and_name`)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.paragraph, []).append((m.para_start, m.para_end))
    found = []
    for i, para in paras.items():
        if "-" not in para.text:
            continue
        for hit in _LONE_CODE.finditer(para.text):
            s, e = hit.span()
            prev = [w.lower().strip(".,") for w in para.text[max(0, s - 20) : s].split()[-1:]]
            if prev and len(prev[0]) > 1 and prev[0] in _NOT_PRODUCTS:  # "Route 20", not "a"
                continue
            road = _ROAD_AFTER.match(para.text, e) is not None
            if hit.group().split("-")[0].lower() in _NOT_PRODUCTS and not road:
                continue
            if any(a < e and s < b for a, b in spans.get(i, [])):
                continue
            if road:  # "the motorways", "the M-30 ring road"
                found.append(make(para, s, e, "FAC", ""))
                continue
            s, e = _maker_and_name(para.text, s, e, spans.get(i, []), lexicon)
            found.append(make(para, s, e, "PRODUCT", ""))
    return found


#: the platform X after a word of posting ("wrote on X", "in a post on X", "posts on X that")
_ON_X = re.compile(
    r"\b(?:posts?|posted|posting|wrote|writes|writing|said|says|shared|message|statement|"
    r"video|account)\b[^.!?\n]{0,24}?\bon (X)(?![\w-])"
)


def platform_x(
    mentions: list[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """The social platform X where a post on it is told of (:data:`_ON_X`), as a PRODUCT in
    place of a mention NER made of it ("X." with the sentence's period). After the junk is
    dropped (one letter is a fragment there)."""
    found = []
    for para in paras.values():
        if "on X" not in para.text:
            continue
        found += [make(para, *hit.span(1), "PRODUCT", "") for hit in _ON_X.finditer(para.text)]
    if not found:
        return mentions
    at = {(m.paragraph, m.para_start) for m in found}
    return [m for m in mentions if (m.paragraph, m.para_start) not in at] + found


#: a model line in capitals and a designation of a letter and digits after a word ("EOS R5")
_MODEL_RUN = re.compile(r"(?<=[a-z] )[A-Z]{2,5} [A-Z]{1,2}\d{1,4}[a-z]{0,3}(?![\w-])")
#: the maker's name right before it ("Canon ")
_MAKER_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]+) $")


def _maker_models(
    mentions: list[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """Products named by their maker, model line and designation that no mention covers
    ("Canon EOS R5"; not after a word for a place: "Terminal ABC T2")."""
    found = []
    for i, para in paras.items():
        for hit in _MODEL_RUN.finditer(para.text):
            maker = _MAKER_BEFORE.search(para.text, max(0, hit.start() - 30), hit.start())
            if maker is None or maker.group(1).lower() in _NOT_PRODUCTS:
                continue
            s, e = maker.start(1), hit.end()
            if not any(m.paragraph == i and m.para_start < e and s < m.para_end for m in mentions):
                found.append(make(para, s, e, "PRODUCT", ""))
    return found


#: a road's kind within a few words after a code ("A-3 and A-4 motorways", "M-30 ring road")
_ROAD_AFTER = re.compile(
    r"[^.;:!?\n]{0,16}?\b(?:motorways?|highways?|roads?|freeways?|expressways?|interstates?)\b"
)
#: a road's kind that ends a name before the road's number ("State Route" + " 20")
_ROAD_NUMBER = re.compile(r"\s(?:Route|Highway|Interstate|Motorway|Freeway)$")
_NUMBER_AFTER = re.compile(r" \d{1,4}[A-Z]?\b")


def _road(m: Mention, paras: dict[int, Paragraph], make: MakeMention) -> Mention:
    """A road by its designation: a name ending in a road's kind takes the number after it
    ("State Route 20"), a code of a road's kind is no product ("the M-30 ring road"): FAC."""
    para = paras.get(m.paragraph)
    if para is None or m.canonical_id or m.label == "NORP":
        return m
    if _ROAD_NUMBER.search(m.text) and (num := _NUMBER_AFTER.match(para.text, m.para_end)):
        return make(para, m.para_start, num.end(), "FAC", "")
    if _LONE_CODE.fullmatch(m.text) and _ROAD_AFTER.match(para.text, m.para_end):
        return make(para, m.para_start, m.para_end, "FAC", "")
    return m


def known_codes(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """``mentions`` and the designations of the document's products wherever it writes them
    alone and no mention covers them ("every 737" in an article on the "Boeing 737 MAX 9";
    "737-9" beside "737-9 MAX"), with the designations after them ("737 MAX 7"): products. A
    designation with three characters or more and a digit, no year, no number of things ("737
    workers"); a product after it is taken in ("737" + "MAX 10"); then a model word in capitals
    of the document's products with a number after it ("MAX 10" beside "MAX 9"). After the
    junk is dropped (a bare number is a fragment there)."""
    words = {w for m in mentions if m.label == "PRODUCT" for w in m.text.split()}
    codes = {w for w in words if len(w) >= 3 and _MODEL_CODE.search(w) and _code(w, True)}
    codes |= _variants(codes, paras)
    model_words = {w for w in words if _MODEL_WORD.fullmatch(w)} - codes  # "MAX" of "MAX 9"
    if not codes and not model_words:
        return list(mentions)
    taken = mention_spans(mentions)
    products: dict[tuple[int, int, int], int] = {}  # a product's span → its index in mentions
    for k, m in enumerate(mentions):
        if m.label == "PRODUCT" and not m.canonical_id:
            products[m.paragraph, m.para_start, m.para_end] = k
    found, drop = [], set()
    for i, para in paras.items():
        if para.kind == "byline":
            continue
        spans = taken.setdefault(i, [])
        for group in (codes, model_words):
            if not any(c in para.text for c in group):
                continue
            for s, e, code in list(occurrences(para.text, group, spans)):
                if code.isdigit() and _counted(para.text, s, e):
                    continue  # a number of things: "about 737 workers"
                end = _extend(para.text, s, e)  # "737" + " MAX 7"
                after = [(a, b) for a, b in spans if a < end and e < b]
                if (group is codes or end > e) and all(
                    e < a and b <= end and (i, a, b) in products for a, b in after
                ):
                    drop.update(products[i, a, b] for a, b in after)  # "737" + "MAX 10"
                    found.append(make(para, s, end, "PRODUCT", ""))
                    spans.append((s, end))
    return [m for k, m in enumerate(mentions) if k not in drop] + found


_YEAR = re.compile(r"(?:19|20)\d\d\b")
#: a designation's digit (not a year's) and a model word in capitals ("MAX" of "737 MAX 9")
_MODEL_CODE = re.compile(r"^(?!(?:19|20)\d\d\b).*\d")
_MODEL_WORD = re.compile(r"[A-Z]{2,5}")
#: a plural noun after a number counts things ("about 737 workers"); "the 737 is" not
_COUNTED = re.compile(r" (?!(?:is|was|has|does)\b)[a-z]+s\b")
#: a word that makes the number after it a count: quantifiers, approximators, comparisons
_COUNT_BEFORE = re.compile(
    r"(?i)\b(?:about|around|some|nearly|almost|approximately|roughly|over|under|than|all|"
    r"total|those|these|only|just|least|most|up to|employs|employed|hired|cut|laid off)\s+$"
)


def _variants(codes: set[str], paras: dict[int, Paragraph]) -> set[str]:
    """The model numbers of the designations with a variant ("737" of "737-900ER") and the
    other variants of those numbers the document writes ("737-9")."""
    stems = {c.split("-", 1)[0] for c in codes if "-" in c}
    stems = {c for c in stems if len(c) >= 3 and c.isdigit()}
    if not stems:
        return set()
    variant = re.compile(
        r"(?<![\w-])(?:" + "|".join(sorted(stems)) + r")-\d{1,4}[A-Z]{0,3}(?![\w-])"
    )
    return stems | {hit.group() for p in paras.values() for hit in variant.finditer(p.text)}


def _counted(text: str, s: int, e: int) -> bool:
    """Whether the number at ``s:e`` counts things rather than names a model of the document's
    products: a plural noun after it and a quantifier before ("about 737 workers"; "737
    workers", "737 fuselages" are the model's)."""
    return bool(_COUNTED.match(text, e)) and _COUNT_BEFORE.search(text, 0, s) is not None


def _as_product(m: Mention) -> Mention:
    """``m`` as a PRODUCT (a name the document shows to be one elsewhere: "The Mirage, an
    equally sophisticated aircraft" after "Mirage fighter jets")."""
    if m.label == "PRODUCT" or m.label not in _RELABEL or m.canonical_id:
        return m
    return replace(m, label="PRODUCT")


def _company(m: Mention) -> Mention:
    """A PERSON name that ends in a company's or club's legal form is an ORG ("Everton F.C.",
    "Columbia Ridge Power Co."); a form of two letters only as one is written ("SA", "Co.",
    not "Se": a given name)."""
    words = m.text.split()
    if m.label != "PERSON" or m.canonical_id or len(words) < 2:
        return m
    last = words[-1]
    if len(last.strip(".,")) < 3 and not (last.isupper() or "." in last):
        return m
    if last.lower().strip(".,") in ("holding", "holdings"):  # "Michael Holding": a person's
        return m
    full = fold_name_key(m.text)
    return replace(m, label="ORG") if fold_name_key(m.text, legal_suffixes=True) != full else m


def _state(m: Mention) -> Mention:
    """A US state's abbreviation ("Calif.", "Wash.") is a place, whatever NER called it."""
    text = m.text.strip()
    return replace(m, label="GPE") if text in US_STATE_ABBREVIATIONS and m.label != "GPE" else m


def _facility(m: Mention, alone: Collection[str]) -> Mention:
    """A PERSON name of two words or more that ends in the head of a facility's name is a
    facility ("John Lennon Airport", "Hill Dickinson Stadium"), but a person's of two words
    whose last word the document writes alone, as a surname ("Bruce Arena" … "Arena said")."""
    words = m.text.split()
    if m.label != "PERSON" or m.canonical_id or len(words) < 2 or words[-1] not in FACILITY_HEADS:
        return m
    return m if len(words) == 2 and words[-1] in alone else replace(m, label="FAC")


def _by_kind(m: Mention, paras: dict[int, Paragraph]) -> Mention:
    """A PRODUCT when the words after a one-word name say what kind of weapon or vehicle it is
    ("Patriot missiles", "Mirage fighter jets"; not "Boeing jets")."""
    if m.label == "PRODUCT" or m.label not in _RELABEL or m.canonical_id:
        return m
    para = paras.get(m.paragraph)
    if para is None or " " in m.text or not _KIND_AFTER.match(para.text, m.para_end):
        return m
    return replace(m, label="PRODUCT")

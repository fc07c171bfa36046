"""Types of one document's mentions corrected: numbers in front of a group are not part of it
("350 Palestinians" → "Palestinians"); a PERSON name ending in a legal form is an ORG
("Everton F.C."); products, weapons and vehicles are PRODUCT:

- model designations make products and are taken into them ("Boeing" + "737 MAX 9" → "Boeing
  737 MAX 9", "MAX" → "MAX 9"); bare designations NER left ("F-16s", "C-130", "Helix-7") are
  products;
- the designations of the document's products are products where it writes them alone ("every
  737" beside "Boeing 737 MAX 9", :func:`known_codes`, run after the junk is dropped);
- a name right before the kind of thing it names ("Mirage fighter jets", "Bradley fighting
  vehicles", "Patriot missiles") is a product, whatever label NER gave it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from sourcebook.core.schema import Mention, Paragraph
from sourcebook.core.text import fold_name_key, word_set
from sourcebook.extract.headlines import occurrences

MakeMention = Callable[[Paragraph, int, int, str, str], Mention]

#: a model designation: a code with digits ("737", "737-9", "F-16s", "A321neo", "8-400", "R5")
_CODE = re.compile(
    r"(?:[A-Z]{1,4}-?\d{1,4}[A-Za-z]{0,3}|\d{3,4}(?:-\d{1,4})?[A-Za-z]{0,3}|\d{1,2}s?)$"
)
#: a designation standing alone: letters, a hyphen, digits ("F-16s", "C-130", "Helix-7")
_LONE_CODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,3}|[A-Z][a-z]{2,})-\d{1,4}[A-Za-z]{0,2}(?:s\b)?(?![\w-])"
)
_NOT_PRODUCTS = word_set(
    "route highway road interstate motorway exit junction terminal gate platform flight room "
    "unit section article paragraph chapter level stage phase category grade covid sr state "
    "us a m i"
)
#: the word before a designation, and the designation ("the 737" + "MAX 9", not "grounded 171")
_BEFORE = re.compile(r"(?:(\S+) )?(\S+) $")
_DET = word_set("the a an its their his her our this that each every any")
_LEADING_NUMBER = re.compile(r"(?:\d[\d,.]*\s+)+")
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


def _model_number_before(before: re.Match[str], text: str) -> bool:
    """Whether the number before a model word in capitals belongs to it ("the 737 MAX"), not
    counts it ("grounded 171 MAX 9s"): nothing, a capitalised word or a determiner before."""
    word = before.group(1) or ""
    model = _code(before.group(2), False) and text.split()[0].isupper()
    return model and (not word or word[0].isupper() or word.lower() in _DET)


def _extend(text: str, s: int, e: int) -> int:
    """End of a product name that starts at ``s`` and has been read to ``e``: codes and model
    words in capitals next to codes are taken in ("Boeing" → "Boeing 737 MAX 9")."""
    while True:
        m = re.match(r" (\S+)", text[e:])
        if m is None:
            return e
        word = m.group(1).rstrip(",;:.")
        prev = text[s:e].split()[-1]
        caps = prev.isupper() and prev.isalpha()
        if _code(word, caps):
            e += 1 + len(word)
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
    out = _outermost(_grown(out, paras, make, lexicon))
    out += _lone_codes(out, paras, make)
    out = [_by_kind(_company(m), paras) for m in out]
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
        if para is None or m.label not in _PRODUCT_LABELS or known:
            grown.append(m)
            continue
        s, e = m.para_start, m.para_end
        before = _BEFORE.search(para.text[max(0, s - 30) : s])
        if before and _model_number_before(before, m.text):
            s -= len(before.group(2)) + 1
        e2 = _extend(para.text, s, e)
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


def _lone_codes(
    mentions: list[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """Designations standing alone that no mention covers, as products (not road, flight or
    section numbers: "Route 20", "SR-20", "Covid-19")."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.paragraph, []).append((m.para_start, m.para_end))
    found = []
    for i, para in paras.items():
        if "-" not in para.text:
            continue
        for hit in _LONE_CODE.finditer(para.text):
            s, e = hit.span()
            prev = para.text[max(0, s - 20) : s].split()[-1:]
            if prev and prev[0].lower().strip(".,") in _NOT_PRODUCTS:
                continue
            if hit.group().split("-")[0].lower() in _NOT_PRODUCTS:
                continue
            if not any(a < e and s < b for a, b in spans.get(i, [])):
                found.append(make(para, s, e, "PRODUCT", ""))
    return found


def known_codes(
    mentions: Sequence[Mention], paras: dict[int, Paragraph], make: MakeMention
) -> list[Mention]:
    """``mentions`` and the designations of the document's products wherever it writes them
    alone and no mention covers them ("every 737" in an article on the "Boeing 737 MAX 9";
    "737-9" beside "737-9 MAX"), with the designations after them ("737 MAX 7"): products. A
    designation with three characters or more and a digit, no year, no number of things ("737
    workers"). After the junk is dropped (a bare number is a fragment there)."""
    codes = {
        w
        for m in mentions
        if m.label == "PRODUCT"
        for w in m.text.split()
        if len(w) >= 3 and _code(w, True) and re.search(r"\d", w) and not _YEAR.match(w)
    }
    if not codes:
        return list(mentions)
    taken: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        taken.setdefault(m.paragraph, []).append((m.para_start, m.para_end))
    found = []
    for i, para in paras.items():
        if para.kind == "byline" or not any(c in para.text for c in codes):
            continue
        spans = taken.setdefault(i, [])
        for s, e, code in list(occurrences(para.text, codes, spans)):
            if code.isdigit() and _COUNTED.match(para.text, e):
                continue  # a number of things: "737 workers"
            end = _extend(para.text, s, e)  # "737" + " MAX 7"
            if not any(a < end and e < b for a, b in spans):
                found.append(make(para, s, end, "PRODUCT", ""))
    return [*mentions, *found]


_YEAR = re.compile(r"(?:19|20)\d\d\b")
_COUNTED = re.compile(r" [a-z]")


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
    full = fold_name_key(m.text)
    return replace(m, label="ORG") if fold_name_key(m.text, legal_suffixes=True) != full else m


def _by_kind(m: Mention, paras: dict[int, Paragraph]) -> Mention:
    """A PRODUCT when the words after a one-word name say what kind of weapon or vehicle it is
    ("Patriot missiles", "Mirage fighter jets"; not "Boeing jets")."""
    if m.label == "PRODUCT" or m.label not in _RELABEL or m.canonical_id:
        return m
    para = paras.get(m.paragraph)
    if para is None or " " in m.text or not _KIND_AFTER.match(para.text, m.para_end):
        return m
    return replace(m, label="PRODUCT")

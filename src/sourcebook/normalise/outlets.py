"""Known outlets: web domains and printed names → one display name per outlet.

The shipped table ``data/outlets.tsv`` lists common news outlets, wire agencies and public
bodies with their domains and the names they are printed as ("AP", "DW", "DER SPIEGEL");
config ``outlets`` extends or overrides it (a key with a dot and no space is a domain, any
other key a printed name). :class:`Outlets` answers two questions: which outlet a URL or a
domain belongs to, and whether a short line of text names a known outlet.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

from sourcebook.core.text import ascii_fold

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_URL_IN_TEXT = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]]+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|co\.uk|de|"
    r"fr|eu|int|gov|info|io|media|news|ua|ru|it|es|nl|be|ch|at|gr|ie|in|au|ca|jp|cn|pl|ke|"
    r"africa|us)(?:/[^\s<>\"'()\[\]]*)?"
)


@functools.lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """Comparison key of an outlet name: folded, letters and digits only, no leading "the"."""
    key = _NON_ALNUM.sub(" ", ascii_fold(text)).split()
    if len(key) > 1 and key[0] == "the":
        key = key[1:]
    return "".join(key)


def host_of(url: str) -> str:
    """The host of ``url`` ("https://www.x.com/a" → "x.com"), lower-case, without "www."."""
    url = url.strip().strip("<>()[]\"'")
    host = re.sub(r"(?i)^[a-z][a-z0-9+.-]*://", "", url).split("/", 1)[0].split("?", 1)[0]
    host = host.split("@")[-1].split(":")[0].lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def registered_domain(host: str) -> str:
    """The registered domain of a host ("edition.cnn.com" → "cnn.com"; "bbc.co.uk" stays)."""
    from tld import get_fld

    fld = get_fld("http://" + host, fail_silently=True) if host else None
    return str(fld) if fld else host


def urls_in(text: str) -> list[str]:
    """The web addresses written in ``text`` (with or without a scheme), in order."""
    return [m.group().rstrip(".,;:!?") for m in _URL_IN_TEXT.finditer(text)]


#: names that are also menu items or common words: never read as an outlet on their own
GENERIC_NAMES = frozenset(
    re.findall(r"\w+", "news local time live home world sport sports business stuff mint today")
)


@dataclass(frozen=True)
class Outlets:
    """Domains and printed names of known outlets, each mapped to its display name."""

    by_domain: Mapping[str, str] = field(default_factory=dict)
    by_name: Mapping[str, str] = field(default_factory=dict)  # name_key → display name

    def of_host(self, host: str) -> str:
        """The outlet of a host or any of its parent domains, or ``""``."""
        parts = host.lower().split(".")
        for i in range(len(parts) - 1):
            outlet = self.by_domain.get(".".join(parts[i:]))
            if outlet:
                return outlet
        return ""

    def of_url(self, url: str) -> str:
        """The outlet of a web address, or ``""``."""
        return self.of_host(host_of(url))

    def named(self, text: str) -> str:
        """The display name of the known outlet ``text`` names exactly, or ``""``."""
        key = name_key(text)
        return self.by_name.get(key, "") if key and key not in GENERIC_NAMES else ""

    def canonical(self, name: str) -> str:
        """``name`` as its known display name when it is one of its names, else unchanged."""
        return self.named(name) or " ".join(name.split())

    def with_names(self, names: Iterable[str]) -> Outlets:
        """These outlets plus extra display names (config ``sources`` values)."""
        extra = {name_key(n): n for n in names if name_key(n) and name_key(n) not in self.by_name}
        return Outlets(self.by_domain, {**self.by_name, **extra}) if extra else self


#: last words of newspaper and magazine names ("The Whitby Gazette", "Bangor Daily News")
MASTHEAD_WORDS = frozenset(
    re.findall(
        r"\w+",
        """times post news herald tribune gazette chronicle courier ledger journal echo observer
        independent examiner sentinel standard express mail star telegraph monitor dispatch
        bulletin press globe record register review letter quarterly weekly daily magazine
        advertiser argus enquirer inquirer leader pioneer citizen voice mirror reporter digest
        insider gazeta zeitung nieuwsblad tageblatt""",
    )
)
#: head words of organisations' names ("Environment Agency", "Po Basin Water Alliance")
ORG_WORDS = frozenset(
    re.findall(
        r"\w+",
        """agency service institute council court commission office ministry department
        alliance association foundation city government police authority bank company group
        university centre center port organisation organization union network monitor
        registry secretariat committee board administration parliament embassy federation
        municipality county state republic""",
    )
)
_MASTHEAD_GLUE = frozenset({"of", "the", "and", "&", "for", "on", "in", "de", "la", "le", "el"})


def masthead_name(text: str) -> str:
    """``text`` as a newspaper's name when it has the shape of one: two to six capitalised
    words ending in a word such as Gazette, Times, Herald, Daily News ("The Whitby Gazette",
    "THE ATHENS REVIEW" → "The Athens Review"), else ``""``."""
    text = " ".join(text.strip(" *_#|·•-–—.").split())
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 60 or any(c.isdigit() for c in text):
        return ""
    if not all(w[:1].isupper() or w.lower() in _MASTHEAD_GLUE for w in words):
        return ""
    if ascii_fold(words[-1]).strip(".'’") not in MASTHEAD_WORDS:
        return ""
    return normal_case_name(text)


def normal_case_name(text: str) -> str:
    """A name written in capitals in normal case ("PORT OF ANTWERP-BRUGES" → "Port of
    Antwerp-Bruges", "THE ATHENS REVIEW" → "The Athens Review"); other names as written."""
    if not text.isupper():
        return text
    return " ".join(
        w.lower() if i and w.lower() in _MASTHEAD_GLUE else capitalised(w)
        for i, w in enumerate(text.split())
    )


def capitalised(word: str) -> str:
    """A word in capitals in normal case, each part capitalised ("O'BRIEN" → "O'Brien",
    "MEYER-KRAHL" → "Meyer-Krahl")."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), word.lower())


def parse_outlets(text: str, origin: str = "outlets") -> Outlets:
    """The outlets of a table in ``data/outlets.tsv``'s format."""
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[1].strip():
            raise ValueError(f"{origin}, line {n}: expected 'domains<TAB>name[<TAB>aliases]'")
        name = cols[1].strip()
        for domain in cols[0].split("|"):
            if domain.strip():
                by_domain.setdefault(domain.strip().lower(), name)
        aliases = cols[2].split("|") if len(cols) > 2 else []
        for alias in (name, *aliases):
            if name_key(alias):
                by_name.setdefault(name_key(alias), name)
    return Outlets(by_domain, by_name)


@functools.cache
def shipped_outlets() -> Outlets:
    """The table shipped in ``sourcebook/data/outlets.tsv``."""
    text = resources.files("sourcebook").joinpath("data/outlets.tsv").read_text("utf-8")
    return parse_outlets(text, "sourcebook/data/outlets.tsv")


def load_outlets(extra: Mapping[str, str] | None = None, sources: Iterable[str] = ()) -> Outlets:
    """The shipped table extended by config: ``extra`` (config ``outlets``: domain or printed
    name → display name, winning over the shipped entries) and the outlet names of config
    ``sources``."""
    base = shipped_outlets()
    by_domain, by_name = dict(base.by_domain), dict(base.by_name)
    for key, name in (extra or {}).items():
        key, name = str(key).strip(), str(name).strip()
        if not key or not name:
            continue
        if "." in key and " " not in key:
            by_domain[host_of(key)] = name
        else:
            by_name[name_key(key)] = name
        by_name[name_key(name)] = name
    return Outlets(by_domain, by_name).with_names(sources)


# --- outlet credit lines: what a copy-pasted page prints under (or over) its headline -------------

#: languages an outlet's edition is named after ("El País in English", "Le Monde (English)")
_LANGUAGE = (
    r"English|French|German|Spanish|Italian|Portuguese|Dutch|Arabic|Russian|Ukrainian|Chinese|"
    r"Japanese|Korean|Turkish|Persian|Farsi|Hindi|Urdu|Polish|Greek|Swedish|Hebrew|Indonesian"
)
_EDITION = re.compile(
    rf"^(?P<name>.+?)(?P<inner>)\s*(?:\bin\s+(?:{_LANGUAGE})|\((?:{_LANGUAGE})(?:\s+\w+)?\)|"
    rf"(?:{_LANGUAGE})\s+(?:edition|version|service))$"
)
#: a name spelt out after it ("LSM.lv (Latvian Public Broadcasting)")
_EXPANDED = re.compile(r"^(?P<name>[^()]+?)\s+\((?P<inner>[^()]+)\)$")
#: "Euronews with AFP", "France 24 and agencies": an outlet crediting a wire
_WITH_WIRE = re.compile(r"^(?P<name>.+?)\s+(?:with|and|\+)\s+(?P<wire>.+)$")
_AGENCIES = re.compile(r"(?i)^(?:agencies|wires|wire\s+services|news\s+agencies)$")
#: a note that the text is a translation ("Translated from Spanish", "English version")
_TRANSLATION = re.compile(
    r"(?i)\btranslat(?:ed|ion)\b(?:\W+\w+){0,4}?\W+from\b|\b(?:english|original)\s+version\b"
)
#: what parts a credit line: "Site — Section", "Site | Section", "Site / Section", "Site, Section"
_CREDIT_SEP = re.compile(r"(\s+[—–|/·•]\s+|,\s+|(?<=[a-z]{2})\.\s+)")
#: what an issuer's name is followed by on a release ("Europol press release — The Hague")
_ISSUED = re.compile(r"(?i)\s+(?:press|news|media)\s+(?:release|statement)$")
_NAME_GLUE = _MASTHEAD_GLUE | {"at", "et", "y", "e", "und", "du", "des", "del", "di", "da", "al"}


def _name_shaped(text: str, most: int = 5) -> bool:
    """One to ``most`` capitalised words (glue words between): a name, not a sentence."""
    words = text.split()
    return 1 <= len(words) <= most and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_GLUE for w in words
    )


def _section_part(text: str, sep: str) -> bool:
    """A part after a site's name: a section ("World", "Safety & Regulation"), a date, a
    translation note or, after a dash or a bar, up to four words ("From wire reports") or a
    description in lower case ("a travel blog", "live updates (all times local)")."""
    words = text.split()
    if not words or len(words) > 12:
        return False
    if _name_shaped(text, 4) or _TRANSLATION.search(text):
        return True
    if len(words) <= 3 and any(c.isdigit() for c in text):
        return True
    dash = sep.strip() not in (",", ".")
    return dash and (len(words) <= 4 or text[:1].islower())


def credit_line_name(text: str, named: Callable[[str], str]) -> str | None:
    """The outlet's name when ``text`` reads as the line that credits a page, not as a
    headline: an outlet crediting a wire ("Euronews with AFP"; ``named`` tells the known
    outlets), an outlet's language edition ("El País in English"), a site's name and section
    or description ("Glimmer — Celebrity", "The Window Seat — a travel blog", "Lex /
    Companies", "Europol press release — The Hague"), a translation note ("Kutaisi Post.
    Translated from Georgian"). ``None`` when it does not; the name may be ``""`` (a
    translation note naming no outlet)."""
    text = " ".join(text.strip(" *_#").split())
    if len(text) > 120:
        return None
    m = _WITH_WIRE.match(text)
    if m and _name_shaped(m["name"], 4) and (named(m["wire"]) or _AGENCIES.match(m["wire"])):
        return m["name"]
    m = _EDITION.match(text) or _EXPANDED.match(text)
    if m and _name_shaped(m["name"].strip(" ,"), 4) and _name_shaped(m["inner"] or "X", 5):
        return m["name"].strip(" ,")
    pieces = _CREDIT_SEP.split(text)
    name, rest = _ISSUED.sub("", pieces[0]), list(zip(pieces[1::2], pieces[2::2], strict=True))
    plain = not any(c.isdigit() for c in name)  # "Zaha Hadidplein 1, 2030 Antwerp": an address
    if rest and plain and _name_shaped(name) and all(_section_part(p, sep) for sep, p in rest):
        if _TRANSLATION.search(name):
            return ""
        # after a comma or a period a name is as often a place of a dateline ("Paris, France",
        # "Wenatchee, Wash., Aug. 16"): a site's line there only with an outlet known as one
        loose = any(sep.strip() in (",", ".") for sep, _ in rest)
        return name if not loose or named(name) or _TRANSLATION.search(text) else None
    return "" if _TRANSLATION.search(text) else None

"""The gazetteer: known places and organisations with canonical ids, shipped with the package.

``data/gazetteer.tsv`` lists countries, capitals (with transliteration variants such as
Kyiv/Kiev), major international organisations, and weapon systems and aircraft that news names
by brand or designation (PRODUCT). An entry matched only as written (case "exact") must be
written so (:meth:`Gazetteer.lookup_as_written`: "US" is the country, "Us" is not). Users
extend it through config (``gazetteer.extra``: entries ``{id, label, names, case}``, or
``gazetteer.files``: more TSV files in the same format). :func:`load_gazetteer` returns one
:class:`Gazetteer` that both the entity ruler (before ``ner``) and the id lookup (after
``ner``) use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sourcebook.core.errors import EnvironmentProblem
from sourcebook.core.text import fold_name_key, strip_possessive

log = logging.getLogger(__name__)

LABELS = frozenset({"GPE", "LOC", "ORG", "NORP", "PERSON", "FAC", "EVENT", "LAW", "PRODUCT"})


#: the AP stylebook's abbreviations of the names of US states (datelines: "OLYMPIA, Wash."),
#: the states named in full left out
US_STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}  # fmt: skip

#: the US Postal Service's codes of the states ("Los Angeles, CA"), but "LA", which news uses for
#: Los Angeles more than for Louisiana
US_STATE_CODES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip


#: the stock exchanges a press release names before a ticker ("(NASDAQ: NTSA)"), as a regular
#: expression's alternatives
STOCK_EXCHANGES = r"NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|AMS|XETRA|HKEX|Euronext(?: [A-Z][a-z]+)?"


class GazetteerError(EnvironmentProblem):
    kind = "gazetteer"


@dataclass(frozen=True)
class Entry:
    """One known entity: canonical id, label, names (the first is canonical), case rule."""

    id: str
    label: str
    names: tuple[str, ...]
    case: str = "any"  # "any": also matched all lower/upper case; "exact": only as written


@dataclass
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, Entry] = {}
        self._by_id = {e.id: e for e in self.entries}
        for e in self.entries:
            for name in e.names:
                self._by_key.setdefault(name_key(name), e)

    def entry(self, entry_id: str) -> Entry | None:
        """The entry whose canonical id is ``entry_id`` ("country:UA"), or None."""
        return self._by_id.get(entry_id)

    def lookup(self, text: str) -> Entry | None:
        """The entry a surface form names ("Kiev's" → city:kyiv), or None, whatever its case."""
        return self._by_key.get(name_key(text))

    def lookup_as_written(self, text: str) -> Entry | None:
        """Like :meth:`lookup`, but an entry matched only as written (case "exact") needs one of
        its names as written: "US" and "the U.S." are the country, "Us" (the magazine) is not."""
        entry = self.lookup(text)
        if entry is None or entry.case == "any":
            return entry
        core = " ".join(strip_possessive(text).split())
        if core[:4].lower() == "the ":
            core = core[4:]
        if core in entry.names:
            return entry
        # all capitals carry no case: a long name still reads as itself ("TURKEY", "KREMLIN");
        # an acronym of four letters or more may be written as a word ("Nato", "Opec"), a
        # shorter one may not ("Us", "Un" are words)
        names = entry.names
        shouting = core.isupper() and any(len(n) > 4 and n.upper() == core for n in names)
        big = core.upper()
        word = core.istitle() and any(len(n) >= 4 and n.isupper() and n == big for n in names)
        return entry if shouting or word else None

    def surface_forms(self) -> Iterable[tuple[str, Entry]]:
        """Every form the ruler matches: the names as written, plus case variants if allowed."""
        for e in self.entries:
            for name in e.names:
                forms = {name}
                if e.case == "any":
                    forms |= {name.lower(), name.upper()}
                for form in sorted(forms):
                    yield form, e


def name_key(text: str) -> str:
    """Case-, accent- and punctuation-folded key ("the Kremlin's" → "kremlin"): the project's
    one name folding, :func:`sourcebook.core.text.fold_name_key`."""
    return fold_name_key(text)


def parse_tsv(text: str, origin: str = "gazetteer") -> list[Entry]:
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 3:
            raise GazetteerError(
                f"{origin}, line {n}: expected 'id<TAB>label<TAB>names[<TAB>case]', got {line!r}"
            )
        entries.append(
            _entry(
                cols[0],
                cols[1],
                cols[2].split("|"),
                cols[3] if len(cols) > 3 else "any",
                f"{origin}, line {n}",
            )
        )
    return entries


def _entry(id_: str, label: str, names: Sequence[str], case: str, where: str) -> Entry:
    names = tuple(n.strip() for n in names if n.strip())
    if not id_ or not names:
        raise GazetteerError(f"{where}: an entry needs an id and at least one name")
    if label not in LABELS:
        raise GazetteerError(f"{where}: label {label!r} is not one of {sorted(LABELS)}")
    if case not in ("any", "exact"):
        raise GazetteerError(f"{where}: case must be 'any' or 'exact', not {case!r}")
    return Entry(id_, label, names, case)


def builtin_entries() -> list[Entry]:
    text = resources.files("sourcebook").joinpath("data/gazetteer.tsv").read_text("utf-8")
    return parse_tsv(text, "sourcebook/data/gazetteer.tsv")


def load_gazetteer(
    extra: Sequence[Mapping] = (), files: Sequence[str] = (), builtin: bool = True
) -> Gazetteer:
    """The shipped gazetteer extended by config: user entries win over built-in ones."""
    entries: list[Entry] = []
    for i, item in enumerate(extra):
        names = item.get("names") or []
        if isinstance(names, str):
            names = names.split("|")
        entries.append(
            _entry(
                str(item.get("id", "")),
                str(item.get("label", "")),
                names,
                str(item.get("case", "any")),
                f"config gazetteer.extra[{i}]",
            )
        )
    for path in files:
        try:
            entries.extend(parse_tsv(Path(path).read_text("utf-8"), str(path)))
        except OSError as exc:
            raise GazetteerError(
                f"cannot read gazetteer file {path}: {exc}; fix gazetteer.files in config.yaml"
            ) from exc
    if builtin:
        entries.extend(builtin_entries())
    log.info("gazetteer: %d entries", len(entries))
    return Gazetteer(entries)

"""Units of measurement for figures, on pint: what news writes after a number, and its base unit.

pint (the maintained unit library) is the authority for unit names, symbols and conversions:
every unit a figure can carry is named here by its **pint canonical name**; its spellings are
pint's own name, plural and symbol (each checked against pint's parser), British spellings
("metre", "litre") and the news abbreviations pint does not know ("sq mi", "km2", "kph", "bpd",
"hrs"); ``value_base`` is pint's conversion to SI base units. The registry is loaded once per
process, on first use (about 0.4 s with the import); every conversion factor is computed once per
unit and cached, so a figure costs a multiplication.

Canonical names: pint's ("kilometer", "metric_ton", "degree_Celsius"); a square or cube is pint's
named unit where it has one ("square_mile", "square_foot") and ``"<unit> ** 2"`` otherwise
("kilometer ** 2"); a rate is ``"<numerator> / <denominator>"`` ("kilometer / hour",
"USD / hour", "oil_barrel / day"). Figures that pint does not measure use: an ISO 4217 code for
money, ``percent``, ``percentage_point``, ``count`` and ``magnitude`` (an earthquake's).

Dimensions: length, area, volume, mass, duration, temperature, speed, energy, power, voltage, data,
currency, percent, count, magnitude, and ``"<numerator>/<denominator>"`` for rates other than
speeds ("currency/duration"). Base units: pint's SI base units (meter, kilogram, second, kelvin,
meter ** 2, meter ** 3, meter / second, kg·m²/s² for energy, kg·m²/s³ for power), except data,
counted in bytes (pint's base is the bit). Money, percentages, counts and magnitudes have no base
value; neither does a rate whose numerator is one of them.

Ambiguous spellings are settled where they are read (:mod:`sourcebook.extract.figures`): "m"
after money is a million, "pound" is money or mass by context, "in" is an inch only before
"deep"/"long"/… or after a fraction, a bare "C"/"F" is a temperature, "b" glued to a number is a
byte. Single letters pint reads as units but prose uses otherwise ("a", "s", "d", "t", "B", "K",
"W", "J") are no units here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcebook.core.text import word_set

if TYPE_CHECKING:
    import pint

# canonical pint unit -> spellings news uses beyond pint's name, plural and symbol
NEWS_UNITS: dict[str, tuple[str, ...]] = {
    # length
    "kilometer": ("kms", "klicks"),
    "meter": (),
    "centimeter": (),
    "millimeter": (),
    "micrometer": ("micron", "microns"),
    "nanometer": (),
    "mile": (),
    "nautical_mile": (),
    "foot": (),
    "inch": ("in.",),
    "yard": ("yds",),
    # mass
    "kilogram": ("kilo", "kilos", "kgs"),
    "gram": ("gramme", "grammes"),
    "milligram": (),
    "metric_ton": ("tonne", "tonnes", "dwt"),  # a ship's deadweight: "82,000 dwt"
    "ton": (),
    "pound": ("lbs",),
    "ounce": (),
    "stone": (),
    # area
    "hectare": (),
    "acre": (),
    "square_mile": ("sq mi", "sq. mi.", "sq. mi"),
    "square_foot": ("sq ft", "sq. ft.", "sq. ft"),
    # volume
    "liter": ("L",),
    "milliliter": ("mL",),
    "gallon": (),
    "oil_barrel": ("barrel", "barrels", "bbl"),
    "cup": (),
    "tablespoon": (),
    "teaspoon": (),
    # temperature
    "degree_Celsius": (
        "ºC",
        "° C",
        "C",
        "degrees Celsius",
        "degree Celsius",
        "degrees C",
        "deg C",
        "celsius",
        "centigrade",
        "degrees centigrade",
        "degrees",
    ),
    "degree_Fahrenheit": (
        "ºF",
        "° F",
        "F",
        "degrees Fahrenheit",
        "degree Fahrenheit",
        "degrees F",
        "deg F",
        "fahrenheit",
    ),
    "kelvin": (),
    # speed (rates spelt as one word)
    "knot": ("kts",),
    "kilometer / hour": ("km/h", "kph", "kmh", "km/hr", "kmph", "km per hour"),
    "mile / hour": ("mph", "MPH", "miles per hour", "mile per hour"),
    "meter / second": ("m/s",),
    "oil_barrel / day": ("bpd", "b/d", "barrels per day", "barrels a day"),
    # energy and power
    "joule": (),
    "kilowatt_hour": (),
    "megawatt_hour": (),
    "gigawatt_hour": (),
    "terawatt_hour": (),
    "watt": (),
    "kilowatt": (),
    "megawatt": (),
    "gigawatt": (),
    "horsepower": ("bhp",),
    "volt": (),
    "kilovolt": (),
    # data
    "byte": ("b",),
    "kilobyte": ("KB",),
    "megabyte": (),
    "gigabyte": (),
    "terabyte": (),
    "petabyte": (),
    # duration
    "second": ("secs",),
    "minute": ("mins",),
    "hour": ("hrs",),
    "day": (),
    "week": ("wk", "wks"),
    "month": (),
    "year": ("yrs",),
}
# spellings read as a multiple of a unit: "a decade" is 10 years
MULTIPLES: dict[str, tuple[str, float]] = {
    "decade": ("year", 10.0),
    "decades": ("year", 10.0),
    "century": ("year", 100.0),
    "centuries": ("year", 100.0),
}
# pint symbols that prose uses for other things ("a", "s", "d", "t"; "nm" is the shipping
# news' nautical mile), or that read as a scale after money ("B"), or are too rare after a
# number to be worth the false readings
AMBIGUOUS_SYMBOLS = frozenset(
    {"a", "s", "d", "t", "B", "K", "W", "J", "cp", "oil_bbl", "st", "nm", "µm"}
)
# surfaces that only count when glued to the number ("1500b"), or when the context allows them
GLUED_ONLY = frozenset({"b"})
CONTEXT_ONLY = frozenset({"in", "in."})

_DIMENSIONS: dict[frozenset[tuple[str, int]], str] = {
    frozenset({("[length]", 1)}): "length",
    frozenset({("[length]", 2)}): "area",
    frozenset({("[length]", 3)}): "volume",
    frozenset({("[mass]", 1)}): "mass",
    frozenset({("[time]", 1)}): "duration",
    frozenset({("[temperature]", 1)}): "temperature",
    frozenset({("[length]", 1), ("[time]", -1)}): "speed",
    frozenset({("[mass]", 1), ("[length]", 2), ("[time]", -2)}): "energy",
    frozenset({("[mass]", 1), ("[length]", 2), ("[time]", -3)}): "power",
    frozenset({("[mass]", 1), ("[length]", 2), ("[time]", -3), ("[current]", -1)}): "voltage",
}

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "US$": "USD",
    "U.S.$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "NT$": "TWD",
    "MX$": "MXN",
    "S$": "SGD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "Rs": "INR",
    "Rs.": "INR",
    "₽": "RUB",
    "₴": "UAH",
    "₩": "KRW",
    "₺": "TRY",
    "₦": "NGN",
    "₪": "ILS",
}
CURRENCY_CODES = word_set(
    "USD EUR GBP JPY CNY RUB UAH CHF INR CAD AUD HKD NZD SGD NOK SEK DKK PLN CZK HUF KRW ZAR TRY "
    "NGN BRL MXN ILS SAR AED EGP KES IDR THB MYR PHP PKR BDT VND ARS CLP COP QAR TWD GEL KZT "
    "AZN GHS ETB IRR DZD"
)
# currency names after a number ("40 billion euros"); a nationality before "dollars" or
# "kroner" names the currency
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "new zealand dollars": "NZD",
    "singapore dollars": "SGD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnia's": "UAH",
    "swiss francs": "CHF",
    "francs": "CHF",
    "kroner": "NOK",
    "norwegian kroner": "NOK",
    "danish kroner": "DKK",
    "kronor": "SEK",
    "swedish kronor": "SEK",
    "zloty": "PLN",
    "zlotys": "PLN",
    "rand": "ZAR",
    "lira": "TRY",
    "naira": "NGN",
    "shekels": "ILS",
    "riyals": "SAR",
    "dirhams": "AED",
    "pesos": "MXN",
    "lari": "GEL",
    "tenge": "KZT",
    "manat": "AZN",
    "forint": "HUF",
    "koruna": "CZK",
    "crowns": "CZK",
    "ringgit": "MYR",
    "baht": "THB",
    "rupiah": "IDR",
    "reais": "BRL",
    "shillings": "KES",
    "cedis": "GHS",
    "birr": "ETB",
    "taka": "BDT",
    "dong": "VND",
    "rials": "IRR",
    "dinars": "DZD",
}


@dataclass(frozen=True, slots=True)
class Unit:
    """What a figure measures: its canonical unit, the dimension, and the conversion to base units
    (``value_base = value * factor + offset``; no factor means no base value)."""

    name: str
    dimension: str
    factor: float | None = None
    offset: float = 0.0

    def to_base(self, value: float | None) -> float | None:
        """``value`` in the base unit, or None when there is none (money, counts, percent)."""
        if value is None or self.factor is None:
            return None
        return value * self.factor + self.offset


COUNT = Unit("count", "count")
PERCENT = Unit("percent", "percent")
PERCENTAGE_POINT = Unit("percentage_point", "percent")
MAGNITUDE = Unit("magnitude", "magnitude")


@functools.cache
def registry() -> pint.UnitRegistry:
    """pint's unit registry: loaded once per process, on first use."""
    import pint

    return pint.UnitRegistry()


@functools.cache
def currency(code: str) -> Unit:
    """The unit of an ISO 4217 currency code."""
    return Unit(code, "currency")


@functools.cache
def unit(expr: str) -> Unit:
    """The :class:`Unit` of a pint expression ("km", "kilometer ** 2", "mile / hour"), with its
    canonical name, dimension and conversion to base units (computed once per expression)."""
    ureg = registry()
    units = ureg.parse_units(expr)
    name = str(units)
    zero = ureg.Quantity(0.0, units).to_base_units()
    one = ureg.Quantity(1.0, units).to_base_units()
    base = str(one.units)
    if base == "bit":  # data is counted in bytes
        return Unit(name, "data", (one.magnitude - zero.magnitude) / 8.0)
    if " / " in name:
        num, den = name.split(" / ", 1)
        return rate(unit(num), unit(den))
    dims = frozenset(dict(units.dimensionality).items())
    dimension = _DIMENSIONS.get(dims, "other")
    return Unit(name, dimension, one.magnitude - zero.magnitude, zero.magnitude)


@functools.cache
def power(u: Unit, exponent: int) -> Unit:
    """The square or cube of a length ("square kilometres", "m³"): pint's named unit where it
    has one ("square_mile"), else ``"<unit> ** n"``."""
    named = {2: "square_", 3: "cubic_"}[exponent] + u.name
    ureg = registry()
    return unit(named if named in ureg else f"{u.name} ** {exponent}")


@functools.cache
def rate(num: Unit, den: Unit) -> Unit:
    """A rate ("$15 an hour", "200 km per hour"): ``"<num> / <den>"``; its dimension is "speed"
    for a length per duration, else ``"<num dim>/<den dim>"``; a base value only when both
    ends have one."""
    name = f"{num.name} / {den.name}"
    if (num.dimension, den.dimension) == ("length", "duration"):
        dimension = "speed"
    else:
        dimension = f"{num.dimension}/{den.dimension}"
    if num.factor is not None and den.factor is not None:
        return Unit(name, dimension, num.factor / den.factor)
    return Unit(name, dimension)


def depth(volume: Unit, area: Unit) -> float | None:
    """Millimetres of one ``volume`` per ``area`` (a litre per square metre is 1 mm of rain),
    or None when either has no base unit."""
    if volume.factor is None or area.factor is None:
        return None
    return volume.factor / area.factor / unit("millimeter").factor  # type: ignore[operator]


def _plural(word: str) -> str:
    """The English plural of a unit's last word ("foot" → "feet", "mile" → "miles")."""
    irregular = {"foot": "feet", "inch": "inches", "century": "centuries"}
    if word in irregular:
        return irregular[word]
    return word if word.endswith("s") else word + "s"


def _word_forms(name: str) -> set[str]:
    """The name of a pint unit as prose writes it: singular and plural, US and British
    spellings ("nautical_mile" → "nautical mile", "nautical miles")."""
    words = name.replace("_", " ")
    head, _, last = words.rpartition(" ")
    forms = {words, f"{head} {_plural(last)}".strip()}
    forms |= {f.replace("meter", "metre").replace("liter", "litre") for f in forms}
    return forms


@functools.cache
def lexicon() -> tuple[dict[str, tuple[str, float]], dict[str, tuple[str, float]]]:
    """Every spelling of every unit: (case-sensitive spellings, lower-cased spellings), each
    mapped to (pint expression, multiple). Symbols and short spellings are case-sensitive ("m"
    is no "M"); words are matched in any case."""
    ureg = registry()
    exact: dict[str, tuple[str, float]] = {}
    folded: dict[str, tuple[str, float]] = {}

    def add(surface: str, expr: str, multiple: float = 1.0) -> None:
        """Keep one spelling (the first reading of it wins)."""
        if len(surface) <= 3 or surface != surface.lower() or not surface.isascii():
            exact.setdefault(surface, (expr, multiple))
        else:
            folded.setdefault(surface.lower(), (expr, multiple))

    for name, extras in NEWS_UNITS.items():
        if " / " not in name:
            for form in _word_forms(name):
                if str(ureg.parse_units(form.replace(" ", "_"))) == name:
                    add(form, name)
            symbol = ureg.get_symbol(name)
            if symbol not in AMBIGUOUS_SYMBOLS and "_" not in symbol:  # "sq_mi" is no spelling
                add(symbol, name)
        for extra in extras:
            add(extra, name)
    for surface, (name, multiple) in MULTIPLES.items():
        add(surface, name, multiple)
    return exact, folded


@functools.cache
def unit_regex() -> re.Pattern[str]:
    """One pattern for a unit written after a number: every spelling, longest first (words in
    any case, symbols exact; the words of a spelling joined by spaces or hyphens,
    "nautical-mile"), with a square or cube before ("square", "sq", "cubic") or after ("²",
    "km2", "squared"). Groups: ``pre``, ``u`` (the spelling) and ``pow``."""
    exact, folded = lexicon()

    def pattern(surface: str) -> str:
        """A spelling's words, joined by spaces or hyphens."""
        return r"[\s-]+".join(re.escape(w) for w in surface.split(" "))

    alts = [(s, pattern(s)) for s in exact] + [(s, f"(?i:{pattern(s)})") for s in folded]
    alts.sort(key=lambda a: -len(a[0]))
    return re.compile(
        r"(?P<pre>(?i:square|sq\.?|cubic|cu\.?)[\s-]+)?"
        r"(?P<u>" + "|".join(p for _, p in alts) + r")"
        r"(?P<pow>[²³]|[23](?![\d.,]\d)|[\s-]+(?i:squared|cubed)\b)?"
        r"(?![A-Za-z\d])"
    )


@functools.cache
def lookup(surface: str) -> tuple[Unit, float] | None:
    """The unit (and multiple: "decade" is 10 years) of one spelling, or None."""
    exact, folded = lexicon()
    key = re.sub(r"[\s-]+", " ", surface)
    hit = exact.get(key) or folded.get(key.lower())
    if hit is None:
        return None
    expr, multiple = hit
    return unit(expr), multiple


def currency_of(word: str) -> str:
    """The ISO code a currency symbol, code or name stands for ("" when none)."""
    if word in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[word]
    if word in CURRENCY_CODES:
        return word
    return CURRENCY_WORDS.get(" ".join(word.lower().split()), "")

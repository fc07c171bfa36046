"""A figure's value as a fact-checker reads it: the interval its writer's rounding allows, and a
readable form ("€40bn", "about 700", "at least 150,000").

**Rounding.** A number is as precise as its last significant digit: "700" is rounded to the
hundred, "24.8" to the tenth, "$2.5bn" to the hundred million. A leading 1 alone is read one
digit finer ("1,000" to the hundred, as "nearly 1,000" means 900–999). The *rounding unit* ``u``
gives each figure the interval of values its writer could have meant (:func:`reach`):

- exact and approximate: ``[v − u/2, v + u/2)`` ("about 700" 650–749, "some 800" 750–849);
- lower bound ("more than 500", "at least six"): ``[v, v + u)`` — what the writer would have
  rounded down to ``v``; the bound itself is open (:func:`bound`): any larger value is
  *compatible*, a later "more than 1,500" refines "more than 1,000" without contradicting it;
- upper bound ("nearly 1,000", "up to 60 mph", "less than eight"): ``[v − u, v]``, open below;
- ranges ("8–10 km"): from the low end's lower reach to the high end's upper reach.

Two figures *agree* when their reaches overlap, are *compatible* when only their open bounds do,
and *contradict* otherwise (:func:`relation`). Intervals are in the figure's written unit, then
converted to the base unit with the figure's own ``value_base / value`` ratio (offset units such
as degrees Celsius or Fahrenheit through pint).
"""

from __future__ import annotations

import math
from decimal import Decimal
from enum import StrEnum
from functools import cache

from sourcebook.extract.units import registry

OFFSET_UNITS = frozenset({"degree_Celsius", "degree_Fahrenheit", "degC", "degF", "celsius"})

CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}

QUALIFIER_WORDS = {"approximate": "about", "lower_bound": "at least", "upper_bound": "up to"}


class Relation(StrEnum):
    """How two figures' values relate (see the module docstring)."""

    AGREE = "agree"
    COMPATIBLE = "compatible"
    CONTRADICT = "contradict"


@cache
def rounding_unit(value: float) -> float:
    """The unit of the last significant digit of ``value`` as written (700 → 100, 24.8 → 0.1,
    1,000 → 100, 0 → 1)."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    d = Decimal(repr(abs(value))).normalize()
    _, digits, exponent = d.as_tuple()
    exp = int(exponent)
    if digits == (1,) and exp > 0:
        exp -= 1  # a leading 1 alone: "1,000" is read to the hundred
    return 10.0**exp


def reach(value: float, value_max: float | None, qualifier: str) -> tuple[float, float]:
    """The interval of values the writer may have meant, in the written unit."""
    hi_value = value if value_max is None else value_max
    u_lo, u_hi = rounding_unit(value), rounding_unit(hi_value)
    if value_max is None and qualifier == "lower_bound":
        return value, value + u_lo
    if value_max is None and qualifier == "upper_bound":
        return value - u_lo, value
    return value - u_lo / 2, hi_value + u_hi / 2


def bound(value: float, value_max: float | None, qualifier: str) -> tuple[float, float]:
    """The interval a bound leaves open ("more than 500": [500, ∞)); a figure's reach else."""
    if value_max is None and qualifier == "lower_bound":
        return value, math.inf
    if value_max is None and qualifier == "upper_bound":
        return -math.inf, value
    return reach(value, value_max, qualifier)


def to_base(x: float, value: float, value_base: float | None, unit: str) -> float:
    """``x`` (in the figure's written unit) in the base unit, by the figure's own conversion."""
    if value_base is None or not math.isfinite(x):
        return x
    if unit in OFFSET_UNITS:
        return _offset_to_base(x, unit)
    if value == 0:
        return x if value_base == 0 else x * value_base
    return x * (value_base / value)


def _offset_to_base(x: float, unit: str) -> float:
    """``x`` degrees of an offset unit (Celsius, Fahrenheit) in kelvin, by extract's registry."""
    ureg = registry()
    return float(ureg.Quantity(x, unit).to_base_units().magnitude)


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals share more than an end point (about 700 and some 800 do not)."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo < hi:
        return True
    # a point interval (an exact bound) inside the other
    return lo == hi and (a[0] == a[1] or b[0] == b[1])


def relation(
    reach_a: tuple[float, float],
    bound_a: tuple[float, float],
    reach_b: tuple[float, float],
    bound_b: tuple[float, float],
) -> Relation:
    """Agree, compatible or contradict (see the module docstring)."""
    if overlaps(reach_a, reach_b):
        return Relation.AGREE
    if overlaps(bound_a, reach_b) or overlaps(reach_a, bound_b):
        return Relation.COMPATIBLE
    # two lower (or two upper) bounds never contradict: "more than 60", later "over 140"
    if (math.isinf(bound_a[1]) and math.isinf(bound_b[1])) or (
        math.isinf(bound_a[0]) and math.isinf(bound_b[0])
    ):
        return Relation.COMPATIBLE
    return Relation.CONTRADICT


# ---------------------------------------------------------------- readable values


def _scaled(value: float, money: bool) -> str:
    """700 → "700", 1200 → "1,200", 2.5e9 → "2.5bn" (money) or "2.5 billion"."""
    a = abs(value)
    for size, short, long in ((1e12, "tn", "trillion"), (1e9, "bn", "billion"),
                              (1e6, "m", "million")):  # fmt: skip
        if a >= size:
            n = f"{value / size:,.3f}".rstrip("0").rstrip(".")
            return f"{n}{short}" if money else f"{n} {long}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    if money:
        return f"{value:,.2f}"
    return f"{value:,.6g}" if a < 1000 else f"{value:,.2f}".rstrip("0").rstrip(".")


def readable(value: float | None, value_max: float | None, unit: str, kind: str) -> str:
    """A figure's value as a reader writes it: "€40bn", "$2.5bn", "24.8%", "700", "8–10 km"."""
    if value is None:
        return ""
    money = kind == "currency"
    number = _scaled(value, money)
    if value_max is not None and value_max != value:
        number = f"{number}–{_scaled(value_max, money)}"
    if money:
        sign = CURRENCY_SIGNS.get(unit.upper())
        return f"{sign}{number}" if sign else f"{number} {unit.upper()}".strip()
    if kind == "percent" or unit in ("percent", "%"):
        return f"{number}%"
    return number


def qualified(text: str, qualifier: str) -> str:
    """``text`` with its qualifier in words ("about 700", "at least 150,000")."""
    word = QUALIFIER_WORDS.get(qualifier, "")
    return f"{word} {text}" if word and text else text

"""The report's timeline: dated events in calendar order, the event's own period first.

Dates come as the ISO forms of :mod:`sourcebook.core.dates`: a day ``2024-07-09``, a month
``2024-11``, a year ``2024``, an ISO week ``2024-W28`` and intervals ``a/b``. They sort by the
days they cover (first day, then last), never as text ("2024-W27" is before "2024-11").

The timeline leads with the event itself: the dates within the period around the documents'
publication dates (:func:`event_window`); what lies later, the longer periods that include
it ("this year") and the background before it ("founded in 1949") follow in their own groups.
A date that only exists under a condition ("if Trump wins in November") is no event and is left
out (:func:`is_conditional`).

The chart (:func:`timeline_svg`) draws the event period on an axis whose ticks are spaced for
their labels; a day is a dot, a longer span a bar, and items that would touch are stacked in
lanes, so no dot or label covers another.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from markupsafe import Markup

#: days added on each side of the publication dates' period to make the event's period
WINDOW_MARGIN_DAYS = 31
#: the event groups, in the order the timeline shows them
GROUPS = {
    "event": "Around the publication dates",
    "later": "Later",
    "period": "Longer periods that include it",
    "earlier": "Earlier (background)",
}

_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
# words that put what follows under a condition; a clause ends at , ; : . ! ? or a dash
_CONDITION = re.compile(r"\b(?:if|unless|whether|in case|provided that)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?—–]")


def _bounds(part: str, last: bool) -> date | None:
    """The first (or ``last``) day of one ISO form."""
    try:
        if len(part) == 10:
            return date.fromisoformat(part)
        m = _WEEK.fullmatch(part)
        if m:
            return date.fromisocalendar(int(m[1]), int(m[2]), 7 if last else 1)
        m = _MONTH.fullmatch(part)
        if m:
            first = date(int(m[1]), int(m[2]), 1)
            if not last:
                return first
            return (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        if _YEAR.fullmatch(part):
            return date(int(part), 12, 31) if last else date(int(part), 1, 1)
    except ValueError:
        return None
    return None


def iso_span(iso: str) -> tuple[date, date] | None:
    """The first and last day an ISO date form covers, or None if it is none."""
    first, _, second = iso.partition("/")
    start = _bounds(first, last=False)
    end = _bounds(second or first, last=True)
    if start is None or end is None:
        return None
    return (start, end) if start <= end else (end, start)


def is_conditional(sentence: str, phrase: str) -> bool:
    """Whether the date ``phrase`` of ``sentence`` is under a condition: in a clause opened by
    "if", "unless", "whether", "in case" or "provided that" ("… if Trump wins in November"),
    or in a sentence that starts with one ("If talks fail, the vote moves to 2025")."""
    if not sentence:
        return False
    if _CONDITION.match(sentence.lstrip(" \"'“‘(")):
        return True
    at = sentence.find(phrase) if phrase else -1
    if at < 0:
        return False
    before = sentence[:at]
    clause = _CLAUSE_END.split(before)[-1]
    return bool(_CONDITION.search(clause))


def event_window(publication: Sequence[date], events: Sequence[date]) -> tuple[date, date] | None:
    """The event's period: the middle 80 % of the publication dates (without any, the median
    of the events' first days), widened by :data:`WINDOW_MARGIN_DAYS` on each side."""
    margin = timedelta(days=WINDOW_MARGIN_DAYS)
    if publication:
        anchors = sorted(publication)
        cut = len(anchors) // 10
        core = anchors[cut : len(anchors) - cut] or anchors
        return core[0] - margin, core[-1] + margin
    if not events:
        return None
    middle = sorted(events)[len(events) // 2]
    return middle - margin, middle + margin


def group_of(span: tuple[date, date], window: tuple[date, date] | None) -> str:
    """The timeline group of ``span``: "event" when it falls in the window, "period" when it
    meets the window but is longer ("this year": no date of the event itself), "later" or
    "earlier" outside it."""
    if window is None:
        return "event"
    if span[0] <= window[1] and span[1] >= window[0]:
        return "period" if span[1] - span[0] > window[1] - window[0] else "event"
    return "later" if span[0] > window[1] else "earlier"


def order_events(events: list[dict], publication: Sequence[date]) -> list[dict]:
    """``events`` (each with an ISO ``date``) given their ``span`` and ``group``, in the order
    the timeline shows them: the event's period first, then later, then earlier; each group
    in calendar order (first day, last day), then source and text."""
    spans = {id(e): iso_span(e["date"]) for e in events}
    dated = [e for e in events if spans[id(e)] is not None]
    window = event_window(publication, [spans[id(e)][0] for e in dated])  # type: ignore[index]
    rank = {g: i for i, g in enumerate(GROUPS)}
    for e in dated:
        e["span"] = spans[id(e)]
        e["group"] = group_of(e["span"], window)
    return sorted(
        dated,
        key=lambda e: (rank[e["group"]], e["span"][0], e["span"][1], e["doc_id"], e["text"]),
    )


# ---------------------------------------------------------------- the chart

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WIDTH, LEFT, LANE, AXIS, DOT = 1000, 30, 16, 34, 5
LABEL_PX = 70  # room one tick label needs (at 11 px, "30 Sep 2024" is about 62 px)


def _ticks(lo: date, hi: date, room: float) -> list[tuple[date, str]]:
    """Tick days between ``lo`` and ``hi`` and their labels, as many as ``room`` pixels hold
    at :data:`LABEL_PX` each: days, weeks, months or years, whichever fits."""
    most = max(2, int(room // LABEL_PX))
    days = (hi - lo).days + 1
    for step in (1, 2, 7, 14):
        if days / step <= most:
            first = lo if step < 7 else lo + timedelta(days=(7 - lo.weekday()) % 7)
            return [
                (d, f"{d.day} {_MONTHS[d.month - 1]}")
                for d in (first + timedelta(days=k) for k in range(0, days, step))
                if d <= hi
            ]
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    for step in (1, 2, 3, 6):
        if months / step <= most:
            out, y, m = [], lo.year, lo.month
            while date(y, m, 1) <= hi:
                if date(y, m, 1) >= lo and (m - 1) % step == 0:
                    out.append((date(y, m, 1), f"{_MONTHS[m - 1]} {y}"))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return out
    years = hi.year - lo.year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if years / s <= most)
    return [
        (date(y, 1, 1), str(y))
        for y in range(lo.year, hi.year + 1)
        if y % step == 0 and date(y, 1, 1) >= lo
    ]


@dataclasses.dataclass
class _Item:
    """One mark of the chart: the events of one date, drawn as a dot or a bar."""

    iso: str
    x0: float
    x1: float
    events: list[dict]
    lane: int = 0


def _lanes(items: list[_Item], gap: float = 3.0) -> int:
    """Stack ``items`` in lanes so that none touches another (greedy by first x)."""
    ends: list[float] = []
    for it in sorted(items, key=lambda i: (i.x0, i.x1)):
        left = it.x0 - (DOT if it.x1 - it.x0 < 2 * DOT else 0)
        right = max(it.x1, it.x0 + DOT)
        for lane, end in enumerate(ends):
            if end + gap <= left:
                it.lane, ends[lane] = lane, right
                break
        else:
            it.lane = len(ends)
            ends.append(right)
    return len(ends)


def timeline_svg(events: Sequence[dict]) -> Markup:
    """The events of the event's period (all, if none falls in it) on a dated axis."""
    shown = [e for e in events if e.get("group") == "event"] or list(events)
    if not shown:
        return Markup("")
    lo = min(e["span"][0] for e in shown)
    hi = max(e["span"][1] for e in shown)
    room = WIDTH - 2 * LEFT
    per_day = room / max((hi - lo).days + 1, 1)

    def x(d: date, end: bool = False) -> float:
        return LEFT + ((d - lo).days + (1 if end else 0)) * per_day

    by_iso: dict[str, list[dict]] = defaultdict(list)
    for e in shown:
        by_iso[e["date"]].append(e)
    items = []
    for iso, evs in by_iso.items():
        start, end = evs[0]["span"]
        x0, x1 = x(start), x(end, end=True)
        if end == start:  # one day: a dot in the middle of it
            x0 = x1 = (x0 + x1) / 2
        items.append(_Item(iso, x0, x1, evs))
    lanes = _lanes(items)
    height = AXIS + lanes * LANE + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Timeline of the events">',
        f'<line x1="{LEFT}" y1="{AXIS - 12}" x2="{WIDTH - LEFT}" y2="{AXIS - 12}" stroke="#888"/>',
    ]
    for d, label in _ticks(lo, hi, room):
        tx = x(d)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{AXIS - 15}" x2="{tx:.1f}" y2="{AXIS - 9}" stroke="#888"/>'
            f'<text x="{tx:.1f}" y="{AXIS - 19}" text-anchor="middle" class="hl tick">'
            f"{escape(label)}</text>"
        )
    for it in items:
        y = AXIS + it.lane * LANE + LANE / 2
        n = len(it.events)
        texts = " | ".join(e["text"][:80] for e in it.events[:3])
        tip = escape(f"{it.iso}: {n} event(s) — {texts}")
        if it.x1 - it.x0 < 2 * DOT:
            shape = f'<circle cx="{it.x0:.1f}" cy="{y:.1f}" r="{DOT}" class="ev"/>'
        else:
            shape = (
                f'<rect x="{it.x0:.1f}" y="{y - 4:.1f}" width="{it.x1 - it.x0:.1f}" height="8" '
                f'rx="3" class="ev span"/>'
            )
        parts.append(
            f'<g class="event" data-date="{escape(it.iso)}">{shape}<title>{tip}</title></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))

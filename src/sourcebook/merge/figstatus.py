"""The status of one figure cluster — agree, conflict, update or single — and the rule that
decided it.

A cluster is one quantity. Its figures fall into *value groups*: figures whose rounding
intervals overlap (:mod:`sourcebook.merge.quantity`). Then:

- one value group: **agree** when two or more documents state it ("values agree within the
  writers' rounding"), else **single** ("one document");
- groups that differ only by open bounds ("more than 60", later "over 140"; "at least six",
  later "nine"): **update** ("a bound is refined");
- groups that contradict each other: **conflict** when the sources state them at the same time —
  one document gives both (outside a live blog's separate timed entries), an older value is
  restated after a newer one appeared, a lower value is still given after a higher one (a
  running figure grows: "some 15,000" on Wednesday, "about 12,000" on Wednesday and
  Thursday), or two sources differ on the same day while nothing in the cluster shows the
  figure developing — else **update** ("a later source revises the value"). A value first
  given by one source and then by others on its day and after counts as developing only when
  a live blog shows the order or the figure is a running count of what happened ("11
  injured" at 09:10, "23" that day and the next); a staff count is not ("about 1,200
  employees", "more than 1,500" that day and the next: a conflict).

Times are the documents' dates (metadata) and, inside a live blog, the time of the entry a
figure sits in. Undated documents are left out of the ordering: a value with no dated source
is one more step of a figure the dated sources show developing, and a conflict when no
contradiction of the cluster can be ordered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sourcebook.merge.quantity import Relation, overlaps, relation

AGREE = "agree"
CONFLICT = "conflict"
UPDATE = "update"
SINGLE = "single"
STATUSES = (CONFLICT, UPDATE, AGREE, SINGLE)


@dataclass(frozen=True)
class Member:
    """What the status needs of one figure of a cluster."""

    doc_id: str
    date: str
    entry: str
    reach: tuple[float, float]
    bound: tuple[float, float]
    tally: bool = False  # a running count of what happened ("killed", "injured", "displaced")


@dataclass(frozen=True)
class Verdict:
    """A cluster's status, the rule that decided it and each member's value group."""

    status: str
    reason: str
    groups: list[int]


def value_groups(members: Sequence[Member]) -> list[int]:
    """Each member's value group (0, 1, … in value order): overlapping reaches, by one sweep."""
    order = sorted(range(len(members)), key=lambda i: members[i].reach)
    group = [0] * len(members)
    g, run = -1, (0.0, 0.0)
    for i in order:
        reach = members[i].reach
        if g < 0 or not overlaps(reach, run):
            g, run = g + 1, reach
        else:
            run = (run[0], max(run[1], reach[1]))
        group[i] = g
    return group


def _span(members: Sequence[Member], idx: Sequence[int]) -> tuple[tuple[float, float], ...]:
    reach = (min(members[i].reach[0] for i in idx), max(members[i].reach[1] for i in idx))
    bound = (min(members[i].bound[0] for i in idx), max(members[i].bound[1] for i in idx))
    return reach, bound


def _when(m: Member) -> tuple[str, str]:
    return m.date, m.entry


def _before(a: tuple[str, str], b: tuple[str, str]) -> bool | None:
    """Whether time ``a`` is strictly before ``b``; None when they cannot be told apart (the
    same day without entry times on both)."""
    if a[0] != b[0]:
        return a[0] < b[0]
    if a[1] and b[1] and a[1] != b[1]:
        return a[1] < b[1]
    return None


def _order(members: Sequence[Member], ga: list[int], gb: list[int]) -> str:
    """How two contradicting value groups sit in time: ``both`` (one document states both at
    once), ``restated`` (each is stated after the other), ``same-day`` (never told apart),
    ``ordered`` (one always first, or first with the other also on its day when a live blog
    shows the order or a running count grows), ``stale`` (one first, the other also on its
    day, and the later value lower: "some 15,000" on Wednesday, "about 12,000" on Wednesday and
    Thursday), ``undated``."""
    for i in ga:
        for j in gb:
            mi, mj = members[i], members[j]
            same_time = _before(_when(mi), _when(mj)) is None and mi.entry == mj.entry
            if mi.doc_id == mj.doc_id and same_time:
                return "both"
    a_first = b_first = tie = in_doc = False
    dated = [(i, j) for i in ga for j in gb if members[i].date and members[j].date]
    if not dated:
        return "undated"
    for i, j in dated:
        b = _before(_when(members[i]), _when(members[j]))
        if b is None:
            tie = True
        elif b:
            a_first = True
        else:
            b_first = True
        in_doc = in_doc or (b is not None and members[i].doc_id == members[j].doc_id)
    if a_first and b_first:
        return "restated"
    if not (a_first or b_first):
        return "same-day"
    if not tie:
        return "ordered"
    early, late = (ga, gb) if a_first else (gb, ga)
    if _middle(members, late) < _middle(members, early):
        return "stale"
    # one source first, the other also on its day: a development when a live blog shows the
    # order, or a running count grows ("11 injured" at 09:10, "23" that day and the next)
    tally = all(members[i].tally for i in (*ga, *gb))
    return "ordered" if in_doc or tally else "same-day"


def _middle(members: Sequence[Member], idx: Sequence[int]) -> float:
    """The middle of a value group's reach."""
    lo, hi = _span(members, idx)[0]
    return (lo + hi) / 2


def _contradictions(members: Sequence[Member], groups: list[int]) -> list[str]:
    """The time order of every pair of contradicting value groups."""
    by_group: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    spans = {g: _span(members, idx) for g, idx in by_group.items()}
    orders = []
    for ga, gb in combinations(sorted(by_group), 2):
        (ra, ba), (rb, bb) = spans[ga], spans[gb]
        if relation(ra, ba, rb, bb) is Relation.CONTRADICT:
            orders.append(_order(members, by_group[ga], by_group[gb]))
    return orders


def decide(members: Sequence[Member]) -> Verdict:
    """The status of one cluster (see the module docstring)."""
    if len(members) == 1:
        return Verdict(SINGLE, "one document", [0])
    groups = value_groups(members)
    docs = {m.doc_id for m in members}
    if max(groups) == 0:
        if len(docs) > 1:
            return Verdict(AGREE, "values agree within the writers' rounding", groups)
        return Verdict(SINGLE, "one document", groups)
    orders = _contradictions(members, groups)
    if not orders:
        return Verdict(UPDATE, "a bound is refined by a later or sharper figure", groups)
    if "both" in orders:
        return Verdict(CONFLICT, "one document gives contradicting values", groups)
    if set(orders) == {"undated"}:
        return Verdict(CONFLICT, "values contradict and a value has no dated source", groups)
    if "restated" in orders:
        return Verdict(CONFLICT, "an older value is restated after a newer one", groups)
    if "stale" in orders:
        return Verdict(CONFLICT, "a lower value is still given after a higher one", groups)
    if "same-day" in orders and "ordered" not in orders:
        return Verdict(CONFLICT, "sources give contradicting values at the same time", groups)
    return Verdict(UPDATE, "a later source revises the value", groups)


# a live blog's entry starts with its time: "09:10 — Three killed", "2:10 p.m. — A third…",
# "20:05 E-voting results are in"
ENTRY_TIME = re.compile(
    r"^\s*(\d{1,2})[:.](\d{2})\s*(?:([ap])\.?\s?m\.?)?\s*(?:[A-Z]{2,4}\b)?\s*"
    r"(?:[—–|-]|$|(?=[A-Z]))"
)


def entry_times(paragraphs: Iterable[Mapping[str, Any]]) -> dict[tuple[str, int], str]:
    """(doc_id, paragraph index) → the time ("HH:MM", 24 h) of the live-blog entry the
    paragraph belongs to: the last timed paragraph at or before it; paragraphs before any
    timed one, and documents without them, have none."""
    out: dict[tuple[str, int], str] = {}
    current: dict[str, str] = {}
    for p in sorted(paragraphs, key=lambda p: (p["doc_id"], p["index"])):
        m = ENTRY_TIME.match(p["text"])
        doc = p["doc_id"]
        if m:
            hour, minute = int(m.group(1)), int(m.group(2))
            if m.group(3):
                hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
            if hour < 24 and minute < 60:
                current[doc] = f"{hour:02d}:{minute:02d}"
        if doc in current:
            out[(doc, int(p["index"]))] = current[doc]
    return out

"""Alignment between cleaned text and the raw text it came from.

Cleaning (joining lines, collapsing spaces, removing hyphenation, replacing quotes) changes
offsets. :class:`AlignedBuilder` builds cleaned text piece by piece while recording, for every
piece, the raw span it came from; :func:`to_raw` maps a span of cleaned text back to raw
offsets. The map is stored with each paragraph as a compact JSON list of
``[clean_start, raw_start, clean_length, raw_length]`` segments.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field

Segment = tuple[int, int, int, int]  # clean_start, raw_start, clean_len, raw_len


@dataclass
class AlignedBuilder:
    """Accumulates cleaned text with its alignment to raw offsets."""

    parts: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    length: int = 0

    def copy(self, raw: str, start: int, end: int) -> None:
        """Append raw[start:end] unchanged (one char of clean text per raw char)."""
        self.emit(raw[start:end], start, end)

    def emit(self, text: str, raw_start: int, raw_end: int) -> None:
        """Append ``text`` standing for raw[raw_start:raw_end]."""
        if not text:
            return
        clean_len, raw_len = len(text), raw_end - raw_start
        last = self.segments[-1] if self.segments else None
        if (
            last is not None
            and last[2] == last[3]
            and clean_len == raw_len
            and last[0] + last[2] == self.length
            and last[1] + last[3] == raw_start
        ):
            self.segments[-1] = (last[0], last[1], last[2] + clean_len, last[3] + raw_len)
        else:
            self.segments.append((self.length, raw_start, clean_len, raw_len))
        self.parts.append(text)
        self.length += clean_len

    @property
    def text(self) -> str:
        return "".join(self.parts)


def dumps(segments: list[Segment]) -> str:
    return json.dumps([list(s) for s in segments], separators=(",", ":"))


def loads(source_map: str) -> list[Segment]:
    return [tuple(s) for s in json.loads(source_map)] if source_map else []  # type: ignore[misc]


def _raw_pos(segments: list[Segment], pos: int, *, is_end: bool) -> int:
    starts = [s[0] for s in segments]
    probe = pos - 1 if is_end else pos
    i = max(bisect.bisect_right(starts, probe) - 1, 0)
    c0, r0, clen, rlen = segments[i]
    off = probe - c0
    if clen == rlen:
        off = min(max(off, 0), clen - 1 if clen else 0)
        return r0 + off + (1 if is_end else 0)
    # a substituted piece maps as a whole
    return r0 + rlen if is_end else r0


def to_raw(source_map: str, base: int, start: int, end: int) -> tuple[int, int]:
    """Raw offsets of cleaned span [start, end); ``base`` is used when the map is empty."""
    segments = loads(source_map)
    if not segments:
        return base + start, base + end
    if end <= start:
        p = _raw_pos(segments, start, is_end=False)
        return p, p
    return _raw_pos(segments, start, is_end=False), _raw_pos(segments, end, is_end=True)

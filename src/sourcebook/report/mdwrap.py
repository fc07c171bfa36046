"""report.md for a terminal: every line at most :data:`WIDTH` characters.

Paragraphs and list items are wrapped at spaces (Markdown joins the lines again); a heading
longer than a line is shortened. A table whose rows fit stays a table; a wider one, which
Markdown cannot wrap, becomes a list with one item per row: its short cells on the first
lines (``**Column:** value``), a cell of several parts (``<br>``) as a sub-list. Only a single
word longer than a line (a long link target) can still exceed the width.
"""

from __future__ import annotations

import re
import textwrap

WIDTH = 100

_SEPARATOR = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LIST = re.compile(r"^(\s*)([-*+]|\d+\.)\s+")
_KEEP = "\x00"  # stands for a space that must not become a line break
_ANCHOR = re.compile(r"<a id=")


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` wrapped at spaces, the first line after ``first``, the others after ``rest``."""
    text = _ANCHOR.sub(f"<a{_KEEP}id=", text)
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.replace(_KEEP, " ") for line in lines]


def _cells(row: str) -> list[str]:
    """The cells of a table row (``\\|`` inside a cell is no border)."""
    parts = _CELL_SPLIT.split(row.strip())
    return [c.strip() for c in parts[1:-1]]


def _table_as_list(block: list[str], width: int) -> list[str]:
    """A Markdown table too wide for a line, as a list: one item per row."""
    header = _cells(block[0])
    out: list[str] = []
    for row in block[2:]:
        cells = _cells(row)
        if cells and cells[0] and not any(cells[1:]):  # a heading row (a group of rows)
            out += ["", *_wrap(cells[0], width), ""]
            continue
        short, long = [], []
        for name, cell in zip(header, cells, strict=False):
            if not cell:
                continue
            (long if "<br>" in cell else short).append((name, cell))
        lead = " · ".join(f"**{name}:** {cell}" for name, cell in short)
        out += _wrap(lead, width, "- ", "  ")
        for name, cell in long:
            out += _wrap(f"**{name}:**", width, "  - ", "    ")
            for part in cell.split("<br>"):
                out += _wrap(part.strip(), width, "    - ", "      ")
    return [*out, ""]


def _line(line: str, width: int) -> list[str]:
    """One line that is not part of a table, wrapped (a heading shortened)."""
    if len(line) <= width:
        return [line]
    if line.startswith("#"):
        return [line[: width - 1].rsplit(" ", 1)[0] + "…"]
    m = _LIST.match(line)
    if m:
        indent = " " * len(m.group(0))
        return _wrap(line[m.end() :], width, m.group(0), indent)
    return _wrap(line, width)


def wrap_markdown(text: str, width: int = WIDTH) -> str:
    """``text`` (Markdown) with no line longer than ``width`` but for single long words."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]):
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            block = lines[i:j]
            fits = max(len(line) for line in block) <= width
            out += block if fits else _table_as_list(block, width)
            i = j
            continue
        out += _line(lines[i], width)
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))

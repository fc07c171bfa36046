"""The document-metadata gold set (issue 19) is well formed, complete and scored exactly.

Checks the gold file only, not the extraction code: expected.yaml parses, docs/ and the gold list
the same files, every format and layout tag meets its minimum count, the binaries are what
make_binary.py writes, and the scorer gives exact numbers on hand-made predictions.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
GOLD_DIR = HERE / "gold" / "metadata"
MIN_TOTAL = 130
MIN_PER_FORMAT = {"txt": 45, "md": 20, "html": 30, "pdf": 20, "png": 10}
MIN_PER_LAYOUT = 6


def _load(name: str, path: Path) -> ModuleType:
    """Import a module from its path (the tests folders have no __init__.py)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


mg = _load("metadata_gold", HERE / "metadata_gold.py")


@pytest.fixture(scope="module")
def gold() -> dict:
    """The gold set as loaded by the scorer's loader."""
    return mg.load_gold(GOLD_DIR)


def test_gold_parses_and_meets_total(gold: dict) -> None:
    assert len(gold) >= MIN_TOTAL
    assert all(isinstance(meta, mg.GoldMeta) for meta in gold.values())


def test_every_doc_has_gold_and_every_gold_has_a_doc(gold: dict) -> None:
    files = {p.name for p in (GOLD_DIR / "docs").iterdir() if p.is_file()}
    assert sorted(files - set(gold)) == [], "files in docs/ without a gold entry"
    assert sorted(set(gold) - files) == [], "gold entries without a file in docs/"


def test_counts_per_format(gold: dict) -> None:
    counts = Counter(meta.format for meta in gold.values())
    short = {f: counts[f] for f, need in MIN_PER_FORMAT.items() if counts[f] < need}
    assert short == {}


def test_counts_per_layout(gold: dict) -> None:
    counts = Counter(tag for meta in gold.values() for tag in meta.layout)
    short = {tag: counts[tag] for tag in mg.LAYOUTS if counts[tag] < MIN_PER_LAYOUT}
    assert short == {}


def test_layout_tags_agree_with_values(gold: dict) -> None:
    for name, meta in gold.items():
        assert ("no_author" in meta.layout) == (not meta.authors), name
        assert ("no_date" in meta.layout) == (meta.date is None), name
        assert ("no_title" in meta.layout) == (meta.title is None), name
        assert ("multi_author" in meta.layout) == (len(meta.authors) > 1), name
        assert ("scan" in meta.layout) == (meta.format == "png"), name


def _png_dpi(data: bytes) -> tuple[int, int] | None:
    """Horizontal and vertical dpi from a PNG's pHYs chunk, or None."""
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"pHYs":
            x, y, unit = struct.unpack(">IIB", data[pos + 8 : pos + 17])
            return (round(x * 0.0254), round(y * 0.0254)) if unit == 1 else None
        pos += 12 + length
    return None


def test_binaries_have_sources_and_look_right(gold: dict) -> None:
    for name, meta in gold.items():
        if meta.format not in {"pdf", "png"}:
            continue
        assert (GOLD_DIR / "sources" / f"{Path(name).stem}.txt").is_file(), name
        data = (GOLD_DIR / "docs" / name).read_bytes()
        if meta.format == "pdf":
            assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF"), name
        else:
            assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
            dpi = _png_dpi(data)
            assert dpi is not None and 200 <= dpi[0] <= 300, (name, dpi)


def test_pdfs_rebuild_byte_identical() -> None:
    make_binary = _load("metadata_gold_make_binary", GOLD_DIR / "make_binary.py")
    for source in sorted((GOLD_DIR / "sources").glob("*.txt")):
        parsed = make_binary.read_source(source)
        if parsed.kind == "pdf":
            name, data = make_binary.build(parsed)
            assert (GOLD_DIR / "docs" / name).read_bytes() == data, name


def _meta(
    name: str,
    fmt: str,
    outlet: str | None,
    authors: list[str],
    date: str | None,
    title: str | None,
    layout: list[str],
) -> object:
    """A hand-made gold entry."""
    return mg.GoldMeta(name, fmt, outlet, tuple(authors), date, title, tuple(layout))


HAND_GOLD = {
    "a.txt": _meta(
        "a.txt",
        "txt",
        "The Guardian",
        ["Jane Doe", "John Roe"],
        "2024-07-11",
        "Nato’s ‘irreversible’ promise",
        ["byline", "multi_author"],
    ),
    "b.html": _meta(
        "b.html",
        "html",
        "Reuters",
        ["Ann Lee"],
        "2024-07-10",
        "Drones hit port",
        ["byline", "dateline"],
    ),
    "c.pdf": _meta("c.pdf", "pdf", "NATO", [], None, None, ["press_release", "no_author"]),
    "d.png": _meta(
        "d.png", "png", "The White House", [], "2024-07-09", "THE WHITE HOUSE", ["no_author"]
    ),
}

HAND_PRED = {
    # all right after normalisation: no "The", case, straight quotes, extra spaces
    "a.txt": {
        "outlet": "guardian",
        "authors": ["JANE  DOE", "john roe"],
        "date": "2024-07-11",
        "title": "NATO's 'irreversible'   promise",
    },
    # outlet right, wrong date, title right, one wrong extra author
    "b.html": {
        "outlet": "REUTERS",
        "authors": ["Ann Lee", "Reuters Staff"],
        "date": "2024-07-11",
        "title": "drones hit port",
    },
    # null expected and null/empty predicted count as correct; an author is a false positive
    "c.pdf": {"outlet": "NATO", "authors": ["Press Office"], "date": None, "title": ""},
    # d.png has no prediction at all; "x.txt" is not in the gold
    "x.txt": {"outlet": "AP"},
}


def test_scorer_exact_numbers() -> None:
    result = mg.score(HAND_GOLD, HAND_PRED)
    o = result.overall
    assert (o.n, o.outlet_ok, o.date_ok, o.title_ok) == (4, 3, 2, 3)
    assert (o.author_tp, o.author_pred, o.author_gold) == (3, 5, 3)
    assert o.outlet == 0.75 and o.date == 0.5 and o.title == 0.75
    assert o.author_precision == 0.6 and o.author_recall == 1.0
    assert result.missing == ["d.png"] and result.unknown == ["x.txt"]

    assert result.by_format["txt"].outlet == 1.0
    html = result.by_format["html"]
    assert (html.date, html.title, html.author_precision) == (0.0, 1.0, 0.5)
    png = result.by_format["png"]
    assert (png.outlet, png.date, png.title, png.author_precision) == (0.0, 0.0, 0.0, 1.0)

    no_author = result.by_layout["no_author"]
    assert (no_author.n, no_author.author_pred, no_author.author_precision) == (2, 1, 0.0)
    assert no_author.author_recall == 1.0
    assert result.by_layout["byline"].author_precision == 0.75
    assert result.by_layout["multi_author"].author_recall == 1.0

    wrong = {(m.doc, m.field) for m in result.mismatches}
    assert wrong == {
        ("b.html", "date"),
        ("b.html", "authors"),
        ("c.pdf", "authors"),
        ("d.png", "outlet"),
        ("d.png", "date"),
        ("d.png", "title"),
    }


def test_format_score_lists_groups() -> None:
    text = mg.format_score(mg.score(HAND_GOLD, HAND_PRED), mismatches=2)
    lines = text.splitlines()
    assert lines[1].split() == ["overall", "4", "0.750", "0.500", "0.750", "0.600", "1.000"]
    assert any(line.startswith("press_release") for line in lines)
    assert "1 gold documents had no prediction" in text
    assert sum(": " in line and "expected" in line for line in lines) == 2


def test_loader_rejects_unquoted_date(tmp_path: Path) -> None:
    bad = tmp_path / "expected.yaml"
    bad.write_text(
        "a.txt: {format: txt, layout: [no_author], outlet: null, authors: [],"
        " date: 2024-07-11, title: null}\n",
        encoding="utf-8",
    )
    with pytest.raises(mg.GoldError, match="quote the date"):
        mg.load_gold(tmp_path)

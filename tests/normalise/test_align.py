"""Cleaned text maps back to the raw characters it came from."""

from __future__ import annotations

from sourcebook.normalise.align import AlignedBuilder, dumps, to_raw


def build(raw: str) -> tuple[str, str]:
    """Collapse whitespace runs and join 'wor-\\nld' hyphenation, recording the alignment."""
    b = AlignedBuilder()
    i = 0
    while i < len(raw):
        if raw.startswith("-\n", i):
            b.emit("", i, i + 2)
            i += 2
        elif raw[i].isspace():
            j = i
            while j < len(raw) and raw[j].isspace():
                j += 1
            b.emit(" ", i, j)
            i = j
        elif raw[i] in "“”":
            b.emit('"', i, i + 1)
            i += 1
        else:
            b.copy(raw, i, i + 1)
            i += 1
    return b.text, dumps(b.segments)


def test_words_map_back_to_raw() -> None:
    raw = "Stoltenberg   said “around 700\n personnel” would be con-\nducted"
    clean, smap = build(raw)
    assert clean == 'Stoltenberg said "around 700 personnel" would be conducted'
    for word in ["Stoltenberg", "700", "personnel", '"around', "conducted"]:
        i = clean.index(word)
        s, e = to_raw(smap, 0, i, i + len(word))
        expected = {"conducted": "con-\nducted", '"around': "“around"}.get(word, word)
        assert raw[s:e] == expected


def test_identity_map_uses_base() -> None:
    assert to_raw("", 100, 3, 8) == (103, 108)


def test_empty_span() -> None:
    _clean, smap = build("a  b")
    assert to_raw(smap, 0, 2, 2) == (3, 3)

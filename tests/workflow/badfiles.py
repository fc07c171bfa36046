"""A corpus of broken and hostile inputs, generated in a test's temporary folder."""

from __future__ import annotations

import os
import random
import shutil
import struct
import sys
import zlib
from pathlib import Path

from conftest import REPO, SCANS, SEEDS

sys.path.insert(0, str(REPO / "bench"))
from scans import encrypted_pdf

ENCRYPTED_TEXT = "NATO Secretary General Jens Stoltenberg met officials in Kyiv on 9 July 2024."
ENCRYPTED_PASSWORD = "s3cret-pw"

# a good document whose name is full of spaces, non-ASCII and shell metacharacters
ODD_NAME = "good copy ü $(touch pwned); `id` 'q' & more.txt"


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width×height pixels but carries almost no data (a bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def make_bad_corpus(folder: Path) -> dict[str, str]:
    """Write the bad inputs into ``folder``; returns {relative path: what it is}."""
    rnd = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}

    def put(name: str, data: bytes, what: str) -> None:
        (folder / name).write_bytes(data)
        made[name] = what

    put("empty.txt", b"", "an empty file")
    put("nul bytes.txt", b"NATO \x00\x00 summit\x00 in Washington\n" * 20, "NUL bytes in text")
    put("random.pdf", rnd.randbytes(4000), "random bytes named .pdf")
    put("random.html", rnd.randbytes(4000), "random bytes named .html")
    put("random.png", rnd.randbytes(4000), "random bytes named .png")
    good_pdf = (SCANS / "multipage.pdf").read_bytes()
    put("truncated.pdf", good_pdf[: len(good_pdf) // 3], "a truncated PDF")
    put("bomb.png", png_header_only(60_000, 60_000), "a PNG declaring 60,000×60,000 pixels")
    put("huge.txt", b"NATO summit in Washington. " * 2_000_000, "a 54 MB text file")
    put(
        "nested.html",
        b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>",
        "deeply nested HTML",
    )
    put("notes.docx", b"PK\x03\x04" + rnd.randbytes(500), "an unsupported extension")
    shutil.copy(SCANS / "invalid.pdf", folder / "invalid.pdf")
    made["invalid.pdf"] = "a PDF header followed by EOF"
    put("encrypted.pdf", encrypted_pdf(ENCRYPTED_TEXT, ENCRYPTED_PASSWORD), "an encrypted PDF")
    os.symlink(folder / "does-not-exist.txt", folder / "dangling.txt")
    made["dangling.txt"] = "a broken symbolic link (unreadable)"
    os.mkfifo(folder / "pipe.txt")
    made["pipe.txt"] = "a named pipe (not a regular file)"
    (folder / "loop").mkdir()
    os.symlink(folder, folder / "loop" / "back")  # a symlink loop: must not hang the scan
    return made


def add_garbage_layer_pdfs(folder: Path) -> list[str]:
    """The fixture PDFs whose fonts have no Unicode mapping: good documents that need OCR."""
    names = sorted(p.name for p in SCANS.glob("*_nomapping.pdf"))
    for name in names:
        shutil.copy(SCANS / name, folder / name)
    return names


def add_good_documents(folder: Path) -> dict[str, str]:
    """Two seeds, one of them under a hostile file name; returns {relative path: seed name}."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS / "004_a74d2dcdb3e4d75f.txt", folder / "004_a74d2dcdb3e4d75f.txt")
    shutil.copy(SEEDS / "003_ed64e6255240b6c7.txt", folder / ODD_NAME)
    return {
        "004_a74d2dcdb3e4d75f.txt": "004_a74d2dcdb3e4d75f",
        ODD_NAME: "003_ed64e6255240b6c7",
    }

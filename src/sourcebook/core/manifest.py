"""The document manifest: input files → stable doc ids → shards.

Computed when Snakemake parses the workflow, from file names only (cheap even for 100k
files); content hashes are taken by the ingest jobs, which read the files anyway.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sourcebook.core.text import ascii_fold

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".webp": "image",
}


@dataclass(frozen=True)
class Entry:
    doc_id: str
    path: str  # relative to the input folder, POSIX separators
    shard: str


def detect_format(path: str) -> str:
    """The format name for a file path, ``unsupported`` for unknown extensions."""
    return FORMATS.get(Path(path).suffix.lower(), "unsupported")


def slugify(name: str, max_len: int = 80) -> str:
    """A file-system-safe, ASCII id from a file name (extension dropped)."""
    stem = Path(name).stem if Path(name).suffix else name
    ascii_stem = ascii_fold(stem, casefold=False)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._")
    slug = re.sub(r"-{2,}", "-", slug)[:max_len].rstrip("-._")
    return slug or "doc"


def _short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:n]


def is_hidden(path: str) -> bool:
    """Whether a relative path is hidden: a part of it starts with ``.`` (``.DS_Store``,
    ``.git``, macOS's ``._report.pdf``). Hidden entries are listed, then skipped with a record."""
    return any(part.startswith(".") for part in path.split("/"))


def display_path(path: str) -> str:
    """``path`` as text every table and report can hold: the bytes of a file name that are not
    UTF-8 (which Python holds as lone surrogates) written as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def source_path(root: str | os.PathLike[str], path: str) -> Path:
    """The file a recorded (:func:`display_path`) relative path names under ``root``: the path
    itself when it exists, else with its ``\\xNN`` escapes turned back into the file name's
    bytes."""
    plain = Path(root) / path
    if "\\x" not in path or os.path.lexists(plain):
        return plain
    return Path(root) / _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), path)


def assign_ids(paths: list[str]) -> dict[str, str]:
    """Map relative paths to unique doc ids.

    The id is the slug of the file name. When several paths share a slug, the path that sorts
    first keeps it (visible paths before hidden ones, which are skipped) and the others get
    ``-<hash of their path>`` appended, so ids never depend on the order files were found in.
    """
    by_slug: dict[str, list[str]] = {}
    for p in sorted(paths, key=lambda p: (is_hidden(p), p)):
        by_slug.setdefault(slugify(Path(p).name), []).append(p)
    ids: dict[str, str] = {}
    taken = set(by_slug)
    for slug, group in sorted(by_slug.items()):
        ids[group[0]] = slug
        for p in group[1:]:
            candidate = f"{slug}-{_short_hash(p)}"
            n = 8
            while candidate in taken:
                n += 2
                candidate = f"{slug}-{_short_hash(p, n)}"
            taken.add(candidate)
            ids[p] = candidate
    return ids


def shard_of(doc_id: str, shards: int) -> str:
    """Stable shard name for a doc id: a hash bucket, zero-padded to the width of ``shards``."""
    bucket = int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) % shards
    width = len(str(max(shards - 1, 0)))
    return f"{bucket:0{width}d}"


def scan(input_dir: str | os.PathLike[str]) -> list[str]:
    """Every file under ``input_dir`` (recursive), as sorted relative paths.

    Listed so that ingest records why it reads them or not: broken links, pipes and sockets;
    hidden files and folders (one entry per hidden folder, not its contents) and links to
    folders (not followed, so a link loop cannot hang the scan).
    """
    root = Path(input_dir)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            if d.startswith(".") or (here / d).is_symlink():
                found.append((here / d).relative_to(root).as_posix())
            else:
                kept.append(d)
        dirnames[:] = kept
        # every entry that is not a directory, even a broken link or a pipe: ingest
        # reports those as unreadable instead of letting them vanish silently
        found.extend((here / name).relative_to(root).as_posix() for name in filenames)
    return sorted(found)


AUTO_DOCS_PER_SHARD = 512
AUTO_MIN_SHARDS = 4


def shard_count(setting: int | str, n_docs: int) -> int:
    """The number of shards for config ``shards``: an integer as given, or ``auto``.

    ``auto`` gives about ``AUTO_DOCS_PER_SHARD`` documents a shard, rounded up to a power of
    two, and at least ``AUTO_MIN_SHARDS`` (so two cores have work side by side). Every job
    costs a fixed start-up (Python, imports, the spaCy model), so 1,000 documents took 81 s in
    32 shards and 53 s in 4 (bench/RESULTS.md). Powers of two keep the shards as a corpus
    grows until its size passes a step; then every shard changes and reruns once (OCR and
    extract results are cached per document, so that costs ingest and normalise, not spaCy
    or Tesseract).
    """
    if setting != "auto":
        return int(setting)
    want = max(1, -(-n_docs // AUTO_DOCS_PER_SHARD))
    return max(AUTO_MIN_SHARDS, 1 << (want - 1).bit_length())


def build_manifest(input_dir: str | os.PathLike[str], shards: int | str) -> list[Entry]:
    """The manifest of an input folder, sorted by doc id (``shards``: see :func:`shard_count`)."""
    paths = scan(input_dir)
    ids = assign_ids(paths)
    shards = shard_count(shards, len(paths))
    entries = [Entry(doc_id=ids[p], path=p, shard=shard_of(ids[p], shards)) for p in paths]
    return sorted(entries, key=lambda e: e.doc_id)


def by_shard(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Entries grouped by shard; only non-empty shards appear."""
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.shard, []).append(e)
    return dict(sorted(out.items()))

"""A folder of JSON results keyed by content hashes: the stage caches that outlive reruns.

Snakemake reruns a whole shard job when one of its documents changes; the OCR and extract
stages keep their per-page and per-document results here, so the rerun only redoes what the
change touched. Keys are SHA-256 hex digests of everything the result depends on; a file is
written to a temporary name and renamed, so a killed job never leaves half a result.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def content_key(value: Any) -> str:
    """SHA-256 of the canonical JSON of ``value``."""
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


PACKAGE = Path(__file__).resolve().parents[1]


def _module_file(name: str) -> Path | None:
    """The source file of the sourcebook module ``name`` ("core.cache", "extract"), if any."""
    base = PACKAGE.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_imports(tree: ast.AST, name: str) -> set[str]:
    """The sourcebook modules (dotted names below the package) that a module's source imports,
    at any depth; ``name`` is the importing module's own name, for relative imports."""
    found: set[str] = set()
    here = name.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level]
                mod = ".".join([*base, node.module] if node.module else base)
                found.add(mod)
                found |= {f"{mod}.{a.name}" if mod else a.name for a in node.names}
            elif (node.module or "").startswith("sourcebook."):
                mod = node.module.removeprefix("sourcebook.")  # type: ignore[union-attr]
                found.add(mod)
                found |= {f"{mod}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("sourcebook.")
                for a in node.names
                if a.name.startswith("sourcebook.")
            }
    return {m for m in found if m and _module_file(m)}


def module_closure(modules: Sequence[str]) -> set[str]:
    """``modules`` and every sourcebook module they import, directly or not."""
    todo, seen = list(modules), set()
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        todo.extend(_package_imports(ast.parse(path.read_text(encoding="utf-8")), name))
    return seen


def code_fingerprint(modules: Sequence[str], sources: Sequence[str] = ()) -> str:
    """SHA-256 of the source of the sourcebook ``modules`` (dotted names below the package,
    such as ``"extract.entities"``), of every sourcebook module they import (followed through
    their import statements), and of ``sources`` (the code of functions defined elsewhere): a
    cache keyed by it survives changes to unrelated code and is invalidated by any change to
    the code its results come from, including a module moved to another place."""
    h = hashlib.sha256()
    for name in sorted(module_closure(modules)):
        text = _module_file(name).read_text(encoding="utf-8")  # type: ignore[union-attr]
        h.update(f"{name}\0{text}\0".encode())
    for text in sources:
        h.update(f"{text}\0".encode())
    return h.hexdigest()


class JsonCache:
    """JSON objects in ``folder/<key[:2]>/<key>.json``; no folder means no caching. With
    ``read=False`` (a job the user forced) nothing is looked up, but every result is written:
    the job recomputes everything and refreshes the cache."""

    def __init__(self, folder: str | os.PathLike[str] | None, read: bool = True) -> None:
        self.folder = Path(folder) if folder else None
        self.read = read

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self.folder is None or not self.read:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(value, ensure_ascii=False))  # one string: faster than dump
        os.replace(tmp, path)

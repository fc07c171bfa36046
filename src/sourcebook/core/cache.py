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


def _package_imports(tree: ast.AST) -> set[str]:
    """Names of the sourcebook modules a module's source imports (at any depth)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found |= {node.module} if node.module else {a.name for a in node.names}
            elif node.level == 0 and (node.module or "").startswith("sourcebook."):
                found.add(node.module.split(".")[1])  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("sourcebook.")}
    return {m.split(".")[0] for m in found}


def module_closure(modules: Sequence[str]) -> set[str]:
    """``modules`` and every sourcebook module they import, directly or not."""
    root = Path(__file__).parent
    todo, seen = list(modules), set()
    while todo:
        name = todo.pop()
        if name in seen or not (root / f"{name}.py").is_file():
            continue
        seen.add(name)
        todo.extend(_package_imports(ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))))
    return seen


def code_fingerprint(modules: Sequence[str], sources: Sequence[str] = ()) -> str:
    """SHA-256 of the source of the sourcebook ``modules``, of every sourcebook module they
    import (followed through their import statements), and of ``sources`` (the code of
    functions defined elsewhere): a cache keyed by it survives changes to unrelated code and
    is invalidated by any change to the code its results come from."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for name in sorted(module_closure(modules)):
        h.update(f"{name}\0{(root / f'{name}.py').read_text(encoding='utf-8')}\0".encode())
    for text in sources:
        h.update(f"{text}\0".encode())
    return h.hexdigest()


class JsonCache:
    """JSON objects in ``folder/<key[:2]>/<key>.json``; no folder means no caching."""

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = Path(folder) if folder else None

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self.folder is None:
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

"""A folder of JSON results keyed by content hashes: the stage caches that outlive reruns.

Snakemake reruns a whole shard job when one of its documents changes; the OCR and extract
stages keep their per-page and per-document results here, so the rerun only redoes what the
change touched. Keys are SHA-256 hex digests of everything the result depends on; a file is
written to a temporary name and renamed, so a killed job never leaves half a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def content_key(value: Any) -> str:
    """SHA-256 of the canonical JSON of ``value``."""
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def package_fingerprint() -> str:
    """SHA-256 of the sourcebook package's source files: any code change is a new key."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.relative_to(Path(__file__).parent).as_posix().encode())
        h.update(path.read_bytes())
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
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, path)

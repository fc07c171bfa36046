"""Per-text results kept from one merge run to the next, so an edited document costs the
merge only that document's share of the per-text work (MinHash signatures, sentence splits).

A memo file is one pickle of ``{key: value}`` keyed by a 16-byte BLAKE2 hash of the text, and
headed by a fingerprint of the code and options the values come from; a fingerprint that no
longer matches, or a file that cannot be read, starts an empty memo (the values are recomputed,
never trusted). Saving keeps only the entries this run used, so the file follows the corpus.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def memo_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def recall(memo: Memo | None, text: str, compute: Callable[[str], T]) -> T:
    """``compute(text)``: from ``memo`` if it holds the value, else computed and kept there
    (no memo: computed)."""
    if memo is None:
        return compute(text)
    key = memo_key(text)
    value = memo.get(key)
    if value is None:
        value = compute(text)
    memo.keep(key, value)
    return value


class Memo:
    """Values of an earlier run (``get``) and the entries this run used (``keep``)."""

    def __init__(self, fingerprint: str, old: dict[bytes, Any] | None = None) -> None:
        self.fingerprint = fingerprint
        self.old = old or {}
        self.used: dict[bytes, Any] = {}

    def get(self, key: bytes) -> Any | None:
        """The value kept for ``key`` by this run (a text seen twice) or the earlier one."""
        value = self.used.get(key)
        return self.old.get(key) if value is None else value

    def keep(self, key: bytes, value: Any) -> None:
        self.used[key] = value

    @property
    def hits(self) -> int:
        return sum(1 for k in self.used if k in self.old)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None, fingerprint: str) -> Memo:
        """The memo saved at ``path`` if it was made by the same code and options, else an
        empty one."""
        old: dict[bytes, Any] = {}
        if path is not None and Path(path).is_file():
            try:
                with open(path, "rb") as fh:
                    saved = pickle.load(fh)
                if saved.get("fingerprint") == fingerprint:
                    old = saved["entries"]
                else:
                    log.info("memo %s: made by other code or options, not used", path)
            except Exception as exc:  # a damaged memo is recomputed, never fatal
                log.warning("memo %s: unreadable (%s), not used", path, exc)
        return cls(fingerprint, old)

    def save(self, path: str | os.PathLike[str] | None) -> None:
        """Write the entries this run used (atomically: a killed job leaves the old file)."""
        if path is None:
            return
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(
                    {"fingerprint": self.fingerprint, "entries": self.used},
                    fh,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


__all__ = ["Memo", "memo_key", "recall"]

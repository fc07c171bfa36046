"""Strict mode: the run fails when any document has an error record (warnings do not)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sourcebook.core.errors import SourcebookError
from sourcebook.core.schema import ErrorRecord, Severity
from sourcebook.core.tables import read_records


class StrictModeError(SourcebookError):
    kind = "strict"


def strict_failures(errors: Sequence[ErrorRecord]) -> list[ErrorRecord]:
    """The records that fail a strict run: every error (warnings do not)."""
    return [e for e in errors if e.severity == Severity.ERROR.value]


def run_strict_check(errors_in: str, ok_out: str) -> None:
    """Raise :class:`StrictModeError` listing every failed input, else write ``ok_out``."""
    failures = strict_failures(read_records(errors_in, ErrorRecord))
    if failures:
        lines = "\n".join(f"  {e.path}: [{e.stage}] {e.message}" for e in failures)
        raise StrictModeError(
            f"strict mode: {len(failures)} bad input(s); fix or remove them, or set "
            f"strict: false to record and skip them:\n{lines}"
        )
    Path(ok_out).write_text("no errors\n")

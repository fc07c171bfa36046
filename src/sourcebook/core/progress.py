"""Progress of a long per-document loop: a line in the job's log at a steady rate (done / total,
rate, time left), never one per document; and the job's one-line summary, which alone (with
warnings and errors) reaches the console.

A stage's runner wraps its loop in :class:`Progress` and logs its summary with
``extra=CONSOLE``; :func:`sourcebook.core.smk.configure_logging` lets only such records and
warnings through to stderr, while the job's log file keeps every INFO line.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

T = TypeVar("T")

#: ``extra=`` of a log record that the console shows as well as the job's log
CONSOLE = {"console": True}

#: seconds between two progress lines in a job's log
INTERVAL_S = 10.0


def for_console(record: logging.LogRecord) -> bool:
    """Whether the console shows ``record``: warnings and worse, and records marked
    :data:`CONSOLE` (each job's one-line summary)."""
    return record.levelno >= logging.WARNING or bool(getattr(record, "console", False))


def summary(logger: logging.Logger, what: str, counts: Mapping[str, int], started: float) -> None:
    """The job's one-line summary, for its log and the console: ``what: 5 documents,
    460 mentions, 0 errors, in 6s`` (``started``: the job's ``time.monotonic()`` at start)."""
    parts = ", ".join(f"{n} {name}" for name, n in counts.items())
    logger.info("%s: %s, in %s", what, parts, duration(time.monotonic() - started), extra=CONSOLE)


def duration(seconds: float) -> str:
    """``seconds`` for people: "42s", "3m05s", "1h02m"."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class Progress:
    """Counts the items of a loop and, while it runs, logs every ``interval`` seconds (from a
    background thread, so a long step inside the loop still shows) one line such as
    ``extract: 128/512 documents (25%), 11.3/s, about 34s left``; on leaving, one line with
    the total time. ``poll`` (optional) reads ``(done, total)`` from elsewhere, for work
    counted by other threads."""

    def __init__(
        self,
        what: str,
        total: int,
        unit: str = "documents",
        *,
        interval: float | None = None,
        logger: logging.Logger | None = None,
        poll: Callable[[], tuple[int, int]] | None = None,
    ) -> None:
        self.what, self.total, self.unit = what, total, unit
        self.interval = INTERVAL_S if interval is None else interval
        self.log = logger or logging.getLogger("sourcebook.progress")
        self.poll = poll
        self.done = 0
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def advance(self, n: int = 1) -> None:
        """``n`` more items done."""
        self.done += n

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """The items, each counted done when the loop asks for the next one."""
        for item in items:
            yield item
            self.done += 1

    def counts(self) -> tuple[int, int]:
        """``(done, total)`` now."""
        return self.poll() if self.poll is not None else (self.done, self.total)

    def line(self) -> str:
        """The progress line: done / total, share, rate and time left."""
        done, total = self.counts()
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        share = f" ({100 * done // total}%)" if total else ""
        left = f", about {duration((total - done) / rate)} left" if rate > 0 else ""
        return f"{self.what}: {done}/{total} {self.unit}{share}, {rate:.1f}/s{left}"

    def elapsed(self) -> float:
        """Seconds since the loop started."""
        return time.monotonic() - self.started

    def _beat(self) -> None:
        """The background thread: a progress line every ``interval`` seconds."""
        while not self._stop.wait(self.interval):
            if self.counts()[1]:
                self.log.info("%s", self.line())

    def __enter__(self) -> Progress:
        self.started = time.monotonic()
        if self.total or self.poll is not None:
            self._thread = threading.Thread(target=self._beat, name="progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        done, total = self.counts()
        if total and exc_type is None:  # a failure says so itself
            self.log.info(
                "%s: %d/%d %s in %s", self.what, done, total, self.unit, duration(self.elapsed())
            )

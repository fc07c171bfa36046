"""Progress lines at a steady rate in a job's log, and what reaches the console (issue 22)."""

from __future__ import annotations

import logging
import time
from types import SimpleNamespace

import pytest

from sourcebook.core.progress import CONSOLE, Progress, duration, for_console


def test_progress_logs_done_total_rate_and_time_left_at_a_steady_rate(caplog) -> None:
    caplog.set_level(logging.INFO, logger="sourcebook.progress")
    with Progress("extract", 40, interval=0.05) as progress:
        for _ in progress.track(range(40)):
            time.sleep(0.01)
    lines = [r.getMessage() for r in caplog.records]
    beats = [line for line in lines if "/s" in line]
    # one line per interval (~0.4 s of work / 0.05 s), never one per item
    assert 3 <= len(beats) < 40, lines
    assert all(line.startswith("extract: ") and "/40 documents (" in line for line in beats)
    assert any("left" in line for line in beats)
    assert lines[-1].startswith("extract: 40/40 documents in ")


def test_progress_line_says_done_total_share_rate_and_eta() -> None:
    progress = Progress("OCR", 200, "pages")
    progress.started -= 10.0  # ten seconds ago
    progress.advance(50)
    assert progress.line() == "OCR: 50/200 pages (25%), 5.0/s, about 30s left"


def test_progress_can_poll_counts_kept_elsewhere(caplog) -> None:
    caplog.set_level(logging.INFO, logger="sourcebook.progress")
    counts = SimpleNamespace(done=0, total=0)
    with Progress("OCR", 0, "pages", interval=0.02, poll=lambda: (counts.done, counts.total)):
        time.sleep(0.1)  # nothing to do yet: no line
        assert not caplog.records
        counts.total = 4
        counts.done = 2
        time.sleep(0.1)
        counts.done = 4
    assert any("OCR: 2/4 pages (50%)" in r.getMessage() for r in caplog.records)
    assert caplog.records[-1].getMessage().startswith("OCR: 4/4 pages in ")


def test_nothing_to_do_logs_nothing(caplog) -> None:
    caplog.set_level(logging.INFO, logger="sourcebook.progress")
    with Progress("extract", 0, interval=0.01):
        time.sleep(0.05)
    assert not caplog.records


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.4, "0s"), (42, "42s"), (185, "3m05s"), (3720, "1h02m")]
)
def test_durations_read_as_people_write_them(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_the_console_shows_warnings_and_summaries_only() -> None:
    def record(level: int, **extra: object) -> logging.LogRecord:
        rec = logging.LogRecord("sourcebook.x", level, __file__, 1, "m", None, None)
        rec.__dict__.update(extra)
        return rec

    assert not for_console(record(logging.INFO))
    assert for_console(record(logging.INFO, **CONSOLE))
    assert for_console(record(logging.WARNING))


def test_log_prefix_has_no_empty_brackets() -> None:
    from sourcebook.core.smk import log_prefix

    assert log_prefix("merge", {}) == "merge"
    assert log_prefix("extract", {"shard": "3"}) == "extract[shard=3]"

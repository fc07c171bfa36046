"""Executors: how a stage's side work runs, chosen by the stage's runner.

A stage hands an :class:`Executor` a few tasks (functions of no arguments, usually
``functools.partial`` of pure functions) and takes their results in order with
:meth:`Pending.next` where it needs them; whether the tasks ran in a forked child beside it
or here, when asked for, is the runner's choice (``executor(workers)``), as OCRmyPDF's
pipeline hands its pure per-page function to the executor its runner set up. The same
results come back either way.

The forked child sees the parent's memory as it was at the fork (copy on write): nothing is
pickled on the way in, only the results on the way back, and the child's first answer can
arrive long before its last.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

Task = Callable[[], Any]


def task_name(task: Task) -> str:
    """The name of a task's function (through ``functools.partial``), for error messages."""
    return getattr(getattr(task, "func", task), "__name__", "task")


def _run_and_send(conn: Any, tasks: Sequence[Task]) -> None:
    """The child's side: each task's result sent in order, or the first failure with its
    traceback (the parent re-raises it)."""
    for task in tasks:
        try:
            result = task()
        except BaseException:
            conn.send((False, f"{task_name(task)} failed in its child process:\n"
                       f"{traceback.format_exc()}"))  # fmt: skip
            break
        conn.send((True, result))
    conn.close()


class Pending(Protocol):
    """Results of submitted tasks, taken in the order the tasks were given."""

    def next(self) -> Any:
        """The next task's result (waiting for it)."""
        ...

    def result(self) -> Any:
        """The next task's result, the last one wanted: the pending work is done after it."""
        ...


class Forked:
    """``tasks`` run one after another in a forked child; results come back pickled through a
    pipe. The child must not use thread pools the parent started (pyarrow's, for one): fork
    copies only the calling thread."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run_and_send, args=(send, tasks), daemon=True)
        self._proc.start()
        send.close()
        self._names = iter([task_name(t) for t in tasks])

    def _close(self) -> None:
        self._recv.close()
        self._proc.join()

    def next(self) -> Any:
        name = next(self._names, "task")
        try:
            ok, value = self._recv.recv()
        except EOFError:
            self._close()
            raise RuntimeError(
                f"{name} died in its child process (exit code {self._proc.exitcode}; "
                "killed for memory?)"
            ) from None
        if not ok:
            self._close()
            raise RuntimeError(value)
        return value

    def result(self) -> Any:
        value = self.next()
        self._close()
        return value


class Inline:
    """The same interface, each task run here when its result is asked for."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        self._tasks: Iterator[Task] = iter(tasks)

    def next(self) -> Any:
        return next(self._tasks)()

    def result(self) -> Any:
        return self.next()


class Executor:
    """Runs submitted tasks in a forked child beside the caller (``fork``, where the platform
    can fork), else here, each when its result is asked for."""

    def __init__(self, fork: bool) -> None:
        self.fork = fork and "fork" in multiprocessing.get_all_start_methods()

    def submit(self, *tasks: Task) -> Pending:
        """Start ``tasks`` (in order, one after another); take their results with ``next``."""
        return Forked(tasks) if self.fork else Inline(tasks)


INLINE = Executor(fork=False)


def executor(workers: int) -> Executor:
    """The executor of a runner given ``workers`` processes: a second one when ≥ 2."""
    return Executor(fork=workers > 1)


__all__ = ["INLINE", "Executor", "Forked", "Inline", "Pending", "Task", "executor"]

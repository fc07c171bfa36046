"""Run one function in a forked child while the caller goes on (a second core for a job
that holds its inputs in memory: nothing is pickled on the way in, only results back).

The function returns one result, or (``stream=True``) yields several, which the caller takes
in order with :meth:`Forked.next` as it needs them: the child's first answer can arrive long
before its last."""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from typing import Any


def _run_and_send(conn: Any, fn: Callable[..., Any], args: tuple, stream: bool) -> None:
    try:
        if stream:
            for item in fn(*args):
                conn.send((True, item))
        else:
            conn.send((True, fn(*args)))
    except BaseException:  # the parent re-raises it with the child's traceback
        conn.send((False, traceback.format_exc()))
    conn.close()


class Forked:
    """``fn(*args)`` computed in a forked child. The child sees the parent's memory as it was
    at the fork (copy on write), so large arguments cost nothing to pass; results come back
    pickled through a pipe. The child must not use thread pools the parent started (pyarrow's,
    for one): fork copies only the calling thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, stream: bool = False) -> None:
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run_and_send, args=(send, fn, args, stream), daemon=True)
        self._proc.start()
        send.close()
        self._name = getattr(fn, "__name__", "worker")

    def next(self) -> Any:
        """The next result (waiting for it)."""
        try:
            ok, value = self._recv.recv()
        except EOFError:
            self._recv.close()
            self._proc.join()
            raise RuntimeError(
                f"{self._name} died in its child process (exit code {self._proc.exitcode}; "
                "killed for memory?)"
            ) from None
        if not ok:
            self._recv.close()
            self._proc.join()
            raise RuntimeError(f"{self._name} failed in its child process:\n{value}")
        return value

    def result(self) -> Any:
        """The (last) result; the child is done after it."""
        value = self.next()
        self._recv.close()
        self._proc.join()
        return value


class Inline:
    """The same interface, computed here and now (``next`` runs a stream up to its next
    result)."""

    def __init__(self, fn: Callable[..., Any], *args: Any, stream: bool = False) -> None:
        self._items: Iterator[Any] = fn(*args) if stream else iter([fn(*args)])

    def next(self) -> Any:
        return next(self._items)

    def result(self) -> Any:
        return self.next()


def start(fn: Callable[..., Any], *args: Any, fork: bool, stream: bool = False) -> Forked | Inline:
    """``fn(*args)`` in a forked child if ``fork`` (and the platform can fork), else in this
    process."""
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    return (Forked if fork and can_fork else Inline)(fn, *args, stream=stream)


__all__ = ["Forked", "Inline", "start"]

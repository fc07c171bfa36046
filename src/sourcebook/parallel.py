"""Run one function in a forked child while the caller goes on (a second core for a job
that holds its inputs in memory: nothing is pickled on the way in, only the result back)."""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Pending(Protocol[T_co]):
    def result(self) -> T_co: ...


class Done(Generic[T]):
    """A result already computed."""

    def __init__(self, value: T) -> None:
        self._value = value

    def result(self) -> T:
        return self._value


def _run_and_send(conn: Any, fn: Callable[..., Any], args: tuple) -> None:
    try:
        out = (True, fn(*args))
    except BaseException:  # the parent re-raises it with the child's traceback
        out = (False, traceback.format_exc())
    conn.send(out)
    conn.close()


class Forked(Generic[T]):
    """``fn(*args)`` computed in a forked child; :meth:`result` waits for it. The child sees
    the parent's memory as it was at the fork (copy on write), so large arguments cost
    nothing to pass; the result comes back pickled through a pipe. The child must not use
    thread pools the parent started (pyarrow's, for one): fork copies only the calling
    thread."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run_and_send, args=(send, fn, args), daemon=True)
        self._proc.start()
        send.close()
        self._name = getattr(fn, "__name__", "worker")

    def result(self) -> T:
        try:
            ok, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(
                f"{self._name} died in its child process (exit code {self._proc.exitcode}; "
                "killed for memory?)"
            ) from None
        finally:
            self._recv.close()
        self._proc.join()
        if not ok:
            raise RuntimeError(f"{self._name} failed in its child process:\n{value}")
        return value


def start(fn: Callable[..., T], *args: Any, fork: bool = True) -> Pending[T]:
    """``fn(*args)`` in a forked child if ``fork``, else computed now."""
    return Forked(fn, *args) if fork else Done(fn(*args))


__all__ = ["Done", "Forked", "Pending", "start"]

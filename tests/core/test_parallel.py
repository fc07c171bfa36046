"""The executors a runner hands its stage: tasks in a forked child beside the caller, or here."""

import os
from functools import partial

import pytest

from sourcebook.core.parallel import INLINE, Executor, Forked, Inline, executor

BIG = list(range(100_000))  # the child reads the parent's memory as it was at the fork


def total(offset: int) -> tuple[int, int]:
    return sum(BIG) + offset, os.getpid()


def step(k: int) -> tuple[int, int]:
    return k, os.getpid()


def no_more_steps() -> None:
    raise ValueError("no more steps")


def fails() -> None:
    raise ValueError("a bad paragraph")


def dies() -> None:
    os._exit(3)


def test_a_forked_result_comes_back_from_another_process() -> None:
    value, pid = Forked([partial(total, 7)]).result()
    assert value == sum(BIG) + 7
    assert pid != os.getpid()


def test_the_runner_chooses_the_process_by_its_workers() -> None:
    assert isinstance(executor(1).submit(partial(total, 1)), Inline)
    assert isinstance(executor(2).submit(partial(total, 1)), Forked)
    pending = INLINE.submit(partial(total, 1))
    assert pending.result() == (sum(BIG) + 1, os.getpid())


def test_inline_tasks_run_when_their_result_is_asked_for() -> None:
    ran = []
    pending = INLINE.submit(lambda: ran.append("first"), lambda: ran.append("second"))
    assert ran == []
    pending.next()
    assert ran == ["first"]


def test_results_are_taken_in_order_and_an_error_raised_when_reached() -> None:
    for fork in (True, False):
        pending = Executor(fork).submit(partial(step, 0), partial(step, 1), no_more_steps)
        first, pid = pending.next()
        assert first == 0 and (pid != os.getpid()) == fork
        assert pending.next()[0] == 1
        with pytest.raises((RuntimeError, ValueError), match="no more steps"):
            pending.next()


def test_an_exception_in_the_child_is_raised_with_its_task_and_traceback() -> None:
    pending = Forked([partial(total, 0), fails])
    pending.next()
    with pytest.raises(RuntimeError, match="fails failed in its child process") as err:
        pending.result()
    assert "ValueError: a bad paragraph" in str(err.value)


def test_a_child_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(RuntimeError, match=r"dies died in its child process \(exit code 3"):
        Forked([dies]).result()

"""The forked helper merge uses to find the text's links on a second core."""

import os

import pytest

from sourcebook.parallel import Forked, Inline, start

BIG = list(range(100_000))  # the child reads the parent's memory as it was at the fork


def total(offset: int) -> tuple[int, int]:
    return sum(BIG) + offset, os.getpid()


def steps(n: int):
    for k in range(n):
        yield k, os.getpid()
    raise ValueError("no more steps")


def fails() -> None:
    raise ValueError("a bad paragraph")


def dies() -> None:
    os._exit(3)


def test_a_forked_result_comes_back_from_another_process() -> None:
    value, pid = Forked(total, 7).result()
    assert value == sum(BIG) + 7
    assert pid != os.getpid()


def test_start_without_fork_computes_in_this_process() -> None:
    pending = start(total, 1, fork=False)
    assert isinstance(pending, Inline)
    assert pending.result() == (sum(BIG) + 1, os.getpid())


def test_a_stream_is_taken_in_order_and_its_error_raised_when_reached() -> None:
    for fork in (True, False):
        stream = start(steps, 2, fork=fork, stream=True)
        first, pid = stream.next()
        assert first == 0 and (pid != os.getpid()) == fork
        assert stream.next()[0] == 1
        with pytest.raises((RuntimeError, ValueError), match="no more steps"):
            stream.next()


def test_an_exception_in_the_child_is_raised_with_its_traceback() -> None:
    with pytest.raises(RuntimeError, match="fails failed in its child process") as err:
        Forked(fails).result()
    assert "ValueError: a bad paragraph" in str(err.value)


def test_a_child_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        Forked(dies).result()

"""Read-ahead in a second process: items cross over in order, errors come back, nothing hangs."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from lixing.imports.pipeline import read_ahead


def pids_and_numbers(n: int) -> Iterator[tuple[int, int]]:
    for i in range(n):
        yield os.getpid(), i


def test_items_are_produced_in_a_child_process_and_arrive_in_order() -> None:
    items = list(read_ahead(pids_and_numbers(500)))
    assert [i for _pid, i in items] == list(range(500))
    assert {pid for pid, _i in items} != {os.getpid()} and len({pid for pid, _i in items}) == 1


def test_turned_off_it_is_the_same_iterator_in_this_process() -> None:
    items = list(read_ahead(pids_and_numbers(3), enabled=False))
    assert items == [(os.getpid(), 0), (os.getpid(), 1), (os.getpid(), 2)]


def failing() -> Iterator[int]:
    yield 1
    raise ValueError("第3行：身份证号码有误")


def test_an_error_in_the_child_is_raised_in_the_parent_after_the_items_before_it() -> None:
    received = []
    with pytest.raises(ValueError, match="第3行"):
        for item in read_ahead(failing()):
            received.append(item)
    assert received == [1]


class Unpicklable(Exception):
    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("no")


def unpicklable() -> Iterator[int]:
    raise Unpicklable("lost")
    yield 0


def test_an_error_that_cannot_cross_is_reported_by_its_text() -> None:
    with pytest.raises(RuntimeError, match="lost"):
        list(read_ahead(unpicklable()))


def endless() -> Iterator[int]:
    i = 0
    while True:
        yield i
        i += 1


def test_stopping_early_stops_the_child() -> None:
    stream = read_ahead(endless())
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()  # would hang (or leave a process behind) if the child were not stopped
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "lixing-read-ahead"]


def test_the_parent_lets_go_of_what_the_child_reads() -> None:
    released: list[int] = []
    items = list(read_ahead(pids_and_numbers(5), release=lambda: released.append(os.getpid())))
    assert [i for _pid, i in items] == list(range(5)) and released == [os.getpid()]
    assert list(read_ahead(iter([1]), enabled=False, release=lambda: released.append(0))) == [1]
    assert released == [os.getpid()]  # in-process, the reader is still needed: nothing released


def test_stopping_early_stops_a_child_that_inherited_a_graceful_stop_handler() -> None:
    import signal

    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # like a task worker's
    try:
        import multiprocessing

        stream = read_ahead(endless())
        assert next(stream) == 0
        (child,) = [p for p in multiprocessing.active_children() if p.name == "lixing-read-ahead"]
        stream.close()
        # Stopped by the terminate itself, not by the kill that follows one it ignored.
        assert child.exitcode == -signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)

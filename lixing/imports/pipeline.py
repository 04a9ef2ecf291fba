"""Read ahead in a second process: one core parses a big spreadsheet while the other writes.

A large import is CPU-bound on both sides of one loop — turning cells into checked values,
and writing rows, audit entries and counters. Python threads cannot run those two at once
(the GIL), so :func:`read_ahead` runs the producing side in a forked child process that
sends its items back through a queue, while the caller consumes them and writes.

- The child is forked, so it starts with the parent's state as it is (the open sheet, the
  preloaded organisations, the active language) and needs no setup. It must not, and does
  not, touch the database: only the parent writes, in its own transaction, so an import
  stays all or nothing.
- A bounded queue bounds memory: the child blocks once it is a few items ahead.
- An exception in the child is raised again in the parent; if the parent stops early (an
  error, a closed generator), the child is stopped.
- The child ends with its parent, however the parent ends: on Linux the kernel sends it
  SIGKILL when the parent dies (``PR_SET_PDEATHSIG``), even by SIGKILL; elsewhere it checks
  its parent between items. A worker killed mid-import leaves no reader holding memory.

Forking is only safe from a process without other threads, so callers turn this on for
large files, which run on the task worker or the command line; small files, handled inside
a web request, are read in the same process.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import multiprocessing.queues
import os
import pickle
import signal
from collections.abc import Callable, Generator, Iterator
from queue import Empty, Full
from typing import Any, TypeVar

T = TypeVar("T")

_ITEM, _ERROR, _DONE = 0, 1, 2


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def read_ahead(
    items: Iterator[T], *, enabled: bool = True, depth: int = 4, release: Callable[[], None] | None = None
) -> Generator[T, None, None]:
    """Yield ``items``, produced in a forked child process when ``enabled`` (and possible).

    The child may run up to ``depth`` items ahead, so that an item that takes the child
    longer does not stall the parent, and a slow write does not stall the child. Once the
    child has started, the parent lets go of ``items`` and calls ``release`` (say, to drop
    an open spreadsheet that only the child reads now): its memory goes back to the writes.
    """
    if not enabled or not can_fork():
        yield from items
        return
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.queues.Queue[tuple[int, Any]] = context.Queue(maxsize=depth)
    child = context.Process(target=_produce, args=(items, queue), name="lixing-read-ahead", daemon=True)
    child.start()
    if isinstance(items, Generator):
        items.close()  # not started here: closing frees what it holds
    del items
    if release is not None:
        release()
        _give_back_freed_memory()
    finished = False
    try:
        while True:
            try:
                kind, payload = queue.get(timeout=1)
            except Empty:
                if child.is_alive():
                    continue
                raise RuntimeError(f"the reading process stopped unexpectedly (exit code {child.exitcode})") from None
            if kind == _ITEM:
                yield payload
            elif kind == _ERROR:
                raise payload
            else:
                finished = True
                return
    finally:
        if not finished and child.is_alive():
            child.terminate()
        child.join(timeout=10)
        if child.is_alive():  # never wait on it forever
            child.kill()
            child.join()
        queue.close()
        queue.cancel_join_thread()


def _give_back_freed_memory() -> None:
    """Return the pages just freed to the system (glibc keeps them otherwise). Freeing
    memory shared with the child copied those pages into this process: without this, what
    the parent let go of would count twice."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _put(queue: multiprocessing.queues.Queue[tuple[int, Any]], item: tuple[int, Any], parent: int) -> None:
    """Put, waiting while the queue is full, but never for a parent that is gone."""
    while True:
        try:
            queue.put(item, timeout=1)
            return
        except Full:
            if os.getppid() != parent:
                os._exit(1)


def _produce(items: Iterator[T], queue: multiprocessing.queues.Queue[tuple[int, Any]]) -> None:
    """The child: put every item, then DONE (or the error that stopped it)."""
    # The parent's signal handlers (a task worker's graceful stop) are not the child's: a
    # terminate must stop it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    # What the child inherited stays out of its garbage collector: scanning it would cost
    # time and copy every page it shares with the parent.
    gc.freeze()
    try:
        for item in items:
            _put(queue, (_ITEM, item), parent)
        _put(queue, (_DONE, None), parent)
    except BaseException as exc:  # every failure goes back to the parent
        try:
            pickle.dumps(exc)
        except Exception:  # an exception that cannot cross: its text can
            exc = RuntimeError(repr(exc))
        queue.put((_ERROR, exc))

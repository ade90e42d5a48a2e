"""The process pool: ``ordered_map`` runs a function over items in ``--jobs N`` forked processes,
results in the order given. It knows nothing of CVs (:mod:`cvld.batch` builds many CVs with it).

``jobs`` may also be an :class:`Executor`, workers elsewhere that share neither this process's
memory nor its files (:class:`cvld.core.dask_pool.DaskWorkers`, a Dask cluster): a caller whose
step reads what this process holds sends the data itself instead (:func:`shares_memory`,
:class:`FileBytes`)."""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from cvld.core.recordtype import record
from cvld.core.lazy import lazy_module

multiprocessing = lazy_module("multiprocessing")  # ~25 ms with concurrent.futures: only --jobs N needs them
futures = lazy_module("concurrent.futures")

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Workers that share nothing with this process: ``map`` sends each item (pickled) and gives the
    results in order, lazily, with a bounded number of items in flight."""

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...


def shares_memory(jobs: "int | Executor") -> bool:
    """Whether the workers of ``jobs`` see this process's memory and files (forks, or this process itself)."""
    return isinstance(jobs, int)


@record(frozen=True)
class FileBytes:
    """A file read here to be parsed by a worker that cannot see it: its name (for messages) and bytes."""

    name: str
    data: bytes

    def __str__(self) -> str:
        return self.name


def shipped(paths: Iterable[Path], jobs: "int | Executor", read: Callable[[Path], bytes]) -> Iterable:
    """``paths`` as the workers of ``jobs`` can read them: the paths, or each file's :class:`FileBytes`
    (read lazily, by ``read``, so a file that cannot be read fails here as it would in a fork)."""
    if shares_memory(jobs):
        return paths
    return (FileBytes(str(path), read(path)) for path in paths)


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def forking() -> bool:
    """Whether worker processes can start as forks of this one (sharing what it holds, read-only).

    Only on Linux: macOS offers fork, but forking a process that has loaded system frameworks
    can crash it (which is why Python's default there is spawn)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _leave_ctrl_c_to_the_parent() -> None:
    """In a worker: Ctrl-C reaches the whole process group; only the parent answers it (one line,
    exit 130), so a worker stops at once and quietly rather than print a traceback of its own."""
    signal.signal(signal.SIGINT, _stop_quietly)


def _stop_quietly(signum, frame) -> None:
    os._exit(128 + signum)


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: "int | Executor" = 1) -> Iterator[R]:
    """``function(item)`` for each item, in order, lazily: in ``jobs`` forked processes when ``jobs`` > 1,
    or by the :class:`Executor` ``jobs``.

    At most two results per process wait to be taken, so a slow reader keeps memory bounded;
    every worker starts before the first result is given. Workers are forks of this process:
    ``function`` may read module state set up before the call. Where processes cannot fork
    (not Linux), or there is one item, the items are done here, one by one.
    """
    if not shares_memory(jobs):
        yield from jobs.map(function, items)
        return
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or not forking():
        yield from map(function, items)
        return
    for stream in (sys.stdout, sys.stderr):  # a fork flushes what it inherits: write it once, here, first
        stream.flush()
    pool = futures.ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=multiprocessing.get_context("fork"),
                                       initializer=_leave_ctrl_c_to_the_parent)
    pending: deque = deque()
    try:
        queue = iter(items)
        for item in queue:
            pending.append(pool.submit(function, item))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            result = pending.popleft().result()
            for item in queue:
                pending.append(pool.submit(function, item))
                break
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

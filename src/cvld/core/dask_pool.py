"""A Dask distributed cluster as an executor of :func:`cvld.core.pool.ordered_map` (the ``dask`` extra).

``dask_workers(ADDRESS)`` connects to a running scheduler (``tcp://host:8786``, any address
Dask's ``Client`` takes, or the JSON file ``dask scheduler --scheduler-file`` writes) or,
for ``local:N``, starts a cluster of N worker processes on this machine; it yields a
:class:`DaskWorkers` whose ``map`` sends each item to the cluster and gives the results in
order, at most two per worker thread in flight, so memory stays bounded as with ``--jobs``.
The workers share nothing with this process: a caller sends them the data itself (see
:func:`cvld.core.pool.shares_memory`). Like the pool, this module knows nothing of CVs.

Every worker must import the same cvld as this process: it is asked its version first,
and a worker without cvld, or with another version, is refused; each task checks it again
(a worker may join later). A scheduler that cannot be
reached, a cluster without workers and workers that die are a :class:`RemoteError` (exit 3)
naming the address, each after a bounded wait: Dask's connect time-out
(``distributed.comm.timeouts.connect``, 30 s unless configured, for instance by
``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=10s``).
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
import time
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

import cvld
from cvld.core.diagnostics import RemoteError, UsageError
from cvld.core.lazy import lazy_module

distributed = lazy_module("distributed")
dask_config = lazy_module("dask.config")
dask_utils = lazy_module("dask.utils")
futures = lazy_module("concurrent.futures")

T = TypeVar("T")
R = TypeVar("R")

INSTALL = "pip install 'cvld[dask]'"
_LOCAL = re.compile(r"local:(\d+)")
_POLL = 1.0  # seconds between looks at the cluster while a result is awaited
_SETTLED = ("finished", "error", "cancelled")  # a future's states that result() answers at once


def require_dask() -> None:
    """Dask's distributed scheduler can be imported, or a :class:`UsageError` saying how to install it."""
    try:
        importlib.import_module("distributed")
    except ImportError as error:
        raise UsageError(f"a Dask scheduler needs Dask's distributed package ({error}): {INSTALL}",
                         parameter="scheduler") from None


def connect_timeout() -> float:
    """How long to wait for the scheduler and for a worker: Dask's connect time-out, in seconds."""
    return float(dask_utils.parse_timedelta(dask_config.get("distributed.comm.timeouts.connect"), default="seconds"))


def worker_version() -> str:
    """Run on each worker: the cvld it imports."""
    return cvld.__version__


class OtherVersion(Exception):
    """Raised on a worker whose cvld is not the client's (one that joined after the first check)."""


def run_checked(version: str, function: Callable[[T], R], item: T) -> R:
    """Run on a worker: ``function(item)``, refusing to when the worker's cvld is not ``version``."""
    if cvld.__version__ != version:
        raise OtherVersion(cvld.__version__)
    return function(item)


def _reason(error: BaseException) -> str:
    """``error`` in one line: its type and the first line of its text."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


class DaskWorkers:
    """The workers of one Dask cluster, as an :class:`cvld.core.pool.Executor`."""

    def __init__(self, client, address: str, timeout: float):
        self.client, self.address, self.timeout = client, address, timeout

    def threads(self) -> int:
        """The worker threads the scheduler knows now (0: no worker left)."""
        try:
            return sum(self.client.nthreads().values())
        except (OSError, futures.CancelledError) as error:
            raise self.lost(error) from None

    def lost(self, error: BaseException) -> RemoteError:
        return RemoteError(f"the Dask scheduler at {self.address} was lost ({_reason(error)})")

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``function(item)`` for each item, on the workers, in order, lazily."""
        queue = iter(items)
        pending: deque = deque()
        in_flight = 2 * max(self.threads(), 1)
        try:
            while True:
                for item in queue:
                    pending.append(self.client.submit(run_checked, cvld.__version__, function, item, pure=False))
                    if len(pending) >= in_flight:
                        break
                if not pending:
                    return
                yield self.result(pending.popleft())
        finally:
            for future in pending:
                future.release()

    def result(self, future):
        """The result of ``future``, waiting while the cluster has workers; its error, if it raised one.

        The wait is a callback setting an event, not ``future.result(timeout=...)``, whose time-out
        can lose the result in a race inside Dask's client. A result lost with the worker that held
        it ("lost") is computed again by Dask once a worker is there: that is waited for too."""
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        idle_since = None
        while future.status not in _SETTLED:
            if done.is_set():
                time.sleep(_POLL)  # lost: the callback has been and gone; look again
            elif done.wait(_POLL):
                continue
            if self.threads():
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.timeout:
                raise RemoteError(f"the Dask cluster at {self.address} has no worker left "
                                  f"(none for {self.timeout:g} s)")
        try:
            return future.result()
        except distributed.KilledWorker as error:
            raise RemoteError(f"the Dask workers at {self.address} died running a task ({_reason(error)})") from None
        except futures.CancelledError as error:
            raise self.lost(error) from None
        except OtherVersion as error:
            raise RemoteError(f"a Dask worker of the scheduler {self.address} runs cvld {error}, this is cvld "
                              f"{cvld.__version__}: install the same version on every worker") from None


def _check_versions(client, address: str) -> None:
    """Every worker imports cvld, the version this process runs, or a :class:`RemoteError` naming one that does not."""
    answers = client.run(worker_version, on_error="return")
    for worker, answer in sorted(answers.items()):
        if isinstance(answer, BaseException):
            raise RemoteError(f"the Dask worker {worker} (scheduler {address}) cannot run cvld "
                              f"({_reason(answer)}): install cvld {cvld.__version__} on every worker")
        if answer != cvld.__version__:
            raise RemoteError(f"the Dask worker {worker} (scheduler {address}) runs cvld {answer}, this is cvld "
                              f"{cvld.__version__}: install the same version on every worker")


def _quiet_logs() -> dict:
    """Dask's own log lines off (cvld reports failures itself); returns the levels to restore."""
    names = [name for name in list(logging.root.manager.loggerDict)
             if name.split(".")[0] in ("distributed", "tornado", "asyncio")]  # Dask sets some children's levels
    loggers = {name: logging.getLogger(name) for name in ["distributed", "tornado", "asyncio", *names]}
    levels = {name: logger.level for name, logger in loggers.items()}
    for logger in loggers.values():
        logger.setLevel(logging.CRITICAL)
    return levels


@contextmanager
def dask_workers(address: str) -> Iterator[DaskWorkers]:
    """The workers of the Dask cluster at ``address`` (``local:N``: N processes started here, stopped after)."""
    require_dask()
    local = _LOCAL.fullmatch(address)
    if local and int(local.group(1)) < 1:
        raise UsageError(f"'{address}': a local cluster needs 1 or more worker processes (local:N)",
                         parameter="scheduler")
    scheduler_file = not local and "://" not in address and Path(address).is_file()
    if not local and not scheduler_file and not re.fullmatch(r"[a-z]+://\S+", address):
        raise UsageError(f"'{address}' is not a Dask scheduler: give its address (tcp://HOST:8786), the file "
                         "'dask scheduler --scheduler-file' wrote, or local:N", parameter="scheduler")
    levels = _quiet_logs()
    timeout = connect_timeout()
    cluster = client = None
    try:
        try:
            if local:
                cluster = distributed.LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                                                   dashboard_address=":0", host="127.0.0.1",
                                                   silence_logs=logging.CRITICAL)
                client = distributed.Client(cluster, timeout=timeout, set_as_default=False)
            elif scheduler_file:
                client = distributed.Client(scheduler_file=address, timeout=timeout, set_as_default=False)
            else:
                client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, ValueError) as error:
            raise RemoteError(f"the Dask scheduler at {address} cannot be reached ({_reason(error)})") from None
        except RuntimeError as error:  # a local cluster whose processes did not start
            raise RemoteError(f"the Dask cluster {address} did not start ({_reason(error)})") from None
        try:
            client.wait_for_workers(1, timeout=timeout)
        except distributed.TimeoutError:
            raise RemoteError(f"the Dask scheduler at {address} has no workers (none came in {timeout:g} s)") \
                from None
        except (OSError, futures.CancelledError) as error:
            raise RemoteError(f"the Dask scheduler at {address} was lost ({_reason(error)})") from None
        _check_versions(client, address)
        yield DaskWorkers(client, address, timeout)
    finally:
        for part in (client, cluster):
            if part is not None:
                try:
                    part.close(timeout=timeout) if part is client else part.close()
                except Exception:  # closing a cluster that failed: nothing more to say than the error above
                    pass
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@contextmanager
def executor(jobs: int, scheduler: str | None) -> Iterator:
    """What runs a command's steps: ``jobs`` processes here, or the workers of the Dask ``scheduler``."""
    if scheduler is None:
        yield jobs
        return
    if jobs != 1:
        raise UsageError("the work runs either in processes on this machine or on a Dask cluster, not both",
                         parameter="scheduler")
    with dask_workers(scheduler) as workers:
        yield workers


def refuse_cache(cache_dir) -> None:
    """A build cache folder given with a Dask cluster is a :class:`UsageError`: the workers cannot use
    this machine's cache (the cluster's runs make everything afresh)."""
    if cache_dir is not None:
        raise UsageError("a Dask cluster makes everything afresh: the build cache is this machine's",
                         parameter="scheduler")

"""Many CVs at once, in ``--jobs N`` processes.

``cvld build`` / ``cvld site``: each CV is built on its own (a pure step: one file in,
one folder out), so the files are shared among worker processes. ``cvld graph``: the
CV files are loaded by workers (see :func:`ordered_map`), and after the merge each
member's triples are made by workers too. Results always come in the order given.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.core.progress import progress_bar

T = TypeVar("T")
R = TypeVar("R")


def _one(task: tuple[str, str, str, str | None]) -> tuple[int, list[Diagnostic], list[Diagnostic]]:
    """Build one CV into its folder: (files written, warnings, errors)."""
    from cvld.api import write_build, write_site

    command, path, directory, base = task
    report = Report()
    write = write_site if command == "site" else write_build
    try:
        files = write(path, directory, base=base, report=report)
    except CVInputError as error:
        return 0, report.warnings, list(error.diagnostics)
    return len(files), report.warnings, []


def write_folders(command: str, paths: list[str | Path], directory: str | Path, *, base: str | None = None,
                  jobs: int = 1, report: Report | None = None, progress: bool = False) -> int:
    """Build each CV in ``paths`` into ``directory``/STEM; ``jobs`` processes share the files.

    Returns the number of files written; every CV file's errors are raised together at the end.
    """
    report = report if report is not None else Report()
    stems = [Path(p).stem for p in paths]
    if len(set(stems)) != len(stems):
        raise UsageError("two CV files have the same name; each is written to DIR/NAME")
    tasks = [(command, str(p), str(Path(directory) / stem), base) for p, stem in zip(paths, stems)]
    bar = progress_bar(len(tasks), progress)
    written, errors = 0, []
    if jobs > 1 and len(tasks) > 1:
        _warm_up()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(_tracked(pool.map(_one, tasks, chunksize=1), bar))
    else:
        results = list(_tracked(map(_one, tasks), bar))
    bar.close()
    for count, warnings, problems in results:
        written += count
        report.extend(warnings)
        errors.extend(problems)
    if errors:
        raise CVInputError(errors)
    return written


def _warm_up() -> None:
    """Import what a build needs before the workers fork, so each starts warm instead of importing it again."""
    from cvld import api, build  # noqa: F401
    from cvld.jsonld import write as jsonld
    from cvld.orcid import write as orcid
    from cvld.web import write as web  # noqa: F401
    from cvld.source.load import _fast_validator
    from cvld.rdf import build as rdf_build, schemaorg  # noqa: F401

    _fast_validator()


def _tracked(results, bar):
    for result in results:
        bar.update()
        yield result


def forking() -> bool:
    """Whether worker processes can start as forks of this one (sharing what it holds, read-only).

    Only on Linux: macOS offers fork, but forking a process that has loaded system frameworks
    can crash it (which is why Python's default there is spawn)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``function(item)`` for each item, in order, lazily: in ``jobs`` forked processes when ``jobs`` > 1.

    At most two results per process wait to be taken, so a slow reader keeps memory bounded;
    every worker starts before the first result is given. Workers are forks of this process:
    ``function`` may read module state set up before the call. Where processes cannot fork
    (not Linux), or there is one item, the items are done here, one by one.
    """
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or not forking():
        yield from map(function, items)
        return
    for stream in (sys.stdout, sys.stderr):  # a fork flushes what it inherits: write it once, here, first
        stream.flush()
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=multiprocessing.get_context("fork"))
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

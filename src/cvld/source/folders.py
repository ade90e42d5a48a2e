"""Finding CV files (folders expanded) and loading many of them, in processes when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.core.io import read_input
from cvld.core.pool import FileBytes, ordered_map, shipped
from cvld.model.records import CV
from cvld.source.load import load_cv
from cvld.source.yamlsource import MAX_FILE_BYTES

CV_SUFFIXES = (".yaml", ".yml", ".json")


def cv_paths(inputs: list[str | Path]) -> list[Path]:
    """The CV files named, with folders expanded to their ``.yaml``/``.yml``/``.json`` files, sorted."""
    found: set[Path] = set()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found.update(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in CV_SUFFIXES)
        else:
            found.add(path)
    return sorted(found, key=str)


def load_cvs(inputs: list[str | Path], report: Report | None = None, jobs: int = 1) -> list[CV]:
    """Load every CV named (folders expanded), in ``jobs`` processes; every problem of every file is raised at once."""
    return list(loaded(inputs, load_file, report, jobs))


def loaded(inputs: list[str | Path], step, report: Report | None = None, jobs: int = 1) -> Iterator:
    """``step(path)`` for each CV file named, in ``jobs`` processes: what the files that load give, in order.

    ``step`` returns (result or None, its findings); warnings go to ``report``, and every
    file's errors are raised together once all are read. Workers that cannot see the files
    (an :class:`cvld.core.pool.Executor`) are sent each file's bytes, read here.
    """
    report = report if report is not None else Report()
    problems, count = [], 0
    paths = shipped(cv_paths(inputs), jobs, lambda path: read_input(path, MAX_FILE_BYTES))
    for result, found in ordered_map(step, paths, jobs):
        problems.extend(report.keep(found))
        if result is not None:
            count += 1
            yield result
    if problems:
        raise CVInputError(problems)
    if not count:
        raise UsageError("no CV files found in: " + " ".join(map(str, inputs)))


def load_file(path: Path | FileBytes) -> tuple[CV | None, list[Diagnostic]]:
    """One CV file: (the CV, its warnings) or (None, its errors)."""
    found = Report()
    try:
        return load_cv(path, found), found.warnings
    except CVInputError as error:
        return None, list(error.diagnostics)

"""Many CVs at once: ``cvld build`` / ``cvld site`` over several files with ``--jobs N`` processes.

Each CV is built on its own (a pure step: one file in, one folder out), so the files can
be shared among worker processes; results are reported in the order the files were given.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .diagnostics import CVInputError, Diagnostic, Report, UsageError
from .progress import progress_bar


def _one(task: tuple[str, str, str, str | None]) -> tuple[int, list[Diagnostic], list[Diagnostic]]:
    """Build one CV into its folder: (files written, warnings, errors)."""
    from .api import write_build, write_site

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
    from . import api, build  # noqa: F401
    from .exporters import jsonld, orcid, web  # noqa: F401
    from .load import _fast_validator
    from .rdf import build as rdf_build, schemaorg  # noqa: F401

    _fast_validator()


def _tracked(results, bar):
    for result in results:
        bar.update()
        yield result

"""Many CVs at once: ``cvld build`` / ``cvld site`` over several CV files, in ``--jobs N`` processes.

Each CV is built on its own (a pure step: one file in, one folder out), so the files are
shared among worker processes (:func:`cvld.core.pool.ordered_map`); results come in the
order given. This module sits under :mod:`cvld.api` and never imports it.
"""

from __future__ import annotations

from pathlib import Path

from cvld.build import write_build, write_site
from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.core.pool import ordered_map
from cvld.core.progress import progress_bar


def _one(task: tuple[str, str, str, str | None]) -> tuple[int, list[Diagnostic]]:
    """Build one CV into its folder: (files written, its findings)."""
    command, path, directory, base = task
    report = Report()
    write = write_site if command == "site" else write_build
    try:
        files = write(path, directory, base=base, report=report)
    except CVInputError as error:
        return 0, report.warnings + list(error.diagnostics)
    return len(files), report.warnings


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
    for count, found in ordered_map(_one, tasks, jobs):
        bar.update()
        written += count
        errors.extend(report.keep(found))
    bar.close()
    if errors:
        raise CVInputError(errors)
    return written

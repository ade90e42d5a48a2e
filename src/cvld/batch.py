"""Many CVs at once: ``cvld build`` / ``cvld site`` over several CV files, in ``--jobs N`` processes.

Each CV is built on its own (a pure step: one file in, one folder out), so the files are
shared among worker processes (:func:`cvld.core.pool.ordered_map`); results come in the
order given. Every CV is written into one staging folder, which takes the output folder's
place only when all of them are made: one invalid CV leaves the whole output as it was.
Each CV's folder is named by :func:`cvld.core.io.safe_name` of its file's stem (``..yaml``
never names the output folder itself, ``con.yaml`` never a Windows device). This module sits
under :mod:`cvld.api` and never imports it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from cvld.build import write_build, write_cached, write_site
from cvld.core.cache import EntryCache
from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.core.io import safe_name, staged_folder
from cvld.core.pool import ordered_map
from cvld.core.progress import progress_bar


def _one(task: tuple[str, str, str, str, str | None, EntryCache | None]) -> tuple[int, list[Diagnostic]]:
    """Build one CV into its folder in the staging folder: (files written, its findings)."""
    command, path, directory, final, base, cache = task
    report = Report()
    write = write_site if command == "site" else write_build
    if cache is not None:
        write = partial(write_cached, command, cache=cache)
    try:
        files = write(path, directory, base=base, report=report)
    except CVInputError as error:
        return 0, report.warnings + list(error.diagnostics)
    except UsageError as error:  # name the folder the user gave, not the staging folder
        raise UsageError(str(error).replace(directory, final, 1)) from None
    return len(files), report.warnings


def folder_names(paths: list[str | Path]) -> list[str]:
    """The output folder name of each CV file: its stem, made safe (:func:`cvld.core.io.safe_name`);
    two files that would share a name are a :class:`UsageError` naming both."""
    names = [safe_name(Path(p).stem) for p in paths]
    seen: dict[str, Path] = {}
    for path, name in zip(paths, names):
        other = seen.setdefault(name, Path(path))
        if other != Path(path):
            raise UsageError(f"{other} and {path} would both be written to DIR/{name}; rename one of them")
    return names


def write_folders(command: str, paths: list[str | Path], directory: str | Path, *, base: str | None = None,
                  jobs: int = 1, report: Report | None = None, progress: bool = False,
                  cache: EntryCache | None = None) -> int:
    """Build each CV in ``paths`` into ``directory``/NAME; ``jobs`` processes share the files.

    ``directory`` is replaced whole, once every CV is made; when any CV has an error, nothing is
    written and every CV file's errors are raised together. Returns the number of files written.
    With ``cache``, a CV built before (the same path, bytes and base) is written from it
    (:func:`cvld.build.write_cached`).
    """
    report = report if report is not None else Report()
    names = folder_names(paths)
    written, errors = 0, []
    with staged_folder(directory) as staging:
        tasks = [(command, str(p), str(staging / name), str(Path(directory) / name), base, cache)
                 for p, name in zip(paths, names)]
        bar = progress_bar(len(tasks), progress)
        for count, found in ordered_map(_one, tasks, jobs):
            bar.update()
            written += count
            errors.extend(report.keep(found))
        bar.close()
        if errors:
            raise CVInputError(errors)
    return written

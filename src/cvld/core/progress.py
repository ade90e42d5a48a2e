"""A progress bar for long runs (more than one file); off when standard error is not a terminal."""

from __future__ import annotations

import sys


class _Bar:
    """A one-line progress bar on standard error (only when it is a terminal)."""

    def __init__(self, total: int, shown: bool):
        self.total, self.done, self.shown = total, 0, shown

    def update(self) -> None:
        self.done += 1
        if self.shown:
            width = 30
            filled = width * self.done // max(self.total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown and self.done:
            sys.stderr.write("\n")


def progress_bar(total: int, wanted: bool) -> _Bar:
    """A bar for ``total`` steps, shown only when ``wanted``, there is more than one step and stderr is a terminal."""
    return _Bar(total, wanted and total > 1 and sys.stderr.isatty())

"""The ``cvld`` command line: argument parsing and exit codes over :mod:`cvld.api` (see :mod:`cvld.cli.main`)."""

from cvld.cli.main import main

__all__ = ["main"]

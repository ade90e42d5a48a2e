"""Findings about input or output, each with the place it is about, and the errors that end a command.

Exit statuses (the command line maps each error to one): 0 clean (warnings allowed),
1 invalid input (:class:`CVInputError`), 2 a usage error or a file that cannot be read
(:class:`UsageError`), 3 a remote service failed (:class:`RemoteError`).
"""

from __future__ import annotations

import re
from dataclasses import field

from cvld.core.recordtype import record


@record(frozen=True, order=True, slots=True)
class Location:
    """Where something stands in an input file: 1-based line and column, and its record path."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


SEVERITIES = ("error", "warning", "note")


@record(frozen=True, order=True, slots=True)
class Diagnostic:
    """Every finding cvld makes: a location, a message that says what to do, and a severity, printed as
    ``FILE:LINE:COL: [warning: ]record.path: message``.

    Severities: ``error`` (the input cannot be used), ``warning`` (it can, but something is lost or
    doubtful) and ``note`` (what a command did or kept, such as an import merging into a CV).
    """

    location: Location
    message: str
    severity: str = "error"  # one of SEVERITIES
    code: str = ""  # a stable name of the kind of finding, such as "google-author-url" ("" where none is given)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r} (one of: {', '.join(SEVERITIES)})")

    def __str__(self) -> str:
        kind = "warning: " if self.severity == "warning" else ""
        where = self.location.path
        text = f"{where}: {self.message}" if where else self.message
        return f"{self.location}: {kind}{text}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def kind(self) -> str:
        """What findings of one kind share: the code, or the message with its quoted values left out."""
        return self.code or _QUOTED.sub("'…'", self.message)

    def as_dict(self) -> dict:
        """The finding as ``cvld check --format json`` writes it (every key always present)."""
        where = self.location
        return {"file": where.file, "line": where.line or None, "column": where.column or None,
                "path": where.path or None, "severity": self.severity, "code": self.code or None,
                "message": self.message}


_QUOTED = re.compile(r"'[^']*'|\([^()]*\)")


@record(frozen=True)
class Group:
    """Findings of one kind in one file, in order: what ``cvld check`` prints as one line."""

    file: str
    severity: str
    members: tuple[Diagnostic, ...]

    def places(self, limit: int | None = 3) -> str:
        shown = self.members if limit is None else self.members[:limit]
        text = ", ".join(f"{d.location.path or '(file)'} (line {d.location.line})" if d.location.line
                         else d.location.path or "(file)" for d in shown)
        return text + (", ..." if len(shown) < len(self.members) else "")


def group_findings(diagnostics) -> list[Group]:
    """Warnings grouped by file and :attr:`Diagnostic.kind`, groups in order of their first member;
    each error is a group of its own (every error is shown in full)."""
    groups: dict[tuple, list[Diagnostic]] = {}
    for number, diagnostic in enumerate(diagnostics):
        kind = number if diagnostic.is_error else diagnostic.kind
        key = (diagnostic.location.file, diagnostic.severity, kind)
        groups.setdefault(key, []).append(diagnostic)
    return [Group(file, severity, tuple(members)) for (file, severity, _), members in groups.items()]


@record
class Report:
    """Collects diagnostics; errors make the input unusable, warnings do not."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, code: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, message, "error", code))

    def warning(self, location: Location, message: str, code: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, message, "warning", code))

    def note(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, "note"))

    def extend(self, diagnostics) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Every finding that is not an error (warnings and notes)."""
        return [d for d in self.diagnostics if not d.is_error]

    def keep(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """Take ``found``'s warnings and notes into this report; return its errors (to be raised together)."""
        self.diagnostics.extend(d for d in found if not d.is_error)
        return [d for d in found if d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.location.file, d.location.line, d.location.column, d.message))


class CVInputError(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location.file, d.location.line, d.location.column, d.message))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    exit_status = 1


class UsageError(Exception):
    """A command used wrongly or a file that cannot be read (exit status 2).

    ``parameter`` names the argument of the call that is wrong or missing (``"base"``,
    ``"owner"``, ``"orcid_xsd"``, ...), so that a front end can say how to give it: the
    message itself says what is wrong, never which option to type.
    """

    exit_status = 2

    def __init__(self, message: str, *, parameter: str | None = None):
        super().__init__(message)
        self.parameter = parameter


class RemoteError(Exception):
    """A remote service failed: no answer, a network error, or an HTTP error from an ORCID or SPARQL
    server (exit status 3). What was done before it is kept where the command says."""

    exit_status = 3

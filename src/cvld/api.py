"""The Python API that the command line calls: import this to use cvld from code."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import CVInputError, Diagnostic, Report, UsageError
from .load import load_cv as _load_cv
from .model import CV


def load_cv(path: str | Path, report: Report | None = None) -> CV:
    """Load one CV file (YAML or JSON) into the canonical model.

    Raises :class:`CVInputError` with every problem located, or :class:`UsageError`
    when the file cannot be read. Warnings go to ``report`` when one is given.
    """
    return _load_cv(path, report)


def check_files(paths: list[str | Path], *, orcid_xsd: str | Path | None = None) -> tuple[Report, list[CV], list[str]]:
    """Check CV files and everything cvld generates from them.

    ``orcid_xsd``: a folder of ORCID's XSDs (holding record_3.0/ and common_3.0/) to
    validate the ORCID XML against; the built-in ORCID rules run always.

    Returns the report (errors and warnings from every file), the CVs that loaded,
    and a message for each file that could not be read.
    """
    report = Report()
    cvs = []
    unreadable = []
    for path in paths:
        try:
            cvs.append(_load_cv(path, report))
        except UsageError as error:
            unreadable.append(str(error))
        except CVInputError as error:
            known = set(report.diagnostics)
            report.extend(d for d in error.diagnostics if d not in known)
    for cv in cvs:
        for check in _output_checks(orcid_xsd=orcid_xsd):
            report.extend(check(cv))
    return report, cvs, unreadable


def _output_checks(*, orcid_xsd: str | Path | None = None):
    """Checks of generated outputs, one per target; each takes a CV and yields Diagnostics."""
    from functools import partial

    from .checks.orcid import check as orcid_check

    return [partial(orcid_check, xsd_dir=orcid_xsd)]


def starter_cv(name: str) -> str:
    """The text of a commented starter CV for ``name`` that passes ``cvld check``."""
    from .starter import render_starter

    return render_starter(name)


def import_document(format: str, path: str | Path, **options):
    """Import ``path`` (bibtex, orcid, csl, jsonresume or cff) as CV text, or merged ``into=`` a CV.

    Options: ``me``, ``me_orcid``, ``into``, ``overwrite``, ``report``. Returns an
    :class:`cvld.importers.ImportResult` (``text``, ``report``, ``notes``, ``changed``).
    """
    from .importers import import_document as _import

    return _import(format, path, **options)


__all__ = ["load_cv", "check_files", "starter_cv", "import_document", "CVInputError", "UsageError", "Diagnostic", "Report"]

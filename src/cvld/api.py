"""The Python API that the command line calls: import this to use cvld from code."""

from __future__ import annotations

from pathlib import Path

from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.source.load import load_cv as _load_cv
from cvld.model.records import CV


def load_cv(path: str | Path, report: Report | None = None) -> CV:
    """Load one CV file (YAML or JSON) into the canonical model.

    Raises :class:`CVInputError` with every problem located, or :class:`UsageError`
    when the file cannot be read. Warnings go to ``report`` when one is given.
    """
    return _load_cv(path, report)


def check_files(paths: list[str | Path], *, orcid_xsd: str | Path | None = None,
                vocab: str | Path | None = None) -> tuple[Report, list[CV], list[str]]:
    """Check CV files and everything cvld generates from them.

    ``orcid_xsd``: a folder of ORCID's XSDs (holding record_3.0/ and common_3.0/) to
    validate the ORCID XML against; the built-in ORCID rules run always.

    Returns the report (errors and warnings from every file), the CVs that loaded,
    and a message for each file that could not be read. ``vocab`` is a full schema.org
    release file (Turtle or JSON-LD) to check the JSON-LD against instead of cvld's table;
    one that cannot be read raises :class:`UsageError`.
    """
    vocabulary = _load_vocabulary(vocab) if vocab else None
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
        for check in _output_checks(orcid_xsd=orcid_xsd, vocabulary=vocabulary):
            report.extend(check(cv))
    return report, cvs, unreadable


def _output_checks(*, orcid_xsd: str | Path | None = None, vocabulary=None):
    """Checks of generated outputs, one per target; each takes a CV and yields Diagnostics."""
    from functools import partial

    from cvld.jsonld.check import check_cv as check_jsonld
    from cvld.orcid.check import check as check_orcid
    from cvld.web.check import check_web

    return [partial(check_jsonld, vocab=vocabulary), partial(check_orcid, xsd_dir=orcid_xsd), _rdf_check,
            partial(check_web, vocab=vocabulary)]


def _rdf_check(cv: CV) -> list[Diagnostic]:
    """SHACL: the CV's graph in both profiles against cvld's shapes (pyshacl, imported only here)."""
    from cvld.rdf.check import check_cv

    return check_cv(cv)


def _load_vocabulary(path: str | Path):
    from cvld.jsonld.vocabulary import VocabularyError, load_vocabulary_file

    try:
        return load_vocabulary_file(path)
    except VocabularyError as error:
        raise UsageError(f"--vocab: {error}") from None


def jsonld_text(path: str | Path, *, profile: str = "web", base: str | None = None,
                report: Report | None = None) -> str:
    """The CV file at ``path`` as schema.org JSON-LD text (``profile`` web or full)."""
    from cvld.jsonld.write import build_jsonld, dumps_jsonld

    cv = _load_cv(path, report)
    return dumps_jsonld(build_jsonld(cv, profile=profile, base=base, report=report))


def build_graph_files(paths, *, vocab: str = "schema", base: str | None = None, people_file=None,
                      report: Report | None = None, jobs: int = 1):
    """The RDF graph (:class:`cvld.rdf.build.KnowledgeGraph`) of CV files or folders of them.

    ``vocab`` is ``schema`` (the full JSON-LD mapping) or ``vivo`` (VIVO-ISF); several CVs
    need ``base``, the department graph's base IRI. Merge conflicts go to ``report``.
    ``jobs`` processes load the CV files. Call ``.rdflib()`` on the result for an :class:`rdflib.Graph`.
    """
    from cvld.rdf.build import build_files

    return build_files(list(paths), vocab=vocab, base=base, people_file=people_file, report=report, jobs=jobs)


def snippet_text(path: str | Path, *, base: str | None = None, report: Report | None = None) -> str:
    """The tags for the homepage's ``<head>`` (title, description, canonical, Open Graph, card, JSON-LD)."""
    from cvld.web.write import render_snippet

    return render_snippet(_load_cv(path, report), base, report)


def write_site(path: str | Path, directory: str | Path, *, base: str | None = None,
               report: Report | None = None) -> dict:
    """Write the static site (index, one page per paper, sitemap) into ``directory``, all at once."""
    from cvld.web.write import site_files
    from cvld.core.io import write_tree_atomic

    files = site_files(_load_cv(path, report), base, report)
    write_tree_atomic(directory, files)
    return files


def write_build(path: str | Path, directory: str | Path, *, base: str | None = None,
                report: Report | None = None) -> dict:
    """Write every output cvld makes (one subfolder per target) into ``directory``, all at once."""
    from cvld.build import build

    return build(_load_cv(path, report), directory, base, report)


def starter_cv(name: str) -> str:
    """The text of a commented starter CV for ``name`` that passes ``cvld check``."""
    from cvld.source.starter import render_starter

    return render_starter(name)


def import_document(format: str, path: str | Path, **options):
    """Import ``path`` (bibtex, orcid, csl, jsonresume or cff) as CV text, or merged ``into=`` a CV.

    Options: ``me``, ``me_orcid``, ``into``, ``overwrite``, ``report``. Returns an
    :class:`cvld.importers.ImportResult` (``text``, ``report``, ``notes``, ``changed``).
    """
    from cvld.importers import import_document as _import

    return _import(format, path, **options)


__all__ = ["load_cv", "check_files", "jsonld_text", "snippet_text", "write_site", "write_build", "build_graph_files",
           "starter_cv", "import_document", "CVInputError", "UsageError", "Diagnostic", "Report"]

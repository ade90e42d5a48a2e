"""The whole public surface of cvld: every command of the command line is one call here.

Errors: :class:`CVInputError` (invalid input; ``.diagnostics`` lists every problem, located),
:class:`UsageError` (a call that cannot be carried out, or a file that cannot be read) and
:class:`RemoteError` (a network service failed). Each has an ``exit_status`` (1, 2, 3).
Warnings go to the :class:`Report` passed in, when one is.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from cvld.core.recordtype import record
from cvld.core.diagnostics import CVInputError, Diagnostic, Group, Location, RemoteError, Report, UsageError
from cvld.core.diagnostics import group_findings
from cvld.core.cache import EntryCache
from cvld.core.collector import fewer_collections, for_a_command as tune_collector
from cvld.core.lazy import lazy_module
from cvld.core.pool import FileBytes, cores, ordered_map
from cvld.core.io import open_atomic, read_input, refuse_overwriting, write_atomic, write_tree_atomic, write_tree_keeping
from cvld.core.resources import SCHEMA_PATH
from cvld.core.text import slugify
from cvld.model.ids import IdentifierError, check_url
from cvld.model.iris import normalise_base
from cvld.model.records import CV
from cvld.source.folders import CV_SUFFIXES, cv_paths, load_cvs
from cvld.source.load import load_cv
from cvld.source.yamlsource import MAX_FILE_BYTES

# Each command family loads when a call first needs it, so that a command pays only for what it
# runs (``cvld snippet`` never loads the ORCID client, the RDF store or the importers). The same
# modules are imported below for type checkers and for the import contracts (pyproject.toml), so
# the layering sees every dependency.
_batch = lazy_module("cvld.batch")
_dask_pool = lazy_module("cvld.core.dask_pool")  # cvld graph --scheduler: a Dask cluster
_build = lazy_module("cvld.build")
_crossref_service = lazy_module("cvld.enrich.crossref")
_ror_service = lazy_module("cvld.enrich.ror")
_enrich_cache = lazy_module("cvld.enrich.cache")
_enrich_client = lazy_module("cvld.enrich.client")
_enrich_run = lazy_module("cvld.enrich.run")
_importers = lazy_module("cvld.importers")
_jsonld_check = lazy_module("cvld.jsonld.check")
_jsonld_vocabulary = lazy_module("cvld.jsonld.vocabulary")
_jsonld_write = lazy_module("cvld.jsonld.write")
_orcid_check = lazy_module("cvld.orcid.check")
_orcid_session = lazy_module("cvld.orcid.sync.session")
_orcid_write = lazy_module("cvld.orcid.write")
_rdf_build = lazy_module("cvld.rdf.build")
_rdf_check = lazy_module("cvld.rdf.check")
_rdf_department = lazy_module("cvld.rdf.department")
_rdf_push = lazy_module("cvld.rdf.push")
_rdf_store = lazy_module("cvld.rdf.store")
_rdf_stream = lazy_module("cvld.rdf.stream")
_report_figures = lazy_module("cvld.report.figures")
_report_write = lazy_module("cvld.report.write")
_source_people = lazy_module("cvld.source.people")
_starter = lazy_module("cvld.source.starter")
_web_check = lazy_module("cvld.web.check")
_web_write = lazy_module("cvld.web.write")

if TYPE_CHECKING:
    import cvld.batch
    import cvld.core.dask_pool
    import cvld.build
    import cvld.enrich.cache
    import cvld.enrich.client
    import cvld.enrich.crossref
    import cvld.enrich.ror
    import cvld.enrich.run
    import cvld.importers
    import cvld.jsonld.check
    import cvld.jsonld.vocabulary
    import cvld.jsonld.write
    import cvld.orcid.check
    import cvld.orcid.sync.session
    import cvld.orcid.write
    import cvld.rdf.build
    import cvld.rdf.check
    import cvld.rdf.department
    import cvld.rdf.push
    import cvld.rdf.store
    import cvld.rdf.stream
    import cvld.report.figures
    import cvld.report.write
    import cvld.source.people
    import cvld.source.starter
    import cvld.web.check
    import cvld.web.write
    from cvld.enrich.run import Outcome as EnrichOutcome
    from cvld.importers import ImportResult
    from cvld.orcid.sync.session import Options as OrcidOptions
    from cvld.rdf.build import KnowledgeGraph
    from cvld.rdf.push import Pushed
    from cvld.rdf.store import Answer
    from cvld.report.figures import Figures

# names of the public surface that live in a command family: loaded with it, on first use
_EXPORTED = {
    "write_site": ("cvld.build", "write_site"),
    "write_build": ("cvld.build", "write_build"),
    "build_files": ("cvld.build", "build_files"),
    "import_document": ("cvld.importers", "import_document"),
    "ImportResult": ("cvld.importers", "ImportResult"),
    "OrcidOptions": ("cvld.orcid.sync.session", "Options"),
    "auth_from_env": ("cvld.rdf.push", "auth_from_env"),
    "KnowledgeGraph": ("cvld.rdf.build", "KnowledgeGraph"),
    "Answer": ("cvld.rdf.store", "Answer"),
    "Pushed": ("cvld.rdf.push", "Pushed"),
    "Figures": ("cvld.report.figures", "Figures"),
    "EnrichOutcome": ("cvld.enrich.run", "Outcome"),
    "default_cache_folder": ("cvld.enrich.cache", "default_folder"),
}


def __getattr__(name: str):
    try:
        module, attribute = _EXPORTED[name]
    except KeyError:
        raise AttributeError(f"module 'cvld.api' has no attribute {name!r}") from None
    value = getattr(lazy_module(module), attribute)
    globals()[name] = value
    return value


# --- reading and checking --------------------------------------------------------------------


def check_files(paths: list[str | Path], *, orcid_xsd: str | Path | None = None,
                vocab: str | Path | None = None, base: str | None = None,
                jobs: int | None = None) -> tuple[Report, list[CV], list[str]]:
    """Check CV files (folders expanded to their CV files) and everything cvld generates from them.

    ``base``: check the site as ``build_files`` makes it under that base URL (default:
    each person's homepage; a CV with neither is an error, as its build would be).

    ``orcid_xsd``: a folder of ORCID's XSDs (holding record_3.0/ and common_3.0/) to
    validate the ORCID XML against; the built-in ORCID rules run always.

    Returns the report (errors and warnings from every file), the CVs that loaded,
    and a message for each file that could not be read. ``vocab`` is a full schema.org
    release file (Turtle or JSON-LD) to check the JSON-LD against instead of cvld's table;
    one that cannot be read raises :class:`UsageError`.

    ``jobs`` > 1: the checks run in that many forked processes, each CV's in two parts (the
    JSON-LD and site checks, which share the web graph's expansion; the ORCID and SHACL checks);
    the findings are the same, in the same order. ``None`` (the default): one process per core
    once the CVs hold :data:`CHECK_IN_PROCESSES` works or more, else this one.
    """
    vocabulary = _load_vocabulary(vocab) if vocab else None
    report = Report()
    cvs = []
    unreadable = []
    if base is not None:
        normalise_base(base)
    expanded = []
    for given in paths:
        found = cv_paths([given])
        if not found:
            unreadable.append(f"{given}: a folder with no CV files ({', '.join(CV_SUFFIXES)})")
        expanded += [path for path in found if path not in expanded]
    with fewer_collections():  # the CVs and everything checked of them live until the end
        for path in expanded:
            try:
                cvs.append(load_cv(path, report))
            except UsageError as error:
                unreadable.append(str(error))
            except CVInputError as error:
                known = set(report.diagnostics)
                report.extend(d for d in error.diagnostics if d not in known)
        checks = [partial(_jsonld_check.check_cv, vocab=vocabulary), partial(_orcid_check.check, xsd_dir=orcid_xsd),
                  _rdf_check.check_cv, partial(_web_check.check_web, vocab=vocabulary, base=base)]
        if jobs is None:
            jobs = cores() if sum(len(cv.works) for cv in cvs) >= CHECK_IN_PROCESSES else 1
        _CHECKING[:] = [cvs, checks]  # read by the forked workers
        try:
            parts = [(index, part) for index in range(len(cvs)) for part in _CHECK_PARTS]
            found = dict(zip(parts, ordered_map(_check_part, parts, jobs)))
        finally:
            _CHECKING.clear()
        for index in range(len(cvs)):
            by_check = {number: findings for part in _CHECK_PARTS for number, findings in zip(part, found[(index, part)])}
            for number in range(len(checks)):
                report.extend(by_check[number])
    return report, cvs, unreadable


CHECK_IN_PROCESSES = 2000  # works in the CVs checked at once: from here on, forking the checks pays (about 4 s)
_CHECK_PARTS = ((0, 3), (2, 1))  # check_files's checks by number: JSON-LD with the site (they share the web
# graph's expansion and walk), SHACL with ORCID
_CHECKING: list = []  # [the CVs, the checks] while check_files runs


def _check_part(item: tuple[int, tuple[int, ...]]) -> list[list[Diagnostic]]:
    """The findings of some of the checks of one CV (``item``: the CV's number and the checks' numbers)."""
    cvs, checks = _CHECKING
    index, numbers = item
    return [list(checks[number](cvs[index])) for number in numbers]


CHECK_JSON_VERSION = 1


def files_checked(report: Report, cvs: list[CV]) -> int:
    """How many CV files were read: those that loaded and those whose input has errors."""
    return len({cv.source for cv in cvs} | {d.location.file for d in report.errors})


def check_groups(report: Report, *, quiet: bool = False) -> list[Group]:
    """The report's findings (errors only when ``quiet``) sorted, then grouped: one group per file and kind."""
    return group_findings(d for d in report.sorted() if d.is_error or not quiet)


def check_json(report: Report, checked: int, unreadable: list[str], status: int, *, quiet: bool = False) -> str:
    """``cvld check --format json``: one JSON object (documented in the README, "Checking")."""
    document = {
        "version": CHECK_JSON_VERSION,
        "files_checked": checked,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "exit_status": status,
        "unreadable": list(unreadable),
        "findings": [d.as_dict() for d in report.sorted() if d.is_error or not quiet],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _load_vocabulary(path: str | Path):
    try:
        return _jsonld_vocabulary.load_vocabulary_file(path)
    except _jsonld_vocabulary.VocabularyError as error:
        raise UsageError(str(error)) from None


def schema_text() -> str:
    """The JSON Schema (draft 2020-12) of the CV format, as text."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


def starter_cv(name: str) -> str:
    """The text of a commented starter CV for ``name`` that passes ``cvld check``."""
    return _starter.render_starter(name)


def write_starter(name: str, output: str | Path | None = None) -> Path:
    """Write the starter CV for ``name`` to ``output`` (default ``KEY.yaml``); never over an existing file."""
    if not name.strip():
        raise UsageError("init: the name must not be empty")
    target = Path(output or f"{slugify(name)}.yaml")
    if target.exists():
        raise UsageError(f"init: {target} exists already; cvld never overwrites it")
    write_atomic(target, starter_cv(name))
    return target


# --- homepage, JSON-LD, every output -----------------------------------------------------------


def jsonld_text(path: str | Path, *, profile: str = "web", base: str | None = None,
                report: Report | None = None) -> str:
    """The CV file at ``path`` as schema.org JSON-LD text (``profile`` web or full)."""
    cv = load_cv(path, report)
    return _jsonld_write.dumps_jsonld(_jsonld_write.build_jsonld(cv, profile=profile, base=base, report=report))


def snippet_text(path: str | Path, *, base: str | None = None, report: Report | None = None,
                 only: str | None = None, work: str | None = None, url: str | None = None) -> str:
    """The tags for the homepage's ``<head>`` (title, description, canonical, Open Graph, card, JSON-LD).

    ``base``: the address of a site cvld made (works link to its paper pages; without it, to their
    DOI or url). ``only="person"``: the Person and ProfilePage without works. ``work``: one paper's
    head (``citation_*``, Open Graph article tags, its ScholarlyArticle) for its page at ``url``.
    """
    if url is not None:
        normalise_base(url)  # an absolute http(s) URL, or a UsageError
    return _web_write.render_snippet(load_cv(path, report), base, report, only=only, work_key=work, url=url)


def write_output(data: str | bytes, output: str | Path | None, *, inputs: list[str | Path] = (),
                 stdout: BinaryIO | None = None) -> None:
    """Write ``data`` atomically to ``output`` (never over one of ``inputs``), or to ``stdout``."""
    if output:
        refuse_overwriting(output, inputs)
        write_atomic(output, data)
    elif stdout is not None:
        stdout.write(data.encode("utf-8") if isinstance(data, str) else data)


def write_folders(command: str, inputs: list[str | Path], directory: str | Path, *, base: str | None = None,
                  jobs: int = 1, report: Report | None = None, progress: bool = False,
                  cache_dir: str | Path | None = None, use_cache: bool = True) -> int:
    """``cvld build`` (``command`` "build") or ``cvld site`` ("site"): one CV file into ``directory``,
    or several (and folders of them) each into ``directory``/NAME, in ``jobs`` processes.
    Returns the number of files written; ``directory`` never holds an input. Several CVs are
    built through :func:`build_cache` (a CV unchanged since the last run is not built again)."""
    paths = cv_paths(inputs)
    refuse_overwriting(directory, paths, folder=True)
    if len(inputs) == 1 and not Path(inputs[0]).is_dir():
        write = _build.write_site if command == "site" else _build.write_build
        return len(write(inputs[0], directory, base=base, report=report))
    return _batch.write_folders(command, paths, directory, base=base, jobs=jobs, report=report, progress=progress,
                                cache=build_cache(cache_dir, use_cache, report))


# --- ORCID -------------------------------------------------------------------------------------


def write_orcid(path: str | Path, directory: str | Path, *, report: Report | None = None) -> dict:
    """Write the ORCID v3.0 XML of one CV (works, bulk, affiliations) and works.bib into ``directory``."""
    report = report if report is not None else Report()
    files = _orcid_write.files(load_cv(path, report), report)
    refuse_overwriting(directory, [path], folder=True)
    write_tree_atomic(directory, files)
    return files


def orcid_push(path: str | Path, orcid_id: str, options: OrcidOptions, out: TextIO, err: TextIO, *,
               dry_run: bool = False, verbose: bool = False) -> int:
    """Upload the CV to an ORCID record (member API): print the plan, then carry it out.
    0: every item went through; 1: ORCID refused an item; :class:`RemoteError`: ORCID failed."""
    return _orcid_session.push_record(str(path), orcid_id, options, out, err, dry_run=dry_run, verbose=verbose)


def orcid_pull(path: str | Path, orcid_id: str, options: OrcidOptions, out: TextIO, err: TextIO) -> int:
    """Compare the ORCID record's works with the CV: 0 the same, 1 they differ."""
    return _orcid_session.pull_record(str(path), orcid_id, options, out, err)


# --- RDF ---------------------------------------------------------------------------------------


def build_graph_files(paths, *, vocab: str = "schema", base: str | None = None, people_file=None,
                      report: Report | None = None, jobs: int = 1) -> KnowledgeGraph:
    """The RDF graph (:class:`cvld.rdf.build.KnowledgeGraph`) of CV files or folders of them.

    ``vocab`` is ``schema`` (the full JSON-LD mapping) or ``vivo`` (VIVO-ISF); several CVs
    need ``base``, the department graph's base IRI. Merge conflicts go to ``report``.
    ``jobs`` processes load the CV files. Call ``.rdflib()`` on the result for an :class:`rdflib.Graph`.
    """
    return _rdf_build.build_files(list(paths), vocab=vocab, base=base, people_file=people_file, report=report, jobs=jobs)


def build_cache(cache_dir: str | Path | None = None, use_cache: bool = True,
                report: Report | None = None) -> EntryCache | None:
    """The build cache of ``graph``, ``build``, ``site`` and ``push``: in ``cache_dir``, by default
    ``build/`` in the user's cache folder (``$CVLD_CACHE_DIR``, else the platform's: ``~/.cache/cvld`` on
    Linux); None with ``use_cache`` False (nothing reused, nothing kept). Outputs never depend on it."""
    return EntryCache.open(cache_dir, report) if use_cache else None


def write_graph(inputs: list[str | Path], output: str | Path | None = None, *, fmt: str | None = None,
                vocab: str = "schema", base: str | None = None, people_file: str | Path | None = None,
                report: Report | None = None, jobs: int = 1, progress: bool = False,
                stdout: BinaryIO | None = None, cache_dir: str | Path | None = None,
                use_cache: bool = True, scheduler: str | None = None) -> int:
    """Write the graph of the CVs to ``output`` (or ``stdout``) in ``fmt`` (default: from the suffix).
    Turtle and N-Triples are streamed one person at a time. Returns the number of triples.
    What an earlier run made for an unchanged CV and merge is reused from :func:`build_cache`.
    ``scheduler``: the address of a Dask cluster (or ``local:N``) that loads the CVs and makes each
    person's triples in place of ``jobs`` processes (:func:`cvld.core.dask_pool.dask_workers`), without
    the build cache (it is this machine's)."""
    if output:
        refuse_overwriting(output, cv_paths(inputs) + ([people_file] if people_file else []))
    report = report if report is not None else Report()
    fmt = _rdf_build.format_for(str(output) if output else None, fmt)
    with _workers(jobs, scheduler, cache_dir) as jobs:
        options = dict(vocab=vocab, base=base, people_file=people_file, report=report, jobs=jobs,
                       cache=build_cache(cache_dir, use_cache and scheduler is None, report))
        if fmt in ("turtle", "ntriples"):
            if output:
                with open_atomic(output) as handle:
                    return _rdf_stream.write_department(inputs, handle, fmt=fmt, progress=progress, **options)
            return _rdf_stream.write_department(inputs, stdout, fmt=fmt, **options)
        graph = _rdf_stream.person_graphs(inputs, **options)
    write_output(graph.serialize(fmt), output, stdout=stdout)
    return len(graph)


@contextmanager
def _workers(jobs: int, scheduler: str | None, cache_dir: str | Path | None):
    """``jobs`` as given or, with ``scheduler``, the Dask cluster's executor in its place, open while the
    graph is made (the build cache is refused with it: the cache is this machine's)."""
    if scheduler is None:
        yield jobs
        return
    _dask_pool.refuse_cache(cache_dir)
    with _dask_pool.executor(jobs, scheduler) as workers:
        yield workers


def write_split(inputs: list[str | Path], directory: str | Path, *, vocab: str = "schema",
                base: str | None = None, people_file: str | Path | None = None, report: Report | None = None,
                jobs: int = 1, progress: bool = False, cache_dir: str | Path | None = None,
                use_cache: bool = True, scheduler: str | None = None) -> dict:
    """Write one N-Quads file per CV (each person's named graph) into ``directory``, all at once; a file
    whose content is unchanged is kept as it was (its modification time too: :func:`write_tree_keeping`),
    which a note in ``report`` counts. The cache and ``scheduler`` as for :func:`write_graph`."""
    refuse_overwriting(directory, cv_paths(inputs) + ([people_file] if people_file else []), folder=True)
    report = report if report is not None else Report()
    with _workers(jobs, scheduler, cache_dir) as jobs:
        files = _rdf_stream.split_files(inputs, progress=progress, vocab=vocab, base=base, people_file=people_file,
                                        report=report, jobs=jobs,
                                        cache=build_cache(cache_dir, use_cache and scheduler is None, report))
    written = write_tree_keeping(directory, files)
    if len(written) < len(files):
        report.note(Location(str(directory)), f"{len(written)} of {len(files)} file(s) new or changed; "
                    "the others kept as they were")
    return files


def query(inputs: list[str | Path], sparql: str | None = None, *, named: str | None = None,
          endpoint: str | None = None, vocab: str | None = None, base: str | None = None,
          people_file: str | Path | None = None, auth: dict | None = None,
          report: Report | None = None) -> Answer:
    """Answer a SPARQL SELECT or ASK (``sparql``, or the question cvld ships as ``named``) from an
    RDF file, from CV files built into a graph, or from a SPARQL ``endpoint``."""
    if named is None and not sparql:
        raise UsageError("query: give the SPARQL text or the name of a question cvld ships")
    if endpoint:
        if inputs:
            raise UsageError("query: ask files or a SPARQL endpoint, not both")
        if named and not vocab:
            raise UsageError("query: a named question asked of a SPARQL endpoint needs its vocabulary (schema or vivo)")
        return _rdf_store.ask_endpoint(endpoint_url(endpoint), sparql or _rdf_store.named_query(named, vocab), auth)
    if not inputs:
        raise UsageError("query: give RDF files or CVs to ask, or a SPARQL endpoint")
    store = _store_for(inputs, vocab=vocab, base=base, people_file=people_file, report=report)
    return _rdf_store.ask_store(store, sparql or _rdf_store.named_query(named, vocab or _rdf_store.vocabulary_of(store)))


def _store_for(inputs, *, vocab, base, people_file, report):
    rdf = [p for p in inputs if Path(p).suffix.lower() in _rdf_store.GRAPH_SUFFIXES and Path(p).suffix.lower() not in CV_SUFFIXES]
    if rdf and len(rdf) != len(inputs):
        raise UsageError("query: give RDF files or CVs, not both")
    if len(rdf) > 1:
        raise UsageError("query: give one RDF file (merge CVs with cvld graph)")
    if rdf:
        return _rdf_store.store_for_file(rdf[0])
    return _rdf_store.store_for_graph(build_graph_files(inputs, vocab=vocab or "schema", base=base, people_file=people_file,
                                             report=report))


def push(inputs: list[str | Path], endpoint: str, *, vocab: str = "schema", base: str | None = None,
         people_file: str | Path | None = None, auth: dict | None = None,
         report: Report | None = None, query_endpoint: str | None = None, prune: bool = False,
         dry_run: bool = False, cache_dir: str | Path | None = None, use_cache: bool = True) -> list[Pushed]:
    """PUT each person's graph into a named graph of its own at a Graph Store Protocol ``endpoint``.
    The graphs are made through :func:`build_cache`; with ``query_endpoint`` and ``base`` a graph whose
    content the server already holds (its digest: :mod:`cvld.rdf.push`) is not sent (``=``), unless
    ``use_cache`` is False (then every graph is sent again).

    With ``base`` each graph is marked as cvld's (:mod:`cvld.rdf.push`); ``prune`` then deletes the
    graphs cvld pushed for that department before for members no longer among ``inputs``, and
    ``dry_run`` returns the plan (``+``, ``~``, ``-`` per graph) and sends nothing. Both ask
    ``query_endpoint`` (the server's SPARQL query endpoint) which graphs are there."""
    if (prune or dry_run) and not base:
        raise UsageError("push: pruning and planning are for a department graph, which needs a base IRI")
    if (prune or dry_run) and not query_endpoint:
        raise UsageError("push: pruning and planning ask the server's SPARQL query endpoint which graphs it "
                         "holds; give it")
    endpoint = endpoint_url(endpoint)
    if query_endpoint:
        query_endpoint = endpoint_url(query_endpoint)
    graph = _rdf_stream.person_graphs(inputs, vocab=vocab, base=base, people_file=people_file, report=report,
                                      cache=build_cache(cache_dir, use_cache, report))
    mark_base = normalise_base(base) if base else None
    existing = _rdf_push.pushed_digests(query_endpoint, mark_base, auth) if query_endpoint and mark_base else {}
    if not use_cache:
        existing = dict.fromkeys(existing)  # nothing reused: every graph is sent again
    steps = _rdf_push.plan(graph, existing, prune, mark_base)
    if dry_run:
        return steps
    return _rdf_push.push_graph(graph, endpoint, auth, base=mark_base, delete=[s.graph for s in steps if s.action == "-"],
                                unchanged={s.graph for s in steps if s.action == "="})


# --- report ------------------------------------------------------------------------------------

REPORT_BASE = "https://department.invalid/"  # the report's own naming of the merged nodes (never shown)


def report(inputs: list[str | Path], output: str | Path, *, people_file: str | Path | None = None,
           title: str = "Department report", report: Report | None = None, jobs: int = 1) -> Figures:
    """Write a department's report into the folder ``output`` (replaced whole): ``index.html`` with
    the pictures, and each picture as SVG. The merge's conflicts are shown in it and go to ``report``."""
    _report_figures.require_libraries()
    refuse_overwriting(output, cv_paths(inputs) + ([people_file] if people_file else []), folder=True)
    report = report if report is not None else Report()
    cvs = load_cvs(inputs, report, jobs)
    merge = Report()
    people = _source_people.load_people(people_file, report) if people_file else None
    members = _rdf_department.resolve(cvs, REPORT_BASE, people, merge).members
    report.extend(merge.sorted())
    figures = _report_figures.department_figures(members, merge.sorted())
    write_tree_atomic(output, _report_write.report_files(figures, title))
    return figures


def endpoint_url(endpoint: str) -> str:
    """A SPARQL or Graph Store endpoint, checked by the one URL rule (an absolute http(s) URL by RFC 3987)."""
    try:
        return check_url(endpoint)
    except IdentifierError as error:
        raise UsageError(f"the SPARQL endpoint: {error}", parameter="endpoint") from None


# --- import ------------------------------------------------------------------------------------


def write_import(result: ImportResult, *, source: str | Path, into: str | Path | None = None,
                 output: str | Path | None = None, in_place: bool = False,
                 stdout: TextIO | None = None) -> str:
    """Write what :func:`import_document` made: to ``output``, back to ``into`` (``in_place``, keeping
    ``INTO.bak``), or to ``stdout``. Never over the imported file. Returns what was done, in words."""
    if in_place and not into:
        raise UsageError("import: writing in place needs the CV to merge into")
    if in_place and output:
        raise UsageError("import: write to a file or in place, not both")
    inputs = [source] + ([into] if into else [])
    if output:
        refuse_overwriting(output, inputs, hint="merge in place instead, which keeps a backup")
        write_atomic(output, result.text)
        return f"wrote {output} ({result.works} work(s) read)"
    if in_place:
        if not result.changed:
            return f"{into} is up to date; not rewritten"
        backup = f"{into}.bak"
        refuse_overwriting(backup, [source], hint="the backup of the CV would replace it")
        write_atomic(backup, Path(into).read_bytes())
        write_atomic(into, result.text)
        return f"updated {into} (the previous version is in {backup})"
    if stdout is not None:
        stdout.write(result.text)
    return ""


# --- enrich ------------------------------------------------------------------------------------

difflib = lazy_module("difflib")
_MAILTO = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


@record
class EnrichResult:
    """What enrich did to a CV: the outcome, the diff, what was written in words and what each service was asked."""

    outcome: EnrichOutcome  # what was taken and left (``.notes``), and the services that failed (``.failures``)
    diff: str  # the unified diff of the CV
    said: str  # what was written, in words ("" when nothing was)
    asked: dict  # requests sent to each service


def enrich(path: str | Path, *, output: str | Path | None = None, in_place: bool = False, dois: bool = True,
           rors: bool = True, crossref_url: str | None = None, ror_url: str | None = None,
           mailto: str | None = None, cache_dir: str | Path | None = None, use_cache: bool = True,
           dry_run: bool = False, today: datetime.date | None = None,
           interval: float | None = None) -> EnrichResult:
    """Fill in the DOIs (Crossref) and organisation ids (ROR) a YAML CV lacks, each marked with a
    comment naming its source and day. Writes to ``output``, or back to ``path`` (``in_place``,
    keeping ``PATH.bak``), or nowhere (``dry_run``, or neither given: see the result's diff).
    ``mailto`` (default ``$CVLD_MAILTO``) joins Crossref's polite pool. Answers are kept in
    ``cache_dir`` (default: see :func:`cvld.enrich.cache.default_folder`). A failed service is in
    the result's ``outcome.failures``; what was found until then is written all the same."""
    if in_place and output:
        raise UsageError("enrich: write to a file or in place, not both")
    if Path(path).suffix.lower() == ".json":
        raise UsageError(f"enrich: {path}: enrich edits YAML CVs, keeping their comments; a JSON CV is not edited")
    mailto = mailto if mailto is not None else os.environ.get("CVLD_MAILTO") or None
    if mailto is not None and not _MAILTO.match(mailto):
        raise UsageError(f"enrich: '{mailto}' is not an e-mail address (Crossref's polite pool needs one)")
    urls = {"Crossref": crossref_url or _crossref_service.DEFAULT_URL, "ROR": ror_url or _ror_service.DEFAULT_URL}
    for name, url in urls.items():
        if not re.match(r"^https?://[^\s/?#]+[^\s?#]*$", url):
            raise UsageError(f"enrich: '{url}' is not an http(s) URL for {name}")
    if output:
        refuse_overwriting(output, [path], hint="enrich in place instead, which keeps a backup")
        if Path(output).is_dir():
            raise UsageError(f"enrich: {output} is a folder; name the file to write")
    report = Report()
    raw = read_input(path, MAX_FILE_BYTES)  # read once: the CV enriched is the text whose comments are kept
    cv = load_cv(FileBytes(str(path), raw), report)
    original = raw.decode("utf-8")  # loading refused any other encoding; a BOM is kept as it was
    today = today or datetime.date.today()
    cache = _enrich_cache.AnswerCache((cache_dir or _enrich_cache.default_folder()) if use_cache else None, today)
    timing = {} if interval is None else {"interval": interval}
    crossref = _enrich_client.Service("Crossref", urls["Crossref"], cache, contact=mailto, contact_param="mailto", **timing) \
        if dois else None
    ror = _enrich_client.Service("ROR", urls["ROR"], cache, **timing) if rors else None
    outcome = _enrich_run.enrich_cv(cv, original, crossref_service=crossref, ror_service=ror, today=today)
    diff = "".join(difflib.unified_diff(original.splitlines(keepends=True), outcome.text.splitlines(keepends=True),
                                        fromfile=str(path), tofile=f"{path} (enriched)"))
    said = ""
    try:
        if not dry_run and output:
            write_atomic(output, outcome.text)
            said = f"wrote {output}"
        elif not dry_run and in_place:
            if outcome.changed:
                backup = f"{path}.bak"
                write_atomic(backup, raw)
                write_atomic(path, outcome.text)
                said = f"updated {path} (the previous version is in {backup})"
            else:
                said = f"{path} is up to date; not rewritten"
    except OSError as error:
        raise UsageError(f"enrich: cannot write {error.filename or output or path}: {error.strerror or error}") from None
    asked = {s.name: s.asked for s in (crossref, ror) if s is not None}
    return EnrichResult(outcome, diff, said, asked)


__all__ = [
    "load_cv", "check_files", "schema_text", "starter_cv", "write_starter",
    "jsonld_text", "snippet_text", "write_output", "refuse_overwriting", "write_site", "write_build", "write_folders", "build_files",
    "write_orcid", "orcid_push", "orcid_pull", "OrcidOptions",
    "build_graph_files", "build_cache", "write_graph", "write_split", "query", "push", "auth_from_env",
    "import_document", "write_import", "ImportResult", "enrich", "EnrichResult",
    "CV", "CVInputError", "UsageError", "RemoteError", "Diagnostic", "Location", "Report", "tune_collector",
]

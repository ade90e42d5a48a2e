"""The ``cvld`` command: argument parsing and exit statuses only; every command is one call of :mod:`cvld.api`.

Exit status: 0 success (warnings allowed), 1 invalid input (every problem is printed as
FILE:LINE:COL: message), 2 usage error or unreadable file, 3 a remote service failed, 130
interrupted (Ctrl-C). The operating system's errors (a full disk, a read-only folder, a closed
or broken standard output) are one line ``cvld: PATH: cause`` and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from cvld import __version__, api

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_REMOTE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EPILOG = ("Exit status: 0 success, 1 invalid input, 2 usage error or unreadable file, 3 a remote service failed, "
          "130 interrupted.")


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with ``only`` one command's subparser: building all of them costs
    ~14 ms, a tenth of a short command's run. Help and errors read the same either way."""

    parser = argparse.ArgumentParser(
        prog="cvld",
        description="Turn an academic CV (YAML or JSON) into schema.org JSON-LD, ORCID XML and RDF, "
        "each validated against its consumer's schema.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"cvld {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _SUBPARSERS.items():
        if only is None or name == only:
            add(commands, name)
    return parser


def _add_check(commands, name) -> None:
    check = commands.add_parser("check", help="validate CV files and report every problem as FILE:LINE:COL",
                                description="Validate CV files and everything cvld generates from them; "
                                "print every problem as FILE:LINE:COL: message.")
    check.add_argument("files", nargs="+", metavar="FILE", help="CV files (YAML or JSON) or folders of them")
    check.add_argument("-q", "--quiet", action="store_true", help="print errors only, not warnings")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="print every finding on its own line (by default a kind repeated in a file is one line)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default, to standard error) or json (every finding, to standard output)")
    check.add_argument("--base", metavar="URL", help="check the site as 'cvld build --base URL' makes it "
                       "(default: the person's homepage)")
    check.add_argument("--orcid-xsd", metavar="DIR", help="also validate the ORCID XML against the XSDs in DIR "
                       "(the folder holding record_3.0/ and common_3.0/)")
    check.add_argument("--vocab", metavar="FILE", help="check the JSON-LD against this full schema.org release "
                       "(Turtle or JSON-LD) instead of cvld's own table of the terms it uses")
    check.add_argument("--jobs", type=_jobs, metavar="N",
                       help="check in N processes (each CV's JSON-LD and site checks apart from its ORCID and SHACL "
                       f"checks); the findings are the same (default: one per core from {api.CHECK_IN_PROCESSES:,} "
                       "works on, else 1)")


def _add_orcid(commands, name) -> None:
    orcid_group = commands.add_parser(
        "orcid", help="ORCID: write the XML (write), upload it (push) or compare with the record (pull)",
        description="ORCID v3.0. 'cvld orcid FILE -o DIR' is short for 'cvld orcid write FILE -o DIR'.")
    orcid_commands = orcid_group.add_subparsers(dest="orcid_command", metavar="SUBCOMMAND", required=True)
    orcid = orcid_commands.add_parser("write", help="write ORCID v3.0 XML (works, bulk, affiliations) and works.bib",
                                      description="Write ORCID v3.0 XML for one CV: works/<key>.xml, "
                                      "bulk/works-NNN.xml (at most 100 works each), education/, employment/, "
                                      "invited-positions/, service/, and works.bib for ORCID's Import BibTeX. "
                                      "DIR is replaced as a whole.")
    orcid.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    orcid.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
    orcid.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    _add_orcid_sync_parsers(orcid_commands)


def _add_import(commands, name) -> None:
    imp = commands.add_parser("import", help="import works (and more) from BibTeX, ORCID, CSL-JSON, JSON Resume or CITATION.cff",
                              description="Read FILE in FORMAT and write a CV (YAML) that passes cvld check, or merge it "
                              "into an existing CV with --into. Works already there (same DOI, arXiv id, or title and "
                              "year) are updated, never duplicated; what you wrote is kept unless --overwrite.")
    imp.add_argument("format", metavar="FORMAT", choices=["bibtex", "orcid", "csl", "jsonresume", "cff"],
                     help="bibtex, orcid (XML or JSON), csl, jsonresume or cff")
    imp.add_argument("file", metavar="FILE", help="the file to import")
    who = imp.add_mutually_exclusive_group()
    who.add_argument("--me", metavar="NAME", help='your name as in author lists, such as "Lei Wu" (variants such as '
                     '"Wu, L." are recognised)')
    who.add_argument("--me-orcid", metavar="ID", help="your ORCID iD (the author carrying it is you)")
    imp.add_argument("--into", metavar="CV", help="merge into this CV file (written to -o, or in place with --in-place)")
    imp.add_argument("-o", "--output", metavar="OUT", help="where to write the CV (default: standard output)")
    imp.add_argument("--in-place", action="store_true", help="with --into: rewrite CV itself, keeping CV.bak")
    imp.add_argument("--overwrite", action="store_true", help="with --into: replace values that differ")
    imp.add_argument("--strict", action="store_true", help="exit 1 on any problem in the input")
    imp.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")


def _add_schema(commands, name) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of the CV format")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def _add_init(commands, name) -> None:
    init = commands.add_parser("init", help="write a commented starter CV that passes cvld check")
    init.add_argument("name", metavar="NAME", help='your name, such as "Ada Lovelace"')
    init.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: KEY.yaml); never overwritten")


def _add_jsonld(commands, name) -> None:
    jsonld = commands.add_parser("jsonld", help="write the CV as schema.org JSON-LD",
                                 description="Write the CV as schema.org JSON-LD: one @graph for the person. "
                                 "Profile 'web' is what search engines read (embed it in the homepage); "
                                 "'full' keeps author order and marks for RDF and archives.")
    jsonld.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    jsonld.add_argument("--profile", choices=("web", "full"), default="web", help="web (default) or full")
    jsonld.add_argument("--base", metavar="URL", help="base URL of the node IRIs (default: the person's homepage)")
    jsonld.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def _add_graph(commands, name) -> None:
    graph = commands.add_parser("graph", help="write RDF for one CV or a department of them",
                                description="Write the RDF graph of one CV, or of a department's CVs merged into one "
                                "graph (people matched by ORCID iD or a people file, works by DOI, arXiv id or title "
                                "and year). Turtle and N-Triples are written one person at a time (each person's new triples sorted); the "
                                "same input gives byte-identical output.")
    graph.add_argument("files", nargs="+", metavar="FILE", help="CV files or folders of them")
    graph.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    graph.add_argument("--format", choices=("turtle", "ntriples", "json-ld", "xml"),
                       help="output format (default: from the output file's suffix, else turtle)")
    graph.add_argument("--vocab", choices=("schema", "vivo"), default="schema",
                       help="schema (schema.org, the full JSON-LD mapping; default) or vivo (VIVO-ISF)")
    graph.add_argument("--base", metavar="URL", help="base IRI of a department graph, such as https://kg.example.edu/ "
                       "(needed for several CVs; default for one CV: its homepage)")
    graph.add_argument("--people", metavar="FILE", help="the department's people file (key: {name, orcid, other_names})")
    graph.add_argument("--split", metavar="DIR", help="instead, write one N-Quads file per CV into DIR (STEM.nq, "
                       "each person's named graph) for a store's parallel bulk loader")
    graph.add_argument("--jobs", type=_jobs, metavar="N", help="load the CVs and make each person's triples "
                       "in N processes (on Linux); the output is the same for any N")
    graph.add_argument("--scheduler", metavar="ADDRESS", help="do that on a Dask cluster instead: its scheduler's "
                       "address (tcp://HOST:8786) or scheduler file, or local:N for N worker processes here; every "
                       "worker needs this version of cvld; the output is the same bytes, made without the cache "
                       "(pip install 'cvld[dask]')")
    _cache_options(graph)


def _add_query(commands, name) -> None:
    query = commands.add_parser("query", help="ask a SPARQL question of a graph, CVs, or a SPARQL server",
                                description="Answer a SPARQL SELECT or ASK query from an embedded store loaded with "
                                "RDF files or CVs, or from a SPARQL endpoint.")
    query.add_argument("inputs", nargs="*", metavar="GRAPH_OR_CVS... SPARQL",
                       help="an RDF file (.ttl .nt .jsonld .rdf .nq .trig) or CV files/folders, then the query text "
                       "(left out with --named)")
    query.add_argument("--named", metavar="NAME", help="a question cvld ships: authors, coauthors, works-by-year, teaching, talks, grants, supervision")
    query.add_argument("--endpoint", metavar="URL", help="ask this SPARQL query endpoint instead of an embedded store")
    query.add_argument("--output-format", "-f", dest="answer_format", choices=("table", "csv", "json"), default="table",
                       help="table (default), csv or json (SPARQL results JSON)")
    query.add_argument("--vocab", choices=("schema", "vivo"),
                       help="for CVs: the vocabulary to build (default schema); for --named on a graph: the one it "
                       "uses (default: found in the graph; needed with --endpoint)")
    query.add_argument("--base", metavar="URL", help="base IRI when CVs are given (as for cvld graph)")
    query.add_argument("--people", metavar="FILE", help="the department's people file, when CVs are given")
    _auth_options(query)


def _add_push(commands, name) -> None:
    push = commands.add_parser("push", help="send each person's graph to a SPARQL server (Graph Store Protocol)",
                               description="Build the graph of the CVs and PUT each person's part into a named graph of "
                               "its own at a SPARQL 1.1 Graph Store HTTP Protocol endpoint (for Oxigraph: "
                               "http://HOST:7878/store). Pushing again replaces each graph; nothing is duplicated.")
    push.add_argument("files", nargs="+", metavar="FILE", help="CV files or folders of them")
    push.add_argument("--endpoint", metavar="URL", required=True, help="the Graph Store Protocol endpoint")
    push.add_argument("--vocab", choices=("schema", "vivo"), default="schema", help="schema (default) or vivo")
    push.add_argument("--base", metavar="URL", help="base IRI of the department graph (as for cvld graph)")
    push.add_argument("--people", metavar="FILE", help="the department's people file")
    push.add_argument("--query-endpoint", metavar="URL", help="the server's SPARQL query endpoint (for Oxigraph: "
                      "http://HOST:7878/query), asked which graphs cvld pushed before; needed by --prune and --dry-run")
    push.add_argument("--prune", action="store_true", help="also delete the graphs cvld pushed before for this --base "
                      "whose CV is no longer given (graphs cvld did not push are never touched)")
    push.add_argument("--dry-run", action="store_true", help="print the plan (+ new, ~ replaced, = unchanged, "
                      "- deleted graph) and send nothing")
    _cache_options(push, " With --query-endpoint, a graph the server holds already as it would be sent is not "
                   "sent again; --no-cache sends every graph.")
    _auth_options(push)


def _add_report(commands, name) -> None:
    report = commands.add_parser("report", help="write a department's report: an HTML page with charts",
                                 description="Write a static HTML page (DIR/index.html, with its pictures as SVG "
                                 "beside it) about a department's CVs: works per year by member and in total, the "
                                 "co-authorship network of the members and their most frequent outside co-authors, a "
                                 "table of each member's works, talks, courses, service and co-authors, and the "
                                 "merge's conflicts with their file:line. It opens from disk or from a web server. "
                                 "Needs the report extra: pip install 'cvld[report]'.")
    report.add_argument("files", nargs="+", metavar="FILE", help="CV files or folders of them")
    report.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write (replaced whole)")
    report.add_argument("--people", metavar="FILE", help="the department's people file")
    report.add_argument("--title", default="Department report", help="the page's title")
    report.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="load N CVs at once, in N processes")


def _add_snippet(commands, name) -> None:
    snippet = commands.add_parser("snippet", help="print the tags for a homepage's <head>",
                                  description="Print the block for a homepage's <head>: title, description, "
                                  "canonical link, Open Graph profile tags, a Twitter/X card and the JSON-LD.")
    snippet.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    snippet.add_argument("--base", metavar="URL", help="the address of the site cvld made (cvld site/build), whose "
                         "paper pages the works then link to (default: the person's homepage, and works link to "
                         "their DOI or url)")
    snippet.add_argument("--only", choices=("person",), help="person: the Person and ProfilePage with identifiers "
                         "and affiliations, no works, talks or courses")
    snippet.add_argument("--work", metavar="KEY", help="the head of one paper's page on your own site: citation_* "
                         "tags, Open Graph article tags and its ScholarlyArticle")
    snippet.add_argument("--url", metavar="URL", help="with --work: the address of that paper's page")
    snippet.add_argument("-o", "--output", metavar="FILE", help="write to FILE (such as _includes/cvld-head.html) "
                         "instead of standard output")


def _add_enrich(commands, name) -> None:
    enrich = commands.add_parser(
        "enrich", help="fill in DOIs (Crossref) and organisation ids (ROR) the CV lacks",
        description="Look up the DOI of each work without one on Crossref (taken only when the title, the year "
        "within one and the first author's family name agree; a preprint's published version is linked with "
        "version_of) and the ROR id of each organisation without a ROR, Ringgold or GRID id (taken only when ROR "
        "marks its match 'chosen'). Every candidate is reported, taken or left, with the reason. Without -o or "
        "--in-place the changes are printed as a diff and nothing is written; every value taken carries a YAML "
        "comment naming its source and day. Answers are kept on disk, so a second run asks nothing new. "
        "This command uses the network.",
        epilog="Exit status: 0 done, 1 invalid CV, 2 usage error or unreadable file, 3 Crossref or ROR could not be "
        "reached (what was found until then is still written).")
    enrich.add_argument("file", metavar="CV", help="a CV file (YAML)")
    where = enrich.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT", help="write the enriched CV to OUT")
    where.add_argument("--in-place", action="store_true", help="rewrite CV itself, keeping CV.bak")
    enrich.add_argument("--doi", action="store_true", help="look up DOIs only (default: DOIs and organisations)")
    enrich.add_argument("--ror", action="store_true", help="look up organisations only")
    enrich.add_argument("--crossref-url", metavar="URL", help="Crossref's REST API (default https://api.crossref.org)")
    enrich.add_argument("--ror-url", metavar="URL", help="ROR's API v2 (default https://api.ror.org/v2)")
    enrich.add_argument("--mailto", metavar="EMAIL", help="your e-mail address, for Crossref's polite pool "
                        "(default: $CVLD_MAILTO)")
    enrich.add_argument("--cache", metavar="DIR", help="keep the answers in DIR (default: enrich/ in cvld's cache "
                        "folder: $CVLD_CACHE_DIR, else ~/.cache/cvld on Linux)")
    enrich.add_argument("--no-cache", action="store_true", help="ask everything again and keep nothing")
    enrich.add_argument("--dry-run", action="store_true", help="print the diff and write nothing, even with -o or "
                        "--in-place")
    enrich.add_argument("-q", "--quiet", action="store_true", help="do not print why each candidate was taken or left")


_FOLDER_COMMANDS = {
    "site": ("write a static homepage with one page per paper",
             "Write a static site: index.html with the profile, one page per paper (papers/KEY/index.html) "
             "with Google Scholar's tags, sitemap.xml."),
    "build": ("write every output cvld makes into one folder, such as out/NAME",
              "Write every output (jsonld/, snippet/, site/, orcid/, rdf/) into DIR, one subfolder per target."),
}


def _add_folder(commands, name) -> None:
    summary, description = _FOLDER_COMMANDS[name]
    folder = commands.add_parser(name, help=summary, description=description + " DIR is replaced whole, "
                                 "only once everything is made.")
    folder.add_argument("file", nargs="+", metavar="FILE", help="a CV file (YAML or JSON); for several, or "
                        "folders of them, each CV is written to DIR/NAME (NAME: the file's name without suffix)")
    folder.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
    folder.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="build N CVs at once, in N processes")
    folder.add_argument("--base", metavar="URL", help="the site's URL (default: the person's homepage)")
    _cache_options(folder)


# every command's subparser, in the order help lists them
_SUBPARSERS = {"check": _add_check, "orcid": _add_orcid, "import": _add_import, "schema": _add_schema,
               "init": _add_init, "jsonld": _add_jsonld, "graph": _add_graph, "query": _add_query,
               "push": _add_push, "report": _add_report, "snippet": _add_snippet, "site": _add_folder,
               "build": _add_folder, "enrich": _add_enrich}


def _add_orcid_sync_parsers(orcid_commands) -> None:
    """``cvld orcid push`` and ``cvld orcid pull`` (member API v3.0)."""
    for name, text in (
        ("push", "upload the CV to an ORCID record: print the plan (create, update, delete), then carry it out"),
        ("pull", "read the record's works, distinctions, fundings and memberships from ORCID and report what "
                 "differs from the CV"),
    ):
        sub = orcid_commands.add_parser(
            name, help=text, description=f"{text[0].upper()}{text[1:]}. The access token comes from an "
            "environment variable or a file, never from the command line. Put-codes are kept in "
            "FILE's state file (lei-wu.yaml -> lei-wu.orcid-state.json).",
            epilog="Exit status: 0 done (pull: no differences), 1 invalid CV, an item ORCID refused or "
            "differences found (pull), 2 usage error, 3 ORCID failed: refused the token or stayed unavailable "
            "(push again to go on).")
        sub.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
        sub.add_argument("--orcid-id", required=True, metavar="ID", help="the researcher's ORCID iD")
        token = sub.add_mutually_exclusive_group()
        token.add_argument("--token-env", metavar="VAR", help="read the access token from environment variable VAR")
        token.add_argument("--token-file", metavar="FILE", help="read the access token from FILE")
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--sandbox", action="store_true", help="use https://api.sandbox.orcid.org/v3.0/")
        where.add_argument("--api-url", metavar="URL", help="another ORCID-compatible API base URL")
        sub.add_argument("--state", metavar="FILE", help="the state file (default: next to the CV)")
        sub.add_argument("--orcid-xsd", metavar="DIR", help="also validate every document against ORCID's XSDs "
                         "in DIR first (the folder holding record_3.0/ and common_3.0/)")
        sub.add_argument("--attempts", type=int, default=5, metavar="N",
                         help="tries per call on 429, 5xx or a network failure (default 5)")
        sub.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per call (default 30)")
        sub.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
        if name == "push":
            sub.add_argument("--dry-run", action="store_true", help="print the plan and stop (no token needed)")
            sub.add_argument("-v", "--verbose", action="store_true", help="list unchanged items in the plan too")


_ORCID_SUBCOMMANDS = ("write", "push", "pull", "-h", "--help")


def _cache_options(command, more: str = "") -> None:
    group = command.add_argument_group("cache (reuse what an earlier run made for CVs that did not change; "
                                       "the output is the same without it)" + more)
    where = group.add_mutually_exclusive_group()
    where.add_argument("--cache", metavar="DIR", help="keep the cache in DIR (default: build/ in cvld's cache "
                       "folder: $CVLD_CACHE_DIR, else ~/.cache/cvld on Linux)")
    where.add_argument("--no-cache", action="store_true", help="make everything afresh and keep nothing")


def _cache(args) -> dict:
    return {"cache_dir": args.cache, "use_cache": not args.no_cache}


def _auth_options(command) -> None:
    group = command.add_argument_group("authentication (secrets are read from the environment, never from arguments)")
    group.add_argument("--user-env", metavar="VAR", help="environment variable holding the user name (basic auth)")
    group.add_argument("--password-env", metavar="VAR", help="environment variable holding the password (basic auth)")
    group.add_argument("--token-env", metavar="VAR", help="environment variable holding a bearer token")


class _ClosedStream:
    """Standard output when the shell closed it (``cvld ... >&-``): every write is the error EBADF."""

    def __getattr__(self, name):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    buffer = property(lambda self: self)

    def write(self, data):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one command; every error, the operating system's and Ctrl-C included, ends here as
    located messages or one line ``cvld: PATH: cause`` and its exit status."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    api.tune_collector()  # one command per process: the garbage collector set for many records
    try:
        status = _main(argv)
        sys.stdout.flush()  # a full or broken standard output shows here, not after exit
        return status
    except KeyboardInterrupt:
        _say("cvld: interrupted; outputs left as they were")
        return EXIT_INTERRUPTED
    except OSError as error:
        _quiet_stdout(error)
        _say(f"cvld: {error.filename or 'standard output'}: {error.strerror or error}")
        return EXIT_USAGE


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass  # standard error is gone too: the exit status says it


def _quiet_stdout(error: OSError) -> None:
    """After standard output failed, point it at /dev/null so Python's flush at exit stays quiet."""
    if error.filename is None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser(argv[0] if argv and argv[0] in _SUBPARSERS else None)
    if len(argv) > 1 and argv[0] == "orcid" and argv[1] not in _ORCID_SUBCOMMANDS:
        argv.insert(1, "write")  # cvld orcid FILE -o DIR
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return EXIT_USAGE if stop.code not in (0, None) else EXIT_OK
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _COMMANDS[args.command](args)
    except api.CVInputError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_INVALID
    except (api.UsageError, api.RemoteError) as error:
        hint = _OPTIONS.get(getattr(error, "parameter", None) or "")
        print(f"cvld: {error}" + (f" ({hint})" if hint else ""), file=sys.stderr)
        return error.exit_status


# how to give the parameter that a library error names (the library never names an option)
_OPTIONS = {
    "base": "--base URL",
    "endpoint": "--endpoint URL",
    "scheduler": "--scheduler ADDRESS",
    "orcid_xsd": "--orcid-xsd DIR",
    "me": '--me "NAME"',
    "me_orcid": "--me-orcid ID",
    "owner": '--me "NAME" or --me-orcid ID, or --into CV.yaml',
}


def _print_report(report, quiet: bool = False) -> None:
    for diagnostic in report.sorted():
        if diagnostic.is_error or not quiet:
            print(diagnostic, file=sys.stderr)


def _group_line(group) -> str:
    """A kind of finding as one line: the first in full, then how many more and where (--verbose: each)."""
    first, rest = group.members[0], group.members[1:]
    if not rest:
        return str(first)
    return f"{first} [and {len(rest)} more like it: {api.Group(group.file, group.severity, rest).places()}" \
           + (" (--verbose lists each)]" if len(rest) > 3 else "]")


def _check(args) -> int:
    report, cvs, unreadable = api.check_files(args.files, orcid_xsd=args.orcid_xsd, vocab=args.vocab,
                                              base=args.base, jobs=args.jobs)
    status = EXIT_USAGE if unreadable else EXIT_INVALID if report.errors else EXIT_OK
    checked = api.files_checked(report, cvs)
    if args.format == "json":
        sys.stdout.write(api.check_json(report, checked, unreadable, status, quiet=args.quiet))
        return status
    for message in unreadable:
        print(f"cvld: {message}", file=sys.stderr)
    if args.verbose:
        _print_report(report, args.quiet)
    else:
        for group in api.check_groups(report, quiet=args.quiet):
            print(_group_line(group), file=sys.stderr)
    errors, warnings = len(report.errors), len(report.warnings)
    print(f"{checked} file(s) checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return status


def _schema(args) -> int:
    api.write_output(api.schema_text(), args.output, stdout=sys.stdout.buffer)
    return EXIT_OK


def _init(args) -> int:
    target = api.write_starter(args.name, args.output)
    print(f"wrote {target}; check it with: cvld check {target}", file=sys.stderr)
    return EXIT_OK


def _orcid_options(args) -> api.OrcidOptions:
    return api.OrcidOptions(token_env=args.token_env, token_file=args.token_file, api_url=args.api_url,
                            sandbox=args.sandbox, state=args.state, xsd_dir=args.orcid_xsd,
                            attempts=args.attempts, timeout=args.timeout, quiet=args.quiet)


def _orcid(args) -> int:
    if args.orcid_command == "push":
        return api.orcid_push(args.file, args.orcid_id, _orcid_options(args), sys.stdout, sys.stderr,
                              dry_run=args.dry_run, verbose=args.verbose)
    if args.orcid_command == "pull":
        return api.orcid_pull(args.file, args.orcid_id, _orcid_options(args), sys.stdout, sys.stderr)
    report = api.Report()
    output = api.write_orcid(args.file, args.output, report=report)
    _print_report(report, args.quiet)
    print(f"wrote {len(output)} file(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


def _jsonld(args) -> int:
    report = api.Report()
    text = api.jsonld_text(args.file, profile=args.profile, base=args.base, report=report)
    _print_report(report)
    api.write_output(text, args.output, inputs=[args.file], stdout=sys.stdout.buffer)
    return EXIT_OK


def _jobs(text: str) -> int:
    """``--jobs N``: a whole number of processes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1 or more)")
    return value


def _graph(args) -> int:
    report = api.Report()
    if args.scheduler is not None and args.jobs is not None:
        raise api.UsageError("graph: --jobs N runs processes on this machine, --scheduler a Dask cluster: give one")
    options = dict(vocab=args.vocab, base=args.base, people_file=args.people, report=report, jobs=args.jobs or 1,
                   scheduler=args.scheduler, **_cache(args))
    if args.split:
        files = api.write_split(args.files, args.split, progress=True, **options)
        _print_report(report)
        print(f"wrote {len(files)} N-Quads file(s) to {args.split}", file=sys.stderr)
        return EXIT_OK
    count = api.write_graph(args.files, args.output, fmt=args.format, progress=True, stdout=sys.stdout.buffer,
                            **options)
    _print_report(report)
    if args.output:
        print(f"wrote {args.output}: {count} triples", file=sys.stderr)
    return EXIT_OK


def _auth(args) -> dict | None:
    return api.auth_from_env(args.user_env, args.password_env, args.token_env)


def _query(args) -> int:
    inputs = list(args.inputs)
    sparql = inputs.pop() if args.named is None and inputs else None  # the last positional is the query text
    if args.named is None and not sparql:
        raise api.UsageError("query: give the SPARQL text or --named NAME")
    if args.endpoint and args.named and not args.vocab:
        raise api.UsageError("query: --named with --endpoint needs --vocab (schema or vivo)")
    report = api.Report()
    answer = api.query(inputs, sparql, named=args.named, endpoint=args.endpoint, vocab=args.vocab, base=args.base,
                       people_file=args.people, auth=_auth(args) if args.endpoint else None, report=report)
    _print_report(report)
    sys.stdout.write(answer.render(args.answer_format))
    return EXIT_OK


def _push(args) -> int:
    auth = _auth(args)
    report = api.Report()
    if (args.prune or args.dry_run) and not (args.base and args.query_endpoint):
        raise api.UsageError("push: --prune and --dry-run need --base and --query-endpoint")
    pushed = api.push(args.files, args.endpoint, vocab=args.vocab, base=args.base, people_file=args.people,
                      auth=auth, report=report, query_endpoint=args.query_endpoint, prune=args.prune,
                      dry_run=args.dry_run, **_cache(args))
    _print_report(report)
    if args.dry_run:
        for step in pushed:
            detail = f"{step.source}: {step.triples} triples" if step.action != "-" else "(no CV given)"
            print(f"{step.action} <{step.graph}> {detail}" + (" (unchanged)" if step.action == "=" else ""))
        return EXIT_OK
    for part in pushed:
        if part.action == "-":
            print(f"deleted <{part.graph}> (HTTP {part.status})", file=sys.stderr)
        elif part.action == "=":
            print(f"{part.source}: {part.triples} triples, unchanged in <{part.graph}>: not sent", file=sys.stderr)
        else:
            print(f"{part.source}: {part.triples} triples into <{part.graph}> (HTTP {part.status})", file=sys.stderr)
    return EXIT_OK


def _import(args) -> int:
    if args.in_place and not args.into:
        raise api.UsageError("import: --in-place needs --into CV")
    if args.in_place and args.output:
        raise api.UsageError("import: give either -o or --in-place, not both")
    if args.output:
        api.refuse_overwriting(args.output, [args.file] + ([args.into] if args.into else []),
                               hint="use --into CV --in-place, which keeps a backup")
    result = api.import_document(args.format, args.file, me=args.me, me_orcid=args.me_orcid, into=args.into,
                                 overwrite=args.overwrite)
    _print_report(result.report, args.quiet)
    for note in result.notes:
        print(note, file=sys.stderr)
    if result.kept:
        print(f"import: {result.kept} value(s) that differ were kept as the CV has them; --overwrite replaces them",
              file=sys.stderr)
    if args.strict and result.report.diagnostics:
        print(f"import: {len(result.report.diagnostics)} problem(s) in {args.file}; nothing written (--strict)",
              file=sys.stderr)
        return EXIT_INVALID
    said = api.write_import(result, source=args.file, into=args.into, output=args.output, in_place=args.in_place,
                            stdout=sys.stdout)
    if said:
        print(said, file=sys.stderr)
    return EXIT_OK


def _enrich(args) -> int:
    if args.cache and args.no_cache:
        raise api.UsageError("enrich: give either --cache DIR or --no-cache, not both")
    both = not args.doi and not args.ror
    result = api.enrich(args.file, output=args.output, in_place=args.in_place, dois=args.doi or both,
                        rors=args.ror or both, crossref_url=args.crossref_url, ror_url=args.ror_url,
                        mailto=args.mailto, cache_dir=args.cache, use_cache=not args.no_cache,
                        dry_run=args.dry_run)
    outcome = result.outcome
    for note in outcome.notes:
        if not args.quiet or note.severity == "warning":
            print(note, file=sys.stderr)
    if args.dry_run or not (args.output or args.in_place):
        sys.stdout.write(result.diff)
    asked = ", ".join(f"{name} {count} time(s)" for name, count in result.asked.items())
    print(f"enrich: {outcome.dois} DOI(s), {outcome.links} version_of link(s), {outcome.rors} ROR id(s) found; "
          f"asked {asked}", file=sys.stderr)
    if result.said:
        print(result.said, file=sys.stderr)
    elif not outcome.changed:
        print(f"{args.file}: nothing to change", file=sys.stderr)
    if outcome.failures:
        raise outcome.failures[0]
    return EXIT_OK


def _report(args) -> int:
    report = api.Report()
    figures = api.report(args.files, args.output, people_file=args.people, title=args.title, report=report,
                         jobs=args.jobs)
    _print_report(report)
    print(f"wrote {args.output}/index.html: {len(figures.members)} members, {sum(figures.total.values())} works, "
          f"{len(figures.conflicts)} conflict(s)", file=sys.stderr)
    return EXIT_OK


def _snippet(args) -> int:
    if args.url and not args.work:
        raise api.UsageError("snippet: --url names a paper's page: give --work KEY with it")
    if args.only and args.work:
        raise api.UsageError("snippet: --only and --work are two different snippets: give one")
    report = api.Report()
    text = api.snippet_text(args.file, base=args.base, report=report, only=args.only, work=args.work, url=args.url)
    _print_report(report)
    api.write_output(text.encode("utf-8"), args.output, inputs=[args.file], stdout=sys.stdout.buffer)
    return EXIT_OK


def _write_folder(args) -> int:
    """``cvld site`` and ``cvld build``: a folder written all at once."""
    report = api.Report()
    count = api.write_folders(args.command, args.file, args.output, base=args.base, jobs=args.jobs,
                              report=report, progress=True, **_cache(args))
    _print_report(report)
    print(f"wrote {count} files to {args.output}", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {"check": _check, "import": _import, "schema": _schema, "init": _init, "orcid": _orcid,
             "jsonld": _jsonld, "graph": _graph, "query": _query, "push": _push, "report": _report,
             "snippet": _snippet, "site": _write_folder, "build": _write_folder, "enrich": _enrich}

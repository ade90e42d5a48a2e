"""The ``cvld`` command: argument parsing only; the work is done by :mod:`cvld.api`.

Exit status: 0 success, 1 invalid input (every problem is printed as
FILE:LINE:COL: message), 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with ``only`` one command's subparser: building all of them costs
    ~14 ms, a tenth of a short command's run. Help and errors read the same either way."""
    from cvld import __version__

    parser = argparse.ArgumentParser(
        prog="cvld",
        description="Turn an academic CV (YAML or JSON) into schema.org JSON-LD, ORCID XML and RDF, "
        "each validated against its consumer's schema.",
        epilog="Exit status: 0 success, 1 invalid input, 2 usage error or unreadable file.",
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
    check.add_argument("files", nargs="+", metavar="FILE", help="CV files (YAML or JSON)")
    check.add_argument("-q", "--quiet", action="store_true", help="print errors only, not warnings")
    check.add_argument("--orcid-xsd", metavar="DIR", help="also validate the ORCID XML against the XSDs in DIR "
                       "(the folder holding record_3.0/ and common_3.0/)")
    check.add_argument("--vocab", metavar="FILE", help="check the JSON-LD against this full schema.org release "
                       "(Turtle or JSON-LD) instead of cvld's own table of the terms it uses")


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
    graph.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="load the CVs and make each person's triples "
                       "in N processes (on Linux; Turtle, N-Triples and --split; other formats: loading only); the "
                       "output is the same for any N")


def _add_query(commands, name) -> None:
    query = commands.add_parser("query", help="ask a SPARQL question of a graph, CVs, or a SPARQL server",
                                description="Answer a SPARQL SELECT or ASK query from an embedded store loaded with "
                                "RDF files or CVs, or from a SPARQL endpoint.")
    query.add_argument("inputs", nargs="*", metavar="GRAPH_OR_CVS... SPARQL",
                       help="an RDF file (.ttl .nt .jsonld .rdf .nq .trig) or CV files/folders, then the query text "
                       "(left out with --named)")
    query.add_argument("--named", metavar="NAME", help="a question cvld ships: authors, coauthors, works-by-year, teaching, talks")
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
    _auth_options(push)


def _add_snippet(commands, name) -> None:
    snippet = commands.add_parser("snippet", help="print the tags for a homepage's <head>",
                                  description="Print the block for a homepage's <head>: title, description, "
                                  "canonical link, Open Graph profile tags, a Twitter/X card and the JSON-LD.")
    snippet.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    snippet.add_argument("--base", metavar="URL", help="the homepage's URL (default: the person's homepage)")


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


# every command's subparser, in the order help lists them
_SUBPARSERS = {"check": _add_check, "orcid": _add_orcid, "import": _add_import, "schema": _add_schema,
               "init": _add_init, "jsonld": _add_jsonld, "graph": _add_graph, "query": _add_query,
               "push": _add_push, "snippet": _add_snippet, "site": _add_folder, "build": _add_folder}


def _add_orcid_sync_parsers(orcid_commands) -> None:
    """``cvld orcid push`` and ``cvld orcid pull`` (member API v3.0)."""
    for name, text in (
        ("push", "upload the CV to an ORCID record: print the plan (create, update, delete), then carry it out"),
        ("pull", "read the record's works from ORCID and report what differs from the CV"),
    ):
        sub = orcid_commands.add_parser(
            name, help=text, description=f"{text[0].upper()}{text[1:]}. The access token comes from an "
            "environment variable or a file, never from the command line. Put-codes are kept in "
            "FILE's state file (lei-wu.yaml -> lei-wu.orcid-state.json).",
            epilog="Exit status: 0 done (pull: no differences), 1 invalid CV, an item ORCID refused, a run "
            "stopped (push again to go on) or differences found (pull), 2 usage error.")
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


def _auth_options(command) -> None:
    group = command.add_argument_group("authentication (secrets are read from the environment, never from arguments)")
    group.add_argument("--user-env", metavar="VAR", help="environment variable holding the user name (basic auth)")
    group.add_argument("--password-env", metavar="VAR", help="environment variable holding the password (basic auth)")
    group.add_argument("--token-env", metavar="VAR", help="environment variable holding a bearer token")


def main(argv: list[str] | None = None) -> int:
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
    from cvld.core.diagnostics import CVInputError, UsageError

    try:
        return _COMMANDS[args.command](args)
    except UsageError as error:
        print(f"cvld: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CVInputError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_INVALID


def _check(args) -> int:
    from cvld.api import check_files

    report, _, unreadable = check_files(args.files, orcid_xsd=args.orcid_xsd, vocab=args.vocab)
    for message in unreadable:
        print(f"cvld: {message}", file=sys.stderr)
    for diagnostic in report.sorted():
        if diagnostic.is_error or not args.quiet:
            print(diagnostic, file=sys.stderr)
    errors, warnings = len(report.errors), len(report.warnings)
    checked = len(args.files) - len(unreadable)
    print(f"{checked} file(s) checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if unreadable:
        return EXIT_USAGE
    return EXIT_INVALID if errors else EXIT_OK


def _write_or_print(data: str | bytes, output: str | None) -> None:
    """Write ``data`` atomically to ``output``, or to standard output when there is none."""
    from cvld.core.io import write_atomic

    if output:
        write_atomic(output, data)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)


def _schema(args) -> int:
    from cvld.core.resources import SCHEMA_PATH

    _write_or_print(SCHEMA_PATH.read_text(encoding="utf-8"), args.output)
    return EXIT_OK


def _init(args) -> int:
    from pathlib import Path

    from cvld.api import starter_cv
    from cvld.core.diagnostics import UsageError
    from cvld.core.io import write_atomic
    from cvld.source.load import slugify

    if not args.name.strip():
        raise UsageError("init: NAME must not be empty")
    target = Path(args.output or f"{slugify(args.name)}.yaml")
    if target.exists():
        raise UsageError(f"init: {target} exists already; cvld never overwrites it")
    write_atomic(target, starter_cv(args.name))
    print(f"wrote {target}; check it with: cvld check {target}", file=sys.stderr)
    return EXIT_OK


def _orcid(args) -> int:
    if args.orcid_command == "push":
        from cvld.orcid.sync.session import cli_push

        return cli_push(args, sys.stdout, sys.stderr)
    if args.orcid_command == "pull":
        from cvld.orcid.sync.session import cli_pull

        return cli_pull(args, sys.stdout, sys.stderr)
    from cvld.api import load_cv
    from cvld.core.diagnostics import Report
    from cvld.orcid.write import files
    from cvld.core.io import write_tree_atomic

    report = Report()
    cv = load_cv(args.file, report)
    output = files(cv, report)
    _refuse_overwriting_inputs(args.output, [args.file], folder=True)
    write_tree_atomic(args.output, output)
    if not args.quiet:
        for diagnostic in report.sorted():
            print(diagnostic, file=sys.stderr)
    print(f"wrote {len(output)} file(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


def _jsonld(args) -> int:
    from cvld.api import jsonld_text
    from cvld.core.diagnostics import Report

    report = Report()
    text = jsonld_text(args.file, profile=args.profile, base=args.base, report=report)
    _print_report(report)
    if args.output:
        _refuse_overwriting_inputs(args.output, [args.file])
    _write_or_print(text, args.output)
    return EXIT_OK


def _refuse_overwriting_inputs(output, inputs, *, folder: bool = False) -> None:
    """cvld never writes over an input file (nor replaces a folder holding one)."""
    from pathlib import Path

    from cvld.core.diagnostics import UsageError

    target = Path(output).resolve()
    for given in inputs:
        path = Path(given).resolve()
        if path == target or (folder and target in path.parents):
            raise UsageError(f"-o {output}: {given} is an input; cvld never overwrites its inputs")


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
    from cvld.api import build_graph_files
    from cvld.core.diagnostics import Report
    from cvld.rdf.build import format_for

    report = Report()
    options = dict(vocab=args.vocab, base=args.base, people_file=args.people, report=report, jobs=args.jobs)
    fmt = format_for(args.output, args.format)
    inputs = args.files + ([args.people] if args.people else [])
    if args.output:
        _refuse_overwriting_inputs(args.output, inputs)
    if args.split:
        _refuse_overwriting_inputs(args.split, inputs, folder=True)
        from cvld.core.io import write_tree_atomic
        from cvld.rdf.stream import split_files

        files = split_files(args.files, progress=True, **options)
        _print_report(report)
        write_tree_atomic(args.split, files)
        print(f"wrote {len(files)} N-Quads file(s) to {args.split}", file=sys.stderr)
        return EXIT_OK
    if fmt in ("turtle", "ntriples"):  # streamed, one person at a time
        from cvld.core.io import open_atomic
        from cvld.rdf.stream import write_department

        if args.output:
            with open_atomic(args.output) as handle:
                count = write_department(args.files, handle, fmt=fmt, progress=True, **options)
        else:
            count = write_department(args.files, sys.stdout.buffer, fmt=fmt, **options)
        _print_report(report)
        if args.output:
            print(f"wrote {args.output}: {count} triples", file=sys.stderr)
        return EXIT_OK
    graph = build_graph_files(args.files, **options)
    _print_report(report)
    _write_or_print(graph.serialize(fmt), args.output)
    if args.output:
        print(f"wrote {args.output}: {len(graph)} triples", file=sys.stderr)
    return EXIT_OK


def _print_report(report) -> None:
    for diagnostic in report.sorted():
        print(diagnostic, file=sys.stderr)


def _query(args) -> int:
    from cvld.core.diagnostics import Report, UsageError
    from cvld.rdf.push import auth_from_env
    from cvld.rdf.store import ask_endpoint, ask_store, named_query, vocabulary_of

    inputs = list(args.inputs)
    sparql = None
    if args.named is None and inputs:
        sparql = inputs.pop()  # the last positional is the query text
    if args.named is None and not sparql:
        raise UsageError("query: give the SPARQL text or --named NAME")
    if args.endpoint:
        if inputs:
            raise UsageError("query: give files or --endpoint, not both")
        if args.named and not args.vocab:
            raise UsageError("query: --named with --endpoint needs --vocab (schema or vivo)")
        text = sparql or named_query(args.named, args.vocab)
        answer = ask_endpoint(args.endpoint, text, auth_from_env(args.user_env, args.password_env, args.token_env))
    else:
        if not inputs:
            raise UsageError("query: give RDF files or CVs to ask, or --endpoint URL")
        store = _store_for(inputs, args, Report())
        text = sparql or named_query(args.named, args.vocab or vocabulary_of(store))
        answer = ask_store(store, text)
    sys.stdout.write(answer.render(args.answer_format))
    return EXIT_OK


def _store_for(inputs, args, report):
    from pathlib import Path

    from cvld.api import build_graph_files
    from cvld.core.diagnostics import UsageError
    from cvld.rdf.build import CV_SUFFIXES
    from cvld.rdf.store import GRAPH_SUFFIXES, store_for_file, store_for_graph

    rdf = [p for p in inputs if Path(p).suffix.lower() in GRAPH_SUFFIXES and Path(p).suffix.lower() not in CV_SUFFIXES]
    if rdf and len(rdf) != len(inputs):
        raise UsageError("query: give RDF files or CVs, not both")
    if len(rdf) > 1:
        raise UsageError("query: give one RDF file (merge CVs with cvld graph)")
    if rdf:
        return store_for_file(rdf[0])
    graph = build_graph_files(inputs, vocab=args.vocab or "schema", base=args.base, people_file=args.people,
                              report=report)
    _print_report(report)
    return store_for_graph(graph)


def _push(args) -> int:
    from cvld.api import build_graph_files
    from cvld.core.diagnostics import Report
    from cvld.rdf.push import auth_from_env, push_graph

    auth = auth_from_env(args.user_env, args.password_env, args.token_env)
    report = Report()
    graph = build_graph_files(args.files, vocab=args.vocab, base=args.base, people_file=args.people, report=report)
    _print_report(report)
    for pushed in push_graph(graph, args.endpoint, auth):
        print(f"{pushed.source}: {pushed.triples} triples into <{pushed.graph}> (HTTP {pushed.status})", file=sys.stderr)
    return EXIT_OK


def _import(args) -> int:
    from pathlib import Path

    from cvld.core.diagnostics import UsageError
    from cvld.api import import_document
    from cvld.core.io import write_atomic

    if args.in_place and not args.into:
        raise UsageError("import: --in-place needs --into CV")
    if args.in_place and args.output:
        raise UsageError("import: give either -o or --in-place, not both")
    if args.output:
        target = Path(args.output).resolve()
        inputs = [Path(args.file).resolve()] + ([Path(args.into).resolve()] if args.into else [])
        if target in inputs:
            raise UsageError(f"import: -o {args.output} is an input file; cvld never overwrites one "
                             "(use --into CV --in-place, which keeps a backup)")
    result = import_document(args.format, args.file, me=args.me, me_orcid=args.me_orcid, into=args.into,
                             overwrite=args.overwrite)
    for diagnostic in result.report.sorted():
        if diagnostic.is_error or not args.quiet:
            print(diagnostic, file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    if args.strict and result.report.diagnostics:
        print(f"import: {len(result.report.diagnostics)} problem(s) in {args.file}; nothing written (--strict)",
              file=sys.stderr)
        return EXIT_INVALID
    if args.in_place:
        if result.changed:
            original = Path(args.into).read_bytes()
            write_atomic(f"{args.into}.bak", original)
            write_atomic(args.into, result.text)
            print(f"updated {args.into} (the previous version is in {args.into}.bak)", file=sys.stderr)
        else:
            print(f"{args.into} is up to date; not rewritten", file=sys.stderr)
    elif args.output:
        write_atomic(args.output, result.text)
        print(f"wrote {args.output} ({result.works} work(s) read)", file=sys.stderr)
    else:
        sys.stdout.write(result.text)
    return EXIT_OK


def _snippet(args) -> int:
    from cvld.api import snippet_text
    from cvld.core.diagnostics import Report

    report = Report()
    text = snippet_text(args.file, base=args.base, report=report)
    _print_report(report)
    sys.stdout.write(text)
    return EXIT_OK


def _write_folder(args) -> int:
    """``cvld site`` and ``cvld build``: a folder written all at once."""
    from cvld.api import write_build, write_site
    from cvld.core.diagnostics import Report

    report = Report()
    _refuse_overwriting_inputs(args.output, args.file, folder=True)
    if len(args.file) > 1 or os.path.isdir(args.file[0]):
        from cvld.core.pool import write_folders
        from cvld.rdf.build import cv_paths

        count = write_folders(args.command, cv_paths(args.file), args.output, base=args.base, jobs=args.jobs,
                              report=report, progress=True)
        _print_report(report)
        print(f"wrote {count} files to {args.output}", file=sys.stderr)
        return EXIT_OK
    write = write_site if args.command == "site" else write_build
    files = write(args.file[0], args.output, base=args.base, report=report)
    _print_report(report)
    print(f"wrote {len(files)} files to {args.output}", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {"check": _check, "import": _import, "schema": _schema, "init": _init, "orcid": _orcid, "jsonld": _jsonld, "graph": _graph, "query": _query,
             "push": _push,
             "snippet": _snippet, "site": _write_folder, "build": _write_folder}

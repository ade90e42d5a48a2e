"""The ``cvld`` command: argument parsing only; the work is done by :mod:`cvld.api`.

Exit status: 0 success, 1 invalid input (every problem is printed as
FILE:LINE:COL: message), 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="cvld",
        description="Turn an academic CV (YAML or JSON) into schema.org JSON-LD, ORCID XML and RDF, "
        "each validated against its consumer's schema.",
        epilog="Exit status: 0 success, 1 invalid input, 2 usage error or unreadable file.",
    )
    parser.add_argument("--version", action="version", version=f"cvld {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="validate CV files and report every problem as FILE:LINE:COL",
                                description="Validate CV files and everything cvld generates from them; "
                                "print every problem as FILE:LINE:COL: message.")
    check.add_argument("files", nargs="+", metavar="FILE", help="CV files (YAML or JSON)")
    check.add_argument("-q", "--quiet", action="store_true", help="print errors only, not warnings")
    check.add_argument("--orcid-xsd", metavar="DIR", help="also validate the ORCID XML against the XSDs in DIR "
                       "(the folder holding record_3.0/ and common_3.0/)")
    check.add_argument("--vocab", metavar="FILE", help="check the JSON-LD against this full schema.org release "
                       "(Turtle or JSON-LD) instead of cvld's own table of the terms it uses")

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

    schema = commands.add_parser("schema", help="print the JSON Schema of the CV format")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    init = commands.add_parser("init", help="write a commented starter CV that passes cvld check")
    init.add_argument("name", metavar="NAME", help='your name, such as "Ada Lovelace"')
    init.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: KEY.yaml); never overwritten")

    jsonld = commands.add_parser("jsonld", help="write the CV as schema.org JSON-LD",
                                 description="Write the CV as schema.org JSON-LD: one @graph for the person. "
                                 "Profile 'web' is what search engines read (embed it in the homepage); "
                                 "'full' keeps author order and marks for RDF and archives.")
    jsonld.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    jsonld.add_argument("--profile", choices=("web", "full"), default="web", help="web (default) or full")
    jsonld.add_argument("--base", metavar="URL", help="base URL of the node IRIs (default: the person's homepage)")
    jsonld.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    return parser


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


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) > 1 and argv[0] == "orcid" and argv[1] not in _ORCID_SUBCOMMANDS:
        argv.insert(1, "write")  # cvld orcid FILE -o DIR
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return EXIT_USAGE if stop.code not in (0, None) else EXIT_OK
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from .diagnostics import CVInputError, UsageError

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
    from .api import check_files

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


def _schema(args) -> int:
    from .io import write_atomic
    from .resources import SCHEMA_PATH

    text = SCHEMA_PATH.read_text(encoding="utf-8")
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _init(args) -> int:
    from pathlib import Path

    from .api import starter_cv
    from .diagnostics import UsageError
    from .io import write_atomic
    from .load import slugify

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
        from .orcid_sync.session import cli_push

        return cli_push(args, sys.stdout, sys.stderr)
    if args.orcid_command == "pull":
        from .orcid_sync.session import cli_pull

        return cli_pull(args, sys.stdout, sys.stderr)
    from .api import load_cv
    from .diagnostics import Report
    from .exporters.orcid import files
    from .io import write_tree_atomic

    report = Report()
    cv = load_cv(args.file, report)
    output = files(cv, report)
    write_tree_atomic(args.output, output)
    if not args.quiet:
        for diagnostic in report.sorted():
            print(diagnostic, file=sys.stderr)
    print(f"wrote {len(output)} file(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


def _jsonld(args) -> int:
    from .api import jsonld_text
    from .diagnostics import Report
    from .io import write_atomic

    report = Report()
    text = jsonld_text(args.file, profile=args.profile, base=args.base, report=report)
    for diagnostic in report.sorted():
        print(diagnostic, file=sys.stderr)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


_COMMANDS = {"check": _check, "schema": _schema, "init": _init, "orcid": _orcid, "jsonld": _jsonld}

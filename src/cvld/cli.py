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
    check.add_argument("--vocab", metavar="FILE", help="check the JSON-LD against this full schema.org release "
                       "(Turtle or JSON-LD) instead of cvld's own table of the terms it uses")

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

    snippet = commands.add_parser("snippet", help="print the tags for a homepage's <head>",
                                  description="Print the block for a homepage's <head>: title, description, "
                                  "canonical link, Open Graph profile tags, a Twitter/X card and the JSON-LD.")
    snippet.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    snippet.add_argument("--base", metavar="URL", help="the homepage's URL (default: the person's homepage)")

    for name, summary, description in (
        ("site", "write a static homepage with one page per paper",
         "Write a static site: index.html with the profile, one page per paper (papers/KEY/index.html) "
         "with Google Scholar's tags, sitemap.xml."),
        ("build", "write every output cvld makes into one folder, such as out/NAME",
         "Write every output (JSON-LD, head snippet, site, ...) into DIR, one subfolder per target."),
    ):
        folder = commands.add_parser(name, help=summary, description=description + " DIR is replaced whole, "
                                     "only once everything is made.")
        folder.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
        folder.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
        folder.add_argument("--base", metavar="URL", help="the site's URL (default: the person's homepage)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
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

    report, _, unreadable = check_files(args.files, vocab=args.vocab)
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


def _print_warnings(report) -> None:
    for diagnostic in report.sorted():
        print(diagnostic, file=sys.stderr)


def _snippet(args) -> int:
    from .api import snippet_text
    from .diagnostics import Report

    report = Report()
    text = snippet_text(args.file, base=args.base, report=report)
    _print_warnings(report)
    sys.stdout.write(text)
    return EXIT_OK


def _write_folder(args) -> int:
    """``cvld site`` and ``cvld build``: a folder written all at once."""
    from .api import write_build, write_site
    from .diagnostics import Report

    report = Report()
    write = write_site if args.command == "site" else write_build
    files = write(args.file, args.output, base=args.base, report=report)
    _print_warnings(report)
    print(f"wrote {len(files)} files to {args.output}", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {"check": _check, "schema": _schema, "init": _init, "jsonld": _jsonld,
             "snippet": _snippet, "site": _write_folder, "build": _write_folder}

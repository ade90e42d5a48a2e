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

    orcid = commands.add_parser("orcid", help="write ORCID v3.0 XML (works, bulk, affiliations) and works.bib",
                                description="Write ORCID v3.0 XML for one CV: works/<key>.xml, bulk/works-NNN.xml "
                                "(at most 100 works each), education/, employment/, invited-positions/, service/, "
                                "and works.bib for ORCID's Import BibTeX. DIR is replaced as a whole.")
    orcid.add_argument("file", metavar="FILE", help="a CV file (YAML or JSON)")
    orcid.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
    orcid.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")

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

    schema = commands.add_parser("schema", help="print the JSON Schema of the CV format")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    init = commands.add_parser("init", help="write a commented starter CV that passes cvld check")
    init.add_argument("name", metavar="NAME", help='your name, such as "Ada Lovelace"')
    init.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: KEY.yaml); never overwritten")
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

    report, _, unreadable = check_files(args.files, orcid_xsd=args.orcid_xsd)
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


def _import(args) -> int:
    from pathlib import Path

    from .diagnostics import UsageError
    from .api import import_document
    from .io import write_atomic

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


_COMMANDS = {"import": _import, "check": _check, "schema": _schema, "init": _init, "orcid": _orcid}

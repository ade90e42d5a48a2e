"""Fuzz cvld's loaders and importers for a bounded time (not part of the normal test run).

    python tests/fuzz.py --seconds 60 [--seed N] [--target bibtex-import ...]

Targets: the CV loader (YAML/JSON text, raw bytes, and mutated valid CVs), the ORCID XML/JSON
importer, the BibTeX entry reader, and the whole BibTeX import (text to a CV that both YAML
readers read alike and cvld builds) under small size and expansion budgets. The only allowed outcomes are a result or cvld's own
located errors (CVInputError, UsageError, a Report); anything else is a crash, printed with
its input, to be made a regular test (in tests/test_adversarial.py).
Exit status 0 when no crash was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import cv_documents  # noqa: E402

from cvld.core.diagnostics import CVInputError, Report, UsageError  # noqa: E402

EXPECTED = (CVInputError, UsageError)
YAML_BITS = ["person:", "\n", "  ", "key: ada", "name: ", "works:", "- ", "{", "}", "[", "]", ":", ",", "&a", "*a",
             "!!str", "!!binary", "? ", "|", ">", "'", '"', "\\u", "#", "---", "...", "%YAML 1.1", "\t", "\ufeff",
             "<<: *a", "2020-13", "0x1F", "1e9", "~", "null", "NO", "<!--", "</script>"]
XML_BITS = ["<", ">", "</", "<?xml version='1.0'?>", "<work:work xmlns:work='http://www.orcid.org/ns/work' "
            "xmlns:common='http://www.orcid.org/ns/common'>", "</work:work>", "<common:title>", "</common:title>",
            "<work:title>", "</work:title>", "<work:type>", "</work:type>", "journal-article", "&amp;", "&lt;",
            "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;", "<![CDATA[", "]]>", "\x00", "\ud800"]
BIB_BITS = ["@article{", "@misc{", "key,", "title = {", "}", "{", "author = ", " and ", "\\'e", "\\unknownmacro",
            "@string{x = {y}}", "x #", "year = 2020", "month = jan", ",", "\"", "%", "\n"]


def _bits(pieces):
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=8)), max_size=40).map("".join)


def _load_text(text: str) -> None:
    from cvld.api import load_cv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cv.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            cv = load_cv(path, Report())
        except EXPECTED:
            return
        _export(cv)


def _load_bytes(data: bytes) -> None:
    from cvld.api import load_cv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cv.yaml"
        path.write_bytes(data)
        try:
            load_cv(path, Report())
        except EXPECTED:
            return


def _export(cv) -> None:
    from cvld.bibtex.write import dumps_bibtex
    from cvld.jsonld.write import build_jsonld, dumps_jsonld
    from cvld.orcid.write import files

    dumps_jsonld(build_jsonld(cv, profile="full"))
    files(cv)
    dumps_bibtex(cv)


def _mutate(doc, rng: random.Random):
    """Replace one value somewhere in a valid document with something unexpected."""
    odd = [None, True, 0, -1, 10**30, 1.5, "", " ", "\u202e", "../../x", [], {}, ["x"], {"x": 1}, "present", "0000"]
    paths = []

    def walk(value, path):
        paths.append(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(doc, ())
    path = rng.choice(paths[1:]) if len(paths) > 1 else ()
    if not path:
        return doc
    holder = doc
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = rng.choice(odd)
    return doc


def _import_orcid(data: bytes) -> None:
    from cvld.importers.orcid import read_orcid

    try:
        read_orcid(data, Report())
    except EXPECTED:
        return


# LaTeX, nesting, @string chains and the other families of issues 15, 18 and 22
WILD_BITS = ["\\href{", "\\url{", "\\textbf{", "\\underline{", "{" * 60, "}" * 60, "@string{a = a # a # a}",
             "@string{a = {xxxxxxxx}}", "string{b = {y}}", "---\n", "% TODO\n", " and others", "{\\aap}", "\\jnl",
             "crossref = {k}", "@comment{", "@preamble{", "$\\mathsf{", "doi = {10/f5xswg}", "\x01", "year = {2003--2015}",
             "@proceedings{k,", "editor = {", "organization = {", "month = aug # \"~1\"", "Year = 2021", "\\noopsort{",
             "url = {https://x.org/index.php?url=a:b}", "title = {yes}", "title = {a: b}", "@ARTICLE{K,", "{\\bf Lei Wu}"]


def _import_bibtex(text: str) -> None:
    """The whole import of a .bib, under small budgets (so that fuzzing reaches them): the text is
    read, written as a CV, and the CV read back by cvld and by PyYAML to the same value."""
    import yaml

    from cvld.importers import bibtex
    from cvld.importers.yamlout import dumps_document
    from cvld.source.load import build_cv
    from cvld.source.yamlsource import parse

    budgets = bibtex.MAX_VALUE_CHARS, bibtex.MAX_EXPANSION_CHARS, bibtex.MAX_FILE_BYTES
    bibtex.MAX_VALUE_CHARS, bibtex.MAX_EXPANSION_CHARS, bibtex.MAX_FILE_BYTES = 2_000, 20_000, 4_000
    try:
        document = bibtex.read_string(text, me="Lei Wu", report=Report())
    except CVInputError:
        return
    finally:
        bibtex.MAX_VALUE_CHARS, bibtex.MAX_EXPANSION_CHARS, bibtex.MAX_FILE_BYTES = budgets
    if not document.get("works"):
        return
    written = dumps_document(document)
    source = parse("<import>", written)
    assert yaml.safe_load(written) == source.data, written
    build_cv(source, Report())


def _read_bibtex(text: str) -> None:
    from cvld.importers.bibtex import read_string
    from cvld.importers.orcid import parse_bibtex_entry

    parse_bibtex_entry(text)
    read_string(text, report=Report())


TARGETS = {
    "cv-text": (_bits(YAML_BITS), _load_text),
    "cv-bytes": (st.binary(max_size=300), _load_bytes),
    "cv-mutated": (st.tuples(cv_documents(max_authors=5, max_items=2), st.integers(0, 2**32)),
                   lambda pair: _load_text(json.dumps(_mutate(pair[0], random.Random(pair[1]))))),
    "orcid-xml": (_bits(XML_BITS).map(lambda s: s.encode("utf-8", "surrogatepass")), _import_orcid),
    "orcid-json": (st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                                    st.sampled_from(["work", "title", "type", "value", "bulk", "external-ids", "x"]),
                                    inner, max_size=4)).map(lambda v: json.dumps(v).encode()), _import_orcid),
    "bibtex": (_bits(BIB_BITS), _read_bibtex),
    "bibtex-import": (_bits(BIB_BITS + WILD_BITS), _import_bibtex),
}


def run(seconds: float, seed: int, targets: list[str] | None = None) -> int:
    chosen = {name: TARGETS[name] for name in targets} if targets else TARGETS
    crashes = []
    deadline = time.monotonic() + seconds
    counts = {}
    round_ = 0
    while time.monotonic() < deadline:
        for name, (strategy, target) in chosen.items():
            if time.monotonic() >= deadline:
                break
            ran = [0]

            @settings(max_examples=200, deadline=None, database=None, derandomize=False,
                      suppress_health_check=list(HealthCheck))
            @given(strategy)
            def fuzz(value):
                ran[0] += 1
                target(value)

            try:
                fuzz._hypothesis_internal_use_seed = seed + round_  # reproducible rounds
                fuzz()
            except Exception:  # noqa: BLE001 - every unexpected exception is a finding
                crashes.append((name, traceback.format_exc()))
            counts[name] = counts.get(name, 0) + ran[0]
        round_ += 1
    for name, text in crashes:
        print(f"--- crash in {name}:\n{text}", file=sys.stderr)
    total = sum(counts.values())
    print(f"fuzzed {seconds:g} s: {total} inputs ({', '.join(f'{k} {v}' for k, v in counts.items())}); "
          f"{len(crashes)} crash(es)", file=sys.stderr)
    return 1 if crashes else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first round (default 0)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS),
                        help="fuzz only this target (repeatable; default: every target in turn)")
    args = parser.parse_args(argv)
    return run(args.seconds, args.seed, args.target)


if __name__ == "__main__":
    sys.exit(main())

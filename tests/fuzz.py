"""Fuzz cvld's loaders and importers for a bounded time (not part of the normal test run).

    python tests/fuzz.py --seconds 60 [--seed N] [--target bibtex-import ...]
    python tests/fuzz.py --per-target 60     # every target in turn, 60 s each, one line of figures each

Targets: the CV loader (YAML/JSON text, raw bytes, and mutated valid CVs), the ORCID XML/JSON
reader, the BibTeX entry reader, and the whole import of every format cvld imports (``import-*``:
BibTeX, CSL JSON, CITATION.cff, JSON Resume, ORCID XML and ORCID JSON), each from a file under
small size and expansion budgets (so that fuzzing reaches them) to a CV text that cvld and PyYAML
read alike and that cvld builds. The only allowed outcomes are a result or cvld's own located
errors (CVInputError, UsageError); anything else is a crash, and so is an input that takes more
than ``--hang`` seconds (default 10), each printed with its input, to be made a regular test (in
tests/test_adversarial.py, with the input in tests/adversarial/).
Exit status 0 when no crash was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
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


# --- whole imports, one per format --------------------------------------------------------

# budgets while fuzzing: small, so that inputs of a few hundred bytes reach them
FUZZ_BUDGETS = {"cvld.source.yamlsource": {"MAX_VALUES": 5_000, "MAX_DEPTH": 16},
                "cvld.importers.bibtex": {"MAX_VALUE_CHARS": 2_000, "MAX_EXPANSION_CHARS": 20_000,
                                          "MAX_FILE_BYTES": 4_000}}
OWNER = "Ada Lovelace"
ODD_VALUES = ["Ada Lovelace", "Lovelace, Ada", "Ada", "Lovelace", "", " ", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097",
              "10.1234/x},note={EVIL}}@misc{evil,", "10.1234/x>.<http://evil.example/s>", "10.1234/ok", "doi:10.1/a b",
              "https://[::1/", "http://[evil.example]/", "https://example.org/a#b#c", "https://example.org/%zz",
              "https://example.org/", "javascript:alert(1)", "2020", "2020-13-45", "0000", "1e9", "x" * 300, "<i></i>&lt;script&gt;",
              "\u0000", "\ud800", "\x00", "\u202e", "&#0;", "con", "../../x", "nul.txt", 0, -1, 2020, 10**30, 1.5, True, None]
CSL_KEYS = ["type", "title", "author", "editor", "family", "given", "literal", "suffix", "issued", "date-parts", "raw",
            "DOI", "URL", "ISBN", "ISSN", "PMID", "container-title", "container-title-short", "publisher", "page",
            "volume", "issue", "number", "abstract", "keyword", "note", "id", "ORCID", "arxiv"]
RESUME_KEYS = ["basics", "name", "email", "url", "phone", "summary", "image", "location", "city", "countryCode",
               "profiles", "network", "username", "work", "company", "position", "startDate", "endDate", "website",
               "education", "institution", "area", "studyType", "publications", "publisher", "releaseDate", "meta",
               "interests", "keywords", "volunteer", "awards", "title", "date"]
ORCID_JSON_KEYS = ["orcid-identifier", "path", "person", "name", "given-names", "family-name", "credit-name", "value",
                   "activities-summary", "works", "group", "work-summary", "title", "type", "external-ids",
                   "external-id", "external-id-type", "external-id-value", "external-id-url", "publication-date",
                   "year", "month", "day", "journal-title", "url", "bulk", "work", "contributors", "contributor",
                   "employments", "affiliation-group", "summaries", "employment-summary", "organization", "start-date",
                   "educations", "biography", "content", "citation", "citation-type", "citation-value"]
CFF_BITS = ["cff-version: 1.2.0\n", "title: ", "message: x\n", "authors:\n", "  - family-names: Lovelace\n",
            "    given-names: Ada\n", "  - name: ", "    orcid: ", "doi: ", "url: ", "date-released: ", "version: ",
            "type: software\n", "type: article\n", "preferred-citation:\n", "references:\n", "  ", "- ", "\n",
            "journal: ", "year: ", "start: ", "end: ", "identifiers:\n", "  - type: doi\n", "    value: ", "&a ",
            "*a", "<<: *a\n", "[", "]", "{", "}", ": ", "'", '"', "#", "---\n", "\t", "\ufeff", "!!python/object "]


def _json_of(keys: list[str]):
    leaves = st.sampled_from(ODD_VALUES) | st.text(max_size=12)
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(keys), inner, max_size=6), max_leaves=40)


def _odd():
    """A slot's value: mostly a plausible one, else one of the families of issue 15, a random text or structure."""
    return st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=16))


def _text_slot(plain: str):
    return st.one_of(st.just(plain), st.just(plain), st.text(max_size=16),
                     st.sampled_from([v for v in ODD_VALUES if isinstance(v, str)]))


YEARS = st.one_of(st.integers(1900, 2030), st.sampled_from([0, -5, 10**6, "2020", "twenty", None]))


def _csl_items():
    """CSL JSON: works by Ada Lovelace (so that the import gets past its owner), each slot at times odd."""
    name = st.one_of(st.just({"family": "Lovelace", "given": "Ada"}),
                     st.fixed_dictionaries({}, optional={"family": _odd(), "given": _odd(), "literal": _odd()}))
    item = st.fixed_dictionaries(
        {"type": st.sampled_from(["article-journal", "book", "chapter", "paper-conference", "thesis", "report",
                                  "dataset", "x", 3]),
         "title": _text_slot("On the Engine"),
         "author": st.tuples(st.just({"family": "Lovelace", "given": "Ada"}), st.lists(name, max_size=3)).map(
             lambda pair: [pair[0], *pair[1]]),
         "issued": st.one_of(YEARS.map(lambda y: {"date-parts": [[y]]}), _json_of(CSL_KEYS))},
        optional={key: st.one_of(_odd(), _json_of(CSL_KEYS)) for key in
                  ("DOI", "URL", "ISBN", "ISSN", "PMID", "container-title", "publisher", "page", "volume", "abstract",
                   "keyword", "note", "id", "editor")})
    return st.lists(item, min_size=1, max_size=4).map(lambda v: json.dumps(v).encode())


def _resume():
    """JSON Resume: Ada Lovelace's, with publications, work and education whose slots are at times odd."""
    entry = {
        "publications": st.fixed_dictionaries({"name": _text_slot("On the Engine"), "releaseDate": YEARS.map(str)},
                                              optional={k: _odd() for k in ("publisher", "url", "summary")}),
        "work": st.fixed_dictionaries({"name": _text_slot("Analytical Society"), "position": _text_slot("Analyst"),
                                       "startDate": YEARS.map(str)}, optional={k: _odd() for k in ("endDate", "url")}),
        "education": st.fixed_dictionaries({"institution": _text_slot("University of London"),
                                            "studyType": _text_slot("PhD"), "startDate": YEARS.map(str)},
                                           optional={k: _odd() for k in ("endDate", "area", "url")}),
    }
    basics = st.fixed_dictionaries({"name": st.just(OWNER)}, optional={
        "email": _odd(), "url": _odd(), "image": _odd(), "summary": _odd(),
        "profiles": st.lists(st.fixed_dictionaries({"network": _odd(), "url": _odd()}), max_size=2) | _odd(),
        "location": _json_of(RESUME_KEYS)})
    document = st.fixed_dictionaries({"basics": basics}, optional={
        key: st.lists(strategy, max_size=3) | _json_of(RESUME_KEYS) for key, strategy in entry.items()})
    return document.map(lambda v: json.dumps(v).encode())


def _orcid_work_json():
    """ORCID JSON: one work (its ``/work/PUT-CODE`` form) by Ada Lovelace, each slot at times odd."""
    ident = st.fixed_dictionaries({"external-id-type": st.sampled_from(["doi", "arxiv", "isbn", "pmid", "x", 1]),
                                   "external-id-value": _text_slot("10.1234/ok"),
                                   "external-id-relationship": st.sampled_from(["self", "part-of", None])},
                                  optional={"external-id-url": _odd()})
    work = st.fixed_dictionaries(
        {"title": _text_slot("On the Engine").map(lambda t: {"title": {"value": t}}),
         "type": st.sampled_from(["journal-article", "book", "conference-paper", "other", "x", None]),
         "publication-date": YEARS.map(lambda y: {"year": {"value": y}}),
         "contributors": st.lists(_text_slot(OWNER).map(lambda n: {"credit-name": {"value": n}}), min_size=1,
                                  max_size=3).map(lambda c: {"contributor": c})},
        optional={"external-ids": st.one_of(st.lists(ident, max_size=3).map(lambda i: {"external-id": i}),
                                            _json_of(ORCID_JSON_KEYS)),
                  "url": _odd().map(lambda u: {"value": u}), "journal-title": _odd().map(lambda j: {"value": j}),
                  "short-description": _odd()})
    return st.one_of(work, work.map(lambda w: {"bulk": [{"work": w}]}), _json_of(ORCID_JSON_KEYS)).map(
        lambda v: json.dumps(v).encode())


def _xml_text(value) -> st.SearchStrategy:
    from xml.sax.saxutils import escape

    return st.sampled_from([escape(str(value)), str(value)])  # escaped, or as it is (often not well-formed)


def _orcid_work_xml():
    """ORCID XML: one work by Ada Lovelace, each slot at times odd (and at times not escaped)."""
    def document(title, kind, year, ident, value, credit):
        return (f"<?xml version='1.0' encoding='UTF-8'?>\n<work:work xmlns:work='http://www.orcid.org/ns/work' "
                f"xmlns:common='http://www.orcid.org/ns/common'><work:title><common:title>{title}</common:title>"
                f"</work:title><work:type>{kind}</work:type><common:publication-date><common:year>{year}"
                f"</common:year></common:publication-date><common:external-ids><common:external-id>"
                f"<common:external-id-type>{ident}</common:external-id-type><common:external-id-value>{value}"
                f"</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship>"
                f"</common:external-id></common:external-ids><work:contributors><work:contributor>"
                f"<work:credit-name>{credit}</work:credit-name></work:contributor></work:contributors></work:work>"
                ).encode("utf-8", "surrogatepass")
    slots = [_text_slot("On the Engine").flatmap(_xml_text), st.sampled_from(["journal-article", "book", "other", "x"]),
             YEARS.flatmap(_xml_text), st.sampled_from(["doi", "arxiv", "isbn", "x"]),
             _text_slot("10.1234/ok").flatmap(_xml_text), _text_slot(OWNER).flatmap(_xml_text)]
    return st.one_of(st.tuples(*slots).map(lambda parts: document(*parts)),
                     _bits(XML_BITS).map(lambda s: s.encode("utf-8", "surrogatepass")))


def _bibtex_entries():
    """BibTeX: entries by Lovelace, Ada with odd slots, and free mixtures of BibTeX's pieces."""
    def entry(kind, title, other, year, doi, url):
        return (f"@{kind}{{k1,\n  title = {{{title}}},\n  author = {{Lovelace, Ada and {other}}},\n  year = {year},\n"
                f"  journal = {{J}},\n  doi = {{{doi}}},\n  url = {{{url}}}\n}}\n")
    slots = [st.sampled_from(["article", "inproceedings", "book", "misc", "phdthesis", "x"]), _text_slot("On the Engine"),
             _text_slot("Babbage, Charles"), YEARS.map(str), _text_slot("10.1234/ok"), _text_slot("https://example.org/")]
    return st.one_of(st.tuples(*slots).map(lambda parts: entry(*parts)),
                     _bits(BIB_BITS + WILD_BITS + ["author = {Lovelace, Ada}"])).map(
        lambda s: s.encode("utf-8", "surrogatepass"))


def _cff():
    """CITATION.cff: software by Ada Lovelace, slots at times odd; and free mixtures of YAML's pieces."""
    structured = st.fixed_dictionaries(
        {"cff-version": st.just("1.2.0"), "message": st.just("Cite it"), "title": _text_slot("Engine"),
         "authors": st.lists(st.fixed_dictionaries({"family-names": st.just("Lovelace"), "given-names": st.just("Ada")},
                                                   optional={"orcid": _odd()}), min_size=1, max_size=2),
         "date-released": st.one_of(st.just("2020-01-01"), _odd())},
        optional={key: st.one_of(_odd(), _json_of(["type", "doi", "title", "authors", "year", "value"]))
                  for key in ("doi", "url", "type", "version", "preferred-citation", "references", "identifiers")})
    return st.one_of(structured.map(lambda v: json.dumps(v).encode()),
                     _bits(CFF_BITS + [str(v) for v in ODD_VALUES if isinstance(v, str)]).map(
                         lambda s: s.encode("utf-8", "surrogatepass")))


IMPORTED: dict[str, list[int]] = {}  # per format: inputs that made a CV, inputs refused with a located error
IMPORT_FILES = {"bibtex": "works.bib", "csl": "works.json", "cff": "CITATION.cff", "jsonresume": "resume.json",
                "orcid-xml": "record.xml", "orcid-json": "record.json"}


def _whole_import(kind: str):
    """The target for one format: the bytes, written as a file, imported to a CV for Ada Lovelace; the CV text
    must read alike by cvld and by PyYAML (a strict reader) and build (``import_document`` builds it)."""
    format = "orcid" if kind.startswith("orcid") else kind

    def target(data: bytes) -> None:
        import importlib

        import yaml

        from cvld.importers import import_document
        from cvld.source.yamlsource import parse

        saved = []
        for module_name, values in FUZZ_BUDGETS.items():
            module = importlib.import_module(module_name)
            saved += [(module, name, getattr(module, name)) for name in values]
            for name, value in values.items():
                setattr(module, name, value)
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / IMPORT_FILES[kind]
                path.write_bytes(data)
                try:
                    result = import_document(format, path, me=OWNER, report=Report())
                except EXPECTED:
                    IMPORTED.setdefault(kind, [0, 0])[1] += 1
                    return
        finally:
            for module, name, value in saved:
                setattr(module, name, value)
        source = parse("<import>", result.text)
        assert yaml.safe_load(result.text) == source.data, result.text
        IMPORTED.setdefault(kind, [0, 0])[0] += 1

    return target


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
    "import-bibtex": (_bibtex_entries(), _whole_import("bibtex")),
    "import-csl": (_csl_items(), _whole_import("csl")),
    "import-cff": (_cff(), _whole_import("cff")),
    "import-jsonresume": (_resume(), _whole_import("jsonresume")),
    "import-orcid-xml": (_orcid_work_xml(), _whole_import("orcid-xml")),
    "import-orcid-json": (_orcid_work_json(), _whole_import("orcid-json")),
}


class Hang(Exception):
    """An input that took longer than the time allowed for one."""


def _timed(target, seconds: float):
    def timed(value):
        def alarm(signum, frame):
            raise Hang(f"no result after {seconds:g} s")

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            target(value)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return timed


def run(seconds: float, seed: int, targets: list[str] | None = None, hang: float = 10.0) -> int:
    chosen = {name: TARGETS[name] for name in targets} if targets else TARGETS
    chosen = {name: (strategy, _timed(target, hang)) for name, (strategy, target) in chosen.items()}
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
            except Exception:  # noqa: BLE001 - every unexpected exception (and a Hang) is a finding
                crashes.append((name, traceback.format_exc()))
            counts[name] = counts.get(name, 0) + ran[0]
        round_ += 1
    for name, text in crashes:
        print(f"--- crash in {name}:\n{text}", file=sys.stderr)
    total = sum(counts.values())
    print(f"fuzzed {', '.join(chosen)} for {seconds:g} s: {total} inputs ({', '.join(f'{k} {v}' for k, v in counts.items())}); "
          f"{len(crashes)} crash(es)", file=sys.stderr)
    for name, (made, refused) in sorted(IMPORTED.items()):
        print(f"  import-{name}: {made} made a CV, {refused} refused with a located error", file=sys.stderr)
    IMPORTED.clear()
    return 1 if crashes else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first round (default 0)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS),
                        help="fuzz only this target (repeatable; default: every target in turn)")
    parser.add_argument("--per-target", type=float, metavar="SECONDS",
                        help="fuzz each chosen target alone for SECONDS, one after another (instead of --seconds in all)")
    parser.add_argument("--hang", type=float, default=10.0, help="seconds one input may take (default 10)")
    args = parser.parse_args(argv)
    if args.per_target:
        return max(run(args.per_target, args.seed, [name], args.hang) for name in (args.target or sorted(TARGETS)))
    return run(args.seconds, args.seed, args.target, args.hang)


if __name__ == "__main__":
    sys.exit(main())

"""The adversarial corpus: one data file per attack in tests/adversarial/, each with its exact outcome.

A list of messages is the exact ``LINE:COL: path: message`` diagnostics ``cvld`` gives (never a
traceback); ``[]`` means the file loads, and then every output is checked to be inert: the text
comes back exactly as written from the JSON-LD and the ORCID XML (well-formed, text not markup),
nothing in the JSON-LD starts an HTML tag or comment once ``</`` and ``<!`` are escaped for a
``<script>`` element, and the BibTeX parses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from bibtex_strict import read as strict_bibtex
from webhelpers import strings

from cvld.api import load_cv
from cvld.core.diagnostics import CVInputError, Report

CORPUS = Path(__file__).resolve().parent / "adversarial"

EXPECTED = {
    'bidi-controls': [],
    'bom-utf16': ['1:1: invalid UTF-8 byte 0xff; save the file as UTF-8'],
    'bom-utf8-twice': [],
    'c1-control': ['4:8: person.bio: contains U+009B, a character XML and HTML cannot hold; remove it'],
    'duplicate-mapping-key': ["4:3: person.name: duplicate key 'name' (first at line 3); YAML keeps only one"],
    'duplicate-work-key': ["6:11: works[1].key: duplicate key 'w1' (also works[0])"],
    'email-crlf': ["4:10: person.email: 'ada@example.org\\r\\nBcc: x@y' is not valid here: E-mail address."],
    'email-newline': ["4:10: person.email: 'ada@example.org\\nBcc: all@example.org' is not valid here: E-mail address."],
    'empty-file': ['1:1: expected a mapping, found empty: empty value'],
    'invalid-utf8': ['4:11: invalid UTF-8 byte 0xc3; save the file as UTF-8'],
    'key-absolute': ["5:11: works[0].key: '/etc/passwd' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'key-backslash': ["5:11: works[0].key: 'a\\b' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'key-dot-start': ["5:11: works[0].key: '.hidden' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'key-dotdot': ["5:11: works[0].key: '../../x' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'key-long': ["5:11: works[0].key: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'key-nul': ['5:11: works[0].key: contains U+0000, a character XML and HTML cannot hold; remove it'],
    'key-upper': ["5:11: works[0].key: 'Paper' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'lone-surrogate-escape': ['4:15: YAML syntax error: found invalid Unicode character escape code'],
    'markup-comment': [],
    'markup-img': [],
    'markup-script': [],
    'merge-key': ["4:1: base: unknown field 'base'; allowed: $schema, awards, education, grants, legend, memberships, "
                  "organisations, people, person, positions, service, supervision, talks, teaching, updated, works"],
    'noncharacter-fffe': ['4:8: person.bio: contains U+FFFE, a character XML and HTML cannot hold; remove it'],
    'not-a-mapping': ['1:1: expected a mapping, found a list: a list'],
    'org-key-slash': ["5:3: organisations: 'a/b' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'owner-key-dotdot': ["2:8: person.key: '../ada' is not valid here: A stable key: lower-case letters, digits, '.', '_' and '-', at most 80 characters."],
    'phone-letters': ["4:10: person.phone: '+44 20 <script>' is not valid here: Telephone number as written, ideally with country code."],
    'phone-newline': ["4:10: person.phone: '+44 20\\nX-Header: 1' is not valid here: Telephone number as written, ideally with country code."],
    'raw-escape-char': ['4:11: contains U+001B, a control character YAML does not allow; remove it'],
    'tab-indent': ['2:1: YAML syntax error: found character that cannot start any token'],
    'unknown-tag': ['4:8: person.bio: expected text, found a list: a list'],
    'url-angle': ["5:71: works[0].url: URL contains a character that must be percent-encoded: 'https://example.org/<script>'"],
    'url-data-image': ["4:10: person.image: 'data:text/html;base64,PHNjcmlwdD4=' is not valid here: An absolute http(s) URL."],
    'url-data-pdf': ["5:71: works[0].pdf: 'data:application/pdf;base64,AAAA' is not valid here: An absolute http(s) URL."],
    'url-file': ["5:71: works[0].url: 'file:///etc/passwd' is not valid here: An absolute http(s) URL."],
    'url-javascript-homepage': ["4:13: person.homepage: 'javascript:alert(1)' is not valid here: An absolute http(s) URL."],
    'url-javascript-org': ["5:21: organisations.o.url: 'javascript:alert(1)' is not valid here: An absolute http(s) URL."],
    'url-javascript-person': ["5:30: people.bob.homepage: 'javascript:alert(1)' is not valid here: An absolute http(s) URL."],
    'url-javascript-profile': ["4:37: person.profiles[0].url: 'JaVaScRiPt:alert(1)' is not valid here: An absolute http(s) URL."],
    'url-javascript-talk': ["5:42: talks[0].given[0].url: 'javascript:alert(1)' is not valid here: An absolute http(s) URL."],
    'url-javascript-work': ["5:71: works[0].url: 'javascript:alert(1)' is not valid here: An absolute http(s) URL."],
    'url-quote': ['5:71: works[0].url: URL contains a character that must be percent-encoded: \'https://example.org/"onload=x\''],
    'url-relative': ["5:71: works[0].url: '/etc/passwd' is not valid here: An absolute http(s) URL."],
    'url-space': ["5:71: works[0].url: URL contains a character that must be percent-encoded: 'https://example.org/a b'"],
    'xml-forbidden-escaped': ['4:8: person.bio: contains U+000C, a character XML and HTML cannot hold; remove it'],
    'xml-forbidden-nul': ['5:72: works[0].note: contains U+0000, a character XML and HTML cannot hold; remove it'],
    'yaml-anchors-in-key': ['4:3: mapping key (a collection) must be text; quote it'],
    # issue 15: identifiers and URLs by their registries' syntax
    'doi-bibtex-injection': ["5:71: works[0].doi: DOI '10.1234/x},note={EVIL}}@misc{evil,title={Injected},year={1999}' contains '}', which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead"],
    'doi-triple-injection': ["5:71: works[0].doi: DOI '10.1234/x>.<http://evil.example/s><http://evil.example/p><http://evil.example/o' contains '>', which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead"],
    'doi-quote': ['5:71: works[0].doi: DOI \'10.1234/a"b\' contains \'"\', which cvld does not accept in a DOI (Crossref\'s character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead'],
    'doi-backslash': ["5:71: works[0].doi: DOI '10.1234/a\\b' contains '\\', which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead"],
    'doi-caret': ["5:71: works[0].doi: DOI '10.1234/a^b' contains '^', which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead"],
    'doi-backtick': ["5:71: works[0].doi: DOI '10.1234/a`b' contains '`', which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead"],
    'doi-tab': ["5:71: works[0].doi: DOI '10.1234/a\\tb' contains U+0009, which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead"],
    'doi-crossref-odd-valid': [],
    'url-ipv6-unclosed': ["5:71: works[0].url: not a valid URL (RFC 3986/3987): 'https://[::1/'; a host in [ ] must be an IPv6 address, such as [2001:db8::1], with its closing ']'"],
    'url-bracket-host': ["5:71: works[0].url: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; a host in [ ] must be an IPv6 address, such as [2001:db8::1], with its closing ']'"],
    'url-two-fragments': ["5:71: works[0].url: not a valid URL (RFC 3986/3987): 'https://example.org/a#b#c'; a URL has at most one '#'; write any later one as %23"],
    'url-bad-percent': ["5:71: works[0].pdf: not a valid URL (RFC 3986/3987): 'https://example.org/100%zz'; '%' must start an escape of two hex digits; write a literal '%' as %25"],
    'url-bracket-path': ["5:71: works[0].url: not a valid URL (RFC 3986/3987): 'https://example.org/a[1]'; write '[' and ']' outside the host as %5B and %5D"],
    'url-port-range': ["5:71: works[0].url: not a valid URL: 'https://example.org:99999/' (Port out of range 0-65535)"],
    'url-ipv6-valid': [],
    'url-homepage-bracket-host': ["4:13: person.homepage: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; a host in [ ] must be an IPv6 address, such as [2001:db8::1], with its closing ']'"],
    'ror-check-digits': ["5:21: organisations.u.ror: ROR id '00hx57362' fails its check digits (ISO 7064 MOD 97-10)"],
    'org-ids-valid': [],

    # round 2: what a message must name, and JSON read as JSON
    'merge-key-used': ["7:5: organisations.o: cvld does not take YAML merge keys ('<<'): write the fields out in "
                       "this mapping, or define the shared entry once under organisations or people and refer to it "
                       "by its key"],
    'bom-in-key': ["3:3: person.\\ufeffname: field name '\\ufeffname' contains U+FEFF (a byte-order mark), invisible "
                   "in an editor; remove it and write 'name'"],
    'zero-width-in-key': ["4:3: person.email\\u200b: field name 'email\\u200b' contains U+200B (zero width space), "
                          "invisible in an editor; remove it and write 'email'"],
    'date-0000': ["3:60: works[0].date: impossible date '0000': there is no year 0 (years start at 0001)"],
    'date-hex': ["3:60: works[0].date: not a date: '0x7E4' (write YYYY, YYYY-MM or YYYY-MM-DD)"],
    'date-month-zero': ["3:60: works[0].date: impossible date '2020-00': month 0 is not 1-12"],
    'json-surrogate-pair': [],
    'json-markup-escapes': [],
    'json-lone-surrogate': ['1:35: person.name: contains U+D800, a character XML and HTML cannot hold; remove it'],
    'json-trailing-comma': ['2:13: JSON syntax error: a comma before the closing bracket (JSON allows no trailing comma)'],
    'json-duplicate-key': ["1:42: person.name: duplicate key 'name' (first at line 1); JSON readers keep only one"],
    'json-leading-zeros': ['1:54: JSON syntax error: 0000: a number with a leading zero, which JSON does not allow; '
                           'write it in quotes as text: "0000"'],
    'json-bom-in-key': ["1:27: person.\\ufeffname: field name '\\ufeffname' contains U+FEFF (a byte-order mark), "
                        "invisible in an editor; remove it and write 'name'"],
}


def _corpus_file(name: str) -> Path:
    """``NAME.yaml``, or ``NAME.json`` (read by the JSON parser)."""
    yaml_path = CORPUS / f"{name}.yaml"
    return yaml_path if yaml_path.exists() else CORPUS / f"{name}.json"


def test_every_file_in_the_corpus_has_an_expected_outcome():
    files = sorted(p.stem for p in CORPUS.iterdir() if p.suffix in (".yaml", ".json"))
    assert files == sorted(EXPECTED) and sorted(p.name for p in CORPUS.iterdir() if p.name != "import") == sorted(
        p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".json"))  # import/: importer inputs, below
    assert len(EXPECTED) >= 60


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_adversarial_case(name):
    path = _corpus_file(name)
    expected = EXPECTED[name]
    if expected:
        with pytest.raises(CVInputError) as caught:
            load_cv(path)
        assert [str(d).removeprefix(f"{path}:") for d in caught.value.diagnostics] == expected
        return
    cv = load_cv(path, Report())
    _assert_inert(cv)


def _assert_inert(cv):
    import bibtexparser

    from cvld.bibtex.write import dumps_bibtex
    from cvld.jsonld.write import PROFILES, build_jsonld, dumps_jsonld
    from cvld.orcid.write import files

    for profile in PROFILES:
        text = dumps_jsonld(build_jsonld(cv, profile=profile))
        texts = set(strings(json.loads(text)))
        assert cv.owner.name in texts and all(w.title in texts for w in cv.works)  # kept exactly as written
        embedded = text.replace("</", "<\\/").replace("<!", "<\\u0021")
        assert "</" not in embedded and "<!--" not in embedded and json.loads(embedded) == json.loads(text)
    for relative, content in files(cv).items():
        if relative.endswith(".xml"):
            root = etree.fromstring(content)  # well-formed
            assert all(isinstance(e.tag, str) for e in root.iter())  # no comment or PI smuggled in
            if relative == "works/w1.xml":
                titles = [e.text for e in root.iter("{http://www.orcid.org/ns/common}title")]
                assert titles == [cv.works[0].title]
    _assert_inert_html(cv)
    library = bibtexparser.parse_string(dumps_bibtex(cv))
    assert [e.key for e in library.entries] == [w.key for w in cv.works] and not library.failed_blocks
    assert [key for _, key, _ in strict_bibtex(dumps_bibtex(cv))] == [w.key for w in cv.works]
    _assert_one_triple_a_line(cv)


def _assert_one_triple_a_line(cv):
    """Both graphs parse with pyoxigraph's strict N-Triples parser, one triple a line, and as Turtle."""
    import pyoxigraph as ox

    from cvld.rdf.build import member_triples, serialize_lines
    from cvld.rdf.department import single

    for vocab in ("schema", "vivo"):
        lines = sorted(member_triples(single(cv), vocab).lines)
        parsed = set(ox.parse(serialize_lines(lines, "ntriples"), format=ox.RdfFormat.N_TRIPLES))
        assert len(parsed) == len(lines)
        assert set(ox.parse(serialize_lines(lines, "turtle"), format=ox.RdfFormat.TURTLE)) == parsed


# --- hostile ORCID documents given to the importer ------------------------------------------

_WORK = ('<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common">'
         '<work:title><common:title>%s</common:title></work:title><work:type>journal-article</work:type></work:work>')
def _undated(column: int) -> str:
    return f"<ORCID XML>:1:{column}: warning: no publication-date: imported undated; add its date when it is known"


def _no_title(column: int) -> list[str]:  # the work element's column: after the document type declaration
    return [_undated(column), f"<ORCID XML>:1:{column}: warning: work 'work' has no title, authors: the CV format "
            "needs them; add title and authors before loading"]


@pytest.mark.parametrize("xml, works, warnings", [
    (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + (_WORK % "&e;").encode(),
     [{"key": "work", "type": "journal-article"}], _no_title(76)),
    (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' + (_WORK % "&c;").encode(),
     [{"key": "work", "type": "journal-article"}], _no_title(149)),
    ((_WORK % "&lt;/script&gt;&lt;script&gt;x&lt;/script&gt;").encode(),
     [{"key": "script-script-x-script", "type": "journal-article", "title": "</script><script>x</script>"}],
     [_undated(1), "<ORCID XML>:1:1: warning: work 'script-script-x-script' has no authors: the CV format needs it; "
      "add authors before loading"]),
], ids=["external-entity-not-read", "entity-expansion-not-done", "markup-title-slugified-key"])
def test_hostile_orcid_xml_is_read_inertly(xml, works, warnings):
    from cvld.importers.orcid import read_orcid
    from cvld.core.text import KEY_RE as SAFE_NAME

    report = Report()
    assert read_orcid(xml, report)["works"] == works
    assert [str(d) for d in report.diagnostics] == warnings
    assert all(SAFE_NAME.match(w["key"]) for w in works)


def test_truncated_orcid_xml_is_a_usage_error_not_a_traceback():
    from cvld.core.diagnostics import UsageError
    from cvld.importers.orcid import read_orcid

    with pytest.raises(UsageError) as caught:
        read_orcid((_WORK % "x")[:-10].encode(), Report())
    assert str(caught.value) == ("<ORCID XML>: not well-formed XML: expected '>', line 1, column 195 "
                                 "(<string>, line 1)")


def _assert_inert_html(cv):
    """The homepage: the text is text (no element, attribute or script comes from the CV)."""
    import lxml.html

    from cvld.web.write import render_index, site_iris

    page = lxml.html.document_fromstring(render_index(cv, site_iris(cv, "https://example.org/ada/")))
    scripts = page.xpath("//script")
    assert scripts and all(s.get("type") == "application/ld+json" for s in scripts)
    for script in scripts:
        assert cv.owner.name in set(strings(json.loads(script.text)))
    assert not page.xpath("//img[@onerror]") and not page.xpath("//@*[starts-with(name(), 'on')]")
    assert cv.owner.name in page.text_content()
    for work in cv.works:
        assert work.title in page.text_content()


# --- hostile BibTeX given to the importer ----------------------------------------------------

@pytest.mark.parametrize("bib, works, warnings", [
    ("@article{k1, title = {Open {brace}, author = {A. B}, year = 2020}\n", None,
     ["<string>:1:1: warning: k1: unbalanced braces or quotes: the entry is still open at the end of the file; "
      "entry skipped"]),
    ("@article{k2, title = {\\frobnicate{X} and \\'e}, author = {A. B}, year = 2020, journal = jcp}\n",
     [{"key": "k2", "type": "journal-article", "title": "X and \u00e9", "authors": ["a-b"], "date": 2020}],
     ["<string>:1:78: warning: k2.journal: unknown macro 'jcp' (not defined by @string); field left out",
      "<string>:1:14: warning: k2.title: LaTeX command \\frobnicate not defined in LaTeX: the command is taken out "
      "and its braced text kept (write the text it stands for)"]),
    ("@article{../../Etc/Passwd, title = {X}, author = {A. B}, year = 2020}\n",
     [{"key": "etc-passwd", "type": "journal-article", "title": "X", "authors": ["a-b"], "date": 2020}],
     ["<string>:1:1: warning: ../../Etc/Passwd: key '../../Etc/Passwd' written as 'etc-passwd' "
      "(keys are lower-case letters, digits, '.', '_' and '-')"]),
    ("@article{k5, title = {</script><script>alert(1)</script>}, author = {A. B}, year = 2020, "
     "url = {javascript:alert(1)}}\n",
     [{"key": "k5", "type": "journal-article", "title": "alert(1)", "authors": ["a-b"], "date": 2020}],
     ["<string>:1:14: warning: k5.title: markup (HTML/MathML tags) taken out of the title",
      "<string>:1:90: warning: k5.url: url left out: not an http(s) URL: 'javascript:alert(1)'"]),
], ids=["unbalanced-braces", "unknown-macro", "key-escaping-folder", "script-title-javascript-url"])
def test_hostile_bibtex_is_imported_with_located_warnings(bib, works, warnings):
    from cvld.importers.bibtex import read_string

    report = Report()
    assert read_string(bib, report=report).get("works") == works
    assert [str(d) for d in report.diagnostics] == warnings


def test_ten_thousand_bibtex_authors_are_all_kept_in_order():
    from cvld.importers.bibtex import read_string

    names = " and ".join(f"Author{i}, A." for i in range(10000))
    report = Report()
    document = read_string(f"@article{{big, title = {{Big}}, author = {{{names}}}, year = 2020}}\n", report=report)
    assert document["works"][0]["authors"] == [f"a-author{i}" for i in range(10000)]
    assert report.diagnostics == []


# --- inputs the fuzz script (tests/fuzz.py, import-* targets) found crashing an importer --------------

IMPORT_CORPUS = CORPUS / "import"
IMPORTED = {  # file: (format, exit status, the messages after "FILE", one per line)
    "orcid-json-bulk-number.json": ("orcid", 1, [": nothing to import: no work, education, position, service, award, grant, supervision or membership could be read"]),
    "orcid-json-group-text.json": ("orcid", 1, [": nothing to import: no work, education, position, service, award, grant, supervision or membership could be read"]),
    "orcid-json-contributor-number.json": ("orcid", 0, [
        ":1:1: warning: ORCID lists no contributors for this work: the owner is written as its only author",
        ":4:35: warning: external-ids.external-id[0]: an external id that is not an object; not imported"]),
    "orcid-json-external-id-text.json": ("orcid", 0, [
        ":4:35: warning: external-ids.external-id[0]: an external id that is not an object; not imported"]),
    "cff-references-number.cff": ("cff", 0, []),
    "jsonresume-profiles-text.json": ("jsonresume", 0, [
        ":2:19: warning: publications[0]: JSON Resume gives no authors: the owner is written as the only author; "
        "the type is 'other'"]),
}


def test_the_import_corpus_is_listed_whole():
    assert sorted(p.name for p in IMPORT_CORPUS.iterdir()) == sorted(IMPORTED)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_a_hostile_import_input_gives_its_exact_outcome(name, tmp_path, capsys):
    import yaml

    from cvld.cli.main import main
    from cvld.source.yamlsource import parse

    format, status, messages = IMPORTED[name]
    path = IMPORT_CORPUS / name
    out = tmp_path / "cv.yaml"
    assert main(["import", format, str(path), "--me", "Ada Lovelace", "-o", str(out)]) == status
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if not line.startswith("wrote ")] == [f"{path}{m}" for m in messages]
    if status == 0:
        text = out.read_text(encoding="utf-8")
        assert yaml.safe_load(text) == parse(str(out), text).data  # what is written, any YAML reader reads alike
        assert main(["check", "-q", str(out)]) == 0
    else:
        assert not out.exists()

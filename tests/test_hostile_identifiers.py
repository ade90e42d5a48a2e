"""Issue 15, injection through identifiers and URLs: refused at the model boundary with a located
message, dropped (with a warning at the input's line) by every importer, and every output of what
``check`` passes parsed back by its format's strict reader with no extra entry, element or triple."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pyoxigraph as ox
import pytest
from bibtex_strict import read as strict_bibtex
from lxml import etree

from cvld.api import load_cv
from cvld.bibtex.write import dumps_bibtex, dumps_entry, field_value
from cvld.cli.main import main
from cvld.core.diagnostics import Report
from cvld.importers import import_document
from cvld.model import ids

_DOI_REFUSAL = ("which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and "
                "- . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead")
_BRACKET_HOST = "a host in [ ] must be an IPv6 address, such as [2001:db8::1], with its closing ']'"

HEAD = """person:
  key: ada
  name: Ada Lovelace
  homepage: https://example.org/~ada/
"""


def _write(tmp_path: Path, body: str, name: str = "cv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


# --- check refuses, at the field, with every problem at once; nothing is written -----------------

HOSTILE_IDS = """works:
  - key: w1
    type: journal-article
    title: T
    authors: [ada]
    date: 2020
    doi: '10.1234/x},note={EVIL}}@misc{evil,title={Injected},year={1999}'
  - key: w2
    type: journal-article
    title: T
    authors: [ada]
    date: 2020
    doi: '10.1234/x>.<http://evil.example/s><http://evil.example/p><http://evil.example/o'
    url: 'https://[::1/'
    pdf: 'http://[evil.example]/'
  - key: w3
    type: other
    title: T
    authors: [ada]
    date: 2020
    url: 'https://example.org/a#b#c'
    pdf: 'https://example.org/100%zz'
    doi: "10.1234/a\\\\b^c"
"""


def test_check_refuses_hostile_identifiers_and_urls_at_their_lines(tmp_path, capsys):
    path = _write(tmp_path, HOSTILE_IDS)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith(str(path))] == [
        f"{path}:11:10: works[0].doi: DOI '10.1234/x}},note={{EVIL}}}}@misc{{evil,title={{Injected}},year={{1999}}' "
        f"contains '}}', {_DOI_REFUSAL}",
        f"{path}:17:10: works[1].doi: DOI '10.1234/x>.<http://evil.example/s><http://evil.example/p><http://evil.example/o' "
        f"contains '>', {_DOI_REFUSAL}",
        f"{path}:18:10: works[1].url: not a valid URL (RFC 3986/3987): 'https://[::1/'; {_BRACKET_HOST}",
        f"{path}:19:10: works[1].pdf: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; {_BRACKET_HOST}",
        f"{path}:25:10: works[2].url: not a valid URL (RFC 3986/3987): 'https://example.org/a#b#c'; a URL has at "
        "most one '#'; write any later one as %23",
        f"{path}:26:10: works[2].pdf: not a valid URL (RFC 3986/3987): 'https://example.org/100%zz'; '%' must start "
        "an escape of two hex digits; write a literal '%' as %25",
        f"{path}:27:10: works[2].doi: DOI '10.1234/a\\b^c' contains '\\', {_DOI_REFUSAL}",
    ]


@pytest.mark.parametrize("command", [["build", "-o", "{out}"], ["graph", "--vocab", "vivo", "-o", "{out}.ttl"],
                                     ["graph", "--vocab", "schema", "-o", "{out}.nt"], ["orcid", "-o", "{out}"],
                                     ["site", "-o", "{out}"]])
def test_no_command_writes_anything_from_hostile_identifiers(tmp_path, capsys, command):
    path = _write(tmp_path, HOSTILE_IDS)
    out = tmp_path / "out"
    argv = [command[0], str(path)] + [part.format(out=out) for part in command[1:]]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "works[0].doi: DOI '10.1234/x}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv.yaml"]


@pytest.mark.parametrize("base, message", [
    ("http://[evil.example]/", f"the base URL: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; {_BRACKET_HOST}"),
    ("https://[::1/", f"the base URL: not a valid URL (RFC 3986/3987): 'https://[::1/'; {_BRACKET_HOST}"),
    ("https://kg.example.edu/a#b#c", "the base URL: not a valid URL (RFC 3986/3987): 'https://kg.example.edu/a#b#c'; "
                                     "a URL has at most one '#'; write any later one as %23"),
    ("https://kg.example.edu/%zz", "the base URL: not a valid URL (RFC 3986/3987): 'https://kg.example.edu/%zz'; '%' "
                                   "must start an escape of two hex digits; write a literal '%' as %25"),
    ("https://kg.example.edu/#x", "the base URL 'https://kg.example.edu/#x' has a fragment ('#'); give it without one"),
])
def test_a_bad_base_is_a_usage_error(tmp_path, capsys, base, message):
    path = _write(tmp_path, "")
    assert main(["graph", str(path), "--base", base, "-o", str(tmp_path / "g.ttl")]) == 2
    assert capsys.readouterr().err == f"cvld: {message} (--base URL)\n"
    assert not (tmp_path / "g.ttl").exists()


# --- what check passes, every output accepts, and each parses back strictly ----------------------

# Valid by the rules, and each of these characters ends or changes a value somewhere when pasted.
ODD_BUT_VALID = """organisations:
  u: {name: 'U {of} "X" <y>', ror: 00hx57361, grid: grid.16750.35, ringgold: 6740,
      url: "https://example.org/org?a=1&b=2;c=(3)#frag"}
people:
  b: {name: 'B } @misc{x,', homepage: 'http://[2001:db8::1]:8080/~b/%41?q=%7B', orcid: 0000-0002-1825-0097}
works:
  - key: w1
    type: journal-article
    title: 'Injected } title={x}, @misc{evil, \\ 50% # ~ ^ _ & $'
    authors: [ada, b]
    venue: {name: 'J } {', issn: 0378-5955}
    date: 2020
    doi: '10.1002/(SICI)1097-4636(199706)35:4;2-R'
    url: "https://example.org/p/a;b=c/(d)/e:f@g!$&'*+,=?x=y/z#s"
    pdf: 'https://ex.org/ü/ß?ä=é'
  - key: w2
    type: preprint
    title: 'Zweite {Arbeit'
    authors: [ada]
    date: 2021-03
    arxiv: 'math.GT/0309136v2'
    doi: 10.48550/arXiv.2009.06125
    isbn: 978-0-306-40615-7
    pmid: 123456
    url: 'https://user@example.org:8443/%E2%82%AC'
"""


def _graph(tmp_path, path, vocab, fmt, base=None):
    out = tmp_path / f"g-{vocab}.{ 'nt' if fmt == 'ntriples' else 'ttl'}"
    argv = ["graph", str(path), "--vocab", vocab, "--format", fmt, "-o", str(out)] + (["--base", base] if base else [])
    assert main(argv) == 0
    return out.read_bytes()


@pytest.mark.parametrize("vocab", ["vivo", "schema"])
@pytest.mark.parametrize("base", [None, "https://kg.example.edu/dept/"])
def test_graphs_of_odd_identifiers_parse_strictly_to_the_same_triples(tmp_path, capsys, vocab, base):
    path = _write(tmp_path, ODD_BUT_VALID)
    nt = _graph(tmp_path, path, vocab, "ntriples", base)
    ttl = _graph(tmp_path, path, vocab, "turtle", base)
    lines = [line for line in nt.decode("utf-8").splitlines() if line.strip()]
    triples = set(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(lines)  # one triple a line: no value ended a term and started another
    assert set(ox.parse(ttl, format=ox.RdfFormat.TURTLE)) == triples
    subjects = {str(t.subject) for t in triples if isinstance(t.subject, ox.NamedNode)}
    assert not any("evil" in s for s in subjects)
    objects = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    assert "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4;2-R" in objects
    assert "https://ror.org/00hx57361" in objects
    literals = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
    assert "Injected } title={x}, @misc{evil, \\ 50% # ~ ^ _ & $" in literals


def test_bibtex_of_odd_values_round_trips_through_bibtexparser_and_the_strict_reader(tmp_path):
    cv = load_cv(_write(tmp_path, ODD_BUT_VALID))
    text = dumps_bibtex(cv)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == ["w1", "w2"]
    strict = strict_bibtex(text)
    assert [(t, k) for t, k, _ in strict] == [("article", "w1"), ("misc", "w2")]
    for entry, (_, _, fields), work in zip(library.entries, strict, cv.works):
        assert {f.key: f.value for f in entry.fields} == fields  # bibtexparser reads what the strict reader reads
        assert fields["doi"] == work.doi and fields["url"] == work.url
        assert fields["title"] == field_value("title", work.title)[1:-1]
    w1 = strict[0][2]
    assert w1["title"] == ("Injected {\\textbraceright} title={\\{}x{\\}}, @misc{\\textbraceleft}evil, "
                           "{\\textbackslash} 50{\\%} {\\#} {\\textasciitilde} {\\textasciicircum} {\\_} {\\&} {\\$}")
    assert w1["author"] == "Ada Lovelace and B {\\textbraceright} @misc{\\textbraceleft}x,"
    assert w1["journal"] == "J {\\textbraceright} {\\textbraceleft}"
    assert strict[1][2]["eprint"] == "math.GT/0309136v2"


def test_the_orcid_citation_value_is_that_bibtex_inside_well_formed_xml(tmp_path):
    path = _write(tmp_path, ODD_BUT_VALID)
    assert main(["orcid", str(path), "-o", str(tmp_path / "orcid")]) == 0
    cv = load_cv(path)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    for work in cv.works:
        (document,) = (tmp_path / "orcid").glob(f"works/{work.key}*.xml")
        root = etree.parse(str(document), parser).getroot()
        (value,) = root.findall(".//{http://www.orcid.org/ns/work}citation-value")
        assert value.text == dumps_entry(work)
        assert len(strict_bibtex(value.text)) == 1
    assert len(strict_bibtex((tmp_path / "orcid" / "works.bib").read_text(encoding="utf-8"))) == 2


@pytest.mark.parametrize("value", ["10.1/x}", "a b", "x\\y", "a\nb", "{"])
def test_the_bibtex_rule_refuses_what_a_verbatim_field_cannot_hold(value):
    with pytest.raises(ValueError):
        field_value("doi", value)


# --- importers drop only the bad value, with a warning at the input's line ---------------------------

IMPORTS = {
    "bibtex": ("a.bib", """@article{a,
  title = {A title},
  author = {Lovelace, Ada},
  journal = {J},
  year = {2020},
  doi = {10.1234/x"<>^`},
  url = {http://[evil.example]/}
}
""", [
        "{p}:6:3: warning: a.doi: doi left out: DOI '10.1234/x\"<>^`' contains '\"', " + _DOI_REFUSAL,
        "{p}:7:3: warning: a.url: url left out: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; "
        + _BRACKET_HOST,
    ]),
    "csl": ("a.json", json.dumps([{"id": "a", "type": "article-journal", "title": "T",
                                   "author": [{"family": "Lovelace", "given": "Ada"}],
                                   "issued": {"date-parts": [[2020]]}, "DOI": "10.1234/x}", "URL": "https://[::1/"}],
                                 indent=1), [
        "{p}:19:10: warning: [0].DOI: DOI left out: DOI '10.1234/x}' contains '}', " + _DOI_REFUSAL,
        "{p}:20:10: warning: [0].URL: URL left out: not a valid URL (RFC 3986/3987): 'https://[::1/'; " + _BRACKET_HOST,
    ]),
    "cff": ("CITATION.cff", """cff-version: 1.2.0
message: m
title: T
authors:
  - family-names: Lovelace
    given-names: Ada
date-released: 2020-01-01
doi: "10.1234/x{y"
url: "https://a.example/#a#b"
""", [
        "{p}:8:6: warning: doi: DOI left out: DOI '10.1234/x{y' contains '{', " + _DOI_REFUSAL,
        "{p}:9:6: warning: url: URL left out: not a valid URL (RFC 3986/3987): 'https://a.example/#a#b'; a URL has at "
        "most one '#'; write any later one as %23",
    ]),
    "jsonresume": ("resume.json", json.dumps({"basics": {"name": "Ada Lovelace", "url": "http://[evil.example]/"},
                                              "publications": [{"name": "T", "publisher": "P",
                                                                "releaseDate": "2020-01-01",
                                                                "url": "https://a.example/%zz"}]}, indent=1), [
        "{p}:4:10: warning: basics.url: url left out: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; "
        + _BRACKET_HOST,
        "{p}:7:3: warning: publications[0]: JSON Resume gives no authors: the owner is written as the only author; "
        "the type is 'other'",
        "{p}:11:11: warning: publications[0].url: url left out: not a valid URL (RFC 3986/3987): "
        "'https://a.example/%zz'; '%' must start an escape of two hex digits; write a literal '%' as %25",
    ]),
    "orcid-json": ("work.json", json.dumps({
        "title": {"title": {"value": "T"}}, "type": "journal-article", "publication-date": {"year": {"value": "2020"}},
        "external-ids": {"external-id": [{"external-id-type": "doi", "external-id-value": "10.1234/x>y",
                                          "external-id-relationship": "self"}]},
        "url": {"value": "http://[evil.example]/"},
        "contributors": {"contributor": [{"credit-name": {"value": "Ada Lovelace"}}]}}, indent=1), [
        "{p}:17:26: warning: external-ids.external-id[0].external-id-value: doi left out: DOI '10.1234/x>y' contains "
        "'>', " + _DOI_REFUSAL,
        "{p}:22:9: warning: url: url left out: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; "
        + _BRACKET_HOST,
    ]),
    "orcid-xml": ("work.xml", """<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
  <work:title><common:title>T</common:title></work:title>
  <work:type>journal-article</work:type>
  <common:publication-date><common:year>2020</common:year></common:publication-date>
  <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1234/x}y</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
  <common:url>https://a.example/a#b#c</common:url>
  <work:contributors><work:contributor><work:credit-name>Ada Lovelace</work:credit-name></work:contributor></work:contributors>
</work:work>
""", [
        "{p}:5:24: warning: ORCID element common:external-id cannot be held by a CV record: DOI '10.1234/x}y' contains "
        "'}', " + _DOI_REFUSAL,
        "{p}:6:3: warning: ORCID element common:url 'https://a.example/a#b#c' cannot be held by a CV record: not a "
        "valid URL (RFC 3986/3987): 'https://a.example/a#b#c'; a URL has at most one '#'; write any later one as %23",
    ]),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_importers_drop_only_the_bad_identifier_and_say_where(tmp_path, name):
    file_name, text, expected = IMPORTS[name]
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    report = Report()
    result = import_document(name.split("-")[0], path, me="Ada Lovelace", report=report)
    assert [str(d) for d in report.sorted()] == [line.replace("{p}", str(path)) for line in expected]
    assert result.works == 1  # the entry still imports
    out = tmp_path / "cv.yaml"
    out.write_text(result.text, encoding="utf-8")
    (work,) = load_cv(out).works  # and the result passes check
    assert work.title in ("T", "A title") and work.doi is None and work.url is None


def test_orcid_json_affiliation_drops_a_bad_organisation_id_and_url_only(tmp_path):
    path = tmp_path / "employment.json"
    path.write_text("""{
 "role-title": "Lecturer",
 "start-date": {"year": {"value": "2019"}},
 "organization": {
  "name": "U",
  "address": {"city": "C", "country": "US"},
  "disambiguated-organization": {
   "disambiguated-organization-identifier": "00hx57362",
   "disambiguation-source": "ROR"
  }
 },
 "url": {"value": "https://u.example/a#b#c"}
}
""", encoding="utf-8")
    report = Report()
    result = import_document("orcid", path, me="Ada Lovelace", report=report)
    assert [str(d) for d in report.sorted()] == [
        f"{path}:8:45: warning: organization.disambiguated-organization.disambiguated-organization-identifier: ROR id "
        "left out: ROR id '00hx57362' fails its check digits (ISO 7064 MOD 97-10)",
        f"{path}:12:9: warning: url: url left out: not a valid URL (RFC 3986/3987): 'https://u.example/a#b#c'; a URL "
        "has at most one '#'; write any later one as %23",
    ]
    out = tmp_path / "cv.yaml"
    out.write_text(result.text, encoding="utf-8")
    cv = load_cv(out)
    (position,) = cv.positions
    assert (position.title, cv.organisations["u"].name, cv.organisations["u"].ror) == ("Lecturer", "U", None)


def test_what_check_passes_build_and_site_accept(tmp_path, capsys):
    path = _write(tmp_path, ODD_BUT_VALID)
    assert main(["check", str(path)]) == 0
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 0
    assert main(["site", str(path), "-o", str(tmp_path / "site"), "--base", "http://[2001:db8::1]:8080/~ada/"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    page = (tmp_path / "site" / "papers" / "w1" / "index.html").read_text(encoding="utf-8")
    root = etree.fromstring(page.encode("utf-8"), etree.HTMLParser())
    assert root.xpath("//link[@rel='canonical']/@href") == ["http://[2001:db8::1]:8080/~ada/papers/w1/"]
    assert root.xpath("//meta[@name='citation_pdf_url']/@content") == ["https://ex.org/ü/ß?ä=é"]


@pytest.mark.parametrize("argv", [
    ["query", "--endpoint", "http://[evil.example]/q", "--vocab", "schema", "--named", "talks"],
    ["push", "{cv}", "--base", "https://kg.example.edu/", "--endpoint", "http://[evil.example]/q"],
])
def test_a_bad_endpoint_is_a_usage_error_before_any_connection(tmp_path, capsys, argv):
    path = _write(tmp_path, "")
    assert main([part.replace("{cv}", str(path)) for part in argv]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"cvld: the SPARQL endpoint: not a valid URL (RFC 3986/3987): 'http://[evil.example]/q'; {_BRACKET_HOST} "
        "(--endpoint URL)")


EVERY_URL_FIELD = """  image: '{u}'
  profiles: [{{network: x, url: '{u}'}}]
organisations:
  o: {{name: O, url: '{u}'}}
people:
  b: {{name: B, homepage: '{u}'}}
works:
  - {{key: w1, type: other, title: T, authors: [ada, b], date: 2020, url: '{u}', pdf: '{u}'}}
talks:
  - {{key: t1, title: T, given: [{{date: 2020, url: '{u}'}}]}}
"""


@pytest.mark.parametrize("url", ["https://[::1/", "http://[evil.example]/", "https://e.org/a#b#c", "https://e.org/%zz",
                                 "https://e.org/a b", "https://e.org/a[1]"])
def test_every_url_field_is_checked_by_the_one_rule(tmp_path, url):
    from cvld.core.diagnostics import CVInputError

    path = _write(tmp_path, EVERY_URL_FIELD.format(u=url))
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    with pytest.raises(ids.IdentifierError) as reason:
        ids.check_url(url)
    found = [(d.location.line, d.location.path, d.message) for d in caught.value.diagnostics]
    assert found == [(5, "person.image", str(reason.value)), (6, "person.profiles[0].url", str(reason.value)),
                     (8, "organisations.o.url", str(reason.value)), (10, "people.b.homepage", str(reason.value)),
                     (12, "works[0].url", str(reason.value)), (12, "works[0].pdf", str(reason.value)),
                     (14, "talks[0].given[0].url", str(reason.value))]

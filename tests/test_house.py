"""One home per rule: the tables and rules that several targets share agree, because each exists once."""

from __future__ import annotations

import json

import pytest

from cvld.core.diagnostics import Report
from cvld.importers import orcidjson
from cvld.importers.orcid import read_orcid
from cvld.orcid import vocab

WORK_XML = """<?xml version="1.0" encoding="UTF-8"?>
<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
  <work:title><common:title>A title</common:title></work:title>
  <work:type>{kind}</work:type>
  <common:publication-date><common:year>2020</common:year></common:publication-date>
</work:work>
"""


def xml_type(kind: str) -> tuple[str, list[str]]:
    report = Report()
    fragment = read_orcid(WORK_XML.format(kind=kind).encode(), report, owner={"key": "me", "name": "Me"}, name="w.xml")
    return fragment["works"][0]["type"], [str(d) for d in report.sorted() if "work type" in d.message]


def json_type(kind: str, tmp_path) -> tuple[str, list[str]]:
    path = tmp_path / "work.json"
    path.write_text(json.dumps({"title": {"title": {"value": "A title"}}, "type": kind,
                                "publication-date": {"year": {"value": "2020"}}}))
    report = Report()
    fragment = orcidjson.read(path, me="Me", report=report)
    return fragment["works"][0]["type"], [str(d) for d in report.sorted() if "work type" in d.message]


@pytest.mark.parametrize("kind", sorted(vocab.WORK_TYPES))
def test_orcid_xml_and_json_read_every_orcid_work_type_alike(kind, tmp_path):
    from_xml, xml_warnings = xml_type(kind)
    from_json, json_warnings = json_type(kind, tmp_path)
    assert from_xml == from_json == vocab.CV_WORK_TYPE.get(kind, "other")
    assert bool(xml_warnings) == bool(json_warnings) == (kind not in vocab.CV_WORK_TYPE)
    if kind.upper() != kind:  # ORCID's JSON also spells them in capitals with '_'
        assert json_type(kind.upper().replace("-", "_"), tmp_path)[0] == from_json


@pytest.mark.parametrize("kind, expected", [("conference-abstract", "conference-paper"),
                                            ("conference-presentation", "presentation"),
                                            ("dissertation-thesis", "thesis"), ("working-paper", "report"),
                                            ("data-set", "dataset"), ("lecture-speech", "presentation")])
def test_orcid_types_users_expect(kind, expected, tmp_path):
    assert xml_type(kind) == (expected, [])
    assert json_type(kind, tmp_path) == (expected, [])


def test_every_cv_work_type_survives_the_orcid_round_trip():
    for cv_type, orcid_type in vocab.ORCID_WORK_TYPE.items():
        back = vocab.CV_WORK_TYPE[orcid_type]
        assert back == ("conference-paper" if cv_type == "workshop-paper" else cv_type)
        assert orcid_type in vocab.WORK_TYPES  # the writer writes only ORCID's own types


# --- text: one slug and fold family -------------------------------------------------------------

from cvld.core.text import fold, is_key, slugify  # noqa: E402
from cvld.model.identity import WorkIdentity, name_identity, same_person_names  # noqa: E402
from cvld.model.dates import parse_date  # noqa: E402
from cvld.model.records import Person, Work  # noqa: E402


@pytest.mark.parametrize("text, slug, folded", [
    ("Voß", "voss", "voss"), ("Jürgen VOSS", "jurgen-voss", "jurgen voss"), ("Ærøskøbing", "aeroskobing", "aeroskobing"),
    ("Łukasz Đoković", "lukasz-dokovic", "lukasz dokovic"), ("Þórður", "thordur", "thordur"),
    ("Yi-An  Ma.", "yi-an-ma", "yi an ma"), ("STRASSE", "strasse", "strasse"), ("Straße", "strasse", "strasse"),
])
def test_slug_and_fold_spell_out_letters_alike(text, slug, folded):
    assert slugify(text) == slug
    assert fold(text) == folded == name_identity(text)


def test_fold_keeps_letters_of_every_script_and_slug_falls_back_to_code_points():
    assert fold("王 小明") == "王 小明" and fold("王小明") != fold("王小")
    assert slugify("王小明") == "u738b-5c0f-660e"


def test_the_key_pattern_is_whole_text():
    assert is_key("lei-wu") and is_key("a" * 80) and is_key("w.2020_x")
    assert not any(is_key(text) for text in ("lei-wu\n", "Lei", "-a", "a" * 81, "", None, 3, "a/b", "é"))


def test_importers_key_people_as_every_other_part_does(tmp_path):
    from cvld.importers.fragment import Fragment
    from cvld.importers.names import parse_name
    fragment = Fragment("x.bib", Report())
    assert fragment.person(parse_name("Jürgen Voß")) == "jurgen-voss"


# --- identity --------------------------------------------------------------------------------------


def work(key, title="Deep Potential", year="2018", doi=None, arxiv=None):
    from cvld.model.ids import parse_arxiv
    return Work(key=key, type="journal-article", title=title, authors=(), date=parse_date(year),
                doi=doi, arxiv=parse_arxiv(arxiv) if arxiv else None)


def same_work(a, b):
    return WorkIdentity.of_work(a).same_as(WorkIdentity.of_work(b))


def test_same_work_by_doi_arxiv_or_title_and_year_but_never_with_two_dois():
    assert same_work(work("a", doi="10.1000/ABC"), work("b", title="Other", doi="https://doi.org/10.1000/abc"))
    assert same_work(work("a", arxiv="1707.09571v2"), work("b", title="Other", arxiv="1707.09571"))
    assert same_work(work("a", title="Deep  potential-MD!"), work("b", title="deep potential MD"))
    assert not same_work(work("a"), work("b", year="2019"))
    assert not same_work(work("a", doi="10.1000/a"), work("b", doi="10.1000/b"))
    assert not same_work(work("a", doi="10.1000/a", arxiv="1707.09571"), work("b", doi="10.1000/b", arxiv="1707.09571"))
    record = WorkIdentity.of_record({"title": "Deep Potential", "date": "2018-03", "doi": "10.1000/ABC", "arxiv": "junk"})
    assert record == WorkIdentity.of_work(work("a", doi="10.1000/abc")) and record.arxiv is None


def test_names_that_can_be_one_persons():
    assert same_person_names(Person("a", "Weinan E"), Person("b", "W. E"))
    assert not same_person_names(Person("a", "Huan Lei"), Person("b", "Lei Wu"))
    assert same_person_names(Person("a", "Jürgen Voß"), Person("b", "Jurgen Voss"))
    assert same_person_names(Person("a", "Søren Kierkegaard"), Person("b", "Soren Kierkegaard"))


MERGE_CV = """person: {key: me, name: Me}
works:
  - key: one
    type: journal-article
    title: Deep Potential
    authors: [me]
    date: 2018
    doi: 10.1000/one
"""


def test_import_merge_keeps_two_works_whose_dois_differ():
    from cvld.importers.merge import merge
    fragment = {"works": [{"key": "two", "type": "journal-article", "title": "Deep potential", "authors": ["me"],
                           "date": 2018, "doi": "10.1000/two"}]}
    result = merge(MERGE_CV, fragment, file="cv.yaml")
    assert result.changed and "key: two" in result.text and "10.1000/two" in result.text
    same = {"works": [{"key": "x", "type": "journal-article", "title": "DEEP potential.", "authors": ["me"],
                       "date": 2018, "pages": "1-2"}]}
    result = merge(MERGE_CV, same, file="cv.yaml")
    assert "key: x" not in result.text and "pages: 1-2" in result.text


VERSIONED = """<?xml version="1.0" encoding="UTF-8"?>
<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
  <work:title><common:title>{title}</common:title></work:title>
  <work:type>{kind}</work:type>
  <common:publication-date><common:year>2018</common:year></common:publication-date>
  <common:external-ids>
    <common:external-id><common:external-id-type>arxiv</common:external-id-type>
      <common:external-id-value>{arxiv}</common:external-id-value>
      <common:external-id-relationship>{relation}</common:external-id-relationship></common:external-id>
  </common:external-ids>
</work:work>
"""


def test_orcid_version_of_finds_the_work_by_its_arxiv_identity_whatever_the_version():
    from cvld.importers.orcid import read_orcid_documents
    preprint = VERSIONED.format(title="Deep Potential", kind="preprint", arxiv="1707.09571v2", relation="self")
    article = VERSIONED.format(title="Deep Potential MD", kind="journal-article", arxiv="arXiv:1707.09571",
                               relation="version-of")
    report = Report()
    fragment = read_orcid_documents([preprint.encode(), article.encode()], report, owner={"key": "me", "name": "Me"},
                                    names=["p.xml", "a.xml"])
    preprint_work, article_work = fragment["works"]
    assert article_work["version_of"] == preprint_work["key"]
    assert not [d for d in report.diagnostics if "version-of" in d.message]


# --- only the command line names options ------------------------------------------------------------


def test_library_errors_name_the_parameter_and_the_command_line_adds_its_option(tmp_path, capsys):
    from cvld.cli.main import main
    from cvld.core.diagnostics import UsageError
    from cvld.orcid.check import load_schema
    with pytest.raises(UsageError) as caught:
        load_schema(tmp_path, "record_3.0/work-3.0.xsd")
    assert "--" not in str(caught.value) and caught.value.parameter == "orcid_xsd"
    assert main(["check", "data/lei-wu.yaml", "--orcid-xsd", str(tmp_path)]) == 2
    assert capsys.readouterr().err.endswith(
        f"cvld: ORCID schemas: {tmp_path}/record_3.0/work-3.0.xsd not found (the folder must hold record_3.0/ and "
        "common_3.0/) (--orcid-xsd DIR)\n")


# --- one finding type ----------------------------------------------------------------------------


def test_every_finding_is_a_diagnostic_with_a_known_severity():
    from cvld.core.diagnostics import Diagnostic, Location
    from cvld.jsonld.check import vocabulary_findings
    note = Diagnostic(Location("cv.yaml", 3, 5, "works[0].doi"), "added '10.1000/x'", "note")
    assert str(note) == "cv.yaml:3:5: works[0].doi: added '10.1000/x'" and not note.is_error
    with pytest.raises(ValueError, match="unknown severity 'info'"):
        Diagnostic(Location("cv.yaml"), "x", "info")
    report = Report()
    error = Diagnostic(Location("b.yaml", 1, 1), "bad")
    assert report.keep([note, error]) == [error] and report.diagnostics == [note]
    (found,) = vocabulary_findings({"@context": "https://schema.org", "@id": "https://e.org/x", "@type": "Person",
                                    "autor": "A"})
    assert isinstance(found, Diagnostic) and (found.location.file, found.location.path) == ("https://e.org/x", "autor")


def test_a_yaml_syntax_error_is_a_located_input_error():
    from cvld.core.diagnostics import CVInputError
    from cvld.source.yamlsource import parse
    with pytest.raises(CVInputError) as caught:
        parse("cv.yaml", "person:\n  name: [A\n")
    assert caught.value.exit_status == 1
    assert [str(d) for d in caught.value.diagnostics][0].startswith("cv.yaml:3:1: YAML syntax error:")


def test_the_schema_and_the_code_share_one_key_pattern():
    from cvld.core.resources import cv_schema
    from cvld.core.text import KEY_PATTERN
    patterns = set()

    def walk(value):
        if isinstance(value, dict):
            if "pattern" in value and "a-z0-9._-" in value["pattern"]:
                patterns.add(value["pattern"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(cv_schema())
    assert patterns == {f"^{KEY_PATTERN}$"}


# --- one home: a copied table or rule fails here ---------------------------------------------------

from pathlib import Path  # noqa: E402

SRC = Path(__file__).resolve().parent.parent / "src" / "cvld"


@pytest.mark.parametrize("text, home", [
    ("http://www.orcid.org/ns/", "orcid/vocab.py"),
    ("[a-z0-9][a-z0-9._-]{0,79}", "core/text.py"),
    ('"program committee member"', "model/records.py"),
    ('"teaching assistant"', "model/records.py"),
    ('"conference-abstract"', "orcid/vocab.py"),
    ('"dissertation-thesis"', "orcid/vocab.py"),
    ("https://doi.org/{}", "model/ids.py"),
    ("pubmed.ncbi.nlm.nih.gov", "model/ids.py"),
    ('"ß"', "core/text.py"),
    ('"NFKD"', "core/text.py"),
])
def test_each_shared_table_or_rule_is_written_once(text, home):
    holders = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                     if p.name != "_cv_validator.py" and text in p.read_text(encoding="utf-8"))
    assert holders == [home]

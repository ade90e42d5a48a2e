"""The ORCID checks: ORCID's XSDs on request, and the built-in rules the XSDs leave to the API,
each shown failing on a document that breaks it (exact messages)."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from conftest import SEED_CV, shared_path
from cvld.api import check_files
from cvld.orcid.check import check, rule_problems, validate_xsd
from cvld.cli.main import main
from cvld.core.diagnostics import Report, UsageError
from cvld.orcid.write import documents
from cvld.source.load import build_cv
from cvld.source.yamlsource import parse

C = "{http://www.orcid.org/ns/common}"
W = "{http://www.orcid.org/ns/work}"


@pytest.fixture(scope="module")
def work_root(lei_wu):
    return etree.fromstring(documents(lei_wu)[11].xml)  # wu2020transferability: arXiv id, a venue


@pytest.fixture(scope="module")
def education_root(lei_wu):
    return etree.fromstring([i for i in documents(lei_wu) if i.key == "phd-pku"][0].xml)


def broken(root, path, text=None, attribute=None):
    copy = etree.fromstring(etree.tostring(root))
    element = copy.find(path) if path else copy
    if attribute:
        element.set(*attribute)
    else:
        element.text = text
    return copy


def pairs(root):
    """(severity, message) of each finding (located nowhere: the document alone)."""
    found = rule_problems(root)
    assert {d.location.file for d in found} <= {""}
    return [(d.severity, d.message) for d in found]


def errors(root):
    return [message for severity, message in pairs(root) if severity == "error"]


def test_the_generated_documents_break_no_rule(work_root, education_root):
    assert pairs(work_root) == []
    assert pairs(education_root) == []  # Peking University has its ROR id


@pytest.mark.parametrize("path, text, message", [
    (f"{W}type", "workshop-paper", "work type 'workshop-paper' is not one of ORCID's 59 work types"),
    (f"{W}citation/{W}citation-type", "chicago",
     "citation type 'chicago' is not one of: bibtex, formatted-apa, formatted-chicago, formatted-harvard, "
     "formatted-ieee, formatted-mla, formatted-unspecified, formatted-vancouver, ris"),
    (f"{W}contributors/{W}contributor/{W}contributor-attributes/{W}contributor-role", "writer",
     "contributor role 'writer' is not an ORCID role (author, editor, ... or a CRediT role URI "
     "http://credit.niso.org/contributor-roles/<slug>/)"),
    (f"{W}contributors/{W}contributor/{W}contributor-attributes/{W}contributor-sequence", "second",
     "contributor sequence 'second' is not 'first' or 'additional'"),
    (f"{C}external-ids/{C}external-id/{C}external-id-relationship", "same-as",
     ["external-id relationship 'same-as' is not one of: funded-by, part-of, self, version-of",
      "work 'Towards understanding and improving the transferability of adversarial examples in deep neural "
      "networks' has no external id with relationship 'self' (ORCID's API refuses it)"]),
    (f"{W}title/{C}title", "x" * 1001, "title is 1001 characters long; ORCID takes at most 1000"),
    (f"{W}contributors/{W}contributor/{W}credit-name", "y" * 151,
     "credit-name is 151 characters long; ORCID takes at most 150"),
    (f"{C}publication-date/{C}year", "2020\n  ", "whitespace inside the date element year ('2020\\n  ')"),
    (f"{C}publication-date/{C}year", "1899", "year 1899 is outside ORCID's range 1900-2100"),
])
def test_each_rule_on_a_work_that_breaks_it(work_root, path, text, message):
    assert errors(broken(work_root, path, text)) == (message if isinstance(message, list) else [message])


def test_short_description_limit(work_root):
    root = broken(work_root, f"{W}journal-title", "J")
    description = etree.Element(f"{W}short-description")
    description.text = "z" * 5001
    root.find(f"{W}journal-title").addnext(description)
    assert errors(root) == ["short-description is 5001 characters long; ORCID takes at most 5000"]


def test_country_and_language_codes(work_root):
    root = etree.fromstring(etree.tostring(work_root))
    language = etree.SubElement(root, f"{C}language-code")
    language.text = "english"
    country = etree.SubElement(root, f"{C}country")
    country.text = "UK"
    assert errors(root) == ["country 'UK' is not an ISO 3166-1 alpha-2 code",
                            "language code 'english' is not one of ORCID's language codes"]
    language.text, country.text = "zh_CN", "XK"
    assert errors(root) == []


def test_external_id_type_outside_the_registry_is_a_warning(work_root):
    root = broken(work_root, f"{C}external-ids/{C}external-id/{C}external-id-type", "arxiv-id")
    assert pairs(root) == [
        ("warning", "external-id type 'arxiv-id' is not in ORCID's identifier registry (as cvld knows it)")]


def test_a_work_without_a_self_id(work_root):
    root = broken(work_root, f"{C}external-ids/{C}external-id/{C}external-id-relationship", "part-of")
    assert errors(root) == ["work 'Towards understanding and improving the transferability of adversarial examples "
                            "in deep neural networks' has no external id with relationship 'self' (ORCID's API "
                            "refuses it)"]


def test_affiliation_rules(education_root):
    root = broken(education_root, f"{C}organization/{C}address/{C}country", "China")
    without = root.find(f"{C}organization/{C}disambiguated-organization")
    without.getparent().remove(without)
    assert pairs(root) == [
        ("error", "country 'China' is not an ISO 3166-1 alpha-2 code"),
        ("warning", "organization 'Peking University' has no disambiguated-organization (ROR, Ringgold, GRID or Crossref Funder id), "
                    "which ORCID's API requires"),
    ]
    organisation = education_root.find(f"{C}organization")
    copy = etree.fromstring(etree.tostring(education_root))
    ror = copy.find(f"{C}organization/{C}disambiguated-organization")
    ror.getparent().remove(ror)
    extra = etree.SubElement(copy.find(f"{C}organization"), f"{C}disambiguated-organization")
    etree.SubElement(extra, f"{C}disambiguated-organization-identifier").text = "12345"
    etree.SubElement(extra, f"{C}disambiguation-source").text = "ISNI"
    assert pairs(copy) == [("error", "disambiguation source 'ISNI' is not one of: FUNDREF, GRID, LEI, "
                                             "RINGGOLD, ROR")]
    assert organisation is not None


def test_xsd_errors_name_the_line(work_root):
    xsd = shared_path("orcid")
    root = etree.fromstring(etree.tostring(work_root))
    root.append(root.find(f"{W}title"))  # title moved to the end: out of the XSD's sequence
    problems = validate_xsd(etree.tostring(root), xsd)
    assert len(problems) == 1
    assert problems[0].startswith("line 2: Element '{http://www.orcid.org/ns/work}journal-title': This element is "
                                  "not expected. Expected is one of")
    assert validate_xsd(b"<work:work xmlns:work='http://www.orcid.org/ns/work'>", xsd)[0].startswith(
        "not well-formed XML")
    assert validate_xsd(b"<x/>", xsd) == ["not an ORCID item document: root element x"]
    with pytest.raises(UsageError, match="not found"):
        validate_xsd(etree.tostring(work_root), xsd / "record_3.0")


def test_check_locates_rule_errors_at_the_record():
    data = {"person": {"key": "ada", "name": "Ada"},
            "works": [{"key": "w", "type": "other", "title": "T" * 1001, "authors": ["ada"], "date": 2020}]}
    cv = build_cv(parse("mem.yaml", json.dumps(data)), Report())
    found = [str(d) for d in check(cv) if d.is_error]
    assert found == ["mem.yaml:1:53: works[0]: ORCID work 'w': title is 1001 characters long; ORCID takes at most 1000"]
    with_xsd = [str(d) for d in check(cv, shared_path("orcid")) if d.is_error]
    assert len(with_xsd) == 3  # the rule, and the XSD for the work and for the bulk document
    assert with_xsd[1].startswith("mem.yaml:1:53: works[0]: ORCID work 'w': not valid against ORCID's XSD: line 4: Element "
                               "'{http://www.orcid.org/ns/common}title': [facet 'maxLength'] The value has a length of '1001'")
    assert with_xsd[2].startswith("mem.yaml: ORCID bulk document 1: not valid against ORCID's XSD: ")


def test_cvld_check_runs_the_orcid_check():
    report, _, _ = check_files([SEED_CV], orcid_xsd=shared_path("orcid"))
    assert report.errors == []
    assert len([w for w in report.warnings if "ORCID" in w.message]) == 27
    report_without, _, _ = check_files([SEED_CV])
    assert report_without.diagnostics == report.diagnostics


def test_cli_check_with_orcid_xsd(capsys):
    assert main(["check", str(SEED_CV), "--verbose", "--orcid-xsd", str(shared_path("orcid"))]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith("1 file(s) checked: 0 error(s), ")
    assert len([line for line in lines if "ORCID" in line]) == 27
    assert main(["check", str(SEED_CV), "--orcid-xsd", "/nonexistent"]) == 2


def test_cli_orcid_writes_the_folder(tmp_path, capsys):
    out = tmp_path / "orcid"
    assert main(["orcid", str(SEED_CV), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == "wrote 41 file(s) to " + str(out) + "\n"
    assert len(list(out.glob("works/*.xml"))) == 24
    assert (out / "works.bib").read_text(encoding="utf-8").startswith("@article{e2020towards,\n")

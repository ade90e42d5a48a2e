"""ORCID v3.0 XML from the example CV: every document valid against ORCID's own XSDs,
the mapping exact, and the warnings located at the record."""

from __future__ import annotations

import dataclasses
import json

import pytest
from lxml import etree

from conftest import SEED_CV, shared_path
from cvld.api import load_cv
from cvld.orcid.check import validate_xsd
from cvld.core.diagnostics import Report
from cvld.orcid.write import bulk_documents, documents, files
from cvld.source.load import build_cv
from cvld.source.yamlsource import parse

C = "{http://www.orcid.org/ns/common}"
W = "{http://www.orcid.org/ns/work}"


def _seed_files():
    return files(load_cv(SEED_CV))


SEED_XML = sorted(path for path in _seed_files() if path.endswith(".xml"))


@pytest.fixture(scope="module")
def xsd_dir():
    return shared_path("orcid")


@pytest.fixture(scope="module")
def seed_files():
    return _seed_files()


@pytest.mark.parametrize("path", SEED_XML)
def test_every_document_is_valid_against_orcids_xsd(path, seed_files, xsd_dir):
    assert validate_xsd(seed_files[path], xsd_dir) == []


def test_the_documents_of_the_example_cv(lei_wu):
    items = documents(lei_wu)
    sections = [item.section for item in items]
    assert sections.count("work") == 19 + 5  # 19 works, 5 talk occurrences
    assert sections.count("education") == 2
    assert sections.count("employment") == 2
    assert sections.count("invited-position") == 2  # the two visiting stays
    assert sections.count("service") == 9
    assert [i.key for i in items if i.section == "invited-position"] == ["visit-princeton-2018", "visit-pnnl-2014"]
    assert [i.key for i in items if i.key.startswith("talk-")] == [
        "talk-flow-based-models-2020-08", "talk-continuous-viewpoint-2020-05", "talk-a-priori-estimates-2019-06",
        "talk-a-priori-estimates-2019-07", "talk-sgd-global-minima-2018-06"]
    assert items[0].origin.path == "works[0]"


def test_one_bulk_document_holds_all_24_works(lei_wu, seed_files):
    bulks = bulk_documents(lei_wu)
    assert len(bulks) == 1
    root = etree.fromstring(bulks[0])
    assert root.tag == "{http://www.orcid.org/ns/bulk}bulk"
    assert len(root.findall(f"{W}work")) == 24
    assert seed_files["bulk/works-001.xml"] == bulks[0]


def test_bulk_documents_hold_at_most_100_works(lei_wu, xsd_dir):
    many = tuple(dataclasses.replace(lei_wu.works[i % 19], key=f"w{i}") for i in range(230))
    bulks = bulk_documents(dataclasses.replace(lei_wu, works=many, talks=()))
    assert [len(etree.fromstring(b).findall(f"{W}work")) for b in bulks] == [100, 100, 30]
    assert [validate_xsd(b, xsd_dir) for b in bulks] == [[], [], []]


def test_output_is_byte_identical_from_run_to_run(seed_files):
    assert _seed_files() == seed_files


def test_files_layout(seed_files):
    folders = sorted({path.split("/")[0] for path in seed_files})
    assert folders == ["bulk", "education", "employment", "invited-positions", "service", "works", "works.bib"]
    assert "works/e2020towards.xml" in seed_files and "education/phd-pku.xml" in seed_files
    assert "service/reviewer-neurips.xml" in seed_files


def test_no_whitespace_inside_text_or_date_elements(seed_files):
    for path in SEED_XML:
        for element in etree.fromstring(seed_files[path]).iter():
            if len(element) == 0 and element.text is not None:
                assert element.text == element.text.strip() or element.tag == f"{W}citation-value", path
                assert element.text.strip(), path


def _cv(tmp_yaml: dict):
    data = {"person": {"key": "ada", "name": "Ada Lovelace", "orcid": "0000-0002-1825-0097"}, **tmp_yaml}
    report = Report()
    return build_cv(parse("mem.yaml", json.dumps(data)), report), report


FULL = {
    "people": {"bob": {"name": "Bob Bee", "given_name": "Bob", "family_name": "Bee", "orcid": "0000-0001-5109-3700"}},
    "organisations": {"oxf": {"name": "University of Oxford", "city": "Oxford", "country": "GB",
                              "ror": "052gg0110"}},
    "works": [
        {"key": "paper", "type": "journal-article", "title": "A paper", "authors": ["ada", "bob"],
         "venue": {"name": "Journal of Things", "issn": "0317-8471"}, "date": "2021-03-09",
         "doi": "10.1234/abc", "abstract": "What we found.", "url": "https://example.org/paper"},
        {"key": "paper-preprint", "type": "preprint", "title": "A paper", "authors": ["ada", "bob"],
         "date": "2020-11", "arxiv": "2011.01234", "version_of": "paper"},
    ],
    "positions": [{"key": "lecturer", "title": "Lecturer", "organisation": "oxf", "start": "2019-10",
                   "end": "present"}],
}


def test_work_mapping_external_ids_and_contributors():
    cv, _ = _cv(FULL)
    item = documents(cv)[0]
    root = etree.fromstring(item.xml)
    ids = [(e.findtext(f"{C}external-id-type"), e.findtext(f"{C}external-id-value"),
            e.findtext(f"{C}external-id-url"), e.findtext(f"{C}external-id-relationship"))
           for e in root.iter(f"{C}external-id")]
    assert ids == [
        ("doi", "10.1234/abc", "https://doi.org/10.1234/abc", "self"),
        ("issn", "0317-8471", "https://portal.issn.org/resource/ISSN/0317-8471", "part-of"),
        ("arxiv", "2011.01234", "https://arxiv.org/abs/2011.01234", "version-of"),
    ]
    assert [child.tag.split("}")[1] for child in root] == [
        "title", "journal-title", "short-description", "citation", "type", "publication-date", "external-ids",
        "url", "contributors"]
    assert [e.text for e in root.find(f"{C}publication-date")] == ["2021", "03", "09"]
    assert root.findtext(f"{W}short-description") == "What we found."
    contributors = root.findall(f"{W}contributors/{W}contributor")
    assert [c.findtext(f"{W}credit-name") for c in contributors] == ["Ada Lovelace", "Bob Bee"]
    assert [c.findtext(f"{W}contributor-attributes/{W}contributor-sequence") for c in contributors] == [
        "first", "additional"]
    assert contributors[1].findtext(f"{C}contributor-orcid/{C}uri") == "https://orcid.org/0000-0001-5109-3700"
    assert contributors[1].findtext(f"{C}contributor-orcid/{C}path") == "0000-0001-5109-3700"
    preprint = etree.fromstring(documents(cv)[1].xml)
    assert [(e.findtext(f"{C}external-id-type"), e.findtext(f"{C}external-id-relationship"))
            for e in preprint.iter(f"{C}external-id")] == [("arxiv", "self"), ("doi", "version-of")]
    assert preprint.findtext(f"{W}type") == "preprint"
    assert [e.text for e in preprint.find(f"{C}publication-date")] == ["2020", "11"]


def test_affiliation_with_ror_and_no_warning():
    cv, _ = _cv(FULL)
    report = Report()
    item = [i for i in documents(cv, report) if i.section == "employment"][0]
    root = etree.fromstring(item.xml)
    assert [child.tag.split("}")[1] for child in root] == ["role-title", "start-date", "organization"]
    assert root.findtext(f"{C}organization/{C}disambiguated-organization/{C}disambiguated-organization-identifier") \
        == "https://ror.org/052gg0110"
    assert root.findtext(f"{C}organization/{C}disambiguated-organization/{C}disambiguation-source") == "ROR"
    assert root.find(f"{C}end-date") is None  # ongoing
    assert [d.message for d in report.diagnostics if "employment" in d.message] == []


def test_talk_occurrence_as_lecture_speech(lei_wu, seed_files):
    root = etree.fromstring(seed_files["works/talk-continuous-viewpoint-2020-05.xml"])
    assert root.findtext(f"{W}type") == "lecture-speech"
    assert root.findtext(f"{W}journal-title") == "CCMA Deep Learning Seminar"
    assert root.findtext(f"{W}short-description") == \
        "Talk given at CCMA Deep Learning Seminar, Pennsylvania State University (online)"
    assert [e.text for e in root.find(f"{C}publication-date")] == ["2020", "05"]
    huawei = etree.fromstring(seed_files["works/talk-a-priori-estimates-2019-07.xml"])
    assert huawei.findtext(f"{W}journal-title") == "Huawei, Noah's Ark Lab"


def test_service_without_organisation_names_the_venue(seed_files):
    root = etree.fromstring(seed_files["service/reviewer-neurips.xml"])
    assert root.findtext(f"{C}role-title") == "Reviewer"
    assert root.findtext(f"{C}organization/{C}name") == "Conference on Neural Information Processing Systems (NeurIPS)"
    journal = etree.fromstring(seed_files["service/reviewer-journal-of-machine-learning-research.xml"])
    assert journal.findtext(f"{C}organization/{C}name") == "Journal of Machine Learning Research"


def test_degree_title(seed_files):
    root = etree.fromstring(seed_files["education/phd-pku.xml"])
    assert root.findtext(f"{C}role-title") == "Ph.D. in Computational Mathematics"
    visit = etree.fromstring(seed_files["invited-positions/visit-princeton-2018.xml"])
    assert visit.findtext(f"{C}department-name") == "Program in Applied and Computational Mathematics (PACM)"
    assert visit.findtext(f"{C}role-title") == "Visiting student"


def test_warnings_are_located_at_the_record(lei_wu):
    report = Report()
    documents(lei_wu, report)
    messages = [str(d) for d in report.sorted()]
    assert len(messages) == 27
    assert "data/lei-wu.yaml:109:5: warning: works[0]: no DOI, arXiv id, ISBN or PubMed id: ORCID gets " \
           "source-work-id 'cvld:e2020towards' instead (a DOI would be better: 'cvld enrich' looks it up on " \
           "Crossref)" in [m[m.index("data/"):] for m in messages]
    texts = {d.location.path: d.message for d in report.diagnostics}
    assert texts["education[0]"] == "ORCID has no place for advisors or mentors: they are left out of the ORCID XML"
    assert "positions[0]" not in texts  # Princeton has its ROR id
    assert texts["positions[1]"] == ("ORCID needs a disambiguated organisation on every employment: give "
                                     "organisation 'bibdr' a ror, ringgold, grid or crossref_funder id ('cvld "
                                     "enrich' looks its ROR id up)")
    assert texts["service[6]"] == ("no organisation: ORCID gets 'Journal of Machine Learning Research' as the "
                                   "organization's name, without the disambiguated organisation (ROR, Ringgold, "
                                   "GRID or Crossref Funder id) its API requires")
    assert sum("a DOI would be better" in m for m in messages) == 14  # 15 published works, one with an arXiv id
    assert not any(d.is_error for d in report.diagnostics)


def test_years_outside_orcids_range_are_left_out(xsd_dir):
    cv, _ = _cv({"works": [{"key": "old", "type": "book", "title": "Old", "authors": ["ada"], "date": 1843}]})
    report = Report()
    item = documents(cv, report)[0]
    assert etree.fromstring(item.xml).find(f"{C}publication-date") is None
    assert validate_xsd(item.xml, xsd_dir) == []
    assert [d.message for d in report.diagnostics if "1900" in d.message] == [
        "ORCID holds years 1900-2100 only: the date 1843 is left out of the ORCID XML"]


def test_service_with_an_organisation_and_a_role_of_its_own(xsd_dir):
    cv, report = _cv({"organisations": {"jmlr": {"name": "Microtome Publishing", "city": "Brookline",
                                                 "country": "US", "ringgold": "12345"}},
                      "service": [{"role": "other", "role_title": "Editorial board member", "venue": "JMLR",
                                   "venue_full": "Journal of Machine Learning Research", "organisation": "jmlr",
                                   "start": 2021, "end": "present"}]})
    warnings = Report()
    (item,) = documents(cv, warnings)
    assert (item.section, item.key) == ("service", "other-jmlr")
    root = etree.fromstring(item.xml)
    assert [child.tag.split("}")[1] for child in root] == ["department-name", "role-title", "start-date",
                                                           "organization"]
    assert root.findtext(f"{C}department-name") == "Journal of Machine Learning Research (JMLR)"
    assert root.findtext(f"{C}role-title") == "Editorial board member"
    assert root.findtext(f"{C}organization/{C}disambiguated-organization/{C}disambiguation-source") == "RINGGOLD"
    assert validate_xsd(item.xml, xsd_dir) == []
    assert warnings.diagnostics == []


def test_role_other_needs_a_role_title():
    from cvld.core.diagnostics import CVInputError

    with pytest.raises(CVInputError) as raised:
        _cv({"service": [{"role": "other", "venue": "X"}]})
    assert [str(d) for d in raised.value.diagnostics] == [
        "mem.yaml:1:105: service[0].role: role 'other' needs 'role_title' (the role as written)"]

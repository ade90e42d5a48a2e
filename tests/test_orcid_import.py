"""ORCID XML back into records: the example CV round-trips document for document, and every
ORCID write sample re-exports to a valid document keeping every element a record can hold."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from lxml import etree

from conftest import SEED_CV, shared_path
from cvld.orcid.check import validate_xsd
from cvld.core.diagnostics import Report, UsageError
from cvld.orcid.write import bulk_documents, documents, files
from cvld.importers.orcid import qname, read_orcid, read_orcid_documents
from cvld.source.load import build_cv, read_source
from cvld.source.yamlsource import parse

OWNER = {"key": "owner", "name": "Owner"}


def load_fragment(fragment: dict, person: dict | None = None):
    data = {"person": person or OWNER, **fragment}
    report = Report()
    return build_cv(parse("fragment.json", json.dumps(data)), report), report


def by_section(items):
    found: dict[str, set] = {}
    for item in items:
        found.setdefault(item.section, set()).add(item.xml)
    return found


@pytest.fixture(scope="module")
def seed_person():
    return read_source(SEED_CV).data["person"]


def test_the_example_cv_round_trips_document_for_document(lei_wu, seed_person):
    first = documents(lei_wu)
    report = Report()
    fragment = read_orcid_documents([item.xml for item in first], report,
                                    owner={"key": "lei-wu", "name": "Lei Wu"})
    assert report.diagnostics == []  # nothing cvld writes is lost on the way back
    assert sorted(fragment) == ["education", "organisations", "people", "positions", "service", "works"]
    assert len(fragment["works"]) == 24 and len(fragment["people"]) == 17
    assert fragment["people"]["emily-b-fox"] == {"name": "Emily B. Fox", "family_name": "Fox",
                                                 "given_name": "Emily B."}
    cv, load_report = load_fragment(fragment, seed_person)
    assert load_report.errors == []
    second = documents(cv)
    assert by_section(second) == by_section(first)
    assert [item.key for item in second if item.section == "work"] == [
        item.key for item in first if item.section == "work"]
    # and once more: record -> XML -> record -> XML is stable
    again = read_orcid_documents([item.xml for item in second], Report(), owner={"key": "lei-wu", "name": "Lei Wu"})
    assert again == fragment


def test_a_bulk_document_reads_like_its_works(lei_wu):
    from_bulk = read_orcid(bulk_documents(lei_wu)[0], owner={"key": "lei-wu", "name": "Lei Wu"})
    singles = read_orcid_documents([i.xml for i in documents(lei_wu) if i.section == "work"],
                                   owner={"key": "lei-wu", "name": "Lei Wu"})
    assert from_bulk == singles


def test_version_of_links_are_matched_across_documents():
    fragment = {"works": [
        {"key": "paper", "type": "journal-article", "title": "P", "authors": ["owner"], "date": 2021,
         "doi": "10.1234/abc", "venue": {"name": "J"}},
        {"key": "pre", "type": "preprint", "title": "P", "authors": ["owner"], "date": 2020, "arxiv": "2011.01234",
         "version_of": "paper", "status": "preprint"},
    ]}
    cv, _ = load_fragment(fragment)
    back = read_orcid_documents([item.xml for item in documents(cv)], owner=OWNER)
    assert back["works"][1]["version_of"] == "paper"
    assert "version_of" not in back["works"][0]
    alone = Report()
    read_orcid(documents(cv)[1].xml, alone, name="pre.xml")
    assert [str(d) for d in alone.diagnostics] == [
        "pre.xml:28:5: warning: ORCID element common:external-id cannot be held by a CV record: version-of names a "
        "work that is not among those read"]


def leaves(xml: bytes) -> Counter:
    """(path of element names, text) of every element without children."""
    root = etree.fromstring(xml)
    found = Counter()
    for element in root.iter(etree.Element):  # (not the comments in ORCID's distinction sample)
        if len(element) == 0:
            names = [qname(e) for e in reversed(list(element.iterancestors())) if e is not root] + [qname(element)]
            found[("/".join(names), " ".join((element.text or "").split()))] += 1
    return found


CITATION = ("work:citation/work:citation-value", '@article {ORCID2012, title = "ORCID: a system to uniquely identify '
            'researchers", journal = "Learned Publishing", year = "2012", doi = "doi:10.1087/20120404" }')
GRANTS = {("common:external-ids/common:external-id/common:external-id-type", "grant_number"): 2,
          ("common:external-ids/common:external-id/common:external-id-value", "external-identifier-value"): 1,
          ("common:external-ids/common:external-id/common:external-id-value", "external-identifier-value2"): 1,
          ("common:external-ids/common:external-id/common:external-id-url", "http://tempuri.org"): 1,
          ("common:external-ids/common:external-id/common:external-id-url", "http://tempuri.org/2"): 1,
          ("common:external-ids/common:external-id/common:external-id-relationship", "self"): 2}
GRANT_WARNING = ["31: common:external-ids: cvld keeps no ids on affiliations"]

# sample -> (elements that a record cannot hold, warnings as "LINE: ELEMENT: reason", what the user must add)
SAMPLES = {
    "work-simple-3.0.xml": ({}, ["5: no publication-date: imported undated; add its date when it is known"],
                            {"date": 2012}),
    "work-full-3.0.xml": (
        {("work:title/common:subtitle", "Sub title"): 1, ("work:title/common:translated-title", "Translated-title"): 1,
         CITATION: 1,
         ("common:external-ids/common:external-id/common:external-id-type", "doi"): 2,
         ("common:external-ids/common:external-id/common:external-id-value", "10.1087/20120404"): 1,
         ("common:external-ids/common:external-id/common:external-id-value", "work:doi"): 1,
         ("common:external-ids/common:external-id/common:external-id-url", "https://doi.org/10.1087/20120404"): 1,
         ("common:external-ids/common:external-id/common:external-id-url", "http://orcid.org"): 1,
         ("common:external-ids/common:external-id/common:external-id-relationship", "version-of"): 1,
         ("common:language-code", "en"): 1, ("common:country", "US"): 1},
        ["8: common:subtitle 'Sub title'", "9: common:translated-title 'Translated-title'",
         "13: work:citation: cvld writes its own BibTeX citation from the record",
         "30: common:external-id: version-of names a work that is not among those read",
         "36: common:external-id: not a DOI: 'work:doi' (expected 10.NNNN/suffix)",
         "58: common:language-code 'en'", "59: common:country 'US'"], {}),
    "bulk-work-3.0.xml": (
        {("work:work/common:external-ids/common:external-id/common:external-id-url", "http://extId/1"): 1,
         ("work:work/common:external-ids/common:external-id/common:external-id-url", "http://extId/2"): 1},
        ["22: common:external-id-url 'http://extId/1': cvld writes the id's own URL",
         "42: common:external-id-url 'http://extId/2': cvld writes the id's own URL"], {}),
    "education-3.0.xml": (GRANTS, GRANT_WARNING, {}),
    "employment-3.0.xml": (GRANTS, GRANT_WARNING, {}),
    "invited-position-3.0.xml": (GRANTS, GRANT_WARNING, {}),
    "service-3.0.xml": (GRANTS, GRANT_WARNING, {}),
    "distinction-3.0.xml": (
        GRANTS | {("common:end-date/common:year", "1948"): 1, ("common:end-date/common:month", "02"): 1,
                  ("common:end-date/common:day", "02"): 1},
        ["13: common:end-date: cvld keeps one date per award (the start-date)",
         "32: common:external-ids: cvld keeps no ids on affiliations"], {}),
    "membership-3.0.xml": (GRANTS, GRANT_WARNING, {}),
    "funding-3.0.xml": (
        {("funding:organization-defined-type", "Funding sub-type"): 1,
         ("funding:title/common:translated-title", "Translated title"): 1,
         ("funding:short-description", "Short description of the award"): 1, ("funding:amount", "1000"): 1,
         ("common:external-ids/common:external-id/common:external-id-url", "http://tempuri.org/12345"): 1},
        ["5: ORCID names no role of the owner in the funding 'Grant title': read as 'participant'; correct it "
         "(pi, co-pi) if the grant is the owner's",
         "7: funding:organization-defined-type 'Funding sub-type'", "10: common:translated-title 'Translated title'",
         "12: funding:short-description 'Short description of the award'",
         "13: funding:amount '1000': unknown currency code 'ADP' (use ISO 4217, such as EUR or USD)",  # (withdrawn)
         "29: common:external-id-url 'http://tempuri.org/12345': cvld keeps a grant's award number, not a link for "
         "it (the grant's own url is common:url)"], {}),
}


def _warnings(report: Report) -> list[str]:
    out = []
    for d in sorted(report.diagnostics, key=lambda d: d.location.line):
        text = d.message.replace("ORCID element ", "").replace(" cannot be held by a CV record", "")
        out.append(f"{d.location.line}: {text}")
    return out


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_orcid_write_samples_import_and_re_export(sample):
    path = shared_path("orcid", "samples", "write_samples", sample)
    xsd = shared_path("orcid")
    lost, warned, to_add = SAMPLES[sample]
    report = Report()
    fragment = read_orcid(path, report, owner=OWNER)
    assert _warnings(report) == warned
    for work in fragment.get("works", []):
        work.update(to_add)
    cv, load_report = load_fragment(fragment)
    assert load_report.errors == []
    again = [item.xml for item in documents(cv)]
    if sample.startswith("bulk"):
        again = bulk_documents(cv)
    assert len(again) == 1
    assert validate_xsd(again[0], xsd) == []
    original = path.read_bytes()
    assert etree.fromstring(again[0]).tag == etree.fromstring(original).tag
    assert leaves(original) - leaves(again[0]) == Counter(lost)
    # what cvld wrote comes back unchanged
    back = read_orcid(again[0], owner=OWNER)
    for work in back.get("works", []):
        work.update(to_add)
    cv_again, _ = load_fragment(back)
    assert [item.xml for item in documents(cv_again)] == [item.xml for item in documents(cv)]


def test_read_samples_of_single_items_read_with_their_metadata_reported():
    path = shared_path("orcid", "samples", "read_samples", "employment-full-3.0.xml")
    report = Report()
    fragment = read_orcid(path, report, owner=OWNER)
    assert fragment["positions"][0]["kind"] == "employment"
    reported = {d.message.split(" cannot")[0] for d in report.diagnostics}
    assert "ORCID element common:source" in reported
    assert any(m.startswith("ORCID attribute put-code=") for m in reported)


def test_not_an_item_document():
    with pytest.raises(UsageError, match=r"^x.xml: not an ORCID document cvld reads \(root element error:error\); it "
                                         r"reads a record, a person, an activities summary, works \(summaries\), a "
                                         r"work, bulk, educations, employments, invited positions, services, "
                                         r"distinctions, memberships, fundings, one education, employment, "
                                         r"invited-position, service, distinction, membership or funding$"):
        read_orcid(b"<error:error xmlns:error='http://www.orcid.org/ns/error'/>", name="x.xml")
    with pytest.raises(UsageError, match="not well-formed XML"):
        read_orcid(b"<a>", name="x.xml")


def test_seed_output_folder_reads_back(tmp_path, lei_wu):
    for relative, content in files(lei_wu).items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    report = Report()
    fragment = read_orcid_documents(sorted(tmp_path.glob("*/*.xml")), report,
                                    owner={"key": "lei-wu", "name": "Lei Wu"})
    # the bulk document repeats the works: each is kept once
    assert len(fragment["works"]) == 24
    assert report.diagnostics == []


def test_orcids_json_form_of_a_work():
    path = shared_path("orcid", "samples", "write_samples", "work-full-3.0.json")
    report = Report()
    fragment = read_orcid(path, report, owner=OWNER)
    assert fragment == {
        "people": {"jordan": {"name": "Jordan", "orcid": "0000-0002-5391-5437"},
                   "fran": {"name": "Fran", "orcid": "0000-0002-4325-871X"}},
        "works": [{"key": "work-title-2022", "type": "journal-article", "title": "Work Title",
                   "authors": ["jordan", "fran"], "venue": {"name": "Journal title"}, "date": "2022-05-24",
                   "abstract": "This is a short description of the work.", "url": "https://example.com"}],
    }
    assert sorted(d.message.replace(" cannot be held by a CV record", "") for d in report.diagnostics) == [
        "ORCID element common:country 'CA'",
        "ORCID element common:external-id: cvld keeps part-of ids only for an ISSN, or an ISBN with a journal-title",
        "ORCID element common:external-id: not a DOI: 'work:doi' (expected 10.NNNN/suffix)",
        "ORCID element common:language-code 'en'",
        "ORCID element common:subtitle 'Work subtitle'",
        "ORCID element common:translated-title 'Translated-title English'",
        "ORCID element work:citation: cvld writes its own BibTeX citation from the record",
        "ORCID element work:contributor-email 'example@example.com'",
    ]


def test_orcids_json_bulk_of_100_works():
    path = shared_path("orcid", "samples", "write_samples", "bulk-works-100-works-3.0.json")
    fragment = read_orcid(path, Report(), owner=OWNER)
    assert len(fragment["works"]) == 100
    assert len({w["key"] for w in fragment["works"]}) == 100
    cv, report = load_fragment(fragment)
    assert report.errors == []
    (bulk,) = bulk_documents(cv)
    assert validate_xsd(bulk, shared_path("orcid")) == []


@pytest.mark.parametrize("source, identifier, found, message", [
    ("RINGGOLD", "6740", {"ringgold": "6740"}, None),
    ("GRID", "grid.16750.35", {"grid": "grid.16750.35"}, None),
    ("ROR", "00hx57361", {"ror": "https://ror.org/00hx57361"}, None),  # the CV's canonical form
    ("ROR", "not-a-ror", {}, "common:disambiguated-organization: not a ROR id: 'not-a-ror' (expected such as "
                             "https://ror.org/00hx57361)"),
    ("ROR", "00hx57362", {}, "common:disambiguated-organization: ROR id '00hx57362' fails its check digits "
                             "(ISO 7064 MOD 97-10)"),
    ("GRID", "grid.16750.35}", {}, "common:disambiguated-organization: not a GRID id: 'grid.16750.35}' (expected "
                                   "such as grid.16750.35)"),
    ("FUNDREF", "http://dx.doi.org/10.13039/100000001", {"crossref_funder": "10.13039/100000001"}, None),
    ("FUNDREF", "100000001", {"crossref_funder": "10.13039/100000001"}, None),
    ("FUNDREF", "10.5555/100000001", {}, "common:disambiguated-organization: not a Crossref Funder ID: "
                                         "'10.5555/100000001' (expected such as 10.13039/501100000780)"),
    ("LEI", "5493001KJTIIGC8Y1R12", {}, "common:disambiguated-organization: cvld keeps ROR, Ringgold, GRID and "
                                        "FUNDREF (Crossref Funder) ids, not LEI"),
])
def test_disambiguated_organisations(source, identifier, found, message):
    xml = f"""<employment:employment xmlns:common="http://www.orcid.org/ns/common"
        xmlns:employment="http://www.orcid.org/ns/employment">
      <common:role-title>Lecturer</common:role-title>
      <common:start-date><common:year>2019</common:year></common:start-date>
      <common:organization><common:name>U</common:name><common:address/>
        <common:disambiguated-organization>
          <common:disambiguated-organization-identifier>{identifier}</common:disambiguated-organization-identifier>
          <common:disambiguation-source>{source}</common:disambiguation-source>
        </common:disambiguated-organization></common:organization>
    </employment:employment>""".encode()
    report = Report()
    fragment = read_orcid(xml, report, name="e.xml")
    assert fragment["organisations"] == {"u": {"name": "U", **found}}
    assert fragment["positions"] == [{"title": "Lecturer", "kind": "employment", "organisation": "u", "start": 2019,
                                      "end": "present"}]
    assert _warnings(report) == ([f"6: {message}"] if message else [])

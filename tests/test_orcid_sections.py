"""Awards, grants and memberships in ORCID v3.0 (issue 20): the distinction, funding and membership
documents exactly, ORCID's XSDs on every one, the rules the XSDs leave to the API, and the round
trips CV -> ORCID XML -> import and CV -> ORCID JSON -> import."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from conftest import DATA_DIR, shared_path
from test_orcid_checks import broken
from cvld.core.diagnostics import Report
from cvld.importers import orcidjson
from cvld.importers.orcid import read_orcid_documents
from cvld.orcid.check import check, rule_problems, validate_xsd
from cvld.orcid.write import bulk_documents, documents, files
from cvld.source.load import build_cv, load_cv, read_source
from cvld.source.yamlsource import parse

ADA = DATA_DIR / "ada-grant.yaml"
NEW = ("distinction", "funding", "membership")
C = "{http://www.orcid.org/ns/common}"
F = "{http://www.orcid.org/ns/funding}"


@pytest.fixture(scope="module")
def ada():
    return load_cv(ADA)


def new_items(cv):
    return [item for item in documents(cv) if item.section in NEW]


def xml_of(cv, key):
    return next(item.xml for item in documents(cv) if item.key == key).decode()


def mini(**sections):
    """A CV of the owner Ada and the given sections, with an ERC-like funder and a society."""
    data = {"person": {"key": "ada", "name": "Ada Grant", "orcid": "0000-0002-1825-0097"},
            "organisations": {"erc": {"name": "European Research Council", "country": "BE",
                                      "ror": "https://ror.org/0472cxd90", "crossref_funder": "501100000781"},
                              "rorfund": {"name": "Ror Only Fund", "ror": "https://ror.org/021nxhr62"},
                              "soc": {"name": "Society of Examples", "country": "US"}},
            **sections}
    report = Report()
    cv = build_cv(parse("mini.yaml", json.dumps(data)), report)
    assert report.errors == []
    return cv


# --- the documents ------------------------------------------------------------------------------


def test_the_example_cv_gives_a_document_per_award_grant_and_membership(ada):
    assert [(item.section, item.key) for item in new_items(ada)] == [
        ("distinction", "young-investigator-2021"), ("distinction", "teaching-prize-2018"),
        ("distinction", "best-thesis-2014"), ("funding", "erc-evoscale"), ("funding", "nsf-lineage"),
        ("funding", "wellcome-fellowship"), ("membership", "iscb-member"), ("membership", "smbe-member"),
        ("membership", "org-royal-society-of-biology-fellow")]
    written = files(ada)
    assert sorted(path for path in written if path.split("/")[0] in ("distinctions", "fundings", "memberships")) == [
        "distinctions/best-thesis-2014.xml", "distinctions/teaching-prize-2018.xml",
        "distinctions/young-investigator-2021.xml", "fundings/erc-evoscale.xml", "fundings/nsf-lineage.xml",
        "fundings/wellcome-fellowship.xml", "memberships/iscb-member.xml",
        "memberships/org-royal-society-of-biology-fellow.xml", "memberships/smbe-member.xml"]
    assert written["fundings/erc-evoscale.xml"].decode() == xml_of(ada, "erc-evoscale")
    assert [item.key for item in documents(load_cv(DATA_DIR / "lei-wu.yaml")) if item.section in NEW] == []


def test_a_grant_is_a_funding_of_type_grant(ada):
    assert xml_of(ada, "erc-evoscale") == """<?xml version='1.0' encoding='UTF-8'?>
<funding:funding xmlns:common="http://www.orcid.org/ns/common" xmlns:funding="http://www.orcid.org/ns/funding">
  <funding:type>grant</funding:type>
  <funding:title>
    <common:title>EvoScale: protein evolution across the tree of life</common:title>
  </funding:title>
  <funding:amount currency-code="EUR">1500000</funding:amount>
  <common:url>https://ada-grant.example.org/evoscale/</common:url>
  <common:start-date>
    <common:year>2021</common:year>
    <common:month>01</common:month>
  </common:start-date>
  <common:external-ids>
    <common:external-id>
      <common:external-id-type>grant_number</common:external-id-type>
      <common:external-id-value>000000001</common:external-id-value>
      <common:external-id-relationship>self</common:external-id-relationship>
    </common:external-id>
  </common:external-ids>
  <funding:contributors>
    <funding:contributor>
      <funding:credit-name>Ada Grant</funding:credit-name>
      <funding:contributor-attributes>
        <funding:contributor-role>lead</funding:contributor-role>
      </funding:contributor-attributes>
    </funding:contributor>
  </funding:contributors>
  <common:organization>
    <common:name>European Research Council</common:name>
    <common:address>
      <common:country>BE</common:country>
    </common:address>
    <common:disambiguated-organization>
      <common:disambiguated-organization-identifier>http://dx.doi.org/10.13039/501100000781</common:disambiguated-organization-identifier>
      <common:disambiguation-source>FUNDREF</common:disambiguation-source>
    </common:disambiguated-organization>
  </common:organization>
</funding:funding>
"""


def test_an_award_is_a_distinction_and_a_membership_an_affiliation(ada):
    assert xml_of(ada, "best-thesis-2014") == """<?xml version='1.0' encoding='UTF-8'?>
<distinction:distinction xmlns:common="http://www.orcid.org/ns/common" xmlns:distinction="http://www.orcid.org/ns/distinction">
  <common:role-title>Best Doctoral Thesis in Computational Biology</common:role-title>
  <common:start-date>
    <common:year>2014</common:year>
  </common:start-date>
  <common:organization>
    <common:name>Eastmoor Institute of Technology</common:name>
    <common:address>
      <common:city>Eastmoor</common:city>
      <common:region>MA</common:region>
      <common:country>US</common:country>
    </common:address>
  </common:organization>
  <common:url>https://ada-grant.example.org/awards/thesis-prize/</common:url>
</distinction:distinction>
"""
    assert xml_of(ada, "smbe-member") == """<?xml version='1.0' encoding='UTF-8'?>
<membership:membership xmlns:common="http://www.orcid.org/ns/common" xmlns:membership="http://www.orcid.org/ns/membership">
  <common:role-title>Member</common:role-title>
  <common:start-date>
    <common:year>2014</common:year>
  </common:start-date>
  <common:end-date>
    <common:year>2020</common:year>
  </common:end-date>
  <common:organization>
    <common:name>Society for Molecular Biology and Evolution</common:name>
    <common:address>
      <common:country>US</common:country>
    </common:address>
  </common:organization>
</membership:membership>
"""


def funding_facts(xml: bytes):
    root = etree.fromstring(xml)
    return (root.findtext(f"{F}contributors/{F}contributor/{F}contributor-attributes/{F}contributor-role"),
            [(e.findtext(f"{C}external-id-type"), e.findtext(f"{C}external-id-value"))
             for e in root.iterfind(f"{C}external-ids/{C}external-id")],
            root.findtext(f"{C}organization/{C}disambiguated-organization/{C}disambiguated-organization-identifier"),
            root.findtext(f"{C}organization/{C}disambiguated-organization/{C}disambiguation-source"))


def test_roles_ids_and_funder_ids_of_grants():
    cv = mini(grants=[
        {"key": "a", "title": "A", "funder": "erc", "role": "pi", "award_number": "101"},
        {"key": "b", "title": "B", "funder": "rorfund", "role": "co-pi", "award_number": "B-2"},
        {"key": "c", "title": "C", "funder": "soc", "role": "participant"}])
    report = Report()
    found = [funding_facts(item.xml) for item in documents(cv, report)]
    assert found == [
        ("lead", [("grant_number", "101")], "http://dx.doi.org/10.13039/501100000781", "FUNDREF"),
        ("co-lead", [("grant_number", "B-2")], "https://ror.org/021nxhr62", "ROR"),  # no Crossref Funder ID: ROR
        ("supported-by", [("source-work-id", "cvld:c")], None, None)]
    assert etree.fromstring(documents(cv)[0].xml).find(
        f"{F}contributors/{F}contributor/{C}contributor-orcid/{C}path").text == "0000-0002-1825-0097"
    assert [str(d) for d in report.diagnostics] == [
        "mini.yaml:1:547: warning: grants[2]: grant 'c' has no award number: ORCID gets source-work-id 'cvld:c' as "
        "its external id instead",
        "mini.yaml:1:547: warning: grants[2]: ORCID needs a disambiguated organisation on every funding: give "
        "organisation 'soc' a crossref_funder or ror id"]


def test_the_grant_role_tables_cover_the_records_roles_both_ways():
    from cvld.model.records import GRANT_ROLES
    from cvld.orcid.vocab import FUNDING_CONTRIBUTOR_ROLES, FUNDING_ROLE, grant_role

    assert set(FUNDING_ROLE) == set(GRANT_ROLES) and set(FUNDING_ROLE.values()) <= FUNDING_CONTRIBUTOR_ROLES
    assert [grant_role(r) for r in ("lead", "CO_LEAD", "supported-by", "other-contribution",
                                    "http://credit.niso.org/contributor-roles/supervision/", "author")] == [
        "pi", "co-pi", "participant", "participant", "pi", None]


def test_what_a_distinction_cannot_hold_is_said_and_an_award_without_organisation_left_out():
    cv = mini(awards=[{"key": "alone", "name": "Prize of Nobody", "date": 2020},
                      {"key": "rich", "name": "Big Prize", "organisation": "erc", "date": "2021-05",
                       "amount": {"value": 10000, "currency": "EUR"}, "description": "For it."}])
    report = Report()
    items = [item for item in documents(cv, report) if item.section == "distinction"]
    assert [item.key for item in items] == ["rich"]
    root = etree.fromstring(items[0].xml)
    assert root.findtext(f"{C}organization/{C}disambiguated-organization/{C}disambiguation-source") == "ROR"
    assert [str(d) for d in report.diagnostics] == [
        "mini.yaml:1:376: warning: awards[0]: award 'alone' has no organisation, which ORCID's API requires of a "
        "distinction: it is left out of the ORCID XML (give it the awarding organisation)",
        "mini.yaml:1:435: warning: awards[1]: ORCID's distinction has no place for an award's amount or "
        "description: they are left out of the ORCID XML"]


def test_every_document_of_the_example_cv_is_valid_against_orcids_xsds(ada):
    xsd = shared_path("orcid")
    for item in documents(ada):
        assert validate_xsd(item.xml, xsd) == [], item.key
    for bulk in bulk_documents(ada):
        assert validate_xsd(bulk, xsd) == []
    found = [d for d in check(ada, xsd) if d.location.path.split("[")[0] in ("awards", "grants", "memberships")]
    assert [d for d in found if d.is_error] == []
    assert [f"{d.location.path}: {d.message}" for d in found] == [
        "awards[0]: ORCID's distinction has no place for an award's description: it is left out of the ORCID XML",
        "awards[0]: ORCID needs a disambiguated organisation on every distinction: give organisation 'iscb' a ror, "
        "ringgold, grid or crossref_funder id ('cvld enrich' looks its ROR id up)",
        "awards[1]: ORCID's distinction has no place for an award's amount: it is left out of the ORCID XML",
        "awards[1]: ORCID needs a disambiguated organisation on every distinction: give organisation 'northhaven' a "
        "ror, ringgold, grid or crossref_funder id ('cvld enrich' looks its ROR id up)",
        "awards[2]: ORCID needs a disambiguated organisation on every distinction: give organisation 'eastmoor' a ror, "
        "ringgold, grid or crossref_funder id ('cvld enrich' looks its ROR id up)",
        "grants[2]: grant 'wellcome-fellowship' has no award number: ORCID gets source-work-id "
        "'cvld:wellcome-fellowship' as its external id instead",
        "memberships[0]: ORCID needs a disambiguated organisation on every membership: give organisation 'iscb' a "
        "ror, ringgold, grid or crossref_funder id ('cvld enrich' looks its ROR id up)",
        "memberships[1]: ORCID needs a disambiguated organisation on every membership: give organisation 'smbe' a "
        "ror, ringgold, grid or crossref_funder id ('cvld enrich' looks its ROR id up)",
        "memberships[2]: ORCID needs a disambiguated organisation on every membership: give organisation "
        "'org-royal-society-of-biology' a ror, ringgold, grid or crossref_funder id ('cvld enrich' looks its ROR id up)"]


# --- the rules the XSDs leave to the API ----------------------------------------------------------


@pytest.fixture(scope="module")
def funding_root(ada):
    return etree.fromstring(next(i.xml for i in documents(ada) if i.key == "erc-evoscale"))


def changed(root, path, text=None, attribute=None, remove=False):
    """``root`` with the element at ``path`` given this text or attribute (test_orcid_checks' way), or removed."""
    if not remove:
        return broken(root, path, text, attribute)
    copy = etree.fromstring(etree.tostring(root))
    element = copy.find(path)
    element.getparent().remove(element)
    return copy


def errors(root):
    return [d.message for d in rule_problems(root) if d.is_error]


def test_the_example_funding_breaks_no_rule(funding_root):
    assert rule_problems(funding_root) == []


@pytest.mark.parametrize("path, text, attribute, remove, message", [
    (f"{F}type", "loan", None, False, "funding type 'loan' is not one of: award, contract, grant, salary-award"),
    (f"{F}contributors/{F}contributor/{F}contributor-attributes/{F}contributor-role", "principal-investigator", None,
     False, "funding contributor role 'principal-investigator' is not an ORCID funding role (lead, co-lead, "
            "supported-by, other-contribution or a CRediT role URI http://credit.niso.org/contributor-roles/<slug>/)"),
    (f"{F}amount", None, ("currency-code", "eur"), False,
     "funding amount currency-code: 'eur' is not written as its ISO 4217 code"),
    (f"{F}amount", None, ("currency-code", "XYZ"), False,
     "funding amount currency-code: unknown currency code 'XYZ' (use ISO 4217, such as EUR or USD)"),
    (f"{F}amount", "lots", None, False,
     "funding amount: not an amount: 'lots' (write it in decimal digits, such as 250000 or 1500.50)"),
    (f"{C}external-ids", None, None, True, "funding 'EvoScale: protein evolution across the tree of life' has no "
                                           "external id (ORCID's API refuses it): give the grant its award number"),
    (f"{C}organization/{C}disambiguated-organization/{C}disambiguated-organization-identifier",
     "http://dx.doi.org/10.5555/1", None, False,
     "disambiguated-organization-identifier 'http://dx.doi.org/10.5555/1' is not a FUNDREF id: not a Crossref "
     "Funder ID: 'http://dx.doi.org/10.5555/1' (expected such as 10.13039/501100000780)"),
    (f"{C}organization/{C}disambiguated-organization/{C}disambiguation-source", "ROR", None, False,
     "disambiguated-organization-identifier 'http://dx.doi.org/10.13039/501100000781' is not a ROR id: not a ROR "
     "id: 'http://dx.doi.org/10.13039/501100000781' (expected such as https://ror.org/00hx57361)"),
])
def test_each_funding_rule(funding_root, path, text, attribute, remove, message):
    assert errors(changed(funding_root, path, text, attribute, remove)) == [message]


def test_an_affiliation_needs_an_organization(ada):
    root = etree.fromstring(next(i.xml for i in documents(ada) if i.key == "smbe-member"))
    assert errors(changed(root, f"{C}organization", remove=True)) == [
        "membership has no organization (ORCID's API refuses it)"]


# --- round trips ------------------------------------------------------------------------------------


def held(cv):
    """What ORCID holds of the awards, grants and memberships (no keys: ORCID keeps none but a grant's
    source-work-id; no award amount or description: a distinction has no place for them; one id of an
    organisation: see the callers)."""
    def org(o):
        return o and (o.name, o.department, o.city, o.region, o.country)

    return ([(a.name, org(a.organisation), a.date, a.url) for a in cv.awards],
            [(g.title, org(g.funder), g.role, g.award_number, g.start, g.end, g.current, g.amount, g.url)
             for g in cv.grants],
            [(m.role, org(m.organisation), m.start, m.end) for m in cv.memberships])


def reload(fragment, person):
    report = Report()
    cv = build_cv(parse("back.json", json.dumps({"person": person, **fragment})), report)
    assert report.errors == []
    return cv


def test_cv_to_orcid_xml_and_back_gives_the_same_awards_grants_and_memberships(ada):
    first = new_items(ada)
    report = Report()
    fragment = read_orcid_documents([item.xml for item in first], report, owner={"key": "ada-grant", "name": "Ada Grant"})
    assert report.diagnostics == []  # nothing cvld writes is lost on the way back
    assert sorted(fragment) == ["awards", "grants", "memberships", "organisations"]
    assert fragment["grants"][1] == {"title": "Collaborative research on single-cell lineage inference",
                                     "funder": "national-science-foundation", "role": "co-pi",
                                     "award_number": "DBI-0000002", "amount": {"value": 450000, "currency": "USD"},
                                     "start": "2020-09", "end": "2023-08"}
    assert fragment["grants"][2]["key"] == "wellcome-fellowship"  # its source-work-id
    assert fragment["organisations"]["european-research-council"] == {
        "name": "European Research Council", "country": "BE", "crossref_funder": "10.13039/501100000781"}
    back = reload(fragment, read_source(ADA).data["person"])
    assert sorted(i.xml for i in new_items(back)) == sorted(i.xml for i in first)
    awards, grants, memberships = held(back)
    want_awards, want_grants, want_memberships = held(ada)
    assert (awards, grants) == (want_awards, want_grants)
    # a funder keeps the id ORCID got, its Crossref Funder ID (not its ROR id as well)
    assert [g.funder.crossref_funder for g in back.grants] == [g.funder.crossref_funder for g in ada.grants] == [
        "10.13039/501100000781", "10.13039/100000001", "10.13039/100010269"]
    assert [g.funder.ror for g in back.grants] == [None, None, None]
    # a membership with no end reads back as current: an ORCID affiliation without an end date is one
    assert memberships == want_memberships
    assert [m.current for m in back.memberships] == [True, False, True]
    assert [m.current for m in ada.memberships] == [True, False, False]


# ORCID's JSON form of v3.0 (as its write samples distinction-3.0.json, funding-3.0-simple.json and the
# record-full-3.0.json read sample have it): these leaves are {"value": ...}, these elements lists
WRAPPED = {"title", "url", "year", "month", "day", "credit-name", "external-id-url", "uri", "path", "host"}
LISTS = {"external-id", "contributor"}
PLAIN_IN = {"contributor-orcid"}  # whose uri, path and host are plain strings


def orcid_json(element, parent: str = ""):
    """An ORCID XML element as ORCID's JSON writes it."""
    name = etree.QName(element).localname
    if name == "amount":
        return {"value": element.text, "currency-code": element.get("currency-code")}
    if len(element) == 0:
        return {"value": element.text} if name in WRAPPED and parent not in PLAIN_IN else element.text
    out: dict = {}
    for child in element:
        key = etree.QName(child).localname
        value = orcid_json(child, name)
        if key in LISTS:
            out.setdefault(key, []).append(value)
        else:
            out[key] = value
    return out


def test_cv_to_orcid_json_and_back(ada, tmp_path):
    roots = {item.key: (item.section, etree.fromstring(item.xml)) for item in new_items(ada)}
    record = {
        "orcid-identifier": {"path": "0000-0002-1825-0097"},
        "person": {"name": {"given-names": {"value": "Ada"}, "family-name": {"value": "Grant"}}},
        "activities-summary": {
            "distinctions": {"affiliation-group": [{"summaries": [{"distinction-summary": orcid_json(root)}]}
                                                   for section, root in roots.values() if section == "distinction"]},
            "fundings": {"group": [{"funding-summary": [orcid_json(root)]}
                                   for section, root in roots.values() if section == "funding"]},
            "memberships": {"affiliation-group": [{"summaries": [{"membership-summary": orcid_json(root)}]}
                                                  for section, root in roots.values() if section == "membership"]}}}
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    report = Report()
    fragment = orcidjson.read(path, report=report)
    assert report.diagnostics == []
    assert fragment["person"]["key"] == "ada-grant"
    back = reload({k: v for k, v in fragment.items() if k != "person"}, read_source(ADA).data["person"])
    assert sorted(i.xml for i in new_items(back)) == sorted(i.xml for i in new_items(ada))
    assert held(back)[:2] == held(ada)[:2]
    # one funding, and one distinction, as single JSON documents (an affiliation's kind by its path)
    single = tmp_path / "one.json"
    single.write_text(json.dumps(orcid_json(roots["nsf-lineage"][1])), encoding="utf-8")
    alone = orcidjson.read(single, me="Ada Grant", report=Report())
    assert alone["grants"] == [{"title": "Collaborative research on single-cell lineage inference",
                                "award_number": "DBI-0000002", "funder": "national-science-foundation", "role": "co-pi",
                                "amount": {"value": 450000, "currency": "USD"}, "start": "2020-09", "end": "2023-08"}]
    single.write_text(json.dumps({"path": "/0000-0002-1825-0097/distinction/7",
                                  **orcid_json(roots["best-thesis-2014"][1])}), encoding="utf-8")
    assert orcidjson.read(single, me="Ada Grant", report=Report())["awards"] == [
        {"name": "Best Doctoral Thesis in Computational Biology", "organisation": "eastmoor-institute-of-technology",
         "date": 2014, "url": "https://ada-grant.example.org/awards/thesis-prize/"}]


@pytest.mark.parametrize("name, section, found", [
    ("funding-3.0-simple.json", "grants", [{"title": "Grant title", "award_number": "987654321", "funder": "orcid",
                                            "role": "participant", "url": "https://alt-url.org",
                                            "start": "2000-02-02", "end": "2020-02-02"}]),
    ("distinction-3.0.json", "awards", [{"name": "Role", "organisation": "university-of-michigan-department",
                                         "date": "2022-01-01", "url": "https://example.com/org-url"}]),
    ("membership-3.0.json", "memberships", [{"organisation": "research-data-alliance-department", "role": "Role",
                                             "start": "2021-02-02", "end": "2023-01-02"}]),
])
def test_orcids_json_write_samples_import(name, section, found):
    report = Report()
    fragment = orcidjson.read(shared_path("orcid", "samples", "write_samples", name), me="Owner", report=report)
    assert fragment[section] == found
    assert report.diagnostics  # what a CV cannot hold (ids, translated titles, the sample's currency) is reported
    reload({k: v for k, v in fragment.items() if k != "person"}, {"key": "owner", "name": "Owner"})


def test_a_record_imported_into_a_cv_adds_its_awards_grants_and_memberships_once(tmp_path):
    from cvld.api import import_document

    record = DATA_DIR.parent / "tests" / "data" / "orcid-wild" / "record-3.0.xml"
    base = tmp_path / "cv.yaml"
    base.write_text("person:\n  key: mirela\n  name: Mirela Ionescu-Berg\n  orcid: 0000-0002-1825-0097\n",
                    encoding="utf-8")
    first = import_document("orcid", record, into=base)
    cv = build_cv(parse("merged.yaml", first.text), Report())
    assert [(a.name, a.organisation.name, str(a.date)) for a in cv.awards] == [
        ("Young Investigator Award", "Nordic Society for Computation", "2021")]
    assert [(g.title, g.funder.name, g.role, g.award_number, g.current) for g in cv.grants] == [
        ("Stable partitioned solvers", "Swedish Research Council", "participant", "2021-04567", True)]
    assert [(m.organisation.name, m.role, str(m.start), m.current) for m in cv.memberships] == [
        ("SIAM", "Member", "2015", True)]
    base.write_text(first.text, encoding="utf-8")
    again = import_document("orcid", record, into=base)
    assert not again.changed and again.text == first.text  # matched: the same award, grant and membership


@pytest.mark.parametrize("name, section, count", [
    ("fundings-3.0.xml", "grants", 3), ("funding-3.0.xml", "grants", 1), ("funding-full-3.0.xml", "grants", 1),
    ("distinctions-3.0.xml", "awards", 0),  # both summaries lack a role-title, the award's name: reported
    ("distinction-3.0.xml", "awards", 1), ("memberships-3.0.xml", "memberships", 2),
    ("membership-3.0.xml", "memberships", 1),
])
def test_orcids_read_samples_of_these_sections_import(name, section, count):
    from cvld.importers import orcid_any

    report = Report()
    document = orcid_any.read(shared_path("orcid", "samples", "read_samples", name), me="Laure L. Haak", report=report)
    assert len(document.get(section, [])) == count
    if count == 0:
        assert [d.message for d in report.diagnostics if "role-title" in d.message] == [
            "ORCID distinction:distinction-summary has no role-title, which names the award in a CV; left out"] * 2
    reload({k: v for k, v in document.items() if k != "person"}, document["person"])


def test_a_json_funding_whose_contributor_name_is_no_name_is_read_not_a_traceback(tmp_path):
    path = tmp_path / "funding.json"
    path.write_text(json.dumps({
        "type": "grant", "title": {"title": {"value": "G"}},
        "external-ids": {"external-id": [{"external-id-type": "grant_number", "external-id-value": "7",
                                          "external-id-relationship": "self"}]},
        "contributors": {"contributor": [{"credit-name": {"value": ","},
                                          "contributor-attributes": {"contributor-role": "lead"}}]},
        "organization": {"name": "Fund", "address": {"country": "SE"}}}), encoding="utf-8")
    report = Report()
    fragment = orcidjson.read(path, me="Ada Grant", report=report)
    assert fragment["grants"] == [{"title": "G", "award_number": "7", "funder": "fund", "role": "participant"}]
    assert [d.message for d in report.diagnostics] == [
        "ORCID 'contributor ','' is not imported: cvld keeps the CV owner's role in a grant, not its other contributors",
        "ORCID names no role of the owner in the funding 'G': read as 'participant'; correct it (pi, co-pi) if the "
        "grant is the owner's"]


def test_a_grant_is_matched_on_merge_by_the_one_award_number_rule():
    """``2021 04567`` in the CV and ``2021-04567`` in the import are one award number
    (``model.identity.award_number_identity``, as the department merge has it): updated, not added twice."""
    from cvld.importers.merge import merge

    text = ("person:\n  key: mirela\n  name: Mirela Ionescu-Berg\norganisations:\n  vr:\n"
            "    name: Swedish Research Council\ngrants:\n  - key: vr-grant\n    title: Stable solvers\n"
            "    funder: vr\n    role: participant\n    award_number: 2021 04567\n")
    fragment = {"organisations": {"vetenskapsradet": {"name": "Swedish Research Council"}},
                "grants": [{"key": "stable", "title": "Stable partitioned solvers", "funder": "vetenskapsradet",
                            "role": "participant", "award_number": "2021-04567"}]}
    result = merge(text, fragment, file="cv.yaml")
    cv = build_cv(parse("cv.yaml", result.text), Report())
    assert [(g.key, g.award_number) for g in cv.grants] == [("vr-grant", "2021 04567")]

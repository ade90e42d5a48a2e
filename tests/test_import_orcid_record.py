"""ORCID documents as the public API serves them (tests/data/orcid-wild/, written from ORCID's XSDs): a whole
record imports into a CV that checks and builds; what a CV cannot hold is reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvld.api import import_document
from cvld.core.diagnostics import CVInputError, Report, UsageError
from cvld.importers import orcid_any
from cvld.importers.orcid import read_orcid
from cvld.source.load import load_cv
from conftest import shared_path

WILD = Path(__file__).parent / "data" / "orcid-wild"


def read(name, **owner):
    report = Report()
    return orcid_any.read(WILD / name, report=report, **owner), report


def messages(report):
    return [str(d) for d in report.sorted()]


def test_record_3_0_person():
    document, _ = read("record-3.0.xml")
    assert document["person"] == {
        "key": "mirela-ionescu-berg", "name": "Mirela Ionescu-Berg", "given_name": "Mirela",
        "family_name": "Ionescu-Berg", "other_names": ["M. Ionescu-Berg", "Mirela Ionescu"],
        "orcid": "0000-0002-1825-0097", "email": "mirela@uni.example.edu", "homepage": "https://mirela.example.org/",
        "address": {"country": "SE"},
        "profiles": [{"network": "google-scholar", "url": "https://scholar.google.de/citations?user=AbCdEfGhIjK"},
                     {"network": "scopus", "url": "http://www.scopus.com/inward/authorDetails.url?authorID=57190000001"
                                                 "&partnerID=MN8TOARS", "username": "57190000001"}],
        "interests": ["fluid-structure interaction", "finite elements", "scientific computing"],
        "bio": "I study numerical methods for coupled <fluid & structure> problems."}


def test_record_3_0_activities():
    document, _ = read("record-3.0.xml")
    assert document["education"] == [{"kind": "degree", "degree": "PhD", "field": "Applied Mathematics",
                                      "organisation": "uppsala-university-department-of-mathematics",
                                      "start": "2010-09", "end": "2014-06"}]
    assert document["organisations"]["uppsala-university-department-of-mathematics"]["ror"] == "https://ror.org/048a87296"
    assert [(p["title"], p["kind"], p["start"], p["end"]) for p in document["positions"]] == [
        ("Associate Professor", "employment", "2019-01", "present"), ("Visiting researcher", "visiting", "2017-03", "2017-08")]
    assert document["service"] == [{"role": "program-committee",
                                    "organisation": "international-conference-on-computational-science-iccs",
                                    "venue": "ICCS", "venue_full": "International Conference on Computational Science",
                                    "start": 2023, "end": 2023}]
    first, second, third = document["works"]
    assert (first["title"], first["doi"], first["date"], first["authors"], first["venue"]) == (
        "A stable partitioned scheme for strongly coupled problems", "10.1016/j.jcp.2020.109876", "2021-02",
        ["mirela-ionescu-berg"], {"name": "Journal of Computational Physics"})
    assert (second["type"], second["status"], second["arxiv"], second["date"]) == ("preprint", "preprint", "2411.01234",
                                                                                  "2024-11-02")
    assert third["title"] == "Lecture notes on time stepping" and "date" not in third
    # distinctions, fundings (their summaries: no amount, no contributors) and memberships
    assert document["awards"] == [{"name": "Young Investigator Award", "organisation": "nordic-society-for-computation",
                                   "date": 2021}]
    assert document["grants"] == [{"title": "Stable partitioned solvers", "funder": "swedish-research-council",
                                   "role": "participant", "award_number": "2021-04567", "start": 2022,
                                   "end": "present"}]
    assert document["memberships"] == [{"organisation": "siam", "role": "Member", "start": 2015, "end": "present"}]
    assert document["organisations"]["siam"] == {"name": "SIAM", "city": "Philadelphia", "country": "US"}


def test_record_3_0_warnings_at_the_element_line():
    _, report = read("record-3.0.xml")
    path = WILD / "record-3.0.xml"
    assert messages(report) == [
        f"{path}:63:13: warning: ORCID element researcher-url:researcher-url cannot be held by a CV record: not an "
        "http(s) URL: 'ftp://files.example.org/mirela'",
        f"{path}:77:13: warning: ORCID element email:email cannot be held by a CV record: the e-mail address is limited "
        "on ORCID, so it stays out of a public CV",
        f"{path}:203:21: warning: ORCID employment:employment-summary 'Postdoctoral researcher' ends (2014) before it "
        "starts (2016); left out: correct the dates on ORCID or add it by hand",
        f"{path}:222:17: warning: ORCID names no role of the owner in the funding 'Stable partitioned solvers': read "
        "as 'participant'; correct it (pi, co-pi) if the grant is the owner's",
        f"{path}:290:21: warning: ORCID peer-review 'reviewer' for issn:0021-9991 (Elsevier, 2022) is not imported: the "
        "CV has no section for peer reviews yet",
        f"{path}:338:17: warning: ORCID's work summary lists no contributors: the owner is written as its only author; "
        "add the co-authors by hand",
        f"{path}:369:17: warning: another source's copy of the same work; the first one is read",
        f"{path}:404:17: warning: ORCID's work summary lists no contributors: the owner is written as its only author; "
        "add the co-authors by hand",
        f"{path}:425:17: warning: ORCID's work summary lists no contributors: the owner is written as its only author; "
        "add the co-authors by hand",
        f"{path}:425:17: warning: no publication-date: imported undated; add its date when it is known",  # ORCID: optional
    ]


def test_record_import_checks_and_builds(tmp_path):
    from cvld.api import write_build

    result = import_document("orcid", WILD / "record-3.0.xml", me_orcid="0000-0002-1825-0097")
    cv_path = tmp_path / "cv.yaml"
    cv_path.write_text(result.text, encoding="utf-8")
    cv = load_cv(cv_path)
    assert [(w.key, w.date and w.date.iso()) for w in cv.works] == [
        ("a-stable-partitioned-scheme-for-strongly-coupled-problems-2021", "2021-02"),
        ("preconditioners-for-monolithic-fsi-2024", "2024-11-02"),
        ("lecture-notes-on-time-stepping", None)]  # ORCID gives it no publication date: undated
    assert cv.owner.orcid == "0000-0002-1825-0097"


def test_record_of_someone_else_is_refused():
    with pytest.raises(UsageError, match=r"is the ORCID record of 0000-0002-1825-0097 \(Mirela Ionescu-Berg\), not of "
                                         r"0000-0001-5109-3700$"):
        read("record-3.0.xml", me_orcid="0000-0001-5109-3700")
    with pytest.raises(UsageError, match=r"is the ORCID record of Tomas Lindqvist \(0000-0001-5109-3700\), who is not "
                                         r"'Mirela Ionescu-Berg'$"):
        read("record-2.1.xml", me="Mirela Ionescu-Berg")


def test_a_name_variant_of_the_owner_is_kept_as_another_name():
    document, _ = read("record-2.1.xml", me="T. Lindqvist")
    assert document["person"]["name"] == "Tomas Lindqvist"
    assert document["person"]["other_names"] == ["T. Lindqvist"]


def test_record_2_1_is_read_as_far_as_it_maps():
    document, report = read("record-2.1.xml")
    path = WILD / "record-2.1.xml"
    assert document["education"] == [{"kind": "degree", "degree": "MSc", "field": "Engineering Physics",
                                      "organisation": "lund-university-department-of-physics", "start": 2005,
                                      "end": 2010}]
    assert document["organisations"]["lund-university-department-of-physics"]["ringgold"] == "5193"
    assert document["positions"] == [{"title": "Research engineer", "kind": "employment",
                                      "organisation": "lund-university", "start": "2011-02", "end": "present"}]
    (work,) = document["works"]
    assert (work["type"], work["doi"]) == ("journal-article", "10.1016/j.anucene.2014.01.001")
    assert messages(report) == [
        f"{path}:2:1: warning: an ORCID API 2.1 document: read as far as it maps to v3.0; check the result",
        f"{path}:44:17: warning: ORCID's work summary lists no contributors: the owner is written as its only author; "
        "add the co-authors by hand"]


def test_record_1_2_is_refused_naming_the_version():
    with pytest.raises(CVInputError) as raised:
        read("record-1.2.xml", me="Tomas Lindqvist")
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{WILD / 'record-1.2.xml'}:2:1: an ORCID message of API version 1.2, which ORCID retired: cvld reads API v3.0 "
        "(and 2.x); download the record again from https://pub.orcid.org/v3.0/ORCID-ID/record"]


def test_works_summary_list():
    document, report = read("works-3.0.xml", me="Mirela Ionescu-Berg")
    assert [(w["type"], w["title"], w["date"]) for w in document["works"]] == [
        ("journal-article", "Energy-stable coupling of Stokes and Biot", "2021-07"),
        ("software", "fsikit: a toolkit for partitioned coupling", 2022)]
    assert document["works"][0]["venue"] == {"name": "SIAM Journal on Scientific Computing", "issn": "1064-8275"}
    assert document["works"][0]["doi"] == "10.1137/20M1234567"
    assert document["works"][1]["url"] == "https://github.com/example/fsikit"
    assert len(messages(report)) == 3


def test_expanded_search_is_refused_naming_what_to_download():
    with pytest.raises(CVInputError) as raised:
        read("expanded-search-3.0.xml", me="Mirela Ionescu-Berg")
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{WILD / 'expanded-search-3.0.xml'}:2:1: an ORCID search result lists 2 people (0000-0002-1825-0097, "
        "0000-0001-5109-3700), not one person's works or affiliations: download the record of the one that is you "
        "(https://pub.orcid.org/v3.0/ORCID-ID/record) and import that"]


def test_a_peer_review_is_recognised_and_reported():
    name = "peer-review-3.0.xml"
    document, report = read(name, me="Mirela Ionescu-Berg")
    assert messages(report) == [f"{WILD / name}:2:1: warning: ORCID peer-review 'reviewer' for issn:0021-9991 "
                                "(Elsevier) is not imported: the CV has no section for peer reviews yet"]
    with pytest.raises(CVInputError) as raised:
        import_document("orcid", WILD / name, me="Mirela Ionescu-Berg")
    assert str(raised.value.diagnostics[0]).endswith("nothing to import: no work, education, position, service, award, grant, supervision or membership could be read")


def test_a_single_distinction_imports_as_an_award():
    name = "distinction-3.0.xml"
    document, report = read(name, me="Mirela Ionescu-Berg")
    assert document["awards"] == [{"name": "Young Investigator Award", "organisation": "nordic-society-for-computation",
                                   "date": 2021}]
    path = WILD / name
    assert messages(report) == [  # ORCID's record keeping of one item read alone is reported, as for an employment
        f"{path}:2:1: warning: ORCID attribute path='/0000-0002-1825-0097/distinction/6601' of distinction:distinction "
        "cannot be held by a CV record",
        f"{path}:2:1: warning: ORCID attribute put-code='6601' of distinction:distinction cannot be held by a CV record",
        f"{path}:2:1: warning: ORCID attribute visibility='public' of distinction:distinction cannot be held by a CV "
        "record",
        f"{path}:3:5: warning: ORCID element common:created-date '2022-01-01T00:00:00.000Z' cannot be held by a CV "
        "record",
        f"{path}:4:5: warning: ORCID element common:last-modified-date '2022-01-01T00:00:00.000Z' cannot be held by a "
        "CV record"]
    result = import_document("orcid", path, me="Mirela Ionescu-Berg")
    cv = load_cv_text(result.text)
    assert [(a.name, a.organisation.name, a.organisation.city, str(a.date)) for a in cv.awards] == [
        ("Young Investigator Award", "Nordic Society for Computation", "Oslo", "2021")]


def load_cv_text(text):
    from cvld.source.load import build_cv
    from cvld.source.yamlsource import parse

    return build_cv(parse("imported.yaml", text), Report())


@pytest.mark.parametrize("name", ["record-3.0.xml", "record-2.1.xml", "works-3.0.xml"])
def test_the_wild_documents_are_valid_for_the_cli(name, tmp_path):
    """cvld import orcid FILE, then check and build, with no hand edit."""
    import subprocess
    import sys

    out = tmp_path / "cv.yaml"
    me = ["--me", "Mirela Ionescu-Berg"] if name == "works-3.0.xml" else []
    run = lambda *args: subprocess.run([sys.executable, "-m", "cvld", *args], capture_output=True, text=True)  # noqa: E731
    assert run("import", "orcid", str(WILD / name), *me, "-o", str(out)).returncode == 0
    assert run("check", str(out)).returncode == 0
    built = run("build", str(out), "--base", "https://example.org/", "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "jsonld").is_dir()


def test_orcid_samples_of_whole_records_and_lists_import():
    for name in ("record-3.0.xml", "works-3.0.xml", "activities-3.0.xml", "person-3.0.xml", "educations-3.0.xml",
                 "employments-3.0.xml", "services-3.0.xml", "distinction-3.0.xml", "peer-review-3.0.xml"):
        report = Report()
        me = None if name in ("record-3.0.xml", "person-3.0.xml") else "Laure L. Haak"  # a record names its owner
        document = orcid_any.read(shared_path("orcid", "samples", "read_samples", name), me=me, report=report)
        assert document["person"]["name"] in ("give-names family-name", "Laure L. Haak"), name
        assert report.diagnostics or name == "person-3.0.xml", name  # what a CV cannot hold is reported


@pytest.mark.parametrize("parts, message", [
    ("<common:year>2019</common:year><common:month>ab</common:month>",
     "ORCID common:start-date '2019-ab' left out: not a date (expected digits for year, month and day)"),
    ("<common:year>0</common:year><common:month>02</common:month>",
     "ORCID common:start-date '0-02' left out: not a date (the year must have four digits)"),
    ("<common:year>2019</common:year><common:month>13</common:month>",
     "ORCID common:start-date '2019-13' left out: not a date (impossible date '2019-13': month 13 is not 1-12)"),
])
def test_a_bad_date_is_left_out_at_its_line_not_a_traceback(parts, message):
    from cvld.importers.orcid import read_orcid

    xml = ("<employment:employment xmlns:employment='http://www.orcid.org/ns/employment' "
           "xmlns:common='http://www.orcid.org/ns/common'>\n<common:role-title>Engineer</common:role-title>\n"
           f"<common:start-date>{parts}</common:start-date>\n"
           "<common:organization><common:name>Acme</common:name></common:organization>\n"
           "</employment:employment>").encode()
    report = Report()
    fragment = read_orcid(xml, report, name="e.xml")
    assert "start" not in fragment["positions"][0]
    assert [str(d) for d in report.sorted()] == [
        "e.xml:1:1: warning: employment:employment has no start: the CV format needs it",
        f"e.xml:3:1: warning: {message}"]


def test_a_warning_names_the_column_of_its_element_counted_in_characters():
    """lxml keeps only an element's line; the column comes from its start tag, counted in characters
    (here after a title with non-ASCII letters, and with two elements on one line)."""
    xml = ('<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">\n'
           '  <work:title><common:title>Über Čech</common:title><common:subtitle>Zweiter Teil</common:subtitle>'
           '</work:title><work:type>journal-article</work:type>\n'
           '  <common:publication-date><common:year>2020</common:year></common:publication-date>'
           ' <common:url>www.example.org</common:url>\n'
           '</work:work>\n').encode()
    report = Report()
    read_orcid(xml, report, name="w.xml", owner={"key": "me", "name": "Ada Lovelace"})
    assert [str(d) for d in report.sorted()] == [
        "w.xml:2:53: warning: ORCID element common:subtitle 'Zweiter Teil' cannot be held by a CV record",
        "w.xml:3:86: warning: ORCID element common:url 'www.example.org' cannot be held by a CV record: not an http(s) "
        "URL: 'www.example.org'",
    ]

"""CSL-JSON, CITATION.cff, JSON Resume and ORCID import: each corpus file, with values read off the files by hand,
and warnings located by JSON/YAML path and line."""

from __future__ import annotations

import json
import re

import pytest

from cvld.core.diagnostics import Report
from cvld.importers import cff, csl, jsonresume, orcid_any
from conftest import PROJECT_ROOT, shared_path


def read(module, path, me=None, me_orcid=None):
    report = Report()
    return module.read(path, me=me, me_orcid=me_orcid, report=report), report


def messages(report):
    return [str(d) for d in report.sorted()]


# --- CSL-JSON ----------------------------------------------------------------------------


def test_manubot_csl_json_from_arxiv():
    path = shared_path("corpus", "manubot", "arxiv-joss.csl.json")
    document, report = read(csl, path, me="Daniel S. Katz")
    (work,) = document["works"]
    assert work["title"] == "Journal of Open Source Software (JOSS): design and first-year review"
    assert len(work["authors"]) == 16
    assert work["authors"][:3] == ["arfon-m-smith", "kyle-e-niemeyer", "daniel-s-katz"]
    assert work["authors"][-1] == "jacob-t-vanderplas"
    assert document["people"]["abigail-cabunoc-mayes"]["name"] == "Abigail Cabunoc Mayes"
    assert (work["type"], work["status"], work["arxiv"]) == ("preprint", "preprint", "1707.02264v3")
    assert (work["date"], work["doi"]) == ("2017-07-07", "10.7717/peerj-cs.147")
    assert work["abstract"].startswith("This article describes the motivation, design, and progress of the Journal of Open")
    assert "venue" not in work  # 'arXiv' is not a venue
    assert messages(report) == [f"{path}:71:11: warning: [0].id: key 'oGNtTmrp' written as 'ognttmrp' "
                                "(keys are lower-case letters, digits, '.', '_' and '-')"]


def test_csl_items_with_problems_are_reported_at_their_json_path(tmp_path):
    path = tmp_path / "refs.json"
    items = [
        {"id": "ok", "type": "article-journal", "title": "Fine", "author": [{"family": "Wu", "given": "Lei"}],
         "issued": {"date-parts": [[2020, 7]]}, "container-title": "Journal", "page": "1-9", "DOI": "10.1234/xyz"},
        {"id": "nodate", "type": "article-journal", "title": "No date", "author": [{"family": "Wu", "given": "Lei"}]},
        {"id": "odd", "type": "song", "title": "Odd", "author": [{"literal": "Lei Wu*"}],
         "issued": {"date-parts": [["2019"]]}, "DOI": "not-a-doi"},
    ]
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    document, report = read(csl, path, me="Wu, Lei")
    assert [(w["key"], w.get("date")) for w in document["works"]] == [("ok", "2020-07"), ("nodate", None), ("odd", 2019)]
    assert document["works"][0]["pages"] == "1\u20139"
    assert document["works"][2]["authors"] == [{"person": "lei-wu", "equal_contribution": True}]
    assert messages(report) == [
        f"{path}:24:2: warning: [1]: no date ('issued'): imported undated; add its date when it is known",
        f"{path}:37:11: warning: [2].type: CSL type 'song' has no counterpart: imported as 'other'",
        f"{path}:51:10: warning: [2].DOI: DOI left out: not a DOI: 'not-a-doi' (expected 10.NNNN/suffix)",
    ]


# --- CITATION.cff --------------------------------------------------------------------------


def test_cffconvert_citation_with_the_owner_by_orcid():
    path = shared_path("corpus", "cffconvert", "CITATION.cff")
    document, report = read(cff, path, me_orcid="0000-0002-7064-4069")
    work, reference = document["works"]
    assert document["person"] == {"key": "jurriaan-h-spaaks", "name": "Jurriaan H. Spaaks", "given_name": "Jurriaan H.",
                                  "family_name": "Spaaks", "orcid": "0000-0002-7064-4069"}
    assert (work["key"], work["type"], work["title"]) == ("spaaks2021cffconvert", "software", "cffconvert")
    assert work["authors"] == ["jurriaan-h-spaaks"]
    assert (work["date"], work["doi"], work["note"]) == ("2021-09-22", "10.5281/zenodo.1162057", "Version 3.0.0a0")
    assert work["url"] == "https://github.com/citation-file-format/cffconvert"
    assert work["keywords"][:3] == ["bibliography", "BibTeX", "cff"] and len(work["keywords"]) == 9
    assert f"{path}:9:3: warning: contributors: 'contributors' (10 items) is not imported: the CV format has no place for it" \
        in messages(report)
    assert f"{path}:52:5: warning: identifiers[1]: a second DOI '10.5281/zenodo.5521767' is not imported" in messages(report)
    # the references: the one Spaaks is an author of (7th of 13) is a work of his; the other is counted
    assert (reference["key"], reference["type"], reference["title"], reference["date"], reference["doi"]) == (
        "vanderzwaan2018netherlands", "software", "Netherlands eScience Center Python Template", "2018-07-17",
        "10.5281/zenodo.1310751")
    assert len(reference["authors"]) == 13 and reference["authors"][6] == "jurriaan-h-spaaks"
    assert (reference["url"], reference["note"]) == ("https://github.com/NLeSC/python-template", "Version 0.4.0")
    assert f"{path}:80:3: warning: references: 1 of the 2 references does not list you among its authors: not " \
           "imported (it is a work the software cites)" in messages(report)


def test_citation_file_format_citation_with_a_two_word_family_name():
    path = shared_path("corpus", "citation-file-format", "CITATION.cff")
    document, report = read(cff, path, me="Neil Chue Hong")
    (work,) = document["works"]
    assert work["authors"] == ["stephan-druskat", "jurriaan-h-spaaks", "neil-chue-hong", "robert-haines", "james-baker"]
    assert document["person"]["family_name"] == "Chue Hong"
    assert document["person"]["orcid"] == "0000-0002-8876-7606"
    assert document["people"]["stephan-druskat"]["orcid"] == "0000-0003-4925-7248"
    assert (work["title"], work["date"], work["doi"]) == ("Citation File Format", "2021-05-12", "10.5281/zenodo.4751536")
    assert not report.diagnostics


def test_citation_js_citation_with_an_entity_author_and_a_preferred_citation():
    path = shared_path("corpus", "citation-js", "CITATION.cff")
    document, report = read(cff, path, me="Lars G. Willighagen")
    software, article = document["works"]
    assert software["authors"][0] == "lars-g-willighagen"  # 'Lars Willighagen' is a variant of the owner's name
    assert software["authors"][2:4] == ["egon-willighagen", "jakob-voss"]
    assert software["authors"][8:] == ["anadrome", "petr-cermak"]
    assert document["people"]["anadrome"] == {"name": "anadrome"}
    assert document["people"]["petr-cermak"]["family_name"] == "Čermák"
    assert (software["type"], software["date"], software["note"]) == ("software", "2025-12-31", "Version v0.7.22")
    assert article["title"] == ("Citation.js: a format-independent, modular bibliography tool for the browser and "
                                "command line")
    assert (article["type"], article["doi"], article["date"]) == ("journal-article", "10.7717/peerj-cs.214", "2019-08-12")
    assert article["venue"] == {"name": "PeerJ Computer Science", "publisher": "PeerJ", "issn": "2376-5992"}
    assert (article["volume"], article["article_number"]) == (5, "e214")
    assert "url" not in article  # http://dx.doi.org/10.7717/peerj-cs.214 is the DOI's own link
    assert messages(report) == [
        f"{path}:6:14: warning: authors[0].website: 'website' of 10 author(s) is not imported: the CV format has no "
        "place for it",
        f"{path}:50:7: warning: preferred-citation.identifiers[2]: identifier of type 'other' is not imported",
    ]


# --- JSON Resume -------------------------------------------------------------------------------


def test_json_resume_sample():
    path = shared_path("corpus", "jsonresume", "sample.resume.json")
    document, report = read(jsonresume, path)
    person = document["person"]
    assert (person["key"], person["name"], person["email"]) == ("richard-hendriks", "Richard Hendriks",
                                                                "richard.hendriks@mail.com")
    assert person["address"] == {"street": "2712 Broadway St", "locality": "San Francisco", "region": "California",
                                 "postal_code": "CA 94115", "country": "US"}
    assert person["profiles"][0] == {"network": "Twitter", "url": "https://www.twitter.com", "username": "neutralthoughts"}
    assert person["interests"] == ["Wildlife"]
    assert document["positions"] == [{"title": "CEO/President", "kind": "employment", "organisation": "pied-piper",
                                      "start": "2013-12-01", "end": "2014-12-01"}]
    assert document["education"] == [{"kind": "degree", "degree": "Bachelor", "field": "Information Technology",
                                      "organisation": "university-of-oklahoma", "start": "2011-06-01", "end": "2014-01-01"}]
    assert document["organisations"]["university-of-oklahoma"] == {"name": "University of Oklahoma", "url": "https://www.ou.edu/"}
    (work,) = document["works"]
    assert (work["title"], work["date"], work["venue"], work["authors"]) == (
        "Video compression for 3d media", "2014-10-01", {"name": "Hooli"}, ["richard-hendriks"])
    found = messages(report)
    assert document["awards"] == [{"name": "Digital Compression Pioneer Award", "organisation": "techcrunch",
                                   "date": "2014-11-01", "description": "There is no spoon."}]
    assert document["organisations"]["techcrunch"] == {"name": "Techcrunch"}
    assert f"{path}:49:5: warning: volunteer[0]: volunteering as 'Teacher' (CoderDojo) is not imported: it is no " \
           "service (reviewing, editing, a committee) nor a membership; add it to the CV by hand where it fits" in found
    assert "service" not in document and "memberships" not in document
    assert f"{path}:41:21: warning: work[0].highlights: 'highlights' (3 items) is not imported: the CV format has no " \
           "place for it" in found
    assert len(found) == 14


def test_json_resume_publication_fixtures_are_not_a_resume():
    path = shared_path("corpus", "jsonresume", "publications.fixtures.json")
    document, report = read(jsonresume, path, me="Richard Hendriks")
    assert "works" not in document
    assert len(report.warnings) == 14
    assert messages(report)[0] == (f"{path}:2:24: warning: publicationsValid: 'publicationsValid' is not imported: "
                                   "the CV format has no place for it")


@pytest.mark.parametrize("name, message", [
    ("nameInvalid", "publications[0]: no 'name' (the title); skipped"),
    ("releaseDateValid", "publications[0]: no 'name' (the title); skipped"),
    ("releaseDateInvalid", "publications[0]: no 'name' (the title); skipped"),
    ("urlValid", "publications[0]: no 'name' (the title); skipped"),
])
def test_json_resume_publication_fixtures_one_by_one(name, message, tmp_path):
    fixtures = json.loads(shared_path("corpus", "jsonresume", "publications.fixtures.json").read_text(encoding="utf-8"))
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(fixtures[name]), encoding="utf-8")
    document, report = read(jsonresume, path, me="Richard Hendriks")
    assert "works" not in document  # none of these fixtures has a title
    assert messages(report) == [f"{path}:1:19: warning: {message}"]


def test_json_resume_publication_with_no_release_date_is_imported_undated(tmp_path):
    fixtures = json.loads(shared_path("corpus", "jsonresume", "publications.fixtures.json").read_text(encoding="utf-8"))
    path = tmp_path / "nameValid.json"
    path.write_text(json.dumps(fixtures["nameValid"]), encoding="utf-8")
    document, report = read(jsonresume, path, me="Richard Hendriks")
    assert document["works"] == [{"key": "richardhendriksvideo", "type": "other", "title": "Video compression for 3d media",
                                  "authors": ["richard-hendriks"]}]
    assert messages(report) == [
        f"{path}:1:19: warning: publications[0]: JSON Resume gives no authors: the owner is written as the only author; "
        "the type is 'other'",
        f"{path}:1:19: warning: publications[0]: no 'releaseDate': imported undated; add its date when it is known"]
    path.write_text(json.dumps({"publications": [{"name": "A paper", "releaseDate": "In press"}]}), encoding="utf-8")
    document, report = read(jsonresume, path, me="Richard Hendriks")
    assert [(w.get("date"), w.get("status")) for w in document["works"]] == [(None, "in-press")]
    assert messages(report)[1] == (f"{path}:1:19: warning: publications[0]: no date ('releaseDate' is 'In press'): "
                                   "imported undated with its status ('in-press')")


def test_json_resume_common_deviations(tmp_path):
    path = tmp_path / "resume.json"
    path.write_text(json.dumps({
        "basics": {"name": "Lei Wu", "email": "not an email", "image": ""},
        "work": [{"name": "Princeton University", "position": "Postdoc", "startDate": "2018-11", "endDate": "Present"},
                 {"name": "Nowhere", "position": "Ghost"}],
        "education": [{"institution": "Peking University", "studyType": "Ph.D.", "area": "Computational Mathematics",
                       "startDate": "2012-07", "endDate": "2018-07-15T00:00:00"}],
        "publications": [{"name": "A paper", "releaseDate": "2020", "publisher": "Journal"}],
        "awards": [{"title": "Prize", "date": "2019"}],
    }, indent=1), encoding="utf-8")
    document, report = read(jsonresume, path)
    assert document["positions"] == [{"title": "Postdoc", "kind": "employment", "organisation": "princeton-university",
                                      "start": "2018-11", "end": "present"}]
    assert document["education"][0]["end"] == "2018-07-15"
    assert document["works"][0]["key"] == "wu2020paper"
    assert "email" not in document["person"]
    assert messages(report) == [
        f"{path}:4:12: warning: basics.email: email 'not an email' left out: not an e-mail address",
        f"{path}:14:3: warning: work[1]: no 'startDate'; skipped",
        f"{path}:29:3: warning: publications[0]: JSON Resume gives no authors: the owner is written as the only "
        "author; the type is 'other'",
    ]
    assert document["awards"] == [{"name": "Prize", "date": 2019}]


def test_json_resume_volunteering_that_is_service_or_a_membership(tmp_path):
    path = tmp_path / "resume.json"
    path.write_text(json.dumps({
        "basics": {"name": "Ada Grant"},
        "volunteer": [
            {"organization": "Journal of Imaginary Evolution", "position": "Reviewer", "startDate": "2019"},
            {"organization": "WIG 2022", "position": "Program Committee Member", "startDate": "2022-01",
             "endDate": "2022-06", "summary": "Reviewed eight papers."},
            {"organization": "Genomics Letters", "position": "Associate Editor for Methods", "startDate": "2020"},
            {"organization": "Royal Society of Biology", "position": "Fellow", "startDate": "2022",
             "url": "https://www.rsb.org.uk/"},
            {"organization": "City Food Bank", "position": "Driver"},
            {"organization": "Society for Molecular Biology and Evolution", "position": "Board member",
             "startDate": "2023-13"},
        ],
        "awards": [{"awarder": "ISCB"}],
    }, indent=1), encoding="utf-8")
    document, report = read(jsonresume, path)
    assert document["service"] == [
        {"role": "reviewer", "venue": "Journal of Imaginary Evolution", "start": 2019},
        {"role": "program-committee", "venue": "WIG 2022", "start": "2022-01", "end": "2022-06"},
        {"role": "associate-editor", "venue": "Genomics Letters", "start": 2020, "role_title": "Associate Editor for Methods"}]
    assert document["memberships"] == [{"organisation": "royal-society-of-biology", "role": "Fellow", "start": 2022}]
    assert document["organisations"]["royal-society-of-biology"] == {"name": "Royal Society of Biology",
                                                                     "url": "https://www.rsb.org.uk/"}
    assert "awards" not in document
    assert messages(report) == [
        f"{path}:16:15: warning: volunteer[1].summary: 'summary' is not imported: the CV format has no place for it",
        f"{path}:29:3: warning: volunteer[4]: volunteering as 'Driver' (City Food Bank) is not imported: it is no "
        "service (reviewing, editing, a committee) nor a membership; add it to the CV by hand where it fits",
        f"{path}:36:17: warning: volunteer[5].startDate: startDate left out: impossible date '2023-13': month 13 is not 1-12",
        f"{path}:40:3: warning: awards[0]: no 'title' (the award's name); skipped",
    ]


# --- ORCID XML (the samples of ORCID's model) -----------------------------------------------------


def test_orcid_work_sample_with_the_owner_by_a_name_variant():
    path = shared_path("corpus", "orcid-model", "work-full-3.0.xml")
    document, report = read(orcid_any, path, me="Haak, L.")
    (work,) = document["works"]
    assert (work["title"], work["type"], work["date"]) == ("Work Title", "journal-article", "2012-10-01")
    assert work["authors"] == ["l-haak"]  # Laure L. Haak is the owner
    assert document["person"] == {"key": "l-haak", "name": "L. Haak", "orcid": "0000-0001-5109-3700"}
    assert work["venue"] == {"name": "Journal Title"}
    assert f"{path}:8:3: warning: ORCID element common:subtitle 'Sub title' cannot be held by a CV record" in messages(report)


@pytest.mark.parametrize("name, section, title_field", [("education-3.0.xml", "education", "degree"),
                                                       ("employment-3.0.xml", "positions", "title")])
def test_orcid_affiliation_samples(name, section, title_field):
    document, report = read(orcid_any, shared_path("corpus", "orcid-model", name), me="Laure L. Haak")
    (entry,) = document[section]
    assert (entry[title_field], entry["start"], entry["end"]) == ("role-title", "1948-02-02", "1948-02-02")
    org = document["organisations"][entry["organisation"]]
    assert (org["name"], org["department"], org["ror"]) == ("common:name", "department-name", "https://ror.org/021nxhr62")


# --- ORCID JSON (ORCID's own samples) ----------------------------------------------------------


def orcid_sample(*parts):
    return shared_path("orcid", "samples", *parts)


def test_orcid_json_full_record():
    path = orcid_sample("read_samples", "record-full-3.0.json")
    document, report = read(orcid_any, path)
    assert document["person"] == {"key": "three-releasecandidate1", "name": "Three releasecandidate1",
                                  "given_name": "Three", "family_name": "releasecandidate1",
                                  "other_names": ["Other Name", "{}", "{yo}", "dreamofaredbird"],
                                  "orcid": "0000-0002-7319-2192", "address": {"country": "US"},
                                  "profiles": [{"network": "my-id-system", "url": "https://myid.com/A-0003",
                                                "username": "A-0003"},
                                               {"network": "site-1", "url": "https://site1.com/"},
                                               {"network": "u7b-7b-7d-7d-7b-7d", "url": "http://www.fjksbl.com"}],
                                  "interests": ["{{{}}}}{}{{}}}{{{{}}{}{}{}{}{}{}{", "keyword1"]}
    assert [(s["role"], s["role_title"], s["start"]) for s in document["service"]] == [
        ("other", "role-title", "1949-02-02"), ("other", "role-title", "1948-02-02")]
    (work,) = document["works"]
    assert (work["title"], work["type"], work["date"]) == ("Work Title", "journal-article", "2012-10-01")
    assert work["authors"] == ["three-releasecandidate1"] and work["venue"] == {"name": "Jounral Title"}
    # the sections are read in the record's (alphabetical) order: the distinction's organisation comes first
    assert [e["organisation"] for e in document["education"]] == ["common-name-department-name-2",
                                                                  "common-name-gallows", "common-name-gallows"]
    assert document["positions"][0] == {"title": "role-title", "kind": "employment",
                                        "organisation": "common-name-department-name-2", "start": "1948-02-02",
                                        "end": "1948-02-02"}
    assert document["awards"] == [{"name": "role-title", "organisation": "common-name-department-name",
                                   "date": "1948-02-02", "url": "http://tempuri.org"}]
    assert document["grants"] == [{"title": "Grant title", "award_number": "1234", "funder": "wellcome-trust",
                                   "role": "participant", "url": "https://alt-url.org", "start": "2000-02-02",
                                   "end": "2020-02-02"}]
    assert document["organisations"]["wellcome-trust"] == {
        "name": "Wellcome Trust", "city": "London", "country": "GB", "crossref_funder": "10.13039/100000001"}
    assert document["memberships"] == [{"organisation": "common-name-department-name-2", "role": "role-title",
                                        "start": "1948-02-02", "end": "1948-02-02"}]
    assert document["positions"][1]["kind"] == "visiting"  # the invited position
    assert len(document["positions"]) == 2
    found = messages(report)
    assert f"{path}:1057:31: warning: activities-summary.fundings.group[0].funding-summary[0]: ORCID names no role " \
           "of the owner in the funding 'Grant title': read as 'participant'; correct it (pi, co-pi) if the grant is " \
           "the owner's" in found
    assert f"{path}:1141:12: warning: activities-summary.fundings.group[0].funding-summary[1]: another source's copy " \
           "of the same funding; the first one is read" in found
    assert f"{path}:1548:37: warning: activities-summary.peer-reviews.group[0].peer-review-group[0]." \
           "peer-review-summary[0]: ORCID peer-review 'reviewer' for issn:1741-4857 (ORCID, 2012) is not imported: the " \
           "CV has no section for peer reviews yet" in found
    assert f"{path}:293:10: warning: person.addresses.address[1]: ORCID 'address' is not imported: the CV holds one " \
           "address" in found
    assert f"{path}:2238:28: warning: activities-summary.works.group[0].work-summary[0]: ORCID lists no contributors " \
           "for this work: the owner is written as its only author" in found
    assert f"{path}:550:26: warning: activities-summary.distinctions.affiliation-group[0].summaries[0]." \
           "distinction-summary.end-date: ORCID 'end-date' is not imported: cvld keeps one date per award (the " \
           "start-date)" in found
    assert sum("is not imported: the CV has no section for" in m for m in found) == 4  # one per item
    assert len(found) == 16


def test_orcid_json_work_with_contributors():
    path = orcid_sample("write_samples", "work-full-3.0.json")
    document, report = read(orcid_any, path, me_orcid="0000-0002-4325-871X")
    (work,) = document["works"]
    assert work["authors"] == ["jordan", "fran"]
    assert document["person"] == {"key": "fran", "name": "Fran", "family_name": "Fran", "orcid": "0000-0002-4325-871X"}
    assert document["people"] == {"jordan": {"name": "Jordan", "family_name": "Jordan", "orcid": "0000-0002-5391-5437"}}
    assert (work["date"], work["url"], work["abstract"]) == ("2022-05-24", "https://example.com",
                                                             "This is a short description of the work.")
    assert f"{path}:47:30: warning: external-ids.external-id[1].external-id-value: doi left out: not a DOI: 'work:doi' " \
           "(expected 10.NNNN/suffix)" in messages(report)


def test_orcid_json_bulk_and_affiliations():
    document, report = read(orcid_any, orcid_sample("write_samples", "bulk-works-3-works-3.0.json"), me="Jordan")
    assert [w["title"] for w in document["works"]] == ["Work Title 1", "Work Title 2", "Work Title 3"]
    assert all(w["authors"] == ["jordan"] for w in document["works"])
    assert document["works"][1]["doi"] == "10.1012/j.crvasa.2015.05.008"
    document, _ = read(orcid_any, orcid_sample("write_samples", "education-3.0.json"), me="Jordan")
    assert document["education"] == [{"kind": "degree", "degree": "Degree awarded",
                                      "organisation": "university-of-oxford-school-of-geography-and-the-environment",
                                      "start": "2015-02-02", "end": "2023-01-02"}]
    assert document["organisations"]["university-of-oxford-school-of-geography-and-the-environment"]["ror"] == \
        "https://ror.org/052gg0110"
    document, _ = read(orcid_any, orcid_sample("write_samples", "employment-3.0.json"), me="Jordan")
    (position,) = document["positions"]
    assert (position["title"], position["start"], position["end"]) == ("Role", "2021-01-01", "2023-01-01")


# --- works with no date, a range or a status (issue 22) --------------------------------------

DATES = PROJECT_ROOT / "tests" / "data" / "dates"
WILD_ORCID = PROJECT_ROOT / "tests" / "data" / "orcid-wild"


def test_csl_items_with_no_date_a_literal_a_range_or_a_status():
    path = DATES / "items.csl.json"
    document, report = read(csl, path, me="Lei Wu")
    assert [(w["key"], w.get("date"), w.get("status")) for w in document["works"]] == [
        ("noissued", None, None), ("inpress", None, "in-press"), ("statusvar", None, "accepted"),
        ("range", "2003/2015", None), ("oddstatus", "2021-04", None), ("literalyear", None, None)]
    assert messages(report) == [
        f"{path}:2:3: warning: [0]: no date ('issued'): imported undated; add its date when it is known",
        f"{path}:3:3: warning: [1]: no date ('issued'): imported undated with its status ('in-press')",
        f"{path}:4:14: warning: [1].issued: date 'in press' is no date: status 'in-press' read from it ('in press')",
        f"{path}:5:3: warning: [2]: no date ('issued'): imported undated with its status ('accepted')",
        f"{path}:10:53: warning: [4].status: status 'advance online publication' is none cvld knows (in preparation, "
        "submitted, in review, accepted, in press); left out",
        f"{path}:11:3: warning: [5]: no date ('issued'): imported undated; add its date when it is known",
        f"{path}:12:14: warning: [5].issued: date left out: not a date: 'sometime' (expected YYYY, YYYY-MM or YYYY-MM-DD)",
    ]


def _orcid_without_date(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, read(orcid_any, path, me="Haak, L.")


def test_an_orcid_work_with_no_publication_date_is_imported_undated(tmp_path):
    xml = shared_path("corpus", "orcid-model", "work-full-3.0.xml").read_text(encoding="utf-8")
    xml = re.sub(r"\s*<common:publication-date>.*?</common:publication-date>", "", xml, flags=re.S)
    path, (document, report) = _orcid_without_date(tmp_path, xml, "work.xml")
    (work,) = document["works"]
    assert (work["title"], "date" in work) == ("Work Title", False)
    assert f"{path}:5:1: warning: no publication-date: imported undated; add its date when it is known" in messages(report)
    record = json.loads((WILD_ORCID / "record-3.0.json").read_text(encoding="utf-8"))
    del record["activities-summary"]["works"]["group"][0]["work-summary"][0]["publication-date"]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    document, report = read(orcid_any, path)
    (work,) = document["works"]
    assert (work["title"], "date" in work) == ("A stable partitioned scheme for strongly coupled problems", False)
    assert [m for m in messages(report) if "undated" in m] == [
        f"{path}:221:7: warning: "
        "activities-summary.works.group[0].work-summary[0]: no publication-date: imported undated; add its date when "
        "it is known"]

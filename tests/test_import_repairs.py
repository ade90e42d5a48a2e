"""One bad entry skips that entry, not the file (CSL-JSON, JSON Resume, CITATION.cff, ORCID JSON): a control
character, a duplicate key, a job that ends before it starts are dropped or repaired and reported at the
input's own line and column; CITATION.cff of software imports as a software work."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvld.api import import_document
from cvld.core.diagnostics import CVInputError, Report, UsageError
from cvld.importers import cff, csl, jsonresume, orcid_any
from cvld.source.load import load_cv

WILD = Path(__file__).parent / "data" / "orcid-wild"


def read(module, path, **owner):
    report = Report()
    return module.read(path, report=report, **owner), report


def messages(report):
    return [str(d) for d in report.sorted()]


def loads(tmp_path, result):
    """The imported CV loads (the same check `cvld check` starts with)."""
    path = tmp_path / "imported.yaml"
    path.write_text(result.text, encoding="utf-8")
    return load_cv(path)


# --- CSL-JSON -------------------------------------------------------------------------------------


def test_csl_duplicate_key_and_control_characters(tmp_path):
    path = tmp_path / "zotero.json"
    path.write_bytes(
        b'[\n'
        b' {"id": "a", "type": "article-journal", "title": "One", "title": "Two",\n'
        b'  "author": [{"family": "Wu", "given": "Lei"}], "issued": {"date-parts": [[2020]]}},\n'
        b' {"id": "b", "type": "article-journal", "title": "Bad \\u0001 char", "abstract": "x\\u007fy",\n'
        b'  "author": [{"family": "Wu", "given": "Lei"}], "issued": {"date-parts": [[2021]]}},\n'
        b' {"id": "c", "type": "book", "title": "raw\x01here", "author": [{"family": "Wu", "given": "Lei"}],\n'
        b'  "issued": {"date-parts": [[2019]]}}\n'
        b']\n')
    document, report = read(csl, path, me="Lei Wu")
    assert [(w["key"], w["title"]) for w in document["works"]] == [("a", "One"), ("b", "Bad char"), ("c", "rawhere")]
    assert document["works"][1]["abstract"] == "xy"
    assert messages(report) == [
        f"{path}:2:57: warning: [0].title: duplicate key 'title' (first at line 2): the later value 'Two' is left out; "
        "keep one of them",
        f"{path}:4:50: warning: [1].title: contains U+0001, a character XML and HTML cannot hold; removed",
        f"{path}:4:81: warning: [1].abstract: contains U+007F, a character XML and HTML cannot hold; removed",
        f"{path}:6:43: warning: contains U+0001, a control character; removed",
    ]
    assert [w.key for w in loads(tmp_path, import_document("csl", path, me="Lei Wu")).works] == ["a", "b", "c"]


# --- JSON Resume ----------------------------------------------------------------------------------


def test_json_resume_job_ending_before_it_starts_is_skipped_alone(tmp_path):
    path = tmp_path / "resume.json"
    path.write_text('{"basics": {"name": "Lei Wu"},\n'
                    ' "work": [\n'
                    '  {"name": "Acme", "position": "Engineer", "startDate": "2019-05-01", "endDate": "2017-01-01"},\n'
                    '  {"name": "Beta", "position": "Scientist", "startDate": "2020-01"}\n'
                    ' ],\n'
                    ' "education": [{"institution": "Uni", "studyType": "PhD", "studyType": "MSc", "startDate": "2014"}]\n'
                    '}\n', encoding="utf-8")
    document, report = read(jsonresume, path)
    assert document["positions"] == [{"title": "Scientist", "kind": "employment", "organisation": "beta",
                                      "start": "2020-01"}]
    assert document["education"] == [{"kind": "degree", "degree": "PhD", "organisation": "uni", "start": 2014}]
    assert set(document["organisations"]) == {"beta", "uni"}  # nothing left behind by the skipped job
    assert messages(report) == [
        f"{path}:3:82: warning: work[0].endDate: ends (2017-01-01) before it starts (2019-05-01); skipped: correct the "
        "dates",
        f"{path}:6:59: warning: education[0].studyType: duplicate key 'studyType' (first at line 6): the later value "
        "'MSc' is left out; keep one of them",
    ]
    cv = loads(tmp_path, import_document("jsonresume", path))
    assert [p.title for p in cv.positions] == ["Scientist"]


# --- ORCID JSON -----------------------------------------------------------------------------------


def test_orcid_json_record_with_bad_entries(tmp_path):
    path = WILD / "record-3.0.json"
    document, report = read(orcid_any, path)
    assert document["person"] == {"key": "mirela-ionescu-berg", "name": "Mirela Ionescu-Berg", "given_name": "Mirela",
                                  "family_name": "Ionescu-Berg", "other_names": ["Mirela Ionescu"],
                                  "orcid": "0000-0002-1825-0097", "email": "mirela@uni.example.edu",
                                  "profiles": [{"network": "github", "url": "https://github.com/mirela-example"}],
                                  "interests": ["scientific computing"], "bio": "Numerical methods for coupled problems."}
    assert [(p["title"], p["start"], p["end"]) for p in document["positions"]] == [("Associate Professor", 2019, "present")]
    assert document["service"] == [{"role": "reviewer", "organisation": "journal-of-computational-physics-jcp",
                                    "venue": "JCP", "venue_full": "Journal of Computational Physics", "start": 2022,
                                    "end": "present"}]
    summary = "activities-summary.employments.affiliation-group"
    assert messages(report) == [
        f"{path}:8:30: warning: person.biography.content: contains U+0001, a character XML and HTML cannot hold; removed",
        f"{path}:12:26: warning: person.emails.email[1]: ORCID 'email' is not imported: the e-mail address is limited "
        "on ORCID, so it stays out of a public CV",
        f"{path}:33:9: warning: {summary}[0].summaries[0].employment-summary.role-title: duplicate key 'role-title' "
        "(first at line 31): the later value 'Professor' is left out; keep one of them",
        f"{path}:36:21: warning: {summary}[1].summaries[0].employment-summary.end-date: an affiliation 'Postdoctoral "
        "researcher' that ends (2014) before it starts (2016); left out: correct the dates on ORCID or add it by hand",
        f"{path}:41:43: warning: activities-summary.works.group[0].work-summary[0]: ORCID lists no contributors for "
        "this work: the owner is written as its only author",
    ]
    assert document["awards"] == [{"name": "Young Investigator Award", "organisation": "nordic-society-for-computation",
                                   "date": 2021}]
    cv = loads(tmp_path, import_document("orcid", path))
    assert cv.owner.bio == "Numerical methods for coupled problems." and len(cv.works) == 1
    assert [(a.name, a.organisation.name) for a in cv.awards] == [("Young Investigator Award",
                                                                   "Nordic Society for Computation")]


def test_orcid_json_search_result_is_refused(tmp_path):
    path = tmp_path / "search.json"
    path.write_text('{"expanded-result": [{"orcid-id": "0000-0002-1825-0097", "given-names": "Mirela"}], '
                    '"num-found": 1}', encoding="utf-8")
    with pytest.raises(CVInputError) as raised:
        read(orcid_any, path, me="Mirela")
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{path}:1:1: an ORCID search result lists 1 person (0000-0002-1825-0097), not one person's works or "
        "affiliations: download the record of the one that is you (https://pub.orcid.org/v3.0/ORCID-ID/record) and "
        "import that"]


# --- CITATION.cff ---------------------------------------------------------------------------------

SOFTWARE = """\
cff-version: 1.2.0
message: If you use this software, please cite it as below.
title: fsikit
version: 2.1.0
doi: 10.5281/zenodo.1234567
date-released: 2024-03-05
repository-code: https://github.com/example/fsikit
abstract: >-
  A toolkit for
  partitioned coupling.
keywords: [FSI, coupling]
authors:
  - family-names: Ionescu-Berg
    given-names: Mirela
    orcid: https://orcid.org/0000-0002-1825-0097
  - name: The fsikit developers
    website: https://fsikit.example.org
references:
  - type: article
    title: A stable partitioned scheme for strongly coupled problems
    authors:
      - family-names: Ionescu-Berg
        given-names: Mirela
      - family-names: Lindqvist
        given-names: Tomas
    journal: Journal of Computational Physics
    year: 2021
    doi: 10.1016/j.jcp.2020.109876
  - type: software
    title: NumPy
    authors:
      - name: The NumPy community
    date-released: 2020-06-01
"""


def test_cff_of_software_without_preferred_citation(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text(SOFTWARE, encoding="utf-8")
    document, report = read(cff, path, me="Mirela Ionescu-Berg")
    software, article = document["works"]
    assert software == {"key": "ionescuberg2024fsikit", "type": "software", "title": "fsikit",
                        "authors": ["mirela-ionescu-berg", "the-fsikit-developers"], "date": "2024-03-05",
                        "doi": "10.5281/zenodo.1234567", "url": "https://github.com/example/fsikit",
                        "abstract": "A toolkit for partitioned coupling.", "keywords": ["FSI", "coupling"],
                        "note": "Version 2.1.0"}
    assert document["people"]["the-fsikit-developers"] == {"name": "The fsikit developers"}
    assert (article["type"], article["venue"], article["date"], article["authors"]) == (
        "journal-article", {"name": "Journal of Computational Physics"}, 2021, ["mirela-ionescu-berg", "tomas-lindqvist"])
    assert messages(report) == [
        f"{path}:17:14: warning: authors[1].website: 'website' of 1 author(s) is not imported: the CV format has no "
        "place for it",
        f"{path}:19:3: warning: references: 1 of the 2 references does not list you among its authors: not imported "
        "(it is a work the software cites)",
    ]
    cv = loads(tmp_path, import_document("cff", path, me="Mirela Ionescu-Berg"))
    assert [w.type for w in cv.works] == ["software", "journal-article"]


def test_cff_without_a_release_date_imports_the_software_undated_and_says_what_to_add(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text(SOFTWARE.replace("date-released: 2024-03-05\n", "").split("references:")[0]
                    + "references:\n  - type: article\n    title: A paper on its way\n    status: in-press\n"
                    "    authors:\n      - family-names: Ionescu-Berg\n        given-names: Mirela\n"
                    "  - type: article\n    title: An abstract\n    status: abstract\n"
                    "    authors:\n      - family-names: Ionescu-Berg\n        given-names: Mirela\n",
                    encoding="utf-8")
    document, report = read(cff, path, me="Mirela Ionescu-Berg")
    assert [(w["key"], w["type"], w.get("date"), w.get("status")) for w in document["works"]] == [
        ("ionescubergfsikit", "software", None, None), ("ionescubergpaper", "journal-article", None, "in-press"),
        ("ionescubergabstract", "journal-article", None, None)]
    assert messages(report) == [
        f"{path}:1:1: warning: the software has no 'date-released': imported undated; add date-released: YYYY-MM-DD "
        "(when this version was released)",
        f"{path}:16:14: warning: authors[1].website: 'website' of 1 author(s) is not imported: the CV format has no "
        "place for it",
        f"{path}:18:5: warning: references[0]: no date ('date-released', 'date-published' or 'year'): imported undated "
        "with its status ('in-press')",
        f"{path}:24:5: warning: references[1]: no date ('date-released', 'date-published' or 'year'): imported "
        "undated; add its date when it is known",
        f"{path}:26:13: warning: references[1].status: status 'abstract' is not imported (cvld has in-preparation, "
        "submitted, in-press, preprint)",
    ]
    cv = loads(tmp_path, import_document("cff", path, me="Mirela Ionescu-Berg"))
    assert [(w.date, w.status) for w in cv.works] == [(None, "published"), (None, "in-press"), (None, "published")]


def test_cff_whose_authors_do_not_include_the_owner_is_refused(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text(SOFTWARE, encoding="utf-8")
    with pytest.raises(UsageError, match=r"^import: 'Lei Woo' is not among the authors in .*CITATION.cff \(Mirela "
                                         r"Ionescu-Berg, The NumPy community, The fsikit developers, Tomas Lindqvist\); "
                                         r"give your name as the file spells it$"):
        read(cff, path, me="Lei Woo")


def test_cff_duplicate_key_is_repaired(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text(SOFTWARE.replace("version: 2.1.0\n", "version: 2.1.0\nversion: 2.2.0\n"), encoding="utf-8")
    document, report = read(cff, path, me="Mirela Ionescu-Berg")
    assert document["works"][0]["note"] == "Version 2.1.0"
    assert f"{path}:5:1: warning: version: duplicate key 'version' (first at line 4): the later value '2.2.0' is left " \
           "out; keep one of them" in messages(report)


def test_orcid_values_the_cv_format_refuses_are_left_out_at_their_line(tmp_path):
    """A bad country, a bad URL, a service without a role: each left out with a warning, never an error in the
    generated CV."""
    path = tmp_path / "record.xml"
    path.write_text(
        "<record:record xmlns:record='http://www.orcid.org/ns/record' xmlns:common='http://www.orcid.org/ns/common'"
        " xmlns:activities='http://www.orcid.org/ns/activities' xmlns:service='http://www.orcid.org/ns/service'"
        " xmlns:employment='http://www.orcid.org/ns/employment'>\n"
        "<common:orcid-identifier><common:path>0000-0002-1825-0097</common:path></common:orcid-identifier>\n"
        "<activities:activities-summary><activities:employments><activities:affiliation-group>\n"
        "<employment:employment-summary><common:role-title>Engineer</common:role-title>\n"
        "<common:start-date><common:year>2019</common:year></common:start-date>\n"
        "<common:organization><common:name>Acme</common:name><common:address>\n"
        "<common:city>Oslo</common:city><common:country>XX</common:country></common:address></common:organization>\n"
        "<common:url>www.acme.example</common:url>\n"
        "</employment:employment-summary></activities:affiliation-group></activities:employments>\n"
        "<activities:services><activities:affiliation-group><service:service-summary>\n"
        "<common:start-date><common:year>2020</common:year></common:start-date>\n"
        "<common:organization><common:name>JCP</common:name></common:organization>\n"
        "</service:service-summary></activities:affiliation-group></activities:services>\n"
        "</activities:activities-summary></record:record>\n", encoding="utf-8")
    result = import_document("orcid", path, me="Mirela Ionescu-Berg")
    assert [str(d) for d in result.report.sorted()] == [
        f"{path}:7:32: warning: ORCID element common:country 'XX' cannot be held by a CV record: not an ISO 3166-1 "
        "country code",
        f"{path}:8:1: warning: ORCID element common:url 'www.acme.example' cannot be held by a CV record: not an "
        "http(s) URL: 'www.acme.example'",
        f"{path}:10:52: warning: ORCID service:service-summary has no role-title, which a CV service entry needs; left out",
    ]
    cv = loads(tmp_path, result)
    assert [(p.title, p.organisation.city, p.organisation.country) for p in cv.positions] == [("Engineer", "Oslo", None)]


def test_cff_owner_met_first_under_another_spelling_of_the_name(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text(SOFTWARE.replace("given-names: Mirela\n    orcid", "given-names: Mira\n    orcid")
                    .replace("      - family-names: Ionescu-Berg\n        given-names: Mirela\n",
                             "      - family-names: Ionescu-Berg\n        given-names: Mirela\n"
                             "        orcid: https://orcid.org/0000-0002-1825-0097\n")
                    .replace("keywords: [FSI, coupling]\n", "keywords: [FSI, coupling]\nidentifiers: 3\n"),
                    encoding="utf-8")
    result = import_document("cff", path, me="Mirela Ionescu-Berg")
    cv = loads(tmp_path, result)
    assert [[a.person.key for a in w.authors] for w in cv.works] == [
        ["mirela-ionescu-berg", "the-fsikit-developers"], ["mirela-ionescu-berg", "tomas-lindqvist"]]
    assert f"{path}:12:14: warning: identifiers: 'identifiers' is not a list; not imported" in \
        [str(d) for d in result.report.sorted()]

"""Works with no date, a range or a status (issue 22): the record, `cvld check`, and every target."""

from __future__ import annotations

import json

import bibtexparser
import pytest
from lxml import etree

import bibtex_strict
from conftest import shared_path
from cvld.api import report as write_report
from cvld.bibtex.write import dumps_bibtex
from cvld.cli.main import main
from cvld.core.diagnostics import CVInputError, Report
from cvld.jsonld.check import check_cv as check_jsonld
from cvld.jsonld.write import build_jsonld
from cvld.model.dates import DateError, PartialDate, parse_date_range
from cvld.model.identity import WorkIdentity
from cvld.model.iris import Iris
from cvld.orcid.check import validate_xsd
from cvld.orcid.write import files, work_element
from cvld.rdf.check import check_cv as check_shacl
from cvld.source.load import build_cv
from cvld.source.yamlsource import parse
from cvld.web.check import Page, check_highwire
from cvld.web.write import highwire_tags, publication_groups, render_index, render_paper

CV_TEXT = """\
person: {key: ada, name: Ada Lovelace, homepage: "https://ada.example.org/"}
works:
  - {key: tool, type: software, title: A tool, authors: [ada], date: 2003/2015}
  - {key: draft, type: journal-article, title: A draft, authors: [ada], status: in-preparation, venue: {name: J. Things}}
  - {key: lost, type: journal-article, title: A lost paper, authors: [ada]}
  - {key: dated, type: journal-article, title: A dated paper, authors: [ada], date: 2014-05}
  - {key: sent, type: conference-paper, title: A sent paper, authors: [ada], status: in-review}
  - {key: early, type: preprint, title: An early preprint, authors: [ada], status: preprint}
  - {key: month, type: software, title: A second tool, authors: [ada], date: 2020-03/2022}
"""


@pytest.fixture(scope="module")
def built():
    report = Report()
    cv = build_cv(parse("cv.yaml", CV_TEXT), report)
    return cv, report


def _load(text: str):
    report = Report()
    try:
        return build_cv(parse("cv.yaml", text), report), [str(d) for d in report.diagnostics]
    except CVInputError as error:
        return None, [str(d) for d in error.diagnostics]


def test_a_range_is_start_slash_end_and_other_forms_say_how_to_write_it():
    assert parse_date_range("2003/2015") == (PartialDate(2003), PartialDate(2015))
    assert parse_date_range("2020-03/2022") == (PartialDate(2020, 3), PartialDate(2022))
    assert parse_date_range(2020) == (PartialDate(2020), None)
    for text, message in (
            ("2003--2015", "not a date: '2003--2015' (write a range as start/end: 2003/2015)"),
            ("2003\u20132015", "not a date: '2003\u20132015' (write a range as start/end: 2003/2015)"),
            ("2015/2003", "the range '2015/2003' ends (2003) before it starts (2015)"),
            ("2003/20xx", "in the range '2003/20xx': not a date: '20xx' (write YYYY, YYYY-MM or YYYY-MM-DD)")):
        with pytest.raises(DateError) as caught:
            parse_date_range(text)
        assert str(caught.value) == message


def test_the_record_holds_no_date_a_range_or_a_status(built):
    cv, report = built
    shape = {w.key: (w.date and w.date.iso(), w.date_end and w.date_end.iso(), w.status, w.published, w.year)
             for w in cv.works}
    assert shape == {
        "tool": ("2003", "2015", "published", None, 2015),
        "draft": (None, None, "in-preparation", None, None),
        "lost": (None, None, "published", None, None),
        "dated": ("2014-05", None, "published", PartialDate(2014, 5), 2014),
        "sent": (None, None, "in-review", None, None),
        "early": (None, None, "preprint", None, None),
        "month": ("2020-03", "2022", "published", None, 2022),
    }
    # only the work with neither a date nor a status is warned about, at its record
    assert [str(d) for d in report.diagnostics if d.code == "work-undated"] == [
        "cv.yaml:5:5: warning: works[2]: no date: the work is listed as undated and its outputs say no date (Google "
        "Scholar needs one): add its date, or a status such as in-preparation or submitted if it is not published yet"]


def test_wrong_work_dates_are_errors_at_their_field():
    head = "person: {key: ada, name: Ada}\nworks:\n"
    work = "  - {key: w, type: software, title: T, authors: [ada], "
    assert _load(head + work + "date: 2003--2015}\n")[1] == [
        "cv.yaml:3:62: works[0].date: not a date: '2003--2015' (write a range as start/end: 2003/2015)"]
    assert _load(head + work + "date: 2015/2003}\n")[1] == [
        "cv.yaml:3:62: works[0].date: the range '2015/2003' ends (2003) before it starts (2015)"]
    assert _load(head + work + "date: 2003/2015, updated: 2016}\n")[1] == [
        "cv.yaml:3:82: works[0].updated: a work dated by a range ends at the range's end: leave out 'updated' or "
        "extend the range"]
    assert _load(head + work + "status: in-review}\n")[1] == []  # no date and a status: nothing to say
    assert _load(head + work + "status: drafted}\n")[1] == [
        "cv.yaml:3:64: works[0].status: 'drafted' is not one of: published, accepted, in-press, submitted, "
        "in-review, in-preparation, preprint"]


def test_cvld_check_passes_a_cv_with_undated_works(tmp_path, capsys):
    path = tmp_path / "cv.yaml"
    path.write_text(CV_TEXT, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:5:5: warning: works[2]: no date: the work is listed as undated" in err
    assert (f"{path}:4:5: warning: works[1]: Google recommends datePublished on an Article: add works[1].date once it "
            "is published (an undated work and a range have none)") in err
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 0


def test_json_ld_has_no_date_published_and_a_range_as_created_and_modified(built):
    cv, _ = built
    nodes = {n["@id"].split("/")[-2]: n for n in build_jsonld(cv, profile="full")["@graph"]
             if "/papers/" in n.get("@id", "")}
    dates = {key: {k: v for k, v in n.items() if k in ("datePublished", "dateCreated", "dateModified",
                                                       "creativeWorkStatus")} for key, n in nodes.items()}
    assert dates == {
        "tool": {"dateCreated": "2003", "dateModified": "2015"},
        "draft": {"creativeWorkStatus": "In preparation"},
        "lost": {},
        "dated": {"datePublished": "2014-05"},
        "sent": {"creativeWorkStatus": "In review"},
        "early": {"creativeWorkStatus": "Preprint"},
        "month": {"dateCreated": "2020-03", "dateModified": "2022"},
    }
    # every term is in schema.org's vocabulary: the check finds no error
    assert [d for d in check_jsonld(cv) if d.is_error] == []


def test_scholar_tags_leave_the_date_out_and_the_check_says_what_to_do(built):
    cv, _ = built
    iris = Iris.for_cv(cv)
    for work in cv.works:
        names = [name for name, _ in highwire_tags(cv, work)]
        assert ("citation_publication_date" in names) == (work.key == "dated")
    found = {w.key: [(d.severity, d.code, d.message) for d in check_highwire(w, Page.parse(render_paper(cv, w, iris)), "p/")
                 if d.code != "scholar-venue"]
             for w in cv.works if w.key in ("tool", "lost", "dated")}
    assert found == {
        "tool": [("warning", "scholar-no-date", "p/: a range (2003/2015) is no publication date, so the page has no "
                  "citation_publication_date, which Google Scholar needs: to have it indexed, give works[0].date one "
                  "date (its first release)")],
        "lost": [("warning", "scholar-no-date", "p/: no citation_publication_date, which Google Scholar needs: the "
                  "page is made without it until the work has a date; add works[2].date once it is published")],
        "dated": [],
    }


def test_the_site_lists_undated_works_under_their_status_after_the_years(built):
    cv, _ = built
    selected, years, preprints, undated = publication_groups(cv)
    assert [(y, [w.key for w in ws]) for y, ws in years] == [(2022, ["month"]), (2015, ["tool"]), (2014, ["dated"])]
    assert [(a, h, [w.key for w in ws]) for a, h, ws in undated] == [
        ("y-in-review", "In review", ["sent"]), ("y-in-preparation", "In preparation", ["draft"]),
        ("y-undated", "Undated", ["lost"])]
    assert [w.key for w in preprints] == ["early"]
    page = etree.HTML(render_index(cv, Iris.for_cv(cv)))
    assert page.xpath("//section[@id='publications']/h3/text()") == [
        "2022", "2015", "2014", "In review", "In preparation", "Undated"]
    where = {li.get("id"): "".join(li.xpath(".//span[@class='where']//text()")) for li in page.xpath("//li[@id]")}
    assert (where["tool"], where["month"], where["draft"], where["lost"]) == (
        "Software, 2003 \u2013 2015", "Software, Mar 2020 \u2013 2022", "J. Things (In preparation)", "")
    descriptions = {w.key: Page.parse(render_paper(cv, w, Iris.for_cv(cv))).name("description") for w in cv.works}
    assert (descriptions["tool"], descriptions["draft"], descriptions["lost"], descriptions["dated"]) == (
        "Ada Lovelace. 2003\u20132015.", "Ada Lovelace. J. Things.", "Ada Lovelace.", "Ada Lovelace. May 2014.")


def test_bibtex_has_no_year_for_an_undated_work_a_range_and_pubstate(built):
    cv, _ = built
    text = dumps_bibtex(cv)
    strict = {key: fields for _, key, fields in bibtex_strict.read(text)}
    assert {k: (f.get("year"), f.get("month"), f.get("pubstate")) for k, f in strict.items()} == {
        "tool": ("2003--2015", None, None), "draft": (None, None, "inpreparation"), "lost": (None, None, None),
        "dated": ("2014", "may", None), "sent": (None, None, "submitted"), "early": (None, None, None),
        "month": ("2020--2022", None, None)}
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and [e.key for e in library.entries] == list(strict)


def test_orcid_xml_leaves_the_publication_date_out_and_stays_valid(built):
    cv, _ = built
    xsd = shared_path("orcid")
    for work in cv.works:
        element = work_element(work, cv)
        dates = element.findall("{http://www.orcid.org/ns/common}publication-date")
        assert len(dates) == (1 if work.key == "dated" else 0), work.key
        assert validate_xsd(etree.tostring(element), xsd) == [], work.key
    written = files(cv)  # every document cvld writes for ORCID, the bulk one too
    xml = sorted(path for path in written if path.endswith(".xml"))
    assert len(xml) == 8 and "bulk/works-001.xml" in xml
    assert [path for path in xml if validate_xsd(written[path], xsd)] == []


def test_rdf_has_no_date_triple_and_conforms_to_the_shapes(built, tmp_path):
    cv, _ = built
    assert check_shacl(cv) == []
    path = tmp_path / "cv.yaml"
    path.write_text(CV_TEXT, encoding="utf-8")
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 0
    vivo = (tmp_path / "out" / "rdf" / "ada.vivo.ttl").read_text(encoding="utf-8")
    schema = (tmp_path / "out" / "rdf" / "ada.schema.ttl").read_text(encoding="utf-8")
    assert "<https://ada.example.org/papers/draft/#work> bibo:status bibo:draft ;" in vivo
    assert "vivo:dateTimeInterval <https://ada.example.org/#interval-work-tool> ;" in vivo
    assert vivo.count("vivo:dateTimeValue") == 1  # the dated work's only
    assert [line.strip() for line in schema.splitlines() if "schema:date" in line] == [
        'schema:datePublished "2014-05"^^schema:Date ;', 'schema:dateCreated "2020-03"^^schema:Date ;',
        'schema:dateModified "2022"^^schema:Date ;', 'schema:dateCreated "2003"^^schema:Date ;',
        'schema:dateModified "2015"^^schema:Date ;']


def test_the_same_work_by_title_alone_only_when_both_are_undated(built):
    cv, _ = built
    lost = WorkIdentity.of_work(cv.work("lost"))
    assert lost.keys() == [("title and year", "a lost paper|")]
    assert WorkIdentity.of_record({"title": "A lost paper"}).keys() == lost.keys()
    assert WorkIdentity.of_record({"title": "A lost paper", "date": 2019}).keys() != lost.keys()
    # a range is the same work as the record of its start year
    assert WorkIdentity.of_record({"title": "A tool", "date": "2003/2015"}).keys() == \
        WorkIdentity.of_work(cv.work("tool")).keys()


def test_the_report_counts_undated_works_apart(tmp_path):
    folder = tmp_path / "dept"
    folder.mkdir()
    (folder / "ada.yaml").write_text(CV_TEXT, encoding="utf-8")
    figures = write_report([folder], tmp_path / "report")
    assert dict(figures.total) == {2014: 1, 2015: 1, 2022: 1} and figures.years == [2014, 2015, 2022]
    assert (dict(figures.undated), figures.undated_total, figures.works) == ({"Ada Lovelace": 4}, 4, 7)
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "1 members, 7 distinct works (4 undated, in no year below)," in page
    assert [w[0] for w in figures.rows[0].works] == ["2022", "2015", "2014", "undated", "undated", "undated", "undated"]


def test_a_shared_works_range_end_goes_with_its_start_in_a_department(built):
    from dataclasses import replace

    from cvld.rdf.department import merged_work

    cv, _ = built
    tool = cv.work("tool")  # 2003/2015
    undated, single = replace(tool, date=None, date_end=None), replace(tool, date=PartialDate(2010), date_end=None)
    kept = merged_work(undated, [tool], Report())
    assert (kept.date, kept.date_end) == (PartialDate(2003), PartialDate(2015))  # the other CV's range, whole
    kept = merged_work(single, [tool], Report())
    assert (kept.date, kept.date_end) == (PartialDate(2010), None)  # never 2010/2015


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_works_by_year_counts_a_range_in_its_last_year_and_the_undated_apart(built, vocab):
    from cvld.rdf.build import build_graph
    from cvld.rdf.store import ask_store, named_query, store_for_graph

    cv, _ = built
    store = store_for_graph(build_graph([cv], vocab=vocab, base="https://kg.example.edu/"))
    answer = ask_store(store, named_query("works-by-year", vocab))
    assert [tuple(row) for row in answer.values()] == [("2014", "1"), ("2015", "1"), ("2022", "1"), (None, "4")]

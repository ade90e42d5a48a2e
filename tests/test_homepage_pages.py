"""The site as a researcher publishes it: publications by year, selected first, typed links, cite.bib,
each work type shown and tagged as its citation style and Google Scholar expect, profile links."""

from __future__ import annotations

import json

import lxml.html
import pytest

from conftest import PROJECT_ROOT, SEED_CV
from cvld.bibtex.write import dumps_entry
from cvld.jsonld.write import build_jsonld
from cvld.model.iris import Iris
from cvld.orcid.write import files as orcid_files
from cvld.source.load import load_cv
from cvld.web.check import check_web
from cvld.web.write import highwire_tags, service_name, site_files, twitter_handle, where_shown
from webhelpers import seed_data, write_cv

EVERY_FIELD = PROJECT_ROOT / "tests" / "data" / "every-field.yaml"
BASE = "https://example.edu/~ada/"


@pytest.fixture(scope="module")
def cv():
    return load_cv(EVERY_FIELD)


@pytest.fixture(scope="module")
def site(cv):
    return site_files(cv)


def _tree(html: str):
    return lxml.html.document_fromstring(html)


def _citation(html: str) -> list[tuple[str, str]]:
    return [(m.get("name"), m.get("content")) for m in _tree(html).xpath("//head/meta[starts-with(@name, 'citation_')]")]


def _node(cv, key: str) -> dict:
    return next(n for n in build_jsonld(cv, profile="web")["@graph"] if n.get("@id") == f"{BASE}papers/{key}/#work")


# --- the publication list ----------------------------------------------------------------------


def test_publications_newest_first_under_year_headings_selected_first_preprints_apart(site):
    tree = _tree(site["index.html"])
    assert [h.text for h in tree.xpath("//section[@id='publications']/h3")] == [
        "2024", "2023", "2022", "2021", "2020", "2019", "2018", "2017", "2016", "2015"]
    by_year = [[li.get("id") for li in ol.xpath("li")] for ol in tree.xpath("//section[@id='publications']/ol")]
    assert by_year == [["s1"], ["b1"], ["eb1", "d1"], ["j1", "ch1"], ["t1"], ["c1"], ["w1"], ["r1"], ["po1", "sl1"],
                       ["o1"]]
    assert [li.get("id") for li in tree.xpath("//section[@id='preprints']/ol/li")] == ["p1"]
    selected = tree.xpath("//section[@id='selected']")[0]
    assert selected.xpath("h2")[0].text == "Selected publications"
    assert [a.get("href") for a in selected.xpath("ol/li/a[@class='title']")] == ["papers/j1/index.html"]
    assert selected.xpath("ol/li/@id") == []  # the anchor stays in the year's list
    sections = tree.xpath("//main/section/@id")
    assert sections.index("selected") < sections.index("publications") < sections.index("preprints")


def test_the_site_links_files_so_it_works_from_disk(site):
    tree = _tree(site["index.html"])
    for href in tree.xpath("//a[@class='title']/@href"):
        assert href.startswith("papers/") and href.endswith("/index.html") and href in site
    paper = _tree(site["papers/j1/index.html"])
    assert paper.xpath("//nav/a/@href") == ["../../index.html", "../../index.html#j1"]
    assert paper.xpath("//head/link[@rel='stylesheet']/@href") == ["../../style.css"]


def test_typed_links_are_buttons_on_both_pages(site):
    expected = [("Code", "https://github.com/ada-example/j1"), ("Slides", "https://example.edu/~ada/j1-slides.pdf"),
                ("Video", "https://video.example.org/j1"), ("Poster", "https://example.edu/~ada/j1-poster.pdf"),
                ("Data", "https://zenodo.org/records/1234"), ("Project", "https://example.edu/~ada/j1/"),
                ("Blog", "https://blog.example.org/j1")]
    pages = ((site["index.html"], "//li[@id='j1']/span[@class='links']/a", "papers/j1/cite.bib"),
             (site["papers/j1/index.html"], "//p[@class='links']/a", "cite.bib"))
    for html, where, cite in pages:
        links = _tree(html).xpath(where)
        assert all(a.get("class").split()[0] == "button" for a in links)
        assert [(a.text, a.get("href")) for a in links] == [
            ("doi:10.1234/jex.2021.12", "https://doi.org/10.1234/jex.2021.12"),
            ("PDF", "https://example.edu/~ada/j1.pdf"), ("Web", "https://example.org/j1"), *expected,
            ("BibTeX", cite)]


def test_typed_links_in_json_ld(cv):
    j1 = _node(cv, "j1")
    assert j1["subjectOf"] == [
        {"@type": "SoftwareSourceCode", "codeRepository": "https://github.com/ada-example/j1",
         "url": "https://github.com/ada-example/j1"},
        {"@type": "PresentationDigitalDocument", "url": "https://example.edu/~ada/j1-slides.pdf"},
        {"@type": "Poster", "url": "https://example.edu/~ada/j1-poster.pdf"},
        {"@type": "Dataset", "url": "https://zenodo.org/records/1234"},
        {"@type": "WebPage", "url": "https://example.edu/~ada/j1/"},
        {"@type": "BlogPosting", "url": "https://blog.example.org/j1"}]
    assert j1["associatedMedia"] == [{"@type": "VideoObject", "contentUrl": "https://video.example.org/j1"}]
    assert _node(cv, "s1")["codeRepository"] == "https://github.com/ada-example/s1"
    assert "subjectOf" not in _node(cv, "s1")


def test_a_link_that_is_no_url_is_a_located_error(tmp_path):
    data = seed_data()
    data["works"][0]["links"] = {"code": "github.com/x", "slide": "https://x.example/"}
    from cvld.api import check_files

    report, _, _ = check_files([write_cv(tmp_path, data)])
    assert sorted((d.location.path, d.message.split(":")[0]) for d in report.errors) == [
        ("works[0].links.code", "'github.com/x' is not valid here"),
        ("works[0].links.slide", "unknown field 'slide' (did you mean 'slides'?)")]


# --- cite.bib ----------------------------------------------------------------------------------


def test_cite_bib_beside_each_paper_page_is_the_works_bib_entry(cv, site):
    works_bib = orcid_files(cv)["works.bib"].decode("utf-8")
    for work in cv.works:
        entry = site[f"papers/{work.key}/cite.bib"]
        assert entry == dumps_entry(work) + "\n"
        assert entry.rstrip("\n") in works_bib
    paper = _tree(site["papers/j1/index.html"])
    [block] = paper.xpath("//section[@id='cite']/pre[@class='bibtex']/code")
    assert block.text_content() == site["papers/j1/cite.bib"]
    assert paper.xpath("//section[@id='cite']//a[@download]/@href") == ["cite.bib"]


# --- each type as its citation style shows it --------------------------------------------------


@pytest.mark.parametrize("key, shown", [
    ("t1", "PhD thesis, Example University, 2020"),
    ("ch1", "In The Book of Examples, Example Press, pp. 5-25, 2021"),
    ("r1", "Technical report TR-7, Example Institute, 2017 (Submitted)"),
    ("po1", "Poster, Example Conference (ExConf), 2016"),
    ("sl1", "Slides, 2016"),
    ("j1", "Journal of Examples (J. Ex.), vol. 12, no. 3, pp. 101-120, 2 May 2021"),
    ("c1", "Proceedings of Examples (ExConf), vol. 7, pp. 1-9, 2019 (Accepted)"),
])
def test_each_type_is_shown_as_its_citation_style_would(site, key, shown):
    [where] = _tree(site[f"papers/{key}/index.html"]).xpath("//p[@class='where']")
    assert where.text_content() == shown


def test_an_article_number_is_not_shown_as_pages(tmp_path):
    data = seed_data()
    data["works"][1]["article_number"] = "043309"
    cv = load_cv(write_cv(tmp_path, data))
    parts = where_shown(cv.work("lei2020nonnewtonian"))
    assert ("article", "article 043309") in parts and not any(kind == "pages" for kind, _ in parts)


# --- Google Scholar ----------------------------------------------------------------------------


def test_highwire_tags_of_each_type(cv, site):
    assert _citation(site["papers/t1/index.html"]) == [
        ("citation_title", "A thesis"), ("citation_author", "Example, Ada Q."),
        ("citation_publication_date", "2020"), ("citation_dissertation_institution", "Example University")]
    assert _citation(site["papers/ch1/index.html"]) == [
        ("citation_title", "A chapter"), ("citation_author", "Example, Ada Q."),
        ("citation_publication_date", "2021"), ("citation_inbook_title", "The Book of Examples"),
        ("citation_publisher", "Example Press"), ("citation_firstpage", "5"), ("citation_lastpage", "25")]
    assert _citation(site["papers/r1/index.html"]) == [
        ("citation_title", "A report"), ("citation_author", "Example, Ada Q."),
        ("citation_publication_date", "2017"), ("citation_technical_report_institution", "Example Institute"),
        ("citation_technical_report_number", "TR-7")]
    assert _citation(site["papers/p1/index.html"])[-2:] == [
        ("citation_arxiv_id", "2011.01234"), ("citation_pdf_url", "https://arxiv.org/pdf/2011.01234v2")]
    assert ("citation_doi", "10.1234/jex.2021.12") in _citation(site["papers/j1/index.html"])
    assert ("citation_isbn", "9780306406157") in highwire_tags(cv, cv.work("b1"))


def test_extractors_read_the_new_tags_of_a_paper_page(site):
    import extruct
    import metadata_parser

    html = site["papers/j1/index.html"]
    meta = metadata_parser.MetadataParser(html=html, search_head_only=True).parsed_result.metadata["meta"]
    assert meta["citation_doi"] == "10.1234/jex.2021.12"
    assert meta["citation_pdf_url"] == "https://example.edu/~ada/j1.pdf"
    preprint = metadata_parser.MetadataParser(html=site["papers/p1/index.html"], search_head_only=True)
    assert preprint.parsed_result.metadata["meta"]["citation_arxiv_id"] == "2011.01234"
    chapter = metadata_parser.MetadataParser(html=site["papers/ch1/index.html"], search_head_only=True)
    assert chapter.parsed_result.metadata["meta"]["citation_inbook_title"] == "The Book of Examples"
    found = extruct.extract(html, base_url=f"{BASE}papers/j1/", syntaxes=["json-ld"], errors="strict")
    [doc] = found["json-ld"]
    assert (doc["image"], doc["dateModified"]) == ("https://example.edu/~ada/j1.png", "2021-06")
    assert doc["associatedMedia"][0]["@type"] == "VideoObject"
    assert doc["subjectOf"][0]["codeRepository"] == "https://github.com/ada-example/j1"


def test_check_warns_where_the_pdf_is_on_another_host(cv):
    [finding] = [d for d in check_web(cv) if d.code == "scholar-pdf-host"]
    assert (finding.location.path, finding.severity) == ("works[1]", "warning")
    assert finding.message == (
        "papers/p1/: the PDF is on arxiv.org, not on the page's host example.edu, and Google Scholar ignores a "
        "PDF on another host: put a copy on the site and give its address as works[1].pdf")


# --- the JSON-LD of each type ----------------------------------------------------------------------


def test_a_thesis_has_no_periodical(cv):
    t1 = _node(cv, "t1")
    assert "isPartOf" not in t1
    assert t1["sourceOrganization"] == {"@type": "Organization", "name": "Example University"}


def test_the_venue_of_each_type_under_the_property_schema_org_gives_it(cv):
    assert _node(cv, "r1")["sourceOrganization"] == {"@type": "Organization", "name": "Example Institute"}
    assert _node(cv, "r1")["reportNumber"] == "TR-7" and "isPartOf" not in _node(cv, "r1")
    assert _node(cv, "po1")["recordedAt"] == {"@type": "Event", "name": "Example Conference", "alternateName": "ExConf"}
    assert _node(cv, "ch1")["isPartOf"] == {"@type": "Book", "name": "The Book of Examples",
                                            "publisher": {"@type": "Organization", "name": "Example Press"}}
    assert _node(cv, "o1")["isPartOf"] == {"@type": "CreativeWork", "name": "A Collection"}
    assert _node(cv, "c1")["isPartOf"]["isPartOf"]["@type"] == "Book"
    assert _node(cv, "j1")["isPartOf"]["isPartOf"]["isPartOf"]["@type"] == "Periodical"


def test_the_seed_has_no_periodical_but_journals(tmp_path):
    cv = load_cv(SEED_CV)
    for node in build_jsonld(cv, profile="web")["@graph"]:
        text = json.dumps(node)
        if '"Periodical"' in text:
            work = cv.work(node["@id"].split("/")[-2])
            assert work.type in ("journal-article", "preprint"), work.key


# --- profile links -------------------------------------------------------------------------------


@pytest.mark.parametrize("label, name", [
    ("google-scholar", "Google Scholar"), ("Google Scholar", "Google Scholar"), ("github", "GitHub"),
    ("twitter", "X (Twitter)"), ("mastodon", "Mastodon"), ("linkedin", "LinkedIn"), ("My Lab", "My Lab")])
def test_profile_links_show_the_services_names(label, name):
    assert service_name(label) == name


def test_profile_links_carry_rel_me(tmp_path):
    data = seed_data()
    data["person"]["orcid"] = "0000-0002-1825-0097"
    data["person"]["profiles"] = [
        {"network": "google-scholar", "url": "https://scholar.google.com/citations?user=abc"},
        {"network": "mastodon", "url": "https://mathstodon.xyz/@leiwu"},
        {"network": "twitter", "url": "https://twitter.com/leiwu_ml"}]
    cv = load_cv(write_cv(tmp_path, data))
    tree = _tree(site_files(cv)["index.html"])
    assert [(a.text, a.get("href")) for a in tree.xpath("//ul[@class='contact']//a[@rel='me']")] == [
        ("0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"),
        ("Google Scholar", "https://scholar.google.com/citations?user=abc"),
        ("Mastodon", "https://mathstodon.xyz/@leiwu"), ("X (Twitter)", "https://twitter.com/leiwu_ml")]
    assert twitter_handle(cv) == "@leiwu_ml"


def test_the_stylesheet_follows_dark_mode_and_prints(site):
    css = site["style.css"]
    assert "@media (prefers-color-scheme: dark)" in css and "@media print" in css
    assert "color-scheme: light dark" in css

"""cvld snippet for a site cvld did not make: the profile, --only person, --work KEY --url URL,
links only to pages that exist, og:site_name, twitter:creator, rel=me, and inclusion in Jekyll and Hugo."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from conftest import SEED_CV
from cvld.cli.main import main
from cvld.source.load import load_cv
from cvld.web.write import render_snippet
from webhelpers import jsonld_scripts, seed_data, strings, write_cv

HOME = "https://leiwu0.github.io/"


def _snippet(capsys, *argv) -> tuple[int, str, str]:
    status = main(["snippet", *map(str, argv)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _doc(html: str) -> dict:
    [script] = jsonld_scripts(html)
    return json.loads(script)


def test_without_base_works_link_to_their_doi_or_url_never_to_paper_pages(capsys):
    status, out, _ = _snippet(capsys, SEED_CV)
    assert status == 0
    graph = _doc(out)["@graph"]
    works = [n for n in graph if n["@type"] == "ScholarlyArticle"]
    assert len(works) == 19
    # ids stay stable names; no link a reader follows points at a page cvld did not make
    links = [s for n in graph for k, v in n.items() if k != "@id" for s in strings(v)]
    assert not [s for s in links if "/papers/" in s]
    cv = load_cv(SEED_CV)
    for node in works:
        work = cv.work(node["@id"].split("/")[-2])
        expected = f"https://doi.org/{work.doi}" if work.doi else work.url or (
            work.arxiv.abs_url if work.arxiv else None)
        assert node.get("mainEntityOfPage") == expected, work.key


def test_with_base_of_a_cvld_site_works_link_to_its_paper_pages(capsys):
    _, out, _ = _snippet(capsys, SEED_CV, "--base", HOME)
    works = [n for n in _doc(out)["@graph"] if n["@type"] == "ScholarlyArticle"]
    assert all(n["mainEntityOfPage"] == n["@id"].removesuffix("#work") for n in works)


def test_only_person_has_the_person_and_profile_page_without_works(capsys):
    status, out, _ = _snippet(capsys, SEED_CV, "--only", "person")
    assert status == 0
    graph = _doc(out)["@graph"]
    assert graph[0]["@type"] == "ProfilePage" and graph[0]["mainEntity"]["@id"] == f"{HOME}#me"
    types = sorted({n["@type"] for n in graph})
    assert types == ["Organization", "ProfilePage"]  # the Person is the ProfilePage's mainEntity
    person = graph[0]["mainEntity"]
    assert person["name"] == "Lei Wu" and "alumniOf" in person and "worksFor" in person
    assert person["knows"][0]["knows"]["name"] == "Weinan E"  # advisors stay, as the person's own
    organisations = {n["@id"] for n in graph if n["@type"] == "Organization"}
    referenced = set(re.findall(r'"@id": "([^"]+#org-[^"]+)"', json.dumps(person)))
    assert organisations == referenced and organisations
    assert len(out) < 20000 < len(_snippet(capsys, SEED_CV)[1])


def test_work_gives_one_papers_head_for_its_page_on_the_users_site(capsys):
    url = "https://leiwu.example/publications/nonnewtonian/"
    status, out, _ = _snippet(capsys, SEED_CV, "--work", "lei2020nonnewtonian", "--url", url)
    assert status == 0
    tree = lxml.html.document_fromstring(out)
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    names = [(m.get("name"), m.get("content")) for m in tree.xpath("//meta[@name]")]
    assert [n for n in names if n[0].startswith("citation_")] == [
        ("citation_title", "Machine learning based non-Newtonian fluid model with molecular fidelity"),
        ("citation_author", "Lei, Huan"), ("citation_author", "Wu, Lei"), ("citation_author", "E, Weinan"),
        ("citation_publication_date", "2020"), ("citation_journal_title", "Physical Review E"),
        ("citation_volume", "102")]
    properties = [(m.get("property"), m.get("content")) for m in tree.xpath("//meta[@property]")]
    assert ("og:type", "article") in properties and ("og:url", url) in properties
    assert ("og:site_name", "Lei Wu") in properties
    doc = _doc(out)
    assert doc["@type"] == "ScholarlyArticle" and doc["mainEntityOfPage"] == url
    assert out.startswith(f"<!-- cvld: paste into the <head> of {url} -->\n")


def test_work_without_url_has_no_canonical_and_links_the_work_itself(capsys, tmp_path):
    data = seed_data()
    data["works"][0]["doi"] = "10.1000/xyz"
    _, out, _ = _snippet(capsys, write_cv(tmp_path, data), "--work", data["works"][0]["key"])
    tree = lxml.html.document_fromstring(out)
    assert tree.xpath("//link[@rel='canonical']") == []
    assert _doc(out)["mainEntityOfPage"] == "https://doi.org/10.1000/xyz"


@pytest.mark.parametrize("argv, message", [
    (["--work", "nope"], f"cvld: no work with key 'nope' in {SEED_CV}"),
    (["--url", "https://x.example/"], "cvld: snippet: --url names a paper's page: give --work KEY with it"),
    (["--work", "lei2020nonnewtonian", "--url", "ftp://x"], None),
    (["--only", "person", "--work", "lei2020nonnewtonian"],
     "cvld: snippet: --only and --work are two different snippets: give one"),
])
def test_snippet_usage_errors(capsys, argv, message):
    status, out, err = _snippet(capsys, SEED_CV, *argv)
    assert status == 2 and out == ""
    if message:
        assert err.splitlines()[-1] == message


def test_site_name_twitter_creator_and_rel_me(capsys, tmp_path):
    data = seed_data()
    data["person"]["orcid"] = "0000-0002-1825-0097"
    data["person"]["profiles"] = [
        {"network": "twitter", "url": "https://x.com/leiwu_ml"},
        {"network": "mastodon", "url": "https://mathstodon.xyz/@leiwu"}]
    _, out, _ = _snippet(capsys, write_cv(tmp_path, data))
    tree = lxml.html.document_fromstring(out)
    assert tree.xpath("//link[@rel='me']/@href") == [
        "https://orcid.org/0000-0002-1825-0097", "https://x.com/leiwu_ml", "https://mathstodon.xyz/@leiwu"]
    assert tree.xpath("//meta[@name='twitter:creator']/@content") == ["@leiwu_ml"]
    assert tree.xpath("//meta[@property='og:site_name']/@content") == ["Lei Wu"]


# --- including the snippet in Jekyll and Hugo (README, "Using the snippet on your own site") -------


TEMPLATE_TEXT = "{{ site.title }} {% include evil.html %} {#- c -#} {{- .Title -}}"


def test_no_text_from_the_cv_opens_a_liquid_or_go_template_tag(tmp_path):
    data = seed_data()
    data["person"]["bio"] = "Bio " + TEMPLATE_TEXT
    data["person"]["name"] = "Lei {{ Wu }}"
    data["works"][0]["title"] = "Title " + TEMPLATE_TEXT
    cv = load_cv(write_cv(tmp_path, data))
    for options in ({}, {"only": "person"}, {"work_key": data["works"][0]["key"]}):
        html = render_snippet(cv, **options)
        assert "{{" not in html and "{%" not in html and "{#" not in html, options
        tree = lxml.html.document_fromstring(html)
        texts = [tree.xpath("//title")[0].text_content(), *tree.xpath("//meta/@content")]
        assert any(TEMPLATE_TEXT in t for t in texts), options  # read back exactly as written
        assert any(TEMPLATE_TEXT in s for s in strings(_doc(html))), options


def test_jekyll_include_and_hugo_partial_as_the_readme_shows(tmp_path, capsys):
    """The README's recipe: write the snippet into _includes/ (Jekyll) or layouts/partials/ (Hugo) and
    include it from the head. Both include the file's text as it is, so it must hold no tag of theirs;
    the include line itself is what the README shows."""
    readme = (SEED_CV.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "cvld snippet cv.yaml -o _includes/cvld-head.html" in readme
    assert "{% include cvld-head.html %}" in readme
    assert "cvld snippet cv.yaml -o layouts/partials/cvld-head.html" in readme
    assert '{{ partial "cvld-head.html" . }}' in readme
    jekyll = tmp_path / "_includes" / "cvld-head.html"
    jekyll.parent.mkdir()
    assert main(["snippet", str(SEED_CV), "-o", str(jekyll)]) == 0
    capsys.readouterr()
    text = jekyll.read_text(encoding="utf-8")
    assert text == render_snippet(load_cv(SEED_CV))
    assert "{{" not in text and "{%" not in text
    head = "<head>\n{% include cvld-head.html %}\n</head>"
    page = head.replace("{% include cvld-head.html %}", text)  # what Jekyll's include does with plain text
    tree = lxml.html.document_fromstring(page)
    assert tree.xpath("//head/link[@rel='canonical']/@href") == [HOME]

"""The homepage outputs: the committed build, what third-party extractors read, hostile text, checks."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from rdflib.compare import isomorphic

from conftest import PROJECT_ROOT, SEED_CV
from cvld.core.diagnostics import UsageError
from webhelpers import BASE, jsonld_scripts, seed_data, strings, visible_text, write_cv

from cvld.api import check_files, load_cv
from cvld.cli.main import main
from cvld.jsonld.write import build_jsonld, work_node
from cvld.web.write import paper_head, profile_head, render_snippet, script_json, site_files
from cvld.model.iris import Iris
from cvld.jsonld.context import to_graph

COMMITTED = PROJECT_ROOT / "out" / "lei-wu"
# metadata-parser (the Highwire and Twitter reader) imports the standard library's cgi module
pytestmark = pytest.mark.filterwarnings("ignore:'cgi' is deprecated:DeprecationWarning")


def _pairs(value):
    """Every (key, value) pair of parsed JSON, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                yield from _pairs(item)
            else:
                yield key, item
    elif isinstance(value, list):
        for item in value:
            yield from _pairs(item)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(lei_wu):
    return site_files(lei_wu)


# --- the committed build -------------------------------------------------------------


@pytest.mark.parametrize("name", ["lei-wu", "ada-grant"])
def test_build_rebuilds_the_committed_output_byte_for_byte(tmp_path, capsys, name):
    assert main(["build", str(PROJECT_ROOT / "data" / f"{name}.yaml"), "-o", str(tmp_path / name)]) == 0
    built, committed = _tree(tmp_path / name), _tree(PROJECT_ROOT / "out" / name)
    assert sorted(built) == sorted(committed)
    assert [name for name in built if built[name] != committed[name]] == []
    assert f"wrote {len(committed)} files" in capsys.readouterr().err


def test_the_readmes_command_rebuilds_all_of_out_byte_for_byte(tmp_path):
    """The README's first line: ``cvld build data/ -o out`` makes out/NAME for each example CV, the same bytes."""
    assert main(["build", str(PROJECT_ROOT / "data"), "-o", str(tmp_path / "out")]) == 0
    built, committed = _tree(tmp_path / "out"), _tree(PROJECT_ROOT / "out")
    assert sorted(built) == sorted(committed)
    assert [name for name in built if built[name] != committed[name]] == []


def test_build_has_every_target_in_its_own_subfolder():
    files = _tree(COMMITTED)
    assert {name.split("/")[0] for name in files} == {"jsonld", "snippet", "site", "orcid", "rdf"}
    assert {"jsonld/lei-wu.web.jsonld", "jsonld/lei-wu.full.jsonld", "snippet/head.html", "site/index.html",
            "site/sitemap.xml", "site/style.css", "site/robots.txt", "orcid/works.bib",
            "rdf/lei-wu.schema.ttl", "rdf/lei-wu.vivo.ttl"} <= set(files)
    assert len([n for n in files if n.startswith("site/papers/") and n.endswith("/index.html")]) == 19
    assert len([n for n in files if n.startswith("site/papers/") and n.endswith("/cite.bib")]) == 19
    assert len([n for n in files if n.startswith("orcid/works/")]) == 24  # 19 works and 5 talk occurrences
    assert len(files) == 26 + 19 + 41 + 2  # the site (with a cite.bib per paper), ORCID, JSON-LD and RDF


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path, capsys, monkeypatch):
    import cvld.build

    def fail(cv, base, report):
        raise UsageError("the last target failed")

    monkeypatch.setattr(cvld.build, "TARGETS", [*cvld.build.TARGETS, ("late", fail)])  # after every other target
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("previous build")
    assert main(["build", str(write_cv(tmp_path, seed_data())), "-o", str(out)]) == 2
    assert "cvld: the last target failed" in capsys.readouterr().err
    assert _tree(out) == {"old.txt": b"previous build"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_snippet_prints_the_homepage_head(capsys):
    # with --base naming the site cvld built, the snippet is the build's
    assert main(["snippet", str(SEED_CV), "--base", "https://leiwu0.github.io/"]) == 0
    assert capsys.readouterr().out == (COMMITTED / "snippet" / "head.html").read_text(encoding="utf-8")
    assert main(["snippet", str(SEED_CV)]) == 0
    out = capsys.readouterr().out
    assert '<link rel="canonical" href="https://leiwu0.github.io/">' in out
    assert '<meta property="profile:first_name" content="Lei">' in out
    assert '<meta property="profile:last_name" content="Wu">' in out
    assert '<meta name="twitter:card" content="summary">' in out


def test_site_command_puts_every_url_under_the_base(tmp_path):
    base = "https://example.org/~lw/"
    assert main(["site", str(SEED_CV), "-o", str(tmp_path / "site"), "--base", base]) == 0
    files = _tree(tmp_path / "site")
    sitemap = lxml.etree.fromstring(files["sitemap.xml"])
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    keys = [w.key for w in load_cv(SEED_CV).works]
    assert locs == [base] + [f"{base}papers/{key}/" for key in keys]
    page = files["papers/wu2019global/index.html"].decode()
    assert f'<link rel="canonical" href="{base}papers/wu2019global/">' in page
    assert json.loads(jsonld_scripts(page)[0])["@id"] == f"{base}papers/wu2019global/#work"
    ids = [v for k, v in _pairs(json.loads(jsonld_scripts(files["index.html"].decode())[0])) if k == "@id"]
    assert len(ids) > 50 and all(i.startswith((base, "schema:")) for i in ids)


def test_site_refuses_a_base_that_is_not_http(tmp_path, capsys):
    assert main(["site", str(SEED_CV), "-o", str(tmp_path / "site"), "--base", "ftp://example.org/"]) == 2
    assert capsys.readouterr().err == "cvld: the base URL: not an http(s) URL: 'ftp://example.org/' (--base URL)\n"
    assert not (tmp_path / "site").exists()


def test_snippet_without_a_homepage_has_no_canonical_url(tmp_path):
    data = seed_data()
    del data["person"]["homepage"]
    text = render_snippet(load_cv(write_cv(tmp_path, data)))
    assert "canonical" not in text and "og:url" not in text
    assert json.loads(jsonld_scripts(text)[0])["@graph"][0]["@id"] == "urn:cvld:lei-wu:"


# --- what a third-party extractor reads --------------------------------------------------


def _extract(html: str, url: str) -> dict:
    import extruct

    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], errors="strict")


def _meta_names(html: str) -> dict:
    import metadata_parser

    return metadata_parser.MetadataParser(html=html, search_head_only=True).parsed_result.metadata["meta"]


def _as_lists(pairs):
    out: dict[str, list[str]] = {}
    for name, content in pairs:
        out.setdefault(name, []).append(content)
    return out


def test_extruct_reads_the_homepage_graph_and_open_graph_tags(lei_wu, site):
    html = site["index.html"]
    found = _extract(html, BASE)
    assert len(found["json-ld"]) == 1
    expected = build_jsonld(lei_wu, profile="web")
    assert isomorphic(to_graph(found["json-ld"][0]), to_graph(expected))
    assert len(to_graph(expected)) > 500
    head = profile_head(lei_wu, Iris.for_cv(lei_wu))
    [og] = found["opengraph"]
    assert og["properties"] == head.meta_properties
    assert ("og:type", "profile") in og["properties"] and ("og:url", BASE) in og["properties"]
    meta = _meta_names(html)
    assert {k: v for k, v in meta.items() if k.startswith("twitter:")} == {
        "twitter:card": "summary", "twitter:title": "Lei Wu", "twitter:description": head.description}


@pytest.mark.parametrize("key", [w.key for w in load_cv(SEED_CV).works])
def test_extractors_read_each_paper_page(lei_wu, site, key):
    work = lei_wu.work(key)
    iris = Iris.for_cv(lei_wu)
    html = site[f"papers/{key}/index.html"]
    found = _extract(html, iris.paper_page(key))
    assert len(found["json-ld"]) == 1
    expected = {"@context": "https://schema.org", **work_node(lei_wu, work, iris, "web")}
    assert isomorphic(to_graph(found["json-ld"][0]), to_graph(expected))
    head = paper_head(lei_wu, work, iris)
    assert found["opengraph"][0]["properties"] == head.meta_properties
    citation = {k: v if isinstance(v, list) else [v] for k, v in _meta_names(html).items() if k.startswith("citation_")}
    assert citation == _as_lists(t for t in head.meta_names if t[0].startswith("citation_"))
    assert citation["citation_title"] == [work.title]
    assert len(citation["citation_author"]) == len(work.authors)


def test_highwire_tags_of_a_conference_paper(site):
    meta = _meta_names(site["papers/wu2019global/index.html"])
    assert {k: v for k, v in meta.items() if k.startswith("citation_")} == {
        "citation_title": "Global convergence of gradient descent for deep linear residual networks",
        "citation_author": ["Wu, Lei", "Wang, Qingcan", "Ma, Chao"],
        "citation_publication_date": "2019",
        "citation_conference_title": "Advances in Neural Information Processing Systems",
    }


def test_highwire_tags_of_a_full_journal_record(tmp_path):
    data = seed_data()
    work = data["works"][1]  # lei2020nonnewtonian, Physical Review E
    work.update(date="2020-10-21", issue="4", pages="043309-043320", issn="2470-0045",
                pdf="https://leiwu0.github.io/pdf/nonnewtonian.pdf")
    cv = load_cv(write_cv(tmp_path, data))
    meta = _meta_names(site_files(cv)["papers/lei2020nonnewtonian/index.html"])
    assert {k: v for k, v in meta.items() if k.startswith("citation_")} == {
        "citation_title": "Machine learning based non-Newtonian fluid model with molecular fidelity",
        "citation_author": ["Lei, Huan", "Wu, Lei", "E, Weinan"],
        "citation_publication_date": "2020/10/21",
        "citation_journal_title": "Physical Review E",
        "citation_volume": "102",
        "citation_issue": "4",
        "citation_firstpage": "043309",
        "citation_lastpage": "043320",
        "citation_issn": "2470-0045",
        "citation_pdf_url": "https://leiwu0.github.io/pdf/nonnewtonian.pdf",
    }


def _rich(data):
    """The example CV with the fields it leaves empty filled in."""
    data["person"].update(bio="Lei Wu works on the mathematics of machine learning and on scientific computing.",
                          orcid="0000-0002-1825-0097", image="https://leiwu0.github.io/me.jpg",
                          honorific_suffix="PhD", other_names=["L. Wu"])
    data["works"][1].update(doi="10.1103/PhysRevE.102.043309", issue="4", keywords=["fluids", "molecular models"])
    data["works"][7]["pages"] = "353-362"
    data["teaching"][0]["code"] = "DLT-2020"
    data["positions"][1]["department"] = "Theory Group"
    return data


@pytest.mark.parametrize("variant", ["example", "rich"])
def test_homepage_json_ld_marks_up_only_what_readers_see(lei_wu, site, tmp_path, variant):
    """Google: mark up only visible content. Every name, title, number and date in the graph is on the page."""
    cv = lei_wu if variant == "example" else load_cv(write_cv(tmp_path, _rich(seed_data())))
    html = site["index.html"] if variant == "example" else site_files(cv)["index.html"]
    text = visible_text(html)
    datetimes = set(lxml.html.document_fromstring(html).xpath("//time/@datetime"))
    shown = {"name", "headline", "alternateName", "abstract", "keywords", "jobTitle", "knowsAbout",
             "telephone", "streetAddress", "postalCode", "addressLocality", "addressRegion", "volumeNumber",
             "issueNumber", "givenName", "familyName", "email", "description", "courseCode", "pagination",
             "value", "honorificSuffix"}
    dated = {"startDate", "endDate", "datePublished", "dateModified"}
    unseen, checked = [], 0

    def walk(node, node_type=None):
        if isinstance(node, list):
            for item in node:
                walk(item, node_type)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("@type", node_type)
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                walk(value, kind)
                continue
            nonlocal checked
            if key == "description" and kind != "Person":
                continue  # cvld's summaries of roles ("Reviewer for ICML (conference)"), not the page's text
            if key == "value" and node.get("propertyID") in ("ROR", "Ringgold", "GRID"):
                continue  # an organisation's registry id (machine-readable, as its sameAs), not the page's text
            if key in shown:
                checked += 1
                if str(value).removeprefix("mailto:") not in text:
                    unseen.append((key, value))
            elif key in dated and kind != "CourseInstance":  # a course's dates come from its visible term
                checked += 1
                if value not in datetimes:
                    unseen.append((key, value))

    walk(build_jsonld(cv, profile="web"))
    assert unseen == []
    assert checked > 150


# --- hostile text ------------------------------------------------------------------------

PAYLOAD = "</script><script>alert(1)</script><!-- \"q\" 'a' & &amp; -->"


def _set(path):
    def change(data):
        data["person"].setdefault("profiles", [{"network": "Web", "url": "https://example.org/lw"}])
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = [PAYLOAD] if path[-1] in ("keywords", "interests") else PAYLOAD
    return change


# (field, where in the record, the paper page that shows it, whether the web JSON-LD holds it)
HOSTILE_FIELDS = [
    ("person name", ("person", "name"), "wu2019global", True),
    ("work title", ("works", 7, "title"), "wu2019global", True),
    ("venue", ("works", 7, "venue", "name"), "wu2019global", True),
    ("venue short", ("works", 7, "venue", "short"), "wu2019global", True),
    ("abstract", ("works", 7, "abstract"), "wu2019global", True),
    ("keywords", ("works", 7, "keywords"), "wu2019global", True),
    ("work note", ("works", 7, "note"), "wu2019global", False),
    ("volume", ("works", 7, "volume"), "wu2019global", True),
    ("co-author name", ("people", "qingcan-wang", "name"), "wu2019global", True),
    ("co-author family name", ("people", "qingcan-wang", "family_name"), "wu2019global", True),
    ("organisation", ("organisations", "pku", "name"), None, True),
    ("department", ("organisations", "huawei-noah", "department"), None, True),
    ("city", ("organisations", "nankai", "city"), None, True),
    ("position title", ("positions", 0, "title"), None, True),
    ("degree", ("education", 0, "degree"), None, True),
    ("field of study", ("education", 0, "field"), None, True),
    ("visiting role", ("education", 1, "role"), None, True),
    ("course", ("teaching", 0, "course"), None, True),
    ("talk title", ("talks", 0, "title"), None, True),
    ("event", ("talks", 0, "given", 0, "event"), None, True),
    ("talk place", ("talks", 2, "given", 1, "place"), None, True),
    ("service venue", ("service", 0, "venue"), None, True),
    ("service venue full name", ("service", 0, "venue_full"), None, True),
    ("interests", ("person", "interests"), None, True),
    ("bio", ("person", "bio"), None, True),
    ("street", ("person", "address", "street"), None, True),
    ("legend", ("legend", "equal_contribution"), "wu2019global", False),
    ("honorific prefix", ("person", "honorific_prefix"), None, True),
    ("profile network", ("person", "profiles", 0, "network"), None, False),
    ("position department", ("positions", 1, "department"), None, True),
    ("course code", ("teaching", 0, "code"), None, True),
    ("pages", ("works", 7, "pages"), "wu2019global", True),
    ("issue", ("works", 1, "issue"), "lei2020nonnewtonian", True),
    ("article number", ("works", 1, "article_number"), "lei2020nonnewtonian", True),
    ("co-author middle name", ("people", "qingcan-wang", "additional_name"), "wu2019global", True),
]


@pytest.mark.parametrize("field, path, paper, in_jsonld", HOSTILE_FIELDS, ids=[f[0] for f in HOSTILE_FIELDS])
def test_hostile_text_stays_inert_in_every_page(tmp_path, field, path, paper, in_jsonld):
    data = seed_data()
    _set(path)(data)
    cv = load_cv(write_cv(tmp_path, data))
    files = site_files(cv)
    pages = {"snippet": render_snippet(cv), "index.html": files["index.html"]}
    if paper:
        pages[paper] = files[f"papers/{paper}/index.html"]
    seen_in_jsonld = read_back = False
    for name, html in pages.items():
        lowered = html.lower()
        assert "<script>alert" not in lowered, name
        assert lowered.count("<script") == 1, name  # only cvld's own JSON-LD element
        body = html.split("\n", 1)[1] if html.startswith("<!-- cvld: ") else html  # the snippet's own comment
        assert "<!--" not in body and "-->" not in body, name
        [script] = jsonld_scripts(html)
        assert "<" not in script and ">" not in script and "&" not in script, name
        seen_in_jsonld |= any(PAYLOAD in s for s in strings(json.loads(script)))
        tree = lxml.html.document_fromstring(html)
        read_back |= PAYLOAD in visible_text(html) or any(PAYLOAD in v for v in tree.xpath("//@*"))
    assert read_back  # shown as text, or as a tag's content, exactly as written
    assert seen_in_jsonld == in_jsonld


def test_script_json_escapes_and_round_trips():
    doc = {"name": "</script><!--<script>&amp;\u2028", "n": 1}
    text = str(script_json(doc))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e\\u0026amp;" in text
    assert json.loads(text) == doc


# --- checks in cvld check -------------------------------------------------------------------


def _homepage_findings(report):
    """The homepage check's findings in a ``cvld check`` report (other targets' checks left out)."""
    return [d for d in report.sorted() if d.message.startswith(("homepage:", "papers/", "index.html"))]


def _web_findings(tmp_path, data):
    """What ``cvld check`` says about the homepage outputs (but the seed's four preprints' arXiv PDFs,
    which are on another host than their pages: tested apart)."""
    report, _, _ = check_files([write_cv(tmp_path, data)])
    return [d for d in _homepage_findings(report) if d.code != "scholar-pdf-host"]


def test_check_of_the_example_cv_warns_only_about_the_missing_image_and_the_arxiv_pdfs():
    report, _, _ = check_files([SEED_CV])
    finding, *pdfs = _homepage_findings(report)
    assert [(d.location.path, d.code) for d in pdfs] == [(f"works[{i}]", "scholar-pdf-host") for i in range(15, 19)]
    assert pdfs[0].message == (
        "papers/ma2020adaptive/: the PDF is on arxiv.org, not on the page's host leiwu0.github.io, and Google "
        "Scholar ignores a PDF on another host: put a copy on the site and give its address as works[15].pdf")
    assert (finding.severity, finding.location.path, finding.location.line) == ("warning", "person", 6)
    assert finding.message == ("homepage: no image for link previews (og:image, twitter:image) and Google's "
                               "ProfilePage: add person.image (a photo's URL)")


def test_check_finds_every_homepage_problem(tmp_path):
    data = seed_data()
    data["person"]["image"] = "https://leiwu0.github.io/me.jpg"
    assert _web_findings(tmp_path, data) == []
    del data["person"]["homepage"]
    data["person"]["bio"] = "Short."
    data["positions"][0]["title"] = "Postdoctoral Research Associate in Applied Mathematics"
    data["organisations"]["princeton-pacm"]["name"] = "Princeton University in the State of New Jersey, USA"
    assert [(d.severity, d.location.path, d.message) for d in _web_findings(tmp_path, data)] == [
        ("warning", "person", "homepage: not given, so the site is made without canonical links, og:url, "
         "sitemap.xml or robots.txt (they need the address it is published at): add person.homepage (https://...)"),
        ("warning", "person", "homepage: the meta description has 6 characters; search results show 50-160 "
         "(write person.bio to set it)"),
        ("warning", "person", "homepage: the title 'Lei Wu \u00b7 Princeton University in the State of New Jersey, "
         "USA' has 61 characters; search results show about 60"),
    ]


def test_check_locates_a_paper_page_without_its_venue(tmp_path):
    data = seed_data()
    data["person"]["image"] = "https://leiwu0.github.io/me.jpg"
    del data["works"][1]["venue"]
    [finding] = _web_findings(tmp_path, data)
    assert finding.location.path == "works[1]" and finding.location.line > 0
    assert finding.message == ("papers/lei2020nonnewtonian/: no citation_journal_title tag for this "
                               "journal-article: add the work's venue so Google Scholar can cite it in full")


def test_check_runs_the_vocabulary_check_on_each_paper_page(lei_wu, monkeypatch):
    """A paper page's own JSON-LD is checked as the page has it, not as the graph has it (by the fast
    path, which reads the page from its head, and by the reference, which renders and parses it)."""
    import cvld.web.check as webcheck

    head_of = webcheck.paper_head

    def tampered(cv, work, iris):
        head = head_of(cv, work, iris)
        if work.key == "wu2019global":
            head.jsonld = {**head.jsonld, "pageCount": "x"}
        return head

    monkeypatch.setattr(webcheck, "paper_head", tampered)
    for fast in (True, False):
        findings = [d for d in webcheck.check_web(lei_wu, fast=fast) if d.location.path == "works[7]"]
        assert [(d.severity, d.message) for d in findings] == [
            ("error", "papers/wu2019global/: JSON-LD <https://leiwu0.github.io/papers/wu2019global/#work> pageCount: "
             "unknown property schema:pageCount (not in schema.org 30.0)"),
        ]


def test_highwire_check_reads_the_page_itself(lei_wu, site):
    from cvld.web.check import Page, check_highwire

    work = lei_wu.work("wu2019global")
    html = site["papers/wu2019global/index.html"]
    assert list(check_highwire(work, Page.parse(html), "p")) == []
    broken = (html.replace('<meta name="citation_publication_date" content="2019">', "")
              .replace('<meta name="citation_title"', '<meta name="citation_abstract" content="x">'
                       '<meta name="citation_pdf_url" content="paper.pdf"><meta name="citation_title"'))
    assert [d.message for d in check_highwire(work, Page.parse(broken), "p")] == [
        "p: Google Scholar requires the citation_publication_date tag, which is missing",
        "p: citation_abstract is not a tag Google Scholar documents",
        "p: citation_pdf_url 'paper.pdf' is not an absolute URL",
    ]

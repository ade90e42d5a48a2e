"""schema.org JSON-LD for the example CV: counts, author order, marks, offline processing."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_CV

from cvld.diagnostics import Report
from cvld.exporters.jsonld import build_jsonld, dumps_jsonld, work_node
from cvld.iris import Iris
from cvld.jsonld_context import expand, to_graph

BASE = "https://leiwu0.github.io/"
SCHEMA = "http://schema.org/"


@pytest.fixture(scope="module")
def web(lei_wu):
    return build_jsonld(lei_wu, profile="web")


@pytest.fixture(scope="module")
def full(lei_wu):
    return build_jsonld(lei_wu, profile="full")


def _nodes(doc, type_):
    return [n for n in doc["@graph"] if n["@type"] == type_]


def _owner(doc):
    page = doc["@graph"][0]
    assert page["@type"] == "ProfilePage"
    return page["mainEntity"]


def _work_authors(work, profile):
    if profile == "web":
        return [a["@id"] for a in work["author"]]
    return [item["author"]["@id"] for item in work["author"]["@list"]]


def _expected_author_iris(work):
    return [BASE + "#me" if a.person.key == "lei-wu" else f"{BASE}#person-{a.person.key}" for a in work.authors]


@pytest.mark.parametrize("profile", ["web", "full"])
def test_every_work_has_its_authors_in_the_seed_order(lei_wu, web, full, profile):
    doc = web if profile == "web" else full
    works = [n for n in doc["@graph"] if "/papers/" in n["@id"]]
    assert len(works) == 19
    assert [w["@id"] for w in works] == [f"{BASE}papers/{w.key}/#work" for w in lei_wu.works]
    for node, work in zip(works, lei_wu.works):
        assert node["headline"] == work.title
        assert _work_authors(node, profile) == _expected_author_iris(work)
    # the first work, written "Weinan E*, Chao Ma*, Stephan Wojtowytsch*, and Lei Wu*"
    first = works[0]
    names = [a["name"] for a in first["author"]] if profile == "web" else \
        [item["author"]["name"] for item in first["author"]["@list"]]
    assert names == ["Weinan E", "Chao Ma", "Stephan Wojtowytsch", "Lei Wu"]


@pytest.mark.parametrize("profile", ["web", "full"])
def test_co_authors_are_one_node_each_and_the_owner_is_the_profile_person(web, full, profile):
    doc = web if profile == "web" else full
    works = [n for n in doc["@graph"] if "/papers/" in n["@id"]]
    cited = {iri for w in works for iri in _work_authors(w, profile)}
    assert BASE + "#me" in cited
    co_authors = cited - {BASE + "#me"}
    assert len(co_authors) == 17
    person_nodes = [n["@id"] for n in _nodes(doc, "Person")]
    assert len(person_nodes) == len(set(person_nodes))
    assert co_authors <= set(person_nodes)
    assert _owner(doc)["@id"] == BASE + "#me"
    assert _owner(doc)["name"] == "Lei Wu"


def test_talks_teaching_and_service_counts(web):
    talks = _nodes(web, "Event")
    assert [t["@id"] for t in talks] == [
        BASE + "#talk-flow-based-models-1", BASE + "#talk-continuous-viewpoint-1",
        BASE + "#talk-a-priori-estimates-1", BASE + "#talk-a-priori-estimates-2",
        BASE + "#talk-sgd-global-minima-1",
    ]
    assert all(t["performer"] == {"@id": BASE + "#me"} for t in talks)
    assert talks[0]["location"] == {"@type": "VirtualLocation"}
    assert talks[2]["location"] == {"@type": "Place", "name": "Beijing"}
    assert talks[2]["organizer"] == {"@id": BASE + "#org-pku"}
    assert talks[3]["startDate"] == "2019-07"
    courses = _nodes(web, "Course")
    assert len(courses) == 7
    instructors = [c["hasCourseInstance"]["instructor"] for c in courses]
    assert [i.get("roleName") for i in instructors] == ["co-instructor"] * 3 + ["teaching assistant"] * 4
    assert all(i["instructor"] == {"@id": BASE + "#me"} for i in instructors)
    ta = courses[3]["hasCourseInstance"]
    assert (ta["startDate"], ta["endDate"]) == ("2015-01", "2015-05")
    service = _owner(web)["memberOf"]
    assert len(service) == 9
    assert {s["@type"] for s in service} == {"OrganizationRole"}
    assert {s["roleName"] for s in service} == {"reviewer"}
    assert service[0]["memberOf"] == {"@type": "Organization", "name": "Conference on Neural Information Processing Systems",
                                      "alternateName": "NeurIPS"}


def test_positions_and_education_through_roles(web):
    owner = _owner(web)
    assert owner["jobTitle"] == ["Postdoctoral Research Associate"]
    assert owner["affiliation"] == [{"@id": BASE + "#org-princeton-pacm"}]
    works_for = owner["worksFor"]
    assert [(r["@type"], r["roleName"], r["startDate"], r.get("endDate")) for r in works_for] == [
        ("EmployeeRole", "Postdoctoral Research Associate", "2018-11", None),
        ("EmployeeRole", "Research Assistant", "2018-07", "2018-11"),
    ]
    assert [r["alumniOf"]["@id"] for r in owner["alumniOf"]] == [
        BASE + "#org-pku", BASE + "#org-princeton-pacm", BASE + "#org-pnnl", BASE + "#org-nankai"]
    credentials = owner["hasCredential"]
    assert [(c["name"], c["recognizedBy"]["@id"]) for c in credentials] == [
        ("Ph.D. in Computational Mathematics", BASE + "#org-pku"), ("B.S. in Pure Mathematics", BASE + "#org-nankai")]
    guides = [(k["roleName"], k["knows"]["@id"]) for k in owner["knows"]]
    assert guides == [("advisor", BASE + "#person-weinan-e"), ("mentor", BASE + "#person-weinan-e"),
                      ("mentor", BASE + "#person-guang-lin")]
    assert owner["email"] == "mailto:leiwu@princeton.edu"
    assert owner["address"]["postalCode"] == "08544"


def test_preprints_carry_status_identifier_and_same_as(web):
    node = next(n for n in web["@graph"] if n["@id"] == f"{BASE}papers/ma2020adaptive/#work")
    assert node["creativeWorkStatus"] == "Preprint"
    assert node["identifier"] == [{"@type": "PropertyValue", "propertyID": "arXiv", "value": "2009.06125",
                                   "url": "https://arxiv.org/abs/2009.06125"}]
    assert node["sameAs"] == ["https://arxiv.org/abs/2009.06125"]
    journal = next(n for n in web["@graph"] if n["@id"] == f"{BASE}papers/lei2020nonnewtonian/#work")
    assert journal["isPartOf"] == {"@type": "PublicationVolume", "volumeNumber": "102", "isPartOf": {
        "@id": BASE + "#periodical-physical-review-e", "@type": "Periodical", "name": "Physical Review E"}}
    assert "creativeWorkStatus" not in journal


def test_output_is_byte_identical_for_the_same_input(lei_wu):
    from cvld.api import load_cv

    again = load_cv(SEED_CV)
    for profile in ("web", "full"):
        first = dumps_jsonld(build_jsonld(lei_wu, profile=profile))
        assert first == dumps_jsonld(build_jsonld(again, profile=profile))
        assert first.endswith("}\n")


def test_base_url_moves_every_iri(lei_wu):
    doc = build_jsonld(lei_wu, profile="web", base="https://dept.example.edu/people/lei-wu")
    text = dumps_jsonld(doc)
    assert "leiwu0.github.io/#" not in text and "leiwu0.github.io/papers" not in text
    assert doc["@graph"][0]["@id"] == "https://dept.example.edu/people/lei-wu/"


def test_missing_updated_date_is_a_warning_at_the_person(lei_wu):
    report = Report()
    build_jsonld(lei_wu, report=report)
    assert [str(d) for d in report.diagnostics] == [
        f"{SEED_CV}:6:3: warning: person: JSON-LD: the CV has no 'updated' date, so the ProfilePage "
        "has no dateModified (Google recommends one)"]


def test_work_node_stands_alone_for_a_paper_page(lei_wu):
    iris = Iris.for_cv(lei_wu)
    node = work_node(lei_wu, lei_wu.work("wu2019global"), iris, "web")
    assert node["mainEntityOfPage"] == f"{BASE}papers/wu2019global/"
    assert node["author"][0] == {"@id": BASE + "#me", "@type": "Person", "name": "Lei Wu", "url": BASE}
    assert node["isPartOf"]["name"] == "Advances in Neural Information Processing Systems"
    assert node["isPartOf"]["alternateName"] == "NeurIPS"
    expanded = expand({"@context": "https://schema.org", **node})
    assert expanded[0]["@type"] == [SCHEMA + "ScholarlyArticle"]


@pytest.mark.parametrize("profile", ["web", "full"])
def test_expands_offline_with_pyld(web, full, profile):
    doc = web if profile == "web" else full
    expanded = expand(doc)
    ids = {node["@id"] for node in expanded}
    assert BASE in ids and f"{BASE}papers/e2020towards/#work" in ids
    article = next(n for n in expanded if n["@id"] == f"{BASE}papers/e2020towards/#work")
    assert article[SCHEMA + "datePublished"] == [{"@type": SCHEMA + "Date", "@value": "2020"}]


def test_full_profile_keeps_order_and_every_equal_contribution_mark_in_rdf(lei_wu, full):
    graph = to_graph(full)
    rows = graph.query("""
        PREFIX schema: <http://schema.org/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX cvld: <https://w3id.org/cvld/ns#>
        SELECT ?work ?person ?equal (COUNT(?mid) - 1 AS ?position) WHERE {
          ?work a schema:ScholarlyArticle ; schema:author ?list .
          ?list rdf:rest* ?mid . ?mid rdf:rest* ?cell . ?cell rdf:first ?role .
          ?role schema:author ?person .
          BIND(EXISTS { ?role schema:roleName cvld:EqualContribution } AS ?equal)
        } GROUP BY ?work ?cell ?person ?equal""")
    found = {}
    for work, person, equal, position in rows:
        found.setdefault(str(work), {})[int(position)] = (str(person), bool(equal.toPython()))
    expected = {}
    for work in lei_wu.works:
        iris = _expected_author_iris(work)
        expected[f"{BASE}papers/{work.key}/#work"] = {
            i: (iri, a.equal_contribution) for i, (iri, a) in enumerate(zip(iris, work.authors))}
    assert found == expected
    marks = sum(a.equal_contribution for w in lei_wu.works for a in w.authors)
    assert marks == sum(equal for w in found.values() for _, equal in w.values())


def test_script_end_tags_survive_in_json(lei_wu):
    from dataclasses import replace

    work = replace(lei_wu.works[0], title="Why </script><script>alert(1)</script> & \u00e9")
    cv = replace(lei_wu, works=(work,) + lei_wu.works[1:])
    text = dumps_jsonld(build_jsonld(cv))
    assert json.loads(text)["@graph"][len(text) and 0] is not None
    node = next(n for n in json.loads(text)["@graph"] if n.get("headline", "").startswith("Why"))
    assert node["headline"] == "Why </script><script>alert(1)</script> & \u00e9"
    assert "</script><script>" in text and "\u00e9" in text

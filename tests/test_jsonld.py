"""schema.org JSON-LD for the example CV: counts, author order, marks, offline processing."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_CV

from cvld.core.diagnostics import Report
from cvld.jsonld.write import build_jsonld, dumps_jsonld, work_node
from cvld.model.iris import Iris
from cvld.jsonld.context import expand, to_graph

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
    assert node["isPartOf"]["@id"] == BASE + "#proceedings-advances-in-neural-information-processing-systems-2019"
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


EVERY_FIELD = SEED_CV.parent.parent / "tests" / "data" / "every-field.yaml"
ADA = "https://example.edu/~ada/"


@pytest.fixture(scope="module")
def every_field():
    from cvld.api import load_cv

    return load_cv(EVERY_FIELD)


def _node(doc, iri):
    return next(n for n in doc["@graph"] if n["@id"] == iri)


def test_every_field_maps_to_its_term(every_field):
    web = build_jsonld(every_field, profile="web")
    owner = _owner(web)
    assert owner["sameAs"] == ["https://orcid.org/0000-0002-1825-0097", "https://github.com/ada-example",
                               "https://scholar.google.com/citations?user=abc"]
    assert owner["identifier"] == {"@type": "PropertyValue", "propertyID": "ORCID", "value": "0000-0002-1825-0097",
                                   "url": "https://orcid.org/0000-0002-1825-0097"}
    assert (owner["honorificPrefix"], owner["honorificSuffix"], owner["alternateName"]) == ("Dr.", "PhD", ["Ada Beispiel"])
    assert owner["image"] == "https://example.edu/~ada/photo.jpg"
    assert owner["description"] == "Ada works on </script> & other things."
    assert web["@graph"][0]["dateModified"] == "2025-03-14"
    # the current position is in a department of the organisation
    assert owner["worksFor"][0]["worksFor"] == {"@type": "Organization", "name": "Department of Computer Science",
                                                "parentOrganization": {"@id": ADA + "#org-exu"}}
    assert owner["affiliation"][1]["@type"] == "OrganizationRole"  # the visiting position
    org = _node(web, ADA + "#org-exu")
    assert org["sameAs"] == ["https://ror.org/05abcde24"]
    assert [i["propertyID"] for i in org["identifier"]] == ["ROR", "Ringgold", "GRID"]
    bob = _node(web, ADA + "#person-bob")
    assert bob["sameAs"] == ["https://orcid.org/0000-0001-5109-3700"]
    assert bob["affiliation"] == {"@id": ADA + "#org-lab"}
    j1 = _node(web, ADA + "papers/j1/#work")
    assert j1["isPartOf"] == {"@type": "PublicationIssue", "issueNumber": "3", "isPartOf": {
        "@type": "PublicationVolume", "volumeNumber": "12", "isPartOf": {
            "@id": ADA + "#periodical-journal-of-examples", "@type": "Periodical", "name": "Journal of Examples",
            "alternateName": "J. Ex.", "issn": "0378-5955", "publisher": {"@type": "Organization", "name": "Example Press"}}}}
    assert (j1["pagination"], j1["pageStart"], j1["pageEnd"]) == ("101-120", "101", "120")
    assert j1["sameAs"] == ["https://doi.org/10.1234/jex.2021.12", "https://pubmed.ncbi.nlm.nih.gov/12345678/"]
    assert j1["encoding"] == {"@type": "MediaObject", "contentUrl": "https://example.edu/~ada/j1.pdf",
                              "encodingFormat": "application/pdf"}
    types = {key: _node(web, f"{ADA}papers/{key}/#work")["@type"]
             for key in ("t1", "b1", "eb1", "ch1", "r1", "d1", "s1", "po1", "sl1", "o1")}
    assert types == {"t1": "Thesis", "b1": "Book", "eb1": "Book", "ch1": "Chapter", "r1": "Report", "d1": "Dataset",
                     "s1": "SoftwareSourceCode", "po1": "Poster", "sl1": "PresentationDigitalDocument",
                     "o1": "CreativeWork"}
    edited = _node(web, ADA + "papers/eb1/#work")
    assert "author" not in edited and [e["@id"] for e in edited["editor"]] == [ADA + "#person-bob", ADA + "#me"]
    c1 = _node(web, ADA + "papers/c1/#work")
    assert c1["creativeWorkStatus"] == "Accepted"
    assert c1["isPartOf"]["isPartOf"]["@type"] == "Book" and c1["isPartOf"]["isPartOf"]["isbn"] == "9780306406157"
    talks = _nodes(web, "Event")
    assert talks[0]["location"] == {"@type": "Place", "name": "Sometown"}
    assert talks[0]["superEvent"] == {"@type": "Event", "name": "Example Seminar"}
    assert talks[1]["location"] == {"@type": "VirtualLocation", "url": "https://video.example.org/x"}
    assert talks[1]["eventAttendanceMode"] == {"@id": "schema:OnlineEventAttendanceMode"}
    calc, guest = _nodes(web, "Course")
    assert calc["courseCode"] == "MATH 101"
    assert calc["hasCourseInstance"]["instructor"] == {"@id": ADA + "#me"}
    assert guest["hasCourseInstance"]["instructor"]["roleName"] == "guest lecturer"
    assert "endDate" not in guest["hasCourseInstance"]
    assert owner["memberOf"][1]["memberOf"] == {"@id": ADA + "#org-exu"}
    assert owner["memberOf"][1]["roleName"] == "associate editor"


def test_full_profile_keeps_corresponding_marks_legends_and_versions(every_field):
    full = build_jsonld(every_field, profile="full")
    j1 = _node(full, ADA + "papers/j1/#work")
    assert [item["roleName"] for item in j1["author"]["@list"][:2]] == [
        [{"@id": "cvld:EqualContribution"}, {"@id": "cvld:CorrespondingAuthor"}], [{"@id": "cvld:EqualContribution"}]]
    assert "roleName" not in j1["author"]["@list"][2]
    assert j1["cvld:workType"] == "journal-article"
    assert _node(full, ADA + "papers/p1/#work")["cvld:versionOf"] == ADA + "papers/j1/#work"
    assert full["@graph"][0]["cvld:correspondingLegend"] == "† corresponding author"
    rows = to_graph(full).query("""
        PREFIX schema: <http://schema.org/>
        PREFIX cvld: <https://w3id.org/cvld/ns#>
        SELECT ?person WHERE { ?work schema:author/(<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*)/
          <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?role .
          ?role schema:roleName cvld:CorrespondingAuthor ; schema:author ?person }""")
    assert [str(r.person) for r in rows] == [ADA + "#me"]


def test_a_note_is_reported_as_not_written(every_field):
    report = Report()
    build_jsonld(every_field, profile="full", report=report)
    assert [str(d) for d in report.diagnostics] == [
        f"{EVERY_FIELD}:47:5: warning: works[0]: JSON-LD: the work's note is not written (schema.org has no term for it)"]


def test_without_a_homepage_the_iris_are_urns_and_still_check_clean(lei_wu):
    from dataclasses import replace

    from cvld.jsonld.check import check_cv

    cv = replace(lei_wu, owner=replace(lei_wu.owner, homepage=None))
    doc = build_jsonld(cv)
    assert doc["@graph"][0]["@id"] == "urn:cvld:lei-wu:"
    assert _owner(doc)["@id"] == "urn:cvld:lei-wu:#me"
    assert "url" not in doc["@graph"][0]
    assert all("mainEntityOfPage" not in n for n in doc["@graph"])
    assert [d for d in check_cv(cv) if d.is_error] == []


def test_work_jsonld_is_a_document_of_its_own(lei_wu):
    from cvld.jsonld.write import work_jsonld

    doc = work_jsonld(lei_wu, lei_wu.work("e2019skip"), profile="full")
    assert doc["@context"][0] == "https://schema.org"
    assert doc["@id"] == f"{BASE}papers/e2019skip/#work"
    assert len(to_graph(doc)) > 10

"""A department graph from several CVs: one node per person and per paper, conflicts reported, never merged."""

from __future__ import annotations

import re

import pytest

from cvld.api import load_cv
from cvld.core.diagnostics import Report
from cvld.model.records import Person
from cvld.rdf.build import build_files
from cvld.model.identity import name_identity as normalise_name, same_person_names
from cvld.source.people import load_people
from cvld.rdf.store import ask_store, named_query, store_for_graph
from conftest import DATA_DIR, shared_path

TESTS = DATA_DIR.parent / "tests"
DEPARTMENT = TESTS / "data" / "department"
PEOPLE = TESTS / "data" / "people.yaml"
BASE = "https://kg.example.edu/"
KG = BASE


def _build(vocab, people=PEOPLE):
    report = Report()
    graph = build_files([DEPARTMENT], vocab=vocab, base=BASE, people_file=people, report=report)
    return graph, report


@pytest.fixture(scope="module", params=["schema", "vivo"])
def department(request):
    graph, report = _build(request.param)
    return request.param, graph, report


def _authors(vocab, graph) -> dict[str, list[tuple[str, str, bool]]]:
    answer = ask_store(store_for_graph(graph), named_query("authors", vocab))
    works: dict[str, list] = {}
    for work, _, rank, author, equal in answer.values():
        works.setdefault(work.removeprefix(KG + "work/"), []).append((int(rank), author, equal == "true"))
    return {key: [tuple(a) for _, *a in sorted(rows)] for key, rows in works.items()}


def test_a_paper_of_two_members_is_one_work_with_both_authors_in_order(department):
    vocab, graph, _ = department
    works = _authors(vocab, graph)
    assert works == {
        # one DOI written two ways (10.1000/shared.1, 10.1000/SHARED.1, https://doi.org/...) in three CVs
        "ma2020gradient": [("Chao Ma", True), ("Lei Wu", True), ("Weinan E", False)],
        # one arXiv id (2009.06125, 2009.06125v2) under two titles
        "ma2020qualitative": [("Chao Ma", True), ("Lei Wu", True), ("Weinan E", False)],
        # no identifier: the same title (case aside) and year
        "lei2016sdpd": [("Huan Lei", False), ("Lei Wu", False)],
        # same title and year, two DOIs: two works
        "ma2019lookalike": [("Lei Wu", False), ("Yi-An Ma", False), ("Chao Ma", False)],
        "wu2019lookalike": [("Lei Wu", False), ("Yi-An Ma", False)],
        "ma2018samplers": [("Yi-An Ma", False), ("Chao Ma", False)],
        "wu2018solo": [("Lei Wu", False)],
        "lei2021alone": [("Huan Lei", False), ("Zhong Li", False)],
    }


def test_people_are_one_node_each_and_names_are_never_matched_in_parts(department):
    vocab, graph, _ = department
    people = sorted({line.split(" ")[0] for line in graph.lines if re.match(f"<{KG}person/[^/]+> ", line)})
    assert people == [f"<{KG}person/{key}>" for key in
                      ("chao-ma", "huan-lei", "lei-wu", "weinan-e", "yi-an-ma", "zhong-li")]
    # "Lei Wu" in three CVs (owner with ORCID iD; by ORCID iD; by exact name) is one node, never "Huan Lei";
    # "Chao Ma" (ORCID iD) and "Yi-An Ma" stay apart; "E Weinan" joins "Weinan E" through the people file
    name = "<http://www.w3.org/2000/01/rdf-schema#label>" if vocab == "vivo" else "<http://schema.org/name>"
    names = {line.split(" ")[0]: line.split(" ", 2)[2] for line in graph.lines if f" {name} " in line
             and re.match(f"<{KG}person/[^/]+> ", line)}
    assert names == {f"<{KG}person/{k}>": f'"{n}" .' for k, n in
                     (("chao-ma", "Chao Ma"), ("huan-lei", "Huan Lei"), ("lei-wu", "Lei Wu"),
                      ("weinan-e", "Weinan E"), ("yi-an-ma", "Yi-An Ma"), ("zhong-li", "Zhong Li"))}


def test_conflicts_are_reported_exactly_and_not_merged(department):
    _, _, report = department
    d = str(DEPARTMENT)
    assert [str(x) for x in report.sorted()] == [
        f"{d}/huan-lei.yaml:11:13: warning: people.zhong-li: conflict: ORCID iD 0000-0001-5109-3700 is also given to 'Chao Ma' ({d}/chao-ma.yaml:3:3), a different name; not merged",
        f"{d}/huan-lei.yaml:21:5: warning: works[1]: conflict: the same paper as 'ma2020gradient' ({d}/chao-ma.yaml:15:5) gives another title ('Shared paper on gradient flows' against 'Shared paper on gradient flows.'); the graph keeps the one of {d}/chao-ma.yaml:15:5",
        f"{d}/huan-lei.yaml:21:5: warning: works[1]: conflict: the same paper as 'ma2020gradient' ({d}/chao-ma.yaml:15:5) lists other authors (Huan Lei, Lei Wu, E Weinan against Chao Ma*, Lei Wu*, Weinan E); the graph keeps the list of {d}/chao-ma.yaml",
        f"{d}/lei-wu.yaml:18:13: warning: people.yi-an-ma: 'Yi-An Ma' is taken to be the 'Yi-An Ma' of {d}/chao-ma.yaml:12:13 by the name alone; if they are two people, give ORCID iDs or tell them apart in the people file (named_by)",
        f"{d}/lei-wu.yaml:24:5: warning: works[0]: conflict: the same paper as 'ma2020gradient' ({d}/chao-ma.yaml:15:5) gives another title ('Shared paper on gradient flows' against 'Shared paper on gradient flows.'); the graph keeps the one of {d}/chao-ma.yaml:15:5",
        f"{d}/lei-wu.yaml:34:5: warning: works[1]: conflict: the same paper as 'ma2020qualitative' ({d}/chao-ma.yaml:25:5) gives another title ('A qualitative study of adaptive gradient algorithms' against 'A qualitative study of the adaptive gradient algorithms'); the graph keeps the one of {d}/chao-ma.yaml:25:5",
        f"{d}/lei-wu.yaml:44:5: warning: works[2]: conflict: the same paper as 'lei2016sdpd' ({d}/huan-lei.yaml:15:5) gives another title ('Smoothed dissipative particle dynamics' against 'Smoothed Dissipative Particle Dynamics'); the graph keeps the one of {d}/huan-lei.yaml:15:5",
        f"{d}/lei-wu.yaml:50:5: warning: works[3]: conflict: looks like the same paper as 'ma2019lookalike' ({d}/chao-ma.yaml:35:5) by title and year 'a paper that looks like another', but the DOIs differ (10.1000/look.b and 10.1000/look.a); not merged",
    ]


def test_the_cli_prints_the_conflicts_and_writes_the_graph(tmp_path, capsys):
    from cvld.cli.main import main

    out = tmp_path / "dept.ttl"
    assert main(["graph", str(DEPARTMENT), "--base", BASE, "--people", str(PEOPLE), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("conflict:") == 7 and err.count("by the name alone") == 1
    assert "ORCID iD 0000-0001-5109-3700 is also given to 'Chao Ma'" in err
    assert out.read_text().startswith("@prefix")


def test_without_the_people_file_a_name_written_otherwise_is_another_person():
    graph, _ = _build("vivo", people=None)
    people = {line.split(" ")[0] for line in graph.lines if re.match(f"<{KG}person/[^/]+> ", line)}
    assert f"<{KG}person/e-weinan>" in people and f"<{KG}person/weinan-e>" in people


def test_the_same_name_with_two_orcid_ids_is_ambiguous(tmp_path):
    def cv(name, key, orcid, coauthor):
        return (f"person: {{key: {key}, name: {name}, orcid: {orcid}}}\npeople:\n  x: {{name: {coauthor}}}\n"
                f"works:\n  - {{key: w-{key}, type: other, title: Paper {key}, authors: [{key}, x], date: 2020}}\n")
    (tmp_path / "a.yaml").write_text(cv("Ann A", "ann", "0000-0003-1111-1112", "Chao Ma"))
    (tmp_path / "b.yaml").write_text(cv("Chao Ma", "chao", "0000-0001-5109-3700", "Ann B"))
    (tmp_path / "c.yaml").write_text(cv("Chao Ma", "chao2", "0000-0003-2222-2221", "Ann C"))
    report = Report()
    graph = build_files([tmp_path], vocab="vivo", base=BASE, report=report)
    assert [str(d) for d in report.sorted()] == [
        f"{tmp_path}/a.yaml:3:6: warning: people.x: 'Chao Ma' could be any of 2 people of that name "
        "(ORCID iD 0000-0001-5109-3700, ORCID iD 0000-0003-2222-2221); not merged: give an ORCID iD or list the "
        "person in the people file"]
    people = {line.split(" ")[0] for line in graph.lines if re.match(f"<{KG}person/[^/]+> ", line)}
    assert people == {f"<{KG}person/{k}>" for k in ("ann", "chao", "chao2", "chao-ma", "ann-b", "ann-c")}


def test_name_rules():
    assert normalise_name("Yi-An Ma") == "yi an ma" and normalise_name("Chao  MA.") == "chao ma"
    person = lambda name, given=None, family=None: Person("k", name, given, family)  # noqa: E731
    assert same_person_names(person("Weinan E"), person("E Weinan"))
    assert same_person_names(person("Weinan E"), person("W. E"))
    assert not same_person_names(person("Huan Lei"), person("Lei Wu"))
    assert not same_person_names(person("Chao Ma"), person("Yi-An Ma"))
    assert not same_person_names(person("Bing Yu"), person("Zhong Li"))


def test_a_bad_people_file_is_reported_at_its_line(tmp_path):
    from cvld.core.diagnostics import CVInputError

    bad = tmp_path / "people.yaml"
    bad.write_text("ann: {name: Ann, orcid: 0000-0003-1111-1112}\nbob: {name: Bob, orcid: 0000-0003-1111-1112}\n"
                   "eve: {nmae: Eve}\n")
    with pytest.raises(CVInputError) as raised:
        load_people(bad)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{bad}:3:6: eve: missing required field 'name'",
        f"{bad}:3:7: eve.nmae: unknown field 'nmae' (did you mean 'name'?)",
    ]
    bad.write_text("ann: {name: Ann, orcid: 0000-0003-1111-1112}\nbob: {name: Bob, orcid: 0000-0003-1111-1112}\n")
    with pytest.raises(CVInputError) as raised:
        load_people(bad)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{bad}:2:25: bob.orcid: ORCID iD 0000-0003-1111-1112 is also given to ann"]


# --- the VIVO vocabulary ------------------------------------------------------------------

CHECKED = ("http://vivoweb.org/ontology/core#", "http://purl.obolibrary.org/obo/", "http://purl.org/ontology/bibo/",
           "http://www.w3.org/2006/vcard/ns#", "http://vivoweb.org/ontology/degree/")


@pytest.fixture(scope="module")
def vivo_terms():
    from rdflib import Graph, URIRef

    ontology = Graph()
    ontology.parse(shared_path("vivo", "vivo.owl"), format="xml")
    for name in ("dateTimeValuePrecision.owl", "documentStatus.owl", "academicDegree.rdf"):
        ontology.parse(shared_path("vivo", name), format="xml")
    return ontology, {str(s) for s in ontology.subjects() if isinstance(s, URIRef)}


def test_every_vivo_obo_bibo_and_vcard_term_used_is_declared(vivo_terms, lei_wu):
    from rdflib import RDF

    from cvld.rdf import vivo as mapping
    from cvld.rdf.build import build_graph

    _, declared = vivo_terms
    graphs = [build_graph([lei_wu], vocab="vivo"), _build("vivo")[0],
              build_graph([load_cv(DATA_DIR / "ada-grant.yaml")], vocab="vivo")]
    used = set()
    for graph in graphs:
        g = graph.rdflib()
        used |= {str(p) for p in g.predicates()} | {str(o) for o in g.objects(None, RDF.type)}
        used |= {str(o) for o in g.objects() if str(o).startswith(CHECKED)}
    # and every term the mapping can write, used by this data or not
    tables = [mapping.WORK_TYPES, mapping.VENUE_TYPES, mapping.STATUS, mapping.PRECISION, mapping.GRANT_ROLE_CLASSES,
              mapping.ADVISING_CLASSES]
    used |= {t.strip("<>") for table in tables for t in table.values()}
    used |= {kind.strip("<>") for kind, _ in mapping.SERVICE_ROLES.values()}
    used |= {kind.strip("<>") for table in (mapping._ORG_WORDS, mapping._POSITION_WORDS, mapping._EVENT_WORDS)
             for _, kind in table}
    checked = sorted(t for t in used if t.startswith(CHECKED))
    assert len(checked) > 80
    assert [t for t in checked if t not in declared] == []


def test_degree_table_matches_the_vivo_individuals(vivo_terms):
    from rdflib import Literal, URIRef

    from cvld.rdf.vivo import DEGREE_NS, DEGREES

    ontology, _ = vivo_terms
    abbreviation = URIRef("http://vivoweb.org/ontology/core#abbreviation")
    for written, number in DEGREES.items():
        assert Literal(written) in set(ontology.objects(URIRef(DEGREE_NS + number), abbreviation)), written


def test_two_people_of_one_name_in_one_cv_stay_two(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "person: {key: ann, name: Ann A}\npeople:\n  ma1: {name: Chao Ma, orcid: 0000-0001-5109-3700}\n"
        "  ma2: {name: Chao Ma}\nworks:\n  - {key: w, type: other, title: T, authors: [ann, ma1, ma2], date: 2020}\n")
    (tmp_path / "b.yaml").write_text(
        "person: {key: bob, name: Bob B}\npeople:\n  cm: {name: Chao Ma}\n"
        "works:\n  - {key: v, type: other, title: U, authors: [bob, cm], date: 2021}\n")
    report = Report()
    graph = build_files([tmp_path], vocab="vivo", base=BASE, report=report)
    assert [str(d) for d in report.sorted()] == [
        f"{tmp_path}/a.yaml:4:8: warning: people.ma2: 'Chao Ma' has the name of another person in the same CV; "
        "not merged with others of that name: give an ORCID iD or list the person in the people file"]
    rows = _authors("vivo", graph)
    assert rows == {"w": [("Ann A", False), ("Chao Ma", False), ("Chao Ma", False)], "v": [("Bob B", False), ("Chao Ma", False)]}
    people = {line.split(" ")[0] for line in graph.lines if re.match(f"<{KG}person/[^/]+> ", line)}
    # b.yaml's "Chao Ma" joins the one with an ORCID iD; a.yaml's second "Chao Ma" stays apart
    assert people == {f"<{KG}person/{k}>" for k in ("ann", "bob", "chao-ma", "chao-ma-2")}


@pytest.mark.parametrize("digests", [["c", "b", "a"], ["a", "c", "b"], ["b", "a", "c"]])
def test_who_describes_what_follows_the_owners_not_the_content_an_edit_changes(digests):
    # an edit anywhere in a CV changes its content digest: the choices (who describes a co-author
    # several CVs name alike, whose title wins) stay those of the owners' order
    from cvld.rdf.department import resolve

    cvs = [load_cv(path) for path in sorted(DEPARTMENT.glob("*.yaml"))]
    people = load_people(PEOPLE)

    def decided(digests):
        report = Report()
        members = resolve(cvs, BASE, people, report, digests).members
        return [(m.cv.owner.key, m.primary_works, m.primary_people, m.merged_works, m.merged_people)
                for m in members], [str(d) for d in report.sorted()]

    assert decided(digests) == decided(["a", "b", "c"])


def test_the_canonical_order_asks_for_the_content_digest_of_the_cvs_whose_owners_tie_only():
    from cvld.rdf.department import canonical_order

    owners = [("ann", ""), ("bob", ""), ("ann", ""), ("ann", "0000-0002-1825-0097"), ("ann", "")]
    asked = []

    def digest(i: int) -> str:
        asked.append(i)
        return {0: "c", 2: "a", 4: "b"}[i]

    assert canonical_order(owners, digest) == [2, 4, 0, 3, 1]
    assert sorted(asked) == [0, 2, 4]
    assert canonical_order(owners, ["c", "z", "a", "y", "b"]) == [2, 4, 0, 3, 1]
    assert canonical_order(owners, ["a", "z", "a", "y", "a"]) == [0, 2, 4, 3, 1]  # alike: the order given

"""cvld graph: both profiles of the example CV, the schema.org graph equal to the full JSON-LD, stable output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from cvld.cli.main import main
from cvld.jsonld.write import build_jsonld
from cvld.jsonld.context import to_graph
from cvld.rdf.build import build_graph, build_files
from cvld.rdf.store import ask_store, named_query, store_for_file
from conftest import DATA_DIR, SEED_CV

DEPARTMENT = DATA_DIR.parent / "tests" / "data" / "department"


@pytest.fixture(scope="module", params=["schema", "vivo"])
def seed_turtle(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param) / "lei-wu.ttl"
    assert main(["graph", str(SEED_CV), "--vocab", request.param, "-o", str(out)]) == 0
    return request.param, out


def test_sparql_over_the_turtle_gives_every_works_authors_in_order_with_marks(seed_turtle, lei_wu):
    vocab, path = seed_turtle
    answer = ask_store(store_for_file(path), named_query("authors", vocab))
    assert answer.columns == ("work", "title", "rank", "author", "equal")
    by_title: dict[str, list] = {}
    for _, title, rank, author, equal in answer.values():
        by_title.setdefault(title, []).append((int(rank), author, equal == "true"))
    assert len(by_title) == 19
    for work in lei_wu.works:
        expected = [(n, a.person.name, a.equal_contribution) for n, a in enumerate(work.authors, 1)]
        assert sorted(by_title[work.title]) == expected, work.key
    # one seed line, spelled out: "Zhanxing Zhu*, Jingfeng Wu*, Bing Yu, Lei Wu, and Jinwen Ma"
    anisotropic = next(t for t in by_title if t.startswith("The anisotropic noise"))
    assert sorted(by_title[anisotropic]) == [(1, "Zhanxing Zhu", True), (2, "Jingfeng Wu", True), (3, "Bing Yu", False),
                                             (4, "Lei Wu", False), (5, "Jinwen Ma", False)]


def test_schema_graph_is_the_full_jsonld_mapping(lei_wu, tmp_path):
    out = tmp_path / "lei-wu.ttl"
    assert main(["graph", str(SEED_CV), "-o", str(out)]) == 0
    from_turtle = Graph().parse(out, format="turtle")
    from_jsonld = to_graph(build_jsonld(lei_wu, profile="full"))
    assert len(from_turtle) == len(from_jsonld) > 900
    assert isomorphic(from_turtle, from_jsonld)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "json-ld", "xml"])
def test_every_format_holds_the_same_graph(lei_wu, fmt, tmp_path):
    graph = build_graph([lei_wu], vocab="vivo", base="https://kg.example.edu/")
    out = tmp_path / "graph.out"
    assert main(["graph", str(SEED_CV), "--vocab", "vivo", "--base", "https://kg.example.edu/", "--format", fmt,
                 "-o", str(out)]) == 0
    parsed = Graph().parse(out, format={"turtle": "turtle", "ntriples": "nt", "json-ld": "json-ld", "xml": "xml"}[fmt])
    assert isomorphic(parsed, graph.rdflib())
    if fmt == "json-ld":
        assert isinstance(json.loads(out.read_text()), list)


def test_output_is_byte_identical_whatever_the_order_of_the_files(tmp_path):
    files = sorted(DEPARTMENT.glob("*.yaml"))
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    base = ["--base", "https://kg.example.edu/", "--vocab", "vivo"]
    assert main(["graph", *map(str, files), *base, "-o", str(first)]) == 0
    assert main(["graph", *map(str, reversed(files)), *base, "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    lines = first.read_text().splitlines()  # streamed person by person: the graph's lines, each once
    assert sorted(lines) == build_files(files, vocab="vivo", base="https://kg.example.edu/").lines
    turtle = [tmp_path / f"{n}.ttl" for n in "cd"]
    for path in turtle:
        assert main(["graph", str(DEPARTMENT), *base, "-o", str(path)]) == 0
    assert turtle[0].read_bytes() == turtle[1].read_bytes()


def test_iris_are_stable_under_the_base(lei_wu):
    graph = build_graph([lei_wu], vocab="vivo", base="https://kg.example.edu")
    subjects = {line.split(" ")[0] for line in graph.lines}
    assert "<https://kg.example.edu/person/lei-wu>" in subjects
    assert "<https://kg.example.edu/work/wu2019global>" in subjects
    assert "<https://kg.example.edu/talk/lei-wu/a-priori-estimates-2>" in subjects
    assert "<https://kg.example.edu/course/lei-wu/pku-fall-2014>" in subjects
    assert "<https://kg.example.edu/teacher/lei-wu/pku-fall-2014>" in subjects
    assert "<https://kg.example.edu/org/peking-university>" in subjects
    assert not any("leiwu0.github.io" in s for s in subjects)


def test_identifiers_link_out(tmp_path):
    graph = build_files([DEPARTMENT / "lei-wu.yaml"], vocab="vivo", base="https://kg.example.edu/")
    lines = set(graph.lines)
    person = "<https://kg.example.edu/person/lei-wu>"
    assert f"{person} <http://vivoweb.org/ontology/core#orcidId> <https://orcid.org/0000-0002-1825-0097> ." in lines
    work = "<https://kg.example.edu/work/wu2020shared>"
    assert f"{work} <http://www.w3.org/2002/07/owl#sameAs> <https://doi.org/10.1000/shared.1> ." in lines
    preprint = "<https://kg.example.edu/work/wu2020adaptive>"
    assert f"{preprint} <http://www.w3.org/2002/07/owl#sameAs> <https://arxiv.org/abs/2009.06125> ." in lines
    schema = set(build_files([DEPARTMENT / "lei-wu.yaml"], base="https://kg.example.edu/").lines)
    assert f"{person} <http://schema.org/sameAs> <https://orcid.org/0000-0002-1825-0097> ." in schema
    assert f"{work} <http://schema.org/sameAs> <https://doi.org/10.1000/shared.1> ." in schema


def test_several_cvs_need_a_base(capsys):
    assert main(["graph", str(DEPARTMENT)]) == 2
    assert "several CVs make a department graph, which needs a base IRI (such as https://kg.example.edu/)" in capsys.readouterr().err


def test_rdflib_is_the_python_api(lei_wu):
    from cvld.api import build_graph_files

    graph = build_graph_files([SEED_CV], vocab="vivo").rdflib()
    assert isinstance(graph, Graph)
    assert graph.namespace_manager.store.namespace("vivo") is not None


def test_other_commands_do_not_import_rdf_libraries(tmp_path):
    code = ("import sys, cvld.api; from cvld.cli.main import main; "
            f"assert main(['schema', '-o', {str(tmp_path / 'schema.json')!r}]) == 0; "
            "heavy = {'rdflib', 'pyshacl', 'pyoxigraph'} & set(sys.modules); print(sorted(heavy)); sys.exit(bool(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

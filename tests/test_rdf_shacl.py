"""SHACL shapes of both profiles, run by cvld check and reported at the record a node came from."""

from __future__ import annotations

import pytest

from cvld.api import check_files, load_cv
from cvld.rdf.build import build_graph
from cvld.rdf.check import check_cv, validate
from conftest import DATA_DIR, SEED_CV

LEI = DATA_DIR.parent / "tests" / "data" / "department" / "lei-wu.yaml"


@pytest.fixture(scope="module")
def small():
    return load_cv(LEI)


def test_the_example_cv_conforms_in_both_profiles(lei_wu):
    assert check_cv(lei_wu) == []


def test_cvld_check_runs_the_shapes(small, monkeypatch):
    import cvld.rdf.check

    called = []
    monkeypatch.setattr(cvld.rdf.check, "check_cv", lambda cv: called.append(cv.owner.key) or [])
    report, cvs, _ = check_files([SEED_CV, LEI])
    assert report.errors == [] and called == ["lei-wu", "lei-wu"] and len(cvs) == 2


def _without(graph, *fragments):
    graph.lines = [line for line in graph.lines if not all(f in line for f in fragments)]
    return graph


def test_vivo_violations_name_the_focus_node_and_the_record(small):
    graph = build_graph([small], vocab="vivo", base="https://kg.example.edu/")
    _without(graph, "work/wu2020shared/authorship-2>", "core#rank>")
    _without(graph, "/date/lei-wu/2018-11>", "core#dateTimePrecision>")
    _without(graph, "work/wu2018solo/authorship-1>", "core#relates>", "person/lei-wu>")
    _without(graph, "work/wu2019lookalike>", "rdf-schema#label>")
    assert [str(d) for d in validate(graph, "vivo")] == [
        # a date node serves every record with that date: the first record that holds it is named
        f"{LEI}:21:5: positions[0]: vivo graph: <https://kg.example.edu/date/lei-wu/2018-11>: "
        "a date value needs exactly one precision (year, year-month or year-month-day) [vivo:dateTimePrecision]",
        f"{LEI}:24:5: works[0]: vivo graph: <https://kg.example.edu/work/wu2020shared/authorship-2>: "
        "an authorship needs exactly one vivo:rank, a whole number from 1 [vivo:rank]",
        f"{LEI}:50:5: works[3]: vivo graph: <https://kg.example.edu/work/wu2019lookalike>: "
        "a work needs exactly one title (rdfs:label) [rdfs:label]",
        f"{LEI}:56:5: works[4]: vivo graph: <https://kg.example.edu/work/wu2018solo/authorship-1>: "
        "an authorship relates exactly one person [vivo:relates]",
    ]


def test_schema_violations_reach_the_record_through_blank_nodes(small):
    graph = build_graph([small], vocab="schema", base="https://kg.example.edu/")
    published = next(line for line in graph.lines if "work/wu2020shared>" in line and "schema.org/datePublished>" in line)
    graph.lines = list(graph.lines) + [published.replace('"2020', '"2021')]  # a second date (none is fine: undated)
    role = next(line.split(" ")[0] for line in graph.lines
                if line.startswith("_:") and "schema.org/author> <https://kg.example.edu/person/huan-lei>" in line)
    _without(graph, role, "schema.org/author>")
    assert [str(d) for d in validate(graph, "schema")] == [
        f"{LEI}:24:5: works[0]: schema graph: <https://kg.example.edu/work/wu2020shared>: "
        "a work has at most one schema:datePublished (none when it is undated or dated by a range) "
        "[schema:datePublished]",
        f"{LEI}:44:5: works[2]: schema graph: <https://kg.example.edu/work/lei2016smoothed>: "
        "each entry of an author list is a Role naming one person",
        f"{LEI}:44:5: works[2]: schema graph: a blank node of <https://kg.example.edu/work/lei2016smoothed>: "
        "Less than 1 values on [ rdf:type schema:Role ]->[ sh:alternativePath ( schema:author schema:editor ) ]",
    ]


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_a_merged_department_graph_conforms(vocab):
    from cvld.core.diagnostics import Report
    from cvld.rdf.build import build_files

    department = LEI.parent
    graph = build_files([department], vocab=vocab, base="https://kg.example.edu/",
                        people_file=department.parent / "people.yaml", report=Report())
    assert validate(graph, vocab) == []


def test_a_book_is_held_to_the_work_shape_only_when_it_is_no_chapters_venue(tmp_path):
    cv_file = tmp_path / "cv.yaml"
    cv_file.write_text(
        "person: {key: ada, name: Ada Lovelace}\n"
        "works:\n"
        "  - {key: ch, type: book-chapter, title: A Chapter, authors: [ada], date: 2019, venue: {name: A Book of Chapters}}\n"
        "  - {key: bk, type: book, title: A Book, authors: [ada], date: 2020}\n")
    cv = load_cv(cv_file)
    assert check_cv(cv) == []
    graph = build_graph([cv], vocab="vivo", base="https://kg.example.edu/")
    _without(graph, "work/bk/authorship-1>")
    _without(graph, "core#relatedBy>", "work/bk/authorship-1>")
    assert [str(d) for d in validate(graph, "vivo")] == [
        f"{cv_file}:4:5: works[1]: vivo graph: <https://kg.example.edu/work/bk>: "
        "a book that is no chapter's venue is a work: it needs one title and at least one author",
    ]

"""``cvld check``'s fast paths give the findings of their reference paths, word for word.

- SHACL: :mod:`cvld.rdf.shapes` picks the focus nodes that may violate a shape and pyshacl
  judges only the part of the graph about them; the reference is pyshacl on the whole graph.
  Graphs with errors are made by damaging valid ones (lines dropped, a property copied onto
  another node, odd literals), from the example CV and from generated CVs.
- The paper pages' JSON-LD: a page that embeds its work's node as the web graph has it takes
  that node's expansion from the graph's; the reference expands every page with pyld.

(How much faster is measured in ``bench/run.py``, the ``check`` rows, not here.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cv_documents, write_cv

import cvld.web.check as web_check
from cvld.api import load_cv
from cvld.core.diagnostics import Report
from cvld.jsonld.check import expanded_or_none, node_expansions, part_expansion
from cvld.jsonld.context import expand
from cvld.jsonld.write import build_jsonld, work_jsonld
from cvld.rdf.build import KnowledgeGraph, build_graph
from cvld.rdf.check import validate
from cvld.rdf.shapes import Unsupported, suspects

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "lei-wu.yaml"
EXAMPLES = (EXAMPLE, ROOT / "data" / "ada-grant.yaml")  # the second has grants and amounts (sh:pattern)
VOCABS = ("schema", "vivo")
ODD_OBJECTS = ['"0"^^<http://www.w3.org/2001/XMLSchema#int>', '"eur"', '"EUR"', '"12.50"', '"1e3"',
               '"5"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"05"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"x"^^<http://www.w3.org/2001/XMLSchema#int>',
               '"-3"^^<http://www.w3.org/2001/XMLSchema#integer>', '""', '"2020"', '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>',
               '"2020-01-01T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>', '"2020-13-01T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
               '<http://vivoweb.org/ontology/core#yearPrecision>', '<http://schema.org/Person>', '_:odd', '"a"@en']


def _example(path=EXAMPLE):
    return load_cv(path, Report())


def _generated(doc):
    with tempfile.TemporaryDirectory() as folder:
        return load_cv(write_cv(doc, Path(folder)), Report())


def _damaged(graph: KnowledgeGraph, choices: list[tuple[int, int, int, int]]) -> KnowledgeGraph:
    """``graph`` with each choice applied: drop a line, copy a line's predicate and object onto another
    line's subject, or give a line another object."""
    lines = list(graph.lines)
    for kind, i, j, k in choices:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        subject, predicate, rest = lines[i].split(" ", 2)
        if kind == 0:
            lines.pop(i)
        elif kind == 1:
            lines.append(f"{lines[j].split(' ', 1)[0]} {predicate} {rest}")
        else:
            lines[i] = f"{subject} {predicate} {ODD_OBJECTS[k % len(ODD_OBJECTS)]} ."
    return KnowledgeGraph(sorted(set(lines)), graph.origins)


DAMAGE = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 50)),
                  min_size=1, max_size=6)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("vocab", VOCABS)
def test_the_example_graph_is_valid_by_both_paths_and_its_fast_path_runs_no_pyshacl(vocab, path, monkeypatch):
    graph = build_graph([_example(path)], vocab=vocab)
    assert validate(graph, vocab, fast=False) == []
    assert suspects(graph.lines, vocab).focus == set()  # nothing for pyshacl to judge
    monkeypatch.setattr("pyshacl.validate", lambda *a, **k: pytest.fail("pyshacl ran on a valid graph"))
    assert validate(graph, vocab) == []


@settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(EXAMPLES), vocab=st.sampled_from(VOCABS), damage=DAMAGE)
def test_a_damaged_example_graph_has_the_same_findings_by_both_paths(path, vocab, damage):
    graph = _damaged(build_graph([_example(path)], vocab=vocab), damage)
    assert validate(graph, vocab) == validate(graph, vocab, fast=False)


@settings(max_examples=examples(5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=cv_documents(max_authors=6, max_items=3), vocab=st.sampled_from(VOCABS), damage=DAMAGE)
def test_a_damaged_generated_graph_has_the_same_findings_by_both_paths(doc, vocab, damage):
    graph = _damaged(build_graph([_generated(doc)], vocab=vocab), damage)
    assert validate(graph, vocab) == validate(graph, vocab, fast=False)


def test_a_known_violation_is_reported_alike_at_its_record():
    graph = build_graph([_example()], vocab="vivo")
    iri = "https://leiwu0.github.io/papers/e2019apriori/#work-authorship-1"
    rank = next(line for line in graph.lines if line.startswith(f"<{iri}> <http://vivoweb.org/ontology/core#rank>"))
    damaged = KnowledgeGraph(sorted(set(graph.lines) - {rank}), graph.origins)
    found = validate(damaged, "vivo")
    assert found == validate(damaged, "vivo", fast=False)
    assert [str(d) for d in found] == [
        f"{EXAMPLE}:189:5: works[8]: vivo graph: <{iri}>: an authorship needs exactly one vivo:rank, "
        "a whole number from 1 [vivo:rank]"]


def test_a_graph_the_evaluator_cannot_judge_goes_to_pyshacl_whole():
    graph = build_graph([_example()], vocab="schema")
    line = "<http://schema.org/Person> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/Thing> ."
    widened = KnowledgeGraph(sorted(set(graph.lines) | {line}), graph.origins)
    with pytest.raises(Unsupported, match="subclasses"):
        suspects(widened.lines, "schema")
    assert validate(widened, "schema") == validate(widened, "schema", fast=False) == []


# --- the paper pages' JSON-LD ---------------------------------------------------------------


def _web_findings_both_ways(cv, monkeypatch):
    fast = web_check.check_web(cv)
    with monkeypatch.context() as patched:
        patched.setattr(web_check, "part_expansion", lambda *args: None)  # the reference: pyld on every page
        reference = web_check.check_web(cv)
    return fast, reference


def test_the_example_pages_take_their_expansion_from_the_graph_and_find_the_same(monkeypatch):
    cv = _example()
    graph = build_jsonld(cv, profile="web")
    nodes = node_expansions(graph, expanded_or_none(graph))
    for work in cv.works:
        page = work_jsonld(cv, work, profile="web")
        assert part_expansion(page, graph, nodes) == expand(page)
        changed = {**page, "headline": page["headline"] + " (changed)"}
        assert part_expansion(changed, graph, nodes) is None  # not the graph's node: expanded on its own
        assert part_expansion({**page, "@context": "https://schema.org/other"}, graph, nodes) is None
    fast, reference = _web_findings_both_ways(cv, monkeypatch)
    assert fast == reference


@settings(max_examples=examples(6), deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=cv_documents(max_authors=6, max_items=3))
def test_generated_pages_find_the_same_by_both_paths(doc):
    cv = _generated(doc)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, reference = _web_findings_both_ways(cv, monkeypatch)
    assert fast == reference


def test_a_finding_about_a_literal_is_located_at_the_record_holding_it_by_both_paths():
    graph = build_graph([_example()], vocab="schema")
    first = next(line for line in graph.lines if "22-rdf-syntax-ns#first>" in line)
    odd = first.rsplit(" ", 2)[0] + ' "5"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    damaged = KnowledgeGraph(sorted(set(graph.lines) - {first} | {odd}), graph.origins)
    found = validate(damaged, "schema")
    assert found == validate(damaged, "schema", fast=False)
    about_literal = [d for d in found if d.message.startswith("schema graph: 5: ")]
    assert about_literal and all(d.location.file == str(EXAMPLE) and d.location.line > 0 for d in about_literal)

"""Property tests: every valid CV over the whole schema gives valid, deterministic outputs.

The documents come from tests/strategies.py. The normal run draws a few hundred
examples in all (derandomized, no database); ``pytest --slow`` draws thousands.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import examples, shared_path
from hypothesis import given, settings
from strategies import cv_documents, write_cv

from cvld.api import load_cv
from cvld.core.diagnostics import Report


def _load(doc):
    with tempfile.TemporaryDirectory() as folder:
        report = Report()
        cv = load_cv(write_cv(doc, Path(folder)), report)
        assert report.errors == []
        return cv


@settings(max_examples=examples(100))
@given(cv_documents())
def test_jsonld_passes_the_vocabulary_check_expands_offline_and_is_stable(doc):
    from cvld.jsonld.check import check_cv
    from cvld.jsonld.write import PROFILES, build_jsonld, dumps_jsonld
    from cvld.jsonld.context import expand

    cv = _load(doc)
    assert [str(d) for d in check_cv(cv) if d.is_error] == []
    for profile in PROFILES:
        text = dumps_jsonld(build_jsonld(cv, profile=profile))
        assert dumps_jsonld(build_jsonld(_load(doc), profile=profile)) == text  # byte-identical when built twice
        assert expand(build_jsonld(cv, profile=profile))  # offline: the loader refuses any remote context
    _assert_page_carries_the_graph(cv)


def _assert_page_carries_the_graph(cv):
    """The homepage's extracted JSON-LD is exactly the emitted web graph, and the page is stable."""
    import json

    import lxml.html

    from cvld.jsonld.write import build_jsonld
    from cvld.web.write import render_index, site_iris

    base = "https://example.org/~ada/"
    html = render_index(cv, site_iris(cv, base))
    assert render_index(cv, site_iris(cv, base)) == html
    scripts = lxml.html.document_fromstring(html).xpath("//script")
    assert [json.loads(s.text) for s in scripts] == [build_jsonld(cv, profile="web", base=base)]


@settings(max_examples=examples(60))
@given(cv_documents(max_items=3))
def test_every_orcid_document_is_valid_against_orcids_xsds_and_stable(doc):
    from cvld.orcid.check import validate_xsd
    from cvld.orcid.write import files

    xsd = shared_path("orcid")
    cv = _load(doc)
    output = files(cv, Report())
    assert files(_load(doc), Report()) == output
    for name, content in output.items():
        if name.endswith(".xml"):
            assert validate_xsd(content, xsd) == [], name
    assert [str(d) for d in _orcid_errors(cv)] == []


def _orcid_errors(cv):
    from cvld.orcid.check import check

    return [d for d in check(cv) if d.is_error]


@settings(max_examples=examples(30))
@given(cv_documents(max_authors=30, max_items=3))
def test_full_jsonld_and_turtle_are_one_graph_and_shacl_conforms(doc):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from cvld.jsonld.write import build_jsonld
    from cvld.jsonld.context import to_graph
    from cvld.rdf.build import build_graph
    from cvld.rdf.check import validate

    cv = _load(doc)
    graph = build_graph([cv], vocab="schema")
    turtle = graph.serialize("turtle")
    assert build_graph([_load(doc)], vocab="schema").serialize("turtle") == turtle
    from_turtle = Graph().parse(data=turtle, format="turtle")
    from_jsonld = to_graph(build_jsonld(cv, profile="full"))
    assert isomorphic(from_turtle, from_jsonld)
    assert Graph().parse(data=graph.serialize("ntriples"), format="nt") is not None
    assert [str(d) for d in validate(graph, "schema") if d.is_error] == []
    assert [str(d) for d in validate(build_graph([cv], vocab="vivo"), "vivo") if d.is_error] == []



def test_vivo_graph_of_a_book_chapter_conforms(tmp_path):
    from cvld.rdf.build import build_graph
    from cvld.rdf.check import validate

    doc = {"person": {"key": "ada", "name": "Ada"},
           "works": [{"key": "w", "type": "book-chapter", "title": "T", "authors": ["ada"], "date": 1950,
                      "venue": {"name": "The Book"}}]}
    cv = load_cv(write_cv(doc, tmp_path))
    assert validate(build_graph([cv], vocab="vivo"), "vivo") == []

"""The fast reader of cvld's own JSON-LD gives exactly the triples pyoxigraph's JSON-LD parser gives."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings

from cvld.jsonld.write import build_jsonld
from cvld.jsonld.context import inline_contexts
from cvld.source.load import load_cv
from cvld.rdf.jsonld_triples import document_triples, literal
from cvld.rdf.schemaorg import _blank_labels, _blank_neighbours, _holders_first, _walked_labels
from conftest import DATA_DIR
from strategies import cv_documents, write_cv
from test_scale import _bench_module


def _document(cv) -> dict:
    document = build_jsonld(cv, profile="full")
    document["@context"] = inline_contexts({"@context": document["@context"]})["@context"]
    return document


def _pyoxigraph(document: dict) -> list[tuple[str, str, str]]:
    return [(str(q.subject), str(q.predicate), str(q.object))
            for q in ox.parse(json.dumps(document), format=ox.RdfFormat.JSON_LD)]


def _labelled(triples) -> list[str]:
    """The triples with blank nodes named by what holds them and what they hold (as the graph names them)."""
    labels = _blank_labels(triples)
    return sorted(f"{labels.get(s, s)} {p} {labels.get(o, o)} ." for s, p, o in triples)


def _assert_same_triples(document: dict) -> None:
    fast = document_triples(document)
    assert fast is not None, "the fast reader fell back on a document cvld wrote"
    assert len(fast) == len(_pyoxigraph(document))
    assert _labelled(fast) == _labelled(_pyoxigraph(document))


def test_the_example_cv_gives_pyoxigraphs_triples():
    _assert_same_triples(_document(load_cv(DATA_DIR / "lei-wu.yaml")))


def test_a_generated_department_gives_pyoxigraphs_triples(tmp_path):
    generate = _bench_module("generate")
    generate.write(generate.generate(3, 12, seed=11), tmp_path, "yaml")
    for path in sorted(tmp_path.iterdir()):
        _assert_same_triples(_document(load_cv(path)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cv_documents(max_authors=12, max_items=3))
def test_any_valid_cv_gives_pyoxigraphs_triples(doc):
    with tempfile.TemporaryDirectory() as folder:
        cv = load_cv(write_cv(doc, Path(folder)))
    _assert_same_triples(_document(cv))


CONTEXT = {"@vocab": "http://schema.org/", "schema": "http://schema.org/", "ex": "https://ex.org/ns#",
           "url": {"@id": "schema:url", "@type": "@id"}, "startDate": {"@id": "schema:startDate", "@type": "Date"},
           "type": "@type", "id": "@id"}


@pytest.mark.parametrize("node", [
    {"@id": "https://ex.org/a", "name": "A", "url": "ex:page", "startDate": "2020-01", "ex:count": 3,
     "ex:open": True, "type": ["Person", "ex:Researcher"]},
    {"id": "https://ex.org/a", "author": {"@list": [{"name": "x"}, {"@id": "https://ex.org/b"}, "text"]}},
    {"@id": "https://ex.org/a", "author": {"@list": []}, "name": [None, "kept"], "description": {"@value": "v"}},
    {"@id": "https://ex.org/a", "knows": [{"name": "one"}, {"name": "one"}], "url": "mailto:a@ex.org"},
    {"@id": "https://ex.org/a", "name": {"@value": "typed", "@type": "ex:T"}},
])
def test_the_json_ld_it_reads_gives_pyoxigraphs_triples(node):
    _assert_same_triples({"@context": CONTEXT, "@graph": [node]})


@pytest.mark.parametrize("node", [
    {"@id": "https://ex.org/a", "ex:ratio": 0.5},  # a double's canonical form
    {"@id": "https://ex.org/a", "name": {"@value": "x", "@language": "en"}},
    {"@id": "relative", "name": "x"},
    {"@id": "_:b0", "name": "x"},
    {"@id": "https://ex.org/a", "@context": {"name": "ex:name"}, "name": "x"},
    {"@id": "https://ex.org/a", "@reverse": {"knows": {"@id": "https://ex.org/b"}}},
    {"@id": "https://ex.org/a", "url": "https://ex.org/with space"},
    {"@id": "https://ex.org/a", "startDate": 2020},
])
def test_json_ld_beyond_what_it_reads_is_left_to_the_full_parser(node):
    assert document_triples({"@context": CONTEXT, "@graph": [node]}) is None


def test_a_context_it_does_not_read_is_left_to_the_full_parser():
    assert document_triples({"@context": {"@base": "https://ex.org/"}, "@graph": []}) is None
    assert document_triples({"@context": "https://schema.org", "@graph": []}) is None
    assert document_triples({"@context": CONTEXT, "@id": "https://ex.org/g", "@graph": []}) is None


def test_literals_are_escaped_as_pyoxigraph_writes_them():
    characters = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c <= 0xDFFF) + "\U0001F600\ufeff\u2028"
    for start in range(0, len(characters), 64):
        text = characters[start:start + 64]
        assert literal(text) == str(ox.Literal(text))


def test_the_labels_of_a_forest_of_blank_nodes_are_those_the_walk_gives(tmp_path):
    """A JSON-LD tree's blank nodes form a forest: labelled in one pass, holders first, they get the
    labels the general walk gives (which handles nodes held twice and cycles)."""
    generate = _bench_module("generate")
    generate.write(generate.generate(2, 15, seed=5), tmp_path, "yaml")
    documents = [_document(load_cv(path)) for path in [DATA_DIR / "lei-wu.yaml", *sorted(tmp_path.iterdir())]]
    for document in documents:
        triples = document_triples(document)
        outgoing, incoming = _blank_neighbours(triples)
        assert _holders_first(set(outgoing) | set(incoming), incoming) is not None
        labels = _blank_labels(triples)
        assert len(labels) > 20 and labels == _walked_labels(outgoing, incoming)


@pytest.mark.parametrize("triples", [
    [("<https://ex.org/a>", "<p>", "_:x"), ("<https://ex.org/b>", "<p>", "_:x"), ("_:x", "<q>", '"v"')],
    [("_:x", "<p>", "_:y"), ("_:y", "<p>", "_:x"), ("<https://ex.org/a>", "<p>", "_:z"), ("_:z", "<q>", '"v"')],
], ids=["held-twice", "cycle"])
def test_blank_nodes_that_are_not_a_forest_are_labelled_by_the_walk(triples):
    outgoing, incoming = _blank_neighbours(triples)
    assert _holders_first(set(outgoing) | set(incoming), incoming) is None
    labels = _blank_labels(triples)
    assert labels == _walked_labels(outgoing, incoming)
    assert sorted(labels) == sorted({t for s, _, o in triples for t in (s, o) if t.startswith("_:")})
    assert len(set(labels.values())) == len(labels)

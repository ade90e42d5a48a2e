"""The schema.org triples by the tree route (the document read as a tree, dropped descriptions and blank
labels in one pass each way) are the reference route's (read as a list, the general steps), line for line,
shared line for shared line, origin for origin: on every CV the project ships or tests with, alone and in
departments (where other members' descriptions are dropped), and on any valid CV."""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from cvld.core.diagnostics import CVInputError, Report, UsageError
from cvld.jsonld.context import inline_contexts
from cvld.jsonld.write import build_jsonld
from cvld.model.iris import Iris
from cvld.rdf import schemaorg
from cvld.rdf.build import members_for
from cvld.rdf.jsonld_triples import document_tree, document_triples
from cvld.source.load import load_cv
from cvld.source.starter import render_starter
from conftest import DATA_DIR
from strategies import cv_documents, write_cv
from test_scale import _bench_module

TESTS = Path(__file__).resolve().parent
BASE = "https://kg.example.edu/"


def _loadable(paths) -> list:
    cvs = []
    for path in paths:
        try:
            cvs.append(load_cv(path, Report()))
        except (CVInputError, UsageError):
            continue  # an input refused (the adversarial corpus, the people file): no triples to compare
    return cvs


def _assert_same(members) -> tuple[int, int]:
    """Both routes agree on each member; how many of them had a description dropped, how many blank nodes."""
    dropped = blank = 0
    for member in members:
        reference = schemaorg.schema_triples(member, fast=False)
        fast = schemaorg.schema_triples(member)
        assert fast.lines == reference.lines, member.cv.source
        assert fast.shared == reference.shared, member.cv.source
        assert fast.origins == reference.origins, member.cv.source
        blank += any(line.startswith("_:b") for line in fast.lines)  # blank nodes were labelled
        cv = member.cv
        dropped += any(not member.describes_work(w.key) for w in cv.works) or any(
            not member.describes_person(k) for k in cv.people)
    return dropped, blank


def _alone(cvs) -> int:
    """Both routes agree on each CV alone and as the one member of a department; how many had blank nodes."""
    blank = 0
    for cv in cvs:
        blank += _assert_same(members_for([cv], None, None, Report()))[1]
        blank += _assert_same(members_for([cv], BASE, None, Report()))[1]
    return blank


def test_the_shipped_and_test_cvs_alone():
    cvs = _loadable([*sorted(DATA_DIR.glob("*.yaml")), *sorted((TESTS / "data").rglob("*.yaml")),
                     *sorted((TESTS / "data").rglob("*.json"))])
    assert len(cvs) >= 10
    assert _alone(cvs) == 2 * len(cvs)


def test_the_adversarial_cvs_that_load_alone():
    cvs = _loadable(sorted(p for p in (TESTS / "adversarial").iterdir() if p.suffix in (".yaml", ".json")))
    assert len(cvs) >= 10
    assert _alone(cvs) >= 10


def test_the_starter_cv(tmp_path):
    path = tmp_path / "ada.yaml"
    path.write_text(render_starter("Ada Lovelace"), encoding="utf-8")
    assert _alone(_loadable([path])) == 2


@pytest.mark.parametrize("folder", ["department", "department2"])
def test_the_test_departments_with_dropped_descriptions(folder):
    cvs = _loadable(sorted((TESTS / "data" / folder).glob("*.yaml")))
    dropped, blank = _assert_same(members_for(cvs, BASE, None, Report()))
    assert dropped >= 1 and blank == len(cvs)


def test_a_generated_department_with_shared_works_and_people(tmp_path):
    generate = _bench_module("generate")
    generate.write(generate.generate(6, 15, seed=3), tmp_path, "yaml")
    cvs = _loadable(sorted(tmp_path.iterdir()))
    members = members_for(cvs, BASE, None, Report())
    assert any(not m.describes_work(w.key) for m in members for w in m.cv.works)  # a shared paper is dropped
    assert _assert_same(members) == (len(members), len(members))
    _alone(cvs[:2])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cv_documents(max_authors=8, max_items=3))
def test_any_valid_cv(doc):
    with tempfile.TemporaryDirectory() as folder:
        cv = load_cv(write_cv(doc, Path(folder)))
    _alone([cv])


def test_each_blank_node_of_the_tree_comes_after_the_one_holding_it():
    """What the tree route's one pass each way relies on; and the tree holds the list route's triples (a named
    node of text values written again as it was, a co-author in each author list, read once)."""
    cv = load_cv(DATA_DIR / "lei-wu.yaml")
    document = build_jsonld(cv, profile="full")
    document["@context"] = inline_contexts({"@context": document["@context"]})["@context"]
    tree = document_tree(document)
    triples = tree.triples()
    held = [o for _, _, o in triples if o.__class__ is int]
    assert len(held) == len(set(held)) and len(tree.holder) >= len(held) > 50  # a forest: each held once
    assert all(s < o for s, _, o in triples if s.__class__ is int and o.__class__ is int)
    assert all(tree.holder[o] == t for t in triples for o in t[2:] if o.__class__ is int)
    assert all(t[0] == node for node, found in enumerate(tree.outgoing) for t in found)
    assert all(t[0].__class__ is str for t in tree.named)
    named = [t for t in triples if not any(x.__class__ is int for x in t)]
    listed = document_triples(document)
    listed_named = [t for t in listed if not any(x.startswith("_:") for x in t)]
    assert set(named) == set(listed_named) and len(named) < len(listed_named)  # the same, some read once
    assert len([t for t in triples if t[0].__class__ is int]) == len([t for t in listed if t[0].startswith("_:")])
    owner = f"<{Iris.for_cv(cv).owner()}>"
    # the owner's name: in the profile's description, and once for every author list naming the owner
    assert len([t for t in tree.named if t[0] == owner and t[1] == "<http://schema.org/name>"]) == 2
    assert len([t for t in listed if t[0] == owner and t[1] == "<http://schema.org/name>"]) > 10


def test_a_document_beyond_the_tree_reader_takes_the_reference_route(monkeypatch):
    members = members_for([load_cv(DATA_DIR / "lei-wu.yaml")], None, None, Report())
    fast = schemaorg.schema_triples(members[0])
    monkeypatch.setattr(schemaorg, "document_tree", lambda *arguments: None)
    assert schemaorg.schema_triples(members[0]).lines == fast.lines
    assert isinstance(members[0].iris, Iris)


def test_a_work_whose_page_folder_is_not_its_key_is_named_in_a_department(tmp_path):
    """A key ending in a dot gets a hashed page folder (cvld.model.iris.paper_folder): the work is still
    renamed into the department's scheme by its key (it was a KeyError on the folder's name)."""
    path = tmp_path / "lei-wu.yaml"
    path.write_text((DATA_DIR / "lei-wu.yaml").read_text(encoding="utf-8").replace("e2020towards", "e2020towards."),
                    encoding="utf-8")
    members = members_for([load_cv(path)], BASE, None, Report())
    assert _assert_same(members) == (0, 1)
    lines = schemaorg.schema_triples(members[0]).lines
    work = f"<{members[0].iris.work('e2020towards.')}>"
    assert any(line.startswith(f"{work} <http://schema.org/name> ") for line in lines)
    assert not any("papers/" in line and "#work>" in line for line in lines)


_CONTEXT = {"@vocab": "http://schema.org/", "schema": "http://schema.org/", "url": {"@id": "schema:url", "@type": "@id"}}


def _dropped_document(base: str) -> tuple[dict, set[str]]:
    """Two dropped works: one holding named nodes (in its author list, its venue, the grant funding it) and
    blank ones, one whose funding is a blank node; a node kept that names a dropped work."""
    work, other, person = base + "work/w1", base + "work/w2", base + "person/p1"
    document = {"@context": _CONTEXT, "@graph": [
        {"@id": work, "@type": "ScholarlyArticle", "name": "Dropped",
         "author": {"@list": [{"@type": "Role", "author": {"@id": person, "@type": "Person", "name": "P One"}},
                              {"@type": "Role", "author": {"name": "No One"}}]},
         "identifier": [{"@type": "PropertyValue", "value": "x"}], "url": "https://ex.org/w1",
         "isPartOf": {"@type": "PublicationVolume", "isPartOf": {"@id": base + "periodical/j", "name": "J"}},
         "funding": [{"@id": base + "grant/g1", "@type": "Grant", "name": "G",
                      "funder": {"@id": base + "org/f", "name": "F"}}, {"@id": base + "grant/g2"}]},
        {"@id": other, "name": "Dropped, funded by a blank node", "funding": {"@type": "Grant", "name": "anonymous"}},
        {"@id": person, "name": "P One", "knows": {"@type": "Role", "knows": {"@id": work, "name": "again"}}},
    ]}
    return document, {f"<{work}>", f"<{other}>"}


def test_a_dropped_description_is_read_for_the_named_nodes_it_holds_only():
    """The tree route does not read a dropped description's blank nodes (the reference route reads them and
    drops them after), but reads the named nodes they hold, and its funding; the same lines either way."""
    iris = members_for([load_cv(DATA_DIR / "lei-wu.yaml")], BASE, None, Report())[0].iris
    document, dropped = _dropped_document(iris.base)
    tree = document_tree(document, None, dropped, schemaorg.FUNDING)
    fast, subjects = schemaorg._tree_triples(tree, dropped, iris)
    reference, listed_subjects = schemaorg._listed_triples(document, lambda value: value, dropped, iris)
    assert fast.lines == reference.lines and fast.shared == reference.shared
    assert subjects == {s for s in listed_subjects if not s.startswith("_:")}  # the named ones: whose origins count
    assert len(tree.holder) == 2  # the blank funding of the second work (read whole) and the kept Role
    assert f'<{iris.base}person/p1> <http://schema.org/name> "P One" .' in fast.lines
    assert f'<{iris.base}periodical/j> <http://schema.org/name> "J" .' in fast.lines
    assert f'<{iris.base}work/w1> <http://schema.org/funding> <{iris.base}grant/g2> .' in fast.lines
    assert not any('"Dropped' in line or '"No One"' in line or '"x"' in line for line in fast.lines)
    assert sum(f"<{iris.base}work/w2> <http://schema.org/funding> _:b" in line for line in fast.lines) == 1


def test_the_origins_are_found_when_read_and_kept_when_pickled():
    member = members_for([load_cv(DATA_DIR / "lei-wu.yaml")], BASE, None, Report())[0]
    triples = schemaorg.schema_triples(member)
    copy = pickle.loads(pickle.dumps(triples))
    assert copy.origins == triples.origins == schemaorg.schema_triples(member, fast=False).origins
    assert len(triples.origins) > 20 and copy.lines == triples.lines and copy.shared == triples.shared

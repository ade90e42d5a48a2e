"""No recursion over user-controlled depth: a work with 500 authors (an RDF list of 500 blank
nodes) goes through check, graph and build, with every author in order."""

from __future__ import annotations

import sys

import pytest

from cvld.api import build_graph_files, check_files
from cvld.cli.main import main

AUTHORS = 500


@pytest.fixture(scope="module")
def many_authors(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    people = ", ".join(f"{{person: {{name: Author Number{i}}}}}" for i in range(AUTHORS))
    path = folder / "many.yaml"
    path.write_text("person: {key: ada, name: Ada Lovelace, homepage: 'https://example.org/ada/'}\n"
                    f"works:\n  - {{key: w, type: journal-article, title: Many, authors: [ada, {people}], date: 2020}}\n",
                    encoding="utf-8")
    return path


def test_check_takes_a_work_with_500_authors(many_authors):
    assert sys.getrecursionlimit() <= 1000 + 100  # Python's default (pytest's own frames aside): not raised for cvld
    report, cvs, unreadable = check_files([many_authors])
    assert not report.errors and not unreadable and len(cvs[0].works[0].authors) == AUTHORS + 1


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_the_graph_keeps_500_authors_in_order(many_authors, vocab):
    graph = build_graph_files([many_authors], vocab=vocab).rdflib()
    names = {str(o) for o in graph.objects() if str(o).startswith("Author Number")}
    assert names == {f"Author Number{i}" for i in range(AUTHORS)}
    if vocab == "schema":
        from rdflib import URIRef
        from rdflib.collection import Collection

        work = URIRef("https://example.org/ada/papers/w/#work")
        head = graph.value(work, URIRef("http://schema.org/author"))
        order = [str(graph.value(role, URIRef("http://schema.org/author")) or role) for role in Collection(graph, head)]
        named = [str(graph.value(URIRef(p), URIRef("http://schema.org/name"))) for p in order[1:]]
        assert named == [f"Author Number{i}" for i in range(AUTHORS)]


def test_build_and_graph_commands_take_500_authors(many_authors, tmp_path, capsys):
    assert main(["build", str(many_authors), "-o", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    assert main(["graph", str(many_authors), "--format", "ntriples", "-o", str(tmp_path / "g.nt")]) == 0
    assert "RecursionError" not in capsys.readouterr().err


def test_a_bio_past_libxml2s_text_limit_checks_clean(tmp_path):
    """11 MB of bio: over libxml2's 10 MB text-node limit, which the page read-back must not trip on
    (and the SHACL graph is parsed linearly; the time is measured in bench/run.py, not here)."""
    words = "lorem ipsum dolor sit amet "
    bio = (words * (11 * 1024 * 1024 // len(words) + 1))[: 11 * 1024 * 1024].strip()
    path = tmp_path / "long.yaml"
    path.write_text(f"person:\n  key: ada\n  name: Ada Lovelace\n  homepage: https://example.org/ada/\n  bio: {bio}\n",
                    encoding="utf-8")
    report, cvs, unreadable = check_files([path])
    assert report.errors == [] and not unreadable and cvs[0].owner.bio == bio

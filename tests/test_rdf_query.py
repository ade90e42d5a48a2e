"""cvld query: named questions (.rq files) in table, CSV and JSON, from RDF files or straight from CVs."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from cvld.cli.main import main
from cvld.rdf.build import build_graph
from cvld.rdf.store import QUERIES_DIR, Answer, ask_store, named_query, named_questions, store_for_graph
from conftest import SEED_CV


def test_named_questions_ship_as_files_for_both_vocabularies():
    assert named_questions() == ["authors", "coauthors", "grants", "supervision", "talks", "teaching", "works-by-year"]
    for name in named_questions():
        for vocab in ("schema", "vivo"):
            assert (QUERIES_DIR / f"{name}.{vocab}.rq").read_text().lstrip().startswith("#")


def test_works_by_year_table(lei_wu, capsys):
    assert main(["query", str(SEED_CV), "--vocab", "vivo", "--named", "works-by-year"]) == 0
    years = sorted(Counter(w.date.year for w in lei_wu.works).items())
    assert capsys.readouterr().out == "year  works\n----  -----\n" + "".join(
        f"{y}  {n:<5}".rstrip() + "\n" for y, n in years) + f"({len(years)} rows)\n"


@pytest.mark.parametrize("name", ["works-by-year", "teaching", "talks", "coauthors", "authors"])
def test_both_profiles_answer_the_same(lei_wu, name):
    answers = {}
    for vocab in ("schema", "vivo"):
        store = store_for_graph(build_graph([lei_wu], vocab=vocab, base="https://kg.example.edu/"))
        answers[vocab] = ask_store(store, named_query(name, vocab))
    schema, vivo = answers["schema"], answers["vivo"]
    assert schema.columns == vivo.columns
    assert len(schema.rows) == len(vivo.rows) > 0
    if name in ("works-by-year", "coauthors", "authors"):
        assert schema.values() == vivo.values()
    if name == "teaching":
        assert [r[:2] for r in schema.values()] == [r[:2] for r in vivo.values()]
        assert len(schema.rows) == len(lei_wu.teaching)
    if name == "talks":
        assert len(schema.rows) == sum(len(t.given) for t in lei_wu.talks)


def test_csv_and_json_of_a_turtle_file(tmp_path, capsys, lei_wu):
    out = tmp_path / "g.ttl"
    assert main(["graph", str(SEED_CV), "--vocab", "vivo", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["query", str(out), "--named", "talks", "-f", "csv"]) == 0  # the vocabulary is found in the graph
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["person", "title", "event", "date"] and len(rows) == 6
    assert rows[1] == ["Lei Wu", "Understanding flow-based models: the representation, landscape and gradient flow",
                       "One World ML Seminar", "2020-08-01T00:00:00"]
    sparql = "PREFIX vivo: <http://vivoweb.org/ontology/core#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a vivo:Authorship }"
    assert main(["query", str(out), sparql, "-f", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["head"]["vars"] == ["n"]
    assert answer["results"]["bindings"][0]["n"]["value"] == str(sum(len(w.authors) for w in lei_wu.works))
    assert main(["query", str(out), "ASK { ?s ?p ?o }"]) == 0
    assert capsys.readouterr().out == "true\n"


def test_query_mistakes_are_usage_errors(tmp_path, capsys):
    assert main(["query", str(SEED_CV), "--named", "patents"]) == 2
    assert "no named question 'patents' for the schema vocabulary (known: authors, coauthors" in capsys.readouterr().err
    assert main(["query", str(SEED_CV), "SELEC nothing"]) == 2
    assert "query: " in capsys.readouterr().err
    assert main(["query", "--endpoint", "http://127.0.0.1:9/query", "--named", "talks"]) == 2
    assert "--named with --endpoint needs --vocab" in capsys.readouterr().err


def test_answers_render_absent_values_as_empty():
    answer = Answer.from_json({"head": {"vars": ["a", "b"]},
                               "results": {"bindings": [{"a": {"type": "literal", "value": "x"}}]}})
    assert answer.render("csv") == "a,b\nx,\n"
    assert answer.render("table") == "a  b\n-  -\nx\n(1 row)\n"


def test_the_full_jsonld_file_answers_as_the_turtle(tmp_path, capsys):
    jsonld, turtle = tmp_path / "lei-wu.jsonld", tmp_path / "lei-wu.ttl"
    assert main(["jsonld", "--profile", "full", str(SEED_CV), "-o", str(jsonld)]) == 0
    assert main(["graph", str(SEED_CV), "-o", str(turtle)]) == 0
    capsys.readouterr()
    for name in named_questions():
        answers = []
        for path in (jsonld, turtle):
            assert main(["query", str(path), "--named", name, "-f", "json"]) == 0
            answers.append(capsys.readouterr().out)
        assert answers[0] == answers[1], name

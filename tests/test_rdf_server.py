"""cvld push and cvld query against a real Oxigraph server, and the same answers from the embedded store."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from cvld.cli.main import main
from cvld.core.diagnostics import RemoteError, Report, UsageError
from cvld.rdf.build import build_files
from cvld.rdf.push import auth_from_env, push_graph
from cvld.rdf.store import ask_endpoint, ask_store, named_query, named_questions, store_for_graph
from conftest import DATA_DIR

DEPARTMENT = DATA_DIR.parent / "tests" / "data" / "department"
PEOPLE = DATA_DIR.parent / "tests" / "data" / "people.yaml"
BASE = "https://kg.example.edu/"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server on a free loopback port, stopped by its process id."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is absent (pip install oxigraph, in the test extra)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--location", str(location),
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.1)
    yield url
    os.kill(process.pid, 15)
    process.wait(timeout=10)


def _department(vocab):
    return build_files([DEPARTMENT], vocab=vocab, base=BASE, people_file=PEOPLE, report=Report())


@pytest.mark.parametrize("vocab", ["vivo", "schema"])
def test_pushed_department_answers_as_the_embedded_store(oxigraph, vocab):
    graph = _department(vocab)
    pushed = push_graph(graph, f"{oxigraph}/store")
    assert [p.graph for p in pushed] == [f"{BASE}person/{k}/graph" for k in ("chao-ma", "huan-lei", "lei-wu")]
    local = store_for_graph(graph)
    for name in named_questions():
        query = named_query(name, vocab)
        remote_answer = ask_endpoint(f"{oxigraph}/query", query)
        assert remote_answer == ask_store(local, query), name
        assert remote_answer.rows, name
    # a second push replaces each person's graph: nothing is duplicated, nothing of the other vocabulary is left
    expected = sum(len(part.lines) for part in graph.people)
    for _ in range(2):
        push_graph(graph, f"{oxigraph}/store")
        assert ask_endpoint(f"{oxigraph}/query", COUNT_QUADS).values() == [(str(expected),)]


def test_cli_push_then_query_gives_the_embedded_answer(oxigraph, capsys):
    options = ["--base", BASE, "--people", str(PEOPLE), "--vocab", "vivo"]
    assert main(["push", str(DEPARTMENT), "--endpoint", f"{oxigraph}/store", *options]) == 0
    err = capsys.readouterr().err
    assert f"{DEPARTMENT}/lei-wu.yaml: " in err and f"triples into <{BASE}person/lei-wu/graph> (HTTP " in err
    answers = {}
    for fmt in ("json", "csv", "table"):
        assert main(["query", "--endpoint", f"{oxigraph}/query", "--vocab", "vivo", "--named", "coauthors",
                     "-f", fmt]) == 0
        answers[fmt] = capsys.readouterr().out
        assert main(["query", str(DEPARTMENT), *options, "--named", "coauthors", "-f", fmt]) == 0
        assert capsys.readouterr().out == answers[fmt], fmt
    # Chao Ma and Lei Wu share three works: one by DOI, one by arXiv id, and the one of the two look-alikes
    assert "Chao Ma,Lei Wu,3\n" in answers["csv"] and "Lei Wu,Huan Lei,1\n" in answers["csv"]
    first = json.loads(answers["json"])["results"]["bindings"][0]
    assert first["person"] == {"type": "literal", "value": "Chao Ma"}


# --- push --prune and --dry-run: the server mirrors the department ------------------------------

DEPARTMENT2 = DATA_DIR.parent / "tests" / "data" / "department2"
BASE2 = "https://kg2.example.edu/"
FOREIGN = "https://elsewhere.example.org/graph"


def _sparql_update(oxigraph, text):
    from cvld.core.http import http_request

    status, _ = http_request("POST", f"{oxigraph}/update", text.encode(), {"Content-Type": "application/sparql-update"})
    assert status in (200, 204), status


def _graphs(oxigraph) -> set[str]:
    rows = ask_endpoint(f"{oxigraph}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values()
    return {g for (g,) in rows}


@pytest.mark.parametrize("vocab", ["vivo", "schema"])
def test_prune_removes_exactly_the_departed_members_graph_and_rehomes_its_works(oxigraph, tmp_path, capsys, vocab):
    _sparql_update(oxigraph, "DROP ALL")
    # graphs cvld must never touch: one without its mark, one it pushed for another department
    _sparql_update(oxigraph, f"INSERT DATA {{ GRAPH <{FOREIGN}> {{ <urn:x:a> <urn:x:p> \"kept\" }} "
                   f"GRAPH <{BASE}person/someone/graph> {{ <{BASE}person/someone/graph> "
                   f"<https://w3id.org/cvld/ns#pushedFor> <{BASE}> }} }}")
    store, query = f"{oxigraph}/store", f"{oxigraph}/query"
    options = ["--base", BASE2, "--vocab", vocab, "--endpoint", store, "--query-endpoint", query]
    members = [f"{BASE2}person/{k}/graph" for k in ("ana-silva", "ben-okafor", "carla-diaz", "dev-patel", "fay-wong")]
    assert main(["push", str(DEPARTMENT2), *options, "--prune", "--dry-run"]) == 0
    assert [line.split(" ")[:2] for line in capsys.readouterr().out.splitlines()] == [["+", f"<{m}>"] for m in members]
    assert main(["push", str(DEPARTMENT2), *options, "--prune"]) == 0
    assert _graphs(oxigraph) == {FOREIGN, f"{BASE}person/someone/graph", *members}
    capsys.readouterr()

    remaining = tmp_path / "department"
    shutil.copytree(DEPARTMENT2, remaining)
    (remaining / "ana-silva.yaml").unlink()  # Ana Silva described the paper she shares with Ben and Carla
    before = ask_endpoint(query, COUNT_QUADS).values()
    assert main(["push", str(remaining), *options, "--prune", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    # a graph whose content is the same without Ana Silva is not sent again (=), the others are (~)
    whole = {p.name: p.lines for p in build_files([DEPARTMENT2], vocab=vocab, base=BASE2, report=Report()).people}
    left = {p.name: p.lines for p in build_files([remaining], vocab=vocab, base=BASE2, report=Report()).people}
    assert [line.split(" ")[:2] for line in out] == [
        ["=" if whole[m] == left[m] else "~", f"<{m}>"] for m in members[1:]] + [["-", f"<{members[0]}>"]]
    assert {whole[m] == left[m] for m in members[1:]} == {True, False}  # some graphs change (Ben's takes the paper)
    assert out[-1] == f"- <{members[0]}> (no CV given)"
    assert ask_endpoint(query, COUNT_QUADS).values() == before  # a dry run sends nothing

    assert main(["push", str(remaining), *options, "--prune"]) == 0
    err = capsys.readouterr().err
    assert f"deleted <{members[0]}> (HTTP 204)" in err
    assert _graphs(oxigraph) == {FOREIGN, f"{BASE}person/someone/graph", *members[1:]}
    fresh = build_files([remaining], vocab=vocab, base=BASE2, report=Report())
    for part in fresh.people:
        sent = f"{part.source}: {len(part.lines)} triples into <{part.name}> (HTTP 204)\n"
        kept = f"{part.source}: {len(part.lines)} triples, unchanged in <{part.name}>: not sent\n"
        assert (kept if whole[part.name] == left[part.name] else sent) in err
    local = store_for_graph(fresh)
    for name in named_questions():
        question = named_query(name, vocab)
        assert ask_endpoint(query, question) == ask_store(local, question), name
    # every triple of a fresh build is there once, with one mark and one digest per graph, beside the two
    # foreign graphs
    assert ask_endpoint(query, COUNT_QUADS).values() == [(str(sum(len(p.lines) for p in fresh.people) + 8 + 2),)]
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    counts = {g: int(n) for g, n in ask_endpoint(query, per_graph).values() if g.startswith(BASE2)}
    assert counts == {p.name: len(p.lines) + 2 for p in fresh.people}  # each graph exactly as a fresh build's
    # re-homed: the paper Ana Silva described is now described (under Ben Okafor's key) in his graph,
    # with the DOI only Carla Diaz's CV states
    title = "<http://schema.org/name>" if vocab == "schema" else "<http://www.w3.org/2000/01/rdf-schema#label>"
    rows = ask_endpoint(query, f'SELECT ?g ?w WHERE {{ GRAPH ?g {{ ?w {title} "Flows on graphs" }} }}').values()
    assert rows == [(members[1], f"{BASE2}work/okafor-flows")]
    doi = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{BASE2}work/okafor-flows> ?p ?o FILTER(CONTAINS(STR(?o), "10.5555/FLOWS")) }} }}'
    assert ask_endpoint(query, doi).values() == [(members[1],)]


def test_push_sends_only_the_graphs_whose_content_changed(oxigraph, tmp_path, capsys):
    _sparql_update(oxigraph, "DROP ALL")
    department = tmp_path / "department"
    shutil.copytree(DEPARTMENT2, department)
    store, query = f"{oxigraph}/store", f"{oxigraph}/query"
    options = ["--base", BASE2, "--endpoint", store, "--query-endpoint", query, "--cache", str(tmp_path / "cache")]
    members = [f"{BASE2}person/{k}/graph" for k in ("ana-silva", "ben-okafor", "carla-diaz", "dev-patel", "fay-wong")]

    def plan() -> list[str]:
        assert main(["push", str(department), *options, "--dry-run"]) == 0
        return [line.split(" ")[0] for line in capsys.readouterr().out.splitlines()]

    assert main(["push", str(department), *options]) == 0
    capsys.readouterr()
    assert plan() == ["="] * 5
    # a graph changed by hand on the server is not sent again while its CV is unchanged ...
    fay = f"{BASE2}person/fay-wong/graph"
    _sparql_update(oxigraph, f"DELETE WHERE {{ GRAPH <{fay}> {{ ?s <http://schema.org/name> ?o }} }}")
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    tampered = dict(ask_endpoint(query, per_graph).values())
    assert main(["push", str(department), *options]) == 0
    err = capsys.readouterr().err
    assert err.count(": not sent\n") == 5 and "(HTTP " not in err
    assert dict(ask_endpoint(query, per_graph).values()) == tampered

    # a co-author's new ORCID iD in Ana Silva's CV changes only the graph of the member whose CV
    # describes Gus Moreau (Ana lists him without naming him in a record)
    (holder,) = [p.name for p in build_files([department], base=BASE2, report=Report()).people
                 if any("0000-0002-6666-6660" in line for line in p.lines)]
    assert holder != members[0]
    cv = department / "ana-silva.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("0000-0002-6666-6660", "0000-0002-9999-9998"),
                  encoding="utf-8")
    assert plan() == ["~" if m == holder else "=" for m in members]
    assert main(["push", str(department), *options]) == 0
    err = capsys.readouterr().err
    assert err.count(": not sent\n") == 4 and f"triples into <{holder}> (HTTP 204)" in err
    rows = ask_endpoint(query, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p <https://orcid.org/0000-0002-9999-9998> } }")
    assert rows.values() == [(holder,)]

    # ... and without the cache every graph is sent again: the server then holds a fresh build exactly
    uncached = [*options[:-2], "--no-cache"]
    assert main(["push", str(department), *uncached, "--dry-run"]) == 0
    assert [line.split(" ")[0] for line in capsys.readouterr().out.splitlines()] == ["~"] * 5
    assert main(["push", str(department), *uncached]) == 0
    assert capsys.readouterr().err.count(" (HTTP 204)\n") == 5
    fresh = build_files([department], base=BASE2, report=Report())
    counts = {g: int(n) for g, n in ask_endpoint(query, per_graph).values()}
    assert counts == {p.name: len(p.lines) + 2 for p in fresh.people}
    assert plan() == ["="] * 5


def test_prune_needs_a_base_and_the_query_endpoint(capsys):
    assert main(["push", str(DEPARTMENT2), "--endpoint", "http://127.0.0.1:9/store", "--prune"]) == 2
    assert "push: --prune and --dry-run need --base and --query-endpoint" in capsys.readouterr().err


# --- authentication, without a real server ---------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []
    status = 204

    def do_PUT(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length", 0))
        type(self).seen.append((self.path, self.headers.get("Authorization"), self.headers.get("Content-Type"),
                                self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def recorder():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.seen, _Recorder.status = [], 204
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()
    server.server_close()


def test_bearer_and_basic_credentials_come_from_the_environment(recorder, monkeypatch, lei_wu):
    from cvld.rdf.build import build_graph

    graph = build_graph([lei_wu], vocab="vivo")
    monkeypatch.setenv("CVLD_TEST_TOKEN", "s3cret")
    push_graph(graph, recorder, auth_from_env(token_var="CVLD_TEST_TOKEN"))
    monkeypatch.setenv("CVLD_TEST_USER", "ada")
    monkeypatch.setenv("CVLD_TEST_PASSWORD", "pw:1")
    assert main(["push", str(DATA_DIR / "lei-wu.yaml"), "--vocab", "vivo", "--endpoint", recorder,
                 "--user-env", "CVLD_TEST_USER", "--password-env", "CVLD_TEST_PASSWORD"]) == 0
    (path, bearer, kind, body), (_, basic, _, again) = _Recorder.seen
    assert path == "/store?graph=https%3A%2F%2Fleiwu0.github.io%2F%23graph"
    assert bearer == "Bearer s3cret" and basic == "Basic YWRhOnB3OjE=" and kind == "application/n-triples"
    assert body == again and body.decode().splitlines() == graph.lines


def test_missing_credentials_are_usage_errors_and_refusals_remote_errors(recorder, monkeypatch, lei_wu, capsys):
    from cvld.rdf.build import build_graph

    monkeypatch.delenv("CVLD_TEST_TOKEN", raising=False)
    with pytest.raises(UsageError, match="the environment variable CVLD_TEST_TOKEN is not set"):
        auth_from_env(token_var="CVLD_TEST_TOKEN")
    with pytest.raises(UsageError, match="basic authentication needs both a user name and a password variable"):
        auth_from_env(user_var="CVLD_TEST_USER")
    _Recorder.status = 401
    with pytest.raises(RemoteError) as refused:
        push_graph(build_graph([lei_wu], vocab="vivo"), recorder)
    assert str(refused.value) == (f"{recorder}: PUT of {lei_wu.source} into <https://leiwu0.github.io/#graph> "
                                  "failed with HTTP 401")
    assert main(["push", str(DATA_DIR / "lei-wu.yaml"), "--endpoint", "http://127.0.0.1:9/store"]) == 3
    assert "http://127.0.0.1:9/store?graph=" in capsys.readouterr().err

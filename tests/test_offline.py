"""The offline guarantee: with sockets disabled (pytest-socket), every command but push, pull,
enrich and an explicit download does its whole job; push and enrich show they are the ones that
would reach out."""

from __future__ import annotations

import warnings

import pytest
from conftest import PROJECT_ROOT, SEED_CV, shared_path
from pytest_socket import SocketBlockedError, disable_socket, enable_socket

from cvld.cli.main import main

try:  # urllib3 opens (and closes) an IPv6 socket when imported, to probe: no traffic, so do it here first
    import urllib3  # noqa: F401
except ImportError:
    pass

DEPARTMENT = PROJECT_ROOT / "tests" / "data" / "department"


@pytest.fixture
def no_network():
    disable_socket(allow_unix_socket=False)
    try:
        yield
    finally:
        enable_socket()


def test_sockets_are_really_blocked(no_network):
    import socket

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# every command but push, orcid push/pull and query --endpoint (whose job is the network)
OFFLINE_COMMANDS = [
    ["check", "{cv}", "--orcid-xsd", "{xsd}"],
    ["check", "{cv}", "--vocab", "{shared}/schemaorg/schemaorg-current-https.jsonld", "-q"],
    ["check", "{cv}", "--vocab", "{shared}/schemaorg/schemaorg-current-https.ttl", "-q"],
    ["jsonld", "{cv}", "-o", "{tmp}/cv.jsonld"],
    ["jsonld", "{cv}", "--profile", "full", "--base", "https://dept.example.edu/people/x/"],
    ["snippet", "{cv}"],
    ["site", "{cv}", "-o", "{tmp}/site"],
    ["build", "{cv}", "-o", "{tmp}/build"],
    ["build", "{dept}", "-o", "{tmp}/builds", "--jobs", "2", "--base", "https://kg.example.edu/"],
    ["orcid", "{cv}", "-o", "{tmp}/orcid"],
    ["orcid", "write", "{cv}", "-o", "{tmp}/orcid2"],
    ["graph", "{cv}", "-o", "{tmp}/cv.ttl"],
    ["graph", "{cv}", "--vocab", "vivo", "--format", "json-ld", "-o", "{tmp}/cv.jsonld"],
    ["graph", "{dept}", "--base", "https://kg.example.edu/", "--format", "xml", "-o", "{tmp}/dept.rdf"],
    ["graph", "{dept}", "--base", "https://kg.example.edu/", "--split", "{tmp}/split"],
    ["query", "{cv}", "--named", "coauthors"],
    ["query", "{tmp}/graph.jsonld", "--named", "authors"],
    ["schema", "-o", "{tmp}/cv.schema.json"],
    ["report", "{dept}", "-o", "{tmp}/report"],
    ["init", "Ada Lovelace", "-o", "{tmp}/ada.yaml"],
    ["import", "bibtex", "{tmp}/in.bib", "--me", "Ada Lovelace", "-o", "{tmp}/from-bib.yaml"],
    ["import", "csl", "{tmp}/in.csl.json", "--me", "Ada Lovelace", "-o", "{tmp}/from-csl.yaml"],
    ["import", "cff", "{tmp}/CITATION.cff", "--me", "Ada Lovelace", "-o", "{tmp}/from-cff.yaml"],
    ["import", "jsonresume", "{tmp}/resume.json", "-o", "{tmp}/from-resume.yaml"],
    ["import", "orcid", "{tmp}/work.xml", "--me", "Lei Wu", "-o", "{tmp}/from-orcid.yaml"],
    ["orcid", "push", "{cv}", "--orcid-id", "0000-0002-1825-0097", "--dry-run", "--state", "{tmp}/state.json"],
]
COVERED = {c[0] if c[0] not in ("orcid",) else "orcid " + (c[1] if c[1] in ("write", "push") else "write")
           for c in OFFLINE_COMMANDS}
NETWORK_COMMANDS = {"push", "orcid pull", "enrich"}  # and query --endpoint, orcid push without --dry-run

INPUTS = {
    "in.bib": "@article{k, title = {A Title}, author = {Lovelace, Ada}, year = 2020, doi = {10.1000/xyz}}\n",
    "in.csl.json": '[{"id": "k", "type": "article-journal", "title": "A Title", '
                   '"author": [{"family": "Lovelace", "given": "Ada"}], "issued": {"date-parts": [[2020]]}}]',
    "CITATION.cff": "cff-version: 1.2.0\nmessage: cite\ntitle: A Tool\nauthors:\n  - family-names: Lovelace\n"
                    "    given-names: Ada\ndate-released: 2020-01-01\n",
    "resume.json": '{"basics": {"name": "Ada Lovelace", "url": "https://example.org/ada/"}, "work": [{"name": '
                   '"Analytical Engines Ltd", "position": "Engineer", "startDate": "2019-01"}]}',
    "schema-context.jsonld": '{"@context": "https://schema.org/", "@graph": [{"@id": "schema:Person", '
                             '"@type": "rdfs:Class"}]}',
}


def _prepare(tmp_path):
    from cvld.api import write_graph, write_orcid

    for name, text in INPUTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = write_orcid(SEED_CV, tmp_path / "orcid-in", report=None)
    work = next(name for name in files if name.startswith("works/"))
    (tmp_path / "work.xml").write_bytes((tmp_path / "orcid-in" / work).read_bytes())
    write_graph([SEED_CV], tmp_path / "graph.jsonld")


def test_every_command_is_in_the_offline_list():
    from cvld.cli.main import _SUBPARSERS

    every = {name for name in _SUBPARSERS if name != "orcid"} | {"orcid write", "orcid push", "orcid pull"}
    assert every - COVERED == NETWORK_COMMANDS


@pytest.mark.parametrize("command", OFFLINE_COMMANDS,
                         ids=lambda c: "-".join(a.rsplit("/", 1)[-1] for a in c if not a.startswith("http"))[:60])
def test_command_runs_without_the_network(tmp_path, capsys, command):
    xsd = shared_path("orcid") if "--orcid-xsd" in command else ""
    shared = shared_path("schemaorg").parent if "{shared}" in " ".join(command) else ""
    _prepare(tmp_path)
    argv = [a.format(cv=SEED_CV, xsd=xsd, tmp=tmp_path, shared=shared, dept=DEPARTMENT) for a in command]
    disable_socket(allow_unix_socket=False)
    try:
        with warnings.catch_warnings(record=True) as seen:  # pytest-socket warns at every attempt, even one caught
            warnings.simplefilter("always")
            status = main(argv)
    finally:
        enable_socket()
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert [str(w.message) for w in seen if "socket" in str(w.message).lower()] == []
    assert "Socket" not in captured.err and "network" not in captured.err.lower()


def test_a_vocabulary_with_the_schema_org_context_is_read_with_the_shipped_copy(no_network, tmp_path):
    from cvld.jsonld.vocabulary import load_vocabulary_file

    vocab = tmp_path / "V.jsonld"
    vocab.write_text(INPUTS["schema-context.jsonld"], encoding="utf-8")
    loaded = load_vocabulary_file(vocab)
    assert loaded.types == {"Person"} and loaded.source == str(vocab)


@pytest.mark.parametrize("context, shown", [
    ('"https://evil.example/ctx.jsonld"', "https://evil.example/ctx.jsonld"),
    ('["https://schema.org/", "http://127.0.0.1:9/ctx"]', "http://127.0.0.1:9/ctx"),
    ('{"@import": "https://evil.example/base.jsonld", "x": "http://x/"}', "https://evil.example/base.jsonld"),
    ('{"term": {"@id": "http://x/t", "@context": "https://evil.example/scoped.jsonld"}}',
     "https://evil.example/scoped.jsonld"),
], ids=["string", "in-a-list", "import", "scoped"])
def test_a_vocabulary_with_a_remote_context_is_refused_without_fetching(no_network, tmp_path, capsys, context, shown):
    vocab = tmp_path / "V.jsonld"
    vocab.write_text('{"@context": %s, "@graph": [{"@id": "http://schema.org/Person", "@type": '
                     '"http://www.w3.org/2000/01/rdf-schema#Class"}]}' % context, encoding="utf-8")
    status = main(["check", str(SEED_CV), "--vocab", str(vocab)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines()[0] == (f"cvld: {vocab}: cvld works offline and has no local copy of the JSON-LD "
                                   f"context '{shown}'; put the context in the file itself")


def test_push_is_the_command_that_reaches_out(no_network, tmp_path):
    with pytest.raises(SocketBlockedError):
        main(["push", str(SEED_CV), "--endpoint", "http://127.0.0.1:9/store"])


def test_enrich_is_a_network_command(no_network, tmp_path):
    """enrich asks Crossref and ROR (only answers already in its cache are read without the network)."""
    with pytest.raises(SocketBlockedError):
        main(["enrich", str(SEED_CV), "--no-cache", "--crossref-url", "http://127.0.0.1:9",
              "--ror-url", "http://127.0.0.1:9/v2"])

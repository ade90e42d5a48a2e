"""The offline guarantee: with sockets disabled (pytest-socket), every command but push, pull,
enrich and an explicit download does its whole job; push and enrich show they are the ones that
would reach out."""

from __future__ import annotations

import pytest
from conftest import SEED_CV, shared_path
from pytest_socket import SocketBlockedError, disable_socket, enable_socket

from cvld.cli.main import main


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


@pytest.mark.parametrize("command", [
    ["check", "{cv}", "--orcid-xsd", "{xsd}"],
    ["jsonld", "{cv}", "-o", "{tmp}/cv.jsonld"],
    ["jsonld", "{cv}", "--profile", "full", "--base", "https://dept.example.edu/people/x/"],
    ["orcid", "{cv}", "-o", "{tmp}/orcid"],
    ["graph", "{cv}", "-o", "{tmp}/cv.ttl"],
    ["graph", "{cv}", "--vocab", "vivo", "--format", "json-ld", "-o", "{tmp}/cv.jsonld"],
    ["query", "{cv}", "--named", "coauthors"],
    ["schema", "-o", "{tmp}/cv.schema.json"],
    ["init", "Ada Lovelace", "-o", "{tmp}/ada.yaml"],
    ["orcid", "push", "{cv}", "--orcid-id", "0000-0002-1825-0097", "--dry-run", "--state", "{tmp}/state.json"],
], ids=lambda c: "-".join(a for a in c if not a.startswith("{") and not a.startswith("http"))[:40])
def test_command_runs_without_the_network(no_network, tmp_path, capsys, command):
    xsd = shared_path("orcid") if "--orcid-xsd" in command else ""
    argv = [a.format(cv=SEED_CV, xsd=xsd, tmp=tmp_path) for a in command]
    status = main(argv)
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "Socket" not in captured.err and "network" not in captured.err.lower()


def test_push_is_the_command_that_reaches_out(no_network, tmp_path):
    with pytest.raises(SocketBlockedError):
        main(["push", str(SEED_CV), "--endpoint", "http://127.0.0.1:9/store"])


def test_enrich_is_a_network_command(no_network, tmp_path):
    """enrich asks Crossref and ROR (only answers already in its cache are read without the network)."""
    with pytest.raises(SocketBlockedError):
        main(["enrich", str(SEED_CV), "--no-cache", "--crossref-url", "http://127.0.0.1:9",
              "--ror-url", "http://127.0.0.1:9/v2"])

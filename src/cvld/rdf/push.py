"""Send each person's graph to a SPARQL server by the SPARQL 1.1 Graph Store HTTP Protocol.

Each CV goes to a named graph of its own with PUT, so pushing again replaces that graph
and never duplicates it. Credentials come from environment variables only (never from
the command line, where other users of the machine could read them).

**Which graphs cvld pushed.** A department push writes one more triple into each graph,
``<GRAPH> cvld:pushedFor <BASE>`` (BASE: the department's base IRI), so the server itself
says which graphs cvld made for which department: no state file to lose or to share
between machines. :func:`plan` asks the server's SPARQL query endpoint for them and says
what a push does to each graph: ``+`` a new graph, ``~`` a graph replaced, ``-`` a graph
cvld pushed before for a member no longer among the CVs, deleted with ``prune`` (never a
graph without the mark, nor one marked for another base). Every graph of the remaining
CVs is PUT again when its content changed, so a shared work whose describing member left is
described in a remaining author's graph by the same push (the merge chooses again among the CVs given).

**Only what changed is sent.** Beside the mark, each department graph holds ``<GRAPH>
cvld:contentDigest "SHA256"``, a digest of the rest of the graph as pushed. With the query endpoint,
:func:`pushed_digests` reads them back, and a graph whose content is the digest the server holds is
not sent again (``=`` in the plan). A graph changed by hand on the server keeps the digest it
was pushed with: it is sent again when its content changes, or when the caller asks for every graph
(:func:`cvld.api.push` without its cache).
"""

from __future__ import annotations

import base64
import hashlib
import os
import urllib.parse
from dataclasses import dataclass

from cvld.core.diagnostics import RemoteError, UsageError
from cvld.core.http import http_request
from cvld.rdf.store import ask_endpoint
from cvld.rdf.terms import iri


@dataclass(frozen=True)
class Pushed:
    graph: str
    source: str
    triples: int
    status: int
    action: str = "~"  # "+" new, "~" replaced, "=" unchanged (not sent), "-" deleted


PUSHED_FOR = "https://w3id.org/cvld/ns#pushedFor"
CONTENT_DIGEST = "https://w3id.org/cvld/ns#contentDigest"


def mark(graph: str, base: str) -> str:
    """The N-Triples line that says cvld pushed ``graph`` for the department under ``base``."""
    return f"{iri(graph)} {iri(PUSHED_FOR)} {iri(base)} ."


def pushed_digests(query_endpoint: str, base: str, auth: dict | None = None) -> dict[str, str | None]:
    """Each named graph at ``query_endpoint`` that cvld pushed for the department under ``base``, with
    the digest of its content as pushed (None for a graph pushed without one)."""
    sparql = (f"SELECT ?g (MIN(?d) AS ?digest) WHERE {{ GRAPH ?g {{ ?g {iri(PUSHED_FOR)} {iri(base)} "
              f"OPTIONAL {{ ?g {iri(CONTENT_DIGEST)} ?d }} }} }} GROUP BY ?g")
    return {row[0]: row[1] or None for row in ask_endpoint(query_endpoint, sparql, auth).values()}


def body_lines(part, base: str | None) -> list[str]:
    """The N-Triples lines PUT for a person's ``part``: its lines, and with ``base`` the mark and the
    digest of the lines and mark (:func:`content_digest`), sorted."""
    if not base:
        return sorted(part.lines)
    lines = part.lines | {mark(part.name, base)}
    digest = f'{iri(part.name)} {iri(CONTENT_DIGEST)} "{content_digest(lines)}" .'
    return sorted(lines | {digest})


def content_digest(lines) -> str:
    """The SHA-256 of N-Triples ``lines``, sorted, one per line."""
    return hashlib.sha256("".join(line + "\n" for line in sorted(lines)).encode("utf-8")).hexdigest()


def plan(graph, existing, prune: bool, base: str | None = None) -> list[Pushed]:
    """What a push of ``graph`` does, graph by graph: ``+``/``~`` for each person's part (new or
    already there; ``=`` when ``existing`` maps it to the digest of the very content it would get
    under ``base``: see :func:`pushed_digests`), then ``-`` for each of ``existing`` no person's part has
    (only with ``prune``)."""
    names = {part.name for part in graph.people}
    digests = existing if isinstance(existing, dict) else {}

    def action(part) -> str:
        if part.name not in existing:
            return "+"
        same = base and digests.get(part.name) == content_digest(part.lines | {mark(part.name, base)})
        return "=" if same else "~"

    steps = [Pushed(part.name, part.source, len(part.lines), 0, action(part)) for part in graph.people]
    if prune:
        steps += [Pushed(name, "", 0, 0, "-") for name in sorted(set(existing) - names)]
    return steps


def auth_from_env(user_var: str | None = None, password_var: str | None = None, token_var: str | None = None) -> dict | None:
    """Authentication read from the environment variables named: basic (user and password) or a bearer token."""
    if token_var:
        token = os.environ.get(token_var)
        if not token:
            raise UsageError(f"the environment variable {token_var} is not set")
        return {"Authorization": f"Bearer {token}"}
    if user_var or password_var:
        if not (user_var and password_var):
            raise UsageError("basic authentication needs both a user name and a password variable")
        user, password = os.environ.get(user_var), os.environ.get(password_var)
        if user is None or password is None:
            missing = user_var if user is None else password_var
            raise UsageError(f"the environment variable {missing} is not set")
        encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {encoded}"}
    return None


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph: ``ENDPOINT?graph=IRI`` (indirect identification)."""
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"


def push_graph(graph, endpoint: str, auth: dict | None = None, timeout: float = 60.0, *,
               base: str | None = None, delete: list[str] = (), unchanged=frozenset()) -> list[Pushed]:
    """PUT each person's part of ``graph`` (a :class:`KnowledgeGraph`) into its named graph at ``endpoint``
    (with :func:`mark` and the content's digest for ``base`` when given: :func:`body_lines`), except the
    graphs named in ``unchanged`` (``=``: not sent), then DELETE the graphs named in ``delete``."""
    pushed = []
    for part in graph.people:
        if part.name in unchanged:
            pushed.append(Pushed(part.name, part.source, len(part.lines), 0, "="))
            continue
        body = "".join(line + "\n" for line in body_lines(part, base)).encode("utf-8")
        status, answer = http_request("PUT", graph_url(endpoint, part.name), body,
                                      {"Content-Type": "application/n-triples"}, auth, timeout)
        _check(endpoint, status, answer, f"PUT of {part.source} into <{part.name}>")
        pushed.append(Pushed(part.name, part.source, len(part.lines), status, "+" if status == 201 else "~"))
    for name in delete:
        status, answer = http_request("DELETE", graph_url(endpoint, name), None, {}, auth, timeout)
        if status != 404:  # already gone
            _check(endpoint, status, answer, f"DELETE of <{name}>")
        pushed.append(Pushed(name, "", 0, status, "-"))
    return pushed


def _check(endpoint: str, status: int, answer: bytes, what: str) -> None:
    if status not in (200, 201, 204):
        detail = answer.decode("utf-8", "replace").strip()[:300]
        raise RemoteError(f"{endpoint}: {what} failed with HTTP {status}" + (f": {detail}" if detail else ""))

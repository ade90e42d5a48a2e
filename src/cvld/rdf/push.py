"""Send each person's graph to a SPARQL server by the SPARQL 1.1 Graph Store HTTP Protocol.

Each CV goes to a named graph of its own with PUT, so pushing again replaces that graph
and never duplicates it. Credentials come from environment variables only (never from
the command line, where other users of the machine could read them).
"""

from __future__ import annotations

import base64
import os
import urllib.parse
from dataclasses import dataclass

from cvld.core.diagnostics import RemoteError, UsageError
from cvld.core.http import http_request


@dataclass(frozen=True)
class Pushed:
    graph: str
    source: str
    triples: int
    status: int


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


def push_graph(graph, endpoint: str, auth: dict | None = None, timeout: float = 60.0) -> list[Pushed]:
    """PUT each person's part of ``graph`` (a :class:`KnowledgeGraph`) into its named graph at ``endpoint``."""
    pushed = []
    for part in graph.people:
        body = "".join(line + "\n" for line in sorted(part.lines)).encode("utf-8")
        status, answer = http_request("PUT", graph_url(endpoint, part.name), body,
                                      {"Content-Type": "application/n-triples"}, auth, timeout)
        if status not in (200, 201, 204):
            detail = answer.decode("utf-8", "replace").strip()[:300]
            raise RemoteError(f"{endpoint}: PUT of {part.source} into <{part.name}> failed with HTTP {status}"
                             + (f": {detail}" if detail else ""))
        pushed.append(Pushed(part.name, part.source, len(part.lines), status))
    return pushed

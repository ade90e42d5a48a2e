"""Questions to a graph: an embedded store (pyoxigraph) or a SPARQL server, one answer format.

Answers are read from SPARQL 1.1 Query Results JSON in both cases, so the same question
gives the same :class:`Answer` from either; named questions are ``.rq`` files in
``cvld/queries/`` (``NAME.VOCAB.rq``), apart from the code.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from cvld.core.diagnostics import RemoteError, UsageError
from cvld.core.resources import QUERIES_DIR
from cvld.jsonld.context import OfflineContextError, inline_contexts
from cvld.core.http import http_request
from cvld.core.io import read_input

GRAPH_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".rdf": "RDF_XML", ".owl": "RDF_XML",
                  ".nq": "N_QUADS", ".trig": "TRIG"}
_IS_VIVO = "ASK { ?s a ?class FILTER (STRSTARTS(STR(?class), 'http://vivoweb.org/ontology/core#')) }"


def named_questions() -> list[str]:
    return sorted({p.name.split(".")[0] for p in QUERIES_DIR.glob("*.rq")})


def named_query(name: str, vocab: str) -> str:
    path = QUERIES_DIR / f"{name}.{vocab}.rq"
    if not path.is_file():
        known = ", ".join(named_questions())
        raise UsageError(f"no named question '{name}' for the {vocab} vocabulary (known: {known})")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Answer:
    """A SELECT answer (``columns`` and rows of terms as SPARQL JSON dicts) or an ASK answer (``boolean``)."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[dict | None, ...], ...] = ()
    boolean: bool | None = None

    @classmethod
    def from_json(cls, data: dict) -> "Answer":
        if "boolean" in data:
            return cls(boolean=bool(data["boolean"]))
        columns = tuple(data["head"].get("vars", []))
        rows = tuple(tuple(_plain_term(b.get(c)) for c in columns) for b in data["results"]["bindings"])
        return cls(columns, rows)

    def values(self) -> list[tuple[str | None, ...]]:
        """Rows of plain values (IRIs, lexical forms), as a table shows them."""
        return [tuple(None if t is None else t["value"] for t in row) for row in self.rows]

    def render(self, fmt: str = "table") -> str:
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}) + "\n" if fmt == "json" else f"{str(self.boolean).lower()}\n"
        if fmt == "json":
            bindings = [{c: t for c, t in zip(self.columns, row) if t is not None} for row in self.rows]
            return json.dumps({"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}},
                              indent=2, ensure_ascii=False) + "\n"
        values = [tuple("" if v is None else v for v in row) for row in self.values()]
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(self.columns)
            writer.writerows(values)
            return out.getvalue()
        if fmt != "table":
            raise UsageError(f"unknown answer format '{fmt}'; use table, csv or json")
        widths = [max([len(c)] + [len(row[i]) for row in values]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in values]
        return "\n".join(lines) + f"\n({len(values)} row{'s' if len(values) != 1 else ''})\n"


def _plain_term(term: dict | None) -> dict | None:
    """Terms compared across stores: blank node labels are local to an answer, and xsd:string is implicit."""
    if term is None:
        return None
    term = dict(term)
    if term.get("type") == "typed-literal":
        term["type"] = "literal"
    if term.get("datatype") == "http://www.w3.org/2001/XMLSchema#string":
        del term["datatype"]
    return term


# --- the embedded store -------------------------------------------------------------------


def store_for_graph(graph) -> "object":
    """A pyoxigraph Store holding each person's part of a :class:`KnowledgeGraph` in its own named graph."""
    import pyoxigraph as ox

    store = ox.Store()
    for part in graph.people:
        text = "".join(line + "\n" for line in sorted(part.lines))
        store.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(part.name))
    return store


def store_for_file(path: str | Path) -> "object":
    """A pyoxigraph Store holding an RDF file (Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG)."""
    import pyoxigraph as ox

    suffix = Path(path).suffix.lower()
    if suffix not in GRAPH_SUFFIXES:
        raise UsageError(f"{path}: not an RDF file (expected one of: {', '.join(GRAPH_SUFFIXES)})")
    read_input(path, 0)  # a FIFO or device is refused here, before pyoxigraph would block on it
    store = ox.Store()
    try:
        if suffix == ".jsonld":  # its contexts are answered offline (schema.org, cvld), never fetched

            try:
                text = json.dumps(inline_contexts(json.loads(Path(path).read_text(encoding="utf-8"))))
            except (ValueError, OfflineContextError) as error:
                raise UsageError(f"{path}: not usable JSON-LD: {error}") from None
            store.load(text, format=ox.RdfFormat.JSON_LD)
        else:
            store.load(path=str(path), format=getattr(ox.RdfFormat, GRAPH_SUFFIXES[suffix]))
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    except SyntaxError as error:
        raise UsageError(f"{path}: not valid RDF: {error}") from None
    return store


def ask_store(store, sparql: str) -> Answer:
    """Answer ``sparql`` (SELECT or ASK) from an embedded store, over the union of its graphs."""
    import pyoxigraph as ox

    try:
        result = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise UsageError(f"query: {error}") from None
    if isinstance(result, ox.QueryTriples):
        raise UsageError("query: CONSTRUCT and DESCRIBE are not answered here; ask SELECT or ASK")
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    return Answer.from_json(json.loads(result.serialize(format=ox.QueryResultsFormat.JSON)))


def vocabulary_of(store) -> str:
    """``vivo`` when the graph uses VIVO classes, else ``schema``."""
    return "vivo" if bool(store.query(_IS_VIVO, use_default_graph_as_union=True)) else "schema"


# --- a SPARQL server ------------------------------------------------------------------------


def ask_endpoint(endpoint: str, sparql: str, auth: dict | None = None, timeout: float = 30.0) -> Answer:
    """Answer ``sparql`` from a SPARQL 1.1 Protocol query endpoint (POST, results as JSON)."""

    status, body = http_request("POST", endpoint, sparql.encode("utf-8"),
                                {"Content-Type": "application/sparql-query",
                                 "Accept": "application/sparql-results+json"}, auth, timeout)
    if status != 200:
        raise RemoteError(f"{endpoint}: the query failed with HTTP {status}: {body.decode('utf-8', 'replace')[:300]}")
    return Answer.from_json(json.loads(body))

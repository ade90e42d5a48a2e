"""SHACL validation of cvld's graphs against the project's own shapes (``cvld/shapes/*.ttl``).

Each violation is reported as a :class:`Diagnostic` at the record its focus node came
from (FILE:LINE:COL of the entity's origin), naming the focus node.
"""

from __future__ import annotations

from functools import lru_cache

from cvld.core.diagnostics import Diagnostic, Location
from cvld.model.records import CV
from cvld.core.resources import SHAPES_DIR
from cvld.rdf.build import build_graph
from cvld.rdf.terms import SCHEMA

SH = "http://www.w3.org/ns/shacl#"


@lru_cache(maxsize=None)
def shapes_graph(vocab: str):
    from rdflib import Graph

    graph = Graph()
    graph.bind("schema", SCHEMA, override=True, replace=True)  # rdflib binds it to https://schema.org/ by default
    return graph.parse(SHAPES_DIR / f"{vocab}.ttl", format="turtle")


def validate(graph, vocab: str) -> list[Diagnostic]:
    """Violations of the ``vocab`` shapes in ``graph`` (a :class:`KnowledgeGraph`), each at its record."""
    from pyshacl import validate as run
    from rdflib import BNode, Namespace, URIRef

    sh = Namespace(SH)
    data = graph.rdflib()
    conforms, results, _ = run(data, shacl_graph=shapes_graph(vocab), inference="none", advanced=True)
    if conforms:
        return []
    found = []
    for result in results.subjects(sh.resultSeverity, None):
        focus = results.value(result, sh.focusNode)
        message = results.value(result, sh.resultMessage)
        path = results.value(result, sh.resultPath)
        severity = results.value(result, sh.resultSeverity)
        where = _origin(data, focus, graph.origins)
        shown = f"<{focus}>" if isinstance(focus, URIRef) else str(focus)
        if isinstance(focus, BNode):
            holder = _named_holder(data, focus)
            shown = f"a blank node of <{holder}>" if holder else "a blank node"
        path_text = f" [{data.namespace_manager.normalizeUri(path)}]" if isinstance(path, URIRef) else ""
        text = f"{vocab} graph: {shown}: {message}{path_text}"
        found.append(Diagnostic(where, text, "warning" if severity == sh.Warning else "error"))
    return sorted(set(found))


def _named_holder(data, node, depth: int = 0):
    from rdflib import URIRef

    for holder in sorted(data.subjects(None, node), key=str):
        if isinstance(holder, URIRef):
            return holder
        if depth < 6:
            found = _named_holder(data, holder, depth + 1)
            if found is not None:
                return found
    return None


def _origin(data, node, origins: dict, depth: int = 0) -> Location:
    """The record a node came from, or the record of the node that holds it (for blank nodes)."""
    if str(node) in origins:
        return origins[str(node)]
    if depth < 6:
        for holder in sorted(data.subjects(None, node), key=str):
            found = _origin(data, holder, origins, depth + 1)
            if found.file:
                return found
    return Location("")


def check_cv(cv: CV) -> list[Diagnostic]:
    """The SHACL check of one CV's graph in both profiles (for ``cvld check``)."""

    found = []
    for vocab in ("schema", "vivo"):
        found.extend(validate(build_graph([cv], vocab=vocab), vocab))
    return found

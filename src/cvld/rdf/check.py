"""SHACL validation of cvld's graphs against the project's own shapes (``cvld/shapes/*.ttl``).

Each violation is reported as a :class:`Diagnostic` at the record its focus node came
from (FILE:LINE:COL of the entity's origin), naming the focus node.
"""

from __future__ import annotations

from cvld.core.diagnostics import Diagnostic, Location
from cvld.model.records import CV
from cvld.core.lazy import lazy_module
from cvld.rdf.build import KnowledgeGraph, build_graph, rdflib_term
from cvld.rdf.shapes import Unsupported, shapes_graph, suspects

SH = "http://www.w3.org/ns/shacl#"
ox = lazy_module("pyoxigraph")


def validate(graph, vocab: str, *, fast: bool = True) -> list[Diagnostic]:
    """Violations of the ``vocab`` shapes in ``graph`` (a :class:`KnowledgeGraph`), each at its record.

    pyshacl judges every finding. With ``fast`` (the default), :mod:`cvld.rdf.shapes` first finds
    the focus nodes that may violate a shape, and pyshacl validates only the part of the graph
    that judges them (nothing, for a valid graph); a graph or shapes it cannot judge go to
    pyshacl whole. ``fast=False`` is the reference: pyshacl on the whole graph.
    """
    from rdflib import Literal

    if fast:
        try:
            found = suspects(graph.lines, vocab)
        except Unsupported:
            pass
        else:
            if not found.focus:
                return []
            part = KnowledgeGraph([graph.lines[number] for number in sorted(found.lines)], graph.origins)
            index = found.index

            def holders(node):  # a literal (a detail's focus) is found by its rdflib form, as the reference has it
                if isinstance(node, Literal):
                    return [rdflib_term(h) for h in index.literal_holders(lambda o: rdflib_term(o) == node)]
                return [rdflib_term(h) for h in index.holders(_ox_node(node))]

            return _pyshacl(part, vocab, origins=graph.origins, keep=found.focus, holders=holders)
    return _pyshacl(graph, vocab, origins=graph.origins)


def _ox_node(node):
    from rdflib import BNode, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    return None


def _pyshacl(graph, vocab: str, *, origins: dict, keep: set | None = None, holders=None) -> list[Diagnostic]:
    """pyshacl's results for ``graph`` (only those about the focus nodes ``keep``, when given); a node's
    holders (for the record of a blank node) come from ``holders``, else from the graph itself."""
    from pyshacl import validate as run
    from rdflib import BNode, Namespace, URIRef

    sh = Namespace(SH)
    data = graph.rdflib()
    if holders is None:
        holders = lambda node: sorted(data.subjects(None, node), key=str)  # noqa: E731
    conforms, results, _ = run(data, shacl_graph=shapes_graph(vocab), inference="none", advanced=True)
    if conforms:
        return []
    if keep is None:
        chosen = list(results.subjects(sh.resultSeverity, None))  # with the details of each (sh:detail)
    else:
        chosen = [r for r in results.objects(None, sh.result) if _ox_node(results.value(r, sh.focusNode)) in keep]
        for result in chosen:
            chosen += [detail for detail in results.objects(result, sh.detail) if detail not in chosen]
    found = []
    for result in chosen:
        focus = results.value(result, sh.focusNode)
        message = results.value(result, sh.resultMessage)
        path = results.value(result, sh.resultPath)
        severity = results.value(result, sh.resultSeverity)
        where = _origin(holders, focus, origins)
        shown = f"<{focus}>" if isinstance(focus, URIRef) else str(focus)
        if isinstance(focus, BNode):
            holder = _named_holder(holders, focus)
            shown = f"a blank node of <{holder}>" if holder else "a blank node"
        path_text = f" [{data.namespace_manager.normalizeUri(path)}]" if isinstance(path, URIRef) else ""
        text = f"{vocab} graph: {shown}: {message}{path_text}"
        found.append(Diagnostic(where, text, "warning" if severity == sh.Warning else "error"))
    return sorted(set(found))


def _named_holder(holders, node, depth: int = 0):
    from rdflib import URIRef

    for holder in holders(node):
        if isinstance(holder, URIRef):
            return holder
        if depth < 6:
            found = _named_holder(holders, holder, depth + 1)
            if found is not None:
                return found
    return None


def _origin(holders, node, origins: dict, depth: int = 0) -> Location:
    """The record a node came from, or the record of the node that holds it (for blank nodes)."""
    if str(node) in origins:
        return origins[str(node)]
    if depth < 6:
        for holder in holders(node):
            found = _origin(holders, holder, origins, depth + 1)
            if found.file:
                return found
    return Location("")


def check_cv(cv: CV) -> list[Diagnostic]:
    """The SHACL check of one CV's graph in both profiles (for ``cvld check``)."""

    found = []
    for vocab in ("schema", "vivo"):
        found.extend(validate(build_graph([cv], vocab=vocab), vocab))
    return found

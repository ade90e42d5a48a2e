"""The schema.org profile: the triples of the ``full`` JSON-LD document, named for a graph.

The mapping is :func:`cvld.jsonld.write.build_jsonld` itself (profile ``full``),
parsed offline. In a department graph its node IRIs (the homepage scheme of
:class:`cvld.model.iris.Iris`) are renamed into the member's scheme (:class:`cvld.model.iris.MemberIris`)
and its blank nodes get labels derived from where they hang and what they hold, so that
two CVs stating the same thing (a shared paper's author list) give the same triples.
A shared work or person is described by one CV only (see :class:`cvld.rdf.department.Member`), which
writes the union of what every CV states of it (:func:`cvld.rdf.department.described_cv`).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from cvld.model.iris import Iris, MemberIris
from cvld.jsonld.context import inline_contexts
from cvld.rdf.department import Member, described_cv
from cvld.rdf.jsonld_triples import Tree, document_tree, document_triples
from cvld.rdf.terms import Triples, iri, rdf
from cvld.jsonld.write import build_jsonld, node_origins

# node kinds of the homepage scheme that many CVs share in a department (named without the member)
SHARED_KINDS = ("periodical", "proceedings")
FUNDING = "<http://schema.org/funding>"
_KNOWN_KINDS = ("course-instance", "grant-role")


def schema_triples(member: Member, *, fast: bool = True) -> Triples:
    """Every triple of one CV's ``full`` JSON-LD, named by ``member.iris``.

    ``fast=False`` is the reference: the document read as a list of triples, the dropped descriptions
    removed and the blank nodes labelled by the general steps below. The fast route reads the document
    as a tree (:func:`cvld.rdf.jsonld_triples.document_tree`) and does the same in one pass each way
    over its blank nodes; tests hold both to the same lines, shared lines and origins.
    """
    cv = described_cv(member)
    local = Iris.for_cv(cv)
    document = build_jsonld(cv, profile="full")
    document["@context"] = _inlined(json.dumps(document["@context"]))
    node_iri = _renamer(local, member.iris, [w.key for w in cv.works])
    dropped = {iri(member.iris.work(w.key)) for w in cv.works if not member.describes_work(w.key)}
    dropped |= {iri(member.iris.person(k)) for k in cv.people if not member.describes_person(k)}
    dropped |= {iri(member.iris.grant(g.key)) for g in cv.grants if not member.describes_grant(g.key)}
    tree = document_tree(document, node_iri, dropped, FUNDING) if fast else None
    if tree is not None:
        result, subjects = _tree_triples(tree, dropped, member.iris)
    else:
        result, subjects = _listed_triples(document, node_iri, dropped, member.iris)
    result.find_origins(lambda: _origins(cv, local, node_iri, subjects))
    return result


def _origins(cv, local: Iris, node_iri, subjects: set[str]) -> dict:
    """Node IRI -> its record's Location, for the nodes with a triple of their own in the member's graph."""
    origins = {node_iri(node): origin for node, origin in node_origins(cv, local).items() if origin.file}
    return {node: origin for node, origin in origins.items() if iri(node) in subjects}


def _listed_triples(document: dict, node_iri, dropped: set[str], iris) -> tuple[Triples, set[str]]:
    """The reference route: the lines of ``document`` less the descriptions of ``dropped``; the subjects."""
    triples = document_triples(document, node_iri)
    if triples is None:  # JSON-LD beyond the fast reader's part: the full parser
        triples = _parsed_by_pyoxigraph(document, node_iri)
    if dropped:
        kept = [t for t in triples if t[0] in dropped and t[1] == FUNDING]  # which grants funded a work is this CV's
        triples = _without(triples, dropped) + kept
    result = Triples()
    labels = _blank_labels(triples)
    describes_a_work = _work_description(triples, iris)
    if describes_a_work is not None:
        result.shared = set()
    for s, p, o in triples:
        line = f"{labels.get(s, s)} {p} {labels.get(o, o)} ."
        result.lines.add(line)
        if describes_a_work is not None and not describes_a_work(s):
            result.shared.add(line)
    return result, {t[0] for t in triples}


def _tree_triples(tree: Tree, dropped: set[str], iris) -> tuple[Triples, set[str]]:
    """:func:`_listed_triples` of a document read as a :class:`cvld.rdf.jsonld_triples.Tree` (``dropped`` given
    to :func:`cvld.rdf.jsonld_triples.document_tree` too): the same lines, shared lines and named subjects,
    each blank node's content hashed after those it holds and its label after its holder's, with no walk."""
    named, outgoing, holder = tree.named, tree.outgoing, tree.holder
    blanks = len(holder)
    present = bytearray(blanks)  # the blank nodes in a kept triple
    if dropped:  # a dropped subject's triples go but which grants funded it, and so do the blank nodes it holds
        gone = bytearray(blanks)
        for node in range(blanks):
            held = holder[node]
            if held is None:
                present[node] = len(outgoing[node]) > 0
            elif gone[held[0]] if held[0].__class__ is int else held[0] in dropped:
                gone[node] = 1
                present[node] = held[1] == FUNDING and held[0].__class__ is str  # held by a kept triple
            else:
                present[node] = 1
        named = [t for t in named if t[0] not in dropped or t[1] == FUNDING]
    else:
        gone = None
        for node in range(blanks):
            present[node] = holder[node] is not None or len(outgoing[node]) > 0
    subjects = {t[0] for t in named}
    sha256 = hashlib.sha256
    first_p, rest_p = rdf.first, rdf.rest
    contents: list = [None] * blanks
    for node in range(blanks - 1, -1, -1):
        if present[node]:
            if gone is not None and gone[node]:  # its own triples went
                contents[node] = _EMPTY_CONTENT
                continue
            found = outgoing[node]
            if len(found) == 2 and found[0][1] == first_p and found[1][1] == rest_p:  # a list's cell: in order
                first, rest = found[0][2], found[1][2]
                text = (f"{first_p} {contents[first] if first.__class__ is int else first}\n"
                        f"{rest_p} {contents[rest] if rest.__class__ is int else rest}")
            else:
                text = "\n".join(sorted([f"{p} {contents[o] if o.__class__ is int else o}" for _, p, o in found]))
            contents[node] = sha256(text.encode()).hexdigest()
    labels: list = [None] * blanks
    works = "<" + iris.base + "work/" if isinstance(iris, MemberIris) else None  # as _work_description
    in_work = bytearray(blanks)
    for node in range(blanks):
        if present[node]:
            held = holder[node]
            if held is None:
                text = "\n" + contents[node]
            else:
                s = held[0]
                if s.__class__ is int:
                    text = f"{labels[s]} {held[1]}\n{contents[node]}"
                    in_work[node] = in_work[s]
                else:
                    text = f"{s} {held[1]}\n{contents[node]}"
                    in_work[node] = works is not None and s.startswith(works)
            labels[node] = f"_:b{sha256(text.encode()).hexdigest()[:24]}"
    result = Triples()
    lines = result.lines
    shared = result.shared = set() if works is not None else None
    for s, p, o in named:
        line = f"{s} {p} {labels[o] if o.__class__ is int else o} ."
        lines.add(line)
        if shared is not None and not s.startswith(works):
            shared.add(line)
    for node in range(blanks):
        if present[node] and not (gone is not None and gone[node]):
            label = labels[node]
            found = [f"{label} {p} {labels[o] if o.__class__ is int else o} ." for _, p, o in outgoing[node]]
            lines.update(found)
            if shared is not None and not in_work[node]:
                shared.update(found)
    return result, subjects


_EMPTY_CONTENT = hashlib.sha256(b"").hexdigest()  # a blank node with no triples of its own


@lru_cache(maxsize=8)
def _inlined(context: str) -> list | dict:
    """The document's ``@context`` with its remote parts inlined (the same few contexts every time)."""
    return inline_contexts({"@context": json.loads(context)})["@context"]


def _parsed_by_pyoxigraph(document: dict, node_iri) -> list[tuple[str, str, str]]:
    """The triples of ``document`` by pyoxigraph's JSON-LD parser, subject and object IRIs renamed by ``node_iri``."""
    import pyoxigraph as ox

    renamed: dict[str, str] = {}

    def rename(term) -> str:
        if not isinstance(term, ox.NamedNode):
            return str(term)
        if term.value not in renamed:
            renamed[term.value] = iri(node_iri(term.value))
        return renamed[term.value]

    return [(rename(q.subject), str(q.predicate), rename(q.object))
            for q in ox.parse(json.dumps(document), format=ox.RdfFormat.JSON_LD)]


def _renamer(local: Iris, target, work_keys=()):
    """IRI -> IRI: the homepage-scheme node IRIs of ``local`` renamed into ``target`` (others kept).

    A work's IRI holds its page folder, which is not always its key (:func:`cvld.model.iris.paper_folder`
    hashes a key ending in a dot): ``work_keys``, the CV's, are named by their folder."""
    if not isinstance(target, MemberIris):
        return lambda value: value
    base = local.base
    fixed = {local.owner(): target.owner()}
    fixed.update({local.work(key): target.work(key) for key in work_keys})

    def node_iri(value: str) -> str:
        if value in fixed:
            return fixed[value]
        if value.startswith(base + "#"):
            fragment = value[len(base) + 1:]
            kind = next((k for k in _KNOWN_KINDS if fragment.startswith(k + "-")), fragment.split("-", 1)[0])
            key = fragment[len(kind) + 1:]
            if kind == "person":
                return target.person(key)
            if kind == "org":
                return target.organisation(key)
            if kind == "grant":
                return target.grant(key)
            if kind in SHARED_KINDS:
                return target.shared(kind, key)
            return target.node(kind, key)
        if value.startswith(base + "papers/") and value.endswith("/#work"):
            return target.work(value[len(base) + len("papers/"):-len("/#work")])
        return value

    return node_iri


def _work_description(triples, iris):
    """In a department (``iris`` a :class:`MemberIris`), subject -> whether it is part of a work's
    description: the work itself or a blank node it holds (its author list, its identifiers).

    Each work is described by one member only (the others' descriptions are dropped above), so
    only the other lines (an organisation, a venue, the nodes they hold), which another CV may
    state in the same words, are ``Triples.shared``. None for a single CV.
    """
    if not isinstance(iris, MemberIris):
        return None
    works = "<" + iris.base + "work/"  # a prefix of the work terms (iri() would refuse a part), not a term
    holder = {o: s for s, _, o in triples if o.startswith("_:")}  # in a JSON-LD tree, one holder each
    found: dict[str, bool] = {}

    def describes_a_work(term: str) -> bool:
        if term not in found:
            if term.startswith("_:"):
                found[term] = term in holder and describes_a_work(holder[term])
            else:
                found[term] = term.startswith(works)
        return found[term]

    return describes_a_work


def _without(triples: list[tuple[str, str, str]], subjects: set[str]) -> list[tuple[str, str, str]]:
    """Drop the description of ``subjects`` (their triples and the blank nodes they alone hold)."""
    held: dict[str, list[str]] = {}  # subject -> the blank nodes it holds
    for s, _, o in triples:
        if o.startswith("_:"):
            held.setdefault(s, []).append(o)
    gone = set(subjects)
    pending = [s for s in gone if s in held]
    while pending:
        for o in held[pending.pop()]:
            if o not in gone:
                gone.add(o)
                if o in held:
                    pending.append(o)
    return [t for t in triples if t[0] not in gone]


def _post_order(start: str, children: dict[str, list[str]], finish, memo: dict[str, str]) -> str:
    """``memo[start]``: ``finish(node, value)`` computed for every node below ``start`` first, without
    recursion (a 500-author list is a chain of 500 blank nodes); ``value(child)`` is the child's
    result, or ``"cycle"`` for a node on the current path. ``children``: node -> the nodes below it."""
    found = memo.get(start)
    if found is not None:
        return found
    value = lambda child: memo.get(child, "cycle")  # noqa: E731
    below = children.get(start, ())
    if all(child in memo for child in below):  # a leaf, or the nodes below it done: no walk
        found = memo[start] = finish(start, value)
        return found
    on_path = {start}
    stack = [(start, iter(below))]
    while stack:
        node, pending = stack[-1]
        for child in pending:
            if child not in memo and child not in on_path:
                on_path.add(child)
                stack.append((child, iter(children.get(child, ()))))
                break
        else:
            stack.pop()
            on_path.discard(node)
            memo[node] = finish(node, value)
    return memo[start]


def _blank_labels(triples: list[tuple[str, str, str]]) -> dict[str, str]:
    """A label for each blank node from the node that holds it, the property, and its own content."""
    outgoing, incoming = _blank_neighbours(triples)
    order = _holders_first(set(outgoing) | set(incoming), incoming)
    if order is None:
        return _walked_labels(outgoing, incoming)
    # a forest (as a JSON-LD tree always is): each node after the one holding it, so no walk is needed
    sha256 = hashlib.sha256
    contents: dict[str, str] = {}
    for node in reversed(order):
        parts = sorted([f"{p} {contents[o] if o.startswith('_:') else o}" for p, o in outgoing.get(node, ())])
        contents[node] = sha256("\n".join(parts).encode()).hexdigest()
    labels: dict[str, str] = {}
    for node in order:
        anchors = [f"{labels[s] if s.startswith('_:') else s} {p}" for s, p in incoming.get(node, ())]
        text = "\n".join(anchors) + "\n" + contents[node]
        labels[node] = f"_:b{sha256(text.encode()).hexdigest()[:24]}"
    return {node: labels[node] for node in sorted(labels)}


def _blank_neighbours(triples) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    """Each blank node's (property, object) pairs and its (holder, property) pairs."""
    outgoing: dict[str, list[tuple[str, str]]] = {}
    incoming: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        if s.startswith("_:"):
            outgoing.setdefault(s, []).append((p, o))
        if o.startswith("_:"):
            incoming.setdefault(o, []).append((s, p))
    return outgoing, incoming


def _walked_labels(outgoing: dict[str, list[tuple[str, str]]], incoming: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """:func:`_blank_labels` of any graph of blank nodes (one held twice, or holding itself through others),
    each node's content and label computed after those it depends on by :func:`_post_order`."""
    sha256 = hashlib.sha256
    holders = {node: sorted(found) for node, found in incoming.items()}
    blank_objects = {node: [o for _, o in found if o.startswith("_:")] for node, found in outgoing.items()}
    blank_holders = {node: [s for s, _ in found if s.startswith("_:")] for node, found in holders.items()}
    contents: dict[str, str] = {}

    def content(current: str, value) -> str:  # a digest of the node's triples, its blank objects by their content
        parts = sorted([f"{p} {value(o) if o.startswith('_:') else o}" for p, o in outgoing.get(current, ())])
        return sha256("\n".join(parts).encode()).hexdigest()

    def label(current: str, value) -> str:  # from the nodes holding it (blank ones by their own labels) and its content
        anchors = [f"{value(s) if s.startswith('_:') else s} {p}" for s, p in holders.get(current, ())]
        text = "\n".join(anchors) + "\n" + _post_order(current, blank_objects, content, contents)
        return f"_:b{sha256(text.encode()).hexdigest()[:24]}"

    labels: dict[str, str] = {}
    return {node: _post_order(node, blank_holders, label, labels) for node in sorted(set(outgoing) | set(incoming))}


def _holders_first(nodes: set[str], incoming: dict[str, list[tuple[str, str]]]) -> list[str] | None:
    """The blank ``nodes`` ordered so that each comes after the blank node holding it, when each is held
    by one triple at most and none holds itself through others (a forest); else None. (In a forest a
    node's content and label depend on its own subtree and holders alone, so they can be computed in
    this order, or its reverse, with no walk; :func:`_post_order` handles any other graph.)"""
    holder: dict[str, str | None] = {}
    for node, found in incoming.items():
        if len(found) > 1:
            return None
        holder[node] = found[0][0] if found[0][0].startswith("_:") else None
    depth: dict[str, int] = {}
    for start in nodes:
        chain, node = [], start
        while node is not None and node not in depth:
            chain.append(node)
            if len(chain) > len(nodes):
                return None  # a cycle
            node = holder.get(node)
        level = depth[node] if node is not None else -1
        for node in reversed(chain):
            level += 1
            depth[node] = level
    return sorted(nodes, key=depth.__getitem__)

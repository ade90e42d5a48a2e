"""A fast first pass of the SHACL check: which focus nodes may violate cvld's shapes.

pyshacl (through rdflib) is the reference; it takes minutes on a CV of 20,000 works. This
module reads the shapes (``cvld/data/shapes/*.ttl``) into a small evaluator of the SHACL Core
parts they use and runs it over an index of the graph's N-Triples lines:

- each focus node gets *conforms*, *violates* or *unsure* (a literal this evaluator does not
  judge exactly, such as an ill-typed number): only one that surely conforms is passed;
- for every other one, the lookups its evaluation made (every branch, no short cut) are
  recorded, and :func:`suspects` returns those focus nodes with the lines holding what was
  looked at (the triples read, the rdf:type triples that make it a target, the whole content
  of every blank node met, which pyshacl writes into its messages). ``rdf.check`` validates
  that part with pyshacl and keeps its results about those focus nodes: the findings are
  pyshacl's, word for word, and a valid graph costs no pyshacl run at all.

A shape using a SHACL feature not listed in :data:`SUPPORTED`, and a graph with
``rdfs:subClassOf`` triples (which widen targets and ``sh:class``), raise
:class:`Unsupported`: the caller then validates the whole graph with pyshacl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cvld.core.lazy import lazy_module
from cvld.core.resources import SHAPES_DIR
from cvld.rdf.terms import SCHEMA

ox = lazy_module("pyoxigraph")

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDF_TYPE = RDF + "type"
XSD = "http://www.w3.org/2001/XMLSchema#"

# the shape predicates the evaluator knows; any other makes the shapes Unsupported
_IGNORED = {"message", "name", "description", "severity", "order", "group"}
_CONSTRAINTS = {"minCount", "maxCount", "minLength", "datatype", "class", "in", "nodeKind", "minInclusive",
                "property", "node", "or", "not", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
                "pattern", "flags"}
SUPPORTED = _IGNORED | _CONSTRAINTS | {"targetClass", "targetSubjectsOf", "path"}

# lexical forms this evaluator judges exactly; a literal of another datatype is "unsure" for sh:datatype
_LEXICAL = {
    XSD + "string": re.compile(r".*", re.DOTALL),
    XSD + "int": re.compile(r"^[+-]?\d{1,9}$"),
    XSD + "integer": re.compile(r"^[+-]?\d+$"),
    XSD + "boolean": re.compile(r"^(true|false|1|0)$"),
    XSD + "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD + "dateTime": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$"),
}
_INTEGERS = {XSD + "int", XSD + "integer"}
# literals whose text rdflib keeps as written (it rewrites some typed ones, "01"^^xsd:int as "1"): sh:minLength
# and sh:pattern, which read the text, are judged only on these
_AS_WRITTEN = {XSD + "string", RDF + "langString"}


class Unsupported(Exception):
    """The shapes or the graph use something this evaluator does not judge: use pyshacl alone."""


@dataclass
class Shape:
    node: object  # the shape's rdflib term
    path: tuple | None = None
    targets: list[tuple[str, str]] = field(default_factory=list)
    constraints: list[tuple[str, object]] = field(default_factory=list)


@lru_cache(maxsize=None)
def shapes_graph(vocab: str):
    """``cvld/data/shapes/{vocab}.ttl`` as an rdflib graph, parsed once: what pyshacl and :func:`shapes_of` read."""
    from rdflib import Graph

    graph = Graph()
    graph.bind("schema", SCHEMA, override=True, replace=True)  # rdflib binds it to https://schema.org/ by default
    return graph.parse(SHAPES_DIR / f"{vocab}.ttl", format="turtle")


@lru_cache(maxsize=None)
def shapes_of(vocab: str) -> tuple[Shape, ...]:
    """The shapes of ``cvld/data/shapes/{vocab}.ttl`` that have targets (nested shapes hang below them)."""
    from rdflib import URIRef

    graph = shapes_graph(vocab)
    made: dict = {}
    tops = {s for p in ("targetClass", "targetSubjectsOf", "targetNode", "targetObjectsOf")
            for s in graph.subjects(URIRef(SH + p), None)}
    for node in graph.subjects(URIRef(RDF_TYPE), URIRef("http://www.w3.org/2000/01/rdf-schema#Class")):
        if (node, URIRef(RDF_TYPE), URIRef(SH + "NodeShape")) in graph:
            raise Unsupported("a shape that is a class targets its instances implicitly")
    return tuple(_shape(graph, node, made) for node in sorted(tops, key=str))


def _shape(graph, node, made: dict) -> Shape:
    from rdflib import URIRef

    if node in made:
        return made[node]
    shape = made[node] = Shape(node)
    for predicate, value in sorted(graph.predicate_objects(node), key=lambda pair: (str(pair[0]), str(pair[1]))):
        name = str(predicate)
        if name == RDF_TYPE:
            continue
        if not name.startswith(SH) or name[len(SH):] not in SUPPORTED:
            raise Unsupported(f"the shapes use {name}")
        name = name[len(SH):]
        if name in _IGNORED:
            continue
        if name in ("targetClass", "targetSubjectsOf"):
            shape.targets.append((name, str(value)))
        elif name == "path":
            shape.path = _path(graph, value)
        elif name in ("property", "node", "not", "qualifiedValueShape"):
            shape.constraints.append((name, _shape(graph, value, made)))
        elif name == "or":
            shape.constraints.append((name, [_shape(graph, item, made) for item in graph.items(value)]))
        elif name == "in":
            shape.constraints.append((name, list(graph.items(value))))
        elif name == "pattern":
            flags = [str(f) for f in graph.objects(node, URIRef(SH + "flags"))]
            if len(flags) > 1 or set("".join(flags)) - set("im"):
                raise Unsupported(f"sh:flags {flags}")
            bits = (re.I if "i" in "".join(flags) else 0) | (re.M if "m" in "".join(flags) else 0)
            shape.constraints.append((name, re.compile(str(value), bits)))
        elif name == "flags":
            continue  # read with its pattern
        elif name in ("class", "datatype", "nodeKind"):
            if not isinstance(value, URIRef):
                raise Unsupported(f"sh:{name} {value}")
            shape.constraints.append((name, str(value)))
        else:  # the numbers
            shape.constraints.append((name, value.toPython()))
    names = {name for name, _ in shape.constraints}
    if names & {"qualifiedMinCount", "qualifiedMaxCount"} and "qualifiedValueShape" not in names:
        raise Unsupported("a qualified count without its shape")
    if "qualifiedValueShape" in names and [n for n, _ in shape.constraints].count("qualifiedValueShape") > 1:
        raise Unsupported("two qualified value shapes on one shape")
    return shape


def _path(graph, node) -> tuple:
    from rdflib import BNode, URIRef

    if isinstance(node, URIRef):
        return ("predicate", str(node))
    if not isinstance(node, BNode):
        raise Unsupported(f"the path {node}")
    pairs = {str(p): o for p, o in graph.predicate_objects(node)}
    if RDF + "first" in pairs:
        return ("sequence", tuple(_path(graph, item) for item in graph.items(node)))
    if len(pairs) != 1:
        raise Unsupported("a path node with several parts")
    (name, value), = pairs.items()
    if name == SH + "inversePath" and isinstance(value, URIRef):
        return ("inverse", str(value))
    if name == SH + "alternativePath":
        return ("alternative", tuple(_path(graph, item) for item in graph.items(value)))
    if name in (SH + "zeroOrMorePath", SH + "oneOrMorePath", SH + "zeroOrOnePath"):
        return (name[len(SH):], _path(graph, value))
    raise Unsupported(f"the path {name}")


# pyoxigraph's term classes, bound when the first Index is made (a look-up through the lazy module
# costs more than the test it serves, in loops over every triple)
_Literal = _NamedNode = _BlankNode = None


def _bind_terms() -> None:
    global _Literal, _NamedNode, _BlankNode
    _Literal, _NamedNode, _BlankNode = ox.Literal, ox.NamedNode, ox.BlankNode


class Index:
    """The graph's triples by subject and predicate, and by object and predicate, each with its line."""

    def __init__(self, lines: list[str]):
        _bind_terms()
        self.lines = lines
        self.out: dict = {}
        self.into: dict = {}
        self.by_predicate: dict = {}
        text = "".join(line + "\n" for line in lines)
        count = 0
        out, into, by_predicate, literal = self.out, self.into, self.by_predicate, _Literal
        for number, triple in enumerate(ox.parse(text, format=ox.RdfFormat.N_TRIPLES)):
            count += 1
            s, p, o = triple.subject, triple.predicate.value, triple.object
            if p == RDFS_SUBCLASS:
                raise Unsupported("the graph declares subclasses")
            by_p = out.get(s)
            if by_p is None:
                by_p = out[s] = {}
            found = by_p.get(p)
            if found is None:
                by_p[p] = [(o, number)]
            else:
                found.append((o, number))
            if not isinstance(o, literal):  # no path leads back from a literal
                into.setdefault(o, {}).setdefault(p, []).append((s, number))
            pairs = by_predicate.get(p)
            if pairs is None:
                by_predicate[p] = [(s, o)]
            else:
                pairs.append((s, o))
        if count != len(lines):
            raise Unsupported("a line that is not one triple")

    def objects(self, node, predicate: str) -> list:
        return [o for o, _ in self.out.get(node, {}).get(predicate, ())]

    def subjects(self, node, predicate: str) -> list:
        return [s for s, _ in self.into.get(node, {}).get(predicate, ())]

    def literal_holders(self, same) -> list:
        """The subjects of triples whose object is a literal ``same`` accepts, in the order of their text
        (literals are not indexed by object: this reads every triple, for the rare finding about one)."""
        found = {s for s, by_predicate in self.out.items() for pairs in by_predicate.values()
                 for o, _ in pairs if isinstance(o, _Literal) and same(o)}
        return sorted(found, key=lambda term: term.value)

    def holders(self, node) -> list:
        """The subjects of triples whose object is ``node``, in the order of their text."""
        found = {s for pairs in self.into.get(node, {}).values() for s, _ in pairs}
        return sorted(found, key=lambda term: term.value)


@dataclass
class Suspects:
    """Focus nodes that may violate a shape, and the lines pyshacl needs to judge them."""

    index: Index
    focus: set = field(default_factory=set)
    lines: set = field(default_factory=set)


class _Evaluator:
    def __init__(self, index: Index):
        self.index = index
        self.recording = False
        self.outs: set = set()
        self.ins: set = set()
        self.met: set = set()
        self.verdicts: dict = {}

    # --- lookups ----------------------------------------------------------------------

    def objects(self, node, predicate: str) -> list:
        if self.recording:
            self.outs.add((node, predicate))
        return self.index.objects(node, predicate)

    def subjects(self, node, predicate: str) -> list:
        if self.recording:
            self.ins.add((node, predicate))
        return self.index.subjects(node, predicate)

    def values(self, node, path: tuple) -> list:
        kind, arg = path
        if kind == "predicate":
            found = self.objects(node, arg)
        elif kind == "inverse":
            found = self.subjects(node, arg)
        elif kind == "alternative":
            found = [v for part in arg for v in self.values(node, part)]
        elif kind == "sequence":
            found = [node]
            for part in arg:
                found = _unique(v for f in found for v in self.values(f, part))
        else:  # zeroOrMorePath, oneOrMorePath, zeroOrOnePath
            reached = {} if kind == "oneOrMorePath" else {node: None}
            frontier, seen = [node], {node}
            while frontier:
                step = _unique(v for f in frontier for v in self.values(f, arg))
                reached.update((v, None) for v in step)
                if kind == "zeroOrOnePath":
                    break
                frontier = [v for v in step if v not in seen and not isinstance(v, _Literal)]
                seen.update(frontier)
            found = list(reached)
        found = _unique(found)
        if self.recording:
            self.met.update(found)
        return found

    # --- shapes: True conforms, False violates, None unsure ---------------------------

    def conforms(self, shape: Shape, focus) -> bool | None:
        if self.recording:
            return self._conforms(shape, focus)
        key = (id(shape), focus)  # a node reached from many (the owner, from every work) is judged once
        verdict = self.verdicts.get(key, self)
        if verdict is self:
            verdict = self.verdicts[key] = self._conforms(shape, focus)
        return verdict

    def _conforms(self, shape: Shape, focus) -> bool | None:
        values = [focus] if shape.path is None else self.values(focus, shape.path)
        verdicts = []
        for name, arg in shape.constraints:
            verdicts.append(self.constraint(shape, name, arg, focus, values))
            if verdicts[-1] is False and not self.recording:
                return False
        return _all(verdicts)

    def constraint(self, shape: Shape, name: str, arg, focus, values: list) -> bool | None:
        if name == "minCount":
            return len(values) >= arg
        if name == "maxCount":
            return len(values) <= arg
        if name in ("qualifiedMinCount", "qualifiedMaxCount"):
            return True  # judged with the qualified value shape
        if name == "qualifiedValueShape":
            verdicts = [self.conforms(arg, v) for v in values]
            if None in verdicts:
                return None
            count = verdicts.count(True)
            bounds = dict(shape.constraints)
            low, high = bounds.get("qualifiedMinCount"), bounds.get("qualifiedMaxCount")
            return (low is None or count >= low) and (high is None or count <= high)
        return _all([self.value(name, arg, v) for v in values])

    def value(self, name: str, arg, node) -> bool | None:
        if name == "property":
            return self.conforms(arg, node)
        if name == "node":
            return self.conforms(arg, node)
        if name == "not":
            verdict = self.conforms(arg, node)
            return None if verdict is None else not verdict
        if name == "or":
            verdicts = [self.conforms(part, node) for part in arg]
            return True if True in verdicts else None if None in verdicts else False
        if name == "class":
            if isinstance(node, _Literal):
                return False
            return any(t.value == arg for t in self.objects(node, RDF_TYPE) if isinstance(t, _NamedNode))
        if name == "nodeKind":
            kinds = {"IRI": _NamedNode, "BlankNode": _BlankNode, "Literal": _Literal}
            allowed = [kinds[k] for k in kinds if k in arg[len(SH):]]
            if not allowed:
                raise Unsupported(f"sh:nodeKind {arg}")
            return isinstance(node, tuple(allowed))
        if name == "minLength":
            if isinstance(node, _BlankNode):
                return False
            if isinstance(node, _Literal) and node.datatype.value not in _AS_WRITTEN:
                return None
            return len(node.value) >= arg
        if name == "pattern":  # pyshacl: re.match, then re.search, on the value's text; a blank node fails
            if isinstance(node, _BlankNode):
                return False
            if isinstance(node, _Literal) and node.datatype.value not in _AS_WRITTEN:
                return None
            return arg.search(node.value) is not None
        if name == "datatype":
            if not isinstance(node, _Literal) or node.datatype.value != arg:
                return False
            pattern = _LEXICAL.get(arg)
            return True if pattern is not None and pattern.match(node.value) else None
        if name == "minInclusive":
            if (isinstance(node, _Literal) and node.datatype.value in _INTEGERS and isinstance(arg, int)
                    and not isinstance(arg, bool) and _LEXICAL[node.datatype.value].match(node.value)):
                return int(node.value) >= arg
            return None
        if name == "in":
            return self.member(node, arg)
        raise Unsupported(f"sh:{name}")

    @staticmethod
    def member(node, allowed: list) -> bool | None:
        from rdflib import Literal, URIRef

        if isinstance(node, _NamedNode):
            return any(isinstance(a, URIRef) and str(a) == node.value for a in allowed)
        if isinstance(node, _Literal):
            return None if any(isinstance(a, Literal) for a in allowed) else False
        return False


def _all(verdicts: list) -> bool | None:
    return False if False in verdicts else None if None in verdicts else True


def _unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def targets(index: Index, shape: Shape) -> list:
    found: dict = {}
    for kind, iri in shape.targets:
        if kind == "targetClass":
            found.update((s, None) for s in index.subjects(_NamedNode(iri), RDF_TYPE))
        else:
            found.update((s, None) for s, _ in index.by_predicate.get(iri, ()))
    return list(found)


def suspects(lines: list[str], vocab: str) -> Suspects:
    """The focus nodes of the graph's lines that may violate the ``vocab`` shapes, and the lines to judge them."""
    shapes = shapes_of(vocab)
    index = Index(lines)
    evaluator = _Evaluator(index)
    found = Suspects(index)
    targeted = [(shape, focus) for shape in shapes for focus in targets(index, shape)]
    for shape, focus in targeted:
        if evaluator.conforms(shape, focus) is not True:
            found.focus.add(focus)
    if not found.focus:
        return found
    evaluator.recording = True
    for shape, focus in targeted:
        if focus in found.focus:
            evaluator.met.add(focus)
            for kind, iri in shape.targets:  # the triples that make it a target
                evaluator.outs.add((focus, RDF_TYPE if kind == "targetClass" else iri))
            evaluator.conforms(shape, focus)
    for node, predicate in evaluator.outs:
        found.lines.update(number for _, number in index.out.get(node, {}).get(predicate, ()))
    for node, predicate in evaluator.ins:
        found.lines.update(number for _, number in index.into.get(node, {}).get(predicate, ()))
    blanks = [node for node in evaluator.met if isinstance(node, _BlankNode)]
    done = set(blanks)
    while blanks:  # the whole content of each blank node met, as pyshacl describes one in its messages
        node = blanks.pop()
        for pairs in index.out.get(node, {}).values():
            for o, number in pairs:
                found.lines.add(number)
                if isinstance(o, _BlankNode) and o not in done:
                    done.add(o)
                    blanks.append(o)
    return found

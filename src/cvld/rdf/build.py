"""Build a graph from one CV or a department of them, and write it.

Each CV becomes a set of N-Triples lines by a pure function of the CV and its IRI
scheme (:func:`member_triples`); the department graph is their union, written sorted,
so the same input gives byte-identical output. Turtle, RDF/XML and JSON-LD are written
by pyoxigraph from the sorted lines; :meth:`KnowledgeGraph.rdflib` gives an rdflib graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from cvld.core.diagnostics import CVInputError, Location, Report, UsageError
from cvld.core.lazy import lazy_module
from cvld.model.records import CV, Person
from cvld.rdf.department import Member, MergeRecord, decide, resolve, single
from cvld.rdf.terms import PREFIXES, Triples
from cvld.source.people import load_people
from cvld.rdf.schemaorg import schema_triples
from cvld.rdf.vivo import vivo_triples
from cvld.source.folders import load_cvs

ox = lazy_module("pyoxigraph")

VOCABULARIES = ("schema", "vivo")
FORMATS = {"turtle": "ttl", "ntriples": "nt", "json-ld": "jsonld", "xml": "rdf"}
_SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml",
             ".owl": "xml"}


@dataclass(frozen=True)
class PersonGraph:
    """The part of the graph that one CV contributes, named for a named graph of its own."""

    name: str  # the named graph's IRI
    person: str  # the CV owner's IRI
    source: str
    lines: frozenset[str]


@dataclass
class KnowledgeGraph:
    """A built graph: sorted N-Triples lines, each node's record of origin, and each person's part."""

    lines: list[str]
    origins: dict[str, Location] = field(default_factory=dict)
    people: list[PersonGraph] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> str:
        return "".join(line + "\n" for line in self.lines)

    def serialize(self, fmt: str = "turtle") -> bytes:
        return serialize_lines(self.lines, fmt)

    def rdflib(self):
        """The graph as an :class:`rdflib.Graph` (the public Python API for a graph)."""
        from rdflib import Graph, URIRef

        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        # parsed by pyoxigraph, linear in the text (rdflib's own N-Triples parser is quadratic in a
        # literal's length: a 1 MB bio took most of a minute), then handed to rdflib term by term
        for triple in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES):
            graph.add((rdflib_term(triple.subject), URIRef(triple.predicate.value), rdflib_term(triple.object)))
        return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    """The rdflib term for a pyoxigraph one, as rdflib's N-Triples parser would make it."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def serialize_lines(lines: list[str], fmt: str = "turtle") -> bytes:
    """Write sorted N-Triples lines as Turtle, N-Triples, JSON-LD or RDF/XML (deterministically).
    As Turtle: :func:`turtle_prefixes` then :func:`turtle_part` (nothing at all for no lines)."""
    text = "".join(line + "\n" for line in lines)
    if fmt == "ntriples":
        return text.encode("utf-8")

    formats = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
    if fmt not in formats:
        raise UsageError(f"unknown RDF format '{fmt}'; use one of: {', '.join(FORMATS)}")
    prefixes = {} if fmt == "json-ld" else PREFIXES
    return ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=formats[fmt], prefixes=prefixes)


_PROBE = "<urn:cvld:probe> <urn:cvld:probe> <urn:cvld:probe> .\n"  # a triple no prefix shortens
_PREFIX_LINES: list[bytes] = []


def turtle_prefixes() -> bytes:
    """The prefix lines pyoxigraph's Turtle writer begins a document with (every prefix of
    :data:`cvld.rdf.terms.PREFIXES`, used or not; learnt from pyoxigraph once per process)."""
    if not _PREFIX_LINES:
        text = serialize_lines([_PROBE[:-1]], "turtle")
        if not text.endswith(_PROBE.encode("ascii")):
            raise RuntimeError(f"pyoxigraph {ox.__version__} writes Turtle in a way cvld does not know")
        _PREFIX_LINES.append(text[:-len(_PROBE)])
    return _PREFIX_LINES[0]


def turtle_part(lines: list[str]) -> bytes:
    """Sorted N-Triples ``lines`` as Turtle statements without the prefix lines. Parts written one after
    another below :func:`turtle_prefixes` make a Turtle document of every part's triples (a subject two
    parts describe is stated in each; blank-node labels are kept as the lines give them, so a label
    means one node across parts). Empty for no lines."""
    if not lines:
        return b""
    text, prefixes = serialize_lines(lines, "turtle"), turtle_prefixes()
    if not text.startswith(prefixes):
        raise RuntimeError(f"pyoxigraph {ox.__version__} writes Turtle in a way cvld does not know")
    return text[len(prefixes):]


def format_for(path: str | None, requested: str | None) -> str:
    if requested:
        return requested
    if path:
        return _SUFFIXES.get(Path(path).suffix.lower(), "turtle")
    return "turtle"


def members_for(cvs: list[CV], base: str | None = None, people_file: str | Path | None = None,
                report: Report | None = None, digests: list[str] | None = None) -> list[Member]:
    """How each CV is named: the homepage scheme for one CV without ``base``, else the department scheme
    (``digests``: see :func:`cvld.rdf.department.resolve`)."""
    if _alone(len(cvs), base, people_file):
        return [single(cvs[0])]
    return resolve(cvs, base, _people(people_file, report), report, digests).members


def members_of_records(records: Sequence[MergeRecord], digests, read_works, persons: list[Person],
                       base: str | None = None, people_file: str | Path | None = None,
                       report: Report | None = None) -> Iterator[Member]:
    """:func:`members_for` from the CVs' merge records (:func:`cvld.rdf.department.decide`, which says what
    ``digests``, ``read_works`` and ``persons`` are): each member holding of its CV only the source and the
    owner, in the canonical order (not yet sorted by the owner's IRI)."""
    if _alone(len(records), base, people_file):
        return iter([single(CV(source=records[0].source, owner=records[0].owner, organisations={}, people={}))])
    return decide(records, base, _people(people_file, report), report, digests, read_works, persons)


def _alone(count: int, base: str | None, people_file) -> bool:
    """One CV named by its homepage (no ``base``)? Refused for several CVs or with a people file."""
    if base is None:
        if count > 1:
            raise UsageError("several CVs make a department graph, which needs a base IRI (such as https://kg.example.edu/)")
        if people_file:
            raise UsageError("a people file is for a department graph, which needs a base IRI (such as https://kg.example.edu/)")
        return True
    return False


def _people(people_file: str | Path | None, report: Report | None):
    return load_people(people_file, report) if people_file else None


def member_triples(member: Member, vocab: str = "schema") -> Triples:
    """One CV's triples in one vocabulary: a pure function of the CV and its IRI scheme."""
    if vocab == "vivo":
        return vivo_triples(member)
    if vocab == "schema":
        return schema_triples(member)
    raise UsageError(f"unknown vocabulary '{vocab}'; use one of: {', '.join(VOCABULARIES)}")


def graph_name(member: Member) -> str:
    owner = member.iris.owner()
    return owner.replace("#me", "#graph") if owner.endswith("#me") else owner + "/graph"


def build_graph(cvs: list[CV], *, vocab: str = "schema", base: str | None = None,
                people_file: str | Path | None = None, report: Report | None = None) -> KnowledgeGraph:
    """The graph of ``cvs`` in ``vocab`` (``schema`` or ``vivo``); merge conflicts go to ``report``."""
    report = report if report is not None else Report()
    members = members_for(cvs, base, people_file, report)
    everything: set[str] = set()
    origins: dict[str, Location] = {}
    people = []
    for member in members:
        part = member_triples(member, vocab)
        everything |= part.lines
        for node, origin in part.origins.items():
            origins.setdefault(node, origin)
        people.append(PersonGraph(graph_name(member), member.iris.owner(), member.cv.source, frozenset(part.lines)))
    return KnowledgeGraph(sorted(everything), origins, people)


def build_files(inputs: list[str | Path], **options) -> KnowledgeGraph:
    """Load the CV files named (folders expanded) and build their graph."""
    report = options.get("report")
    jobs = options.pop("jobs", 1)
    return build_graph(load_cvs(inputs, report, jobs), **options)

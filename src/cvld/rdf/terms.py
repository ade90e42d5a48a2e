"""N-Triples terms as plain strings: the cheapest form to build, merge, sort and write."""

from __future__ import annotations

import re

from cvld.core.lazy import lazy_module

ox = lazy_module("pyoxigraph")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
FOAF = "http://xmlns.com/foaf/0.1/"
VIVO = "http://vivoweb.org/ontology/core#"
OBO = "http://purl.obolibrary.org/obo/"
BIBO = "http://purl.org/ontology/bibo/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SCHEMA = "http://schema.org/"
CVLD = "https://w3id.org/cvld/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "foaf": FOAF, "vivo": VIVO, "obo": OBO, "bibo": BIBO,
    "vcard": VCARD, "schema": SCHEMA, "cvld": CVLD,
}

_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


# An absolute IRI of plain ASCII by RFC 3986's grammar (a subset of what pyoxigraph's NamedNode
# accepts): the common case, checked without loading pyoxigraph. Anything else goes to NamedNode.
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
_PLAIN_IRI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:"
    r"(?://(?:[A-Za-z0-9\-._~!$&'()*+,;=:]*@)?[A-Za-z0-9\-._~!$&'()*+,;=]*(?::[0-9]*)?(?:/" + _PCHAR + r"*)*"
    r"|/?(?:" + _PCHAR + r"+(?:/" + _PCHAR + r"*)*)?)"
    r"(?:\?(?:" + _PCHAR + r"|[/?])*)?(?:#(?:" + _PCHAR + r"|[/?])*)?\Z")


def iri(value: str) -> str:
    """``<value>`` for an absolute IRI; anything else is refused (ValueError): user text never ends
    the term or starts another one.

    Plain ASCII IRIs are checked by RFC 3986's grammar here; any other goes through pyoxigraph's
    ``NamedNode``, which checks RFC 3987. cvld's IRIs are record keys, slugs and values checked
    where they enter (``cvld.model.ids``: URLs by RFC 3987, DOIs by Crossref's character set), so
    for a loaded CV this never raises: it is the last guard, not the check.
    """
    if _PLAIN_IRI.match(value):
        return f"<{value}>"
    return str(ox.NamedNode(value))


def literal(value, datatype: str | None = None, lang: str | None = None) -> str:
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^{_datatype(XSD + "boolean")}'
    text = f'"{str(value).translate(_LITERAL_ESCAPES)}"'
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{text}^^{_datatype(datatype)}"
    return text


_DATATYPES: dict[str, str] = {}


def _datatype(value: str) -> str:
    found = _DATATYPES.get(value)
    if found is None:
        found = _DATATYPES[value] = iri(value)
    return found


def integer(value: int) -> str:
    return literal(value, XSD + "int")


class Namespace:
    """``NS.term`` gives the N-Triples form ``<...term>``."""

    def __init__(self, base: str):
        self._base = base
        self._terms: dict[str, str] = {}

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> str:
        found = self._terms.get(name)
        if found is None:
            found = self._terms[name] = iri(self._base + name)
        return found


rdf, rdfs, xsd, owl, foaf = (Namespace(ns) for ns in (RDF, RDFS, XSD, OWL, FOAF))
vivo, obo, bibo, vcard, schema, cvld = (Namespace(ns) for ns in (VIVO, OBO, BIBO, VCARD, SCHEMA, CVLD))
skos = Namespace(SKOS)  # skos:altLabel: another spelling of a person's name (VIVO has no term for it)
A = rdf.type


class Triples:
    """Collects N-Triples lines for one CV, skipping empty objects."""

    def __init__(self):
        self.lines: set[str] = set()
        self._origins: dict = {}
        self._find_origins = None
        # the lines that another CV of a department may state as well (None: any of them)
        self.shared: set[str] | None = None

    @property
    def origins(self) -> dict:
        """Node IRI -> the Location of the record it came from (found when first read: see :meth:`find_origins`)."""
        if self._find_origins is not None:
            self._origins, self._find_origins = self._find_origins(), None
        return self._origins

    @origins.setter
    def origins(self, value: dict) -> None:
        self._origins, self._find_origins = value, None

    def find_origins(self, find) -> None:
        """``origins`` are ``find()``, called when they are first read (a department's lines alone need none)."""
        self._find_origins = find

    def __getstate__(self):
        return {"lines": self.lines, "_origins": self.origins, "_find_origins": None, "shared": self.shared}

    def add(self, subject: str, predicate: str, obj: str | None) -> None:
        if obj is not None:
            self.lines.add(f"{subject} {predicate} {obj} .")

    def text(self, subject: str, predicate: str, value) -> None:
        if value is not None and value != "":
            self.add(subject, predicate, literal(value))

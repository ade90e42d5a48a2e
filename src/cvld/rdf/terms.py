"""N-Triples terms as plain strings: the cheapest form to build, merge, sort and write."""

from __future__ import annotations

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


def iri(value: str) -> str:
    """``<value>``; cvld's IRIs are checked URLs and record keys, so nothing needs escaping."""
    return f"<{value}>"


def literal(value, datatype: str | None = None, lang: str | None = None) -> str:
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    text = f'"{str(value).translate(_LITERAL_ESCAPES)}"'
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{text}^^<{datatype}>"
    return text


def integer(value: int) -> str:
    return literal(value, XSD + "int")


class Namespace:
    """``NS.term`` gives the N-Triples form ``<...term>``."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return f"<{self._base}{name}>"

    def __getitem__(self, name: str) -> str:
        return f"<{self._base}{name}>"


rdf, rdfs, xsd, owl, foaf = (Namespace(ns) for ns in (RDF, RDFS, XSD, OWL, FOAF))
vivo, obo, bibo, vcard, schema, cvld = (Namespace(ns) for ns in (VIVO, OBO, BIBO, VCARD, SCHEMA, CVLD))
skos = Namespace(SKOS)  # skos:altLabel: another spelling of a person's name (VIVO has no term for it)
A = rdf.type


class Triples:
    """Collects N-Triples lines for one CV, skipping empty objects."""

    def __init__(self):
        self.lines: set[str] = set()
        self.origins: dict = {}  # node IRI -> the Location of the record it came from
        # the lines that another CV of a department may state as well (None: any of them)
        self.shared: set[str] | None = None

    def add(self, subject: str, predicate: str, obj: str | None) -> None:
        if obj is not None:
            self.lines.add(f"{subject} {predicate} {obj} .")

    def text(self, subject: str, predicate: str, value) -> None:
        if value is not None and value != "":
            self.add(subject, predicate, literal(value))

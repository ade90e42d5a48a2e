"""cvld's own JSON-LD documents as N-Triples terms, without a general JSON-LD processor.

:func:`cvld.jsonld.write.build_jsonld` writes compacted JSON-LD against two fixed
contexts (schema.org's and cvld's); turning such a document into triples needs only a
small part of JSON-LD 1.1: terms and compact IRIs, ``@vocab``, ``@type`` coercion to
``@id`` or a datatype, node objects (named or blank), ``@list`` and arrays of strings,
integers and booleans. :func:`document_triples` reads exactly that part, in one walk over
the document, and gives the terms in the text forms pyoxigraph prints. Anything outside
it (another keyword, a nested context, a float, a relative IRI, a language tag) makes it
return ``None``, and the caller parses the document with pyoxigraph's JSON-LD parser
instead; tests check both routes give the same triples.
"""

from __future__ import annotations

import re
from typing import Callable

from cvld.rdf.terms import RDF, XSD, iri

_TYPE = "<" + RDF + "type>"  # constants (cvld.rdf.terms.iri would load pyoxigraph at import)
_FIRST = "<" + RDF + "first>"
_REST = "<" + RDF + "rest>"
_NIL = "<" + RDF + "nil>"
_INTEGER = "^^<" + XSD + "integer>"
_BOOLEAN = "^^<" + XSD + "boolean>"

# the escapes of pyoxigraph's N-Triples form of a literal
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
# an absolute IRI with nothing N-Triples or RFC 3987 refuses outright
_GEN_DELIMS = ":/?#[]@"
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*\Z")


class Unsupported(Exception):
    """The document uses JSON-LD beyond what :func:`document_triples` reads."""


def literal(text: str, suffix: str = "") -> str:
    """A literal exactly as pyoxigraph prints it (not :func:`cvld.rdf.terms.literal`'s shorter escapes):
    blank-node labels hash these texts, so both routes must give the same bytes."""
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"{suffix}'


class Context:
    """The term definitions of one (inlined) ``@context`` value: ``{term: (iri, coercion, container)}``."""

    def __init__(self, value):
        self.vocab: str | None = None
        self.terms: dict[str, tuple[str, str | None, str | None]] = {}
        self.prefixes: dict[str, str] = {}
        self.aliases: dict[str, str] = {"@id": "@id", "@type": "@type"}
        for part in value if isinstance(value, list) else [value]:
            if not isinstance(part, dict):
                raise Unsupported("a context that is not inlined")
            self._define(part)

    def _define(self, part: dict) -> None:
        pending = {}
        for term, definition in part.items():
            if term == "@vocab":
                self.vocab = definition
            elif term.startswith("@"):
                raise Unsupported(f"context keyword {term}")
            elif definition in ("@id", "@type"):
                self.aliases[term] = definition
            elif isinstance(definition, str):
                pending[term] = (definition, None, None)
            elif isinstance(definition, dict) and set(definition) <= {"@id", "@type", "@container"}:
                if definition.get("@container") not in (None, "@list", "@set"):
                    raise Unsupported("a container other than @list or @set")
                pending[term] = (definition.get("@id", term), definition.get("@type"), definition.get("@container"))
            else:
                raise Unsupported(f"the term definition of {term}")
        # prefixes first (simple terms whose IRI ends with a gen-delim): a definition may use them
        for term, (target, coercion, container) in pending.items():
            if ":" not in term and ":" in target and target[-1] in _GEN_DELIMS and coercion is None and container is None:
                self.prefixes[term] = target
        for term, (target, coercion, container) in pending.items():
            iri = self.expand(target, vocab=True)
            if coercion not in (None, "@id", "@vocab"):
                coercion = self.expand(coercion, vocab=True)
            self.terms[term] = (iri, coercion, container)

    def expand(self, value: str, vocab: bool) -> str:
        """An IRI from a term (``vocab``), a compact IRI or an absolute IRI."""
        if vocab and value in self.terms:
            return self.terms[value][0]
        prefix, colon, suffix = value.partition(":")
        if colon:
            if prefix in self.prefixes and not suffix.startswith("//"):
                value = self.prefixes[prefix] + suffix
            if not _ABSOLUTE_IRI.match(value) or prefix == "_":
                raise Unsupported(f"the IRI {value!r}")
            return value
        if vocab and self.vocab:
            return self.vocab + value
        raise Unsupported(f"the relative IRI {value!r}")


def document_triples(document: dict, rename: Callable[[str], str] | None = None) -> list[tuple[str, str, str]] | None:
    """The triples of a cvld JSON-LD document as ``(subject, predicate, object)`` N-Triples terms.

    Blank nodes are labelled ``_:j1``, ``_:j2``, ... in document order; ``rename`` (IRI -> IRI)
    is applied to every subject and object IRI. ``None`` means the document uses JSON-LD
    this reader does not (parse it with a full processor instead).
    """
    try:
        return _Walk(document, rename).triples
    except Unsupported:
        return None


def document_tree(document: dict, rename: Callable[[str], str] | None = None) -> tuple[list[tuple], int] | None:
    """:func:`document_triples` in tree form: ``(triples, blanks)``, each blank node an int ``0 .. blanks - 1``
    instead of a ``_:j`` label, numbered so that every blank node comes after the one holding it.

    A JSON-LD tree's blank nodes form a forest (each is written once, where it is held), so whoever
    labels them by what holds them and what they hold can do so in one pass each way over the numbers.
    ``None``: as :func:`document_triples`.
    """
    try:
        walk = _TreeWalk(document, rename)
    except Unsupported:
        return None
    return walk.triples, walk.blanks


class _Walk:
    def __init__(self, document: dict, rename: Callable[[str], str] | None):
        if not isinstance(document, dict) or set(document) - {"@context", "@graph"}:
            raise Unsupported("a top level other than @context and @graph")
        self.context = Context(document.get("@context", {}))
        self.rename = rename or (lambda iri: iri)
        self.named: dict[bool, dict[str, str]] = {False: {}, True: {}}  # vocab -> value -> its term
        self.triples: list[tuple[str, str, str]] = []
        self.blanks = 0
        self.properties: dict[str, tuple[str, str | None, str | None]] = {}
        for node in document.get("@graph", []):
            if not isinstance(node, dict):
                raise Unsupported("a value at the top of @graph")
            self.node(node)

    def iri(self, value: str, vocab: bool) -> str:
        """The N-Triples term of the IRI ``value`` expands to (renamed)."""
        named = self.named[vocab]
        found = named.get(value)
        if found is None:
            found = named[value] = iri(self.rename(self.context.expand(value, vocab)))
        return found

    def blank(self) -> str:
        self.blanks += 1
        return f"_:j{self.blanks}"

    def prop(self, key: str) -> tuple[str, str | None, str | None]:
        found = self.properties.get(key)
        if found is None:
            definition = self.context.terms.get(key)
            if definition is None:
                definition = (self.context.expand(key, vocab=True), None, None)
            found = self.properties[key] = (iri(definition[0]), definition[1], definition[2])
        return found

    def node(self, node: dict) -> str:
        """Emit the triples of a node object; its term."""
        aliases = self.context.aliases
        subject = None
        types = ()
        rest = []
        for key, value in node.items():
            keyword = aliases.get(key)
            if keyword is None:
                if key.startswith("@"):
                    raise Unsupported(f"the keyword {key} in a node")
                rest.append((key, value))
            elif keyword == "@id":
                if not isinstance(value, str):
                    raise Unsupported("an @id that is not a string")
                subject = self.iri(value, vocab=False)
            else:  # @type
                types = value if isinstance(value, list) else [value]
        if subject is None:
            subject = self.blank()
        emit = self.triples.append
        for name in types:
            if not isinstance(name, str):
                raise Unsupported("an @type that is not a string")
            emit((subject, _TYPE, self.iri(name, vocab=True)))
        properties = self.properties
        for key, value in rest:
            found = properties.get(key)
            predicate, coercion, container = found if found is not None else self.prop(key)
            if container == "@list":
                if isinstance(value, dict) and "@list" in value:
                    value = value["@list"]
                emit((subject, predicate, self.list(value if isinstance(value, list) else [value], coercion)))
                continue
            if value.__class__ is str and coercion is None:  # the most common value: a plain literal
                emit((subject, predicate, literal(value)))
                continue
            for item in value if isinstance(value, list) else (value,):
                kind = item.__class__
                if kind is str and coercion is None:
                    emit((subject, predicate, literal(item)))
                elif kind is dict and "@list" not in item and "@value" not in item:  # a node object
                    if len(item) == 1 and item.get("@id").__class__ is str:  # a reference: no triples of its own
                        emit((subject, predicate, self.iri(item["@id"], vocab=False)))
                    else:
                        emit((subject, predicate, self.node(item)))
                elif isinstance(item, dict) and "@list" in item:
                    if set(item) != {"@list"}:
                        raise Unsupported("a list object with other keys")
                    items = item["@list"]
                    emit((subject, predicate, self.list(items if isinstance(items, list) else [items], coercion)))
                elif isinstance(item, list):
                    raise Unsupported("an array inside an array")
                else:
                    obj = self.value(item, coercion)
                    if obj is not None:
                        emit((subject, predicate, obj))
        return subject

    def list(self, items: list, coercion) -> str:
        terms = []
        for item in items:
            if isinstance(item, (list, dict)) and (isinstance(item, list) or "@list" in item):
                raise Unsupported("a list inside a list")
            term = self.value(item, coercion)
            if term is not None:
                terms.append(term)
        if not terms:
            return _NIL
        head = self.blank()
        node = head
        for index, term in enumerate(terms):
            self.triples.append((node, _FIRST, term))
            following = self.blank() if index + 1 < len(terms) else _NIL
            self.triples.append((node, _REST, following))
            node = following
        return head

    def value(self, value, coercion) -> str | None:
        if value is None:
            return None
        if isinstance(value, dict):
            if "@value" in value:
                return self.value_object(value)
            return self.node(value)
        if isinstance(value, str):
            if coercion is None:
                return literal(value)
            if coercion == "@id":
                return self.iri(value, vocab=False)
            if coercion == "@vocab":
                return self.iri(value, vocab=True)
            if coercion == XSD + "string":
                return literal(value)
            return literal(value, "^^" + iri(coercion))
        if coercion is not None:
            raise Unsupported("a number or boolean with a coerced type")
        if isinstance(value, bool):
            return literal("true" if value else "false", _BOOLEAN)
        if isinstance(value, int):
            return literal(str(value), _INTEGER)
        raise Unsupported(f"the value {value!r}")

    def value_object(self, value: dict) -> str | None:
        if set(value) - {"@value", "@type"}:
            raise Unsupported("a value object with a language, index or direction")
        text = value["@value"]
        if text is None:
            return None
        datatype = value.get("@type")
        if not isinstance(text, str) or (datatype is not None and not isinstance(datatype, str)):
            raise Unsupported("a value object that is not a string")
        if datatype is None:
            return literal(text)
        expanded = self.context.expand(datatype, vocab=True)
        return literal(text) if expanded == XSD + "string" else literal(text, "^^" + iri(expanded))


class _TreeWalk(_Walk):
    """:class:`_Walk` with blank nodes as ints, a list's cells numbered before the item each holds."""

    def blank(self) -> int:
        self.blanks += 1
        return self.blanks - 1

    def list(self, items: list, coercion):
        emit = self.triples.append
        head = previous = cell = None
        for item in items:
            if isinstance(item, (list, dict)) and (isinstance(item, list) or "@list" in item):
                raise Unsupported("a list inside a list")
            if cell is None:
                cell = self.blank()  # before the item's own blank nodes: the cell holds it
            term = self.value(item, coercion)
            if term is None:
                continue  # the cell is kept for the next item
            emit((cell, _FIRST, term))
            if previous is None:
                head = cell
            else:
                emit((previous, _REST, cell))
            previous, cell = cell, None
        if previous is None:
            return _NIL
        emit((previous, _REST, _NIL))
        return head

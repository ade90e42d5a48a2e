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

import json
import re
from functools import lru_cache
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
        self.id_keys = tuple(key for key, keyword in self.aliases.items() if keyword == "@id")
        self.keys: dict = {}  # a node's key -> what it is (see _key_kind), learnt as documents are read

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


class Tree:
    """A document read as a tree (:func:`document_tree`): its blank nodes are ints ``0 .. len(holder) - 1``,
    each numbered after the one holding it (a JSON-LD tree's blank nodes form a forest: each is written
    once, where it is held). ``named``: the triples of named subjects; ``outgoing[b]``: blank node ``b``'s
    triples; ``holder[b]``: the triple holding it (None for a node at the top of ``@graph``)."""

    __slots__ = ("named", "outgoing", "holder")

    def __init__(self, named: list[tuple], outgoing: list[list[tuple]], holder: list[tuple | None]):
        self.named, self.outgoing, self.holder = named, outgoing, holder

    def triples(self) -> list[tuple]:
        """Every triple: the named subjects' then each blank node's."""
        return self.named + [triple for found in self.outgoing for triple in found]


def document_tree(document: dict, rename: Callable[[str], str] | None = None, dropped: set[str] | frozenset = frozenset(),
                  kept: str | None = None) -> Tree | None:
    """:func:`document_triples` in tree form, each blank node an int instead of a ``_:j`` label (see
    :class:`Tree`), so that whoever labels them by what holds them and what they hold can do so in one
    pass each way over the numbers. A named node of text values only that is written again as it was
    is read once (its triples are there already). ``None``: as :func:`document_triples`.

    ``dropped``: subject terms whose description the caller drops (their triples and the blank nodes they
    hold) but the triples by the predicate ``kept``: these are not read (the named nodes they hold are);
    the caller still drops them from the tree (a kept value that is no named node makes the node read whole).
    """
    try:
        walk = _TreeWalk(document, rename, dropped, kept)
    except Unsupported:
        return None
    return Tree(walk.triples, walk.outgoing, walk.holder)


_KEYWORD_ID, _KEYWORD_TYPE = 0, 1  # a node's key that is (an alias of) @id or @type, in Context.keys


@lru_cache(maxsize=8)
def _parsed_context(text: str) -> Context:
    """The :class:`Context` of a ``@context`` value's JSON text: parsed once per process for the few
    contexts cvld writes (every document of a department has the same one)."""
    return Context(json.loads(text))


def _context(value) -> Context:
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):  # not JSON: no document cvld wrote
        return Context(value)
    return _parsed_context(text)


def _key_kind(context: Context, key: str):
    """What ``key`` of a node is: ``_KEYWORD_ID``, ``_KEYWORD_TYPE`` or the property's
    ``(predicate term, coercion, container)``; remembered in ``context.keys``."""
    keyword = context.aliases.get(key)
    if keyword is not None:
        found = _KEYWORD_ID if keyword == "@id" else _KEYWORD_TYPE
    elif key.startswith("@"):
        raise Unsupported(f"the keyword {key} in a node")
    else:
        definition = context.terms.get(key)
        if definition is None:
            definition = (context.expand(key, vocab=True), None, None)
        found = (iri(definition[0]), definition[1], definition[2])
    context.keys[key] = found
    return found


class _Walk:
    def __init__(self, document: dict, rename: Callable[[str], str] | None):
        if not isinstance(document, dict) or set(document) - {"@context", "@graph"}:
            raise Unsupported("a top level other than @context and @graph")
        self.context = _context(document.get("@context", {}))
        self.rename = rename or (lambda iri: iri)
        self.ids: dict[str, str] = {}  # a node's @id (or a value coerced to @id) -> its term
        self.vocabulary: dict[str, str] = {}  # a type (or a value coerced to @vocab) -> its term
        self.triples: list[tuple[str, str, str]] = []
        self.blanks = 0
        for node in document.get("@graph", []):
            if not isinstance(node, dict):
                raise Unsupported("a value at the top of @graph")
            self.node(node)

    def iri(self, value: str, vocab: bool) -> str:
        """The N-Triples term of the IRI ``value`` expands to (renamed)."""
        named = self.vocabulary if vocab else self.ids
        found = named.get(value)
        if found is None:
            found = named[value] = iri(self.rename(self.context.expand(value, vocab)))
        return found

    def blank(self) -> str:
        self.blanks += 1
        return f"_:j{self.blanks}"


    def node(self, node: dict) -> str:
        """Emit the triples of a node object; its term."""
        context = self.context
        subject = None
        for key in context.id_keys:
            if key in node:
                value = node[key]
                if subject is not None or not isinstance(value, str):
                    raise Unsupported("two @id or an @id that is not a string")
                subject = self.ids.get(value) or self.iri(value, vocab=False)
        if subject is None:
            subject = self.blank()
        # a blank node of a tree (an int) has its own list of triples, and the tree knows what holds each
        emit = self.outgoing[subject].append if subject.__class__ is int else self.triples.append
        kinds = context.keys
        ids = self.ids
        for key, value in node.items():
            kind = kinds.get(key)
            if kind is None:
                kind = _key_kind(context, key)
            if kind.__class__ is not tuple:  # @id (above) or @type
                if kind == _KEYWORD_TYPE:
                    for name in value if isinstance(value, list) else (value,):
                        if not isinstance(name, str):
                            raise Unsupported("an @type that is not a string")
                        emit((subject, _TYPE, self.vocabulary.get(name) or self.iri(name, vocab=True)))
                continue
            predicate, coercion, container = kind
            if container == "@list":
                if isinstance(value, dict) and "@list" in value:
                    value = value["@list"]
                emit(self.held(subject, predicate, self.list(value if isinstance(value, list) else [value], coercion)))
                continue
            if value.__class__ is str and coercion is None:  # the most common value: a plain literal
                emit((subject, predicate, literal(value) if _NEEDS_ESCAPE.search(value) else f'"{value}"'))
                continue
            for item in value if isinstance(value, list) else (value,):
                cls = item.__class__
                if cls is str:
                    if coercion is None:
                        emit((subject, predicate, literal(item)))
                    elif coercion == "@id":
                        emit((subject, predicate, ids.get(item) or self.iri(item, vocab=False)))
                    else:
                        emit((subject, predicate, self.value(item, coercion)))
                elif cls is dict and "@list" not in item and "@value" not in item:  # a node object
                    if len(item) == 1 and item.get("@id").__class__ is str:  # a reference: no triples of its own
                        emit((subject, predicate, ids.get(item["@id"]) or self.iri(item["@id"], vocab=False)))
                    else:
                        emit(self.held(subject, predicate, self.node(item)))
                elif isinstance(item, dict) and "@list" in item:
                    if set(item) != {"@list"}:
                        raise Unsupported("a list object with other keys")
                    items = item["@list"]
                    emit(self.held(subject, predicate, self.list(items if isinstance(items, list) else [items], coercion)))
                elif isinstance(item, list):
                    raise Unsupported("an array inside an array")
                else:
                    obj = self.value(item, coercion)
                    if obj is not None:
                        emit((subject, predicate, obj))
        return subject

    def held(self, subject, predicate: str, obj) -> tuple:
        """The triple of a node's value that is a node or list just read (a tree remembers what holds it)."""
        triple = (subject, predicate, obj)
        if obj.__class__ is int:
            self.holder[obj] = triple
        return triple

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
    """:class:`_Walk` as a :class:`Tree`, a list's cells numbered before the item each holds."""

    def __init__(self, document: dict, rename: Callable[[str], str] | None, dropped, kept: str | None):
        self.outgoing: list[list[tuple]] = []
        self.holder: list[tuple | None] = []
        self.written: dict[str, dict] = {}  # @id -> the node of text values only read with it
        self.dropped, self.kept = dropped, kept
        super().__init__(document, rename)

    def node(self, node: dict):
        value = node.get("@id")
        if value.__class__ is not str:
            return _Walk.node(self, node)
        found = self.written.get(value)
        if found is not None and found == node:
            return self.ids[value]
        if self.dropped:
            term = self.ids.get(value) or self.iri(value, vocab=False)
            if term in self.dropped and self.dropped_node(term, node):
                return term
        term = _Walk.node(self, node)
        if found is None:
            for item in node.values():
                if item.__class__ is not str:
                    break
            else:
                self.written[value] = node
        return term

    def dropped_node(self, term: str, node: dict) -> bool:
        """Read a node whose description is dropped: only its triples by the ``kept`` property (when each
        of their objects is a named node) and the named nodes it holds (a dropped work's authors). False,
        having read nothing, when a kept value is no named node (the node is then read whole)."""
        context = self.context
        kept = {}
        for key, value in node.items():
            kind = context.keys.get(key) or _key_kind(context, key)
            if kind.__class__ is not tuple:
                if kind == _KEYWORD_ID and key != "@id":
                    return False  # a second @id: refused as the whole node is
            elif kind[0] == self.kept:
                if kind[2] == "@list" or not all(item.__class__ is str or self._named(item)
                                                 for item in (value if isinstance(value, list) else (value,))):
                    return False
                kept[key] = value
        for key, value in node.items():
            if (value.__class__ is dict or value.__class__ is list) and key not in kept:
                self.named_within(value)
        if kept:
            _Walk.node(self, {"@id": node["@id"], **kept})
        return True

    def _named(self, item) -> bool:
        return item.__class__ is dict and any(key in item for key in self.context.id_keys)

    def named_within(self, value) -> None:
        """Read the named nodes in ``value`` of a dropped description (its blank nodes go with it)."""
        context = self.context
        kinds, id_keys = context.keys, context.id_keys
        pending = [value]
        while pending:
            value = pending.pop()
            for item in value if isinstance(value, list) else (value,):
                if item.__class__ is not dict:
                    if isinstance(item, list):
                        pending.append(item)
                elif "@list" in item:
                    pending.append(item["@list"])
                elif "@value" not in item:
                    for key in id_keys:
                        if key in item:  # a named node (a reference alone has no triples)
                            if len(item) > 1:
                                self.node(item)
                            break
                    else:  # a blank node: what it holds
                        for key, held in item.items():
                            if (held.__class__ is dict or held.__class__ is list or key[:1] == "@") and (
                                    kinds.get(key) or _key_kind(context, key)).__class__ is tuple:
                                pending.append(held)

    def blank(self) -> int:
        self.holder.append(None)
        self.outgoing.append([])
        return len(self.holder) - 1

    def list(self, items: list, coercion):
        outgoing, holder = self.outgoing, self.holder
        head = previous = cell = None
        for item in items:
            if isinstance(item, (list, dict)) and (isinstance(item, list) or "@list" in item):
                raise Unsupported("a list inside a list")
            if cell is None:
                cell = self.blank()  # before the item's own blank nodes: the cell holds it
            term = self.value(item, coercion)
            if term is None:
                continue  # the cell is kept for the next item
            triple = (cell, _FIRST, term)
            outgoing[cell].append(triple)
            if term.__class__ is int:
                holder[term] = triple
            if previous is None:
                head = cell
            else:
                triple = (previous, _REST, cell)
                outgoing[previous].append(triple)
                holder[cell] = triple
            previous, cell = cell, None
        if previous is None:
            return _NIL
        outgoing[previous].append((previous, _REST, _NIL))
        return head

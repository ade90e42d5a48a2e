"""cvld's own JSON-LD documents expanded without a general JSON-LD processor.

:func:`cvld.jsonld.write.build_jsonld` writes compacted JSON-LD against two fixed contexts
(schema.org's and cvld's, both served from the package). Expanding such a document needs only a
small part of the JSON-LD 1.1 expansion algorithm: terms, compact IRIs with simple prefixes,
``@vocab``, ``@type`` coercion to ``@id`` or a datatype, node objects, ``@list`` objects, and
arrays of strings, numbers and booleans. :func:`own_expansion` does exactly that part, and gives
what pyld's ``jsonld.expand`` gives, key order included (pyld reads each node's keys sorted and
adds each expanded property in that order; ``@type`` becomes an array on a node and stays a
string in a value object). Anything outside it (another keyword, a context that is not one of
those two, a relative IRI, a blank node identifier, a key that would be dropped, a node that
would be dropped as free-floating, a number under a coerced term) makes it return ``None``, and
the caller expands with pyld instead; ``tests/test_check_fast_paths.py`` compares both.
"""

from __future__ import annotations

import json
import re

from cvld.core.recent import Recent
from cvld.jsonld.context import local_document, OfflineContextError

_KEYWORD_LIKE = re.compile(r"^@[a-zA-Z]+$")
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")  # pyld's absolute IRI test
_GEN_DELIMS = ":/?#[]@"


class _Unsupported(Exception):
    pass


class _Context:
    """The term definitions of one ``@context`` value made of the contexts cvld writes."""

    def __init__(self, value):
        self.vocab: str | None = None
        self.terms: dict[str, tuple[str, str | None]] = {}  # term -> (IRI, coercion: "@id", a datatype IRI or None)
        self.prefixes: dict[str, str] = {}
        self.aliases: set[str] = set()  # terms for @id and @type (schema.org's "id" and "type")
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, str):
                try:
                    part = local_document(part)["@context"]
                except OfflineContextError:
                    raise _Unsupported(part) from None
            if not isinstance(part, dict):
                raise _Unsupported("a context that is neither a URL nor a map")
            self._define(part)

    def _define(self, part: dict) -> None:
        simple, defined = {}, {}
        for term, definition in part.items():
            if term == "@vocab":
                if not isinstance(definition, str) or not _ABSOLUTE.match(definition) or definition.startswith("_:"):
                    raise _Unsupported("@vocab")
                self.vocab = definition
            elif definition in ("@id", "@type") and not term.startswith("@"):
                self.aliases.add(term)
                self.terms.pop(term, None)
                self.prefixes.pop(term, None)
            elif term.startswith("@") or definition is None:
                raise _Unsupported(f"the context entry {term}")
            elif isinstance(definition, str):
                simple[term] = definition
            elif isinstance(definition, dict) and set(definition) <= {"@id", "@type"} and "@id" in definition:
                defined[term] = definition
            else:
                raise _Unsupported(f"the term definition of {term}")
        for term, target in simple.items():  # JSON-LD 1.1: a simple term ending in a gen-delim is a prefix
            if not _ABSOLUTE.match(target) or target.startswith("_:"):
                raise _Unsupported(f"the prefix {term}")
            self.terms[term] = (target, None)
            self.aliases.discard(term)
            if ":" not in term and "/" not in term and target[-1] in _GEN_DELIMS:
                self.prefixes[term] = target
            else:
                self.prefixes.pop(term, None)
        for term, definition in defined.items():
            target, coercion = definition["@id"], definition.get("@type")
            if not isinstance(target, str) or ":" not in target or (coercion is not None and not isinstance(coercion, str)):
                raise _Unsupported(f"the term definition of {term}")
            iri = self.iri(target, vocab=False)
            if coercion is not None and coercion != "@id":
                if coercion.startswith("@"):
                    raise _Unsupported(f"the coercion of {term}")
                coercion = self.iri(coercion, vocab=True)
            self.terms[term] = (iri, coercion)
            self.prefixes.pop(term, None)
            self.aliases.discard(term)

    def iri(self, value: str, vocab: bool) -> str:
        """``value`` expanded as pyld's ``_expand_iri`` does (``vocab``: a property or type), or unsupported."""
        if _KEYWORD_LIKE.match(value):
            raise _Unsupported(f"the keyword-like {value}")
        if vocab and value in self.aliases:
            raise _Unsupported(f"the alias {value}")
        if vocab and value in self.terms:
            return self.terms[value][0]
        colon = value.find(":")
        if colon > 0:
            prefix, suffix = value[:colon], value[colon + 1:]
            if prefix == "_":
                raise _Unsupported("a blank node identifier")
            if suffix.startswith("//"):
                if not _ABSOLUTE.match(value):
                    raise _Unsupported(f"the IRI {value!r}")
                return value
            if prefix in self.prefixes:
                value = self.prefixes[prefix] + suffix
                if not _ABSOLUTE.match(value):
                    raise _Unsupported(f"the IRI {value!r}")
                return value
            if _ABSOLUTE.match(value):
                return value
        if vocab and self.vocab is not None:
            value = self.vocab + value
            if not _ABSOLUTE.match(value):
                raise _Unsupported(f"the IRI {value!r}")  # pyld drops such a property
            return value
        raise _Unsupported(f"the relative IRI {value!r}")


_CONTEXTS = Recent(8)  # the last contexts read, by the JSON text of the @context value


def _context(value) -> _Context:
    key = json.dumps(value, sort_keys=True)
    kept = _CONTEXTS.get(key)
    return kept if kept is not None else _CONTEXTS.keep(key, _Context(value))


def own_expansion(doc) -> list | None:
    """``doc`` expanded as pyld expands it (offline, no base), or None when ``doc`` uses JSON-LD beyond
    what this reads (expand it with pyld)."""
    if not isinstance(doc, dict) or "@context" not in doc:
        return None
    try:
        context = _context(doc["@context"])
        walk = _Walk(context)
        if set(doc) <= {"@context", "@graph"}:
            graph = doc.get("@graph", [])
            nodes = graph if isinstance(graph, list) else [graph]
        elif "@graph" in doc:
            raise _Unsupported("a named graph")
        else:
            nodes = [{key: value for key, value in doc.items() if key != "@context"}]
        expanded = []
        for node in nodes:
            if not isinstance(node, dict) or "@context" in node:
                raise _Unsupported("a top-level value that is not a node")
            found = walk.node(node)
            if len(found) == 0 or set(found) == {"@id"}:
                raise _Unsupported("a free-floating node")  # pyld drops it
            expanded.append(found)
        return expanded
    except (_Unsupported, RecursionError):
        return None


class _Walk:
    def __init__(self, context: _Context):
        self.context = context
        self.properties: dict[str, tuple[str, str | None]] = {}
        self.types: dict[str, str] = {}

    def prop(self, key: str) -> tuple[str, str | None]:
        found = self.properties.get(key)
        if found is None:
            if key in self.context.terms:
                found = self.context.terms[key]
            else:
                found = (self.context.iri(key, vocab=True), None)
            self.properties[key] = found
        return found

    def type_iri(self, value) -> str:
        if not isinstance(value, str):
            raise _Unsupported("an @type that is not a string")
        found = self.types.get(value)
        if found is None:
            found = self.types[value] = self.context.iri(value, vocab=True)
        return found

    def node(self, node: dict) -> dict:
        out: dict = {}
        for key in sorted(node):
            value = node[key]
            if key == "@id":
                if not isinstance(value, str):
                    raise _Unsupported("an @id that is not a string")
                out["@id"] = self.context.iri(value, vocab=False)
            elif key == "@type":
                items = value if isinstance(value, list) else [value]
                if not items:
                    raise _Unsupported("an empty @type")  # pyld leaves it out
                out["@type"] = [self.type_iri(item) for item in items]
            elif key.startswith("@"):
                raise _Unsupported(f"the keyword {key}")
            elif value is None:
                continue
            else:
                iri, coercion = self.prop(key)
                values = out.get(iri)
                if values is None:
                    values = out[iri] = []
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, list):
                        raise _Unsupported("an array inside an array")
                    expanded = self.value(item, coercion)
                    if expanded is not None:
                        values.append(expanded)
        return out

    def value(self, value, coercion):
        if value is None:
            return None
        if isinstance(value, dict):
            if "@list" in value:
                if set(value) != {"@list"}:
                    raise _Unsupported("a list object with other keys")
                items = value["@list"]
                out = []
                for item in items if isinstance(items, list) else [items]:
                    if isinstance(item, (list, dict)) and (isinstance(item, list) or "@list" in item):
                        raise _Unsupported("a list inside a list")
                    expanded = self.value(item, coercion)
                    if expanded is not None:
                        out.append(expanded)
                return {"@list": out}
            return self.node(value)  # which declines a value object, a nested context and any other keyword
        if isinstance(value, str):
            if coercion == "@id":
                return {"@id": self.context.iri(value, vocab=False)}
            if coercion is not None:
                return {"@type": coercion, "@value": value}
            return {"@value": value}
        if coercion is not None:
            raise _Unsupported("a number or boolean under a coerced term")
        if isinstance(value, (bool, int, float)):
            return {"@value": value}
        raise _Unsupported(f"the value {value!r}")


__all__ = ["own_expansion"]

"""The schema.org vocabulary as the JSON-LD check needs it: names, classes, domains, ranges.

Two sources, one shape (:class:`Vocabulary`):
- the compact table shipped with cvld (``schemaorg_terms.json``): every schema.org term
  by name, every superseded term, and the classes, domains and ranges of the terms cvld
  emits. It is JSON, so the default check needs neither rdflib nor the network.
- a full schema.org release file (Turtle or JSON-LD) that a user has, read with rdflib:
  ``cvld check --vocab FILE``.

:func:`term_table` derives the compact table from a full vocabulary; a test regenerates
it from the release in ``../shared/schemaorg`` and compares, so the table cannot drift.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cvld.core.resources import SCHEMAORG_TERMS_PATH
from cvld.core.diagnostics import UsageError
from cvld.core.io import read_input, write_atomic
from cvld.jsonld.context import SCHEMA_HTTP, SCHEMA_HTTPS, OfflineContextError, inline_contexts

TABLE_PATH = SCHEMAORG_TERMS_PATH
ATTIC = "https://attic.schema.org"
MAX_VOCABULARY_BYTES = 64 * 1024 * 1024  # a full schema.org release is about 1.5 MiB


class VocabularyError(ValueError):
    """A vocabulary file that cannot be read as schema.org."""


def local_name(iri: str) -> str | None:
    """``Person`` for ``http(s)://schema.org/Person``; None for any other namespace."""
    for prefix in (SCHEMA_HTTPS, SCHEMA_HTTP):
        if iri.startswith(prefix):
            return iri[len(prefix):]
    return None


@dataclass
class Vocabulary:
    """schema.org terms by local name (``Person``, ``author``)."""

    version: str | None
    types: set[str] = field(default_factory=set)  # every class, data types included
    properties: set[str] = field(default_factory=set)
    members: dict[str, list[str]] = field(default_factory=dict)  # enumeration member -> its types
    superseded: dict[str, str] = field(default_factory=dict)  # term -> the term that replaces it
    retired: set[str] = field(default_factory=set)  # attic terms, when the file has them
    parents: dict[str, list[str]] = field(default_factory=dict)  # detailed classes -> direct superclasses
    domains: dict[str, list[str]] = field(default_factory=dict)  # detailed properties
    ranges: dict[str, list[str]] = field(default_factory=dict)
    datatypes: set[str] = field(default_factory=set)  # Text, URL, Date, Integer, ...
    source: str = "schema.org"

    @property
    def label(self) -> str:
        return f"schema.org {self.version}" if self.version else self.source

    def knows(self, name: str) -> bool:
        return name in self.types or name in self.properties or name in self.members

    def has_details(self, name: str) -> bool:
        if name in self.properties:
            return name in self.domains
        if name in self.types:
            return name in self.parents
        return name in self.members

    def ancestors(self, name: str) -> frozenset[str]:
        """The class and all its superclasses (only as far as details are known); computed once a name."""
        known = self.__dict__.setdefault("_ancestors", {})
        if name not in known:
            known[name] = frozenset(self._climb(name))
        return known[name]

    def _climb(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo.extend(self.parents.get(current, ()))
        return seen


# --- reading a full release --------------------------------------------------------


def load_vocabulary_file(path: str | Path, version: str | None = None) -> Vocabulary:
    """Read a full schema.org release file (Turtle ``.ttl`` or JSON-LD ``.jsonld``/``.json``)."""
    import warnings

    from rdflib import Graph

    path = Path(path)
    fmt = "turtle" if path.suffix in (".ttl", ".turtle") else "json-ld" if path.suffix in (".jsonld", ".json") else None
    if fmt is None:
        raise VocabularyError(f"{path}: a schema.org vocabulary file must be Turtle (.ttl) or JSON-LD (.jsonld)")
    try:
        raw = read_input(path, MAX_VOCABULARY_BYTES)
    except UsageError as error:
        raise VocabularyError(str(error)) from None
    if len(raw) > MAX_VOCABULARY_BYTES:
        raise VocabularyError(f"{path}: larger than {MAX_VOCABULARY_BYTES // (1024 * 1024)} MiB; "
                              "a schema.org release is a few MiB")
    graph = Graph()
    try:
        text = raw.decode("utf-8-sig")
        if fmt == "json-ld":  # rdflib would fetch a remote @context: each is the shipped copy or refused
            text = json.dumps(inline_contexts(json.loads(text)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except OfflineContextError as error:
        raise VocabularyError(f"{path}: {error}; put the context in the file itself") from None
    except Exception as error:  # rdflib raises many kinds of parse errors
        raise VocabularyError(f"{path}: not a readable {fmt} file: {error}") from None
    vocabulary = vocabulary_from_graph(graph, version)
    vocabulary.source = str(path)
    if not vocabulary.types:
        raise VocabularyError(f"{path}: has no schema.org classes")
    return vocabulary


def vocabulary_from_graph(graph, version: str | None = None) -> Vocabulary:
    """A :class:`Vocabulary` from an rdflib graph of schema.org (http or https IRIs)."""
    from rdflib import RDF, RDFS, URIRef

    vocab = Vocabulary(version)
    schema_terms = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and local_name(str(subject)):
            schema_terms[local_name(str(subject))] = subject

    def names(subject, predicate_name) -> list[str]:
        found = set()
        for prefix in (SCHEMA_HTTPS, SCHEMA_HTTP):
            for obj in graph.objects(subject, URIRef(prefix + predicate_name)):
                name = local_name(str(obj))
                if name:
                    found.add(name)
        return sorted(found)

    for name, subject in schema_terms.items():
        kinds = {local_name(str(t)) or str(t) for t in graph.objects(subject, RDF.type)}
        if str(RDFS.Class) in kinds:
            vocab.types.add(name)
            vocab.parents[name] = sorted(n for n in (local_name(str(o)) for o in graph.objects(subject, RDFS.subClassOf)) if n)
        if str(RDF.Property) in kinds:
            vocab.properties.add(name)
            vocab.domains[name] = names(subject, "domainIncludes")
            vocab.ranges[name] = names(subject, "rangeIncludes")
        if "DataType" in kinds:
            vocab.datatypes.add(name)
        member_of = sorted(k for k in kinds if k and k not in (str(RDFS.Class), str(RDF.Property), "DataType")
                           and "/" not in k and ":" not in k)
        if member_of and name not in vocab.properties:
            vocab.members[name] = member_of
        replaced = names(subject, "supersededBy")
        if replaced:
            vocab.superseded[name] = replaced[0]
        if any(str(o) in (ATTIC, ATTIC + "/") for o in graph.objects(subject, URIRef(SCHEMA_HTTPS + "isPartOf"))) or any(
            str(o) in (ATTIC, ATTIC + "/") for o in graph.objects(subject, URIRef(SCHEMA_HTTP + "isPartOf"))
        ):
            vocab.retired.add(name)
    # data types: the DataType instances and every class below them (URL, Integer, ...)
    changed = True
    while changed:
        changed = False
        for name, parents in vocab.parents.items():
            if name not in vocab.datatypes and any(p in vocab.datatypes for p in parents):
                vocab.datatypes.add(name)
                changed = True
    return vocab


# --- the compact table ---------------------------------------------------------------


def term_table(vocab: Vocabulary, terms: list[str] | set[str]) -> dict:
    """The compact table for ``terms`` (types, properties, enumeration members) of ``vocab``.

    Classes come with all their superclasses; data types always come in full.
    """
    missing = sorted(t for t in terms if not vocab.knows(t))
    if missing:
        raise VocabularyError(f"not in {vocab.label}: {', '.join(missing)}")
    types: set[str] = set(vocab.datatypes)
    for term in terms:
        if term in vocab.types:
            types |= vocab.ancestors(term)
        for member_type in vocab.members.get(term, ()):
            types |= vocab.ancestors(member_type)
    properties = sorted(t for t in terms if t in vocab.properties)
    return {
        "about": "Generated by cvld.jsonld.vocabulary.term_table from the schema.org release named below; "
        "do not edit by hand (tests/test_jsonld_vocabulary.py regenerates and compares it).",
        "schemaorg_version": vocab.version,
        "names": {
            "types": sorted(vocab.types),
            "properties": sorted(vocab.properties),
            "members": sorted(vocab.members),
        },
        "superseded": dict(sorted(vocab.superseded.items())),
        "datatypes": sorted(vocab.datatypes),
        "types": {t: vocab.parents.get(t, []) for t in sorted(types)},
        "properties": {p: {"domain": vocab.domains[p], "range": vocab.ranges[p]} for p in properties},
        "members": {m: vocab.members[m] for m in sorted(t for t in terms if t in vocab.members)},
    }


def table_terms(table: dict) -> list[str]:
    """The terms a compact table was made for (its detailed properties, classes and members)."""
    return sorted(set(table["properties"]) | set(table["types"]) | set(table["members"]))


def dumps_table(table: dict) -> str:
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"


def vocabulary_from_table(table: dict) -> Vocabulary:
    names = table["names"]
    vocab = Vocabulary(table.get("schemaorg_version"), source="cvld's schema.org term table")
    vocab.types = set(names["types"])
    vocab.properties = set(names["properties"])
    vocab.members = {m: [] for m in names["members"]}
    vocab.members.update({m: list(types) for m, types in table["members"].items()})
    vocab.superseded = dict(table["superseded"])
    vocab.datatypes = set(table["datatypes"])
    vocab.parents = {t: list(p) for t, p in table["types"].items()}
    vocab.domains = {p: list(d["domain"]) for p, d in table["properties"].items()}
    vocab.ranges = {p: list(d["range"]) for p, d in table["properties"].items()}
    return vocab


@lru_cache(maxsize=1)
def _shipped_table() -> str:
    return TABLE_PATH.read_text(encoding="utf-8")


def shipped_vocabulary() -> Vocabulary:
    """The compact table that ships with cvld (a fresh object each call)."""
    return vocabulary_from_table(json.loads(_shipped_table()))


def main(argv: list[str] | None = None) -> int:
    """Regenerate the shipped table: ``python -m cvld.jsonld.vocabulary VOCAB.ttl VERSION [TERM...]``."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    vocab = load_vocabulary_file(args[0], args[1])
    current = table_terms(json.loads(_shipped_table())) if TABLE_PATH.exists() else []
    terms = sorted(set(current) | set(args[2:]))

    write_atomic(TABLE_PATH, dumps_table(term_table(vocab, terms)))
    print(f"wrote {TABLE_PATH} ({len(terms)} terms from {vocab.label})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

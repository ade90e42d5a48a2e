"""Offline JSON-LD: the contexts cvld uses, served from the package, never from the network.

``https://schema.org`` (http or https, with or without a trailing path such as
``/docs/jsonldcontext.jsonld``) is answered with ``contexts/schemaorg.jsonld``: a small
context derived from the schema.org 30.0 release context that expands every document
exactly as the served one does (``@vocab`` ``http://schema.org/``, the same prefixes, the
same ``@id`` and ``Date`` coercions; every other served term is ``schema:TERM``, which
``@vocab`` gives as well). cvld's own context (``contexts/cvld.jsonld``) is answered at
:data:`CVLD_CONTEXT_URL`. Any other remote context is refused, so nothing touches the
network.

- pyld: pass :func:`document_loader` as ``documentLoader`` (or use :func:`expand`).
- rdflib has no loader hook: :func:`inline_contexts` replaces every remote context by its
  local content before parsing; :func:`to_graph` does both.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from urllib.parse import urlsplit

from cvld.core.resources import contexts_dir

SCHEMA_HTTP = "http://schema.org/"
SCHEMA_HTTPS = "https://schema.org/"
CVLD_NS = "https://w3id.org/cvld/ns#"
CVLD_CONTEXT_URL = "https://w3id.org/cvld/context/v1.jsonld"

SCHEMAORG_CONTEXT_FILE = "schemaorg.jsonld"
CVLD_CONTEXT_FILE = "cvld.jsonld"


class OfflineContextError(ValueError):
    """A remote JSON-LD context or document that cvld will not fetch."""


@lru_cache(maxsize=None)
def _context_file(name: str) -> dict:
    return json.loads((contexts_dir() / name).read_text(encoding="utf-8"))


def schemaorg_context() -> dict:
    """The local stand-in for the context served at https://schema.org (a fresh copy)."""
    return copy.deepcopy(_context_file(SCHEMAORG_CONTEXT_FILE))


def cvld_context() -> dict:
    """cvld's own context document, ``{"@context": {...}}`` (a fresh copy)."""
    return copy.deepcopy(_context_file(CVLD_CONTEXT_FILE))


def is_schemaorg_url(url: str) -> bool:
    """``http(s)://schema.org`` with any path (``/``, ``/docs/jsonldcontext.json``, ...)."""
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and parts.netloc.lower() in ("schema.org", "www.schema.org")


def local_document(url: str) -> dict:
    """The local JSON document for a context URL, or :class:`OfflineContextError`."""
    if is_schemaorg_url(url):
        return schemaorg_context()
    if url.split("#")[0] in (CVLD_CONTEXT_URL, CVLD_CONTEXT_URL.replace("https:", "http:", 1)):
        return cvld_context()
    raise OfflineContextError(f"cvld works offline and has no local copy of the JSON-LD context '{url}'")


def document_loader(url: str, options: dict | None = None) -> dict:
    """A pyld document loader that answers from the package and never fetches."""
    from pyld.jsonld import JsonLdError

    try:
        document = local_document(url)
    except OfflineContextError as error:
        raise JsonLdError(str(error), "jsonld.LoadDocumentError", code="loading document failed") from None
    # "static": pyld keeps the processed context between calls (a context is processed once, not once per page)
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document,
            "tag": "static"}


def expand(doc: dict | list, base: str | None = None) -> list:
    """Expand a JSON-LD document with pyld, offline."""
    from pyld import jsonld

    options: dict = {"documentLoader": document_loader}
    if base:
        options["base"] = base
    return jsonld.expand(doc, options)  # pyld expands a deep copy of the document: ``doc`` is left as it is


def inline_contexts(doc):
    """A copy of ``doc`` whose remote ``@context`` references are replaced by local content.

    Nested contexts (inside nodes or term definitions) are replaced as well; a URL with
    no local copy raises :class:`OfflineContextError`.
    """
    if isinstance(doc, list):
        return [inline_contexts(item) for item in doc]
    if not isinstance(doc, dict):
        return doc
    out = {}
    for key, value in doc.items():
        if key == "@context":
            out[key] = _inline_context_value(value)
        else:
            out[key] = inline_contexts(value)
    return out


def _inline_context_value(value):
    if isinstance(value, str):
        return _inline_context_value(local_document(value)["@context"])
    if isinstance(value, list):
        flat = []
        for item in value:
            resolved = _inline_context_value(item)
            flat.extend(resolved if isinstance(resolved, list) else [resolved])
        return flat
    if isinstance(value, dict):
        inlined = {k: (_inline_context_value(v) if k == "@context" else inline_contexts(v))
                   for k, v in value.items() if k != "@import"}
        if "@import" in value:  # JSON-LD 1.1: a remote context's terms, then this one's
            imported = _inline_context_value(value["@import"]) if isinstance(value["@import"], str) else None
            if not isinstance(imported, dict):
                raise OfflineContextError(f"cvld cannot import the JSON-LD context {value['@import']!r}")
            inlined = {**imported, **inlined}
        return inlined
    return value


def to_graph(doc, graph=None, base: str | None = None):
    """Parse a JSON-LD document into an rdflib graph without touching the network."""
    import warnings

    from rdflib import Graph

    target = graph if graph is not None else Graph()
    with warnings.catch_warnings():  # rdflib's own parser builds a ConjunctiveGraph internally
        warnings.simplefilter("ignore", DeprecationWarning)
        target.parse(data=json.dumps(inline_contexts(doc)), format="json-ld", base=base)
    return target


def derive_schemaorg_context(served: dict) -> dict:
    """The local stand-in derived from a schema.org release context (``jsonldcontext.json``).

    Keeps every entry that ``@vocab`` alone would not give: keywords, prefixes, coerced
    terms and terms mapped elsewhere; drops only the plain ``{"@id": "schema:TERM"}`` ones.
    """
    kept = {}
    for term, definition in served["@context"].items():
        plain = isinstance(definition, dict) and definition == {"@id": f"schema:{term}"}
        if not plain:
            kept[term] = definition
    return {"@context": kept}


def normalise_schema_iri(iri: str) -> str:
    """Compare schema.org IRIs in one form: ``https://schema.org/``."""
    return SCHEMA_HTTPS + iri[len(SCHEMA_HTTP):] if iri.startswith(SCHEMA_HTTP) else iri

"""The JSON-LD check: every term is schema.org's (or cvld's), current, on a node it fits, with a value it fits.

The document is expanded offline (pyld with cvld's loader), then every node is walked:

- each ``@type`` and property exists in the vocabulary and is not superseded or retired;
- each property's ``domainIncludes`` holds one of the node's types or a superclass;
- each value fits the property's ``rangeIncludes``: a node by its types (through
  subclasses), a literal by its data type (Text, URL, Date, DateTime, Integer, ...), an IRI
  as a URL or, for a schema.org enumeration member, by the member's type.

schema.org's Role pattern is honoured: a ``Role`` may stand as the value of any property,
and a Role reached through property P may itself carry P.

Google's ProfilePage and Article rules for rich results are checked apart
(:func:`google_findings`): missing required fields are errors, recommendations warnings.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from cvld.jsonld.context import CVLD_NS, expand
from cvld.jsonld.expansion import own_expansion
from cvld.core.resources import contexts_dir
from cvld.jsonld.vocabulary import Vocabulary, local_name, shipped_vocabulary
from cvld.core.diagnostics import Diagnostic, Location
from cvld.core.recent import Recent
from cvld.core.text import either
from cvld.jsonld.write import PROFILES, build_jsonld, node_origins
from cvld.model.iris import Iris

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_TYPES = {
    "string": "Text", "anyURI": "URL", "date": "Date", "dateTime": "DateTime", "time": "Time",
    "integer": "Integer", "int": "Integer", "long": "Integer", "decimal": "Number", "double": "Float",
    "float": "Float", "boolean": "Boolean",
}
_DATE = re.compile(r"^-?\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_DATETIME = re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_URL = re.compile(r"^(https?|mailto|tel|urn|ftp):\S+$", re.IGNORECASE)
CVLD_VOCAB_FILE = "cvld-vocab.jsonld"
VOCABULARY_CODE = "jsonld-vocabulary"


def finding(node: str, path: str, message: str, severity: str = "error", code: str = "") -> Diagnostic:
    """A problem in a JSON-LD document, located at the node it is about (its ``@id``) and the path from it."""
    return Diagnostic(Location(node, path=path), message, severity, code)


@dataclass(frozen=True)
class CvldTerm:
    kind: str  # "type", "property" or "individual"
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def cvld_terms() -> dict[str, CvldTerm]:
    """cvld's own terms (``contexts/cvld-vocab.jsonld``) by local name."""
    doc = json.loads((contexts_dir() / CVLD_VOCAB_FILE).read_text(encoding="utf-8"))
    terms = {}
    for entry in doc["@graph"]:
        name = entry["@id"].removeprefix("cvld:")
        kind = {"rdf:Property": "property", "rdfs:Class": "type"}.get(entry["@type"], "individual")
        names = lambda key: tuple(v["@id"].removeprefix("schema:") for v in entry.get(key, []))  # noqa: E731
        terms[name] = CvldTerm(kind, names("schema:domainIncludes"), names("schema:rangeIncludes"))
    return terms


def _show(iri: str) -> str:
    name = local_name(iri)
    if name is not None:
        return f"schema:{name}"
    if iri.startswith(CVLD_NS):
        return f"cvld:{iri[len(CVLD_NS):]}"
    return iri


_NO_TYPES: frozenset = frozenset()


def _node_objects(value):
    """Every node object (and node reference) in an expanded document, depth first."""
    if isinstance(value, list):
        for item in value:
            yield from _node_objects(item)
    elif isinstance(value, dict) and "@value" not in value:
        if "@list" not in value and "@set" not in value:
            yield value
        for key, item in value.items():
            if key not in ("@id", "@type"):
                yield from _node_objects(item)


_JUDGEMENTS = Recent(4)  # id(vocabulary) -> (the vocabulary, judged, props, fitting)


def _judgements(vocab: Vocabulary) -> tuple[dict, dict, dict]:
    """The caches of what :class:`_Checker` judges of terms in ``vocab`` (kept with it, so its id stays its own)."""
    kept = _JUDGEMENTS.get(id(vocab))
    if kept is None or kept[0] is not vocab:
        kept = _JUDGEMENTS.keep(id(vocab), (vocab, {}, {}, {}))
    return kept[1], kept[2], kept[3]


@dataclass(frozen=True)
class _Shown:
    """How a finding shows a literal: ``shown`` as it is, or ``the text "..."`` (JSON-quoted) and a ``note``."""

    shown: str = ""
    text: str | None = None
    note: str = ""

    def __str__(self) -> str:
        if self.text is None:
            return self.shown
        return f"the text {json.dumps(self.text, ensure_ascii=False)}{self.note}"


class _Checker:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.cvld = cvld_terms()
        self.findings: list[Diagnostic] = []
        self.found: set[Diagnostic] = set()
        self.types_of: dict[str, set[str]] = {}
        self.lookups: dict[str, frozenset] | None = None  # what the walk of one node read of types_of
        # what depends on the vocabulary and a term alone, judged once a vocabulary (every page's walk shares it):
        # (iri, want) -> (name, problem); prop -> (step, domain, range); (names, kinds) -> whether a kind fits
        self.judged, self.props, self.fitting = _judgements(vocab)

    def add(self, node: str, path: str, message: str) -> None:
        found = finding(node, path, message, code=VOCABULARY_CODE)
        if found not in self.found:
            self.found.add(found)
            self.findings.append(found)

    def types_elsewhere(self, iri: str) -> set[str]:
        """The types the document gives the node ``iri`` (anywhere in it)."""
        found = self.types_of.get(iri, _NO_TYPES)
        if self.lookups is not None:
            self.lookups[iri] = frozenset(found)
        return found

    # --- terms ---------------------------------------------------------------------

    def term(self, iri: str, want: str, node: str, path: str) -> str | None:
        """The term's name if it can be checked further, after reporting what is wrong with it."""
        judged = self.judged.get((iri, want))
        if judged is None:
            judged = self.judged[(iri, want)] = self._judge(iri, want)
        name, problem = judged
        if problem is not None:
            self.add(node, path, problem)
        return name

    def _judge(self, iri: str, want: str) -> tuple[str | None, str | None]:
        """(the term's name if it can be checked further, what is wrong with it): a function of the term."""
        label = self.vocab.label
        name = local_name(iri)
        if name is None:
            if iri.startswith(CVLD_NS):
                own = self.cvld.get(iri[len(CVLD_NS):])
                if own is None or own.kind != want:
                    return None, f"unknown {want} {_show(iri)} (not in cvld's vocabulary)"
            return None, None  # other vocabularies are not ours to judge
        if not self.vocab.knows(name):
            return None, f"unknown {want} schema:{name} (not in {label})"
        is_wanted = name in (self.vocab.properties if want == "property" else self.vocab.types)
        if not is_wanted:
            kind = self._kind(name)
            return None, f"schema:{name} is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not a {want}"
        if name in self.vocab.retired:
            return None, f"{want} schema:{name} is retired (in the attic of {label})"
        if name in self.vocab.superseded:
            return None, f"{want} schema:{name} is superseded by schema:{self.vocab.superseded[name]}"
        if not self.vocab.has_details(name):
            return None, (f"schema:{name} is in {label} but not in cvld's term table; "
                          "check it against a full schema.org release")
        return name, None

    def _kind(self, name: str) -> str:
        if name in self.vocab.types:
            return "type"
        if name in self.vocab.properties:
            return "property"
        return "enumeration member"

    # --- walking -------------------------------------------------------------------

    def index(self, nodes) -> None:
        for node in _node_objects(nodes):
            if "@id" in node and "@type" in node:
                self.types_of.setdefault(node["@id"], set()).update(node["@type"])

    def node_types(self, node: dict) -> set[str]:
        """Checked schema.org type names of a node (own and from elsewhere in the document)."""
        iris = set(node.get("@type", ()))
        if "@id" in node:
            iris |= self.types_elsewhere(node["@id"])
        names = set()
        for iri in iris:
            name = local_name(iri)
            if name is not None and name in self.vocab.parents:
                names.add(name)
        return names

    def is_role(self, types: set[str]) -> bool:
        return any("Role" in self.vocab.ancestors(t) for t in types)

    def walk(self, node: dict, anchor: str, path: str, via: str | None) -> None:
        if "@id" in node and not node["@id"].startswith("_:"):
            anchor, path = node["@id"], ""
        for type_iri in node.get("@type", ()):
            self.term(type_iri, "type", anchor, path)
        types = self.node_types(node)
        for i, inner in enumerate(node.get("@graph", ())):  # a named graph's nodes
            self.walk(inner, anchor, f"{path}.@graph[{i}]" if path else f"@graph[{i}]", None)
        for prop, values in node.items():
            if prop.startswith("@"):
                continue
            known = self.props.get(prop)
            if known is None:
                name, _ = self.judged.get((prop, "property")) or self._judge(prop, "property")
                known = self.props[prop] = (self._step(prop), self._domain(prop, name), self._range(prop, name))
            step, domain, ranges = known
            where = f"{path}.{step}" if path else step
            self.term(prop, "property", anchor, where)
            if domain is not None and types:
                role_pattern = via == prop and self.is_role(types)
                if not role_pattern and not self.fits(domain, types):
                    self.add(anchor, where, f"property {_show(prop)} does not apply to {either(sorted(types))} "
                             f"(domainIncludes: {', '.join(domain)})")
            for i, value in enumerate(values):
                self.value(prop, ranges, value, anchor, f"{where}[{i}]" if len(values) > 1 else where)

    def fits(self, names, kinds) -> bool:
        """Whether one of ``kinds`` is one of ``names`` or below one (through subclasses)."""
        key = (tuple(names), frozenset(kinds))
        found = self.fitting.get(key)
        if found is None:
            found = self.fitting[key] = any(set(names) & self.vocab.ancestors(k) for k in kinds)
        return found

    def _step(self, prop: str) -> str:
        shown = _show(prop)
        return shown.removeprefix("schema:")

    def _domain(self, prop: str, name: str | None):
        if name is not None:
            return self.vocab.domains.get(name) or None
        own = self.cvld.get(prop[len(CVLD_NS):]) if prop.startswith(CVLD_NS) else None
        return list(own.domain) or None if own and own.kind == "property" else None

    def _range(self, prop: str, name: str | None):
        if name is not None:
            return self.vocab.ranges.get(name) or None
        own = self.cvld.get(prop[len(CVLD_NS):]) if prop.startswith(CVLD_NS) else None
        return list(own.range) or None if own and own.kind == "property" else None

    def value(self, prop: str, ranges, value, anchor: str, where: str) -> None:
        if isinstance(value, dict) and "@list" in value:
            for i, item in enumerate(value["@list"]):
                self.value(prop, ranges, item, anchor, f"{where}[{i}]")
            return
        if isinstance(value, dict) and "@value" in value:
            if ranges:
                kinds, shown = self.literal(value)
                if not kinds or not self.fits(ranges, kinds):
                    self.add(anchor, where, f"{_show(prop)} expects {either(ranges)}, not {shown}")
            return
        if not isinstance(value, dict):
            return
        if ranges:
            self.check_node_value(prop, ranges, value, anchor, where)
        if set(value) - {"@id"}:  # an embedded node: walk it
            self.walk(value, anchor, where, prop)

    def check_node_value(self, prop: str, ranges, value: dict, anchor: str, where: str) -> None:
        if set(value) == {"@id"} and "URL" in ranges:
            return  # an IRI is a URL, whatever the node it names
        types = self.node_types(value)
        declared = set(value.get("@type", ())) | self.types_elsewhere(value.get("@id", ""))
        if declared:
            if not types or self.is_role(types):
                return  # unknown types are reported where they are declared; a Role fits anywhere
            if not self.fits(ranges, types):
                self.add(anchor, where, f"{_show(prop)} expects {either(ranges)}, not {either(sorted(types))}")
            return
        iri = value.get("@id")
        if iri is None or set(value) - {"@id"}:
            return  # an untyped node: nothing to compare
        member = local_name(iri)
        if member is not None and member in self.vocab.members and not self.vocab.members[member]:
            self.add(anchor, where, f"schema:{member} is in {self.vocab.label} but not in cvld's term table; "
                     "check it against a full schema.org release")
            return
        if member is not None and member in self.vocab.members:
            fits = any(set(ranges) & self.vocab.ancestors(t) for t in self.vocab.members[member] + ["URL"])
            if not fits:
                self.add(anchor, where, f"{_show(prop)} expects {either(ranges)}, not schema:{member} "
                         f"(a {either(self.vocab.members[member])})")
            return
        if all(r in self.vocab.datatypes for r in ranges) and not set(ranges) & self.vocab.ancestors("URL"):
            self.add(anchor, where, f"{_show(prop)} expects {either(ranges)}, not the IRI <{iri}>")

    def literal(self, value: dict) -> tuple[set[str], "_Shown"]:
        """The data types a literal fits, and how a finding shows it (made only for a finding)."""
        raw = value["@value"]
        if isinstance(raw, bool):
            return {"Boolean"}, _Shown(f"the boolean {json.dumps(raw)}")
        if isinstance(raw, int):
            return {"Integer"}, _Shown(f"the number {raw}")
        if isinstance(raw, float):
            return {"Float"}, _Shown(f"the number {raw}")
        text = str(raw)
        declared = value.get("@type")
        if declared:
            name = local_name(declared)
            if name is None and declared.startswith(XSD):
                name = _XSD_TYPES.get(declared[len(XSD):])
            if name in ("Date", "DateTime", "Time"):
                kinds = self._temporal(text)
                return kinds, _Shown(text=text, note="" if kinds else f" (not an ISO 8601 {name})")
            if name is None:
                return set(self.vocab.datatypes), _Shown(text=text)  # a datatype of another vocabulary: not judged
            return {name}, _Shown(text=text)
        kinds = {"Text"} | self._temporal(text)
        if _URL.match(text):
            kinds.add("URL")
        return kinds, _Shown(text=text)

    @staticmethod
    def _temporal(text: str) -> set[str]:
        if _DATE.match(text):
            return {"Date"}
        if _DATETIME.match(text):
            return {"DateTime"}
        if _TIME.match(text):
            return {"Time"}
        return set()


def vocabulary_findings(doc, vocab: Vocabulary | None = None, *, expanded: list | None = None,
                        lookups: dict[str, dict[str, frozenset]] | None = None) -> list[Diagnostic]:
    """Every vocabulary problem in a JSON-LD document, in document order.

    ``lookups``, when given, is filled with what the walk of each top-level node with an absolute
    ``@id`` read of the types the document gives other nodes (``{@id: {iri: types}}``): see
    :func:`walked_alike`.
    """
    vocab = vocab or shipped_vocabulary()
    shared = expanded is not None and any(expanded is kept for kept in _EXPANDED.values())
    if shared:  # a shared expansion (the web profile's, for the JSON-LD check and the site check) is walked once
        walked = _WALKED.get((id(expanded), id(vocab)))
        if walked is None or walked[0] is not expanded or walked[1] is not vocab:
            looked: dict = {}
            walked = _WALKED.keep((id(expanded), id(vocab)), (expanded, vocab, _walk(vocab, expanded, looked), looked))
        if lookups is not None:
            lookups.update(walked[3])
        return list(walked[2])
    if expanded is None:
        from pyld.jsonld import JsonLdError

        try:
            expanded = expand_document(doc)
        except JsonLdError as error:
            return [finding("(document)", "", f"not valid JSON-LD: {_pyld_reason(error)}")]
    return _walk(vocab, expanded, lookups)


def _walk(vocab: Vocabulary, nodes: list, lookups: dict | None) -> list[Diagnostic]:
    checker = _Checker(vocab)
    checker.index(nodes)
    for i, node in enumerate(nodes):
        iri = node.get("@id") if lookups is not None and isinstance(node, dict) else None
        if isinstance(iri, str) and _ABSOLUTE.match(iri):
            checker.lookups = lookups[iri] = {}
        checker.walk(node, f"@graph[{i}]", "", None)
        checker.lookups = None
    return checker.findings


# the walks of the last shared expansions: (id of the expansion, id of the vocabulary) ->
# (the expansion, the vocabulary, the findings, the lookups); both are kept, so their ids stay theirs
_WALKED = Recent(2)


def walked_alike(part: list, looked: dict[str, frozenset] | None) -> bool:
    """Whether :func:`vocabulary_findings` of a document whose expansion is ``part`` (one node, as
    :func:`part_expansion` gives it) finds only what the walk of that node found in the document it
    was taken from, whose reads of other nodes' types were ``looked`` (:func:`vocabulary_findings`'s
    ``lookups`` for the node).

    The walk of a node depends on the node, the vocabulary, and the types the document gives the
    nodes it names: when the part gives each one it read the same types, the walk is the same, at
    the same ``@id`` and paths, so it finds the same.
    """
    if looked is None or len(part) != 1:
        return False
    types_of: dict[str, set[str]] = {}
    for node in _node_objects(part):
        if "@id" in node and "@type" in node:
            types_of.setdefault(node["@id"], set()).update(node["@type"])
    return all(types_of.get(iri, _NO_TYPES) == types for iri, types in looked.items())


def expand_document(doc) -> list:
    """``doc`` expanded, offline: by :func:`cvld.jsonld.expansion.own_expansion` when it reads the document
    (cvld's own documents), else by pyld (which raises its ``JsonLdError`` on invalid JSON-LD)."""
    nodes = own_expansion(doc)
    return nodes if nodes is not None else expand(doc)


def expanded_or_none(doc) -> list | None:
    """``doc`` expanded (:func:`shared_expansion`), or None when it is not valid JSON-LD (:func:`vocabulary_findings`
    says why)."""
    try:
        return shared_expansion(doc)
    except Exception as error:  # pyld is imported only where a document needs it
        from pyld.jsonld import JsonLdError

        if isinstance(error, JsonLdError):
            return None
        raise


def shared_expansion(doc) -> list:
    """``doc`` expanded, shared: the last documents expanded are kept by their JSON text, so that the
    checks of one CV (the JSON-LD check's web profile, the site check's) expand its graph once.
    The result is read, never changed."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    kept = _EXPANDED.get(digest)
    return kept if kept is not None else _EXPANDED.keep(digest, expand_document(json.loads(text)))


_EXPANDED = Recent(2)  # the last two documents expanded, by the digest of their JSON text


def node_expansions(doc: dict, expanded: list | None) -> dict[str, tuple[dict, dict]]:
    """Each top-level ``@graph`` node of ``doc`` and its expanded form (from ``expanded``), by ``@id``.

    A document ``{"@context": doc["@context"], **node}`` expands to exactly ``[expanded node]``:
    JSON-LD expands a node alike at the top of a document and in its ``@graph``. Only nodes whose
    ``@id`` is an absolute IRI (which expansion keeps as it is), held by one node of each, are given.
    """
    compact: dict[str, list] = {}
    for node in doc.get("@graph", ()) if isinstance(doc, dict) else ():
        if isinstance(node, dict) and isinstance(node.get("@id"), str) and _ABSOLUTE.match(node["@id"]):
            compact.setdefault(node["@id"], []).append(node)
    found: dict[str, list] = {}
    for node in expanded or ():
        if isinstance(node, dict) and node.get("@id") in compact:
            found.setdefault(node["@id"], []).append(node)
    return {iri: (compact[iri][0], nodes[0]) for iri, nodes in found.items()
            if len(nodes) == 1 and len(compact[iri]) == 1}


def part_expansion(part, doc: dict, nodes: dict[str, tuple[dict, dict]]) -> list | None:
    """The expansion of ``part`` when it is one of ``doc``'s nodes, as ``doc`` has it, under ``doc``'s
    context (taken from ``nodes``, :func:`node_expansions`); else None (expand it)."""
    iri = part.get("@id") if isinstance(part, dict) else None
    if not isinstance(iri, str) or iri not in nodes or part.get("@context") != doc.get("@context"):
        return None
    node, expanded = nodes[iri]
    body = {key: value for key, value in part.items() if key != "@context"}
    return [expanded] if body == node else None


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _pyld_reason(error) -> str:
    """The innermost message of a pyld error (pyld chains the cause, such as cvld's offline loader)."""
    while error.__cause__ is not None:
        error = error.__cause__
    return str(error.args[0]) if error.args else type(error).__name__


# --- Google's structured data rules --------------------------------------------------------

SCHEMA = "http://schema.org/"


def _merged_nodes(nodes) -> dict[str, dict]:
    """Every node with an @id, its properties merged from all its occurrences."""
    merged: dict[str, dict] = {}
    for node in _node_objects(nodes):
        if "@id" in node:
            target = merged.setdefault(node["@id"], {})
            for key, item in node.items():
                if key != "@id":
                    existing = target.setdefault(key, [])
                    existing.extend(i for i in (item if isinstance(item, list) else [item]) if i not in existing)
    return merged


def _get(node: dict, merged: dict, name: str) -> list:
    values = []
    for key in (SCHEMA + name, "https://schema.org/" + name):
        values.extend(node.get(key, []))
    return values


def _resolve(value, merged: dict) -> dict:
    if isinstance(value, dict) and "@id" in value:
        combined = dict(merged.get(value["@id"], {}))
        for key, item in value.items():
            combined.setdefault(key, item)
        return combined
    return value if isinstance(value, dict) else {}


def _has_text(node: dict, merged: dict, name: str) -> bool:
    return any(isinstance(v, dict) and str(v.get("@value", "")).strip() or isinstance(v, dict) and "@id" in v
               for v in _get(node, merged, name))


def _names(node: dict, merged: dict) -> list[str]:
    return [str(v["@value"]) for v in _get(node, merged, "name") if isinstance(v, dict) and "@value" in v]


def google_findings(doc, vocab: Vocabulary | None = None, *, expanded: list | None = None) -> list[Diagnostic]:
    """Google's ProfilePage and Article rules: required fields (errors) and recommendations (warnings)."""
    vocab = vocab or shipped_vocabulary()
    nodes = expanded if expanded is not None else expand_document(doc)
    merged = _merged_nodes(nodes)
    findings: list[Diagnostic] = []
    for node_id, node in merged.items():
        types = {local_name(t) for t in node.get("@type", []) if local_name(t)}
        ancestors = set().union(*(vocab.ancestors(t) for t in types)) if types else set()
        if "ProfilePage" in ancestors:
            findings.extend(_profile_page(node_id, node, merged))
        if "Article" in ancestors:
            findings.extend(_article(node_id, node, merged))
    return findings


def _recommends(node_id: str, on: str, prop: str, detail: str = "") -> Diagnostic:
    article = "an" if on[0] in "AEIOU" else "a"
    return finding(node_id, "", f"Google recommends {prop} on {article} {on}{detail}", "warning", f"google-{on}-{prop}")


def _profile_page(node_id: str, node: dict, merged: dict) -> list[Diagnostic]:
    out = []
    entities = _get(node, merged, "mainEntity")
    if not entities:
        return [finding(node_id, "", "Google requires mainEntity (the Person or Organization) on a ProfilePage")]
    entity = _resolve(entities[0], merged)
    if not _names(entity, merged):
        out.append(finding(node_id, "mainEntity", "Google requires mainEntity.name on a ProfilePage"))
    missing = [p for p in ("dateModified",) if not _has_text(node, merged, p)]
    missing += [f"mainEntity.{p}" for p in ("description", "identifier", "image", "sameAs")
                if not _get(entity, merged, p)]
    out += [_recommends(node_id, "ProfilePage", p) for p in missing]
    return out


def _article(node_id: str, node: dict, merged: dict) -> list[Diagnostic]:
    missing = [p for p in ("headline", "datePublished", "dateModified", "image") if not _get(node, merged, p)]
    authors = []
    for value in _get(node, merged, "author"):
        authors.extend(value["@list"] if isinstance(value, dict) and "@list" in value else [value])
    if not authors:
        missing.append("author")
    nameless, no_url = 0, []
    for value in authors:
        person = _resolve(value, merged)
        inner = _get(person, merged, "author")  # a Role holding the author
        if inner:
            person = _resolve(inner[0], merged)
        names = _names(person, merged)
        if not names:
            nameless += 1
        elif not _get(person, merged, "url"):
            no_url.append(names[0])
    if nameless:
        missing.append("author.name")
    out = [_recommends(node_id, "Article", p) for p in missing]
    if no_url:
        out.append(_recommends(node_id, "Article", "author.url", f" (missing for {', '.join(no_url)})"))
    return out


def schema_terms_used(expanded) -> set[str]:
    """The schema.org names a document uses: types, properties and enumeration members it points to."""
    used: set[str] = set()
    for node in _node_objects(expanded):
        used.update(local_name(t) or "" for t in node.get("@type", ()))
        if set(node) == {"@id"}:
            used.add(local_name(node["@id"]) or "")
        used.update(local_name(key) or "" for key in node if not key.startswith("@"))
    used.discard("")
    return used


# What to write in the CV for each of Google's recommendations (checked on the web profile).
CV_FIELD_FOR = {
    "google-ProfilePage-dateModified": "updated (the date the CV was last changed)",
    "google-ProfilePage-mainEntity.description": "person.bio",
    "google-ProfilePage-mainEntity.identifier": "person.orcid",
    "google-ProfilePage-mainEntity.image": "person.image",
    "google-ProfilePage-mainEntity.sameAs": "person.profiles",
    "google-Article-image": "{path}.image (a figure's or thumbnail's URL)",
    "google-Article-datePublished": "{path}.date once it is published (an undated work and a range have none)",
}
# Reported otherwise: an Article's dateModified falls back to datePublished (a work's ``updated``
# sets it where there is a later version), author urls are reported once per person, and the
# person's image by the homepage check (link previews need it too).
_NOT_PER_NODE = {"google-Article-dateModified", "google-Article-author.url", "google-ProfilePage-mainEntity.image"}
PROFILE_PAGE_CODE = "google-ProfilePage"


def check_cv(cv, vocab: Vocabulary | None = None):
    """``cvld check``'s JSON-LD part: both profiles against the vocabulary, the web one against Google's rules.

    Yields :class:`~cvld.core.diagnostics.Diagnostic` located at the record each node comes from;
    each of Google's recommendations says which CV field to add.
    """

    vocab = vocab or shipped_vocabulary()
    origins = node_origins(cv, Iris.for_cv(cv))
    fallback = Location(cv.source)
    seen = set()
    profile_fields = []
    for profile in PROFILES:
        doc = build_jsonld(cv, profile=profile)
        nodes = shared_expansion(doc)
        findings = vocabulary_findings(doc, vocab, expanded=nodes)
        if profile == "web":
            findings += google_findings(doc, vocab, expanded=nodes)
        for found in findings:
            if found.code in _NOT_PER_NODE:
                continue
            origin = origins.get(found.location.file, fallback)
            if found.code.startswith(PROFILE_PAGE_CODE + "-") and found.code in CV_FIELD_FOR:
                profile_fields.append((origin, CV_FIELD_FOR[found.code]))
                continue
            if found.code in CV_FIELD_FOR:
                add = CV_FIELD_FOR[found.code].format(path=origin.path)
                message = f"{found.message}: add {add}"
            else:
                where = f" {found.location.path}" if found.location.path else ""
                message = f"JSON-LD <{found.location.file}>{where}: {found.message}"
            diagnostic = Diagnostic(origin, message, found.severity, found.code)
            if diagnostic not in seen:
                seen.add(diagnostic)
                yield diagnostic
    if profile_fields:
        fields = ", ".join(field for _, field in profile_fields)
        yield Diagnostic(profile_fields[0][0], f"Google recommends more on a ProfilePage: add {fields}", "warning",
                         PROFILE_PAGE_CODE)
    yield from author_url_findings(cv)


def author_url_findings(cv) -> list[Diagnostic]:
    """Google recommends an ``author.url`` on every Article: one warning per co-author without a homepage,
    at the place the person is defined, saying which field to add."""
    works_of: dict[str, list] = {}
    people = {}
    for work in cv.works:
        for author in work.authors:
            person = author.person
            if person.homepage or person.key == cv.owner.key:
                continue
            people.setdefault(person.key, person)
            works_of.setdefault(person.key, [])
            if work.key not in works_of[person.key]:
                works_of[person.key].append(work.key)
    out = []
    for key, person in people.items():
        count = len(works_of[key])
        field = f"{person.origin.path}.homepage" if person.origin.path else f"a homepage to {person.name}"
        out.append(Diagnostic(person.origin, f"Google recommends a url for every author of an Article "
                              f"({person.name}, author of {count} work{'s' if count > 1 else ''}): add {field}",
                              "warning", "google-Article-author.url"))
    return out

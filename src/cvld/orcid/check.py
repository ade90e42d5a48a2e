"""Checks of cvld's ORCID XML: ORCID's own XSDs (when a folder of them is given) and,
always and offline, the rules the XSDs leave to the API (vocabularies, lengths, the
``self`` id every posted work needs, the external id every funding needs, an amount with
an ISO 4217 currency, an organisation on every affiliation and an organisation id of the
form its source gives, no whitespace inside dates).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


from cvld.core.lazy import lazy_module
from cvld.core.diagnostics import Diagnostic, Location, Report, UsageError
from cvld.model import ids
from cvld.model.records import CV
from cvld.orcid import vocab as vocab
from cvld.orcid.vocab import COMMON, FUNDING, ORCID_NS, WORK
from cvld.orcid.write import bulk_documents, documents

etree = lazy_module("lxml.etree")


# --- XSD -------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False)


def schema_file(root_tag: str) -> str:
    """The schema that validates a document whose root is ``root_tag`` (Clark notation)."""
    namespace, _, local = root_tag[1:].partition("}")
    if not namespace.startswith(ORCID_NS) or namespace[len(ORCID_NS):] != local:
        raise ValueError(f"not an ORCID item document: root element {root_tag}")
    return f"record_3.0/{local}-3.0.xsd"


@lru_cache(maxsize=64)
def _compiled(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path, _parser()))


def load_schema(xsd_dir: str | Path, relative: str) -> etree.XMLSchema:
    """The compiled schema ``relative`` in ``xsd_dir`` (cached; never fetched from the network)."""
    path = Path(xsd_dir) / relative
    if not path.is_file():
        raise UsageError(f"ORCID schemas: {path} not found (the folder must hold record_3.0/ and common_3.0/)",
                         parameter="orcid_xsd")
    try:
        return _compiled(str(path.resolve()))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as error:
        raise UsageError(f"ORCID schemas: {path}: cannot load the schema: {error}", parameter="orcid_xsd") from None


@lru_cache(maxsize=64)
def _schema_for(xsd_dir: str, root_tag: str) -> etree.XMLSchema:
    """:func:`load_schema` for a document whose root is ``root_tag``, found once per
    (absolute) folder and root: validating thousands of documents costs no file-system
    look-ups. Errors are raised, never cached."""
    return load_schema(xsd_dir, schema_file(root_tag))


def validate_xsd(xml_bytes: bytes, xsd_dir: str | Path) -> list[str]:
    """Validate one ORCID document against the XSD for its root element; ``[]`` when valid.

    Each problem reads ``line N: message`` as libxml2 reports it. Each schema is parsed
    and compiled once per process (see :func:`load_schema`).
    """
    try:
        doc = etree.fromstring(xml_bytes, _parser())
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    try:
        schema = _schema_for(os.path.abspath(xsd_dir), doc.tag)
    except ValueError as error:
        return [str(error)]
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# --- built-in rules ----------------------------------------------------------------------


# (element, namespace, the values ORCID takes, what it is, why a value is wrong): an element whose text
# is not among the values is the error "WHAT 'TEXT' WHY"
_VOCABULARIES = (
    ("type", WORK, vocab.WORK_TYPES, "work type", f"is not one of ORCID's {len(vocab.WORK_TYPES)} work types"),
    ("citation-type", WORK, vocab.CITATION_TYPES, "citation type",
     f"is not one of: {', '.join(sorted(vocab.CITATION_TYPES))}"),
    ("contributor-role", WORK, vocab.CONTRIBUTOR_ROLES, "contributor role",
     f"is not an ORCID role (author, editor, ... or a CRediT role URI {vocab.CREDIT_ROLE_BASE}<slug>/)"),
    ("type", FUNDING, vocab.FUNDING_TYPES, "funding type", f"is not one of: {', '.join(sorted(vocab.FUNDING_TYPES))}"),
    ("contributor-role", FUNDING, vocab.FUNDING_CONTRIBUTOR_ROLES, "funding contributor role",
     "is not an ORCID funding role (lead, co-lead, supported-by, other-contribution or a CRediT role URI "
     f"{vocab.CREDIT_ROLE_BASE}<slug>/)"),
)


def _is_affiliation(root) -> bool:
    """An affiliation document (education, employment, distinction, membership ...): not a work,
    a bulk or a funding."""
    namespace = etree.QName(root).namespace or ""
    return namespace == ORCID_NS + etree.QName(root).localname and namespace not in (WORK, FUNDING, vocab.BULK)


def amount_problem(value: str, currency: str) -> str | None:
    """What ORCID's API would refuse in a funding's amount (a currency that is not an upper-case
    ISO 4217 code, java.util.Currency's; an amount that is not a sum); None when it takes it."""
    try:
        if ids.normalize_currency(currency) != currency:
            raise ids.IdentifierError(f"'{currency}' is not written as its ISO 4217 code")
    except ids.IdentifierError as problem:
        return f"funding amount currency-code: {problem}"
    try:
        ids.normalize_decimal(value)
    except ids.IdentifierError as problem:
        return f"funding amount: {problem}"
    return None


def disambiguated_problem(element) -> str | None:
    """What is wrong with a ``disambiguated-organization``'s identifier for its source (a ROR id
    that is not one, ...); None when it is right or cvld does not know the source's form."""
    source = (element.findtext(f"{{{COMMON}}}disambiguation-source") or "").strip()
    identifier = (element.findtext(f"{{{COMMON}}}disambiguated-organization-identifier") or "").strip()
    known = ids.ORGANISATION_IDS.get(source)
    if known is None:
        return None
    try:
        known[1](identifier)
    except ids.IdentifierError as problem:
        return f"disambiguated-organization-identifier '{identifier}' is not a {source} id: {problem}"
    return None


def _local(element) -> str:
    """An element's local name (its tag after the ``{namespace}``)."""
    return element.tag.rpartition("}")[2]


def _text(element) -> str:
    return element.text or ""


def _works(root) -> list:
    if root.tag == f"{{{WORK}}}work":
        return [root]
    return list(root.iter(f"{{{WORK}}}work"))


def rule_problems(xml: bytes | etree._Element, where: Location = Location(""), label: str = "", *,
                  organisations: bool = True) -> list[Diagnostic]:
    """A finding at ``where`` (its message after ``label``) for each ORCID rule the document breaks that its
    XSD does not check; ``organisations=False`` leaves out the warnings for organisations with no
    disambiguated id (the writer gives them at the record already)."""
    root = etree.fromstring(xml, _parser()) if isinstance(xml, bytes) else xml
    report = Report()
    prefix = f"{label}: " if label else ""

    def error(message):
        report.error(where, prefix + message)

    def warning(message):
        report.warning(where, prefix + message)

    def values(name, namespace=COMMON):
        return root.iter(f"{{{namespace}}}{name}")

    for name, namespace, allowed, what, why in _VOCABULARIES:
        for element in values(name, namespace):
            if _text(element) not in allowed:
                error(f"{what} '{_text(element)}' {why}")
    for element in values("amount", FUNDING):
        found = amount_problem(_text(element), element.get("currency-code") or "")
        if found:
            error(found)
    for element in values("contributor-sequence", WORK):
        if _text(element) not in vocab.CONTRIBUTOR_SEQUENCES:
            error(f"contributor sequence '{_text(element)}' is not 'first' or 'additional'")
    for element in values("external-id-relationship"):
        if _text(element) not in vocab.RELATIONSHIPS:
            error(f"external-id relationship '{_text(element)}' is not one of: "
                  f"{', '.join(sorted(vocab.RELATIONSHIPS))}")
    for element in values("external-id-type"):
        if _text(element) not in vocab.EXTERNAL_ID_TYPES:
            warning(f"external-id type '{_text(element)}' is not in ORCID's identifier registry (as cvld knows it)")
    for element in values("country"):
        if _text(element) and not vocab.is_country(_text(element)):
            error(f"country '{_text(element)}' is not an ISO 3166-1 alpha-2 code")
    for element in values("language-code"):
        if _text(element) not in vocab.LANGUAGE_CODES:
            error(f"language code '{_text(element)}' is not one of ORCID's language codes")
    for element in values("translated-title"):
        code = element.get("language-code")
        if code is not None and code not in vocab.LANGUAGE_CODES:
            error(f"language code '{code}' is not one of ORCID's language codes")
    for element in values("disambiguation-source"):
        if _text(element) not in vocab.DISAMBIGUATION_SOURCES:
            error(f"disambiguation source '{_text(element)}' is not one of: "
                  f"{', '.join(sorted(vocab.DISAMBIGUATION_SOURCES))}")
    for element in values("disambiguated-organization"):
        found = disambiguated_problem(element)
        if found:
            error(found)
    lengths = vocab.MAX_LENGTHS
    for element in root.iter(f"{{{COMMON}}}*", f"{{{WORK}}}*"):
        limit = lengths.get(_local(element))
        if limit is not None and len(element) == 0 and len(_text(element)) > limit:
            error(f"{_local(element)} is {len(_text(element))} characters long; ORCID takes at most {limit}")
    low, high = vocab.YEAR_RANGE
    for name in ("year", "month", "day"):
        for element in values(name):
            text = _text(element)
            if text != text.strip() or any(ch.isspace() for ch in text):
                error(f"whitespace inside the date element {name} ({text!r})")
            elif name == "year" and text.isdigit() and not low <= int(text) <= high:
                error(f"year {text} is outside ORCID's range {low}-{high}")
    for work in _works(root):
        relationships = [_text(r) for r in work.iter(f"{{{COMMON}}}external-id-relationship")]
        if "self" not in relationships:
            title = work.find(f"{{{WORK}}}title/{{{COMMON}}}title")
            name = f" '{_text(title)}'" if title is not None else ""
            error(f"work{name} has no external id with relationship 'self' (ORCID's API refuses it)")
    if root.tag == f"{{{FUNDING}}}funding" and root.find(f"{{{COMMON}}}external-ids/{{{COMMON}}}external-id") is None:
        title = root.find(f"{{{FUNDING}}}title/{{{COMMON}}}title")
        name = f" '{_text(title)}'" if title is not None else ""
        error(f"funding{name} has no external id (ORCID's API refuses it): give the grant its award number")
    if _is_affiliation(root) and root.find(f"{{{COMMON}}}organization") is None:
        error(f"{_local(root)} has no organization (ORCID's API refuses it)")
    for org in values("organization") if organisations else ():
        if org.find(f"{{{COMMON}}}disambiguated-organization") is None and root.tag != f"{{{WORK}}}work":
            name = org.find(f"{{{COMMON}}}name")
            warning(f"organization '{_text(name) if name is not None else ''}' has no disambiguated-organization "
                    f"(ROR, Ringgold, GRID or Crossref Funder id), which ORCID's API requires")
    return report.diagnostics


def check(cv: CV, xsd_dir: str | Path | None = None) -> list[Diagnostic]:
    """Everything about ``cv``'s ORCID output, located at the record each document comes from.

    The exporter's warnings (what ORCID cannot hold, a missing disambiguated
    organisation, a work with no DOI), the built-in rules (errors and warnings that
    the exporter does not already give), and, with ``xsd_dir``, XSD validation.
    """

    report = Report()
    items = documents(cv, report)
    for item in items:
        label = f"ORCID {item.section} '{item.key}'"
        report.extend(rule_problems(item.xml, item.origin, label, organisations=False))
        if xsd_dir is not None:
            for message in validate_xsd(item.xml, xsd_dir):
                report.error(item.origin, f"{label}: not valid against ORCID's XSD: {message}")
    if xsd_dir is not None:
        for index, bulk in enumerate(bulk_documents(cv), start=1):
            for message in validate_xsd(bulk, xsd_dir):
                report.error(Location(cv.source), f"ORCID bulk document {index}: "
                             f"not valid against ORCID's XSD: {message}")
    return report.diagnostics

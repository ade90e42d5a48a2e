"""ORCID XML pieces the sync needs: put-codes, bulk bodies, bulk replies and summaries."""

from __future__ import annotations

import re
from dataclasses import dataclass


from cvld.core.lazy import lazy_module
from cvld.orcid.sync.client import ApiError, OrcidError
from cvld.orcid.vocab import ACTIVITIES, BULK, COMMON, ERROR, FUNDING, WORK
from cvld.orcid.write import bulk_tree

etree = lazy_module("lxml.etree")

NS = {"common": COMMON, "work": WORK, "bulk": BULK, "error": ERROR, "activities": ACTIVITIES, "funding": FUNDING}
_PUT_CODE_IN_MESSAGE = re.compile(r"put-code\s*:?\s*(\d+)", re.IGNORECASE)


def parse(xml: bytes):
    return etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False, remove_blank_text=False))


def parse_reply(body: bytes, what: str):
    """An answer from ORCID, which may be anything: not XML is an :class:`OrcidError`."""
    try:
        return parse(body)
    except etree.XMLSyntaxError as error:
        raise OrcidError(f"{what}: ORCID's answer is not XML ({error})") from None


def serialise(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def with_put_code(xml: bytes, put_code: str) -> bytes:
    """The document with ``put-code`` set on its root element (what ORCID wants for a PUT)."""
    root = parse(xml)
    root.set("put-code", str(put_code))
    return serialise(root)


def bulk_body(works: list[bytes]) -> bytes:
    """A ``bulk:bulk`` holding the given ``work:work`` documents, in order."""
    return serialise(bulk_tree([parse(xml) for xml in works]))


@dataclass(frozen=True)
class BulkResult:
    """One item of a bulk reply: a put-code, or an ORCID error."""

    put_code: str | None
    error: ApiError | None


def bulk_results(reply: bytes) -> list[BulkResult]:
    """The items of a ``bulk:bulk`` reply, in the order of the request."""
    root = parse_reply(reply, "POST works")
    results = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{{{NS['work']}}}work":
            results.append(BulkResult(child.get("put-code"), None))
        elif child.tag == f"{{{ERROR}}}error":
            results.append(BulkResult(None, ApiError.from_element(child)))
    return results


def put_code_in_conflict(error: ApiError) -> str | None:
    """The put-code an ORCID 9021 conflict names ("... please see element with put-code 123 ...")."""
    for message in (error.developer_message, error.user_message):
        match = _PUT_CODE_IN_MESSAGE.search(message or "")
        if match:
            return match.group(1)
    return None


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def _date(element, name: str) -> str:
    found = element.find(f"common:{name}", NS)
    if found is None:
        return ""
    return "-".join(_text(found, f"common:{part}") for part in ("year", "month", "day") if _text(found, f"common:{part}"))


def external_ids(element) -> tuple[tuple[str, str, str], ...]:
    """(type, value, relationship) of the element's own external ids, sorted."""
    found = []
    for ext in element.findall("common:external-ids/common:external-id", NS):
        found.append(
            (
                _text(ext, "common:external-id-type"),
                _text(ext, "common:external-id-value").lower(),
                _text(ext, "common:external-id-relationship"),
            )
        )
    return tuple(sorted(found))


@dataclass(frozen=True)
class Facts:
    """What a full item and its ORCID summary both show; equal facts mean the same upload."""

    title: str
    type: str
    date: str
    ids: tuple[tuple[str, str, str], ...]
    organisation: str = ""

    def to_json(self) -> dict:
        return {"title": self.title, "type": self.type, "date": self.date, "ids": [list(i) for i in self.ids],
                "organisation": self.organisation}

    @classmethod
    def from_json(cls, data: dict) -> "Facts":
        return cls(data["title"], data["type"], data["date"], tuple(tuple(i) for i in data["ids"]),
                   data.get("organisation", ""))


def facts(element) -> Facts:
    """Facts of a work / work-summary, a funding / funding-summary or an affiliation /
    affiliation-summary element."""
    if element.find("work:title", NS) is not None or element.find("work:type", NS) is not None:
        return Facts(
            title=_text(element, "work:title/common:title"),
            type=_text(element, "work:type"),
            date=_date(element, "publication-date"),
            ids=external_ids(element),
        )
    if element.find("funding:title", NS) is not None or element.find("funding:type", NS) is not None:
        return Facts(
            title=_text(element, "funding:title/common:title"),
            type=_text(element, "funding:type"),
            date=_date(element, "start-date") + ".." + _date(element, "end-date"),
            ids=external_ids(element),
            organisation=_text(element, "common:organization/common:name"),
        )
    role = _text(element, "common:role-title")
    department = _text(element, "common:department-name")
    return Facts(
        title=" / ".join(part for part in (role, department) if part),
        type=etree.QName(element).localname.removesuffix("-summary"),
        date=_date(element, "start-date") + ".." + _date(element, "end-date"),
        ids=external_ids(element),
        organisation=_text(element, "common:organization/common:name"),
    )


@dataclass(frozen=True)
class Summary:
    put_code: str
    facts: Facts
    source: str


def summaries(listing: bytes) -> list[Summary]:
    """Every ``*-summary`` in a section listing (``activities:works``, ``activities:educations``, ...)."""
    root = parse_reply(listing, "a section listing")
    found = []
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("-summary") and element.get("put-code"):
            source = _text(element, "common:source/common:source-client-id/common:path") or _text(
                element, "common:source/common:source-orcid/common:path"
            )
            found.append(Summary(element.get("put-code"), facts(element), source))
    return found

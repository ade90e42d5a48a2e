"""Small ORCID items for sync tests, made from ORCID's own write samples (shared/orcid)."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import shared_path
from lxml import etree

NS = {"common": "http://www.orcid.org/ns/common", "work": "http://www.orcid.org/ns/work"}


@dataclass(frozen=True)
class Item:
    """Same shape as cvld.orcid.write.OrcidItem."""

    section: str
    key: str
    xml: bytes


def xsd_root():
    return shared_path("orcid")


def _sample(name: str):
    parser = etree.XMLParser(no_network=True, remove_blank_text=True)
    return etree.parse(str(shared_path("orcid", "samples", "write_samples", name)), parser).getroot()


def work(key: str, title: str, doi: str | None = None, work_type: str = "journal-article", *,
         id_type: str = "doi") -> Item:
    """A work from ORCID's work-simple sample with this title, type and self id (DOI by default)."""
    root = _sample("work-simple-3.0.xml")
    root.find("work:title/common:title", NS).text = title
    root.find("work:type", NS).text = work_type
    ids = root.find("common:external-ids", NS)
    if doi is None:
        root.remove(ids)
    else:
        ext = ids.find("common:external-id", NS)
        ext.find("common:external-id-type", NS).text = id_type
        ext.find("common:external-id-value", NS).text = doi
        url = ext.find("common:external-id-url", NS)
        if id_type == "doi":
            url.text = f"https://doi.org/{doi}"
        else:
            ext.remove(url)
    return Item("work", key, etree.tostring(root, encoding="UTF-8", xml_declaration=True))


def affiliation(section: str, key: str, role: str, *, keep_ids: bool = False) -> Item:
    root = _sample(f"{section}-3.0.xml")
    root.find("common:role-title", NS).text = role
    if not keep_ids:
        for ids in root.findall("common:external-ids", NS):
            root.remove(ids)
    return Item(section, key, etree.tostring(root, encoding="UTF-8", xml_declaration=True))


def funding(key: str, title: str, number: str | None = "1234", *, currency: str = "EUR") -> Item:
    """A funding from ORCID's funding sample with this title and award number (``grant_number``, ``self``)."""
    root = _sample("funding-3.0.xml")
    funding_ns = "{http://www.orcid.org/ns/funding}"
    root.find(f"{funding_ns}title/{{{NS['common']}}}title").text = title
    root.find(f"{funding_ns}amount").set("currency-code", currency)
    ids = root.find("common:external-ids", NS)
    if number is None:
        root.remove(ids)
    else:
        ids.find("common:external-id/common:external-id-value", NS).text = number
    return Item("funding", key, etree.tostring(root, encoding="UTF-8", xml_declaration=True))

"""ROR's API (v2): the organisations that match an affiliation string.

``GET {base}/organizations?affiliation=NAME, CITY, COUNTRY`` answers
``{"number_of_results": N, "items": [...]}``; each item has ``score``, ``matching_type``
(EXACT, PHRASE, COMMON TERMS, FUZZY, HEURISTIC, ACRONYM), ``chosen`` (true for the one match
ROR is sure of, if any) and ``organization`` (``id``, ``names`` with ``value`` and ``types``
such as ``ror_display``, ``locations`` with ``geonames_details``: ``name``, ``country_code``).
ROR advises taking the ``chosen`` item, not the best score.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvld.core.lazy import lazy_module
from cvld.enrich.client import Service
from cvld.model.records import Organisation

iso3166 = lazy_module("iso3166")

DEFAULT_URL = "https://api.ror.org/v2"


@dataclass(frozen=True)
class Match:
    """One item of ROR's answer."""

    id: str
    name: str
    chosen: bool
    score: float | None
    matching_type: str
    country: str | None  # ISO 3166-1 alpha-2
    city: str | None


def affiliation(org: Organisation) -> str:
    """NAME, CITY, COUNTRY (the country's name, as affiliations are written)."""
    country = None
    if org.country:
        entry = iso3166.countries_by_alpha2.get(org.country.upper())
        country = entry.name if entry else org.country
    return ", ".join(part for part in (org.name, org.city, country) if part)


def match(service: Service, org: Organisation) -> list[Match]:
    return parse_matches(service.ask("organizations", {"affiliation": affiliation(org)}))


def parse_matches(answer: dict) -> list[Match]:
    items = answer.get("items")
    found = []
    for item in items if isinstance(items, list) else []:
        organization = item.get("organization") if isinstance(item, dict) else None
        if not isinstance(organization, dict) or not isinstance(organization.get("id"), str):
            continue
        location = next((loc.get("geonames_details") for loc in organization.get("locations") or []
                         if isinstance(loc, dict) and isinstance(loc.get("geonames_details"), dict)), {})
        score = item.get("score")
        found.append(Match(organization["id"].strip(), _display_name(organization), item.get("chosen") is True,
                           float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None,
                           str(item.get("matching_type") or ""), _text(location.get("country_code")),
                           _text(location.get("name"))))
    return found


def _text(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _display_name(organization: dict) -> str:
    names = [n for n in organization.get("names") or [] if isinstance(n, dict) and _text(n.get("value"))]
    shown = next((n for n in names if "ror_display" in (n.get("types") or [])), names[0] if names else None)
    return _text(shown.get("value")) if shown else organization["id"]

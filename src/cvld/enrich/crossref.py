"""Crossref's REST API: the works that match a work's bibliographic data.

``GET {base}/works?query.bibliographic=TEXT&rows=N&select=FIELDS`` answers
``{"status": "ok", "message-type": "work-list", "message": {"items": [...]}}``; each item has
``DOI``, ``title`` (a list), ``author`` (``given``, ``family`` or ``name``, ``sequence``),
``issued``/``published``/``published-print``/``published-online`` (``date-parts``), ``type``,
``score`` and ``container-title``. Adding ``mailto=`` (and the address in the User-Agent) puts
the request into Crossref's polite pool.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvld.enrich.client import Service
from cvld.model.records import Work

DEFAULT_URL = "https://api.crossref.org"
ROWS = 5
SELECT = "DOI,title,subtitle,author,issued,published,published-print,published-online,type,score,container-title"
PREPRINT_TYPES = frozenset({"posted-content"})


@dataclass(frozen=True)
class Candidate:
    """One item of Crossref's answer, as far as enrich needs it."""

    doi: str
    titles: tuple[str, ...]  # the title, and the title with its subtitle
    year: int | None
    families: tuple[str, ...]  # the authors' family names (or names), first author first
    score: float | None
    type: str
    container: str | None

    @property
    def title(self) -> str:
        return self.titles[0] if self.titles else ""


def bibliographic_query(work: Work, first_family: str | None) -> str:
    """The text Crossref matches: the title, the first author's family name and the year."""
    parts = [work.title, first_family or "", str(work.date.year) if work.date and work.date.year else ""]
    return " ".join(" ".join(p for p in parts if p).split())


def search(service: Service, work: Work, first_family: str | None) -> list[Candidate]:
    answer = service.ask("works", {"query.bibliographic": bibliographic_query(work, first_family),
                                   "rows": ROWS, "select": SELECT})
    return parse_works(answer)


def parse_works(answer: dict) -> list[Candidate]:
    """The candidates in a work-list answer; items that are not objects or have no DOI are skipped."""
    message = answer.get("message")
    items = message.get("items") if isinstance(message, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("DOI"), str):
            continue
        found.append(Candidate(item["DOI"].strip(), _titles(item), _year(item), _families(item.get("author")),
                               _number(item.get("score")), str(item.get("type") or ""),
                               _first_text(item.get("container-title"))))
    return found


def _first_text(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _titles(item: dict) -> tuple[str, ...]:
    title, subtitle = _first_text(item.get("title")), _first_text(item.get("subtitle"))
    if not title:
        return ()
    return (title, f"{title}: {subtitle}") if subtitle else (title,)


def _year(item: dict) -> int | None:
    for name in ("issued", "published", "published-print", "published-online"):
        parts = item.get(name, {}).get("date-parts") if isinstance(item.get(name), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool):
                return year
            if isinstance(year, str) and year.isdigit():
                return int(year)
    return None


def _families(authors) -> tuple[str, ...]:
    if not isinstance(authors, list):
        return ()
    people = [a for a in authors if isinstance(a, dict)]
    people.sort(key=lambda a: 0 if a.get("sequence") == "first" else 1)  # stable: the rest keep their order
    names = []
    for author in people:
        name = author.get("family") or author.get("name")
        if isinstance(name, str) and name.strip():
            names.append(" ".join(name.split()))
    return tuple(names)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

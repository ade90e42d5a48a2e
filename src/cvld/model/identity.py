"""When two records are one: the same work, the same person.

One rule for every place that merges (the department graph, ``cvld import`` merging into a
CV, the ORCID reader matching ``version-of`` ids), so that they agree:

* **the same work**: the same DOI (case set aside), else the same arXiv id (version set
  aside), else the same title (folded by :func:`cvld.core.text.fold`) and year; two
  works whose DOIs differ are never the same, whatever else they share.
* **the same person**: the same ORCID iD, when the names can be one person's
  (:func:`same_person_names`), else exactly the same folded full name.
* **the same grant**: the same award number (case, spaces and punctuation set aside) from the same funder
  (the same Crossref Funder ID, else ROR id, else folded name); a grant without an award
  number is no other CV's grant.

The values may come from the model (:meth:`WorkIdentity.of_work`) or from plain data as a
CV file or an importer holds it (:meth:`WorkIdentity.of_record`), where they are not yet
checked: a value that is not a valid id is no identity.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass

from cvld.core.text import fold, fold_words
from cvld.model import ids
from cvld.model.records import Grant, Organisation, Person, Work

DOI, ARXIV, TITLE_YEAR = "DOI", "arXiv id", "title and year"
KINDS = (DOI, ARXIV, TITLE_YEAR)  # strongest first


def doi_identity(value: object) -> str | None:
    """The identity of a DOI (``10.1000/ABC`` and ``https://doi.org/10.1000/abc`` are one), or None."""
    try:
        return ids.doi_key(str(value)) if value else None
    except ids.IdentifierError:
        return None


def arxiv_identity(value: object) -> str | None:
    """The identity of an arXiv id, its version set aside (``2006.14450v2`` is ``2006.14450``), or None."""
    if isinstance(value, ids.ArxivId):
        return value.id
    try:
        return ids.parse_arxiv(str(value)).id if value else None
    except ids.IdentifierError:
        return None


def orcid_identity(value: object) -> str | None:
    """An ORCID iD in its one form (``0000-0002-1825-0097``), or None when it is not one."""
    try:
        return ids.normalize_orcid(str(value)) if value else None
    except ids.IdentifierError:
        return None


def id_identity(kind: str, value: object) -> str | None:
    """The identity of an external id of a CV field (``doi``, ``arxiv``, ``isbn``, ``issn``, ``pmid``)."""
    if kind == "doi":
        return doi_identity(value)
    if kind == "arxiv":
        return arxiv_identity(value)
    return str(value).strip().lower() if value else None


def title_identity(title: object) -> str:
    """A title's words to compare (``"Deep  Potential-MD!"`` -> ``"deep potential md"``)."""
    # not memoised: a title is met once or twice in a run, and a department's, a hundred a CV, would fill
    # the memo that serves the names (which recur) and hold the peak memory growing with the CVs
    return fold_words(str(title or ""))


@dataclass(frozen=True)
class WorkIdentity:
    """What makes a work itself: DOI, arXiv id, folded title, year (each may be missing)."""

    doi: str | None
    arxiv: str | None
    title: str
    year: str

    @classmethod
    def of_work(cls, work: Work) -> "WorkIdentity":
        return cls(doi_identity(work.doi), arxiv_identity(work.arxiv), title_identity(work.title),
                   str(work.date.year) if work.date else "")

    @classmethod
    def of_record(cls, record: dict) -> "WorkIdentity":
        """From a work as a CV file or an importer writes it (``date`` as ``2020`` or ``"2020-07"``)."""
        return cls(doi_identity(record.get("doi")), arxiv_identity(record.get("arxiv")),
                   title_identity(record.get("title")), str(record.get("date") or "")[:4])

    def keys(self) -> list[tuple[str, str]]:
        """``(kind, value)`` for each identity the work has, strongest first (kinds: :data:`KINDS`)."""
        found = []
        if self.doi:
            found.append((DOI, self.doi))
        if self.arxiv:
            found.append((ARXIV, self.arxiv))
        if self.title:
            found.append((TITLE_YEAR, f"{self.title}|{self.year}"))
        return found

    def conflicts(self, other: "WorkIdentity") -> bool:
        """Both have a DOI and the DOIs differ: two works, whatever else they share."""
        return bool(self.doi and other.doi and self.doi != other.doi)

    def same_as(self, other: "WorkIdentity", kind: str | None = None) -> bool:
        """One work (by ``kind`` only, when given)?"""
        if self.conflicts(other):
            return False
        theirs = dict(other.keys())
        return any(theirs.get(k) == value for k, value in self.keys() if kind in (None, k))


# --- people ----------------------------------------------------------------------------------


def name_identity(name: object) -> str:
    """A full name's words to compare (``"Yi-An Ma"`` -> ``"yi an ma"``, ``"Voß"`` -> ``"voss"``)."""
    return _folded_name(str(name or ""))


@functools.lru_cache(maxsize=1 << 16)
def _folded_name(name: str) -> str:
    # memoised: a department's merge folds each co-author's name once per CV that names them
    return fold(name)


def name_forms(person: Person) -> frozenset[str]:
    """Every folded full form of a person's name: the name, other names, and given + family."""
    return _name_forms(person.name, person.other_names, person.given_name, person.additional_name,
                       person.family_name)


@functools.lru_cache(maxsize=1 << 16)
def _name_forms(name, other_names, given_name, additional_name, family_name) -> frozenset[str]:
    # memoised per record's name parts: the merge asks for the same co-author's forms in every CV
    forms = {name, *other_names}
    if given_name and family_name:
        forms.add(" ".join(p for p in (given_name, additional_name, family_name) if p))
        forms.add(f"{given_name} {family_name}")
    return frozenset(n for n in map(name_identity, forms) if n)


def _family_and_initial(person: Person) -> tuple[str, str] | None:
    if person.family_name and person.given_name:
        return name_identity(person.family_name), name_identity(person.given_name)[:1]
    words = name_identity(person.name).split()
    return (words[-1], words[0][:1]) if len(words) > 1 else None


def same_person_names(a: Person, b: Person) -> bool:
    """Could these two records, which share an ORCID iD, name one person? (``W. E`` and ``Weinan E`` can.)"""
    if name_forms(a) & name_forms(b):
        return True
    if {" ".join(sorted(n.split())) for n in name_forms(a)} & {" ".join(sorted(n.split())) for n in name_forms(b)}:
        return True
    fa, fb = _family_and_initial(a), _family_and_initial(b)
    return fa is not None and fa == fb


# --- grants ----------------------------------------------------------------------------------


def award_number_identity(number: object) -> str:
    """An award number to compare: its letters and digits (``"DBI-0000002"``, ``"dbi 0000002"`` are one)."""
    return "".join(ch for ch in str(number or "").lower() if ch.isalnum())


def same_funder(a: Organisation, b: Organisation) -> bool:
    """One funder? By Crossref Funder ID, else ROR id, when both have it; else by folded name."""
    for name in ("crossref_funder", "ror"):
        mine, theirs = getattr(a, name), getattr(b, name)
        if mine and theirs:
            return mine == theirs
    return name_identity(a.name) == name_identity(b.name)


def same_grant(a: Grant, b: Grant) -> bool:
    """One grant: the same award number from the same funder (no award number: never another's)."""
    return bool(a.award_number and b.award_number) and \
        award_number_identity(a.award_number) == award_number_identity(b.award_number) and same_funder(a.funder, b.funder)

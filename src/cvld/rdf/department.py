"""One department graph from many CVs: which people, works and organisations are the same.

People are the same when they share an ORCID iD, match one entry of the department's
people file (by ORCID iD or by a name the file lists), or, failing both, have exactly
the same full name (after case, accents and punctuation are set aside). Names are never
compared in parts, so "Huan Lei" and "Lei Wu" stay two people.

Works are the same when they share a DOI, an arXiv id, or a normalised title and year.
A conflict (two names for one ORCID iD, two DOIs for what looks like one paper, two CVs
that list a shared paper's authors differently) is reported and never merged silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cvld.core.diagnostics import CVInputError, Location, Report
from cvld.model.identity import (KINDS, TITLE_YEAR, WorkIdentity, doi_identity, name_forms, name_identity,
                                 same_person_names)
from cvld.model.iris import Iris, MemberIris, normalise_base
from cvld.core.text import slugify
from cvld.model.records import CV, Organisation, Person, Work


@dataclass(frozen=True)
class Member:
    """How one CV is written into a graph: its IRI scheme and which records it describes.

    A work that several CVs list is described (title, venue, authors in order) by one of
    them only, the first in file order; a person named in several CVs is described (name,
    ORCID iD) by their own CV, else by the first CV that gives their ORCID iD, else by the
    first that names them. ``describes_work`` and ``describes_person`` say whether this CV is it.
    """

    cv: CV
    iris: Iris | MemberIris
    primary_works: frozenset[str] | None = None  # None: every work
    primary_people: frozenset[str] | None = None  # None: everyone

    def describes_work(self, key: str) -> bool:
        return self.primary_works is None or key in self.primary_works

    def describes_person(self, key: str) -> bool:
        return self.primary_people is None or key in self.primary_people


def merge_view(cv: CV) -> CV:
    """The parts of ``cv`` that :func:`resolve` reads: its people, organisations and each work's key,
    type, title, authors, date, DOI and arXiv id. A department holds these for every CV while the merge is
    decided, and each full CV only while its own triples are made."""
    works = tuple(Work(key=w.key, type=w.type, title=w.title, authors=w.authors, date=w.date, doi=w.doi,
                       arxiv=w.arxiv, origin=w.origin) for w in cv.works)
    return CV(source=cv.source, owner=cv.owner, organisations=cv.organisations, people=cv.people, works=works)


def single(cv: CV, base: str | None = None) -> Member:
    """A CV on its own, named by the homepage scheme (:class:`cvld.model.iris.Iris`)."""
    return Member(cv, Iris.for_cv(cv, base))


# --- resolution ------------------------------------------------------------------------


@dataclass
class _Occurrence:
    index: int  # position in the union-find
    person: Person
    cv: int | None  # None: an entry of the people file
    local_key: str
    owner: bool = False
    file_key: str | None = None


class _Union:
    """Union-find whose sets remember which CVs they come from: two records of one CV are never joined."""

    def __init__(self, size: int, cvs: list[int | None] | None = None):
        self.parent = list(range(size))
        self.cvs = [set() if cv is None else {cv} for cv in (cvs or [None] * size)]

    def apart(self, a: int, b: int) -> bool:
        """Would joining these bring two records of one CV together (or are they joined already)?"""
        ra, rb = self.find(a), self.find(b)
        return ra == rb or bool(self.cvs[ra] & self.cvs[rb])

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.cvs[min(ra, rb)] |= self.cvs[max(ra, rb)]


def _where(location: Location) -> str:
    return str(location) if location.file else "the people file"


@dataclass
class Department:
    """The resolution of many CVs into one graph's nodes."""

    base: str
    members: list[Member] = field(default_factory=list)


def resolve(cvs: list[CV], base: str, people: dict[str, Person] | None = None,
            report: Report | None = None) -> Department:
    """Name every person, work and organisation of ``cvs`` in one department graph under ``base``.

    Conflicts and ambiguities go to ``report`` as warnings located at the record that was
    not merged; the result never merges across a conflict.
    """
    base = normalise_base(base)
    report = report if report is not None else Report()
    person_keys, described = _resolve_people(cvs, people or {}, report)
    work_keys, primaries = _resolve_works(cvs, person_keys, report)
    members = []
    for i, cv in enumerate(cvs):
        orgs = {key: _org_key(org) for key, org in cv.organisations.items()}
        local_people = {key: person_keys[(i, key)] for key in [cv.owner.key, *cv.people]}
        iris = MemberIris(base, local_people[cv.owner.key], local_people, work_keys[i], orgs)
        members.append(Member(cv, iris, frozenset(primaries[i]), frozenset(described[i])))
    return Department(base, members)


def _org_key(org: Organisation) -> str:
    return slugify(f"{org.name} {org.department or ''}")


def _resolve_people(cvs: list[CV], file_people: dict[str, Person], report: Report):
    occurrences: list[_Occurrence] = []
    for key, person in file_people.items():
        occurrences.append(_Occurrence(len(occurrences), person, None, key, file_key=key))
    for i, cv in enumerate(cvs):
        occurrences.append(_Occurrence(len(occurrences), cv.owner, i, cv.owner.key, owner=True))
        for key, person in cv.people.items():
            occurrences.append(_Occurrence(len(occurrences), person, i, key))
    union = _Union(len(occurrences), [occ.cv for occ in occurrences])

    # 1. one ORCID iD, one person -- unless the names cannot be one person's
    by_orcid: dict[str, list[_Occurrence]] = {}
    for occ in occurrences:
        if occ.person.orcid:
            by_orcid.setdefault(occ.person.orcid, []).append(occ)
    for orcid, group in by_orcid.items():
        anchor = group[0]
        for occ in group[1:]:
            if same_person_names(anchor.person, occ.person):
                union.union(anchor.index, occ.index)
            else:
                report.warning(occ.person.origin,
                               f"conflict: ORCID iD {orcid} is also given to '{anchor.person.name}' "
                               f"({_where(anchor.person.origin)}), a different name; not merged")

    # 2. names, for records without an ORCID iD: only an exact full name, and only when unambiguous
    clusters_by_name: dict[str, set[int]] = {}
    for occ in occurrences:
        if occ.person.orcid or occ.file_key:
            for form in name_forms(occ.person):
                clusters_by_name.setdefault(form, set()).add(union.find(occ.index))
    identified = {union.find(o.index) for o in occurrences if o.person.orcid or o.file_key}
    by_name: dict[str, list[_Occurrence]] = {}
    for occ in occurrences:
        if not occ.person.orcid and not occ.file_key:
            by_name.setdefault(name_identity(occ.person.name), []).append(occ)
    for name, group in by_name.items():
        candidates = sorted(clusters_by_name.get(name, set()) & identified)
        if len(candidates) > 1:
            labels = ", ".join(sorted(_label(occurrences, union, c) for c in candidates))
            for occ in group:
                report.warning(occ.person.origin,
                               f"'{occ.person.name}' could be any of {len(candidates)} people of that name ({labels}); "
                               "not merged: give an ORCID iD or list the person in the people file")
            continue
        anchor = candidates[0] if candidates else group[0].index
        for occ in group:
            if union.find(occ.index) == union.find(anchor):
                continue
            if union.apart(anchor, occ.index):
                report.warning(occ.person.origin,
                               f"'{occ.person.name}' has the name of another person in the same CV; not merged with "
                               "others of that name: give an ORCID iD or list the person in the people file")
                continue
            union.union(anchor, occ.index)

    # 3. one key per person: the people file's, else a member's own, else the name's
    clusters: dict[int, list[_Occurrence]] = {}
    for occ in occurrences:
        clusters.setdefault(union.find(occ.index), []).append(occ)

    def priority(root):
        group = clusters[root]
        if any(o.file_key for o in group):
            return (0, root)
        if any(o.owner for o in group):
            return (1, root)
        return (2, root)

    taken: set[str] = set()
    keys: dict[tuple[int, str], str] = {}
    described: list[set[str]] = [set() for _ in cvs]
    for root in sorted(clusters, key=priority):
        group = clusters[root]
        filed = [o.file_key for o in group if o.file_key]
        owners = [o.local_key for o in group if o.owner]
        wanted = filed[0] if filed else owners[0] if owners else slugify(group[0].person.name)
        key, suffix = wanted, 2
        while key in taken:
            key, suffix = f"{wanted}-{suffix}", suffix + 1
        taken.add(key)
        in_cvs = [o for o in group if o.cv is not None]
        for occ in in_cvs:
            keys[(occ.cv, occ.local_key)] = key
        if in_cvs:
            primary = min(in_cvs, key=lambda o: (not o.owner, not o.person.orcid, o.index))
            described[primary.cv].add(primary.local_key)
    return keys, described


def _label(occurrences, union, root) -> str:
    for occ in occurrences:
        if union.find(occ.index) == root and (occ.person.orcid or occ.file_key):
            return f"ORCID iD {occ.person.orcid}" if occ.person.orcid else f"people file '{occ.file_key}'"
    return "?"


def _work_ids(work: Work) -> list[tuple[str, str]]:
    return WorkIdentity.of_work(work).keys()


def _resolve_works(cvs: list[CV], person_keys, report: Report):
    occurrences = [(i, work) for i, cv in enumerate(cvs) for work in cv.works]
    union = _Union(len(occurrences), [i for i, _ in occurrences])
    dois: dict[int, set[str]] = {n: {doi_identity(w.doi)} if w.doi else set() for n, (_, w) in enumerate(occurrences)}
    first_seen: dict[tuple[str, str], int] = {}
    for kind_order in KINDS:
        for n, (i, work) in enumerate(occurrences):
            for kind, value in _work_ids(work):
                if kind != kind_order:
                    continue
                other = first_seen.setdefault((kind, value), n)
                if other == n:
                    continue
                ra, rb = union.find(other), union.find(n)
                if union.apart(ra, rb):
                    continue  # already one, or two records of one CV (such as a preprint and its published version)
                if dois[ra] and dois[rb] and dois[ra] != dois[rb]:
                    first = occurrences[other][1]
                    shown = value.split("|")[0] if kind == TITLE_YEAR else value
                    report.warning(work.origin,
                                   f"conflict: looks like the same paper as '{first.key}' ({first.origin}) by {kind} "
                                   f"'{shown}', but the DOIs differ ({first.doi} and {work.doi}); not merged")
                    continue
                union.union(ra, rb)
                root = union.find(ra)
                dois[root] = dois[ra] | dois[rb]

    clusters: dict[int, list[int]] = {}
    for n in range(len(occurrences)):
        clusters.setdefault(union.find(n), []).append(n)
    work_keys: list[dict[str, str]] = [{} for _ in cvs]
    primaries: list[set[str]] = [set() for _ in cvs]
    taken: set[str] = set()
    for root in sorted(clusters):
        group = clusters[root]
        first_cv, first = occurrences[group[0]]
        key, suffix = first.key, 2
        while key in taken:
            key, suffix = f"{first.key}-{suffix}", suffix + 1
        taken.add(key)
        primaries[first_cv].add(first.key)
        expected = _authors(first, first_cv, person_keys)
        for n in group:
            i, work = occurrences[n]
            work_keys[i][work.key] = key
            if n != group[0] and _authors(work, i, person_keys) != expected:
                report.warning(work.origin,
                               f"conflict: the same paper as '{first.key}' ({first.origin}) lists other authors "
                               f"({_show_authors(work)} against {_show_authors(first)}); "
                               f"the graph keeps the list of {first.origin.file}")
    return work_keys, primaries


def _authors(work: Work, cv: int, person_keys) -> tuple:
    return tuple((person_keys[(cv, a.person.key)], a.equal_contribution) for a in work.authors)


def _show_authors(work: Work) -> str:
    return ", ".join(a.person.name + ("*" if a.equal_contribution else "") for a in work.authors)

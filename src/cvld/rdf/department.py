"""One department graph from many CVs: which people, works and organisations are the same.

People are the same when they share an ORCID iD, match one entry of the department's
people file (by ORCID iD or by a name the file lists), or, failing both, have exactly
the same full name (after case, accents and punctuation are set aside). Names are never
compared in parts, so "Huan Lei" and "Lei Wu" stay two people.

Works are the same when they share a DOI, an arXiv id, or a normalised title and year.
A conflict (two names for one ORCID iD, two DOIs for what looks like one paper, two CVs
that list a shared paper's authors differently) is reported and never merged silently.

**Merge by union.** Every fact any CV states about a shared person or work reaches the
graph: one member describes each shared record (see :class:`Member`) and writes the union
of what every CV states about it (:func:`merged_person`, :func:`merged_work`). A value that
can hold only one (a title, a DOI, an author list, a family name) is taken from the
describing CV, else from the first CV that states it; every other value is reported as a
conflict, located at the record that was outvoted and naming the one that won.

**Nothing depends on file names or order.** The CVs are first put in a canonical order,
by a digest of their content (:func:`content_digest`, which ignores file names and
positions), and every choice below is made in that order; the members come out sorted by
the owner's key. So the same CVs, in any order and under any names, give the same triples.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cvld.core.diagnostics import CVInputError, Location, Report
from cvld.model.identity import (KINDS, TITLE_YEAR, WorkIdentity, doi_identity, name_forms, name_identity, same_grant,
                                 same_person_names)
from cvld.model.iris import Iris, MemberIris, normalise_base
from cvld.core.text import slugify
from cvld.model.records import CV, Grant, Organisation, Person, Venue, Work


@dataclass(frozen=True)
class Member:
    """How one CV is written into a graph: its IRI scheme and which records it describes.

    A work that several CVs list is described (title, venue, authors in order, and the union
    of what every CV states of it) by one of them only: the CV of the work's first author who
    is a member (owns one of the CVs that list it), else the CV that states the most fields of
    it, else the first in the canonical order. A person named in several CVs is described by
    their own CV, else by a CV that names them in a record (an author list, an advisor) and
    gives their ORCID iD, else by one that names them in a record, else by the first that lists
    them. ``describes_work`` and ``describes_person`` say whether this CV is it;
    ``merged_works`` and ``merged_people`` hold the union records it writes in place of its own
    (:func:`described_cv`).
    """

    cv: CV
    iris: Iris | MemberIris
    primary_works: frozenset[str] | None = None  # None: every work
    primary_people: frozenset[str] | None = None  # None: everyone
    slot: int = 0  # the CV's position among the inputs (the members are in canonical order)
    merged_works: tuple[tuple[str, Work], ...] = ()  # local key -> the union record this member writes
    merged_people: tuple[tuple[str, Person], ...] = ()
    primary_grants: frozenset[str] | None = None  # None: every grant
    merged_grants: tuple[tuple[str, Grant], ...] = ()

    def describes_grant(self, key: str) -> bool:
        return self.primary_grants is None or key in self.primary_grants

    def describes_work(self, key: str) -> bool:
        return self.primary_works is None or key in self.primary_works

    def describes_person(self, key: str) -> bool:
        return self.primary_people is None or key in self.primary_people


def described_cv(member: Member) -> CV:
    """``member.cv`` with the union records it describes in place of its own (people wherever they are named)."""
    cv = member.cv
    if member.merged_grants:
        grants = dict(member.merged_grants)
        cv = dataclasses.replace(cv, grants=tuple(grants.get(g.key, g) for g in cv.grants))
    if not member.merged_works and not member.merged_people:
        return cv
    people = dict(member.merged_people)
    works = dict(member.merged_works)

    def person(p: Person) -> Person:
        return people.get(p.key, p)

    def work(w: Work) -> Work:
        w = works.get(w.key, w)
        if not people:
            return w
        return dataclasses.replace(w, authors=tuple(dataclasses.replace(a, person=person(a.person)) for a in w.authors))

    owner = cv.owner
    if owner.key in people:
        merged = people[owner.key]
        owner = dataclasses.replace(owner, **{f.name: getattr(merged, f.name) for f in dataclasses.fields(Person)
                                              if f.name not in ("key", "origin")})
        people[owner.key] = owner
    education = tuple(dataclasses.replace(e, advisors=tuple(map(person, e.advisors)), mentors=tuple(map(person, e.mentors)))
                      for e in cv.education) if people else cv.education
    return dataclasses.replace(cv, owner=owner, people={k: person(p) for k, p in cv.people.items()},
                               works=tuple(map(work, cv.works)), education=education)


def content_digest(cv: CV) -> str:
    """A digest of what ``cv`` states, blind to its file name and to line and column numbers."""
    return hashlib.sha256(repr(_content(merge_view(cv))).encode("utf-8")).hexdigest()


def _content(value):
    cls = value.__class__
    if cls is str or value is None or cls is int or cls is bool:
        return value
    stated = _STATED.get(cls)
    if stated is None:
        stated = _STATED[cls] = _stated_fields(cls) if dataclasses.is_dataclass(cls) else False
    if stated is not False:
        # a field left at its default is not stated: a record that gains a field keeps its digest (and order)
        content = [cls.__name__]
        for name, default, factory in stated:
            field_value = getattr(value, name)
            if default is not _MISSING:
                if field_value == default:
                    continue
            elif factory is not _MISSING and field_value == factory():
                continue
            content.append((name, _content(field_value)))
        return tuple(content)
    if isinstance(value, dict):
        return tuple((k, _content(v)) for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return tuple(map(_content, value))
    return value


_MISSING = dataclasses.MISSING
# a record type -> (name, default, default factory) of the fields _content reads; False for any other type
_STATED: dict[type, tuple | bool] = {}


def _stated_fields(cls: type) -> tuple:
    return tuple((f.name, f.default, f.default_factory) for f in dataclasses.fields(cls)
                 if f.name not in ("origin", "source"))


def merge_view(cv: CV) -> CV:
    """The parts of ``cv`` that :func:`resolve` reads: its owner, people, organisations, works, grants and
    who its records name (advisors, mentors, the people supervised). A department holds these for every CV while the merge is
    decided (a shared work's description is the union of every CV's), and each full CV only while its
    own triples are made."""
    education = tuple(e for e in cv.education if e.advisors or e.mentors)
    return CV(source=cv.source, owner=cv.owner, organisations=cv.organisations, people=cv.people, works=cv.works,
              education=education, grants=cv.grants, supervision=cv.supervision)


def shared_values(view: CV) -> CV:
    """``view`` (a merge view, fresh from loading or unpickling) holding one copy of each string and
    number that recurs across a department's CVs: the merge holds every CV's view at once, and the
    same co-author's key, name, name parts, ORCID iD and record path (``people.KEY``), the work types
    and the line numbers recur in every CV that names them. The values are equal, so nothing the merge
    or a digest reads changes; the view's records are updated in place (they are its own)."""
    for person in (view.owner, *view.people.values()):
        _share(person, _PERSON_STRINGS)
        _share(person.origin, _LOCATION_STRINGS, _LOCATION_NUMBERS)
    for work in view.works:
        _share(work, _WORK_STRINGS)
        _share(work.origin, _LOCATION_STRINGS, _LOCATION_NUMBERS)
    object.__setattr__(view, "people", {sys.intern(key): person for key, person in view.people.items()})
    return view


_PERSON_STRINGS = ("key", "name", "given_name", "family_name", "additional_name", "orcid")
_WORK_STRINGS = ("type", "status")
_LOCATION_STRINGS = ("file", "path")
_LOCATION_NUMBERS = ("line", "column")
_NUMBERS: dict[int, int] = {}


def _share(record, strings: tuple[str, ...], numbers: tuple[str, ...] = ()) -> None:
    for name in strings:
        value = getattr(record, name)
        if isinstance(value, str):
            object.__setattr__(record, name, sys.intern(value))  # a frozen record: the same value, one copy
    for name in numbers:
        value = getattr(record, name)
        object.__setattr__(record, name, _NUMBERS.setdefault(value, value))


def single(cv: CV, base: str | None = None) -> Member:
    """A CV on its own, named by the homepage scheme (:class:`cvld.model.iris.Iris`)."""
    return Member(cv, Iris.for_cv(cv, base))


# --- resolution ------------------------------------------------------------------------


@dataclass(slots=True)
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
            report: Report | None = None, digests: list[str] | None = None) -> Department:
    """Name every person, work and organisation of ``cvs`` in one department graph under ``base``.

    Conflicts and ambiguities go to ``report`` as warnings located at the record that was
    not merged (or whose value was outvoted); the result never merges across a conflict.
    The members come out sorted by their owner's key, each with its ``slot`` among ``cvs``.
    ``digests``: each CV's :func:`content_digest`, when known already (a build cache keeps them).
    """
    base = normalise_base(base)
    report = report if report is not None else Report()
    digest = digests.__getitem__ if digests is not None else lambda i: content_digest(cvs[i])
    order = sorted(range(len(cvs)), key=digest)
    ordered = [cvs[i] for i in order]
    person_keys, described, merged_people = _resolve_people(ordered, people or {}, report)
    work_keys, primaries, merged_works = _resolve_works(ordered, person_keys, report)
    grant_keys, grant_primaries, merged_grants = _resolve_grants(ordered, report)
    members = []
    for i, cv in enumerate(ordered):
        orgs = {key: _org_key(org) for key, org in cv.organisations.items()}
        local_people = {key: person_keys[(i, key)] for key in [cv.owner.key, *cv.people]}
        iris = MemberIris(base, local_people[cv.owner.key], local_people, work_keys[i], orgs, grant_keys[i])
        members.append(Member(cv, iris, frozenset(primaries[i]), frozenset(described[i]), order[i],
                              tuple(sorted(merged_works[i].items())), tuple(sorted(merged_people[i].items())),
                              frozenset(grant_primaries[i]), tuple(sorted(merged_grants[i].items()))))
    members.sort(key=lambda m: m.iris.owner())
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
    named_by = getattr(file_people, "named_by", {})
    said: dict[int, set[str]] = {}  # cluster root -> the members whose CVs mean it (the people file's named_by)
    for occ in occurrences:
        if occ.file_key in named_by:
            said.setdefault(union.find(occ.index), set()).update(named_by[occ.file_key])
    for name, group in by_name.items():
        candidates = sorted(clusters_by_name.get(name, set()) & identified)
        alone = None  # the first record of this name that no one identified: the others of the name join it
        for occ in group:
            member = cvs[occ.cv].owner.key
            choice = [c for c in candidates if member in said.get(c, ())] or [c for c in candidates if c not in said]
            if len(choice) > 1:
                labels = ", ".join(sorted(_label(occurrences, union, c) for c in choice))
                report.warning(occ.person.origin,
                               f"'{occ.person.name}' could be any of {len(choice)} people of that name ({labels}); "
                               "not merged: give an ORCID iD or list the person in the people file")
                continue
            if choice:
                anchor = choice[0]
            elif alone is None:
                alone = occ.index
                continue
            else:
                anchor = alone
            if union.find(occ.index) == union.find(anchor):
                continue
            if union.apart(anchor, occ.index):
                report.warning(occ.person.origin,
                               f"'{occ.person.name}' has the name of another person in the same CV; not merged with "
                               "others of that name: give an ORCID iD or list the person in the people file")
                continue
            if anchor == alone:
                first = occurrences[alone].person
                report.warning(occ.person.origin,
                               f"'{occ.person.name}' is taken to be the '{first.name}' of {_where(first.origin)} by the "
                               "name alone; if they are two people, give ORCID iDs or tell them apart in the people "
                               "file (named_by)")
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

    used = [_named_in_records(cv) for cv in cvs]

    taken: set[str] = set()
    keys: dict[tuple[int, str], str] = {}
    described: list[set[str]] = [set() for _ in cvs]
    merged: list[dict[str, Person]] = [{} for _ in cvs]
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
            primary = min(in_cvs, key=lambda o: (not o.owner, o.local_key not in used[o.cv], not o.person.orcid,
                                                 o.index))
            described[primary.cv].add(primary.local_key)
            filed_people = [o.person for o in group if o.cv is None]
            chosen = primary.person
            others = filed_people + [o.person for o in in_cvs if o is not primary]
            if filed_people:  # the people file says how the person is named; the CV's spelling is another name
                chosen = dataclasses.replace(chosen, name=filed_people[0].name)
                others.insert(1, primary.person)
            union = merged_person(chosen, others, report)
            if union != primary.person:
                merged[primary.cv][primary.local_key] = union
    return keys, described, merged


_PERSON_FIELDS = ("given_name", "family_name", "additional_name", "orcid", "homepage")


def merged_person(chosen: Person, others: list[Person], report: Report) -> Person:
    """``chosen`` with what ``others`` (the same person in other records) state besides: each single
    value it lacks (name parts, ORCID iD, homepage) from the first that gives it, every other spelling
    of the name among ``other_names``. A single value that differs from the one kept is reported."""
    def conflict(other, name, value, kept, kept_from):
        report.warning(other.origin, f"conflict: '{other.name}' is given the {name.replace('_', ' ')} '{value}' here "
                       f"and '{kept}' at {_where(kept_from.origin)}; the graph keeps '{kept}'")

    values = _union_values(chosen, others, _PERSON_FIELDS, conflict)
    names = list(chosen.other_names)
    for other in others:
        for spelling in (other.name, *other.other_names):
            if spelling != chosen.name and spelling not in names:
                names.append(spelling)
    return dataclasses.replace(chosen, other_names=tuple(names), **values)


def _union_values(chosen, others: list, names: tuple[str, ...], conflict) -> dict:
    """For each single-valued field in ``names``: ``chosen``'s value, else the first of ``others`` that
    states one; ``conflict(other, name, value, kept, kept_from)`` for every other value that differs."""
    values = {name: getattr(chosen, name) for name in names}
    kept_from = {name: chosen for name in names}
    for other in others:
        for name in names:
            value = getattr(other, name)
            if not value:
                continue
            if not values[name]:
                values[name], kept_from[name] = value, other
            elif name == "venue" and _same(name, value, values[name]):
                values[name] = _union_venue(values[name], value, other, kept_from[name], conflict)
            elif not _same(name, value, values[name]):
                conflict(other, name, value, values[name], kept_from[name])
    return values


def _named_in_records(cv: CV) -> set[str]:
    """The keys of the people ``cv`` names in a record (an author list, an advisor or mentor, a person supervised)."""
    keys = {a.person.key for w in cv.works for a in w.authors}
    keys |= {p.key for e in cv.education for p in (*e.advisors, *e.mentors)}
    keys |= {s.person.key for s in cv.supervision}
    return keys | {cv.owner.key}


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
    merged: list[dict[str, Work]] = [{} for _ in cvs]
    taken: set[str] = set()
    for root in sorted(clusters):
        group = clusters[root]
        chosen = min(group, key=lambda n: _describer_rank(occurrences[n][1], cvs[occurrences[n][0]].owner.key, n))
        first_cv, first = occurrences[chosen]
        key, suffix = first.key, 2
        while key in taken:
            key, suffix = f"{first.key}-{suffix}", suffix + 1
        taken.add(key)
        primaries[first_cv].add(first.key)
        expected = _authors(first, first_cv, person_keys)
        for n in group:
            i, work = occurrences[n]
            work_keys[i][work.key] = key
            if n != chosen and _authors(work, i, person_keys) != expected:
                report.warning(work.origin,
                               f"conflict: the same paper as '{first.key}' ({first.origin}) lists other authors "
                               f"({_show_authors(work)} against {_show_authors(first)}); "
                               f"the graph keeps the list of {first.origin.file}")
        if len(group) > 1:
            union = merged_work(first, [occurrences[n][1] for n in group if n != chosen], report)
            if union != first:
                merged[first_cv][first.key] = union
    return work_keys, primaries, merged


# the single values of a grant: the describing CV's, else the first other CV's that states one
_GRANT_FIELDS = ("title", "start", "end", "amount", "url")


def _resolve_grants(cvs: list[CV], report: Report):
    """Grants shared by members (:func:`cvld.model.identity.same_grant`) are one node, named by the first
    CV's key, described by the CV of its principal investigator (else the first CV in the canonical
    order) with what the others state besides; every other value is a conflict, as for works."""
    groups: list[list[tuple[int, Grant]]] = []
    for i, cv in enumerate(cvs):
        for grant in cv.grants:
            group = next((g for g in groups if all(j != i for j, _ in g) and same_grant(g[0][1], grant)), None)
            if group is None:
                groups.append([(i, grant)])
            else:
                group.append((i, grant))
    keys: list[dict[str, str]] = [{} for _ in cvs]
    primaries: list[set[str]] = [set() for _ in cvs]
    merged: list[dict[str, Grant]] = [{} for _ in cvs]
    taken: set[str] = set()
    for group in groups:
        first = group[0][1]
        key, suffix = first.key, 2
        while key in taken:
            key, suffix = f"{first.key}-{suffix}", suffix + 1
        taken.add(key)
        for i, grant in group:
            keys[i][grant.key] = key
        chosen_cv, chosen = min(group, key=lambda entry: entry[1].role != "pi")
        primaries[chosen_cv].add(chosen.key)
        if len(group) > 1:
            def conflict(other, name, value, kept, kept_from):
                report.warning(other.origin, f"conflict: the same grant as '{chosen.key}' ({chosen.origin}) gives "
                               f"another {name} ('{_show(value)}' against '{_show(kept)}'); the graph keeps the one of "
                               f"{kept_from.origin}")

            values = _union_values(chosen, [g for _, g in group if g is not chosen], _GRANT_FIELDS, conflict)
            union = dataclasses.replace(chosen, **values)
            if union != chosen:
                merged[chosen_cv][chosen.key] = union
    return keys, primaries, merged


def _describer_rank(work: Work, owner_key: str, n: int) -> tuple:
    """Which CV describes a shared work: the one whose owner stands first in its author list, then the
    one that states the most of the work, then the first in the canonical order (``n``)."""
    owner_rank = next((r for r, a in enumerate(work.authors) if a.person.key == owner_key), len(work.authors))
    return owner_rank, -_stated(work), n


# the single values of a work: the describing CV's, else the first other CV's that states one
_WORK_FIELDS = ("type", "title", "date", "status", "venue", "volume", "issue", "pages", "article_number", "doi",
                "arxiv", "isbn", "issn", "pmid", "url", "pdf", "abstract", "note")


def _stated(work: Work) -> int:
    return sum(1 for name in _WORK_FIELDS if getattr(work, name)) + len(work.keywords)


def _union_venue(kept: Venue, other_venue: Venue, other: Work, kept_from: Work, conflict) -> Venue:
    """One venue (the same name) as two CVs state it: each part one lacks from the other."""
    parts = {}
    for name in ("short", "publisher", "issn", "isbn"):
        mine, theirs = getattr(kept, name), getattr(other_venue, name)
        if mine and theirs and mine != theirs:
            conflict(other, f"venue {name}", theirs, mine, kept_from)
        parts[name] = mine or theirs
    return dataclasses.replace(kept, **parts)


def _same(name: str, a, b) -> bool:
    if name == "venue":
        return name_identity(a.name) == name_identity(b.name)
    if name == "doi":
        return doi_identity(a) == doi_identity(b)
    if name == "arxiv":
        return a.id == b.id
    return a == b


def _show(value) -> str:
    if hasattr(value, "iso"):
        return value.iso()
    if hasattr(value, "currency"):
        return f"{value.value} {value.currency}"
    if hasattr(value, "name") and not isinstance(value, str):
        return value.name
    return str(value)


def merged_work(chosen: Work, others: list[Work], report: Report) -> Work:
    """``chosen`` (the describing CV's record) with what ``others`` (the same work in other CVs) state
    besides: each single value it lacks (venue, volume, pages, DOI, arXiv id, abstract, links...) from
    the first that gives it, and every keyword. A single value that differs from the one kept is reported
    at the record that gives it, naming where the kept one is written."""
    def conflict(other, name, value, kept, kept_from):
        report.warning(other.origin, f"conflict: the same paper as '{chosen.key}' ({chosen.origin}) gives another "
                       f"{name.replace('_', ' ')} ('{_show(value)}' against '{_show(kept)}'); "
                       f"the graph keeps the one of {kept_from.origin}")

    values = _union_values(chosen, others, _WORK_FIELDS, conflict)
    # a range's end goes with its start: from the record whose date is kept, never joined to another's date
    values["date_end"] = next((w.date_end for w in (chosen, *others) if w.date), None)
    keywords = list(chosen.keywords)
    for other in others:
        keywords += [k for k in other.keywords if k not in keywords]
    return dataclasses.replace(chosen, keywords=tuple(keywords), **values)


def _authors(work: Work, cv: int, person_keys) -> tuple:
    return tuple((person_keys[(cv, a.person.key)], a.equal_contribution) for a in work.authors)


def _show_authors(work: Work) -> str:
    return ", ".join(a.person.name + ("*" if a.equal_contribution else "") for a in work.authors)


def resolution_digest(member: Member) -> str:
    """A digest of everything the merge decided for ``member``, beside its CV: its IRI scheme (the
    keys of the people, works and organisations it names), which shared records it describes, and the
    union records it writes. A member's triples are a pure function of its CV and this (and the
    vocabulary), so a change elsewhere that alters who is who changes this digest too."""
    iris = member.iris
    scheme = (type(iris).__name__, iris.base) + tuple(
        tuple(sorted(getattr(iris, name).items())) if isinstance(getattr(iris, name), dict) else getattr(iris, name)
        for name in ("member", "people", "works", "organisations") if hasattr(iris, name))
    decided = (scheme,
               None if member.primary_works is None else tuple(sorted(member.primary_works)),
               None if member.primary_people is None else tuple(sorted(member.primary_people)),
               _content(member.merged_works), _content(member.merged_people))
    return hashlib.sha256(repr(decided).encode("utf-8")).hexdigest()

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

**Nothing depends on file names or order.** The CVs are first put in a canonical order: by
their owner's key and ORCID iD, then (for owners alike, and only for them) by a digest of their content
(:func:`content_digest`, which ignores file names and positions). Every choice below is made in
that order, and the members come out sorted by the owner's key. So the same CVs, in any order and
under any names, give the same triples, and an edit to one CV that leaves its owner alone keeps its
place: who describes a co-author several CVs name alike stays the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Iterator, Sequence

from cvld.core.diagnostics import CVInputError, Location, Report
from cvld.model.identity import (DOI, KINDS, TITLE_YEAR, WorkIdentity, doi_identity, name_forms, name_identity,
                                 same_grant, same_person_names)
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
    """The parts of ``cv`` that the merge reads: its owner, people, organisations, works, grants and
    who its records name (advisors, mentors, the people supervised); their content orders the CVs
    (:func:`content_digest`). What the merge holds of each CV is smaller still (:class:`MergeRecord`)."""
    education = tuple(e for e in cv.education if e.advisors or e.mentors)
    return CV(source=cv.source, owner=cv.owner, organisations=cv.organisations, people=cv.people, works=cv.works,
              education=education, grants=cv.grants, supervision=cv.supervision)


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """What the merge reads of one CV, in compact form: small tuples and digests, not model objects.

    It keeps only what deciding needs: the owner; each person the CV lists (fresh from
    :func:`merge_record`, a worker or the cache: its fields as plain values, quick to unpickle; once
    the department holds it, :func:`shared_record`: its number in the department's :class:`PersonTable`,
    each record's place kept as two numbers); which of them a record names; each work's key, the
    digests of its identities (:data:`cvld.model.identity.KINDS` and the DOI that keeps two works
    apart) and two small numbers that rank its describers; the organisations' keys; the grants (few).
    The full records of a work that several CVs share are read back (``read_works``) only to make
    their union. A department keeps its records in a temporary file and reads each back for each
    pass of the decision (:class:`cvld.rdf.stream.Spill`), so it holds only arrays of numbers per CV.
    """

    source: str
    owner: Person
    people_keys: tuple[str, ...]
    people: tuple | array  # each person's fields (fresh), or its number in the department's PersonTable ('i')
    places: array  # line and column of each person in ``people`` ('I')
    odd_places: tuple[tuple[int, Location], ...]  # a person whose origin is not people.KEY at those numbers
    named: bytes  # 1 for each person in ``people`` that a record names (an author, an advisor, a person supervised)
    work_keys: tuple[str, ...]
    work_ids: bytes  # per work, _WORK_ID_SLOTS digests of _ID_BYTES bytes (zeros: none)
    work_ranks: array  # per work, the owner's place in its author list and how many fields it states ('I')
    organisations: tuple[tuple[str, str], ...]  # the CV's organisation key -> the department's
    grants: tuple[Grant, ...]

    def person(self, j: int, people: list[Person]) -> Person:
        """Person ``j`` of ``people`` with its own origin (``people``: the department's :class:`PersonTable`
        list, whose objects may hold another CV's origin)."""
        return placed(people[self.people[j]], record_part(self, "origins"), j)


def placed(person: Person, origins: tuple, j: int) -> Person:
    """``person``, the ``j``-th of a record's people, with its own origin (``origins``: the record's part
    of that name, see :func:`record_part`)."""
    source, keys, places, odd = origins
    for index, origin in odd:
        if index == j:
            return dataclasses.replace(person, origin=origin)
    return dataclasses.replace(person, origin=Location(source, places[2 * j], places[2 * j + 1], f"people.{keys[j]}"))

    def work_id(self, j: int, slot: int) -> bytes:
        start = (j * _WORK_ID_SLOTS + slot) * _ID_BYTES
        return self.work_ids[start:start + _ID_BYTES]


_ID_BYTES = 16
_WORK_ID_SLOTS = len(KINDS) + 1  # one per kind of identity, then the DOI's (two DOIs keep works apart)
_NO_ID = bytes(_ID_BYTES)
_KIND_SLOTS = {kind: slot for slot, kind in enumerate(KINDS)}


def _id_digest(value: str | None) -> bytes:
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=_ID_BYTES).digest() \
        if value is not None else _NO_ID


_NO_DOI_ID = _id_digest("")  # a DOI given that is no DOI


def merge_record(cv: CV) -> MergeRecord:
    """The :class:`MergeRecord` of ``cv``."""
    named = _named_in_records(cv)
    keys = tuple(cv.people)
    people = tuple(_person_fields(p) for p in cv.people.values())
    places, odd = array("I"), []
    for j, (key, person) in enumerate(zip(keys, cv.people.values())):
        origin = person.origin
        if (origin.file == cv.source and origin.path == f"people.{key}" and 0 <= origin.line <= 0xFFFFFFFF
                and 0 <= origin.column <= 0xFFFFFFFF):
            places.extend((origin.line, origin.column))
        else:
            places.extend((0, 0))
            odd.append((j, origin))
    ids, ranks = bytearray(), array("I")
    owner_key = cv.owner.key
    for work in cv.works:
        found = [_NO_ID] * _WORK_ID_SLOTS
        for kind, value in _work_ids(work):
            found[_KIND_SLOTS[kind]] = _id_digest(value)
        if work.doi:  # the DOI that keeps works apart: its identity's digest (the DOI kind's), "" when it has none
            found[-1] = found[_KIND_SLOTS[DOI]] if found[_KIND_SLOTS[DOI]] is not _NO_ID else _NO_DOI_ID
        ids += b"".join(found)
        authors = [a.person.key for a in work.authors]
        ranks.extend((authors.index(owner_key) if owner_key in authors else len(authors), _stated(work)))
    return MergeRecord(cv.source, cv.owner, keys, people, places, tuple(odd), bytes(k in named for k in keys),
                       tuple(w.key for w in cv.works), bytes(ids), ranks,
                       tuple((key, _org_key(org)) for key, org in cv.organisations.items()), cv.grants)


# a person's fields but its origin, in order, as a tuple
_PERSON_FIELDS_OF = attrgetter(*(f.name for f in dataclasses.fields(Person) if f.name != "origin"))


def _person_fields(person: Person):
    """A plain person's fields but its origin, in order (a :class:`Person` of another class stays itself)."""
    if type(person) is not Person:
        return person
    return _PERSON_FIELDS_OF(person)


class PersonTable:
    """The department's people stated alike, numbered: one :class:`Person` (origin aside) for each
    (``people``), so that a :class:`MergeRecord` holds each of its people as one number
    (:func:`shared_record`). ``done`` lets go of the index once every CV is read."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.numbers: dict | None = {}  # a person's fields -> its number

    def number(self, fields) -> int:
        number = self.numbers.get(fields)
        if number is None:
            number = self.numbers[fields] = len(self.people)
            self.people.append(fields if isinstance(fields, Person) else Person(*fields))
        return number

    def done(self) -> list[Person]:
        self.numbers = None
        return self.people


def shared_record(record: MergeRecord, people: PersonTable) -> MergeRecord:
    """``record`` (fresh from :func:`merge_record`, a worker or the cache) holding each person as its
    number in ``people`` (one table for the department): records equal but for their origin are one
    person there, and the record keeps each one's origin apart (:meth:`MergeRecord.person`)."""
    return dataclasses.replace(record, people=array("i", map(people.number, record.people)))


def single(cv: CV, base: str | None = None) -> Member:
    """A CV on its own, named by the homepage scheme (:class:`cvld.model.iris.Iris`)."""
    return Member(cv, Iris.for_cv(cv, base))


# --- resolution ------------------------------------------------------------------------


class _CvOf:
    """Each numbered record's CV (-1: none, the first ``first``), from where each CV's records start
    (``starts``): no number a record."""

    def __init__(self, starts: array, first: int, total: int) -> None:
        self.starts, self.first, self.total = starts, first, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, o: int) -> int:
        return -1 if o < self.first else bisect_right(self.starts, o) - 1


class _Union:
    """Union-find whose sets remember which CVs they come from: two records of one CV are never joined.

    ``cvs``: each element's CV (-1: none; an array, or a :class:`_CvOf`). A set's CVs are held once it has two elements, and only
    from the first question :meth:`apart` answers (joining by ORCID iD asks none)."""

    def __init__(self, cvs: array | _CvOf):
        self.parent = array("i", range(len(cvs)))
        self.cv = cvs
        self.cvs: dict[int, set[int]] | None = None
        self.numbers: list[int] = []  # one int object for each CV number, shared by the sets

    def _of(self, root: int):
        kept = self.cvs.get(root)
        if kept is not None:
            return kept
        cv = self.cv[root]
        return () if cv < 0 else (cv,)

    def _number(self, cv: int) -> int:
        while len(self.numbers) <= cv:
            self.numbers.append(len(self.numbers))
        return self.numbers[cv]

    def _held(self) -> dict[int, set[int]]:
        if self.cvs is None:
            self.cvs = {}
            for i in range(len(self.parent)):
                root = self.find(i)
                if root != i:
                    kept = self.cvs.get(root)
                    if kept is None:
                        kept = self.cvs[root] = {self._number(c) for c in self._of(root)}
                    if self.cv[i] >= 0:
                        kept.add(self._number(self.cv[i]))
        return self.cvs

    def apart(self, a: int, b: int) -> bool:
        """Would joining these bring two records of one CV together (or are they joined already)?"""
        self._held()
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        mine, theirs = self._of(ra), self._of(rb)
        if len(mine) > len(theirs):
            mine, theirs = theirs, mine
        return any(cv in theirs for cv in mine)

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            if self.cvs is None:
                return
            kept = self.cvs.get(low)
            if kept is None:
                kept = self.cvs[low] = {self._number(c) for c in self._of(low)}
            kept.update(self._number(c) for c in self._of(high))
            self.cvs.pop(high, None)


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
    ``digests``: each CV's :func:`content_digest`, when known already; else made for the CVs that need it
    (:func:`canonical_order`).
    """
    digests = digests if digests is not None else (lambda i: content_digest(cvs[i]))
    table = PersonTable()
    records = [shared_record(merge_record(cv), table) for cv in cvs]
    members = [dataclasses.replace(member, cv=cvs[member.slot])
               for member in decide(records, base, people, report, digests,
                                    lambda slot, indices: [cvs[slot].works[j] for j in indices], table.done())]
    members.sort(key=lambda m: m.iris.owner())
    return Department(normalise_base(base), members)


def decide(records: Sequence[MergeRecord], base: str, people: dict[str, Person] | None, report: Report | None,
           digests, read_works, persons: list[Person]) -> Iterator[Member]:
    """What :func:`resolve` decides, from the CVs' :class:`MergeRecord` (held as :func:`shared_record`
    makes them, their people numbered in ``persons``): each CV's member, in the canonical order
    (:func:`canonical_order`, which says what ``digests`` is), holding of its CV only the source and the
    owner (``Member.cv``; ``slot`` says which of ``records`` it is). ``read_works(slot, indices)``: those works
    of that CV in full, read only for the works several CVs share (to make their union) and for a conflict's message.

    ``records`` may read each record back when asked for it (a department's are in a temporary file):
    the decision goes over them a few times in order, and holds between its passes only arrays of
    numbers per person and per work, what it decided, and the people of ``persons``."""
    base = normalise_base(base)
    report = report if report is not None else Report()
    records = records if isinstance(records, HeldRecords) else HeldRecords(records)
    order = canonical_order([records.part("order_key", i) for i in range(len(records))], digests)
    ordered = _InOrder(records, order)
    person_keys, starts, described, merged_people = _resolve_people(ordered, persons, people or {}, report)
    work_keys, work_starts, primaries, merged_works = _resolve_works(
        ordered, person_keys, starts, report, lambda i, indices: read_works(order[i], indices))
    grant_keys, grant_primaries, merged_grants = _resolve_grants(ordered, report)
    for i, record in enumerate(ordered):
        local_people = {record.owner.key: person_keys[starts[i]]}
        for j, key in enumerate(record.people_keys, starts[i] + 1):
            local_people[key] = person_keys[j]
        first = work_starts[i]
        works = {key: work_keys.get(n, key) for n, key in enumerate(record.work_keys, first)}
        primary = frozenset(key for n, key in enumerate(record.work_keys, first) if primaries[n])
        iris = MemberIris(base, local_people[record.owner.key], local_people, works, dict(record.organisations),
                          grant_keys.pop(i, {}))
        cv = CV(source=record.source, owner=record.owner, organisations={}, people={})
        mine = described[starts[i]:starts[i] + 1 + len(record.people_keys)]
        describes = frozenset((record.owner.key, *record.people_keys)[j] for j, flag in enumerate(mine) if flag)
        yield Member(cv, iris, primary, describes, order[i], tuple(sorted(merged_works.pop(i, {}).items())),
                     tuple(sorted(merged_people.pop(i, {}).items())), frozenset(grant_primaries.pop(i, ())),
                     tuple(sorted(merged_grants.pop(i, {}).items())))


class HeldRecords(Sequence):
    """The CVs' merge records (as :func:`shared_record` makes them) as the decision reads them: whole
    (``records[i]``), or one part of one (:meth:`part`), which a department that keeps its records in a
    file (:class:`cvld.rdf.stream.KeptRecords`) reads alone. Here: a list of them, held."""

    def __init__(self, records: list[MergeRecord]) -> None:
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, i: int) -> MergeRecord:
        return self.records[i]

    def part(self, name: str, i: int):
        """Part ``name`` of record ``i`` (one of :data:`RECORD_PARTS`)."""
        return record_part(self.records[i], name)


# what the decision reads of a record in its passes, each on its own
RECORD_PARTS = ("order_key", "owner", "people", "named", "origins", "work_ids", "work_ranks", "work_keys", "grants")


def record_part(record: MergeRecord, name: str):
    """Part ``name`` of ``record`` (:data:`RECORD_PARTS`): the owner as a plain :class:`Person` (what the
    merge compares of it), its key and ORCID iD (what orders the CVs), where its people are (``origins``:
    the source, the people's keys and places), or that field of the record."""
    if name == "order_key":
        return record.owner.key, record.owner.orcid or ""
    if name == "owner":
        return _plain(record.owner)
    if name == "origins":
        return record.source, record.people_keys, record.places, record.odd_places
    return getattr(record, name)


class _InOrder(Sequence):
    """``records`` (a :class:`HeldRecords`) in the canonical order (``order``), the last few read kept
    (each may be read back from a file: a pass of the decision reads them in turn, and a record it asks
    again is often near)."""

    def __init__(self, records: HeldRecords, order: list[int]) -> None:
        self.records, self.order = records, order
        self.recent: dict[tuple[str, int], object] = {}

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i: int) -> MergeRecord:
        return self.part("", i)

    def part(self, name: str, i: int):
        """Part ``name`` of record ``i`` (:data:`RECORD_PARTS`), or the whole record (``""``)."""
        kept = self.recent.get((name, i))
        if kept is None:
            if len(self.recent) >= _RECENT_RECORDS:
                del self.recent[next(iter(self.recent))]
            kept = self.recent[name, i] = (self.records[self.order[i]] if not name else
                                           self.records.part(name, self.order[i]))
        return kept

    def __iter__(self) -> Iterator[MergeRecord]:
        return map(self.__getitem__, range(len(self.order)))

    def each(self, name: str) -> Iterator:
        """Part ``name`` of every record, in order."""
        part = self.records.part
        return (part(name, i) for i in self.order)


_RECENT_RECORDS = 16


def canonical_order(owners: list[tuple[str, str]], digests) -> list[int]:
    """The CVs' indices in the canonical order: by their owner's key and ORCID iD (``owners``, "" for
    none: what an edit elsewhere in a CV does not move), then, for owners alike, by the CV's
    :func:`content_digest`. ``digests``: each CV's digest by its index, a list or a function; a function
    is asked only for the CVs whose owner ties with another's (most departments have none)."""
    digest = digests if callable(digests) else digests.__getitem__
    order: list[int] = []
    for _, tied in groupby(sorted(range(len(owners)), key=owners.__getitem__), key=owners.__getitem__):
        tied = list(tied)
        order.extend(sorted(tied, key=digest) if len(tied) > 1 else tied)
    return order


def _org_key(org: Organisation) -> str:
    return slugify(f"{org.name} {org.department or ''}")


class _Keys:
    """Each numbered record's key in the graph: its set's (``roots``: each record's set, by its first
    record; ``keys``: each set's key), without a string per record."""

    def __init__(self, roots: array, keys: dict[int, str]) -> None:
        self.roots, self.keys = roots, keys

    def __getitem__(self, o: int) -> str:
        return self.keys[self.roots[o]]


def _resolve_people(records: _InOrder, persons: list[Person], file_people: dict[str, Person],
                    report: Report):
    """Who is who. The records of people are numbered: the people file's entries first, then each CV's
    owner and people in turn (CV ``i``'s from ``starts[i]``); returns each one's key in the graph (by
    that number, a :class:`_Keys`), ``starts``, whether each record is the one that describes its person
    (a byte per number), and by CV the union records it writes (only the CVs that write one).

    What is held for every record is a few numbers in arrays: its person in ``everyone`` (``persons``,
    then the people file's entries, then each CV's owner: an owner is never one with a person listed
    in a CV), its set; the records themselves are read back when a message or a union needs
    one's origin."""
    filed_items = list(file_people.items())
    first = len(filed_items)
    everyone: list[Person] = list(persons)
    everyone.extend(person for _, person in filed_items)
    of = array("i", range(len(persons), len(everyone)))  # each record's person in ``everyone``
    named = bytearray(first)  # named in a record of its CV (the owner always is)
    starts = array("l")
    total = first
    for owner_plain, numbers, names in zip(records.each("owner"), records.each("people"), records.each("named")):
        starts.append(total)
        total += 1 + len(numbers)
        of.append(len(everyone))
        everyone.append(owner_plain)
        of.extend(numbers)
        named.append(1)
        named += names
    owners_from = len(persons) + first  # CV i's owner is everyone[owners_from + i]
    cvs = _CvOf(starts, first, total)

    def plain(o: int) -> Person:  # record ``o``'s person, its origin another's
        return everyone[of[o]]

    def person(o: int) -> Person:  # record ``o`` with its own origin
        if o < first:
            return filed_items[o][1]
        j = o - starts[cvs[o]]
        return records[cvs[o]].owner if j == 0 else placed(everyone[of[o]], records.part("origins", cvs[o]), j - 1)

    def local_key(o: int) -> str:
        if o < first:
            return filed_items[o][0]
        j = o - starts[cvs[o]]
        return everyone[of[o]].key if j == 0 else records.part("origins", cvs[o])[1][j - 1]

    def owner(o: int) -> bool:
        return of[o] >= owners_from

    union = _Union(cvs)

    # 1. one ORCID iD, one person -- unless the names cannot be one person's (reported by the iD's first record)
    anchors: dict[str, int] = {}
    apart: list[tuple[int, int]] = []
    for o in range(total):
        entry = everyone[of[o]]
        if entry.orcid:
            anchor = anchors.setdefault(entry.orcid, o)
            if anchor != o:
                if same_person_names(everyone[of[anchor]], entry):
                    union.union(anchor, o)
                else:
                    apart.append((anchor, o))
    del anchors
    for anchor, o in sorted(apart):
        kept = person(anchor)
        report.warning(person(o).origin,
                       f"conflict: ORCID iD {plain(o).orcid} is also given to '{kept.name}' "
                       f"({_where(kept.origin)}), a different name; not merged")
    del apart

    # 2. names, for records without an ORCID iD: only an exact full name, and only when unambiguous
    clusters_by_name: dict[str, set[int]] = {}
    identified: set[int] = set()
    by_name: dict[str, array] = {}
    for o in range(total):
        entry = everyone[of[o]]
        if entry.orcid or o < first:
            root = union.find(o)
            identified.add(root)
            for form in name_forms(entry):
                clusters_by_name.setdefault(form, set()).add(root)
        else:
            group = by_name.get(name := name_identity(entry.name))
            if group is None:
                group = by_name[name] = array("i")
            group.append(o)
    named_by = getattr(file_people, "named_by", {})
    said: dict[int, set[str]] = {}  # cluster root -> the members whose CVs mean it (the people file's named_by)
    for o in range(first):
        if filed_items[o][0] in named_by:
            said.setdefault(union.find(o), set()).update(named_by[filed_items[o][0]])

    def label(root: int) -> str:
        for o in range(total):
            entry = everyone[of[o]]
            if union.find(o) == root and (entry.orcid or o < first):
                return f"ORCID iD {entry.orcid}" if entry.orcid else f"people file '{filed_items[o][0]}'"
        return "?"

    for name, group in by_name.items():
        candidates = sorted(clusters_by_name.get(name, set()) & identified)
        alone = None  # the first record of this name that no one identified: the others of the name join it
        for o in group:
            member = everyone[of[starts[cvs[o]]]].key  # the owner's key
            choice = [c for c in candidates if member in said.get(c, ())] or [c for c in candidates if c not in said]
            if len(choice) > 1:
                labels = ", ".join(sorted(label(c) for c in choice))
                report.warning(person(o).origin,
                               f"'{plain(o).name}' could be any of {len(choice)} people of that name ({labels}); "
                               "not merged: give an ORCID iD or list the person in the people file")
                continue
            if choice:
                anchor = choice[0]
            elif alone is None:
                alone = o
                continue
            else:
                anchor = alone
            if union.find(o) == union.find(anchor):
                continue
            if union.apart(anchor, o):
                report.warning(person(o).origin,
                               f"'{plain(o).name}' has the name of another person in the same CV; not merged with "
                               "others of that name: give an ORCID iD or list the person in the people file")
                continue
            if anchor == alone:
                earlier = person(alone)
                report.warning(person(o).origin,
                               f"'{plain(o).name}' is taken to be the '{earlier.name}' of {_where(earlier.origin)} by "
                               "the name alone; if they are two people, give ORCID iDs or tell them apart in the people "
                               "file (named_by)")
            union.union(anchor, o)
    del clusters_by_name, identified, by_name

    # 3. one key per person: the people file's, else a member's own, else the name's. What each set needs
    # is gathered in one pass over the records (its people file entries, its first owner, its describer),
    # and its records only for the sets whose union is not one record stated alike
    roots = union.parent
    filed_of: dict[int, list[int]] = {}  # a set's people file entries
    first_owner: dict[int, int] = {}
    primaries: dict[int, int] = {}  # a set's describer: its owner, else one named in a record, with an ORCID iD

    def rank(o: int) -> tuple:
        return not owner(o), not named[o], not everyone[of[o]].orcid

    for o in range(total):
        root = roots[o] = union.find(o)
        if o < first:
            filed_of.setdefault(root, []).append(o)
            continue
        if owner(o):
            first_owner.setdefault(root, o)
        kept = primaries.get(root)
        if kept is None or rank(o) < rank(kept):
            primaries[root] = o
    del union
    unions: dict[int, list[int]] = {root: [] for root in primaries if root in filed_of}  # a set's records in CVs
    for o in range(first, total):
        root = roots[o]
        if of[o] != of[primaries[root]] and root not in unions:
            unions[root] = []
    for o in range(first, total):
        group = unions.get(roots[o])
        if group is not None:
            group.append(o)

    def priority(root):
        if root < first:  # a set's root is its first record: the people file's come first
            return (0, root)
        if root in first_owner:
            return (1, root)
        return (2, root)

    taken: set[str] = set()
    keys: dict[int, str] = {}  # each set's key, by its root
    described = bytearray(total)
    merged: dict[int, dict[str, Person]] = {}
    for root in sorted(primaries.keys() | filed_of.keys(), key=priority):
        filed_people = [filed_items[o][1] for o in filed_of.get(root, ())]
        wanted = (filed_items[filed_of[root][0]][0] if filed_people else
                  everyone[of[first_owner[root]]].key if root in first_owner else slugify(plain(root).name))
        key, suffix = wanted, 2
        while key in taken:
            key, suffix = f"{wanted}-{suffix}", suffix + 1
        taken.add(key)
        keys[root] = key
        primary = primaries.get(root)
        if primary is not None:
            described[primary] = 1
            in_cvs = unions.pop(root, None)
            if in_cvs is None:
                continue  # one record, stated alike wherever it is: the union is that record
            chosen = itself = person(primary)
            if filed_people:  # the people file says how the person is named; the CV's spelling is another name
                chosen = dataclasses.replace(chosen, name=filed_people[0].name)

            def union_of(persons) -> list[Person]:
                others = filed_people + [persons(o) for o in in_cvs if o != primary]
                if filed_people:
                    others.insert(1, itself)
                return others

            # the union is made of the records' values; their origins (read back) only name a conflict
            quiet = Report()
            together = merged_person(chosen, union_of(plain), quiet)
            if quiet.diagnostics:
                together = merged_person(chosen, union_of(person), report)
            if together != itself:
                merged.setdefault(cvs[primary], {})[local_key(primary)] = together
    return _Keys(roots, keys), starts, described, merged


_OWNER_AS_PERSON = tuple(f.name for f in dataclasses.fields(Person))


def _plain(owner: Person) -> Person:
    """What the merge compares of a CV's owner (its names, ORCID iD, key), as a plain :class:`Person`."""
    return Person(*(getattr(owner, name) for name in _OWNER_AS_PERSON)) if type(owner) is not Person else owner


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


def _work_ids(work: Work) -> list[tuple[str, str]]:
    return WorkIdentity.of_work(work).keys()


def _resolve_works(records: _InOrder, person_keys: _Keys, starts: array, report: Report, read_works):
    """Which works are one. The works are numbered, each CV's in turn (CV ``i``'s from ``work_starts[i]``);
    returns each one's key in the graph where it is not the work's own (by that number), ``work_starts``,
    whether each is the one that describes its work, and by CV the union records it writes (only the CVs
    that write one). Only the works that several CVs list are read in full (``read_works(i, indices)``:
    those of CV ``i``'s works), and only to make their union.

    Each kind of identity is a pass over the records: its digests, one after another in a ``bytes``
    (``_ID_BYTES`` a work), and the first work seen with each in a table of numbers; held between the
    passes: each work's CV and set (arrays of numbers) and the DOIs of the sets joined."""
    work_starts, cvs = array("l"), array("i")
    for i, ids in enumerate(records.each("work_ids")):
        work_starts.append(len(cvs))
        cvs.extend(array("i", [i]) * (len(ids) // (_WORK_ID_SLOTS * _ID_BYTES)))
    total = len(cvs)
    union = _Union(cvs)
    dois: dict[int, frozenset[bytes]] = {}  # a joined set's DOIs; a work alone has its own (doi_of)

    def doi_of(root: int) -> frozenset[bytes]:
        kept = dois.get(root)
        if kept is not None:
            return kept
        start = ((root - work_starts[cvs[root]]) * _WORK_ID_SLOTS + len(KINDS)) * _ID_BYTES
        value = records.part("work_ids", cvs[root])[start:start + _ID_BYTES]
        return frozenset() if value == _NO_ID else frozenset((value,))

    def work_at(n: int) -> Work:
        return read_works(cvs[n], [n - work_starts[cvs[n]]])[0]

    for slot, kind in enumerate(KINDS):
        column = b"".join(_id_column(ids, slot) for ids in records.each("work_ids"))
        for n, other in _first_seen(column):
            ra, rb = union.find(other), union.find(n)
            if not union.apart(ra, rb):  # else already one, or two records of one CV (a preprint
                mine, theirs = doi_of(ra), doi_of(rb)  # and its published version)
                if mine and theirs and mine != theirs:
                    earlier, work = work_at(other), work_at(n)
                    shown = dict(_work_ids(work))[kind]
                    shown = shown.split("|")[0] if kind == TITLE_YEAR else shown
                    report.warning(work.origin,
                                   f"conflict: looks like the same paper as '{earlier.key}' "
                                   f"({earlier.origin}) by {kind} '{shown}', but the DOIs differ "
                                   f"({earlier.doi} and {work.doi}); not merged")
                else:
                    union.union(ra, rb)
                    dois[union.find(ra)] = mine | theirs
        del column
    del dois

    groups: dict[int, list[int]] = {}  # the works that several CVs list, by their set's first
    for n in range(total):
        root = union.find(n)
        if root != n:
            groups.setdefault(root, [root]).append(n)
    parked = _shared_works(records, groups, cvs, work_starts, person_keys, starts, read_works)

    def rank(n: int) -> tuple:
        # the describer: the CV whose owner stands first in the author list, then the one that states the
        # most of the work, then the first in the canonical order
        ranks, j = records.part("work_ranks", cvs[n]), n - work_starts[cvs[n]]
        return ranks[2 * j], -ranks[2 * j + 1], n

    def own_key(n: int) -> str:
        return records.part("work_keys", cvs[n])[n - work_starts[cvs[n]]]

    def own_keys() -> Iterator[str]:  # every work's own key, in order
        for keys in records.each("work_keys"):
            yield from keys

    work_keys: dict[int, str] = {}  # a work's key in the graph, where it is not its own
    describes = bytearray(total)
    merged: dict[int, dict[str, Work]] = {}
    taken = _Taken(lambda n: work_keys.get(n) or own_key(n))
    for n, mine in enumerate(own_keys()):
        if union.find(n) != n:
            continue
        group = groups.pop(n, None)
        chosen = n if group is None else min(group, key=rank)
        key = taken.take(mine if chosen == n else own_key(chosen), n)
        describes[chosen] = 1
        if key != mine:
            work_keys[n] = key
        if group is None:
            continue
        shared = {m: parked.take(m) for m in group}  # each: (the work in full, its authors by their keys)
        first = shared[chosen][0]
        for m in group:
            if m != n and shared[m][0].key != key:
                work_keys[m] = key
            if m != chosen and shared[m][1] != shared[chosen][1]:
                work = shared[m][0]
                report.warning(work.origin,
                               f"conflict: the same paper as '{first.key}' ({first.origin}) lists other authors "
                               f"({_show_authors(work)} against {_show_authors(first)}); "
                               f"the graph keeps the list of {first.origin.file}")
        together = merged_work(first, [shared[m][0] for m in group if m != chosen], report)
        if together != first:
            merged.setdefault(cvs[chosen], {})[first.key] = together
    parked.file.close()
    return work_keys, work_starts, describes, merged


def _id_column(ids: bytes, slot: int) -> bytes:
    """Of a record's ``work_ids``, the digests of one kind (``slot``), one after another."""
    step = _WORK_ID_SLOTS * _ID_BYTES
    return b"".join(ids[start:start + _ID_BYTES] for start in range(slot * _ID_BYTES, len(ids), step))


def _first_seen(column: bytes) -> Iterator[tuple[int, int]]:
    """For each work of ``column`` (digests of ``_ID_BYTES``, by the works' numbers; zeros: none) whose
    digest an earlier work has: (its number, the first such work's). The first works seen are held as
    numbers in an open-addressing table (at most half full), their digests read in ``column``."""
    count = len(column) // _ID_BYTES
    size = 1 << max(4, (2 * count).bit_length())
    table = array("i", bytes(4 * size))  # a work's number + 1; 0: a free slot
    mask = size - 1
    for n in range(count):
        start = n * _ID_BYTES
        value = column[start:start + _ID_BYTES]
        if value == _NO_ID:
            continue
        i = int.from_bytes(value, "little") & mask  # a digest's low bits are as even as its high ones
        while True:
            held = table[i]
            if not held:
                table[i] = n + 1
                break
            held -= 1
            if column[held * _ID_BYTES:(held + 1) * _ID_BYTES] == value:
                yield n, held
                break
            i = (i + 1) & mask


class _Taken:
    """The keys given so far, without a string each: 4 bytes of each key's hash and its holder's number,
    in an open-addressing table at most half full. ``key_of(holder)`` gives a holder's key back, so two
    keys whose hashes are alike are never taken for one."""

    def __init__(self, key_of) -> None:
        self.key_of = key_of
        self.hashes = array("I", bytes(4 * 1024))  # 0: a free slot
        self.holders = array("i", bytes(4 * 1024))
        self.count = 0

    def take(self, wanted: str, holder: int) -> str:
        """``wanted``, else the first of ``wanted-2``, ``wanted-3``... not taken yet: now ``holder``'s."""
        key, suffix = wanted, 2
        hashes, holders, mask = self.hashes, self.holders, len(self.hashes) - 1
        while True:
            value = hash(key) & 0xFFFFFFFF or 1  # this process's hash: the table is never kept
            i = value & mask
            while True:
                kept = hashes[i]
                if not kept:
                    hashes[i], holders[i] = value, holder
                    self.count += 1
                    if 2 * self.count > len(hashes):
                        self._grow()
                    return key
                if kept == value and self.key_of(holders[i]) == key:
                    break
                i = (i + 1) & mask
            key, suffix = f"{wanted}-{suffix}", suffix + 1

    def _grow(self) -> None:
        old = zip(self.hashes, self.holders)
        self.hashes = hashes = array("I", bytes(8 * len(self.hashes)))
        self.holders = holders = array("i", bytes(8 * len(self.holders)))
        mask = len(hashes) - 1
        for value, holder in old:
            if value:
                i = value & mask
                while hashes[i]:
                    i = (i + 1) & mask
                hashes[i], holders[i] = value, holder


def _shared_works(records, groups, cvs, work_starts, person_keys, starts, read_works) -> "_Parked":
    """The works in ``groups`` in full, each with its authors by their keys in the graph, parked in a
    temporary file until their set's union is made (each CV's works read once)."""
    wanted: dict[int, list[int]] = {}
    for group in groups.values():
        for n in group:
            wanted.setdefault(cvs[n], []).append(n)
    parked = _Parked()
    for i in sorted(wanted):
        record, numbers = records[i], wanted.pop(i)
        keys = {record.owner.key: person_keys[starts[i]]}
        for j, key in enumerate(record.people_keys, starts[i] + 1):
            keys[key] = person_keys[j]
        for n, work in zip(numbers, read_works(i, [n - work_starts[i] for n in numbers])):
            parked.put(n, (work, tuple((keys[a.person.key], a.equal_contribution) for a in work.authors)))
    parked.file.flush()
    return parked


class _Parked:
    """Values pickled in an unnamed temporary file, by number, each taken back once."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="cvld-merge-")
        self.places: dict[int, tuple[int, int]] = {}

    def put(self, number: int, value) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.places[number] = (self.file.tell(), len(data))
        self.file.write(data)

    def take(self, number: int):
        offset, size = self.places.pop(number)
        return pickle.loads(os.pread(self.file.fileno(), size, offset))



# the single values of a grant: the describing CV's, else the first other CV's that states one
_GRANT_FIELDS = ("title", "start", "end", "amount", "url")


def _resolve_grants(records: _InOrder, report: Report):
    """Grants shared by members (:func:`cvld.model.identity.same_grant`) are one node, named by the first
    CV's key, described by the CV of its principal investigator (else the first CV in the canonical
    order) with what the others state besides; every other value is a conflict, as for works."""
    groups: list[list[tuple[int, Grant]]] = []
    for i, grants in enumerate(records.each("grants")):
        for grant in grants:
            group = next((g for g in groups if all(j != i for j, _ in g) and same_grant(g[0][1], grant)), None)
            if group is None:
                groups.append([(i, grant)])
            else:
                group.append((i, grant))
    keys: dict[int, dict[str, str]] = {}  # by CV, for the CVs that have grants
    primaries: dict[int, set[str]] = {}
    merged: dict[int, dict[str, Grant]] = {}
    taken: set[str] = set()
    for group in groups:
        first = group[0][1]
        key, suffix = first.key, 2
        while key in taken:
            key, suffix = f"{first.key}-{suffix}", suffix + 1
        taken.add(key)
        for i, grant in group:
            keys.setdefault(i, {})[grant.key] = key
        chosen_cv, chosen = min(group, key=lambda entry: entry[1].role != "pi")
        primaries.setdefault(chosen_cv, set()).add(chosen.key)
        if len(group) > 1:
            def conflict(other, name, value, kept, kept_from):
                report.warning(other.origin, f"conflict: the same grant as '{chosen.key}' ({chosen.origin}) gives "
                               f"another {name} ('{_show(value)}' against '{_show(kept)}'); the graph keeps the one of "
                               f"{kept_from.origin}")

            values = _union_values(chosen, [g for _, g in group if g is not chosen], _GRANT_FIELDS, conflict)
            union = dataclasses.replace(chosen, **values)
            if union != chosen:
                merged.setdefault(chosen_cv, {})[chosen.key] = union
    return keys, primaries, merged


# the single values of a work: the describing CV's, else the first other CV's that states one
_WORK_FIELDS = ("type", "title", "date", "status", "venue", "volume", "issue", "pages", "article_number", "doi",
                "arxiv", "isbn", "issn", "pmid", "url", "pdf", "abstract", "note")


_WORK_FIELDS_OF = attrgetter(*_WORK_FIELDS)


def _stated(work: Work) -> int:
    return sum(map(bool, _WORK_FIELDS_OF(work))) + len(work.keywords)


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

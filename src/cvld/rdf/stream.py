"""A department graph written one person at a time.

The merge (who is the same person, which CV describes a shared work) is decided first,
over every CV; then each member's triples are made, written and dropped before the next
member's. The CVs' merge records (:class:`cvld.rdf.department.MergeRecord`: small tuples and
digests) and the full CVs wait, pickled, in an unnamed temporary file (:class:`Spill`); each pass
of the decision reads back the part of each record it needs (:class:`KeptRecords`), one at a
time, and holds only arrays of numbers and the department's people (the full CVs are read back
for the merge only when they list a work another CV lists too). Once decided, each member (its
IRI scheme and the union records it writes) goes to the same file. A compact index (an 8-byte digest of each line written that
another CV may state too: people, organisations, venues, not the works, which one CV alone
describes; see ``Triples.shared``), 11 to 21 bytes a line in a table of 64-bit numbers
(:class:`LineDigests`), keeps a triple that two CVs state from being written twice.
So memory grows with the largest single CV, a few bytes a person named and a work, the
department's distinct people and the index, not with the department's CVs or their triples. Output
is deterministic and blind to file names and order: members sorted by their owner's IRI (the
merge decides everything from the CVs' content, see :mod:`cvld.rdf.department`), each
member's new lines sorted (in Turtle, its own lines and then its new shared lines, each written by
pyoxigraph as a part of its own: :func:`department_parts`). With ``jobs`` > 1, worker processes load
the CVs and make each member's triples (and its own Turtle part); the output is the same.

:func:`person_nquads` and :func:`member_lines` are the per-person step on its own: pure
functions of one member (same input, same bytes, no shared state). Forks read each member
from the open department; workers that share nothing with this process (``jobs`` an
:class:`cvld.core.pool.Executor`, such as a Dask cluster) are sent each member with its full
CV, so the merge is still decided here, once, and the output is the same bytes (without the
build cache, which is this machine's).

With a build cache (:class:`cvld.core.cache.EntryCache`), a CV file whose path and bytes were
seen before is not loaded again (its merge record is read back, and the works the merge read of
it in full before, while they are the same), and a member whose CV and merge
decisions are the same as before is not made again (its lines, or its Turtle part, are read back): see the last
section of this module. The output is the same bytes with or without the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import io
import os
import pickle
import tempfile
import zlib
from array import array
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

from cvld.core.cache import EntryCache, entry_key
from cvld.core.collector import after_each
from cvld.core.diagnostics import Diagnostic, Report, UsageError
from cvld.model.records import CV, Work
from cvld.core.io import read_input, safe_name
from cvld.core.pool import Executor, FileBytes, ordered_map, shares_memory
from cvld.core.progress import progress_bar
from cvld.rdf.build import (KnowledgeGraph, PersonGraph, graph_name, member_triples, members_of_records, turtle_part,
                             turtle_prefixes)
from cvld.source.folders import load_file, loaded
from cvld.source.yamlsource import MAX_FILE_BYTES
from cvld.rdf.department import (RECORD_PARTS, HeldRecords, Member, MergeRecord, PersonTable, content_digest,
                                 merge_record, record_part, resolution_digest, shared_record)
from cvld.rdf.terms import iri

STREAMED_FORMATS = ("turtle", "ntriples")


_DIGEST_SIZE = 8


def _digest(line: str) -> bytes:
    return hashlib.blake2b(line.encode("utf-8"), digest_size=_DIGEST_SIZE).digest()


class LineDigests:
    """The 8-byte digests of the lines written (:func:`_digest`), as 64-bit numbers in an open-addressing
    table (``array('Q')``, at most three quarters full: 11 to 21 bytes a line) instead of a set of bytes objects
    (about 70 bytes a line): a department's index of shared lines grows with its distinct people,
    organisations and venues. A digest of 0 is kept as 1 (0 marks a free slot)."""

    def __init__(self, size: int = 1 << 12) -> None:
        self.slots = array("Q", bytes(8 * size))  # size: a power of two
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add(self, digest: bytes) -> bool:
        """Note a line's ``digest`` (:func:`_digest`): whether it was new."""
        value = int.from_bytes(digest, "little") or 1
        slots = self.slots
        mask = len(slots) - 1
        i = value & mask  # a digest's low bits are as even as its high ones
        while True:
            kept = slots[i]
            if kept == value:
                return False
            if not kept:
                break
            i = (i + 1) & mask
        slots[i] = value
        self.count += 1
        if 4 * self.count > 3 * len(slots):
            self._grow()
        return True

    def _grow(self) -> None:
        old, slots = self.slots, array("Q", bytes(16 * len(self.slots)))
        mask = len(slots) - 1
        for value in old:
            if value:
                i = value & mask
                while slots[i]:
                    i = (i + 1) & mask
                slots[i] = value
        self.slots = slots


class Spill:
    """Full CV models set aside, pickled, in an unnamed temporary file; read back by index (also in forks).
    Then the department's members (:meth:`keep`), which hold the merge's decisions: the IRI schemes."""

    def __init__(self, cache: EntryCache | None = None) -> None:
        self.file = tempfile.TemporaryFile(prefix="cvld-")
        self.places: list = []  # (offset, size) in the file, or a function that reads the CV from the cache
        self.cache = cache
        self.keys: list[str] = []  # with a cache: each CV's key (its path and bytes, see _cv_key)
        self.digests: dict[int, str] = {}  # the content_digest of each CV the merge asked for (self.digest)
        self.sources: list[str] = []
        self.found: list[Diagnostic] = []  # what reading the cache found while the merge was decided

    def add(self, data, source: str, key: str | None = None) -> None:
        self.places.append(data if callable(data) else self._write(data))
        self.sources.append(source)
        if key is not None:
            self.keys.append(key)

    def _write(self, data: bytes) -> tuple[int, int]:
        place = (self.file.tell(), len(data))
        self.file.write(data)
        return place

    def ready(self) -> None:
        self.file.flush()

    def get(self, index: int) -> CV:
        if callable(self.places[index]):
            return self.places[index]()
        return unpickled_cv(self._read(self.places[index]))

    def digest(self, index: int) -> str:
        """CV ``index``'s :func:`cvld.rdf.department.content_digest`, from the CV read back, once: the merge
        asks only for the CVs whose owners tie (:func:`cvld.rdf.department.canonical_order`)."""
        kept = self.digests.get(index)
        if kept is None:
            kept = self.digests[index] = content_digest(self.get(index))
        return kept

    def _read(self, place: tuple[int, int]) -> bytes:
        offset, size = place
        return os.pread(self.file.fileno(), size, offset)

    def works(self, index: int, indices: list[int]) -> list[Work]:
        """Works ``indices`` of CV ``index`` in full (the merge reads a work so only when several CVs list
        it). With a cache, those of a CV are kept beside it (a "works" entry), so that a later run reads
        them, not the whole CV, while the same works are shared."""
        if self.cache is None:  # the works alone, the first part of the CV's pickle (pickled_cv)
            works = unpickled_cv(self._read(self.places[index]), whole=False)
            return [works[j] for j in indices]
        key = self.keys[index]
        kept = self.cache.get("works", key, self.sources[index], self.found)
        if kept is not None:
            chosen = pickle.loads(kept)
            if all(j in chosen for j in indices):
                return [chosen[j] for j in indices]
        works = self.get(index).works
        chosen = {j: works[j] for j in indices}
        self.cache.put("works", key, pickle.dumps(chosen, protocol=pickle.HIGHEST_PROTOCOL))
        return [chosen[j] for j in indices]

    def records(self, records: Iterator[MergeRecord], people: PersonTable) -> "KeptRecords":
        """``records`` (as a worker or the cache gives them) set aside in the file as they come, each
        holding its people as numbers in ``people``: a department holds only their places while the
        merge is decided, and each pass of the decision reads back what it needs of each, one at a time."""
        self.file.seek(0, os.SEEK_END)
        kept = KeptRecords(self, people.people)
        for record in records:
            record = shared_record(record, people)
            kept.order_keys.append(record_part(record, "order_key"))
            kept.offsets.append(self.file.tell())
            for data in (pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL),
                         *(_encode(name, record_part(record, name)) for name in _KEPT_PARTS)):
                kept.sizes.append(len(data))
                kept.checks.append(_check(data))
                self.file.write(data)
        people.done()
        self.ready()
        return kept

    def keep(self, members: Iterator[Member]) -> "KeptMembers":
        """``members`` set aside in the file as they come, read back one at a time, sorted by the owner's
        IRI: a department of many CVs holds only their places while its triples are written."""
        self.file.seek(0, os.SEEK_END)
        kept = []
        for member in members:
            kept.append((member.iris.owner(), self._write(pickle.dumps(member, protocol=pickle.HIGHEST_PROTOCOL))))
        self.ready()
        kept.sort(key=lambda entry: entry[0])
        return KeptMembers(self, [place for _, place in kept])

    def close(self) -> None:
        self.file.close()


def _check(data: bytes) -> int:
    return zlib.crc32(data)


# the parts of a merge record kept apart beside it (see KeptRecords), and how each is written as bytes
_KEPT_PARTS = tuple(name for name in RECORD_PARTS if name != "order_key")
_RAW_PARTS = {"people": "i", "work_ranks": "I", "named": None, "work_ids": None}  # arrays, bytes; else pickled


def _encode(name: str, value) -> bytes:
    if name in _RAW_PARTS:
        return value.tobytes() if _RAW_PARTS[name] else value
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(name: str, data: bytes):
    if name in _RAW_PARTS:
        typecode = _RAW_PARTS[name]
        return array(typecode, data) if typecode else data
    return pickle.loads(data)


class KeptRecords(HeldRecords):
    """The merge records a :class:`Spill` keeps (:meth:`Spill.records`), in file order, read back from
    the file when asked for: each whole (pickled), then each part the decision's passes read
    (:data:`cvld.rdf.department.RECORD_PARTS`) on its own, so that a pass reads and decodes only
    its part. Held, per CV: the place of each in the file and a checksum of each (arrays of numbers),
    what orders the CVs (the owner's key and ORCID iD); and the department's people (``people``,
    which the records number). A record the file no longer holds as it was written (cut short,
    overwritten) is an error, never another record."""

    def __init__(self, spill: Spill, people: list) -> None:
        self.spill, self.people = spill, people
        self.order_keys: list[tuple[str, str]] = []
        self.offsets = array("Q")  # each CV's first byte in the file
        self.sizes = array("I")  # each CV's blobs' sizes: the record, then each of _KEPT_PARTS
        self.checks = array("I")  # _check of each blob, in the same order

    def __len__(self) -> int:
        return len(self.offsets)

    def __getitem__(self, index: int) -> MergeRecord:
        return pickle.loads(self._blob(index, 0))

    def part(self, name: str, index: int):
        if name == "order_key":
            return self.order_keys[index]
        return _decode(name, self._blob(index, 1 + _KEPT_PARTS.index(name)))

    def _blob(self, index: int, which: int) -> bytes:
        if not 0 <= index < len(self.offsets):
            raise IndexError(index)
        first = index * (1 + len(_KEPT_PARTS))
        offset = self.offsets[index] + sum(self.sizes[first:first + which])
        data = self.spill._read((offset, self.sizes[first + which]))
        if _check(data) != self.checks[first + which]:
            raise UsageError("cvld's temporary file of the merge records was changed while cvld read it; run again")
        return data


class KeptMembers(Sequence):
    """The members a :class:`Spill` keeps, in order: each read back from the file when asked for."""

    def __init__(self, spill: Spill, places: list[tuple[int, int]]) -> None:
        self.spill, self.places = spill, places

    def __len__(self) -> int:
        return len(self.places)

    def __getitem__(self, index: int) -> Member:
        return pickle.loads(self.spill._read(self.places[index]))


def _load_for_merge(path: Path | FileBytes) -> tuple[tuple[MergeRecord, bytes] | None, list[Diagnostic]]:
    """One CV file: ((its merge record, the full CV pickled) or None, its findings)."""
    cv, found = load_file(path)
    if cv is None:
        return None, found
    return _for_merge(cv), found


def _for_merge(cv: CV) -> tuple[MergeRecord, bytes]:
    return merge_record(cv), pickled_cv(cv)[0]


def pickled_cv(cv: CV) -> tuple[bytes, int]:
    """``cv`` pickled as the spill and the cache keep it, and where its first part ends: first its works
    (what the merge reads of a CV in full: :meth:`Spill.works`, :func:`_load_cached`), then the CV, which
    holds those by reference (one pickler: its memo spans both parts). As large as the CV's own pickle,
    made as fast; read back by :func:`unpickled_cv`."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dump(cv.works)
    end = buffer.tell()
    pickler.dump(cv)
    return buffer.getvalue(), end


def unpickled_cv(data: bytes, whole: bool = True):
    """The CV that :func:`pickled_cv` made ``data`` of, or (not ``whole``) only its works."""
    unpickler = pickle.Unpickler(io.BytesIO(data))
    works = unpickler.load()
    return unpickler.load() if whole else works


def load_department(inputs: list[str | Path], spill: Spill, report: Report | None = None,
                    jobs: int = 1) -> KeptRecords:
    """Every CV named (folders expanded), loaded in ``jobs`` processes: their merge records, in file order,
    kept in ``spill`` (:meth:`Spill.records`).

    The full CVs go to ``spill`` in the same order; every problem of every file is raised at once.
    With the spill's cache, a CV loaded before (the same path and bytes) is read from the cache.
    """
    step = _load_for_merge if spill.cache is None else partial(_load_cached, spill.cache)

    def records() -> Iterator[MergeRecord]:
        for record, data, *key in loaded(inputs, step, report, jobs):
            spill.add(data, record.source, *key)
            yield record

    return spill.records(records(), PersonTable())


@contextmanager
def _department(inputs: list[str | Path], vocab: str, base: str | None, people_file: str | Path | None,
                report: Report | None, jobs: int, cache: EntryCache | None = None) -> Iterator[list[Member]]:
    """The members of the department the CV files make (each holding of its CV only the source and
    the owner), kept with its full CVs in a :class:`Spill`; while open, what :func:`_member` (here or in a
    fork) reads. The merge records are let go once the merge is decided."""
    global _DEPARTMENT
    spill = Spill(cache)
    try:
        records = load_department(inputs, spill, report, jobs)
        members = spill.keep(_decided(records, spill, base, people_file, report))
        del records
        if report is not None:
            report.extend(spill.found)
        _DEPARTMENT = (members, spill, vocab)
        yield members
    finally:
        _DEPARTMENT = None
        spill.close()


_DEPARTMENT: tuple[KeptMembers, Spill, str] | None = None


def _each_member(step, count: int, jobs: int | Executor, progress: bool) -> Iterator:
    """``step(index)`` for each member of the open department, in order, in ``jobs`` processes (which
    read each member from the department), or by the executor ``jobs``: its workers share nothing with
    this process, so each member is sent to them, to the step's pure form (:data:`_PURE`)."""
    bar = progress_bar(count, progress)
    if shares_memory(jobs):
        results = ordered_map(step, range(count), jobs)
    else:
        results = ordered_map(_PURE[step], map(_member, range(count)), jobs)
    for result in results:
        yield result
        bar.update()
    bar.close()


def department_chunks(count: int, jobs: int | Executor = 1, progress: bool = False,
                      report: Report | None = None) -> Iterator[list[str]]:
    """Each member's lines not yet written (sorted), member by member, for the ``count`` members
    of the open department (see :func:`_department`), made in ``jobs`` processes."""
    written = LineDigests()
    for own, shared in _lines_of_members(count, jobs, progress, report):
        fresh = _fresh(shared, list(map(_digest, shared)), written)
        yield list(heapq.merge(own, fresh)) if own else fresh


def department_parts(count: int, jobs: int | Executor = 1, progress: bool = False,
                     report: Report | None = None) -> Iterator[tuple[bytes, int]]:
    """Each member's part of the Turtle output (:func:`cvld.rdf.build.turtle_part`) and its number of
    triples, member by member: its own lines' part (made in ``jobs`` processes, kept by the cache), then
    the part of its shared lines not yet written (made here, as what is written depends on the members
    before it)."""
    written = LineDigests()
    for own, size, shared, digests in _parts_of_members(count, jobs, progress, report):
        fresh = _fresh(shared, [digests[i:i + _DIGEST_SIZE] for i in range(0, len(digests), _DIGEST_SIZE)], written)
        yield own + turtle_part(fresh), size + len(fresh)


def _fresh(shared: list[str], digests: list[bytes], written: LineDigests) -> list[str]:
    """The lines of ``shared`` (distinct; ``digests``: their :func:`_digest`) not yet ``written``, now written."""
    return [line for line, key in zip(shared, digests) if written.add(key)]


def _member(index: int) -> tuple[Member, str]:
    """Member ``index`` of the department being written, with its full CV, and the vocabulary."""
    members, spill, vocab = _DEPARTMENT
    member = members[index]
    return dataclasses.replace(member, cv=spill.get(member.slot)), vocab


def _member_lines(index: int) -> tuple[list[str], list[str]]:
    return member_lines(*_member(index))


def member_lines(member: Member, vocab: str = "schema") -> tuple[list[str], list[str]]:
    """``member``'s lines, sorted: those no other member states, and those another may state too."""
    triples = _triples(member, vocab)
    if triples.shared is None:
        return [], sorted(triples.lines)
    return sorted(triples.lines - triples.shared), sorted(triples.shared)


def _member_part(index: int) -> tuple[bytes, int, list[str], bytes]:
    return own_part(_member_lines(index))


def own_part(lines: tuple[list[str], list[str]]) -> tuple[bytes, int, list[str], bytes]:
    """A member's :func:`member_lines` as its own lines' Turtle part, their count, its shared lines and
    the :func:`_digest` of each (one after another)."""
    own, shared = lines
    return turtle_part(own), len(own), shared, b"".join(map(_digest, shared))


def _member_nquads(index: int) -> bytes:
    return person_nquads(*_member(index))


def _lines_of(task: tuple[Member, str]) -> tuple[list[str], list[str]]:
    return member_lines(*task)


def _nquads_of(task: tuple[Member, str]) -> bytes:
    return person_nquads(*task)


def _part_of(task: tuple[Member, str]) -> tuple[bytes, int, list[str], bytes]:
    return own_part(member_lines(*task))


# each step over a member's index, as a pure function of (the member with its full CV, the vocabulary)
_PURE = {_member_lines: _lines_of, _member_nquads: _nquads_of, _member_part: _part_of}


def _cached_nquads(index: int) -> tuple[bytes, list[Diagnostic]]:
    (own, shared), found = _cached_lines(index)
    return graph_nquads(graph_name(_DEPARTMENT[0][index]), [*own, *shared]), found


def write_department(inputs: list[str | Path], handle: BinaryIO, *, fmt: str = "turtle", vocab: str = "schema",
                     base: str | None = None, people_file: str | Path | None = None, report: Report | None = None,
                     progress: bool = False, jobs: int = 1, cache: EntryCache | None = None) -> int:
    """Write the graph of the CV files named to ``handle`` as Turtle or N-Triples; returns the triple count.

    ``jobs`` processes load the CVs and make each member's triples; the merge and the writing are done here.
    With ``cache``, what an earlier run made for the same CV and the same merge is reused (:func:`_cached_lines`).
    """
    if fmt not in STREAMED_FORMATS:
        raise UsageError(f"streamed output is {' or '.join(STREAMED_FORMATS)}, not {fmt}")
    with _department(inputs, vocab, base, people_file, report, jobs, cache) as members:
        if fmt == "ntriples":
            return _write_chunks(department_chunks(len(members), jobs, progress, report), handle)
        return _write_parts(department_parts(len(members), jobs, progress, report), handle)


def _write_chunks(chunks: Iterator[list[str]], handle: BinaryIO) -> int:
    count = 0
    for chunk in chunks:
        count += len(chunk)
        handle.write("".join(line + "\n" for line in chunk).encode("utf-8"))
    return count


def _write_parts(parts: Iterator[tuple[bytes, int]], handle: BinaryIO) -> int:
    """The Turtle document of ``parts`` (see :func:`department_parts`): the prefix lines, before the
    first part that has a triple (no triple, no bytes, as pyoxigraph writes an empty graph), then each part."""
    count = 0
    for part, size in parts:
        if part and not count:
            handle.write(turtle_prefixes())
        count += size
        handle.write(part)
    return count


def person_nquads(member: Member, vocab: str = "schema") -> bytes:
    """One member's triples as N-Quads in their own named graph, sorted: a pure function of ``member``."""
    return graph_nquads(graph_name(member), _triples(member, vocab).lines)


def _triples(member: Member, vocab: str):
    """:func:`cvld.rdf.build.member_triples`, and what making them left in reference cycles collected
    (:func:`cvld.core.collector.after_each`): else it waits, and grows with the members written."""
    triples = member_triples(member, vocab)
    after_each()
    return triples


def graph_nquads(graph: str, lines) -> bytes:
    """N-Triples ``lines`` as N-Quads in the named graph ``graph``, sorted."""
    name = iri(graph)
    return "".join(sorted(f"{line[:-2]} {name} .\n" for line in lines)).encode("utf-8")


def split_files(inputs: list[str | Path], *, vocab: str = "schema", base: str | None = None,
                people_file: str | Path | None = None, report: Report | None = None,
                progress: bool = False, jobs: int = 1, cache: EntryCache | None = None) -> dict[str, bytes]:
    """``{STEM}.nq`` for each CV file: its member's named graph (see :func:`person_nquads`), in ``jobs`` processes."""
    with _department(inputs, vocab, base, people_file, report, jobs, cache) as members:
        names = [f"{safe_name(Path(member.cv.source).stem)}.nq" for member in members]  # never con.nq or ..nq
        for name in {n for n in names if names.count(n) > 1}:
            clash = [str(m.cv.source) for m, n in zip(members, names) if n == name]
            raise UsageError(f"{' and '.join(clash)} would both be written to DIR/{name}; rename one of them")
        if cache is None:
            return dict(zip(names, _each_member(_member_nquads, len(members), jobs, progress)))
        return dict(zip(names, _keeping(_each_member(_cached_nquads, len(members), jobs, progress), report)))


def person_graphs(inputs: list[str | Path], *, vocab: str = "schema", base: str | None = None,
                  people_file: str | Path | None = None, report: Report | None = None, jobs: int = 1,
                  cache: EntryCache | None = None) -> KnowledgeGraph:
    """The graph of the CV files named with each person's part (as :func:`cvld.rdf.build.build_files`
    makes it, without the nodes' origins), made member by member in ``jobs`` processes, through ``cache``."""
    people, everything = [], set()
    with _department(inputs, vocab, base, people_file, report, jobs, cache) as members:
        for member, (own, shared) in zip(members, _lines_of_members(len(members), jobs, False, report)):
            lines = frozenset(own).union(shared)
            everything |= lines
            people.append(PersonGraph(graph_name(member), member.iris.owner(), member.cv.source, lines))
    return KnowledgeGraph(sorted(everything), {}, people)


# --- the build cache (see cvld.core.cache.EntryCache) ------------------------------------------
#
# "record" and "cv", keyed by a CV file's path and bytes (and cvld's code): its merge record
# (cvld.rdf.department.MergeRecord) with the warnings of loading it and a digest of all the merge may
# read of it beside the record (its works in full); and the full CV, pickled (pickled_cv: the works, then
# the rest; a CV's content digest, which only CVs whose owners tie need, is made from it: Spill.digest). "decision", keyed by the base, the people file
# and every CV's "record" entry (_decision_key): the members the merge decided, with its findings.
# "lines", keyed by a CV's key, the vocabulary and everything the merge decided for the member
# (resolution_digest): the member's triples; "turtle", under the same key: the member's own lines as a
# Turtle part, their count, its shared lines and their digests (what a Turtle output needs of it:
# own_part). The merge is decided again whenever what it reads of any CV changed, so a change in one
# CV that alters who is who (a co-author's new ORCID iD) changes the other members' digests and their
# triples are made again; a member whose CV and merge are the same is read back.

_NOTES: list[Diagnostic] = []  # what reading the cache found in this process, taken by the next result


def _cv_key(path: Path, data: bytes) -> str:
    return entry_key("cv", str(path), data)


def _load_cached(cache: EntryCache, path: Path) -> tuple[tuple | None, list[Diagnostic]]:
    """One CV file through ``cache``: ((its merge record, its full CV or how to read it, its key) or None,
    findings)."""
    data = read_input(path, MAX_FILE_BYTES)
    key = _cv_key(path, data)
    found: list[Diagnostic] = []
    kept = cache.get("record", key, str(path), found)
    if kept is not None:
        record, warnings, _ = pickle.loads(kept)
        return (record, partial(_cached_cv, cache, key, path), key), found + warnings
    cv, findings = load_file(FileBytes(str(path), data))  # the bytes the key is of, read once
    if cv is None:
        return None, found + findings
    record, (full, works_end) = merge_record(cv), pickled_cv(cv)
    if cache.put("cv", key, full):
        # with a digest of all the merge may read of the CV beside its record: its works in full (origins
        # included: a conflict's message names them), the first part of its pickle
        read = hashlib.blake2b(memoryview(full)[:works_end]).digest()
        cache.put("record", key, pickle.dumps((record, findings, read), protocol=pickle.HIGHEST_PROTOCOL))
    return (record, full, key), found + findings


def _decided(records: KeptRecords, spill: Spill, base: str | None, people_file: str | Path | None,
             report: Report | None) -> Iterator[Member]:
    """:func:`cvld.rdf.build.members_of_records` for the open department; with its cache, the members
    (and the merge's findings) read back when every CV's "record" entry and the people file are as
    when they were decided (:func:`_decision_key`), else decided and kept (a "decision" entry)."""
    _RESOLUTIONS.clear()
    key = _decision_key(spill, base, people_file) if spill.cache is not None else None
    if key is None:
        yield from members_of_records(records, spill.digest, spill.works, records.people, base, people_file, report)
        return
    found: list[Diagnostic] = []
    kept = spill.cache.get("decision", key, spill.sources[0], found)
    if report is not None:
        report.extend(found)
    if kept is not None:
        findings, members = pickle.loads(kept)
        if report is not None:
            report.extend(findings)
        for data, resolution in members:
            member = pickle.loads(data)
            _RESOLUTIONS[member.slot] = resolution
            yield member
        return
    seen, members = Report(), []
    for member in members_of_records(records, spill.digest, spill.works, records.people, base, people_file, seen):
        resolution = _RESOLUTIONS[member.slot] = resolution_digest(member)
        members.append((pickle.dumps(member, protocol=pickle.HIGHEST_PROTOCOL), resolution))
        yield member
    if report is not None:
        report.extend(seen.diagnostics)
    spill.cache.put("decision", key, pickle.dumps((seen.diagnostics, members), protocol=pickle.HIGHEST_PROTOCOL))


# each member's resolution_digest by its slot, for the open department's cache keys: made, or read back
# with the decision, once, before its members are written (forks read it too)
_RESOLUTIONS: dict[int, str] = {}


def _decision_key(spill: Spill, base: str | None, people_file: str | Path | None) -> str | None:
    """The key of the merge's decision: ``base``, the people file (its path and bytes) and, in file
    order, the checksum of each CV's "record" entry (a digest of its merge record, of the warnings of
    loading it, and of all the merge may read of the CV, see :func:`_load_cached`); None when one of
    those cannot be read (then the merge is decided and nothing kept)."""
    if base is None or not spill.keys:
        return None
    parts = [base, str(people_file or "")]
    if people_file:  # read as the people file is loaded: a FIFO or device refused, at most its budget
        parts.append(read_input(people_file, MAX_FILE_BYTES))
    try:
        for key in spill.keys:
            parts.append(spill.cache.checksum("record", key))
    except (OSError, ValueError):
        return None
    return entry_key("decision", *parts)


def _cached_cv(cache: EntryCache, key: str, path: Path) -> CV:
    """The full CV kept under ``key``; if the entry was damaged or removed, the file loaded again."""
    kept = cache.get("cv", key, str(path), _NOTES)
    if kept is not None:
        return unpickled_cv(kept)
    data = read_input(path, MAX_FILE_BYTES)
    cv, _ = load_file(FileBytes(str(path), data)) if _cv_key(path, data) == key else (None, None)
    if cv is None:
        raise UsageError(f"{path}: changed while cvld read it; run again")
    return cv


def _lines_key(member: Member) -> str:
    """The key of ``member``'s "lines" and "turtle" entries in the open department's cache."""
    _, spill, vocab = _DEPARTMENT
    resolution = _RESOLUTIONS.get(member.slot) or resolution_digest(member)
    return entry_key("lines", spill.keys[member.slot], vocab, resolution)


def _cached_lines(index: int, key: str | None = None) -> tuple[tuple[list[str], list[str]], list[Diagnostic]]:
    """:func:`_member_lines` through the cache of the open department, with what reading it found
    (``key``: the member's :func:`_lines_key`, when known)."""
    members, spill, _ = _DEPARTMENT
    member = members[index]
    key = key or _lines_key(member)
    found: list[Diagnostic] = []
    kept = spill.cache.get("lines", key, str(member.cv.source), found)
    if kept is not None:
        return pickle.loads(kept), found
    lines = _member_lines(index)
    found += _NOTES
    _NOTES.clear()
    spill.cache.put("lines", key, pickle.dumps(lines, protocol=pickle.HIGHEST_PROTOCOL))
    return lines, found


def _cached_part(index: int) -> tuple[tuple[bytes, int, list[str], bytes], list[Diagnostic]]:
    """:func:`_member_part` through the cache of the open department (a "turtle" entry beside the
    member's "lines", made from them when missing or damaged), with what reading it found."""
    members, spill, _ = _DEPARTMENT
    member = members[index]
    key = _lines_key(member)
    found: list[Diagnostic] = []
    kept = spill.cache.get("turtle", key, str(member.cv.source), found)
    if kept is not None:
        return pickle.loads(kept), found
    lines, more = _cached_lines(index, key)
    part = own_part(lines)
    spill.cache.put("turtle", key, pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
    return part, found + more


def _keeping(results: Iterator[tuple], report: Report | None) -> Iterator:
    """Each result of a step that returns (result, notes), its notes kept in ``report``."""
    for result, found in results:
        if report is not None:
            report.extend(found)
        yield result


def _lines_of_members(count: int, jobs: int, progress: bool, report: Report | None) -> Iterator:
    """Each member's :func:`_member_lines`, through the open department's cache when it has one."""
    return _through_cache(_member_lines, _cached_lines, count, jobs, progress, report)


def _parts_of_members(count: int, jobs: int, progress: bool, report: Report | None) -> Iterator:
    """Each member's :func:`_member_part`, through the open department's cache when it has one."""
    return _through_cache(_member_part, _cached_part, count, jobs, progress, report)


def _through_cache(step, cached, count: int, jobs: int, progress: bool, report: Report | None) -> Iterator:
    """``step`` for each member, or ``cached`` (its form through the cache) when the department has a cache."""
    if _DEPARTMENT[1].cache is None:
        return _each_member(step, count, jobs, progress)
    return _keeping(_each_member(cached, count, jobs, progress), report)

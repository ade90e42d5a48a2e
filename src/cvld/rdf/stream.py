"""A department graph written one person at a time.

The merge (who is the same person, which CV describes a shared work) is decided first,
over every CV; then each member's triples are made, written and dropped before the next
member's. While the merge is decided only each CV's merge view is held
(:func:`cvld.rdf.department.merge_view`); the full CVs wait, pickled, in an unnamed
temporary file (:class:`Spill`) and are read back one at a time. A compact index (an
8-byte digest of each line written that another CV may state too: people, organisations,
venues, not the works, which one CV alone describes; see ``Triples.shared``) keeps a
triple that two CVs state from being written twice. So memory grows with the largest
single CV, the merge views and the index, not with the department's CVs or works. Output
is deterministic and blind to file names and order: members sorted by their owner's IRI (the
merge decides everything from the CVs' content, see :mod:`cvld.rdf.department`), each
member's new lines sorted. With ``jobs`` > 1,
worker processes load the CVs and make each member's triples; the output is the same.

:func:`person_nquads` is the per-person step on its own: a pure function of one member
(same input, same bytes, no shared state), for ``cvld graph --split`` or a distributed
engine (a Dask bag or Spark ``mapPartitions`` over the CV files).
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import os
import pickle
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from cvld.core.diagnostics import Diagnostic, Report, UsageError
from cvld.model.records import CV
from cvld.core.io import safe_name
from cvld.core.pool import ordered_map
from cvld.core.progress import progress_bar
from cvld.rdf.build import graph_name, member_triples, members_for
from cvld.source.folders import load_file, loaded
from cvld.rdf.department import Member, merge_view
from cvld.rdf.terms import PREFIXES, iri

STREAMED_FORMATS = ("turtle", "ntriples")


def _digest(line: str) -> bytes:
    return hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()


class Spill:
    """Full CV models set aside, pickled, in an unnamed temporary file; read back by index (also in forks)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="cvld-")
        self.places: list[tuple[int, int]] = []

    def add(self, data: bytes) -> None:
        self.places.append((self.file.tell(), len(data)))
        self.file.write(data)

    def ready(self) -> None:
        self.file.flush()

    def get(self, index: int) -> CV:
        offset, size = self.places[index]
        return pickle.loads(os.pread(self.file.fileno(), size, offset))

    def close(self) -> None:
        self.file.close()


def _load_for_merge(path: Path) -> tuple[tuple[CV, bytes] | None, list[Diagnostic]]:
    """One CV file: ((its merge view, the full CV pickled) or None, its findings)."""
    cv, found = load_file(path)
    if cv is None:
        return None, found
    return (merge_view(cv), pickle.dumps(cv, protocol=pickle.HIGHEST_PROTOCOL)), found


def load_department(inputs: list[str | Path], spill: Spill, report: Report | None = None,
                    jobs: int = 1) -> list[CV]:
    """Every CV named (folders expanded), loaded in ``jobs`` processes: their merge views, in file order.

    The full CVs go to ``spill`` in the same order; every problem of every file is raised at once.
    """
    views = []
    for view, data in loaded(inputs, _load_for_merge, report, jobs):
        views.append(view)
        spill.add(data)
    spill.ready()
    return views


@contextmanager
def _department(inputs: list[str | Path], vocab: str, base: str | None, people_file: str | Path | None,
                report: Report | None, jobs: int) -> Iterator[list[Member]]:
    """The members of the department the CV files make (holding merge views), while its full CVs
    wait in a :class:`Spill`; while open, what :func:`_member` (here or in a fork) reads."""
    global _DEPARTMENT
    spill = Spill()
    try:
        members = members_for(load_department(inputs, spill, report, jobs), base, people_file, report)
        _DEPARTMENT = (members, spill, vocab)
        yield members
    finally:
        _DEPARTMENT = None
        spill.close()


_DEPARTMENT: tuple[list[Member], Spill, str] | None = None


def _each_member(step, count: int, jobs: int, progress: bool) -> Iterator:
    """``step(index)`` for each member of the open department, in order, in ``jobs`` processes."""
    bar = progress_bar(count, progress)
    for result in ordered_map(step, range(count), jobs):
        yield result
        bar.update()
    bar.close()


def department_chunks(count: int, jobs: int = 1, progress: bool = False) -> Iterator[list[str]]:
    """Each member's lines not yet written (sorted), member by member, for the ``count`` members
    of the open department (see :func:`_department`), made in ``jobs`` processes."""
    written: set[bytes] = set()
    for own, shared in _each_member(_member_lines, count, jobs, progress):
        fresh = []
        for line in shared:
            key = _digest(line)
            if key not in written:
                written.add(key)
                fresh.append(line)
        yield list(heapq.merge(own, fresh)) if own else fresh


def _member(index: int) -> tuple[Member, str]:
    """Member ``index`` of the department being written, with its full CV, and the vocabulary."""
    members, spill, vocab = _DEPARTMENT
    member = members[index]
    return dataclasses.replace(member, cv=spill.get(member.slot)), vocab


def _member_lines(index: int) -> tuple[list[str], list[str]]:
    """Member ``index``'s lines, sorted: those no other member states, and those another may state too."""
    member, vocab = _member(index)
    triples = member_triples(member, vocab)
    if triples.shared is None:
        return [], sorted(triples.lines)
    return sorted(triples.lines - triples.shared), sorted(triples.shared)


def _member_nquads(index: int) -> bytes:
    return person_nquads(*_member(index))


def write_department(inputs: list[str | Path], handle: BinaryIO, *, fmt: str = "turtle", vocab: str = "schema",
                     base: str | None = None, people_file: str | Path | None = None, report: Report | None = None,
                     progress: bool = False, jobs: int = 1) -> int:
    """Write the graph of the CV files named to ``handle`` as Turtle or N-Triples; returns the triple count.

    ``jobs`` processes load the CVs and make each member's triples; the merge and the writing are done here.
    """
    if fmt not in STREAMED_FORMATS:
        raise UsageError(f"streamed output is {' or '.join(STREAMED_FORMATS)}, not {fmt}")
    with _department(inputs, vocab, base, people_file, report, jobs) as members:
        return _write_chunks(department_chunks(len(members), jobs, progress), handle, fmt)


def _write_chunks(chunks: Iterator[list[str]], handle: BinaryIO, fmt: str) -> int:
    count = 0

    def texts() -> Iterator[str]:
        nonlocal count
        for chunk in chunks:
            count += len(chunk)
            yield "".join(line + "\n" for line in chunk)

    if fmt == "ntriples":
        for text in texts():
            handle.write(text.encode("utf-8"))
        return count
    import pyoxigraph as ox

    def parsed():
        for text in texts():
            yield from ox.parse(text, format=ox.RdfFormat.N_TRIPLES)

    ox.serialize(parsed(), handle, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return count


def person_nquads(member: Member, vocab: str = "schema") -> bytes:
    """One member's triples as N-Quads in their own named graph, sorted: a pure function of ``member``."""
    name = iri(graph_name(member))
    lines = sorted(f"{line[:-2]} {name} .\n" for line in member_triples(member, vocab).lines)
    return "".join(lines).encode("utf-8")


def split_files(inputs: list[str | Path], *, vocab: str = "schema", base: str | None = None,
                people_file: str | Path | None = None, report: Report | None = None,
                progress: bool = False, jobs: int = 1) -> dict[str, bytes]:
    """``{STEM}.nq`` for each CV file: its member's named graph (see :func:`person_nquads`), in ``jobs`` processes."""
    with _department(inputs, vocab, base, people_file, report, jobs) as members:
        names = [f"{safe_name(Path(member.cv.source).stem)}.nq" for member in members]  # never con.nq or ..nq
        for name in {n for n in names if names.count(n) > 1}:
            clash = [str(m.cv.source) for m, n in zip(members, names) if n == name]
            raise UsageError(f"{' and '.join(clash)} would both be written to DIR/{name}; rename one of them")
        return dict(zip(names, _each_member(_member_nquads, len(members), jobs, progress)))

"""A department graph written one person at a time.

The merge (who is the same person, which CV describes a shared work) is decided first,
over every CV; then each member's triples are made, written and dropped before the next
member's. A compact merge index (an 8-byte digest of each line written) keeps a triple
that two CVs state from being written twice, so memory grows with the largest single CV
and the index, not with the department's triples. Output is deterministic: members in
file order, each member's new lines sorted.

:func:`person_nquads` is the per-person step on its own: a pure function of one member
(same input, same bytes, no shared state), for ``cvld graph --split`` or a distributed
engine (a Dask bag or Spark ``mapPartitions`` over the CV files).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO, Iterator

from ..diagnostics import Report, UsageError
from ..progress import progress_bar
from .build import graph_name, load_cvs, member_triples, members_for
from .department import Member
from .terms import PREFIXES

STREAMED_FORMATS = ("turtle", "ntriples")


def _digest(line: str) -> bytes:
    return hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()


def department_chunks(members: list[Member], vocab: str, progress: bool = False) -> Iterator[list[str]]:
    """Each member's lines not yet written (sorted), member by member; ``members`` is emptied as it goes."""
    written: set[bytes] = set()
    members.reverse()
    bar = progress_bar(len(members), progress)
    while members:
        member = members.pop()  # the member (and its CV) is freed once its lines are out
        fresh = []
        for line in member_triples(member, vocab).lines:
            key = _digest(line)
            if key not in written:
                written.add(key)
                fresh.append(line)
        fresh.sort()
        yield fresh
        bar.update()
    bar.close()


def write_department(inputs: list[str | Path], handle: BinaryIO, *, fmt: str = "turtle", vocab: str = "schema",
                     base: str | None = None, people_file: str | Path | None = None, report: Report | None = None,
                     progress: bool = False) -> int:
    """Write the graph of the CV files named to ``handle`` as Turtle or N-Triples; returns the triple count."""
    if fmt not in STREAMED_FORMATS:
        raise UsageError(f"streamed output is {' or '.join(STREAMED_FORMATS)}, not {fmt}")
    members = members_for(load_cvs(inputs, report), base, people_file, report)
    count = 0

    def texts() -> Iterator[str]:
        nonlocal count
        for chunk in department_chunks(members, vocab, progress):
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
    name = f"<{graph_name(member)}>"
    lines = sorted(f"{line[:-2]} {name} .\n" for line in member_triples(member, vocab).lines)
    return "".join(lines).encode("utf-8")


def split_files(inputs: list[str | Path], *, vocab: str = "schema", base: str | None = None,
                people_file: str | Path | None = None, report: Report | None = None,
                progress: bool = False) -> dict[str, bytes]:
    """``{STEM}.nq`` for each CV file: its member's named graph (see :func:`person_nquads`)."""
    members = members_for(load_cvs(inputs, report), base, people_file, report)
    bar = progress_bar(len(members), progress)
    files = {}
    for member in members:
        files[f"{Path(member.cv.source).stem}.nq"] = person_nquads(member, vocab)
        bar.update()
    bar.close()
    return files

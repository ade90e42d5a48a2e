"""Python's cyclic garbage collector, set for commands that read and write many records.

At Python's default threshold the collector runs after every 700 new container objects (dicts,
lists, tuples): reading one CV of 100 works (its nodes, values and positions), building its
model and its triples made it run thousands of times a CV, each run walking the young objects,
and every tenth the older ones, a third of a cold ``cvld graph``'s time. cvld's records hold no
reference cycles, and memory is freed by reference counting as soon as a value is dropped;
the collector only finds cycles, so running it less often frees the same memory, a little later.

- :func:`for_a_command`: the command line sets :data:`THRESHOLDS` once per process; the
  benchmark sets it for its floors too.
- :func:`after_each`: a step that makes and drops many objects for each item of a long run (a
  department member's triples) collects the young generations after each item. At
  :data:`THRESHOLDS` a young collection waits for 50,000 *surviving* containers, and what little a
  member's triples leave in reference cycles (closures that call themselves) holds every string and
  dict it reaches: waiting, that garbage grew with the members written (at 200 CVs x 100 works a
  graph's peak was 72 MB with it, 45 MB without; 223 MB at 1,000). Collecting the young generations
  once an item is done costs little (they hold one member's objects) and frees it in place. Since the
  schema.org triples are read from the document as a tree (:mod:`cvld.rdf.schemaorg`), that route
  leaves no cycle (0 objects collected over 100 generated CVs, the same peak with or without this);
  it guards the routes that still do (the reference route, ``fast=False``, and its fallback).
- :func:`fewer_collections`: a check keeps everything it made (records, JSON-LD nodes, triples,
  index entries; millions for a CV of 20,000 works) until it ends, so it holds the collector back
  further (:data:`LONG_LIVED`) for its duration, called from the command line or not, and restores
  the thresholds after.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

THRESHOLDS = (50_000, 10, 10)  # new objects before a young collection; young collections before an older one
LONG_LIVED = (100_000, 50, 100)  # while a check's objects all live until its end


def for_a_command() -> None:
    """Set the collector's thresholds for the rest of this process (and the workers it forks)."""
    gc.set_threshold(*THRESHOLDS)


def after_each() -> None:
    """Collect the young and middle generations now: called once an item's objects are dropped."""
    gc.collect(1)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the collector's thresholds at :data:`LONG_LIVED`, then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(*LONG_LIVED)
    try:
        yield
    finally:
        gc.set_threshold(*before)

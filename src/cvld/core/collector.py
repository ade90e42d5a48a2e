"""Python's cyclic garbage collector, set for a command that reads and writes many records.

At Python's default threshold the collector runs after every 700 new container objects (dicts,
lists, tuples): reading one CV of 100 works (its nodes, values and positions), building its
model and its triples made it run thousands of times a CV, each run walking the young objects,
and every tenth the older ones, a third of a cold ``cvld graph``'s time. cvld's records hold no
reference cycles, and memory is freed by reference counting as soon as a value is dropped;
the collector only finds cycles, so running it every 50,000 new objects frees the same memory,
a little later. The command line sets it once per process (:func:`for_a_command`); the benchmark
sets it for its floors too.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 10, 10)  # new objects before a young collection; young collections before an older one


def for_a_command() -> None:
    """Set the collector's thresholds for the rest of this process (and the workers it forks)."""
    gc.set_threshold(*THRESHOLDS)

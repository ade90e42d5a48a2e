"""Python's cyclic garbage collector, held back while one command builds many objects that live on.

A check of a CV with 20,000 works makes millions of small objects (records, JSON-LD nodes, triples,
index entries) that all live until the check ends; the collector's default thresholds (a young
collection every 700 allocations, an older one every 10 of those) walk them again and again, and cost
about a quarter of the check. :func:`fewer_collections` raises the thresholds for the duration and
restores them after; reference counting still frees everything that is not in a cycle at once, so
memory grows only by the cycles that wait for the next (rarer) collection.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

THRESHOLDS = (100_000, 50, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the collector's thresholds raised (:data:`THRESHOLDS`), then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)

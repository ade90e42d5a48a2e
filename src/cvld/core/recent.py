"""A table of the last few values made: what a check of one CV reads again soon, kept without growing."""

from __future__ import annotations


class Recent(dict):
    """A dict holding at most ``size`` entries: :meth:`keep` lets go of the oldest to add one."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key, value):
        """Add ``value`` under ``key`` (the oldest entries let go first, to stay within the size); returns it."""
        self.pop(key, None)
        while len(self) >= self.size:
            del self[next(iter(self))]
        self[key] = value
        return value

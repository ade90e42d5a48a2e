"""Answers of the web services kept on disk, so that a second run asks nothing new.

One JSON file per question (its name: the SHA-256 of the question's URL, without the contact
address), holding the URL, the day it was asked and the answer's text. Answers older than
``max_age`` days are asked again; only good answers (HTTP 200, parsed) are kept.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from cvld.core.cache import user_cache_dir
from cvld.core.io import write_atomic

MAX_AGE_DAYS = 30


def default_folder() -> Path:
    """``enrich`` in cvld's cache folder (:func:`cvld.core.cache.user_cache_dir`)."""
    return user_cache_dir() / "enrich"


class AnswerCache:
    """The answers under ``folder``; with ``folder`` None nothing is kept (every question is asked)."""

    def __init__(self, folder: str | Path | None, today: datetime.date, max_age: int = MAX_AGE_DAYS):
        self.folder = Path(folder) if folder is not None else None
        self.today = today
        self.max_age = max_age
        self.problem: str | None = None  # why an answer could not be kept, said once

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: str) -> str | None:
        """The kept answer to ``key``, or None (none kept, too old, or a file that is not one of ours)."""
        if self.folder is None:
            return None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            asked = datetime.date.fromisoformat(entry["asked"])
            if entry["key"] != key or not isinstance(entry["answer"], str):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if (self.today - asked).days > self.max_age or asked > self.today:
            return None
        return entry["answer"]

    def put(self, key: str, answer: str) -> None:
        if self.folder is None:
            return
        entry = {"key": key, "asked": self.today.isoformat(), "answer": answer}
        try:
            write_atomic(self._path(key), json.dumps(entry, ensure_ascii=False))
        except OSError as error:
            self.problem = f"cannot keep answers in {self.folder}: {error.strerror or error}"

"""The sync state file: which ORCID put-code holds each CV record this client uploaded.

One JSON file next to the CV (``lei-wu.yaml`` -> ``lei-wu.orcid-state.json``). It is
rewritten atomically after every call that changed the record, so an interrupted push
loses nothing. It holds no secret: record keys, sections, put-codes and content hashes.

Layout (keys sorted, so the same state gives the same bytes)::

    {"format": "cvld-orcid-state/1",
     "records": {"https://api.orcid.org/v3.0/0000-0002-1825-0097": {
         "work/wu2021deep": {"section": "work", "put-code": "123", "sha256": "..."},
         "education/phd":   {"section": "education", "pending": true, "sha256": "...",
                             "sent": {"title": "PhD", "type": "education", ...}}}}}

A ``pending`` entry was sent to ORCID but the answer never arrived; the next push looks
for it on the record before creating it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cvld.core.diagnostics import UsageError
from cvld.core.io import write_atomic

FORMAT = "cvld-orcid-state/1"


def content_hash(xml: bytes) -> str:
    return hashlib.sha256(xml).hexdigest()


def item_id(section: str, key: str) -> str:
    """The state key of one uploaded item: ``section/key`` (a key may recur across sections)."""
    return f"{section}/{key}"


def state_path_for(cv_path: str | Path) -> Path:
    """``lei-wu.yaml`` -> ``lei-wu.orcid-state.json`` in the same folder."""
    path = Path(cv_path)
    return path.with_name(f"{path.stem}.orcid-state.json")


@dataclass(frozen=True)
class Entry:
    section: str
    sha256: str
    put_code: str | None = None  # None while pending
    pending: bool = False
    sent: dict | None = None  # while pending: what identifies the upload (title, type, date, ids)

    def to_json(self) -> dict:
        data: dict = {"section": self.section, "sha256": self.sha256}
        if self.put_code is not None:
            data["put-code"] = self.put_code
        if self.pending:
            data["pending"] = True
        if self.sent is not None:
            data["sent"] = self.sent
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Entry":
        put_code = data.get("put-code")
        return cls(
            section=str(data["section"]),
            sha256=str(data["sha256"]),
            put_code=None if put_code is None else str(put_code),
            pending=bool(data.get("pending", False)),
            sent=data.get("sent"),
        )


@dataclass
class SyncState:
    """The entries of one ORCID record (one API base URL and iD) inside a state file."""

    path: Path
    record: str
    entries: dict[str, Entry] = field(default_factory=dict)
    _others: dict = field(default_factory=dict, repr=False)  # other records in the same file

    @classmethod
    def load(cls, path: str | Path, record: str) -> "SyncState":
        path = Path(path)
        if not path.exists():
            return cls(path, record)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format is not {FORMAT}")
            records = dict(data["records"])
            entries = {key: Entry.from_json(value) for key, value in records.pop(record, {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise UsageError(f"{path}: not a cvld ORCID state file ({error})") from error
        return cls(path, record, entries, records)

    def set(self, ident: str, entry: Entry) -> None:
        self.entries[ident] = entry

    def drop(self, ident: str) -> None:
        self.entries.pop(ident, None)

    def put_codes(self) -> set[str]:
        return {e.put_code for e in self.entries.values() if e.put_code is not None}

    def to_json_text(self) -> str:
        records = dict(self._others)
        if self.entries:
            records[self.record] = {k: self.entries[k].to_json() for k in sorted(self.entries)}
        else:
            records.pop(self.record, None)
        return json.dumps({"format": FORMAT, "records": records}, indent=2, sort_keys=True) + "\n"

    def save(self) -> None:
        write_atomic(self.path, self.to_json_text())


@contextmanager
def exclusive(path: str | Path):
    """Hold an exclusive lock beside the state file for one push, so two pushes to the same
    record cannot both create an item. The lock goes with the process, even when it is
    killed, so it never goes stale. (Where ``fcntl`` is missing, nothing is locked.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    target = Path(path)
    lock = target.with_name(f".{target.name}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another push is using {target} (locked through {lock})") from None
        yield
    finally:
        os.close(fd)

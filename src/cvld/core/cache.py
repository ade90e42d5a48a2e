"""The user's cache folder for cvld.

``user_cache_dir()``: ``$CVLD_CACHE_DIR`` if set, else the platform's place for caches
(``$XDG_CACHE_HOME/cvld`` or ``~/.cache/cvld`` on Linux and other Unix, ``~/Library/Caches/cvld``
on macOS, ``%LOCALAPPDATA%\\cvld\\Cache`` on Windows). Nothing in it is needed: a missing,
read-only or corrupt cache costs time, never a result.

:class:`EntryCache` is the build cache of ``cvld graph``, ``build`` and ``push`` (see
:mod:`cvld.rdf.incremental` and :mod:`cvld.batch`): content-addressed, checked, written atomically.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from cvld.core.diagnostics import Diagnostic, Location, Report
from cvld.core.io import write_atomic


def user_cache_dir() -> Path:
    configured = os.environ.get("CVLD_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "cvld" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cvld"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvld"


# --- the build cache: content-addressed entries, each checked on reading ---------------------

_MAGIC = b"cvld-cache-1"
_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """A digest of cvld's own code and data files (its version included): an entry made by other code
    is never found. Computed once per process, on first use (about 1 MB read)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        package = Path(__file__).resolve().parents[1]
        digest = hashlib.sha256()
        for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix not in (".pyc", ".pyo")):
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


def entry_key(*parts: str | bytes) -> str:
    """The key of an entry: a SHA-256 of cvld's code (:func:`code_fingerprint`) and ``parts`` (each
    length-prefixed, so that no two lists of parts give the same key)."""
    digest = hashlib.sha256(code_fingerprint().encode("ascii"))
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class EntryCache:
    """Entries ``KIND/KE/KEY`` under ``folder``, each the bytes of one step's result for one key.

    Each entry is ``cvld-cache-1 SHA256 LENGTH\\n`` then its bytes: a damaged or truncated entry
    (a disk that filled, a power cut after the rename) fails the check, is removed and reported as a
    note, and the step is done again. Entries are written to a temporary file and renamed into
    place, so a reader (another run at the same time included) sees a whole entry or none; two runs
    that make the same entry write the same bytes. Entries are pickles: the folder is trusted as the
    Python installation is. Nothing in it is needed; any of it can be deleted at any time.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    @classmethod
    def open(cls, folder: str | Path | None, report: Report | None = None) -> "EntryCache | None":
        """The cache in ``folder`` (default ``build`` in :func:`user_cache_dir`), or None when it cannot
        be made (said in a note to ``report``: then nothing is reused or kept)."""
        folder = Path(folder) if folder is not None else user_cache_dir() / "build"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(13, "permission denied")
        except OSError as error:
            if report is not None:
                report.note(Location(str(folder)), f"cannot keep a cache here ({error.strerror or error}); "
                            "everything is made afresh")
            return None
        return cls(folder)

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str, about: str, found: list[Diagnostic]) -> bytes | None:
        """The entry's bytes, or None: none kept, or a damaged one (removed, and a note about the input
        ``about`` added to ``found``)."""
        path = self.path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header, newline, payload = data.partition(b"\n")
        fields = header.split(b" ")
        if (len(fields) == 3 and fields[0] == _MAGIC and fields[2].isdigit() and int(fields[2]) == len(payload)
                and hashlib.sha256(payload).hexdigest().encode("ascii") == fields[1]):
            return payload
        short = not newline or (len(fields) == 3 and fields[2].isdigit() and int(fields[2]) > len(payload))
        why = "truncated" if short else "its checksum does not match"
        found.append(Diagnostic(Location(about), f"the cache entry {path} was damaged ({why}); made afresh", "note"))
        try:
            path.unlink()
        except OSError:
            pass
        return None

    def checksum(self, kind: str, key: str) -> str:
        """The SHA-256 an entry's header gives of its bytes (read from the header alone: it says what the
        entry holds, unchecked). OSError when there is no such entry, ValueError when its header is no
        entry's header."""
        with open(self.path(kind, key), "rb") as handle:
            fields = handle.readline(256).split(b" ")
        if len(fields) != 3 or fields[0] != _MAGIC or len(fields[1]) != 64:
            raise ValueError(f"{self.path(kind, key)}: not a cache entry")
        return fields[1].decode("ascii")

    def put(self, kind: str, key: str, payload: bytes) -> bool:
        """Keep ``payload`` as the entry (atomically); False when it cannot be kept (a full disk, a
        read-only folder: the result stands, only the time is lost)."""
        header = b"%s %s %d\n" % (_MAGIC, hashlib.sha256(payload).hexdigest().encode("ascii"), len(payload))
        try:
            write_atomic(self.path(kind, key), header + payload, durable=False)
        except OSError:
            return False
        return True

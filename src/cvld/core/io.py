"""Writing outputs atomically: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from cvld.core.diagnostics import UsageError
from cvld.core.lazy import lazy_module
from cvld.core.text import is_key

ctypes = lazy_module("ctypes")  # only to swap a folder in one step (renameat2)


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write one file through a temporary file in the same folder and an atomic rename."""
    with open_atomic(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def open_atomic(path: str | Path):
    """A binary file to write in pieces (a stream); it takes ``path``'s place only when complete."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(name: str) -> str:
    """A file-name stem in the key pattern (``core.text.KEY_RE``): ``name`` itself when it is one,
    else a lower-case slug shortened to fit and made unique by a hash of ``name`` (stable)."""
    if is_key(name) and ".." not in name:
        return name
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).replace("..", "-").strip("-._")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug[:69]}-{digest}".lstrip("-") if slug else digest


def _checked_relative(relative: str) -> str:
    """Refuse paths that could leave the output folder or clash on other systems."""
    parts = relative.split("/")
    if (not relative or "\x00" in relative or "\\" in relative or relative.startswith("/")
            or any(part in ("", ".", "..") or len(part.encode("utf-8")) > 255 for part in parts)):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return relative


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def write_tree_atomic(directory: str | Path, files: dict[str, str | bytes]) -> None:
    """Replace ``directory`` with exactly ``files`` (relative path -> content), all at once.

    Everything is written into a fresh sibling folder first; only when every file is
    there does it take the place of the old folder, which is then removed.
    """
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    folded: dict[str, str] = {}
    for relative in files:
        _checked_relative(relative)
        other = folded.setdefault(relative.casefold(), relative)
        if other != relative:
            raise ValueError(f"two output files differ only by case: {other!r} and {relative!r}")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        made: set[Path] = {staging}
        for relative, content in files.items():
            # _checked_relative refused absolute paths and '', '.', '..' parts; the fresh staging
            # folder holds no links, so the file lands inside it
            destination = staging / relative
            if destination.parent not in made:
                destination.parent.mkdir(parents=True, exist_ok=True)
                made.add(destination.parent)
            destination.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        old = None
        if target.is_dir() and not target.is_symlink() and _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old tree
            return
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def refuse_overwriting(output: str | Path, inputs, *, folder: bool = False, hint: str | None = None) -> None:
    """cvld never writes over one of its ``inputs``; with ``folder``, ``output`` is a folder that is
    replaced whole, so it must not hold an input, nor be a file that is not a folder."""
    target = Path(output).resolve()
    if folder and target.exists() and not target.is_dir():
        raise UsageError(f"{output} is a file, not a folder; name a folder to write (it is replaced whole)")
    for given in inputs:
        path = Path(given).resolve()
        if path == target:
            raise UsageError(f"{output} is an input; cvld never overwrites its inputs" + (f" ({hint})" if hint else ""))
        if folder and target in path.parents:
            raise UsageError(f"{output} holds the input {given}; cvld never replaces a folder holding an input")

"""Reading inputs and writing outputs: a reader sees the old output or the new one, never half of
either; outputs get the permissions ``cp`` would give (the umask's); an input that is not a regular
file (a FIFO, a device) is refused before it is read; the operating system's errors become one
:class:`UsageError` naming the path and the cause.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from cvld.core.diagnostics import UsageError
from cvld.core.lazy import lazy_module
from cvld.core.text import is_key

ctypes = lazy_module("ctypes")  # only to swap a folder in one step (renameat2)


class OutputError(UsageError, OSError):
    """The operating system refused a write: a :class:`UsageError` (exit 2) whose text is the one line
    ``PATH: cause``, and still an :class:`OSError` (``errno``, ``strerror``, ``filename``) for callers
    that catch those."""

    def __init__(self, path: str | Path, code: int | None, cause: str, message: str | None = None):
        super().__init__(message or f"{path}: {cause}")
        self.errno, self.strerror, self.filename = code, cause, str(path)
        self.message = message or f"{path}: {cause}"

    def __str__(self) -> str:
        return self.message


def os_error(path: str | Path, error: OSError) -> UsageError:
    """The operating system's ``error`` about ``path`` as one line: ``PATH: cause``."""
    if isinstance(error, OutputError):
        return error  # already says which path and why
    return OutputError(path, error.errno, error.strerror or str(error))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets from the umask (0644 under ``umask 022``), as ``cp`` would give."""
    return 0o666 & ~_umask()


def folder_mode() -> int:
    """The mode a new folder gets from the umask (0755 under ``umask 022``)."""
    return 0o777 & ~_umask()


def read_input(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` + 1 of them (so that a caller
    sees a file over its budget without reading it all). A FIFO, device or folder is refused
    before it is read (opened without blocking), so ``/dev/zero`` or a pipe never hangs cvld."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "something else")
        raise UsageError(f"{name}: cannot read: {kind}, not a regular file; give a file")
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(limit + 1)
        except OSError as error:
            raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None


def write_atomic(path: str | Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write one file through a temporary file in the same folder and an atomic rename (see :func:`open_atomic`)."""
    with open_atomic(path, durable=durable) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def _refuse_folder(target: Path) -> None:
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; name a file to write")


def _make_parent(target: Path) -> None:
    """Create ``target``'s folder; a path through a file is ``PATH: FILE is a file, not a folder``."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for ancestor in target.parents:
            if ancestor.exists() and not ancestor.is_dir():
                raise OutputError(target, errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                  f"{target}: {ancestor} is a file, not a folder") from None
        raise


@contextmanager
def open_atomic(path: str | Path, *, durable: bool = True):
    """A binary file to write in pieces (a stream); it takes ``path``'s place only when complete.
    ``durable=False`` skips the ``fsync`` before the rename: for a cache whose entries carry their own
    checksum (after a power cut such a file may be empty; the reader sees that and makes it again).

    A new file gets the umask's mode (0644 under ``umask 022``), a file written over keeps its own;
    the operating system's errors (a full disk, a read-only folder, a path through a file) are a
    :class:`UsageError` ``PATH: cause`` and leave the previous file as it was."""
    target = Path(path)
    _refuse_folder(target)
    try:
        _make_parent(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise os_error(target, error) from None
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = file_mode()
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        if error.filename in (None, tmp, str(target)):
            raise os_error(target, error) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# names Windows reserves for devices, with or without an extension ("con", "nul.txt", "lpt1.xml")
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
                             | {f"{port}{n}" for port in ("com", "lpt") for n in (*"123456789", "\u00b9", "\u00b2", "\u00b3")})


def portable_name(name: str) -> bool:
    """Whether ``name`` is a file name every system keeps as written: a key (``core.text.KEY_RE``: lower case,
    so no two differ only by case), no ``..``, no trailing dot (Windows drops it) and not a
    name Windows reserves for a device (``con``, ``nul``, ``aux``, ``lpt1``, ..., with any extension)."""
    return (is_key(name) and ".." not in name and not name.endswith(".")
            and name.split(".", 1)[0] not in WINDOWS_RESERVED)


def safe_name(name: str) -> str:
    """A file-name stem that is :func:`portable_name`: ``name`` itself when it is, else a lower-case
    slug shortened to fit and made unique by a hash of ``name`` (stable)."""
    if portable_name(name):
        return name
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).replace("..", "-").strip("-._")
    if slug.split(".", 1)[0] in WINDOWS_RESERVED:
        slug = slug.replace(".", "-", 1)  # "nul.txt-HASH" would still be the device nul
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


def _check_names(files) -> None:
    folded: dict[str, str] = {}
    for relative in files:
        _checked_relative(relative)
        other = folded.setdefault(relative.casefold(), relative)
        if other != relative:
            raise ValueError(f"two output files differ only by case: {other!r} and {relative!r}")


def _write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    made: set[Path] = {folder}
    for relative, content in files.items():
        # _checked_relative refused absolute paths and '', '.', '..' parts; the fresh staging
        # folder holds no links, so the file lands inside it
        destination = folder / relative
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        destination.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@contextmanager
def staged_folder(directory: str | Path):
    """A fresh sibling folder of ``directory`` to fill; when the block ends without an error it takes
    ``directory``'s place in one step (the old folder is removed), otherwise it is removed and
    ``directory`` is left as it was. The folder gets the umask's mode (0755 under ``umask 022``)."""
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{directory}: is a file, not a folder; name a folder to write (it is replaced whole)")
    try:
        _make_parent(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    except OSError as error:
        raise os_error(target, error) from None
    try:
        os.chmod(staging, folder_mode())
        yield staging
        _swap_in(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise os_error(target, error) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old tree
        return
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)  # put the old folder back
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def write_tree_atomic(directory: str | Path, files: dict[str, str | bytes]) -> None:
    """Replace ``directory`` with exactly ``files`` (relative path -> content), all at once.

    Everything is written into a fresh sibling folder first; only when every file is
    there does it take the place of the old folder, which is then removed.
    """
    _check_names(files)
    with staged_folder(directory) as staging:
        _write_files(staging, files)


def write_tree_keeping(directory: str | Path, files: dict[str, str | bytes]) -> list[str]:
    """Replace ``directory`` with exactly ``files``, all at once (as :func:`write_tree_atomic`), keeping
    each file whose content did not change: the new tree holds that very file (a hard link to it, else a
    copy with its times), so its modification time and inode stay and a tool that watches them (make,
    rsync, a store's loader) sees only what changed. Every changed file is written into the staging
    folder first, and the folder takes the old one's place in one step only when all are there: a
    reader sees the old tree or the new one, never a mix. Returns the relative paths written anew."""
    _check_names(files)
    target = Path(directory)
    kept_root = target.resolve() if target.is_dir() and not target.is_symlink() else None
    written = []
    with staged_folder(directory) as staging:
        made: set[Path] = {staging}
        for relative, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            destination = staging / relative
            if destination.parent not in made:
                destination.parent.mkdir(parents=True, exist_ok=True)
                made.add(destination.parent)
            if kept_root is not None and _keep(kept_root / relative, kept_root, data, destination):
                continue
            destination.write_bytes(data)
            written.append(relative)
    return written


def _keep(old: Path, root: Path, data: bytes, destination: Path) -> bool:
    """Put ``old`` (a regular file inside ``root`` holding exactly ``data``) at ``destination``; False if it cannot be."""
    try:
        if old.is_symlink() or not old.is_file() or root not in old.resolve().parents:
            return False
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        try:
            os.link(old, destination, follow_symlinks=False)
        except OSError:
            shutil.copy2(old, destination)
        return True
    except OSError:
        return False


def _input_files(inputs) -> list[Path]:
    """The inputs named, each folder among them expanded to the files in it (as cvld reads them)."""
    found = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            try:
                found.extend(sorted(p for p in path.iterdir() if not p.is_dir()))
            except OSError:
                pass
        found.append(path)
    return found


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)  # a hard link, or a path through a link
    except OSError:
        return False


def refuse_overwriting(output: str | Path, inputs, *, folder: bool = False, hint: str | None = None) -> None:
    """cvld never writes over one of its ``inputs`` (folders among them expanded to their files, links
    followed); with ``folder``, ``output`` is a folder that is replaced whole, so it must not hold an
    input, nor be a file that is not a folder."""
    target = Path(output).resolve()
    if folder and target.exists() and not target.is_dir():
        raise UsageError(f"{output}: is a file, not a folder; name a folder to write (it is replaced whole)")
    for path in _input_files(inputs):
        if _same_file(path, Path(output)):
            raise UsageError(f"{output} is an input; cvld never overwrites its inputs" + (f" ({hint})" if hint else ""))
        if folder and (target == path.resolve() or target in path.resolve().parents):
            raise UsageError(f"{output} holds the input {path}; cvld never replaces a folder holding an input")

"""Files never lost or half-written, and the operating system's and the terminal's errors as one line.

Every writing command checks all its inputs (folders expanded) against its outputs; ``-o`` onto
a regular file is refused where a folder is meant (and a folder where a file is meant); a
multi-CV build is all or nothing; outputs follow the umask; output names are safe on Windows
and macOS. A full disk, a read-only folder, a broken pipe or Ctrl-C is one line
``cvld: PATH: cause`` (exit 2, 130 for Ctrl-C), with the previous output kept.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SEED_CV

from cvld import api
from cvld.cli.main import main
from cvld.core import io
from cvld.core.diagnostics import UsageError
from cvld.core.io import portable_name, safe_name

DEPARTMENT = PROJECT_ROOT / "tests" / "data" / "department"
ADA = "person: {key: ada, name: Ada Lovelace, homepage: 'https://example.org/ada/'}\n"
BOB = "person: {key: bob, name: Bob Babbage, homepage: 'https://example.org/bob/'}\n"
BAD = "person: {key: bad, name: Bad, homepage: 'https://example.org/bad/'}\nworks: [{key: w, type: nope}]\n"
BASE = "https://kg.example.edu/"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(capsys, *argv) -> tuple[int, str]:
    status = main([str(a) for a in argv])
    return status, capsys.readouterr().err


def _last(err: str) -> str:
    return err.strip().splitlines()[-1]


# --- inputs expanded from folders, against every output --------------------------------------

def test_graph_of_a_folder_never_writes_over_a_cv_inside_it(tmp_path, capsys):
    cvs = tmp_path / "cvs"
    shutil.copytree(DEPARTMENT, cvs)
    before = _files(cvs)
    status, err = _run(capsys, "graph", cvs, "--base", BASE, "-o", cvs / "lei-wu.yaml")
    assert (status, err) == (2, f"cvld: {cvs / 'lei-wu.yaml'} is an input; cvld never overwrites its inputs\n")
    status, err = _run(capsys, "graph", cvs, "--base", BASE, "--split", cvs)
    assert (status, err) == (2, f"cvld: {cvs} holds the input {cvs / 'chao-ma.yaml'}; "
                                "cvld never replaces a folder holding an input\n")
    assert _files(cvs) == before and sorted(os.listdir(tmp_path)) == ["cvs"]


def test_a_hard_link_or_symlink_to_an_input_is_the_input(tmp_path, capsys):
    cv = tmp_path / "cv.yaml"
    cv.write_text(ADA)
    os.link(cv, tmp_path / "hard.jsonld")
    (tmp_path / "soft.jsonld").symlink_to(cv)
    for name in ("hard.jsonld", "soft.jsonld"):
        status, err = _run(capsys, "jsonld", cv, "-o", tmp_path / name)
        assert (status, _last(err)) == (2, f"cvld: {tmp_path / name} is an input; cvld never overwrites its inputs")
    assert cv.read_text() == ADA


def test_import_in_place_never_writes_the_backup_over_the_import_source(tmp_path, capsys):
    cv, source = tmp_path / "cv.yaml", tmp_path / "cv.yaml.bak"
    cv.write_text(ADA)
    bib = "@article{k, title = {A title}, author = {Lovelace, Ada}, year = 2020}\n"
    source.write_text(bib)
    status, err = _run(capsys, "import", "bibtex", source, "--into", cv, "--in-place")
    assert (status, _last(err)) == (2, f"cvld: {source} is an input; cvld never overwrites its inputs "
                                       "(the backup of the CV would replace it)")
    assert source.read_text() == bib and cv.read_text() == ADA
    # the library call keeps the same guard
    result = api.import_document("bibtex", source, into=cv)
    with pytest.raises(UsageError) as caught:
        api.write_import(result, source=source, into=cv, in_place=True)
    assert str(caught.value) == f"{source} is an input; cvld never overwrites its inputs (the backup of the CV would replace it)"
    assert source.read_text() == bib and cv.read_text() == ADA


@pytest.mark.parametrize("command", ["build", "site", "orcid"])
def test_o_naming_a_regular_file_is_refused_for_folder_commands(tmp_path, capsys, command):
    cv, target = tmp_path / "cv.yaml", tmp_path / "notes.txt"
    cv.write_text(ADA)
    target.write_text("keep me")
    status, err = _run(capsys, command, cv, "-o", target)
    assert (status, _last(err)) == (2, f"cvld: {target}: is a file, not a folder; name a folder to write "
                                       "(it is replaced whole)")
    assert target.read_text() == "keep me" and sorted(os.listdir(tmp_path)) == ["cv.yaml", "notes.txt"]


@pytest.mark.parametrize("command", [["jsonld", "{cv}"], ["graph", "{cv}"], ["schema"]])
def test_o_naming_a_folder_where_a_file_is_meant_is_refused(tmp_path, capsys, command):
    cv, target = tmp_path / "cv.yaml", tmp_path / "out"
    cv.write_text(ADA)
    target.mkdir()
    (target / "old").write_text("old")
    status, err = _run(capsys, *[a.format(cv=cv) for a in command], "-o", target)
    assert (status, _last(err)) == (2, f"cvld: {target}: is a folder; name a file to write")
    assert _files(target) == {"old": b"old"}


def test_a_path_through_a_file_is_one_line(tmp_path, capsys):
    cv = tmp_path / "cv.yaml"
    cv.write_text(ADA)
    status, err = _run(capsys, "jsonld", cv, "-o", cv / "x.jsonld")
    assert (status, _last(err)) == (2, f"cvld: {cv / 'x.jsonld'}: {cv} is a file, not a folder")
    status, err = _run(capsys, "build", cv, "-o", cv / "out")
    assert (status, _last(err)) == (2, f"cvld: {cv / 'out'}: {cv} is a file, not a folder")
    status, err = _run(capsys, "check", cv / "x.yaml")
    assert (status, err.splitlines()[0]) == (2, f"cvld: {cv / 'x.yaml'}: cannot read: Not a directory")
    assert cv.read_text() == ADA


# --- many CVs at once: safe names, all or nothing ----------------------------------------------

def test_dot_stems_never_replace_the_output_folder(tmp_path, capsys):
    cvs, out = tmp_path / "cvs", tmp_path / "out"
    cvs.mkdir()
    for stem, key in ((".", "a"), ("..", "b"), ("ada", "ada"), ("con", "c"), ("Ada", "d")):
        (cvs / f"{stem}.yaml").write_text(ADA.replace("key: ada", f"key: {key}"))
    status, err = _run(capsys, "build", cvs, "-o", out, "--base", "https://example.org/")
    assert status == 0, err
    names = sorted(os.listdir(out))
    assert names == sorted([safe_name("."), safe_name(".."), "ada", safe_name("con"), safe_name("Ada")])
    assert all(portable_name(n) for n in names) and "con" not in names
    assert all((out / n / "jsonld").is_dir() for n in names)
    assert sorted(os.listdir(tmp_path)) == ["cvs", "out"]


@pytest.mark.parametrize("key", ["con", "nul", "aux", "lpt1"])
def test_an_owner_key_windows_reserves_never_names_an_output_file(tmp_path, capsys, key):
    cv = tmp_path / "cv.yaml"
    cv.write_text(ADA.replace("key: ada", f"key: {key}"))
    assert _run(capsys, "build", cv, "-o", tmp_path / "out")[0] == 0
    parts = {part for path in (tmp_path / "out").rglob("*") for part in path.relative_to(tmp_path / "out").parts}
    assert parts and all(part.split(".")[0] not in io.WINDOWS_RESERVED and not part.endswith(".") for part in parts)
    assert f"{safe_name(key)}.web.jsonld" in parts and f"{safe_name(key)}.vivo.ttl" in parts


def test_split_file_names_are_safe_too(tmp_path, capsys):
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for stem, key in ((".", "a"), ("con", "c"), ("Ada", "d"), ("ada", "ada")):
        (cvs / f"{stem}.yaml").write_text(ADA.replace("key: ada", f"key: {key}"))
    status, err = _run(capsys, "graph", cvs, "--base", BASE, "--split", tmp_path / "split")
    assert status == 0, err
    assert sorted(os.listdir(tmp_path / "split")) == sorted(
        f"{safe_name(s)}.nq" for s in (".", "con", "Ada", "ada"))
    assert all(portable_name(n.removesuffix(".nq")) for n in os.listdir(tmp_path / "split"))


def test_two_cv_files_with_one_output_name_are_refused_naming_both(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "ada.yaml").write_text(ADA)
    (tmp_path / "b" / "ada.json").write_text('{"person": {"key": "x", "name": "X"}}')
    status, err = _run(capsys, "site", tmp_path / "a", tmp_path / "b", "-o", tmp_path / "out")
    assert (status, _last(err)) == (2, f"cvld: {tmp_path / 'a' / 'ada.yaml'} and {tmp_path / 'b' / 'ada.json'} "
                                       "would both be written to DIR/ada; rename one of them")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["build", "site"])
def test_a_multi_cv_build_is_all_or_nothing(tmp_path, capsys, command):
    cvs, out = tmp_path / "cvs", tmp_path / "out"
    cvs.mkdir()
    (cvs / "ada.yaml").write_text(ADA)
    (cvs / "bob.yaml").write_text(BOB)
    assert _run(capsys, command, cvs, "-o", out)[0] == 0
    before = _files(out)
    assert sorted(os.listdir(out)) == ["ada", "bob"]
    (cvs / "ada.yaml").write_text(ADA.replace("Ada Lovelace", "Ada King"))
    (cvs / "bad.yaml").write_text(BAD)
    status, err = _run(capsys, command, cvs, "-o", out)
    assert status == 1 and err.startswith(f"{cvs / 'bad.yaml'}:2:"), err
    assert _files(out) == before  # ada's folder was not rewritten either
    assert sorted(os.listdir(tmp_path)) == ["cvs", "out"]  # no staging folder left


# --- permissions follow the umask --------------------------------------------------------------

@pytest.mark.parametrize("umask, folder, file", [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600), (0o002, 0o775, 0o664)])
def test_outputs_follow_the_umask(tmp_path, capsys, umask, folder, file):
    cv = tmp_path / "cv.yaml"
    cv.write_text(ADA)
    old = os.umask(umask)
    try:
        assert _run(capsys, "build", cv, "-o", tmp_path / "out")[0] == 0
        assert _run(capsys, "jsonld", cv, "-o", tmp_path / "cv.jsonld")[0] == 0
        assert _run(capsys, "build", tmp_path, "-o", tmp_path.parent / f"{tmp_path.name}-many")[0] == 0
    finally:
        os.umask(old)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    for root in (tmp_path / "out", tmp_path.parent / f"{tmp_path.name}-many"):
        assert mode(root) == folder
        for path in root.rglob("*"):
            assert mode(path) == (folder if path.is_dir() else file), path
    assert mode(tmp_path / "cv.jsonld") == file


def test_a_file_written_over_keeps_its_mode(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")
    target.chmod(0o640)
    io.write_atomic(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


# --- names safe on every system ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["con", "CON", "nul", "aux", "prn", "lpt1", "com9", "nul.txt", "con.xml", "a.",
                                  "paper.", ".", "..", "...", "Paper", "lpt\u00b9"])
def test_reserved_case_and_trailing_dot_names_are_made_safe(name):
    safe = safe_name(name)
    assert portable_name(safe) and safe != name
    assert safe.split(".")[0] not in io.WINDOWS_RESERVED and not safe.endswith(".")
    assert safe == safe_name(name) and safe_name(safe) == safe


def test_safe_names_stay_distinct_across_case_and_reserved_names():
    names = ["con", "CON", "Con", "con-1", "nul.txt", "nul-txt", "a.", "a", "Paper", "paper"]
    assert len({safe_name(n).casefold() for n in names}) == len(names)


@pytest.mark.parametrize("name", ["ada", "lei-wu", "console", "nullable", "a.b", "com10", "lpt0", "x1"])
def test_ordinary_names_are_kept(name):
    assert safe_name(name) == name


# --- the operating system's errors: one line, exit 2, the old output kept ---------------------

OS_ERRORS = [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system"),
             (errno.EACCES, "Permission denied"), (errno.EFBIG, "File too large"), (errno.EDQUOT, "Disk quota exceeded")]


@pytest.mark.parametrize("code, cause", OS_ERRORS)
@pytest.mark.parametrize("where", ["replace", "fsync", "fchmod"])
def test_an_os_error_writing_a_file_is_one_line_and_keeps_the_old_file(tmp_path, capsys, monkeypatch, code, cause,
                                                                       where):
    cv, target = tmp_path / "cv.yaml", tmp_path / "cv.jsonld"
    cv.write_text(ADA)
    target.write_text("old")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(io.os, where, fail)
    status, err = _run(capsys, "jsonld", cv, "-o", target)
    assert (status, _last(err)) == (2, f"cvld: {target}: {cause}")
    assert "Traceback" not in err and target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["cv.jsonld", "cv.yaml"]


def test_a_really_full_disk_while_streaming_is_one_line(tmp_path, capsys, monkeypatch):
    """The temporary file is /dev/full: the write itself fails with ENOSPC, as on a full disk."""
    target = tmp_path / "dept.nt"
    target.write_text("old")
    real = io.tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(io.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(io.os, "fchmod", lambda fd, mode: None)
    status, err = _run(capsys, "graph", DEPARTMENT, "--base", BASE, "-o", target)
    assert (status, _last(err)) == (2, f"cvld: {target}: No space left on device")
    assert "Traceback" not in err and target.read_text() == "old" and os.listdir(tmp_path) == ["dept.nt"]


@pytest.mark.parametrize("code, cause", OS_ERRORS)
@pytest.mark.parametrize("command", ["build", "orcid", "multi"])
def test_an_os_error_replacing_a_folder_is_one_line_and_keeps_the_old_folder(tmp_path, capsys, monkeypatch, code,
                                                                             cause, command):
    cvs, out = tmp_path / "cvs", tmp_path / "out"
    cvs.mkdir()
    (cvs / "ada.yaml").write_text(ADA)
    (cvs / "bob.yaml").write_text(BOB)
    argv = ["build", cvs, "-o", out] if command == "multi" else [command, cvs / "ada.yaml", "-o", out, "-q"][:4 + (command == "orcid")]
    assert _run(capsys, *argv)[0] == 0
    before = _files(out)

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(io, "_exchange", lambda a, b: False)
    monkeypatch.setattr(io.os, "replace", fail)
    status, err = _run(capsys, *argv)
    assert (status, _last(err)) == (2, f"cvld: {out / 'ada' if command == 'multi' else out}: {cause}")
    assert "Traceback" not in err and _files(out) == before
    assert sorted(os.listdir(tmp_path)) == ["cvs", "out"]


def test_an_os_error_creating_the_folder_is_one_line(tmp_path, capsys, monkeypatch):
    cv = tmp_path / "cv.yaml"
    cv.write_text(ADA)

    def fail(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / "x"))

    monkeypatch.setattr(io.tempfile, "mkdtemp", fail)
    monkeypatch.setattr(io.tempfile, "mkstemp", fail)
    for argv in (["build", cv, "-o", tmp_path / "x" / "out"], ["graph", cv, "-o", tmp_path / "x" / "cv.ttl"]):
        status, err = _run(capsys, *argv)
        assert (status, _last(err)) == (2, f"cvld: {argv[-1]}: Permission denied")


def test_an_os_error_nobody_expected_is_still_one_line(monkeypatch, capsys):
    def boom(args):
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/some/file")

    monkeypatch.setitem(sys.modules["cvld.cli.main"]._COMMANDS, "schema", boom)
    assert _run(capsys, "schema") == (2, "cvld: /some/file: Input/output error\n")


# --- inputs that are not regular files ----------------------------------------------------------

@pytest.mark.parametrize("argv, kind", [
    (["check", "{fifo}"], "a FIFO (named pipe)"),
    (["jsonld", "{fifo}"], "a FIFO (named pipe)"),
    (["check", "/dev/zero"], "a device"),
    (["build", "/dev/zero", "-o", "{tmp}/out"], "a device"),
    (["import", "bibtex", "{fifo}", "--me", "Ada"], "a FIFO (named pipe)"),
    (["import", "bibtex", "/dev/zero", "--me", "Ada"], "a device"),
    (["import", "orcid", "/dev/zero"], "a device"),
    (["import", "cff", "{fifo}", "--me", "Ada"], "a FIFO (named pipe)"),
    (["import", "csl", "/dev/urandom", "--me", "Ada"], "a device"),
    (["import", "jsonresume", "{tmp}"], "a folder"),
    (["query", "{tmp}/graph.ttl", "--named", "authors"], "a FIFO (named pipe)"),
    (["graph", "{fifo}", "--people", "/dev/zero"], "a FIFO (named pipe)"),
    (["graph", str(SEED_CV), "--people", "/dev/zero", "--base", "https://kg.example.edu/"], "a device"),
])
def test_a_fifo_device_or_folder_as_input_is_refused_without_hanging(tmp_path, argv, kind):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    os.mkfifo(tmp_path / "graph.ttl")
    argv = [a.format(fifo=fifo, tmp=tmp_path) for a in argv]
    named = next(a for a in argv[1:] if a.startswith("/") and not a.endswith("/out") and a != str(SEED_CV))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cvld", *argv], capture_output=True, text=True, timeout=60, env=ENV)
    assert time.monotonic() - started < 60
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == f"cvld: {named}: cannot read: {kind}, not a regular file; give a file"
    assert "Traceback" not in done.stderr


# --- the terminal: broken pipe, full or closed standard output, Ctrl-C --------------------------

def test_a_broken_pipe_is_one_line_and_exit_2():
    command = f"{sys.executable} -m cvld graph {DEPARTMENT} --base {BASE} --format ntriples | head -c 100"
    done = subprocess.run(["bash", "-c", command + "; exit ${PIPESTATUS[0]}"], capture_output=True, text=True,
                          timeout=120, env=ENV)
    assert len(done.stdout) == 100
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == "cvld: standard output: Broken pipe"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize("command", [["snippet", str(SEED_CV)], ["schema"], ["jsonld", str(SEED_CV)]])
def test_a_full_standard_output_is_one_line_and_exit_2(command):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "cvld", *command], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, env=ENV)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "cvld: standard output: No space left on device"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize("command", [["snippet", str(SEED_CV)], ["schema"], ["query", str(SEED_CV), "--named", "coauthors"]])
def test_a_closed_standard_output_is_one_line_and_exit_2(command):
    done = subprocess.run([sys.executable, "-m", "cvld", *command], stderr=subprocess.PIPE, text=True, timeout=120,
                          env=ENV, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "cvld: standard output: Bad file descriptor"
    assert "Traceback" not in done.stderr


SLOW_BUILD = """
import sys, time
import cvld.build
real = cvld.build.build_files
def slow(*args, **kwargs):
    files = real(*args, **kwargs)
    print("ready", file=sys.stderr, flush=True)
    time.sleep(60)
    return files
cvld.build.build_files = slow
from cvld.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("many", [False, True])
def test_ctrl_c_is_one_line_exit_130_and_keeps_the_old_output(tmp_path, capsys, many):
    cvs, out = tmp_path / "cvs", tmp_path / "out"
    cvs.mkdir()
    (cvs / "ada.yaml").write_text(ADA)
    (cvs / "bob.yaml").write_text(BOB)
    source = cvs if many else cvs / "ada.yaml"
    assert _run(capsys, "build", source, "-o", out)[0] == 0
    before = _files(out)
    argv = [sys.executable, "-c", SLOW_BUILD, "build", str(source), "-o", str(out)] + (["--jobs", "2"] if many else [])
    process = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, env=ENV, start_new_session=True)
    try:
        assert process.stderr.readline().startswith("ready")  # two workers may write it at once
        os.killpg(process.pid, signal.SIGINT)  # as the terminal does: the whole process group
        err = process.stderr.read()
        assert process.wait(timeout=60) == 130
    finally:
        if process.poll() is None:
            process.kill()
    lines = [line for line in err.splitlines() if line.strip("ready")]
    assert lines[-1] == "cvld: interrupted; outputs left as they were" and "Traceback" not in err, err
    assert _files(out) == before
    assert sorted(os.listdir(tmp_path)) == ["cvs", "out"]


def test_write_tree_atomic_reports_the_folder_and_cleans_up(tmp_path, monkeypatch):
    io.write_tree_atomic(tmp_path / "out", {"a.txt": "old"})
    monkeypatch.setattr(io, "_exchange", lambda a, b: False)
    monkeypatch.setattr(io.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(UsageError) as caught:
        io.write_tree_atomic(tmp_path / "out", {"a.txt": "new"})
    assert str(caught.value) == f"{tmp_path / 'out'}: No space left on device"
    assert os.listdir(tmp_path) == ["out"] and (tmp_path / "out" / "a.txt").read_text() == "old"
    assert caught.value.exit_status == 2

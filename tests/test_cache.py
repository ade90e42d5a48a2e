"""The build cache of cvld graph, build and push (issue 17): outputs byte for byte the same cold, warm
and partly warm; what a change in one CV alters elsewhere (a co-author's new ORCID iD) is made again;
damaged entries are found and made again with a note; two runs at once leave every entry whole;
``--split`` rewrites only the files whose content changed, still all at once."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cvld.build
import cvld.rdf.stream
from cvld.cli.main import main
from cvld.core.cache import EntryCache
from conftest import PROJECT_ROOT

DEPARTMENT2 = PROJECT_ROOT / "tests" / "data" / "department2"
BASE = "https://kg2.example.edu/"
GUS = "0000-0002-6666-6660"  # Gus Moreau's ORCID iD as Ana Silva's CV lists him (Dev Patel's CV describes him)
NEW_GUS = "0000-0002-9999-9998"


@pytest.fixture()
def department(tmp_path) -> Path:
    folder = tmp_path / "department"
    shutil.copytree(DEPARTMENT2, folder)
    return folder


@pytest.fixture()
def calls(monkeypatch) -> dict:
    """How often each CV file is loaded and each member's triples are made (in this process: --jobs 1)."""
    counted = {"loaded": [], "triples": []}
    load_file, member_triples, load_cv = cvld.rdf.stream.load_file, cvld.rdf.stream.member_triples, cvld.build.load_cv

    def counting_load(path):
        counted["loaded"].append(Path(str(path)).name)
        return load_file(path)

    def counting_triples(member, vocab="schema"):
        counted["triples"].append(Path(member.cv.source).name)
        return member_triples(member, vocab)

    def counting_load_cv(path, report=None):
        counted["loaded"].append(Path(str(path)).name)
        return load_cv(path, report)

    monkeypatch.setattr(cvld.rdf.stream, "load_file", counting_load)
    monkeypatch.setattr(cvld.rdf.stream, "member_triples", counting_triples)
    monkeypatch.setattr(cvld.build, "load_cv", counting_load_cv)
    return counted


def _outputs(department: Path, out: Path, cache: list[str]) -> dict[str, bytes]:
    """Turtle, N-Triples and --split of the department, as file name -> bytes."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("dept.ttl", "dept.nt"):
        assert main(["graph", str(department), "--base", BASE, "-o", str(out / name), *cache]) == 0
    assert main(["graph", str(department), "--base", BASE, "--split", str(out / "split"), *cache]) == 0
    files = {name: (out / name).read_bytes() for name in ("dept.ttl", "dept.nt")}
    files.update({f"split/{p.name}": p.read_bytes() for p in sorted((out / "split").iterdir())})
    return files


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_cold_warm_and_partly_warm_runs_write_the_same_bytes(department, tmp_path, calls, capsys):
    cache = ["--cache", str(tmp_path / "cache")]
    fresh = _outputs(department, tmp_path / "fresh", ["--no-cache"])
    assert not (tmp_path / "cache").exists()  # --no-cache keeps nothing
    assert len(calls["loaded"]) == 3 * 5 and len(calls["triples"]) == 3 * 5
    calls["loaded"].clear(), calls["triples"].clear()
    assert _outputs(department, tmp_path / "cold", cache) == fresh
    # the first run loads each CV and makes its triples once for the vocabulary; the others reuse them
    assert sorted(calls["loaded"]) == sorted(p.name for p in department.iterdir())
    assert len(calls["triples"]) == 5
    calls["loaded"].clear(), calls["triples"].clear()
    assert _outputs(department, tmp_path / "warm", cache) == fresh
    assert calls == {"loaded": [], "triples": []}

    _edit(department / "fay-wong.yaml", "title: Fay's report", "title: Fay's second report")
    changed = _outputs(department, tmp_path / "fresh2", ["--no-cache"])
    assert changed != fresh and b"Fay's second report" in changed["split/fay-wong.nq"]
    assert {name for name in fresh if fresh[name] != changed[name]} == {"dept.ttl", "dept.nt", "split/fay-wong.nq"}
    calls["loaded"].clear(), calls["triples"].clear()
    assert _outputs(department, tmp_path / "partly", cache) == changed
    assert calls == {"loaded": ["fay-wong.yaml"], "triples": ["fay-wong.yaml"]}  # only the CV that changed
    # the warnings of the merge and of loading are the same, cached or not
    runs = []
    capsys.readouterr()
    for extra in (["--no-cache"], cache):
        assert main(["graph", str(department), "--base", BASE, "-o", str(tmp_path / "w.ttl"), *extra]) == 0
        runs.append(capsys.readouterr().err)
    assert runs[0] == runs[1] and "warning: " in runs[0]


def test_a_coauthors_new_orcid_id_reaches_the_member_who_describes_him_on_a_warm_run(department, tmp_path, calls):
    cache = ["--cache", str(tmp_path / "cache")]
    before = _outputs(department, tmp_path / "before", cache)
    # Ana Silva lists Gus Moreau with his ORCID iD without naming him in a record: another member's
    # CV, which names him in an author list, describes him, with the union of what every CV states
    (holder,) = [name for name, data in before.items() if name.startswith("split/") and f"orcid.org/{GUS}".encode() in data]
    assert holder != "split/ana-silva.nq"
    _edit(department / "ana-silva.yaml", GUS, NEW_GUS)
    calls["loaded"].clear(), calls["triples"].clear()
    warm = _outputs(department, tmp_path / "warm", cache)
    assert calls["loaded"] == ["ana-silva.yaml"]  # once, by the first of the three runs; the others reuse it
    holder_cv = holder.removeprefix("split/").replace(".nq", ".yaml")
    assert sorted(set(calls["triples"])) == sorted({"ana-silva.yaml", holder_cv})  # the holder's CV: from the cache
    assert warm == _outputs(department, tmp_path / "fresh", ["--no-cache"])
    assert f"orcid.org/{NEW_GUS}".encode() in warm[holder]
    assert f"orcid.org/{GUS}".encode() not in warm[holder] + warm["dept.nt"]
    assert {name for name in before if name.startswith("split/") and before[name] != warm[name]} == {holder}


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted(p for p in (folder / kind).rglob("*") if p.is_file())


def test_damaged_entries_are_found_made_again_and_noted(department, tmp_path, capsys):
    folder = tmp_path / "cache"
    cache = ["--cache", str(folder)]
    out = tmp_path / "dept.nt"
    assert main(["graph", str(department), "--base", BASE, "-o", str(out), *cache]) == 0
    expected = out.read_bytes()
    capsys.readouterr()
    records, lines, cvs = (_entries(folder, kind) for kind in ("record", "lines", "cv"))
    assert len(records) == len(lines) == len(cvs) == 5
    # the CV file each record entry was made from (its merge record's source)
    source = {entry: pickle.loads(entry.read_bytes().partition(b"\n")[2])[0].source for entry in records}

    truncated, flipped, third = records[:3]
    truncated.write_bytes(truncated.read_bytes()[:-7])
    data = bytearray(flipped.read_bytes())
    data[-3] ^= 0x01
    flipped.write_bytes(bytes(data))
    for entry in lines:  # every member's triples made again, from the cached CVs: one of those damaged too
        entry.write_bytes(entry.read_bytes()[:40])
    cv_of_third = folder / "cv" / third.relative_to(folder / "record")
    cv_of_third.write_bytes(cv_of_third.read_bytes()[:100])

    assert main(["graph", str(department), "--base", BASE, "-o", str(out), *cache]) == 0
    assert out.read_bytes() == expected
    notes = sorted(line for line in capsys.readouterr().err.splitlines() if "cache entry" in line)
    assert [line for line in notes if "/record/" in line or "/cv/" in line] == sorted([
        f"{source[truncated]}: the cache entry {truncated} was damaged (truncated); made afresh",
        f"{source[flipped]}: the cache entry {flipped} was damaged (its checksum does not match); made afresh",
        f"{source[third]}: the cache entry {cv_of_third} was damaged (truncated); made afresh"])
    damaged_lines = [line for line in notes if "/lines/" in line]
    assert sorted(line.split(":")[0] for line in damaged_lines) == sorted(source.values())
    assert all(line.endswith("was damaged (truncated); made afresh") for line in damaged_lines)
    # every entry is whole again, and the next run reads them all without a note
    check = EntryCache(folder)
    for kind in ("record", "lines", "cv"):
        for entry in _entries(folder, kind):
            found = []
            assert check.get(kind, entry.name, "x", found) is not None and not found
    assert main(["graph", str(department), "--base", BASE, "-o", str(out), *cache]) == 0
    assert "cache entry" not in capsys.readouterr().err and out.read_bytes() == expected


def test_a_damaged_turtle_part_is_made_again_from_the_members_lines_and_noted(department, tmp_path, calls, capsys):
    """A Turtle output keeps each member's own part ("turtle", beside its "lines"); a damaged part is
    noted and made again from the lines kept, or from the CV when those are damaged too."""
    folder = tmp_path / "cache"
    out = tmp_path / "dept.ttl"
    command = ["graph", str(department), "--base", BASE, "-o", str(out), "--cache", str(folder)]
    assert main(command) == 0
    expected = out.read_bytes()
    parts = _entries(folder, "turtle")
    assert [p.name for p in parts] == [p.name for p in _entries(folder, "lines")] and len(parts) == 5
    truncated, flipped, both = parts[:3]
    truncated.write_bytes(truncated.read_bytes()[:-9])
    data = bytearray(flipped.read_bytes())
    data[-2] ^= 0x01
    flipped.write_bytes(bytes(data))
    calls["loaded"].clear(), calls["triples"].clear()
    capsys.readouterr()
    assert main(command) == 0 and out.read_bytes() == expected
    assert calls == {"loaded": [], "triples": []}  # made from the lines kept
    notes = sorted(line.split(": ", 1)[1] for line in capsys.readouterr().err.splitlines() if "cache entry" in line)
    assert notes == sorted([f"the cache entry {truncated} was damaged (truncated); made afresh",
                            f"the cache entry {flipped} was damaged (its checksum does not match); made afresh"])
    check = EntryCache(folder)
    for entry in parts:
        found = []
        assert check.get("turtle", entry.name, "x", found) is not None and not found
    lines = folder / "lines" / both.relative_to(folder / "turtle")
    for entry in (both, lines):
        entry.write_bytes(entry.read_bytes()[:50])
    assert main(command) == 0 and out.read_bytes() == expected
    assert len(calls["triples"]) == 1 and calls["loaded"] == []  # that member's triples, from the cached CV
    assert len([line for line in capsys.readouterr().err.splitlines() if "cache entry" in line]) == 2
    assert main(command) == 0 and out.read_bytes() == expected and len(calls["triples"]) == 1
    assert "cache entry" not in capsys.readouterr().err


def test_two_runs_at_once_leave_every_entry_whole(tmp_path):
    """Two processes fill one cold cache at the same time (the same entries, renamed into place by
    both): both write the uncached output, and every entry passes its check afterwards."""
    department = tmp_path / "generated"
    subprocess.run([sys.executable, str(PROJECT_ROOT / "bench" / "generate.py"), "--people", "8",
                    "--works-per-person", "15", "--seed", "3", "-o", str(department)], check=True,
                   stdout=subprocess.DEVNULL)
    folder = tmp_path / "cache"
    command = [sys.executable, "-m", "cvld", "graph", str(department), "--base", BASE]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    subprocess.run(command + ["-o", str(tmp_path / "fresh.nt"), "--no-cache"], check=True, env=env,
                   stderr=subprocess.DEVNULL)
    runs = [subprocess.Popen(command + ["-o", str(tmp_path / f"run{n}.nt"), "--cache", str(folder)], env=env,
                             stderr=subprocess.DEVNULL) for n in (1, 2)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    expected = (tmp_path / "fresh.nt").read_bytes()
    assert (tmp_path / "run1.nt").read_bytes() == expected == (tmp_path / "run2.nt").read_bytes()
    check = EntryCache(folder)
    for kind in ("record", "cv", "lines"):
        entries = _entries(folder, kind)
        assert len(entries) == 8, kind
        for entry in entries:
            found = []
            assert check.get(kind, entry.name, "x", found) is not None and not found
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]  # no temporary file left behind
    subprocess.run(command + ["-o", str(tmp_path / "warm.nt"), "--cache", str(folder)], check=True, env=env,
                   stderr=subprocess.DEVNULL)
    assert (tmp_path / "warm.nt").read_bytes() == expected


def test_split_rewrites_only_the_files_that_changed_and_still_all_at_once(department, tmp_path, capsys):
    out = tmp_path / "split"
    command = ["graph", str(department), "--base", BASE, "--split", str(out), "--cache", str(tmp_path / "cache")]
    assert main(command) == 0
    old = 1_000_000_000  # an mtime long past: a file written again gets the present one
    for path in out.iterdir():
        os.utime(path, (old, old))
    inodes = {p.name: p.stat().st_ino for p in out.iterdir()}
    _edit(department / "fay-wong.yaml", "title: Fay's report", "title: Fay's second report")
    capsys.readouterr()
    assert main(command) == 0
    assert f"{out}: 1 of 5 file(s) new or changed; the others kept as they were\n" in capsys.readouterr().err
    times = {p.name: p.stat().st_mtime for p in out.iterdir()}
    assert {name for name, when in times.items() if when != old} == {"fay-wong.nq"}
    assert {p.name: p.stat().st_ino for p in out.iterdir() if p.name != "fay-wong.nq"} == \
        {name: inode for name, inode in inodes.items() if name != "fay-wong.nq"}
    fresh = tmp_path / "fresh"
    assert main(["graph", str(department), "--base", BASE, "--split", str(fresh), "--no-cache"]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in fresh.iterdir()}

    # a CV that left takes its file with it; a run that fails leaves the folder as it was
    (department / "carla-diaz.yaml").unlink()
    assert main(command) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ana-silva.nq", "ben-okafor.nq", "dev-patel.nq", "fay-wong.nq"]
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    _edit(department / "ben-okafor.yaml", "title: Working with Gus", "title: [not, a, title]")
    assert main(command) == 1
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == before


def test_a_warm_build_of_a_department_builds_only_the_cv_that_changed(department, tmp_path, calls):
    cache = ["--cache", str(tmp_path / "cache")]

    def tree(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    title = "Fay's report"
    for command in ("build", "site"):
        calls["loaded"].clear()
        assert main([command, str(department), "-o", str(tmp_path / f"{command}-cold"), *cache]) == 0
        assert len(calls["loaded"]) == 5
        _edit(department / "fay-wong.yaml", title, f"Fay's {command} report")
        title = f"Fay's {command} report"
        calls["loaded"].clear()
        assert main([command, str(department), "-o", str(tmp_path / f"{command}-warm"), *cache]) == 0
        assert calls["loaded"] == ["fay-wong.yaml"]
        assert main([command, str(department), "-o", str(tmp_path / f"{command}-fresh"), "--no-cache"]) == 0
        warm, fresh = tree(tmp_path / f"{command}-warm"), tree(tmp_path / f"{command}-fresh")
        assert warm == fresh and any(f"Fay's {command} report".encode() in data for data in warm.values())


@pytest.mark.parametrize("suffix, fmt", [("jsonld", "json-ld"), ("rdf", "xml")])
def test_other_formats_through_the_cache_are_the_graph_of_the_cvs(department, tmp_path, suffix, fmt):
    from cvld.core.diagnostics import Report
    from cvld.rdf.build import build_files

    expected = build_files([department], base=BASE, people_file=None, report=Report()).serialize(fmt)
    out = tmp_path / f"dept.{suffix}"
    for extra in (["--no-cache"], ["--cache", str(tmp_path / "cache")], ["--cache", str(tmp_path / "cache")]):
        assert main(["graph", str(department), "--base", BASE, "-o", str(out), *extra]) == 0
        assert out.read_bytes() == expected


@pytest.fixture()
def decided(monkeypatch) -> list[str]:
    """Each time the merge is decided: the first CV's name."""
    counted, decide = [], cvld.rdf.stream.members_of_records

    def counting(records, *args):
        counted.append(Path(records[0].source).name)
        return decide(records, *args)

    monkeypatch.setattr(cvld.rdf.stream, "members_of_records", counting)
    return counted


def _warnings(command: list[str], capsys) -> list[str]:
    capsys.readouterr()
    assert main(command) == 0
    return [line for line in capsys.readouterr().err.splitlines() if "warning: " in line]


def test_the_merge_is_decided_again_only_when_what_it_reads_of_a_cv_changed(department, tmp_path, decided, capsys):
    """The decision is kept under every CV's merge record, loading warnings and all the merge may read of
    it (origins included): a talk's title edited reads it back; a work's title, an ORCID iD or a line
    that moves a work (its conflict's message names the line) decides again, as a run without the cache."""
    folder = tmp_path / "cache"
    out = tmp_path / "dept.ttl"
    command = ["graph", str(department), "--base", BASE, "-o", str(out), "--cache", str(folder)]
    fresh = command[:-2] + ["--no-cache"]
    assert _warnings(command, capsys) == _warnings(fresh, capsys) and len(decided) == 2
    assert len(_entries(folder, "decision")) == 1
    edits = [("ben-okafor.yaml", "title: Working with Gus", "title: Working with Gus again", 1),  # a work
             ("fay-wong.yaml", "title: Department graphs", "title: Department graphs, again", 0),  # a talk
             ("carla-diaz.yaml", "\nworks:", "\n# the works move one line down\nworks:", 1),
             ("ana-silva.yaml", GUS, NEW_GUS, 1)]
    for name, old, new, again in edits:
        _edit(department / name, old, new)
        decided.clear()
        warm = _warnings(command, capsys)
        assert len(decided) == again, name
        expected = out.read_bytes()
        assert warm == _warnings(fresh, capsys) and out.read_bytes() == expected, name
        decided.clear()
        assert _warnings(command, capsys) == warm and decided == [] and out.read_bytes() == expected
    assert any("carla-diaz.yaml:18:5: warning" in line for line in warm)  # the line moved
    assert len(_entries(folder, "decision")) == 1 + sum(again for *_, again in edits)


def test_a_damaged_decision_is_noted_and_the_merge_decided_again(department, tmp_path, decided, capsys):
    folder = tmp_path / "cache"
    out = tmp_path / "dept.nt"
    command = ["graph", str(department), "--base", BASE, "-o", str(out), "--cache", str(folder)]
    assert main(command) == 0
    expected, warnings = out.read_bytes(), _warnings(command, capsys)
    (entry,) = _entries(folder, "decision")
    entry.write_bytes(entry.read_bytes()[:-11])
    decided.clear()
    capsys.readouterr()
    assert main(command) == 0 and out.read_bytes() == expected and len(decided) == 1
    err = capsys.readouterr().err
    assert f"the cache entry {entry} was damaged (truncated); made afresh" in err
    assert [line for line in err.splitlines() if "warning: " in line] == warnings
    decided.clear()
    assert _warnings(command, capsys) == warnings and decided == [] and out.read_bytes() == expected


def test_worker_processes_fill_and_read_the_cache_alike(department, tmp_path):
    """With --jobs 2 the forks load the CVs and make the triples through the cache: the same bytes."""
    fresh = _outputs(department, tmp_path / "fresh", ["--no-cache"])
    cache = ["--cache", str(tmp_path / "cache"), "--jobs", "2"]
    assert _outputs(department, tmp_path / "cold", cache) == fresh
    assert len(_entries(tmp_path / "cache", "lines")) == 5
    _edit(department / "ana-silva.yaml", GUS, NEW_GUS)
    assert _outputs(department, tmp_path / "warm", cache) == _outputs(department, tmp_path / "fresh2", ["--no-cache"])


def test_a_warm_merge_reads_the_shared_works_kept_beside_each_cv_and_mends_a_damaged_entry(department, tmp_path,
                                                                                          capsys, monkeypatch):
    """The merge reads in full only the works several CVs list; the cache keeps those beside each CV (a
    "works" entry), so a warm run that decides the merge again (its decision gone from the cache) reads
    no whole CV; a damaged entry is noted, made again from the CV."""
    folder = tmp_path / "cache"
    command = ["graph", str(department), "--base", BASE, "-o", str(tmp_path / "dept.nt"), "--cache", str(folder)]
    assert main(command) == 0
    expected = (tmp_path / "dept.nt").read_bytes()
    works = _entries(folder, "works")
    assert 0 < len(works) <= 5  # department2's CVs share works; not every CV need
    read = []
    whole = cvld.rdf.stream.Spill.get
    monkeypatch.setattr(cvld.rdf.stream.Spill, "get", lambda spill, index: read.append(index) or whole(spill, index))
    capsys.readouterr()
    shutil.rmtree(folder / "decision")
    assert main(command) == 0 and (tmp_path / "dept.nt").read_bytes() == expected
    assert read == [] and "cache entry" not in capsys.readouterr().err
    shutil.rmtree(folder / "decision")
    damaged = works[0]
    damaged.write_bytes(damaged.read_bytes()[:-5])
    source = pickle.loads((folder / "record" / damaged.relative_to(folder / "works")).read_bytes()
                          .partition(b"\n")[2])[0].source
    assert main(command) == 0 and (tmp_path / "dept.nt").read_bytes() == expected
    notes = [line for line in capsys.readouterr().err.splitlines() if "cache entry" in line]
    assert notes == [f"{source}: the cache entry {damaged} was damaged (truncated); made afresh"]
    assert len(read) == 1  # that CV, read whole once to make the entry again
    found = []
    assert EntryCache(folder).get("works", damaged.name, "x", found) is not None and not found


# two CVs of one owner (the same key, no ORCID iD), each listing one paper (the same DOI) by another title:
# which CV describes the paper, so which title the graph keeps, follows the canonical order, whose tie-break
# is the CVs' content digest
_TIED = ("person: {{key: ann, name: Ann Ames}}\n"
         "works:\n"
         "  - {{key: p, type: journal-article, title: {title}, authors: [ann], date: 2020, doi: 10.5555/tied}}\n")


def _tied(folder: Path, titles: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, title in zip(("a.yaml", "b.yaml"), titles):
        (folder / name).write_text(_TIED.format(title=title), encoding="utf-8")
    (folder / "c.yaml").write_text("person: {key: cy, name: Cy Cole}\npeople:\n  ann: {name: Ann Ames}\n"
                                   "works:\n  - {key: q, type: report, title: Q, authors: [cy, ann], date: 2021}\n",
                                   encoding="utf-8")
    return folder


def _merged(folder: Path, extra: list[str], capsys) -> tuple[bytes, bytes, list[str]]:
    for name in ("dept.ttl", "dept.nt"):
        capsys.readouterr()
        assert main(["graph", str(folder), "--base", BASE, "-o", str(folder.parent / name), *extra]) == 0
    err = capsys.readouterr().err  # the second run's (the same as the first's)
    warnings = [line.replace(str(folder), "DEPT") for line in err.splitlines() if "warning: " in line]
    return (folder.parent / "dept.ttl").read_bytes(), (folder.parent / "dept.nt").read_bytes(), warnings


def test_cvs_whose_owners_tie_are_ordered_by_content_alike_cached_uncached_and_partly_cached(department, tmp_path,
                                                                                               capsys, monkeypatch):
    from cvld.rdf.department import content_digest
    from cvld.source.folders import load_cvs

    digested = []

    def counting(cv):
        digested.append(Path(cv.source).name)
        return content_digest(cv)

    monkeypatch.setattr(cvld.rdf.stream, "content_digest", counting)
    cache = ["--cache", str(tmp_path / "cache")]
    titles = ["Title one", "Title two"]
    swapped = _tied(tmp_path / "swapped" / "dept", titles[::-1])  # the same CVs under each other's names
    fresh = _merged(_tied(tmp_path / "fresh" / "dept", titles), ["--no-cache"], capsys)
    assert sorted(digested) == ["a.yaml", "a.yaml", "b.yaml", "b.yaml"]  # the tied CVs' only, in each of two runs
    digested.clear()
    assert _merged(department, ["--no-cache"], capsys) and digested == []  # no owners alike: no digest made
    unnamed = _merged(swapped, ["--no-cache"], capsys)  # the same graph (the warnings name the files)
    assert unnamed[:2] == fresh[:2]
    cvs = load_cvs([swapped])
    first = min(titles, key=lambda title: content_digest(next(cv for cv in cvs if cv.works[0].title == title)))
    other = next(t for t in titles if t != first)
    # the paper is described by the tied CV whose digest comes first, the other's title is outvoted
    assert f'"{first}"'.encode() in fresh[1] and f'"{other}"'.encode() not in fresh[1]
    assert [line for line in fresh[2] if "title" in line] == [
        f"DEPT/{'ab'[titles.index(other)]}.yaml:3:5: warning: works[0]: conflict: the same paper as 'p' "
        f"(DEPT/{'ab'[titles.index(first)]}.yaml:3:5) gives another title ('{other}' against '{first}'); "
        f"the graph keeps the one of DEPT/{'ab'[titles.index(first)]}.yaml:3:5"]
    cached = _tied(tmp_path / "cached" / "dept", titles)
    assert _merged(cached, cache, capsys) == fresh  # cold cache
    assert _merged(cached, cache, capsys) == fresh  # warm: the decision read back
    assert _merged(swapped, cache, capsys) == unnamed  # the CVs under each other's names: another decision
    # partly cached: the merge decided again (a work's title edited) with both tied CVs read from the cache
    _edit(cached / "c.yaml", "title: Q", "title: Q2")
    again = _merged(cached, ["--no-cache"], capsys)
    assert _merged(cached, cache, capsys) == again

    # then one tied CV edited so that the digests' order turns, the other read from the cache
    def digests() -> list[str]:
        return [content_digest(cv) for cv in load_cvs([cached / "a.yaml", cached / "b.yaml"])]

    before = digests()
    for edit in range(1000):  # a.yaml gains another work, its title edited until the digests' order turns
        _edit(cached / "a.yaml", "works:\n" if edit == 0 else f"title: Other {edit - 1}", "works:\n  - {key: o, type: "
              f"report, title: Other {edit}, authors: [ann], date: 2019}}\n" if edit == 0 else f"title: Other {edit}")
        now = digests()
        if (now[0] < now[1]) != (before[0] < before[1]) and now[1] == before[1]:
            break
    edited = _merged(cached, ["--no-cache"], capsys)
    assert f'"{other}"'.encode() in edited[1] and f'"{first}"'.encode() not in edited[1]  # the other title wins now
    assert _merged(cached, cache, capsys) == edited  # b.yaml and c.yaml read from the cache

"""The department-scale benchmark: one table of every case, its floor and their ratio.

    python bench/run.py                  # N = 10, 100 and 1000 people, 100 works each
    python bench/run.py --people 10 100  # a bounded run
    python bench/run.py --cases incremental memory --people 10 100 1000   # the build cache and peak memory
    python bench/run.py --cases memory --people 10000                     # the 10,000-CV memory row alone
    python bench/run.py --cases scheduler --people 100                    # --scheduler local:2 against --jobs 2
    python bench/run.py --cases parts --people 100                        # where the time per CV goes (bench/parts.py)

Writes ``bench/RESULTS.md`` (the table and this machine's description). Every case runs in
a process of its own; wall time is measured around the process and peak memory is that
process's maximum resident set (``wait4``; with ``--jobs`` the largest of the process and
its workers). Ratios compare cases measured in the same run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
CVLD = [PYTHON, "-m", "cvld"]
ROUTES = [PYTHON, str(HERE / "routes.py")]
BASE = "https://kg.example.edu/"
EXAMPLE = ROOT / "data" / "lei-wu.yaml"
CASES = ["startup", "build", "check", "graph", "orcid", "incremental", "memory", "scheduler", "parts"]


CLOCK = 0  # which time the ratios compare: 0 wall, 2 CPU (user + system, the process and its workers)


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, workers included) of one process."""
    # stderr goes to a file, not a pipe: a command with many warnings would fill a pipe and block
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{errors}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def best(command: list[str], repeat: int) -> tuple[float, float, float]:
    """The fastest of ``repeat`` runs (and its peak memory)."""
    return min(run(command) for _ in range(repeat))


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float, float, float, str, str]] = []

    def add(self, case: str, route: str, measured: tuple[float, float, float],
            floor: tuple[float, float, float] | None, goal: str = "") -> None:
        ratio = f"{measured[CLOCK] / floor[CLOCK]:.2f}x" if floor else ""
        self.rows.append((case, route, measured[0], measured[1], measured[2], ratio, goal))
        print(f"{case:<24} {route:<44} {measured[0]:>9.2f} s {measured[2]:>9.2f} s CPU {measured[1]:>8.0f} MB "
              f"{ratio:>8}  {goal}", flush=True)

    def markdown(self) -> str:
        lines = ["| case | route | wall (s) | CPU (s) | peak RSS (MB) | ratio | goal |",
                 "|---|---|---:|---:|---:|---:|---|"]
        lines += [f"| {c} | {r} | {w:.2f} | {u:.2f} | {m:.0f} | {x} | {g} |" for c, r, w, m, u, x, g in self.rows]
        return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
        memory = f", {total / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {len(os.sched_getaffinity(0))} cores usable{memory}, "
            f"Python {platform.python_version()}")


def department(work: Path, people: int, works: int) -> Path:
    folder = work / f"dept-{people}"
    subprocess.run([PYTHON, str(HERE / "generate.py"), "--people", str(people), "--works-per-person", str(works),
                    "--seed", "1", "-o", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder


def graph_cases(table: Table, work: Path, folder: Path, people: int, xsd: str | None, repeat: int) -> None:
    case = f"graph N={people}"
    out = work / f"graph-{people}.ttl"
    nt = work / f"graph-{people}.nt"
    command = CVLD + ["graph", str(folder), "--base", BASE, "-o", str(out), "--no-cache"]  # cold: every run
    measured = best(command, repeat)
    parallel = best(command + ["--jobs", "2"], repeat)
    import pyoxigraph as ox  # the floor writes the very triples cvld wrote, given as N-Triples (not timed)

    ox.serialize(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE), output=str(nt), format=ox.RdfFormat.N_TRIPLES)
    floor = best(ROUTES + ["graph-floor", str(folder), str(nt), str(work / "floor.ttl")], repeat)
    table.add(case, "floor: PyYAML C loader + pyoxigraph Turtle", floor, None)
    table.add(case, "cvld graph -o dept.ttl", measured, floor, "<= 1.5x floor; peak <= 1 GB")
    table.add(case, "cvld graph -o dept.ttl --jobs 2", parallel, floor, "<= 1.5x floor; peak <= 1 GB")
    rdflib = best(ROUTES + ["graph-rdflib", str(folder), BASE, str(work / "rdflib.ttl")], 1)
    table.add(case, "rdflib Graph + rdflib Turtle", rdflib, floor,
              f"cvld {rdflib[CLOCK] / measured[CLOCK]:.1f}x faster, with --jobs 2 {rdflib[CLOCK] / parallel[CLOCK]:.1f}x (goal >= 4x)")
    if xsd:
        orcid_out = work / f"orcid-{people}"
        measured = best(ROUTES + ["orcid", str(folder), xsd, str(orcid_out)], repeat)
        floor = best(ROUTES + ["orcid-floor", str(orcid_out), xsd], repeat)
        with_yaml = best(ROUTES + ["orcid-floor-yaml", str(folder), str(orcid_out), xsd], repeat)
        table.add(f"orcid N={people}", "floor: lxml parse + XSD validate", floor, None)
        table.add(f"orcid N={people}", "floor: PyYAML C loader + lxml parse + XSD validate", with_yaml, None,
                  f"informative: cvld's route is {measured[CLOCK] / with_yaml[CLOCK]:.2f}x this")
        table.add(f"orcid N={people}", "cvld ORCID XML + XSD, every work", measured, floor, "<= 2x floor")


def scheduler_cases(table: Table, work: Path, folder: Path, people: int, repeat: int) -> None:
    """``cvld graph --scheduler local:2`` (a Dask cluster of two worker processes, started and stopped
    by the run, all of it timed) against ``--jobs 2`` (two forks), both without the build cache and
    measured together: the runs alternate, so that both see the same load on a shared host; the best
    of each is kept."""
    case = f"graph N={people}"
    command = CVLD + ["graph", str(folder), "--base", BASE, "-o", str(work / f"scheduler-{people}.ttl"), "--no-cache"]
    runs = [(run(command + ["--jobs", "2"]), run(command + ["--scheduler", "local:2"])) for _ in range(repeat)]
    parallel = min((r[0] for r in runs), key=lambda measured: measured[CLOCK])
    dask = min((r[1] for r in runs), key=lambda measured: measured[CLOCK])
    table.add(case, "cvld graph -o dept.ttl --jobs 2", parallel, None)
    table.add(case, "cvld graph -o dept.ttl --scheduler local:2", dask, parallel,
              "informative: against --jobs 2, the cluster's start included")


def parts_table(folder: Path, people: int, xsd: str | None) -> str:
    """bench/parts.py's table for the department ``folder``: each part of ``cvld graph`` and the ORCID route,
    and the floors' parts, in CPU milliseconds per CV."""
    done = subprocess.run([PYTHON, str(HERE / "parts.py"), str(folder), *([xsd] if xsd else [])], check=True,
                          capture_output=True, text=True)
    print(done.stdout, flush=True)
    return f"### Where the time goes per CV, N={people} (`bench/parts.py`)\n\n{done.stdout}"


def compile_cvld() -> None:
    """Byte-compile cvld's modules, as ``pip install`` does, so that every case compares bytecode with bytecode.

    rdflib (the floor) was compiled when pip installed it; an editable checkout run with
    ``PYTHONDONTWRITEBYTECODE`` (as on this machine) would otherwise compile cvld's source on every run.
    """
    import cvld

    subprocess.run([PYTHON, "-m", "compileall", "-q", str(Path(cvld.__file__).parent)], check=True)


def startup_cases(table: Table, work: Path, repeat: int) -> None:
    """The floor, ``cvld snippet`` and ``cvld build`` run in turn, ``repeat`` rounds, the best of each
    kept: on a shared host the three see the same load (a few ms each, so a burst of another's work
    during one command's runs would otherwise decide the ratio)."""
    commands = {"floor": [PYTHON, "-c", "import rdflib"], "snippet": CVLD + ["snippet", str(EXAMPLE)],
                "build": CVLD + ["build", str(EXAMPLE), "-o", str(work / "build")]}
    runs: dict[str, list] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run(command))
    floor, snippet, build = (min(runs[name], key=lambda measured: measured[CLOCK]) for name in commands)
    table.add("start-up, one CV", 'floor: python -c "import rdflib"', floor, None)
    table.add("start-up, one CV", "cvld snippet data/lei-wu.yaml", snippet, floor, "<= 1x")
    table.add("start-up, one CV", "cvld build data/lei-wu.yaml", build, floor, "<= 4x")


def build_cases(table: Table, work: Path, people: int, works: int, repeat: int) -> None:
    folder = department(work, people, works)
    case = f"build N={people}"
    command = CVLD + ["build", str(folder), "-o", str(work / "build-dept"), "--no-cache"]
    one = best(command + ["--jobs", "1"], repeat)
    table.add(case, "cvld build DEPT --jobs 1", one, None)
    two = best(command + ["--jobs", "2"], repeat)
    table.add(case, "cvld build DEPT --jobs 2", two, one, f"--jobs 2 {one[0] / two[0]:.2f}x faster (goal >= 1.6x)")
    shutil.rmtree(folder)


def edit_title(cv: Path, section: str = "") -> None:
    """Edit one CV as a member does between two nightly runs: its first title, or the first in the
    top-level ``section`` ("works": what the merge reads, so it is decided again). The first title of a
    generated CV is its position's, which the merge does not read: its decision is read back."""
    lines = cv.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{section}:")) if section else 0
    first = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("title:"))
    lines[first] = lines[first].rstrip("\n") + " (revised)\n"
    cv.write_text("".join(lines), encoding="utf-8")


def incremental_cases(table: Table, work: Path, folder: Path, people: int) -> None:
    """The build cache: a warm ``cvld graph`` after one CV of N changed, against the cold run and against
    ``cvld graph`` of that one CV alone (the floor of any incremental run: the merge still reads all)."""
    case = f"incremental N={people}"
    cache = work / f"cache-{people}"
    command = CVLD + ["graph", str(folder), "--base", BASE, "-o", str(work / "inc.ttl"), "--cache", str(cache)]
    cold = run(command)
    table.add(case, "cvld graph DEPT, cold cache", cold, None)
    changed = sorted(folder.iterdir())[people // 2]
    edit_title(changed)
    warm = run(command)
    table.add(case, "cvld graph DEPT, warm, one CV's title edited", warm, cold, "<= 0.10x the cold run")
    one = run(CVLD + ["graph", str(changed), "--base", BASE, "-o", str(work / "one.ttl"), "--no-cache"])
    table.add(case, "cvld graph ONE-CV (the edited one, alone)", one, None,
              f"informative: the warm run is {warm[CLOCK] / one[CLOCK]:.1f}x this")
    edit_title(changed, "works")
    table.add(case, "cvld graph DEPT, warm, one CV's work title edited", run(command), cold, "informative")
    shutil.rmtree(cache)


def incremental_build_cases(table: Table, work: Path, people: int, works: int) -> None:
    folder = department(work, people, works)
    case = f"incremental build N={people}"
    cache = work / "cache-build"
    command = CVLD + ["build", str(folder), "-o", str(work / "build-inc"), "--cache", str(cache)]
    cold = run(command)
    table.add(case, "cvld build DEPT, cold cache", cold, None)
    edit_title(sorted(folder.iterdir())[people // 2])
    table.add(case, "cvld build DEPT, warm, one CV's title edited", run(command), cold, "informative")
    shutil.rmtree(cache)
    shutil.rmtree(folder)


def memory_cases(table: Table, folder: Path, work: Path, people: int, floor: tuple[float, float] | None) -> None:
    """Peak RSS of a cold ``cvld graph`` (N-Triples, one process), the ratio against N=10's peak."""
    command = CVLD + ["graph", str(folder), "--base", BASE, "-o", str(work / "mem.nt"), "--no-cache"]
    measured = run(command)
    ratio = f"; {measured[1] / floor[1]:.2f}x the peak at N=10" if floor else ""
    table.add(f"memory N={people}", "cvld graph -o dept.nt --no-cache (peak RSS)", measured, None,
              f"peak <= 1 GB at N=10,000, flat in N{ratio}")


def long_bio_cv(work: Path, megabytes: int) -> Path:
    """A CV whose bio is ``megabytes`` MB of words (one text value: check must be linear in its length)."""
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit "
    bio = (words * (megabytes * 1024 * 1024 // len(words) + 1))[: megabytes * 1024 * 1024].strip()
    path = work / "long-bio.yaml"
    path.write_text("person:\n  key: ada\n  name: Ada Lovelace\n  homepage: https://example.org/ada/\n"
                    f"  bio: \"{bio}\"\n", encoding="utf-8")
    return path


def many_works_cv(work: Path, count: int) -> Path:
    """A CV with ``count`` works (check must be linear in the number of records)."""
    lines = ["person: {key: ada, name: Ada Lovelace, homepage: 'https://example.org/ada/'}", "works:"]
    lines += [f"  - {{key: w{i}, type: journal-article, title: Work number {i}, authors: [ada], "
              f"date: {1950 + i % 70}, venue: {{name: Journal {i % 50}}}}}" for i in range(count)]
    path = work / "many-works.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_cases(table: Table, work: Path, megabytes: int, works: int) -> None:
    """``cvld check`` on one huge text value and on one CV with many works; the goal is 30 s each."""
    for case, path in ((f"check, a {megabytes} MB bio", long_bio_cv(work, megabytes)),
                       (f"check, {works:,} works", many_works_cv(work, works))):
        for jobs in ([], ["--jobs", "2"]) if "works" in case else ([],):
            measured = run(CVLD + ["check", "-q", *jobs, str(path)])
            table.add(case, f"cvld check {' '.join(jobs + [path.name])}", measured, None,
                      f"< 30 s: {'met' if measured[0] < 30 else 'NOT met'}")
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--works", type=int, default=100, help="works per person (default 100)")
    parser.add_argument("--build-people", type=int, default=20, help="CVs in the build case (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each fast case; the best is kept")
    parser.add_argument("--orcid-xsd", default=str(ROOT.parent / "shared" / "orcid"),
                        help="folder holding record_3.0/ (default: ../shared/orcid); the ORCID case needs it")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--check-bio-mb", type=int, default=15, help="size of the bio in the long-text check case (MB)")
    parser.add_argument("--check-works", type=int, default=20000, help="works in the many-works check case")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=CASES, help="which cases (default: all)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="what the ratios compare: wall time (default) or CPU time, steadier on a shared machine")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = 2 if args.clock == "cpu" else 0
    xsd = args.orcid_xsd if (Path(args.orcid_xsd) / "record_3.0").is_dir() else None
    table = Table()
    parts: list[str] = []
    print(machine(), flush=True)
    compile_cvld()  # every case runs cvld as installed (byte-compiled), the floors' libraries too
    with tempfile.TemporaryDirectory(prefix="cvld-bench-") as temp:
        work = Path(temp)
        cases = set(args.cases)
        if "startup" in cases:
            startup_cases(table, work, args.repeat)
        if "build" in cases:
            build_cases(table, work, args.build_people, args.works, 1)
        if "incremental" in cases:
            incremental_build_cases(table, work, args.build_people, args.works)
        if "check" in cases:
            check_cases(table, work, args.check_bio_mb, args.check_works)
        smallest = None
        for people in args.people:
            folder = department(work, people, args.works)
            if "memory" in cases:
                before = len(table.rows)
                memory_cases(table, folder, work, people, smallest)
                smallest = smallest or (table.rows[before][2], table.rows[before][3], table.rows[before][4])
            if "graph" in cases:
                graph_cases(table, work, folder, people, xsd if "orcid" in cases else None,
                            args.repeat if people <= 100 else 1)
            if "incremental" in cases:
                incremental_cases(table, work, folder, people)
            if "parts" in cases:
                parts.append(parts_table(folder, people, xsd))
            if "scheduler" in cases and importlib.util.find_spec("distributed"):  # the dask extra
                scheduler_cases(table, work, folder, people, args.repeat if people <= 100 else 1)
            shutil.rmtree(folder)
    chosen = ("" if cases == set(CASES) else f" --cases {' '.join(args.cases)}") + \
        (" --clock cpu" if CLOCK else "")
    text = (f"# Benchmark results\n\nMachine: {machine()}\n\nCommand: `python bench/run.py --people "
            f"{' '.join(map(str, args.people))} --works {args.works}{chosen}`\n\n{table.markdown()}\n"
            + "".join(f"\n{text}" for text in parts))
    args.results.write_text(text, encoding="utf-8")
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

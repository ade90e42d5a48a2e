"""``cvld graph --scheduler``: the per-person step on a real Dask cluster, the same bytes as ``--jobs 1``.

A module-scoped cluster (a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1,
free ports, each in a process group of its own) is started once and stopped by process id.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cvld
from cvld.cli.main import main
from cvld.core.dask_pool import dask_workers
from cvld.core.diagnostics import RemoteError
from conftest import PROJECT_ROOT, broken_copy

BASE = "https://kg.example.edu/"
SOURCE = PROJECT_ROOT / "src"
GENERATE = PROJECT_ROOT / "bench" / "generate.py"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(**extra: str) -> dict:
    path = os.pathsep.join([str(SOURCE)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    return {**os.environ, "PYTHONPATH": path, "DASK_LOGGING__DISTRIBUTED": "error", **extra}


def _start(arguments: list[str], log: Path, **extra: str) -> subprocess.Popen:
    with open(log, "wb") as out:  # a file, not a pipe: a chatty process never blocks on a full pipe
        return subprocess.Popen([sys.executable, "-m", "dask", *arguments], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=_environment(**extra), start_new_session=True)


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop the process groups led by ``processes`` (a worker's nanny and the process it started, the
    scheduler): SIGTERM, SIGKILL after 1 s, and wait (10 s at most) until none of them is left."""
    for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 10.0)):
        for process in processes:
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(map(_alive, processes)):
            time.sleep(0.05)
    for process in processes:
        process.wait(timeout=10)
        assert not _alive(process)  # no leftover of the group


def _alive(process: subprocess.Popen) -> bool:
    process.poll()  # reap the leader once it is gone
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a running scheduler with two single-threaded workers."""
    import distributed

    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = [_start(["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
                      logs / "scheduler.log", DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0")]
    try:
        for n in range(2):
            started.append(_start(["worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                                   "--no-dashboard"], logs / f"worker-{n}.log"))
        with distributed.Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        _stop(started)


@pytest.fixture(scope="module")
def department(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-dept")
    subprocess.run([sys.executable, str(GENERATE), "--people", "5", "--works-per-person", "6", "--seed", "4",
                    "-o", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder


def _written(department: Path, target: Path, output: str, *options: str) -> dict[str, bytes]:
    option = ["--split", str(target)] if output == "split" else ["-o", str(target)]
    assert main(["graph", str(department), "--base", BASE, *option, *options]) == 0
    paths = sorted(target.iterdir()) if target.is_dir() else [target]
    return {p.name: p.read_bytes() for p in paths}


def _transitions(address: str) -> int:
    """How many task state changes the scheduler has made so far."""
    import distributed

    with distributed.Client(address, timeout=30, set_as_default=False) as client:
        return client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)


@pytest.mark.parametrize("output", ["dept.ttl", "dept.nt", "split", "dept.jsonld"])
def test_a_remote_scheduler_writes_the_bytes_one_process_writes(scheduler, department, tmp_path, output):
    alone = _written(department, tmp_path / "one" / output, output, "--jobs", "1")
    before = _transitions(scheduler)
    remote = _written(department, tmp_path / "dask" / output, output, "--scheduler", scheduler)
    assert remote == alone
    assert _transitions(scheduler) - before >= 5 * 3  # the cluster did the work: 5 CVs, a task passes 3 states at least
    assert len(alone) == (5 if output == "split" else 1) and all(alone.values())


def test_a_local_cluster_writes_the_bytes_one_process_writes(department, tmp_path):
    alone = _written(department, tmp_path / "one.ttl", "one.ttl")
    local = _written(department, tmp_path / "local.ttl", "local.ttl", "--scheduler", "local:2")
    assert local == {"local.ttl": alone["one.ttl"]}


def test_errors_in_cvs_are_reported_located_all_at_once_in_file_order(scheduler, department, tmp_path, capsys):
    folder = tmp_path / "dept"
    broken = broken_copy(department, folder, (1, 3))
    out = tmp_path / "g.ttl"
    assert main(["graph", str(folder), "--base", BASE, "-o", str(out), "--scheduler", scheduler]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if "unknown field 'titel'" in line]
    assert [line.split(":", 1)[0] for line in errors] == list(map(str, broken))
    assert all(line.split(":")[2].isdigit() for line in errors)  # FILE:LINE:COL
    assert not out.exists()


def test_workers_with_another_cvld_are_refused(scheduler, department, tmp_path, capsys, monkeypatch):
    installed = cvld.__version__  # what the workers import
    monkeypatch.setattr(cvld, "__version__", "0.0.0.test")
    assert main(["graph", str(department), "--base", BASE, "-o", str(tmp_path / "g.ttl"),
                 "--scheduler", scheduler]) == 3
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("cvld: the Dask worker tcp://127.0.0.1:")
    assert err[0].endswith(f"(scheduler {scheduler}) runs cvld {installed}, this is "
                           "cvld 0.0.0.test: install the same version on every worker")
    assert not (tmp_path / "g.ttl").exists()


def test_a_worker_with_another_cvld_that_joins_later_is_refused_by_the_task(scheduler, monkeypatch):
    installed = cvld.__version__  # what the workers import
    with dask_workers(scheduler) as workers:  # checked at the start
        monkeypatch.setattr(cvld, "__version__", "0.0.0.test")  # as if the workers changed since
        with pytest.raises(RemoteError, match=f"^a Dask worker of the scheduler {scheduler} runs cvld "
                           f"{re.escape(installed)}, this is cvld 0\\.0\\.0\\.test: install the same version on "
                           "every worker$"):
            list(workers.map(abs, [-1]))


def test_a_scheduler_that_cannot_be_reached_is_exit_3_naming_it(department, tmp_path, capsys):
    import dask

    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(["graph", str(department), "--base", BASE, "-o", str(tmp_path / "g.ttl"),
                     "--scheduler", address]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err == [f"cvld: the Dask scheduler at {address} cannot be reached (OSError: Timed out trying to connect "
                   f"to {address} after 1 s)"]


def test_a_scheduler_without_workers_or_whose_workers_all_die_is_a_remote_error(department, tmp_path, capsys):
    import dask
    import distributed

    address = f"tcp://127.0.0.1:{_free_port()}"
    started = [_start(["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
                      tmp_path / "scheduler.log")]
    try:
        with distributed.Client(address, timeout=60, set_as_default=False):
            pass  # it is up
        with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
            assert main(["graph", str(department), "--base", BASE, "--split", str(tmp_path / "nq"),
                         "--scheduler", address]) == 3
            assert capsys.readouterr().err.splitlines() == [
                f"cvld: the Dask scheduler at {address} has no workers (none came in 1 s)"]
            assert not (tmp_path / "nq").exists()
            worker = _start(["worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                             "--no-dashboard"], tmp_path / "worker.log")
            started.append(worker)
            with distributed.Client(address, timeout=60, set_as_default=False) as client:
                client.wait_for_workers(1, timeout=60)
            with dask_workers(address) as workers:
                results = workers.map(time.sleep, [0, 30, 30])
                assert next(results) is None
                os.killpg(worker.pid, signal.SIGKILL)  # the worker and its nanny, while it sleeps
                with pytest.raises(RemoteError, match=f"^the Dask cluster at {address} has no worker left "
                                   r"\(none for 1 s\)$"):
                    next(results)
    finally:
        _stop(started)


def test_workers_that_die_are_a_remote_error_naming_the_scheduler(scheduler):
    # the scheduler allows no failure: the first worker to die running a task fails that task
    with dask_workers(scheduler) as workers:
        with pytest.raises(RemoteError, match=f"^the Dask workers at {scheduler} died running a task "
                           r"\(KilledWorker: "):
            list(workers.map(os._exit, [3]))
        assert list(workers.map(abs, [-2, 3, -5])) == [2, 3, 5]  # the nanny restarted it: the cluster goes on


def test_without_dask_the_scheduler_is_a_usage_error_saying_what_to_install(department, tmp_path, capsys,
                                                                             monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed: ImportError
    assert main(["graph", str(department), "--base", BASE, "-o", str(tmp_path / "g.ttl"),
                 "--scheduler", "local:2"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["cvld: a Dask scheduler needs Dask's distributed package (import of distributed halted; None in "
                   "sys.modules): pip install 'cvld[dask]' (--scheduler ADDRESS)"]


@pytest.mark.parametrize("argv, message", [
    (["--jobs", "2", "--scheduler", "local:2"],
     "cvld: graph: --jobs N runs processes on this machine, --scheduler a Dask cluster: give one"),
    (["--scheduler", "local:2", "--cache", "somewhere"],
     "cvld: a Dask cluster makes everything afresh: the build cache is this machine's (--scheduler ADDRESS)"),
    (["--scheduler", "local:0"],
     "cvld: 'local:0': a local cluster needs 1 or more worker processes (local:N) (--scheduler ADDRESS)"),
    (["--scheduler", "kg.example.edu"],
     "cvld: 'kg.example.edu' is not a Dask scheduler: give its address (tcp://HOST:8786), the file 'dask scheduler "
     "--scheduler-file' wrote, or local:N (--scheduler ADDRESS)"),
])
def test_scheduler_usage_errors(department, tmp_path, capsys, argv, message):
    assert main(["graph", str(department), "--base", BASE, "-o", str(tmp_path / "g.ttl"), *argv]) == 2
    assert capsys.readouterr().err.splitlines() == [message]


@pytest.mark.parametrize("output", ["graph", "split"])
def test_an_output_over_an_input_is_refused_before_any_cluster_starts(department, capsys, monkeypatch, output):
    import cvld.core.dask_pool as dask_pool

    def no_cluster(address):
        raise AssertionError(f"a cluster was started for {address}")

    monkeypatch.setattr(dask_pool, "dask_workers", no_cluster)
    cv = sorted(department.glob("*.yaml"))[0]
    target = ["-o", str(cv)] if output == "graph" else ["--split", str(department)]
    before = {p.name: p.read_bytes() for p in department.iterdir()}
    assert main(["graph", str(department), "--base", BASE, *target, "--scheduler", "local:2"]) == 2
    message = (f"cvld: {cv} is an input; cvld never overwrites its inputs" if output == "graph"
               else f"cvld: {department} holds the input {sorted(department.glob('*.yaml'))[0]}; cvld never replaces "
                    "a folder holding an input")
    assert capsys.readouterr().err.splitlines() == [message]
    assert {p.name: p.read_bytes() for p in department.iterdir()} == before


class _LostThenFound:
    """A future whose done-callback has run (it finished once), then lost with the worker holding its
    result and computed again: the states Dask's client shows in that case, one per look."""

    def __init__(self, states: list[str]) -> None:
        self.states = states

    def add_done_callback(self, callback) -> None:
        callback(self)

    @property
    def status(self) -> str:
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]

    def result(self):
        return 42


class _Client:
    def __init__(self, threads: dict) -> None:
        self.threads = threads

    def nthreads(self) -> dict:
        return self.threads


def test_a_result_lost_with_its_worker_is_waited_for_until_dask_computes_it_again(monkeypatch):
    from cvld.core import dask_pool

    monkeypatch.setattr(dask_pool, "_POLL", 0.001)
    future = _LostThenFound(["lost", "lost", "pending", "finished"])
    assert dask_pool.DaskWorkers(_Client({"w": 1}), "tcp://127.0.0.1:1", 5.0).result(future) == 42
    assert future.states == ["finished"]  # every state was looked at


def test_a_lost_result_with_no_worker_left_is_a_remote_error_after_the_time_out(monkeypatch):
    from cvld.core import dask_pool

    monkeypatch.setattr(dask_pool, "_POLL", 0.001)
    workers = dask_pool.DaskWorkers(_Client({}), "tcp://127.0.0.1:1", 0.05)
    with pytest.raises(RemoteError, match=r"^the Dask cluster at tcp://127\.0\.0\.1:1 has no worker left "
                                          r"\(none for 0\.05 s\)$"):
        workers.result(_LostThenFound(["lost"]))

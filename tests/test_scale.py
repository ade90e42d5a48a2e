"""Department scale: the streamed graph, the per-person step, and the benchmark's routes (small N, no timing)."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from cvld.cli.main import main
from cvld.orcid.write import files as orcid_files
from cvld.source.load import describe_schema_error, _schema_validator, load_cv, read_source, validate_schema
from cvld.rdf.build import build_files, graph_name, members_for, serialize_lines, turtle_part, turtle_prefixes
from cvld.rdf.terms import PREFIXES
from cvld.source.folders import load_cvs
from cvld.rdf.stream import person_nquads, write_department
from conftest import DATA_DIR, broken_copy, shared_path

BASE = "https://kg.example.edu/"
BENCH = DATA_DIR.parent / "bench"


def _bench_module(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def department(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dept")
    generate = _bench_module("generate")
    generate.write(generate.generate(4, 6, seed=3), folder, "yaml")
    return folder


def test_generated_department_shares_papers_and_coauthors(department):
    cvs = load_cvs([department])
    assert len(cvs) == 4
    dois = [w.doi for cv in cvs for w in cv.works if w.doi and "shared" in w.doi]
    assert dois and len(dois) > len(set(dois))  # a shared paper is listed by both its members
    assert any(w.type == "preprint" for cv in cvs for w in cv.works)


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_streamed_graph_holds_the_same_triples_as_the_rdflib_route(department, vocab):
    out = io.BytesIO()
    count = write_department([department], out, fmt="turtle", vocab=vocab, base=BASE)
    built = build_files([department], vocab=vocab, base=BASE)
    assert count == len(built)
    streamed = Graph().parse(data=out.getvalue(), format="turtle")
    assert len(streamed) == count
    assert isomorphic(streamed, built.rdflib())


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_streamed_turtle_is_the_prefix_lines_once_then_parts_that_read_back_as_the_ntriples(department, vocab):
    turtle, ntriples = io.BytesIO(), io.BytesIO()
    count = write_department([department], turtle, fmt="turtle", vocab=vocab, base=BASE)
    assert write_department([department], ntriples, fmt="ntriples", vocab=vocab, base=BASE) == count
    text = turtle.getvalue()
    assert text.startswith(turtle_prefixes()) and text.count(b"@prefix ") == len(PREFIXES) == 11
    parsed = list(ox.parse(text, format=ox.RdfFormat.TURTLE))  # blank nodes keep their labels: compared as they are
    assert len(parsed) == count and set(parsed) == set(ox.parse(ntriples.getvalue(), format=ox.RdfFormat.N_TRIPLES))


def test_turtle_parts_are_pyoxigraphs_turtle_without_the_prefix_lines():
    lines = build_files([DATA_DIR / "lei-wu.yaml"]).lines
    assert sorted(turtle_prefixes().decode().splitlines()) == sorted(f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items())
    assert serialize_lines(lines, "turtle") == turtle_prefixes() + turtle_part(lines)
    assert not turtle_part(lines).startswith(b"@prefix") and turtle_part([]) == b""
    halves = turtle_prefixes() + turtle_part(lines[:100]) + turtle_part(lines[100:])
    assert set(ox.parse(halves, format=ox.RdfFormat.TURTLE)) == set(ox.parse(serialize_lines(lines, "ntriples"),
                                                                           format=ox.RdfFormat.N_TRIPLES))


def test_streamed_ntriples_are_the_graph_lines_each_once(department):
    out = io.BytesIO()
    write_department([department], out, fmt="ntriples", base=BASE)
    lines = out.getvalue().decode().splitlines()
    assert sorted(lines) == build_files([department], base=BASE).lines


def test_line_digests_tell_each_line_new_once_across_growing():
    from cvld.rdf import stream

    lines = [f"<{BASE}person/p{i}> <http://schema.org/name> \"P {i}\" ." for i in range(300)]
    digests = [stream._digest(line) for line in lines]
    seen = stream.LineDigests(size=8)  # grows six times on the way to 300 lines (at most three quarters full)
    assert [seen.add(d) for d in digests] == [True] * 300
    assert [seen.add(d) for d in reversed(digests)] == [False] * 300
    assert len(seen) == 300 and len(seen.slots) == 512
    assert sorted(v for v in seen.slots if v) == sorted(int.from_bytes(d, "little") for d in digests)
    # digests that collide in the table's low bits (and the digest 0) are kept apart by probing
    seen = stream.LineDigests(size=8)
    a, b, c, d = (n.to_bytes(8, "little") for n in (0, 8, 16, 1))
    assert [seen.add(x) for x in (a, b, c, a, b, c)] == [True, True, True, False, False, False]
    assert not seen.add(d)  # 0 is kept as 1: one more 64-bit collision, as any two lines may have
    assert sorted(v for v in seen.slots if v) == [1, 8, 16]


def test_the_person_step_frees_what_its_triples_left_in_cycles(department, monkeypatch):
    import gc
    import weakref

    from cvld.rdf import stream

    class Cycle:
        pass

    left: list = []
    made = stream.member_triples

    def triples_leaving_a_cycle(member, vocab):
        cycle = Cycle()
        cycle.itself = cycle
        left.append(weakref.ref(cycle))
        return made(member, vocab)

    monkeypatch.setattr(stream, "member_triples", triples_leaving_a_cycle)
    enabled = gc.isenabled()
    gc.disable()  # only the step's own collection can free the cycles
    try:
        with stream._department([department], "schema", BASE, None, None, 1) as members:
            for i in range(2):
                own, shared = stream.member_lines(*stream._member(i))
                assert own and shared and left[-1]() is None
            assert stream.person_nquads(*stream._member(0)) and left[-1]() is None and len(left) == 3
    finally:
        if enabled:
            gc.enable()


def test_person_step_is_pure_same_input_same_bytes(department):
    members = members_for(load_cvs([department]), BASE)
    first = [person_nquads(m) for m in members]
    again = [person_nquads(m) for m in reversed(members_for(load_cvs([department]), BASE))][::-1]
    assert first == again
    assert person_nquads(members[2]) == first[2]  # the others running first changes nothing
    quads = list(ox.parse(first[0], format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {graph_name(members[0])}


def test_split_writes_one_named_graph_per_cv_that_together_are_the_graph(department, tmp_path):
    assert main(["graph", str(department), "--base", BASE, "--split", str(tmp_path / "nq")]) == 0
    written = sorted((tmp_path / "nq").iterdir())
    assert [p.name for p in written] == [p.with_suffix(".nq").name for p in sorted(department.iterdir())]
    union = set()
    for path in written:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        assert len({q.graph_name for q in quads}) == 1  # one named graph per file
        union |= {line.rsplit(" ", 2)[0] + " ." for line in path.read_text().splitlines()}
    assert sorted(union) == build_files([department], base=BASE).lines


def test_bench_floor_writes_the_same_triples(department, tmp_path):
    nt, floor = tmp_path / "g.nt", tmp_path / "floor.ttl"
    assert main(["graph", str(department), "--base", BASE, "-o", str(nt)]) == 0
    _bench_module("routes").graph_floor(str(department), str(nt), str(floor))
    assert set(ox.parse(path=str(floor))) == set(ox.parse(path=str(nt)))


def test_bench_orcid_route_gives_the_one_by_one_xml(department, tmp_path):
    xsd = shared_path("orcid")
    out = tmp_path / "orcid"
    count = _bench_module("routes").orcid_all(str(department), str(xsd), str(out))
    written = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert count == len(written)
    for path in sorted(department.iterdir()):
        one = orcid_files(load_cv(path))
        assert {name: data for name, data in written.items() if name.startswith(path.stem + "/")} == {
            f"{path.stem}/{name}": data for name, data in one.items()}


def test_fast_path_agrees_with_jsonschema_on_valid_and_invalid_files(department, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((DATA_DIR / "lei-wu.yaml").read_text().replace("type: journal-article", "type: novel", 1))
    for path in [*department.iterdir(), DATA_DIR / "lei-wu.yaml", bad]:
        source = read_source(path)
        slow = [d for e in _schema_validator().iter_errors(source.data) for d in describe_schema_error(e, source)]
        assert validate_schema(source) == list({(d.location, d.message): d for d in slow}.values())
    assert validate_schema(read_source(bad))


def test_graph_command_loads_no_rdflib():
    code = ("import sys; from cvld.cli.main import main; main(['graph', sys.argv[1], '-o', sys.argv[2]]); "
            "print('rdflib' in sys.modules, 'pyshacl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(DATA_DIR / "lei-wu.yaml"), "/dev/null"],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_build_of_several_cvs_with_two_jobs_writes_what_one_by_one_builds_write(department, tmp_path):
    assert main(["build", str(department), "-o", str(tmp_path / "all"), "--jobs", "2"]) == 0
    for path in sorted(department.iterdir())[:2]:
        assert main(["build", str(path), "-o", str(tmp_path / "one" / path.stem)]) == 0
        one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one" / path.stem).rglob("*")
               if p.is_file()}
        together = {p.relative_to(tmp_path / "all"): p.read_bytes() for p in (tmp_path / "all" / path.stem).rglob("*")
                    if p.is_file()}
        assert one == together and one


def test_split_files_load_in_parallel_with_oxigraph_load(department, tmp_path):
    import shutil

    oxigraph = shutil.which("oxigraph") or str(DATA_DIR.parent / ".venv" / "bin" / "oxigraph")
    if not shutil.which(oxigraph):
        pytest.skip("the oxigraph command (test extra) is not installed")
    assert main(["graph", str(department), "--base", BASE, "--split", str(tmp_path / "nq")]) == 0
    files = sorted((tmp_path / "nq").iterdir())
    subprocess.run([oxigraph, "load", "--location", str(tmp_path / "store"), "--file", *map(str, files)],
                   check=True, capture_output=True)
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert {q.graph_name.value for q in store} == {f"{BASE}person/{p.stem}/graph" for p in files}
    assert len(store) == sum(len(p.read_text().splitlines()) for p in files)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40))
def test_bibtex_plain_text_fast_path_gives_what_the_encoder_gives(text):
    from cvld.bibtex.write import _encoder, latex

    depth = 0
    for ch in text:  # a brace without its partner is written {\textbraceleft} or {\textbraceright}, not by the
        depth += {"{": 1, "}": -1}.get(ch, 0)  # encoder (tests/test_identifier_properties.py has that case)
        if depth < 0:
            break
    if depth == 0:
        assert latex(text) == _encoder().unicode_to_latex(" ".join(text.split()))
    else:
        assert "textbrace" in latex(text)


@pytest.mark.parametrize("output", ["dept.ttl", "dept.nt", "split"])
def test_graph_with_two_jobs_writes_the_bytes_one_job_writes(department, tmp_path, output):
    written = {}
    for jobs in ("1", "2"):
        target = tmp_path / jobs / output
        option = ["--split", str(target)] if output == "split" else ["-o", str(target)]
        assert main(["graph", str(department), "--base", BASE, "--jobs", jobs, *option]) == 0
        paths = sorted(target.iterdir()) if target.is_dir() else [target]
        written[jobs] = {p.name: p.read_bytes() for p in paths}
    assert written["1"] == written["2"] and all(written["1"].values())


def test_graph_with_two_jobs_reports_every_file_error_in_file_order(department, tmp_path, capsys):
    folder = tmp_path / "dept"
    broken = broken_copy(department, folder, (0, 2))
    assert main(["graph", str(folder), "--base", BASE, "--jobs", "2", "-o", str(tmp_path / "g.ttl")]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if "unknown field 'titel'" in line]
    assert [line.split(":", 1)[0] for line in errors] == list(map(str, broken))
    assert not (tmp_path / "g.ttl").exists()


def test_jobs_must_be_a_positive_number(capsys):
    assert main(["graph", str(DATA_DIR / "lei-wu.yaml"), "--jobs", "0"]) == 2
    assert "argument --jobs: '0' is not a number of processes (1 or more)" in capsys.readouterr().err


def _square(number: int) -> int:
    return number * number


def test_ordered_map_keeps_order_in_processes():
    from cvld.core.pool import ordered_map

    assert list(ordered_map(_square, range(25), jobs=2)) == [n * n for n in range(25)]
    assert list(ordered_map(_square, [], jobs=2)) == []


def test_only_lines_marked_shared_are_stated_by_two_members(department):
    from cvld.rdf import stream

    with stream._department([department], "schema", BASE, None, None, 1) as members:
        parts = [stream.member_lines(*stream._member(i)) for i in range(len(members))]
    assert all(own for own, _ in parts) and all(shared for _, shared in parts)
    for i, (own, _) in enumerate(parts):
        others = set().union(*(set(o) | set(s) for j, (o, s) in enumerate(parts) if j != i))
        assert not others & set(own)  # a line no other member states
        assert all(line.startswith(f"<{BASE}work/") or line.startswith("_:") for line in own)


def test_graph_to_standard_output_with_two_jobs_is_written_once(department, tmp_path):
    assert main(["graph", str(department), "--base", BASE, "-o", str(tmp_path / "g.ttl")]) == 0
    printed = subprocess.run([sys.executable, "-m", "cvld", "graph", str(department), "--base", BASE, "--jobs", "2"],
                             capture_output=True, check=True).stdout
    assert printed == (tmp_path / "g.ttl").read_bytes()


def _process_id(_) -> int:
    import os

    return os.getpid()


def test_ordered_map_forks_only_on_linux(monkeypatch):
    import os

    from cvld.core import pool as parallel

    if sys.platform.startswith("linux"):
        assert os.getpid() not in set(parallel.ordered_map(_process_id, range(4), jobs=2))
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert set(parallel.ordered_map(_process_id, range(4), jobs=2)) == {os.getpid()}

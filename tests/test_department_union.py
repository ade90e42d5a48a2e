"""Issue 16, part 1: a department graph is the union of what its CVs state, the same for any file order or names.

tests/data/department2 holds five CVs that share people and papers: one lists a co-author it does not
use (Gus Moreau, with his ORCID iD and homepage), one alone states a shared paper's DOI, two give a shared
paper other titles and other author lists, one writes a member's name another way.
"""

from __future__ import annotations

import io
import os
import shutil

import pytest

from cvld.core.diagnostics import Report, UsageError
from cvld.model.ids import doi_key
from cvld.rdf.build import build_files, members_for, members_of_records
from cvld.rdf.check import validate
from cvld.rdf.department import RECORD_PARTS, PersonTable, merge_record, record_part, resolve, shared_record
from cvld.rdf.stream import Spill, load_department, write_department
from cvld.source.folders import load_cvs
from conftest import PROJECT_ROOT

DEPARTMENT = PROJECT_ROOT / "tests" / "data" / "department2"
BASE = "https://kg.example.edu/"
TYPES = {"schema": ("<http://schema.org/Person>", None), "vivo": ("<http://xmlns.com/foaf/0.1/Person>", None)}
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _description(lines: list[str], node: str) -> list[str]:
    """The lines of ``node`` and of every blank node or part (venue, authorship, vcard) it holds."""
    by_subject: dict[str, list[str]] = {}
    for line in lines:
        by_subject.setdefault(line.split(" ", 1)[0], []).append(line)
    found, todo, seen = [], [node], {node}
    while todo:
        subject = todo.pop()
        for line in by_subject.get(subject, []):
            found.append(line)
            obj = line.split(" ", 2)[2][:-2]
            top = obj.startswith((f"<{BASE}person/", f"<{BASE}work/")) and obj.count("/") == 4  # another node
            held = obj.startswith("_:") or (obj.startswith(f"<{BASE}") and not top)
            if held and obj not in seen:
                seen.add(obj)
                todo.append(obj)
    return found


@pytest.fixture(scope="module", params=["schema", "vivo"])
def built(request):
    report = Report()
    graph = build_files([DEPARTMENT], vocab=request.param, base=BASE, report=report)
    return request.param, graph, report


def test_every_name_type_and_identifier_any_cv_states_is_in_the_graph(built):
    vocab, graph, _ = built
    person_type = TYPES[vocab][0]
    checked = 0
    for member in members_for(load_cvs([DEPARTMENT]), BASE):
        cv = member.cv
        for person in [cv.owner, *cv.people.values()]:
            node = f"<{member.iris.owner() if person.key == cv.owner.key else member.iris.person(person.key)}>"
            text = "\n".join(_description(graph.lines, node))
            assert f"{node} {RDF_TYPE} {person_type} ." in text, (cv.source, person.key)
            for value in (person.name, *person.other_names, person.given_name, person.family_name, person.orcid,
                          person.homepage):
                if value:
                    assert value in text, (vocab, cv.source, person.key, value)
                    checked += 1
        for work in cv.works:
            node = f"<{member.iris.work(work.key)}>"
            text = "\n".join(_description(graph.lines, node))
            assert f"{node} {RDF_TYPE} " in text, (cv.source, work.key)
            assert work.date.iso() in text
            for value in (work.arxiv and work.arxiv.id, work.isbn, work.pmid, work.volume, work.first_page,
                          work.last_page, work.abstract, work.venue and work.venue.name,
                          work.venue and work.venue.short, *work.keywords):
                if value:
                    assert value in text, (vocab, cv.source, work.key, value)
                    checked += 1
            if work.doi:
                assert doi_key(work.doi) in text.lower(), (vocab, cv.source, work.key)
    assert checked > 50


def test_the_merged_graph_keeps_cvlds_shapes(built):
    vocab, graph, _ = built
    assert [str(d) for d in validate(graph, vocab)] == []


def test_an_unused_coauthor_listed_first_keeps_name_type_and_orcid_id(built):
    vocab, graph, _ = built
    gus = f"<{BASE}person/gus-moreau>"
    lines = set(_description(graph.lines, gus))
    name = "<http://schema.org/name>" if vocab == "schema" else "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert f'{gus} {name} "Gus Moreau" .' in lines
    assert f"{gus} {RDF_TYPE} {TYPES[vocab][0]} ." in lines
    same_as = "<http://schema.org/sameAs>" if vocab == "schema" else "<http://www.w3.org/2002/07/owl#sameAs>"
    assert f"{gus} {same_as} <https://orcid.org/0000-0002-6666-6660> ." in lines


def test_a_doi_only_one_cv_states_reaches_the_shared_paper(built):
    vocab, graph, _ = built
    work = f"<{BASE}work/silva2021flows>"
    text = "\n".join(_description(graph.lines, work))
    assert "10.5555/FLOWS.2021" in text
    # described by the CV of its first author who is a member (Ana Silva), with the title she gives it
    title = "<http://schema.org/name>" if vocab == "schema" else "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert f'{work} {title} "Flows on graphs" .' in text
    assert '"Flows on Graphs"' not in text


def test_every_conflict_is_reported_with_both_locations(built):
    _, _, report = built
    d = str(DEPARTMENT)
    assert [str(x) for x in report.sorted()] == [
        f"{d}/carla-diaz.yaml:17:5: warning: works[0]: conflict: the same paper as 'silva2021flows' "
        f"({d}/ana-silva.yaml:17:5) gives another title ('Flows on Graphs' against 'Flows on graphs'); "
        f"the graph keeps the one of {d}/ana-silva.yaml:17:5",
        f"{d}/carla-diaz.yaml:17:5: warning: works[0]: conflict: the same paper as 'silva2021flows' "
        f"({d}/ana-silva.yaml:17:5) lists other authors (Ana Silva, Ben Okafor, Carla Diaz against Ana Silva, "
        f"Ben Okafor); the graph keeps the list of {d}/ana-silva.yaml",
        f"{d}/dev-patel.yaml:17:5: warning: works[0]: conflict: the same paper as 'diaz2020networks' "
        f"({d}/carla-diaz.yaml:23:5) gives another title ('Networks of collaboration, revisited' against "
        f"'Networks of collaboration'); the graph keeps the one of {d}/carla-diaz.yaml:23:5",
        f"{d}/dev-patel.yaml:17:5: warning: works[0]: conflict: the same paper as 'diaz2020networks' "
        f"({d}/carla-diaz.yaml:23:5) lists other authors (Carla Diaz, Eli Grant, Dev Patel against Carla Diaz, "
        f"Eli Grant); the graph keeps the list of {d}/carla-diaz.yaml",
    ]


def _turtle(folder, vocab: str) -> bytes:
    out = io.BytesIO()
    write_department([folder], out, fmt="turtle", vocab=vocab, base=BASE, report=Report())
    return out.getvalue()


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_the_same_cvs_in_any_order_under_any_names_give_the_same_turtle(tmp_path, vocab):
    files = sorted(DEPARTMENT.glob("*.yaml"))
    expected = _turtle(DEPARTMENT, vocab)
    built = build_files([DEPARTMENT], vocab=vocab, base=BASE, report=Report())
    assert sorted(set(expected.splitlines())) != [] and len(built) > 300
    for attempt, names in enumerate([["e", "d", "c", "b", "a"], ["b", "e", "a", "d", "c"]]):
        folder = tmp_path / f"renamed-{attempt}"
        folder.mkdir()
        for name, source in zip(names, files):  # the first CV is now called e.yaml, the last a.yaml
            shutil.copy(source, folder / f"{name}.yaml")
        assert _turtle(folder, vocab) == expected, names
        again = build_files([folder], vocab=vocab, base=BASE, report=Report())
        assert again.lines == built.lines and again.serialize("turtle") == built.serialize("turtle")
        listed = [folder / f"{n}.yaml" for n in names]  # named one by one in another order
        out = io.BytesIO()
        write_department(listed[::-1], out, fmt="turtle", vocab=vocab, base=BASE, report=Report())
        assert out.getvalue() == expected


def test_two_processes_write_the_same_bytes(tmp_path):
    from cvld.api import write_graph, write_split

    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    write_graph([DEPARTMENT], one, vocab="vivo", base=BASE, report=Report())
    write_graph([DEPARTMENT], two, vocab="vivo", base=BASE, report=Report(), jobs=2)
    assert one.read_bytes() == two.read_bytes()
    files = write_split([DEPARTMENT], tmp_path / "nq", vocab="vivo", base=BASE, report=Report(), jobs=2)
    # each CV file's named graph is its own member's (the members are sorted, the files keep their names)
    assert sorted(files) == sorted(f"{p.stem}.nq" for p in DEPARTMENT.glob("*.yaml"))
    for name, data in files.items():
        assert f"<{BASE}person/{name[:-3]}/graph> .".encode() in data, name


def test_merge_records_hold_one_number_per_person_stated_alike_and_each_records_own_origin():
    """The merge holds compact records (issue 17): a co-author listed alike by several CVs is one person
    of the department's table, each record holding its number, yet every record gives back its own
    person, origin (file, line, column, path) included."""
    cvs = load_cvs([DEPARTMENT])
    table = PersonTable()
    records = [shared_record(merge_record(cv), table) for cv in cvs]
    people = table.done()
    by_value: dict = {}
    for cv, record in zip(cvs, records):
        assert record.people_keys == tuple(cv.people)
        assert record.people.typecode == "i"
        for j, (key, person) in enumerate(cv.people.items()):
            again = record.person(j, people)
            assert again == person and again.origin == person.origin and again.origin.line > 0
            by_value.setdefault(person, set()).add(record.people[j])
    alike = [person for person in by_value if sum(person == p for cv in cvs for p in cv.people.values()) > 1]
    assert alike  # department2's CVs list some co-authors alike
    assert all(len(by_value[person]) == 1 for person in by_value)  # one number for each
    assert sorted(n for numbers in by_value.values() for n in numbers) == list(range(len(people)))
    assert all(people[next(iter(by_value[person]))] == person for person in by_value)


def test_a_departments_merge_records_are_read_back_from_its_spill_as_they_were_written():
    """The merge records wait in the spill (issue 17, part 3): each whole and each part the decision reads
    comes back as the record made in memory gives it, and a department decided from them is the one
    decided from the CVs held; a spill whose bytes changed (overwritten, cut short) is an error."""
    cvs = load_cvs([DEPARTMENT])
    table = PersonTable()
    held = [shared_record(merge_record(cv), table) for cv in cvs]
    spill = Spill()
    try:
        kept = load_department([DEPARTMENT], spill, Report())
        assert len(kept) == len(held) and kept.people == table.done()
        for i, record in enumerate(held):
            assert kept[i] == record
            for name in RECORD_PARTS:
                assert kept.part(name, i) == record_part(record, name), name
        with pytest.raises(IndexError):
            kept[len(held)]
        decided = sorted(members_of_records(kept, spill.digest, spill.works, kept.people, BASE, None, Report()),
                         key=lambda m: m.iris.owner())

        def decisions(members):
            return [(m.slot, m.iris, m.primary_works, m.primary_people, m.merged_works, m.merged_people,
                     m.primary_grants, m.merged_grants) for m in members]

        assert decisions(decided) == decisions(resolve(cvs, BASE).members)
        assert any(m.merged_works for m in decided) and any(m.merged_people for m in decided)
        last = len(kept) - 1
        os.pwrite(spill.file.fileno(), b"\x00", kept.offsets[last] + 3)  # the last record's first bytes
        with pytest.raises(UsageError, match="temporary file of the merge records was changed"):
            kept[last]
        assert kept.part("work_ids", last) == held[last].work_ids  # its parts are whole
        os.ftruncate(spill.file.fileno(), kept.offsets[last] + 10)
        with pytest.raises(UsageError, match="temporary file of the merge records was changed"):
            kept.part("work_ids", last)
        assert kept[0] == held[0]
    finally:
        spill.close()

"""What the people file decides (cvld.source.people): spellings joined, two people of one name kept apart."""

from __future__ import annotations

import pytest

from cvld.core.diagnostics import CVInputError, Report
from cvld.rdf.build import build_files
from cvld.source.people import load_people

BASE = "https://kg.example.edu/"
RELATES = "<http://vivoweb.org/ontology/core#relates>"


def _department(folder):
    for owner, name in (("ann", "Ann A"), ("bob", "Bob B"), ("cat", "Cat C")):
        (folder / f"{owner}.yaml").write_text(
            f"person: {{key: {owner}, name: {name}}}\npeople:\n  cm: {{name: Chao Ma}}\n"
            f"works:\n  - {{key: w-{owner}, type: other, title: Paper of {owner}, authors: [{owner}, cm], date: 2020}}\n")


def _coauthor_of(graph, owner: str) -> str:
    [line] = [line for line in graph.lines if line.startswith(f"<{BASE}work/w-{owner}/authorship-2> {RELATES} <{BASE}person/")]
    return line.split(" ")[2].removeprefix(f"<{BASE}person/").removesuffix(">")


def test_named_by_keeps_two_people_of_one_name_apart(tmp_path):
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    _department(cvs)
    people = tmp_path / "people.yaml"
    people.write_text("chao-ma: {name: Chao Ma}\n"
                      "chao-ma-physics: {name: Chao Ma, named_by: [bob]}  # Bob's Chao Ma is another person\n")
    report = Report()
    graph = build_files([cvs], vocab="vivo", base=BASE, people_file=people, report=report)
    assert [str(d) for d in report.sorted()] == []
    assert {o: _coauthor_of(graph, o) for o in ("ann", "bob", "cat")} == {
        "ann": "chao-ma", "bob": "chao-ma-physics", "cat": "chao-ma"}


def test_without_a_people_file_one_name_is_one_person_with_a_warning_at_each_join(tmp_path):
    _department(tmp_path)
    report = Report()
    graph = build_files([tmp_path], vocab="vivo", base=BASE, report=report)
    assert {o: _coauthor_of(graph, o) for o in ("ann", "bob", "cat")} == {"ann": "chao-ma", "bob": "chao-ma",
                                                                             "cat": "chao-ma"}
    messages = [str(d) for d in report.sorted()]
    assert len(messages) == 2
    first = [f for f in ("ann", "bob", "cat") if not any(m.startswith(f"{tmp_path}/{f}.yaml:") for m in messages)]
    assert len(first) == 1  # the others are each joined with that one, and told where it is
    for message in messages:
        assert message.endswith(f"warning: people.cm: 'Chao Ma' is taken to be the 'Chao Ma' of "
                                f"{tmp_path}/{first[0]}.yaml:3:7 by the name alone; if they are two people, give "
                                "ORCID iDs or tell them apart in the people file (named_by)")


def test_two_entries_of_one_name_need_an_orcid_id_or_named_by(tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text("chao-ma: {name: Chao Ma}\nchao-ma-2: {name: chao  MA}\nzed: {name: Zed, named_by: zed}\n")
    with pytest.raises(CVInputError) as raised:
        load_people(people)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{people}:3:28: zed.named_by: a list of member keys (each CV's person.key)"]
    people.write_text("chao-ma: {name: Chao Ma}\nchao-ma-2: {name: chao  MA}\n")
    with pytest.raises(CVInputError) as raised:
        load_people(people)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{people}:2:19: chao-ma-2.name: 'chao  MA' is also the name of chao-ma: to keep two people of one name "
        "apart, give one an ORCID iD or say which members' CVs mean it (named_by: [KEY, ...])"]
    people.write_text("chao-ma: {name: Chao Ma}\nchao-ma-2: {name: Chao Ma, named_by: [bob]}\n")
    loaded = load_people(people)
    assert sorted(loaded) == ["chao-ma", "chao-ma-2"] and loaded.named_by == {"chao-ma-2": ("bob",)}


def test_the_people_file_joins_every_spelling_it_lists(tmp_path):
    for owner, spelling in (("ann", "E Weinan"), ("bob", "Weinan E"), ("cat", "W. E")):
        (tmp_path / f"{owner}.yaml").write_text(
            f"person: {{key: {owner}, name: {owner.title()} X}}\npeople:\n  we: {{name: {spelling}}}\n"
            f"works:\n  - {{key: w-{owner}, type: other, title: Paper of {owner}, authors: [{owner}, we], date: 2020}}\n")
    people = tmp_path.parent / "people-spellings.yaml"
    people.write_text("weinan-e: {name: Weinan E, other_names: [E Weinan, W. E]}\n")
    report = Report()
    graph = build_files([tmp_path], vocab="vivo", base=BASE, people_file=people, report=report)
    assert [str(d) for d in report.sorted()] == []
    assert {_coauthor_of(graph, o) for o in ("ann", "bob", "cat")} == {"weinan-e"}
    labels = sorted(line for line in graph.lines if line.startswith(f"<{BASE}person/weinan-e> ") and "Label" in line
                    or line.startswith(f"<{BASE}person/weinan-e> <http://www.w3.org/2000/01/rdf-schema#label>"))
    assert f'<{BASE}person/weinan-e> <http://www.w3.org/2000/01/rdf-schema#label> "Weinan E" .' in labels
    # every spelling a CV wrote is kept as another name of the one person
    alt = {line.split(" ", 2)[2] for line in labels if "altLabel" in line}
    assert alt == {'"E Weinan" .', '"W. E" .'}

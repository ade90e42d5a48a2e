"""cvld check as a user reads it: grouped lines that say what to do, --verbose, --format json,
folders, the homepage rule shared with build, the starter for any name, other tools' section names."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import SEED_CV
from cvld.api import check_files, starter_cv
from cvld.cli.main import main
from cvld.core.diagnostics import Diagnostic, Location, group_findings
from cvld.core.text import slugify


def _check(capsys, *argv) -> tuple[int, list[str], str]:
    status = main(["check", *map(str, argv)])
    captured = capsys.readouterr()
    return status, captured.err.splitlines(), captured.out


# --- grouping ---------------------------------------------------------------------------------


def test_the_example_cv_gets_a_short_grouped_list(capsys):
    status, lines, out = _check(capsys, SEED_CV)
    assert status == 0 and out == ""
    assert lines[-1] == "1 file(s) checked: 0 error(s), 69 warning(s)"
    assert len(lines) == 10
    assert lines[2] == (
        f"{SEED_CV}:43:13: warning: people.weinan-e: Google recommends a url for every author of an Article "
        "(Weinan E, author of 13 works): add people.weinan-e.homepage [and 16 more like it: people.chao-ma "
        "(line 45), people.stephan-wojtowytsch (line 46), people.huan-lei (line 47), ... (--verbose lists each)]")
    assert lines[5] == (
        f"{SEED_CV}:109:5: warning: works[0]: Google recommends image on an Article: add works[0].image "
        "(a figure's or thumbnail's URL) [and 18 more like it: works[1] (line 120), works[2] (line 129), "
        "works[3] (line 139), ... (--verbose lists each)]")
    # a group of three lists its other places and needs no --verbose
    assert lines[3] == (
        f"{SEED_CV}:63:5: warning: education[0]: ORCID has no place for advisors or mentors: they are left out of "
        "the ORCID XML [and 2 more like it: education[1] (line 71), education[2] (line 78)]")
    assert not any("dateModified, image" in line for line in lines)


def test_verbose_prints_every_finding_and_the_same_summary(capsys):
    _, grouped, _ = _check(capsys, SEED_CV)
    status, lines, _ = _check(capsys, "--verbose", SEED_CV)
    assert status == 0
    assert len(lines) == 70 and lines[-1] == grouped[-1]
    assert sum(": add people." in line for line in lines) == 17
    assert f"{SEED_CV}:282:5: warning: works[18]: Google recommends image on an Article: add works[18].image " \
           "(a figure's or thumbnail's URL)" in lines


def test_errors_are_never_grouped(tmp_path, capsys):
    path = tmp_path / "cv.yaml"
    data = yaml.safe_load(SEED_CV.read_text(encoding="utf-8"))
    data["works"][0]["date"] = "2019-13"
    data["works"][1]["date"] = "2019-14"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    status, lines, _ = _check(capsys, "-q", path)
    assert status == 1
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        "works[0].date: impossible date '2019-13': month 13 is not 1-12",
        "works[1].date: impossible date '2019-14': month 14 is not 1-12"]


def test_group_findings_keys_on_code_then_on_the_message_without_its_quoted_values():
    a = Diagnostic(Location("f", 1, 1, "works[0]"), "no DOI for 'x' (see it)", "warning")
    b = Diagnostic(Location("f", 2, 1, "works[1]"), "no DOI for 'y' (or it)", "warning")
    c = Diagnostic(Location("f", 3, 1, "people.a"), "url for A", "warning", "code-1")
    d = Diagnostic(Location("f", 4, 1, "people.b"), "url for B", "warning", "code-1")
    e = Diagnostic(Location("g", 1, 1, "works[0]"), "no DOI for 'z'", "warning")
    groups = group_findings([a, c, b, d, e])
    assert [g.members for g in groups] == [(a, b), (c, d), (e,)]
    assert groups[0].places() == "works[0] (line 1), works[1] (line 2)"
    many = group_findings([Diagnostic(Location("f", n, 1, f"w[{n}]"), "m", "warning") for n in range(1, 6)])
    assert many[0].places() == "w[1] (line 1), w[2] (line 2), w[3] (line 3), ..."
    assert many[0].places(None).count("line") == 5


# --- JSON ------------------------------------------------------------------------------------


def test_format_json_lists_every_finding_with_its_place_and_code(capsys):
    status, lines, out = _check(capsys, "--format", "json", SEED_CV)
    assert status == 0 and lines == []
    document = json.loads(out)
    assert list(document) == ["version", "files_checked", "errors", "warnings", "exit_status", "unreadable",
                              "findings"]
    assert (document["version"], document["files_checked"], document["errors"], document["warnings"],
            document["exit_status"], document["unreadable"]) == (1, 1, 0, 69, 0, [])
    assert len(document["findings"]) == 69
    assert document["findings"][2] == {
        "file": str(SEED_CV), "line": 43, "column": 13, "path": "people.weinan-e", "severity": "warning",
        "code": "google-Article-author.url",
        "message": "Google recommends a url for every author of an Article (Weinan E, author of 13 works): "
                   "add people.weinan-e.homepage"}
    assert all(set(f) == {"file", "line", "column", "path", "severity", "code", "message"}
               for f in document["findings"])


def test_format_json_of_invalid_and_unreadable_input(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("person: {key: x, name: X, homepage: https://x.example/}\npublications: []\n", encoding="utf-8")
    status, _, out = _check(capsys, "--format", "json", "-q", bad, tmp_path / "missing.yaml")
    document = json.loads(out)
    assert status == 2 == document["exit_status"]
    assert document["files_checked"] == 1 and document["errors"] == 1
    assert len(document["unreadable"]) == 1 and "missing.yaml" in document["unreadable"][0]
    assert document["findings"] == [{
        "file": str(bad), "line": 2, "column": 1, "path": "publications", "severity": "error",
        "code": "unknown-section",
        "message": "unknown section 'publications': cvld calls it 'works'; move the entries there"}]


# --- folders, homepage -------------------------------------------------------------------------


def test_check_takes_folders_as_build_does(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text(SEED_CV.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(starter_cv("Ada Lovelace"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a CV", encoding="utf-8")
    status, lines, _ = _check(capsys, "-q", tmp_path)
    assert status == 0 and lines == ["2 file(s) checked: 0 error(s), 76 warning(s)"]
    empty = tmp_path / "empty"
    empty.mkdir()
    status, lines, _ = _check(capsys, empty)
    assert status == 2
    assert lines[0] == f"cvld: {empty}: a folder with no CV files (.yaml, .yml, .json)"


def test_what_check_passes_build_builds(tmp_path, capsys):
    """A CV without a homepage checks with a warning and builds, without the tags that need the address."""
    data = yaml.safe_load(SEED_CV.read_text(encoding="utf-8"))
    del data["person"]["homepage"]
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report, _, _ = check_files([path])
    assert report.errors == []
    [warning] = [d for d in report.warnings if d.code == "no-homepage"]
    assert (warning.location.path, warning.message) == ("person", (
        "homepage: not given, so the site is made without canonical links, og:url, sitemap.xml or robots.txt "
        "(they need the address it is published at): add person.homepage (https://...)"))
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    site = tmp_path / "out" / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "robots.txt").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in index and "og:url" not in index
    assert (site / "papers" / "wu2019global" / "index.html").is_file()
    # with a base both check it and build it under that address, and nothing is missing
    report, _, _ = check_files([path], base="https://dept.example.edu/lei/")
    assert not [d for d in report.diagnostics if d.code == "no-homepage"]
    assert main(["build", str(path), "-o", str(tmp_path / "out2"), "--base", "https://dept.example.edu/lei/"]) == 0
    assert (tmp_path / "out2" / "site" / "sitemap.xml").is_file()
    capsys.readouterr()
    assert _check(capsys, "--base", "ftp://x", path)[0] == 2


# --- the starter ------------------------------------------------------------------------------


NAMES = ["Ada Lovelace", "Mary Somerville", "Mary Somerville 2", "Prince", "李雷", "Zoë \"Z\" O'Brien #1: - [x]",
         "!!!", "  Émilie   du Châtelet  ", "Null", "true", "- a", "Ada Lovelace\\"]


@pytest.mark.parametrize("name", NAMES)
def test_the_starter_for_any_name_passes_check(name, tmp_path):
    path = tmp_path / f"{slugify(name)}.yaml"
    path.write_text(starter_cv(name), encoding="utf-8")
    report, cvs, unreadable = check_files([path])
    assert report.errors == [] and unreadable == []
    [cv] = cvs
    assert cv.owner.name == " ".join(name.split())
    assert [a.person.name for a in cv.works[0].authors] == [cv.owner.name, "Mary Somerville"]


def test_init_then_check_as_the_readme_says(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "Ada Lovelace"]) == 0
    capsys.readouterr()
    status, lines, _ = _check(capsys, "ada-lovelace.yaml")
    assert status == 0 and lines[-1].startswith("1 file(s) checked: 0 error(s), ")


# --- other tools' section names ------------------------------------------------------------------


@pytest.mark.parametrize("section, own", [
    ("publications", "'works'"), ("papers", "'works'"), ("talks-invited", None), ("presentations", "'talks'"),
    ("Invited Talks", "'talks'"), ("courses", "'teaching'"), ("jobs", "'positions'"), ("employment", "'positions'"),
    ("work", "'positions'"), ("basics", "'person'"), ("interests", "'interests' under 'person'"),
    ("organizations", "'organisations'"), ("honors", "'awards'"), ("Honours", "'awards'"), ("funding", "'grants'"),
    ("students", "'supervision'"), ("societies", "'memberships'"),
])
def test_other_tools_section_names_point_at_cvlds_own(section, own, tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(starter_cv("Ada Lovelace") + f"{section!r}: []\n", encoding="utf-8")
    report, _, _ = check_files([path])
    [error] = report.errors
    assert error.location.path == section and error.location.column == 1
    if own is None:
        assert error.message.startswith(f"unknown field '{section}'")
        assert error.code == "schema-additionalProperties"
    else:
        assert error.message == f"unknown section '{section}': cvld calls it {own}; move the entries there"
        assert error.code == "unknown-section"


def test_a_section_cvld_does_not_have_says_so(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(starter_cv("Ada Lovelace") + "skills: [Python]\n", encoding="utf-8")
    [error] = check_files([path])[0].errors
    assert error.message == ("unknown section 'skills': cvld has no section for skills; keep the entries in a "
                             "YAML comment until it does, or move what fits to works, talks or service")

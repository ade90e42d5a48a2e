"""Nothing lost, nothing written elsewhere: safe file names, atomic trees, inputs never overwritten."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cvld.api import load_cv
from cvld.cli.main import main
from cvld.core.diagnostics import Report
from cvld.core.io import safe_name, write_tree_atomic
from cvld.core.text import KEY_RE as SAFE_NAME

LONG = "a" * 70
CV_TEXT = f"""person: {{key: ada, name: Ada}}
organisations:
  o: {{name: "{LONG} Institute of Things", ror: 00hx57361}}
education:
  - {{kind: visiting, key: same, organisation: o, start: 2001, role: Visitor}}
positions:
  - {{kind: visiting, key: same, organisation: o, start: 2002, title: Visitor}}
  - {{organisation: {{name: "{LONG} University of Everything Everywhere"}}, start: 2003, title: "{LONG} Professor"}}
works:
  - {{key: talk-t-2020, type: other, title: W, authors: [ada], date: 2020}}
  - {{key: "{'w' * 80}", type: other, title: W2, authors: [ada], date: 2020}}
talks:
  - {{key: t, title: T, given: [{{date: 2020}}]}}
  - {{key: "{'t' * 80}", title: T2, given: [{{date: 2020-01-02}}, {{date: 2020-01-02}}]}}
"""


def test_every_orcid_file_name_is_safe_unique_and_stable(tmp_path):
    from cvld.orcid.write import documents, files

    source = tmp_path / "cv.yaml"
    source.write_text(CV_TEXT)
    cv = load_cv(source, Report())
    out = files(cv)
    assert len(out) == len(documents(cv)) + 2  # every document kept, plus the bulk file and works.bib
    for relative in out:
        folder, _, name = relative.rpartition("/")
        assert SAFE_NAME.match(name.removesuffix(".xml")), relative
    assert {"invited-positions/same.xml", "invited-positions/same-2.xml", "works/talk-t-2020.xml",
            "works/talk-t-2020-2.xml"} <= set(out)
    assert files(load_cv(source, Report())) == out
    assert main(["orcid", str(source), "-o", str(tmp_path / "out")]) == 0
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == sorted(out)


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "a\x00b", "x" * 300, "Paper", "a/b", "..", ".hidden", ""])
def test_safe_name_is_a_key_and_stable(name):
    assert SAFE_NAME.match(safe_name(name)) and ".." not in safe_name(name)
    assert safe_name(name) == safe_name(name)


def test_safe_name_keeps_distinct_names_distinct():
    names = ["../../x", "x", "X", "a" * 100, "a" * 101, "a\x00b", "a-b", "a/b"]
    assert len({safe_name(n) for n in names}) == len(names)


@pytest.mark.parametrize("relative, message", [
    ("../../x", "refusing to write outside the output folder: '../../x'"),
    ("/tmp/x", "refusing to write outside the output folder: '/tmp/x'"),
    ("a/../../x", "refusing to write outside the output folder: 'a/../../x'"),
    ("a\x00b", "refusing to write outside the output folder: 'a\\x00b'"),
    ("a\\..\\x", "refusing to write outside the output folder: 'a\\\\..\\\\x'"),
    ("x" * 256, f"refusing to write outside the output folder: '{'x' * 256}'"),
])
def test_write_tree_atomic_refuses_escaping_paths_and_keeps_the_old_tree(tmp_path, relative, message):
    target = tmp_path / "out"
    write_tree_atomic(target, {"old.txt": "old"})
    with pytest.raises(ValueError) as caught:
        write_tree_atomic(target, {"fine.txt": "new", relative: "evil"})
    assert str(caught.value) == message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert [p.name for p in target.iterdir()] == ["old.txt"]


def test_write_tree_atomic_refuses_names_differing_only_by_case(tmp_path):
    with pytest.raises(ValueError) as caught:
        write_tree_atomic(tmp_path / "out", {"works/a.xml": "1", "works/A.xml": "2"})
    assert str(caught.value) == "two output files differ only by case: 'works/a.xml' and 'works/A.xml'"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["jsonld", "{cv}", "-o", "{cv}"], ["graph", "{cv}", "-o", "{cv}"],
                                     ["init", "Ada", "-o", "{cv}"],
                                     ["orcid", "{cv}", "-o", "{dir}"], ["build", "{cv}", "-o", "{dir}"],
                                     ["site", "{cv}", "-o", "{dir}"]])
def test_an_input_file_is_never_overwritten(tmp_path, capsys, command):
    cv = tmp_path / "cv.yaml"
    cv.write_text(CV_TEXT)
    before = cv.read_bytes()
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "cv.yaml").write_text(CV_TEXT)  # the input inside the output folder
    argv = [a.format(cv=cv, dir=folder) for a in command]
    if command[0] in ("orcid", "build", "site"):
        argv[1] = str(folder / "cv.yaml")
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert "is an input" in err or "holds the input" in err or "exists already" in err
    assert cv.read_bytes() == before and (folder / "cv.yaml").read_text() == CV_TEXT


QUIET = {"orcid": ["-q"], "build": ["--base", "https://example.org/ada/"]}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", ["orcid", "build"])
def test_a_killed_build_leaves_the_old_or_the_new_tree(tmp_path, command):
    """SIGKILL ``cvld orcid``/``cvld build`` at seeded random moments: DIR is always one whole tree."""
    old_cv, new_cv = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old_cv.write_text(CV_TEXT)
    new_cv.write_text(Path(__file__).resolve().parent.parent.joinpath("data", "lei-wu.yaml").read_text())
    out = tmp_path / "out"
    assert main([command, str(old_cv), "-o", str(out)] + QUIET[command]) == 0
    old = _tree(out)
    assert main([command, str(new_cv), "-o", str(tmp_path / "ref")] + QUIET[command]) == 0
    new = _tree(tmp_path / "ref")
    rng = random.Random(20261128)
    argv = [sys.executable, "-m", "cvld", command, str(new_cv), "-o", str(out)] + QUIET[command]
    outcomes = set()
    for _ in range(6):
        process = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _tree(out)
        assert now in (old, new)
        outcomes.add("new" if now == new else "old")
        if now == new:  # start over from the old tree
            assert main([command, str(old_cv), "-o", str(out)] + QUIET[command]) == 0
    assert os.listdir(tmp_path).count("out") == 1


RESERVED_WORKS_CV = """person: {key: ada, name: Ada Lovelace, homepage: 'https://example.org/ada/'}
works:
  - {key: con, type: journal-article, title: On Con, authors: [ada], date: 2001}
  - {key: nul.x, type: journal-article, title: On Nul, authors: [ada], date: 2002}
  - {key: lpt1, type: journal-article, title: On Lpt, authors: [ada], date: 2003}
  - {key: aux., type: journal-article, title: On Aux, authors: [ada], date: 2004}
  - {key: plain, type: journal-article, title: On Plain, authors: [ada], date: 2005}
"""
# each folder is safe_name(key): the key itself when it is a name every system keeps
PAPER_FOLDERS = {"con": "con-1143da2bc5", "nul.x": "nul-x-4f25bf6548", "lpt1": "lpt1-cfbdeb88d7",
                 "aux.": "aux-8c04f93a4f", "plain": "plain"}


def test_paper_folders_go_through_the_one_name_rule_and_every_link_follows(tmp_path):
    import json
    import re

    import lxml.html

    from cvld.rdf.build import build_graph

    source = tmp_path / "cv.yaml"
    source.write_text(RESERVED_WORKS_CV, encoding="utf-8")
    assert main(["site", str(source), "-o", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()) == sorted(
        ["index.html", "robots.txt", "sitemap.xml", "style.css"]
        + [f"papers/{folder}/{name}" for folder in PAPER_FOLDERS.values() for name in ("cite.bib", "index.html")])
    assert {safe_name(key) for key in PAPER_FOLDERS} == set(PAPER_FOLDERS.values())
    index = lxml.html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    links = [href for href in index.xpath("//a/@href") if href.startswith("papers/")]
    assert sorted(links) == sorted(f"papers/{folder}/{name}" for folder in PAPER_FOLDERS.values()
                                   for name in ("index.html", "cite.bib"))
    assert all((site / link).is_file() for link in links)
    sitemap = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sitemap == ["https://example.org/ada/"] + [f"https://example.org/ada/papers/{PAPER_FOLDERS[k]}/"
                                                      for k in ("con", "nul.x", "lpt1", "aux.", "plain")]
    cv = load_cv(source, Report())
    ntriples = build_graph([cv], vocab="schema").ntriples()
    for key, folder in PAPER_FOLDERS.items():
        page = lxml.html.document_fromstring((site / "papers" / folder / "index.html").read_text(encoding="utf-8"))
        url = f"https://example.org/ada/papers/{folder}/"
        assert page.xpath("//link[@rel='canonical']/@href") == [url]
        assert page.xpath("//meta[@property='og:url']/@content") == [url]
        doc = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
        assert (doc["@id"], doc["mainEntityOfPage"]) == (f"{url}#work", url)
        assert f"<{url}#work> <http://schema.org/headline>" in ntriples  # the graph names the work alike
    assert main(["check", "-q", str(source)]) == 0


def test_a_key_equal_to_another_keys_safe_name_is_refused_at_its_line(tmp_path, capsys):
    """``con`` is written as ``con-1143da2bc5``; a second work keyed ``con-1143da2bc5`` would share its
    folder (and its ORCID file, its IRI): refused where it is written, not one page silently lost."""
    source = tmp_path / "cv.yaml"
    text = RESERVED_WORKS_CV.replace(
        "  - {key: plain,", "  - {key: con-1143da2bc5, type: journal-article, title: Twin, authors: [ada], date: 2006}\n"
                           "  - {key: plain,")
    source.write_text(text, encoding="utf-8")
    line = text.splitlines().index(
        "  - {key: con-1143da2bc5, type: journal-article, title: Twin, authors: [ada], date: 2006}") + 1
    assert main(["check", "-q", str(source)]) == 1
    assert (f"{source}:{line}:11: works[4].key: key 'con-1143da2bc5' would be written under the same "
            "file name 'con-1143da2bc5' as works[0] ('con'); rename one of them") in capsys.readouterr().err
    assert main(["site", str(source), "-o", str(tmp_path / "site")]) == 1 and not (tmp_path / "site").exists()

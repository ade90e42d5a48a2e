"""`cvld import`: output that passes `cvld check`, merging (idempotent, nothing hand-written overwritten),
never overwriting an input, exit statuses."""

from __future__ import annotations

import shutil

import pytest

from cvld.api import check_files
from cvld.cli.main import main
from conftest import SEED_CV, shared_path

ALL_CORPUS = [
    ("bibtex", ("al-folio", "papers.excerpt.bib"), "Chenxi Qiu", 21),
    ("bibtex", ("academic-file-converter", "article.bib"), "Nelson Bigetti", 1),
    ("bibtex", ("academic-file-converter", "report.bib"), "Nelson Bigetti", 2),
    ("bibtex", ("citation-js", "orcid.bib"), "Lars G. Willighagen", 1),
    ("bibtex", ("hugo-blox", "journal-article.cite.bib"), "Nelson Bighetti", 1),
    ("bibtex", ("manubot", "bibliography.bib"), "Casey S. Greene", 2),  # a paper, and an undated blog post
    ("csl", ("manubot", "arxiv-joss.csl.json"), "Daniel S. Katz", 1),
    ("cff", ("cffconvert", "CITATION.cff"), "Jurriaan H. Spaaks", 2),  # the software, and a reference he wrote
    ("cff", ("citation-file-format", "CITATION.cff"), "Stephan Druskat", 1),
    ("cff", ("citation-js", "CITATION.cff"), "Lars Willighagen", 2),
    ("jsonresume", ("jsonresume", "sample.resume.json"), None, 1),
    ("orcid", ("orcid-model", "work-full-3.0.xml"), "Laure L. Haak", 1),
    ("orcid", ("orcid-model", "education-3.0.xml"), "Laure L. Haak", 0),
    ("orcid", ("orcid-model", "employment-3.0.xml"), "Laure L. Haak", 0),
]


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("format, parts, me, works", ALL_CORPUS, ids=["/".join(c[1]) for c in ALL_CORPUS])
def test_every_corpus_file_imports_to_a_cv_that_passes_check(format, parts, me, works, tmp_path, capsys):
    out = tmp_path / "cv.yaml"
    argv = ["import", format, str(shared_path("corpus", *parts)), "-o", str(out), "-q"] + (["--me", me] if me else [])
    status, _, err = run(capsys, *argv)
    assert status == 0, err
    assert err.endswith(f"wrote {out} ({works} work(s) read)\n")
    report, cvs, unreadable = check_files([out])
    assert not report.errors and not unreadable
    assert len(cvs[0].works) == works
    again = tmp_path / "again.yaml"
    run(capsys, *argv[:-3 if me else -1], "-o", str(again), "-q", *(["--me", me] if me else []))
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_fresh_output_layout(tmp_path, capsys):
    status, out, _ = run(capsys, "import", "bibtex", str(shared_path("corpus", "hugo-blox", "journal-article.cite.bib")),
                         "--me", "Bighetti, Nelson")
    assert status == 0
    assert out == """# yaml-language-server: $schema=https://w3id.org/cvld/schema/cv/1.0
# Imported by cvld from journal-article.cite.bib (bibtex); check it with: cvld check FILE

person:
  key: nelson-bighetti
  name: Nelson Bighetti
  given_name: Nelson
  family_name: Bighetti

people:
  robert-ford: {name: Robert Ford, given_name: Robert, family_name: Ford}

works:
  - key: example2
    type: journal-article
    title: An example journal article
    authors: [nelson-bighetti, robert-ford]
    venue: {name: Journal of Source Themes}
    volume: 1
    issue: 1
    date: 2015
"""


def test_merging_the_same_bib_twice_leaves_the_cv_unchanged(tmp_path, capsys):
    cv = tmp_path / "lei-wu.yaml"
    shutil.copy(SEED_CV, cv)
    bib = str(shared_path("corpus", "al-folio", "papers.excerpt.bib"))
    once, twice = tmp_path / "once.yaml", tmp_path / "twice.yaml"
    assert run(capsys, "import", "bibtex", bib, "--into", str(cv), "-o", str(once), "-q")[0] == 0
    assert run(capsys, "import", "bibtex", bib, "--into", str(once), "-o", str(twice), "-q")[0] == 0
    assert twice.read_bytes() == once.read_bytes()
    assert cv.read_bytes() == SEED_CV.read_bytes()  # the input is never touched
    report, (merged,), _ = check_files([once])
    assert not report.errors
    assert len(merged.works) == 19 + 21
    assert merged.works[0].key == "e2020towards"  # the CV's own works first, as they were
    # every line of the hand-written CV is kept as it was (comments and layout included): lines are only added
    import difflib

    seed_lines = SEED_CV.read_text(encoding="utf-8").splitlines()
    merged_lines = once.read_text(encoding="utf-8").splitlines()
    operations = {op for op, *_ in difflib.SequenceMatcher(None, seed_lines, merged_lines, autojunk=False).get_opcodes()}
    assert operations == {"equal", "insert"}


def test_round_trip_of_the_example_cv_through_bibtex_changes_nothing(tmp_path, capsys, lei_wu):
    from cvld.bibtex.write import dumps_bibtex

    bib = tmp_path / "works.bib"
    bib.write_text(dumps_bibtex(lei_wu), encoding="utf-8")
    cv = tmp_path / "lei-wu.yaml"
    shutil.copy(SEED_CV, cv)
    status, _, err = run(capsys, "import", "bibtex", str(bib), "--into", str(cv), "--in-place")
    assert status == 0
    assert err.endswith(f"{cv} is up to date; not rewritten\n")
    assert cv.read_bytes() == SEED_CV.read_bytes()
    assert not (tmp_path / "lei-wu.yaml.bak").exists()


def test_merge_updates_fills_in_and_shows_differences(tmp_path, capsys):
    cv = tmp_path / "lei-wu.yaml"
    shutil.copy(SEED_CV, cv)
    bib = tmp_path / "new.bib"
    bib.write_text("""@inproceedings{wu2018how,
  author = {Wu, Lei and Ma, Chao and E, Weinan},
  title = {How {SGD} selects the global minima in over-parameterized learning: A dynamical stability perspective},
  booktitle = {Advances in Neural Information Processing Systems 31},
  pages = {8279--8288},
  year = {2018},
}
@article{lei2020nonnewtonian,
  author = {Lei, Huan and Wu, Lei and E, Weinan},
  title = {Machine learning based non-{N}ewtonian fluid model with molecular fidelity},
  journal = {Physical Review E}, volume = {102}, number = {4}, year = {2020},
  doi = {10.1103/PhysRevE.102.043309},
}
@misc{wu2021new,
  author = {Lei Wu and Jingfeng Wu},
  title = {A new preprint},
  year = {2021}, eprint = {2101.00001}, archivePrefix = {arXiv},
}
""", encoding="utf-8")
    status, _, err = run(capsys, "import", "bibtex", str(bib), "--into", str(cv), "--in-place")
    assert status == 0
    lines = err.splitlines()
    assert f"{cv}:218:5: works[10].venue: differs: the CV has 'name: Advances in Neural Information Processing " \
           "Systems; short: NeurIPS', the import 'name: Advances in Neural Information Processing Systems 31' " \
           "(kept; an import that overwrites replaces it)" in lines
    assert "import: 1 value(s) that differ were kept as the CV has them; --overwrite replaces them" in lines
    assert f"{cv}:211:5: works[10].pages: added '8279\u20138288'" in lines
    assert f"{cv}:120:5: works[1].doi: added '10.1103/PhysRevE.102.043309'" in lines
    assert f"{cv}:120:5: works[1].issue: added '4'" in lines
    assert lines[-1] == f"updated {cv} (the previous version is in {cv}.bak)"
    assert (tmp_path / "lei-wu.yaml.bak").read_bytes() == SEED_CV.read_bytes()
    report, (merged,), _ = check_files([cv])
    assert not report.errors
    assert len(merged.works) == 20  # two matched (by title and year), one added
    sgd = merged.work("wu2018sgd")
    assert sgd.venue.short == "NeurIPS" and sgd.pages == "8279\u20138288"
    assert merged.work("lei2020nonnewtonian").doi == "10.1103/PhysRevE.102.043309"
    new = merged.work("wu2021new")
    assert [a.person.key for a in new.authors] == ["lei-wu", "jingfeng-wu"]  # existing people, not new ones
    assert str(new.arxiv) == "2101.00001"
    # with --overwrite the import's venue replaces the hand-written one
    status, _, err = run(capsys, "import", "bibtex", str(bib), "--into", str(cv), "--in-place", "--overwrite")
    assert status == 0
    assert f"{cv}:220:5: works[10].venue: replaced 'name: Advances in Neural Information Processing Systems 31'" \
        in err.splitlines()
    assert "were kept" not in err
    _, (merged,), _ = check_files([cv])
    assert merged.work("wu2018sgd").venue.name == "Advances in Neural Information Processing Systems 31"


def test_input_files_are_never_overwritten(tmp_path, capsys):
    cv = tmp_path / "cv.yaml"
    shutil.copy(SEED_CV, cv)
    bib = shared_path("corpus", "hugo-blox", "journal-article.cite.bib")
    status, _, err = run(capsys, "import", "bibtex", str(bib), "--into", str(cv), "-o", str(cv))
    assert status == 2
    assert err == (f"cvld: {cv} is an input; cvld never overwrites its inputs "
                   "(use --into CV --in-place, which keeps a backup)\n")
    assert cv.read_bytes() == SEED_CV.read_bytes()
    assert run(capsys, "import", "bibtex", str(bib), "--in-place", "--me", "X Y")[0] == 2


def test_exit_statuses(tmp_path, capsys):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{a, title = {T}, author = {Wu, Lei}, year = 2020, month = foo}\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    status, _, err = run(capsys, "import", "bibtex", str(bad), "--me", "Lei Wu", "--strict", "-o", str(out))
    assert status == 1
    assert err.splitlines() == [
        f"{bad}:1:59: warning: a.month: unknown macro 'foo' (not defined by @string); field left out",
        f"import: 1 problem(s) in {bad}; nothing written (--strict)",
    ]
    assert not out.exists()
    assert run(capsys, "import", "bibtex", str(bad), "--me", "Lei Wu", "-o", str(out))[0] == 0
    empty = tmp_path / "empty.bib"
    empty.write_text("% nothing here\n", encoding="utf-8")
    status, _, err = run(capsys, "import", "bibtex", str(empty), "--me", "Lei Wu")
    assert (status, err) == (1, f"{empty}: nothing to import: no work, education, position, service, award, grant, supervision or membership could be read\n")
    status, _, err = run(capsys, "import", "bibtex", str(bad))
    assert (status, err) == (2, "cvld: import: whose CV this is is not known: name the owner, by name or ORCID iD, or "
                                "import into their CV (--me \"NAME\" or --me-orcid ID, or --into CV.yaml)\n")
    status, _, err = run(capsys, "import", "bibtex", str(tmp_path / "missing.bib"), "--me", "Lei Wu")
    assert status == 2 and "missing.bib: cannot read" in err
    assert run(capsys, "import", "endnote", str(bad), "--me", "Lei Wu")[0] == 2
    status, _, err = run(capsys, "import", "bibtex", str(bad), "--me-orcid", "0000-0002-1825-0097")
    assert (status, err) == (2, f"cvld: import: no author in {bad} has ORCID iD 0000-0002-1825-0097; name the owner "
                                "as well (--me \"NAME\")\n")


@pytest.mark.parametrize("parts, works, me", [(("read_samples", "record-full-3.0.json"), 1, []),  # a record names its owner
                                              (("write_samples", "bulk-works-3-works-3.0.json"), 3, ["--me", "Jordan"]),
                                              (("write_samples", "work-51-contributors-3.0.json"), 1, ["--me", "Jordan"])])
def test_orcid_json_samples_import_to_a_cv_that_passes_check(parts, works, me, tmp_path, capsys):
    out = tmp_path / "cv.yaml"
    status, _, err = run(capsys, "import", "orcid", str(shared_path("orcid", "samples", *parts)), *me,
                         "-o", str(out), "-q")
    assert status == 0, err
    report, (cv,), _ = check_files([out])
    assert not report.errors and len(cv.works) == works


def test_merge_keeps_another_persons_details_out_and_puts_new_sections_in_order(tmp_path, capsys):
    cv = tmp_path / "cv.yaml"
    cv.write_text("person: {key: lei-wu, name: Lei Wu}\n\nworks:\n"
                  "  - {key: x, type: other, title: X, authors: [lei-wu], date: 2020}\n", encoding="utf-8")
    status, out, err = run(capsys, "import", "jsonresume", str(shared_path("corpus", "jsonresume", "sample.resume.json")),
                           "--into", str(cv))
    assert status == 0
    assert f"{cv}:1:1: person: the import names 'Richard Hendriks', not 'Lei Wu': their personal details are not merged" \
        in err.splitlines()
    assert out.startswith("person: {key: lei-wu, name: Lei Wu}\norganisations:\n")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        "person: {key: lei-wu, name: Lei Wu}", "organisations:", "education:", "positions:", "", "works:", "awards:"]
    assert out.endswith("awards:\n  - name: Digital Compression Pioneer Award\n    organisation: techcrunch\n"
                        "    date: \"2014-11-01\"\n    description: There is no spoon.\n")
    assert "    authors: [lei-wu]\n    venue: {name: Hooli}\n" in out


def test_owner_by_orcid_from_a_biblatex_annotation(capsys):
    status, out, _ = run(capsys, "import", "bibtex", str(shared_path("corpus", "citation-js", "orcid.bib")),
                         "--me-orcid", "https://orcid.org/0000-0003-1148-7419", "-q")
    assert status == 0
    assert "person:\n  key: eelke-jongejans\n  name: Eelke Jongejans\n  given_name: Eelke\n  family_name: Jongejans\n" \
           "  orcid: 0000-0003-1148-7419\n" in out
    assert "    authors: [lars-g-willighagen, eelke-jongejans]\n" in out


def test_merging_an_award_twice_keeps_one(tmp_path, capsys):
    cv = tmp_path / "cv.yaml"
    cv.write_text("person: {key: richard-hendriks, name: Richard Hendriks}\n"
                  "awards:\n  - {name: Digital Compression Pioneer Award, date: 2014}\n", encoding="utf-8")
    source = str(shared_path("corpus", "jsonresume", "sample.resume.json"))
    status, out, _ = run(capsys, "import", "jsonresume", source, "--into", str(cv))
    assert status == 0
    assert out.count("Digital Compression Pioneer Award") == 1
    assert "  - {name: Digital Compression Pioneer Award, organisation: techcrunch, date: 2014, description: There is no " \
           "spoon.}\n" in out


@pytest.mark.parametrize("text, message", [
    ("organisations:\n  - key: vr\n    name: X\n", "5:3: organisations: expected a mapping, found a list: a list"),
    ("works:\n  key: a\n", "5:3: works: expected a list, found a mapping: a mapping"),
    ("grants: 7\n", "4:9: grants: expected a list, found a number: 7"),
])
def test_a_cv_to_merge_into_with_a_section_of_the_wrong_shape_is_its_located_error(tmp_path, capsys, text, message):
    """The merge walks the CV's sections, so it reads the CV as ``cvld check`` does first: a section
    of the wrong shape is reported at its place (exit 1), never a traceback, and nothing is written."""
    cv = tmp_path / "cv.yaml"
    cv.write_text("person:\n  key: m\n  name: M Q\n" + text, encoding="utf-8")
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={T}, author={Q, M}, year={2020}, journal={J}}\n", encoding="utf-8")
    before = cv.read_bytes()
    assert main(["import", "bibtex", str(bib), "--into", str(cv), "--in-place"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{cv}:{message}"]
    assert cv.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["a.bib", "cv.yaml"]

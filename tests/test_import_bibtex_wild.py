"""BibTeX as it is found in the wild (issues 15, 18 and 22): the files of tests/data/bibtex-wild/,
written for this project from those families, with every outcome asserted; the budgets; the owner;
and every CV the import writes passes `cvld check` and builds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cvld.cli.main import main
from cvld.core.diagnostics import CVInputError, Report, UsageError
from cvld.importers import bibtex, import_document

WILD = Path(__file__).resolve().parent / "data" / "bibtex-wild"


def read(name, me="Lei Wu"):
    report = Report()
    document = bibtex.read(WILD / name, me=me, report=report)
    return document, [str(d) for d in report.diagnostics]


def test_fields_and_keys_given_twice_keep_every_entry():
    document, messages = read("duplicates.bib")
    field, preprint, published, meeting = document["works"]
    # BibTeX keeps the first value of a field given twice ("I'm ignoring ... extra field"): so does cvld
    assert field == {"key": "wu2020field", "type": "journal-article", "title": "A field given twice",
                     "authors": ["lei-wu", "chao-ma"], "venue": {"name": "Journal of Twice"}, "date": 2020,
                     "keywords": ["learning", "theory"]}
    assert (preprint["key"], preprint["type"], preprint["arxiv"]) == ("wu2021key", "preprint", "2101.00001")
    assert (published["key"], published["title"], published["date"]) == ("wu2021key-2", "The published paper", 2022)
    assert (meeting["key"], meeting["type"]) == ("wu2021key-3", "conference-paper")
    file = WILD / "duplicates.bib"
    assert messages == [
        f"{file}:8:3: warning: wu2020field.year: field 'year' given again (first at line 6): the first value is kept, "
        "as BibTeX does",
        f"{file}:9:3: warning: wu2020field.keywords: field 'keywords' given again (first at line 7): the first value "
        "is kept, as BibTeX does",
        f"{file}:20:1: warning: wu2021key: entry key 'wu2021key' used again (first at line 12): kept as another work",
        f"{file}:20:1: warning: wu2021key: key 'wu2021key' is taken by an earlier work; written as 'wu2021key-2'",
        f"{file}:27:1: warning: WU2021KEY: key 'WU2021KEY' written as 'wu2021key' (keys are lower-case letters, "
        "digits, '.', '_' and '-')",
        f"{file}:27:1: warning: WU2021KEY: key 'wu2021key' is taken by an earlier work; written as 'wu2021key-3'",
    ]


def test_works_without_an_author_are_kept_and_say_who_stands_for_one():
    document, messages = read("no-author.bib")
    toolkit, proceedings, blog, talk = document["works"]
    assert toolkit == {"key": "toolkit", "type": "other", "title": "A Toolkit for Everything",
                       "authors": ["machine-learning-group"], "date": 2019, "url": "https://example.org/toolkit"}
    assert document["people"]["machine-learning-group"] == {"name": "Machine Learning Group"}
    assert (proceedings["type"], proceedings["authors"]) == ("edited-book", ["lei-wu", "chao-ma"])  # editors: silently
    assert (blog["authors"], blog["url"]) == (["lei-wu"], "https://example.org/notes")
    assert talk["authors"] == ["chao-ma"]
    file = WILD / "no-author.bib"
    assert messages == [
        f"{file}:3:3: warning: toolkit.organization: no author: the organisation 'Machine Learning Group' is imported "
        "as the author",
        f"{file}:15:1: warning: blog: no author: imported with the owner ('Lei Wu') as its author, as it is in the "
        "owner's file; correct the authors if that is wrong",
        f"{file}:22:3: warning: talk2019.editor: no author: the editors are imported as the authors",
    ]


def test_latex_that_broke_pylatexenc_or_python_is_read_or_repaired_at_its_line():
    document, messages = read("latex.bib")
    works = {work["key"]: work for work in document["works"]}
    assert works["href2020"]["title"] == "Code at our site and https://example.org"
    assert works["fics2021"]["title"] == "The FICS of Small Caps: Schrödinger, Café and α-stable"
    assert works["fics2021"]["venue"] == {"name": "Astronomy & Astrophysics"}
    assert works["control2021"]["abstract"] == "It has a control character here: and is otherwise fine."
    assert "venue" not in works["control2021"]  # journal = {} holds nothing
    assert works["unknown2022"]["title"] == "Uses an unknown command" and "venue" not in works["unknown2022"]
    assert [works[k]["title"] for k in ("deep2022", "bold2023", "braces2023")] == ["Deep", "Bold", "Braces"]
    file = WILD / "latex.bib"
    assert messages == [
        f"{file}:16:3: warning: control2021.abstract: control character U+0001 taken out of the value",
        f"{file}:10:3: warning: fics2021.journal: journal macro \\aap read as 'Astronomy & Astrophysics'",
        f"{file}:22:3: warning: unknown2022.title: LaTeX command \\frobnicate not defined in LaTeX: the command is "
        "taken out and its braced text kept (write the text it stands for)",
        f"{file}:23:3: warning: unknown2022.journal: LaTeX command \\jnlunknown not defined in LaTeX: the command is "
        "taken out and its braced text kept (write the text it stands for)",
        f"{file}:23:3: warning: unknown2022.journal: 'journal' has no text once its LaTeX is read; left out",
        *(f"{file}:{line}:3: warning: {key}.title: nested more than 50 levels deep: braces and commands taken off, "
          "not decoded as LaTeX" for line, key in ((28, "deep2022"), (33, "bold2023"), (38, "braces2023"))),
    ]


def test_what_bibtex_tools_read_in_a_messy_file():
    document, messages = read("messy.bib")
    upper, lost, child, biblatex, short = document["works"]
    assert upper == {"key": "upper2019", "type": "journal-article", "title": "Upper-case entry types and field names",
                     "authors": ["lei-wu", "chao-ma"], "venue": {"name": "Journal of Machine Learning Research (Letters)"},
                     "pages": "1\u201310", "date": "2019-08"}  # the '% TODO' line between fields is a comment
    assert (lost["venue"], lost["date"]) == ({"name": "Journal of Machine Learning"}, "2018-09-12")
    # crossref: the proceedings' title, publisher, year and month are the paper's; the proceedings is no work of the owner
    assert child == {"key": "child2020", "type": "conference-paper", "title": "A paper in proceedings", "authors": ["lei-wu"],
                     "venue": {"name": "Proceedings of the Conference on Things", "publisher": "ACM"}, "pages": "5\u20139",
                     "date": "2020-07"}
    assert biblatex == {"key": "biblatex2021", "type": "journal-article", "title": "BibLaTeX fields", "authors": ["lei-wu"],
                        "venue": {"name": "Journal of New Fields"}, "date": "2021-03-04", "doi": "10.1000/ABC.123",
                        "arxiv": "2103.00002"}
    assert short["url"] == "https://doi.org/10/f5xswg" and "doi" not in short
    file = WILD / "messy.bib"
    assert messages == [
        f"{file}:6:1: warning: @string{{jml}}: 'string' without its '@': read as @string",
        f"{file}:11:1: warning: Upper2019: key 'Upper2019' written as 'upper2019' (keys are lower-case letters, digits, "
        "'.', '_' and '-')",
        f"{file}:36:1: warning: proc2020: 'proc2020' is the crossref target of 1 entry and names no author or editor who "
        "is the owner: read as their container, not imported as a work",
        f"{file}:59:3: warning: short2022.doi: short DOI '10/f5xswg' kept as the link https://doi.org/10/f5xswg (write "
        "the full DOI it redirects to in 'doi')",
    ]


def test_markup_around_the_owner_does_not_hide_them_and_others_is_kept():
    document, messages = read("owner.bib")
    assert [work["authors"] for work in document["works"]] == [
        ["lei-wu", "chao-ma"], ["chao-ma", "lei-wu"], ["lei-wu", "weinan-e"], ["lei-wu", "chao-ma"],
        [{"person": "lei-wu", "equal_contribution": True}, {"person": "chao-ma", "equal_contribution": True}]]
    assert document["works"][3]["authors_incomplete"] is True
    assert sorted(document["people"]) == ["chao-ma", "weinan-e"]
    assert messages == [f"{WILD / 'owner.bib'}:18:3: warning: others2022.author: 'and others': the 2 author(s) named are "
                        "imported and the list is marked incomplete (authors_incomplete)"]


def test_an_unused_string_chain_is_cut_at_the_value_budget_quickly():
    started = time.monotonic()
    document, messages = read("bomb.bib")
    assert time.monotonic() - started < 5
    assert [work["key"] for work in document["works"]] == ["bomb2020"]
    file = WILD / "bomb.bib"
    assert messages == [
        f"{file}:7:1: warning: @string{{a5}}: the value is longer than 1,000,000 characters, the most an import reads; "
        "the macro is left undefined",
        *(f"{file}:{line}:1: warning: @string{{a{n}}}: macro 'a{n - 1}' is undefined: its @string could not be read; "
          "the macro is left undefined" for line, n in zip(range(8, 13), range(6, 11))),
    ]


def test_the_file_and_expansion_budgets_stop_with_one_located_error(tmp_path, monkeypatch):
    big = tmp_path / "big.bib"
    big.write_text("@article{a, author={Wu, Lei}, title={T}, year=2020}\n" * 3, encoding="utf-8")
    monkeypatch.setattr(bibtex, "MAX_FILE_BYTES", 60)
    with pytest.raises(CVInputError) as refused:
        bibtex.read(big, me="Lei Wu", report=Report())
    assert [str(d) for d in refused.value.diagnostics] == [
        f"{big}:2:9: the file is longer than 60 bytes, the most an import reads; split it into smaller files"]
    monkeypatch.setattr(bibtex, "MAX_FILE_BYTES", 10**6)
    monkeypatch.setattr(bibtex, "MAX_EXPANSION_CHARS", 100)
    text = "@string{a = {" + "x" * 60 + "}}\n@article{k, author={Wu, Lei}, title=a # a, year=2020}\n"
    with pytest.raises(CVInputError) as refused:
        bibtex.read_string(text, me="Lei Wu", report=Report())
    assert [str(d) for d in refused.value.diagnostics] == [
        "<string>:2:31: k.title: the values expand to more than 100 characters, the most an import reads "
        "(an @string chain that doubles at each step?); the file is not imported"]


def test_a_device_or_fifo_is_refused_not_read(capsys):
    assert main(["import", "bibtex", "/dev/zero", "--me", "Lei Wu"]) == 2
    assert capsys.readouterr().err == "cvld: /dev/zero: cannot read: a device, not a regular file; give a file\n"


def test_the_owner_is_named_by_the_fullest_spelling_and_a_typo_is_refused(tmp_path):
    path = tmp_path / "w.bib"
    path.write_text("@article{a, author={Wu, L. and Ma, Chao}, title={T}, year=2020}\n"
                    "@article{b, author={Lei Wu and Lei Yu}, title={U}, year=2021}\n", encoding="utf-8")
    result = import_document("bibtex", path, me="L. Wu")
    assert "person:\n  key: lei-wu\n  name: Lei Wu\n  given_name: Lei\n  family_name: Wu\n" in result.text
    assert "authors: [lei-wu, chao-ma]" in result.text and "authors: [lei-wu, lei-yu]" in result.text
    with pytest.raises(UsageError) as refused:
        import_document("bibtex", path, me="Lei Woo")
    assert str(refused.value) == (f"import: no author in {path} is 'Lei Woo' (or a variant of it); the closest names "
                                  "there: 'Lei Wu', 'Lei Yu'. Name the owner as the file spells them")


@pytest.mark.parametrize("name", sorted(p.name for p in WILD.glob("*.bib")))
def test_every_wild_file_imports_checks_and_builds(tmp_path, capsys, name):
    cv = tmp_path / "cv.yaml"
    assert main(["import", "bibtex", str(WILD / name), "--me", "Lei Wu", "-o", str(cv), "-q"]) == 0
    import yaml

    from cvld.source.load import read_source

    assert yaml.safe_load(cv.read_text(encoding="utf-8")) == read_source(cv).data  # both readers, one value
    assert main(["check", str(cv)]) == 0
    assert main(["build", "--base", "https://example.org/", str(cv), "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()


def test_and_others_shows_et_al_on_the_pages(tmp_path, capsys):
    cv = tmp_path / "cv.yaml"
    assert main(["import", "bibtex", str(WILD / "owner.bib"), "--me", "Lei Wu", "-o", str(cv), "-q"]) == 0
    assert main(["build", "--base", "https://example.org/", str(cv), "-o", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "site" / "papers" / "others2022" / "index.html").read_text(encoding="utf-8")
    assert ('<span class="author me">Lei Wu</span>, <span class="author">Chao Ma</span> '
            '<span class="et-al">et al.</span></span>') in page
    capsys.readouterr()
    assert main(["check", str(cv)]) == 0
    assert ("works[3].authors_incomplete: the author list is incomplete: ORCID and Google Scholar will see only the "
            "authors named; add the others when you can") in capsys.readouterr().err


# entries of ../shared/corpus that bibtexparser reads and cvld does not import, each with the reason
NOT_IMPORTED = {
    **{("citation-js/nameparts.bib", key): "no title: a test file of name parts only" for key in "abcdefgh"},
}  # the one dateless entry (manubot's blog post) is imported undated since works may have no date


def test_the_shared_corpus_imports_entry_for_entry_as_bibtexparser_reads_it():
    import bibtexparser

    from conftest import shared_path
    from cvld.importers.fragment import source_key

    root = shared_path("corpus")
    files = sorted(root.rglob("*.bib"))
    assert len(files) == 7  # the .bib files of ../shared/corpus
    left_out = {}
    for path in files:
        name = path.relative_to(root).as_posix()
        library = bibtexparser.parse_file(str(path))
        assert not library.failed_blocks
        report = Report()
        document = bibtex.read(path, me="Nobody Here", report=report)
        imported = [work["key"] for work in document.get("works", [])]
        expected = [source_key(e.key) for e in library.entries if (name, e.key) not in NOT_IMPORTED]
        assert imported == expected, name  # the same entries, in the same order
        left_out.update({(name, e.key): e for e in library.entries if (name, e.key) in NOT_IMPORTED})
        assert not report.errors
    assert set(left_out) == set(NOT_IMPORTED)


def test_links_and_dois_that_would_break_an_output_are_left_out_at_their_line():
    document, messages = read("links.bib")
    assert [(w["key"], w.get("url"), w.get("doi"), w.get("pdf")) for w in document["works"]] == [
        (key, None, None, None) for key in ("u1", "u2", "u3", "u4", "u5", "u6")]
    file = WILD / "links.bib"
    assert messages == [
        f"{file}:2:63: warning: u1.url: url left out: not a valid URL (RFC 3986/3987): 'https://x.org/a#b#c'; "
        "a URL has at most one '#'; write any later one as %23",
        f"{file}:3:63: warning: u2.url: url left out: not a valid URL (RFC 3986/3987): 'https://x.org/a%zz'; "
        "'%' must start an escape of two hex digits; write a literal '%' as %25",
        f"{file}:4:60: warning: u3.url: url left out: not a valid URL (RFC 3986/3987): 'https://x.org/a[1]'; "
        "write '[' and ']' outside the host as %5B and %5D",
        f"{file}:5:57: warning: u4.url: url left out: not a valid URL (RFC 3986/3987): 'https://[::1/'; "
        "a host in [ ] must be an IPv6 address, such as [2001:db8::1], with its closing ']'",
        f"{file}:6:60: warning: u5.doi: doi left out: DOI '10.1234/x>.<http://evil.example/s>' contains '>', which "
        "cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and - . _ ; ( ) / :); give its "
        "https://doi.org/ link, percent-encoded, as the url instead",
        f"{file}:7:58: warning: u6.pdf: pdf left out: URL contains a character that must be percent-encoded: "
        "'https://x.org/a b.pdf'",
    ]


def test_a_status_the_text_says_is_read_and_a_work_with_no_year_is_imported_undated():
    document, messages = read("status.bib")
    assert [(w["key"], w.get("date"), w["status"]) for w in document["works"]] == [
        ("review2024", 2024, "in-review"), ("appear2024", 2024, "accepted"), ("noyear", None, "in-preparation")]
    file = WILD / "status.bib"
    assert messages == [
        f"{file}:5:3: warning: review2024.note: status 'in-review' read from the note ('Under review')",
        f"{file}:11:3: warning: appear2024.booktitle: status 'accepted' read from the booktitle ('To appear')",
        f"{file}:17:3: warning: noyear.note: status 'in-preparation' read from the note ('In preparation')",
        f"{file}:14:1: warning: noyear: no year or date: imported undated with its status ('in-preparation')",
    ]


def test_commands_the_preamble_defines_stand_for_their_text():
    document, messages = read("preamble.bib")
    macro, sort = document["works"]
    assert (macro["authors"], macro["venue"]) == (["lei-wu", "chao-ma"], {"name": "Journal of Machine Learning Research"})
    assert (sort["authors"], sort["title"]) == (["chao-ma", "lei-wu"], "A sort key in the title")
    assert messages == []


def test_entries_with_no_date_cvld_can_read_import_undated_with_their_status_or_range():
    document, messages = read("dates.bib")
    assert [(w["key"], w.get("date"), w.get("status")) for w in document["works"]] == [
        ("noop2025", None, "in-review"),  # \noop{2025} is a sort key, not a date
        ("todo", 2024, None), ("todo2", None, None), ("todo3", None, None),
        ("range", "2003/2015", None), ("blrange", "2020/2022", None), ("xx", None, None), ("noyear", None, None),
        ("prep", None, "in-preparation"), ("sub", None, "submitted"), ("press", None, "in-press"),
        ("forth", None, "accepted"), ("open", 2019, None), ("backwards", None, None), ("yearsback", None, None)]
    file = WILD / "dates.bib"
    assert messages == [
        f"{file}:5:3: warning: noop2025.year: year '\\noop{{2025}}in review' is no date: status 'in-review' read "
        "from it ('in review')",
        f"{file}:1:1: warning: noop2025: no year or date: imported undated with its status ('in-review')",
        f"{file}:10:3: warning: todo.year: year '2024 % TODO check': the comment after % is left out ('2024' is read)",
        f"{file}:12:1: warning: todo2: no year or date: imported undated; add its date when it is known",
        f"{file}:21:3: warning: todo3.year: year '% TODO': the comment after % is left out",
        f"{file}:18:1: warning: todo3: no year or date: imported undated; add its date when it is known",
        f"{file}:37:3: warning: xx.year: year '20xx' is not a four-digit year",
        f"{file}:34:1: warning: xx: no year or date: imported undated; add its date when it is known",
        f"{file}:39:1: warning: noyear: no year or date: imported undated; add its date when it is known",
        f"{file}:47:3: warning: prep.year: year 'in preparation' is no date: status 'in-preparation' read from it "
        "('in preparation')",
        f"{file}:44:1: warning: prep: no year or date: imported undated with its status ('in-preparation')",
        f"{file}:52:3: warning: sub.note: status 'submitted' read from the note ('Submitted')",
        f"{file}:49:1: warning: sub: no year or date: imported undated with its status ('submitted')",
        f"{file}:54:1: warning: press: no year or date: imported undated with its status ('in-press')",
        f"{file}:62:3: warning: forth.year: year 'Forthcoming' is no date: status 'accepted' read from it "
        "('Forthcoming')",
        f"{file}:59:1: warning: forth: no year or date: imported undated with its status ('accepted')",
        f"{file}:67:3: warning: open.date: date range '2019/..' has no end: the start is imported",
        f"{file}:72:3: warning: backwards.date: date left out: the range '2022/2020' ends (2020) before it starts "
        "(2022)",
        f"{file}:69:1: warning: backwards: no year or date: imported undated; add its date when it is known",
        f"{file}:77:3: warning: yearsback.year: year range '2015\u20132003' ends before it starts; left out",
        f"{file}:74:1: warning: yearsback: no year or date: imported undated; add its date when it is known",
    ]
    # bibtexparser reads the same entries: cvld now imports every one of them
    import bibtexparser

    assert [e.key for e in bibtexparser.parse_file(str(file)).entries] == [w["key"] for w in document["works"]]

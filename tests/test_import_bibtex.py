"""BibTeX import: every .bib of the shared corpus, with values checked against the files by hand,
bad input with exact messages and lines, and the round trip through cvld's own BibTeX export."""

from __future__ import annotations

import pytest

from cvld.core.diagnostics import Report
from cvld.importers import bibtex
from cvld.importers.names import Me, Name, parse_name, split_bibtex_name, take_marks
from conftest import shared_path


def read(path, **owner):
    report = Report()
    document = bibtex.read(path, me=owner.get("me"), me_orcid=owner.get("me_orcid"), report=report)
    return document, report


def works_by_key(document):
    return {work["key"]: work for work in document["works"]}


def messages(report):
    return [str(d) for d in report.sorted()]


# --- the owner ------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Wu, Lei", "L. Wu", "Lei Wu*", "Wu, L.", "{\\relax Lei} Wu", "LEI WU", "∗Lei Wu"])
def test_owner_name_variants_are_recognised(written):
    text, _ = take_marks(written)
    assert Me("Lei Wu").matches(split_bibtex_name(text, bibtex.decode_latex))


@pytest.mark.parametrize("written", ["Huan Lei", "Lei, Huan", "Jingfeng Wu", "Wu, J.", "Wu", "Lei", "Wu, Lin"])
def test_owner_is_never_taken_by_surname_alone(written):
    assert not Me("Lei Wu").matches(split_bibtex_name(written))


def test_owner_by_orcid_overrides_names():
    me = Me("Lei Wu", "0000-0002-1825-0097")
    assert me.matches(Name("Someone", "Else"), "0000-0002-1825-0097")
    assert not me.matches(Name("Lei", "Wu"), "0000-0001-5109-3700")


def test_names_with_particles_and_corporate_braces():
    assert split_bibtex_name("van der Zwaan, Janneke") == Name("Janneke", "van der Zwaan")
    assert split_bibtex_name("Jean de la Fontaine") == Name("Jean", "de la Fontaine")
    assert split_bibtex_name("{Google Research}") == Name(literal="Google Research")
    assert split_bibtex_name("{\\\"O}zt{\\\"u}rk, Ay{\\c{s}}e", bibtex.decode_latex) == Name("Ayşe", "Öztürk")
    assert parse_name("Chue Hong, Neil") == Name("Neil", "Chue Hong")


def test_marks_are_taken_off_names():
    assert take_marks("*Pang, Ce") == ("Pang, Ce", True)
    assert take_marks("Lei Wu$^*$") == ("Lei Wu", True)
    assert take_marks("Lei Wu\\textsuperscript{\\dag}") == ("Lei Wu", True)
    assert take_marks("Lei Wu†") == ("Lei Wu", True)
    assert take_marks("Lei Wu") == ("Lei Wu", False)


@pytest.mark.parametrize("written, pages", [("pp. 12--34", "12\u201334"), ("1275\u20131284", "1275\u20131284"),
                                           ("P3", "P3"), ("e214", "e214"), ("100-105", "100\u2013105")])
def test_pages_with_en_dashes(written, pages):
    document = bibtex.read_string(f"@article{{a, author={{Wu, Lei}}, title={{T}}, year=2020, pages={{{written}}}}}",
                                  me="Lei Wu", report=Report())
    assert document["works"][0]["pages"] == pages


def test_latex_decoding():
    assert bibtex.decode_latex("Schr{\\\"o}dinger -- Caf\\'e") == "Schrödinger – Café"
    assert bibtex.decode_latex("$O(n^2)$ bounds for $\\alpha$-stable") == "O(n^2) bounds for α-stable"
    assert bibtex.decode_latex("Sci-{Hub} 89% of \\& more") == "Sci-Hub 89% of & more"


# --- the corpus -------------------------------------------------------------------------


def test_al_folio_papers():
    document, report = read(shared_path("corpus", "al-folio", "papers.excerpt.bib"), me="Chenxi Qiu")
    works = works_by_key(document)
    assert len(works) == 21
    assert document["person"] == {"key": "chenxi-qiu", "name": "Chenxi Qiu", "given_name": "Chenxi", "family_name": "Qiu"}
    first = works["8368309"]
    assert first["title"] == "Scheduling Inter-Datacenter Video Flows for Cost Efficiency"  # '[A+] ' taken off
    assert first["authors"] == ["haiying-shen", "chenxi-qiu"]
    assert first["date"] == "2021-05"  # month={May}
    assert (first["volume"], first["issue"], first["pages"]) == (14, 3, "834\u2013849")
    assert first["venue"] == {"name": "IEEE Transactions on Services Computing", "issn": "1939-1374"}
    assert first["doi"] == "10.1109/TSC.2018.2841868"
    # doi given as a URL, keywords, note
    assert works["ej2021"]["doi"] == "10.1016/j.tej.2020.106883"
    assert works["ej2021"]["authors"] == ["ning-wang", "jie-li", "shen-shyang-ho", "chenxi-qiu"]
    assert works["ej2021"]["keywords"] == ["Smart grid", "Machine learning", "Energy trading", "DC grid cell"]
    # '*Pang' and U+2217 '∗Yadav' are equal-contribution marks
    assert works["massw2019"]["authors"] == [{"person": "ce-pang", "equal_contribution": True}, "chenxi-qiu", "ning-wang"]
    assert works["massw2019"]["type"] == "workshop-paper"
    assert works["icdcs2022"]["authors"][1] == {"person": "sourabh-yadav", "equal_contribution": True}
    assert document["people"]["sourabh-yadav"] == {"name": "Sourabh Yadav", "given_name": "Sourabh", "family_name": "Yadav"}
    # UPPERCASE field names, ARTICLE-NUMBER, PubMedID
    sensors = works["sensor2021"]
    assert (sensors["article_number"], sensors["pmid"], sensors["doi"]) == (1136, "33561972", "10.3390/s21041136")
    # 'Given Family' names, MathML in a title, month macro 'mar', en dash pages as written
    assert works["tmc2018"]["authors"] == ["chenxi-qiu", "haiying-shen", "kang-chen"]
    assert works["tmc2018"]["title"] == ("An Energy-Efficient and Distributed Cooperation Mechanism for k-Coverage Hole "
                                         "Detection and Healing in WSNs")
    assert works["10.1145-3191779"]["date"] == "2018-03"
    assert works["10.1145-3191779"]["article_number"] == 47
    assert works["cikm2020"]["pages"] == "1275\u20131284"
    assert works["cikm2020"]["isbn"] == "9781450368599"
    assert works["10.5555-3306127.3331720"]["type"] == "book-chapter"
    assert works["8025305"]["date"] == "2017-08" and works["8345684"]["date"] == "2019-07"
    assert "Lei Yu" == document["people"]["lei-yu"]["name"]
    file = str(shared_path("corpus", "al-folio", "papers.excerpt.bib"))
    assert f"{file}:90:3: warning: TMC2020.pdf: pdf left out: not an http(s) URL: 'TMC2020.pdf'" in messages(report)
    assert (f"{file}:172:1: warning: 10.1145/3357384.3357933: key '10.1145/3357384.3357933' written as "
            "'10.1145-3357384.3357933' (keys are lower-case letters, digits, '.', '_' and '-')") in messages(report)
    assert (f"{file}:4:3: warning: 8368309.abbr: field 'abbr' is not imported (21 entries): the CV format has no "
            "place for it") in messages(report)
    assert f"{file}:253:3: warning: TMC2018.title: markup (HTML/MathML tags) taken out of the title" in messages(report)
    assert not report.errors


def test_citation_js_orcid_annotations():
    document, report = read(shared_path("corpus", "citation-js", "orcid.bib"), me="Eelke Jongejans")
    (work,) = document["works"]
    assert work["key"] == "10.1111_icad.12730"
    assert work["title"].startswith("Mapping wing morphs of Tetrix subulata using citizen science data")
    assert work["authors"] == ["lars-g-willighagen", "eelke-jongejans"]
    assert document["people"]["lars-g-willighagen"]["orcid"] == "0000-0002-4751-4637"
    assert document["person"]["orcid"] == "0000-0003-1148-7419"
    assert (work["date"], work["doi"]) == ("2024-03-02", "10.1111/icad.12730")
    assert not report.diagnostics


def test_citation_js_nameparts_has_no_importable_entry():
    path = shared_path("corpus", "citation-js", "nameparts.bib")
    document, report = read(path, me="A B")
    assert "works" not in document
    assert messages(report) == [f"{path}:{line}:1: warning: {key}: no title; entry skipped"
                                for line, key in zip((2, 7, 12, 17, 22, 27, 32, 37), "abcdefgh")]
    # the names themselves, as that file writes them
    assert split_bibtex_name("given=A=B, family=C") == Name("A=B", "C")
    assert split_bibtex_name("given=A, family=B, given=C") == Name("C", "B")
    assert split_bibtex_name("A-b C, D") == Name("D", "A-b C")
    assert split_bibtex_name("A B-C") == Name("A", "B-C")


def test_manubot_bibliography():
    path = shared_path("corpus", "manubot", "bibliography.bib")
    document, report = read(path, me="Casey S. Greene")
    work, blog = document["works"]
    assert work["title"] == "Sci-Hub provides access to nearly all scholarly literature"
    assert work["authors"][0] == "daniel-s-himmelstein" and work["authors"][-1] == "casey-s-greene"
    assert document["people"]["bastian-greshake-tzovaras"]["family_name"] == "Greshake Tzovaras"
    assert (work["date"], work["doi"], work["volume"]) == ("2018-03", "10.7554/eLife.32822", 7)
    assert work["venue"] == {"name": "eLife", "issn": "2050-084X"}
    # the blog post has no date (and no author): imported undated, never dated by cvld
    assert (blog["key"], "date" in blog, "status" in blog) == ("noauthor_techblog-_nodate", False, False)
    assert (f"{path}:15:1: warning: noauthor_techblog:_nodate: no year or date: imported undated; add its date when it "
            "is known") in messages(report)


def test_academic_file_converter_article_and_reports():
    document, _ = read(shared_path("corpus", "academic-file-converter", "article.bib"), me="Nelson Bigetti")
    (work,) = document["works"]
    assert (work["key"], work["date"], work["volume"], work["issue"], work["pages"]) == ("articleid", "2019-07", 4, 2, "100\u2013105")
    assert work["authors"] == ["nelson-bigetti"]
    document, _ = read(shared_path("corpus", "academic-file-converter", "report.bib"), me="Nelson Bigetti")
    first, second = document["works"]
    assert (first["key"], first["type"], first["date"]) == ("tr-1234", "report", "2019-06")
    assert first["venue"] == {"name": "University of Somewhere, Department of Something"}
    assert first["note"] == "Technical Report TR-1234"
    assert (second["key"], second["type"], second["date"]) == ("tr-2345", "report", "2019-07")


def test_hugo_blox_cite_and_a_near_miss_name():
    path = shared_path("corpus", "hugo-blox", "journal-article.cite.bib")
    document, _ = read(path, me="Bighetti, Nelson")
    (work,) = document["works"]
    assert work["authors"] == ["nelson-bighetti", "robert-ford"] and document["person"]["key"] == "nelson-bighetti"
    assert (work["title"], work["date"], work["venue"]) == ("An example journal article", 2015, {"name": "Journal of Source Themes"})
    document, _ = read(path, me="Nelson Bigetti")  # one letter off: not the owner
    assert document["works"][0]["authors"] == ["nelson-bighetti", "robert-ford"]
    assert document["person"]["key"] == "nelson-bigetti"
    from cvld.core.diagnostics import UsageError
    from cvld.importers import import_document

    with pytest.raises(UsageError) as refused:  # and an import refuses it, naming the closest spelling
        import_document("bibtex", path, me="Nelson Bigetti")
    assert str(refused.value) == (f"import: no author in {path} is 'Nelson Bigetti' (or a variant of it); the closest "
                                  "names there: 'Nelson Bighetti'. Name the owner as the file spells them")


# --- bad input ----------------------------------------------------------------------------

BAD = """@string{jml = "Journal of ML"}
@article{good1,
  author = {Wu, Lei and Huan Lei},
  title = {Fine},
  journal = jml # " Letters",
  month = foo,
  year = 2020
}

@article{broken
  title = {No comma after key},
  year = 2019
}

@article{unbalanced,
  title = {Missing {brace},
  year = 2018
}

@talk{after,
  author = {L. Wu and Jingfeng Wu},
  title = {After},
  year = 2017
}
@article{good1, title={dup}, year=2001}
@article{Open, title = {Never closed
"""


def test_bad_entries_are_skipped_with_located_messages(tmp_path):
    path = tmp_path / "bad.bib"
    path.write_text(BAD, encoding="utf-8")
    document, report = read(path, me="Lei Wu")
    assert messages(report) == [
        f"{path}:6:3: warning: good1.month: unknown macro 'foo' (not defined by @string); field left out",
        f"{path}:10:1: warning: broken: cannot read the entry: expected comma after entry key, but found =; entry skipped",
        f"{path}:15:1: warning: unbalanced: unbalanced braces or quotes: the entry is still open at the next entry "
        "(line 20); entry skipped",
        f"{path}:20:1: warning: after: non-standard entry type @talk: imported as 'presentation'",
        f"{path}:25:1: warning: good1: entry key 'good1' used again (first at line 2): kept as another work",
        f"{path}:25:1: warning: good1: key 'good1' is taken by an earlier work; written as 'good1-2'",
        f"{path}:25:1: warning: good1: no author: imported with the owner ('Lei Wu') as its author, as it is in the "
        "owner's file; correct the authors if that is wrong",
        f"{path}:26:1: warning: Open: unbalanced braces or quotes: the entry is still open at the end of the file; "
        "entry skipped",
    ]
    good, after, again = document["works"]
    assert good == {"key": "good1", "type": "journal-article", "title": "Fine", "authors": ["lei-wu", "huan-lei"],
                    "venue": {"name": "Journal of ML Letters"}, "date": 2020}
    assert again == {"key": "good1-2", "type": "journal-article", "title": "dup", "authors": ["lei-wu"], "date": 2001}
    assert (after["type"], after["authors"]) == ("presentation", ["lei-wu", "jingfeng-wu"])


def test_biblatex_annotations_eprint_and_dates(tmp_path):
    path = tmp_path / "biblatex.bib"
    path.write_text("""@online{ma2020adaptive,
  author = {Ma, Chao and Wu, Lei and E, Weinan},
  author+an = {1=equal; 2=equal; 3=corresponding},
  title = {A qualitative study of the dynamic behavior of adaptive gradient algorithms},
  date = {2020-09},
  eprint = {2009.06125}, eprinttype = {arxiv},
  url = {https://arxiv.org/abs/2009.06125},
  doi = {https://doi.org/10.48550/arXiv.2009.06125},
}
""", encoding="utf-8")
    document, report = read(path, me="Lei Wu")
    (work,) = document["works"]
    assert work == {"key": "ma2020adaptive", "type": "preprint",
                    "title": "A qualitative study of the dynamic behavior of adaptive gradient algorithms",
                    "authors": [{"person": "chao-ma", "equal_contribution": True},
                                {"person": "lei-wu", "equal_contribution": True},
                                {"person": "weinan-e", "corresponding": True}],
                    "date": "2020-09", "status": "preprint", "arxiv": "2009.06125"}
    assert not report.diagnostics


# --- the round trip through cvld's own BibTeX ------------------------------------------


def test_round_trip_of_the_example_cv(lei_wu):
    from cvld.bibtex.write import dumps_bibtex

    report = Report()
    document = bibtex.read_string(dumps_bibtex(lei_wu), me="Lei Wu", report=report)
    imported = works_by_key(document)
    people = {**document["people"], document["person"]["key"]: document["person"]}
    assert list(imported) == [work.key for work in lei_wu.works]
    for work in lei_wu.works:
        back = imported[work.key]
        assert back["title"] == work.title
        assert back["type"] == work.type
        assert str(back["date"])[:4] == str(work.date.year)
        assert [people[a if isinstance(a, str) else a["person"]]["name"] for a in back["authors"]] == \
            [a.person.name for a in work.authors]
        assert back.get("venue", {}).get("name") == (work.venue.name if work.venue else None)
        assert back.get("arxiv") == (str(work.arxiv) if work.arxiv else None)
        assert back.get("status", "published") == work.status
        if work.article_number:
            assert str(back["article_number"]) == work.article_number
    assert document["person"]["key"] == "lei-wu"
    assert "huan-lei" in document["people"] and "jingfeng-wu" in document["people"]
    assert not report.diagnostics


def test_editors_others_and_unread_fields(tmp_path):
    path = tmp_path / "more.bib"
    path.write_text("""@proceedings{msml2020,
  editor = {Lu, Jianfeng and Ward, Rachel},
  title = {Proceedings of {M}athematical and {S}cientific {M}achine {L}earning},
  publisher = {PMLR}, year = {2020}, series = {PMLR}
}
@incollection{chapter,
  author = {Wu, Lei and others},
  editor = {Someone, Else},
  title = {A chapter}, booktitle = {A book}, year = {2019}
}
""", encoding="utf-8")
    document, report = read(path, me="Lei Wu")
    book, chapter = document["works"]
    assert (book["type"], book["authors"], book["venue"]) == ("edited-book", ["jianfeng-lu", "rachel-ward"], {"name": "PMLR"})
    assert book["title"] == "Proceedings of Mathematical and Scientific Machine Learning"
    assert (chapter["type"], chapter["authors"], chapter["venue"]) == ("book-chapter", ["lei-wu"], {"name": "A book"})
    assert chapter["authors_incomplete"] is True
    assert messages(report) == [
        f"{path}:4:38: warning: msml2020.series: field 'series' is not imported: the CV format has no place for it",
        f"{path}:7:3: warning: chapter.author: 'and others': the 1 author(s) named are imported and the list is marked "
        "incomplete (authors_incomplete)",
        f"{path}:8:3: warning: chapter.editor: editors are not imported: the CV format keeps a work's authors",
    ]


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["@article{", "@misc{k,", "author = {", "Wu, Lei", " and ", "title = ", '"', "{", "}", ",",
                           "year = 2020", "month = jan", "#", "@string{a = {b}}", "\\'e", "$x$", "*", "\n", "doi = {",
                           "10.1/x", "eprint = {2009.06125}", "=", "a", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_is_read_without_a_crash(text):
    report = Report()
    document = bibtex.read_string(text, me="Lei Wu", report=report)
    assert not report.errors  # problems in a .bib are warnings: the entry is skipped
    if document.get("works"):  # and what is read makes a valid CV
        from cvld.importers.yamlout import dumps_document
        from cvld.source.load import build_cv
        from cvld.source.yamlsource import parse

        build_cv(parse("<import>", dumps_document(document)), Report())

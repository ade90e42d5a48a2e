"""works.bib for ORCID's Import BibTeX, read back by bibtexparser v2 (a parser cvld does not
use for writing): the same titles, authors, years and ids."""

from __future__ import annotations

import json

import bibtexparser
import pytest
from bibtexparser import middlewares

from cvld.core.diagnostics import Report
from cvld.bibtex.write import dumps_bibtex
from cvld.source.load import build_cv
from cvld.source.yamlsource import parse


def read(text: str, decode: bool = True):
    """Entries with LaTeX decoded (titles, names) or as written (DOIs and URLs are verbatim fields)."""
    chain = [middlewares.LatexDecodingMiddleware()] if decode else []
    library = bibtexparser.parse_string(text, append_middleware=chain + [
        middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    assert library.failed_blocks == []
    return library.entries


def full_name(parts) -> str:
    return " ".join(parts.first + parts.von + parts.last + parts.jr)


def test_the_example_cv_parses_into_the_same_works(lei_wu):
    entries = read(dumps_bibtex(lei_wu))
    assert [e.key for e in entries] == [w.key for w in lei_wu.works]
    for entry, work in zip(entries, lei_wu.works):
        assert entry["title"] == work.title
        assert [full_name(p) for p in entry["author"]] == [a.person.name for a in work.authors]
        assert entry["year"] == str(work.date.year)
        assert entry.fields_dict.get("eprint", None) is None or entry["eprint"] == str(work.arxiv)
    types = {e.key: e.entry_type for e in entries}
    assert types["e2020towards"] == "article"
    assert types["wu2019global"] == "inproceedings"
    assert types["wu2017landscape"] == "inproceedings"
    assert types["ma2020adaptive"] == "misc"
    preprint = next(e for e in entries if e.key == "ma2020adaptive")
    assert (preprint["eprint"], preprint["eprinttype"]) == ("2009.06125", "arxiv")
    assert next(e for e in entries if e.key == "zhu2019anisotropic")["booktitle"] == \
        "36th International Conference on Machine Learning"


def _cv(work: dict, people: dict | None = None):
    data = {"person": {"key": "ada", "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace"},
            "people": people or {}, "works": [work]}
    return build_cv(parse("mem.yaml", json.dumps(data)), Report())


def test_latex_special_characters_and_ids_survive():
    title = "Müller & Søn: 50% of {x_1} in $R_n$ # naïve – “quoted”"
    cv = _cv({"key": "odd", "type": "journal-article", "title": title, "authors": ["ada", "jm"],
              "venue": {"name": "Annals of A & B", "issn": "0317-8471"}, "date": "2021-07-09",
              "doi": "10.1000/a_b;c(1)", "pages": "12–34", "volume": 3, "issue": "2",
              "url": "https://example.org/x?a=1&b=2"},
             {"jm": {"name": "José Martí", "given_name": "José", "family_name": "Martí"}})
    text = dumps_bibtex(cv)
    assert text.isascii()
    assert "title = {M{\\\"u}ller {\\&} S{\\o}n: 50{\\%} of {\\{}x{\\_}1{\\}} in {\\$}R" in text
    assert "  month = jul,\n" in text
    (entry,) = read(text)
    assert entry["title"] == title
    assert [full_name(p) for p in entry["author"]] == ["Ada Lovelace", "José Martí"]
    assert (entry["year"], entry["month"]) == ("2021", "jul")
    (verbatim,) = read(text, decode=False)
    assert (verbatim["doi"], verbatim["url"]) == ("10.1000/a_b;c(1)", "https://example.org/x?a=1&b=2")
    assert entry["journal"] == "Annals of A & B"
    assert (entry["pages"], verbatim["pages"]) == ("12\u201334", "12--34")  # -- is LaTeX for an en dash
    assert (entry["volume"], entry["number"], entry["issn"]) == ("3", "2", "0317-8471")


@pytest.mark.parametrize("kind, entry_type, container", [
    ("journal-article", "article", "journal"), ("conference-paper", "inproceedings", "booktitle"),
    ("book-chapter", "incollection", "booktitle"), ("thesis", "phdthesis", "school"),
    ("report", "techreport", "institution"), ("software", "misc", "howpublished"),
])
def test_entry_types(kind, entry_type, container):
    cv = _cv({"key": "k", "type": kind, "title": "T", "authors": ["ada"], "date": 2020, "venue": {"name": "V"}})
    (entry,) = read(dumps_bibtex(cv))
    assert entry.entry_type == entry_type
    assert entry[container] == "V"


def test_stable_output(lei_wu):
    assert dumps_bibtex(lei_wu) == dumps_bibtex(lei_wu)
    assert dumps_bibtex(lei_wu).count("\n@") == 18


def test_characters_latex_has_no_command_for_are_kept_quietly(caplog):
    """CJK (and other scripts without a LaTeX command) stays UTF-8 in works.bib, and nothing is
    logged (pylatexenc would warn once per character, which reaches stderr past cvld's findings)."""
    from cvld.bibtex.write import latex

    with caplog.at_level("DEBUG"):
        assert latex("吴磊 and Ünal") == '吴磊 and {\\"U}nal'
    assert [r.getMessage() for r in caplog.records] == []

"""Property tests of issue 15: identifiers and URLs drawn from their registries' syntax (valid and
near-valid) are either refused at the model boundary with a located message, or carried by every
output, each parsed back by its format's strict reader with no extra entry, element or triple.

``pytest --slow`` draws thousands of examples (see tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

import bibtexparser
import pyoxigraph as ox
import rfc3987
from bibtex_strict import read as strict_bibtex
from conftest import examples
from hypothesis import event, given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import (HOSTILE_CHARACTERS, dois, grids, http_urls, near_valid_dois, near_valid_urls, ror_id, rors,
                        url_hosts)

from cvld.api import load_cv
from cvld.bibtex.write import field_value
from cvld.build import build_files
from cvld.core.diagnostics import CVInputError
from cvld.model import ids
from cvld.rdf.terms import iri

_NEVER_IN_A_DOI = set('{}<>"\\^` \t\n\r\x00#%?[]')


@settings(max_examples=examples(300))
@given(http_urls())
def test_every_url_of_the_grammar_is_accepted_as_written_and_every_rdf_writer_takes_it(url):
    scheme, rest = url.split(":", 1)
    url = ids.check_url(url)
    assert url == scheme.lower() + ":" + rest  # as written, the scheme in lower case
    assert iri(url) == str(ox.NamedNode(url)) == f"<{url}>"
    assert urlsplit(url).hostname
    assert rfc3987.match(url, rule="IRI")


@settings(max_examples=examples(400))
@given(near_valid_urls())
def test_what_the_url_rule_passes_every_writer_accepts(url):
    try:
        checked = ids.check_url(url)
    except ids.IdentifierError as error:
        if str(error).startswith("not a valid URL (RFC 3986/3987)"):  # the grammar's verdict is rfc3987's IRI rule
            assert not rfc3987.match(url.strip(), rule="IRI")
        return
    assert rfc3987.match(checked, rule="IRI")
    ox.NamedNode(checked)  # pyoxigraph's strict IRI parser
    assert iri(checked) == f"<{checked}>"
    parts = urlsplit(checked)
    assert parts.hostname and parts.port is None or 0 <= parts.port <= 65535
    assert not set(checked) & set('<>"{}|\\^` \t\n\r\x00\x85\u00a0\u200b\u202e\u2028')
    field_value("url", checked)  # the BibTeX rule holds it verbatim


@settings(max_examples=examples(300))
@given(st.one_of(dois, near_valid_dois()))
def test_a_doi_is_crossrefs_pattern_or_refused(written):
    try:
        doi = ids.normalize_doi(written)
    except ids.IdentifierError as error:
        assert str(error).startswith(("DOI '", "DOI \"", "not a DOI"))
        assert set(written) & (_NEVER_IN_A_DOI | set(HOSTILE_CHARACTERS)) or not written.startswith("10.")
        return
    assert not set(doi) & _NEVER_IN_A_DOI
    assert ids.normalize_doi(doi) == doi  # canonical: parsing again changes nothing
    assert iri(ids.id_url("doi", doi)) == f"<https://doi.org/{doi}>"
    assert field_value("doi", doi) == "{" + doi + "}"


@settings(max_examples=examples(200))
@given(rors, st.integers(0, 99))
def test_ror_check_digits(ror, other):
    assert ids.normalize_ror(ror) == "https://ror.org/" + ror
    assert ids.normalize_ror("https://ror.org/" + ror.upper()) == "https://ror.org/" + ror
    wrong = f"{ror[:7]}{other:02d}"
    if wrong != ror:
        try:
            ids.normalize_ror(wrong)
        except ids.IdentifierError as error:
            assert str(error) == f"ROR id '{wrong}' fails its check digits (ISO 7064 MOD 97-10)"
        else:
            raise AssertionError(f"{wrong} passed its check digits")


def test_ror_id_helper_matches_the_registrys_examples():
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    for real in ("00hx57361", "05dxps055", "03vek6s52", "042nb2s44", "01an7q238"):
        number = 0
        for ch in real[1:7]:
            number = number * 32 + alphabet.index(ch)
        assert ror_id(number) == real
        assert ids.normalize_ror(real) == "https://ror.org/" + real


# --- through every output ---------------------------------------------------------------------------

_VALID = {
    "doi": dois, "url": http_urls(), "pdf": http_urls(), "homepage": http_urls(), "org_url": http_urls(),
    "ror": rors, "grid": grids, "arxiv": st.sampled_from(("2009.06125v2", "math.GT/0309136", "1501.00001")),
}
_NEAR = {
    "doi": near_valid_dois(), "url": near_valid_urls(), "pdf": near_valid_urls(), "homepage": near_valid_urls(),
    "org_url": near_valid_urls(), "ror": st.one_of(rors.map(lambda r: r[:7] + ("00" if r[7:] != "00" else "01")),
                                                   st.sampled_from(("0abc", "00hx57361}", "00hx57361 x"))),
    "grid": st.sampled_from(("grid.1.x", "grid.16750.35>", "grid.16750.35}")),
    "arxiv": st.sampled_from(("2009.06125}", "1412.12345", "2009.06125>x")),
}
_PATHS = {"doi": "works[0].doi", "url": "works[0].url", "pdf": "works[0].pdf", "homepage": "person.homepage",
          "org_url": "organisations.u.url", "ror": "organisations.u.ror", "grid": "organisations.u.grid",
          "arxiv": "works[1].arxiv"}


@st.composite
def _drawn(draw):
    """(the one near-valid field or None, every field's value): all others valid by their registry's syntax."""
    hostile = draw(st.sampled_from((None, *_VALID)))
    return hostile, {name: draw(_NEAR[name] if name == hostile else _VALID[name]) for name in _VALID}


def _document(values: dict) -> dict:
    return {
        "person": {"key": "ada", "name": "Ada Lovelace", "homepage": values["homepage"]},
        "positions": [{"title": "Lecturer", "organisation": "u", "start": 2019}],
        "organisations": {"u": {"name": "U", "ror": values["ror"], "grid": values["grid"], "url": values["org_url"]}},
        "works": [
            {"key": "w1", "type": "journal-article", "title": "T", "authors": ["ada"], "date": 2020,
             "venue": {"name": "J"}, "doi": values["doi"], "url": values["url"], "pdf": values["pdf"]},
            {"key": "w2", "type": "preprint", "title": "P", "authors": ["ada"], "date": "2020-09",
             "arxiv": values["arxiv"]},
        ],
    }


@settings(max_examples=examples(40))
@given(_drawn())
def test_identifiers_are_refused_at_their_field_or_every_output_parses_back_strictly(drawn):
    from cvld.api import build_graph_files

    hostile, values = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cv.json"
        path.write_text(json.dumps(_document(values), indent=1, ensure_ascii=False), encoding="utf-8")
        try:
            cv = load_cv(path)
        except CVInputError as error:
            assert hostile is not None, [str(d) for d in error.diagnostics]  # valid values always pass
            event(f"refused: {hostile}")
            for diagnostic in error.diagnostics:  # located at the one field that holds the value
                assert diagnostic.location.line and diagnostic.location.path == _PATHS[hostile], str(diagnostic)
            return
        event(f"loaded, near-valid: {hostile}")
        graphs = {vocab: build_graph_files([path], vocab=vocab) for vocab in ("schema", "vivo")}
    files = build_files(cv)
    bib = files["orcid/works.bib"]
    bib = bib.decode("utf-8") if isinstance(bib, bytes) else bib
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["w1", "w2"]
    strict = strict_bibtex(bib)
    assert [k for _, k, _ in strict] == ["w1", "w2"]
    assert strict[0][2].get("doi") == cv.works[0].doi and strict[0][2].get("url") == cv.works[0].url
    assert {f.key: f.value for f in library.entries[0].fields} == strict[0][2]
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    seen = set()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        if name.startswith("orcid/works/"):
            root = etree.fromstring(data, parser)
            (value,) = root.iter("{http://www.orcid.org/ns/work}citation-value")
            assert len(strict_bibtex(value.text)) == 1
            seen.add("orcid")
        elif name.endswith(".xml"):
            etree.fromstring(data, parser)
        elif name.endswith(".jsonld"):
            assert json.loads(data)["@graph"]
            seen.add("jsonld")
        elif name.endswith(".ttl"):
            graph = graphs["vivo" if name.endswith(".vivo.ttl") else "schema"]
            triples = set(ox.parse(graph.ntriples(), format=ox.RdfFormat.N_TRIPLES))
            assert len(triples) == len(graph.lines)  # one triple a line: nothing ended a term early
            assert set(ox.parse(data, format=ox.RdfFormat.TURTLE)) == triples
            seen.add(name.rsplit(".", 2)[-2])
        elif name.endswith(".html"):
            assert len(etree.fromstring(data, etree.HTMLParser()).findall(".//head")) == 1
    assert seen == {"orcid", "jsonld", "schema", "vivo"}


@settings(max_examples=examples(40))
@given(_drawn(), st.sampled_from(("vivo", "schema")), st.sampled_from((None, "https://kg.example.edu/d/")))
def test_graphs_of_drawn_identifiers_have_one_triple_a_line_in_both_formats(drawn, vocab, base):
    from cvld.api import build_graph_files

    hostile, values = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cv.json"
        path.write_text(json.dumps(_document(values), indent=1, ensure_ascii=False), encoding="utf-8")
        try:
            load_cv(path)
        except CVInputError:
            assert hostile is not None
            return
        graph = build_graph_files([path], vocab=vocab, base=base)
    nt = graph.serialize("ntriples")
    triples = set(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(graph.lines) == len(nt.decode("utf-8").splitlines())
    assert set(ox.parse(graph.serialize("turtle"), format=ox.RdfFormat.TURTLE)) == triples


# --- the one BibTeX rule, for any text ----------------------------------------------------------------

_BIBTEX_HOSTILE = st.sampled_from(("{", "}", "}}", "{{", "\\", "@misc{evil,", "},note={x}", "%", "#", "&", "~", "^", "_",
                                   "$", '"', "\\{", "\\}", "{\\bf x}", "@", ",", "="))


def _latex_reader():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()  # a fresh copy: pylatexenc's own table is untouched
    context.add_context_category("cvld", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"), MacroTextSpec("textasciicircum", "^")])
    return LatexNodes2Text(latex_context=context)


_LATEX = _latex_reader()


@settings(max_examples=examples(300))
@given(st.lists(st.one_of(_BIBTEX_HOSTILE, st.text(st.characters(codec="ascii", categories=("L", "N", "P", "S", "Zs")),
                                                   max_size=6)), min_size=1, max_size=8).map("".join))
def test_any_text_is_one_balanced_bibtex_value_read_back_as_written(text):
    value = field_value("title", text)
    entry = f"@misc{{k,\n  title = {value},\n  year = {{2020}}\n}}\n"
    (strict,) = strict_bibtex(entry)  # BibTeX's brace counting: one entry, two fields
    assert strict[2] == {"title": value[1:-1], "year": "2020"}
    library = bibtexparser.parse_string(entry)
    assert library.failed_blocks == [] and len(library.entries) == 1
    assert library.entries[0]["title"] == value[1:-1]
    if not set(text) & set("\"'`-<>"):  # LaTeX reads these as typography: -- an en dash, '' and " closing quotes
        assert _LATEX.latex_to_text(value[1:-1]) == " ".join(text.split())  # the LaTeX means the text


# --- the URL rule's fast path: RFC 3986's URI rule for the authority form, the rest by rfc3987 ---

_URI_SPECIALS = HOSTILE_CHARACTERS + ":/?#[]@!$&'()*+,;=%-._~A9"


def _same_verdict_as_rfc3987(url):
    """ids.is_uri is rfc3987's URI rule; its own pattern accepts nothing rfc3987 refuses, and for an
    authority-form URI without an IP literal (every URL of the example CVs) it decides alone (but for a
    trailing newline, which rfc3987's ``$`` lets through and check_url refuses before)."""
    by_rfc3987 = rfc3987.match(url, rule="URI") is not None
    own = ids._URI_AUTHORITY_FORM.fullmatch(url) is not None
    assert ids.is_uri(url) == by_rfc3987, url
    assert by_rfc3987 or not own, url
    if "[" not in url and "]" not in url and not url.endswith("\n") and _AUTHORITY_FORM.match(url):
        assert own == by_rfc3987, url
    return own


_AUTHORITY_FORM = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def _written_urls():
    """Every http(s) URL written in the example CVs, the committed outputs and the tests' own texts."""
    found = set()
    root = Path(__file__).resolve().parent.parent
    for path in [*root.glob("data/*.yaml"), *root.glob("tests/*.py"), *(root / "tests" / "adversarial").rglob("*"),
                 *(root / "out" / "lei-wu").rglob("*.html")]:
        if path.is_file():
            found |= set(re.findall(r"""https?://[^\s'"<>`\\{}|]+""", path.read_text(encoding="utf-8", errors="replace")))
    return sorted(found)


def test_the_fast_url_rule_gives_rfc3987s_verdict_on_every_written_url_and_each_one_character_change():
    urls = _written_urls()
    assert len(urls) > 200
    assert all(_same_verdict_as_rfc3987(url) for url in re.findall(
        r"""https?://[^\s'"<>`\\{}|]+""", (Path(__file__).resolve().parent.parent / "data" / "lei-wu.yaml").read_text()))
    accepted = sum(_same_verdict_as_rfc3987(url) for url in urls)
    assert 0 < accepted < len(urls)  # both verdicts occur
    for url in ["https://example.org/a/b?c=d#e", "http://u:p@1.2.3.4:80/x/%41?q=/?#f/?", "http://[::1]:8080/x",
                "https://x.org/%7e;p=(1)!$&'*+,@:"]:
        for at in range(len(url) + 1):
            for ch in _URI_SPECIALS:
                _same_verdict_as_rfc3987(url[:at] + ch + url[at:])
            _same_verdict_as_rfc3987(url[:at] + url[at + 1:])  # and each character left out


@settings(max_examples=examples(400))
@given(st.one_of(http_urls(), near_valid_urls()))
def test_the_fast_url_rule_gives_rfc3987s_verdict_on_drawn_urls(url):
    _same_verdict_as_rfc3987(ids._NON_ASCII.sub(lambda run: quote(run.group(), safe=""), url))

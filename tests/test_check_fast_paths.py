"""``cvld check``'s fast paths give the findings of their reference paths, word for word.

- SHACL: :mod:`cvld.rdf.shapes` picks the focus nodes that may violate a shape and pyshacl
  judges only the part of the graph about them; the reference is pyshacl on the whole graph.
  Graphs with errors are made by damaging valid ones (lines dropped, a property copied onto
  another node, odd literals), from the example CV and from generated CVs.
- The paper pages' JSON-LD: a page that embeds its work's node as the web graph has it takes
  that node's expansion from the graph's; the reference expands every page with pyld.

(How much faster is measured in ``bench/run.py``, the ``check`` rows, not here.)
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cv_documents, write_cv

import cvld.web.check as web_check
from cvld.api import load_cv
from cvld.core.diagnostics import Report
from cvld.jsonld.check import expanded_or_none, node_expansions, part_expansion
from cvld.jsonld.context import expand
from cvld.jsonld.write import build_jsonld, work_jsonld
from cvld.rdf.build import KnowledgeGraph, build_graph
from cvld.rdf.check import validate
from cvld.rdf.shapes import Unsupported, suspects

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "lei-wu.yaml"
EXAMPLES = (EXAMPLE, ROOT / "data" / "ada-grant.yaml")  # the second has grants and amounts (sh:pattern)
VOCABS = ("schema", "vivo")
ODD_OBJECTS = ['"0"^^<http://www.w3.org/2001/XMLSchema#int>', '"eur"', '"EUR"', '"12.50"', '"1e3"',
               '"5"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"05"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"x"^^<http://www.w3.org/2001/XMLSchema#int>',
               '"-3"^^<http://www.w3.org/2001/XMLSchema#integer>', '""', '"2020"', '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>',
               '"2020-01-01T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>', '"2020-13-01T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
               '<http://vivoweb.org/ontology/core#yearPrecision>', '<http://schema.org/Person>', '_:odd', '"a"@en']


def _example(path=EXAMPLE):
    return load_cv(path, Report())


def _generated(doc):
    with tempfile.TemporaryDirectory() as folder:
        return load_cv(write_cv(doc, Path(folder)), Report())


def _damaged(graph: KnowledgeGraph, choices: list[tuple[int, int, int, int]]) -> KnowledgeGraph:
    """``graph`` with each choice applied: drop a line, copy a line's predicate and object onto another
    line's subject, or give a line another object."""
    lines = list(graph.lines)
    for kind, i, j, k in choices:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        subject, predicate, rest = lines[i].split(" ", 2)
        if kind == 0:
            lines.pop(i)
        elif kind == 1:
            lines.append(f"{lines[j].split(' ', 1)[0]} {predicate} {rest}")
        else:
            lines[i] = f"{subject} {predicate} {ODD_OBJECTS[k % len(ODD_OBJECTS)]} ."
    return KnowledgeGraph(sorted(set(lines)), graph.origins)


DAMAGE = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 50)),
                  min_size=1, max_size=6)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("vocab", VOCABS)
def test_the_example_graph_is_valid_by_both_paths_and_its_fast_path_runs_no_pyshacl(vocab, path, monkeypatch):
    graph = build_graph([_example(path)], vocab=vocab)
    assert validate(graph, vocab, fast=False) == []
    assert suspects(graph.lines, vocab).focus == set()  # nothing for pyshacl to judge
    monkeypatch.setattr("pyshacl.validate", lambda *a, **k: pytest.fail("pyshacl ran on a valid graph"))
    assert validate(graph, vocab) == []


@settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(EXAMPLES), vocab=st.sampled_from(VOCABS), damage=DAMAGE)
def test_a_damaged_example_graph_has_the_same_findings_by_both_paths(path, vocab, damage):
    graph = _damaged(build_graph([_example(path)], vocab=vocab), damage)
    assert validate(graph, vocab) == validate(graph, vocab, fast=False)


@settings(max_examples=examples(5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=cv_documents(max_authors=6, max_items=3), vocab=st.sampled_from(VOCABS), damage=DAMAGE)
def test_a_damaged_generated_graph_has_the_same_findings_by_both_paths(doc, vocab, damage):
    graph = _damaged(build_graph([_generated(doc)], vocab=vocab), damage)
    assert validate(graph, vocab) == validate(graph, vocab, fast=False)


def test_a_known_violation_is_reported_alike_at_its_record():
    graph = build_graph([_example()], vocab="vivo")
    iri = "https://leiwu0.github.io/papers/e2019apriori/#work-authorship-1"
    rank = next(line for line in graph.lines if line.startswith(f"<{iri}> <http://vivoweb.org/ontology/core#rank>"))
    damaged = KnowledgeGraph(sorted(set(graph.lines) - {rank}), graph.origins)
    found = validate(damaged, "vivo")
    assert found == validate(damaged, "vivo", fast=False)
    assert [str(d) for d in found] == [
        f"{EXAMPLE}:189:5: works[8]: vivo graph: <{iri}>: an authorship needs exactly one vivo:rank, "
        "a whole number from 1 [vivo:rank]"]


def test_a_graph_the_evaluator_cannot_judge_goes_to_pyshacl_whole():
    graph = build_graph([_example()], vocab="schema")
    line = "<http://schema.org/Person> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/Thing> ."
    widened = KnowledgeGraph(sorted(set(graph.lines) | {line}), graph.origins)
    with pytest.raises(Unsupported, match="subclasses"):
        suspects(widened.lines, "schema")
    assert validate(widened, "schema") == validate(widened, "schema", fast=False) == []


# --- the paper pages' JSON-LD ---------------------------------------------------------------


def _web_findings_both_ways(cv, monkeypatch):
    fast = web_check.check_web(cv)
    with monkeypatch.context() as patched:
        patched.setattr(web_check, "part_expansion", lambda *args: None)  # the reference: pyld on every page
        reference = web_check.check_web(cv)
    return fast, reference


def test_the_example_pages_take_their_expansion_from_the_graph_and_find_the_same(monkeypatch):
    cv = _example()
    graph = build_jsonld(cv, profile="web")
    nodes = node_expansions(graph, expanded_or_none(graph))
    for work in cv.works:
        page = work_jsonld(cv, work, profile="web")
        assert part_expansion(page, graph, nodes) == expand(page)
        changed = {**page, "headline": page["headline"] + " (changed)"}
        assert part_expansion(changed, graph, nodes) is None  # not the graph's node: expanded on its own
        assert part_expansion({**page, "@context": "https://schema.org/other"}, graph, nodes) is None
    fast, reference = _web_findings_both_ways(cv, monkeypatch)
    assert fast == reference


@settings(max_examples=examples(6), deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=cv_documents(max_authors=6, max_items=3))
def test_generated_pages_find_the_same_by_both_paths(doc):
    cv = _generated(doc)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, reference = _web_findings_both_ways(cv, monkeypatch)
    assert fast == reference


def test_a_finding_about_a_literal_is_located_at_the_record_holding_it_by_both_paths():
    graph = build_graph([_example()], vocab="schema")
    first = next(line for line in graph.lines if "22-rdf-syntax-ns#first>" in line)
    odd = first.rsplit(" ", 2)[0] + ' "5"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    damaged = KnowledgeGraph(sorted(set(graph.lines) - {first} | {odd}), graph.origins)
    found = validate(damaged, "schema")
    assert found == validate(damaged, "schema", fast=False)
    about_literal = [d for d in found if d.message.startswith("schema graph: 5: ")]
    assert about_literal and all(d.location.file == str(EXAMPLE) and d.location.line > 0 for d in about_literal)


# --- the site's pages read from their heads ---------------------------------------------------

import cvld.web.write as web_write  # noqa: E402
from cvld.jsonld.check import expand_document, vocabulary_findings  # noqa: E402
from cvld.jsonld.expansion import own_expansion  # noqa: E402
from cvld.model.iris import Iris  # noqa: E402

# texts an HTML parser may give back otherwise, and texts it gives back as they are
ODD_TEXTS = ["", " ", "  lead and trail  ", "tab\there", "line\nbreak", "cr\rhere", "nul\x00", "del\x7f", "c1\x85",
             "nonchar\ufffe", "plane\U0001fffe", "&amp; &lt;b&gt; &#123; &", "</title><meta name=\"x\" content=\"y\">",
             "{{ liquid }} {% tag %}", "\u00e9\u2013\u201c\U0001f600", "\\u003c", '"quoted" \'single\'', "x" * 300]


def _both_page_paths(cv, base=None, monkeypatch=None):
    return web_check.check_web(cv, base=base), web_check.check_web(cv, base=base, fast=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("base", [None, "https://site.example.org/cv/"])
def test_every_example_page_read_from_its_head_is_the_page_parsed_back(path, base):
    cv = _example(path)
    iris = web_write.site_iris(cv, base)
    pairs = [(web_write.snippet_head(cv, base), lambda: web_write.render_snippet(cv, base), False),
             (web_write.index_head(cv, iris), lambda: web_write.render_index(cv, iris), True)]
    pairs += [(web_write.paper_head(cv, w, iris), lambda w=w: web_write.render_paper(cv, w, iris), True)
              for w in cv.works]
    for head, render, viewport in pairs:
        read = web_check.Page.from_head(head, viewport=viewport)
        parsed = web_check.Page.parse(render())
        assert read is not None
        assert (read.title, read.names, read.properties, read.canonical) == \
            (parsed.title, parsed.names, parsed.properties, parsed.canonical)
        assert read.documents == [json.loads(text) for text in parsed.scripts]
        assert [list(d) for d in read.documents] == [list(json.loads(t)) for t in parsed.scripts]  # key order too
    fast, reference = _both_page_paths(cv, base)
    assert fast == reference


def _damaged_heads(monkeypatch, damage):
    """Every head the site check reads, with texts from ``damage`` put into its fields."""
    def damaging(make):
        def made(*args, **kwargs):
            head = make(*args, **kwargs)
            for field, index, text in damage:
                if field == "title":
                    head.title = text
                elif field == "description":
                    head.description = text
                elif field == "canonical":
                    head.canonical = text
                elif field in ("meta_names", "meta_properties"):
                    pairs = getattr(head, field)
                    if pairs:
                        name, _ = pairs[index % len(pairs)]
                        pairs[index % len(pairs)] = (name, text)
                    else:
                        pairs.append(("citation_title", text))
                elif field == "tag":
                    head.meta_names.append((["citation_abstract", "citation_pdf_url", "citation_publication_date",
                                             "citation_title", "og:image"][index % 5], text))
                elif field == "drop":
                    head.meta_names = [pair for i, pair in enumerate(head.meta_names) if i != index % 7]
                elif field == "jsonld" and head.jsonld:
                    head.jsonld = {**head.jsonld, ["name", "pageCount", "headline", "@type", "url"][index % 5]: text}
                elif field == "no-jsonld":
                    head.jsonld = None
            return head
        return made

    for name in ("paper_head", "snippet_head", "index_head"):
        monkeypatch.setattr(web_check, name, damaging(getattr(web_write, name)))


HEAD_DAMAGE = st.lists(st.tuples(st.sampled_from(["title", "description", "canonical", "meta_names", "meta_properties",
                                                  "tag", "drop", "jsonld", "no-jsonld"]),
                                 st.integers(0, 50), st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=12))),
                       min_size=1, max_size=5)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=list(HealthCheck))
@given(damage=HEAD_DAMAGE, path=st.sampled_from(EXAMPLES))
def test_damaged_heads_give_the_same_findings_read_or_rendered_and_parsed(damage, path):
    cv = _example(path)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _damaged_heads(monkeypatch, damage)
        fast, reference = _both_page_paths(cv)
    assert fast == reference


def test_a_head_with_a_text_the_parser_may_change_is_rendered_and_parsed():
    cv = _example()
    head = web_write.paper_head(cv, cv.works[0], Iris.for_cv(cv))
    assert web_check.Page.from_head(head, viewport=True) is not None
    for odd in ("nul\x00", "cr\r", "del\x7f", "\ufdd0", "\ud800", "  "):
        head.title = odd
        assert web_check.Page.from_head(head, viewport=True) is None
    head.title = "fine"
    head.jsonld = {**head.jsonld, "name": "c1\x9f"}  # raw in the JSON text of the script
    assert web_check.Page.from_head(head, viewport=True) is None
    assert web_check.Page.from_head(head, viewport=True, scripts=False) is not None


@settings(max_examples=examples(6), deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=cv_documents(max_authors=6, max_items=3), base=st.sampled_from([None, "https://k.example.org/"]))
def test_generated_sites_find_the_same_read_or_rendered_and_parsed(doc, base):
    fast, reference = _both_page_paths(_generated(doc), base)
    assert fast == reference


def test_a_page_whose_node_reads_other_types_than_the_graph_has_is_walked(monkeypatch):
    """An author typed in the graph (a Person) but not on the page: the page's own walk runs, and finds
    what the graph's does not."""
    cv = _example()
    head_of = web_write.paper_head

    def retyped(cv, work, iris):
        head = head_of(cv, work, iris)
        if work.key == cv.works[0].key:  # the owner as the value of a property that wants a Place
            head.jsonld = {**head.jsonld, "locationCreated": {"@id": Iris.for_cv(cv).owner()}}
        return head

    monkeypatch.setattr(web_check, "paper_head", retyped)
    fast, reference = _both_page_paths(cv)
    assert fast == reference
    assert any("locationCreated" in d.message for d in fast)


# --- cvld's JSON-LD expanded by its own reader ------------------------------------------------


def _same_expansion(doc) -> bool:
    """Whether cvld's reader gives pyld's expansion of ``doc``, key order included (or declines it)."""
    own = own_expansion(doc)
    if own is None:
        return True
    return json.dumps(own) == json.dumps(expand(json.loads(json.dumps(doc))))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_expand_alike_by_cvlds_reader_and_by_pyld(path):
    cv = _example(path)
    for profile in ("web", "full"):
        for base in (None, "https://k.example.org/dept/"):
            doc = build_jsonld(cv, profile=profile, base=base)
            assert own_expansion(doc) is not None  # read, not declined
            assert _same_expansion(doc)
            for work in cv.works:
                page = work_jsonld(cv, work, profile=profile, base=base)
                assert own_expansion(page) is not None and _same_expansion(page)


@settings(max_examples=examples(8), deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=cv_documents(max_authors=6, max_items=3), profile=st.sampled_from(["web", "full"]))
def test_generated_cvs_expand_alike_by_cvlds_reader_and_by_pyld(doc, profile):
    cv = _generated(doc)
    built = build_jsonld(cv, profile=profile)
    assert own_expansion(built) is not None and _same_expansion(built)


ODD_VALUES = [None, "", "x", "relative/path", "_:b0", "schema:Person", "cvld:Thing", "mailto:a@b.example", "urn:x:y",
              "http://a b", "https:x y", "@id", "@foo", 3, 2.5, True, [], [None], ["a", None, "b"], [["nested"]],
              {}, {"@id": "https://x.example/n"}, {"@id": "rel"}, {"@value": "v"}, {"@value": "v", "@language": "en"},
              {"@list": ["a", "b"]}, {"@list": [["x"]]}, {"@type": "Person", "name": "P"}, {"@type": []},
              {"@context": {"x": "http://x/"}, "name": "n"}, {"@id": "https://x.example/m", "@type": ["Person", "Thing"]}]
ODD_KEYS = ["name", "url", "sameAs", "startDate", "author", "type", "id", "@type", "@id", "@reverse", "@foo",
            "schema:name", "http://schema.org/name", "cvld:workType", "cvld:versionOf", "cvld:unknown", "notATerm",
            "with space", "dc:title", "_:b", "0name", "HTML"]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(EXAMPLES), profile=st.sampled_from(["web", "full"]),
       damage=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(ODD_KEYS), st.sampled_from(ODD_VALUES)),
                       min_size=1, max_size=4))
def test_damaged_documents_expand_alike_or_go_to_pyld_and_are_judged_alike(path, profile, damage):
    """Nodes given odd keys and values: cvld's reader gives pyld's expansion or declines, and the
    vocabulary check's findings are the same either way."""
    from pyld.jsonld import JsonLdError

    doc = build_jsonld(_example(path), profile=profile)
    nodes = [n for n in _node_dicts(doc["@graph"])]
    for where, key, value in damage:
        nodes[where % len(nodes)][key] = value
    try:
        reference = expand(json.loads(json.dumps(doc)))
    except JsonLdError:
        assert own_expansion(doc) is None
        return
    own = own_expansion(doc)
    if own is not None:
        assert json.dumps(own) == json.dumps(reference)
        assert vocabulary_findings(doc, expanded=own) == vocabulary_findings(doc, expanded=reference)
    assert json.dumps(expand_document(doc)) == json.dumps(reference)


def _node_dicts(value):
    if isinstance(value, list):
        for item in value:
            yield from _node_dicts(item)
    elif isinstance(value, dict):
        if "@value" not in value and "@list" not in value:
            yield value
        for key, item in value.items():
            if key != "@context":
                yield from _node_dicts(item)


@pytest.mark.parametrize("doc", [
    {"@context": "https://example.org/other", "@graph": [{"@id": "https://x.example/", "@type": "Person"}]},
    {"@context": "https://schema.org", "@graph": [{"@id": "https://x.example/"}]},  # free-floating: pyld drops it
    {"@context": "https://schema.org", "@graph": ["text"]},
    {"@context": "https://schema.org", "@id": "https://x.example/", "@graph": []},
    {"@context": {"@language": "en"}, "@graph": [{"@id": "https://x.example/", "@type": "Person"}]},
    {"@context": "https://schema.org", "@graph": [{"@id": "relative", "@type": "Person"}]},
    {"@context": "https://schema.org", "@graph": [{"@id": "_:b0", "@type": "Person"}]},
    {"@context": "https://schema.org", "@graph": [{"@type": "Person", "name": {"@value": "x"}}]},
    {"@context": "https://schema.org", "@graph": [{"@type": "Person", "startDate": 2020}]},
    {"graph": []},
], ids=range(10))
def test_what_cvlds_reader_does_not_read_it_declines(doc):
    assert own_expansion(doc) is None


# --- check in two processes --------------------------------------------------------------------


def test_check_in_two_processes_finds_the_same_in_the_same_order(tmp_path):
    from cvld.api import check_files

    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("homepage: https://leiwu0.github.io/",
                                                                  "homepage: https://leiwu0.github.io/#x#y"),
                      encoding="utf-8")
    paths = [*EXAMPLES, broken]
    one = check_files(paths, jobs=1)
    two = check_files(paths, jobs=2)
    assert one[0].diagnostics == two[0].diagnostics and one[2] == two[2]
    assert [cv.source for cv in one[1]] == [cv.source for cv in two[1]]
    assert len(one[0].diagnostics) > 100


@pytest.mark.parametrize("works_needed, processes", [(10**9, 1), (1, 3)])
def test_check_forks_by_default_only_for_many_works(monkeypatch, works_needed, processes):
    """Without ``jobs``, the checks run in one process per core once the CVs hold CHECK_IN_PROCESSES works."""
    import cvld.api as api

    asked = []
    real = api.ordered_map
    monkeypatch.setattr(api, "CHECK_IN_PROCESSES", works_needed)
    monkeypatch.setattr(api, "cores", lambda: 3)
    monkeypatch.setattr(api, "ordered_map", lambda function, items, jobs: asked.append(jobs) or real(function, items, jobs))
    report, cvs, _ = api.check_files(EXAMPLES)
    assert asked == [processes]
    assert report.diagnostics == api.check_files(EXAMPLES, jobs=1)[0].diagnostics

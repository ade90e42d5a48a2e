"""The rules of cvld enrich one by one: what counts as the same title, year and first author, ROR's
chosen match, the answers' shapes, the cache, the polite client's waits, and the YAML edit."""

from __future__ import annotations

import datetime
import email.utils
import time

import pytest

from cvld.core import http
from cvld.enrich.cache import AnswerCache
from cvld.enrich.crossref import Candidate, parse_works
from cvld.enrich.edit import Document
from cvld.enrich.plan import comparable_title, judge_organisation, judge_work, shown
from cvld.enrich.ror import Match, affiliation, parse_matches
from cvld.model.dates import parse_date
from cvld.model.records import Author, Organisation, Person, Work

TODAY = datetime.date(2026, 12, 1)


def work(title="Deep learning for fluids", year=2020, first=("Lei", "Wu"), status="published", type="journal-article",
         key="w"):
    person = Person(key="p", name=" ".join(first), given_name=first[0], family_name=first[1])
    return Work(key=key, type=type, title=title, authors=(Author(person),), date=parse_date(str(year)), status=status)


def candidate(doi="10.1234/x", title="Deep learning for fluids", year=2020, families=("Wu",), type="journal-article"):
    return Candidate(doi, (title,), year, families, 12.5, type, None)


@pytest.mark.parametrize("theirs", [
    "Deep Learning for Fluids", "Deep learning for fluids.", "<i>Deep</i> learning for <b>fluids</b>",
    "Deep  learning\nfor fluids", "Deep learning for fluids&#x2e;", "DEEP LEARNING FOR FLUIDS",
])
def test_titles_that_are_the_same(theirs):
    assert comparable_title(theirs) == comparable_title("Deep learning for fluids")


@pytest.mark.parametrize("ours, theirs", [
    ("Non-Newtonian fluid models", "Non Newtonian fluid models"),
    ("Schrödinger's équation: what we know", "Schrodinger\u2019s Equation - What We Know"),
    ("A &amp; B", "A & B"),
])
def test_titles_that_are_the_same_after_folding(ours, theirs):
    assert comparable_title(ours) == comparable_title(theirs)


@pytest.mark.parametrize("theirs", ["Deep learning for fluid", "Deep learning for fluids, part II",
                                    "Learning for fluids", ""])
def test_titles_that_differ(theirs):
    assert comparable_title(theirs) != comparable_title("Deep learning for fluids")


def test_a_subtitle_given_apart_is_part_of_the_title():
    found = parse_works({"message": {"items": [{"DOI": "10.1234/x", "title": ["Deep learning"], "subtitle": ["for fluids"],
                                                "author": [{"family": "Wu", "sequence": "first"}],
                                                "issued": {"date-parts": [[2020]]}}]}})
    verdict = judge_work(work(title="Deep learning: for fluids"), found, {})
    assert verdict.taken == found[0]


@pytest.mark.parametrize("year, taken", [(2019, True), (2020, True), (2021, True), (2018, False), (2022, False),
                                         (None, False)])
def test_the_year_is_within_one_year(year, taken):
    verdict = judge_work(work(year=2020), [candidate(year=year)], {})
    assert (verdict.taken is not None) == taken
    if not taken:
        assert verdict.lines[0].endswith("no year" if year is None else f"the year {year} is not within one year "
                                                                          "of 2020")


@pytest.mark.parametrize("families, taken", [(("Wu", "Ma"), True), (("WU",), True), (("Wú",), True),
                                             (("Ma", "Wu"), False), ((), False)])
def test_the_first_author_family_name_agrees(families, taken):
    verdict = judge_work(work(), [candidate(families=families)], {})
    assert (verdict.taken is not None) == taken


def test_the_first_author_is_the_one_crossref_marks_first():
    found = parse_works({"message": {"items": [{"DOI": "10.1234/x", "title": ["T"], "issued": {"date-parts": [[2020]]},
                                                "author": [{"family": "Ma", "sequence": "additional"},
                                                           {"family": "Wu", "sequence": "first"}]}]}})
    assert found[0].families == ("Wu", "Ma")


def test_a_doi_of_another_work_of_the_cv_is_not_taken():
    verdict = judge_work(work(key="a"), [candidate(doi="10.1234/X")], {"10.1234/x": "b"})
    assert verdict.taken is None
    assert verdict.lines == ["left 10.1234/X (score 12.5; 'Deep learning for fluids', 2020, Wu, journal-article): "
                             "already the DOI of work 'b'"]


def test_a_preprint_takes_a_posted_content_doi_and_links_a_published_one():
    preprint = work(status="preprint", type="preprint")
    verdict = judge_work(preprint, [candidate("10.1234/journal"), candidate("10.1234/posted", type="posted-content")],
                         {"10.1234/journal": "published"})
    assert verdict.taken.doi == "10.1234/posted" and verdict.published.doi == "10.1234/journal"
    published = judge_work(work(), [candidate("10.1234/posted", type="posted-content")], {})
    assert published.taken is None
    assert published.lines[0].endswith("a preprint (posted-content), not the published work")


def test_answers_of_the_wrong_shape_give_no_candidates():
    for answer in [{}, {"message": None}, {"message": {"items": {}}}, {"message": {"items": [None, 3, "x"]}},
                   {"message": {"items": [{"DOI": 5}, {"title": ["no DOI"]}]}}]:
        assert parse_works(answer) == []
    odd = parse_works({"message": {"items": [{"DOI": " 10.1234/x ", "title": "not a list", "author": "x",
                                              "issued": {"date-parts": [["2019", 1]]}, "score": "high"}]}})
    assert odd == [Candidate("10.1234/x", ("not a list",), 2019, (), None, "", None)]
    assert parse_matches({"items": [{"organization": {"id": 5}}, "x", {"chosen": True}]}) == []


def test_ror_takes_only_the_chosen_match():
    org = Organisation(key="pku", name="Peking University", city="Beijing", country="CN")
    assert affiliation(org) == "Peking University, Beijing, China"
    chosen = Match("https://ror.org/02v51f717", "Peking University", True, 0.9, "PHRASE", "CN", "Beijing")
    best = Match("https://ror.org/022k4wk35", "Beijing Normal University", False, 1.0, "FUZZY", "CN", "Beijing")
    assert judge_organisation(org, [best, chosen]).taken == chosen
    verdict = judge_organisation(org, [best])
    assert verdict.taken is None
    assert verdict.lines == ["no match ROR is sure of: add the right ror id by hand if it is one of these",
                             "candidate Beijing Normal University (https://ror.org/022k4wk35; score 1, FUZZY; "
                             "Beijing, CN)"]
    assert judge_organisation(org, []).lines == ["no match ROR is sure of: ROR has no candidates"]


def test_service_text_is_shown_without_control_characters():
    assert shown("a\nb\x1b[31mc\u202e") == "a\\nb\\x1b[31mc\\u202e"


# --- the polite client -----------------------------------------------------------------------

def test_retry_after_in_seconds_or_as_a_date():
    assert http.retry_delay(1, "3") == 3.0
    now = time.time()
    assert 59 <= http.retry_delay(1, email.utils.formatdate(now + 60, usegmt=True), now=now) <= 61
    assert http.retry_delay(1, email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert http.retry_delay(1, "soon") == 2.0 and http.retry_delay(2) == 4.0 and http.retry_delay(9) == http.MAX_DELAY


def test_query_strings_and_user_agent():
    assert http.with_query("http://h/works", {"query.bibliographic": "a b&c", "rows": 5, "x": None}) == \
        "http://h/works?query.bibliographic=a+b%26c&rows=5"
    assert http.with_query("http://h/w?a=1", {"b": "2"}) == "http://h/w?a=1&b=2"
    assert http.user_agent() == http.USER_AGENT
    assert http.user_agent("me@example.org").endswith("; mailto:me@example.org)")


def test_the_throttle_spaces_requests():
    throttle = http.Throttle(0.1)
    started = time.monotonic()
    for _ in range(4):
        throttle.wait()
    assert time.monotonic() - started >= 0.3


# --- the cache -------------------------------------------------------------------------------

def test_the_cache_keeps_answers_for_a_while(tmp_path):
    cache = AnswerCache(tmp_path, TODAY)
    assert cache.get("http://h/q") is None
    cache.put("http://h/q", '{"a": 1}')
    assert cache.get("http://h/q") == '{"a": 1}'
    assert AnswerCache(tmp_path, TODAY + datetime.timedelta(days=30)).get("http://h/q") == '{"a": 1}'
    assert AnswerCache(tmp_path, TODAY + datetime.timedelta(days=31)).get("http://h/q") is None
    assert AnswerCache(tmp_path, TODAY - datetime.timedelta(days=1)).get("http://h/q") is None  # from the future
    assert AnswerCache(None, TODAY).get("http://h/q") is None


def test_a_damaged_cache_file_is_asked_again(tmp_path):
    cache = AnswerCache(tmp_path, TODAY)
    cache.put("k", "v")
    [path] = tmp_path.rglob("*.json")
    for damage in ["not json", '{"key": "other", "asked": "2026-12-01", "answer": "v"}', "[]",
                   '{"key": "k", "asked": "yesterday", "answer": "v"}', '{"key": "k", "asked": "2026-12-01", "answer": 3}']:
        path.write_text(damage, encoding="utf-8")
        assert cache.get("k") is None


def test_a_cache_that_cannot_be_written_is_said(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = AnswerCache(blocker / "cache", TODAY)
    cache.put("k", "v")
    assert cache.problem.startswith(f"cannot keep answers in {blocker / 'cache'}: ")


# --- the YAML edit ---------------------------------------------------------------------------

def test_the_edit_keeps_comments_and_layout():
    text = ("# top comment\n"
            "organisations:\n"
            "  a: {name: A, country: CN}   # mine\n"
            "  b:\n"
            "    name: B  # the name\n"
            "    country: US\n"
            "\n"
            "  # the next one\n"
            "  c: {name: C}\n"
            "  mit.csail: {name: MIT}\n"
            "teaching:\n"
            "  - {course: X, organisation: {name: D, country: FR}}\n"
            "works:\n"
            "  - key: w\n"
            "    title: T  # a comment\n"
            "    date: 2020\n"
            "\n"
            "  # Preprints\n"
            "  - key: p\n"
            "    title: P\n")
    document = Document(text)
    document.set("organisations.a", "ror", "https://ror.org/02v51f717", "ror found")
    document.set("organisations.b", "ror", "https://ror.org/00hx57361", "ror found")
    document.set("teaching[0].organisation", "ror", "https://ror.org/05h992307", "ror found")
    document.set("organisations.mit.csail", "ror", "https://ror.org/042nb2s44", "ror found")
    document.set("works[0]", "doi", "10.1234/x", "doi found")
    document.set("works[1]", "version_of", "w", "link found")
    assert document.text() == (
        "# top comment\n"
        "organisations:\n"
        "  a: {name: A, country: CN, ror: https://ror.org/02v51f717} # mine; ror found\n"
        "  b:\n"
        "    name: B  # the name\n"
        "    country: US\n"
        "    ror: https://ror.org/00hx57361  # ror found\n"
        "\n"
        "  # the next one\n"
        "  c: {name: C}\n"
        "  mit.csail: {name: MIT, ror: https://ror.org/042nb2s44}  # ror found\n"
        "teaching:\n"
        "  - {course: X, organisation: {name: D, country: FR, ror: https://ror.org/05h992307}}  # ror found\n"
        "works:\n"
        "  - key: w\n"
        "    title: T  # a comment\n"
        "    date: 2020\n"
        "    doi: 10.1234/x  # doi found\n"
        "\n"
        "  # Preprints\n"
        "  - key: p\n"
        "    title: P\n"
        "    version_of: w  # link found\n")


def test_no_change_gives_the_text_back_byte_for_byte():
    text = "works:   # odd spacing kept\n  -   key: w\n      title:   'T'\n"
    assert Document(text).text() == text


def test_affiliations_of_people_written_in_place(tmp_path):
    from enrich_fixtures import ROR_ORGANISATIONS
    from fake_services import FakeRor

    from cvld import api

    path = tmp_path / "cv.yaml"
    path.write_text("person:\n  key: lei-wu\n  name: Lei Wu\n"
                    "people:\n  weinan-e: {name: Weinan E, affiliation: {name: Peking University, country: CN}}\n"
                    "  guang-lin: {name: Guang Lin, affiliation: pu}\n"
                    "organisations:\n  pu: {name: Princeton University, city: Princeton, country: US}\n",
                    encoding="utf-8")
    with FakeRor(ROR_ORGANISATIONS) as ror:
        result = api.enrich(path, dois=False, ror_url=ror.url, use_cache=False, interval=0, in_place=True,
                            today=TODAY)
    assert [r.params["affiliation"] for r in ror.requests] == ["Peking University, China", "Princeton University, "
                                                               "Princeton, United States of America"]
    assert result.outcome.rors == 2
    assert path.read_text(encoding="utf-8") == (
        "person:\n  key: lei-wu\n  name: Lei Wu\n"
        "people:\n  weinan-e: {name: Weinan E, affiliation: {name: Peking University, country: CN, "
        "ror: https://ror.org/02v51f717}}  # ror found by cvld enrich in ROR on 2026-12-01\n"
        "  guang-lin: {name: Guang Lin, affiliation: pu}\n"
        "organisations:\n  pu: {name: Princeton University, city: Princeton, country: US, "
        "ror: https://ror.org/00hx57361}  # ror found by cvld enrich in ROR on 2026-12-01\n")

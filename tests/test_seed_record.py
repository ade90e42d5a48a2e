"""data/lei-wu.yaml holds every item of the seed CV, checked item by item against the seed text."""

from __future__ import annotations

import re

import pytest

from conftest import shared_path


@pytest.fixture(scope="module")
def seed_text():
    return shared_path("seed", "lei-wu-cv.txt").read_text(encoding="utf-8")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", "")).strip().lower()


def _seed_publication_lines(seed_text: str) -> list[str]:
    return [line for line in seed_text.splitlines() if re.match(r"^- \[\d+\] ", line)]


def test_section_counts(lei_wu):
    assert len(lei_wu.education) == 4
    assert [e.kind for e in lei_wu.education] == ["degree", "visiting", "visiting", "degree"]
    assert len(lei_wu.positions) == 2
    assert len([w for w in lei_wu.works if w.status == "published"]) == 15
    assert len([w for w in lei_wu.works if w.status == "preprint"]) == 4
    assert len(lei_wu.teaching) == 7
    assert len(lei_wu.talks) == 4
    assert sum(len(t.given) for t in lei_wu.talks) == 5
    assert len(lei_wu.service) == 9
    assert len(lei_wu.coauthors) == 17


def test_every_seed_publication_is_a_work_with_its_authors_in_order(lei_wu, seed_text):
    lines = _seed_publication_lines(seed_text)
    assert len(lines) == 19
    matched = set()
    for work in lei_wu.works:
        title = _plain(work.title)
        hits = [line for line in lines if title in _plain(line)]
        assert len(hits) == 1, f"{work.key}: title not found once in the seed"
        line = hits[0]
        matched.add(line)
        # the author list is everything before the title, with marks written as '*'
        raw = re.sub(r"^- \[\d+\] ", "", line)
        position = _plain(raw).index(title)
        # map the position back: authors end at the title's first word in the raw text
        opening = re.escape(" ".join(work.title.split()[:3]))
        author_text = raw[: re.search(r"\.\s+\*?" + opening, raw, re.IGNORECASE).start() + 1]
        if position == 0:
            author_text = ""
        author_text = author_text.replace("**", "").rstrip()
        if author_text.endswith(". *"):  # an italic title's opening mark
            author_text = author_text[:-2]
        author_text = author_text.rstrip(" .")
        names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", author_text) if n.strip()]
        seed_authors = [(n.rstrip("*").strip(), n.endswith("*")) for n in names]
        model_authors = [(a.person.name, a.equal_contribution) for a in work.authors]
        assert model_authors == seed_authors, work.key
        assert work.date.iso() in line
        if work.venue:
            assert _plain(work.venue.name) in _plain(line)
            if work.venue.short:
                assert f"({work.venue.short})" in line
        if work.arxiv:
            assert str(work.arxiv) in line
        if work.volume:
            assert f"{work.volume}:{work.article_number}" in line
    assert len(matched) == 19


def test_the_owner_is_marked_in_every_work(lei_wu):
    for work in lei_wu.works:
        assert [a.person.key for a in work.authors].count("lei-wu") == 1, work.key


def test_preprints_keep_arxiv_ids_as_written(lei_wu):
    preprints = {w.key: str(w.arxiv) for w in lei_wu.works if w.status == "preprint"}
    assert preprints == {
        "ma2020adaptive": "2009.06125",
        "ma2020quenching": "2006.14450",
        "li2020complexity": "2009.06132",
        "e2019skip": "1904.05263",
    }
    assert str(lei_wu.work("wu2020transferability").arxiv) == "1802.09707"


def test_no_fact_beyond_the_seed(lei_wu):
    for work in lei_wu.works:
        assert work.doi is None and work.pages is None and work.issue is None, work.key
    for org in lei_wu.organisations.values():
        assert org.ringgold is None and org.grid is None
    # the ROR ids that ROR lists for four of the organisations (issue 21), and no other
    assert {key: org.ror for key, org in lei_wu.organisations.items() if org.ror} == {
        "pku": "https://ror.org/02v51f717", "princeton-pacm": "https://ror.org/00hx57361",
        "nankai": "https://ror.org/01y1kjr75", "pnnl": "https://ror.org/05h992307"}


def test_education_positions_and_people(lei_wu, seed_text):
    phd, princeton, pnnl, bs = lei_wu.education
    assert (phd.degree, phd.field, phd.organisation.name, phd.start.iso(), phd.end.iso()) == (
        "Ph.D.", "Computational Mathematics", "Peking University", "2012-07", "2018-07")
    assert [p.name for p in phd.advisors] == ["Weinan E"]
    assert [p.name for p in princeton.mentors] == ["Weinan E"]
    assert [p.name for p in pnnl.mentors] == ["Guang Lin"]
    assert (bs.degree, bs.field, bs.start.iso(), bs.end.iso()) == ("B.S.", "Pure Mathematics", "2008-09", "2012-06")
    postdoc, assistant = lei_wu.positions
    assert postdoc.current and postdoc.end is None and postdoc.start.iso() == "2018-11"
    assert (assistant.title, assistant.start.iso(), assistant.end.iso()) == ("Research Assistant", "2018-07", "2018-11")
    weinan = lei_wu.people["weinan-e"]
    assert (weinan.given_name, weinan.family_name) == ("Weinan", "E")
    owner = lei_wu.owner
    assert owner.email in seed_text and owner.homepage in seed_text
    assert owner.address.postal_code == "08544" and owner.address.street in seed_text
    assert len(owner.interests) == 2 and all(i in seed_text for i in owner.interests)
    assert lei_wu.legend.equal_contribution in seed_text


def test_teaching_talks_and_service_match_the_seed(lei_wu, seed_text):
    for item in lei_wu.teaching:
        assert f"{item.term.label} **" in seed_text and item.course in seed_text
    assert [t.role for t in lei_wu.teaching].count("teaching-assistant") == 4
    for talk in lei_wu.talks:
        assert _plain(talk.title) in _plain(seed_text)
    assert [len(t.given) for t in lei_wu.talks] == [1, 1, 2, 1]
    assert [o.virtual for t in lei_wu.talks for o in t.given] == [True, True, False, False, False]
    venues = [s.venue for s in lei_wu.service]
    assert venues[:6] == ["NeurIPS", "ICML", "ICLR", "MSML", "AAAI", "IJCAI"]
    assert all(v in seed_text for v in venues)
    assert {s.role for s in lei_wu.service} == {"reviewer"}

"""Awards, grants, supervision and memberships (issue 20): the record and its schema (located errors:
tests/test_located_errors.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cvld.api import load_cv
from cvld.core.resources import cv_schema
from cvld.model import ids
from cvld.model.dates import PartialDate
from cvld.model.records import GRANT_ROLES, SUPERVISION_LEVELS, SUPERVISION_ROLES, Amount

ROOT = Path(__file__).resolve().parents[1]

HEAD = """
person: {key: ada, name: Ada Lovelace}
organisations:
  lon: {name: University of London, country: GB}
  rs: {name: Royal Society, country: GB, crossref_funder: 10.13039/501100000883}
"""


def _cv(tmp_path, text: str):
    path = tmp_path / "cv.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_cv(path)


def test_crossref_funder_ids_are_kept_as_their_doi():
    assert ids.normalize_crossref_funder("https://doi.org/10.13039/100000001") == "10.13039/100000001"
    assert ids.normalize_crossref_funder("doi:10.13039/501100000780") == "10.13039/501100000780"
    assert ids.normalize_crossref_funder(" 501100000780 ") == "10.13039/501100000780"
    for bad in ("10.1000/182", "10.13039/12345", "10.13039/0123456789", "x100000001"):
        with pytest.raises(ids.IdentifierError) as caught:
            ids.normalize_crossref_funder(bad)
        assert str(caught.value) == f"not a Crossref Funder ID: '{bad}' (expected such as 10.13039/501100000780)"


def test_currencies_and_amounts_are_canonical():
    assert [ids.normalize_currency(c) for c in ("eur", " USD", "Gbp")] == ["EUR", "USD", "GBP"]
    with pytest.raises(ids.IdentifierError):
        ids.normalize_currency("ECU")  # withdrawn in 1999: not in ISO 4217's current list
    assert [ids.normalize_decimal(v) for v in ("250000", "1,500.50", "0012", "0.50", "1,000,000")] == [
        "250000", "1500.50", "12", "0.50", "1000000"]
    for bad in ("1e6", "-5", "1,50", "12,3456", "1.", ".5", "1 000", "0.00"):
        with pytest.raises(ids.IdentifierError):
            ids.normalize_decimal(bad)


def test_an_amount_keeps_its_digits_as_written(tmp_path):
    cv = _cv(tmp_path, HEAD + """
awards:
  - {key: a1, name: Prize, amount: {value: 1500.50, currency: gbp}}
  - {key: a2, name: Prize, amount: {value: 250000, currency: EUR}}
  - {key: a3, name: Prize, amount: {value: "12,000", currency: usd}}
""")
    assert [a.amount for a in cv.awards] == [Amount("1500.50", "GBP"), Amount("250000", "EUR"), Amount("12000", "USD")]
    path = tmp_path / "cv.json"
    path.write_text('{"person": {"key": "ada", "name": "Ada"},\n "awards": [{"name": "P", "amount": '
                    '{"value": 1500.50, "currency": "EUR"}}]}\n', encoding="utf-8")
    assert load_cv(path).awards[0].amount == Amount("1500.50", "EUR")


def test_defaults_and_keys_of_the_new_sections(tmp_path):
    cv = _cv(tmp_path, HEAD + """
awards:
  - {name: Royal Medal, organisation: rs, date: 1843}
grants:
  - {title: Analytical Engine, funder: rs, role: pi, award_number: 42, end: present}
  - {title: Zeros, funder: rs, role: pi, award_number: 000123}
  - {title: Difference Engine, funder: rs, role: participant}
supervision:
  - {person: {name: Mary Somerville}, level: visitor}
memberships:
  - {organisation: rs}
  - {organisation: lon, role: Fellow, start: 1840, end: present}
works:
  - {key: w1, type: other, title: A, authors: [ada], date: 1843, funding: [rs-42]}
""")
    award, = cv.awards
    assert (award.key, award.organisation.key, award.date) == ("royal-medal-1843", "rs", PartialDate(1843))
    assert [(g.key, g.award_number, g.current, g.funder.crossref_funder) for g in cv.grants] == [
        ("rs-42", "42", True, "10.13039/501100000883"), ("rs-000123", "000123", False, "10.13039/501100000883"),
        ("rs-difference-engine", None, False, "10.13039/501100000883")]
    visit, = cv.supervision
    assert (visit.key, visit.role, visit.person.key, visit.person.name) == (
        "p-mary-somerville-visitor", "advisor", "p-mary-somerville", "Mary Somerville")
    assert [(m.key, m.role, m.current) for m in cv.memberships] == [("rs-member", None, False), ("lon-fellow", "Fellow", True)]
    assert cv.works[0].funding == ("rs-42",) and cv.grant("rs-42").title == "Analytical Engine"


def test_the_schema_offers_the_words_the_model_has():
    defs = cv_schema()["$defs"]
    assert defs["grant"]["properties"]["role"]["enum"] == list(GRANT_ROLES)
    assert defs["supervision"]["properties"]["level"]["enum"] == list(SUPERVISION_LEVELS)
    assert defs["supervision"]["properties"]["role"]["enum"] == list(SUPERVISION_ROLES)


def test_the_second_example_cv_has_every_new_section():
    cv = load_cv(ROOT / "data" / "ada-grant.yaml")
    assert [a.key for a in cv.awards] == ["young-investigator-2021", "teaching-prize-2018", "best-thesis-2014"]
    assert cv.awards[1].amount == Amount("1500.50", "GBP")
    assert [(g.key, g.role, g.award_number, g.amount) for g in cv.grants] == [
        ("erc-evoscale", "pi", "000000001", Amount("1500000", "EUR")),
        ("nsf-lineage", "co-pi", "DBI-0000002", Amount("450000", "USD")),
        ("wellcome-fellowship", "participant", None, None)]
    assert [g.funder.crossref_funder for g in cv.grants] == [
        "10.13039/501100000781", "10.13039/100000001", "10.13039/100010269"]
    assert sorted({s.level for s in cv.supervision}) == sorted(SUPERVISION_LEVELS)
    assert {s.role for s in cv.supervision} == set(SUPERVISION_ROLES)
    assert [m.organisation.name for m in cv.memberships] == [
        "International Society for Computational Biology", "Society for Molecular Biology and Evolution",
        "Royal Society of Biology"]
    assert [w.funding for w in cv.works] == [("erc-evoscale",), ("erc-evoscale", "nsf-lineage"), ("wellcome-fellowship",), ()]
    for section in ("education", "positions", "works", "talks", "teaching", "service"):
        assert getattr(cv, section), section

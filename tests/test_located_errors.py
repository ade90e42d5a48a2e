"""Every kind of bad input is reported at its line and column, with an exact message, all at once."""

from __future__ import annotations

import textwrap

import pytest

from cvld.api import load_cv
from cvld.core.diagnostics import CVInputError, Report


def _errors(tmp_path, text: str, name: str = "cv.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    prefix = f"{path}:"
    return [str(d).removeprefix(prefix) for d in caught.value.diagnostics]


GOOD_HEAD = """
person:
  key: ada
  name: Ada Lovelace
people:
  charles: {name: Charles Babbage}
organisations:
  lon: {name: University of London, country: GB}
"""


def test_yaml_syntax_error(tmp_path):
    assert _errors(tmp_path, "person:\n  key: ada\n  name: [Ada\n") == [
        "4:1: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_duplicate_key_is_an_error_not_last_wins(tmp_path):
    assert _errors(tmp_path, "person:\n  key: ada\n  name: Ada\n  name: Bea\n") == [
        "4:3: person.name: duplicate key 'name' (first at line 3); YAML keeps only one"
    ]


def test_tab_indentation(tmp_path):
    messages = _errors(tmp_path, "person:\n\tkey: ada\n")
    assert len(messages) == 1 and messages[0].startswith("2:1: YAML syntax error:")


def test_invalid_utf8_is_located(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_bytes(b"person:\n  key: ada\n  name: Ad\xe9\n")
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:3:11: invalid UTF-8 byte 0xe9; save the file as UTF-8"
    ]


def test_schema_violations_every_one_at_once(tmp_path):
    messages = _errors(tmp_path, GOOD_HEAD + """
works:
  - key: w1
    type: journal
    titel: Notes
    authors: [ada]
    date: 1843
  - key: Bad Key
    type: preprint
    title: Sketch
    authors: []
    date: 1842
""")
    assert messages == [
        "10:5: works[0]: missing required field 'title'",
        "11:11: works[0].type: 'journal' is not one of: journal-article, conference-paper, workshop-paper, "
        "preprint, thesis, book, book-chapter, edited-book, report, dataset, software, poster, presentation, other",
        "12:5: works[0].titel: unknown field 'titel' (did you mean 'title'?)",
        "15:10: works[1].key: 'Bad Key' is not valid here: A stable key: lower-case letters, digits, '.', '_' "
        "and '-', at most 80 characters.",
        "18:14: works[1].authors: needs at least 1 item(s)",
    ]


def test_unquoted_arxiv_id_read_as_number(tmp_path):
    messages = _errors(tmp_path, GOOD_HEAD + """
works:
  - {key: w1, type: preprint, title: T, authors: [ada], date: 2020, arxiv: 2006.14450}
""")
    assert messages == ["10:76: works[0].arxiv: 2006.14450 was read as a number; write it in quotes: '2006.14450'"]


def test_bad_identifiers(tmp_path):
    messages = _errors(tmp_path, """
person:
  key: ada
  name: Ada Lovelace
  orcid: 0000-0002-1825-0098
people:
  charles: {name: Charles Babbage, orcid: "https://orcid.org/0000-0002-1694-2330"}
works:
  - key: w1
    type: journal-article
    title: Notes
    authors: [ada]
    date: 1843
    doi: "11.1000/xyz"
    arxiv: "2013.01234"
    isbn: 978-0-306-40615-8
    issn: 0378-5956
""")
    assert messages == [
        "4:10: person.orcid: ORCID iD '0000-0002-1825-0098' fails its checksum (ISO 7064 MOD 11-2)",
        "6:43: people.charles.orcid: ORCID iD 'https://orcid.org/0000-0002-1694-2330' fails its checksum (ISO 7064 MOD 11-2)",
        "13:10: works[0].doi: not a DOI: '11.1000/xyz' (expected 10.NNNN/suffix)",
        "14:12: works[0].arxiv: not an arXiv id: '2013.01234' (month 13 is not 01-12)",
        "15:11: works[0].isbn: not a valid ISBN: '978-0-306-40615-8' (wrong check digit)",
        "16:11: works[0].issn: not a valid ISSN: '0378-5956' (wrong check digit)",
    ]


def test_impossible_dates_and_spans(tmp_path):
    messages = _errors(tmp_path, GOOD_HEAD + """
positions:
  - {title: Tutor, organisation: lon, start: 2019-13}
  - {title: Fellow, organisation: lon, start: 2019-05, end: 2018-07}
  - {title: Reader, organisation: lon, start: 2020-02-30, end: present}
  - {title: Dean, organisation: lon, start: July 2019}
""")
    assert messages == [
        "10:46: positions[0].start: impossible date '2019-13': month 13 is not 1-12",
        "11:61: positions[1].end: ends (2018-07) before it starts (2019-05)",
        "12:47: positions[2].start: impossible date '2020-02-30': day 30 is not 1-29 in that month",
        "13:45: positions[3].start: not a date: 'July 2019' (write YYYY, YYYY-MM or YYYY-MM-DD)",
    ]


def test_dangling_references(tmp_path):
    messages = _errors(tmp_path, GOOD_HEAD + """
education:
  - {degree: PhD, organisation: londn, start: 1830, advisors: [charls]}
works:
  - key: w1
    type: journal-article
    title: Notes
    authors: [ada, {person: babbage, equal_contribution: true}]
    date: 1843
    version_of: w2
""")
    assert messages == [
        "10:33: education[0].organisation: unknown organisation key 'londn' (did you mean 'lon'?)",
        "10:64: education[0].advisors[0]: unknown person key 'charls' (did you mean 'charles'?)",
        "15:29: works[0].authors[1].person: unknown person key 'babbage'",
        "17:17: works[0].version_of: unknown work key 'w2'",
    ]


def test_duplicate_record_keys_and_country_codes(tmp_path):
    messages = _errors(tmp_path, """
person: {key: ada, name: Ada Lovelace, address: {country: UK}}
organisations:
  lon: {name: University of London, country: XX}
works:
  - {key: w1, type: other, title: A, authors: [ada], date: 1843}
  - {key: w1, type: other, title: B, authors: [ada], date: 1844}
""")
    assert messages == [
        "1:59: person.address.country: unknown country code 'UK' (use ISO 3166-1 alpha-2, such as US or CN)",
        "3:46: organisations.lon.country: unknown country code 'XX' (use ISO 3166-1 alpha-2, such as US or CN)",
        "6:11: works[1].key: duplicate key 'w1' (also works[0])",
    ]


def test_markup_in_email_and_control_characters(tmp_path):
    messages = _errors(tmp_path, 'person:\n  key: ada\n  name: "Ada\\x01"\n  email: "a@b.c\\nBcc: x@y.z"\n')
    assert messages == [
        "3:9: person.name: contains U+0001, a character XML and HTML cannot hold; remove it",
    ]
    messages = _errors(tmp_path, 'person:\n  key: ada\n  name: Ada\n  email: "a@b.c\\nBcc: x@y.z"\n  homepage: "javascript:alert(1)"\n')
    assert messages == [
        "4:10: person.email: 'a@b.c\\nBcc: x@y.z' is not valid here: E-mail address.",
        "5:13: person.homepage: 'javascript:alert(1)' is not valid here: An absolute http(s) URL.",
    ]


def test_json_input_is_located_too(tmp_path):
    messages = _errors(tmp_path, '{"person": {"key": "ada", "name": "Ada"},\n "works": [{"key": "w1"}]}\n', name="cv.json")
    assert messages == [
        "2:12: works[0]: missing required field 'authors'",  # a date is not required: a work may be undated
        "2:12: works[0]: missing required field 'title'",
        "2:12: works[0]: missing required field 'type'",
    ]


def test_owner_missing_from_authors_is_a_warning(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(textwrap.dedent(GOOD_HEAD).lstrip() + "works:\n  - {key: w1, type: other, title: A, authors: [charles], date: 1843}\n")
    report = Report()
    cv = load_cv(path, report)
    assert [str(d) for d in report.diagnostics] == [
        f"{path}:9:47: warning: works[0].authors: the owner ('ada') is not among the authors"
    ]
    assert cv.works[0].authors[0].person.name == "Charles Babbage"


def test_inline_people_and_organisations_are_one_entity(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(textwrap.dedent("""
        person: {key: ada, name: Ada Lovelace}
        works:
          - {key: w1, type: other, title: A, authors: [ada, {person: {name: Mary Somerville}}], date: 1843}
          - {key: w2, type: other, title: B, authors: [{person: {name: Mary Somerville}}, ada], date: 1844}
        positions:
          - {title: Tutor, organisation: {name: Royal Society}, start: 1840}
          - {title: Fellow, organisation: {name: Royal Society}, start: 1841}
    """).lstrip())
    cv = load_cv(path)
    first, second = (w.authors for w in cv.works)
    assert first[1].person is second[0].person
    assert first[1].person.key == "p-mary-somerville"
    assert cv.positions[0].organisation is cv.positions[1].organisation


# --- awards, grants, supervision, memberships (issue 20) ----------------------------------------


def test_awards_are_validated_at_their_line_and_column(tmp_path):
    assert _errors(tmp_path, GOOD_HEAD + """
awards:
  - {name: Medal, organisation: lonn, date: 1843-13, amount: {value: 100, currency: XYZ}}
  - {name: Prize, amount: {value: 1.5e6, currency: eur}, url: "ftp://x"}
  - {organisation: lon, descripton: x}
  - {name: Prize, date: 1844, amount: {value: "1,50", currency: EUR}}
  - {name: Prize, date: 1845, amount: {value: 0, currency: EUR}}
  - {name: Prize, date: 1846, amount: {currency: EURO}}
""") == [
        "10:33: awards[0].organisation: unknown organisation key 'lonn' (did you mean 'lon'?)",
        "10:45: awards[0].date: impossible date '1843-13': month 13 is not 1-12",
        "10:85: awards[0].amount.currency: unknown currency code 'XYZ' (use ISO 4217, such as EUR or USD)",
        "11:35: awards[1].amount.value: not an amount: '1.5e6' (write it in decimal digits, such as 250000 or 1500.50)",
        "11:63: awards[1].url: 'ftp://x' is not valid here: An absolute http(s) URL.",
        "12:5: awards[2]: missing required field 'name'",
        "12:25: awards[2].descripton: unknown field 'descripton' (did you mean 'description'?)",
        "13:47: awards[3].amount.value: not an amount: '1,50' (write it in decimal digits, such as 250000 or 1500.50)",
        "14:47: awards[4].amount.value: an amount of '0': give the sum, or leave the amount out",
        "15:39: awards[5].amount: missing required field 'value'",
        "15:50: awards[5].amount.currency: 'EURO' is not valid here: ISO 4217 currency code, such as EUR or USD.",
    ]


def test_grants_are_validated_and_works_name_existing_grants(tmp_path):
    assert _errors(tmp_path, GOOD_HEAD + """
grants:
  - {title: Engine, funder: lon, role: lead, start: 1840, end: 1835}
  - {title: Engine, funder: lnd, role: pi, award_number: ""}
  - {title: Engine 2, funder: {name: Crown, crossref_funder: "12"}, role: pi}
  - {funder: lon, role: pi}
  - {key: g1, title: A, funder: lon, role: pi}
  - {key: g1, title: B, funder: lon, role: co-pi}
  - {key: engine-grant, title: C, funder: lon, role: pi}
works:
  - {key: w1, type: other, title: A, authors: [ada], date: 1843, funding: [g2, engine-grnat, g1]}
  - {key: w2, type: other, title: B, authors: [ada], date: 1843, funding: [g1, g1]}
""") == [
        "10:40: grants[0].role: 'lead' is not one of: pi, co-pi, participant",
        "10:64: grants[0].end: ends (1835) before it starts (1840)",
        "11:29: grants[1].funder: unknown organisation key 'lnd' (did you mean 'lon'?)",
        "11:58: grants[1].award_number: must not be empty",
        "12:62: grants[2].funder.crossref_funder: '12' is not valid here: Crossref Funder ID (a funder's "
        "DOI), such as 10.13039/501100000780.",
        "13:5: grants[3]: missing required field 'title'",
        "15:11: grants[5].key: duplicate key 'g1' (also grants[4])",
        "18:76: works[0].funding[0]: unknown grant key 'g2' (the grant goes under 'grants', with this key)",
        "18:80: works[0].funding[1]: unknown grant key 'engine-grnat' (did you mean 'engine-grant'?)",
        "19:75: works[1].funding: lists 'g1' more than once; keep one",
    ]


def test_supervision_and_memberships_are_validated(tmp_path):
    assert _errors(tmp_path, GOOD_HEAD + """
supervision:
  - {person: ada, level: phd}
  - {person: charls, level: phd, role: mentor}
  - {person: charles, level: doctoral, organisation: lon, start: 1840, end: 1839}
  - {person: charles}
  - {person: {name: Mary Somerville}, level: visitor, end: present, thesis_title: ""}
memberships:
  - {role: Fellow}
  - {organisation: lon, start: 1842, end: 1841, role: ""}
  - {organisation: {name: Royal Society}, start: 1842, end: presnt}
""") == [
        "10:14: supervision[0].person: 'ada' is the owner (person.key); name the person supervised",
        "11:14: supervision[1].person: unknown person key 'charls' (did you mean 'charles'?)",
        "11:40: supervision[1].role: 'mentor' is not one of: advisor, co-advisor",
        "12:30: supervision[2].level: 'doctoral' is not one of: phd, masters, bachelors, postdoc, visitor",
        "12:77: supervision[2].end: ends (1839) before it starts (1840)",
        "13:5: supervision[3]: missing required field 'level'",
        "14:83: supervision[4].thesis_title: must not be empty",
        "16:5: memberships[0]: missing required field 'organisation'",
        "17:43: memberships[1].end: ends (1841) before it starts (1842)",
        "17:55: memberships[1].role: must not be empty",
        "18:61: memberships[2].end: not a date: 'presnt' (write YYYY, YYYY-MM or YYYY-MM-DD)",
    ]

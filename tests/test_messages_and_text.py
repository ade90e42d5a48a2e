"""Issue 15's smaller family: JSON read as JSON (with positions), messages that name the cause,
dates as written, robots.txt as plain text, and the importers' markup filter keeping what the
source meant."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import SEED_CV

from cvld.api import load_cv
from cvld.cli.main import main
from cvld.core.diagnostics import CVInputError, Location, Report
from cvld.importers.text import clean_title
from cvld.source.yamlsource import parse, parse_json
from cvld.web.write import robots_txt, site_files

ADA = {"person": {"key": "ada", "name": "Ada Lovelace \U0001F600", "homepage": "https://example.org/ada/"},
       "works": [{"key": "w1", "type": "other", "title": "Smile \U0001F600 \u00e9", "authors": ["ada"], "date": 2020}]}


# --- JSON ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("indent", [None, 1])
def test_a_json_cv_as_json_dumps_writes_it_loads(tmp_path, ensure_ascii, indent):
    path = tmp_path / "ada.json"
    path.write_text(json.dumps(ADA, ensure_ascii=ensure_ascii, indent=indent), encoding="utf-8")
    cv = load_cv(path, Report())
    assert cv.owner.name == "Ada Lovelace \U0001F600" and cv.works[0].title == "Smile \U0001F600 \u00e9"


def test_json_positions_are_the_same_as_the_yaml_reader_gives_for_json():
    data = yaml.safe_load(SEED_CV.read_text(encoding="utf-8"))
    for indent in (None, 2):
        text = json.dumps(data, indent=indent, default=str)
        by_json, by_yaml = parse_json("cv.json", text), parse("cv.json", text)
        assert by_json.data == json.loads(text) == by_yaml.data
        assert by_json.values == by_yaml.values and by_json.keys == by_yaml.keys


@pytest.mark.parametrize("text, message", [
    ('{"a": 1,}', "1:8: JSON syntax error: a comma before the closing bracket (JSON allows no trailing comma)"),
    ('[1, 2, ]', "1:6: JSON syntax error: a comma before the closing bracket (JSON allows no trailing comma)"),
    ('{"a" 1}', "1:6: JSON syntax error: expected ':' after the field name"),
    ("{'a': 1}", "1:2: JSON syntax error: expected a field name in double quotes"),
    ('[1 2]', "1:4: JSON syntax error: expected ',' or ']' after an item"),
    ('{"a": 1 "b": 2}', "1:9: JSON syntax error: expected ',' or '}' after a field's value"),
    ('{"a": tru}', "1:7: JSON syntax error: expected a value, found 't'"),
    ('{"a": NaN}', "1:7: JSON syntax error: expected a value, found 'N'"),
    ('{"a":', "1:6: JSON syntax error: the document ends where a value is expected"),
    ('{"a": 1}\n{}', "2:1: JSON syntax error: unexpected text after the end of the document"),
    ('{"a": "x\ny"}', "1:9: JSON syntax error: U+000A, a control character, inside a string; write it as an "
                      "escape (\\n, \\t, \\u00XX)"),
    ('{"a": "\\x"}', "1:8: JSON syntax error: invalid escape '\\\\x' in a string"),
    ('{\n  "a": "abc', "2:8: JSON syntax error: a string that is never closed (a missing '\"')"),
    ('{"a": -01}', '1:7: JSON syntax error: -01: a number with a leading zero, which JSON does not allow; '
                   'write it in quotes as text: "-01"'),
    ('[' + '9' * 101 + ']', "1:2: JSON syntax error: a number 101 characters long; write it as text in quotes"),
    ('{"a": {"b": 1, "b": 2}}', "1:16: a.b: duplicate key 'b' (first at line 1); JSON readers keep only one"),
    ('[' * 70 + ']' * 70, "1:66: " + "[0]" * 65 + ": nested more than 64 levels deep"),
])
def test_json_errors_are_located_and_say_what_to_do(text, message):
    with pytest.raises(CVInputError) as caught:
        parse_json("cv.json", text)
    assert [str(d) for d in caught.value.diagnostics] == [f"cv.json:{message}"]


def test_deep_json_is_refused_without_recursion():
    text = "[" * 200_000 + "]" * 200_000
    with pytest.raises(CVInputError) as caught:
        parse_json("cv.json", text)
    assert str(caught.value.diagnostics[0]).endswith(": nested more than 64 levels deep")


def test_an_empty_json_file_reads_as_empty_as_yaml_does():
    assert parse_json("cv.json", " \n").data is None and parse("cv.json", " \n").data is None


# --- messages that name the cause ---------------------------------------------------------------

@pytest.mark.parametrize("key, shown, named", [
    ("\ufeffname", "\\ufeffname", "U+FEFF (a byte-order mark)"),
    ("na\u200dme", "na\\u200dme", "U+200D (zero width joiner)"),
    ("name\u2060", "name\\u2060", "U+2060 (word joiner)"),
    ("\u200ename", "\\u200ename", "U+200E (left-to-right mark)"),
    ("name\u00a0", "name\\xa0", "U+00A0 (no-break space)"),
])
def test_an_invisible_character_in_a_field_name_is_named(tmp_path, key, shown, named):
    path = tmp_path / "cv.yaml"
    path.write_text(f'person:\n  key: ada\n  "{key}": Ada\n', encoding="utf-8")
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:3:3: person.{shown}: field name '{shown}' contains {named}, invisible in an editor; "
        "remove it and write 'name'"]


@pytest.mark.parametrize("body, line", [
    ("person: {key: ada, name: Ada}\norganisations:\n  base: &b {name: X}\n  o:\n    <<: *b\n", "5:5: organisations.o"),
    ("person:\n  <<: {key: ada, name: Ada}\n", "2:3: person"),
    ("person: {key: ada, name: Ada, <<: {bio: x}}\n", "1:31: person"),
])
def test_yaml_merge_keys_get_a_message_of_their_own(tmp_path, body, line):
    path = tmp_path / "cv.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:{line}: cvld does not take YAML merge keys ('<<'): write the fields out in this mapping, or define "
        "the shared entry once under organisations or people and refer to it by its key"]


def test_a_quoted_merge_key_is_an_ordinary_unknown_field(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text('person: {key: ada, name: Ada, "<<": x}\n', encoding="utf-8")
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    assert str(caught.value.diagnostics[0]).startswith(f"{path}:1:31: person.<<: unknown field '<<'")


@pytest.mark.parametrize("written, message", [
    ("0000", "impossible date '0000': there is no year 0 (years start at 0001)"),
    ("'0000'", "impossible date '0000': there is no year 0 (years start at 0001)"),
    ("0000-01-01", "impossible date '0000-01-01': there is no year 0 (years start at 0001)"),
    ("0x7E4", "not a date: '0x7E4' (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("0o3744", "not a date: '0o3744' (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("2020.0", "not a date: '2020.0' (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("+2020", "not a date: '+2020' (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("020", "not a date: '020' (write YYYY, YYYY-MM or YYYY-MM-DD)"),
])
def test_dates_are_reported_as_written(tmp_path, written, message):
    path = tmp_path / "cv.yaml"
    path.write_text(f"person: {{key: ada, name: Ada}}\nupdated: {written}\n", encoding="utf-8")
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    assert [str(d) for d in caught.value.diagnostics] == [f"{path}:2:10: updated: {message}"]


def test_a_year_with_leading_zero_is_still_that_year(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("person: {key: ada, name: Ada}\nupdated: 0999\n", encoding="utf-8")
    assert load_cv(path, Report()).updated.year == 999


# --- robots.txt -----------------------------------------------------------------------------------

def test_robots_txt_keeps_the_sitemap_url_as_written():
    assert robots_txt("https://example.org/a?b=1&c=2/sitemap.xml") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/a?b=1&c=2/sitemap.xml\n")


@pytest.mark.parametrize("url, written", [
    ("https://example.org/caf\u00e9/sitemap.xml", "https://example.org/caf%C3%A9/sitemap.xml"),
    ("https://example.org/a b/sitemap.xml", "https://example.org/a%20b/sitemap.xml"),
    ("https://example.org/x\nDisallow: /\n/sitemap.xml", "https://example.org/x%0ADisallow:%20/%0A/sitemap.xml"),
    ("https://example.org/<x>\"'/sitemap.xml", "https://example.org/%3Cx%3E%22'/sitemap.xml"),
    ("https://example.org/%41/sitemap.xml", "https://example.org/%41/sitemap.xml"),
])
def test_robots_txt_is_one_line_per_rule_whatever_the_url(url, written):
    text = robots_txt(url)
    assert text.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {written}"]
    assert "&amp;" not in text and text.isascii()


def test_the_sites_robots_txt_names_its_sitemap(lei_wu):
    files = site_files(lei_wu, "https://dept.example.edu/~lei?x=1&y=2/")
    assert files["robots.txt"].splitlines()[-1] == "Sitemap: https://dept.example.edu/~lei?x=1&y=2/sitemap.xml"


# --- the importers' markup filter -----------------------------------------------------------------

@pytest.mark.parametrize("title, cleaned, warned", [
    ("<i></i>&lt;script&gt;", "", "markup (HTML/MathML tags) taken out of the title; nothing else is left: "
                                  "write the title by hand"),
    ("&lt;i&gt;E. coli&lt;/i&gt; in the gut", "E. coli in the gut", "markup (HTML/MathML tags) taken out of the title"),
    ("<i>E. coli</i> &amp; friends", "E. coli & friends", "markup (HTML/MathML tags) taken out of the title"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "alert(1)", "markup (HTML/MathML tags) taken out of the title"),
    ("<b>x</b> &amp;lt;b&amp;gt;", "x &lt;b&gt;", "markup (HTML/MathML tags) taken out of the title"),
    ("x &lt; y and y > z", "x &lt; y and y > z", None),
    ("AT&amp;T in 2020", "AT&amp;T in 2020", None),
    ("Fish & Chips", "Fish & Chips", None),
])
def test_markup_filter_decodes_once_then_strips(title, cleaned, warned):
    report = Report()
    assert clean_title(title, Location("x.bib", 1, 1, "k.title"), report) == cleaned
    assert [d.message for d in report.diagnostics] == ([warned] if warned else [])
    assert "<script" not in cleaned


def test_a_markup_only_bibtex_title_is_left_out_with_warnings(tmp_path, capsys):
    bib = tmp_path / "in.bib"
    bib.write_text("@article{k, title = {<i></i>&lt;script&gt;}, author = {Lovelace, Ada}, year = 2020}\n"
                   "@article{k2, title = {&lt;i&gt;E. coli&lt;/i&gt;}, author = {Lovelace, Ada}, year = 2020}\n")
    assert main(["import", "bibtex", str(bib), "--me", "Ada Lovelace", "-o", str(tmp_path / "cv.yaml")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"{bib}:1:13: warning: k.title: markup (HTML/MathML tags) taken out of the title; nothing else is left: " \
           "write the title by hand" in err
    assert f"{bib}:1:1: warning: k: the title is empty once markup is taken out; entry skipped" in err
    written = yaml.safe_load((tmp_path / "cv.yaml").read_text())
    assert [(w["key"], w["title"]) for w in written["works"]] == [("k2", "E. coli")]

"""The YAML cvld import writes: any text in any field reads back, through PyYAML's safe_load (YAML 1.1)
and through cvld's own reader (YAML 1.2), as the very value written (issue 22)."""

from __future__ import annotations

import copy
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from cvld.importers.merge import merge
from cvld.importers.yamlout import dumps_document, plain_safe
from cvld.source.yamlsource import parse

# text an importer writes: any code point but the surrogates (a UTF-8 file cannot carry them) and the
# characters XML and HTML cannot hold, which importers take out of their input with a warning and cvld's
# reader refuses; cvld's reader returns text in NFC, and so the writer writes it
FORBIDDEN = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0),
                              0xFFFE, 0xFFFF]]
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=FORBIDDEN), min_size=1, max_size=60)
HARD = ["https://journals.example.org/index.php?url=a:b&c=[1]", "yes", "No", "off", "~", "null", "1:20", "1_000",
        "0x1F", "1e5", ".inf", "2020-01-01", "- item", "? key", ": x", "a: b", "a #b", "#x", "&anchor", "*alias",
        "!tag", "|", ">", "'", '"', "%YAML", "@home", "`x`", "{a: b}", "[a]", "a, b", " lead", "trail ", "tab\there",
        "line\nbreak", "nel\x85x", "ls\u2028x", "bom\ufeffx", "\\back", "e\u0301", "cr\r\nlf", "=", "<<", "é", "x\u00a0"]


def document(text: str) -> dict:
    """A fresh-import document with ``text`` in every kind of place a value goes."""
    return {
        "person": {"key": "lei-wu", "name": text, "given_name": text, "family_name": text},
        "people": {"chao-ma": {"name": text}, "e": {"name": "Weinan E"}},
        "works": [{"key": "w1", "type": "journal-article", "title": text, "authors": ["lei-wu", "chao-ma"],
                   "venue": {"name": text, "publisher": text}, "date": 2020, "volume": text, "pages": text,
                   "url": text, "abstract": text, "keywords": [text, "plain"], "note": text},
                  {"key": "w2", "type": "other", "title": "Marks", "date": "2020-07",
                   "authors": [{"person": "lei-wu", "equal_contribution": True}, "e"]}],
    }


def read_back(text: str):
    return yaml.safe_load(text), parse("<import>", text).data


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


@pytest.mark.parametrize("hard", HARD)
def test_hard_strings_load_back_the_same_in_both_readers(hard):
    written = dumps_document(document(hard), "Imported by cvld")
    by_pyyaml, by_cvld = read_back(written)
    assert by_pyyaml == by_cvld == nfc(document(hard))


def test_a_url_with_query_and_colon_in_a_flow_mapping_is_quoted():
    written = dumps_document(document("https://journals.example.org/index.php?url=a:b"))
    assert 'venue: {name: "https://journals.example.org/index.php?url=a:b", publisher:' in written
    assert plain_safe("Journal of Machine Learning") and not plain_safe("yes") and not plain_safe("a, b")
    assert plain_safe("a, b", flow=False) and not plain_safe("a: b", flow=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example("\ufeff")
@example("0o17")
def test_any_text_in_any_field_loads_back_the_same(text):
    written = dumps_document(document(text), "Imported by cvld")
    by_pyyaml, by_cvld = read_back(written)
    assert by_pyyaml == nfc(document(text))
    assert by_cvld == nfc(document(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_a_merged_document_loads_back_the_same(text):
    base = dumps_document({"person": {"key": "lei-wu", "name": "Lei Wu"},
                           "works": [{"key": "old", "type": "other", "title": "Old", "authors": ["lei-wu"], "date": 2019}]})
    fragment = copy.deepcopy(document(text))
    merged = merge(base, fragment, file="cv.yaml", overwrite=False).text
    by_pyyaml, by_cvld = read_back(merged)
    assert by_pyyaml == by_cvld
    new = {w["key"]: w for w in by_cvld["works"]}["w1"]
    text = nfc(text)
    assert new["title"] == text and new["venue"]["name"] == text and new["keywords"] == [text, "plain"]

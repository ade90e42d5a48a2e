"""One home per rule: the tables and rules that several targets share agree, because each exists once."""

from __future__ import annotations

import json

import pytest

from cvld.core.diagnostics import Report
from cvld.importers import orcidjson
from cvld.importers.orcid import read_orcid
from cvld.orcid import vocab

WORK_XML = """<?xml version="1.0" encoding="UTF-8"?>
<work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
  <work:title><common:title>A title</common:title></work:title>
  <work:type>{kind}</work:type>
  <common:publication-date><common:year>2020</common:year></common:publication-date>
</work:work>
"""


def xml_type(kind: str) -> tuple[str, list[str]]:
    report = Report()
    fragment = read_orcid(WORK_XML.format(kind=kind).encode(), report, owner={"key": "me", "name": "Me"}, name="w.xml")
    return fragment["works"][0]["type"], [str(d) for d in report.sorted() if "work type" in d.message]


def json_type(kind: str, tmp_path) -> tuple[str, list[str]]:
    path = tmp_path / "work.json"
    path.write_text(json.dumps({"title": {"title": {"value": "A title"}}, "type": kind,
                                "publication-date": {"year": {"value": "2020"}}}))
    report = Report()
    fragment = orcidjson.read(path, me="Me", report=report)
    return fragment["works"][0]["type"], [str(d) for d in report.sorted() if "work type" in d.message]


@pytest.mark.parametrize("kind", sorted(vocab.WORK_TYPES))
def test_orcid_xml_and_json_read_every_orcid_work_type_alike(kind, tmp_path):
    from_xml, xml_warnings = xml_type(kind)
    from_json, json_warnings = json_type(kind, tmp_path)
    assert from_xml == from_json == vocab.CV_WORK_TYPE.get(kind, "other")
    assert bool(xml_warnings) == bool(json_warnings) == (kind not in vocab.CV_WORK_TYPE)
    if kind.upper() != kind:  # ORCID's JSON also spells them in capitals with '_'
        assert json_type(kind.upper().replace("-", "_"), tmp_path)[0] == from_json


@pytest.mark.parametrize("kind, expected", [("conference-abstract", "conference-paper"),
                                            ("conference-presentation", "presentation"),
                                            ("dissertation-thesis", "thesis"), ("working-paper", "report"),
                                            ("data-set", "dataset"), ("lecture-speech", "presentation")])
def test_orcid_types_users_expect(kind, expected, tmp_path):
    assert xml_type(kind) == (expected, [])
    assert json_type(kind, tmp_path) == (expected, [])


def test_every_cv_work_type_survives_the_orcid_round_trip():
    for cv_type, orcid_type in vocab.ORCID_WORK_TYPE.items():
        back = vocab.CV_WORK_TYPE[orcid_type]
        assert back == ("conference-paper" if cv_type == "workshop-paper" else cv_type)
        assert orcid_type in vocab.WORK_TYPES  # the writer writes only ORCID's own types

"""A department's people file: ``key: {name, orcid, other_names, ...}``, each entry like a CV's ``people``.

It says who is who across CVs (:mod:`cvld.rdf.department` merges by it)."""

from __future__ import annotations

from pathlib import Path

from cvld.core.diagnostics import CVInputError, Report
from cvld.core.resources import cv_schema
from cvld.model.records import Person
from cvld.source.load import ModelBuilder, describe_schema_error, read_source


def load_people(path: str | Path, report: Report | None = None) -> dict[str, Person]:
    """Read a department's people file: ``key: {name, orcid, other_names, ...}`` like a CV's ``people``."""
    from jsonschema import Draft202012Validator

    report = report if report is not None else Report()
    source = read_source(path)
    schema = {"$id": cv_schema()["$id"], "$defs": cv_schema()["$defs"], "type": "object", "propertyNames": {"$ref": "#/$defs/key"},
              "additionalProperties": {"$ref": "#/$defs/person"}}
    problems = []
    for error in Draft202012Validator(schema).iter_errors(source.data):
        problems.extend(describe_schema_error(error, source))
    if problems:
        raise CVInputError(problems)
    builder = ModelBuilder(source, report)
    people = {key: builder.person(key, value, (key,)) for key, value in source.data.items()}
    seen: dict[str, str] = {}
    for key, person in people.items():
        if person.orcid and person.orcid in seen:
            report.error(source.location((key, "orcid")), f"ORCID iD {person.orcid} is also given to {seen[person.orcid]}")
        elif person.orcid:
            seen[person.orcid] = key
    if report.errors:
        raise CVInputError(report.errors)
    return people

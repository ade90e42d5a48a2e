"""A department's people file: ``key: {name, orcid, other_names, ..., named_by}``, each entry like a CV's ``people``.

It says who is who across CVs; :mod:`cvld.rdf.department` merges by it. What it decides:

- **One person, several spellings.** An entry joins every record that gives its ORCID iD, and
  every record without an ORCID iD whose full name (case, accents and punctuation aside) is one
  of the entry's names: ``name``, each of ``other_names``, given and family name. So
  ``weinan-e: {name: Weinan E, other_names: [E Weinan]}`` makes "E Weinan" and "Weinan E" one
  person, named ``person/weinan-e``.
- **Two people, one name.** Two entries may have the same name when each has an ORCID iD or a
  ``named_by`` list: the keys of the members (a CV's ``person.key``) whose CVs mean that person
  when they write the name. A record of that name in a CV no entry's ``named_by`` lists goes to
  the entry of that name without ``named_by``; where there is none (or several) it is joined with
  no entry and a warning says that it could be any of them.
- Two entries of one name with neither an ORCID iD nor ``named_by`` are an error: nothing could
  tell their records apart. Two entries with one ORCID iD are an error too.

Without a people file, records of exactly the same full name in several CVs are one person; the
merge warns when it joins them by their name alone (no ORCID iD on either side), so that two
people who share a name can be told apart here.
"""

from __future__ import annotations

from pathlib import Path

from cvld.core.diagnostics import CVInputError, Diagnostic, Report
from cvld.core.resources import cv_schema
from cvld.model.identity import name_identity
from cvld.model.records import Person
from cvld.source.load import ModelBuilder, describe_schema_error, read_source

NAMED_BY = "named_by"


class People(dict):
    """``{key: Person}`` of a people file, with ``named_by``: ``{key: (member key, ...)}`` for the entries that say it."""

    def __init__(self, people: dict[str, Person] | None = None, named_by: dict[str, tuple[str, ...]] | None = None):
        super().__init__(people or {})
        self.named_by = dict(named_by or {})


def load_people(path: str | Path, report: Report | None = None) -> People:
    """Read a department's people file (see the module's description for what it decides)."""
    from jsonschema import Draft202012Validator

    report = report if report is not None else Report()
    source = read_source(path)
    defs = cv_schema()["$defs"]
    named_by: dict[str, tuple[str, ...]] = {}
    data = source.data
    if isinstance(data, dict):
        data = {key: dict(value) if isinstance(value, dict) else value for key, value in data.items()}
        for key, value in data.items():
            if isinstance(value, dict) and NAMED_BY in value:
                named_by[key] = value.pop(NAMED_BY)
    schema = {"$id": cv_schema()["$id"], "$defs": defs, "type": "object", "propertyNames": {"$ref": "#/$defs/key"},
              "additionalProperties": {"$ref": "#/$defs/person"}}
    problems = []
    for error in Draft202012Validator(schema).iter_errors(data):
        problems.extend(describe_schema_error(error, source))
    for key, members in named_by.items():
        if not (isinstance(members, list) and members and all(isinstance(m, str) for m in members)):
            problems.append(Diagnostic(source.location((key, NAMED_BY)),
                                       "a list of member keys (each CV's person.key)"))
    if problems:
        raise CVInputError(problems)
    builder = ModelBuilder(source, report)
    people = {key: builder.person(key, value, (key,)) for key, value in data.items()}
    seen: dict[str, str] = {}
    for key, person in people.items():
        if person.orcid and person.orcid in seen:
            report.error(source.location((key, "orcid")), f"ORCID iD {person.orcid} is also given to {seen[person.orcid]}")
        elif person.orcid:
            seen[person.orcid] = key
    by_name: dict[str, str] = {}
    for key, person in people.items():
        if person.orcid or key in named_by:
            continue
        name = name_identity(person.name)  # case, accents and punctuation aside, as the merge compares names
        if name in by_name:
            report.error(source.location((key, "name")),
                         f"'{person.name}' is also the name of {by_name[name]}: to keep two people of one name "
                         f"apart, give one an ORCID iD or say which members' CVs mean it ({NAMED_BY}: [KEY, ...])")
        else:
            by_name[name] = key
    if report.errors:
        raise CVInputError(report.errors)
    return People(people, {key: tuple(members) for key, members in named_by.items()})


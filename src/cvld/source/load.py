"""YAML/JSON -> located validation -> the canonical model.

Every problem in a file is collected and reported at once, each at its line and
column; nothing is built from a file that has an error.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from cvld.model import ids
from cvld.model.dates import PRESENT, DateError, parse_date, parse_date_range, parse_term
from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.model.records import CV, Address, Amount, Author, Award, Education, Grant, LINK_KINDS, Legend, Membership, Organisation, Owner, Person, Position, Profile, Service, Supervision, Talk, TalkOccurrence, Teaching, Venue, Work
from cvld.core.resources import cv_schema
from cvld.core.text import describe_characters, hidden_characters, slugify
from cvld.core.diagnostics import Location
from cvld.core.io import read_input, safe_name
from cvld.core.pool import FileBytes
from cvld.source.yamlsource import MAX_FILE_BYTES, Source, decode, format_path, parse, parse_json
from cvld.source._cv_validator import validate, JsonSchemaValueException

_validator = None


def _schema_validator():
    """jsonschema's validator: slower than the fast path, but its errors carry paths for located messages."""
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator

        _validator = Draft202012Validator(cv_schema())
    return _validator


def read_source(path: str | Path | FileBytes, *, repairs: list[Diagnostic] | None = None) -> Source:
    """Read and parse one file (or the bytes of one, read elsewhere); unreadable files raise UsageError,
    bad content CVInputError (``repairs``: see :func:`cvld.source.yamlsource.parse`). A ``.json`` file is
    read as JSON, with positions."""
    name = str(path)
    raw = path.data if isinstance(path, FileBytes) else read_input(path, MAX_FILE_BYTES)
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise CVInputError([Diagnostic(Location(name), f"file is larger than {limit} MiB; a CV file should be far smaller")])
    read = parse_json if Path(name).suffix.lower() == ".json" else parse
    return read(name, decode(name, raw), repairs=repairs)


def load_cv(path: str | Path | FileBytes, report: Report | None = None) -> CV:
    """Load, validate and normalise one CV file. Raises CVInputError listing every problem."""
    source = read_source(path)
    return build_cv(source, report)


def build_cv(source: Source, report: Report | None = None) -> CV:
    report = report if report is not None else Report()
    schema_errors = validate_schema(source)
    findings = Report()
    cv = ModelBuilder(source, findings).build()
    # one message per field: where the schema already spoke, the builder's finding is redundant
    flagged = {d.location.path for d in schema_errors}
    report.extend(schema_errors)
    report.extend(d for d in findings.diagnostics if d.location.path not in flagged)
    if report.errors:
        raise CVInputError(report.errors)
    return cv


# --- schema validation --------------------------------------------------------


def validate_schema(source: Source) -> list[Diagnostic]:
    """Valid files pass the fast validator; only a rejected file goes through jsonschema for located messages."""

    try:
        validate(source.data)  # fastjsonschema's, shipped as source/_cv_validator.py (~12x faster)
        return []
    except JsonSchemaValueException:
        pass
    found: list[Diagnostic] = []
    for error in _schema_validator().iter_errors(source.data):
        found.extend(describe_schema_error(error, source))
    unique = {(d.location, d.message): d for d in found}
    return list(unique.values())


_KIND = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping", type(None): "empty"}
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping"}


def describe_schema_error(error, source: Source) -> list[Diagnostic]:
    """The located findings for one jsonschema error, each with its code (``schema-<keyword>``)."""
    code = SCHEMA_CODE + str(error.validator)
    return [d if d.code else replace(d, code=code) for d in _describe(error, source)]


def _describe(error, source: Source) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    value = error.instance
    validator = error.validator
    defs = cv_schema()["$defs"]
    if error.schema is defs["date"] or error.schema is defs["end_date"] or error.schema is defs["work_date"]:
        return []  # the model builder reports dates with a precise message
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for extra in sorted(set(value) - set(allowed)):
            hint = _close_matches(extra, allowed)
            hidden = hidden_characters(extra)
            code = ""
            if hidden:
                visible = "".join(c for c in extra if c not in hidden).strip()
                text = (f"field name {ascii(extra)} contains {describe_characters(hidden)}, invisible in an editor; "
                        f"remove it" + (f" and write '{visible}'" if visible in allowed else ""))
            elif not path and section_hint(extra):
                text, code = section_hint(extra), UNKNOWN_SECTION_CODE
            else:
                text = f"unknown field '{extra}'" + (f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(allowed)}")
            out.append(Diagnostic(source.location(path + (extra,), key=True), text, code=code))
        return out
    location = source.location(path)
    if validator == "required":
        missing = re.match(r"'([^']+)' is a required property", error.message)
        if missing and isinstance(value, dict) and any(
                hidden_characters(k) and "".join(c for c in k if c not in hidden_characters(k)).strip() == missing.group(1)
                for k in value):
            return []  # written, with an invisible character in its name: that field's message says so
        return [Diagnostic(location, f"missing required field '{missing.group(1) if missing else error.message}'")]
    if validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
        written = source.numbers_as_written.get(path)
        if written is not None and "string" in expected:
            return [Diagnostic(location, f"{written} was read as a number; write it in quotes: '{written}'")]
        return [Diagnostic(location, f"expected {wanted}, found {_KIND.get(type(value), type(value).__name__)}: {_show(value)}")]
    if validator == "enum":
        return [Diagnostic(location, f"{_show(value)} is not one of: {', '.join(map(str, error.validator_value))}")]
    if validator == "minItems":
        return [Diagnostic(location, f"needs at least {error.validator_value} item(s)")]
    if validator == "uniqueItems" and isinstance(value, list):
        seen, twice = [], []
        for item in value:
            (twice if item in seen and item not in twice else seen).append(item)
        return [Diagnostic(location, f"lists {', '.join(map(_show, twice))} more than once; keep one")]
    if validator == "minLength":
        return [Diagnostic(location, "must not be empty")]
    if validator in ("pattern", "oneOf", "anyOf", "const", "format", "minimum", "maximum"):
        described = _closest_description(error)
        if validator in ("oneOf", "anyOf") and isinstance(value, (dict, list)):
            best = _best_context(error)
            if best is not None:
                return describe_schema_error(best, source)
        if described:
            return [Diagnostic(location, f"{_show(value)} is not valid here: {described}")]
    if validator == "propertyNames":
        return [Diagnostic(source.location(path + (value if isinstance(value, str) else "",), key=True), error.message)]
    return [Diagnostic(location, error.message)]


# Other CV tools' section names (JSON Resume, Europass, moderncv, academicpages, al-folio, ...)
# and cvld's own name for what they hold.
SECTION_NAMES = {
    "works": ("publications", "papers", "articles", "bibliography", "pubs", "preprints", "journal_articles",
              "conference_papers", "books", "chapters", "theses", "software", "datasets", "research", "outputs"),
    "talks": ("presentations", "invited_talks", "lectures", "seminars", "conference_talks", "speaking", "keynotes"),
    "teaching": ("courses", "classes", "teaching_experience", "lecturing", "tutoring"),
    "positions": ("jobs", "employment", "work", "experience", "appointments", "career", "work_experience",
                  "professional_experience", "academic_positions", "positions_held"),
    "education": ("degrees", "schooling", "studies", "academic_background", "qualifications"),
    "service": ("reviewing", "professional_service", "refereeing", "editorial", "editorial_boards", "reviewer",
                "volunteer", "committees"),
    "awards": ("honors", "honours", "prizes", "distinctions", "awards_and_honors", "honors_and_awards",
               "awards_and_honours", "honours_and_awards", "award"),
    "grants": ("funding", "fundings", "grant", "research_funding", "grants_and_funding", "grants_and_fellowships"),
    "supervision": ("students", "supervised_students", "advising", "mentoring", "mentees", "advisees", "supervisions"),
    "memberships": ("professional_memberships", "societies", "membership", "society_memberships"),
    "person": ("basics", "profile", "contact", "about", "personal", "bio", "name"),
    "people": ("coauthors", "co_authors", "collaborators", "authors", "advisors", "mentors"),
    "organisations": ("organizations", "institutions", "affiliations", "orgs"),
    "person.interests": ("interests", "research_interests", "keywords"),
    "person.profiles": ("profiles", "social", "links", "networks"),
}
_SECTION_OF = {alias: own for own, aliases in SECTION_NAMES.items() for alias in aliases}
# Sections other tools have and cvld does not.
NO_SECTION = ("skills", "languages", "references", "certificates", "projects", "patents", "volunteering")


UNDATED_CODE = "work-undated"
SCHEMA_CODE = "schema-"  # + the JSON Schema keyword the input breaks: schema-type, schema-required, ...
UNKNOWN_SECTION_CODE = "unknown-section"


def section_hint(name: str) -> str | None:
    """The message for a top-level section another CV tool has, naming cvld's own (or saying there is none)."""
    word = re.sub(r"[\s-]+", "_", name.strip().lower())
    if word in _SECTION_OF:
        own = _SECTION_OF[word]
        where = f"'{own}'" if "." not in own else f"'{own.split('.')[1]}' under '{own.split('.')[0]}'"
        return f"unknown section '{name}': cvld calls it {where}; move the entries there"
    if word in NO_SECTION:
        return (f"unknown section '{name}': cvld has no section for {word}; keep the entries in a YAML comment "
                "until it does, or move what fits to works, talks or service")
    return None


def _close_matches(word: str, candidates: list[str]) -> list[str]:
    """The likeliest meant candidate, for a "did you mean" hint (difflib is imported only for a mistake)."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=1)


def _best_context(error):
    """For oneOf over a mapping: the branch that speaks of mappings, and its deepest error."""
    candidates = [e for e in error.context if e.validator != "type"]
    if not candidates:
        return None
    return max(candidates, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))


def _closest_description(error) -> str | None:
    schema = error.schema
    if isinstance(schema, dict) and schema.get("description"):
        return schema["description"]
    if isinstance(schema, dict) and "$ref" in schema:
        return None
    return None


def _show(value) -> str:
    if isinstance(value, str):
        text = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
        return f"'{text}'" if len(text) <= 80 else f"'{text[:77]}...'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty value"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return str(value)


# --- building the model ---------------------------------------------------------


class ModelBuilder:
    """Turns schema-checked plain data into model objects, checking what a schema cannot."""

    def __init__(self, source: Source, report: Report):
        self.source = source
        self.report = report
        self.data = source.data if isinstance(source.data, dict) else {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.owner_key: str | None = None

    # helpers
    def err(self, path, message, *, key=False):
        self.report.error(self.source.location(path, key=key), message)

    def at(self, path):
        return self.source.location(path)

    def get(self, mapping, name, kind=None):
        value = mapping.get(name) if isinstance(mapping, dict) else None
        if kind is not None and not isinstance(value, kind):
            return None
        return value

    def text(self, mapping, name):
        value = mapping.get(name) if isinstance(mapping, dict) else None
        return value.strip() if isinstance(value, str) else None

    def date(self, mapping, name, path, *, allow_present=False, parse=parse_date):
        """(date, current) for a date field (read by ``parse``); errors are reported and give (None, False)."""
        value = self.get(mapping, name)
        if value is None:
            return None, False
        if allow_present and isinstance(value, str) and value.strip().lower() == PRESENT:
            return None, True
        written = self.source.numbers_as_written.get(tuple(path) + (name,))
        if written is not None and not isinstance(value, bool):
            value = written  # 0000, 0x7E4, 2020.0 are reported (or read) as written, not as the number YAML made
        try:
            return parse(value), False
        except DateError as error:
            self.err(path + (name,), str(error))
            return None, False

    def work_date(self, data, path):
        """(start, end) of a work's date: one date (end None) or a range; (None, None) when absent or wrong."""
        span, _ = self.date(data, "date", path, parse=parse_date_range)
        return span or (None, None)

    def check_span(self, path, start, end):
        if start and end and end.last_day() < start.first_day():
            self.err(path + ("end",), f"ends ({end}) before it starts ({start})")

    def identifier(self, mapping, name, path, normalise):
        value = mapping.get(name) if isinstance(mapping, dict) else None
        if value is None or isinstance(value, bool):
            return None
        if not isinstance(value, (str, int)):
            return None
        try:
            return normalise(str(value))
        except ids.IdentifierError as error:
            self.err(path + (name,), str(error))
            return None

    def url(self, mapping, name, path):
        return self.identifier(mapping, name, path, ids.check_url)

    # sections
    def build(self) -> CV:
        data = self.data
        for key, value in (self.get(data, "organisations", dict) or {}).items():
            if isinstance(value, dict):
                self.organisations[key] = self.organisation(key, value, ("organisations", key))
        person_data = self.get(data, "person", dict) or {}
        self.owner_key = self.get(person_data, "key", str)
        for key, value in (self.get(data, "people", dict) or {}).items():
            if not isinstance(value, dict):
                continue
            if key == self.owner_key:
                self.err(("people", key), f"'{key}' is the owner's key (person.key); the owner is not listed under people", key=True)
                continue
            self.people[key] = self.person(key, value, ("people", key))
        owner = self.owner(person_data)
        self.owner_obj = owner
        self.check_orcid_clashes(owner)
        legend_data = self.get(data, "legend", dict) or {}
        legend = Legend(self.text(legend_data, "equal_contribution"), self.text(legend_data, "corresponding"))
        updated, _ = self.date(data, "updated", ())
        education = self.section("education", self.education)
        positions = self.section("positions", self.position)
        works = self.section("works", self.work)
        self.check_version_links(works)
        talks = self.section("talks", self.talk)
        teaching = self.section("teaching", self.teaching)
        service = self.section("service", self.service)
        awards = self.section("awards", self.award)
        grants = self.section("grants", self.grant)
        self.check_funding_links(grants)
        supervision = self.section("supervision", self.supervision)
        memberships = self.section("memberships", self.membership)
        return CV(self.source.file, owner, dict(self.organisations), dict(self.people), education, positions, works,
                  talks, teaching, service, legend, updated, awards, grants, supervision, memberships)

    def section(self, name, build_one):
        items = self.get(self.data, name, list) or []
        built = []
        seen: dict[str, int] = {}
        names: dict[str, str] = {}  # output file name -> the key written under it
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            entity = build_one(item, (name, index))
            if entity is None:
                continue
            if entity.key in seen:
                self.err((name, index, "key") if "key" in item else (name, index),
                         f"duplicate key '{entity.key}' (also {name}[{seen[entity.key]}])")
                continue
            # a key no system keeps as a file name (con, aux., nul.x) is written under safe_name's
            # form of it, which must not be another entry's own key
            named = safe_name(entity.key)
            if named in names:
                other = names[named]
                self.err((name, index, "key") if "key" in item else (name, index),
                         f"key '{entity.key}' would be written under the same file name '{named}' as "
                         f"{name}[{seen[other]}] ('{other}'); rename one of them")
                continue
            seen[entity.key] = index
            names[named] = entity.key
            built.append(entity)
        return tuple(built)

    def organisation(self, key, data, path) -> Organisation:
        country = self.text(data, "country")
        if country:
            self.check_country(country, path + ("country",))
        return Organisation(
            key, self.text(data, "name") or key, self.text(data, "department"), self.text(data, "city"),
            self.text(data, "region"), country, self.identifier(data, "ror", path, ids.normalize_ror),
            self.identifier(data, "ringgold", path, ids.normalize_ringgold),
            self.identifier(data, "grid", path, ids.normalize_grid), self.url(data, "url", path), origin=self.at(path),
            crossref_funder=self.identifier(data, "crossref_funder", path, ids.normalize_crossref_funder),
        )

    def check_country(self, code, path):
        from iso3166 import countries_by_alpha2

        if code.upper() not in countries_by_alpha2:
            self.err(path, f"unknown country code '{code}' (use ISO 3166-1 alpha-2, such as US or CN)")

    def person(self, key, data, path) -> Person:
        affiliation = self.org_ref(data.get("affiliation"), path + ("affiliation",)) if "affiliation" in data else None
        return Person(
            key, self.text(data, "name") or key, self.text(data, "given_name"), self.text(data, "family_name"),
            self.text(data, "additional_name"), tuple(self.get(data, "other_names", list) or ()),
            self.identifier(data, "orcid", path, ids.normalize_orcid), self.url(data, "homepage", path),
            affiliation, origin=self.at(path),
        )

    def owner(self, data) -> Owner:
        path = ("person",)
        address_data = self.get(data, "address", dict)
        address = None
        if address_data is not None:
            country = self.text(address_data, "country")
            if country:
                self.check_country(country, path + ("address", "country"))
            postal = address_data.get("postal_code")
            address = Address(self.text(address_data, "street"), self.text(address_data, "locality"),
                              self.text(address_data, "region"), str(postal) if postal is not None else None, country)
        profiles = []
        for index, item in enumerate(self.get(data, "profiles", list) or []):
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                url = self.url(item, "url", path + ("profiles", index))
                if url:
                    profiles.append(Profile(str(item.get("network", "")), url, self.text(item, "username")))
        return Owner(
            self.owner_key or "owner", self.text(data, "name") or "", self.text(data, "given_name"),
            self.text(data, "family_name"), self.text(data, "additional_name"),
            tuple(self.get(data, "other_names", list) or ()), self.identifier(data, "orcid", path, ids.normalize_orcid),
            self.url(data, "homepage", path), None, origin=self.at(path),
            honorific_prefix=self.text(data, "honorific_prefix"), honorific_suffix=self.text(data, "honorific_suffix"),
            email=self.text(data, "email"), phone=self.text(data, "phone"), image=self.url(data, "image", path),
            address=address, profiles=tuple(profiles), interests=tuple(self.get(data, "interests", list) or ()),
            bio=self.text(data, "bio"),
        )

    def check_orcid_clashes(self, owner):
        seen: dict[str, str] = {}
        everyone = [("person",)] + [("people", k) for k in self.people]
        persons = [owner] + list(self.people.values())
        for path, person in zip(everyone, persons):
            if person.orcid:
                if person.orcid in seen:
                    self.err(path + ("orcid",), f"ORCID iD {person.orcid} is also given to {seen[person.orcid]}")
                else:
                    seen[person.orcid] = format_path(path)

    def org_ref(self, value, path) -> Organisation | None:
        if isinstance(value, str):
            if value in self.organisations:
                return self.organisations[value]
            hint = _close_matches(value, list(self.organisations))
            self.err(path, f"unknown organisation key '{value}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
            return None
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            key = "org-" + slugify(value["name"] + " " + str(value.get("department") or ""))
            org = self.organisation(key, value, path)
            existing = self.organisations.get(key)
            if existing is None:
                self.organisations[key] = org
                return org
            return existing
        return None

    def person_ref(self, value, path) -> Person | None:
        if isinstance(value, str):
            if value == self.owner_key:
                return None  # the caller substitutes the owner
            if value in self.people:
                return self.people[value]
            hint = _close_matches(value, list(self.people) + [self.owner_key or ""])
            self.err(path, f"unknown person key '{value}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
            return None
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            candidate = self.person("p-" + slugify(value["name"]), value, path)
            for existing in self.people.values():
                if existing.name == candidate.name and (existing.orcid == candidate.orcid or not candidate.orcid):
                    return existing
            key = candidate.key
            suffix = 2
            while key in self.people:
                key = f"{candidate.key}-{suffix}"
                suffix += 1
            person = Person(key, *[getattr(candidate, f) for f in ("name", "given_name", "family_name", "additional_name",
                                                                    "other_names", "orcid", "homepage", "affiliation")],
                            origin=candidate.origin)
            self.people[key] = person
            return person
        return None

    def people_list(self, data, name, path):
        result = []
        for index, value in enumerate(self.get(data, name, list) or []):
            if value == self.owner_key:
                result.append(self.owner_obj)
                continue
            person = self.person_ref(value, path + (name, index))
            if person is not None:
                result.append(person)
        return tuple(result)

    def education(self, data, path):
        org = self.org_ref(data.get("organisation"), path + ("organisation",))
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        kind = self.get(data, "kind", str) or "degree"
        if kind == "degree" and not data.get("degree"):
            self.err(path, "a degree entry needs 'degree' (such as 'Ph.D.'); for a visit write kind: visiting")
        advisors = self.people_list(data, "advisors", path)
        mentors = self.people_list(data, "mentors", path)
        if org is None or start is None:
            return None
        key = self.get(data, "key", str) or f"{org.key}-{kind}-{start}"
        return Education(key, kind, org, start, end, current, self.text(data, "degree"), self.text(data, "field"),
                         self.text(data, "role"), self.text(data, "department"), advisors, mentors, origin=self.at(path))

    def position(self, data, path):
        org = self.org_ref(data.get("organisation"), path + ("organisation",))
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        title = self.text(data, "title")
        if org is None or start is None or not title:
            return None
        key = self.get(data, "key", str) or f"{org.key}-{slugify(title)}-{start}"
        return Position(key, title, self.get(data, "kind", str) or "employment", org, start, end, current,
                        self.text(data, "department"), origin=self.at(path))

    def work(self, data, path):
        authors = []
        for index, value in enumerate(self.get(data, "authors", list) or []):
            ref, equal, corresponding = value, False, False
            if isinstance(value, dict):
                ref = value.get("person")
                equal = value.get("equal_contribution") is True
                corresponding = value.get("corresponding") is True
            where = path + ("authors", index) + (("person",) if isinstance(value, dict) else ())
            person = self.owner_obj if ref == self.owner_key else self.person_ref(ref, where)
            if person is not None:
                authors.append(Author(person, equal, corresponding))
        date, date_end = self.work_date(data, path)
        venue_data = self.get(data, "venue", dict)
        venue = None
        if venue_data is not None and self.text(venue_data, "name"):
            venue = Venue(self.text(venue_data, "name"), self.text(venue_data, "short"), self.text(venue_data, "publisher"),
                          self.identifier(venue_data, "issn", path + ("venue",), ids.normalize_issn),
                          self.identifier(venue_data, "isbn", path + ("venue",), ids.normalize_isbn))
        work = dict(
            doi=self.identifier(data, "doi", path, ids.normalize_doi),
            arxiv=self.identifier(data, "arxiv", path, ids.parse_arxiv),
            isbn=self.identifier(data, "isbn", path, ids.normalize_isbn),
            issn=self.identifier(data, "issn", path, ids.normalize_issn),
            pmid=self.identifier(data, "pmid", path, ids.normalize_pmid),
            url=self.url(data, "url", path), pdf=self.url(data, "pdf", path), image=self.url(data, "image", path),
        )
        links_data = self.get(data, "links", dict) or {}
        links = tuple((kind, url) for kind in LINK_KINDS
                      if (url := self.url(links_data, kind, path + ("links",))) is not None)
        if not self.owner_in(authors):
            self.report.warning(self.at(path + ("authors",)), f"the owner ('{self.owner_key}') is not among the authors")
        incomplete = data.get("authors_incomplete") is True
        if incomplete:
            self.report.warning(self.at(path + ("authors_incomplete",)), "the author list is incomplete: ORCID and "
                                "Google Scholar will see only the authors named; add the others when you can")
        status = self.get(data, "status", str) or "published"
        if "date" not in data and status == "published":
            self.report.warning(self.at(path), "no date: the work is listed as undated and its outputs say no date "
                                "(Google Scholar needs one): add its date, or a status such as in-preparation or "
                                "submitted if it is not published yet", code=UNDATED_CODE)
        updated = self.date(data, "updated", path)[0]
        if date_end is not None and updated is not None:
            self.err(path + ("updated",), "a work dated by a range ends at the range's end: leave out 'updated' or "
                     "extend the range")
        if (date is None and "date" in data) or not authors or not isinstance(data.get("key"), str) \
                or not self.text(data, "title"):
            return None
        return Work(
            data["key"], self.get(data, "type", str) or "other", self.text(data, "title"), tuple(authors), date,
            status, venue,
            _as_text(data.get("volume")), _as_text(data.get("issue")), _as_text(data.get("pages")),
            _as_text(data.get("article_number")), abstract=self.text(data, "abstract"),
            keywords=tuple(self.get(data, "keywords", list) or ()), version_of=self.get(data, "version_of", str),
            note=self.text(data, "note"), authors_incomplete=incomplete, updated=updated,
            selected=data.get("selected") is True, links=links, origin=self.at(path), date_end=date_end,
            funding=tuple(k for k in self.get(data, "funding", list) or () if isinstance(k, str)), **work,
        )

    def owner_in(self, authors):
        return any(a.person is self.owner_obj for a in authors) or not authors

    def check_version_links(self, works):
        keys = {w.key for w in works}
        for index, item in enumerate(self.get(self.data, "works", list) or []):
            target = self.get(item, "version_of", str)
            if target and target not in keys:
                self.err(("works", index, "version_of"), f"unknown work key '{target}'")

    def check_funding_links(self, grants):
        keys = [g.key for g in grants]
        for index, item in enumerate(self.get(self.data, "works", list) or []):
            for place, target in enumerate(self.get(item, "funding", list) or []):
                if isinstance(target, str) and target not in keys:
                    hint = _close_matches(target, keys)
                    self.err(("works", index, "funding", place), f"unknown grant key '{target}'" +
                             (f" (did you mean '{hint[0]}'?)" if hint else " (the grant goes under 'grants', with this key)"))

    def talk(self, data, path):
        given = []
        for index, item in enumerate(self.get(data, "given", list) or []):
            if not isinstance(item, dict):
                continue
            where = path + ("given", index)
            date, _ = self.date(item, "date", where)
            host = self.org_ref(item["host"], where + ("host",)) if "host" in item else None
            if date is not None:
                given.append(TalkOccurrence(date, self.text(item, "event"), host, self.text(item, "place"),
                                            item.get("virtual") is True, self.url(item, "url", where), origin=self.at(where)))
        title = self.text(data, "title")
        if not title or not given:
            return None
        return Talk(self.get(data, "key", str) or slugify(title), title, tuple(given), origin=self.at(path))

    def teaching(self, data, path):
        org = self.org_ref(data["organisation"], path + ("organisation",)) if "organisation" in data else None
        term = None
        if isinstance(data.get("term"), str):
            try:
                term = parse_term(data["term"])
            except DateError as error:
                self.err(path + ("term",), str(error))
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        if term is None and start is None:
            self.err(path, "give a 'term' (such as 'Fall 2014') or a 'start' date")
        course = self.text(data, "course")
        role = self.get(data, "role", str)
        if not course or not role:
            return None
        when = term.label if term else (str(start) if start else "")
        key = self.get(data, "key", str) or slugify(f"{org.key if org else ''} {course} {when}")
        return Teaching(key, role, course, self.get(data, "kind", str) or "course", org, self.text(data, "code"), term,
                        start, end, current, origin=self.at(path))

    def service(self, data, path):
        org = self.org_ref(data["organisation"], path + ("organisation",)) if "organisation" in data else None
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        venue = self.text(data, "venue")
        role = self.get(data, "role", str)
        if not venue or not role:
            return None
        key = self.get(data, "key", str) or slugify(f"{role} {venue}")
        if role == "other" and not self.text(data, "role_title"):
            self.err(path + ("role",), "role 'other' needs 'role_title' (the role as written)")
        return Service(key, role, venue, self.text(data, "venue_full"), self.get(data, "kind", str), org, start, end,
                       current, origin=self.at(path), role_title=self.text(data, "role_title"))


    def amount(self, data, path) -> Amount | None:
        """A sum of money, its value as written (YAML's number read back as the digits in the file)."""
        amount = self.get(data, "amount", dict)
        if amount is None:
            return None
        where = path + ("amount",)
        value = amount.get("value")
        written = self.source.numbers_as_written.get(where + ("value",))
        if written is not None and not isinstance(value, bool):
            value = written
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return None
        value = repr(value) if isinstance(value, float) else value
        parsed = self.identifier({"value": value}, "value", where, ids.normalize_decimal)
        currency = self.identifier(amount, "currency", where, ids.normalize_currency)
        return Amount(parsed, currency) if parsed and currency else None

    def award(self, data, path):
        org = self.org_ref(data["organisation"], path + ("organisation",)) if "organisation" in data else None
        date, _ = self.date(data, "date", path)
        amount = self.amount(data, path)
        url = self.url(data, "url", path)
        name = self.text(data, "name")
        if not name:
            return None
        key = self.get(data, "key", str) or slugify(f"{name} {date or ''}")
        return Award(key, name, org, date, amount, url, self.text(data, "description"), origin=self.at(path))

    def grant(self, data, path):
        funder = self.org_ref(data.get("funder"), path + ("funder",))
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        amount = self.amount(data, path)
        url = self.url(data, "url", path)
        title = self.text(data, "title")
        role = self.get(data, "role", str)
        number = _as_text(self.source.numbers_as_written.get(path + ("award_number",), data.get("award_number")))
        if funder is None or not title or not role:
            return None
        key = self.get(data, "key", str) or slugify(f"{funder.key} {number or title}")
        return Grant(key, title, funder, role, number, start, end, current, amount, url, origin=self.at(path))

    def supervision(self, data, path):
        ref = data.get("person")
        if ref == self.owner_key:
            self.err(path + ("person",), f"'{ref}' is the owner (person.key); name the person supervised")
            return None
        person = self.person_ref(ref, path + ("person",))
        org = self.org_ref(data["organisation"], path + ("organisation",)) if "organisation" in data else None
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        level = self.get(data, "level", str)
        if person is None or not level:
            return None
        key = self.get(data, "key", str) or slugify(f"{person.key} {level}")
        return Supervision(key, person, level, self.get(data, "role", str) or "advisor", start, end, current, org,
                           self.text(data, "thesis_title"), self.text(data, "current_position"), origin=self.at(path))

    def membership(self, data, path):
        org = self.org_ref(data.get("organisation"), path + ("organisation",))
        start, _ = self.date(data, "start", path)
        end, current = self.date(data, "end", path, allow_present=True)
        self.check_span(path, start, end)
        if org is None:
            return None
        role = self.text(data, "role")
        key = self.get(data, "key", str) or slugify(f"{org.key} {role or 'member'}")
        return Membership(key, org, role, start, end, current, origin=self.at(path))


def _as_text(value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    return str(value).strip() or None

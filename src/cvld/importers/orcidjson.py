"""ORCID's JSON form (API v3.0) into a CV-document fragment.

Reads what ORCID's API returns as JSON: a whole record (``/record``: the person's
name, works, educations, employments, distinctions, memberships, fundings), the works
list (``/works``: groups of work summaries), one work (``/work/PUT-CODE``),
``/educations``, ``/employments``, ``/distinctions`` or ``/memberships`` (affiliation
groups), ``/fundings`` (groups of funding summaries), one affiliation and one funding.
Distinctions are read as awards, fundings as grants, memberships as memberships, as
the XML importer reads them. Work types and external ids map as in the
XML importer (:mod:`cvld.importers.orcid`). Work summaries carry no contributors:
such a work is the owner's alone, which is reported. Every value the CV format
cannot hold is reported at its JSON path and line.
"""

from __future__ import annotations

from pathlib import Path

from cvld.model import ids
from cvld.orcid.vocab import FUNDING_TYPES, SOURCE_WORK_ID_PREFIX, cv_work_type, grant_role
from cvld.core.diagnostics import CVInputError, Diagnostic, Report, UsageError
from cvld.source.yamlsource import Source
from cvld.importers.fragment import Fragment, ends_before_start, listed, number_or_text
from cvld.importers.orcid import (PersonRecord, country_code, no_role_message, not_held_message, search_refusal,
                                  service_role, venue_fields)
from cvld.importers.text import read_repaired
from cvld.importers.names import Me, Name, parse_name
from cvld.core.text import is_key

IDS = ids.WORK_IDS
# keys of a work or affiliation that only describe ORCID's record keeping
BOOKKEEPING = {"created-date", "last-modified-date", "source", "put-code", "path", "visibility", "display-index"}
AFFILIATION_KINDS = {"educations": "education", "employments": "positions", "invited-positions": "visiting",
                     "services": "service", "distinctions": "award", "memberships": "membership"}
NOT_HELD_SECTIONS = {"qualifications": "qualification", "peer-reviews": "peer-review",
                     "research-resources": "research-resource"}
# the CV sections the reader fills, beside works (the fragment's own)
SECTIONS = ("education", "positions", "service", "awards", "grants", "memberships")


def summaries(data, path: tuple):
    """(path, item) of every ``*-summary`` object under ``data`` (groups, peer-review groups, 2.x lists)."""
    if isinstance(data, dict):
        for key, item in data.items():
            if key.endswith("-summary") and isinstance(item, dict):
                yield path + (key,), item
            elif key.endswith("-summary") and isinstance(item, list):
                for index, each in enumerate(item):
                    if isinstance(each, dict):
                        yield path + (key, index), each
            elif isinstance(item, (dict, list)) and key not in BOOKKEEPING and key != "external-ids":
                yield from summaries(item, path + (key,))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from summaries(item, path + (index,))


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    source = read_repaired(path, report)
    return _Reader(source, report, Me(me, me_orcid, me_aliases)).read()


def credit_person(credit: str) -> Name:
    """A contributor's credit name as a Name (literal when it does not parse as a person's name)."""
    try:
        return parse_name(credit)
    except ValueError:
        return Name(literal=credit)


def value(data, *names):
    """The text under ``names``, unwrapping ORCID's ``{"value": ...}`` objects; None if absent."""
    for name in names:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    if isinstance(data, dict):
        data = data.get("value")
    if data is None or isinstance(data, (dict, list)):
        return None
    text = str(data).strip()
    return text or None


class _Reader:
    def __init__(self, source: Source, report: Report, me: Me):
        self.source = source
        self.report = report
        self.fragment = Fragment(source.file, report, me)
        self.sections: dict[str, list] = {name: [] for name in SECTIONS}

    def at(self, path):
        return self.source.location(path)

    def lost(self, path, what: str | None = None, why: str = "the CV format has no place for it") -> None:
        self.report.warning(self.at(path), f"ORCID '{what or path[-1]}' is not imported: {why}")

    def read(self) -> dict:
        data = self.source.data
        if not isinstance(data, dict):
            self.report.warning(self.at(()), "not an ORCID JSON document (expected an object)")
            return self.fragment.result()
        if isinstance(data.get("expanded-result"), list) or isinstance(data.get("result"), list):
            self.search(data)
        if "activities-summary" in data or "orcid-identifier" in data:
            self.record(data)
        elif "group" in data and self.is_fundings(data):
            self.fundings(data, ())
        elif "group" in data:
            self.works(data, ())
        elif "affiliation-group" in data:
            kind = self.kind(data)
            if kind:
                self.affiliations(data, (), kind)
        elif "bulk" in data:
            for index, item in enumerate(listed(data.get("bulk"))):
                if isinstance(item, dict) and isinstance(item.get("work"), dict):
                    self.work(item["work"], ("bulk", index, "work"), summary=False)
        elif "title" in data and str(data.get("type") or "").lower().replace("_", "-") in FUNDING_TYPES:
            self.funding(data, ())
        elif "title" in data and "type" in data:
            self.work(data, (), summary="contributors" not in data)
        elif "organization" in data:
            kind = self.kind(data)
            if kind:
                self.affiliation(data, (), kind)
        else:
            self.report.warning(self.at(()), "not an ORCID record, works list, work or affiliation; nothing read")
        self.fragment.sections.update({k: v for k, v in self.sections.items() if v})
        document = self.fragment.result()
        for name in ("awards", "grants", "memberships"):  # sections Fragment.result does not know
            if self.sections[name]:
                document[name] = self.sections[name]
        return document

    def search(self, data: dict) -> None:
        results = data.get("expanded-result") if isinstance(data.get("expanded-result"), list) else data["result"]
        found = [value(r, "orcid-id") or value(r, "orcid-identifier", "path") for r in results if isinstance(r, dict)]
        raise CVInputError([Diagnostic(self.at(()), search_refusal([f for f in found if f]))])

    def kind(self, data: dict) -> str | None:
        """The kind of an affiliation document, by its ORCID path, else by the file's name; None when
        it is a kind the CV format has no section for (qualification) or none can be told."""
        for text in (str(data.get("path") or ""), Path(self.source.file).name):
            for word, kind in (("education", "education"), ("employment", "positions"), ("invited-position", "visiting"),
                               ("distinction", "award"), ("membership", "membership")):
                if word in text.lower():
                    return kind
        self.report.warning(self.at(()), "an affiliation that is not an education, employment, invited position, "
                                         "distinction or membership (by its path or the file's name): not imported")
        return None

    @staticmethod
    def is_fundings(data: dict) -> bool:
        groups = listed(data.get("group"))
        return any(isinstance(g, dict) and "funding-summary" in g for g in groups) or "fundings" in str(
            data.get("path") or "")

    # --- the record -------------------------------------------------------------------

    def record(self, data: dict) -> None:
        orcid = value(data, "orcid-identifier", "path")
        name = data.get("person", {}).get("name") if isinstance(data.get("person"), dict) else None
        if isinstance(name, dict):
            given, family = value(name, "given-names"), value(name, "family-name")
            credit = value(name, "credit-name")
            if given or family or credit:
                person = Name(given, family) if (given or family) else parse_name(credit)
                normalised = self.fragment.identifier(ids.normalize_orcid, orcid, self.at(("orcid-identifier",)),
                                                      "ORCID iD") if orcid else None
                me = self.fragment.me
                if me.orcid and normalised and me.orcid != normalised:
                    raise UsageError(f"import: {self.source.file} is the ORCID record of {normalised} ({person.full}), "
                                     f"not of {me.orcid}")
                if me.names and not me.orcid and not me.matches(person) and \
                        not (credit and me.matches(parse_name(credit))):
                    raise UsageError(f"import: {self.source.file} is the ORCID record of {person.full}"
                                     f"{' (' + normalised + ')' if normalised else ''}, who is not '{me.name.full}'")
                given_name = me.name.full if me.name else None
                self.fragment.set_owner(person, orcid=normalised)
                self.fragment.me.add_name(person.full)
                for other in (credit, given_name):
                    if other and other != person.full and other not in self.fragment.owner.get("other_names", []):
                        self.fragment.owner.setdefault("other_names", []).append(other)
        activities = data.get("activities-summary") or {}
        for section in sorted(activities) if isinstance(activities, dict) else ():
            part = activities[section]
            path = ("activities-summary", section)
            if section == "works" and isinstance(part, dict):
                self.works(part, path)
            elif section in AFFILIATION_KINDS and isinstance(part, dict):
                self.affiliations(part, path, AFFILIATION_KINDS[section])
            elif section == "fundings" and isinstance(part, dict):
                self.fundings(part, path)
            elif section in NOT_HELD_SECTIONS and isinstance(part, (dict, list)):
                self.not_held(part, path, NOT_HELD_SECTIONS[section])
            elif section not in BOOKKEEPING and isinstance(part, dict) and self.has_items(part):
                self.lost(path, section)
        person = data.get("person") or {}
        if isinstance(person, dict):
            self.person_section(person, ("person",))

    def person_section(self, person: dict, path: tuple) -> None:
        """Other names, biography, keywords, links, public e-mail, country and external ids of the owner."""
        built = PersonRecord()
        lists = {"other-names": ("other-name", lambda item: built.other_name(value(item, "content"))),
                 "keywords": ("keyword", lambda item: built.keyword(value(item, "content"))),
                 "researcher-urls": ("researcher-url", lambda item: built.link(value(item, "url-name"), value(item, "url"))),
                 "emails": ("email", lambda item: built.email(value(item, "email"), "public")),
                 "addresses": ("address", lambda item: built.country(value(item, "country"))),
                 "external-identifiers": ("external-identifier", lambda item: built.external_id(
                     value(item, "external-id-type"), value(item, "external-id-value"), value(item, "external-id-url")))}
        for section in sorted(person):
            part = person[section]
            where = path + (section,)
            if section == "biography" and isinstance(part, dict):
                problem = built.bio(value(part, "content"))
                if problem and value(part, "content") is not None:
                    self.lost(where, "biography", problem)
            elif section in lists and isinstance(part, dict):
                name, add = lists[section]
                for index, item in enumerate(listed(part.get(name))):
                    if not isinstance(item, dict):
                        continue
                    visibility = str(item.get("visibility") or "public").lower()
                    problem = add(item) if visibility == "public" or section != "emails" else \
                        f"the e-mail address is {visibility} on ORCID, so it stays out of a public CV"
                    if problem:
                        self.lost(where + (name, index), name, problem)
            elif section not in ("name", *BOOKKEEPING) and isinstance(part, dict) and self.has_items(part):
                self.lost(where, section)
        if self.fragment.owner is not None:
            for field, found in built.record.items():
                if field == "other_names":
                    others = self.fragment.owner.setdefault("other_names", [])
                    others.extend(n for n in found if n not in others and n != self.fragment.owner.get("name"))
                else:
                    self.fragment.owner.setdefault(field, found)

    def not_held(self, data, path: tuple, kind: str) -> None:
        """Each distinction, membership, qualification, funding, peer review or research resource: reported."""
        for where, item in summaries(data, path):
            title = (value(item, "role-title") or value(item, "title", "title") or
                     value(item, "proposal", "title", "title") or value(item, "reviewer-role"))
            org = value(item, "organization", "name") or value(item, "convening-organization", "name")
            year = value(item, "start-date", "year") or value(item, "completion-date", "year")
            self.report.warning(self.at(where), not_held_message(kind, [title, value(item, "review-group-id")], org, year))

    @staticmethod
    def has_items(part: dict) -> bool:
        return any(isinstance(v, list) and v for v in part.values()) or bool(value(part, "content"))

    # --- works ------------------------------------------------------------------------------

    def works(self, data: dict, path: tuple) -> None:
        for index, group in enumerate(listed(data.get("group"))):
            summaries = group.get("work-summary") if isinstance(group, dict) else None
            if isinstance(summaries, list) and summaries:
                # one group is one work as several sources list it: the first (preferred) one is read
                self.work(summaries[0], path + ("group", index, "work-summary", 0), summary=True)
                for other in range(1, len(summaries)):
                    self.report.warning(self.at(path + ("group", index, "work-summary", other)),
                                        "another source's copy of the same work; the first one is read")

    def work(self, data: dict, path: tuple, *, summary: bool) -> None:
        title = value(data, "title", "title")
        if title is None:
            self.report.warning(self.at(path), "a work without a title; skipped")
            return
        kind = str(data.get("type") or "other").lower().replace("_", "-")
        work_type = cv_work_type(kind)
        if work_type is None:
            work_type = "other"
            self.report.warning(self.at(path + ("type",)), f"ORCID work type '{kind}' has no counterpart: imported as 'other'")
        date = self.date(data.get("publication-date"), path + ("publication-date",))
        authors = self.contributors(data.get("contributors"), path + ("contributors",))
        if not authors:
            if not (self.fragment.owner or self.fragment.me):
                self.report.warning(self.at(path), f"work '{title}' names no contributor and the owner is unknown; skipped")
                return
            authors = [self.fragment.owner_key]
            self.report.warning(self.at(path), "ORCID lists no contributors for this work: the owner is written as "
                                               "its only author")
        record: dict = {"type": work_type, "title": title, "authors": authors}
        if date is not None:
            record["date"] = date
        journal = value(data, "journal-title")
        if journal:
            record["venue"] = {"name": journal}
        if work_type == "preprint":
            record["status"] = "preprint"
        if date is None:  # optional in ORCID's work schema
            self.fragment.undated(record, self.at(path), "publication-date")
        self.external_ids(data.get("external-ids"), path + ("external-ids",), record)
        url = value(data, "url")
        if url:
            record["url"] = self.fragment.identifier(ids.check_url, url, self.at(path + ("url",)), "url")
        abstract = value(data, "short-description")
        if abstract:
            record["abstract"] = abstract
        for name in ("subtitle", "translated-title"):
            if value(data, "title", name):
                self.lost(path + ("title", name), name)
        for name in ("citation", "language-code", "country", "journal-title-translated"):
            if data.get(name):
                self.lost(path + (name,), name)
        record["key"] = self.fragment.work_key(None, record, self.at(path))
        self.fragment.add_work(record)

    def contributors(self, data, path: tuple) -> list:
        items = data.get("contributor") if isinstance(data, dict) else None
        authors = []
        for index, item in enumerate(listed(items)):
            where = path + ("contributor", index)
            role = value(item, "contributor-attributes", "contributor-role")
            if role and role.lower() not in ("author", "http://credit.niso.org/contributor-roles/writing-original-draft/"):
                self.lost(where, f"contributor with role '{role}'", "cvld records authors only")
                continue
            credit = value(item, "credit-name")
            orcid_raw = value(item, "contributor-orcid", "path")
            orcid = self.fragment.identifier(ids.normalize_orcid, orcid_raw, self.at(where + ("contributor-orcid",)),
                                             "ORCID iD") if orcid_raw else None
            if credit is None:
                self.report.warning(self.at(where), "a contributor without credit-name; left out")
                continue
            authors.append(self.fragment.author(credit_person(credit), orcid=orcid))
        return authors

    def external_ids(self, data, path: tuple, record: dict) -> None:
        items = data.get("external-id") if isinstance(data, dict) else None
        for index, item in enumerate(listed(items)):
            where = path + ("external-id", index)
            if not isinstance(item, dict):
                self.report.warning(self.at(where), "an external id that is not an object; not imported")
                continue
            kind = str(item.get("external-id-type") or "").lower()
            raw = value(item, "external-id-value")
            relation = str(item.get("external-id-relationship") or "self").lower().replace("_", "-")
            if kind not in IDS or raw is None:
                self.lost(where, f"external id of type '{kind}'", "the CV format has no field for it")
                continue
            field, normalise = IDS[kind]
            normalised = self.fragment.identifier(normalise, raw, self.at(where + ("external-id-value",)), kind)
            if normalised is None:
                continue
            if field == "issn" and relation == "part-of" and "venue" in record:
                record["venue"].setdefault("issn", normalised)
            elif relation == "self" and field not in record:
                record[field] = normalised
            else:
                self.lost(where, f"{relation} {kind} '{raw}'", "cvld keeps one id of each kind for the work itself")

    # --- affiliations -------------------------------------------------------------------------

    def affiliations(self, data: dict, path: tuple, kind: str) -> None:
        """3.0's affiliation groups of summaries, or 2.x's list of summaries."""
        for where, item in summaries(data, path):
            self.affiliation(item, where, kind)

    def affiliation(self, data: dict, path: tuple, kind: str) -> None:
        if kind in ("award", "membership"):
            return self.professional(data, path, kind)
        org = data.get("organization") if isinstance(data.get("organization"), dict) else {}
        name = value(org, "name")
        start = self.date(data.get("start-date"), path + ("start-date",))
        role = value(data, "role-title")
        if not name or start is None or (kind not in ("education", "service") and not role):
            missing = [m for m, ok in (("organization", name), ("start-date", start is not None),
                                       ("role-title", kind in ("education", "service") or role)) if not ok]
            self.report.warning(self.at(path), f"an affiliation without {', '.join(missing)}; skipped")
            return
        end = self.date(data.get("end-date"), path + ("end-date",))
        if ends_before_start(start, end):
            self.report.warning(self.at(path + ("end-date",)), f"an affiliation '{role or name}' that ends ({end}) "
                                                               f"before it starts ({start}); left out: correct the dates "
                                                               "on ORCID or add it by hand")
            return
        fields = self.organisation_fields(data, path)
        department = fields.pop("department", None) if kind == "service" else None
        organisation = self.fragment.organisation(name, **{k: v for k, v in fields.items() if v})
        entry: dict
        if kind == "service" and not role:
            self.report.warning(self.at(path), "a service without role-title, which a CV service entry needs; skipped")
            return
        if kind == "service":
            entry = {**service_role(role), "organisation": organisation, **venue_fields(department or name),
                     "start": start, "end": end if end is not None else "present"}
            self.sections["service"].append({k: v for k, v in entry.items() if v is not None})
            return
        if kind == "education":
            degree, _, field = (role or "").partition(" in ")
            entry = {"kind": "degree", "degree": degree or None, "field": field or None}
            if not degree:
                self.report.warning(self.at(path), "an education without role-title (the degree); skipped")
                return
        else:
            entry = {"title": role, "kind": "visiting" if kind == "visiting" else "employment"}
        entry.update({"organisation": organisation, "start": start, "end": end if end is not None else "present"})
        self.sections["education" if kind == "education" else "positions"].append(
            {k: v for k, v in entry.items() if v is not None})

    def organisation_fields(self, data: dict, path: tuple, *, department: bool = True, url: bool = True) -> dict:
        """An item's organisation as CV fields (address, ids; the item's department-name and url)."""
        org = data.get("organization") if isinstance(data.get("organization"), dict) else {}
        fields: dict = {}
        address = org.get("address") if isinstance(org.get("address"), dict) else {}
        for field in ("city", "region", "country"):
            if value(address, field) and field == "country" and country_code(value(address, field)) is None:
                self.lost(path + ("organization", "address", "country"), "country", "not an ISO 3166-1 country code")
            elif value(address, field):
                fields[field] = country_code(value(address, field)) if field == "country" else value(address, field)
        if department and value(data, "department-name"):
            fields["department"] = value(data, "department-name")
        disambiguated = org.get("disambiguated-organization")
        if isinstance(disambiguated, dict):
            source = str(disambiguated.get("disambiguation-source") or "").upper()
            identifier = value(disambiguated, "disambiguated-organization-identifier")
            field, parse = ids.ORGANISATION_IDS.get(source, (None, None))
            if field and identifier:
                fields[field] = self.fragment.identifier(
                    parse, identifier, self.at(path + ("organization", "disambiguated-organization",
                                                       "disambiguated-organization-identifier")), f"{source} id")
            elif identifier:
                self.lost(path + ("organization", "disambiguated-organization"), f"{source} id")
        if url and value(data, "url"):
            fields["url"] = self.fragment.identifier(ids.check_url, value(data, "url"), self.at(path + ("url",)), "url")
        return fields

    def professional(self, data: dict, path: tuple, kind: str) -> None:
        """A distinction (an award: its name the role-title, its date the start-date) or a membership."""
        name = value(data, "organization", "name")
        role = value(data, "role-title")
        if not name or (kind == "award" and not role):
            missing = "organization" if not name else "role-title (the award's name)"
            self.report.warning(self.at(path), f"a {'distinction' if kind == 'award' else 'membership'} without "
                                               f"{missing}; skipped")
            return
        span = self.span(data, path, f"an affiliation '{role or name}'")
        if span is None:
            return
        start, end = span
        if isinstance(data.get("external-ids"), dict) and data["external-ids"].get("external-id"):
            self.lost(path + ("external-ids",), "external-ids", "cvld keeps no ids on affiliations")
        fields = self.organisation_fields(data, path, url=kind == "membership")
        organisation = self.fragment.organisation(name, **{k: v for k, v in fields.items() if v})
        if kind == "award":
            if end is not None:
                self.lost(path + ("end-date",), "end-date", "cvld keeps one date per award (the start-date)")
            url = self.fragment.identifier(ids.check_url, value(data, "url"), self.at(path + ("url",)), "url") \
                if value(data, "url") else None
            entry = {"name": role, "organisation": organisation, "date": start, "url": url}
            self.sections["awards"].append({k: v for k, v in entry.items() if v is not None})
            return
        entry = {"organisation": organisation, "role": role, "start": start,
                 "end": end if end is not None or start is None else "present"}
        self.sections["memberships"].append({k: v for k, v in entry.items() if v is not None})

    # --- fundings -----------------------------------------------------------------------------

    def fundings(self, data: dict, path: tuple) -> None:
        """``/fundings``: groups of funding summaries (one group is one funding as several sources list it)."""
        for index, group in enumerate(listed(data.get("group"))):
            found = group.get("funding-summary") if isinstance(group, dict) else None
            if isinstance(found, list) and found:
                self.funding(found[0], path + ("group", index, "funding-summary", 0))
                for other in range(1, len(found)):
                    self.report.warning(self.at(path + ("group", index, "funding-summary", other)),
                                        "another source's copy of the same funding; the first one is read")

    def funding(self, data: dict, path: tuple) -> None:
        """A funding (or its summary) as a grant: title, funder, the owner's role, award number,
        dates, amount and url."""
        title = value(data, "title", "title")
        name = value(data, "organization", "name")
        if not title or not name:
            self.report.warning(self.at(path), f"a funding without {'title' if not title else 'organization'}, "
                                               "which a CV grant needs; skipped")
            return
        span = self.span(data, path, f"a funding '{title}'")
        if span is None:
            return
        start, end = span
        kind = str(data.get("type") or "").lower().replace("_", "-")
        if kind != "grant":
            self.report.warning(self.at(path + ("type",)), f"ORCID funding type '{kind}' is read as a grant (the CV's "
                                                           "one kind of funding)")
        grant: dict = {"key": None, "title": title}
        external = data.get("external-ids") if isinstance(data.get("external-ids"), dict) else {}
        for index, item in enumerate(listed(external.get("external-id"))):
            where = path + ("external-ids", "external-id", index)
            id_type = str(item.get("external-id-type") or "").lower() if isinstance(item, dict) else ""
            raw = value(item, "external-id-value") if isinstance(item, dict) else None
            relation = str(item.get("external-id-relationship") or "self").lower().replace("_", "-") \
                if isinstance(item, dict) else ""
            if relation == "self" and id_type == "grant_number" and raw and "award_number" not in grant:
                grant["award_number"] = raw
            elif relation == "self" and id_type == "source-work-id" and raw and raw.startswith(SOURCE_WORK_ID_PREFIX) \
                    and is_key(raw[len(SOURCE_WORK_ID_PREFIX):]):
                grant["key"] = raw[len(SOURCE_WORK_ID_PREFIX):]
            else:
                self.lost(where, f"{relation} {id_type} '{raw}'",
                          "cvld keeps one award number (a grant_number with relationship self) per grant")
        fields = self.organisation_fields(data, path, department=False, url=False)
        grant["funder"] = self.fragment.organisation(name, **{k: v for k, v in fields.items() if v})
        grant["role"] = self.funding_role(data.get("contributors"), path + ("contributors",), title)
        amount = data.get("amount") if isinstance(data.get("amount"), dict) else None
        if amount is not None:
            where = self.at(path + ("amount",))
            sum_ = self.fragment.identifier(ids.normalize_decimal, value(amount, "value"), where, "amount")
            currency = self.fragment.identifier(ids.normalize_currency, amount.get("currency-code"), where,
                                                "amount's currency")
            if sum_ and currency:
                grant["amount"] = {"value": number_or_text(sum_), "currency": currency}
        if value(data, "url"):
            grant["url"] = self.fragment.identifier(ids.check_url, value(data, "url"), self.at(path + ("url",)), "url")
        if start is not None:
            grant["start"] = start
        if end is not None or start is not None:
            grant["end"] = end if end is not None else "present"
        for name_ in ("short-description", "organization-defined-type"):
            if data.get(name_):
                self.lost(path + (name_,), name_)
        if value(data, "title", "translated-title"):
            self.lost(path + ("title", "translated-title"), "translated-title")
        self.sections["grants"].append({k: v for k, v in grant.items() if v is not None})

    def funding_role(self, data, path: tuple, title: str) -> str:
        """The owner's role in a funding from its contributors (the owner's, or the only one's when the
        owner is not known); 'participant' when none says it."""
        items = data.get("contributor") if isinstance(data, dict) else None
        items = [item for item in listed(items) if isinstance(item, dict)]
        known = bool(self.fragment.me) or self.fragment.owner is not None
        found = None
        for index, item in enumerate(items):
            where = path + ("contributor", index)
            credit = value(item, "credit-name")
            orcid_raw = value(item, "contributor-orcid", "path")
            try:
                orcid = ids.normalize_orcid(orcid_raw) if orcid_raw else None
            except ids.IdentifierError:
                orcid = None
            owner = self.fragment.owner or {}
            is_owner = (orcid and orcid == owner.get("orcid")) or (
                credit is not None and self.fragment.me and self.fragment.me.matches(credit_person(credit), orcid)) or (
                not known and len(items) == 1)
            if is_owner and found is None:
                role = value(item, "contributor-attributes", "contributor-role")
                found = grant_role(role) if role else None
                if role and found is None:
                    self.lost(where + ("contributor-attributes", "contributor-role"), f"contributor role '{role}'",
                              "not an ORCID funding role cvld knows: read as 'participant'")
                    found = "participant"
                continue
            self.lost(where, f"contributor '{credit or orcid_raw}'",
                      "cvld keeps the CV owner's role in a grant, not its other contributors")
        if found is None:
            self.report.warning(self.at(path[:-1]), no_role_message(title))
            return "participant"
        return found

    def span(self, data: dict, path: tuple, what: str):
        """(start, end) of an item; None, said at its end-date, when it ends before it starts."""
        start = self.date(data.get("start-date"), path + ("start-date",))
        end = self.date(data.get("end-date"), path + ("end-date",))
        if ends_before_start(start, end):
            self.report.warning(self.at(path + ("end-date",)), f"{what} that ends ({end}) before it starts ({start}); "
                                                               "left out: correct the dates on ORCID or add it by hand")
            return None
        return start, end

    def date(self, data, path: tuple):
        year = value(data, "year")
        if year is None:
            return None
        month, day = value(data, "month"), value(data, "day")
        text = year + (f"-{month}" if month else "") + (f"-{day}" if month and day else "")
        return self.fragment.date(text, self.at(path))

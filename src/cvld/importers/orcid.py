"""ORCID v3.0 XML back into CV records.

:func:`read_orcid` reads a ``work:work``, ``bulk:bulk``, ``education:education``,
``employment:employment``, ``invited-position:invited-position``, ``service:service``,
``distinction:distinction``, ``membership:membership`` or ``funding:funding`` document
(what cvld writes, what ORCID's API returns for one item, ORCID's samples), a whole
record or a section's list, and returns a fragment of a CV document in the CV format:
``works``, ``people``, ``organisations``, ``education``, ``positions``, ``service``,
``awards``, ``grants``, ``memberships`` as applicable.

The mapping is the inverse of :mod:`cvld.orcid.write`, so that record -> XML ->
record -> XML gives the same XML. Every element that a CV record cannot hold (a
subtitle, a translated title, language and country codes, a foreign citation, ids of
types cvld has no field for, put-codes and source metadata) is reported as a warning
at its line, naming the element, and left out; nothing is dropped silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit


from cvld.core.lazy import lazy_module
from cvld.model import ids
from cvld.model.dates import DateError, parse_date
from cvld.core.diagnostics import CVInputError, Diagnostic, Location, Report, UsageError
from cvld.model.identity import id_identity
from cvld.model.records import SERVICE_ROLES
from cvld.orcid.vocab import (BULK, COMMON, ERROR, FUNDING, ORCID_NS, PREFIXES, SOURCE_WORK_ID_PREFIX, WORK,
                              cv_work_type, grant_role, id_url)
from cvld.core.text import is_key, slugify
from cvld.importers.fragment import PERSON_FIELDS, ends_before_start, number_or_text, ordered, undated_message
from cvld.core.io import read_input
from cvld.source.yamlsource import MAX_FILE_BYTES

etree = lazy_module("lxml.etree")
iso3166 = lazy_module("iso3166")

AFFILIATIONS = ("education", "employment", "invited-position", "service", "distinction", "membership")
# what ORCID records hold and a CV has no section for yet: item kind -> its section's name
NOT_HELD = {"qualification": "qualifications", "peer-review": "peer reviews", "research-resource": "research resources"}
# the ORCID item kinds the reader takes, and the CV section each goes to
SECTION_OF = {"distinction": "awards", "membership": "memberships", "funding": "grants"}
# ORCID's record keeping inside a record or a list (who added an item and when): not the researcher's words
BOOKKEEPING = {"created-date", "last-modified-date", "source", "history", "preferences", "deprecated",
               "external-id-normalized", "external-id-normalized-error"}
RECORD_SECTIONS = {"educations": "education", "employments": "employment", "invited-positions": "invited-position",
                   "services": "service", "distinctions": "distinction", "memberships": "membership",
                   "qualifications": "qualification", "fundings": "funding", "peer-reviews": "peer-review",
                   "research-resources": "research-resource"}
SUPPORTED = ("a record, a person, an activities summary, works (summaries), a work, bulk, educations, employments, "
             "invited positions, services, distinctions, memberships, fundings, one education, employment, "
             "invited-position, service, distinction, membership or funding")

VENUE_RE = re.compile(r"^(.+) \(([^()]+)\)$")


def _c(name: str) -> str:
    return f"{{{COMMON}}}{name}"


def _w(name: str) -> str:
    return f"{{{WORK}}}{name}"


def _f(name: str) -> str:
    return f"{{{FUNDING}}}{name}"


def _local(element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _namespace(element) -> str:
    return element.tag[1:].partition("}")[0] if isinstance(element.tag, str) and element.tag.startswith("{") else ""


def _children(element, name: str | None = None) -> list:
    return [child for child in element if isinstance(child.tag, str) and (name is None or _local(child) == name)]


def qname(element) -> str:
    """``common:title`` for an element in ORCID's namespaces."""
    namespace, _, local = element.tag[1:].partition("}")
    prefix = PREFIXES.get(namespace) or (namespace[len(ORCID_NS):] if namespace.startswith(ORCID_NS) else namespace)
    return f"{prefix}:{local}"


class _Reader:
    def __init__(self, name: str, report: Report, owner: dict | None):
        self.name = name
        self.report = report
        self.owner = owner or {}
        self.used: set = set()
        self.fragment: dict = {"organisations": {}, "people": {}, "works": [], "education": [], "positions": [],
                               "service": [], "awards": [], "grants": [], "memberships": []}
        self.work_self_ids: dict[tuple[str, str], str] = {}
        self.described: PersonRecord | None = None  # the owner as a record's person section describes them
        self.version: str | None = None  # "2.x" for an older API's record
        self.listing = False  # a record or a list: ORCID's record keeping is not reported
        self.columns: dict = {}  # the document's elements: the column of each one's start tag
        self.pending_versions: list[tuple[dict, list[tuple[str, str, object]]]] = []

    # helpers
    def at(self, element) -> Location:
        line = element.sourceline or 0
        return Location(self.name, line, self.columns.get(element, 0))

    def lost(self, element, why: str = "", where: Location | None = None) -> None:
        self.used.update([element, *element.iterdescendants()])
        text = (element.text or "").strip()
        shown = f" '{text}'" if text and len(element) == 0 else ""
        self.report.warning(where or self.at(element), f"ORCID element {qname(element)}{shown} cannot be held by a CV record"
                                              + (f": {why}" if why else ""))

    def skip(self, element, why: str, where=None) -> None:
        """Leave ``element`` out whole, saying why at its line (or at ``where``, an element under it)."""
        self.used.update([element, *element.iterdescendants()])
        self.report.warning(self.at(where if where is not None else element), f"ORCID {qname(element)} {why}")

    def take(self, parent, path: str):
        """The element at ``path`` under ``parent`` (marked as read), or None."""
        element = parent.find(path)
        if element is None and path.startswith(f"{{{COMMON}}}") and "/" not in path[len(COMMON) + 2:]:
            return self.take_local(parent, path[len(COMMON) + 2:])
        if element is not None:
            self.used.add(element)
        return element

    def take_local(self, parent, name: str):
        """The child ``common:NAME``, or (ORCID 2.x puts affiliation fields in their section's namespace) the
        child of that local name in any ORCID namespace; marked as read."""
        element = parent.find(_c(name))
        if element is None:
            element = next((child for child in parent if isinstance(child.tag, str) and _local(child) == name
                            and _namespace(child).startswith(ORCID_NS)), None)
        if element is not None:
            self.used.add(element)
        return element

    def text(self, parent, path: str) -> str | None:
        element = self.take(parent, path)
        if element is None or element.text is None or not element.text.strip():
            return None
        return element.text.strip()

    def url(self, element) -> str | None:
        """The element's ``common:url`` by cvld's URL rule; None (reported when it breaks the rule) otherwise."""
        url = self.text(element, _c("url"))
        if not url:
            return None
        try:
            return ids.check_url(url)
        except ids.IdentifierError as error:
            self.lost(element.find(_c("url")), str(error))
            return None

    def mark(self, element) -> None:
        self.used.add(element)

    def report_unread(self, root) -> None:
        """Warn for every element that nothing read (attributes put-code etc. included)."""
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("put-code", "visibility", "path", "display-index"):
                if element.get(attribute) is not None and not self.listing:
                    self.report.warning(self.at(element), f"ORCID attribute {attribute}='{element.get(attribute)}' "
                                                          f"of {qname(element)} cannot be held by a CV record")
            if element in self.used:
                continue
            if any(descendant in self.used for descendant in element.iterdescendants()):
                continue
            if element.getparent() is not None and element.getparent() not in self.used:
                continue  # its parent is reported as a whole
            self.lost(element)

    def date(self, parent, name: str):
        element = self.take(parent, _c(name))
        if element is None:
            return None
        parts = [self.text(element, _c(part)) for part in ("year", "month", "day")]
        if parts[0] is None:
            return None
        shown = "-".join(p for p in parts if p)
        try:
            if not all(p is None or p.isdigit() for p in parts) or (parts[2] and not parts[1]):
                raise DateError("expected digits for year, month and day")
            year = int(parts[0])
            if not 1000 <= year <= 9999:
                raise DateError("the year must have four digits")
            text = str(year) if parts[1] is None else "-".join(
                [f"{year:04d}", f"{int(parts[1]):02d}"] + ([f"{int(parts[2]):02d}"] if parts[2] else []))
            parse_date(text)
        except DateError as error:
            self.report.warning(self.at(element), f"ORCID {qname(element)} '{shown}' left out: not a date ({error})")
            return None
        return year if parts[1] is None else text

    # --- works --------------------------------------------------------------------------

    def work(self, element) -> None:
        self.mark(element)
        record: dict = {}
        title = self.take(element, _w("title"))
        record["title"] = self.text(title, _c("title")) if title is not None else None
        kind = (self.text(element, _w("type")) or "").lower().replace("_", "-") or None  # 2.x: JOURNAL_ARTICLE
        record["type"] = cv_work_type(kind or "") or "other"
        if cv_work_type(kind or "") is None:
            self.report.warning(self.at(element.find(_w("type")) if element.find(_w("type")) is not None else element),
                                f"ORCID work type '{kind}' has no cvld work type: read as 'other'")
        journal = self.text(element, _w("journal-title"))
        description = self.text(element, _w("short-description"))
        citation = self.take(element, _w("citation"))
        cited = self.citation(citation) if citation is not None else None
        date = self.date(element, "publication-date")
        self_key = None
        versions: list[tuple[str, str, object]] = []
        part_of: dict = {}
        external = self.take(element, _c("external-ids"))
        for item in external if external is not None else []:
            if not isinstance(item.tag, str):
                continue
            self.mark(item)
            kind_id = self.text(item, _c("external-id-type"))
            value = self.text(item, _c("external-id-value"))
            relation = (self.text(item, _c("external-id-relationship")) or "self").lower().replace("_", "-")
            field, normalised, problem = self.identifier(kind_id, value)
            if kind_id == "source-work-id" and relation == "self" and value and value.startswith(SOURCE_WORK_ID_PREFIX):
                candidate = value[len(SOURCE_WORK_ID_PREFIX):]
                if is_key(candidate):
                    self_key = candidate
                    self.id_url(item, kind_id, value)
                    continue
            if field is None or problem:
                self.lost(item, problem or f"cvld has no field for external-id type '{kind_id}'")
                continue
            if relation == "self" and field not in ("issn",) and field not in record:
                record[field] = normalised
            elif relation == "part-of" and field in ("issn", "isbn") and field not in part_of \
                    and (field == "issn" or element.find(_w("journal-title")) is not None):
                part_of[field] = normalised
            elif relation == "version-of":
                versions.append((field, id_identity(field, normalised), item, self.at(item)))
            elif relation == "self" and field == "issn":
                self.lost(item, "cvld keeps an ISSN as part-of (the journal's)")
                continue
            elif relation == "self":
                self.lost(item, f"cvld keeps one {field} per work")
                continue
            elif relation == "part-of":
                self.lost(item, "cvld keeps part-of ids only for an ISSN, or an ISBN with a journal-title")
                continue
            else:
                self.lost(item, f"cvld keeps no {relation} ids")
                continue
            self.id_url(item, kind_id, str(normalised))
        url = self.url(element)
        if url:
            record["url"] = url
        authors = self.contributors(element, cited["names"] if cited else [])
        if not authors and _local(element) == "work-summary" and self.owner.get("key"):
            self.report.warning(self.at(element), "ORCID's work summary lists no contributors: the owner is written "
                                                  "as its only author; add the co-authors by hand")
        for name in ("language-code", "country"):
            found = element.find(_c(name))
            if found is not None:
                self.lost(found)
        work: dict = {"key": self_key or (cited["key"] if cited else None)}
        work.update({k: v for k, v in (("type", record.pop("type")), ("title", record.pop("title"))) if v})
        if authors:
            work["authors"] = authors
        elif self.owner.get("key"):
            work["authors"] = [self.owner["key"]]
        if journal:
            work["venue"] = {"name": journal, **part_of}
        elif "issn" in part_of:
            work["issn"] = part_of["issn"]
        if date is not None:
            work["date"] = date
        if work.get("type") == "preprint":
            work["status"] = "preprint"
        if date is None:  # optional in ORCID's work XSD
            self.report.warning(self.at(element), undated_message(work, "publication-date"))
        if description:
            work["abstract"] = description
        work.update(record)
        if cited:
            if "venue" in work:
                work["venue"].update(cited["venue"])
            work.update(cited["fields"])
        if not work["key"]:
            year = str(date)[:4] if date else ""
            work["key"] = f"{slugify(work.get('title') or 'work')[:60]}-{year}".strip("-")
        if work in self.fragment["works"]:
            return  # the same work again (a bulk document beside the single documents)
        work["key"] = self.unique_work_key(work["key"])
        for field in ("doi", "arxiv", "isbn", "pmid"):
            if field in work:
                self.work_self_ids[(field, id_identity(field, work[field]))] = work["key"]
        if versions:
            self.pending_versions.append((work, versions))
        missing = [name for name in ("title", "authors") if name not in work]
        if missing:
            self.report.warning(self.at(element), f"work '{work['key']}' has no {', '.join(missing)}: "
                                                  f"the CV format needs {'it' if len(missing) == 1 else 'them'}; add "
                                                  f"{' and '.join(missing)} before loading")
        self.fragment["works"].append(work)

    def id_url(self, item, kind: str, value: str) -> None:
        """An id's URL is held when it is the one cvld writes for the id."""
        url = item.find(_c("external-id-url"))
        if url is not None and (url.text or "").strip() != id_url(kind, value):
            self.lost(url, "cvld writes the id's own URL")
        elif url is not None:
            self.mark(url)

    def citation(self, citation) -> dict | None:
        """What a BibTeX citation in cvld's own layout adds to the XML: the key, the
        volume, issue, pages, article number, publisher, keywords and the name splits."""
        kind = self.text(citation, _w("citation-type"))
        value = self.take(citation, _w("citation-value"))
        parsed = parse_bibtex_entry(value.text or "") if kind == "bibtex" and value is not None else None
        if parsed is None or not is_key(parsed[0]):
            self.lost(citation, "cvld writes its own BibTeX citation from the record")
            return None
        key, fields = parsed
        found: dict = {"key": key, "venue": {}, "fields": {}, "names": []}
        for bib, target in (("volume", "volume"), ("number", "issue"), ("pages", "pages"), ("eid", "article_number")):
            if bib in fields:
                found["fields"][target] = fields[bib].replace("--", "-") if bib == "pages" else fields[bib]
        if "keywords" in fields:
            found["fields"]["keywords"] = [k.strip() for k in fields["keywords"].split(",") if k.strip()]
        if "publisher" in fields:
            found["venue"]["publisher"] = fields["publisher"]
        for name in fields.get("author", "").split(" and "):
            family, comma, given = name.partition(", ")
            found["names"].append((family.strip(), given.strip()) if comma else None)
        return found

    def unique_work_key(self, base: str) -> str:
        taken = {w["key"] for w in self.fragment["works"]}
        key, suffix = base or "work", 2
        while key in taken:
            key = f"{base}-{suffix}"
            suffix += 1
        return key

    def identifier(self, kind: str | None, value: str | None):
        """(cvld field, normalised value, problem) for one external id."""
        normalisers = ids.WORK_IDS
        if kind not in normalisers or value is None:
            return None, None, None
        field, normalise = normalisers[kind]
        try:
            return field, normalise(value), None
        except ids.IdentifierError as error:
            return field, None, str(error)

    def resolve_versions(self) -> None:
        # a preprint points at its published version, not the other way round
        pending = sorted(self.pending_versions, key=lambda pair: pair[0].get("type") != "preprint")
        for work, versions in pending:
            for field, value, element, where in versions:
                target = self.work_self_ids.get((field, value))
                if target is None or target == work["key"]:
                    self.lost(element, "version-of names a work that is not among those read", where)
                    continue
                other = next(w for w in self.fragment["works"] if w["key"] == target)
                if other.get("version_of") == work["key"] or work.get("version_of") in (target,):
                    continue
                if "version_of" in work:
                    self.lost(element, "cvld keeps one version_of link per work", where)
                    continue
                work["version_of"] = target

    def contributors(self, element, names: list) -> list:
        authors = []
        container = self.take(element, _w("contributors"))
        items = [item for item in (container if container is not None else []) if isinstance(item.tag, str)]
        if len(names) != len(items):
            names = [None] * len(items)
        for item, split in zip(items, names):
            self.mark(item)
            name = self.text(item, _w("credit-name"))
            orcid = self.contributor_orcid(item)
            email = item.find(_w("contributor-email"))
            if email is not None:
                self.lost(email)
            attributes = self.take(item, _w("contributor-attributes"))
            if attributes is not None:
                self.take(attributes, _w("contributor-sequence"))
                role = attributes.find(_w("contributor-role"))
                if role is not None and (role.text or "").strip() == "author":
                    self.mark(role)
                elif role is not None:
                    self.lost(role, "cvld records authors only")
            if name is None:
                self.lost(item, "a contributor without credit-name")
                continue
            authors.append(self.person(name, orcid, split))
        return authors

    def contributor_orcid(self, item) -> str | None:
        """A contributor's ORCID iD (its path, else its URI); None, reported when malformed, otherwise."""
        orcid_element = self.take(item, _c("contributor-orcid"))
        if orcid_element is None:
            return None
        self.used.update(orcid_element.iterdescendants())
        raw = orcid_element.findtext(_c("path")) or orcid_element.findtext(_c("uri"))
        try:
            return ids.normalize_orcid(raw or "")
        except ids.IdentifierError as error:
            self.lost(orcid_element, str(error))
            return None

    def person(self, name: str, orcid: str | None, split: tuple[str, str] | None = None) -> str:
        owner = self.owner
        if owner.get("key") and ((orcid and orcid == owner.get("orcid")) or (name == owner.get("name") and
                                                                              (not orcid or not owner.get("orcid")))):
            return owner["key"]
        people = self.fragment["people"]
        for key, person in people.items():
            if person["name"] == name and person.get("orcid") == orcid:
                return key
        base = slugify(name) or "person"
        key, suffix = base, 2
        while key in people or key == owner.get("key"):
            key = f"{base}-{suffix}"
            suffix += 1
        people[key] = {"name": name, **({"orcid": orcid} if orcid else {})}
        if split is not None and split[0] and name in (f"{split[1]} {split[0]}".strip(), split[0]):
            people[key]["family_name"] = split[0]
            if split[1]:
                people[key]["given_name"] = split[1]
        return key

    # --- affiliations ---------------------------------------------------------------------

    def organisation(self, element, department: str | None) -> str | None:
        org = self.take(element, _c("organization"))
        if org is None:
            return None
        if self.text(org, _c("name")) is None:
            self.lost(org, "an organization without a name")
            return None
        record: dict = {"name": self.text(org, _c("name"))}
        if department:
            record["department"] = department
        address = self.take(org, _c("address"))
        if address is not None:
            for name in ("city", "region", "country"):
                value = self.text(address, _c(name))
                if value and name == "country" and country_code(value) is None:
                    self.lost(address.find(_c(name)), "not an ISO 3166-1 country code")
                elif value:
                    record[name] = country_code(value) if name == "country" else value
        disambiguated = org.find(_c("disambiguated-organization"))
        if disambiguated is not None:
            identifier = (disambiguated.findtext(_c("disambiguated-organization-identifier")) or "").strip()
            source = (disambiguated.findtext(_c("disambiguation-source")) or "").strip()
            field, parse = ids.ORGANISATION_IDS.get(source.upper(), (None, None))
            if field is None:
                self.lost(disambiguated, f"cvld keeps ROR, Ringgold, GRID and FUNDREF (Crossref Funder) ids, not {source}")
            else:
                try:
                    record[field] = parse(identifier)
                except ids.IdentifierError as error:
                    self.lost(disambiguated, str(error))
                else:
                    self.mark(disambiguated)
                    self.used.update(disambiguated.iterdescendants())
        return self.add_organisation(record)

    def add_organisation(self, record: dict) -> str:
        organisations = self.fragment["organisations"]
        base = slugify(" ".join(filter(None, (record["name"], record.get("department"))))) or "org"
        key, suffix = base, 2
        while key in organisations and organisations[key] != record:
            key = f"{base}-{suffix}"
            suffix += 1
        organisations[key] = record
        return key

    def affiliation(self, element, section: str) -> None:
        self.mark(element)
        department = self.text(element, _c("department-name"))
        role = self.text(element, _c("role-title"))
        start = self.date(element, "start-date")
        end = self.date(element, "end-date")
        if ends_before_start(start, end):
            self.used.update([element, *element.iterdescendants()])
            where = element.find(_c("end-date"))
            self.report.warning(self.at(where if where is not None else element),
                                f"ORCID {qname(element)}{' ' + repr(role) if role else ''} ends ({end}) before it starts "
                                f"({start}); left out: correct the dates on ORCID or add it by hand")
            return
        url = self.url(element)
        external = element.find(_c("external-ids"))
        if external is not None:
            self.lost(external, "cvld keeps no ids on affiliations")
        if section == "service":
            self.service(element, department, role, start, end, url)
            return
        if section == "distinction":
            self.award(element, department, role, start, end, url)
            return
        org_key = self.organisation(element, department)
        if section == "membership":
            self.membership(element, org_key, role, start, end, url)
            return
        if url and org_key:
            self.fragment["organisations"][org_key]["url"] = url
        entry: dict = {}
        if section == "education":
            entry["kind"] = "degree"
            degree, _, field = (role or "").partition(" in ")
            if degree:
                entry["degree"] = degree
            if field:
                entry["field"] = field
        else:
            entry["title"] = role
            entry["kind"] = "visiting" if section == "invited-position" else "employment"
        entry["organisation"] = org_key
        self.span(entry, start, end)
        missing = [name for name in ("organisation", "start") + (("title",) if section != "education" else ())
                   if not entry.get(name)]
        if missing:
            self.report.warning(self.at(element), f"{qname(element)} has no {', '.join(missing)}: the CV format "
                                                  f"needs {'it' if len(missing) == 1 else 'them'}")
        self.fragment["education" if section == "education" else "positions"].append(
            {k: v for k, v in entry.items() if v is not None})

    @staticmethod
    def span(entry: dict, start, end) -> None:
        if start is not None:
            entry["start"] = start
            entry["end"] = end if end is not None else "present"
        elif end is not None:
            entry["end"] = end

    def award(self, element, department, name, date, end, url) -> None:
        """A distinction: the award's name is its role-title, its date the start-date."""
        if not name:
            return self.skip(element, "has no role-title, which names the award in a CV; left out")
        if end is not None:
            self.lost(element.find(_c("end-date")), "cvld keeps one date per award (the start-date)")
        entry: dict = {"name": name, "organisation": self.organisation(element, department), "date": date, "url": url}
        self.fragment["awards"].append({k: v for k, v in entry.items() if v is not None})

    def membership(self, element, org_key, role, start, end, url) -> None:
        if org_key is None:
            self.report.warning(self.at(element), f"ORCID {qname(element)} has no organization, which a CV membership "
                                                  "needs; left out")
            return
        if url:
            self.fragment["organisations"][org_key]["url"] = url
        entry: dict = {"organisation": org_key, "role": role}
        self.span(entry, start, end)
        self.fragment["memberships"].append({k: v for k, v in entry.items() if v is not None})

    # --- fundings -----------------------------------------------------------------------------

    def funding(self, element) -> None:
        """A funding (or funding-summary) as a grant: title, funder, the owner's role, award number,
        dates, amount and url."""
        self.mark(element)
        title_element = self.take(element, _f("title"))
        title = self.text(title_element, _c("title")) if title_element is not None else None
        kind = (self.text(element, _f("type")) or "").lower().replace("_", "-")
        start = self.date(element, "start-date")
        end = self.date(element, "end-date")
        if not title:
            return self.skip(element, "has no title, which a CV grant needs; left out")
        if ends_before_start(start, end):
            return self.skip(element, f"{title!r} ends ({end}) before it starts ({start}); left out: correct the dates "
                                      "on ORCID or add it by hand", element.find(_c("end-date")))
        if kind != "grant":
            self.report.warning(self.at(element.find(_f("type")) if element.find(_f("type")) is not None else element),
                                f"ORCID funding type '{kind}' is read as a grant (the CV's one kind of funding)")
        grant: dict = {"title": title}
        key = None
        external = self.take(element, _c("external-ids"))
        for item in _children(external) if external is not None else []:
            self.mark(item)
            id_type = self.text(item, _c("external-id-type"))
            value = self.text(item, _c("external-id-value"))
            relation = (self.text(item, _c("external-id-relationship")) or "self").lower().replace("_", "-")
            if relation == "self" and id_type == "grant_number" and value and "award_number" not in grant:
                grant["award_number"] = value
                url_element = item.find(_c("external-id-url"))
                if url_element is not None:
                    self.lost(url_element, "cvld keeps a grant's award number, not a link for it (the grant's own "
                                           "url is common:url)")
            elif relation == "self" and id_type == "source-work-id" and value and \
                    value.startswith(SOURCE_WORK_ID_PREFIX) and is_key(value[len(SOURCE_WORK_ID_PREFIX):]):
                key = value[len(SOURCE_WORK_ID_PREFIX):]
                self.take(item, _c("external-id-url"))
            else:
                self.lost(item, "cvld keeps one award number (a grant_number with relationship self) per grant")
        amount = self.take(element, _f("amount"))
        if amount is not None:
            try:
                grant["amount"] = {"value": number_or_text(ids.normalize_decimal(amount.text or "")),
                                   "currency": ids.normalize_currency(amount.get("currency-code") or "")}
            except ids.IdentifierError as error:
                self.lost(amount, str(error))
        grant["url"] = self.url(element)
        grant["role"] = self.funding_role(element, title)
        funder = self.organisation(element, None)
        if funder is None:
            self.report.warning(self.at(element), f"ORCID {qname(element)} '{title}' has no organization (the funder), "
                                                  "which a CV grant needs; left out")
            return
        self.span(grant, start, end)
        record = {"key": key, "title": title, "funder": funder, "role": grant.pop("role"), **grant}
        self.fragment["grants"].append({k: v for k, v in record.items() if v is not None})

    def funding_role(self, element, title: str) -> str:
        """The owner's role in a funding, from its contributors (the owner's, or the only one's when
        the owner is not known); 'participant' when none says it."""
        container = self.take(element, _f("contributors"))
        found = None
        for item in _children(container) if container is not None else []:
            self.mark(item)
            name = self.text(item, _f("credit-name"))
            orcid = self.contributor_orcid(item)
            attributes = self.take(item, _f("contributor-attributes"))
            role_element = self.take(attributes, _f("contributor-role")) if attributes is not None else None
            role = grant_role(role_element.text or "") if role_element is not None else None
            owner = self.owner
            is_owner = (orcid and orcid == owner.get("orcid")) or (name and name == owner.get("name")) or (
                not owner.get("name") and not owner.get("orcid") and len(_children(container)) == 1)
            if is_owner and found is None:
                if role is None and role_element is not None:
                    self.lost(role_element, "not an ORCID funding role cvld knows: read as 'participant'")
                    role = "participant"
                found = role
                email = item.find(_f("contributor-email"))
                if email is not None:
                    self.lost(email)
                continue
            self.lost(item, "cvld keeps the CV owner's role in a grant, not its other contributors")
        if found is None:
            self.report.warning(self.at(element), no_role_message(title))
            return "participant"
        return found

    def service(self, element, department, role, start, end, url) -> None:
        if not role:
            return self.skip(element, "has no role-title, which a CV service entry needs; left out")
        entry: dict = service_role(role)
        org = element.find(_c("organization"))
        org_name = org.findtext(_c("name")) if org is not None else None
        bare = org is not None and not any(len(part) or (part.text or "").strip()
                                          for part in org.findall(_c("address"))) \
            and org.find(_c("disambiguated-organization")) is None
        if department is None and bare:
            self.used.update([org, *org.iterdescendants()])
            venue_label = (org_name or "").strip()
        else:
            org_key = self.organisation(element, None)
            if url and org_key:
                self.fragment["organisations"][org_key]["url"] = url
            entry["organisation"] = org_key
            venue_label = department or (org_name or "").strip()
        entry.update(venue_fields(venue_label))
        self.span(entry, start, end)
        self.fragment["service"].append({k: v for k, v in entry.items() if v is not None})


    # --- whole records and lists (GET /record, /person, /activities, /works, /educations ...) ------------

    def quiet(self, root) -> None:
        """ORCID's record keeping in a record or a list is not the researcher's: read as seen, no warning."""
        self.listing = True
        for element in root.iter():
            if _local(element) in BOOKKEEPING:
                self.used.update([element, *element.iterdescendants()])

    def record(self, root) -> None:
        self.mark(root)
        orcid = None
        identifier = self.take(root, _c("orcid-identifier"))
        raw = None
        if identifier is not None:
            self.used.update(identifier.iterdescendants())
            raw = identifier.findtext(_c("path")) or identifier.findtext(_c("uri"))
        raw = raw or (root.get("path") or "").strip("/")
        if raw:
            try:
                orcid = ids.normalize_orcid(raw.strip())
            except ids.IdentifierError as error:
                self.report.warning(self.at(identifier if identifier is not None else root), f"the record's ORCID iD left out: {error}")
        for child in _children(root):
            local = _local(child)
            if local == "person":
                self.person_section(child, orcid)
            elif local == "activities-summary":
                self.activities(child)
        if self.described is None and orcid:
            self.described = PersonRecord()
            self.described.record["orcid"] = orcid

    def person_section(self, element, orcid: str | None = None) -> None:
        self.mark(element)
        person = self.described = self.described or PersonRecord()
        if orcid is None and element.get("path"):
            try:
                orcid = ids.normalize_orcid(element.get("path").strip("/").split("/")[0])
            except ids.IdentifierError:
                orcid = None
        name = next(iter(_children(element, "name")), None)
        if name is not None:
            self.mark(name)
            parts = [self.text(name, f"{{{ORCID_NS}personal-details}}{part}")
                     for part in ("given-names", "family-name", "credit-name")]
            problem = person.name(*parts)
            if problem:
                self.report.warning(self.at(name), f"ORCID person:name: {problem}")
        if orcid:
            person.record["orcid"] = orcid
        if person.record.get("name"):  # the record's owner: contributors who are them become the owner's key
            self.owner = {"key": person.record["key"], "name": person.record["name"],
                          "orcid": person.record.get("orcid") or self.owner.get("orcid")}
        elif orcid and not self.owner.get("orcid"):
            self.owner = {**self.owner, "orcid": orcid}
        for section in _children(element):
            local = _local(section)
            if local == "other-names":
                self.person_items(section, "other-name", lambda item: person.other_name(self.content(item)))
            elif local == "biography":
                self.mark(section)
                problem = person.bio(self.content(section))
                if problem:
                    self.report.warning(self.at(section), f"ORCID person:biography: {problem}")
            elif local == "keywords":
                self.person_items(section, "keyword", lambda item: person.keyword(self.content(item)))
            elif local == "researcher-urls":
                ns = f"{{{ORCID_NS}researcher-url}}"
                self.person_items(section, "researcher-url",
                                  lambda item: person.link(self.text(item, ns + "url-name"), self.text(item, ns + "url")))
            elif local == "emails":
                self.person_items(section, "email", lambda item: person.email(
                    self.text(item, f"{{{ORCID_NS}email}}email"), item.get("visibility")), visibility=False)
            elif local == "addresses":
                self.person_items(section, "address",
                                  lambda item: person.country(self.text(item, f"{{{ORCID_NS}address}}country")))
            elif local == "external-identifiers":
                self.person_items(section, "external-identifier", lambda item: person.external_id(
                    self.text(item, _c("external-id-type")), self.text(item, _c("external-id-value")),
                    self.text(item, _c("external-id-url"))), also=("external-id-relationship",))

    def content(self, element) -> str | None:
        found = next(iter(_children(element, "content")), None)
        if found is None:
            return None
        self.mark(found)
        return (found.text or "").strip() or None

    def person_items(self, section, name: str, add, *, visibility: bool = True, also: tuple = ()) -> None:
        """Each item of a person's list (other names, keywords, links ...): taken, or reported at its line."""
        self.mark(section)
        for item in _children(section, name):
            self.mark(item)
            for extra in also:
                self.take_local(item, extra)
            problem = add(item)
            if problem:
                self.lost(item, problem)
            elif visibility and (item.get("visibility") or "public").lower() != "public":
                self.report.warning(self.at(item), f"ORCID {qname(item)} is {item.get('visibility')} on ORCID and "
                                                   "is now in the CV, which is public: remove it if it should not be")

    def activities(self, element) -> None:
        self.mark(element)
        for section in _children(element):
            local = _local(section)
            if local in BOOKKEEPING:
                continue
            if local == "works":
                self.works_list(section)
            elif local in RECORD_SECTIONS:
                self.section(section, RECORD_SECTIONS[local])

    def section(self, element, kind: str) -> None:
        """A record's educations, employments ... (3.0 in affiliation-groups, 2.x as bare summaries)."""
        self.mark(element)
        if kind in ("education", "employment") and any(_local(c).endswith("-summary") for c in _children(element)):
            self.older_version(element)
        for group in element.iter():
            if _local(group) in ("affiliation-group", "group", "peer-review-group", "peer-review-duplicates"):
                self.mark(group)
                for ids_element in _children(group, "external-ids"):  # the group's ids repeat its items'
                    self.used.update([ids_element, *ids_element.iterdescendants()])
        for item in list(element.iter()):
            if _local(item) == f"{kind}-summary" or (_local(item) == kind and item is not element):
                self.item(item, kind)

    def item(self, element, kind: str) -> None:
        if kind in NOT_HELD:
            self.not_held(element, kind)
        elif kind == "funding":
            self.funding(element)
        else:
            self.affiliation(element, kind)

    def not_held(self, element, kind: str) -> None:
        """A distinction, membership, qualification, funding, peer review or research resource: reported."""
        self.used.update([element, *element.iterdescendants()])
        review = f"{{{ORCID_NS}peer-review}}"
        words: list[str] = []
        for path in (_c("role-title"), f"{{{ORCID_NS}funding}}title/{{{COMMON}}}title",
                     f"{{{ORCID_NS}research-resource}}proposal/{{{ORCID_NS}research-resource}}title/{{{COMMON}}}title",
                     review + "reviewer-role"):
            text = (element.findtext(path) or "").strip()
            if text:
                words.append(text)
                break
        words.append((element.findtext(review + "review-group-id") or "").strip())
        org = (element.findtext(f"{_c('organization')}/{_c('name')}") or element.findtext(
            f"{review}convening-organization/{_c('name')}") or "").strip()
        years = [(element.findtext(f"{path}/{_c('year')}") or "").strip()
                 for path in (_c("start-date"), review + "completion-date")]
        when = next((year for year in years if year), "")
        self.report.warning(self.at(element), not_held_message(kind, words, org, when))

    def works_list(self, element) -> None:
        """``activities:works``: groups of work summaries (one group is one work as several sources list it)."""
        self.mark(element)
        for group in _children(element, "group"):
            self.mark(group)
            for ids_element in _children(group, "external-ids"):
                self.used.update([ids_element, *ids_element.iterdescendants()])
            summaries = [c for c in _children(group) if _local(c) in ("work-summary", "work")]
            for index, summary in enumerate(summaries):
                if index == 0:
                    self.work(summary)
                    continue
                self.used.update([summary, *summary.iterdescendants()])
                self.report.warning(self.at(summary), "another source's copy of the same work; the first one is read")

    def older_version(self, element, version: str = "2.x") -> None:
        if self.version is None:
            self.version = version
            self.report.warning(self.at(element), f"an ORCID API {version} document: read as far as it maps to "
                                                  "v3.0; check the result")

    # --- documents --------------------------------------------------------------------------

    def document(self, root) -> None:
        namespace, _, local = root.tag[1:].partition("}")
        self.listing = False
        if root.tag == _w("work"):
            self.work(root)
        elif root.tag == f"{{{BULK}}}bulk":
            self.mark(root)
            for child in root:
                if not isinstance(child.tag, str):
                    continue
                if child.tag == _w("work"):
                    self.work(child)
                else:
                    self.mark(child)
                    self.used.update(child.iterdescendants())
                    self.report.warning(self.at(child), f"{qname(child)} in the bulk document: "
                                                        f"{(child.findtext(f'{{{ERROR}}}developer-message') or '').strip()}")
        elif namespace == ORCID_NS + local and local in AFFILIATIONS:
            self.affiliation(root, local)
        elif root.tag == _f("funding"):
            self.funding(root)
        elif namespace == ORCID_NS + local and local in NOT_HELD:
            self.quiet(root)
            self.not_held(root, local)
        elif namespace.startswith(ORCID_NS) and local.endswith("-summary") and \
                local[:-8] in (*AFFILIATIONS, *NOT_HELD, "funding"):
            self.quiet(root)
            self.item(root, local[:-8])
        elif namespace == ORCID_NS + "record" and local == "record":
            self.quiet(root)
            self.record_version(root)
            self.record(root)
        elif namespace == ORCID_NS + "person" and local == "person":
            self.quiet(root)
            self.person_section(root)
        elif namespace == ORCID_NS + "activities" and local == "activities-summary":
            self.quiet(root)
            self.activities(root)
        elif namespace == ORCID_NS + "activities" and local == "works":
            self.quiet(root)
            self.works_list(root)
        elif namespace == ORCID_NS + "activities" and local in RECORD_SECTIONS:
            self.quiet(root)
            self.section(root, RECORD_SECTIONS[local])
        elif namespace == ORCID_NS + "work" and local == "work-summary":
            self.quiet(root)
            self.work(root)
        elif local in ("expanded-search", "search") and namespace.startswith(ORCID_NS):
            self.search(root)
        elif namespace == ORCID_NS + "orcid" or local == "orcid-message":
            version = (root.findtext(f"{{{namespace}}}message-version") or "1.x").strip()
            raise CVInputError([Diagnostic(self.at(root), f"an ORCID message of API version {version}, which ORCID "
                                           "retired: cvld reads API v3.0 (and 2.x); download the record again from "
                                           "https://pub.orcid.org/v3.0/ORCID-ID/record")])
        else:
            raise UsageError(f"{self.name}: not an ORCID document cvld reads (root element {qname(root)}); it reads "
                             f"{SUPPORTED}")
        self.report_unread(root)

    def record_version(self, root) -> None:
        """An older API's record says so in its schema location (record-2.1.xsd); 1.x is another format."""
        location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") or ""
        found = re.search(r"-(\d+\.\d+)\.xsd", location)
        if found and found.group(1).startswith("2."):
            self.older_version(root, found.group(1))
        elif found and not found.group(1).startswith("3."):
            raise CVInputError([Diagnostic(self.at(root), f"an ORCID record of API version {found.group(1)}: cvld "
                                           "reads v3.0 (and 2.x); download the record again from "
                                           "https://pub.orcid.org/v3.0/ORCID-ID/record")])

    def search(self, root) -> None:
        """A search result lists people, not one person's works: say which record to download."""
        found = []
        for element in root.iter():
            if _local(element) in ("orcid-id", "path") and (element.text or "").strip() and \
                    (_local(element) == "orcid-id" or _local(element.getparent()) == "orcid-identifier"):
                found.append(element.text.strip())
        raise CVInputError([Diagnostic(self.at(root), search_refusal(found))])


def country_code(text: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code as the CV format takes it (upper case), or None."""
    code = (text or "").strip().upper()
    return code if code in iso3166.countries_by_alpha2 else None


def search_refusal(found: list[str]) -> str:
    """Why a search result (XML or JSON) is not imported, and what to download instead."""
    shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return (f"an ORCID search result lists {len(found)} {'person' if len(found) == 1 else 'people'}"
            f"{' (' + shown + ')' if found else ''}, not one person's works or affiliations: download the record of "
            "the one that is you (https://pub.orcid.org/v3.0/ORCID-ID/record) and import that")


def service_role(role: str | None) -> dict:
    """``{"role": ...}`` (and ``role_title`` for a role outside cvld's list) from ORCID's role-title."""
    labels = {label.lower(): key for key, label in SERVICE_ROLES.items()}
    labels.update({key: key for key in SERVICE_ROLES})
    known = labels.get((role or "").strip().lower())
    return {"role": known} if known else {"role": "other", "role_title": role}


def no_role_message(title: str) -> str:
    """What is said of a funding that names no role of the owner (XML and JSON alike)."""
    return (f"ORCID names no role of the owner in the funding '{title}': read as 'participant'; correct it "
            "(pi, co-pi) if the grant is the owner's")


def venue_fields(label: str) -> dict:
    """A service's venue from an organisation name: "Full name (SHORT)" gives venue_full and venue."""
    match = VENUE_RE.match(label)
    return {"venue": match.group(2), "venue_full": match.group(1)} if match else {"venue": label}


def not_held_message(kind: str, words: list, org: str | None, year: str | None) -> str:
    """What is said of a distinction, membership, qualification, funding, peer review or research resource."""
    title, group = (list(words) + [None, None])[:2]
    detail = ", ".join(filter(None, (org, year)))
    what = " ".join(filter(None, (f"'{title}'" if title else None, f"for {group}" if group else None,
                                  f"({detail})" if detail else None)))
    return f"ORCID {kind}{' ' + what if what else ''} is not imported: the CV has no section for {NOT_HELD[kind]} yet"


# --- the person of a record (XML and JSON alike) ------------------------------------------

# host of a researcher URL -> the CV's profile network
_NETWORKS = (("scholar.google.", "google-scholar"), ("github.com", "github"), ("gitlab.com", "gitlab"),
             ("dblp.", "dblp"), ("arxiv.org", "arxiv"), ("researchgate.net", "researchgate"),
             ("linkedin.com", "linkedin"), ("twitter.com", "twitter"), ("x.com", "twitter"),
             ("semanticscholar.org", "semantic-scholar"), ("scopus.com", "scopus"), ("webofscience.com", "web-of-science"),
             ("publons.com", "publons"), ("mathgenealogy.org", "math-genealogy"), ("zenodo.org", "zenodo"))
_HOMEPAGE_LABELS = {"homepage", "home page", "personal homepage", "personal home page", "personal website", "website",
                    "personal page", "personal web page", "web page", "webpage", "home", "my website", "web site"}
# ORCID's person external-identifier types -> the CV's profile network
_PERSON_ID_NETWORKS = {"scopus author id": "scopus", "researcherid": "web-of-science", "loop profile": "loop",
                       "isni": "isni", "gnd": "gnd", "ciencia id": "ciencia-id"}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")


def _network(host: str) -> str | None:
    for pattern, name in _NETWORKS:
        if pattern.endswith("."):  # any country's domain: scholar.google.de, dblp.uni-trier.de
            if host.startswith(pattern) or f".{pattern}" in host:
                return name
        elif host == pattern or host.endswith("." + pattern):
            return name
    return None


class PersonRecord:
    """The owner's record built from ORCID's person section; each ``add_*`` returns None when the value
    is taken, or why it is not (for the caller to report at the value's own place)."""

    def __init__(self):
        self.record: dict = {}

    def name(self, given: str | None, family: str | None, credit: str | None) -> str | None:
        full = " ".join(part for part in (given, family) if part) or credit
        if not full:
            return "the record shows no name (it is not public)"
        self.record.update({"key": slugify(full) or "owner", "name": full})
        if given and family:
            self.record.update({"given_name": given, "family_name": family})
        if credit and credit != full:
            self.other_name(credit)
        return None

    def other_name(self, text: str | None) -> str | None:
        text = " ".join((text or "").split())
        if not text:
            return "an empty other name"
        names = self.record.setdefault("other_names", [])
        if text != self.record.get("name") and text not in names:
            names.append(text)
        return None

    def bio(self, text: str | None) -> str | None:
        text = (text or "").strip()
        if not text:
            return "an empty biography"
        self.record["bio"] = text
        return None

    def keyword(self, text: str | None) -> str | None:
        words = [w.strip() for w in re.split(r"[,;]", text or "") if w.strip()]
        if not words:
            return "an empty keyword"
        interests = self.record.setdefault("interests", [])
        interests.extend(w for w in words if w not in interests)
        return None

    def link(self, label: str | None, url: str | None) -> str | None:
        try:
            url = ids.check_url(url or "")
        except ids.IdentifierError as error:
            return str(error)
        host = (urlsplit(url).hostname or "").lower()
        network = _network(host)
        if network is None and " ".join((label or "").lower().split()) in _HOMEPAGE_LABELS \
                and "homepage" not in self.record:
            self.record["homepage"] = url
            return None
        network = network or slugify(label or "") or "website"
        return self.profile({"network": network, "url": url})

    def external_id(self, kind: str | None, value: str | None, url: str | None) -> str | None:
        if not url:
            return f"{kind} '{value}' has no URL, which a CV profile needs"
        try:
            url = ids.check_url(url)
        except ids.IdentifierError as error:
            return str(error)
        network = _PERSON_ID_NETWORKS.get(" ".join((kind or "").lower().split())) or slugify(kind or "") or "other"
        return self.profile({"network": network, "url": url, **({"username": value} if value else {})})

    def profile(self, entry: dict) -> str | None:
        profiles = self.record.setdefault("profiles", [])
        if any(p["url"] == entry["url"] for p in profiles):
            return "the same link again"
        profiles.append(entry)
        return None

    def email(self, address: str | None, visibility: str | None) -> str | None:
        address = (address or "").strip()
        if (visibility or "public").lower() != "public":  # 2.x: PUBLIC, LIMITED
            return f"the e-mail address is {visibility.lower()} on ORCID, so it stays out of a public CV"
        if not _EMAIL_RE.match(address):
            return f"'{address}' is not an e-mail address"
        if "email" in self.record:
            return "the CV holds one e-mail address"
        self.record["email"] = address
        return None

    def country(self, code: str | None) -> str | None:
        if country_code(code) is None:
            return f"'{code}' is not an ISO 3166-1 country code"
        code = country_code(code)
        if "address" in self.record:
            return "the CV holds one address"
        self.record["address"] = {"country": code}
        return None

    def result(self) -> dict:
        return ordered(self.record, PERSON_FIELDS)


_ENTRY_RE = re.compile(r"^@(\w+)\{([^,\s]+),\n(.*)\n\}\s*$", re.DOTALL)
_FIELD_RE = re.compile(r"^  ([a-z]+) = (?:\{(.*)\}|(\w+)),?$")


def parse_bibtex_entry(text: str) -> tuple[str, dict[str, str]] | None:
    """(key, field -> plain text) of one entry in the layout cvld writes (one field a line);
    None for anything else."""
    from pylatexenc.latex2text import LatexNodes2Text

    match = _ENTRY_RE.match(text.strip())
    if not match:
        return None
    fields = {}
    decode = LatexNodes2Text().latex_to_text
    for line in match.group(3).split("\n"):
        found = _FIELD_RE.match(line)
        if not found:
            return None
        name, braced, bare = found.groups()
        fields[name] = decode(braced) if braced is not None and name not in ("doi", "url", "eprint") else (braced or bare)
    return match.group(2), fields


# ORCID's JSON form names elements without namespaces: these are the work namespace's
# (a "title" is work:title at the top of a work and common:title inside it)
_WORK_NAMES = {"journal-title", "short-description", "citation", "citation-type", "citation-value", "type",
               "contributors", "contributor", "credit-name", "contributor-email", "contributor-attributes",
               "contributor-sequence", "contributor-role"}
_JSON_ATTRIBUTES = {"put-code", "visibility", "display-index", "language-code"}


def _json_element(name: str, value, parent_name: str | None):
    namespace = WORK if name in _WORK_NAMES or (name == "title" and parent_name == "work") else COMMON
    element = etree.Element(f"{{{namespace}}}{name}")
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            if key == "value" and not isinstance(item, (dict, list)):
                element.text = str(item)
            elif key in _JSON_ATTRIBUTES and not isinstance(item, (dict, list)):
                element.set(key, str(item))
            else:
                for child in item if isinstance(item, list) else [item]:
                    if child is not None:
                        element.append(_json_element(key, child, name))
    else:
        element.text = str(value)
    return element


def json_to_xml(data) -> etree._Element:
    """ORCID's JSON form of a work (or of a bulk of works) as the XML element it stands for."""
    if isinstance(data, dict) and isinstance(data.get("bulk"), list):
        bulk = etree.Element(f"{{{BULK}}}bulk")
        for item in data["bulk"]:
            if isinstance(item, dict) and isinstance(item.get("work"), dict):
                bulk.append(json_to_xml(item["work"]))
        return bulk
    if isinstance(data, dict) and "title" in data and "type" in data:
        work = etree.Element(f"{{{WORK}}}work")
        for key, item in data.items():
            if item is None:
                continue
            if key in ("put-code", "visibility", "path", "display-index"):
                work.set(key, str(item))
                continue
            for child in item if isinstance(item, list) else [item]:
                work.append(_json_element(key, child, "work"))
        return work
    raise ValueError("not an ORCID work or bulk in JSON")


def _parse(source: str | Path | bytes, name: str | None) -> tuple[str, etree._Element, dict]:
    if isinstance(source, (bytes, bytearray)):
        raw, label = bytes(source), name or "<ORCID XML>"
    else:
        label = name or str(source)
        raw = read_input(source, MAX_FILE_BYTES)
        if len(raw) > MAX_FILE_BYTES:
            raise UsageError(f"{label}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; import a smaller file")
    if raw.lstrip()[:1] in (b"{", b"["):
        import json

        try:
            return label, json_to_xml(json.loads(raw)), {}
        except (ValueError, UnicodeDecodeError) as error:
            raise UsageError(f"{label}: not an ORCID work or bulk in JSON: {error}") from None
    parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_comments=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{label}: not well-formed XML: {error}") from None
    return label, root, start_tag_columns(raw, root)


def start_tag_columns(raw: bytes, root) -> dict:
    """The 1-based column of each element's start tag in ``raw`` (lxml keeps only the line), read by a
    second, streaming parse (expat's, which counts characters). Like lxml's, it expands no entity (a
    default handler keeps expat from expanding internal ones; external ones it never reads). Empty
    where the two parsers still see different elements."""
    import xml.parsers.expat

    found: list[tuple[str, int]] = []
    reader = xml.parsers.expat.ParserCreate(namespace_separator="}")
    reader.StartElementHandler = lambda tag, attributes: found.append((tag, reader.CurrentColumnNumber + 1))
    reader.DefaultHandler = lambda data: None
    try:
        reader.Parse(raw, True)
    except xml.parsers.expat.ExpatError:
        return {}
    elements = list(root.iter(etree.Element))
    tags = [("{" + tag if "}" in tag else tag) for tag, _ in found]
    if tags != [element.tag for element in elements]:
        return {}
    return {element: column for element, (_, column) in zip(elements, found)}


def read_orcid(source: str | Path | bytes, report: Report | None = None, *, owner: dict | None = None,
               name: str | None = None) -> dict:
    """Read one ORCID v3.0 XML document into a CV-document fragment.

    ``source`` is a path or the document's bytes (``name`` then labels it in messages).
    ``owner`` (``{"key", "name", "orcid"}``, optional) is the person whose record it is:
    contributors who match them become the owner's key, and a work without
    contributors is the owner's. Warnings (what a CV record cannot hold, what the CV
    format still needs) go to ``report``, located at the element's line.
    """
    return read_orcid_documents([source], report, owner=owner, names=[name] if name else None)


def read_orcid_documents(sources: list, report: Report | None = None, *, owner: dict | None = None,
                         names: list[str] | None = None) -> dict:
    """Read several ORCID documents into one fragment: organisations and people are
    shared, and ``version-of`` ids are matched across all the works read."""
    report = report if report is not None else Report()
    reader = None
    for index, source in enumerate(sources):
        label, root, columns = _parse(source, names[index] if names else None)
        if reader is None:
            reader = _Reader(label, report, owner)
        reader.name, reader.columns = label, columns
        reader.document(root)
    if reader is None:
        return {}
    reader.resolve_versions()
    fragment = {key: value for key, value in reader.fragment.items() if value}
    if reader.described is not None and reader.described.record:
        fragment = {"person": reader.described.result(), **fragment}
    return fragment

"""ORCID v3.0 XML back into CV records.

:func:`read_orcid` reads a ``work:work``, ``bulk:bulk``, ``education:education``,
``employment:employment``, ``invited-position:invited-position`` or ``service:service``
document (what cvld writes, what ORCID's API returns for one item, ORCID's samples)
and returns a fragment of a CV document in the CV format: ``works``, ``people``,
``organisations``, ``education``, ``positions``, ``service`` as applicable.

The mapping is the inverse of :mod:`cvld.orcid.write`, so that record -> XML ->
record -> XML gives the same XML. Every element that a CV record cannot hold (a
subtitle, a translated title, language and country codes, a foreign citation, ids of
types cvld has no field for, put-codes and source metadata) is reported as a warning
at its line, naming the element, and left out; nothing is dropped silently.
"""

from __future__ import annotations

import re
from pathlib import Path


from cvld.core.lazy import lazy_module
from cvld.model import ids
from cvld.core.diagnostics import Location, Report, UsageError
from cvld.orcid.write import SERVICE_ROLES, SOURCE_WORK_ID_PREFIX, WORK_TYPES, id_url
from cvld.core.text import slugify

etree = lazy_module("lxml.etree")

COMMON = "http://www.orcid.org/ns/common"
WORK = "http://www.orcid.org/ns/work"
BULK = "http://www.orcid.org/ns/bulk"
ERROR = "http://www.orcid.org/ns/error"
ORCID_NS = "http://www.orcid.org/ns/"
AFFILIATIONS = ("education", "employment", "invited-position", "service")
PREFIXES = {COMMON: "common", WORK: "work", BULK: "bulk", ERROR: "error"}

# ORCID work type -> cvld work type: the inverse of the exporter's table
CV_WORK_TYPES = {orcid: cvld for cvld, orcid in WORK_TYPES.items() if cvld != "workshop-paper"}
_ORG_ID_PATTERNS = {  # as the CV schema has them
    "ror": re.compile(r"^(https://ror\.org/)?0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$"),
    "ringgold": re.compile(r"^[0-9]{1,8}$"),
    "grid": re.compile(r"^grid\.[0-9]+\.[0-9a-f]+$"),
}
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
VENUE_RE = re.compile(r"^(.+) \(([^()]+)\)$")


def _c(name: str) -> str:
    return f"{{{COMMON}}}{name}"


def _w(name: str) -> str:
    return f"{{{WORK}}}{name}"


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
                               "service": []}
        self.work_self_ids: dict[tuple[str, str], str] = {}
        self.pending_versions: list[tuple[dict, list[tuple[str, str, object]]]] = []

    # helpers
    def at(self, element) -> Location:
        return Location(self.name, element.sourceline or 0, 0)

    def lost(self, element, why: str = "", where: Location | None = None) -> None:
        self.used.update([element, *element.iterdescendants()])
        text = (element.text or "").strip()
        shown = f" '{text}'" if text and len(element) == 0 else ""
        self.report.warning(where or self.at(element), f"ORCID element {qname(element)}{shown} cannot be held by a CV record"
                                              + (f": {why}" if why else ""))

    def take(self, parent, path: str):
        """The element at ``path`` under ``parent`` (marked as read), or None."""
        element = parent.find(path)
        if element is not None:
            self.used.add(element)
        return element

    def text(self, parent, path: str) -> str | None:
        element = self.take(parent, path)
        if element is None or element.text is None or not element.text.strip():
            return None
        return element.text.strip()

    def mark(self, element) -> None:
        self.used.add(element)

    def report_unread(self, root) -> None:
        """Warn for every element that nothing read (attributes put-code etc. included)."""
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("put-code", "visibility", "path", "display-index"):
                if element.get(attribute) is not None:
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
        if parts[1] is None:
            return int(parts[0])
        return "-".join([parts[0], f"{int(parts[1]):02d}"] + ([f"{int(parts[2]):02d}"] if parts[2] else []))

    # --- works --------------------------------------------------------------------------

    def work(self, element) -> None:
        self.mark(element)
        record: dict = {}
        title = self.take(element, _w("title"))
        record["title"] = self.text(title, _c("title")) if title is not None else None
        kind = self.text(element, _w("type"))
        record["type"] = CV_WORK_TYPES.get(kind or "", "other")
        if kind not in CV_WORK_TYPES:
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
            relation = self.text(item, _c("external-id-relationship")) or "self"
            field, normalised, problem = self.identifier(kind_id, value)
            if kind_id == "source-work-id" and relation == "self" and value and value.startswith(SOURCE_WORK_ID_PREFIX):
                candidate = value[len(SOURCE_WORK_ID_PREFIX):]
                if KEY_RE.match(candidate):
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
                versions.append((field, str(normalised).lower(), item, self.at(item)))
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
        url = self.text(element, _c("url"))
        if url:
            try:
                record["url"] = ids.check_url(url)
            except ids.IdentifierError as error:
                self.lost(element.find(_c("url")), str(error))
        authors = self.contributors(element, cited["names"] if cited else [])
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
                self.work_self_ids[(field, str(work[field]).lower())] = work["key"]
        if versions:
            self.pending_versions.append((work, versions))
        missing = [name for name in ("title", "date", "authors") if name not in work]
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
        if parsed is None or not KEY_RE.match(parsed[0]):
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
        normalisers = {"doi": ("doi", ids.normalize_doi), "arxiv": ("arxiv", lambda v: str(ids.parse_arxiv(v))),
                       "isbn": ("isbn", ids.normalize_isbn), "issn": ("issn", ids.normalize_issn),
                       "pmid": ("pmid", ids.normalize_pmid)}
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
            orcid_element = self.take(item, _c("contributor-orcid"))
            orcid = None
            if orcid_element is not None:
                self.used.update(orcid_element.iterdescendants())
                raw = orcid_element.findtext(_c("path")) or orcid_element.findtext(_c("uri"))
                try:
                    orcid = ids.normalize_orcid(raw or "")
                except ids.IdentifierError as error:
                    self.lost(orcid_element, str(error))
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
        record: dict = {"name": self.text(org, _c("name")) or ""}
        if department:
            record["department"] = department
        address = self.take(org, _c("address"))
        if address is not None:
            for name in ("city", "region", "country"):
                value = self.text(address, _c(name))
                if value:
                    record[name] = value
        disambiguated = org.find(_c("disambiguated-organization"))
        if disambiguated is not None:
            identifier = (disambiguated.findtext(_c("disambiguated-organization-identifier")) or "").strip()
            source = (disambiguated.findtext(_c("disambiguation-source")) or "").strip()
            field = {"ROR": "ror", "RINGGOLD": "ringgold", "GRID": "grid"}.get(source.upper())
            if field is None:
                self.lost(disambiguated, f"cvld keeps ROR, Ringgold and GRID ids, not {source}")
            elif not _ORG_ID_PATTERNS[field].match(identifier):
                self.lost(disambiguated, f"'{identifier}' is not a {source} id")
            else:
                self.mark(disambiguated)
                self.used.update(disambiguated.iterdescendants())
                record[field] = identifier
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
        url = self.text(element, _c("url"))
        external = element.find(_c("external-ids"))
        if external is not None:
            self.lost(external, "cvld keeps no ids on affiliations")
        if section == "service":
            self.service(element, department, role, start, end, url)
            return
        org_key = self.organisation(element, department)
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

    def service(self, element, department, role, start, end, url) -> None:
        entry: dict = {}
        labels = {label.lower(): key for key, label in SERVICE_ROLES.items()}
        labels.update({key: key for key in SERVICE_ROLES})
        known = labels.get((role or "").lower())
        entry["role"] = known or "other"
        if not known:
            entry["role_title"] = role
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
        match = VENUE_RE.match(venue_label)
        if match:
            entry["venue"], entry["venue_full"] = match.group(2), match.group(1)
        else:
            entry["venue"] = venue_label
        self.span(entry, start, end)
        self.fragment["service"].append({k: v for k, v in entry.items() if v is not None})

    # --- documents --------------------------------------------------------------------------

    def document(self, root) -> None:
        namespace, _, local = root.tag[1:].partition("}")
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
        else:
            raise UsageError(f"{self.name}: not an ORCID work, bulk, education, employment, invited-position or "
                             f"service document (root element {qname(root)})")
        self.report_unread(root)


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


def _parse(source: str | Path | bytes, name: str | None) -> tuple[str, etree._Element]:
    if isinstance(source, (bytes, bytearray)):
        raw, label = bytes(source), name or "<ORCID XML>"
    else:
        label = name or str(source)
        try:
            raw = Path(source).read_bytes()
        except OSError as error:
            raise UsageError(f"{label}: cannot read: {error.strerror or error}") from None
    if raw.lstrip()[:1] in (b"{", b"["):
        import json

        try:
            return label, json_to_xml(json.loads(raw))
        except (ValueError, UnicodeDecodeError) as error:
            raise UsageError(f"{label}: not an ORCID work or bulk in JSON: {error}") from None
    parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_comments=True)
    try:
        return label, etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{label}: not well-formed XML: {error}") from None


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
        label, root = _parse(source, names[index] if names else None)
        if reader is None:
            reader = _Reader(label, report, owner)
        reader.name = label
        reader.document(root)
    if reader is None:
        return {}
    reader.resolve_versions()
    return {key: value for key, value in reader.fragment.items() if value}

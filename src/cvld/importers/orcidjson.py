"""ORCID's JSON form (API v3.0) into a CV-document fragment.

Reads what ORCID's API returns as JSON: a whole record (``/record``: the person's
name, works, educations, employments), the works list (``/works``: groups of work
summaries), one work (``/work/PUT-CODE``), ``/educations`` or ``/employments``
(affiliation groups) and one affiliation. Work types and external ids map as in the
XML importer (:mod:`cvld.importers.orcid`). Work summaries carry no contributors:
such a work is the owner's alone, which is reported. Every value the CV format
cannot hold is reported at its JSON path and line.
"""

from __future__ import annotations

from pathlib import Path

from cvld.model import ids
from cvld.core.diagnostics import Report
from cvld.source.load import read_source
from cvld.source.yamlsource import Source
from cvld.importers.fragment import Fragment
from cvld.importers.names import Me, Name, parse_name

# ORCID work type -> CV work type (ORCID's JSON spells types as its XML does, or in capitals with '_')
WORK_TYPES = {
    "journal-article": "journal-article", "conference-paper": "conference-paper", "preprint": "preprint",
    "dissertation-thesis": "thesis", "dissertation": "thesis", "book": "book", "book-chapter": "book-chapter",
    "edited-book": "edited-book", "report": "report", "working-paper": "report", "data-set": "dataset",
    "software": "software", "conference-poster": "poster", "conference-presentation": "presentation",
    "lecture-speech": "presentation", "other": "other", "conference-abstract": "conference-paper",
}
IDS = {"doi": ("doi", ids.normalize_doi), "arxiv": ("arxiv", lambda v: str(ids.parse_arxiv(v))),
       "isbn": ("isbn", ids.normalize_isbn), "issn": ("issn", ids.normalize_issn), "pmid": ("pmid", ids.normalize_pmid)}
# keys of a work or affiliation that only describe ORCID's record keeping
BOOKKEEPING = {"created-date", "last-modified-date", "source", "put-code", "path", "visibility", "display-index"}
AFFILIATION_KINDS = {"educations": "education", "employments": "positions", "invited-positions": "visiting"}


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    source = read_source(path)
    return _Reader(source, report, Me(me, me_orcid, me_aliases)).read()


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
        self.sections: dict[str, list] = {"education": [], "positions": []}

    def at(self, path):
        return self.source.location(path)

    def lost(self, path, what: str | None = None, why: str = "the CV format has no place for it") -> None:
        self.report.warning(self.at(path), f"ORCID '{what or path[-1]}' is not imported: {why}")

    def read(self) -> dict:
        data = self.source.data
        if not isinstance(data, dict):
            self.report.warning(self.at(()), "not an ORCID JSON document (expected an object)")
            return self.fragment.result()
        if "activities-summary" in data or "orcid-identifier" in data:
            self.record(data)
        elif "group" in data:
            self.works(data, ())
        elif "affiliation-group" in data:
            kind = self.kind(data)
            if kind:
                self.affiliations(data, (), kind)
        elif "bulk" in data:
            for index, item in enumerate(data.get("bulk") or []):
                if isinstance(item, dict) and isinstance(item.get("work"), dict):
                    self.work(item["work"], ("bulk", index, "work"), summary=False)
        elif "title" in data and "type" in data:
            self.work(data, (), summary="contributors" not in data)
        elif "organization" in data:
            kind = self.kind(data)
            if kind:
                self.affiliation(data, (), kind)
        else:
            self.report.warning(self.at(()), "not an ORCID record, works list, work or affiliation; nothing read")
        self.fragment.sections.update({k: v for k, v in self.sections.items() if v})
        return self.fragment.result()

    def kind(self, data: dict) -> str | None:
        """The CV section of an affiliation document, by its ORCID path, else by the file's name; None when
        it is a kind the CV format has no section for (distinction, membership, qualification, service)."""
        for text in (str(data.get("path") or ""), Path(self.source.file).name):
            for word, kind in (("education", "education"), ("employment", "positions"), ("invited-position", "visiting")):
                if word in text.lower():
                    return kind
        self.report.warning(self.at(()), "an affiliation that is not an education, employment or invited position: "
                                         "the CV format has no section for it; not imported")
        return None

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
                if not self.fragment.me or self.fragment.me.matches(person, normalised):
                    self.fragment.set_owner(person, orcid=normalised)
                    self.fragment.me.add_name(person.full)
                    if credit and credit != person.full:
                        self.fragment.owner.setdefault("other_names", []).append(credit)
        activities = data.get("activities-summary") or {}
        for section in sorted(activities) if isinstance(activities, dict) else ():
            part = activities[section]
            path = ("activities-summary", section)
            if section == "works" and isinstance(part, dict):
                self.works(part, path)
            elif section in AFFILIATION_KINDS and isinstance(part, dict):
                self.affiliations(part, path, AFFILIATION_KINDS[section])
            elif section not in BOOKKEEPING and isinstance(part, dict) and self.has_items(part):
                self.lost(path, section)
        person = data.get("person") or {}
        for section in sorted(person) if isinstance(person, dict) else ():
            if section not in ("name", *BOOKKEEPING) and isinstance(person[section], dict) and self.has_items(person[section]):
                self.lost(("person", section), section)

    @staticmethod
    def has_items(part: dict) -> bool:
        return any(isinstance(v, list) and v for v in part.values()) or bool(value(part, "content"))

    # --- works ------------------------------------------------------------------------------

    def works(self, data: dict, path: tuple) -> None:
        for index, group in enumerate(data.get("group") or []):
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
        work_type = WORK_TYPES.get(kind)
        if work_type is None:
            work_type = "other"
            self.report.warning(self.at(path + ("type",)), f"ORCID work type '{kind}' has no counterpart: imported as 'other'")
        date = self.date(data.get("publication-date"), path + ("publication-date",))
        if date is None:
            self.report.warning(self.at(path), f"work '{title}' has no publication date; skipped")
            return
        authors = self.contributors(data.get("contributors"), path + ("contributors",))
        if not authors:
            if not (self.fragment.owner or self.fragment.me):
                self.report.warning(self.at(path), f"work '{title}' names no contributor and the owner is unknown; skipped")
                return
            authors = [self.fragment.owner_key]
            self.report.warning(self.at(path), "ORCID lists no contributors for this work: the owner is written as "
                                               "its only author")
        record: dict = {"type": work_type, "title": title, "authors": authors, "date": date}
        journal = value(data, "journal-title")
        if journal:
            record["venue"] = {"name": journal}
        if work_type == "preprint":
            record["status"] = "preprint"
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
        for index, item in enumerate(items or []):
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
            try:
                name = parse_name(credit)
            except ValueError:
                name = Name(literal=credit)
            authors.append(self.fragment.author(name, orcid=orcid))
        return authors

    def external_ids(self, data, path: tuple, record: dict) -> None:
        items = data.get("external-id") if isinstance(data, dict) else None
        for index, item in enumerate(items or []):
            where = path + ("external-id", index)
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
        for index, group in enumerate(data.get("affiliation-group") or []):
            for inner, summary in enumerate(group.get("summaries") or [] if isinstance(group, dict) else []):
                for name, item in summary.items() if isinstance(summary, dict) else ():
                    if isinstance(item, dict):
                        self.affiliation(item, path + ("affiliation-group", index, "summaries", inner, name), kind)

    def affiliation(self, data: dict, path: tuple, kind: str) -> None:
        org = data.get("organization") if isinstance(data.get("organization"), dict) else {}
        name = value(org, "name")
        start = self.date(data.get("start-date"), path + ("start-date",))
        role = value(data, "role-title")
        if not name or start is None or (kind != "education" and not role):
            missing = [m for m, ok in (("organization", name), ("start-date", start is not None),
                                       ("role-title", kind == "education" or role)) if not ok]
            self.report.warning(self.at(path), f"an affiliation without {', '.join(missing)}; skipped")
            return
        fields: dict = {}
        address = org.get("address") if isinstance(org.get("address"), dict) else {}
        for field in ("city", "region", "country"):
            if value(address, field):
                fields[field] = value(address, field)
        if value(data, "department-name"):
            fields["department"] = value(data, "department-name")
        disambiguated = org.get("disambiguated-organization")
        if isinstance(disambiguated, dict):
            source = str(disambiguated.get("disambiguation-source") or "").upper()
            identifier = value(disambiguated, "disambiguated-organization-identifier")
            field = {"ROR": "ror", "RINGGOLD": "ringgold", "GRID": "grid"}.get(source)
            if field and identifier:
                fields[field] = identifier
            elif identifier:
                self.lost(path + ("organization", "disambiguated-organization"), f"{source} id")
        if value(data, "url"):
            fields["url"] = self.fragment.identifier(ids.check_url, value(data, "url"), self.at(path + ("url",)), "url")
        organisation = self.fragment.organisation(name, **{k: v for k, v in fields.items() if v})
        end = self.date(data.get("end-date"), path + ("end-date",))
        entry: dict
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

    def date(self, data, path: tuple):
        year = value(data, "year")
        if year is None:
            return None
        month, day = value(data, "month"), value(data, "day")
        text = year + (f"-{month}" if month else "") + (f"-{day}" if month and day else "")
        return self.fragment.date(text, self.at(path))

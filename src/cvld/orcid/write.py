"""ORCID v3.0 XML: one ``work:work`` per work and per talk occurrence, ``bulk:bulk``
documents of at most 100 works, one affiliation document per education entry,
position, service entry, award and membership, and one ``funding:funding`` per grant.

What goes where (the choices the ORCID schema leaves open):
* works -> ``work:work``. Type: journal-article, conference-paper (workshop papers too),
  preprint, dissertation-thesis, book, edited-book, book-chapter, report, data-set,
  software, conference-poster, lecture-speech (presentation), other.
  External ids: the work's DOI, arXiv id, ISBN and PubMed id are ``self``; the ISSN
  (the work's or its venue's) and the venue's ISBN are ``part-of``; the ids of the work
  linked by ``version_of`` (either direction) are ``version-of``. A work with no
  ``self`` id gets ``source-work-id`` ``cvld:<key>`` so that re-runs match the same
  ORCID item (and cvld check warns that a DOI would be better).
* talks -> one ``lecture-speech`` work per occurrence, keyed ``talk-<talk key>-<date>``:
  the event (or host) as journal-title, where it was given as short-description, the
  owner as the only contributor.
* education: degrees -> ``education:education`` (role-title "<degree> in <field>");
  visits (kind visiting) -> ``invited-position:invited-position``.
* positions: employment -> ``employment:employment``; visiting -> ``invited-position``.
* service -> ``service:service``: role-title is the role ("Reviewer"). With an
  organisation, that is the organization and the venue is the department-name; without
  one, the venue ("Full name (SHORT)") stands as the organization's name, with an empty
  address. ORCID wants a disambiguated organisation (ROR, Ringgold, GRID or Crossref Funder ID) on every
  affiliation: each one missing is a warning.
* awards -> ``distinction:distinction``: role-title is the award's name, start-date its
  date, the awarding organisation the organization, the award's url the url. An award with
  no organisation is left out (ORCID's API refuses a distinction without one); its amount
  and description, which a distinction cannot hold, are left out with a warning.
* grants -> ``funding:funding`` of type ``grant``: title, amount (with its ISO 4217
  currency), url, start and end, the award number as a ``grant_number`` external id
  (``self``; a grant without one gets ``source-work-id`` ``cvld:<key>``, since ORCID's API
  refuses a funding with no external id), the owner as the one contributor (role: pi ->
  lead, co-pi -> co-lead, participant -> supported-by), and the funder as the organization,
  disambiguated by its Crossref Funder ID (``FUNDREF``) first, else its ROR, Ringgold or GRID id.
* memberships -> ``membership:membership``: role-title is the role, the organisation's
  department the department-name.
* supervision has no ORCID section: it stays out of the ORCID XML.

Documents are built with lxml, pretty-printed (no whitespace inside text or date
elements), in the XSD's element order, and are byte-identical from run to run.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from dataclasses import field as _field


from cvld.core.lazy import lazy_module
from cvld.model.dates import PartialDate
from cvld.core.diagnostics import Location, Report
from cvld.model.records import (CV, NOWHERE, SERVICE_ROLES, Author, Award, Grant, Organisation, Person, Talk,
                                TalkOccurrence, Venue, Work, role_label)
from cvld.orcid.vocab import (BULK, BULK_LIMIT, COMMON, FUNDING, FUNDING_ROLE, FUNDREF_ID_BASE, ORCID_WORK_TYPE,
                              SOURCE_WORK_ID_PREFIX, WORK, YEAR_RANGE, id_url, section_namespace)
from cvld.bibtex.write import dumps_entry, join_entries
from cvld.core.io import safe_name

etree = lazy_module("lxml.etree")

@dataclass(frozen=True)
class OrcidItem:
    """One ORCID document: its section, the record's stable key, and the XML bytes."""

    section: str
    key: str
    xml: bytes
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


def ns(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _sub(parent, namespace: str, name: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{namespace}}}{name}")  # ns(namespace, name), without the call
    if text is not None:
        element.text = text
    return element


# --- shared pieces -----------------------------------------------------------------


def fuzzy_date(parent, name: str, date: PartialDate) -> None:
    element = _sub(parent, COMMON, name)
    _sub(element, COMMON, "year", f"{date.year:04d}")
    if date.month is not None:
        _sub(element, COMMON, "month", f"{date.month:02d}")
        if date.day is not None:
            _sub(element, COMMON, "day", f"{date.day:02d}")


def _date_fits(date: PartialDate | None, origin: Location, what: str, report: Report | None) -> bool:
    if date is None:
        return False
    low, high = YEAR_RANGE
    if low <= date.year <= high:
        return True
    if report is not None:
        report.warning(origin, f"ORCID holds years {low}-{high} only: the {what} {date} is left out of the ORCID XML")
    return False


@dataclass(frozen=True)
class ExternalId:
    type: str
    value: str
    url: str | None
    relationship: str


def external_ids(parent, ids: list[ExternalId]) -> None:
    container = _sub(parent, COMMON, "external-ids")
    for item in ids:
        element = _sub(container, COMMON, "external-id")
        _sub(element, COMMON, "external-id-type", item.type)
        _sub(element, COMMON, "external-id-value", item.value)
        if item.url:
            _sub(element, COMMON, "external-id-url", item.url)
        _sub(element, COMMON, "external-id-relationship", item.relationship)


def disambiguation(org: Organisation, *, funder: bool = False) -> tuple[str, str] | None:
    """(identifier, ORCID disambiguation source) of an organisation: its ROR, Ringgold, GRID or
    Crossref Funder ID, in that order; a ``funder`` (a funding's organization) by its Crossref
    Funder ID first, which ORCID's funder search uses."""
    found = [(org.ror, "ROR"), (org.ringgold, "RINGGOLD"), (org.grid, "GRID"),
             (FUNDREF_ID_BASE + org.crossref_funder if org.crossref_funder else None, "FUNDREF")]
    for identifier, source in found[-1:] + found[:-1] if funder else found:
        if identifier:
            return identifier, source
    return None


def organization(parent, name: str, org: Organisation | None, *, funder: bool = False) -> None:
    element = _sub(parent, COMMON, "organization")
    _sub(element, COMMON, "name", name)
    address = _sub(element, COMMON, "address")
    if org is not None:
        for field_name in ("city", "region", "country"):
            value = getattr(org, field_name)
            if value:
                _sub(address, COMMON, field_name, value)
        found = disambiguation(org, funder=funder)
        if found:
            disambiguated = _sub(element, COMMON, "disambiguated-organization")
            _sub(disambiguated, COMMON, "disambiguated-organization-identifier", found[0])
            _sub(disambiguated, COMMON, "disambiguation-source", found[1])


# --- works ---------------------------------------------------------------------------


def _id(kind: str, value: str, relationship: str) -> ExternalId:
    return ExternalId(kind, value, id_url(kind, value), relationship)


def self_ids(work: Work) -> list[ExternalId]:
    found = [("doi", work.doi), ("arxiv", str(work.arxiv) if work.arxiv else None), ("isbn", work.isbn),
             ("pmid", work.pmid)]
    return [_id(kind, value, "self") for kind, value in found if value]


def work_ids(work: Work, others: list[Work]) -> list[ExternalId]:
    ids = self_ids(work)
    if not ids:
        ids.append(_id("source-work-id", SOURCE_WORK_ID_PREFIX + work.key, "self"))
    issn = work.issn or (work.venue.issn if work.venue else None)
    if issn:
        ids.append(_id("issn", issn, "part-of"))
    if work.venue is not None and work.venue.isbn and work.venue.isbn != work.isbn:
        ids.append(_id("isbn", work.venue.isbn, "part-of"))
    for other in others:
        for item in self_ids(other):
            ids.append(ExternalId(item.type, item.value, item.url, "version-of"))
    return ids


def versions(cv: CV, work: Work) -> list[Work]:
    """The works linked to ``work`` by ``version_of``, in either direction, in CV order."""
    return version_finder(cv)(work)


def version_finder(cv: CV) -> Callable[[Work], list[Work]]:
    """:func:`versions` for any work against ``cv``'s works, from an index built once
    (a CV of n works costs O(n), not O(n²), for all of them)."""
    by_key: dict[str, list[int]] = {}
    pointing: dict[str | None, list[int]] = {}
    for index, other in enumerate(cv.works):
        by_key.setdefault(other.key, []).append(index)
        pointing.setdefault(other.version_of, []).append(index)

    def find(work: Work) -> list[Work]:
        found = set(by_key.get(work.version_of, ())) | set(pointing.get(work.key, ()))  # type: ignore[arg-type]
        return [cv.works[index] for index in sorted(found) if cv.works[index].key != work.key]

    return find


def contributor(parent, person: Person, first: bool | None, *, namespace: str = WORK, role: str = "author") -> None:
    """A work's contributor (``first``: its sequence), or, with ``namespace`` FUNDING, a funding's
    (which has a role and no sequence: ``first`` None)."""
    sequence = None if first is None else "first" if first else "additional"
    key = (namespace, role, sequence, bool(person.orcid), tuple(sorted(parent.nsmap.items())))
    template = _CONTRIBUTORS.get(key)
    if template is None:
        holder = etree.Element(parent.tag, nsmap=parent.nsmap)  # the prefixes the copies land among
        template = _CONTRIBUTORS[key] = _contributor_elements(holder, namespace, role, sequence, bool(person.orcid))
    element = deepcopy(template)  # a third of the time of making its five to nine elements one by one
    parent.append(element)
    if person.orcid:
        orcid = element[0]
        orcid[0].text = f"https://orcid.org/{person.orcid}"
        orcid[1].text = person.orcid
        element[1].text = person.name
    else:
        element[0].text = person.name


def _contributor_elements(parent, namespace: str, role: str, sequence: str | None, orcid: bool):
    """A contributor's elements, its iD's and name's text left to fill (:func:`contributor`)."""
    element = _sub(parent, namespace, "contributor")
    if orcid:
        held = _sub(element, COMMON, "contributor-orcid")
        _sub(held, COMMON, "uri")
        _sub(held, COMMON, "path")
        _sub(held, COMMON, "host", "orcid.org")
    _sub(element, namespace, "credit-name")
    attributes = _sub(element, namespace, "contributor-attributes")
    if sequence is not None:
        _sub(attributes, namespace, "contributor-sequence", sequence)
    _sub(attributes, namespace, "contributor-role", role)
    return element


# (namespace, role, sequence, has an ORCID iD, the parent's prefixes) -> the contributor element to copy
_CONTRIBUTORS: dict[tuple, object] = {}


def work_element(work: Work, cv: CV, report: Report | None = None, *, ids: list[ExternalId] | None = None,
                 description: str | None = None, orcid_type: str | None = None,
                 citation_value: str | None = None) -> etree._Element:
    """The ``work:work`` element of one work (no namespace declarations of its own in a bulk).

    ``citation_value``: the work's BibTeX entry when the caller has it already."""

    root = etree.Element(ns(WORK, "work"), nsmap={"common": COMMON, "work": WORK})
    title = _sub(root, WORK, "title")
    _sub(title, COMMON, "title", work.title)
    if work.venue is not None:
        _sub(root, WORK, "journal-title", work.venue.name)
    if description or work.abstract:
        _sub(root, WORK, "short-description", description or work.abstract)
    citation = _sub(root, WORK, "citation")
    _sub(citation, WORK, "citation-type", "bibtex")
    _sub(citation, WORK, "citation-value", dumps_entry(work) if citation_value is None else citation_value)
    _sub(root, WORK, "type", orcid_type or ORCID_WORK_TYPE.get(work.type, "other"))
    # optional in ORCID's work XSD: left out of an undated work and of a range (no one publication date)
    if _date_fits(work.published, work.origin, "date", report):
        fuzzy_date(root, "publication-date", work.published)
    external_ids(root, ids if ids is not None else work_ids(work, versions(cv, work)))
    if work.url:
        _sub(root, COMMON, "url", work.url)
    contributors = _sub(root, WORK, "contributors")
    for index, author in enumerate(work.authors):
        contributor(contributors, author.person, index == 0)
    return root


def talk_works(cv: CV) -> list[tuple[str, Work, Talk, TalkOccurrence]]:
    """One lecture-speech work per time a talk was given: (key, work, talk, occurrence)."""

    found = []
    used: set[str] = set()
    for talk in cv.talks:
        for occurrence in talk.given:
            key = base = f"talk-{talk.key}-{occurrence.date.iso()}"
            suffix = 2
            while key in used:
                key = f"{base}-{suffix}"
                suffix += 1
            used.add(key)
            event = occurrence.event or host_label(occurrence.host)
            work = Work(key, "presentation", talk.title, (Author(cv.owner),), occurrence.date,
                        venue=Venue(event) if event else None, url=occurrence.url,
                        abstract=talk_description(occurrence), origin=occurrence.origin)
            found.append((key, work, talk, occurrence))
    return found


def host_label(org: Organisation | None) -> str | None:
    if org is None:
        return None
    return f"{org.name}, {org.department}" if org.department else org.name


def talk_description(occurrence: TalkOccurrence) -> str | None:
    where = [part for part in (occurrence.event, host_label(occurrence.host), occurrence.place) if part]
    if not where and not occurrence.virtual:
        return None
    text = "Talk given at " + ", ".join(where) if where else "Talk given"
    return text + (" (online)" if occurrence.virtual else "")


# --- affiliations --------------------------------------------------------------------


def affiliation(section: str, *, department: str | None, role: str | None, start: PartialDate | None,
                end: PartialDate | None, org_name: str, org: Organisation | None, url: str | None,
                origin: Location, report: Report | None) -> etree._Element:
    namespace = section_namespace(section)
    root = etree.Element(ns(namespace, section), nsmap={"common": COMMON, section: namespace})
    if department:
        _sub(root, COMMON, "department-name", department)
    if role:
        _sub(root, COMMON, "role-title", role)
    if _date_fits(start, origin, "start date", report):
        fuzzy_date(root, "start-date", start)
    if _date_fits(end, origin, "end date", report):
        fuzzy_date(root, "end-date", end)
    organization(root, org_name, org)
    if url:
        _sub(root, COMMON, "url", url)
    if report is not None and org is None:
        report.warning(origin, f"no organisation: ORCID gets '{org_name}' as the organization's name, without the "
                               f"disambiguated organisation (ROR, Ringgold, GRID or Crossref Funder id) its API requires")
    elif report is not None and disambiguation(org) is None:
        report.warning(origin, f"ORCID needs a disambiguated organisation on every {section}: "
                               f"give organisation '{org.key}' a ror, ringgold, grid or crossref_funder id "
                               f"('cvld enrich' looks its ROR id up)")
    return root


def distinction(award: Award, report: Report | None) -> etree._Element | None:
    """The ``distinction:distinction`` of an award; None (with a warning) for one without an organisation."""
    org = award.organisation
    if org is None:
        if report is not None:
            report.warning(award.origin, f"award '{award.key}' has no organisation, which ORCID's API requires of "
                                         "a distinction: it is left out of the ORCID XML (give it the awarding "
                                         "organisation)")
        return None
    lost = [name for name, value in (("amount", award.amount), ("description", award.description)) if value]
    if lost and report is not None:
        report.warning(award.origin, f"ORCID's distinction has no place for an award's {' or '.join(lost)}: "
                                     f"{'they are' if len(lost) > 1 else 'it is'} left out of the ORCID XML")
    return affiliation("distinction", department=org.department, role=award.name, start=award.date, end=None,
                       org_name=org.name, org=org, url=award.url, origin=award.origin, report=report)


def grant_ids(grant: Grant) -> list[ExternalId]:
    """The award number as a ``grant_number`` (``self``), else ``source-work-id`` ``cvld:<key>``."""
    if grant.award_number:
        return [ExternalId("grant_number", grant.award_number, None, "self")]
    return [ExternalId("source-work-id", SOURCE_WORK_ID_PREFIX + grant.key, None, "self")]


def funding(grant: Grant, owner: Person, report: Report | None) -> etree._Element:
    """The ``funding:funding`` of a grant, in funding-3.0.xsd's order."""
    root = etree.Element(ns(FUNDING, "funding"), nsmap={"common": COMMON, "funding": FUNDING})
    _sub(root, FUNDING, "type", "grant")
    title = _sub(root, FUNDING, "title")
    _sub(title, COMMON, "title", grant.title)
    if grant.amount is not None:
        _sub(root, FUNDING, "amount", grant.amount.value).set("currency-code", grant.amount.currency)
    if grant.url:
        _sub(root, COMMON, "url", grant.url)
    if _date_fits(grant.start, grant.origin, "start date", report):
        fuzzy_date(root, "start-date", grant.start)
    if _date_fits(grant.end, grant.origin, "end date", report):
        fuzzy_date(root, "end-date", grant.end)
    external_ids(root, grant_ids(grant))
    contributors = _sub(root, FUNDING, "contributors")
    contributor(contributors, owner, None, namespace=FUNDING, role=FUNDING_ROLE[grant.role])
    funder = grant.funder
    organization(root, funder.name, funder, funder=True)
    if report is not None and not grant.award_number:
        report.warning(grant.origin, f"grant '{grant.key}' has no award number: ORCID gets source-work-id "
                                     f"'{SOURCE_WORK_ID_PREFIX}{grant.key}' as its external id instead")
    if report is not None and disambiguation(funder) is None:
        report.warning(grant.origin, f"ORCID needs a disambiguated organisation on every funding: give organisation "
                                     f"'{funder.key}' a crossref_funder or ror id")
    return root


def degree_title(degree: str | None, field: str | None) -> str | None:
    if degree and field:
        return f"{degree} in {field}"
    return degree or field


def service_venue(venue: str, venue_full: str | None) -> str:
    return f"{venue_full} ({venue})" if venue_full and venue_full != venue else venue


# --- the documents -------------------------------------------------------------------


def _items(cv: CV, report: Report | None,
           entries: list[str] | None = None) -> list[tuple[OrcidItem, etree._Element]]:
    """Every document's item and its tree; ``entries``: the BibTeX entry of each of ``cv.works``."""
    items = []
    find_versions = version_finder(cv)

    def add(section, key, root, origin):
        items.append((OrcidItem(section, key, serialise(root), origin), root))

    def work_root(work, citation_value=None):
        return work_element(work, cv, report, ids=work_ids(work, find_versions(work)), citation_value=citation_value)

    for index, work in enumerate(cv.works):
        if report is not None and not (work.doi or work.arxiv or work.isbn or work.pmid):
            report.warning(work.origin, f"no DOI, arXiv id, ISBN or PubMed id: ORCID gets source-work-id "
                                        f"'{SOURCE_WORK_ID_PREFIX}{work.key}' instead (a DOI would be better: "
                                        f"'cvld enrich' looks it up on Crossref)")
        add("work", work.key, work_root(work, entries[index] if entries is not None else None), work.origin)
    for key, work, _talk, _occurrence in talk_works(cv):
        add("work", key, work_root(work), work.origin)
    for entry in cv.education:
        org = entry.organisation
        common = dict(department=entry.department or org.department, start=entry.start, end=entry.end,
                      org_name=org.name, org=org, url=org.url, origin=entry.origin, report=report)
        if entry.kind == "visiting":
            add("invited-position", entry.key, affiliation("invited-position", role=entry.role, **common), entry.origin)
        else:
            role = degree_title(entry.degree, entry.field)
            add("education", entry.key, affiliation("education", role=role, **common), entry.origin)
        if report is not None and (entry.advisors or entry.mentors):
            report.warning(entry.origin, "ORCID has no place for advisors or mentors: they are left out of the ORCID XML")
    for position in cv.positions:
        org = position.organisation
        section = "invited-position" if position.kind == "visiting" else "employment"
        add(section, position.key,
            affiliation(section, department=position.department or org.department, role=position.title,
                        start=position.start, end=position.end, org_name=org.name, org=org, url=org.url,
                        origin=position.origin, report=report), position.origin)
    for service in cv.service:
        role = service.role_title or role_label(SERVICE_ROLES, service.role)
        venue = service_venue(service.venue, service.venue_full)
        if service.organisation is not None:
            org, org_name = service.organisation, service.organisation.name
            department = venue if venue != org_name else None
        else:
            org, org_name, department = None, venue, None
        add("service", service.key,
            affiliation("service", department=department, role=role, start=service.start, end=service.end,
                        org_name=org_name, org=org, url=org.url if org else None, origin=service.origin,
                        report=report), service.origin)
    for award in cv.awards:
        root = distinction(award, report)
        if root is not None:
            add("distinction", award.key, root, award.origin)
    for grant in cv.grants:
        add("funding", grant.key, funding(grant, cv.owner, report), grant.origin)
    for membership in cv.memberships:
        org = membership.organisation
        add("membership", membership.key,
            affiliation("membership", department=org.department, role=membership.role, start=membership.start,
                        end=membership.end, org_name=org.name, org=org, url=org.url, origin=membership.origin,
                        report=report), membership.origin)
    return items


def documents(cv: CV, report: Report | None = None) -> list[OrcidItem]:
    """Every ORCID document of ``cv``: works (and talk occurrences), then affiliations, then the
    distinctions (awards), fundings (grants) and memberships.

    Warnings (what ORCID cannot hold, a missing disambiguated organisation, a work with
    no DOI, a grant with no award number) go to ``report``, located at the record.
    """
    return [item for item, _ in _items(cv, report)]


def bulk_documents(cv: CV, report: Report | None = None) -> list[bytes]:
    """``bulk:bulk`` documents holding every work, at most 100 (ORCID's limit) in each."""
    return _bulks([root for item, root in _items(cv, report) if item.section == "work"])


def _bulks(roots: list[etree._Element]) -> list[bytes]:
    """The ``bulk:bulk`` documents of these ``work:work`` trees (which move into them)."""
    return [serialise(bulk_tree(roots[start:start + BULK_LIMIT])) for start in range(0, len(roots), BULK_LIMIT)]


def bulk_tree(roots: list[etree._Element]) -> etree._Element:
    """One ``bulk:bulk`` element holding these ``work:work`` trees (which move into it), in order;
    the caller keeps to :data:`~cvld.orcid.vocab.BULK_LIMIT`."""
    bulk = etree.Element(ns(BULK, "bulk"), nsmap={"bulk": BULK, "common": COMMON, "work": WORK})
    for root in roots:
        bulk.append(root)
    etree.cleanup_namespaces(bulk)
    return bulk


FOLDERS = {"work": "works", "education": "education", "employment": "employment",
           "invited-position": "invited-positions", "service": "service", "distinction": "distinctions",
           "funding": "fundings", "membership": "memberships"}


def files(cv: CV, report: Report | None = None) -> dict[str, bytes]:
    """Relative path -> content: ``works/<key>.xml``, ``bulk/works-001.xml``,
    ``education/<key>.xml``, ``employment/<key>.xml``, ``invited-positions/<key>.xml``,
    ``service/<key>.xml``, ``distinctions/<key>.xml``, ``fundings/<key>.xml``,
    ``memberships/<key>.xml`` and ``works.bib`` (for ORCID's Import BibTeX)."""

    entries = [dumps_entry(work) for work in cv.works]  # each work's entry serves its XML and works.bib
    items = _items(cv, report, entries)
    out: dict[str, bytes] = {}
    for item, _root in items:
        stem = base = safe_name(item.key)
        suffix = 2
        while f"{FOLDERS[item.section]}/{stem}.xml" in out:  # two records of one folder with one key
            stem = safe_name(f"{base}-{suffix}")
            suffix += 1
        out[f"{FOLDERS[item.section]}/{stem}.xml"] = item.xml
    for index, bulk in enumerate(_bulks([root for item, root in items if item.section == "work"]), start=1):
        out[f"bulk/works-{index:03d}.xml"] = bulk
    out["works.bib"] = join_entries(entries).encode("utf-8")
    return out

"""The canonical model as schema.org JSON-LD: one ``@graph`` per person.

One mapping, two profiles:

- ``web``: what search engines read. Authors are plain ordered arrays of Person nodes;
  the only context is ``https://schema.org``.
- ``full``: lossless. Authors are an ``@list`` (order survives in RDF) of ``Role`` nodes,
  each holding the Person under ``author`` (or ``editor``) and its marks as ``roleName``
  values ``cvld:EqualContribution`` / ``cvld:CorrespondingAuthor``; a few facts schema.org
  has no term for use cvld's own terms (``contexts/cvld.jsonld``, inlined).

Every node that stands for a record has a stable ``@id`` from :class:`cvld.model.iris.Iris`.
Text is written as the record has it: nothing is escaped for HTML here (whoever embeds
the JSON in a ``<script>`` element escapes it there).
"""

from __future__ import annotations

import json

from cvld.core.diagnostics import Report
from cvld.model.ids import id_url, orcid_url
from cvld.model.iris import Iris
from cvld.core.text import slugify
from cvld.jsonld.context import CVLD_NS, cvld_context
from cvld.model.records import (CV, GRANT_ROLES, SERVICE_ROLES, SUPERVISION_LEVELS, SUPERVISION_ROLES, TEACHING_ROLES,
                                WORK_STATUS, Amount, Author, Award, Education, Grant, Membership, Organisation, Person,
                                Position, Service, Supervision, Talk, Teaching, Work, role_label)

PROFILES = ("web", "full")
SCHEMA_CONTEXT = "https://schema.org"

EQUAL_CONTRIBUTION = "cvld:EqualContribution"
CORRESPONDING_AUTHOR = "cvld:CorrespondingAuthor"

# record work type -> schema.org type
WORK_TYPES = {
    "journal-article": "ScholarlyArticle",
    "conference-paper": "ScholarlyArticle",
    "workshop-paper": "ScholarlyArticle",
    "preprint": "ScholarlyArticle",
    "thesis": "Thesis",
    "book": "Book",
    "edited-book": "Book",
    "book-chapter": "Chapter",
    "report": "Report",
    "dataset": "Dataset",
    "software": "SoftwareSourceCode",
    "poster": "Poster",
    "presentation": "PresentationDigitalDocument",
    "other": "CreativeWork",
}
# types that take pagination, pageStart and pageEnd (their domain in schema.org)
_PAGED_TYPES = {"ScholarlyArticle", "Chapter"}
_PROCEEDINGS = {"conference-paper", "workshop-paper"}
_IN_PERIODICAL = {"journal-article", "preprint"}
# work type -> the property that names its venue when the venue is no periodical or proceedings:
# the institution of a thesis or report, the publisher of a book, dataset or software, the
# event where a poster or talk was presented.
_VENUE_AS = {"thesis": "sourceOrganization", "report": "sourceOrganization", "book": "publisher",
             "edited-book": "publisher", "dataset": "publisher", "software": "publisher",
             "poster": "recordedAt", "presentation": "recordedAt", "other": "isPartOf"}
# typed link -> (property, the type of the node it names) on a work's node
LINK_NODES = {"code": ("subjectOf", "SoftwareSourceCode"), "slides": ("subjectOf", "PresentationDigitalDocument"),
              "video": ("associatedMedia", "VideoObject"), "poster": ("subjectOf", "Poster"),
              "data": ("subjectOf", "Dataset"), "project": ("subjectOf", "WebPage"),
              "blog": ("subjectOf", "BlogPosting")}


def _check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise ValueError(f"unknown JSON-LD profile '{profile}' (use one of: {', '.join(PROFILES)})")


def _compact(node: dict) -> dict:
    """Drop keys whose value is None or empty, keeping False and 0."""
    return {k: v for k, v in node.items() if v or (v is not None and v != [] and v != "")}  # most are text


def _end(entity) -> str | None:
    """The end date of something that has ended (a current one has none)."""
    return entity.end.iso() if entity.end and not entity.current else None


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def context_for(profile: str):
    """The ``@context`` of a document in ``profile``."""
    _check_profile(profile)
    if profile == "web":
        return SCHEMA_CONTEXT
    return [SCHEMA_CONTEXT, cvld_context()["@context"]]


# --- people and organisations ------------------------------------------------------


def person_ref(cv: CV, person: Person, iris: Iris) -> dict:
    """A Person as it stands in an author list: ``@id``, name and homepage, enough on its own."""
    is_owner = person.key == cv.owner.key
    return _compact({
        "@id": iris.owner() if is_owner else iris.person(person.key),
        "@type": "Person",
        "name": person.name,
        "url": person.homepage,
    })


def _person_common(person: Person, iris: Iris, cv: CV) -> dict:
    node = person_ref(cv, person, iris)
    same_as = [orcid_url(person.orcid)] if person.orcid else []
    node.update(_compact({
        "givenName": person.given_name,
        "familyName": person.family_name,
        "additionalName": person.additional_name,
        "alternateName": list(person.other_names),
        "identifier": _orcid_identifier(person.orcid),
        "sameAs": same_as,
        "affiliation": {"@id": iris.organisation(person.affiliation.key)} if person.affiliation else None,
    }))
    return node


def _orcid_identifier(orcid: str | None):
    if not orcid:
        return None
    return {"@type": "PropertyValue", "propertyID": "ORCID", "value": orcid, "url": orcid_url(orcid)}


def organisation_node(org: Organisation, iris: Iris) -> dict:
    address = _compact({
        "@type": "PostalAddress",
        "addressLocality": org.city,
        "addressRegion": org.region,
        "addressCountry": org.country,
    })
    identifiers = []
    if org.ror:
        identifiers.append({"@type": "PropertyValue", "propertyID": "ROR", "value": org.ror, "url": org.ror})
    if org.ringgold:
        identifiers.append({"@type": "PropertyValue", "propertyID": "Ringgold", "value": org.ringgold})
    if org.grid:
        identifiers.append({"@type": "PropertyValue", "propertyID": "GRID", "value": org.grid})
    funder_url = id_url("doi", org.crossref_funder) if org.crossref_funder else None
    if org.crossref_funder:
        identifiers.append({"@type": "PropertyValue", "propertyID": "Crossref Funder ID", "value": org.crossref_funder,
                            "url": funder_url})
    return _compact({
        "@id": iris.organisation(org.key),
        "@type": "Organization",
        "name": org.name,
        "department": {"@type": "Organization", "name": org.department} if org.department else None,
        "address": address if len(address) > 1 else None,
        "url": org.url,
        "identifier": identifiers,
        "sameAs": [u for u in (org.ror, funder_url) if u],
    })


def _org_or_department(org: Organisation, department: str | None, iris: Iris) -> dict:
    """The organisation, or a department of it named by the record."""
    if department and department != org.department:
        return {"@type": "Organization", "name": department, "parentOrganization": {"@id": iris.organisation(org.key)}}
    return {"@id": iris.organisation(org.key)}


# --- the owner -----------------------------------------------------------------


def _position_role(position: Position, iris: Iris) -> dict:
    prop = "worksFor" if position.kind == "employment" else "affiliation"
    return _compact({
        "@id": iris.node("position", position.key),
        "@type": "EmployeeRole" if position.kind == "employment" else "OrganizationRole",
        "roleName": position.title,
        "startDate": position.start.iso(),
        "endDate": _end(position),
        prop: _org_or_department(position.organisation, position.department, iris),
    })


def _education_role(education: Education, iris: Iris) -> dict:
    role_name = education.role or (f"{education.degree} student" if education.degree else None)
    return _compact({
        "@id": iris.node("education", education.key),
        "@type": "OrganizationRole",
        "roleName": role_name,
        "startDate": education.start.iso(),
        "endDate": _end(education),
        "alumniOf": _org_or_department(education.organisation, education.department, iris),
    })


def _credential(education: Education, iris: Iris) -> dict:
    name = education.degree + (f" in {education.field}" if education.field else "")
    return _compact({
        "@id": iris.node("credential", education.key),
        "@type": "EducationalOccupationalCredential",
        "name": name,
        "credentialCategory": "degree",
        "educationalLevel": education.degree,
        "about": {"@type": "DefinedTerm", "name": education.field} if education.field else None,
        "recognizedBy": {"@id": iris.organisation(education.organisation.key)},
        "dateCreated": _end(education),
    })


def _guidance_roles(cv: CV, education: Education, iris: Iris) -> list[dict]:
    """Advisors and mentors, as ``knows`` Roles with the time and place they guided."""
    roles = []
    for kind, people in (("advisor", education.advisors), ("mentor", education.mentors)):
        for person in people:
            roles.append(_compact({
                "@id": iris.node(kind, f"{education.key}-{person.key}"),  # as in node_origins
                "@type": "Role",
                "roleName": kind,
                "startDate": education.start.iso(),
                "endDate": _end(education),
                "knows": person_ref(cv, person, iris),
                "description": f"{kind.capitalize()} during {_education_label(education)}",
            }))
    return roles


def _education_label(education: Education) -> str:
    if education.kind == "visiting":
        return f"the visit to {education.organisation.name}"
    return f"the {education.degree or 'studies'} at {education.organisation.name}"


def owner_node(cv: CV, iris: Iris) -> dict:
    owner = cv.owner
    node = _person_common(owner, iris, cv)
    address = None
    if owner.address:
        a = owner.address
        address = _compact({
            "@type": "PostalAddress",
            "streetAddress": a.street,
            "addressLocality": a.locality,
            "addressRegion": a.region,
            "postalCode": a.postal_code,
            "addressCountry": a.country,
        })
    current = cv.current_positions
    node["sameAs"] = node.get("sameAs", []) + [p.url for p in owner.profiles]
    node.update(_compact({
        "honorificPrefix": owner.honorific_prefix,
        "honorificSuffix": owner.honorific_suffix,
        "email": f"mailto:{owner.email}" if owner.email else None,
        "telephone": owner.phone,
        "address": address,
        "image": owner.image,
        "description": owner.bio,
        "knowsAbout": list(owner.interests),
        "jobTitle": [p.title for p in current],
        "affiliation": [_org_or_department(p.organisation, p.department, iris) for p in current]
        + [_position_role(p, iris) for p in cv.positions if p.kind != "employment"],
        "worksFor": [_position_role(p, iris) for p in cv.positions if p.kind == "employment"],
        "alumniOf": [_education_role(e, iris) for e in cv.education],
        "hasCredential": [_credential(e, iris) for e in cv.education if e.kind == "degree" and e.degree],
        "knows": [role for e in cv.education for role in _guidance_roles(cv, e, iris)]
        + [supervision_role(cv, s, iris) for s in cv.supervision],
        "memberOf": [service_node(cv, s, iris) for s in cv.service]
        + [membership_role(m, iris) for m in cv.memberships],
        "award": [award_text(a) for a in cv.awards],
        "funding": [grant_role(g, iris) for g in cv.grants],
    }))
    if not node["sameAs"]:
        del node["sameAs"]
    return node


# --- works ---------------------------------------------------------------------


def _container_iri(work: Work, iris: Iris) -> str | None:
    """The journal (one node for all its papers) or the year's proceedings a work appeared in."""
    if work.venue is None or work.type == "book-chapter":
        return None
    if work.type in _PROCEEDINGS:
        year = f"-{work.year}" if work.year else ""
        return iris.node("proceedings", f"{slugify(work.venue.name)}{year}")
    return iris.node("periodical", slugify(work.venue.name))


def _venue_chain(work: Work, iris: Iris) -> dict | None:
    """``isPartOf``: Periodical / PublicationVolume / PublicationIssue, or the proceedings."""
    venue = work.venue
    if venue is None:
        return None
    publisher = {"@type": "Organization", "name": venue.publisher} if venue.publisher else None
    isbn, issn = venue.isbn or work.isbn, venue.issn or work.issn
    if work.type == "book-chapter":
        return _compact({"@type": "Book", "name": venue.name, "isbn": isbn, "publisher": publisher})
    if work.type not in _IN_PERIODICAL | _PROCEEDINGS:
        return None  # the venue of a thesis, report, book, dataset, ... is its institution or event (_venue_of)
    proceedings = work.type in _PROCEEDINGS
    container = _compact({
        "@id": _container_iri(work, iris),
        "@type": "Book" if proceedings else "Periodical",
        "name": venue.name,
        "alternateName": venue.short,
        "isbn": isbn if proceedings else None,
        "issn": None if proceedings else issn,
        "publisher": publisher,
    })
    if work.volume:
        container = {"@type": "PublicationVolume", "volumeNumber": work.volume, "isPartOf": container}
    if work.issue and not proceedings:
        container = {"@type": "PublicationIssue", "issueNumber": work.issue, "isPartOf": container}
    return container


def report_number(work: Work) -> str | None:
    """A report's number: its article number, else its issue (how BibTeX's ``number`` of a techreport reads)."""
    if work.type != "report":
        return None
    return work.article_number or work.issue


def _venue_of(work: Work) -> dict:
    """The venue of a work that is not in a periodical or proceedings, under the property its type takes."""
    prop = _VENUE_AS.get(work.type)
    venue = work.venue
    if prop is None or venue is None:
        return {}
    if prop == "recordedAt":
        return {prop: _compact({"@type": "Event", "name": venue.name, "alternateName": venue.short})}
    if prop == "isPartOf":  # a work of no particular type: the whole it belongs to, of no particular type
        return {prop: _compact({"@type": "CreativeWork", "name": venue.name, "alternateName": venue.short})}
    if prop == "publisher":
        return {prop: _compact({"@type": "Organization", "name": venue.publisher or venue.name})}
    node = {prop: _compact({"@type": "Organization", "name": venue.name, "alternateName": venue.short})}
    if venue.publisher:
        node["publisher"] = {"@type": "Organization", "name": venue.publisher}
    return node


def _link_nodes(work: Work, schema_type: str) -> dict:
    """The work's typed links: code as the codeRepository of software (or its own for a software work),
    media as ``associatedMedia``, the rest as ``subjectOf`` nodes of their schema.org type."""
    out: dict = {}
    for kind, url in work.links:
        if kind == "code" and schema_type == "SoftwareSourceCode":
            out["codeRepository"] = url
            continue
        prop, link_type = LINK_NODES[kind]
        if link_type == "SoftwareSourceCode":
            node = {"@type": link_type, "codeRepository": url, "url": url}
        elif prop == "associatedMedia":
            node = {"@type": link_type, "contentUrl": url}
        else:
            node = {"@type": link_type, "url": url}
        out.setdefault(prop, []).append(node)
    return out


def _work_identifiers(work: Work) -> tuple[list[dict], list[str]]:
    identifiers, same_as = [], []
    if work.doi:
        url = id_url("doi", work.doi)
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": work.doi, "url": url})
        same_as.append(url)
    if work.arxiv:
        url = work.arxiv.abs_url
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": str(work.arxiv), "url": url})
        same_as.append(url)
    if work.pmid:
        url = id_url("pmid", work.pmid)
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": work.pmid, "url": url})
        same_as.append(url)
    if work.article_number:
        identifiers.append({"@type": "PropertyValue", "propertyID": "article number", "value": work.article_number})
    return identifiers, same_as


def _authorship(cv: CV, author: Author, iris: Iris, prop: str) -> dict:
    marks = []
    if author.equal_contribution:
        marks.append({"@id": EQUAL_CONTRIBUTION})
    if author.corresponding:
        marks.append({"@id": CORRESPONDING_AUTHOR})
    return _compact({"@type": "Role", prop: person_ref(cv, author.person, iris), "roleName": marks})


def work_node(cv: CV, work: Work, iris: Iris, profile: str = "web") -> dict:
    """One work as a schema.org node, complete on its own (a paper page can embed it alone)."""
    _check_profile(profile)
    schema_type = WORK_TYPES.get(work.type, "CreativeWork")
    prop = "editor" if work.type == "edited-book" else "author"
    if profile == "web":
        people = [person_ref(cv, a.person, iris) for a in work.authors]
    else:
        people = {"@list": [_authorship(cv, a, iris, prop) for a in work.authors]}
    identifiers, same_as = _work_identifiers(work)
    paged = schema_type in _PAGED_TYPES
    node = {
        "@id": iris.work(work.key),
        "@type": schema_type,
        "headline": work.title,
        "name": work.title,
        prop: people,
        "datePublished": work.published.iso() if work.published else None,
        # a range (software 2003/2015) is when the work was made and last changed, not a publication date
        "dateCreated": work.date.iso() if work.date_end else None,
        "isPartOf": _venue_chain(work, iris),
        "pagination": work.pages if paged else None,
        "pageStart": work.first_page if paged else None,
        "pageEnd": work.last_page if paged else None,
        "identifier": identifiers,
        "sameAs": same_as,
        "isbn": work.isbn if schema_type == "Book" else None,
        "reportNumber": report_number(work),
        "creativeWorkStatus": WORK_STATUS.get(work.status),
        "url": work.url,
        "encoding": {"@type": "MediaObject", "contentUrl": work.pdf, "encodingFormat": "application/pdf"}
        if work.pdf else None,
        "abstract": work.abstract,
        "keywords": list(work.keywords),
        "image": work.image,
        "dateModified": (work.date_end or work.updated).iso() if work.date_end or work.updated else None,
        **_venue_of(work),
        **_link_nodes(work, schema_type),
        "mainEntityOfPage": iris.paper_page(work.key) if _is_web(iris.base) else None,
    }
    if schema_type == "Thesis":
        node.pop("pagination"), node.pop("pageStart"), node.pop("pageEnd")
    node["funding"] = [grant_ref(cv.grant(key), iris) for key in work.funding]
    if profile == "full":
        node["cvld:workType"] = work.type
        node["cvld:versionOf"] = iris.work(work.version_of) if work.version_of else None
    return _compact(node)


# --- talks, teaching, service --------------------------------------------------------


def talk_nodes(cv: CV, talk: Talk, iris: Iris) -> list[dict]:
    """One Event per time the talk was given."""
    nodes = []
    for number, given in enumerate(talk.given, start=1):
        if given.virtual:
            location = _compact({"@type": "VirtualLocation", "name": given.place, "url": given.url})
        elif given.place:
            location = {"@type": "Place", "name": given.place}
        else:
            location = None
        nodes.append(_compact({
            "@id": iris.node("talk", f"{talk.key}-{number}"),
            "@type": "Event",
            "name": talk.title,
            "startDate": given.date.iso(),
            "performer": {"@id": iris.owner()},
            "organizer": {"@id": iris.organisation(given.host.key)} if given.host else None,
            "location": location,
            "eventAttendanceMode": {"@id": "schema:OnlineEventAttendanceMode" if given.virtual
                                    else "schema:OfflineEventAttendanceMode"},
            "superEvent": {"@type": "Event", "name": given.event} if given.event else None,
            "url": given.url,
        }))
    return nodes


def teaching_node(cv: CV, teaching: Teaching, iris: Iris) -> dict:
    """A Course with one CourseInstance; anyone but a sole instructor is named through a Role."""
    start = teaching.start or (teaching.term.start if teaching.term else None)
    end = teaching.end or (teaching.term.end if teaching.term else None)
    if teaching.role == "instructor":
        instructor = {"@id": iris.owner()}
    else:
        instructor = {"@type": "Role", "roleName": TEACHING_ROLES[teaching.role], "instructor": {"@id": iris.owner()}}
    instance = _compact({
        "@id": iris.node("course-instance", teaching.key),
        "@type": "CourseInstance",
        "name": f"{teaching.course} ({teaching.term.label})" if teaching.term else teaching.course,
        "startDate": start.iso() if start else None,
        "endDate": end.iso() if end and not teaching.current else None,
        "instructor": instructor,
    })
    return _compact({
        "@id": iris.node("course", teaching.key),
        "@type": "Course",
        "name": teaching.course,
        "courseCode": teaching.code,
        "provider": {"@id": iris.organisation(teaching.organisation.key)} if teaching.organisation else None,
        "hasCourseInstance": instance,
    })


def service_node(cv: CV, service: Service, iris: Iris) -> dict:
    """Service as an OrganizationRole held in the venue (``memberOf``), with its roleName."""
    if service.organisation:
        venue = {"@id": iris.organisation(service.organisation.key)}
    else:
        venue = _compact({
            "@type": "Organization",
            "name": service.venue_full or service.venue,
            "alternateName": service.venue if service.venue_full else None,
        })
    return _compact({
        "@id": iris.node("service", service.key),
        "@type": "OrganizationRole",
        "roleName": SERVICE_ROLES.get(service.role, service.role),
        "startDate": service.start.iso() if service.start else None,
        "endDate": _end(service),
        "memberOf": venue,
        "description": f"{SERVICE_ROLES.get(service.role, service.role).capitalize()} for {service.venue}"
        + (f" ({service.kind})" if service.kind else ""),
    })


# --- awards, grants, supervision, memberships -------------------------------------------


def award_text(award: Award) -> str:
    """An award as schema.org's ``award`` holds it (text): its name, who gave it and the year."""
    parts = [award.name]
    if award.organisation:
        parts.append(award.organisation.name)
    if award.date:
        parts.append(str(award.date.year))
    return ", ".join(parts)


def amount_node(amount: Amount) -> dict:
    """A MonetaryAmount; the value is the decimal text as written (a JSON number could round it)."""
    return {"@type": "MonetaryAmount", "currency": amount.currency, "value": amount.value}


def grant_type(grant: Grant) -> str:
    return "MonetaryGrant" if grant.amount else "Grant"


def grant_ref(grant: Grant, iris: Iris) -> dict:
    """A grant as a funded work names it: enough on its own (a paper page embeds the work alone)."""
    return {
        "@id": iris.grant(grant.key),
        "@type": grant_type(grant),
        "name": grant.title,
        "funder": {"@id": iris.organisation(grant.funder.key), "@type": "Organization", "name": grant.funder.name},
    }


def grant_node(cv: CV, grant: Grant, iris: Iris) -> dict:
    """A Grant (a MonetaryGrant when its amount is known): funder, award number, amount, the works it funded."""
    node = grant_ref(grant, iris)
    node.update(_compact({
        "funder": {"@id": iris.organisation(grant.funder.key)},
        "identifier": {"@type": "PropertyValue", "propertyID": "award number", "value": grant.award_number}
        if grant.award_number else None,
        "amount": amount_node(grant.amount) if grant.amount else None,
        "url": grant.url,
        "fundedItem": [{"@id": iris.work(w.key)} for w in cv.works if grant.key in w.funding],
    }))
    return node


def _dated_role(node_id: str, role_type: str, role_name: str, entity, **held) -> dict:
    """A Role of the owner's (``role_type``) with its name, the entity's start and end, and what it holds."""
    return _compact({
        "@id": node_id,
        "@type": role_type,
        "roleName": role_name,
        "startDate": entity.start.iso() if entity.start else None,
        "endDate": _end(entity),
        **held,
    })


def grant_role(grant: Grant, iris: Iris) -> dict:
    """The owner's part in a grant: a Role under the Person's ``funding``, with its dates."""
    return _dated_role(iris.node("grant-role", grant.key), "Role", GRANT_ROLES[grant.role], grant,
                       funding={"@id": iris.grant(grant.key)})


def supervision_text(supervision: Supervision) -> str:
    """What a supervision Role's description says: level, the owner's part, where, the thesis, where the person is now."""
    text = (f"{role_label(SUPERVISION_LEVELS, supervision.level)}, supervised as "
            f"{SUPERVISION_ROLES[supervision.role]}")
    if supervision.organisation:
        text += f" at {supervision.organisation.name}"
    if supervision.thesis_title:
        text += f"; thesis: {supervision.thesis_title}"
    if supervision.current_position:
        text += f"; now {supervision.current_position}"
    return text


def supervision_role(cv: CV, supervision: Supervision, iris: Iris) -> dict:
    """A person the owner supervised, as a ``knows`` Role (as the owner's advisors are), named by level."""
    return _dated_role(iris.node("supervision", supervision.key), "Role", SUPERVISION_LEVELS[supervision.level],
                       supervision, knows=person_ref(cv, supervision.person, iris),
                       description=supervision_text(supervision))


def membership_role(membership: Membership, iris: Iris) -> dict:
    """Membership as an OrganizationRole held in the organisation (``memberOf``), as service is."""
    return _dated_role(iris.node("membership", membership.key), "OrganizationRole", membership.role or "member",
                       membership, memberOf={"@id": iris.organisation(membership.organisation.key)})


# --- the document ----------------------------------------------------------------


def _other_people(cv: CV) -> list[Person]:
    """Everyone but the owner named anywhere (co-authors first, then advisors and mentors)."""
    seen: dict[str, Person] = {p.key: p for p in cv.coauthors}
    for education in cv.education:
        for person in education.advisors + education.mentors:
            if person.key != cv.owner.key:
                seen.setdefault(person.key, person)
    for supervision in cv.supervision:
        seen.setdefault(supervision.person.key, supervision.person)
    return list(seen.values())


def _referenced_organisations(cv: CV) -> list[Organisation]:
    return list(cv.organisations.values())


def profile_page_node(cv: CV, iris: Iris, report: Report | None = None) -> dict:
    if cv.updated is None and report is not None:
        report.warning(cv.owner.origin, "JSON-LD: the CV has no 'updated' date, so the ProfilePage has no "
                       "dateModified (Google recommends one)")
    return _compact({
        "@id": iris.profile_page,
        "@type": "ProfilePage",
        "url": iris.profile_page if _is_web(iris.profile_page) else None,
        "name": cv.owner.name,
        "dateModified": cv.updated.iso() if cv.updated else None,
        "mainEntity": owner_node(cv, iris),
    })


def work_jsonld(cv: CV, work: Work, *, profile: str = "web", base: str | None = None) -> dict:
    """One work as a JSON-LD document of its own (``@context`` plus the node), for its paper page."""
    return {"@context": context_for(profile), **work_node(cv, work, Iris.for_cv(cv, base), profile)}


def _warn_unmapped(cv: CV, report: Report) -> None:
    for work in cv.works:
        if work.note:
            report.warning(work.origin, "JSON-LD: the work's note is not written (schema.org has no term for it)")
    for award in cv.awards:
        left = [name for name in ("amount", "url", "description") if getattr(award, name)]
        if left:
            what = " and ".join(left)
            report.warning(award.origin, f"JSON-LD: the award's {what} {'are' if len(left) > 1 else 'is'} left out "
                           f"(schema.org's award is text: name, organisation, year); the site shows "
                           f"{'them' if len(left) > 1 else 'it'}")


def build_jsonld(cv: CV, *, profile: str = "web", base: str | None = None, report: Report | None = None) -> dict:
    """The CV as one JSON-LD document (``@context`` and ``@graph``) in ``profile``.

    Warnings about what JSON-LD does not hold go to ``report``, located at the record.
    """
    _check_profile(profile)
    iris = Iris.for_cv(cv, base)
    if report is not None:
        _warn_unmapped(cv, report)
    graph = [profile_page_node(cv, iris, report)]
    graph += [_person_common(p, iris, cv) for p in _other_people(cv)]
    graph += [organisation_node(o, iris) for o in _referenced_organisations(cv)]
    graph += [work_node(cv, w, iris, profile) for w in cv.works]
    graph += [node for talk in cv.talks for node in talk_nodes(cv, talk, iris)]
    graph += [teaching_node(cv, t, iris) for t in cv.teaching]
    graph += [grant_node(cv, g, iris) for g in cv.grants]
    document = {"@context": context_for(profile), "@graph": graph}
    if profile == "full":
        legend = _compact({
            "cvld:equalContributionLegend": cv.legend.equal_contribution,
            "cvld:correspondingLegend": cv.legend.corresponding,
        })
        graph[0].update(legend)
    return document


def node_origins(cv: CV, iris: Iris) -> dict:
    """The record each node with an ``@id`` comes from: ``{iri: Location}`` (for locating findings)."""
    origins = {iris.profile_page: cv.owner.origin, iris.owner(): cv.owner.origin}
    origins.update({iris.person(p.key): p.origin for p in _other_people(cv)})
    origins.update({iris.organisation(o.key): o.origin for o in cv.organisations.values()})
    for work in cv.works:
        origins[iris.work(work.key)] = work.origin
        container = _container_iri(work, iris)
        if container:
            origins.setdefault(container, work.origin)
    for talk in cv.talks:
        for number, given in enumerate(talk.given, start=1):
            origins[iris.node("talk", f"{talk.key}-{number}")] = given.origin
    for teaching in cv.teaching:
        origins[iris.node("course", teaching.key)] = teaching.origin
        origins[iris.node("course-instance", teaching.key)] = teaching.origin
    for service in cv.service:
        origins[iris.node("service", service.key)] = service.origin
    for position in cv.positions:
        origins[iris.node("position", position.key)] = position.origin
    for grant in cv.grants:
        origins[iris.grant(grant.key)] = grant.origin
        origins[iris.node("grant-role", grant.key)] = grant.origin
    for supervision in cv.supervision:
        origins[iris.node("supervision", supervision.key)] = supervision.origin
    for membership in cv.memberships:
        origins[iris.node("membership", membership.key)] = membership.origin
    for education in cv.education:
        for kind in ("education", "credential"):
            origins[iris.node(kind, education.key)] = education.origin
        for kind, people in (("advisor", education.advisors), ("mentor", education.mentors)):
            for person in people:
                origins[iris.node(kind, f"{education.key}-{person.key}")] = education.origin
    return origins


def dumps_jsonld(doc: dict) -> str:
    """Deterministic text: sorted keys, two-space indent, UTF-8 as is, a trailing newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = ["PROFILES", "build_jsonld", "dumps_jsonld", "work_node", "work_jsonld", "node_origins", "person_ref", "context_for", "CVLD_NS"]

"""The VIVO-ISF profile: one CV as the model that university research graphs use.

Patterns follow VIVO 1.6+ (vivo.owl): ranked vivo:Authorship nodes, vivo:Position with
a vivo:DateTimeInterval, vivo:EducationalProcess and vivo:AwardedDegree, vivo:DateTimeValue
with a precision individual, vcard contact data, and roles (vivo:PresenterRole,
vivo:TeacherRole, vivo:ReviewerRole...) that inhere in the person. Equal contribution has
no VIVO term and is written as ``cvld:equalContribution``.

:func:`vivo_triples` is pure: the same CV and IRI scheme give the same set of lines.
"""

from __future__ import annotations

from cvld.model.dates import PartialDate
from cvld.model.ids import id_url, orcid_url
from cvld.core.text import slugify
from cvld.model.records import (CV, GRANT_ROLES, SUPERVISION_LEVELS, SUPERVISION_ROLES, TEACHING_ROLES, Award, Grant,
                                Membership, Organisation, Person, Supervision, Work, role_label)
from cvld.model.records import SERVICE_ROLES as SERVICE_ROLE_LABELS
from cvld.jsonld.write import supervision_text
from cvld.rdf.department import Member, described_cv
from cvld.rdf.terms import XSD, A, Triples, bibo, cvld, foaf, integer, iri, literal, obo, owl, rdfs, skos, vcard, vivo

# A few vivo:AcademicDegree individuals (academicDegree.rdf), by the abbreviation a CV writes.
DEGREES = {"Ph.D.": "98", "B.S.": "33", "M.S.": "91", "B.A.": "4", "M.A.": "71", "M.B.A.": "73", "Sc.D.": "100"}
DEGREE_NS = "http://vivoweb.org/ontology/degree/academicDegree"

WORK_TYPES = {
    "journal-article": bibo.AcademicArticle, "conference-paper": vivo.ConferencePaper,
    "workshop-paper": vivo.ConferencePaper, "preprint": bibo.Manuscript, "thesis": bibo.Thesis, "book": bibo.Book,
    "book-chapter": bibo.Chapter, "edited-book": bibo.EditedBook, "report": bibo.Report, "dataset": vivo.Dataset,
    "software": obo.ERO_0000071, "poster": vivo.ConferencePoster, "presentation": vivo.Presentation,
    "other": bibo.Document,
}
VENUE_TYPES = {"journal-article": bibo.Journal, "conference-paper": bibo.Proceedings, "workshop-paper": bibo.Proceedings,
               "book-chapter": bibo.Book, "poster": bibo.Proceedings}
# bibo has draft for work in preparation; VIVO's submitted stands for in review too (it has no other)
STATUS = {"published": bibo.published, "accepted": bibo.accepted, "in-press": vivo.inPress, "submitted": vivo.submitted,
          "in-review": vivo.submitted, "in-preparation": bibo.draft}
PRECISION = {"year": vivo.yearPrecision, "month": vivo.yearMonthPrecision, "day": vivo.yearMonthDayPrecision}
# the VIVO class of each service role; its label is the model's words (model.records.SERVICE_ROLES)
SERVICE_ROLE_CLASSES = {
    "reviewer": vivo.ReviewerRole, "editor": vivo.EditorRole, "associate-editor": vivo.EditorRole,
    "guest-editor": vivo.EditorRole, "program-committee": vivo.ReviewerRole, "area-chair": vivo.ReviewerRole,
    "organiser": vivo.OrganizerRole, "chair": vivo.LeaderRole,
}
SERVICE_ROLES = {role: (kind, role_label(SERVICE_ROLE_LABELS, role)) for role, kind in SERVICE_ROLE_CLASSES.items()}
# the VIVO class of the owner's role in a grant (model.records.GRANT_ROLES)
GRANT_ROLE_CLASSES = {"pi": vivo.PrincipalInvestigatorRole, "co-pi": vivo.CoPrincipalInvestigatorRole,
                      "participant": vivo.InvestigatorRole}
# the subclass of vivo:AdvisingRelationship for each level of a supervised person (a visitor's is the plain class)
ADVISING_CLASSES = {"phd": vivo.GraduateAdvisingRelationship, "masters": vivo.GraduateAdvisingRelationship,
                    "bachelors": vivo.UndergraduateAdvisingRelationship,
                    "postdoc": vivo.PostdocOrFellowAdvisingRelationship}


def vivo_triples(member: Member) -> Triples:
    """Every triple of one CV in the VIVO-ISF profile, named by ``member.iris``."""
    return _Writer(member).run()


class _Writer:
    def __init__(self, member: Member):
        self.member = member
        self.cv: CV = described_cv(member)
        self.iris = member.iris
        self.t = Triples()
        self.origins: dict[str, object] = {}
        self.me = iri(self.iris.owner())

    def node(self, kind: str, key: str) -> str:
        return iri(self.iris.node(kind, key))

    def run(self) -> Triples:
        self.owner()
        for person in self.cv.people.values():
            if self.member.describes_person(person.key):
                self.person(person)
        for org in self.cv.organisations.values():
            self.organisation(org)
        for position in self.cv.positions:
            self.position(position)
        for education in self.cv.education:
            self.education(education)
        for work in self.cv.works:
            if self.member.describes_work(work.key):
                self.work(work)
            self.funding(work)  # which grants funded a work is this CV's to say, whoever describes the work
        for talk in self.cv.talks:
            self.talk(talk)
        for teaching in self.cv.teaching:
            self.teaching(teaching)
        for service in self.cv.service:
            self.service(service)
        for award in self.cv.awards:
            self.award(award)
        for grant in self.cv.grants:
            self.grant(grant)
        for supervision in self.cv.supervision:
            self.supervision(supervision)
        for membership in self.cv.memberships:
            self.membership(membership)
        self.t.origins = self.origins
        return self.t

    def located(self, node: str, origin) -> str:
        if origin is not None and origin.file:
            self.origins.setdefault(node[1:-1], origin)
        return node

    # --- dates --------------------------------------------------------------------

    def date(self, when: PartialDate | None) -> str | None:
        if when is None:
            return None
        node = self.node("date", f"{when.iso()}")
        self.t.add(node, A, vivo.DateTimeValue)
        self.t.add(node, vivo.dateTime, literal(f"{when.first_day().isoformat()}T00:00:00", XSD + "dateTime"))
        self.t.add(node, vivo.dateTimePrecision, PRECISION[when.precision])
        return node

    def interval(self, subject: str, kind: str, key: str, start: PartialDate | None, end: PartialDate | None) -> None:
        if start is None and end is None:
            return
        node = self.node("interval", f"{kind}-{key}")
        self.t.add(node, A, vivo.DateTimeInterval)
        self.t.add(node, vivo.start, self.date(start))
        self.t.add(node, vivo.end, self.date(end))
        self.t.add(subject, vivo.dateTimeInterval, node)

    # --- people and organisations ------------------------------------------------------

    def person_node(self, person: Person) -> str:
        return self.me if person.key == self.cv.owner.key else iri(self.iris.person(person.key))

    def person(self, person: Person, node: str | None = None) -> str:
        node = self.located(node or self.person_node(person), person.origin)
        t = self.t
        t.add(node, A, foaf.Person)
        t.text(node, rdfs.label, person.name)
        for other in person.other_names:
            t.text(node, skos.altLabel, other)
        if person.homepage and person.key != self.cv.owner.key:  # the owner's links are written by owner()
            card, _ = self.vcard(node)
            link = _part(node, "vcard-url-1")
            t.add(card, vcard.hasURL, link)
            t.add(link, A, vcard.URL)
            t.text(link, rdfs.label, "Home page")
            t.add(link, vivo.rank, integer(1))
            t.add(link, vcard.url, literal(person.homepage, XSD + "anyURI"))
        if person.orcid:
            t.add(node, vivo.orcidId, iri(orcid_url(person.orcid)))
            t.add(node, owl.sameAs, iri(orcid_url(person.orcid)))
        if person.given_name or person.family_name:
            card, name = self.vcard(node)
            t.add(card, vcard.hasName, name)
            t.add(name, A, vcard.Name)
            t.text(name, vcard.givenName, person.given_name)
            t.text(name, vcard.familyName, person.family_name)
            t.text(name, vcard.additionalName, person.additional_name)
        return node

    def vcard(self, person_node: str) -> tuple[str, str]:
        card = _part(person_node, "vcard")
        self.t.add(card, A, vcard.Individual)
        self.t.add(person_node, obo.ARG_2000028, card)
        self.t.add(card, obo.ARG_2000029, person_node)
        return card, _part(person_node, "vcard-name")

    def owner(self) -> None:
        owner = self.cv.owner
        me = self.person(owner, self.me)
        t = self.t
        t.text(me, vivo.overview, owner.bio)
        card, _ = self.vcard(me)
        if owner.email:
            email = _part(me, "vcard-email")
            t.add(card, vcard.hasEmail, email)
            t.add(email, A, vcard.Email)
            t.add(email, A, vcard.Work)
            t.text(email, vcard.email, owner.email)
        if owner.phone:
            phone = _part(me, "vcard-phone")
            t.add(card, vcard.hasTelephone, phone)
            t.add(phone, A, vcard.Telephone)
            t.text(phone, vcard.telephone, owner.phone)
        if owner.address:
            address = _part(me, "vcard-address")
            t.add(card, vcard.hasAddress, address)
            t.add(address, A, vcard.Address)
            a = owner.address
            for predicate, value in ((vcard.streetAddress, a.street), (vcard.locality, a.locality),
                                     (vcard.region, a.region), (vcard.postalCode, a.postal_code),
                                     (vcard.country, a.country)):
                t.text(address, predicate, value)
        links = ([("Home page", owner.homepage)] if owner.homepage else []) + [(p.network, p.url) for p in owner.profiles]
        for rank, (label, url) in enumerate(links, 1):
            node = _part(me, f"vcard-url-{rank}")
            t.add(card, vcard.hasURL, node)
            t.add(node, A, vcard.URL)
            t.text(node, rdfs.label, label)
            t.add(node, vivo.rank, integer(rank))
            t.add(node, vcard.url, literal(url, XSD + "anyURI"))
        for interest in owner.interests:
            t.text(me, vivo.freetextKeyword, interest)

    def organisation(self, org: Organisation) -> str:
        node = self.located(iri(self.iris.organisation(org.key)), org.origin)
        t = self.t
        institution = node
        if org.department:
            t.add(node, A, vivo.AcademicDepartment)
            t.text(node, rdfs.label, org.department)
            institution = iri(self.iris.shared("org", slugify(org.name)))
            t.add(node, obo.BFO_0000050, institution)
            t.add(institution, obo.BFO_0000051, node)
        t.add(institution, A, _org_type(org.name))
        t.text(institution, rdfs.label, org.name)
        if org.ror:
            t.add(institution, owl.sameAs, iri(org.ror))
        if org.url:
            t.add(institution, bibo.uri, literal(org.url, XSD + "anyURI"))
        return node

    def org(self, org: Organisation | None) -> str | None:
        return iri(self.iris.organisation(org.key)) if org is not None else None

    # --- positions and education -----------------------------------------------------------

    def position(self, position) -> None:
        node = self.located(self.node("position", position.key), position.origin)
        t = self.t
        t.add(node, A, _position_type(position.title))
        t.text(node, rdfs.label, position.title)
        org = self.org(position.organisation)
        for party in (self.me, org):
            t.add(node, vivo.relates, party)
            t.add(party, vivo.relatedBy, node)
        self.interval(node, "position", position.key, position.start, position.end)

    def education(self, education) -> None:
        node = self.located(self.node("education", education.key), education.origin)
        t = self.t
        org = self.org(education.organisation)
        t.add(node, A, vivo.EducationalProcess)
        t.text(node, rdfs.label, education.role if education.kind == "visiting" else None)
        for party in (self.me, org):
            t.add(node, obo.RO_0000057, party)
            t.add(party, obo.RO_0000056, node)
        t.text(node, vivo.majorField, education.field)
        t.text(node, vivo.departmentOrSchool, education.department)
        self.interval(node, "education", education.key, education.start, education.end)
        if education.degree:
            degree = self.located(self.node("degree", education.key), education.origin)
            t.add(degree, A, vivo.AwardedDegree)
            t.text(degree, rdfs.label, education.degree)
            t.add(degree, vivo.relates, self.me)
            t.add(self.me, vivo.relatedBy, degree)
            if education.degree in DEGREES:
                t.add(degree, vivo.relates, iri(DEGREE_NS + DEGREES[education.degree]))
            t.add(degree, vivo.assignedBy, org)
            t.add(org, vivo.assigns, degree)
            t.add(node, obo.RO_0002234, degree)
            t.add(degree, obo.RO_0002353, node)
        for kind, people in (("advising", education.advisors), ("mentoring", education.mentors)):
            for rank, person in enumerate(people, 1):
                relation = self.node(kind, f"{education.key}-{rank}")
                t.add(relation, A, vivo.AdvisingRelationship)
                t.text(relation, rdfs.label, "Advisor" if kind == "advising" else "Mentor")
                for party in (self.me, self.person_node(person)):
                    t.add(relation, vivo.relates, party)
                    t.add(party, vivo.relatedBy, relation)

    # --- works ---------------------------------------------------------------------

    def work(self, work: Work) -> None:
        node = self.located(iri(self.iris.work(work.key)), work.origin)
        t = self.t
        t.add(node, A, WORK_TYPES.get(work.type, bibo.Document))
        t.text(node, rdfs.label, work.title)
        t.add(node, bibo.status, STATUS.get(work.status))
        t.add(node, vivo.dateTimeValue, self.date(work.published))
        if work.date_end:  # a range (software 2003/2015): an interval, as positions have, and no one date
            self.interval(node, "work", work.key, work.date, work.date_end)
        if work.doi:
            t.text(node, bibo.doi, work.doi)
            t.add(node, owl.sameAs, iri(id_url("doi", work.doi)))
        if work.arxiv:
            t.add(node, owl.sameAs, iri(work.arxiv.abs_url))
        url = work.url or (work.arxiv.abs_url if work.arxiv else None)
        if url:
            t.add(node, bibo.uri, literal(url, XSD + "anyURI"))
        for predicate, value in ((bibo.volume, work.volume), (bibo.issue, work.issue), (bibo.pageStart, work.first_page),
                                 (bibo.pageEnd, work.last_page), (bibo.number, work.article_number),
                                 (bibo.pmid, work.pmid), (bibo.abstract, work.abstract)):
            t.text(node, predicate, value)
        if work.isbn:
            t.text(node, bibo.isbn13 if len(work.isbn) == 13 else bibo.isbn10, work.isbn)
        for keyword in work.keywords:
            t.text(node, vivo.freetextKeyword, keyword)
        if work.venue:
            venue = iri(self.iris.shared("venue", slugify(work.venue.name)))
            t.add(venue, A, VENUE_TYPES.get(work.type, bibo.Collection))
            t.text(venue, rdfs.label, work.venue.name)
            t.text(venue, vivo.abbreviation, work.venue.short)
            t.text(venue, bibo.issn, work.venue.issn or work.issn)
            t.add(node, vivo.hasPublicationVenue, venue)
            t.add(venue, vivo.publicationVenueFor, node)
        for rank, author in enumerate(work.authors, 1):
            authorship = self.located(_part(node, f"authorship-{rank}"), work.origin)
            person = self.person_node(author.person)
            t.add(authorship, A, vivo.Authorship)
            t.add(authorship, vivo.rank, integer(rank))
            t.add(authorship, vivo.relates, node)
            t.add(authorship, vivo.relates, person)
            t.add(node, vivo.relatedBy, authorship)
            t.add(person, vivo.relatedBy, authorship)
            if author.equal_contribution:
                t.add(authorship, cvld.equalContribution, literal(True))
            if author.corresponding:
                t.add(authorship, vivo.isCorrespondingAuthor, literal(True))

    def funding(self, work: Work) -> None:
        node = iri(self.iris.work(work.key))
        for key in work.funding:
            grant = iri(self.iris.grant(key))
            self.t.add(node, vivo.informationResourceSupportedBy, grant)
            self.t.add(grant, vivo.supportedInformationResource, node)

    # --- talks, teaching, service -------------------------------------------------------------

    def role(self, node: str, kind: str, label: str) -> None:
        self.t.add(node, A, kind)
        self.t.text(node, rdfs.label, label)
        self.t.add(node, obo.RO_0000052, self.me)
        self.t.add(self.me, obo.RO_0000053, node)

    def talk(self, talk) -> None:
        t = self.t
        for number, given in enumerate(talk.given, 1):
            key = f"{talk.key}-{number}"
            node = self.located(self.node("talk", key), given.origin)
            role = self.located(self.node("presenter", key), given.origin)
            t.add(node, A, vivo.InvitedTalk)
            t.text(node, rdfs.label, talk.title)
            self.role(role, vivo.PresenterRole, "Invited speaker")
            t.add(role, obo.BFO_0000054, node)
            t.add(node, obo.BFO_0000055, role)
            self.interval(role, "talk", key, given.date, None)
            if given.url:
                t.add(node, bibo.uri, literal(given.url, XSD + "anyURI"))
            if given.event or given.host:
                event = self.node("event", key)
                t.add(event, A, _event_type(given.event or ""))
                t.text(event, rdfs.label, given.event or f"Talk at {given.host.name}")
                t.add(node, obo.BFO_0000050, event)
                t.add(event, obo.BFO_0000051, node)
                host = self.org(given.host)
                t.add(event, obo.RO_0000057, host)
                if host:
                    t.add(host, obo.RO_0000056, event)

    def teaching(self, teaching) -> None:
        t = self.t
        course = self.located(self.node("course", teaching.key), teaching.origin)
        role = self.located(self.node("teacher", teaching.key), teaching.origin)
        t.add(course, A, vivo.Course)
        t.text(course, rdfs.label, f"{teaching.code} {teaching.course}" if teaching.code else teaching.course)
        self.role(role, vivo.TeacherRole, role_label(TEACHING_ROLES, teaching.role))
        t.add(role, obo.BFO_0000054, course)
        t.add(course, obo.BFO_0000055, role)
        t.add(role, vivo.roleContributesTo, self.org(teaching.organisation))
        start = teaching.start or (teaching.term.start if teaching.term else None)
        end = teaching.end or (teaching.term.end if teaching.term else None)
        self.interval(role, "teaching", teaching.key, start, end)

    def service(self, service) -> None:
        t = self.t
        kind, label = SERVICE_ROLES.get(service.role, (vivo.MemberRole, service.role))
        role = self.located(self.node("service", service.key), service.origin)
        self.role(role, kind, label)
        venue = iri(self.iris.shared("venue", slugify(service.venue_full or service.venue)))
        t.text(venue, rdfs.label, service.venue_full or service.venue)
        if service.venue_full:
            t.text(venue, vivo.abbreviation, service.venue)
        if service.kind == "conference":
            t.add(venue, A, bibo.Conference)
            t.add(role, obo.BFO_0000054, venue)
            t.add(venue, obo.BFO_0000055, role)
        else:
            t.add(venue, A, bibo.Journal if service.kind == "journal" else foaf.Organization)
            t.add(role, vivo.roleContributesTo, venue)
            t.add(venue, vivo.contributingRole, role)
        self.interval(role, "service", service.key, service.start, service.end)

    # --- awards, grants, supervision, memberships ---------------------------------------------

    def relate(self, relationship: str, *parties: str | None) -> None:
        for party in parties:
            if party is not None:
                self.t.add(relationship, vivo.relates, party)
                self.t.add(party, vivo.relatedBy, relationship)

    def award(self, award: Award) -> None:
        """A vivo:AwardReceipt relating the owner and the vivo:Award, assigned by the awarding organisation."""
        t = self.t
        receipt = self.located(self.node("award-receipt", award.key), award.origin)
        prize = iri(self.iris.shared("award", slugify(f"{award.organisation.key if award.organisation else ''} "
                                                       f"{award.name}")))
        t.add(receipt, A, vivo.AwardReceipt)
        t.text(receipt, rdfs.label, award.name)
        t.add(prize, A, vivo.Award)
        t.text(prize, rdfs.label, award.name)
        self.relate(receipt, self.me, prize)
        org = self.org(award.organisation)
        t.add(receipt, vivo.assignedBy, org)
        if org:
            t.add(org, vivo.assigns, receipt)
        t.add(receipt, vivo.dateTimeValue, self.date(award.date))
        t.text(receipt, vivo.description, award.description)
        if award.url:
            t.add(receipt, bibo.uri, literal(award.url, XSD + "anyURI"))
        # an award's amount has no VIVO term (vivo:totalAwardAmount is a grant's or contract's)

    def grant(self, grant: Grant) -> None:
        """The owner's investigator role related by the vivo:Grant; the grant itself (title, funder, award
        number, amount, dates) is described by one member of a department (:meth:`Member.describes_grant`)."""
        t = self.t
        node = self.located(iri(self.iris.grant(grant.key)), grant.origin)
        role = self.located(self.node("grant-role", grant.key), grant.origin)
        self.role(role, GRANT_ROLE_CLASSES[grant.role], role_label(GRANT_ROLES, grant.role))
        self.relate(node, role, self.me)
        self.interval(role, "grant-role", grant.key, grant.start, grant.end)
        if not self.member.describes_grant(grant.key):
            return
        t.add(node, A, vivo.Grant)
        t.text(node, rdfs.label, grant.title)
        funder = self.org(grant.funder)
        t.add(node, vivo.assignedBy, funder)
        t.add(funder, vivo.assigns, node)
        t.text(node, vivo.sponsorAwardId, grant.award_number)
        if grant.amount:
            t.add(node, vivo.totalAwardAmount, literal(grant.amount.value, XSD + "decimal"))
            t.text(node, cvld.currency, grant.amount.currency)
        if grant.url:
            t.add(node, bibo.uri, literal(grant.url, XSD + "anyURI"))
        self.interval(node, "grant", grant.key, grant.start, grant.end)

    def supervision(self, supervision: Supervision) -> None:
        """A vivo:AdvisingRelationship relating the owner's vivo:AdvisorRole and the person's vivo:AdviseeRole."""
        t = self.t
        key = supervision.key
        relation = self.located(self.node("advising", f"supervision-{key}"), supervision.origin)
        advisor = self.located(self.node("advisor", key), supervision.origin)
        advisee = self.located(self.node("advisee", key), supervision.origin)
        person = self.person_node(supervision.person)
        t.add(relation, A, vivo.AdvisingRelationship)
        t.add(relation, A, ADVISING_CLASSES.get(supervision.level))
        t.text(relation, rdfs.label, f"{self.cv.owner.name} advising {supervision.person.name} "
                                     f"({SUPERVISION_LEVELS[supervision.level]})")
        t.text(relation, vivo.description, supervision_text(supervision))
        self.role(advisor, vivo.AdvisorRole, role_label(SUPERVISION_ROLES, supervision.role))
        t.add(advisee, A, vivo.AdviseeRole)
        t.text(advisee, rdfs.label, role_label(SUPERVISION_LEVELS, supervision.level))
        t.add(advisee, obo.RO_0000052, person)
        t.add(person, obo.RO_0000053, advisee)
        self.relate(relation, advisor, advisee, self.me, person)
        self.interval(relation, "supervision", key, supervision.start, supervision.end)

    def membership(self, membership: Membership) -> None:
        """A vivo:MemberRole of the owner that contributes to the organisation."""
        t = self.t
        role = self.located(self.node("membership", membership.key), membership.origin)
        self.role(role, vivo.MemberRole, membership.role or "Member")
        org = self.org(membership.organisation)
        t.add(role, vivo.roleContributesTo, org)
        t.add(org, vivo.contributingRole, role)
        self.interval(role, "membership", membership.key, membership.start, membership.end)


def _part(node: str, name: str) -> str:
    """A node that belongs to another, named after it: ``<...#me-vcard>``, ``<.../work/k/authorship-1>``."""
    value = node[1:-1]
    return iri(f"{value}-{name}" if "#" in value else f"{value}/{name}")


_ORG_WORDS = ((("university", "college"), vivo.University), (("institute", "laboratory"), vivo.Institute))
_POSITION_WORDS = ((("postdoc",), vivo.PostdocPosition), (("professor", "lecturer"), vivo.FacultyPosition))
_EVENT_WORDS = ((("workshop",), bibo.Workshop), (("conference", "symposium", "congress"), bibo.Conference),
                (("seminar",), vivo.SeminarSeries))


def _by_words(text: str, table, default: str) -> str:
    """The class of the first row of ``table`` whose words occur in ``text`` (a name or a title)."""
    lowered = text.lower()
    for words, kind in table:
        if any(word in lowered for word in words):
            return kind
    return default


def _org_type(name: str) -> str:
    return _by_words(name, _ORG_WORDS, foaf.Organization)


def _position_type(title: str) -> str:
    return _by_words(title, _POSITION_WORDS, vivo.Position)


def _event_type(name: str) -> str:
    return _by_words(name, _EVENT_WORDS, vivo.Meeting)

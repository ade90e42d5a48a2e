"""The canonical CV model: typed, checked objects. Exporters read only these.

Every entity keeps ``origin``, the place in the input it came from, so that any
later finding (a target that cannot hold a value, a SHACL violation) can name it.

Each class is a frozen, slotted dataclass (``dataclasses.fields``, ``replace`` and ``asdict`` work)
made by ``@record(frozen=True, slots=True)`` from methods generated ahead of time: after changing a
class's fields here, run ``python -m cvld.core.records_source`` (cvld.core.recordtype says why).
"""

from __future__ import annotations

from dataclasses import field as _field

from cvld.model.dates import PartialDate, Term
from cvld.core.diagnostics import Location
from cvld.model.ids import ArxivId
from cvld.core.recordtype import record

NOWHERE = Location("")


# A work's typed links, in the order the pages show them.
LINK_KINDS = ("code", "slides", "video", "poster", "data", "project", "blog")


@record(frozen=True, slots=True)
class Address:
    """A postal address; every part optional."""

    street: str | None = None
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


@record(frozen=True, slots=True)
class Profile:
    """The owner's account on a network (GitHub, Google Scholar, ...)."""

    network: str
    url: str
    username: str | None = None


@record(frozen=True, slots=True)
class Organisation:
    """An organisation the CV names (an employer, a host, a funder), with its identifiers."""

    key: str
    name: str
    department: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    ror: str | None = None
    ringgold: str | None = None
    grid: str | None = None
    url: str | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)
    crossref_funder: str | None = None  # a Crossref Funder ID, 10.13039/NNNNNNNNN


@record(frozen=True, slots=True)
class Person:
    """A person named in the CV: the owner or anyone else (co-author, advisor, mentor)."""

    key: str
    name: str
    given_name: str | None = None
    family_name: str | None = None
    additional_name: str | None = None
    other_names: tuple[str, ...] = ()
    orcid: str | None = None
    homepage: str | None = None
    affiliation: Organisation | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Owner(Person):
    """The person whose CV this is."""

    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    email: str | None = None
    phone: str | None = None
    image: str | None = None
    address: Address | None = None
    profiles: tuple[Profile, ...] = ()
    interests: tuple[str, ...] = ()
    bio: str | None = None


@record(frozen=True, slots=True)
class Author:
    """A work's author: the person and the marks the CV's legend explains."""

    person: Person
    equal_contribution: bool = False
    corresponding: bool = False


@record(frozen=True, slots=True)
class Venue:
    """Where a work appeared: a journal, proceedings or publisher."""

    name: str
    short: str | None = None
    publisher: str | None = None
    issn: str | None = None
    isbn: str | None = None


# a work's status other than "published" -> its words on a page and in schema.org's creativeWorkStatus;
# the set follows BibLaTeX's pubstate (inpreparation, submitted, forthcoming, inpress, prepublished),
# with in-review apart from submitted as CVs say it, and a preprint as cvld already had it
WORK_STATUS = {"preprint": "Preprint", "in-preparation": "In preparation", "submitted": "Submitted",
               "in-review": "In review", "accepted": "Accepted", "in-press": "In press"}


@record(frozen=True, slots=True)
class Work:
    """A publication, preprint, piece of software or other work of the CV."""

    key: str
    type: str
    title: str
    authors: tuple[Author, ...]
    date: PartialDate | None  # None: undated; with date_end, the start of a range
    status: str = "published"
    venue: Venue | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    doi: str | None = None
    arxiv: ArxivId | None = None
    isbn: str | None = None
    issn: str | None = None
    pmid: str | None = None
    url: str | None = None
    pdf: str | None = None
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    version_of: str | None = None
    note: str | None = None
    authors_incomplete: bool = False  # the list names only the first authors ("and others")
    image: str | None = None
    updated: PartialDate | None = None
    selected: bool = False
    links: tuple[tuple[str, str], ...] = ()  # (kind, url) in LINK_KINDS order
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)
    funding: tuple[str, ...] = ()  # keys of the CV's grants that funded the work
    date_end: PartialDate | None = None  # the end of a range (software 2003/2015)

    @property
    def published(self) -> PartialDate | None:
        """The one date the work appeared, if it has one: None for an undated work and for a range."""
        return self.date if self.date_end is None else None

    @property
    def year(self) -> int | None:
        """The year the work is listed under: its date's, a range's last; None when undated."""
        latest = self.date_end or self.date
        return latest.year if latest else None

    @property
    def first_page(self) -> str | None:
        return self.pages.replace("\u2013", "-").split("-")[0].strip() if self.pages else None

    @property
    def last_page(self) -> str | None:
        if not self.pages:
            return None
        parts = self.pages.replace("\u2013", "-").replace("--", "-").split("-")
        return parts[-1].strip() if len(parts) > 1 else None


@record(frozen=True, slots=True)
class Education:
    """A degree or a visit as a student."""

    key: str
    kind: str  # "degree" or "visiting"
    organisation: Organisation
    start: PartialDate
    end: PartialDate | None = None
    current: bool = False
    degree: str | None = None
    field: str | None = None
    role: str | None = None
    department: str | None = None
    advisors: tuple[Person, ...] = ()
    mentors: tuple[Person, ...] = ()
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Position:
    """An employment or a visiting position."""

    key: str
    title: str
    kind: str  # "employment" or "visiting"
    organisation: Organisation
    start: PartialDate
    end: PartialDate | None = None
    current: bool = False
    department: str | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class TalkOccurrence:
    """One time a talk was given."""

    date: PartialDate
    event: str | None = None
    host: Organisation | None = None
    place: str | None = None
    virtual: bool = False
    url: str | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Talk:
    """A talk, with each time it was given."""

    key: str
    title: str
    given: tuple[TalkOccurrence, ...]
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


# the words every target uses for a teaching or service role (lower case; a target that
# starts a sentence or a label with one capitalises it)
TEACHING_ROLES = {
    "instructor": "instructor",
    "co-instructor": "co-instructor",
    "teaching-assistant": "teaching assistant",
    "guest-lecturer": "guest lecturer",
}
SERVICE_ROLES = {
    "reviewer": "reviewer",
    "editor": "editor",
    "associate-editor": "associate editor",
    "guest-editor": "guest editor",
    "program-committee": "program committee member",
    "area-chair": "area chair",
    "organiser": "organiser",
    "chair": "chair",
}


def role_label(table: dict[str, str], role: str) -> str:
    """A role's words from ``table``, capitalised (``Program committee member``); an unknown
    role stands as written."""
    return table[role].capitalize() if role in table else role


@record(frozen=True, slots=True)
class Teaching:
    """A course or other teaching, in a TEACHING_ROLES role."""

    key: str
    role: str
    course: str
    kind: str = "course"
    organisation: Organisation | None = None
    code: str | None = None
    term: Term | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    current: bool = False
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Service:
    """Service to the field: reviewing, editing, a committee, in a SERVICE_ROLES role."""

    key: str
    role: str
    venue: str
    venue_full: str | None = None
    kind: str | None = None
    organisation: Organisation | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    current: bool = False
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)
    role_title: str | None = None


# the words every target uses for a grant role, a supervised person's level and the owner's part in
# the supervision (lower case, as TEACHING_ROLES; a target capitalises them with role_label)
GRANT_ROLES = {
    "pi": "principal investigator",
    "co-pi": "co-principal investigator",
    "participant": "participant",
}
SUPERVISION_LEVELS = {
    "phd": "doctoral student",
    "masters": "master's student",
    "bachelors": "bachelor's student",
    "postdoc": "postdoctoral researcher",
    "visitor": "visiting researcher",
}
SUPERVISION_ROLES = {
    "advisor": "advisor",
    "co-advisor": "co-advisor",
}


@record(frozen=True, slots=True)
class Amount:
    """A sum of money in one currency."""

    value: str  # decimal digits as written, canonical ("250000", "1500.50"); never a float
    currency: str  # ISO 4217 code, upper case ("EUR", "USD")


@record(frozen=True, slots=True)
class Award:
    """An award, prize or honour."""

    key: str
    name: str
    organisation: Organisation | None = None
    date: PartialDate | None = None
    amount: Amount | None = None
    url: str | None = None
    description: str | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Grant:
    """A grant the owner holds or held, in a GRANT_ROLES role."""

    key: str
    title: str
    funder: Organisation
    role: str  # a GRANT_ROLES key
    award_number: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    current: bool = False
    amount: Amount | None = None
    url: str | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Supervision:
    """A person the owner supervises or supervised."""

    key: str
    person: Person
    level: str  # a SUPERVISION_LEVELS key
    role: str  # a SUPERVISION_ROLES key
    start: PartialDate | None = None
    end: PartialDate | None = None
    current: bool = False
    organisation: Organisation | None = None
    thesis_title: str | None = None
    current_position: str | None = None
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Membership:
    """A membership of an organisation."""

    key: str
    organisation: Organisation
    role: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    current: bool = False
    origin: Location = _field(default=NOWHERE, compare=False, repr=False)


@record(frozen=True, slots=True)
class Legend:
    """What the CV's marks for equal contribution and the corresponding author say."""

    equal_contribution: str | None = None
    corresponding: str | None = None


@record(frozen=True, slots=True)
class CV:
    """One person's CV: the owner, the people and organisations named, and each section."""

    source: str
    owner: Owner
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    education: tuple[Education, ...] = ()
    positions: tuple[Position, ...] = ()
    works: tuple[Work, ...] = ()
    talks: tuple[Talk, ...] = ()
    teaching: tuple[Teaching, ...] = ()
    service: tuple[Service, ...] = ()
    legend: Legend = Legend()
    updated: PartialDate | None = None
    awards: tuple[Award, ...] = ()
    grants: tuple[Grant, ...] = ()
    supervision: tuple[Supervision, ...] = ()
    memberships: tuple[Membership, ...] = ()

    @property
    def coauthors(self) -> list[Person]:
        """Distinct people other than the owner who appear as authors, in first-seen order."""
        seen: dict[str, Person] = {}
        for work in self.works:
            for author in work.authors:
                if author.person.key != self.owner.key:
                    seen.setdefault(author.person.key, author.person)
        return list(seen.values())

    @property
    def current_positions(self) -> list[Position]:
        return [p for p in self.positions if p.current]

    def work(self, key: str) -> Work:
        for work in self.works:
            if work.key == key:
                return work
        raise KeyError(key)

    def grant(self, key: str) -> Grant:
        for grant in self.grants:
            if grant.key == key:
                return grant
        raise KeyError(key)

"""ORCID v3.0 vocabularies that ORCID's XSDs leave as plain ``xs:string``.

The API checks these values against Java enums and its identifier registry; the
XSD does not, so cvld keeps its own copy and checks them offline.

Sources (facts copied, not code):

* work types, citation types, relationships, contributor roles and sequences,
  language codes: ORCID's ``orcid-model`` repository, commit
  ``0f61fa681c8e2287f390631644906c8631b5fa6c`` (2025-08-26): ``WorkType.java``,
  ``CitationType.java``, ``Relationship.java``, ``SequenceType.java``,
  ``ContributorRole.java``, ``LanguageCode.java``, and the documentation of the
  matching simple types in ``common-3.0.xsd`` (the offline copy is described in
  ``shared/orcid/README.md``).
* external-id types: ORCID's identifier registry, the list the API serves at
  ``https://pub.orcid.org/v3.0/identifiers``. The registry grows now and then, so a
  type missing here is reported as a warning, not an error.
* funding types and funding contributor roles: ``FundingType.java`` and
  ``FundingContributorRole.java`` (orcid-model), and the documentation of the
  ``funding-type`` and ``contributor-role`` simple types in ``funding-3.0.xsd``.
* disambiguation sources: ORCID-Source ``OrgDisambiguatedSourceType.java``; the form of
  a FUNDREF identifier (``http://dx.doi.org/10.13039/...``) is the one ORCID's own
  records and samples (``funding-3.0.xml``) carry.
* country codes: ISO 3166-1 alpha-2 (the ``iso3166`` package), plus ``XK`` (Kosovo),
  which ORCID's ``Iso3166Country`` enum also accepts.
"""

from __future__ import annotations

from cvld.model.ids import id_url  # cvld gives an external id the URL model.ids gives it (None for ISBN)

# --- namespaces -------------------------------------------------------------------------

ORCID_NS = "http://www.orcid.org/ns/"
COMMON = ORCID_NS + "common"
WORK = ORCID_NS + "work"
BULK = ORCID_NS + "bulk"
ERROR = ORCID_NS + "error"
ACTIVITIES = ORCID_NS + "activities"
FUNDING = ORCID_NS + "funding"
# the prefixes ORCID's documents use for them (affiliation sections use their own name)
PREFIXES = {COMMON: "common", WORK: "work", BULK: "bulk", ERROR: "error", ACTIVITIES: "activities",
            FUNDING: "funding"}


def section_namespace(section: str) -> str:
    """The namespace of an ORCID section's document (``work``, ``education``, ``service`` ...)."""
    return ORCID_NS + section


# ORCID takes at most this many works in one ``bulk:bulk`` document (one POST /works)
BULK_LIMIT = 100

# a work with no ``self`` id gets the ``source-work-id`` ``cvld:<key>``
SOURCE_WORK_ID_PREFIX = "cvld:"

# --- cvld's work types and ORCID's ----------------------------------------------------------

# CV work type -> ORCID work type (what the writer writes)
ORCID_WORK_TYPE = {
    "journal-article": "journal-article",
    "conference-paper": "conference-paper",
    "workshop-paper": "conference-paper",
    "preprint": "preprint",
    "thesis": "dissertation-thesis",
    "book": "book",
    "book-chapter": "book-chapter",
    "edited-book": "edited-book",
    "report": "report",
    "dataset": "data-set",
    "software": "software",
    "poster": "conference-poster",
    "presentation": "lecture-speech",
    "other": "other",
}

# ORCID work type -> CV work type (what both readers, XML and JSON, read): the inverse of
# the writer's table, plus the ORCID types that have a near CV counterpart. ORCID's JSON
# may spell a type in capitals with '_' (``JOURNAL_ARTICLE``): see :func:`cv_work_type`.
CV_WORK_TYPE = {orcid: cv for cv, orcid in ORCID_WORK_TYPE.items() if cv != "workshop-paper"} | {
    "dissertation": "thesis",  # ORCID 2.x's name of dissertation-thesis
    "working-paper": "report",
    "conference-abstract": "conference-paper",
    "conference-presentation": "presentation",
}


def cv_work_type(orcid_type: str) -> str | None:
    """The CV work type of an ORCID work type (either spelling), or None when there is none."""
    return CV_WORK_TYPE.get(orcid_type.strip().lower().replace("_", "-"))


# --- ORCID's own vocabularies ---------------------------------------------------------------

WORK_TYPES = frozenset("""
annotation artistic-performance blog-post book-chapter book-review book cartographic-material clinical-study
conference-abstract conference-output conference-paper conference-poster conference-presentation
conference-proceedings data-management-plan data-set design dictionary-entry disclosure dissertation-thesis
edited-book encyclopedia-entry image invention journal-article journal-issue learning-object lecture-speech
license magazine-article manual moving-image musical-composition newsletter-article newspaper-article
online-resource other patent physical-object preprint public-speech registered-copyright report
research-technique research-tool review software sound spin-off-company standards-and-policy
supervised-student-publication technical-standard test trademark transcription translation website
working-paper undefined
""".split())

CITATION_TYPES = frozenset("""
formatted-unspecified bibtex formatted-apa formatted-harvard formatted-ieee formatted-mla
formatted-vancouver formatted-chicago ris
""".split())

RELATIONSHIPS = frozenset({"self", "part-of", "version-of", "funded-by"})

CONTRIBUTOR_SEQUENCES = frozenset({"first", "additional"})

CREDIT_ROLE_BASE = "http://credit.niso.org/contributor-roles/"

CONTRIBUTOR_ROLES = frozenset("""
author assignee editor chair-or-translator co-investigator co-inventor graduate-student other-inventor
principal-investigator postdoctoral-researcher support-staff
""".split()) | frozenset(CREDIT_ROLE_BASE + slug + "/" for slug in """
conceptualization data-curation formal-analysis funding-acquisition investigation methodology
project-administration resources software supervision validation visualization writing-original-draft
writing-review-editing
""".split())

EXTERNAL_ID_TYPES = frozenset("""
agr ark arxiv asin asin-tld authenticusid bibcode cba cienciaiul cit cstr ctx dnb doi eid emdb empiar ethos
grant_number hal handle hir isbn ismn issn jfm jstor k10 kuid lccn lensid mr oclc ol osti other-id pat pdb pmc
pmid ppr proposal-id rfc rrid source-work-id ssrn swh uri urn w3id wosuid zbl
""".split())

DISAMBIGUATION_SOURCES = frozenset({"ROR", "RINGGOLD", "GRID", "FUNDREF", "LEI"})

# a Crossref Funder ID (``10.13039/501100000780``) as ORCID's FUNDREF identifier
FUNDREF_ID_BASE = "http://dx.doi.org/"

# --- fundings ---------------------------------------------------------------------------

FUNDING_TYPES = frozenset({"grant", "contract", "award", "salary-award"})

# the funding contributor roles of ORCID's FundingContributorRole (the CRediT role URIs
# are taken for fundings too)
FUNDING_CONTRIBUTOR_ROLES = frozenset({"lead", "co-lead", "supported-by", "other-contribution"}) | frozenset(
    role for role in CONTRIBUTOR_ROLES if role.startswith(CREDIT_ROLE_BASE))

# the CV's grant role (model.records.GRANT_ROLES) -> ORCID's funding contributor role
FUNDING_ROLE = {"pi": "lead", "co-pi": "co-lead", "participant": "supported-by"}
# ORCID's funding contributor role -> the CV's grant role (the inverse, plus ORCID's
# other-contribution and CRediT's supervision, which ORCID itself reads as lead)
GRANT_ROLE = {orcid: cv for cv, orcid in FUNDING_ROLE.items()} | {
    "other-contribution": "participant",
    CREDIT_ROLE_BASE + "supervision/": "pi",
}


def grant_role(orcid_role: str) -> str | None:
    """The CV grant role of an ORCID funding contributor role (either spelling: ``co-lead``,
    ``CO_LEAD``), or None when there is none."""
    text = orcid_role.strip()
    return GRANT_ROLE.get(text if text.startswith(CREDIT_ROLE_BASE) else text.lower().replace("_", "-"))

LANGUAGE_CODES = frozenset("""
ab aa af ak sq am ar an hy as av ae ay az bm ba eu be bn bh bi bs br bg my ca ch ce zh_CN zh_TW cu cv kw co cr
hr cs da dv nl dz en eo et ee fo fj fi fr fy ff gl lg ka de el kl gn gu ht ha iw hz hi ho hu is io ig in ia ie iu
ik ga it ja jv kn kr ks kk km ki rw ky kv kg ko ku kj lo la lv li ln lt lu lb mk mg ms ml mt gv mi mr mh mo mn na
nv ng ne nd se no nb nn ny oc oj or om os pi pa fa pl pt ps qu rm ro rn ru sm sg sa sc gd sr sn ii sd si sk sl so
nr st es su sw ss sv tl ty tg ta tt te th bo ti to ts tn tr tk tw ug uk ur uz ve vi vo wa cy wo xh ji yo za zu
""".split())

# Length limits that the XSD sets (element local name -> maximum characters).
MAX_LENGTHS = {
    "title": 1000,
    "subtitle": 1000,
    "translated-title": 1000,
    "journal-title": 1000,
    "credit-name": 150,
    "short-description": 5000,
    "department-name": 4000,
    "role-title": 4000,
    "name": 4000,
    "city": 4000,
    "region": 4000,
}

YEAR_RANGE = (1900, 2100)


def is_country(code: str) -> bool:
    from iso3166 import countries_by_alpha2

    return code in countries_by_alpha2 or code == "XK"

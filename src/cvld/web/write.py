"""The homepage: a ``<head>`` snippet, a static site with one page per paper, a sitemap.

What each page says to machines is built here as plain data (lists of ``(name, content)``
meta tags and JSON-LD documents from :mod:`cvld.jsonld.write`); the jinja2 templates
in ``templates/web/`` lay it out. Autoescaping is on for every template, and JSON-LD is
embedded through :func:`script_json`, so no value from a CV can end an element early.

Tags follow their consumers' documentation: Open Graph (ogp.me, with the ``profile`` and
``article`` types), the Twitter/X card, and the Highwire Press ``citation_*`` tags that
Google Scholar's inclusion guidelines list (:data:`HIGHWIRE_TAGS`).
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from cvld.core.recordtype import record
from cvld.bibtex.write import dumps_entry, join_entries
from cvld.model.dates import PartialDate
from cvld.model.ids import id_url, orcid_url
from cvld.core.diagnostics import Report
from cvld.core.diagnostics import UsageError
from cvld.model.iris import Iris, paper_folder
from cvld.model.records import (CV, GRANT_ROLES, SERVICE_ROLES, SUPERVISION_LEVELS, SUPERVISION_ROLES, TEACHING_ROLES,
                                WORK_STATUS, Amount, Organisation, Person, Work)
from cvld.core.cache import user_cache_dir
from cvld.core.resources import TEMPLATES_DIR
from cvld.jsonld.write import build_jsonld, dumps_jsonld, report_number, work_jsonld

# The Highwire Press tags Google Scholar documents, and no others.
HIGHWIRE_TAGS = (
    "citation_title", "citation_author", "citation_publication_date", "citation_online_date",
    "citation_journal_title", "citation_conference_title", "citation_issn", "citation_isbn",
    "citation_volume", "citation_issue", "citation_firstpage", "citation_lastpage", "citation_pdf_url",
    "citation_dissertation_institution", "citation_technical_report_institution",
    "citation_technical_report_number", "citation_inbook_title", "citation_publisher", "citation_doi",
    "citation_arxiv_id",
)
# work type -> the Highwire tag naming where it appeared
VENUE_TAGS = {
    "journal-article": "citation_journal_title",
    "conference-paper": "citation_conference_title",
    "workshop-paper": "citation_conference_title",
    "thesis": "citation_dissertation_institution",
    "report": "citation_technical_report_institution",
    "book-chapter": "citation_inbook_title",
}
_PUBLISHER_TYPES = {"book", "edited-book", "book-chapter"}
# work type -> what a citation calls it, where the type is not told by the venue
WORK_KINDS = {"thesis": "PhD thesis", "report": "Technical report", "poster": "Poster", "presentation": "Slides",
              "dataset": "Dataset", "software": "Software", "edited-book": "Edited book"}
_ISSN_TYPES = {"journal-article"}
_ISBN_TYPES = {"book", "edited-book", "book-chapter", "conference-paper", "workshop-paper"}

# what a profile link's label is normalised to (lower case, letters and digits) -> the service's name
SERVICE_NAMES = {
    "googlescholar": "Google Scholar", "scholar": "Google Scholar", "github": "GitHub", "gitlab": "GitLab",
    "twitter": "X (Twitter)", "x": "X (Twitter)", "mastodon": "Mastodon", "bluesky": "Bluesky",
    "linkedin": "LinkedIn", "researchgate": "ResearchGate", "orcid": "ORCID", "dblp": "dblp",
    "semanticscholar": "Semantic Scholar", "openreview": "OpenReview", "arxiv": "arXiv", "scopus": "Scopus",
    "webofscience": "Web of Science", "publons": "Publons", "youtube": "YouTube", "zotero": "Zotero",
    "osf": "OSF", "figshare": "figshare", "zenodo": "Zenodo", "huggingface": "Hugging Face",
    "kaggle": "Kaggle", "stackoverflow": "Stack Overflow", "inspirehep": "INSPIRE-HEP", "ssrn": "SSRN",
    "academia": "Academia.edu", "academiaedu": "Academia.edu", "impactstory": "Impactstory",
    "threads": "Threads", "instagram": "Instagram", "facebook": "Facebook", "blog": "Blog",
}
# a work's typed links -> the button's label
LINK_LABELS = {"code": "Code", "slides": "Slides", "video": "Video", "poster": "Poster", "data": "Data",
               "project": "Project", "blog": "Blog"}
CITE_FILE = "cite.bib"

EQUAL_MARK = "*"
CORRESPONDING_MARK = "\u2020"
DEFAULT_EQUAL_LEGEND = "* indicates equal contribution."
DEFAULT_CORRESPONDING_LEGEND = "\u2020 indicates the corresponding author."
DESCRIPTION_LIMIT = 160
VIEWPORT = "width=device-width, initial-scale=1"  # every site page's viewport meta tag (base.html.j2)
STYLESHEET = "style.css"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HTML_UNSAFE_IN_JSON = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
# a "{" that would open a Liquid ({{ {% {#) or Go template ({{) tag when the snippet is included in a
# Jekyll or Hugo page; in JSON such a brace is always inside a string (a structural one is followed by
# a quote, a brace or a line break)
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")


# --- escaping and formatting (template filters) ----------------------------------------


def script_json(doc: dict) -> Markup:
    """JSON-LD text safe inside ``<script>``: ``<``, ``>`` and ``&`` become ``\\u003c`` etc.

    Those three characters occur in JSON only inside strings, where the escapes mean the
    same characters, so the JSON parses to the same data and no ``</script>`` or ``<!--``
    can appear in the element.
    """
    text = dumps_jsonld(doc).translate(_HTML_UNSAFE_IN_JSON).rstrip("\n")
    return Markup(_TEMPLATE_OPENER.sub(r"\\u007b", text))


def inert(text: str) -> Markup:
    """HTML-escaped text in which no ``{`` can open a Liquid or Go template tag (written ``&#123;``)."""
    return Markup(str(escape(text)).replace("{", "&#123;"))


def show_date(date: PartialDate | None) -> str:
    """``2020``, ``Aug 2020`` or ``15 Aug 2020``: the date at its own precision."""
    if date is None:
        return ""
    if date.month is None:
        return str(date.year)
    month = f"{_MONTHS[date.month - 1]} {date.year}"
    return month if date.day is None else f"{date.day} {month}"


def show_span(work: Work) -> str:
    """A work's date as a citation shows it: ``Aug 2020``, a range ``2003\u20132015``; empty when undated."""
    if work.date_end:
        return f"{show_date(work.date)}\u2013{show_date(work.date_end)}"
    return show_date(work.date)


def highwire_date(date: PartialDate) -> str:
    """``YYYY/MM/DD`` for a full date, else ``YYYY`` (the two forms Google Scholar reads)."""
    if date.day is not None:
        return f"{date.year:04d}/{date.month:02d}/{date.day:02d}"
    return f"{date.year:04d}"


def org_label(org: Organisation | None, department: str | None = None, place: bool = True) -> str:
    """``Department, Organisation, City, Region``: the department and place where known."""
    if org is None:
        return ""
    unit = department or org.department
    parts = [unit] if unit and unit != org.name else []
    parts.append(org.name)
    if place:
        parts += [p for p in (org.city, org.region) if p]
    return ", ".join(parts)


def show_amount(amount: Amount) -> str:
    """``EUR 1,500,000``, ``GBP 1,500.50``: the currency code and the value as written, its thousands grouped."""
    whole, _, fraction = amount.value.partition(".")
    return f"{amount.currency} {int(whole):,}" + (f".{fraction}" if fraction else "")


def citation_name(person: Person) -> str:
    """``Family, Given Middle`` when the parts are known (Google Scholar's example form)."""
    if person.family_name and person.given_name:
        given = " ".join(p for p in (person.given_name, person.additional_name) if p)
        return f"{person.family_name}, {given}"
    return person.name


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters (an ellipsis marks the cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "\u2026"


def service_name(network: str) -> str:
    """The service's own name for a profile link's label (``google-scholar`` -> ``Google Scholar``)."""
    return SERVICE_NAMES.get(re.sub(r"[^a-z0-9]", "", network.lower()), network)


def twitter_handle(cv: CV) -> str | None:
    """``@name`` of the owner's X/Twitter profile: its username, else the first part of its URL's path."""
    for profile in cv.owner.profiles:
        if service_name(profile.network) != SERVICE_NAMES["twitter"]:
            continue
        name = profile.username or urlsplit(profile.url).path.strip("/").split("/")[0]
        name = name.lstrip("@")
        if re.fullmatch(r"[A-Za-z0-9_]{1,15}", name):
            return "@" + name
    return None


def me_links(cv: CV) -> list[str]:
    """The pages that are the owner too (``rel="me"``): ORCID and every profile link."""
    links = [orcid_url(cv.owner.orcid)] if cv.owner.orcid else []
    return links + [p.url for p in cv.owner.profiles if p.url not in links]


def where_shown(work: Work) -> list[tuple[str, str]]:
    """The parts of a work's place of publication, as its citation style shows them: (kind, text).

    Kinds: ``kind`` (PhD thesis, Technical report N, Poster, ...), ``in`` (a chapter's book),
    ``venue``, ``publisher``, ``volume``, ``issue``, ``pages``, ``article`` (an article number,
    never shown as pages).
    """
    venue = work.venue
    parts: list[tuple[str, str]] = []
    kind = WORK_KINDS.get(work.type)
    number = report_number(work)
    if kind:
        parts.append(("kind", f"{kind} {number}" if number else kind))
    if work.type == "book-chapter" and venue:
        parts.append(("in", venue.name))
    elif venue and work.type in ("thesis", "report"):
        parts.append(("venue", venue.name))
    elif venue and work.type not in _PUBLISHER_TYPES:
        short = f" ({venue.short})" if venue.short and venue.short not in venue.name else ""
        parts.append(("venue", venue.name + short))
    if venue and venue.publisher and work.type in _PUBLISHER_TYPES | {"book-chapter"}:
        parts.append(("publisher", venue.publisher))
    elif venue and work.type in _PUBLISHER_TYPES and not venue.publisher:
        parts.append(("publisher", venue.name))
    if work.volume:
        parts.append(("volume", f"vol. {work.volume}"))
    if work.issue and not number:
        parts.append(("issue", f"no. {work.issue}"))
    if work.pages:
        single = "\u2013" not in work.pages and "-" not in work.pages
        parts.append(("pages", f"{'p.' if single else 'pp.'} {work.pages}"))
    if work.article_number and not number:
        parts.append(("article", f"article {work.article_number}"))
    return parts


# the headings of undated works, after the dated years: the nearest to publication first
UNDATED_HEADINGS = ("in-press", "accepted", "in-review", "submitted", "in-preparation", "published")
UNDATED = "Undated"


def publication_groups(cv: CV) -> tuple[list[Work], list[tuple[int, list[Work]]], list[Work],
                                        list[tuple[str, str, list[Work]]]]:
    """(selected works, published works by year newest first, preprints newest first, undated works by
    status: (anchor, heading, works)).

    Within a year the newest come first (dates at their own precision; a year alone counts as
    its start, a range as its end), ties in the CV's order. Selected works head the page and stay in
    their year. Works with no date follow the years under their status (``In preparation``...), or
    ``Undated``; an undated preprint ends the preprints.
    """
    def newest_first(works):
        dated = sorted((w for w in works if w.date), key=lambda w: w.date_end or w.date, reverse=True)  # PartialDate's order
        return dated + [w for w in works if not w.date]

    newest = newest_first(cv.works)
    published = [w for w in newest if w.status != "preprint" and w.date]
    years: dict[int, list[Work]] = {}
    for work in published:
        years.setdefault(work.year, []).append(work)
    undated = []
    for status in UNDATED_HEADINGS:
        works = [w for w in newest if not w.date and w.status == status]
        if works:
            undated.append(("y-" + (status if status != "published" else UNDATED.lower()),
                            WORK_STATUS.get(status, UNDATED), works))
    selected = [w for w in newest if w.selected]
    return selected, list(years.items()), [w for w in newest if w.status == "preprint"], undated


def cite_bib(work: Work) -> str:
    """The work's ``cite.bib``: its entry exactly as in works.bib."""
    return join_entries([dumps_entry(work)])


# --- what the pages say ---------------------------------------------------------------


@record
class Head:
    """Everything in one page's ``<head>`` that machines read."""

    title: str
    description: str
    canonical: str | None
    meta_names: list[tuple[str, str]] = field(default_factory=list)  # <meta name=...> (Twitter, Highwire)
    meta_properties: list[tuple[str, str]] = field(default_factory=list)  # <meta property=...> (Open Graph)
    jsonld: dict | None = None
    stylesheet: str | None = None
    me: list[str] = field(default_factory=list)  # <link rel="me"> (the owner's other pages)


def _is_web(base: str) -> bool:
    return base.startswith(("http://", "https://"))


def _description(cv: CV) -> str:
    """The person's bio, or a sentence made of the current position and the interests."""
    owner = cv.owner
    if owner.bio:
        return " ".join(owner.bio.split())
    current = cv.current_positions
    text = owner.name + (f", {current[0].title} at {current[0].organisation.name}." if current else ".")
    if owner.interests:
        text += " Research: " + " ".join(owner.interests)
    return shorten(text)


def _title(cv: CV) -> str:
    current = cv.current_positions
    return f"{cv.owner.name} \u00b7 {current[0].organisation.name}" if current else cv.owner.name


def _social(cv: CV, title: str, description: str, url: str | None, image: str | None,
            og_type: str) -> tuple[list, list]:
    """Open Graph properties and the Twitter/X card for a page titled ``title`` (what a link preview shows).

    The site is the person's (``og:site_name``); the card's creator is their X/Twitter profile.
    """
    properties = [("og:title", title), ("og:type", og_type)]
    if url:
        properties.append(("og:url", url))
    if image:
        properties.append(("og:image", image))
    properties += [("og:description", description), ("og:site_name", cv.owner.name)]
    names = [("twitter:card", "summary"), ("twitter:title", title), ("twitter:description", description)]
    if image:
        names.append(("twitter:image", image))
    handle = twitter_handle(cv)
    if handle:
        names.append(("twitter:creator", handle))
    return names, properties


def profile_head(cv: CV, iris: Iris, report: Report | None = None, stylesheet: str | None = None) -> Head:
    """The homepage's head: title, description, canonical URL, Open Graph profile, card, JSON-LD.

    The search result title names the institution; a link preview names just the person.
    """
    owner = cv.owner
    canonical = iris.profile_page if _is_web(iris.base) else None
    description = _description(cv)
    names, properties = _social(cv, owner.name, description, canonical, owner.image, "profile")
    if owner.given_name:
        properties.append(("profile:first_name", owner.given_name))
    if owner.family_name:
        properties.append(("profile:last_name", owner.family_name))
    doc = build_jsonld(cv, profile="web", base=canonical, report=report)
    return Head(_title(cv), description, canonical, names, properties, doc, stylesheet, me_links(cv))


def pdf_url(work: Work) -> str | None:
    """The work's full text as a PDF: its own ``pdf``, else arXiv's PDF of a preprint."""
    if work.pdf:
        return work.pdf
    if work.arxiv and work.status == "preprint":
        return work.arxiv.pdf_url
    return None


def highwire_tags(cv: CV, work: Work) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags of a paper page, in the order Google Scholar's example uses."""
    tags = [("citation_title", work.title)]
    tags += [("citation_author", citation_name(a.person)) for a in work.authors]
    if work.published:  # Google Scholar needs it: an undated work or a range has none (`cvld check` says so)
        tags.append(("citation_publication_date", highwire_date(work.published)))
    venue = work.venue
    venue_tag = VENUE_TAGS.get(work.type)
    if venue and venue_tag:
        institution = venue_tag.endswith("_institution")
        tags.append((venue_tag, (venue.publisher or venue.name) if institution else venue.name))
    number = report_number(work)
    if number:
        tags.append(("citation_technical_report_number", number))
    if venue and venue.publisher and work.type in _PUBLISHER_TYPES:
        tags.append(("citation_publisher", venue.publisher))
    if work.volume:
        tags.append(("citation_volume", work.volume))
    if work.issue and not number:
        tags.append(("citation_issue", work.issue))
    if work.first_page:
        tags.append(("citation_firstpage", work.first_page))
    if work.last_page:
        tags.append(("citation_lastpage", work.last_page))
    issn = work.issn or (venue.issn if venue else None)
    if issn and work.type in _ISSN_TYPES:
        tags.append(("citation_issn", issn))
    isbn = work.isbn or (venue.isbn if venue else None)
    if isbn and work.type in _ISBN_TYPES:
        tags.append(("citation_isbn", isbn))
    if work.doi:
        tags.append(("citation_doi", work.doi))
    if work.arxiv:
        tags.append(("citation_arxiv_id", work.arxiv.id))
    pdf = pdf_url(work)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    return tags


def _work_description(work: Work) -> str:
    if work.abstract:
        return shorten(work.abstract)
    names = ", ".join(a.person.name for a in work.authors)
    where = f" {work.venue.name}," if work.venue else ""
    if not work.date:
        return shorten(f"{names}. {work.venue.name}." if work.venue else f"{names}.")
    return shorten(f"{names}.{where} {show_span(work)}.")


def paper_head(cv: CV, work: Work, iris: Iris, page: str | None = None, on_cvld_site: bool = True) -> Head:
    """A paper page's head: Highwire tags, Open Graph article tags, card, the work's JSON-LD.

    ``page`` is the page's address (default: its page on the cvld site under ``iris``); a page on
    another site (``on_cvld_site`` false) links the work to ``page`` or else its DOI or url.
    """
    if page is None and on_cvld_site:
        page = iris.paper_page(work.key) if _is_web(iris.base) else None
    url = page
    description = _work_description(work)
    names, properties = _social(cv, work.title, description, url, work.image or cv.owner.image, "article")
    if work.published:
        properties.append(("article:published_time", work.published.iso()))
    for author in work.authors:
        person = author.person
        author_page = iris.profile_page if person.key == cv.owner.key and _is_web(iris.base) else person.homepage
        if author_page:
            properties.append(("article:author", author_page))
    properties += [("article:tag", keyword) for keyword in work.keywords]
    doc = work_jsonld(cv, work, profile="web", base=iris.base if _is_web(iris.base) else None)
    if not on_cvld_site:
        _link_outside(doc, work, url)
    return Head(work.title, description, url, highwire_tags(cv, work) + names, properties, doc,
                f"../../{STYLESHEET}")


def work_link(work: Work) -> str | None:
    """Where a work is, off a cvld site: its DOI, else its url, else its arXiv page."""
    if work.doi:
        return id_url("doi", work.doi)
    return work.url or (work.arxiv.abs_url if work.arxiv else None)


def _link_outside(node: dict, work: Work, page: str | None = None) -> None:
    """Point a work's node at ``page`` or at the work itself, never at a cvld paper page that may not exist."""
    target = page or work_link(work)
    if target:
        node["mainEntityOfPage"] = target
    else:
        node.pop("mainEntityOfPage", None)


def _reachable(graph: list[dict], root: dict) -> list[dict]:
    """The nodes of ``graph`` that ``root`` refers to by ``@id``, directly or through others, in graph order."""
    by_id = {node["@id"]: node for node in graph if "@id" in node}
    seen: set[str] = set()

    def visit(value):
        if isinstance(value, dict):
            target = value.get("@id")
            if target in by_id and target not in seen and set(value) == {"@id"}:
                seen.add(target)
                visit(by_id[target])
            for key, item in value.items():
                if key != "@id":
                    visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(root)
    return [node for node in graph if node.get("@id") in seen and node is not root]


SNIPPET_ONLY = ("person",)


def snippet_head(cv: CV, base: str | None = None, report: Report | None = None, *, only: str | None = None,
                 work_key: str | None = None, url: str | None = None) -> Head:
    """The head for a page on the user's own site (``cvld snippet``).

    ``base`` is the address of a site cvld made (its paper pages exist there); without it
    works are linked to their DOI or url. ``only="person"`` keeps the ProfilePage with the
    Person, their identifiers and affiliations, and no works, talks or courses. ``work_key``
    gives one paper's head (``url`` names its page).
    """
    iris = Iris.for_cv(cv, base)
    if work_key is not None:
        work = cv.work(work_key) if work_key in {w.key for w in cv.works} else None
        if work is None:
            raise UsageError(f"no work with key '{work_key}' in {cv.source}", parameter="work")
        return paper_head(cv, work, iris, url, on_cvld_site=base is not None)
    head = profile_head(cv, iris, report)
    graph = head.jsonld["@graph"]
    if only == "person":
        head.jsonld = {**head.jsonld, "@graph": [graph[0], *_reachable(graph, graph[0])]}
    elif only is not None:
        raise UsageError(f"snippet: only '{only}' is not one of: {', '.join(SNIPPET_ONLY)}", parameter="only")
    elif base is None:
        works = {iris.work(w.key): w for w in cv.works}
        for node in graph:
            if node.get("@id") in works:
                _link_outside(node, works[node["@id"]])
    return head


# --- rendering --------------------------------------------------------------------------


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user's cache folder (compiling them costs ~10 ms of every run).
    jinja2 keys each entry by the template's checksum and its own version; an entry that cannot be
    read or written is compiled again, so the cache never fails a command nor changes a byte."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> _TemplateCache | None:
    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "web"),
        bytecode_cache=_template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(script_json=script_json, show_date=show_date, org_label=org_label, inert=inert,
                               service_name=service_name, where_shown=where_shown, pdf_url=pdf_url,
                               show_amount=show_amount)
    environment.globals.update(
        VIEWPORT=VIEWPORT, EQUAL_MARK=EQUAL_MARK, CORRESPONDING_MARK=CORRESPONDING_MARK, LINK_LABELS=LINK_LABELS, CITE_FILE=CITE_FILE,
        paper_path=paper_path, cite_path=cite_path,
        TEACHING_ROLES=TEACHING_ROLES, SERVICE_ROLES=SERVICE_ROLES, WORK_STATUS=WORK_STATUS, GRANT_ROLES=GRANT_ROLES,
        SUPERVISION_LEVELS=SUPERVISION_LEVELS, SUPERVISION_ROLES=SUPERVISION_ROLES,
    )
    return environment


def _render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)


def render_snippet(cv: CV, base: str | None = None, report: Report | None = None, *, head: Head | None = None,
                   **options) -> str:
    """The block of tags for the homepage's ``<head>`` (``cvld snippet``; ``options`` as :func:`snippet_head`;
    ``head``: that head, when made already).

    Its text holds no ``{{`` or ``{%``, so a Jekyll include or a Hugo partial shows it as it is.
    """
    return _render("snippet.html.j2", head=head if head is not None else snippet_head(cv, base, report, **options))


def _legend(cv: CV, works: list[Work]) -> list[str]:
    legend = []
    if any(a.equal_contribution for w in works for a in w.authors):
        legend.append(cv.legend.equal_contribution or DEFAULT_EQUAL_LEGEND)
    if any(a.corresponding for w in works for a in w.authors):
        legend.append(cv.legend.corresponding or DEFAULT_CORRESPONDING_LEGEND)
    return legend


def site_iris(cv: CV, base: str | None) -> Iris:
    """The IRIs of a site: under ``base`` or the person's homepage; a CV with neither gets cvld's
    ``urn:`` names, and its pages no canonical links (``cvld check`` warns)."""
    return Iris.for_cv(cv, base)


def index_head(cv: CV, iris: Iris, report: Report | None = None) -> Head:
    """The site's homepage head (:func:`profile_head` with the site's stylesheet)."""
    return profile_head(cv, iris, report, STYLESHEET)


def render_index(cv: CV, iris: Iris, report: Report | None = None, head: Head | None = None) -> str:
    """The site's homepage (``head``: its :func:`index_head`, when made already)."""
    selected, years, preprints, undated = publication_groups(cv)
    return _render(
        "index.html.j2", cv=cv, owner=cv.owner, head=head if head is not None else index_head(cv, iris, report),
        selected=selected, years=years, preprints=preprints, undated=undated, legend=_legend(cv, cv.works), home="",
    )


def render_paper(cv: CV, work: Work, iris: Iris, head: Head | None = None) -> str:
    """A paper page (``head``: its :func:`paper_head`, when made already)."""
    head = head if head is not None else paper_head(cv, work, iris)
    return _render("paper.html.j2", cv=cv, owner=cv.owner, work=work, head=head,
                   legend=_legend(cv, [work]), home="../../", bibtex=cite_bib(work),
                   grants=[cv.grant(key) for key in work.funding])


def paper_path(work: Work) -> str:
    """A paper page's file: links name it in full, so the site works from disk (file://) as on a server."""
    return f"{paper_folder(work.key)}index.html"


def cite_path(work: Work) -> str:
    return f"{paper_folder(work.key)}{CITE_FILE}"


# robots.txt is plain text (RFC 9309): no HTML escaping; a URL's characters outside RFC 3986's are
# percent-encoded (UTF-8), so no space, line break or control character can start another line
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


def robots_txt(sitemap_url: str) -> str:
    """The site's ``robots.txt``: every crawler allowed, and the sitemap's absolute URL as written."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {quote(sitemap_url, safe=_URI_SAFE)}\n"


def site_files(cv: CV, base: str | None = None, report: Report | None = None) -> dict[str, str]:
    """Every file of the static site (relative path -> text), under ``base``."""
    iris = site_iris(cv, base)
    files = {"index.html": render_index(cv, iris, report)}
    for work in cv.works:
        files[paper_path(work)] = render_paper(cv, work, iris)
        files[cite_path(work)] = cite_bib(work)
    if _is_web(iris.base):  # a sitemap lists absolute URLs: only a site with an address has one
        urls = [iris.profile_page] + [iris.paper_page(w.key) for w in cv.works]
        lastmod = cv.updated.iso() if cv.updated else None
        files["sitemap.xml"] = _render("sitemap.xml.j2", urls=urls, lastmod=lastmod)
        files["robots.txt"] = robots_txt(f"{iris.base}sitemap.xml")
    files[STYLESHEET] = (TEMPLATES_DIR / "web" / STYLESHEET).read_text(encoding="utf-8")
    return dict(sorted(files.items()))


def snippet_files(cv: CV, base: str | None = None, report: Report | None = None) -> dict[str, str]:
    """The build's ``snippet/head.html``: the head of the site the same build makes, so works link to its pages."""
    site_base = Iris.for_cv(cv, base).base
    return {"head.html": render_snippet(cv, site_base if _is_web(site_base) else None, report)}


__all__ = [
    "HIGHWIRE_TAGS", "Head", "script_json", "highwire_tags", "profile_head", "paper_head",
    "render_snippet", "render_index", "index_head", "snippet_head", "VIEWPORT", "render_paper", "site_files", "snippet_files", "site_iris", "paper_path",
]

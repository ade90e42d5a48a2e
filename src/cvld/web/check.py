"""Checks of the homepage outputs, read back from the generated HTML (part of ``cvld check``).

Each finding is located at the record it is about: the person for the homepage, the work
for its paper page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit


from cvld.core.lazy import lazy_module
from cvld.core.diagnostics import Diagnostic, Location
from cvld.model.iris import paper_folder
from cvld.model.records import CV, Work
from cvld.web.write import HIGHWIRE_TAGS, VENUE_TAGS, render_index, render_paper, render_snippet, site_iris
from cvld.jsonld.check import expanded_or_none, node_expansions, part_expansion, vocabulary_findings
from cvld.jsonld.vocabulary import shipped_vocabulary
from cvld.jsonld.write import build_jsonld

lxml_html = lazy_module("lxml.html")

TITLE_MAX = 60  # characters a search result shows of a title
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 160  # what a search result snippet shows
REQUIRED_HIGHWIRE = ("citation_title", "citation_author", "citation_publication_date")
_HIGHWIRE_DATE = re.compile(r"^\d{4}(/\d{2}/\d{2})?$")


@dataclass
class Page:
    """What a generated page says to machines, read back from its HTML."""

    title: str | None
    names: list[tuple[str, str]]
    properties: list[tuple[str, str]]
    canonical: str | None
    scripts: list[str]

    @classmethod
    def parse(cls, html: str) -> "Page":
        # our own page, whose text may be a CV's 15 MB bio: past libxml2's 10 MB text-node limit
        tree = lxml_html.document_fromstring(html, parser=lxml_html.HTMLParser(huge_tree=True))
        titles = tree.xpath("//head/title")
        canonical = tree.xpath("//head/link[@rel='canonical']/@href")
        return cls(
            title=titles[0].text_content() if titles else None,
            names=[(m.get("name"), m.get("content", "")) for m in tree.xpath("//head/meta[@name]")],
            properties=[(m.get("property"), m.get("content", "")) for m in tree.xpath("//head/meta[@property]")],
            canonical=canonical[0] if canonical else None,
            scripts=[s.text or "" for s in tree.xpath("//script[@type='application/ld+json']")],
        )

    def name(self, key: str) -> str | None:
        return next((content for name, content in self.names if name == key), None)

    def prop(self, key: str) -> str | None:
        return next((content for name, content in self.properties if name == key), None)


def _warn(origin: Location, message: str, code: str) -> Diagnostic:
    return Diagnostic(origin, message, "warning", code)


def _error(origin: Location, message: str, code: str) -> Diagnostic:
    return Diagnostic(origin, message, "error", code)


def check_head(cv: CV, page: Page, where: str = "homepage") -> Iterator[Diagnostic]:
    """Title and description lengths, image, canonical URL of the homepage's head."""
    origin = cv.owner.origin
    title, description = page.title or "", page.name("description") or ""
    if len(title) > TITLE_MAX:
        yield _warn(origin, f"{where}: the title '{title}' has {len(title)} characters; "
                    f"search results show about {TITLE_MAX}", "web-title-length")
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        yield _warn(origin, f"{where}: the meta description has {len(description)} characters; "
                    f"search results show {DESCRIPTION_MIN}-{DESCRIPTION_MAX} (write person.bio to set it)",
                    "web-description-length")
    if page.prop("og:image") is None:
        yield _warn(origin, f"{where}: no image for link previews (og:image, twitter:image) and Google's ProfilePage: "
                    "add person.image (a photo's URL)", "web-no-image")
    if (page.canonical is None or page.prop("og:url") is None) and cv.owner.homepage:
        yield _warn(origin, f"{where}: no canonical URL (link rel=canonical, og:url): check person.homepage",
                    "web-no-canonical")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _no_date(work: Work) -> str:
    """What to do about a paper page without the citation_publication_date Google Scholar needs."""
    field = f"{work.origin.path}.date" if work.origin.path else "date"
    if work.date_end:
        return (f"a range ({work.date}/{work.date_end}) is no publication date, so the page has no "
                f"citation_publication_date, which Google Scholar needs: to have it indexed, give {field} one date "
                "(its first release)")
    return ("no citation_publication_date, which Google Scholar needs: the page is made without it until the work "
            f"has a date; add {field} once it is published")


def check_highwire(work: Work, page: Page, where: str) -> Iterator[Diagnostic]:
    """Google Scholar's tags on one paper page: the required ones, the venue, only documented names."""
    origin = work.origin
    tags = [(name, content) for name, content in page.names if name.startswith("citation_")]
    present = {name for name, _ in tags}
    for name in REQUIRED_HIGHWIRE:
        if name == "citation_publication_date" and work.published is None:
            yield _warn(origin, f"{where}: {_no_date(work)}", "scholar-no-date")
        elif name not in present:
            yield _error(origin, f"{where}: Google Scholar requires the {name} tag, which is missing",
                         "scholar-missing-tag")
    for name, content in tags:
        if name not in HIGHWIRE_TAGS:
            yield _error(origin, f"{where}: {name} is not a tag Google Scholar documents", "scholar-unknown-tag")
        elif not content.strip():
            yield _error(origin, f"{where}: the {name} tag is empty", "scholar-empty-tag")
    date = page.name("citation_publication_date")
    if date is not None and not _HIGHWIRE_DATE.match(date):
        yield _error(origin, f"{where}: citation_publication_date '{date}' is not YYYY/MM/DD or YYYY", "scholar-date")
    pdf = page.name("citation_pdf_url")
    if pdf is not None and not pdf.startswith(("http://", "https://")):
        yield _error(origin, f"{where}: citation_pdf_url '{pdf}' is not an absolute URL", "scholar-pdf-url")
    elif pdf is not None and page.canonical and _host(pdf) != _host(page.canonical):
        yield _warn(origin, f"{where}: the PDF is on {_host(pdf)}, not on the page's host {_host(page.canonical)}, "
                    f"and Google Scholar ignores a PDF on another host: put a copy on the site and give its "
                    f"address as {origin.path + '.' if origin.path else ''}pdf", "scholar-pdf-host")
    venue_tag = VENUE_TAGS.get(work.type)
    if venue_tag and venue_tag not in present:
        yield _warn(origin, f"{where}: no {venue_tag} tag for this {work.type}: add the work's venue "
                    "so Google Scholar can cite it in full", "scholar-venue")


def _page_jsonld(origin: Location, page: Page, where: str) -> tuple[dict | None, list[Diagnostic]]:
    """The page's one JSON-LD document, or the errors that stop it being read."""
    if len(page.scripts) != 1:
        return None, [_error(origin, f"{where}: expected one JSON-LD script, found {len(page.scripts)}",
                             "page-jsonld")]
    try:
        return json.loads(page.scripts[0]), []
    except ValueError as error:
        return None, [_error(origin, f"{where}: the JSON-LD does not parse: {error}", "page-jsonld")]


NO_HOMEPAGE = ("homepage: not given, so the site is made without canonical links, og:url, sitemap.xml or "
               "robots.txt (they need the address it is published at): add person.homepage (https://...)")


def check_web(cv: CV, vocab=None, base: str | None = None) -> list[Diagnostic]:
    """Every check of the snippet and the site (``cvld check`` runs it for each CV).

    The homepage must embed exactly the web-profile graph (which the JSON-LD check
    validates); each paper page's own document goes through the vocabulary check, and
    what it finds beyond the graph's findings is reported here. The site is checked as
    ``cvld build`` makes it: under ``base``, else the person's homepage; a CV with neither
    is built without the tags that need the site's address, and a warning says so.
    """

    vocab = vocab or shipped_vocabulary()
    diagnostics = list(check_head(cv, Page.parse(render_snippet(cv, base))))
    if base is None and not cv.owner.homepage:
        diagnostics.append(Diagnostic(cv.owner.origin, NO_HOMEPAGE, "warning", "no-homepage"))
    iris = site_iris(cv, base)
    graph = build_jsonld(cv, profile="web", base=base)
    doc, problems = _page_jsonld(cv.owner.origin, Page.parse(render_index(cv, iris)), "index.html")
    diagnostics += problems
    if doc is not None and doc != graph:
        diagnostics.append(_error(cv.owner.origin, "index.html: the embedded JSON-LD is not the web profile graph",
                                   "page-jsonld"))
    expanded = expanded_or_none(graph)
    known = set(vocabulary_findings(graph, vocab, expanded=expanded))
    nodes = node_expansions(graph, expanded)  # a page that embeds its work's node as the graph has it
    for work in cv.works:
        where = paper_folder(work.key)
        page = Page.parse(render_paper(cv, work, iris))
        diagnostics += check_highwire(work, page, where)
        doc, problems = _page_jsonld(work.origin, page, where)
        diagnostics += problems
        if doc is not None:
            diagnostics += [Diagnostic(work.origin, f"{where}: JSON-LD <{found.location.file}>"
                                       f"{' ' + found.location.path if found.location.path else ''}: {found.message}",
                                       found.severity, found.code)
                            for found in vocabulary_findings(doc, vocab, expanded=part_expansion(doc, graph, nodes))
                            if found not in known]
    return diagnostics

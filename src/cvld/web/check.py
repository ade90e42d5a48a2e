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
from cvld.web.write import (HIGHWIRE_TAGS, VENUE_TAGS, VIEWPORT, Head, index_head, paper_head, render_index,
                            render_paper, render_snippet, site_iris, snippet_head)
from cvld.jsonld.check import expanded_or_none, node_expansions, part_expansion, vocabulary_findings, walked_alike
from cvld.jsonld.vocabulary import shipped_vocabulary
from cvld.jsonld.write import build_jsonld

lxml_html = lazy_module("lxml.html")

TITLE_MAX = 60  # characters a search result shows of a title
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 160  # what a search result snippet shows
REQUIRED_HIGHWIRE = ("citation_title", "citation_author", "citation_publication_date")
_HIGHWIRE_DATE = re.compile(r"^\d{4}(/\d{2}/\d{2})?$")
# characters an HTML parser may drop, replace or report (controls, surrogates, non-characters): a page
# whose head holds one is rendered and parsed back (the reference path), never read from its Head
_FRAGILE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL_NONCHARACTERS = tuple(chr(plane * 0x10000 + low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))


def _fragile(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`_FRAGILE` or a non-character past the BMP (a character class
    of those makes the search some twenty times slower: they are looked for only in a text that has such
    characters)."""
    if text.isprintable():  # no control, separator but the space, surrogate, unassigned or private character
        return False
    if _FRAGILE.search(text):
        return True
    return not text.isascii() and max(text) > "\uffff" and any(c in text for c in _ASTRAL_NONCHARACTERS)


@dataclass
class Page:
    """What a generated page says to machines, read back from its HTML."""

    title: str | None
    names: list[tuple[str, str]]
    properties: list[tuple[str, str]]
    canonical: str | None
    scripts: list[str]
    documents: list | None = None  # the scripts' JSON when known without reading their text

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

    @classmethod
    def from_head(cls, head: Head, *, viewport: bool, scripts: bool = True) -> "Page | None":
        """What :meth:`parse` reads back from a page whose ``<head>`` is ``head`` (``_head.html.j2``; a site
        page, ``viewport``, also has base.html.j2's viewport tag), without rendering it; None when a
        text could come back otherwise (:func:`_fragile`), or when ``scripts`` and the JSON-LD could.

        Each text is escaped into the page and unescaped by the parser, so it comes back as it is; the
        JSON-LD comes back as its JSON text parses (``json.loads`` of ``json.dumps``). A page made with
        ``scripts`` false has no scripts to read.
        """
        texts = [head.title, head.description, *head.me, *(c for pair in head.meta_names + head.meta_properties
                                                          for c in pair)]
        if head.canonical:
            texts.append(head.canonical)
        if not all(isinstance(text, str) and (text == "" or text.strip()) for text in texts) or _fragile(" ".join(texts)):
            return None
        documents = []
        if scripts and head.jsonld:
            text = json.dumps(head.jsonld, ensure_ascii=False, sort_keys=True)
            if _fragile(text):
                return None
            documents = [json.loads(text)]
        names = ([("viewport", VIEWPORT)] if viewport else []) + [("description", head.description)]
        return cls(title=head.title, names=names + list(head.meta_names), properties=list(head.meta_properties),
                   canonical=head.canonical or None, scripts=[""] * len(documents) if scripts else None,
                   documents=documents if scripts else None)

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
    if page.documents is not None:
        return page.documents[0], []
    try:
        return json.loads(page.scripts[0]), []
    except ValueError as error:
        return None, [_error(origin, f"{where}: the JSON-LD does not parse: {error}", "page-jsonld")]


NO_HOMEPAGE = ("homepage: not given, so the site is made without canonical links, og:url, sitemap.xml or "
               "robots.txt (they need the address it is published at): add person.homepage (https://...)")


def _page(head: Head, render, *, viewport: bool = True, scripts: bool = True, fast: bool = True) -> Page:
    """The page whose head is ``head``: read from the head (:meth:`Page.from_head`) when ``fast`` and it can
    be, else ``render()`` parsed back."""
    page = Page.from_head(head, viewport=viewport, scripts=scripts) if fast else None
    return page if page is not None else Page.parse(render())


def check_web(cv: CV, vocab=None, base: str | None = None, *, fast: bool = True) -> list[Diagnostic]:
    """Every check of the snippet and the site (``cvld check`` runs it for each CV).

    The homepage must embed exactly the web-profile graph (which the JSON-LD check
    validates); each paper page's own document goes through the vocabulary check, and
    what it finds beyond the graph's findings is reported here. The site is checked as
    ``cvld build`` makes it: under ``base``, else the person's homepage; a CV with neither
    is built without the tags that need the site's address, and a warning says so.

    With ``fast`` (the default) a page is read from its :class:`Head` where that gives what parsing the
    rendered page gives (:meth:`Page.from_head`); ``fast=False`` is the reference: every page is rendered
    and parsed back.
    """

    vocab = vocab or shipped_vocabulary()
    snippet = snippet_head(cv, base)
    diagnostics = list(check_head(cv, _page(snippet, lambda: render_snippet(cv, base, head=snippet), viewport=False,
                                            scripts=False, fast=fast)))
    if base is None and not cv.owner.homepage:
        diagnostics.append(Diagnostic(cv.owner.origin, NO_HOMEPAGE, "warning", "no-homepage"))
    iris = site_iris(cv, base)
    graph = build_jsonld(cv, profile="web", base=base)
    index = index_head(cv, iris)
    doc, problems = _page_jsonld(cv.owner.origin, _page(index, lambda: render_index(cv, iris, head=index), fast=fast),
                                 "index.html")
    diagnostics += problems
    if doc is not None and doc != graph:
        diagnostics.append(_error(cv.owner.origin, "index.html: the embedded JSON-LD is not the web profile graph",
                                   "page-jsonld"))
    expanded = expanded_or_none(graph)
    lookups: dict = {}
    known = set(vocabulary_findings(graph, vocab, expanded=expanded, lookups=lookups))
    nodes = node_expansions(graph, expanded)  # a page that embeds its work's node as the graph has it
    for work in cv.works:
        where = paper_folder(work.key)
        head = paper_head(cv, work, iris)
        page = _page(head, lambda: render_paper(cv, work, iris, head), fast=fast)
        diagnostics += check_highwire(work, page, where)
        doc, problems = _page_jsonld(work.origin, page, where)
        diagnostics += problems
        if doc is None:
            continue
        part = part_expansion(doc, graph, nodes)
        if fast and part is not None and walked_alike(part, lookups.get(doc.get("@id"))):
            continue  # the walk of its node in the graph, whose findings are known
        diagnostics += [Diagnostic(work.origin, f"{where}: JSON-LD <{found.location.file}>"
                                   f"{' ' + found.location.path if found.location.path else ''}: {found.message}",
                                   found.severity, found.code)
                        for found in vocabulary_findings(doc, vocab, expanded=part) if found not in known]
    return diagnostics

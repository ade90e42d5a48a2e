"""CSL-JSON (what Zotero, manubot and citation.js export) into a CV-document fragment.

Every warning is located at the JSON path of the value (``[0].issued``) and its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from cvld.model import ids
from cvld.core.diagnostics import Report
from cvld.source.yamlsource import Source
from cvld.importers.fragment import Fragment, number_or_text
from cvld.importers.names import Me, Name, parse_name, take_marks
from cvld.importers.text import clean_title, read_repaired

TYPES = {
    "article-journal": "journal-article", "article-magazine": "journal-article", "article-newspaper": "other",
    "paper-conference": "conference-paper", "chapter": "book-chapter", "entry-encyclopedia": "book-chapter",
    "entry-dictionary": "book-chapter", "book": "book", "report": "report", "thesis": "thesis", "dataset": "dataset",
    "software": "software", "article": "preprint", "manuscript": "preprint", "speech": "presentation",
    "poster": "poster", "webpage": "other", "post": "other", "post-weblog": "other", "patent": "other",
}
READ = {"id", "type", "title", "author", "issued", "container-title", "publisher", "volume", "issue", "page", "number",
        "DOI", "URL", "ISBN", "ISSN", "PMID", "abstract", "keyword", "note", "version", "event-title",
        "container-title-short", "status"}
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?$", re.I)


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    source = read_repaired(path, report)
    fragment = Fragment(source.file, report, Me(me, me_orcid, me_aliases))
    listed = isinstance(source.data, list)  # a list of items, or one item
    for index, item in enumerate(source.data if listed else [source.data]):
        path_ = (index,) if listed else ()
        if not isinstance(item, dict):
            report.warning(source.location(path_), "not a CSL item (expected an object); skipped")
            continue
        record = _item(item, path_, source, fragment, report)
        if record is not None:
            fragment.add_work(record)
    return fragment.result()


def csl_date(value, path, source: Source, fragment: Fragment):
    """A CV date from a CSL date: ``{"date-parts": [[y, m, d]]}``, ``{"raw": ...}`` or text."""
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list) and value["date-parts"]:
        parts = value["date-parts"][0]
        if isinstance(parts, list) and parts:
            text = "-".join(str(int(p)) if i == 0 else f"{int(p):02d}" for i, p in enumerate(parts[:3])
                            if str(p).strip().isdigit())
            return fragment.date(text, source.location(path + ("date-parts",)))
    if isinstance(value, dict) and isinstance(value.get("raw") or value.get("literal"), str):
        return fragment.date(value.get("raw") or value.get("literal"), source.location(path))
    if isinstance(value, (str, int)):
        return fragment.date(value, source.location(path))
    return None


def csl_names(people, path, source: Source, fragment: Fragment, report: Report) -> list:
    authors = []
    for index, person in enumerate(people if isinstance(people, list) else []):
        where = source.location(path + (index,))
        if not isinstance(person, dict):
            report.warning(where, "not a name (expected an object); left out")
            continue
        orcid = None
        if person.get("ORCID"):
            orcid = fragment.identifier(ids.normalize_orcid, person["ORCID"], where, "ORCID iD")
        if isinstance(person.get("literal"), str) and person["literal"].strip():
            text, marked = take_marks(person["literal"])
            try:
                name = parse_name(text)
            except ValueError:
                name = Name(literal=text)
        elif person.get("family") or person.get("given"):
            family = " ".join(str(person.get(p) or "").strip() for p in ("non-dropping-particle", "family")).strip()
            given = " ".join(str(person.get(p) or "").strip() for p in ("given", "dropping-particle")).strip()
            family, marked_f = take_marks(family)
            given, marked_g = take_marks(given)
            marked = marked_f or marked_g
            name = Name(given or None, family or None, str(person.get("suffix") or "").strip() or None)
        else:
            report.warning(where, "a name with no parts; left out")
            continue
        authors.append(fragment.author(name, orcid=orcid, equal=marked))
    return authors


def _item(item: dict, path, source: Source, fragment: Fragment, report: Report) -> dict | None:
    at = lambda *more: source.location(path + more)  # noqa: E731
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        report.warning(at(), "no title; item skipped")
        return None
    date = csl_date(item.get("issued"), path + ("issued",), source, fragment)
    if date is None:
        report.warning(at(), "no date ('issued'); item skipped")
        return None
    authors = csl_names(item.get("author"), path + ("author",), source, fragment, report)
    if not authors:
        report.warning(at(), "no author; item skipped")
        return None
    kind = str(item.get("type") or "")
    work_type = TYPES.get(kind)
    if work_type is None:
        work_type = "other"
        report.warning(at("type"), f"CSL type '{kind}' has no counterpart: imported as 'other'")
    record: dict = {"type": work_type, "title": clean_title(" ".join(title.split()), at("title"), report),
                    "authors": authors, "date": date}
    if item.get("DOI"):
        record["doi"] = fragment.identifier(ids.normalize_doi, item["DOI"], at("DOI"), "DOI")
    url = item.get("URL")
    arxiv_url = _ARXIV_URL.search(url) if isinstance(url, str) else None
    if arxiv_url:
        arxiv = fragment.identifier(ids.parse_arxiv, arxiv_url.group(1), at("URL"), "arXiv id")
        record["arxiv"] = str(arxiv) if arxiv else None
    elif url:
        record["url"] = fragment.identifier(ids.check_url, url, at("URL"), "URL")
    container = " ".join(str(item.get("container-title") or "").split()) or None  # " " is no venue
    on_arxiv = str(container or item.get("publisher") or "").strip().lower() == "arxiv"
    if on_arxiv and record.get("arxiv"):
        record["type"], record["status"] = "preprint", "preprint"
    elif container:
        record["venue"] = {"name": container}
        if str(item.get("container-title-short") or "").strip():
            record["venue"]["short"] = str(item["container-title-short"]).strip()
        if str(item.get("publisher") or "").strip():
            record["venue"]["publisher"] = str(item["publisher"]).strip()
    elif str(item.get("publisher") or "").strip() and work_type in ("book", "report", "thesis", "software", "dataset"):
        record["venue"] = {"name": str(item["publisher"]).strip()}
    if work_type == "preprint":
        record.setdefault("status", "preprint")
    for target, name in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if item.get(name) not in (None, ""):
            record[target] = str(item[name]).replace("-", "\u2013") if target == "pages" else number_or_text(item[name])
    if item.get("number") not in (None, "") and not record.get("arxiv"):
        record["article_number"] = str(item["number"])
    if item.get("ISBN"):
        record["isbn"] = fragment.identifier(ids.normalize_isbn, str(item["ISBN"]).split(",")[0], at("ISBN"), "ISBN")
    if item.get("ISSN"):
        issn = fragment.identifier(ids.normalize_issn, str(item["ISSN"]).split(",")[0], at("ISSN"), "ISSN")
        if issn and "venue" in record:
            record["venue"]["issn"] = issn
        elif issn:
            record["issn"] = issn
    if item.get("PMID"):
        record["pmid"] = fragment.identifier(ids.normalize_pmid, item["PMID"], at("PMID"), "PMID")
    if isinstance(item.get("abstract"), str) and item["abstract"].strip():
        record["abstract"] = " ".join(item["abstract"].split())
    if isinstance(item.get("keyword"), str):
        record["keywords"] = [k.strip() for k in re.split(r"[;,]", item["keyword"]) if k.strip()]
    if isinstance(item.get("note"), str) and item["note"].strip():
        record["note"] = item["note"].strip()
    for name in sorted(set(item) - READ):
        report.warning(at(name), f"CSL variable '{name}' is not imported: the CV format has no place for it")
    record["key"] = fragment.work_key(str(item["id"]) if item.get("id") not in (None, "") else None,
                                      record, at("id") if "id" in item else at())
    return record

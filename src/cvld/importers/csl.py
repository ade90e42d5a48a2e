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
from cvld.importers.text import clean_title, read_repaired, status_in_text
from cvld.model.dates import DateError, parse_date_range

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
    """A CV date from a CSL date: ``{"date-parts": [[y, m, d]]}`` (two parts: a range), ``{"raw": ...}``,
    ``{"literal": ...}`` or text; a literal that says a status ("in press") gives that status instead.
    Returns (date or None, status or None)."""
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list) and value["date-parts"]:
        where = source.location(path + ("date-parts",))
        ends = []
        for parts in value["date-parts"][:2]:
            if isinstance(parts, list) and parts:
                text = "-".join(str(int(p)) if i == 0 else f"{int(p):02d}" for i, p in enumerate(parts[:3])
                                if str(p).strip().isdigit())
                ends.append(fragment.date(text, where))
        if len(ends) == 2 and None not in ends and ends[0] != ends[1]:
            try:
                parse_date_range(f"{ends[0]}/{ends[1]}")
                return f"{ends[0]}/{ends[1]}", None
            except DateError as error:
                fragment.report.warning(where, f"date left out: {error}")
                return None, None
        return (ends[0] if ends else None), None
    if isinstance(value, dict) and isinstance(value.get("raw") or value.get("literal"), str):
        text = value.get("raw") or value.get("literal")
        said = status_in_text(text)
        if said and not re.search(r"\d{4}", text):
            fragment.report.warning(source.location(path), f"date '{text}' is no date: status '{said[0]}' read from "
                                                            f"it ('{said[1]}')")
            return None, said[0]
        return fragment.date(text, source.location(path)), None
    if isinstance(value, (str, int)):
        return fragment.date(value, source.location(path)), None
    return None, None


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
    date, date_status = csl_date(item.get("issued"), path + ("issued",), source, fragment)
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
                    "authors": authors}
    if date is not None:
        record["date"] = date
    if isinstance(item.get("status"), str) and item["status"].strip():  # CSL's status is free text
        said = status_in_text(item["status"])
        if said:
            record["status"] = said[0]
        else:
            report.warning(at("status"), f"status '{item['status']}' is none cvld knows (in preparation, submitted, "
                                         "in review, accepted, in press); left out")
    if date_status:
        record.setdefault("status", date_status)
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
    if date is None:
        fragment.undated(record, at(), "date ('issued')")
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

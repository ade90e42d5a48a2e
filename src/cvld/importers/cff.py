"""CITATION.cff (Citation File Format) into a CV-document fragment: the software, as a work
of type software, and its preferred citation as a second work when it has one.

Warnings are located at the YAML path of the value (``authors[9]``) and its line.
"""

from __future__ import annotations

from pathlib import Path

from cvld.model import ids
from cvld.core.diagnostics import Report, UsageError
from cvld.source.yamlsource import Source
from cvld.importers.fragment import Fragment, listed, number_or_text
from cvld.importers.names import Me, Name, take_marks
from cvld.importers.text import clean_title, read_repaired

# CFF type (of the file or of a reference) -> CV work type
TYPES = {"software": "software", "dataset": "dataset", "article": "journal-article",
         "conference-paper": "conference-paper", "book": "book", "report": "report", "thesis": "thesis",
         "proceedings": "edited-book", "manual": "report", "unpublished": "preprint", "generic": "other",
         "software-code": "software", "software-executable": "software", "data": "dataset", "pamphlet": "other"}
READ = {"cff-version", "message", "title", "authors", "type", "date-released", "date-published", "year", "month",
        "doi", "identifiers", "url", "repository-code", "abstract", "keywords", "version", "preferred-citation",
        "journal", "volume", "issue", "start", "end", "pages", "publisher", "issn", "isbn", "conference",
        "database", "languages", "references", "status"}
# a reference's status in CFF that a CV work's status has too (CFF's others: advance-online, abstract)
STATUSES = ("in-preparation", "submitted", "in-press", "preprint")


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    source = read_repaired(path, report)
    fragment = Fragment(source.file, report, Me(me, me_orcid, me_aliases))
    if not isinstance(source.data, dict):
        report.warning(source.location(()), "not a CITATION.cff file (expected a mapping)")
        return fragment.result()
    record = _work(source.data, (), source, fragment, report, default_type="software")
    if record is not None:
        fragment.add_work(record)
    cited = source.data.get("preferred-citation")
    if isinstance(cited, dict):
        record = _work(cited, ("preferred-citation",), source, fragment, report, default_type="other")
        if record is not None:
            fragment.add_work(record)
    _references(source, fragment, report)
    if fragment.works and fragment.me and not any(_by_owner(work, fragment) for work in fragment.works):
        listed = sorted({_display(person) for person in _people(source.data)} - {""})
        raise UsageError(f"import: '{fragment.me.name.full if fragment.me.name else fragment.me.orcid}' is not among "
                         f"the authors in {source.file} ({', '.join(listed[:8]) or 'none'}); give your name as the "
                         "file spells it")
    return fragment.result()


def _people(data: dict):
    """Every author dict in the file (the software's, the preferred citation's, the references')."""
    for part in [data, data.get("preferred-citation"), *listed(data.get("references"))]:
        if isinstance(part, dict) and isinstance(part.get("authors"), list):
            yield from (a for a in part["authors"] if isinstance(a, dict))


def _display(person: dict) -> str:
    return " ".join(str(person.get(p) or "").strip() for p in ("given-names", "name-particle", "family-names")
                    if person.get(p)) or str(person.get("name") or "").strip()


def _by_owner(work: dict, fragment: Fragment) -> bool:
    key = fragment.owner_key
    return any((a.get("person") if isinstance(a, dict) else a) == key for a in work["authors"])


def _listed(person: dict, me: Me) -> bool:
    """Whether one CFF author is the owner (by ORCID iD or a name variant), without adding anyone."""
    orcid = None
    if person.get("orcid"):
        try:
            orcid = ids.normalize_orcid(str(person["orcid"]))
        except ids.IdentifierError:
            orcid = None
    family = " ".join(str(person.get(p) or "").strip() for p in ("name-particle", "family-names")).strip()
    given = str(person.get("given-names") or "").strip()
    if family or given:
        return me.matches(Name(take_marks(given)[0] or None, take_marks(family)[0] or None), orcid)
    return bool(str(person.get("name") or "").strip()) and me.matches(Name(literal=take_marks(str(person["name"]))[0]), orcid)


def _references(source: Source, fragment: Fragment, report: Report) -> None:
    """The works the file cites: those the owner is an author of become works; the others are counted."""
    references = source.data.get("references")
    if not isinstance(references, list):
        return
    others = 0
    for index, reference in enumerate(references):
        path = ("references", index)
        if not isinstance(reference, dict):
            report.warning(source.location(path), "not a reference (expected a mapping); left out")
            continue
        authors = reference.get("authors") if isinstance(reference.get("authors"), list) else []
        if not fragment.me or not any(isinstance(a, dict) and _listed(a, fragment.me) for a in authors):
            others += 1
            continue
        record = _work(reference, path, source, fragment, report, default_type="generic")
        if record is not None:
            fragment.add_work(record)
    if others:
        one = others == 1
        report.warning(source.location(("references",)),
                       f"{others} of the {len(references)} references {'does' if one else 'do'} not list you among "
                       f"{'its' if one else 'their'} authors: not imported ({'it is a work' if one else 'they are works'} "
                       "the software cites)")


PERSON_READ = {"given-names", "family-names", "name-particle", "name-suffix", "orcid", "name"}


def _authors(data, path, source: Source, fragment: Fragment, report: Report) -> list:
    authors = []
    unread: dict[str, list] = {}
    for index, person in enumerate(data if isinstance(data, list) else []):
        for name in sorted(set(person) - PERSON_READ) if isinstance(person, dict) else ():
            unread.setdefault(name, []).append(index)
        where = source.location(path + (index,))
        if not isinstance(person, dict):
            report.warning(where, "not an author (expected a mapping); left out")
            continue
        orcid = fragment.identifier(ids.normalize_orcid, person.get("orcid"), source.location(path + (index, "orcid")),
                                    "ORCID iD") if person.get("orcid") else None
        family = " ".join(str(person.get(p) or "").strip() for p in ("name-particle", "family-names")).strip()
        given = str(person.get("given-names") or "").strip()
        if family or given:
            family, marked_f = take_marks(family)
            given, marked_g = take_marks(given)
            name = Name(given or None, family or None, str(person.get("name-suffix") or "").strip() or None)
            marked = marked_f or marked_g
        elif str(person.get("name") or "").strip():
            text, marked = take_marks(str(person["name"]))
            name = Name(literal=text)
        else:
            report.warning(where, "an author with neither names nor a name; left out")
            continue
        authors.append(fragment.author(name, orcid=orcid, equal=marked))
    for name, indexes in sorted(unread.items()):
        report.warning(source.location(path + (indexes[0], name)),
                       f"'{name}' of {len(indexes)} author(s) is not imported: the CV format has no place for it")
    return authors


def _work(data: dict, path, source: Source, fragment: Fragment, report: Report, *, default_type: str) -> dict | None:
    at = lambda *more: source.location(path + more)  # noqa: E731
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        report.warning(at(), "no title; skipped")
        return None
    date = None
    for name in ("date-released", "date-published"):
        if data.get(name) is not None:
            date = fragment.date(data[name], at(name))
            break
    if date is None and data.get("year") is not None:
        month = data.get("month")
        date = fragment.date(f"{data['year']}-{int(month):02d}" if str(month or "").isdigit() else data["year"], at("year"))
    authors = _authors(data.get("authors"), path + ("authors",), source, fragment, report)
    if not authors:
        report.warning(at(), "no author; skipped")
        return None
    kind = str(data.get("type") or default_type)
    work_type = TYPES.get(kind)
    if work_type is None:
        work_type = "other"
        report.warning(at("type"), f"CFF type '{kind}' has no counterpart: imported as 'other'")
    record: dict = {"type": work_type, "title": clean_title(" ".join(title.split()), at("title"), report),
                    "authors": authors}
    if date is not None:
        record["date"] = date
    status = data.get("status")  # a reference's: CFF's words are cvld's, but for advance-online and abstract
    if status in STATUSES:
        record["status"] = status
    elif status is not None:
        report.warning(at("status"), f"status '{status}' is not imported (cvld has {', '.join(STATUSES)})")
    if date is None and not path:
        report.warning(at(), "the software has no 'date-released': imported undated; add date-released: YYYY-MM-DD "
                             "(when this version was released)")
    elif date is None:
        fragment.undated(record, at(), "date ('date-released', 'date-published' or 'year')")
    doi = data.get("doi")
    urls = []
    identifiers = data.get("identifiers") if isinstance(data.get("identifiers"), list) else []
    if data.get("identifiers") not in (None, [], *[identifiers]):
        report.warning(at("identifiers"), "'identifiers' is not a list; not imported")
    for index, identifier in enumerate(identifiers):
        if not isinstance(identifier, dict):
            continue
        kind_, value = identifier.get("type"), identifier.get("value")
        if kind_ == "doi" and not doi:
            doi = value
        elif kind_ == "doi" and str(value).lower() != str(doi).lower():
            report.warning(at("identifiers", index), f"a second DOI '{value}' is not imported")
        elif kind_ == "url" and value:
            urls.append((value, at("identifiers", index)))
        elif kind_ != "doi":
            report.warning(at("identifiers", index), f"identifier of type '{kind_}' is not imported")
    if doi:
        record["doi"] = fragment.identifier(ids.normalize_doi, doi, at("doi"), "DOI")
    for name in ("repository-code", "url"):
        if data.get(name):
            urls.insert(0, (data[name], at(name)))
    if urls:
        record["url"] = fragment.identifier(ids.check_url, urls[0][0], urls[0][1], "URL")
        for value, where in urls[1:]:
            if value not in (urls[0][0], record.get("url")):
                report.warning(where, f"URL '{value}' is not imported (the work keeps one: '{urls[0][0]}')")
    if data.get("journal") or data.get("conference"):
        venue = data.get("journal") or (data["conference"].get("name") if isinstance(data["conference"], dict) else None)
        if venue:
            record["venue"] = {"name": str(venue)}
            publisher = data.get("publisher")
            if isinstance(publisher, dict) and publisher.get("name"):
                record["venue"]["publisher"] = str(publisher["name"])
            if data.get("issn"):
                record["venue"]["issn"] = fragment.identifier(ids.normalize_issn, data["issn"], at("issn"), "ISSN")
    for target, name in (("volume", "volume"), ("issue", "issue")):
        if data.get(name) is not None:
            record[target] = number_or_text(data[name])
    if data.get("start") is not None:
        start, end = str(data["start"]), data.get("end")
        if end is None and not start.isdigit():
            record["article_number"] = start
        else:
            record["pages"] = start + (f"\u2013{end}" if end is not None else "")
    if data.get("isbn"):
        record["isbn"] = fragment.identifier(ids.normalize_isbn, str(data["isbn"]), at("isbn"), "ISBN")
    if isinstance(data.get("abstract"), str):
        record["abstract"] = " ".join(data["abstract"].split())
    if isinstance(data.get("keywords"), list):
        record["keywords"] = [str(k) for k in data["keywords"] if str(k).strip()]
    if data.get("version") is not None:
        record["note"] = f"Version {data['version']}"
    for name in sorted(set(data) - READ):
        value = data[name]
        count = f" ({len(value)} items)" if isinstance(value, list) else ""
        report.warning(at(name), f"'{name}'{count} is not imported: the CV format has no place for it")
    record["key"] = fragment.work_key(None, record, at())
    return record

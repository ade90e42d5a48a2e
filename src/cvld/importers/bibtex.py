"""BibTeX and BibLaTeX (.bib) into a CV-document fragment.

bibtexparser 2 splits the file into entries (each with its line, a broken entry
becoming a located failure, never the end of the file); this module evaluates each
field's value (braces, quotes, ``@string`` and month macros, ``#`` concatenation),
decodes LaTeX to Unicode with pylatexenc, and maps entry types and fields to the CV
format. Every problem is a warning at the entry's or the field's line; a bad entry is
skipped, the rest of the file is read.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path


from cvld.core.lazy import lazy_module
from cvld.model import ids
from cvld.core.diagnostics import Location, Report
from cvld.importers.fragment import Fragment, number_or_text
from cvld.importers.names import Me, Name, split_bibtex_name, take_marks
from cvld.importers.text import clean_title, read_text

bibtexparser = lazy_module("bibtexparser")
bibtex_model = lazy_module("bibtexparser.model")
bibtex_errors = lazy_module("bibtexparser.exceptions")

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# entry type -> CV work type
ENTRY_TYPES = {
    "article": "journal-article", "inproceedings": "conference-paper", "conference": "conference-paper",
    "incollection": "book-chapter", "inbook": "book-chapter", "book": "book", "mvbook": "book",
    "collection": "edited-book", "proceedings": "edited-book", "mvproceedings": "edited-book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report", "report": "report",
    "manual": "report", "unpublished": "preprint", "misc": "other", "online": "other", "electronic": "other",
    "www": "other", "booklet": "other", "patent": "other", "dataset": "dataset", "software": "software",
    "artwork": "other", "periodical": "other", "suppbook": "book-chapter", "suppcollection": "book-chapter",
}
# entry types no BibTeX style knows, mapped to the closest kind with a warning
NONSTANDARD_TYPES = {"talk": "presentation", "presentation": "presentation", "slides": "presentation",
                     "lecture": "presentation", "poster": "poster", "preprint": "preprint", "data": "dataset",
                     "code": "software"}
PUBSTATE = {"submitted": "submitted", "inpress": "in-press", "in press": "in-press", "accepted": "accepted",
            "forthcoming": "accepted", "prepublished": "preprint", "inpreparation": "submitted"}

# fields this importer reads; any other is reported once per file
READ_FIELDS = {
    "author", "title", "year", "month", "date", "journal", "journaltitle", "booktitle", "school", "institution",
    "howpublished", "publisher", "volume", "number", "issue", "pages", "articleno", "article-number", "eid", "doi",
    "eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "url", "html", "pdf", "isbn", "issn",
    "pmid", "pubmedid", "abstract", "keywords", "note", "pubstate", "type", "author+an", "author+an:orcid",
    "editor", "editor+an", "editor+an:orcid",
}

_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(?:preprint\s*)?(?:arxiv[:\s]*)?([a-z.-]+/\d{7}|\d{4}\.\d{4,5})(v\d+)?", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)


class ValueError_(Exception):
    """A field value that cannot be read; the message is shown to the user."""


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    """Read a .bib file into a CV-document fragment; problems go to ``report`` as located warnings."""
    name, text = read_text(path)
    return _Reader(name, text, report, Me(me, me_orcid, me_aliases)).read()


def read_string(text: str, *, name: str = "<string>", me: str | None = None, me_orcid: str | None = None,
                report: Report, me_aliases: tuple[str, ...] = ()) -> dict:
    return _Reader(name, text, report, Me(me, me_orcid, me_aliases)).read()


@lru_cache(maxsize=1)
def _latex():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def decode_latex(text: str) -> str:
    """LaTeX to Unicode text: accents and commands decoded, braces gone, math kept readable."""
    if "\\" not in text and "{" not in text and "$" not in text and "~" not in text and "--" not in text:
        return " ".join(text.split())
    protected = re.sub(r"(?<!\\)%", r"\\%", text)  # a bare % in a .bib value means a percent sign
    decoded = _latex().latex_to_text(protected).replace("\u00a0", " ")
    return " ".join(decoded.split())


def unescape(text: str) -> str:
    """An identifier or URL as written: braces and backslash escapes taken off, no LaTeX decoding."""
    return re.sub(r"\\([_%&#$~])", r"\1", text.replace("{", "").replace("}", "")).strip()


class _Reader:
    def __init__(self, name: str, text: str, report: Report, me: Me):
        self.name = name
        self.text = text
        self.lines = text.splitlines()
        self.report = report
        self.fragment = Fragment(name, report, me)
        self.macros: dict[str, str] = {}
        self.unread: dict[str, tuple[Location, int]] = {}

    # --- locations -----------------------------------------------------------

    def column(self, line: int, needle: str) -> int:
        """The 1-based column of ``needle`` (a field name followed by '=', or '@') on a 0-based line."""
        if 0 <= line < len(self.lines):
            pattern = re.escape(needle) + (r"\s*=" if needle != "@" else "")
            found = re.search(rf"(?<![\w+:-]){pattern}", self.lines[line], re.IGNORECASE)
            if found:
                return found.start() + 1
        return 1

    def entry_at(self, block) -> Location:
        line = block.start_line or 0
        key = getattr(block, "key", "") or ""
        return Location(self.name, line + 1, self.column(line, "@"), key)

    def field_at(self, entry: Entry, field) -> Location:
        line = field.start_line if field.start_line is not None else entry.start_line or 0
        return Location(self.name, line + 1, self.column(line, field.key), f"{entry.key}.{field.key.lower()}")

    # --- reading ---------------------------------------------------------------

    def read(self) -> dict:
        quiet = logging.getLogger("bibtexparser.splitter")
        was, quiet.disabled = quiet.disabled, True  # its log repeats what is reported here, with line numbers
        try:
            library = bibtexparser.parse_string(self.text, parse_stack=[])
        finally:
            quiet.disabled = was
        seen_keys: dict[str, int] = {}
        for block in library.blocks:
            if isinstance(block, bibtex_model.String):
                self.define(block)
            elif isinstance(block, bibtex_model.ParsingFailedBlock):
                self.failed(block, seen_keys)
            elif isinstance(block, bibtex_model.Entry):
                seen_keys.setdefault(block.key, (block.start_line or 0) + 1)
                self.entry(block)
        for field, (where, count) in sorted(self.unread.items(), key=lambda item: item[1][0]):
            times = f" ({count} entries)" if count > 1 else ""
            self.report.warning(where, f"field '{field}' is not imported{times}: the CV format has no place for it")
        return self.fragment.result()

    def define(self, block: String) -> None:
        where = Location(self.name, (block.start_line or 0) + 1, 1, f"@string{{{block.key}}}")
        try:
            self.macros[block.key.lower()] = self.evaluate(str(block.value))
        except ValueError_ as error:
            self.report.warning(where, f"{error}; the macro is left undefined")

    def failed(self, block: ParsingFailedBlock, seen_keys: dict[str, int]) -> None:
        raw = block.raw or ""
        head = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw)
        key = head.group(2) if head else ""
        line = (block.start_line or 0) + 1
        where = Location(self.name, line, self.column(line - 1, "@"), key)
        if isinstance(block, bibtex_model.DuplicateBlockKeyBlock):
            first = seen_keys.get(block.key)
            also = f" (first at line {first})" if first else ""
            self.report.warning(where, f"duplicate entry key '{block.key}'{also}; entry skipped")
            return
        if isinstance(block, bibtex_model.DuplicateFieldKeyBlock):
            fields = ", ".join(sorted(getattr(block, "duplicate_keys", []) or []))
            self.report.warning(where, f"field given twice{f' ({fields})' if fields else ''}; entry skipped")
            return
        error = block.error
        reason = error.abort_reason.strip() if isinstance(error, bibtex_errors.BlockAbortedException) else str(error)
        if reason.startswith(("Unexpected block start", "Unexpectedly reached end of file")):
            if reason.startswith("Unexpected block start") and error.end_index is not None:
                upto = f"the next entry (line {self.text.count(chr(10), 0, error.end_index + 1) + 1})"
            else:
                upto = "the end of the file"
            self.report.warning(where, f"unbalanced braces or quotes: the entry is still open at {upto}; entry skipped")
        else:
            reason = reason.replace("`", "'").rstrip(". ")
            self.report.warning(where, f"cannot read the entry: {reason[:1].lower()}{reason[1:]}; entry skipped")

    # --- field values --------------------------------------------------------------

    def evaluate(self, raw: str) -> str:
        """A field value: braced or quoted text, a number or a macro, joined by '#'."""
        parts, position, text = [], 0, raw.strip()
        while True:
            while position < len(text) and text[position].isspace():
                position += 1
            if position >= len(text):
                raise ValueError_("empty value")
            char = text[position]
            if char in "{\"":
                end = self.closing(text, position)
                parts.append(text[position + 1:end])
                position = end + 1
            else:
                match = re.match(r"[^\s#,{}\"]+", text[position:])
                word = match.group(0) if match else text[position]
                position += len(word)
                if word.isdigit():
                    parts.append(word)
                elif word.lower() in self.macros:
                    parts.append(self.macros[word.lower()])
                elif word.lower() in MONTHS:
                    parts.append(word.lower())
                else:
                    raise ValueError_(f"unknown macro '{word}' (not defined by @string)")
            while position < len(text) and text[position].isspace():
                position += 1
            if position >= len(text):
                return "".join(parts)
            if text[position] != "#":
                raise ValueError_(f"unexpected text after the value: '{text[position:].strip()[:40]}' (a missing comma?)")
            position += 1

    @staticmethod
    def closing(text: str, start: int) -> int:
        depth, index = 0, start
        quote = text[start] == '"'
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0 and not quote:
                    return index
                if depth < 0:
                    break
            elif char == '"' and quote and depth == 0 and index > start:
                return index
            index += 1
        raise ValueError_("unbalanced braces in the value")

    # --- entries ---------------------------------------------------------------------

    def entry(self, entry: Entry) -> None:
        where = self.entry_at(entry)
        fields: dict[str, tuple[str, Location]] = {}
        for field in entry.fields:
            at = self.field_at(entry, field)
            name = field.key.lower()
            try:
                value = self.evaluate(str(field.value))
            except ValueError_ as error:
                self.report.warning(at, f"{error}; field left out")
                continue
            if not value.strip():
                continue
            fields[name] = (value, at)
            if name not in READ_FIELDS:
                first, count = self.unread.get(name, (at, 0))
                self.unread[name] = (first, count + 1)
        record = self.work(entry, fields, where)
        if record is not None:
            self.fragment.add_work(record)

    def work(self, entry: Entry, fields: dict, where: Location) -> dict | None:
        def get(*names):
            for name in names:
                if name in fields:
                    return fields[name]
            return None, where

        kind = entry.entry_type.lower()
        work_type = ENTRY_TYPES.get(kind)
        if work_type is None:
            work_type = NONSTANDARD_TYPES.get(kind, "other")
            self.report.warning(where, f"non-standard entry type @{entry.entry_type}: imported as '{work_type}'")
        title_raw, title_at = get("title")
        if not title_raw:
            self.report.warning(where, "no title; entry skipped")
            return None
        title = clean_title(decode_latex(title_raw), title_at, self.report)
        date = self.date(fields, where)
        if date is None:
            self.report.warning(where, "no year or date; entry skipped")
            return None
        authors = self.authors(fields, where)
        if not authors and work_type in ("edited-book", "book") and "editor" in fields:
            authors = self.authors(fields, where, role="editor")  # the editors of an edited book are its authors
        elif "editor" in fields:
            self.report.warning(fields["editor"][1], "editors are not imported: the CV format keeps a work's authors")
        if not authors:
            self.report.warning(where, "no author; entry skipped")
            return None
        record: dict = {"type": work_type, "title": title, "authors": authors, "date": date}
        self.identifiers(fields, record)
        self.venue(kind, fields, record)
        if work_type == "conference-paper" and re.search(r"(?i)\bworkshops?\b", record.get("venue", {}).get("name", "")):
            record["type"] = work_type = "workshop-paper"
        if record.get("arxiv") and work_type in ("other", "journal-article") and "venue" not in record:
            record["type"] = work_type = "preprint"
        status, status_at = get("pubstate")
        if status:
            if status.strip().lower() in PUBSTATE:
                record["status"] = PUBSTATE[status.strip().lower()]
            else:
                self.report.warning(status_at, f"pubstate '{status}' is not one of: {', '.join(PUBSTATE)}; left out")
        if work_type == "preprint":
            record.setdefault("status", "preprint")
        for target, names in (("volume", ("volume",)), ("issue", ("number", "issue")),
                              ("article_number", ("articleno", "article-number", "eid"))):
            value, _ = get(*names)
            if value and not (target == "issue" and work_type == "report"):
                record[target] = number_or_text(decode_latex(value))
        pages, _ = get("pages")
        if pages:
            pages = re.sub(r"(?i)^(?:pp?\.\s*|pp\s+)", "", decode_latex(pages)).replace(" ", "")
            record["pages"] = pages.replace("-", "\u2013").replace("\u2013\u2013", "\u2013")
        abstract, _ = get("abstract")
        if abstract:
            record["abstract"] = decode_latex(abstract)
        keywords, _ = get("keywords")
        if keywords:
            record["keywords"] = [k.strip() for k in re.split(r"[;,]", decode_latex(keywords)) if k.strip()]
        notes = []
        if work_type == "report":
            number, _ = get("number")
            label, _ = get("type")
            if number or label:
                notes.append(" ".join(decode_latex(v) for v in (label, number) if v))
        note, _ = get("note")
        if note:
            notes.append(decode_latex(note))
        if notes:
            record["note"] = "; ".join(notes)
        record["key"] = self.fragment.work_key(entry.key, record, where)
        return record

    def date(self, fields: dict, where: Location):
        if "date" in fields:
            value, at = fields["date"]
            text = value.strip()
            if "/" in text:
                self.report.warning(at, f"date range '{text}': the start is imported")
                text = text.split("/")[0]
            return self.fragment.date(text, at)
        if "year" not in fields:
            return None
        value, at = fields["year"]
        match = re.fullmatch(r"\s*(\d{4})\s*", decode_latex(value))
        if not match:
            self.report.warning(at, f"year '{value}' is not a four-digit year")
            return None
        year = int(match.group(1))
        if "month" not in fields:
            return year
        month_value, month_at = fields["month"]
        month = parse_month(month_value)
        if month is None:
            self.report.warning(month_at, f"month '{month_value}' is not a month; the year alone is imported")
            return year
        return f"{year:04d}-{month:02d}"

    def authors(self, fields: dict, where: Location, *, role: str = "author") -> list:
        if role not in fields:
            return []
        value, at = fields[role]
        annotations = parse_annotations(fields.get(f"{role}+an"), self.report)
        orcids = parse_annotations(fields.get(f"{role}+an:orcid"), self.report)
        from bibtexparser.middlewares.names import split_multiple_persons_names

        authors = []
        for index, raw in enumerate(split_multiple_persons_names(value), start=1):
            text, marked = take_marks(raw)
            if text.lower() == "others":
                self.report.warning(at, f"'and others': only the {len(authors)} {role}(s) named are imported")
                continue
            try:
                name = split_bibtex_name(text, decode_latex)
            except ValueError:
                self.report.warning(at, f"author {index} ('{raw.strip()}') has no name; left out")
                continue
            orcid = None
            for written in orcids.get(index, ()):
                orcid = self.fragment.identifier(ids.normalize_orcid, written, fields[f"{role}+an:orcid"][1],
                                                 f"ORCID iD of author {index}")
            notes = annotations.get(index, ())
            equal = marked or any("equal" in n for n in notes)
            corresponding = any(n.startswith("corr") for n in notes)
            for note in notes:
                if "equal" not in note and not note.startswith("corr"):
                    self.report.warning(fields[f"{role}+an"][1], f"annotation '{note}' of author {index} is not imported")
            authors.append(self.fragment.author(name, orcid=orcid, equal=equal, corresponding=corresponding))
        return authors

    def identifiers(self, fields: dict, record: dict) -> None:
        frag = self.fragment
        if "doi" in fields:
            value, at = fields["doi"]
            doi = frag.identifier(ids.normalize_doi, unescape(value), at, "doi")
            arxiv_doi = _ARXIV_DOI.match(doi or "")
            if arxiv_doi:
                record["arxiv"] = str(frag.identifier(ids.parse_arxiv, arxiv_doi.group(1), at, "arXiv id"))
            elif doi:
                record["doi"] = doi
        eprint, eprint_at = fields.get("eprint", (None, None))
        archive = (fields.get("archiveprefix") or fields.get("eprinttype") or ("", None))[0].strip().lower()
        if eprint and (archive == "arxiv" or (not archive and re.match(r"^\d{4}\.\d{4,5}", eprint.strip()))):
            arxiv = frag.identifier(ids.parse_arxiv, unescape(eprint), eprint_at, "eprint")
            if arxiv:
                record["arxiv"] = str(arxiv)
        elif eprint:
            self.report.warning(eprint_at, f"eprint of type '{archive or 'unknown'}' is not imported")
        if "arxiv" not in record:
            for name in ("journal", "howpublished", "note", "url"):
                value, at = fields.get(name, (None, None))
                match = _ARXIV_IN_TEXT.search(value or "") or (re.search(r"arxiv\.org/(?:abs|pdf)/([^\s}]+?)(?:\.pdf)?$", value or "")
                                                                if name == "url" else None)
                if match:
                    arxiv = frag.identifier(ids.parse_arxiv, "".join(g for g in match.groups() if g), at, "arXiv id")
                    if arxiv:
                        record["arxiv"] = str(arxiv)
                        break
        for name in ("url", "html"):
            if name in fields and "url" not in record:
                value, at = fields[name]
                url = frag.identifier(ids.check_url, unescape(value), at, name)
                if url and not (record.get("arxiv") and "arxiv.org/" in url) and not (
                        record.get("doi") and url.lower().endswith(record["doi"].lower())):
                    record["url"] = url
        if "pdf" in fields:
            value, at = fields["pdf"]
            pdf = frag.identifier(ids.check_url, unescape(value), at, "pdf")
            if pdf:
                record["pdf"] = pdf
        if "isbn" in fields:
            value, at = fields["isbn"]
            record["isbn"] = frag.identifier(ids.normalize_isbn, unescape(value), at, "isbn")
        if "issn" in fields:
            value, at = fields["issn"]
            record["issn"] = frag.identifier(ids.normalize_issn, unescape(value).split(",")[0], at, "issn")
        for name in ("pmid", "pubmedid"):
            if name in fields:
                value, at = fields[name]
                record["pmid"] = frag.identifier(ids.normalize_pmid, unescape(value), at, name)

    def venue(self, kind: str, fields: dict, record: dict) -> None:
        names = {"thesis": ("school", "institution"), "report": ("institution", "publisher")}.get(
            record["type"], ("journal", "journaltitle", "booktitle", "howpublished"))
        venue = None
        for name in names:
            if name in fields:
                value = decode_latex(fields[name][0])
                if name == "howpublished" and (re.match(r"(?i)^\s*(\\url|https?:)", fields[name][0]) or _ARXIV_IN_TEXT.search(value)):
                    continue
                if name == "journal" and _ARXIV_IN_TEXT.search(value) and re.match(r"(?i)^\s*arxiv", value):
                    continue
                venue = {"name": value}
                break
        publisher = decode_latex(fields["publisher"][0]) if "publisher" in fields else None
        if venue is None and publisher and record["type"] in ("book", "edited-book", "report", "thesis"):
            venue = {"name": publisher}
        elif publisher and venue is not None and venue["name"] != publisher:
            venue["publisher"] = publisher
        elif publisher and venue is None:
            self.report.warning(fields["publisher"][1], "publisher left out: the work has no venue to hold it")
        if venue:
            if record["type"] == "preprint" and re.fullmatch(r"(?i)arxiv", venue["name"]):
                return
            record["venue"] = venue
            issn = record.pop("issn", None)
            if issn:
                venue["issn"] = issn


def parse_month(value: str) -> int | None:
    text = value.strip().lower().rstrip(".")
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    if text[:3] in MONTHS and (len(text) == 3 or text in _MONTH_NAMES):
        return MONTHS.index(text[:3]) + 1
    return None


_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "sept",
                "october", "november", "december"}


def parse_annotations(field, report: Report) -> dict[int, tuple[str, ...]]:
    """BibLaTeX data annotations ``1=equal; 3=corresponding`` or ``1="0000-..."``: item -> values."""
    if not field:
        return {}
    value, at = field
    result: dict[int, tuple[str, ...]] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        match = re.fullmatch(r"\s*(\d+)(?::\w+)?\s*=\s*(.+?)\s*", part)
        if not match:
            report.warning(at, f"annotation '{part.strip()}' is not ITEM=VALUE; left out")
            continue
        values = tuple(v.strip().strip('"').strip().lower() if not re.search(r"\d{4}-", v) else v.strip().strip('"')
                       for v in match.group(2).split(","))
        result[int(match.group(1))] = result.get(int(match.group(1)), ()) + values
    return result


__all__ = ["read", "read_string", "decode_latex", "Name"]

r"""BibTeX for ORCID's "Import BibTeX" (and any reference manager).

One entry per work, keyed by the work's own key, with the entry types and fields that
ORCID's BibTeX importer maps: ``@article`` (journal-article, ``journal``),
``@inproceedings`` (conference-paper, ``booktitle``), ``@misc`` with
``eprinttype = {arxiv}`` and ``eprint`` for preprints, and ``doi``, ``year``,
``month``, ``url`` on every entry that has them (an undated work has no ``year``; a range is
``year = {2003--2015}``; a work not yet published says so in BibLaTeX's ``pubstate``).

One escaping rule, :func:`field_value`, writes every value: in braces, LaTeX-encoded by
pylatexenc, every brace balanced (BibTeX counts every brace, escaped or not: a literal brace
is ``{\{}``/``{\}}`` when it has its partner, ``{\textbraceleft}``/``{\textbraceright}`` when
not, so no value ends early). The verbatim fields
(``doi``, ``url``, ``eprint``: biblatex reads them as written, so ``%``, ``#``, ``_``, ``~`` stay
literal) are written as they are and must hold no brace, backslash or white space; the model
guarantees that (``cvld.model.ids``: Crossref's DOI characters, RFC 3987 URLs, arXiv ids), and
:func:`field_value` refuses anything else rather than write a value that ends early. Values
never hold a line break, so no ``@`` inside one starts a line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cvld.core.diagnostics import Report
from cvld.model.records import CV, Person, Work

# cvld work type -> BibTeX entry type, and the field that names the container
ENTRY_TYPES = {
    "journal-article": ("article", "journal"),
    "conference-paper": ("inproceedings", "booktitle"),
    "workshop-paper": ("inproceedings", "booktitle"),
    "preprint": ("misc", "howpublished"),
    "thesis": ("phdthesis", "school"),
    "book": ("book", "series"),
    "edited-book": ("book", "series"),
    "book-chapter": ("incollection", "booktitle"),
    "report": ("techreport", "institution"),
    "poster": ("misc", "howpublished"),
    "presentation": ("misc", "howpublished"),
    "dataset": ("misc", "howpublished"),
    "software": ("misc", "howpublished"),
    "other": ("misc", "howpublished"),
}

# a work's status -> BibLaTeX's pubstate (its localisation keys); a preprint is told by its eprint, and
# BibLaTeX has no "in review": submitted is the nearest
PUBSTATE = {"in-preparation": "inpreparation", "submitted": "submitted", "in-review": "submitted",
            "accepted": "forthcoming", "in-press": "inpress"}

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@lru_cache(maxsize=1)
def _encoder():
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    # a character LaTeX has no command for (CJK, most scripts) is kept as UTF-8, which biber and
    # BibTeX 0.99 with inputenc read; pylatexenc's warning for each one would go to stderr unasked
    return UnicodeToLatexEncoder(non_ascii_only=False, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", unknown_char_warning=False)


# printable ASCII that pylatexenc leaves as it is: such text skips the encoder (most titles and names)
_PLAIN = re.compile(r"[ !'()*+,\-./0-9:;=?@A-Z\[\]`a-z|]*")


def latex(text: str) -> str:
    r"""``text`` with LaTeX's special characters and every non-ASCII character encoded, every
    brace of the result balanced: BibTeX counts every brace, ``\{`` too, so a literal brace with
    its partner is ``{\{}``/``{\}}`` and one without is ``{\textbraceleft}``/``{\textbraceright}``."""
    text = " ".join(text.split())
    if _PLAIN.fullmatch(text):
        return text
    unpaired = _unpaired_braces(text)
    if not unpaired:
        return _encoder().unicode_to_latex(text)
    parts, start = [], 0
    for index in unpaired:
        parts.append(_encoder().unicode_to_latex(text[start:index]) if index > start else "")
        parts.append(_UNPAIRED[text[index]])
        start = index + 1
    parts.append(_encoder().unicode_to_latex(text[start:]) if start < len(text) else "")
    return "".join(parts)


_UNPAIRED = {"{": "{\\textbraceleft}", "}": "{\\textbraceright}"}


def _unpaired_braces(text: str) -> list[int]:
    """The positions of the braces in ``text`` that have no partner (matched as parentheses are)."""
    opened: list[int] = []
    unpaired: list[int] = []
    for index, ch in enumerate(text):
        if ch == "{":
            opened.append(index)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                unpaired.append(index)
    return sorted(unpaired + opened)


def bibtex_name(person: Person) -> str:
    """``Family, Given Middle`` when the record splits the name, else the name as written."""
    if person.family_name:
        given = " ".join(part for part in (person.given_name, person.additional_name) if part)
        return f"{person.family_name}, {given}" if given else person.family_name
    return person.name


def entry_fields(work: Work) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and (field, raw value) pairs of one work, before LaTeX encoding."""
    entry_type, container = ENTRY_TYPES.get(work.type, ("misc", "howpublished"))
    fields: list[tuple[str, str]] = [
        ("title", work.title),
        ("author", " and ".join(bibtex_name(a.person) for a in work.authors)),
    ]
    if work.venue is not None:
        fields.append((container, work.venue.name))
        if work.venue.publisher:
            fields.append(("publisher", work.venue.publisher))
    if work.date_end:  # a range as BibTeX files write one; the months are left out
        fields.append(("year", f"{work.date.year}--{work.date_end.year}"))
    elif work.date:
        fields.append(("year", str(work.date.year)))
        if work.date.month:
            fields.append(("month", MONTHS[work.date.month - 1]))
    for name, value in (("volume", work.volume), ("number", work.issue),
                        ("pages", work.pages.replace("\u2013", "--") if work.pages else None),
                        ("eid", work.article_number), ("doi", work.doi)):
        if value:
            fields.append((name, value))
    if work.arxiv is not None:
        fields += [("eprint", str(work.arxiv)), ("eprinttype", "arxiv"), ("archiveprefix", "arXiv")]
    issn = work.issn or (work.venue.issn if work.venue else None)
    isbn = work.isbn or (work.venue.isbn if work.venue else None)
    for name, value in (("issn", issn), ("isbn", isbn), ("pmid", work.pmid), ("url", work.url),
                        ("abstract", work.abstract)):
        if value:
            fields.append((name, value))
    if work.keywords:
        fields.append(("keywords", ", ".join(work.keywords)))
    if work.status in PUBSTATE:
        fields.append(("pubstate", PUBSTATE[work.status]))
    return entry_type, fields


VERBATIM_FIELDS = frozenset({"doi", "url", "eprint"})
# a brace, backslash, space or control character (C0, DEL, C1): the same set as the complement of
# printable ASCII and U+00A0 onwards, written as ranges that compile in a tenth of the time
_NOT_VERBATIM = re.compile(r"[{}\\\s\x00-\x1f\x7f-\x9f]")
_PLAIN_FIELDS = frozenset({"year"})  # digits only


def field_value(name: str, value: str) -> str:
    """The one BibTeX escaping rule: the value of field ``name`` as written after ``=``."""
    if name == "month" and value in MONTHS:
        return value  # the month macro, unbraced
    if name in VERBATIM_FIELDS or (name in _PLAIN_FIELDS and value.isdigit()):
        bad = _NOT_VERBATIM.search(value)
        if bad:
            raise ValueError(f"BibTeX field {name} cannot hold {bad.group()!r} verbatim: {value!r}")
        return "{" + value + "}"
    return "{" + latex(value) + "}"


def dumps_entry(work: Work) -> str:
    """One BibTeX entry, keyed by the work's key."""
    entry_type, fields = entry_fields(work)
    lines = [f"@{entry_type}{{{work.key},"]
    for name, value in fields:
        lines.append(f"  {name} = {field_value(name, value)},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines)


def dumps_bibtex(cv: CV, report: Report | None = None) -> str:
    """``works.bib``: one entry per work, in the CV's order."""
    return join_entries([dumps_entry(work) for work in cv.works])


def join_entries(entries: list[str]) -> str:
    """The ``.bib`` text of these entries (from :func:`dumps_entry`), in order."""
    return "".join(entry + "\n\n" for entry in entries).rstrip("\n") + "\n" if entries else ""

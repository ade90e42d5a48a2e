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
from cvld.model.dates import DateError, parse_date_range
from cvld.core.diagnostics import CVInputError, Diagnostic, Location, Report
from cvld.importers.fragment import Fragment, number_or_text
from cvld.importers.names import Me, Name, split_bibtex_name, take_marks, unwrap_markup
from cvld.importers.text import clean_title, read_text, status_in_text

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
            "forthcoming": "accepted", "prepublished": "preprint", "inpreparation": "in-preparation",
            "in preparation": "in-preparation", "inreview": "in-review", "in review": "in-review",
            "underreview": "in-review", "under review": "in-review"}

# a year range as .bib files write one (2003--2015, 2003/2015), possibly with no end (2019--, 2019--present)
_YEAR_SPAN = re.compile(r"\s*(\d{4})\s*(?:-+|\u2013|\u2014|/)\s*(\d{4}|present|now|today)?\s*", re.I)

# fields this importer reads; any other is reported once per file
READ_FIELDS = {
    "author", "title", "year", "month", "date", "journal", "journaltitle", "booktitle", "school", "institution",
    "howpublished", "publisher", "volume", "number", "issue", "pages", "articleno", "article-number", "eid", "doi",
    "eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "url", "html", "pdf", "isbn", "issn",
    "pmid", "pubmedid", "abstract", "keywords", "note", "pubstate", "type", "author+an", "author+an:orcid",
    "editor", "editor+an", "editor+an:orcid", "crossref", "organization",
}

_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(?:preprint\s*)?(?:arxiv[:\s]*)?([a-z.-]+/\d{7}|\d{4}\.\d{4,5})(v\d+)?", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)


class ValueError_(Exception):
    """A field value that cannot be read; the message is shown to the user."""


class _OverBudget(Exception):
    """The file's values expand past MAX_EXPANSION_CHARS (at ``where``)."""

    def __init__(self, where: Location):
        super().__init__(where)
        self.where = where


# C0 and C1 control characters (tab and line ends aside) and the non-characters U+FFFE/U+FFFF
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# fields a crossref'd entry does not take from its parent: they identify the parent itself
NOT_INHERITED = {"crossref", "xref", "ids", "key", "doi", "url", "eprint", "eprinttype", "archiveprefix", "primaryclass",
                 "pdf", "abstract", "keywords", "note", "pages", "eid", "pmid", "pubmedid", "author+an",
                 "author+an:orcid", "entryset", "sortkey", "label", "shorthand", "editor", "editor+an"}


def split_names(value: str) -> list[str]:
    """A name list split at 'and' (any case, with white space both sides) outside braces, as BibTeX
    splits it (bibtexparser's own splitter eats the backslash of '\\underline' after 'and ')."""
    names, depth, start, index = [], 0, 0, 0
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char.isspace():
            match = _AND.match(value, index)
            if match:
                names.append(value[start:index])
                start = index = match.end()
                continue
        index += 1
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    """Read a .bib file into a CV-document fragment; problems go to ``report`` as located warnings."""
    name, text = read_text(path, limit=MAX_FILE_BYTES)
    return _Reader(name, text, report, Me(me, me_orcid, me_aliases)).read()


def read_string(text: str, *, name: str = "<string>", me: str | None = None, me_orcid: str | None = None,
                report: Report, me_aliases: tuple[str, ...] = ()) -> dict:
    if len(text) > MAX_FILE_BYTES:
        raise CVInputError([Diagnostic(Location(name, text.count("\n", 0, MAX_FILE_BYTES) + 1),
                                       f"the text is longer than {MAX_FILE_BYTES:,} characters, the most an import "
                                       "reads; split it into smaller files")])
    return _Reader(name, text, report, Me(me, me_orcid, me_aliases)).read()


# Budgets: no import reads more than these, whatever the input (a file, a macro bomb, nesting).
MAX_FILE_BYTES = 16 * 1024 * 1024  # a .bib longer than this is refused, at the byte where it passes
MAX_VALUE_CHARS = 1_000_000  # one field or @string value; a longer one is left out with a warning
MAX_EXPANSION_CHARS = 32 * 1024 * 1024  # all values of a file together, @string expansion included
MAX_DEPTH = 50  # brace nesting decoded as LaTeX; deeper values have their braces and commands taken off

# AAS journal macros (aas_macros.sty, as ADS exports use them): what an undefined {\aap} stands for
JOURNAL_MACROS = {
    "aj": "Astronomical Journal", "actaa": "Acta Astronomica", "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal", "apjl": "Astrophysical Journal Letters", "apjs": "Astrophysical Journal Supplement Series",
    "ao": "Applied Optics", "apss": "Astrophysics and Space Science", "aap": "Astronomy & Astrophysics",
    "aapr": "Astronomy and Astrophysics Review", "aaps": "Astronomy & Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal", "baas": "Bulletin of the American Astronomical Society",
    "caa": "Chinese Astronomy and Astrophysics", "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus", "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada", "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society", "na": "New Astronomy", "nar": "New Astronomy Reviews",
    "pra": "Physical Review A", "prb": "Physical Review B", "prc": "Physical Review C", "prd": "Physical Review D",
    "pre": "Physical Review E", "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan", "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "qjras": "Quarterly Journal of the Royal Astronomical Society", "skytel": "Sky and Telescope",
    "solphys": "Solar Physics", "sovast": "Soviet Astronomy", "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik", "nat": "Nature", "iaucirc": "IAU Circulars", "aplett": "Astrophysics Letters",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands", "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters", "jcp": "Journal of Chemical Physics", "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana", "nphysa": "Nuclear Physics A", "physrep": "Physics Reports",
    "physscr": "Physica Scripta", "planss": "Planetary and Space Science", "procspie": "Proceedings of the SPIE",
}
# commands whose argument is shown as plain text (math alphabets as the paper's letters, links as their text)
_PLAIN_MACROS = ("mathsf", "mathrm", "mathbf", "mathit", "mathtt", "mathnormal", "textsf", "texttt", "textrm",
                 "textnormal", "textup", "textmd", "boldsymbol", "bm", "mbox", "hbox", "text", "uline", "underline",
                 "url", "nolinkurl", "ensuremath")
_DROPPED_MACROS = ("noopsort", "noop", "sortnoop", "SortNoop", "nocite", "cite", "label", "ref")  # sort keys


@lru_cache(maxsize=1)
def _latex():
    from pylatexenc import latex2text, latexwalker, macrospec

    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("cvld", prepend=True, macros=[
        macrospec.MacroSpec("href", "{{"), *(macrospec.MacroSpec(name, "{") for name in _PLAIN_MACROS + _DROPPED_MACROS)])
    text_db = latex2text.get_default_latex_context_db()
    text_db.add_context_category("cvld", prepend=True, macros=[
        latex2text.MacroTextSpec("href", "%(2)s"), *(latex2text.MacroTextSpec(name, "%(1)s") for name in _PLAIN_MACROS),
        *(latex2text.MacroTextSpec(name, "") for name in _DROPPED_MACROS)])
    return latex2text.LatexNodes2Text(text_db, math_mode="text", strict_latex_spaces=False), parse_db, text_db


def _depth(text: str) -> int:
    depth = deepest = 0
    for mark in _BRACES.finditer(text):
        char = mark.group()
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth = max(depth - 1, 0)
    return deepest


def strip_latex(text: str) -> str:
    """The text of a value with its braces, dollars and command names taken off (no decoding)."""
    plain = re.sub(r"\\([^A-Za-z\s])", r"\1", re.sub(r"\\[A-Za-z]+\*?\s*", "", text))
    return " ".join(plain.replace("{", "").replace("}", "").replace("$", "").replace("~", " ").split())


def decode_latex(text: str, warn=None) -> str:
    """LaTeX to Unicode text: accents and commands decoded, braces gone, math kept readable.

    ``warn(message)`` hears what could not be decoded as LaTeX: a command LaTeX does not define
    (an AAS journal macro such as ``\aap`` is written out), or a value nested deeper than
    MAX_DEPTH or that pylatexenc cannot read (its braces and commands are taken off instead).
    """
    if "\\" not in text and "{" not in text and "$" not in text and "~" not in text and "--" not in text:
        return " ".join(text.split())
    warn = warn or (lambda message: None)
    converter, parse_db, text_db = _latex()
    whole = re.fullmatch(r"\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*", text)
    if whole and whole.group(1).lower() in JOURNAL_MACROS and text_db.get_macro_spec(whole.group(1)) is None:
        name = JOURNAL_MACROS[whole.group(1).lower()]
        warn(f"journal macro \\{whole.group(1)} read as '{name}'")
        return name
    if _depth(text) > MAX_DEPTH:
        warn(f"nested more than {MAX_DEPTH} levels deep: braces and commands taken off, not decoded as LaTeX")
        return strip_latex(text)
    unknown = sorted({name for name in re.findall(r"(?<!\\)\\([A-Za-z]+)", text)
                      if text_db.get_macro_spec(name) is None and parse_db.get_macro_spec(name) is None
                      and text_db.get_environment_spec(name) is None})
    if unknown:
        names = ", ".join("\\" + name for name in unknown)
        warn(f"LaTeX command{'s' if len(unknown) > 1 else ''} {names} not defined in LaTeX: the command is taken "
             "out and its braced text kept (write the text it stands for)")
    pieces = []
    for is_latex, piece in _segments(text):  # pylatexenc is slow per character: it reads only the LaTeX
        if not is_latex:
            pieces.append(_plain(piece))
            continue
        try:
            pieces.append(_decode_island(piece))
        except (RecursionError, IndexError, KeyError, ValueError, TypeError, AttributeError) as error:  # pylatexenc's
            warn(f"cannot be decoded as LaTeX ({type(error).__name__}): braces and commands taken off")
            return strip_latex(text)
    return " ".join("".join(pieces).replace("\u00a0", " ").split())


@lru_cache(maxsize=8192)
def _decode_island(piece: str) -> str:
    """One LaTeX island through pylatexenc (the same accents and commands recur: each is read once)."""
    converter, parse_db, _ = _latex()
    protected = re.sub(r"(?<!\\)%", r"\\%", piece)  # a bare % in a .bib value means a percent sign
    return converter.latex_to_text(protected, latex_context=parse_db)


_PLAIN_TEXT = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"), ("~", " "), ("{", ""), ("}", ""),
               ("$", ""))
_COMMAND = re.compile(r"\\(?:[A-Za-z]+\*?|.)", re.S)
_ACCENT_COMMANDS = set("'`^\"~=.") | set("cvuHkrdbtG")  # they take the next character when no braces follow


def _plain(text: str) -> str:
    """Text with no command in it, as LaTeX prints it: dashes, quotes, ties; braces and dollars gone."""
    for written, shown in _PLAIN_TEXT:
        text = text.replace(written, shown)
    return text


def _closing_brace(text: str, start: int) -> int:
    """The index of the brace closing the one at ``start`` (escaped braces skipped), or -1."""
    depth = 0
    for mark in _MARKS.finditer(text, start):
        char = mark.group()[0]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return mark.start()
    return -1


# \newcommand{\name}{text}, \renewcommand, \providecommand, \def\name{text}: no arguments
_DEFINITION = re.compile(r"\\(?:(?:re|provide)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?|def\s*\\([A-Za-z]+))\s*\{")
_COMMAND_USE = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])\s*(?:\{\})?")
_MARKS = re.compile(r'\\.|[{}"]', re.S)  # an escape (skipped whole), a brace or a quote
_BRACES = re.compile(r"[{}]")


def _segments(text: str) -> list[tuple[bool, str]]:
    """The value cut into plain runs and LaTeX islands: a command with its arguments, a braced
    group or a $...$ formula holding a command. Unbalanced text is one island (pylatexenc's)."""
    pieces: list[tuple[bool, str]] = []
    plain, index = 0, 0
    while index < len(text):
        char, end = text[index], None
        if char == "{":
            close = _closing_brace(text, index)
            if close < 0:
                return [(True, text)]
            if "\\" in text[index:close] or "$" in text[index:close]:
                end = close + 1
            else:
                index = close + 1
                continue
        elif char == "$":
            close = text.find("$", index + 1)
            if close > 0 and "\\" in text[index:close]:
                end = close + 1
        elif char == "\\":
            command = _COMMAND.match(text, index)
            end, name = command.end(), command.group()[1:]
            if name[:1].isalpha():
                while end < len(text) and text[end] == " ":
                    end += 1
            taken = False
            for _ in range(3):  # up to three arguments, braced or optional
                if end < len(text) and text[end] == "{":
                    close = _closing_brace(text, end)
                    if close < 0:
                        return [(True, text)]
                    end, taken = close + 1, True
                elif end < len(text) and text[end] == "[" and "]" in text[end:end + 200]:
                    end = text.index("]", end) + 1
                else:
                    break
            if not taken and name in _ACCENT_COMMANDS and end < len(text):
                end += 1
        if end is None:
            index += 1
            continue
        if plain < index:
            pieces.append((False, text[plain:index]))
        pieces.append((True, text[index:end]))
        plain = index = end
    if plain < len(text):
        pieces.append((False, text[plain:]))
    return pieces


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
        self.expanded = 0  # characters made by evaluating values, against MAX_EXPANSION_CHARS
        self.decoded: dict[int, str] = {}
        self.undefined: set[str] = set()  # macros whose @string could not be read
        self.commands: dict[str, str] = {}  # commands the @preamble defines without arguments

    # --- locations -----------------------------------------------------------

    def column(self, line: int, needle: str, occurrence: int = 0) -> int:
        """The 1-based column of ``needle`` (a field name followed by '=', or '@') on a 0-based line,
        its ``occurrence``-th there (0: the first)."""
        if 0 <= line < len(self.lines):
            pattern = re.escape(needle) + (r"\s*=" if needle != "@" else "")
            for number, found in enumerate(re.finditer(rf"(?<![\w+:-]){pattern}", self.lines[line], re.IGNORECASE)):
                if number == occurrence:
                    return found.start() + 1
        return 1

    def entry_at(self, block) -> Location:
        line = block.start_line or 0
        key = getattr(block, "key", "") or ""
        return Location(self.name, line + 1, self.column(line, "@"), key)

    def field_at(self, entry: Entry, field, occurrence: int = 0) -> Location:
        line = field.start_line if field.start_line is not None else entry.start_line or 0
        return Location(self.name, line + 1, self.column(line, field.key, occurrence), f"{entry.key}.{field.key.lower()}")

    # --- reading ---------------------------------------------------------------

    def read(self) -> dict:
        quiet = logging.getLogger("bibtexparser.splitter")
        was, quiet.disabled = quiet.disabled, True  # its log repeats what is reported here, with line numbers
        try:
            library = bibtexparser.parse_string(blank_comment_lines(self.text), parse_stack=[])
        finally:
            quiet.disabled = was
        seen_keys: dict[str, int] = {}
        entries = []
        try:
            for block in library.blocks:
                if isinstance(block, bibtex_model.String):
                    self.define(block)
                elif isinstance(block, bibtex_model.ImplicitComment):
                    self.lost_at(block)
                elif isinstance(block, bibtex_model.Preamble):
                    self.preamble(block)
                elif isinstance(block, bibtex_model.DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block,
                                                                                          bibtex_model.String):
                    self.report.warning(Location(self.name, (block.start_line or 0) + 1, 1, f"@string{{{block.key}}}"),
                                        f"@string '{block.key}' defined again: the later definition is used from "
                                        "here on, as BibTeX does")
                    self.define(block.ignore_error_block)
                elif isinstance(block, bibtex_model.DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
                    first = seen_keys.get(block.key)
                    also = f" (first at line {first})" if first else ""
                    self.report.warning(self.entry_at(block.ignore_error_block),
                                        f"entry key '{block.key}' used again{also}: kept as another work")
                    entries.append(self.collect(block.ignore_error_block))
                elif isinstance(block, bibtex_model.DuplicateFieldKeyBlock) and block.ignore_error_block is not None:
                    seen_keys.setdefault(block.ignore_error_block.key, (block.start_line or 0) + 1)
                    entries.append(self.collect(block.ignore_error_block))
                elif isinstance(block, bibtex_model.ParsingFailedBlock):
                    self.failed(block, seen_keys)
                elif isinstance(block, bibtex_model.Entry):
                    seen_keys.setdefault(block.key, (block.start_line or 0) + 1)
                    entries.append(self.collect(block))
        except _OverBudget as error:
            raise CVInputError([Diagnostic(error.where, f"the values expand to more than {MAX_EXPANSION_CHARS:,} "
                                           "characters, the most an import reads (an @string chain that doubles "
                                           "at each step?); the file is not imported")]) from None
        containers = self.inherit(entries)
        for entry, fields, where in entries:
            if entry.key.lower() in containers and not self.owner_named(fields):
                count = containers[entry.key.lower()]
                self.report.warning(where, f"'{entry.key}' is the crossref target of {count} "
                                           f"entr{'ies' if count > 1 else 'y'} and names no author or editor who is the "
                                           "owner: read as their container, not imported as a work")
                continue
            record = self.work(entry, fields, where)
            if record is not None:
                self.fragment.add_work(record)
        for field, (where, count) in sorted(self.unread.items(), key=lambda item: item[1][0]):
            times = f" ({count} entries)" if count > 1 else ""
            self.report.warning(where, f"field '{field}' is not imported{times}: the CV format has no place for it")
        return self.fragment.result()

    def owner_named(self, fields: dict) -> bool:
        me = self.fragment.me
        for role in ("author", "editor"):
            if role in fields:
                for raw in split_names(fields[role][0]):
                    try:
                        if me.matches(split_bibtex_name(take_marks(unwrap_markup(raw))[0], decode_latex)):
                            return True
                    except ValueError:
                        continue
        return False

    def inherit(self, entries: list) -> dict[str, int]:
        """BibTeX's crossref: a field the entry lacks is taken from the entry it names (one level, as
        BibTeX does; the parent's title becomes the booktitle). Returns the keys used as targets."""
        by_key: dict[str, dict] = {}
        for entry, fields, _ in entries:
            by_key.setdefault(entry.key.lower(), fields)
        targets: dict[str, int] = {}
        for entry, fields, _ in entries:
            if "crossref" not in fields:
                continue
            value, at = fields["crossref"]
            parent = by_key.get(value.strip().lower())
            if parent is None or parent is fields:
                self.report.warning(at, f"crossref '{value.strip()}' names no other entry in this file; nothing inherited")
                continue
            targets[value.strip().lower()] = targets.get(value.strip().lower(), 0) + 1
            title_as = "journaltitle" if entry.entry_type.lower() == "article" else "booktitle"
            for name, item in parent.items():
                target = title_as if name == "title" else name
                if name not in NOT_INHERITED and target not in fields:
                    fields[target] = item
        return targets

    def lost_at(self, block) -> None:
        """Text between entries: a 'string{name = value}' that lost its '@' is read as @string (reported)."""
        text = block.comment or ""
        for found in re.finditer(r"(?im)^[ \t]*string[ \t]*([{(])[ \t]*([A-Za-z][\w:.+-]*)[ \t]*=", text):
            line = (block.start_line or 0) + text.count("\n", 0, found.start()) + 1
            where = Location(self.name, line, found.start() - text.rfind("\n", 0, found.start()), f"@string{{{found.group(2)}}}")
            close = "}" if found.group(1) == "{" else ")"
            depth, index = 1, found.end()
            while index < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[index], 0) if close == "}" else {"(": 1, ")": -1}.get(text[index], 0)
                index += 1
            if depth:
                self.report.warning(where, "'string{' without its '@' and never closed; not read")
                continue
            try:
                self.macros[found.group(2).lower()] = self.evaluate(text[found.end():index - 1], where)
            except ValueError_ as error:
                self.report.warning(where, f"'string' without its '@': {error}; the macro is left undefined")
                continue
            self.report.warning(where, "'string' without its '@': read as @string")

    def preamble(self, block) -> None:
        """Commands the @preamble defines without arguments (``\\newcommand{\\me}{Lei Wu}``, ``\\def\\me{...}``):
        their text stands in for them in the values, as LaTeX would print it."""
        where = Location(self.name, (block.start_line or 0) + 1, 1, "@preamble")
        try:
            text = self.evaluate(str(block.value), where)
        except ValueError_ as error:
            self.report.warning(where, f"{error}; the preamble is not read")
            return
        for found in _DEFINITION.finditer(text):
            name = found.group(1) or found.group(2)
            start = found.end() - 1
            close = _closing_brace(text, start)
            if close > 0 and name not in ("noopsort", "noop", "sortnoop", "SortNoop"):
                self.commands[name] = text[start + 1:close]

    def expand_commands(self, value: str, at: Location) -> str:
        """``value`` with each preamble command replaced by its text (once: definitions are not re-read)."""
        if not self.commands or "\\" not in value:
            return value
        expanded = _COMMAND_USE.sub(lambda m: self.commands.get(m.group(1), m.group(0)) if m.group(1) in self.commands
                                    else m.group(0), value)
        if len(expanded) > MAX_VALUE_CHARS:
            raise ValueError_(f"the value is longer than {MAX_VALUE_CHARS:,} characters once the preamble's commands "
                              "are written out")
        self.expanded += len(expanded)
        if self.expanded > MAX_EXPANSION_CHARS:
            raise _OverBudget(at)
        return expanded

    def define(self, block: String) -> None:
        where = Location(self.name, (block.start_line or 0) + 1, 1, f"@string{{{block.key}}}")
        try:
            self.macros[block.key.lower()] = self.evaluate(str(block.value), where)
            self.undefined.discard(block.key.lower())
        except ValueError_ as error:
            self.undefined.add(block.key.lower())
            self.report.warning(where, f"{error}; the macro is left undefined")

    def failed(self, block: ParsingFailedBlock, seen_keys: dict[str, int]) -> None:
        raw = block.raw or ""
        head = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw)
        key = head.group(2) if head else ""
        line = (block.start_line or 0) + 1
        where = Location(self.name, line, self.column(line - 1, "@"), key)
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

    def evaluate(self, raw: str, where: Location) -> str:
        """A field value: braced or quoted text, a number or a macro, joined by '#'; within the budgets."""
        parts, position, text, length = [], 0, raw.strip(), 0
        while True:
            while position < len(text) and text[position].isspace():
                position += 1
            if position >= len(text):
                raise ValueError_("empty value")
            char = text[position]
            if char in "{\"":
                end = self.closing(text, position)
                part = text[position + 1:end]
                position = end + 1
            else:
                match = re.match(r"[^\s#,{}\"]+", text[position:position + 200])
                word = match.group(0) if match else text[position]
                position += len(word)
                if word.isdigit():
                    part = word
                elif word.lower() in self.macros:
                    part = self.macros[word.lower()]
                elif word.lower() in MONTHS:
                    part = word.lower()
                elif word.lower() in self.undefined:
                    raise ValueError_(f"macro '{word[:40]}' is undefined: its @string could not be read")
                else:
                    raise ValueError_(f"unknown macro '{word[:40]}' (not defined by @string)")
            length += len(part)
            self.expanded += len(part)
            if self.expanded > MAX_EXPANSION_CHARS:
                raise _OverBudget(where)
            if length > MAX_VALUE_CHARS:
                raise ValueError_(f"the value is longer than {MAX_VALUE_CHARS:,} characters, the most an import reads")
            parts.append(part)
            while position < len(text) and text[position].isspace():
                position += 1
            if position >= len(text):
                return "".join(parts)
            if text[position] != "#":
                raise ValueError_(f"unexpected text after the value: '{text[position:position + 40].strip()}' "
                                  "(a missing comma?)")
            position += 1

    @staticmethod
    def closing(text: str, start: int) -> int:
        depth = 0
        quote = text[start] == '"'
        for mark in _MARKS.finditer(text, start):  # only braces, quotes and escapes matter
            char, index = mark.group()[0], mark.start()
            if char == "\\":
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
        raise ValueError_("unbalanced braces in the value")

    # --- entries ---------------------------------------------------------------------

    def collect(self, entry: Entry) -> tuple:
        """(entry, {field: (value, location)}, location): each value evaluated, repaired or left out."""
        where = self.entry_at(entry)
        fields: dict[str, tuple[str, Location]] = {}
        on_line: dict[tuple, int] = {}
        for field in entry.fields:
            name = field.key.lower()
            occurrence = on_line[(field.start_line, name)] = on_line.get((field.start_line, name), -1) + 1
            at = self.field_at(entry, field, occurrence)
            if name in fields:
                self.report.warning(at, f"field '{name}' given again (first at line {fields[name][1].line}): the first "
                                        "value is kept, as BibTeX does")
                continue
            try:
                value = self.expand_commands(self.evaluate(str(field.value), at), at)
            except ValueError_ as error:
                self.report.warning(at, f"{error}; field left out")
                continue
            controls = sorted(set(_CONTROL.findall(value)))
            if controls:
                value = _CONTROL.sub(" ", value)
                listed = ", ".join(f"U+{ord(c):04X}" for c in controls)
                self.report.warning(at, f"control character{'s' if len(controls) > 1 else ''} {listed} taken out of "
                                        "the value")
            if not value.strip():
                continue
            fields[name] = (value, at)
            if name not in READ_FIELDS:
                first, count = self.unread.get(name, (at, 0))
                self.unread[name] = (first, count + 1)
        return entry, fields, where

    def decode(self, fields: dict, *names: str) -> str | None:
        """The first of ``names`` the entry has, decoded from LaTeX (problems reported at the field)."""
        for name in names:
            if name in fields:
                value, at = fields[name]
                cached = self.decoded.get(id(fields[name]))
                if cached is None:
                    cached = decode_latex(value, lambda message: self.report.warning(at, message))
                    self.decoded[id(fields[name])] = cached
                    if not cached:
                        self.report.warning(at, f"'{name}' has no text once its LaTeX is read; left out")
                if cached:
                    return cached
        return None

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
        title = self.decode(fields, "title")
        if not title:
            if "title" not in fields:
                self.report.warning(where, "no title; entry skipped")
            else:
                self.report.warning(where, "the title is empty; entry skipped")
            return None
        title = clean_title(title, fields["title"][1], self.report)
        if not title:
            self.report.warning(where, "the title is empty once markup is taken out; entry skipped")
            return None
        date, year_status = self.date(fields, where)
        authors, incomplete = self.authors(fields, where)
        if not authors and "editor" in fields:
            authors, incomplete = self.authors(fields, where, role="editor")
            if authors and work_type not in ("edited-book",):
                self.report.warning(fields["editor"][1], "no author: the editors are imported as the authors")
        elif "editor" in fields:
            self.report.warning(fields["editor"][1], "editors are not imported: the CV format keeps a work's authors")
        if not authors:
            authors = self.no_author(fields, where)
            if not authors:
                return None
        record: dict = {"type": work_type, "title": title, "authors": authors}
        if date is not None:
            record["date"] = date
        if incomplete:
            record["authors_incomplete"] = True
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
        if year_status and "status" not in record:
            record["status"] = year_status
        if not status and "status" not in record:
            for name in ("note", "journal", "journaltitle", "booktitle", "howpublished"):
                said = status_in_text(self.decode(fields, name) or "")
                if said:
                    record["status"] = said[0]
                    self.report.warning(fields[name][1], f"status '{record['status']}' read from the {name} "
                                                         f"('{said[1]}')")
                    break
        if work_type == "preprint":
            record.setdefault("status", "preprint")
        if date is None:
            self.fragment.undated(record, where, "year or date")
        for target, names in (("volume", ("volume",)), ("issue", ("number", "issue")),
                              ("article_number", ("articleno", "article-number", "eid"))):
            value = self.decode(fields, *names)
            if value and not (target == "issue" and work_type == "report"):
                record[target] = number_or_text(value)
        pages = self.decode(fields, "pages")
        if pages:
            pages = re.sub(r"(?i)^(?:pp?\.\s*|pp\s+)", "", pages).replace(" ", "")
            pages = pages.replace("-", "\u2013").replace("\u2013\u2013", "\u2013")
            if pages:
                record["pages"] = pages
        abstract = self.decode(fields, "abstract")
        if abstract:
            record["abstract"] = abstract
        keywords = self.decode(fields, "keywords")
        if keywords:
            record["keywords"] = list(dict.fromkeys(k.strip() for k in re.split(r"[;,]", keywords) if k.strip()))
        notes = []
        if work_type == "report":
            number, label = self.decode(fields, "number"), self.decode(fields, "type")
            if number or label:
                notes.append(" ".join(v for v in (label, number) if v))
        note = self.decode(fields, "note")
        if note:
            notes.append(note)
        if notes:
            record["note"] = "; ".join(notes)
        record["key"] = self.fragment.work_key(entry.key, record, where)
        return record

    def no_author(self, fields: dict, where: Location) -> list:
        """The author list of a work that names no author: its organisation, or else the owner (reported)."""
        for name in ("organization", "institution"):
            organisation = self.decode(fields, name)
            if organisation and not re.match(r"(?i)^(https?:|\\url)", organisation):
                self.report.warning(fields[name][1], f"no author: the organisation '{organisation}' is imported as the "
                                                     "author")
                return [self.fragment.author(Name(literal=organisation))]
        owner = self.fragment.me.name
        if owner is None:
            self.report.warning(where, "no author, and no owner named to stand for one; entry skipped")
            return []
        self.report.warning(where, f"no author: imported with the owner ('{owner.full}') as its author, as it is in "
                                   "the owner's file; correct the authors if that is wrong")
        return [self.fragment.author(owner)]

    def date(self, fields: dict, where: Location) -> tuple:
        """(the CV date, or None; a status the year says, such as 'in review', or None)."""
        if "date" in fields:
            value, at = fields["date"]
            text = value.strip()
            if "/" in text:
                start_text, _, end_text = text.partition("/")
                start = self.fragment.date(start_text, at)
                if end_text.strip() in ("", ".."):
                    self.report.warning(at, f"date range '{text}' has no end: the start is imported")
                    return start, None
                end = self.fragment.date(end_text, at, "the range's end")
                if start is None or end is None:
                    return start, None
                try:
                    parse_date_range(f"{start}/{end}")
                except DateError as error:
                    self.report.warning(at, f"date left out: {error}")
                    return None, None
                return f"{start}/{end}", None
            return self.fragment.date(text, at), None
        if "year" not in fields:
            return None, None
        value, at = fields["year"]
        year_text = self.decode(fields, "year") or ""
        if "%" in year_text:  # TeX's comment: to the end of the line
            kept = re.sub(r"%[^\n]*", "", year_text).strip()
            self.report.warning(at, f"year '{year_text}': the comment after % is left out"
                                    + (f" ('{kept}' is read)" if kept else ""))
            year_text = kept
        match = re.fullmatch(r"\s*(\d{4})\s*", year_text)
        if not match:
            span = _YEAR_SPAN.fullmatch(year_text)
            if span and span.group(2) and span.group(2).isdigit():
                start, end = span.groups()
                if int(end) >= int(start):
                    return f"{start}/{end}", None
                self.report.warning(at, f"year range '{year_text}' ends before it starts; left out")
                return None, None
            if span:
                self.report.warning(at, f"year range '{year_text}' has no end: the start ({span.group(1)}) is imported")
                return int(span.group(1)), None
            said = status_in_text(year_text)
            if said:
                self.report.warning(at, f"year '{value}' is no date: status '{said[0]}' read from it ('{said[1]}')")
                return None, said[0]
            if year_text:
                self.report.warning(at, f"year '{value}' is not a four-digit year")
            return None, None
        return self.year_month(int(match.group(1)), fields), None

    def year_month(self, year: int, fields: dict):
        """The date of ``year`` and the entry's ``month`` (a day in it too), as far as the month reads."""
        if "month" not in fields:
            return year
        month_value, month_at = fields["month"]
        month, day = parse_month(month_value), None
        with_day = re.fullmatch(r"\s*([A-Za-z]+\.?|\d{1,2})[\s~,./-]*(\d{1,2})\s*|\s*(\d{1,2})[\s~./-]*([A-Za-z]+)\.?\s*",
                                month_value)
        if month is None and with_day:
            month, day = parse_month(with_day.group(1) or with_day.group(4)), int(with_day.group(2) or with_day.group(3))
        if month is None:
            self.report.warning(month_at, f"month '{month_value}' is not a month; the year alone is imported")
            return year
        if day is not None:
            return self.fragment.date(f"{year:04d}-{month:02d}-{day:02d}", month_at, "month and day")
        return f"{year:04d}-{month:02d}"

    def authors(self, fields: dict, where: Location, *, role: str = "author") -> tuple[list, bool]:
        """The author items of ``role``, and whether the list ends in 'and others'."""
        if role not in fields:
            return [], False
        value, at = fields[role]
        annotations = parse_annotations(fields.get(f"{role}+an"), self.report)
        orcids = parse_annotations(fields.get(f"{role}+an:orcid"), self.report)
        authors, incomplete = [], False
        for index, raw in enumerate(split_names(value), start=1):
            text, marked = take_marks(unwrap_markup(raw))
            if text.lower() == "others":
                incomplete = True
                self.report.warning(at, f"'and others': the {len(authors)} {role}(s) named are imported and the list is "
                                        "marked incomplete (authors_incomplete)")
                continue
            try:
                name = split_bibtex_name(text, decode_latex)
            except ValueError:
                self.report.warning(at, f"{role} {index} ('{raw.strip()[:80]}') has no name; left out")
                continue
            if not name.full.strip():
                self.report.warning(at, f"{role} {index} ('{raw.strip()[:80]}') has no name once its LaTeX is read; left out")
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
        return authors, incomplete

    def identifiers(self, fields: dict, record: dict) -> None:
        frag = self.fragment
        short = re.fullmatch(r"\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10/[a-z0-9]+)\s*", unescape(fields["doi"][0]),
                             re.I) if "doi" in fields else None
        if short:  # a shortDOI stands for a DOI that only doi.org knows: kept as the work's link
            value, at = fields["doi"]
            link = f"https://doi.org/{short.group(1).lower()}"
            if "url" in fields or "html" in fields:
                self.report.warning(at, f"short DOI '{short.group(1)}' left out: the entry has its own url (write the "
                                        "full DOI it redirects to in 'doi')")
            else:
                self.report.warning(at, f"short DOI '{short.group(1)}' kept as the link {link} (write the full DOI it "
                                        "redirects to in 'doi')")
                record["url"] = link
        elif "doi" in fields:
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
                value = self.decode(fields, name)
                if not value:
                    continue
                if name == "howpublished" and re.match(r"(?i)^\s*(\\url|https?:)", fields[name][0]):
                    link = re.sub(r"(?i)^\s*\\url\s*\{(.*)\}\s*$", r"\1", fields[name][0])
                    if "url" in record:
                        self.report.warning(fields[name][1], "howpublished left out: a link, and the entry has its url")
                    else:
                        url = self.fragment.identifier(ids.check_url, unescape(link), fields[name][1], "howpublished")
                        if url:
                            record["url"] = url
                    continue
                if name == "howpublished" and _ARXIV_IN_TEXT.search(value):
                    continue
                if name == "journal" and _ARXIV_IN_TEXT.search(value) and re.match(r"(?i)^\s*arxiv", value):
                    continue
                venue = {"name": value}
                break
        publisher = self.decode(fields, "publisher")
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


def blank_comment_lines(text: str) -> str:
    """The text with each line that starts with '%' between the fields of an entry (not inside a
    value) blanked out, as biber and JabRef read it; lines and columns stay where they were."""
    if "%" not in text:
        return text
    out, depth, quoted, start_of_line, index = [], 0, False, True, 0
    while index < len(text):
        char = text[index]
        if start_of_line and depth == 1 and not quoted:
            stripped = len(text[index:]) - len(text[index:].lstrip(" \t"))
            if text.startswith("%", index + stripped):
                end = text.find("\n", index)
                end = len(text) if end < 0 else end
                out.append(" " * (end - index))
                index, start_of_line = end, False
                continue
        start_of_line = char == "\n"
        if char == "\\":
            out.append(text[index:index + 2])
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 1:
            quoted = not quoted
        elif char == "@" and depth == 0:
            quoted = False
        out.append(char)
        index += 1
    return "".join(out)


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

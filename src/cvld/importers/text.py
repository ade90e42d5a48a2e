"""Reading input files and tidying text, for every importer."""

from __future__ import annotations

import html
import re
from pathlib import Path

from cvld.core.diagnostics import CVInputError, Diagnostic, Location, Report
from cvld.core.io import read_input
from cvld.source.load import read_source
from cvld.source.yamlsource import MAX_FILE_BYTES, Source, decode

_MATH = re.compile(r"<inline-formula>.*?<tex-math[^>]*>(.*?)</tex-math>.*?</inline-formula>", re.S)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_RANK = re.compile(r"^\[([A-Z][+-]?)\]\s+")

# what a note, venue, year or CSL status says of a work not yet published -> its status
STATUS_WORDS = {"submitted": "submitted", "under review": "in-review", "in review": "in-review",
                "in press": "in-press", "accepted": "accepted", "to appear": "accepted", "forthcoming": "accepted",
                "in preparation": "in-preparation", "in prep": "in-preparation"}
_STATUS_IN_TEXT = re.compile(r"(?i)\b(" + "|".join(STATUS_WORDS) + r")\b")


def status_in_text(text: str) -> tuple[str, str] | None:
    """(the status, the words that say it) of the first status words in ``text`` ("Under review": in-review)."""
    said = _STATUS_IN_TEXT.search(text)
    return (STATUS_WORDS[said.group(1).lower()], said.group(0)) if said else None


def read_text(path: str | Path, *, limit: int | None = None) -> tuple[str, str]:
    """(name, text) of a UTF-8 file: unreadable (or not a regular file) is a UsageError, invalid UTF-8
    a located CVInputError, and so is a file longer than ``limit`` bytes (read no further than that)."""
    name = str(path)
    raw = read_input(path, MAX_FILE_BYTES if limit is None else limit)
    if limit is None and len(raw) > MAX_FILE_BYTES:
        megabytes = MAX_FILE_BYTES // (1024 * 1024)
        raise CVInputError([Diagnostic(Location(name), f"file is larger than {megabytes} MiB; import a smaller file")])
    if limit is not None and len(raw) > limit:
        before = raw[:limit]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise CVInputError([Diagnostic(Location(name, line, column), f"the file is longer than {limit:,} bytes, the most "
                                       "an import reads; split it into smaller files")])
    return name, decode(name, raw)


def read_repaired(path: str | Path, report: Report) -> Source:
    """A JSON or YAML input of another tool, with a control character removed and a duplicate key's later
    value left out (each a warning at the input's own line and column) rather than the file refused."""
    repairs: list = []
    source = read_source(path, repairs=repairs)
    report.extend(repairs)
    return source


def clean_title(title: str, where: Location, report: Report) -> str:
    """A title without markup (MathML's TeX kept) and without a rank label such as '[A+]', each reported.

    Entities are decoded once, first, and tags stripped after: a title escaped twice on its way
    (``&lt;i&gt;E. coli&lt;/i&gt;``, as Crossref often sends) loses its markup too, and nothing the
    decoding makes is left as a tag (``<i></i>&lt;script&gt;`` never becomes the title ``<script>``).
    """
    text = title
    decoded = html.unescape(text)
    if _TAG.search(decoded):
        text = _MATH.sub(lambda match: match.group(1).replace("$", "").strip(), decoded)
        text = _TAG.sub("", text)
        text = re.sub(r"(\w) +-(?=\w)", r"\1-", " ".join(text.split()))  # "k -coverage" where a formula was
        report.warning(where, "markup (HTML/MathML tags) taken out of the title"
                       + ("; nothing else is left: write the title by hand" if not text.strip() else ""))
    rank = _RANK.match(text)
    if rank:
        text = text[rank.end():]
        report.warning(where, f"rank label '[{rank.group(1)}]' taken off the start of the title")
    return text.strip()

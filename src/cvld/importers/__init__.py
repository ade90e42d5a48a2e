"""Importers: BibTeX, ORCID (XML and JSON), CSL-JSON, JSON Resume and CITATION.cff into the CV format.

Each format is a module with ``read(path, *, me, me_orcid, report) -> dict`` returning a
CV-document fragment; :func:`import_document` turns a fragment into a complete CV
(or merges it into an existing one) that passes ``cvld check``.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from cvld.core.diagnostics import CVInputError, Diagnostic, Location, Report, UsageError
from cvld.importers.fragment import ENTRY_SECTIONS, drop_incomplete, key_sections
from cvld.importers.merge import merge
from cvld.importers.names import fold
from cvld.importers.orcid_any import read
from cvld.importers.yamlout import dumps_document
from cvld.model import ids
from cvld.source.load import read_source, build_cv
from cvld.source.yamlsource import MAX_FILE_BYTES, parse
from cvld.core.io import read_input
from cvld.core.text import either

FORMATS = ("bibtex", "orcid", "csl", "jsonresume", "cff")


def reader(format: str):
    """The ``read`` function of one format."""
    if format not in FORMATS:
        raise UsageError(f"import: unknown format '{format}' (one of: {', '.join(FORMATS)})")
    if format == "orcid":
        return read
    return importlib.import_module(f"{__name__}.{format}").read


@dataclass
class ImportResult:
    text: str  # the CV document to write
    report: Report  # problems in the input, located in it
    notes: list[Diagnostic] = field(default_factory=list)  # what a merge added or found different
    works: int = 0  # works read from the input
    changed: bool = True
    kept: int = 0  # values of the CV that differ from the import's and were kept


def _owner_from(path: Path) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The owner of the CV merged into (name, ORCID iD, other names). The CV must pass ``cvld check``'s
    reading first: a merge walks its sections, so one of the wrong shape is its located errors (exit 1)."""
    cv = build_cv(read_source(path), Report())
    return cv.owner.name, cv.owner.orcid, cv.owner.other_names


def refuse_unknown_owner(fragment: dict, named: str, path) -> None:
    """A name for the owner that no author of the input has (a typo such as 'Lei Woo') is refused
    with the closest names the input spells, rather than making a CV whose owner wrote nothing."""
    works = fragment.get("works") or []
    owner = (fragment.get("person") or {}).get("key")
    if not works or any(owner == (a["person"] if isinstance(a, dict) else a) for w in works for a in w["authors"]):
        return
    names = list(dict.fromkeys(p["name"] for p in (fragment.get("people") or {}).values() if p.get("name")))
    close = difflib.get_close_matches(named, names, n=3, cutoff=0.6)
    if not close:
        folded = {fold(n): n for n in names}
        close = [folded[n] for n in difflib.get_close_matches(fold(named), list(folded), n=3, cutoff=0.5)]
    hint = (f"the closest names there: {', '.join(repr(n) for n in close)}" if close
            else "no author's name there is close to it")
    raise UsageError(f"import: no author in {path} is '{named}' (or a variant of it); {hint}. "
                     "Name the owner as the file spells them", parameter="owner")


_CONTENT = {"works": "work", **ENTRY_SECTIONS}  # what an import brings, as a message names one entry


def import_document(format: str, path: str | Path, *, me: str | None = None, me_orcid: str | None = None,
                    into: str | Path | None = None, overwrite: bool = False, report: Report | None = None) -> ImportResult:
    """Read ``path`` in ``format`` and return the CV document text (fresh, or ``into`` merged).

    Raises UsageError (the owner unknown, a file unreadable) or CVInputError (an input
    that cannot be read at all).
    """

    report = report if report is not None else Report()
    read = reader(format)
    aliases: tuple[str, ...] = ()
    base_text = None
    if me_orcid:
        try:
            me_orcid = ids.normalize_orcid(me_orcid)
        except ids.IdentifierError as error:
            raise UsageError(f"import: the owner's ORCID iD: {error}", parameter="me_orcid") from None
    if into is not None:
        try:
            base_text = read_input(into, MAX_FILE_BYTES).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{into}: cannot read: {getattr(error, 'strerror', None) or error}") from None
        cv_name, cv_orcid, aliases = _owner_from(Path(into))
        me = me or cv_name
        me_orcid = me_orcid or cv_orcid
    if not me and not me_orcid and format not in ("jsonresume", "orcid"):
        raise UsageError("import: whose CV this is is not known: name the owner, by name or ORCID iD, or import into "
                         "their CV", parameter="owner")
    named = me  # the owner as the caller named them (not as the CV merged into names them)
    fragment = read(path, me=me, me_orcid=me_orcid, report=report, me_aliases=aliases)
    if named and not me_orcid and into is None:
        refuse_unknown_owner(fragment, named, path)
    fragment = key_sections(drop_incomplete(fragment, report, str(path)), report, str(path))
    person = fragment.get("person")
    if base_text is None and (not person or not person.get("name")):
        if me_orcid and not me:
            raise UsageError(f"import: no author in {path} has ORCID iD {me_orcid}; name the owner as well",
                             parameter="me")
        raise UsageError(f"import: {path} does not name whose CV this is; name the owner, by name or ORCID iD",
                        parameter="owner")
    works = len(fragment.get("works") or [])
    if not any(fragment.get(section) for section in _CONTENT):
        report.error(Location(str(path)), f"nothing to import: no {either(_CONTENT.values())} could be read")
        raise CVInputError(report.diagnostics)  # the warnings say why
    if base_text is not None:
        merged = merge(base_text, fragment, file=str(into), overwrite=overwrite)
        text, notes, changed, kept = merged.text, merged.notes, merged.changed, merged.kept
        label = str(into)
    else:
        header = f"Imported by cvld from {Path(path).name} ({format}); check it with: cvld check FILE"
        text, notes, changed, label, kept = dumps_document(fragment, header), [], True, "<import>", 0
    build_cv(parse(label, text), Report())  # what is written must load: CVInputError otherwise
    return ImportResult(text, report, notes, works, changed, kept)


__all__ = ["FORMATS", "reader", "import_document", "ImportResult"]

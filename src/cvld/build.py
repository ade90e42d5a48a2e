"""``cvld build``: every output cvld makes for one CV, written as one folder, all at once.

:data:`TARGETS` lists ``(subfolder, files-function)`` pairs; a files-function takes the CV,
the base URL (or None for the person's homepage) and a :class:`Report`, and returns
``{relative path: content}``. Adding an output is adding one line here.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Callable

from cvld.core.cache import EntryCache, entry_key
from cvld.core.diagnostics import Report
from cvld.core.io import read_input, safe_name, write_tree_atomic
from cvld.core.pool import FileBytes
from cvld.model.records import CV
from cvld.source.load import load_cv
from cvld.source.yamlsource import MAX_FILE_BYTES
from cvld.jsonld.write import build_jsonld, dumps_jsonld
from cvld.orcid.write import files as orcid_files
from cvld.rdf.build import build_graph
from cvld.web.write import snippet_files, site_files

FilesFunction = Callable[[CV, "str | None", Report], "dict[str, str | bytes]"]


def _jsonld_files(cv: CV, base: str | None, report: Report) -> dict[str, str]:
    return {f"{safe_name(cv.owner.key)}.{profile}.jsonld": dumps_jsonld(build_jsonld(cv, profile=profile, base=base,
                                                                          report=report if profile == "web" else None))
            for profile in ("web", "full")}


def _snippet_files(cv: CV, base: str | None, report: Report) -> dict[str, str]:
    return snippet_files(cv, base)


def _site_files(cv: CV, base: str | None, report: Report) -> dict[str, str]:
    return site_files(cv, base)


def _orcid_files(cv: CV, base: str | None, report: Report) -> dict[str, bytes]:
    return orcid_files(cv, report)


def _rdf_files(cv: CV, base: str | None, report: Report) -> dict[str, bytes]:
    return {f"{safe_name(cv.owner.key)}.{vocab}.ttl": build_graph([cv], vocab=vocab, base=base, report=report).serialize("turtle")
            for vocab in ("schema", "vivo")}


TARGETS: list[tuple[str, FilesFunction]] = [
    ("jsonld", _jsonld_files),
    ("snippet", _snippet_files),
    ("site", _site_files),
    ("orcid", _orcid_files),
    ("rdf", _rdf_files),
]


def build_files(cv: CV, base: str | None = None, report: Report | None = None) -> dict[str, str | bytes]:
    """Every output of every target, keyed ``subfolder/relative path``, in a stable order."""
    report = report if report is not None else Report()
    files: dict[str, str | bytes] = {}
    for folder, function in TARGETS:
        for relative, content in function(cv, base, report).items():
            files[f"{folder}/{relative}"] = content
    return dict(sorted(files.items()))


def build(cv: CV, directory: str | Path, base: str | None = None, report: Report | None = None) -> dict:
    """Write every output into ``directory``, replacing it whole only once everything is made."""
    files = build_files(cv, base, report)
    write_tree_atomic(directory, files)
    return files


def write_build(path: str | Path, directory: str | Path, *, base: str | None = None,
                report: Report | None = None) -> dict:
    """Load the CV file at ``path`` and write every output into ``directory``, all at once."""
    return build(load_cv(path, report), directory, base, report)


def write_site(path: str | Path, directory: str | Path, *, base: str | None = None,
               report: Report | None = None) -> dict:
    """Load the CV file at ``path`` and write its static site into ``directory``, all at once."""
    files = site_files(load_cv(path, report), base, report)
    write_tree_atomic(directory, files)
    return files


def write_cached(command: str, path: str | Path, directory: str | Path, cache: EntryCache, *,
                 base: str | None = None, report: Report | None = None) -> dict:
    """:func:`write_build` (``command`` "build") or :func:`write_site` ("site") through ``cache``: the
    files made before from the same path, bytes and base (and cvld's code) are written again as they
    were, with the warnings of making them; anything else is made and kept."""
    report = report if report is not None else Report()
    data = read_input(path, MAX_FILE_BYTES)
    key = entry_key(command, str(path), data, base or "")
    found = []
    kept = cache.get("folder", key, str(path), found)
    report.extend(found)
    if kept is not None:
        files, warnings = pickle.loads(kept)
        report.extend(warnings)
    else:
        before = len(report.diagnostics)
        cv = load_cv(FileBytes(str(path), data), report)  # the bytes the key is of, read once
        files = site_files(cv, base, report) if command == "site" else build_files(cv, base, report)
        cache.put("folder", key, pickle.dumps((files, report.diagnostics[before:]), protocol=pickle.HIGHEST_PROTOCOL))
    write_tree_atomic(directory, files)
    return files

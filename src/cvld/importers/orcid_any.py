"""``cvld import orcid``: ORCID's XML (read by :mod:`cvld.importers.orcid`) or its JSON form."""

from __future__ import annotations

from pathlib import Path

from cvld.core.diagnostics import Report
from cvld.importers.fragment import adopt_owner, name_slug
from cvld.importers.names import Me, parse_name
from cvld.importers.orcid import read_orcid
from cvld.importers.orcidjson import read as read_json
from cvld.importers.text import read_text


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    _, text = read_text(path)
    if text.lstrip().startswith(("{", "[")):
        return read_json(path, me=me, me_orcid=me_orcid, report=report, me_aliases=me_aliases)

    full = parse_name(me).full if me else None
    owner = {"key": name_slug(full), "name": full, "orcid": me_orcid} if me else (
        {"key": "owner", "orcid": me_orcid} if me_orcid else None)
    fragment = read_orcid(Path(path), report, owner=owner)
    if owner is not None and owner.get("name"):
        fragment = {"person": {k: v for k, v in owner.items() if v}, **fragment}
        adopt_owner(fragment, Me(me, me_orcid, me_aliases))
    elif me_orcid:
        fragment = _owner_by_orcid(fragment, me_orcid)
    return fragment


def _owner_by_orcid(fragment: dict, orcid: str) -> dict:
    """With --me-orcid alone: the owner is the contributor with that ORCID iD, named as they are."""
    for key, person in (fragment.get("people") or {}).items():
        if person.get("orcid") == orcid:
            owner = {"key": name_slug(person["name"]) or "owner", "name": person["name"], "orcid": orcid}
            fragment = {"person": owner, **fragment}
            adopt_owner(fragment, Me(person["name"], orcid))
            return fragment
    return fragment

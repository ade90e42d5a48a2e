"""``cvld import orcid``: ORCID's XML (read by :mod:`cvld.importers.orcid`) or its JSON form."""

from __future__ import annotations

from pathlib import Path

from cvld.core.diagnostics import Report, UsageError
from cvld.core.text import slugify
from cvld.importers.fragment import adopt_owner
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
    owner = {"key": slugify(full), "name": full, "orcid": me_orcid} if me else (
        {"key": "owner", "orcid": me_orcid} if me_orcid else None)
    fragment = read_orcid(Path(path), report, owner=owner)
    described = fragment.pop("person", None)  # a record's (or person section's) owner
    if described:
        return _record_owner(fragment, described, owner, Me(me, me_orcid, me_aliases), str(path))
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
            owner = {"key": slugify(person["name"]) or "owner", "name": person["name"], "orcid": orcid}
            fragment = {"person": owner, **fragment}
            adopt_owner(fragment, Me(person["name"], orcid))
            return fragment
    return fragment


def _record_owner(fragment: dict, described: dict, owner: dict | None, me: Me, path: str) -> dict:
    """The owner of a whole record is the person it describes; --me-orcid must be theirs, and a --me name
    that differs from the record's is kept as another name."""
    orcid = described.get("orcid")
    if me.orcid and orcid and me.orcid != orcid:
        raise UsageError(f"import: {path} is the ORCID record of {orcid}"
                         f"{' (' + described['name'] + ')' if described.get('name') else ''}, not of {me.orcid}")
    if not described.get("name"):  # the name is not public: the one given says it
        if owner is None or not owner.get("name"):
            return {"person": described, **fragment}
        described = {**{k: v for k, v in owner.items() if v}, **described}
    elif owner is not None and owner.get("name") and not me.matches(parse_name(described["name"])) \
            and not any(me.matches(parse_name(other)) for other in described.get("other_names") or ()):
        raise UsageError(f"import: {path} is the ORCID record of {described['name']}"
                         f"{' (' + orcid + ')' if orcid else ''}, who is not '{owner['name']}'")
    elif owner is not None and owner.get("name") and owner["name"] != described["name"]:
        others = described.setdefault("other_names", [])
        if owner["name"] not in others:
            others.append(owner["name"])
    fragment = {"person": described, **fragment}
    aliases = tuple(described.get("other_names") or ()) + tuple(name.full for name in me.names)
    adopt_owner(fragment, Me(described["name"], described.get("orcid") or me.orcid, aliases))
    return fragment

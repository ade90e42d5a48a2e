"""Read the record's works back from ORCID and say where they differ from the CV."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from cvld.orcid.sync.client import OrcidClient
from cvld.orcid.sync.plan import Item
from cvld.orcid.sync.state import SyncState, item_id
from cvld.orcid.sync.xmlparts import Facts, Summary, facts, parse, summaries


@dataclass
class Comparison:
    lines: list[str] = field(default_factory=list)
    matching: int = 0
    differing: int = 0
    missing: int = 0  # in the CV, not on ORCID
    extra: int = 0  # on ORCID, not in the CV
    cv_works: int = 0
    orcid_works: int = 0

    @property
    def differs(self) -> bool:
        return bool(self.differing or self.missing or self.extra)

    def summary(self) -> str:
        return (
            f"Pull: {self.cv_works} works in the CV, {self.orcid_works} on ORCID: {self.matching} the same, "
            f"{self.differing} different, {self.missing} missing on ORCID, {self.extra} only on ORCID."
        )


def _self_ids(f: Facts) -> set[tuple[str, str]]:
    return {(kind, value) for kind, value, relationship in f.ids if relationship == "self"}


def _show(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(f"{kind} {ident} ({rel})" for kind, ident, rel in value) or "none"
    return f'"{value}"' if value else "none"


def compare_works(items: Iterable[Item], listing: list[Summary], state: SyncState) -> Comparison:
    """Match each CV work to an ORCID work (by the put-code in the state file, else by a
    shared ``self`` external id) and list what differs: title, type, date, external ids."""
    works = [i for i in items if i.section == "work"]
    result = Comparison(cv_works=len(works), orcid_works=len(listing))
    by_code = {s.put_code: s for s in listing}
    used: set[str] = set()
    for item in works:
        mine = facts(parse(item.xml))
        entry = state.entries.get(item_id("work", item.key))
        match = by_code.get(entry.put_code) if entry and entry.put_code else None
        if match is None:
            match = next((s for s in listing if s.put_code not in used and _self_ids(s.facts) & _self_ids(mine)), None)
        if match is None or match.put_code in used:
            result.missing += 1
            result.lines.append(f"work {item.key}: not on ORCID")
            continue
        used.add(match.put_code)
        theirs = match.facts
        changes = [
            f"{label} differs: ORCID {_show(getattr(theirs, name))}, CV {_show(getattr(mine, name))}"
            for name, label in (("title", "title"), ("type", "type"), ("date", "date"), ("ids", "external ids"))
            if getattr(theirs, name) != getattr(mine, name)
        ]
        if changes:
            result.differing += 1
            for change in changes:
                result.lines.append(f"work {item.key} (put-code {match.put_code}): {change}")
        else:
            result.matching += 1
    for summary in listing:
        if summary.put_code not in used:
            result.extra += 1
            source = f", source {summary.source}" if summary.source else ""
            result.lines.append(f"put-code {summary.put_code} ({summary.facts.title or 'untitled'}{source}): "
                                "on ORCID, not in the CV")
    return result


def pull(items: Iterable[Item], state: SyncState, client: OrcidClient) -> Comparison:
    """GET /{orcid}/works and compare it with the CV's works."""
    listing = summaries(client.read("works").body)
    return compare_works(items, listing, state)

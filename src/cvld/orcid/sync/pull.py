"""Read the record's works, distinctions, fundings and memberships back from ORCID and say
where they differ from the CV."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from cvld.orcid.sync.client import OrcidClient
from cvld.orcid.sync.plan import Item
from cvld.orcid.sync.push import listing_path
from cvld.orcid.sync.state import SyncState, item_id
from cvld.orcid.sync.xmlparts import Facts, Summary, facts, parse, summaries

# the sections a pull compares: works always, the others when the CV or the state file has one
PULLED = ("work", "distinction", "funding", "membership")
# what is compared, per section (title is the work or funding title, an affiliation's role)
COMPARED = {"work": (("title", "title"), ("type", "type"), ("date", "date"), ("ids", "external ids")),
            "funding": (("title", "title"), ("type", "type"), ("date", "dates"), ("ids", "external ids"),
                        ("organisation", "organisation"))}
AFFILIATION_COMPARED = (("title", "title"), ("date", "dates"), ("organisation", "organisation"))


@dataclass
class Tally:
    """The counts of one section."""

    cv: int = 0
    orcid: int = 0
    matching: int = 0
    differing: int = 0
    missing: int = 0  # in the CV, not on ORCID
    extra: int = 0  # on ORCID, not in the CV

    def sentence(self, section: str) -> str:
        return (f"{self.cv} {listing_path(section)} in the CV, {self.orcid} on ORCID: {self.matching} the same, "
                f"{self.differing} different, {self.missing} missing on ORCID, {self.extra} only on ORCID.")


@dataclass
class Comparison:
    lines: list[str] = field(default_factory=list)
    sections: dict[str, Tally] = field(default_factory=dict)  # in PULLED order

    def tally(self, section: str) -> Tally:
        return self.sections.setdefault(section, Tally())

    @property
    def differs(self) -> bool:
        return any(t.differing or t.missing or t.extra for t in self.sections.values())

    def summary(self) -> str:
        """``Pull: 24 works in the CV, 24 on ORCID: ...`` (and a sentence for each other section compared)."""
        return "Pull: " + " ".join(tally.sentence(section) for section, tally in self.sections.items())


def _self_ids(f: Facts) -> set[tuple[str, str]]:
    return {(kind, value) for kind, value, relationship in f.ids if relationship == "self"}


def _show(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(f"{kind} {ident} ({rel})" for kind, ident, rel in value) or "none"
    return f'"{value}"' if value else "none"


def compare_section(section: str, items: Iterable[Item], listing: list[Summary], state: SyncState,
                    result: Comparison) -> None:
    """Match each CV item of ``section`` to an ORCID item (by the put-code in the state file,
    else by a shared ``self`` external id, else, for an item with none, by equal facts) and
    list what differs, into ``result``."""
    mine_all = [i for i in items if i.section == section]
    tally = result.tally(section)
    tally.cv, tally.orcid = len(mine_all), len(listing)
    by_code = {s.put_code: s for s in listing}
    used: set[str] = set()
    compared = COMPARED.get(section, AFFILIATION_COMPARED)
    for item in mine_all:
        mine = facts(parse(item.xml))
        entry = state.entries.get(item_id(section, item.key))
        match = by_code.get(entry.put_code) if entry and entry.put_code else None
        if match is None:
            match = next((s for s in listing if s.put_code not in used and _self_ids(s.facts) & _self_ids(mine)), None)
        if match is None and not _self_ids(mine):
            match = next((s for s in listing if s.put_code not in used and s.facts == mine), None)
        if match is None or match.put_code in used:
            tally.missing += 1
            result.lines.append(f"{section} {item.key}: not on ORCID")
            continue
        used.add(match.put_code)
        theirs = match.facts
        changes = [
            f"{label} differs: ORCID {_show(getattr(theirs, name))}, CV {_show(getattr(mine, name))}"
            for name, label in compared
            if getattr(theirs, name) != getattr(mine, name)
        ]
        if changes:
            tally.differing += 1
            for change in changes:
                result.lines.append(f"{section} {item.key} (put-code {match.put_code}): {change}")
        else:
            tally.matching += 1
    for summary in listing:
        if summary.put_code not in used:
            tally.extra += 1
            source = f", source {summary.source}" if summary.source else ""
            where = "" if section == "work" else f"{section} "
            result.lines.append(f"{where}put-code {summary.put_code} ({summary.facts.title or 'untitled'}{source}): "
                                "on ORCID, not in the CV")


def pulled_sections(items: list[Item], state: SyncState) -> list[str]:
    """Works, and each other section of :data:`PULLED` that the CV or the state file has an item of."""
    present = {item.section for item in items} | {entry.section for entry in state.entries.values()}
    return [section for section in PULLED if section == "work" or section in present]


def pull(items: Iterable[Item], state: SyncState, client: OrcidClient) -> Comparison:
    """GET /{orcid}/works (and /distinctions, /fundings, /memberships where the CV has them)
    and compare each with the CV."""
    items = list(items)
    result = Comparison()
    for section in pulled_sections(items, state):
        listing = summaries(client.read(listing_path(section)).body)
        compare_section(section, items, listing, state, result)
    return result

"""The push plan, like ``terraform plan``: what to create, update, delete and leave alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from cvld.core.diagnostics import Location

from cvld.orcid.sync.state import SyncState, content_hash, item_id

CREATE, UPDATE, DELETE, LEAVE = "create", "update", "delete", "leave"
_SIGN = {CREATE: "+", UPDATE: "~", DELETE: "-", LEAVE: "="}


class Item(Protocol):
    """What :func:`cvld.orcid.write.documents` yields (``OrcidItem``)."""

    section: str
    key: str
    xml: bytes


@dataclass(frozen=True)
class Action:
    kind: str
    section: str
    key: str
    put_code: str | None = None
    xml: bytes | None = None  # None for a delete
    recover: bool = False  # a create whose earlier attempt may have reached ORCID
    origin: Location | None = field(default=None, compare=False)  # the CV record, when known

    @property
    def ident(self) -> str:
        return item_id(self.section, self.key)

    def describe(self) -> str:
        text = f"{_SIGN[self.kind]} {self.kind} {self.section} {self.key}"
        if self.put_code:
            text += f" (put-code {self.put_code})"
        if self.recover:
            text += " (interrupted before: look for it on ORCID first)"
        return text


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...]

    def of(self, kind: str) -> list[Action]:
        return [a for a in self.actions if a.kind == kind]

    @property
    def changes(self) -> list[Action]:
        return [a for a in self.actions if a.kind != LEAVE]

    def summary(self) -> str:
        counts = {kind: len(self.of(kind)) for kind in (CREATE, UPDATE, DELETE, LEAVE)}
        return (
            f"Plan: {counts[CREATE]} to create, {counts[UPDATE]} to update, "
            f"{counts[DELETE]} to delete, {counts[LEAVE]} unchanged."
        )

    def render(self, *, verbose: bool = False) -> str:
        """One line per change (and per unchanged item when ``verbose``), then the counts."""
        lines = [a.describe() for a in self.actions if verbose or a.kind != LEAVE]
        lines.append(self.summary())
        return "\n".join(lines) + "\n"


def make_plan(items: Iterable[Item], state: SyncState) -> Plan:
    """Compare the CV's ORCID items with the state file.

    Deletes come first (so that an item that moved to a new key can be created again
    without clashing with its old copy), then updates, creates and unchanged items in the
    CV's order. Only items recorded in the state file, that is uploaded by this client,
    are ever deleted. An entry still pending (a run stopped before ORCID's answer) is
    looked for on the record first: created again if the CV still has it, deleted if not.
    """
    seen: set[str] = set()
    updates, creates, leaves = [], [], []
    for item in items:
        ident = item_id(item.section, item.key)
        if ident in seen:
            raise ValueError(f"two ORCID items share the key {ident}")
        seen.add(ident)
        entry = state.entries.get(ident)
        origin = getattr(item, "origin", None)
        if entry is None or entry.put_code is None:
            creates.append(Action(CREATE, item.section, item.key, None, item.xml, entry is not None, origin))
        elif entry.sha256 != content_hash(item.xml):
            updates.append(Action(UPDATE, item.section, item.key, entry.put_code, item.xml, origin=origin))
        else:
            leaves.append(Action(LEAVE, item.section, item.key, entry.put_code, item.xml, origin=origin))
    deletes = [
        Action(DELETE, entry.section, ident.split("/", 1)[1], entry.put_code, recover=entry.put_code is None)
        for ident, entry in sorted(state.entries.items())
        if ident not in seen
    ]
    return Plan(tuple(deletes + updates + creates + leaves))

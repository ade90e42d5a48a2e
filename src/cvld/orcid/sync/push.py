"""Carry out a plan against ORCID, saving the state file after every call that changed it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from cvld.core.diagnostics import Diagnostic
from cvld.orcid.sync.client import AmbiguousError, AuthError, OrcidClient, OrcidError, TransientError, put_code_from_location
from cvld.orcid.sync.plan import CREATE, DELETE, LEAVE, UPDATE, Action, Item, make_plan
from cvld.orcid.sync.state import Entry, SyncState, content_hash
from cvld.orcid.vocab import BULK_LIMIT
from cvld.orcid.sync.xmlparts import Facts, bulk_body, bulk_results, facts, parse, put_code_in_conflict, summaries, with_put_code

DUPLICATE = "9021"  # 409: "already added this activity (matched by external identifiers)"


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one message per item ORCID refused
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"Pushed: {len(self.created)} created, {len(self.updated)} updated, {len(self.deleted)} deleted, "
            f"{len(self.adopted)} adopted, {self.unchanged} unchanged, {len(self.failed)} failed."
        )


def listing_path(section: str) -> str:
    """ORCID's summary list of a section: work -> works, education -> educations, ..."""
    return f"{section}s"


class Pusher:
    """One push run: a client, the state of its record, and a line printer for progress."""

    def __init__(self, client: OrcidClient, state: SyncState, *, say: Callable[[str], None] = lambda line: None,
                 bulk_limit: int = BULK_LIMIT):
        self.client = client
        self.state = state
        self.say = say
        self.bulk_limit = bulk_limit
        self.outcome = Outcome()
        self._listings: dict[str, list] = {}

    def run(self, items: Iterable[Item]) -> Outcome:
        items = list(items)
        plan = make_plan(items, self.state)
        self.outcome.unchanged = len(plan.of(LEAVE))
        for action in plan.of(DELETE):
            self._delete(action)
        for action in plan.of(UPDATE):
            self._update(action)
        creates = plan.of(CREATE)
        works = [a for a in creates if a.section == "work"]
        for action in creates:
            if action.section != "work" or len(works) == 1:
                self._create(action)
        if len(works) > 1:
            for start in range(0, len(works), self.bulk_limit):
                self._create_bulk(works[start : start + self.bulk_limit])
        return self.outcome

    # --- state bookkeeping --------------------------------------------------------

    def _save(self) -> None:
        self.state.save()

    def _record(self, action: Action, put_code: str, *, save: bool = True) -> None:
        self.state.set(action.ident, Entry(action.section, content_hash(action.xml), str(put_code)))
        if save:
            self._save()

    def _mark_pending(self, actions: list[Action]) -> None:
        for action in actions:
            self.state.set(action.ident, Entry(action.section, content_hash(action.xml), None, pending=True,
                                               sent=facts(parse(action.xml)).to_json()))
        self._save()

    def _fail(self, action: Action, error: OrcidError | str) -> None:
        """ORCID refused this one item; the run goes on. A refused token or a server that
        stays unavailable is no item's fault: the run stops there (the state is saved)."""
        if isinstance(error, (AuthError, TransientError)):
            raise error
        located = action.origin is not None and bool(action.origin.file)
        if located:  # FILE:LINE:COL: path: message, like every other finding about the CV
            message = str(Diagnostic(action.origin, f"ORCID refused {action.section} '{action.key}': {error}"))
        else:
            message = f"{action.section} {action.key}: {error}"
        self.outcome.failed.append(message)
        self.say(message if located else f"failed: {message}")

    def _refused(self, actions: list[Action], error: OrcidError | str) -> None:
        """ORCID refused to create these: nothing of them is on the record, nothing is pending."""
        for action in actions:
            self.state.drop(action.ident)
        self._save()
        for action in actions:
            self._fail(action, error)

    # --- finding an upload whose answer was lost ----------------------------------------

    @staticmethod
    def _sent_facts(entry: Entry | None, xml: bytes | None = None) -> Facts | None:
        if entry is not None and entry.sent is not None:
            return Facts.from_json(entry.sent)
        return facts(parse(xml)) if xml is not None else None

    def _find_on_orcid(self, section: str, wanted: Facts | None) -> str | None:
        """The put-code of an item on the record with these facts, not claimed by another entry."""
        if wanted is None:
            return None
        if section not in self._listings:
            self._listings[section] = summaries(self.client.read(listing_path(section)).body)
        claimed = self.state.put_codes()
        for summary in self._listings[section]:
            if summary.put_code not in claimed and summary.facts == wanted:
                return summary.put_code
        return None

    def _recovered(self, action: Action) -> bool:
        """Look for an upload whose answer was lost; if found, record it (and bring it up to
        date when the CV changed since it was sent)."""
        pending = self.state.entries.get(action.ident)
        put_code = self._find_on_orcid(action.section, self._sent_facts(pending, action.xml))
        if put_code is None:
            return False
        sent = pending.sha256 if pending else content_hash(action.xml)
        self.state.set(action.ident, Entry(action.section, sent, put_code))
        self._save()
        self.outcome.adopted.append(action.ident)
        self.say(f"found {action.section} {action.key} on ORCID (put-code {put_code}) from an interrupted run")
        if sent != content_hash(action.xml):
            self._update(replace(action, kind=UPDATE, put_code=put_code, recover=False))
        return True

    # --- the calls ------------------------------------------------------------------

    def _delete(self, action: Action) -> None:
        if action.put_code is None:  # left the CV while its upload was pending: did it arrive?
            put_code = self._find_on_orcid(action.section, self._sent_facts(self.state.entries[action.ident]))
            if put_code is None:
                self.state.drop(action.ident)
                return self._save()
            action = replace(action, put_code=put_code)
        try:
            self.client.delete(action.section, action.put_code)
        except OrcidError as error:
            if error.status != 404:  # already gone: the goal is reached
                return self._fail(action, error)
        self.state.drop(action.ident)
        self._save()
        self.outcome.deleted.append(action.ident)
        self.say(f"deleted {action.section} {action.key} (put-code {action.put_code})")

    def _update(self, action: Action) -> None:
        try:
            self.client.update(action.section, action.put_code, with_put_code(action.xml, action.put_code))
        except OrcidError as error:
            if error.status == 404:  # removed on ORCID meanwhile: upload it again
                self.state.drop(action.ident)
                self._save()
                return self._create(replace(action, kind=CREATE, put_code=None))
            return self._fail(action, error)
        self._record(action, action.put_code)
        self.outcome.updated.append(action.ident)
        self.say(f"updated {action.section} {action.key} (put-code {action.put_code})")

    def _adopt(self, action: Action, put_code: str | None, error: OrcidError | str) -> None:
        """ORCID says the item is there already (9021): take its put-code and make it match.

        The put-code is saved first with an unknown content hash, so that if the update
        fails the next run still knows the item and updates it."""
        if put_code is None or put_code in self.state.put_codes():
            return self._refused([action], error)  # a second CV record matching the same item
        self.state.set(action.ident, Entry(action.section, "", put_code))
        self._save()
        self.outcome.adopted.append(action.ident)
        self.say(f"adopted {action.section} {action.key} (put-code {put_code}, already on ORCID)")
        try:
            self.client.update(action.section, put_code, with_put_code(action.xml, put_code))
        except OrcidError as update_error:
            return self._fail(action, update_error)
        self._record(action, put_code)

    def _create(self, action: Action) -> None:
        if action.recover and self._recovered(action):
            return
        self._mark_pending([action])
        for attempt in range(1, self.client.attempts + 1):
            try:
                response = self.client.create(action.section, action.xml)
            except AmbiguousError:
                if attempt == self.client.attempts:
                    raise
                self.client.sleep(self.client.delay(attempt))
                self._listings.pop(action.section, None)
                if self._recovered(action):
                    return
                continue
            except OrcidError as error:
                if error.status == 409 and error.error_code == DUPLICATE:
                    return self._adopt(action, put_code_in_conflict(error.detail), error)
                return self._refused([action], error)
            self._record(action, put_code_from_location(response))
            self.outcome.created.append(action.ident)
            self.say(f"created {action.section} {action.key} (put-code {self.state.entries[action.ident].put_code})")
            return

    def _create_bulk(self, actions: list[Action]) -> None:
        todo = [a for a in actions if not (a.recover and self._recovered(a))]
        if not todo:
            return
        self._mark_pending(todo)
        body = bulk_body([a.xml for a in todo])
        for attempt in range(1, self.client.attempts + 1):
            try:
                response = self.client.create_bulk(body)
                break
            except AmbiguousError:
                if attempt == self.client.attempts:
                    raise
                self.client.sleep(self.client.delay(attempt))
                self._listings.pop("work", None)
                todo = [a for a in todo if not self._recovered(a)]
                if not todo:
                    return
                body = bulk_body([a.xml for a in todo])
            except OrcidError as error:  # the whole request refused (not one item of it)
                return self._refused(todo, error)
        results = bulk_results(response.body)
        if len(results) != len(todo):
            raise OrcidError(f"POST works: ORCID answered {len(results)} items for {len(todo)} works")
        created = [(a, r.put_code) for a, r in zip(todo, results) if r.put_code]
        for action, put_code in created:
            self._record(action, put_code, save=False)
        self._save()  # one write for the whole reply
        for action, put_code in created:
            self.outcome.created.append(action.ident)
            self.say(f"created work {action.key} (put-code {put_code})")
        for action, result in zip(todo, results):
            if result.error is None:
                continue
            text = f"HTTP {result.error.response_code}, {result.error.describe()}"
            if result.error.error_code == DUPLICATE:
                self._adopt(action, put_code_in_conflict(result.error), text)
            else:
                self._refused([action], text)


def push(items: Iterable[Item], state: SyncState, client: OrcidClient, *,
         say: Callable[[str], None] = lambda line: None, bulk_limit: int = BULK_LIMIT) -> Outcome:
    """Bring the ORCID record in line with ``items``; see :class:`Pusher`."""
    return Pusher(client, state, say=say, bulk_limit=bulk_limit).run(items)

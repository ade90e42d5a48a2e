"""One run of enrich over one CV: ask ROR for the organisations and Crossref for the works that
lack ids, decide with :mod:`cvld.enrich.plan`, write with :mod:`cvld.enrich.edit`. A service that
fails is asked nothing more; what was found before (and from the other service) is kept."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cvld.core.diagnostics import Diagnostic, Location, RemoteError
from cvld.enrich import crossref, ror
from cvld.enrich.client import Service
from cvld.enrich.edit import Document
from cvld.enrich.plan import first_family, is_preprint, judge_organisation, judge_work, shown
from cvld.model import ids
from cvld.model.records import CV, Organisation


NOT_LOOKED_UP = frozenset({"presentation"})  # talks given as works: Crossref has no DOIs for them


@dataclass
class Outcome:
    text: str  # the CV with what was taken
    changed: bool
    notes: list[Diagnostic] = field(default_factory=list)  # what was taken and left, located
    failures: list[RemoteError] = field(default_factory=list)  # the services that failed
    dois: int = 0
    links: int = 0
    rors: int = 0


def organisations_to_match(cv: CV) -> list[Organisation]:
    """Every organisation written in the CV (in the list, or in place in an entry) without a ROR,
    Ringgold or GRID id, once each, in the order of the file."""
    found: dict[str, Organisation] = {}
    everything = list(cv.organisations.values())
    for entry in (*cv.education, *cv.positions, *cv.teaching, *cv.service):
        everything.append(entry.organisation)
    for talk in cv.talks:
        everything.extend(occurrence.host for occurrence in talk.given)
    everything.extend(person.affiliation for person in (cv.owner, *cv.people.values()))
    for org in everything:
        if org is not None and not (org.ror or org.ringgold or org.grid) and org.origin.path:
            found.setdefault(org.origin.path, org)
    return sorted(found.values(), key=lambda o: (o.origin.line, o.origin.column))


class _Run:
    def __init__(self, cv: CV, text: str, today: datetime.date):
        self.cv = cv
        self.document = Document(text)
        self.today = today
        self.outcome = Outcome(text, False)

    def note(self, where: Location, message: str) -> None:
        self.outcome.notes.append(Diagnostic(where, message, "note"))

    def mark(self, name: str, source: str) -> str:
        return f"{name} found by cvld enrich in {source} on {self.today.isoformat()}"

    def answers(self, items: list, ask, field: str, service_name: str, noun: str):
        """``(item, answer)`` for each of ``items`` in turn. When the service fails, one note at the item
        it failed on (saying how many were left) and the failure in the outcome; no more are asked."""
        for position, item in enumerate(items):
            try:
                answer = ask(item)
            except RemoteError as error:
                self.outcome.failures.append(error)
                later = len(items) - position - 1
                self.note(item.origin, f"{field}: not looked up: {service_name} failed ({error})"
                          + (f"; {later} more {noun}(s) not looked up" if later else ""))
                return
            yield item, answer

    def organisations(self, service: Service) -> None:
        organisations = organisations_to_match(self.cv)
        asked = self.answers(organisations, lambda org: ror.match(service, org), "ror", "ROR", "organisation")
        for org, matches in asked:
            verdict = judge_organisation(org, matches)
            if verdict.taken is not None and not self.document.holds(org.origin.path, "name", org.name):
                self.note(org.origin, f"ror: {verdict.taken.id} is ROR's chosen match, but the organisation is not "
                                      "written here to add it to: add it by hand")
            elif verdict.taken is not None:
                self.document.set(org.origin.path, "ror", verdict.taken.id, self.mark("ror", "ROR"))
                self.outcome.rors += 1
                self.note(org.origin, f"ror: added {verdict.taken.id} ({shown(verdict.taken.name)}), ROR's chosen match "
                                      f"for '{ror.affiliation(org)}'")
            else:
                self.note(org.origin, f"ror: none taken for '{ror.affiliation(org)}'"
                          + "".join(f"\n    {line}" for line in verdict.lines))

    def works(self, service: Service) -> None:
        owner = {ids.doi_key(w.doi): w.key for w in self.cv.works if w.doi and _valid_doi(w.doi)}
        pending = [w for w in self.cv.works if not w.doi and w.type not in NOT_LOOKED_UP]
        pending.sort(key=is_preprint)  # published works first: a preprint may link to one found now
        asked = self.answers(pending, lambda work: crossref.search(service, work, first_family(work)), "doi",
                             "Crossref", "work")
        for work, candidates in asked:
            verdict = judge_work(work, candidates, owner)
            said = "".join(f"\n    {line}" for line in verdict.lines or ["Crossref has no candidates"])
            if verdict.taken is not None:
                doi = ids.normalize_doi(verdict.taken.doi)
                self.document.set(work.origin.path, "doi", doi, self.mark("doi", "Crossref"))
                owner[ids.doi_key(doi)] = work.key
                self.outcome.dois += 1
                self.note(work.origin, f"doi: added {doi}{said}")
            elif verdict.published is None:
                self.note(work.origin, f"doi: none taken{said}")
            if verdict.published is not None:
                self.link(work, verdict.published, owner, said)

    def link(self, work, published, owner: dict[str, str], said: str) -> None:
        doi = ids.normalize_doi(published.doi)
        target = owner.get(ids.doi_key(doi))
        if target is None:
            self.note(work.origin, f"version_of: the published version is {doi} ('{shown(published.title)}', "
                                   f"{shown(published.container or published.type)}, {published.year}), which the CV "
                                   f"does not hold: add it as a work, then set version_of to its key{said}")
        elif work.version_of == target:
            self.note(work.origin, f"version_of: already '{target}', the published version ({doi}){said}")
        elif work.version_of:
            self.note(work.origin, f"version_of: the published version is '{target}' ({doi}), the CV says "
                                   f"'{work.version_of}' (kept){said}")
        else:
            self.document.set(work.origin.path, "version_of", target, self.mark("version_of", "Crossref"))
            self.outcome.links += 1
            self.note(work.origin, f"version_of: added '{target}', the published version ({doi}); the "
                                   f"preprint's own entry is kept{said}")


def _valid_doi(value: str) -> bool:
    try:
        ids.normalize_doi(value)
    except ids.IdentifierError:
        return False
    return True


def enrich_cv(cv: CV, text: str, *, crossref_service: Service | None, ror_service: Service | None,
              today: datetime.date) -> Outcome:
    """Enrich the CV document ``text`` (``cv`` is its model): organisations with ``ror_service``,
    works with ``crossref_service`` (either may be None: not asked)."""
    run = _Run(cv, text, today)
    if ror_service is not None:
        run.organisations(ror_service)
    if crossref_service is not None:
        run.works(crossref_service)
    outcome = run.outcome
    outcome.text = run.document.text()
    outcome.changed = outcome.text != text
    for service in (ror_service, crossref_service):
        if service is not None and service.cache.problem:
            outcome.notes.append(Diagnostic(Location(cv.source), f"{service.cache.problem}; the next run asks "
                                                                 "again", "warning"))
            break
    return outcome

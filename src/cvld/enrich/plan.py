"""What enrich takes from an answer, and why: every candidate is taken or left with its reasons.

A work's DOI is taken from a Crossref candidate only when the title is the same after
normalisation (markup, accents, case, punctuation and spacing aside), the year is within one
year, and the first author's family name agrees; two different DOIs that both pass are
ambiguous and neither is taken. A preprint's candidate that is itself a preprint
(``posted-content``) gives the preprint its DOI; one that is a published work is the published
version, linked with ``version_of`` when the CV holds it. An organisation's ROR id is taken only
from the match ROR marks ``chosen``, and only when its country agrees with the CV's.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from cvld.enrich.crossref import PREPRINT_TYPES, Candidate
from cvld.enrich.ror import Match
from cvld.core.text import fold
from cvld.model.identity import title_identity
from cvld.model import ids
from cvld.model.records import Organisation, Work

ROR_ID = re.compile(r"^https://ror\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
SHOWN_CANDIDATES = 5


@dataclass
class Verdict:
    """The candidate taken (or None) and one line per candidate saying why it was taken or left."""

    taken: Candidate | Match | None = None
    lines: list[str] = field(default_factory=list)
    published: Candidate | None = None  # for a preprint: its published version


def comparable_title(text: str) -> str:
    """A title for comparison: no markup or entities, accents, case, punctuation or extra spaces."""
    return title_identity(html.unescape(re.sub(r"<[^>]*>", " ", text)))


def is_preprint(work: Work) -> bool:
    return work.status == "preprint" or work.type == "preprint"


def first_family(work: Work) -> str | None:
    """The first author's family name (the last word of the name when none is given)."""
    if not work.authors:
        return None
    person = work.authors[0].person
    if person.family_name:
        return person.family_name
    words = person.name.split()
    return words[-1] if words else None


def shown(text) -> str:
    """A service's text as printed: control characters escaped (``\\n``), so that an answer cannot
    break a message's lines or drive the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def describe(candidate: Candidate) -> str:
    authors = ", ".join(candidate.families[:3]) + (" et al." if len(candidate.families) > 3 else "")
    score = f"score {candidate.score:g}; " if candidate.score is not None else ""
    return shown(f"{candidate.doi} ({score}'{candidate.title}', {candidate.year or 'no year'}, "
                 f"{authors or 'no authors'}, {candidate.type or 'no type'})")


def work_reasons(work: Work, family: str | None, candidate: Candidate) -> list[str]:
    """Why ``candidate`` is not ``work`` (empty when it is)."""
    reasons = []
    try:
        ids.normalize_doi(candidate.doi)
    except ids.IdentifierError:
        reasons.append("not a DOI")
    wanted = comparable_title(work.title)
    if not any(comparable_title(t) == wanted for t in candidate.titles):
        reasons.append("the title differs")
    year = work.date.year if work.date else None
    if candidate.year is None:
        reasons.append("no year")
    elif year is not None and abs(candidate.year - year) > 1:
        reasons.append(f"the year {candidate.year} is not within one year of {year}")
    theirs = candidate.families[0] if candidate.families else None
    if not theirs:
        reasons.append("no authors")
    elif family and fold(theirs) != fold(family):
        reasons.append(f"the first author is {theirs}, not {family}")
    return reasons


def judge_work(work: Work, candidates: list[Candidate], doi_owner: dict[str, str]) -> Verdict:
    """Which candidate is ``work``'s DOI (or, for a preprint, its published version). ``doi_owner``:
    the key of the work each DOI of the CV (lower case) already belongs to."""
    family = first_family(work)
    verdict = Verdict()
    passing: dict[str, Candidate] = {}
    for candidate in candidates:
        reasons = work_reasons(work, family, candidate)
        if not reasons:
            owner = doi_owner.get(ids.doi_key(candidate.doi))
            linked = is_preprint(work) and candidate.type not in PREPRINT_TYPES  # the published version
            if owner and owner != work.key and not linked:
                reasons.append(f"already the DOI of work '{owner}'")
            elif not is_preprint(work) and candidate.type in PREPRINT_TYPES:
                reasons.append(f"a preprint ({candidate.type}), not the published work")
        if reasons:
            verdict.lines.append(f"left {describe(candidate)}: {'; '.join(reasons)}")
        else:
            passing.setdefault(ids.doi_key(candidate.doi), candidate)
            verdict.lines.append(f"matches {describe(candidate)}: title, year and first author agree")
    own = {k: c for k, c in passing.items() if not is_preprint(work) or c.type in PREPRINT_TYPES}
    published = {k: c for k, c in passing.items() if k not in own}
    for found, what in ((own, "DOIs"), (published, "published versions")):
        if len(found) > 1:
            verdict.lines.append(f"{len(found)} different {what} match ({', '.join(c.doi for c in found.values())}); "
                                 "none is taken (add the right one by hand)")
    if len(own) == 1:
        verdict.taken = next(iter(own.values()))
    if len(published) == 1:
        verdict.published = next(iter(published.values()))
    return verdict


def describe_match(item: Match) -> str:
    score = f"score {item.score:g}, " if item.score is not None else ""
    where = ", ".join(p for p in (item.city, item.country) if p)
    return shown(f"{item.name} ({item.id}; {score}{item.matching_type or 'no matching type'}"
                 + (f"; {where})" if where else ")"))


def judge_organisation(org: Organisation, matches: list[Match]) -> Verdict:
    """The match ROR marks ``chosen``, if there is one, its id is a ROR id and its country agrees."""
    verdict = Verdict()
    for item in matches:
        if not item.chosen:
            continue
        if not ROR_ID.match(item.id):
            verdict.lines.append(f"left ROR's chosen match {describe_match(item)}: '{shown(item.id)}' is not a ROR id")
        elif org.country and item.country and item.country.upper() != org.country.upper():
            verdict.lines.append(f"left ROR's chosen match {describe_match(item)}: it is in {item.country}, "
                                 f"the CV says {org.country}")
        elif verdict.taken is None:
            verdict.taken = item
            verdict.lines.append(f"ROR's chosen match: {describe_match(item)}")
    if verdict.taken is None:
        others = [m for m in matches if not m.chosen][:SHOWN_CANDIDATES]
        verdict.lines.append("no match ROR is sure of: " + ("add the right ror id by hand if it is one of these"
                                                            if others else "ROR has no candidates"))
        verdict.lines.extend(f"candidate {describe_match(m)}" for m in others)
    return verdict

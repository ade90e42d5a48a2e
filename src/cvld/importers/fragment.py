"""Building a CV-document fragment: the part every importer shares.

An importer reads its format and hands each person, organisation and work to a
:class:`Fragment`, which gives keys (a source's own key kept where it fits the key
pattern, slugified and reported where it does not), merges people met twice, puts
the owner's key where the owner is an author, and returns plain data in the CV format.
"""

from __future__ import annotations

import re

from cvld.model import ids
from cvld.model.dates import DateError, parse_date
from cvld.core.diagnostics import Location, Report
from cvld.core.text import slugify
from cvld.importers.names import Me, Name, fold, name_key
from cvld.importers.names import parse_name

# the order fields are written in, for a stable readable file
WORK_FIELDS = ("key", "type", "title", "authors", "authors_incomplete", "venue", "volume", "issue", "pages", "article_number", "date",
               "status", "doi", "arxiv", "isbn", "issn", "pmid", "url", "pdf", "abstract", "keywords", "version_of",
               "note", "funding")
PERSON_FIELDS = ("key", "name", "given_name", "family_name", "additional_name", "other_names", "orcid", "email",
                 "phone", "homepage", "image", "address", "profiles", "interests", "bio", "affiliation")


# The sections of entries an import brings besides works, each with what one of its entries is called.
ENTRY_SECTIONS = {"education": "education", "positions": "position", "service": "service", "awards": "award",
                  "grants": "grant", "supervision": "supervision", "memberships": "membership"}


def listed(value) -> list:
    """``value`` when it is a list, else no items: another tool's file may hold anything where a list is due."""
    return value if isinstance(value, list) else []


def source_key(text: str) -> str:
    """A source's key (BibTeX key, CSL id) in the key pattern: lower-case, other characters as '-'."""
    key = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")
    return key[:80].rstrip("-._")


def ordered(record: dict, order: tuple[str, ...]) -> dict:
    known = {name: record[name] for name in order if name in record and record[name] not in (None, "", [], {})}
    known.update({name: value for name, value in record.items() if name not in known and value not in (None, "", [], {})})
    return known


_SMALL_WORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "towards", "toward"}


def number_or_text(value):
    """'14' as 14 (readable YAML); '043309' and 'TR-1' stay text."""
    text = str(value).strip()
    return int(text) if text.isdigit() and not text.startswith("0") and len(text) < 10 else text


class Fragment:
    """Collects what one input file holds, in the CV format."""

    def __init__(self, file: str, report: Report, me: Me | None = None):
        self.file = file
        self.report = report
        self.me = me or Me()
        self.owner: dict | None = None
        self.people: dict[str, dict] = {}
        self._people_by_name: dict[str, str] = {}
        self._people_by_orcid: dict[str, str] = {}
        self.organisations: dict[str, dict] = {}
        self.works: list[dict] = []
        self._work_keys: set[str] = set()
        self.sections: dict[str, list] = {}

    # --- people --------------------------------------------------------------

    def set_owner(self, name: Name, *, orcid: str | None = None, **fields) -> dict:
        """The owner's record (``person``); the first call names it, later ones add what is missing."""
        if self.owner is None:
            self.owner = {"key": slugify(name.full) or "owner", "name": name.full}
            if self.me.name is None:
                self.me.add_name(name.full)
        record = self.owner
        extra = {"given_name": name.given, "family_name": name.family, "orcid": orcid, **fields}
        for field, value in extra.items():
            if value not in (None, "", [], {}) and field not in record:
                record[field] = value
        return record

    def person(self, name: Name, *, orcid: str | None = None, affiliation: str | None = None) -> str:
        """The key of a person (the owner's key when the owner is meant), adding them when new."""
        if orcid and self.owner is not None and self.owner.get("orcid") == orcid:
            return self.owner["key"]  # the owner's iD under another spelling of the name
        if self.me and self.me.matches(name, orcid):
            if self.owner is None:
                same = self.me.name is not None and name_key(self.me.name) == name_key(name)
                chosen = name if same or self.me.name is None or _fuller(name, self.me.name) else self.me.name
                self.set_owner(chosen, orcid=orcid or self.me.orcid)
            else:
                if orcid and "orcid" not in self.owner:
                    self.owner["orcid"] = orcid
                if _fuller(name, Name(self.owner.get("given_name"), self.owner.get("family_name"))):
                    self.owner.update(name=name.full, given_name=name.given, family_name=name.family)
            if self.me.name is None:
                self.me.add_name(name.full)
            return self.owner["key"]
        if orcid and orcid in self._people_by_orcid:
            return self._people_by_orcid[orcid]
        folded = name_key(name)
        if folded in self._people_by_name:
            key = self._people_by_name[folded]
            existing = self.people[key]
            if orcid and not existing.get("orcid"):
                existing["orcid"] = orcid
                self._people_by_orcid[orcid] = key
            if not orcid or existing.get("orcid") == orcid:
                return key
        base = slugify(name.full) or "person"
        key = self._unique(base, set(self.people) | {self.owner_key})
        record = {"name": name.full}
        if not name.literal:
            record.update({"given_name": name.given, "family_name": name.family})
        record.update({"orcid": orcid, "affiliation": affiliation})
        self.people[key] = ordered(record, PERSON_FIELDS)
        self._people_by_name.setdefault(folded, key)
        if orcid:
            self._people_by_orcid[orcid] = key
        return key

    @property
    def owner_key(self) -> str:
        if self.owner is not None:
            return self.owner["key"]
        return slugify(self.me.name.full) if self.me.name else "owner"

    def author(self, name: Name, *, orcid: str | None = None, equal: bool = False, corresponding: bool = False):
        """An author-list item: a person key, or ``{person, equal_contribution, corresponding}``."""
        key = self.person(name, orcid=orcid)
        if not equal and not corresponding:
            return key
        item = {"person": key}
        if equal:
            item["equal_contribution"] = True
        if corresponding:
            item["corresponding"] = True
        return item

    # --- organisations ---------------------------------------------------------

    def organisation(self, name: str, **fields) -> str:
        record = ordered({"name": name, **fields}, ("name", "department", "city", "region", "country", "ror", "url"))
        base = slugify(name + " " + (fields.get("department") or ""))
        for key, existing in self.organisations.items():
            if existing == record:
                return key
        key = self._unique(base, set(self.organisations))
        self.organisations[key] = record
        return key

    # --- works -----------------------------------------------------------------

    def work_key(self, wanted: str | None, fallback, where: Location) -> str:
        """A unique work key: the source's own key when it fits the pattern, reported when changed."""
        base = source_key(wanted) if wanted else ""
        fallback = fallback if isinstance(fallback, str) else self.fallback_key(fallback)
        if wanted and base != wanted:
            if base:
                self.report.warning(where, f"key '{wanted}' written as '{base}' (keys are lower-case letters, digits, "
                                           "'.', '_' and '-')")
        if not base:
            base = source_key(fallback) or "work"
        key = self._unique(base, self._work_keys)
        if wanted and key != base:
            self.report.warning(where, f"key '{base}' is taken by an earlier work; written as '{key}'")
        self._work_keys.add(key)
        return key

    def undated(self, record: dict, where: Location, missing: str = "date") -> None:
        """Warn at ``where`` that ``record`` is imported with no date (``missing`` names what the source lacks)."""
        self.report.warning(where, undated_message(record, missing))

    def fallback_key(self, record: dict) -> str:
        """A key in the style of Google Scholar's: first author's family name, year, first title word."""
        first = record["authors"][0]
        key = first["person"] if isinstance(first, dict) else first
        person = self.owner if self.owner is not None and key == self.owner.get("key") else self.people.get(key, {})
        family = person.get("family_name") or person.get("name") or key
        words = [w for w in re.findall(r"\w+", slugify(record["title"]).replace("-", " ")) if w not in _SMALL_WORDS]
        return source_key(slugify(family).replace("-", "") + str(record.get("date") or "")[:4] + (words[0] if words else ""))

    def add_work(self, record: dict) -> None:
        url, doi = record.get("url"), record.get("doi")
        if url and doi and re.sub(r"^https?://(dx\.)?doi\.org/", "", url).lower() == doi.lower():
            del record["url"]  # the DOI's own link
        self.works.append(ordered(record, WORK_FIELDS))

    # --- values ----------------------------------------------------------------

    def identifier(self, normalise, value, where: Location, what: str):
        """A normalised identifier, or None with a warning when it is malformed."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return normalise(str(value))
        except ValueError as error:  # IdentifierError, or what a library under the rule raised (urlsplit's)
            self.report.warning(where, f"{what} left out: {error}")
            return None

    def date(self, value, where: Location, what: str = "date"):
        """A CV date (int year or 'YYYY-MM[-DD]' text) from text such as '2019-06-01' or '2014'."""
        if value is None:
            return None
        text = str(value).strip()
        match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$", text)
        if match and int(match.group(1)) < 1000:
            self.report.warning(where, f"{what} left out: not a date: '{text}' (the year must have four digits)")
            return None
        if match:
            try:
                date = parse_date("-".join(part for part in match.groups() if part))
                return date.year if date.precision == "year" else date.iso()
            except DateError as error:
                self.report.warning(where, f"{what} left out: {error}")
                return None
        self.report.warning(where, f"{what} left out: not a date: '{text}' (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        return None

    def _rekey_owner(self) -> None:
        """The owner's key from the fullest spelling of their name found ('L. Wu' named, 'Lei Wu' found)."""
        old = self.owner["key"]
        new = slugify(self.owner["name"]) or old
        if new == old or new in self.people:
            return
        self.owner["key"] = new
        for work in self.works:
            work["authors"] = [_rekey(a, old, new) for a in work["authors"]]

    @staticmethod
    def _unique(base: str, taken: set[str]) -> str:
        base = base[:76].rstrip("-._") or "x"
        key, number = base, 2
        while key in taken:
            key = f"{base}-{number}"
            number += 1
        return key

    # --- result ----------------------------------------------------------------

    def result(self) -> dict:
        document: dict = {}
        orcid = self.owner.get("orcid") if self.owner is not None else None
        for key in [k for k, p in self.people.items() if orcid and p.get("orcid") == orcid]:
            del self.people[key]  # met before the owner was known: the same iD is the owner
            for work in self.works:
                work["authors"] = [_rekey(a, key, self.owner["key"]) for a in work["authors"]]
        if self.owner is not None:
            self._rekey_owner()
            document["person"] = ordered(self.owner, PERSON_FIELDS)
        elif self.me.name is not None:
            document["person"] = {"key": self.owner_key, "name": self.me.name.full}
            if self.me.orcid:
                document["person"]["orcid"] = self.me.orcid
        elif self.me.orcid:
            document["person"] = {"key": "owner", "orcid": self.me.orcid}  # no name: the caller must say it
        for name, value in (("organisations", self.organisations), ("people", self.people)):
            if value:
                document[name] = value
        for name in ENTRY_SECTIONS:
            if self.sections.get(name):
                document[name] = self.sections[name]
        if self.works:
            document["works"] = self.works
        return document


def ends_before_start(start, end) -> bool:
    """Whether a span's end (a CV date, or 'present') is before its start, by the loader's rule
    (the end's last day before the start's first day)."""
    if start is None or end is None or str(end).strip().lower() == "present":
        return False
    try:
        return parse_date(end).last_day() < parse_date(start).first_day()
    except (DateError, ValueError):  # (a year such as 0 has no calendar day)
        return False


def _fuller(found: Name, known: Name) -> bool:
    """Whether ``found`` spells the same person's given names more fully ('Lei' for 'L.')."""
    if found.literal or known.literal or not found.given or fold(found.family or "") != fold(known.family or ""):
        return False
    mine, theirs = fold(found.given).split(), fold(known.given or "").split()
    return len("".join(mine)) > len("".join(theirs)) and all(
        a == b or (len(b) == 1 and a.startswith(b)) for a, b in zip(mine, theirs))


def adopt_owner(fragment: dict, me: Me) -> dict:
    """Make the owner's key stand for every person in ``fragment`` that ``me`` names (by a
    name variant or ORCID iD), for readers that match the owner's name exactly only."""
    people = fragment.get("people") or {}
    owner = fragment.get("person")
    if not me or owner is None:
        return fragment
    for key in [k for k, p in people.items() if me.matches(as_name(p), p.get("orcid"))]:
        person = people.pop(key)
        if person.get("orcid") and not owner.get("orcid"):
            owner["orcid"] = person["orcid"]
        for work in fragment.get("works") or []:
            work["authors"] = [_rekey(a, key, owner["key"]) for a in work["authors"]]
    if not people:
        fragment.pop("people", None)
    return fragment


def as_name(person: dict) -> Name:
    if person.get("family_name") or person.get("given_name"):
        return Name(person.get("given_name"), person.get("family_name"))
    try:
        return parse_name(person["name"])
    except ValueError:
        return Name(literal=person["name"])


def _rekey(author, old: str, new: str):
    if isinstance(author, dict):
        return {**author, "person": new} if author.get("person") == old else author
    return new if author == old else author


def key_sections(document: dict, report: Report, file: str) -> dict:
    """Give education and positions keys (as the loader would make them), dropping an entry
    that repeats an earlier one word for word (reported) and numbering keys that clash."""
    for section in ("education", "positions"):
        entries = document.get(section) or []
        kept: list[dict] = []
        keys: set[str] = set()
        for index, entry in enumerate(entries):
            if entry in kept:
                report.warning(Location(file, path=f"{section}[{index}]"),
                               f"the same {section.rstrip('s')} entry again (as {section}[{kept.index(entry)}]); left out")
                continue
            kept.append(entry)
        for entry in kept:
            if "key" not in entry:
                middle = entry.get("kind", "degree") if section == "education" else slugify(str(entry.get("title", "")))
                entry["key"] = Fragment._unique(source_key(f"{entry['organisation']}-{middle}-{entry['start']}"), keys)
            keys.add(entry["key"])
        if kept:
            document[section] = [{"key": e["key"], **{k: v for k, v in e.items() if k != "key"}} for e in kept]
    return key_services(document)


def key_services(document: dict) -> dict:
    """A service entry whose key (as the loader makes it, from role and venue) an earlier one has gets
    its own key, with its start."""
    taken: set[str] = set()
    for entry in document.get("service") or []:
        if "key" in entry:
            taken.add(entry["key"])
            continue
        derived = slugify(f"{entry.get('role')} {entry.get('venue')}")
        if derived in taken:
            entry["key"] = Fragment._unique(source_key(f"{derived}-{entry.get('start', '')}"), taken)
            taken.add(entry["key"])
        else:
            taken.add(derived)
    return document


def undated_message(record: dict, missing: str = "date") -> str:
    """The warning for a work imported with no date: ``missing`` names what the source lacks."""
    said = f" with its status ('{record['status']}')" if record.get("status") else "; add its date when it is known"
    return f"no {missing}: imported undated{said}"


REQUIRED = {"works": ("key", "type", "title", "authors"), "positions": ("title", "organisation", "start"),
            "education": ("organisation", "start", "degree"), "service": ("role", "venue"), "awards": ("name",),
            "grants": ("title", "funder", "role"), "supervision": ("person", "level"), "memberships": ("organisation",)}


def drop_incomplete(document: dict, report: Report, file: str) -> dict:
    """Leave out (with a warning) an entry that lacks what the CV format requires, so that one
    bad entry never spoils the whole import."""
    for section, required in REQUIRED.items():
        entries = document.get(section)
        if not entries:
            continue
        kept = []
        for index, entry in enumerate(entries):
            missing = [name for name in required if entry.get(name) in (None, "", [])
                       and not (name == "degree" and entry.get("kind") == "visiting")]
            if missing:
                label = entry.get("key") or entry.get("title") or f"{section}[{index}]"
                report.warning(Location(file, path=f"{section}[{index}]"),
                               f"'{label}' has no {', '.join(missing)}, which the CV format requires; left out")
                continue
            kept.append(entry)
        document[section] = kept
        if not kept:
            del document[section]
    return document

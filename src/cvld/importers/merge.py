"""Merging an imported fragment into an existing CV document.

A work already there (same DOI, same arXiv id, or the same normalised title and
year) is updated, not duplicated: fields it lacks are added, fields that differ are
shown and kept as the user wrote them unless ``overwrite``. People and organisations
are matched by ORCID iD or name; the owner stays the CV's owner. The document is
edited as ruamel.yaml's round-trip tree, so comments and layout are kept; when
nothing changes, the text is returned as it was, byte for byte.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field


from cvld.core.lazy import lazy_module
from cvld.core.diagnostics import Diagnostic, Location, Report
from cvld.core.text import fold
from cvld.model.identity import (ARXIV, DOI, TITLE_YEAR, WorkIdentity, award_number_identity, name_identity,
                                 orcid_identity)
from cvld.importers.fragment import WORK_FIELDS, as_name
from cvld.importers.names import Me
from cvld.importers.yamlout import (AWARD_FIELDS, EDUCATION_FIELDS, GRANT_FIELDS, MEMBERSHIP_FIELDS, POSITION_FIELDS,
                                    SECTION_ORDER, flow, dump, person_node, work_node, yaml_engine)

ruamel_comments = lazy_module("ruamel.yaml.comments")


@dataclass
class MergeResult:
    text: str
    changed: bool
    notes: list[Diagnostic] = field(default_factory=list)  # severity note: what was added, and what differs
    kept: int = 0  # values that differ from the CV's and were kept (an overwriting merge replaces them)


def load_document(text: str) -> CommentedMap:
    return yaml_engine().load(io.StringIO(text))


def _show(value) -> str:
    """A value in one short line: author lists as keys with marks, mappings as name: value pairs."""
    value = _plain(value)
    if isinstance(value, list):
        text = ", ".join(_author_text(item) for item in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {v}" for k, v in value.items())
    else:
        text = " ".join(str(value).split())
    return f"'{text[:77]}...'" if len(text) > 80 else f"'{text}'"


def _author_text(item) -> str:
    if isinstance(item, dict) and "person" not in item:
        return "{" + "; ".join(f"{k}: {v}" for k, v in item.items()) + "}"
    if isinstance(item, dict):
        marks = [m for m, flag in (("*", item.get("equal_contribution")), ("corresponding", item.get("corresponding")))
                 if flag]
        return f"{item['person']}" + (f" ({', '.join(marks)})" if marks else "")
    return str(item)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _same(existing, imported) -> bool:
    """Whether the import says nothing the CV does not: a mapping or an author list may say less."""
    existing, imported = _plain(existing), _plain(imported)
    if isinstance(existing, dict) and isinstance(imported, dict):
        return all(k in existing and _same(existing[k], v) for k, v in imported.items())
    if isinstance(existing, list) and isinstance(imported, list):
        return len(existing) == len(imported) and all(_same(_as_author(a), _as_author(b))
                                                      for a, b in zip(existing, imported))
    if isinstance(existing, (int, str)) and isinstance(imported, (int, str)) and not isinstance(existing, bool):
        return str(existing).replace("\u2013", "-") == str(imported).replace("\u2013", "-")
    return existing == imported


def _as_author(item):
    """An author-list item as a mapping (a bare key has no marks), other list items as they are."""
    if isinstance(item, str):
        return {"person": item}
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if v is not False}
    return item


class _Merger:
    def __init__(self, document: CommentedMap, file: str, overwrite: bool):
        self.doc = document
        self.file = file
        self.overwrite = overwrite
        self.notes = Report()  # notes: what was added, and what differs
        self.kept = 0
        self.changed = False
        self.person_map: dict[str, str] = {}
        self.org_map: dict[str, str] = {}

    def at(self, node, index_or_key, path: str) -> Location:
        try:
            line, column = node.lc.item(index_or_key) if isinstance(node, ruamel_comments.CommentedSeq) else node.lc.key(index_or_key)
            return Location(self.file, line + 1, column + 1, path)
        except (AttributeError, KeyError, IndexError, TypeError):
            return Location(self.file, 0, 0, path)

    def note(self, where: Location, message: str) -> None:
        self.notes.note(where, message)

    def section(self, name: str, kind=None):
        """The document's section ``name``, made (in the usual order of sections) when missing:
        ``kind()``, a list (CommentedSeq) unless said otherwise."""
        kind = kind or ruamel_comments.CommentedSeq
        if name not in self.doc or self.doc[name] is None:
            later = [k for k in self.doc if k in SECTION_ORDER and SECTION_ORDER.index(k) > SECTION_ORDER.index(name)]
            position = list(self.doc).index(later[0]) if later else len(self.doc)
            if name in self.doc:
                self.doc[name] = kind()
            else:
                self.doc.insert(position, name, kind())
            self.changed = True
        return self.doc[name]

    # --- people and organisations -----------------------------------------------

    def owner(self, fragment: dict) -> None:
        mine = self.doc.get("person") or ruamel_comments.CommentedMap()
        theirs = fragment.get("person") or {}
        if theirs.get("key"):
            self.person_map[theirs["key"]] = mine.get("key")
        me = Me(mine.get("name"), orcid_identity(mine.get("orcid")), tuple(mine.get("other_names") or ()))
        if theirs.get("name") and mine.get("name") and not me.matches(as_name(theirs), orcid_identity(theirs.get("orcid"))):
            self.note(self.at(self.doc, "person", "person"), f"the import names '{theirs['name']}', not "
                      f"'{mine['name']}': their personal details are not merged")
            return
        for name, value in theirs.items():
            if name in ("key", "name", "given_name", "family_name") or value in (None, ""):
                continue
            if name not in mine:
                mine[name] = value
                self.changed = True
                self.note(self.at(self.doc, "person", "person"), f"{name}: added {_show(value)}")
            elif not _same(mine[name], value):
                self.note(self.at(mine, name, f"person.{name}"), f"differs: the CV has {_show(mine[name])}, "
                                                               f"the import {_show(value)} (kept)")

    def people(self, fragment: dict) -> None:
        people = self.doc.get("people") or {}
        owner_key = (self.doc.get("person") or {}).get("key")
        by_orcid = {}
        by_name = {}
        for key, person in people.items():
            if isinstance(person, dict):
                if person.get("orcid"):
                    by_orcid[orcid_identity(person["orcid"])] = key
                for text in [person.get("name"), *(person.get("other_names") or [])]:
                    if text:
                        by_name.setdefault(name_identity(text), key)
        for key, person in (fragment.get("people") or {}).items():
            found = by_orcid.get(orcid_identity(person.get("orcid"))) or by_name.get(name_identity(person["name"]))
            if found:
                self.person_map[key] = found
                existing = people[found]
                if person.get("orcid") and not existing.get("orcid"):
                    existing["orcid"] = person["orcid"]
                    self.changed = True
                    self.note(self.at(people, found, f"people.{found}"), f"orcid: added '{person['orcid']}'")
                continue
            new_key = self.unique(key, set(people) | {owner_key})
            people = self.section("people", ruamel_comments.CommentedMap)
            people[new_key] = flow(person)
            self.person_map[key] = new_key
            self.changed = True

    def organisations(self, fragment: dict) -> None:
        organisations = self.doc.get("organisations") or {}
        known = {(fold(str(o.get("name"))), fold(str(o.get("department") or ""))): k
                 for k, o in organisations.items() if isinstance(o, dict)}
        for key, org in (fragment.get("organisations") or {}).items():
            found = known.get((fold(org["name"]), fold(org.get("department") or "")))
            if found:
                self.org_map[key] = found
                continue
            new_key = self.unique(key, set(organisations))
            organisations = self.section("organisations", ruamel_comments.CommentedMap)
            organisations[new_key] = flow(org)
            self.org_map[key] = new_key
            self.changed = True

    @staticmethod
    def unique(base: str, taken: set) -> str:
        key, number = base, 2
        while key in taken:
            key = f"{base}-{number}"
            number += 1
        return key

    def author(self, item):
        if isinstance(item, dict):
            return {**item, "person": self.person_map.get(item["person"], item["person"])}
        return self.person_map.get(item, item)

    # --- works -----------------------------------------------------------------

    def find_work(self, works, work: dict) -> int | None:
        """The work of ``works`` that is ``work`` (model.identity): by DOI or arXiv id first, then by title and year."""
        mine = WorkIdentity.of_record(work)
        theirs = [(index, WorkIdentity.of_record(existing)) for index, existing in enumerate(works)
                  if isinstance(existing, dict)]
        for kinds in ((DOI, ARXIV), (TITLE_YEAR,)):
            for index, identity in theirs:
                if any(mine.same_as(identity, kind) for kind in kinds):
                    return index
        return None

    def works(self, fragment: dict) -> None:
        for work in fragment.get("works") or []:
            work = {**work, "authors": [self.author(a) for a in work["authors"]]}
            works = self.doc.get("works") or []
            index = self.find_work(works, work)
            if index is None:
                works = self.section("works")
                work["key"] = self.unique(work["key"], {w.get("key") for w in works if isinstance(w, dict)})
                append_keeping_trailer(works, work_node(work))
                self.changed = True
                continue
            self.update(works, index, work, WORK_FIELDS, f"works[{index}]", work_node)

    def update(self, items, index: int, record: dict, order: tuple[str, ...], path: str, layout=None) -> bool:
        existing = items[index]
        changed = False
        laid_out = layout(record) if layout else record
        for name, value in record.items():
            if name == "key":
                continue
            if name not in existing:
                position = sum(1 for k in existing if k in order and order.index(k) < order.index(name)) \
                    if name in order else len(existing)
                existing.insert(position, name, laid_out[name])
                self.note(self.at(items, index, f"{path}.{name}"), f"added {_show(value)}")
                changed = True
            elif not _same(existing[name], value):
                if self.overwrite:
                    existing[name] = laid_out[name]
                    self.note(self.at(existing, name, f"{path}.{name}"), f"replaced {_show(value)}")
                    changed = True
                else:
                    self.kept += 1
                    self.note(self.at(existing, name, f"{path}.{name}"),
                              f"differs: the CV has {_show(existing[name])}, the import {_show(value)} "
                              "(kept; an import that overwrites replaces it)")
        self.changed |= changed
        return changed

    def entries(self, fragment: dict, section: str, order: tuple[str, ...], same=None) -> None:
        """Education, positions, service, awards, grants or memberships: an entry of the same organisation and
        start (or ``same``) is updated."""
        same = same or (lambda e, r: e.get("organisation") == r.get("organisation")
                        and str(e.get("start"))[:7] == str(r.get("start"))[:7])
        for record in fragment.get(section) or []:
            for name in ("organisation", "funder"):  # (a grant's organisation is its funder)
                if name in record:
                    record = {**record, name: self.org_map.get(record[name], record[name])}
            items = self.doc.get(section) or []
            found = next((i for i, e in enumerate(items) if isinstance(e, dict) and same(e, record)), None)
            if found is None:
                items = self.section(section)
                if "key" in record:
                    record["key"] = self.unique(record["key"], {e.get("key") for e in items if isinstance(e, dict)})
                node = ruamel_comments.CommentedMap((k, record[k]) for k in [*(o for o in order if o in record),
                                                            *(k for k in record if k not in order)])
                items.append(node)
                self.changed = True
            else:
                self.update(items, found, record, order, f"{section}[{found}]")


def append_keeping_trailer(items: CommentedSeq, node: CommentedMap) -> None:
    """Append ``node``, moving the blank lines or comment that ended the list (kept by ruamel on the
    last key of the last item) to the end of the new item, so the next section stays set apart."""
    last = items[-1] if len(items) and isinstance(items[-1], ruamel_comments.CommentedMap) and len(items[-1]) else None
    trailer = None
    if last is not None:
        key = list(last)[-1]
        entry = last.ca.items.get(key)
        if entry and len(entry) > 2 and entry[2] is not None and entry[2].value.strip("\n") == "":
            trailer = entry[2]
            entry[2] = None
    items.append(node)
    if trailer is not None and len(node):
        node.ca.items[list(node)[-1]] = [None, None, trailer, None]


def merge(text: str, fragment: dict, *, file: str, overwrite: bool = False) -> MergeResult:
    """Merge ``fragment`` into the CV document ``text`` (the contents of ``file``)."""
    document = load_document(text)
    if not isinstance(document, ruamel_comments.CommentedMap):
        document = ruamel_comments.CommentedMap()
    merger = _Merger(document, file, overwrite)
    merger.owner(fragment)
    merger.organisations(fragment)
    merger.people(fragment)
    merger.works(fragment)
    for section, order in (("education", EDUCATION_FIELDS), ("positions", POSITION_FIELDS)):
        merger.entries(fragment, section, order)
    merger.entries(fragment, "service", ("key", "role", "role_title", "venue", "venue_full", "kind", "organisation",
                                         "start", "end"),
                   lambda e, r: e.get("role") == r.get("role") and fold(str(e.get("venue"))) == fold(str(r.get("venue"))))
    merger.entries(fragment, "awards", AWARD_FIELDS,
                   lambda e, r: fold(str(e.get("name"))) == fold(str(r.get("name")))
                   and str(e.get("date"))[:4] == str(r.get("date"))[:4])
    merger.entries(fragment, "grants", GRANT_FIELDS,
                   lambda e, r: e.get("funder") == r.get("funder") and (
                       award_number_identity(e.get("award_number")) == award_number_identity(r.get("award_number"))
                       if e.get("award_number") and
                       r.get("award_number") else fold(str(e.get("title"))) == fold(str(r.get("title")))))
    merger.entries(fragment, "memberships", MEMBERSHIP_FIELDS,
                   lambda e, r: e.get("organisation") == r.get("organisation")
                   and fold(str(e.get("role") or "")) == fold(str(r.get("role") or "")))
    if "person" not in document and fragment.get("person"):
        document.insert(0, "person", person_node(fragment["person"]))
        merger.changed = True
    if not merger.changed:
        return MergeResult(text, False, merger.notes.diagnostics, merger.kept)
    return MergeResult(dump(document), True, merger.notes.diagnostics, merger.kept)

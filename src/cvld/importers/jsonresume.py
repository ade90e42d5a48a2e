"""JSON Resume (resume.json) into a CV-document fragment.

``basics`` becomes the owner, ``work`` positions, ``education`` education,
``publications`` works (the owner as their author: JSON Resume lists none),
``awards`` awards, ``volunteer`` service or memberships where its position says which
(a reviewer, an editor, a committee member; a member or fellow) and ``interests`` the
owner's interests. What the CV format cannot hold (skills, highlights, other volunteering,
...) is reported as a warning at its JSON path, never dropped silently. Common deviations are tolerated: ``"endDate": "present"``, empty strings,
``null`` values, dates with a time.
"""

from __future__ import annotations

import re
from pathlib import Path

from cvld.model import ids
from cvld.model.records import SERVICE_ROLES
from cvld.core.diagnostics import Report
from cvld.core.text import fold
from cvld.source.yamlsource import Source
from cvld.importers.fragment import Fragment, ends_before_start, listed
from cvld.importers.names import Me, parse_name
from cvld.importers.text import clean_title, read_repaired, status_in_text

SECTIONS_READ = {"basics", "work", "education", "publications", "interests", "awards", "volunteer", "$schema", "meta"}
# a volunteer position's words -> a membership (the position is its role), where no service role fits
MEMBERSHIP_WORDS = ("member", "fellow")
PRESENT_WORDS = {"present", "current", "now", "ongoing", "today"}


def read(path: str | Path, *, me: str | None = None, me_orcid: str | None = None, report: Report,
         me_aliases: tuple[str, ...] = ()) -> dict:
    source = read_repaired(path, report)
    return _Reader(source, report, Me(me, me_orcid, me_aliases)).read()


def _text(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


class _Reader:
    def __init__(self, source: Source, report: Report, me: Me):
        self.source = source
        self.report = report
        self.fragment = Fragment(source.file, report, me)

    def at(self, *path):
        return self.source.location(path)

    def lost(self, path: tuple, value, what: str | None = None) -> None:
        if value in (None, "", [], {}):
            return
        count = f" ({len(value)} items)" if isinstance(value, list) else ""
        self.report.warning(self.at(*path), f"'{what or path[-1]}'{count} is not imported: the CV format has no place for it")

    def read(self) -> dict:
        data = self.source.data
        if not isinstance(data, dict):
            self.report.warning(self.at(), "not a JSON Resume (expected an object)")
            return self.fragment.result()
        for name in data:
            if name not in SECTIONS_READ:
                self.lost((name,), data[name], name)
        self.basics(data.get("basics"))
        self.fragment.sections["positions"] = self.items(data, "work", self.position)
        self.fragment.sections["education"] = self.items(data, "education", self.education)
        self.fragment.sections["awards"] = self.items(data, "awards", self.award)
        self.fragment.sections["service"] = []
        self.fragment.sections["memberships"] = []
        for record in self.items(data, "volunteer", self.volunteer):
            section, entry = record
            self.fragment.sections[section].append(entry)
        for index, item in enumerate(listed(data.get("publications"))):
            record = self.publication(item, ("publications", index)) if isinstance(item, dict) else None
            if record is not None:
                self.fragment.add_work(record)
        if data.get("publications") is not None and not isinstance(data.get("publications"), list):
            self.report.warning(self.at("publications"), "'publications' is not a list; skipped")
        interests = []
        for index, item in enumerate(listed(data.get("interests"))):
            name = _text(item.get("name")) if isinstance(item, dict) else None
            if name:
                interests.append(name)
                self.lost(("interests", index, "keywords"), item.get("keywords"))
        if interests and self.fragment.owner is not None:
            self.fragment.owner["interests"] = interests
        return self.fragment.result()

    def items(self, data: dict, section: str, build) -> list:
        value = data.get(section)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report.warning(self.at(section), f"'{section}' is not a list; skipped")
            return []
        built = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.report.warning(self.at(section, index), "not an object; skipped")
                continue
            record = build(item, (section, index))
            if record is not None:
                built.append(record)
        return built

    def basics(self, basics) -> None:
        if not isinstance(basics, dict):
            return
        name = _text(basics.get("name"))
        if name is None:
            self.report.warning(self.at("basics"), "no name in 'basics'; the owner is the person the import is for")
            return
        fields: dict = {"email": _text(basics.get("email")), "phone": _text(basics.get("phone")),
                        "bio": _text(basics.get("summary"))}
        for target, source_name in (("homepage", "url"), ("homepage", "website"), ("image", "image"), ("image", "picture")):
            value = _text(basics.get(source_name))
            if value and target not in fields:
                fields[target] = self.fragment.identifier(ids.check_url, value, self.at("basics", source_name), source_name)
        if fields.get("phone") and not re.fullmatch(r"[-+0-9 ().x/]+", fields["phone"]):
            self.report.warning(self.at("basics", "phone"), f"phone '{fields.pop('phone')}' left out: not a telephone number")
        if fields.get("email") and not re.fullmatch(r"[^@\s]+@[^@\s]+", fields["email"]):
            self.report.warning(self.at("basics", "email"), f"email '{fields.pop('email')}' left out: not an e-mail address")
        location = basics.get("location")
        if isinstance(location, dict):
            address = {"street": _text(location.get("address")), "locality": _text(location.get("city")),
                       "region": _text(location.get("region")), "postal_code": _text(location.get("postalCode"))}
            country = _text(location.get("countryCode"))
            if country and re.fullmatch(r"[A-Za-z]{2}", country):
                address["country"] = country.upper()
            elif country:
                self.report.warning(self.at("basics", "location", "countryCode"),
                                    f"country '{country}' left out: not an ISO 3166-1 alpha-2 code")
            fields["address"] = {k: v for k, v in address.items() if v}
        profiles = []
        for index, profile in enumerate(listed(basics.get("profiles"))):
            if not isinstance(profile, dict) or not _text(profile.get("url")):
                self.report.warning(self.at("basics", "profiles", index), "a profile without a URL is not imported")
                continue
            url = self.fragment.identifier(ids.check_url, profile["url"], self.at("basics", "profiles", index, "url"), "url")
            if url:
                entry = {"network": _text(profile.get("network")) or "other", "url": url}
                if _text(profile.get("username")):
                    entry["username"] = _text(profile["username"])
                profiles.append(entry)
        fields["profiles"] = profiles
        for lost in sorted(set(basics) - {"name", "email", "phone", "summary", "url", "website", "image", "picture",
                                          "location", "profiles"}):
            self.lost(("basics", lost), basics[lost])
        if isinstance(location, dict):
            for lost in sorted(set(location) - {"address", "city", "region", "postalCode", "countryCode"}):
                self.lost(("basics", "location", lost), location[lost])
        owner = parse_name(name)
        if self.fragment.me and not self.fragment.me.matches(owner):
            self.report.warning(self.at("basics", "name"), f"'{name}' is not the owner the import is for; "
                                                           "the resume is read as the owner's all the same")
        self.fragment.set_owner(owner, **{k: v for k, v in fields.items() if v})

    def span(self, item: dict, path: tuple, record: dict) -> bool:
        start = _text(item.get("startDate"))
        if start is None:
            self.report.warning(self.at(*path), "no 'startDate'; skipped")
            return False
        record["start"] = self.fragment.date(start, self.at(*path, "startDate"), "startDate")
        if record["start"] is None:
            return False
        end = _text(item.get("endDate"))
        if end and end.lower() in PRESENT_WORDS:
            record["end"] = "present"
        elif end:
            record["end"] = self.fragment.date(end, self.at(*path, "endDate"), "endDate")
        if ends_before_start(record["start"], record.get("end")):
            self.report.warning(self.at(*path, "endDate"), f"ends ({record['end']}) before it starts ({record['start']}); "
                                                           "skipped: correct the dates")
            return False
        return True

    def organisation(self, item: dict, path: tuple, *names: str) -> str | None:
        for name in names:
            text = _text(item.get(name))
            if text:
                fields = {}
                if _text(item.get("url")):
                    fields["url"] = self.fragment.identifier(ids.check_url, item["url"], self.at(*path, "url"), "url")
                return self.fragment.organisation(text, **fields)
        self.report.warning(self.at(*path), f"no '{names[0]}'; skipped")
        return None

    def position(self, item: dict, path: tuple) -> dict | None:
        title = _text(item.get("position"))
        if title is None:
            self.report.warning(self.at(*path), "no 'position'; skipped")
            return None
        dates: dict = {}
        if not self.span(item, path, dates):  # first, so that a skipped entry leaves no organisation behind
            return None
        organisation = self.organisation(item, path, "name", "company")
        if organisation is None:
            return None
        record = {"title": title, "kind": "employment", "organisation": organisation, **dates}
        for lost in sorted(set(item) - {"name", "company", "position", "url", "startDate", "endDate"}):
            self.lost(path + (lost,), item[lost])
        return {k: v for k, v in record.items() if v is not None}

    def education(self, item: dict, path: tuple) -> dict | None:
        if _text(item.get("institution")) is None:
            self.report.warning(self.at(*path), "no 'institution'; skipped")
            return None
        degree = _text(item.get("studyType"))
        if degree is None:
            self.report.warning(self.at(*path), "no 'studyType' (the degree); skipped")
            return None
        dates: dict = {}
        if not self.span(item, path, dates):
            return None
        organisation = self.organisation(item, path, "institution")
        record = {"kind": "degree", "degree": degree, "field": _text(item.get("area")), "organisation": organisation,
                  **dates}
        for lost in sorted(set(item) - {"institution", "url", "area", "studyType", "startDate", "endDate"}):
            self.lost(path + (lost,), item[lost])
        return {k: v for k, v in record.items() if v is not None}

    def publication(self, item: dict, path: tuple) -> dict | None:
        title = _text(item.get("name"))
        if title is None:
            self.report.warning(self.at(*path), "no 'name' (the title); skipped")
            return None
        released = _text(item.get("releaseDate"))
        said = status_in_text(released) if released and not re.search(r"\d{4}", released) else None  # "In press"
        date = self.fragment.date(released, self.at(*path, "releaseDate"), "releaseDate") if released and not said else None
        owner = self.fragment.owner_key if (self.fragment.owner or self.fragment.me) else None
        if owner is None:
            self.report.warning(self.at(*path), "no author: JSON Resume names none and the owner is unknown; skipped")
            return None
        record: dict = {"type": "other", "title": clean_title(title, self.at(*path, "name"), self.report),
                        "authors": [owner]}
        if date is not None:
            record["date"] = date
        else:
            if said:
                record["status"] = said[0]
            self.fragment.undated(record, self.at(*path), f"date ('releaseDate' is '{released}')" if released
                                  else "'releaseDate'")
        if _text(item.get("publisher")):
            record["venue"] = {"name": _text(item["publisher"])}
        if _text(item.get("url")):
            record["url"] = self.fragment.identifier(ids.check_url, item["url"], self.at(*path, "url"), "url")
        if _text(item.get("summary")):
            record["abstract"] = _text(item["summary"])
        for lost in sorted(set(item) - {"name", "publisher", "releaseDate", "url", "summary"}):
            self.lost(path + (lost,), item[lost])
        self.report.warning(self.at(*path), "JSON Resume gives no authors: the owner is written as the only author; "
                                            "the type is 'other'")
        record["key"] = self.fragment.work_key(None, record, self.at(*path))
        return record

    def award(self, item: dict, path: tuple) -> dict | None:
        """An award: ``title`` its name, ``awarder`` the awarding organisation, ``date``, ``summary``."""
        name = _text(item.get("title"))
        if name is None:
            self.report.warning(self.at(*path), "no 'title' (the award's name); skipped")
            return None
        record: dict = {"name": name}
        if _text(item.get("awarder")):
            record["organisation"] = self.fragment.organisation(_text(item["awarder"]))
        if _text(item.get("date")):
            record["date"] = self.fragment.date(_text(item["date"]), self.at(*path, "date"), "date")
        if _text(item.get("summary")):
            record["description"] = _text(item["summary"])
        for lost in sorted(set(item) - {"title", "awarder", "date", "summary"}):
            self.lost(path + (lost,), item[lost])
        return {k: v for k, v in record.items() if v is not None}

    def volunteer(self, item: dict, path: tuple) -> tuple[str, dict] | None:
        """("service", entry) for a reviewer, editor or committee position, ("memberships", entry) for a member
        or fellow; None (reported) for other volunteering, which the CV format has no section for."""
        organisation = _text(item.get("organization")) or _text(item.get("organisation"))
        position = _text(item.get("position"))
        if organisation is None or position is None:
            self.report.warning(self.at(*path), "no 'organization' or no 'position'; skipped")
            return None
        words = fold(position)
        role = next((key for key, label in sorted(SERVICE_ROLES.items(), key=lambda kv: -len(kv[1]))
                     if f" {fold(label)} " in f" {words} " or f" {fold(key)} " in f" {words} "), None)
        if role is None and not any(word in words.split() for word in MEMBERSHIP_WORDS):
            self.report.warning(self.at(*path), f"volunteering as '{position}' ({organisation}) is not imported: it "
                                                "is no service (reviewing, editing, a committee) nor a membership; "
                                                "add it to the CV by hand where it fits")
            return None
        dates: dict = {}
        if _text(item.get("startDate")) and not self.span(item, path, dates):
            return None
        read = {"organization", "organisation", "position", "startDate", "endDate", "url"}
        if role is not None:
            record = {"role": role, "venue": organisation, **dates}
            if fold(SERVICE_ROLES[role]) != words:
                record["role_title"] = position
            section = "service"
        else:
            record = {"organisation": self.organisation(item, path, "organization", "organisation"), "role": position,
                      **dates}
            section = "memberships"
        for lost in sorted(set(item) - read):
            self.lost(path + (lost,), item[lost])
        return section, {k: v for k, v in record.items() if v is not None}

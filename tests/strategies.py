"""Hypothesis strategies for valid CV documents over the whole CV schema.

``cv_documents()`` draws plain data (JSON's data model) that ``cvld check`` accepts:
Unicode text in every script, one-letter names, empty or missing optional sections,
1 to 200 authors, dates known to the year, month or day (a work's may be a range or absent),
every work type, every enum value of every section. ``write_cv(data, folder)`` writes one as a file for ``load_cv``.
Reuse them in any test: ``@given(cv_documents())``.
"""

from __future__ import annotations

import calendar
import json
from pathlib import Path

from hypothesis import strategies as st
from iso3166 import countries
from stdnum.iso7064 import mod_11_2

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "src" / "cvld" / "data" / "schema" / "cv.schema.json")
                    .read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]
WORK_TYPES = tuple(DEFS["work"]["properties"]["type"]["enum"])
WORK_STATUSES = tuple(DEFS["work"]["properties"]["status"]["enum"])
TEACHING_ROLES = tuple(DEFS["teaching"]["properties"]["role"]["enum"])
TEACHING_KINDS = tuple(DEFS["teaching"]["properties"]["kind"]["enum"])
SERVICE_ROLES = tuple(DEFS["service"]["properties"]["role"]["enum"])
SERVICE_KINDS = tuple(DEFS["service"]["properties"]["kind"]["enum"])
GRANT_ROLES = tuple(DEFS["grant"]["properties"]["role"]["enum"])
SUPERVISION_LEVELS = tuple(DEFS["supervision"]["properties"]["level"]["enum"])
SUPERVISION_ROLES = tuple(DEFS["supervision"]["properties"]["role"]["enum"])
CURRENCIES = ("EUR", "usd", "GBP", "JPY", "CHF", "cny")
COUNTRIES = tuple(sorted(c.alpha2 for c in countries))

# One name or word in each of many scripts, so every script is drawn often, not by luck.
SCRIPT_SAMPLES = (
    "Ada", "Łukasz", "Ørsted", "Erdős", "Nguyễn", "Ñúñez", "Ђорђе", "Ἀριστοτέλης", "Пётр", "Դավիթ", "ნინო",
    "محمد", "דוד", "ܐܦܪܝܡ", "ދިވެހި", "देवनागरी", "বাংলা", "ਪੰਜਾਬੀ", "ગુજરાતી", "ଓଡ଼ିଆ", "தமிழ்", "తెలుగు",
    "ಕನ್ನಡ", "മലയാളം", "සිංහල", "ไทย", "ລາວ", "བོད", "မြန်မာ", "ខ្មែរ", "ᠮᠣᠩᠭᠣᠯ", "ግዕዝ", "ᏣᎳᎩ", "ᐃᓄᒃᑎᑐᑦ",
    "王", "李小龍", "山田太郎", "ひらがな", "カタカナ", "한국어", "ꆈꌠ", "𝔐𝔞𝔱𝔥", "𐌰𐌱𐌲", "😀 🎓", "E", "X Æ A-12",
)

# Characters every output must carry: no controls, surrogates or non-characters (the loader refuses
# those, see tests/adversarial), no YAML line breaks (U+0085, U+2028, U+2029 fold inside scalars).
_TEXT_CHARACTERS = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\x85\u2028\u2029\ufffe\uffff",
)
_MARKUP = ("</script>", "<!--", '"><img src=x onerror=alert(1)>', "&amp;", "{\\bf x}", "%", "#", "$x$", "\\", "~", "^")

KEY = st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,79}\Z")
SHORT_KEY = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,11}\Z")


@st.composite
def text(draw, max_size: int = 40):
    """Non-empty text without surrounding space: a script sample, arbitrary Unicode, or markup."""
    parts = draw(st.lists(st.one_of(st.sampled_from(SCRIPT_SAMPLES), st.sampled_from(_MARKUP),
                                    st.text(_TEXT_CHARACTERS, min_size=1, max_size=max_size)), min_size=1, max_size=3))
    value = " ".join(parts).strip()
    return value if value else "x"


names = text(max_size=12)


@st.composite
def dates(draw, low: int = 1000, high: int = 9999):
    """A date known to the year (as a number or text), the month, or the day."""
    year = draw(st.one_of(st.integers(1950, 2030), st.integers(low, high)))
    precision = draw(st.sampled_from(("year-int", "year", "month", "day")))
    if precision == "year-int":
        return year
    if precision == "year":
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_key(value) -> tuple[int, int, int]:
    parts = [int(p) for p in str(value).split("-")]
    return tuple(parts + [0] * (3 - len(parts)))


@st.composite
def work_dates(draw):
    """A work's date: mostly one date, sometimes a range ``start/end`` (end not before start), or none."""
    choice = draw(st.integers(0, 7))
    if choice == 0:
        return None
    if choice > 1:
        return draw(dates())
    start, end = draw(dates(1900, 2100)), draw(dates(1900, 2100))
    if _date_key(end) < _date_key(start):
        start, end = end, start
    if _date_key(end)[0] == _date_key(start)[0]:
        end = _date_key(end)[0] + 1
    return f"{start}/{end}"


@st.composite
def spans(draw):
    """``{start}``, ``{start, end}`` with end not before start, or ``{start, end: present}``."""
    start = draw(dates(1900, 2100))
    choice = draw(st.sampled_from(("open", "end", "present")))
    if choice == "open":
        return {"start": start}
    if choice == "present":
        return {"start": start, "end": "present"}
    end = draw(dates(1900, 2100))
    if _date_key(end)[0] < _date_key(start)[0]:
        start, end = end, start
    if _date_key(end)[0] == _date_key(start)[0]:
        end = int(_date_key(end)[0]) if draw(st.booleans()) else _date_key(end)[0] + 1
    return {"start": start, "end": end}


def orcid_id(number: int) -> str:
    digits = f"{number % 10**15:015d}"
    full = digits + mod_11_2.calc_check_digit(digits)
    return "-".join(full[i:i + 4] for i in range(0, 16, 4))


urls = st.builds(lambda host, path: f"https://{host}.example.org/{path}",
                 st.from_regex(r"\A[a-z][a-z0-9-]{0,15}\Z"), st.from_regex(r"\A[A-Za-z0-9._~/-]{0,30}\Z"))
DOIS = st.builds(lambda registrant, suffix: f"10.{registrant}/{suffix}", st.integers(1000, 99999999),
                 st.from_regex(r"\A[A-Za-z0-9._;()/:-]{1,30}\Z"))
ARXIVS = st.one_of(st.builds(lambda y, m, n, v: f"{y:02d}{m:02d}.{n:05d}" + (f"v{v}" if v else ""),
                             st.integers(15, 25), st.integers(1, 12), st.integers(1, 99999), st.integers(0, 9)),
                   st.builds(lambda y, m, n: f"math.GT/{y:02d}{m:02d}{n:03d}", st.integers(92, 99),
                             st.integers(1, 12), st.integers(1, 999)))
ISBNS = st.sampled_from(("978-0-306-40615-7", "0-306-40615-2", "9780262033848", "978-3-16-148410-0"))
ISSNS = st.sampled_from(("0378-5955", "2049-3630", "1050-124X", "0028-0836"))


def _optional(draw, mapping: dict, name: str, strategy) -> None:
    if draw(st.booleans()):
        mapping[name] = draw(strategy)


@st.composite
def organisation(draw):
    org = {"name": draw(text())}
    for name in ("department", "city", "region"):
        _optional(draw, org, name, text())
    _optional(draw, org, "country", st.sampled_from(COUNTRIES))
    which = draw(st.sampled_from(("none", "ror", "ringgold", "grid")))
    if which == "ror":
        org["ror"] = draw(st.sampled_from(("https://ror.org/00hx57361", "02v51f717", "01an7q238")))
    elif which == "ringgold":
        org["ringgold"] = draw(st.one_of(st.integers(1, 99999999),  # a positive number, maybe zero-padded
                                         st.builds(lambda n, width: str(n).zfill(width), st.integers(1, 99999999),
                                                   st.integers(1, 8))))
    elif which == "grid":
        org["grid"] = draw(st.sampled_from(("grid.16750.35", "grid.11135.37", "grid.5335.0")))
    _optional(draw, org, "url", urls)
    return org


@st.composite
def person(draw, orcids, org_keys):
    data = {"name": draw(names)}
    for name in ("given_name", "family_name", "additional_name"):
        _optional(draw, data, name, names)
    _optional(draw, data, "other_names", st.lists(names, max_size=2))
    if draw(st.booleans()):
        data["orcid"] = orcids.pop() if orcids else None
        if data["orcid"] is None:
            del data["orcid"]
    _optional(draw, data, "homepage", urls)
    if org_keys and draw(st.booleans()):
        data["affiliation"] = draw(st.sampled_from(org_keys))
    return data


@st.composite
def author(draw, keys, orcids, allow_inline: bool):
    if allow_inline and draw(st.integers(0, 9)) == 0:
        ref = {"name": draw(names)}
    else:
        ref = draw(st.sampled_from(keys))
    if draw(st.integers(0, 3)) == 0 or isinstance(ref, dict):
        value = {"person": ref}
        _optional(draw, value, "equal_contribution", st.booleans())
        _optional(draw, value, "corresponding", st.booleans())
        return value
    return ref


@st.composite
def work(draw, key, person_keys, owner_key, orcids, max_authors: int):
    type_ = draw(st.sampled_from(WORK_TYPES))
    count = draw(st.one_of(st.integers(1, 6), st.integers(1, max_authors)))
    authors = draw(st.lists(author(person_keys + [owner_key], orcids, True), min_size=count, max_size=count))
    if draw(st.integers(0, 4)):  # the owner is usually among the authors
        authors[draw(st.integers(0, len(authors) - 1))] = owner_key
    data = {"key": key, "type": type_, "title": draw(text(80)), "authors": authors}
    date = draw(work_dates())
    if date is not None:
        data["date"] = date
    if draw(st.booleans()):
        venue = {"name": draw(text())}
        for name in ("short", "publisher"):
            _optional(draw, venue, name, text(12))
        _optional(draw, venue, "issn", ISSNS)
        _optional(draw, venue, "isbn", ISBNS)
        data["venue"] = venue
    for name in ("volume", "issue", "pages", "article_number"):
        _optional(draw, data, name, st.one_of(st.integers(1, 9999), st.from_regex(r"\A[0-9]{1,4}(-[0-9]{1,4})?\Z")))
    _optional(draw, data, "status", st.sampled_from(WORK_STATUSES))
    _optional(draw, data, "doi", DOIS)
    _optional(draw, data, "arxiv", ARXIVS)
    _optional(draw, data, "isbn", ISBNS)
    _optional(draw, data, "issn", ISSNS)
    _optional(draw, data, "pmid", st.one_of(st.integers(1, 99999999), st.from_regex(r"\A[1-9][0-9]{0,7}\Z")))
    _optional(draw, data, "url", urls)
    _optional(draw, data, "pdf", urls)
    _optional(draw, data, "abstract", text(200))
    _optional(draw, data, "keywords", st.lists(text(12), max_size=3))
    _optional(draw, data, "note", text())
    return data


@st.composite
def education(draw, key, org_keys, person_keys, owner_key):
    kind = draw(st.sampled_from(("degree", "visiting")))
    data = {"kind": kind, "organisation": draw(st.sampled_from(org_keys)), **draw(spans())}
    if key:
        data["key"] = key
    if kind == "degree":
        data["degree"] = draw(text(12))
        _optional(draw, data, "field", text())
    else:
        _optional(draw, data, "role", text())
    _optional(draw, data, "department", text())
    if person_keys:
        _optional(draw, data, "advisors", st.lists(st.sampled_from(person_keys), max_size=2, unique=True))
        _optional(draw, data, "mentors", st.lists(st.sampled_from(person_keys), max_size=2, unique=True))
    return data


@st.composite
def position(draw, key, org_keys):
    data = {"title": draw(text()), "organisation": draw(st.sampled_from(org_keys)), **draw(spans())}
    if key:
        data["key"] = key
    _optional(draw, data, "kind", st.sampled_from(("employment", "visiting")))
    _optional(draw, data, "department", text())
    return data


@st.composite
def talk(draw, key, org_keys):
    given = []
    for _ in range(draw(st.integers(1, 3))):
        occurrence = {"date": draw(dates(1900, 2100))}
        _optional(draw, occurrence, "event", text())
        if org_keys:
            _optional(draw, occurrence, "host", st.sampled_from(org_keys))
        _optional(draw, occurrence, "place", text())
        _optional(draw, occurrence, "virtual", st.booleans())
        _optional(draw, occurrence, "url", urls)
        given.append(occurrence)
    return {"key": key, "title": draw(text(60)), "given": given}


@st.composite
def teaching(draw, key, org_keys):
    data = {"key": key, "role": draw(st.sampled_from(TEACHING_ROLES)), "course": draw(text())}
    _optional(draw, data, "code", st.from_regex(r"\A[A-Z]{2,4} ?[0-9]{3}\Z"))
    if org_keys:
        _optional(draw, data, "organisation", st.sampled_from(org_keys))
    _optional(draw, data, "kind", st.sampled_from(TEACHING_KINDS))
    if draw(st.booleans()):
        season = draw(st.sampled_from(("Spring", "Summer", "Fall", "Autumn", "Winter", "fall")))
        data["term"] = f"{season} {draw(st.integers(1950, 2030))}"
    else:
        data.update(draw(spans()))
    return data


@st.composite
def service(draw, key, org_keys):
    role = draw(st.sampled_from(SERVICE_ROLES))
    data = {"key": key, "role": role, "venue": draw(text(12))}
    if role == "other" or draw(st.booleans()):
        data["role_title"] = draw(text())
    _optional(draw, data, "venue_full", text())
    _optional(draw, data, "kind", st.sampled_from(SERVICE_KINDS))
    if org_keys:
        _optional(draw, data, "organisation", st.sampled_from(org_keys))
    if draw(st.booleans()):
        data.update(draw(spans()))
    return data


# an amount as a CV writes it: a whole number, or text with decimals or thousands separators
AMOUNTS = st.fixed_dictionaries({
    "value": st.one_of(st.integers(1, 10**12),
                       st.builds(lambda whole, cents: f"{whole}.{cents:02d}", st.integers(0, 10**9), st.integers(1, 99)),
                       st.builds(lambda whole: f"{whole:,}", st.integers(1000, 10**9))),
    "currency": st.sampled_from(CURRENCIES)})
FUNDER_IDS = st.sampled_from(("10.13039/501100000780", "https://doi.org/10.13039/100000001", "100010269"))


@st.composite
def award(draw, key, org_keys):
    data = {"name": draw(text())}
    if key is not None:
        data["key"] = key
    if org_keys:
        _optional(draw, data, "organisation", st.sampled_from(org_keys))
    _optional(draw, data, "date", dates(1900, 2100))
    _optional(draw, data, "amount", AMOUNTS)
    _optional(draw, data, "url", urls)
    _optional(draw, data, "description", text(200))
    return data


@st.composite
def grant(draw, key, org_keys):
    funder = st.sampled_from(org_keys) if org_keys else st.just(None)
    data = {"key": key, "title": draw(text()), "role": draw(st.sampled_from(GRANT_ROLES))}
    data["funder"] = draw(funder) or {"name": draw(text(20)), "crossref_funder": draw(FUNDER_IDS)}
    _optional(draw, data, "award_number", st.one_of(st.integers(1, 10**8), text(12)))
    if draw(st.booleans()):
        data.update(draw(spans()))
    _optional(draw, data, "amount", AMOUNTS)
    _optional(draw, data, "url", urls)
    return data


@st.composite
def supervision(draw, key, org_keys, person_keys):
    person = st.sampled_from(person_keys) if person_keys and draw(st.booleans()) else \
        st.builds(lambda name: {"name": name}, names)
    data = {"key": key, "person": draw(person), "level": draw(st.sampled_from(SUPERVISION_LEVELS))}
    _optional(draw, data, "role", st.sampled_from(SUPERVISION_ROLES))
    if org_keys:
        _optional(draw, data, "organisation", st.sampled_from(org_keys))
    if draw(st.booleans()):
        data.update(draw(spans()))
    _optional(draw, data, "thesis_title", text())
    _optional(draw, data, "current_position", text())
    return data


@st.composite
def membership(draw, key, org_keys):
    data = {"key": key, "organisation": draw(st.sampled_from(org_keys))}
    _optional(draw, data, "role", text(20))
    if draw(st.booleans()):
        data.update(draw(spans()))
    return data


@st.composite
def cv_documents(draw, max_authors: int = 200, max_items: int = 4):
    """A CV document valid under the CV schema and cvld's own checks."""
    keys = iter(draw(st.lists(KEY, min_size=60, max_size=60, unique=True)))
    orcids = [orcid_id(n) for n in draw(st.lists(st.integers(0, 10**15 - 1), min_size=30, max_size=30, unique=True))]
    owner_key = next(keys)
    owner = {"key": owner_key, "name": draw(names)}
    for name in ("given_name", "family_name", "additional_name", "honorific_prefix", "honorific_suffix"):
        _optional(draw, owner, name, names)
    if draw(st.booleans()):
        owner["orcid"] = orcids.pop()
    _optional(draw, owner, "other_names", st.lists(names, max_size=2))
    _optional(draw, owner, "email", st.from_regex(r"\A[a-z0-9._+-]{1,12}@[a-z0-9-]{1,12}\.[a-z]{2,4}\Z"))
    _optional(draw, owner, "phone", st.from_regex(r"\A\+[0-9]{1,3} [0-9]{3}-[0-9]{3}-[0-9]{4}\Z"))
    _optional(draw, owner, "homepage", urls)
    _optional(draw, owner, "image", urls)
    if draw(st.booleans()):
        address = {}
        for name in ("street", "locality", "region"):
            _optional(draw, address, name, text())
        _optional(draw, address, "postal_code", st.one_of(st.integers(1, 99999), st.from_regex(r"\A[0-9A-Z]{3,6}\Z")))
        _optional(draw, address, "country", st.sampled_from(COUNTRIES))
        owner["address"] = address
    _optional(draw, owner, "profiles", st.lists(st.fixed_dictionaries(
        {"network": st.sampled_from(("github", "dblp", "google-scholar", "mastodon")), "url": urls},
        optional={"username": names}), max_size=2))
    _optional(draw, owner, "interests", st.lists(text(), max_size=2))
    _optional(draw, owner, "bio", text(200))
    doc: dict = {"person": owner}
    org_keys = [f"o{i}-{next(keys)}"[:80] for i in range(draw(st.integers(0, 3)))]
    if org_keys or draw(st.booleans()):
        doc["organisations"] = {k: draw(organisation()) for k in org_keys}
    person_keys = [f"p{i}-{next(keys)}"[:80] for i in range(draw(st.integers(0, 6)))]
    if person_keys or draw(st.booleans()):
        doc["people"] = {k: draw(person(orcids, org_keys)) for k in person_keys}
    if draw(st.booleans()):
        doc["legend"] = {}
        _optional(draw, doc["legend"], "equal_contribution", text())
        _optional(draw, doc["legend"], "corresponding", text())
    _optional(draw, doc, "updated", dates(1900, 2100))

    def section(name, build, *, needs_orgs=False, key_optional=False):
        if needs_orgs and not org_keys:
            return
        count = draw(st.integers(0, max_items))
        if count == 0 and draw(st.booleans()):
            return  # a missing section; otherwise an empty list
        items = []
        for index in range(count):
            key = next(keys) if not (key_optional and index == 0 and draw(st.booleans())) else None
            items.append(draw(build(key)))
        doc[name] = items

    section("education", lambda k: education(k, org_keys, person_keys, owner_key), needs_orgs=True, key_optional=True)
    section("positions", lambda k: position(k, org_keys), needs_orgs=True, key_optional=True)
    section("works", lambda k: work(k, person_keys, owner_key, orcids, max_authors))
    section("talks", lambda k: talk(k, org_keys))
    section("teaching", lambda k: teaching(k, org_keys))
    section("service", lambda k: service(k, org_keys))
    section("awards", lambda k: award(k, org_keys), key_optional=True)
    section("grants", lambda k: grant(k, org_keys))
    section("supervision", lambda k: supervision(k, org_keys, person_keys))
    section("memberships", lambda k: membership(k, org_keys), needs_orgs=True)
    grant_keys = [g["key"] for g in doc.get("grants") or []]
    for item in doc.get("works") or []:
        if grant_keys and draw(st.booleans()):
            item["funding"] = draw(st.lists(st.sampled_from(grant_keys), min_size=1, max_size=2, unique=True))
    return doc


def write_cv(data: dict, folder: Path, name: str = "cv.json") -> Path:
    """Write ``data`` as JSON (which the YAML loader reads too) and return the path."""
    path = Path(folder) / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- identifiers and URLs from their registries' syntax: valid, and near-valid (issue 15) --------------

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
# letters of many scripts (RFC 3987 ucschar): what an IRI may hold unescaped
_UCS = st.characters(categories=("Ll", "Lu", "Lo", "Nd"), min_codepoint=0xA0, max_codepoint=0x2FFFF,
                     exclude_characters="\ufffe\uffff")
_PCT = st.builds(lambda n: f"%{n:02X}", st.integers(0, 255))


def _chars(extra: str, unicode: bool = True, min_size: int = 0, max_size: int = 8):
    parts = [st.sampled_from(_UNRESERVED + extra), _PCT] + ([_UCS] if unicode else [])
    return st.lists(st.one_of(*parts), min_size=min_size, max_size=max_size).map("".join)


@st.composite
def url_hosts(draw):
    """A host by RFC 3986: a registered name (ASCII labels or IDN letters), IPv4, or IPv6 in brackets."""
    import ipaddress

    kind = draw(st.sampled_from(("name", "idn", "ipv4", "ipv6")))
    if kind == "ipv4":
        return str(ipaddress.IPv4Address(draw(st.integers(0, 2**32 - 1))))
    if kind == "ipv6":
        address = ipaddress.IPv6Address(draw(st.integers(0, 2**128 - 1)))
        return f"[{address.compressed if draw(st.booleans()) else address.exploded}]"
    label = st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?\Z")
    if kind == "idn":
        label = st.one_of(label, st.text(st.characters(categories=("Ll", "Lo"), min_codepoint=0xC0,
                                                       max_codepoint=0xD7FF), min_size=1, max_size=6))
    return ".".join(draw(st.lists(label, min_size=1, max_size=3))) + draw(st.sampled_from(("", ".org", ".example")))


@st.composite
def http_urls(draw):
    """An absolute http(s) IRI by RFC 3986/3987's grammar: userinfo, port, path, query and fragment optional."""
    scheme = draw(st.sampled_from(("http", "https", "HTTPS", "Http")))
    userinfo = draw(st.one_of(st.just(""), _chars(_SUB_DELIMS + ":", max_size=6).map(lambda u: u + "@")))
    port = draw(st.one_of(st.just(""), st.integers(0, 65535).map(lambda p: f":{p}")))
    segments = draw(st.lists(_chars(_SUB_DELIMS + ":@"), max_size=4))
    path = "".join("/" + s for s in segments)
    query = draw(st.one_of(st.just(""), _chars(_SUB_DELIMS + ":@/?").map(lambda q: "?" + q)))
    fragment = draw(st.one_of(st.just(""), _chars(_SUB_DELIMS + ":@/?").map(lambda f: "#" + f)))
    return f"{scheme}://{userinfo}{draw(url_hosts())}{port}{path}{query}{fragment}"


# the characters that end or change a value in some output when pasted: issue 15's families
HOSTILE_CHARACTERS = '<>"{}|\\^` \t\n\r\x00\x0b\x7f\x85\u00a0\u200b\u202e\u2028[]%#?@'


@st.composite
def near_valid_urls(draw):
    """A valid URL with one change that an output may choke on: a hostile character inserted, a
    bracketed host broken or not an address, a second '#', a bad '%' escape."""
    url = draw(http_urls())
    change = draw(st.sampled_from(("insert", "insert", "bracket", "fragments", "percent", "port")))
    if change == "insert":
        at = draw(st.integers(0, len(url)))
        return url[:at] + draw(st.sampled_from(HOSTILE_CHARACTERS)) + url[at:]
    if change == "bracket":
        return draw(st.sampled_from(("https://[::1/", "http://[evil.example]/", "http://[::1]]/", "http://[v1.x]/",
                                     "http://[::ffff:1.2.3.4]/", "http://[1:2:3:4:5:6:7:8:9]/")))
    if change == "fragments":
        return url + ("#a#b" if "#" not in url else "#b")
    if change == "percent":
        return url + draw(st.sampled_from(("%", "%z", "%zz", "%4", "%%41")))
    return url.replace("://", "://host:" + draw(st.sampled_from(("65536", "99999999", "-1", "x"))) + "@", 1)


# DOIs: Crossref's recommended pattern, 10.NNNN(.N)/suffix over [-._;()/:A-Za-z0-9]
dois = st.builds(lambda registrant, sub, suffix: f"10.{registrant}{sub}/{suffix}", st.integers(1000, 999999999),
                 st.sampled_from(("", "", ".1", ".10.3")), st.from_regex(r"\A[-._;()/:A-Za-z0-9]{1,40}\Z"))


@st.composite
def near_valid_dois(draw):
    """A DOI with a hostile character inserted into its suffix, or written as a doi.org link (percent-encoded)."""
    from urllib.parse import quote

    doi = draw(dois)
    if draw(st.booleans()):
        return "https://doi.org/" + quote(doi, safe="/:;()") if draw(st.booleans()) else "doi:" + doi
    slash = doi.index("/") + 1
    at = draw(st.integers(slash, len(doi)))
    return doi[:at] + draw(st.sampled_from(HOSTILE_CHARACTERS)) + doi[at:]


def ror_id(number: int) -> str:
    """The ROR id of ``number`` (0 to 32**6 - 1) with its ISO 7064 MOD 97-10 check digits."""
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    body = "0" + "".join(alphabet[(number >> (5 * i)) & 31] for i in reversed(range(6)))
    value = 0
    for ch in body:
        value = value * 32 + alphabet.index(ch)
    return f"{body}{98 - value * 100 % 97:02d}"


rors = st.integers(0, 32**6 - 1).map(ror_id)
grids = st.builds(lambda a, b: f"grid.{a}.{b:x}", st.integers(1, 99999), st.integers(0, 255))

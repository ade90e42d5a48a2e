"""A local stand-in for ORCID's member API v3.0, for tests: a real HTTP server on 127.0.0.1.

It behaves as ORCID documents (README-upstream.md in shared/orcid): every body is
validated against the official XSD; POST answers 201 with a Location naming the new
put-code; POST /works takes a ``bulk:bulk`` of up to 100 works and answers one
``work:work`` or ``error:error`` per item, in order; a work whose self external ids
match one already added answers 409 with error code 9021 naming the existing put-code;
PUT needs the put-code attribute on the root element; a bad token answers 401. ORCID's
API-side rules that the sync can meet are enforced too: a work needs a ``self`` external
id (9023) and a known work type (9037); an affiliation needs a disambiguated organisation
(9045; ``require_disambiguated_org=False`` turns that off for CVs without ROR ids). A
funding (POST/PUT /funding, GET /fundings: ``activities:group``s of ``funding-summary``, as
ORCID's fundings-3.0.xml) needs a known funding type (9037), an external id (9023, as
ORCID-Source's ActivityValidator.validateFunding), a disambiguated organisation (9045),
known contributor roles and an ISO 4217 currency with its amount; one whose ``self`` ids
match a funding already added answers 409/9021 like a work. Distinctions and memberships
are affiliations (POST/PUT /distinction, /membership; GET /distinctions, /memberships). The
error codes and messages follow ORCID's list of API error codes.

Faults can be set for any call number (1-based, every request counts):
"500", "503", "429" (answered without doing anything), "drop-before" (connection closed
before the request is carried out), "drop-after" (carried out, then closed without an
answer), "slow" (answered after ``slow_seconds``), "kill" (carried out, then ``on_kill``
is called, then the connection is closed).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import iso4217
from lxml import etree

from cvld.orcid.check import load_schema

MEDIA_TYPE = "application/vnd.orcid+xml"
NS = {
    "common": "http://www.orcid.org/ns/common",
    "work": "http://www.orcid.org/ns/work",
    "bulk": "http://www.orcid.org/ns/bulk",
    "error": "http://www.orcid.org/ns/error",
    "activities": "http://www.orcid.org/ns/activities",
    "funding": "http://www.orcid.org/ns/funding",
}
AFFILIATIONS = {
    # section -> (listing root, namespace)
    "education": ("educations", "http://www.orcid.org/ns/education"),
    "employment": ("employments", "http://www.orcid.org/ns/employment"),
    "invited-position": ("invited-positions", "http://www.orcid.org/ns/invited-position"),
    "service": ("services", "http://www.orcid.org/ns/service"),
    "distinction": ("distinctions", "http://www.orcid.org/ns/distinction"),
    "membership": ("memberships", "http://www.orcid.org/ns/membership"),
    "qualification": ("qualifications", "http://www.orcid.org/ns/qualification"),
}
# ORCID checks work:type against WorkType.java (the XSD does not); shared/orcid/README.md lists it.
WORK_TYPES = frozenset(
    "annotation artistic-performance blog-post book-chapter book-review book cartographic-material "
    "clinical-study conference-abstract conference-output conference-poster conference-presentation "
    "conference-paper conference-proceedings data-management-plan data-set design dictionary-entry "
    "disclosure dissertation-thesis edited-book encyclopedia-entry image invention journal-article "
    "journal-issue learning-object lecture-speech license magazine-article manual moving-image "
    "musical-composition newsletter-article newspaper-article online-resource other patent "
    "physical-object preprint public-speech registered-copyright report research-technique "
    "research-tool review software sound spin-off-company standards-and-policy "
    "supervised-student-publication technical-standard test trademark transcription translation "
    "website working-paper undefined".split()
)
# ORCID checks funding:type against FundingType.java and funding roles against FundingContributorRole.java
FUNDING_TYPES = frozenset({"grant", "contract", "award", "salary-award"})
FUNDING_ROLES = frozenset({"lead", "co-lead", "supported-by", "other-contribution"}) | frozenset(
    f"http://credit.niso.org/contributor-roles/{slug}/" for slug in (
        "conceptualization data-curation formal-analysis funding-acquisition investigation methodology "
        "project-administration resources software supervision validation visualization "
        "writing-original-draft writing-review-editing").split())
# the summary's children, in funding-3.0.xsd's order for funding-summary
FUNDING_SUMMARY = ["funding:title", "common:external-ids", "common:url", "funding:type", "common:start-date",
                   "common:end-date", "common:organization"]
_PARSER = etree.XMLParser(no_network=True, resolve_entities=False)


def schema(xsd_root: Path, name: str) -> etree.XMLSchema:
    """ORCID's own XSD ``record_3.0/{name}-3.0.xsd`` (compiled once)."""
    return load_schema(xsd_root, f"record_3.0/{name}-3.0.xsd")


def error_xml(status: int, code: str, developer: str, user: str = "") -> bytes:
    root = etree.Element(f"{{{NS['error']}}}error", nsmap={"error": NS["error"]})
    for name, value in (
        ("response-code", str(status)),
        ("developer-message", developer),
        ("user-message", user or developer),
        ("error-code", code),
        ("more-info", "https://members.orcid.org/api/resources/troubleshooting"),
    ):
        etree.SubElement(root, f"{{{NS['error']}}}{name}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class ApiFailure(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> bytes:
        return error_xml(self.status, self.code, self.message)


def self_ids(element) -> frozenset:
    found = set()
    for ext in element.findall("common:external-ids/common:external-id", NS):
        if ext.findtext("common:external-id-relationship", "", NS).strip() == "self":
            found.add((ext.findtext("common:external-id-type", "", NS).strip(),
                       ext.findtext("common:external-id-value", "", NS).strip().lower()))
    return frozenset(found)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that gave up on a slow answer
        pass


class FakeOrcid:
    """The server and the record it holds. Use as a context manager; ``url`` is the API base."""

    def __init__(self, xsd_root: Path, *, orcid_id: str = "0000-0002-1825-0097", token: str = "fake-token",
                 require_disambiguated_org: bool = True):
        self.xsd_root = Path(xsd_root)
        self.orcid_id = orcid_id
        self.token = token
        self.store: dict[str, dict[str, bytes]] = {}
        self.calls: list[tuple[str, str]] = []
        self.bodies: list[bytes] = []
        self.replies: list[bytes] = []  # every answer body sent
        self.faults: dict[int, str] = {}
        self.slow_seconds = 0.5
        self.forbidden = False
        self.require_disambiguated_org = require_disambiguated_org
        self.on_kill = None
        self._next_put_code = 1000
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v3.0/"

    def __enter__(self) -> "FakeOrcid":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def items(self, section: str) -> dict[str, bytes]:
        return dict(self.store.get(section, {}))

    def count(self) -> int:
        return sum(len(v) for v in self.store.values())

    # --- the API ------------------------------------------------------------------

    def _new_put_code(self) -> str:
        self._next_put_code += 1
        return str(self._next_put_code)

    def _validated(self, body: bytes, section: str):
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as error:
            raise ApiFailure(400, "9001", f"Bad entity: not well-formed XML ({error})")
        name = etree.QName(root).localname
        if name != section:
            raise ApiFailure(400, "9001", f"Bad entity: expected {section}, got {name}")
        xsd = schema(self.xsd_root, section)
        if not xsd.validate(root):
            raise ApiFailure(400, "9001", f"Bad entity: {xsd.error_log.last_error.message}")
        return root

    def _check(self, section: str, root) -> None:
        if section == "work":
            work_type = root.findtext("work:type", "", NS).strip()
            if work_type not in WORK_TYPES:
                raise ApiFailure(400, "9037", f"Invalid work type '{work_type}'")
            if not self_ids(root):
                raise ApiFailure(400, "9023", "400 Bad Request: Invalid activity, an external identifier is required.")
        else:
            if section == "funding":
                self._check_funding(root)
            if self.require_disambiguated_org and root.find(
                    "common:organization/common:disambiguated-organization", NS) is None:
                raise ApiFailure(400, "9045", "400 Bad request: disambiguated-organization must be present and valid")

    @staticmethod
    def _check_funding(root) -> None:
        funding_type = root.findtext("funding:type", "", NS).strip()
        if funding_type not in FUNDING_TYPES:
            raise ApiFailure(400, "9037", f"Invalid funding type '{funding_type}'")
        if not root.findall("common:external-ids/common:external-id", NS):
            raise ApiFailure(400, "9023", "400 Bad Request: Invalid activity, an external identifier is required.")
        for role in root.iterfind("funding:contributors/funding:contributor/funding:contributor-attributes/"
                                  "funding:contributor-role", NS):
            if (role.text or "").strip() not in FUNDING_ROLES:
                raise ApiFailure(400, "9001", f"Bad entity: invalid funding contributor role '{role.text}'")
        amount = root.find("funding:amount", NS)
        if amount is not None:
            code = amount.get("currency-code", "")
            if not (code.isupper() and code in iso4217.Currency.__members__):  # java.util.Currency's codes
                raise ApiFailure(400, "9001", f"Bad entity: currency code '{code}' is not an ISO 4217 code")
            if not (amount.text or "").strip():
                raise ApiFailure(400, "9001", "Please specify an amount or remove the amount tag")

    def _add(self, section: str, root) -> str:
        if root.get("put-code") is not None:
            raise ApiFailure(400, "9024", "400 Bad Request: Put-code is included when not expected. "
                             "When posting new activities, the put code should be omitted.")
        self._check(section, root)
        wanted = self_ids(root)
        if wanted:
            for put_code, xml in self.store.get(section, {}).items():
                if self_ids(etree.fromstring(xml, _PARSER)) & wanted:
                    raise ApiFailure(
                        409, "9021",
                        "409 Conflict: You have already added this activity (matched by external identifiers), "
                        f"please see element with put-code {put_code}. If you are trying to edit the item, "
                        "please use PUT instead of POST.",
                    )
        put_code = self._new_put_code()
        root.set("put-code", put_code)
        self.store.setdefault(section, {})[put_code] = etree.tostring(root, encoding="UTF-8")
        return put_code

    def _bulk(self, body: bytes) -> bytes:
        root = self._validated(body, "bulk")
        works = root.findall("work:work", NS)
        if len(works) > 100:
            raise ApiFailure(400, "9006", f"The client application sent a bad request to ORCID: "
                             f"a bulk request holds at most 100 works, not {len(works)}")
        reply = etree.Element(f"{{{NS['bulk']}}}bulk", nsmap={k: NS[k] for k in ("bulk", "work", "common", "error")})
        for work in works:
            try:
                self._add("work", work)
                reply.append(etree.fromstring(etree.tostring(work), _PARSER))
            except ApiFailure as failure:
                reply.append(etree.fromstring(failure.body(), _PARSER))
        return etree.tostring(reply, xml_declaration=True, encoding="UTF-8")

    def _listing(self, section: str) -> bytes:
        if section == "work":
            root = etree.Element(f"{{{NS['activities']}}}works", nsmap={k: NS[k] for k in ("activities", "common", "work")})
        elif section == "funding":
            root = etree.Element(f"{{{NS['activities']}}}fundings",
                                 nsmap={k: NS[k] for k in ("activities", "common", "funding")})
        else:
            listing, ns = AFFILIATIONS[section]
            root = etree.Element(f"{{{NS['activities']}}}{listing}",
                                 nsmap={"activities": NS["activities"], "common": NS["common"], section: ns})
        root.set("path", f"/{self.orcid_id}/{section}s")
        for put_code, xml in sorted(self.store.get(section, {}).items(), key=lambda kv: int(kv[0])):
            item = etree.fromstring(xml, _PARSER)
            group_name = "group" if section in ("work", "funding") else "affiliation-group"
            group = etree.SubElement(root, f"{{{NS['activities']}}}{group_name}")
            group_ids = etree.SubElement(group, f"{{{NS['common']}}}external-ids")
            ids = item.find("common:external-ids", NS)
            if ids is not None:
                for ext in ids.findall("common:external-id", NS):
                    group_ids.append(etree.fromstring(etree.tostring(ext), _PARSER))
            summary = etree.SubElement(group, f"{{{etree.QName(item).namespace}}}{section}-summary")
            summary.set("put-code", put_code)
            summary.set("path", f"/{self.orcid_id}/{section}/{put_code}")
            if section == "work":
                order = ["work:title", "common:external-ids", "common:url", "work:type",
                         "common:publication-date", "work:journal-title"]
                children = [item.find(path, NS) for path in order]
            elif section == "funding":
                children = [item.find(path, NS) for path in FUNDING_SUMMARY]
            else:
                children = list(item)
            for child in children:
                if child is not None and isinstance(child.tag, str):
                    summary.append(etree.fromstring(etree.tostring(child), _PARSER))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def handle(self, method: str, parts: list[str], body: bytes, headers) -> tuple[int, dict, bytes]:
        if headers.get("Authorization") != f"Bearer {self.token}":
            raise ApiFailure(401, "9017", "401 Unauthorized: invalid_token: the access token is not valid")
        if self.forbidden:
            raise ApiFailure(403, "9004", "403 Forbidden: Insufficient or wrong scope.")
        if len(parts) < 2 or parts[0] != "v3.0":
            raise ApiFailure(404, "9016", "Resource not found")
        if parts[1] != self.orcid_id:
            raise ApiFailure(401, "9017", "401 Unauthorized: The client application is not authorized "
                             "for this ORCID record.")
        rest = parts[2:]
        if method in ("POST", "PUT") and headers.get("Content-Type", "").split(";")[0].strip() != MEDIA_TYPE:
            raise ApiFailure(415, "9000", f"Content-Type must be {MEDIA_TYPE}")
        if method == "POST" and rest == ["works"]:
            return 200, {}, self._bulk(body)
        if method == "POST" and len(rest) == 1:
            put_code = self._add(rest[0], self._validated(body, rest[0]))
            return 201, {"Location": f"{self.url}{self.orcid_id}/{rest[0]}/{put_code}"}, b""
        if method == "GET" and len(rest) == 1 and rest[0].endswith("s"):
            section = rest[0][:-1]
            if section in ("work", "funding") or section in AFFILIATIONS:
                return 200, {}, self._listing(section)
        if len(rest) == 2 and rest[1].isdigit():
            section, put_code = rest
            held = self.store.get(section, {})
            if put_code not in held:
                raise ApiFailure(404, "9016", f"No {section} with put-code {put_code}")
            if method == "GET":
                return 200, {}, b'<?xml version="1.0" encoding="UTF-8"?>\n' + held[put_code]
            if method == "DELETE":
                del held[put_code]
                return 204, {}, b""
            if method == "PUT":
                root = self._validated(body, section)
                if root.get("put-code") != put_code:
                    raise ApiFailure(400, "9019", f"400 Bad Request: The put code in the URL was {put_code} "
                                     f"whereas the one in the body was {root.get('put-code')}.")
                self._check(section, root)
                held[put_code] = etree.tostring(root, encoding="UTF-8")
                return 200, {}, b'<?xml version="1.0" encoding="UTF-8"?>\n' + held[put_code]
        raise ApiFailure(404, "9016", f"Resource not found: {method} /{'/'.join(parts)}")

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = [p for p in self.path.split("?")[0].split("/") if p]
                with fake._lock:
                    fake.calls.append((self.command, "/" + "/".join(parts)))
                    fake.bodies.append(body)
                    fault = fake.faults.get(len(fake.calls))
                    if fault in ("500", "503", "429"):
                        return self._answer(int(fault), {"Retry-After": "1"} if fault == "429" else {},
                                            error_xml(int(fault), "9000", "Try again later"))
                    if fault == "drop-before":
                        return self._drop()
                    try:
                        status, headers, payload = fake.handle(self.command, parts, body, self.headers)
                    except ApiFailure as failure:
                        status, headers, payload = failure.status, {}, failure.body()
                    if fault == "drop-after":
                        return self._drop()
                    if fault == "kill":
                        fake.on_kill()
                        return self._drop()
                if fault == "slow":
                    time.sleep(fake.slow_seconds)
                self._answer(status, headers, payload)

            def _drop(self):
                self.close_connection = True

            def _answer(self, status, headers, payload):
                fake.replies.append(payload)
                self.send_response(status)
                if payload:
                    self.send_header("Content-Type", MEDIA_TYPE)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        return Handler

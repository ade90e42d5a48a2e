"""A small client for ORCID's member API v3.0 (XML), with bounded retries.

Only what a push needs: create (single or bulk works), update, delete and read the
works and affiliation summaries. Every request carries ``Content-Type`` and ``Accept``
``application/vnd.orcid+xml`` and the bearer token, which the client keeps to itself
(never in a message, a log line or ``repr``).

Retries: 429 is always retried (ORCID did nothing); 5xx, timeouts and dropped
connections are retried for GET, PUT and DELETE, which are safe to repeat. A POST that
fails that way may or may not have created the item, so the client raises
:class:`AmbiguousError` and leaves the decision to the caller (see :mod:`.push`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit


from cvld.core.lazy import lazy_module
from cvld.core.http import USER_AGENT
from cvld.orcid.vocab import ERROR

http_client = lazy_module("http.client")
ipaddress = lazy_module("ipaddress")  # with ssl, ~20 ms: only a push or pull needs it

etree = lazy_module("lxml.etree")

MEDIA_TYPE = "application/vnd.orcid+xml"
PRODUCTION_URL = "https://api.orcid.org/v3.0/"
SANDBOX_URL = "https://api.sandbox.orcid.org/v3.0/"


class OrcidError(Exception):
    """ORCID answered with an error (or not at all)."""

    def __init__(self, message: str, status: int | None = None, detail: "ApiError | None" = None):
        super().__init__(message)
        self.status = status
        self.detail = detail

    @property
    def error_code(self) -> str | None:
        return self.detail.error_code if self.detail else None


class AuthError(OrcidError):
    """401/403: the token is wrong, expired or lacks the scope; the run stops."""


class TransientError(OrcidError):
    """429, 5xx or a network failure that outlasted every retry."""


class AmbiguousError(TransientError):
    """A POST failed in a way that leaves unknown whether ORCID created the item."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class ApiError:
    """The fields of an ``error:error`` element."""

    response_code: str
    error_code: str
    developer_message: str
    user_message: str

    @classmethod
    def from_element(cls, element) -> "ApiError":
        def text(name: str) -> str:
            found = element.find(f"{{{ERROR}}}{name}")
            return (found.text or "").strip() if found is not None else ""

        return cls(text("response-code"), text("error-code"), text("developer-message"), text("user-message"))

    @classmethod
    def parse(cls, body: bytes) -> "ApiError | None":
        try:
            root = etree.fromstring(body, etree.XMLParser(no_network=True, resolve_entities=False))
        except etree.XMLSyntaxError:
            return None
        return cls.from_element(root) if root.tag == f"{{{ERROR}}}error" else None

    def describe(self) -> str:
        message = self.developer_message or self.user_message or "no message"
        return f"error {self.error_code}: {message}" if self.error_code else message


def check_base_url(url: str) -> str:
    """The base URL with one trailing slash; plain http only for a loopback host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError(f"refusing to send a token over plain http to {parts.hostname}; use https")
    return url.rstrip("/") + "/"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OrcidClient:
    """Requests to one ORCID record: ``{base_url}{orcid_id}/...``."""

    def __init__(
        self,
        base_url: str,
        orcid_id: str,
        token: str,
        *,
        attempts: int = 5,
        backoff: float = 1.0,
        max_delay: float = 60.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = check_base_url(base_url)
        self.orcid_id = orcid_id
        self.__token = token
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_delay = max_delay
        self.timeout = timeout
        self.sleep = sleep
        parts = urlsplit(self.base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")

    def __repr__(self) -> str:
        return f"OrcidClient({self.base_url!r}, {self.orcid_id!r}, token=<hidden>)"

    @property
    def record_url(self) -> str:
        return f"{self.base_url}{self.orcid_id}"

    # --- the calls a push makes ----------------------------------------------

    def create(self, section: str, xml: bytes) -> Response:
        return self.request("POST", section, xml)

    def create_bulk(self, bulk_xml: bytes) -> Response:
        return self.request("POST", "works", bulk_xml)

    def update(self, section: str, put_code: str, xml: bytes) -> Response:
        return self.request("PUT", f"{section}/{put_code}", xml)

    def delete(self, section: str, put_code: str) -> Response:
        return self.request("DELETE", f"{section}/{put_code}")

    def read(self, path: str) -> Response:
        return self.request("GET", path)

    # --- plumbing ---------------------------------------------------------------

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based): Retry-After, else exponential."""
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after.strip()), self.max_delay)
        return min(self.backoff * 2 ** (attempt - 1), self.max_delay)

    def request(self, method: str, path: str, body: bytes | None = None) -> Response:
        """One API call with retries; returns a 2xx response or raises an :class:`OrcidError`."""
        idempotent = method != "POST"
        what = f"{method} {self._prefix}/{self.orcid_id}/{path}"
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = self._send(method, path, body)
            except (OSError, http_client.HTTPException) as error:  # socket errors, timeouts, RemoteDisconnected
                reason = f"{what}: no answer ({type(error).__name__}: {error})"
                if not idempotent:
                    raise AmbiguousError(reason) from error
                if last:
                    raise TransientError(f"{reason}; gave up after {attempt} attempts") from error
                self.sleep(self.delay(attempt))
                continue
            status = response.status
            if 200 <= status < 300:
                return response
            detail = ApiError.parse(response.body)
            text = f"{what}: HTTP {status}" + (f", {detail.describe()}" if detail else "")
            if status in (401, 403):
                raise AuthError(
                    f"{text}. ORCID refused the token: check that it is valid, not expired, "
                    "issued for this ORCID iD and carries the /activities/update scope",
                    status,
                    detail,
                )
            if status == 429 or status >= 500:
                if status >= 500 and not idempotent:
                    raise AmbiguousError(text, status, detail)
                if last:
                    raise TransientError(f"{text}; gave up after {attempt} attempts", status, detail)
                self.sleep(self.delay(attempt, response.headers.get("retry-after")))
                continue
            raise OrcidError(text, status, detail)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, method: str, path: str, body: bytes | None) -> Response:
        factory = http_client.HTTPSConnection if self._https else http_client.HTTPConnection
        connection = factory(self._host, self._port, timeout=self.timeout)
        headers = {"Accept": MEDIA_TYPE, "Authorization": f"Bearer {self.__token}", "User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = MEDIA_TYPE
        try:
            connection.request(method, f"{self._prefix}/{self.orcid_id}/{path}", body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)
        except TimeoutError as error:
            raise TimeoutError(f"no answer within {self.timeout:g} s") from error
        finally:
            connection.close()


def put_code_from_location(response: Response) -> str:
    """The put-code at the end of a 201's ``Location`` header."""
    location = response.headers.get("location", "")
    code = location.rstrip("/").rsplit("/", 1)[-1]
    if not code.isdigit():
        raise OrcidError(f"ORCID answered {response.status} without a put-code in Location ({location!r})")
    return code

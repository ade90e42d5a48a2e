"""What every network client of cvld sends and how long it waits: one User-Agent, one timeout rule."""

from __future__ import annotations

import time
import urllib.parse

from cvld import __version__
from cvld.core.diagnostics import RemoteError
from cvld.core.lazy import lazy_module

urllib_request = lazy_module("urllib.request")  # with http.client and ssl: only network commands need it
urllib_error = lazy_module("urllib.error")
email_utils = lazy_module("email.utils")  # HTTP dates in Retry-After (it imports socket)

USER_AGENT = f"cvld/{__version__} (https://w3id.org/cvld; a CV to JSON-LD, ORCID XML and RDF tool)"
DEFAULT_TIMEOUT = 30.0
MAX_DELAY = 10.0  # the longest wait between two tries; a server asking for longer is not retried


def user_agent(contact: str | None = None) -> str:
    """The User-Agent, with ``mailto:CONTACT`` when a contact address is given (Crossref's polite pool
    reads it there)."""
    if not contact:
        return USER_AGENT
    return f"cvld/{__version__} (https://w3id.org/cvld; mailto:{contact})"


def with_query(url: str, params: dict) -> str:
    """``url`` with ``params`` (values as given, None left out) added to its query string."""
    pairs = [(k, str(v)) for k, v in params.items() if v is not None]
    if not pairs:
        return url
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(pairs)


def retry_delay(attempt: int, retry_after: str | None = None, now: float | None = None) -> float:
    """Seconds to wait before try ``attempt + 1``: the server's Retry-After (seconds or an HTTP date),
    else 2, 4, 8 ... seconds, at most MAX_DELAY. A Retry-After beyond MAX_DELAY is returned as it is
    (the caller gives up rather than wait that long)."""
    text = (retry_after or "").strip()
    if text.isdigit():
        return float(text)
    if text:
        try:
            when = email_utils.parsedate_to_datetime(text).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
        if when is not None:
            return max(0.0, when - (time.time() if now is None else now))
    return min(2.0 ** attempt, MAX_DELAY)


class Throttle:
    """At most one request every ``interval`` seconds (a polite client asks a few times a second)."""

    def __init__(self, interval: float):
        self.interval = interval
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None:
            pause = self.last + self.interval - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self.last = time.monotonic()


def http_request(method: str, url: str, body: bytes | None, headers: dict, auth: dict | None = None,
                 timeout: float = 30.0, attempts: int = 3, throttle: Throttle | None = None,
                 limit: int | None = None) -> tuple[int, bytes]:
    """One HTTP request (PUT and POST of SPARQL are safe to repeat), tried at most ``attempts`` times
    on 429, 502-504, a time-out or a dropped connection, waiting as Retry-After says (a server asking
    for more than MAX_DELAY seconds is not retried); returns (status, body) for any final HTTP answer,
    and raises RemoteError when there is none. A refused connection is not retried. ``throttle``
    spaces the tries out; an answer longer than ``limit`` bytes raises RemoteError."""
    request = urllib_request.Request(url, data=body, method=method,
                                     headers={"User-Agent": USER_AGENT, **headers, **(auth or {})})
    for attempt in range(1, attempts + 1):
        if throttle is not None:
            throttle.wait()
        try:
            with urllib_request.urlopen(request, timeout=timeout) as response:
                body = response.read() if limit is None else response.read(limit + 1)
                if limit is not None and len(body) > limit:
                    raise RemoteError(f"{url}: the answer is longer than {limit} bytes")
                return response.status, body
        except urllib_error.HTTPError as error:
            delay = retry_delay(attempt, error.headers.get("Retry-After") if error.headers else None)
            if error.code in (429, 502, 503, 504) and attempt < attempts and delay <= MAX_DELAY:
                time.sleep(delay)
                continue
            return error.code, error.read() if limit is None else error.read(limit)
        except (urllib_error.URLError, OSError) as error:
            if attempt < attempts and not isinstance(getattr(error, "reason", None), ConnectionRefusedError):
                time.sleep(min(2.0 ** attempt, 10.0))
                continue
            reason = getattr(error, "reason", error)
            raise RemoteError(f"{url}: cannot connect: {reason}") from None
    raise AssertionError("unreachable")  # pragma: no cover

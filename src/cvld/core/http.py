"""What every network client of cvld sends and how long it waits: one User-Agent, one timeout rule."""

from __future__ import annotations

import time

from cvld import __version__
from cvld.core.diagnostics import RemoteError
from cvld.core.lazy import lazy_module

urllib_request = lazy_module("urllib.request")  # with http.client and ssl: only network commands need it
urllib_error = lazy_module("urllib.error")

USER_AGENT = f"cvld/{__version__} (https://w3id.org/cvld; a CV to JSON-LD, ORCID XML and RDF tool)"
DEFAULT_TIMEOUT = 30.0


def http_request(method: str, url: str, body: bytes | None, headers: dict, auth: dict | None = None,
                 timeout: float = 30.0, attempts: int = 3) -> tuple[int, bytes]:
    """One HTTP request (PUT and POST of SPARQL are safe to repeat), tried at most ``attempts`` times
    on 429, 502-504, a time-out or a dropped connection; returns (status, body) for any final HTTP
    answer, and raises RemoteError when there is none. A refused connection is not retried."""
    request = urllib_request.Request(url, data=body, method=method,
                                     headers={"User-Agent": USER_AGENT, **headers, **(auth or {})})
    for attempt in range(1, attempts + 1):
        try:
            with urllib_request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib_error.HTTPError as error:
            if error.code in (429, 502, 503, 504) and attempt < attempts:
                time.sleep(min(2.0 ** attempt, 10.0))
                continue
            return error.code, error.read()
        except (urllib_error.URLError, OSError) as error:
            if attempt < attempts and not isinstance(getattr(error, "reason", None), ConnectionRefusedError):
                time.sleep(min(2.0 ** attempt, 10.0))
                continue
            reason = getattr(error, "reason", error)
            raise RemoteError(f"{url}: cannot connect: {reason}") from None
    raise AssertionError("unreachable")  # pragma: no cover

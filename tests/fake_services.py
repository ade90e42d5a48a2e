"""Local stand-ins for Crossref's REST API and ROR's API v2, for tests: real HTTP servers on
127.0.0.1 (port 0), written from the services' documentation.

Crossref: ``GET /works?query.bibliographic=TEXT&rows=N&select=FIELDS[&mailto=EMAIL]`` answers
``{"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message":
{"total-results": N, "items-per-page": ROWS, "query": {...}, "items": [...]}}`` with the items in
descending ``score``, each cut to the ``select``ed fields. The fake scores an item by the words
it shares with the query (title, authors' family names, year), as a relevance search would.

ROR: ``GET /v2/organizations?affiliation=TEXT`` answers ``{"number_of_results": N,
"time_taken": T, "items": [{"substring", "score", "matching_type", "chosen", "organization"}]}``;
an organisation whose name (or one of its names) is in the text is a PHRASE match with score
1.0, ``chosen`` unless the organisation is marked ``never_chosen`` (as ROR does when it is not
sure); organisations sharing words with the text are COMMON TERMS candidates with lower scores.

Both record every request (path, query parameters, headers, time) and can be given faults by
call number (1-based): "429" (answered with Retry-After: ``retry_after``), "500".
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", re.sub(r"<[^>]*>", " ", text))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return set(re.findall(r"\w+", plain))


class Request:
    def __init__(self, path: str, params: dict, headers: dict):
        self.path = path
        self.params = params
        self.headers = headers
        self.time = time.monotonic()


class _FakeService:
    prefix = ""

    def __init__(self, faults: dict[int, str] | None = None, retry_after: str = "1"):
        self.faults = dict(faults or {})
        self.retry_after = retry_after
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def answer(self, path: str, params: dict) -> tuple[int, dict]:
        raise NotImplementedError

    def _handler_class(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                with service._lock:
                    service.requests.append(Request(parts.path, params, dict(self.headers)))
                    fault = service.faults.get(len(service.requests))
                if fault == "429":
                    return self._send(429, {"status": "failed", "message": "rate limit"},
                                      {"Retry-After": service.retry_after})
                if fault == "500":
                    return self._send(500, {"status": "failed"})
                if not parts.path.startswith(service.prefix):
                    return self._send(404, {"status": "failed", "message": "not found"})
                status, body = service.answer(parts.path[len(service.prefix):], params)
                self._send(status, body)

            def _send(self, status, body, headers=None):
                payload = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        return Handler


def crossref_item(doi: str, title: str, families: list[str], year: int, *, type: str = "journal-article",
                  container: str | None = None, given: list[str] | None = None) -> dict:
    """A work as Crossref's /works lists it."""
    authors = [{"given": (given or [])[i] if given and i < len(given) else "A.", "family": family,
                "sequence": "first" if i == 0 else "additional", "affiliation": []}
               for i, family in enumerate(families)]
    item = {"DOI": doi, "title": [title], "author": authors, "type": type,
            "issued": {"date-parts": [[year, 6]]}, "published": {"date-parts": [[year, 6]]},
            "publisher": "Fake Publisher", "URL": f"https://doi.org/{doi}", "prefix": doi.split("/")[0],
            "member": "1", "indexed": {"date-parts": [[2026, 11, 30]]}}
    if container:
        item["container-title"] = [container]
    return item


class FakeCrossref(_FakeService):
    def __init__(self, items: list[dict], **kwargs):
        super().__init__(**kwargs)
        self.items = items

    def answer(self, path: str, params: dict) -> tuple[int, dict]:
        if path != "/works":
            return 404, {"status": "failed", "message-type": "route-not-found"}
        query = words(params.get("query.bibliographic", ""))
        rows = int(params.get("rows", "20"))
        scored = []
        for item in self.items:
            text = " ".join(item["title"] + [a.get("family", "") for a in item.get("author", [])]
                            + [str(item["issued"]["date-parts"][0][0])])
            shared = len(query & words(text))
            if shared:
                scored.append((round(100.0 * shared / max(len(query), 1), 3), item))
        scored.sort(key=lambda pair: -pair[0])
        select = [f for f in params.get("select", "").split(",") if f]
        items = []
        for score, item in scored[:rows]:
            shown = {**item, "score": score}
            if select:
                shown = {k: v for k, v in shown.items() if k in select}
            items.append(shown)
        return 200, {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                     "message": {"facets": {}, "total-results": len(scored), "items": items, "items-per-page": rows,
                                 "query": {"start-index": 0, "search-terms": None}}}


def ror_organisation(ror_id: str, name: str, city: str, country_code: str, country_name: str,
                     *, aliases: list[str] = (), never_chosen: bool = False) -> dict:
    """An organisation as ROR's v2 API gives it (``never_chosen`` is the fake's own mark)."""
    names = [{"value": name, "types": ["ror_display", "label"], "lang": "en"}]
    names += [{"value": alias, "types": ["alias"], "lang": None} for alias in aliases]
    return {"id": ror_id, "names": names, "status": "active", "types": ["education"],
            "locations": [{"geonames_id": 1, "geonames_details": {"name": city, "country_code": country_code,
                                                                   "country_name": country_name}}],
            "established": 1900, "links": [], "external_ids": [], "relationships": [], "domains": [],
            "admin": {"created": {"date": "2019-01-01", "schema_version": "1.0"},
                      "last_modified": {"date": "2024-01-01", "schema_version": "2.0"}},
            "_never_chosen": never_chosen}


class FakeRor(_FakeService):
    prefix = "/v2"

    def __init__(self, organisations: list[dict], **kwargs):
        super().__init__(**kwargs)
        self.organisations = organisations

    def answer(self, path: str, params: dict) -> tuple[int, dict]:
        if path != "/organizations":
            return 404, {"errors": ["not found"]}
        if "affiliation" not in params:
            return 400, {"errors": ["give query or affiliation"]}
        text = params["affiliation"]
        asked = words(text)
        items = []
        for org in self.organisations:
            shown = {k: v for k, v in org.items() if not k.startswith("_")}
            names = [n["value"] for n in org["names"]]
            phrase = next((n for n in names if n.casefold() in text.casefold()), None)
            if phrase:
                items.append({"substring": phrase, "score": 1.0, "matching_type": "PHRASE",
                              "chosen": not org["_never_chosen"], "organization": shown})
                continue
            shared = max(len(asked & words(n)) / max(len(words(n)), 1) for n in names)
            if shared >= 0.3:
                items.append({"substring": text, "score": round(shared * 0.8, 2), "matching_type": "COMMON TERMS",
                              "chosen": False, "organization": shown})
        items.sort(key=lambda i: -i["score"])
        return 200, {"number_of_results": len(items), "time_taken": 3, "items": items}

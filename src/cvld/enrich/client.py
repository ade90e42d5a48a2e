"""Asking a JSON web service politely: cvld's User-Agent, a few requests a second, Retry-After
honoured, bounded time-outs and tries (all in :mod:`cvld.core.http`), answers kept on disk."""

from __future__ import annotations

import json

from cvld.core.diagnostics import RemoteError
from cvld.core.http import Throttle, http_request, user_agent, with_query
from cvld.enrich.cache import AnswerCache

REQUEST_INTERVAL = 0.25  # seconds between two requests to one service: at most four a second
TIMEOUT = 20.0
ATTEMPTS = 3
MAX_ANSWER = 8 * 1024 * 1024  # bytes: a search answer is a few kilobytes


class Service:
    """One service (``name`` for messages) at ``base_url``; ``contact`` goes into the User-Agent and,
    with ``contact_param``, into every query (it is not part of the cached question)."""

    def __init__(self, name: str, base_url: str, cache: AnswerCache, *, contact: str | None = None,
                 contact_param: str | None = None, interval: float = REQUEST_INTERVAL,
                 timeout: float = TIMEOUT, attempts: int = ATTEMPTS):
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.cache = cache
        self.contact = contact
        self.contact_param = contact_param
        self.throttle = Throttle(interval)
        self.timeout = timeout
        self.attempts = attempts
        self.asked = 0  # requests sent (answers from the cache are not counted)
        self.answers: dict[str, dict] = {}  # this run's answers, for a question asked twice

    def ask(self, path: str, params: dict) -> dict:
        """The JSON object answering GET ``base_url/path?params``; RemoteError when there is none."""
        key = with_query(f"{self.base_url}/{path}", params)
        if key in self.answers:
            return self.answers[key]
        kept = self.cache.get(key)
        if kept is not None:
            try:
                answer = json.loads(kept)
            except ValueError:
                answer = None
            if isinstance(answer, dict):
                self.answers[key] = answer
                return answer
        extra = {self.contact_param: self.contact} if self.contact and self.contact_param else {}
        url = with_query(key, extra)
        self.asked += 1
        status, body = http_request("GET", url, None, {"Accept": "application/json",
                                                       "User-Agent": user_agent(self.contact)},
                                    timeout=self.timeout, attempts=self.attempts, throttle=self.throttle,
                                    limit=MAX_ANSWER)
        if status != 200:
            raise RemoteError(f"{self.name}: {key}: HTTP {status}" + (" (too many requests; try again later)"
                                                                      if status == 429 else ""))
        try:
            text = body.decode("utf-8")
            answer = json.loads(text)
        except ValueError:
            raise RemoteError(f"{self.name}: {key}: the answer is not JSON") from None
        if not isinstance(answer, dict):
            raise RemoteError(f"{self.name}: {key}: the answer is not a JSON object")
        self.cache.put(key, text)
        self.answers[key] = answer
        return answer

"""How cvld names things on the web: one scheme of IRIs and page URLs for every output.

Record keys are restricted by the CV schema to ``[a-z0-9][a-z0-9._-]*``, so they are
safe in URLs and file names as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import UsageError
from .model import CV


def normalise_base(base: str) -> str:
    """An absolute http(s) base URL ending in ``/``."""
    from .ids import IdentifierError, check_url

    try:
        text = check_url(base)
    except IdentifierError as error:
        raise UsageError(f"--base: {error}") from None
    return text if text.endswith("/") else text + "/"


def default_base(cv: CV) -> str:
    """The owner's homepage, or a ``urn:`` base when the CV has none (stable, but not a web address)."""
    if cv.owner.homepage:
        return normalise_base(cv.owner.homepage)
    return f"urn:cvld:{cv.owner.key}:"


@dataclass(frozen=True)
class Iris:
    """IRIs for one CV's nodes under ``base`` (the homepage, or a department's graph base)."""

    base: str

    @classmethod
    def for_cv(cls, cv: CV, base: str | None = None) -> "Iris":
        return cls(normalise_base(base) if base else default_base(cv))

    # pages (only meaningful for http bases)
    @property
    def profile_page(self) -> str:
        return self.base

    def paper_page(self, work_key: str) -> str:
        return f"{self.base}papers/{work_key}/"

    # nodes
    def owner(self) -> str:
        return f"{self.base}#me"

    def person(self, key: str) -> str:
        return f"{self.base}#person-{key}"

    def work(self, key: str) -> str:
        return f"{self.paper_page(key)}#work"

    def organisation(self, key: str) -> str:
        return f"{self.base}#org-{key}"

    def node(self, kind: str, key: str) -> str:
        """Any other node: ``kind`` such as talk, event, course, role, education, position, service."""
        return f"{self.base}#{kind}-{key}"

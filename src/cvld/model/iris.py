"""How cvld names things on the web: one scheme of IRIs and page URLs for every output.

Record keys are restricted by the CV schema to ``[a-z0-9][a-z0-9._-]*``, so they are safe in
URLs as they are. A paper page's folder (``papers/NAME/``, in its URL and the work's IRI) is
its key through the one rule for output names, :func:`cvld.core.io.safe_name`: a key that
Windows reserves (``con``, ``nul.x``, ``lpt1``) or that ends in a dot gets a hashed name.
"""

from __future__ import annotations

from dataclasses import field
from functools import lru_cache

from cvld.core.recordtype import record
from cvld.core.diagnostics import UsageError
from cvld.core.io import safe_name
from cvld.model.records import CV
from cvld.model.ids import IdentifierError, check_url


@lru_cache(maxsize=256)  # a pure function of its text, asked for each page of a site
def normalise_base(base: str) -> str:
    """An absolute http(s) base URL (by :func:`cvld.model.ids.check_url`, RFC 3987) ending in ``/``.

    Every node IRI is the base with a path or a ``#fragment`` appended, so a base with a
    fragment of its own is refused: the result would hold two ``#``.
    """
    try:
        text = check_url(base)
    except IdentifierError as error:
        raise UsageError(f"the base URL: {error}", parameter="base") from None
    if "#" in text:
        raise UsageError(f"the base URL '{text}' has a fragment ('#'); give it without one", parameter="base")
    return text if text.endswith("/") else text + "/"


@lru_cache(maxsize=1 << 12)  # a member's works (asked for a few times each while its triples are made), not a department's
def paper_folder(work_key: str) -> str:
    """A work's page folder, relative to the site: ``papers/NAME/`` with NAME ``safe_name(work_key)``."""
    return f"papers/{safe_name(work_key)}/"


def default_base(cv: CV) -> str:
    """The owner's homepage (without a ``#fragment``, which names a place in the page, not the page),
    or a ``urn:`` base when the CV has none (stable, but not a web address)."""
    if cv.owner.homepage:
        return normalise_base(cv.owner.homepage.partition("#")[0])
    return f"urn:cvld:{cv.owner.key}:"


@record(frozen=True)
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
        return f"{self.base}{paper_folder(work_key)}"

    # nodes
    def owner(self) -> str:
        return f"{self.base}#me"

    def person(self, key: str) -> str:
        return f"{self.base}#person-{key}"

    def work(self, key: str) -> str:
        return f"{self.paper_page(key)}#work"

    def organisation(self, key: str) -> str:
        return f"{self.base}#org-{key}"

    def grant(self, key: str) -> str:
        return f"{self.base}#grant-{key}"

    def node(self, kind: str, key: str) -> str:
        """Any other node: ``kind`` such as talk, event, course, role, education, position, service."""
        return f"{self.base}#{kind}-{key}"

    def shared(self, kind: str, key: str) -> str:
        """A node that several records may share, such as a venue or an institution."""
        return self.node(kind, key)


@record(frozen=True)
class MemberIris:
    """IRIs for one member's CV inside a department graph under ``base``.

    People, works and organisations are named by the department, with keys that are
    the same in every CV that mentions them (see :mod:`cvld.rdf.department`); the
    member's own talks, courses, roles and such are named under the member:
    ``{base}person/{key}``, ``{base}work/{key}``, ``{base}org/{key}``, ``{base}grant/{key}``,
    ``{base}{kind}/{member}/{key}``; shared nodes such as venues ``{base}{kind}/{key}``.
    The methods are those of :class:`Iris`, so every mapping takes either scheme.
    """

    base: str
    member: str
    people: dict = field(default_factory=dict, compare=False)
    works: dict = field(default_factory=dict, compare=False)
    organisations: dict = field(default_factory=dict, compare=False)
    grants: dict = field(default_factory=dict, compare=False)

    def owner(self) -> str:
        return f"{self.base}person/{self.member}"

    def person(self, key: str) -> str:
        return f"{self.base}person/{self.people[key]}"

    def work(self, key: str) -> str:
        return f"{self.base}work/{self.works[key]}"

    def organisation(self, key: str) -> str:
        return f"{self.base}org/{self.organisations[key]}"

    def grant(self, key: str) -> str:
        return f"{self.base}grant/{self.grants[key]}"

    def node(self, kind: str, key: str) -> str:
        return f"{self.base}{kind}/{self.member}/{key}"

    def shared(self, kind: str, key: str) -> str:
        return f"{self.base}{kind}/{key}"

"""Scholarly identifiers: checked, normalised and compared.

ISBN and ISSN checksums come from python-stdnum, imported only when one is checked
(importing stdnum costs ~50 ms of start-up); the ORCID iD's ISO 7064 MOD 11-2 check,
DOI and arXiv syntax are checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit



class IdentifierError(ValueError):
    """An identifier that is malformed or fails its checksum."""


# --- DOI -----------------------------------------------------------------

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalize_doi(value: str) -> str:
    """Strip ``https://doi.org/`` or ``doi:`` and check the ``10.NNNN/suffix`` form.

    The case is kept as written (DOIs are case-insensitive); compare with :func:`doi_key`.
    """
    text = _DOI_PREFIXES.sub("", value.strip())
    if not _DOI_RE.match(text):
        raise IdentifierError(f"not a DOI: '{value}' (expected 10.NNNN/suffix)")
    return text


def doi_key(doi: str) -> str:
    """The identity of a DOI: DOIs are case-insensitive."""
    return normalize_doi(doi).lower()


# --- arXiv ---------------------------------------------------------------

_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z.-]*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(v\d+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ArxivId:
    """An arXiv identifier: ``2009.06125``, ``2009.06125v2`` or ``math.GT/0309136``."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id + (f"v{self.version}" if self.version else "")

    @property
    def abs_url(self) -> str:
        return ID_URLS["arxiv"].format(self)


def parse_arxiv(value: str) -> ArxivId:
    """Read new-style (``YYMM.NNNNN``) and old-style (``archive/YYMMNNN``) ids, with a version."""
    text = _ARXIV_PREFIX.sub("", value.strip())
    text = text.removesuffix(".pdf")
    new = _ARXIV_NEW.match(text)
    if new:
        month = int(new.group(2))
        digits = new.group(3)
        year = int(new.group(1))
        if not 1 <= month <= 12:
            raise IdentifierError(f"not an arXiv id: '{value}' (month {month:02d} is not 01-12)")
        if len(digits) == 5 and (year, month) < (15, 1):
            raise IdentifierError(f"not an arXiv id: '{value}' (5-digit numbers start in 1501)")
        if len(digits) == 4 and (year, month) >= (15, 1):
            raise IdentifierError(f"not an arXiv id: '{value}' (ids from 1501 on have 5 digits)")
        version = int(new.group(4)[1:]) if new.group(4) else None
        return ArxivId(f"{new.group(1)}{new.group(2)}.{digits}", version)
    old = _ARXIV_OLD.match(text)
    if old:
        month = int(old.group(3))
        if not 1 <= month <= 12:
            raise IdentifierError(f"not an arXiv id: '{value}' (month {month:02d} is not 01-12)")
        version = int(old.group(5)[1:]) if old.group(5) else None
        return ArxivId(f"{old.group(1)}/{old.group(2)}{old.group(3)}{old.group(4)}", version)
    raise IdentifierError(f"not an arXiv id: '{value}' (expected YYMM.NNNNN or archive/YYMMNNN)")


# --- ORCID iD --------------------------------------------------------------

_ORCID_PREFIX = re.compile(r"^(?:https?://(?:sandbox\.)?orcid\.org/)", re.IGNORECASE)
_ORCID_RE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$", re.IGNORECASE)


def _mod_11_2_valid(digits: str) -> bool:
    """ISO 7064 MOD 11-2, as stdnum.iso7064.mod_11_2.is_valid computes it (ORCID's check digit)."""
    check = 0
    for digit in digits:
        check = (2 * check + (10 if digit == "X" else int(digit))) % 11
    return check == 1


def normalize_orcid(value: str) -> str:
    """``0000-0002-1825-0097`` from any common spelling, after the ISO 7064 MOD 11-2 check."""
    text = _ORCID_PREFIX.sub("", value.strip())
    match = _ORCID_RE.match(text)
    if not match:
        raise IdentifierError(f"not an ORCID iD: '{value}' (expected 0000-0000-0000-000X)")
    digits = "".join(match.groups()).upper()
    if not _mod_11_2_valid(digits):
        raise IdentifierError(f"ORCID iD '{value}' fails its checksum (ISO 7064 MOD 11-2)")
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def orcid_url(orcid: str) -> str:
    return f"https://orcid.org/{orcid}"


# the URL of a (normalised) identifier, for every target that links one
ID_URLS = {
    "doi": "https://doi.org/{}",
    "arxiv": "https://arxiv.org/abs/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "issn": "https://portal.issn.org/resource/ISSN/{}",
}


def id_url(kind: str, value: str) -> str | None:
    """The URL of an identifier of type ``kind`` (``doi``, ``arxiv``, ``pmid``, ``issn``); None for others (ISBN)."""
    pattern = ID_URLS.get(kind)
    return pattern.format(value) if pattern else None


# --- ISBN, ISSN, PMID ---------------------------------------------------------


def normalize_isbn(value: str) -> str:
    """An ISBN-10 or ISBN-13, checked, as compact digits (kept in its own length)."""
    from stdnum import isbn as _isbn
    from stdnum.exceptions import ValidationError as _StdnumError

    try:
        return _isbn.validate(value)
    except _StdnumError as error:
        raise IdentifierError(f"not a valid ISBN: '{value}' ({_stdnum_reason(error)})") from None


def normalize_issn(value: str) -> str:
    """An ISSN, checked, as ``NNNN-NNNC``."""
    from stdnum import issn as _issn
    from stdnum.exceptions import ValidationError as _StdnumError

    try:
        return _issn.format(_issn.validate(value))
    except _StdnumError as error:
        raise IdentifierError(f"not a valid ISSN: '{value}' ({_stdnum_reason(error)})") from None


def normalize_pmid(value: str | int) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[1-9]\d{0,8}", text):
        raise IdentifierError(f"not a PubMed id: '{value}' (expected 1 to 9 digits)")
    return text


def _stdnum_reason(error: Exception) -> str:
    return {
        "InvalidChecksum": "wrong check digit",
        "InvalidLength": "wrong length",
        "InvalidFormat": "wrong format",
        "InvalidComponent": "wrong prefix",
    }.get(type(error).__name__, str(error).rstrip("."))


# --- URLs -------------------------------------------------------------------


def check_url(value: str) -> str:
    """An absolute http(s) URL: anything else (``javascript:``, ``data:``, relative) is refused."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise IdentifierError(f"not an http(s) URL: '{value}'")
    if any(ch.isspace() or ch in '<>"{}|\\^`' for ch in text):
        raise IdentifierError(f"URL contains a character that must be percent-encoded: '{value}'")
    return text

"""Scholarly identifiers: checked, normalised and compared.

ISBN and ISSN checksums come from python-stdnum, imported only when one is checked
(importing stdnum costs ~50 ms of start-up); the ORCID iD's ISO 7064 MOD 11-2 check,
DOI and arXiv syntax are checked here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

from cvld.core.recordtype import record
from cvld.core.lazy import lazy_module

rfc3987 = lazy_module("rfc3987")

class IdentifierError(ValueError):
    """An identifier that is malformed or fails its checksum."""


# --- DOI -----------------------------------------------------------------
#
# The rule cvld keeps (one for every input and every output): ``10.`` and a registrant code of
# 4 to 9 digits (optionally subdivided, ``10.1000.10``), ``/``, and a suffix of Crossref's
# recommended character set, ``^10.\d{4,9}/[-._;()/:A-Z0-9]+$`` matched case-insensitively
# (Crossref, "DOIs and matching regular expressions": it matches 74.4 of 74.9 million DOIs).
# DataCite's Fabrica offers the same characters for new suffixes. The older DOIs with other
# characters (SICI suffixes such as ``<417::AID-JBM1>``, Wiley's ``[...]``) are refused, not
# percent-encoded: ``<``, ``>``, ``{``, ``}``, ``"``, ``\``, ``^``, backticks, ``%``, ``#``, ``?``,
# ``[``, ``]``, whitespace and control characters can then never reach a BibTeX value, an IRI
# or a URL, where each would end or change the value. Such a DOI is still given as the work's
# ``url`` (https://doi.org/ with the suffix percent-encoded), which the URL rule below accepts.

_DOI_PREFIXES = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|info:doi/|doi:\s*)", re.IGNORECASE)
_DOI_RE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/[-._;()/:A-Za-z0-9]+$")
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/.+$", re.DOTALL)
DOI_CHARACTERS = "letters A-Z, digits and - . _ ; ( ) / :"


def normalize_doi(value: str) -> str:
    """Strip ``https://doi.org/``, ``doi.org/`` or ``info:doi/`` (percent-decoded) or ``doi:`` and check
    Crossref's DOI syntax.

    The case is kept as written (DOIs are case-insensitive); compare with :func:`doi_key`.
    """
    text = value.strip()
    stripped = _DOI_PREFIXES.sub("", text)
    if stripped != text and not text[:4].lower() == "doi:":
        stripped = unquote(stripped)  # a link (doi.org, info:doi/) holds the DOI percent-encoded
    if _DOI_RE.match(stripped):
        return stripped
    if _DOI_SHAPE.match(stripped):
        bad = next(ch for ch in stripped.split("/", 1)[1] if not (ch.isascii() and (ch.isalnum() or ch in "-._;()/:")))
        raise IdentifierError(f"DOI {_shown(value)} contains {_char(bad)}, which cvld does not accept in a DOI "
                              f"(Crossref's character set: {DOI_CHARACTERS}); give its https://doi.org/ link, "
                              f"percent-encoded, as the url instead")
    raise IdentifierError(f"not a DOI: {_shown(value)} (expected 10.NNNN/suffix)")


def doi_key(doi: str) -> str:
    """The identity of a DOI: DOIs are case-insensitive."""
    return normalize_doi(doi).lower()


def _shown(value: str, limit: int = 80) -> str:
    """A value as a message quotes it: control characters escaped, long values cut."""
    text = value if len(value) <= limit else value[: limit - 3] + "..."
    if any(not ch.isprintable() for ch in text):
        return repr(text)
    return f"'{text}'"


def _char(ch: str) -> str:
    if ch.isspace() or not ch.isprintable():
        return f"U+{ord(ch):04X}"
    return f"'{ch}'"


# --- arXiv ---------------------------------------------------------------

_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z.-]*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(v\d+)?$", re.IGNORECASE)


@record(frozen=True, slots=True)
class ArxivId:
    """An arXiv identifier: ``2009.06125``, ``2009.06125v2`` or ``math.GT/0309136``."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id + (f"v{self.version}" if self.version else "")

    @property
    def abs_url(self) -> str:
        return ID_URLS["arxiv"].format(self)

    @property
    def pdf_url(self) -> str:
        """arXiv's PDF of this version (a preprint's ``citation_pdf_url``)."""
        return ARXIV_PDF_URL.format(self)


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
            raise IdentifierError(f"not an arXiv id: {_shown(value)} (month {month:02d} is not 01-12)")
        if len(digits) == 5 and (year, month) < (15, 1):
            raise IdentifierError(f"not an arXiv id: {_shown(value)} (5-digit numbers start in 1501)")
        if len(digits) == 4 and (year, month) >= (15, 1):
            raise IdentifierError(f"not an arXiv id: {_shown(value)} (ids from 1501 on have 5 digits)")
        version = int(new.group(4)[1:]) if new.group(4) else None
        return ArxivId(f"{new.group(1)}{new.group(2)}.{digits}", version)
    old = _ARXIV_OLD.match(text)
    if old:
        month = int(old.group(3))
        if not 1 <= month <= 12:
            raise IdentifierError(f"not an arXiv id: {_shown(value)} (month {month:02d} is not 01-12)")
        version = int(old.group(5)[1:]) if old.group(5) else None
        return ArxivId(f"{old.group(1)}/{old.group(2)}{old.group(3)}{old.group(4)}", version)
    raise IdentifierError(f"not an arXiv id: {_shown(value)} (expected YYMM.NNNNN or archive/YYMMNNN)")


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
        raise IdentifierError(f"not an ORCID iD: {_shown(value)} (expected 0000-0000-0000-000X)")
    digits = "".join(match.groups()).upper()
    if not _mod_11_2_valid(digits):
        raise IdentifierError(f"ORCID iD {_shown(value)} fails its checksum (ISO 7064 MOD 11-2)")
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
ARXIV_PDF_URL = "https://arxiv.org/pdf/{}"


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
        raise IdentifierError(f"not a valid ISBN: {_shown(value)} ({_stdnum_reason(error)})") from None


def normalize_issn(value: str) -> str:
    """An ISSN, checked, as ``NNNN-NNNC``."""
    from stdnum import issn as _issn
    from stdnum.exceptions import ValidationError as _StdnumError

    try:
        return _issn.format(_issn.validate(value))
    except _StdnumError as error:
        raise IdentifierError(f"not a valid ISSN: {_shown(value)} ({_stdnum_reason(error)})") from None


def normalize_pmid(value: str | int) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[1-9]\d{0,8}", text):
        raise IdentifierError(f"not a PubMed id: {_shown(str(value))} (expected 1 to 9 digits)")
    return text


def _stdnum_reason(error: Exception) -> str:
    return {
        "InvalidChecksum": "wrong check digit",
        "InvalidLength": "wrong length",
        "InvalidFormat": "wrong format",
        "InvalidComponent": "wrong prefix",
    }.get(type(error).__name__, str(error).rstrip("."))


# --- ROR, Ringgold, GRID -------------------------------------------------------
#
# ROR (https://ror.readme.io/docs/identifier): ``0``, six characters of Crockford's base 32
# (no i, l, o, u) and two check digits, ISO 7064 MOD 97-10 of the first seven read as a number.

_ROR_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)
_ROR_RE = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def normalize_ror(value: str) -> str:
    """``https://ror.org/0xxxxxxNN`` (lower case) from a ROR id or link, after its check digits."""
    text = _ROR_PREFIX.sub("", value.strip()).lower()
    if not _ROR_RE.match(text):
        raise IdentifierError(f"not a ROR id: {_shown(value)} (expected such as https://ror.org/00hx57361)")
    number = 0
    for ch in text[:7]:
        number = number * 32 + _CROCKFORD.index(ch)
    if 98 - (number * 100) % 97 != int(text[7:]):
        raise IdentifierError(f"ROR id {_shown(value)} fails its check digits (ISO 7064 MOD 97-10)")
    return "https://ror.org/" + text


def normalize_ringgold(value: str | int) -> str:
    """A Ringgold id: a positive number of at most eight digits, without leading zeros."""
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,8}", text) or int(text) == 0:
        raise IdentifierError(f"not a Ringgold id: {_shown(text)} (expected a positive number of at most 8 digits)")
    return str(int(text))


_GRID_PREFIX = re.compile(r"^(?:https?://(?:www\.)?grid\.ac/institutes/)", re.IGNORECASE)
_GRID_RE = re.compile(r"^grid\.[0-9]+\.[0-9a-f]+$")


def normalize_grid(value: str) -> str:
    """A GRID id, ``grid.NNNN.X`` (the checksum part in lower-case hex)."""
    text = _GRID_PREFIX.sub("", value.strip()).lower()
    if not _GRID_RE.match(text):
        raise IdentifierError(f"not a GRID id: {_shown(value)} (expected such as grid.16750.35)")
    return text


# --- Crossref Funder ID, ISO 4217 currency, amounts -------------------------------
#
# A Crossref Funder ID is a DOI under 10.13039 whose suffix is the funder's number in the
# Open Funder Registry (9 or 12 digits: 100000001 is the NSF, 501100000780 the European
# Commission); it is kept as the DOI, ``10.13039/501100000780``.

_FUNDER_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?(?:10\.13039/)?", re.IGNORECASE)
_FUNDER_RE = re.compile(r"^[1-9][0-9]{8,11}$")
FUNDER_DOI_PREFIX = "10.13039/"


def normalize_crossref_funder(value: str | int) -> str:
    """``10.13039/NNNNNNNNN`` from a Crossref Funder ID, its DOI, its doi.org link or its bare number."""
    text = str(value).strip()
    number = _FUNDER_PREFIX.sub("", text, count=1)
    if not _FUNDER_RE.match(number):
        raise IdentifierError(f"not a Crossref Funder ID: {_shown(text)} (expected such as 10.13039/501100000780)")
    return FUNDER_DOI_PREFIX + number


def normalize_currency(value: str) -> str:
    """An ISO 4217 currency code, upper case, checked against the standard's list."""
    from iso4217 import Currency

    code = str(value).strip().upper()
    try:
        return Currency(code).code
    except ValueError:
        raise IdentifierError(f"unknown currency code {_shown(str(value))} (use ISO 4217, such as EUR or USD)") from None


_DECIMAL_RE = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?$")


def normalize_decimal(value: str) -> str:
    """A positive amount in decimal digits, as written but canonical: thousands separators (``,``)
    and leading zeros dropped, the decimals kept (``1,500.50`` -> ``1500.50``). Never a float."""
    text = str(value).strip()
    if not _DECIMAL_RE.match(text):
        raise IdentifierError(f"not an amount: {_shown(text)} (write it in decimal digits, such as 250000 or 1500.50)")
    whole, _, fraction = text.replace(",", "").partition(".")
    whole = whole.lstrip("0") or "0"
    if whole == "0" and not fraction.strip("0"):
        raise IdentifierError(f"an amount of {_shown(text)}: give the sum, or leave the amount out")
    return whole + ("." + fraction if fraction else "")


def arxiv_text(value: str) -> str:
    """An arXiv id in its canonical text form (:func:`parse_arxiv`, then ``str``)."""
    return str(parse_arxiv(value))


# ORCID's external-id-type -> (the CV work field, its parser to the canonical text): the work ids cvld keeps
WORK_IDS = {"doi": ("doi", normalize_doi), "arxiv": ("arxiv", arxiv_text), "isbn": ("isbn", normalize_isbn),
            "issn": ("issn", normalize_issn), "pmid": ("pmid", normalize_pmid)}

# ORCID's disambiguation-source -> (the CV field, its parser): the organisation ids cvld keeps
ORGANISATION_IDS = {"ROR": ("ror", normalize_ror), "RINGGOLD": ("ringgold", normalize_ringgold),
                    "GRID": ("grid", normalize_grid), "FUNDREF": ("crossref_funder", normalize_crossref_funder)}


# --- URLs -------------------------------------------------------------------
#
# One rule for every URL cvld reads (CV fields, a base, importers) and every output relies on:
# an absolute IRI by RFC 3987's grammar (rfc3987's ``IRI`` rule: so no space, control
# character, ``<>"{}|\^```, second ``#``, ``%`` without two hex digits, ``[`` outside an IPv6
# or IPvFuture host, or malformed host), of scheme http or https with a host, without the
# bidirectional formatting characters RFC 3987 section 4.1 forbids, and one that Python's
# urlsplit reads (the web writers split links).

_HTTP = re.compile(r"^https?://", re.IGNORECASE)
_URL_ESCAPED = set('<>"{}|\\^`')
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_url(value: str) -> str:
    """An absolute http(s) URL by RFC 3986/3987, its scheme in lower case: anything else (``javascript:``,
    ``data:``, relative, malformed) is refused."""
    text = value.strip()
    if any(ch.isspace() or ch in _URL_ESCAPED for ch in text):
        raise IdentifierError(f"URL contains a character that must be percent-encoded: {_shown(value)}")
    hidden = next((ch for ch in text if ch in _BIDI or not ch.isprintable()), None)
    if hidden is not None:
        raise IdentifierError(f"URL contains {_char(hidden)}, which a URL must not hold: {_shown(value)}")
    if not _HTTP.match(text):
        raise IdentifierError(f"not an http(s) URL: {_shown(value)}")
    if not _is_iri(text):
        raise IdentifierError(f"not a valid URL (RFC 3986/3987): {_shown(value)}; {_url_reason(text)}")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise IdentifierError(f"not a valid URL: {_shown(value)} ({error})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise IdentifierError(f"not an http(s) URL: {_shown(value)}")
    if not parts.hostname:
        raise IdentifierError(f"URL has no host: {_shown(value)}")
    del port  # read only to check it (urlsplit refuses a port above 65535)
    scheme = parts.scheme.lower()
    return scheme + text[len(scheme):]  # the scheme in its canonical lower case (RFC 3986 section 6.2.2.1)


# RFC 3987's ucschar, and iprivate (allowed in the query only)
_UCSCHAR = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(plane << 16)}-{chr((plane << 16) + 0xFFFD)}" for plane in range(1, 14)) + "\U000e1000-\U000efffd")
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=1)
def _not_iri_chars() -> tuple[re.Pattern, re.Pattern]:
    """(not ucschar, not ucschar or iprivate): compiled on first use (~20 ms, too much for every start-up)."""
    return re.compile(f"[^\x00-\x7f{_UCSCHAR}]"), re.compile(f"[^\x00-\x7f{_UCSCHAR}{_IPRIVATE}]")


def _is_iri(text: str) -> bool:
    """An IRI by RFC 3987: its non-ASCII characters ucschar (iprivate in the query), and the URI it maps
    to (section 3.1: each such character percent-encoded as UTF-8) a URI by rfc3987's RFC 3986 rule.
    (The same set as rfc3987's ``IRI`` rule, which takes ~0.1 s to compile; a test compares them.)"""
    if not text.isascii():
        rest, _, fragment = text.partition("#")
        head, mark, query = rest.partition("?")
        not_ucschar, not_query_char = _not_iri_chars()
        if not_ucschar.search(head) or not_ucschar.search(fragment) or not_query_char.search(query):
            return False
        text = _NON_ASCII.sub(lambda run: quote(run.group(), safe=""), text)
    return is_uri(text)


# RFC 3986's URI rule written as rfc3987 writes it, for the one shape an http(s) URL takes
# ("scheme://authority path-abempty ?query #fragment"), with every host but an IP literal ("[...]":
# IPv4 addresses are registered names by their characters): the same grammar, rule by rule,
# that compiles in well under a millisecond where rfc3987's whole URI pattern takes ~10 ms and
# its import more. What it does not take (an IP literal, a path-only URI, or no URI at all) is
# decided by rfc3987's rule, so the verdict is always rfc3987's (tests/test_identifiers.py).
_PCT = "%[0-9A-Fa-f]{2}"
_UNRESERVED_SUB_DELIMS = "-A-Za-z0-9._~!$&'()*+,;="  # unreserved and sub-delims ("-" first: not a range)
_URI_AUTHORITY_FORM = re.compile(
    f"[a-zA-Z][a-zA-Z0-9+.-]*://"  # scheme "://"
    f"(?:(?:[{_UNRESERVED_SUB_DELIMS}:]|{_PCT})*@)?"  # userinfo "@"
    f"(?:[{_UNRESERVED_SUB_DELIMS}]|{_PCT})*"  # reg-name (and so IPv4address)
    f"(?::[0-9]*)?"  # port
    f"(?:/(?:[{_UNRESERVED_SUB_DELIMS}:@]|{_PCT})*)*"  # path-abempty: "/" segment of pchar
    f"(?:\\?(?:[{_UNRESERVED_SUB_DELIMS}:@/?]|{_PCT})*)?"  # query
    f"(?:#(?:[{_UNRESERVED_SUB_DELIMS}:@/?]|{_PCT})*)?")  # fragment


def is_uri(text: str) -> bool:
    """A URI by RFC 3986 (rfc3987's ``URI`` rule): the authority form without an IP literal is read
    here, anything else by rfc3987."""
    return _URI_AUTHORITY_FORM.fullmatch(text) is not None or rfc3987.match(text, rule="URI") is not None


def _url_reason(text: str) -> str:
    """What a URL that fails RFC 3987 most likely got wrong, said so the user can mend it."""
    if text.count("#") > 1:
        return "a URL has at most one '#'; write any later one as %23"
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return "'%' must start an escape of two hex digits; write a literal '%' as %25"
    authority = text.partition("//")[2].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if "[" in authority or "]" in authority:
        return "a host in [ ] must be an IPv6 address, such as [2001:db8::1], with its closing ']'"
    if "[" in text or "]" in text:
        return "write '[' and ']' outside the host as %5B and %5D"
    return "check the host, the port and the characters (percent-encode what RFC 3986 reserves)"

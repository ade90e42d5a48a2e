"""Identifier checks and normalisation with known good and bad values."""

from __future__ import annotations

import pytest

from cvld.model import ids


@pytest.mark.parametrize("written, normal", [
    ("0000-0002-1825-0097", "0000-0002-1825-0097"),      # ORCID's documented example
    ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
    ("0000-0002-1694-233x", "0000-0002-1694-233X"),       # check digit X, lower-case accepted
    ("000000021694233X", "0000-0002-1694-233X"),
])
def test_orcid_good(written, normal):
    assert ids.normalize_orcid(written) == normal


@pytest.mark.parametrize("written, normal", [
    ("10.1103/PhysRevE.102.043309", "10.1103/PhysRevE.102.043309"),
    ("https://doi.org/10.1103/PhysRevE.102.043309", "10.1103/PhysRevE.102.043309"),
    ("doi:10.1007/s11425-020-1773-8", "10.1007/s11425-020-1773-8"),
    ("http://dx.doi.org/10.1000/XYZ", "10.1000/XYZ"),
])
def test_doi(written, normal):
    assert ids.normalize_doi(written) == normal


def test_doi_identity_is_case_insensitive():
    assert ids.doi_key("10.1000/ABC") == ids.doi_key("https://doi.org/10.1000/abc") == "10.1000/abc"


@pytest.mark.parametrize("written, id_, version", [
    ("2009.06125", "2009.06125", None),
    ("arXiv:2006.14450v2", "2006.14450", 2),
    ("arxiv:2006.14450", "2006.14450", None),
    ("https://arxiv.org/abs/1802.09707v1", "1802.09707", 1),
    ("0704.0001", "0704.0001", None),
    ("math.GT/0309136", "math.GT/0309136", None),
    ("hep-th/9901001v3", "hep-th/9901001", 3),
])
def test_arxiv_good(written, id_, version):
    parsed = ids.parse_arxiv(written)
    assert (parsed.id, parsed.version) == (id_, version)


def test_isbn_and_issn():
    assert ids.normalize_isbn("978-0-306-40615-7") == "9780306406157"
    assert ids.normalize_isbn("0-306-40615-2") == "0306406152"
    assert ids.normalize_issn("03785955") == "0378-5955"
    assert ids.normalize_issn("2049-3630") == "2049-3630"


@pytest.mark.parametrize("normalise, written, message", [
    (ids.normalize_orcid, "0000-0002-1825-0098", "ORCID iD '0000-0002-1825-0098' fails its checksum (ISO 7064 MOD 11-2)"),
    (ids.normalize_orcid, "0000-0002-1694-2330", "ORCID iD '0000-0002-1694-2330' fails its checksum (ISO 7064 MOD 11-2)"),
    (ids.normalize_orcid, "0000-0002-1825", "not an ORCID iD: '0000-0002-1825' (expected 0000-0000-0000-000X)"),
    (ids.parse_arxiv, "2013.01234", "not an arXiv id: '2013.01234' (month 13 is not 01-12)"),
    (ids.parse_arxiv, "1412.12345", "not an arXiv id: '1412.12345' (5-digit numbers start in 1501)"),
    (ids.parse_arxiv, "2001.1234", "not an arXiv id: '2001.1234' (ids from 1501 on have 5 digits)"),
    (ids.parse_arxiv, "arXiv preprint", "not an arXiv id: 'arXiv preprint' (expected YYMM.NNNNN or archive/YYMMNNN)"),
    (ids.normalize_isbn, "978-0-306-40615-8", "not a valid ISBN: '978-0-306-40615-8' (wrong check digit)"),
    (ids.normalize_isbn, "0-306-40615-3", "not a valid ISBN: '0-306-40615-3' (wrong check digit)"),
    (ids.normalize_isbn, "12345", "not a valid ISBN: '12345' (wrong length)"),
    (ids.normalize_issn, "0378-5956", "not a valid ISSN: '0378-5956' (wrong check digit)"),
])
def test_bad_identifiers_are_refused_with_the_reason(normalise, written, message):
    with pytest.raises(ids.IdentifierError) as caught:
        normalise(written)
    assert str(caught.value) == message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "/relative/path", "https://a b.org/"])
def test_urls_refused(url):
    with pytest.raises(ids.IdentifierError):
        ids.check_url(url)


def test_orcid_check_digit_is_stdnums_mod_11_2():
    """cvld checks ORCID iDs without importing stdnum (slow to import); the check is stdnum's."""
    from stdnum.iso7064 import mod_11_2

    for number in range(0, 10**15, 10**15 // 2003 + 1):
        base = f"{number:015d}"
        for last in "0123456789X":
            assert ids._mod_11_2_valid(base + last) == mod_11_2.is_valid(base + last)

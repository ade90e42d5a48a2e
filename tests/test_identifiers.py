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


# --- issue 15: every identifier by its registry's syntax, refused with the reason ---------------

_DOI_REFUSAL = ("which cvld does not accept in a DOI (Crossref's character set: letters A-Z, digits and "
                "- . _ ; ( ) / :); give its https://doi.org/ link, percent-encoded, as the url instead")


@pytest.mark.parametrize("written, normal", [
    ("10.1000.10/abc", "10.1000.10/abc"),                          # a subdivided registrant code
    ("10.1002/(SICI)1097-4636(199706)35:4", "10.1002/(SICI)1097-4636(199706)35:4"),
    ("https://doi.org/10.1000/%28a%29;b", "10.1000/(a);b"),          # a doi.org link holds it percent-encoded
    ("DOI: 10.48550/arXiv.2009.06125", "10.48550/arXiv.2009.06125"),
    ("doi.org/10.1000/abc", "10.1000/abc"),
    ("info:doi/10.1000/a%3Bb", "10.1000/a;b"),
    ("10.123456789/x", "10.123456789/x"),
])
def test_doi_by_crossrefs_pattern(written, normal):
    assert ids.normalize_doi(written) == normal


@pytest.mark.parametrize("written, shown, character", [
    ("10.1234/x},note={EVIL}}@misc{evil,title={Injected},year={1999}",
     "'10.1234/x},note={EVIL}}@misc{evil,title={Injected},year={1999}'", "'}'"),
    ("10.1234/x>.<http://evil.example/s><http://evil.example/p><http://evil.example/o",
     "'10.1234/x>.<http://evil.example/s><http://evil.example/p><http://evil.example/o'", "'>'"),
    ("10.1234/a{b", "'10.1234/a{b'", "'{'"),
    ("10.1234/a<b", "'10.1234/a<b'", "'<'"),
    ('10.1234/a"b', "'10.1234/a\"b'", "'\"'"),
    ("10.1234/a\\b", "'10.1234/a\\b'", "'\\'"),
    ("10.1234/a^b", "'10.1234/a^b'", "'^'"),
    ("10.1234/a`b", "'10.1234/a`b'", "'`'"),
    ("10.1234/a b", "'10.1234/a b'", "U+0020"),
    ("10.1234/a\tb", "'10.1234/a\\tb'", "U+0009"),
    ("10.1234/a\nb", "'10.1234/a\\nb'", "U+000A"),
    ("10.1234/a\x00b", "'10.1234/a\\x00b'", "U+0000"),
    ("10.1234/a#b", "'10.1234/a#b'", "'#'"),
    ("10.1234/a%7Db", "'10.1234/a%7Db'", "'%'"),
    ("10.1234/a?b", "'10.1234/a?b'", "'?'"),
    ("10.1234/a[1]", "'10.1234/a[1]'", "'['"),
    ("10.1234/é", "'10.1234/é'", "'é'"),
    ("https://doi.org/10.1234/x%7D", "'https://doi.org/10.1234/x%7D'", "'}'"),   # decoded, then refused
])
def test_doi_with_a_character_outside_the_set_is_refused(written, shown, character):
    with pytest.raises(ids.IdentifierError) as caught:
        ids.normalize_doi(written)
    assert str(caught.value) == f"DOI {shown} contains {character}, {_DOI_REFUSAL}"


@pytest.mark.parametrize("written", ["10.123/x", "11.1234/x", "10.1234/", "10.1234", "doi", "10.1234567890/x"])
def test_not_a_doi(written):
    with pytest.raises(ids.IdentifierError) as caught:
        ids.normalize_doi(written)
    assert str(caught.value) == f"not a DOI: '{written}' (expected 10.NNNN/suffix)"


@pytest.mark.parametrize("written, normal", [
    ("00hx57361", "https://ror.org/00hx57361"),
    ("https://ror.org/00hx57361", "https://ror.org/00hx57361"),
    ("ror.org/05dxps055", "https://ror.org/05dxps055"),
    ("HTTPS://ROR.ORG/03VEK6S52", "https://ror.org/03vek6s52"),
])
def test_ror(written, normal):
    assert ids.normalize_ror(written) == normal


@pytest.mark.parametrize("normalise, written, message", [
    (ids.normalize_ror, "00hx57362", "ROR id '00hx57362' fails its check digits (ISO 7064 MOD 97-10)"),
    (ids.normalize_ror, "00hx5736l", "not a ROR id: '00hx5736l' (expected such as https://ror.org/00hx57361)"),
    (ids.normalize_ror, "https://ror.org/00hx57361>", "not a ROR id: 'https://ror.org/00hx57361>' (expected such as "
                                                      "https://ror.org/00hx57361)"),
    (ids.normalize_ringgold, "0", "not a Ringgold id: '0' (expected a positive number of at most 8 digits)"),
    (ids.normalize_ringgold, "123456789", "not a Ringgold id: '123456789' (expected a positive number of at most 8 digits)"),
    (ids.normalize_grid, "grid.16750.35}", "not a GRID id: 'grid.16750.35}' (expected such as grid.16750.35)"),
    (ids.normalize_grid, "16750.35", "not a GRID id: '16750.35' (expected such as grid.16750.35)"),
    (ids.normalize_pmid, "12 34", "not a PubMed id: '12 34' (expected 1 to 9 digits)"),
    (ids.normalize_issn, "0378-5955}", "not a valid ISSN: '0378-5955}' (wrong length)"),
])
def test_organisation_ids_and_others_refused(normalise, written, message):
    with pytest.raises(ids.IdentifierError) as caught:
        normalise(written)
    assert str(caught.value) == message


def test_ringgold_and_grid_canonical_forms():
    assert ids.normalize_ringgold(6740) == ids.normalize_ringgold("006740") == "6740"
    assert ids.normalize_grid("https://www.grid.ac/institutes/grid.16750.35") == "grid.16750.35"
    assert ids.normalize_grid("GRID.5335.0") == "grid.5335.0"


@pytest.mark.parametrize("url", [
    "https://example.org/", "http://[::1]/x", "http://[2001:db8::1]:8080/a?b#c", "https://ex.org/ü/ß?q=ä#é",
    "https://example.org/a%20b", "https://user@example.org/p;x=1/(a)!$&'*+,=:@",
    "http://127.0.0.1:65535/", "https://example.org/?",
])
def test_urls_by_rfc_3987_accepted(url):
    assert ids.check_url(url) == url


def test_a_urls_scheme_is_written_in_lower_case():
    assert ids.check_url("HTTPS://EXAMPLE.ORG/A") == "https://EXAMPLE.ORG/A"
    assert ids.check_url(" Http://x.org/ ") == "http://x.org/"


@pytest.mark.parametrize("url, message", [
    ("https://[::1/", "not a valid URL (RFC 3986/3987): 'https://[::1/'; a host in [ ] must be an IPv6 address, "
                      "such as [2001:db8::1], with its closing ']'"),
    ("http://[evil.example]/", "not a valid URL (RFC 3986/3987): 'http://[evil.example]/'; a host in [ ] must be an "
                               "IPv6 address, such as [2001:db8::1], with its closing ']'"),
    ("https://example.org/a#b#c", "not a valid URL (RFC 3986/3987): 'https://example.org/a#b#c'; a URL has at most "
                                  "one '#'; write any later one as %23"),
    ("https://example.org/100%", "not a valid URL (RFC 3986/3987): 'https://example.org/100%'; '%' must start an "
                                 "escape of two hex digits; write a literal '%' as %25"),
    ("https://example.org/%zz", "not a valid URL (RFC 3986/3987): 'https://example.org/%zz'; '%' must start an "
                                "escape of two hex digits; write a literal '%' as %25"),
    ("https://example.org/a[1]", "not a valid URL (RFC 3986/3987): 'https://example.org/a[1]'; write '[' and ']' "
                                 "outside the host as %5B and %5D"),
    ("https://example.org/a b", "URL contains a character that must be percent-encoded: 'https://example.org/a b'"),
    ("https://example.org/a\u00a0b", "URL contains a character that must be percent-encoded: "
                                    "'https://example.org/a\\xa0b'"),
    ("https://example.org/a\u202eb", "URL contains U+202E, which a URL must not hold: 'https://example.org/a\\u202eb'"),
    ("https://example.org/a\u200bb", "URL contains U+200B, which a URL must not hold: 'https://example.org/a\\u200bb'"),
    ("https://example.org/{x}", "URL contains a character that must be percent-encoded: 'https://example.org/{x}'"),
    ("https://example.org:99999/", "not a valid URL: 'https://example.org:99999/' (Port out of range 0-65535)"),
    ("https://:80/", "URL has no host: 'https://:80/'"),
    ("https:///path", "not an http(s) URL: 'https:///path'"),
    ("ftp://example.org/", "not an http(s) URL: 'ftp://example.org/'"),
    ("https://exa mple.org/", "URL contains a character that must be percent-encoded: 'https://exa mple.org/'"),
])
def test_urls_refused_with_the_reason(url, message):
    with pytest.raises(ids.IdentifierError) as caught:
        ids.check_url(url)
    assert str(caught.value) == message


def test_a_base_with_a_fragment_is_refused_and_a_homepages_fragment_dropped():
    from cvld.core.diagnostics import UsageError
    from cvld.model.iris import normalise_base

    assert normalise_base("https://kg.example.edu/g?x=1") == "https://kg.example.edu/g?x=1/"
    with pytest.raises(UsageError) as caught:
        normalise_base("https://kg.example.edu/#top")
    assert str(caught.value) == "the base URL 'https://kg.example.edu/#top' has a fragment ('#'); give it without one"
    with pytest.raises(UsageError) as caught:
        normalise_base("http://[evil.example]/")
    assert str(caught.value).startswith("the base URL: not a valid URL (RFC 3986/3987): 'http://[evil.example]/'")

"""The JSON-LD vocabulary check, its term table and the offline contexts, against schema.org 30.0."""

from __future__ import annotations

import json
import socket

import pytest

from conftest import DATA_DIR, PROJECT_ROOT, SEED_CV, shared_path

from cvld.api import load_cv
from cvld.jsonld.check import check_cv, google_findings, schema_terms_used, vocabulary_findings
from cvld.jsonld.vocabulary import TABLE_PATH, dumps_table, load_vocabulary_file, shipped_vocabulary, table_terms, term_table
from cvld.jsonld.write import PROFILES, build_jsonld
from cvld.jsonld.context import derive_schemaorg_context, expand, inline_contexts, schemaorg_context

EVERY_FIELD = PROJECT_ROOT / "tests" / "data" / "every-field.yaml"
SECTIONS_CV = PROJECT_ROOT / "data" / "ada-grant.yaml"  # awards, grants, supervision, memberships
FIXTURES = [SEED_CV, EVERY_FIELD, SECTIONS_CV]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing here may open a connection: JSON-LD processing is offline."""

    def refuse(*args, **kwargs):
        raise AssertionError("a JSON-LD operation tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def schemaorg30():
    return load_vocabulary_file(shared_path("schemaorg", "schemaorg-current-https.ttl"), "30.0")


@pytest.fixture(scope="module")
def table():
    return json.loads(TABLE_PATH.read_text(encoding="utf-8"))


# --- the compact table and the local context cannot drift from the release -----------------


def test_term_table_is_exactly_what_schemaorg_30_gives(schemaorg30, table):
    assert table["schemaorg_version"] == "30.0"
    regenerated = dumps_table(term_table(schemaorg30, table_terms(table)))
    assert regenerated == TABLE_PATH.read_text(encoding="utf-8")


def test_the_jsonld_release_file_reads_the_same_as_the_turtle(schemaorg30):
    from_jsonld = load_vocabulary_file(shared_path("schemaorg", "schemaorg-current-https.jsonld"), "30.0")
    for attribute in ("types", "properties", "members", "superseded", "parents", "domains", "ranges", "datatypes"):
        assert getattr(from_jsonld, attribute) == getattr(schemaorg30, attribute), attribute


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_term_cvld_emits_is_detailed_in_the_table(path, table):
    cv = load_cv(path)
    detailed = set(table_terms(table))
    for profile in PROFILES:
        used = schema_terms_used(expand(build_jsonld(cv, profile=profile)))
        assert used - detailed == set(), profile


def test_local_schemaorg_context_is_derived_from_the_served_one():
    served = json.loads(shared_path("schemaorg", "jsonldcontext.json").read_text(encoding="utf-8"))
    assert derive_schemaorg_context(served) == schemaorg_context()
    shipped = (PROJECT_ROOT / "src" / "cvld" / "data" / "contexts" / "schemaorg.jsonld").read_text(encoding="utf-8")
    assert json.dumps(derive_schemaorg_context(served), indent=2, ensure_ascii=False) + "\n" == shipped


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_offline_expansion_equals_expansion_with_the_served_context(path):
    served = json.loads(shared_path("schemaorg", "jsonldcontext.json").read_text(encoding="utf-8"))
    cv = load_cv(path)
    for profile in PROFILES:
        doc = build_jsonld(cv, profile=profile)
        with_served = json.loads(json.dumps(doc).replace('"https://schema.org"', "null", 1))
        context = with_served["@context"]
        if isinstance(context, list):
            context[0] = served["@context"]
        else:
            with_served["@context"] = served["@context"]
        assert expand(doc) == expand(with_served), profile


@pytest.mark.parametrize("url", ["https://schema.org", "http://schema.org", "https://schema.org/",
                                 "http://schema.org/docs/jsonldcontext.jsonld", "https://schema.org/docs/jsonldcontext.json"])
def test_every_spelling_of_the_schemaorg_context_is_served_locally(url):
    expanded = expand({"@context": url, "@id": "https://example.org/x", "@type": "Person", "url": "https://example.org/"})
    assert expanded == [{"@id": "https://example.org/x", "@type": ["http://schema.org/Person"],
                         "http://schema.org/url": [{"@id": "https://example.org/"}]}]


def test_an_unknown_remote_context_is_refused_not_fetched():
    from pyld.jsonld import JsonLdError

    from cvld.jsonld.context import OfflineContextError

    with pytest.raises(JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "name": "x"})
    with pytest.raises(OfflineContextError, match="no local copy of the JSON-LD context 'https://example.org/c'"):
        inline_contexts({"@context": ["https://schema.org", "https://example.org/c"]})


# --- the example CV: 0 errors against schema.org 30.0 -------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_generated_jsonld_has_no_vocabulary_finding(path, schemaorg30):
    cv = load_cv(path)
    for profile in PROFILES:
        doc = build_jsonld(cv, profile=profile)
        assert vocabulary_findings(doc, schemaorg30) == [], profile
        assert vocabulary_findings(doc) == [], profile


def test_check_reports_google_recommendations_at_the_record_with_the_field_to_add(lei_wu):
    diagnostics = list(check_cv(lei_wu))
    assert [d for d in diagnostics if d.is_error] == []
    codes = [d.code for d in diagnostics]
    # 19 works without an image, the ProfilePage once, each of 17 co-authors without a homepage once
    assert codes == ["google-Article-image"] * 19 + ["google-ProfilePage"] + ["google-Article-author.url"] * 17
    assert str(diagnostics[1]) == (
        f"{SEED_CV}:120:5: warning: works[1]: Google recommends image on an Article: "
        "add works[1].image (a figure's or thumbnail's URL)")
    assert str(diagnostics[19]) == (
        f"{SEED_CV}:6:3: warning: person: Google recommends more on a ProfilePage: "
        "add updated (the date the CV was last changed), person.bio, person.orcid, person.profiles")
    assert str(diagnostics[21]) == (
        f"{SEED_CV}:45:12: warning: people.chao-ma: Google recommends a url for every author of an Article "
        "(Chao Ma, author of 13 works): add people.chao-ma.homepage")
    # nothing the record has no field for: an Article's dateModified is not asked for
    assert not any("dateModified" in d.message for d in diagnostics)


def test_a_full_record_meets_the_profile_page_recommendations():
    cv = load_cv(EVERY_FIELD)
    findings = google_findings(build_jsonld(cv, profile="web"))
    assert [f for f in findings if "ProfilePage" in f.message] == []
    article = [(str(f), f.code) for f in findings if "/j1/" in f.location.file]
    assert article == [("https://example.edu/~ada/papers/j1/#work: warning: Google recommends author.url on an "
                        "Article (missing for Cy Coauthor)", "google-Article-author.url")]
    assert [str(d) for d in check_cv(cv) if "cy" in d.location.path] == [
        f"{EVERY_FIELD}:35:7: warning: people.cy: Google recommends a url for every author of an Article "
        "(Cy Coauthor, author of 3 works): add people.cy.homepage"]


def test_a_work_image_and_updated_date_meet_the_article_recommendations():
    cv = load_cv(EVERY_FIELD)
    j1 = next(n for n in build_jsonld(cv, profile="web")["@graph"] if n.get("@id", "").endswith("/j1/#work"))
    assert (j1["image"], j1["dateModified"]) == ("https://example.edu/~ada/j1.png", "2021-06")
    assert [d for d in check_cv(cv) if d.location.path == "works[0]"] == []


# --- deliberately wrong JSON-LD ----------------------------------------------------------

WRONG = {
    "@context": ["https://schema.org", {"cvld": "https://w3id.org/cvld/ns#"}],
    "@graph": [
        {"@id": "https://example.org/#a", "@type": "ScholarlyArtcle", "name": "Unknown type"},
        {"@id": "https://example.org/#b", "@type": "ScholarlyArticle", "headline": "Misspelt", "autor": "Someone"},
        {"@id": "https://example.org/#c", "@type": "OrganizationRole", "namedPosition": "Reviewer"},
        {"@id": "https://example.org/#d", "@type": "Person", "name": "Wrong domain", "headline": "Not a work"},
        {"@id": "https://example.org/#e", "@type": "ScholarlyArticle", "author": "Plain Text Author",
         "datePublished": "last spring", "isPartOf": {"@type": "Person", "name": "Not a container"}},
        {"@id": "https://example.org/#f", "@type": "Event", "eventAttendanceMode": {"@id": "schema:Monday"},
         "author": {"@id": "https://example.org/#d"}},
        {"@id": "https://example.org/#g", "@type": "Person", "worksFor": {
            "@type": "EmployeeRole", "roleName": "Editor", "worksFor": {"@id": "https://example.org/#h"}}},
        {"@id": "https://example.org/#h", "@type": "Organization", "name": "Fine: the Role pattern",
         "cvld:workType": "not on an Organization", "cvld:madeUp": "x"},
        {"@id": "https://example.org/#i", "@type": "Thing", "author": {"@id": "https://example.org/#d"},
         "Person": "a type used as a property", "@reverse": {}},
    ],
}

WRONG_FINDINGS = [
    "https://example.org/#a: unknown type schema:ScholarlyArtcle (not in schema.org 30.0)",
    "https://example.org/#b: autor: unknown property schema:autor (not in schema.org 30.0)",
    "https://example.org/#c: namedPosition: property schema:namedPosition is superseded by schema:roleName",
    "https://example.org/#d: headline: property schema:headline does not apply to Person "
    "(domainIncludes: CreativeWork)",
    "https://example.org/#e: author: schema:author expects Organization or Person, not the text \"Plain Text Author\"",
    "https://example.org/#e: datePublished: schema:datePublished expects Date or DateTime, "
    "not the text \"last spring\" (not an ISO 8601 Date)",
    "https://example.org/#e: isPartOf: schema:isPartOf expects CreativeWork or URL, not Person",
    "https://example.org/#f: author: property schema:author does not apply to Event (domainIncludes: CreativeWork, Rating)",
    "https://example.org/#f: eventAttendanceMode: schema:eventAttendanceMode expects EventAttendanceModeEnumeration, "
    "not schema:Monday (a DayOfWeek)",
    "https://example.org/#h: cvld:madeUp: unknown property cvld:madeUp (not in cvld's vocabulary)",
    "https://example.org/#h: cvld:workType: property cvld:workType does not apply to Organization "
    "(domainIncludes: CreativeWork)",
    "https://example.org/#i: Person: schema:Person is a type, not a property",
    "https://example.org/#i: author: property schema:author does not apply to Thing (domainIncludes: CreativeWork, Rating)",
]
MONDAY = WRONG_FINDINGS.index("https://example.org/#f: eventAttendanceMode: schema:eventAttendanceMode expects "
                              "EventAttendanceModeEnumeration, not schema:Monday (a DayOfWeek)")


@pytest.mark.parametrize("source", ["table", "release"])
def test_each_wrong_term_is_reported_exactly(source, schemaorg30):
    vocab = shipped_vocabulary() if source == "table" else schemaorg30
    findings = vocabulary_findings(WRONG, vocab)
    expected = list(WRONG_FINDINGS)
    if source == "table":  # the table knows Monday by name only: it points to the full check
        expected[MONDAY] = ("https://example.org/#f: eventAttendanceMode: schema:Monday is in schema.org 30.0 but not "
                            "in cvld's term table; check it against a full schema.org release")
    assert [str(f) for f in findings] == expected
    assert {f.severity for f in findings} == {"error"}


def test_a_term_the_table_lacks_is_named_with_the_way_to_check_it(schemaorg30):
    doc = {"@context": "https://schema.org", "@id": "https://example.org/r", "@type": "Recipe",
           "recipeYield": "4 servings", "name": "Soup"}
    assert [str(f) for f in vocabulary_findings(doc)] == [
        "https://example.org/r: schema:Recipe is in schema.org 30.0 but not in cvld's term table; "
        "check it against a full schema.org release",
        "https://example.org/r: recipeYield: schema:recipeYield is in schema.org 30.0 but not in cvld's term table; "
        "check it against a full schema.org release",
    ]
    assert vocabulary_findings(doc, schemaorg30) == []


def test_a_retired_term_is_reported_when_the_vocabulary_has_the_attic():
    everything = load_vocabulary_file(shared_path("schemaorg", "schemaorg-all-https.ttl"), "30.0")
    doc = {"@context": "https://schema.org", "@id": "https://example.org/s", "@type": "StupidType"}
    assert [str(f) for f in vocabulary_findings(doc, everything)] == [
        "https://example.org/s: type schema:StupidType is retired (in the attic of schema.org 30.0)"]
    assert [str(f) for f in vocabulary_findings(doc)] == [
        "https://example.org/s: unknown type schema:StupidType (not in schema.org 30.0)"]


def test_nested_nodes_and_lists_are_located_by_their_path():
    doc = {"@context": "https://schema.org", "@id": "https://example.org/w", "@type": "ScholarlyArticle",
           "author": {"@list": [{"@type": "Person", "name": "A"}, {"@type": "Person", "name": "B", "pageStart": 3}]},
           "isPartOf": {"@type": "PublicationVolume", "volumeNumber": True}}
    assert [str(f) for f in vocabulary_findings(doc)] == [
        "https://example.org/w: author[1].pageStart: property schema:pageStart does not apply to Person "
        "(domainIncludes: Article, Chapter, PublicationIssue, PublicationVolume)",
        "https://example.org/w: isPartOf.volumeNumber: schema:volumeNumber expects Integer or Text, "
        "not the boolean true",
    ]


def test_profile_page_without_a_named_main_entity_is_an_error():
    doc = {"@context": "https://schema.org", "@graph": [
        {"@id": "https://example.org/", "@type": "ProfilePage", "mainEntity": {"@id": "https://example.org/#me"}},
        {"@id": "https://example.org/#me", "@type": "Person"},
        {"@id": "https://example.org/p2", "@type": "ProfilePage"},
    ]}
    findings = [(f.severity, str(f)) for f in google_findings(doc)]
    assert findings == [
        ("error", "https://example.org/: mainEntity: Google requires mainEntity.name on a ProfilePage"),
        *[("warning", f"https://example.org/: warning: Google recommends {name} on a ProfilePage")
          for name in ("dateModified", "mainEntity.description", "mainEntity.identifier", "mainEntity.image",
                       "mainEntity.sameAs")],
        ("error", "https://example.org/p2: Google requires mainEntity (the Person or Organization) on a ProfilePage"),
    ]


# --- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["schemaorg-current-https.ttl", "schemaorg-current-https.jsonld"])
def test_cli_check_with_a_full_vocabulary_file(name, capsys):
    from cvld.cli.main import main

    vocab = shared_path("schemaorg", name)
    assert main(["check", "--vocab", str(vocab), str(SEED_CV)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith("1 file(s) checked: 0 error(s), ")
    assert main(["check", "--vocab", str(vocab), "--verbose", str(SEED_CV)]) == 0
    verbose = capsys.readouterr().err.splitlines()
    assert verbose[-1] == lines[-1]
    assert len([line for line in verbose if ": warning: " in line and ": Google recommends " in line]) == 37
    assert len([line for line in lines if ": warning: " in line and ": Google recommends " in line]) == 3


def test_cli_check_refuses_an_unreadable_vocabulary(tmp_path, capsys):
    from cvld.cli.main import main

    bad = tmp_path / "vocab.txt"
    bad.write_text("not a vocabulary", encoding="utf-8")
    assert main(["check", "--vocab", str(bad), str(SEED_CV)]) == 2
    assert capsys.readouterr().err == (
        f"cvld: {bad}: a schema.org vocabulary file must be Turtle (.ttl) or JSON-LD (.jsonld)\n")
    broken = tmp_path / "vocab.ttl"
    broken.write_text("@prefix schema: <https://schema.org/> .\nschema:X a", encoding="utf-8")
    assert main(["check", "--vocab", str(broken), str(SEED_CV)]) == 2
    assert capsys.readouterr().err.startswith(f"cvld: {broken}: not a readable turtle file: ")


def test_cli_jsonld_writes_the_same_bytes_to_stdout_and_to_a_file(tmp_path, capsys):
    from cvld.cli.main import main

    assert main(["jsonld", str(SEED_CV), "--profile", "full"]) == 0
    captured = capsys.readouterr()
    assert "no dateModified" in captured.err
    target = tmp_path / "out" / "lei-wu.jsonld"
    assert main(["jsonld", str(SEED_CV), "--profile", "full", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == captured.out
    assert sorted(p.name for p in target.parent.iterdir()) == ["lei-wu.jsonld"]
    assert json.loads(captured.out)["@context"][0] == "https://schema.org"


def test_cli_jsonld_base_and_usage_errors(capsys):
    from cvld.cli.main import main

    assert main(["jsonld", str(SEED_CV), "--base", "https://dept.example.edu/lw"]) == 0
    assert json.loads(capsys.readouterr().out)["@graph"][0]["@id"] == "https://dept.example.edu/lw/"
    assert main(["jsonld", str(SEED_CV), "--base", "ftp://x"]) == 2
    assert capsys.readouterr().err == "cvld: the base URL: not an http(s) URL: 'ftp://x' (--base URL)\n"
    assert main(["jsonld", str(SEED_CV), "--profile", "lossy"]) == 2
    assert main(["jsonld", str(DATA_DIR / "missing.yaml")]) == 2


def test_cvlds_own_context_is_served_at_its_url_and_schema_iris_normalise():
    from cvld.jsonld.context import CVLD_CONTEXT_URL, normalise_schema_iri

    doc = {"@context": ["https://schema.org", CVLD_CONTEXT_URL], "@id": "https://example.org/w",
           "@type": "ScholarlyArticle", "cvld:workType": "preprint", "cvld:versionOf": "https://example.org/v"}
    assert expand(doc) == [{
        "@id": "https://example.org/w", "@type": ["http://schema.org/ScholarlyArticle"],
        "https://w3id.org/cvld/ns#versionOf": [{"@id": "https://example.org/v"}],
        "https://w3id.org/cvld/ns#workType": [{"@value": "preprint"}]}]
    assert vocabulary_findings(doc) == []
    assert normalise_schema_iri("http://schema.org/Person") == "https://schema.org/Person"
    assert normalise_schema_iri("https://schema.org/Person") == "https://schema.org/Person"
    assert normalise_schema_iri("https://w3id.org/cvld/ns#workType") == "https://w3id.org/cvld/ns#workType"


def test_a_document_that_is_not_jsonld_is_one_finding():
    assert [str(f) for f in vocabulary_findings({"@context": "https://example.org/c", "name": "x"})] == [
        "(document): not valid JSON-LD: cvld works offline and has no local copy of the JSON-LD context "
        "'https://example.org/c'"]
    assert [str(f) for f in vocabulary_findings({"@context": {"@vocab": 5}, "name": "x"})] == [
        "(document): not valid JSON-LD: Invalid JSON-LD syntax; the value of \"@vocab\" in a @context must be a "
        "string or null."]


def test_nodes_of_a_named_graph_are_checked():
    doc = {"@context": "https://schema.org", "@id": "https://e.org/g",
           "@graph": [{"@id": "https://e.org/x", "@type": "Persn"}]}
    assert [str(f) for f in vocabulary_findings(doc)] == [
        "https://e.org/x: unknown type schema:Persn (not in schema.org 30.0)"]

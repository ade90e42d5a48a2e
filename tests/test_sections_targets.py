"""Awards, grants, supervision and memberships in every target but ORCID (issue 20): schema.org JSON-LD,
the vocabulary check, VIVO-ISF, SHACL on both graphs, the site, the department graph, named questions."""

from __future__ import annotations

import textwrap

import pytest

from cvld.api import load_cv
from cvld.core.diagnostics import Report
from cvld.jsonld.check import check_cv as check_jsonld
from cvld.jsonld.write import build_jsonld
from cvld.model.records import SUPERVISION_LEVELS
from cvld.rdf.build import build_graph
from cvld.rdf.check import check_cv as check_shacl
from cvld.rdf.department import single
from cvld.rdf.store import QUERIES_DIR, ask_store, named_query, store_for_graph
from cvld.rdf.vivo import vivo_triples
from cvld.web.write import site_files
from conftest import DATA_DIR

ADA = DATA_DIR / "ada-grant.yaml"
BASE = "https://ada-grant.example.org/"
PREFIXES = {"http://vivoweb.org/ontology/core#": "vivo:", "http://purl.obolibrary.org/obo/": "obo:",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "a", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
            "https://w3id.org/cvld/ns#": "cvld:", "http://www.w3.org/2001/XMLSchema#": "xsd:", BASE: ""}


@pytest.fixture(scope="module")
def ada():
    return load_cv(ADA)


def _nodes(cv, profile):
    doc = build_jsonld(cv, profile=profile)
    return {node["@id"]: node for node in doc["@graph"]}


def _short(line: str) -> str:
    for long, short in PREFIXES.items():
        line = line.replace(f"<{long}", short if short != "a" else "a<").replace("a<>", "a")
    return line.replace(">", "").removesuffix(" .")


def _about(triples, node: str) -> list[str]:
    return sorted(_short(line) for line in triples.lines if line.startswith(f"<{BASE}{node}> "))


# --- schema.org JSON-LD -------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["web", "full"])
def test_the_person_holds_awards_grant_roles_supervision_and_memberships(ada, profile):
    me = _nodes(ada, profile)[BASE]["mainEntity"]
    assert me["award"] == ["Young Investigator Award, International Society for Computational Biology, 2021",
                           "Excellence in Teaching Prize, University of Northhaven, 2018",
                           "Best Doctoral Thesis in Computational Biology, Eastmoor Institute of Technology, 2014"]
    assert me["funding"][:2] == [
        {"@id": f"{BASE}#grant-role-erc-evoscale", "@type": "Role", "roleName": "principal investigator",
         "startDate": "2021-01", "funding": {"@id": f"{BASE}#grant-erc-evoscale"}},
        {"@id": f"{BASE}#grant-role-nsf-lineage", "@type": "Role", "roleName": "co-principal investigator",
         "startDate": "2020-09", "endDate": "2023-08", "funding": {"@id": f"{BASE}#grant-nsf-lineage"}}]
    supervised = [r for r in me["knows"] if r["@id"].startswith(f"{BASE}#supervision-")]
    assert [r["roleName"] for r in supervised] == [
        "doctoral student", "doctoral student", "master's student", "postdoctoral researcher", "visiting researcher",
        "bachelor's student"]
    assert supervised[0] == {
        "@id": f"{BASE}#supervision-bea-marsh-phd", "@type": "Role", "roleName": "doctoral student",
        "startDate": "2018-10", "endDate": "2023-03",
        "knows": {"@id": f"{BASE}#person-bea-marsh", "@type": "Person", "name": "Bea Marsh"},
        "description": "Doctoral student, supervised as advisor at University of Northhaven; thesis: Inference of "
                       "single-cell lineage trees; now Postdoctoral Researcher, Westfield University"}
    assert supervised[1]["description"] == "Doctoral student, supervised as co-advisor at University of Northhaven"
    assert me["memberOf"][-2:] == [
        {"@id": f"{BASE}#membership-smbe-member", "@type": "OrganizationRole", "roleName": "Member",
         "startDate": "2014", "endDate": "2020", "memberOf": {"@id": f"{BASE}#org-smbe"}},
        {"@id": f"{BASE}#membership-org-royal-society-of-biology-fellow", "@type": "OrganizationRole",
         "roleName": "Fellow", "startDate": "2022", "memberOf": {"@id": f"{BASE}#org-org-royal-society-of-biology"}}]


def test_grants_are_monetary_grants_with_their_funder_amount_and_funded_works(ada):
    nodes = _nodes(ada, "full")
    assert nodes[f"{BASE}#grant-erc-evoscale"] == {
        "@id": f"{BASE}#grant-erc-evoscale", "@type": "MonetaryGrant",
        "name": "EvoScale: protein evolution across the tree of life",
        "funder": {"@id": f"{BASE}#org-erc"},
        "identifier": {"@type": "PropertyValue", "propertyID": "award number", "value": "000000001"},
        "amount": {"@type": "MonetaryAmount", "currency": "EUR", "value": "1500000"},
        "url": "https://ada-grant.example.org/evoscale/",
        "fundedItem": [{"@id": f"{BASE}papers/grant2023phylo/#work"}, {"@id": f"{BASE}papers/marsh2022cells/#work"}]}
    assert nodes[f"{BASE}#grant-wellcome-fellowship"] == {
        "@id": f"{BASE}#grant-wellcome-fellowship", "@type": "Grant", "name": "Sir Henry Imaginary Fellowship",
        "funder": {"@id": f"{BASE}#org-wellcome"},
        "fundedItem": [{"@id": f"{BASE}papers/grant2021preprint/#work"}]}
    assert nodes[f"{BASE}papers/marsh2022cells/#work"]["funding"][1] == {
        "@id": f"{BASE}#grant-nsf-lineage", "@type": "MonetaryGrant",
        "name": "Collaborative research on single-cell lineage inference",
        "funder": {"@id": f"{BASE}#org-nsf", "@type": "Organization", "name": "National Science Foundation"}}
    erc = nodes[f"{BASE}#org-erc"]
    assert erc["identifier"][1] == {"@type": "PropertyValue", "propertyID": "Crossref Funder ID",
                                    "value": "10.13039/501100000781", "url": "https://doi.org/10.13039/501100000781"}
    assert erc["sameAs"] == ["https://ror.org/0472cxd90", "https://doi.org/10.13039/501100000781"]


def test_every_term_passes_the_vocabulary_check_and_googles_rules(ada):
    errors = [d for d in check_jsonld(ada) if d.severity == "error"]
    assert errors == []


def test_what_schema_org_cannot_hold_is_a_located_warning(ada):
    report = Report()
    build_jsonld(ada, report=report)
    assert [str(d) for d in report.diagnostics if d.location.path.startswith("awards")] == [
        f"{ADA}:{line}:5: warning: awards[{n}]: JSON-LD: the award's {what} is left out (schema.org's award is text: "
        "name, organisation, year); the site shows it"
        for n, (line, what) in enumerate([(175, "description"), (180, "amount"), (185, "url")])]


# --- VIVO-ISF and SHACL ---------------------------------------------------------------------------


def test_a_grant_in_vivo(ada):
    triples = vivo_triples(single(ada))
    assert _about(triples, "#grant-nsf-lineage") == [
        "#grant-nsf-lineage a vivo:Grant",
        "#grant-nsf-lineage cvld:currency \"USD\"",
        "#grant-nsf-lineage rdfs:label \"Collaborative research on single-cell lineage inference\"",
        "#grant-nsf-lineage vivo:assignedBy #org-nsf",
        "#grant-nsf-lineage vivo:dateTimeInterval #interval-grant-nsf-lineage",
        "#grant-nsf-lineage vivo:relates #grant-role-nsf-lineage",
        "#grant-nsf-lineage vivo:relates #me",
        "#grant-nsf-lineage vivo:sponsorAwardId \"DBI-0000002\"",
        "#grant-nsf-lineage vivo:supportedInformationResource papers/marsh2022cells/#work",
        "#grant-nsf-lineage vivo:totalAwardAmount \"450000\"^^xsd:decimal",
    ]
    assert _about(triples, "#grant-role-nsf-lineage") == [
        "#grant-role-nsf-lineage a vivo:CoPrincipalInvestigatorRole",
        "#grant-role-nsf-lineage obo:RO_0000052 #me",
        "#grant-role-nsf-lineage rdfs:label \"Co-principal investigator\"",
        "#grant-role-nsf-lineage vivo:dateTimeInterval #interval-grant-role-nsf-lineage",
        "#grant-role-nsf-lineage vivo:relatedBy #grant-nsf-lineage",
    ]
    assert "papers/marsh2022cells/#work vivo:informationResourceSupportedBy #grant-nsf-lineage" in \
        _about(triples, "papers/marsh2022cells/#work")
    assert _about(triples, "#grant-role-erc-evoscale")[0] == "#grant-role-erc-evoscale a vivo:PrincipalInvestigatorRole"
    assert _about(triples, "#grant-role-wellcome-fellowship")[0] == "#grant-role-wellcome-fellowship a vivo:InvestigatorRole"


def test_an_award_a_supervision_and_a_membership_in_vivo(ada):
    triples = vivo_triples(single(ada))
    assert _about(triples, "#award-receipt-young-investigator-2021") == [
        "#award-receipt-young-investigator-2021 a vivo:AwardReceipt",
        "#award-receipt-young-investigator-2021 rdfs:label \"Young Investigator Award\"",
        "#award-receipt-young-investigator-2021 vivo:assignedBy #org-iscb",
        "#award-receipt-young-investigator-2021 vivo:dateTimeValue #date-2021-07",
        "#award-receipt-young-investigator-2021 vivo:description \"For statistical models of protein evolution.\"",
        "#award-receipt-young-investigator-2021 vivo:relates #award-iscb-young-investigator-award",
        "#award-receipt-young-investigator-2021 vivo:relates #me",
    ]
    assert _about(triples, "#award-iscb-young-investigator-award") == [
        "#award-iscb-young-investigator-award a vivo:Award",
        "#award-iscb-young-investigator-award rdfs:label \"Young Investigator Award\"",
        "#award-iscb-young-investigator-award vivo:relatedBy #award-receipt-young-investigator-2021",
    ]
    relation = "#advising-supervision-iris-okafor-phd"
    assert _about(triples, relation) == [
        f"{relation} a vivo:AdvisingRelationship",
        f"{relation} a vivo:GraduateAdvisingRelationship",
        f"{relation} rdfs:label \"Ada Grant advising Iris Okafor (doctoral student)\"",
        f"{relation} vivo:dateTimeInterval #interval-supervision-iris-okafor-phd",
        f"{relation} vivo:description \"Doctoral student, supervised as co-advisor at University of Northhaven\"",
        f"{relation} vivo:relates #advisee-iris-okafor-phd",
        f"{relation} vivo:relates #advisor-iris-okafor-phd",
        f"{relation} vivo:relates #me",
        f"{relation} vivo:relates #person-iris-okafor",
    ]
    assert _about(triples, "#advisor-iris-okafor-phd") == [
        "#advisor-iris-okafor-phd a vivo:AdvisorRole", "#advisor-iris-okafor-phd obo:RO_0000052 #me",
        "#advisor-iris-okafor-phd rdfs:label \"Co-advisor\"", f"#advisor-iris-okafor-phd vivo:relatedBy {relation}"]
    assert _about(triples, "#advisee-iris-okafor-phd") == [
        "#advisee-iris-okafor-phd a vivo:AdviseeRole", "#advisee-iris-okafor-phd obo:RO_0000052 #person-iris-okafor",
        "#advisee-iris-okafor-phd rdfs:label \"Doctoral student\"", f"#advisee-iris-okafor-phd vivo:relatedBy {relation}"]
    assert _about(triples, "#membership-smbe-member") == [
        "#membership-smbe-member a vivo:MemberRole", "#membership-smbe-member obo:RO_0000052 #me",
        "#membership-smbe-member rdfs:label \"Member\"",
        "#membership-smbe-member vivo:dateTimeInterval #interval-membership-smbe-member",
        "#membership-smbe-member vivo:roleContributesTo #org-smbe"]
    assert _about(triples, "#advising-supervision-visitor-2022")[0:2] == [
        "#advising-supervision-visitor-2022 a vivo:AdvisingRelationship",
        "#advising-supervision-visitor-2022 rdfs:label \"Ada Grant advising Lena Sorel (visiting researcher)\""]


def test_both_graphs_conform_to_the_shapes(ada):
    assert check_shacl(ada) == []


def test_the_shapes_catch_a_grant_without_its_funder_and_a_bad_amount(ada):
    from cvld.rdf.check import validate

    vivo = build_graph([ada], vocab="vivo")
    vivo.lines = [line for line in vivo.lines if not (line.startswith(f"<{BASE}#grant-erc-evoscale> ")
                                                      and "assignedBy" in line)]
    schema = build_graph([ada], vocab="schema")
    schema.lines = [line.replace('"EUR"', '"euro"') for line in schema.lines]
    assert [str(d) for d in validate(vivo, "vivo")] == [
        f"{ADA}:192:5: grants[0]: vivo graph: <{BASE}#grant-erc-evoscale>: a grant is assigned by exactly one "
        "funder (vivo:assignedBy) [vivo:assignedBy]"]
    assert [str(d) for d in validate(schema, "schema")] == [
        f"{ADA}:192:5: grants[0]: schema graph: a blank node of <{BASE}#grant-erc-evoscale>: an amount needs exactly "
        "one ISO 4217 currency code [schema:currency]"]


# --- the site ------------------------------------------------------------------------------------------


def test_the_site_shows_every_section_in_a_cvs_order_and_funded_by_on_the_paper_page(ada):
    files = site_files(ada)
    index = files["index.html"]
    order = ["positions", "education", "awards", "grants", "selected", "publications", "talks", "teaching",
             "supervision", "service", "memberships"]
    assert [index.index(f'<section id="{name}">') for name in order] == sorted(
        index.index(f'<section id="{name}">') for name in order)
    assert ('<li><span class="what">Excellence in Teaching Prize</span>, School of Biological Sciences, University of '
            'Northhaven, GBP 1,500.50 <span class="when"><time datetime="2018-06">Jun 2018</time></span></li>') in index
    assert ('<li><span class="what">Collaborative research on single-cell lineage inference, National Science '
            'Foundation (DBI-0000002)</span>, co-principal investigator, USD 450,000 <span class="when"><time '
            'datetime="2020-09">Sep 2020</time> – <time datetime="2023-08">Aug 2023</time></span></li>') in index
    assert ('<li><span class="what">Iris Okafor</span>, doctoral student (co-advisor), School of Biological Sciences, '
            'University of Northhaven <span class="when"><time datetime="2020-10">Oct 2020</time> – present</span>'
            '</li>') in index
    assert ('<li><span class="what">Fellow</span>, Royal Society of Biology <span class="when"><time datetime="2022">'
            '2022</time></span></li>') in index
    assert ('<p class="funding">Funded by <a href="https://ada-grant.example.org/evoscale/">EvoScale: protein evolution '
            'across the tree of life</a>, European Research Council (000000001); Collaborative research on single-cell '
            'lineage inference, National Science Foundation (DBI-0000002)</p>') in files["papers/marsh2022cells/index.html"]
    assert "Funded by" not in files["papers/grant2013thesis/index.html"]


# --- the department graph and the named questions ------------------------------------------------------


CO_PI = """
person: {key: bea-marsh, name: Bea Marsh}
organisations:
  nsf: {name: National Science Foundation, crossref_funder: 10.13039/100000001}
  erc: {name: European Research Council, crossref_funder: 10.13039/501100000781}
grants:
  - {key: lineage, title: Collaborative research on lineage inference, funder: nsf, role: pi,
     award_number: dbi 0000002, start: 2020-09, url: "https://bea.example.org/lineage/"}
  - {key: other, title: Same number another funder, funder: erc, role: pi, award_number: DBI-0000002}
people:
  iris-okafor: {name: Iris Okafor}
  ada-grant: {name: Ada Grant}
works:
  - {key: w, type: journal-article, title: A paper of Bea, authors: [bea-marsh], date: 2021, funding: [lineage]}
  - key: cells
    type: conference-paper
    title: Amortised inference for single-cell lineage trees
    authors: [{person: bea-marsh, equal_contribution: true}, {person: iris-okafor, equal_contribution: true}, ada-grant]
    date: 2022-07
    doi: 10.5555/ADA.2022.002
    funding: [other]
"""


@pytest.fixture(scope="module")
def department(tmp_path_factory):
    folder = tmp_path_factory.mktemp("department")
    (folder / "bea.yaml").write_text(textwrap.dedent(CO_PI).lstrip(), encoding="utf-8")
    reports = {"schema": Report(), "vivo": Report()}
    cvs = [load_cv(ADA), load_cv(folder / "bea.yaml")]
    graphs = {vocab: build_graph(cvs, vocab=vocab, base="https://kg.example.edu/", report=reports[vocab])
              for vocab in ("schema", "vivo")}
    assert reports["schema"].diagnostics == reports["vivo"].diagnostics
    return folder, graphs, reports["vivo"]


def test_a_grant_two_members_hold_is_one_node_described_by_its_pi(department):
    folder, graphs, report = department
    vivo = graphs["vivo"].lines
    grant = "<https://kg.example.edu/grant/nsf-lineage>"  # named by the first CV in the canonical order
    labels = sorted(line for line in vivo if line.startswith(grant + " <http://www.w3.org/2000/01/rdf-schema#label>"))
    assert labels == [f'{grant} <http://www.w3.org/2000/01/rdf-schema#label> "Collaborative research on lineage inference" .']
    relates = sorted(line.split(" ")[2] for line in vivo if line.startswith(grant + " <http://vivoweb.org/ontology/core#relates>"))
    assert relates == ["<https://kg.example.edu/grant-role/ada-grant/nsf-lineage>",
                       "<https://kg.example.edu/grant-role/bea-marsh/lineage>",
                       "<https://kg.example.edu/person/ada-grant>", "<https://kg.example.edu/person/bea-marsh>"]
    supported = sorted(line.split(" ")[2] for line in vivo
                       if line.startswith(grant + " <http://vivoweb.org/ontology/core#supportedInformationResource>"))
    assert supported == ["<https://kg.example.edu/work/cells>", "<https://kg.example.edu/work/w>"]
    # a shared paper (described by Bea's CV, its first author's) keeps every CV's grants
    for vocab, predicate in (("vivo", "<http://vivoweb.org/ontology/core#informationResourceSupportedBy>"),
                             ("schema", "<http://schema.org/funding>")):
        assert sorted(line.split(" ")[2] for line in graphs[vocab].lines
                      if line.startswith(f"<https://kg.example.edu/work/cells> {predicate} ")) == [
            "<https://kg.example.edu/grant/erc-evoscale>", "<https://kg.example.edu/grant/nsf-lineage>",
            "<https://kg.example.edu/grant/other>"], vocab
    # described by Bea's CV (her role is pi), with what Ada's states besides: the amount only Ada's gives
    assert f'{grant} <http://vivoweb.org/ontology/core#sponsorAwardId> "dbi 0000002" .' in vivo
    assert f'{grant} <http://vivoweb.org/ontology/core#totalAwardAmount> "450000"^^<http://www.w3.org/2001/XMLSchema#decimal> .' in vivo
    assert f'{grant} <http://purl.org/ontology/bibo/uri> "https://bea.example.org/lineage/"^^<http://www.w3.org/2001/XMLSchema#anyURI> .' in vivo
    # another funder's grant with the same number stays apart
    assert any(line.startswith("<https://kg.example.edu/grant/other> ") for line in vivo)
    schema_names = [line for line in graphs["schema"].lines
                    if line.startswith(grant + " <http://schema.org/name>")]
    assert schema_names == [f'{grant} <http://schema.org/name> "Collaborative research on lineage inference" .']
    by_name = "by the name alone; if they are two people, give ORCID iDs or tell them apart in the people file (named_by)"
    assert [str(d) for d in report.diagnostics] == [
        f"{folder / 'bea.yaml'}:11:14: warning: people.ada-grant: 'Ada Grant' is taken to be the 'Ada Grant' of "
        f"{ADA}:8:3 {by_name}",
        f"{folder / 'bea.yaml'}:1:9: warning: person: 'Bea Marsh' is taken to be the 'Bea Marsh' of {ADA}:56:14 {by_name}",
        f"{folder / 'bea.yaml'}:10:16: warning: people.iris-okafor: 'Iris Okafor' is taken to be the 'Iris Okafor' of "
        f"{ADA}:58:16 {by_name}",
        f"{ADA}:201:5: warning: grants[1]: conflict: the same grant as 'lineage' ({folder / 'bea.yaml'}:6:5) gives "
        "another title ('Collaborative research on single-cell lineage inference' against 'Collaborative research on "
        f"lineage inference'); the graph keeps the one of {folder / 'bea.yaml'}:6:5"]


def test_the_streamed_department_graph_is_the_same(department, tmp_path):
    from cvld.cli.main import main

    folder, graphs, _ = department
    (folder / "ada-grant.yaml").write_text(ADA.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "dept.nt"
    assert main(["graph", str(folder), "--base", "https://kg.example.edu/", "--vocab", "vivo", "-o", str(out)]) == 0
    assert {line for line in out.read_text(encoding="utf-8").splitlines() if line} == set(graphs["vivo"].lines)


@pytest.mark.parametrize("vocab", ["schema", "vivo"])
def test_the_merged_department_conforms(department, vocab):
    from cvld.rdf.check import validate

    assert validate(department[1][vocab], vocab) == []


def test_the_named_questions_grants_and_supervision_answer_alike_in_both_vocabularies(ada):
    answers = {}
    for vocab in ("schema", "vivo"):
        store = store_for_graph(build_graph([ada], vocab=vocab, base="https://kg.example.edu/"))
        answers[vocab] = {name: ask_store(store, named_query(name, vocab)).values() for name in ("grants", "supervision")}
    schema, vivo = answers["schema"], answers["vivo"]
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in schema["grants"]] == [
        ("Ada Grant", "EvoScale: protein evolution across the tree of life", "European Research Council", "000000001",
         "1500000", "EUR"),
        ("Ada Grant", "Collaborative research on single-cell lineage inference", "National Science Foundation",
         "DBI-0000002", "450000", "USD"),
        ("Ada Grant", "Sir Henry Imaginary Fellowship", "Wellcome Trust", None, None, None)]
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in vivo["grants"]] == [
        (r[0], r[1], r[3], r[4], r[5], r[6]) for r in schema["grants"]]
    assert [r[2] for r in schema["grants"]] == ["principal investigator", "co-principal investigator", "participant"]
    assert [r[:3] for r in schema["supervision"]] == [
        ("Ada Grant", "Lena Sorel", "visiting researcher"), ("Ada Grant", "Jun Hale", "master's student"),
        ("Ada Grant", "Tomás Ferré", "postdoctoral researcher"), ("Ada Grant", "Iris Okafor", "doctoral student"),
        ("Ada Grant", "Max Ortega", "bachelor's student"), ("Ada Grant", "Bea Marsh", "doctoral student")]
    assert [r[:2] for r in vivo["supervision"]] == [r[:2] for r in schema["supervision"]]


def test_the_supervision_question_knows_the_models_levels():
    text = (QUERIES_DIR / "supervision.schema.rq").read_text(encoding="utf-8")
    assert all(f'"{words}"' in text for words in SUPERVISION_LEVELS.values())

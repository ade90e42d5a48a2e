"""cvld report: the numbers it counts, and the page as headless Chromium renders it, from disk and from a server."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import lxml.html
import pytest

from cvld.api import report as write_report
from cvld.cli.main import main
from conftest import PROJECT_ROOT
from browser import chromium, needs_chromium

DEPARTMENT = PROJECT_ROOT / "tests" / "data" / "department2"
MEMBERS = ["Ana Silva", "Ben Okafor", "Carla Diaz", "Dev Patel", "Fay Wong"]
# works per year as each member's CV lists them (a shared paper once for each member who lists it)
BY_MEMBER = {"ana-silva": [2021, 2022], "ben-okafor": [2021, 2022], "carla-diaz": [2020, 2021],
             "dev-patel": [2020, 2022, 2023], "fay-wong": [2023, 2024]}
# the department's seven distinct works: flows 2021, Ana's 2022, Gus's 2022, networks 2020, Eli's 2023,
# the survey 2023, Fay's report 2024
TOTAL = {2020: 1, 2021: 1, 2022: 2, 2023: 2, 2024: 1}
NODES = {"ana-silva", "ben-okafor", "carla-diaz", "dev-patel", "fay-wong", "eli-grant", "gus-moreau"}
EDGES = {("ana-silva", "ben-okafor"), ("ben-okafor", "gus-moreau"), ("ben-okafor", "dev-patel"),
         ("dev-patel", "gus-moreau"), ("carla-diaz", "eli-grant"), ("dev-patel", "eli-grant"),
         ("carla-diaz", "fay-wong"), ("ana-silva", "fay-wong"), ("eli-grant", "fay-wong"),
         ("ana-silva", "carla-diaz"), ("ana-silva", "eli-grant")}


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report") / "report"
    figures = write_report([DEPARTMENT], folder)
    return folder, figures


def test_the_report_counts_works_people_and_collaborations(report_dir):
    _, figures = report_dir
    assert figures.members == MEMBERS
    assert {n.lower().replace(" ", "-"): sorted(c) for n, c in figures.by_member.items()} == BY_MEMBER
    assert dict(figures.total) == TOTAL
    assert [(r.name, len(r.works), len(r.talks), len(r.courses), len(r.service), len(r.coauthors))
            for r in figures.rows] == [
        ("Ana Silva", 2, 0, 2, 1, 1), ("Ben Okafor", 2, 2, 0, 0, 3), ("Carla Diaz", 2, 0, 0, 1, 3),
        ("Dev Patel", 3, 0, 1, 0, 4), ("Fay Wong", 2, 1, 0, 0, 3)]
    assert len(figures.conflicts) == 4 and all(c.message.startswith("conflict:") for c in figures.conflicts)


def test_the_same_department_gives_the_same_bytes(report_dir, tmp_path):
    folder, _ = report_dir
    again = tmp_path / "again"
    assert main(["report", str(DEPARTMENT), "-o", str(again)]) == 0
    assert sorted(p.name for p in again.iterdir()) == ["coauthors.svg", "index.html", "works-by-member.svg",
                                                       "works-total.svg"]
    for path in again.iterdir():
        assert path.read_bytes() == (folder / path.name).read_bytes(), path.name


def _ids(dom, figure: str, prefix: str) -> list[str]:
    return dom.xpath(f"//figure[@id='{figure}']//*[local-name()='svg']//*[starts-with(@id, '{prefix}')]/@id")


def _check_page(dom) -> None:
    assert dom.xpath("string(//h1)") == "Department report"
    bars = _ids(dom, "works-by-member", "bar-")
    assert sorted(bars) == sorted(f"bar-{m}-{y}" for m, years in BY_MEMBER.items() for y in years)
    assert sorted(_ids(dom, "works-total", "bar-")) == [f"bar-total-{y}" for y in TOTAL]
    assert {i.removeprefix("node-") for i in _ids(dom, "coauthors", "node-")} == NODES
    edges = {tuple(sorted(_pair(i))) for i in _ids(dom, "coauthors", "edge-")}
    assert edges == EDGES
    rows = dom.xpath("//table[@id='members']/tbody/tr")
    assert [r.xpath("string(td[1]/a)") for r in rows] == MEMBERS
    ben = dom.xpath("//section[@id='member-ben-okafor']//tbody/tr")
    assert [tuple(td.text_content() for td in tr.xpath("td")) for tr in ben] == [
        ("work", "2022", "Working with Gus", ""), ("work", "2021", "Flows on graphs", "Journal of Graph Flows"),
        ("talk", "2021-10", "Flows on graphs, a talk", "Graph Seminar"),
        ("talk", "2022-03", "Flows on graphs, a talk", "Flow Workshop"),
        ("co-authors", "", "Ana Silva, Dev Patel, Gus Moreau")]
    assert len(dom.xpath("//section[@class='member']")) == len(MEMBERS)
    where = [r.xpath("string(td[1])") for r in dom.xpath("//table[@id='conflicts']/tbody/tr")]
    assert where == [f"{DEPARTMENT}/carla-diaz.yaml:17:5"] * 2 + [f"{DEPARTMENT}/dev-patel.yaml:17:5"] * 2


def _pair(edge_id: str) -> tuple[str, str]:
    """``edge-ana-silva-ben-okafor`` -> the two node names (each node id is a known name)."""
    rest = edge_id.removeprefix("edge-")
    for node in NODES:
        if rest.startswith(node + "-") and rest[len(node) + 1:] in NODES:
            return node, rest[len(node) + 1:]
    raise AssertionError(edge_id)


@needs_chromium
def test_chromium_renders_every_picture_from_disk_and_from_a_server(report_dir, tmp_path):
    folder, _ = report_dir
    url = (folder / "index.html").as_uri()
    _check_page(lxml.html.document_fromstring(chromium(tmp_path, "--dump-dom", url)))
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        served = chromium(tmp_path, "--dump-dom", f"http://127.0.0.1:{server.server_address[1]}/index.html")
    finally:
        server.shutdown()
        server.server_close()
    _check_page(lxml.html.document_fromstring(served))


def test_without_the_report_extra_the_message_says_what_to_install(monkeypatch, tmp_path, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "networkx" else real(name, *a))
    assert main(["report", str(DEPARTMENT), "-o", str(tmp_path / "r")]) == 2
    assert "report: the charts need networkx (not installed); install cvld's report extra: pip install 'cvld[report]'" \
        in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_hostile_names_and_titles_are_text_in_the_page_and_the_pictures(tmp_path):
    import lxml.etree

    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "a.yaml").write_text('person: {key: ann, name: "Ann <script>alert(1)</script> $x^"}\n'
                                'people:\n  x: {name: "_Bo & \\"Co\\" $$"}\n'
                                'works:\n  - {key: w1, type: other, title: "T <b>&</b> $", authors: [ann, x], date: 2020}\n')
    figures = write_report([cvs], tmp_path / "r")
    page = lxml.html.parse(str(tmp_path / "r" / "index.html")).getroot()
    assert page.xpath("//script") == [] and page.xpath("//b") == []
    assert page.xpath("string(//table[@id='members']//a)") == "Ann <script>alert(1)</script> $x^"
    for name in ("coauthors.svg", "works-by-member.svg", "works-total.svg"):
        svg = lxml.etree.parse(str(tmp_path / "r" / name))  # a strict XML reader
        assert svg.getroot().tag == "{http://www.w3.org/2000/svg}svg"
    texts = "".join(lxml.etree.parse(str(tmp_path / "r" / "coauthors.svg")).getroot().itertext())
    assert "Ann <script>alert(1)</script> $x^" in texts and '_Bo & "Co" $$' in texts
    assert len(figures.nodes) == 2 and sum(figures.edges.values()) == 1


def test_the_network_is_the_graphs_coauthors_question(report_dir):
    from cvld.api import query

    _, figures = report_dir
    answer = query([DEPARTMENT], named="coauthors", vocab="schema", base="https://kg.example.edu/")
    asked = {tuple(sorted((a, b))): int(n) for a, b, n in answer.values()}
    drawn = {tuple(sorted((figures.nodes[a][0], figures.nodes[b][0]))): n for (a, b), n in figures.edges.items()}
    assert drawn == asked and len(drawn) == len(EDGES)

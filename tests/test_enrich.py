"""cvld enrich against fake Crossref and ROR servers (tests/fake_services.py): what is taken, what
is reported and why, the CV after --in-place (comments kept), the cache, 429, a server that is down."""

from __future__ import annotations

import datetime
import shutil
import socket
import time
from pathlib import Path

import pytest
from enrich_fixtures import CROSSREF_ITEMS, ROR_ORGANISATIONS
from fake_services import FakeCrossref, FakeRor, crossref_item, ror_organisation

from cvld import __version__, api
from cvld.cli.main import main

CV_FILE = Path(__file__).parent / "data" / "enrich" / "cv.yaml"
TODAY = datetime.date.today().isoformat()


def mark(name: str, source: str) -> str:
    return f"  # {name} found by cvld enrich in {source} on {TODAY}"


# every line enrich adds to or changes in tests/data/enrich/cv.yaml, after the line it follows
EXPECTED_CHANGES = {
    "  pku: {name: Peking University, city: Beijing, country: CN}  # where I studied":
        "  pku: {name: Peking University, city: Beijing, country: CN, ror: https://ror.org/02v51f717} "
        f"# where I studied; ror found by cvld enrich in ROR on {TODAY}",
    "    organisation: {name: Pacific Northwest National Laboratory, city: Richland, region: WA, country: US}":
        "    organisation: {name: Pacific Northwest National Laboratory, city: Richland, region: WA, country: US, "
        "ror: https://ror.org/05h992307}" + mark("ror", "ROR"),
}
EXPECTED_INSERTS = [  # (the line of the original after which, the new line), in order
    (18, "    ror: https://ror.org/00hx57361" + mark("ror", "ROR")),
    (75, "    doi: 10.1103/PhysRevE.102.043309" + mark("doi", "Crossref")),
    (106, "    doi: 10.9999/quenching.journal" + mark("doi", "Crossref")),  # before the blank line and '# Preprints'
    (114, "    doi: 10.9999/quenching.posted" + mark("doi", "Crossref")),
    (115, "    version_of: quenching-journal" + mark("version_of", "Crossref")),
    (121, "    doi: 10.9999/adaptive.posted" + mark("doi", "Crossref")),
]


def expected_text() -> str:
    """The test CV as enrich leaves it, built from the original line by line."""
    out = []
    inserts = dict(EXPECTED_INSERTS)
    for number, line in enumerate(CV_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        out.append(EXPECTED_CHANGES.get(line, line))
        if number in inserts:
            out.append(inserts[number])
    return "\n".join(out) + "\n"


@pytest.fixture
def services():
    with FakeCrossref(CROSSREF_ITEMS) as crossref, FakeRor(ROR_ORGANISATIONS) as ror:
        yield crossref, ror


@pytest.fixture
def cv(tmp_path) -> Path:
    target = tmp_path / "cv.yaml"
    shutil.copy(CV_FILE, target)
    return target


def enrich(cv: Path, services, *extra: str, capsys=None) -> tuple[int, str, str]:
    crossref, ror = services
    cache = [] if "--no-cache" in extra else ["--cache", str(cv.parent / "cache")]
    status = main(["enrich", str(cv), "--crossref-url", crossref.url, "--ror-url", ror.url, *cache, *extra])
    captured = capsys.readouterr() if capsys else None
    return status, captured.out if captured else "", captured.err if captured else ""


def test_without_an_output_it_prints_the_diff_and_writes_nothing(cv, services, capsys):
    status, out, err = enrich(cv, services, capsys=capsys)
    assert status == 0, err
    assert cv.read_text(encoding="utf-8") == CV_FILE.read_text(encoding="utf-8")
    assert not (cv.parent / "cv.yaml.bak").exists()
    assert out.startswith(f"--- {cv}\n+++ {cv} (enriched)\n@@ ")
    added = [line[1:] for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == list(EXPECTED_CHANGES)
    assert added == [EXPECTED_CHANGES[list(EXPECTED_CHANGES)[0]], EXPECTED_INSERTS[0][1],
                     EXPECTED_CHANGES[list(EXPECTED_CHANGES)[1]], *(new for _, new in EXPECTED_INSERTS[1:])]
    assert err.splitlines()[-1] == ("enrich: 4 DOI(s), 1 version_of link(s), 3 ROR id(s) found; asked Crossref "
                                    "9 time(s), ROR 5 time(s)")


def test_in_place_keeps_a_backup_and_the_comments(cv, services, capsys):
    original = cv.read_bytes()
    status, out, err = enrich(cv, services, "--in-place", capsys=capsys)
    assert status == 0, err
    assert out == ""
    assert (cv.parent / "cv.yaml.bak").read_bytes() == original
    assert cv.read_text(encoding="utf-8") == expected_text()
    assert err.splitlines()[-1] == f"updated {cv} (the previous version is in {cv}.bak)"
    enriched = api.load_cv(cv)
    assert enriched.work("nonnewtonian").doi == "10.1103/PhysRevE.102.043309"
    assert enriched.work("quenching").version_of == "quenching-journal"
    assert enriched.work("quenching").doi == "10.9999/quenching.posted"
    assert enriched.work("quenching").arxiv.id == "2006.14450"  # the preprint's own ids are kept
    assert [w.key for w in enriched.works if not w.doi] == ["barron", "continuous", "apriori", "global", "skip"]
    assert enriched.organisations["pku"].ror == "https://ror.org/02v51f717"
    assert enriched.organisations["bibdr"].ror is None
    assert enriched.organisations["cambridge"].ror is None
    assert enriched.positions[2].organisation.ror == "https://ror.org/05h992307"


def test_output_file(cv, services, capsys, tmp_path):
    target = tmp_path / "enriched.yaml"
    status, out, err = enrich(cv, services, "-o", str(target), capsys=capsys)
    assert status == 0, err
    assert out == ""
    assert target.read_text(encoding="utf-8") == expected_text()
    assert cv.read_text(encoding="utf-8") == CV_FILE.read_text(encoding="utf-8")


def test_dry_run_writes_nothing_even_in_place(cv, services, capsys):
    status, out, _ = enrich(cv, services, "--in-place", "--dry-run", capsys=capsys)
    assert status == 0
    assert "+    doi: 10.1103/PhysRevE.102.043309" in out
    assert cv.read_text(encoding="utf-8") == CV_FILE.read_text(encoding="utf-8")
    assert not (cv.parent / "cv.yaml.bak").exists()


def notes_of(err: str) -> dict[str, str]:
    """Each note's record path and text (its first line and the indented lines after it)."""
    notes, current = {}, None
    for line in err.splitlines():
        if line.startswith("    ") and current:
            notes[current] += "\n" + line.strip()
        elif ": " in line and line.split(": ")[0].count(":") == 2:
            location, path, message = line.split(": ", 2)
            current = path if path not in notes else f"{path}#2"
            notes[current] = message
            assert location.startswith(str(Path(location.split(":")[0])))
    return notes


def test_each_candidate_is_taken_or_left_with_its_reason(cv, services, capsys):
    _, _, err = enrich(cv, services, capsys=capsys)
    notes = notes_of(err)
    assert f"{cv}:70:5: works[0]: doi: added 10.1103/PhysRevE.102.043309" in err.splitlines()
    assert notes["works[0]"].splitlines()[1] == (
        "matches 10.1103/PhysRevE.102.043309 (score 100; 'Machine Learning Based Non-Newtonian Fluid Model with "
        "Molecular <i>Fidelity</i>', 2020, Lei, Wu, E, journal-article): title, year and first author agree")
    # same title, other year
    assert notes["works[1]"].splitlines()[:2] == [
        "doi: none taken",
        "left 10.9999/barron.2015 (score 92.857; 'The Barron space and the flow-induced function spaces for neural "
        "network models', 2015, E, Ma, Wu, journal-article): the year 2015 is not within one year of 2020"]
    # same title, other first author
    assert notes["works[2]"].splitlines()[:2] == [
        "doi: none taken",
        "left 10.9999/continuous.smith (score 87.5; 'Machine learning from a continuous viewpoint', 2020, Smith, "
        "Jones, journal-article): the first author is Smith, not E"]
    # another paper with a low score
    assert "left 10.9999/apriori.other (score 35.714; 'A priori estimates for elliptic equations', 2019, Jones, " \
           "journal-article): the title differs; the first author is Jones, not E" in notes["works[3]"].splitlines()
    assert notes["works[3]"].startswith("doi: none taken")
    # two DOIs pass: neither is taken
    assert notes["works[4]"].splitlines()[-1] == ("2 different DOIs match (10.9999/global.a, 10.9999/global.b); none "
                                                  "is taken (add the right one by hand)")
    assert "works[5]" not in notes  # it has a DOI: not asked
    # the published work is not given its preprint's DOI
    assert "left 10.9999/quenching.posted (score 93.75; 'The quenching-activation behavior of the gradient descent " \
           "dynamics for two-layer neural network models', 2020, Ma, Wu, E, posted-content): a preprint " \
           "(posted-content), not the published work" in notes["works[6]"].splitlines()
    # the preprint: its own DOI, and a link to the published version
    assert notes["works[7]"].startswith("doi: added 10.9999/quenching.posted\n")
    assert notes["works[7]#2"].startswith("version_of: added 'quenching-journal', the published version "
                                          "(10.9999/quenching.journal); the preprint's own entry is kept\n")
    assert notes["works[9]"].splitlines()[0] == (
        "version_of: the published version is 10.9999/skip.journal ('Analysis of the gradient descent algorithm for "
        "a deep neural network model with skip-connections', Journal of Skips, 2020), which the CV does not hold: add "
        "it as a work, then set version_of to its key")
    # organisations
    assert notes["organisations.pku"] == ("ror: added https://ror.org/02v51f717 (Peking University), ROR's chosen "
                                          "match for 'Peking University, Beijing, China'")
    assert notes["organisations.bibdr"].splitlines() == [
        "ror: none taken for 'Beijing Institute of Big Data Research, Beijing, China'",
        "no match ROR is sure of: add the right ror id by hand if it is one of these",
        "candidate Beijing Institute of Big Data Research (https://ror.org/03abcde12; score 1, PHRASE; Beijing, CN)",
        "candidate Beijing Normal University (https://ror.org/022k4wk35; score 0.27, COMMON TERMS; Beijing, CN)",
        "candidate University of Cambridge (https://ror.org/013meh722; score 0.27, COMMON TERMS; Cambridge, GB)"]
    assert notes["organisations.cambridge"].splitlines()[1] == (
        "left ROR's chosen match University of Cambridge (https://ror.org/013meh722; score 1, PHRASE; Cambridge, GB): "
        "it is in GB, the CV says US")
    assert "organisations.nankai" not in notes  # it has a ROR id: not asked
    assert notes["positions[2].organisation"].startswith("ror: added https://ror.org/05h992307 ")


def test_a_second_run_asks_nothing_new(cv, services, capsys):
    crossref, ror = services
    enrich(cv, services, "-o", str(cv.parent / "first.yaml"), capsys=capsys)
    asked = (len(crossref.requests), len(ror.requests))
    assert asked == (9, 5)
    status, _, err = enrich(cv, services, "-o", str(cv.parent / "second.yaml"), capsys=capsys)
    assert status == 0
    assert (len(crossref.requests), len(ror.requests)) == asked
    assert "asked Crossref 0 time(s), ROR 0 time(s)" in err
    assert (cv.parent / "second.yaml").read_bytes() == (cv.parent / "first.yaml").read_bytes()
    # the enriched CV asks only about what is still missing
    status, _, err = enrich(cv.parent / "first.yaml", services, "--no-cache", "--in-place", capsys=capsys)
    assert status == 0
    assert "asked Crossref 5 time(s), ROR 2 time(s)" in err
    assert err.splitlines()[-1] == f"{cv.parent / 'first.yaml'} is up to date; not rewritten"


def test_requests_are_polite(cv, services, capsys, monkeypatch):
    crossref, ror = services
    monkeypatch.setenv("CVLD_MAILTO", "lei@example.org")
    enrich(cv, services, "--no-cache", capsys=capsys)
    first = crossref.requests[0]
    assert first.path == "/works"
    assert first.params == {
        "query.bibliographic": "Machine learning based non-Newtonian fluid model with molecular fidelity Lei 2020",
        "rows": "5", "mailto": "lei@example.org",
        "select": "DOI,title,subtitle,author,issued,published,published-print,published-online,type,score,"
                  "container-title"}
    assert first.headers["User-Agent"] == f"cvld/{__version__} (https://w3id.org/cvld; mailto:lei@example.org)"
    assert ror.requests[0].path == "/v2/organizations"
    assert ror.requests[0].params == {"affiliation": "Peking University, Beijing, China"}
    assert ror.requests[0].headers["User-Agent"].startswith(f"cvld/{__version__} (")
    for requests in (crossref.requests, ror.requests):
        gaps = [b.time - a.time for a, b in zip(requests, requests[1:])]
        assert min(gaps) >= 0.2  # at most a few requests a second


def test_only_dois_or_only_organisations(cv, services, capsys):
    crossref, ror = services
    status, out, _ = enrich(cv, services, "--ror", "--no-cache", capsys=capsys)
    assert status == 0 and len(crossref.requests) == 0 and len(ror.requests) == 5
    assert "doi:" not in out and "+    ror: https://ror.org/00hx57361" in out
    status, out, _ = enrich(cv, services, "--doi", "--no-cache", capsys=capsys)
    assert status == 0 and len(crossref.requests) == 9 and len(ror.requests) == 5
    assert "ror:" not in out and "+    doi: 10.9999/adaptive.posted" in out


def test_429_with_retry_after_is_waited_for(cv, capsys):
    with FakeCrossref(CROSSREF_ITEMS, faults={1: "429"}, retry_after="1") as crossref, \
            FakeRor(ROR_ORGANISATIONS, faults={2: "429"}, retry_after="1") as ror:
        status, _, err = enrich(cv, (crossref, ror), "-o", str(cv.parent / "out.yaml"), capsys=capsys)
        assert status == 0, err
        assert crossref.requests[1].time - crossref.requests[0].time >= 1.0
        assert crossref.requests[0].params == crossref.requests[1].params  # the same question again
        assert ror.requests[2].time - ror.requests[1].time >= 1.0
        assert len(crossref.requests) == 10 and len(ror.requests) == 6
    assert (cv.parent / "out.yaml").read_text(encoding="utf-8") == expected_text()


def test_429_asking_for_too_long_a_wait_is_a_remote_failure(cv, capsys):
    target = cv.parent / "out.yaml"
    with FakeCrossref(CROSSREF_ITEMS, faults={3: "429"}, retry_after="3600") as crossref, \
            FakeRor(ROR_ORGANISATIONS) as ror:
        started = time.monotonic()
        status, _, err = enrich(cv, (crossref, ror), "-o", str(target), capsys=capsys)
        assert time.monotonic() - started < 10
        assert len(crossref.requests) == 3  # not asked again, nothing more asked
    assert status == 3
    assert err.splitlines()[-1].startswith("cvld: Crossref: " + crossref.url + "/works?query.bibliographic=")
    assert err.splitlines()[-1].endswith(": HTTP 429 (too many requests; try again later)")
    written = api.load_cv(target)  # what was found until then is written
    assert written.organisations["pku"].ror == "https://ror.org/02v51f717"
    assert written.work("nonnewtonian").doi == "10.1103/PhysRevE.102.043309"
    assert written.work("adaptive").doi is None
    assert f"works[2]: doi: not looked up: Crossref failed ({err.splitlines()[-1][len('cvld: '):]}); 6 more " \
           "work(s) not looked up" in err


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_server_that_is_down_exits_3_with_the_partial_result_written(cv, capsys):
    target = cv.parent / "out.yaml"
    with FakeRor(ROR_ORGANISATIONS) as ror:
        down = closed_port_url()
        status = main(["enrich", str(cv), "--crossref-url", down, "--ror-url", ror.url, "--no-cache", "-o", str(target)])
    err = capsys.readouterr().err
    assert status == 3
    assert err.splitlines()[-1].startswith(f"cvld: {down}/works?query.bibliographic=Machine+learning")
    assert "cannot connect" in err.splitlines()[-1]
    written = api.load_cv(target)
    assert written.organisations["princeton"].ror == "https://ror.org/00hx57361"
    assert not any(w.doi for w in written.works if w.key != "sgd")
    assert f"{cv}:70:5: works[0]: doi: not looked up: Crossref failed" in err


def test_in_place_with_a_service_down_still_writes_what_was_found(cv, capsys):
    with FakeCrossref(CROSSREF_ITEMS) as crossref:
        status = main(["enrich", str(cv), "--crossref-url", crossref.url, "--ror-url", closed_port_url() + "/v2",
                       "--no-cache", "--in-place"])
    assert status == 3
    written = api.load_cv(cv)
    assert written.work("nonnewtonian").doi == "10.1103/PhysRevE.102.043309"
    assert written.organisations["pku"].ror is None
    assert (cv.parent / "cv.yaml.bak").read_bytes() == CV_FILE.read_bytes()


def test_answers_that_are_not_what_they_should_be(cv, capsys):
    """A hostile or broken service: a DOI that is not one, a ROR id that is not one, markup and YAML
    syntax in values; nothing of it reaches the CV, and what does is a plain value."""
    items = [crossref_item("10.1103/PhysRevE.102.043309\n# injected: true",
                           "Machine learning based non-Newtonian fluid model with molecular fidelity", ["Lei"], 2020),
             crossref_item("10.5555/a#b: {c}", "A qualitative study of the dynamic behavior of adaptive gradient "
                           "algorithms", ["Ma"], 2020, type="posted-content"),
             crossref_item("10.5555/ok-(quote);x:-1", "The Barron space and the flow-induced function spaces for "
                           "neural network models", ["E"], 2020)]
    organisations = [ror_organisation("https://ror.org/02v51f717\n# x", "Peking University", "Beijing", "CN", "China"),
                     ror_organisation("https://example.org/princeton", "Princeton University", "Princeton", "US",
                                      "United States")]
    target = cv.parent / "out.yaml"
    with FakeCrossref(items) as crossref, FakeRor(organisations) as ror:
        status, _, err = enrich(cv, (crossref, ror), "-o", str(target), "--no-cache", capsys=capsys)
    assert status == 0, err
    written = api.load_cv(target)
    assert written.work("nonnewtonian").doi is None
    assert written.work("adaptive").doi is None  # '10.5555/a#b: {c}' has a space: not a DOI
    assert written.work("barron").doi == "10.5555/ok-(quote);x:-1"  # odd characters of Crossref's set, kept plain
    assert written.organisations["pku"].ror is None and written.organisations["princeton"].ror is None
    assert "injected" not in target.read_text(encoding="utf-8")
    notes = notes_of(err)
    assert notes["works[0]"].splitlines()[1].endswith(": not a DOI")
    assert notes["works[0]"].splitlines()[1].startswith("left 10.1103/PhysRevE.102.043309\\n# injected: true (")
    assert notes["organisations.pku"].splitlines()[1] == (
        "left ROR's chosen match Peking University (https://ror.org/02v51f717\\n# x; score 1, PHRASE; Beijing, CN): "
        "'https://ror.org/02v51f717\\n# x' is not a ROR id")
    assert notes["organisations.princeton"].splitlines()[1].endswith(
        ": 'https://example.org/princeton' is not a ROR id")


def test_an_answer_that_is_not_json_is_a_remote_failure(cv, capsys, tmp_path):
    class Broken(FakeRor):
        def answer(self, path, params):
            return 200, ["not", "an", "object"]

    with Broken([]) as ror, FakeCrossref([]) as crossref:
        status, _, err = enrich(cv, (crossref, ror), "--no-cache", capsys=capsys)
    assert status == 3
    assert err.splitlines()[-1] == (f"cvld: ROR: {ror.url}/organizations?affiliation=Peking+University%2C+Beijing%2C+"
                                    "China: the answer is not a JSON object")


@pytest.mark.parametrize("argv, message", [
    (["-o", "{cv}"], "is an input; cvld never overwrites its inputs (enrich in place instead, which keeps a backup)"),
    (["--mailto", "not an address"], "enrich: 'not an address' is not an e-mail address"),
    (["--crossref-url", "ftp://example.org"], "enrich: 'ftp://example.org' is not an http(s) URL for Crossref"),
    (["--cache", "{tmp}/c", "--no-cache"], "enrich: give either --cache DIR or --no-cache, not both"),
    (["-o", "{tmp}"], "is a folder; name the file to write"),
])
def test_usage_errors(cv, capsys, argv, message):
    status = main(["enrich", str(cv), *[a.format(cv=cv, tmp=cv.parent) for a in argv]])
    assert status == 2
    assert message in capsys.readouterr().err
    assert cv.read_bytes() == CV_FILE.read_bytes()


def test_in_place_and_output_together_is_a_usage_error(cv, capsys):
    assert main(["enrich", str(cv), "--in-place", "-o", str(cv.parent / "x.yaml")]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_json_cv_is_not_edited(tmp_path, capsys):
    path = tmp_path / "cv.json"
    path.write_text('{"person": {"key": "x", "name": "X"}}', encoding="utf-8")
    assert main(["enrich", str(path), "--no-cache"]) == 2
    assert "enrich edits YAML CVs" in capsys.readouterr().err


def test_an_invalid_cv_exits_1_with_located_errors(tmp_path, capsys):
    path = tmp_path / "cv.yaml"
    path.write_text("person:\n  key: x\nworks:\n  - {key: w, title: T}\n", encoding="utf-8")
    assert main(["enrich", str(path), "--no-cache", "--crossref-url", closed_port_url()]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "works[0]" in err


def test_the_api_result(cv, services):
    crossref, ror = services
    result = api.enrich(cv, crossref_url=crossref.url, ror_url=ror.url, use_cache=False, interval=0,
                        today=datetime.date(2026, 12, 1))
    assert result.said == "" and result.asked == {"Crossref": 9, "ROR": 5}
    assert (result.outcome.dois, result.outcome.links, result.outcome.rors) == (4, 1, 3)
    assert "+    doi: 10.9999/quenching.journal  # doi found by cvld enrich in Crossref on 2026-12-01\n" in result.diff
    assert result.outcome.failures == []
    assert all(n.severity == "note" for n in result.outcome.notes)


def test_an_answer_too_long_is_a_remote_failure(cv, capsys, monkeypatch):
    from cvld.enrich import client

    monkeypatch.setattr(client, "MAX_ANSWER", 200)
    with FakeCrossref(CROSSREF_ITEMS) as crossref, FakeRor(ROR_ORGANISATIONS) as ror:
        status, _, err = enrich(cv, (crossref, ror), "--no-cache", capsys=capsys)
    assert status == 3
    assert err.splitlines()[-1] == (f"cvld: {ror.url}/organizations?affiliation=Peking+University%2C+Beijing%2C+China: "
                                    "the answer is longer than 200 bytes")
    assert "organisations.pku: ror: not looked up: ROR failed" in err and "; 4 more organisation(s) not looked up" in err

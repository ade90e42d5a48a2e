"""``cvld orcid push`` / ``pull`` on the example CV, against a local fake ORCID server."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections import Counter

import pytest
from conftest import PROJECT_ROOT, SEED_CV
from fake_orcid import FakeOrcid
from orcid_samples import xsd_root

from cvld.cli.main import main
from cvld.orcid.write import documents
from cvld.orcid.sync.state import SyncState, content_hash
from cvld.orcid.sync.xmlparts import facts, parse

TOKEN = "tok-9d41e6b0-do-not-print"
ORCID = "0000-0002-1825-0097"
SECTIONS = {"work": 24, "service": 9, "education": 2, "invited-position": 2, "employment": 2}


@pytest.fixture
def fake():
    # the example CV has no ROR ids, which ORCID wants on affiliations: see test_strict_orcid_refuses_...
    with FakeOrcid(xsd_root(), orcid_id=ORCID, token=TOKEN, require_disambiguated_org=False) as server:
        yield server


@pytest.fixture
def cv(tmp_path, monkeypatch):
    monkeypatch.setenv("ORCID_TOKEN", TOKEN)
    path = tmp_path / "lei-wu.yaml"
    shutil.copy(SEED_CV, path)
    return path


def cvld(*args) -> int:
    return main([str(a) for a in args])


def push_args(cv, fake, *extra):
    return ("orcid", "push", cv, "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url, "-q",
            "--attempts", "2", "--timeout", "2", *extra)


def assert_matches_cv(fake, cv_path, lei_wu_items):
    """Exactly one copy of each CV item on the server, and the state file says which."""
    state = SyncState.load(cv_path.with_name("lei-wu.orcid-state.json"), f"{fake.url}{ORCID}")
    assert Counter({s: len(v) for s, v in fake.store.items() if v}) == Counter(SECTIONS)
    assert {(e.section, e.put_code) for e in state.entries.values()} == {
        (s, pc) for s, held in fake.store.items() for pc in held}
    for item in lei_wu_items:
        entry = state.entries[f"{item.section}/{item.key}"]
        assert not entry.pending and entry.sha256 == content_hash(item.xml)
        assert facts(parse(fake.store[item.section][entry.put_code])) == facts(parse(item.xml))


@pytest.fixture(scope="module")
def lei_wu_items(lei_wu):
    return documents(lei_wu)


def test_dry_run_prints_the_plan_and_touches_nothing(fake, cv, capsys):
    assert cvld("orcid", "push", cv, "--orcid-id", ORCID, "--api-url", fake.url, "--dry-run", "-q") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "+ create work e2020towards"
    assert out.splitlines()[-1] == "Plan: 39 to create, 0 to update, 0 to delete, 0 unchanged."
    assert fake.calls == [] and not cv.with_name("lei-wu.orcid-state.json").exists()


def test_push_uploads_the_example_cv_once(fake, cv, capsys, lei_wu_items):
    assert cvld(*push_args(cv, fake)) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "Pushed: 39 created, 0 updated, 0 deleted, 0 adopted, 0 unchanged, 0 failed."
    # 15 affiliations one by one, the 24 works in one bulk request
    assert Counter(c[1].rsplit("/", 1)[1] for c in fake.calls) == Counter(
        {"service": 9, "education": 2, "invited-position": 2, "employment": 2, "works": 1})
    assert_matches_cv(fake, cv, lei_wu_items)
    calls = len(fake.calls)
    assert cvld(*push_args(cv, fake)) == 0
    assert capsys.readouterr().out == "Plan: 0 to create, 0 to update, 0 to delete, 39 unchanged.\n"
    assert len(fake.calls) == calls


def test_an_edited_cv_updates_and_deletes(fake, cv, capsys):
    cvld(*push_args(cv, fake))
    state = SyncState.load(cv.with_name("lei-wu.orcid-state.json"), f"{fake.url}{ORCID}")
    work_code = state.entries["work/wu2019global"].put_code
    gone_code = state.entries["service/reviewer-msml"].put_code
    text = cv.read_text(encoding="utf-8")
    text = text.replace("Global convergence of gradient descent for deep linear residual networks",
                        "Global convergence of gradient descent for deep linear ResNets")
    text = text.replace("  - {role: reviewer, kind: conference, venue: MSML, venue_full: Mathematical and "
                        "Scientific Machine Learning}\n", "")
    cv.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert cvld(*push_args(cv, fake, "--dry-run")) == 0
    assert capsys.readouterr().out == (
        f"- delete service reviewer-msml (put-code {gone_code})\n"
        f"~ update work wu2019global (put-code {work_code})\n"
        "Plan: 0 to create, 1 to update, 1 to delete, 37 unchanged.\n")
    before = len(fake.calls)
    assert cvld(*push_args(cv, fake)) == 0
    assert fake.calls[before:] == [("DELETE", f"/v3.0/{ORCID}/service/{gone_code}"),
                                   ("PUT", f"/v3.0/{ORCID}/work/{work_code}")]
    assert b"deep linear ResNets" in fake.store["work"][work_code]
    assert gone_code not in fake.store["service"]


def test_the_token_never_shows(fake, cv, capsys, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    fake.faults = {1: "500"}
    assert cvld("orcid", "push", cv, "--orcid-id", ORCID, "--token-file", token_file, "--api-url", fake.url,
                "--attempts", "1") == 3  # a remote failure: stops at the first one, saying why
    first = capsys.readouterr()
    assert "HTTP 500" in first.err and "run the push again" in first.err
    fake.faults = {}
    assert cvld(*push_args(cv, fake, "-v")) == 0
    assert cvld("orcid", "pull", cv, "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url) == 0
    fake.token = "rotated"  # now the token is refused
    assert cvld("orcid", "pull", cv, "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url) == 3
    rest = capsys.readouterr()
    assert "HTTP 401" in rest.err and "ORCID refused the token" in rest.err
    state_text = cv.with_name("lei-wu.orcid-state.json").read_text(encoding="utf-8")
    for text in (first.out, first.err, rest.out, rest.err, state_text):
        assert TOKEN not in text
    assert all(TOKEN not in line for line in map(str, fake.bodies))


def test_no_token_no_push(fake, cv, capsys, monkeypatch):
    monkeypatch.delenv("ORCID_TOKEN")
    assert cvld("orcid", "push", cv, "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url) == 2
    assert capsys.readouterr().err == "cvld: the environment variable ORCID_TOKEN is not set or empty\n"
    assert cvld("orcid", "push", cv, "--orcid-id", ORCID, "--api-url", "http://orcid.example/v3.0/",
                "--token-env", "X") == 2
    assert "refusing to send a token over plain http to orcid.example" in capsys.readouterr().err
    assert cvld("orcid", "push", cv, "--orcid-id", "0000-0002-1825-0098", "--dry-run") == 2
    assert "fails its checksum" in capsys.readouterr().err
    assert fake.calls == []


def test_cvld_orcid_file_still_writes_xml(cv, tmp_path):
    assert cvld("orcid", cv, "-o", tmp_path / "out", "-q") == 0
    assert cvld("orcid", "write", cv, "-o", tmp_path / "out2", "-q") == 0
    assert (tmp_path / "out" / "works.bib").read_bytes() == (tmp_path / "out2" / "works.bib").read_bytes()


def test_pull_reports_what_differs(fake, cv, capsys):
    cvld(*push_args(cv, fake))
    capsys.readouterr()
    pull = ("orcid", "pull", cv, "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url, "-q")
    assert cvld(*pull) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("Pull: 24 works in the CV, 24 on ORCID: 24 the same, 0 different, "
                            "0 missing on ORCID, 0 only on ORCID.\n")
    state = SyncState.load(cv.with_name("lei-wu.orcid-state.json"), f"{fake.url}{ORCID}")
    edited = state.entries["work/wu2018sgd"].put_code
    removed = state.entries["work/lei2016smoothed"].put_code
    works = fake.store["work"]
    works[edited] = works[edited].replace(b"<work:type>conference-paper</work:type>",
                                          b"<work:type>journal-article</work:type>")
    del works[removed]
    works["77"] = works[edited].replace(f'put-code="{edited}"'.encode(), b'put-code="77"').replace(
        b"How SGD selects", b"Someone else's copy: how SGD selects").replace(b"cvld:wu2018sgd", b"their:copy")
    assert cvld(*pull) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f'work wu2018sgd (put-code {edited}): type differs: ORCID "journal-article", CV "conference-paper"\n'
        "work lei2016smoothed: not on ORCID\n"
        "put-code 77 (Someone else's copy: how SGD selects the global minima in over-parameterized learning: "
        "A dynamical stability perspective): on ORCID, not in the CV\n")
    assert captured.err.endswith("24 works in the CV, 24 on ORCID: 22 the same, 1 different, "
                                 "1 missing on ORCID, 1 only on ORCID.\n")


def test_killing_the_push_process_at_any_call_loses_nothing(fake, cv, lei_wu_items, capsys):
    """The push runs in a child process; the server kills it (SIGKILL) right after carrying
    out call k and before answering, for every k; a rerun must finish the job exactly."""
    env = {**os.environ, "ORCID_TOKEN": TOKEN, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    k = 1
    while True:
        fake.store.clear()
        fake.calls.clear()
        cv.with_name("lei-wu.orcid-state.json").unlink(missing_ok=True)
        fake.faults = {k: "kill"}
        child = subprocess.Popen([sys.executable, "-m", "cvld", *map(str, push_args(cv, fake))], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        fake.on_kill = lambda: os.kill(child.pid, signal.SIGKILL)
        output, _ = child.communicate(timeout=60)
        assert TOKEN.encode() not in output
        returncode = child.returncode
        fake.faults = {}
        killed = returncode == -signal.SIGKILL
        capsys.readouterr()
        assert cvld(*push_args(cv, fake)) == 0
        assert_matches_cv(fake, cv, lei_wu_items)
        found = [line for line in capsys.readouterr().err.splitlines() if line.endswith("from an interrupted run")]
        # the killed run's last call was carried out but never answered: the rerun finds it on ORCID
        assert len(found) == (0 if not killed else 24 if k == 16 else 1)
        if not killed:
            break
        k += 1
    assert k == 17  # 16 calls (15 affiliations, 1 bulk of 24 works), each one killed in turn


def test_strict_orcid_refuses_affiliations_without_a_disambiguated_organisation(cv, capsys, lei_wu_items):
    """ORCID's API wants a ROR/Ringgold/GRID id on every affiliation; the example CV has
    them for four organisations only, so a faithful server takes the works and the 5 affiliations
    at those, and refuses the other 10, one by one."""
    with FakeOrcid(xsd_root(), orcid_id=ORCID, token=TOKEN) as strict:
        assert cvld(*push_args(cv, strict)) == 1
        err = capsys.readouterr().err.splitlines()
        refused = [line for line in err if "ORCID refused" in line]
        assert len(refused) == 10
        assert refused[0] == (f"{cv}:100:5: positions[1]: ORCID refused employment 'ra-bibdr': "
                              f"POST /v3.0/{ORCID}/employment: HTTP 400, error 9045: "
                              "400 Bad request: disambiguated-organization must be present and valid")
        assert err[-1] == "Pushed: 29 created, 0 updated, 0 deleted, 0 adopted, 0 unchanged, 10 failed."
        state = SyncState.load(cv.with_name("lei-wu.orcid-state.json"), f"{strict.url}{ORCID}")
        assert {e.section for e in state.entries.values()} == {"work", "education", "employment",
                                                               "invited-position"}
        assert len(state.entries) == 29
        assert set(fake_codes(strict)) == {e.put_code for e in state.entries.values()}


def fake_codes(server):
    return [pc for held in server.store.values() for pc in held]


def test_a_cv_breaking_orcid_rules_is_refused_before_anything_is_sent(fake, cv, capsys):
    text = cv.read_text(encoding="utf-8").replace(
        "    title: Machine Learning from a Continuous Viewpoint", '    title: "' + "Long " * 201 + '"')
    cv.write_text(text, encoding="utf-8")
    assert cvld(*push_args(cv, fake)) == 1
    err = capsys.readouterr().err
    assert (f"{cv}:129:5: works[2]: ORCID work 'e2020continuous': title is 1004 characters long; "
            "ORCID takes at most 1000\n") in err
    assert fake.calls == [] and not cv.with_name("lei-wu.orcid-state.json").exists()


def test_push_can_check_against_orcid_xsd_first(fake, cv, capsys):
    assert cvld(*push_args(cv, fake, "--dry-run", "--orcid-xsd", xsd_root())) == 0
    assert capsys.readouterr().out.endswith("Plan: 39 to create, 0 to update, 0 to delete, 0 unchanged.\n")
    assert cvld(*push_args(cv, fake, "--dry-run", "--orcid-xsd", cv.parent)) == 2
    assert "record_3.0/work-3.0.xsd not found" in capsys.readouterr().err


def test_two_pushes_to_one_state_file_cannot_run_at_once(fake, cv, capsys):
    from cvld.orcid.sync.state import exclusive

    with exclusive(cv.with_name("lei-wu.orcid-state.json")):
        assert cvld(*push_args(cv, fake)) == 2
    assert "cvld: another push is using" in capsys.readouterr().err
    assert fake.calls == []
    assert cvld(*push_args(cv, fake)) == 0  # the lock went with the first holder

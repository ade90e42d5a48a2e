"""``cvld orcid push`` / ``pull`` with awards (distinctions), grants (fundings) and memberships, against
the local fake ORCID server: a first push creates, a second changes nothing, an edit is a PUT, a
removed item is deleted, faults at any call leave no duplicates, server errors exit 3."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA_DIR
from fake_orcid import FakeOrcid, schema
from orcid_samples import xsd_root
from test_orcid_sync_engine import FAULTS, TOKEN, Run, assert_in_sync, sweep

from cvld.cli.main import main
from cvld.orcid.sync.plan import make_plan
from cvld.orcid.sync.pull import pull
from cvld.orcid.sync.state import SyncState
from cvld.orcid.sync.xmlparts import parse, summaries
from cvld.orcid.write import documents
from cvld.source.load import load_cv

ORCID = "0000-0002-1825-0097"
NEW = ("distinction", "funding", "membership")


def new_items(path):
    return [item for item in documents(load_cv(path)) if item.section in NEW]


@pytest.fixture
def fake():
    # the example CV's societies and universities have no ROR ids: a strict server would refuse them
    with FakeOrcid(xsd_root(), orcid_id=ORCID, token=TOKEN, require_disambiguated_org=False) as server:
        yield server


@pytest.fixture
def cv(tmp_path):
    path = tmp_path / "ada-grant.yaml"
    shutil.copy(DATA_DIR / "ada-grant.yaml", path)
    return path


def edited(cv, old, new):
    text = cv.read_text(encoding="utf-8")
    assert text.count(old) == 1
    cv.write_text(text.replace(old, new), encoding="utf-8")
    return new_items(cv)


def calls(fake, start=0):
    return [f"{method} {path.split('/', 3)[3]}" for method, path in fake.calls[start:]]


def test_first_push_creates_each_item_and_a_second_sends_nothing(fake, tmp_path, cv):
    items = new_items(cv)
    run = Run(fake, tmp_path)
    assert run.push(items).summary() == "Pushed: 9 created, 0 updated, 0 deleted, 0 adopted, 0 unchanged, 0 failed."
    assert calls(fake) == ["POST distinction"] * 3 + ["POST funding"] * 3 + ["POST membership"] * 3
    assert_in_sync(fake, run, items)
    before = len(fake.calls)
    assert run.push(items).summary() == "Pushed: 0 created, 0 updated, 0 deleted, 0 adopted, 9 unchanged, 0 failed."
    assert len(fake.calls) == before
    assert make_plan(items, run.state()).render() == "Plan: 0 to create, 0 to update, 0 to delete, 9 unchanged.\n"


def test_every_listing_the_fake_server_gives_is_valid_orcid_xml(fake, tmp_path, cv):
    run = Run(fake, tmp_path)
    run.push(new_items(cv))
    activities = schema(fake.xsd_root, "activities")
    for section in NEW:
        listing = run.client.read(f"{section}s").body
        assert activities.validate(parse(listing)), activities.error_log
        assert {s.put_code for s in summaries(listing)} == set(fake.store[section])
        for put_code in fake.store[section]:  # GET one item: valid against the section's own XSD
            item = schema(fake.xsd_root, section)
            assert item.validate(parse(run.client.read(f"{section}/{put_code}").body)), item.error_log


def test_an_edited_grant_is_put_and_a_removed_membership_deleted(fake, tmp_path, cv):
    run = Run(fake, tmp_path)
    run.push(new_items(cv))
    state = run.state().entries
    grant, member = state["funding/nsf-lineage"].put_code, state["membership/smbe-member"].put_code
    edited(cv, 'amount: {value: "450,000", currency: USD}', 'amount: {value: "475,000", currency: USD}')
    items = edited(cv, "  - key: smbe-member\n    organisation: smbe\n    role: Member\n    start: 2014\n"
                       "    end: 2020\n", "")
    assert make_plan(items, run.state()).render() == (
        f"- delete membership smbe-member (put-code {member})\n"
        f"~ update funding nsf-lineage (put-code {grant})\n"
        "Plan: 0 to create, 1 to update, 1 to delete, 7 unchanged.\n")
    start = len(fake.calls)
    assert run.push(items).summary() == "Pushed: 0 created, 1 updated, 1 deleted, 0 adopted, 7 unchanged, 0 failed."
    assert calls(fake, start) == [f"DELETE membership/{member}", f"PUT funding/{grant}"]
    assert parse(fake.bodies[-1]).get("put-code") == grant
    assert b'<funding:amount currency-code="USD">475000</funding:amount>' in fake.store["funding"][grant]
    assert_in_sync(fake, run, items)


def test_a_lost_state_adopts_the_fundings_orcid_matches_by_award_number(fake, tmp_path, cv):
    items = new_items(cv)
    run = Run(fake, tmp_path)
    run.push(items)
    run.path.unlink()
    outcome = run.push(items)
    # fundings have self external ids (the award number, or cvld:<key>): ORCID answers 9021 and they are
    # adopted; distinctions and memberships carry no ids, so ORCID cannot match them
    assert sorted(outcome.adopted) == ["funding/erc-evoscale", "funding/nsf-lineage", "funding/wellcome-fellowship"]
    assert len(outcome.created) == 6
    assert len(fake.store["funding"]) == 3


def test_a_fault_at_any_call_of_a_push_leaves_no_duplicates(tmp_path, cv):
    items = new_items(cv)
    first = [i for i in items if i.key in ("erc-evoscale", "best-thesis-2014", "iscb-member")]
    second = [i for i in items if i.key in ("erc-evoscale", "nsf-lineage", "teaching-prize-2018", "iscb-member")]
    checked, recovered = sweep(lambda: FakeOrcid(xsd_root(), orcid_id=ORCID, token=TOKEN,
                                                 require_disambiguated_org=False),
                               tmp_path, first, second, FAULTS, attempts=1)
    # 3 calls (DELETE distinction, POST distinction, POST funding) and one past the end, for 4 faults
    assert checked == 4 * 4
    # "drop-after" at each of the two POSTs leaves an upload whose answer was lost: found on the rerun
    assert recovered == 2


def test_pull_compares_distinctions_fundings_and_memberships(fake, tmp_path, cv):
    items = new_items(cv)
    run = Run(fake, tmp_path)
    run.push(items)
    same = pull(items, run.state(), run.client)
    assert same.lines == [] and not same.differs
    assert same.summary() == (
        "Pull: 0 works in the CV, 0 on ORCID: 0 the same, 0 different, 0 missing on ORCID, 0 only on ORCID. "
        "3 distinctions in the CV, 3 on ORCID: 3 the same, 0 different, 0 missing on ORCID, 0 only on ORCID. "
        "3 fundings in the CV, 3 on ORCID: 3 the same, 0 different, 0 missing on ORCID, 0 only on ORCID. "
        "3 memberships in the CV, 3 on ORCID: 3 the same, 0 different, 0 missing on ORCID, 0 only on ORCID.")
    state = run.state().entries
    grant, member = state["funding/nsf-lineage"].put_code, state["membership/smbe-member"].put_code
    fundings = fake.store["funding"]
    fundings[grant] = fundings[grant].replace(b"<common:year>2023</common:year>", b"<common:year>2024</common:year>")
    fundings["77"] = fundings[grant].replace(f'put-code="{grant}"'.encode(), b'put-code="77"').replace(
        b"DBI-0000002", b"THEIR-1").replace(b"Collaborative research", b"Their copy of collaborative research")
    del fake.store["membership"][member]
    found = pull(items, run.state(), run.client)
    assert found.differs
    assert found.lines == [
        "funding nsf-lineage (put-code " + grant + "): dates differs: ORCID \"2020-09..2024-08\", CV \"2020-09..2023-08\"",
        "funding put-code 77 (Their copy of collaborative research on single-cell lineage inference): on ORCID, not "
        "in the CV",
        "membership smbe-member: not on ORCID"]
    assert found.summary().endswith(
        "3 fundings in the CV, 4 on ORCID: 2 the same, 1 different, 0 missing on ORCID, 1 only on ORCID. "
        "3 memberships in the CV, 2 on ORCID: 2 the same, 0 different, 1 missing on ORCID, 0 only on ORCID.")


class StateOf:
    """What assert_in_sync reads of a run: its state file."""

    def __init__(self, path, record):
        self.path, self.record = path, record

    def state(self):
        return SyncState.load(self.path, self.record)


def push_args(cv, fake, *extra):
    return ["orcid", "push", str(cv), "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url, "-q",
            "--attempts", "2", "--timeout", "2", *extra]


def test_the_cli_pushes_the_example_cv_once_and_exits_3_when_orcid_fails(fake, cv, capsys, monkeypatch):
    monkeypatch.setenv("ORCID_TOKEN", TOKEN)
    assert main(push_args(cv, fake)) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Pushed: 24 created, 0 updated, 0 deleted, 0 adopted, 0 unchanged, 0 failed.")
    assert {s: len(v) for s, v in fake.store.items() if s in NEW} == {"distinction": 3, "funding": 3, "membership": 3}
    assert main(push_args(cv, fake)) == 0
    assert capsys.readouterr().out == "Plan: 0 to create, 0 to update, 0 to delete, 24 unchanged.\n"
    state_path = cv.with_name("ada-grant.orcid-state.json")
    before = state_path.read_text(encoding="utf-8")
    items = edited(cv, "title: Sir Henry Imaginary Fellowship", "title: Sir Henry Imaginary Research Fellowship")
    fake.faults = {n: "503" for n in range(len(fake.calls) + 1, len(fake.calls) + 10)}
    assert main(push_args(cv, fake)) == 3
    err = capsys.readouterr().err
    assert "orcid push stopped: PUT /v3.0/" + ORCID + "/funding/" in err and "gave up after 2 attempts" in err
    assert state_path.read_text(encoding="utf-8") == before  # the PUT never went through: nothing changed
    fake.faults = {}
    assert main(push_args(cv, fake)) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Pushed: 0 created, 1 updated, 0 deleted, 0 adopted, 23 unchanged, 0 failed.")
    assert [i.key for i in items if "Research Fellowship" in i.xml.decode()] == ["wellcome-fellowship"]
    assert_in_sync(fake, StateOf(state_path, f"{fake.url}{ORCID}"), documents(load_cv(cv)))
    assert main(["orcid", "pull", str(cv), "--orcid-id", ORCID, "--token-env", "ORCID_TOKEN", "--api-url", fake.url,
                 "-q"]) == 0
    assert capsys.readouterr().err == (
        "Pull: 6 works in the CV, 6 on ORCID: 6 the same, 0 different, 0 missing on ORCID, 0 only on ORCID. "
        "3 distinctions in the CV, 3 on ORCID: 3 the same, 0 different, 0 missing on ORCID, 0 only on ORCID. "
        "3 fundings in the CV, 3 on ORCID: 3 the same, 0 different, 0 missing on ORCID, 0 only on ORCID. "
        "3 memberships in the CV, 3 on ORCID: 3 the same, 0 different, 0 missing on ORCID, 0 only on ORCID.\n")


def test_a_strict_orcid_takes_the_fundings_and_refuses_what_has_no_organisation_id(tmp_path, cv):
    """ORCID's API wants a disambiguated organisation: the example CV's funders have Crossref Funder IDs,
    its awarding bodies and societies none, so the fundings go through and the rest is refused, located."""
    with FakeOrcid(xsd_root(), orcid_id=ORCID, token=TOKEN) as strict:
        outcome = Run(strict, tmp_path).push(new_items(cv))
        assert sorted(outcome.created) == ["funding/erc-evoscale", "funding/nsf-lineage", "funding/wellcome-fellowship"]
        assert len(outcome.failed) == 6
        assert outcome.failed[0] == (
            f"{cv}:175:5: awards[0]: ORCID refused distinction 'young-investigator-2021': POST /v3.0/{ORCID}/"
            "distinction: HTTP 400, error 9045: 400 Bad request: disambiguated-organization must be present and valid")
        assert set(strict.store) == {"funding"}

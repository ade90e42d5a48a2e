"""The ORCID sync engine (plan, state, client, push) against a local fake ORCID server."""

from __future__ import annotations

from collections import Counter

import pytest
from fake_orcid import FakeOrcid, schema
from lxml import etree
from orcid_samples import affiliation, work, xsd_root

from cvld.orcid.sync.client import AuthError, OrcidClient, OrcidError, TransientError, check_base_url
from cvld.orcid.sync.plan import make_plan
from cvld.orcid.sync.push import push
from cvld.orcid.sync.state import SyncState, content_hash, state_path_for
from cvld.orcid.sync.xmlparts import facts, parse, summaries

TOKEN = "tok-3f9c2a71-secret"


@pytest.fixture
def fake():
    with FakeOrcid(xsd_root(), token=TOKEN) as server:
        yield server


@pytest.fixture
def items():
    return [
        work("wu2021", "Deep sets of things", "10.1000/one"),
        work("wu2022", "Shallow sets", "10.1000/two"),
        work("talk2020", "A talk with no DOI", "cvld:talk2020", id_type="source-work-id"),
        affiliation("education", "phd", "PhD student"),
        affiliation("employment", "lecturer", "Lecturer"),
        affiliation("service", "reviewer", "Reviewer", keep_ids=True),
    ]


class Run:
    """A client, a state file and a sleep recorder for one fake server."""

    def __init__(self, fake, tmp_path, *, attempts=5, timeout=10.0, token=TOKEN):
        self.sleeps: list[float] = []
        self.lines: list[str] = []
        self.client = OrcidClient(fake.url, fake.orcid_id, token, attempts=attempts, timeout=timeout,
                                  sleep=self.sleeps.append)
        self.path = tmp_path / "cv.orcid-state.json"

    def state(self) -> SyncState:
        return SyncState.load(self.path, self.client.record_url)

    def push(self, items):
        return push(items, self.state(), self.client, say=self.lines.append)


def assert_in_sync(fake, run, items):
    """The server holds exactly one copy of each item, with the CV's content, and the state says so."""
    entries = run.state().entries
    assert not any(e.pending for e in entries.values())
    expected = {f"{i.section}/{i.key}": i for i in items}
    assert set(entries) == set(expected)
    on_server = {(section, pc) for section in fake.store for pc in fake.store[section]}
    assert on_server == {(e.section, e.put_code) for e in entries.values()}
    for ident, entry in entries.items():
        held = parse(fake.store[entry.section][entry.put_code])
        assert facts(held) == facts(parse(expected[ident].xml))
        assert entry.sha256 == content_hash(expected[ident].xml)


def test_state_file_sits_next_to_the_cv(tmp_path):
    assert state_path_for(tmp_path / "lei-wu.yaml") == tmp_path / "lei-wu.orcid-state.json"


def test_first_plan_creates_everything_and_dry_state_is_untouched(tmp_path, items):
    state = SyncState.load(tmp_path / "s.json", "https://api.orcid.org/v3.0/0000-0002-1825-0097")
    assert make_plan(items, state).render() == (
        "+ create work wu2021\n+ create work wu2022\n+ create work talk2020\n"
        "+ create education phd\n+ create employment lecturer\n+ create service reviewer\n"
        "Plan: 6 to create, 0 to update, 0 to delete, 0 unchanged.\n"
    )
    assert not (tmp_path / "s.json").exists()


def test_push_creates_each_item_once_and_a_rerun_sends_nothing(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    outcome = run.push(items)
    assert outcome.summary() == "Pushed: 6 created, 0 updated, 0 deleted, 0 adopted, 0 unchanged, 0 failed."
    assert [c[0] + " " + c[1].rsplit("/", 1)[1] for c in fake.calls] == [
        "POST education", "POST employment", "POST service", "POST works"]
    assert_in_sync(fake, run, items)
    calls = len(fake.calls)
    again = run.push(items)
    assert again.summary() == "Pushed: 0 created, 0 updated, 0 deleted, 0 adopted, 6 unchanged, 0 failed."
    assert len(fake.calls) == calls
    assert make_plan(items, run.state()).render() == "Plan: 0 to create, 0 to update, 0 to delete, 6 unchanged.\n"


def test_changed_item_is_updated_with_put_with_its_put_code(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    run.push(items)
    put_code = run.state().entries["work/wu2022"].put_code
    changed = [work("wu2022", "Shallow sets, revised", "10.1000/two") if i.key == "wu2022" else i for i in items]
    plan = make_plan(changed, run.state())
    assert plan.render() == f"~ update work wu2022 (put-code {put_code})\nPlan: 0 to create, 1 to update, 0 to delete, 5 unchanged.\n"
    before = len(fake.calls)
    run.push(changed)
    assert fake.calls[before:] == [("PUT", f"/v3.0/{fake.orcid_id}/work/{put_code}")]
    assert parse(fake.bodies[-1]).get("put-code") == put_code
    assert_in_sync(fake, run, changed)


def test_only_items_this_client_created_are_deleted(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    other = Run(fake, tmp_path / "other")
    (tmp_path / "other").mkdir()
    other.push([work("theirs", "Added by someone else", "10.1000/theirs")])
    theirs = dict(fake.store["work"])
    run.push(items)
    gone = run.state().entries["employment/lecturer"].put_code
    kept = [i for i in items if i.key != "lecturer"]
    assert make_plan(kept, run.state()).render() == (
        f"- delete employment lecturer (put-code {gone})\nPlan: 0 to create, 0 to update, 1 to delete, 5 unchanged.\n")
    run.push(kept)
    assert fake.calls[-1] == ("DELETE", f"/v3.0/{fake.orcid_id}/employment/{gone}")
    assert fake.items("employment") == {}
    assert set(theirs) <= set(fake.store["work"])
    fake.store["work"] = {k: v for k, v in fake.store["work"].items() if k not in theirs}
    assert_in_sync(fake, run, kept)


def test_bulk_reply_errors_are_handled_item_by_item(fake, tmp_path):
    batch = [work("a", "Good one", "10.1000/a"), work("bad", "Bad type", "10.1000/bad", "not-a-type"),
             work("b", "Good two", "10.1000/b")]
    run = Run(fake, tmp_path)
    outcome = run.push(batch)
    assert outcome.failed == ["work bad: HTTP 400, error 9037: Invalid work type 'not-a-type'"]
    assert sorted(outcome.created) == ["work/a", "work/b"]
    assert set(run.state().entries) == {"work/a", "work/b"}
    assert len(fake.store["work"]) == 2


def test_works_go_in_bulks_of_at_most_100(fake, tmp_path):
    many = [work(f"w{n:03}", f"Work {n}", f"10.1000/{n}") for n in range(205)]
    run = Run(fake, tmp_path)
    run.push(many)
    assert [len(parse(b)) for (m, p), b in zip(fake.calls, fake.bodies) if p.endswith("/works")] == [100, 100, 5]
    assert_in_sync(fake, run, many)


def test_a_409_duplicate_adopts_the_named_put_code(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    run.push(items)
    held = {s: dict(v) for s, v in fake.store.items()}
    run.path.unlink()  # the state is lost: ORCID must tell us what is there already
    outcome = run.push(items)
    # works and the service have self external ids: ORCID answers 9021 and they are adopted;
    # the affiliations without ids cannot be matched by ORCID and come back as new copies
    assert sorted(outcome.adopted) == ["service/reviewer", "work/talk2020", "work/wu2021", "work/wu2022"]
    assert sorted(outcome.created) == ["education/phd", "employment/lecturer"]
    assert {run.state().entries[k].put_code for k in ("work/wu2021", "work/wu2022")} <= set(held["work"])
    assert run.state().entries["service/reviewer"].put_code in held["service"]


def test_single_post_409_is_adopted(fake, tmp_path):
    one = [affiliation("service", "reviewer", "Reviewer", keep_ids=True)]
    first = Run(fake, tmp_path)
    first.push(one)
    first.path.unlink()
    outcome = first.push(one)
    assert outcome.adopted == ["service/reviewer"]
    assert [c[0] for c in fake.calls] == ["POST", "POST", "PUT"]
    assert_in_sync(fake, first, one)


def test_429_and_5xx_are_retried_with_backoff(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    run.push(items)
    changed = [work(i.key, i.key + " v2", f"10.1000/{i.key}") if i.section == "work" else i for i in items]
    fake.faults = {len(fake.calls) + 1: "429", len(fake.calls) + 2: "500", len(fake.calls) + 3: "503"}
    run.push(changed)
    assert run.sleeps == [1.0, 2.0, 4.0]  # the same PUT thrice: Retry-After: 1, then 2 s, 4 s
    assert_in_sync(fake, run, changed)


def test_retries_are_bounded(fake, tmp_path, items):
    run = Run(fake, tmp_path, attempts=3)
    run.push(items)
    changed = [work("wu2021", "Changed", "10.1000/one") if i.key == "wu2021" else i for i in items]
    fake.faults = {n: "503" for n in range(len(fake.calls) + 1, len(fake.calls) + 10)}
    with pytest.raises(TransientError, match=r"HTTP 503, error 9000: Try again later; gave up after 3 attempts"):
        run.push(changed)
    assert run.sleeps == [1.0, 2.0]


def test_bad_token_stops_the_run_with_a_clear_message(fake, tmp_path, items):
    run = Run(fake, tmp_path, token="wrong-token")
    with pytest.raises(AuthError) as caught:
        run.push(items)
    assert "HTTP 401" in str(caught.value) and "ORCID refused the token" in str(caught.value)
    assert "wrong-token" not in str(caught.value) and "wrong-token" not in repr(run.client)
    assert fake.count() == 0 and len(fake.calls) == 1


def test_forbidden_stops_the_run(fake, tmp_path, items):
    fake.forbidden = True
    run = Run(fake, tmp_path)
    with pytest.raises(AuthError, match="HTTP 403"):
        run.push(items)
    assert len(fake.calls) == 1


def test_slow_answer_times_out_and_is_retried(fake, tmp_path, items):
    run = Run(fake, tmp_path, timeout=0.2)
    fake.slow_seconds = 0.6
    fake.faults = {1: "slow"}  # the first POST is carried out but answered too late
    run.push(items)
    assert_in_sync(fake, run, items)


def test_plain_http_only_to_loopback():
    assert check_base_url("http://127.0.0.1:8080/v3.0") == "http://127.0.0.1:8080/v3.0/"
    with pytest.raises(ValueError, match="refusing to send a token over plain http to api.orcid.org"):
        check_base_url("http://api.orcid.org/v3.0/")


def test_every_body_sent_and_every_listing_is_valid_orcid_xml(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    run.push(items)
    for section, listing in (("work", "works"), ("education", "educations"), ("service", "services")):
        doc = parse(run.client.read(listing).body)
        assert schema(fake.xsd_root, "activities").validate(doc), schema(fake.xsd_root, "activities").error_log
        assert {s.put_code for s in summaries(etree.tostring(doc))} == set(fake.store[section])


# "slow" is left to its own test: a sweep must not hang on timing
FAULTS = ("drop-before", "drop-after", "500", "429")


def sweep(fake_factory, tmp_path, first, second, kinds, attempts):
    """Push ``first``, then push ``second`` with a fault at call k, for every k; rerun; check."""
    checked = recovered = 0
    for kind in kinds:
        k = 1
        while True:
            with fake_factory() as fake:
                base = tmp_path / f"{kind}-{k}"
                base.mkdir()
                run = Run(fake, base, attempts=attempts)
                if first:
                    run.push(first)
                start = len(fake.calls)
                fake.faults = {start + k: kind}
                adopted = []
                try:
                    adopted = run.push(second).adopted
                except OrcidError:
                    pass
                reached = len(fake.calls) - start >= k
                fake.faults = {}
                outcome = run.push(second)
                assert_in_sync(fake, run, second)
                checked += 1
                recovered += bool(adopted or outcome.adopted)
            if not reached:
                break
            k += 1
    return checked, recovered


def test_a_fault_at_any_call_of_a_first_push_leaves_no_duplicates(tmp_path, items):
    checked, recovered = sweep(lambda: FakeOrcid(xsd_root(), token=TOKEN), tmp_path, None, items, FAULTS, attempts=1)
    # 4 calls (3 affiliations, 1 bulk) and one call past the end, for each of the 4 faults
    assert checked == 4 * 5
    # "drop-after" at each of the 4 calls leaves an upload whose answer was lost
    assert recovered == 4


def test_a_fault_at_any_call_of_a_mixed_push_leaves_no_duplicates(tmp_path, items):
    second = [work("wu2021", "Deep sets, revised", "10.1000/one"), *items[1:4],
              affiliation("employment", "prof", "Professor"), work("new", "Brand new", "10.1000/new"),
              work("new2", "Also new", "cvld:new2", id_type="source-work-id")]
    checked, recovered = sweep(lambda: FakeOrcid(xsd_root(), token=TOKEN), tmp_path, items, second, FAULTS,
                                attempts=2)
    # 5 calls (DELETE, DELETE, PUT, POST employment, POST works) and one past the end, for 4 faults
    assert checked == 4 * 6
    # "drop-after" at each of the two POSTs loses an answer; the retry finds the upload on ORCID
    assert recovered == 2


def _interrupted_education(fake, run, items):
    """A push whose education POST is carried out but never answered (the run stops)."""
    fake.faults = {1: "drop-after"}
    with pytest.raises(OrcidError, match="no answer"):
        run.push(items)
    fake.faults = {}
    entry = run.state().entries["education/phd"]
    assert entry.pending and entry.put_code is None
    assert entry.sent == {"title": "PhD student / department-name", "type": "education",
                          "date": "1948-02-02..1948-02-02", "ids": [], "organisation": "common:name"}
    assert len(fake.items("education")) == 1


def test_an_interrupted_upload_is_found_even_if_the_cv_changed_meanwhile(fake, tmp_path, items):
    run = Run(fake, tmp_path, attempts=1)
    _interrupted_education(fake, run, items)
    changed = [affiliation("education", "phd", "Doctoral student") if i.key == "phd" else i for i in items]
    assert make_plan(changed, run.state()).render().splitlines()[3] == (
        "+ create education phd (interrupted before: look for it on ORCID first)")
    outcome = run.push(changed)
    assert outcome.adopted == ["education/phd"] and outcome.updated == ["education/phd"]
    assert_in_sync(fake, run, changed)


def test_an_interrupted_upload_that_left_the_cv_is_deleted(fake, tmp_path, items):
    run = Run(fake, tmp_path, attempts=1)
    _interrupted_education(fake, run, items)
    kept = [i for i in items if i.key != "phd"]
    assert make_plan(kept, run.state()).render().splitlines()[0] == (
        "- delete education phd (interrupted before: look for it on ORCID first)")
    outcome = run.push(kept)
    assert outcome.deleted == ["education/phd"]
    assert fake.items("education") == {}
    assert_in_sync(fake, run, kept)


def test_a_single_new_work_is_posted_alone(fake, tmp_path):
    run = Run(fake, tmp_path)
    run.push([work("solo", "Alone", "10.1000/solo")])
    assert fake.calls == [("POST", f"/v3.0/{fake.orcid_id}/work")]
    assert run.state().entries["work/solo"].put_code == next(iter(fake.store["work"]))


def test_a_refused_bulk_request_fails_its_items_and_leaves_nothing_pending(fake, tmp_path):
    many = [work(f"w{n:03}", f"Work {n}", f"10.1000/{n}") for n in range(101)]
    run = Run(fake, tmp_path)
    outcome = push(many, run.state(), run.client, bulk_limit=101)  # more than ORCID takes
    assert len(outcome.failed) == 101
    assert outcome.failed[0] == (f"work w000: POST /v3.0/{fake.orcid_id}/works: HTTP 400, "
                                 "error 9006: The client application sent a bad request to ORCID: "
                                 "a bulk request holds at most 100 works, not 101")
    assert run.state().entries == {} and fake.count() == 0


def test_every_answer_of_the_fake_server_is_valid_orcid_xml(fake, tmp_path, items):
    run = Run(fake, tmp_path)
    run.push(items + [work("bad", "Bad type", "10.1000/bad", "not-a-type")])
    run.path.unlink()
    run.push(items)  # the state is lost: 409s for the items with self ids, adopted by PUT
    for listing in ("works", "educations", "employments", "services"):
        run.client.read(listing)
    roots = {"error": "error", "bulk": "bulk", "works": "activities", "educations": "activities",
             "employments": "activities", "services": "activities", "work": "work", "service": "service"}
    checked = Counter()
    for reply in fake.replies:
        if reply:
            doc = parse(reply)
            name = roots[etree.QName(doc).localname]
            assert schema(fake.xsd_root, name).validate(doc), schema(fake.xsd_root, name).error_log
            checked[name] += 1
    assert checked == {"bulk": 2, "activities": 4, "error": 1, "work": 3, "service": 1}


def test_an_adopted_item_whose_update_failed_is_updated_next_run(fake, tmp_path, items):
    run = Run(fake, tmp_path, attempts=1)
    run.push(items)
    run.path.unlink()
    works = [i for i in items if i.section == "work"]
    fake.faults = {len(fake.calls) + 2: "500"}  # POST works (three 9021s), then the first PUT fails
    with pytest.raises(TransientError, match="HTTP 500"):
        run.push(works)
    fake.faults = {}
    adopted = run.state().entries["work/wu2021"]
    assert adopted.put_code in fake.store["work"] and adopted.sha256 == ""
    assert make_plan(works, run.state()).render().splitlines()[0] == (
        f"~ update work wu2021 (put-code {adopted.put_code})")
    run.push(works)
    fake.store = {"work": fake.store["work"]}  # the affiliations of the first push are not in this CV
    assert_in_sync(fake, run, works)


def test_two_cv_records_for_one_orcid_item_are_refused_not_merged(fake, tmp_path):
    twins = [work("a", "Same paper", "10.1000/same"), work("b", "Same paper, again", "10.1000/same")]
    run = Run(fake, tmp_path)
    outcome = run.push(twins)
    code = run.state().entries["work/a"].put_code
    assert outcome.failed == [
        "work b: HTTP 409, error 9021: 409 Conflict: You have already added this activity (matched by external "
        f"identifiers), please see element with put-code {code}. If you are trying to edit the item, please use "
        "PUT instead of POST."]
    assert set(run.state().entries) == {"work/a"} and list(fake.store["work"]) == [code]


def test_an_answer_that_is_not_xml_stops_the_run_cleanly():
    from cvld.orcid.sync.xmlparts import bulk_results

    with pytest.raises(OrcidError, match="POST works: ORCID's answer is not XML"):
        bulk_results(b"<html>Bad gateway")


def test_base_urls_and_tokens(tmp_path, monkeypatch):
    from cvld.core.diagnostics import UsageError
    from cvld.orcid.sync.session import base_url, read_token

    assert base_url(None, False) == "https://api.orcid.org/v3.0/"
    assert base_url(None, True) == "https://api.sandbox.orcid.org/v3.0/"
    assert base_url("https://orcid.example.org/v3.0", False) == "https://orcid.example.org/v3.0/"
    (tmp_path / "t").write_text("  abc-123 \n", encoding="utf-8")
    assert read_token(None, str(tmp_path / "t")) == "abc-123"
    monkeypatch.setenv("T", "xyz")
    assert read_token("T", None) == "xyz"
    with pytest.raises(UsageError, match="an access token is needed: name the environment variable or the file that holds it"):
        read_token(None, None)
    with pytest.raises(UsageError, match="cannot read the token file"):
        read_token(None, str(tmp_path / "missing"))


def test_retry_after_is_honoured_up_to_the_cap():
    client = OrcidClient("http://127.0.0.1:9/v3.0/", "0000-0002-1825-0097", "t", backoff=0.5, max_delay=8)
    assert [client.delay(n) for n in (1, 2, 3, 4, 5, 6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert client.delay(1, "3") == 3.0 and client.delay(1, "120") == 8.0
    assert client.delay(2, "Wed, 21 Oct 2015 07:28:00 GMT") == 1.0  # a date: fall back to backoff

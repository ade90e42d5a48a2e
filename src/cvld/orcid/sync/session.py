"""What ``cvld orcid push`` and ``cvld orcid pull`` do, apart from argument parsing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cvld.core.diagnostics import CVInputError, RemoteError, Report, UsageError
from cvld.model.ids import IdentifierError, normalize_orcid
from cvld.orcid.sync.client import PRODUCTION_URL, SANDBOX_URL, OrcidClient, check_base_url
from cvld.orcid.sync.plan import make_plan
from cvld.orcid.sync.pull import pull
from cvld.orcid.sync.push import push
from cvld.orcid.sync.state import SyncState, exclusive, state_path_for
from cvld.source.load import load_cv
from cvld.orcid.check import check
from cvld.orcid.sync.client import OrcidError
from cvld.orcid.write import documents


def read_token(env: str | None, file: str | None) -> str:
    """The bearer token from an environment variable or a file; never from the command line."""
    if env and file:
        raise UsageError("give the access token in an environment variable or a file, not both")
    if env:
        token = os.environ.get(env, "").strip()
        if not token:
            raise UsageError(f"the environment variable {env} is not set or empty")
        return token
    if file:
        try:
            token = Path(file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise UsageError(f"cannot read the token file {file}: {error.strerror}") from error
        if not token:
            raise UsageError(f"the token file {file} is empty")
        return token
    raise UsageError("an access token is needed: name the environment variable or the file that holds it")


def base_url(api_url: str | None, sandbox: bool) -> str:
    if api_url and sandbox:
        raise UsageError("give another API URL or the sandbox, not both")
    try:
        return check_base_url(api_url or (SANDBOX_URL if sandbox else PRODUCTION_URL))
    except ValueError as error:
        raise UsageError(f"the ORCID API URL: {error}") from error


def orcid_id(value: str) -> str:
    try:
        return normalize_orcid(value)
    except IdentifierError as error:
        raise UsageError(f"the ORCID iD: {error}") from error


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of the token blanked out (belt and braces)."""
    return text.replace(secret, "<token>") if secret else text


@dataclass
class Session:
    """One CV and one ORCID record."""

    cv_path: Path
    orcid: str
    base: str
    state_path: Path
    report: Report

    @classmethod
    def open(cls, cv_path: str, orcid: str, *, api_url: str | None = None, sandbox: bool = False,
             state_path: str | None = None) -> "Session":
        path = Path(cv_path)
        return cls(path, orcid_id(orcid), base_url(api_url, sandbox),
                   Path(state_path) if state_path else state_path_for(path), Report())

    @property
    def record(self) -> str:
        return f"{self.base}{self.orcid}"

    def items(self, xsd_dir: str | None = None):
        """The CV's ORCID documents, after ``cvld check``'s ORCID checks (and, with ``xsd_dir``,
        ORCID's XSDs): a CV with an error is refused before anything is sent."""
        cv = load_cv(self.cv_path, self.report)
        self.report.extend(check(cv, xsd_dir))
        if self.report.errors:
            raise CVInputError(self.report.diagnostics)
        return documents(cv)

    def state(self) -> SyncState:
        return SyncState.load(self.state_path, self.record)

    def client(self, token: str, **options) -> OrcidClient:
        return OrcidClient(self.base, self.orcid, token, **options)


@dataclass
class Options:
    """How to reach ORCID and what to print: the parts of a push or pull that are not the CV."""

    token_env: str | None = None
    token_file: str | None = None
    api_url: str | None = None
    sandbox: bool = False
    state: str | None = None
    xsd_dir: str | None = None
    attempts: int = 5
    timeout: float = 30.0
    quiet: bool = False


def _print_warnings(session: Session, options: Options, err) -> None:
    if not options.quiet:
        for diagnostic in session.report.sorted():
            print(diagnostic, file=err)


def _remote(error: OrcidError, token: str | None, what: str) -> RemoteError:
    return RemoteError(redact(f"{what}: {error}", token))


def push_record(cv_path: str, orcid: str, options: Options, out, err, *, dry_run: bool = False,
                verbose: bool = False) -> int:
    """Print the plan; unless ``dry_run``, carry it out. Returns 0 when every item went through,
    1 when ORCID refused an item as invalid; raises :class:`RemoteError` when ORCID refused the
    token or stayed unavailable (the state file keeps what was done: push again to go on)."""
    session = Session.open(cv_path, orcid, api_url=options.api_url, sandbox=options.sandbox,
                           state_path=options.state)
    token = None if dry_run else read_token(options.token_env, options.token_file)
    items = session.items(options.xsd_dir)
    _print_warnings(session, options, err)
    state = session.state()
    plan = make_plan(items, state)
    out.write(plan.render(verbose=verbose))
    out.flush()
    if dry_run or not plan.changes and not any(e.pending for e in state.entries.values()):
        return 0

    def say(line: str) -> None:
        print(redact(line, token), file=err, flush=True)

    try:
        with exclusive(session.state_path):
            state = session.state()  # read again under the lock
            outcome = push(items, state, session.client(token, attempts=options.attempts, timeout=options.timeout),
                           say=say)
    except OrcidError as error:
        say(f"the state file {session.state_path} holds everything done so far; run the push again to go on")
        raise _remote(error, token, "orcid push stopped") from None
    say(outcome.summary())
    return 1 if outcome.failed else 0


def pull_record(cv_path: str, orcid: str, options: Options, out, err) -> int:
    """Compare the record's works with the CV: 0 when they agree, 1 when they differ; raises
    :class:`RemoteError` when ORCID could not be read."""
    session = Session.open(cv_path, orcid, api_url=options.api_url, sandbox=options.sandbox,
                           state_path=options.state)
    token = read_token(options.token_env, options.token_file)
    items = session.items(options.xsd_dir)
    _print_warnings(session, options, err)
    try:
        comparison = pull(items, session.state(), session.client(token, attempts=options.attempts,
                                                                 timeout=options.timeout))
    except OrcidError as error:
        raise _remote(error, token, "orcid pull") from None
    for line in comparison.lines:
        out.write(redact(line, token) + "\n")
    print(comparison.summary(), file=err)
    return 1 if comparison.differs else 0

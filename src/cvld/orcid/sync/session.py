"""What ``cvld orcid push`` and ``cvld orcid pull`` do, apart from argument parsing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cvld.core.diagnostics import CVInputError, Report, UsageError
from cvld.model.ids import IdentifierError, normalize_orcid
from cvld.orcid.sync.client import PRODUCTION_URL, SANDBOX_URL, OrcidClient, check_base_url
from cvld.orcid.sync.plan import make_plan
from cvld.orcid.sync.pull import pull
from cvld.orcid.sync.push import push
from cvld.orcid.sync.state import SyncState, exclusive, state_path_for


def read_token(env: str | None, file: str | None) -> str:
    """The bearer token from an environment variable or a file; never from the command line."""
    if env and file:
        raise UsageError("give --token-env or --token-file, not both")
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
    raise UsageError("an access token is needed: --token-env VAR or --token-file FILE")


def base_url(api_url: str | None, sandbox: bool) -> str:
    if api_url and sandbox:
        raise UsageError("give --api-url or --sandbox, not both")
    try:
        return check_base_url(api_url or (SANDBOX_URL if sandbox else PRODUCTION_URL))
    except ValueError as error:
        raise UsageError(f"--api-url: {error}") from error


def orcid_id(value: str) -> str:
    try:
        return normalize_orcid(value)
    except IdentifierError as error:
        raise UsageError(f"--orcid-id: {error}") from error


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
        from cvld.api import load_cv
        from cvld.orcid.check import check
        from cvld.orcid.write import documents

        cv = load_cv(self.cv_path, self.report)
        self.report.extend(check(cv, xsd_dir))
        if self.report.errors:
            raise CVInputError(self.report.diagnostics)
        return documents(cv)

    def state(self) -> SyncState:
        return SyncState.load(self.state_path, self.record)

    def client(self, token: str, **options) -> OrcidClient:
        return OrcidClient(self.base, self.orcid, token, **options)



def _options(args) -> dict:
    return {"attempts": args.attempts, "timeout": args.timeout}


def _print_warnings(session: Session, args, err) -> None:
    if not args.quiet:
        for diagnostic in session.report.sorted():
            print(diagnostic, file=err)


def cli_push(args, out, err) -> int:
    """``cvld orcid push``: print the plan; unless --dry-run, carry it out. Exit 0 when every
    item went through, 1 when ORCID refused an item, the token or stayed unavailable."""
    from cvld.orcid.sync.client import OrcidError

    session = Session.open(args.file, args.orcid_id, api_url=args.api_url, sandbox=args.sandbox,
                           state_path=args.state)
    token = None if args.dry_run else read_token(args.token_env, args.token_file)
    items = session.items(args.orcid_xsd)
    _print_warnings(session, args, err)
    state = session.state()
    plan = make_plan(items, state)
    out.write(plan.render(verbose=args.verbose))
    out.flush()
    if args.dry_run or not plan.changes and not any(e.pending for e in state.entries.values()):
        return 0

    def say(line: str) -> None:
        print(redact(line, token), file=err, flush=True)

    try:
        with exclusive(session.state_path):
            state = session.state()  # read again under the lock
            outcome = push(items, state, session.client(token, **_options(args)), say=say)
    except OrcidError as error:
        say(f"cvld: orcid push stopped: {error}")
        say(f"the state file {session.state_path} holds everything done so far; run the push again to go on")
        return 1
    say(outcome.summary())
    return 1 if outcome.failed else 0


def cli_pull(args, out, err) -> int:
    """``cvld orcid pull``: compare the record's works with the CV. Exit 0 when they agree,
    1 when they differ or ORCID could not be read."""
    from cvld.orcid.sync.client import OrcidError

    session = Session.open(args.file, args.orcid_id, api_url=args.api_url, sandbox=args.sandbox,
                           state_path=args.state)
    token = read_token(args.token_env, args.token_file)
    items = session.items(args.orcid_xsd)
    _print_warnings(session, args, err)
    try:
        comparison = pull(items, session.state(), session.client(token, **_options(args)))
    except OrcidError as error:
        print(redact(f"cvld: orcid pull: {error}", token), file=err)
        return 1
    for line in comparison.lines:
        out.write(redact(line, token) + "\n")
    print(comparison.summary(), file=err)
    return 1 if comparison.differs else 0

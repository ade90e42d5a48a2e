"""The command line: exit statuses, messages on stderr, init and schema."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED_CV

from cvld.cli.main import main


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "cvld", *args], capture_output=True, text=True, cwd=cwd)


def test_check_clean_file_exits_0():
    result = run("check", str(SEED_CV))
    assert result.returncode == 0
    assert result.stderr.splitlines()[-1].startswith("1 file(s) checked: 0 error(s)")


def test_check_invalid_file_exits_1_with_every_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("person:\n  key: ada\n  name: Ada\nworks:\n  - {key: w, type: other, title: T, authors: [bob], date: 2019-13}\n")
    result = run("check", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}:5:47: works[0].authors[0]: unknown person key 'bob'",
        f"{bad}:5:59: works[0].date: impossible date '2019-13': month 13 is not 1-12",
        "1 file(s) checked: 2 error(s), 0 warning(s)",
    ]


def test_unreadable_file_and_usage_errors_exit_2(tmp_path):
    result = run("check", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert f"cvld: {tmp_path / 'missing.yaml'}: cannot read: No such file or directory" in result.stderr
    assert main(["check"]) == 2
    assert main(["frobnicate"]) == 2
    assert main([]) == 2


def test_schema_is_printed_and_is_a_2020_12_schema(tmp_path):
    from jsonschema import Draft202012Validator

    result = run("schema")
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://w3id.org/cvld/schema/cv/1.0"
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text()) == schema


def test_init_writes_a_starter_that_passes_check_and_never_overwrites(tmp_path):
    result = run("init", "Ada King Lovelace", cwd=tmp_path)
    assert result.returncode == 0
    written = tmp_path / "ada-king-lovelace.yaml"
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=https://w3id.org/cvld/schema/cv/1.0\n")
    assert run("check", str(written)).returncode == 0
    from cvld.api import load_cv

    cv = load_cv(written)
    assert (cv.owner.name, cv.owner.given_name, cv.owner.family_name) == ("Ada King Lovelace", "Ada King", "Lovelace")
    again = run("init", "Ada King Lovelace", cwd=tmp_path)
    assert again.returncode == 2
    assert "exists already; cvld never overwrites it" in again.stderr
    assert written.read_text() == text


def test_package_data_is_installed():
    from cvld.core.resources import SCHEMA_PATH, TEMPLATES_DIR, contexts_dir

    assert SCHEMA_PATH.is_file()
    assert (TEMPLATES_DIR / "starter.yaml.j2").is_file()
    assert (contexts_dir() / "README.md").is_file()


def test_a_command_runs_with_the_garbage_collector_set_for_many_records(capsys):
    import gc

    from cvld.core.collector import THRESHOLDS

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert main(["schema"]) == 0
        assert gc.get_threshold() == THRESHOLDS
    finally:
        gc.set_threshold(*before)
    assert json.loads(capsys.readouterr().out)["$schema"]


def test_a_check_holds_the_collector_back_while_it_runs_and_restores_it(monkeypatch):
    import gc

    from cvld import api
    from cvld.core.collector import LONG_LIVED
    from cvld.source import load

    seen = []
    real = load.load_cv
    monkeypatch.setattr(api, "load_cv", lambda *a, **k: seen.append(gc.get_threshold()) or real(*a, **k))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        api.check_files([SEED_CV])
        assert seen == [LONG_LIVED]
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)

"""What start-up relies on: the shipped schema validator matches the schema; snippet imports no heavy library."""

from __future__ import annotations

import pytest

from cvld.source import validator_source


def test_shipped_validator_is_generated_from_the_schema_as_it_is():
    shipped = validator_source.GENERATED.read_text(encoding="utf-8")
    assert shipped == validator_source.generate(), (
        "src/cvld/source/_cv_validator.py is out of date with data/schema/cv.schema.json: run python -m cvld.source.validator_source")


def test_a_changed_schema_changes_the_generated_validator(monkeypatch):
    schema = validator_source.cv_schema()
    changed = {**schema, "required": [*schema.get("required", []), "updated"]}
    monkeypatch.setattr(validator_source, "cv_schema", lambda: changed)
    assert validator_source.generate() != validator_source.GENERATED.read_text(encoding="utf-8")


def test_snippet_imports_no_rdf_xml_or_schema_library():
    import subprocess
    import sys

    from conftest import DATA_DIR

    heavy = ["rdflib", "pyshacl", "pyoxigraph", "pyld", "lxml", "jsonschema", "fastjsonschema", "stdnum", "rfc3987"]
    code = ("import sys; from cvld.cli.main import main; assert main(['snippet', sys.argv[1]]) == 0; "
            f"print('imported:', *[m for m in {heavy!r} if m in sys.modules], file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, str(DATA_DIR / "lei-wu.yaml")], capture_output=True,
                         text=True, check=True)
    assert run.stderr.splitlines()[-1] == "imported:"
    assert "application/ld+json" in run.stdout


def test_snippet_loads_no_command_family_it_does_not_run():
    """api loads each command family on first use: a snippet loads the reader and the web writer only."""
    import subprocess
    import sys

    from conftest import DATA_DIR

    families = ["cvld.build", "cvld.batch", "cvld.orcid", "cvld.rdf", "cvld.importers", "cvld.enrich",
                "cvld.report", "cvld.jsonld.check", "cvld.web.check", "cvld.source.people"]
    code = ("import sys; from cvld.cli.main import main; assert main(['snippet', sys.argv[1]]) == 0; "
            f"print('loaded:', *sorted({{m.rsplit('.', 1)[0] if m.count('.') > 1 else m for m in sys.modules "
            f"if any(m == f or m.startswith(f + '.') for f in {families!r})}}), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, str(DATA_DIR / "lei-wu.yaml")], capture_output=True,
                         text=True, check=True)
    assert run.stderr.splitlines()[-1] == "loaded:"


def test_every_lazily_loaded_family_of_the_api_exists_and_is_declared_for_the_contracts():
    """Each ``lazy_module`` of api.py names a real module, also imported under TYPE_CHECKING (so that the
    import contracts see the dependency), and each lazily exported name resolves."""
    import ast
    import importlib

    from cvld import api
    from cvld.core.lazy import LazyModule

    tree = ast.parse(open(api.__file__, encoding="utf-8").read())
    declared = {alias.name for node in ast.walk(tree) if isinstance(node, ast.If)
                and getattr(node.test, "id", None) == "TYPE_CHECKING"
                for stmt in node.body if isinstance(stmt, ast.Import) for alias in stmt.names}
    lazy = {value.__dict__["_name"] for value in vars(api).values()
            if isinstance(value, LazyModule) and value.__dict__["_name"].startswith("cvld.")}
    assert lazy and lazy <= declared, sorted(lazy - declared)
    for name in lazy:
        importlib.import_module(name)
    for name in api._EXPORTED:
        assert getattr(api, name) is not None
    assert set(api._EXPORTED) - {"default_cache_folder", "Answer", "Pushed", "Figures", "EnrichOutcome",
                                 "KnowledgeGraph"} <= set(api.__all__)


def test_the_template_cache_changes_no_byte_and_survives_corruption(tmp_path, monkeypatch):
    """Compiled templates are cached in the user's cache folder; a cold, warm, corrupt or
    unwritable cache gives the same snippet, byte for byte."""
    import subprocess
    import sys

    from conftest import DATA_DIR, PROJECT_ROOT

    def snippet(cache):
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT / "src"), "CVLD_CACHE_DIR": str(cache)}
        return subprocess.run([sys.executable, "-m", "cvld", "snippet", str(DATA_DIR / "lei-wu.yaml")], env=env,
                              capture_output=True, check=True).stdout

    cache = tmp_path / "cache"
    cold = snippet(cache)
    entries = sorted((cache / "templates").glob("*.cache"))
    assert entries, "the first run fills the cache"
    assert snippet(cache) == cold
    for entry in entries:
        entry.write_bytes(b"not a jinja2 bytecode entry")
    assert snippet(cache) == cold
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert snippet(blocked) == cold  # the cache folder cannot be made: templates compile as before


def test_a_lazy_module_reads_the_module_as_it_is_now(monkeypatch):
    """A lazily loaded family is read through, never copied: patching the module after the proxy
    was used is seen by api, as it would be through an import (an order-dependent test failure otherwise)."""
    from cvld import api

    assert api._rdf_check.check_cv is __import__("cvld.rdf.check", fromlist=["check_cv"]).check_cv
    import cvld.rdf.check

    monkeypatch.setattr(cvld.rdf.check, "check_cv", lambda cv: ["patched"])
    assert api._rdf_check.check_cv(None) == ["patched"]


def test_a_lazy_module_patched_through_the_proxy_is_undone_and_leaves_the_module(monkeypatch):
    """An attribute set on the proxy hides the module's for the proxy's users only, and monkeypatch's undo
    removes it (the module keeps its own); a name the module lacks is the module's own AttributeError."""
    import json

    from cvld.core.lazy import LazyModule, lazy_module

    proxy = lazy_module("json")
    with monkeypatch.context() as patch:
        patch.setattr(proxy, "dumps", lambda value: "patched")
        assert proxy.dumps(1) == "patched" and json.dumps(1) == "1"
    assert proxy.dumps is json.dumps and json.dumps(1) == "1"
    with pytest.raises(AttributeError, match="module 'json' has no attribute 'no_such_name'"):
        proxy.no_such_name
    assert proxy.module() is json and isinstance(proxy, LazyModule) and proxy.__dict__["_name"] == "json"

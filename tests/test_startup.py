"""What start-up relies on: the shipped schema validator matches the schema; snippet imports no heavy library."""

from __future__ import annotations

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

    heavy = ["rdflib", "pyshacl", "pyoxigraph", "pyld", "lxml", "jsonschema", "fastjsonschema", "stdnum"]
    code = ("import sys; from cvld.cli.main import main; assert main(['snippet', sys.argv[1]]) == 0; "
            f"print('imported:', *[m for m in {heavy!r} if m in sys.modules], file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, str(DATA_DIR / "lei-wu.yaml")], capture_output=True,
                         text=True, check=True)
    assert run.stderr.splitlines()[-1] == "imported:"
    assert "application/ld+json" in run.stdout


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

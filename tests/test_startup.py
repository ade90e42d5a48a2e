"""What start-up relies on: the shipped schema validator matches the schema, and the
light commands import none of the heavy libraries they do not need."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEED_CV

from cvld import validator_source


def test_shipped_validator_is_generated_from_the_schema_as_it_is():
    shipped = validator_source.GENERATED.read_text(encoding="utf-8")
    assert shipped == validator_source.generate(), (
        "src/cvld/_cv_validator.py is out of date with schema/cv.schema.json: run python -m cvld.validator_source")


def test_a_changed_schema_changes_the_generated_validator(monkeypatch):
    from cvld import resources

    schema = resources.cv_schema()
    changed = {**schema, "required": [*schema.get("required", []), "updated"]}
    monkeypatch.setattr(resources, "cv_schema", lambda: changed)
    assert validator_source.generate() != validator_source.GENERATED.read_text(encoding="utf-8")


def test_snippet_imports_no_rdf_library_no_template_engine_and_no_schema_compiler():
    heavy = {"rdflib", "pyshacl", "pyoxigraph", "pyld", "lxml", "jinja2", "jsonschema", "fastjsonschema", "stdnum"}
    code = ("import sys; from cvld.cli import main; code = main(['snippet', sys.argv[1]]); "
            f"print(sorted(set({sorted(heavy)!r}) & {{name.split('.')[0] for name in sys.modules}})); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, str(SEED_CV)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"

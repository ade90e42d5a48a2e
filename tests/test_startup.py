"""What start-up relies on: the shipped schema validator matches the schema."""

from __future__ import annotations

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


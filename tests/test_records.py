"""The model's records (@record) are what dataclass(frozen=True, slots=True) makes of the same class
bodies: each record is compared with that dataclass, on the example CV's every value; and the
shipped methods module stays generated from records.py as it is."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import sys
import types

import pytest
from conftest import DATA_DIR

from cvld.api import load_cv
from cvld.model import records, records_source
from cvld.model.recordtype import record

RECORD_CLASSES = [value for value in vars(records).values()
                  if isinstance(value, type) and "__record_shape__" in value.__dict__]


def test_shipped_record_methods_are_generated_from_records_as_they_are():
    assert records_source.GENERATED.read_text(encoding="utf-8") == records_source.generate(), (
        "src/cvld/model/record_methods.py is out of date with model/records.py: run python -m cvld.model.records_source")


def test_a_changed_record_changes_the_generated_methods_and_is_refused_until_regenerated():
    text = records_source.RECORDS.read_text(encoding="utf-8")
    changed = text.replace("    currency: str  # ISO 4217", "    note: str | None = None\n    currency: str  # ISO 4217", 1)
    assert changed != text
    with pytest.raises(ValueError, match=r"records.py:\d+: Amount.currency has no default after one that has"):
        records_source.generate(changed)
    added = text.replace("    currency: str  # ISO 4217 code, upper case (\"EUR\", \"USD\")",
                         "    currency: str  # ISO 4217 code, upper case (\"EUR\", \"USD\")\n    note: str | None = None", 1)
    assert added != text and records_source.generate(added) != records_source.generate()

    with pytest.raises(TypeError, match=r"record \S*Amount is not what cvld/model/record_methods.py was generated from: "
                                        r"run python -m cvld.model.records_source"):
        @record
        class Amount:
            value: str
            currency: str
            note: str | None = None


def _reference_module() -> types.ModuleType:
    """records.py with each @record a plain dataclass(frozen=True, slots=True)."""
    text = records_source.RECORDS.read_text(encoding="utf-8")
    text = text.replace("from cvld.model.recordtype import record\n",
                        "from dataclasses import dataclass\nrecord = dataclass(frozen=True, slots=True)\n", 1)
    assert "dataclass(frozen=True, slots=True)" in text
    module = types.ModuleType("cvld_model_records")
    sys.modules[module.__name__] = module  # pickle finds the reference classes
    exec(compile(text, str(records_source.RECORDS), "exec"), module.__dict__)
    return module


REFERENCE = _reference_module()


def _as_reference(value):
    if type(value) in RECORD_CLASSES:
        made = getattr(REFERENCE, type(value).__qualname__)
        return made(**{f.name: _as_reference(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, tuple):
        return tuple(_as_reference(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_reference(v) for k, v in value.items()}
    return value


def _every_record(value, found):
    if type(value) in RECORD_CLASSES:
        found.setdefault(type(value), []).append(value)
        for f in dataclasses.fields(value):
            _every_record(getattr(value, f.name), found)
    elif isinstance(value, (tuple, list)):
        for v in value:
            _every_record(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _every_record(v, found)
    return found


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_each_record_class_is_the_dataclass_of_its_body(cls):
    ref = getattr(REFERENCE, cls.__name__)
    for attribute in ("__slots__", "__match_args__", "__doc__", "__annotations__", "__module__"):
        assert cls.__dict__.get(attribute) == ref.__dict__.get(attribute) or attribute == "__module__", attribute
    assert [c.__name__ for c in cls.__mro__] == [c.__name__ for c in ref.__mro__]
    for either in (cls, ref):
        assert "__dict__" not in either.__dict__ and "__weakref__" not in either.__dict__  # no instance dict
    ours, theirs = inspect.signature(cls), inspect.signature(ref)
    assert str(ours) == str(theirs)
    for mine, its in zip(ours.parameters.values(), theirs.parameters.values(), strict=True):
        assert (mine.name, mine.kind, mine.annotation) == (its.name, its.kind, its.annotation)
        assert _as_reference(mine.default) == its.default
    assert cls.__init__.__annotations__ == ref.__init__.__annotations__
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(cls, name).__qualname__ == getattr(ref, name).__qualname__
    assert dataclasses.is_dataclass(cls) and repr(cls.__dataclass_params__) == repr(ref.__dataclass_params__)
    for ours, theirs in zip(dataclasses.fields(cls), dataclasses.fields(ref), strict=True):
        for attribute in ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare",
                          "metadata", "kw_only"):
            assert _as_reference(getattr(ours, attribute)) == getattr(theirs, attribute), (ours.name, attribute)
    assert dataclasses.fields(records.Work)[-3].default is records.NOWHERE  # the class body's own default


def test_every_record_of_the_example_cv_behaves_as_its_dataclass():
    cv = load_cv(DATA_DIR / "lei-wu.yaml")
    found = _every_record(cv, {})
    assert len(found) >= 15
    for cls, values in found.items():
        for value in values:
            theirs = _as_reference(value)
            assert repr(value) == repr(theirs)
            assert dataclasses.asdict(value) == dataclasses.asdict(theirs)
            assert dataclasses.astuple(value) == dataclasses.astuple(theirs)
            assert value.__getstate__() == [getattr(value, f.name) for f in dataclasses.fields(value)]
            assert pickle.loads(pickle.dumps(value)) == value
            assert copy.copy(value) == value and copy.deepcopy(value) == value
            assert dataclasses.replace(value) == value and type(dataclasses.replace(value)) is cls
            if cls is not records.CV:
                assert hash(value) == hash(theirs)
            else:
                for either in (value, theirs):
                    with pytest.raises(TypeError, match="unhashable type: 'dict'"):
                        hash(either)
            first = dataclasses.fields(value)[0].name
            for either in (value, theirs):
                with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{first}'"):
                    setattr(either, first, None)
                with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{first}'"):
                    delattr(either, first)
            assert (value == theirs) is False and value.__eq__(theirs) is NotImplemented
            changed = dataclasses.replace(value, **{first: "changed"})
            assert changed != value and (changed == value) == (dataclasses.replace(theirs, **{first: "changed"}) == theirs)
            if "origin" in value.__match_args__:
                moved = dataclasses.replace(value, origin=records.Location("elsewhere.yaml", 1, 1))
                assert moved == value and hash(moved) == hash(value) if cls is not records.CV else moved == value
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'not_a_field'"):
        cv.owner.not_a_field = 1  # (3.11's slotted dataclass raises TypeError here: CPython's gh-90562)


def test_records_pickled_by_dataclasses_read_back_as_records():
    """Pickles written before records were @record (the build cache's) read back equal."""
    cv = load_cv(DATA_DIR / "lei-wu.yaml")
    theirs = pickle.dumps(_as_reference(cv.works[0]), protocol=pickle.HIGHEST_PROTOCOL)
    ours = pickle.dumps(cv.works[0], protocol=pickle.HIGHEST_PROTOCOL)
    assert ours == theirs.replace(b"cvld_model_records", b"cvld.model.records")
    assert pickle.loads(ours) == cv.works[0]

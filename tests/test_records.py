"""cvld's records (@record) are what dataclass makes of the same class bodies with the same options:
each record class is compared with that dataclass, and the model's records on the example CV's every
value; and the shipped methods module stays generated from cvld's modules as they are."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import sys
import types
from pathlib import Path

import pytest
from conftest import DATA_DIR

from cvld.api import load_cv
from cvld.core import record_methods, records_source
from cvld.core.diagnostics import Diagnostic, Location, Report
from cvld.core.recordtype import record
from cvld.model import records

RECORDS_PY = Path(records.__file__)


def _record_classes():
    for key in record_methods.SHAPES:
        module, _, name = key.rpartition(".")
        yield getattr(importlib.import_module(module), name)


RECORD_CLASSES = list(_record_classes())
MODEL_RECORDS = [cls for cls in RECORD_CLASSES if cls.__module__ == "cvld.model.records"]


def test_shipped_record_methods_are_generated_from_cvlds_records_as_they_are():
    assert records_source.GENERATED.read_text(encoding="utf-8") == records_source.generate(), (
        "src/cvld/core/record_methods.py is out of date: run python -m cvld.core.records_source")


def test_every_record_takes_the_generated_methods():
    assert len(RECORD_CLASSES) >= 34
    for cls in RECORD_CLASSES:
        assert "__record__" in cls.__dict__ and dataclasses.is_dataclass(cls), cls
        assert cls.__init__.__code__.co_filename == record_methods.__file__, cls


def test_a_changed_record_changes_the_generated_methods_and_is_a_plain_dataclass_until_regenerated():
    text = RECORDS_PY.read_text(encoding="utf-8")
    changed = text.replace("    currency: str  # ISO 4217", "    note: str | None = None\n    currency: str  # ISO 4217", 1)
    assert changed != text
    with pytest.raises(ValueError, match=r"cvld/model/records.py:\d+: Amount.currency has no default after one that has"):
        records_source.generate({RECORDS_PY: changed})
    added = text.replace("    currency: str  # ISO 4217 code, upper case (\"EUR\", \"USD\")",
                         "    currency: str  # ISO 4217 code, upper case (\"EUR\", \"USD\")\n    note: str | None = None", 1)
    assert added != text and records_source.generate({RECORDS_PY: added}) != records_source.generate()
    assert records_source.generate({RECORDS_PY: text.replace("@record(frozen=True, slots=True)\nclass Amount",
                                                              "@record(frozen=True)\nclass Amount")}) != records_source.generate()

    @record(frozen=True, slots=True)
    class Amount:
        value: str
        currency: str
        note: str | None = None

    assert "__record__" not in Amount.__dict__ and "__dataclass_fields__" in Amount.__dict__  # dataclass made it
    assert Amount("1", "EUR") == Amount("1", "EUR") and Amount.__slots__ == ("value", "currency", "note")


def _reference_module(module: types.ModuleType, name: str) -> types.ModuleType:
    """The module's text with each @record a plain dataclass with the same options."""
    text = Path(module.__file__).read_text(encoding="utf-8")
    text = text.replace("from cvld.core.recordtype import record\n", "from dataclasses import dataclass as record\n", 1)
    assert "dataclass as record" in text
    reference = types.ModuleType(name)
    sys.modules[reference.__name__] = reference  # pickle finds the reference classes
    exec(compile(text, module.__file__, "exec"), reference.__dict__)
    return reference


REFERENCE = _reference_module(records, "cvld_model_records")  # as long a name as cvld.model.records: same pickles
REFERENCES = {name: _reference_module(importlib.import_module(name), f"reference_{name.replace('.', '_')}")
              for name in sorted({cls.__module__ for cls in RECORD_CLASSES} - {"cvld.model.records"})}
REFERENCES["cvld.model.records"] = REFERENCE


def _as_reference(value):
    if type(value) in MODEL_RECORDS:
        made = getattr(REFERENCE, type(value).__qualname__)
        return made(**{f.name: _as_reference(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, tuple):
        return tuple(_as_reference(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_reference(v) for k, v in value.items()}
    return value


def _every_record(value, found):
    if type(value) in MODEL_RECORDS:
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


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_each_record_class_is_the_dataclass_of_its_body(cls):
    ref = getattr(REFERENCES[cls.__module__], cls.__name__)
    for attribute in ("__slots__", "__match_args__", "__doc__", "__annotations__", "__module__"):
        assert cls.__dict__.get(attribute) == ref.__dict__.get(attribute) or attribute == "__module__", attribute
    assert [c.__name__ for c in cls.__mro__] == [c.__name__ for c in ref.__mro__]
    for attribute in ("__dict__", "__weakref__", *(f.name for f in dataclasses.fields(ref))):
        assert (attribute in cls.__dict__) == (attribute in ref.__dict__), attribute  # slots, or defaults on the class
    for f in dataclasses.fields(ref):
        if f.name in ref.__dict__:  # a slot, or the default left on the class
            theirs = ref.__dict__[f.name]
            if type(theirs).__name__ == "member_descriptor":
                assert type(cls.__dict__[f.name]).__name__ == "member_descriptor"
            else:
                assert _as_reference(cls.__dict__[f.name]) == theirs
    ours, theirs = inspect.signature(cls), inspect.signature(ref)
    assert str(ours) == str(theirs)
    for mine, its in zip(ours.parameters.values(), theirs.parameters.values(), strict=True):
        assert (mine.name, mine.kind, mine.annotation) == (its.name, its.kind, its.annotation)
        if repr(its.default) == "<factory>":
            assert repr(mine.default) == "<factory>"
        else:
            assert _as_reference(mine.default) == its.default
    assert cls.__init__.__annotations__ == ref.__init__.__annotations__
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__",
                 "__gt__", "__ge__", "__getstate__", "__setstate__"):
        mine, its = getattr(cls, name, "absent"), getattr(ref, name, "absent")
        assert (mine is None, mine == "absent") == (its is None, its == "absent"), name
        if name not in ("__getstate__", "__setstate__") and callable(its):  # dataclasses' own two are shared functions
            assert mine.__qualname__ == its.__qualname__, name
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


def test_records_pickle_as_a_call_of_their_class_and_read_back_equal():
    """A frozen slotted record without __post_init__ pickles as its class called on its fields (C-level
    attribute reads, no Python-level state: the build cache's spill of a CV costs half); a pickle written
    by dataclasses' own form (an older cvld's) still reads back equal, though the cache never finds one
    (its key holds a digest of cvld's code, cvld.core.cache.code_fingerprint)."""
    cv = load_cv(DATA_DIR / "lei-wu.yaml")
    for cls, values in _every_record(cv, {}).items():
        for value in values:
            assert value.__reduce__() == (cls, tuple(getattr(value, f.name) for f in dataclasses.fields(value)))
            for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
                back = pickle.loads(pickle.dumps(value, protocol=protocol))
                assert back == value and type(back) is cls and repr(back) == repr(value)
    theirs = pickle.dumps(_as_reference(cv), protocol=pickle.HIGHEST_PROTOCOL)
    ours = pickle.dumps(cv, protocol=pickle.HIGHEST_PROTOCOL)
    assert ours != theirs.replace(b"cvld_model_records", b"cvld.model.records")
    old = pickle.loads(theirs.replace(b"cvld_model_records", b"cvld.model.records"))
    assert old == cv and repr(old) == repr(cv) and pickle.loads(ours) == cv
    location = Diagnostic(Location("a.yaml", 2, 3, "works[0]"), "m").location
    assert location.__reduce__() == (Location, ("a.yaml", 2, 3, "works[0]"))
    assert "__reduce__" not in Diagnostic.__dict__  # its __post_init__ is not run again on reading


def test_the_other_records_behave_as_their_dataclasses():
    """Ordering, __post_init__, factories, compare=False and hashing of the records outside the model."""
    ref = REFERENCES["cvld.core.diagnostics"]
    places = [("b.yaml", 2, 1, "x"), ("a.yaml", 9, 9, ""), ("a.yaml", 9, 3, "z"), ("a.yaml", 10, 1, "")]
    ours = [Diagnostic(Location(*p), f"m{i}", ("error", "warning")[i % 2]) for i, p in enumerate(places * 2)]
    theirs = [ref.Diagnostic(ref.Location(*p), f"m{i}", ("error", "warning")[i % 2]) for i, p in enumerate(places * 2)]
    assert [str(d) for d in sorted(ours)] == [str(d) for d in sorted(theirs)]
    for a, b in zip(ours, ours[1:]):
        for operator in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__"):
            assert getattr(a, operator)(b) == getattr(theirs[ours.index(a)], operator)(theirs[ours.index(b)])
        assert a.__lt__(theirs[0]) is NotImplemented
    assert [hash(d) for d in ours] == [hash(d) for d in theirs]
    assert repr(ours[0]) == repr(theirs[0]).replace("reference_cvld_core_diagnostics.", "")
    for make in (Diagnostic, ref.Diagnostic):
        with pytest.raises(ValueError, match=r"unknown severity 'fatal' \(one of: error, warning, note\)"):
            make(Location("a.yaml"), "m", "fatal")
    assert pickle.loads(pickle.dumps(ours[0])) == ours[0] and copy.deepcopy(ours[0]) == ours[0]
    report, their_report = Report(), ref.Report()
    assert report.diagnostics == [] and report.diagnostics is not Report().diagnostics  # a list of its own
    report.warning(Location("a.yaml"), "w")
    their_report.warning(ref.Location("a.yaml"), "w")
    assert repr(report) == repr(their_report).replace("reference_cvld_core_diagnostics.", "")
    assert report == Report(list(report.diagnostics)) and report != Report()
    for either in (report, their_report):
        assert type(either).__hash__ is None
        with pytest.raises(TypeError, match="unhashable type: 'Report'"):
            hash(either)
    from cvld.model.iris import MemberIris

    a, b = MemberIris("https://x.example/", "ada"), MemberIris("https://x.example/", "ada", people={"k": "v"})
    assert a == b and hash(a) == hash(b) and a.people == {} and a.people is not MemberIris("u", "m").people
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'base'"):
        a.base = "other"
    assert dataclasses.replace(a, member="bob") != a


def test_a_record_whose_base_was_not_generated_is_made_by_dataclass_too():
    """A record changed since record_methods.py was generated falls back to dataclass; so does a record
    derived from it (as Owner derives from Person), instead of failing at import."""
    import dataclasses

    from cvld.core.recordtype import record

    @record(frozen=True, slots=True)
    class Base:  # not in record_methods.py: made by dataclass
        name: str

    @record(frozen=True, slots=True)
    class Child(Base):
        orcid: str = ""

    child = Child("Ada", "0000-0002-1825-0097")
    assert [f.name for f in dataclasses.fields(Child)] == ["name", "orcid"]
    assert child == Child("Ada", "0000-0002-1825-0097") and isinstance(child, Base)
    with pytest.raises(dataclasses.FrozenInstanceError):
        child.name = "Bea"

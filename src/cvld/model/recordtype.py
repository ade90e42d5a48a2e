"""``@record``: a frozen, slotted dataclass whose methods were written out ahead of time.

``@dataclass(frozen=True, slots=True)`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` as text and compiles them when the module is
imported: about 1.2 ms a class, 21 classes in ``model/records.py``, the largest part of a
snippet's start-up. ``@record`` takes the same class body (annotations, defaults,
``dataclasses.field(default=..., compare=False, repr=False)``) and attaches the same methods, compiled
once into ``model/record_methods.py`` by ``python -m cvld.model.records_source`` from records.py's
text. A class whose fields differ from what was generated is refused at import with that command to
run (and ``tests/test_records.py`` regenerates the file and compares it byte for byte).

To ``dataclasses`` a record is a dataclass: ``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` read ``__dataclass_fields__`` and ``__dataclass_params__``, which are made on first
use by applying ``dataclass(frozen=True, slots=True)`` to a copy of the class body (so the field
table is the one dataclasses itself makes, default objects included).
"""

from __future__ import annotations

import dataclasses

from cvld.model import record_methods

_FACTORY_KEYWORDS = {"default", "compare", "repr"}  # what a record's dataclasses.field(...) may say
_GENERATED_METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                      "__getstate__", "__setstate__")


def shape_of(annotations: dict, namespace: dict, base_shape: tuple = ()) -> tuple:
    """The record's fields as the generator writes them: (name, annotation, has a default, repr,
    compare), the base's first."""
    own = []
    for name, annotation in annotations.items():
        value = namespace.get(name, dataclasses.MISSING)
        if isinstance(value, dataclasses.Field):
            if (value.default_factory is not dataclasses.MISSING or not value.init or value.hash is not None
                    or value.kw_only is not dataclasses.MISSING or value.metadata):
                raise TypeError(f"record field {name!r}: only field(default=..., compare=..., repr=...) is supported")
            own.append((name, annotation, value.default is not dataclasses.MISSING, value.repr, value.compare))
        else:
            own.append((name, annotation, value is not dataclasses.MISSING, True, True))
    return tuple(base_shape) + tuple(own)


def record(cls: type) -> type:
    """The class as ``dataclass(frozen=True, slots=True)`` makes it, from the methods generated ahead of time."""
    namespace = dict(cls.__dict__)
    annotations = namespace.get("__annotations__", {})
    bases = [base for base in cls.__bases__ if base is not object]
    if len(bases) > 1 or (bases and "__record_shape__" not in bases[0].__dict__):
        raise TypeError(f"record {cls.__name__}: a record derives from one record at most")
    base_shape = bases[0].__record_shape__ if bases else ()
    shape = shape_of(annotations, namespace, base_shape)
    if record_methods.SHAPES.get(cls.__qualname__) != shape:
        raise TypeError(f"record {cls.__qualname__} is not what cvld/model/record_methods.py was generated from: "
                        "run python -m cvld.model.records_source")
    defined = [name for name in _GENERATED_METHODS + ("__match_args__",) if name in namespace]
    if defined:
        raise TypeError(f"record {cls.__qualname__} defines {', '.join(defined)}, which the record writes")
    own = {name: namespace.pop(name) for name in annotations if name in namespace}
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    inherited = {name for base in cls.__mro__[1:-1] for name in base.__dict__.get("__slots__", ())}
    namespace["__slots__"] = tuple(name for name in annotations if name not in inherited)
    namespace["__record_shape__"] = shape
    namespace["__record_body__"] = (annotations, own)
    namespace["__match_args__"] = tuple(field[0] for field in shape)
    namespace["__dataclass_fields__"] = _DataclassTable("__dataclass_fields__")
    namespace["__dataclass_params__"] = _DataclassTable("__dataclass_params__")
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    defaults = _defaults(made, shape)
    for name, method in getattr(record_methods, cls.__qualname__)(made, *defaults).items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(made, name, method)
    if made.__doc__ is None:  # as dataclasses writes it (a record with a docstring skips inspect.signature)
        import inspect

        made.__doc__ = made.__name__ + str(inspect.signature(made)).replace(" -> None", "")
    return made


def _defaults(cls: type, shape: tuple) -> list:
    """The default of each field that has one, in field order (a base's from the base's body)."""
    values = []
    for klass in reversed(cls.__mro__[:-1]):
        _, own = klass.__dict__["__record_body__"]
        values += [value.default if isinstance(value, dataclasses.Field) else value for value in own.values()
                   if not (isinstance(value, dataclasses.Field) and value.default is dataclasses.MISSING)]
    assert len(values) == sum(1 for field in shape if field[2])
    return values


_MIRRORS: dict[type, type] = {}


def _mirror(cls: type) -> type:
    """A real dataclass with the record's body: where dataclasses' own field table comes from."""
    if cls not in _MIRRORS:
        annotations, own = cls.__dict__["__record_body__"]
        base = [_mirror(b) for b in cls.__bases__ if "__record_body__" in b.__dict__]
        body = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__,
                "__annotations__": dict(annotations), **own}
        _MIRRORS[cls] = dataclasses.dataclass(frozen=True, slots=True)(type(cls.__name__, tuple(base), body))
    return _MIRRORS[cls]


class _DataclassTable:
    """``__dataclass_fields__`` or ``__dataclass_params__`` of a record, made when first read."""

    def __init__(self, name: str):
        self.name = name

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner = owner

    def __get__(self, instance, owner=None):
        value = getattr(_mirror(self.owner), self.name)
        type.__setattr__(self.owner, self.name, value)  # read once; the class keeps it
        return value

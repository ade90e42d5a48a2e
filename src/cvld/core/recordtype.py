"""``@record``: a dataclass whose methods were written out ahead of time.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and, as asked,
``__hash__``, the frozen ``__setattr__``/``__delattr__`` and the ordering methods) as text and
compiles them when the module is imported: about 1 ms a class, some 35 classes on the way of
``cvld snippet``, the largest part of its start-up that is cvld's own. ``@record`` takes the same
class body and the same options (``@record(frozen=True, slots=True)`` for
``@dataclass(frozen=True, slots=True)``; ``eq``, ``frozen``, ``order``, ``slots``) and attaches the
same methods, compiled once into ``core/record_methods.py`` by ``python -m cvld.core.records_source``
from the text of every module that uses ``@record``. A class whose fields or options differ from
what was generated (a record added or changed since) is made by ``dataclass`` itself, as before,
until the file is regenerated: ``tests/test_records.py`` fails while the file is out of date, and
compares each record with the dataclass of the same body.

One method is a record's own: a frozen slotted record without ``__post_init__`` pickles as its class
called on its fields (``__reduce__``), about twice as fast as dataclasses' Python-level
``__getstate__``/``__setstate__`` (which it keeps, so a pickle in that form still reads back).

Fields are written as for dataclasses: ``name: type``, ``name: type = default`` or
``name: type = field(default=..., default_factory=..., compare=..., repr=...)``; ``__post_init__``
runs after ``__init__`` as it does there. To ``dataclasses`` a record is a dataclass:
``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` read ``__dataclass_fields__`` and
``__dataclass_params__``, which are made on first use by applying ``dataclass`` with the same options
to a copy of the class body (so the field table is the one dataclasses itself makes).
"""

from __future__ import annotations

import dataclasses

from cvld.core import record_methods

OPTIONS = ("eq", "frozen", "order", "slots")  # dataclass's options a record may give (all False but eq by default)
_WRITTEN = {"": ("__init__", "__repr__", "__eq__", "__hash__", "__match_args__"),  # what a record writes, by option
            "frozen": ("__setattr__", "__delattr__", "__getstate__", "__setstate__", "__reduce__"),
            "order": ("__lt__", "__le__", "__gt__", "__ge__")}
_MISSING = dataclasses.MISSING


def field_shape(name: str, annotation: str, value) -> tuple:
    """(name, annotation, "" | "default" | "factory", repr, compare): a field as the generator writes it."""
    if isinstance(value, dataclasses.Field):
        if not value.init or value.hash is not None or value.kw_only is not _MISSING or value.metadata:
            raise TypeError(f"record field {name!r}: field() may give default, default_factory, compare and repr")
        kind = "factory" if value.default_factory is not _MISSING else "default" if value.default is not _MISSING else ""
        return name, annotation, kind, value.repr, value.compare
    return name, annotation, "" if value is _MISSING else "default", True, True


def record(cls: type | None = None, /, *, eq: bool = True, frozen: bool = False, order: bool = False,
           slots: bool = False):
    """The class as ``dataclass`` makes it with these options, from the methods generated ahead of time."""
    options = {"eq": eq, "frozen": frozen, "order": order, "slots": slots}
    if cls is None:
        return lambda cls: _record(cls, options)
    return _record(cls, options)


def _record(cls: type, options: dict) -> type:
    key = f"{cls.__module__}.{cls.__qualname__}"
    namespace = dict(cls.__dict__)
    annotations = namespace.get("__annotations__", {})
    bases = [base for base in cls.__bases__ if base is not object]
    if len(bases) == 1 and "__record__" not in bases[0].__dict__ and dataclasses.is_dataclass(bases[0]):
        return dataclasses.dataclass(**options)(cls)  # its base changed since it was generated: made by dataclass too
    if len(bases) > 1 or (bases and "__record__" not in bases[0].__dict__):
        raise TypeError(f"record {key}: a record derives from one record at most")
    inherited = bases[0].__record__[0][2] if bases else ()
    fields = tuple(inherited) + tuple(field_shape(name, annotation, namespace.get(name, _MISSING))
                                      for name, annotation in annotations.items())
    shape = (tuple(options[o] for o in OPTIONS), hasattr(cls, "__post_init__"), fields)
    if record_methods.SHAPES.get(key) != shape:  # not generated yet, or changed since: what dataclass makes of it
        return dataclasses.dataclass(**options)(cls)
    written = [name for option, names in _WRITTEN.items() if not option or options[option] for name in names
               if name in namespace]
    if written:
        raise TypeError(f"record {key} defines {', '.join(written)}, which the record writes")
    own = {name: namespace[name] for name in annotations if name in namespace}
    if options["slots"]:
        for name in own:
            del namespace[name]
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        slotted = {name for base in cls.__mro__[1:-1] for name in base.__dict__.get("__slots__", ())}
        namespace["__slots__"] = tuple(name for name in annotations if name not in slotted)
        made = type(cls)(cls.__name__, cls.__bases__, namespace)
        made.__qualname__ = cls.__qualname__
    else:
        made = cls
        for name, value in own.items():  # as dataclasses leaves the class: a field() stands for its default
            if isinstance(value, dataclasses.Field):
                if value.default is _MISSING:
                    delattr(made, name)
                else:
                    setattr(made, name, value.default)
    made.__record__ = (shape, annotations, own, options)
    made.__match_args__ = tuple(field[0] for field in fields)
    for name in ("__dataclass_fields__", "__dataclass_params__"):
        setattr(made, name, _DataclassTable(made, name))
    defaults = []
    for klass in reversed(made.__mro__[:-1]):
        for value in klass.__record__[2].values():
            if isinstance(value, dataclasses.Field):
                if value.default_factory is not _MISSING:
                    defaults.append(value.default_factory)
                elif value.default is not _MISSING:
                    defaults.append(value.default)
            else:
                defaults.append(value)
    for name, method in record_methods.FACTORIES[key](made, *defaults).items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(made, name, method)
    if made.__doc__ is None:  # as dataclasses writes it (a record with a docstring skips inspect.signature)
        import inspect

        made.__doc__ = made.__name__ + str(inspect.signature(made)).replace(" -> None", "")
    return made


_MIRRORS: dict[type, type] = {}


def _mirror(cls: type) -> type:
    """A real dataclass of the record's body and options: where dataclasses' own field table comes from."""
    if cls not in _MIRRORS:
        _, annotations, own, options = cls.__dict__["__record__"]
        base = [_mirror(b) for b in cls.__bases__ if "__record__" in b.__dict__]
        body = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__,
                "__annotations__": dict(annotations), **own}
        _MIRRORS[cls] = dataclasses.dataclass(**options)(type(cls.__name__, tuple(base), body))
    return _MIRRORS[cls]


class _DataclassTable:
    """``__dataclass_fields__`` or ``__dataclass_params__`` of a record, made when first read."""

    def __init__(self, owner: type, name: str):
        self.owner, self.name = owner, name

    def __get__(self, instance, owner=None):
        value = getattr(_mirror(self.owner), self.name)
        type.__setattr__(self.owner, self.name, value)  # read once; the class keeps it
        return value

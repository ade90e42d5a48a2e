"""Heavy third-party libraries (and, in ``cvld.api``, cvld's command families), imported the first
time they are used.

``etree = lazy_module("lxml.etree")`` at a module's top reads like an import and costs
nothing until ``etree.fromstring`` is first called, so a command that never writes XML
(``cvld snippet``) never loads lxml. After the first use, the proxy holds the module, and every
look-up reads the module's attribute as it is then (so a test that
monkeypatches the module is seen through the proxy, as through an import).
"""

from __future__ import annotations

import importlib
from types import ModuleType


_own = object.__getattribute__
_OWN = frozenset({"__dict__", "__class__", "module"})  # the proxy's, not the module's


class LazyModule:
    """Stands for the module ``name`` until an attribute is asked for.

    Every look-up goes through ``__getattribute__`` (0.6 us), not ``__getattr__``, which Python
    calls only after the normal look-up failed and raised an AttributeError internally (3 us:
    ``etree.SubElement`` is looked up for every element an ORCID document holds). An attribute set
    on the proxy itself (``monkeypatch.setattr(proxy, ...)``) is the proxy's and hides the module's,
    as before the module loads."""

    def __init__(self, name: str):
        self.__dict__["_name"] = name
        self.__dict__["_module"] = None

    def module(self) -> ModuleType:
        found = self.__dict__
        module = found["_module"]
        if module is None:
            module = found["_module"] = importlib.import_module(found["_name"])
        return module

    def __getattribute__(self, attribute: str):
        own = _own(self, "__dict__")
        if attribute in own:
            return own[attribute]
        if attribute in _OWN:
            return _own(self, attribute)
        module = own["_module"]
        return getattr(module if module is not None else _own(self, "module")(), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self.__dict__['_name']!r}>"


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)

"""Heavy third-party libraries, imported the first time they are used.

``etree = lazy_module("lxml.etree")`` at a module's top reads like an import and costs
nothing until ``etree.fromstring`` is first called, so a command that never writes XML
(``cvld snippet``) never loads lxml. After the first use of a name, the proxy holds it
itself, so a hot loop pays an ordinary attribute look-up.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for the module ``name`` until an attribute is asked for."""

    def __init__(self, name: str):
        self.__dict__["_name"] = name

    def module(self) -> ModuleType:
        return importlib.import_module(self.__dict__["_name"])

    def __getattr__(self, attribute: str):
        value = getattr(self.module(), attribute)
        self.__dict__[attribute] = value
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self.__dict__['_name']!r}>"


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)

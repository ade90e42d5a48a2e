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


class LazyModule:
    """Stands for the module ``name`` until an attribute is asked for."""

    def __init__(self, name: str):
        self.__dict__["_name"] = name

    def module(self) -> ModuleType:
        module = self.__dict__.get("_module")
        if module is None:
            module = self.__dict__["_module"] = importlib.import_module(self.__dict__["_name"])
        return module

    def __getattr__(self, attribute: str):  # called for every look-up (etree.SubElement per element): one call, not two
        module = self.__dict__.get("_module")
        return getattr(module if module is not None else self.module(), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self.__dict__['_name']!r}>"


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)

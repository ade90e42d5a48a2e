"""Files shipped with the package: the CV schema, templates, JSON-LD contexts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = PACKAGE_DIR / "schema" / "cv.schema.json"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def contexts_dir() -> Path:
    """The JSON-LD contexts: inside an installed wheel, or the checkout's top-level ``contexts/``."""
    installed = PACKAGE_DIR / "contexts"
    if installed.is_dir():
        return installed
    checkout = PACKAGE_DIR.parent.parent / "contexts"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("cvld's JSON-LD contexts are missing from this installation")


@lru_cache(maxsize=1)
def cv_schema() -> dict:
    """The JSON Schema (draft 2020-12) of the CV record."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

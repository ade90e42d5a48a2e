"""Files shipped with the package, all under ``cvld/data/``: the CV schema, the SHACL shapes,
the named SPARQL questions, the templates, the JSON-LD contexts and the schema.org term table."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
SCHEMA_PATH = DATA_DIR / "schema" / "cv.schema.json"
TEMPLATES_DIR = DATA_DIR / "templates"
SHAPES_DIR = DATA_DIR / "shapes"
QUERIES_DIR = DATA_DIR / "queries"
CONTEXTS_DIR = DATA_DIR / "contexts"
SCHEMAORG_TERMS_PATH = DATA_DIR / "schemaorg_terms.json"


def contexts_dir() -> Path:
    """The JSON-LD contexts cvld ships (``cvld/data/contexts``)."""
    if not CONTEXTS_DIR.is_dir():
        raise FileNotFoundError("cvld's JSON-LD contexts are missing from this installation")
    return CONTEXTS_DIR


@lru_cache(maxsize=1)
def cv_schema() -> dict:
    """The JSON Schema (draft 2020-12) of the CV record."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

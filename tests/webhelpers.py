"""Helpers for the homepage tests: CV variants written to files, pages read back."""

from __future__ import annotations

import copy
import json
from functools import lru_cache

import lxml.html
from ruamel.yaml import YAML

from conftest import SEED_CV

BASE = "https://leiwu0.github.io/"


@lru_cache(maxsize=1)
def _seed_data() -> dict:
    return json.loads(json.dumps(YAML(typ="safe").load(SEED_CV.read_text(encoding="utf-8")), default=str))


def seed_data() -> dict:
    """The example CV as plain data (a fresh copy to change)."""
    return copy.deepcopy(_seed_data())


def write_cv(tmp_path, data: dict, name: str = "cv.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def jsonld_scripts(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return [s.text or "" for s in tree.xpath("//script[@type='application/ld+json']")]


def visible_text(html: str) -> str:
    tree = lxml.html.document_fromstring(html)
    return " ".join(" ".join(body.text_content() for body in tree.xpath("//body")).split())


def strings(value):
    """Every string anywhere in parsed JSON."""
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value

"""The starter CV that ``cvld init`` writes."""

from __future__ import annotations

import jinja2

from cvld.core.text import slugify
from cvld.core.resources import TEMPLATES_DIR, cv_schema


# The starter's example co-author, under a key that is never the owner's.
COAUTHOR_KEYS = ("mary-somerville", "mary-somerville-2")


def render_starter(name: str) -> str:
    """The starter CV for ``name``: any name gives a file that passes ``cvld check``."""
    name = " ".join(name.split())
    parts = name.split(" ")
    key = slugify(name)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), keep_trailing_newline=True,
                                     autoescape=False, undefined=jinja2.StrictUndefined)
    template = environment.get_template("starter.yaml.j2")
    return template.render(
        schema_id=cv_schema()["$id"], name=name, key=key, coauthor=next(k for k in COAUTHOR_KEYS if k != key),
        given=" ".join(parts[:-1]) or parts[0], family=parts[-1], quote=_yaml_quote,
    )


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

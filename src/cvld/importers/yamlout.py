"""Writing CV documents as YAML with ruamel.yaml: a stable, readable order and layout.

A fresh import is laid out like ``data/lei-wu.yaml``: sections in a fixed order, one
short mapping per line for people and organisations, author lists in flow style.
Merged documents keep the user's own layout and comments (ruamel's round trip).
"""

from __future__ import annotations

import io


from cvld.core.lazy import lazy_module
from cvld.importers.fragment import PERSON_FIELDS, WORK_FIELDS

ruamel_yaml = lazy_module("ruamel.yaml")
ruamel_comments = lazy_module("ruamel.yaml.comments")

SECTION_ORDER = ("person", "legend", "organisations", "people", "education", "positions", "works", "talks",
                 "teaching", "service")
EDUCATION_FIELDS = ("key", "kind", "degree", "field", "role", "organisation", "department", "start", "end",
                    "advisors", "mentors")
POSITION_FIELDS = ("key", "title", "kind", "organisation", "department", "start", "end")
SCHEMA_LINE = "# yaml-language-server: $schema=https://w3id.org/cvld/schema/cv/1.0\n"


def yaml_engine() -> YAML:
    yaml = ruamel_yaml.YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def dump(document) -> str:
    stream = io.StringIO()
    yaml_engine().dump(document, stream)
    return stream.getvalue()


def flow(value):
    """A mapping or list written on one line."""
    if isinstance(value, dict):
        node = ruamel_comments.CommentedMap(value)
    else:
        node = ruamel_comments.CommentedSeq(value)
    node.fa.set_flow_style()
    return node


def _block(record: dict, order: tuple[str, ...]) -> CommentedMap:
    node = ruamel_comments.CommentedMap()
    for name in [n for n in order if n in record] + [n for n in record if n not in order]:
        node[name] = record[name]
    return node


def work_node(record: dict) -> CommentedMap:
    node = _block(record, WORK_FIELDS)
    authors = record.get("authors") or []
    if all(isinstance(a, str) for a in authors):
        node["authors"] = flow(list(authors))
    else:
        node["authors"] = ruamel_comments.CommentedSeq(flow(a) if isinstance(a, dict) else a for a in authors)
    for name in ("venue", "keywords"):
        if name in node:
            node[name] = flow(node[name])
    return node


def person_node(record: dict) -> CommentedMap:
    node = _block(record, PERSON_FIELDS)
    for name in ("address",):
        if name in node:
            node[name] = ruamel_comments.CommentedMap(node[name])
    if "profiles" in node:
        node["profiles"] = ruamel_comments.CommentedSeq(flow(p) for p in node["profiles"])
    return node


def document_node(document: dict) -> CommentedMap:
    """The ruamel tree of a fresh CV document, laid out for reading."""
    root = ruamel_comments.CommentedMap()
    for section in [s for s in SECTION_ORDER if s in document] + [s for s in document if s not in SECTION_ORDER]:
        value = document[section]
        if section == "person":
            root[section] = person_node(value)
        elif section in ("organisations", "people"):
            root[section] = ruamel_comments.CommentedMap((key, flow(_block(item, PERSON_FIELDS))) for key, item in value.items())
        elif section == "works":
            root[section] = ruamel_comments.CommentedSeq(work_node(w) for w in value)
        elif section == "education":
            root[section] = ruamel_comments.CommentedSeq(_block(e, EDUCATION_FIELDS) for e in value)
        elif section == "positions":
            root[section] = ruamel_comments.CommentedSeq(_block(p, POSITION_FIELDS) for p in value)
        else:
            root[section] = value
    for index, section in enumerate(list(root)):
        if index:
            root.yaml_set_comment_before_after_key(section, before="\n")
    return root


def dumps_document(document: dict, header: str = "") -> str:
    """A fresh CV document as YAML text; ``header`` lines are written as comments first."""
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return SCHEMA_LINE + comments + "\n" + dump(document_node(document))

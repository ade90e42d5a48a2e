"""Writing CV documents as YAML with ruamel.yaml: a stable, readable order and layout.

A fresh import is laid out like ``data/lei-wu.yaml``: sections in a fixed order, one
short mapping per line for people and organisations, author lists in flow style.
Merged documents keep the user's own layout and comments (ruamel's round trip).
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import lru_cache


from cvld.core.lazy import lazy_module
from cvld.importers.fragment import PERSON_FIELDS, WORK_FIELDS

ruamel_yaml = lazy_module("ruamel.yaml")
ruamel_comments = lazy_module("ruamel.yaml.comments")
ruamel_scalars = lazy_module("ruamel.yaml.scalarstring")
pyyaml = lazy_module("yaml")
yamlcore = lazy_module("yamlcore")

SECTION_ORDER = ("person", "legend", "organisations", "people", "education", "positions", "works", "talks",
                 "teaching", "service", "awards", "grants", "supervision", "memberships")
EDUCATION_FIELDS = ("key", "kind", "degree", "field", "role", "organisation", "department", "start", "end",
                    "advisors", "mentors")
POSITION_FIELDS = ("key", "title", "kind", "organisation", "department", "start", "end")
AWARD_FIELDS = ("key", "name", "organisation", "date", "amount", "url", "description")
MEMBERSHIP_FIELDS = ("key", "organisation", "role", "start", "end")
GRANT_FIELDS = ("key", "title", "funder", "role", "award_number", "start", "end", "amount", "url")
SCHEMA_LINE = "# yaml-language-server: $schema=https://w3id.org/cvld/schema/cv/1.0\n"


def yaml_engine() -> YAML:
    yaml = ruamel_yaml.YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def dump(document) -> str:
    """YAML text that PyYAML's ``safe_load`` (YAML 1.1) and cvld's reader (YAML 1.2) both read back as
    ``document``: every string that is not plainly text in both is written in double quotes."""
    stream = io.StringIO()
    yaml_engine().dump(quote_where_needed(document), stream)
    return stream.getvalue()


# A plain scalar that YAML 1.1 (PyYAML's safe_load) and 1.2 (cvld's reader, yamlcore) both read as this
# very string. In block context: it starts with no indicator or space, holds no ': ', ' #', control
# character or line break of either version (NEL, U+2028/9), does not end in ':' or a space, and both
# resolvers take it for a string (not "yes", "off", "1:20", "1_000", "~", "2020-01-01"). In flow
# context ({...} and [...]) it also starts with a letter, a digit or '(', holds no flow indicator
# ',[]{}', no ':' before one, and no '?' at all (PyYAML ends a flow scalar there: the URL
# 'https://x.org/index.php?url=a' unquoted in '{name: ...}' is a syntax error to it).
_BREAKS = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff"
_NOT_PLAIN_BLOCK = re.compile(f"[{_BREAKS}]|: |\\s#|:$|^[-?:,\\[\\]{{}}#&*!|>'\"%@`\\s]")
_NOT_PLAIN_FLOW = re.compile(f"[,\\[\\]{{}}?]|:[,\\[\\]{{}}]")
_STR = "tag:yaml.org,2002:str"


def plain_safe(text: str, *, flow: bool = True) -> bool:
    """Whether ``text`` may be written as a plain scalar in flow (or block) context."""
    if not text or text != text.strip():
        return False
    if _NOT_PLAIN_BLOCK.search(text):
        return False
    if flow and (not (text[0].isalnum() or text[0] == "(") or _NOT_PLAIN_FLOW.search(text)):
        return False
    yaml11, yaml12 = _resolvers()
    implicit = (True, False)
    return (yaml11.resolve(pyyaml.ScalarNode, text, implicit) == _STR
            and yaml12.resolve(pyyaml.ScalarNode, text, implicit) == _STR)


@lru_cache(maxsize=1)
def _resolvers():
    """PyYAML's (YAML 1.1, what ``safe_load`` resolves with) and yamlcore's (1.2, cvld's reader)."""
    return pyyaml.resolver.Resolver(), yamlcore.CoreLoader.__new__(yamlcore.CoreLoader)


def quote_where_needed(node):
    """``node`` with every string that is not :func:`plain_safe` where it stands (keys too)
    double-quoted, and in NFC (as cvld's reader returns text); the user's own quoted strings and
    comments are kept (ruamel's round trip)."""
    scalars = ruamel_scalars

    def needs(value, flow: bool) -> bool:
        return isinstance(value, str) and not isinstance(value, scalars.ScalarString) and (
            not plain_safe(value, flow=flow) or not unicodedata.is_normalized("NFC", value))

    def quoted(value: str):
        return scalars.DoubleQuotedScalarString(unicodedata.normalize("NFC", value))  # as cvld's reader reads it

    stack = [(node, False)]
    while stack:  # no recursion: never trust a document's depth
        current, flow = stack.pop()
        fa = getattr(current, "fa", None)
        flow = flow or bool(fa is not None and fa.flow_style())
        if isinstance(current, dict):
            for position, key in enumerate(list(current)):
                value = current[key]
                if needs(key, flow):
                    del current[key]
                    key = quoted(key)
                    if hasattr(current, "insert"):
                        current.insert(position, key, value)
                    else:
                        current[key] = value
                if needs(value, flow):
                    current[key] = quoted(value)
                elif isinstance(value, (dict, list)):
                    stack.append((value, flow))
        elif isinstance(current, list):
            for index, value in enumerate(current):
                if needs(value, flow):
                    current[index] = quoted(value)
                elif isinstance(value, (dict, list)):
                    stack.append((value, flow))
    return node


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

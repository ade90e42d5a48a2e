"""Writing what enrich found into the CV's own text: ruamel.yaml's round trip (as ``cvld import
--into`` merges), so the user's comments and layout stay; each new value is marked with a comment
naming the source and the day it was found."""

from __future__ import annotations

import re

from cvld.core.lazy import lazy_module
from cvld.importers.fragment import WORK_FIELDS
from cvld.importers.merge import load_document
from cvld.importers.yamlout import dump

ruamel_comments = lazy_module("ruamel.yaml.comments")
ruamel_tokens = lazy_module("ruamel.yaml.tokens")
ruamel_error = lazy_module("ruamel.yaml.error")

ORGANISATION_FIELDS = ("name", "department", "city", "region", "country", "ror", "ringgold", "grid", "url")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class Document:
    """The CV document being enriched; :meth:`set` adds one value with its mark."""

    def __init__(self, text: str):
        self.original = text
        self.root = load_document(text)
        self.changed = False

    def text(self) -> str:
        return dump(self.root) if self.changed else self.original

    def chain(self, path: str) -> list[tuple[object, object]]:
        """(container, key or index) from the root to the node at record path ``path``."""
        steps, node = [], self.root
        if path.startswith("organisations."):  # a key may hold dots: organisations.mit.csail
            return [(node, "organisations"), (node["organisations"], path[len("organisations."):])]
        for name, index in _STEP.findall(path):
            step = int(index) if index else name
            steps.append((node, step))
            node = node[step]
        return steps

    def holds(self, path: str, name: str, value) -> bool:
        """Whether the node at ``path`` is a mapping whose ``name`` is ``value``."""
        try:
            steps = self.chain(path)
            container, step = steps[-1]
            node = container[step]
        except (KeyError, IndexError, TypeError):
            return False
        return isinstance(node, dict) and node.get(name) == value

    def set(self, path: str, name: str, value: str, mark: str) -> None:
        """Set ``name`` to ``value`` on the mapping at ``path`` (in the field order of a work or an
        organisation) and put ``mark`` as a comment at the end of the line that shows it."""
        steps = self.chain(path)
        container, step = steps[-1]
        mapping = container[step]
        order = WORK_FIELDS if path.startswith("works[") else ORGANISATION_FIELDS
        if name in mapping:
            mapping[name] = value
        else:
            position = sum(1 for k in mapping if k in order and order.index(k) < order.index(name)) \
                if name in order else len(mapping)
            after = list(mapping)[position - 1] if position else None
            mapping.insert(position, name, value)
            if not _flow(mapping) and after is not None:
                _move_trailer(mapping, after, name)
        steps.append((mapping, name))
        # the comment goes on the innermost block-style mapping or list: a flow-style one is one line
        holder, key = next(((c, k) for c, k in reversed(steps) if not _flow(c)), steps[0])
        _add_mark(holder, key, mark)
        self.changed = True


def _flow(node) -> bool:
    return bool(getattr(node, "fa", None) and node.fa.flow_style())


def _lines(token) -> tuple[str, str]:
    """A key's end-of-line comment and what follows it (blank lines, comments of the next item)."""
    if token is None:
        return "", ""
    value = token.value
    if value.lstrip(" ").startswith("#"):
        first, newline, rest = value.partition("\n")
        return first, (newline + rest) if rest else ""
    return "", value


def _move_trailer(mapping, before: str, new: str) -> None:
    """A key's following lines (ruamel keeps them on the key before) move to the key inserted after it."""
    entry = mapping.ca.items.get(before)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    eol, trailer = _lines(entry[2])
    if not trailer.strip("\n") and trailer.count("\n") <= 1:
        return
    if eol:
        entry[2].value = eol + "\n"
    else:
        entry[2] = None
    mapping.ca.items.setdefault(new, [None, None, None, None])
    mapping.ca.items[new][2] = _token(trailer)


def _token(value: str):
    return ruamel_tokens.CommentToken(value, ruamel_error.CommentMark(0), None)


def _add_mark(holder, key, mark: str) -> None:
    """``# mark`` at the end of ``holder[key]``'s line, after a comment already there (and before
    the lines that follow it). ruamel keeps a list item's comment first, a mapping key's third."""
    slot = 0 if isinstance(holder, ruamel_comments.CommentedSeq) else 2
    entry = holder.ca.items.setdefault(key, [None, None, None, None])
    eol, trailer = _lines(entry[slot])
    text = (f"{eol}; {mark}" if eol else f" # {mark}") + trailer
    if entry[slot] is not None:
        entry[slot].value = text  # keeps the comment's column
    else:
        entry[slot] = _token(text)

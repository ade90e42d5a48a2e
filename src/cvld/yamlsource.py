"""Read YAML or JSON into plain data while keeping the line and column of every value.

ruamel.yaml's round-trip loader keeps positions; this walks its result into plain
dicts, lists and scalars (JSON's data model) plus a table of positions by record path.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .diagnostics import Diagnostic, Location

Path_ = tuple  # a record path: keys (str) and indexes (int)

MAX_DEPTH = 64


@dataclass
class Source:
    """Plain data read from a file, with the position of every value and mapping key."""

    file: str
    data: object
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    numbers_as_written: dict[Path_, str] = field(default_factory=dict)

    def location(self, path: Path_, *, key: bool = False) -> Location:
        """The 1-based position of the value at ``path`` (or of its key), falling back to its parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe not in table and probe:
            if key:
                table = self.values
            probe = probe[:-1]
        line, column = table.get(probe, (0, 0))
        return Location(self.file, line + 1, column + 1, format_path(path))


def format_path(path: Path_) -> str:
    """``works[3].authors[0].person`` from ``('works', 3, 'authors', 0, 'person')``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


class _Constructor(RoundTripConstructor):
    """Keeps dates as the text written, so that cvld (not the YAML library) checks them."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


class SourceError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(map(str, diagnostics)))


def decode(file: str, raw: bytes) -> str:
    """UTF-8 (a BOM is allowed); invalid bytes are an error at their line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            [Diagnostic(Location(file, line, column), f"invalid UTF-8 byte 0x{raw[error.start]:02x}; save the file as UTF-8")]
        ) from None


def parse(file: str, text: str) -> Source:
    """Parse YAML (or JSON) text; syntax errors and duplicate keys are located diagnostics."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "YAML syntax error").strip()
        if "duplicate key" in problem:
            problem = problem.split(" with value")[0]
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise SourceError([Diagnostic(Location(file, line, column), f"YAML syntax error: {problem}")]) from None
    except YAMLError as error:
        raise SourceError([Diagnostic(Location(file), f"YAML error: {error}")]) from None
    except RecursionError:
        raise SourceError([Diagnostic(Location(file), "the document is nested too deeply")]) from None
    source = Source(file, None)
    problems: list[Diagnostic] = []
    source.values[()] = (0, 0)
    source.data = _plain(document, (), source, problems, 0)
    if problems:
        raise SourceError(problems)
    return source


def _plain(node, path, source: Source, problems: list, depth: int):
    if depth > MAX_DEPTH:
        problems.append(Diagnostic(source.location(path), f"nested more than {MAX_DEPTH} levels deep"))
        return None
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            key_pos = node.lc.key(key)
            value_pos = node.lc.value(key)
            if not isinstance(key, str):
                problems.append(Diagnostic(Location(source.file, key_pos[0] + 1, key_pos[1] + 1, format_path(path)),
                                           f"mapping key {key!r} must be text; quote it"))
                key = str(key)
            key = unicodedata.normalize("NFC", key)
            child = path + (key,)
            source.keys[child] = key_pos
            source.values[child] = value_pos if not isinstance(value, (CommentedMap, CommentedSeq)) else _start(value, value_pos)
            result[key] = _plain(value, child, source, problems, depth + 1)
        return result
    if isinstance(node, CommentedSeq):
        result = []
        for index, value in enumerate(node):
            child = path + (index,)
            pos = node.lc.item(index)
            source.values[child] = pos if not isinstance(value, (CommentedMap, CommentedSeq)) else _start(value, pos)
            result.append(_plain(value, child, source, problems, depth + 1))
        return result
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        source.numbers_as_written[path] = _float_text(node)
        return float(node)
    if isinstance(node, _dt.datetime):
        return node.isoformat()
    if isinstance(node, _dt.date):
        return node.isoformat()
    if isinstance(node, str):
        text = unicodedata.normalize("NFC", str(node))
        bad = _forbidden_character(text)
        if bad is not None:
            problems.append(Diagnostic(source.location(path), f"contains U+{ord(bad):04X}, a character XML and HTML cannot hold; remove it"))
        return text
    problems.append(Diagnostic(source.location(path), f"unsupported YAML value of type {type(node).__name__}"))
    return None


def _start(node, fallback):
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return (lc.line, lc.col)
    return fallback


def _float_text(value) -> str:
    """The number as ruamel.yaml read it (keeps trailing zeros where it can)."""
    try:
        width, prec = value._width, value._prec  # ScalarFloat keeps the written form
        if width is not None and prec is not None:
            return f"{float(value):0{width}.{width - prec - 1}f}"
    except (AttributeError, ValueError):
        pass
    return repr(float(value))


def _forbidden_character(text: str):
    for ch in text:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n\r":
            return ch
        if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or 0x7F <= code <= 0x84 or 0x86 <= code <= 0x9F:
            return ch
    return None

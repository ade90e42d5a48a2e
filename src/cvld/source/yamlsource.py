"""Read YAML or JSON into plain data while keeping the line and column of every value.

libyaml (PyYAML's C parser) composes the node tree with positions; yamlcore's resolver
gives YAML 1.2 core-schema scalars (so ``NO`` stays a country code, not false). This
module walks the nodes into plain dicts, lists and scalars (JSON's data model) plus a
table of positions by record path, refusing duplicate keys and alias bombs on the way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml
import yamlcore

from cvld.core.diagnostics import CVInputError, Diagnostic, Location

Path_ = tuple  # a record path: keys (str) and indexes (int)

MAX_DEPTH = 64
MAX_VALUES = 1_000_000  # after aliases are expanded
MAX_FILE_BYTES = 16 * 1024 * 1024
_CoreLoader = getattr(yamlcore, "CCoreLoader", None) or yamlcore.CoreLoader


_WILDCARD_RESOLVERS = tuple(_CoreLoader.yaml_implicit_resolvers.get(None, ()))
_RESOLVERS_BY_FIRST = {first: tuple(found) + _WILDCARD_RESOLVERS
                       for first, found in _CoreLoader.yaml_implicit_resolvers.items() if first is not None}


class _Loader(_CoreLoader):
    """yamlcore's loader (YAML 1.2 core schema) with its tag resolution done in one table look-up.

    PyYAML's resolver builds a list and consults path resolvers for every node; the core
    schema has no path resolvers, and its implicit resolvers are keyed by a scalar's first
    character, so each first character's resolvers (with the wildcard ones) are joined once.
    """

    def resolve(self, kind, value, implicit):
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _RESOLVERS_BY_FIRST.get(value[:1], _WILDCARD_RESOLVERS):
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node, current_index):
        if self.yaml_path_resolvers:
            super().descend_resolver(current_node, current_index)

    def ascend_resolver(self):
        if self.yaml_path_resolvers:
            super().ascend_resolver()


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


def decode(file: str, raw: bytes) -> str:
    """UTF-8 (a BOM is allowed); invalid bytes are an error at their line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise CVInputError(
            [Diagnostic(Location(file, line, column), f"invalid UTF-8 byte 0x{raw[error.start]:02x}; save the file as UTF-8")]
        ) from None


def parse(file: str, text: str, *, repairs: list[Diagnostic] | None = None) -> Source:
    """Parse YAML (or JSON) text; syntax errors, duplicate keys and alias bombs are located diagnostics.

    With ``repairs`` (a list, for importers reading other tools' files), a control character is
    removed and a duplicate key's later value left out, each a located warning added to the list,
    instead of refusing the file."""
    if repairs is not None:
        text = _remove_forbidden(file, text, repairs)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "YAML syntax error").strip()
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise CVInputError([Diagnostic(Location(file, line, column), f"YAML syntax error: {problem}")]) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        character = error.character if isinstance(error.character, int) else ord(error.character)
        raise CVInputError([Diagnostic(Location(file, line, column),
                                      f"contains U+{character:04X}, a control character YAML does not allow; remove it")]) from None
    except yaml.YAMLError as error:
        raise CVInputError([Diagnostic(Location(file), f"YAML error: {error}")]) from None
    except RecursionError:
        raise CVInputError([Diagnostic(Location(file), "YAML syntax error: the document is nested too deeply")]) from None
    finally:
        loader.dispose()
    source = Source(file, None)
    source.values[()] = (0, 0)
    walker = _Walker(source, loader, repairs)
    if root is not None:
        source.values[()] = (root.start_mark.line, root.start_mark.column)
        source.data = walker.plain(root, (), 0)
    if walker.problems:
        raise CVInputError(walker.problems)
    return source


def _remove_forbidden(file: str, text: str, repairs: list[Diagnostic]) -> str:
    """The text without the characters YAML and XML cannot hold, each removal a warning at its place."""
    if _FORBIDDEN.search(text) is None:
        return text
    kept = []
    line, start = 1, 0
    for index, character in enumerate(text):
        if character == "\n":
            line, start = line + 1, index + 1
        if _FORBIDDEN.match(character):
            repairs.append(Diagnostic(Location(file, line, index - start + 1),
                                      f"contains U+{ord(character):04X}, a control character; removed", "warning"))
            continue
        kept.append(character)
    return "".join(kept)


class _Walker:
    def __init__(self, source: Source, loader, repairs: list[Diagnostic] | None = None):
        self.source = source
        self.loader = loader
        self.problems: list[Diagnostic] = []
        self.repairs = repairs
        self.count = 0

    def repaired(self, node, path, message):
        mark = node.start_mark
        self.repairs.append(Diagnostic(Location(self.source.file, mark.line + 1, mark.column + 1, format_path(path)),
                                       message, "warning"))

    def problem(self, node, path, message):
        mark = node.start_mark
        self.problems.append(Diagnostic(Location(self.source.file, mark.line + 1, mark.column + 1, format_path(path)), message))

    def plain(self, node, path, depth):
        self.count += 1
        if self.count > MAX_VALUES:
            if self.count == MAX_VALUES + 1:
                self.problem(node, path, f"the document expands to more than {MAX_VALUES:,} values (YAML aliases?)")
            return None
        if depth > MAX_DEPTH:
            self.problem(node, path, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    self.problem(key_node, path, f"mapping key {key_node.value if isinstance(key_node, yaml.ScalarNode) else '(a collection)'} must be text; quote it")
                    continue
                key = unicodedata.normalize("NFC", key_node.value)
                child = path + (key,)
                if key in result:
                    first = self.source.keys[child]
                    if self.repairs is not None:
                        shown = f" {value_node.value!r}" if isinstance(value_node, yaml.ScalarNode) else ""
                        self.repaired(key_node, child, f"duplicate key '{key}' (first at line {first[0] + 1}): the later "
                                                       f"value{shown} is left out; keep one of them")
                        continue
                    self.problem(key_node, child, f"duplicate key '{key}' (first at line {first[0] + 1}); YAML keeps only one")
                    continue
                self.source.keys[child] = (key_node.start_mark.line, key_node.start_mark.column)
                self.source.values[child] = (value_node.start_mark.line, value_node.start_mark.column)
                result[key] = self.plain(value_node, child, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                child = path + (index,)
                self.source.values[child] = (item.start_mark.line, item.start_mark.column)
                result.append(self.plain(item, child, depth + 1))
            return result
        return self.scalar(node, path)

    def scalar(self, node, path):
        tag = node.tag
        if tag == "tag:yaml.org,2002:str" or tag not in _CORE_TAGS:
            text = unicodedata.normalize("NFC", node.value)
            bad = _forbidden_character(text)
            if bad is not None and self.repairs is not None:
                self.repaired(node, path, f"contains U+{ord(bad):04X}, a character XML and HTML cannot hold; removed")
                return _FORBIDDEN.sub("", text)
            if bad is not None:
                self.problem(node, path, f"contains U+{ord(bad):04X}, a character XML and HTML cannot hold; remove it")
            return text
        value = self.loader.construct_object(node)
        if tag == "tag:yaml.org,2002:float":
            self.source.numbers_as_written[path] = node.value
        return value


_CORE_TAGS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _forbidden_character(text: str):
    found = _FORBIDDEN.search(text)
    return found.group() if found else None

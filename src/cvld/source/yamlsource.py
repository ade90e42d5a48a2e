"""Read YAML or JSON into plain data while keeping the line and column of every value.

libyaml (PyYAML's C parser) composes the node tree with positions; yamlcore's resolver
table gives YAML 1.2 core-schema scalars (so ``NO`` stays a country code, not false), each
scalar's tag resolved as the walker reads it (:class:`_Loader`). JSON is
read by its own parser (:func:`parse_json`, RFC 8259: surrogate pairs such as
``"\\ud83d\\ude00"``, which ``json.dumps`` writes for an emoji, are one character), which
gives the same nodes with positions. This module walks the nodes into plain dicts, lists
and scalars (JSON's data model) plus a table of positions by record path, refusing
duplicate keys, merge keys and alias bombs on the way.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import field

import yaml
import yamlcore

from cvld.core.recordtype import record
from cvld.core.diagnostics import CVInputError, Diagnostic, Location
from cvld.core.text import hidden_characters

Path_ = tuple  # a record path: keys (str) and indexes (int)

MAX_DEPTH = 64
MAX_VALUES = 1_000_000  # after aliases are expanded
MAX_FILE_BYTES = 16 * 1024 * 1024
_CoreLoader = getattr(yamlcore, "CCoreLoader", None) or yamlcore.CoreLoader


_RESOLVERS_BY_FIRST = {first: tuple(found) for first, found in _CoreLoader.yaml_implicit_resolvers.items()}
# the core schema has no path resolvers (a node's tag depends on itself alone) and no resolver for any first
# character (None): a plain scalar whose first character has no resolver is text
assert not _CoreLoader.yaml_path_resolvers and None not in _RESOLVERS_BY_FIRST
_STR = "tag:yaml.org,2002:str"


class _Loader(_CoreLoader):
    """yamlcore's loader (YAML 1.2 core schema), its tags resolved by the walker, not by libyaml's composer.

    The composer calls ``resolve(kind, value, implicit)`` for every node and ``descend_resolver`` and
    ``ascend_resolver`` around it: three Python calls a node. Here they are C callables that keep
    what they were given: ``slice`` holds the node's kind, value and implicit flags as its tag, and
    :func:`scalar_tag` resolves a scalar's tag from them when the walker reads it (each scalar
    once; collections' tags are not read). The core schema has no path resolvers, and its
    implicit resolvers are keyed by a scalar's first character.
    """

    resolve = slice  # a type, not a function: called as it is, unbound
    descend_resolver = slice
    ascend_resolver = tuple


def scalar_tag(node) -> str:
    """The tag of a scalar node the loader composed: yamlcore's resolver's answer, or the explicit tag.

    The walker reads most scalars' tags itself, calling this only for a plain scalar whose first character
    has resolvers (a call per scalar costs about 5% of reading a large CV)."""
    tag = node.tag
    if tag.__class__ is not slice:
        return tag
    resolved = _STR
    if tag.step[0]:  # implicit in the plain style: resolved by its text
        value = node.value
        for candidate, pattern in _RESOLVERS_BY_FIRST.get(value[:1], ()):
            if pattern.match(value):
                resolved = candidate
                break
    node.tag = resolved  # an alias reads the same node again
    return resolved


@record
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
        else:  # a name with an invisible character in it is shown escaped ('\\ufeffname')
            shown = ascii(part)[1:-1] if hidden_characters(str(part)) else str(part)
            text += ("." if text else "") + shown
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
    return _walk(file, root, _Walker(Source(file, None), loader, repairs))


# --- JSON, with positions ---------------------------------------------------------------------

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_LITERALS = {"true": ("tag:yaml.org,2002:bool", True), "false": ("tag:yaml.org,2002:bool", False),
                  "null": ("tag:yaml.org,2002:null", None)}


class _JsonSyntaxError(Exception):
    def __init__(self, offset: int, message: str):
        self.offset, self.message = offset, message


class _JsonValues:
    """Stands in for the YAML loader: a JSON scalar node carries its value already."""

    @staticmethod
    def construct_object(node):
        return node.json_value


def parse_json(file: str, text: str, *, repairs: list[Diagnostic] | None = None) -> Source:
    """Parse JSON text (RFC 8259) into a :class:`Source` with the position of every value and key;
    syntax errors, duplicate keys and too deep nesting are located diagnostics (``repairs``: as
    for :func:`parse`)."""
    if repairs is not None:
        text = _remove_forbidden(file, text, repairs)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def mark(offset: int):
        line = bisect.bisect_right(starts, offset) - 1
        return yaml.Mark(file, offset, line, offset - starts[line], None, None)

    try:
        root = _json_nodes(text, mark)
    except _JsonSyntaxError as error:
        at = mark(min(error.offset, len(text)))
        raise CVInputError([Diagnostic(Location(file, at.line + 1, at.column + 1), f"JSON syntax error: {error.message}")]) from None
    return _walk(file, root, _Walker(Source(file, None), _JsonValues, repairs, "JSON"))


def _walk(file: str, root, walker) -> Source:
    """The plain data and positions of the node tree ``root`` (None: an empty document)."""
    source = walker.source
    source.values[()] = (0, 0)
    if root is not None:
        source.values[()] = (root.start_mark.line, root.start_mark.column)
        source.data = walker.plain(root, (), 0)
    if walker.problems:
        raise CVInputError(walker.problems)
    return source


def _json_nodes(text: str, mark):
    """The node tree of a JSON text, built without recursion (nesting depth is the walker's to limit)."""
    skip = lambda at: _JSON_SPACE.match(text, at).end()  # noqa: E731
    position = skip(0)
    if position == len(text):
        return None
    stack: list[list] = []  # the open containers: [node, the key node waiting for its value]
    root = None
    while True:
        position = skip(position)
        frame = stack[-1] if stack else None
        if frame is not None and isinstance(frame[0], yaml.MappingNode):
            if not text.startswith('"', position):
                raise _JsonSyntaxError(position, "expected a field name in double quotes")
            key, end = _json_string(text, position)
            frame[1] = yaml.ScalarNode(_STR, key, mark(position), mark(end), '"')
            position = skip(end)
            if not text.startswith(":", position):
                raise _JsonSyntaxError(position, "expected ':' after the field name")
            position = skip(position + 1)
        node, position, opened = _json_value(text, position, mark)
        if frame is None:
            root = node
        elif isinstance(frame[0], yaml.MappingNode):
            frame[0].value.append((frame[1], node))
        else:
            frame[0].value.append(node)
        if opened:
            stack.append([node, None])
            position = skip(position)
            if not text.startswith("}" if isinstance(node, yaml.MappingNode) else "]", position):
                continue  # its first member
            stack.pop()
            position += 1
        while stack:  # after a value: a comma and the next, or closing brackets
            position = skip(position)
            closer = "}" if isinstance(stack[-1][0], yaml.MappingNode) else "]"
            if text.startswith(",", position):
                if text.startswith(closer, skip(position + 1)):
                    raise _JsonSyntaxError(position, "a comma before the closing bracket (JSON allows no trailing comma)")
                position += 1
                break
            if text.startswith(closer, position):
                stack.pop()
                position += 1
                continue
            what = "',' or '}' after a field's value" if closer == "}" else "',' or ']' after an item"
            raise _JsonSyntaxError(position, f"expected {what}")
        else:
            break
    position = skip(position)
    if position != len(text):
        raise _JsonSyntaxError(position, "unexpected text after the end of the document")
    return root


def _json_value(text, position, mark):
    """(node, end, whether it opens a container) for the value at ``position``."""
    start = mark(position)
    character = text[position:position + 1]
    if character == "{":
        return yaml.MappingNode("tag:yaml.org,2002:map", [], start, start, True), position + 1, True
    if character == "[":
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [], start, start, True), position + 1, True
    if character == '"':
        value, end = _json_string(text, position)
        return yaml.ScalarNode(_STR, value, start, mark(end), '"'), end, False
    number = _JSON_NUMBER.match(text, position)
    if number and number.end() > position:
        written = number.group()
        is_float = bool(number.group(1) or number.group(2))
        node = yaml.ScalarNode("tag:yaml.org,2002:float" if is_float else "tag:yaml.org,2002:int", written, start,
                               mark(number.end()))
        if written.lstrip("-") == "0" and text[number.end():number.end() + 1].isdigit():
            digits = re.match(r"-?[0-9.]+", text[position:position + 100]).group()
            raise _JsonSyntaxError(position, f"{digits}: a number with a leading zero, which JSON does not allow; "
                                   f"write it in quotes as text: \"{digits}\"")
        if len(written) > 100:
            raise _JsonSyntaxError(position, f"a number {len(written)} characters long; write it as text in quotes")
        node.json_value = float(written) if is_float else int(written)
        return node, number.end(), False
    for word, (tag, value) in _JSON_LITERALS.items():
        if text.startswith(word, position):
            node = yaml.ScalarNode(tag, word, start, mark(position + len(word)))
            node.json_value = value
            return node, position + len(word), False
    if position >= len(text):
        raise _JsonSyntaxError(position, "the document ends where a value is expected")
    raise _JsonSyntaxError(position, f"expected a value, found {text[position]!r}")


def _json_string(text: str, position: int) -> tuple[str, int]:
    """The string starting at the quote at ``position`` (escapes and surrogate pairs decoded), and its end."""
    try:
        return json.decoder.scanstring(text, position + 1, True)
    except json.JSONDecodeError as error:
        if error.msg.startswith("Invalid control character"):
            message = (f"U+{ord(text[error.pos]):04X}, a control character, inside a string; "
                       "write it as an escape (\\n, \\t, \\u00XX)")
        elif error.msg.startswith("Invalid \\escape"):
            message = f"invalid escape {text[error.pos:error.pos + 2]!r} in a string"
        elif error.msg.startswith("Unterminated"):
            message = "a string that is never closed (a missing '\"')"
        else:
            message = error.msg[0].lower() + error.msg[1:]
        raise _JsonSyntaxError(position if error.msg.startswith("Unterminated") else error.pos, message) from None


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
    def __init__(self, source: Source, loader, repairs: list[Diagnostic] | None = None, language: str = "YAML"):
        self.source = source
        self.loader = loader
        self.repairs = repairs
        self.language = language
        self.problems: list[Diagnostic] = []
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
        kind = node.__class__
        if kind is _ScalarNode:
            return self.scalar(node, path)
        values = self.source.values
        # a scalar child is read here, not by a call of its own (most values are scalars): the same
        # counting and the same limits as plain()
        inline = depth < MAX_DEPTH
        if kind is _MappingNode:
            result = {}
            keys = self.source.keys
            for key_node, value_node in node.value:
                tag = key_node.tag if key_node.__class__ is _ScalarNode else None
                if tag.__class__ is slice:  # (scalar_tag, when the key is plain and may be a number or a null)
                    tag = scalar_tag(key_node) if tag.step[0] and key_node.value[:1] in _RESOLVERS_BY_FIRST else _STR
                if tag != _STR:
                    self.problem(key_node, path, f"mapping key {key_node.value if isinstance(key_node, yaml.ScalarNode) else '(a collection)'} must be text; quote it")
                    continue
                key = key_node.value
                if key == "<<" and not key_node.style:  # plain, not quoted
                    self.problem(key_node, path, "cvld does not take YAML merge keys ('<<'): write the fields out in "
                                 "this mapping, or define the shared entry once under organisations or people and "
                                 "refer to it by its key")
                    continue
                if not key.isascii():  # ASCII text is in NFC already
                    key = unicodedata.normalize("NFC", key)
                child = path + (key,)
                if key in result:
                    first = keys[child]
                    if self.repairs is not None:
                        shown = f" {value_node.value!r}" if isinstance(value_node, yaml.ScalarNode) else ""
                        self.repaired(key_node, child, f"duplicate key '{key}' (first at line {first[0] + 1}): the later "
                                                       f"value{shown} is left out; keep one of them")
                        continue
                    self.problem(key_node, child, f"duplicate key '{key}' (first at line {first[0] + 1}); {_KEEPS_ONE[self.language]}")
                    continue
                mark = key_node.start_mark
                keys[child] = (mark.line, mark.column)
                mark = value_node.start_mark
                values[child] = (mark.line, mark.column)
                if inline and value_node.__class__ is _ScalarNode and self.count < MAX_VALUES:
                    self.count += 1
                    result[key] = self.scalar(value_node, child)
                else:
                    result[key] = self.plain(value_node, child, depth + 1)
            return result
        if kind is _SequenceNode:
            result = []
            for index, item in enumerate(node.value):
                child = path + (index,)
                mark = item.start_mark
                values[child] = (mark.line, mark.column)
                if inline and item.__class__ is _ScalarNode and self.count < MAX_VALUES:
                    self.count += 1
                    result.append(self.scalar(item, child))
                else:
                    result.append(self.plain(item, child, depth + 1))
            return result
        return self.scalar(node, path)

    def scalar(self, node, path):
        tag = node.tag
        if tag.__class__ is slice:  # (scalar_tag, when the scalar is plain and may be a number or a null)
            tag = scalar_tag(node) if tag.step[0] and node.value[:1] in _RESOLVERS_BY_FIRST else _STR
        if tag == _STR or tag not in _CORE_TAGS:
            text = node.value
            if text.isascii():  # in NFC already; of the characters refused, only the ASCII controls
                if _FORBIDDEN_ASCII.search(text) is None:
                    return text
            else:
                text = unicodedata.normalize("NFC", text)
            bad = _forbidden_character(text)
            if bad is not None and self.repairs is not None:
                self.repaired(node, path, f"contains U+{ord(bad):04X}, a character XML and HTML cannot hold; removed")
                return _FORBIDDEN.sub("", text)
            if bad is not None:
                self.problem(node, path, f"contains U+{ord(bad):04X}, a character XML and HTML cannot hold; remove it")
            return text
        try:
            value = self.loader.construct_object(node)
        except (ValueError, KeyError, IndexError):  # an explicit tag on text it does not fit: !!int a list
            self.problem(node, path, f"the YAML tag !!{tag.rsplit(':', 1)[1]} does not fit {node.value!r}; "
                                     "remove the tag")
            return None
        if tag in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int"):
            self.source.numbers_as_written[path] = node.value  # 0000, 0x7E4, 1e3: for messages as written
        return value


_ScalarNode, _MappingNode, _SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
_KEEPS_ONE = {"YAML": "YAML keeps only one", "JSON": "JSON readers keep only one"}
_CORE_TAGS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_FORBIDDEN_ASCII = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # the ASCII characters of _FORBIDDEN


def _forbidden_character(text: str):
    found = _FORBIDDEN.search(text)
    return found.group() if found else None

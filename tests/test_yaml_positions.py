"""cvld's YAML reader (libyaml's composer, tags resolved by the walker) against yamlcore's loader.

On every YAML file of the project (the example CVs, the adversarial inputs, the test data) and on
drawn damaged copies of them: where cvld reads a file, it reads the values yamlcore's loader
constructs (text in NFC) and the position of every value and key is its node's start mark; where
yamlcore's loader finds a syntax error, cvld reports it at the same line and column.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
import yaml
import yamlcore

from cvld.core.diagnostics import CVInputError
from cvld.source.yamlsource import parse
from conftest import PROJECT_ROOT

# yamlcore's loader on libyaml (PyYAML's C parser, as cvld's): libyaml composing the nodes and asking
# yamlcore's resolver for each tag, PyYAML's constructors making the values
REFERENCE = yamlcore.CCoreLoader
FILES = sorted(p for folder in ("data", "tests") for p in (PROJECT_ROOT / folder).rglob("*.y*ml"))
CORE_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float")}
PIECES = [":", "-", " ", "\n", "\t", "'", '"', "&a ", "*a", "!", "!!str ", "<<: ", "[", "]", "{", "}", "#", "|",
          ">", "? ", "%", "@", "`", ",", "0x1F", "1e3", "~", "null", "Yes", "é", "e\u0301", "!!int "]


class Refused(Exception):
    """A document cvld refuses by a rule of its own (a key that is not text)."""


def _reference(text: str):
    """(data, values, keys) as yamlcore's loader composes and constructs them, positions 0-based."""
    loader = REFERENCE(text)
    try:
        root = loader.get_single_node()
        values, keys = {(): (0, 0)}, {}

        def walk(node, path):
            if isinstance(node, yaml.MappingNode):
                result = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                        raise Refused  # cvld takes text keys only
                    key = unicodedata.normalize("NFC", key_node.value)
                    keys[path + (key,)] = (key_node.start_mark.line, key_node.start_mark.column)
                    values[path + (key,)] = (value_node.start_mark.line, value_node.start_mark.column)
                    result[key] = walk(value_node, path + (key,))
                return result
            if isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    values[path + (index,)] = (item.start_mark.line, item.start_mark.column)
                return [walk(item, path + (index,)) for index, item in enumerate(node.value)]
            if node.tag not in CORE_TAGS:  # cvld reads any other tag's scalar as text
                return unicodedata.normalize("NFC", node.value)
            return loader.construct_object(node)

        if root is None:
            return None, values, keys
        values[()] = (root.start_mark.line, root.start_mark.column)
        return walk(root, ()), values, keys
    finally:
        loader.dispose()


def _damaged(text: str, rng: random.Random) -> str:
    text = text[:4000]
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.5:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif roll < 0.8:
            text = text[:at] + text[at + rng.randint(1, 12):]
        else:
            other = rng.randrange(len(text) + 1)
            text = text[:at] + text[min(at, other):max(at, other)] + text[at:]
    return text


def _texts():
    rng = random.Random(17)
    for path in FILES:
        try:
            text = path.read_text("utf-8")
        except (UnicodeDecodeError, ValueError):
            continue
        yield path.name, text
        for number in range(6):
            yield f"{path.name}~{number}", _damaged(text, rng)


def test_the_files_are_many_and_varied():
    assert len(FILES) >= 40
    outcomes = {"read": 0, "syntax error": 0}
    for _, text in _texts():
        try:
            parse("cv.yaml", text)
            outcomes["read"] += 1
        except CVInputError as error:
            outcomes["syntax error"] += any("YAML syntax error" in d.message for d in error.diagnostics)
    assert outcomes["read"] > 100 and outcomes["syntax error"] > 100, outcomes


@pytest.mark.parametrize("name, text", list(_texts()), ids=lambda value: value if len(value) < 60 else None)
def test_values_and_positions_are_yamlcores(name, text):
    try:
        expected = _reference(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        with pytest.raises(CVInputError) as raised:
            parse("cv.yaml", text)
        found = raised.value.diagnostics
        assert len(found) == 1 and found[0].message.startswith("YAML syntax error: ")
        assert (found[0].location.line, found[0].location.column) == (mark.line + 1, mark.column + 1)
        return
    except Refused:
        with pytest.raises(CVInputError, match="must be text"):
            parse("cv.yaml", text)
        return
    except (yaml.YAMLError, RecursionError):
        return  # a reader error (a control character) or nesting too deep: other tests' part
    except (ValueError, KeyError, IndexError):  # a core tag on text it cannot read (!!int a list)
        with pytest.raises(CVInputError, match="YAML tag"):
            parse("cv.yaml", text)
        return
    try:
        source = parse("cv.yaml", text)
    except CVInputError:
        return  # refused by cvld's own rules (duplicate or non-text keys, merge keys, characters, depth)
    data, values, keys = expected
    assert source.data == data
    assert source.values == values
    assert source.keys == keys


@pytest.mark.parametrize("value, tag", [("!!int a list", "int"), ("!!bool maybe", "bool"), ("!!float x", "float"),
                                        ("!!int ''", "int"), ("!!int 0x", "int")])
def test_a_core_tag_on_text_it_does_not_fit_is_a_located_error(value, tag):
    with pytest.raises(CVInputError) as raised:
        parse("cv.yaml", f"person:\n  key: ada\nx: {value}\n")
    shown = value.split(" ", 1)[1].strip("'")
    assert [str(d) for d in raised.value.diagnostics] == [
        f"cv.yaml:3:4: x: the YAML tag !!{tag} does not fit {shown!r}; remove the tag"]

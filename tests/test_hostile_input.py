"""Adversarial input to the loader: each case has one exact outcome, never a traceback."""

from __future__ import annotations

import pytest

from cvld.api import load_cv
from cvld.core.diagnostics import CVInputError

HEAD = "person:\n  key: ada\n  name: Ada Lovelace\n"


def _messages(path):
    with pytest.raises(CVInputError) as caught:
        load_cv(path)
    return [str(d).removeprefix(f"{path}:") for d in caught.value.diagnostics]


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text(HEAD + "bomb:\n" + "".join(f"  {line}\n" for line in lines))
    messages = _messages(path)
    assert any("the document expands to more than 1,000,000 values (YAML aliases?)" in m for m in messages)


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(HEAD + "deep: " + "[" * 100 + "]" * 100 + "\n")
    messages = _messages(path)
    assert messages[0].endswith("nested more than 64 levels deep")


def test_a_file_over_the_size_limit_is_refused_without_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(HEAD.encode() + b"bio: '" + b"x" * (50 * 1024 * 1024) + b"'\n")
    assert _messages(path) == [" file is larger than 16 MiB; a CV file should be far smaller"]


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert load_cv(path).owner.name == "Ada Lovelace"


def test_yaml_1_2_scalars_norway_stays_a_country(tmp_path):
    path = tmp_path / "no.yaml"
    path.write_text(HEAD + "organisations:\n  uio: {name: University of Oslo, country: NO}\n")
    assert load_cv(path).organisations["uio"].country == "NO"


def test_nfc_and_nfd_spellings_are_one_name(tmp_path):
    nfc, nfd = "Erd\u0151s", "Erdo\u030bs"
    path = tmp_path / "nfd.yaml"
    path.write_text(HEAD + "works:\n"
                    f"  - {{key: a, type: other, title: A, authors: [ada, {{person: {{name: {nfc}}}}}], date: 1950}}\n"
                    f"  - {{key: b, type: other, title: B, authors: [ada, {{person: {{name: {nfd}}}}}], date: 1951}}\n",
                    encoding="utf-8")
    cv = load_cv(path)
    assert cv.works[0].authors[1].person is cv.works[1].authors[1].person
    assert len(cv.people) == 1


@pytest.mark.parametrize("body, expected", [
    ('bio: "bad \\ud800 here"\n', "4:13: YAML syntax error: found invalid Unicode character escape code"),
    ('  bio: "bell \\a here"\n', "4:8: person.bio: contains U+0007, a character XML and HTML cannot hold; remove it"),
    ('  bio: "bell \a here"\n', "4:14: contains U+0007, a control character YAML does not allow; remove it"),
    ("organisations:\n  1: {name: One}\n", "5:3: organisations: mapping key 1 must be text; quote it"),
], ids=["lone-surrogate", "escaped-control-character", "raw-control-character", "number-as-key"])
def test_bad_characters_and_keys_are_located(tmp_path, body, expected):
    path = tmp_path / "cv.yaml"
    path.write_text(HEAD + body)
    assert _messages(path) == [expected]


def test_the_loaders_deferred_tag_resolution_gives_yamlcores_tags():
    """libyaml's composer leaves each tag to the walker (scalar_tag): the same tags as yamlcore's resolver,
    for plain, quoted, explicitly tagged and non-specifically tagged ('!') scalars, keys and items alike."""
    import yamlcore

    from cvld.source.yamlsource import _Loader, scalar_tag

    scalars = ["true", "True", "TRUE", "tRUE", "yes", "NO", "on", "~", "null", "Null", "NULL", "", "0", "-0", "+12",
               "0o17", "0x1F", "0b101", "1_000", "1e3", "1.5E-3", ".5", "-.inf", ".NaN", ".nan", "2020-01-01",
               "12:30", "'quoted'", '"1"', "Lei Wu", "01", "+.inf", "1.", "+", ".", "e3", "0x", "=", "<<",
               "! 12", "! '12'", '! "true"', "!!str 12", "!!int '7'", "!custom text", "|\n    12", ">-\n    null"]
    document = "\n".join(f"k{i}: {value}" for i, value in enumerate(scalars)) + "\n12: [1, a, ~, '2', ! 3]\n"

    def tags(loader_class, tag_of):
        loader = loader_class(document)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
        pairs = [(key.value, tag_of(key), tag_of(value)) for key, value in root.value[:-1]]
        return pairs + [(tag_of(root.value[-1][0]),)] + [(n.value, tag_of(n)) for n in root.value[-1][1].value]

    found = tags(_Loader, scalar_tag)
    assert found == tags(getattr(yamlcore, "CCoreLoader", None) or yamlcore.CoreLoader, lambda node: node.tag)
    assert {entry[-1].rsplit(":", 1)[-1] for entry in found} == {"bool", "null", "int", "float", "str", "!custom"}

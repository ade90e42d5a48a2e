"""A strict BibTeX reader for the tests: BibTeX's own brace rules, no recovery.

It reads what cvld writes (``@type{key,`` then ``name = {value}`` or ``name = macro``
or ``name = digits`` fields, ``}``) the way BibTeX 0.99 counts braces: every ``{`` and
``}`` inside a value counts, backslash or not, so a value must balance by itself. Anything
else is a :class:`StrictBibtexError` with its offset: an unbalanced value, text between
entries, an ``@`` at the start of a line inside a value (where a recovering parser would
start a new entry), a duplicate field, a control character. ``read`` returns the entries as
``(type, key, {field: raw value})`` in order.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:+.-]*")
_KEY = re.compile(r"[^\s,{}()@\"#%'=\\~]+")
_MACRO = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"[0-9]+")


class StrictBibtexError(ValueError):
    def __init__(self, offset: int, message: str):
        super().__init__(f"offset {offset}: {message}")
        self.offset = offset


def read(text: str) -> list[tuple[str, str, dict[str, str]]]:
    reader = _Reader(text)
    return reader.entries()


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.at = 0
        bad = re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
        if bad:
            raise StrictBibtexError(bad.start(), f"control character U+{ord(bad.group()):04X}")

    def fail(self, message: str):
        raise StrictBibtexError(self.at, message)

    def space(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in " \t\n\r":
            self.at += 1

    def expect(self, literal: str) -> None:
        self.space()
        if not self.text.startswith(literal, self.at):
            self.fail(f"expected {literal!r}, found {self.text[self.at:self.at + 20]!r}")
        self.at += len(literal)

    def match(self, pattern: re.Pattern, what: str) -> str:
        self.space()
        found = pattern.match(self.text, self.at)
        if not found:
            self.fail(f"expected {what}, found {self.text[self.at:self.at + 20]!r}")
        self.at = found.end()
        return found.group()

    def entries(self) -> list[tuple[str, str, dict[str, str]]]:
        found = []
        while True:
            self.space()
            if self.at == len(self.text):
                return found
            if self.text[self.at] != "@":
                self.fail("text outside an entry")
            self.at += 1
            entry_type = self.match(_NAME, "an entry type").lower()
            self.expect("{")
            key = self.match(_KEY, "a key")
            fields: dict[str, str] = {}
            while True:
                self.space()
                if self.text.startswith("}", self.at):
                    self.at += 1
                    break
                self.expect(",")
                self.space()
                if self.text.startswith("}", self.at):
                    self.at += 1
                    break
                name = self.match(_NAME, "a field name").lower()
                if name in fields:
                    self.fail(f"field {name} given twice")
                self.expect("=")
                fields[name] = self.value()
            found.append((entry_type, key, fields))

    def value(self) -> str:
        self.space()
        if self.text.startswith("{", self.at):
            start = self.at + 1
            depth = 0
            for index in range(self.at, len(self.text)):
                ch = self.text[index]
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth == 0:
                        self.at = index + 1
                        value = self.text[start:index]
                        if re.search(r"\n[ \t]*@", value):
                            raise StrictBibtexError(start, "an '@' starts a line inside a value")
                        return value
            self.fail("a value whose braces never close")
        if self.text.startswith('"', self.at):
            self.fail("a quoted value (cvld writes braces)")
        found = _DIGITS.match(self.text, self.at) or _MACRO.match(self.text, self.at)
        if not found:
            self.fail("expected a value")
        self.at = found.end()
        return found.group()

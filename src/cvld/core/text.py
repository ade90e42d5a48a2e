"""Text rules every part of cvld shares: the key pattern, slugs for keys and file names, and
the folding that decides whether two names (or titles) are the same words.

One family, so that every target agrees: a letter with no ASCII decomposition is spelt out
the same way everywhere (``Voß`` -> ``voss``, ``Ærø`` -> ``aero``, ``Łódź`` -> ``lodz``),
whether it ends in a key, a file name, an IRI or a comparison.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A record key (and a file-name stem): the CV schema's pattern ``^[a-z0-9][a-z0-9._-]{0,79}$``.
# ``\Z``, not ``$``: a key followed by a newline is not a key.
KEY_PATTERN = "[a-z0-9][a-z0-9._-]{0,79}"
KEY_RE = re.compile(rf"\A{KEY_PATTERN}\Z")


def is_key(text: object) -> bool:
    """Whether ``text`` is a string in the key pattern."""
    return isinstance(text, str) and KEY_RE.match(text) is not None


# Letters that Unicode does not decompose into an ASCII letter and a mark, spelt out as
# their languages' own ASCII spellings do.
LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ŧ": "t",
    "Ŧ": "T",
})


def spell_out(text: str) -> str:
    """``text`` with the letters of :data:`LETTERS` spelt out (``Voß`` -> ``Voss``)."""
    return text.translate(LETTERS)


@lru_cache(maxsize=1 << 16)  # a department names the same journals and organisations over and over
def slugify(text: str) -> str:
    """A key from any text: ASCII letters and digits joined by ``-``, at most 60 characters
    (``"Jürgen Voß"`` -> ``jurgen-voss``); text with no such letter gets ``u`` and its code points."""
    ascii_text = unicodedata.normalize("NFKD", spell_out(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        slug = "u" + "-".join(f"{ord(c):x}" for c in text if not c.isspace())[:40]
    return slug[:60].rstrip("-")


_NOT_WORD = re.compile(r"[\W_]+")
# fold's table for ASCII text: a letter in lower case, a digit itself, any other character (_NOT_WORD's) a space
_ASCII_WORDS = bytes(c | 0x20 if chr(c).isalpha() else c if chr(c).isdigit() else 0x20 for c in range(128)) + b" " * 128


def fold_words(text: str) -> str:
    """Words to compare, not to show: accents, case and punctuation set aside, word order kept
    (``"Yi-An  Ma"`` -> ``"yi an ma"``, ``"Jürgen Voß"`` -> ``"jurgen voss"``). Letters of every
    script are kept (``"王 小明"`` stays ``"王 小明"``). Not memoised: for text met once (a title);
    :func:`fold` is the same, memoised, for the names a department repeats."""
    if text.isascii():  # nothing to spell out, decompose or strip (most titles): the same words, sooner
        return b" ".join(text.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
    plain = unicodedata.normalize("NFKD", spell_out(text))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).split())


fold = lru_cache(maxsize=1 << 16)(fold_words)  # a department names the same co-authors over and over


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` an editor does not show: format characters (a byte-order mark,
    zero-width spaces and joiners, bidirectional marks) and white space other than the space."""
    if text.isascii() and text.isprintable():  # no format character is ASCII; the space is printable, other white space is not
        return []
    seen: list[str] = []
    for character in text:
        if ((unicodedata.category(character) in ("Cf", "Zl", "Zp") or (character.isspace() and character != " "))
                and character not in seen):
            seen.append(character)
    return seen


def describe_characters(characters: list[str]) -> str:
    """``U+FEFF (a byte-order mark), U+200B (zero width space)``: the characters, by code and name."""
    def one(character: str) -> str:
        code = f"U+{ord(character):04X}"
        name = unicodedata.name(character, "")
        if character == "\ufeff":
            return f"{code} (a byte-order mark)"
        return f"{code} ({name.lower()})" if name else code
    return ", ".join(one(c) for c in characters)


def either(names) -> str:
    """Words for a message: ``a``, ``a or b``, ``a, b or c``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

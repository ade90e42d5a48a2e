"""Person names as importers meet them: split into parts, marks taken off, the owner recognised.

Names are split by bibtexparser's implementation of BibTeX's rules ("Family, Given",
"Given Family", particles such as "van" and "de la", braced corporate names). The
owner is recognised by name variants ("Wu, Lei", "L. Wu", "Lei Wu*") or by ORCID iD,
never by a family name alone: "Huan Lei" and "Jingfeng Wu" are not "Lei Wu".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


from cvld.core.lazy import lazy_module
from cvld.core.text import fold
from cvld.model import ids

bibtex_names = lazy_module("bibtexparser.middlewares.names")

# marks for equal contribution written into a name: *, the dagger, U+2217 (the asterisk operator)
EQUAL_MARKS = "*\u2020\u2217"
_LATEX_MARKS = re.compile(r"\$\^?\{?(?:\\ast|\*|\\dagger)\}?\$|\\textsuperscript\{(?:\*|\\dag(?:ger)?|\u2020)\}|\\dag(?:ger)?\b")
_MARK_EDGES = re.compile(rf"^[\s{EQUAL_MARKS}]+|[\s{EQUAL_MARKS}]+$")


@dataclass(frozen=True)
class Name:
    """A person's name in parts; ``literal`` alone for a name that has no parts (an organisation)."""

    given: str | None = None
    family: str | None = None
    suffix: str | None = None
    literal: str | None = None

    @property
    def full(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(part for part in (self.given, self.family, self.suffix) if part)


# markup a CV puts around the owner's name: \textbf{Lei Wu}, \underline{Wu, L.}, {\bf Lei Wu}, \me{...}
_COLOUR = re.compile(r"\\(?:textcolor|colorbox|color)\s*\{[^{}]*\}")
_SORT_KEY = re.compile(r"\\(?:noopsort|noop|sortnoop|SortNoop)\s*\{[^{}]*\}")
_WRAPPED = re.compile(r"\\[A-Za-z]{2,}\*?\s*\{([^{}]+)\}")  # one-letter commands are accents: \c{s}, \v{c}
_SWITCH = re.compile(r"\{\s*\\(?:bf|it|em|sl|sc|tt|sf|rm|bfseries|itshape|underline|bfseries|mdseries|upshape)\b\s*([^{}]*)\}")
_ACCENT_WORDS = {"ss", "aa", "AA", "ae", "AE", "oe", "OE", "i", "j", "l", "L", "o", "O"}


def unwrap_markup(raw: str) -> str:
    """A BibTeX name without the markup a CV puts around it (bold, underline, colour, a custom
    one-argument macro, a sort key); accents such as ``\\c{s}`` and ``{\\"o}`` are kept."""
    text = _SORT_KEY.sub("", _COLOUR.sub("", raw))
    for _ in range(20):  # each round takes off one level; a name is never nested deeper
        unwrapped = _SWITCH.sub(r"\1", _WRAPPED.sub(lambda m: m.group(1) if m.group(0)[1:].split("{")[0].strip("* ")
                                                     not in _ACCENT_WORDS else m.group(0), text))
        if unwrapped == text:
            break
        text = unwrapped
    return text


def take_marks(text: str) -> tuple[str, bool]:
    """The name without equal-contribution marks at its ends, and whether there was one."""
    plain = _LATEX_MARKS.sub("*", text)
    stripped = _MARK_EDGES.sub("", plain)
    return (stripped, True) if stripped != plain.strip() else (text.strip(), False)


def split_bibtex_name(raw: str, decode=lambda text: text) -> Name:
    """One BibTeX name (LaTeX as written) into parts, each decoded by ``decode``.

    Raises ValueError for a name with no parts at all.
    """
    labelled = _labelled(raw)
    if labelled is not None:
        given = " ".join(v for v in (labelled.get("given"),) if v)
        family = " ".join(v for v in (labelled.get("prefix"), labelled.get("family")) if v)
        if not given and not family:
            raise ValueError("empty name")
        return Name(decode(given) or None, decode(family) or None, decode(labelled.get("suffix", "")) or None)
    try:
        parts = bibtex_names.parse_single_name_into_parts(raw, strict=False)
    except bibtex_names.InvalidNameError as error:
        raise ValueError(error.reason) from None
    family = " ".join(parts.von + parts.last)
    if not family and not parts.first:
        raise ValueError("empty name")
    if not parts.first and not parts.von and len(parts.last) == 1 and raw.strip().startswith("{"):
        inner = family[1:-1] if family.startswith("{") and family.endswith("}") else family
        return Name(literal=decode(inner).strip())  # a braced corporate name such as {Google Research}
    return Name(decode(" ".join(parts.first)).strip() or None, decode(family).strip() or None,
                decode(" ".join(parts.jr)).strip() or None)


def _labelled(raw: str) -> dict[str, str] | None:
    """BibLaTeX's extended name format ``given=A, family=B`` (a later part wins), or None."""
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) < 2 or not all(re.match(r"^(given|family|prefix|suffix|useprefix)\s*=", p) for p in parts):
        return None
    result = {}
    for part in parts:
        label, _, value = part.partition("=")
        result[label.strip()] = value.strip().strip("{}")
    return result


def parse_name(text: str) -> Name:
    """A plain (Unicode) name written "Family, Given" or "Given Family"."""
    escaped = text.replace("{", "").replace("}", "")
    return split_bibtex_name(escaped)


def name_key(name: Name) -> str:
    """The identity of a name within one import: its folded full form."""
    return fold(name.full)


def _given_compatible(candidate: list[str], known: list[str]) -> bool:
    """Given-name tokens agree, each in full or as an initial, in order, as far as both go."""
    if not candidate or not known:
        return False
    for mine, theirs in zip(candidate, known):  # "L. Wu" for "Lei Wu", "Lei Wu" for "Lei X. Wu"
        if mine == theirs:
            continue
        if (len(mine) == 1 and theirs.startswith(mine)) or (len(theirs) == 1 and mine.startswith(theirs)):
            continue
        return False
    return True


class Me:
    """The owner as named on the command line (``--me``, ``--me-orcid``) or in the CV."""

    def __init__(self, name: str | None = None, orcid: str | None = None, aliases: tuple[str, ...] = ()):
        self.orcid = ids.normalize_orcid(orcid) if orcid else None
        self.names: list[Name] = []
        for text in (name, *aliases):
            if text and text.strip():
                self.add_name(text)

    def add_name(self, text: str) -> None:
        try:
            name = parse_name(take_marks(text)[0])
        except ValueError:
            return
        if name not in self.names:
            self.names.append(name)

    @property
    def name(self) -> Name | None:
        return self.names[0] if self.names else None

    def __bool__(self) -> bool:
        return bool(self.names or self.orcid)

    def matches(self, name: Name, orcid: str | None = None) -> bool:
        if orcid and self.orcid:
            return orcid == self.orcid
        if any(fold(name.full) == fold(known.full) for known in self.names):
            return True  # "Neil Chue Hong" whichever part the family name is
        if name.literal:
            return False
        for known in self.names:
            if known.literal or not known.family or not name.family:
                continue
            if fold(name.family) != fold(known.family):
                continue
            if _given_compatible(fold(name.given or "").split(), fold(known.given or "").split()):
                return True
        return False

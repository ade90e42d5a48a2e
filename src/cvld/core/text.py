"""Text rules every part of cvld shares: slugs for keys and file names."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        slug = "u" + "-".join(f"{ord(c):x}" for c in text if not c.isspace())[:40]
    return slug[:60].rstrip("-")

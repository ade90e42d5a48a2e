"""The user's cache folder for cvld.

``user_cache_dir()``: ``$CVLD_CACHE_DIR`` if set, else the platform's place for caches
(``$XDG_CACHE_HOME/cvld`` or ``~/.cache/cvld`` on Linux and other Unix, ``~/Library/Caches/cvld``
on macOS, ``%LOCALAPPDATA%\\cvld\\Cache`` on Windows). Nothing in it is needed: a missing,
read-only or corrupt cache costs time, never a result.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_cache_dir() -> Path:
    configured = os.environ.get("CVLD_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "cvld" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cvld"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvld"

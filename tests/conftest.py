"""Shared fixtures. Reference data from ../shared is reached only through `shared_path`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SEED_CV = PROJECT_ROOT / "data" / "lei-wu.yaml"


def shared_root() -> Path:
    """``$CVLD_SHARED`` if set, else the ``shared`` folder beside the project root."""
    configured = os.environ.get("CVLD_SHARED")
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside the shared reference data; the calling test skips, naming the folder, if it is absent."""
    path = shared_root().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data missing: {path} (set CVLD_SHARED or put shared/ beside the project)")
    return path


@pytest.fixture(scope="session")
def lei_wu():
    from cvld.api import load_cv

    return load_cv(SEED_CV)

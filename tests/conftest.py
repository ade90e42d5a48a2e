"""Shared fixtures. Reference data from ../shared is reached only through `shared_path`."""

from __future__ import annotations

import os
import shutil
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


def broken_copy(department: Path, folder: Path, picks: tuple[int, ...]) -> list[Path]:
    """``department``'s CV files copied into ``folder``, those at ``picks`` (in file order) given an
    unknown field ``titel``: the broken files, in file order."""
    shutil.copytree(department, folder)
    broken = [sorted(folder.iterdir())[i] for i in picks]
    for path in broken:
        path.write_text(path.read_text().replace("title:", "titel:", 1))
    return broken


@pytest.fixture(scope="session")
def lei_wu():
    from cvld.api import load_cv

    return load_cv(SEED_CV)


# --- property tests: a few hundred examples normally, thousands with --slow -----------------

def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="run the property tests with thousands of examples (hypothesis profile 'slow')")


def pytest_configure(config):
    from hypothesis import HealthCheck, settings

    from hypothesis import Phase

    common = dict(deadline=None, derandomize=True, database=None, print_blob=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.register_profile("default", **common)
    settings.register_profile("slow", **common, max_examples=2000)
    settings.load_profile("slow" if config.getoption("--slow") else "default")


def examples(normal: int) -> int:
    """The example count of one property test: ``normal`` in the normal run, the profile's under --slow."""
    from hypothesis import settings

    return max(normal, settings().max_examples) if settings._current_profile == "slow" else normal


@pytest.fixture(scope="session", autouse=True)
def _build_cache_of_the_suite(tmp_path_factory):
    """The suite's own cvld cache folder ($CVLD_CACHE_DIR), never the user's: commands that keep a
    build cache by default (graph, build, site, push) run warm in later tests, which must give the
    same outputs as cold ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVLD_CACHE_DIR", str(tmp_path_factory.mktemp("cvld-cache")))
        yield

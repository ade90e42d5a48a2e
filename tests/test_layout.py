"""The house rules that a machine can check (CONTRIBUTING.md): layers, no cycles, no private imports.

The import-linter contracts live in pyproject.toml ([tool.importlinter]); this test runs them,
so a change that breaks the layering fails the suite, naming the import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "cvld"
GENERATED = {"_cv_validator.py"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name not in GENERATED:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _cvld_import_from(node: ast.ImportFrom) -> bool:
    return bool(node.level) or (node.module or "").split(".")[0] == "cvld"


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install '.[test]')")
    run = subprocess.run([str(lint), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    import tomllib

    declared = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert len(declared) >= 5  # the layers and the forbidden imports of CONTRIBUTING
    assert f"Contracts: {len(declared)} kept, 0 broken." in run.stdout


def test_no_module_imports_another_modules_private_names():
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and _cvld_import_from(node):
                found += [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert found == []


def test_cvlds_own_imports_are_at_module_top():
    """Only heavy third-party libraries load lazily (cvld.core.lazy); cvld's own modules are imported at the top."""
    found = []
    for path, tree in _modules():
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    own = (isinstance(node, ast.ImportFrom) and _cvld_import_from(node)) or (
                        isinstance(node, ast.Import) and any(a.name.split(".")[0] == "cvld" for a in node.names))
                    if own:
                        found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert found == []


def test_relative_imports_are_not_used():
    """Every import of cvld names its module in full, so the layers read the same in code and contracts."""
    found = [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}" for path, tree in _modules()
             for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    assert found == []


def test_the_command_line_imports_only_the_api():
    for path in (PACKAGE / "cli").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and _cvld_import_from(node)}
        names |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
                  if a.name.split(".")[0] == "cvld"}
        assert names <= {"cvld", "cvld.api", "cvld.cli.main"}, (path, names)

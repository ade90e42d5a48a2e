"""cvld: turn an academic's CV into structured data that machines read.

The public Python API is re-exported here lazily, so that ``import cvld`` stays
cheap for commands that need no RDF machinery.
"""

__version__ = "0.1.0"

__all__ = ["load_cv", "check_files", "CVInputError", "Diagnostic", "__version__"]


def __getattr__(name):
    if name in ("load_cv", "check_files"):
        from cvld import api

        return getattr(api, name)
    if name in ("CVInputError", "Diagnostic"):
        from cvld.core import diagnostics

        return getattr(diagnostics, name)
    raise AttributeError(f"module 'cvld' has no attribute {name!r}")

"""cvld: turn an academic's CV into structured data that machines read.

The public Python API is :mod:`cvld.api`; this package itself holds only the version,
so that ``import cvld`` costs nothing.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

"""Package faces that import a name's module on first use.

`search query` must start fast: a face that imported every module of its package would load the
index writer, the worker pool and jieba's loader into a process that only reads. Each face names
its exports in a table (name → module) and lets this `__getattr__` fetch them when asked; type
checkers see the same names through the face's `TYPE_CHECKING` imports.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def exports(package: str, table: Mapping[str, str]) -> Callable[[str], object]:
    """A module-level `__getattr__` for `package` that imports `table[name]` on first use."""

    def __getattr__(name: str) -> object:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__

"""A module imported on its first use, so `import smsmobile` does not pay for what a program
may never call (the reply types and msgspec are built on the first reply)."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["LazyModule"]


class LazyModule:
    """Stands in an importer's globals for a module until one of its attributes is read: it
    imports the module then and puts it in its own place, so later reads cost nothing extra
    (a hot path reads the real module, not this)."""

    __slots__ = ("_alias", "_name", "_namespace")

    def __init__(self, name: str, namespace: dict[str, Any], alias: str) -> None:
        self._name, self._namespace, self._alias = name, namespace, alias

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._name)
        self._namespace[self._alias] = module
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"

"""Optional dependencies: a REST-only `pip install smsmobile` pulls httpx, attrs and msgspec,
and each feature that needs more checks for it where it starts, so a missing extra is one sentence
that names it (`pip install 'smsmobile[soap]'`), not a ModuleNotFoundError from deep inside."""

from __future__ import annotations

import importlib.util
import sys
from typing import Final

__all__ = ["EXTRAS", "MissingExtra", "require"]

#: Extra -> the top-level modules it brings (pyproject.toml's optional-dependencies).
EXTRAS: Final = {
    "soap": ("zeep", "lxml", "requests"),
    "oauth2": ("oauthlib",),
    "cli": ("rich",),
    "server": ("waitress", "lxml", "prometheus_client"),
    "testing": ("waitress", "lxml", "pytest"),
    "redis": ("redis",),
}


class MissingExtra(ModuleNotFoundError):
    """A feature was asked for whose extra is not installed; `extra` says which, `name` the
    module that is missing."""

    def __init__(self, extra: str, feature: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the {extra!r} extra ({module} is not installed): "
            f"pip install 'smsmobile[{extra}]'",
            name=module,
        )
        self.extra = extra


def require(extra: str, feature: str) -> None:
    """Raise `MissingExtra` unless every module of `extra` can be imported."""
    for module in EXTRAS[extra]:
        if not _importable(module):
            raise MissingExtra(extra, feature, module)


def _importable(module: str) -> bool:
    if module in sys.modules:  # None there means "not installed" (as tests simulate it)
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a finder that refuses the name (a broken or blocked install)
        return False

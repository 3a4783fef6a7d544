"""`smsmobile` and `python -m smsmobile`: the command line (see `smsmobile --help`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import main as _main

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: the process's arguments); the exit code."""
    return _main(argv)


if __name__ == "__main__":
    sys.exit(main())

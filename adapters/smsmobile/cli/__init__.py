"""The `smsmobile` command line (`python -m smsmobile`, or the `smsmobile` script).

The parser is built from the standard library alone; each command imports what it needs when it
runs, so `smsmobile --help` stays quick and a missing extra is named only by the command that
needs it. `bulk/` holds the bulk sender: its CSV reader, journal, worker pool and report.
"""

from ._main import main
from ._parser import build_parser

__all__ = ["build_parser", "main"]

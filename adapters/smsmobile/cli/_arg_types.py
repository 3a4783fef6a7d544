"""argparse `type`s of the command line: numbers with a floor, ports, send rates."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TypeVar

__all__ = [
    "delimiter",
    "non_negative_float",
    "non_negative_int",
    "port",
    "positive_float",
    "positive_int",
    "rate",
]

N = TypeVar("N", int, float)


def _number(kind: Callable[[str], N], minimum: N, rule: str) -> Callable[[str], N]:
    """An argparse `type` that parses `kind` and refuses values under `minimum`."""
    noun = "an integer" if kind is int else "a number"

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {noun}: {text!r}") from None
        if not value >= minimum:  # also refuses nan
            raise argparse.ArgumentTypeError(rule)
        return value

    return parse


positive_float = _number(float, sys.float_info.min, "must be greater than 0")
non_negative_float = _number(float, 0.0, "must be 0 or more")
positive_int = _number(int, 1, "must be 1 or more")
non_negative_int = _number(int, 0, "must be 0 or more")


def port(text: str) -> int:
    value = non_negative_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("must be a port number, 0 to 65535")
    return value


def rate(text: str) -> float:
    """`N`, `N/min`, `N/s` or `N/h` -> messages per minute (0 = unlimited)."""
    number, _, unit = text.strip().lower().partition("/")
    scale = {
        "": 1.0,
        "m": 1.0,
        "min": 1.0,
        "minute": 1.0,
        "s": 60.0,
        "sec": 60.0,
        "second": 60.0,
        "h": 1 / 60,
        "hour": 1 / 60,
    }.get(unit)
    if scale is None:
        raise argparse.ArgumentTypeError(f"unknown unit {unit!r}: write N/min, N/s or N/h")
    return non_negative_float(number) * scale


def delimiter(text: str) -> str:
    """A bulk CSV's field separator: one character, or `tab` (also `\t` as typed)."""
    value = "\t" if text in ("\\t", "tab") else text
    if len(value) != 1 or value in ('"', "\n", "\r"):
        raise argparse.ArgumentTypeError(f"must be one character (or tab), not {text!r}")
    return value


def devices(text: str) -> str | tuple[str, ...]:
    """`bulk --devices`: "all", or the SIDs of a comma-separated list."""
    from .bulk._phones import parse_devices

    try:
        return parse_devices(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None

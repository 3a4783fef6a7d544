"""Gateway keys: where they are read from, and the rules a key must meet to be used.

A keys file holds one whole key per line, so a key may hold `#` or `,`; the environment
variable is comma-separated. A short key is refused at start-up, never named in the error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .._errors import InvalidRequest

__all__ = [
    "ENV_KEYS",
    "ENV_KEYS_FILE",
    "MIN_KEY_LENGTH",
    "check_keys",
    "gateway_keys",
    "read_keys",
    "split_env_keys",
]

ENV_KEYS = "SMSMOBILE_GATEWAY_KEYS"
ENV_KEYS_FILE = "SMSMOBILE_GATEWAY_KEYS_FILE"
MIN_KEY_LENGTH = 16
"""Shorter gateway keys are refused at start-up: a key is all that stands between a caller
and the held upstream credentials."""


def read_keys(text: str) -> list[str]:
    """Gateway keys from a keys file's text: one whole key per line (a key may hold `#` or `,`);
    blank lines and lines that start with `#` are comments."""
    keys = []
    for line in text.splitlines():
        key = line.strip()
        if key and not key.startswith("#"):
            keys.append(key)
    return keys


def split_env_keys(text: str) -> list[str]:
    """Gateway keys from SMSMOBILE_GATEWAY_KEYS: comma-separated (use a keys file for a key
    that holds a comma)."""
    return [key.strip() for key in text.split(",") if key.strip()]


def check_keys(keys: Iterable[str]) -> list[str]:
    """The keys, or InvalidRequest naming the rule (never the key) when one is too short."""
    checked = list(keys)
    for number, key in enumerate(checked, start=1):
        if len(key) < MIN_KEY_LENGTH:
            raise InvalidRequest(
                "gateway_keys",
                f"gateway key {number} of {len(checked)} is shorter than {MIN_KEY_LENGTH} "
                "characters; use long random keys (e.g. `openssl rand -hex 24`)",
            )
    return checked


def gateway_keys(environ: Mapping[str, str], keys_file: str | None = None) -> list[str]:
    """The gateway keys of SMSMOBILE_GATEWAY_KEYS (comma-separated) plus those of a keys file
    (`keys_file`, or else SMSMOBILE_GATEWAY_KEYS_FILE; one key per line). An unreadable file
    raises OSError."""
    keys = split_env_keys(environ.get(ENV_KEYS, ""))
    path = keys_file or environ.get(ENV_KEYS_FILE, "").strip()
    if path:
        with open(path, encoding="utf-8") as handle:
            keys += read_keys(handle.read())
    return keys

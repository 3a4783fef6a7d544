"""The contract as data, for the other end of the wire: each operation's request fields and the
one checker of their rules (what spec/openapi.yaml says, derived by `make generate`).

The sandbox imports this (and the SOAP server) from `smsmobile`, nothing of the client: so the
client, the gateway and the sandbox check a request by the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ._checker import file_extension, request_problem, soap_fields
from ._derived.table import OPERATION_SPECS
from ._table import Argument, FieldRule, OperationSpec

__all__ = [
    "OPERATION_SPECS",
    "Argument",
    "FieldRule",
    "OperationSpec",
    "file_extension",
    "operation_spec",
    "request_problem",
    "soap_fields",
]

_BY_NAME: Final[Mapping[str, OperationSpec]] = {spec.name: spec for spec in OPERATION_SPECS}


def operation_spec(name: str) -> OperationSpec:
    """An operation by its table name (`send`, `fetch_messages`, ...); `KeyError` if unknown."""
    return _BY_NAME[name]

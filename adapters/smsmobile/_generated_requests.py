"""A REST request for any row of the operation table, built by its generated module.

The generated module (`smsmobile_rest.api.whatsapp.<row.rest_module>`) knows the URL, the method
and where each field goes (query string or form body): all of it from spec/openapi.yaml. This
module only turns wire fields into the typed arguments its request builder takes, by reading that
builder's own annotations, so a parameter added to the spec reaches the wire after
`make generate` with no edit here.

The builder is the generated `_get_kwargs`: private to the generator, but the generator is pinned
(spec/codegen.yml) and `make check-generated` proves generated/ is what it writes, so a change of
that shape shows up in CI, not in production.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from smsmobile_rest.types import Unset

from ._errors import InvalidRequest
from ._operations import Operation, WireFields

__all__ = ["request_kwargs"]

_Builder = Callable[..., dict[str, Any]]


@cache
def _builder(module_name: str) -> tuple[_Builder, Mapping[str, Any], frozenset[str]]:
    """The module's request builder, its argument types and names (read once per module)."""
    module = importlib.import_module(f"smsmobile_rest.api.whatsapp.{module_name}")
    build: _Builder = module._get_kwargs
    return build, typing.get_type_hints(build), frozenset(inspect.signature(build).parameters)


def _concrete(hint: Any) -> Any:
    """`X | Unset` -> X (the generated builders mark every optional argument that way)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        members = [m for m in typing.get_args(hint) if m is not Unset and m is not type(None)]
        return members[0] if len(members) == 1 else str
    return hint


def _typed(name: str, value: object, hint: Any) -> object:
    kind = _concrete(hint)
    try:
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind(value)
        if kind is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if kind is int and not isinstance(value, int):
            return int(str(value))
    except ValueError:
        raise InvalidRequest(name, f"{value!r} is not a value the spec allows") from None
    return value


def request_kwargs(
    operation: Operation[Any], fields: WireFields, apikey: str | None
) -> dict[str, Any]:
    """`httpx.Client.build_request` keyword arguments for one call of `operation`."""
    build, hints, parameters = _builder(operation.rest_module)
    arguments: dict[str, Any] = {}
    body: dict[str, Any] = {}
    for name, value in fields.items():
        if name in parameters and name != "body":
            arguments[name] = _typed(name, value, hints[name])
        else:
            body[name] = value
    if apikey is not None:
        (body if "body" in parameters else arguments)["apikey"] = apikey
    if "body" in parameters:
        form = _concrete(hints["body"])
        arguments["body"] = form.from_dict(body)
    elif body:
        unknown = ", ".join(sorted(body))
        raise InvalidRequest(unknown, f"not a field of {operation.rest_path} in the spec")
    return build(**arguments)

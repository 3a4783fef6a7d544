"""A REST request for any row of the operation table, built from the derived table.

Where each field travels (query string or form body), the method and the path are what
spec/openapi.yaml says (`_derived/table.py`, written by `make generate`), so a parameter added
to the spec reaches the wire with no edit here. The generated client's own functions are not
called: each does its own I/O through its own client, which would bypass the capped, deadlined
read of `_reply_body` (see docs/guides/contract.md, "Changing the contract").
"""

from __future__ import annotations

from typing import Any

from ._errors import InvalidRequest
from ._operations import Operation, WireFields

__all__ = ["request_kwargs"]

_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def request_kwargs(
    operation: Operation[Any], fields: WireFields, apikey: str | None
) -> dict[str, Any]:
    """`httpx.Client.build_request` keyword arguments for one call of `operation`."""
    spec = operation.spec
    assert spec is not None
    query: dict[str, str] = {}
    form: dict[str, str] = {}
    post = operation.rest_method == "POST"
    locations = {rule.wire: rule.location for rule in spec.fields}
    for name, value in fields.items():
        location = locations.get(name)
        if location is None:
            raise InvalidRequest(name, f"not a field of {operation.rest_path} in the spec")
        (form if post and location == "form" else query)[name] = str(value)
    if apikey is not None:
        (form if post else query)["apikey"] = apikey
    kwargs: dict[str, Any] = {"method": operation.rest_method, "url": operation.rest_path}
    if query:
        kwargs["params"] = query
    if post:
        kwargs["data"] = form
        kwargs["headers"] = _FORM
    return kwargs

"""A REST request for any row of the operation table, built from the derived table.

Where each field travels (query string or form body), the method and the path are what
spec/openapi.yaml says (`_derived/table.py`, written by `make generate`), so a parameter added
to the spec reaches the wire with no edit here. The generated client's own functions are not
called: each does its own I/O through its own client, which would bypass the capped, deadlined
read of `_reply_body` (see docs/guides/contract.md, "Changing the contract").

The query string is encoded here, into the URL, as httpx encodes `params=` (`urlencode`):
handing httpx `params=` makes it parse the whole URL a second time to merge them in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from ._errors import InvalidRequest
from ._operations import Operation, WireFields
from ._table import OperationSpec

__all__ = ["request_kwargs"]

_FORM = {"Content-Type": "application/x-www-form-urlencoded"}

#: Each operation spec's field locations by wire name, by `id` (the spec is kept alive beside
#: it, so the id is never reused): hashing the spec itself would cost more than the lookup.
_LOCATIONS: dict[int, tuple[OperationSpec, Mapping[str, str]]] = {}


def _locations(spec: OperationSpec) -> Mapping[str, str]:
    known = _LOCATIONS.get(id(spec))
    if known is None:
        known = _LOCATIONS[id(spec)] = (spec, {rule.wire: rule.location for rule in spec.fields})
    return known[1]


def request_kwargs(
    operation: Operation[Any], fields: WireFields, apikey: str | None
) -> dict[str, Any]:
    """`httpx.Client.build_request` keyword arguments for one call of `operation`: the URL
    (path and query string), and for a POST its form (`Content-Type` set by httpx for a form,
    and by us when the form is empty)."""
    spec = operation.spec
    assert spec is not None
    query: dict[str, str] = {}
    form: dict[str, str] = {}
    post = operation.rest_method == "POST"
    locations = _locations(spec)
    for name, value in fields.items():
        location = locations.get(name)
        if location is None:
            raise InvalidRequest(name, f"not a field of {operation.rest_path} in the spec")
        (form if post and location == "form" else query)[name] = str(value)
    if apikey is not None:
        (form if post else query)["apikey"] = apikey
    url = operation.rest_path + "?" + urlencode(query) if query else operation.rest_path
    kwargs: dict[str, Any] = {"method": operation.rest_method, "url": url}
    if form:
        kwargs["data"] = form
    elif post:
        kwargs["headers"] = _FORM
    return kwargs

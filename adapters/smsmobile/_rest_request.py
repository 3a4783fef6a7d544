"""A REST request for any row of the operation table, built from the derived table.

Where each field travels (query string or form body), the method and the path are what
spec/openapi.yaml says (`_derived/table.py`, written by `make generate`), so a parameter added
to the spec reaches the wire with no edit here. The generated client's own functions are not
called: each does its own I/O through its own client, which would bypass the capped, deadlined
read of `_reply_body` (see docs/guides/contract.md, "Changing the contract").

The query string and the form are encoded here, byte for byte as httpx encodes `params=` and
`data=` (`urllib.parse.urlencode`, which quotes with `quote_plus`), but without quoting what
needs none (names, digits, the key: `quote_plus` costs a few thousand instructions a string).
The query goes into the URL (handing httpx `params=` makes it parse the whole URL again to merge
them in), the form is the request's `content`, its Content-Type set by `mark_form` on the built
request (a `headers=` argument is merged into the client's headers at a higher cost).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote_plus

import httpx

from ._errors import InvalidRequest
from ._operations import Operation, WireFields
from ._table import OperationSpec

__all__ = ["mark_form", "request_kwargs"]

FORM_TYPE: Final = "application/x-www-form-urlencoded"
#: What `quote_plus` leaves as it is (its always-safe characters; `safe` is empty).
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")

#: Each operation spec's field locations by wire name, by `id` (the spec is kept alive beside
#: it, so the id is never reused): hashing the spec itself would cost more than the lookup.
_LOCATIONS: dict[int, tuple[OperationSpec, Mapping[str, str]]] = {}


def _locations(spec: OperationSpec) -> Mapping[str, str]:
    known = _LOCATIONS.get(id(spec))
    if known is None:
        known = _LOCATIONS[id(spec)] = (spec, {rule.wire: rule.location for rule in spec.fields})
    return known[1]


def _quoted(text: str) -> str:
    """`quote_plus(text)`, skipped for text it would leave as it is."""
    return text if _UNQUOTED.fullmatch(text) else quote_plus(text)


def _encoded(pairs: Mapping[str, str]) -> str:
    """`urlencode(pairs)`: name=value pairs joined by "&", each quoted with `quote_plus`."""
    return "&".join([_quoted(name) + "=" + _quoted(value) for name, value in pairs.items()])


def request_kwargs(
    operation: Operation[Any], fields: WireFields, apikey: str | None
) -> dict[str, Any]:
    """`httpx.Client.build_request` keyword arguments for one call of `operation`: the URL
    (path and query string), and for a POST its encoded form as `content` (the built request
    then goes through `mark_form`)."""
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
    url = operation.rest_path + "?" + _encoded(query) if query else operation.rest_path
    kwargs: dict[str, Any] = {"method": operation.rest_method, "url": url}
    if form:
        kwargs["content"] = _encoded(form).encode("ascii")  # quoted: ASCII only
    return kwargs


def mark_form(request: httpx.Request) -> httpx.Request:
    """A POST's body is a form, empty or not (the Content-Type httpx gives `data=`)."""
    if request.method == "POST":
        request.headers["Content-Type"] = FORM_TYPE
    return request

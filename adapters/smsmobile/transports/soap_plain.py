"""zeep's reply objects as plain data (dicts, lists, zeep's leaf values), what the SOAP
transports hand the reply readers."""

from __future__ import annotations

from typing import Any, Final

from zeep.xsd import CompoundValue

__all__ = ["plain_data"]

_COMPOUND: Final = (CompoundValue, dict)
_NESTED: Final = (list, CompoundValue, dict)


def plain_data(value: Any) -> Any:
    """zeep's reply value as plain data: each `CompoundValue` a dict of its present elements
    (an absent element a missing key, not None), each repeated element a list, leaves as zeep
    typed them: what `zeep.helpers.serialize_object` gives.

    Read through zeep's public item access (iteration over the element names, `value[key]`),
    without `serialize_object`'s per-value `isinstance` checks, which on a `CompoundValue` go
    through zeep's Python-level attribute lookup, and without a call per leaf."""
    kind = type(value)
    if issubclass(kind, list):
        return [plain_data(item) for item in value]
    if not issubclass(kind, _COMPOUND):
        return value
    plain = {}
    for key in value:
        item = value[key]
        if item is not None:
            plain[key] = plain_data(item) if issubclass(type(item), _NESTED) else item
    return plain

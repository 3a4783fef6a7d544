"""zeep's reply objects as plain data (dicts, lists, zeep's leaf values), what the SOAP
transports hand the reply readers."""

from __future__ import annotations

from typing import Any, Final

from zeep.xsd.valueobjects import CompoundValue

__all__ = ["plain_data"]

_NESTED: Final = (list, CompoundValue, dict)


def plain_data(value: Any) -> Any:
    """zeep's reply value as plain data: each `CompoundValue` a dict of its present elements
    (an absent element a missing key, not None), each repeated element a list, leaves as zeep
    typed them: what `zeep.helpers.serialize_object` gives.

    A `CompoundValue`'s elements are read at once with `__json__()`, the hook zeep added for
    JSON encoders (python-zeep#258; it returns the value's element dict, which is copied here,
    never changed), not key by key: each `value[key]` and each `isinstance` on it goes through
    zeep's Python-level `__getattribute__`: about a tenth of a SOAP retrieval's instructions."""
    kind = type(value)
    if issubclass(kind, list):
        return [plain_data(item) for item in value]
    if issubclass(kind, CompoundValue):
        elements = value.__json__()
    elif issubclass(kind, dict):
        elements = value
    else:
        return value
    return {
        key: plain_data(item) if issubclass(type(item), _NESTED) else item
        for key, item in elements.items()
        if item is not None
    }

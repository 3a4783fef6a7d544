"""The emulated behaviour of operations that need nothing of the fronts but their reply.

An operation of spec/overlay.yaml gets its REST route and its SOAP operation from the derived
table; what it does is one function here, registered with `@emulates("<row name>")`. The fronts
check the request by the spec's rules and record it (`SandboxService.accept`), then answer
what it returns (REST as JSON, SOAP in the WSDL's response fields). Behaviour that needs more
(channels, paging, errors in HTTP 200) stays a method of `SandboxService` with its own handlers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._service import Caller, SandboxService

__all__ = ["EMULATED", "Emulation", "emulates"]

#: The service, the caller and the request's wire fields -> the reply's fields.
Emulation = Callable[["SandboxService", "Caller", Mapping[str, str]], dict[str, Any]]
#: By the operation table's row name.
EMULATED: dict[str, Emulation] = {}


def emulates(name: str) -> Callable[[Emulation], Emulation]:
    """Register the emulation of the operation `name` (its row name in the table)."""

    def register(function: Emulation) -> Emulation:
        EMULATED[name] = function
        return function

    return register

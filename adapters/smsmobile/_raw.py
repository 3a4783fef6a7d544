"""Raw replies: `client.with_raw_response.send(...)` returns a `RawReply` (the HTTP status,
headers and body of the call's last attempt) instead of the parsed result; `.parse()` gives that
result, or raises the call's exception.

Shaped like openai-python's `with_raw_response`, with one difference that matters to us: a reply
the service refused (an HTTP error, a SOAP fault, a non-zero `error` code) is still returned, so
the fault's XML can be read; `.parse()` raises the error. A call that got no reply at all (the
connection failed, the arguments were refused before sending) raises as it always does.
Every repr masks secrets: credential headers, and keys or tokens the body may echo.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from ._call_watch import RawBox, capture_replies
from ._errors import SmsMobileError
from ._redact import MASK, redact

__all__ = ["RawReply", "RawResponses"]

R = TypeVar("R")

#: Attributes of a client that are not one logical call each (an iterator, lifecycle, options).
NOT_ONE_CALL = frozenset(
    {"messages", "close", "aclose", "from_env", "with_options", "with_raw_response"}
)
_CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)
_SHOWN_BODY = 120  # characters of the body in a repr


class RawReply(Generic[R]):
    """The last HTTP reply of one logical call, with its parsed result.

    `status_code`, `headers` and `content` are the reply as read (the body decompressed);
    `attempts` counts the tries the call took; `parse()` is what the plain call would have
    returned, or raises what it would have raised. `status_code` is None only for a custom
    transport that reports no HTTP reply.
    """

    __slots__ = ("_error", "_result", "attempts", "content", "headers", "operation", "status_code")

    def __init__(self, box: RawBox, result: Any = None, error: SmsMobileError | None = None):
        reply = box.reply
        self.status_code: int | None = None if reply is None else reply.status_code
        self.headers: Mapping[str, str] = {} if reply is None else reply.headers
        self.content: bytes = b"" if reply is None else reply.content
        self.operation = box.operation
        self.attempts = box.attempts
        self._result = result
        self._error = error

    def parse(self) -> R:
        """The call's result (as the plain method returns it), or its exception raised."""
        if self._error is not None:
            raise self._error
        result: R = self._result
        return result

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced)."""
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON (REST replies)."""
        return json.loads(self.content)

    @property
    def fault(self) -> str | None:
        """The SOAP `<Fault>` element of the body, as XML text; None when there is none."""
        if b"Fault" not in self.content:
            return None
        from lxml import etree  # only SOAP replies hold faults; lxml comes with the soap extra

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(self.content, parser)
        except etree.XMLSyntaxError:
            return None
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname == "Fault":
                text: str = etree.tostring(element, encoding="unicode")
                return text
        return None

    def __repr__(self) -> str:
        headers = {
            name: MASK if name.lower() in _CREDENTIAL_HEADERS else redact(value)
            for name, value in self.headers.items()
        }
        body = redact(self.text[:_SHOWN_BODY])
        return (
            f"RawReply(operation={self.operation!r}, status_code={self.status_code}, "
            f"attempts={self.attempts}, headers={headers!r}, body={body!r})"
        )


class RawResponses:
    """`client.with_raw_response`: the client's one-call methods, each returning a `RawReply`
    (awaitable for `AsyncWhatsApp`). Namespaces of methods are wrapped the same way."""

    __slots__ = ("_target",)

    def __init__(self, target: object) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in NOT_ONE_CALL:
            raise AttributeError(f"with_raw_response has no {name!r}: it is not one call")
        method = getattr(self._target, name)
        if not callable(method):
            return RawResponses(method)
        if inspect.iscoroutinefunction(method):
            return _async_raw(method)
        return _sync_raw(method)

    def __repr__(self) -> str:
        return f"RawResponses({type(self._target).__name__})"


def _sync_raw(method: Callable[..., Any]) -> Callable[..., RawReply[Any]]:
    def raw(*args: Any, **kwargs: Any) -> RawReply[Any]:
        with capture_replies() as box:
            try:
                result = method(*args, **kwargs)
            except SmsMobileError as error:
                if box.reply is None:
                    raise
                return RawReply(box, error=error)
        return RawReply(box, result=result)

    raw.__doc__ = method.__doc__
    return raw


def _async_raw(method: Callable[..., Any]) -> Callable[..., Any]:
    async def raw(*args: Any, **kwargs: Any) -> RawReply[Any]:
        with capture_replies() as box:
            try:
                result = await method(*args, **kwargs)
            except SmsMobileError as error:
                if box.reply is None:
                    raise
                return RawReply(box, error=error)
        return RawReply(box, result=result)

    raw.__doc__ = method.__doc__
    return raw

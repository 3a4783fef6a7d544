"""`SmsMobile` and `AsyncSmsMobile`: the whole account, one namespace per tag of the service.

They are `WhatsApp` and `AsyncWhatsApp` (same constructor, environment variables, `from_env`,
retries, errors and transports) with a namespace for each tag: `sms`, `devices`, `calls`,
`whatsapp`, `notifications`, `email`. Each namespace's methods are derived from the spec and
spec/overlay.yaml (`_derived/namespaces_*.py`, which only this module imports: `import smsmobile`
loads them when `SmsMobile` is first used); a namespace only hands its calls to the client's
`_call`.
"""

from __future__ import annotations

from functools import cached_property
from typing import TypeVar

from ._client import WhatsApp
from ._client_async import AsyncWhatsApp
from ._derived.namespaces_async import (
    AsyncCallsOperations,
    AsyncDevicesOperations,
    AsyncEmailOperations,
    AsyncNotificationsOperations,
    AsyncSmsOperations,
)
from ._derived.namespaces_sync import (
    CallsOperations,
    DevicesOperations,
    EmailOperations,
    NotificationsOperations,
    SmsOperations,
)
from ._operations import Operation, WireFields

__all__ = ["AsyncSmsMobile", "SmsMobile"]

R = TypeVar("R")


class _Namespace:
    """Methods of one tag, run by the client they belong to."""

    def __init__(self, client: WhatsApp) -> None:
        self._client = client

    def _call(self, operation: Operation[R], fields: WireFields) -> R:
        return self._client._call(operation, fields)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class _AsyncNamespace:
    def __init__(self, client: AsyncWhatsApp) -> None:
        self._client = client

    async def _call(self, operation: Operation[R], fields: WireFields) -> R:
        return await self._client._call(operation, fields)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class Sms(_Namespace, SmsOperations):
    """`client.sms`: send SMS, read the SMS received and the sent log."""


class Devices(_Namespace, DevicesOperations):
    """`client.devices`: the phones connected to the account (their SIDs are `device_sid`)."""


class Calls(_Namespace, CallsOperations):
    """`client.calls`: missed, incoming and outgoing calls."""


class Notifications(_Namespace, NotificationsOperations):
    """`client.notifications`: notify a phone, list the notifications."""


class Email(_Namespace, EmailOperations):
    """`client.email`: send e-mail, read the account's mailboxes."""


class AsyncSms(_AsyncNamespace, AsyncSmsOperations):
    """`client.sms`, awaited."""


class AsyncDevices(_AsyncNamespace, AsyncDevicesOperations):
    """`client.devices`, awaited."""


class AsyncCalls(_AsyncNamespace, AsyncCallsOperations):
    """`client.calls`, awaited."""


class AsyncNotifications(_AsyncNamespace, AsyncNotificationsOperations):
    """`client.notifications`, awaited."""


class AsyncEmail(_AsyncNamespace, AsyncEmailOperations):
    """`client.email`, awaited."""


class SmsMobile(WhatsApp):
    """The whole SMSMobileAPI account: `client.sms.send(...)`, `client.devices.list()`, ...

    >>> client = SmsMobile(auth=ApiKey("..."))     # or SmsMobile.from_env()
    >>> client.sms.send("+1 917 286 60", "Hello")
    """

    # The constructor and `from_env` are `WhatsApp`'s (same settings, same fallbacks).

    @cached_property
    def sms(self) -> Sms:
        return Sms(self)

    @cached_property
    def devices(self) -> Devices:
        return Devices(self)

    @cached_property
    def calls(self) -> Calls:
        return Calls(self)

    @cached_property
    def notifications(self) -> Notifications:
        return Notifications(self)

    @cached_property
    def email(self) -> Email:
        return Email(self)

    @property
    def whatsapp(self) -> WhatsApp:
        """`client.whatsapp`: today's `WhatsApp` methods, on this client."""
        return self

    def __repr__(self) -> str:
        return "SmsMobile" + super().__repr__().removeprefix("WhatsApp")


class AsyncSmsMobile(AsyncWhatsApp):
    """`SmsMobile` for asyncio: `await client.sms.send(...)`."""

    @cached_property
    def sms(self) -> AsyncSms:
        return AsyncSms(self)

    @cached_property
    def devices(self) -> AsyncDevices:
        return AsyncDevices(self)

    @cached_property
    def calls(self) -> AsyncCalls:
        return AsyncCalls(self)

    @cached_property
    def notifications(self) -> AsyncNotifications:
        return AsyncNotifications(self)

    @cached_property
    def email(self) -> AsyncEmail:
        return AsyncEmail(self)

    @property
    def whatsapp(self) -> AsyncWhatsApp:
        """`client.whatsapp`: today's `AsyncWhatsApp` methods, on this client."""
        return self

    def __repr__(self) -> str:
        return "AsyncSmsMobile" + super().__repr__().removeprefix("AsyncWhatsApp")

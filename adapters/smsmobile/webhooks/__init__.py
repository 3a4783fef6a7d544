"""Receiving SMSMobileAPI Webhook V2 deliveries: verify, parse, de-duplicate, serve.

    event = construct_event(body, headers, secret)   # raises a WebhookError when refused
    match event.payload:
        case WhatsAppReceived(sender=sender, message=text): ...
        case SmsReceived(sender=sender, device_id=phone): ...
        case CallMissed(number=number, call_at=when): ...
        case None: ...                                   # a type this version does not know

All 15 event types of the service are typed (`WebhookPayload` is their union).

Or let `WebhookReceiver(secret, handler)` (a WSGI app) or `AsyncWebhookReceiver(secret, handler)`
(an ASGI app, same answers) do all of it, and `serve` run the WSGI one. `Deliveries` is what both
decide with, for a view in a framework of your own. Event ids are claimed in a replay store:
memory for one process, Redis (SMSMOBILE_REDIS_URL, or `store=`) for several.
Importing this module needs only the standard library; `serve` imports waitress when called.

    SmsMobileError
    └── WebhookError         a delivery that must not be acted on
        ├── InvalidSignature missing or malformed headers, or no signature that matches the body
        ├── StaleDelivery    authentic, but its timestamp is outside the tolerance (replay or skew)
        ├── MalformedEvent   the body is not a well-formed event envelope
        └── ReplayCacheFull  the replay cache holds only unexpired ids: refuse, retry later
                             (also a smsmobile.replay.ReplayStoreFull)
"""

from __future__ import annotations

from ._account_events import (
    CallIncoming,
    CallMissed,
    CallOutgoing,
    EmailReceived,
    EmailSent,
    SmsApiSubmitted,
    SmsFailed,
    SmsMobileSent,
    SmsReceived,
    SmsSent,
)
from ._asgi import AsyncWebhookReceiver
from ._delivery import Deliveries, WebhookReply
from ._errors import InvalidSignature, MalformedEvent, StaleDelivery, WebhookError
from ._events import (
    WebhookEvent,
    WebhookPayload,
    WhatsAppFailed,
    WhatsAppReceived,
    WhatsAppSent,
    WhatsAppSubmitted,
    WhatsAppVoiceTranscribed,
    parse_event,
)
from ._receiver import MAX_BODY, REPLAY_CACHE_SIZE, WebhookReceiver, serve
from ._replay import EventIdCache, ReplayCacheFull
from ._signing import (
    DEFAULT_TOLERANCE,
    EVENT_HEADER,
    EVENT_ID_HEADER,
    IDEMPOTENCY_KEY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    construct_event,
    sign,
    signed_headers,
    verify,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_HEADER",
    "EVENT_ID_HEADER",
    "IDEMPOTENCY_KEY_HEADER",
    "MAX_BODY",
    "REPLAY_CACHE_SIZE",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "AsyncWebhookReceiver",
    "CallIncoming",
    "CallMissed",
    "CallOutgoing",
    "Deliveries",
    "EmailReceived",
    "EmailSent",
    "EventIdCache",
    "InvalidSignature",
    "MalformedEvent",
    "ReplayCacheFull",
    "SmsApiSubmitted",
    "SmsFailed",
    "SmsMobileSent",
    "SmsReceived",
    "SmsSent",
    "StaleDelivery",
    "WebhookError",
    "WebhookEvent",
    "WebhookPayload",
    "WebhookReceiver",
    "WebhookReply",
    "WhatsAppFailed",
    "WhatsAppReceived",
    "WhatsAppSent",
    "WhatsAppSubmitted",
    "WhatsAppVoiceTranscribed",
    "construct_event",
    "parse_event",
    "serve",
    "sign",
    "signed_headers",
    "verify",
]

"""The public API is exactly `__all__` of the packages people import; internals stay out of it
(`SendRequest`, `Transport`, `RetrievalSwitch`, `TokenProvider` are the client's own)."""

from __future__ import annotations

import types

import pytest

import smsmobile
import smsmobile.cli
import smsmobile.webhooks

PUBLIC = {
    smsmobile: [
        "ApiKey",
        "AsyncSmsMobile",
        "AsyncWhatsApp",
        "AuthenticationError",
        "AutoReplyFlags",
        "CallRecord",
        "ChatGptReply",
        "ClientClosed",
        "ConnectError",
        "Device",
        "EmailMessage",
        "InboundMessage",
        "InvalidRequest",
        "MailboxPage",
        "MalformedReply",
        "MessageType",
        "MissingExtra",
        "Notification",
        "NumberCheck",
        "OAuth2ClientCredentials",
        "OutcomeUnknown",
        "RateLimited",
        "RawReply",
        "ReceivedSms",
        "RedirectRefused",
        "RequestTimeout",
        "RetrievalDisabled",
        "RetrievalState",
        "RetryPolicy",
        "SentEmail",
        "SentMessage",
        "SentNotification",
        "SentSms",
        "ServiceError",
        "SmsMobile",
        "SmsMobileError",
        "SyncWindow",
        "SyncWindowClosed",
        "Timeouts",
        "TransportError",
        "WhatsApp",
    ],
    smsmobile.webhooks: [
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
    ],
    smsmobile.cli: ["build_parser", "main"],
}


@pytest.mark.parametrize("module", list(PUBLIC), ids=lambda m: m.__name__)
def test_all_is_exactly_the_public_api(module: types.ModuleType) -> None:
    # `smsmobile` adds the spec's derived types (`_derived/replies.py`) after its own names
    expected = PUBLIC[module]
    assert (sorted(module.__all__) if module is smsmobile else module.__all__) == expected
    assert len(set(module.__all__)) == len(module.__all__)
    for name in module.__all__:
        assert not name.startswith("_")
        assert getattr(module, name) is not None


@pytest.mark.parametrize("module", list(PUBLIC), ids=lambda m: m.__name__)
def test_no_other_public_name_is_exported(module: types.ModuleType) -> None:
    """Beyond `__all__`, a package shows only its subpackages and modules (never a class or a
    function someone could come to rely on)."""
    stray = [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and name not in module.__all__
        and not isinstance(value, types.ModuleType)
        and name != "annotations"  # `from __future__ import annotations`
    ]
    assert stray == []


@pytest.mark.parametrize(
    "internal", ["SendRequest", "Transport", "RetrievalSwitch", "TokenProvider"]
)
def test_internals_are_not_in_the_package_namespace(internal: str) -> None:
    assert not hasattr(smsmobile, internal)

"""Why a webhook delivery was refused.

    SmsMobileError
    └── WebhookError         a delivery that must not be acted on
        ├── InvalidSignature missing or malformed headers, or no signature that matches the body
        ├── StaleDelivery    authentic, but its timestamp is outside the tolerance (replay or skew)
        └── MalformedEvent   the body is not a well-formed event envelope

No message, attribute or repr of these holds the webhook secret or the expected signature.
"""

from __future__ import annotations

from .._errors import SmsMobileError

__all__ = ["InvalidSignature", "MalformedEvent", "StaleDelivery", "WebhookError"]


class WebhookError(SmsMobileError):
    """A webhook delivery that must not be acted on."""


class InvalidSignature(WebhookError):
    """The delivery is not provably from the service: answer 401 and do not act on it."""


class StaleDelivery(WebhookError):
    """Signed correctly, but its timestamp is too far from now: a replay, or clocks that disagree.

    `skew` is now minus the delivery's timestamp, in seconds (negative: from the future).
    """

    def __init__(self, message: str, *, skew: float) -> None:
        self.skew = skew
        super().__init__(message)


class MalformedEvent(WebhookError):
    """The body is not a JSON event envelope with the documented fields."""

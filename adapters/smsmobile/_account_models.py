"""The account's typed results, derived from the spec's reply schemas (`_derived/replies.py`,
`x-smsmobile-type`), under the names they have always been imported by.

Frozen, slotted dataclasses. Where the service does not publish a reply's shape (an ASSUMPTION
in the spec) every field is optional and the record's own mapping is kept as `raw`: a field the
service adds, or spells otherwise, is still there. `raw` is left out of `==`, of the repr and of
the CLI's JSON (`_json.to_json`), so the same record read over REST and over SOAP (whose records
carry only the WSDL's fields) compares equal. No model keeps a credential: the API key a
notification's reply echoes is dropped before it is built (`_account_parse`).
"""

from __future__ import annotations

from ._derived.replies import (
    CallRecord,
    Device,
    EmailMessage,
    MailboxPage,
    Notification,
    ReceivedSms,
    SentEmail,
    SentNotification,
    SentSms,
)

__all__ = [
    "CallRecord",
    "Device",
    "EmailMessage",
    "MailboxPage",
    "Notification",
    "ReceivedSms",
    "SentEmail",
    "SentNotification",
    "SentSms",
]

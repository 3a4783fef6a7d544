"""Modules derived from the spec and the overlay.

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

#: `replies.__all__`: the public typed results, named without building them.
REPLIES: tuple[str, ...] = (
    "CallRecord",
    "Device",
    "EmailMessage",
    "MailboxPage",
    "Notification",
    "NumberCheck",
    "ReceivedSms",
    "RetrievalState",
    "SentEmail",
    "SentMessage",
    "SentNotification",
    "SentSms",
    "SyncWindow",
)

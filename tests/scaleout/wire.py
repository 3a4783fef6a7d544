"""What callers send in the scale-out tests: a WS-Security signed SendWhatsApp, a signed webhook."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx

from smsmobile.webhooks import signed_headers

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:smsmobile:whatsapp:v1"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
XML = {"Content-Type": "text/xml; charset=utf-8"}


def signed_send(key: str, message: str = "hello from the ERP", nonce: bytes | None = None) -> bytes:
    """A SendWhatsApp envelope under a PasswordDigest UsernameToken (a fresh nonce by default)."""
    nonce = nonce or os.urandom(16)
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hashlib.sha1(nonce + created.encode() + key.encode()).digest()  # noqa: S324
    return (
        f'<soap:Envelope xmlns:soap="{SOAP11}" xmlns:t="{TNS}"><soap:Header>'
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}" soap:mustUnderstand="1">'
        f"<wsse:UsernameToken><wsse:Username>erp</wsse:Username>"
        f'<wsse:Password Type="{PROFILE}#PasswordDigest">{base64.b64encode(digest).decode()}'
        f"</wsse:Password><wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security>"
        f"</soap:Header><soap:Body><t:SendWhatsAppRequest><t:recipients>+32470000001"
        f"</t:recipients><t:message>{message}</t:message></t:SendWhatsAppRequest></soap:Body>"
        "</soap:Envelope>"
    ).encode()


def post_all(url: str, bodies: Sequence[bytes], headers: dict[str, str]) -> list[httpx.Response]:
    """Every body posted at once (so several workers take them), the replies in order."""
    with httpx.Client(timeout=30) as client, ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(lambda body: client.post(url, content=body, headers=headers), bodies))


def webhook_delivery(secret: str) -> tuple[bytes, dict[str, str]]:
    """One signed Webhook V2 delivery: its body and headers."""
    event_id = f"evt_{uuid.uuid4().hex}"
    body = json.dumps(
        {
            "id": event_id,
            "type": "whatsapp.received",
            "api_version": "2",
            "created_at": "2026-11-25T10:00:00Z",
            "occurred_at": "2026-11-25T10:00:00Z",
            "data": {"guid": "g1", "from": "32470123456", "message": "hi"},
        }
    ).encode()
    headers = signed_headers(body, secret, event_type="whatsapp.received", event_id=event_id)
    return body, {"Content-Type": "application/json", **headers}

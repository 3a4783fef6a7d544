"""WS-Security UsernameToken (OASIS UsernameToken Profile 1.1), as enterprise stacks send it.

SAP PI/PO, Oracle SOA, DataPower and WCF authenticate SOAP calls with a `wsse:Security` header
rather than a field of the body. PasswordText carries the secret itself; PasswordDigest carries
Base64(SHA-1(nonce + created + secret)), so it is only admitted fresh (Created within the window)
and once (its Nonce is remembered for the window, in the replay store every worker and replica
shares: `smsmobile.replay`). Every refusal looks the same to the caller; a store that cannot
answer raises `ReplayStoreUnavailable`, which the SOAP front answers with a Server fault.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from ..replay import MemoryReplayStore, ReplayStore

WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
PASSWORD_TEXT = f"{_PROFILE}#PasswordText"
PASSWORD_DIGEST = f"{_PROFILE}#PasswordDigest"
SECURITY = f"{{{WSSE_NS}}}Security"
_MAX_TEXT = 1024  # no field of a token is longer; a longer one is refused, not parsed


class BadToken(ValueError):
    """The Security header is present but holds no usable UsernameToken."""


@dataclass(frozen=True, slots=True)
class UsernameToken:
    """A parsed UsernameToken; `password` is the secret or its digest (never in the repr)."""

    username: str
    password: str = field(repr=False)
    digest: bool
    nonce: bytes | None = field(default=None, repr=False)
    created: str | None = None


def _text(parent: etree._Element, tag: str) -> str | None:
    node = parent.find(tag)
    if node is None:
        return None
    text = (node.text or "").strip()
    if len(text) > _MAX_TEXT:
        raise BadToken("a UsernameToken field is too long")
    return text


def read_security_header(security: etree._Element) -> UsernameToken:
    """The UsernameToken of a `wsse:Security` block (already parsed without DTDs or entities)."""
    token = security.find(f"{{{WSSE_NS}}}UsernameToken")
    if token is None:
        raise BadToken("the Security header holds no UsernameToken")
    password = token.find(f"{{{WSSE_NS}}}Password")
    if password is None:
        raise BadToken("the UsernameToken has no Password")
    password_type = password.get("Type", PASSWORD_TEXT)
    if password_type not in (PASSWORD_TEXT, PASSWORD_DIGEST):
        raise BadToken("unknown Password Type")
    nonce_text = _text(token, f"{{{WSSE_NS}}}Nonce")
    nonce = None
    if nonce_text:
        try:
            nonce = base64.b64decode(nonce_text, validate=True)
        except (binascii.Error, ValueError):
            raise BadToken("the Nonce is not Base64") from None
    return UsernameToken(
        username=_text(token, f"{{{WSSE_NS}}}Username") or "",
        password=_text(token, f"{{{WSSE_NS}}}Password") or "",
        digest=password_type == PASSWORD_DIGEST,
        nonce=nonce,
        created=_text(token, f"{{{WSU_NS}}}Created"),
    )


def password_digest(nonce: bytes, created: str, secret: str) -> str:
    """Base64(SHA-1(nonce + created + password)), the profile's PasswordDigest."""
    # SHA-1 is the profile's choice, not ours: the digest only proves knowledge of the secret.
    raw = hashlib.sha1(nonce + created.encode() + secret.encode()).digest()  # noqa: S324
    return base64.b64encode(raw).decode("ascii")


def _timestamp(created: str) -> float | None:
    try:
        moment = datetime.fromisoformat(created)
    except ValueError:
        return None
    return None if moment.tzinfo is None else moment.timestamp()


class UsernameTokenCheck:
    """Admits fresh, unreplayed UsernameTokens whose password matches one of the secrets.

    `window` bounds the age of Created (and how far ahead of our clock it may be, `skew`); a
    nonce is remembered in `store` for the window and the skew. The default store is this
    process's memory, at most `max_nonces` of them (full: new tokens are refused with
    `ReplayStoreFull` rather than an old nonce forgotten early); several workers or replicas
    must share one store (`RedisReplayStore`), or each would admit a replay once.
    """

    def __init__(
        self,
        window: float = 300.0,
        *,
        skew: float = 60.0,
        max_nonces: int = 100_000,
        clock: Callable[[], float] = time.time,
        store: ReplayStore | None = None,
    ) -> None:
        self.window = window
        self.skew = skew
        self.max_nonces = max_nonces
        self._clock = clock
        self.store: ReplayStore = (
            store if store is not None else MemoryReplayStore(max_nonces, clock=clock)
        )

    def admit(self, token: UsernameToken, secrets: Iterable[str]) -> str | None:
        """The secret the token proves, or None (wrong, stale, replayed: all alike).

        Raises `ReplayStoreUnavailable` when the nonce store cannot answer (never admits then).
        """
        now = self._clock()
        if token.created is not None:
            created = _timestamp(token.created)
            if created is None or created < now - self.window or created > now + self.skew:
                return None
        if token.digest and (token.nonce is None or token.created is None):
            return None
        matched = None
        offered = token.password.encode("utf-8")
        for secret in secrets:  # every secret compared, so timing says nothing of which matched
            expected = (
                password_digest(token.nonce or b"", token.created or "", secret)
                if token.digest
                else secret
            )
            if hmac.compare_digest(offered, expected.encode("utf-8")) and matched is None:
                matched = secret
        if matched is None or token.nonce is None:
            return matched
        first_use = self.store.add(nonce_key(token.nonce), self.window + self.skew)
        return matched if first_use else None


def nonce_key(nonce: bytes) -> str:
    """The replay store's key of a nonce (a digest: fixed length, whatever the caller sent)."""
    return "wsse:" + hashlib.sha256(nonce).hexdigest()

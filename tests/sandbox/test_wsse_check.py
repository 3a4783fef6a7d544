"""The UsernameToken check as pure logic, on a fake clock: the window, the bounded nonce cache."""

from __future__ import annotations

import datetime as dt

import pytest

from smsmobile.replay import ReplayStoreFull
from smsmobile.soapserver import UsernameToken, UsernameTokenCheck, password_digest

KEY = "the-key"
START = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def token(nonce: bytes, at: float, secret: str = KEY) -> UsernameToken:
    created = dt.datetime.fromtimestamp(at, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return UsernameToken("u", password_digest(nonce, created, secret), True, nonce, created)


def test_a_nonce_is_refused_within_the_window_and_forgotten_after_it() -> None:
    clock = Clock()
    check = UsernameTokenCheck(window=300, skew=60, clock=clock)
    assert check.admit(token(b"n1", START), ["other", KEY]) == KEY
    clock.now += 200
    assert check.admit(token(b"n1", clock.now), [KEY]) is None  # replayed, even re-dated
    clock.now += 400
    assert check.admit(token(b"n1", clock.now), [KEY]) == KEY  # the window has passed
    assert check.admit(token(b"n2", clock.now - 301), [KEY]) is None  # stale
    assert check.admit(token(b"n3", clock.now + 61), [KEY]) is None  # from the future


def test_the_cache_is_bounded_and_refuses_rather_than_forgets_early() -> None:
    clock = Clock()
    check = UsernameTokenCheck(window=300, max_nonces=2, clock=clock)
    assert check.admit(token(b"a", START), [KEY]) == KEY
    assert check.admit(token(b"b", START), [KEY]) == KEY
    with pytest.raises(ReplayStoreFull):  # full of live nonces: refused, a Server fault
        check.admit(token(b"c", START), [KEY])
    assert check.admit(token(b"a", START), [KEY]) is None  # and "a" is still remembered
    clock.now += 400
    assert check.admit(token(b"c", clock.now), [KEY]) == KEY  # expired ones made room


def test_a_wrong_password_does_not_use_up_the_nonce() -> None:
    check = UsernameTokenCheck(clock=Clock())
    assert check.admit(token(b"n", START, secret="guess"), [KEY]) is None
    assert check.admit(token(b"n", START), [KEY]) == KEY
    offered = token(b"n", START)
    assert offered.password not in repr(offered)  # no secret (or its digest) in a repr

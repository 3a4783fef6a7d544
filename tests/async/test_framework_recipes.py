"""The README's FastAPI, Flask and Django webhook recipes, run as written under each framework's
own test client: the same answers as the receivers (202, 200 duplicate, 401, 400, 413, a
failed handler leaving the id free for the retry)."""

from __future__ import annotations

import time
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from doc_examples import example
from webhook_support import SECRET, encode, envelope

from smsmobile.webhooks import signed_headers

# starlette's TestClient warns that it will move from httpx to httpx2; that is its own business.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

FASTAPI = example("webhooks-fastapi")
FLASK = example("webhooks-flask")
DJANGO = example("webhooks-django")


class FlakyInbox:
    """The user's queue, failing the first `failures` puts (as a full disk or a down broker)."""

    def __init__(self, failures: int = 0) -> None:
        self.items: list[Any] = []
        self.failures = failures

    def put(self, item: Any) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("broker is down")
        self.items.append(item)

    put_nowait = put


#: post(body, headers) -> (status, json, headers)
Post = Callable[[bytes, dict[str, str]], tuple[int, Any, Any]]


def _run(block: str, name: str) -> dict[str, Any]:
    module = types.ModuleType(name)
    exec(compile(block, f"the docs' {name}", "exec"), module.__dict__)  # noqa: S102
    return module.__dict__


def _fastapi() -> tuple[dict[str, Any], Post]:
    from fastapi.testclient import TestClient

    namespace = _run(FASTAPI, "readme_fastapi")
    client = TestClient(namespace["app"], raise_server_exceptions=False)

    def post(body: bytes, headers: dict[str, str]) -> tuple[int, Any, Any]:
        reply = client.post("/webhooks/smsmobile", content=body, headers=headers)
        return reply.status_code, _json(reply.content), reply.headers

    return namespace, post


def _flask() -> tuple[dict[str, Any], Post]:
    namespace = _run(FLASK, "readme_flask")
    client = namespace["app"].test_client()

    def post(body: bytes, headers: dict[str, str]) -> tuple[int, Any, Any]:
        reply = client.post("/webhooks/smsmobile", data=body, headers=headers)
        return reply.status_code, _json(reply.data), reply.headers

    return namespace, post


def _django() -> tuple[dict[str, Any], Post]:
    import django
    from django.conf import settings
    from django.test import Client

    module = types.ModuleType("readme_django_urls")
    exec(compile(DJANGO, "README.md readme_django", "exec"), module.__dict__)  # noqa: S102
    if not settings.configured:
        settings.configure(
            DEBUG=False, ALLOWED_HOSTS=["testserver"], SECRET_KEY="not-a-secret-for-tests"
        )
        django.setup()
    settings.ROOT_URLCONF = module
    from django.urls import clear_url_caches

    clear_url_caches()
    client = Client(raise_request_exception=False)

    def post(body: bytes, headers: dict[str, str]) -> tuple[int, Any, Any]:
        kind = headers.pop("Content-Type", "application/json")
        reply = client.post("/webhooks/smsmobile", data=body, content_type=kind, headers=headers)
        return reply.status_code, _json(reply.content), reply.headers

    return module.__dict__, post


def _json(content: bytes) -> Any:
    import json

    try:
        return json.loads(content)
    except ValueError:
        return None


@pytest.fixture(params=["fastapi", "flask", "django"])
def recipe(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[dict[str, Any], Post]]:
    monkeypatch.setenv("SMSMOBILEAPI_WEBHOOK_SECRET", SECRET)
    build = {"fastapi": _fastapi, "flask": _flask, "django": _django}[request.param]
    yield build()


def _signed(body: bytes, **options: Any) -> dict[str, str]:
    return {"Content-Type": "application/json", **signed_headers(body, SECRET, **options)}


def test_accepted_once_then_duplicate(recipe: tuple[dict[str, Any], Post]) -> None:
    namespace, post = recipe
    namespace["inbox"] = inbox = FlakyInbox()
    document = envelope()
    body = encode(document)
    status, reply, _ = post(body, _signed(body))
    assert (status, reply) == (202, {"status": "accepted", "id": document["id"]})
    status, reply, _ = post(body, _signed(body, timestamp=int(time.time()) + 1))
    assert (status, reply) == (200, {"status": "duplicate", "id": document["id"]})
    assert [event.id for event in inbox.items] == [document["id"]]


def test_refusals(recipe: tuple[dict[str, Any], Post]) -> None:
    namespace, post = recipe
    namespace["inbox"] = inbox = FlakyInbox()
    body = encode(envelope())
    status, reply, _ = post(body, _signed(body) | {"X-SMSMobileAPI-Signature": "v1=" + "0" * 64})
    assert (status, reply) == (401, {"status": "invalid_signature"})
    status, reply, _ = post(body, _signed(body, timestamp=int(time.time()) - 3600))
    assert (status, reply) == (401, {"status": "stale"})
    status, reply, _ = post(b"[]", _signed(b"[]"))
    assert (status, reply["status"]) == (400, "malformed")
    huge = encode(envelope(data={"message": "x" * 1_048_576}))
    status, reply, _ = post(huge, _signed(huge))
    assert (status, reply) == (413, {"status": "too_large"})
    assert inbox.items == []


def test_a_failed_handler_leaves_the_id_for_the_retry(
    recipe: tuple[dict[str, Any], Post], caplog: pytest.LogCaptureFixture
) -> None:
    namespace, post = recipe
    namespace["inbox"] = inbox = FlakyInbox(failures=1)
    body = encode(envelope())
    status, _, _ = post(body, _signed(body))
    assert status == 500
    status, _, _ = post(body, _signed(body))
    assert status == 202
    assert len(inbox.items) == 1

"""Run in a copy of the repository (its packages first on PYTHONPATH) by
test_changing_the_contract.py: proves that a send keyword, or a new operation, reaches every layer
against a real sandbox and a real gateway, and prints one JSON line of what each layer did.

    python contract_proof.py send KEYWORD VALUE BAD_VALUE
    python contract_proof.py operation METHOD CLI_WORD
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
import json
import sys
from collections.abc import Iterator
from typing import Any

import httpx

import smsmobile
from smsmobile import ApiKey, AsyncWhatsApp, InvalidRequest, RetryPolicy, WhatsApp
from smsmobile._json import to_json
from smsmobile.cli import main as cli_main
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

NUMBER = "+32470123456"


@contextlib.contextmanager
def gateway(sandbox: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(sandbox.url, retry=RetryPolicy(backoff=0.01)))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


def cli(sandbox: RunningSandbox, *arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli_main(["--base-url", sandbox.url, "--api-key", sandbox.api_key, *arguments])
    return code, out.getvalue()


def last_recorded(sandbox: RunningSandbox, keyword: str) -> object:
    messages = sandbox.control.messages()
    return messages[-1].get(keyword) if messages else None


def prove_send(keyword: str, value: str, bad: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    with run_sandbox(quiet=True) as sandbox, gateway(sandbox) as gateway_url:
        auth = ApiKey(sandbox.api_key)
        seen["signature"] = keyword in inspect.signature(WhatsApp.send).parameters
        seen["async signature"] = keyword in inspect.signature(AsyncWhatsApp.send).parameters
        with WhatsApp(auth=auth, base_url=sandbox.url) as wa:
            wa.send(NUMBER, "sync REST", **{keyword: value})
            seen["WhatsApp.send"] = last_recorded(sandbox, keyword)
            try:
                wa.send(NUMBER, "refused", **{keyword: bad})
                seen["client check"] = None
            except InvalidRequest as error:
                seen["client check"] = error.field
        with WhatsApp(auth=auth, base_url=sandbox.url, transport="soap") as wa:
            wa.send(NUMBER, "sync SOAP", **{keyword: value})
            seen["SOAP SendWhatsApp"] = last_recorded(sandbox, keyword)
        with WhatsApp(auth=auth, base_url=gateway_url, transport="soap") as wa:
            wa.send(NUMBER, "SOAP through the gateway", **{keyword: value})
            seen["gateway"] = last_recorded(sandbox, keyword)

        async def send_async() -> None:
            async with AsyncWhatsApp(auth=auth, base_url=sandbox.url) as wa:
                await wa.send(NUMBER, "async REST", **{keyword: value})

        asyncio.run(send_async())
        seen["AsyncWhatsApp.send"] = last_recorded(sandbox, keyword)
        flag = "--" + keyword.replace("_", "-")
        code, _ = cli(sandbox, "send", "--to", NUMBER, "--message", "cli", flag, value)
        seen["smsmobile send"] = last_recorded(sandbox, keyword) if code == 0 else f"exit {code}"
        refused = httpx.post(
            f"{sandbox.url}/sendsms/",
            data={"apikey": sandbox.api_key, "recipients": NUMBER, "message": "x", keyword: bad},
        )
        seen["sandbox check"] = (
            refused.json().get("message", "") if refused.status_code == 400 else None
        )
    return seen


def typed(result: Any) -> dict[str, Any]:
    """What a layer returned: its type's name, whether `smsmobile` exports it, its JSON."""
    name = type(result).__name__
    exported = getattr(smsmobile, name, None) is type(result) and name in smsmobile.__all__
    return {"type": name, "exported": exported, "value": to_json(result)}


def prove_operation(method: str, word: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    with run_sandbox(quiet=True) as sandbox, gateway(sandbox) as gateway_url:
        auth = ApiKey(sandbox.api_key)
        with WhatsApp(auth=auth, base_url=sandbox.url) as wa:
            seen["WhatsApp"] = typed(getattr(wa, method)())
        with WhatsApp(auth=auth, base_url=sandbox.url, transport="soap") as wa:
            seen["SOAP"] = typed(getattr(wa, method)())
        with WhatsApp(auth=auth, base_url=gateway_url, transport="soap") as wa:
            seen["gateway"] = typed(getattr(wa, method)())

        async def call_async() -> Any:
            async with AsyncWhatsApp(auth=auth, base_url=sandbox.url) as wa:
                return await getattr(wa, method)()

        seen["AsyncWhatsApp"] = typed(asyncio.run(call_async()))
        code, out = cli(sandbox, "--json", word)
        seen["cli"] = json.loads(out) if code == 0 else f"exit {code}: {out}"
    return seen


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    result = prove_send(*rest) if kind == "send" else prove_operation(*rest)
    print(json.dumps(result, default=str))

"""The pytest plugin (`smsmobile_pytest`, entry point `pytest11`) as a user meets it: pytest's
own `pytester` runs a small user project in a fresh process, where the plugin is found through
the installed package's entry point, exactly as in the user's CI."""

from __future__ import annotations

import subprocess
import sys

import pytest
from doc_examples import example, examples


def readme_files() -> dict[str, str]:
    """The documented Flask project's files (each example starts with `# <file name>`)."""
    blocks = (example("plugin-app-py"), example("plugin-test-app-py"))
    return {block.split("\n", 1)[0].removeprefix("# "): block for block in blocks}


def test_the_readme_flask_project_passes(pytester: pytest.Pytester) -> None:
    files = readme_files()
    assert sorted(files) == ["app.py", "test_app.py"]
    pytester.makepyfile(**{name[:-3]: body for name, body in files.items()})
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=3)


FASTAPI_APP = """
from fastapi import FastAPI, Request, Response

from smsmobile import AsyncWhatsApp
from smsmobile.webhooks import AsyncWebhookReceiver

app = FastAPI()
events = []
SECRET = "whsec_fastapi_users_own_secret"
app.mount("/webhooks/smsmobile", AsyncWebhookReceiver(SECRET, events.append))


@app.post("/remind")
async def remind(phone: str) -> dict:
    async with AsyncWhatsApp.from_env() as wa:
        sent = await wa.send(phone, "Your appointment is tomorrow")
    return {"guid": sent.guid}
"""

FASTAPI_TESTS = """
import pytest
from fastapi.testclient import TestClient

from smsmobile import OutcomeUnknown, WhatsApp
from main import SECRET, app, events


@pytest.fixture
def smsmobile_webhook_secret():  # the plugin signs with the app's own secret
    return SECRET


@pytest.fixture
def anyio_backend():
    return "asyncio"


def test_remind(smsmobile_env, smsmobile_control):
    reply = TestClient(app).post("/remind", params={"phone": "+32470123456"})
    assert reply.status_code == 200
    assert [m["guid"] for m in smsmobile_control.messages()] == [reply.json()["guid"]]


def test_asgi_webhook_and_replay(smsmobile_webhooks):
    first = smsmobile_webhooks.deliver(app, "whatsapp.sent", path="/webhooks/smsmobile/")
    assert first.status_code == 202, first.text
    again = smsmobile_webhooks.deliver(app, first.event, path="/webhooks/smsmobile/")
    assert again.status_code == 200, again.text  # the same id: acknowledged, handled once
    stale = smsmobile_webhooks.deliver(app, path="/webhooks/smsmobile/", timestamp=1)
    assert (stale.status_code, stale.text) == (401, '{"status": "stale"}')
    assert [event.type for event in events] == ["whatsapp.sent"]


@pytest.mark.anyio
async def test_async_client_and_inbound(smsmobile_async_client, smsmobile_control):
    smsmobile_control.inject_inbound(number="32470123456", message="See you")
    async with smsmobile_async_client as wa:
        await wa.set_retrieval(True)
        await wa.synchronize()
        texts = [m.text async for m in wa.messages()]
    assert texts == ["See you"]


def test_faults_and_expiry(smsmobile_client: WhatsApp, smsmobile_control):
    smsmobile_control.call("POST", "faults", {"rules": [{"action": "drop", "when": "after"}]})
    with pytest.raises(OutcomeUnknown):
        smsmobile_client.send("+32470123456", "Hi")
    assert len(smsmobile_control.messages()) == 1  # processed, then the reply was lost
    smsmobile_control.set_retrieval(True)
    smsmobile_client.synchronize()
    smsmobile_control.expire_sync()
    paths = [r["path"] for r in smsmobile_control.requests()]
    assert paths[-2:] == ["/getwa/synchronisation/", "/_sandbox/sync/expire"]


def test_each_test_starts_from_a_reset_sandbox(smsmobile_control):
    assert smsmobile_control.messages() == [] and smsmobile_control.inbound() == []
"""


def test_a_fastapi_project_with_async_webhooks_and_faults(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(main=FASTAPI_APP, test_main=FASTAPI_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=5)


def test_without_the_extra_a_fixture_says_missing_extra(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("import sys\nsys.modules['waitress'] = None  # not installed\n")
    pytester.makepyfile(
        test_uses="def test_send(smsmobile_client):\n    pass\n\n"
        "def test_plain():\n    assert True\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.re_match_lines(
        [
            r".*MissingExtra: the smsmobile pytest plugin needs the 'testing' extra "
            r".*: pip install 'smsmobile\[testing\]'$"
        ]
    )


def test_the_plugin_imports_nothing_heavy() -> None:
    program = (
        "import sys, smsmobile_pytest\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'smsmobile', 'smsmobile_sandbox', 'smsmobile_rest', 'httpx', 'waitress', 'lxml'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_every_fixture_is_documented() -> None:
    import smsmobile_pytest

    page = examples()["plugin-app-py"][0]  # the page that documents the plugin
    section = page.read_text(encoding="utf-8").split("## Testing your application", 1)[1]
    section = section.split("\n## ", 1)[0]
    for name in smsmobile_pytest.__all__:
        assert f"`{name}`" in section, name
        assert f"`{name}`" in (smsmobile_pytest.__doc__ or ""), name

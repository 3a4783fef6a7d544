"""The front page's Python examples run as written, against the sandbox."""

from __future__ import annotations

import pytest
from doc_examples import run_example

from smsmobile_sandbox.testing import RunningSandbox


def run_block(title: str, capsys: pytest.CaptureFixture[str]) -> str:
    run_example(title)
    return capsys.readouterr().out


@pytest.fixture
def env(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> RunningSandbox:
    for name in ("SMSMOBILEAPI_CLIENT_ID", "SMSMOBILEAPI_CLIENT_SECRET", "SMSMOBILEAPI_TRANSPORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    return sandbox


def test_sending(env: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_block("sending", capsys)
    stored = env.control.messages()
    assert [(m["recipients"], m["channel"]) for m in stored] == [
        ("191728660", "whatsapp"),
        ("32470123456", "whatsapp+sms"),
    ]
    assert out.split() == [stored[0]["guid"], "True"]
    assert stored[1]["url_media"] == "https://example.com/invoice.pdf"


def test_oauth2_over_soap(env: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_block("oauth2-over-soap", capsys).strip() == "True"
    assert env.control.stats()["token_requests"] == 1


def test_receiving(env: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    env.control.inject_inbound(number="19176728660", contact="Ann", message="Where is #576?")
    out = run_block("receiving", capsys)
    assert "window open until" in out
    assert "19176728660 Ann Where is #576?" in out


def test_errors(env: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    lines = run_block("errors", capsys).splitlines()
    assert lines[0].startswith("to - country code then number")
    assert lines[1] == "service said 10"
    assert env.control.messages() == []


def test_webhooks(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_block("webhooks", capsys).strip() == "19176728660 Hi"


def test_your_own_http_client(env: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    lines = run_block("your-own-http-client", capsys).splitlines()
    assert lines == ["True", "['/whatsapp/checknumber/'] False"]


def test_the_whole_account(env: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    env.control.receive_sms(number="+32470000001", message="Yes please", sid="sandbox-sid-1")
    env.control.record_call(kind="missed", number="+32470000002", name="Ada", sid="sandbox-sid-1")
    lines = run_block("the-whole-account", capsys).splitlines()
    stored = env.control.messages()
    [notified] = [n["id"] for n in env.control.account()["notifications"]]
    assert [(m["recipients"], m["channel"], m["sIdentifiant"]) for m in stored] == [
        ("32470123456", "sms", "sandbox-sid-1")
    ]
    assert lines == [
        f"SMS {stored[0]['guid']} no WhatsApp",
        "received +32470000001 Yes please on sandbox-sid-1",
        "missed +32470000002 Ada",
        f"notification {notified} 1",
        "mails: 0 []",
        "True",
    ]

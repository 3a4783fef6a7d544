"""`smsmobile` commands against the sandbox: output, --json, exit codes and help."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from smsmobile_sandbox.testing import RunningSandbox

Cli = Callable[..., Any]  # the `cli` fixture: cli(*argv) -> Result(code, out, err)

NUMBER = "32470123456"


def test_help_explains_the_commands_options_and_exit_codes(cli: Cli) -> None:
    result = cli("--help")
    assert result.code == 0
    for text in (
        "--api-key",
        "--client-id",
        "--transport",
        "--json",
        "bulk",
        "inbox",
        "exit codes",
    ):
        assert text in result.out
    send = cli("send", "--help").out
    for text in ("--to", "--media", "url_media", "--pdf-preview", "pdf_with_image", "--also-sms"):
        assert text in send
    bulk = cli("bulk", "--help").out
    for text in (
        "--journal",
        "--rate",
        "--workers",
        "--retry-unknown",
        "--report",
        "--resend-failed",
        "--force",
        "bulk exit codes",
    ):
        assert text in bulk
    assert "--max-polls" in cli("inbox", "watch", "--help").out
    assert "--show-token" in cli("token", "--help").out
    assert "--secret" in cli("webhook", "serve", "--help").out


def test_usage_errors_exit_2(cli: Cli) -> None:
    bare = cli()  # bare `smsmobile` is the help, as gh does
    assert bare.code == 0 and bare.out.startswith("usage: smsmobile") and bare.err == ""
    assert cli("send", "--to", NUMBER).code == 2  # --message missing
    result = cli("bulk", "x.csv", "--journal", "j.db", "--rate", "ten")
    assert result.code == 2 and "--rate" in result.err


def test_send_prints_the_guid_and_the_message_is_stored(
    key_cli: Cli, sandbox: RunningSandbox
) -> None:
    result = key_cli("send", "--to", "+32 470 12 34 56", "--message", "Hello *world*")
    assert result.code == 0, result.err
    guid = result.out.strip()
    [stored] = sandbox.control.messages()
    assert stored["guid"] == guid
    assert stored["recipients"] == NUMBER
    assert stored["channel"] == "whatsapp"


def test_send_with_media_in_json(key_cli: Cli, sandbox: RunningSandbox) -> None:
    result = key_cli(
        "--json",
        "send",
        "--to",
        NUMBER,
        "--message",
        "Invoice",
        "--media",
        "https://example.com/invoice.pdf",
        "--pdf-preview",
        "--also-sms",
    )
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["accepted"] is True and document["via_whatsapp"] is True
    [stored] = sandbox.control.messages()
    assert stored["guid"] == document["guid"]
    assert stored["url_media"] == "https://example.com/invoice.pdf"
    assert stored["pdf_with_image"] is True
    assert stored["channel"] == "whatsapp+sms"


def test_global_options_also_go_after_the_command(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli(
        "send",
        "--to",
        NUMBER,
        "--message",
        "hi",
        "--base-url",
        sandbox.url,
        "--api-key",
        sandbox.api_key,
        "--json",
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["accepted"] is True


def test_credentials_and_url_from_the_environment(
    cli: Cli, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    assert cli("send", "--to", NUMBER, "--message", "hi").code == 0
    assert len(sandbox.control.messages()) == 1


def test_invalid_input_exits_2_and_sends_nothing(key_cli: Cli, sandbox: RunningSandbox) -> None:
    result = key_cli("send", "--to", "12", "--message", "hi")
    assert result.code == 2
    assert result.err.startswith("smsmobile: error: invalid --to:")
    assert result.err.count("\n") == 1
    media = key_cli("send", "--to", NUMBER, "--message", "hi", "--media", "http://e.com/a.png")
    assert media.code == 2 and "--media" in media.err
    assert sandbox.control.messages() == []


def test_missing_credentials_exit_2(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli("--base-url", sandbox.url, "send", "--to", NUMBER, "--message", "hi")
    assert result.code == 2
    assert "no credentials" in result.err


def test_refused_key_exits_3_without_showing_it(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli(
        "--base-url",
        sandbox.url,
        "--api-key",
        "wrong-key-123",
        "-v",
        "send",
        "--to",
        NUMBER,
        "--message",
        "hi",
    )
    assert result.code == 3
    assert "smsmobile: error: authentication refused" in result.err
    assert "wrong-key-123" not in result.err + result.out


def test_verbose_logs_the_exchange_with_secrets_masked(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli(
        "-v",
        "--base-url",
        sandbox.url,
        "--api-key",
        sandbox.api_key,
        "send",
        "--to",
        NUMBER,
        "--message",
        "hi",
    )
    assert result.code == 0
    assert result.err  # the debug log
    assert sandbox.api_key not in result.err


def test_resend_of_an_errored_message(key_cli: Cli, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(error_recipients=[NUMBER])
    guid = key_cli("send", "--to", NUMBER, "--message", "hi").out.strip()
    assert key_cli("resend", guid).code == 0
    [stored] = sandbox.control.messages()
    assert stored["attempts"] == 2 and stored["status"] == "sent"
    again = key_cli("resend", guid)  # no longer in error status: the service says 11
    assert again.code == 4
    assert "11" in again.err


def test_rate_limited_beyond_patience_exits_4(key_cli: Cli, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(
        rules=[
            {
                "match": "/whatsapp/checknumber/",
                "action": "status",
                "status": 429,
                "retry_after": 600,
                "count": 10,
            }
        ]
    )
    result = key_cli("check", NUMBER)
    assert result.code == 4
    assert "rate limited" in result.err


def test_lost_reply_to_a_send_exits_5_and_says_it_may_have_gone_out(
    key_cli: Cli, sandbox: RunningSandbox
) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    result = key_cli("send", "--to", NUMBER, "--message", "hi")
    assert result.code == 5
    assert "may or may not have been sent" in result.err
    assert len(sandbox.control.messages()) == 1  # it had gone out


def test_unreachable_service_exits_5(cli: Cli) -> None:
    result = cli(
        "--base-url", "http://127.0.0.1:9", "--api-key", "k" * 8, "--timeout", "2", "check", NUMBER
    )
    assert result.code == 5
    assert result.err == (
        "smsmobile: error: cannot connect to 127.0.0.1:9: the connection was refused; is the "
        "service running there, and is the base URL right?\n"
    )


def test_check_number(key_cli: Cli, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(not_on_whatsapp=["32470000000"])
    assert key_cli("check", "+32 470 12 34 56").out.strip() == f"{NUMBER}: on WhatsApp"
    absent = json.loads(key_cli("--json", "check", "32470000000").out)
    assert absent == {"number": "32470000000", "on_whatsapp": False}


def test_retrieval_sync_and_inbox(key_cli: Cli, sandbox: RunningSandbox) -> None:
    disabled = key_cli("inbox")
    assert disabled.code == 4 and "20" in disabled.err
    assert key_cli("retrieval", "on").out.strip() == "inbound retrieval is on"
    assert json.loads(key_cli("--json", "retrieval", "on").out) == {"enabled": True}
    sandbox.control.inject_inbound(
        number="32470000001", contact="Ann", message="first", timestamp=1_700_000_000
    )
    sandbox.control.inject_inbound(
        number="32470000002", contact="Bob", message="second\nline", timestamp=1_700_000_100
    )
    window = key_cli("--json", "sync")
    assert window.code == 0
    assert "expires_at" in json.loads(window.out)
    documents = json.loads(key_cli("--json", "inbox").out)  # one document: an array
    assert [d["text"] for d in documents] == ["second\nline", "first"]
    assert documents[0]["number"] == "32470000002" and documents[0]["contact"] == "Bob"
    table = key_cli("inbox", "--limit", "1")
    assert "NUMBER" in table.out and "second / line" in table.out and "first" not in table.out
    older = json.loads(key_cli("--json", "inbox", "--before", "1700000050").out)
    assert [document["text"] for document in older] == ["first"]
    assert key_cli("retrieval", "off").out.strip() == "inbound retrieval is off"


def test_token_shows_the_expiry_not_the_token(cli: Cli, sandbox: RunningSandbox) -> None:
    oauth = (
        "--base-url",
        sandbox.url,
        "--client-id",
        sandbox.client_id,
        "--client-secret",
        sandbox.client_secret,
    )
    result = cli(*oauth, "token")
    assert result.code == 0, result.err
    assert "expires at" in result.out
    document = json.loads(cli(*oauth, "--json", "token").out)
    assert "access_token" not in document and 3000 < document["expires_in"] <= 3600
    shown = json.loads(cli(*oauth, "--json", "token", "--show-token").out)
    assert len(shown["access_token"]) > 20
    assert shown["access_token"] not in result.out
    assert sandbox.client_secret not in result.out + result.err


def test_token_needs_client_credentials(key_cli: Cli) -> None:
    result = key_cli("token")
    assert result.code == 2 and "--client-id" in result.err


def test_wrong_client_secret_exits_3(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli(
        "--base-url",
        sandbox.url,
        "--client-id",
        sandbox.client_id,
        "--client-secret",
        "not-the-secret",
        "token",
    )
    assert result.code == 3
    assert "not-the-secret" not in result.err


def test_send_over_soap_with_oauth2(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli(
        "--base-url",
        sandbox.url,
        "--transport",
        "soap",
        "--client-id",
        sandbox.client_id,
        "--client-secret",
        sandbox.client_secret,
        "send",
        "--to",
        NUMBER,
        "--message",
        "over SOAP",
    )
    assert result.code == 0, result.err
    [stored] = sandbox.control.messages()
    assert stored["guid"] == result.out.strip()
    assert stored["auth"] == "oauth2" and stored["via"] == "soap"

"""Input no request can carry (control characters, lone surrogates, U+FFFE, oversized fields,
far-future schedules): `InvalidRequest(field, rule)` before any request, on both transports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from smsmobile import ApiKey, InvalidRequest, WhatsApp
from smsmobile.__main__ import main
from smsmobile_sandbox.testing import RunningSandbox

_URL = "https://example.com/a.png"
_BAD_TEXT = ["\x00", "\x07", "\x1b", "\ud800", "\udfff", "\ufffe", "\uffff"]


def _cases() -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = []
    for bad in _BAD_TEXT:
        cases.append(("message", {"message": f"hi{bad}there"}))
        cases.append(("media_url", {"media_url": f"https://example.com/a{bad}b.png"}))
        cases.append(("device_sid", {"device_sid": f"sid{bad}1"}))
    cases.append(("device_sid", {"device_sid": "a\nb"}))  # a newline only in `message`
    cases.append(("media_url", {"media_url": "https://example.com/" + "a" * 2_000_000 + ".png"}))
    cases.append(("device_sid", {"device_sid": "s" * 2_000_000}))
    cases.append(("device_sid", {"device_sid": "s" * 65}))
    cases.append(("media_url", {"media_url": "https://example.com/" + "a" * 2030 + ".png"}))
    cases.append(("schedule_at", {"schedule_at": 2**63}))
    cases.append(("schedule_at", {"schedule_at": 253_402_300_800}))  # 10000-01-01T00:00:00Z
    return cases


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize(("field", "extra"), _cases())
def test_unsendable_input_is_refused_before_any_request(
    sandbox: RunningSandbox, transport: str, field: str, extra: dict[str, Any]
) -> None:
    arguments: dict[str, Any] = {"message": "hello"} | extra
    with (
        WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport) as wa,
        pytest.raises(InvalidRequest) as refused,
    ):
        wa.send("32470123456", **arguments)

    assert refused.value.field == field
    assert len(str(refused.value)) < 200  # the rule, not the value
    assert sandbox.control.stats()["requests"] == {}
    assert sandbox.control.messages() == []


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_tabs_newlines_and_limits_still_go_through(sandbox: RunningSandbox, transport: str) -> None:
    text = "line one\r\n\tline two\nend"
    far = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport) as wa:
        sent = wa.send(
            "32470123456",
            text,
            media_url="https://example.com/" + "a" * 2020 + ".png",
            device_sid="s" * 64,
            schedule_at=far,
        )

    assert sent.accepted
    [stored] = sandbox.control.messages()
    assert stored["message"].replace("\r\n", "\n") == text.replace("\r\n", "\n")


def test_a_bulk_row_with_a_bel_over_soap_is_an_invalid_row(
    sandbox: RunningSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text(
        "recipient,message,media_url\n"
        "32470000001,first,\n"
        "32470000002,ring \x07 the bell,\n"
        "32470000003,third,\n",
        encoding="utf-8",
    )
    journal = tmp_path / "j.db"
    code = main(
        [
            *("--base-url", sandbox.url, "--api-key", sandbox.api_key),
            *("--transport", "soap", "bulk", str(csv), "--journal", str(journal)),
            *("--rate", "0"),
        ]
    )
    err = capsys.readouterr().err

    assert code == 2  # invalid rows, the others accepted
    assert "line 3: message:" in err
    assert sorted(m["recipients"] for m in sandbox.control.messages()) == [
        "32470000001",
        "32470000003",
    ]

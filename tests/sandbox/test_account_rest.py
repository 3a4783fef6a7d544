"""The account beyond WhatsApp over REST (issue 22): phones, received and sent SMS, calls,
notifications and e-mail, as a caller of the service sees them on the wire (httpx against the
running sandbox), with what the /_sandbox/ controls injected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smsmobile_sandbox import make_app
from smsmobile_sandbox._cli import main as sandbox_main
from smsmobile_sandbox._mailbox import DEFAULT_MAILBOX_KEY
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

DAY = 86_400
T0 = 1_790_000_000  # 2026-09-21T14:13:20Z


@pytest.fixture
def rest(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, params={"apikey": sandbox.api_key}) as client:
        yield client


def refused(response: httpx.Response, field: str) -> bool:
    return response.status_code == 400 and response.json()["message"].startswith(f"{field}:")


# -- phones -----------------------------------------------------------------------------------


def test_the_account_has_one_connected_phone_by_default(rest: httpx.Client) -> None:
    reply = rest.get("/gateway/mobile/list/")
    assert reply.status_code == 200
    [phone] = reply.json()["mobiles"]
    assert (phone["sid"], phone["status"]) == ("sandbox-sid-1", "connected")
    assert refused(rest.get("/gateway/mobile/list/", params={"sid": ""}), "sid")


def test_phones_are_listed_and_filtered() -> None:
    with run_sandbox(phones=3) as sandbox, httpx.Client(base_url=sandbox.url) as http:
        key = {"apikey": sandbox.api_key}
        listed = http.get("/gateway/mobile/list/", params=key).json()["mobiles"]
        assert [p["sid"] for p in listed] == ["sandbox-sid-1", "sandbox-sid-2", "sandbox-sid-3"]
        one = http.get("/gateway/mobile/list/", params={**key, "sid": "sandbox-sid-2"}).json()
        assert [p["sid"] for p in one["mobiles"]] == ["sandbox-sid-2"]
        sandbox.control.set_phone("sandbox-sid-3", name="Front desk", status="disconnected")
        found = http.get("/gateway/mobile/list/", params={**key, "search": "front"}).json()
        assert [(p["sid"], p["status"]) for p in found["mobiles"]] == [
            ("sandbox-sid-3", "disconnected")
        ]
        sandbox.control.reset()  # the phones stay, connected again
        after = http.get("/gateway/mobile/list/", params=key).json()["mobiles"]
        assert [p["status"] for p in after] == ["connected"] * 3


def test_the_phone_count_is_checked() -> None:
    with pytest.raises(ValueError, match="phones"):
        make_app(phones=0)
    assert sandbox_main(["--phones", "0", "--port", "0"]) == 2


# -- SMS --------------------------------------------------------------------------------------


def test_an_sms_send_records_the_phone_that_took_it_and_joins_the_sent_log() -> None:
    with (
        run_sandbox(phones=2, error_recipients=["32470000000"]) as sandbox,
        httpx.Client(base_url=sandbox.url) as http,
    ):
        form = {"apikey": sandbox.api_key, "message": "Your code is 1234"}

        def send(recipient: str, query: str = "", **extra: str) -> str:
            reply = http.post(f"/sendsms/{query}", data={**form, "recipients": recipient, **extra})
            guid: str = reply.json()["result"]["id"]
            return guid

        first = send("+32470123456")
        second = send("+32470123457", sIdentifiant="sandbox-sid-2")
        failed = send("+32470000000")
        whatsapp = send("+32470123458", "?waonly=yes")
        stored = {m["guid"]: m for m in sandbox.control.messages()}
        assert stored[first]["device_sid"] == "sandbox-sid-1"
        assert stored[second]["device_sid"] == "sandbox-sid-2"

        def log(**params: str) -> list[dict[str, Any]]:
            reply = http.get("/log/sent/sms/", params={"apikey": sandbox.api_key, **params})
            assert reply.status_code == 200, reply.text
            sms: list[dict[str, Any]] = reply.json()["sms"]
            return sms

        everything = log()
        assert {r["guid"] for r in everything} == {first, second, failed}  # not WhatsApp
        assert whatsapp not in {r["guid"] for r in everything}
        [one] = log(guid_message=second)
        assert (one["number"], one["sIdentifiant"]) == ("+32470123457", "sandbox-sid-2")
        assert [r["guid"] for r in log(error_mobile="1")] == [failed]
        assert log(error_api="1") == []
        assert len(log(keyword="CODE")) == 3
        sandbox.control.send_sms_from_phone(number="+32470999999", message="typed on the phone")
        assert [r["source"] for r in log(keyword="typed")] == ["phone"]
        refusal = http.get("/log/sent/sms/", params={"apikey": sandbox.api_key, "error_api": "2"})
        assert refused(refusal, "error_api")


def test_received_sms_are_listed_with_their_filters() -> None:
    with run_sandbox(phones=2) as sandbox, httpx.Client(base_url=sandbox.url) as http:
        key = {"apikey": sandbox.api_key}
        early = sandbox.control.receive_sms(number="+32470111111", message="STOP", timestamp=T0)
        late = sandbox.control.receive_sms(
            number="32470222222", message="Yes", alias="Bob", sid="sandbox-sid-2", timestamp=T0 + 60
        )
        reply = http.get("/getsms/", params={**key, "onlyunread": "yes"})
        assert reply.status_code == 200
        result = reply.json()["result"]
        assert result["error"] == "0"
        assert result["sms"] == [early, late]
        assert set(early) == {
            "id", "sIdentifiantPhone", "timestamp_unix", "message", "number", "guid", "alias",
        }  # fmt: skip
        assert (early["sIdentifiantPhone"], early["alias"], early["number"]) == (
            "sandbox-sid-1",
            None,
            "+32470111111",
        )
        # read once listed: the unread filter finds nothing more until a new SMS arrives
        assert (
            http.get("/getsms/", params={**key, "onlyunread": "yes"}).json()["result"]["sms"] == []
        )
        after = http.get("/getsms/", params={**key, "after_timestamp_unix": str(T0)}).json()
        assert after["result"]["sms"] == [late]
        by_phone = http.get("/getsms/", params={**key, "sIdentifiantPhone": "sandbox-sid-2"})
        assert [s["message"] for s in by_phone.json()["result"]["sms"]] == ["Yes"]
        assert refused(http.get("/getsms/", params={**key, "onlyunread": "no"}), "onlyunread")
        assert refused(
            http.get("/getsms/", params={**key, "after_timestamp_unix": "-1"}),
            "after_timestamp_unix",
        )
        bad = httpx.post(f"{sandbox.url}/_sandbox/sms", json={"number": "+3247", "message": 1})
        assert refused(bad, "message")
        unknown = httpx.post(
            f"{sandbox.url}/_sandbox/sms",
            json={"number": "+32470111111", "message": "x", "sid": "?"},
        )
        assert refused(unknown, "sid")


# -- calls ------------------------------------------------------------------------------------


def test_missed_calls_page_newest_first_with_search_and_dates(
    rest: httpx.Client, sandbox: RunningSandbox
) -> None:
    for day in range(5):
        sandbox.control.record_call(
            number=f"+3247000000{day}", name=f"Caller {day}", timestamp=T0 + day * DAY
        )
    sandbox.control.record_call(kind="incoming", number="+32470000009", duration_sec=30)
    page = rest.get("/call/missed/list/", params={"offset": "1", "limit": "2"}).json()
    assert (page["success"], page["offset"], page["limit"], page["count"]) == (True, 1, 2, 2)
    assert [r["name"] for r in page["data"]] == ["Caller 3", "Caller 2"]
    record = page["data"][0]
    assert {"number", "phone_number", "name", "cached_name", "date", "call_datetime_utc",
            "duration_sec"} <= set(record)  # fmt: skip
    assert record["call_datetime_utc"] == "2026-09-24 14:13:20"
    everything = rest.get("/call/missed/list/").json()
    assert (everything["count"], everything["limit"]) == (5, 100)
    found = rest.get("/call/missed/list/", params={"search": "caller 4"}).json()
    assert [r["number"] for r in found["data"]] == ["+32470000004"]
    days = rest.get(
        "/call/missed/list/", params={"date_start": "2026-09-22", "date_end": "2026-09-23"}
    ).json()
    assert [r["name"] for r in days["data"]] == ["Caller 2", "Caller 1"]
    assert refused(rest.get("/call/missed/list/", params={"limit": "501"}), "limit")
    assert refused(rest.get("/call/missed/list/", params={"limit": "0"}), "limit")
    assert refused(rest.get("/call/missed/list/", params={"offset": "-1"}), "offset")
    assert refused(rest.get("/call/missed/list/", params={"date_end": "2026-13-01"}), "date_end")


@pytest.mark.parametrize("kind", ["incoming", "outgoing"])
def test_incoming_and_outgoing_calls_page_sort_and_search(
    rest: httpx.Client, sandbox: RunningSandbox, kind: str
) -> None:
    path = f"/call/{kind}/list/"
    for minute in range(3):
        sandbox.control.record_call(
            kind=kind, number=f"+3247111111{minute}", name=f"N{minute}", duration_sec=60 + minute,
            timestamp=T0 + minute * 60,
        )  # fmt: skip
    sandbox.control.record_call(number="+32479999999")  # a missed call: not in these lists
    newest = rest.get(path).json()
    assert (newest["success"], newest["count"]) == (True, 3)
    assert [r["duration_sec"] for r in newest["rows"]] == [62, 61, 60]
    oldest = rest.get(path, params={"sort_dir": "asc", "limit": "2"}).json()
    assert [r["name"] for r in oldest["rows"]] == ["N0", "N1"]
    assert [r["name"] for r in rest.get(path, params={"q": "n1"}).json()["rows"]] == ["N1"]
    assert rest.get(path, params={"offset": "3"}).json() == {
        "success": True,
        "count": 0,
        "rows": [],
    }
    assert refused(rest.get(path, params={"limit": "201"}), "limit")
    assert refused(rest.get(path, params={"sort_dir": "up"}), "sort_dir")


def test_a_call_control_is_checked(sandbox: RunningSandbox) -> None:
    url = f"{sandbox.url}/_sandbox/calls"
    assert refused(httpx.post(url, json={"kind": "dropped", "number": "+3247"}), "kind")
    assert refused(httpx.post(url, json={"number": "call me"}), "number")
    assert refused(
        httpx.post(url, json={"number": "+32470000001", "duration_sec": 5}), "duration_sec"
    )


# -- notifications ----------------------------------------------------------------------------


def test_a_notification_is_sent_stored_and_listed(
    rest: httpx.Client, sandbox: RunningSandbox
) -> None:
    reply = rest.post(
        "/notification/send", data={"sid": "sandbox-sid-1", "message": "Stock is low"}
    )
    assert reply.status_code == 200
    body = reply.json()
    assert (body["success"], body["sid"], body["apikey"]) == (
        True,
        "sandbox-sid-1",
        sandbox.api_key,
    )
    assert isinstance(body["id"], int)
    [stored] = sandbox.control.account()["notifications"]
    assert (stored["title"], stored["type"], stored["distribued"]) == (
        "Notification",
        "notification",
        "1",
    )
    unknown = rest.post("/notification/send", data={"sid": "nope", "message": "x"}).json()
    assert unknown["success"] is False
    assert refused(rest.post("/notification/send", data={"message": "x"}), "sid")
    assert refused(rest.post("/notification/send", data={"sid": "sandbox-sid-1"}), "message")
    assert rest.get("/notification/send").status_code == 405
    listed = rest.get("/notification/list/", params={"sidentifiant": "sandbox-sid-1"}).json()
    assert [n["message"] for n in listed["notifications"]] == ["Stock is low"]
    assert refused(rest.get("/notification/list/", params={"distribued": "2"}), "distribued")


def test_a_disconnected_phone_gets_its_notifications_when_it_reconnects(
    rest: httpx.Client, sandbox: RunningSandbox
) -> None:
    sandbox.control.set_phone("sandbox-sid-1", status="disconnected")
    rest.post("/notification/send", data={"sid": "sandbox-sid-1", "message": "later", "title": "T"})
    waiting = rest.get("/notification/list/", params={"distribued": "0"}).json()["notifications"]
    assert [(n["message"], n["title"]) for n in waiting] == [("later", "T")]
    sandbox.control.set_phone("sandbox-sid-1", status="connected")
    assert rest.get("/notification/list/", params={"distribued": "0"}).json()["notifications"] == []
    today = waiting[0]["created_at"][:10]
    dated = rest.get("/notification/list/", params={"date_start": today, "date_end": today})
    assert len(dated.json()["notifications"]) == 1


# -- e-mail -----------------------------------------------------------------------------------

EMAIL = {
    "apikeybox": DEFAULT_MAILBOX_KEY,
    "sender_name": "Shop",
    "sender_email": "shop@example.com",
    "recipient_email": "ada@example.org",
    "mail_subject": "Your order",
    "mail_body": "It shipped.",
    "allow_self_signed": "no",
}


def test_an_email_is_sent_stored_and_filed_in_sent(
    rest: httpx.Client, sandbox: RunningSandbox
) -> None:
    reply = rest.post(
        "/sendemail/",
        data={**EMAIL, "attachmentBase64": "aGVsbG8=", "attachmentBase64_name_1": "a.txt"},
    )
    assert reply.status_code == 200
    assert reply.json()["error"] == 0
    [sent] = sandbox.control.account()["sent_emails"]
    assert sent["attachment"] == {"name": "a.txt", "bytes": 5}
    assert DEFAULT_MAILBOX_KEY not in str(sent)
    listed = rest.get(
        "/getemail/", params={"apikeybox": DEFAULT_MAILBOX_KEY, "mbox": "Sent", "start": "0"}
    ).json()
    assert (listed["error"], listed["total"]) == ("0", 1)
    assert listed["emails"][0]["subject"] == "Your order"
    wrong = rest.post("/sendemail/", data={**EMAIL, "apikeybox": "wrong"}).json()
    assert wrong["error"] == "30"


@pytest.mark.parametrize(
    ("field", "value"),
    [("sender_email", "not-an-address"), ("recipient_email", "a@b"), ("allow_self_signed", "maybe"),
     ("unsubscribe", "0"), ("attachmentBase64", "***"), ("mail_subject", ""), ("apikeybox", "")],
)  # fmt: skip
def test_an_email_field_the_spec_refuses_is_refused_naming_it(
    rest: httpx.Client, field: str, value: str
) -> None:
    assert refused(rest.post("/sendemail/", data={**EMAIL, field: value}), field)


def test_a_missing_email_field_is_refused(rest: httpx.Client) -> None:
    for field in EMAIL:
        data = {k: v for k, v in EMAIL.items() if k != field}
        assert refused(rest.post("/sendemail/", data=data), field), field


def test_the_mailbox_pages_newest_first(rest: httpx.Client, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(page_size=2)
    for n in range(3):
        sandbox.control.deliver_email(**{"from": "ada@example.org", "subject": f"S{n}"})
    query = {"apikeybox": DEFAULT_MAILBOX_KEY, "mbox": "INBOX"}
    first = rest.get("/getemail/", params={**query, "start": "0"}).json()
    assert ([e["subject"] for e in first["emails"]], first["total"]) == (["S2", "S1"], 3)
    second = rest.get("/getemail/", params={**query, "start": "2"}).json()
    assert [e["subject"] for e in second["emails"]] == ["S0"]
    assert second["emails"][0]["seen"] is False
    assert refused(rest.get("/getemail/", params=query), "start")
    assert refused(rest.get("/getemail/", params={**query, "start": "x"}), "start")
    assert refused(rest.get("/getemail/", params={"apikeybox": "k", "start": "0"}), "mbox")
    assert (
        rest.get("/getemail/", params={**query, "apikeybox": "no", "start": "0"}).json()["error"]
        == "30"
    )


def test_every_new_route_needs_the_key(sandbox: RunningSandbox) -> None:
    for path in ("/getsms/", "/log/sent/sms/", "/gateway/mobile/list/", "/call/missed/list/",
                 "/call/incoming/list/", "/call/outgoing/list/", "/notification/list/",
                 "/getemail/"):  # fmt: skip
        assert httpx.get(f"{sandbox.url}{path}").status_code == 403, path
    assert httpx.post(f"{sandbox.url}/notification/send", data={"apikey": "bad"}).status_code == 403


def test_reset_empties_the_account_but_keeps_its_phones(
    rest: httpx.Client, sandbox: RunningSandbox
) -> None:
    sandbox.control.receive_sms(number="+32470111111", message="hi")
    sandbox.control.record_call(number="+32470111111")
    sandbox.control.deliver_email(**{"from": "a@example.org", "subject": "s"})
    sandbox.control.reset()
    account = sandbox.control.account()
    assert [p["sid"] for p in account["phones"]] == ["sandbox-sid-1"]
    assert account["received_sms"] == account["calls"] == [] and account["mailbox"] == {}


@pytest.mark.parametrize(
    ("control", "payload", "field"),
    [
        ("sms", {"number": "+32470123456", "message": "x", "timestamp": 10**20}, "timestamp"),
        ("calls", {"number": "+32470123456", "timestamp": -1}, "timestamp"),
        ("calls", {"number": "+32470123456", "kind": ["missed"]}, "kind"),
        ("mailbox", {"from": "a@example.org", "subject": 3}, "subject"),
        ("phones", {"sid": "sandbox-sid-1", "status": "asleep"}, "status"),
        ("phones", {"sid": "nope"}, "sid"),
        ("sms/from-phone", {"number": "+32470123456"}, "message"),
        ("sms", {"number": "+32470123456", "message": "x", "colour": "red"}, "colour"),
    ],
)
def test_a_bad_control_request_is_a_400_naming_the_field(
    sandbox: RunningSandbox, control: str, payload: dict[str, Any], field: str
) -> None:
    assert refused(httpx.post(f"{sandbox.url}/_sandbox/{control}", json=payload), field)
    assert refused(httpx.post(f"{sandbox.url}/_sandbox/{control}", content=b"[1]"), "body")

"""Every call of `WhatsApp`, with an API key and with OAuth2, against the sandbox."""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from decimal import Decimal

import pytest
from adapter_support import MakeClient, token_provider_of
from fake_wire import ExchangeByMethods

from smsmobile import (
    AuthenticationError,
    InboundMessage,
    NumberCheck,
    RetrievalState,
    SentMessage,
    ServiceError,
    SyncWindow,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox


def test_send_is_whatsapp_only_by_default(
    sandbox: RunningSandbox, wa: WhatsApp, auth_kind: str
) -> None:
    sent = wa.send("+1 (917) 286-60", "Hello *world*")

    assert isinstance(sent, SentMessage)
    assert sent.accepted and sent.via_whatsapp
    assert len(sent.guid) == 40
    assert sent.sent_at is not None and sent.sent_at.tzinfo is not None
    [stored] = sandbox.control.messages()
    assert stored["guid"] == sent.guid
    assert stored["recipients"] == "191728660"
    assert stored["message"] == "Hello *world*"
    assert stored["channel"] == "whatsapp"
    assert stored["auth"] == auth_kind


def test_send_with_every_option(sandbox: RunningSandbox, wa: WhatsApp) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    sent = wa.send(
        "0033 6 12 34 56 78",
        "Invoice attached",
        media_url="https://example.com/files/Invoice.PDF?v=2",
        pdf_preview=True,
        short_url=True,
        also_sms=True,
        schedule_at=later,
        device_sid="device-1",
        sim_port=2,
    )

    [stored] = sandbox.control.messages()
    assert stored["guid"] == sent.guid
    assert stored["recipients"] == "33612345678"
    assert stored["url_media"] == "https://example.com/files/Invoice.PDF?v=2"
    assert stored["pdf_with_image"] is True
    assert stored["url_media_shorted"] is True
    assert stored["channel"] == "whatsapp+sms"
    assert stored["status"] == "scheduled"
    assert stored["schedule_timestamp"] == int(later.timestamp())


def test_resend_of_a_failed_message(sandbox: RunningSandbox, wa: WhatsApp) -> None:
    sandbox.control.faults(error_recipients=["33600000001"])
    failed = wa.send("+33 600000001", "will fail")

    resent = wa.resend(failed.guid)

    assert resent.guid == failed.guid
    [stored] = sandbox.control.messages()
    assert stored["status"] == "sent"
    assert stored["attempts"] == 2


def test_resend_errors_carry_the_service_code(sandbox: RunningSandbox, wa: WhatsApp) -> None:
    sent = wa.send("33612345678", "fine")

    with pytest.raises(ServiceError) as not_failed:
        wa.resend(sent.guid)
    assert not_failed.value.code == "11"
    assert not_failed.value.http_status is None  # an application error inside HTTP 200

    with pytest.raises(ServiceError) as unknown:
        wa.resend("f" * 40)
    assert unknown.value.code == "10"
    assert sandbox.control.messages()[0]["attempts"] == 1


def test_retrieval_switch(wa: WhatsApp) -> None:
    assert wa.set_retrieval(True) == RetrievalState(enabled=True)
    assert wa.set_retrieval(True) == RetrievalState(enabled=True)
    assert wa.set_retrieval("toggle") == RetrievalState(enabled=False)
    assert wa.set_retrieval("toggle") == RetrievalState(enabled=True)
    assert wa.set_retrieval(False) == RetrievalState(enabled=False)


@pytest.mark.parametrize("sync_key", ["doc", "openapi"])
def test_synchronize_reads_both_spellings_of_expire_at(
    sandbox: RunningSandbox, wa: WhatsApp, sync_key: str
) -> None:
    sandbox.control.faults(sync_key=sync_key, sync_window=600)
    wa.set_retrieval(True)

    window = wa.synchronize()

    assert isinstance(window, SyncWindow)
    assert window.is_open()
    expected = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=600)
    assert abs((window.expires_at - expected).total_seconds()) < 5


def test_inbound_needs_retrieval_then_synchronisation(wa: WhatsApp) -> None:
    with pytest.raises(ServiceError) as disabled:
        wa.fetch_page()
    assert disabled.value.code == "20"

    wa.set_retrieval(True)
    with pytest.raises(ServiceError) as unsynced:
        list(wa.messages())
    assert unsynced.value.code == "21"

    wa.synchronize()
    assert wa.fetch_page() == []
    assert list(wa.messages()) == []


def test_an_inbound_message_with_every_field(sandbox: RunningSandbox, inbox: WhatsApp) -> None:
    sandbox.control.inject_inbound(
        number="19176728660",
        message="When will I receive my order?",
        contact="Smsmobileapi",
        message_type="audio",
        timestamp=1741692420,
        more={"auto_reply": "1", "transfert_to_email": "0", "chatgpt_reply": "1"},
        chatgpt={
            "prompt_tokens": "900",
            "completion_tokens": "10",
            "total_tokens": "910",
            "total_tokens_cost": "0.182",
            "response": "Your order #576 will be shipped tomorrow.",
        },
    )

    [message] = inbox.messages()

    assert isinstance(message, InboundMessage)
    assert message.number == "19176728660"
    assert message.contact == "Smsmobileapi"
    assert message.text == "When will I receive my order?"
    assert message.received_at == dt.datetime(2025, 3, 11, 11, 27, tzinfo=dt.UTC)
    assert message.timestamp == 1741692420
    assert message.auto_reply is not None
    assert message.auto_reply.auto_reply and message.auto_reply.chatgpt_reply
    assert not message.auto_reply.forwarded_to_email
    assert message.chatgpt is not None
    assert message.chatgpt.total_tokens == 910
    assert message.chatgpt.cost == Decimal("0.182")
    assert message.chatgpt.response.startswith("Your order")


def _inject(sandbox: RunningSandbox, count: int, start: int = 1_700_000_000) -> list[str]:
    return [
        sandbox.control.inject_inbound(
            number="33612345678",
            message=f"message {i}",
            message_type="audio" if i % 2 else "text",
            timestamp=start + i * 60,
        )["guid"]
        for i in range(count)
    ]


@pytest.mark.parametrize("shape", ["array", "object"])
def test_paging_with_before_until_exhausted(
    sandbox: RunningSandbox, inbox: WhatsApp, shape: str
) -> None:
    guids = _inject(sandbox, 5)
    sandbox.control.faults(page_size=2, messages_shape=shape)

    received = list(inbox.messages())

    assert [m.guid for m in received] == list(reversed(guids))  # newest first, no duplicates
    # Each page after the first asks `before = oldest + 1`, so it starts with the last message
    # of the page before (read again, dropped by guid): [4 3] [3 2] [2 1] [1 0] [0]. The second
    # page showed the first was cut short at 2, so [0], shorter than that, is the last.
    assert sandbox.control.stats()["requests"]["/getwa/"] == 5


def test_single_object_replies(sandbox: RunningSandbox, inbox: WhatsApp) -> None:
    guids = _inject(sandbox, 3)
    sandbox.control.faults(messages_shape="single")

    assert [m.guid for m in inbox.fetch_page()] == [guids[-1]]
    assert [m.guid for m in inbox.messages()] == list(reversed(guids))


def test_messages_filters_and_limit(sandbox: RunningSandbox, inbox: WhatsApp) -> None:
    guids = _inject(sandbox, 5)  # 0, 2, 4 text; 1, 3 audio
    sandbox.control.faults(page_size=2)

    assert [m.guid for m in inbox.messages(message_type="audio")] == [guids[3], guids[1]]
    assert [m.guid for m in inbox.messages(limit=3)] == [guids[4], guids[3], guids[2]]
    assert [m.guid for m in inbox.messages(before=1_700_000_000 + 180)] == [
        guids[2],
        guids[1],
        guids[0],
    ]
    day = dt.datetime.fromtimestamp(1_700_000_000, dt.UTC).date()
    assert len(list(inbox.messages(date=day))) == 5
    assert list(inbox.messages(date="2001-01-01")) == []
    page = inbox.fetch_page(before=dt.datetime.fromtimestamp(1_700_000_000 + 121, dt.UTC))
    assert [m.guid for m in page] == [guids[2], guids[1]]


@pytest.mark.parametrize(("limit", "requests"), [(2, 1), (3, 2), (4, 3), (5, 4), (6, 5)])
def test_a_limit_asks_for_no_page_it_does_not_need(
    sandbox: RunningSandbox, inbox: WhatsApp, limit: int, requests: int
) -> None:
    guids = _inject(sandbox, 5)
    sandbox.control.faults(page_size=2)
    before = sandbox.control.stats()["requests"].get("/getwa/", 0)

    received = [m.guid for m in inbox.messages(limit=limit)]

    assert received == list(reversed(guids))[:limit]
    assert sandbox.control.stats()["requests"]["/getwa/"] - before == requests


class _RecordedInbox(ExchangeByMethods):
    """A transport whose inbox is two pages of given times; it notes each `before` it gets."""

    name = "recorded"

    def __init__(self, first_page: list[dt.datetime]) -> None:
        self.first_page = [
            InboundMessage(f"g{i}", "33612345678", "", f"m{i}", at)
            for i, at in enumerate(first_page)
        ]
        self.befores: list[int | None] = []

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: str | None = None,
    ) -> list[InboundMessage]:
        self.befores.append(before)
        return self.first_page if before is None else []

    def close(self) -> None:
        pass


_UTC, _PLUS_2 = dt.UTC, dt.timezone(dt.timedelta(hours=2))


def _page_times(zone: str) -> list[dt.datetime]:
    if zone == "utc":
        return [dt.datetime(2025, 3, 11, 12, s, tzinfo=_UTC) for s in (5, 1, 9)]
    if zone == "fixed-offsets":
        return [dt.datetime(2025, 3, 11, 14, s, 30, tzinfo=_PLUS_2) for s in (5, 1, 9)]
    if zone == "mixed-offsets":
        return [
            dt.datetime(2025, 3, 11, 13, 0, tzinfo=_PLUS_2),  # 11:00 UTC: the oldest
            dt.datetime(2025, 3, 11, 11, 30, tzinfo=_UTC),
        ]
    if zone == "zoneinfo-fold":  # the clocks go back from 03:00 to 02:00 that night
        try:
            brussels = zoneinfo.ZoneInfo("Europe/Brussels")
        except zoneinfo.ZoneInfoNotFoundError:
            pytest.skip("no time zone database")
        return [
            dt.datetime(2024, 10, 27, 2, 30, tzinfo=brussels),
            dt.datetime(2024, 10, 27, 2, 15, fold=1, tzinfo=brussels),  # reads earlier, is later
        ]
    return [dt.datetime(2025, 3, 11, 12, s) for s in (5, 1, 9)]  # naive: local time


@pytest.mark.parametrize(
    "zone", ["utc", "fixed-offsets", "mixed-offsets", "zoneinfo-fold", "naive"]
)
def test_paging_asks_before_the_oldest_timestamp_whatever_the_time_zone(zone: str) -> None:
    """`before` is the smallest `timestamp` of the page plus one (the rest of that second),
    whatever zone the instants of the page were written in."""
    times = _page_times(zone)
    inbox = _RecordedInbox(times)
    wa = WhatsApp(transport=inbox)

    assert [m.guid for m in wa.messages()] == [f"g{i}" for i in range(len(times))]
    assert inbox.befores == [None, min(m.timestamp for m in inbox.first_page) + 1]


def test_messages_is_lazy(sandbox: RunningSandbox, inbox: WhatsApp) -> None:
    _inject(sandbox, 5)
    sandbox.control.faults(page_size=2)
    before = sandbox.control.stats()["requests"].get("/getwa/", 0)

    iterator = inbox.messages()
    assert sandbox.control.stats()["requests"].get("/getwa/", 0) == before
    next(iterator)
    assert sandbox.control.stats()["requests"]["/getwa/"] == before + 1


def test_check_number(sandbox: RunningSandbox, wa: WhatsApp) -> None:
    sandbox.control.faults(not_on_whatsapp=["33699999999"])

    assert wa.check_number("+33 6 12 34 56 78") == NumberCheck("33612345678", on_whatsapp=True)
    assert wa.check_number("0033699999999") == NumberCheck("33699999999", on_whatsapp=False)


def test_wrong_api_key_is_an_authentication_error(
    make_client: MakeClient, sandbox: RunningSandbox
) -> None:
    from smsmobile import ApiKey

    client = make_client(auth=ApiKey("not-the-key"))
    with pytest.raises(AuthenticationError) as refused:
        client.send("33612345678", "hello")
    assert refused.value.http_status == 403
    with pytest.raises(AuthenticationError):
        client.synchronize()
    assert sandbox.control.messages() == []


def test_wrong_client_secret_is_an_authentication_error(
    make_client: MakeClient, sandbox: RunningSandbox
) -> None:
    from smsmobile import OAuth2ClientCredentials

    client = make_client(auth=OAuth2ClientCredentials(sandbox.client_id, "wrong-secret"))
    with pytest.raises(AuthenticationError):
        client.check_number("33612345678")
    assert sandbox.control.stats()["token_requests"] == 1  # refused credentials are not retried


def test_context_manager_and_names(make_client: MakeClient, sandbox: RunningSandbox) -> None:
    with make_client("oauth2") as client:
        assert client.transport_name == "rest"
        provider = token_provider_of(client)
        assert provider is not None
        client.check_number("33612345678")
        assert provider.fetch_count == 1
        assert provider.expires_at is not None
    assert token_provider_of(make_client("apikey")) is None


def test_timeout_as_a_number(make_client: MakeClient) -> None:
    client = make_client(timeout=2.5)
    assert client.timeouts.connect == 2.5 and client.timeouts.read == 2.5
    started = time.monotonic()
    client.check_number("33612345678")
    assert time.monotonic() - started < 2.5

"""The inspector at `/` without JavaScript: what it shows, its forms, and what it refuses."""

from __future__ import annotations

import re

import httpx
import pytest

from smsmobile import ApiKey, OAuth2ClientCredentials, RateLimited, RetryPolicy, WhatsApp
from smsmobile_sandbox._inspector_render import whatsapp_html
from smsmobile_sandbox.testing import RunningSandbox

NUMBER = "32470123456"
ONCE = RetryPolicy(attempts=1)


def page(sandbox: RunningSandbox, query: str = "") -> str:
    reply = httpx.get(f"{sandbox.url}/{query}")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    return reply.text


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def post_form(
    sandbox: RunningSandbox, action: str, fields: dict[str, str], **headers: str
) -> httpx.Response:
    token = csrf(page(sandbox))
    return httpx.post(
        f"{sandbox.url}/_sandbox/ui/{action}",
        data={"csrf": token, **fields},
        headers={"Origin": sandbox.url, **headers},
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*bold* _it_ ~gone~", "<strong>bold</strong> <em>it</em> <del>gone</del>"),
        ("```a *b* <c>```", "<code>a *b* &lt;c&gt;</code>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('*<img src=x onerror="x">*', "<strong>&lt;img src=x onerror=&quot;x&quot;&gt;</strong>"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("```unclosed *b*", "```unclosed <strong>b</strong>"),
        ("line one\n*two*", "line one\n<strong>two</strong>"),
    ],
)
def test_whatsapp_formatting_is_rendered_after_escaping(text: str, html: str) -> None:
    assert whatsapp_html(text) == html


def test_a_sent_message_shows_in_its_conversation_with_its_details(
    sandbox: RunningSandbox,
) -> None:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        plain = wa.send(NUMBER, "Your order *shipped* <b>now</b>")
        media = wa.send(
            NUMBER,
            "Invoice",
            media_url="https://example.com/files/invoice.pdf",
            pdf_preview=True,
            also_sms=True,
            schedule_at=4_102_444_800,
        )
    html = page(sandbox)
    assert f"+{NUMBER}" in html
    bubble = html[html.index(f'data-guid="{plain.guid}"') :]
    assert bubble.index("Your order <strong>shipped</strong> &lt;b&gt;now&lt;/b&gt;") < 200
    assert "<b>now</b>" not in html
    second = html[html.index(f'data-guid="{media.guid}"') :].split('class="bubble', 1)[0]
    for shown in (
        'href="https://example.com/files/invoice.pdf"',
        "PDF preview",
        "WhatsApp + SMS",
        "scheduled for 2100-01-01 00:00 UTC",
        ">scheduled<",
        ">API key<",
    ):
        assert shown in second, shown


def test_a_conversation_keeps_the_order_things_happened_in(sandbox: RunningSandbox) -> None:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        first = wa.send(NUMBER, "one")
        reply = sandbox.control.inject_inbound(number=NUMBER, message="two")
        last = wa.send(NUMBER, "three")  # most likely within the same second
    html = page(sandbox)
    positions = [
        html.index(f'data-guid="{guid}"') for guid in (first.guid, reply["guid"], last.guid)
    ]
    assert positions == sorted(positions)


def test_auth_kind_oauth2_and_soap_are_shown(sandbox: RunningSandbox) -> None:
    oauth = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    with WhatsApp(auth=oauth, base_url=sandbox.url) as wa:
        by_token = wa.send(NUMBER, "with a token")
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport="soap") as wa:
        by_soap = wa.send(NUMBER, "over SOAP")
    html = page(sandbox)
    token_bubble = html[html.index(f'data-guid="{by_token.guid}"') :].split("</time>", 1)[0]
    soap_bubble = html[html.index(f'data-guid="{by_soap.guid}"') :].split("</time>", 1)[0]
    assert ">OAuth2<" in token_bubble and "via SOAP" not in token_bubble
    assert ">API key<" in soap_bubble and ">via SOAP<" in soap_bubble


def test_no_secret_is_rendered(sandbox: RunningSandbox) -> None:
    token = httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    ).json()["access_token"]
    httpx.get(f"{sandbox.url}/getwa/active/", headers={"Authorization": f"Bearer {token}"})
    httpx.get(f"{sandbox.url}/getwa/active/", params={"apikey": sandbox.api_key})
    html = page(sandbox)
    assert "Tokens" in html and "1 active of 1" in html
    for secret in (sandbox.api_key, sandbox.client_secret, token, token[:12]):
        assert secret not in html


def test_a_reply_typed_in_the_form_is_retrieved_by_the_sdk(sandbox: RunningSandbox) -> None:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        wa.send(NUMBER, "Hello")
        reply = post_form(
            sandbox, "reply", {"number": NUMBER, "contact": "Ann", "message": "Yes *please*"}
        )
        assert reply.status_code == 303
        assert reply.headers["location"] == f"/?number={NUMBER}"
        voice = post_form(
            sandbox,
            "reply",
            {"number": NUMBER, "message": "call me back", "message_type": "audio"},
        )
        assert voice.status_code == 303
        wa.set_retrieval(True)
        wa.synchronize()
        received = list(wa.messages())
    assert sorted(m.text for m in received) == ["Yes *please*", "call me back"]
    assert {m.contact for m in received} == {"Ann", ""}
    assert "Yes <strong>please</strong>" in page(sandbox, f"?number={NUMBER}")
    assert [i["message_type"] for i in sandbox.control.inbound()] == ["text", "audio"]


def test_a_429_switched_on_in_the_form_fails_the_next_sdk_call(sandbox: RunningSandbox) -> None:
    reply = post_form(sandbox, "fault", {"kind": "too_many", "count": "1", "retry_after": "7"})
    assert reply.status_code == 303
    assert "status every path \u00d71 (429)" in page(sandbox)
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, retry=ONCE) as wa:
        with pytest.raises(RateLimited) as caught:
            wa.check_number(NUMBER)
        assert caught.value.retry_after == 7
        assert wa.check_number(NUMBER).on_whatsapp  # the rule was used up


@pytest.mark.parametrize(
    ("action", "fields", "check"),
    [
        ("retrieval", {"state": "on"}, lambda s: s.control.faults() and _retrieval_on(s)),
        ("fault", {"kind": "error_recipients", "numbers": "3247000001, 3247000002"},
         lambda s: s.control.faults()["error_recipients"] == ["3247000001", "3247000002"]),
        ("fault", {"kind": "latency", "count": "2", "seconds": "0.5"},
         lambda s: s.control.faults()["rules"][0]["seconds"] == 0.5),
        ("fault", {"kind": "drop", "count": "3"},
         lambda s: s.control.faults()["rules"][0]["count"] == 3),
        ("fault", {"kind": "status_503"},
         lambda s: s.control.faults()["rules"][0]["status"] == 503),
    ],
)  # fmt: skip
def test_each_switch_changes_the_sandbox(
    sandbox: RunningSandbox, action: str, fields: dict[str, str], check: object
) -> None:
    assert post_form(sandbox, action, fields).status_code == 303
    assert callable(check) and check(sandbox)


def _retrieval_on(sandbox: RunningSandbox) -> bool:
    return "Retrieval: on" in page(sandbox)


def test_token_and_sync_switches(sandbox: RunningSandbox) -> None:
    oauth = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    with WhatsApp(auth=oauth, base_url=sandbox.url) as wa:
        wa.check_number(NUMBER)
        assert post_form(sandbox, "tokens", {"kind": "expire"}).status_code == 303
        assert "0 active of 1" in page(sandbox)
        wa.check_number(NUMBER)  # the client fetches a new token after a 401
        assert sandbox.control.stats()["token_requests"] == 2
    assert post_form(sandbox, "retrieval", {"state": "on"}).status_code == 303
    assert post_form(sandbox, "sync", {"state": "on"}).status_code == 303
    assert "Sync window: open" in page(sandbox)
    assert post_form(sandbox, "sync", {"state": "off"}).status_code == 303
    assert "Sync window: closed" in page(sandbox)


def test_cross_site_forms_are_refused(sandbox: RunningSandbox) -> None:
    token = csrf(page(sandbox))
    url = f"{sandbox.url}/_sandbox/ui/reply"
    fields = {"number": NUMBER, "message": "forged"}
    no_token = httpx.post(url, data=fields, headers={"Origin": sandbox.url})
    bad_token = httpx.post(url, data={**fields, "csrf": "guess"})
    other_origin = httpx.post(
        url, data={**fields, "csrf": token}, headers={"Origin": "https://evil.example"}
    )
    other_referer = httpx.post(
        url, data={**fields, "csrf": token}, headers={"Referer": "http://evil.example/x"}
    )
    null_origin = httpx.post(url, data={**fields, "csrf": token}, headers={"Origin": "null"})
    for reply in (no_token, bad_token, other_origin, other_referer, null_origin):
        assert reply.status_code == 403
    assert sandbox.control.inbound() == []
    ok = httpx.post(url, data={**fields, "csrf": token}, headers={"Referer": sandbox.url + "/"})
    assert ok.status_code == 303


@pytest.mark.parametrize(
    ("action", "fields", "notice"),
    [
        ("reply", {"number": NUMBER}, "message: required"),
        ("reply", {"number": "", "message": "x"}, "number: required"),
        ("reply", {"number": "<b>1</b>", "message": "x"}, "number: the country code"),
        ("fault", {"kind": "latency", "count": "x"}, "count: must be a whole number"),
        ("fault", {"kind": "latency", "seconds": "99"}, "rules.seconds"),
        ("fault", {"kind": "latency", "seconds": "nan"}, "rules.seconds"),
        ("fault", {"kind": "too_many", "count": "0"}, "rules.count"),
        ("fault", {"kind": "nope"}, "kind: unknown fault"),
        ("fault", {"kind": "error_recipients", "numbers": "abc"}, ""),
        ("tokens", {"kind": "steal"}, "kind: must be expire or revoke"),
    ],
)
def test_bad_form_input_is_a_400_page_with_the_reason(
    sandbox: RunningSandbox, action: str, fields: dict[str, str], notice: str
) -> None:
    reply = post_form(sandbox, action, fields)
    assert reply.status_code in (303, 400)
    if notice:
        assert reply.status_code == 400
        assert notice in reply.text
        assert 'role="alert"' in reply.text


def test_a_long_conversation_shows_its_newest_messages_only(sandbox: RunningSandbox) -> None:
    with httpx.Client() as http:
        for index in range(205):
            http.post(
                f"{sandbox.url}/_sandbox/inbound", json={"number": NUMBER, "message": f"m{index}"}
            )
    html = page(sandbox)
    assert html.count('class="bubble in"') == 200
    assert "5 older messages" in html and ">m204<" in html and ">m4<" not in html


def test_page_static_files_and_headers(sandbox: RunningSandbox) -> None:
    reply = httpx.get(f"{sandbox.url}/")
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]
    assert reply.headers["x-frame-options"] == "DENY"
    css = httpx.get(f"{sandbox.url}/_sandbox/ui/static/inspector.css")
    js = httpx.get(f"{sandbox.url}/_sandbox/ui/static/inspector.js")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert js.status_code == 200 and "data-live" in js.text
    assert httpx.get(f"{sandbox.url}/_sandbox/ui/static/_app.py").status_code == 404
    assert httpx.get(f"{sandbox.url}/_sandbox/ui/static/..%2f_app.py").status_code == 404
    assert httpx.get(f"{sandbox.url}/_sandbox/ui/reply").status_code == 405
    assert httpx.post(f"{sandbox.url}/_sandbox/ui/__init__").status_code == 404
    assert httpx.post(f"{sandbox.url}/").status_code == 405
    assert httpx.get(f"{sandbox.url}/?number=<x>").status_code == 200
    assert "/" not in sandbox.control.stats()["requests"]  # the page is no service request

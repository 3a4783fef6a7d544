"""Where each parameter travels on the wire, as the sandbox recorded it (issue 12.2): a send is
`POST /sendsms/?waonly=yes` with the key and the text in the form body, as in the service's
bearer example and Postman collection."""

from __future__ import annotations

import pytest
from adapter_support import MakeClient

from smsmobile_sandbox.testing import RunningSandbox


def _last_send(sandbox: RunningSandbox) -> dict[str, object]:
    sends = [r for r in sandbox.control.requests() if r["path"] == "/sendsms/"]
    assert len(sends) == 1
    return sends[0]


def test_a_whatsapp_send_puts_waonly_in_the_query_and_the_rest_in_the_body(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client("apikey")

    wa.send("+32 470 12 34 56", "Hello", media_url="https://example.org/a.pdf", sim_port=2)

    wire = _last_send(sandbox)
    assert {name: wire[name] for name in ("method", "path", "query", "body")} == {
        "method": "POST",
        "path": "/sendsms/",
        "query": ["waonly"],
        "body": ["apikey", "message", "port", "recipients", "url_media"],
    }
    assert sandbox.control.messages()[0]["channel"] == "whatsapp"


def test_also_sms_puts_sendwa_and_sendsms_in_the_query(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    make_client("oauth2").send("32470123456", "Hello", also_sms=True)

    wire = _last_send(sandbox)
    assert (wire["query"], wire["body"]) == (["sendsms", "sendwa"], ["message", "recipients"])
    assert sandbox.control.messages()[0]["channel"] == "whatsapp+sms"


@pytest.mark.parametrize("kind", ["apikey", "oauth2"])
def test_reads_carry_everything_in_the_query(
    sandbox: RunningSandbox, make_client: MakeClient, kind: str
) -> None:
    make_client(kind).check_number("32470123456")

    (check,) = sandbox.control.requests()[-1:]
    assert (check["method"], check["path"], check["body"]) == ("GET", "/whatsapp/checknumber/", [])
    assert check["query"] == (["apikey", "recipients"] if kind == "apikey" else ["recipients"])

"""The exceptions' own texts: one sentence, nothing said twice, the host named (never a key)."""

from __future__ import annotations

import pytest
from adapter_support import FAST, MakeClient

from smsmobile import ApiKey, ConnectError, OutcomeUnknown, ServiceError, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox


@pytest.mark.parametrize(
    ("message", "code", "status", "text"),
    [
        ("HTTP 400, error 400: injected fault", "400", 400, "service error 400 (HTTP 400): "),
        ("service error 10: service error 10: unknown guid", "10", None, "service error 10: "),
        ("service error 11 (HTTP 409): not in error", "11", 409, "service error 11 (HTTP 409): "),
    ],
)
def test_a_service_error_says_its_code_once(
    message: str, code: str, status: int | None, text: str
) -> None:
    error = ServiceError(message, code=code, http_status=status)
    detail = message.rpartition(": ")[2]
    assert (str(error), error.detail) == (text + detail, detail)
    assert str(ServiceError(str(error), code=code, http_status=status)) == str(error)


def test_outcome_unknown_in_one_sentence(make_client: MakeClient, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    with pytest.raises(OutcomeUnknown) as unknown:
        make_client().send("32470123456", "hi")
    assert str(unknown.value) == (
        "send: the connection failed during the exchange (RemoteProtocolError), so the request "
        "may or may not have been accepted; check the phone's sent messages (or `smsmobile "
        "bulk ... --report` for a bulk row) before sending again"
    )
    assert unknown.value.operation == "send"
    assert unknown.value.recipient == "32470123456"  # kept as a field, never in the text
    assert unknown.value.guid is None


@pytest.mark.parametrize(("transport", "prefix"), [("rest", ""), ("soap", "CheckNumber: ")])
def test_a_connect_error_names_the_host_and_the_reason(transport: str, prefix: str) -> None:
    def failure(base_url: str) -> str:
        wa = WhatsApp(
            auth=ApiKey("k-123456"), base_url=base_url, transport=transport,  # type: ignore[arg-type]
            timeout=2, retry=FAST,
        )  # fmt: skip
        with wa, pytest.raises(ConnectError) as error:
            wa.check_number("32470123456")
        return str(error.value)

    assert failure("http://127.0.0.1:9") == (
        f"{prefix}cannot connect to 127.0.0.1:9: the connection was refused; is the service "
        "running there, and is the base URL right?"
    )
    assert failure("http://user:pw-secret@no-such-host.invalid") == (
        f"{prefix}cannot connect to no-such-host.invalid: the name was not found (DNS); check "
        "the base URL"
    )

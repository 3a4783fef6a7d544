"""The sandbox's own surface: `/_sandbox/` lists its controls (HTML or JSON by `Accept`), the
JSON API can clear queued fault rules, and the controls' documentation ships in the package."""

from __future__ import annotations

import re
from importlib import resources

import httpx
import pytest

from smsmobile import ApiKey, ServiceError, WhatsApp
from smsmobile_sandbox._control_index import CONTROLS
from smsmobile_sandbox.testing import RunningSandbox


def test_the_index_is_json_for_a_client(sandbox: RunningSandbox) -> None:
    reply = httpx.get(f"{sandbox.url}/_sandbox/", headers={"Accept": "application/json"})
    assert reply.status_code == 200
    controls = reply.json()["controls"]
    listed = {(c["method"], c["path"]) for c in controls}
    assert ("POST", "/_sandbox/faults") in listed
    assert ("DELETE", "/_sandbox/faults/rules") in listed
    assert reply.json()["docs"] == "/_sandbox/docs"
    assert httpx.get(f"{sandbox.url}/_sandbox/").headers["content-type"] == "application/json"


#: The modules whose route tables make up `/_sandbox/`.
ROUTING_MODULES = ("_control.py", "_account_control.py")


def test_the_index_is_a_page_for_a_browser(sandbox: RunningSandbox) -> None:
    reply = httpx.get(f"{sandbox.url}/_sandbox/", headers={"Accept": "text/html,*/*;q=0.8"})
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "/_sandbox/faults/rules" in reply.text and 'href="/_sandbox/docs"' in reply.text


def test_every_listed_control_is_routed(sandbox: RunningSandbox) -> None:
    for method, path, _ in CONTROLS:
        if method != "GET":  # an OPTIONS-like probe: a wrong method names the allowed ones
            reply = httpx.request("PUT", f"{sandbox.url}/_sandbox/{path}")
            assert reply.status_code == 405 and method in reply.headers["allow"], path
            continue
        assert httpx.get(f"{sandbox.url}/_sandbox/{path}").status_code == 200, path


def test_every_routed_control_is_listed() -> None:
    """The reverse: a control the front routes but the index (and CONTROLS.md) leaves out."""
    package = resources.files("smsmobile_sandbox")
    sources = "".join(package.joinpath(name).read_text() for name in ROUTING_MODULES)
    routed = set(re.findall(r'\("(GET|POST|DELETE)", "([^"]*)"\):', sources))
    assert len(routed) > 20
    assert routed - {(method, path) for method, path, _ in CONTROLS} == set()


def test_retrieval_is_switched_without_a_service_call(sandbox: RunningSandbox) -> None:
    sandbox.control.set_retrieval(True)
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        assert wa.synchronize().is_open()
    assert "/getwa/active/" not in sandbox.control.stats()["requests"]
    assert (
        httpx.post(f"{sandbox.url}/_sandbox/retrieval", json={"enabled": "yes"}).status_code == 400
    )


def test_queued_rules_can_be_cleared_through_the_json_api(sandbox: RunningSandbox) -> None:
    rule = {"match": "/whatsapp/checknumber/", "action": "status", "status": 503, "count": 5}
    assert len(sandbox.control.faults(rules=[rule, rule])["rules"]) == 2
    sandbox.control.faults(rules=[])  # POST appends: an empty list adds nothing
    assert len(sandbox.control.faults()["rules"]) == 2

    settings = sandbox.control.clear_rules()

    assert settings["rules"] == []
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        assert wa.check_number("32470123456").on_whatsapp  # no 503 any more


def test_clearing_rules_keeps_the_settings(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(error_recipients=["32470000000"], rules=[{"action": "latency"}])
    settings = sandbox.control.clear_rules()
    assert settings["error_recipients"] == ["32470000000"] and settings["rules"] == []


def test_a_cross_site_delete_is_refused(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "latency", "seconds": 0.01}])
    reply = httpx.delete(
        f"{sandbox.url}/_sandbox/faults/rules", headers={"Origin": "https://evil.example"}
    )
    assert reply.status_code == 403
    assert len(sandbox.control.faults()["rules"]) == 1


def test_the_docs_are_served_from_the_package(sandbox: RunningSandbox) -> None:
    packaged = resources.files("smsmobile_sandbox").joinpath("CONTROLS.md").read_text()
    reply = httpx.get(f"{sandbox.url}/_sandbox/docs")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/markdown")
    assert reply.text == packaged
    for method, path, _ in CONTROLS:  # every control is documented
        shown = f"/_sandbox/{path}" if path else "/_sandbox/"
        assert shown in packaged, (method, path)


def test_a_sync_with_retrieval_off_is_code_20_over_rest(sandbox: RunningSandbox) -> None:
    with (
        WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa,
        pytest.raises(ServiceError) as off,
    ):
        wa.synchronize()
    assert off.value.code == "20"

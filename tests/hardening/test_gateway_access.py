"""Gateway access (issue 11, items 2, 3 and 7): whole keys, refused set-ups, no client per
guessed key, and a WSDL address no caller can choose."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import zeep

from smsmobile import InvalidRequest, OAuth2ClientCredentials
from smsmobile.__main__ import main
from smsmobile.gateway import GatewayBackend, app_from_env, gateway_keys, make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

TNS = "urn:smsmobile:whatsapp:v1"
KEY_WITH_HASH = "Zx9#kP2qLongSecretPart"
KEY_WITH_COMMA = "alpha,beta-gamma-delta"


def check_number(url: str, apikey: str) -> httpx.Response:
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        f'<soap:Body><CheckNumberRequest xmlns="{TNS}"><apikey>{apikey}</apikey>'
        "<recipients>191728660</recipients></CheckNumberRequest></soap:Body></soap:Envelope>"
    )
    return httpx.post(
        f"{url}/soap", content=envelope, headers={"Content-Type": "text/xml"}, timeout=60
    )


def outcome(reply: httpx.Response) -> str:
    """ "ok", or the ServiceFault's code (not the HTTP status: SOAP 1.1 faults may be 500)."""
    found = re.search(r"<tns:code>([^<]*)</tns:code>", reply.text)
    if found is None:
        assert reply.status_code == 200, reply.text
        return "ok"
    return found.group(1)


@contextmanager
def running(app: Any) -> Iterator[str]:
    server = serve(app)
    server.start()
    try:
        yield server.url
    finally:
        server.close()


def held(sandbox: RunningSandbox, keys: list[str]) -> Any:
    return make_gateway_app(
        sandbox.url,
        oauth2=OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret),
        gateway_keys=keys,
    )


# -- item 2: a key is the whole line, and long ------------------------------------------------


def test_keys_file_keys_are_whole_lines(sandbox: RunningSandbox, tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(f"# callers\n{KEY_WITH_HASH}\n\n{KEY_WITH_COMMA}\n")
    with running(held(sandbox, gateway_keys({}, str(keys_file)))) as url:
        statuses = {
            key: outcome(check_number(url, key))
            for key in (KEY_WITH_HASH, KEY_WITH_COMMA, "Zx9", "alpha", "beta-gamma-delta")
        }
    assert statuses == {
        KEY_WITH_HASH: "ok",
        KEY_WITH_COMMA: "ok",
        "Zx9": "403",
        "alpha": "403",
        "beta-gamma-delta": "403",
    }


def test_the_environment_variable_is_comma_separated() -> None:
    keys = gateway_keys({"SMSMOBILE_GATEWAY_KEYS": "first-env-key-0001, second-env-key-002"})
    assert keys == ["first-env-key-0001", "second-env-key-002"]


def test_a_short_key_refuses_to_start_without_naming_it(sandbox: RunningSandbox) -> None:
    with pytest.raises(InvalidRequest) as refused:
        held(sandbox, ["a-long-enough-key-0001", "Zx9secret"])
    assert refused.value.field == "gateway_keys"
    assert "16 characters" in str(refused.value)
    assert "Zx9secret" not in str(refused.value) and "Zx9secret" not in repr(refused.value)


def test_every_key_is_compared_whole_with_no_early_exit(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [f"gateway-key-number-{n:04d}" for n in range(5)]
    backend = GatewayBackend(
        sandbox.url,
        oauth2=OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret),
        gateway_keys=keys,
    )
    compared: list[int] = []
    real = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append(len(a))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    try:
        assert backend._admitted(keys[0]) is True
        assert backend._admitted(keys[0][:-1]) is False
    finally:
        backend.close()
    assert compared == [32] * 10  # every key, both times, as 32-byte digests


# -- item 3: a set-up that cannot be what the operator meant does not start --------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("SMSMOBILEAPI_API_KEY", "SMSMOBILEAPI_CLIENT_ID", "SMSMOBILEAPI_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name in ("KEYS", "KEYS_FILE", "PUBLIC_URL", "UPSTREAM"):
        monkeypatch.delenv(f"SMSMOBILE_GATEWAY_{name}", raising=False)
    return monkeypatch


def test_a_keys_file_without_credentials_is_a_start_up_error(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text("a-long-enough-key-0001\n")
    code = main(["gateway", "--port", "0", "--keys-file", str(keys_file)])
    err = capsys.readouterr().err
    assert code == 2
    assert "no OAuth2 client credentials" in err and "--client-id" in err
    assert "a-long-enough-key-0001" not in err


def test_env_keys_without_credentials_are_a_start_up_error(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("SMSMOBILE_GATEWAY_KEYS", "a-long-enough-key-0001")
    code = main(["gateway", "--port", "0"])
    assert code == 2
    assert "no OAuth2 client credentials" in capsys.readouterr().err
    with pytest.raises(InvalidRequest, match="no OAuth2 client credentials"):
        app_from_env({"SMSMOBILE_GATEWAY_KEYS": "a-long-enough-key-0001"})


def test_credentials_without_keys_are_a_start_up_error(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--client-id", "id", "--client-secret", "secret", "gateway", "--port", "0"])
    assert code == 2
    assert "gateway keys" in capsys.readouterr().err
    with pytest.raises(InvalidRequest, match="gateway keys"):
        app_from_env({"SMSMOBILEAPI_CLIENT_ID": "id", "SMSMOBILEAPI_CLIENT_SECRET": "secret"})


def test_a_short_key_on_the_command_line_is_a_start_up_error(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("SMSMOBILE_GATEWAY_KEYS", "tiny-key")
    code = main(["--client-id", "id", "--client-secret", "secret", "gateway", "--port", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert "shorter than 16 characters" in err and "tiny-key" not in err


def test_api_key_is_refused_by_the_gateway(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--api-key", "some-upstream-key", "gateway", "--port", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--api-key" in err and "some-upstream-key" not in err


# -- item 7: no upstream client per guessed key; the WSDL address --------------------------------


def test_guessed_keys_do_not_fill_the_client_cache(sandbox: RunningSandbox) -> None:
    app = make_gateway_app(sandbox.url)
    backend: GatewayBackend = app.backend  # type: ignore[attr-defined]
    with running(app) as url:
        guessed = [outcome(check_number(url, secrets.token_hex(12))) for _ in range(254)]
        after_guesses = backend.cached_clients
        accepted = check_number(url, sandbox.api_key)
        again = check_number(url, sandbox.api_key)
        after_one_good_key = backend.cached_clients
    backend.close()
    assert set(guessed) == {"403"}
    assert after_guesses == 0
    assert (outcome(accepted), outcome(again)) == ("ok", "ok")
    assert after_one_good_key == 1


def test_a_foreign_host_header_does_not_reach_the_wsdl(sandbox: RunningSandbox) -> None:
    with running(make_gateway_app(sandbox.url)) as url:
        foreign = httpx.get(f"{url}/soap?wsdl", headers={"Host": "attacker.example"})
        loopback = httpx.get(f"{url}/soap?wsdl")
    assert foreign.status_code == 400 and "attacker.example" not in foreign.text
    assert loopback.status_code == 200 and f'location="{url}/soap"' in loopback.text


def test_a_configured_public_url_wins_over_the_host_header(sandbox: RunningSandbox) -> None:
    app = make_gateway_app(sandbox.url, public_url="https://soap.example.com/gw/")
    with running(app) as url:
        wsdl = httpx.get(f"{url}/soap?wsdl", headers={"Host": "attacker.example"})
        client = zeep.Client(f"{url}/soap?wsdl")
    assert wsdl.status_code == 200
    assert 'location="https://soap.example.com/gw/soap"' in wsdl.text
    assert "attacker.example" not in wsdl.text
    port = next(iter(next(iter(client.wsdl.services.values())).ports.values()))
    assert port.binding_options["address"] == "https://soap.example.com/gw/soap"


@pytest.mark.parametrize("bad", ["ftp://host", "https://", "https://host/?q=1", "not a url"])
def test_a_bad_public_url_is_refused(sandbox: RunningSandbox, bad: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        make_gateway_app(sandbox.url, public_url=bad)
    assert refused.value.field == "public_url"

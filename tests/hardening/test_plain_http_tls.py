"""A client for a plain `http://` base URL loads no CA bundle, and still never trusts a TLS peer:
its context verifies (hostname and chain) against no CA, so any handshake fails."""

from __future__ import annotations

import ssl

import pytest

from smsmobile.transports.rest import _tls_for


def test_a_plain_http_client_trusts_no_certificate() -> None:
    context = _tls_for("HTTP://127.0.0.1:8080")
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0


def test_an_https_client_loads_the_ca_bundle() -> None:
    context = _tls_for("https://api.smsmobileapi.com")
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0


def test_a_plain_http_client_behind_an_environment_proxy_loads_the_ca_bundle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the proxy itself may be https://, and its certificate is checked against the CA bundle
    monkeypatch.setenv("HTTP_PROXY", "https://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    context = _tls_for("http://api.example:8080")
    assert context.cert_store_stats()["x509_ca"] > 0

"""The baselines: what a caller writing raw HTTP by hand would do, with the same keep-alive."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import httpx
import requests
from lxml import etree

from bench._sandbox import API_KEY

NS = "urn:smsmobile:whatsapp:v1"
_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def rest_send(client: httpx.Client, to: str, message: str) -> str:
    """POST /sendsms/ with the form `WhatsApp.send` sends; the guid."""
    response = client.post(
        "/sendsms/",
        data={"recipients": to, "message": message, "apikey": API_KEY, "waonly": "yes"},
    )
    response.raise_for_status()
    result = response.json()["result"]
    if str(result["error"]) != "0":
        raise RuntimeError(result)
    guid: str = result["id"]
    return guid


def rest_messages(client: httpx.Client) -> list[dict[str, Any]]:
    """Every inbound message, paging with `before` until an empty page (as `messages()` does)."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"apikey": API_KEY}
    while True:
        response = client.get("/getwa/", params=params)
        response.raise_for_status()
        page = response.json()
        if not page:
            return found
        found.extend(page)
        params["before"] = min(int(item["timestamp"]) for item in page)


def envelope(operation: str, fields: dict[str, str]) -> bytes:
    inner = "".join(f"<t:{k}>{escape(v)}</t:{k}>" for k, v in fields.items())
    return (
        f'<soap:Envelope xmlns:soap="{_ENV}" xmlns:t="{NS}"><soap:Body>'
        f"<t:{operation}Request>{inner}</t:{operation}Request></soap:Body></soap:Envelope>"
    ).encode()


def _soap_post(session: requests.Session, url: str, operation: str, body: bytes) -> Any:
    response = session.post(
        url,
        data=body,
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{NS}#{operation}"',
        },
        timeout=(5, 30),
    )
    response.raise_for_status()
    return etree.fromstring(response.content, _PARSER)


def soap_error(content: bytes) -> str | None:
    """The `error` element of a SOAP reply."""
    found: str | None = etree.fromstring(content, _PARSER).findtext(f".//{{{NS}}}error")
    return found


def soap_send(session: requests.Session, url: str, to: str, message: str) -> str:
    """POST /soap with a hand-built SendWhatsApp envelope; the guid, read with lxml."""
    fields = {"apikey": API_KEY, "recipients": to, "message": message, "waonly": "yes"}
    root = _soap_post(session, url, "SendWhatsApp", envelope("SendWhatsApp", fields))
    if root.findtext(f".//{{{NS}}}error") != "0":
        raise RuntimeError(etree.tostring(root))
    guid: str = root.findtext(f".//{{{NS}}}id")
    return guid


def soap_messages(session: requests.Session, url: str) -> list[dict[str, str]]:
    """Every inbound message over SOAP, paging with `before`, each as a flat dict."""
    found: list[dict[str, str]] = []
    fields = {"apikey": API_KEY}
    while True:
        root = _soap_post(session, url, "GetMessages", envelope("GetMessages", fields))
        page = [
            {etree.QName(child).localname: child.text or "" for child in item}
            for item in root.iter(f"{{{NS}}}message")
            if len(item)
        ]
        if not page:
            return found
        found.extend(page)
        fields["before"] = str(min(int(item["timestamp"]) for item in page))

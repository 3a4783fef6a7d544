"""`GET /_sandbox/`: the list of the controls, HTML for a browser and JSON otherwise, and
`GET /_sandbox/docs`: their documentation (CONTROLS.md, shipped in the package)."""

from __future__ import annotations

import html
from importlib import resources

from ._http import Request, Response, json_response

__all__ = ["CONTROLS", "controls_docs", "controls_index"]

#: (method, path under /_sandbox/, what it does): every control `ControlFront` answers (a test
#: checks that each is routed).
CONTROLS: tuple[tuple[str, str, str], ...] = (
    ("GET", "", "this list (HTML for a browser, JSON otherwise)"),
    ("GET", "docs", "the controls' documentation (CONTROLS.md, text/markdown)"),
    ("GET", "messages", "stored sends, newest page first (?limit=N&before=GUID)"),
    ("GET", "inbound", "inbound messages on the account"),
    ("POST", "inbound", "receive an inbound message (number, message, contact, message_type)"),
    ("GET", "faults", "current settings and queued fault rules"),
    ("POST", "faults", 'merge settings; append fault rules ({"rules": [...]})'),
    ("DELETE", "faults/rules", "drop every queued fault rule (settings are kept)"),
    ("POST", "tokens/revoke", "revoke every issued OAuth2 token (401 from then on)"),
    ("POST", "tokens/expire", "expire every issued OAuth2 token now"),
    ("GET", "requests", "the last requests (?limit=N), parameter names only"),
    ("GET", "calls", "the service calls as the sandbox recorded them (?limit=N)"),
    ("GET", "webhooks", "webhook deliveries and their attempts"),
    ("POST", "webhooks", 'fire one webhook event ({"type": ..., "data": {...}})'),
    ("POST", "sync/expire", "close the synchronisation window (next /getwa/ gets code 21)"),
    ("POST", "retrieval", 'turn inbound retrieval on or off ({"enabled": true})'),
    ("GET", "account", "the account: phones, received SMS, calls, notifications, mailboxes"),
    ("POST", "phones", "add or change a phone (sid, status, name)"),
    ("POST", "sms", "the phone receives an SMS (number, message, sid, alias, timestamp)"),
    ("POST", "sms/from-phone", "an SMS typed on the phone (joins the sent log)"),
    ("POST", "calls", "record a call (kind missed|incoming|outgoing, number, name, ...)"),
    ("POST", "mailbox", "a mailbox receives an e-mail (from, subject, body, mbox)"),
    ("GET", "stats", "token requests and requests per path"),
    ("POST", "reset", "back to the initial state"),
)


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "application/xhtml+xml" in accept


def controls_index(request: Request) -> Response:
    """The controls as JSON (`{"controls": [...], "docs": ...}`) or a small HTML page."""
    if not _wants_html(request):
        controls = [
            {"method": method, "path": f"/_sandbox/{path}", "does": does}
            for method, path, does in CONTROLS
        ]
        return json_response(200, {"controls": controls, "docs": "/_sandbox/docs"})
    rows = "\n".join(
        f"<tr><td>{method}</td><td><code>/_sandbox/{html.escape(path)}</code></td>"
        f"<td>{html.escape(does)}</td></tr>"
        for method, path, does in CONTROLS
    )
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>sandbox controls</title>"
        "<h1>smsmobile sandbox: controls</h1>"
        '<p>JSON, no auth. <a href="/_sandbox/docs">Documentation</a> (CONTROLS.md); '
        '<a href="/">the inspector</a>.</p>'
        f"<table><tr><th>method</th><th>path</th><th>does</th></tr>\n{rows}\n</table></html>"
    )
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept")]
    return Response(200, page.encode("utf-8"), headers)


def controls_docs(request: Request) -> Response:
    """CONTROLS.md, read from the installed package."""
    text = resources.files(__package__).joinpath("CONTROLS.md").read_bytes()
    return Response(200, text, [("Content-Type", "text/markdown; charset=utf-8")])

"""The inspector's HTML, rendered on the server from one snapshot of the state.

Everything the page shows comes through `html.escape` first; WhatsApp formatting is applied to
the escaped text, so a message can never inject markup. No credential is rendered.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from ._inspector_account import account_panel

_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")
#: What one page shows at most: the newest chats, and the newest messages of one chat.
SHOWN_CHATS = 200
SHOWN_MESSAGES = 200
CHANNELS = {"whatsapp": "WhatsApp", "sms": "SMS", "whatsapp+sms": "WhatsApp + SMS"}
AUTHS = {"apikey": "API key", "oauth2": "OAuth2"}


def whatsapp_html(text: str) -> str:
    """WhatsApp's *bold* _italic_ ~strike~ and ```mono```, on HTML-escaped text."""
    parts = text.split("```")
    rendered: list[str] = []
    for index, part in enumerate(parts):
        escaped = html.escape(part)
        if index % 2 == 1 and index < len(parts) - 1:
            rendered.append(f"<code>{escaped}</code>")
            continue
        if index % 2 == 1:  # an opening ``` that is never closed stays as typed
            escaped = "```" + escaped
        escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
        escaped = _ITALIC.sub(r"<em>\1</em>", escaped)
        rendered.append(_STRIKE.sub(r"<del>\1</del>", escaped))
    return "".join(rendered)


def mask(secret: str) -> str:
    """Enough to recognise a credential, never enough to use it."""
    return (secret[:2] if len(secret) >= 8 else "") + "\u2022" * 8


def e(value: object) -> str:
    return html.escape(str(value))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one page shows, copied under the store's lock."""

    messages: list[dict[str, Any]]
    inbound: list[dict[str, Any]]
    settings: dict[str, Any]
    rules: list[dict[str, Any]]
    retrieval_enabled: bool
    sync_expires_at: float | None
    tokens: list[tuple[float, bool]]
    api_key: str
    client_id: str
    client_secret: str
    requests: list[dict[str, Any]]
    webhook_url: str | None
    deliveries: list[dict[str, Any]]
    arrival: dict[str, int]  # guid -> order in which the sandbox stored it
    account: dict[str, Any] = field(default_factory=dict)  # issue 22: _account_control


def _outbound_time(message: dict[str, Any]) -> float:
    return (
        datetime.strptime(message["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        .replace(tzinfo=UTC)
        .timestamp()
    )


def conversations(snapshot: Snapshot) -> dict[str, list[tuple[float, str, dict[str, Any]]]]:
    """Number -> its messages (time, "out"|"in", record), oldest first; newest chat first."""
    chats: dict[str, list[tuple[float, str, dict[str, Any]]]] = {}
    for message in snapshot.messages:
        chats.setdefault(message["recipients"], []).append(
            (_outbound_time(message), "out", message)
        )
    for record in snapshot.inbound:
        chats.setdefault(record["number"], []).append((float(record["timestamp"]), "in", record))
    arrival = snapshot.arrival
    for timeline in chats.values():  # times are whole seconds: arrival order breaks ties
        timeline.sort(key=lambda item: (item[0], arrival.get(item[2]["guid"], 0)))
    return dict(sorted(chats.items(), key=lambda chat: chat[1][-1][0], reverse=True))


def _hidden(csrf: str, number: str | None) -> str:
    fields = f'<input type="hidden" name="csrf" value="{e(csrf)}">'
    if number:
        fields += f'<input type="hidden" name="number" value="{e(number)}">'
    return fields


def _form(action: str, csrf: str, number: str | None, inner: str, css: str = "") -> str:
    return (
        f'<form method="post" action="/_sandbox/ui/{action}" class="{css}">'
        f"{_hidden(csrf, number)}{inner}</form>"
    )


def _chat_list(chats: dict[str, list[Any]], selected: str | None) -> str:
    if not chats:
        return '<p class="empty">No conversations yet. Send a message with the SDK.</p>'
    items = []
    for number, timeline in list(chats.items())[:SHOWN_CHATS]:
        _, direction, last = timeline[-1]
        preview = ("\u2190 " if direction == "in" else "\u2192 ") + last["message"][:60]
        current = ' aria-current="page"' if number == selected else ""
        items.append(
            f'<li><a href="/?number={quote(number)}"{current} data-number="{e(number)}">'
            f'<span class="avatar">{e(number[-2:])}</span><span class="who">+{e(number)}'
            f'<small>{e(preview)}</small></span><span class="count">{len(timeline)}</span></a></li>'
        )
    return '<ul class="chats">' + "".join(items) + "</ul>"


def _badge(text: str, kind: str) -> str:
    return f'<span class="badge {kind}">{e(text)}</span>'


def _outbound(message: dict[str, Any]) -> str:
    status = message["status"]
    if status == "sent" and message["attempts"] > 1:
        status = "resent"
    badges = [
        _badge(CHANNELS.get(message["channel"], message["channel"]), "channel"),
        _badge(status, "status-" + status),
        _badge(AUTHS.get(message["auth"], message["auth"]), "auth"),
    ]
    if message.get("via") == "soap":
        badges.append(_badge("via SOAP", "auth"))
    if message.get("sIdentifiant"):  # the phone the send named (several phones, --phones N)
        badges.append(_badge("phone " + str(message["sIdentifiant"]), "auth"))
    extra = []
    if message.get("url_media"):
        url = message["url_media"]
        extra.append(
            f'<a class="media" href="{e(url)}" rel="noopener noreferrer nofollow" '
            f'target="_blank">{e(url.rsplit("/", 1)[-1][:60])}</a>'
        )
        if message.get("pdf_with_image"):
            extra.append(_badge("PDF preview", "flag"))
    if message.get("schedule_timestamp") is not None:
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(message["schedule_timestamp"]))
        extra.append(_badge("scheduled for " + when, "flag"))
    return (
        f'<div class="bubble out" data-guid="{e(message["guid"])}" data-status="{e(status)}">'
        f'<div class="text">{whatsapp_html(message["message"])}</div>'
        f'<div class="extra">{"".join(extra)}</div>'
        f'<div class="meta">{"".join(badges)}<time>{e(message["created_at"][11:16])}</time>'
        "</div></div>"
    )


def _inbound(record: dict[str, Any]) -> str:
    audio = record.get("message_type") == "audio"
    label = _badge("voice, transcribed", "flag") if audio else ""
    contact = f'<div class="contact">{e(record["contact"])}</div>' if record.get("contact") else ""
    return (
        f'<div class="bubble in" data-guid="{e(record["guid"])}">{contact}'
        f'<div class="text">{whatsapp_html(record["message"])}</div>'
        f'<div class="meta">{label}<time>{e(record["hour"][:5])}</time></div></div>'
    )


def _conversation(chats: dict[str, list[Any]], number: str | None, csrf: str) -> str:
    if number is None:
        return '<div class="thread empty"><p>Pick a conversation, or start one below.</p></div>'
    timeline = chats.get(number, [])
    older = len(timeline) - SHOWN_MESSAGES
    bubbles = "".join(
        _outbound(record) if direction == "out" else _inbound(record)
        for _, direction, record in timeline[-SHOWN_MESSAGES:]
    )
    if older > 0:  # a bulk run must not make a page of megabytes: the JSON controls have all
        bubbles = (
            f'<p class="muted older">{older} older messages: see '
            f'<a href="/_sandbox/messages">/_sandbox/messages</a></p>' + bubbles
        )
    return f'<div class="thread" id="thread" data-number="{e(number)}">{bubbles}</div>'


def _reply_box(number: str | None, csrf: str) -> str:
    to = (
        ""
        if number
        else '<input name="number" placeholder="from number, e.g. 32470123456" required>'
    )
    inner = (
        f'{to}<input name="contact" placeholder="contact name" class="contact-name">'
        '<textarea name="message" placeholder="Reply as the customer\u2026" required></textarea>'
        '<select name="message_type" aria-label="kind"><option value="text">text</option>'
        '<option value="audio">audio (arrives transcribed)</option></select>'
        '<button type="submit" id="reply-send">Send as customer</button>'
    )
    return _form("reply", csrf, number, inner, "reply")


def _toggle(action: str, label: str, on: bool, csrf: str, number: str | None, state: str) -> str:
    value = "off" if on else "on"
    button = f'<button name="state" value="{value}" class="switch {"on" if on else "off"}">'
    return _form(action, csrf, number, f"{button}<span></span>{e(label)}: {e(state)}</button>")


def _button(name: str, value: str, label: str) -> str:
    return f'<button name="{name}" value="{value}">{e(label)}</button>'


def _state_panel(snapshot: Snapshot, csrf: str, number: str | None) -> str:
    now = time.time()
    sync = snapshot.sync_expires_at
    window = f"open, {int(sync - now)} s left" if sync and sync > now else "closed"
    active = sum(1 for expires, revoked in snapshot.tokens if not revoked and expires > now)
    errors = ", ".join(snapshot.settings["error_recipients"])
    rules = "".join(
        f"<li>{e(rule['action'])} {e(rule['match'] or 'every path')} \u00d7{e(rule['count'])}"
        + (f" ({e(rule['status'])})" if rule["action"] == "status" else "")
        + "</li>"
        for rule in snapshot.rules
    )
    queued = f'<ul class="rules">{rules}</ul>' if rules else '<p class="muted">No fault queued.</p>'

    def fault(kind: str, label: str, fields: str) -> str:
        inner = (
            f'<input type="hidden" name="kind" value="{kind}"><button>{e(label)}</button>'
            f"<span>{fields}</span>"
        )
        return _form("fault", csrf, number, inner, "fault")

    count = (
        'next <input name="count" type="number" min="1" max="1000" value="1" aria-label="requests">'
    )
    return "".join(
        [
            "<h2>Account</h2>",
            '<dl class="creds">',
            f"<dt>API key</dt><dd>{e(mask(snapshot.api_key))}</dd>",
            f"<dt>OAuth2 client</dt><dd>{e(snapshot.client_id)} / "
            f"{e(mask(snapshot.client_secret))}</dd>",
            f"<dt>Tokens</dt><dd>{active} active of {len(snapshot.tokens)}</dd></dl>",
            _toggle(
                "retrieval",
                "Retrieval",
                snapshot.retrieval_enabled,
                csrf,
                number,
                "on" if snapshot.retrieval_enabled else "off",
            ),
            _toggle("sync", "Sync window", bool(sync and sync > now), csrf, number, window),
            '<div class="row">',
            _form("tokens", csrf, number, _button("kind", "expire", "Expire tokens")),
            _form("tokens", csrf, number, _button("kind", "revoke", "Revoke tokens")),
            "</div><h2>Faults</h2>",
            fault(
                "error_recipients",
                "Set",
                f'error recipients <input name="numbers" value="{e(errors)}" '
                'placeholder="32470000000, ..." aria-label="error recipients">',
            ),
            fault(
                "too_many",
                "429",
                count + ' Retry-After <input name="retry_after" type="number" min="0" '
                'max="86400" value="2" aria-label="Retry-After"> s',
            ),
            fault(
                "latency",
                "Delay",
                count + ' by <input name="seconds" type="number" min="0" max="60" step="0.1" '
                'value="2" aria-label="seconds"> s',
            ),
            fault("drop", "Drop", count + " no reply at all"),
            fault("status_503", "503", count),
            queued,
            _form(
                "fault",
                csrf,
                number,
                '<input type="hidden" name="kind" value="clear">'
                '<button class="secondary">Clear queued faults</button>',
            ),
            _form("reset", csrf, None, '<button class="danger">Reset sandbox</button>'),
        ]
    )


def _activity(snapshot: Snapshot) -> str:
    rows = "".join(
        f"<tr><td>{e(r['time'][11:19])}</td><td>{e(r['method'])}</td><td>{e(r['path'])}</td>"
        f'<td>{e(r["auth"])}</td><td class="s{str(r["status"])[0]}">{e(r["status"])}</td>'
        f"<td>{e(r['ms'])}</td></tr>"
        for r in reversed(snapshot.requests)
    )
    log = (
        '<table class="log"><thead><tr><th>time</th><th></th><th>path</th><th>auth</th>'
        f"<th>status</th><th>ms</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else '<p class="muted">No request yet.</p>'
    )
    if snapshot.webhook_url is None:
        hooks = '<p class="muted">Off: start with --webhook-url URL --webhook-secret S.</p>'
    else:
        items = "".join(
            f'<li class="{e(d["state"])}"><b>{e(d["type"])}</b> {e(d["state"])} '
            + " ".join(e(a.get("status", a.get("error", "?"))) for a in d["attempts"])
            + "</li>"
            for d in reversed(snapshot.deliveries)
        )
        hooks = f'<p class="muted">to {e(snapshot.webhook_url)}</p><ul class="hooks">{items}</ul>'
    return f"<h2>Webhooks</h2>{hooks}<h2>Requests</h2>{log}"


def page(snapshot: Snapshot, selected: str | None, csrf: str, notice: str | None = None) -> str:
    """The whole inspector page; the `data-live` parts are what the script refreshes."""
    chats = conversations(snapshot)
    number = next(iter(chats), None) if selected is None else (selected or None)
    title = f"+{number}" if number else "New conversation"
    flash = f'<p class="notice" role="alert">{e(notice)}</p>' if notice else ""
    return _PAGE.format(
        chats=_chat_list(chats, number),
        title=e(title),
        thread=_conversation(chats, number, csrf),
        reply=_reply_box(number, csrf),
        state=_state_panel(snapshot, csrf, number),
        activity=account_panel(snapshot.account, csrf) + _activity(snapshot),
        notice=flash,
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>smsmobile sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_sandbox/ui/static/inspector.css">
<script src="/_sandbox/ui/static/inspector.js" defer></script>
</head><body>
<header><h1>smsmobile <span>sandbox</span></h1>
<nav><a href="/">Inspector</a> <a href="/_sandbox/messages">messages</a>
<a href="/_sandbox/requests">requests</a> <a href="/_sandbox/webhooks">webhooks</a>
<a href="/soap?wsdl">WSDL</a></nav></header>
{notice}
<main>
<aside class="sidebar"><h2>Chats</h2><div data-live="chats">{chats}</div>
<p><a href="/?new=1" class="new">+ new conversation</a></p></aside>
<section class="conversation"><h2 class="title" data-live="title">{title}</h2>
<div data-live="thread">{thread}</div>{reply}</section>
<aside class="panel"><div data-live="state">{state}</div>
<div data-live="activity">{activity}</div></aside>
</main></body></html>
"""

"""`smsmobile inbox watch --sms`: poll for received SMS and print each new one once, with the
same stream convention as the WhatsApp watch (`_watch`): a table line, or with --json one JSON
object per line (JSON Lines), oldest first.

SMS need no retrieval switch and no synchronisation window. Each poll asks `/getsms/` for what
arrived after the newest SMS seen, less one second (`since` is strictly after, and two SMS can
share a second); an SMS is printed once by its `id` (the service's number for the record),
remembered in the same --state file as the WhatsApp GUIDs (as `sms:<id>`), so a restarted
watch prints nothing twice. Errors are waited out as the WhatsApp watch does.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from .._errors import AuthenticationError, RateLimited, ServiceError, TransportError
from .._json import to_json, utc_text
from .._signals import on_signals
from ._watch import SeenGuids, WatchOptions, _backoff, _warn

if TYPE_CHECKING:
    from .._account import SmsMobile
    from .._derived.replies import ReceivedSms

__all__ = ["sms_document", "watch_sms"]


def sms_document(sms: ReceivedSms) -> dict[str, object]:
    """A received SMS as a JSON object: its fields, absent ones left out, plus its unix
    `timestamp` (as the WhatsApp watch's lines have) when the service gave the time."""
    document = {key: value for key, value in to_json(sms).items() if value is not None}
    if sms.received_at is not None:
        document["timestamp"] = int(sms.received_at.timestamp())
    return document


def _line(sms: ReceivedSms, json_lines: bool) -> str:
    if json_lines:
        return json.dumps(sms_document(sms), ensure_ascii=False)
    received = "" if sms.received_at is None else utc_text(sms.received_at)[:19].replace("T", " ")
    text = " / ".join(sms.message.splitlines())
    return f"{received:<20}  {sms.number:<15}  {(sms.alias or '')[:16]:<16}  {text}"


def watch_sms(
    client: SmsMobile,
    options: WatchOptions,
    *,
    out: IO[str] | None = None,
    warn: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    sleep: Callable[[float], object] | None = None,
) -> int:
    """Poll until stopped (Ctrl-C, SIGTERM, `stop`) or `max_polls`: 0, or 130 on a signal."""
    stream = out or sys.stdout
    say = warn or _warn
    seen = SeenGuids(options.state_path)
    stop = stop or threading.Event()
    pause = sleep or stop.wait
    newest: int | None = None
    failures = 0
    polls = 0
    signalled = threading.Event()

    def interrupted() -> None:
        signalled.set()
        stop.set()

    with on_signals(interrupted, (signal.SIGINT, signal.SIGTERM), off_thread=True):
        while not stop.is_set():
            polls += 1
            delay = options.interval
            try:
                since = None if newest is None else max(newest - 1, 0)
                arrived = list(client.sms.received(since=since))
            except ServiceError as error:
                if error.http_status is None or error.http_status < 500:
                    raise
                failures += 1
                delay = _backoff(options.interval, failures)
                say(f"{error}; retrying in {delay:.1f} s")
            except AuthenticationError:
                raise
            except (TransportError, RateLimited) as error:
                failures += 1
                delay = _backoff(options.interval, failures)
                if isinstance(error, RateLimited) and error.retry_after:
                    delay = max(delay, error.retry_after)
                say(f"{error}; retrying in {delay:.1f} s")
            else:
                failures = 0
                arrived.sort(key=lambda sms: (sms.received_at is None, sms.received_at, sms.id))
                for sms in arrived:
                    if sms.received_at is not None:
                        moment = int(sms.received_at.timestamp())
                        newest = moment if newest is None else max(newest, moment)
                    key = f"sms:{sms.id}"
                    if key in seen:
                        continue
                    stream.write(_line(sms, options.json_lines) + "\n")
                    seen.add(key)
                stream.flush()
            finally:
                seen.save()
            if options.max_polls is not None and polls >= options.max_polls:
                break
            pause(delay)
    return 130 if signalled.is_set() else 0

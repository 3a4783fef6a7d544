"""Regenerate the README's picture of the inspector: `make screenshot` (writes docs/inspector.png).

A sandbox with a small, realistic conversation (sent over REST, OAuth2 and SOAP, a failed send,
a PDF, replies typed and spoken), webhooks delivered to a local receiver, one fault queued; then
headless Chromium takes the picture.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browser_support import missing_reason, screenshot, start_chromium

from smsmobile import ApiKey, OAuth2ClientCredentials, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

NUMBER = "32470123456"


class _Accept(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _story(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(error_recipients=["32470999999"])
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        wa.send(NUMBER, "Hi Ann, your order *#1042* has _shipped_")
        wa.send(
            NUMBER,
            "Here is your invoice",
            media_url="https://example.com/invoices/1042.pdf",
            pdf_preview=True,
        )
        wa.send("32470999999", "Reminder: your appointment is ~today~ tomorrow")
        wa.send("447700900123", "Your code is ```493 201```")
    sandbox.control.inject_inbound(number=NUMBER, contact="Ann", message="Thanks! *Great* news")
    sandbox.control.inject_inbound(
        number=NUMBER, contact="Ann", message="Can it come before noon?", message_type="audio"
    )
    oauth = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    with WhatsApp(auth=oauth, base_url=sandbox.url) as wa:
        wa.send(NUMBER, "Yes: the driver arrives between 9 and 11.", also_sms=True)
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport="soap") as wa:
        wa.send(NUMBER, "Sent from the ERP, over SOAP")
        wa.set_retrieval(True)
        wa.synchronize()
    sandbox.control.faults(rules=[{"action": "status", "status": 429, "retry_after": 2}])


def main(target: str) -> int:
    reason = missing_reason()
    if reason is not None:
        print(f"cannot take the screenshot: {reason}", file=sys.stderr)
        return 1
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Accept)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/webhooks"
    try:
        with run_sandbox(webhook_url=hook, webhook_secret="whsec_screenshot") as sandbox:
            _story(sandbox)
            driver = start_chromium()
            try:
                driver.set_window_size(1400, 900)
                driver.get(f"{sandbox.url}/?number={NUMBER}")
                driver.find_element("css selector", ".bubble.in")
                path = screenshot(driver, Path(target))
            finally:
                driver.quit()
    finally:
        receiver.shutdown()
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/inspector.png"))

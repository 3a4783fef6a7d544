"""`python -m smsmobile.demo` (`make demo`): a tour against the sandbox: send (REST and SOAP),
check a number, an OAuth2 token, receive (inbox, and a bounded `inbox watch`), resend, bulk,
the async client, and webhooks (a receiver and a signed event).

Starts the sandbox on a free port, then runs `smsmobile` commands as a person would, each shown
as `$ smsmobile ...` before its output (the async step shows its Python and runs it). Secrets
are the sandbox's well-known ones. The sandbox is stopped at the end, also when a step fails;
the exit code is 1 if any step failed. `make demo` runs it in a venv of its own holding only
the product and its extras (`pip install -e '.[all]'`), not the test tools.
"""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["main"]

API_KEY = "sandbox-key"
CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"  # noqa: S105 (the sandbox's published demo secret)
CUSTOMER = "32470123456"
FAILING = "32470999999"


class StepFailed(Exception):
    """A demo command did not do what the demo shows."""


@contextmanager
def running_sandbox() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`python -m smsmobile_sandbox --port 0` as a child process; its URL; always stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile_sandbox", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"https?://\S+", line)
        if found is None:
            raise StepFailed(f"the sandbox did not start (it printed {line!r})")
        yield found.group(0).rstrip("/"), process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


ASYNC_EXAMPLE = """\
import asyncio

from smsmobile import AsyncWhatsApp


async def main() -> None:
    async with AsyncWhatsApp.from_env() as wa:  # SMSMOBILEAPI_BASE_URL, SMSMOBILEAPI_API_KEY
        sent = await asyncio.gather(
            wa.send("+32 470 12 34 56", "Your order has shipped"),
            wa.send("+1 917 286 60", "Your order has shipped"),
        )
        print(len({message.guid for message in sent}), "sent")


asyncio.run(main())
"""


@contextmanager
def webhook_receiver(secret: str) -> Iterator[tuple[str, Callable[[], str]]]:
    """`smsmobile webhook serve` as a child process: its URL, and a call that waits for the
    next event line it prints; stopped (Ctrl-C) at the end."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "smsmobile", "webhook", "serve", "--secret", secret, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"https?://\S+", line)
        if found is None:
            raise StepFailed(f"the webhook receiver did not start (it printed {line!r})")
        yield found.group(0), process.stdout.readline
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Demo:
    def __init__(self, url: str) -> None:
        self.url = url
        self.failures: list[str] = []

    def heading(self, title: str, explanation: str) -> None:
        print(f"\n== {title} ==\n{explanation}\n", flush=True)

    def smsmobile(self, *argv: str, expect: int = 0, quiet: bool = False) -> str:
        """Run `smsmobile argv` as a user would, show it and its output; its stdout."""
        shown = " ".join(_quote(arg) for arg in argv)
        print(f"$ smsmobile {shown}", flush=True)
        done = subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "smsmobile", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        sys.stdout.write(done.stderr)  # bad rows, warnings: they come first as the run goes
        if not quiet:
            sys.stdout.write(done.stdout)
        sys.stdout.flush()
        if done.returncode != expect:
            raise StepFailed(f"`smsmobile {shown}` exited {done.returncode}, expected {expect}")
        return done.stdout

    def control(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        import httpx

        response = httpx.request(method, f"{self.url}/_sandbox/{path}", json=payload, timeout=10)
        response.raise_for_status()
        return response.json()

    def step(self, name: str, body: Any) -> None:
        try:
            body()
        except (StepFailed, subprocess.SubprocessError, OSError) as error:
            print(f"!! step failed: {error}", flush=True)
            self.failures.append(name)
        except Exception as error:  # e.g. an HTTP error from the sandbox's control endpoints
            print(f"!! step failed: {type(error).__name__}: {error}", flush=True)
            self.failures.append(name)


def main(argv: Sequence[str] | None = None) -> int:
    with running_sandbox() as (url, _), tempfile.TemporaryDirectory() as workdir:
        print(f"The sandbox (a local emulator of SMSMobileAPI) is listening on {url}.")
        demo = Demo(url)
        key = ("--base-url", url, "--api-key", API_KEY)
        oauth = ("--base-url", url, "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET)

        def send_rest() -> None:
            demo.heading(
                "Send a WhatsApp message with an attachment (REST, API key)",
                "The command prints the message's GUID: the phone accepted the job.",
            )
            demo.smsmobile(
                *key,
                "send",
                "--to",
                "+32 470 12 34 56",
                "--message",
                "Your invoice is attached, *thank you*!",
                "--media",
                "https://example.com/invoice.pdf",
                "--pdf-preview",
            )

        def send_soap() -> None:
            demo.heading(
                "Send over SOAP with OAuth2 client credentials",
                "Same command, other wire format and credentials: the token is fetched for you.",
            )
            demo.smsmobile(
                "--transport",
                "soap",
                *oauth,
                "send",
                "--to",
                CUSTOMER,
                "--message",
                "Sent over SOAP",
            )

        def inbound() -> None:
            demo.heading(
                "Receive a reply",
                "Retrieval is off by default; once on, synchronise and read the inbox.",
            )
            demo.smsmobile(*key, "retrieval", "on")
            reply = {"number": CUSTOMER, "contact": "Ann", "message": "Got it, thanks!"}
            print(f"(the customer answers: POST {url}/_sandbox/inbound {reply})", flush=True)
            demo.control("POST", "inbound", reply)
            demo.smsmobile(*key, "sync")
            if "Got it, thanks!" not in demo.smsmobile(*key, "inbox"):
                raise StepFailed("the reply is not in the inbox")

        def check_and_token() -> None:
            demo.heading(
                "Check a number, and fetch an OAuth2 token",
                "`check` says whether a number is on WhatsApp; `token` shows when a token expires "
                "(the token itself only with --show-token). Times are ISO 8601 UTC.",
            )
            demo.smsmobile(*key, "check", CUSTOMER)
            demo.smsmobile(*oauth, "--json", "token")

        def watch() -> None:
            demo.heading(
                "Watch the inbox (bounded here with --max-polls)",
                "Each new message is printed once; --state remembers them across restarts.",
            )
            demo.control("POST", "inbound", {"number": CUSTOMER, "message": "One more thing"})
            state = str(Path(workdir) / "watch.json")
            printed = demo.smsmobile(*key, "inbox", "watch", "--max-polls", "1", "--state", state)
            if "One more thing" not in printed:
                raise StepFailed("the watch did not print the new message")

        def async_client() -> None:
            demo.heading(
                "The async client",
                "AsyncWhatsApp is WhatsApp for asyncio: the same arguments, awaited.",
            )
            print(ASYNC_EXAMPLE, flush=True)
            done = subprocess.run(  # noqa: S603 (our own interpreter)
                [sys.executable, "-c", ASYNC_EXAMPLE],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                env={**os.environ, "SMSMOBILEAPI_BASE_URL": url, "SMSMOBILEAPI_API_KEY": API_KEY},
            )
            sys.stdout.write(done.stdout + done.stderr)
            if done.returncode != 0 or "2 sent" not in done.stdout:
                raise StepFailed("the async example failed")

        def webhooks() -> None:
            demo.heading(
                "Webhooks: a receiver, and a signed test event",
                "`webhook serve` verifies each delivery's signature and prints the event; "
                "`webhook trigger` sends a signed sample.",
            )
            secret = "whsec_demo"  # noqa: S105 (a throwaway demo secret)
            print(f"$ smsmobile webhook serve --secret {secret} --port 0 &", flush=True)
            with webhook_receiver(secret) as (receiver_url, events):
                demo.smsmobile(
                    "webhook", "trigger", "whatsapp.received", "--to", receiver_url,
                    "--secret", secret,
                )  # fmt: skip
                event = events()
                print(f"(the receiver printed: {event.strip()})", flush=True)
                if '"whatsapp.received"' not in event:
                    raise StepFailed("the receiver did not print the event")

        def resend() -> None:
            demo.heading(
                "Resend a message that failed",
                "The sandbox marks sends to one number as errored; `resend` sends it again.",
            )
            print(f"(POST {url}/_sandbox/faults {{'error_recipients': ['{FAILING}']}})")
            demo.control("POST", "faults", {"error_recipients": [FAILING]})
            guid = demo.smsmobile(*key, "send", "--to", FAILING, "--message", "Try again").strip()
            demo.smsmobile(*key, "resend", guid)

        def bulk() -> None:
            demo.heading(
                "Send a CSV file in bulk",
                "Bad rows are reported by line and never sent; re-running resumes from the "
                "journal (exit code 2 says some rows were invalid).",
            )
            path = Path(workdir) / "customers.csv"
            with path.open("w", newline="", encoding="utf-8") as stream:
                writer = csv.writer(stream)
                writer.writerow(["recipient", "message", "media_url"])
                writer.writerow(["+32 470 00 00 01", "Hello Ann", ""])
                writer.writerow(["32470000002", "Hello Bob", "https://example.com/menu.png"])
                writer.writerow(["12", "not a number", ""])
                writer.writerow(["32470000004", "Hello Dan", ""])
                writer.writerow(["32470000005", "Hello Eve", ""])
            journal = str(Path(workdir) / "customers.db")
            demo.smsmobile(*key, "bulk", str(path), "--journal", journal, "--rate", "0", expect=2)
            demo.smsmobile(*key, "bulk", str(path), "--journal", journal, "--report")

        def stored() -> None:
            demo.heading(
                "What the sandbox received",
                "Every message the emulated service stored, as a short table.",
            )
            messages = demo.control("GET", "messages")["messages"]
            print(f"{'RECIPIENT':<13} {'VIA':<5} {'AUTH':<7} {'STATUS':<7} {'TRIES':<5} MESSAGE")
            for message in messages:
                print(
                    f"{message['recipients']:<13} {message['via']:<5} {message['auth']:<7} "
                    f"{message['status']:<7} {message['attempts']:<5} {message['message'][:40]}"
                )

        for name, body in (
            ("send over REST", send_rest),
            ("send over SOAP", send_soap),
            ("check and token", check_and_token),
            ("inbound", inbound),
            ("inbox watch", watch),
            ("resend", resend),
            ("bulk", bulk),
            ("async", async_client),
            ("webhooks", webhooks),
            ("stored messages", stored),
        ):
            demo.step(name, body)
    print()
    if demo.failures:
        print(f"The demo FAILED at: {', '.join(demo.failures)}.", flush=True)
        return 1
    print("The demo ran every step; the sandbox is stopped.", flush=True)
    return 0


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w@%+=:,./-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


if __name__ == "__main__":
    sys.exit(main())

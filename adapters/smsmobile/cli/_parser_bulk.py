"""The parser of `smsmobile bulk` (its long description says how a run resumes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _arg_types as arg_types

__all__ = ["add_bulk_command"]


def add_bulk_command(command: Callable[..., Any]) -> None:
    """Add `bulk` through `build_parser`'s `command` (which knows the parents)."""
    bulk = command(
        "bulk",
        "send one message per row of a CSV file, resumably",
        "Send one WhatsApp message per row of FILE.csv, with columns recipient,message and\n"
        "optionally media_url, named in a header row (other columns are ignored; other names\n"
        "with --to-column, --message-column, --media-column). The delimiter (, ; tab |) is\n"
        "found from the header, or given with --delimiter. The file is streamed, never loaded.\n"
        "Every row is validated first: bad rows are reported with their line number, recorded\n"
        "as invalid and never sent. The good rows are then sent by --workers threads under\n"
        "one client-side rate limit; failures and 429 pauses are shown as they happen.\n"
        "--devices spreads them over the account's phones, each under its own rate limit; the\n"
        "journal records the phone that took each row, and the summary counts them by phone.\n\n"
        "The journal (SQLite, 0600) is the run's only state; a row is known by its content\n"
        "(recipient, message, media), not its line, and two equal rows are sent once.\n"
        "Re-running the same command resumes: accepted rows are never sent again, even if\n"
        "the file was edited; a row whose outcome is unknown (the reply was lost, or the run\n"
        "was killed mid-request) is not resent unless --retry-unknown; a row the service\n"
        "refused is not resent unless --retry-failed. A 429 pauses the whole run and\n"
        "re-queues the row; refused credentials stop the run (exit 3) and leave the rest\n"
        "pending. The journal remembers the file (path, size, first KB) and refuses another\n"
        "one unless --force. One run at a time per journal: a second one refuses at once.\n"
        "Ctrl-C or SIGTERM starts no new row, lets the requests in flight finish (30 s at\n"
        "most; Ctrl-C again to stop at once: they are recorded unknown), prints the summary\n"
        "and the command that resumes, and exits 130.\n\n"
        "--json: a run is a stream, written as JSON Lines (one object per row outcome or\n"
        "event, then a summary object); --report --json is one JSON document.\n\n"
        "bulk exit codes: 0 every row accepted; 5 some rows' outcome is unknown; else 4 some\n"
        "rows failed; else 2 some rows are invalid or duplicates (the good ones were all\n"
        "accepted); 2 also for an unreadable file or a journal in use; 3 credentials refused\n"
        "(run stopped); 130 interrupted. --report exits 0; --validate-only exits 0 when every\n"
        "row is valid, else 2.",
        "examples:\n"
        "  smsmobile bulk customers.csv --journal customers.db --rate 30/min\n"
        "  smsmobile bulk customers.csv --journal customers.db --devices all --rate 20/min\n"
        "  smsmobile bulk customers.csv --journal customers.db --validate-only\n"
        "  smsmobile bulk customers.csv --journal customers.db --report\n"
        "  smsmobile bulk customers.csv --journal customers.db --retry-failed\n"
        "  smsmobile bulk customers.csv --journal customers.db --resend-undelivered\n"
        "  smsmobile bulk export.csv --journal export.db --to-column phone --message-column text",
    )
    bulk.add_argument("csv", metavar="FILE.csv", help="recipient,message[,media_url] with a header")
    bulk.add_argument(
        "--journal", required=True, metavar="FILE.db", help="the SQLite journal to create or resume"
    )
    bulk.add_argument(
        "--rate",
        type=arg_types.rate,
        default=60.0,
        metavar="N/min",
        help="at most N sends a minute, shared by the workers, per phone with --devices "
        "(default 60/min; also N/s, N/h; 0 = unlimited)",
    )
    bulk.add_argument(
        "--devices",
        type=arg_types.devices,
        metavar="all|SID,...",
        help="spread the rows over the account's phones: every connected one (all) or these "
        "SIDs (smsmobile devices); --rate is then per phone, and a phone whose send is "
        "refused or ends unknown takes no more rows while the others go on",
    )
    bulk.add_argument(
        "--workers",
        type=arg_types.positive_int,
        default=4,
        metavar="K",
        help="concurrent requests (default 4)",
    )
    bulk.add_argument(
        "--retry-unknown",
        action="store_true",
        help="send again the rows whose outcome is unknown (may duplicate them)",
    )
    bulk.add_argument(
        "--retry-failed",
        action="store_true",
        help="send again the rows the service refused (an error code or HTTP 4xx: they never "
        "reached the phone)",
    )
    bulk.add_argument(
        "--force",
        action="store_true",
        help="continue a journal with a different or changed CSV file (accepted rows are "
        "still never sent again)",
    )
    bulk.add_argument(
        "--delimiter",
        type=arg_types.delimiter,
        metavar="CHAR",
        help="the field separator (default: , ; tab or |, whichever splits the header)",
    )
    bulk.add_argument(
        "--to-column", default="recipient", metavar="NAME", help="recipient column (recipient)"
    )
    bulk.add_argument(
        "--message-column", default="message", metavar="NAME", help="message column (message)"
    )
    bulk.add_argument(
        "--media-column", default="media_url", metavar="NAME", help="media column (media_url)"
    )
    mode = bulk.add_mutually_exclusive_group()
    mode.add_argument(
        "--validate-only",
        action="store_true",
        help="validate every row and record it in the journal, send nothing, need no "
        "credentials (exit 2 if some rows are invalid); a later run without it sends",
    )
    mode.add_argument(
        "--report",
        action="store_true",
        help="print the journal's summary and which rows are failed, unknown, resent or "
        "invalid; send nothing (--json: one document, its rows with their GUID and status)",
    )
    mode.add_argument(
        "--resend-undelivered",
        action="store_true",
        help="ask the service to resend (/resendwa/) the accepted messages it could not "
        "deliver: every accepted GUID is offered, those not in error (code 11) are kept",
    )
    mode.add_argument(
        "--resend-failed",
        action="store_true",
        help="renamed: --retry-failed sends refused rows again, --resend-undelivered asks "
        "the service to resend accepted ones",
    )
    bulk.set_defaults(handler="bulk")

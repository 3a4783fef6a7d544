"""What `smsmobile bulk` does: a run, its report, or resending undelivered rows, under SIGTERM
handling that lets the requests in flight finish and be recorded."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._signals import sigterm_as_interrupt
from ._commands import Settings, UsageError, make_client

__all__ = ["run_bulk"]


def run_bulk(args: argparse.Namespace, settings: Settings) -> int:
    from .bulk import _report as bulk_report
    from .bulk import _runner as bulk
    from .bulk._csv import CsvLayout

    if args.resend_failed:
        raise UsageError(
            "--resend-failed was renamed: --retry-failed sends again the rows the service "
            "refused; --resend-undelivered asks the service to resend accepted messages it "
            "could not deliver"
        )
    options = bulk.BulkOptions(
        csv_path=Path(args.csv),
        journal_path=Path(args.journal),
        rate_per_minute=args.rate,
        workers=args.workers,
        retry_unknown=args.retry_unknown,
        retry_failed=args.retry_failed,
        force=args.force,
        json=settings["json"],
        validate_only=args.validate_only,
        layout=CsvLayout(args.delimiter, args.to_column, args.message_column, args.media_column),
        resume_command=_bulk_resume_command(args, settings),
        devices=args.devices,
    )
    if args.report:
        return bulk_report.report(options)
    with sigterm_as_interrupt():  # in-flight requests finish and are recorded, then exit 130
        if args.resend_undelivered:
            return bulk_report.resend_undelivered(options, lambda: make_client(settings))
        return bulk.run(options, lambda: make_client(settings))


def _bulk_resume_command(args: argparse.Namespace, settings: Settings) -> str:
    """The command that resumes an interrupted run: the same file, journal and options, and
    never a credential (those come from the same options or environment as before)."""
    import shlex

    words = ["smsmobile"]
    if getattr(args, "base_url", None):
        words += ["--base-url", args.base_url]
    if settings["json"]:
        words.append("--json")
    if settings["transport"] != "rest":
        words += ["--transport", settings["transport"]]
    words += ["bulk", args.csv, "--journal", args.journal]
    if args.rate != 60.0:
        words += ["--rate", f"{args.rate:g}/min"]
    if args.devices is not None:
        words += ["--devices", args.devices if args.devices == "all" else ",".join(args.devices)]
    if args.workers != 4:
        words += ["--workers", str(args.workers)]
    if args.delimiter is not None:
        words += ["--delimiter", "tab" if args.delimiter == "\t" else args.delimiter]
    for option, value, default in (
        ("--to-column", args.to_column, "recipient"),
        ("--message-column", args.message_column, "message"),
        ("--media-column", args.media_column, "media_url"),
    ):
        if value != default:
            words += [option, value]
    command = shlex.join(words)
    if settings["cli_api_key"] or settings["cli_client"]:
        command += "  # with the same credentials as before"
    return command

"""`smsmobile bulk` rows: keyed by content, retried or resent on request, reported by status,
read from `;` files and other column names, and shown while the progress bar runs."""

from __future__ import annotations

import collections
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smsmobile import ApiKey, RetryPolicy, WhatsApp
from smsmobile.cli.bulk._journal import content_hash
from smsmobile.cli.bulk._runner import BulkOptions, run
from smsmobile_sandbox.testing import RunningSandbox

Cli = Callable[..., Any]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored(sandbox: RunningSandbox) -> collections.Counter[str]:
    return collections.Counter(m["recipients"] for m in sandbox.control.messages())


def rows_of(journal: Path) -> dict[int, tuple[str, str | None]]:
    with sqlite3.connect(journal) as db:
        found = db.execute("SELECT line, state, guid FROM rows").fetchall()
    return {line: (state, guid) for line, state, guid in found}


def test_a_row_inserted_at_the_top_never_resends_an_accepted_row(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write(tmp_path / "in.csv", "recipient,message\n32470000001,one\n32470000002,two\n")
    journal = tmp_path / "j.db"
    assert key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0").code == 0
    write(csv, "recipient,message\n32470000009,new\n+32 470 000 001,one\n32470000002,two\n")
    forced = key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0", "--force")
    assert forced.code == 0, forced.err
    assert stored(sandbox) == {"32470000001": 1, "32470000002": 1, "32470000009": 1}
    assert {line: state for line, (state, _) in rows_of(journal).items()} == {
        2: "accepted",
        3: "accepted",  # the same recipient, written differently: the same row
        4: "accepted",
    }


def test_two_equal_rows_are_one_message(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write(tmp_path / "in.csv", "recipient,message\n32470000001,hi\n+32470000001,hi\n")
    result = key_cli("--json", "bulk", str(csv), "--journal", str(tmp_path / "j.db"), "--rate", "0")
    assert result.code == 2  # not everything in the file was sent as written
    events = [json.loads(line) for line in result.out.splitlines()]
    assert {"event": "duplicate", "line": 3, "first_line": 2} in events
    assert stored(sandbox) == {"32470000001": 1}


def test_a_schema_1_journal_is_upgraded_without_resending(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write(tmp_path / "in.csv", "recipient,message\n32470000001,one\n32470000002,two\n")
    journal = tmp_path / "j.db"
    with sqlite3.connect(journal) as db:  # what the previous version wrote after row 2 went out
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE rows (line INTEGER PRIMARY KEY, content_hash TEXT NOT NULL,"
            " recipient TEXT NOT NULL, state TEXT NOT NULL, guid TEXT, reason TEXT,"
            " failure_kind TEXT, attempts INTEGER NOT NULL DEFAULT 0,"
            " resent INTEGER NOT NULL DEFAULT 0, updated_at REAL NOT NULL);"
        )
        db.executemany(
            "INSERT INTO rows (line, content_hash, recipient, state, guid, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 0)",
            [
                (2, content_hash(["32470000001", "one", ""]), "32470000001", "accepted", "a" * 40),
                (3, content_hash(["32470000002", "two", ""]), "32470000002", "pending", None),
            ],
        )
    assert key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0").code == 0
    assert stored(sandbox) == {"32470000002": 1}
    assert rows_of(journal)[2] == ("accepted", "a" * 40)


def test_failed_rows_are_retried_on_request_and_reported_apart_from_resent_ones(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox.control.faults(
        error_recipients=["32470000002"],  # accepted, then not delivered
        rules=[{"match": "/sendsms/", "action": "status", "status": 400, "count": 1}],
    )
    csv = write(
        tmp_path / "in.csv", "recipient,message\n32470000001,one\n32470000002,two\n32470000003,3\n"
    )
    journal = tmp_path / "j.db"
    base = ("bulk", str(csv), "--journal", str(journal), "--rate", "0", "--workers", "1")
    assert key_cli(*base).code == 4  # the first row was refused (HTTP 400)
    assert key_cli(*base).code == 4  # a plain re-run leaves it alone
    assert stored(sandbox) == {"32470000002": 1, "32470000003": 1}

    resend = key_cli("--json", *base, "--resend-undelivered")
    assert resend.code == 0, resend.err
    assert json.loads(resend.out.splitlines()[-1])["resent"] == 1  # the failed row is not offered

    report = key_cli("--json", *base, "--report")
    statuses = {d["line"]: d["status"] for d in json.loads(report.out)["rows"]}
    assert statuses == {2: "failed", 3: "resent", 4: "accepted"}
    text = key_cli(*base, "--report").out
    assert "refused by the service, never delivered (--retry-failed" in text
    assert "resent: accepted, then resent" in text

    retried = key_cli(*base, "--retry-failed")
    assert retried.code == 0, retried.err
    assert stored(sandbox) == {"32470000001": 1, "32470000002": 1, "32470000003": 1}


def test_resend_failed_says_what_it_was_renamed_to(key_cli: Cli, tmp_path: Path) -> None:
    csv = write(tmp_path / "in.csv", "recipient,message\n32470000001,one\n")
    result = key_cli("bulk", str(csv), "--journal", str(tmp_path / "j.db"), "--resend-failed")
    assert result.code == 2
    assert "--retry-failed" in result.err and "--resend-undelivered" in result.err


def test_a_semicolon_file_with_its_own_column_names(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write(
        tmp_path / "in.csv",
        "Nom;Téléphone;Texte;Image\nAnne;32470000001;Bonjour, Anne;\n"
        "Bob;32470000002;Salut;https://example.com/a.png\n",
    )
    journal = tmp_path / "j.db"
    mapped = ("--to-column", "téléphone", "--message-column", "Texte", "--media-column", "image")
    result = key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0", *mapped)
    assert result.code == 0, result.err
    sent = {m["recipients"]: (m["message"], m["url_media"]) for m in sandbox.control.messages()}
    assert sent == {
        "32470000001": ("Bonjour, Anne", None),
        "32470000002": ("Salut", "https://example.com/a.png"),
    }
    plain = write(tmp_path / "plain.csv", "recipient;message\n32470000003;hé, toi\n")
    assert key_cli("bulk", str(plain), "--journal", str(tmp_path / "p.db"), "--rate", "0").code == 0
    tabbed = write(tmp_path / "tab.csv", "recipient\tmessage\n32470000004\tone; two\n")
    argv = ("bulk", str(tabbed), "--journal", str(tmp_path / "t.db"), "--delimiter", "tab")
    assert key_cli(*argv, "--rate", "0").code == 0
    assert stored(sandbox)["32470000003"] == 1 and stored(sandbox)["32470000004"] == 1
    assert sandbox.control.messages()[-1]["message"] == "one; two"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_failures_and_pauses_show_above_the_progress_bar(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox.control.faults(
        rules=[
            {"match": "/sendsms/", "action": "status", "status": 400, "count": 1},
            {"match": "/sendsms/", "action": "status", "status": 429, "retry_after": 1,
             "count": 1},
        ]
    )  # fmt: skip
    csv = write(tmp_path / "in.csv", "recipient,message\n32470000001,one\n32470000002,two\n")
    options = BulkOptions(csv, tmp_path / "j.db", rate_per_minute=0, workers=1)
    terminal, out = _Terminal(), io.StringIO()
    code = run(
        options,
        lambda: WhatsApp(  # no retry in the client: the 429 reaches the run
            auth=ApiKey(sandbox.api_key), base_url=sandbox.url, retry=RetryPolicy(attempts=1)
        ),
        out=out,
        err=terminal,
    )
    assert code == 4
    shown = terminal.getvalue()
    assert "line 2 (32470000001): failed: service error 400" in shown
    assert "rate limited by the service: pausing for 1 s" in shown
    assert "━" in shown and "sending" in shown  # the bar itself was drawn on the same stream
    assert "1 accepted, 1 failed" in out.getvalue()

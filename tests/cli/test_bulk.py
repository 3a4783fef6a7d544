"""`smsmobile bulk`: validation up front, the journal, resuming, 429 storms and a killed run."""

from __future__ import annotations

import collections
import json
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from child_processes import kill_now

from smsmobile_sandbox.testing import RunningSandbox

Cli = Callable[..., Any]


def write_csv(path: Path, rows: list[str], header: str = "recipient,message,media_url") -> Path:
    path.write_text(header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def good_rows(count: int, start: int = 0) -> list[str]:
    return [f"3247{start + n:07d},message {start + n}," for n in range(count)]


def stored_recipients(sandbox: RunningSandbox) -> collections.Counter[str]:
    return collections.Counter(m["recipients"] for m in sandbox.control.messages())


def journal_states(journal: Path) -> dict[int, str]:
    with sqlite3.connect(journal) as db:
        return dict(db.execute("SELECT line, state FROM rows").fetchall())


def test_bad_rows_are_reported_by_line_and_never_sent(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write_csv(
        tmp_path / "in.csv",
        [
            "+32 470 000 001,hello,",
            "12,too short,",
            '32470000003,"two\nlines",https://example.com/a.png',
            "32470000004,,",
            "32470000005,plain http,http://example.com/a.png",
            "32470000006,last,",
        ],
        header="recipient,message,media_url,note",
    )
    journal = tmp_path / "j.db"
    result = key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0")
    assert result.code == 2  # invalid rows, everything else accepted
    assert "line 3: recipient:" in result.err
    assert "line 6: message:" in result.err  # the two-line row took lines 4 and 5
    assert "line 7: media_url:" in result.err
    assert stored_recipients(sandbox) == {
        "32470000001": 1,
        "32470000003": 1,
        "32470000006": 1,
    }
    assert journal_states(journal) == {
        2: "accepted",
        3: "invalid",
        4: "accepted",
        6: "invalid",
        7: "invalid",
        8: "accepted",
    }
    again = key_cli("--json", "bulk", str(csv), "--journal", str(journal))
    events = [json.loads(line) for line in again.out.splitlines()]
    assert [e["line"] for e in events if e["event"] == "invalid"] == [3, 6, 7]
    assert events[-1]["event"] == "summary" and events[-1]["counts"]["accepted"] == 3
    assert len(sandbox.control.messages()) == 3  # nothing sent twice


def test_all_good_rows_exit_0_and_rerun_sends_nothing(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write_csv(tmp_path / "in.csv", good_rows(20))
    journal = tmp_path / "j.db"
    assert key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0").code == 0
    assert key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0").code == 0
    assert stored_recipients(sandbox) == {f"3247{n:07d}": 1 for n in range(20)}


def test_a_429_storm_still_sends_every_row_once(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox.control.faults(
        rules=[
            {"match": "/sendsms/", "action": "status", "status": 429, "retry_after": 1, "count": 5}
        ]
    )
    csv = write_csv(tmp_path / "in.csv", good_rows(8))
    result = key_cli(
        "bulk", str(csv), "--journal", str(tmp_path / "j.db"), "--rate", "0", "--workers", "3"
    )
    assert result.code == 0, result.err
    assert stored_recipients(sandbox) == {f"3247{n:07d}": 1 for n in range(8)}


def test_a_rate_limit_on_the_account_is_waited_out(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox.control.faults(rate_limit={"requests": 3, "per_seconds": 1})
    csv = write_csv(tmp_path / "in.csv", good_rows(7))
    result = key_cli("bulk", str(csv), "--journal", str(tmp_path / "j.db"), "--rate", "0")
    assert result.code == 0, result.err
    assert stored_recipients(sandbox) == {f"3247{n:07d}": 1 for n in range(7)}


def test_refused_credentials_stop_the_run_and_a_rerun_finishes(
    cli: Cli, key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write_csv(tmp_path / "in.csv", good_rows(5))
    journal = tmp_path / "j.db"
    refused = cli(
        "--base-url",
        sandbox.url,
        "--api-key",
        "wrong-key",
        "bulk",
        str(csv),
        "--journal",
        str(journal),
        "--rate",
        "0",
        "--workers",
        "1",
    )
    assert refused.code == 3
    assert "authentication refused" in refused.err
    assert sandbox.control.messages() == []
    assert set(journal_states(journal).values()) <= {"pending", "failed"}
    assert key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0").code == 0
    assert stored_recipients(sandbox) == {f"3247{n:07d}": 1 for n in range(5)}


def test_a_journal_refuses_another_file_unless_forced(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "j.db"
    first = write_csv(tmp_path / "in.csv", good_rows(2))
    assert key_cli("bulk", str(first), "--journal", str(journal), "--rate", "0").code == 0
    write_csv(first, good_rows(3))  # one more row: another version of the file
    refused = key_cli("bulk", str(first), "--journal", str(journal), "--rate", "0")
    assert refused.code == 2 and "--force" in refused.err
    assert len(sandbox.control.messages()) == 2
    forced = key_cli("bulk", str(first), "--journal", str(journal), "--rate", "0", "--force")
    assert forced.code == 0
    assert stored_recipients(sandbox) == {f"3247{n:07d}": 1 for n in range(3)}


def test_resend_undelivered_resends_only_what_the_service_marked_as_errored(
    key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox.control.faults(error_recipients=["32470000001"])
    csv = write_csv(tmp_path / "in.csv", good_rows(3))
    journal = tmp_path / "j.db"
    assert key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0").code == 0
    result = key_cli(
        "--json", "bulk", str(csv), "--journal", str(journal), "--resend-undelivered", "--rate", "0"
    )
    assert result.code == 0, result.err
    summary = json.loads(result.out.splitlines()[-1])
    assert summary["resent"] == 1 and summary["fine"] == 2
    attempts = {m["recipients"]: m["attempts"] for m in sandbox.control.messages()}
    assert attempts == {"32470000000": 1, "32470000001": 2, "32470000002": 1}
    report = json.loads(
        key_cli("--json", "bulk", str(csv), "--journal", str(journal), "--report").out
    )  # one JSON document
    assert report["counts"]["resent"] == 1


def test_killed_mid_run_then_resumed_sends_every_row_at_most_once(
    command: Callable[..., list[str]],
    key_cli: Cli,
    sandbox: RunningSandbox,
    tmp_path: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    # Slow replies (the send is stored first) so that requests are in flight when killed.
    sandbox.control.faults(
        rules=[
            {
                "match": "/sendsms/",
                "action": "latency",
                "seconds": 0.3,
                "when": "after",
                "count": 1000,
            }
        ]
    )
    rows = 24
    csv = write_csv(tmp_path / "in.csv", good_rows(rows))
    journal = tmp_path / "j.db"
    argv = command("bulk", str(csv), "--journal", str(journal), "--workers", "3")
    process = subprocess.Popen(
        [*argv, "--rate", "600/min"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    processes.append(process)
    deadline = time.monotonic() + 20
    while len(sandbox.control.messages()) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    kill_now(process)
    assert 0 < len(sandbox.control.messages()) < rows  # really mid-run

    resumed = subprocess.run(
        [*argv, "--rate", "0"], capture_output=True, text=True, timeout=60, check=False
    )
    states = journal_states(journal)
    unknown = {line for line, state in states.items() if state == "unknown"}
    assert resumed.returncode == (5 if unknown else 0), resumed.stderr
    counts = stored_recipients(sandbox)
    for line in range(2, rows + 2):
        recipient = f"3247{line - 2:07d}"
        if line in unknown:
            assert counts[recipient] <= 1
        else:
            assert states[line] == "accepted"
            assert counts[recipient] == 1, recipient
    report = key_cli("--json", "bulk", str(csv), "--journal", str(journal), "--report")
    listed = {
        document["line"]
        for document in json.loads(report.out)["rows"]
        if document.get("state") == "unknown"
    }
    assert listed == unknown
    text = key_cli("bulk", str(csv), "--journal", str(journal), "--report").out
    for line in unknown:
        assert f"line {line}:" in text


def test_validate_only_sends_nothing_and_needs_no_credentials(
    cli: Cli, key_cli: Cli, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write_csv(tmp_path / "in.csv", [*good_rows(3), "12,too short,"])
    journal = tmp_path / "j.db"
    checked = cli("--json", "bulk", str(csv), "--journal", str(journal), "--validate-only")
    assert checked.code == 2
    events = [json.loads(line) for line in checked.out.splitlines()]
    assert [e["line"] for e in events if e["event"] == "invalid"] == [5]
    assert events[-1]["counts"]["pending"] == 3
    assert sandbox.control.messages() == []
    assert journal_states(journal) == {2: "pending", 3: "pending", 4: "pending", 5: "invalid"}

    sent = key_cli("bulk", str(csv), "--journal", str(journal), "--rate", "0")
    assert sent.code == 2  # the invalid row; every good row went out
    assert stored_recipients(sandbox) == {"32470000000": 1, "32470000001": 1, "32470000002": 1}

    clean = write_csv(tmp_path / "clean.csv", good_rows(2))
    assert cli("bulk", str(clean), "--journal", str(tmp_path / "c.db"), "--validate-only").code == 0

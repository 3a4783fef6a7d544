"""`smsmobile bulk` killed with SIGKILL while outcomes are kept in memory (written in groups).

A real process against the sandbox, killed right after it logged that a group of outcomes was
committed (SMSMOBILE_LOG=debug), while other requests are in flight and later outcomes are
still kept. Whatever the sandbox stored must be a row whose claim was committed (`sending` or
settled), never a `pending` one, and the resumed run sends nothing twice.
"""

from __future__ import annotations

import collections
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from child_processes import kill_now, start_until_logged

from smsmobile.cli.bulk._journal_sending import OUTCOMES_PER_COMMIT
from smsmobile_sandbox.testing import RunningSandbox


def _journal_rows(journal: Path) -> dict[str, tuple[str, str | None]]:
    """recipient -> (state, guid), as the killed process left them (no recovery run)."""
    with sqlite3.connect(journal) as db:
        found = db.execute("SELECT recipient, state, guid FROM rows").fetchall()
    return {recipient: (state, guid) for recipient, state, guid in found}


def test_a_run_killed_with_outcomes_kept_in_memory_never_sends_a_row_twice(
    command: Callable[..., list[str]],
    sandbox: RunningSandbox,
    tmp_path: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    # Each send is stored first, then its reply waits: requests are in flight at the kill.
    sandbox.control.faults(
        rules=[
            {"match": "/sendsms/", "action": "latency", "seconds": 0.05, "when": "after",
             "count": 10_000},
        ]
    )  # fmt: skip
    rows = OUTCOMES_PER_COMMIT * 4
    csv = tmp_path / "in.csv"
    csv.write_text(
        "recipient,message\n" + "".join(f"3247{n:07d},message {n}\n" for n in range(rows)),
        encoding="utf-8",
    )
    journal = tmp_path / "j.db"
    argv = command("bulk", str(csv), "--journal", str(journal), "--workers", "4", "--rate", "0")
    process, found = start_until_logged(  # a line per committed group
        argv, r"journal: (\d+) outcomes committed", processes
    )
    kill_now(process)
    assert int(found.group(1)) == OUTCOMES_PER_COMMIT

    states = _journal_rows(journal)
    stored = collections.Counter(m["recipients"] for m in sandbox.control.messages())
    assert 0 < len(stored) < rows  # really mid-run
    assert all(count == 1 for count in stored.values())
    for recipient in stored:  # a request left only after its claim was committed
        assert states[recipient][0] in ("sending", "accepted"), recipient
    accepted = {r for r, (state, guid) in states.items() if state == "accepted" and guid}
    assert len(accepted) >= OUTCOMES_PER_COMMIT  # the group the line announced is on disk
    assert accepted <= set(stored)
    kept = {r for r, (state, _) in states.items() if state == "sending"}
    assert kept  # outcomes kept in memory, or requests in flight, when it died

    resumed = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    after = _journal_rows(journal)
    unknown = {r for r, (state, _) in after.items() if state == "unknown"}
    assert unknown == kept  # never sent again: it may have gone out
    assert resumed.returncode == 5, resumed.stderr
    again = collections.Counter(m["recipients"] for m in sandbox.control.messages())
    for recipient, (state, _) in after.items():
        assert again[recipient] == (stored[recipient] if recipient in unknown else 1), recipient
        assert state in ("accepted", "unknown"), recipient

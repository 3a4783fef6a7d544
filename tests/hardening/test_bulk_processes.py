"""`smsmobile bulk` as real processes: a private journal, one run per journal, and SIGTERM or
Ctrl-C in the middle of a run (issue 11, items 4 and 9).

The sandbox answers sends slowly (the send is stored first), so requests are in flight when the
signal arrives; each signal is sent when the run says it got somewhere (a JSON row event on
stdout, or a failure line on stderr), never after a fixed time.
"""

from __future__ import annotations

import collections
import json
import os
import shlex
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from smsmobile_sandbox.testing import RunningSandbox

ROWS = 16


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    """The usual umask, under which a plain open() makes files world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def bulk_argv(
    sandbox: RunningSandbox, csv: Path, journal: Path, *, json_lines: bool = False
) -> list[str]:
    return [
        sys.executable, "-m", "smsmobile", "--base-url", sandbox.url,
        "--api-key", sandbox.api_key, *(["--json"] if json_lines else []),
        "bulk", str(csv), "--journal", str(journal), "--rate", "0", "--workers", "2",
    ]  # fmt: skip


def write_rows(path: Path, rows: int = ROWS) -> Path:
    lines = "".join(f"3247{n:07d},message {n}\n" for n in range(rows))
    path.write_text("recipient,message\n" + lines, encoding="utf-8")
    return path


def slow_sends(sandbox: RunningSandbox, seconds: float = 0.4) -> None:
    rule = {"match": "/sendsms/", "action": "latency", "seconds": seconds, "when": "after"}
    sandbox.control.faults(rules=[{**rule, "count": 1000}])


def start(argv: list[str], processes: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    """Unbuffered pipes: a line read before `finish` is not lost from a read-ahead buffer."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    processes.append(process)
    return process


def finish(process: subprocess.Popen[bytes]) -> tuple[str, str]:
    out, err = process.communicate(timeout=60)
    return out.decode(), err.decode()


def first_row_event(stream: IO[bytes] | None) -> dict[str, Any]:
    """Read JSON lines until the first row outcome (the run is under way)."""
    assert stream is not None
    while line := stream.readline():
        document: dict[str, Any] = json.loads(line)
        if document["event"] == "row":
            return document
    raise AssertionError("the run ended before any row was sent")


def states(journal: Path) -> dict[int, str]:
    with sqlite3.connect(journal) as db:
        return dict(db.execute("SELECT line, state FROM rows").fetchall())


def stored(sandbox: RunningSandbox) -> collections.Counter[str]:
    return collections.Counter(m["recipients"] for m in sandbox.control.messages())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_journal_its_wal_shm_and_lock_are_private_and_a_second_run_refuses(
    sandbox: RunningSandbox, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    slow_sends(sandbox, 0.3)
    csv = write_rows(tmp_path / "in.csv", 8)
    journal = tmp_path / "j.db"
    first = start(bulk_argv(sandbox, csv, journal, json_lines=True), processes)
    first_row_event(first.stdout)  # running, journal open, lock held
    for name in ("j.db", "j.db-wal", "j.db-shm", "j.db.lock"):
        assert mode(tmp_path / name) == 0o600, name

    second = subprocess.run(
        bulk_argv(sandbox, csv, journal), capture_output=True, text=True, timeout=60, check=False
    )
    assert second.returncode == 2
    assert "in use by another bulk run" in second.stderr
    assert f"(process {first.pid})" in second.stderr
    assert first.poll() is None  # refused at once, while the first one still runs

    _, err = finish(first)
    assert first.returncode == 0, err
    assert stored(sandbox) == {f"3247{n:07d}": 1 for n in range(8)}  # no row sent twice
    assert set(states(journal).values()) == {"accepted"}


def test_an_old_world_readable_journal_is_made_private(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    csv = write_rows(tmp_path / "in.csv", 2)
    journal = tmp_path / "j.db"
    sqlite3.connect(journal).close()
    journal.chmod(0o644)
    done = subprocess.run(
        bulk_argv(sandbox, csv, journal), capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert mode(journal) == 0o600


def test_sigterm_finishes_the_requests_in_flight_and_says_how_to_resume(
    sandbox: RunningSandbox, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    slow_sends(sandbox)
    csv = write_rows(tmp_path / "in.csv")
    journal = tmp_path / "j.db"
    process = start(bulk_argv(sandbox, csv, journal, json_lines=True), processes)
    first = first_row_event(process.stdout)
    process.send_signal(signal.SIGTERM)
    out, err = finish(process)
    assert process.returncode == 130, err
    events = [json.loads(line) for line in out.splitlines()]
    summary = events[-1]
    assert summary["event"] == "summary" and summary["interrupted"] is True
    found = states(journal)
    assert "sending" not in found.values(), out + err  # every request in flight was recorded
    accepted = {line for line, state in found.items() if state == "accepted"}
    assert 0 < len(accepted) < ROWS and set(found.values()) == {"accepted", "pending"}
    # the rows the service stored are exactly those the journal says were accepted
    assert stored(sandbox) == {f"3247{line - 2:07d}": 1 for line in accepted}
    rows = [first, *(e for e in events if e["event"] == "row")]
    assert {e["line"] for e in rows} == accepted  # one event per row outcome
    assert all(e["status"] == "accepted" and len(e["guid"]) == 40 for e in rows)
    assert sandbox.api_key not in out + err

    resume = shlex.split(summary["resume"], comments=True)
    assert resume[0] == "smsmobile" and "--journal" in resume
    again = [sys.executable, "-m", resume[0], "--api-key", sandbox.api_key, *resume[1:]]
    sandbox.control.faults(rules=[])
    resumed = subprocess.run(again, capture_output=True, text=True, timeout=120, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert stored(sandbox) == {f"3247{n:07d}": 1 for n in range(ROWS)}


def test_ctrl_c_prints_the_summary_and_the_resume_command(
    sandbox: RunningSandbox, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    sandbox.control.faults(
        rules=[
            {"match": "/sendsms/", "action": "status", "status": 400, "count": 1},
            {"match": "/sendsms/", "action": "latency", "seconds": 0.4, "when": "after",
             "count": 1000},
        ]
    )  # fmt: skip
    csv = write_rows(tmp_path / "in.csv")
    journal = tmp_path / "j.db"
    process = start(bulk_argv(sandbox, csv, journal), processes)
    assert process.stderr is not None
    failure = process.stderr.readline().decode()  # the refused row, shown while the run goes on
    assert ": failed: service error 400" in failure
    process.send_signal(signal.SIGINT)
    out, err = finish(process)
    assert process.returncode == 130, err
    assert "interrupted: no new row is started" in err
    assert "error" not in err  # not "smsmobile: error: interrupted"
    assert out.startswith("interrupted; bulk: ")
    assert "1 failed" in out
    resume = out.split("resume with: ", 1)[1].strip()
    assert resume.startswith(f"smsmobile --base-url {sandbox.url} bulk {csv} --journal {journal}")
    assert "--workers 2" in resume and "# with the same credentials" in resume
    assert "sending" not in states(journal).values()

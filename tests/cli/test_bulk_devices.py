"""`smsmobile bulk --devices`: a campaign spread over every phone of the account (issue 20,
item 4), through the real `smsmobile` console script against a sandbox with three phones.

Each phone has its own rate limit; the journal and the sandbox both record the phone that took
each row; a phone whose sends are refused (disconnected) or end unknown takes no more rows
while the others go on; a run killed with SIGKILL and resumed sends nothing twice.
"""

from __future__ import annotations

import collections
import json
import shlex
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from child_processes import kill_now

from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

SIDS = ("sandbox-sid-1", "sandbox-sid-2", "sandbox-sid-3")
SMSMOBILE = str(Path(sys.executable).with_name("smsmobile"))  # the installed console script


@pytest.fixture(scope="module")
def _three_phones() -> Iterator[RunningSandbox]:
    with run_sandbox(phones=3, quiet=True) as sandbox:
        yield sandbox


@pytest.fixture
def phones(_three_phones: RunningSandbox) -> RunningSandbox:
    """The module's sandbox with three connected phones, fresh for each test."""
    _three_phones.control.reset()
    return _three_phones


def write_rows(path: Path, rows: int) -> Path:
    lines = "".join(f"3247{n:07d},message {n}\n" for n in range(rows))
    path.write_text("recipient,message\n" + lines, encoding="utf-8")
    return path


def recipient(line: int) -> str:
    return f"3247{line - 2:07d}"


def bulk(
    sandbox: RunningSandbox, csv: Path, journal: Path, *options: str, json_lines: bool = True
) -> list[str]:
    return [
        SMSMOBILE, "--base-url", sandbox.url, "--api-key", sandbox.api_key,
        *(["--json"] if json_lines else []), "bulk", str(csv), "--journal", str(journal),
        *options,
    ]  # fmt: skip


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def summary_of(out: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(out.splitlines()[-1])
    assert document["event"] == "summary"
    return document


def sent_through(sandbox: RunningSandbox) -> dict[str, list[str]]:
    """recipient -> the phones (SIDs) the sandbox stored a message of it through."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    for message in sandbox.control.messages():
        assert message["sIdentifiant"] == message["device_sid"]  # the phone asked for took it
        found[message["recipients"]].append(message["device_sid"])
    return found


def journal_rows(journal: Path) -> dict[int, tuple[str, str | None]]:
    """line -> (state, device) as the journal recorded them."""
    with sqlite3.connect(journal) as db:
        return {
            int(line): (str(state), device)
            for line, state, device in db.execute("SELECT line, state, device FROM rows")
        }


def test_rows_spread_over_three_phones_recorded_by_the_sandbox_and_the_journal(
    phones: RunningSandbox, tmp_path: Path
) -> None:
    csv, journal = write_rows(tmp_path / "in.csv", 12), tmp_path / "j.db"
    result = run(bulk(phones, csv, journal, "--devices", "all", "--rate", "0", "--workers", "3"))
    assert result.returncode == 0, result.stderr
    through = sent_through(phones)
    assert sorted(through) == [recipient(line) for line in range(2, 14)]
    assert all(len(sids) == 1 for sids in through.values())  # each row once
    rows = journal_rows(journal)
    assert {line: rows[line] for line in rows} == {
        line: ("accepted", through[recipient(line)][0]) for line in range(2, 14)
    }
    per_phone = collections.Counter(sids[0] for sids in through.values())
    assert per_phone == dict.fromkeys(SIDS, 4)  # in turn: four each
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["device"] for e in events if e["event"] == "row"} == set(SIDS)
    assert summary_of(result.stdout)["devices"] == {
        sid: {"accepted": 4, "failed": 0, "unknown": 0, "sending": 0, "retired": False}
        for sid in SIDS
    }
    report = json.loads(run(bulk(phones, csv, journal, "--report")).stdout)  # one document
    assert report["devices"] == {
        sid: {"accepted": 4, "failed": 0, "unknown": 0, "sending": 0} for sid in SIDS
    }
    assert {row["line"]: row["device"] for row in report["rows"]} == {
        line: device for line, (_, device) in rows.items()
    }
    text = run(bulk(phones, csv, journal, "--report", json_lines=False)).stdout
    for sid in SIDS:
        assert f"phone {sid}: 4 accepted, 0 failed, 0 unknown" in text


def test_the_rate_is_per_phone(phones: RunningSandbox, tmp_path: Path) -> None:
    # One send an hour: shared by the phones, the third row would wait an hour (the test's
    # timeout); per phone, each of the three phones sends its row at once.
    csv, journal = write_rows(tmp_path / "in.csv", 3), tmp_path / "j.db"
    result = run(bulk(phones, csv, journal, "--devices", "all", "--rate", "1/h", "--workers", "3"))
    assert result.returncode == 0, result.stderr
    assert sorted(sids[0] for sids in sent_through(phones).values()) == list(SIDS)


def test_a_disconnected_phone_stops_taking_rows_while_the_others_finish(
    phones: RunningSandbox, tmp_path: Path
) -> None:
    phones.control.set_phone("sandbox-sid-2", status="disconnected")
    csv, journal = write_rows(tmp_path / "in.csv", 10), tmp_path / "j.db"
    argv = bulk(phones, csv, journal, "--devices", ",".join(SIDS), "--rate", "0", "--workers", "1")
    result = run(argv)
    assert result.returncode == 4, result.stderr  # one row failed
    rows = journal_rows(journal)
    failed = {line: device for line, (state, device) in rows.items() if state == "failed"}
    assert failed == {3: "sandbox-sid-2"}  # the second row went to the second phone
    through = sent_through(phones)
    assert len(through) == 9 and "sandbox-sid-2" not in {s for v in through.values() for s in v}
    assert {rows[line] for line in rows if line != 3} <= {
        ("accepted", "sandbox-sid-1"),
        ("accepted", "sandbox-sid-3"),
    }
    events = [json.loads(line) for line in result.stdout.splitlines()]
    retired = [e for e in events if e["event"] == "device_retired"]
    assert [(e["device"], e["phones_left"]) for e in retired] == [("sandbox-sid-2", True)]
    assert "disconnected" in retired[0]["reason"]
    devices = summary_of(result.stdout)["devices"]
    assert devices["sandbox-sid-2"] == {
        "accepted": 0, "failed": 1, "unknown": 0, "sending": 0, "retired": True,
    }  # fmt: skip
    assert devices["sandbox-sid-1"]["accepted"] + devices["sandbox-sid-3"]["accepted"] == 9
    text = run(bulk(phones, csv, journal, "--report", json_lines=False)).stdout
    assert "phone sandbox-sid-2: 0 accepted, 1 failed, 0 unknown" in text
    assert "(via sandbox-sid-2)" in text  # the failed row names its phone

    # --retry-failed with every connected phone: the refused row goes out once, elsewhere
    again = run(bulk(phones, csv, journal, "--devices", "all", "--rate", "0", "--retry-failed"))
    assert again.returncode == 0, again.stderr
    assert sent_through(phones)[recipient(3)] in (["sandbox-sid-1"], ["sandbox-sid-3"])


def test_a_phone_whose_send_ends_unknown_is_retired_and_its_row_never_resent(
    phones: RunningSandbox, tmp_path: Path
) -> None:
    # The first send is stored, then its connection dropped: the outcome is unknown.
    phones.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    csv, journal = write_rows(tmp_path / "in.csv", 7), tmp_path / "j.db"
    argv = bulk(phones, csv, journal, "--devices", "all", "--rate", "0", "--workers", "1")
    result = run(argv)
    assert result.returncode == 5, result.stderr
    rows = journal_rows(journal)
    assert rows[2] == ("unknown", "sandbox-sid-1")
    assert {device for line, (_, device) in rows.items() if line != 2} == {
        "sandbox-sid-2",
        "sandbox-sid-3",
    }
    summary = summary_of(result.stdout)
    assert summary["devices"]["sandbox-sid-1"]["unknown"] == 1
    assert summary["devices"]["sandbox-sid-1"]["retired"] is True
    assert run(argv).returncode == 5  # resumed: the unknown row is not sent again
    assert collections.Counter(m["recipients"] for m in phones.control.messages()) == {
        recipient(line): 1 for line in range(2, 9)
    }


def first_row_event(stream: IO[bytes] | None) -> dict[str, Any]:
    assert stream is not None
    while line := stream.readline():
        document: dict[str, Any] = json.loads(line)
        if document["event"] == "row":
            return document
    raise AssertionError("the run ended before any row was sent")


def test_killed_mid_run_then_resumed_sends_nothing_twice(
    phones: RunningSandbox, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    rule = {"match": "/sendsms/", "action": "latency", "seconds": 0.3, "when": "after"}
    phones.control.faults(rules=[{**rule, "count": 1000}])  # requests in flight when killed
    rows = 24
    csv, journal = write_rows(tmp_path / "in.csv", rows), tmp_path / "j.db"
    argv = bulk(phones, csv, journal, "--devices", "all", "--rate", "0", "--workers", "3")
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    processes.append(process)
    first_row_event(process.stdout)  # the run is under way, more requests in flight
    kill_now(process)
    assert 0 < len(phones.control.messages()) < rows  # really mid-run

    phones.control.call("DELETE", "faults/rules")
    resumed = run(argv)
    states = journal_rows(journal)
    unknown = {line for line, (state, _) in states.items() if state == "unknown"}
    assert resumed.returncode == (5 if unknown else 0), resumed.stderr
    through = sent_through(phones)
    for line in range(2, rows + 2):
        state, device = states[line]
        sids = through.get(recipient(line), [])
        assert len(sids) <= 1, f"line {line} sent twice"
        if line in unknown:  # killed in flight: the phone it was claimed for is known
            assert device in SIDS and sids in ([], [device])
        else:
            assert (state, sids) == ("accepted", [device])
    # the resumed run's summary counts, per phone, the whole journal
    devices = summary_of(resumed.stdout)["devices"]
    assert sum(d["accepted"] for d in devices.values()) == rows - len(unknown)
    assert sum(d["unknown"] for d in devices.values()) == len(unknown)


def test_sigterm_prints_a_resume_command_that_keeps_the_devices(
    phones: RunningSandbox, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    rule = {"match": "/sendsms/", "action": "latency", "seconds": 0.4, "when": "after"}
    phones.control.faults(rules=[{**rule, "count": 1000}])
    rows = 16
    csv, journal = write_rows(tmp_path / "in.csv", rows), tmp_path / "j.db"
    argv = bulk(phones, csv, journal, "--devices", "sandbox-sid-1,sandbox-sid-3", "--rate", "0")
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    processes.append(process)
    first_row_event(process.stdout)
    process.send_signal(signal.SIGTERM)
    out, err = (data.decode() for data in process.communicate(timeout=60))
    assert process.returncode == 130, err
    assert "sending" not in {state for state, _ in journal_rows(journal).values()}
    resume = shlex.split(summary_of(out)["resume"], comments=True)
    assert resume[resume.index("--devices") + 1] == "sandbox-sid-1,sandbox-sid-3"
    phones.control.call("DELETE", "faults/rules")
    again = [SMSMOBILE, "--api-key", phones.api_key, *resume[1:]]
    assert run(again).returncode == 0
    through = sent_through(phones)
    assert {r: len(s) for r, s in through.items()} == {recipient(n): 1 for n in range(2, 18)}
    assert {s[0] for s in through.values()} == {"sandbox-sid-1", "sandbox-sid-3"}


def test_devices_all_skips_a_disconnected_phone(phones: RunningSandbox, tmp_path: Path) -> None:
    phones.control.set_phone("sandbox-sid-3", status="disconnected")
    csv, journal = write_rows(tmp_path / "in.csv", 4), tmp_path / "j.db"
    result = run(bulk(phones, csv, journal, "--devices", "all", "--rate", "0", "--workers", "2"))
    assert result.returncode == 0, result.stderr
    used = collections.Counter(s for sids in sent_through(phones).values() for s in sids)
    assert used == {"sandbox-sid-1": 2, "sandbox-sid-2": 2}


@pytest.mark.parametrize(
    ("devices", "says"),
    [
        ("sandbox-sid-1,,sandbox-sid-2", "--devices"),
        ("sandbox-sid-1,nope", "no phone of the account has the SID nope"),
    ],
)
def test_bad_devices_are_refused_before_anything_is_sent(
    phones: RunningSandbox, tmp_path: Path, devices: str, says: str
) -> None:
    csv, journal = write_rows(tmp_path / "in.csv", 3), tmp_path / "j.db"
    result = run(bulk(phones, csv, journal, "--devices", devices, json_lines=False))
    assert result.returncode == 2
    assert says in result.stderr
    assert phones.control.messages() == []


def test_a_journal_from_before_devices_is_upgraded_and_nothing_is_resent(
    phones: RunningSandbox, tmp_path: Path
) -> None:
    csv, journal = write_rows(tmp_path / "in.csv", 3), tmp_path / "j.db"
    assert run(bulk(phones, csv, journal, "--rate", "0")).returncode == 0
    with sqlite3.connect(journal) as db:  # as smsmobile wrote it before the device column
        db.execute("ALTER TABLE rows DROP COLUMN device")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    old_report = json.loads(run(bulk(phones, csv, journal, "--report")).stdout)
    assert old_report["counts"]["accepted"] == 3 and old_report["devices"] == {}
    write_rows(csv, 6)  # three more rows
    result = run(bulk(phones, csv, journal, "--devices", "all", "--rate", "0", "--force"))
    assert result.returncode == 0, result.stderr
    rows = journal_rows(journal)
    assert [rows[line][1] for line in (2, 3, 4)] == [None, None, None]  # sent before devices
    assert sorted(str(rows[line][1]) for line in (5, 6, 7)) == list(SIDS)
    assert collections.Counter(m["recipients"] for m in phones.control.messages()) == {
        recipient(line): 1 for line in range(2, 8)
    }
    with sqlite3.connect(journal) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)

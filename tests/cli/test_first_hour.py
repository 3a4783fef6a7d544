"""A new user's first hour with the real `smsmobile` console script, against the sandbox: JSON
that parses as one document, the inbound flow's refusals, exit codes that match the README's
table (130 after a real signal), help, "did you mean", completion and one time format."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smsmobile_sandbox.testing import RunningSandbox

SMSMOBILE = str(Path(sys.executable).with_name("smsmobile"))
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # the one time format

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(sandbox: RunningSandbox) -> Run:
    """`run(*argv)`: the console script against the sandbox, with its URL and key."""

    def call(*argv: str, credentials: bool = True) -> subprocess.CompletedProcess[str]:
        given = ["--base-url", sandbox.url, "--api-key", sandbox.api_key] if credentials else []
        return subprocess.run(
            [SMSMOBILE, *given, *argv], capture_output=True, text=True, timeout=60, check=False
        )

    return call


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate()


# -- the inbound flow -----------------------------------------------------------------------------


def test_sync_with_retrieval_off_fails_and_says_what_to_run(run: Run) -> None:
    done = run("sync")
    assert done.returncode == 4, done.stderr  # the service refused: the table's 4
    assert "smsmobile retrieval on" in done.stderr
    assert done.stdout == ""


def test_json_inbox_with_retrieval_off_reports_code_20(run: Run) -> None:
    done = run("--json", "inbox")
    error = json.loads(done.stderr)["error"]
    assert done.returncode == 4
    assert (error["code"], error["type"], error["exit_code"]) == ("20", "RetrievalDisabled", 4)
    assert "smsmobile retrieval on" in error["message"]


# -- JSON that parses ------------------------------------------------------------------------------


def test_every_one_result_command_prints_one_json_document(
    run: Run, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    assert json.loads(run("--json", "retrieval", "on").stdout) == {"enabled": True}
    assert json.loads(run("--json", "inbox").stdout) == []  # empty: still one document
    for n in range(3):
        sandbox.control.inject_inbound(number=f"3247000000{n}", message=f"hi {n}")
    inbox = json.loads(run("--json", "inbox").stdout)  # what `| jq .` and json.tool read
    assert [m["text"] for m in inbox] == ["hi 2", "hi 1", "hi 0"]
    assert all(TIME.fullmatch(m["received_at"]) for m in inbox)
    window = json.loads(run("--json", "sync").stdout)
    assert TIME.fullmatch(window["expires_at"])
    assert json.loads(run("--json", "check", "32470123456").stdout)["on_whatsapp"] is True

    csv = tmp_path / "c.csv"
    csv.write_text("recipient,message\n32470000001,a\n32470000002,b\n12,bad\n")
    journal = tmp_path / "j.db"
    bulk = run("--json", "bulk", str(csv), "--journal", str(journal), "--rate", "6000/min")
    lines = [json.loads(line) for line in bulk.stdout.splitlines()]  # a stream: JSON Lines
    assert lines[-1]["event"] == "summary"
    report = json.loads(
        run("--json", "bulk", str(csv), "--journal", str(journal), "--report").stdout
    )
    assert report["counts"]["accepted"] == 2
    assert sorted(row["line"] for row in report["rows"]) == [2, 3, 4]


def test_streams_say_they_are_json_lines(run: Run) -> None:
    for command in (["bulk", "--help"], ["inbox", "watch", "--help"]):
        assert "JSON Lines" in " ".join(run(*command, credentials=False).stdout.split())


def test_inbox_watch_prints_lines_for_people_without_json(
    run: Run, sandbox: RunningSandbox
) -> None:
    run("retrieval", "on")
    sandbox.control.inject_inbound(number="32470000001", contact="Ann", message="hello there")
    done = run("inbox", "watch", "--max-polls", "1")
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert "32470000001" in line and "Ann" in line and "hello there" in line
    assert not line.startswith("{")
    as_json = run("--json", "inbox", "watch", "--max-polls", "1", "--interval", "0.1")
    assert json.loads(as_json.stdout.splitlines()[0])["text"] == "hello there"


# -- times -----------------------------------------------------------------------------------------


def test_times_are_written_one_way(run: Run, sandbox: RunningSandbox) -> None:
    run("retrieval", "on")
    assert TIME.fullmatch(run("sync").stdout.strip())
    oauth = ("--base-url", sandbox.url, "--client-id", sandbox.client_id)
    oauth += ("--client-secret", sandbox.client_secret)
    token = run("--json", "token", *oauth, credentials=False)
    assert TIME.fullmatch(json.loads(token.stdout)["expires_at"]), token.stdout  # no microseconds
    text = run("token", *oauth, credentials=False).stdout
    assert TIME.search(text)


# -- exit codes ------------------------------------------------------------------------------------


def _stopped_by(process: subprocess.Popen[str], signum: signal.Signals) -> int:
    process.send_signal(signum)
    process.communicate(timeout=30)
    return process.returncode


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_long_running_commands_with_130(
    sandbox: RunningSandbox, started: list[subprocess.Popen[str]], signum: signal.Signals
) -> None:
    def start(*argv: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [SMSMOBILE, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        started.append(process)
        return process

    sandbox_process = start("sandbox", "--port", "0", "--quiet")
    assert sandbox_process.stdout is not None
    assert "listening on" in sandbox_process.stdout.readline()  # ready: handlers in place
    assert _stopped_by(sandbox_process, signum) == 130

    gateway = start("gateway", "--upstream", sandbox.url, "--port", "0")
    assert gateway.stderr is not None
    assert "SOAP gateway" in gateway.stderr.readline()
    assert _stopped_by(gateway, signum) == 130

    webhooks = start("webhook", "serve", "--secret", "s3cret", "--port", "0")
    assert webhooks.stderr is not None
    assert "receiving webhooks on" in webhooks.stderr.readline()
    assert _stopped_by(webhooks, signum) == 130

    subprocess.run(
        [SMSMOBILE, "--base-url", sandbox.url, "--api-key", sandbox.api_key, "retrieval", "on"],
        check=True, capture_output=True,
    )  # fmt: skip
    watch = start(
        "--base-url", sandbox.url, "--api-key", sandbox.api_key, "--json", "inbox", "watch",
        "--interval", "0.2",
    )  # fmt: skip
    sandbox.control.inject_inbound(number="32470000001", message="ready")
    assert watch.stdout is not None
    assert json.loads(watch.stdout.readline())["text"] == "ready"  # polling: handlers in place
    assert _stopped_by(watch, signum) == 130


def test_a_refused_webhook_trigger_exits_with_a_code_of_the_table(
    started: list[subprocess.Popen[str]],
) -> None:
    receiver = subprocess.Popen(
        [SMSMOBILE, "webhook", "serve", "--secret", "right-secret", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started.append(receiver)
    assert receiver.stderr is not None
    url = re.search(r"on (http://\S+)", receiver.stderr.readline())
    assert url
    done = subprocess.run(
        [SMSMOBILE, "webhook", "trigger", "whatsapp.sent", "--to", url[1], "--secret", "wrong"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 4, done.stderr  # the other end refused: the table's 4
    assert "HTTP 401" in done.stderr
    help_text = subprocess.run([SMSMOBILE, "--help"], capture_output=True, text=True, check=True)
    assert "webhook receiver answered non-2xx" in " ".join(help_text.stdout.split())


def test_bare_smsmobile_prints_the_help() -> None:
    done = subprocess.run([SMSMOBILE], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: smsmobile") and "exit codes:" in done.stdout


def test_a_mistyped_command_gets_a_suggestion() -> None:
    done = subprocess.run([SMSMOBILE, "snd"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "did you mean 'send'?" in done.stderr
    watch = subprocess.run([SMSMOBILE, "inbox", "wach"], capture_output=True, text=True)
    assert "did you mean 'watch'?" in watch.stderr
    flag = subprocess.run(
        [SMSMOBILE, "send", "--to", "1", "--mesage", "hi"], capture_output=True, text=True
    )
    assert flag.returncode == 2 and "did you mean '--message' for '--mesage'?" in flag.stderr


def test_bash_completion_is_generated_from_the_parser(tmp_path: Path) -> None:
    script = subprocess.run(
        [SMSMOBILE, "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    (tmp_path / "smsmobile.bash").write_text(script)
    probe = f"""
source {tmp_path / "smsmobile.bash"}
complete -p smsmobile
complete_line() {{
  read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _smsmobile; echo "${{COMPREPLY[*]}}"
}}
complete_line "smsmobile s"
complete_line "smsmobile inbox w"
complete_line "smsmobile sms "
complete_line "smsmobile --json bulk x.csv --to"
complete_line "smsmobile completion "
"""
    lines = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines[0] == "complete -F _smsmobile smsmobile"
    assert sorted(lines[1].split()) == ["sandbox", "send", "sms", "sync"]
    assert lines[2].split() == ["watch"]
    assert {"send", "inbox"} <= set(lines[3].split())  # a group's own commands
    assert lines[4].split() == ["--to-column"]
    assert lines[5].split()[:3] == ["bash", "zsh", "fish"]
    for shell in ("zsh", "fish"):
        other = subprocess.run([SMSMOBILE, "completion", shell], capture_output=True, text=True)
        assert other.returncode == 0 and "inbox" in other.stdout


# -- errors that say what to do --------------------------------------------------------------------


def test_a_csv_with_other_column_names_gets_the_columns_found_and_the_flags(
    run: Run, tmp_path: Path
) -> None:
    csv = tmp_path / "export.csv"
    csv.write_text("phone,text\n32470000001,hello\n")
    done = run("bulk", str(csv), "--journal", str(tmp_path / "j.db"))
    assert done.returncode == 2
    assert "found: 'phone', 'text'" in done.stderr
    assert "--to-column phone --message-column text" in done.stderr
    fixed = run(
        "bulk", str(csv), "--journal", str(tmp_path / "j.db"),
        "--to-column", "phone", "--message-column", "text",
    )  # fmt: skip
    assert fixed.returncode == 0, fixed.stderr


def test_a_rerun_does_not_print_every_invalid_row_again(run: Run, tmp_path: Path) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("recipient,message\n12,bad one\n13,bad two\n32470000001,good\n")
    journal = str(tmp_path / "j.db")
    first = run("bulk", str(csv), "--journal", journal)
    assert first.stderr.count(": line ") == 2  # each invalid row, once, by line
    again = run("bulk", str(csv), "--journal", journal)
    assert ": line " not in again.stderr
    assert "2 invalid row(s) already reported by an earlier run" in again.stderr
    assert "--report" in again.stderr
    report = run("bulk", str(csv), "--journal", journal, "--report")
    assert "line 2" in report.stdout and "line 3" in report.stdout


def test_an_unknown_outcome_says_how_to_check(run: Run, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    done = run("send", "--to", "32470123456", "--message", "maybe")
    assert done.returncode == 5
    assert "may or may not have been sent" in done.stderr
    assert "check the phone's sent messages" in done.stderr

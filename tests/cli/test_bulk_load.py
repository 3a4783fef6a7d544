"""The fast ways through `bulk --validate-only`: the plain common row and the first run's load
of the journal in bulk. Each gives what the general way gives, and a load killed before its
end leaves nothing that could be mistaken for a validated row."""

from __future__ import annotations

import gc
import io
import json
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from child_processes import kill_now, start_until_logged
from hypothesis import example, given
from hypothesis import strategies as st

from smsmobile._validation import normalise_number, validate_message
from smsmobile.cli.bulk import _csv, _runner
from smsmobile.cli.bulk._csv import read_batches, read_rows
from smsmobile.cli.bulk._journal import FileIdentity, Journal, RecordedRow, content_hash
from smsmobile.cli.bulk._journal_sending import OUTCOMES_PER_COMMIT
from smsmobile.cli.bulk._plain_rows import (
    not_plain_numbers,
    plain_key,
    plain_keys,
    plain_message,
    plain_messages,
    plain_number,
    plain_numbers,
)
from smsmobile.cli.bulk._workers import RunOutput

Cli = Callable[..., Any]

_NUMBERISH = st.text(alphabet="+0123456789 -().\t٣", max_size=20)


@given(_NUMBERISH)
@example("+32 470 000 001")
@example("0032470000001")
@example("+0032470000001")
@example("٣٢٤٧٠٠٠٠٠٠٠")  # Arabic-Indic digits: digits to str.isdigit, not to the rule
def test_a_plain_number_is_what_normalise_number_makes_of_it(raw: str) -> None:
    plain = plain_number(raw)
    if plain is not None:
        assert normalise_number(raw, "recipient") == plain


@given(st.text(max_size=40))
@example(" ")
@example("hi\tthere")
@example("\u200d")
@example("x" * 4097)
def test_a_plain_message_is_valid_and_hashed_as_the_general_rules_do(text: str) -> None:
    if plain_message(text):
        assert validate_message(text) == text
        assert plain_key("32470000001", text) == content_hash(["32470000001", text, ""])


@given(st.lists(_NUMBERISH | st.sampled_from(["+32 470 000 001", "3247\n0000001"]), max_size=6))
def test_a_column_of_numbers_is_plain_when_each_is(raw: list[str]) -> None:
    each = [plain_number(number) for number in raw]
    expected = None if None in each else each
    assert plain_numbers(raw) == expected
    assert not_plain_numbers(raw) == [index for index, number in enumerate(each) if not number]


@given(st.lists(st.text(max_size=8) | st.sampled_from(["x" * 4097, " ", "ok"]), max_size=6))
def test_a_column_of_messages_is_plain_when_each_is(texts: list[str]) -> None:
    assert plain_messages(texts) == all(plain_message(text) for text in texts)
    numbers = [f"3247000000{index}" for index in range(len(texts))]
    if plain_messages(texts):
        assert plain_keys(numbers, texts) == [
            plain_key(n, t) for n, t in zip(numbers, texts, strict=True)
        ]


def test_batches_give_the_rows_lines_and_keys_that_rows_one_by_one_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_csv, "_SPAN", 16)  # several spans per batch, halved down to rows
    monkeypatch.setattr(_csv, "_FEWEST", 2)
    lines = [f"+32 470 {index:06d},hello {index}" for index in range(200)]
    lines[3] = "bad,one"
    lines[40] = '32470000040,"two\nlines"'  # a record over two lines shifts every later line
    lines[41] = ""
    lines[77] = "32470000077"  # short
    lines[60:64] = ["bad,x", "32470000061,\x01 control", "", "+32 470 00 0063,y"]
    lines[66:69] = ["bad,again", "0032470000067,z", "32470000068,\x01 control"]
    lines[90] = "0032470000090,double zero"
    lines[120] = '"+32 470\n000120",split number'
    lines[150] = "32470000150,\t tab"
    lines[199] = lines[0]  # a duplicate
    csv = write(tmp_path / "in.csv", lines)
    one_by_one = [(r.line, r.key, r.recipient, r.problem) for r in read_rows(csv, raw_hashes=False)]
    batched = []
    for batch in read_batches(csv, size=50):
        plain = zip(batch.keys, batch.lines, batch.recipients, strict=True)
        batched += [(line, key, number, None) for key, line, number in plain]
        batched += [(r.line, r.key, r.recipient, r.problem) for r in batch.others]
    assert sorted(batched) == one_by_one
    assert len(one_by_one) == 198  # the blank lines are no rows


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("recipient,message\n" + "".join(line + "\n" for line in lines))
    return path


def journal_rows(journal: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(journal) as db:
        return db.execute("SELECT line, state, key FROM rows ORDER BY line").fetchall()


@pytest.mark.parametrize("widths", ["several", "one"])
def test_a_first_load_in_bulk_records_what_a_row_by_row_run_records(
    cli: Cli, tmp_path: Path, widths: str
) -> None:
    """Lines and numbers of several widths in one batch (the load pads them to one width and
    trims them), or numbers all of one width (loaded as they are)."""
    lines = [f"+{index % 7 + 1}{'2' * (5 + index % 10)},hi {index}" for index in range(150)]
    if widths == "one":
        lines = [f"+{index % 7 + 1}2222{index:05d},hi {index}" for index in range(150)]
    lines[9] = "not a number,hi"
    lines[12] = "0032470000012,general rules"
    csv = write(tmp_path / "in.csv", lines)
    recorded = {}
    for name in ("bulk", "rows"):
        journal = tmp_path / f"{name}.db"
        if name == "rows":  # a journal that already holds a row records row by row
            with Journal(journal) as held:
                held.upgrade()
                held.adopt(FileIdentity.of(csv), force=False)
                held.begin_validation()
                held.record_rows([RecordedRow("k", 1000, "32470000001", None, "")])
                held.finish_validation()
        cli("--json", "bulk", str(csv), "--journal", str(journal), "--validate-only", "--force")
        with sqlite3.connect(journal) as db:
            recorded[name] = db.execute(
                "SELECT key, line, recipient, state, reason, typeof(line), typeof(recipient) "
                "FROM rows WHERE key != 'k' ORDER BY line"
            ).fetchall()
    assert recorded["bulk"] == recorded["rows"]
    assert len(recorded["bulk"]) == 150
    assert recorded["bulk"][0][1:3] == (2, "122222" if widths == "several" else "1222200000")


@pytest.mark.parametrize("journal_holds_rows", [False, True])
def test_the_validation_pass_leaves_no_reference_cycle(
    tmp_path: Path, journal_holds_rows: bool
) -> None:
    """`bulk` pauses the cyclic collector for this pass: nothing it allocates may need it."""
    lines = [f"+32 470 {index:06d},hello {index}" for index in range(3000)]
    lines[10:20] = [
        "bad,row",
        "",
        "32470000001",
        "0032470000001,x",
        "32470000002,\x01",
        '"+32 470\n000001",split',
        "+32 470 000 001,https",
        "a,b,c",
        "+1,",
        ",",
    ]
    csv = write(tmp_path / "in.csv", lines + lines[:50])  # duplicates too
    options = _runner.BulkOptions(csv_path=csv, journal_path=tmp_path / "j.db", json=True)
    output = RunOutput(True, io.StringIO(), io.StringIO())
    with Journal(options.journal_path) as journal:
        journal.upgrade()
        journal.adopt(FileIdentity.of(csv), force=False)
        if journal_holds_rows:
            journal.begin_validation()
            journal.record_rows([RecordedRow("k", 1, "32470000001", None, "")])
            journal.finish_validation()
        gc.collect()
        enabled = gc.isenabled()
        gc.disable()
        try:
            assert _runner._validate(options, journal, output) > 40  # the copies
            assert gc.collect() == 0
        finally:
            if enabled:
                gc.enable()
    assert '"invalid"' in output.out.getvalue()


def test_duplicates_across_batches_are_reported_as_a_row_by_row_run_reports_them(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_runner, "_BATCH", 2)  # the copies land in other batches than the first
    csv = write(
        tmp_path / "in.csv",
        ["32470000001,one", "32470000002,two", "bad,three", "+32 470 000 001,one", "x", "",
         "32470000002,two", "bad,three", "32470000001,one"],
    )  # fmt: skip
    runs = {}
    for name in ("first", "again"):  # a fresh journal loads in bulk, the second run row by row
        result = cli("--json", "bulk", str(csv), "--journal", str(tmp_path / "j.db"),
                     "--validate-only")  # fmt: skip
        assert result.code == 2
        runs[name] = [json.loads(line) for line in result.out.splitlines()]
    for events in runs.values():
        duplicates = [(e["line"], e["first_line"]) for e in events if e["event"] == "duplicate"]
        assert duplicates == [(5, 2), (8, 3), (9, 4), (10, 2)]
        assert [e["line"] for e in events if e["event"] == "invalid"] == [4, 6, 9]
        assert events[-1]["counts"]["pending"] == 2
        assert events[-1]["counts"]["invalid"] == 2
    rows = journal_rows(tmp_path / "j.db")
    assert [(line, state) for line, state, _ in rows] == [
        (2, "pending"), (3, "pending"), (4, "invalid"), (6, "invalid")
    ]  # fmt: skip
    db = sqlite3.connect(tmp_path / "j.db")  # the key stays unique for later runs
    with db, pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO rows (key, line, seen, recipient, state, updated_at) "
                   "SELECT key, 99, 1, 'x', 'pending', 0 FROM rows LIMIT 1")  # fmt: skip
    db.close()


def test_a_load_stopped_before_its_end_is_dropped_and_done_again(cli: Cli, tmp_path: Path) -> None:
    csv = write(tmp_path / "in.csv", ["32470000001,one", "32470000002,two"])
    path = tmp_path / "j.db"
    journal = Journal(path)  # a run that dies after recording a batch, before the end
    journal.upgrade()
    journal.adopt(FileIdentity.of(csv), force=False)
    journal.begin_validation()
    journal.record_rows([RecordedRow("k", 2, "32470000001", None, "")])
    journal.close()
    assert journal_rows(path) == []  # nothing the send pass could take: the rows are loading

    result = cli("--json", "bulk", str(csv), "--journal", str(path), "--validate-only")
    assert result.code == 0
    assert json.loads(result.out.splitlines()[-1])["counts"]["pending"] == 2
    assert [(line, state) for line, state, _ in journal_rows(path)] == [
        (2, "pending"), (3, "pending")
    ]  # fmt: skip
    with sqlite3.connect(path) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "rows_loading" not in tables


_KILLED_AFTER_A_SEND = """
import os, signal, sys
from pathlib import Path
from smsmobile.cli.bulk._journal import Journal, Outcome, RecordedRow
from smsmobile.cli.bulk._journal_sending import OUTCOMES_PER_COMMIT

journal = Journal(Path(sys.argv[1]))
journal.upgrade()
keys = [f"k{index}" for index in range(OUTCOMES_PER_COMMIT + 2)]
journal.record_rows([RecordedRow(key, line, "32470000001", None, "")
                     for line, key in enumerate(keys, 2)])
for key in keys:
    assert journal.claim(key)  # the claim after a full group of outcomes commits them with it
    journal.settle_later(Outcome(key, "accepted", guid="g" + key))  # its request went out
os.kill(os.getpid(), signal.SIGKILL)  # the last two outcomes are kept, not yet written
"""


def test_an_outcome_not_yet_written_when_the_process_dies_leaves_its_row_unknown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.db"
    killed = subprocess.run([sys.executable, "-c", _KILLED_AFTER_A_SEND, str(path)], check=False)
    assert killed.returncode == -signal.SIGKILL
    group = [f"k{index}" for index in range(OUTCOMES_PER_COMMIT)]
    with Journal(path) as journal:
        journal.upgrade()
        assert journal.recover(retry_unknown=False) == 2  # the last two: they may have gone out
        states = {entry.key: (entry.state, entry.guid) for state in ("accepted", "unknown")
                  for entry in journal.entries_in_state(state)}  # fmt: skip
        assert states == {
            **{key: ("accepted", "g" + key) for key in group},
            f"k{OUTCOMES_PER_COMMIT}": ("unknown", None),
            f"k{OUTCOMES_PER_COMMIT + 1}": ("unknown", None),
        }
        assert journal.count_pending() == 0  # never sent again without --retry-unknown


def _loading_rows(journal: Path) -> int:
    """Rows committed to `rows_loading` so far (0 while the table does not exist yet)."""
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM rows_loading").fetchone()[0])
    except sqlite3.OperationalError:  # no journal or no table yet
        return 0


def _in_wal(journal: Path) -> bool:
    """Whether the journal file is in WAL mode (its header's format bytes say 2, not 1)."""
    with journal.open("rb") as stream:
        stream.seek(18)
        return stream.read(2) == b"\x02\x02"


def test_a_load_beside_an_open_reader_goes_through_the_wal(cli: Cli, tmp_path: Path) -> None:
    csv = write(tmp_path / "in.csv", [f"3247000000{index},hello" for index in range(5)])
    path = tmp_path / "j.db"
    with Journal(path) as journal:
        journal.upgrade()
    reader = sqlite3.connect(path)  # a --report reading the journal at that moment
    try:
        assert reader.execute("SELECT COUNT(*) FROM rows").fetchone() == (0,)
        result = cli("--json", "bulk", str(csv), "--journal", str(path), "--validate-only")
        assert result.code == 0
        assert json.loads(result.out.splitlines()[-1])["counts"]["pending"] == 5
        assert reader.execute("SELECT COUNT(*) FROM rows").fetchone() == (5,)
    finally:
        reader.close()
    assert _in_wal(path)  # the reader kept it there: SQLite refuses to leave WAL beside it


def test_a_validation_killed_mid_load_is_redone_whole_by_the_next_run(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    rows = 300_000
    csv = tmp_path / "big.csv"
    with csv.open("w") as out:
        out.write("recipient,message\n")
        out.writelines(f"+32 4{index:08d},hello {index}\n" for index in range(rows))
    journal = tmp_path / "j.db"
    argv = [sys.executable, "-m", "smsmobile", "--json", "bulk", str(csv), "--journal",
            str(journal), "--validate-only"]  # fmt: skip
    process, _ = start_until_logged(argv, "rows loaded and committed", processes)  # a batch
    assert _loading_rows(journal) > 0  # the signal: the first batch is committed
    assert not _in_wal(journal)  # loading: a rollback journal, each page written once
    kill_now(process)
    assert journal_rows(journal) == []  # nothing validated yet as far as a send could see

    again = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout.splitlines()[-1])
    assert summary["counts"]["pending"] == rows
    assert summary["duplicates"] == 0  # the killed run's rows were dropped, not kept as copies
    assert _in_wal(journal)  # back in WAL for the send pass


def test_counts_after_a_load_in_bulk_are_those_of_its_rows_until_a_row_changes(
    tmp_path: Path,
) -> None:
    """The counts a load keeps (copies of good and of bad rows taken off) are what a scan of
    the journal gives; once a row changes, they are not used."""
    csv = write(
        tmp_path / "in.csv",
        ["32470000001,one", "bad,two", "32470000003,three", "+32 470 000 001,one", "bad,two",
         "32470000003,three", "32470000007,seven"],
    )  # fmt: skip
    path = tmp_path / "j.db"
    options = _runner.BulkOptions(csv_path=csv, journal_path=path, json=True)
    output = RunOutput(True, io.StringIO(), io.StringIO())

    def scanned() -> dict[str, int]:
        with sqlite3.connect(path) as db:
            return dict(db.execute("SELECT state, COUNT(*) FROM rows GROUP BY state").fetchall())

    with Journal(path) as journal:
        journal.upgrade()
        journal.adopt(FileIdentity.of(csv), force=False)
        assert _runner._validate(options, journal, output) == 3
        counts = journal.counts()
        assert {state: count for state, count in counts.items() if count} == scanned()
        assert scanned() == {"pending": 3, "invalid": 1}
        first = next(journal.entries_in_state("pending"))
        assert journal.claim(first.key)
        counts = journal.counts()
        assert (counts["pending"], counts["sending"]) == (2, 1)
        assert {state: count for state, count in counts.items() if count} == scanned()

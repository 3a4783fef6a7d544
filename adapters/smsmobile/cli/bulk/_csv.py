"""Reading a bulk CSV as a stream of rows, each with the line it starts on.

Columns `recipient,message[,media_url]`, named in a required header row (any order, any case;
other columns are ignored; `CsvLayout` maps other names). The delimiter is `,`, `;`, tab or `|`:
the one that splits the header into the required names (Excel writes `;` in much of Europe),
unless one is given. The file is never held in memory: rows are read one at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from ..._errors import InvalidRequest
from ..._validation import normalise_number, validate_media_url, validate_message
from ._journal import content_hash
from ._plain_rows import (
    not_plain_numbers,
    plain_key,
    plain_keys,
    plain_message,
    plain_messages,
    plain_number,
    plain_numbers,
)

__all__ = [
    "BulkFileError",
    "CsvLayout",
    "CsvRow",
    "RowBatch",
    "RowToSend",
    "read_batches",
    "read_rows",
    "rows_to_send",
]

DELIMITERS = (",", ";", "\t", "|")


class BulkFileError(Exception):
    """The file as a whole cannot be read as a bulk CSV (no header, bad encoding, ...)."""


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """How to read the file: the delimiter (None: found from the header) and column names."""

    delimiter: str | None = None
    recipient_column: str = "recipient"
    message_column: str = "message"
    media_column: str = "media_url"


class CsvRow(NamedTuple):
    """One data row: its first line, its content key, and what validation made of it.

    `key` is the row's identity in the journal: a hash of the normalised recipient, the message
    and the media URL for a good row (so `+32 470...` and `32470...` are the same row), of the
    fields as written for a bad one. `raw_hash` is the hash a schema-1 journal kept (empty for
    a good row when `read_rows` was told it is not needed). `problem`
    is None for a good row, whose `recipient` is then normalised (digits only) and `media_url`
    stripped; for a bad row it says which column breaks which rule.
    """

    line: int
    key: str
    raw_hash: str
    recipient: str
    message: str
    media_url: str | None
    problem: str | None


def read_rows(
    path: Path, layout: CsvLayout | None = None, *, raw_hashes: bool = True
) -> Iterator[CsvRow]:
    """Stream the rows of `path`, validated with the client's own rules; `raw_hashes=False`
    skips the schema-1 hash of good rows (only the upgrade of a schema-1 journal needs it).

    The loop is the one place every row of a 10-million-row file goes through, so the plain
    common row (see `_plain_rows`) is recognised here without further calls; any other row,
    including every error and blank line, goes through `_general_row`.
    """
    with _opened(path, layout or CsvLayout()) as (reader, columns):
        at_recipient, at_message, at_media = columns
        last_line = 1
        for fields in reader:
            line, last_line = last_line + 1, reader.line_num + 1
            try:
                raw_recipient, message = fields[at_recipient], fields[at_message]
                media = "" if at_media is None else fields[at_media]
            except IndexError:  # a short row: the general path says which column is missing
                media = "short"
            if not media:
                recipient = plain_number(raw_recipient)
                if recipient is not None and plain_message(message):
                    raw_hash = content_hash([raw_recipient, message, ""]) if raw_hashes else ""
                    key = plain_key(recipient, message)
                    yield CsvRow(line, key, raw_hash, recipient, message, None, None)
                    continue
            if "".join(fields).strip():  # else a blank line
                yield _general_row(line, fields, at_recipient, at_message, at_media)


class RowBatch(NamedTuple):
    """Consecutive rows of the file in two parts, each in file order: the plain good rows as
    columns (first line, content key, normalised recipient), and every other row (the bad
    ones, and the good ones only the general rules could pass) as a `CsvRow` with an empty
    `raw_hash`."""

    lines: list[int]
    keys: list[str]
    recipients: list[str]
    others: list[CsvRow]


#: Rows checked a column at a time (a span with a row that is not plain is split: see `_sort_out`).
_SPAN = 256
#: Below this a span is checked row by row.
_FEWEST = 8


def read_batches(path: Path, layout: CsvLayout | None = None, *, size: int) -> Iterator[RowBatch]:
    """`read_rows(path, layout, raw_hashes=False)` as batches of up to `size` rows: the same
    rows, lines and keys, without a Python call per plain row (the validation pass of a
    10-million-row file; see `_plain_rows`)."""
    with _opened(path, layout or CsvLayout()) as (reader, columns):
        previous = 0  # the reader's line_num after the previous record (the header not counted)
        while True:
            ends: list[int] = []
            end = ends.append
            records = [fields for fields in islice(reader, size) if not end(reader.line_num)]
            if not records:
                return
            lines: Sequence[int]
            if ends[-1] - previous == len(records):  # no record spans lines: one line each
                lines = range(previous + 2, previous + 2 + len(records))
            else:
                lines = [previous + 2, *(line + 2 for line in ends[:-1])]
            previous = ends[-1]
            batch = RowBatch([], [], [], [])
            for start in range(0, len(records), _SPAN):
                stop = start + _SPAN
                _sort_out(batch, records[start:stop], lines[start:stop], columns)
            yield batch


def _sort_out(
    batch: RowBatch, records: list[list[str]], lines: Sequence[int], columns: _Columns
) -> None:
    """Add `records` to `batch`: at once if all are plain; else around the rows whose number is
    not plain (found in one pass), or by halves, and row by row once a span is short."""
    at_recipient, at_message, at_media = columns
    try:
        recipients = list(map(itemgetter(at_recipient), records))
        messages = list(map(itemgetter(at_message), records))
        has_media = at_media is not None and any(map(itemgetter(at_media), records))
    except IndexError:  # a short or blank row
        has_media = True
    numbers = None if has_media else plain_numbers(recipients)
    if numbers is not None and plain_messages(messages):
        batch.lines.extend(lines)
        batch.keys.extend(plain_keys(numbers, messages))
        batch.recipients.extend(numbers)
    elif len(records) <= _FEWEST:
        _add_others(batch, records, lines, columns)
    elif numbers is None and not has_media and (found := not_plain_numbers(recipients)):
        start = 0  # the rows between those whose number is not plain: numbers all plain
        for index in found:
            if start < index:
                _sort_out(batch, records[start:index], lines[start:index], columns)
            _add_others(batch, records[index : index + 1], lines[index : index + 1], columns)
            start = index + 1
        if start < len(records):
            _sort_out(batch, records[start:], lines[start:], columns)
    else:
        half = len(records) // 2
        _sort_out(batch, records[:half], lines[:half], columns)
        _sort_out(batch, records[half:], lines[half:], columns)


def _add_others(
    batch: RowBatch, records: list[list[str]], lines: Sequence[int], columns: _Columns
) -> None:
    """Add `records` row by row (none of them is plain, or too few to check as a column)."""
    for fields, line in zip(records, lines, strict=True):
        if "".join(fields).strip():  # else a blank line
            batch.others.append(_row(line, fields, *columns, raw_hash_needed=False))


class RowToSend(NamedTuple):
    """A row of the send pass: its journal key, line and what to send (already normalised)."""

    key: str
    line: int
    recipient: str
    message: str
    media_url: str | None


def rows_to_send(
    path: Path, wanted: Iterable[tuple[int, str]], layout: CsvLayout | None = None
) -> Iterator[RowToSend]:
    """Stream the rows at the (line, key) pairs of `wanted` (ascending lines), for the send pass.

    A row is read and validated again, and skipped unless it still has the key the journal
    recorded: if the file changed between the passes, another row is never sent in its name.
    """
    records = _records(path, layout or CsvLayout())
    record: tuple[int, list[str], _Columns] | None = None
    for line, key in wanted:
        while record is None or record[0] < line:
            record = next(records, None)
            if record is None:
                return
        if record[0] != line:
            continue
        row = _row(record[0], record[1], *record[2], raw_hash_needed=False)
        if row.key == key and row.problem is None:
            yield RowToSend(key, line, row.recipient, row.message, row.media_url)


_Columns = tuple[int, int, int | None]
_Reader = Any  # what csv.reader returns (_csv.reader, not importable for typing)


def _records(path: Path, layout: CsvLayout) -> Iterator[tuple[int, list[str], _Columns]]:
    """The non-blank data records of `path`: (first line, fields, column positions)."""
    with _opened(path, layout) as (reader, columns):
        last_line = 1
        for fields in reader:
            line, last_line = last_line + 1, reader.line_num + 1
            if not "".join(fields).strip():
                continue  # blank line
            yield line, fields, columns


@contextmanager
def _opened(path: Path, layout: CsvLayout) -> Iterator[tuple[_Reader, _Columns]]:
    """A csv reader positioned after the header, and the positions of the columns; a
    BulkFileError for a file that cannot be read as a bulk CSV, also while it is read."""
    try:
        stream = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise BulkFileError(f"cannot read {path}: {error.strerror or error}") from error
    with stream:
        try:
            header_line = stream.readline()
            if not header_line.strip():
                raise BulkFileError(f"{path} is empty: a header row recipient,message is required")
            required = (layout.recipient_column.lower(), layout.message_column.lower())
            delimiter = layout.delimiter or _delimiter_of(header_line, required)
            header = next(csv.reader([header_line], delimiter=delimiter), [])
            names = [name.strip().lower() for name in header]
            missing = [name for name in required if name not in names]
            if missing:
                raise BulkFileError(_header_problem(path, header, required, missing))
            media = layout.media_column.lower()
            columns: _Columns = (
                names.index(required[0]),
                names.index(required[1]),
                names.index(media) if media in names else None,
            )
            yield csv.reader(stream, delimiter=delimiter), columns
        except UnicodeDecodeError as error:
            raise BulkFileError(f"{path}: not UTF-8 text: {error.reason}") from error
        except csv.Error as error:
            raise BulkFileError(f"{path}: {error}") from error


def _header_problem(
    path: Path, header: list[str], required: tuple[str, ...], missing: list[str]
) -> str:
    """What the header lacks, the columns it has, and the flags that name them."""
    found = ", ".join(repr(name.strip()) for name in header if name.strip()) or "none"
    others = [name.strip() for name in header if name.strip().lower() not in required]
    to = next((n for n in others if _looks_like(n, _RECIPIENT_WORDS)), "COLUMN")
    text = next((n for n in others if _looks_like(n, _MESSAGE_WORDS)), "COLUMN")
    return (
        f"{path}: the header row must name the columns {','.join(required)} (separated by "
        f"one of , ; tab |, or --delimiter); missing: {', '.join(missing)}; found: {found}. "
        f"If yours are named otherwise, say which: --to-column {to} --message-column {text}"
    )


_RECIPIENT_WORDS = ("phone", "number", "mobile", "to", "tel", "msisdn", "recipient", "whatsapp")
_MESSAGE_WORDS = ("text", "message", "body", "content", "sms", "msg")


def _looks_like(name: str, words: tuple[str, ...]) -> bool:
    return any(word in name.lower() for word in words)


def _delimiter_of(header_line: str, required: tuple[str, ...]) -> str:
    """The delimiter that splits the header into fields holding the required names (`,` if
    none does, so that the error names what is missing)."""
    for delimiter in DELIMITERS:
        names = {
            name.strip().lower()
            for name in next(csv.reader([header_line], delimiter=delimiter), [])
        }
        if all(name in names for name in required):
            return delimiter
    return ","


def _row(
    line: int,
    fields: list[str],
    at_recipient: int,
    at_message: int,
    at_media: int | None,
    raw_hash_needed: bool = True,
) -> CsvRow:
    """The row at `line`: the plain common case recognised cheaply, anything else (including
    every error) by the client's general rules."""
    if at_media is None or at_media >= len(fields) or not fields[at_media]:
        try:
            raw_recipient, message = fields[at_recipient], fields[at_message]
        except IndexError:
            pass
        else:
            recipient = plain_number(raw_recipient)
            if recipient is not None and plain_message(message):
                raw_hash = content_hash([raw_recipient, message, ""]) if raw_hash_needed else ""
                key = plain_key(recipient, message)
                return CsvRow(line, key, raw_hash, recipient, message, None, None)
    return _general_row(line, fields, at_recipient, at_message, at_media)


def _general_row(
    line: int, fields: list[str], at_recipient: int, at_message: int, at_media: int | None
) -> CsvRow:
    def column(index: int | None) -> str | None:
        return fields[index] if index is not None and index < len(fields) else None

    raw_recipient, raw_message, raw_media = (
        column(at_recipient),
        column(at_message),
        column(at_media),
    )
    raw_hash = content_hash([raw_recipient or "", raw_message or "", raw_media or ""])
    recipient = raw_recipient or ""
    message = raw_message or ""
    media_url = raw_media.strip() if raw_media and raw_media.strip() else None
    try:
        if raw_recipient is None or raw_message is None:
            raise InvalidRequest(
                "recipient" if raw_recipient is None else "message", "column missing in this row"
            )
        recipient = normalise_number(raw_recipient, "recipient")
        validate_message(raw_message)
        if media_url is not None:
            media_url = validate_media_url(media_url)
    except InvalidRequest as error:
        return CsvRow(line, "x" + raw_hash, raw_hash, recipient, message, media_url, str(error))
    key = content_hash([recipient, message, media_url or ""])
    return CsvRow(line, key, raw_hash, recipient, message, media_url, None)

"""Reading a bulk CSV as a stream of rows, each with the line it starts on.

Columns `recipient,message[,media_url]`, named in a required header row (any order, any case;
other columns are ignored). The file is never held in memory: rows are read one at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from ._errors import InvalidRequest
from ._journal import content_hash
from ._validation import normalise_number, validate_media_url, validate_message

__all__ = ["BulkFileError", "CsvRow", "RowToSend", "read_rows", "rows_to_send"]

REQUIRED_COLUMNS = ("recipient", "message")


class BulkFileError(Exception):
    """The file as a whole cannot be read as a bulk CSV (no header, bad encoding, ...)."""


class CsvRow(NamedTuple):
    """One data row: its first line, its fields as written, and what validation made of them.

    `problem` is None for a good row, whose `recipient` is then normalised (digits only) and
    `media_url` stripped; for a bad row it says which column breaks which rule. A named tuple,
    like `RowToSend`: one is built per row, about four times faster than a frozen dataclass.
    """

    line: int
    content_hash: str
    recipient: str
    message: str
    media_url: str | None
    problem: str | None


def read_rows(path: Path) -> Iterator[CsvRow]:
    """Stream the rows of `path`, validated with the client's own rules."""
    for line, fields, columns in _records(path):
        yield _row(line, fields, *columns)


class RowToSend(NamedTuple):
    """A row of the send pass, as written: `WhatsApp.send` validates and normalises it."""

    line: int
    recipient: str
    message: str
    media_url: str | None


def rows_to_send(path: Path, lines: Iterable[int]) -> Iterator[RowToSend]:
    """Stream the rows that start on `lines` (ascending), for the send pass.

    The validation pass checked them already and the client checks them again, so they are
    neither hashed nor validated here; a row that lost a required column is skipped.
    """
    records = _records(path)
    line = 0
    fields: list[str] = []
    at_recipient = at_message = 0
    at_media: int | None = None
    for wanted in lines:
        while line < wanted:
            record = next(records, None)
            if record is None:
                return
            line, fields, (at_recipient, at_message, at_media) = record
        if line != wanted or at_recipient >= len(fields) or at_message >= len(fields):
            continue
        media = fields[at_media].strip() if at_media is not None and at_media < len(fields) else ""
        yield RowToSend(line, fields[at_recipient], fields[at_message], media or None)


_Columns = tuple[int, int, int | None]


def _records(path: Path) -> Iterator[tuple[int, list[str], _Columns]]:
    """The non-blank data records of `path`: (first line, fields, column positions)."""
    try:
        stream = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise BulkFileError(f"cannot read {path}: {error.strerror or error}") from error
    with stream:
        reader = csv.reader(stream)
        try:
            header = next(reader, None)
            if header is None:
                raise BulkFileError(f"{path} is empty: a header row recipient,message is required")
            names = [name.strip().lower() for name in header]
            missing = [name for name in REQUIRED_COLUMNS if name not in names]
            if missing:
                raise BulkFileError(
                    f"{path}: the first row must be a header naming the columns "
                    f"recipient,message[,media_url]; missing: {', '.join(missing)}"
                )
            columns: _Columns = (
                names.index("recipient"),
                names.index("message"),
                names.index("media_url") if "media_url" in names else None,
            )
            last_line = reader.line_num
            for fields in reader:
                line, last_line = last_line + 1, reader.line_num
                if not "".join(fields).strip():
                    continue  # blank line
                yield line, fields, columns
        except UnicodeDecodeError as error:
            raise BulkFileError(
                f"{path}: not UTF-8 text after line {reader.line_num}: {error.reason}"
            ) from error
        except csv.Error as error:
            raise BulkFileError(f"{path}: line {reader.line_num}: {error}") from error


def _row(
    line: int, fields: list[str], at_recipient: int, at_message: int, at_media: int | None
) -> CsvRow:
    def column(index: int | None) -> str | None:
        return fields[index] if index is not None and index < len(fields) else None

    raw_recipient, raw_message, raw_media = (
        column(at_recipient),
        column(at_message),
        column(at_media),
    )
    digest = content_hash([raw_recipient or "", raw_message or "", raw_media or ""])
    recipient = raw_recipient or ""
    message = raw_message or ""
    media_url = raw_media.strip() if raw_media and raw_media.strip() else None
    problem: str | None = None
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
        problem = str(error)
    return CsvRow(line, digest, recipient, message, media_url, problem)

"""Listing a raw folder and reading its files into raw rows, as the README's "Your own files" describes.

CSV files are read as RFC 4180 whatever their first rows look like (double quotes always quote, a quote is
doubled inside a quoted field, quoted fields may hold commas and line breaks). A UTF-8 byte-order mark is
dropped, CRLF and LF both end a line, a blank line is no row, a whitespace-only line is a row (of one
whitespace value), short rows are padded with empty values, extra columns are ignored, header names are
compared without regard to case or surrounding spaces. JSON files are an array of objects; commas before a
closing `]` or `}` outside strings are dropped; a value is text when it is a string or a number, missing
when it is null or absent, and non-scalar (an object, an array or a boolean) otherwise.

Bytes that are not valid UTF-8 do not stop the reading: the row holding them is marked, and rejected later
(`invalid_utf8`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path


@dataclass(frozen=True)
class FileKind:
    name: str  # the record kind: drug, pubmed, clinical_trial
    pattern: str
    format: str  # csv or json
    columns: tuple[str, ...]  # the required columns, in the staging order (id, title, date, journal)


DRUGS = FileKind("drug", "drugs*.csv", "csv", ("atccode", "drug"))
PUBMED_CSV = FileKind("pubmed", "pubmed*.csv", "csv", ("id", "title", "date", "journal"))
PUBMED_JSON = FileKind("pubmed", "pubmed*.json", "json", ("id", "title", "date", "journal"))
CLINICAL_TRIALS = FileKind("clinical_trial", "clinical_trials*.csv", "csv", ("id", "scientific_title", "date", "journal"))
KINDS = (DRUGS, PUBMED_CSV, PUBMED_JSON, CLINICAL_TRIALS)


class NonScalar:
    """A JSON value that is an object, an array or a boolean: not an id, a title, a date or a journal."""

    def __repr__(self) -> str:
        return "NonScalar()"


NON_SCALAR = NonScalar()

Value = str | NonScalar | None


@dataclass(frozen=True)
class RawRow:
    kind: FileKind
    source_file: str  # the file name, without its folder
    source_row: int  # 1-based, data rows only (the header is not a row; blank lines are not rows)
    values: dict[str, Value]  # required column -> value as read (None when empty, null or missing)
    has_invalid_utf8: bool


class RawFileError(Exception):
    """A file the README says stops the build (no drugs file, a missing column, an empty or broken file)."""


def list_raw_files(raw_dir: Path) -> list[tuple[FileKind, Path]]:
    """Every file of the folder that matches a kind's pattern (case-sensitive, not recursive), by name."""
    files = sorted((path for path in raw_dir.iterdir() if path.is_file()), key=lambda path: path.name)
    listed = [(kind, path) for kind in KINDS for path in files if fnmatchcase(path.name, kind.pattern)]
    if not any(kind is DRUGS for kind, _ in listed):
        raise RawFileError(f"no drugs*.csv file in {raw_dir}")
    return listed


def read_raw_rows(kind: FileKind, path: Path) -> list[RawRow]:
    return read_csv_rows(kind, path) if kind.format == "csv" else read_json_rows(kind, path)


def decoded_text(path: Path) -> str:
    """The file's text; bytes that are not UTF-8 become lone surrogates (found again by has_surrogates)."""
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    return text.removeprefix("\ufeff")


def has_surrogates(text: str) -> bool:
    return any("\udc80" <= character <= "\udcff" for character in text)


def read_csv_rows(kind: FileKind, path: Path) -> list[RawRow]:
    text = decoded_text(path)
    if not text:
        raise RawFileError(f"{path}: empty file")
    csv.field_size_limit(sys.maxsize)  # a field may be as long as the file
    records = [record for record in csv.reader(io.StringIO(text, newline=""), strict=False) if record]
    header = [name.strip().lower() for name in records[0]]
    missing = [column for column in kind.columns if column not in header]
    if missing:
        raise RawFileError(f"{path}: missing required column(s) {', '.join(missing)}")
    positions = {column: header.index(column) for column in kind.columns}
    rows = []
    for number, record in enumerate(records[1:], start=1):
        if len(record) > len(header):
            raise RawFileError(f"{path}: row {number} has more values than the header")
        values: dict[str, Value] = {
            column: (record[position] if position < len(record) else None) or None
            for column, position in positions.items()
        }
        rows.append(RawRow(kind, path.name, number, values, any(has_surrogates(value) for value in record)))
    if kind is DRUGS and not any(field.strip() for record in records[1:] for field in record):
        raise RawFileError(f"{path}: no value after the header (a drugs file cannot be empty)")
    return rows


CLOSING_AHEAD = re.compile(r"[ \t\r\n]*[\]}]")


def without_trailing_commas(text: str) -> str:
    """JSON text without the commas that stand, outside strings, before a closing bracket or brace."""
    kept: list[str] = []
    in_string = escaped = False
    for position, character in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character == "," and CLOSING_AHEAD.match(text, position + 1):
            continue
        kept.append(character)
    return "".join(kept)


def json_value(value: object) -> Value:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | dict | list):
        return NON_SCALAR
    return str(value)  # a number, as written for an integer


def read_json_rows(kind: FileKind, path: Path) -> list[RawRow]:
    try:
        document = json.loads(without_trailing_commas(decoded_text(path)))
    except json.JSONDecodeError as error:
        raise RawFileError(f"{path}: not valid JSON ({error})") from error
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise RawFileError(f"{path}: expected a JSON array of objects")
    rows = []
    for number, item in enumerate(document, start=1):
        values = {column: json_value(item.get(column)) for column in kind.columns}
        invalid = any(isinstance(value, str) and has_surrogates(value) for value in values.values())
        rows.append(RawRow(kind, path.name, number, values, invalid))
    return rows

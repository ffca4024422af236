"""A JSON raw file (an array of objects) checked and rewritten as newline-delimited JSON, one object a row.

Trailing commas before `]` or `}` are allowed, outside strings only (text inside a value is never changed).
Each written row has the row number, the kind's columns as text or null, and the reason the row cannot be
read as a publication, if any:

* `invalid_utf8`: a value holds bytes that are not UTF-8;
* `non_scalar_value`: a column's value is an object, an array or a boolean;
* `duplicate_key`: the object names one key twice (which value is meant is unknown).

Numbers are kept as written in the file.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring as _ENCODE_STRING
from typing import Any

from .errors import RawFileError
from .kinds import Kind
from .sql_text import is_utf8

# Everything up to the next trailing comma, read token by token: runs of ordinary characters, whole strings
# (escapes included) and commas followed by a value. Possessive quantifiers make one left-to-right pass of
# the text, without backtracking: the rewrite costs what one scan costs (docs/performance.md, "JSON rows").
_UP_TO_TRAILING_COMMA = re.compile(r'((?:[^",]++|"(?:[^"\\]++|\\.)*+"|,(?![ \t\r\n]*[\]}]))*+),', re.DOTALL)


def without_trailing_commas(text: str) -> str:
    """The JSON text without the commas that stand right before a closing `]` or `}` outside strings."""
    pieces = []
    position = 0
    while match := _UP_TO_TRAILING_COMMA.match(text, position):
        pieces.append(match[1])
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


class _Object(dict):
    """A JSON object that remembers whether a key was repeated in it."""

    has_duplicate_key = False


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    result.has_duplicate_key = len(result) < len(pairs)
    return result


def _invalid_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _replaced_invalid(value: str) -> str:
    """The text with each byte that was not UTF-8 (kept as a surrogate escape) and each lone surrogate as
    U+FFFD."""
    return "".join("\ufffd" if "\ud800" <= character <= "\udfff" else character for character in value)


def parse_records(path: str, kind: Kind) -> list[_Object]:
    """The objects of a JSON raw file. Raises, naming the file, when it is not JSON (even allowing trailing
    commas), not an array of objects, or lacks a required key (compared without regard to case or spaces)."""
    with open(path, "rb") as file:
        text = file.read().decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    try:
        records = json.loads(
            without_trailing_commas(text),
            object_pairs_hook=_object_from_pairs,
            parse_int=str,
            parse_float=str,
            parse_constant=_invalid_constant,
        )
    except ValueError as error:
        raise RawFileError(f"Raw file {path}: not valid JSON, even allowing trailing commas.") from error
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise RawFileError(f"Raw file {path}: expected a JSON array of objects.")
    if records:
        keys = sorted({key for record in records for key in record})
        names = [key.strip().lower() for key in keys]
        missing = [column for column in kind.columns if column not in names]
        if missing:
            raise RawFileError(
                f"Raw file {path}: missing required column(s) {', '.join(missing)} (found: {', '.join(keys)})."
            )
    return records


def normalized_row(record: _Object, source_file: str, source_row: int, kind: Kind) -> dict[str, Any]:
    """One written row: the kind's columns as text or null, and the load issue of the object, if any."""
    row: dict[str, Any] = {"source_file": source_file, "source_row": source_row}
    issue = "duplicate_key" if record.has_duplicate_key else None
    for column in kind.columns:
        value = record.get(column)
        if isinstance(value, (dict, list, bool)):
            issue = issue or "non_scalar_value"
            value = json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value).lower()
        if isinstance(value, str) and not is_utf8(value):
            issue = "invalid_utf8"
            value = _replaced_invalid(value)
        row[column] = value
    row["load_issue"] = issue
    return row


def encoded_row(row: dict[str, Any]) -> str:
    """A written row as one line of JSON: the bytes of `json.dumps(row, ensure_ascii=False)`, without making
    an encoder per row (docs/performance.md, "JSON rows"). The values are texts, integers or null."""
    return "{" + ", ".join([f"{_ENCODE_STRING(key)}: {_encoded_value(value)}" for key, value in row.items()]) + "}"


def _encoded_value(value: str | int | None) -> str:
    return "null" if value is None else _ENCODE_STRING(value) if isinstance(value, str) else str(value)


def write_normalized_copy(path: str, source_file: str, kind: Kind, copy_path: str) -> int:
    """Writes the rows of a JSON raw file as newline-delimited JSON; returns the number of rows."""
    records = parse_records(path, kind)
    with open(copy_path, "w", encoding="utf-8", newline="\n") as copy:
        for source_row, record in enumerate(records, start=1):
            copy.write(encoded_row(normalized_row(record, source_file, source_row, kind)))
            copy.write("\n")
    return len(records)

"""The layout of a CSV file, read from its header: the delimiter and where each required column sits.

Every CSV file is read as RFC 4180 (double-quote quoting, quotes doubled inside a field) whatever its first
rows hold: only the delimiter is chosen, from the header line. Columns are then read by position, so header
names never reach SQL.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .errors import RawFileError
from .kinds import Kind

DELIMITERS = (",", ";", "\t", "|")
HEADER_PREFIX_BYTES = 1 << 20


@dataclass(frozen=True)
class CsvLayout:
    """How to read a CSV file: its delimiter, the number of header fields, and the 0-based position of each of
    the kind's columns in that order."""

    delimiter: str
    column_count: int
    positions: tuple[int, ...]


def _normalized(name: str) -> str:
    return name.strip().lower()


def read_header_fields(prefix: str, delimiter: str) -> list[str]:
    """The fields of the first record of a CSV text (its first line, or more when a quoted field holds a
    line break)."""
    reader = csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    return next(reader, [])


def csv_layout(path: str, kind: Kind) -> CsvLayout:
    """The layout of a CSV file of a kind: the first delimiter of DELIMITERS whose header holds every required
    column (compared without regard to case or surrounding spaces). Raises, naming the file, when the file is
    empty or no delimiter gives the required columns."""
    with open(path, "rb") as file:
        head = file.read(HEADER_PREFIX_BYTES)
    if not head.strip():
        raise RawFileError(
            f"Raw file {path}: the file is empty, expected a header line with {', '.join(kind.columns)}."
        )
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    for delimiter in DELIMITERS:
        fields = read_header_fields(text, delimiter)
        names = [_normalized(field) for field in fields]
        if all(column in names for column in kind.columns):
            return CsvLayout(
                delimiter=delimiter,
                column_count=len(fields),
                positions=tuple(names.index(column) for column in kind.columns),
            )
    found = read_header_fields(text, ",")
    missing = [column for column in kind.columns if column not in [_normalized(field) for field in found]]
    raise RawFileError(
        f"Raw file {path}: missing required column(s) {', '.join(missing)} (found: {', '.join(found)})."
    )


def has_data_rows(path: str, layout: CsvLayout) -> bool:
    """Whether a CSV file holds a value after its header: a field other than blanks (used for the drugs list,
    which a header alone, or with empty rows only, cannot be)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as file:
        reader = csv.reader(file, delimiter=layout.delimiter, quotechar='"', doublequote=True)
        next(reader, None)
        return any(any(field.strip() for field in record) for record in reader)

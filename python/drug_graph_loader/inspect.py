"""The read plan of each new raw file: what the raw views read and how, decided once, when the file arrives.

A plan says where the rows are read from (the file itself, or a copy the loader wrote), in which format, and
for a CSV file its delimiter and column positions. Copies live in the warehouse's copies folder:

* a JSON file: its rows as newline-delimited JSON (``json_records``);
* a CSV file that is not valid UTF-8: the file with each invalid byte sequence replaced by U+FFFD, so that
  its other rows load and the rows holding one are rejected as `invalid_utf8`;
* a CSV file whose path holds a backslash (which DuckDB reads as a path separator): a symbolic link to it.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from .csv_layout import csv_layout, has_data_rows
from .errors import RawFileError
from .fingerprint import fingerprint_file, write_repaired_copy
from .json_records import write_normalized_copy
from .kinds import Kind


@dataclass(frozen=True)
class ReadPlan:
    """How the raw views read one file."""

    source_file: str
    file_kind: str
    checksum: str
    read_path: str
    read_format: str  # "csv" (the file or its repaired copy) or "ndjson" (the loader's copy of a JSON file)
    delimiter: str | None
    column_count: int | None
    positions: list[int] | None
    is_repaired: bool


def _copy_path(copies_dir: str, source_file: str, checksum: str, extension: str) -> str:
    """A copy's path: named after the file's name and checksum, with no character of the name in it."""
    digest = hashlib.sha1(f"{source_file}\0{checksum}".encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return os.path.join(copies_dir, f"{digest}.{extension}")


def plan_file(file: dict[str, Any], kind: Kind, copies_dir: str) -> ReadPlan:
    """The read plan of one file ({file_kind, source_file, file_path}). Raises RawFileError naming the file."""
    path = file["file_path"]
    fingerprint = fingerprint_file(path)
    if kind.format == "json":
        os.makedirs(copies_dir, exist_ok=True)
        copy = _copy_path(copies_dir, file["source_file"], fingerprint.checksum, "ndjson")
        write_normalized_copy(path, file["source_file"], kind, copy)
        return ReadPlan(file["source_file"], kind.table, fingerprint.checksum, copy, "ndjson", None, None, None, False)
    layout = csv_layout(path, kind)
    if kind.required and not has_data_rows(path, layout):
        raise RawFileError(f"Raw file {path}: no row after the header; the {kind.table} list cannot be empty.")
    read_path = path
    if not fingerprint.is_utf8:
        os.makedirs(copies_dir, exist_ok=True)
        read_path = _copy_path(copies_dir, file["source_file"], fingerprint.checksum, "csv")
        write_repaired_copy(path, read_path)
    elif "\\" in path:
        # DuckDB's file system reads a backslash as a path separator: such a path is read through a link.
        os.makedirs(copies_dir, exist_ok=True)
        read_path = _copy_path(copies_dir, file["source_file"], fingerprint.checksum, "link.csv")
        if os.path.lexists(read_path):
            os.remove(read_path)
        os.symlink(os.path.abspath(path), read_path)
    return ReadPlan(
        file["source_file"],
        kind.table,
        fingerprint.checksum,
        read_path,
        "csv",
        layout.delimiter,
        layout.column_count,
        list(layout.positions),
        not fingerprint.is_utf8,
    )


def inspect_files(request: dict[str, Any], kinds: list[Kind], workers: int = 2) -> dict[str, Any]:
    """Plans for request["plan"] (new files) and checksums for request["checksum"] (files whose modification
    time changed but not their size), in parallel threads (hashing and reading let go of the GIL).
    Returns {"plans": [...], "checksums": {source_file: checksum}} or {"error": message}."""
    by_table = {kind.table: kind for kind in kinds}
    # absolute: the raw views read the copies whatever the working directory of whoever queries them
    copies_dir = os.path.abspath(request["copies_dir"])
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            plans = list(pool.map(lambda f: plan_file(f, by_table[f["file_kind"]], copies_dir), request["plan"]))
            checksums = list(pool.map(lambda f: fingerprint_file(f["file_path"]).checksum, request["checksum"]))
    except RawFileError as error:
        return {"error": str(error)}
    except OSError as error:
        return {"error": f"Raw file {error.filename}: {error.strerror}."}
    return {
        "plans": [asdict(plan) for plan in plans],
        "checksums": {file["source_file"]: checksum for file, checksum in zip(request["checksum"], checksums)},
    }

"""The raw files of a folder, by kind."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import RawFileError
from .kinds import Kind
from .sql_text import is_utf8


@dataclass(frozen=True)
class RawFile:
    """A raw file found in the folder: its kind's table, name, path, size and modification time."""

    file_kind: str
    source_file: str
    file_path: str
    size_bytes: int
    modified_at_us: int  # microseconds since the Unix epoch


def list_raw_files(raw_dir: str, kinds: list[Kind]) -> list[RawFile]:
    """Every regular file of ``raw_dir`` (not its subfolders) whose name matches a kind, sorted by kind and
    name. Other files are ignored. Raises when the folder is missing or empty, lacks a required kind, or holds a
    file of a kind whose name is not UTF-8."""
    try:
        entries = sorted((entry for entry in os.scandir(raw_dir) if entry.is_file()), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    if not entries:
        raise RawFileError(f"Raw data folder '{raw_dir}' is missing or empty (set RAW_DATA_DIR).")
    found: list[RawFile] = []
    for kind in kinds:
        count = len(found)
        for entry in entries:
            if kind.matches(entry.name):
                if not is_utf8(entry.name):
                    # DuckDB's texts are UTF-8: such a name could be neither read nor written in a raw table
                    raise RawFileError(
                        f"Raw file name {os.fsencode(entry.name)!r} in raw data folder '{raw_dir}' is not valid"
                        " UTF-8: rename the file."
                    )
                stat = entry.stat()
                found.append(
                    RawFile(kind.table, entry.name, os.path.join(raw_dir, entry.name), stat.st_size,
                            stat.st_mtime_ns // 1000)
                )
        if kind.required and len(found) == count:
            raise RawFileError(
                f"No {kind.pattern} file in raw data folder '{raw_dir}': the drugs list is required."
            )
    return found  # by kind, then name: entries are sorted by name

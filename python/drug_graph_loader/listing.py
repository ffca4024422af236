"""The raw files of a folder, by kind."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import RawFileError
from .kinds import Kind


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
    name. Other files are ignored. Raises when the folder is missing or empty, or lacks a required kind."""
    try:
        entries = [entry for entry in os.scandir(raw_dir) if entry.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    if not entries:
        raise RawFileError(f"Raw data folder '{raw_dir}' is missing or empty (set RAW_DATA_DIR).")
    found: list[RawFile] = []
    for kind in kinds:
        for entry in entries:
            if kind.matches(entry.name):
                stat = entry.stat()
                found.append(
                    RawFile(
                        file_kind=kind.table,
                        source_file=entry.name,
                        file_path=os.path.join(raw_dir, entry.name),
                        size_bytes=stat.st_size,
                        modified_at_us=stat.st_mtime_ns // 1000,
                    )
                )
        if kind.required and not any(file.file_kind == kind.table for file in found):
            raise RawFileError(
                f"No {kind.pattern} file in raw data folder '{raw_dir}': the drugs list is required."
            )
    found.sort(key=lambda file: ([kind.table for kind in kinds].index(file.file_kind), file.source_file))
    return found
